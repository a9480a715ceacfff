//! The named tantivy analyzers each language's fields use, registered in one place.
//!
//! INTERFACE PLACEHOLDER: the chains below are stock tantivy ones; the analysis work replaces
//! them with the vi/fr/en pipelines (same names, same `register_analyzers`).

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};

/// Vietnamese syllables, lowercase, canonical tone placement (diacritics kept).
pub const VI_EXACT: &str = "vi_exact";
/// Vietnamese syllables with every mark removed and đ → d.
pub const VI_FOLD: &str = "vi_fold";
/// Adjacent Vietnamese syllable pairs (`khoa_học`), diacritics kept.
pub const VI_BIGRAM: &str = "vi_bigram";
/// Adjacent Vietnamese syllable pairs, folded (`khoa_hoc`).
pub const VI_BIGRAM_FOLD: &str = "vi_bigram_fold";
/// French: elision, lowercase, stop words, Snowball stem, then accent fold.
pub const FR_STEM: &str = "fr_stem";
/// French: elision, lowercase, accent fold, folded stop words, then stem (for unaccented queries).
pub const FR_ASCII: &str = "fr_ascii";
/// English: lowercase, fold, possessive, stem.
pub const EN_STEM: &str = "en_stem";
/// Any language: words, lowercase, every diacritic folded; for names and unknown languages.
pub const NEUTRAL_FOLD: &str = "neutral_fold";

/// Every analyzer name this module registers.
pub const ALL: [&str; 8] = [
    VI_EXACT,
    VI_FOLD,
    VI_BIGRAM,
    VI_BIGRAM_FOLD,
    FR_STEM,
    FR_ASCII,
    EN_STEM,
    NEUTRAL_FOLD,
];

/// Registers every newsindex analyzer under its name; call after every `Index::open`/`create`.
pub fn register_analyzers(manager: &TokenizerManager) {
    let base =
        || TextAnalyzer::builder(SimpleTokenizer::default()).filter(RemoveLongFilter::limit(40));
    manager.register(VI_EXACT, base().filter(LowerCaser).build());
    manager.register(
        VI_FOLD,
        base().filter(LowerCaser).filter(AsciiFoldingFilter).build(),
    );
    manager.register(VI_BIGRAM, base().filter(LowerCaser).build());
    manager.register(
        VI_BIGRAM_FOLD,
        base().filter(LowerCaser).filter(AsciiFoldingFilter).build(),
    );
    manager.register(
        FR_STEM,
        base()
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::French))
            .filter(AsciiFoldingFilter)
            .build(),
    );
    manager.register(
        FR_ASCII,
        base()
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::French))
            .build(),
    );
    manager.register(
        EN_STEM,
        base()
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    manager.register(
        NEUTRAL_FOLD,
        base().filter(LowerCaser).filter(AsciiFoldingFilter).build(),
    );
}
