//! Search latency: a fixed query set run by one or more concurrent clients, several times;
//! percentiles per run and their median across runs.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// One query of the fixed set.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Its kind (`word`, `two_words`, `phrase`, `cross`, `filtered`, `folded_vi`).
    pub kind: String,
    /// The query string as a user types it (newsindex syntax).
    pub text: String,
}

/// Reads `kind<TAB>query` lines; `#` starts a comment line.
pub fn read_queries(path: &Path) -> Result<Vec<Query>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut queries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, query) = line
            .split_once('\t')
            .with_context(|| format!("{}:{}: expected kind<TAB>query", path.display(), n + 1))?;
        queries.push(Query {
            kind: kind.trim().to_string(),
            text: query.trim().to_string(),
        });
    }
    anyhow::ensure!(!queries.is_empty(), "{}: no queries", path.display());
    Ok(queries)
}

/// Latency percentiles of one run, in milliseconds.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Mean.
    pub mean: f64,
}

/// The nearest-rank percentile `q` (0..=1) of sorted values.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of `values` (0 when empty).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn percentiles(mut ms: Vec<f64>) -> Percentiles {
    ms.sort_by(f64::total_cmp);
    Percentiles {
        p50: percentile(&ms, 0.50),
        p95: percentile(&ms, 0.95),
        p99: percentile(&ms, 0.99),
        mean: ms.iter().sum::<f64>() / ms.len().max(1) as f64,
    }
}

/// Latency of a query set under some number of clients.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LatencyReport {
    /// Concurrent clients.
    pub clients: usize,
    /// Measured runs (after one warm-up run).
    pub runs: usize,
    /// Searches per run (queries × clients × repeats).
    pub searches_per_run: usize,
    /// Median over runs of each percentile.
    pub median: Percentiles,
    /// Smallest and largest p99 over runs.
    pub p99_range: (f64, f64),
    /// Searches per second of wall time (median over runs).
    pub qps: f64,
    /// Median latency per query kind over all runs.
    pub p50_by_kind: BTreeMap<String, f64>,
    /// Matching documents summed over the query set (same for every run; proves work).
    pub hits: u64,
}

/// Per-search timings of one client: (query index, milliseconds), and the hits it counted.
type ClientTimes = (Vec<(usize, f64)>, u64);

/// Runs every query `repeats` times per client, with `clients` threads in parallel, `runs`
/// times after a warm-up; `search` returns the number of matching documents.
pub fn measure<F>(
    queries: &[Query],
    clients: usize,
    runs: usize,
    repeats: usize,
    search: F,
) -> Result<LatencyReport>
where
    F: Fn(&str) -> Result<u64> + Sync,
{
    let clients = clients.max(1);
    let one_run = || -> Result<(ClientTimes, f64)> {
        let started = Instant::now();
        let results: Vec<Result<ClientTimes>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..clients)
                .map(|client| {
                    let search = &search;
                    scope.spawn(move || -> Result<ClientTimes> {
                        let mut times = Vec::with_capacity(queries.len() * repeats);
                        let mut hits = 0;
                        // Clients start at different queries, so they do not run in lockstep.
                        let offset = client * queries.len() / clients;
                        for _ in 0..repeats {
                            for k in 0..queries.len() {
                                let q = (k + offset) % queries.len();
                                let t = Instant::now();
                                let found = search(&queries[q].text)
                                    .with_context(|| format!("query {:?}", queries[q].text))?;
                                times.push((q, t.elapsed().as_secs_f64() * 1000.0));
                                if client == 0 {
                                    hits += found;
                                }
                            }
                        }
                        Ok((times, hits))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("client panicked")))
                })
                .collect()
        });
        let wall = started.elapsed().as_secs_f64();
        let mut all = Vec::new();
        let mut hits = 0;
        for result in results {
            let (times, h) = result?;
            all.extend(times);
            hits += h;
        }
        Ok(((all, hits), wall))
    };
    one_run()?;
    let mut per_run = Vec::new();
    let mut qps = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut hits = 0;
    let mut searches = 0;
    for _ in 0..runs.max(1) {
        let ((times, h), wall) = one_run()?;
        hits = h / repeats.max(1) as u64;
        searches = times.len();
        qps.push(times.len() as f64 / wall.max(1e-9));
        for &(q, ms) in &times {
            by_kind.entry(queries[q].kind.clone()).or_default().push(ms);
        }
        per_run.push(percentiles(times.into_iter().map(|(_, ms)| ms).collect()));
    }
    let pick = |f: fn(&Percentiles) -> f64| median(&per_run.iter().map(f).collect::<Vec<_>>());
    let p99s: Vec<f64> = per_run.iter().map(|p| p.p99).collect();
    Ok(LatencyReport {
        clients,
        runs: per_run.len(),
        searches_per_run: searches,
        median: Percentiles {
            p50: pick(|p| p.p50),
            p95: pick(|p| p.p95),
            p99: pick(|p| p.p99),
            mean: pick(|p| p.mean),
        },
        p99_range: (
            p99s.iter().copied().fold(f64::INFINITY, f64::min),
            p99s.iter().copied().fold(0.0, f64::max),
        ),
        qps: median(&qps),
        p50_by_kind: by_kind
            .into_iter()
            .map(|(kind, ms)| (kind, median(&ms)))
            .collect(),
        hits,
    })
}

/// Per-query latencies (ms) from the output of `tantivy bench` (tantivy-cli): each query's
/// search time plus its fetch-store time, paired in order, so a figure covers what a result
/// page costs, as the in-process measurements do.
pub fn parse_tantivy_bench(output: &str) -> Vec<f64> {
    let mut search = Vec::new();
    let mut fetch = Vec::new();
    let mut section = 0;
    for line in output.lines() {
        match line.trim() {
            "SEARCH" => section = 1,
            "FETCH STORE" => section = 2,
            _ => {
                let Some(micros) = line
                    .rsplit('\t')
                    .next()
                    .and_then(|v| v.trim().parse::<f64>().ok())
                else {
                    continue;
                };
                if !line.contains('\t') {
                    continue;
                }
                match section {
                    1 => search.push(micros / 1000.0),
                    2 => fetch.push(micros / 1000.0),
                    _ => {}
                }
            }
        }
    }
    search
        .iter()
        .enumerate()
        .map(|(i, s)| s + fetch.get(i).copied().unwrap_or(0.0))
        .collect()
}

/// Percentiles of one run's latencies (ms).
pub fn percentiles_of(ms: Vec<f64>) -> Percentiles {
    percentiles(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_and_median_table() {
        let xs: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&xs, 0.5), 50.0);
        assert_eq!(percentile(&xs, 0.99), 99.0);
        assert_eq!(percentile(&xs, 1.0), 100.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn measure_runs_every_query_for_every_client() {
        let queries: Vec<Query> = ["a", "bb", "ccc"]
            .iter()
            .map(|q| Query {
                kind: "word".into(),
                text: q.to_string(),
            })
            .collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let report = measure(&queries, 2, 3, 2, |q| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(q.len() as u64)
        })
        .unwrap();
        // Warm-up plus 3 runs, 2 clients, 2 repeats, 3 queries.
        assert_eq!(calls.into_inner(), 4 * 2 * 2 * 3);
        assert_eq!(report.searches_per_run, 12);
        assert_eq!(report.hits, 6);
        assert_eq!(report.runs, 3);
    }

    #[test]
    fn parses_tantivy_cli_bench_output() {
        let output = "Index : \"/x\"\n\nSEARCH\n\nquery\tnum hits\ttime in microsecs\n\
                      nhà\t337\t180\nđất\t170\t20\n\n\nFETCH STORE\n\n\
                      query\ttime in microsecs\nnhà\t500\nđất\t300\n";
        let ms = parse_tantivy_bench(output);
        assert_eq!(ms.len(), 2);
        assert!(
            (ms[0] - 0.68).abs() < 1e-9 && (ms[1] - 0.32).abs() < 1e-9,
            "{ms:?}"
        );
    }

    #[test]
    fn a_failing_search_is_an_error() {
        let queries = vec![Query {
            kind: "word".into(),
            text: "x".into(),
        }];
        assert!(measure(&queries, 1, 1, 1, |_| anyhow::bail!("boom")).is_err());
    }
}
