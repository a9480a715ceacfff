//! The newsindex build pipeline: reads news files (or articles in memory), links the language
//! versions of each story and writes the index in one atomic commit, incrementally by default.
//!
//! A run is five stages, one file each: [`read`](Inputs) (parse, normalise, detect through
//! `newsindex-ingest`), `facts` (content hashes, anchors, a spill file of new or changed
//! records), `link` (stories and inherited metadata over the whole live corpus), `write`
//! (documents into the index writer, relinked and removed articles) and `publish` (one
//! commit, or a rebuild beside an index of an older schema swapped into place). Every
//! document is written once, already knowing its story; a run killed at any point leaves the
//! previous commit intact.
//!
//! ```
//! use newsindex_build::{run, BuildOptions, Inputs};
//! use newsindex_core::{Article, Lang};
//! let dir = tempfile::tempdir()?;
//! let mut article = Article::new("a", Lang::En);
//! article.title = "Typhoon Yagi".into();
//! article.text = "Typhoon Yagi made landfall.".into();
//! let options = BuildOptions::new(dir.path().join("index"));
//! let summary = run(Inputs::articles([article]), &options)?;
//! assert_eq!((summary.added, summary.articles), (1, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
mod facts;
mod link;
mod linkcodec;
mod linkdata;
mod publish;
mod read;
mod stamps;
mod summary;
mod write;

pub use linkdata::LinkData;
pub use newsindex_index::IndexError;
pub use read::Inputs;
pub use summary::BuildSummary;

use facts::{Collector, Spill};
use newsindex_core::Article;
use newsindex_index::{CatalogEntry, NewsIndex, Writer};
use publish::Target;
use stamps::FileTable;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use write::WriteStage;

/// How to run a build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The index directory.
    pub index: PathBuf,
    /// Rebuild from scratch instead of updating.
    pub full: bool,
    /// Indexing threads (tantivy writer threads and rayon work).
    pub threads: usize,
    /// Total memory budget of the tantivy writer, in bytes.
    pub heap_bytes: usize,
}

impl BuildOptions {
    /// An update of the index in `index`, one thread per core and a 512 MiB writer budget.
    pub fn new(index: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            index: index.into(),
            ..BuildOptions::default()
        }
    }

    /// The same options for another index directory.
    fn in_dir(&self, index: &Path) -> BuildOptions {
        BuildOptions {
            index: index.to_path_buf(),
            ..self.clone()
        }
    }
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            index: PathBuf::from("index"),
            full: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            heap_bytes: 512 << 20,
        }
    }
}

/// How far a build has got, for progress bars.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// What the build is doing (`reading`, `linking`, `writing`, `committing`, `merging`).
    pub phase: &'static str,
    /// Items done in this phase.
    pub done: u64,
    /// Items expected in this phase, when known.
    pub total: Option<u64>,
}

impl Progress {
    /// Tells `observe` that the phase `phase`, whose size is not known, has begun.
    pub(crate) fn started(phase: &'static str, observe: &Observer<'_>) {
        observe(Event::Progress(Progress {
            phase,
            done: 0,
            total: None,
        }));
    }
}

/// What a run tells its caller while it works.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// Progress, for a progress bar.
    Progress(Progress),
    /// An input rejected: by the read stage, or as a duplicate id by the facts stage.
    Rejected {
        /// `path` or `path:line`.
        origin: &'a str,
        /// Why, in plain words.
        reason: &'a str,
    },
}

/// Where a run reports its [`Event`]s; shared by the stages, some of which report from
/// several threads.
pub type Observer<'o> = dyn Fn(Event<'_>) + Sync + 'o;

/// The index's live articles by id, as the run found them. (Fx hashing: each run looks up
/// every live article here several times.)
pub(crate) type Catalog = rustc_hash::FxHashMap<String, CatalogEntry>;

/// Raw-record hashes already in the index (empty for a full rebuild): the read stage may
/// report such records unchanged instead of parsing them.
pub type KnownRaw = std::sync::Arc<HashSet<u64>>;

/// Builds or updates the index `options.index` from `inputs`.
pub fn run(inputs: Inputs, options: &BuildOptions) -> Result<BuildSummary, IndexError> {
    run_with(inputs, options, &|_| {})
}

/// [`run`], telling `observe` of progress and rejected inputs as it goes.
pub fn run_with(
    inputs: Inputs,
    options: &BuildOptions,
    observe: &Observer<'_>,
) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    let index = match publish::target(options)? {
        Target::InPlace(index) => index,
        Target::Beside => {
            return newsindex_index::rebuild_beside(&options.index, |fresh| {
                run_with(inputs, &options.in_dir(fresh), observe)
            });
        }
    };
    let mut writer = index.writer(options.threads, options.heap_bytes)?;
    let searcher = index.searcher()?;
    let catalog: Catalog = index
        .catalog(&searcher)?
        .into_iter()
        .map(|entry| (entry.id.clone(), entry))
        .collect();
    let run = Run {
        index: &index,
        searcher: &searcher,
        catalog: &catalog,
        options,
        observe,
        started,
    };
    let result = run.stages(inputs, &mut writer);
    if result.is_err() {
        writer.rollback();
    }
    result
}

/// Builds (or updates, or with `full` rebuilds) the index in `dir` from articles in memory,
/// on one thread with a 50 MiB writer: the one index-building setup of tests, examples and
/// fuzzing.
pub fn build_articles(
    dir: &Path,
    articles: &[Article],
    full: bool,
) -> Result<BuildSummary, IndexError> {
    let options = BuildOptions {
        index: dir.to_path_buf(),
        full,
        threads: 1,
        heap_bytes: 50 << 20,
    };
    run(Inputs::articles(articles.iter().cloned()), &options)
}

/// One run over an opened index.
struct Run<'a> {
    index: &'a NewsIndex,
    searcher: &'a tantivy::Searcher,
    catalog: &'a Catalog,
    options: &'a BuildOptions,
    observe: &'a Observer<'a>,
    started: Instant,
}

impl Run<'_> {
    /// The stages in order; nothing is visible to readers before the commit.
    fn stages(&self, inputs: Inputs, writer: &mut Writer) -> Result<BuildSummary, IndexError> {
        let (full, observe) = (self.options.full, self.observe);
        let roots = inputs.roots().to_vec();

        // Read and facts (pass 1); files the index holds as they are now are not read.
        let read_timer = Instant::now();
        let listed = inputs.listed();
        let input_bytes = listed.iter().flatten().map(|file| file.bytes).sum();
        let previous = if full {
            FileTable::default()
        } else {
            FileTable::load(self.index)
        };
        let records = facts::Records {
            index: self.index,
            searcher: self.searcher,
        };
        let spill = Spill::create_in(self.index.dir())?;
        let mut collector = Collector::new(self.catalog, Some(records), full, spill);
        let known = collector.known();
        let mut files_skipped = 0;
        let inputs = match listed
            .as_deref()
            .map(|l| stamps::plan(&previous, l, self.catalog))
        {
            Some(plan) if !plan.skipped.is_empty() => {
                for (path, entries) in &plan.skipped {
                    let path = path.to_string_lossy();
                    for entry in entries {
                        collector.push_skipped(&entry.id, &path, observe);
                    }
                }
                files_skipped = plan.skipped.len() as u64;
                Inputs::Paths(plan.read)
            }
            _ => inputs,
        };
        inputs.feed(self.options.threads, &known, observe, |outcome| {
            collector.push(outcome, observe)
        });
        let mut facts = collector.finish(observe)?;
        let table = stamps::next_table(
            previous,
            &roots,
            full,
            listed.as_deref().unwrap_or_default(),
            &facts.troubled,
        );
        let read_secs = read_timer.elapsed().as_secs_f64() - facts.anchors_secs;
        facts.summary.peak_rss("read");
        let (removed, kept) = facts::unseen(self.catalog, &facts.seen, &roots, full);

        // Link the whole corpus that will be live after this run.
        Progress::started("linking", observe);
        let link_timer = Instant::now();
        let texts = facts::SpillTexts {
            spill: &facts.spill,
            records,
            catalog: self.catalog,
        };
        let linked = link::link(facts.corpus, &kept, &texts);
        let link_secs = link_timer.elapsed().as_secs_f64();
        facts.summary.peak_rss("link");

        // Write (pass 2).
        let write_timer = Instant::now();
        let stage = WriteStage {
            index: self.index,
            searcher: self.searcher,
            catalog: self.catalog,
            seen: &facts.seen,
            assignment: &linked.assignment,
            full,
        };
        stage.remove(writer, &removed)?;
        let rewritten = stage.write_spilled(writer, &facts.spill, observe)?;
        let relinked = stage.relink_unchanged(writer, &kept, &rewritten)?;
        let write_secs = write_timer.elapsed().as_secs_f64();
        facts.summary.peak_rss("write");

        let commit_secs = publish::commit(writer, &table, self.index.dir(), observe)?;

        let mut summary = std::mem::take(&mut facts.summary);
        for state in facts.seen.states() {
            match state.status {
                facts::Status::Added => summary.added += 1,
                facts::Status::Updated => summary.updated += 1,
                facts::Status::Unchanged => summary.unchanged += 1,
            }
        }
        summary.relinked = relinked;
        summary.files_skipped = files_skipped;
        summary.removed = removed.len() as u64;
        summary.articles = linked.articles;
        summary.stories = linked.stories;
        summary.linked_stories = linked.linked_stories;
        let (read, anchors_secs) = (facts.read, facts.anchors_secs);
        // Merges map the segments they read: the run's own memory goes first.
        drop((facts.seen, facts.spill, facts.troubled));
        drop((linked, removed, kept, rewritten));
        let merge_secs = publish::merge(writer, self.options.heap_bytes, observe)?;
        summary.peak_rss("commit");
        summary.rates(self.started.elapsed().as_secs_f64(), read, input_bytes);
        summary.stage("read", read_secs);
        summary.stage("anchors", anchors_secs);
        summary.stage("link", link_secs);
        summary.stage("write", write_secs);
        summary.stage("commit", commit_secs + merge_secs);
        Ok(summary)
    }
}
