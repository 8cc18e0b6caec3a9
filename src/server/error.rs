//! What can go wrong with a server, in words a user can act on. No message
//! ever contains a password: targets are shown as [`ServerUrl::shown`]
//! (`super::url::ServerUrl::shown`), and the server's own messages never
//! repeat one.

use super::revisions::Revision;
use crate::model::{Actor, Article, Coder, Issue, ModelError, Stance};
use thiserror::Error;

/// An entity as one side of a conflict has it (`None` in a [`Conflict`]:
/// the entity is gone on that side).
#[derive(Clone, Debug, PartialEq)]
pub enum Entity {
    Article(Box<Article>),
    Actor(Actor),
    Issue(Issue),
    Stance(Stance),
    Coder(Coder),
    /// A done mark, a sample or the codebook version: shown by name only.
    Other(String),
}

/// Someone else changed what a command changes, after the revision the
/// command was built on: nothing was written, and both versions are here
/// for the user to choose from.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// "stance s12", "actor p4"…
    pub what: String,
    /// As the command would have left it.
    pub ours: Option<Entity>,
    /// As it is on the server now.
    pub theirs: Option<Entity>,
    /// The revision of their change.
    pub their_revision: Revision,
}

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("cannot reach server at {target}: {reason} — is PostgreSQL running? check PGHOST (and PGPORT)")]
    Unreachable { target: String, reason: String },
    #[error("the server at {target} refused to log in {user}: {reason} — check the user name, PGPASSWORD or ~/.pgpass")]
    Login {
        target: String,
        user: String,
        reason: String,
    },
    #[error("{0}")]
    BadUrl(String),
    #[error("no project \"{name}\" on {target}; its projects are: {known}")]
    NoProject {
        name: String,
        target: String,
        known: String,
    },
    #[error("a project \"{0}\" is already on the server; choose another --project name")]
    ProjectExists(String),
    #[error(
        "the server's Stance Tracker schema is version {found}, newer than this app's ({supported}); update the app to open it"
    )]
    NewerSchema { found: i32, supported: i32 },
    #[error("the database refused this for {role}: {reason}")]
    Refused { role: String, reason: String },
    #[error("{} was changed by someone else (revision {}) since you loaded it; nothing was saved — both versions are kept", .0.what, .0.their_revision)]
    Conflict(Box<Conflict>),
    #[error("{0}")]
    Model(#[from] ModelError),
    #[error("{0}")]
    Invalid(String),
    #[error("the connection to the server was lost ({0}); nothing of the last edit was saved unless it said so")]
    Lost(String),
    #[error("the project on the server does not check out: {0}")]
    Damaged(String),
    #[error("the server reported an error: {0}")]
    Database(String),
}

impl ServerError {
    /// Whether the server is gone (restart, network): the app goes offline
    /// and keeps the edit, rather than showing it as refused.
    pub fn is_offline(&self) -> bool {
        matches!(self, ServerError::Unreachable { .. } | ServerError::Lost(_))
    }

    /// A server error met in a session, for the role logged in as `role`.
    pub(crate) fn from_pg(e: postgres::Error, role: &str) -> ServerError {
        if let Some(db) = e.as_db_error() {
            let code = db.code().code();
            let msg = db.message().to_owned();
            return match &code[..2] {
                // insufficient_privilege: grants and row-level security.
                "42" if code == "42501" => ServerError::Refused {
                    role: role.to_owned(),
                    reason: msg,
                },
                // Shutdown, crash, too many connections, starting up.
                "57" | "08" | "53" => ServerError::Lost(msg),
                _ => ServerError::Database(format!("{msg} ({code})")),
            };
        }
        if e.is_closed() {
            return ServerError::Lost("the server closed the connection".into());
        }
        ServerError::Lost(plain_reason(&e))
    }

    /// A failure to connect to `target` as `user`.
    pub(crate) fn from_connect(e: postgres::Error, target: &str, user: &str) -> ServerError {
        if let Some(db) = e.as_db_error() {
            let code = db.code().code();
            let reason = db.message().to_owned();
            return match code {
                "28P01" | "28000" => ServerError::Login {
                    target: target.to_owned(),
                    user: user.to_owned(),
                    reason,
                },
                "3D000" => ServerError::BadUrl(format!(
                    "{reason} on {target} — create it (createdb) or name another database in the URL"
                )),
                _ => ServerError::Unreachable {
                    target: target.to_owned(),
                    reason,
                },
            };
        }
        let reason = plain_reason(&e);
        if reason.contains("password") {
            return ServerError::Login {
                target: target.to_owned(),
                user: user.to_owned(),
                reason,
            };
        }
        ServerError::Unreachable {
            target: target.to_owned(),
            reason,
        }
    }
}

/// The innermost cause, lower-cased as a clause ("connection refused").
fn plain_reason(e: &postgres::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    if let Some(io) = source.downcast_ref::<std::io::Error>() {
        return match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::NotFound => "no server socket there".into(),
            std::io::ErrorKind::TimedOut => "timed out".into(),
            std::io::ErrorKind::PermissionDenied => "permission denied on the socket".into(),
            _ => strip_os_error(&io.to_string()),
        };
    }
    let text = source.to_string();
    if text.is_empty() {
        e.to_string()
    } else {
        strip_os_error(&text)
    }
}

fn strip_os_error(s: &str) -> String {
    let s = match s.find(" (os error") {
        Some(i) => &s[..i],
        None => s,
    };
    let mut out = s.to_owned();
    if let Some(first) = out.get(..1) {
        out.replace_range(..1, &first.to_lowercase());
    }
    out
}
