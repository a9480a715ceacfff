//! Shards into one index: indexes built apart (one per partition of a batch job) merged into
//! a single index with tantivy's segment merge.

use crate::{IndexError, NewsIndex};
use std::path::{Path, PathBuf};

/// Merges the indexes in `shards` into a new index in `dir` (created; it must not exist or
/// be empty) and returns its number of documents. Every shard must have this version's
/// schema; empty shards are skipped. Shards are merged in the order given.
pub fn merge_indexes(dir: &Path, shards: &[PathBuf]) -> Result<u64, IndexError> {
    let mut indexes = Vec::new();
    for shard in shards {
        let opened = NewsIndex::open(shard)?;
        if opened.searcher()?.num_docs() > 0 {
            indexes.push(opened.tantivy().clone());
        }
    }
    if indexes.is_empty() {
        NewsIndex::open_or_create(dir)?;
        return Ok(0);
    }
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let directory = tantivy::directory::MmapDirectory::open(dir).map_err(|err| IndexError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(err.to_string()),
    })?;
    tantivy::indexer::merge_indices(&indexes, directory)?;
    Ok(NewsIndex::open(dir)?.searcher()?.num_docs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SharedDoc;

    fn shard(dir: &Path, ids: &[&str]) -> PathBuf {
        let index = NewsIndex::open_or_create(dir).unwrap();
        let mut writer = index.writer(1, 50 << 20).unwrap();
        for id in ids {
            let mut doc = SharedDoc::default();
            doc.add_text(index.fields().id, *id);
            writer.add(doc).unwrap();
        }
        writer.commit().unwrap();
        dir.to_path_buf()
    }

    #[test]
    fn shards_merge_into_one_index_and_empty_ones_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let shards = [
            shard(&tmp.path().join("a"), &["a1", "a2"]),
            shard(&tmp.path().join("b"), &[]),
            shard(&tmp.path().join("c"), &["c1"]),
        ];
        let out = tmp.path().join("out");
        assert_eq!(merge_indexes(&out, &shards).unwrap(), 3);
        let merged = NewsIndex::open(&out).unwrap();
        let searcher = merged.searcher().unwrap();
        assert_eq!(searcher.segment_readers().len(), 1);
        for id in ["a1", "a2", "c1"] {
            assert!(merged.find(&searcher, id).unwrap().is_some(), "{id}");
        }
        // Only empty shards: an empty index.
        let empty = tmp.path().join("empty");
        assert_eq!(merge_indexes(&empty, &shards[1..2]).unwrap(), 0);
        assert!(NewsIndex::open(&empty).is_ok());
        // A shard that is not an index is an error, and names the directory.
        let err = merge_indexes(&tmp.path().join("x"), &[tmp.path().join("none")]).unwrap_err();
        assert!(matches!(err, IndexError::Missing(_)), "{err:?}");
    }
}
