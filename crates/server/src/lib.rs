//! HTTP API and the embedded web page for journalists: search the index across Vietnamese,
//! French and English, see results grouped by story, and read a story's versions side by side.
//!
//! Endpoints (all `GET`, JSON in the shapes of the engine's types; errors are
//! `{"error": "..."}` with status 400, 404, 500 or 503):
//!
//! | path | answer |
//! |---|---|
//! | `/` , `/assets/{name}` | the search page and its script, style sheet and icon |
//! | `/api/search?q=&lang=&since=&until=&source=&limit=&offset=&sort=&histogram=` | `SearchResponse` |
//! | `/api/histogram?q=&by=month\|week\|day` (+ `lang`, `since`, `until`, `source`) | `Histogram` |
//! | `/api/articles/{id}` | `StoredDoc` |
//! | `/api/articles/{id}/translations` | `Translations` |
//! | `/api/stories/{id}` | `StoryView` |
//! | `/api/stories/{id}/compare?article=` | `Comparison`: the versions of the story (or of its member `article`) aligned paragraph by paragraph |
//! | `/api/stats` | `Stats` |
//! | `/healthz` | `{"status": "ok", "articles": N}` |
//!
//! ```no_run
//! use newsindex_index::NewsIndex;
//! use newsindex_query::Engine;
//! let engine = Engine::new(NewsIndex::open(std::path::Path::new("index"))?)?;
//! newsindex_server::run(engine, "127.0.0.1:7878".parse()?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api;
mod assets;
mod compare;
mod error;
mod params;
mod server;

pub use api::{router, router_with, Config, MAX_BODY_BYTES, REQUEST_TIMEOUT};
pub use compare::{compare_article, compare_ids, MAX_VERSIONS};
pub use error::ApiError;
pub use params::MAX_QUERY_CHARS;
pub use server::{run, serve, serve_on};
