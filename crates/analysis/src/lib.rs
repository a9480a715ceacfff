//! Text analysis for Vietnamese, French and English news: lossless normalisers (NFC, spaces,
//! apostrophes), Vietnamese tone placement and folding, language detection, the tantivy
//! analyzers each language's fields use, and the language-neutral anchors (codes, numbers,
//! dates, names, URLs) that link translations and match across languages.
//!
//! ```
//! use newsindex_analysis::normalize_text;
//! assert_eq!(normalize_text("l\u{2019}innovation\u{00A0} numérique"), "l'innovation numérique");
//! ```

mod normalize;

pub use normalize::{normalize_text, nfc};
