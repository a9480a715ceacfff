//! Function words of Vietnamese, French and English: words that carry grammar rather than a
//! concept of their own. A query's function words say which language it is written in, and
//! a function word is never translated as a concept (French `un` is not the UN, `le` is not
//! Vietnamese `lễ`).

use crate::filters::SNOWBALL_FRENCH;
use newsindex_core::Lang;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// French forms of `être` and `avoir` and possessives the Snowball list leaves out.
const MORE_FRENCH: &[&str] = &["est", "son", "été", "a", "sommes", "aussi", "très"];

/// The Snowball English stop list's core (BSD licence, Snowball project), without the words
/// that are also names or months (`may`, `will` stays: it is rarely a query's name).
const ENGLISH: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own",
    "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your",
];

/// Vietnamese particles, prepositions, conjunctions and auxiliaries, with their marks.
const VIETNAMESE: &[&str] = &[
    "và", "của", "là", "các", "những", "được", "cho", "trong", "với", "có", "không", "này", "đã",
    "một", "để", "từ", "theo", "về", "khi", "đến", "tại", "cũng", "sẽ", "thì", "ở", "ra", "vào",
    "lại", "rằng", "nhưng", "hoặc", "nếu", "vì", "bị", "do", "đó", "nên", "mà", "đang",
];

/// Each function word and the languages that list it, as bits by place in
/// [`Lang::ANALYSED`].
static LANGUAGES_OF: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let lists: [(Lang, Vec<&'static str>); 3] = [
        (Lang::Vi, VIETNAMESE.to_vec()),
        (
            Lang::Fr,
            SNOWBALL_FRENCH.iter().chain(MORE_FRENCH).copied().collect(),
        ),
        (Lang::En, ENGLISH.to_vec()),
    ];
    let mut map: FxHashMap<&'static str, u8> = FxHashMap::default();
    for (lang, words) in lists {
        let bit = 1 << slot(lang);
        for word in words {
            *map.entry(word).or_default() |= bit;
        }
    }
    map
});

fn slot(lang: Lang) -> usize {
    Lang::ANALYSED
        .iter()
        .position(|l| *l == lang)
        .expect("an analysed language")
}

/// The languages (among vi, fr, en) in which `word` is a function word; case aside, marks
/// kept (`le` is French, `lễ` is not).
pub fn function_word_languages(word: &str) -> Vec<Lang> {
    let bits = LANGUAGES_OF
        .get(&*crate::chars::lower_case(word))
        .copied()
        .unwrap_or(0);
    Lang::ANALYSED
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, l)| *l)
        .collect()
}

/// Whether `word` is a function word in any of vi, fr, en.
pub fn is_function_word(word: &str) -> bool {
    LANGUAGES_OF.contains_key(&*crate::chars::lower_case(word))
}

/// Fewest function words of one language, and none of another, for a query's words to
/// name its language.
const QUERY_MIN_HITS: usize = 2;

/// The language the function words among `words` name, when at least two belong to one
/// language only and none to another (`le typhon touche terre dans le nord` is French;
/// `Luong Cuong president` says nothing).
pub fn language_of_words<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<Lang> {
    let mut hits = [0usize; 3];
    for word in words {
        for lang in function_word_languages(word) {
            hits[slot(lang)] += 1;
        }
    }
    let languages: Vec<usize> = (0..3).filter(|&i| hits[i] > 0).collect();
    match languages.as_slice() {
        [only] if hits[*only] >= QUERY_MIN_HITS => Some(Lang::ANALYSED[*only]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_looked_up_case_aside_marks_kept() {
        assert_eq!(function_word_languages("Le"), vec![Lang::Fr]);
        assert!(function_word_languages("lễ").is_empty());
        assert_eq!(function_word_languages("à"), vec![Lang::Fr]);
        assert_eq!(function_word_languages("của"), vec![Lang::Vi]);
        assert!(function_word_languages("cua").is_empty());
        // `on` is French and English alike.
        assert_eq!(function_word_languages("on"), vec![Lang::Fr, Lang::En]);
        assert!(is_function_word("the") && is_function_word("un") && !is_function_word("UNESCO"));
    }

    #[test]
    fn a_query_language_needs_two_words_of_one_language_only() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        assert_eq!(
            language_of_words(words("le typhon Yagi touche terre dans le nord du Vietnam")),
            Some(Lang::Fr)
        );
        assert_eq!(
            language_of_words(words("scrap tuition fees from September for the pupils")),
            Some(Lang::En)
        );
        assert_eq!(
            language_of_words(words("mức thuế đối ứng của Mỹ đối với hàng hóa và dịch vụ")),
            Some(Lang::Vi)
        );
        assert_eq!(language_of_words(words("Luong Cuong president")), None);
        // One function word is not enough; two languages' words cancel out.
        assert_eq!(language_of_words(words("banquet de Macron")), None);
        assert_eq!(language_of_words(words("le and the du")), None);
    }

    #[test]
    fn never_panics_on_odd_words() {
        for word in ["", "\u{0}", "ǅ", "İ", "ﬃ", "😀"] {
            let _ = function_word_languages(word);
            let _ = is_function_word(word);
        }
        assert_eq!(language_of_words([""; 3]), None);
    }
}
