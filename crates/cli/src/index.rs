//! `newsindex index`: build or update the index from files, with a progress bar and a summary.

use crate::common::{Format, DEFAULT_CORPUS, DEFAULT_INDEX};
use crate::{EXIT_FATAL, EXIT_OK, EXIT_REJECTED};
use indicatif::{ProgressBar, ProgressStyle};
use newsindex_build::{run_with, BuildOptions, BuildSummary, Event, Inputs};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Arguments of `newsindex index`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or directories to index (default: corpus/): .txt .md .json .jsonl .ndjson
    /// .html .htm .warc, optionally .gz.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Rebuild from scratch instead of updating what changed.
    #[arg(long)]
    full: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Memory budget of the index writer, in MiB; no merge of segments after the commit maps
    /// more segment files than this.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    heap_mib: usize,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// No progress bar, no per-input errors on stderr and no text summary (a JSON summary
    /// asked for with `--format json` is still printed).
    #[arg(long, short)]
    quiet: bool,
}

/// Settings of one build.
#[derive(Debug, Clone)]
pub(crate) struct BuildSettings {
    pub full: bool,
    pub threads: usize,
    pub heap_mib: usize,
    pub quiet: bool,
}

impl Default for BuildSettings {
    fn default() -> Self {
        BuildSettings {
            full: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            heap_mib: 512,
            quiet: true,
        }
    }
}

fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{elapsed_precise}] {pos} articles ({per_sec})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// Builds or updates the index in `dir` from `paths`.
pub(crate) fn build(
    paths: &[PathBuf],
    dir: &Path,
    settings: &BuildSettings,
) -> anyhow::Result<BuildSummary> {
    let options = BuildOptions {
        index: dir.to_path_buf(),
        full: settings.full,
        threads: settings.threads.max(1),
        heap_bytes: settings.heap_mib.max(16) << 20,
    };
    let bar = progress_bar(settings.quiet);
    let bar_ref = Mutex::new(bar.clone());
    let quiet = settings.quiet;
    let observe = move |event: Event<'_>| match event {
        Event::Progress(p) => {
            if let Ok(guard) = bar_ref.lock() {
                if let Some(bar) = guard.as_ref() {
                    bar.set_message(p.phase);
                    bar.set_position(p.done);
                }
            }
        }
        Event::Rejected { origin, reason } if !quiet => {
            eprintln!("newsindex: {origin}: {reason}");
        }
        Event::Rejected { .. } => {}
    };
    let result = run_with(Inputs::Paths(paths.to_vec()), &options, &observe);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result?)
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths.clone()
    };
    let settings = BuildSettings {
        full: args.full,
        threads: args
            .threads
            .unwrap_or_else(|| BuildSettings::default().threads),
        heap_mib: args.heap_mib,
        quiet: args.quiet,
    };
    // A path that does not exist is a mistake in the command, not a rejected input: with
    // `--full` it would otherwise publish an index without everything that was in it.
    if let Some((path, error)) = paths
        .iter()
        .find_map(|p| std::fs::metadata(p).err().map(|e| (p, e)))
    {
        eprintln!(
            "newsindex index: {}: cannot read: {error}; the index was not changed",
            path.display()
        );
        return Ok(EXIT_FATAL);
    }
    let summary = build(&paths, &args.index, &settings)?;
    match args.format {
        Format::Json => crate::common::print_json(&summary)?,
        Format::Text if args.quiet => {}
        Format::Text => print_summary(&summary, &args.index),
    }
    Ok(if summary.rejected > 0 {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

fn print_summary(s: &BuildSummary, dir: &Path) {
    let not_read = match s.files_skipped {
        0 => String::new(),
        1 => " (1 file unchanged, not read)".to_string(),
        n => format!(" ({n} files unchanged, not read)"),
    };
    println!(
        "indexed into {}: {} added, {} updated, {} removed, {} unchanged{not_read}, {} rejected",
        dir.display(),
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.rejected
    );
    for (reason, count) in &s.rejected_reasons {
        println!("  rejected {count} × {reason}");
    }
    println!(
        "{} articles in {} stories ({} with several versions); {:.1} s, {:.0} articles/s, {:.1} MB/s",
        s.articles, s.stories, s.linked_stories, s.elapsed_secs, s.articles_per_sec, s.mb_per_sec
    );
}
