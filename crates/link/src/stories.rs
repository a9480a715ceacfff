//! Story assembly: versions first, then reports of the same event, without chaining.
//!
//! * Copies (`duplicate` links) are one text: they make one **node**.
//! * Nodes joined by `translation` links are the versions of one article: a **family**,
//!   always kept whole.
//! * Families join through `same_event` links by **average linkage**: two groups merge only
//!   when at least [`SUPPORT`] of the pairs of nodes between them are linked, the best
//!   supported merge first. One report that happens to share a few facts with two stories
//!   no longer welds them into one, as connected components did.
//! * The groups so made join once more, through **likely** links as well (pairs the
//!   same-event model finds likely but that are no link by themselves): when at least
//!   [`GROUP_SUPPORT`] of the node pairs between two groups are linked or likely, and there
//!   are at least [`MIN_GROUP_PAIRS`] of them. Reports of one event by different outlets
//!   share too little pair by pair; a report likely with most members of a story is one of
//!   them. A likely link is kept in a story only when its two ends were so joined.

use crate::members::Members;
use newsindex_core::{Link, Relation, Story};
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

/// Share of node pairs between two groups that must be linked for the groups to merge.
pub const SUPPORT: f64 = 0.2;

/// Share of node pairs between two groups that must be linked or likely for the groups to
/// merge in the second round. Chosen on half `a` of the real-article set (EVALUATION.md).
pub const GROUP_SUPPORT: f64 = 0.6;

/// Fewest node pairs between two groups for the second round to merge them: two lone
/// articles never join on one likely link.
pub const MIN_GROUP_PAIRS: usize = 2;

/// Groups articles into stories (see the module documentation); every article is in exactly
/// one story, whose id is its smallest member id. `likely` are the likely pairs, as member
/// indices, and `likely_link` makes the `same_event` link of the `k`-th of them: asked only
/// of those whose ends end up in one story (at a million generated articles, 192,407 pairs
/// were likely and the story pairs grew by 913: almost all join nothing, and evidence is
/// words). Returns the stories, those of a
/// single article only when `singletons` is set, and how many stories there are in all.
pub(crate) fn build(
    members: &Members,
    links: Vec<Link>,
    likely: &[(u32, u32)],
    likely_link: impl Fn(usize) -> Option<Link>,
    singletons: bool,
) -> (Vec<Story>, usize) {
    // Members by id, for the links' ends: a sorted list of indices (4 bytes an article, where
    // a map of every id cost some fifty at a million articles).
    let mut by_id: Vec<u32> = (0..members.len() as u32).collect();
    by_id.sort_unstable_by(|&x, &y| members.id(x as usize).cmp(members.id(y as usize)));
    let index = |id: &str| -> Option<usize> {
        let at = by_id
            .binary_search_by(|&m| members.id(m as usize).cmp(id))
            .ok()?;
        Some(by_id[at] as usize)
    };
    let ends = |link: &Link| Some((index(&link.a)?, index(&link.b)?));

    let mut nodes = UnionFind::new(members.len());
    for link in links.iter().filter(|l| l.relation == Relation::Duplicate) {
        if let Some((a, b)) = ends(link) {
            nodes.union(a, b);
        }
    }
    let node_of: Vec<usize> = (0..members.len()).map(|i| nodes.find(i)).collect();
    let mut groups = UnionFind::new(members.len());
    for link in links.iter().filter(|l| l.relation == Relation::Translation) {
        if let Some((a, b)) = ends(link) {
            groups.union(node_of[a], node_of[b]);
        }
    }
    let node_pair =
        |(a, b): (usize, usize)| (node_of[a].min(node_of[b]), node_of[a].max(node_of[b]));
    let linked: BTreeSet<(usize, usize)> = links
        .iter()
        .filter(|l| l.relation == Relation::SameEvent)
        .filter_map(&ends)
        .map(node_pair)
        .filter(|(x, y)| x != y)
        .collect();
    // A node is its own root (the smallest index of its copies): the distinct nodes, ascending.
    let distinct_nodes = || (0..members.len()).filter(|&i| node_of[i] == i);
    average_linkage(&mut groups, distinct_nodes(), &linked, SUPPORT, 1);
    if !likely.is_empty() {
        let mut linked_or_likely = linked;
        linked_or_likely.extend(
            likely
                .iter()
                .map(|&(a, b)| node_pair((a as usize, b as usize)))
                .filter(|(x, y)| x != y),
        );
        average_linkage(
            &mut groups,
            distinct_nodes(),
            &linked_or_likely,
            GROUP_SUPPORT,
            MIN_GROUP_PAIRS,
        );
    }

    let story_of: Vec<usize> = (0..members.len())
        .map(|i| groups.find(node_of[i]))
        .collect();
    // Members of each story in id order from one sort of the article indices, not a set per
    // story: a corpus of a million articles is mostly stories of one.
    let mut size = vec![0u32; members.len()];
    for &root in &story_of {
        size[root] += 1;
    }
    let total = size.iter().filter(|&&n| n > 0).count();
    let mut order: Vec<u32> = (0..members.len() as u32)
        .filter(|&i| singletons || size[story_of[i as usize]] > 1)
        .collect();
    drop(size);
    order.sort_unstable_by(|&x, &y| {
        let (x, y) = (x as usize, y as usize);
        (story_of[x], members.id(x)).cmp(&(story_of[y], members.id(y)))
    });
    // A link between two stories explains neither: it is left out (a likely link always is,
    // unless its groups were joined). Links of a story in `(a, b)` order, as given.
    let mut links_by_story: HashMap<usize, Vec<Link>> = HashMap::new();
    let mut links = links;
    let joined: Vec<Link> = likely
        .iter()
        .enumerate()
        .filter(|(_, &(a, b))| story_of[a as usize] == story_of[b as usize])
        .filter_map(|(k, _)| likely_link(k))
        .collect();
    if !joined.is_empty() {
        links.extend(joined);
        links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    }
    for link in links {
        if let Some((a, b)) = ends(&link) {
            if story_of[a] == story_of[b] {
                links_by_story.entry(story_of[a]).or_default().push(link);
            }
        }
    }
    let mut out: Vec<Story> = order
        .chunk_by(|&x, &y| story_of[x as usize] == story_of[y as usize])
        .map(|run| {
            let ids: Vec<String> = run
                .iter()
                .map(|&i| members.id(i as usize).to_string())
                .collect();
            let langs: BTreeSet<&str> = run
                .iter()
                .map(|&i| members.meta(i as usize).lang.code())
                .collect();
            Story {
                story: ids.first().cloned().unwrap_or_default(),
                ids,
                langs: langs.into_iter().map(str::to_string).collect(),
                links: links_by_story
                    .remove(&story_of[run[0] as usize])
                    .unwrap_or_default(),
            }
        })
        .collect();
    out.sort_by(|x, y| x.story.cmp(&y.story));
    (out, total)
}

/// Merges the groups of `groups` (over nodes) while some pair of groups, with at least
/// `min_pairs` node pairs between them, has linked node pairs covering at least `support` of
/// them, best average first; ties go to the pair of smaller roots, so the result does not
/// depend on the order of links.
fn average_linkage(
    groups: &mut UnionFind,
    nodes: impl Iterator<Item = usize>,
    node_pairs: &BTreeSet<(usize, usize)>,
    support: f64,
    min_pairs: usize,
) {
    // Linked node pairs between groups, and the size in nodes of each group so linked: no
    // other group can merge, and a million-article corpus is mostly such groups.
    let mut between: HashMap<usize, HashMap<usize, usize>> = HashMap::new();
    for &(x, y) in node_pairs {
        let (gx, gy) = (groups.find(x), groups.find(y));
        if gx != gy {
            *between.entry(gx).or_default().entry(gy).or_default() += 1;
            *between.entry(gy).or_default().entry(gx).or_default() += 1;
        }
    }
    let mut size: HashMap<usize, usize> = HashMap::new();
    for node in nodes {
        let group = groups.find(node);
        if between.contains_key(&group) {
            *size.entry(group).or_default() += 1;
        }
    }
    // Groups with too few node pairs between them score 0: below any support, so never
    // merged until one of them grows.
    let average = |links: usize, a: usize, b: usize, size: &HashMap<usize, usize>| {
        let pairs = size[&a] * size[&b];
        if pairs < min_pairs {
            0.0
        } else {
            links as f64 / pairs as f64
        }
    };
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    for (&a, neighbours) in &between {
        for (&b, &links) in neighbours {
            if a < b {
                heap.push(Candidate::new(average(links, a, b, &size), a, b));
            }
        }
    }
    let mut merged: HashSet<usize> = HashSet::new();
    while let Some(candidate) = heap.pop() {
        let (a, b) = (candidate.a, candidate.b);
        if merged.contains(&a) || merged.contains(&b) {
            continue; // stale: one side has been merged since
        }
        let links = between
            .get(&a)
            .and_then(|n| n.get(&b))
            .copied()
            .unwrap_or(0);
        let now = average(links, a, b, &size);
        if (now - candidate.average).abs() > 1e-12 {
            continue; // stale: a neighbour merged into one side
        }
        if now < support {
            break;
        }
        // Merge b into a (the root stays the union-find's choice; keep maps on the survivor).
        groups.union(a, b);
        let (keep, gone) = if groups.find(a) == a { (a, b) } else { (b, a) };
        merged.insert(gone);
        *size.get_mut(&keep).unwrap() += size[&gone];
        let gone_links = between.remove(&gone).unwrap_or_default();
        if let Some(n) = between.get_mut(&keep) {
            n.remove(&gone);
        }
        for (other, count) in gone_links {
            if other == keep {
                continue;
            }
            if let Some(n) = between.get_mut(&other) {
                n.remove(&gone);
                *n.entry(keep).or_default() += count;
            }
            *between.entry(keep).or_default().entry(other).or_default() += count;
        }
        if let Some(neighbours) = between.get(&keep) {
            for (&other, &count) in neighbours {
                let (x, y) = (keep.min(other), keep.max(other));
                heap.push(Candidate::new(average(count, x, y, &size), x, y));
            }
        }
    }
}

/// A possible merge in the heap: highest average first, then the smaller roots.
#[derive(PartialEq)]
struct Candidate {
    average: f64,
    a: usize,
    b: usize,
}

impl Candidate {
    fn new(average: f64, a: usize, b: usize) -> Candidate {
        Candidate { average, a, b }
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.average
            .total_cmp(&other.average)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

/// Union-find whose root is always the smallest index of its set.
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(len: usize) -> UnionFind {
        UnionFind {
            parent: (0..len).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(usize, usize)]) -> BTreeSet<(usize, usize)> {
        list.iter().copied().collect()
    }

    fn groups_after(len: usize, links: &[(usize, usize)]) -> Vec<usize> {
        let mut groups = UnionFind::new(len);
        average_linkage(&mut groups, 0..len, &pairs(links), SUPPORT, 1);
        (0..len).map(|i| groups.find(i)).collect()
    }

    #[test]
    fn a_bridge_report_does_not_weld_two_stories() {
        // Stories {0,1,2} and {4,5,6} (each fully linked) and report 3 linked to one member
        // of each: 3 joins neither whole story, and the stories stay apart.
        let links = [
            (0, 1),
            (0, 2),
            (1, 2),
            (4, 5),
            (4, 6),
            (5, 6),
            (2, 3),
            (3, 4),
        ];
        let groups = groups_after(7, &links);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[4], groups[6]);
        assert_ne!(groups[0], groups[4]);
        // Connected components would have made one story of all seven.
    }

    #[test]
    fn well_supported_reports_join() {
        // 3 is linked to two of the three members of {0,1,2}: 2/3 >= SUPPORT.
        let groups = groups_after(4, &[(0, 1), (0, 2), (1, 2), (0, 3), (1, 3)]);
        assert!(groups.iter().all(|&g| g == 0), "{groups:?}");
    }

    #[test]
    fn a_second_round_needs_enough_pairs_between_the_groups() {
        let after = |len: usize, links: &[(usize, usize)], min_pairs: usize| {
            let mut groups = UnionFind::new(len);
            average_linkage(&mut groups, 0..len, &pairs(links), GROUP_SUPPORT, min_pairs);
            (0..len).map(|i| groups.find(i)).collect::<Vec<_>>()
        };
        // Two lone articles on one pair: all their pairs are linked, but one pair is too few.
        assert_eq!(after(2, &[(0, 1)], MIN_GROUP_PAIRS), [0, 1]);
        assert_eq!(after(2, &[(0, 1)], 1), [0, 0]);
        // Once 0 and 1 are one group (versions of one article, say), 2 likely with both
        // meets them on two pairs of two: it joins.
        let mut groups = UnionFind::new(3);
        groups.union(0, 1);
        average_linkage(
            &mut groups,
            0..3,
            &pairs(&[(0, 2), (1, 2)]),
            GROUP_SUPPORT,
            MIN_GROUP_PAIRS,
        );
        assert_eq!(groups.find(2), 0);
        // Linked on one pair of three (1/3 < GROUP_SUPPORT): it stays apart.
        let mut groups = UnionFind::new(4);
        groups.union(0, 1);
        groups.union(0, 2);
        average_linkage(
            &mut groups,
            0..4,
            &pairs(&[(0, 3)]),
            GROUP_SUPPORT,
            MIN_GROUP_PAIRS,
        );
        assert_eq!(groups.find(3), 3);
    }

    fn likely_story(likely_pairs: &[(&str, &str)]) -> Vec<Story> {
        use crate::score::Meta;
        use newsindex_core::Lang;
        let mut members = Members::default();
        for (id, lang) in [
            ("a", Lang::Vi),
            ("b", Lang::En),
            ("c", Lang::Fr),
            ("d", Lang::Fr),
        ] {
            let meta = Meta {
                lang,
                date: None,
                text_chars: 0,
            };
            members.push_bare(id, meta);
        }
        let link = |a: &str, b: &str, relation| Link {
            a: a.into(),
            b: b.into(),
            relation,
            score: 0.5,
            evidence: vec![],
        };
        // a and b are one article in two languages; c and d report other things or the same.
        let links = vec![link("a", "b", Relation::Translation)];
        let index = |id: &str| ["a", "b", "c", "d"].iter().position(|&x| x == id).unwrap() as u32;
        let likely: Vec<(u32, u32)> = likely_pairs
            .iter()
            .map(|&(a, b)| (index(a), index(b)))
            .collect();
        let likely_link = |k: usize| {
            let (a, b) = likely_pairs[k];
            Some(link(a, b, Relation::SameEvent))
        };
        build(&members, links, &likely, likely_link, false).0
    }

    #[test]
    fn likely_links_join_a_report_likely_with_most_of_a_story_and_explain_it() {
        let stories = likely_story(&[("a", "c"), ("b", "c")]);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].ids, ["a", "b", "c"]);
        let linked: Vec<(&str, &str)> = stories[0]
            .links
            .iter()
            .map(|l| (l.a.as_str(), l.b.as_str()))
            .collect();
        assert_eq!(linked, [("a", "b"), ("a", "c"), ("b", "c")]);
    }

    #[test]
    fn a_likely_link_alone_joins_nothing_and_is_left_out() {
        // c likely with one of the two versions only (1/2 < GROUP_SUPPORT); c and d likely
        // with each other only (one pair).
        let stories = likely_story(&[("a", "c"), ("c", "d")]);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].ids, ["a", "b"]);
        assert_eq!(stories[0].links.len(), 1);
    }

    #[test]
    fn union_find_roots_are_smallest() {
        let mut uf = UnionFind::new(5);
        uf.union(4, 2);
        uf.union(3, 4);
        assert_eq!(uf.find(3), 2);
        uf.union(1, 3);
        assert_eq!(
            (0..5).map(|i| uf.find(i)).collect::<Vec<_>>(),
            [0, 1, 1, 1, 1]
        );
    }
}
