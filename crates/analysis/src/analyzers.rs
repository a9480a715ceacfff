//! The named tantivy analyzers each language's fields use, registered in one place.
//!
//! Every chain starts with [`MarkAwareTokenizer`] (NFC tokens, never split on a combining
//! mark) and drops tokens of 40 bytes or more. Vietnamese keeps an exact form (tones kept,
//! placed canonically) and a folded form; French is indexed twice because stemming and
//! accent folding do not commute (`données` → `don`, `donnees` → `donne`).

use crate::filters::{
    french_folded_stop_words, french_stop_words, BigramFilter, ElisionFilter, FoldFilter,
    LowerCaseFilter, PossessiveFilter, StemFilter, StemLanguage, ToneFilter,
};
use crate::tokenizer::MarkAwareTokenizer;
use crate::vietnamese::ToneStyle;
use tantivy::tokenizer::{
    RemoveLongFilter, StopWordFilter, TextAnalyzer, TextAnalyzerBuilder, Token, TokenizerManager,
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

/// The analyzer whose tokens already cover every token of `name`: the two syllables of a
/// bigram are tokens of its unigram twin, so highlighting needs only the twin when both
/// matched.
pub fn covered_by(name: &str) -> Option<&'static str> {
    match name {
        VI_BIGRAM => Some(VI_EXACT),
        VI_BIGRAM_FOLD => Some(VI_FOLD),
        _ => None,
    }
}

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

/// Tokens longer than this many bytes are dropped (no syllable or word is that long; such
/// tokens are run-together junk or identifiers).
const MAX_TOKEN_BYTES: usize = 40;

/// Words (apostrophes kept inside them when `apostrophes`), long tokens dropped, lowercase.
fn words(apostrophes: bool) -> TextAnalyzerBuilder<impl tantivy::tokenizer::Tokenizer> {
    let tokenizer = if apostrophes {
        MarkAwareTokenizer::with_apostrophes()
    } else {
        MarkAwareTokenizer::new()
    };
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaseFilter)
}

/// French words: elision first, so `L'État` loses its clitic whatever its case.
fn french_words() -> TextAnalyzerBuilder<impl tantivy::tokenizer::Tokenizer> {
    TextAnalyzer::builder(MarkAwareTokenizer::with_apostrophes())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ElisionFilter)
        .filter(LowerCaseFilter)
}

/// Registers every newsindex analyzer under its name; call after every `Index::open`/`create`.
pub fn register_analyzers(manager: &TokenizerManager) {
    let vi_exact = || words(false).filter(ToneFilter(ToneStyle::Old));
    let vi_fold = || words(false).filter(FoldFilter);
    manager.register(VI_EXACT, vi_exact().build());
    manager.register(VI_FOLD, vi_fold().build());
    manager.register(VI_BIGRAM, vi_exact().filter(BigramFilter).build());
    manager.register(VI_BIGRAM_FOLD, vi_fold().filter(BigramFilter).build());
    manager.register(
        FR_STEM,
        french_words()
            .filter(StopWordFilter::remove(french_stop_words()))
            .filter(StemFilter(StemLanguage::French))
            .filter(FoldFilter)
            .build(),
    );
    manager.register(
        FR_ASCII,
        french_words()
            .filter(FoldFilter)
            .filter(StopWordFilter::remove(french_folded_stop_words()))
            .filter(StemFilter(StemLanguage::French))
            .build(),
    );
    manager.register(
        EN_STEM,
        words(true)
            .filter(FoldFilter)
            .filter(PossessiveFilter)
            .filter(StemFilter(StemLanguage::English))
            .build(),
    );
    manager.register(NEUTRAL_FOLD, words(false).filter(FoldFilter).build());
}

/// The token texts the analyzer named `analyzer` produces for `text`; empty if no analyzer
/// has that name.
pub fn analyze(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = manager.get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    stream.process(&mut |token: &Token| tokens.push(token.text.clone()));
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{assert_same_tokens, assert_token_table, collect_tokens, manager};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn every_name_is_registered() {
        let manager = manager();
        for name in ALL {
            assert!(manager.get(name).is_some(), "{name}");
            assert!(
                !analyze(&manager, name, "Hà Nội hoà bình").is_empty(),
                "{name}"
            );
        }
        assert!(analyze(&manager, "no_such_analyzer", "text").is_empty());
    }

    #[test]
    fn vi_exact_table() {
        assert_token_table(
            VI_EXACT,
            &[
                (
                    "Hoà Bình, THUỶ điện, sức khoẻ, qúy",
                    &["hòa", "bình", "thủy", "điện", "sức", "khỏe", "quý"],
                ),
                ("Tô Lâm", &["tô", "lâm"]),
                ("dương đường", &["dương", "đường"]),
                ("kỹ kĩ", &["kỹ", "kĩ"]),
                ("năm 2030", &["năm", "2030"]),
                ("réunion été", &["réunion", "été"]),
                ("Vi\u{00EA}\u{0323}t Nam", &["việt", "nam"]),
            ],
        );
    }

    #[test]
    fn vi_exact_equivalences() {
        let nfd: String = "Chuyển đổi số".nfd().collect();
        assert_same_tokens(
            VI_EXACT,
            &[
                ("Hoà Bình", "Hòa Bình"),
                ("THUỶ điện", "thủy điện"),
                (&nfd, "Chuyển đổi số"),
                ("Uỷ ban", "Ủy ban"),
            ],
        );
        let manager = manager();
        assert_ne!(
            analyze(&manager, VI_EXACT, "dương"),
            analyze(&manager, VI_EXACT, "đường")
        );
        assert_ne!(
            analyze(&manager, VI_EXACT, "Tô Lâm"),
            analyze(&manager, VI_EXACT, "to lam")
        );
    }

    #[test]
    fn vi_exact_keeps_positions_and_offsets() {
        let text = "Hoà Bình, THUỶ";
        let mut analyzer = manager().get(VI_EXACT).expect("registered");
        let tokens = collect_tokens(&mut analyzer, text);
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2]);
        assert_eq!(&text[tokens[2].offset_from..tokens[2].offset_to], "THUỶ");
    }

    #[test]
    fn vi_fold_table() {
        assert_token_table(
            VI_FOLD,
            &[
                ("Bộ Chính trị", &["bo", "chinh", "tri"]),
                ("Đà Nẵng ĐỔI MỚI", &["da", "nang", "doi", "moi"]),
                ("Tô Lâm", &["to", "lam"]),
            ],
        );
        let nfd: String = "Chuyển đổi số".nfd().collect();
        assert_same_tokens(
            VI_FOLD,
            &[
                ("dương", "đường"),
                ("Tô Lâm", "to lam"),
                (&nfd, "chuyen doi so"),
                ("hoà bình", "hoa binh"),
            ],
        );
    }

    #[test]
    fn vi_bigram_tables() {
        assert_token_table(
            VI_BIGRAM,
            &[
                (
                    "khoa học, công nghệ và chuyển đổi số",
                    &[
                        "khoa_học",
                        "công_nghệ",
                        "nghệ_và",
                        "và_chuyển",
                        "chuyển_đổi",
                        "đổi_số",
                    ],
                ),
                ("Hoà Bình", &["hòa_bình"]),
                ("Thủy\nđiện", &[]),
            ],
        );
        assert_token_table(
            VI_BIGRAM_FOLD,
            &[
                ("Bộ Chính trị", &["bo_chinh", "chinh_tri"]),
                ("Khoa học; công nghệ", &["khoa_hoc", "cong_nghe"]),
            ],
        );
    }

    #[test]
    fn fr_stem_table() {
        assert_token_table(
            FR_STEM,
            &[
                ("l’Assemblée nationale", &["assembl", "national"]),
                ("L'Assemblée nationale", &["assembl", "national"]),
                ("l’innovation", &["innov"]),
                ("lʼinnovation", &["innov"]),
                ("jusqu'en 2030", &["2030"]),
                ("lorsqu'il", &[]),
                ("n'ont pas", &[]),
                ("mise en œuvre", &["mis", "oeuvr"]),
                ("Les données numériques", &["don", "numer"]),
                ("réunions", &["reunion"]),
                ("12,7 millions", &["12", "7", "million"]),
            ],
        );
        assert_same_tokens(
            FR_STEM,
            &[
                ("mise en œuvre", "mise en oeuvre"),
                ("l’Assemblée", "l'Assemblée"),
                // The stored text keeps soft hyphens; the index must not see them.
                ("l’inno\u{00AD}vation", "l'innovation"),
            ],
        );
    }

    #[test]
    fn fr_ascii_table() {
        assert_token_table(
            FR_ASCII,
            &[
                ("Les données numériques", &["donne", "numer"]),
                ("l’Assemblée nationale", &["assemble", "national"]),
                ("jusqu'en 2030", &["2030"]),
                ("à même été", &["ete"]),
            ],
        );
        assert_same_tokens(
            FR_ASCII,
            &[
                ("Les données numériques", "les donnees numeriques"),
                ("mise en œuvre", "mise en oeuvre"),
                ("L’État a décidé", "l'etat a decide"),
            ],
        );
    }

    #[test]
    fn en_stem_table() {
        assert_token_table(
            EN_STEM,
            &[
                ("Tô Lâm", &["to", "lam"]),
                ("the country's economy", &["the", "countri", "economi"]),
                ("Vietnam’s strategies", &["vietnam", "strategi"]),
                ("to be or not to be", &["to", "be", "or", "not", "to", "be"]),
            ],
        );
        assert_same_tokens(
            EN_STEM,
            &[("Tô Lâm", "to lam"), ("Phạm Minh Chính", "Pham Minh Chinh")],
        );
    }

    #[test]
    fn neutral_fold_table() {
        assert_token_table(
            NEUTRAL_FOLD,
            &[
                ("Nguyễn Đức Hải", &["nguyen", "duc", "hai"]),
                ("Zürich O'Brien", &["zurich", "o", "brien"]),
                ("Ελλάδα", &["ελλαδα"]),
            ],
        );
    }

    #[test]
    fn long_tokens_are_dropped_everywhere() {
        let manager = manager();
        let long = "a".repeat(MAX_TOKEN_BYTES);
        for name in ALL {
            let tokens = analyze(&manager, name, &format!("{long} bình"));
            assert!(
                tokens.iter().all(|t| !t.contains(&long)),
                "{name}: {tokens:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn analyzers_never_panic_and_offsets_are_char_boundaries(
            text in prop_oneof![any::<String>(), "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ\u{0300}\u{0301}\u{0302}\u{0303}\u{0309}\u{0323}'’\u{00AD}“” ,.\n0-9]{0,80}"]
        ) {
            let manager = manager();
            for name in ALL {
                let mut analyzer = manager.get(name).expect("registered");
                for token in collect_tokens(&mut analyzer, &text) {
                    prop_assert!(token.offset_from <= token.offset_to);
                    prop_assert!(token.offset_to <= text.len());
                    prop_assert!(text.is_char_boundary(token.offset_from));
                    prop_assert!(text.is_char_boundary(token.offset_to));
                    prop_assert!(!token.text.is_empty(), "{name}: empty token");
                }
            }
        }

        #[test]
        fn text_helpers_never_panic_and_tones_are_idempotent(text in any::<String>()) {
            let once = crate::vietnamese::canonical_tones(&text);
            prop_assert_eq!(crate::vietnamese::canonical_tones(&once), once.clone());
            let _ = crate::filters::fold_diacritics(&text);
            for word in text.split_whitespace() {
                let _ = crate::vietnamese::is_vietnamese_syllable(word);
            }
        }
    }
}
