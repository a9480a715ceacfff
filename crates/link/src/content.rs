//! Content evidence beside the anchors: what the words of two articles say when their codes,
//! dates, numbers and names are too few or too common to decide.
//!
//! * **Concepts** place the content words of every language in one space: an English word is
//!   its own concept; a French or Vietnamese word or phrase found in the project's glossary
//!   stands for the words of its English translation, and a French word also for itself
//!   (cognates: `présidentiel` / `presidential`); names written in Vietnamese stand for their
//!   syllables without marks (`Lương Cường` / `Luong Cuong`). Beside the glossary, a lexicon
//!   learned from parallel news ([`LEARNED_TSV`]) gives everyday words their English
//!   translation (`hoc sinh` / `students`, `xa` / `commune`). A concept is the first six
//!   letters of a folded English word, so `cooperation` and `cooperate` meet. Two versions of
//!   one article share far more of these than two reports that merely share a topic.
//! * **The sketch** (bottom-k of hashed word triples, the MinHash family) estimates how much of
//!   one text another contains: a copy of an article at another address shares most of its word
//!   triples, an independent report in the same language very few.
//!
//! Both are bounded per article ([`MAX_CONCEPTS`], [`SKETCH_SIZE`]), so a corpus of millions
//! keeps a few hundred bytes of them per article.

use newsindex_analysis::lexicon::Lexicon;
use newsindex_analysis::{fold_diacritics, is_letter_or_digit};
use newsindex_core::Lang;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Distinct concepts kept per article, in order of appearance (title and lead first: they
/// carry the story, and an opening is all some sources keep).
pub const MAX_CONCEPTS: usize = 128;

/// Hashes kept in an article's sketch.
pub const SKETCH_SIZE: usize = 32;

/// Letters of a folded English word that make its concept.
const CONCEPT_LETTERS: usize = 6;

/// Longest glossary phrase looked up, in words.
const MAX_PHRASE_WORDS: usize = 4;

/// The lexicon learned from language editions of the same news articles
/// (`corpus/lexicon/learned.tsv`, rebuilt by `scripts/learn_lexicon.py`; provenance in
/// `corpus/lexicon/README.md`): rows of language, folded source word or Vietnamese syllable
/// pair, folded English word, then scores; `#` lines are comments, the first row a header.
const LEARNED_TSV: &str = include_str!("../../../corpus/lexicon/learned.tsv");

/// English words too common to say anything about a story.
const ENGLISH_STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "was", "were", "are", "has", "have",
    "had", "its", "his", "her", "their", "which", "will", "would", "been", "also", "said", "after",
    "more", "than", "into", "about", "over", "not", "but", "they", "who", "one", "two", "new",
    "all", "out", "year", "years", "per", "cent",
];

/// What the linker keeps of an article's words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// Concept keys in order of first appearance, at most [`MAX_CONCEPTS`].
    #[serde(default)]
    pub concepts: Vec<u32>,
    /// The [`SKETCH_SIZE`] smallest hashes of the body's word triples, ascending.
    #[serde(default)]
    pub sketch: Vec<u32>,
    /// Number of distinct word triples of the body.
    #[serde(default)]
    pub triples: u32,
}

impl Content {
    /// The content evidence of an article (title and body), analysed for its language.
    pub fn of(title: &str, text: &str, lang: Lang) -> Content {
        let mut concepts = ConceptList::default();
        let folded_title = fold_lower(title);
        add_concepts(title, &words_of(&folded_title), lang, &mut concepts);
        // The body is folded and split once, for its concepts and its sketch.
        let folded_text = fold_lower(text);
        let words = words_of(&folded_text);
        add_concepts(text, &words, lang, &mut concepts);
        let (sketch, triples) = sketch_of(&words);
        Content {
            concepts: concepts.keys,
            sketch,
            triples,
        }
    }
}

/// Concept keys in order, each once, up to the cap.
#[derive(Default)]
struct ConceptList {
    keys: Vec<u32>,
    seen: FxHashSet<u32>,
}

impl ConceptList {
    /// Whether the cap is reached: later words can add nothing.
    fn is_full(&self) -> bool {
        self.keys.len() >= MAX_CONCEPTS
    }

    fn push(&mut self, key: u32) {
        if !self.is_full() && self.seen.insert(key) {
            self.keys.push(key);
        }
    }
}

/// The concept of a folded English word, or `None` for a stopword or a fragment.
fn concept_of_english(word: &str) -> Option<u32> {
    if word.chars().nth(2).is_none() || ENGLISH_STOPWORDS.contains(&word) {
        return None;
    }
    let stem_end = word
        .char_indices()
        .nth(CONCEPT_LETTERS)
        .map_or(word.len(), |(at, _)| at);
    Some(xxhash_rust::xxh3::xxh3_64(&word.as_bytes()[..stem_end]) as u32)
}

/// A text lower-cased and without marks (one allocation for the whole text).
fn fold_lower(text: &str) -> String {
    fold_diacritics(&text.to_lowercase())
}

/// The words of a folded text (digits kept: `2025`, `132`), borrowed from it.
fn words_of(folded: &str) -> Vec<&str> {
    // Latin letters are decided without the Unicode tables: most letters of all three
    // languages are.
    folded
        .split(|c: char| !is_letter_or_digit(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Glossary phrases of one language: the concepts of each phrase's English translation, and
/// the longest phrase (in words) starting with each first word, so that most words cost one
/// lookup.
#[derive(Default)]
struct PhraseTable {
    concepts: FxHashMap<String, Vec<u32>>,
    longest_from: FxHashMap<String, usize>,
}

impl PhraseTable {
    /// Lets the folded `words` of a phrase stand for the concepts `english`.
    fn add(&mut self, words: &[&str], english: &[u32]) {
        if words.is_empty() || words.len() > MAX_PHRASE_WORDS || english.is_empty() {
            return;
        }
        let longest = self.longest_from.entry(words[0].to_string()).or_default();
        *longest = (*longest).max(words.len());
        let keys = self.concepts.entry(words.join(" ")).or_default();
        for &key in english {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
}

/// The rows of the learned lexicon: (language, folded source phrase, folded English word).
/// Rows of another language or without an English word are skipped.
fn learned_rows(tsv: &str) -> impl Iterator<Item = (Lang, &str, &str)> {
    tsv.lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("lang\t"))
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let lang = match cells.next()? {
                "vi" => Lang::Vi,
                "fr" => Lang::Fr,
                _ => return None,
            };
            let (source, english) = (cells.next()?.trim(), cells.next()?.trim());
            (!source.is_empty() && !english.is_empty()).then_some((lang, source, english))
        })
}

/// Glossary phrases and learned words of French and Vietnamese (folded, space-joined) and the
/// concepts of their English translations; built once per process.
fn glossary() -> &'static [PhraseTable; 2] {
    static TABLE: OnceLock<[PhraseTable; 2]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: [PhraseTable; 2] = Default::default();
        for entry in Lexicon::builtin().entries() {
            let english: Vec<u32> = entry
                .forms_in(Lang::En)
                .iter()
                .flat_map(|form| {
                    let folded = fold_lower(form);
                    words_of(&folded)
                        .into_iter()
                        .filter_map(concept_of_english)
                        .collect::<Vec<_>>()
                })
                .collect();
            if english.is_empty() {
                continue;
            }
            for (slot, lang) in [(0, Lang::Vi), (1, Lang::Fr)] {
                for form in entry.forms_in(lang) {
                    let folded = fold_lower(form);
                    table[slot].add(&words_of(&folded), &english);
                }
            }
        }
        for (lang, source, english) in learned_rows(LEARNED_TSV) {
            let slot = usize::from(lang == Lang::Fr);
            let folded = fold_lower(source);
            let english: Vec<u32> = concept_of_english(&fold_lower(english))
                .into_iter()
                .collect();
            table[slot].add(&words_of(&folded), &english);
        }
        table
    })
}

/// Adds the concepts of a text, given also as its folded `words`.
fn add_concepts(text: &str, words: &[&str], lang: Lang, out: &mut ConceptList) {
    let slot = match lang {
        Lang::Vi => Some(0),
        Lang::Fr => Some(1),
        _ => None,
    };
    let Some(slot) = slot else {
        for word in words {
            if out.is_full() {
                return;
            }
            if let Some(key) = concept_of_english(word) {
                out.push(key);
            }
        }
        return;
    };
    let table = &glossary()[slot];
    let names = if lang == Lang::Vi {
        capitalised_words(text)
    } else {
        FxHashSet::default()
    };
    let mut phrase = String::new();
    for (i, word) in words.iter().enumerate() {
        if out.is_full() {
            return;
        }
        // Longest glossary phrase starting here stands for its English words.
        let longest = table.longest_from.get(*word).copied().unwrap_or(0);
        for n in (1..=longest.min(words.len() - i)).rev() {
            phrase.clear();
            for (k, w) in words[i..i + n].iter().enumerate() {
                if k > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(w);
            }
            if let Some(keys) = table.concepts.get(&phrase) {
                for &key in keys {
                    out.push(key);
                }
                break;
            }
        }
        let spelt_alike = match lang {
            // A French word may be its English cognate; numbers are numbers everywhere.
            Lang::Fr => true,
            // Vietnamese syllables are English only in names (`Luong Cuong`) and numbers.
            _ => names.contains(*word) || word.bytes().any(|c| c.is_ascii_digit()),
        };
        if spelt_alike {
            if let Some(key) = concept_of_english(word) {
                out.push(key);
            }
        }
    }
}

/// Folded words of a text written with a capital letter inside a run of two or more
/// capitalised words (Vietnamese names: `Phạm Minh Chính`), sentence starts aside.
fn capitalised_words(text: &str) -> FxHashSet<String> {
    let mut names = FxHashSet::default();
    let mut run: Vec<&str> = Vec::new();
    let mut flush = |run: &mut Vec<&str>| {
        if run.len() >= 2 {
            for word in run.iter() {
                names.insert(fold_diacritics(&word.to_lowercase()));
            }
        }
        run.clear();
    };
    for token in text.split(|c: char| !is_letter_or_digit(c)) {
        if token.chars().next().is_some_and(char::is_uppercase) {
            run.push(token);
        } else if !token.is_empty() {
            flush(&mut run);
        }
    }
    flush(&mut run);
    names
}

/// The sketch of a body: the smallest hashes of its distinct folded word triples, and how
/// many distinct triples it has.
fn sketch_of(words: &[&str]) -> (Vec<u32>, u32) {
    let word_hashes: Vec<u64> = words
        .iter()
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes()))
        .collect();
    // A triple's hash mixes its words' hashes, each rotated by its position.
    let mut hashes: Vec<u32> = word_hashes
        .windows(3)
        .map(|w| {
            let mixed = w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42);
            (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    let triples = hashes.len() as u32;
    hashes.truncate(SKETCH_SIZE);
    (hashes, triples)
}

/// What [`containment`] reads of an article: its sketch and how many word triples it has.
pub trait Sketched {
    /// The smallest hashes of the body's distinct word triples, ascending.
    fn sketch(&self) -> &[u32];
    /// Number of distinct word triples of the body.
    fn triples(&self) -> u32;
}

impl Sketched for Content {
    fn sketch(&self) -> &[u32] {
        &self.sketch
    }

    fn triples(&self) -> u32 {
        self.triples
    }
}

/// What the linker keeps of an article's words once the corpus has given its concepts dense
/// ids: the concepts packed (see [`PackedConcepts`]) and the sketch, borrowed from where the
/// corpus keeps them (see `crate::members`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PreparedContent<'a> {
    /// Dense concept ids, sorted.
    pub concepts: PackedConcepts<'a>,
    /// See [`Content::sketch`].
    pub sketch: &'a [u32],
    /// See [`Content::triples`].
    pub triples: u32,
}

impl Sketched for PreparedContent<'_> {
    fn sketch(&self) -> &[u32] {
        self.sketch
    }

    fn triples(&self) -> u32 {
        self.triples
    }
}

/// Sorted, distinct concept ids stored as the gaps between them, seven bits a byte (LEB128):
/// dense ids are small and an article's are close together, so most take one or two bytes
/// instead of four. They are the largest part of what a corpus keeps per article, and
/// scoring only ever walks them in order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PackedConcepts<'a>(pub(crate) &'a [u8]);

impl<'a> PackedConcepts<'a> {
    /// Packs ids sorted ascending, each once: the bytes a [`PackedConcepts`] reads.
    pub(crate) fn pack(sorted: &[u32]) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(sorted.len() * 2);
        let mut last = 0u32;
        for &id in sorted {
            debug_assert!(id >= last, "concept ids must come sorted");
            let mut gap = id - last;
            last = id;
            while gap >= 0x80 {
                bytes.push((gap as u8 & 0x7f) | 0x80);
                gap >>= 7;
            }
            bytes.push(gap as u8);
        }
        bytes
    }

    /// The ids, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        let mut bytes = self.0.iter();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                gap |= u32::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    break;
                }
                shift += 7;
            }
            last += gap;
            Some(last)
        })
    }
}

/// Estimated share of the shorter body's word triples found in the other body, 0..=1, from
/// the two sketches (the union's smallest hashes sample both sets alike).
pub fn containment<A: Sketched + ?Sized, B: Sketched + ?Sized>(a: &A, b: &B) -> f64 {
    let (sketch_a, sketch_b) = (a.sketch(), b.sketch());
    if sketch_a.is_empty() || sketch_b.is_empty() {
        return 0.0;
    }
    let k = SKETCH_SIZE.min(sketch_a.len().max(sketch_b.len()));
    let (mut i, mut j, mut taken, mut both) = (0, 0, 0, 0);
    while taken < k && (i < sketch_a.len() || j < sketch_b.len()) {
        match (sketch_a.get(i), sketch_b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        taken += 1;
    }
    let jaccard = f64::from(both) / taken.max(1) as f64;
    let (na, nb) = (f64::from(a.triples().max(1)), f64::from(b.triples().max(1)));
    // |A∩B| = J·|A∪B| and |A∪B| = (|A|+|B|)/(1+J).
    (jaccard * (na + nb) / ((1.0 + jaccard) * na.min(nb))).min(1.0)
}

/// Length of a concept set's IDF vector (`idf` of a key): the cosine's denominator, computed
/// once per article.
pub(crate) fn concept_norm(keys: impl IntoIterator<Item = u32>, idf: impl Fn(u32) -> f64) -> f64 {
    keys.into_iter().map(|k| idf(k).powi(2)).sum::<f64>().sqrt()
}

/// Cosine of two concept sets weighted by inverse document frequency, given their
/// [`concept_norm`]s.
pub(crate) fn concept_similarity(
    a: &PackedConcepts,
    b: &PackedConcepts,
    norms: [f64; 2],
    idf: impl Fn(u32) -> f64,
) -> f64 {
    if norms[0] <= 0.0 || norms[1] <= 0.0 {
        return 0.0;
    }
    let (mut a, mut b) = (a.iter(), b.iter());
    let (mut x, mut y) = (a.next(), b.next());
    let mut shared = 0.0;
    while let (Some(i), Some(j)) = (x, y) {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => x = a.next(),
            std::cmp::Ordering::Greater => y = b.next(),
            std::cmp::Ordering::Equal => {
                shared += idf(i).powi(2);
                x = a.next();
                y = b.next();
            }
        }
    }
    (shared / (norms[0] * norms[1])).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(_: u32) -> f64 {
        1.0
    }

    /// Similarity with unit weights, as the linker computes it (sorted keys, norms first).
    fn similarity(a: &Content, b: &Content) -> f64 {
        let (mut x, mut y) = (a.concepts.clone(), b.concepts.clone());
        x.sort_unstable();
        y.sort_unstable();
        let norms = [
            concept_norm(x.iter().copied(), flat),
            concept_norm(y.iter().copied(), flat),
        ];
        let (x, y) = (PackedConcepts::pack(&x), PackedConcepts::pack(&y));
        concept_similarity(&PackedConcepts(&x), &PackedConcepts(&y), norms, flat)
    }

    proptest::proptest! {
        #[test]
        fn packed_concepts_read_back_as_given(mut ids in proptest::collection::vec(0u32.., 0..200)) {
            ids.sort_unstable();
            ids.dedup();
            let bytes = PackedConcepts::pack(&ids);
            let packed = PackedConcepts(&bytes);
            proptest::prop_assert_eq!(packed.iter().collect::<Vec<_>>(), ids.clone());
            // Gaps under 128 take one byte.
            if ids.windows(2).all(|w| w[1] - w[0] < 0x80) && ids.first().is_none_or(|&f| f < 0x80) {
                proptest::prop_assert_eq!(packed.0.len(), ids.len());
            }
        }
    }

    #[test]
    fn a_french_sentence_and_its_english_version_share_concepts() {
        let fr = Content::of(
            "",
            "Le président Luong Cuong a reçu le Premier ministre.",
            Lang::Fr,
        );
        let en = Content::of(
            "",
            "President Luong Cuong received the Prime Minister.",
            Lang::En,
        );
        let other = Content::of("", "Typhoon floods destroyed rice harvests.", Lang::En);
        let near = similarity(&fr, &en);
        let far = similarity(&fr, &other);
        assert!(near > 0.3, "{near}");
        assert!(far < 0.1, "{far}");
    }

    #[test]
    fn vietnamese_names_and_glossary_phrases_meet_english() {
        let vi = Content::of("", "Chủ tịch nước Lương Cường tiếp Thủ tướng.", Lang::Vi);
        let en = Content::of(
            "",
            "State President Luong Cuong received the Prime Minister.",
            Lang::En,
        );
        let shared = vi
            .concepts
            .iter()
            .filter(|k| en.concepts.contains(k))
            .count();
        // luong, cuong and at least one glossary concept (president / prime / minister).
        assert!(shared >= 3, "{shared}: {vi:?} {en:?}");
        // Lower-case Vietnamese syllables are not English words: `con` (a child, an animal)
        // is no concept of its own, while the name `Con Dao` is.
        let plain = Content::of("", "ba con mèo", Lang::Vi);
        let con = concept_of_english("con").unwrap();
        assert!(!plain.concepts.contains(&con), "{plain:?}");
        let named = Content::of("", "Đi thăm Côn Đảo", Lang::Vi);
        assert!(named.concepts.contains(&con), "{named:?}");
    }

    #[test]
    fn learned_rows_skip_comments_header_and_malformed_lines() {
        let tsv = "# built by a script\nlang\tsource\ten\tp_en\nvi\thoc sinh\tstudents\t0.5\n\
                   fr\tville\tcity\nde\tstadt\tcity\nvi\tonly-source\nvi\t\tempty\n\n";
        let rows: Vec<_> = learned_rows(tsv).collect();
        assert_eq!(
            rows,
            [
                (Lang::Vi, "hoc sinh", "students"),
                (Lang::Fr, "ville", "city")
            ]
        );
    }

    #[test]
    fn every_learned_row_is_read_and_gives_its_concept() {
        let data_lines = LEARNED_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let rows: Vec<_> = learned_rows(LEARNED_TSV).collect();
        // The header is the one line that is no row.
        assert_eq!(rows.len() + 1, data_lines, "a malformed row in learned.tsv");
        assert!(rows.len() >= 20, "{}", rows.len());
        for (lang, source, english) in rows {
            let content = Content::of("", source, lang);
            let want = concept_of_english(english).unwrap();
            assert!(
                content.concepts.contains(&want),
                "{source} should stand for {english}"
            );
        }
    }

    #[test]
    fn a_learned_vietnamese_word_meets_its_english_translation() {
        // `nhà giáo` (teachers) and `bạn đọc` (readers) are no glossary phrases: only the
        // learned lexicon translates them.
        for phrase in ["nha giao", "ban doc"] {
            assert!(!Lexicon::builtin()
                .entries()
                .iter()
                .any(|e| e.forms_in(Lang::Vi).iter().any(|f| fold_lower(f) == phrase)));
        }
        let vi = Content::of("", "Thư của nhà giáo gửi bạn đọc", Lang::Vi);
        let en = Content::of("", "A letter from teachers to readers", Lang::En);
        for word in ["teachers", "readers"] {
            let key = concept_of_english(word).unwrap();
            assert!(vi.concepts.contains(&key), "{word}: {vi:?}");
            assert!(en.concepts.contains(&key), "{word}: {en:?}");
        }
    }

    #[test]
    fn concepts_are_capped_and_kept_in_order() {
        let text: String = (0..500).map(|i| format!("q{i:05}word ")).collect();
        let content = Content::of("Headline", &text, Lang::En);
        assert_eq!(content.concepts.len(), MAX_CONCEPTS);
        assert_eq!(content.concepts[0], concept_of_english("headline").unwrap());
    }

    #[test]
    fn containment_tells_a_copy_from_another_text() {
        let body: String = (0..200).map(|i| format!("mot{i} ")).collect();
        let copy = format!("Intro sentence added here. {body}");
        let other: String = (0..200).map(|i| format!("autre{i} ")).collect();
        let (a, b, c) = (
            Content::of("", &body, Lang::Fr),
            Content::of("", &copy, Lang::Fr),
            Content::of("", &other, Lang::Fr),
        );
        assert!(containment(&a, &b) > 0.8, "{}", containment(&a, &b));
        assert!(containment(&a, &c) < 0.1, "{}", containment(&a, &c));
        assert_eq!(containment(&a, &Content::default()), 0.0);
        assert_eq!(a.sketch.len(), SKETCH_SIZE);
        assert!(a.sketch.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", " ", "\u{0}\u{301}", "ǅ 𝒜 ﬁ", "1 2 3", "Đ Đ Đ"] {
            for lang in [Lang::Vi, Lang::Fr, Lang::En, Lang::Other] {
                let content = Content::of(text, text, lang);
                let _ = containment(&content, &content);
                let _ = similarity(&content, &content);
            }
        }
    }
}
