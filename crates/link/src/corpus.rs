//! Anchor interning and corpus statistics: every anchor becomes a `u32`, every article a
//! sorted set and an ordered list of mentions of those ids, so that scoring a pair touches integers only.

use crate::content::{PackedConcepts, PreparedContent};
use crate::{LinkFacts, LinkInput};
use newsindex_analysis::{Anchor, AnchorKind};
use newsindex_core::Interned;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// An anchor as the linker sees it: the article's own URL and its last path segment count too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Feature {
    /// An anchor of the text (code, date, number, name, cited URL).
    Anchor(AnchorKind),
    /// The article's last URL path segment when it is a long slug (`hoi-nghi-toan-quoc-...`):
    /// agencies that publish several language editions often reuse it.
    Slug,
}

impl Feature {
    /// The feature of a [`Feature::slot`] number.
    pub(crate) fn from_slot(slot: usize) -> Option<Feature> {
        Some(match slot {
            0 => Feature::Anchor(AnchorKind::Url),
            1 => Feature::Anchor(AnchorKind::Code),
            2 => Feature::Anchor(AnchorKind::Date),
            3 => Feature::Anchor(AnchorKind::Num),
            4 => Feature::Anchor(AnchorKind::Name),
            5 => Feature::Slug,
            _ => return None,
        })
    }

    pub(crate) fn slot(self) -> usize {
        match self {
            Feature::Anchor(AnchorKind::Url) => 0,
            Feature::Anchor(AnchorKind::Code) => 1,
            Feature::Anchor(AnchorKind::Date) => 2,
            Feature::Anchor(AnchorKind::Num) => 3,
            Feature::Anchor(AnchorKind::Name) => 4,
            Feature::Slug => 5,
        }
    }
}

/// Interned anchors of a corpus, with their document frequencies.
#[derive(Clone, Debug, Default)]
pub struct CorpusStats {
    /// Anchor values by id, tagged with their feature's slot (ids are also positions in
    /// `kinds` and `df`).
    ids: Interned,
    kinds: Vec<Feature>,
    df: Vec<u32>,
    /// Dense ids of concept keys (see [`crate::Content`]), and in how many articles each occurs.
    concept_ids: FxHashMap<u32, u32>,
    concept_df: Vec<u32>,
    articles: u32,
    /// Logarithms by document frequency for this corpus size, made on first use after the
    /// last article was added: scoring takes one per shared anchor and concept of every
    /// candidate pair, and the same few frequencies recur.
    logs: std::sync::OnceLock<IdfLogs>,
}

/// [`crate::score::idf`] of anchors and [`CorpusStats::concept_idf`] of concepts, by
/// document frequency up to the largest one of the corpus, computed by the same expressions
/// (so the same numbers). A table bounded by a fixed frequency left the common anchors and
/// concepts of a million articles, those most pairs share, to a logarithm each time: a tenth
/// of the linking time.
#[derive(Clone, Debug)]
struct IdfLogs {
    anchor: Vec<f64>,
    concept: Vec<f64>,
}

/// One article reduced to integers, borrowed from where it is kept (see `crate::members`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prepared<'a> {
    /// Anchor ids of the body, every mention, in order.
    pub mentions: &'a [u32],
    /// All distinct anchor ids (text anchors, own URL, slug), sorted.
    pub set: &'a [u32],
    /// Concepts (dense ids, sorted) and sketch of the article's words.
    pub content: PreparedContent<'a>,
    /// Ids of the date anchors that fall near the article's own publication date, sorted:
    /// the days a report can be about (see [`crate::score::near_publication`]).
    pub current_days: &'a [u32],
}

impl Prepared<'_> {
    /// Length of the article's concept vector under the corpus statistics.
    pub fn concept_norm(&self, stats: &CorpusStats) -> f64 {
        crate::content::concept_norm(self.content.concepts.iter(), |key| stats.concept_idf(key))
    }

    /// Distinct anchor ids of the body, in order of first mention.
    pub fn first_mentions(&self) -> Vec<u32> {
        let mut seen = HashSet::with_capacity(self.mentions.len());
        self.mentions
            .iter()
            .copied()
            .filter(|id| seen.insert(*id))
            .collect()
    }
}

/// The parts of a [`Prepared`] as the statistics make them, before the corpus files them
/// end to end with every other article's.
#[derive(Clone, Debug, Default)]
pub(crate) struct PreparedParts {
    /// See [`Prepared::mentions`].
    pub mentions: Vec<u32>,
    /// See [`Prepared::set`].
    pub set: Vec<u32>,
    /// The concepts' bytes (see [`PackedConcepts`]).
    pub concepts: Vec<u8>,
    /// See [`PreparedContent::sketch`].
    pub sketch: Vec<u32>,
    /// See [`PreparedContent::triples`].
    pub triples: u32,
    /// See [`Prepared::current_days`].
    pub current_days: Vec<u32>,
}

impl PreparedParts {
    /// The parts as the scorer reads them.
    pub fn view(&self) -> Prepared<'_> {
        Prepared {
            mentions: &self.mentions,
            set: &self.set,
            content: PreparedContent {
                concepts: PackedConcepts(&self.concepts),
                sketch: &self.sketch,
                triples: self.triples,
            },
            current_days: &self.current_days,
        }
    }
}

impl CorpusStats {
    /// Interns the anchors of every input and counts in how many articles each occurs.
    pub fn from_inputs(inputs: &[LinkInput]) -> CorpusStats {
        let mut stats = CorpusStats::default();
        for input in inputs {
            stats.add(input);
        }
        stats
    }

    /// Adds one article to the statistics (for incremental linking) and returns its ids.
    pub(crate) fn add(&mut self, input: &LinkInput) -> PreparedParts {
        self.add_with_ids(&input.facts()).0
    }

    /// [`CorpusStats::add`], also returning the id of each of the input's anchors.
    pub(crate) fn add_with_ids(&mut self, input: &LinkFacts) -> (PreparedParts, Vec<u32>) {
        let (prepared, ids) = self.intern(input);
        for &id in &prepared.set {
            if let Some(df) = self.df.get_mut(id as usize) {
                *df += 1;
            }
        }
        for id in PackedConcepts(&prepared.concepts).iter() {
            if let Some(df) = self.concept_df.get_mut(id as usize) {
                *df += 1;
            }
        }
        self.articles += 1;
        self.logs = std::sync::OnceLock::new();
        (prepared, ids)
    }

    /// Number of articles counted.
    pub fn articles(&self) -> usize {
        self.articles as usize
    }

    /// Number of distinct anchors interned.
    pub fn distinct_anchors(&self) -> usize {
        self.ids.len()
    }

    /// In how many counted articles an anchor occurs (0 when never seen).
    pub fn document_frequency(&self, anchor: &Anchor) -> usize {
        self.id_of(Feature::Anchor(anchor.kind), &anchor.value)
            .map_or(0, |id| self.df(id) as usize)
    }

    /// Inverse document frequency of a concept (by dense id); one no counted article holds
    /// weighs as one held by a single article.
    pub(crate) fn concept_idf(&self, id: u32) -> f64 {
        let df = self
            .concept_df
            .get(id as usize)
            .copied()
            .unwrap_or(1)
            .max(1);
        match self.logs().concept.get(df as usize) {
            Some(&logged) => logged,
            None => concept_idf_of(df, self.articles),
        }
    }

    /// Inverse document frequency of an anchor held by `df_others` of the `others` articles
    /// besides a compared pair, `others` being this corpus's size less two (see
    /// [`crate::score::idf`]).
    pub(crate) fn anchor_idf(&self, df_others: u32) -> f64 {
        let others = self.articles.saturating_sub(2);
        match self.logs().anchor.get(df_others as usize) {
            Some(&logged) => logged,
            None => crate::score::idf(df_others, others),
        }
    }

    fn logs(&self) -> &IdfLogs {
        self.logs.get_or_init(|| {
            let others = self.articles.saturating_sub(2);
            let max_df = |dfs: &[u32]| dfs.iter().copied().max().unwrap_or(0);
            IdfLogs {
                anchor: (0..=max_df(&self.df))
                    .map(|df| crate::score::idf(df, others))
                    .collect(),
                concept: (0..=max_df(&self.concept_df))
                    .map(|df| concept_idf_of(df.max(1), self.articles))
                    .collect(),
            }
        })
    }

    pub(crate) fn df(&self, id: u32) -> u32 {
        self.df.get(id as usize).copied().unwrap_or(0)
    }

    pub(crate) fn feature(&self, id: u32) -> Option<Feature> {
        self.kinds.get(id as usize).copied()
    }

    /// Statistics given whole, for a part of a corpus whose statistics were counted apart
    /// (`crate::distributed`): `anchors` as (feature, value, document frequency) and
    /// `concepts` as (concept key, document frequency), each in the order of the ids the
    /// whole corpus gives them (a float sum in id order must be the same sum), and the
    /// corpus' size. Ids here are positions in these lists, so they keep that order.
    pub(crate) fn from_rows(
        articles: u32,
        anchors: impl IntoIterator<Item = (Feature, String, u32)>,
        concepts: impl IntoIterator<Item = (u32, u32)>,
    ) -> CorpusStats {
        let mut stats = CorpusStats {
            articles,
            ..CorpusStats::default()
        };
        for (feature, value, df) in anchors {
            stats.ids.insert_new(feature.slot() as u8, &value);
            stats.kinds.push(feature);
            stats.df.push(df);
        }
        for (key, df) in concepts {
            stats.concept_ids.insert(key, stats.concept_df.len() as u32);
            stats.concept_df.push(df);
        }
        stats
    }

    /// The keys an article adds to the statistics, each once, in the order interning meets
    /// them: its anchor features (text anchors, own URL, slug), then its concept keys. A
    /// corpus' ids are the keys ranked by (article, this position), apart per kind.
    pub(crate) fn keys_in_order(input: &LinkFacts) -> (Vec<(Feature, String)>, Vec<u32>) {
        let mut anchors: Vec<(Feature, String)> = Vec::new();
        let mut anchor_ids: HashMap<(Feature, String), u32> = HashMap::new();
        let mut concepts: Vec<u32> = Vec::new();
        let mut concept_ids: HashMap<u32, u32> = HashMap::new();
        let mut lookup = |feature: Feature, value: &str| -> u32 {
            *anchor_ids
                .entry((feature, value.to_string()))
                .or_insert_with(|| {
                    anchors.push((feature, value.to_string()));
                    anchors.len() as u32 - 1
                })
        };
        let mut concept = |key: u32| -> u32 {
            *concept_ids.entry(key).or_insert_with(|| {
                concepts.push(key);
                concepts.len() as u32 - 1
            })
        };
        build(input, &mut lookup, &mut concept);
        (anchors, concepts)
    }

    /// Reduces an article to ids without changing the statistics; anchors never seen get
    /// fresh ids past the table (document frequency 0).
    pub(crate) fn prepare(&self, input: &LinkInput) -> PreparedParts {
        self.prepare_with_ids(&input.facts()).0
    }

    /// [`CorpusStats::prepare`] of borrowed facts, also returning the id of each anchor.
    pub(crate) fn prepare_with_ids(&self, input: &LinkFacts) -> (PreparedParts, Vec<u32>) {
        let mut unseen: HashMap<(Feature, String), u32> = HashMap::new();
        let base = self.kinds.len() as u32;
        let mut lookup = |feature: Feature, value: &str| -> u32 {
            if let Some(id) = self.id_of(feature, value) {
                return id;
            }
            let next = base + unseen.len() as u32;
            *unseen.entry((feature, value.to_string())).or_insert(next)
        };
        let concept_base = self.concept_df.len() as u32;
        let mut unseen_concepts: HashMap<u32, u32> = HashMap::new();
        let mut concept = |key: u32| -> u32 {
            if let Some(&id) = self.concept_ids.get(&key) {
                return id;
            }
            let next = concept_base + unseen_concepts.len() as u32;
            *unseen_concepts.entry(key).or_insert(next)
        };
        build(input, &mut lookup, &mut concept)
    }

    fn intern(&mut self, input: &LinkFacts) -> (PreparedParts, Vec<u32>) {
        let (concept_ids, concept_df) = (&mut self.concept_ids, &mut self.concept_df);
        let mut concept = |key: u32| -> u32 {
            *concept_ids.entry(key).or_insert_with(|| {
                concept_df.push(0);
                concept_df.len() as u32 - 1
            })
        };
        let mut lookup = |feature: Feature, value: &str| -> u32 {
            if let Some(id) = self.ids.get(feature.slot() as u8, value) {
                return id;
            }
            self.kinds.push(feature);
            self.df.push(0);
            self.ids.insert_new(feature.slot() as u8, value)
        };
        build(input, &mut lookup, &mut concept)
    }

    /// The id of an anchor, if interned.
    pub(crate) fn id_of(&self, feature: Feature, value: &str) -> Option<u32> {
        self.ids.get(feature.slot() as u8, value)
    }
}

/// Inverse document frequency of a concept found in `df` (≥ 1) of `articles` articles.
fn concept_idf_of(df: u32, articles: u32) -> f64 {
    (f64::from(articles.max(df)) / f64::from(df)).ln()
}

/// The features of an article that are not in its text: its own URL and slug.
pub(crate) fn url_features(url: Option<&str>) -> Vec<(Feature, String)> {
    let Some(url) = url.map(str::trim) else {
        return Vec::new();
    };
    // Stored URLs may lack a scheme (`nhandan.vn/...`); the anchor reader wants one.
    let with_scheme = if url.contains("://") {
        url.to_string()
    } else {
        format!("http://{url}")
    };
    let Some(canonical) = newsindex_analysis::first_url_anchor(&with_scheme) else {
        return Vec::new();
    };
    let mut features = Vec::new();
    if let Some(slug) = canonical.rsplit('/').next() {
        let stem = slug.split('.').next().unwrap_or(slug);
        // A slug of five or more words names one story; short ones (`index`, `news`) do not.
        if canonical.contains('/') && stem.split(['-', '_']).count() >= 5 {
            features.push((Feature::Slug, stem.to_string()));
        }
    }
    features.push((Feature::Anchor(AnchorKind::Url), canonical));
    features
}

/// The article as integers, and the id of each of its anchors in input order.
fn build(
    input: &LinkFacts,
    lookup: &mut dyn FnMut(Feature, &str) -> u32,
    concept: &mut dyn FnMut(u32) -> u32,
) -> (PreparedParts, Vec<u32>) {
    let mut ids: Vec<u32> = Vec::with_capacity(input.anchors.len());
    let mut mentions: Vec<u32> = Vec::with_capacity(input.anchors.len());
    let mut current_days: Vec<u32> = Vec::new();
    // A dated mention (`23/3/2004`) yields the full date and then its day and month
    // (`03-23`), which must not pass for this year's 23 March.
    let mut full_date: Option<(&str, &str, bool)> = None;
    for (position, &(kind, value, surface)) in input.anchors.iter().enumerate() {
        let id = lookup(Feature::Anchor(kind), value);
        ids.push(id);
        if kind == AnchorKind::Date {
            let current = match full_date {
                Some((full_surface, full_value, current))
                    if full_surface == surface && full_value.ends_with(value) =>
                {
                    current
                }
                _ => input
                    .date
                    .is_some_and(|published| crate::score::near_publication(value, published)),
            };
            full_date = (value.len() > 5).then_some((surface, value, current));
            if current {
                current_days.push(id);
            }
        }
        // Cited URLs are shared evidence but not a position in the story; title anchors are
        // left out of the order (see `LinkInput::title_anchors`).
        if position >= input.title_anchors && kind != AnchorKind::Url {
            mentions.push(id);
        }
    }
    let mut set = ids.clone();
    for (feature, value) in url_features(input.url) {
        set.push(lookup(feature, &value));
    }
    set.sort_unstable();
    set.dedup();
    // Concepts as dense ids, sorted: scoring intersects them by merging.
    let mut concepts: Vec<u32> = input
        .content
        .concepts
        .iter()
        .map(|&key| concept(key))
        .collect();
    concepts.sort_unstable();
    concepts.dedup();
    current_days.sort_unstable();
    current_days.dedup();
    let prepared = PreparedParts {
        mentions,
        set,
        concepts: PackedConcepts::pack(&concepts),
        sketch: input.content.sketch.clone(),
        triples: input.content.triples,
        current_days,
    };
    (prepared, ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;

    fn add_empty_article(stats: &mut CorpusStats, id: &str) {
        let content = crate::Content::default();
        stats.add_with_ids(&LinkFacts {
            id,
            lang: Lang::En,
            date: None,
            url: None,
            text_chars: 0,
            anchors: Vec::new(),
            title_anchors: 0,
            content: &content,
        });
    }

    #[test]
    fn logged_frequencies_give_the_numbers_computed_directly() {
        let mut stats = CorpusStats::default();
        for i in 0..10 {
            add_empty_article(&mut stats, &format!("a{i}"));
        }
        let check = |stats: &CorpusStats| {
            let articles = stats.articles() as u32;
            let others = articles.saturating_sub(2);
            for df in [0, 1, 2, 7, 4095, 4096, 100_000] {
                let direct = crate::score::idf(df, others);
                assert_eq!(stats.anchor_idf(df).to_bits(), direct.to_bits(), "{df}");
            }
            // A concept no article holds weighs as one held by a single article.
            let direct = concept_idf_of(1, articles);
            assert_eq!(stats.concept_idf(12_345).to_bits(), direct.to_bits());
        };
        check(&stats);
        // Adding an article changes the corpus size: the logs are made anew.
        let before = stats.anchor_idf(1);
        add_empty_article(&mut stats, "late");
        assert_ne!(stats.anchor_idf(1), before);
        check(&stats);
    }
}
