//! Workspace files and the little state the app keeps between runs.
//!
//! A workspace is one JSON document (`*.stance.json`). Saving never leaves a
//! half-written file: the new content goes to a temporary file in the same
//! folder, is flushed to disk, and replaces the old file by an atomic rename;
//! the previous version stays beside it as `*.stance.json.bak`.

mod atomic;
mod error;
pub mod lock;
mod migrate;
mod open;
pub mod recent;
pub mod recovery;

pub use atomic::{write_atomically, write_atomically_with};
pub use error::{StorageError, StorageErrorKind};
pub use open::{open_workspace, parse_workspace};

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
    let mut out = Vec::with_capacity(ws.articles().map(|a| a.text.len() + 256).sum::<usize>() + 4096);
    serde_json::to_writer_pretty(&mut out, ws).expect("a workspace always serialises");
    out.push(b'\n');
    out
}

/// Saves atomically, keeping the previous version as `.bak`.
pub fn save_workspace(ws: &Workspace, path: &Path) -> Result<(), StorageError> {
    write_atomically_with(path, Some(&backup_path(path)), |w| write_workspace(ws, w))
}

/// The same bytes as [`to_bytes`], written as they are produced.
pub(crate) fn write_workspace(ws: &Workspace, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, ws)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests;
