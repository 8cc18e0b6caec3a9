//! A lock file beside an open workspace (`NAME.stance.json.lock`), so a second
//! app instance on the same workspace is warned instead of silently
//! overwriting the first one's saves. A lock left by a crashed run (its
//! process no longer exists on this machine) is recognised as stale.

use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LockOwner {
    pub pid: u32,
    pub host: String,
    pub user: String,
    pub since: Timestamp,
}

impl LockOwner {
    fn current() -> LockOwner {
        LockOwner {
            pid: std::process::id(),
            host: host_name(),
            user: user_name(),
            since: Timestamp::now(),
        }
    }

    /// Whether the owner is certainly gone: same machine, process not running.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && !process_alive(self.pid)
    }
}

impl std::fmt::Display for LockOwner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let since = self
            .since
            .to_string()
            .replace('T', " ")
            .trim_end_matches('Z')
            .to_owned();
        write!(
            f,
            "{} on {} (process {}), since {since} UTC",
            self.user, self.host, self.pid
        )
    }
}

/// Held while a workspace is open; removes its lock file when dropped.
#[derive(Debug)]
pub struct WorkspaceLock {
    file: PathBuf,
}

/// The lock file of a workspace, beside the real file: two apps opening it
/// through a symbolic link and through its target take the same lock.
pub fn lock_path(workspace: &Path) -> PathBuf {
    let workspace = super::real_path(workspace);
    let mut name = workspace.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    workspace.with_file_name(name)
}

impl WorkspaceLock {
    /// Takes the lock, replacing a stale one. `Err` names the live owner.
    pub fn acquire(workspace: &Path) -> Result<WorkspaceLock, LockOwner> {
        let file = lock_path(workspace);
        for _ in 0..2 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&file) {
                Ok(mut f) => {
                    let owner = serde_json::to_vec(&LockOwner::current()).expect("lock owner serialises");
                    let _ = f.write_all(&owner).and_then(|_| f.sync_all());
                    return Ok(WorkspaceLock { file });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match read_owner(&file) {
                    Some(owner) if owner.pid == std::process::id() && owner.host == host_name() => {
                        return Ok(WorkspaceLock { file });
                    }
                    Some(owner) if !owner.is_stale() => return Err(owner),
                    // Stale or unreadable (a crash while writing it): take it over.
                    _ => {
                        let _ = std::fs::remove_file(&file);
                    }
                },
                // A read-only folder cannot hold a lock; opening must still work.
                Err(_) => return Ok(WorkspaceLock { file: PathBuf::new() }),
            }
        }
        Ok(WorkspaceLock { file: PathBuf::new() })
    }

    /// Takes the lock even though someone else holds it (the user chose to).
    pub fn force(workspace: &Path) -> WorkspaceLock {
        let _ = std::fs::remove_file(lock_path(workspace));
        WorkspaceLock::acquire(workspace).unwrap_or(WorkspaceLock { file: PathBuf::new() })
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        if self.file.as_os_str().is_empty() {
            return;
        }
        // Only remove our own lock, never one another instance took over.
        if read_owner(&self.file).is_some_and(|o| o.pid == std::process::id()) {
            let _ = std::fs::remove_file(&self.file);
        }
    }
}

fn read_owner(file: &Path) -> Option<LockOwner> {
    std::fs::read(file).ok().and_then(|b| serde_json::from_slice(&b).ok())
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this computer".into())
}

fn user_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "someone".into())
}

/// On Linux, /proc tells; elsewhere we cannot know, so a lock is never
/// taken for stale (the user can still choose to open anyway).
fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_and_stale_locks_are_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("w.stance.json");
        let lock = WorkspaceLock::acquire(&ws).unwrap();
        assert!(lock_path(&ws).is_file());
        // Another (live) process holds it: pid 1 is always running.
        drop(lock);
        assert!(!lock_path(&ws).exists(), "released on drop");
        let other = LockOwner {
            pid: 1,
            host: host_name(),
            user: "ana".into(),
            since: Timestamp(0),
        };
        std::fs::write(lock_path(&ws), serde_json::to_vec(&other).unwrap()).unwrap();
        let err = WorkspaceLock::acquire(&ws).unwrap_err();
        assert_eq!(err.user, "ana");
        assert!(err.to_string().contains("ana on"));
        // A crashed run: a pid that does not exist.
        let dead = LockOwner {
            pid: u32::MAX - 7,
            ..other
        };
        std::fs::write(lock_path(&ws), serde_json::to_vec(&dead).unwrap()).unwrap();
        let lock = WorkspaceLock::acquire(&ws).expect("stale lock taken over");
        assert_eq!(read_owner(&lock_path(&ws)).unwrap().pid, std::process::id());
        drop(lock);
        // Garbage in the lock file (crash while writing it) is stale too.
        std::fs::write(lock_path(&ws), b"{\"pid\":").unwrap();
        assert!(WorkspaceLock::acquire(&ws).is_ok());
    }
}
