//! The analyzers on the labelled dev corpus (`corpus/dev/articles.jsonl`): old-style tone
//! articles and the NFD article must index exactly like their canonical NFC rewrites.

use newsindex_analysis::analyzers::{ALL, VI_BIGRAM, VI_EXACT, VI_FOLD};
use newsindex_analysis::{analyze, canonical_tones, fold_diacritics, register_analyzers};
use tantivy::tokenizer::TokenizerManager;
use unicode_normalization::UnicodeNormalization;

struct Article {
    id: String,
    text: String,
    quirk: Option<String>,
    lang: Option<String>,
}

fn articles() -> Vec<Article> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/dev/articles.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("corpus/dev/articles.jsonl is readable");
    data.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
            let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
            Article {
                id: field("id").expect("article id"),
                text: field("text").expect("article text"),
                quirk: field("quirk"),
                lang: field("lang"),
            }
        })
        .collect()
}

fn manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    register_analyzers(&manager);
    manager
}

/// The five toned forms of each plain vowel, grave, acute, hook, tilde, dot below.
const TONED: [(char, &str); 10] = [
    ('a', "àáảãạ"),
    ('A', "ÀÁẢÃẠ"),
    ('e', "èéẻẽẹ"),
    ('E', "ÈÉẺẼẸ"),
    ('y', "ỳýỷỹỵ"),
    ('Y', "ỲÝỶỸỴ"),
    ('o', "òóỏõọ"),
    ('O', "ÒÓỎÕỌ"),
    ('u', "ùúủũụ"),
    ('U', "ÙÚỦŨỤ"),
];

fn tone_of(c: char) -> Option<(char, usize)> {
    TONED
        .iter()
        .find_map(|(plain, toned)| toned.chars().position(|t| t == c).map(|i| (*plain, i)))
}

fn with_tone(plain: char, tone: usize) -> char {
    let (_, toned) = TONED
        .iter()
        .find(|(p, _)| *p == plain)
        .expect("known vowel");
    toned.chars().nth(tone).expect("five tones")
}

/// Rewrites open `oa`, `oe`, `uy` syllables from new-style (`hoà`) to old-style (`hòa`)
/// tone placement, independently of the code under test. Returns the text and the count.
fn to_old_style(text: &str) -> (String, usize) {
    let mut chars: Vec<char> = text.nfc().collect();
    let mut count = 0;
    for i in 0..chars.len().saturating_sub(1) {
        let (first, second) = (chars[i], chars[i + 1]);
        let Some((plain_second, tone)) = tone_of(second) else {
            continue;
        };
        let pair = (
            first.to_ascii_lowercase(),
            plain_second.to_ascii_lowercase(),
        );
        if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
            continue;
        }
        let open = chars.get(i + 2).is_none_or(|c| !c.is_alphabetic());
        let after_q = i > 0 && chars[i - 1].eq_ignore_ascii_case(&'q');
        if open && !after_q {
            chars[i] = with_tone(first, tone);
            chars[i + 1] = plain_second;
            count += 1;
        }
    }
    (chars.into_iter().collect(), count)
}

#[test]
fn old_style_articles_index_like_their_old_style_rewrite() {
    let manager = manager();
    let quirky: Vec<Article> = articles()
        .into_iter()
        .filter(|a| a.quirk.as_deref() == Some("old_tone_placement"))
        .collect();
    assert_eq!(quirky.len(), 2, "dev-018 and dev-036 are flagged");
    for article in quirky {
        let (rewritten, count) = to_old_style(&article.text);
        assert!(count > 0, "{}: no new-style syllable found", article.id);
        for name in [VI_EXACT, VI_BIGRAM, VI_FOLD] {
            assert_eq!(
                analyze(&manager, name, &article.text),
                analyze(&manager, name, &rewritten),
                "{} under {name}",
                article.id
            );
        }
        let tokens = analyze(&manager, VI_EXACT, &article.text);
        assert!(
            tokens.iter().any(
                |t| ["hòa", "thủy", "khỏe", "ủy", "hóa", "tùy", "thỏa", "tòa"]
                    .contains(&t.as_str())
            ),
            "{}: no canonical old-style word among the tokens",
            article.id
        );
        for new_style in ["hoà", "thuỷ", "khoẻ", "uỷ", "hoá", "tuỳ", "thoả", "toà"] {
            assert!(
                !tokens.iter().any(|t| t == new_style),
                "{}: {new_style} left in new style",
                article.id
            );
        }
    }
}

#[test]
fn nfd_article_indexes_like_its_nfc_form() {
    let manager = manager();
    let article = articles()
        .into_iter()
        .find(|a| a.quirk.as_deref() == Some("nfd"))
        .expect("dev-004 is flagged nfd");
    let nfc: String = article.text.nfc().collect();
    assert_ne!(nfc, article.text, "{} is decomposed", article.id);
    for name in ALL {
        let tokens = analyze(&manager, name, &article.text);
        assert!(tokens.len() > 100, "{name}: {} tokens", tokens.len());
        assert_eq!(tokens, analyze(&manager, name, &nfc), "{name}");
    }
}

#[test]
fn every_vietnamese_article_is_stable_under_the_text_helpers() {
    let manager = manager();
    for article in articles()
        .iter()
        .filter(|a| a.lang.as_deref() == Some("vi"))
    {
        let exact = analyze(&manager, VI_EXACT, &article.text);
        assert_eq!(
            exact,
            analyze(&manager, VI_EXACT, &canonical_tones(&article.text)),
            "{}",
            article.id
        );
        let folded = analyze(&manager, VI_FOLD, &article.text);
        assert!(folded.iter().all(|t| t.is_ascii()), "{}", article.id);
        assert_eq!(
            folded,
            analyze(&manager, VI_FOLD, &fold_diacritics(&article.text)),
            "{}",
            article.id
        );
    }
}
