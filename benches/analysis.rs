//! Micro-benchmarks of the analysis hot paths.
//!
//! Corpus: the 45 development articles of `corpus/dev/articles.jsonl` (vi, fr, en), grouped
//! by language; each iteration processes every article of one language.
//! Measured: `normalize_text` per language, each analyzer of `analyzers::ALL` on the
//! articles of its language, `detect_language`, and `extract_anchors`. Every iteration
//! checks a count computed before timing, so a broken path cannot silently measure nothing.
//! Run: `cargo bench --bench analysis` (or `-- normalize` to filter); reports under
//! `target/criterion/`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsindex_analysis::analyzers::{self, ALL};
use newsindex_analysis::{analyze, detect_language, extract_anchors, normalize_text};
use newsindex_core::Lang;
use tantivy::tokenizer::TokenizerManager;

/// The development articles of one language: (title + body) texts.
fn articles(lang: &str) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/dev/articles.jsonl");
    let text =
        std::fs::read_to_string(path).expect("corpus/dev/articles.jsonl is in the repository");
    let texts: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|record| record["lang"].as_str() == Some(lang))
        .map(|record| {
            format!(
                "{}\n\n{}",
                record["title"].as_str().unwrap_or(""),
                record["text"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(!texts.is_empty(), "no {lang} articles in {path}");
    texts
}

fn lang_of(code: &str) -> Lang {
    match code {
        "vi" => Lang::Vi,
        "fr" => Lang::Fr,
        _ => Lang::En,
    }
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn normalizer(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalize_text");
    for lang in ["vi", "fr", "en"] {
        let texts = articles(lang);
        let expected: usize = texts
            .iter()
            .map(|t| normalize_text(t).chars().count())
            .sum();
        group.throughput(Throughput::Bytes(bytes(&texts)));
        group.bench_function(lang, |b| {
            b.iter(|| {
                let chars: usize = texts
                    .iter()
                    .map(|t| normalize_text(black_box(t)).chars().count())
                    .sum();
                assert_eq!(chars, expected);
            })
        });
    }
    group.finish();
}

/// The language whose articles an analyzer is meant for.
fn analyzer_lang(name: &str) -> &'static str {
    match name {
        analyzers::FR_STEM | analyzers::FR_ASCII => "fr",
        analyzers::EN_STEM | analyzers::NEUTRAL_FOLD => "en",
        _ => "vi",
    }
}

fn analyzer_chains(c: &mut Criterion) {
    let manager = TokenizerManager::default();
    newsindex_analysis::register_analyzers(&manager);
    let mut group = c.benchmark_group("analyze");
    for name in ALL {
        let texts: Vec<String> = articles(analyzer_lang(name))
            .iter()
            .map(|t| normalize_text(t))
            .collect();
        let expected: usize = texts.iter().map(|t| analyze(&manager, name, t).len()).sum();
        assert!(expected > 0, "{name} produced no tokens");
        group.throughput(Throughput::Bytes(bytes(&texts)));
        group.bench_function(name, |b| {
            b.iter(|| {
                let tokens: usize = texts
                    .iter()
                    .map(|t| analyze(&manager, name, black_box(t)).len())
                    .sum();
                assert_eq!(tokens, expected);
            })
        });
    }
    group.finish();
}

fn language_detection(c: &mut Criterion) {
    let mut group = c.benchmark_group("detect_language");
    for lang in ["vi", "fr", "en"] {
        let texts: Vec<String> = articles(lang).iter().map(|t| normalize_text(t)).collect();
        let expected = texts
            .iter()
            .filter(|t| detect_language(t).lang == lang_of(lang))
            .count();
        assert!(expected > 0, "no {lang} article detected as {lang}");
        group.throughput(Throughput::Bytes(bytes(&texts)));
        group.bench_function(lang, |b| {
            b.iter(|| {
                let right = texts
                    .iter()
                    .filter(|t| detect_language(black_box(t)).lang == lang_of(lang))
                    .count();
                assert_eq!(right, expected);
            })
        });
    }
    group.finish();
}

fn anchors(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract_anchors");
    for lang in ["vi", "fr", "en"] {
        let texts: Vec<String> = articles(lang).iter().map(|t| normalize_text(t)).collect();
        let expected: usize = texts
            .iter()
            .map(|t| extract_anchors(t, lang_of(lang)).len())
            .sum();
        assert!(expected > 0, "no anchors in the {lang} articles");
        group.throughput(Throughput::Bytes(bytes(&texts)));
        group.bench_function(lang, |b| {
            b.iter(|| {
                let found: usize = texts
                    .iter()
                    .map(|t| extract_anchors(black_box(t), lang_of(lang)).len())
                    .sum();
                assert_eq!(found, expected);
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    normalizer,
    analyzer_chains,
    language_detection,
    anchors
);
criterion_main!(benches);
