//! The benchmark run: for each corpus size, full builds of newsindex and of the baselines
//! (interleaved, so drift hits both), incremental rebuilds, linking alone and its quality,
//! and search latency; a table on stdout and everything as JSON.

use crate::generate::{dir_bytes, generate, CorpusFiles, GenOptions, GenSummary};
use crate::latency::{median, LatencyReport};
use crate::pools::Pools;
use crate::quality::{read_families, score_groups, score_links, PairScores};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// Corpus sizes (articles).
    pub sizes: Vec<usize>,
    /// Repetitions of each measurement (medians are reported).
    pub runs: usize,
    /// Corpus seed.
    pub seed: u64,
    /// Where corpora and indexes go (outside the repository).
    pub data: PathBuf,
    /// The release `newsindex` binary.
    pub newsindex: PathBuf,
    /// `tantivy` from tantivy-cli, when installed.
    pub tantivy_cli: Option<PathBuf>,
    /// Indexing threads for every engine.
    pub threads: usize,
    /// Writer heap for every engine, MiB.
    pub heap_mib: usize,
    /// The query set (`kind<TAB>query`).
    pub queries: PathBuf,
    /// Smallest size at which search latency is measured.
    pub search_min: usize,
    /// Search runs after the warm-up (medians over them).
    pub search_runs: usize,
    /// Incremental rebuild rounds (0 skips them).
    pub incremental_runs: usize,
    /// Time `link_articles` alone in its own process (it re-reads the corpus, which at 1M
    /// articles costs as much as the build's read stage); the build's `link` stage is
    /// always reported.
    pub link_alone: bool,
    /// Shared benchmark text.
    pub shared: PathBuf,
    /// The bundled development articles (fallback text).
    pub dev: PathBuf,
}

/// A command's wall time, peak RSS and output.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    /// Wall seconds.
    pub secs: f64,
    /// Peak resident set size, KiB (from `/usr/bin/time -v`).
    pub rss_kib: u64,
    /// User + system CPU seconds (from `/usr/bin/time -v`): less sensitive than wall time
    /// to other processes on a shared machine.
    pub cpu_secs: f64,
    /// Standard output.
    pub stdout: String,
}

/// Runs `program args` under `/usr/bin/time -v`, stdin from `stdin` when given.
pub fn time_v(program: &Path, args: &[OsString], stdin: Option<&Path>) -> Result<Measured> {
    let report = tempfile_path("time");
    let mut command = Command::new("/usr/bin/time");
    command
        .arg("-v")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = stdin {
        command.stdin(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        );
    }
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run /usr/bin/time {}", program.display()))?;
    let secs = started.elapsed().as_secs_f64();
    let time_text = std::fs::read_to_string(&report).unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    // newsindex exits 1 when some inputs were rejected; that is still a finished build.
    let code = output.status.code().unwrap_or(-1);
    anyhow::ensure!(
        code == 0 || code == 1,
        "{} {:?} failed ({code}): {}",
        program.display(),
        args,
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .rev()
            .take(5)
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let rss_kib = time_text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let field = |name: &str| -> f64 {
        time_text
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    let cpu_secs = field("User time (seconds):") + field("System time (seconds):");
    Ok(Measured {
        secs,
        rss_kib,
        cpu_secs,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

fn tempfile_path(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "newsindex-bench-{tag}-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos() ^ u128::from(rand_word())
    ))
}

fn rand_word() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Medians and ranges of a timed build.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BuildFigures {
    /// Wall seconds of each run.
    pub secs: Vec<f64>,
    /// Median wall seconds.
    pub median_secs: f64,
    /// Median CPU seconds (user + system).
    pub cpu_secs: f64,
    /// Articles per second (median run).
    pub articles_per_sec: f64,
    /// Input MB (10^6 bytes of JSONL) per second (median run).
    pub mb_per_sec: f64,
    /// Largest peak RSS over runs, MiB.
    pub peak_rss_mib: f64,
    /// Index size on disk, MB.
    pub index_mb: f64,
    /// Median seconds per stage (newsindex only).
    pub stages: BTreeMap<String, f64>,
}

impl BuildFigures {
    fn from_runs(runs: &[Measured], articles: usize, input_bytes: u64, index: &Path) -> Self {
        let secs: Vec<f64> = runs.iter().map(|m| m.secs).collect();
        let median_secs = median(&secs);
        let mut stages: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for run in runs {
            if let Ok(summary) = serde_json::from_str::<serde_json::Value>(&run.stdout) {
                if let Some(map) = summary.get("stages").and_then(|s| s.as_object()) {
                    for (stage, secs) in map {
                        if let Some(secs) = secs.as_f64() {
                            stages.entry(stage.clone()).or_default().push(secs);
                        }
                    }
                }
            }
        }
        BuildFigures {
            median_secs,
            cpu_secs: median(&runs.iter().map(|m| m.cpu_secs).collect::<Vec<_>>()),
            articles_per_sec: articles as f64 / median_secs.max(1e-9),
            mb_per_sec: input_bytes as f64 / 1e6 / median_secs.max(1e-9),
            peak_rss_mib: runs.iter().map(|m| m.rss_kib).max().unwrap_or(0) as f64 / 1024.0,
            index_mb: dir_bytes(index) as f64 / 1e6,
            stages: stages
                .into_iter()
                .map(|(stage, v)| (stage, median(&v)))
                .collect(),
            secs,
        }
    }
}

/// Linking figures of one size.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LinkFigures {
    /// Median `link` stage seconds inside the full builds.
    pub stage_secs: f64,
    /// Median seconds of `link_articles` alone (in-process, anchors precomputed).
    pub alone_secs: f64,
    /// Each run of linking alone.
    pub alone_runs: Vec<f64>,
    /// Seconds to extract the anchors (once, both threads).
    pub anchors_secs: f64,
    /// Story co-membership pairs vs families (from `newsindex stories --format json`).
    pub story_pairs: PairScores,
    /// Translation links vs families.
    pub translation_links: PairScores,
    /// Every link (translations and same-event reports) vs families.
    pub all_links: PairScores,
}

/// Search figures at one size.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchFigures {
    /// newsindex, in-process `Engine`, per client count.
    pub newsindex: Vec<LatencyReport>,
    /// Plain tantivy (same query strings, filters dropped), per client count.
    pub baseline: Vec<LatencyReport>,
    /// tantivy-cli's `bench` command on its own index (one client; search + fetch-store
    /// time per query, as it reports them), when tantivy-cli is installed.
    pub tantivy_cli: Option<LatencyReport>,
}

/// Everything measured at one size.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SizeResult {
    /// Articles.
    pub articles: usize,
    /// The generated corpus.
    pub corpus: GenSummary,
    /// `newsindex index --full`.
    pub full: BuildFigures,
    /// tantivy-cli `index` of the same articles as `{title, body}`.
    pub tantivy_cli: Option<BuildFigures>,
    /// Plain tantivy 0.27 (this crate's baseline) on the same articles.
    pub plain_tantivy: BuildFigures,
    /// Median over runs of (newsindex time / tantivy-cli time) in the same round.
    pub ratio_vs_tantivy_cli: Option<f64>,
    /// Median over runs of (newsindex time / plain tantivy time) in the same round.
    pub ratio_vs_plain_tantivy: f64,
    /// Median over runs of (newsindex CPU seconds / tantivy-cli CPU seconds).
    pub cpu_ratio_vs_tantivy_cli: Option<f64>,
    /// Median over runs of (newsindex CPU seconds / plain tantivy CPU seconds).
    pub cpu_ratio_vs_plain_tantivy: f64,
    /// Incremental `index` after changing 1% of the articles.
    pub incremental: BuildFigures,
    /// Incremental median / full median.
    pub incremental_fraction: f64,
    /// Linking.
    pub link: LinkFigures,
    /// Search latency, at sizes from `search_min` on.
    pub search: Option<SearchFigures>,
}

/// The whole run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RunResult {
    /// When (seconds since the epoch).
    pub timestamp: u64,
    /// Machine facts.
    pub machine: BTreeMap<String, String>,
    /// Threads and heap given to every engine.
    pub threads: usize,
    /// Writer heap, MiB.
    pub heap_mib: usize,
    /// Repetitions.
    pub runs: usize,
    /// Per size.
    pub sizes: Vec<SizeResult>,
    /// Linking time growth between consecutive sizes: (from, to, time ratio of linking
    /// alone, or of the build's `link` stage when linking alone was not run).
    pub link_growth: Vec<(usize, usize, f64)>,
    /// Growth of the build's `link` stage between consecutive sizes: (from, to, ratio).
    pub link_stage_growth: Vec<(usize, usize, f64)>,
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn path_arg(path: &Path) -> OsString {
    path.as_os_str().to_os_string()
}

/// Makes (or reuses) the corpus of `articles` articles.
fn corpus(
    config: &RunConfig,
    articles: usize,
    pools: &mut Option<Pools>,
) -> Result<(PathBuf, GenSummary)> {
    let dir = config.data.join(format!("n{articles}-s{}", config.seed));
    let files = CorpusFiles::new(&dir);
    let fresh = !dir.join("mutated").exists()
        && std::fs::read_to_string(&files.summary)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| v["articles"].as_u64() == Some(articles as u64));
    if !fresh {
        if pools.is_none() {
            *pools = Some(Pools::load(&config.shared, &config.dev)?);
        }
        let Some(p) = pools.as_ref() else {
            anyhow::bail!("no sentence pools");
        };
        let _ = std::fs::remove_file(dir.join("mutated"));
        eprintln!("bench: generating {articles} articles in {}", dir.display());
        generate(
            p,
            &GenOptions {
                articles,
                seed: config.seed,
                ..GenOptions::default()
            },
            &dir,
        )?;
    }
    let text = std::fs::read_to_string(&files.summary)
        .with_context(|| format!("cannot read {}", files.summary.display()))?;
    let summary: GenSummary = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a corpus summary", files.summary.display()))?;
    Ok((dir, summary))
}

/// Runs the whole benchmark and returns its result.
pub fn run(config: &RunConfig, self_exe: &Path) -> Result<RunResult> {
    std::fs::create_dir_all(&config.data)?;
    let mut result = RunResult {
        timestamp: rand_word() / 1_000_000_000,
        machine: machine_facts(),
        threads: config.threads,
        heap_mib: config.heap_mib,
        runs: config.runs,
        ..RunResult::default()
    };
    let mut pools = None;
    for &size in &config.sizes {
        let outcome =
            run_size(config, self_exe, size, &mut pools).with_context(|| format!("size {size}"))?;
        eprintln!("{}", render_table(std::slice::from_ref(&outcome), &[], &[]));
        result.sizes.push(outcome);
    }
    for pair in result.sizes.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let stage = b.link.stage_secs / a.link.stage_secs.max(1e-9);
        result
            .link_stage_growth
            .push((a.articles, b.articles, stage));
        if a.link.alone_secs > 0.0 && b.link.alone_secs > 0.0 {
            result.link_growth.push((
                a.articles,
                b.articles,
                b.link.alone_secs / a.link.alone_secs,
            ));
        }
    }
    Ok(result)
}

fn run_size(
    config: &RunConfig,
    self_exe: &Path,
    size: usize,
    pools: &mut Option<Pools>,
) -> Result<SizeResult> {
    let (dir, summary) = corpus(config, size, pools)?;
    let files = CorpusFiles::new(&dir);
    let ours_dir = dir.with_extension("newsindex");
    let cli_dir = dir.with_extension("tantivy-cli");
    let plain_dir = dir.with_extension("tantivy");
    let threads = config.threads.to_string();
    let heap = config.heap_mib.to_string();
    let heap_bytes = (config.heap_mib << 20).to_string();

    let index_args = |full: bool| {
        let mut args = vec![
            OsString::from("index"),
            path_arg(&files.articles),
            OsString::from("--index"),
            path_arg(&ours_dir),
        ];
        if full {
            args.push(OsString::from("--full"));
        }
        args.extend(os(&[
            "--format",
            "json",
            "--quiet",
            "--threads",
            &threads,
            "--heap-mib",
            &heap,
        ]));
        args
    };

    let (mut ours, mut cli, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ratio_cli, mut ratio_plain) = (Vec::new(), Vec::new());
    let (mut cpu_cli, mut cpu_plain) = (Vec::new(), Vec::new());
    for round in 0..config.runs {
        eprintln!("bench: {size}: full build round {}", round + 1);
        let _ = std::fs::remove_dir_all(&ours_dir);
        let m = time_v(&config.newsindex, &index_args(true), None)?;
        let (our_secs, our_cpu) = (m.secs, m.cpu_secs);
        ours.push(m);
        if let Some(tantivy) = &config.tantivy_cli {
            let _ = std::fs::remove_dir_all(&cli_dir);
            create_cli_index(&cli_dir)?;
            let m = time_v(
                tantivy,
                &[
                    os(&["index", "-i"]),
                    vec![path_arg(&cli_dir)],
                    os(&["-t", &threads, "-m", &heap_bytes]),
                ]
                .concat(),
                Some(&files.plain),
            )?;
            ratio_cli.push(our_secs / m.secs.max(1e-9));
            cpu_cli.push(our_cpu / m.cpu_secs.max(1e-9));
            cli.push(m);
        }
        let _ = std::fs::remove_dir_all(&plain_dir);
        let m = time_v(
            self_exe,
            &[
                os(&["baseline-index", "--plain"]),
                vec![path_arg(&files.plain)],
                os(&["--index"]),
                vec![path_arg(&plain_dir)],
                os(&["--threads", &threads, "--heap-mib", &heap]),
            ]
            .concat(),
            None,
        )?;
        ratio_plain.push(our_secs / m.secs.max(1e-9));
        cpu_plain.push(our_cpu / m.cpu_secs.max(1e-9));
        plain.push(m);
    }
    let full = BuildFigures::from_runs(&ours, size, summary.jsonl_bytes, &ours_dir);
    let tantivy_cli = (!cli.is_empty())
        .then(|| BuildFigures::from_runs(&cli, size, summary.jsonl_bytes, &cli_dir));
    let plain_tantivy = BuildFigures::from_runs(&plain, size, summary.jsonl_bytes, &plain_dir);

    // Linking quality of the built index, from the CLI's JSON.
    eprintln!("bench: {size}: stories and linking");
    let families = read_families(&files.families)?;
    let stories_out = Command::new(&config.newsindex)
        .args(["stories", "--format", "json", "--index"])
        .arg(&ours_dir)
        .output()
        .context("cannot run newsindex stories")?;
    let stories: serde_json::Value =
        serde_json::from_slice(&stories_out.stdout).context("newsindex stories printed no JSON")?;
    let mut groups = Vec::new();
    let mut translations = Vec::new();
    let mut all_links = Vec::new();
    for story in stories["stories"].as_array().map_or(&[][..], Vec::as_slice) {
        let ids: Vec<String> = story["ids"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        groups.push(ids);
        for link in story["links"].as_array().map_or(&[][..], Vec::as_slice) {
            let pair = (
                link["a"].as_str().unwrap_or("").to_string(),
                link["b"].as_str().unwrap_or("").to_string(),
            );
            if link["relation"].as_str() == Some("translation") {
                translations.push(pair.clone());
            }
            all_links.push(pair);
        }
    }
    let (alone_runs, anchors_secs) = if config.link_alone {
        let alone = time_v(
            self_exe,
            &[
                os(&["link", "--corpus"]),
                vec![path_arg(&dir)],
                os(&["--runs", &config.runs.to_string()]),
            ]
            .concat(),
            None,
        )?;
        let alone: serde_json::Value =
            serde_json::from_str(&alone.stdout).context("link printed no JSON")?;
        let runs: Vec<f64> = alone["secs"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect();
        (runs, alone["anchors_secs"].as_f64().unwrap_or(0.0))
    } else {
        (Vec::new(), 0.0)
    };
    let link = LinkFigures {
        stage_secs: full.stages.get("link").copied().unwrap_or(0.0),
        alone_secs: median(&alone_runs),
        alone_runs,
        anchors_secs,
        story_pairs: score_groups(&groups, &families),
        translation_links: score_links(&translations, &families),
        all_links: score_links(&all_links, &families),
    };

    // Search, on the freshly built indexes.
    let search = if size >= config.search_min {
        let mut figures = SearchFigures::default();
        for clients in [1usize, 2] {
            eprintln!("bench: {size}: search, {clients} client(s)");
            for (which, index) in [("search", &ours_dir), ("baseline-search", &plain_dir)] {
                let m = time_v(
                    self_exe,
                    &[
                        os(&[which, "--index"]),
                        vec![path_arg(index)],
                        os(&["--queries"]),
                        vec![path_arg(&config.queries)],
                        os(&[
                            "--runs",
                            &config.search_runs.max(1).to_string(),
                            "--clients",
                            &clients.to_string(),
                            "--repeats",
                            "1",
                        ]),
                    ]
                    .concat(),
                    None,
                )?;
                let report: LatencyReport =
                    serde_json::from_str(&m.stdout).context("search printed no JSON")?;
                if which == "search" {
                    figures.newsindex.push(report);
                } else {
                    figures.baseline.push(report);
                }
            }
        }
        if let Some(tantivy) = &config.tantivy_cli {
            eprintln!("bench: {size}: tantivy-cli bench");
            figures.tantivy_cli = Some(cli_latency(config, tantivy, &cli_dir)?);
        }
        Some(figures)
    } else {
        None
    };
    let _ = std::fs::remove_dir_all(&cli_dir);

    // Incremental: change 1% of the articles, then update; several rounds.
    let mut incremental = Vec::new();
    for round in 1..=config.incremental_runs {
        eprintln!("bench: {size}: incremental round {round}");
        crate::mutate::mutate(&files.articles, 100, round)?;
        std::fs::write(dir.join("mutated"), round.to_string())?;
        incremental.push(time_v(&config.newsindex, &index_args(false), None)?);
    }
    let incremental =
        BuildFigures::from_runs(&incremental, size / 100, summary.jsonl_bytes, &ours_dir);
    let incremental_fraction = if incremental.secs.is_empty() {
        0.0
    } else {
        incremental.median_secs / full.median_secs.max(1e-9)
    };

    Ok(SizeResult {
        articles: size,
        corpus: summary,
        ratio_vs_tantivy_cli: (!ratio_cli.is_empty()).then(|| median(&ratio_cli)),
        ratio_vs_plain_tantivy: median(&ratio_plain),
        cpu_ratio_vs_tantivy_cli: (!cpu_cli.is_empty()).then(|| median(&cpu_cli)),
        cpu_ratio_vs_plain_tantivy: median(&cpu_plain),
        full,
        tantivy_cli,
        plain_tantivy,
        incremental,
        incremental_fraction,
        link,
        search,
    })
}

/// Search latency of tantivy-cli's `bench` command over the query strings (filters
/// dropped), one run per repetition, 3 passes each.
fn cli_latency(config: &RunConfig, tantivy: &Path, index: &Path) -> Result<LatencyReport> {
    let queries = crate::latency::read_queries(&config.queries)?;
    let plain: Vec<String> = queries
        .iter()
        .map(|q| crate::baseline::strip_filters(&q.text))
        .collect();
    let file = config.data.join("queries-plain.txt");
    std::fs::write(&file, plain.join("\n") + "\n")?;
    let mut per_run = Vec::new();
    for _ in 0..config.search_runs.max(1) {
        let m = time_v(
            tantivy,
            &[
                os(&["bench", "-i"]),
                vec![path_arg(index)],
                os(&["-q"]),
                vec![path_arg(&file)],
                os(&["-n", "3"]),
            ]
            .concat(),
            None,
        )?;
        per_run.push(crate::latency::parse_tantivy_bench(&m.stdout));
    }
    let stats: Vec<crate::latency::Percentiles> = per_run
        .iter()
        .map(|ms| crate::latency::percentiles_of(ms.clone()))
        .collect();
    let pick = |f: fn(&crate::latency::Percentiles) -> f64| {
        median(&stats.iter().map(f).collect::<Vec<_>>())
    };
    let p99s: Vec<f64> = stats.iter().map(|p| p.p99).collect();
    Ok(LatencyReport {
        clients: 1,
        runs: stats.len(),
        searches_per_run: per_run.first().map_or(0, Vec::len),
        median: crate::latency::Percentiles {
            p50: pick(|p| p.p50),
            p95: pick(|p| p.p95),
            p99: pick(|p| p.p99),
            mean: pick(|p| p.mean),
        },
        p99_range: (
            p99s.iter().copied().fold(f64::INFINITY, f64::min),
            p99s.iter().copied().fold(0.0, f64::max),
        ),
        qps: 0.0,
        p50_by_kind: BTreeMap::new(),
        hits: 0,
    })
}

/// Creates an empty tantivy-cli index (title + body, stored, default tokenizer) without its
/// interactive `new` command: tantivy-cli reads the schema from `meta.json`.
fn create_cli_index(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let field = |name: &str| {
        serde_json::json!({
            "name": name,
            "type": "text",
            "options": {
                "indexing": {"record": "position", "fieldnorms": true, "tokenizer": "default"},
                "stored": true,
                "fast": false
            }
        })
    };
    let meta = serde_json::json!({
        "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
        "segments": [],
        "schema": [field("title"), field("body")],
        "opstamp": 0
    });
    std::fs::write(dir.join("meta.json"), serde_json::to_vec_pretty(&meta)?)?;
    Ok(())
}

fn machine_facts() -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    if let Ok(cpu) = std::fs::read_to_string("/proc/cpuinfo") {
        if let Some(model) = cpu.lines().find_map(|l| l.strip_prefix("model name")) {
            facts.insert(
                "cpu".into(),
                model.trim_start_matches([' ', '\t', ':']).to_string(),
            );
        }
    }
    facts.insert(
        "cores".into(),
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .to_string(),
    );
    if let Ok(mem) = std::fs::read_to_string("/proc/meminfo") {
        if let Some(total) = mem.lines().find(|l| l.starts_with("MemTotal")) {
            facts.insert(
                "memory".into(),
                total.trim_start_matches("MemTotal:").trim().to_string(),
            );
        }
    }
    facts
}

fn fmt_opt(value: Option<f64>, digits: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.digits$}"))
}

/// The human table of a run.
pub fn render_table(
    sizes: &[SizeResult],
    growth: &[(usize, usize, f64)],
    stage_growth: &[(usize, usize, f64)],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nFull build (`index --full`), medians; ratio = newsindex / baseline in the same round"
    );
    let _ = writeln!(out, "| articles | MB in | newsindex s | art/s | MB/s | peak RSS MiB | index MB | tantivy-cli s | ratio | plain tantivy s | ratio | CPU ratio cli / plain | stages s (read/anchors/link/write/commit) |");
    let _ = writeln!(
        out,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    for s in sizes {
        let stage = |name: &str| s.full.stages.get(name).copied().unwrap_or(0.0);
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.1} ({:.1}–{:.1}) | {:.0} | {:.2} | {:.0} | {:.0} | {} | {} | {:.1} | {:.2} | {} / {:.2} | {:.1}/{:.1}/{:.1}/{:.1}/{:.1} |",
            s.articles,
            s.corpus.jsonl_bytes as f64 / 1e6,
            s.full.median_secs,
            s.full.secs.iter().copied().fold(f64::INFINITY, f64::min),
            s.full.secs.iter().copied().fold(0.0, f64::max),
            s.full.articles_per_sec,
            s.full.mb_per_sec,
            s.full.peak_rss_mib,
            s.full.index_mb,
            fmt_opt(s.tantivy_cli.as_ref().map(|c| c.median_secs), 1),
            fmt_opt(s.ratio_vs_tantivy_cli, 2),
            s.plain_tantivy.median_secs,
            s.ratio_vs_plain_tantivy,
            fmt_opt(s.cpu_ratio_vs_tantivy_cli, 2),
            s.cpu_ratio_vs_plain_tantivy,
            stage("read"),
            stage("anchors"),
            stage("link"),
            stage("write"),
            stage("commit"),
        );
    }
    let _ = writeln!(
        out,
        "\nBaseline peak RSS MiB / index MB: {}",
        sizes
            .iter()
            .map(|s| format!(
                "{}: tantivy-cli {} / {}, plain tantivy {:.0} / {:.0}",
                s.articles,
                fmt_opt(s.tantivy_cli.as_ref().map(|c| c.peak_rss_mib), 0),
                fmt_opt(s.tantivy_cli.as_ref().map(|c| c.index_mb), 0),
                s.plain_tantivy.peak_rss_mib,
                s.plain_tantivy.index_mb,
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );

    let _ = writeln!(
        out,
        "\nIncremental `index` after changing 1% of the articles; linking; corpus"
    );
    let _ = writeln!(out, "| articles | incremental s | fraction of full | link stage s | link alone s | story pairs P/R | translation links P/R | families | dedup ratio |");
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---|---|---:|---:|");
    for s in sizes {
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.3} | {:.2} | {:.2} | {:.3}/{:.3} | {:.3}/{:.3} | {} | {:.3} |",
            s.articles,
            s.incremental.median_secs,
            s.incremental_fraction,
            s.link.stage_secs,
            s.link.alone_secs,
            s.link.story_pairs.precision,
            s.link.story_pairs.recall,
            s.link.translation_links.precision,
            s.link.translation_links.recall,
            s.corpus.families,
            s.corpus.dedup_ratio,
        );
    }
    for (from, to, ratio) in stage_growth {
        let _ = writeln!(out, "Link stage of the build {from} -> {to} articles: {ratio:.2}x the time for {:.0}x the articles", *to as f64 / *from as f64);
    }
    for (from, to, ratio) in growth {
        let _ = writeln!(
            out,
            "Linking alone {from} -> {to} articles: {ratio:.2}x the time for {:.0}x the articles",
            *to as f64 / *from as f64
        );
    }
    if sizes.iter().any(|s| s.search.is_some()) {
        let _ = writeln!(
            out,
            "\nSearch latency, ms (median over runs of each percentile; in-process)"
        );
        let _ = writeln!(out, "| articles | clients | newsindex p50 / p95 / p99 | plain tantivy p50 / p95 / p99 | p99 ratio | newsindex q/s | tantivy q/s |");
        let _ = writeln!(out, "|---:|---:|---|---|---:|---:|---:|");
        for s in sizes {
            let Some(search) = &s.search else { continue };
            for (ours, base) in search.newsindex.iter().zip(&search.baseline) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} | {:.1} | {:.0} | {:.0} |",
                    s.articles,
                    ours.clients,
                    ours.median.p50,
                    ours.median.p95,
                    ours.median.p99,
                    base.median.p50,
                    base.median.p95,
                    base.median.p99,
                    ours.median.p99 / base.median.p99.max(1e-9),
                    ours.qps,
                    base.qps,
                );
            }
            if let (Some(cli), Some(ours)) = (&search.tantivy_cli, search.newsindex.first()) {
                let _ = writeln!(
                    out,
                    "| {} | 1 | (tantivy-cli `bench`, search + fetch) | {:.2} / {:.2} / {:.2} | {:.1} | | |",
                    s.articles,
                    cli.median.p50,
                    cli.median.p95,
                    cli.median.p99,
                    ours.median.p99 / cli.median.p99.max(1e-9),
                );
            }
        }
    }
    out.push_str(&crate::render_targets(sizes));
    out
}
