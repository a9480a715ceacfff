//! `newsindex batch`: the build as separate steps speaking JSON lines on stdin and stdout, so
//! that a batch framework (the Spark job in `spark/`) can run them on partitions of a corpus.
//! The work is `newsindex_build::batch`'s; this module only reads and writes lines.
//!
//! Protocol (one JSON object per line, UTF-8; see `spark/README.md`):
//! - `list ROOT...` prints `{"file":N,"path":P}` for every input file in the order
//!   `newsindex index` reads them, or a rejection line for a root that cannot be listed.
//! - `facts` reads listing lines (or bare paths) and prints one line per record:
//!   `{"kind":"article","order":[FILE,SEQ],"id":…,"origin":…,"lang":…,"day":…,"hash":…,
//!   "raw":…,"link":{…},"article":{…}}` or `{"kind":"rejected","order":…,"origin":…,
//!   "reason":…}`. A bad record or stdin line is a rejection line; the partition goes on.
//! - `link` reads article lines (the `article` member may be dropped), sorted by `order`,
//!   and prints `{"kind":"story",…}` per story of several articles, `{"kind":"duplicate",…}`
//!   per record dropped for an id seen before, and `{"kind":"totals",…}` last.
//! - `shard DIR --links FILE` reads article lines and writes them into a fresh index in DIR
//!   with the stories of FILE (the `link` output); prints `{"shard":DIR,"articles":N}`.
//! - `merge OUT SHARD...` merges shard indexes into OUT, published atomically; prints
//!   `{"index":OUT,"articles":N}`.
//! - `keys`, `entries`, `copy-pairs`, `proposals`, `candidates`, `score`, `families`,
//!   `stories`: linking over partitions instead of `link`, one step per Spark stage (see
//!   `newsindex_build::batch::LinkingStep` for each step's lines).

use crate::{EXIT_FATAL, EXIT_OK};
use anyhow::Context;
use newsindex_build::batch::{
    self, ArticleFacts, Assignment, FactLine, InputFile, LinkLine, LinkingStep,
};
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

/// Arguments of `newsindex batch`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, clap::Subcommand)]
enum Step {
    /// Print the input files in the order `newsindex index` reads them, numbered.
    List {
        /// Files or directories.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read the files named on stdin; print each record's article and linking facts.
    Facts,
    /// Link the whole corpus from article lines on stdin (sorted by `order`); print stories.
    Link,
    /// Write the article lines on stdin into a fresh index shard with the corpus' stories.
    Shard {
        /// Directory of the new shard (must not exist, or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The output of `newsindex batch link`.
        #[arg(long, value_name = "FILE")]
        links: PathBuf,
        /// Memory budget of the shard's index writer, in MiB.
        #[arg(long, value_name = "MIB", default_value_t = 128)]
        heap_mib: usize,
    },
    /// Linking over partitions: statistics keys of indexed compact article lines.
    Keys,
    /// Linking over partitions: copy-hash and posting entries of keyed articles.
    Entries,
    /// Linking over partitions: copy proposals of one sketch hash's holders per line.
    CopyPairs,
    /// Linking over partitions: candidate proposals of one anchor's holders per line.
    Proposals,
    /// Linking over partitions: each article's best candidates from its proposals.
    Candidates {
        /// Articles in the corpus.
        #[arg(long, value_name = "N")]
        articles: u32,
    },
    /// Linking over partitions: score groups of an article and its partners (keyed article
    /// lines first, then groups naming them by index).
    Score {
        /// Articles in the corpus.
        #[arg(long, value_name = "N")]
        articles: u32,
        /// The pairs are copy proposals (kept only as duplicates).
        #[arg(long)]
        copies: bool,
    },
    /// Linking over partitions: family heads from the copy links.
    Families,
    /// Linking over partitions: stories from all scored links (one task).
    Stories {
        /// Articles in the corpus.
        #[arg(long, value_name = "N")]
        articles: u32,
    },
    /// Merge shards into one index, published atomically.
    Merge {
        /// The index directory to publish.
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// Shard directories, in order.
        #[arg(value_name = "SHARD")]
        shards: Vec<PathBuf>,
    },
}

pub(crate) fn run(args: Args) -> anyhow::Result<i32> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let code = match args.step {
        Step::List { paths } => {
            if let Some(path) = paths.iter().find(|p| !p.exists()) {
                eprintln!("newsindex batch list: {}: no such file", path.display());
                return Ok(EXIT_FATAL);
            }
            for entry in batch::input_files(&paths) {
                print_line(&mut out, &entry)?;
            }
            EXIT_OK
        }
        Step::Facts => {
            facts(stdin, &mut out)?;
            EXIT_OK
        }
        Step::Link => {
            // Streamed: the linker keeps its compact form of each article, not the lines.
            let mut error = None;
            let facts = articles(stdin).map_while(|fact| fact.map_err(|e| error = Some(e)).ok());
            let mut lines = Vec::new();
            let linked = batch::link_facts(facts, |line| lines.push(line));
            if let Some(err) = error {
                return Err(err);
            }
            if let Err(err) = linked {
                eprintln!("newsindex batch link: {err}");
                return Ok(EXIT_FATAL);
            }
            for line in &lines {
                print_line(&mut out, line)?;
            }
            EXIT_OK
        }
        Step::Shard {
            dir,
            links,
            heap_mib,
        } => {
            let text = std::fs::read_to_string(&links)
                .with_context(|| format!("{}: cannot read", links.display()))?;
            let lines = text
                .lines()
                .enumerate()
                .map(|(n, line)| {
                    serde_json::from_str::<LinkLine>(line)
                        .with_context(|| format!("{}:{}: not a link line", links.display(), n + 1))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let assignment = Assignment::from_lines(lines);
            let mut error = None;
            let facts =
                articles(stdin).map_while(|fact| fact.map_err(|err| error = Some(err)).ok());
            let written = batch::write_shard(&dir, &assignment, facts, heap_mib.max(16) << 20)?;
            if let Some(err) = error {
                return Err(err);
            }
            let summary = serde_json::json!({"shard": dir, "articles": written});
            print_line(&mut out, &summary)?;
            EXIT_OK
        }
        Step::Keys => linking(LinkingStep::Keys, stdin, &mut out)?,
        Step::Entries => linking(LinkingStep::Entries, stdin, &mut out)?,
        Step::CopyPairs => linking(LinkingStep::CopyPairs, stdin, &mut out)?,
        Step::Proposals => linking(LinkingStep::Proposals, stdin, &mut out)?,
        Step::Candidates { articles } => {
            linking(LinkingStep::Candidates { articles }, stdin, &mut out)?
        }
        Step::Score { articles, copies } => {
            linking(LinkingStep::Score { articles, copies }, stdin, &mut out)?
        }
        Step::Families => linking(LinkingStep::Families, stdin, &mut out)?,
        Step::Stories { articles } => linking(LinkingStep::Stories { articles }, stdin, &mut out)?,
        Step::Merge { out: index, shards } => {
            let articles = batch::merge_shards(&index, &shards)?;
            print_line(
                &mut out,
                &serde_json::json!({"index": index, "articles": articles}),
            )?;
            EXIT_OK
        }
    };
    out.flush()?;
    Ok(code)
}

/// Runs a linking step from stdin to stdout; a line it cannot read fails the step (exit 2):
/// these lines come from other steps, not from the input records.
fn linking(step: LinkingStep, stdin: impl BufRead, out: &mut impl Write) -> anyhow::Result<i32> {
    let mut read_error = None;
    let lines = stdin
        .lines()
        .map_while(|line| line.map_err(|err| read_error = Some(err)).ok());
    let mut write_error = None;
    let result = batch::linking_step(step, lines, |line| {
        if write_error.is_none() {
            if let Err(err) = out
                .write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
            {
                write_error = Some(err);
            }
        }
    });
    if let Some(err) = read_error.or(write_error) {
        return Err(err.into());
    }
    if let Err(err) = result {
        eprintln!("newsindex batch {step:?}: {err}");
        return Ok(EXIT_FATAL);
    }
    Ok(EXIT_OK)
}

fn print_line(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The facts step: every stdin line names a file (a listing line, or a bare path numbered by
/// its line); every record of it becomes one output line. Nothing a line holds stops the
/// others.
fn facts(stdin: impl BufRead, out: &mut impl Write) -> anyhow::Result<()> {
    let mut failed: Option<std::io::Error> = None;
    for (n, line) in stdin.lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                let rejected = FactLine::Rejected {
                    order: (n as u64, 0),
                    origin: format!("<stdin>:{}", n + 1),
                    reason: format!("unreadable line: {err}"),
                };
                print_line(out, &rejected)?;
                continue;
            }
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (file, path) = match serde_json::from_str::<InputFile>(line) {
            Ok(InputFile::File { file, path }) => (file, path),
            Ok(InputFile::Rejected(rejected)) => {
                print_line(out, &rejected)?;
                continue;
            }
            Err(_) if !line.starts_with('{') => (n as u64, PathBuf::from(line)),
            Err(err) => {
                let rejected = FactLine::Rejected {
                    order: (n as u64, 0),
                    origin: format!("<stdin>:{}", n + 1),
                    reason: format!("not a listing line: {err}"),
                };
                print_line(out, &rejected)?;
                continue;
            }
        };
        batch::facts_of_file(file, &path, |fact| {
            if failed.is_none() {
                if let Err(err) = print_line(out, &fact) {
                    failed = Some(std::io::Error::other(err.to_string()));
                }
            }
        });
        if let Some(err) = failed.take() {
            return Err(err.into());
        }
    }
    Ok(())
}

/// The article lines of stdin (rejection lines are skipped: they were reported by the facts
/// step); a line that is not a facts line is an error naming its number.
fn articles(stdin: impl BufRead) -> impl Iterator<Item = anyhow::Result<ArticleFacts>> {
    stdin.lines().enumerate().filter_map(|(n, line)| {
        let line = match line {
            Ok(line) => line,
            Err(err) => return Some(Err(err.into())),
        };
        if line.trim().is_empty() {
            return None;
        }
        match serde_json::from_str::<FactLine>(&line) {
            Ok(FactLine::Article(facts)) => Some(Ok(*facts)),
            Ok(FactLine::Rejected { .. }) => None,
            Err(err) => Some(Err(anyhow::anyhow!(
                "stdin:{}: not a facts line: {err}",
                n + 1
            ))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_step_names_bad_lines_and_files_and_goes_on() {
        let tmp = tempfile::tempdir().unwrap();
        let good = tmp.path().join("good.jsonl");
        std::fs::write(
            &good,
            r#"{"id":"g","lang":"en","title":"Good","text":"A good article for the test."}"#,
        )
        .unwrap();
        let listing = format!(
            "{{\"file\":3,\"path\":{:?}}}\n{{\"file\":\n{}\n",
            good.display().to_string(),
            tmp.path().join("missing.txt").display()
        );
        let mut out = Vec::new();
        facts(listing.as_bytes(), &mut out).unwrap();
        let lines: Vec<FactLine> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(matches!(&lines[0], FactLine::Article(a) if a.id == "g" && a.order == (3, 0)));
        assert!(matches!(&lines[1], FactLine::Rejected { origin, .. } if origin == "<stdin>:2"));
        assert!(
            matches!(&lines[2], FactLine::Rejected { origin, .. } if origin.ends_with("missing.txt"))
        );
        // The link step takes the article lines and skips the rejections.
        let text = serde_json::to_string(&lines[0]).unwrap()
            + "\n"
            + &serde_json::to_string(&lines[1]).unwrap();
        let read: Vec<_> = articles(text.as_bytes()).collect();
        assert_eq!(read.len(), 1);
        assert!(articles("{bad".as_bytes()).next().unwrap().is_err());
    }
}
