//! A project open from a server: what the app codes in when the project is
//! shared. It keeps a copy of the project (the *mirror*, a [`Workspace`],
//! which views read as they read a file's), applies each command on the
//! server in one transaction (see ARCHITECTURE.md, "Shared projects on
//! PostgreSQL"), and keeps this user's undo history.

use super::access::Access;
use super::apply::{new_ids, touched, write};
use super::connect::connect;
use super::error::{Conflict, ServerError};
use super::live::Live;
use super::pull::{find, pull_with_tx};
use super::revisions::{self, CHANNEL, Changes, Revision};
use super::schema::ensure_schema;
use super::url::ServerUrl;
use crate::model::document::{max_new_id, needs_coder};
use crate::model::{Command, Workspace, coders};
use postgres::{Client, GenericClient};
use std::collections::BTreeSet;
use std::ops::Range;

/// Ids reserved at a time: one statement per this many new entities.
const ID_BLOCK: u64 = 256;

#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// The command that takes the project back (undo) or forth (redo).
    command: Command,
    /// The revision the step was committed at: someone else's change to
    /// what it touches after this makes undoing it a conflict.
    rev: Revision,
}

pub struct ServerProject {
    url: ServerUrl,
    /// `None` after the connection was lost; the next call reconnects.
    client: Option<Client>,
    project: i64,
    name: String,
    mirror: Workspace,
    rev: Revision,
    /// Names this client in the change log (undo asks who changed what).
    session: String,
    next_op: i64,
    access: Access,
    coder: Option<String>,
    /// Ids this client reserved; the mirror allocates from the last one.
    blocks: Vec<Range<u64>>,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl std::fmt::Debug for ServerProject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ServerProject({} on {}, rev {})",
            self.name,
            self.url.shown(),
            self.rev
        )
    }
}

/// The project at its latest revision, read only (for `export`, `agreement`).
pub fn open(url: &str, project: &str) -> Result<(Workspace, Revision), ServerError> {
    let p = ServerProject::open(url, project)?;
    Ok((p.mirror, p.rev))
}

impl ServerProject {
    /// Connects to `url` and loads project `name` whole.
    pub fn open(url: &str, name: &str) -> Result<ServerProject, ServerError> {
        let url = ServerUrl::parse(url)?;
        let mut client = connect(&url)?;
        let role = url.user().to_owned();
        ensure_schema(&mut client, &role)?;
        let pg = |e| ServerError::from_pg(e, &role);
        let mut tx = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg)?;
        let row = find(&mut tx, &role, url.shown(), name)?;
        let (access, coder_id) = access_of(&mut tx, row.id, &role)?;
        let (mirror, row) = pull_with_tx(&mut tx, &row)?;
        tx.commit().map_err(pg)?;
        let coder = coder_id.and_then(|c| mirror.coder(c)).map(|c| c.name.clone());
        Ok(ServerProject {
            url,
            client: Some(client),
            project: row.id,
            name: row.name,
            rev: row.rev,
            mirror,
            session: new_session(),
            next_op: 1,
            access,
            coder,
            blocks: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    /// The project as this client has it (at [`revision`](Self::revision)).
    pub fn workspace(&self) -> &Workspace {
        &self.mirror
    }

    pub fn revision(&self) -> Revision {
        self.rev
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server, without the password.
    pub fn server(&self) -> &str {
        self.url.shown()
    }

    /// The PostgreSQL role this client is logged in as.
    pub fn role(&self) -> &str {
        self.url.user()
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Whether the connection is up (after a failure, the next call tries again).
    pub fn is_online(&self) -> bool {
        self.client.as_ref().is_some_and(|c| !c.is_closed())
    }

    /// Codes as `name` from now on, as [`crate::model::Document::set_coder`].
    /// A coder member codes as their coder from the start.
    pub fn set_coder(&mut self, name: Option<String>) {
        self.coder = name.filter(|n| !n.trim().is_empty());
    }

    pub fn coder_name(&self) -> Option<&str> {
        self.coder.as_deref()
    }

    /// The project to build commands from (`ops::new_manual_stance(p.prepare()?, …)`):
    /// new ids it allocates are reserved for this client on the server, so
    /// no other client can take them. Change it only through
    /// [`execute`](Self::execute).
    pub fn prepare(&mut self) -> Result<&mut Workspace, ServerError> {
        let free = self
            .blocks
            .last()
            .map_or(0, |b| b.end.saturating_sub(self.mirror.peek_next_id()));
        if free < 16 {
            let role = self.url.user().to_owned();
            let p = self.project;
            let client = self.connected()?;
            let row = client
                .query_opt(
                    "UPDATE projects SET next_id = next_id + $2 WHERE id = $1 RETURNING next_id - $2",
                    &[&p, &(ID_BLOCK as i64)],
                )
                .map_err(|e| self.offline(ServerError::from_pg(e, &role)))?;
            let Some(row) = row else {
                return Err(self.refused_write());
            };
            let start = row.get::<_, i64>(0) as u64;
            self.blocks.push(start..start + ID_BLOCK);
            self.mirror.sync_next_id(start);
        }
        Ok(&mut self.mirror)
    }

    /// Applies `cmd` on the server as the current coder's work (stamped as
    /// [`crate::model::Document::execute`] stamps it), as one undo step.
    /// `cmd` was built on this client's copy at its current revision; if
    /// someone else has changed what it changes since, nothing is written
    /// and the error carries both versions.
    pub fn execute(&mut self, cmd: &Command) -> Result<Revision, ServerError> {
        if self.coder.is_some() && needs_coder(cmd) {
            // A coder added by stamping takes an id from the block.
            self.prepare()?;
        }
        self.execute_as(cmd.clone(), true)
    }

    /// [`execute`](Self::execute) without stamping (merged or imported
    /// work that already names its coders).
    pub fn execute_verbatim(&mut self, cmd: &Command) -> Result<Revision, ServerError> {
        self.execute_as(cmd.clone(), false)
    }

    fn execute_as(&mut self, cmd: Command, stamp: bool) -> Result<Revision, ServerError> {
        let label = cmd.label();
        let base = self.rev;
        let (rev, inverse) = self.commit(cmd, base, stamp, true)?;
        self.undo.push(Step {
            label,
            command: inverse,
            rev,
        });
        self.redo.clear();
        Ok(rev)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Undoes this user's last step. If someone else changed what it
    /// touches since, or the project no longer allows the inverse, says so
    /// and does nothing: the step stays (see [`forget_undo`](Self::forget_undo)).
    pub fn undo(&mut self) -> Result<Option<Revision>, ServerError> {
        let Some(step) = self.undo.last().cloned() else {
            return Ok(None);
        };
        let (rev, forward) = self.commit(step.command, step.rev, false, false)?;
        self.undo.pop();
        self.redo.push(Step {
            label: step.label,
            command: forward,
            rev,
        });
        Ok(Some(rev))
    }

    pub fn redo(&mut self) -> Result<Option<Revision>, ServerError> {
        let Some(step) = self.redo.last().cloned() else {
            return Ok(None);
        };
        let (rev, back) = self.commit(step.command, step.rev, false, false)?;
        self.redo.pop();
        self.undo.push(Step {
            label: step.label,
            command: back,
            rev,
        });
        Ok(Some(rev))
    }

    /// Drops the last undo step (one that can no longer be undone).
    pub fn forget_undo(&mut self) -> Option<String> {
        self.undo.pop().map(|s| s.label)
    }

    /// What changed on the server after `rev`, without applying it.
    pub fn changes_since(&mut self, rev: Revision) -> Result<Changes, ServerError> {
        let role = self.url.user().to_owned();
        let p = self.project;
        let client = self.connected()?;
        let result = (|| {
            let mut tx = client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(|e| ServerError::from_pg(e, &role))?;
            let now: i64 = tx
                .query_one("SELECT rev FROM projects WHERE id = $1", &[&p])
                .map_err(|e| ServerError::from_pg(e, &role))?
                .get(0);
            let changes = revisions::fetch_since(&mut tx, p, rev, now as Revision)?;
            tx.commit().map_err(|e| ServerError::from_pg(e, &role))?;
            Ok(changes)
        })();
        result.map_err(|e| self.offline(e))
    }

    /// Brings this client's copy to the server's latest revision; returns
    /// what changed (empty when nothing did).
    pub fn refresh(&mut self) -> Result<Vec<revisions::Key>, ServerError> {
        let changes = self.changes_since(self.rev)?;
        let keys = changes.keys.keys().copied().collect();
        if changes.revision > self.rev {
            self.rev = changes.revision;
            changes.apply_to(&mut self.mirror);
        }
        Ok(keys)
    }

    /// Revision numbers of this project's commits as they happen (by
    /// anyone, this client included), on a connection of their own.
    pub fn subscribe(&self) -> Result<Live, ServerError> {
        Live::start(&self.url, self.project)
    }

    /// The connection, made again if it was lost.
    fn connected(&mut self) -> Result<&mut Client, ServerError> {
        if !self.is_online() {
            self.client = None;
            self.client = Some(connect(&self.url)?);
        }
        Ok(self.client.as_mut().expect("connected above"))
    }

    /// Forgets a connection that an error shows is gone.
    fn offline(&mut self, e: ServerError) -> ServerError {
        if e.is_offline() {
            self.client = None;
        }
        e
    }

    fn refused_write(&self) -> ServerError {
        ServerError::Refused {
            role: self.url.user().to_owned(),
            reason: format!(
                "{} may {} project \"{}\"; an admin can change that",
                self.url.user(),
                if self.access.may_write() {
                    "not change"
                } else {
                    "only read (viewer)"
                },
                self.name
            ),
        }
    }

    /// One transaction: lock, catch up, check for conflicts with others'
    /// changes after `base`, apply, write. Returns the new revision and
    /// the inverse.
    fn commit(
        &mut self,
        cmd: Command,
        base: Revision,
        stamp: bool,
        check_ids: bool,
    ) -> Result<(Revision, Command), ServerError> {
        let op = self.next_op;
        self.next_op += 1;
        self.connected()?;
        let result = self.try_commit(cmd, base, stamp, check_ids, op);
        result.map_err(|e| self.offline(e))
    }

    fn try_commit(
        &mut self,
        cmd: Command,
        base: Revision,
        stamp: bool,
        check_ids: bool,
        op: i64,
    ) -> Result<(Revision, Command), ServerError> {
        let role = self.url.user().to_owned();
        let pg = |e| ServerError::from_pg(e, &role);
        let p = self.project;
        let before = self.mirror.clone();
        let client = self.client.as_mut().expect("connected by the caller");
        let mut tx = client.transaction().map_err(pg)?;
        let Some((now, server_next)) = lock(&mut tx, p)? else {
            drop(tx);
            return Err(self.refused_write());
        };
        if now > self.rev {
            revisions::fetch_since(&mut tx, p, self.rev, now)?.apply_to(&mut self.mirror);
            self.rev = now;
        }
        let cmd = match (&self.coder, stamp) {
            (Some(name), true) if needs_coder(&cmd) => stamped(&mut self.mirror, name, cmd),
            _ => cmd,
        };
        // A new id is free if this client reserved it, or if nobody has
        // reserved it yet (at or past the counter, which this commit moves on).
        if check_ids
            && let Some(id) = new_ids(&cmd)
                .into_iter()
                .find(|id| *id < server_next && !self.blocks.iter().any(|b| b.contains(id)))
        {
            return Err(ServerError::Invalid(format!(
                "the command uses id {id}, which another client may have reserved; \
                 refresh and build it again (from ServerProject::prepare())"
            )));
        }
        let mut keys = BTreeSet::new();
        touched(&cmd, &mut keys);
        if let Some((key, their_revision)) = revisions::changed_by_others(&mut tx, p, base, &self.session, &keys)? {
            let mut ours = before;
            let ours = ours.apply(cmd).ok().and_then(|_| key.entity_in(&ours));
            return Err(ServerError::Conflict(Box::new(Conflict {
                what: key.label(),
                ours,
                theirs: key.entity_in(&self.mirror),
                their_revision,
            })));
        }
        let (next, inverse, rev) =
            write_command(&mut tx, p, now, &self.mirror, cmd, &self.session, op).map_err(|e| with_role(e, &role))?;
        tx.commit().map_err(pg)?;
        self.mirror = next;
        self.rev = rev;
        Ok((rev, inverse))
    }
}

/// The new state of `cmd` applied to `mirror` (the project at revision
/// `now`, locked by this transaction) written as revision `now + 1`.
pub(crate) fn write_command(
    tx: &mut impl GenericClient,
    p: i64,
    now: Revision,
    mirror: &Workspace,
    cmd: Command,
    session: &str,
    op: i64,
) -> Result<(Workspace, Command, Revision), ServerError> {
    let mut keys = BTreeSet::new();
    touched(&cmd, &mut keys);
    let above = max_new_id(&cmd) as i64 + 1;
    let mut next = mirror.clone();
    let inverse = next.apply(cmd)?;
    let rev = now + 1;
    write(tx, p, rev, &next, &keys)?;
    revisions::log(tx, p, rev, &keys, session, op)?;
    let pg = |e| ServerError::from_pg(e, "you");
    // The counter passes every id used, whoever reserved it.
    tx.execute(
        "UPDATE projects SET rev = $2, next_id = GREATEST(next_id, $3) WHERE id = $1",
        &[&p, &(rev as i64), &above],
    )
    .map_err(pg)?;
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &format!("{p}:{rev}")])
        .map_err(pg)?;
    Ok((next, inverse, rev))
}

/// Locks project `p` for a write and returns its revision and id counter;
/// `None` when the role may not write it (row-level security hides the row
/// from updates).
pub(crate) fn lock(tx: &mut impl GenericClient, p: i64) -> Result<Option<(Revision, u64)>, ServerError> {
    let row = tx
        .query_opt("SELECT rev, next_id FROM projects WHERE id = $1 FOR UPDATE", &[&p])
        .map_err(|e| ServerError::from_pg(e, "you"))?;
    Ok(row.map(|r| (r.get::<_, i64>(0) as Revision, r.get::<_, i64>(1) as u64)))
}

/// `cmd` as the work of the coder `name`, adding the coder in the same step
/// the first time (as `Document` does).
fn stamped(ws: &mut Workspace, name: &str, cmd: Command) -> Command {
    let (id, add) = coders::coder_named_after(ws, name, max_new_id(&cmd));
    let stamped = coders::stamp(ws, cmd, id);
    match add {
        None => stamped,
        Some(add) => Command::Batch {
            label: stamped.label(),
            commands: vec![add, stamped],
        },
    }
}

/// The role's access to project `p` and the coder it codes as. A superuser
/// (who passes every policy) counts as an admin.
fn access_of(
    c: &mut impl GenericClient,
    p: i64,
    role: &str,
) -> Result<(Access, Option<crate::model::CoderId>), ServerError> {
    let row = c
        .query_one(
            "SELECT stance_access($1), stance_coder($1),
                    (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
            &[&p],
        )
        .map_err(|e| ServerError::from_pg(e, role))?;
    let access: Option<String> = row.get(0);
    let coder: Option<i64> = row.get(1);
    let superuser: Option<bool> = row.get(2);
    let access = match access.as_deref().and_then(Access::parse) {
        Some(a) => a,
        None if superuser == Some(true) => Access::Admin,
        None => {
            return Err(ServerError::Refused {
                role: role.to_owned(),
                reason: format!("{role} is not a member of this project; an admin of it can add them"),
            });
        }
    };
    Ok((access, coder.map(|c| crate::model::CoderId(c as u64))))
}

/// The role in a refusal is the one logged in, not "you".
fn with_role(e: ServerError, role: &str) -> ServerError {
    match e {
        ServerError::Refused { reason, .. } => ServerError::Refused {
            role: role.to_owned(),
            reason,
        },
        other => other,
    }
}

/// A name for this client in the change log, unique enough across every
/// client of a project.
fn new_session() -> String {
    use std::hash::BuildHasher;
    let seed = (
        std::time::SystemTime::now(),
        std::process::id(),
        std::thread::current().id(),
    );
    let h = std::collections::hash_map::RandomState::new().hash_one(format!("{seed:?}"));
    format!("{h:016x}")
}
