//! The steps, run one after the other with the shuffles done in memory over two partitions,
//! give the single linker's stories.

use super::*;
use crate::tests::{EN, FR, VI};
use crate::{Content, LinkInput, NoTexts};
use newsindex_analysis::extract_anchors;
use std::collections::{BTreeSet, HashSet};

const ABRIDGED: &str = "General Secretary To Lam led the October 15 meeting, where National \
    Assembly leader Tran Thanh Man heard that of 1,132 duties handed out, 485 are done, \
    561 continue and 86 lag. Resolution 57-NQ/TW.";
/// Two reports of another conference (linked) and a third, undated, that shares two names
/// and its words with both: likely with each, so it joins them through likely links only.
const REPORT_X: &str = "Le 3 octobre, le secrétaire général Nguyễn Văn Thắng a présidé la \
    conférence avec le président Phạm Gia Túc. Le Comité a attribué 2 240 tâches ; 915 ont \
    été accomplies, 1 047 sont en cours et 278 en retard. Les administrations ont reçu 9,3 \
    millions de dossiers.";
const REPORT_Y: &str = "Réunis le 3 octobre, le secrétaire général Nguyễn Văn Thắng et Phạm \
    Gia Túc ont fait le point sur la numérisation : sur 2 240 tâches, 915 sont achevées, \
    1 047 avancent et 278 accusent du retard, selon le Comité. Les administrations ont traité \
    en ligne 9,3 millions de dossiers.";
const REPORT_R: &str = "Devant le président Phạm Gia Túc, le secrétaire général Nguyễn Văn \
    Thắng a demandé d'accélérer la numérisation des administrations lors de la conférence : que \
    les tâches en retard soient accomplies, et que davantage de dossiers soient traités en ligne \
    par les administrations, a indiqué le Comité.";
const OTHER: &str = "Sáng 29/5, Tổng Bí thư Tô Lâm chủ trì phiên họp về Nghị quyết 57-NQ/TW; \
    Thủ tướng Phạm Minh Chính dự. Danh mục 11 nhóm công nghệ chiến lược và 35 nhóm sản phẩm \
    được thảo luận; 2.400 đại biểu theo dõi trực tuyến.";

fn input(id: &str, lang: Lang, day: Option<u32>, text: &str) -> LinkInput {
    LinkInput {
        id: id.into(),
        lang,
        date: day.and_then(|d| Date::new(2025, 10, d)),
        url: None,
        text_chars: text.chars().count(),
        anchors: extract_anchors(text, lang),
        title_anchors: 0,
        content: Content::of("", text, lang),
    }
}

/// Copies of the Vietnamese report (one family), its translations, an abridged English
/// version (one translation per language must demote one), another meeting, articles
/// without a date or a fact, and an address shared by two.
fn corpus() -> Vec<LinkInput> {
    let mut inputs = vec![
        input("m-vi", Lang::Vi, Some(15), VI),
        input("k-fr", Lang::Fr, Some(16), FR),
        input("c-en", Lang::En, Some(15), EN),
        input("b-en", Lang::En, Some(15), ABRIDGED),
        input("d-vi", Lang::Vi, Some(15), OTHER),
        input("e-fr", Lang::Fr, None, FR),
        input("x", Lang::En, None, "No facts here."),
    ];
    for i in 0..5 {
        inputs.push(input(&format!("v{i}"), Lang::Vi, Some(14 + i % 3), VI));
    }
    inputs.extend([
        input("r-x", Lang::Fr, Some(3), REPORT_X),
        input("r-y", Lang::Fr, Some(3), REPORT_Y),
        input("r-r", Lang::Fr, None, REPORT_R),
    ]);
    let mut slug = input("s-en", Lang::En, Some(20), "Harvest began early.");
    slug.url = Some("https://example.vn/en/rice-harvest-begins-early-in-the-delta".into());
    let mut slug_vi = input("s-vi", Lang::Vi, Some(20), "Mùa gặt bắt đầu sớm.");
    slug_vi.url = Some("https://example.vn/vi/rice-harvest-begins-early-in-the-delta".into());
    inputs.extend([slug, slug_vi]);
    inputs
}

/// Runs the steps over `inputs` (ids distinct, in corpus order), each article's work done in
/// the partition `part` says, partitions visited in `order`: what the Spark job does.
fn link_in_steps(
    inputs: &[LinkInput],
    part: &dyn Fn(usize) -> usize,
    order: [usize; 2],
) -> (Vec<Story>, usize) {
    let facts: Vec<LinkFacts> = inputs.iter().map(LinkInput::facts).collect();
    let n = facts.len() as u32;
    let visit: Vec<usize> = order
        .iter()
        .flat_map(|&p| (0..facts.len()).rev().filter(move |&i| part(i) == p))
        .collect();
    // 1. keys: frequencies and first occurrences, reduced whatever the order of visits.
    let mut seen: HashMap<String, (u32, (usize, usize))> = HashMap::new();
    for &i in &visit {
        for (pos, key) in article_keys(&facts[i]).into_iter().enumerate() {
            let entry = seen.entry(key).or_insert((0, (i, pos)));
            entry.0 += 1;
            entry.1 = entry.1.min((i, pos));
        }
    }
    let mut ranked: Vec<(bool, (usize, usize), &String)> = seen
        .iter()
        .map(|(key, (_, first))| (is_concept_key(key), *first, key))
        .collect();
    ranked.sort_unstable();
    let mut ids: HashMap<&String, u32> = HashMap::new();
    let concepts_from = ranked.iter().position(|r| r.0).unwrap_or(ranked.len());
    for (rank, (concept, _, key)) in ranked.iter().enumerate() {
        let id = if *concept { rank - concepts_from } else { rank };
        ids.insert(key, id as u32);
    }
    let rows: Vec<Vec<KeyRow>> = facts
        .iter()
        .map(|f| {
            article_keys(f)
                .into_iter()
                .map(|key| {
                    let (id, df) = (ids[&key], seen[&key].0);
                    (key, id, df)
                })
                .collect()
        })
        .collect();
    let keyed: Vec<KeyedArticle> = facts
        .iter()
        .zip(&rows)
        .enumerate()
        .map(|(i, (f, r))| KeyedArticle {
            index: i as u32,
            facts: f.clone(),
            keys: r,
        })
        .collect();
    // Scoring groups by proposer, each scored and finished in its article's partition.
    let score = |pairs: &BTreeSet<(u32, u32)>, copies: bool| -> Vec<ScoredLink> {
        let mut out = Vec::new();
        for p in order {
            let mut scored = Vec::new();
            let proposers: BTreeSet<u32> = pairs.iter().map(|x| x.0).collect();
            for &a in proposers.iter().rev().filter(|&&a| part(a as usize) == p) {
                let group = ScoringGroup {
                    copies,
                    article: keyed[a as usize].clone(),
                    partners: pairs
                        .iter()
                        .filter(|x| x.0 == a)
                        .map(|x| keyed[x.1 as usize].clone())
                        .collect(),
                };
                scored.extend(score_group(n, &group).unwrap());
            }
            out.extend(finish(scored, &NoTexts));
        }
        out
    };
    // 2. copies and their families.
    let mut by_hash: HashMap<u32, Vec<CopyHolder>> = HashMap::new();
    for &i in &visit {
        for key in copy_keys(&facts[i]) {
            by_hash
                .entry(key)
                .or_default()
                .push(CopyHolder::of(i as u32, &facts[i]));
        }
    }
    let copy_pairs: BTreeSet<(u32, u32)> = by_hash.values_mut().flat_map(copy_proposals).collect();
    let copy_links = score(&copy_pairs, true);
    assert!(copy_links.len() >= 4, "the five copies make a family");
    let ends: Vec<((String, u32), (String, u32))> = copy_links
        .iter()
        .map(|s| ((s.ids[0].clone(), s.a), (s.ids[1].clone(), s.b)))
        .collect();
    let not_heads: HashSet<u32> = family_heads(&ends).into_iter().map(|x| x.0).collect();
    // 3. candidates among the heads.
    let mut postings: BTreeMap<u32, Vec<(u32, Option<i64>)>> = BTreeMap::new();
    let mut anchor_of: HashMap<u32, u32> = HashMap::new();
    for &i in visit.iter().filter(|&&i| !not_heads.contains(&(i as u32))) {
        let day = facts[i].date.map(Date::days_since_epoch);
        for (id, df) in posting_entries(&keyed[i]).unwrap() {
            postings.entry(id).or_default().push((i as u32, day));
            anchor_of.insert(id, df);
        }
    }
    let mut proposals: BTreeMap<u32, Vec<(u32, u32, u32)>> = BTreeMap::new();
    for (id, holders) in &postings {
        let df = anchor_of[id];
        for (a, b) in anchor_proposals(holders) {
            proposals.entry(a).or_default().push((b, *id, df));
        }
    }
    let candidates: BTreeSet<(u32, u32)> = proposals
        .iter_mut()
        .flat_map(|(&a, list)| best_partners(n, list).into_iter().map(move |b| (a, b)))
        .collect();
    // 4. scoring, 5. stories.
    let mut links = copy_links;
    links.extend(score(&candidates, false));
    let (stories, total, _) = stories_of_links(facts.len(), links);
    (stories, total)
}

#[test]
fn the_steps_over_two_partitions_give_the_single_linkers_stories() {
    let inputs = corpus();
    let single = LinkCorpus::from_inputs(&inputs).linked_stories_with(&NoTexts);
    assert!(single.0.iter().any(|s| s.ids.len() >= 8), "{single:#?}");
    assert!(single
        .0
        .iter()
        .any(|s| s.links.iter().any(|l| l.relation == Relation::SameEvent)));
    let likely = |stories: &[Story]| {
        stories
            .iter()
            .flat_map(|s| &s.links)
            .filter(|l| {
                l.evidence
                    .iter()
                    .any(|e| e.starts_with("likely the same event"))
            })
            .map(|l| (l.a.clone(), l.b.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        likely(&single.0),
        [("r-r", "r-x"), ("r-r", "r-y")].map(|(a, b)| (a.to_string(), b.to_string())),
        "{single:#?}"
    );
    let halves = |i: usize| i % 2;
    let blocks = |i: usize| usize::from(i >= inputs.len() / 2);
    for (part, order) in [
        (&halves as &dyn Fn(usize) -> usize, [0, 1]),
        (&halves, [1, 0]),
        (&blocks, [1, 0]),
    ] {
        assert_eq!(link_in_steps(&inputs, part, order), single);
    }
}

#[test]
fn a_missing_key_row_is_an_error_not_an_unseen_anchor() {
    let inputs = corpus();
    let facts = inputs[0].facts();
    let rows: Vec<KeyRow> = article_keys(&facts)
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(i, key)| (key, i as u32, 2))
        .collect();
    let group = ScoringGroup {
        copies: false,
        article: KeyedArticle {
            index: 0,
            facts: facts.clone(),
            keys: &rows,
        },
        partners: Vec::new(),
    };
    assert!(score_group(2, &group).is_err());
}

#[test]
fn copy_proposals_meet_the_next_holders_in_id_order_when_plausible() {
    let copy = input("c", Lang::Vi, Some(15), VI);
    let holder = |i: u32, lang: Lang| CopyHolder {
        id: format!("{i:02}"),
        lang,
        ..CopyHolder::of(i, &copy.facts())
    };
    let mut holders: Vec<CopyHolder> = (0..20).rev().map(|i| holder(i, Lang::Vi)).collect();
    holders[0].lang = Lang::Fr; // article 19: never a copy of the others
    let pairs = copy_proposals(&mut holders);
    assert_eq!(
        pairs.iter().filter(|p| p.0 == 0).count(),
        copies::NEIGHBOURS
    );
    assert!(pairs.contains(&(0, 16)) && !pairs.contains(&(0, 17)));
    assert!(pairs.iter().all(|(a, b)| a < b && *b != 19));
    assert!(pairs.contains(&(3, 18)));
}

#[test]
fn a_hash_of_too_many_holders_proposes_nothing() {
    let copy = input("c", Lang::Vi, Some(15), VI);
    let holders = |n: u32| -> Vec<CopyHolder> {
        (0..n)
            .map(|i| CopyHolder {
                id: format!("{i:05}"),
                ..CopyHolder::of(i, &copy.facts())
            })
            .collect()
    };
    let most = copies::MAX_KEY_HOLDERS as u32;
    assert!(!copy_proposals(&mut holders(most)).is_empty());
    assert!(copy_proposals(&mut holders(most + 1)).is_empty());
}

#[test]
fn family_heads_are_the_smallest_ids() {
    let e = |id: &str, i: u32| (id.to_string(), i);
    let heads = family_heads(&[(e("b", 0), e("c", 1)), (e("a", 7), e("c", 1))]);
    let mut heads = heads;
    heads.sort_unstable();
    assert_eq!(heads, [(0, 7), (1, 7)]);
}

#[test]
fn likely_links_join_stories_only_with_support_as_in_the_single_linker() {
    let scored = |a: u32, b: u32, relation, likely| {
        let ids = ["a", "b", "c"].map(String::from);
        let langs = [Lang::Vi, Lang::En, Lang::Fr];
        ScoredLink {
            a,
            b,
            ids: [ids[a as usize].clone(), ids[b as usize].clone()],
            langs: [langs[a as usize], langs[b as usize]],
            days: [None, None],
            translation: (relation == Relation::Translation).then(|| 0.95f64.to_bits()),
            likely,
            link: Link {
                a: ids[a as usize].clone(),
                b: ids[b as usize].clone(),
                relation,
                score: 0.5,
                evidence: vec![],
            },
        }
    };
    let versions = scored(0, 1, Relation::Translation, false);
    // c likely with both versions of a/b: one story of three, its likely links kept.
    let (stories, total, _) = stories_of_links(
        3,
        vec![
            versions.clone(),
            scored(0, 2, Relation::SameEvent, true),
            scored(1, 2, Relation::SameEvent, true),
        ],
    );
    assert_eq!((stories.len(), total), (1, 1));
    assert_eq!(stories[0].ids, ["a", "b", "c"]);
    assert_eq!(stories[0].links.len(), 3);
    // Likely with one version only: c stays alone and the likely link is left out, where a
    // same-event link of its own would have joined it.
    let (stories, total, _) = stories_of_links(
        3,
        vec![versions.clone(), scored(0, 2, Relation::SameEvent, true)],
    );
    assert_eq!((stories.len(), total), (1, 2));
    assert_eq!(stories[0].ids, ["a", "b"]);
    assert_eq!(stories[0].links.len(), 1);
    let (stories, _, _) =
        stories_of_links(3, vec![versions, scored(0, 2, Relation::SameEvent, false)]);
    assert_eq!(stories[0].ids, ["a", "b", "c"]);
    // The flag survives the shuffle between the steps.
    let json = serde_json::to_string(&scored(0, 2, Relation::SameEvent, true)).unwrap();
    let back: ScoredLink = serde_json::from_str(&json).unwrap();
    assert!(back.likely);
    let plain = serde_json::to_string(&scored(0, 1, Relation::Translation, false)).unwrap();
    assert!(!plain.contains("likely"), "{plain}");
}
