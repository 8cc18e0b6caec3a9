//! Workspace files and the little state the app keeps between runs.
//!
//! A workspace is one JSON document (`*.stance.json`). Saving never leaves a
//! half-written file: the new content goes to a temporary file in the same
//! folder, is flushed to disk, and replaces the old file by an atomic rename;
//! the previous version stays beside it as `*.stance.json.bak`.

mod atomic;
mod checksum;
pub mod codebook;
mod error;
mod guard;
pub mod identity;
pub mod lock;
mod migrate;
mod open;
pub mod recent;
pub mod recovery;
mod salvage;

pub use atomic::{OutputKind, output_kind, write_atomically, write_atomically_with, write_export, write_output};
pub use error::{Damage, StorageError, StorageErrorKind};
pub use guard::check_export_target;
pub use open::{check_workspace, open_workspace, parse_workspace};
pub use salvage::{Salvaged, salvage_workspace};

use crate::model::Workspace;
use std::path::{Path, PathBuf};

/// The extension users see in file dialogs, without the dot.
pub const WORKSPACE_EXTENSION: &str = "stance.json";

/// Where the previous version of a workspace is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Adds `.stance.json` to a path chosen without it.
pub fn with_workspace_extension(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".stance.json") {
        path.to_owned()
    } else if let Some(stem) = name.strip_suffix(".json") {
        path.with_file_name(format!("{stem}.stance.json"))
    } else {
        path.with_file_name(format!("{name}.stance.json"))
    }
}

/// Serialises the workspace to the bytes of a workspace file.
pub fn to_bytes(ws: &Workspace) -> Vec<u8> {
    let mut out = Vec::with_capacity(ws.text_bytes() + ws.article_count() * 256 + 4096);
    write_workspace(ws, &mut out).expect("a workspace always serialises");
    out
}

/// Saves atomically, keeping the previous version as `.bak` (beside the real
/// file when `path` is a symbolic link).
pub fn save_workspace(ws: &Workspace, path: &Path) -> Result<(), StorageError> {
    let path = real_path(path);
    write_atomically_with(&path, Some(&backup_path(&path)), |w| write_workspace(ws, w))
}

/// The file a path names once symbolic links are followed, also for a file
/// that does not exist yet (its folder is resolved) and a dangling link (its
/// target). Saves, backups, locks and exports all use it, so a workspace
/// opened through a link (common in synced folders) is the same workspace
/// as its target: one lock, one `.bak`, the target updated in place.
pub fn real_path(path: &Path) -> PathBuf {
    let mut path = path.to_owned();
    // Bounded like the kernel's own link limit, so a loop cannot hang us.
    for _ in 0..40 {
        if let Ok(real) = std::fs::canonicalize(&path) {
            return real;
        }
        match std::fs::read_link(&path) {
            Ok(target) => {
                let dir = path.parent().map(Path::to_owned).unwrap_or_default();
                path = dir.join(target);
            }
            Err(_) => break,
        }
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return path;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    match std::fs::canonicalize(dir) {
        Ok(dir) => dir.join(name),
        Err(_) => path,
    }
}

/// The bytes of a workspace file, written as they are produced, sealed by
/// the checksum that opening verifies.
pub(crate) fn write_workspace(ws: &Workspace, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut sealed = checksum::ChecksumWriter::new(w);
    // The serialiser writes a few bytes at a time; the checksum wants chunks.
    let mut chunks = std::io::BufWriter::with_capacity(1 << 16, &mut sealed);
    serde_json::to_writer_pretty(&mut chunks, ws)?;
    chunks.flush()?;
    drop(chunks);
    sealed.finish()
}

#[cfg(test)]
mod tests;
