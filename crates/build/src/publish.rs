//! Stage 5, publish: everything the run wrote lands in one commit, so a reader sees the old
//! index or the new one, never a mix. A full rebuild over an index of an older schema is built
//! beside it and swapped into place (`newsindex-index`'s atomic publish). Segments are merged
//! after the commit, once the run's other memory is gone (see [`merge`]).

use crate::stamps::{self, FileTable};
use crate::{BuildOptions, Observer, Progress};
use newsindex_index::{IndexError, NewsIndex, Writer};
use std::path::Path;
use std::time::Instant;

/// Where a run writes.
pub(crate) enum Target {
    /// The index, opened: the run updates (or rebuilds) it in place.
    InPlace(Box<NewsIndex>),
    /// An index of an older schema, rebuilt in full beside it.
    Beside,
}

/// Opens the index the run writes, or says to rebuild it beside (a full run over an older
/// schema); an incremental run over an older schema is refused with
/// [`IndexError::Incompatible`], and the index is left as it is.
pub(crate) fn target(options: &BuildOptions) -> Result<Target, IndexError> {
    match NewsIndex::open_or_create(&options.index) {
        Err(IndexError::Incompatible { .. }) if options.full => Ok(Target::Beside),
        opened => Ok(Target::InPlace(Box::new(opened?))),
    }
}

/// Commits what the writer holds, with the file table of the index in `dir` in the same
/// commit; returns the seconds it took (merges included).
pub(crate) fn commit(
    writer: &mut Writer,
    table: &FileTable,
    dir: &Path,
    observe: &Observer<'_>,
) -> Result<f64, IndexError> {
    Progress::started("committing", observe);
    let timer = Instant::now();
    let payload = table.save(dir)?;
    writer.commit_with_payload(&payload)?;
    stamps::remove_stale_tables(dir, &payload);
    Ok(timer.elapsed().as_secs_f64())
}

/// Merges the committed segments, each merge mapping no more segment files than the writer's
/// budget `heap_bytes`: the peak a merge adds is then no more than indexing held. Run once
/// the stages' memory (the linked corpus, the stories) is freed; returns the seconds it took.
pub(crate) fn merge(
    writer: &mut Writer,
    heap_bytes: usize,
    observe: &Observer<'_>,
) -> Result<f64, IndexError> {
    Progress::started("merging", observe);
    let timer = Instant::now();
    writer.merge_within(heap_bytes as u64)?;
    Ok(timer.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Event;
    use std::path::PathBuf;

    /// An index directory written with another schema, as an older version would leave it.
    fn old_schema_index(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("old_field", tantivy::schema::STORED);
        tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
    }

    fn options(index: PathBuf, full: bool) -> BuildOptions {
        BuildOptions {
            index,
            full,
            ..BuildOptions::default()
        }
    }

    #[test]
    fn only_a_full_run_rebuilds_an_older_schema_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        old_schema_index(&old);
        assert!(matches!(
            target(&options(old.clone(), true)),
            Ok(Target::Beside)
        ));
        assert!(matches!(
            target(&options(old, false)),
            Err(IndexError::Incompatible { .. })
        ));
        let new = tmp.path().join("new");
        assert!(matches!(
            target(&options(new, false)),
            Ok(Target::InPlace(_))
        ));
    }

    #[test]
    fn commit_publishes_and_reports_progress() {
        let tmp = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(&tmp.path().join("index")).unwrap();
        let mut writer = index.writer(1, 50 << 20).unwrap();
        let mut doc = newsindex_index::SharedDoc::default();
        doc.add_text(index.fields().id, "a");
        writer.add(doc).unwrap();
        let phases = std::sync::Mutex::new(Vec::new());
        let observe = |event: Event<'_>| {
            if let Event::Progress(p) = event {
                phases.lock().unwrap().push(p.phase);
            }
        };
        let secs = commit(&mut writer, &FileTable::default(), index.dir(), &observe).unwrap();
        assert!(secs >= 0.0);
        assert_eq!(*phases.lock().unwrap(), ["committing"]);
        assert_eq!(index.searcher().unwrap().num_docs(), 1);
    }
}
