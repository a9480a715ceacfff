//! Read news articles from text scrapes, JSON/JSONL, HTML (optionally gzipped) and WARC web
//! archives into clean, language-tagged records.
//!
//! [`read_paths`] walks files and directories in a deterministic order and calls a sink with
//! one [`Outcome`] per input article, in input order: a clean [`newsindex_core::Article`] or a
//! [`Rejection`] naming the file (and line) and the reason. JSONL is streamed in bounded
//! batches parsed in parallel, so memory does not grow with the input size.
//!
//! ```
//! use newsindex_ingest::{read_paths, Outcome, ReadOptions};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("news.jsonl");
//! std::fs::write(&path, concat!(
//!     r#"{"id": "a1", "title": "Hello", "text": "The ministry of science and technology has released its annual report on innovation.", "lang": "en"}"#, "\n",
//!     "{broken\n",
//! )).unwrap();
//! let mut outcomes = Vec::new();
//! read_paths(&[path], &ReadOptions::default(), |outcome| outcomes.push(outcome));
//! assert!(matches!(&outcomes[0], Outcome::Article(a) if a.id == "a1" && a.lang.code() == "en"));
//! assert!(matches!(&outcomes[1], Outcome::Rejected(r) if r.origin.ends_with("news.jsonl:2")));
//! ```

mod blocks;
mod dates;
mod decode;
mod error;
mod html;
mod json;
mod legacy;
mod page;
mod read;
mod record;
mod slug;
mod warc;

pub use dates::{date_from_url, month_from_url, parse_date};
pub use decode::{decode_bytes, decode_declared, detect_legacy, Decoded, LegacyEncoding};
pub use error::IngestError;
pub use html::{html_depth, parse_html, HtmlArticle, MAX_HTML_DEPTH};
pub use page::{clean_page, CleanedPage};
pub use read::{
    file_kind, list_files, raw_hash, read_file, read_paths, read_paths_until, walk, FileKind,
    Format, Outcome, ReadOptions, ReadStats, Rejection, Walk,
};
