//! Build cycles on a temporary index: incremental skips, updates, removals and full rebuilds.

use newsindex_build::{run, BuildOptions, BuildSummary, Inputs};
use newsindex_core::{Article, Date, Lang};
use newsindex_index::{IndexError, NewsIndex};
use newsindex_ingest::{Outcome, Rejection};
use std::path::{Path, PathBuf};

fn article(id: &str, lang: Lang, origin: &str, text: &str) -> Article {
    let mut article = Article::new(id, lang);
    article.title = format!("Title of {id}");
    article.text = text.to_string();
    article.origin = origin.to_string();
    article.date = Date::new(2025, 5, 29);
    article.source = Some("example.vn".into());
    article.lang_confidence = 1.0;
    article
}

fn options(dir: &Path, full: bool) -> BuildOptions {
    BuildOptions {
        index: dir.to_path_buf(),
        full,
        threads: 1,
        heap_bytes: 50 << 20,
    }
}

/// Outcomes read under the root `corpus`.
fn under_corpus(outcomes: Vec<Outcome>) -> Inputs {
    Inputs::Outcomes {
        outcomes,
        roots: vec![PathBuf::from("corpus")],
    }
}

fn build(dir: &Path, full: bool, articles: &[Article], rejected: &[(&str, &str)]) -> BuildSummary {
    let mut outcomes: Vec<Outcome> = articles
        .iter()
        .map(|a| Outcome::Article(Box::new(a.clone())))
        .collect();
    for (origin, reason) in rejected {
        outcomes.push(Outcome::Rejected(Rejection {
            origin: origin.to_string(),
            reason: reason.to_string(),
        }));
    }
    run(under_corpus(outcomes), &options(dir, full)).expect("build succeeds")
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "a",
            Lang::Fr,
            "corpus/a.txt",
            "La résolution 57-NQ/TW du Politburo.",
        ),
        article(
            "b",
            Lang::En,
            "corpus/b.txt",
            "Resolution 57-NQ/TW of the Politburo.",
        ),
        article(
            "c",
            Lang::Vi,
            "corpus/dev/c.jsonl:1",
            "Nghị quyết 57-NQ/TW của Bộ Chính trị.",
        ),
        article("d", Lang::Vi, "corpus/dev/c.jsonl:2", "Hoà Bình thuỷ điện."),
    ]
}

#[test]
fn incremental_cycle_counts_added_unchanged_updated_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let first = build(
        &dir,
        false,
        &corpus(),
        &[("corpus/bad.jsonl:3", "invalid JSON: eof")],
    );
    assert_eq!(
        (first.added, first.updated, first.removed, first.unchanged),
        (4, 0, 0, 0)
    );
    assert_eq!(first.rejected, 1);
    assert_eq!(
        first.rejections,
        vec!["corpus/bad.jsonl:3: invalid JSON: eof"]
    );

    let again = build(&dir, false, &corpus(), &[]);
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 4)
    );

    let mut edited = corpus();
    edited[1].text.push_str(" Updated.");
    edited.remove(3);
    let third = build(&dir, false, &edited, &[]);
    assert_eq!(
        (third.added, third.updated, third.removed, third.unchanged),
        (0, 1, 1, 2)
    );

    let index = NewsIndex::open(&dir).unwrap();
    let searcher = index.searcher().unwrap();
    assert_eq!(searcher.num_docs(), 3);
    let b = index.get(&searcher, "b").unwrap();
    assert!(b.article.text.ends_with("Updated."));
    assert!(matches!(
        index.get(&searcher, "d"),
        Err(IndexError::UnknownId(_))
    ));
}

#[test]
fn articles_outside_the_indexed_roots_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut outside = corpus();
    outside.push(article("x", Lang::En, "elsewhere/x.txt", "Another root."));
    build(&dir, false, &outside, &[]);
    let second = build(&dir, false, &corpus(), &[]);
    assert_eq!(second.removed, 0, "x lives outside corpus/ and stays");
    assert_eq!(second.articles, 5);
}

#[test]
fn full_rebuild_keeps_only_the_given_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut more = corpus();
    more.push(article("x", Lang::En, "elsewhere/x.txt", "Another root."));
    build(&dir, false, &more, &[]);
    let full = build(&dir, true, &corpus(), &[]);
    assert_eq!((full.unchanged, full.removed), (4, 1));
    let index = NewsIndex::open(&dir).unwrap();
    assert_eq!(index.searcher().unwrap().num_docs(), 4);
    let stats = index.stats().unwrap();
    assert_eq!(stats.articles, 4);
    assert_eq!(stats.langs.get("vi"), Some(&2));
    assert_eq!(stats.sources.get("example.vn"), Some(&4));
    assert_eq!(stats.months.get("2025-05"), Some(&4));
}

#[test]
fn duplicate_ids_are_rejected_and_the_first_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut dup = corpus();
    dup.push(article("a", Lang::Fr, "corpus/z.txt", "Second copy."));
    let summary = build(&dir, false, &dup, &[]);
    assert_eq!(summary.added, 4);
    assert_eq!(summary.rejected, 1);
    assert!(
        summary.rejections[0].contains("duplicate id: a (first seen at corpus/a.txt)"),
        "{:?}",
        summary.rejections
    );
    assert_eq!(
        summary.rejected_reasons.get("duplicate id"),
        Some(&1),
        "{:?}",
        summary.rejected_reasons
    );
    let index = NewsIndex::open(&dir).unwrap();
    let a = index.get(&index.searcher().unwrap(), "a").unwrap();
    assert_eq!(a.article.origin, "corpus/a.txt");
}

#[test]
fn a_run_is_refused_while_another_writer_holds_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    build(&dir, false, &corpus(), &[]);
    let held = NewsIndex::open(&dir).unwrap().writer(1, 50 << 20).unwrap();
    let refused = run(Inputs::articles(corpus()), &options(&dir, false));
    assert!(matches!(refused, Err(IndexError::Locked(_))), "{refused:?}");
    drop(held);
    let again = run(Inputs::articles(corpus()), &options(&dir, false)).unwrap();
    assert_eq!(again.unchanged, 4);
}

#[test]
fn missing_index_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(
        NewsIndex::open(&tmp.path().join("none")),
        Err(IndexError::Missing(_))
    ));
}

#[test]
fn records_known_by_their_raw_hash_are_unchanged_without_parsing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut articles = corpus();
    for (i, article) in articles.iter_mut().enumerate() {
        article.raw_hash = 1000 + i as u64;
    }
    build(&dir, false, &articles, &[]);
    let unchanged = |raw_hash: u64, origin: &str| Outcome::Unchanged {
        raw_hash,
        origin: origin.to_string(),
    };
    // Three records unchanged (not parsed), one edited, one a stale duplicate.
    let mut outcomes: Vec<Outcome> = (0..3)
        .map(|i| unchanged(1000 + i as u64, &articles[i].origin))
        .collect();
    let mut edited = articles[3].clone();
    edited.text.push_str(" Edited.");
    edited.raw_hash = 2000;
    outcomes.push(Outcome::Article(Box::new(edited)));
    // The first record again on a line elsewhere: its stored article, with that origin, is
    // a duplicate.
    outcomes.push(unchanged(1000, "corpus/copy.jsonl:7"));
    let summary = run(under_corpus(outcomes), &options(&dir, false)).unwrap();
    assert_eq!(
        (summary.unchanged, summary.updated, summary.removed),
        (3, 1, 0),
        "{summary:?}"
    );
    assert_eq!(summary.rejected, 1, "{:?}", summary.rejections);
    assert!(
        summary.rejections[0].contains("duplicate id: a"),
        "{:?}",
        summary.rejections
    );
    // The edited article now carries its new raw hash: the next run knows it, and no longer
    // knows the old one.
    let outcomes = vec![
        unchanged(1000, &articles[0].origin),
        unchanged(1001, &articles[1].origin),
        unchanged(1002, &articles[2].origin),
        unchanged(2000, &articles[3].origin),
        unchanged(1003, "corpus/old.txt"),
    ];
    let next = run(under_corpus(outcomes), &options(&dir, false)).unwrap();
    assert_eq!((next.unchanged, next.removed), (4, 0), "{next:?}");
    assert_eq!(
        next.rejections,
        ["corpus/old.txt: reported unchanged but unknown to the index; rerun with --full"]
    );
}

/// An index written by an older schema: a plain tantivy index with one unrelated field.
fn old_schema_index(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    let body = builder.add_text_field("body", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(body => "an article of the old layout"))
        .unwrap();
    writer.commit().unwrap();
}

#[test]
fn incremental_build_over_an_old_schema_asks_for_full_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    old_schema_index(&dir);
    let err = run(under_corpus(Vec::new()), &options(&dir, false)).unwrap_err();
    assert!(matches!(err, IndexError::Incompatible { .. }), "{err}");
    assert!(err.to_string().contains("--full"), "{err}");
    // Untouched: still the old index.
    assert!(matches!(
        NewsIndex::open(&dir),
        Err(IndexError::Incompatible { .. })
    ));
}

#[test]
fn full_build_over_an_old_schema_replaces_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    old_schema_index(&dir);
    let summary = build(&dir, true, &corpus(), &[]);
    assert_eq!(summary.added, 4);
    let index = NewsIndex::open(&dir).expect("the rebuilt index opens");
    let searcher = index.searcher().unwrap();
    assert_eq!(searcher.num_docs(), 4);
    // No leftover beside it.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "index")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn runs_that_each_add_a_segment_have_them_merged_and_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let mut articles = Vec::new();
    let mut most = 0;
    for i in 0..12 {
        articles.push(article(
            &format!("a{i}"),
            Lang::Fr,
            &format!("corpus/a{i}.txt"),
            &format!("Le texte numéro {i} de la série."),
        ));
        build(&dir, false, &articles, &[]);
        let index = NewsIndex::open(&dir).unwrap();
        let searcher = index.searcher().unwrap();
        assert_eq!(searcher.num_docs(), i + 1);
        most = most.max(searcher.segment_readers().len());
    }
    // Each run commits one segment; tantivy's log levels merge eight of one size, and the
    // build merges them once the run is done: never more than eight at the end of a run.
    assert!((2..=8).contains(&most), "{most} segments");
    let index = NewsIndex::open(&dir).unwrap();
    let searcher = index.searcher().unwrap();
    assert!(searcher.segment_readers().len() < 12);
    for i in 0..12 {
        let id = format!("a{i}");
        assert!(index.find(&searcher, &id).unwrap().is_some(), "{id}");
    }
}
