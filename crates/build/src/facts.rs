//! Stage 2, facts: what each article read means for the index. Content hashes tell new,
//! changed and unchanged articles apart; duplicates are rejected; the linking facts of every
//! article go to the linker's corpus; new or changed records are spilled to a temporary file
//! for the write stage, so that nothing else of them stays in memory.

use crate::linkcodec::View;
use crate::read::{origin_line, origin_path, under_root};
use crate::{BuildSummary, Catalog, Event, KnownRaw, LinkData, Observer, Progress};
use newsindex_core::{Article, Date, Interned};
use newsindex_index::{CatalogEntry, IndexError, SCHEMA_VERSION};
use newsindex_ingest::Outcome;
use newsindex_link::LinkCorpus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bumped when what ingestion or analysis produces changes meaning, so articles are rewritten
/// (2: link facts carry the content evidence).
pub(crate) const CONTENT_VERSION: u64 = 2;

/// Articles hashed, analysed for anchors and spilled together, in parallel.
pub(crate) const BATCH: usize = 512;

/// The content hash of an article as it would be indexed.
pub(crate) fn content_hash(article: &Article) -> u64 {
    let json = serde_json::to_vec(article).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_64_with_seed(&json, SCHEMA_VERSION << 32 | CONTENT_VERSION)
}

/// The date an article had before any inheritance.
pub(crate) fn original_date(article: &Article) -> Option<Date> {
    if article.inherited.iter().any(|f| f == "date") {
        None
    } else {
        article.date
    }
}

/// What became of an article seen in this run.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    Added,
    Updated,
    Unchanged,
}

/// Facts about one article seen in this run, kept small: a run holds one per article.
pub(crate) struct Seen {
    pub status: Status,
    /// The article's own publication date (before inheritance).
    pub date: Option<Date>,
    origin: Origin,
}

/// Every article seen in this run, by id: the ids end to end in one string table (at a
/// million articles a map with a `String` per id cost 140 MB, and its freed strings stayed in
/// the allocator through the write stage).
#[derive(Default)]
pub(crate) struct SeenArticles {
    ids: Interned,
    states: Vec<Seen>,
}

impl SeenArticles {
    /// What was seen of the article `id`.
    pub fn get(&self, id: &str) -> Option<&Seen> {
        let index = self.ids.get(0, id)?;
        self.states.get(index as usize)
    }

    /// Whether the article `id` was seen.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.get(0, id).is_some()
    }

    /// Records an article not seen before (duplicates are rejected before they get here).
    fn insert_new(&mut self, id: &str, seen: Seen) {
        self.ids.insert_new(0, id);
        self.states.push(seen);
    }

    /// What was seen of every article, in the order they were seen.
    pub fn states(&self) -> impl Iterator<Item = &Seen> {
        self.states.iter()
    }
}

/// Where an article was read: an interned file and a line (0 for a whole file).
#[derive(Clone, Copy)]
pub(crate) struct Origin {
    file: u32,
    line: u32,
}

/// The files articles came from, each stored once.
#[derive(Default)]
pub(crate) struct Origins {
    files: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Origins {
    /// The origin `path` or `path:LINE`, its path stored once.
    pub(crate) fn intern(&mut self, origin: &str) -> Origin {
        let file = origin_path(origin);
        let line = u32::try_from(origin_line(origin)).unwrap_or(0);
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

    /// The origin as text again (`path`, or `path:LINE` when the line is not 0).
    pub(crate) fn show(&self, origin: Origin) -> String {
        let file = self.files.get(origin.file as usize).map_or("", |f| f);
        match origin.line {
            0 => file.to_string(),
            line => format!("{file}:{line}"),
        }
    }
}

/// An item waiting in a batch: a parsed article, or a raw record known unchanged by its hash.
enum Pending {
    Parsed(Box<Article>),
    Known { id: String, origin: String },
}

/// The per-article CPU work of a batch, done in parallel: content hash, linking facts (for
/// new or changed articles only) and the serialised record (when it is spilled).
type Prepared = (u64, Option<LinkData>, Vec<u8>);

/// One spilled record, as written.
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

/// One spilled record, read back by the write stage.
#[derive(Deserialize)]
struct SpillOwned {
    hash: u64,
    raw: u64,
    link: LinkData,
    article: String,
}

/// A record read back from the spill file.
pub(crate) struct Spilled {
    /// Content hash.
    pub hash: u64,
    /// The article, with its raw hash.
    pub article: Article,
    /// Its linking facts.
    pub link: LinkData,
}

/// The temporary file of new or changed records.
pub(crate) struct Spill {
    path: PathBuf,
    writer: BufWriter<std::fs::File>,
    /// Records written.
    pub lines: u64,
    /// Bytes written.
    bytes: u64,
    /// Where each record starts, by the hash of its article id (sorted by [`Spill::seal`]):
    /// the linker asks for a few texts back (see [`SpillTexts`]).
    starts: Vec<(u64, u64)>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The spill file's directory inside the index directory.
const SPILL_DIR: &str = ".newsindex-tmp";

impl Spill {
    /// Creates the spill file in a fresh temporary directory inside the index directory
    /// `dir` (a run killed earlier may have left one behind); the directory goes when the
    /// spill is dropped.
    pub fn create_in(dir: &Path) -> Result<Spill, IndexError> {
        let tmp_dir = dir.join(SPILL_DIR);
        let _ = std::fs::remove_dir_all(&tmp_dir);
        std::fs::create_dir_all(&tmp_dir).map_err(io_error(&tmp_dir))?;
        let path = tmp_dir.join("spill.jsonl");
        let file = std::fs::File::create(&path).map_err(io_error(&path))?;
        Ok(Spill {
            writer: BufWriter::new(file),
            path,
            lines: 0,
            bytes: 0,
            starts: Vec::new(),
        })
    }

    fn write(&mut self, id: &str, line: &SpillLine<'_>) -> Result<(), IndexError> {
        self.starts.push((id_key(id), self.bytes));
        let mut counted = Counted {
            inner: &mut self.writer,
            bytes: 0,
        };
        serde_json::to_writer(&mut counted, line)
            .map_err(|err| io_error(&self.path)(err.into()))?;
        counted.write_all(b"\n").map_err(io_error(&self.path))?;
        self.bytes += counted.bytes;
        self.lines += 1;
        Ok(())
    }

    /// Flushes the records to the file and sorts their starts for look-ups.
    fn seal(&mut self) -> Result<(), IndexError> {
        self.starts.sort_unstable();
        self.writer.flush().map_err(io_error(&self.path))
    }

    /// The record of article `id` written in this run, if any, read from `file` (the spill
    /// file, opened by the caller once for many look-ups).
    fn record_of(&self, file: &mut std::fs::File, id: &str) -> Result<Option<Spilled>, IndexError> {
        use std::io::{Seek, SeekFrom};
        let key = id_key(id);
        let from = self.starts.partition_point(|&(k, _)| k < key);
        let to = self.starts.partition_point(|&(k, _)| k <= key);
        // Two ids may share a hash: each start of the key is tried.
        for &(_, start) in &self.starts[from..to] {
            file.seek(SeekFrom::Start(start))
                .map_err(io_error(&self.path))?;
            let mut line = String::new();
            BufReader::new(&mut *file)
                .read_line(&mut line)
                .map_err(io_error(&self.path))?;
            let spilled = parse_spilled(&line).map_err(io_error(&self.path))?;
            if spilled.article.id == id {
                return Ok(Some(spilled));
            }
        }
        Ok(None)
    }

    /// Reads the records back, in the order they were written.
    pub fn read(
        &self,
    ) -> Result<impl Iterator<Item = Result<Spilled, IndexError>> + '_, IndexError> {
        let file = std::fs::File::open(&self.path).map_err(io_error(&self.path))?;
        let path = &self.path;
        Ok(BufReader::new(file).lines().map(move |line| {
            let line = line.map_err(io_error(path))?;
            parse_spilled(&line).map_err(io_error(path))
        }))
    }
}

/// One spilled line read back.
fn parse_spilled(line: &str) -> Result<Spilled, std::io::Error> {
    let spilled: SpillOwned = serde_json::from_str(line)?;
    let mut article: Article = serde_json::from_slice(spilled.article.as_bytes())?;
    article.raw_hash = spilled.raw;
    Ok(Spilled {
        hash: spilled.hash,
        article,
        link: spilled.link,
    })
}

/// The key a spilled record is found by.
fn id_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// A writer that counts the bytes it passes on.
struct Counted<'w, W: Write> {
    inner: &'w mut W,
    bytes: u64,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The texts the linker asks for: records written in this run from the spill file, the
/// others from the index as it was before the run.
pub(crate) struct SpillTexts<'a> {
    /// The spill file of this run.
    pub spill: &'a Spill,
    /// The index before the run, where its catalog's records are read.
    pub records: Records<'a>,
    /// The catalog of the index before the run.
    pub catalog: &'a Catalog,
}

impl SpillTexts<'_> {
    fn text_of(&self, spill: &mut std::fs::File, id: &str) -> Result<Option<String>, IndexError> {
        if let Some(spilled) = self.spill.record_of(spill, id)? {
            return Ok(Some(spilled.article.text));
        }
        match self.catalog.get(id) {
            Some(entry) => Ok(Some(self.records.article(entry)?.text)),
            None => Ok(None),
        }
    }
}

impl newsindex_link::ArticleTexts for SpillTexts<'_> {
    /// A text that cannot be read back leaves its link unchecked, as the model decided it.
    fn texts(&self, ids: &[&str]) -> Vec<Option<String>> {
        let Ok(mut spill) = std::fs::File::open(&self.spill.path) else {
            return vec![None; ids.len()];
        };
        ids.iter()
            .map(|id| self.text_of(&mut spill, id).ok().flatten())
            .collect()
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let Some(tmp_dir) = self.path.parent() {
            let _ = std::fs::remove_dir_all(tmp_dir);
        }
    }
}

/// Everything pass 1 learnt, handed to the link and write stages.
pub(crate) struct Facts {
    /// Every article seen in this run, by id.
    pub seen: SeenArticles,
    /// The linker's view of those articles.
    pub corpus: LinkCorpus,
    /// The new or changed records.
    pub spill: Spill,
    /// The summary so far: rejections.
    pub summary: BuildSummary,
    /// Articles read (rejections aside).
    pub read: u64,
    /// Seconds spent hashing, extracting anchors and serialising.
    pub anchors_secs: f64,
    /// The origins of rejected records (duplicates included): their files are read again
    /// next time.
    pub troubled: HashSet<String>,
}

/// The index and searcher the catalog was read from, for stored records.
#[derive(Clone, Copy)]
pub(crate) struct Records<'a> {
    pub index: &'a newsindex_index::NewsIndex,
    pub searcher: &'a tantivy::Searcher,
}

impl Records<'_> {
    /// The stored article of a catalog entry.
    fn article(&self, entry: &CatalogEntry) -> Result<Article, IndexError> {
        Ok(self.index.stored(self.searcher, entry.address)?.article)
    }
}

/// Collects the facts of a run, one outcome at a time, in batches.
pub(crate) struct Collector<'a> {
    catalog: &'a Catalog,
    full: bool,
    /// Raw records the reader may skip unparsed: their hash maps to the article they made.
    raw_ids: HashMap<u64, &'a CatalogEntry>,
    /// Where stored records are read back, for a known record found at another place.
    records: Option<Records<'a>>,
    batch: Vec<Pending>,
    origins: Origins,
    facts: Facts,
    error: Option<IndexError>,
    /// The link facts of the last known record, decoded into vectors reused from record to
    /// record.
    view: View<'a>,
}

impl<'a> Collector<'a> {
    /// A collector over the index's `catalog`; `full` rebuilds (every record is spilled and
    /// none is skipped by its raw hash).
    pub fn new(
        catalog: &'a Catalog,
        records: Option<Records<'a>>,
        full: bool,
        spill: Spill,
    ) -> Self {
        let raw_ids = if full {
            HashMap::new()
        } else {
            catalog
                .values()
                .filter(|entry| entry.raw_hash != 0)
                .map(|entry| (entry.raw_hash, entry))
                .collect()
        };
        Collector {
            catalog,
            records,
            full,
            raw_ids,
            batch: Vec::with_capacity(BATCH),
            origins: Origins::default(),
            facts: Facts {
                seen: SeenArticles::default(),
                // Articles are reduced to the linker's integers as they are read; nothing
                // else of their anchors stays in memory (the spill file keeps them).
                corpus: LinkCorpus::new(),
                spill,
                summary: BuildSummary::default(),
                read: 0,
                anchors_secs: 0.0,
                troubled: HashSet::new(),
            },
            error: None,
            view: View::default(),
        }
    }

    /// Raw-record hashes already in the index, which the reader may report unparsed.
    pub fn known(&self) -> KnownRaw {
        std::sync::Arc::new(self.raw_ids.keys().copied().collect::<HashSet<u64>>())
    }

    /// Takes one outcome of the read stage.
    pub fn push(&mut self, outcome: Outcome, observe: &Observer<'_>) {
        if self.error.is_some() {
            return;
        }
        let pending = match outcome {
            Outcome::Article(article) => Pending::Parsed(article),
            Outcome::Unchanged { raw_hash, origin } => match self.raw_ids.get(&raw_hash) {
                // Known only where it was: the stored record names its place (`origin`).
                Some(entry)
                    if entry.path == origin_path(&origin) && entry.line == origin_line(&origin) =>
                {
                    Pending::Known {
                        id: entry.id.clone(),
                        origin,
                    }
                }
                Some(entry) => match self.moved(entry, origin, raw_hash, observe) {
                    Ok(Some(article)) => Pending::Parsed(Box::new(article)),
                    Ok(None) => return,
                    Err(err) => {
                        self.error = Some(err);
                        return;
                    }
                },
                None => {
                    let reason = "reported unchanged but unknown to the index; rerun with --full";
                    self.reject(&origin, reason);
                    return;
                }
            },
            Outcome::Rejected(rejection) => {
                self.reject(&rejection.origin, &rejection.reason);
                return;
            }
        };
        self.enqueue(pending, observe);
    }

    /// A record the index holds, found at another place (a line moved, a file renamed or
    /// copied): the article it makes differs at least in its origin. A line's record depends
    /// on its place only through the origin, so the stored article takes the new one; a
    /// whole file may also take its id from its name, so it is read again, unskipped (its
    /// outcomes are pushed here, and `None` returned).
    fn moved(
        &mut self,
        entry: &CatalogEntry,
        origin: String,
        raw_hash: u64,
        observe: &Observer<'_>,
    ) -> Result<Option<Article>, IndexError> {
        let Some(records) = self.records else {
            let reason = "reported unchanged at another place, without its stored record";
            self.reject(&origin, reason);
            return Ok(None);
        };
        if origin_line(&origin) == 0 {
            let path = std::path::PathBuf::from(origin_path(&origin));
            crate::Inputs::Paths(vec![path]).feed(1, &KnownRaw::default(), observe, |outcome| {
                self.push(outcome, observe)
            });
            return Ok(None);
        }
        let mut article = records.article(entry)?;
        crate::write::strip_inherited(&mut article);
        article.origin = origin;
        article.raw_hash = raw_hash;
        Ok(Some(article))
    }

    /// Takes an article of a file skipped unread (see `stamps`): unchanged, as the catalog
    /// has it.
    pub fn push_skipped(&mut self, id: &str, file: &str, observe: &Observer<'_>) {
        if self.error.is_some() {
            return;
        }
        let pending = Pending::Known {
            id: id.to_string(),
            origin: file.to_string(),
        };
        self.enqueue(pending, observe);
    }

    fn reject(&mut self, origin: &str, reason: &str) {
        self.facts.troubled.insert(origin.to_string());
        self.facts.summary.reject(origin, reason);
    }

    fn enqueue(&mut self, pending: Pending, observe: &Observer<'_>) {
        self.facts.read += 1;
        self.batch.push(pending);
        if self.batch.len() >= BATCH {
            if let Err(err) = self.process_batch(observe) {
                self.error = Some(err);
            }
            observe(Event::Progress(Progress {
                phase: "reading",
                done: self.facts.read,
                total: None,
            }));
        }
    }

    /// The facts, once every outcome is in.
    pub fn finish(mut self, observe: &Observer<'_>) -> Result<Facts, IndexError> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        self.process_batch(observe)?;
        self.facts.spill.seal()?;
        Ok(self.facts)
    }

    fn process_batch(&mut self, observe: &Observer<'_>) -> Result<(), IndexError> {
        let timer = Instant::now();
        // Unchanged articles (same content hash) need neither anchors nor a spilled record,
        // which keeps an incremental run over an unchanged corpus close to a plain read.
        let (catalog, full) = (self.catalog, self.full);
        let prepared: Vec<Prepared> = self
            .batch
            .par_iter()
            .map(|pending| {
                let Pending::Parsed(article) = pending else {
                    return (0, None, Vec::new());
                };
                let hash = content_hash(article);
                let unchanged = catalog.get(&article.id).is_some_and(|e| e.hash == hash);
                let anchors = (!unchanged).then(|| LinkData::from_article(article));
                let json = if unchanged && !full {
                    Vec::new()
                } else {
                    serde_json::to_vec(article).unwrap_or_default()
                };
                (hash, anchors, json)
            })
            .collect();
        self.facts.anchors_secs += timer.elapsed().as_secs_f64();
        let batch = std::mem::take(&mut self.batch);
        for (pending, prepared) in batch.into_iter().zip(prepared) {
            match pending {
                Pending::Parsed(article) => self.parsed(*article, prepared, observe)?,
                Pending::Known { id, origin } => self.known_unchanged(id, &origin, observe),
            }
        }
        self.batch = Vec::with_capacity(BATCH);
        Ok(())
    }

    /// Rejects a second article with an id already seen; true if it was one.
    fn duplicate(&mut self, id: &str, origin: &str, observe: &Observer<'_>) -> bool {
        let Some(first) = self.facts.seen.get(id) else {
            return false;
        };
        let first = self.origins.show(first.origin);
        // The id after the colon: the reason counts as one kind, whatever the id.
        let reason = format!("duplicate id: {id} (first seen at {first})");
        self.reject(origin, &reason);
        // Found after the read stage reported its own rejections: said here, like them.
        observe(Event::Rejected {
            origin,
            reason: &reason,
        });
        true
    }

    /// A raw record the index already holds as is: its facts come from the catalog.
    fn known_unchanged(&mut self, id: String, origin: &str, observe: &Observer<'_>) {
        if self.duplicate(&id, origin, observe) {
            return;
        }
        // Known raw hashes come from the catalog, so the entry is there.
        let catalog = self.catalog;
        if let Some(entry) = catalog.get(&id) {
            LinkData::decode_view_into(&entry.link, &mut self.view);
            let date = self.view.own_date();
            self.facts
                .corpus
                .push_facts(&self.view.facts(&id, entry.lang, date));
            let origin = self.origins.intern(origin);
            let status = Status::Unchanged;
            let seen = Seen {
                status,
                date,
                origin,
            };
            self.facts.seen.insert_new(&id, seen);
        }
    }

    /// A parsed article: new, changed or unchanged by its content hash.
    fn parsed(
        &mut self,
        article: Article,
        prepared: Prepared,
        observe: &Observer<'_>,
    ) -> Result<(), IndexError> {
        let (hash, anchors, json) = prepared;
        if self.duplicate(&article.id, &article.origin, observe) {
            return Ok(());
        }
        let entry = self.catalog.get(&article.id);
        let status = match entry {
            None => Status::Added,
            Some(entry) if entry.hash == hash => Status::Unchanged,
            Some(_) => Status::Updated,
        };
        let (link, date) = match (status, entry) {
            (Status::Unchanged, Some(entry)) => {
                (LinkData::decode(&entry.link), original_date(&article))
            }
            _ => (
                anchors.unwrap_or_else(|| LinkData::from_article(&article)),
                article.date,
            ),
        };
        self.facts
            .corpus
            .push_facts(&link.facts(&article.id, article.lang, date));
        if status != Status::Unchanged || self.full {
            self.facts.spill.write(
                &article.id,
                &SpillLine {
                    hash,
                    raw: article.raw_hash,
                    link: &link,
                    article: &json,
                },
            )?;
        }
        let origin = self.origins.intern(&article.origin);
        let seen = Seen {
            status,
            date,
            origin,
        };
        self.facts.seen.insert_new(&article.id, seen);
        Ok(())
    }
}

/// The catalog's articles not seen in this run: those to remove (under an indexed root, or
/// all with `full`), sorted by id, and those kept as they are.
pub(crate) fn unseen<'c>(
    catalog: &'c Catalog,
    seen: &SeenArticles,
    roots: &[PathBuf],
    full: bool,
) -> (Vec<&'c CatalogEntry>, Vec<&'c CatalogEntry>) {
    let roots: Vec<String> = roots
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    let under_a_root =
        |entry: &CatalogEntry| roots.iter().any(|root| under_root(&entry.path, root));
    let (mut removed, kept): (Vec<&CatalogEntry>, Vec<&CatalogEntry>) = catalog
        .values()
        .filter(|entry| !seen.contains(&entry.id))
        .partition(|entry| full || under_a_root(entry));
    removed.sort_by(|a, b| a.id.cmp(&b.id));
    (removed, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;
    use newsindex_ingest::Rejection;

    fn article(id: &str, origin: &str, text: &str) -> Article {
        let mut article = Article::new(id, Lang::En);
        article.title = format!("Title of {id}");
        article.text = text.to_string();
        article.origin = origin.to_string();
        article
    }

    fn entry(article: &Article, hash: u64, raw_hash: u64) -> CatalogEntry {
        CatalogEntry {
            id: article.id.clone(),
            path: origin_path(&article.origin).to_string(),
            hash,
            raw_hash,
            line: origin_line(&article.origin),
            story: article.id.clone(),
            links_key: 0,
            story_key: 0,
            lang: article.lang,
            date: article.date,
            link: LinkData::from_article(article).encode().into(),
            address: tantivy::DocAddress::new(0, 0),
        }
    }

    fn catalog(entries: Vec<CatalogEntry>) -> Catalog {
        entries.into_iter().map(|e| (e.id.clone(), e)).collect()
    }

    fn push_all(collector: &mut Collector<'_>, outcomes: Vec<Outcome>) {
        for outcome in outcomes {
            collector.push(outcome, &|_| {});
        }
    }

    #[test]
    fn content_hash_follows_the_content() {
        let a = article("a", "corpus/a.txt", "Typhoon Yagi made landfall.");
        assert_eq!(content_hash(&a), content_hash(&a.clone()));
        let mut edited = a.clone();
        edited.text.push_str(" It weakened.");
        assert_ne!(content_hash(&a), content_hash(&edited));
    }

    #[test]
    fn articles_are_sorted_into_new_changed_and_unchanged_and_only_changes_are_spilled() {
        let tmp = tempfile::tempdir().unwrap();
        let same = article("same", "corpus/s.txt", "Unchanged text.");
        let old = article("edited", "corpus/e.jsonl:2", "Old text.");
        let catalog = catalog(vec![
            entry(&same, content_hash(&same), 0),
            entry(&old, content_hash(&old), 0),
        ]);
        let spill = Spill::create_in(tmp.path()).unwrap();
        let mut collector = Collector::new(&catalog, None, false, spill);
        let mut fresh = article("new", "corpus/n.txt", "A new article.");
        fresh.raw_hash = 7;
        push_all(
            &mut collector,
            vec![
                Outcome::Article(Box::new(fresh)),
                Outcome::Article(Box::new(same.clone())),
                Outcome::Article(Box::new(article("edited", "corpus/e.jsonl:2", "New text."))),
                Outcome::Article(Box::new(article("new", "corpus/copy.txt", "Again."))),
                Outcome::Rejected(Rejection {
                    origin: "corpus/bad.jsonl:1".into(),
                    reason: "invalid JSON: eof".into(),
                }),
            ],
        );
        let said = std::sync::Mutex::new(Vec::new());
        let facts = collector
            .finish(&|event| {
                if let Event::Rejected { origin, reason } = event {
                    said.lock().unwrap().push(format!("{origin}: {reason}"));
                }
            })
            .unwrap();
        // The duplicate is said as it is found, like the read stage's rejections.
        assert_eq!(
            *said.lock().unwrap(),
            ["corpus/copy.txt: duplicate id: new (first seen at corpus/n.txt)"]
        );
        let status = |id: &str| facts.seen.get(id).unwrap().status;
        assert_eq!(status("new"), Status::Added);
        assert_eq!(status("same"), Status::Unchanged);
        assert_eq!(status("edited"), Status::Updated);
        assert_eq!((facts.read, facts.corpus.len()), (4, 3));
        // A read rejection is counted at once, a duplicate when its batch is processed.
        assert_eq!(
            facts.summary.rejections,
            [
                "corpus/bad.jsonl:1: invalid JSON: eof",
                "corpus/copy.txt: duplicate id: new (first seen at corpus/n.txt)",
            ]
        );
        let spilled: Vec<Spilled> = facts.spill.read().unwrap().map(Result::unwrap).collect();
        let ids: Vec<&str> = spilled.iter().map(|s| s.article.id.as_str()).collect();
        assert_eq!(ids, ["new", "edited"]);
        assert_eq!(spilled[0].article.raw_hash, 7);
        assert_eq!(spilled[1].article.text, "New text.");
        assert_eq!(spilled[1].hash, content_hash(&spilled[1].article));
    }

    #[test]
    fn raw_records_known_to_the_index_are_unchanged_and_unknown_ones_rejected() {
        let tmp = tempfile::tempdir().unwrap();
        let known = article("k", "corpus/k.jsonl:4", "Known text.");
        let catalog = catalog(vec![entry(&known, 1, 42)]);
        let mut collector =
            Collector::new(&catalog, None, false, Spill::create_in(tmp.path()).unwrap());
        assert_eq!(*collector.known(), HashSet::from([42]));
        let unchanged = |raw_hash, origin: &str| Outcome::Unchanged {
            raw_hash,
            origin: origin.into(),
        };
        push_all(
            &mut collector,
            vec![
                unchanged(42, "corpus/k.jsonl:4"),
                unchanged(43, "corpus/x.txt"),
            ],
        );
        let facts = collector.finish(&|_| {}).unwrap();
        assert_eq!(facts.seen.get("k").unwrap().status, Status::Unchanged);
        assert_eq!(facts.spill.lines, 0);
        assert_eq!(facts.summary.rejected_reasons.len(), 1);
        assert!(facts.summary.rejections[0].starts_with("corpus/x.txt: reported unchanged"));
        // A full rebuild parses everything: no raw hash is offered as known.
        let full = Collector::new(&catalog, None, true, Spill::create_in(tmp.path()).unwrap());
        assert!(full.known().is_empty());
    }

    #[test]
    fn unseen_articles_under_a_root_are_removed_and_the_others_kept() {
        let inside = article("in", "corpus/a.txt", "Inside.");
        let outside = article("out", "elsewhere/b.txt", "Outside.");
        let seen_article = article("seen", "corpus/c.txt", "Seen.");
        let catalog = catalog(vec![
            entry(&inside, 1, 0),
            entry(&outside, 1, 0),
            entry(&seen_article, 1, 0),
        ]);
        let tmp = tempfile::tempdir().unwrap();
        let mut collector =
            Collector::new(&catalog, None, false, Spill::create_in(tmp.path()).unwrap());
        push_all(
            &mut collector,
            vec![Outcome::Article(Box::new(seen_article))],
        );
        let facts = collector.finish(&|_| {}).unwrap();
        let ids = |entries: Vec<&CatalogEntry>| -> Vec<String> {
            entries.into_iter().map(|e| e.id.clone()).collect()
        };
        let roots = [PathBuf::from("corpus")];
        let (removed, kept) = unseen(&catalog, &facts.seen, &roots, false);
        assert_eq!(
            (ids(removed), ids(kept)),
            (vec!["in".into()], vec!["out".into()])
        );
        let (removed, kept) = unseen(&catalog, &facts.seen, &roots, true);
        assert_eq!(
            (ids(removed), kept.len()),
            (vec!["in".into(), "out".into()], 0)
        );
    }

    #[test]
    fn the_spill_directory_goes_with_the_spill() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(SPILL_DIR).join("left-over")).unwrap();
        let spill = Spill::create_in(tmp.path()).unwrap();
        assert!(!tmp.path().join(SPILL_DIR).join("left-over").exists());
        assert!(tmp.path().join(SPILL_DIR).join("spill.jsonl").is_file());
        drop(spill);
        assert!(!tmp.path().join(SPILL_DIR).exists());
    }

    #[test]
    fn texts_come_from_the_spill_for_records_of_this_run_and_from_the_index_otherwise() {
        use newsindex_link::ArticleTexts;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        let before = [
            article("kept", "corpus/k.txt", "Kept as indexed."),
            article("changed", "corpus/c.txt", "Text before the change."),
        ];
        crate::build_articles(&dir, &before, true).unwrap();
        let index = newsindex_index::NewsIndex::open(&dir).unwrap();
        let searcher = index.searcher().unwrap();
        let catalog = catalog(index.catalog(&searcher).unwrap());

        let mut spill = Spill::create_in(tmp.path()).unwrap();
        let records = [
            article("new", "corpus/n.txt", "A new article,\nin two paragraphs."),
            article("changed", "corpus/c.txt", "Text after the change."),
        ];
        for record in &records {
            let json = serde_json::to_vec(record).unwrap();
            let link = LinkData::from_article(record);
            let line = SpillLine {
                hash: content_hash(record),
                raw: 0,
                link: &link,
                article: &json,
            };
            spill.write(&record.id, &line).unwrap();
        }
        spill.seal().unwrap();
        let texts = SpillTexts {
            spill: &spill,
            records: Records {
                index: &index,
                searcher: &searcher,
            },
            catalog: &catalog,
        };
        assert_eq!(
            texts.texts(&["changed", "unknown", "kept", "new"]),
            [
                Some("Text after the change.".to_string()),
                None,
                Some("Kept as indexed.".to_string()),
                Some("A new article,\nin two paragraphs.".to_string()),
            ]
        );
        // The records read back in order are unchanged by the look-ups.
        let ids: Vec<String> = spill
            .read()
            .unwrap()
            .map(|r| r.unwrap().article.id)
            .collect();
        assert_eq!(ids, ["new", "changed"]);
    }
}
