//! Cross-language search over a newsindex index: one query, in Vietnamese, French or
//! English, finds the story in all three. The query is analysed with every language's
//! analyzers (never routed to one language on a guess), expanded through a trilingual
//! lexicon and language-neutral anchors (codes, numbers, dates, names), filtered, counted
//! into facets and a coverage histogram, grouped by story, and returned with snippets.
//!
//! ```no_run
//! use newsindex_index::NewsIndex;
//! use newsindex_query::{Engine, SearchRequest};
//! let engine = Engine::new(NewsIndex::open(std::path::Path::new("index"))?)?;
//! let response = engine.search(&SearchRequest::new("nghị quyết 57 chuyển đổi số"))?;
//! for hit in &response.hits {
//!     println!("{} [{}] {}", hit.story, hit.lang, hit.title);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod collect;
mod compile;
mod engine;
mod fuse;
mod snippet;
mod stats;
mod stories;
mod syntax;
mod translate;

pub use collect::Interval;
pub use engine::{
    Bucket, Engine, Facets, Histogram, Hit, SearchError, SearchRequest, SearchResponse, Sort,
    StoryGroup, MAX_LIMIT, MAX_WINDOW,
};
pub use newsindex_analysis::lexicon::{Entry, Lexicon, LexiconError};
pub use stories::{StoryView, Translations, Version};
pub use syntax::{parse, Clause, InlineFilters, Limits, Occur, ParsedQuery, SyntaxError, Text};
