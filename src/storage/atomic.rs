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
