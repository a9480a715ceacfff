//! Walking inputs and reading each format into [`Outcome`]s, streaming and in input order.

use crate::dates::date_from_url;
use crate::decode::{decode_bytes, decode_declared};
use crate::html::{html_depth, parse_html, MAX_HTML_DEPTH};
use crate::json::raw_from_json;
use crate::page::clean_page;
use crate::record::{finish, Finish, Raw};
use crate::warc;
use crate::IngestError;
use flate2::read::MultiGzDecoder;
use newsindex_analysis::clean_text;
use newsindex_core::Article;
use rayon::prelude::*;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Parsing threads; 0 uses rayon's default (one per core).
    pub threads: usize,
    /// A JSONL line longer than this is rejected (and skipped) rather than held in memory.
    pub max_line_bytes: usize,
    /// A whole-file input (`.txt`, `.html`, `.json`) larger than this, after decompression,
    /// is rejected.
    pub max_file_bytes: u64,
    /// JSONL lines parsed together in parallel; bounds memory with `max_batch_bytes`.
    pub batch_lines: usize,
    /// A JSONL batch is also closed once it holds this many bytes.
    pub max_batch_bytes: usize,
    /// Detect each paragraph's language to flag mixed-language articles (costs about as much
    /// as the rest of the pipeline).
    pub check_mixed_languages: bool,
    /// A gzip file that expands more than this many times its compressed size (once past
    /// 64 MiB) is cut off as a likely decompression bomb. Text compresses 3-10 times;
    /// deflate cannot exceed about 1032.
    pub max_gzip_ratio: u64,
    /// Raw-record hashes (see [`raw_hash`]) already indexed: a record whose hash is here is
    /// reported as [`Outcome::Unchanged`] without being parsed.
    pub known_raw: Option<std::sync::Arc<std::collections::HashSet<u64>>>,
}

/// Bumped whenever ingestion would make a different article from the same bytes, so that
/// records read by an older version are parsed again.
const RAW_HASH_VERSION: u64 = 1;

/// Hash of a raw input record (a JSONL line, or a one-article file's bytes), never 0.
pub fn raw_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, RAW_HASH_VERSION).max(1)
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            threads: 0,
            max_line_bytes: 64 << 20,
            max_file_bytes: 256 << 20,
            batch_lines: 512,
            max_batch_bytes: 16 << 20,
            check_mixed_languages: true,
            max_gzip_ratio: 250,
            known_raw: None,
        }
    }
}

/// Why one input (a file, a JSONL line, a JSON array item) produced no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Where: a path, `path:LINE` for JSONL, `path:[INDEX]` for a JSON array item.
    pub origin: String,
    /// Why, in plain lowercase words.
    pub reason: String,
}

/// What reading one input gives: a clean article or a rejection.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A clean article.
    Article(Box<Article>),
    /// An input that could not become an article.
    Rejected(Rejection),
    /// A record whose raw hash is in [`ReadOptions::known_raw`]: already indexed as is.
    Unchanged {
        /// The record's raw hash.
        raw_hash: u64,
        /// `path` or `path:line`.
        origin: String,
    },
}

impl Outcome {
    fn rejected(origin: impl Into<String>, reason: impl Into<String>) -> Outcome {
        Outcome::Rejected(Rejection {
            origin: origin.into(),
            reason: reason.into(),
        })
    }
}

/// Counts from a whole run that are not outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Article files read (or attempted), not counting skipped ones.
    pub files: usize,
    /// Files skipped while walking directories: unknown extension, documentation
    /// (`README.md`), or JSONL whose first record has no article fields (labels, queries).
    pub skipped: usize,
}

/// The input formats, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A scraped article page as text (`.txt`, `.md`).
    Page,
    /// One JSON object, an array of objects, or one object per line (`.json`).
    Json,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A saved web page (`.html`, `.htm`).
    Html,
    /// A web archive (`.warc`): each HTML `response` record is an article.
    Warc,
}

/// A file's format and whether it is gzip-compressed (`.gz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    /// The format inside.
    pub format: Format,
    /// True for `name.ext.gz`.
    pub gzip: bool,
}

/// The kind of a file from its name, or `None` for an unsupported extension.
pub fn file_kind(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let format = match name.rsplit_once('.')?.1 {
        "txt" | "md" | "markdown" => Format::Page,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" => Format::Warc,
        _ => return None,
    };
    Some(FileKind { format, gzip })
}

/// The file name without `.gz` and the format extension: the id of a one-article file.
fn file_stem(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(&name);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    (!stem.is_empty()).then(|| stem.to_string())
}

/// The files and skipped files under some paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// Supported files, in a deterministic order: inputs as given, each directory sorted.
    pub files: Vec<PathBuf>,
    /// Files with an unsupported extension found inside directories.
    pub skipped: Vec<PathBuf>,
}

/// Walks files and directories recursively, sorted by name; hidden entries (`.git`) are
/// ignored and symbolic links to directories are not followed (no loops).
pub fn walk(paths: &[PathBuf]) -> Result<Walk, IngestError> {
    let mut walk = Walk::default();
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| IngestError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk_dir(path, &mut walk)?;
        } else if file_kind(path).is_some() {
            walk.files.push(path.clone());
        } else {
            return Err(IngestError::Unsupported { path: path.clone() });
        }
    }
    Ok(walk)
}

/// Names of documentation files skipped inside directories (compared in upper case).
const DOC_FILES: [&str; 7] = [
    "README",
    "LICENSE",
    "LICENCE",
    "CHANGELOG",
    "COPYING",
    "CONTRIBUTING",
    "NOTICE",
];

fn walk_dir(dir: &Path, walk: &mut Walk) -> Result<(), IngestError> {
    let io_error = |source| IngestError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map_err(io_error)?
        .collect::<Result<_, _>>()
        .map_err(io_error)?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_ascii_uppercase();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io_error)?;
        if file_type.is_dir() {
            walk_dir(&path, walk)?;
        } else if file_type.is_file()
            || fs::metadata(&path).is_ok_and(|m| m.is_file())
            // A dangling link is a file that disappeared: listed, so reading it reports it.
            || (file_type.is_symlink() && fs::metadata(&path).is_err())
        {
            // Documentation next to the data (`README.md`) is not an article.
            let documentation = DOC_FILES.iter().any(|doc| name.starts_with(doc));
            if file_kind(&path).is_some() && !documentation {
                walk.files.push(path);
            } else {
                walk.skipped.push(path);
            }
        }
    }
    Ok(())
}

/// The supported files under some paths (see [`walk`]); a path named explicitly that does
/// not exist or has an unsupported extension is an error.
pub fn list_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    walk(paths).map(|walk| walk.files)
}

/// Reads every article under `paths`, calling `sink` with each outcome in input order.
/// Problems with one input become a [`Rejection`] and reading goes on.
pub fn read_paths(
    paths: &[PathBuf],
    options: &ReadOptions,
    mut sink: impl FnMut(Outcome),
) -> ReadStats {
    read_paths_until(paths, options, |outcome| {
        sink(outcome);
        ControlFlow::Continue(())
    })
}

/// Like [`read_paths`], but stops as soon as `sink` returns `ControlFlow::Break` (for
/// example when stdout is a closed pipe).
pub fn read_paths_until(
    paths: &[PathBuf],
    options: &ReadOptions,
    mut sink: impl FnMut(Outcome) -> ControlFlow<()>,
) -> ReadStats {
    let ctx = Context::new(options);
    let mut stats = ReadStats::default();
    for path in paths {
        let files = match walk(std::slice::from_ref(path)) {
            Ok(walk) => {
                stats.skipped += walk.skipped.len();
                walk.files
            }
            Err(err) => {
                stats.files += 1;
                if sink(Outcome::rejected(path.display().to_string(), err.reason())).is_break() {
                    return stats;
                }
                continue;
            }
        };
        stats.files += files.len();
        let flow = ctx.read_files(&files, &mut sink);
        let not_articles = ctx.skipped.swap(0, std::sync::atomic::Ordering::Relaxed);
        stats.skipped += not_articles;
        stats.files -= not_articles;
        if flow.is_break() {
            return stats;
        }
    }
    stats
}

/// Reads one file (any supported format), calling `sink` with each outcome in order.
pub fn read_file(path: &Path, options: &ReadOptions, mut sink: impl FnMut(Outcome)) {
    let ctx = Context::new(options);
    let _ = ctx.read_files(&[path.to_path_buf()], &mut |outcome| {
        sink(outcome);
        ControlFlow::Continue(())
    });
}

/// Options plus the thread pool they ask for.
struct Context<'a> {
    options: &'a ReadOptions,
    pool: Option<rayon::ThreadPool>,
    /// JSONL files skipped because they hold no articles.
    skipped: std::sync::atomic::AtomicUsize,
}

/// Decompressed bytes always allowed, whatever the compression ratio.
const BOMB_MIN_BYTES: u64 = 64 << 20;

/// Stops reading decompressed data past a limit proportional to the compressed size.
struct BombGuard<R> {
    inner: R,
    read: u64,
    limit: u64,
    ratio: u64,
}

impl<R: Read> Read for BombGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "expands more than {} times its compressed size (a decompression bomb?)",
                    self.ratio
                ),
            ));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Whole files processed together in parallel, and the bytes they may hold at once.
const FILE_BATCH: usize = 32;
const FILE_BATCH_BYTES: u64 = 64 << 20;

impl<'a> Context<'a> {
    fn new(options: &'a ReadOptions) -> Context<'a> {
        let pool = (options.threads > 0)
            .then(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(options.threads)
                    .build()
                    .ok()
            })
            .flatten();
        Context {
            options,
            pool,
            skipped: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn install<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }

    fn finish_options(&self) -> Finish {
        Finish {
            check_mixed: self.options.check_mixed_languages,
        }
    }

    fn read_files(
        &self,
        files: &[PathBuf],
        sink: &mut impl FnMut(Outcome) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let mut batch: Vec<&Path> = Vec::new();
        let mut batch_bytes = 0u64;
        for path in files {
            match file_kind(path) {
                Some(FileKind {
                    format: Format::JsonLines,
                    gzip,
                }) => {
                    self.flush(&mut batch, sink)?;
                    batch_bytes = 0;
                    self.read_lines(path, gzip, sink)?;
                }
                Some(FileKind {
                    format: Format::Warc,
                    gzip,
                }) => {
                    self.flush(&mut batch, sink)?;
                    batch_bytes = 0;
                    self.read_warc(path, gzip, sink)?;
                }
                Some(_) => {
                    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                    if !batch.is_empty()
                        && (batch.len() >= FILE_BATCH || batch_bytes + size > FILE_BATCH_BYTES)
                    {
                        self.flush(&mut batch, sink)?;
                        batch_bytes = 0;
                    }
                    batch.push(path);
                    batch_bytes += size;
                }
                None => sink(Outcome::rejected(
                    path.display().to_string(),
                    IngestError::Unsupported {
                        path: path.to_path_buf(),
                    }
                    .reason(),
                ))?,
            }
        }
        self.flush(&mut batch, sink)
    }

    fn flush(
        &self,
        batch: &mut Vec<&Path>,
        sink: &mut impl FnMut(Outcome) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let results: Vec<Vec<Outcome>> =
            self.install(|| batch.par_iter().map(|path| self.read_whole(path)).collect());
        batch.clear();
        for outcome in results.into_iter().flatten() {
            sink(outcome)?;
        }
        ControlFlow::Continue(())
    }

    fn open(&self, path: &Path, gzip: bool) -> io::Result<Box<dyn BufRead>> {
        let file = File::open(path)?;
        Ok(if gzip {
            let compressed = file.metadata().map_or(0, |m| m.len());
            let limit = compressed
                .saturating_mul(self.options.max_gzip_ratio.max(1))
                .max(BOMB_MIN_BYTES);
            Box::new(BufReader::with_capacity(
                256 << 10,
                BombGuard {
                    inner: MultiGzDecoder::new(BufReader::new(file)),
                    read: 0,
                    limit,
                    ratio: self.options.max_gzip_ratio.max(1),
                },
            ))
        } else {
            Box::new(BufReader::with_capacity(256 << 10, file))
        })
    }

    fn is_known(&self, hash: u64) -> bool {
        self.options
            .known_raw
            .as_ref()
            .is_some_and(|known| known.contains(&hash))
    }

    /// Reads a one-document file (page, HTML, JSON object or array).
    fn read_whole(&self, path: &Path) -> Vec<Outcome> {
        let origin = path.display().to_string();
        let reject = |reason: String| vec![Outcome::rejected(origin.clone(), reason)];
        let Some(kind) = file_kind(path) else {
            return reject("unsupported file type".to_string());
        };
        let mut bytes = Vec::new();
        let cap = self.options.max_file_bytes;
        let read = self
            .open(path, kind.gzip)
            .and_then(|reader| reader.take(cap.saturating_add(1)).read_to_end(&mut bytes));
        if let Err(err) = read {
            return reject(io_reason(&err, kind.gzip));
        }
        if bytes.len() as u64 > cap {
            return reject(format!("file larger than {} MiB", cap >> 20));
        }
        // A JSON file may hold an array of many articles: only one-article formats are
        // skipped by their raw hash.
        let file_hash = match kind.format {
            Format::Page | Format::Html => raw_hash(&bytes),
            Format::Json | Format::JsonLines | Format::Warc => 0,
        };
        if file_hash != 0 && self.is_known(file_hash) {
            return vec![Outcome::Unchanged {
                raw_hash: file_hash,
                origin,
            }];
        }
        let decoded = match decode_bytes(&bytes) {
            Ok(decoded) => decoded,
            Err(reason) => return reject(reason),
        };
        drop(bytes);
        let stem = file_stem(path);
        let finish_options = self.finish_options();
        let done = |mut raw: Raw, origin: &str, stem: Option<&str>| {
            let mut warnings = decoded.warnings.clone();
            warnings.append(&mut raw.warnings);
            raw.warnings = warnings;
            match finish(raw, origin, stem, finish_options) {
                Ok(mut article) => {
                    article.raw_hash = file_hash;
                    Outcome::Article(Box::new(article))
                }
                Err(reason) => Outcome::rejected(origin, reason),
            }
        };
        match kind.format {
            Format::Page => {
                let page = clean_page(&clean_text(&decoded.text));
                let raw = Raw {
                    url: page.url,
                    title: page.title,
                    date: page.date,
                    month: page.month,
                    text: page.text,
                    warnings: page.warnings,
                    ..Raw::default()
                };
                vec![done(raw, &origin, stem.as_deref())]
            }
            Format::Html => match html_raw(&decoded.text) {
                Ok(raw) => vec![done(raw, &origin, stem.as_deref())],
                Err(reason) => reject(reason),
            },
            Format::Json | Format::JsonLines | Format::Warc => {
                let value: serde_json::Value = match serde_json::from_str(&decoded.text) {
                    Ok(value) => value,
                    // One object per line in a `.json` file (`trafilatura --json` writes
                    // so to standard output): read as JSON lines, `path:LINE` per record.
                    Err(_) if first_line_is_json(&decoded.text) => {
                        return decoded
                            .text
                            .lines()
                            .enumerate()
                            .filter(|(_, line)| !line.trim().is_empty())
                            .map(|(at, line)| {
                                let origin = format!("{origin}:{}", at + 1);
                                match serde_json::from_str(line) {
                                    Ok(value) => match raw_from_json(&value) {
                                        Ok(raw) => done(raw, &origin, None),
                                        Err(reason) => Outcome::rejected(origin, reason),
                                    },
                                    Err(err) => {
                                        Outcome::rejected(origin, format!("invalid JSON: {err}"))
                                    }
                                }
                            })
                            .collect();
                    }
                    Err(err) => return reject(format!("invalid JSON: {err}")),
                };
                match value {
                    serde_json::Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            let origin = format!("{origin}:[{index}]");
                            match raw_from_json(item) {
                                Ok(raw) => done(raw, &origin, None),
                                Err(reason) => Outcome::rejected(origin, reason),
                            }
                        })
                        .collect(),
                    value => vec![match raw_from_json(&value) {
                        Ok(raw) => done(raw, &origin, stem.as_deref()),
                        Err(reason) => Outcome::rejected(origin.clone(), reason),
                    }],
                }
            }
        }
    }

    /// Streams a WARC file record by record; records are parsed in parallel batches bounded
    /// like JSONL batches and emitted in order. A bad record is rejected with its number and
    /// offset and reading goes on; a read error (corrupt gzip) ends the file.
    fn read_warc(
        &self,
        path: &Path,
        gzip: bool,
        sink: &mut impl FnMut(Outcome) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let display = path.display().to_string();
        let reader = match self.open(path, gzip) {
            Ok(reader) => reader,
            Err(err) => return sink(Outcome::rejected(display, io_reason(&err, gzip))),
        };
        let origin =
            |number: usize, offset: u64| format!("{display}:record {number} at byte {offset}");
        let mut records = warc::Reader::new(reader, self.options.max_file_bytes);
        let mut eof = false;
        while !eof {
            let mut batch: Vec<Result<warc::Record, Outcome>> = Vec::new();
            let mut batch_bytes = 0usize;
            while batch.len() < self.options.batch_lines.max(1)
                && batch_bytes < self.options.max_batch_bytes
            {
                match records.next_record() {
                    warc::Next::Record(record) => {
                        batch_bytes += record.block.len();
                        batch.push(Ok(record));
                    }
                    warc::Next::Bad {
                        number,
                        offset,
                        reason,
                    } => batch.push(Err(Outcome::rejected(origin(number, offset), reason))),
                    warc::Next::Failed {
                        number,
                        offset,
                        error,
                    } => {
                        batch.push(Err(Outcome::rejected(
                            origin(number, offset),
                            io_reason(&error, gzip),
                        )));
                        eof = true;
                        break;
                    }
                    warc::Next::End => {
                        eof = true;
                        break;
                    }
                }
            }
            let outcomes: Vec<Option<Outcome>> = self.install(|| {
                batch
                    .into_par_iter()
                    .map(|record| match record {
                        Ok(record) => {
                            self.warc_record(&record, &origin(record.number, record.offset))
                        }
                        Err(outcome) => Some(outcome),
                    })
                    .collect()
            });
            for outcome in outcomes.into_iter().flatten() {
                sink(outcome)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// The article of one WARC record, or `None` for a record that is not an HTML page.
    fn warc_record(&self, record: &warc::Record, origin: &str) -> Option<Outcome> {
        let page = match warc::page(record, self.options.max_file_bytes)? {
            Ok(page) => page,
            Err(reason) => return Some(Outcome::rejected(origin, reason)),
        };
        let hash = raw_hash(&record.block);
        if self.is_known(hash) {
            return Some(Outcome::Unchanged {
                raw_hash: hash,
                origin: origin.to_string(),
            });
        }
        // The page's own declaration wins over the HTTP header, as in a browser.
        let charset = warc::meta_charset(&page.body).or(page.charset);
        let decoded = match decode_declared(&page.body, charset.as_deref()) {
            Ok(decoded) => decoded,
            Err(reason) => return Some(Outcome::rejected(origin, reason)),
        };
        let mut raw = match html_raw(&decoded.text) {
            Ok(raw) => raw,
            Err(reason) => return Some(Outcome::rejected(origin, reason)),
        };
        // The fetched URL is the record's identity; the page's canonical URL only fills in.
        raw.url = page.url.or(raw.url);
        // A date in the page or its URL beats the crawl date, which can be years later.
        raw.date = raw
            .date
            .or_else(|| raw.url.as_deref().and_then(date_from_url))
            .or(page.date);
        let mut warnings = decoded.warnings;
        warnings.append(&mut raw.warnings);
        raw.warnings = warnings;
        Some(match finish(raw, origin, None, self.finish_options()) {
            Ok(mut article) => {
                article.raw_hash = hash;
                Outcome::Article(Box::new(article))
            }
            Err(reason) => Outcome::rejected(origin, reason),
        })
    }

    /// Streams a JSONL file: bounded lines, parsed in parallel batches, emitted in order.
    fn read_lines(
        &self,
        path: &Path,
        gzip: bool,
        sink: &mut impl FnMut(Outcome) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let display = path.display().to_string();
        let mut reader = match self.open(path, gzip) {
            Ok(reader) => reader,
            Err(err) => return sink(Outcome::rejected(display, io_reason(&err, gzip))),
        };
        match reader.fill_buf() {
            Ok(head) if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") => {
                return sink(Outcome::rejected(
                    display,
                    "UTF-16 JSONL is not supported (convert it to UTF-8)",
                ));
            }
            Ok(_) => {}
            Err(err) => return sink(Outcome::rejected(display, io_reason(&err, gzip))),
        }
        let cap = self.options.max_line_bytes;
        let mut line_no = 0usize;
        let mut buf = Vec::new();
        let mut eof = false;
        let mut failure: Option<Outcome> = None;
        let mut first_record = true;
        while !eof {
            let mut batch: Vec<(usize, Result<Vec<u8>, String>)> = Vec::new();
            let mut batch_bytes = 0usize;
            while batch.len() < self.options.batch_lines.max(1)
                && batch_bytes < self.options.max_batch_bytes
            {
                match read_line_capped(&mut reader, &mut buf, cap) {
                    Ok(None) => {
                        eof = true;
                        break;
                    }
                    Ok(Some(oversized)) => {
                        line_no += 1;
                        if oversized {
                            let reason = format!("line longer than {} MiB; skipped", cap >> 20);
                            batch.push((line_no, Err(reason)));
                        } else if !buf.iter().all(u8::is_ascii_whitespace) {
                            if first_record && !holds_articles(&buf) {
                                self.skipped
                                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                return ControlFlow::Continue(());
                            }
                            first_record = false;
                            batch_bytes += buf.len();
                            batch.push((line_no, Ok(std::mem::take(&mut buf))));
                        }
                    }
                    Err(err) => {
                        // A read error (truncated or corrupt gzip) ends the file; the lines
                        // read before it still count.
                        let origin = if line_no == 0 {
                            display.clone()
                        } else {
                            format!("{display}:{}", line_no + 1)
                        };
                        failure = Some(Outcome::rejected(origin, io_reason(&err, gzip)));
                        eof = true;
                        break;
                    }
                }
            }
            for outcome in self.parse_batch(&display, &mut batch) {
                sink(outcome)?;
            }
        }
        match failure {
            Some(outcome) => sink(outcome),
            None => ControlFlow::Continue(()),
        }
    }

    fn parse_batch(
        &self,
        display: &str,
        batch: &mut [(usize, Result<Vec<u8>, String>)],
    ) -> Vec<Outcome> {
        let finish_options = self.finish_options();
        self.install(|| {
            batch
                .par_iter_mut()
                .map(|(line_no, line)| {
                    let origin = format!("{display}:{line_no}");
                    let line = match std::mem::replace(line, Ok(Vec::new())) {
                        Ok(line) => line,
                        Err(reason) => return Outcome::rejected(origin, reason),
                    };
                    let hash = raw_hash(&line);
                    if self.is_known(hash) {
                        return Outcome::Unchanged {
                            raw_hash: hash,
                            origin,
                        };
                    }
                    match parse_json_line(&line, &origin, finish_options) {
                        Outcome::Article(mut article) => {
                            article.raw_hash = hash;
                            Outcome::Article(article)
                        }
                        other => other,
                    }
                })
                .collect()
        })
    }
}

/// True when the first non-blank line of a text is a whole JSON object: a JSON-lines text.
fn first_line_is_json(text: &str) -> bool {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| {
            serde_json::from_str::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
        })
}

/// False when a JSONL record is a JSON object with none of the article fields (text, title,
/// URL): the file holds something else, such as labels or queries, and is skipped whole.
fn holds_articles(line: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(object)) => crate::json::has_article_fields(&object),
        _ => true,
    }
}

fn parse_json_line(line: &[u8], origin: &str, options: Finish) -> Outcome {
    let decoded = match decode_bytes(line) {
        Ok(decoded) => decoded,
        Err(reason) => return Outcome::rejected(origin, reason),
    };
    let value: serde_json::Value = match serde_json::from_str(&decoded.text) {
        Ok(value) => value,
        Err(err) => return Outcome::rejected(origin, format!("invalid JSON: {err}")),
    };
    let mut raw = match raw_from_json(&value) {
        Ok(raw) => raw,
        Err(reason) => return Outcome::rejected(origin, reason),
    };
    let mut warnings = decoded.warnings;
    warnings.append(&mut raw.warnings);
    raw.warnings = warnings;
    match finish(raw, origin, None, options) {
        Ok(article) => Outcome::Article(Box::new(article)),
        Err(reason) => Outcome::rejected(origin, reason),
    }
}

/// Reads one line into `buf` (without the newline), keeping at most `cap` bytes: a longer
/// line is consumed to its end but not stored. Returns `None` at end of input, otherwise
/// whether the line was over the cap.
pub(crate) fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut oversized = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(any.then_some(oversized));
        }
        any = true;
        // memchr: a byte-by-byte scan for the newline was most of an incremental run's
        // reading, where nearly every line is only hashed.
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..at], at + 1, true),
            None => (available, available.len(), false),
        };
        if !oversized {
            if buf.len() + chunk.len() > cap {
                oversized = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        reader.consume(used);
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(oversized));
        }
    }
}

/// The fields of an HTML page, or why it is refused.
fn html_raw(text: &str) -> Result<Raw, String> {
    let depth = html_depth(text);
    if depth > MAX_HTML_DEPTH {
        return Err(format!(
            "HTML nested too deeply ({depth} elements, at most {MAX_HTML_DEPTH})"
        ));
    }
    let html = parse_html(text);
    Ok(Raw {
        url: html.url,
        title: html.title,
        date: html.date,
        lang: html.lang,
        text: html.text,
        warnings: html.warnings,
        ..Raw::default()
    })
}

fn io_reason(err: &io::Error, gzip: bool) -> String {
    let message = err.to_string();
    let message = message.to_lowercase();
    if gzip
        && matches!(
            err.kind(),
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
        )
    {
        format!("bad gzip data: {message}")
    } else {
        format!("cannot read: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    const FR: &str = "Lors de la conférence, le vice-ministre des Sciences et de la Technologie a présenté le contenu clé de la résolution sur les avancées scientifiques.";

    fn collect(paths: &[PathBuf], options: &ReadOptions) -> (Vec<Outcome>, ReadStats) {
        let mut out = Vec::new();
        let stats = read_paths(paths, options, |o| out.push(o));
        (out, stats)
    }

    fn origins(outcomes: &[Outcome]) -> Vec<String> {
        outcomes
            .iter()
            .map(|o| match o {
                Outcome::Article(a) => format!("ok {}", a.origin),
                Outcome::Rejected(r) => format!("rejected {}: {}", r.origin, r.reason),
                Outcome::Unchanged { origin, .. } => format!("unchanged {origin}"),
            })
            .collect()
    }

    #[test]
    fn file_kinds() {
        for (name, want) in [
            ("a.txt", Some((Format::Page, false))),
            ("a.MD", Some((Format::Page, false))),
            ("a.json.gz", Some((Format::Json, true))),
            ("a.ndjson", Some((Format::JsonLines, false))),
            ("a.htm.gz", Some((Format::Html, true))),
            ("a.png", None),
            ("a.gz", None),
            ("noext", None),
        ] {
            let got = file_kind(Path::new(name)).map(|k| (k.format, k.gzip));
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(
            file_stem(Path::new("d/000_2e05.txt")).as_deref(),
            Some("000_2e05")
        );
        assert_eq!(file_stem(Path::new("x.html.gz")).as_deref(), Some("x"));
    }

    #[test]
    fn walk_is_sorted_recursive_and_counts_skipped() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.txt",
            "a.jsonl",
            "sub/c.html",
            "sub/z.png",
            ".hidden/x.txt",
            "notes.csv",
        ] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let walk = walk(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = walk
            .files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.html"]);
        assert_eq!(walk.skipped.len(), 2);
        assert!(matches!(
            list_files(&[dir.path().join("notes.csv")]),
            Err(IngestError::Unsupported { .. })
        ));
        assert!(matches!(
            list_files(&[dir.path().join("missing")]),
            Err(IngestError::Io { .. })
        ));
    }

    #[test]
    fn jsonl_streams_in_order_and_names_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let mut content = String::new();
        for i in 0..25 {
            if i == 7 {
                content.push_str("{not json\n");
            } else if i == 9 {
                content.push('\n');
            } else {
                content.push_str(
                    &serde_json::json!({"id": format!("n{i}"), "text": FR, "lang": "fr"})
                        .to_string(),
                );
                content.push('\n');
            }
        }
        fs::write(&path, content).unwrap();
        let options = ReadOptions {
            batch_lines: 4,
            threads: 2,
            ..ReadOptions::default()
        };
        let (outcomes, stats) = collect(std::slice::from_ref(&path), &options);
        assert_eq!(stats.files, 1);
        assert_eq!(outcomes.len(), 24);
        let ids: Vec<String> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Article(a) => Some(a.id.clone()),
                _ => None,
            })
            .collect();
        let want: Vec<String> = (0..25)
            .filter(|i| *i != 7 && *i != 9)
            .map(|i| format!("n{i}"))
            .collect();
        assert_eq!(ids, want);
        let rejected: Vec<&Rejection> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Rejected(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].origin, format!("{}:8", path.display()));
        assert!(
            rejected[0].reason.starts_with("invalid JSON"),
            "{}",
            rejected[0].reason
        );
    }

    #[test]
    fn oversized_line_is_skipped_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let line = serde_json::json!({"id": "ok", "text": FR}).to_string();
        let big = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "a".repeat(5000));
        fs::write(&path, format!("{big}\n{line}\n")).unwrap();
        let options = ReadOptions {
            max_line_bytes: 1000,
            ..ReadOptions::default()
        };
        let (outcomes, _) = collect(std::slice::from_ref(&path), &options);
        assert_eq!(
            origins(&outcomes),
            [
                format!(
                    "rejected {}:1: line longer than 0 MiB; skipped",
                    path.display()
                ),
                format!("ok {}:2", path.display()),
            ]
        );
    }

    #[test]
    fn read_line_capped_handles_crlf_and_missing_final_newline() {
        let mut reader = io::BufReader::with_capacity(3, &b"ab\r\ncdefgh\nij"[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 4).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"ab");
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 4).unwrap(),
            Some(true)
        );
        assert!(buf.is_empty());
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 4).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"ij");
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), None);
    }

    #[test]
    fn gzip_json_array_html_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("a.json.gz");
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        let array = serde_json::json!([{"text": FR, "url": "https://www.x.fr/a"}, {"text": 5}]);
        encoder.write_all(array.to_string().as_bytes()).unwrap();
        fs::write(&gz, encoder.finish().unwrap()).unwrap();
        let html = dir.path().join("b.html");
        fs::write(&html, format!("<html lang=fr><head><title>Un titre</title></head><body><article><p>{FR}</p></article></body></html>")).unwrap();
        let bad_gz = dir.path().join("c.jsonl.gz");
        fs::write(&bad_gz, b"not gzip at all").unwrap();
        let png = dir.path().join("d.txt");
        fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0").unwrap();
        let bad_json = dir.path().join("e.json");
        fs::write(&bad_json, b"[{\"text\": \"a\"},").unwrap();
        let legacy = dir.path().join("f.txt");
        fs::write(
            &legacy,
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp Töï do Haïnh phuùc",
        )
        .unwrap();
        let (outcomes, stats) = collect(&[dir.path().to_path_buf()], &ReadOptions::default());
        assert_eq!(
            stats,
            ReadStats {
                files: 6,
                skipped: 0
            }
        );
        let got = origins(&outcomes);
        let d = dir.path().display();
        assert_eq!(got[0], format!("ok {d}/a.json.gz:[0]"));
        assert_eq!(
            got[1],
            format!("rejected {d}/a.json.gz:[1]: field \"text\" is a number, not text")
        );
        assert_eq!(got[2], format!("ok {d}/b.html"));
        assert!(
            got[3].starts_with(&format!("rejected {d}/c.jsonl.gz: bad gzip data")),
            "{}",
            got[3]
        );
        assert_eq!(
            got[4],
            format!("rejected {d}/d.txt: binary data (PNG image)")
        );
        assert!(
            got[5].starts_with(&format!("rejected {d}/e.json: invalid JSON")),
            "{}",
            got[5]
        );
        // VNI saved as UTF-8 Latin-1 look-alikes is converted, with a warning.
        assert_eq!(got[6], format!("ok {d}/f.txt"));
        assert_eq!(got.len(), 7);
        match &outcomes[6] {
            Outcome::Article(article) => {
                assert!(
                    article.text.contains("Độc lập Tự do Hạnh phúc"),
                    "{}",
                    article.text
                );
                assert!(article.warnings.iter().any(|w| w.contains("VNI")));
            }
            other => panic!("{other:?}"),
        }
        if let Outcome::Article(article) = &outcomes[2] {
            assert_eq!(article.id, "b");
            assert_eq!(article.title, "Un titre");
        }
    }

    #[test]
    fn deeply_nested_html_is_rejected_before_parsing() {
        // Regression (hostile corpus): 100k nested <div> kept the HTML parser busy for hours.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep.html");
        let html = format!(
            "<html><body>{}{FR}{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        fs::write(&path, html).unwrap();
        let started = std::time::Instant::now();
        let (outcomes, _) = collect(std::slice::from_ref(&path), &ReadOptions::default());
        assert_eq!(
            origins(&outcomes),
            [format!(
                "rejected {}: HTML nested too deeply (100000 elements, at most 1000)",
                path.display()
            )]
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn gzip_bombs_are_cut_off() {
        // Regression (hostile corpus): a 1 MB .jsonl.gz of zeros was decompressed
        // to its full gigabyte before anything was said about it.
        let dir = tempfile::tempdir().unwrap();
        let mut member = GzEncoder::new(Vec::new(), Compression::best());
        member.write_all(&vec![0u8; 1 << 20]).unwrap();
        let member = member.finish().unwrap();
        let line = serde_json::json!({"id": "first", "text": FR}).to_string();
        let mut head = GzEncoder::new(Vec::new(), Compression::default());
        head.write_all(format!("{line}\n").as_bytes()).unwrap();
        let mut bytes = head.finish().unwrap();
        for _ in 0..200 {
            bytes.extend_from_slice(&member);
        }
        let jsonl = dir.path().join("bomb.jsonl.gz");
        fs::write(&jsonl, &bytes).unwrap();
        let txt = dir.path().join("bomb.txt.gz");
        fs::write(&txt, &bytes).unwrap();
        let options = ReadOptions {
            max_gzip_ratio: 20,
            ..ReadOptions::default()
        };
        // Past 64 MiB the ratio rules: 200 MiB from about 200 KB is about 1000 times.
        let (outcomes, _) = collect(&[jsonl.clone(), txt.clone()], &options);
        let got = origins(&outcomes);
        assert_eq!(got[0], format!("ok {}:1", jsonl.display()));
        assert!(
            got[1].starts_with(&format!("rejected {}:", jsonl.display()))
                && got[1].ends_with("bad gzip data: expands more than 20 times its compressed size (a decompression bomb?)"),
            "{got:?}"
        );
        assert!(
            got[2].starts_with(&format!(
                "rejected {}: bad gzip data: expands",
                txt.display()
            )),
            "{got:?}"
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn warc_gz_bombs_are_cut_off_after_the_good_records() {
        let dir = tempfile::tempdir().unwrap();
        let html = format!("<html lang=fr><head><title>Un titre</title></head><body><article><p>{FR}</p></article></body></html>");
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        let record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.x.fr/a\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        let mut head = GzEncoder::new(Vec::new(), Compression::default());
        head.write_all(record.as_bytes()).unwrap();
        let mut bytes = head.finish().unwrap();
        let mut member = GzEncoder::new(Vec::new(), Compression::best());
        member.write_all(&vec![0u8; 1 << 20]).unwrap();
        let member = member.finish().unwrap();
        for _ in 0..200 {
            bytes.extend_from_slice(&member);
        }
        let path = dir.path().join("bomb.warc.gz");
        fs::write(&path, &bytes).unwrap();
        let options = ReadOptions {
            max_gzip_ratio: 20,
            ..ReadOptions::default()
        };
        let (outcomes, _) = collect(std::slice::from_ref(&path), &options);
        let got = origins(&outcomes);
        assert_eq!(got[0], format!("ok {}:record 1 at byte 0", path.display()));
        assert!(
            got[1].starts_with(&format!("rejected {}:record 2 at byte ", path.display()))
                && got[1].ends_with("bad gzip data: expands more than 20 times its compressed size (a decompression bomb?)"),
            "{got:?}"
        );
        assert_eq!(got.len(), 2);
        match &outcomes[0] {
            Outcome::Article(article) => {
                assert_eq!(article.url.as_deref(), Some("https://www.x.fr/a"));
                assert_eq!(article.title, "Un titre");
                assert_ne!(article.raw_hash, 0);
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn dangling_links_are_reported_not_silently_dropped() {
        // Regression (hostile corpus): a file removed behind a symbolic link vanished from
        // the run without a word.
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("a.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.csv"), dir.path().join("b.csv")).unwrap();
        let (outcomes, stats) = collect(&[dir.path().to_path_buf()], &ReadOptions::default());
        assert_eq!(
            stats,
            ReadStats {
                files: 1,
                skipped: 1
            }
        );
        let got = origins(&outcomes);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with(&format!(
                "rejected {}: cannot read: no such file",
                dir.path().join("a.txt").display()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn explicit_unsupported_or_missing_paths_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("a.csv");
        fs::write(&csv, "x").unwrap();
        let (outcomes, _) = collect(
            &[csv, dir.path().join("missing.txt")],
            &ReadOptions::default(),
        );
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(|o| matches!(o, Outcome::Rejected(_))));
    }

    #[test]
    fn documentation_and_label_files_are_skipped_in_directories() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("README.md"), "# About this corpus").unwrap();
        fs::write(
            dir.path().join("gold.jsonl"),
            "{\"id\": \"a\", \"lang\": \"fr\"}\n",
        )
        .unwrap();
        let line = serde_json::json!({"title": "T", "maintext": null}).to_string();
        fs::write(dir.path().join("dump.jsonl"), format!("{line}\n")).unwrap();
        let (outcomes, stats) = collect(&[dir.path().to_path_buf()], &ReadOptions::default());
        assert_eq!(
            stats,
            ReadStats {
                files: 1,
                skipped: 2
            }
        );
        // A record with a null text is still an article record: rejected, not skipped.
        assert_eq!(outcomes.len(), 1);
        assert!(
            matches!(&outcomes[0], Outcome::Rejected(r) if r.reason.starts_with("no article text"))
        );
    }

    #[test]
    fn truncated_gzip_jsonl_keeps_the_lines_before_the_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.jsonl.gz");
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        for i in 0..2000 {
            let line = serde_json::json!({"id": format!("n{i}"), "text": format!("{FR} {i}")});
            writeln!(encoder, "{line}").unwrap();
        }
        let bytes = encoder.finish().unwrap();
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let (outcomes, _) = collect(std::slice::from_ref(&path), &ReadOptions::default());
        let last = outcomes.last().unwrap();
        assert!(
            matches!(last, Outcome::Rejected(r) if r.reason.starts_with("bad gzip data") && r.origin.starts_with(&format!("{}:", path.display()))),
            "{last:?}"
        );
        let ok = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Article(_)))
            .count();
        assert!(ok > 100 && ok < 2000, "{ok}");
        assert_eq!(outcomes.len(), ok + 1);
    }

    #[test]
    fn sink_can_stop_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let line = serde_json::json!({"text": FR}).to_string();
        fs::write(&path, format!("{line}\n").repeat(50)).unwrap();
        let mut seen = 0;
        read_paths_until(&[path], &ReadOptions::default(), |_| {
            seen += 1;
            if seen == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(seen, 3);
    }

    #[test]
    fn known_raw_records_are_reported_unchanged_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("news.jsonl");
        let first = r#"{"id": "a", "title": "Alpha", "text": "The ministry of science has published its annual report on innovation today.", "lang": "en"}"#;
        let second = r#"{"id": "b", "title": "Beta", "text": "The government has approved the national plan for digital transformation this week.", "lang": "en"}"#;
        std::fs::write(&jsonl, format!("{first}\n{second}\n")).unwrap();
        let page = dir.path().join("page.txt");
        std::fs::write(&page, "A headline\n\nThe committee met on Monday to review the progress of the national plan.").unwrap();
        let options = ReadOptions {
            known_raw: Some(std::sync::Arc::new(
                [
                    raw_hash(first.as_bytes()),
                    raw_hash(&std::fs::read(&page).unwrap()),
                ]
                .into(),
            )),
            ..ReadOptions::default()
        };
        let mut outcomes = Vec::new();
        read_paths(&[jsonl.clone(), page.clone()], &options, |o| {
            outcomes.push(o)
        });
        assert!(
            matches!(&outcomes[0], Outcome::Unchanged { raw_hash: h, origin } if *h == raw_hash(first.as_bytes()) && origin.ends_with("news.jsonl:1")),
            "{outcomes:?}"
        );
        match &outcomes[1] {
            Outcome::Article(article) => assert_eq!(article.raw_hash, raw_hash(second.as_bytes())),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&outcomes[2], Outcome::Unchanged { .. }),
            "{outcomes:?}"
        );
        // Without known hashes every record is parsed and carries its raw hash.
        let mut plain = Vec::new();
        read_paths(&[jsonl], &ReadOptions::default(), |o| plain.push(o));
        assert!(plain
            .iter()
            .all(|o| matches!(o, Outcome::Article(a) if a.raw_hash != 0)));
    }
}
