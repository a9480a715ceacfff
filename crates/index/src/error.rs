use std::path::PathBuf;

/// What can go wrong while opening, building or reading the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The index directory holds no newsindex index.
    #[error("no index at {0} (run `newsindex index` first)")]
    Missing(PathBuf),
    /// Another process holds the writer lock.
    #[error("another `newsindex index` run is writing to {0}")]
    Locked(PathBuf),
    /// The index was written by an incompatible version of newsindex.
    #[error("the index at {path} has an incompatible schema ({detail}); rebuild it with `newsindex index --full`")]
    Incompatible {
        /// Index directory.
        path: PathBuf,
        /// What differs.
        detail: String,
    },
    /// No article with this id.
    #[error("no article with id {0:?}")]
    UnknownId(String),
    /// A filesystem error, with the path it concerns.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An error from tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A stored record that does not parse (a bug or a corrupted index).
    #[error("stored record of {id} is corrupt: {detail}")]
    CorruptRecord {
        /// Article id.
        id: String,
        /// Parser message.
        detail: String,
    },
}
