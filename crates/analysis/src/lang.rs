//! Language identification for article bodies: whatlang restricted to vi/fr/en, with a
//! per-paragraph fallback, a check for other languages, and a rule for Vietnamese typed
//! without diacritics (which whatlang often files as Tagalog or English).

use newsindex_core::Lang;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;
use whatlang::{Detector, Lang as WLang};

/// How much of a body the whole-text detector reads; restricted to vi/fr/en, whatlang is
/// fully accurate from 80 characters (TECHNIQUES §3) and its cost grows with the sample.
const SAMPLE_CHARS: usize = 1000;
/// The unrestricted detector scores every language it knows, so it reads only the start of
/// the body (TECHNIQUES §3: 98% accuracy over all languages from 80 characters).
const OTHER_SAMPLE_CHARS: usize = 600;
/// Each paragraph is judged on its start: the allowlist is fully accurate from 80 characters
/// (TECHNIQUES §3), and whatlang's cost grows with the text it sorts.
const PARAGRAPH_SAMPLE_CHARS: usize = 240;
/// Below this many characters a single whatlang call is unreliable (TECHNIQUES §3: 30 chars).
const MIN_CHARS: usize = 30;
/// Allowlist confidence under which the per-paragraph majority decides instead.
const MIN_CONFIDENCE: f64 = 0.5;
/// The unrestricted detector must be at least this sure before a text is called `other`:
/// a false `other` hides an article from every language's fields.
const OTHER_CONFIDENCE: f64 = 0.9;
/// Paragraphs shorter than this are not judged on their own (captions, headings).
const MIN_PARAGRAPH_CHARS: usize = 40;
/// Share of words that must be valid Vietnamese syllables to call diacritic-free text
/// Vietnamese; English and French prose is far below this (clusters, long words).
const VI_SYLLABLE_SHARE: f64 = 0.9;
/// Fewest words for the syllable rule: three-word phrases like `to be in` would pass it.
const VI_SYLLABLE_MIN_WORDS: usize = 4;

/// The language found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The language, or [`Lang::Other`] for a confidently detected language outside vi/fr/en.
    pub lang: Lang,
    /// whatlang's ISO 639-3 code (`vie`, `fra`, `eng`, `deu`, ...), or `und` when unknown.
    pub code: String,
    /// Confidence in 0..=1.
    pub confidence: f64,
}

impl Detection {
    fn undetermined() -> Detection {
        Detection {
            lang: Lang::Other,
            code: "und".to_string(),
            confidence: 0.0,
        }
    }
}

/// Frequent function words that tell vi, fr and en prose apart, chosen to be rare in the
/// neighbouring languages (no `de`, `la`, `en`, which Spanish and Italian share with French).
const FUNCTION_WORDS: [(Lang, &[&str]); 3] = [
    (
        Lang::Vi,
        &[
            "và", "của", "là", "các", "những", "được", "cho", "trong", "với", "có", "không", "này",
            "đã", "một", "người", "để", "từ", "theo", "về", "khi", "đến", "tại", "cũng", "sẽ",
            "nhiều", "việc",
        ],
    ),
    (
        Lang::Fr,
        &[
            "les", "des", "et", "du", "est", "une", "dans", "pour", "sur", "avec", "sont", "ont",
            "cette", "aux", "pas", "qui", "ne", "été", "être", "leur", "ses", "mais", "plus",
        ],
    ),
    (
        Lang::En,
        &[
            "the", "and", "of", "is", "that", "with", "was", "are", "this", "has", "have", "which",
            "were", "from", "by", "will", "been", "their", "for", "its",
        ],
    ),
];
/// Each function word and the languages (bits by their place in [`FUNCTION_WORDS`]) that list
/// it: one lookup a word instead of a scan of the three lists.
static FUNCTION_WORD_SLOTS: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut slots: FxHashMap<&'static str, u8> = FxHashMap::default();
    for (slot, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
        for &word in words.iter() {
            *slots.entry(word).or_default() |= 1 << slot;
        }
    }
    slots
});
/// Fewest function-word hits for the profile to decide.
const PROFILE_MIN_HITS: usize = 5;
/// How many times the runner-up's hits the winner needs.
const PROFILE_MARGIN: usize = 4;

/// The language whose function words clearly dominate `text`, if one does: a cheap first
/// opinion that spares whatlang (most of ingestion's CPU time) on ordinary prose. Says
/// nothing about short, mixed or unusual text, which whatlang then judges.
pub fn function_word_language(text: &str) -> Option<Lang> {
    let mut hits = [0usize; 3];
    for word in text.split(|c: char| !crate::chars::is_letter_or_digit(c)) {
        if word.is_empty() || word.len() > 8 {
            continue;
        }
        if let Some(&slots) = FUNCTION_WORD_SLOTS.get(&*crate::chars::lower_case(word)) {
            for (slot, hit) in hits.iter_mut().enumerate() {
                *hit += usize::from(slots & (1 << slot) != 0);
            }
        }
    }
    let (best, &most) = hits.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let runner_up = hits
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    (most >= PROFILE_MIN_HITS && most >= PROFILE_MARGIN * runner_up)
        .then_some(FUNCTION_WORDS[best].0)
}

fn allowlist_detector() -> Detector {
    Detector::with_allowlist(vec![WLang::Vie, WLang::Fra, WLang::Eng])
}

fn to_lang(lang: WLang) -> Lang {
    match lang {
        WLang::Vie => Lang::Vi,
        WLang::Fra => Lang::Fr,
        WLang::Eng => Lang::En,
        _ => Lang::Other,
    }
}

/// The first `max` characters of `text`, cut on a char boundary.
fn prefix_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// Detects the language of an article body (cleaned of site chrome first: `Comment (0)`
/// reads as French). Uses the first ~2,000 characters; when that is short or unsure, the
/// majority of the paragraphs' languages, weighted by length, decides.
pub fn detect_language(text: &str) -> Detection {
    let sample = prefix_chars(text.trim(), SAMPLE_CHARS);
    if sample
        .chars()
        .filter(|&c| crate::chars::is_letter(c))
        .count()
        == 0
    {
        return Detection::undetermined();
    }
    let profile = function_word_language(prefix_chars(sample, OTHER_SAMPLE_CHARS));
    // Prose plainly French or English by its function words is not unaccented Vietnamese.
    if !matches!(profile, Some(Lang::Fr | Lang::En)) && looks_like_unaccented_vietnamese(sample) {
        return Detection {
            lang: Lang::Vi,
            code: code_of(Lang::Vi).to_string(),
            confidence: 0.8,
        };
    }
    // The 69-language detector is the costliest step; prose whose function words are
    // plainly vi, fr or en cannot be another language, so it is skipped for it.
    let Some(profile) = profile else {
        if let Some(other) = detect_other(sample) {
            return other;
        }
        return restricted_detection(text, sample);
    };
    // Clear function words decide: whatlang restricted to vi/fr/en named the same language
    // for every such article of the real-article set (363 pages), the development set and
    // 20,000 generated articles, with confidence 1 for all but one real page (0.51), and
    // its trigram sort was a fifth of the CPU time of reading an article.
    Detection {
        lang: profile,
        code: code_of(profile).to_string(),
        confidence: 1.0,
    }
}

/// The ISO 639-3 code of one of the analysed languages.
fn code_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vie",
        Lang::Fr => "fra",
        _ => "eng",
    }
}

/// Whatlang restricted to vi/fr/en on the sample, or the paragraphs' majority when the
/// sample is short or unsure.
fn restricted_detection(text: &str, sample: &str) -> Detection {
    let whole = allowlist_detector().detect(sample);
    let short = sample.chars().count() < MIN_CHARS;
    match whole {
        Some(info) if !short && info.confidence() >= MIN_CONFIDENCE => Detection {
            lang: to_lang(info.lang()),
            code: info.lang().code().to_string(),
            confidence: info.confidence(),
        },
        fallback => paragraph_majority(text).unwrap_or_else(|| match fallback {
            Some(info) => Detection {
                lang: to_lang(info.lang()),
                code: info.lang().code().to_string(),
                confidence: info.confidence(),
            },
            None => Detection::undetermined(),
        }),
    }
}

/// A confident detection of a language outside vi/fr/en, from the unrestricted detector.
fn detect_other(sample: &str) -> Option<Detection> {
    let info = Detector::new().detect(prefix_chars(sample, OTHER_SAMPLE_CHARS))?;
    let inside = matches!(info.lang(), WLang::Vie | WLang::Fra | WLang::Eng);
    (!inside && info.is_reliable() && info.confidence() >= OTHER_CONFIDENCE).then(|| Detection {
        lang: Lang::Other,
        code: info.lang().code().to_string(),
        confidence: info.confidence(),
    })
}

/// The paragraphs (blocks separated by blank lines, or single lines when there are no blank
/// lines) long enough to judge alone.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let blocks: Vec<&str> = if text.contains("\n\n") {
        text.split("\n\n").collect()
    } else {
        text.lines().collect()
    };
    blocks
        .into_iter()
        .map(str::trim)
        .filter(|p| p.chars().count() >= MIN_PARAGRAPH_CHARS)
}

/// The language of each paragraph long enough to judge alone (at least 40 characters), in
/// order, restricted to vi/fr/en; used to flag mixed-language articles.
pub fn detect_paragraph_languages(text: &str) -> Vec<Lang> {
    let detector = allowlist_detector();
    paragraphs(text)
        .filter_map(|p| paragraph_lang(&detector, p).map(|(lang, _)| lang))
        .collect()
}

fn paragraph_lang(detector: &Detector, paragraph: &str) -> Option<(Lang, f64)> {
    let sample = prefix_chars(paragraph, PARAGRAPH_SAMPLE_CHARS);
    if looks_like_unaccented_vietnamese(sample) {
        return Some((Lang::Vi, 0.8));
    }
    if let Some(lang) = function_word_language(sample) {
        return Some((lang, 0.9));
    }
    detector
        .detect(sample)
        .map(|info| (to_lang(info.lang()), info.confidence()))
}

/// The length-weighted majority language of the paragraphs, with the winner's share as
/// confidence.
fn paragraph_majority(text: &str) -> Option<Detection> {
    let detector = allowlist_detector();
    let mut weights = [0.0f64; 3];
    for paragraph in paragraphs(text).take(64) {
        if let Some((lang, confidence)) = paragraph_lang(&detector, paragraph) {
            if let Some(slot) = Lang::ANALYSED.iter().position(|l| *l == lang) {
                weights[slot] += confidence * paragraph.chars().count() as f64;
            }
        }
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let (best, weight) = weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, w)| (Lang::ANALYSED[i], *w))?;
    Some(Detection {
        lang: best,
        code: code_of(best).to_string(),
        confidence: weight / total,
    })
}

/// True when `text` has no Vietnamese-specific letters yet nearly every word is a valid
/// Vietnamese syllable (`chuyen doi so quoc gia`): Vietnamese typed without diacritics.
pub fn looks_like_unaccented_vietnamese(text: &str) -> bool {
    let mut words = 0usize;
    let mut syllables = 0usize;
    for word in text
        .split(|c: char| !crate::chars::is_letter_or_digit(c))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
    {
        // Any non-ASCII letter means the text carries its own diacritics: the trigram
        // detectors handle that well, so this rule stays out of the way.
        if !word.is_ascii() {
            return false;
        }
        words += 1;
        if is_vi_syllable_ascii(&word.to_ascii_lowercase()) {
            syllables += 1;
        }
    }
    words >= VI_SYLLABLE_MIN_WORDS && syllables as f64 >= VI_SYLLABLE_SHARE * words as f64
}

/// Onsets of Vietnamese syllables, longest first so `ngh` wins over `ng`.
const ONSETS: &[&str] = &[
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch", "b", "c", "d", "g", "h",
    "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
/// Vowel nuclei with diacritics removed (`ươ` → `uo`, `yê` → `ye`).
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe",
    "oi", "oo", "ua", "ue", "ui", "uo", "uu", "uy", "ye", "ieu", "yeu", "oai", "oay", "oeo", "uay",
    "uoi", "uou", "uya", "uye", "uyu", "uau",
];
const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Longest syllable without diacritics, in letters (`nghieng`).
const MAX_SYLLABLE_LETTERS: usize = 7;

/// Every onset + nucleus + coda of [`MAX_SYLLABLE_LETTERS`] letters or fewer, built once: one
/// lookup a word where parsing tried every onset and coda (English prose, all ASCII, asked
/// this of each of its words).
static VI_SYLLABLES_ASCII: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut syllables = FxHashSet::default();
    for onset in ONSETS {
        for nucleus in NUCLEI {
            for coda in CODAS {
                let syllable = format!("{onset}{nucleus}{coda}");
                if syllable.len() <= MAX_SYLLABLE_LETTERS {
                    syllables.insert(syllable);
                }
            }
        }
    }
    syllables
});

/// True when an ASCII lowercase word parses as onset + nucleus + coda of a Vietnamese
/// syllable with its diacritics removed.
fn is_vi_syllable_ascii(word: &str) -> bool {
    VI_SYLLABLES_ASCII.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VI: &str = "Phát biểu tại Hội nghị toàn quốc về đột phá phát triển khoa học, công \
        nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Thủ tướng cho biết Chính phủ đã thông \
        qua chương trình hành động thực hiện nghị quyết này trong thời gian ngắn nhất.";
    const FR: &str = "Lors de la conférence, le vice-ministre des Sciences et de la Technologie \
        a présenté le contenu clé de la résolution, publiée par le Bureau politique, sur les \
        avancées dans le développement scientifique et la transformation numérique nationale.";
    const EN: &str = "At the conference, after listening to the report on the implementation \
        of the resolution of the Politburo on breakthroughs in science and technology, the \
        General Secretary highly appreciated the efforts of ministries and agencies.";
    const DE: &str = "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für \
        Forschung und Entwicklung in den kommenden Jahren deutlich zu erhöhen, um die \
        Wettbewerbsfähigkeit der deutschen Wirtschaft zu stärken.";
    const ES: &str = "El Gobierno aprobó el miércoles un plan para aumentar la inversión en \
        investigación y desarrollo durante los próximos años, con el objetivo de fortalecer la \
        competitividad de la economía nacional.";

    #[test]
    fn detects_the_three_languages() {
        for (text, lang, code) in [
            (VI, Lang::Vi, "vie"),
            (FR, Lang::Fr, "fra"),
            (EN, Lang::En, "eng"),
        ] {
            let found = detect_language(text);
            assert_eq!(found.lang, lang, "{text}");
            assert_eq!(found.code, code);
            assert!(found.confidence > 0.5, "{found:?}");
        }
    }

    #[test]
    fn other_languages_are_not_forced_into_vi_fr_en() {
        for (text, code) in [(DE, "deu"), (ES, "spa")] {
            let found = detect_language(text);
            assert_eq!(found.lang, Lang::Other, "{text}");
            assert_eq!(found.code, code);
        }
    }

    #[test]
    fn vietnamese_without_diacritics_is_vietnamese() {
        let bare = crate::fold_diacritics(VI);
        assert!(bare.is_ascii(), "{bare}");
        assert_eq!(detect_language(&bare).lang, Lang::Vi);
        for query in [
            "ha noi mua lon ngap nhieu tuyen pho",
            "an ninh mang va chuyen doi so",
            "nghi quyet 57 ve khoa hoc cong nghe",
        ] {
            assert_eq!(detect_language(query).lang, Lang::Vi, "{query}");
        }
    }

    #[test]
    fn syllable_rule_rejects_english_and_french() {
        for text in [
            EN,
            FR,
            "teachers strike over pay",
            "gold price today in London",
        ] {
            assert!(!looks_like_unaccented_vietnamese(text), "{text}");
        }
        for (word, valid) in [
            ("nghieng", true),
            ("truong", true),
            ("quyen", true),
            ("khuyu", true),
            ("strike", false),
            ("the", true),
            ("development", false),
            ("", false),
        ] {
            assert_eq!(is_vi_syllable_ascii(word), valid, "{word}");
        }
    }

    #[test]
    fn short_or_empty_text_does_not_panic_and_is_unsure() {
        assert_eq!(detect_language("").lang, Lang::Other);
        assert_eq!(detect_language("").code, "und");
        assert_eq!(detect_language("12 345 !!").confidence, 0.0);
        // A short text still gets the allowlist's best guess rather than nothing.
        assert!(Lang::ANALYSED.contains(&detect_language("la réunion").lang));
    }

    #[test]
    fn paragraph_languages_flag_a_mixed_article() {
        let mixed = format!("{FR}\n\n{EN}\n\nCourt.\n\n{FR}");
        assert_eq!(
            detect_paragraph_languages(&mixed),
            vec![Lang::Fr, Lang::En, Lang::Fr]
        );
        let single_lines = format!("{VI}\n{EN}");
        assert_eq!(
            detect_paragraph_languages(&single_lines),
            vec![Lang::Vi, Lang::En]
        );
    }

    #[test]
    fn paragraph_majority_decides_when_the_start_is_unsure() {
        let text = format!("OK.\n\n{FR}\n\n{FR}\n\n{EN}");
        let found = paragraph_majority(&text).unwrap();
        assert_eq!(found.lang, Lang::Fr);
        assert!(
            found.confidence > 0.5 && found.confidence < 1.0,
            "{found:?}"
        );
    }

    #[test]
    fn prefix_is_cut_on_char_boundaries() {
        assert_eq!(prefix_chars("ệệệ", 2), "ệệ");
        assert_eq!(prefix_chars("ab", 5), "ab");
    }

    proptest! {
        #[test]
        fn detection_never_panics(text in any::<String>()) {
            let found = detect_language(&text);
            prop_assert!((0.0..=1.0).contains(&found.confidence));
            let _ = detect_paragraph_languages(&text);
        }
    }

    #[test]
    fn function_words_decide_plain_prose_and_abstain_otherwise() {
        for (text, want) in [
            ("The ministry said that the plan, which was approved by the government, has been delayed.", Some(Lang::En)),
            ("Le ministère a indiqué que les tâches des agences sont en retard et que le plan est prêt.", Some(Lang::Fr)),
            ("Các bộ, ngành đã hoàn thành những nhiệm vụ được giao và sẽ báo cáo với Chính phủ trong tháng này.", Some(Lang::Vi)),
            // Spanish shares `de`, `la`, `en` with French, none of the profile's words.
            ("El gobierno de la ciudad anunció en la mañana que los trabajos del puerto terminarán pronto.", None),
            ("Der Minister sagte, dass die Regierung den Plan noch in diesem Jahr umsetzen werde.", None),
            ("Hanoi, 29/5", None),
            ("", None),
        ] {
            assert_eq!(function_word_language(text), want, "{text}");
        }
    }

    #[test]
    fn the_syllable_table_is_the_syllable_grammar() {
        /// The grammar as it reads: an onset, a nucleus, a coda, seven letters at most.
        fn parses(word: &str) -> bool {
            !word.is_empty()
                && word.len() <= MAX_SYLLABLE_LETTERS
                && ONSETS.iter().any(|onset| {
                    word.strip_prefix(onset).is_some_and(|rest| {
                        CODAS.iter().any(|coda| {
                            rest.strip_suffix(coda)
                                .is_some_and(|nucleus| NUCLEI.contains(&nucleus))
                        })
                    })
                })
        }
        // Every word of up to three letters, and every seventh table entry with a letter
        // changed or one added.
        let letters: Vec<char> = ('a'..='z').collect();
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == words.last().map_or(0, String::len))
                .flat_map(|w| letters.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        let mut table: Vec<&String> = VI_SYLLABLES_ASCII.iter().collect();
        table.sort();
        for syllable in table.into_iter().step_by(7) {
            for at in 0..syllable.len() {
                for c in &letters {
                    let mut changed = syllable.clone();
                    changed.replace_range(at..at + 1, &c.to_string());
                    words.push(changed);
                }
            }
            words.push(format!("{syllable}s"));
        }
        for word in &words {
            assert_eq!(is_vi_syllable_ascii(word), parses(word), "{word:?}");
        }
    }

    #[test]
    fn clear_function_words_decide_the_body_and_whatlang_judges_the_rest() {
        // Plain prose: the function words name it, with full confidence.
        for (text, lang, code) in [
            (EN, Lang::En, "eng"),
            (FR, Lang::Fr, "fra"),
            (VI, Lang::Vi, "vie"),
        ] {
            assert!(function_word_language(text).is_some(), "{text}");
            let found = detect_language(text);
            assert_eq!(
                (found.lang, found.code.as_str(), found.confidence),
                (lang, code, 1.0)
            );
        }
        // Without clear function words the detectors still decide: German is not forced
        // into vi/fr/en, and a list of English headlines is still English.
        assert_eq!(function_word_language(DE), None);
        assert_eq!(detect_language(DE).lang, Lang::Other);
        let headlines = "Ministry reports quarterly growth figures\nNew bridge opens to traffic downtown\nSchools announce extended holiday calendar";
        assert_eq!(function_word_language(headlines), None);
        assert_eq!(detect_language(headlines).lang, Lang::En);
    }
}
