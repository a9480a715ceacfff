//! Copies: the same text in one language at several addresses (reprints, AMP pages, mirrors,
//! a dispatch printed by ten papers). They are found first, from the articles' sketches, and
//! grouped into families; only one member of each family (its first) goes on to meet the
//! other articles through their anchors. A story printed 120 times therefore still meets its
//! translations: its anchors are not drowned by its own copies.

use crate::content::{containment, Sketched};
use crate::members::{Member, Members};
use crate::score::{self, PairEvidence, MAX_DAYS_APART};
use crate::stories::UnionFind;
use newsindex_core::Relation;
use rayon::prelude::*;

/// Smallest sketch hashes of an article used to find its copies: two texts that share half
/// their word triples share one of their eight smallest hashes with near certainty.
pub(crate) const KEYS: usize = 8;

/// Following articles of one key's list an article is compared with: bounds the work when a
/// key is common (a stock phrase) or a text has hundreds of copies (each copy still meets
/// the next ones, and families close transitively).
pub(crate) const NEIGHBOURS: usize = 16;

/// Holders beyond which a sketch key proposes no copies: a word triple among the smallest
/// hashes of more than a thousand articles is a stock phrase (a credit line, a formula of
/// the wire service), not a sign of copying, as an anchor held by more than
/// [`crate::WINDOW_CAP`] articles of one window names a topic, not a story. A text printed a
/// hundred times still meets its copies. Without it the work of finding copies grew with the
/// corpus wherever sentences repeat: at a million generated articles, drawn from a few
/// thousand sentences, every key was held by thousands.
pub(crate) const MAX_KEY_HOLDERS: usize = 1_000;

/// Same-language pairs whose texts are copies, each once as `(a, b, evidence)`, and for each
/// article the head of its family of copies (itself when it has none).
pub(crate) fn find(
    members: &Members,
    days: &[Option<i64>],
    stats: &crate::CorpusStats,
    norms: &[f64],
) -> (Vec<(u32, u32, PairEvidence)>, Vec<u32>) {
    // Lists hold articles in id order, so the pairs compared do not depend on the order in
    // which articles were read. They are kept flat, as (key, rank in id order) sorted: a map
    // of a list per key would cost a table entry and an allocation for each of the article's
    // keys, nearly all of them held by that article alone.
    let by_id = id_order(members);
    let mut rank = vec![0u32; members.len()];
    for (r, &index) in by_id.iter().enumerate() {
        rank[index as usize] = r as u32;
    }
    let mut lists: Vec<(u32, u32)> = by_id
        .iter()
        .flat_map(|&index| {
            let r = rank[index as usize];
            let sketch = members.get(index as usize).prepared.content.sketch;
            sketch.iter().take(KEYS).map(move |&key| (key, r))
        })
        .collect();
    lists.par_sort_unstable();
    // Each key's holders are read once, together, and each meets the next ones of the run
    // there: read partner by partner instead, a million articles' sketches were some ninety
    // reads each from all over memory. A pair sharing several keys is proposed once per key.
    let mut plausible: Vec<(u32, u32)> = lists
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|run| proposes_copies(run.len()))
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|run| plausible_in_run(run, &by_id, members, days))
        .collect();
    plausible.par_sort_unstable();
    plausible.dedup();
    let found: Vec<(u32, u32, PairEvidence)> = plausible
        .into_par_iter()
        .filter_map(|(ra, rb)| {
            let (a, b) = (by_id[ra as usize] as usize, by_id[rb as usize] as usize);
            let e = scored_copy(
                [&members.get(a), &members.get(b)],
                stats,
                [norms[a], norms[b]],
            )?;
            Some((a as u32, b as u32, e))
        })
        .collect();
    // The head of each family is its member with the smallest id, whatever the order of
    // reading.
    let heads = heads_by_rank(
        members.len(),
        found
            .iter()
            .map(|(a, b, _)| (rank[*a as usize], rank[*b as usize])),
    );
    let heads = (0..members.len())
        .map(|i| by_id[heads[rank[i] as usize] as usize])
        .collect();
    (found, heads)
}

/// The pairs of one key's run of holders (`(key, rank)` entries in rank order) that may be
/// copies, as `(rank, rank)`: each holder with the [`NEIGHBOURS`] after it.
fn plausible_in_run(
    run: &[(u32, u32)],
    by_id: &[u32],
    members: &Members,
    days: &[Option<i64>],
) -> Vec<(u32, u32)> {
    let holders: Vec<_> = run
        .iter()
        .map(|&(_, r)| {
            let index = by_id[r as usize] as usize;
            let lang = members.meta(index).lang;
            (r, lang, days[index], members.sketch(index))
        })
        .collect();
    neighbour_pairs(&holders, |(_, lang_a, day_a, a), (_, lang_b, day_b, b)| {
        plausible_copies([*lang_a, *lang_b], [*day_a, *day_b], a, b)
    })
    .into_iter()
    .map(|(x, y)| (holders[x].0, holders[y].0))
    .collect()
}

/// Whether a key held by this many articles proposes copies: two at least, and no stock
/// phrase (see [`MAX_KEY_HOLDERS`]).
pub(crate) fn proposes_copies(holders: usize) -> bool {
    (2..=MAX_KEY_HOLDERS).contains(&holders)
}

/// The positions of the pairs of one key's holders (in id order) that `may_copy` lets
/// through: each holder with the [`NEIGHBOURS`] after it. The rule of the single linker and
/// of the distributed steps alike.
pub(crate) fn neighbour_pairs<H>(
    holders: &[H],
    may_copy: impl Fn(&H, &H) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (x, a) in holders.iter().enumerate() {
        for (y, b) in holders.iter().enumerate().skip(x + 1).take(NEIGHBOURS) {
            if may_copy(a, b) {
                pairs.push((x, y));
            }
        }
    }
    pairs
}

/// The evidence of a pair proposed as copies (`a` proposing `b`, publication `days`), when
/// it is one: same language, overlapping texts, and a duplicate by the scorer.
pub(crate) fn copy_evidence(
    [ma, mb]: [&Member; 2],
    days: [Option<i64>; 2],
    stats: &crate::CorpusStats,
    norms: [f64; 2],
) -> Option<PairEvidence> {
    let langs = [ma.meta.lang, mb.meta.lang];
    if !plausible_copies(langs, days, &ma.prepared.content, &mb.prepared.content) {
        return None;
    }
    scored_copy([ma, mb], stats, norms)
}

/// The evidence of a plausible pair of copies (see [`plausible_copies`]), when the scorer
/// calls it a duplicate.
fn scored_copy(
    [ma, mb]: [&Member; 2],
    stats: &crate::CorpusStats,
    norms: [f64; 2],
) -> Option<PairEvidence> {
    ma.related_to(mb, stats, norms)
        .filter(|e| e.relation == Some(Relation::Duplicate))
}

/// Whether two articles can be copies at all: same language and overlapping texts, nearly
/// word for word when their publication dates lie far apart; only such pairs are scored.
pub(crate) fn plausible_copies<A: Sketched + ?Sized, B: Sketched + ?Sized>(
    langs: [newsindex_core::Lang; 2],
    days: [Option<i64>; 2],
    a: &A,
    b: &B,
) -> bool {
    let near = match days {
        [Some(x), Some(y)] => (x - y).abs() <= MAX_DAYS_APART,
        _ => true,
    };
    let floor = if near {
        0.3
    } else {
        score::FAR_DUPLICATE_CONTAINMENT
    };
    langs[0] == langs[1] && containment(a, b) >= floor
}

/// Article indices sorted by id.
fn id_order(members: &Members) -> Vec<u32> {
    let mut order: Vec<u32> = (0..members.len() as u32).collect();
    order.sort_by(|&x, &y| members.id(x as usize).cmp(members.id(y as usize)));
    order
}

/// Union-find over ranks: the head of each family is its smallest rank.
pub(crate) fn heads_by_rank(len: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut families = UnionFind::new(len);
    for (a, b) in pairs {
        families.union(a as usize, b as usize);
    }
    (0..len).map(|x| families.find(x) as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_too_many_articles_propose_no_copies() {
        assert!(!proposes_copies(1));
        assert!(proposes_copies(2));
        assert!(proposes_copies(MAX_KEY_HOLDERS));
        assert!(!proposes_copies(MAX_KEY_HOLDERS + 1));
    }

    #[test]
    fn a_holder_meets_the_next_neighbours_of_its_run_in_its_own_language() {
        use crate::content::{PackedConcepts, PreparedContent};
        use crate::corpus::Prepared;
        use newsindex_core::Lang;
        // Every article has the same text (the same sketch); the third is French.
        let sketch: Vec<u32> = (0..crate::SKETCH_SIZE as u32).collect();
        let holders = NEIGHBOURS + 4;
        let mut members = Members::default();
        for i in 0..holders {
            let lang = if i == 2 { Lang::Fr } else { Lang::En };
            let prepared = Prepared {
                mentions: &[],
                set: &[],
                content: PreparedContent {
                    concepts: PackedConcepts(&[]),
                    sketch: &sketch,
                    triples: 100,
                },
                current_days: &[],
            };
            let meta = crate::score::Meta {
                lang,
                date: None,
                text_chars: 500,
            };
            members.push(&format!("{i:03}"), meta, prepared, &[]);
        }
        let by_id: Vec<u32> = (0..holders as u32).collect();
        let run: Vec<(u32, u32)> = (0..holders as u32).map(|r| (7, r)).collect();
        let days = vec![None; holders];
        let pairs = plausible_in_run(&run, &by_id, &members, &days);
        let expected: Vec<(u32, u32)> = (0..holders as u32)
            .flat_map(|a| {
                (a + 1..(a + 1 + NEIGHBOURS as u32).min(holders as u32)).map(move |b| (a, b))
            })
            .filter(|&(a, b)| a != 2 && b != 2)
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn families_close_chains_on_the_smallest_member() {
        let heads = heads_by_rank(5, [(3, 4), (1, 3)].into_iter());
        assert_eq!(heads, [0, 1, 2, 1, 1]);
    }
}
