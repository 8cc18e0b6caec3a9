//! The local journal of a shared project: edits made while the server
//! cannot be reached (a restart, a dropped network) are kept in a file,
//! written atomically after every change, so that neither a lost
//! connection nor a crash of the app loses one. When the server is back
//! they are replayed in order; one that no longer fits (someone else
//! changed the same thing meanwhile, or the database refuses it) is moved
//! to `refused` with the reason, still in the file, for the user to look
//! at — never dropped silently.

use super::error::ServerError;
use super::revisions::Revision;
use crate::model::Command;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::{Path, PathBuf};

const FORMAT: &str = "stance-tracker-journal";
const VERSION: u32 = 1;

/// One edit waiting for the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The session's number for it: after a connection lost during
    /// `COMMIT`, the change log tells whether it made it.
    pub op: i64,
    /// The revision the edit was built on (others' later changes to what
    /// it touches are a conflict).
    pub base: Revision,
    pub label: String,
    /// As it will be sent (already stamped with its coder).
    pub command: Command,
}

/// An edit the replay could not commit, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unreplayed {
    #[serde(flatten)]
    pub entry: Entry,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Stored {
    format: String,
    version: u32,
    /// The server without its password, and the project.
    server: String,
    project: String,
    /// The change log's name for the client that made the edits, kept so
    /// that a restarted app is the same client to the server.
    session: String,
    next_op: i64,
    /// Id blocks that session reserved (edits made offline use them).
    blocks: Vec<(u64, u64)>,
    pending: Vec<Entry>,
    refused: Vec<Unreplayed>,
}

/// The journal of one project, in one file.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    stored: Stored,
}

impl Journal {
    /// The journal at `path` for `project` on `server` (shown without its
    /// password); a new, empty one if there is no file yet.
    pub fn open(path: &Path, server: &str, project: &str) -> Result<Journal, ServerError> {
        let stored = match std::fs::read(path) {
            Ok(bytes) => {
                let stored: Stored = serde_json::from_slice(&bytes)
                    .map_err(|e| ServerError::Invalid(format!("the journal {} cannot be read: {e}", path.display())))?;
                if stored.format != FORMAT || stored.version > VERSION {
                    return Err(ServerError::Invalid(format!(
                        "{} is not a journal this app can read (format {} version {})",
                        path.display(),
                        stored.format,
                        stored.version
                    )));
                }
                if stored.server != server || stored.project != project {
                    return Err(ServerError::Invalid(format!(
                        "the journal {} belongs to project \"{}\" on {}, not \"{project}\" on {server}",
                        path.display(),
                        stored.project,
                        stored.server
                    )));
                }
                stored
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stored {
                format: FORMAT.into(),
                version: VERSION,
                server: server.into(),
                project: project.into(),
                ..Stored::default()
            },
            Err(e) => {
                return Err(ServerError::Invalid(format!(
                    "the journal {} cannot be read: {e}",
                    path.display()
                )));
            }
        };
        Ok(Journal {
            path: path.to_owned(),
            stored,
        })
    }

    /// Where the app keeps the journal of `project` on `server` by default:
    /// in the config folder, `journals/`, one file per server and project.
    pub fn default_path(server: &str, project: &str) -> Option<PathBuf> {
        Some(Journal::path_in(
            &crate::storage::recent::config_dir()?,
            server,
            project,
        ))
    }

    /// The journal of `project` on `server` in the config folder `dir`.
    pub fn path_in(dir: &Path, server: &str, project: &str) -> PathBuf {
        let mut name: String = format!("{server} {project}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        name.truncate(80);
        // FNV-1a: stable across builds, unlike std's hasher.
        let hash = format!("{server}\n{project}")
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
        dir.join("journals").join(format!("{name}-{hash:016x}.json"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn pending(&self) -> &[Entry] {
        &self.stored.pending
    }

    pub fn refused(&self) -> &[Unreplayed] {
        &self.stored.refused
    }

    /// The session and next operation number the journal was written by
    /// (`None` for a new journal).
    pub(crate) fn session(&self) -> Option<(String, i64, Vec<Range<u64>>)> {
        (!self.stored.session.is_empty()).then(|| {
            (
                self.stored.session.clone(),
                self.stored.next_op,
                self.stored.blocks.iter().map(|&(a, b)| a..b).collect(),
            )
        })
    }

    pub(crate) fn set_session(&mut self, session: &str, next_op: i64, blocks: &[Range<u64>]) {
        self.stored.session = session.to_owned();
        self.stored.next_op = next_op;
        self.stored.blocks = blocks.iter().map(|b| (b.start, b.end)).collect();
    }

    pub(crate) fn push(&mut self, entry: Entry) {
        self.stored.pending.push(entry);
    }

    /// The first pending edit, done with: committed (`None`) or refused.
    pub(crate) fn pop_front(&mut self, refused: Option<String>) {
        if self.stored.pending.is_empty() {
            return;
        }
        let entry = self.stored.pending.remove(0);
        if let Some(reason) = refused {
            self.stored.refused.push(Unreplayed { entry, reason });
        }
    }

    /// Forgets refused edit `i` (the user has seen it); returns it.
    pub fn dismiss(&mut self, i: usize) -> Result<Option<Unreplayed>, ServerError> {
        if i >= self.stored.refused.len() {
            return Ok(None);
        }
        let gone = self.stored.refused.remove(i);
        self.save()?;
        Ok(Some(gone))
    }

    /// Writes the journal atomically (the old file or the new one, whole).
    /// An empty journal is removed.
    pub fn save(&self) -> Result<(), ServerError> {
        let s = &self.stored;
        if s.pending.is_empty() && s.refused.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(self.cannot_write(e.to_string())),
            };
        }
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| self.cannot_write(e.to_string()))?;
        }
        let bytes = serde_json::to_vec_pretty(s).expect("a journal serialises");
        crate::storage::write_atomically(&self.path, &bytes, None).map_err(|e| self.cannot_write(e.to_string()))
    }

    fn cannot_write(&self, reason: String) -> ServerError {
        ServerError::Invalid(format!(
            "the journal {} cannot be written ({reason}); the edit was not kept",
            self.path.display()
        ))
    }
}
