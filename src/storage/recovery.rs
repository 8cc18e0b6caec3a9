//! Recovery copies: while a workspace has unsaved changes, the app writes a
//! copy to its data folder every minute. After a crash the next start finds it
//! and offers to restore it. A clean save or exit removes it.

use super::{StorageError, open_workspace, write_atomically, write_atomically_with, write_workspace};
use crate::model::{Timestamp, Workspace};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The workspace file the unsaved changes belong to, if it had one.
    pub original: Option<PathBuf>,
    pub saved_at: Timestamp,
}

#[derive(Clone)]
pub struct Recovery {
    dir: PathBuf,
}

impl Recovery {
    pub fn new(data_dir: &Path) -> Recovery {
        Recovery {
            dir: data_dir.join("recovery"),
        }
    }

    fn data_file(&self) -> PathBuf {
        self.dir.join("autosave.stance.json")
    }

    fn info_file(&self) -> PathBuf {
        self.dir.join("autosave.info.json")
    }

    /// Writes the recovery copy (atomically, like any save).
    pub fn write(&self, ws: &Workspace, original: Option<&Path>) -> Result<(), StorageError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| StorageError::io(&self.dir, e))?;
        write_atomically_with(&self.data_file(), None, |w| write_workspace(ws, w))?;
        let info = RecoveryInfo {
            original: original.map(Path::to_owned),
            saved_at: Timestamp::now(),
        };
        let bytes = serde_json::to_vec_pretty(&info).expect("recovery info serialises");
        write_atomically(&self.info_file(), &bytes, None)
    }

    /// The pending recovery copy, if a previous run left one.
    pub fn pending(&self) -> Option<RecoveryInfo> {
        if !self.data_file().is_file() {
            return None;
        }
        let info = std::fs::read(self.info_file())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        Some(info.unwrap_or(RecoveryInfo {
            original: None,
            saved_at: Timestamp(0),
        }))
    }

    pub fn load(&self) -> Result<Workspace, StorageError> {
        open_workspace(&self.data_file())
    }

    /// Removes the recovery copy; missing files are fine.
    pub fn clear(&self) {
        let _ = std::fs::remove_file(self.data_file());
        let _ = std::fs::remove_file(self.info_file());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_find_load_clear() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recovery::new(dir.path());
        assert!(r.pending().is_none());
        let ws = Workspace::new();
        r.write(&ws, Some(Path::new("/tmp/x.stance.json"))).unwrap();
        let info = r.pending().unwrap();
        assert_eq!(info.original.as_deref(), Some(Path::new("/tmp/x.stance.json")));
        assert_eq!(r.load().unwrap().issues().count(), 3);
        r.clear();
        assert!(r.pending().is_none());
    }
}
