//! Errors of the file walk; everything else becomes a per-input [`crate::Rejection`].

use std::path::PathBuf;

/// Why a path given to [`crate::list_files`] cannot be walked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file named explicitly whose extension is not a supported format.
    #[error("unsupported file type: {} (expected .txt, .md, .json, .jsonl, .ndjson, .html, .htm, .warc, optionally .gz)", path.display())]
    Unsupported {
        /// The path.
        path: PathBuf,
    },
}

impl IngestError {
    /// The reason without the path, for a rejection that already names it.
    pub fn reason(&self) -> String {
        match self {
            IngestError::Io { source, .. } => format!("cannot read: {}", source.to_string().to_lowercase()),
            IngestError::Unsupported { .. } => {
                "unsupported file type (expected .txt, .md, .json, .jsonl, .ndjson, .html, .htm, .warc, optionally .gz)".to_string()
            }
        }
    }
}
