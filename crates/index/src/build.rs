//! Batch (re)indexing: incremental by default, parallel, and published in one atomic commit.
//!
//! A run has two passes so that every document is written once, already knowing its story:
//! pass 1 reads the inputs, skips unchanged articles by content hash, and spills new or
//! changed records to a temporary file while collecting the linking facts of every article;
//! the linker then groups the whole corpus into stories; pass 2 writes the spilled records
//! (and rewrites unchanged ones whose story moved). Everything lands in a single tantivy
//! commit, so a reader sees the old index or the new one, never a mix, and a run killed at
//! any point leaves the previous commit intact (tantivy removes the orphan files later).

use crate::doc::SharedDoc;
use crate::schema::SCHEMA_VERSION;
use crate::store::CatalogEntry;
use crate::{Fields, IndexError, LinkData, NewsIndex};
use newsindex_core::{Article, Date, Link, Relation, Story};
use newsindex_link::LinkCorpus;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::{IndexWriter, Term};

/// One item read from the inputs: an article, or an input rejected with a reason.
#[derive(Debug)]
pub enum Input {
    /// A clean article record.
    Article(Box<Article>),
    /// A raw record (line or file) whose raw hash the index already holds: unchanged since
    /// it was indexed, so it was not parsed again.
    Unchanged {
        /// The record's raw hash ([`newsindex_core::Article::raw_hash`]).
        raw_hash: u64,
        /// `path` or `path:line`.
        origin: String,
    },
    /// An input (file or line) that could not become an article.
    Rejected {
        /// `path` or `path:line`.
        origin: String,
        /// Why, in plain words.
        reason: String,
    },
}

/// How to run a build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Rebuild from scratch instead of updating.
    pub full: bool,
    /// Indexing threads (tantivy writer threads and rayon work).
    pub threads: usize,
    /// Total memory budget of the tantivy writer, in bytes.
    pub heap_bytes: usize,
    /// The indexed roots: an article whose file lies under one of them and was not seen in
    /// this run is removed (its file disappeared).
    pub roots: Vec<PathBuf>,
    /// Total size of the input files, for the MB/s figure.
    pub input_bytes: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            full: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            heap_bytes: 512 << 20,
            roots: Vec::new(),
            input_bytes: 0,
        }
    }
}

/// How far a build has got, for progress bars.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// What the build is doing (`reading`, `linking`, `writing`, `committing`).
    pub phase: &'static str,
    /// Items done in this phase.
    pub done: u64,
    /// Items expected in this phase, when known.
    pub total: Option<u64>,
}

/// What a build did, printed at the end and as JSON for scripts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BuildSummary {
    /// Articles not in the index before.
    pub added: u64,
    /// Articles whose content changed.
    pub updated: u64,
    /// Articles removed because their file disappeared (or, with `--full`, was not given).
    pub removed: u64,
    /// Articles skipped because their content hash did not change.
    pub unchanged: u64,
    /// Unchanged articles rewritten because their story or inherited metadata changed.
    pub relinked: u64,
    /// Inputs rejected.
    pub rejected: u64,
    /// Rejections counted by reason.
    pub rejected_reasons: BTreeMap<String, u64>,
    /// Each rejected input with its reason (`origin: reason`), in input order.
    pub rejections: Vec<String>,
    /// Live articles after the build.
    pub articles: u64,
    /// Stories after the build.
    pub stories: u64,
    /// Stories with more than one article.
    pub linked_stories: u64,
    /// Wall time in seconds.
    pub elapsed_secs: f64,
    /// Articles read per second of wall time.
    pub articles_per_sec: f64,
    /// Input megabytes (10^6 bytes) per second of wall time.
    pub mb_per_sec: f64,
    /// Seconds per stage: `read` (read, parse, normalise, detect), `anchors`, `link`,
    /// `write` (analysis and indexing), `commit` (commit and merges).
    pub stages: BTreeMap<String, f64>,
}

/// Bumped when what ingestion or analysis produces changes meaning, so articles are rewritten
/// (2: link facts carry the content evidence).
const CONTENT_VERSION: u64 = 2;

fn content_hash(article: &Article) -> u64 {
    let json = serde_json::to_vec(article).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_64_with_seed(&json, SCHEMA_VERSION << 32 | CONTENT_VERSION)
}

/// The file an article came from (its origin without a `:LINE` suffix).
fn origin_path(origin: &str) -> &str {
    match origin.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => path,
        _ => origin,
    }
}

/// An item of pass 1: a parsed article, or a raw record known unchanged by its hash.
enum Pending {
    Parsed(Box<Article>),
    Known { id: String, origin: String },
}

/// Facts about one article seen in this run, kept small: a run holds one per article.
struct Seen {
    status: Status,
    /// The article's own publication date (before inheritance).
    date: Option<Date>,
    origin: Origin,
}

/// Where an article was read: an interned file and a line (0 for a whole file).
#[derive(Clone, Copy)]
struct Origin {
    file: u32,
    line: u32,
}

/// The files articles came from, each stored once.
#[derive(Default)]
struct Origins {
    files: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Origins {
    fn intern(&mut self, origin: &str) -> Origin {
        let file = origin_path(origin);
        let line = origin[file.len()..]
            .strip_prefix(':')
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let id = match self.ids.get(file) {
            Some(&id) => id,
            None => {
                let id = self.files.len() as u32;
                self.files.push(file.into());
                self.ids.insert(file.into(), id);
                id
            }
        };
        Origin { file: id, line }
    }

    fn show(&self, origin: Origin) -> String {
        let file = self.files.get(origin.file as usize).map_or("", |f| f);
        match origin.line {
            0 => file.to_string(),
            line => format!("{file}:{line}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Added,
    Updated,
    Unchanged,
}

struct Spill {
    path: PathBuf,
    writer: BufWriter<std::fs::File>,
    lines: u64,
}

/// Raw-record hashes already in the index (empty for a full rebuild): a reader may report
/// such records as [`Input::Unchanged`] instead of parsing them.
pub type KnownRaw = std::sync::Arc<HashSet<u64>>;

/// Builds or updates the index in `dir` from the items `feed` produces.
///
/// `feed` is handed the raw hashes already indexed and a sink, and must push every input
/// item into the sink (in a deterministic order); an error it returns aborts the build
/// without touching the published index.
pub fn build_index<F>(
    dir: &Path,
    options: &BuildOptions,
    feed: F,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildSummary, IndexError>
where
    F: FnOnce(&KnownRaw, &mut dyn FnMut(Input)) -> Result<(), IndexError>,
{
    let started = Instant::now();
    let index = match NewsIndex::open_or_create(dir) {
        Err(IndexError::Incompatible { .. }) if options.full => {
            return rebuild_beside(dir, options, feed, progress);
        }
        opened => opened?,
    };
    let threads = options.threads.clamp(1, 8);
    let mut writer: IndexWriter<SharedDoc> = index
        .tantivy()
        .writer_with_num_threads(threads, options.heap_bytes.max((threads * 20) << 20))
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(dir.to_path_buf()),
            other => IndexError::Tantivy(other),
        })?;
    let searcher = index.searcher()?;
    let catalog: HashMap<String, CatalogEntry> = index
        .catalog(&searcher)?
        .into_iter()
        .map(|entry| (entry.id.clone(), entry))
        .collect();

    let tmp_dir = dir.join(".newsindex-tmp");
    let _ = std::fs::remove_dir_all(&tmp_dir);
    std::fs::create_dir_all(&tmp_dir).map_err(|source| IndexError::Io {
        path: tmp_dir.clone(),
        source,
    })?;
    let spill_path = tmp_dir.join("spill.jsonl");
    let spill_file = std::fs::File::create(&spill_path).map_err(|source| IndexError::Io {
        path: spill_path.clone(),
        source,
    })?;
    let mut spill = Spill {
        path: spill_path.clone(),
        writer: BufWriter::new(spill_file),
        lines: 0,
    };
    let result = run(
        &index,
        &mut writer,
        &catalog,
        &searcher,
        options,
        feed,
        progress,
        &mut spill,
        started,
    );
    let _ = std::fs::remove_dir_all(&tmp_dir);
    match result {
        Ok(summary) => Ok(summary),
        Err(err) => {
            let _ = writer.rollback();
            Err(err)
        }
    }
}

/// A full build over an index of an older schema: builds a fresh index beside it, then puts
/// it in place with one atomic directory swap, so readers see the old index or the new one.
fn rebuild_beside<F>(
    dir: &Path,
    options: &BuildOptions,
    feed: F,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildSummary, IndexError>
where
    F: FnOnce(&KnownRaw, &mut dyn FnMut(Input)) -> Result<(), IndexError>,
{
    let name = dir
        .file_name()
        .map_or_else(|| "index".to_string(), |n| n.to_string_lossy().into_owned());
    let fresh = dir.with_file_name(format!(".{name}.rebuild"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    // Two full runs over one old index would share `fresh`: the second would delete the
    // first one's work. The lock is held until the swap is done.
    let lock = lock_rebuild(dir, &name)?;
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(io(&fresh))?;
    }
    let summary = build_index(&fresh, options, feed, progress)?;
    swap_dirs(&fresh, dir).map_err(io(dir))?;
    // `fresh` now holds the old index; a failure to remove it costs disk space, not data.
    let _ = std::fs::remove_dir_all(&fresh);
    // Removed while still held: a run that finds the index of the current schema never
    // rebuilds beside it, so nothing is left beside the index.
    let _ = std::fs::remove_file(&lock.path);
    drop(lock);
    Ok(summary)
}

/// An exclusive lock on `.NAME.rebuild.lock` beside the index, held while it lives.
struct RebuildLock {
    path: PathBuf,
    _file: std::fs::File,
}

/// Takes the rebuild lock of the index in `dir`, or says another run holds it.
fn lock_rebuild(dir: &Path, name: &str) -> Result<RebuildLock, IndexError> {
    let path = dir.with_file_name(format!(".{name}.rebuild.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| IndexError::Io {
            path: path.clone(),
            source,
        })?;
    #[cfg(unix)]
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
        .map_err(|_| IndexError::Locked(dir.to_path_buf()))?;
    Ok(RebuildLock { path, _file: file })
}

/// Exchanges two directories atomically where the filesystem can (Linux `renameat2`), else
/// with two renames.
fn swap_dirs(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(err) if err == rustix::io::Errno::INVAL || err == rustix::io::Errno::NOSYS => {}
            Err(err) => return Err(err.into()),
        }
    }
    let parked = b.with_extension("old");
    std::fs::rename(b, &parked)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&parked, a)
}

#[allow(clippy::too_many_arguments)]
fn run<F>(
    index: &NewsIndex,
    writer: &mut IndexWriter<SharedDoc>,
    catalog: &HashMap<String, CatalogEntry>,
    searcher: &tantivy::Searcher,
    options: &BuildOptions,
    feed: F,
    progress: &(dyn Fn(Progress) + Sync),
    spill: &mut Spill,
    started: Instant,
) -> Result<BuildSummary, IndexError>
where
    F: FnOnce(&KnownRaw, &mut dyn FnMut(Input)) -> Result<(), IndexError>,
{
    let mut summary = BuildSummary::default();
    let mut seen: HashMap<String, Seen> = HashMap::with_capacity(catalog.len());
    // Articles are reduced to the linker's integers as they are read; nothing else of their
    // anchors stays in memory (pass 2 reads them back from the spill file).
    let mut corpus = LinkCorpus::new();
    let mut origins = Origins::default();
    let mut batch: Vec<Pending> = Vec::with_capacity(BATCH);
    // Raw records the reader may skip unparsed: their hash maps to the article they made.
    let raw_ids: HashMap<u64, &str> = if options.full {
        HashMap::new()
    } else {
        catalog
            .values()
            .filter(|entry| entry.raw_hash != 0)
            .map(|entry| (entry.raw_hash, entry.id.as_str()))
            .collect()
    };
    let known: KnownRaw = std::sync::Arc::new(raw_ids.keys().copied().collect());
    let mut io_error: Option<IndexError> = None;
    let mut anchors_secs = 0.0;
    let mut read = 0u64;

    let mut process_batch = |batch: &mut Vec<Pending>,
                             seen: &mut HashMap<String, Seen>,
                             corpus: &mut LinkCorpus,
                             summary: &mut BuildSummary,
                             spill: &mut Spill|
     -> Result<(), IndexError> {
        let timer = Instant::now();
        // Hashing, anchor extraction and serialisation are the per-article CPU work of pass 1.
        // Unchanged articles (same content hash) need neither anchors nor a spilled record,
        // which keeps an incremental run over an unchanged corpus close to a plain read.
        type Prepared = (u64, Option<LinkData>, Vec<u8>);
        let prepared: Vec<Prepared> = batch
            .par_iter()
            .map(|pending| {
                let Pending::Parsed(article) = pending else {
                    return (0, None, Vec::new());
                };
                let hash = content_hash(article);
                let unchanged = catalog.get(&article.id).is_some_and(|e| e.hash == hash);
                let anchors = (!unchanged).then(|| LinkData::from_article(article));
                let json = if unchanged && !options.full {
                    Vec::new()
                } else {
                    serde_json::to_vec(article).unwrap_or_default()
                };
                (hash, anchors, json)
            })
            .collect();
        anchors_secs += timer.elapsed().as_secs_f64();
        for (pending, (hash, anchors, json)) in batch.drain(..).zip(prepared) {
            let article = match pending {
                Pending::Parsed(article) => article,
                Pending::Known { id, origin } => {
                    if let Some(first) = seen.get(&id) {
                        let first = origins.show(first.origin);
                        let reason = format!("duplicate id: {id} (first seen at {first})");
                        reject(summary, &origin, &reason);
                        continue;
                    }
                    // Known raw hashes come from the catalog, so the entry is there.
                    if let Some(entry) = catalog.get(&id) {
                        let date = entry.link.own_date();
                        corpus.push_facts(&entry.link.facts(&id, entry.lang, date));
                        let origin = origins.intern(&origin);
                        let status = Status::Unchanged;
                        seen.insert(
                            id,
                            Seen {
                                status,
                                date,
                                origin,
                            },
                        );
                    }
                    continue;
                }
            };
            if let Some(first) = seen.get(&article.id) {
                let first = origins.show(first.origin);
                // The id after the colon: the reason counts as one kind, whatever the id.
                let reason = format!("duplicate id: {} (first seen at {first})", article.id);
                reject(summary, &article.origin, &reason);
                continue;
            }
            let status = match catalog.get(&article.id) {
                None => Status::Added,
                Some(entry) if entry.hash == hash => Status::Unchanged,
                Some(_) => Status::Updated,
            };
            let (link, date) = match (status, catalog.get(&article.id)) {
                (Status::Unchanged, Some(entry)) => (entry.link.clone(), original_date(&article)),
                _ => (
                    anchors.unwrap_or_else(|| LinkData::from_article(&article)),
                    article.date,
                ),
            };
            corpus.push_facts(&link.facts(&article.id, article.lang, date));
            if status != Status::Unchanged || options.full {
                let line = SpillLine {
                    hash,
                    raw: article.raw_hash,
                    link: &link,
                    article: &json,
                };
                serde_json::to_writer(&mut spill.writer, &line)
                    .map_err(|err| spill_error(&spill.path, err.into()))?;
                spill
                    .writer
                    .write_all(b"\n")
                    .map_err(|err| spill_error(&spill.path, err))?;
                spill.lines += 1;
            }
            let origin = origins.intern(&article.origin);
            seen.insert(
                article.id.clone(),
                Seen {
                    status,
                    date,
                    origin,
                },
            );
        }
        Ok(())
    };

    let read_timer = Instant::now();
    feed(&known, &mut |input| {
        if io_error.is_some() {
            return;
        }
        let pending = match input {
            Input::Article(article) => Pending::Parsed(article),
            Input::Unchanged { raw_hash, origin } => match raw_ids.get(&raw_hash) {
                Some(id) => Pending::Known {
                    id: id.to_string(),
                    origin,
                },
                None => {
                    let reason = "reported unchanged but unknown to the index; rerun with --full";
                    reject(&mut summary, &origin, reason);
                    return;
                }
            },
            Input::Rejected { origin, reason } => {
                reject(&mut summary, &origin, &reason);
                return;
            }
        };
        {
            {
                read += 1;
                batch.push(pending);
                if batch.len() >= BATCH {
                    if let Err(err) =
                        process_batch(&mut batch, &mut seen, &mut corpus, &mut summary, spill)
                    {
                        io_error = Some(err);
                    }
                    progress(Progress {
                        phase: "reading",
                        done: read,
                        total: None,
                    });
                }
            }
        }
    })?;
    if let Some(err) = io_error {
        return Err(err);
    }
    process_batch(&mut batch, &mut seen, &mut corpus, &mut summary, spill)?;
    spill
        .writer
        .flush()
        .map_err(|err| spill_error(&spill.path, err))?;
    let read_secs = read_timer.elapsed().as_secs_f64() - anchors_secs;

    // Removed: articles not seen whose file lies under an indexed root (or all, with --full).
    let roots: Vec<String> = options
        .roots
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    let mut removed: Vec<&CatalogEntry> = catalog
        .values()
        .filter(|entry| !seen.contains_key(&entry.id))
        .filter(|entry| options.full || roots.iter().any(|root| under_root(&entry.path, root)))
        .collect();
    removed.sort_by(|a, b| a.id.cmp(&b.id));
    let kept: Vec<&CatalogEntry> = catalog
        .values()
        .filter(|entry| !seen.contains_key(&entry.id) && !options.full)
        .filter(|entry| !roots.iter().any(|root| under_root(&entry.path, root)))
        .collect();

    // Link the whole corpus that will be live after this run.
    progress(Progress {
        phase: "linking",
        done: 0,
        total: None,
    });
    let link_timer = Instant::now();
    for entry in &kept {
        corpus.push_facts(&entry.link.facts(&entry.id, entry.lang, entry.date));
    }
    let stories = corpus.stories();
    let assignment = StoryAssignment::new(&stories, &corpus.dates());
    summary.articles = corpus.len() as u64;
    summary.stories = stories.len() as u64;
    summary.linked_stories = stories.iter().filter(|s| s.ids.len() > 1).count() as u64;
    // Pass 2 needs only the assignment: free the per-article linking state before tantivy's
    // writer fills its queue.
    drop(stories);
    drop(corpus);
    let link_secs = link_timer.elapsed().as_secs_f64();

    // Pass 2: write.
    let write_timer = Instant::now();
    if options.full {
        writer.delete_all_documents()?;
    }
    for entry in &removed {
        writer.delete_term(Term::from_field_text(index.fields().id, &entry.id));
    }
    let reader = BufReader::new(
        std::fs::File::open(&spill.path).map_err(|err| spill_error(&spill.path, err))?,
    );
    let mut written = 0u64;
    let mut rewritten: HashSet<String> = HashSet::new();
    for line in reader.lines() {
        let line = line.map_err(|err| spill_error(&spill.path, err))?;
        let spilled: SpillOwned =
            serde_json::from_str(&line).map_err(|err| spill_error(&spill.path, err.into()))?;
        let mut article: Article = serde_json::from_slice(spilled.article.as_bytes())
            .map_err(|err| spill_error(&spill.path, err.into()))?;
        article.raw_hash = spilled.raw;
        let Some(state) = seen.get(&article.id) else {
            continue;
        };
        // A full build has already deleted everything; a new article has nothing to replace.
        if !options.full && state.status != Status::Added {
            writer.delete_term(Term::from_field_text(index.fields().id, &article.id));
        }
        assignment.apply(&mut article);
        let doc = make_doc(
            index.fields(),
            &article,
            spilled.hash,
            &assignment,
            &spilled.link,
        );
        add_document(writer, doc)?;
        // Only the relinking pass below reads this, and only for ids the catalog holds.
        if catalog.contains_key(&article.id) {
            rewritten.insert(article.id.clone());
        }
        written += 1;
        if written.is_multiple_of(BATCH as u64) {
            progress(Progress {
                phase: "writing",
                done: written,
                total: Some(spill.lines),
            });
        }
    }
    // Unchanged articles whose story or inherited date moved are rewritten from their record;
    // the check uses fast columns only, so an incremental run reads no record it keeps.
    let kept_ids: HashSet<&str> = kept.iter().map(|entry| entry.id.as_str()).collect();
    for entry in catalog.values() {
        let original_date = match seen.get(&entry.id) {
            Some(state) if state.status == Status::Unchanged => state.date,
            Some(_) => continue,
            None if kept_ids.contains(entry.id.as_str()) => entry.date,
            None => continue,
        };
        if rewritten.contains(&entry.id) {
            continue;
        }
        let new_story = assignment.story_of(&entry.id);
        let expected_date =
            original_date.or_else(|| assignment.inherited_date.get(&entry.id).copied());
        if new_story == entry.story
            && expected_date == entry.date
            && assignment.links_key(&entry.id) == entry.links_key
        {
            continue;
        }
        let mut article = index.stored(searcher, entry.address)?.article;
        article.raw_hash = entry.raw_hash;
        strip_inherited(&mut article);
        assignment.apply(&mut article);
        writer.delete_term(Term::from_field_text(index.fields().id, &entry.id));
        let doc = make_doc(
            index.fields(),
            &article,
            entry.hash,
            &assignment,
            &entry.link,
        );
        add_document(writer, doc)?;
        summary.relinked += 1;
    }
    let write_secs = write_timer.elapsed().as_secs_f64();

    progress(Progress {
        phase: "committing",
        done: 0,
        total: None,
    });
    let commit_timer = Instant::now();
    writer.commit()?;
    let commit_secs = commit_timer.elapsed().as_secs_f64();

    for state in seen.values() {
        match state.status {
            Status::Added => summary.added += 1,
            Status::Updated => summary.updated += 1,
            Status::Unchanged => summary.unchanged += 1,
        }
    }
    summary.removed = removed.len() as u64;
    let elapsed = started.elapsed().as_secs_f64();
    summary.elapsed_secs = elapsed;
    summary.articles_per_sec = read as f64 / elapsed.max(1e-9);
    summary.mb_per_sec = options.input_bytes as f64 / 1e6 / elapsed.max(1e-9);
    for (stage, secs) in [
        ("read", read_secs),
        ("anchors", anchors_secs),
        ("link", link_secs),
        ("write", write_secs),
        ("commit", commit_secs),
    ] {
        summary
            .stages
            .insert(stage.to_string(), (secs * 1000.0).round() / 1000.0);
    }
    Ok(summary)
}

const BATCH: usize = 512;

#[derive(Serialize)]
struct SpillLine<'a> {
    hash: u64,
    raw: u64,
    link: &'a LinkData,
    #[serde(serialize_with = "raw_json")]
    article: &'a [u8],
}

fn raw_json<S: serde::Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(std::str::from_utf8(bytes).unwrap_or("{}"))
}

#[derive(serde::Deserialize)]
struct SpillOwned {
    hash: u64,
    raw: u64,
    link: LinkData,
    article: String,
}

/// Adds a document; when an indexing thread has died, returns that thread's own error (a full
/// disk, say) rather than tantivy's "an index writer was killed".
fn add_document(writer: &mut IndexWriter<SharedDoc>, doc: SharedDoc) -> Result<(), IndexError> {
    let Err(err) = writer.add_document(doc) else {
        return Ok(());
    };
    // `prepare_commit` joins the indexing threads and returns the first error they met; it
    // publishes nothing, and a prepared commit is aborted (rolled back) at once.
    match writer.prepare_commit() {
        Err(worker_error) => Err(IndexError::Tantivy(worker_error)),
        Ok(prepared) => {
            let _ = prepared.abort();
            Err(IndexError::Tantivy(err))
        }
    }
}

fn spill_error(path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn reject(summary: &mut BuildSummary, origin: &str, reason: &str) {
    summary.rejected += 1;
    *summary
        .rejected_reasons
        .entry(reason_kind(reason))
        .or_default() += 1;
    summary.rejections.push(format!("{origin}: {reason}"));
}

/// The reason without its specifics (ids, positions), for counting.
fn reason_kind(reason: &str) -> String {
    let cut = reason.find([':', '(']).unwrap_or(reason.len());
    reason[..cut].trim().to_string()
}

fn under_root(path: &str, root: &str) -> bool {
    let root = root.trim_end_matches('/');
    path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The date an article had before any inheritance.
fn original_date(article: &Article) -> Option<Date> {
    if article.inherited.iter().any(|f| f == "date") {
        None
    } else {
        article.date
    }
}

fn strip_inherited(article: &mut Article) {
    if article.inherited.iter().any(|f| f == "date") {
        article.date = None;
    }
    article.inherited.clear();
}

/// Story ids per article, and the metadata each article inherits from its translations.
struct StoryAssignment {
    story: HashMap<String, String>,
    links: HashMap<String, Vec<Link>>,
    inherited_date: HashMap<String, Date>,
}

impl StoryAssignment {
    /// `dates` are the articles' own publication dates, by id.
    fn new(stories: &[Story], dates: &HashMap<&str, Date>) -> StoryAssignment {
        let mut story = HashMap::new();
        let mut links: HashMap<String, Vec<Link>> = HashMap::new();
        let mut inherited_date = HashMap::new();
        for s in stories {
            // An article alone is its own story (`story_of`'s default): a million-article
            // corpus is mostly such stories, and mapping each would cost memory for nothing.
            if s.ids.len() > 1 {
                for id in &s.ids {
                    story.insert(id.clone(), s.story.clone());
                }
            }
            for link in &s.links {
                links.entry(link.a.clone()).or_default().push(link.clone());
                links.entry(link.b.clone()).or_default().push(link.clone());
            }
            // A translation reports the same event on the same day: an undated version takes
            // the date of its dated translation (the earliest, when they disagree).
            for link in s
                .links
                .iter()
                .filter(|l| l.relation == Relation::Translation)
            {
                for (from, to) in [(&link.a, &link.b), (&link.b, &link.a)] {
                    if !dates.contains_key(to.as_str()) {
                        if let Some(&date) = dates.get(from.as_str()) {
                            inherited_date
                                .entry(to.clone())
                                .and_modify(|d: &mut Date| *d = (*d).min(date))
                                .or_insert(date);
                        }
                    }
                }
            }
        }
        StoryAssignment {
            story,
            links,
            inherited_date,
        }
    }

    fn links_of(&self, id: &str) -> &[Link] {
        self.links.get(id).map_or(&[], Vec::as_slice)
    }

    /// A key that changes when an article's linked ids or relations change (not its scores,
    /// which drift with corpus statistics and are not worth rewriting documents for).
    fn links_key(&self, id: &str) -> u64 {
        let mut parts: Vec<String> = self
            .links_of(id)
            .iter()
            .map(|l| format!("{}|{}|{:?}", l.a, l.b, l.relation))
            .collect();
        parts.sort();
        xxhash_rust::xxh3::xxh3_64(parts.join("\n").as_bytes())
    }

    fn story_of(&self, id: &str) -> String {
        self.story
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn apply(&self, article: &mut Article) {
        if article.date.is_none() {
            if let Some(date) = self.inherited_date.get(&article.id) {
                article.date = Some(*date);
                if !article.inherited.iter().any(|f| f == "date") {
                    article.inherited.push("date".into());
                }
            }
        }
        article.inherited.sort();
    }
}

fn make_doc(
    fields: &Fields,
    article: &Article,
    hash: u64,
    assignment: &StoryAssignment,
    link: &LinkData,
) -> SharedDoc {
    let story = assignment.story_of(&article.id);
    let mut doc = SharedDoc::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, origin_path(&article.origin));
    doc.add_u64(fields.hash, hash);
    doc.add_u64(fields.raw_hash, article.raw_hash);
    doc.add_text(fields.lang, article.lang.code());
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(date) = article.date {
        doc.add_i64(fields.day, date.days_since_epoch());
        doc.add_text(fields.month, format!("{:04}-{:02}", date.year, date.month));
    }
    doc.add_u64(fields.story_key, crate::story_key(&story));
    doc.add_text(fields.story, story);
    doc.add_text(
        fields.links,
        serde_json::to_string(assignment.links_of(&article.id)).unwrap_or_default(),
    );
    doc.add_u64(fields.links_key, assignment.links_key(&article.id));
    doc.add_text(
        fields.record,
        serde_json::to_string(article).unwrap_or_default(),
    );
    doc.add_bytes(fields.link, link.encode());
    let mut terms: Vec<String> = link
        .anchors
        .iter()
        .map(|(kind, value, _)| format!("{kind}:{value}"))
        .collect();
    terms.sort();
    terms.dedup();
    for term in terms {
        doc.add_text(fields.anchors, term);
    }
    let mut shared = None;
    for pair in &fields.for_lang(article.lang).pairs {
        match shared {
            None => {
                let title = doc.add_text(pair.title, article.title.as_str());
                let body = doc.add_text(pair.body, article.text.as_str());
                shared = Some((title, body));
            }
            Some((title, body)) => {
                doc.add_shared(pair.title, title);
                doc.add_shared(pair.body, body);
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index directory written with another schema, as an older version would leave it.
    fn old_schema_index(dir: &Path) {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("old_field", tantivy::schema::STORED);
        tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
    }

    #[test]
    fn a_second_full_rebuild_of_an_old_index_is_refused_while_one_runs() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("index");
        std::fs::create_dir_all(&dir).unwrap();
        old_schema_index(&dir);
        let options = BuildOptions {
            full: true,
            ..BuildOptions::default()
        };
        let held = lock_rebuild(&dir, "index").unwrap();
        let second = build_index(&dir, &options, |_, _| Ok(()), &|_| {});
        assert!(matches!(second, Err(IndexError::Locked(_))), "{second:?}");
        // The old index is untouched and the first run's work place is not deleted.
        assert!(matches!(
            NewsIndex::open_or_create(&dir),
            Err(IndexError::Incompatible { .. })
        ));
        drop(held);
        build_index(&dir, &options, |_, _| Ok(()), &|_| {}).unwrap();
        assert!(NewsIndex::open_or_create(&dir).is_ok());
    }

    #[test]
    fn origin_path_strips_line_numbers_only() {
        assert_eq!(
            origin_path("corpus/dev/articles.jsonl:12"),
            "corpus/dev/articles.jsonl"
        );
        assert_eq!(origin_path("corpus/seeds/000.txt"), "corpus/seeds/000.txt");
        assert_eq!(origin_path("C:"), "C:");
    }

    #[test]
    fn under_root_respects_path_segments() {
        assert!(under_root("corpus/dev/a.jsonl", "corpus"));
        assert!(under_root("corpus/dev/a.jsonl", "corpus/"));
        assert!(!under_root("corpus2/a.jsonl", "corpus"));
        assert!(under_root("corpus/a.jsonl", "corpus/a.jsonl"));
    }

    #[test]
    fn reason_kind_drops_specifics() {
        assert_eq!(
            reason_kind("duplicate id: x (first seen at a:1)"),
            "duplicate id"
        );
        // Regression: every duplicated id used to be a reason of its own in the summary.
        assert_eq!(
            reason_kind("duplicate id: a(b):c (first seen at a:1)"),
            "duplicate id"
        );
        assert_eq!(reason_kind("invalid JSON: expected value"), "invalid JSON");
    }
}
