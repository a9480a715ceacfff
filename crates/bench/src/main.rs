//! `newsindex-bench`: generate benchmark corpora, run the benchmark, and the in-process
//! measurements the runner calls as subprocesses (linking alone, search latency, baseline).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use newsindex_bench::*;
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Benchmarks of newsindex against plain tantivy")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Generate a corpus: DIR/articles/*.jsonl, plain.jsonl, families.jsonl, gen.json.
    Gen {
        /// Articles.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// PRNG seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory (outside the repository).
        #[arg(long)]
        out: PathBuf,
        /// Articles per shard.
        #[arg(long, default_value_t = 50_000)]
        shard: usize,
        /// Shared benchmark text.
        #[arg(long, default_value = "/work/shared/bench")]
        shared: PathBuf,
        /// Fallback text.
        #[arg(long, default_value = "corpus/dev/articles.jsonl")]
        dev: PathBuf,
    },
    /// Append an update note to every EVERY-th article of a corpus.
    Mutate {
        /// Corpus directory (as given to `gen --out`).
        #[arg(long)]
        corpus: PathBuf,
        /// Change one article in this many.
        #[arg(long, default_value_t = 100)]
        every: usize,
        /// Round number (each round appends another note).
        #[arg(long, default_value_t = 1)]
        round: usize,
    },
    /// Time `link_articles` alone on a corpus and score it against its families (JSON).
    Link {
        /// Corpus directory.
        #[arg(long)]
        corpus: PathBuf,
        /// Runs.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Print the pair evidence of this many family pairs not linked as translations
        /// (to stderr), to see why.
        #[arg(long, default_value_t = 0)]
        explain: usize,
    },
    /// Search latency of newsindex's engine, in-process (JSON).
    Search {
        /// Index directory.
        #[arg(long)]
        index: PathBuf,
        /// Query set.
        #[arg(long, default_value = "benches/queries.tsv")]
        queries: PathBuf,
        /// Runs after the warm-up.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Concurrent clients.
        #[arg(long, default_value_t = 1)]
        clients: usize,
        /// Passes over the query set per run.
        #[arg(long, default_value_t = 3)]
        repeats: usize,
    },
    /// Every response of the query set, by relevance and by date with a monthly histogram,
    /// as JSON lines: the record `scripts/search-identity.py` compares across builds.
    SearchDump {
        /// Index directory.
        #[arg(long)]
        index: PathBuf,
        /// Query set.
        #[arg(long, default_value = "benches/queries.tsv")]
        queries: PathBuf,
    },
    /// Build the plain-tantivy baseline index from plain.jsonl.
    BaselineIndex {
        /// `{title, body}` JSONL.
        #[arg(long)]
        plain: PathBuf,
        /// Index directory (replaced).
        #[arg(long)]
        index: PathBuf,
        /// Writer threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Writer heap, MiB.
        #[arg(long, default_value_t = 512)]
        heap_mib: usize,
    },
    /// Search latency of the plain-tantivy baseline (JSON).
    BaselineSearch {
        /// Index directory.
        #[arg(long)]
        index: PathBuf,
        /// Query set.
        #[arg(long, default_value = "benches/queries.tsv")]
        queries: PathBuf,
        /// Runs after the warm-up.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Concurrent clients.
        #[arg(long, default_value_t = 1)]
        clients: usize,
        /// Passes over the query set per run.
        #[arg(long, default_value_t = 3)]
        repeats: usize,
    },
    /// The whole benchmark: table on stdout, JSON to --json.
    Run {
        /// Corpus sizes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        sizes: Vec<usize>,
        /// Repetitions (medians are reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Corpus seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Corpora and indexes.
        #[arg(long, default_value = "/work/bench-data")]
        data: PathBuf,
        /// Release newsindex binary.
        #[arg(long, default_value = "target/release/newsindex")]
        newsindex: PathBuf,
        /// tantivy-cli's `tantivy` binary (skipped when absent).
        #[arg(long, default_value = "/work/bench-tools/bin/tantivy")]
        tantivy_cli: PathBuf,
        /// Threads for every engine.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Writer heap for every engine, MiB.
        #[arg(long, default_value_t = 512)]
        heap_mib: usize,
        /// Query set.
        #[arg(long, default_value = "benches/queries.tsv")]
        queries: PathBuf,
        /// Smallest size with search latency.
        #[arg(long, default_value_t = 100_000)]
        search_min: usize,
        /// Search runs after the warm-up.
        #[arg(long, default_value_t = 3)]
        search_runs: usize,
        /// Incremental rounds (default: --runs; 0 skips them).
        #[arg(long)]
        incremental_runs: Option<usize>,
        /// Skip timing linking alone in its own process (the build's link stage is still
        /// reported).
        #[arg(long)]
        no_link_alone: bool,
        /// Shared benchmark text.
        #[arg(long, default_value = "/work/shared/bench")]
        shared: PathBuf,
        /// Fallback text.
        #[arg(long, default_value = "corpus/dev/articles.jsonl")]
        dev: PathBuf,
        /// Where to write the JSON result.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

fn main() {
    if let Err(err) = real_main() {
        eprintln!("newsindex-bench: {err:#}");
        std::process::exit(2);
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn real_main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Gen {
            articles,
            seed,
            out,
            shard,
            shared,
            dev,
        } => {
            let pools = Pools::load(&shared, &dev)?;
            let options = GenOptions {
                articles,
                seed,
                shard,
                ..GenOptions::default()
            };
            print_json(&generate(&pools, &options, &out)?)
        }
        Cmd::Mutate {
            corpus,
            every,
            round,
        } => {
            let changed = mutate(&CorpusFiles::new(&corpus).articles, every, round)?;
            print_json(&serde_json::json!({ "changed": changed }))
        }
        Cmd::Link {
            corpus,
            runs,
            explain,
        } => {
            let files = CorpusFiles::new(&corpus);
            let (inputs, anchors_secs) = load_inputs(std::slice::from_ref(&files.articles))?;
            let (secs, stories) = time_linking(&inputs, runs);
            let families = read_families(&files.families)?;
            let groups: Vec<Vec<String>> = stories.iter().map(|s| s.ids.clone()).collect();
            let translations: Vec<(String, String)> = stories
                .iter()
                .flat_map(|s| &s.links)
                .filter(|l| l.relation == newsindex_core::Relation::Translation)
                .map(|l| (l.a.clone(), l.b.clone()))
                .collect();
            if explain > 0 {
                explain_misses(&inputs, &families, &translations, explain);
            }
            print_json(&serde_json::json!({
                "articles": inputs.len(),
                "anchors_secs": anchors_secs,
                "secs": secs,
                "median_secs": median(&secs),
                "story_pairs": score_groups(&groups, &families),
                "translation_links": score_links(&translations, &families),
            }))
        }
        Cmd::Search {
            index,
            queries,
            runs,
            clients,
            repeats,
        } => {
            let queries = read_queries(&queries)?;
            let engine = newsindex_query::Engine::new(
                newsindex_index::NewsIndex::open(&index)
                    .with_context(|| format!("cannot open {}", index.display()))?,
            )?;
            let report = measure(&queries, clients, runs, repeats, |q| {
                let response = engine.search(&newsindex_query::SearchRequest::new(q))?;
                Ok(response.total)
            })?;
            print_json(&report)
        }
        Cmd::SearchDump { index, queries } => {
            let queries = read_queries(&queries)?;
            let engine = newsindex_query::Engine::new(
                newsindex_index::NewsIndex::open(&index)
                    .with_context(|| format!("cannot open {}", index.display()))?,
            )?;
            for query in &queries {
                let mut request = newsindex_query::SearchRequest::new(query.text.as_str());
                request.limit = 50;
                let by_relevance = engine.search(&request)?;
                request.sort = newsindex_query::Sort::Date;
                request.histogram = Some(newsindex_query::Interval::Month);
                let by_date = engine.search(&request)?;
                println!(
                    "{}",
                    serde_json::json!({"relevance": by_relevance, "date": by_date})
                );
            }
            Ok(())
        }
        Cmd::BaselineIndex {
            plain,
            index,
            threads,
            heap_mib,
        } => {
            let _ = std::fs::remove_dir_all(&index);
            let (secs, docs) = timed_build(&plain, &index, threads, heap_mib << 20)?;
            print_json(&serde_json::json!({ "docs": docs, "secs": secs }))
        }
        Cmd::BaselineSearch {
            index,
            queries,
            runs,
            clients,
            repeats,
        } => {
            let queries = read_queries(&queries)?;
            let baseline = Baseline::open(&index)?;
            print_json(&measure(&queries, clients, runs, repeats, |q| {
                baseline.search(q)
            })?)
        }
        Cmd::Run {
            sizes,
            runs,
            seed,
            data,
            newsindex,
            tantivy_cli,
            threads,
            heap_mib,
            queries,
            search_min,
            search_runs,
            incremental_runs,
            no_link_alone,
            shared,
            dev,
            json,
        } => {
            anyhow::ensure!(
                newsindex.is_file(),
                "{} not found: build it with cargo build --release",
                newsindex.display()
            );
            let config = RunConfig {
                sizes,
                runs,
                seed,
                data,
                newsindex,
                tantivy_cli: tantivy_cli.is_file().then_some(tantivy_cli),
                threads,
                heap_mib,
                queries,
                search_min,
                search_runs,
                incremental_runs: incremental_runs.unwrap_or(runs),
                link_alone: !no_link_alone,
                shared,
                dev,
            };
            if config.tantivy_cli.is_none() {
                eprintln!("bench: tantivy-cli not found; only the plain-tantivy baseline runs");
            }
            let self_exe = std::env::current_exe()?;
            let result = run(&config, &self_exe)?;
            println!(
                "{}",
                render_table(
                    &result.sizes,
                    &result.link_growth,
                    &result.link_stage_growth
                )
            );
            if let Some(path) = json {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, serde_json::to_vec_pretty(&result)?)?;
                eprintln!("bench: wrote {}", path.display());
            }
            Ok(())
        }
    }
}

/// Prints the evidence of up to `limit` family pairs the linker did not call translations.
fn explain_misses(
    inputs: &[newsindex_link::LinkInput],
    families: &[Vec<String>],
    translations: &[(String, String)],
    limit: usize,
) {
    let stats = newsindex_link::CorpusStats::from_inputs(inputs);
    let by_id: std::collections::HashMap<&str, &newsindex_link::LinkInput> =
        inputs.iter().map(|i| (i.id.as_str(), i)).collect();
    let linked: std::collections::HashSet<(&str, &str)> = translations
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut shown = 0;
    for family in families {
        for (i, a) in family.iter().enumerate() {
            for b in &family[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                if linked.contains(&(x.as_str(), y.as_str())) || shown >= limit {
                    continue;
                }
                let (Some(ia), Some(ib)) = (by_id.get(x.as_str()), by_id.get(y.as_str())) else {
                    continue;
                };
                let evidence = newsindex_link::compare(ia, ib, &stats);
                eprintln!(
                    "{x} ({:?}, {} anchors) ~ {y} ({:?}, {} anchors): {evidence:?}",
                    ia.lang,
                    ia.anchors.len(),
                    ib.lang,
                    ib.anchors.len()
                );
                shown += 1;
            }
        }
    }
}
