//! Paragraph alignment of the versions of one story: which paragraphs of a translation or a
//! copy say what a paragraph of the other version says, which ones a version dropped or
//! added, and which facts (numbers, dates, codes, names) differ between aligned paragraphs.
//!
//! Two versions are aligned by dynamic programming over monotonic moves (1-1, 1-2, 2-1, 1-3,
//! 3-1, 1-0, 0-1), after Gale and Church (1993): a move costs its prior (most paragraphs
//! are translated one for one), the surprise of its length ratio under the languages' usual
//! expansion, how little its paragraphs share in anchors (the language-neutral facts of
//! `newsindex_analysis`) and in content concepts (the cross-language glossary, cognates and
//! names of [`Content`]), and, for a merge, how little its weakest paragraph shares with the
//! other side. Lines that a page broke inside one paragraph (a line that starts in lower
//! case, a dateline alone on its line) are aligned as the one paragraph they make, and a
//! link names all their lines. Several versions are aligned each against the first one
//! (the pivot), and the pairwise links are merged into rows.

use crate::content::Content;
use crate::stories::UnionFind;
use newsindex_analysis::{extract_anchors, Anchor, AnchorKind};
use newsindex_core::{Lang, Relation};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Cost of a 2-1 or 1-2 move beyond its length and content. Gale and Church's priors (0.89
/// for 1-1, 0.089 for 2-1 and 1-2) would give 2.3; news pages put short captions and photo
/// credits between paragraphs, which a cheap merge swallows, so merges cost more (the
/// [`MEMBER_WEIGHT`] check stops most of that swallowing, which lets this be lower than
/// before it). Chosen on half a of `eval/real/alignments.jsonl` (see EVALUATION.md; 4
/// before the fourth round's refit).
const MERGE_PRIOR: f64 = 5.0;
/// Cost of a 3-1 or 1-3 move beyond its length and content: rarer than 2-1 (an editor folds
/// three paragraphs into one), chosen on half a with the others (8 before the third round's
/// refit). A 2-2 move (two paragraphs
/// cut at another sentence) was tried too and never won on the labelled pairs.
const WIDE_MERGE_PRIOR: f64 = 6.0;
/// Cost of leaving a paragraph unmatched (Gale and Church's `-ln` of 0.0099 over 0.89 is
/// 4.5; with the paragraph-level scaling of similarity below, half a chose 3).
const SKIP_COST: f64 = 3.0;
/// Weight of the dissimilarity of a match: two paragraphs that share nothing cost more than
/// leaving both unmatched (chosen on half a with the others; 6 before the fourth round).
const CONTENT_WEIGHT: f64 = 5.0;
/// Weight of the weakest paragraph of a merge: how little it shares with the other side,
/// relative to its own best match. A caption or credit line that shares nothing with the
/// paragraph it sits next to then costs a merge this much more (chosen on half a: 10 on the
/// first 11 pairs, 3 on the 31 of the third round).
const MEMBER_WEIGHT: f64 = 3.0;
/// Share of a paragraph's own best match in the level its similarities are scaled by; the
/// rest is the pair of texts' level (chosen on half a from 0.25, 0.5, 0.75, 1).
const OWN_LEVEL_SHARE: f64 = 0.25;
/// Variance of the length difference per character: Gale and Church's 6.8 was measured on
/// sentences of one translation; editions of a news story add and drop clauses, and half a
/// chose 9 once a paragraph broken over lines is measured whole (fourth round).
const LENGTH_VARIANCE: f64 = 9.0;
/// Longest agency credit line or glued credit, in characters (`(TTXVN/Báo Tin tức)` is 19).
const CREDIT_CHARS: usize = 30;
/// Lowest reference similarity: below it, two texts share too little for any scaling.
const MIN_REFERENCE: f64 = 0.1;
/// Highest length cost of a move: a ratio beyond this much surprise is decided by content.
/// Below two unmatched paragraphs (2 × [`SKIP_COST`]), so that a translation that adds a
/// sentence to a paragraph is still matched with it (chosen on half a; 8 before).
const MAX_LENGTH_COST: f64 = 5.0;

/// The paragraphs of a text: its non-empty lines, trimmed. Scraped pages and stored articles
/// put one paragraph per line, with or without blank lines between them.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// One version of a story to align: its language and its paragraphs in order.
#[derive(Clone, Debug)]
pub struct AlignVersion<'a> {
    /// The version's language (sets the number and date conventions and the glossary).
    pub lang: Lang,
    /// The paragraphs, in order (see [`paragraphs`]).
    pub paragraphs: Vec<&'a str>,
}

impl<'a> AlignVersion<'a> {
    /// A version made of the paragraphs of `text`.
    pub fn of(text: &'a str, lang: Lang) -> AlignVersion<'a> {
        AlignVersion {
            lang,
            paragraphs: paragraphs(text),
        }
    }
}

/// One link of a pairwise alignment: paragraph indices of the first version and of the second
/// (one side empty for a paragraph that the other version lacks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bead {
    /// Paragraphs of the first version.
    pub a: Vec<usize>,
    /// Paragraphs of the second version.
    pub b: Vec<usize>,
}

/// Whether a row's content is in every version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    /// Every version has it.
    All,
    /// The first version has it and some other version does not.
    Dropped,
    /// The first version lacks it; some other version added it.
    Added,
}

/// An anchor that is not the same in every version of a row: present in some versions only,
/// or with another value (`1,132` in one, `1,133` in another).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnchorDifference {
    /// Kind of fact: `num`, `date`, `code`, `name` or `url`.
    pub kind: &'static str,
    /// The anchor as written in each version (indexed like the versions), `None` where absent.
    pub values: Vec<Option<String>>,
}

/// One row of an alignment: what each version says at this point of the story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedRow {
    /// Paragraph indices of each version in this row (indexed like the versions; empty when
    /// the version lacks this content).
    pub cells: Vec<Vec<usize>>,
    /// Whether every version has it.
    pub status: RowStatus,
    /// Anchors that differ between the versions present in the row.
    pub differences: Vec<AnchorDifference>,
}

/// The versions of a story aligned row by row.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// Rows in story order.
    pub rows: Vec<AlignedRow>,
}

/// One version of a story as [`compare_versions`] shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedVersion {
    /// Article id (or file name).
    pub id: String,
    /// Language.
    pub lang: Lang,
    /// Title (empty when unknown).
    pub title: String,
    /// How it relates to the first version (`None` for the first version itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// Its paragraphs, which the rows' cells index.
    pub paragraphs: Vec<String>,
}

/// Versions of a story and their alignment, ready to print or to serve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The versions, the first one being the pivot that others are aligned against.
    pub versions: Vec<ComparedVersion>,
    /// The aligned rows.
    pub rows: Vec<AlignedRow>,
}

/// Aligns versions given with their paragraphs (see [`align_versions`]).
pub fn compare_versions(versions: Vec<ComparedVersion>) -> Comparison {
    let inputs: Vec<AlignVersion> = versions
        .iter()
        .map(|v| AlignVersion {
            lang: v.lang,
            paragraphs: v.paragraphs.iter().map(String::as_str).collect(),
        })
        .collect();
    let rows = align_versions(&inputs).rows;
    Comparison { versions, rows }
}

/// What the aligner keeps of one paragraph: a line of the page, or a run of lines that the
/// page broke inside one paragraph (see [`continues`]).
#[derive(Clone)]
struct Para {
    /// The lines (paragraph indices of the version) it covers.
    lines: Range<usize>,
    chars: usize,
    /// The paragraph repeats the one before it word for word (a page that prints a photo's
    /// caption twice, as alt text and as caption), and is no [`copy_of`] another.
    ///
    /// [`copy_of`]: Para::copy_of
    repeats: bool,
    /// The first paragraph of the version with the same words, when this one is printed
    /// again further down and is longer than a credit line: a page that prints a paragraph
    /// (or a block of them) twice has one paragraph there, which the other version
    /// translates once.
    copy_of: Option<usize>,
    /// The paragraph is an agency credit line alone (see [`is_credit`]).
    credit: bool,
    /// The paragraph ends with an agency credit glued to its last sentence (see
    /// [`ends_with_credit`]).
    ends_credit: bool,
    anchors: Vec<Anchor>,
    /// Anchor keys (see [`anchor_key`]), each once.
    facts: HashSet<u64>,
    /// Content concepts, each once.
    concepts: HashSet<u64>,
}

impl Para {
    fn of(at: usize, text: &str, lang: Lang) -> Para {
        let anchors = extract_anchors(text, lang);
        let facts = anchors.iter().map(anchor_key).collect();
        Para {
            lines: at..at + 1,
            chars: text.chars().count(),
            repeats: false,
            copy_of: None,
            credit: is_credit(text),
            ends_credit: ends_with_credit(text),
            anchors,
            facts,
            concepts: Content::of("", text, lang)
                .concepts
                .into_iter()
                .map(u64::from)
                .collect(),
        }
    }
}

/// One version as the aligner keeps it: each line (for the anchors a row compares) and the
/// paragraphs it aligns, where lines that the page broke inside one paragraph are one.
struct Prepared {
    lines: Vec<Para>,
    paragraphs: Vec<Para>,
}

/// The lines and paragraphs of one version.
fn prepare(lines: &[&str], lang: Lang) -> Prepared {
    let lines_kept: Vec<Para> = lines
        .iter()
        .enumerate()
        .map(|(at, text)| Para::of(at, text, lang))
        .collect();
    let mut paragraphs: Vec<Para> = Vec::new();
    for (at, line) in lines_kept.iter().enumerate() {
        match paragraphs.last_mut() {
            Some(open) if continues(lines[at - 1], lines[at]) => {
                open.lines.end = at + 1;
                // A line break inside a sentence stands for a space.
                open.chars += 1 + line.chars;
                open.credit = false;
                open.ends_credit = line.ends_credit;
                open.anchors.extend(line.anchors.iter().cloned());
                open.facts.extend(&line.facts);
                open.concepts.extend(&line.concepts);
            }
            _ => paragraphs.push(line.clone()),
        }
    }
    let text = |p: &Para| &lines[p.lines.clone()];
    for at in 1..paragraphs.len() {
        let repeats = text(&paragraphs[at - 1]) == text(&paragraphs[at]);
        // A paragraph printed twice in a row is aligned as the repeat it is (the other
        // version may print it twice too); one printed again further down is a copy, and so
        // is a repeat of such a copy.
        paragraphs[at].copy_of = if repeats {
            paragraphs[at - 1].copy_of
        } else if paragraphs[at].chars > CREDIT_CHARS {
            (0..at).find(|&k| text(&paragraphs[k]) == text(&paragraphs[at]))
        } else {
            None
        };
        paragraphs[at].repeats = repeats && paragraphs[at].copy_of.is_none();
    }
    Prepared {
        lines: lines_kept,
        paragraphs,
    }
}

/// Whether a line goes on with the paragraph of the line before it: its first letter is
/// lower case (quotes and dashes before it skipped), or the line before ends with a dash (a
/// dateline, `PARIS –`). Headlines, captions and new paragraphs start with a capital in the
/// three languages; a page that breaks a line at a quote or after its dateline does not.
fn continues(before: &str, text: &str) -> bool {
    let lower = text
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase);
    lower || before.ends_with(['–', '—', '-'])
}

/// Whether a line is a news agency's credit alone: short, its first word an acronym
/// (`(TTXVN/Báo Tin tức)`, `VNA`, `– AFP`). Agencies sign a dispatch this way, and one
/// edition prints the credit on a line of its own where another glues it to the last
/// sentence.
fn is_credit(text: &str) -> bool {
    text.chars().count() <= CREDIT_CHARS && starts_with_acronym(text)
}

/// Whether a paragraph ends with an agency credit glued to its last sentence, after a dash
/// or in parentheses (`… nationales. – VNA/VI`, `… le 20 juillet (AFP)`).
fn ends_with_credit(text: &str) -> bool {
    let text = text.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let tail = [" – ", " - ", " — ", "("]
        .iter()
        .filter_map(|mark| text.rfind(mark).map(|at| &text[at + mark.len()..]))
        .min_by_key(|tail| tail.len());
    tail.is_some_and(|tail| tail.chars().count() <= CREDIT_CHARS && starts_with_acronym(tail))
}

/// Whether the first word of a text (brackets and dashes skipped) is an acronym: two or
/// more letters, all capitals.
fn starts_with_acronym(text: &str) -> bool {
    let word: Vec<char> = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    word.len() >= 2 && word.iter().all(|c| c.is_uppercase())
}

/// The key an anchor is matched by: dates by month and day (`2025-10-15` and `10-15` meet, as
/// one version often drops a year the other spells out), other anchors by value. Hashed
/// above the 32-bit range of concepts, so that one weight table serves both.
fn anchor_key(anchor: &Anchor) -> u64 {
    let value = match anchor.kind {
        AnchorKind::Date if anchor.value.len() > 5 => &anchor.value[anchor.value.len() - 5..],
        _ => anchor.value.as_str(),
    };
    let hash = xxhash_rust::xxh3::xxh3_64(format!("{}:{value}", anchor.kind.prefix()).as_bytes());
    hash | (1 << 63)
}

/// How much sharing a key says about two paragraphs: `ln(1 + P / df)` over the `P`
/// paragraphs of both texts, of which `df` hold the key. The story's main names and its
/// topic words are in every paragraph and tell none apart; a figure or a rare word held by
/// one paragraph on each side pins them together.
struct Weights(HashMap<u64, f64>);

impl Weights {
    fn of(pa: &[Para], pb: &[Para]) -> Weights {
        let mut df: HashMap<u64, usize> = HashMap::new();
        for p in pa.iter().chain(pb) {
            for &key in p.facts.iter().chain(&p.concepts) {
                *df.entry(key).or_default() += 1;
            }
        }
        let total = (pa.len() + pb.len()) as f64;
        Weights(
            df.into_iter()
                .map(|(key, n)| (key, (1.0 + total / n as f64).ln()))
                .collect(),
        )
    }

    fn get(&self, key: u64) -> f64 {
        self.0.get(&key).copied().unwrap_or(0.0)
    }

    /// Weighted Dice coefficient of the unions of two groups of key sets, 0..=1. The
    /// unions are never built: the aligner asks this for every move of its table, and a
    /// group is one or two paragraphs.
    fn dice(&self, a: &[&HashSet<u64>], b: &[&HashSet<u64>]) -> f64 {
        // Each key counted once: in the first set of its group that holds it.
        let first_in = |group: &[&HashSet<u64>], at: usize, key: &u64| {
            !group[..at].iter().any(|set| set.contains(key))
        };
        let sum = |group: &[&HashSet<u64>]| -> f64 {
            let mut total = 0.0;
            for (at, set) in group.iter().enumerate() {
                for key in set.iter().filter(|k| first_in(group, at, k)) {
                    total += self.get(*key);
                }
            }
            total
        };
        let total = sum(a) + sum(b);
        if total == 0.0 {
            return 0.0;
        }
        let mut both = 0.0;
        for (at, set) in b.iter().enumerate() {
            for key in set.iter().filter(|k| first_in(b, at, k)) {
                if a.iter().any(|other| other.contains(key)) {
                    both += self.get(*key);
                }
            }
        }
        2.0 * both / total
    }
}

/// Characters of a language's text per character of the same text in English, so that a
/// French paragraph is expected to be a little longer than its English original. Measured
/// on the one-to-one links of half a (French 1.09–1.11 times the English; Vietnamese 0.87–0.90,
/// where half a's alignment preferred 1.0 to 0.9).
fn expansion(lang: Lang) -> f64 {
    match lang {
        Lang::Fr => 1.1,
        Lang::Vi | Lang::En | Lang::Other => 1.0,
    }
}

/// The similarity, 0..=1, of two groups of paragraphs: shared anchors and shared concepts,
/// weighted by how rare they are in the two texts.
fn similarity(a: &[&Para], b: &[&Para], weights: &Weights) -> f64 {
    fn facts<'p>(ps: &[&'p Para]) -> Vec<&'p HashSet<u64>> {
        ps.iter().map(|p| &p.facts).collect()
    }
    fn concepts<'p>(ps: &[&'p Para]) -> Vec<&'p HashSet<u64>> {
        ps.iter().map(|p| &p.concepts).collect()
    }
    let shared_concepts = weights.dice(&concepts(a), &concepts(b));
    if a.iter().chain(b).all(|p| p.facts.is_empty()) {
        return shared_concepts;
    }
    (weights.dice(&facts(a), &facts(b)) + shared_concepts) / 2.0
}

/// What "similar" means for this pair of texts: the median, over the paragraphs of `a`, of
/// the best similarity with a paragraph of `b`. Translations share fewer concepts when the
/// glossary covers their languages thinly (Vietnamese) and more between cognate-rich French
/// and English; scaling by the pair's own level makes one weight fit both.
fn reference_similarity(single: &[Vec<f64>]) -> f64 {
    let mut best: Vec<f64> = single
        .iter()
        .map(|row| row.iter().copied().fold(0.0, f64::max))
        .collect();
    best.sort_by(f64::total_cmp);
    best.get(best.len() / 2)
        .copied()
        .unwrap_or(1.0)
        .max(MIN_REFERENCE)
}

/// `-ln` of the two-sided tail probability of a standard normal deviate, capped.
fn length_cost(la: usize, lb: usize, ratio: f64) -> f64 {
    let (la, lb) = (la as f64, lb as f64);
    let mean = (la + lb / ratio) / 2.0;
    let delta = (lb - la * ratio) / (mean.max(1.0) * LENGTH_VARIANCE).sqrt();
    let tail = 2.0 * (1.0 - normal_cdf(delta.abs()));
    (-tail.max(f64::MIN_POSITIVE).ln()).min(MAX_LENGTH_COST)
}

/// The standard normal distribution function (Abramowitz and Stegun 26.2.17, error < 7.5e-8).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let upper = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 {
        1.0 - upper
    } else {
        upper
    }
}

/// How much the weakest paragraph of a merge shares with the one paragraph on the other side,
/// relative to its own best one-to-one match, 0..=1: `shared` holds each merged paragraph's
/// similarity with that paragraph and `best` its best match (indexed alike). The moves merge
/// on one side only, so these are all one-to-one similarities the aligner has at hand.
fn weakest_member(shared: impl Iterator<Item = f64>, best: &[f64]) -> f64 {
    shared
        .zip(best)
        .map(|(s, b)| (s / b.max(MIN_REFERENCE)).min(1.0))
        .fold(1.0, f64::min)
}

/// Aligns two versions paragraph by paragraph; the beads cover every paragraph of both once,
/// in order.
pub fn align_pair(a: &AlignVersion, b: &AlignVersion) -> Vec<Bead> {
    let pa = prepare(&a.paragraphs, a.lang);
    let pb = prepare(&b.paragraphs, b.lang);
    align_prepared(&pa, &pb, expansion(b.lang) / expansion(a.lang))
}

/// The moves of the alignment, as (paragraphs of a, paragraphs of b).
const MOVES: [(usize, usize); 7] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3)];

/// Aligns two prepared versions: their paragraphs, each printed once, then each paragraph's
/// lines. A paragraph printed twice is aligned at one of its places and its copies join that
/// link; which place fits the other version's order is not known in advance (a lead printed
/// again below a photo, a block printed twice), so the first and the last copies are both
/// tried and the cheaper alignment kept.
fn align_prepared(a: &Prepared, b: &Prepared, ratio: f64) -> Vec<Bead> {
    let lines = |ps: &[Para], at: &[usize]| -> Vec<usize> {
        at.iter().flat_map(|&k| ps[k].lines.clone()).collect()
    };
    let copies = a
        .paragraphs
        .iter()
        .chain(&b.paragraphs)
        .any(|p| p.copy_of.is_some());
    let keeps: &[KeptCopy] = if copies {
        &[KeptCopy::First, KeptCopy::Last]
    } else {
        &[KeptCopy::First]
    };
    let (beads, _) = keeps
        .iter()
        .map(|&keep| {
            let (ca, cb) = (
                Collapsed::of(&a.paragraphs, keep),
                Collapsed::of(&b.paragraphs, keep),
            );
            let (beads, cost) = align_paragraphs(&ca.kept, &cb.kept, ratio);
            let beads: Vec<Bead> = beads
                .into_iter()
                .map(|bead| Bead {
                    a: ca.expand(&bead.a),
                    b: cb.expand(&bead.b),
                })
                .collect();
            (beads, cost)
        })
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .expect("at least one way of keeping copies");
    beads
        .into_iter()
        .map(|bead| Bead {
            a: lines(&a.paragraphs, &bead.a),
            b: lines(&b.paragraphs, &bead.b),
        })
        .collect()
}

/// Which copy of a paragraph printed more than once takes part in the alignment.
#[derive(Clone, Copy)]
enum KeptCopy {
    First,
    Last,
}

/// One version's paragraphs with each paragraph printed more than once kept once.
struct Collapsed {
    /// The paragraphs the alignment sees.
    kept: Vec<Para>,
    /// For each kept paragraph, the indices of it and of its copies, in order.
    members: Vec<Vec<usize>>,
}

impl Collapsed {
    fn of(paragraphs: &[Para], keep: KeptCopy) -> Collapsed {
        let group = |k: usize| paragraphs[k].copy_of.unwrap_or(k);
        let mut chosen: HashMap<usize, usize> = HashMap::new();
        for k in 0..paragraphs.len() {
            let at = chosen.entry(group(k)).or_insert(k);
            if matches!(keep, KeptCopy::Last) {
                *at = k;
            }
        }
        let mut slot: HashMap<usize, usize> = HashMap::new();
        let mut kept = Vec::new();
        for (k, paragraph) in paragraphs.iter().enumerate() {
            if chosen[&group(k)] == k {
                slot.insert(group(k), kept.len());
                kept.push(paragraph.clone());
            }
        }
        let mut members = vec![Vec::new(); kept.len()];
        for k in 0..paragraphs.len() {
            members[slot[&group(k)]].push(k);
        }
        Collapsed { kept, members }
    }

    /// The paragraphs of the version that kept paragraphs `at` stand for.
    fn expand(&self, at: &[usize]) -> Vec<usize> {
        let mut all: Vec<usize> = at
            .iter()
            .flat_map(|&k| self.members[k].iter().copied())
            .collect();
        all.sort_unstable();
        all
    }
}

/// The dynamic programme over the moves: beads of paragraph indices of `pa` and `pb`, and
/// their cost.
fn align_paragraphs(pa: &[Para], pb: &[Para], ratio: f64) -> (Vec<Bead>, f64) {
    let (n, m) = (pa.len(), pb.len());
    let weights = Weights::of(pa, pb);
    // One-to-one similarities are needed by the levels and by most moves: computed once.
    let single: Vec<Vec<f64>> = pa
        .iter()
        .map(|p| {
            pb.iter()
                .map(|q| similarity(&[p], &[q], &weights))
                .collect()
        })
        .collect();
    let reference = reference_similarity(&single);
    // Each paragraph's best one-to-one match: a paragraph that shares little with every
    // paragraph of the other text (a Vietnamese one the glossary covers thinly) is judged
    // against its own best, so that its true counterpart still counts as similar.
    let best_a: Vec<f64> = single
        .iter()
        .map(|row| row.iter().copied().fold(0.0, f64::max))
        .collect();
    let best_b: Vec<f64> = (0..m)
        .map(|j| single.iter().map(|row| row[j]).fold(0.0, f64::max))
        .collect();
    // cost[i][j]: the cheapest alignment of the first i paragraphs of a and j of b;
    // back[i][j]: the move that reached it.
    let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
    let mut back = vec![vec![(0usize, 0usize); m + 1]; n + 1];
    cost[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            for (di, dj) in MOVES {
                if di > i || dj > j || !cost[i - di][j - dj].is_finite() {
                    continue;
                }
                let step = if di == 0 || dj == 0 {
                    SKIP_COST
                } else {
                    let ga: Vec<&Para> = pa[i - di..i].iter().collect();
                    let gb: Vec<&Para> = pb[j - dj..j].iter().collect();
                    // A paragraph that repeats the one before it, or a credit line whose
                    // counterpart is glued to the other side's paragraph, is no move of its
                    // own: such a group costs the prior of its other members.
                    let joins = |p: &Para, other: &[&Para]| {
                        p.repeats || (p.credit && matches!(other, [one] if one.ends_credit))
                    };
                    let fresh = |group: &[&Para], other: &[&Para]| {
                        group
                            .iter()
                            .enumerate()
                            .filter(|(at, p)| *at == 0 || !joins(p, other))
                            .count()
                    };
                    // A repeated paragraph's length is its first copy's.
                    let length = |group: &[&Para]| -> usize {
                        group
                            .iter()
                            .enumerate()
                            .filter(|(at, p)| *at == 0 || !p.repeats)
                            .map(|(_, p)| p.chars)
                            .sum()
                    };
                    let (ka, kb) = (fresh(&ga, &gb), fresh(&gb, &ga));
                    let mut la = length(&ga);
                    let mut lb = length(&gb);
                    // A text may be an opening cut mid-paragraph: its last paragraph can
                    // be shorter than its counterpart, never longer for that reason.
                    if i == n {
                        la = la.max((lb as f64 / ratio) as usize);
                    }
                    if j == m {
                        lb = lb.max((la as f64 * ratio) as usize);
                    }
                    let (prior, raw, weakest) = if di == 1 && dj == 1 {
                        (0.0, single[i - 1][j - 1], 1.0)
                    } else {
                        let prior = if ka + kb == 2 {
                            0.0
                        } else if ka + kb == 3 {
                            MERGE_PRIOR
                        } else {
                            WIDE_MERGE_PRIOR
                        };
                        // A member that joins the one before it is judged with it, not alone.
                        let judged = |k: usize, first: usize, p: &Para, shared: f64, best: f64| {
                            let other = if di > 1 { &gb } else { &ga };
                            if k > first && joins(p, other) {
                                best
                            } else {
                                shared
                            }
                        };
                        let weakest = if di > 1 {
                            weakest_member(
                                (i - di..i).map(|k| {
                                    judged(k, i - di, &pa[k], single[k][j - 1], best_a[k])
                                }),
                                &best_a[i - di..i],
                            )
                        } else {
                            weakest_member(
                                (j - dj..j).map(|k| {
                                    judged(k, j - dj, &pb[k], single[i - 1][k], best_b[k])
                                }),
                                &best_b[j - dj..j],
                            )
                        };
                        (prior, similarity(&ga, &gb, &weights), weakest)
                    };
                    let own = best_a[i - di..i]
                        .iter()
                        .chain(&best_b[j - dj..j])
                        .copied()
                        .fold(0.0, f64::max)
                        .max(MIN_REFERENCE);
                    let level = (1.0 - OWN_LEVEL_SHARE) * reference + OWN_LEVEL_SHARE * own;
                    let similar = (raw / level).min(1.0);
                    prior
                        + MEMBER_WEIGHT * (1.0 - weakest)
                        + length_cost(la, lb, ratio)
                        + CONTENT_WEIGHT * (1.0 - similar)
                };
                let total = cost[i - di][j - dj] + step;
                if total < cost[i][j] {
                    cost[i][j] = total;
                    back[i][j] = (di, dj);
                }
            }
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (di, dj) = back[i][j];
        beads.push(Bead {
            a: (i - di..i).collect(),
            b: (j - dj..j).collect(),
        });
        i -= di;
        j -= dj;
    }
    beads.reverse();
    (beads, cost[n][m])
}

/// Aligns the versions of a story: each against the first (the pivot), merged into rows in
/// story order. A row marks whether every version has its content and which anchors differ.
pub fn align_versions(versions: &[AlignVersion]) -> Alignment {
    let Some(pivot) = versions.first() else {
        return Alignment::default();
    };
    let prepared: Vec<Prepared> = versions
        .iter()
        .map(|v| prepare(&v.paragraphs, v.lang))
        .collect();
    let others: Vec<Vec<Bead>> = (1..versions.len())
        .map(|k| {
            let ratio = expansion(versions[k].lang) / expansion(pivot.lang);
            align_prepared(&prepared[0], &prepared[k], ratio)
        })
        .collect();
    let rows = merge_rows(pivot.paragraphs.len(), &others);
    let rows = rows
        .into_iter()
        .map(|cells| {
            let status = if cells[0].is_empty() {
                RowStatus::Added
            } else if cells.iter().any(Vec::is_empty) {
                RowStatus::Dropped
            } else {
                RowStatus::All
            };
            let differences = differences(&cells, &prepared);
            AlignedRow {
                cells,
                status,
                differences,
            }
        })
        .collect();
    Alignment { rows }
}

/// Where a row sorts: (position, version that added it or 0, order of appearance).
type RowKey = (usize, usize, usize);
/// Paragraph indices of each version in one row.
type Cells = Vec<Vec<usize>>;

/// Rows from the pairwise beads of each other version against the pivot (which has
/// `pivot_len` paragraphs): pivot paragraphs that any version links together share a row;
/// paragraphs another version added get rows of their own after the pivot row that precedes
/// them (or inside it, when they fall between two pivot paragraphs of one row).
fn merge_rows(pivot_len: usize, others: &[Vec<Bead>]) -> Vec<Cells> {
    let versions = others.len() + 1;
    // Pivot paragraphs that any version's bead joins share a row (neighbours, or a paragraph
    // and its copies printed further down); a row's root is its first paragraph.
    let mut joined = UnionFind::new(pivot_len);
    for bead in others.iter().flatten() {
        for &p in bead.a.iter().skip(1) {
            joined.union(bead.a[0], p);
        }
    }
    // Rows keyed for sorting: pivot row r at 2r + 2, additions after it at 2r + 3, additions
    // before every pivot paragraph at 1; then by version and order of appearance.
    let mut row_of = vec![0usize; pivot_len];
    let mut rows: Vec<(RowKey, Cells)> = Vec::new();
    for p in 0..pivot_len {
        let r = joined.find(p);
        if r == p {
            row_of[p] = rows.len();
            rows.push(((2 * rows.len() + 2, 0, 0), vec![Vec::new(); versions]));
        } else {
            row_of[p] = row_of[r];
        }
        rows[row_of[p]].1[0].push(p);
    }
    for (k, beads) in others.iter().enumerate() {
        let mut last_row: Option<usize> = None;
        let mut pending: Vec<usize> = Vec::new();
        let flush = |pending: &mut Vec<usize>, last_row: Option<usize>, rows: &mut Vec<_>| {
            if !pending.is_empty() {
                let mut cells = vec![Vec::new(); versions];
                cells[k + 1] = std::mem::take(pending);
                let position = last_row.map_or(1, |r| 2 * r + 3);
                rows.push(((position, k + 1, rows.len()), cells));
            }
        };
        for bead in beads {
            match bead.a.first() {
                None => pending.extend(&bead.b),
                Some(&first) => {
                    let row = row_of[first];
                    if last_row == Some(row) {
                        // Added between two pivot paragraphs of one row: part of that row.
                        rows[row].1[k + 1].append(&mut pending);
                    } else {
                        flush(&mut pending, last_row, &mut rows);
                    }
                    rows[row].1[k + 1].extend(&bead.b);
                    last_row = Some(row);
                }
            }
        }
        flush(&mut pending, last_row, &mut rows);
    }
    rows.sort_by_key(|(key, _)| *key);
    rows.into_iter().map(|(_, cells)| cells).collect()
}

/// The anchors that differ between the versions present in a row.
fn differences(cells: &[Vec<usize>], prepared: &[Prepared]) -> Vec<AnchorDifference> {
    let present: Vec<usize> = (0..cells.len()).filter(|&k| !cells[k].is_empty()).collect();
    if present.len() < 2 {
        return Vec::new();
    }
    // Each version's anchors in the row, first surface per value, in order.
    let mut per_version: Vec<Vec<(AnchorKind, String, String)>> = vec![Vec::new(); cells.len()];
    for &k in &present {
        for &p in &cells[k] {
            for anchor in &prepared[k].lines[p].anchors {
                if !per_version[k]
                    .iter()
                    .any(|(kind, value, _)| *kind == anchor.kind && *value == anchor.value)
                {
                    per_version[k].push((
                        anchor.kind,
                        anchor.value.clone(),
                        anchor.surface.clone(),
                    ));
                }
            }
        }
    }
    // A date without a year stands for the same day with the year another version gives.
    let full_dates: Vec<String> = per_version
        .iter()
        .flatten()
        .filter(|(kind, value, _)| *kind == AnchorKind::Date && value.len() > 5)
        .map(|(_, value, _)| value.clone())
        .collect();
    for list in &mut per_version {
        for (kind, value, _) in list.iter_mut() {
            if *kind == AnchorKind::Date && value.len() == 5 {
                if let Some(full) = full_dates.iter().find(|f| f.ends_with(value.as_str())) {
                    *value = full.clone();
                }
            }
        }
    }
    // One entry per distinct value, with its surface in each version that has it.
    let mut entries: Vec<(AnchorKind, Vec<Option<String>>)> = Vec::new();
    let mut seen: Vec<(AnchorKind, String)> = Vec::new();
    for &k in &present {
        for (kind, value, _) in &per_version[k] {
            if seen.iter().any(|(sk, sv)| sk == kind && sv == value) {
                continue;
            }
            seen.push((*kind, value.clone()));
            let values: Vec<Option<String>> = (0..cells.len())
                .map(|v| {
                    per_version[v]
                        .iter()
                        .find(|(vk, vv, _)| vk == kind && vv == value)
                        .map(|(_, _, surface)| surface.clone())
                })
                .collect();
            if present.iter().any(|&v| values[v].is_none()) {
                entries.push((*kind, values));
            }
        }
    }
    // A value in some versions and another value of the same kind in the others is one
    // change, not two facts each missing somewhere: pair them in order of appearance.
    let mut out: Vec<AnchorDifference> = Vec::new();
    let mut used = vec![false; entries.len()];
    for i in 0..entries.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let (kind, mut values) = entries[i].clone();
        for j in i + 1..entries.len() {
            let disjoint = entries[j].0 == kind
                && values
                    .iter()
                    .zip(&entries[j].1)
                    .all(|(x, y)| x.is_none() || y.is_none());
            if !used[j] && disjoint {
                for (x, y) in values.iter_mut().zip(&entries[j].1) {
                    if x.is_none() {
                        x.clone_from(y);
                    }
                }
                used[j] = true;
                if present.iter().all(|&v| values[v].is_some()) {
                    break;
                }
            }
        }
        out.push(AnchorDifference {
            kind: kind.prefix(),
            values,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: [&str; 4] = [
        "On October 15, General Secretary To Lam chaired the conference on science and \
         technology with National Assembly Chairman Tran Thanh Man.",
        "The steering committee assigned 1,132 tasks to ministries and provinces; 485 were \
         completed and 561 are under way.",
        "Agencies received 12.7 million online applications for public services, 73.5% of the \
         total.",
        "The deadline for Resolution 57-NQ/TW is March 31, 2026, the committee said.",
    ];
    const FR: [&str; 4] = [
        "Le 15 octobre, le secrétaire général To Lam a présidé la conférence sur la science et \
         la technologie avec le président de l'Assemblée nationale Tran Thanh Man.",
        "Le comité directeur a attribué 1 132 tâches aux ministères et aux provinces ; 485 ont \
         été accomplies et 561 sont en cours.",
        "Les administrations ont reçu 12,7 millions de demandes en ligne pour les services \
         publics, soit 73,5 % du total.",
        "L'échéance de la résolution 57-NQ/TW est le 31 mars 2026, a indiqué le comité.",
    ];

    fn version<'a>(lang: Lang, paragraphs: &[&'a str]) -> AlignVersion<'a> {
        AlignVersion {
            lang,
            paragraphs: paragraphs.to_vec(),
        }
    }

    fn pairs(beads: &[Bead]) -> Vec<(Vec<usize>, Vec<usize>)> {
        beads.iter().map(|b| (b.a.clone(), b.b.clone())).collect()
    }

    #[test]
    fn paragraphs_are_non_empty_lines() {
        assert_eq!(paragraphs("a\n\n  b  \r\n\nc"), ["a", "b", "c"]);
        assert!(paragraphs("  \n\n").is_empty());
    }

    #[test]
    fn translated_paragraphs_align_one_to_one() {
        let beads = align_pair(&version(Lang::En, &EN), &version(Lang::Fr, &FR));
        let want: Vec<_> = (0..4).map(|i| (vec![i], vec![i])).collect();
        assert_eq!(pairs(&beads), want);
        let all = align_versions(&[version(Lang::En, &EN), version(Lang::Fr, &FR)]);
        assert!(
            all.rows
                .iter()
                .all(|r| r.status == RowStatus::All && r.differences.is_empty()),
            "{all:#?}"
        );
    }

    #[test]
    fn a_removed_paragraph_is_a_one_to_zero_row() {
        let fr = [FR[0], FR[1], FR[3]];
        let beads = align_pair(&version(Lang::En, &EN), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0]),
                (vec![1], vec![1]),
                (vec![2], vec![]),
                (vec![3], vec![2])
            ]
        );
        let all = align_versions(&[version(Lang::En, &EN), version(Lang::Fr, &fr)]);
        let statuses: Vec<_> = all.rows.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [
                RowStatus::All,
                RowStatus::All,
                RowStatus::Dropped,
                RowStatus::All
            ]
        );
        // Seen from the shorter version, the same paragraph was added.
        let all = align_versions(&[version(Lang::Fr, &fr), version(Lang::En, &EN)]);
        assert_eq!(all.rows[2].status, RowStatus::Added);
        assert_eq!(all.rows[2].cells, [vec![], vec![2]]);
    }

    #[test]
    fn a_changed_number_is_reported_with_both_values() {
        let changed = FR[1].replace("561", "516");
        let fr = [FR[0], changed.as_str(), FR[2], FR[3]];
        let all = align_versions(&[version(Lang::En, &EN), version(Lang::Fr, &fr)]);
        assert_eq!(all.rows.len(), 4);
        assert_eq!(
            all.rows[1].differences,
            [AnchorDifference {
                kind: "num",
                values: vec![Some("561".into()), Some("516".into())],
            }]
        );
        for k in [0, 2, 3] {
            assert!(all.rows[k].differences.is_empty(), "{:#?}", all.rows[k]);
        }
    }

    #[test]
    fn a_fact_missing_in_one_version_is_reported_as_absent() {
        let cut = FR[2].replace(", soit 73,5 % du total", "");
        let fr = [FR[0], FR[1], cut.as_str(), FR[3]];
        let all = align_versions(&[version(Lang::En, &EN), version(Lang::Fr, &fr)]);
        assert_eq!(
            all.rows[2].differences,
            [AnchorDifference {
                kind: "num",
                values: vec![Some("73.5".into()), None],
            }]
        );
    }

    #[test]
    fn a_merged_paragraph_aligns_two_to_one() {
        let merged = format!("{} {}", FR[1], FR[2]);
        let fr = [FR[0], merged.as_str(), FR[3]];
        let beads = align_pair(&version(Lang::En, &EN), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![3], vec![2])
            ]
        );
    }

    #[test]
    fn three_paragraphs_folded_into_one_align_three_to_one() {
        let merged = format!("{} {} {}", FR[0], FR[1], FR[2]);
        let fr = [merged.as_str(), FR[3]];
        let beads = align_pair(&version(Lang::En, &EN), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [(vec![0, 1, 2], vec![0]), (vec![3], vec![1])]
        );
    }

    #[test]
    fn a_merge_is_as_strong_as_its_weakest_paragraph() {
        let caption = "Photo: Nguyen Khang/VNA";
        let (pa, pb): (Vec<Para>, Vec<Para>) = (
            [EN[1], EN[2], caption]
                .iter()
                .enumerate()
                .map(|(at, p)| Para::of(at, p, Lang::En))
                .collect(),
            FR.iter()
                .enumerate()
                .map(|(at, p)| Para::of(at, p, Lang::Fr))
                .collect(),
        );
        let weights = Weights::of(&pa, &pb);
        let best: Vec<f64> = pa
            .iter()
            .map(|p| {
                pb.iter()
                    .map(|q| similarity(&[p], &[q], &weights))
                    .fold(0.0, f64::max)
            })
            .collect();
        let merged = format!("{} {}", FR[1], FR[2]);
        let whole = Para::of(0, &merged, Lang::Fr);
        let shared = |group: &[&Para]| -> Vec<f64> {
            group
                .iter()
                .map(|p| similarity(&[p], &[&whole], &weights))
                .collect()
        };
        let both = weakest_member(shared(&[&pa[0], &pa[1]]).into_iter(), &best[..2]);
        let with_caption =
            weakest_member(shared(&[&pa[0], &pa[2]]).into_iter(), &[best[0], best[2]]);
        assert!(both > 0.4, "{both}");
        assert!(with_caption < 0.2, "{with_caption}");
    }

    #[test]
    fn a_caption_printed_twice_aligns_with_its_one_translation() {
        let en_caption = "Delegates at the science conference in Hanoi on October 15. Photo: VNA";
        let fr_caption = "Des délégués à la conférence sur la science à Hanoï le 15 octobre. \
                          Photo : VNA";
        let en = [EN[0], en_caption, en_caption, EN[1], EN[2]];
        let fr = [FR[0], fr_caption, FR[1], FR[2]];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![3], vec![2]),
                (vec![4], vec![3])
            ]
        );
    }

    #[test]
    fn a_block_printed_twice_joins_the_links_of_its_first_copy() {
        let en = [EN[0], EN[1], EN[2], EN[0], EN[1], EN[3]];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &FR));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0, 3], vec![0]),
                (vec![1, 4], vec![1]),
                (vec![2], vec![2]),
                (vec![5], vec![3])
            ]
        );
    }

    #[test]
    fn a_paragraph_printed_again_above_is_aligned_where_its_order_fits() {
        // A page that prints a later paragraph as its lead too: only its second place keeps
        // the order of the translation.
        let en = [EN[2], EN[0], EN[1], EN[2], EN[3]];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &FR));
        assert_eq!(
            pairs(&beads),
            [
                (vec![1], vec![0]),
                (vec![2], vec![1]),
                (vec![0, 3], vec![2]),
                (vec![4], vec![3])
            ]
        );
        // The pivot's copies share one row, which no other paragraph splits.
        let rows = align_versions(&[version(Lang::En, &en), version(Lang::Fr, &FR)]).rows;
        let cells: Vec<Vec<Vec<usize>>> = rows.into_iter().map(|r| r.cells).collect();
        assert_eq!(
            cells,
            [
                vec![vec![0, 3], vec![2]],
                vec![vec![1], vec![0]],
                vec![vec![2], vec![1]],
                vec![vec![4], vec![3]]
            ]
        );
    }

    #[test]
    fn a_copy_is_a_long_paragraph_printed_again_further_down() {
        let lines = [
            "Photo: VNA",
            EN[0],
            "Photo: VNA",
            EN[0],
            EN[0],
            EN[1],
            EN[1],
        ];
        let prepared = prepare(&lines, Lang::En);
        let copies: Vec<Option<usize>> = prepared.paragraphs.iter().map(|p| p.copy_of).collect();
        assert_eq!(copies, [None, None, None, Some(1), Some(1), None, None]);
        let repeats: Vec<bool> = prepared.paragraphs.iter().map(|p| p.repeats).collect();
        assert_eq!(repeats, [false, false, false, false, false, false, true]);
    }

    #[test]
    fn a_sentence_broken_at_its_quote_aligns_with_the_unbroken_translation() {
        // The French page puts the quoted end of the sentence on a line of its own.
        let fr = [
            FR[0],
            "Le comité directeur a attribué 1 132 tâches aux ministères et aux provinces ; 485 \
             ont été accomplies et 561 sont",
            "« en cours ».",
            FR[2],
            FR[3],
        ];
        let beads = align_pair(&version(Lang::En, &EN), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0]),
                (vec![1], vec![1, 2]),
                (vec![2], vec![3]),
                (vec![3], vec![4])
            ]
        );
    }

    #[test]
    fn a_line_continues_when_it_starts_in_lower_case_or_follows_a_dateline() {
        let before = "The party said he was guilty of";
        assert!(continues(before, "\"violations and shortcomings\","));
        assert!(continues(before, "« et la démission » a été acceptée."));
        assert!(continues("PARIS –", "A balloon rose over the Seine."));
        assert!(continues("HANOI -", "Rain fell all night."));
        assert!(!continues(before, "Photo: VNA"));
        assert!(!continues(before, "1,132 tasks were assigned."));
        assert!(!continues(before, "Lễ đón Tổng thống Pháp"));
        assert!(!continues(before, ""));
    }

    #[test]
    fn a_dateline_on_its_own_line_aligns_with_the_paragraph_it_opens() {
        let en0 = format!("HANOI – {}", EN[0]);
        let en = [en0.as_str(), EN[1], EN[2], EN[3]];
        let fr = ["HANOÏ –", FR[0], FR[1], FR[2], FR[3]];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &fr));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0, 1]),
                (vec![1], vec![2]),
                (vec![2], vec![3]),
                (vec![3], vec![4])
            ]
        );
    }

    #[test]
    fn credit_lines_and_glued_credits_are_told_apart_from_captions() {
        for credit in ["(TTXVN/Báo Tin tức)", "VNA", "– AFP", "(AP)"] {
            assert!(is_credit(credit), "{credit}");
        }
        for line in ["Photo: VNA", "Hà Nội", "Vietnam", "A", ""] {
            assert!(!is_credit(line), "{line}");
        }
        for text in [
            "The funeral will be held on July 25. – VNA/VI",
            "Les obsèques auront lieu le 25 juillet (AFP).",
            "The funeral will be held on July 25 - REUTERS",
        ] {
            assert!(ends_with_credit(text), "{text}");
        }
        for text in [
            "The funeral will be held on July 25.",
            "Delegates in Hanoi (Photo: VNA)",
            "The talks – held in Hanoi – went well.",
        ] {
            assert!(!ends_with_credit(text), "{text}");
        }
    }

    #[test]
    fn a_credit_line_joins_the_paragraph_whose_translation_glues_it() {
        let en = [EN[0], EN[1], EN[2], EN[3], "(VNA)"];
        let glued = format!("{} – VNA/CVN", FR[3]);
        let fr = [FR[0], FR[1], FR[2], glued.as_str()];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &fr));
        assert_eq!(pairs(&beads).last(), Some(&(vec![3, 4], vec![3])));
        // Where the translation has no credit, the credit line is the English page's own.
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &FR));
        assert_eq!(pairs(&beads).last(), Some(&(vec![4], vec![])));
    }

    #[test]
    fn a_caption_between_paragraphs_is_not_merged_into_them() {
        let caption = "Photo: Nguyen Khang/VNA";
        let en = [EN[0], EN[1], caption, EN[2], EN[3]];
        let beads = align_pair(&version(Lang::En, &en), &version(Lang::Fr, &FR));
        assert_eq!(
            pairs(&beads),
            [
                (vec![0], vec![0]),
                (vec![1], vec![1]),
                (vec![2], vec![]),
                (vec![3], vec![2]),
                (vec![4], vec![3])
            ]
        );
    }

    #[test]
    fn three_versions_share_rows_and_additions_get_their_own() {
        let extra = "Ceci est un paragraphe ajouté sur la météo de Hanoï, sans rapport aucun.";
        let fr = [FR[0], FR[1], extra, FR[2], FR[3]];
        let en_short = [EN[0], EN[1], EN[3]];
        let all = align_versions(&[
            version(Lang::En, &EN),
            version(Lang::Fr, &fr),
            version(Lang::En, &en_short),
        ]);
        let cells: Vec<_> = all.rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(
            cells,
            [
                vec![vec![0], vec![0], vec![0]],
                vec![vec![1], vec![1], vec![1]],
                vec![vec![], vec![2], vec![]],
                vec![vec![2], vec![3], vec![]],
                vec![vec![3], vec![4], vec![2]],
            ]
        );
        let statuses: Vec<_> = all.rows.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [
                RowStatus::All,
                RowStatus::All,
                RowStatus::Added,
                RowStatus::Dropped,
                RowStatus::All
            ]
        );
    }

    #[test]
    fn empty_inputs_give_empty_or_one_sided_alignments() {
        assert!(align_versions(&[]).rows.is_empty());
        let empty = version(Lang::En, &[]);
        assert!(align_pair(&empty, &empty).is_empty());
        let beads = align_pair(&empty, &version(Lang::Fr, &FR[..2]));
        assert_eq!(pairs(&beads), [(vec![], vec![0]), (vec![], vec![1])]);
        let all = align_versions(&[version(Lang::Fr, &FR[..1]), empty]);
        assert_eq!(all.rows.len(), 1);
        assert_eq!(all.rows[0].status, RowStatus::Dropped);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// Any paragraphs give beads that cover every line once, in order, with moves of
            /// at most three paragraphs on one side and one on the other (or 1-0, 0-1); rows
            /// cover every line once too.
            #[test]
            fn alignments_cover_every_paragraph_in_order(
                a in proptest::collection::vec("[a-zA-Z0-9 ,.]{0,40}", 0..7)
                    .prop_map(|mut a| { if a.len() > 2 && a[0].len() > 30 { a.push(a[0].clone()); } a }),
                b in proptest::collection::vec("[a-zA-Z0-9 ,.éđ]{0,40}", 0..7),
                c in proptest::collection::vec("[a-z0-9 ]{0,30}", 0..4),
            ) {
                let va = AlignVersion { lang: Lang::En, paragraphs: a.iter().map(String::as_str).collect() };
                let vb = AlignVersion { lang: Lang::Vi, paragraphs: b.iter().map(String::as_str).collect() };
                let vc = AlignVersion { lang: Lang::Fr, paragraphs: c.iter().map(String::as_str).collect() };
                let beads = align_pair(&va, &vb);
                // A paragraph printed twice joins the link of its other copy: every line
                // is in one link, the links in order of their first line.
                let sorted = |mut v: Vec<usize>| { v.sort_unstable(); v };
                let flat_a = sorted(beads.iter().flat_map(|x| x.a.clone()).collect());
                let flat_b = sorted(beads.iter().flat_map(|x| x.b.clone()).collect());
                prop_assert_eq!(flat_a, (0..a.len()).collect::<Vec<_>>());
                prop_assert_eq!(flat_b, (0..b.len()).collect::<Vec<_>>());
                prop_assert!(beads.iter().all(|x| x.a.len() + x.b.len() >= 1));
                // Lines a page broke inside one paragraph count as one in the moves.
                let (pa, pb) = (prepare(&va.paragraphs, va.lang), prepare(&vb.paragraphs, vb.lang));
                let (moves, _) = align_paragraphs(&pa.paragraphs, &pb.paragraphs, 1.0);
                prop_assert!(moves.iter().all(|x| x.a.len().max(x.b.len()) <= 3
                    && x.a.len().min(x.b.len()) <= 1 && x.a.len() + x.b.len() >= 1));
                let all = align_versions(&[va, vb, vc]);
                for (k, len) in [a.len(), b.len(), c.len()].into_iter().enumerate() {
                    let flat = sorted(all.rows.iter().flat_map(|r| r.cells[k].clone()).collect());
                    prop_assert_eq!(flat, (0..len).collect::<Vec<_>>());
                }
            }
        }
    }
}
