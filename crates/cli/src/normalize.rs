//! `newsindex normalize`: read inputs, print one clean article per line.

use crate::{EXIT_FATAL, EXIT_OK, EXIT_REJECTED};
use anyhow::Context;
use newsindex_core::publication;
use newsindex_ingest::{read_paths_until, Outcome, ReadOptions};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

/// How articles are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    /// One JSON record per line (JSONL).
    Json,
    /// One line per article: id, language, date, source, title (tab-separated).
    Text,
}

/// Arguments of `newsindex normalize`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or directories (walked recursively): .txt .md .json .jsonl .ndjson .html .htm
    /// .warc, optionally .gz.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Parsing threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print no per-input errors and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// Reasons are counted by their general form, without quoted values or positions.
fn reason_key(reason: &str) -> String {
    let head = reason.split([':', '(']).next().unwrap_or(reason).trim();
    head.to_string()
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let options = ReadOptions {
        threads: args.threads.unwrap_or(0),
        ..ReadOptions::default()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut ok = 0usize;
    let mut rejected = 0usize;
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut write_error: Option<io::Error> = None;
    let stats = read_paths_until(&args.paths, &options, |outcome| {
        match outcome {
            Outcome::Article(article) => {
                ok += 1;
                let written = match args.format {
                    OutputFormat::Json => serde_json::to_writer(&mut out, &article)
                        .map_err(io::Error::from)
                        .and_then(|()| out.write_all(b"\n")),
                    OutputFormat::Text => writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        article.id,
                        article.lang,
                        publication(article.date, article.month).unwrap_or_else(|| "-".to_string()),
                        article.source.as_deref().unwrap_or("-"),
                        article.title
                    ),
                };
                if let Err(err) = written {
                    write_error = Some(err);
                    return ControlFlow::Break(());
                }
            }
            Outcome::Rejected(rejection) => {
                rejected += 1;
                *reasons.entry(reason_key(&rejection.reason)).or_default() += 1;
                if !args.quiet {
                    eprintln!("{}: {}", rejection.origin, rejection.reason);
                }
            }
            // Only reported when known raw hashes are given, which normalize never does.
            Outcome::Unchanged { .. } => {}
        }
        ControlFlow::Continue(())
    });
    let flushed = match write_error {
        Some(err) => Err(err),
        None => out.flush(),
    };
    if let Err(err) = flushed {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Ok(EXIT_OK);
        }
        return Err(err).context("cannot write to standard output");
    }
    if !args.quiet {
        let mut summary = format!(
            "newsindex normalize: {} files, {} articles read: {ok} ok, {rejected} rejected",
            stats.files,
            ok + rejected
        );
        if stats.skipped > 0 {
            summary.push_str(&format!(
                "; {} files skipped (unknown extension, documentation or label files)",
                stats.skipped
            ));
        }
        eprintln!("{summary}");
        for (reason, count) in &reasons {
            eprintln!("  {count:>6}  {reason}");
        }
    }
    Ok(if ok == 0 {
        if rejected == 0 && !args.quiet {
            eprintln!("newsindex normalize: no article found");
        }
        EXIT_FATAL
    } else if rejected > 0 {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}
