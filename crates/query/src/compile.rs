//! Turns a parsed query into one tantivy query over every language's fields.
//!
//! The query is never routed to one language: each clause is analysed with every field's
//! analyzer, expanded with lexicon translations and language-neutral anchors, and weighted so
//! that exact-language, exact-diacritic matches rank first while translated-term and anchor
//! matches count but weigh less.

use crate::stats::LanguageStatistics;
use crate::syntax::{Clause, Occur as ClauseOccur, ParsedQuery, Text};
use crate::translate::{PreparedLexicon, QueryWords};
use newsindex_analysis::analyzers as names;
use newsindex_analysis::{
    extract_query_anchors, function_word_languages, normalize_text, AnchorKind,
};
use newsindex_core::{Date, Lang};
use newsindex_index::Fields;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::ops::Range;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TokenStream, TokenizerManager};
use tantivy::Term;

/// How much more a title match weighs than a body match: a title is short, so one
/// occurrence there already scores like a strong paragraph; it is an alternative form of
/// the word (never added to the body's), so a title cannot outweigh the whole article.
const TITLE_BOOST: f32 = 1.0;
/// Weight of a lexicon translation relative to the query's own words (fitted with the
/// ranking on half `a` of the real-article set; see EVALUATION.md).
const TRANSLATION_WEIGHT: f32 = 0.8;
/// Below this idf (ln 2: the word is in about half of a language's articles or more) a
/// query word beside rarer ones is not highlighted: it ranks next to nothing and would mark
/// every line.
const COMMON_WORD_IDF: f32 = std::f32::consts::LN_2;
/// Most words analysed per clause; the rest are ignored with a warning.
const MAX_WORDS_PER_CLAUSE: usize = 64;
/// Most lexicon forms added to one query.
const MAX_EXPANSIONS: usize = 48;

/// Filters applied to every hit, from the request and the query string.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Keep only these languages (empty: all).
    pub langs: Vec<Lang>,
    /// Keep only these outlets (empty: all).
    pub sources: Vec<String>,
    /// Keep only articles published on or after this day.
    pub since: Option<Date>,
    /// Keep only articles published on or before this day.
    pub until: Option<Date>,
    /// Drop these languages.
    pub not_langs: Vec<Lang>,
    /// Drop these outlets.
    pub not_sources: Vec<String>,
    /// Drop articles published in these periods (inclusive; `None` is open).
    pub not_dates: Vec<(Option<Date>, Option<Date>)>,
}

impl Filters {
    /// Whether an article passes every filter (the query's own matching aside).
    pub fn pass(&self, lang: Lang, source: Option<&str>, date: Option<Date>) -> bool {
        let in_period = |since: Option<Date>, until: Option<Date>| {
            date.is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
        };
        (self.langs.is_empty() || self.langs.contains(&lang))
            && !self.not_langs.contains(&lang)
            && (self.sources.is_empty()
                || source.is_some_and(|s| self.sources.iter().any(|x| x == s)))
            && !source.is_some_and(|s| self.not_sources.iter().any(|x| x == s))
            && ((self.since.is_none() && self.until.is_none()) || in_period(self.since, self.until))
            && !self
                .not_dates
                .iter()
                .any(|&(since, until)| in_period(since, until))
    }
}

/// A compiled query, with what the snippet highlighter needs.
pub struct Compiled {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Analyzer name → analysed query terms, for highlighting.
    pub terms: HashMap<String, HashSet<String>>,
    /// Notes for the user (ignored words, clauses that match nothing).
    pub warnings: Vec<String>,
}

/// Weight of a field variant, given whether the query was typed with diacritics.
///
/// A Vietnamese query typed with diacritics prefers exact-tone matches (`đường` must not
/// rank `dương` above `đường`), so the folded fields weigh little; typed without, the folded
/// fields carry it and the exact ones cannot match anyway. The forms of one word are
/// alternatives (a disjunction-max), so these weights choose between forms; they do not add.
fn variant_weight(analyzer: &str, typed_with_marks: bool) -> f32 {
    match (analyzer, typed_with_marks) {
        (names::VI_EXACT, true) | (names::VI_BIGRAM, true) => 1.0,
        (names::VI_EXACT, false) | (names::VI_BIGRAM, false) => 0.0,
        (names::VI_FOLD, true) | (names::VI_BIGRAM_FOLD, true) => 0.3,
        (names::VI_FOLD, false) | (names::VI_BIGRAM_FOLD, false) => 1.0,
        (names::FR_ASCII, _) => 0.6,
        _ => 1.0,
    }
}

fn anchor_weight(kind: AnchorKind) -> f32 {
    match kind {
        AnchorKind::Url => 3.0,
        AnchorKind::Code => 2.0,
        AnchorKind::Name => 1.5,
        AnchorKind::Date => 1.5,
        AnchorKind::Num => 1.0,
    }
}

/// Analyses `text` with a registered analyzer into token texts.
pub fn analyze(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<String> {
    analyze_spans(manager, analyzer, text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// A token of an analysed text, with where it came from.
pub struct Spanned {
    /// Position (a removed stop word leaves a gap).
    pub position: usize,
    /// The token.
    pub text: String,
    /// Byte offset of its first character in the text.
    pub from: usize,
    /// Byte offset just past its last character.
    pub to: usize,
}

/// Analyses `text` into tokens with their positions and byte spans.
pub fn analyze_spans(manager: &TokenizerManager, analyzer: &str, text: &str) -> Vec<Spanned> {
    let Some(mut analyzer) = manager.get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(Spanned {
            position: token.position,
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
        });
    }
    tokens
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// All tokens at their relative positions, in a field with positions. The offsets keep
/// the gaps stop words leave, so `"weather the agency"` does not match "the weather
/// agency" and a French phrase with `de`/`la` inside matches its verbatim text.
fn sequence_query(field: Field, tokens: &[Spanned]) -> Box<dyn Query> {
    match tokens {
        [single] => term_query(Term::from_field_text(field, &single.text)),
        _ => {
            let first = tokens.iter().map(|t| t.position).min().unwrap_or(0);
            Box::new(PhraseQuery::new_with_offset(
                tokens
                    .iter()
                    .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
                    .collect(),
            ))
        }
    }
}

/// Every token, anywhere in the field (for fields without positions).
fn every_token(field: Field, tokens: &[Spanned]) -> Box<dyn Query> {
    match tokens {
        [single] => term_query(Term::from_field_text(field, &single.text)),
        _ => Box::new(BooleanQuery::intersection(
            tokens
                .iter()
                .map(|t| term_query(Term::from_field_text(field, &t.text)))
                .collect(),
        )),
    }
}

/// One way a document can match a concept, and what a typical match scores.
struct Form {
    query: Box<dyn Query>,
    /// Score of one occurrence in an article of average length: its weight times its idf,
    /// as BM25 gives (0 for title forms of a whole-text clause: a title match is a bonus,
    /// not what every match has).
    nominal: f32,
}

/// One language's share of a compiled clause.
struct Part {
    query: Box<dyn Query>,
    /// What a typical article of the language scores when it matches all of it.
    bound: f32,
}

/// A clause compiled for every language (in [`Fields::all_langs`] order).
struct PerLang {
    parts: Vec<Option<Part>>,
    /// What the clause counts for in a language where it cannot match at all (so a language
    /// that can only check one word of a long query does not rank as if it had matched all
    /// of it).
    reference: f32,
}

/// The fields a text is searched in: (field, boost, whether a match counts in the bound).
fn targets(title: Field, body: Field, title_only: bool) -> Vec<(Field, f32, bool)> {
    if title_only {
        vec![(title, TITLE_BOOST, true)]
    } else {
        vec![(title, TITLE_BOOST, false), (body, 1.0, true)]
    }
}

/// The best form of a concept: the others add nothing (a tie-breaker share of them was
/// tried and did worse on the fitting half).
fn best_form(mut forms: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if forms.len() == 1 {
        return forms.pop().expect("one form");
    }
    Box::new(DisjunctionMaxQuery::new(forms))
}

struct Compiler<'a> {
    fields: &'a Fields,
    manager: &'a TokenizerManager,
    lexicons: &'a [PreparedLexicon],
    stats: &'a LanguageStatistics<'a>,
    terms: HashMap<String, HashSet<String>>,
    warnings: Vec<String>,
    expansions: usize,
}

impl Compiler<'_> {
    fn record_terms<'t>(&mut self, analyzer: &str, tokens: impl IntoIterator<Item = &'t Spanned>) {
        self.terms
            .entry(analyzer.to_string())
            .or_default()
            .extend(tokens.into_iter().map(|t| t.text.clone()));
    }

    /// Records for highlighting the tokens of a text's own form that can show why an
    /// article matched: only from a first-choice form (a folded form of a word typed with
    /// its marks would mark `diện` for `điện`), and, beside a rarer word, not a word that is
    /// in most of the language's articles (the `to` of `To Lam` would mark every "to"). A
    /// phrase's words are all shown, since positions decide its matches.
    fn record_highlighted(
        &mut self,
        analyzer: &str,
        body: Field,
        tokens: &[Spanned],
        phrase: bool,
    ) {
        let idfs: Vec<f32> = tokens
            .iter()
            .map(|t| self.stats.idf(&Term::from_field_text(body, &t.text)))
            .collect();
        let has_telling = idfs.iter().any(|&idf| idf >= COMMON_WORD_IDF);
        let shown: Vec<&Spanned> = tokens
            .iter()
            .zip(&idfs)
            .filter(|&(_, &idf)| phrase || !has_telling || idf >= COMMON_WORD_IDF)
            .map(|(t, _)| t)
            .collect();
        self.record_terms(analyzer, shown);
    }

    /// A text's concepts (its words, or the whole phrase) and every form of each in every
    /// language: the text's own analysed forms, its translations, and its anchors.
    fn compile_text(&mut self, text: &Text, title_only: bool) -> Option<PerLang> {
        let (raw, phrase) = match text {
            Text::Words(words) => (words.as_str(), false),
            Text::Phrase(words) => (words.as_str(), true),
            Text::Group(clauses) => return self.compile_sequence(clauses, true),
        };
        let normalized = normalize_text(raw);
        let typed_with_marks = has_marks(&normalized);
        let fields = self.fields;
        let langs = fields.all_langs();
        // A concept is one word of the text (a phrase is one concept): all the forms of a
        // word in a language are alternatives of it, one vote per word.
        let mut spans: Vec<Range<usize>> =
            analyze_spans(self.manager, names::NEUTRAL_FOLD, &normalized)
                .into_iter()
                .map(|t| t.from..t.to)
                .collect();
        // In a text whose function words name its language (`le`, `dans`, `du`: French),
        // those words are grammar: not concepts in any language, where they would be rare
        // look-alikes (English `le`) that no article of that language can be expected to
        // hold, and would make every article there look incomplete.
        let reading = QueryWords::of(&normalized, self.manager);
        if !phrase {
            if let Some(lang) = reading.lang {
                let content: Vec<Range<usize>> = spans
                    .iter()
                    .filter(|s| !function_word_languages(&normalized[(*s).clone()]).contains(&lang))
                    .cloned()
                    .collect();
                if !content.is_empty() {
                    spans = content;
                }
            }
        }
        spans.truncate(MAX_WORDS_PER_CLAUSE);
        if phrase && !spans.is_empty() {
            spans = std::iter::once(0..normalized.len()).collect();
        }
        let concepts_of = |span: &Range<usize>| -> Vec<usize> {
            (0..spans.len())
                .filter(|&c| spans[c].start < span.end && span.start < spans[c].end)
                .collect()
        };
        let mut forms: Vec<Vec<Vec<Form>>> = langs
            .iter()
            .map(|_| spans.iter().map(|_| Vec::new()).collect())
            .collect();

        for (li, lang_fields) in langs.iter().enumerate() {
            for pair in &lang_fields.pairs {
                let weight = variant_weight(pair.analyzer, typed_with_marks);
                // A phrase is enforced by positions: fields without them (the bigram ones)
                // could only check that the words occur somewhere, which is not a phrase.
                if weight <= 0.0 || (phrase && !pair.positions) {
                    continue;
                }
                let mut tokens = analyze_spans(self.manager, pair.analyzer, &normalized);
                tokens.retain(|t| !concepts_of(&(t.from..t.to)).is_empty());
                if tokens.is_empty() {
                    continue;
                }
                if weight >= 1.0 {
                    self.record_highlighted(pair.analyzer, pair.body, &tokens, phrase);
                }
                for (field, field_boost, counts) in targets(pair.title, pair.body, title_only) {
                    let w = weight * field_boost;
                    if phrase {
                        let idf = self.idf_all(field, &tokens);
                        if idf > 0.0 {
                            forms[li][0].push(Form {
                                query: boosted(sequence_query(field, &tokens), w),
                                nominal: if counts { w * idf } else { 0.0 },
                            });
                        }
                        continue;
                    }
                    let mut seen = HashSet::new();
                    for token in &tokens {
                        let term = Term::from_field_text(field, &token.text);
                        let idf = self.stats.idf(&term);
                        if idf <= 0.0 {
                            continue;
                        }
                        // A bigram is a form of its first word only (the better one when the
                        // words are adjacent): each posting list is read once, and two
                        // adjacent words never count for three.
                        let Some(&c) = concepts_of(&(token.from..token.to)).first() else {
                            continue;
                        };
                        if seen.insert((c, token.text.as_str())) {
                            forms[li][c].push(Form {
                                query: boosted(term_query(term), w),
                                nominal: if counts { w * idf } else { 0.0 },
                            });
                        }
                    }
                }
            }
        }

        // Translations: every other form of each concept the text contains, as another
        // form of the words it translates.
        let lexicons = self.lexicons;
        // What a lexicon earlier in the list (the curated glossary) translated, the later
        // ones (a general dictionary, with every sense of a word) leave alone: `touche
        // terre` is `make landfall`, not `key` and `ground`.
        let mut glossed: Vec<Range<usize>> = Vec::new();
        for lexicon in lexicons {
            let mut found_here: Vec<Range<usize>> = Vec::new();
            for found in lexicon.matches(&normalized, &reading, self.manager) {
                if found
                    .spans
                    .iter()
                    .all(|s| glossed.iter().any(|t| t.start <= s.start && s.end <= t.end))
                {
                    continue;
                }
                found_here.extend(found.spans.iter().cloned());
                // A phrase is translated only as a whole: a translation of one of its words
                // would match documents without the phrase.
                if phrase && !found.forms.iter().any(|m| self.same_words(m, raw)) {
                    continue;
                }
                let covered: Vec<usize> = if phrase {
                    vec![0]
                } else {
                    let mut covered: Vec<usize> =
                        found.spans.iter().flat_map(&concepts_of).collect();
                    covered.sort_unstable();
                    covered.dedup();
                    covered
                };
                if covered.is_empty() {
                    continue;
                }
                for (lang_index, lang) in Lang::ANALYSED.iter().enumerate() {
                    let Some(li) = langs.iter().position(|l| l.lang == *lang) else {
                        continue;
                    };
                    for form in &found.entry.forms[lang_index] {
                        if found.forms.contains(form) || self.expansions >= MAX_EXPANSIONS {
                            continue;
                        }
                        self.expansions += 1;
                        let weight = TRANSLATION_WEIGHT * lexicon.weight;
                        // A translation of several words stands for all of them, as one form
                        // of the first (a phrase query is read once, not once per word).
                        let words = covered.len() as f32;
                        for translated in self.translation_forms(li, form, weight, title_only) {
                            forms[li][covered[0]].push(Form {
                                query: boosted(translated.query, words),
                                nominal: translated.nominal * words,
                            });
                        }
                    }
                }
            }
            glossed.extend(found_here);
        }

        // Anchors (codes, numbers, names, dates) are language-neutral: the same in every
        // language's share.
        let mut anchors: Vec<Form> = Vec::new();
        if !title_only {
            for anchor in extract_query_anchors(&normalized) {
                // Likewise a phrase's anchor stands for it only when it is the whole phrase.
                if phrase && !self.same_words(&anchor.surface, raw) {
                    continue;
                }
                let term = Term::from_field_text(fields.anchors, &anchor.term());
                let idf = self.stats.idf(&term);
                if idf > 0.0 {
                    let w = anchor_weight(anchor.kind);
                    anchors.push(Form {
                        query: boosted(term_query(term), w),
                        nominal: w * idf,
                    });
                }
            }
        }

        let bound_of = |forms: &[Form]| forms.iter().map(|f| f.nominal).fold(0.0, f32::max);
        // A concept a language cannot match counts there as much as in the language where
        // it weighs least: a French article or stop word (`le`, `du`) that is a rare
        // look-alike in English must not make every French article look incomplete.
        let concept_reference: Vec<f32> = (0..spans.len())
            .map(|c| {
                forms
                    .iter()
                    .map(|l| bound_of(&l[c]))
                    .filter(|&n| n > 0.0)
                    .reduce(f32::min)
                    .unwrap_or(0.0)
            })
            .collect();
        let anchors_bound: f32 = anchors.iter().map(|a| a.nominal).sum();
        let reference = concept_reference.iter().sum::<f32>() + anchors_bound;
        let mut any = false;
        let parts = forms
            .into_iter()
            .zip(langs)
            .map(|(concepts, lang_fields)| {
                let mut shoulds: Vec<Box<dyn Query>> = Vec::new();
                let mut bound = anchors_bound;
                for (c, concept_forms) in concepts.into_iter().enumerate() {
                    if concept_forms.is_empty() {
                        bound += concept_reference[c];
                        continue;
                    }
                    bound += bound_of(&concept_forms);
                    shoulds.push(best_form(
                        concept_forms.into_iter().map(|f| f.query).collect(),
                    ));
                }
                if shoulds.is_empty() && anchors.is_empty() {
                    return None;
                }
                // The anchors field is shared: a language's share takes its own articles'
                // anchors only (the filter meets the anchor's short posting list, not the
                // whole share).
                shoulds.extend(
                    anchors
                        .iter()
                        .map(|a| only_in(fields, lang_fields.lang, a.query.box_clone())),
                );
                any = true;
                Some(Part {
                    query: Box::new(BooleanQuery::union(shoulds)),
                    bound,
                })
            })
            .collect();
        any.then_some(PerLang { parts, reference })
    }

    /// Sum of the idfs of `tokens` in `field`, or 0 when one of them is in no document
    /// (then nothing can match all of them).
    fn idf_all(&self, field: Field, tokens: &[Spanned]) -> f32 {
        let mut sum = 0.0;
        for token in tokens {
            let idf = self.stats.idf(&Term::from_field_text(field, &token.text));
            if idf <= 0.0 {
                return 0.0;
            }
            sum += idf;
        }
        sum
    }

    /// The queries for one translation `form` in the language at `li`, each weighted so
    /// that a multi-word form counts as one word (its words' mean weight).
    fn translation_forms(
        &mut self,
        li: usize,
        form: &str,
        weight: f32,
        title_only: bool,
    ) -> Vec<Form> {
        let fields = self.fields;
        let lang_fields = fields.all_langs()[li];
        let form_marks = has_marks(form);
        // The fields the form is searched in, with its weight and tokens in each.
        let searched: Vec<_> = lang_fields
            .pairs
            .iter()
            .filter_map(|pair| {
                // A lexicon form is spelt right, so a Vietnamese one is matched with its tone
                // marks only: folded, `bão` (storm) would match `bao tiêu` and `bảo toàn`.
                let folded_vietnamese =
                    matches!(pair.analyzer, names::VI_FOLD | names::VI_BIGRAM_FOLD);
                let w = variant_weight(pair.analyzer, form_marks) * weight;
                if (form_marks && folded_vietnamese) || w <= 0.0 {
                    return None;
                }
                let tokens = analyze_spans(self.manager, pair.analyzer, form);
                (!tokens.is_empty() && tokens.len() <= MAX_WORDS_PER_CLAUSE)
                    .then_some((pair, w, tokens))
            })
            .collect();
        // The syllable fields whose bigram twin holds the whole form as one term some article
        // has. There a two-syllable form's phrase is not asked: the bigram finds the same
        // adjacent pair from one posting list where the phrase reads two lists and their
        // positions (a third of the slowest queries' time at 1M), never across punctuation
        // as the phrase would, and outweighs the phrase in the disjunction-max of the
        // concept's forms (its idf is at least either syllable's, and the phrase's weight is
        // split over its two words). When no article holds the bigram the phrase stays: it
        // still sets what a full match of the concept weighs in the language.
        let one_bigram: Vec<&str> = searched
            .iter()
            .filter_map(|(pair, _, tokens)| match tokens.as_slice() {
                [bigram]
                    if self
                        .stats
                        .idf(&Term::from_field_text(pair.body, &bigram.text))
                        > 0.0 =>
                {
                    names::covered_by(pair.analyzer)
                }
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        for (pair, w, tokens) in searched {
            if variant_weight(pair.analyzer, form_marks) >= 1.0 {
                self.record_highlighted(pair.analyzer, pair.body, &tokens, false);
            }
            // Its syllables are still marked (above): a bigram's marks come from its twin.
            if tokens.len() == 2 && one_bigram.contains(&pair.analyzer) {
                continue;
            }
            for (field, field_boost, counts) in targets(pair.title, pair.body, title_only) {
                let idf = self.idf_all(field, &tokens);
                if idf <= 0.0 {
                    continue;
                }
                let boost = w * field_boost / tokens.len() as f32;
                let query = if pair.positions {
                    sequence_query(field, &tokens)
                } else {
                    every_token(field, &tokens)
                };
                out.push(Form {
                    query: boosted(query, boost),
                    nominal: if counts { boost * idf } else { 0.0 },
                });
            }
        }
        out
    }

    /// Whether two texts are the same words, case and diacritics aside.
    fn same_words(&self, a: &str, b: &str) -> bool {
        let words = |text: &str| analyze(self.manager, names::NEUTRAL_FOLD, &normalize_text(text));
        let a = words(a);
        !a.is_empty() && a == words(b)
    }

    /// A list of clauses: every `Must` matches, no `MustNot` does, and when there is no
    /// `Must`, at least one `Should` does; `Should` clauses add to the score. A list of
    /// exclusions only matches everything else. `nested` lists (groups) give `None` when
    /// nothing in them could be searched; the top level has its own rule for that.
    ///
    /// Each language gets its own share: a `Must` clause that cannot match in a language
    /// leaves that language out; a `Should` clause that cannot still counts in its bound.
    fn compile_sequence(&mut self, clauses: &[Clause], nested: bool) -> Option<PerLang> {
        let mut compiled: Vec<(ClauseOccur, PerLang)> = Vec::new();
        let mut had_text = false;
        for clause in clauses {
            if clause.occur != ClauseOccur::MustNot {
                had_text = true;
            }
            match self.compile_clause(clause) {
                Some(per_lang) => compiled.push((clause.occur, per_lang)),
                None => self.warnings.push(format!(
                    "ignored {}: nothing to search in it",
                    describe(clause)
                )),
            }
        }
        let langs = self.fields.all_langs().len();
        let positive = compiled
            .iter()
            .any(|(occur, _)| *occur != ClauseOccur::MustNot);
        if !positive {
            if had_text && nested {
                // Every clause was empty after analysis (only stop words or punctuation).
                return None;
            }
            if !had_text && nested && compiled.is_empty() {
                return None;
            }
        }
        let reference = compiled
            .iter()
            .filter(|(occur, _)| *occur != ClauseOccur::MustNot)
            .map(|(_, p)| p.reference)
            .sum();
        let parts = (0..langs)
            .map(|li| {
                let (mut shoulds, mut musts, mut must_nots) = (Vec::new(), Vec::new(), Vec::new());
                let mut bound = 0.0;
                for (occur, per_lang) in compiled.iter_mut() {
                    match (*occur, per_lang.parts[li].take()) {
                        (ClauseOccur::Should, Some(part)) => {
                            bound += part.bound;
                            shoulds.push(part.query);
                        }
                        (ClauseOccur::Should, None) => bound += per_lang.reference,
                        (ClauseOccur::Must, Some(part)) => {
                            bound += part.bound;
                            musts.push(part.query);
                        }
                        // A required clause this language cannot match: none of its
                        // articles can.
                        (ClauseOccur::Must, None) => return None,
                        (ClauseOccur::MustNot, Some(part)) => must_nots.push(part.query),
                        (ClauseOccur::MustNot, None) => {}
                    }
                }
                let positive: Box<dyn Query> = if musts.is_empty() && shoulds.is_empty() {
                    if positive || had_text {
                        return None;
                    }
                    // Only exclusions (or nothing): everything else, scored alike.
                    bound = 1.0;
                    let lang = self.fields.all_langs()[li].lang;
                    Box::new(ConstScoreQuery::new(
                        raw_term(self.fields.lang, lang.code()),
                        1.0,
                    ))
                } else {
                    let mut parts: Vec<(Occur, Box<dyn Query>)> =
                        musts.into_iter().map(|q| (Occur::Must, q)).collect();
                    if !shoulds.is_empty() {
                        let occur = if parts.is_empty() {
                            Occur::Must
                        } else {
                            Occur::Should
                        };
                        parts.push((occur, Box::new(BooleanQuery::union(shoulds))));
                    }
                    Box::new(BooleanQuery::new(parts))
                };
                let mut top: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, positive)];
                top.extend(must_nots.into_iter().map(|q| (Occur::MustNot, q)));
                Some(Part {
                    query: Box::new(BooleanQuery::new(top)),
                    bound,
                })
            })
            .collect();
        Some(PerLang { parts, reference })
    }

    /// Alternatives (`OR`): a document matches any; the bound is the largest.
    fn compile_clause(&mut self, clause: &Clause) -> Option<PerLang> {
        let mut alternatives: Vec<PerLang> = clause
            .alternatives
            .iter()
            .filter_map(|text| self.compile_text(text, clause.title_only))
            .collect();
        if alternatives.len() <= 1 {
            return alternatives.pop();
        }
        let reference = alternatives.iter().map(|a| a.reference).fold(0.0, f32::max);
        let parts = (0..self.fields.all_langs().len())
            .map(|li| {
                let parts: Vec<Part> = alternatives
                    .iter_mut()
                    .filter_map(|a| a.parts[li].take())
                    .collect();
                if parts.is_empty() {
                    return None;
                }
                let bound = parts.iter().map(|p| p.bound).fold(0.0, f32::max);
                Some(Part {
                    query: Box::new(BooleanQuery::union(
                        parts.into_iter().map(|p| p.query).collect(),
                    )),
                    bound,
                })
            })
            .collect();
        Some(PerLang { parts, reference })
    }
}

/// Whether a text carries letters outside ASCII (diacritics, mostly).
fn has_marks(text: &str) -> bool {
    text.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

fn day_range(fields: &Fields, since: Option<Date>, until: Option<Date>) -> Box<dyn Query> {
    let bound = |date: Option<Date>| match date {
        Some(d) => Bound::Included(Term::from_field_i64(fields.day, d.days_since_epoch())),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(since), bound(until)))
}

/// What the filters exclude: each negated filter matches what its positive form keeps.
fn exclusion_queries(fields: &Fields, filters: &Filters) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for lang in &filters.not_langs {
        out.push(raw_term(fields.lang, lang.code()));
    }
    for source in &filters.not_sources {
        out.push(raw_term(fields.source, source));
    }
    for &(since, until) in &filters.not_dates {
        out.push(day_range(fields, since, until));
    }
    out
}

fn filter_query(fields: &Fields, filters: &Filters) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if !filters.langs.is_empty() {
        out.push(Box::new(BooleanQuery::union(
            filters
                .langs
                .iter()
                .map(|l| raw_term(fields.lang, l.code()))
                .collect(),
        )));
    }
    if !filters.sources.is_empty() {
        out.push(Box::new(BooleanQuery::union(
            filters
                .sources
                .iter()
                .map(|s| raw_term(fields.source, s))
                .collect(),
        )));
    }
    if filters.since.is_some() || filters.until.is_some() {
        out.push(day_range(fields, filters.since, filters.until));
    }
    out
}

/// `query`, among the articles of `lang` only.
fn only_in(fields: &Fields, lang: Lang, query: Box<dyn Query>) -> Box<dyn Query> {
    let lang = ConstScoreQuery::new(raw_term(fields.lang, lang.code()), 0.0);
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(lang) as Box<dyn Query>),
        (Occur::Must, query),
    ]))
}

fn raw_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Compiles a parsed query with its filters; `stats` (the statistics the query is then run
/// with) weigh every language's share of it on one scale.
pub fn compile(
    parsed: &ParsedQuery,
    filters: &Filters,
    fields: &Fields,
    manager: &TokenizerManager,
    lexicons: &[PreparedLexicon],
    stats: &LanguageStatistics<'_>,
) -> Compiled {
    let mut compiler = Compiler {
        fields,
        manager,
        lexicons,
        stats,
        terms: HashMap::new(),
        warnings: Vec::new(),
        expansions: 0,
    };
    let text_query: Box<dyn Query> = match compiler.compile_sequence(&parsed.clauses, false) {
        None => Box::new(AllQuery),
        Some(per_lang) => {
            // Each language's share (which reaches only that language's articles), divided
            // by its bound.
            let shares: Vec<Box<dyn Query>> = per_lang
                .parts
                .into_iter()
                .flatten()
                .map(|part| {
                    let scale = if part.bound > 0.0 {
                        1.0 / part.bound
                    } else {
                        1.0
                    };
                    boosted(part.query, scale)
                })
                .collect();
            if shares.is_empty() {
                Box::new(EmptyQuery)
            } else {
                Box::new(BooleanQuery::union(shares))
            }
        }
    };
    if compiler.terms.values().map(HashSet::len).sum::<usize>() > MAX_WORDS_PER_CLAUSE * 8 {
        compiler
            .warnings
            .push("long query: only its first words were used".into());
    }
    let mut top: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
    for query in exclusion_queries(fields, filters) {
        top.push((Occur::MustNot, query));
    }
    for filter in filter_query(fields, filters) {
        top.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    Compiled {
        query: Box::new(BooleanQuery::new(top)),
        terms: compiler.terms,
        warnings: compiler.warnings,
    }
}

fn describe(clause: &Clause) -> String {
    clause
        .alternatives
        .iter()
        .map(|t| match t {
            Text::Words(w) => w.clone(),
            Text::Phrase(p) => format!("\"{p}\""),
            Text::Group(inner) => format!(
                "({})",
                inner.iter().map(describe).collect::<Vec<_>>().join(" ")
            ),
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}
