//! The batch writer: tantivy's index writer over [`SharedDoc`]s, with the errors said plainly.
//!
//! Segments are merged only when asked ([`Writer::merge_within`]), one merge at a time and
//! each reading at most a given size of segment files. Merges read their segments through
//! memory maps, which count in the process's resident memory until the merge ends: tantivy's
//! background merges, running beside the indexing threads' full budget, mapped 1.7 GB at a
//! million articles (eight segments at once) on top of the writer's heap.

use crate::{IndexError, NewsIndex, SharedDoc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, MergePolicy, NoMergePolicy};
use tantivy::{IndexWriter, Term};

/// A writer over the index's documents; nothing it does is visible before [`Self::commit`].
pub struct Writer {
    inner: IndexWriter<SharedDoc>,
    id: tantivy::schema::Field,
    dir: PathBuf,
}

impl NewsIndex {
    /// Takes the index's writer lock with `threads` indexing threads (1 to 8) and a memory
    /// budget of `heap_bytes` (raised to tantivy's minimum per thread), or says another run
    /// holds it.
    pub fn writer(&self, threads: usize, heap_bytes: usize) -> Result<Writer, IndexError> {
        let threads = threads.clamp(1, 8);
        let inner = self
            .tantivy()
            .writer_with_num_threads(threads, heap_bytes.max((threads * 20) << 20))
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => IndexError::Locked(self.dir().into()),
                other => IndexError::Tantivy(other),
            })?;
        inner.set_merge_policy(Box::new(NoMergePolicy));
        Ok(Writer {
            inner,
            id: self.fields().id,
            dir: self.dir().to_path_buf(),
        })
    }
}

impl Writer {
    /// Adds a document; when an indexing thread has died, returns that thread's own error (a
    /// full disk, say) rather than tantivy's "an index writer was killed".
    pub fn add(&mut self, doc: SharedDoc) -> Result<(), IndexError> {
        let Err(err) = self.inner.add_document(doc) else {
            return Ok(());
        };
        // `prepare_commit` joins the indexing threads and returns the first error they met;
        // it publishes nothing, and a prepared commit is aborted (rolled back) at once.
        match self.inner.prepare_commit() {
            Err(worker_error) => Err(IndexError::Tantivy(worker_error)),
            Ok(prepared) => {
                let _ = prepared.abort();
                Err(IndexError::Tantivy(err))
            }
        }
    }

    /// Deletes the article with this id (if any) at commit.
    pub fn delete_id(&mut self, id: &str) {
        self.inner.delete_term(Term::from_field_text(self.id, id));
    }

    /// Deletes every document at commit.
    pub fn delete_all(&mut self) -> Result<(), IndexError> {
        self.inner.delete_all_documents()?;
        Ok(())
    }

    /// Publishes everything added and deleted since the writer was taken, in one commit.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.inner.commit()?;
        Ok(())
    }

    /// [`Self::commit`], with a short text that lands in the same commit and that
    /// [`NewsIndex::commit_payload`] reads back (the build names its file table there).
    pub fn commit_with_payload(&mut self, payload: &str) -> Result<(), IndexError> {
        let mut prepared = self.inner.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        Ok(())
    }

    /// Drops everything added and deleted since the last commit.
    pub fn rollback(&mut self) {
        let _ = self.inner.rollback();
    }

    /// Merges committed segments of similar size (tantivy's log levels), one merge at a time,
    /// each reading at most `max_bytes` of segment files; returns how many merges ran. Each
    /// merge is published as it ends (the commit's payload kept), so a reader sees the
    /// segments before it or after it.
    pub fn merge_within(&mut self, max_bytes: u64) -> Result<usize, IndexError> {
        let mut merged = 0;
        loop {
            let merges = self.next_merges(max_bytes)?;
            if merges.is_empty() {
                // A merge deletes its inputs' files as it ends unless something still held
                // them then (a searcher opened on them): those go now.
                self.inner.garbage_collect_files().wait()?;
                return Ok(merged);
            }
            for segments in merges {
                self.inner.merge(&segments).wait()?;
                merged += 1;
            }
        }
    }

    /// The merges [`Self::merge_within`] runs next. Returns ids only: while a segment's meta
    /// is held anywhere, tantivy keeps its files, and a merge would leave its inputs on disk.
    fn next_merges(&self, max_bytes: u64) -> Result<Vec<Vec<SegmentId>>, IndexError> {
        let metas = self.inner.index().searchable_segment_metas()?;
        let levels = LogMergePolicy::default().compute_merge_candidates(&metas);
        let bytes = segment_bytes(&self.dir);
        let sized = levels.into_iter().map(|level| {
            level
                .0
                .into_iter()
                .map(|id| (id, bytes.get(&id.uuid_string()).copied().unwrap_or(0)))
                .collect::<Vec<_>>()
        });
        Ok(bounded_merges(sized, max_bytes))
    }
}

/// The bytes of each segment's files in `dir`, by segment id (the files are named after it;
/// one listing of the directory; a file that cannot be read counts nothing).
fn segment_bytes(dir: &Path) -> HashMap<String, u64> {
    let mut bytes = HashMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let (Some((segment, _)), Ok(metadata)) = (name.split_once('.'), entry.metadata()) {
            *bytes.entry(segment.to_string()).or_default() += metadata.len();
        }
    }
    bytes
}

/// Cuts each level of segments that may merge (as `(segment, bytes)`) into merges of at least
/// two segments and at most `max_bytes`, smallest segments first; segments that fit no such
/// merge are left alone.
fn bounded_merges<T: Copy>(
    levels: impl IntoIterator<Item = Vec<(T, u64)>>,
    max_bytes: u64,
) -> Vec<Vec<T>> {
    let mut merges = Vec::new();
    for mut level in levels {
        level.sort_by_key(|&(_, bytes)| bytes);
        let mut current: Vec<T> = Vec::new();
        let mut current_bytes = 0;
        for (segment, bytes) in level {
            if current_bytes + bytes > max_bytes {
                if current.len() >= 2 {
                    merges.push(std::mem::take(&mut current));
                }
                current.clear();
                current_bytes = 0;
                if bytes > max_bytes / 2 {
                    // Sorted by size: no later segment pairs with this one either.
                    break;
                }
            }
            current.push(segment);
            current_bytes += bytes;
        }
        if current.len() >= 2 {
            merges.push(current);
        }
    }
    merges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(index: &NewsIndex, id: &str) -> SharedDoc {
        let mut doc = SharedDoc::default();
        doc.add_text(index.fields().id, id);
        doc
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        let _first = index.writer(1, 50 << 20).unwrap();
        assert!(matches!(
            index.writer(1, 50 << 20),
            Err(IndexError::Locked(_))
        ));
    }

    #[test]
    fn deletes_and_rollbacks_apply_at_commit_only() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        let mut writer = index.writer(1, 50 << 20).unwrap();
        writer.add(doc(&index, "a")).unwrap();
        writer.add(doc(&index, "b")).unwrap();
        assert_eq!(index.searcher().unwrap().num_docs(), 0);
        writer.commit().unwrap();
        writer.delete_id("a");
        writer.rollback();
        assert_eq!(index.searcher().unwrap().num_docs(), 2);
        writer.delete_id("a");
        writer.commit().unwrap();
        assert_eq!(index.searcher().unwrap().num_docs(), 1);
        writer.delete_all().unwrap();
        writer.commit().unwrap();
        assert_eq!(index.searcher().unwrap().num_docs(), 0);
    }

    #[test]
    fn a_commit_payload_lasts_until_the_next_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        assert_eq!(index.commit_payload().unwrap(), None);
        let mut writer = index.writer(1, 50 << 20).unwrap();
        writer.add(doc(&index, "a")).unwrap();
        writer.commit_with_payload("files-1").unwrap();
        assert_eq!(index.commit_payload().unwrap().as_deref(), Some("files-1"));
        assert_eq!(index.searcher().unwrap().num_docs(), 1);
        writer.commit().unwrap();
        assert_eq!(index.commit_payload().unwrap(), None);
    }

    #[test]
    fn merges_are_cut_to_the_size_given_smallest_first() {
        let level = vec![("d", 40), ("a", 10), ("c", 30), ("b", 20), ("e", 200)];
        assert_eq!(bounded_merges([level.clone()], 60), [vec!["a", "b", "c"]]);
        assert_eq!(bounded_merges([level.clone()], 70), [vec!["a", "b", "c"]]);
        assert_eq!(
            bounded_merges([level.clone()], 100),
            [vec!["a", "b", "c", "d"]]
        );
        assert_eq!(
            bounded_merges([level.clone()], 300),
            [vec!["a", "b", "c", "d", "e"]]
        );
        // One segment alone is no merge; two above half the size never pair.
        assert!(bounded_merges([level], 15).is_empty());
        assert!(bounded_merges([vec![("x", 60), ("y", 70)]], 100).is_empty());
        // Levels stay apart.
        let levels = [vec![("a", 1), ("b", 1)], vec![("c", 50), ("d", 50)]];
        assert_eq!(
            bounded_merges(levels, 100),
            [vec!["a", "b"], vec!["c", "d"]]
        );
    }

    proptest::proptest! {
        #[test]
        fn a_merge_holds_two_segments_or_more_within_the_size_each_at_most_once(
            sizes in proptest::collection::vec(0u64..1000, 0..40),
            max_bytes in 0u64..3000,
        ) {
            let level: Vec<(usize, u64)> = sizes.iter().copied().enumerate().collect();
            let merges = bounded_merges([level], max_bytes);
            let mut seen = std::collections::HashSet::new();
            for merge in &merges {
                proptest::prop_assert!(merge.len() >= 2);
                proptest::prop_assert!(merge.iter().map(|&i| sizes[i]).sum::<u64>() <= max_bytes);
                for &i in merge {
                    proptest::prop_assert!(seen.insert(i));
                }
            }
            // Nothing left out that could still pair: the two smallest segments left over
            // exceed the size together.
            let mut left: Vec<u64> = (0..sizes.len())
                .filter(|i| !seen.contains(i))
                .map(|i| sizes[i])
                .collect();
            left.sort_unstable();
            if left.len() >= 2 {
                proptest::prop_assert!(left[0] + left[1] > max_bytes);
            }
        }
    }

    /// An index of `segments` committed segments of one article each.
    fn segmented(dir: &Path, segments: usize) -> (NewsIndex, Writer) {
        let index = NewsIndex::open_or_create(dir).unwrap();
        let mut writer = index.writer(1, 50 << 20).unwrap();
        for i in 0..segments {
            writer.add(doc(&index, &format!("a{i}"))).unwrap();
            writer.commit_with_payload("files-1").unwrap();
        }
        (index, writer)
    }

    #[test]
    fn segments_merge_only_when_asked_and_within_the_size() {
        let tmp = tempfile::tempdir().unwrap();
        let (index, mut writer) = segmented(&tmp.path().join("index"), 9);
        let segments = || index.searcher().unwrap().segment_readers().len();
        // Nine commits, nine segments: the writer merges nothing by itself.
        assert_eq!(segments(), 9);
        assert_eq!(writer.merge_within(1).unwrap(), 0);
        assert_eq!(segments(), 9);
        assert_eq!(writer.merge_within(u64::MAX).unwrap(), 1);
        assert_eq!(segments(), 1);
        let searcher = index.searcher().unwrap();
        assert_eq!(searcher.num_docs(), 9);
        assert!(index.find(&searcher, "a8").unwrap().is_some());
        // The merge kept the commit's payload, and left no file of the merged segments.
        assert_eq!(index.commit_payload().unwrap().as_deref(), Some("files-1"));
        let files = std::fs::read_dir(index.dir()).unwrap().count();
        let (_other, mut small) = segmented(&tmp.path().join("other"), 1);
        small.merge_within(u64::MAX).unwrap();
        assert_eq!(
            files,
            std::fs::read_dir(tmp.path().join("other")).unwrap().count()
        );
    }

    #[test]
    fn a_merge_is_bounded_by_the_bytes_of_its_segments() {
        let tmp = tempfile::tempdir().unwrap();
        let (index, mut writer) = segmented(&tmp.path().join("index"), 9);
        let metas = index.tantivy().searchable_segment_metas().unwrap();
        let one = segment_bytes(index.dir())[&metas[0].id().uuid_string()];
        assert!(one > 0);
        // Room for about three segments a merge: three merges of three.
        writer.merge_within(one * 3 + one / 2).unwrap();
        let searcher = index.searcher().unwrap();
        assert_eq!(searcher.num_docs(), 9);
        assert!(searcher.segment_readers().len() > 1);
    }
}
