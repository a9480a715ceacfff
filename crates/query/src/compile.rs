//! Turns a parsed query into one tantivy query over every language's fields.
//!
//! The query is never routed to one language: each clause is analysed with every field's
//! analyzer, expanded with lexicon translations and language-neutral anchors, and weighted so
//! that exact-language, exact-diacritic matches rank first while translated-term and anchor
//! matches count but weigh less.

use crate::syntax::{Clause, Occur as ClauseOccur, ParsedQuery, Text};
use crate::translate::PreparedLexicon;
use newsindex_analysis::analyzers as names;
use newsindex_analysis::{extract_query_anchors, normalize_text, AnchorKind};
use newsindex_core::{Date, Lang};
use newsindex_index::{Fields, LangFields};
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TokenStream, TokenizerManager};
use tantivy::Term;

/// How much more a title match weighs than a body match.
const TITLE_BOOST: f32 = 2.0;
/// Weight of a lexicon translation relative to the query's own words.
const TRANSLATION_WEIGHT: f32 = 0.6;
/// Weight of an exact multi-word sequence in a positional field, on top of its words.
const PROXIMITY_WEIGHT: f32 = 0.5;
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
/// fields carry it and the exact ones cannot match anyway.
fn variant_weight(analyzer: &str, typed_with_marks: bool) -> f32 {
    match (analyzer, typed_with_marks) {
        (names::VI_EXACT, true) | (names::VI_BIGRAM, true) => 1.0,
        (names::VI_EXACT, false) | (names::VI_BIGRAM, false) => 0.0,
        (names::VI_FOLD, true) | (names::VI_BIGRAM_FOLD, true) => 0.3,
        (names::VI_FOLD, false) | (names::VI_BIGRAM_FOLD, false) => 1.0,
        (names::FR_STEM, _) => 1.0,
        (names::FR_ASCII, _) => 0.6,
        (names::EN_STEM, _) => 1.6,
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
    let Some(mut analyzer) = manager.get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
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

fn term_query(field: Field, token: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, token),
        IndexRecordOption::WithFreqs,
    ))
}

/// Analyses `text` into tokens with their positions (a removed stop word leaves a gap).
pub fn analyze_positions(
    manager: &TokenizerManager,
    analyzer: &str,
    text: &str,
) -> Vec<(usize, String)> {
    let Some(mut analyzer) = manager.get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

/// All tokens at their relative positions, in a field with positions. The offsets keep
/// the gaps stop words leave, so `"weather the agency"` does not match "the weather
/// agency" and a French phrase with `de`/`la` inside matches its verbatim text.
fn sequence_query(field: Field, tokens: &[(usize, String)]) -> Box<dyn Query> {
    match tokens {
        [(_, single)] => term_query(field, single),
        _ => {
            let first = tokens.iter().map(|(p, _)| *p).min().unwrap_or(0);
            Box::new(PhraseQuery::new_with_offset(
                tokens
                    .iter()
                    .map(|(p, t)| (p - first, Term::from_field_text(field, t)))
                    .collect(),
            ))
        }
    }
}

/// Every token, anywhere in the field (for fields without positions).
fn every_token(field: Field, tokens: &[String]) -> Box<dyn Query> {
    match tokens {
        [single] => term_query(field, single),
        _ => Box::new(BooleanQuery::intersection(
            tokens.iter().map(|t| term_query(field, t)).collect(),
        )),
    }
}

/// How a text is matched in a language's fields.
#[derive(Clone, Copy)]
struct How {
    /// All words in order, rather than any of them.
    phrase: bool,
    /// The phrase was typed by the user: only fields with positions may match it. A
    /// glossary form (not strict) may also match in the bigram fields, as all its words.
    strict: bool,
    /// Titles only.
    title_only: bool,
    /// Weight relative to the query's own words.
    weight: f32,
    /// Whether the text carries diacritics (chooses exact or folded Vietnamese fields).
    typed_with_marks: bool,
}

struct Compiler<'a> {
    fields: &'a Fields,
    manager: &'a TokenizerManager,
    lexicons: &'a [PreparedLexicon],
    boosted_lang: Option<Lang>,
    terms: HashMap<String, HashSet<String>>,
    warnings: Vec<String>,
    expansions: usize,
}

impl Compiler<'_> {
    fn record_terms(&mut self, analyzer: &str, tokens: &[String]) {
        self.terms
            .entry(analyzer.to_string())
            .or_default()
            .extend(tokens.iter().cloned());
    }

    /// Queries for `text` in one language's fields, each weighted by `how.weight`.
    fn language_queries(
        &mut self,
        lang_fields: &LangFields,
        text: &str,
        how: How,
        out: &mut Vec<Box<dyn Query>>,
    ) {
        let How {
            phrase,
            strict,
            title_only,
            weight,
            typed_with_marks,
        } = how;
        let lang_boost = if self.boosted_lang == Some(lang_fields.lang) {
            1.2
        } else {
            1.0
        };
        for pair in &lang_fields.pairs {
            let pair_weight = variant_weight(pair.analyzer, typed_with_marks) * weight * lang_boost;
            // A phrase is enforced by positions: fields without them (the bigram ones) could
            // only check that the words occur somewhere, which is not a phrase.
            if pair_weight <= 0.0 || (strict && !pair.positions) {
                continue;
            }
            let mut positioned = analyze_positions(self.manager, pair.analyzer, text);
            if positioned.len() > MAX_WORDS_PER_CLAUSE {
                positioned.truncate(MAX_WORDS_PER_CLAUSE);
            }
            if positioned.is_empty() {
                continue;
            }
            let tokens: Vec<String> = positioned.iter().map(|(_, t)| t.clone()).collect();
            self.record_terms(pair.analyzer, &tokens);
            let mut targets = vec![(pair.title, TITLE_BOOST)];
            if !title_only {
                targets.push((pair.body, 1.0));
            }
            for (field, field_boost) in targets {
                let w = pair_weight * field_boost;
                if phrase && pair.positions {
                    out.push(boosted(sequence_query(field, &positioned), w));
                    continue;
                }
                if phrase {
                    out.push(boosted(every_token(field, &tokens), w));
                    continue;
                }
                let mut seen = HashSet::new();
                for token in &tokens {
                    if seen.insert(token.as_str()) {
                        out.push(boosted(term_query(field, token), w));
                    }
                }
                if pair.positions && (2..=6).contains(&tokens.len()) {
                    out.push(boosted(
                        sequence_query(field, &positioned),
                        w * PROXIMITY_WEIGHT,
                    ));
                }
            }
        }
    }

    fn compile_text(&mut self, text: &Text, title_only: bool) -> Option<Box<dyn Query>> {
        let (raw, phrase) = match text {
            Text::Words(words) => (words.as_str(), false),
            Text::Phrase(words) => (words.as_str(), true),
            Text::Group(clauses) => return self.compile_sequence(clauses, true),
        };
        let normalized = normalize_text(raw);
        let typed_with_marks = normalized
            .chars()
            .any(|c| !c.is_ascii() && c.is_alphabetic());
        let mut should: Vec<Box<dyn Query>> = Vec::new();
        let fields = self.fields;
        for lang_fields in fields.all_langs() {
            let how = How {
                phrase,
                strict: phrase,
                title_only,
                weight: 1.0,
                typed_with_marks,
            };
            self.language_queries(lang_fields, &normalized, how, &mut should);
        }
        // Translations: every other form of each concept the text contains.
        let lexicons = self.lexicons;
        let found: Vec<(f32, &crate::lexicon::Entry, Vec<String>)> = lexicons
            .iter()
            .flat_map(|lexicon| {
                lexicon
                    .matches(&normalized, self.manager)
                    .into_iter()
                    .map(move |(entry, matched)| (lexicon.weight, entry, matched))
            })
            // A phrase is translated only as a whole: a translation of one of its words
            // would match documents without the phrase.
            .filter(|(_, _, matched)| !phrase || matched.iter().any(|m| self.same_words(m, raw)))
            .collect();
        for (lexicon_weight, entry, matched) in found {
            for (lang_index, lang) in Lang::ANALYSED.iter().enumerate() {
                for form in &entry.forms[lang_index] {
                    if matched.iter().any(|m| m == form) || self.expansions >= MAX_EXPANSIONS {
                        continue;
                    }
                    self.expansions += 1;
                    let form_marks = form.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
                    let how = How {
                        phrase: true,
                        strict: false,
                        title_only,
                        weight: TRANSLATION_WEIGHT * lexicon_weight,
                        typed_with_marks: form_marks,
                    };
                    self.language_queries(fields.for_lang(*lang), form, how, &mut should);
                }
            }
        }
        if !title_only {
            for anchor in extract_query_anchors(&normalized) {
                // Likewise a phrase's anchor stands for it only when it is the whole phrase.
                if phrase && !self.same_words(&anchor.surface, raw) {
                    continue;
                }
                should.push(boosted(
                    term_query(fields.anchors, &anchor.term()),
                    anchor_weight(anchor.kind),
                ));
            }
        }
        if should.is_empty() {
            return None;
        }
        Some(Box::new(BooleanQuery::union(should)))
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
    fn compile_sequence(&mut self, clauses: &[Clause], nested: bool) -> Option<Box<dyn Query>> {
        let (mut shoulds, mut musts, mut must_nots) = (Vec::new(), Vec::new(), Vec::new());
        let mut had_text = false;
        for clause in clauses {
            if clause.occur != ClauseOccur::MustNot {
                had_text = true;
            }
            match (self.compile_clause(clause), clause.occur) {
                (Some(query), ClauseOccur::Should) => shoulds.push(query),
                (Some(query), ClauseOccur::Must) => musts.push(query),
                (Some(query), ClauseOccur::MustNot) => must_nots.push(query),
                (None, _) => self.warnings.push(format!(
                    "ignored {}: nothing to search in it",
                    describe(clause)
                )),
            }
        }
        let positive: Box<dyn Query> = if musts.is_empty() && shoulds.is_empty() {
            if had_text {
                // Every clause was empty after analysis (only stop words or punctuation).
                if nested {
                    return None;
                }
                Box::new(EmptyQuery)
            } else {
                if nested && must_nots.is_empty() {
                    return None;
                }
                // Only exclusions (or nothing): everything else, scored alike.
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0))
            }
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
        Some(Box::new(BooleanQuery::new(top)))
    }

    fn compile_clause(&mut self, clause: &Clause) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> = clause
            .alternatives
            .iter()
            .filter_map(|text| self.compile_text(text, clause.title_only))
            .collect();
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(BooleanQuery::union(alternatives))),
        }
    }
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

fn raw_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Compiles a parsed query with its filters.
pub fn compile(
    parsed: &ParsedQuery,
    filters: &Filters,
    fields: &Fields,
    manager: &TokenizerManager,
    lexicons: &[PreparedLexicon],
    boosted_lang: Option<Lang>,
) -> Compiled {
    let mut compiler = Compiler {
        fields,
        manager,
        lexicons,
        boosted_lang,
        terms: HashMap::new(),
        warnings: Vec::new(),
        expansions: 0,
    };
    let text_query = compiler
        .compile_sequence(&parsed.clauses, false)
        .unwrap_or_else(|| Box::new(AllQuery));
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
