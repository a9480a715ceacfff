//! The newsindex search index: a tantivy schema that routes each article's title and body to
//! the fields of its language (plus language-neutral anchors), analyzer registration, the
//! batch writer, atomic publish of a rebuild, and read access to stored records, stories and
//! statistics. The build pipeline that fills it is `newsindex-build`.
//!
//! ```no_run
//! use newsindex_index::NewsIndex;
//! let index = NewsIndex::open_or_create(std::path::Path::new("index"))?;
//! println!("{} articles", index.searcher()?.num_docs());
//! # Ok::<(), newsindex_index::IndexError>(())
//! ```

mod doc;
mod error;
mod merge;
mod publish;
mod schema;
mod stats;
mod store;
mod words;
mod writer;

pub use doc::{Shared, SharedDoc};
pub use error::IndexError;
pub use merge::merge_indexes;
pub use publish::rebuild_beside;
pub use schema::{story_key, story_stands_alone, Fields, LangFields, SCHEMA_VERSION};
pub use stats::{Stats, StoredDoc};
pub use store::{CatalogEntry, LinkBytes, NewsIndex};
pub use writer::Writer;
