//! Running a search: compile, collect top documents and counts, group by story, expand each
//! story with its other language versions, and build snippets.

use crate::collect::{CountsCollector, Interval, RankedCounts};
use crate::compile::{compile, Filters};
use crate::fuse::{fuse, LanguageTopDocs};
use crate::snippet;
use crate::stats::LanguageStatistics;
use crate::syntax::{parse, Limits, SyntaxError};
use crate::translate::{Matching, PreparedLexicon};
use newsindex_analysis::lexicon::Lexicon;
use newsindex_core::{Article, Date, Lang, Month, Relation};
use newsindex_index::{IndexError, NewsIndex, StoredDoc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::{DocAddress, IndexReader, Order, Searcher};

/// Most results one request may ask for (stories per page).
pub const MAX_LIMIT: usize = 200;
/// Deepest result one request may reach (offset + limit).
pub const MAX_WINDOW: usize = 2000;
/// Weight of a general dictionary's translations relative to the curated glossary's.
const DICTIONARY_WEIGHT: f32 = 0.5;
/// Bytes of text shown in a snippet.
const SNIPPET_BYTES: usize = 240;

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

impl Sort {
    /// Parses `relevance` or `date`.
    pub fn parse(raw: &str) -> Option<Sort> {
        match raw.to_ascii_lowercase().as_str() {
            "relevance" => Some(Sort::Relevance),
            "date" => Some(Sort::Date),
            _ => None,
        }
    }
}

/// One search.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// The query string (see [`crate::parse`] for its syntax).
    pub query: String,
    /// Keep only these languages (empty: all).
    pub langs: Vec<Lang>,
    /// Keep only these outlets (empty: all).
    pub sources: Vec<String>,
    /// Published on or after.
    pub since: Option<Date>,
    /// Published on or before.
    pub until: Option<Date>,
    /// Stories per page.
    pub limit: usize,
    /// Stories to skip.
    pub offset: usize,
    /// Order of results.
    pub sort: Sort,
    /// Coverage histogram to compute, if any.
    pub histogram: Option<Interval>,
}

impl SearchRequest {
    /// A request with default options: first 10 stories by relevance, no filter.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            langs: Vec::new(),
            sources: Vec::new(),
            since: None,
            until: None,
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            histogram: None,
        }
    }
}

/// One article in the results.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Language code.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// Source URL.
    pub url: Option<String>,
    /// Outlet domain.
    pub source: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Publication month of an article whose page states no day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// Relevance score (for a version brought in by its story: just below the story's best).
    pub score: f32,
    /// Story id.
    pub story: String,
    /// Plain-text snippet around the best matches.
    pub snippet: String,
    /// The matches in `snippet`: half-open ranges of character (Unicode scalar value)
    /// offsets, in order.
    pub highlights: Vec<[usize; 2]>,
    /// True when the article matched the query itself, false when its story brought it.
    pub matched: bool,
    /// Other copies of this text (the same article at other addresses), shown once here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

/// One group of results: a story and its versions on this page.
#[derive(Clone, Debug, Serialize)]
pub struct StoryGroup {
    /// Story id.
    pub story: String,
    /// Article ids, in the order of `hits`.
    pub ids: Vec<String>,
    /// Languages of those articles.
    pub langs: Vec<Lang>,
}

/// Counts over every match.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    /// Per language.
    pub lang: BTreeMap<String, u64>,
    /// Per outlet.
    pub source: BTreeMap<String, u64>,
    /// Per month.
    pub month: BTreeMap<String, u64>,
}

/// One time bucket of a coverage histogram.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    /// Bucket key (`2025-05`, or a Monday / a day as `YYYY-MM-DD`, or `(undated)`).
    pub key: String,
    /// Articles per language in the bucket.
    pub langs: BTreeMap<String, u64>,
    /// All articles in the bucket.
    pub total: u64,
}

/// Coverage over time per language.
#[derive(Clone, Debug, Serialize)]
pub struct Histogram {
    /// Bucket size.
    pub interval: Interval,
    /// Buckets in time order.
    pub buckets: Vec<Bucket>,
}

/// The answer to a [`SearchRequest`]; its JSON form is what the CLI and the API print.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Matching articles.
    pub total: u64,
    /// Distinct stories among them.
    pub total_stories: u64,
    /// Stories skipped.
    pub offset: usize,
    /// Stories per page.
    pub limit: usize,
    /// Articles of this page, flat, in rank order (grouped by story).
    pub hits: Vec<Hit>,
    /// The page's stories, in rank order.
    pub stories: Vec<StoryGroup>,
    /// Counts over every match.
    pub facets: Facets,
    /// Coverage over time, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Histogram>,
    /// Notes on how the query was understood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query or a parameter is malformed: the user's to fix.
    #[error("{0}")]
    Syntax(#[from] SyntaxError),
    /// A parameter is out of range.
    #[error("{0}")]
    BadRequest(String),
    /// No article or story with the id asked for.
    #[error("{0}")]
    NotFound(String),
    /// Reading the index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// tantivy failed.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// A search engine over one index; cheap to share between threads.
#[derive(Clone)]
pub struct Engine {
    index: NewsIndex,
    reader: IndexReader,
    lexicons: Arc<Vec<PreparedLexicon>>,
    limits: Limits,
}

impl Engine {
    /// Prepares an engine over `index` with the built-in glossary, plus the FreeDict
    /// French-English dictionaries when their Debian packages are installed (read at run
    /// time from `/usr/share/dictd`, or the directory in `NEWSINDEX_DICTD`; set it empty to
    /// leave them out).
    pub fn new(index: NewsIndex) -> Result<Engine, SearchError> {
        let dictd =
            std::env::var_os("NEWSINDEX_DICTD").unwrap_or_else(|| "/usr/share/dictd".into());
        let dictionary = if dictd.is_empty() {
            Lexicon::default()
        } else {
            Lexicon::default().with_freedict(std::path::Path::new(&dictd))
        };
        Self::with_lexicons(index, &Lexicon::builtin(), &dictionary)
    }

    /// Prepares an engine over `index` with a curated glossary and a general dictionary
    /// (weighted lower).
    pub fn with_lexicons(
        index: NewsIndex,
        glossary: &Lexicon,
        dictionary: &Lexicon,
    ) -> Result<Engine, SearchError> {
        let reader = index.live_reader()?;
        let manager = index.tantivy().tokenizers();
        let prepared = vec![
            PreparedLexicon::new(glossary, manager, 1.0, Matching::Stems),
            PreparedLexicon::new(dictionary, manager, DICTIONARY_WEIGHT, Matching::Words),
        ];
        Ok(Engine {
            index,
            reader,
            lexicons: Arc::new(prepared),
            limits: Limits::default(),
        })
    }

    /// The index searched.
    pub fn index(&self) -> &NewsIndex {
        &self.index
    }

    /// A searcher on the newest published version of the index.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Picks up a newly published index version now rather than on the next poll.
    pub fn refresh(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        if request.limit == 0 || request.limit > MAX_LIMIT {
            return Err(SearchError::BadRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        // Saturating: an offset near usize::MAX (from an API query string) must be refused,
        // not overflow.
        if request.offset.saturating_add(request.limit) > MAX_WINDOW {
            return Err(SearchError::BadRequest(format!(
                "offset + limit must be at most {MAX_WINDOW}; narrow the query with filters instead"
            )));
        }
        let parsed = parse(&request.query, &self.limits)?;
        let mut filters = Filters {
            langs: request.langs.clone(),
            sources: request
                .sources
                .iter()
                .map(|s| s.trim_start_matches("www.").to_lowercase())
                .collect(),
            since: request.since,
            until: request.until,
            not_langs: parsed.filters.not_langs.clone(),
            not_sources: parsed.filters.not_sources.clone(),
            not_dates: parsed.filters.not_dates.clone(),
        };
        filters.langs.extend(parsed.filters.langs.iter().copied());
        filters
            .sources
            .extend(parsed.filters.sources.iter().cloned());
        filters.since = max_opt(filters.since, parsed.filters.since);
        filters.until = min_opt(filters.until, parsed.filters.until);
        let manager = self.index.tantivy().tokenizers();
        let searcher = self.searcher();
        let stats = LanguageStatistics::new(&searcher, self.index.fields());
        let compiled = compile(
            &parsed,
            &filters,
            self.index.fields(),
            manager,
            &self.lexicons,
            &stats,
        );
        let window = ((request.offset + request.limit) * 4 + 40).min(MAX_WINDOW * 2);
        let counts_collector = CountsCollector {
            interval: request.histogram,
        };
        let (top, counts): (Vec<(f32, DocAddress)>, _) = match request.sort {
            Sort::Relevance => {
                let collector = RankedCounts {
                    top: LanguageTopDocs { limit: window },
                    counts: counts_collector,
                };
                let (per_language, counts) = searcher.search_with_statistics_provider(
                    &compiled.query,
                    &collector,
                    &stats,
                )?;
                (fuse(per_language, window), counts)
            }
            Sort::Date => {
                // Newest first; articles of one day by content hash, as equal scores are:
                // the documents' order (which two writer threads change from build to
                // build) must not decide which of them a page shows.
                let newest_first = (
                    (SortByStaticFastValue::<i64>::for_field("day"), Order::Desc),
                    (SortByStaticFastValue::<u64>::for_field("hash"), Order::Asc),
                );
                let (top, counts) = searcher.search(
                    &compiled.query,
                    &(
                        TopDocs::with_limit(window).order_by(newest_first),
                        counts_collector,
                    ),
                )?;
                (
                    top.into_iter().map(|(_, address)| (0.0, address)).collect(),
                    counts,
                )
            }
        };

        let counts = counts.finish();

        // Group by story, in rank order; a story ranks by its best version. Stories are told
        // apart by their key column; the id itself comes with the stored documents.
        let mut key_columns: HashMap<u32, Option<Column<u64>>> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        let mut matched: HashMap<u64, Vec<(f32, DocAddress)>> = HashMap::new();
        for (rank, (score, address)) in top.into_iter().enumerate() {
            let column = key_columns.entry(address.segment_ord).or_insert_with(|| {
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("story_key")
                    .ok()
            });
            // A document without a key (never written so) stands alone.
            let key = column
                .as_ref()
                .and_then(|c| c.first(address.doc_id))
                .unwrap_or(u64::MAX - rank as u64);
            let members = matched.entry(key).or_default();
            if members.is_empty() {
                order.push(key);
            }
            members.push((score, address));
        }

        let analyzers_of = |lang: Lang| -> Vec<&'static str> {
            self.index
                .fields()
                .for_lang(lang)
                .pairs
                .iter()
                .map(|p| p.analyzer)
                .collect()
        };
        let mut hits = Vec::new();
        let mut stories = Vec::new();
        for key in order.iter().skip(request.offset).take(request.limit) {
            let members = &matched[key];
            let best = members.first().map_or(0.0, |m| m.0);
            let mut story = String::new();
            let mut group = StoryGroup {
                story: String::new(),
                ids: Vec::new(),
                langs: Vec::new(),
            };
            // Every version of the story on this page, matched ones first in rank order.
            let mut entries: Vec<(StoredDoc, f32, bool)> = Vec::new();
            for &(score, address) in members {
                let doc = self.index.stored(&searcher, address)?;
                if story.is_empty() {
                    story.clone_from(&doc.story);
                }
                entries.push((doc, score, true));
            }
            // The other versions of what matched (its translations and copies, directly or
            // through one another), when they pass the filters. Other reports of the same
            // event stay out unless they match: the page shows what was asked for.
            let mut pending: Vec<String> = entries
                .iter()
                .flat_map(|(doc, _, _)| version_partners(doc))
                .collect();
            while let Some(id) = pending.pop() {
                if entries.iter().any(|(doc, _, _)| doc.article.id == id) {
                    continue;
                }
                let doc = self.index.get(&searcher, &id)?;
                let article = &doc.article;
                if filters.pass(article.lang, article.source.as_deref(), article.date) {
                    pending.extend(version_partners(&doc));
                    entries.push((doc, best * 0.95, false));
                }
            }
            for (doc, score, was_matched, copies) in collapse_copies(entries) {
                let article = doc.article;
                let marks = snippet::find_marks(
                    &article.text,
                    &analyzers_of(article.lang),
                    &compiled.terms,
                    manager,
                );
                group.ids.push(article.id.clone());
                if !group.langs.contains(&article.lang) {
                    group.langs.push(article.lang);
                }
                let snippet = snippet::render(&article.text, &marks, SNIPPET_BYTES);
                let mut hit = hit(article, doc.story, score, snippet, was_matched);
                hit.copies = copies;
                hits.push(hit);
            }
            group.story = story;
            stories.push(group);
        }

        let histogram = request.histogram.map(|interval| Histogram {
            interval,
            buckets: counts
                .histogram
                .iter()
                .map(|(key, langs)| Bucket {
                    key: key.clone(),
                    total: langs.values().sum(),
                    langs: langs.clone(),
                })
                .collect(),
        });
        Ok(SearchResponse {
            query: request.query.clone(),
            total: counts.total,
            total_stories: counts.stories,
            offset: request.offset,
            limit: request.limit,
            hits,
            stories,
            facets: Facets {
                lang: counts.lang,
                source: counts.source,
                month: counts.month,
            },
            histogram,
            warnings: compiled.warnings,
        })
    }
}

fn hit(
    article: Article,
    story: String,
    score: f32,
    snippet: snippet::Snippet,
    matched: bool,
) -> Hit {
    Hit {
        id: article.id,
        lang: article.lang,
        title: article.title,
        url: article.url,
        source: article.source,
        date: article.date,
        month: article.month,
        score: (score * 1000.0).round() / 1000.0,
        story,
        snippet: snippet.text,
        highlights: snippet.marks,
        matched,
        copies: Vec::new(),
    }
}

/// The ids an article is linked to as the same text: its translations and copies.
fn version_partners(doc: &StoredDoc) -> Vec<String> {
    doc.links
        .iter()
        .filter(|l| matches!(l.relation, Relation::Translation | Relation::Duplicate))
        .map(|l| {
            if l.a == doc.article.id {
                l.b.clone()
            } else {
                l.a.clone()
            }
        })
        .collect()
}

/// One version of a story on the page: its stored record, score, whether it matched, and
/// the ids of its copies folded into it.
type PageEntry = (StoredDoc, f32, bool, Vec<String>);

/// Folds copies (articles joined by `duplicate` links, directly or through other copies)
/// into one entry each: the best-scored copy, the smallest id on a tie, at the place of the
/// family's first entry. A story printed by twenty outlets shows its text once.
fn collapse_copies(entries: Vec<(StoredDoc, f32, bool)>) -> Vec<PageEntry> {
    let index_of: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, (doc, _, _))| (doc.article.id.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (doc, _, _) in &entries {
        for link in doc
            .links
            .iter()
            .filter(|l| l.relation == Relation::Duplicate)
        {
            if let (Some(&a), Some(&b)) =
                (index_of.get(link.a.as_str()), index_of.get(link.b.as_str()))
            {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let roots: Vec<usize> = (0..entries.len()).map(|i| root(&mut parent, i)).collect();
    // The representative of each family.
    let mut best: HashMap<usize, usize> = HashMap::new();
    for (i, (doc, score, _)) in entries.iter().enumerate() {
        let slot = best.entry(roots[i]).or_insert(i);
        let (held, held_score) = (&entries[*slot].0.article.id, entries[*slot].1);
        if *score > held_score || (*score == held_score && doc.article.id < *held) {
            *slot = i;
        }
    }
    let mut copies: HashMap<usize, Vec<String>> = HashMap::new();
    let mut matched_family: Vec<bool> = vec![false; entries.len()];
    for (i, (doc, _, matched)) in entries.iter().enumerate() {
        matched_family[roots[i]] |= *matched;
        if best[&roots[i]] != i {
            copies
                .entry(roots[i])
                .or_default()
                .push(doc.article.id.clone());
        }
    }
    let mut shown: Vec<Option<PageEntry>> = entries
        .into_iter()
        .map(|(doc, score, matched)| Some((doc, score, matched, Vec::new())))
        .collect();
    let mut out = Vec::new();
    for i in 0..shown.len() {
        // Families appear where their first entry was; the representative stands there.
        if roots[i] != i {
            continue;
        }
        let chosen = best[&i];
        if let Some(mut entry) = shown[chosen].take() {
            let mut ids = copies.remove(&i).unwrap_or_default();
            ids.sort();
            entry.3 = ids;
            // A copy that matched makes the family matched.
            entry.2 = matched_family[i];
            out.push(entry);
        }
    }
    out
}

fn max_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
