//! Exports never write over a workspace. `--out w.stance.json` on the
//! workspace being exported used to turn it into a CSV, and `--out
//! w.stance.json.bak` destroyed its backup; an export is refused before
//! anything is written when its target is the workspace, its backup, its
//! lock, or any existing workspace file (a recovery copy is one too).

use super::error::{StorageError, StorageErrorKind};
use super::lock::lock_path;
use super::{backup_path, real_path};
use std::path::Path;

/// Names that only Stance Tracker's own files have.
const OWN_SUFFIXES: [&str; 3] = [".stance.json", ".stance.json.bak", ".stance.json.lock"];

/// Refuses an export target that would destroy a workspace or its backup.
/// `workspace` is the file being exported, when there is one.
pub fn check_export_target(out: &Path, workspace: Option<&Path>) -> Result<(), StorageError> {
    if super::output_kind(out) != super::OutputKind::Regular {
        return Ok(());
    }
    let target = real_path(out);
    if let Some(ws) = workspace {
        let ws = real_path(ws);
        let own = [
            (ws.clone(), "the workspace being exported"),
            (backup_path(&ws), "the backup of the workspace being exported"),
            (lock_path(&ws), "the lock file of the workspace being exported"),
        ];
        for (file, what) in own {
            if target == file || same_file(&target, &file) {
                return Err(refusal(out, what));
            }
        }
    }
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if target.exists() && OWN_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return Err(refusal(out, "a Stance Tracker workspace file"));
    }
    Ok(())
}

fn refusal(out: &Path, what: &str) -> StorageError {
    StorageError::new(
        out,
        StorageErrorKind::Io(format!(
            "this is {what}; an export never writes over a workspace or its backup, so nothing was written; \
             choose another file name"
        )),
    )
}

/// Hard links to the workspace are the workspace too.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}
