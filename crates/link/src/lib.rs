//! Translation linking: groups the language versions of one story from language-neutral
//! anchors (cited URL, codes, dates, numbers, names), keeps independent reports of the same
//! event apart from translations, and says why two articles were linked.
//!
//! INTERFACE PLACEHOLDER: `link_articles` is written by the linking work; the types are the
//! contract the index crate builds against.

use newsindex_analysis::Anchor;
use newsindex_core::{Date, Lang, Story};

/// What the linker needs to know about one article.
#[derive(Clone, Debug)]
pub struct LinkInput {
    /// Article id.
    pub id: String,
    /// Article language.
    pub lang: Lang,
    /// Publication date, when known.
    pub date: Option<Date>,
    /// Cited or canonical URL, when known.
    pub url: Option<String>,
    /// Length of the body in characters.
    pub text_chars: usize,
    /// Anchors of title and body, in order of appearance.
    pub anchors: Vec<Anchor>,
}

/// Groups articles into stories; every article is in exactly one story (possibly alone).
pub fn link_articles(inputs: &[LinkInput]) -> Vec<Story> {
    inputs
        .iter()
        .map(|input| Story {
            story: input.id.clone(),
            ids: vec![input.id.clone()],
            langs: vec![input.lang.code().to_string()],
            links: Vec::new(),
        })
        .collect()
}
