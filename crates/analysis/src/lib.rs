//! Text analysis for Vietnamese, French and English news: normalisers (NFC, spaces; the
//! stored form keeps typographic quotes, the unified form makes them ASCII), Vietnamese tone placement and folding, language detection, the tantivy
//! analyzers each language's fields use, and the language-neutral anchors (codes, numbers,
//! dates, names, URLs) that link translations and match across languages.
//!
//! ```
//! use newsindex_analysis::{clean_text, normalize_text};
//! assert_eq!(clean_text("l\u{2019}innovation\u{00A0} numérique"), "l\u{2019}innovation numérique");
//! assert_eq!(normalize_text("l\u{2019}innovation\u{00A0} numérique"), "l'innovation numérique");
//! ```

mod anchors;
mod chars;
mod filters;
mod function_words;
mod lang;
pub mod lexicon;
mod normalize;
#[cfg(test)]
mod test_util;
mod tokenizer;
mod vietnamese;

pub mod analyzers;
pub use analyzers::{analyze, register_analyzers};
pub use anchors::{
    extract_anchors, extract_query_anchors, first_url_anchor, month_number, Anchor, AnchorKind,
    DE_MONTHS, EN_MONTHS, FR_MONTHS, FR_MONTH_ABBREVIATIONS,
};
pub use chars::{is_letter, is_letter_or_digit, lower_case};
pub use filters::fold_diacritics;
pub use function_words::{function_word_languages, is_function_word, language_of_words};
pub use lang::{
    detect_language, detect_paragraph_languages, function_word_language,
    looks_like_unaccented_vietnamese, Detection,
};
pub use normalize::{clean_text, nfc, normalize_text};
pub use tokenizer::MarkAwareTokenizer;
pub use vietnamese::{canonical_tones, is_vietnamese_syllable, place_tones, ToneStyle};
