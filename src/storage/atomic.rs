use super::error::StorageError;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that, whatever happens (crash, kill, full disk),
/// `path` holds either its old content or the new content in full.
/// With `backup`, the old content is kept there.
pub fn write_atomically(path: &Path, bytes: &[u8], backup: Option<&Path>) -> Result<(), StorageError> {
    write_atomically_with(path, backup, |w| w.write_all(bytes))
}

/// [`write_atomically`] with the content produced by `write` into a buffered
/// writer: a workspace is serialised straight into the file, never held whole
/// in memory (at 100,000 articles that buffer was 850 MB, and growing it
/// stalled the rest of the app).
pub fn write_atomically_with(
    path: &Path,
    backup: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), StorageError> {
    // Through a symbolic link, the file to replace is the link's target: a
    // rename would put a regular file in the link's place and leave the
    // target (the one a synced folder or another app sees) old.
    let path = &super::real_path(path);
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        return Err(not_regular(path, &meta));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("workspace");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_and_swap(path, &tmp, &dir, write, backup);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    } else {
        remove_stale_temps(&dir, name);
    }
    result
}

/// Temp files of saves that were killed half-way (their process is gone).
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists();
        if pid != std::process::id() && gone {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn write_and_swap(
    path: &Path,
    tmp: &Path,
    dir: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    backup: Option<&Path>,
) -> Result<(), StorageError> {
    {
        let mut file = File::create(tmp).map_err(|e| StorageError::io(path, e))?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut file);
        write(&mut buffered).map_err(|e| StorageError::io(path, e))?;
        buffered.flush().map_err(|e| StorageError::io(path, e))?;
        drop(buffered);
        file.sync_all().map_err(|e| StorageError::io(path, e))?;
    }
    if let Some(bak) = backup
        && path.exists()
    {
        // A hard link keeps the old inode under the backup name at no cost;
        // file systems without links get a synced copy.
        let _ = fs::remove_file(bak);
        if fs::hard_link(path, bak).is_err() {
            copy_synced(path, bak).map_err(|e| StorageError::io(bak, e))?;
        }
    }
    fs::rename(tmp, path).map_err(|e| StorageError::io(path, e))?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn copy_synced(from: &Path, to: &Path) -> std::io::Result<()> {
    let tmp = to.with_extension("bak.tmp");
    fs::copy(from, &tmp)?;
    File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, to)
}

fn not_regular(path: &Path, meta: &fs::Metadata) -> StorageError {
    let what = if meta.is_dir() {
        "this is a folder"
    } else {
        "this is not a regular file (a device, pipe or socket)"
    };
    StorageError::new(
        path,
        super::StorageErrorKind::Io(format!(
            "{what}; a file here is written by replacing a regular file, so choose a file name"
        )),
    )
}

/// Where an export goes: standard output, a special file written in place,
/// or a regular file replaced atomically.
#[derive(Debug, PartialEq)]
pub enum OutputKind {
    Stdout,
    /// A pipe, a terminal or a device (`/dev/stdout`, a FIFO): renaming over
    /// it would replace the special file instead of writing to it.
    Special,
    Regular,
}

pub fn output_kind(path: &Path) -> OutputKind {
    if path.as_os_str() == "-" {
        return OutputKind::Stdout;
    }
    // /dev/stdout resolves to whatever the shell redirected to, perhaps a
    // regular file opened for appending: write through it, never rename.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return OutputKind::Special;
    }
    match fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => OutputKind::Special,
        _ => OutputKind::Regular,
    }
}

/// Writes an export: `-` is standard output, a special file is written in
/// place, a regular file is replaced atomically (never half-written).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    match output_kind(path) {
        OutputKind::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(|e| StorageError::io("standard output", e))
        }
        OutputKind::Special => fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes).and_then(|_| f.flush()))
            .map_err(|e| StorageError::io(path, e)),
        OutputKind::Regular => write_atomically(path, bytes, None),
    }
}

/// An export's bytes to `out`: refused over a workspace or its backup (see
/// [`check_export_target`](super::check_export_target)), else [`write_output`].
pub fn write_export(out: &Path, bytes: &[u8], workspace: Option<&Path>) -> Result<(), StorageError> {
    super::check_export_target(out, workspace)?;
    write_output(out, bytes)
}
