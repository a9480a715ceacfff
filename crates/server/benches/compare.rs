//! Benchmark of comparing a story's versions paragraph by paragraph.
//!
//! Corpus: a three-version story built from the samples `corpus/seeds/000` (French, 26
//! paragraphs) and `001` (English, with its site chrome) plus a copy of the English one with a
//! paragraph removed and a figure changed, indexed in a temporary directory.
//! Measured: `compare_article` from the French version, as `newsindex compare ID` and
//! `/api/stories/{id}/compare` run it: reading the three records from the index, extracting
//! anchors and concepts per paragraph, and aligning the two other versions against the first.
//! Every iteration checks that the three versions are there. A second function times the
//! alignment alone on the same versions.
//! Run: `cargo bench -p newsindex-server --bench compare` (target: under 50 ms).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use newsindex_build::build_articles;
use newsindex_core::{Article, Date, Lang};
use newsindex_index::NewsIndex;
use newsindex_link::compare_versions;
use newsindex_query::Engine;
use newsindex_server::compare_article;

fn seed(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seeds");
    let path = std::fs::read_dir(dir)
        .expect("corpus/seeds is in the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("the sample is in corpus/seeds");
    std::fs::read_to_string(path).expect("the sample reads")
}

fn article(id: &str, lang: Lang, text: String) -> Article {
    let mut article = Article::new(id, lang);
    article.title = text.lines().next().unwrap_or_default().to_string();
    article.text = text;
    article.date = Date::new(2025, 5, 29);
    article.url = Some(format!("https://example.org/{id}"));
    article.lang_confidence = 1.0;
    article
}

fn engine(dir: &std::path::Path) -> Engine {
    let english = seed("001_");
    // The copy drops one paragraph and changes one figure.
    let copy: Vec<String> = english
        .lines()
        .filter(|l| !l.starts_with("Regarding the tasks"))
        .map(|l| l.replace("2030", "2035"))
        .collect();
    let articles = [
        article("fr", Lang::Fr, seed("000_")),
        article("en", Lang::En, english.clone()),
        article("en-copy", Lang::En, copy.join("\n")),
    ];
    build_articles(dir, &articles, true).expect("the bench index builds");
    Engine::new(NewsIndex::open(dir).expect("the index opens")).expect("engine")
}

fn compare_three_versions(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let engine = engine(&tmp.path().join("index"));
    let first = compare_article(&engine, "fr").expect("the French version is indexed");
    assert_eq!(
        first.versions.len(),
        3,
        "the copy and the translation are linked"
    );
    c.bench_function("compare_article/3 versions", |b| {
        b.iter(|| {
            let comparison = compare_article(&engine, black_box("fr")).expect("compares");
            assert_eq!(comparison.versions.len(), 3);
            comparison.rows.len()
        })
    });
    // The alignment alone, on the same three versions already read: the rest of the time
    // above is the index (three records, and the story's links to find the versions).
    let versions = first.versions.clone();
    c.bench_function("compare_versions/3 versions (alignment only)", |b| {
        b.iter(|| {
            let comparison = compare_versions(black_box(versions.clone()));
            assert_eq!(comparison.rows.len(), first.rows.len());
            comparison.rows.len()
        })
    });
}

criterion_group!(benches, compare_three_versions);
criterion_main!(benches);
