//! Micro-benchmark of the page cleaner.
//!
//! Corpus: the five scraped sample pages of `corpus/seeds/*.txt` (fr, en; site chrome
//! included), all of them per iteration.
//! Measured: `newsindex_ingest::clean_page` (chrome removal, title/date/URL/outlet
//! extraction). Every iteration checks the cleaned body length computed before timing.
//! Run: `cargo bench --bench ingest`; reports under `target/criterion/`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsindex_ingest::clean_page;

fn pages() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/seeds is in the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(!pages.is_empty(), "no pages in {dir}");
    pages
}

fn page_cleaner(c: &mut Criterion) {
    let pages = pages();
    let expected: usize = pages.iter().map(|p| clean_page(p).text.len()).sum();
    assert!(expected > 0, "the cleaner kept no text");
    let mut group = c.benchmark_group("clean_page");
    group.throughput(Throughput::Bytes(
        pages.iter().map(|p| p.len() as u64).sum(),
    ));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            let kept: usize = pages
                .iter()
                .map(|p| clean_page(black_box(p)).text.len())
                .sum();
            assert_eq!(kept, expected);
        })
    });
    group.finish();
}

criterion_group!(benches, page_cleaner);
criterion_main!(benches);
