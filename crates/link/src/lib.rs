//! Translation linking: groups the language versions of one story from language-neutral
//! anchors (cited URL, codes, dates, numbers, names), keeps independent reports of the same
//! event apart from translations, and says why two articles were linked.
//!
//! [`link_articles`] turns a corpus of [`LinkInput`]s into [`Story`]s (each with its links,
//! scores and evidence); [`find_links`] gives the links alone. For `newsindex translations
//! ID`, the links of the article's story already carry score and evidence; [`explain`] scores
//! any given pair against [`CorpusStats`] of the corpus (and says `None` when the evidence
//! supports no link), and [`compare`] exposes the raw measurements behind a decision.
//!
//! ```
//! use newsindex_analysis::extract_anchors;
//! use newsindex_core::Lang;
//! use newsindex_link::{link_articles, Content, LinkInput};
//!
//! let input = |id: &str, lang, text: &str| LinkInput {
//!     id: id.into(),
//!     lang,
//!     date: None,
//!     url: None,
//!     text_chars: text.chars().count(),
//!     anchors: extract_anchors(text, lang),
//!     title_anchors: 0,
//!     content: Content::of("", text, lang),
//! };
//! let vi = "Ngày 15/10, Tổng Bí thư Tô Lâm chủ trì. Đã giao 1.132 nhiệm vụ, 485 hoàn thành, \
//!           561 đang thực hiện, Nghị quyết 57-NQ/TW.";
//! let fr = "Le 15 octobre, le secrétaire général To Lam a présidé. 1 132 tâches attribuées, \
//!           485 accomplies, 561 en cours, résolution 57-NQ/TW.";
//! let stories = link_articles(&[input("a", Lang::Vi, vi), input("b", Lang::Fr, fr)]);
//! assert_eq!(stories.len(), 1);
//! assert_eq!(stories[0].ids, ["a", "b"]);
//! ```
//!
//! # Scale
//!
//! Anchors are interned to integers once. Candidate pairs come from an inverted index of
//! anchors, never from all pairs: an article meets only the articles that share an anchor
//! with it and were published within [`MAX_DAYS_APART`] days (or lack a date), and an anchor
//! held by more than [`WINDOW_CAP`] articles in that window is skipped as too common to tell
//! stories apart. The work per article is therefore bounded by its number of anchors times
//! the cap, and total work grows linearly with the corpus. Scoring runs in parallel (rayon).

mod align;
mod content;
mod copies;
mod corpus;
pub mod distributed;
mod members;
mod score;
mod stories;
mod verify;

pub use align::{
    align_pair, align_versions, compare_versions, paragraphs, AlignVersion, AlignedRow, Alignment,
    AnchorDifference, Bead, ComparedVersion, Comparison, RowStatus,
};
pub use content::{containment, Content, Sketched, MAX_CONCEPTS, SKETCH_SIZE};
pub use corpus::CorpusStats;
pub use score::{compare, explain, PairEvidence, LIKELY_CONTENT, LIKELY_EVENT, MAX_DAYS_APART};
pub use stories::{GROUP_SUPPORT, MIN_GROUP_PAIRS, SUPPORT};
pub use verify::{matched_share, ArticleTexts, NoTexts, MIN_ALIGNED_SHARE};

use score::{Meta, Wanted};

use corpus::{Feature, Prepared, PreparedParts};
use members::{Member, Members};
use newsindex_analysis::{Anchor, AnchorKind};
use newsindex_core::{Date, Interned, Lang, Link, Relation, Story};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// What the linker needs to know about one article.
#[derive(Clone, Debug)]
pub struct LinkInput {
    /// Article id.
    pub id: String,
    /// Article language.
    pub lang: Lang,
    /// Publication date, when known.
    pub date: Option<Date>,
    /// Cited or canonical URL, when known.
    pub url: Option<String>,
    /// Length of the body in characters.
    pub text_chars: usize,
    /// Anchors of title and body, in order of appearance.
    pub anchors: Vec<Anchor>,
    /// How many of the leading `anchors` come from the title (0 when unknown or untitled).
    /// They count as shared facts but not for order: headlines are rewritten freely and
    /// repeat facts of the body out of sequence.
    pub title_anchors: usize,
    /// What the words say beside the anchors (see [`Content`]).
    pub content: Content,
}

/// An article's linking facts, borrowed: what a [`LinkInput`] owns, for callers that keep
/// them in another form and should not copy every anchor to hand them over.
#[derive(Clone, Debug)]
pub struct LinkFacts<'a> {
    /// Article id.
    pub id: &'a str,
    /// Article language.
    pub lang: Lang,
    /// Publication date, when known.
    pub date: Option<Date>,
    /// Cited or canonical URL, when known.
    pub url: Option<&'a str>,
    /// Length of the body in characters.
    pub text_chars: usize,
    /// Anchors of title and body in order of appearance, as `(kind, value, surface)`.
    pub anchors: Vec<(AnchorKind, &'a str, &'a str)>,
    /// How many of the leading `anchors` come from the title (see [`LinkInput`]).
    pub title_anchors: usize,
    /// What the words say beside the anchors (see [`Content`]).
    pub content: &'a Content,
}

impl LinkFacts<'_> {
    /// The same facts, owned.
    pub fn to_input(&self) -> LinkInput {
        LinkInput {
            id: self.id.to_string(),
            lang: self.lang,
            date: self.date,
            url: self.url.map(str::to_string),
            text_chars: self.text_chars,
            anchors: self
                .anchors
                .iter()
                .map(|&(kind, value, surface)| Anchor {
                    kind,
                    value: value.to_string(),
                    surface: surface.to_string(),
                })
                .collect(),
            title_anchors: self.title_anchors,
            content: self.content.clone(),
        }
    }
}

impl LinkInput {
    /// The linker's input for a clean article: title anchors first, then body anchors, and
    /// the content evidence of title and body.
    pub fn from_article(article: &newsindex_core::Article) -> LinkInput {
        let mut anchors = newsindex_analysis::extract_anchors(&article.title, article.lang);
        let title_anchors = anchors.len();
        anchors.extend(newsindex_analysis::extract_anchors(
            &article.text,
            article.lang,
        ));
        LinkInput {
            id: article.id.clone(),
            lang: article.lang,
            date: article.date,
            url: article.url.clone(),
            text_chars: article.text.chars().count(),
            anchors,
            title_anchors,
            content: Content::of(&article.title, &article.text, article.lang),
        }
    }

    /// The same facts, borrowed.
    pub fn facts(&self) -> LinkFacts<'_> {
        LinkFacts {
            id: &self.id,
            lang: self.lang,
            date: self.date,
            url: self.url.as_deref(),
            text_chars: self.text_chars,
            anchors: self
                .anchors
                .iter()
                .map(|a| (a.kind, a.value.as_str(), a.surface.as_str()))
                .collect(),
            title_anchors: self.title_anchors,
            content: &self.content,
        }
    }
}

/// An anchor held by more articles than this within one article's date window proposes no
/// candidates for it: it names the topic, not the story.
pub const WINDOW_CAP: usize = 100;

/// Candidates scored per article, the ones sharing the most weight of discriminating anchors.
const MAX_CANDIDATES: usize = 32;

/// Groups articles into stories; every article is in exactly one story (possibly alone).
///
/// Copies and translations make families; families join through reports of the same event
/// by average linkage (see [`SUPPORT`]), never by a single chain of links; a story's id is its smallest member id, so it stays put while membership does not change.
/// The output is sorted by story id, members and links by id: the same input always gives
/// the same output.
pub fn link_articles(inputs: &[LinkInput]) -> Vec<Story> {
    LinkCorpus::from_inputs(inputs).stories()
}

/// Every link in the corpus, each pair once, sorted by `(a, b)`.
pub fn find_links(inputs: &[LinkInput]) -> Vec<Link> {
    LinkCorpus::from_inputs(inputs).links()
}

/// A corpus gathered for linking. Articles are reduced to integers as they are added, so a
/// caller can hand over millions of articles one at a time without keeping their anchors'
/// text: memory grows by a few hundred bytes per article.
#[derive(Default)]
pub struct LinkCorpus {
    stats: CorpusStats,
    /// First surfaces of anchors (`22 décembre 2024`, `Tô Lâm`), interned: millions of short
    /// strings cost no allocation each.
    surfaces: Interned,
    members: Members,
}

impl LinkCorpus {
    /// An empty corpus.
    pub fn new() -> LinkCorpus {
        LinkCorpus::default()
    }

    /// A corpus of these articles, in this order.
    pub fn from_inputs(inputs: &[LinkInput]) -> LinkCorpus {
        let mut corpus = LinkCorpus::new();
        for input in inputs {
            corpus.push(input);
        }
        corpus
    }

    /// Adds an article (ids must be distinct; the order of addition breaks ties).
    pub fn push(&mut self, input: &LinkInput) {
        self.push_facts(&input.facts());
    }

    /// Adds an article given by borrowed facts (see [`LinkCorpus::push`]).
    pub fn push_facts(&mut self, facts: &LinkFacts) {
        let (prepared, ids) = self.stats.add_with_ids(facts);
        self.push_member(facts, prepared, ids);
    }

    /// A corpus under statistics counted elsewhere, to which articles are added with
    /// [`LinkCorpus::push_prepared`] (see `distributed`).
    pub(crate) fn with_stats(stats: CorpusStats) -> LinkCorpus {
        LinkCorpus {
            stats,
            ..LinkCorpus::default()
        }
    }

    /// Adds an article under the corpus' statistics without counting it in them.
    pub(crate) fn push_prepared(&mut self, facts: &LinkFacts) {
        let (prepared, ids) = self.stats.prepare_with_ids(facts);
        self.push_member(facts, prepared, ids);
    }

    fn push_member(&mut self, facts: &LinkFacts, prepared: PreparedParts, ids: Vec<u32>) {
        let mut seen: HashSet<u32> = HashSet::with_capacity(ids.len());
        let mut firsts = Vec::new();
        for (&(_, _, surface), id) in facts.anchors.iter().zip(ids) {
            if seen.insert(id) {
                firsts.push((id, self.surfaces.intern(0, surface)));
            }
        }
        let meta = Meta {
            lang: facts.lang,
            date: facts.date,
            text_chars: facts.text_chars,
        };
        self.members.push(facts.id, meta, prepared.view(), &firsts);
    }

    /// Number of articles added.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.members.len() == 0
    }

    /// The id of the article added `index`-th (from 0).
    pub fn id(&self, index: usize) -> &str {
        self.members.id(index)
    }

    /// The publication date the article added `index`-th was added with.
    pub fn date(&self, index: usize) -> Option<Date> {
        self.members.meta(index).date
    }

    /// Groups the corpus into stories (see [`link_articles`]), without texts: translations
    /// that the model alone supports are kept unchecked (see [`LinkCorpus::stories_with`]).
    pub fn stories(&self) -> Vec<Story> {
        self.stories_with(&NoTexts)
    }

    /// Groups the corpus into stories, checking the translations that the model alone
    /// supports against the texts `texts` gives (see `verify`).
    pub fn stories_with(&self, texts: &dyn ArticleTexts) -> Vec<Story> {
        self.stories_of(texts, true).0
    }

    /// The stories of more than one article (as [`LinkCorpus::stories_with`] gives them), and
    /// how many stories there are in all: an article in none of them is a story of its own.
    /// A large corpus is mostly such stories, and making each would cost memory for nothing.
    pub fn linked_stories_with(&self, texts: &dyn ArticleTexts) -> (Vec<Story>, usize) {
        self.stories_of(texts, false)
    }

    /// What [`stories::build`] makes of the corpus' links and likely pairs.
    fn stories_of(&self, texts: &dyn ArticleTexts, singletons: bool) -> (Vec<Story>, usize) {
        let (links, likely) = self.links_with(texts);
        let pairs: Vec<(u32, u32)> = likely.iter().map(|&(a, b, _)| (a, b)).collect();
        let likely_link = |k: usize| {
            let (a, b, e) = &likely[k];
            self.link(
                self.members.get(*a as usize),
                self.members.get(*b as usize),
                e,
            )
        };
        stories::build(&self.members, links, &pairs, likely_link, singletons)
    }

    /// Every link in the corpus, each pair once, sorted by `(a, b)` (see [`find_links`]),
    /// without texts (see [`LinkCorpus::stories`]). Likely links are not links by
    /// themselves: they hold only inside a story (see [`GROUP_SUPPORT`]).
    pub fn links(&self) -> Vec<Link> {
        self.links_with(&NoTexts).0
    }

    /// Every link in the corpus, checking translations against `texts` (see
    /// [`LinkCorpus::stories_with`]), sorted by `(a, b)`, and apart the likely pairs.
    fn links_with(&self, texts: &dyn ArticleTexts) -> (Vec<Link>, Vec<(u32, u32, PairEvidence)>) {
        let members = &self.members;
        let days = members.days();
        let stats = &self.stats;
        let norms: Vec<f64> = (0..members.len())
            .into_par_iter()
            .map(|i| members.get(i).prepared.concept_norm(stats))
            .collect();
        // Copies first: only the head of each family of copies meets the other articles.
        let (copies, heads) = copies::find(members, &days, stats, &norms);
        let by_day = by_day(&days, |i| heads[i] as usize == i);
        let postings = Postings::build(members, &by_day, stats);
        let articles = members.len() as u32;

        // Articles are scored in order of publication day: the candidates of one lie in the
        // window of its day, so neighbouring articles read the same few thousand others,
        // which stay in the processor's cache. In the order read, nearly every candidate
        // read at a million articles went to memory.
        let mut scored: Vec<(u32, u32, PairEvidence)> = by_day
            .par_iter()
            .flat_map_iter(|&(_, a)| {
                let a = a as usize;
                let (meta_a, pa) = members.scored(a);
                let candidates = postings.candidates(a, &pa, &days, stats, articles);
                candidates
                    .into_iter()
                    .filter_map(|b| {
                        let (meta_b, pb) = members.scored(b as usize);
                        score::compare_prepared(
                            &meta_a,
                            &pa,
                            &meta_b,
                            &pb,
                            stats,
                            [norms[a], norms[b as usize]],
                            Wanted::Related,
                        )
                        .map(|evidence| (a as u32, b, evidence))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        scored.extend(copies);
        // The scoring's tables go before the texts are checked and the links made: at a
        // million articles they weigh a hundred megabytes and more.
        drop((postings, norms, days, heads, by_day));

        // Checked before each article keeps one translation per language: a candidate whose
        // texts do not align must not hide one whose texts do.
        verify::check_translations(members, &mut scored, texts);
        let scored = one_translation_per_language(members, scored);
        let (likely, scored): (Vec<_>, Vec<_>) =
            scored.into_iter().partition(|(_, _, e)| e.likely_only());
        let mut links: Vec<Link> = scored
            .iter()
            .filter_map(|(a, b, e)| {
                self.link(members.get(*a as usize), members.get(*b as usize), e)
            })
            .collect();
        links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        (links, likely)
    }

    fn link(&self, a: Member, b: Member, e: &PairEvidence) -> Option<Link> {
        let (first, second) = if a.id <= b.id { (a, b) } else { (b, a) };
        let facts = self.shared_facts(first, second);
        let evidence = score::evidence_words(facts, |_, _| true, e);
        score::link_of(first.id, second.id, e, evidence)
    }

    /// The anchors of `first` that `second` holds too, each with its first surface in
    /// `first`, in order of appearance: what the evidence lines of a link quote.
    fn shared_facts<'s>(
        &'s self,
        first: Member<'s>,
        second: Member<'s>,
    ) -> impl Iterator<Item = (AnchorKind, u32, &'s str)> + Clone + 's {
        first
            .firsts
            .iter()
            .filter(|&&(id, _)| second.prepared.set.binary_search(&id).is_ok())
            .filter_map(|&(id, surface)| match self.stats.feature(id) {
                Some(Feature::Anchor(kind)) => Some((kind, id, self.surfaces.value(surface))),
                _ => None,
            })
    }
}

/// An article has at most one version in each other language: when several articles of one
/// language qualify as its translation, only the pair that is each other's best keeps the
/// translation label; the others are demoted to reports of the same event.
fn one_translation_per_language(
    members: &Members,
    mut scored: Vec<(u32, u32, PairEvidence)>,
) -> Vec<(u32, u32, PairEvidence)> {
    let lang = |i: u32| members.meta(i as usize).lang;
    let translations: Vec<(u32, u32, Option<f64>)> = scored
        .iter()
        .map(|(a, b, e)| {
            let translation = e.relation == Some(Relation::Translation);
            (*a, *b, translation.then(|| e.translation_probability()))
        })
        .collect();
    for ((_, _, e), demote) in scored
        .iter_mut()
        .zip(demoted_translations(lang, &translations))
    {
        if demote {
            e.relation = Some(Relation::SameEvent);
        }
    }
    scored
}

/// The rule of [`one_translation_per_language`] over pairs given as `(a, b, probability)`,
/// the probability only for translations: whether each pair loses its translation label.
fn demoted_translations(
    lang: impl Fn(u32) -> Lang,
    pairs: &[(u32, u32, Option<f64>)],
) -> Vec<bool> {
    // Best (probability, partner) per (article, partner language); ties go to the smaller
    // index.
    let mut best: HashMap<(u32, Lang), (f64, u32)> = HashMap::new();
    for (a, b, p) in pairs {
        let Some(p) = *p else { continue };
        for (me, other) in [(*a, *b), (*b, *a)] {
            let key = (me, lang(other));
            let entry = best.entry(key).or_insert((p, other));
            if p > entry.0 || (p == entry.0 && other < entry.1) {
                *entry = (p, other);
            }
        }
    }
    pairs
        .iter()
        .map(|(a, b, p)| {
            let a_best = best.get(&(*a, lang(*b))).map(|x| x.1);
            let b_best = best.get(&(*b, lang(*a))).map(|x| x.1);
            p.is_some() && (a_best != Some(*b) || b_best != Some(*a))
        })
        .collect()
}

/// Inverted index from anchor id to the articles holding it, each list sorted by
/// publication day (articles without a date first), stored flat (CSR). Anchors held by one
/// article only cannot pair two articles and get no list.
struct Postings {
    offsets: Vec<usize>,
    articles: Vec<u32>,
    /// Sort key of each entry of `articles`: its day, or `i32::MIN` when undated.
    keys: Vec<i32>,
    /// Per anchor: how many of its articles are undated, or [`CLOSED`] when every date
    /// window of its articles holds more than [`WINDOW_CAP`] of them, so that the anchor
    /// proposes no candidate at all. Common anchors (a year, a leader's name) are closed: at a
    /// million articles their windows cost three binary searches in long lists per article,
    /// all to be skipped. An open anchor has at most [`WINDOW_CAP`] undated articles, so a
    /// byte holds it: one byte per distinct anchor, millions at a million articles.
    undated: Vec<u8>,
}

/// See [`Postings::undated`].
const CLOSED: u8 = u8::MAX;
const _: () = assert!(WINDOW_CAP < CLOSED as usize);

/// What [`Postings::undated`] keeps of one anchor's sorted keys: the number of undated
/// entries, or [`CLOSED`] when no article holding the anchor can see [`WINDOW_CAP`] or fewer
/// of them (an undated article sees them all; a dated one the undated and those within
/// [`score::MAX_DAYS_APART`] days of its own day, as [`Postings::candidates`] counts).
fn window_summary(keys: &[i32]) -> u8 {
    let undated = keys.partition_point(|&k| k == i32::MIN);
    let dated = &keys[undated..];
    let too_many = |seen: usize| undated + seen > WINDOW_CAP;
    let all_over = if dated.len() < keys.len() && !too_many(dated.len()) {
        false // the undated holders see every entry, and no more than the cap
    } else {
        // Smallest window any dated holder sees: two pointers over the sorted days.
        let (mut lo, mut hi, mut smallest) = (0, 0, usize::MAX);
        for &day in dated {
            let day = i64::from(day);
            while i64::from(dated[lo]) < day - MAX_DAYS_APART {
                lo += 1;
            }
            while hi < dated.len() && i64::from(dated[hi]) <= day + MAX_DAYS_APART {
                hi += 1;
            }
            smallest = smallest.min(hi - lo);
        }
        smallest == usize::MAX || too_many(smallest)
    };
    if all_over && !keys.is_empty() {
        CLOSED
    } else {
        // Not closed: the undated holders see at most the cap, so the count fits.
        undated as u8
    }
}

/// The day as a posting sort key (days since 1970 fit an `i32` for ±5 million years).
fn day_key(day: Option<i64>) -> i32 {
    day.map_or(i32::MIN, |d| {
        d.clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32
    })
}

/// The articles `listed` accepts as (day key, index), sorted: in order of publication day,
/// undated first (see [`day_key`]).
fn by_day(days: &[Option<i64>], listed: impl Fn(usize) -> bool) -> Vec<(i32, u32)> {
    let mut by_day: Vec<(i32, u32)> = (0..days.len())
        .filter(|&i| listed(i))
        .map(|i| (day_key(days[i]), i as u32))
        .collect();
    by_day.par_sort_unstable();
    by_day
}

impl Postings {
    /// Postings of the articles of `by_day` (the heads of families of copies, see
    /// [`by_day`]).
    fn build(members: &Members, by_day: &[(i32, u32)], stats: &CorpusStats) -> Postings {
        let anchors = stats.distinct_anchors();
        let listed = |id: u32| stats.df(id) >= 2;
        let mut offsets = vec![0usize; anchors + 1];
        for &(_, index) in by_day {
            for &id in members
                .get(index as usize)
                .prepared
                .set
                .iter()
                .filter(|&&id| listed(id))
            {
                offsets[id as usize + 1] += 1;
            }
        }
        for i in 0..anchors {
            offsets[i + 1] += offsets[i];
        }
        let total = offsets[anchors];
        // Articles are filed in (day, index) order, so every list comes out sorted: one sort
        // of the articles instead of one of each list's entries.
        let mut fill = offsets.clone();
        let mut articles = vec![0u32; total];
        let mut keys = vec![0i32; total];
        for &(key, index) in by_day {
            let m = members.get(index as usize);
            for &id in m.prepared.set.iter().filter(|&&id| listed(id)) {
                articles[fill[id as usize]] = index;
                keys[fill[id as usize]] = key;
                fill[id as usize] += 1;
            }
        }
        drop(fill);
        let undated: Vec<u8> = (0..anchors)
            .map(|i| window_summary(&keys[offsets[i]..offsets[i + 1]]))
            .collect();
        Postings {
            offsets,
            articles,
            keys,
            undated,
        }
    }

    /// The articles (with a larger index, so each pair is proposed once) that share enough
    /// discriminating anchors with article `a`, best first, at most [`MAX_CANDIDATES`].
    fn candidates(
        &self,
        a: usize,
        pa: &Prepared,
        days: &[Option<i64>],
        stats: &CorpusStats,
        articles: u32,
    ) -> Vec<u32> {
        // Keyed by article index: the fast hash is enough, and the ranking below fixes the order.
        let mut shared: rustc_hash::FxHashMap<u32, f64> = Default::default();
        for &id in pa.set.iter() {
            let (start, end) = (self.offsets[id as usize], self.offsets[id as usize + 1]);
            let keys = &self.keys[start..end];
            let Some((undated, lo, hi)) = open_window(keys, self.undated[id as usize], days[a])
            else {
                continue;
            };
            let weight = score::idf(stats.df(id), articles);
            let window = self.articles[start..start + undated]
                .iter()
                .chain(&self.articles[start + lo..start + hi]);
            for &b in window {
                if b as usize <= a {
                    continue;
                }
                *shared.entry(b).or_insert(0.0) += weight;
            }
        }
        best_candidates(shared)
    }
}

/// The window of an anchor's sorted posting keys (see [`Postings::keys`]) that a holder
/// published on `day` sees, as (undated entries, start, end of the dated ones), or `None`
/// when the anchor is closed (`summary` is [`window_summary`]'s) or the window holds more
/// than [`WINDOW_CAP`] articles.
fn open_window(keys: &[i32], summary: u8, day: Option<i64>) -> Option<(usize, usize, usize)> {
    if summary == CLOSED {
        return None;
    }
    let undated = summary as usize;
    let (lo, hi) = match day {
        Some(day) => (
            keys.partition_point(|&k| i64::from(k) < day - MAX_DAYS_APART),
            keys.partition_point(|&k| i64::from(k) <= day + MAX_DAYS_APART),
        ),
        None => (undated, keys.len()),
    };
    (undated + (hi - lo) <= WINDOW_CAP).then_some((undated, lo, hi))
}

/// The partners sharing the most anchor weight with an article, best first, at most
/// [`MAX_CANDIDATES`]. One shared anchor is enough to be scored: a translation whose page
/// names one figure or one place both versions spell alike (a flood's commune, `23/7`) is
/// otherwise never met, and the scorer, not the count of anchors, tells it from a neighbour.
fn best_candidates(shared: rustc_hash::FxHashMap<u32, f64>) -> Vec<u32> {
    let mut ranked: Vec<(f64, u32)> = shared.into_iter().map(|(b, weight)| (weight, b)).collect();
    ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    ranked.truncate(MAX_CANDIDATES);
    ranked.into_iter().map(|(_, b)| b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_analysis::extract_anchors;
    use std::collections::BTreeSet;

    /// What `candidates` would see for a holder on `day` (None: undated), by brute force.
    fn seen_by(keys: &[i32], day: Option<i32>) -> usize {
        keys.iter()
            .filter(|&&k| match day {
                None => true,
                Some(d) => k == i32::MIN || (i64::from(k) - i64::from(d)).abs() <= MAX_DAYS_APART,
            })
            .count()
    }

    #[test]
    fn a_common_anchor_is_closed_and_a_rare_one_open() {
        let mut common: Vec<i32> = (0..300).map(|i| 20_000 + i % 5).collect();
        common.sort_unstable();
        assert_eq!(window_summary(&common), CLOSED);
        let mut rare = vec![i32::MIN; 3];
        rare.extend([20_000, 20_001, 20_400]);
        assert_eq!(window_summary(&rare), 3);
        // Crowded days, but one holder far away sees few: open.
        let mut mixed: Vec<i32> = (0..300).map(|_| 20_000).collect();
        mixed.push(21_000);
        assert_eq!(window_summary(&mixed), 0);
        assert_eq!(window_summary(&[]), 0);
    }

    proptest::proptest! {
        #[test]
        fn an_anchor_is_closed_exactly_when_every_holder_sees_too_many(
            mut keys in proptest::collection::vec(
                proptest::prop_oneof![
                    1 => proptest::strategy::Just(i32::MIN),
                    6 => 20_000i32..20_025,
                ],
                0..500,
            )
        ) {
            keys.sort_unstable();
            let undated = keys.iter().filter(|&&k| k == i32::MIN).count();
            let every_holder_over = keys
                .iter()
                .map(|&k| seen_by(&keys, (k != i32::MIN).then_some(k)))
                .all(|seen| seen > WINDOW_CAP);
            let summary = window_summary(&keys);
            if every_holder_over && !keys.is_empty() {
                proptest::prop_assert_eq!(summary, CLOSED);
            } else {
                proptest::prop_assert_eq!(summary as usize, undated);
            }
        }
    }

    pub(crate) const VI: &str =
        "Sáng 15/10, Tổng Bí thư Tô Lâm chủ trì hội nghị với Chủ tịch Quốc hội Trần \
        Thanh Mẫn. Ban Chỉ đạo đã giao 1.132 nhiệm vụ; 485 nhiệm vụ hoàn thành, 561 đang thực \
        hiện và 86 chậm tiến độ. Các cơ quan tiếp nhận 12,7 triệu hồ sơ, 73,5% trực tuyến. \
        Nghị quyết 57-NQ/TW. Hạn chót là ngày 31/3/2026.";
    pub(crate) const FR: &str =
        "Le 15 octobre, le secrétaire général Tô Lâm a présidé la conférence avec le \
        président de l'Assemblée nationale Trần Thanh Mẫn. Le Comité a attribué 1 132 tâches ; \
        485 ont été accomplies, 561 sont en cours et 86 en retard. Les administrations ont reçu \
        12,7 millions de dossiers, dont 73,5 % en ligne. Résolution 57-NQ/TW. Échéance : \
        31 mars 2026.";
    pub(crate) const EN: &str =
        "On October 15, General Secretary To Lam chaired the conference with National \
        Assembly Chairman Tran Thanh Man. The committee assigned 1,132 tasks; 485 were \
        completed, 561 are under way and 86 are late. Agencies received 12.7 million \
        applications, 73.5% online. Resolution 57-NQ/TW. Deadline: March 31, 2026.";
    /// Same topic and people, another meeting: nothing else in common.
    const OTHER: &str = "Sáng 29/5, Tổng Bí thư Tô Lâm chủ trì phiên họp về Nghị quyết 57-NQ/TW; \
        Thủ tướng Phạm Minh Chính dự. Danh mục 11 nhóm công nghệ chiến lược và 35 nhóm sản phẩm \
        được thảo luận; 2.400 đại biểu theo dõi trực tuyến.";

    /// More of a Vietnamese report, to make a long article of which `VI` is an excerpt.
    const VI_TAIL: &str = "Tổng Bí thư yêu cầu các bộ, ngành hoàn thành việc rà soát thể chế \
        trước quý IV, ưu tiên các dự án hạ tầng số, dữ liệu quốc gia và đào tạo nhân lực chất \
        lượng cao; các địa phương báo cáo kết quả định kỳ hằng tháng cho Ban Chỉ đạo Trung ương.";

    fn input(id: &str, lang: Lang, day: Option<(i32, u32, u32)>, text: &str) -> LinkInput {
        LinkInput {
            id: id.into(),
            lang,
            date: day.and_then(|(y, m, d)| Date::new(y, m, d)),
            url: None,
            text_chars: text.chars().count(),
            anchors: extract_anchors(text, lang),
            title_anchors: 0,
            content: Content::of("", text, lang),
        }
    }

    fn oct(day: u32) -> Option<(i32, u32, u32)> {
        Some((2025, 10, day))
    }

    #[test]
    fn copies_are_found_for_every_pair_sharing_a_key() {
        // Three texts printed several times (one word changed in some prints), beside texts
        // of their own, ids out of reading order: every pair that shares one of its first
        // `KEYS` hashes (each key is held by fewer than `NEIGHBOURS` articles here) is
        // compared, and the copies among them found, as comparing all pairs finds them.
        let words = |seed: usize| -> String {
            (0..80)
                .map(|i| format!("w{}", (i * 7 + seed * 131) % 97 + (i % 5) * 100))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut inputs = Vec::new();
        for (copy, id) in ["k", "c", "x", "a", "q", "f", "m"].iter().enumerate() {
            let text = words(copy % 3);
            let text = if copy > 2 {
                text.replacen("w", "v", 1)
            } else {
                text
            };
            inputs.push(input(id, Lang::En, oct(10), &text));
        }
        for id in ["b", "z", "h"] {
            inputs.push(input(
                id,
                Lang::En,
                oct(10),
                &words(id.len() * 40 + id.as_bytes()[0] as usize),
            ));
        }
        let corpus = LinkCorpus::from_inputs(&inputs);
        let members = &corpus.members;
        let days = members.days();
        let norms: Vec<f64> = members
            .iter()
            .map(|m| m.prepared.concept_norm(&corpus.stats))
            .collect();
        let (found, _) = copies::find(members, &days, &corpus.stats, &norms);
        let pair = |a: usize, b: usize| {
            let (x, y) = (members.id(a), members.id(b));
            (x.min(y).to_string(), x.max(y).to_string())
        };
        let found: BTreeSet<_> = found
            .iter()
            .map(|(a, b, _)| pair(*a as usize, *b as usize))
            .collect();
        let mut expected = BTreeSet::new();
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                let (ma, mb) = (members.get(a), members.get(b));
                let keys = |m: &Member| {
                    m.prepared
                        .content
                        .sketch
                        .iter()
                        .take(copies::KEYS)
                        .copied()
                        .collect::<BTreeSet<u32>>()
                };
                if keys(&ma).is_disjoint(&keys(&mb)) {
                    continue;
                }
                if copies::copy_evidence(
                    [&ma, &mb],
                    [days[a], days[b]],
                    &corpus.stats,
                    [norms[a], norms[b]],
                )
                .is_some()
                {
                    expected.insert(pair(a, b));
                }
            }
        }
        assert!(expected.len() >= 6, "{expected:?}");
        assert_eq!(found, expected);
    }

    #[test]
    fn one_shared_anchor_makes_a_candidate() {
        let inputs = [
            input(
                "a",
                Lang::En,
                oct(15),
                "The committee assigned 1,132 tasks.",
            ),
            input(
                "b",
                Lang::Vi,
                oct(15),
                "Ban Chỉ đạo đã giao 1.132 nhiệm vụ.",
            ),
            input("c", Lang::En, oct(15), "The weather was fine all week."),
        ];
        let corpus = LinkCorpus::from_inputs(&inputs);
        let members = &corpus.members;
        let days = members.days();
        let postings = Postings::build(members, &by_day(&days, |_| true), &corpus.stats);
        let index = |id: &str| (0..members.len()).find(|&i| members.id(i) == id).unwrap();
        let (a, b) = (index("a"), index("b"));
        let (first, second) = (a.min(b), a.max(b));
        let pa = members.get(first);
        let found = postings.candidates(first, &pa.prepared, &days, &corpus.stats, 3);
        assert_eq!(found, [second as u32]);
    }

    #[test]
    fn links_the_three_versions_and_leaves_the_other_meeting_alone() {
        let inputs = [
            input("c", Lang::En, oct(15), EN),
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::Fr, oct(16), FR),
            input("d", Lang::Vi, oct(15), OTHER),
        ];
        let stories = link_articles(&inputs);
        assert_eq!(stories.len(), 2, "{stories:#?}");
        assert_eq!(stories[0].story, "a");
        assert_eq!(stories[0].ids, ["a", "b", "c"]);
        assert_eq!(stories[0].langs, ["en", "fr", "vi"]);
        assert_eq!(stories[0].links.len(), 3);
        assert!(stories[0]
            .links
            .iter()
            .all(|l| l.relation == Relation::Translation && l.a < l.b));
        assert_eq!(stories[1].ids, ["d"]);
        assert!(stories[1].links.is_empty());
    }

    #[test]
    fn linked_stories_are_the_stories_of_several_articles() {
        let inputs = [
            input("c", Lang::En, oct(15), EN),
            input("a", Lang::Vi, oct(15), VI),
            input("d", Lang::Vi, oct(15), OTHER),
            input("b", Lang::Fr, oct(16), FR),
            input("e", Lang::En, None, "No facts here."),
        ];
        let corpus = LinkCorpus::from_inputs(&inputs);
        let all = corpus.stories();
        let (linked, total) = corpus.linked_stories_with(&NoTexts);
        assert_eq!(total, all.len());
        assert_eq!(total, 3);
        let several: Vec<Story> = all.into_iter().filter(|s| s.ids.len() > 1).collect();
        assert_eq!(linked, several);
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].ids, ["a", "b", "c"]);
        assert_eq!((corpus.id(1), corpus.date(4)), ("a", None));
        assert_eq!(corpus.date(0), Date::new(2025, 10, 15));
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let mut inputs = vec![
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::Fr, oct(15), FR),
            input("c", Lang::En, oct(15), EN),
            input("d", Lang::Vi, oct(15), OTHER),
        ];
        let first = link_articles(&inputs);
        inputs.reverse();
        assert_eq!(link_articles(&inputs), first);
    }

    #[test]
    fn same_language_copies_are_duplicates_never_translations() {
        let inputs = [
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::Vi, oct(15), VI),
        ];
        let links = find_links(&inputs);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].relation, Relation::Duplicate);
        assert!(links[0]
            .evidence
            .iter()
            .any(|e| e.starts_with("same text: about 100%")));
    }

    #[test]
    fn an_excerpt_of_a_longer_article_is_not_a_copy() {
        let long = format!("{VI} {OTHER} {VI_TAIL}");
        let inputs = [
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::Vi, oct(15), &long),
        ];
        let stats = CorpusStats::from_inputs(&inputs);
        let evidence = compare(&inputs[0], &inputs[1], &stats);
        assert!(evidence.copied > 0.6, "{evidence:?}");
        assert_ne!(evidence.relation, Some(Relation::Duplicate), "{evidence:?}");
    }

    #[test]
    fn many_copies_do_not_hide_the_translation() {
        // 150 copies of the Vietnamese article put every anchor above the window cap: only
        // the head of the family meets the French version, and the copies are duplicates.
        let mut inputs: Vec<LinkInput> = (0..150)
            .map(|i| input(&format!("v{i:03}"), Lang::Vi, oct(15), VI))
            .collect();
        inputs.push(input("f", Lang::Fr, oct(15), FR));
        let links = find_links(&inputs);
        assert!(links
            .iter()
            .any(|l| (l.a.as_str(), l.b.as_str()) == ("f", "v000")
                && l.relation == Relation::Translation));
        let stories = link_articles(&inputs);
        assert_eq!(stories.len(), 1, "{:?}", stories.len());
        assert_eq!(stories[0].ids.len(), 151);
        // The head of the family is chosen by id, not by the order of reading.
        inputs.reverse();
        assert_eq!(find_links(&inputs), links);
    }

    /// Two reports of one meeting in their own words, with the day of the meeting (`DAY`)
    /// and a date from long before that both recall.
    fn meeting_report(first: bool, day: &str) -> String {
        if first {
            format!(
                "Sáng {day}, Bộ trưởng Nguyễn Mạnh Hùng chủ trì hội nghị tổng kết chương trình \
                 chuyển đổi số tại Hà Nội, nhắc lại Quyết định 749/QĐ-TTg ký ngày 3/6/2020. \
                 Theo báo cáo, chương trình đã hỗ trợ 4.218 doanh nghiệp và đào tạo 17.350 cán \
                 bộ. Hội nghị kết thúc vào buổi chiều cùng ngày."
            )
        } else {
            format!(
                "Bộ Khoa học và Công nghệ vừa tổ chức tổng kết ({day}) dưới sự chủ trì của ông \
                 Nguyễn Mạnh Hùng. Từ khi Quyết định 749/QĐ-TTg được ban hành ngày 3/6/2020, đã \
                 có 4.218 doanh nghiệp nhận hỗ trợ, còn số cán bộ được tập huấn lên tới 17.350 \
                 người, các đại biểu cho biết tại phiên thảo luận."
            )
        }
    }

    #[test]
    fn only_a_day_near_publication_ties_two_reports_to_one_event() {
        let published = Some((2025, 3, 20));
        let same_day = [
            input("a", Lang::Vi, published, &meeting_report(true, "19/3/2025")),
            input(
                "b",
                Lang::Vi,
                published,
                &meeting_report(false, "19/3/2025"),
            ),
        ];
        let stats = CorpusStats::from_inputs(&same_day);
        let evidence = compare(&same_day[0], &same_day[1], &stats);
        assert_eq!(evidence.relation, Some(Relation::SameEvent), "{evidence:?}");
        // The same facts, but the only day both name is five years old: not one event.
        let old_day = [
            input("a", Lang::Vi, published, &meeting_report(true, "thứ ba")),
            input("b", Lang::Vi, published, &meeting_report(false, "thứ tư")),
        ];
        let stats = CorpusStats::from_inputs(&old_day);
        let evidence = compare(&old_day[0], &old_day[1], &stats);
        assert_eq!(evidence.relation, None, "{evidence:?}");
    }

    #[test]
    fn publication_dates_far_apart_rule_a_link_out() {
        let inputs = [
            input("a", Lang::Vi, oct(1), VI),
            input("b", Lang::Fr, oct(15), FR),
        ];
        assert!(find_links(&inputs).is_empty());
        // Without a date on one side, the anchors alone decide.
        let inputs = [
            input("a", Lang::Vi, None, VI),
            input("b", Lang::Fr, oct(15), FR),
        ];
        assert_eq!(find_links(&inputs).len(), 1);
    }

    #[test]
    fn shuffled_facts_are_not_a_translation() {
        // The same facts as EN, told in another order: an independent report.
        let shuffled = "Deadline March 31, 2026 for Resolution 57-NQ/TW. Tran Thanh Man attended; \
            86 tasks are late and 561 under way, 485 done out of 1,132. 73.5% of 12.7 million \
            applications came online. To Lam chaired on October 15.";
        let inputs = [
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::En, oct(15), shuffled),
        ];
        let stats = CorpusStats::from_inputs(&inputs);
        let evidence = compare(&inputs[0], &inputs[1], &stats);
        assert!(evidence.coverage > 0.9, "{evidence:?}");
        assert!(evidence.order < 0.8, "{evidence:?}");
        assert_ne!(evidence.relation, Some(Relation::Translation));
    }

    #[test]
    fn explain_gives_score_and_plain_evidence() {
        let mut vi = input("a", Lang::Vi, oct(15), VI);
        let mut en = input("b", Lang::En, oct(16), EN);
        vi.url = Some("https://www.nhandan.vn/story-post1.html".into());
        en.url = Some("nhandan.vn/story-post1.html/".into());
        let other = input("d", Lang::Vi, oct(15), OTHER);
        let stats = CorpusStats::from_inputs(&[vi.clone(), en.clone(), other.clone()]);
        let link = explain(&en, &vi, &stats).expect("translation");
        assert_eq!((link.a.as_str(), link.b.as_str()), ("a", "b"));
        assert_eq!(link.relation, Relation::Translation);
        assert!(link.score > 0.8 && link.score <= 1.0, "{link:?}");
        for want in [
            "shared source URL",
            "shared codes: 57-NQ/TW",
            "shared dates: 15/10, 31/3/2026",
            "shared numbers: 1.132, 485, 561, 86, 12,7, 73,5",
            "shared names: Tô Lâm, Trần Thanh Mẫn",
            "published within 1 day",
        ] {
            assert!(
                link.evidence.iter().any(|e| e == want),
                "{want}: {:?}",
                link.evidence
            );
        }
        assert!(link
            .evidence
            .iter()
            .any(|e| e.starts_with("same order of ")));
        assert!(explain(&vi, &other, &stats).is_none());
    }

    #[test]
    fn one_translation_per_language_demotes_the_weaker_pair() {
        // Two English articles both qualify against the Vietnamese one: the closer one stays
        // the translation, the other becomes a report of the same event.
        let near = EN;
        let abridged = "General Secretary To Lam led the October 15 meeting, where National \
            Assembly leader Tran Thanh Man heard that of 1,132 duties handed out, 485 are done, \
            561 continue and 86 lag. Resolution 57-NQ/TW.";
        let inputs = [
            input("a", Lang::Vi, oct(15), VI),
            input("b", Lang::En, oct(15), abridged),
            input("c", Lang::En, oct(15), near),
        ];
        let links = find_links(&inputs);
        let relation = |x: &str, y: &str| {
            links
                .iter()
                .find(|l| l.a == x && l.b == y)
                .map(|l| l.relation)
        };
        assert_eq!(
            relation("a", "c"),
            Some(Relation::Translation),
            "{links:#?}"
        );
        assert_eq!(relation("a", "b"), Some(Relation::SameEvent), "{links:#?}");
    }

    #[test]
    fn empty_and_anchorless_inputs_make_single_stories() {
        assert!(link_articles(&[]).is_empty());
        let inputs = [
            input("x", Lang::En, None, "No facts here."),
            input("y", Lang::Fr, None, "Rien ici."),
        ];
        let stories = link_articles(&inputs);
        assert_eq!(stories.len(), 2);
        assert!(stories
            .iter()
            .all(|s| s.ids.len() == 1 && s.links.is_empty()));
    }
}
