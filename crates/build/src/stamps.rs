//! Unchanged files skipped unread: the index remembers, for each input file it holds in full,
//! a stamp of the file's metadata (size, modification and change times, inode). An
//! incremental run reads only the files whose stamp moved; the articles of the others are
//! taken as unchanged from the catalog. A file whose stamp moved but whose records did not
//! is still recognised by the raw and content hashes, and is stamped again.
//!
//! The table lives in a file beside the segments, named by its content and named in the
//! commit's payload, so it changes in the same atomic commit as the documents: a run killed
//! before its commit leaves the previous table in force. A missing or unreadable table only
//! means that every file is read.

use crate::read::under_root;
use crate::Catalog;
use newsindex_index::{CatalogEntry, IndexError, NewsIndex, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// File names of file tables start with this (the rest is their content hash).
const TABLE_PREFIX: &str = "newsindex-files-";

/// A file modified less than this before it was listed may change again within the same
/// timestamp tick, unseen by its stamp ("racily clean" in git's words): it is read again
/// next time rather than trusted.
const RACY: Duration = Duration::from_secs(2);

/// What a file table is valid for: the versions of what reading and indexing make of a file's
/// bytes. A newer version that would make other articles from the same bytes reads every
/// file again.
fn fingerprint() -> u64 {
    let ingest = newsindex_ingest::raw_hash(b"");
    xxhash_rust::xxh3::xxh3_64_with_seed(
        &ingest.to_le_bytes(),
        SCHEMA_VERSION << 32 | crate::facts::CONTENT_VERSION,
    )
}

/// The stamp of a file's metadata; any write, rename over or `touch` changes it.
fn stamp(meta: &std::fs::Metadata) -> u64 {
    let mut parts = vec![meta.len()];
    let nanos = |time: std::io::Result<SystemTime>| {
        time.ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64)
    };
    parts.push(nanos(meta.modified()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        parts.extend([meta.ino(), meta.ctime() as u64, meta.ctime_nsec() as u64]);
    }
    let bytes: Vec<u8> = parts.iter().flat_map(|p| p.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_64(&bytes).max(1)
}

/// One input file as listed before reading.
#[derive(Clone, Debug)]
pub(crate) struct Listed {
    /// The file, as the reader names it in origins.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its stamp when listed.
    pub stamp: u64,
    /// Whether it was last modified long enough before the listing to be stamped.
    pub settled: bool,
}

/// Lists the input files under `paths` with their stamps; `None` when a path cannot be
/// walked (the reader then reports it, and no file is skipped).
pub(crate) fn list(paths: &[PathBuf]) -> Option<Vec<Listed>> {
    let files = newsindex_ingest::list_files(paths).ok()?;
    let now = SystemTime::now();
    let listed = files
        .into_iter()
        .map(|path| {
            // A path that cannot be stat'ed now (a dangling link, a file removed since the
            // walk) is still read, so that the reader rejects it by name: never stamped,
            // never skipped.
            let Ok(meta) = std::fs::metadata(&path) else {
                return Listed {
                    path,
                    bytes: 0,
                    stamp: 0,
                    settled: false,
                };
            };
            let settled = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= RACY);
            Listed {
                bytes: meta.len(),
                stamp: stamp(&meta),
                settled,
                path,
            }
        })
        .collect();
    Some(listed)
}

/// The stamps of the files the index holds in full, by path.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileTable {
    version: u64,
    files: HashMap<String, u64>,
}

/// The commit payload that names a file table.
#[derive(Serialize, Deserialize)]
struct Payload {
    files: String,
}

impl FileTable {
    /// The table of the index's latest commit, or an empty one (every file is read) when there
    /// is none, it is unreadable or it was written by another version.
    pub fn load(index: &NewsIndex) -> FileTable {
        let name = index
            .commit_payload()
            .ok()
            .flatten()
            .and_then(|payload| serde_json::from_str::<Payload>(&payload).ok())
            .map(|payload| payload.files)
            .filter(|name| is_table_name(name));
        name.and_then(|name| std::fs::read(index.dir().join(name)).ok())
            .and_then(|bytes| serde_json::from_slice::<FileTable>(&bytes).ok())
            .filter(|table| table.version == fingerprint())
            .unwrap_or_default()
    }

    /// Writes the table beside the segments (synced: the commit will name it) and returns the
    /// commit payload that names it.
    pub fn save(&self, dir: &Path) -> Result<String, IndexError> {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        let name = format!(
            "{TABLE_PREFIX}{:016x}.json",
            xxhash_rust::xxh3::xxh3_64(&bytes)
        );
        let path = dir.join(&name);
        let io = |source| IndexError::Io {
            path: path.clone(),
            source,
        };
        let tmp = dir.join(format!("{name}.tmp"));
        std::fs::write(&tmp, &bytes).map_err(io)?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(serde_json::to_string(&Payload { files: name }).unwrap_or_default())
    }

    /// Whether `file` is held in full by the index as it is now.
    fn holds(&self, file: &Listed) -> bool {
        self.files
            .get(&file.path.to_string_lossy().into_owned())
            .is_some_and(|&stamp| stamp == file.stamp)
    }
}

/// Removes the file tables of earlier commits from `dir`, keeping the one `payload` names.
pub(crate) fn remove_stale_tables(dir: &Path, payload: &str) {
    let keep = serde_json::from_str::<Payload>(payload)
        .map(|p| p.files)
        .ok();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(TABLE_PREFIX) && keep.as_deref() != Some(name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn is_table_name(name: &str) -> bool {
    name.starts_with(TABLE_PREFIX) && !name.contains(['/', '\\'])
}

/// Which listed files a run reads and which it skips.
pub(crate) struct Plan<'c> {
    /// Files to read, in listing order.
    pub read: Vec<PathBuf>,
    /// Files skipped unread, each with the catalog's articles from it (sorted by id).
    pub skipped: Vec<(PathBuf, Vec<&'c CatalogEntry>)>,
}

/// Splits `listed` into files to read and files the index holds as they are: a file is
/// skipped when its stamp is the table's and the catalog holds articles from it.
pub(crate) fn plan<'c>(table: &FileTable, listed: &[Listed], catalog: &'c Catalog) -> Plan<'c> {
    let mut by_path: HashMap<&str, Vec<&'c CatalogEntry>> = HashMap::new();
    if !table.files.is_empty() {
        for entry in catalog.values() {
            by_path.entry(entry.path.as_str()).or_default().push(entry);
        }
    }
    let mut plan = Plan {
        read: Vec::new(),
        skipped: Vec::new(),
    };
    for file in listed {
        let path = file.path.to_string_lossy();
        match by_path.remove(path.as_ref()) {
            Some(mut entries) if table.holds(file) => {
                entries.sort_by(|a, b| a.id.cmp(&b.id));
                plan.skipped.push((file.path.clone(), entries));
            }
            _ => plan.read.push(file.path.clone()),
        }
    }
    plan
}

/// The listed files that `origins` (of rejected records) come from. An origin is its file's
/// path, alone or followed by `:` and a place in the file (`:12`, `:[3]`, `:record 2 at
/// byte 80`), so each `:` is tried as the end of the path.
fn files_of(origins: &HashSet<String>, listed: &[Listed]) -> HashSet<String> {
    let paths: HashSet<String> = listed
        .iter()
        .map(|file| file.path.to_string_lossy().into_owned())
        .collect();
    origins
        .iter()
        .filter_map(|origin| {
            let ends = origin.match_indices(':').map(|(at, _)| at);
            ends.chain([origin.len()])
                .map(|end| &origin[..end])
                .find(|path| paths.contains(*path))
                .map(str::to_string)
        })
        .collect()
}

/// The table after a run: the previous one's files outside the run's `roots` (their articles
/// were kept; none with `full`), the files skipped, and the files read in full without a
/// rejection (`troubled` holds the rejected records' origins) whose stamp is settled.
pub(crate) fn next_table(
    previous: FileTable,
    roots: &[PathBuf],
    full: bool,
    listed: &[Listed],
    troubled: &HashSet<String>,
) -> FileTable {
    let roots: Vec<String> = roots
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    let mut files: HashMap<String, u64> = if full {
        HashMap::new()
    } else {
        previous
            .files
            .into_iter()
            .filter(|(path, _)| !roots.iter().any(|root| under_root(path, root)))
            .collect()
    };
    let troubled = files_of(troubled, listed);
    for file in listed {
        let path = file.path.to_string_lossy().into_owned();
        if file.settled && !troubled.contains(&path) {
            files.insert(path, file.stamp);
        }
    }
    FileTable {
        version: fingerprint(),
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsindex_core::Lang;

    fn listed(path: &str, stamp: u64) -> Listed {
        Listed {
            path: PathBuf::from(path),
            bytes: 1,
            stamp,
            settled: true,
        }
    }

    fn entry(id: &str, path: &str) -> (String, CatalogEntry) {
        let entry = CatalogEntry {
            id: id.into(),
            path: path.into(),
            hash: 1,
            raw_hash: 1,
            line: 0,
            story: id.into(),
            links_key: 0,
            story_key: 0,
            lang: Lang::En,
            date: None,
            link: Default::default(),
            address: tantivy::DocAddress::new(0, 0),
        };
        (id.to_string(), entry)
    }

    fn table(files: &[(&str, u64)]) -> FileTable {
        FileTable {
            version: fingerprint(),
            files: files.iter().map(|&(p, s)| (p.to_string(), s)).collect(),
        }
    }

    #[test]
    fn only_files_with_their_stamp_and_articles_in_the_index_are_skipped() {
        let catalog: Catalog = [
            entry("b", "c/same.jsonl"),
            entry("a", "c/same.jsonl"),
            entry("x", "c/touched.jsonl"),
        ]
        .into_iter()
        .collect();
        let table = table(&[
            ("c/same.jsonl", 7),
            ("c/touched.jsonl", 8),
            ("c/empty.txt", 9),
        ]);
        let files = [
            listed("c/same.jsonl", 7),
            listed("c/touched.jsonl", 80),
            listed("c/empty.txt", 9),
            listed("c/new.txt", 10),
        ];
        let plan = plan(&table, &files, &catalog);
        assert_eq!(plan.skipped.len(), 1);
        let (path, entries) = &plan.skipped[0];
        assert_eq!(path, Path::new("c/same.jsonl"));
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        // A file the index holds no article from is read: what it made may have been
        // rejected or removed since.
        let read: Vec<_> = plan.read.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(read, ["c/touched.jsonl", "c/empty.txt", "c/new.txt"]);
        // No table, nothing skipped.
        let plan_without = super::plan(&FileTable::default(), &files, &catalog);
        assert!(plan_without.skipped.is_empty());
        assert_eq!(plan_without.read.len(), 4);
    }

    #[test]
    fn the_next_table_keeps_other_roots_and_drops_troubled_or_unsettled_files() {
        let previous = table(&[("c/a.jsonl", 1), ("c/gone.jsonl", 2), ("d/b.jsonl", 3)]);
        let mut unsettled = listed("c/fresh.jsonl", 5);
        unsettled.settled = false;
        let files = [listed("c/a.jsonl", 4), listed("c/bad.jsonl", 6), unsettled];
        let troubled: HashSet<String> = ["c/bad.jsonl:3".to_string()].into();
        let roots = [PathBuf::from("c")];
        let next = next_table(previous, &roots, false, &files, &troubled);
        assert_eq!(next, table(&[("c/a.jsonl", 4), ("d/b.jsonl", 3)]));
        let rebuilt = next_table(table(&[("d/b.jsonl", 3)]), &roots, true, &files, &troubled);
        assert_eq!(rebuilt, table(&[("c/a.jsonl", 4)]));
    }

    #[test]
    fn rejected_origins_are_traced_to_their_files_whatever_follows_the_path() {
        let files = [
            listed("c/a.jsonl", 1),
            listed("c/b:2.json", 2),
            listed("c/w.warc", 3),
            listed("c/ok.txt", 4),
            listed("c/whole.txt", 5),
        ];
        let origins: HashSet<String> = [
            "c/a.jsonl:12",
            "c/b:2.json:[3]",
            "c/w.warc:record 2 at byte 80",
            "c/whole.txt",
            "elsewhere/x.txt",
        ]
        .map(String::from)
        .into();
        let mut found: Vec<String> = files_of(&origins, &files).into_iter().collect();
        found.sort();
        assert_eq!(
            found,
            ["c/a.jsonl", "c/b:2.json", "c/w.warc", "c/whole.txt"]
        );
    }

    #[test]
    fn a_table_round_trips_through_the_commit_and_stale_ones_go() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        assert_eq!(FileTable::load(&index), FileTable::default());
        let mut writer = index.writer(1, 50 << 20).unwrap();
        let first = table(&[("c/a.jsonl", 1)]).save(index.dir()).unwrap();
        writer.commit_with_payload(&first).unwrap();
        let second = table(&[("c/a.jsonl", 2)]);
        let payload = second.save(index.dir()).unwrap();
        // Saved but not committed: the committed table is still in force.
        assert_eq!(FileTable::load(&index), table(&[("c/a.jsonl", 1)]));
        writer.commit_with_payload(&payload).unwrap();
        remove_stale_tables(index.dir(), &payload);
        assert_eq!(FileTable::load(&index), second);
        let tables = std::fs::read_dir(index.dir())
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with(TABLE_PREFIX)
            })
            .count();
        assert_eq!(tables, 1);
        // A table of another version is not trusted.
        let mut other = table(&[("c/a.jsonl", 2)]);
        other.version ^= 1;
        writer
            .commit_with_payload(&other.save(index.dir()).unwrap())
            .unwrap();
        assert_eq!(FileTable::load(&index), FileTable::default());
    }

    #[test]
    fn a_stamp_follows_the_contents_and_the_modification_time() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.txt");
        std::fs::write(&path, "one").unwrap();
        let old = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let listing = list(&[tmp.path().to_path_buf()]).unwrap();
        assert_eq!(listing.len(), 1);
        assert!(listing[0].settled);
        assert_eq!(listing[0].bytes, 3);
        let again = list(&[tmp.path().to_path_buf()]).unwrap();
        assert_eq!(again[0].stamp, listing[0].stamp);
        // Rewritten with the same size: the stamp moves, and a file written just now is not
        // settled.
        std::fs::write(&path, "two").unwrap();
        let rewritten = list(&[tmp.path().to_path_buf()]).unwrap();
        assert_ne!(rewritten[0].stamp, listing[0].stamp);
        assert!(!rewritten[0].settled);
        assert!(list(&[tmp.path().join("missing")]).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_cannot_be_stated_is_listed_and_read_even_when_others_are_skipped() {
        // Regression: a dangling link was left out of the listing, so an incremental run
        // that skipped any file never read it and never said that it could not be read.
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept.txt");
        std::fs::write(&kept, "one").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&kept)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_secs(60))
            .unwrap();
        let dangling = tmp.path().join("dangling.txt");
        std::os::unix::fs::symlink(tmp.path().join("gone.txt"), &dangling).unwrap();
        let listing = list(&[tmp.path().to_path_buf()]).unwrap();
        let broken = listing.iter().find(|f| f.path == dangling).unwrap();
        assert!(!broken.settled && broken.stamp == 0, "{broken:?}");
        let kept_stamp = listing.iter().find(|f| f.path == kept).unwrap().stamp;
        let kept_name = kept.to_string_lossy().into_owned();
        let catalog: Catalog = [entry("k", &kept_name)].into_iter().collect();
        let plan = plan(&table(&[(&kept_name, kept_stamp)]), &listing, &catalog);
        assert_eq!(plan.skipped.len(), 1);
        assert_eq!(plan.read, std::slice::from_ref(&dangling));
        // Never stamped, so never skipped later either.
        let next = next_table(
            FileTable::default(),
            &[tmp.path().to_path_buf()],
            false,
            &listing,
            &HashSet::new(),
        );
        assert_eq!(next.files.len(), 1);
    }
}
