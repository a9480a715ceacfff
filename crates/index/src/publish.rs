//! Atomic publish of a full rebuild over an index of an older schema: the new index is built
//! in a directory beside the old one, under a lock, then swapped into place in one step, so
//! readers see the old index or the new one, never a mix.

use crate::IndexError;
use std::path::{Path, PathBuf};

/// Builds a fresh index beside `dir` with `build` (handed the fresh directory), then puts it
/// in place of `dir` with one atomic directory swap (a rename when `dir` does not exist yet).
/// `dir` is untouched if `build` fails.
pub fn rebuild_beside<T>(
    dir: &Path,
    build: impl FnOnce(&Path) -> Result<T, IndexError>,
) -> Result<T, IndexError> {
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
    let built = build(&fresh)?;
    if dir.exists() {
        swap_dirs(&fresh, dir).map_err(io(dir))?;
    } else {
        std::fs::rename(&fresh, dir).map_err(io(dir))?;
    }
    // `fresh` now holds the old index; a failure to remove it costs disk space, not data.
    let _ = std::fs::remove_dir_all(&fresh);
    // Removed while still held: a run that finds the index of the current schema never
    // rebuilds beside it, so nothing is left beside the index.
    let _ = std::fs::remove_file(&lock.path);
    drop(lock);
    Ok(built)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewsIndex;

    /// An index directory written with another schema, as an older version would leave it.
    fn old_schema_index(dir: &Path) {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("old_field", tantivy::schema::STORED);
        tantivy::Index::create_in_dir(dir, builder.build()).unwrap();
    }

    fn create(fresh: &Path) -> Result<(), IndexError> {
        NewsIndex::open_or_create(fresh).map(drop)
    }

    #[test]
    fn a_second_rebuild_of_an_old_index_is_refused_while_one_runs() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("index");
        std::fs::create_dir_all(&dir).unwrap();
        old_schema_index(&dir);
        let held = lock_rebuild(&dir, "index").unwrap();
        let second = rebuild_beside(&dir, create);
        assert!(matches!(second, Err(IndexError::Locked(_))), "{second:?}");
        // The old index is untouched and the first run's work place is not deleted.
        assert!(matches!(
            NewsIndex::open_or_create(&dir),
            Err(IndexError::Incompatible { .. })
        ));
        drop(held);
        rebuild_beside(&dir, create).unwrap();
        assert!(NewsIndex::open_or_create(&dir).is_ok());
    }

    #[test]
    fn a_failed_rebuild_leaves_the_old_index_and_no_lock() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("index");
        std::fs::create_dir_all(&dir).unwrap();
        old_schema_index(&dir);
        let failed = rebuild_beside(&dir, |fresh| {
            create(fresh)?;
            Err::<(), _>(IndexError::UnknownId("x".into()))
        });
        assert!(matches!(failed, Err(IndexError::UnknownId(_))));
        assert!(matches!(
            NewsIndex::open_or_create(&dir),
            Err(IndexError::Incompatible { .. })
        ));
        // The lock is released: the next run takes it.
        rebuild_beside(&dir, create).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "index")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
