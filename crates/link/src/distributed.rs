//! Linking in steps over partitions of a corpus, for a batch framework (issue 17, step 3;
//! the Spark job's `newsindex batch` steps): every step works on a part of the corpus or on
//! one group of a shuffle, and the steps together give the links and stories of
//! [`LinkCorpus`](crate::LinkCorpus) over the whole corpus, in the same order of articles.
//!
//! 1. **Keys** ([`article_keys`]): each article's statistics keys (anchor features, concept
//!    keys) in the order interning meets them. The framework counts each key's articles and
//!    ranks the keys by (article index, position), apart per kind: the rank is the id the
//!    single linker gives the key, and ids matter because scores sum weights in id order.
//!    Each article then gets its keys' rows ([`KeyRow`]: key, id, document frequency).
//! 2. **Copies**: each article is filed under its first sketch hashes ([`copy_keys`]); each
//!    hash's holders propose pairs ([`copy_proposals`]), which are scored
//!    ([`score_group`] with `copies`), and the duplicates make families
//!    ([`family_heads`], one task over the copy links).
//! 3. **Candidates**: the family heads' anchors held by two articles or more
//!    ([`posting_entries`]) are grouped by anchor; each anchor's holders propose pairs within
//!    their date windows ([`anchor_proposals`]), and each article keeps its best partners
//!    ([`best_partners`], weights summed in anchor-id order as the single linker sums them).
//! 4. **Scoring** ([`score_group`]): each article with its partners, under the statistics of
//!    their rows alone ([`CorpusStats`] built from rows, ids renumbered in the same order),
//!    then translations resting on the model checked against the texts ([`finish`]).
//! 5. **Stories** ([`stories_of_links`]): one translation per language and story assembly
//!    over the scored links only, in one task.

use crate::copies;
use crate::corpus::{CorpusStats, Feature};
use crate::members::Members;
use crate::score::{self, Meta, PairEvidence};
use crate::verify::{self, ArticleTexts};
use crate::{LinkCorpus, LinkFacts, Sketched};
use newsindex_analysis::AnchorKind;
use newsindex_core::{Date, Lang, Link, Relation, Story};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A statistics row of an article: its key (see [`article_keys`]), the key's id among the
/// keys of its kind, and in how many articles of the corpus it occurs.
pub type KeyRow = (String, u32, u32);

/// An article with the statistics rows of its keys and its place in the corpus.
#[derive(Clone, Debug)]
pub struct KeyedArticle<'a> {
    /// Index of the article in the corpus (input order, duplicate ids dropped).
    pub index: u32,
    /// Its linking facts.
    pub facts: LinkFacts<'a>,
    /// The rows of all its keys.
    pub keys: &'a [KeyRow],
}

/// The text of an anchor feature's key: `a`, the feature's slot, the value.
fn anchor_key(feature: Feature, value: &str) -> String {
    format!("a{}{value}", feature.slot())
}

/// A key read back: an anchor feature and its value, or a concept key.
enum Key<'a> {
    Anchor(Feature, &'a str),
    Concept(u32),
}

fn parse_key(key: &str) -> Result<Key<'_>, String> {
    let bad = || format!("not a statistics key: {key:?}");
    if let Some(rest) = key.strip_prefix('a') {
        let slot = rest.get(..1).and_then(|s| s.parse::<usize>().ok());
        let feature = slot.and_then(Feature::from_slot).ok_or_else(bad)?;
        Ok(Key::Anchor(feature, &rest[1..]))
    } else if let Some(rest) = key.strip_prefix('c') {
        rest.parse().map(Key::Concept).map_err(|_| bad())
    } else {
        Err(bad())
    }
}

/// Whether a key is a concept's (its id counts among concept ids), else an anchor's.
pub fn is_concept_key(key: &str) -> bool {
    key.starts_with('c')
}

/// An article's statistics keys, each once, in the order the single linker interns them
/// (anchor features first, then concept keys; the two kinds are numbered apart).
pub fn article_keys(facts: &LinkFacts) -> Vec<String> {
    let (anchors, concepts) = CorpusStats::keys_in_order(facts);
    anchors
        .iter()
        .map(|(feature, value)| anchor_key(*feature, value))
        .chain(concepts.iter().map(|key| format!("c{key}")))
        .collect()
}

/// Articles under the statistics of their rows: a [`LinkCorpus`] whose ids are the rows'
/// ids renumbered in the same order, so every sum runs in the whole corpus' order.
struct Local {
    corpus: LinkCorpus,
    index: Vec<u32>,
    days: Vec<Option<i64>>,
    norms: Vec<f64>,
}

impl Local {
    fn new(articles: u32, group: &[&KeyedArticle]) -> Result<Local, String> {
        let mut anchors: BTreeMap<u32, (Feature, &str, u32)> = BTreeMap::new();
        let mut concepts: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for article in group {
            for (key, id, df) in article.keys {
                let clash = match parse_key(key)? {
                    Key::Anchor(feature, value) => {
                        *anchors.entry(*id).or_insert((feature, value, *df))
                            != (feature, value, *df)
                    }
                    Key::Concept(concept) => {
                        *concepts.entry(*id).or_insert((concept, *df)) != (concept, *df)
                    }
                };
                if clash {
                    return Err(format!("two keys or frequencies for id {id} ({key:?})"));
                }
            }
        }
        let stats = CorpusStats::from_rows(
            articles,
            anchors
                .into_values()
                .map(|(feature, value, df)| (feature, value.to_string(), df)),
            concepts.into_values(),
        );
        let mut corpus = LinkCorpus::with_stats(stats);
        for article in group {
            // Every key must have its row: a missing one would pass for unseen (frequency 0).
            let mut want = article_keys(&article.facts);
            let mut have: Vec<&str> = article.keys.iter().map(|(k, _, _)| k.as_str()).collect();
            want.sort_unstable();
            have.sort_unstable();
            if want != have {
                return Err(format!(
                    "article {}: its key rows are not its keys",
                    article.facts.id
                ));
            }
            corpus.push_prepared(&article.facts);
        }
        let days = corpus.members.days();
        let norms = corpus
            .members
            .iter()
            .map(|m| m.prepared.concept_norm(&corpus.stats))
            .collect();
        Ok(Local {
            index: group.iter().map(|a| a.index).collect(),
            corpus,
            days,
            norms,
        })
    }
}

/// The sketch hashes under which an article meets its copies.
pub fn copy_keys(facts: &LinkFacts) -> Vec<u32> {
    facts
        .content
        .sketch
        .iter()
        .take(copies::KEYS)
        .copied()
        .collect()
}

/// A holder of a sketch hash, with what tells whether it can be a copy of another holder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyHolder {
    /// Article id.
    pub id: String,
    /// Corpus index.
    pub index: u32,
    /// Language.
    pub lang: Lang,
    /// Own publication day.
    pub day: Option<i64>,
    /// See [`crate::Content::sketch`].
    pub sketch: Vec<u32>,
    /// See [`crate::Content::triples`].
    pub triples: u32,
}

impl Sketched for CopyHolder {
    fn sketch(&self) -> &[u32] {
        &self.sketch
    }

    fn triples(&self) -> u32 {
        self.triples
    }
}

impl CopyHolder {
    /// The holder of article `index` with these facts.
    pub fn of(index: u32, facts: &LinkFacts) -> CopyHolder {
        CopyHolder {
            id: facts.id.to_string(),
            index,
            lang: facts.lang,
            day: facts.date.map(Date::days_since_epoch),
            sketch: facts.content.sketch.clone(),
            triples: facts.content.triples,
        }
    }
}

/// The pairs one sketch hash proposes: in id order, each holder meets the next few
/// ([`copies`]' rule, none when the hash has too many holders), and the plausible copies
/// among them are proposed as (proposer, partner), to be scored.
pub fn copy_proposals(holders: &mut Vec<CopyHolder>) -> Vec<(u32, u32)> {
    holders.sort_unstable_by(|x, y| (&x.id, x.index).cmp(&(&y.id, y.index)));
    holders.dedup_by_key(|h| h.index);
    if !copies::proposes_copies(holders.len()) {
        return Vec::new();
    }
    copies::neighbour_pairs(holders, |a, b| {
        copies::plausible_copies([a.lang, b.lang], [a.day, b.day], a, b)
    })
    .into_iter()
    .map(|(x, y)| (holders[x].index, holders[y].index))
    .collect()
}

/// An article's id and corpus index.
pub type IdIndex = (String, u32);

/// The families of copies from the copy links, given as the (id, index) of both ends: each
/// article that is not its family's head, with the head's index (the member of smallest id,
/// whatever the order of reading).
pub fn family_heads(pairs: &[(IdIndex, IdIndex)]) -> Vec<(u32, u32)> {
    let mut members: Vec<(&str, u32)> = pairs
        .iter()
        .flat_map(|(a, b)| [(a.0.as_str(), a.1), (b.0.as_str(), b.1)])
        .collect();
    members.sort_unstable();
    members.dedup();
    let rank: HashMap<u32, u32> = members
        .iter()
        .enumerate()
        .map(|(r, &(_, index))| (index, r as u32))
        .collect();
    let heads = copies::heads_by_rank(
        members.len(),
        pairs.iter().map(|(a, b)| (rank[&a.1], rank[&b.1])),
    );
    members
        .iter()
        .zip(heads)
        .filter(|&(&(_, index), head)| members[head as usize].1 != index)
        .map(|(&(_, index), head)| (index, members[head as usize].1))
        .collect()
}

/// A family head's entries in the postings of anchors: (anchor id, document frequency) for
/// each of its anchors held by two articles or more.
pub fn posting_entries(article: &KeyedArticle) -> Result<Vec<(u32, u32)>, String> {
    let mut entries = Vec::new();
    for (key, id, df) in article.keys {
        if let Key::Anchor(..) = parse_key(key)? {
            if *df >= 2 {
                entries.push((*id, *df));
            }
        }
    }
    Ok(entries)
}

/// The pairs one anchor proposes, from the family heads holding it as (index, publication
/// day): each holder meets the holders of larger index in its date window, unless the
/// anchor is too common there (see [`crate::WINDOW_CAP`]); pairs as (smaller, larger).
pub fn anchor_proposals(holders: &[(u32, Option<i64>)]) -> Vec<(u32, u32)> {
    let mut by_day: Vec<(i32, u32)> = holders
        .iter()
        .map(|&(index, day)| (crate::day_key(day), index))
        .collect();
    by_day.sort_unstable();
    by_day.dedup();
    let keys: Vec<i32> = by_day.iter().map(|x| x.0).collect();
    let articles: Vec<u32> = by_day.iter().map(|x| x.1).collect();
    let summary = crate::window_summary(&keys);
    let mut pairs = Vec::new();
    for &(a, day) in holders {
        let Some((undated, lo, hi)) = crate::open_window(&keys, summary, day) else {
            continue;
        };
        for &b in articles[..undated].iter().chain(&articles[lo..hi]) {
            if b > a {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// An article's candidates, best first, from the proposals made to it as (partner, anchor
/// id, anchor's document frequency); `articles` is the corpus size.
pub fn best_partners(articles: u32, proposals: &mut [(u32, u32, u32)]) -> Vec<u32> {
    // The single linker adds a partner's weights in the order of the article's anchor ids.
    proposals.sort_unstable_by_key(|&(b, id, _)| (id, b));
    let mut shared: rustc_hash::FxHashMap<u32, f64> = Default::default();
    for &(b, _, df) in proposals.iter() {
        *shared.entry(b).or_insert(0.0) += crate::score::idf(df, articles);
    }
    crate::best_candidates(shared)
}

/// An article and the partners it proposed, to be scored together.
pub struct ScoringGroup<'a> {
    /// Whether the pairs were proposed as copies (they count only as duplicates).
    pub copies: bool,
    /// The proposing article.
    pub article: KeyedArticle<'a>,
    /// Its partners.
    pub partners: Vec<KeyedArticle<'a>>,
}

/// One end of a scored pair.
#[derive(Clone, Debug)]
struct End {
    index: u32,
    id: String,
    meta: Meta,
}

/// A pair that supports a relation, before its translation is checked against the texts.
pub struct ScoredPair {
    ends: [End; 2],
    evidence: PairEvidence,
    /// The anchors the end of smaller id shares with the other, with its first surfaces.
    facts: Vec<(AnchorKind, u32, String)>,
}

impl ScoredPair {
    /// The ids of the two articles.
    pub fn ids(&self) -> [&str; 2] {
        [&self.ends[0].id, &self.ends[1].id]
    }
}

/// Scores the pairs of a group under the statistics of its articles' rows; `articles` is
/// the corpus size.
pub fn score_group(articles: u32, group: &ScoringGroup) -> Result<Vec<ScoredPair>, String> {
    let all: Vec<&KeyedArticle> = std::iter::once(&group.article)
        .chain(&group.partners)
        .collect();
    let local = Local::new(articles, &all)?;
    let members = &local.corpus.members;
    let stats = &local.corpus.stats;
    let end = |i: usize| End {
        index: local.index[i],
        id: members.id(i).to_string(),
        meta: members.meta(i),
    };
    let mut scored = Vec::new();
    for b in 1..members.len() {
        let (ma, mb) = (members.get(0), members.get(b));
        let norms = [local.norms[0], local.norms[b]];
        let evidence = if group.copies {
            copies::copy_evidence([&ma, &mb], [local.days[0], local.days[b]], stats, norms)
        } else {
            ma.related_to(&mb, stats, norms)
        };
        let Some(evidence) = evidence else { continue };
        let (first, second) = if ma.id <= mb.id { (ma, mb) } else { (mb, ma) };
        let facts = local
            .corpus
            .shared_facts(first, second)
            .map(|(kind, id, surface)| (kind, id, surface.to_string()))
            .collect();
        scored.push(ScoredPair {
            ends: [end(0), end(b)],
            evidence,
            facts,
        });
    }
    Ok(scored)
}

/// A scored link as the stories step needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoredLink {
    /// Corpus index of the proposing article.
    pub a: u32,
    /// Corpus index of its partner.
    pub b: u32,
    /// Ids of the two.
    pub ids: [String; 2],
    /// Languages of the two.
    pub langs: [Lang; 2],
    /// Own publication days of the two.
    pub days: [Option<i64>; 2],
    /// For a translation: the bits of its translation probability (bits, so that the
    /// stories step compares the very numbers this step computed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<u64>,
    /// Whether the link is only likely (see [`crate::GROUP_SUPPORT`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub likely: bool,
    /// The link.
    pub link: Link,
}

/// Checks the translations of `scored` that rest on the model against the texts (as the
/// single linker does before it keeps one translation per language) and makes the links.
pub fn finish(scored: Vec<ScoredPair>, texts: &dyn ArticleTexts) -> Vec<ScoredLink> {
    let mut ends: BTreeMap<u32, &End> = BTreeMap::new();
    for pair in &scored {
        for end in &pair.ends {
            ends.insert(end.index, end);
        }
    }
    let local = local_positions(&ends);
    let mut members = Members::default();
    for end in ends.values() {
        members.push_bare(&end.id, end.meta);
    }
    let mut checked: Vec<(u32, u32, PairEvidence)> = scored
        .iter()
        .map(|p| {
            let [a, b] = &p.ends;
            (local[&a.index], local[&b.index], p.evidence.clone())
        })
        .collect();
    verify::check_translations(&members, &mut checked, texts);
    scored
        .iter()
        .zip(checked)
        .filter_map(|(pair, (_, _, e))| {
            let [a, b] = &pair.ends;
            let (first, second) = if a.id <= b.id { (a, b) } else { (b, a) };
            let facts = pair.facts.iter().map(|(k, id, s)| (*k, *id, s.as_str()));
            let words = score::evidence_words(facts, |_, _| true, &e);
            let link = score::link_of(&first.id, &second.id, &e, words)?;
            let translation = (e.relation == Some(Relation::Translation))
                .then(|| e.translation_probability().to_bits());
            Some(ScoredLink {
                a: a.index,
                b: b.index,
                ids: [a.id.clone(), b.id.clone()],
                langs: [a.meta.lang, b.meta.lang],
                days: [a.meta.date, b.meta.date].map(|d| d.map(Date::days_since_epoch)),
                translation,
                likely: e.likely_only(),
                link,
            })
        })
        .collect()
}

/// The stories of a corpus of `articles` articles from all its scored links: each article
/// keeps one translation per language, then stories are assembled as the single linker
/// assembles them. Returns the stories of more than one article, how many stories there are
/// in all, and the own publication days of the linked stories' members.
pub fn stories_of_links(
    articles: usize,
    scored: Vec<ScoredLink>,
) -> (Vec<Story>, usize, HashMap<String, i64>) {
    // The linked articles in corpus order: union-find roots and ties then fall as they
    // fall over the whole corpus.
    let mut ends: BTreeMap<u32, (&str, Lang, Option<i64>)> = BTreeMap::new();
    for s in &scored {
        ends.insert(s.a, (&s.ids[0], s.langs[0], s.days[0]));
        ends.insert(s.b, (&s.ids[1], s.langs[1], s.days[1]));
    }
    let local = local_positions(&ends);
    let mut members = Members::default();
    for &(id, lang, _) in ends.values() {
        let meta = Meta {
            lang,
            date: None,
            text_chars: 0,
        };
        members.push_bare(id, meta);
    }
    let pairs: Vec<(u32, u32, Option<f64>)> = scored
        .iter()
        .map(|s| (local[&s.a], local[&s.b], s.translation.map(f64::from_bits)))
        .collect();
    let demoted = crate::demoted_translations(|i| members.meta(i as usize).lang, &pairs);
    let mut links = Vec::new();
    for (s, demote) in scored.iter().zip(&demoted) {
        if !s.likely {
            let mut link = s.link.clone();
            if *demote {
                link.relation = Relation::SameEvent;
            }
            links.push(link);
        }
    }
    links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    let likely: Vec<&ScoredLink> = scored.iter().filter(|s| s.likely).collect();
    let pairs: Vec<(u32, u32)> = likely.iter().map(|s| (local[&s.a], local[&s.b])).collect();
    let likely_link = |k: usize| Some(likely[k].link.clone());
    let (stories, linked_total) =
        crate::stories::build(&members, links, &pairs, likely_link, false);
    let days: HashMap<String, i64> = ends
        .values()
        .filter_map(|&(id, _, day)| Some((id.to_string(), day?)))
        .collect();
    let total = articles - members.len() + linked_total;
    (stories, total, days)
}

/// Each corpus index of `ends` and its position among them (their order is the order of the
/// members built from them).
fn local_positions<V>(ends: &BTreeMap<u32, V>) -> HashMap<u32, u32> {
    ends.keys()
        .enumerate()
        .map(|(i, &index)| (index, i as u32))
        .collect()
}

#[cfg(test)]
mod tests;
