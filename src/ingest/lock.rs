//! The index lock: one ingest at a time per index directory.
//!
//! An advisory OS lock on `DIR/.shisaku-ingest.lock`, released when the
//! process ends however it ends (so a killed ingest never leaves a stale
//! lock). A second ingest says it is waiting and then waits.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::IngestError;

/// Name of the lock file inside the index directory.
pub const LOCK_FILE: &str = ".shisaku-ingest.lock";

/// Holds the lock until dropped.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

impl IndexLock {
    /// Take the lock on `dir` (created when missing), waiting for another ingest.
    pub fn acquire(dir: &Path) -> Result<IndexLock, IngestError> {
        let io = |source| IngestError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| IngestError::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                eprintln!(
                    "another ingest is writing {}; waiting for it to finish",
                    dir.display()
                );
                file.lock().map_err(|source| IngestError::Io {
                    path: path.clone(),
                    source,
                })?;
            }
            Err(TryLockError::Error(source)) => return Err(IngestError::Io { path, source }),
        }
        Ok(IndexLock { _file: file })
    }
}
