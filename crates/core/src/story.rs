use serde::{Deserialize, Serialize};

/// How two linked articles relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same article in another language: the same facts in the same order.
    Translation,
    /// An independent report of the same event.
    SameEvent,
    /// The same text in the same language at another address (a reprint, an AMP page, a copy).
    Duplicate,
}

/// One scored link between two articles, with the evidence in plain words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// One article id (the smaller of the two).
    pub a: String,
    /// The other article id.
    pub b: String,
    /// Translation or same event.
    pub relation: Relation,
    /// Linking score in 0..=1.
    pub score: f64,
    /// Human-readable reasons, e.g. `shared codes: 57-NQ/TW`.
    pub evidence: Vec<String>,
}

/// The language versions (and same-event reports) of one piece of news.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id: the smallest member id, so it stays put while membership does not change.
    pub story: String,
    /// Member article ids, sorted.
    pub ids: Vec<String>,
    /// Distinct member languages, sorted.
    pub langs: Vec<String>,
    /// The links that hold the story together.
    pub links: Vec<Link>,
}
