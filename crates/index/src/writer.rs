//! The batch writer: tantivy's index writer over [`SharedDoc`]s, with the errors said plainly.

use crate::{IndexError, NewsIndex, SharedDoc};
use tantivy::{IndexWriter, Term};

/// A writer over the index's documents; nothing it does is visible before [`Self::commit`].
pub struct Writer {
    inner: IndexWriter<SharedDoc>,
    id: tantivy::schema::Field,
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
        Ok(Writer {
            inner,
            id: self.fields().id,
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

    /// Leaves the segments as written, unmerged: for an index that is merged whole afterwards
    /// (a batch job's shard), where merging as it grows would read and write it once more.
    pub fn without_merges(self) -> Writer {
        self.inner
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        self
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
}
