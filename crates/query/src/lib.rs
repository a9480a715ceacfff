//! Cross-language query parsing, expansion, search, grouping by story, facets and snippets.

mod lexicon;

pub use lexicon::{Entry, Lexicon, LexiconError};
