//! The lexicon, pre-analysed so a query's concepts are found by token sequence, whatever
//! the inflection (French and English stems), accents or tone placement.

use crate::compile::analyze_spans;
use newsindex_analysis::analyzers as names;
use newsindex_analysis::lexicon::{Entry, Lexicon};
use newsindex_analysis::{fold_diacritics, is_function_word, language_of_words};
use newsindex_core::Lang;
use std::collections::HashMap;
use std::ops::Range;
use tantivy::tokenizer::TokenizerManager;

fn tokens_of(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

/// Matching keys: Vietnamese exact and folded, French accent-insensitive, English stemmed.
const MATCHERS: [(usize, &str); 4] = [
    (0, names::VI_EXACT),
    (0, names::VI_FOLD),
    (1, names::FR_ASCII),
    (2, names::EN_STEM),
];

struct Candidate {
    entry: usize,
    tokens: Vec<String>,
    form: String,
    /// Whether the form is written with a capital (a name, not a common noun).
    capitalised: bool,
    /// Whether the analyzer drops the form's first or last word.
    edge_dropped: bool,
}

/// How strictly a lexicon's forms must match the query's words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Matching {
    /// By analysed tokens (stems): a curated glossary, whose forms are the words meant.
    #[default]
    Stems,
    /// Word for word, an inflection ending aside: a general dictionary, where two words with
    /// one stem are often two senses (`pape` and `papa`, `terre` and `terrasse`).
    Words,
}

/// A lexicon indexed by the first analysed token of every form.
#[derive(Default)]
pub struct PreparedLexicon {
    /// How much this lexicon's translations weigh (a curated glossary more than a general
    /// dictionary, whose senses are often not the one meant).
    pub weight: f32,
    matching: Matching,
    entries: Vec<Entry>,
    by_first_token: HashMap<(usize, String), Vec<Candidate>>,
}

impl PreparedLexicon {
    /// Analyses every form of `lexicon` with the matching analyzers of its language.
    pub fn new(
        lexicon: &Lexicon,
        manager: &TokenizerManager,
        weight: f32,
        matching: Matching,
    ) -> PreparedLexicon {
        let entries = lexicon.entries().to_vec();
        let mut by_first_token: HashMap<(usize, String), Vec<Candidate>> = HashMap::new();
        // Fetch each analyzer once: the manager hands out a fresh clone on every `get`.
        let mut analyzers: Vec<_> = MATCHERS.iter().map(|(_, name)| manager.get(name)).collect();
        for (entry_index, entry) in entries.iter().enumerate() {
            for (matcher, &(lang_index, _)) in MATCHERS.iter().enumerate() {
                let Some(analyzer) = analyzers[matcher].as_mut() else {
                    continue;
                };
                for form in &entry.forms[lang_index] {
                    let tokens = tokens_of(analyzer, form);
                    let Some(first) = tokens.first().cloned() else {
                        continue;
                    };
                    // A form whose first or last word the analyzer drops (a French stop
                    // word: `en général`, `par habitant`) would match another word alone
                    // (`général`, `habitant`): it is matched word for word.
                    let mut words = form.split_whitespace();
                    let edges = [words.next(), words.next_back()];
                    let edge_dropped = edges[1].is_some()
                        && edges
                            .into_iter()
                            .flatten()
                            .any(|edge| tokens_of(analyzer, edge).is_empty());
                    by_first_token
                        .entry((matcher, first))
                        .or_default()
                        .push(Candidate {
                            entry: entry_index,
                            tokens,
                            form: form.clone(),
                            capitalised: form.chars().any(char::is_uppercase),
                            edge_dropped,
                        });
                }
            }
        }
        for candidates in by_first_token.values_mut() {
            // Longest forms first, so a position takes its most specific concept.
            candidates.sort_by(|a, b| {
                b.tokens
                    .len()
                    .cmp(&a.tokens.len())
                    .then(a.entry.cmp(&b.entry))
            });
        }
        PreparedLexicon {
            weight,
            matching,
            entries,
            by_first_token,
        }
    }

    /// The concepts `text` contains, each with the forms that matched it and where.
    pub fn matches(
        &self,
        text: &str,
        query: &QueryWords,
        manager: &TokenizerManager,
    ) -> Vec<LexiconMatch<'_>> {
        let mut found: Vec<(usize, LexiconMatchSpans)> = Vec::new();
        let typed_with_marks = text.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
        for (matcher, &(lang_index, analyzer)) in MATCHERS.iter().enumerate() {
            // Folded Vietnamese matching only for queries typed without diacritics, so that
            // `bàn` does not pull in the concept of `bán`.
            if analyzer == names::VI_FOLD && typed_with_marks {
                continue;
            }
            // A query whose function words name its language is read in that language only:
            // French `touche` is not English `touching`.
            if query.lang.is_some_and(|l| Lang::ANALYSED[lang_index] != l) {
                continue;
            }
            let tokens = analyze_spans(manager, analyzer, text);
            let mut i = 0;
            while i < tokens.len() {
                let longest = self
                    .by_first_token
                    .get(&(matcher, tokens[i].text.clone()))
                    .and_then(|candidates| {
                        candidates.iter().find(|c| {
                            c.tokens.len() <= tokens.len() - i
                                && c.tokens.iter().zip(&tokens[i..]).all(|(a, b)| *a == b.text)
                                && self.accepts(
                                    c,
                                    query,
                                    tokens[i].from..tokens[i + c.tokens.len() - 1].to,
                                    manager,
                                )
                        })
                    });
                match longest {
                    Some(candidate) => {
                        let end = i + candidate.tokens.len();
                        let span = tokens[i].from..tokens[end - 1].to;
                        let spans = match found.iter_mut().find(|(e, _)| *e == candidate.entry) {
                            Some((_, spans)) => spans,
                            None => {
                                found.push((candidate.entry, LexiconMatchSpans::default()));
                                &mut found.last_mut().expect("just pushed").1
                            }
                        };
                        spans.forms.push(candidate.form.clone());
                        spans.spans.push(span);
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        found
            .into_iter()
            .map(|(entry, spans)| LexiconMatch {
                entry: &self.entries[entry],
                forms: spans.forms,
                spans: spans.spans,
            })
            .collect()
    }
}

impl PreparedLexicon {
    /// Whether `candidate`, whose tokens match the query's at `span`, stands for what the
    /// query's words there mean.
    fn accepts(
        &self,
        candidate: &Candidate,
        query: &QueryWords,
        span: Range<usize>,
        manager: &TokenizerManager,
    ) -> bool {
        let words: Vec<&QueryWord> = query.within(&span).collect();
        // A function word is grammar, not a concept (French `un` is not the UN), unless
        // typed as an acronym (`UN`).
        if words.iter().all(|w| w.function_word && !w.acronym) {
            return false;
        }
        // A name is not a common noun: `Luong` (a surname) is not `lương` (a salary).
        if !candidate.capitalised && !words.is_empty() && words.iter().all(|w| w.name_like) {
            return false;
        }
        if !candidate.edge_dropped && self.matching == Matching::Stems {
            return true;
        }
        // The form's words, case and marks aside (stop words kept); only for the few
        // candidates a query reaches, not for every form of a large dictionary.
        let form_words: Vec<String> = analyze_spans(manager, names::NEUTRAL_FOLD, &candidate.form)
            .into_iter()
            .map(|t| t.text)
            .collect();
        if candidate.edge_dropped {
            return query.holds_words(&form_words, &span);
        }
        words.len() == form_words.len()
            && words
                .iter()
                .zip(&form_words)
                .all(|(w, form)| same_word(&w.folded, form))
    }
}

/// Endings an inflected word may add to its dictionary form (plural, feminine, English
/// past and gerund): `morts` is `mort`, `elected` is `elect`.
const INFLECTIONS: [&str; 7] = ["s", "x", "e", "es", "d", "ed", "ing"];

/// Whether two folded words are one word, an inflection ending aside: some stem, the word
/// itself or the word less one ending, is both's.
fn same_word(a: &str, b: &str) -> bool {
    let stems = |word: &'_ str| -> Vec<String> {
        std::iter::once(word.to_string())
            .chain(INFLECTIONS.iter().filter_map(|ending| {
                word.strip_suffix(ending)
                    .filter(|stem| !stem.is_empty())
                    .map(str::to_string)
            }))
            .collect()
    };
    let of_b = stems(b);
    stems(a).iter().any(|stem| of_b.contains(stem))
}

/// One word of a query, as the lexicon's rules see it.
struct QueryWord {
    span: Range<usize>,
    /// Case and marks aside.
    folded: String,
    /// Written with a capital where capitals say something: not the query's first word
    /// alone, not a query written all in capitals or title case.
    name_like: bool,
    /// Written in capitals, two letters or more (`UN`, `ONU`).
    acronym: bool,
    /// A function word of vi, fr or en.
    function_word: bool,
}

/// A query text's words (as the lexicon's rules see them) and the language its function
/// words name, read once per text for every lexicon and for the compiler.
pub struct QueryWords {
    words: Vec<QueryWord>,
    /// The language whose function words the text holds, two or more and none of another.
    pub lang: Option<Lang>,
}

impl QueryWords {
    /// Reads `text` (normalised) with the neutral analyzer.
    pub fn of(text: &str, manager: &TokenizerManager) -> QueryWords {
        let spans = analyze_spans(manager, names::NEUTRAL_FOLD, text);
        let surface = |i: usize| &text[spans[i].from..spans[i].to];
        let capital = |i: usize| surface(i).chars().next().is_some_and(char::is_uppercase);
        // In title case (every content word capitalised) a capital says nothing; two
        // capitalised words alone are a name (`Macron Hanoi`).
        let content: Vec<usize> = (0..spans.len())
            .filter(|&i| surface(i).chars().count() > 3 && !is_function_word(surface(i)))
            .collect();
        let title_case = content.len() > 2 && content.iter().all(|&i| capital(i));
        let capitals_mean_names = !title_case;
        let words = (0..spans.len())
            .map(|i| {
                let letters: Vec<char> = surface(i).chars().filter(|c| c.is_alphabetic()).collect();
                let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
                // The first word of a query is capitalised by habit, unless a capitalised
                // word follows it (`Luong Cuong`).
                let name_like =
                    capitals_mean_names && capital(i) && (i > 0 || (spans.len() > 1 && capital(1)));
                QueryWord {
                    span: spans[i].from..spans[i].to,
                    folded: fold_diacritics(&spans[i].text),
                    name_like,
                    acronym,
                    function_word: is_function_word(surface(i)),
                }
            })
            .collect();
        let lang = language_of_words((0..spans.len()).map(surface));
        QueryWords { words, lang }
    }

    /// Whether `words` are the query's words in a row, one of them within `span`.
    fn holds_words(&self, words: &[String], span: &Range<usize>) -> bool {
        if words.is_empty() {
            return false;
        }
        self.words.windows(words.len()).any(|run| {
            run.iter()
                .any(|w| w.span.start < span.end && span.start < w.span.end)
                && run
                    .iter()
                    .zip(words)
                    .all(|(w, form)| same_word(&w.folded, form))
        })
    }

    /// The words that overlap `span`.
    fn within<'q>(&'q self, span: &'q Range<usize>) -> impl Iterator<Item = &'q QueryWord> {
        self.words
            .iter()
            .filter(move |w| w.span.start < span.end && span.start < w.span.end)
    }
}

#[derive(Default)]
struct LexiconMatchSpans {
    forms: Vec<String>,
    spans: Vec<Range<usize>>,
}

/// One concept of the lexicon found in a text.
pub struct LexiconMatch<'a> {
    /// The concept.
    pub entry: &'a Entry,
    /// Its forms that matched (as written in the lexicon).
    pub forms: Vec<String>,
    /// Where in the text they matched (byte ranges).
    pub spans: Vec<Range<usize>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glossary and a dictionary in the shapes of the built-in ones.
    fn lexicons(manager: &TokenizerManager) -> [PreparedLexicon; 2] {
        let glossary = Lexicon::parse_tsv(
            "vi\tfr\ten\n\
             Liên hợp quốc\tNations unies | ONU\tUnited Nations | UN\n\
             lễ\tcérémonie\tceremony\n\
             lương\tsalaire\tsalary\n\
             Hà Nội\tHanoï\tHanoi\n\
             bão\ttyphon\ttyphoon\n",
        )
        .expect("a well-formed glossary");
        let fr_en = [
            ("papa", "dad"),
            ("pape", "pope"),
            ("mort", "death"),
            ("élire", "elect"),
            ("en général", "generally"),
            ("général", "general"),
            ("attendrissant", "touching"),
            ("dame", "lady"),
        ];
        let dictionary = Lexicon::from_entries(
            fr_en
                .iter()
                .map(|(fr, en)| Entry {
                    forms: [vec![], vec![fr.to_string()], vec![en.to_string()]],
                })
                .collect(),
        );
        [
            PreparedLexicon::new(&glossary, manager, 1.0, Matching::Stems),
            PreparedLexicon::new(&dictionary, manager, 0.5, Matching::Words),
        ]
    }

    /// The first form of every concept the lexicons find in `query`.
    fn concepts(query: &str) -> Vec<String> {
        let manager = TokenizerManager::default();
        newsindex_analysis::register_analyzers(&manager);
        let mut found = Vec::new();
        for lexicon in lexicons(&manager) {
            for m in lexicon.matches(query, &QueryWords::of(query, &manager), &manager) {
                let first = m.entry.forms.iter().flatten().next();
                found.push(first.expect("an entry has a form").clone());
            }
        }
        found.sort();
        found.dedup();
        found
    }

    fn finds(query: &str, concept: &str) -> bool {
        concepts(query).iter().any(|c| c == concept)
    }

    #[test]
    fn a_function_word_is_not_a_concept_unless_typed_as_an_acronym() {
        assert!(!finds("le parlement élit un président", "Liên hợp quốc"));
        assert!(finds("UN climate talks", "Liên hợp quốc"));
        // French `le`, typed without marks, is not Vietnamese `lễ` (a ceremony).
        assert!(!finds("le typhon", "lễ"));
        assert!(finds("le typhon", "bão"));
        assert!(finds("le lễ", "lễ"));
    }

    #[test]
    fn a_name_is_not_a_common_noun() {
        assert!(!finds("Luong Cuong president", "lương"));
        assert!(!finds("reopening of Notre Dame", "dame"));
        // Typed in lower case, or as the query's first word alone, it is the word.
        assert!(finds("muc luong toi thieu", "lương"));
        assert!(finds("Luong toi thieu", "lương"));
        // A name in the lexicon is a name whatever the case.
        assert!(finds("Ha Noi", "Hà Nội"));
        // In title case capitals say nothing.
        assert!(finds("Pope Mourns Late Dame", "dame"));
    }

    #[test]
    fn a_dictionary_matches_word_for_word_an_ending_aside() {
        assert_eq!(concepts("pape"), vec!["pape".to_string()]);
        assert!(finds("morts", "mort"));
        assert!(finds("elected", "élire"));
        // `général` is not `en général` (generally), which the analyzer cuts down to it.
        assert_eq!(concepts("général"), vec!["général".to_string()]);
        assert!(finds("il pleut en général", "en général"));
    }

    #[test]
    fn a_query_whose_function_words_name_its_language_is_read_in_it() {
        // English `touching` (stem `touch`) is not French `touche`.
        assert!(finds("touching", "attendrissant"));
        assert!(finds("touche", "attendrissant"));
        assert!(!finds(
            "le typhon touche terre dans le nord",
            "attendrissant"
        ));
    }

    #[test]
    fn odd_queries_never_panic() {
        for query in [
            "",
            " ",
            "UN",
            "a à",
            "\u{0}",
            "Ǆ ǅ",
            "le le le le",
            "l'",
            "'",
        ] {
            let _ = concepts(query);
        }
    }
}
