//! Scoring one pair of articles and deciding how they relate.
//!
//! # Evidence and thresholds
//!
//! Four measurements, each with a plain meaning, decide a link:
//!
//! * **overlap**: IDF-weighted Dice over the two anchor sets, `2·Σshared w / (ΣA w + ΣB w)`,
//!   `w = kind weight × ln((M + 1) / (df + 0.5))`, where `df` counts the *other* articles
//!   holding the anchor and `M` is their number. An anchor every article on the topic shares
//!   (`57-NQ/TW`, `To Lam`, `2025`) weighs almost nothing; one that only this pair shares
//!   weighs most. Counting the other articles only keeps the measure meaningful in a corpus of
//!   two. Kind weights follow how specific a fact is: a URL identifies a page (5), a document
//!   code a decision (2), a name or a date a person or a day (1.5), a bare number the least (1).
//!   URLs and URL slugs count only when shared: every article has its own address, so a
//!   different one says nothing against a link, while the same one says much for it.
//! * **coverage**: plain Dice over the two sets of facts: a translation keeps *all* the facts,
//!   common ones included, while an independent report selects its own.
//! * **order**: the longest common subsequence of the two bodies' mentions of shared facts,
//!   over the shorter list. A translation follows its original sentence by sentence; an
//!   independent report orders its facts itself. Mentions (not first mentions) are compared so
//!   that a lead or headline summarising the body, or a copy that starts mid-article, does not
//!   count as disorder; titles are left out (`LinkInput::title_anchors`).
//! * **length**: the ratio of the shorter body to the longer one.
//!
//! The thresholds are round numbers chosen from what a translation *is*, not fitted to the
//! labelled corpus: a translation carries at least half of the pair's weighted evidence
//! (overlap ≥ 0.5), keeps most facts (coverage ≥ 0.7), mentions four in five of them in the
//! same order (order ≥ 0.8: languages move a date or a name within a sentence, `Sáng 15/10,
//! ...` / `... on October 15`), has at least three distinct facts in that order (fewer prove
//! nothing), and is neither half nor double the length of its original. A report of the same
//! event shares a smaller but real part of the evidence (overlap ≥ 0.3), at least three facts
//! in common order, and a day near publication (a date anchor) or a URL. Both relations require publication
//! within three days when both dates are known.
//!
//! # Content
//!
//! Real openings often share too few facts for the rule above: two facts in order, a lead
//! that names no date. Two measurements of the words themselves (see [`crate::content`])
//! complete it:
//!
//! * **content**: IDF-weighted cosine of the two articles' concepts (content words mapped
//!   into one space through the glossary, cognates and names).
//! * **copied**: the estimated share of the shorter body's word triples that the other body
//!   holds, for two articles in one language.
//!
//! Two articles in two languages whose content similarity reaches 0.18 are reports of one
//! event even without facts in common order: between languages, concepts meet only through
//! the glossary, cognates and names, and that much of them is rare between unrelated articles.
//!
//! A pair in two languages is also a translation when the **translation model** (a logistic
//! regression over overlap, order, content and length ratio) gives it a probability of 0.9
//! with three in four facts in the same order, and it is each article's most probable
//! partner in the other's language. The **link score**, `overlap · (1 + order)/2 · min(1,
//! facts in order / 3) + ½ · content`, ranks links for people. Two articles in one language
//! that share half of the shorter one's word triples are duplicates (the same text at two
//! addresses; versions are never half or double the length of each other). Where a
//! publication date is missing (most scraped pages), two articles are
//! reports of the same event when their link score reaches 0.4: facts and words in common,
//! since no date ties them to one moment. Dated pairs need the same score and a day they
//! both mention within 30 days of their publication, the day of the event (see `decide`): on
//! generated corpora, where every article is dated, a score alone links reports of different
//! events published the same week, and a shared day alone does at a million articles, most
//! often a day long past that unrelated articles recall (an anniversary, the date of a
//! decree). Two reports in two languages are also of one event when the **same-event
//! model** (a logistic regression over overlap, coverage, content, link score, shared facts
//! and publication days) gives them 0.999. A copy at least 90% word for word is a duplicate
//! whatever its dates. These numbers were chosen on half `a` of the real-article set
//! (`eval/real/score --half a`) and are reported on half `b` in `EVALUATION.md`.

use crate::corpus::{CorpusStats, Feature, Prepared};
use crate::LinkInput;
use newsindex_analysis::AnchorKind;
use newsindex_core::{Date, Lang, Link, Relation};
use std::collections::HashSet;
use std::hash::Hash;

/// What scoring needs of an article besides its anchors.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meta {
    pub lang: Lang,
    pub date: Option<Date>,
    pub text_chars: usize,
}

impl From<&LinkInput> for Meta {
    fn from(input: &LinkInput) -> Meta {
        Meta {
            lang: input.lang,
            date: input.date,
            text_chars: input.text_chars,
        }
    }
}

/// Publication dates further apart than this (when both are known) rule a link out.
pub const MAX_DAYS_APART: i64 = 3;
/// A date a text names counts as the day of the event it reports when it lies at most this
/// many days from the publication date (see [`near_publication`]).
const EVENT_DAYS: i64 = 30;
/// Minimum weighted overlap for a translation.
const TRANSLATION_OVERLAP: f64 = 0.5;
/// Minimum plain overlap of facts for a translation.
const TRANSLATION_COVERAGE: f64 = 0.7;
/// Minimum share of mentions in common order for a translation.
const TRANSLATION_ORDER: f64 = 0.8;
/// Minimum length ratio (shorter / longer body) for a translation.
const TRANSLATION_LENGTH: f64 = 0.5;
/// Minimum weighted overlap for an independent report of the same event.
const SAME_EVENT_OVERLAP: f64 = 0.3;
/// Minimum number of facts in common order for a link decided by the anchors alone.
const MIN_FACTS_IN_ORDER: usize = 3;
/// Weight of the content similarity in the link score.
const CONTENT_WEIGHT: f64 = 0.5;
/// The translation model: a logistic regression over four measurements of a pair in two
/// languages, fitted on half `a` of the real-article set by `eval/real/fit_translation.py`
/// (`EVALUATION.md` has the fit and its curves on both halves).
const TRANSLATION_MODEL: TranslationModel = TranslationModel {
    bias: -4.11,
    overlap: 3.27,
    order: 2.23,
    content: 8.50,
    length_ratio: 1.35,
};
/// Minimum probability of the translation model for a translation (best F1 on half `a`).
const TRANSLATION_PROBABILITY: f64 = 0.9;
/// Minimum share of mentions in common order for a translation decided by the model: a
/// report of the same event tells the same facts in its own order.
const CONTENT_TRANSLATION_ORDER: f64 = 0.75;
/// Minimum link score (facts and content together) for reports of the same event, dated or
/// not. Chosen on half `a` of the real-article set and the generated corpus (EVALUATION.md).
const SAME_EVENT_SCORE: f64 = 0.4;
/// Minimum content similarity for reports of one event in two languages, whatever their
/// facts. Chosen on half `a` of the real-article set: the best story F1 among 0.12, 0.15,
/// 0.18, 0.2 that keeps its search recall (EVALUATION.md).
const CROSS_LANGUAGE_EVENT_CONTENT: f64 = 0.18;
/// Minimum share of the shorter body's word triples found in the other for a duplicate.
const DUPLICATE_CONTAINMENT: f64 = 0.5;
/// The same share for a duplicate whose publication dates lie further apart than
/// [`MAX_DAYS_APART`]: a text nearly word for word another is a copy whatever its dates say
/// (a reprint, a page whose date is wrong: a stored page dated 2006 that reports the Paris
/// Olympics); a bulletin written on a template, its figures updated, copies less.
pub(crate) const FAR_DUPLICATE_CONTAINMENT: f64 = 0.9;

/// The same-event model: a logistic regression over what the scorer measures of a pair that
/// is no version of the other, fitted on half `a` of the real-article set by
/// `eval/real/fit_same_event.py` (labelled: both articles report one event). Reports of one
/// event written apart in two languages share few facts in one order and few words the
/// glossary sees, which the rules of [`report`] ask for; overlap, coverage, words and the
/// publication day together tell more of them.
const SAME_EVENT_MODEL: SameEventModel = SameEventModel {
    bias: -2.34,
    overlap: 4.51,
    coverage: 2.68,
    content: 8.29,
    score: 4.18,
    same_language: -1.50,
    published_close: 1.82,
    undated: -0.76,
    shared: 3.36,
};

/// Minimum probability of the same-event model for a link between two languages: the best
/// story F1 on half `a` among 0.995, 0.997, 0.998, 0.999 and 0.9995 that keeps story-pair
/// precision at 0.99 on 100k generated articles (EVALUATION.md).
const SAME_EVENT_PROBABILITY: f64 = 0.999;

/// Minimum probability of the same-event model for a **likely** link: a pair that is no
/// link by itself, but joins two groups of a story when most pairs between the groups are
/// likely or linked (`stories`: [`crate::GROUP_SUPPORT`]). Reports of one event written
/// apart share too little for a link pair by pair, but a report that is likely with most
/// members of a story is one of them. With [`LIKELY_CONTENT`], [`crate::GROUP_SUPPORT`] and
/// [`crate::MIN_GROUP_PAIRS`]: the most story recall on half `a` of the real-article set at
/// story precision 0.95 (EVALUATION.md).
pub const LIKELY_EVENT: f64 = 0.7;

/// Minimum concept similarity of a likely link. The model also counts a shared publication
/// day and a name or two, which tell little in a dense corpus: at 100k generated articles
/// (dozens a day) such pairs alone brought story-pair precision from 0.99 to 0.50.
pub const LIKELY_CONTENT: f64 = 0.1;

/// Weights of the same-event model (see [`SAME_EVENT_MODEL`]).
struct SameEventModel {
    bias: f64,
    overlap: f64,
    coverage: f64,
    content: f64,
    score: f64,
    same_language: f64,
    /// Both publication dates known and at most a day apart.
    published_close: f64,
    /// A publication date unknown.
    undated: f64,
    /// Shared facts, counted up to six, over six.
    shared: f64,
}

/// Weights of a logistic model over pair measurements (see [`TRANSLATION_MODEL`]).
struct TranslationModel {
    bias: f64,
    overlap: f64,
    order: f64,
    content: f64,
    length_ratio: f64,
}

/// How specific a fact of each kind is (see the module documentation).
fn kind_weight(feature: Feature) -> f64 {
    match feature {
        Feature::Slug | Feature::Anchor(AnchorKind::Url) => 5.0,
        Feature::Anchor(AnchorKind::Code) => 2.0,
        Feature::Anchor(AnchorKind::Name) | Feature::Anchor(AnchorKind::Date) => 1.5,
        Feature::Anchor(AnchorKind::Num) => 1.0,
    }
}

/// Inverse document frequency against the other articles of the corpus.
pub(crate) fn idf(df_others: u32, others: u32) -> f64 {
    ((f64::from(others) + 1.0) / (f64::from(df_others) + 0.5)).ln()
}

/// The measurements taken on one pair of articles, and the relation they support.
#[derive(Clone, Debug, PartialEq)]
pub struct PairEvidence {
    /// IDF-weighted Dice overlap of the two anchor sets, 0..=1.
    pub overlap: f64,
    /// Plain (unweighted) Dice overlap of the two sets of facts, URLs aside, 0..=1: how
    /// completely each article keeps the other's facts, common ones included.
    pub coverage: f64,
    /// Longest common subsequence of the two bodies' mentions of shared facts, over the
    /// shorter list, 0..=1.
    pub order: f64,
    /// Number of distinct shared facts first mentioned in the same order by both.
    pub facts_in_order: usize,
    /// Number of distinct shared anchors.
    pub shared: usize,
    /// Shorter body length over longer, when both are known.
    pub length_ratio: Option<f64>,
    /// Days between the publication dates, when both are known.
    pub days_apart: Option<i64>,
    /// Whether the pair shares a cited or canonical URL, or a long URL slug.
    pub shared_url: bool,
    /// IDF-weighted cosine of the two articles' concepts, 0..=1 (see [`crate::Content`]).
    pub content: f64,
    /// Estimated share of the shorter body's word triples found in the other, 0..=1; 0 for
    /// articles in two languages.
    pub copied: f64,
    /// The relation the evidence supports, if any.
    pub relation: Option<Relation>,
    /// What the pair is when it is not a translation: a report of the same event, or nothing.
    pub fallback: Option<Relation>,
    /// The smaller of the two versions' shares of text in paragraphs the other version
    /// matches, when the alignment was checked.
    pub aligned_share: Option<f64>,
    /// The same-event model's probability that the two report one event, 0..=1; 0 for
    /// articles published too far apart, or whose words were not compared.
    pub event_likelihood: f64,
    /// Linking score in 0..=1: anchors' overlap scaled by order, plus content (for a
    /// duplicate: the share of copied text).
    pub score: f64,
}

impl PairEvidence {
    /// Whether the pair is a translation that rests on the translation model alone (the
    /// anchors' rule does not hold): it stands only if the two texts align paragraph by
    /// paragraph (`crate::verify`).
    pub fn rests_on_model(&self) -> bool {
        self.relation == Some(Relation::Translation) && !translation_by_anchors(self)
    }

    /// Whether the pair is only **likely** reports of one event: no relation of its own,
    /// but [`LIKELY_EVENT`] or more by the same-event model and words in common (see
    /// `stories`).
    pub fn likely_only(&self) -> bool {
        self.relation.is_none()
            && self.event_likelihood >= LIKELY_EVENT
            && self.content >= LIKELY_CONTENT
    }

    /// How likely the translation model finds it that the two articles are one article in
    /// two languages, 0..=1: facts in common and in the same order, words that translate
    /// each other, similar lengths. An unknown length counts as similar.
    pub fn translation_probability(&self) -> f64 {
        let m = &TRANSLATION_MODEL;
        let z = m.bias
            + m.overlap * self.overlap
            + m.order * self.order
            + m.content * self.content
            + m.length_ratio * self.length_ratio.unwrap_or(1.0);
        1.0 / (1.0 + (-z).exp())
    }
}

/// The same-event model's probability that two articles (in two languages or not) report one
/// event (see [`SAME_EVENT_MODEL`]).
fn same_event_probability(e: &PairEvidence, languages_differ: bool) -> f64 {
    let m = &SAME_EVENT_MODEL;
    let flag = |yes: bool| if yes { 1.0 } else { 0.0 };
    let z = m.bias
        + m.overlap * e.overlap
        + m.coverage * e.coverage
        + m.content * e.content
        + m.score * e.score
        + m.same_language * flag(!languages_differ)
        + m.published_close * flag(e.days_apart.is_some_and(|d| d <= 1))
        + m.undated * flag(e.days_apart.is_none())
        + m.shared * e.shared.min(6) as f64 / 6.0;
    1.0 / (1.0 + (-z).exp())
}

/// What [`compare_prepared`] is asked for.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Wanted {
    /// Every measurement, linked or not (evidence shown to a user).
    Everything,
    /// Only a pair with a relation, as [`Wanted::Everything`] measures it; `None` for the
    /// others. What the linker keeps of the millions of pairs it scores: the concepts'
    /// similarity, the dearest measure, is skipped where [`content_can_decide`] says no
    /// similarity could link the pair.
    Related,
}

/// Whether the concepts' similarity (`content`, and the `score` it enters) can change the
/// relation [`decide`] gives: not for two dated articles in one language with fewer than
/// [`MIN_FACTS_IN_ORDER`] facts in order, which are duplicates or nothing.
fn content_can_decide(e: &PairEvidence, languages_differ: bool) -> bool {
    languages_differ || e.days_apart.is_none() || e.facts_in_order >= MIN_FACTS_IN_ORDER
}

/// Measures a pair; `norms` are the two articles' [`Prepared::concept_norm`]s. Always
/// `Some` when [`Wanted::Everything`] is asked for.
pub(crate) fn compare_prepared(
    a: &Meta,
    pa: &Prepared,
    b: &Meta,
    pb: &Prepared,
    stats: &CorpusStats,
    norms: [f64; 2],
    wanted: Wanted,
) -> Option<PairEvidence> {
    let others = (stats.articles() as u32).saturating_sub(2);
    let weight = |id: u32, holders: u32| -> f64 {
        let feature = stats
            .feature(id)
            .unwrap_or(Feature::Anchor(AnchorKind::Num));
        let df_others = stats.df(id).saturating_sub(holders);
        kind_weight(feature) * stats.anchor_idf(df_others.min(others))
    };
    let is_address = |id: u32| {
        matches!(
            stats.feature(id),
            Some(Feature::Slug | Feature::Anchor(AnchorKind::Url))
        )
    };
    // Both sets are sorted: one merge pass finds the shared anchors and sums the weights.
    let (mut sum_a, mut sum_b, mut sum_shared) = (0.0, 0.0, 0.0);
    let mut shared: Vec<u32> = Vec::new();
    let (mut facts_a, mut facts_b, mut shared_facts) = (0usize, 0usize, 0usize);
    let mut shared_url = false;
    let (mut i, mut j) = (0, 0);
    while i < pa.set.len() || j < pb.set.len() {
        let (x, y) = (pa.set.get(i).copied(), pb.set.get(j).copied());
        match (x, y) {
            (Some(x), Some(y)) if x == y => {
                let w = weight(x, 2);
                sum_a += w;
                sum_b += w;
                sum_shared += w;
                shared.push(x);
                if is_address(x) {
                    shared_url = true;
                } else {
                    facts_a += 1;
                    facts_b += 1;
                    shared_facts += 1;
                }
                i += 1;
                j += 1;
            }
            (Some(x), y) if y.is_none_or(|y| x < y) => {
                if !is_address(x) {
                    sum_a += weight(x, 1);
                    facts_a += 1;
                }
                i += 1;
            }
            (_, Some(y)) => {
                if !is_address(y) {
                    sum_b += weight(y, 1);
                    facts_b += 1;
                }
                j += 1;
            }
            _ => break,
        }
    }
    let overlap = if sum_a + sum_b > 0.0 {
        2.0 * sum_shared / (sum_a + sum_b)
    } else {
        0.0
    };
    let coverage = match facts_a + facts_b {
        0 => 0.0,
        total => 2.0 * shared_facts as f64 / total as f64,
    };
    // Order only matters for pairs that could be linked; the mention comparison is quadratic.
    let (facts_in_order, order) = if overlap >= SAME_EVENT_OVERLAP {
        (
            in_order(&pa.first_mentions(), &pb.first_mentions(), &shared),
            mention_lcs(pa.mentions, pb.mentions, &shared),
        )
    } else {
        (0, 0.0)
    };
    let length_ratio = (a.text_chars > 0 && b.text_chars > 0).then(|| {
        let (short, long) = (
            a.text_chars.min(b.text_chars),
            a.text_chars.max(b.text_chars),
        );
        short as f64 / long as f64
    });
    let days_apart = match (a.date, b.date) {
        (Some(x), Some(y)) => Some((x.days_since_epoch() - y.days_since_epoch()).abs()),
        _ => None,
    };
    let copied = if a.lang == b.lang {
        crate::content::containment(&pa.content, &pb.content)
    } else {
        0.0
    };
    let anchor_score = overlap * (1.0 + order) / 2.0 * (facts_in_order as f64 / 3.0).min(1.0);
    // Content and score without the concepts for now: they are filled in below, once the
    // pair is known to be one the concepts may link (see `Wanted::Related`).
    let mut evidence = PairEvidence {
        overlap,
        coverage,
        order,
        facts_in_order,
        shared: shared.len(),
        length_ratio,
        days_apart,
        shared_url,
        content: 0.0,
        copied,
        relation: None,
        fallback: None,
        aligned_share: None,
        score: anchor_score.min(1.0),
        event_likelihood: 0.0,
    };
    // A day both articles name near their publication: the day of the event they report.
    // A day long past (an anniversary, the date of a resolution every article cites) ties
    // nothing to one moment.
    let shares_a_day = shared.iter().any(|id| {
        pa.current_days.binary_search(id).is_ok() && pb.current_days.binary_search(id).is_ok()
    });
    let languages_differ = a.lang != b.lang;
    if wanted == Wanted::Related
        && !content_can_decide(&evidence, languages_differ)
        && decide(&evidence, languages_differ, shares_a_day).is_none()
    {
        return None;
    }
    let content = crate::content::concept_similarity(
        &pa.content.concepts,
        &pb.content.concepts,
        norms,
        |key| stats.concept_idf(key),
    );
    evidence.content = content;
    evidence.score = (anchor_score + CONTENT_WEIGHT * content).min(1.0);
    evidence.relation = decide(&evidence, languages_differ, shares_a_day);
    if evidence.relation == Some(Relation::Translation) {
        evidence.fallback = report(&evidence, languages_differ, shares_a_day);
    }
    if evidence.relation == Some(Relation::Duplicate) {
        evidence.score = copied;
    }
    if evidence.days_apart.is_none_or(|d| d <= MAX_DAYS_APART) {
        evidence.event_likelihood = same_event_probability(&evidence, languages_differ);
    }
    let kept = evidence.relation.is_some() || evidence.likely_only();
    (wanted == Wanted::Everything || kept).then_some(evidence)
}

/// Whether a date anchor's value (`2024-12-22`, or `12-22` when the text gave no year) lies
/// within [`EVENT_DAYS`] of `published`; a day without a year is placed in the year that
/// brings it nearest.
pub(crate) fn near_publication(value: &str, published: Date) -> bool {
    let near = |year: i32, month: u32, day: u32| {
        Date::new(year, month, day).is_some_and(|date| {
            (date.days_since_epoch() - published.days_since_epoch()).abs() <= EVENT_DAYS
        })
    };
    let parts: Vec<Option<u32>> = value.split('-').map(|p| p.parse().ok()).collect();
    match parts[..] {
        [Some(year), Some(month), Some(day)] => {
            i32::try_from(year).is_ok_and(|year| near(year, month, day))
        }
        [Some(month), Some(day)] => {
            (published.year - 1..=published.year + 1).any(|year| near(year, month, day))
        }
        _ => false,
    }
}

/// The relation the measurements support (see the module documentation for the reasons).
fn decide(e: &PairEvidence, languages_differ: bool, shares_a_day: bool) -> Option<Relation> {
    let far_apart = e.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
    let copy_floor = if far_apart {
        FAR_DUPLICATE_CONTAINMENT
    } else {
        DUPLICATE_CONTAINMENT
    };
    if !languages_differ && similar_length(e) && e.copied >= copy_floor {
        return Some(Relation::Duplicate);
    }
    if far_apart {
        return None;
    }
    if languages_differ && (translation_by_model(e) || translation_by_anchors(e)) {
        return Some(Relation::Translation);
    }
    report(e, languages_differ, shares_a_day)
}

/// Versions (copies and translations) are about as long as each other: a short article that a
/// long one contains is an excerpt or a rewrite, and keeps its own translations.
fn similar_length(e: &PairEvidence) -> bool {
    e.length_ratio.is_none_or(|r| r >= TRANSLATION_LENGTH)
}

/// The translation model's rule (for two languages): likely enough, facts in one order.
fn translation_by_model(e: &PairEvidence) -> bool {
    similar_length(e)
        && e.order >= CONTENT_TRANSLATION_ORDER
        && e.translation_probability() >= TRANSLATION_PROBABILITY
}

/// The anchors' rule (for two languages): most facts shared, several of them in one order.
fn translation_by_anchors(e: &PairEvidence) -> bool {
    e.facts_in_order >= MIN_FACTS_IN_ORDER
        && e.overlap >= TRANSLATION_OVERLAP
        && e.coverage >= TRANSLATION_COVERAGE
        && e.order >= TRANSLATION_ORDER
        && similar_length(e)
}

/// The relation of two articles that are not versions of one article: reports of the same
/// event, or none.
fn report(e: &PairEvidence, languages_differ: bool, shares_a_day: bool) -> Option<Relation> {
    // Words that translate each other are rare between articles in two languages (the
    // concepts meet only through the glossary, cognates and names), so much of them tells of
    // one event even without the facts in one order.
    if languages_differ && e.content >= CROSS_LANGUAGE_EVENT_CONTENT {
        return Some(Relation::SameEvent);
    }
    // Most scraped pages show no publication date the reader can find: two of them are
    // reports of one event on the link score alone, facts and words together.
    if e.days_apart.is_none() && e.score >= SAME_EVENT_SCORE {
        return Some(Relation::SameEvent);
    }
    // Across languages only: two reports in one language that share a few facts on one day
    // are the commonest wrong link of a large corpus (at 100k generated articles, story-pair
    // precision 0.995 fell to 0.856 with them, 0.991 without).
    if languages_differ && same_event_probability(e, languages_differ) >= SAME_EVENT_PROBABILITY {
        return Some(Relation::SameEvent);
    }
    if e.facts_in_order < MIN_FACTS_IN_ORDER {
        return None;
    }
    // An independent report of the same event is dated by its publication: without both
    // dates (or a shared source URL) nothing ties two reports to one moment, and articles
    // that merely cite the same resolution date would be chained into one story.
    // The link score is asked of them too: in a corpus of a million articles, reports of
    // different events published the same week share a day and a few facts often enough.
    let published_together = e.days_apart.is_some() || e.shared_url;
    if e.overlap >= SAME_EVENT_OVERLAP
        && (shares_a_day || e.shared_url)
        && published_together
        && e.score >= SAME_EVENT_SCORE
    {
        return Some(Relation::SameEvent);
    }
    None
}

/// Number of distinct shared facts first mentioned in the same order by both sequences.
fn in_order(seq_a: &[u32], seq_b: &[u32], shared: &[u32]) -> usize {
    let mut pos_b: Vec<(u32, usize)> = seq_b
        .iter()
        .enumerate()
        .filter(|(_, id)| shared.binary_search(id).is_ok())
        .map(|(i, &id)| (id, i))
        .collect();
    pos_b.sort_unstable();
    let positions: Vec<usize> = seq_a
        .iter()
        .filter_map(|id| {
            pos_b
                .binary_search_by_key(id, |&(x, _)| x)
                .ok()
                .map(|k| pos_b[k].1)
        })
        .collect();
    longest_increasing(&positions)
}

/// Longest common subsequence of the mentions of shared facts, over the shorter list.
fn mention_lcs(a: &[u32], b: &[u32], shared: &[u32]) -> f64 {
    const CAP: usize = 512;
    let fa: Vec<u32> = a
        .iter()
        .copied()
        .filter(|id| shared.binary_search(id).is_ok())
        .take(CAP)
        .collect();
    let fb: Vec<u32> = b
        .iter()
        .copied()
        .filter(|id| shared.binary_search(id).is_ok())
        .take(CAP)
        .collect();
    if fa.is_empty() || fb.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0u32; fb.len() + 1];
    let mut cur = vec![0u32; fb.len() + 1];
    for &x in &fa {
        for (j, &y) in fb.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    f64::from(prev[fb.len()]) / fa.len().min(fb.len()) as f64
}

/// Length of the longest strictly increasing subsequence (patience sorting, O(n log n)).
fn longest_increasing(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &v in values {
        let at = tails.partition_point(|&t| t < v);
        if at == tails.len() {
            tails.push(v);
        } else {
            tails[at] = v;
        }
    }
    tails.len()
}

/// Measures a pair of articles against corpus statistics that should include both (see
/// [`CorpusStats::from_inputs`]); works for any pair, linked or not.
pub fn compare(a: &LinkInput, b: &LinkInput, stats: &CorpusStats) -> PairEvidence {
    let (pa, pb) = (stats.prepare(a), stats.prepare(b));
    let (pa, pb) = (pa.view(), pb.view());
    let norms = [pa.concept_norm(stats), pb.concept_norm(stats)];
    compare_prepared(
        &a.into(),
        &pa,
        &b.into(),
        &pb,
        stats,
        norms,
        Wanted::Everything,
    )
    .expect("a pair measured whole always has evidence")
}

/// The link between two articles with its score and evidence in plain words, or `None` when
/// the evidence supports neither a translation nor a report of the same event. This is what
/// `newsindex translations ID` shows for each other version of an article.
pub fn explain(a: &LinkInput, b: &LinkInput, stats: &CorpusStats) -> Option<Link> {
    let evidence = compare(a, b, stats);
    to_link(a, b, &evidence)
}

pub(crate) fn to_link(a: &LinkInput, b: &LinkInput, e: &PairEvidence) -> Option<Link> {
    e.relation?;
    let (first, second) = if a.id <= b.id { (a, b) } else { (b, a) };
    let in_second: HashSet<(AnchorKind, &str)> = second
        .anchors
        .iter()
        .map(|x| (x.kind, x.value.as_str()))
        .collect();
    let facts = first
        .anchors
        .iter()
        .map(|x| (x.kind, x.value.as_str(), x.surface.as_str()));
    let evidence = evidence_words(facts, |kind, value| in_second.contains(&(kind, value)), e);
    link_of(&first.id, &second.id, e, evidence)
}

/// A link between two ids (`a` the smaller) with its evidence, when `e` supports one; a
/// likely link ([`PairEvidence::likely_only`]) is a `same_event` link that holds only where
/// its story's groups were joined (see `stories`).
pub(crate) fn link_of(a: &str, b: &str, e: &PairEvidence, evidence: Vec<String>) -> Option<Link> {
    let relation = match e.relation {
        Some(relation) => relation,
        None if e.likely_only() => Relation::SameEvent,
        None => return None,
    };
    Some(Link {
        a: a.to_string(),
        b: b.to_string(),
        relation,
        score: (e.score * 1000.0).round() / 1000.0,
        evidence,
    })
}

/// At most this many examples per kind of fact in the evidence lines.
const EVIDENCE_EXAMPLES: usize = 6;

/// The evidence lines of a pair: `facts` are the first article's anchors in order of
/// appearance as `(kind, value, surface)`, `in_other` tells whether the other article holds
/// a value.
pub(crate) fn evidence_words<'s, K: Copy + Eq + Hash>(
    facts: impl Iterator<Item = (AnchorKind, K, &'s str)> + Clone,
    in_other: impl Fn(AnchorKind, K) -> bool,
    e: &PairEvidence,
) -> Vec<String> {
    let mut lines = Vec::new();
    if e.shared_url {
        lines.push("shared source URL".to_string());
    }
    for (kind, label) in [
        (AnchorKind::Code, "codes"),
        (AnchorKind::Date, "dates"),
        (AnchorKind::Num, "numbers"),
        (AnchorKind::Name, "names"),
    ] {
        let mut surfaces: Vec<&str> = Vec::new();
        let mut values: HashSet<K> = HashSet::new();
        let mut total = 0;
        for (_, value, surface) in facts.clone().filter(|x| x.0 == kind) {
            if !in_other(kind, value) || !values.insert(value) {
                continue;
            }
            // A dated day yields two anchors (with and without year) of one surface.
            if surfaces.contains(&surface) {
                continue;
            }
            total += 1;
            if surfaces.len() < EVIDENCE_EXAMPLES {
                surfaces.push(surface);
            }
        }
        if !surfaces.is_empty() {
            let more = if total > surfaces.len() {
                format!(" (+{} more)", total - surfaces.len())
            } else {
                String::new()
            };
            lines.push(format!("shared {label}: {}{more}", surfaces.join(", ")));
        }
    }
    lines.push(format!("same order of {} facts", e.facts_in_order));
    if e.relation == Some(Relation::Duplicate) {
        lines.push(format!(
            "same text: about {:.0}% of the shorter version's word sequences",
            e.copied * 100.0
        ));
    } else if e.content > 0.0 {
        lines.push(format!("similar words (concepts): {:.2}", e.content));
    }
    match e.days_apart {
        Some(0) => lines.push("published the same day".to_string()),
        Some(1) => lines.push("published within 1 day".to_string()),
        Some(d) => lines.push(format!("published within {d} days")),
        None => {}
    }
    if let Some(ratio) = e.length_ratio {
        lines.push(format!("length ratio {ratio:.2}"));
    }
    if let Some(share) = e.aligned_share {
        lines.push(format!(
            "paragraphs aligned: at least {:.0}% of each version's text",
            share * 100.0
        ));
    }
    if e.likely_only() {
        lines.push(format!(
            "likely the same event ({:.2}): no link alone, counted with the story's other pairs",
            e.event_likelihood
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The linker skips the concepts' similarity where [`content_can_decide`] says it
        /// cannot change the relation: for such pairs, any content and score give the
        /// relation that content 0 gives. Fails if `decide` starts reading content there.
        #[test]
        fn content_does_not_decide_where_it_is_skipped(
            overlap in 0.0..=1.0f64,
            coverage in 0.0..=1.0f64,
            order in 0.0..=1.0f64,
            facts_in_order in 0usize..6,
            shared in 0usize..8,
            length_ratio in proptest::option::of(0.0..=1.0f64),
            days_apart in proptest::option::of(0i64..10),
            shared_url: bool,
            copied in 0.0..=1.0f64,
            contents in proptest::array::uniform2(0.0..=1.0f64),
            scores in proptest::array::uniform2(0.0..=1.0f64),
            languages_differ: bool,
            shares_a_day: bool,
        ) {
            let with = |content: f64, score: f64| PairEvidence {
                overlap, coverage, order, facts_in_order, shared, length_ratio, days_apart,
                shared_url, content, copied, relation: None, fallback: None,
                aligned_share: None, score, event_likelihood: 0.0,
            };
            let skipped = with(0.0, 0.0);
            if !content_can_decide(&skipped, languages_differ) {
                for (content, score) in contents.into_iter().zip(scores) {
                    proptest::prop_assert_eq!(
                        decide(&with(content, score), languages_differ, shares_a_day),
                        decide(&skipped, languages_differ, shares_a_day)
                    );
                }
            }
        }
    }

    #[test]
    fn longest_increasing_counts_facts_kept_in_order() {
        for (values, want) in [
            (vec![], 0),
            (vec![0, 1, 2, 3], 4),
            (vec![3, 2, 1, 0], 1),
            (vec![0, 2, 1, 3, 4], 4),
            (vec![4, 0, 1, 2, 3], 4),
        ] {
            assert_eq!(longest_increasing(&values), want, "{values:?}");
        }
    }

    #[test]
    fn a_day_is_an_event_day_only_near_publication() {
        let published = Date::new(2025, 1, 5).unwrap();
        assert!(near_publication("2025-01-05", published));
        assert!(near_publication("2024-12-06", published));
        assert!(!near_publication("2024-12-05", published));
        assert!(near_publication("2025-02-04", published));
        assert!(!near_publication("2004-01-05", published));
        // Without a year, the nearest year counts: late December belongs to last year.
        assert!(near_publication("12-28", published));
        assert!(near_publication("01-20", published));
        assert!(!near_publication("07-01", published));
        for junk in [
            "",
            "-",
            "12",
            "13-40",
            "2025-02-30",
            "x-y-z",
            "2025-01-05-1",
            "99999999999-1",
        ] {
            assert!(!near_publication(junk, published), "{junk}");
        }
    }

    #[test]
    fn idf_is_positive_and_falls_with_frequency() {
        assert!(idf(0, 0) > 0.0);
        assert!(idf(0, 100) > idf(1, 100));
        assert!(idf(100, 100) > 0.0);
        assert!(idf(100, 100) < 0.01);
    }

    fn evidence(overlap: f64, coverage: f64, days_apart: Option<i64>) -> PairEvidence {
        PairEvidence {
            overlap,
            coverage,
            order: 1.0,
            facts_in_order: 5,
            shared: 5,
            length_ratio: Some(0.9),
            days_apart,
            shared_url: false,
            content: 0.0,
            copied: 0.0,
            relation: None,
            fallback: None,
            aligned_share: None,
            score: overlap,
            event_likelihood: 0.0,
        }
    }

    #[test]
    fn a_likely_pair_needs_the_model_and_words_in_common_and_no_relation() {
        let mut pair = evidence(0.2, 0.2, None);
        pair.event_likelihood = LIKELY_EVENT;
        pair.content = LIKELY_CONTENT;
        assert!(pair.likely_only());
        let link = link_of(
            "a",
            "b",
            &pair,
            evidence_words(
                std::iter::empty::<(AnchorKind, u32, &str)>(),
                |_, _| true,
                &pair,
            ),
        );
        let link = link.expect("a likely pair makes a link");
        assert_eq!(link.relation, Relation::SameEvent);
        assert!(
            link.evidence
                .iter()
                .any(|l| l.starts_with("likely the same event (0.70)")),
            "{:?}",
            link.evidence
        );
        // A shared day and a name make the model likely in a dense corpus: words must agree.
        let mut few_words = pair.clone();
        few_words.content = LIKELY_CONTENT - 0.01;
        assert!(!few_words.likely_only());
        assert!(link_of("a", "b", &few_words, vec![]).is_none());
        let mut unlikely = pair.clone();
        unlikely.event_likelihood = LIKELY_EVENT - 0.01;
        assert!(!unlikely.likely_only());
        // A pair with a relation of its own is that relation, not a likely one.
        let mut linked = pair.clone();
        linked.relation = Some(Relation::SameEvent);
        assert!(!linked.likely_only());
    }

    #[test]
    fn the_same_event_model_links_two_languages_only_and_only_when_sure() {
        // Published the same day, six facts shared, few in one order, few words the glossary
        // sees: no rule links them, the model does, in two languages.
        let mut pair = evidence(0.6, 0.6, Some(0));
        pair.facts_in_order = 0;
        pair.order = 0.0;
        pair.shared = 6;
        pair.content = 0.1;
        pair.score = 0.45;
        assert!(same_event_probability(&pair, true) >= SAME_EVENT_PROBABILITY);
        assert_eq!(decide(&pair, true, false), Some(Relation::SameEvent));
        assert_eq!(decide(&pair, false, false), None);
        let mut weak = pair.clone();
        (weak.overlap, weak.coverage, weak.score, weak.shared) = (0.2, 0.2, 0.1, 1);
        assert!(same_event_probability(&weak, true) < SAME_EVENT_PROBABILITY);
        assert_eq!(decide(&weak, true, false), None);
        // Dates far apart still rule it out.
        pair.days_apart = Some(MAX_DAYS_APART + 1);
        assert_eq!(decide(&pair, true, false), None);
    }

    #[test]
    fn a_copy_word_for_word_is_a_duplicate_whatever_its_dates() {
        let mut copy = evidence(0.0, 0.0, Some(0));
        copy.copied = 0.6;
        assert_eq!(decide(&copy, false, false), Some(Relation::Duplicate));
        // Dates far apart: a template with its figures updated copies this much, not more.
        copy.days_apart = Some(MAX_DAYS_APART + 1);
        assert_eq!(decide(&copy, false, false), None);
        copy.copied = 0.92;
        assert_eq!(decide(&copy, false, false), Some(Relation::Duplicate));
        // Never across languages.
        assert_ne!(decide(&copy, true, false), Some(Relation::Duplicate));
    }

    // Guards against undated articles being chained to any report that cites the same
    // resolution date: sample 000 (undated) was linked as same_event to an analysis piece
    // published three months earlier.
    #[test]
    fn same_event_needs_both_publication_dates_but_a_translation_does_not() {
        let partial = evidence(0.35, 0.4, None);
        assert_eq!(decide(&partial, true, true), None);
        let mut dated = evidence(0.35, 0.4, Some(0));
        // A shared day and facts in order, but a weak link score: not enough.
        assert_eq!(decide(&dated, true, true), None);
        dated.score = 0.45;
        assert_eq!(decide(&dated, true, true), Some(Relation::SameEvent));
        assert_eq!(decide(&dated, true, false), None);
        dated.days_apart = Some(20);
        assert_eq!(decide(&dated, true, true), None);
        let mut with_url = dated.clone();
        with_url.days_apart = None;
        with_url.shared_url = true;
        assert_eq!(decide(&with_url, true, false), Some(Relation::SameEvent));
        assert_eq!(
            decide(&evidence(0.9, 0.9, None), true, false),
            Some(Relation::Translation)
        );
    }

    #[test]
    fn translation_probability_grows_with_each_measurement() {
        let base = evidence(0.4, 0.5, None);
        let p = base.translation_probability();
        assert!(p > 0.0 && p < 1.0);
        for change in [
            |e: &mut PairEvidence| e.overlap += 0.2,
            |e: &mut PairEvidence| e.content += 0.1,
            |e: &mut PairEvidence| e.length_ratio = Some(1.0),
        ] {
            let mut more = base.clone();
            change(&mut more);
            assert!(more.translation_probability() > p);
        }
        let mut shuffled = base.clone();
        shuffled.order = 0.2;
        assert!(shuffled.translation_probability() < p);
    }

    // Few shared facts (too few for the anchors alone) but words that translate each other,
    // told in the same order: a translation. The same measurements with the facts in
    // another order: a report of the same event.
    #[test]
    fn words_in_common_make_a_translation_only_in_the_same_order() {
        let mut pair = evidence(0.5, 0.5, None);
        pair.facts_in_order = 2;
        pair.content = 0.3;
        pair.score = 0.6;
        assert!(pair.translation_probability() >= TRANSLATION_PROBABILITY);
        assert_eq!(decide(&pair, true, false), Some(Relation::Translation));
        pair.order = 0.5;
        assert_eq!(decide(&pair, true, false), Some(Relation::SameEvent));
        assert_eq!(decide(&pair, false, false), Some(Relation::SameEvent));
    }

    #[test]
    fn words_that_translate_each_other_tie_reports_in_two_languages() {
        let mut pair = evidence(0.1, 0.2, None);
        pair.facts_in_order = 1;
        pair.order = 0.3;
        pair.score = 0.2;
        pair.content = CROSS_LANGUAGE_EVENT_CONTENT - 0.01;
        assert_eq!(decide(&pair, true, false), None);
        pair.content = CROSS_LANGUAGE_EVENT_CONTENT;
        assert_eq!(decide(&pair, true, false), Some(Relation::SameEvent));
        // In one language the same words are common ground, not evidence.
        assert_eq!(decide(&pair, false, false), None);
        // Publication far apart still rules it out.
        pair.days_apart = Some(MAX_DAYS_APART + 1);
        assert_eq!(decide(&pair, true, false), None);
    }

    #[test]
    fn undated_reports_need_a_link_score_dated_ones_a_shared_day() {
        let mut undated = evidence(0.2, 0.5, None);
        undated.facts_in_order = 1;
        undated.score = 0.39;
        assert_eq!(decide(&undated, false, false), None);
        undated.score = 0.4;
        assert_eq!(decide(&undated, false, false), Some(Relation::SameEvent));
        let mut dated = undated.clone();
        dated.days_apart = Some(1);
        assert_eq!(decide(&dated, false, false), None);
    }
}
