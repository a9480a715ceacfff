//! The newsindex search index: a tantivy schema that routes each article's title and body to
//! the fields of its language (plus language-neutral anchors), analyzer registration, batch
//! (re)indexing that is incremental by default and publishes atomically, and read access to
//! stored records, stories and statistics.
//!
//! ```no_run
//! use newsindex_index::{NewsIndex, BuildOptions};
//! let index = NewsIndex::open_or_create(std::path::Path::new("index"))?;
//! println!("{} articles", index.searcher()?.num_docs());
//! # Ok::<(), newsindex_index::IndexError>(())
//! ```

mod build;
mod doc;
mod error;
mod linkdata;
mod schema;
mod stats;
mod store;

pub use build::{build_index, BuildOptions, BuildSummary, Input, KnownRaw, Progress};
pub use error::IndexError;
pub use linkdata::LinkData;
pub use schema::{story_key, Fields, LangFields};
pub use stats::{Stats, StoredDoc};
pub use store::NewsIndex;
