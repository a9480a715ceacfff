//! Language-neutral anchors: the codes, numbers, dates, names and URLs a translation keeps.
//!
//! INTERFACE PLACEHOLDER: extraction is written by the linking work; the types and signatures
//! here are the contract the index and query crates build against.

use newsindex_core::Lang;

/// What kind of fact an anchor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A cited or canonical URL, without scheme or `www.`.
    Url,
    /// A document code such as `57-NQ/TW`, folded to ASCII.
    Code,
    /// A calendar date (`2024-12-22`) or a day of a month when the year is not given (`12-22`).
    Date,
    /// A number written with any of the three conventions (`1 132`, `1.132`, `1,132` → `1132`).
    Num,
    /// A Vietnamese person name folded to ASCII (`to lam`).
    Name,
}

impl AnchorKind {
    /// The prefix of this kind's index terms (`code`, `num`, ...).
    pub fn prefix(self) -> &'static str {
        match self {
            AnchorKind::Url => "url",
            AnchorKind::Code => "code",
            AnchorKind::Date => "date",
            AnchorKind::Num => "num",
            AnchorKind::Name => "name",
        }
    }
}

/// One anchor found in a text, in order of appearance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// The kind of fact.
    pub kind: AnchorKind,
    /// The canonical value, lowercase ASCII (`57-nq/tw`, `1132`, `2024-12-22`, `to lam`).
    pub value: String,
    /// The text as it was written, for evidence shown to people (`57-NQ/TW`, `1 132`).
    pub surface: String,
}

impl Anchor {
    /// The index term for this anchor: `kind:value`, e.g. `code:57-nq/tw`.
    pub fn term(&self) -> String {
        format!("{}:{}", self.kind.prefix(), self.value)
    }
}

/// Extracts the anchors of an article's text, in order of appearance, using the number and
/// date conventions of `lang`.
pub fn extract_anchors(_text: &str, _lang: Lang) -> Vec<Anchor> {
    Vec::new()
}

/// Extracts anchors from a query, whose language is unknown: numbers are read in every
/// convention that fits.
pub fn extract_query_anchors(_query: &str) -> Vec<Anchor> {
    Vec::new()
}
