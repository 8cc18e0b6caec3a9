//! The list of recently opened workspaces, kept in the user's config folder.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const CAP: usize = 10;

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RecentFiles {
    paths: Vec<PathBuf>,
    /// Shared projects opened lately, newest first; addresses without passwords.
    #[serde(default)]
    servers: Vec<RecentServer>,
    #[serde(skip)]
    file: Option<PathBuf>,
}

/// The app's config folder: `$STANCE_TRACKER_CONFIG_DIR` if set (tests, portable
/// installs), else the platform's (e.g. `~/.config/stance-tracker`).
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STANCE_TRACKER_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "StanceTracker", "stance-tracker").map(|d| d.config_dir().to_owned())
}

/// The app's data folder, for recovery copies: `$STANCE_TRACKER_DATA_DIR` or the platform's.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STANCE_TRACKER_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "StanceTracker", "stance-tracker").map(|d| d.data_dir().to_owned())
}

/// A project on a server, as File ▸ Open from server… remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentServer {
    /// `postgres://user@host:port/db`, never with a password.
    pub url: String,
    pub project: String,
}

impl RecentFiles {
    /// Loads the list from `dir/recent.json`; a missing or unreadable list is empty,
    /// and entries whose file has gone are dropped.
    pub fn load_from(dir: &Path) -> RecentFiles {
        let file = dir.join("recent.json");
        let mut list: RecentFiles = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        list.paths.retain(|p| p.is_file());
        list.paths.truncate(CAP);
        list.file = Some(file);
        list
    }

    pub fn load() -> RecentFiles {
        config_dir().map(|d| RecentFiles::load_from(&d)).unwrap_or_default()
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Moves `path` to the front and saves the list.
    pub fn push(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(CAP);
        self.save();
    }

    /// The config folder the list is kept in (none: not kept).
    pub fn dir(&self) -> Option<&Path> {
        self.file.as_deref().and_then(Path::parent)
    }

    pub fn servers(&self) -> &[RecentServer] {
        &self.servers
    }

    /// Moves the server project to the front and saves the list. The caller
    /// passes an address without its password
    /// ([`crate::server::ServerUrl::remembered`]); one that still has one
    /// is not kept.
    pub fn push_server(&mut self, url: &str, project: &str) {
        if crate::server::url::redact(url) != url {
            return;
        }
        let entry = RecentServer {
            url: url.to_owned(),
            project: project.to_owned(),
        };
        self.servers.retain(|s| s != &entry);
        self.servers.insert(0, entry);
        self.servers.truncate(CAP);
        self.save();
    }

    pub fn remove(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
        self.save();
    }

    /// Best effort: failing to remember recent files must never block work.
    fn save(&self) {
        let Some(file) = &self.file else { return };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(self) {
            let _ = super::write_atomically(file, &bytes, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_deduplicated_and_missing_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for i in 0..12 {
            let p = dir.path().join(format!("w{i}.stance.json"));
            std::fs::write(&p, "{}").unwrap();
            files.push(p.canonicalize().unwrap());
        }
        let mut recent = RecentFiles::load_from(dir.path());
        for f in &files {
            recent.push(f);
        }
        recent.push(&files[3]);
        assert_eq!(recent.paths().len(), CAP);
        assert_eq!(recent.paths()[0], files[3]);
        std::fs::remove_file(&files[11]).unwrap();
        let reloaded = RecentFiles::load_from(dir.path());
        assert_eq!(reloaded.paths().len(), CAP - 1);
        assert!(!reloaded.paths().contains(&files[11]));
    }
}
