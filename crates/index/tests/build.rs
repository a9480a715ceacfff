//! Build cycles on a temporary index: incremental skips, updates, removals and full rebuilds.

use newsindex_core::{Article, Date, Lang};
use newsindex_index::{build_index, BuildOptions, BuildSummary, IndexError, Input, NewsIndex};
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

fn build(dir: &Path, full: bool, articles: &[Article], rejected: &[(&str, &str)]) -> BuildSummary {
    let options = BuildOptions {
        full,
        threads: 1,
        heap_bytes: 50 << 20,
        roots: vec![PathBuf::from("corpus")],
        input_bytes: 0,
    };
    build_index(
        dir,
        &options,
        |_known, sink| {
            for a in articles {
                sink(Input::Article(Box::new(a.clone())));
            }
            for (origin, reason) in rejected {
                sink(Input::Rejected {
                    origin: origin.to_string(),
                    reason: reason.to_string(),
                });
            }
            Ok(())
        },
        &|_| {},
    )
    .expect("build succeeds")
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
fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    build(&dir, false, &corpus(), &[]);
    let options = BuildOptions {
        threads: 1,
        heap_bytes: 50 << 20,
        ..BuildOptions::default()
    };
    let result = build_index(
        &dir,
        &options,
        |_known, _sink| {
            let nested = build_index(&dir, &options, |_, _| Ok(()), &|_| {});
            assert!(matches!(nested, Err(IndexError::Locked(_))), "{nested:?}");
            Ok(())
        },
        &|_| {},
    );
    assert!(result.is_ok());
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
    let options = BuildOptions {
        threads: 1,
        heap_bytes: 50 << 20,
        roots: vec![PathBuf::from("corpus")],
        ..BuildOptions::default()
    };
    let mut offered = Vec::new();
    let summary = build_index(
        &dir,
        &options,
        |known, sink| {
            offered = known.iter().copied().collect();
            // Three records unchanged (not parsed), one edited, one a stale duplicate.
            for (i, article) in articles.iter().enumerate().take(3) {
                sink(Input::Unchanged {
                    raw_hash: 1000 + i as u64,
                    origin: article.origin.clone(),
                });
            }
            let mut edited = articles[3].clone();
            edited.text.push_str(" Edited.");
            edited.raw_hash = 2000;
            sink(Input::Article(Box::new(edited)));
            sink(Input::Unchanged {
                raw_hash: 1000,
                origin: "corpus/copy.txt".into(),
            });
            Ok(())
        },
        &|_| {},
    )
    .unwrap();
    offered.sort();
    assert_eq!(offered, vec![1000, 1001, 1002, 1003]);
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
    // The edited article now carries its new raw hash: the next run offers it.
    let next = build_index(
        &dir,
        &options,
        |known, _| {
            assert!(known.contains(&2000) && !known.contains(&1003));
            Ok(())
        },
        &|_| {},
    );
    assert!(next.is_ok());
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
    let options = BuildOptions {
        full: false,
        threads: 1,
        heap_bytes: 50 << 20,
        roots: vec![PathBuf::from("corpus")],
        input_bytes: 0,
    };
    let err = build_index(&dir, &options, |_, _| Ok(()), &|_| {}).unwrap_err();
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
