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
//!   With `--out DIR`, each input file's article lines go to a file of their own in DIR.
//! - `link` reads article lines (the `article` member may be dropped), sorted by `order`,
//!   and prints `{"kind":"story",…}` per story of several articles, `{"kind":"duplicate",…}`
//!   per record dropped for an id seen before, and `{"kind":"totals",…}` last.
//! - `shard DIR --links FILE` reads article lines and writes them into a fresh index in DIR
//!   with the stories of FILE (the `link` output); prints `{"shard":DIR,"articles":N}`.
//! - `link` and `shard` read the files of `--facts FILE...` (`facts --out` files) instead
//!   of stdin when given.
//! - `merge OUT SHARD...` merges shard indexes into OUT, published atomically; prints
//!   `{"index":OUT,"articles":N}`.
//! - `keys`, `entries`, `copy-pairs`, `proposals`, `candidates`, `score`, `families`,
//!   `stories`: linking over partitions instead of `link`, one step per Spark stage (see
//!   `newsindex_build::batch::LinkingStep` for each step's lines).

use crate::{EXIT_FATAL, EXIT_OK};
use anyhow::Context;
use newsindex_build::batch::{
    self, ArticleFacts, Assignment, FactLine, InputFile, LineAt, LinkLine, LinkingStep,
};
use std::borrow::Cow;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

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
    Facts {
        /// Write each input file's article lines to DIR/facts-FILE.jsonl (complete or not at
        /// all) instead of stdout, which keeps the rejections and one
        /// `{"facts":PATH,"file":FILE,"articles":N}` line per file.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Link the whole corpus from article lines on stdin (sorted by `order`); print stories.
    Link {
        /// Read the article lines from these files (`facts --out` files, in listing order)
        /// instead of stdin.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        facts: Vec<PathBuf>,
    },
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
        /// Read the article lines from these files (`facts --out` files) instead of stdin.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        facts: Vec<PathBuf>,
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
        Step::Facts { out: dir } => {
            facts(stdin, &mut out, dir.as_deref())?;
            EXIT_OK
        }
        Step::Link { facts } => {
            // Streamed: the linker keeps its compact form of each article, not the lines.
            let mut error = None;
            let facts_read = article_lines(stdin, &facts, Member::Cut)
                .map_while(|fact| fact.map_err(|e| error = Some(e)).ok());
            let mut lines = Vec::new();
            let linked = batch::link_facts(facts_read, &facts, |line| lines.push(line));
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
            facts,
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
            let facts = article_lines(stdin, &facts, Member::Kept)
                .map_while(|fact| fact.map_err(|err| error = Some(err)).ok())
                .map(|(facts, _)| facts);
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
/// its line); every record of it becomes one output line, on `out` or, with `dir`, the
/// article lines in a file of their own per input file (see [`FactsFile`]). Nothing a line
/// holds stops the others.
fn facts(stdin: impl BufRead, out: &mut impl Write, dir: Option<&Path>) -> anyhow::Result<()> {
    let mut failed: Option<anyhow::Error> = None;
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
        let mut articles = match dir {
            Some(dir) => Some(FactsFile::create(dir, file)?),
            None => None,
        };
        batch::facts_of_file(file, &path, |fact| {
            if failed.is_some() {
                return;
            }
            let written = match (&mut articles, &fact) {
                (Some(articles), FactLine::Article(_)) => articles.push(&fact),
                _ => print_line(out, &fact),
            };
            failed = written.err();
        });
        if let Some(err) = failed.take() {
            return Err(err);
        }
        if let Some(articles) = articles {
            let summary = articles.finish()?;
            print_line(out, &summary)?;
        }
    }
    Ok(())
}

/// The article lines of one input file, written by `facts --out DIR` to a temporary name
/// and renamed to `DIR/facts-FILE.jsonl` once complete: a task that fails or is run again
/// never leaves a partial file under the final name.
struct FactsFile {
    file: u64,
    path: PathBuf,
    partial: PathBuf,
    writer: BufWriter<std::fs::File>,
    articles: u64,
}

/// What `facts --out` prints for each input file whose article lines it wrote.
#[derive(serde::Serialize)]
struct FactsFileLine {
    facts: PathBuf,
    file: u64,
    articles: u64,
}

impl FactsFile {
    fn create(dir: &Path, file: u64) -> anyhow::Result<FactsFile> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        let path = dir.join(format!("facts-{file:08}.jsonl"));
        let partial = dir.join(format!(".facts-{file:08}.jsonl.{}", std::process::id()));
        let created = std::fs::File::create(&partial)
            .with_context(|| format!("{}: cannot create", partial.display()))?;
        Ok(FactsFile {
            file,
            path,
            partial,
            writer: BufWriter::with_capacity(1 << 20, created),
            articles: 0,
        })
    }

    fn push(&mut self, fact: &FactLine) -> anyhow::Result<()> {
        print_line(&mut self.writer, fact)
            .with_context(|| format!("{}: cannot write", self.partial.display()))?;
        self.articles += 1;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<FactsFileLine> {
        self.writer
            .flush()
            .and_then(|()| self.writer.get_ref().sync_all())
            .and_then(|()| std::fs::rename(&self.partial, &self.path))
            .with_context(|| format!("{}: cannot write", self.path.display()))?;
        Ok(FactsFileLine {
            facts: self.path,
            file: self.file,
            articles: self.articles,
        })
    }
}

/// Whether an article line's `article` member is read: the link step does without it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    Kept,
    Cut,
}

/// The article lines of the files `paths`, in that order, each with its place (see
/// [`LineAt`]), or of stdin (with none) when no file is given.
fn article_lines<'a>(
    stdin: impl BufRead + 'a,
    paths: &'a [PathBuf],
    member: Member,
) -> Box<dyn Iterator<Item = anyhow::Result<(ArticleFacts, Option<LineAt>)>> + 'a> {
    if paths.is_empty() {
        return Box::new(articles("stdin", stdin, member).map(|read| Ok((read?.0, None))));
    }
    Box::new(paths.iter().zip(0u32..).flat_map(move |(path, file)| {
        let name = path.display().to_string();
        let lines: Box<dyn Iterator<Item = _>> = match std::fs::File::open(path) {
            Ok(opened) => Box::new(
                articles(
                    name,
                    std::io::BufReader::with_capacity(1 << 20, opened),
                    member,
                )
                .map(move |read| {
                    let (facts, offset) = read?;
                    Ok((facts, Some(LineAt { file, offset })))
                }),
            ),
            Err(err) => Box::new(std::iter::once(Err(
                anyhow::Error::new(err).context(format!("{name}: cannot read"))
            ))),
        };
        lines
    }))
}

/// The article lines of `reader`, each with its byte offset (rejection lines are skipped:
/// they were reported by the facts step); a line that is not a facts line is an error naming
/// `source` and the line.
fn articles(
    source: impl std::fmt::Display,
    mut reader: impl BufRead,
    member: Member,
) -> impl Iterator<Item = anyhow::Result<(ArticleFacts, u64)>> {
    let (mut number, mut offset) = (0usize, 0u64);
    let mut line = String::new();
    std::iter::from_fn(move || loop {
        line.clear();
        let at = offset;
        match reader.read_line(&mut line) {
            Ok(0) => return None,
            Ok(read) => offset += read as u64,
            Err(err) => return Some(Err(err.into())),
        }
        number += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        let read = match member {
            Member::Kept => serde_json::from_str::<FactLine>(text),
            Member::Cut => serde_json::from_str::<FactLine>(&without_article(text)),
        };
        return match read {
            Ok(FactLine::Article(facts)) => Some(Ok((*facts, at))),
            Ok(FactLine::Rejected { .. }) => continue,
            Err(err) => Some(Err(anyhow::anyhow!(
                "{source}:{number}: not a facts line: {err}"
            ))),
        };
    })
}

/// A facts line without its `article` member, the last one (spark/README.md): a quote inside
/// a JSON string is escaped, so the text cut at cannot occur inside a string.
fn without_article(line: &str) -> Cow<'_, str> {
    match line.find(",\"article\":") {
        Some(cut) => Cow::Owned(format!("{}}}", &line[..cut])),
        None => Cow::Borrowed(line),
    }
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
        facts(listing.as_bytes(), &mut out, None).unwrap();
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
        let read: Vec<_> = articles("stdin", text.as_bytes(), Member::Kept).collect();
        assert_eq!(read.len(), 1);
        let err = articles("stdin", "{bad".as_bytes(), Member::Kept)
            .next()
            .unwrap();
        assert!(err
            .unwrap_err()
            .to_string()
            .starts_with("stdin:1: not a facts line"));
    }

    #[test]
    fn facts_out_writes_each_files_articles_apart_and_the_link_step_reads_them_back() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("first.jsonl");
        let second = tmp.path().join("second.jsonl");
        std::fs::write(
            &first,
            concat!(
                r#"{"id":"a","lang":"en","title":"One","text":"The first article of the test."}"#,
                "\n{\"id\":\n",
                r#"{"id":"b","lang":"fr","title":"Deux","text":"Le deuxième article du test."}"#,
            ),
        )
        .unwrap();
        std::fs::write(
            &second,
            r#"{"id":"c","lang":"vi","title":"Ba","text":"Bài báo thứ ba của bài kiểm tra."}"#,
        )
        .unwrap();
        let listing = format!(
            "{{\"file\":0,\"path\":{:?}}}\n{{\"file\":1,\"path\":{:?}}}\n",
            first.display().to_string(),
            second.display().to_string()
        );
        let dir = tmp.path().join("facts");
        let mut out = Vec::new();
        facts(listing.as_bytes(), &mut out, Some(&dir)).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // The bad record is named on stdout; each file's articles are counted there.
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(lines[0]["kind"], "rejected");
        assert!(lines[0]["origin"]
            .as_str()
            .unwrap()
            .ends_with("first.jsonl:2"));
        assert_eq!(
            (&lines[1]["file"], &lines[1]["articles"]),
            (&0.into(), &2.into())
        );
        assert_eq!(
            (&lines[2]["file"], &lines[2]["articles"]),
            (&1.into(), &1.into())
        );
        let written: Vec<PathBuf> = lines[1..]
            .iter()
            .map(|l| PathBuf::from(l["facts"].as_str().unwrap()))
            .collect();
        assert_eq!(written[0], dir.join("facts-00000000.jsonl"));
        // Only the complete files are left, under their final names.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);

        // Read back (the article member cut or kept), the same facts as the lines on stdout.
        let mut inline = Vec::new();
        facts(listing.as_bytes(), &mut inline, None).unwrap();
        let from_stdin: Vec<ArticleFacts> = articles("stdin", &inline[..], Member::Kept)
            .map(|read| read.unwrap().0)
            .collect();
        let located: Vec<(ArticleFacts, Option<LineAt>)> =
            article_lines(&b""[..], &written, Member::Kept)
                .map(Result::unwrap)
                .collect();
        let from_files: Vec<ArticleFacts> = located.iter().map(|(f, _)| f.clone()).collect();
        assert_eq!(from_files, from_stdin);
        // Each article's place: its file, and the offset its line starts at.
        let places: Vec<(u32, u64)> = located
            .iter()
            .map(|(_, at)| at.map(|at| (at.file, at.offset)).unwrap())
            .collect();
        let first_line = std::fs::read_to_string(&written[0])
            .unwrap()
            .find('\n')
            .unwrap();
        assert_eq!(places, [(0, 0), (0, first_line as u64 + 1), (1, 0)]);
        let cut: Vec<ArticleFacts> = article_lines(&b""[..], &written, Member::Cut)
            .map(|read| read.unwrap().0)
            .collect();
        assert_eq!(
            cut.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(cut.iter().all(|f| f.article.is_none()));
        assert!(from_files.iter().all(|f| f.article.is_some()));

        // A file that cannot be read is an error naming it.
        let missing = [tmp.path().join("gone.jsonl")];
        let err = article_lines(&b""[..], &missing, Member::Cut)
            .next()
            .unwrap()
            .unwrap_err();
        assert!(
            format!("{err:#}").contains("gone.jsonl: cannot read"),
            "{err:#}"
        );
    }

    #[test]
    fn the_article_member_is_cut_only_where_it_is_a_member() {
        let line = r#"{"kind":"article","id":"x \",\"article\":","link":{},"article":{"id":"x"}}"#;
        assert_eq!(
            without_article(line),
            r#"{"kind":"article","id":"x \",\"article\":","link":{}}"#
        );
        let bare = r#"{"kind":"rejected","origin":"f","reason":"r"}"#;
        assert_eq!(without_article(bare), bare);
    }
}
