//! The lexicon, pre-analysed so a query's concepts are found by token sequence, whatever
//! the inflection (French and English stems), accents or tone placement.

use crate::compile::analyze_spans;
use newsindex_analysis::analyzers as names;
use newsindex_analysis::lexicon::{Entry, Lexicon};
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
}

/// A lexicon indexed by the first analysed token of every form.
#[derive(Default)]
pub struct PreparedLexicon {
    /// How much this lexicon's translations weigh (a curated glossary more than a general
    /// dictionary, whose senses are often not the one meant).
    pub weight: f32,
    entries: Vec<Entry>,
    by_first_token: HashMap<(usize, String), Vec<Candidate>>,
}

impl PreparedLexicon {
    /// Analyses every form of `lexicon` with the matching analyzers of its language.
    pub fn new(lexicon: &Lexicon, manager: &TokenizerManager, weight: f32) -> PreparedLexicon {
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
                    by_first_token
                        .entry((matcher, first))
                        .or_default()
                        .push(Candidate {
                            entry: entry_index,
                            tokens,
                            form: form.clone(),
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
            entries,
            by_first_token,
        }
    }

    /// The concepts `text` contains, each with the forms that matched it and where.
    pub fn matches(&self, text: &str, manager: &TokenizerManager) -> Vec<LexiconMatch<'_>> {
        let mut found: Vec<(usize, LexiconMatchSpans)> = Vec::new();
        let typed_with_marks = text.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
        for (matcher, &(_, analyzer)) in MATCHERS.iter().enumerate() {
            // Folded Vietnamese matching only for queries typed without diacritics, so that
            // `bàn` does not pull in the concept of `bán`.
            if analyzer == names::VI_FOLD && typed_with_marks {
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
