//! A project open from a server: what the app codes in when the project is
//! shared. It keeps a copy of the project (the *mirror*, a [`Workspace`],
//! which views read as they read a file's), applies each command on the
//! server in one transaction (see ARCHITECTURE.md, "Shared projects on
//! PostgreSQL"), and keeps this user's undo history.

use super::access::Access;
use super::apply::{new_ids, touched, write};
use super::connect::connect;
use super::error::{Conflict, Entity, ServerError};
use super::journal::{Entry, Journal, Unreplayed};
use super::live::Live;
use super::prepared::{LOCK, Prepared};
use super::pull::{find, pull_with_tx};
use super::revisions::{self, Changes, Key, Revision};
use super::schema::ensure_schema;
use super::url::ServerUrl;
use crate::model::document::{max_new_id, needs_coder};
use crate::model::{Command, Workspace, coders};
use postgres::{Client, GenericClient};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

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
    /// The edit path's statements on `client`, prepared at its first edit.
    prepared: Option<Prepared>,
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
    /// Where edits made while the server cannot be reached are kept
    /// ([`edit`](Self::edit)); none: such an edit is an error.
    journal: Option<Journal>,
    /// The mirror with the journal's pending edits applied: what the user
    /// sees while some of their edits have not reached the server.
    local: Option<Workspace>,
}

/// What became of an edit sent with [`ServerProject::edit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Committed on the server as this revision.
    Committed(Revision),
    /// The server cannot be reached: kept in the local journal (this many
    /// edits wait there), replayed when it is back.
    Kept(usize),
}

/// What a replay of the journal did.
#[derive(Debug, Default)]
pub struct Replay {
    /// The revisions the replayed edits committed as.
    pub committed: Vec<Revision>,
    /// Edits that had reached the server before the connection dropped
    /// (during their COMMIT): not sent twice.
    pub already: usize,
    /// Edits that no longer fit, with the server's answer (a conflict
    /// carries both versions). They stay in the journal's `refused` list.
    pub refused: Vec<(Unreplayed, ServerError)>,
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
            prepared: None,
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
            journal: None,
            local: None,
        })
    }

    /// [`open`](Self::open), with the local journal at `path` (created when
    /// needed): edits the journal holds from an earlier run (the app
    /// crashed or was closed while offline) are shown at once and sent by
    /// the next [`replay`](Self::replay) or [`edit`](Self::edit).
    pub fn open_with_journal(url: &str, name: &str, path: &Path) -> Result<ServerProject, ServerError> {
        let mut p = ServerProject::open(url, name)?;
        p.use_journal(path)?;
        Ok(p)
    }

    /// Keeps edits made while offline in the journal at `path` from now on
    /// (see [`open_with_journal`](Self::open_with_journal)).
    pub fn use_journal(&mut self, path: &Path) -> Result<(), ServerError> {
        let mut journal = Journal::open(path, self.url.shown(), &self.name)?;
        match journal.session() {
            // The same client as the run that wrote it, to the change log.
            Some((session, next_op, blocks)) => {
                self.session = session;
                self.next_op = self.next_op.max(next_op);
                for b in blocks {
                    if !self.blocks.contains(&b) {
                        self.blocks.insert(0, b);
                    }
                }
            }
            None => journal.set_session(&self.session, self.next_op, &self.blocks),
        }
        self.journal = Some(journal);
        self.rebuild_local();
        Ok(())
    }

    /// The journal, if one is in use: its pending and refused edits.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// Edits waiting in the journal for the server.
    pub fn pending(&self) -> usize {
        self.journal.as_ref().map_or(0, |j| j.pending().len())
    }

    /// Forgets refused edit `i` of the journal (the user has dealt with it).
    pub fn dismiss_refused(&mut self, i: usize) -> Result<Option<Unreplayed>, ServerError> {
        match &mut self.journal {
            Some(j) => j.dismiss(i),
            None => Ok(None),
        }
    }

    /// The project as this client has it (at [`revision`](Self::revision)).
    /// With edits waiting in the journal, the project with them applied.
    pub fn workspace(&self) -> &Workspace {
        self.local.as_ref().unwrap_or(&self.mirror)
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
            .map_or(0, |b| b.end.saturating_sub(self.workspace().peek_next_id()));
        if free < 16 {
            match self.reserve() {
                Ok(start) => {
                    self.blocks.push(start..start + ID_BLOCK);
                    self.mirror.sync_next_id(start);
                    if let Some(local) = &mut self.local {
                        local.sync_next_id(start);
                    }
                    self.save_session()?;
                }
                // Offline with a journal: the block in hand lasts a while.
                Err(e) if e.is_offline() && self.journal.is_some() && free > 0 => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.local.as_mut().unwrap_or(&mut self.mirror))
    }

    /// Reserves a block of ids on the server; returns its first.
    fn reserve(&mut self) -> Result<u64, ServerError> {
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
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Records the session, its operation counter and its id blocks in the
    /// journal, so that a restarted app replays as the same client.
    fn save_session(&mut self) -> Result<(), ServerError> {
        if let Some(j) = &mut self.journal {
            j.set_session(&self.session, self.next_op, &self.blocks);
            j.save()?;
        }
        Ok(())
    }

    /// The mirror with the journal's pending edits on top (`None` when
    /// there are none). An edit that no longer applies is left out here;
    /// the replay reports it.
    fn rebuild_local(&mut self) {
        self.local = match &self.journal {
            Some(j) if !j.pending().is_empty() => {
                let mut ws = self.mirror.clone();
                for e in j.pending() {
                    let _ = ws.apply(e.command.clone());
                }
                Some(ws)
            }
            _ => None,
        };
    }

    /// Applies `cmd` as [`execute`](Self::execute) does, but when the
    /// server cannot be reached and a journal is in use
    /// ([`use_journal`](Self::use_journal)) the edit is kept there (and
    /// shown) instead of failing, and sent when the server is back. Edits
    /// waiting in the journal go first, in order.
    pub fn edit(&mut self, cmd: &Command) -> Result<Saved, ServerError> {
        if self.journal.is_none() {
            return self.execute(cmd).map(Saved::Committed);
        }
        if self.pending() > 0 {
            match self.replay() {
                Ok(_) => {}
                Err(e) if e.is_offline() => return self.keep(cmd.clone()),
                Err(e) => return Err(e),
            }
        }
        if self.coder.is_some() && needs_coder(cmd) {
            match self.prepare() {
                Ok(_) => {}
                Err(e) if e.is_offline() => return self.keep(cmd.clone()),
                Err(e) => return Err(e),
            }
        }
        let op = self.next_op;
        match self.execute_as(cmd.clone(), true) {
            Ok(rev) => Ok(Saved::Committed(rev)),
            Err(e) if e.is_offline() => {
                // The connection may have dropped during COMMIT: the entry
                // keeps the operation number, so the replay can tell.
                self.keep_as(cmd.clone(), op)
            }
            Err(e) => Err(e),
        }
    }

    fn keep(&mut self, cmd: Command) -> Result<Saved, ServerError> {
        let op = self.next_op;
        self.next_op += 1;
        self.keep_as(cmd, op)
    }

    /// Stamps `cmd` on the local copy, applies it there and journals it.
    fn keep_as(&mut self, cmd: Command, op: i64) -> Result<Saved, ServerError> {
        let label = cmd.label();
        let mut view = self.workspace().clone();
        let cmd = match &self.coder {
            Some(name) if needs_coder(&cmd) => stamped(&mut view, name, cmd),
            _ => cmd,
        };
        view.apply(cmd.clone())?;
        let entry = Entry {
            op,
            base: self.rev,
            label,
            command: cmd,
        };
        let (session, next_op, blocks) = (self.session.clone(), self.next_op, self.blocks.clone());
        let journal = self.journal.as_mut().expect("keep is for a journal");
        journal.push(entry);
        journal.set_session(&session, next_op, &blocks);
        journal.save()?;
        let n = journal.pending().len();
        self.local = Some(view);
        Ok(Saved::Kept(n))
    }

    /// Sends the journal's pending edits, in order. One that conflicts
    /// with someone else's later change, or that the server refuses, is
    /// moved to the journal's refused list and reported; the others go on.
    /// Stops (with the error) when the server is still unreachable; what
    /// is left stays pending.
    pub fn replay(&mut self) -> Result<Replay, ServerError> {
        self.again_if_stale(Self::replay_once)
    }

    fn replay_once(&mut self) -> Result<Replay, ServerError> {
        let mut out = Replay::default();
        while let Some(entry) = self.journal.as_ref().and_then(|j| j.pending().first().cloned()) {
            let role = self.url.user().to_owned();
            let (p, session) = (self.project, self.session.clone());
            let client = self.connected()?;
            let done = revisions::committed(client, p, &session, entry.op).map_err(|e| with_role(e, &role));
            let result = match done {
                Ok(true) => {
                    out.already += 1;
                    Ok(None)
                }
                Ok(false) => self
                    .commit_op(entry.command.clone(), entry.base, false, true, entry.op)
                    .map(Some),
                Err(e) => Err(self.offline(e)),
            };
            let refused = match result {
                Ok(committed) => {
                    if let Some((rev, inverse)) = committed {
                        out.committed.push(rev);
                        self.undo.push(Step {
                            label: entry.label.clone(),
                            command: inverse,
                            rev,
                        });
                        self.redo.clear();
                    }
                    None
                }
                Err(e) if e.is_offline() => {
                    self.rebuild_local();
                    return Err(e);
                }
                Err(e) => Some(e),
            };
            let reason = refused.as_ref().map(ToString::to_string);
            let journal = self.journal.as_mut().expect("replaying a journal");
            journal.pop_front(reason.clone());
            journal.save()?;
            if let (Some(e), Some(reason)) = (refused, reason) {
                out.refused.push((Unreplayed { entry, reason }, e));
            }
        }
        if out.already > 0 {
            self.refresh()?;
        }
        self.next_op = self
            .next_op
            .max(self.journal.as_ref().and_then(|j| j.session()).map_or(0, |(_, n, _)| n));
        self.save_session()?;
        self.rebuild_local();
        Ok(out)
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
        self.again_if_stale(Self::refresh_once)
    }

    fn refresh_once(&mut self) -> Result<Vec<revisions::Key>, ServerError> {
        let changes = self.changes_since(self.rev)?;
        let keys = changes.keys.keys().copied().collect();
        if changes.revision > self.rev {
            self.rev = changes.revision;
            changes.apply_to(&mut self.mirror);
            self.rebuild_local();
        }
        Ok(keys)
    }

    /// Revision numbers of this project's commits as they happen (by
    /// anyone, this client included), on a connection of their own.
    pub fn subscribe(&self) -> Result<Live, ServerError> {
        Live::start(&self.url, self.project, None)
    }

    /// [`subscribe`](Self::subscribe), calling `wake` after each event
    /// (the app wakes its window with it).
    pub fn subscribe_waking(&self, wake: super::live::Wake) -> Result<Live, ServerError> {
        Live::start(&self.url, self.project, Some(wake))
    }

    /// Keeps `cmd` in the journal without trying the server: for a client
    /// that already knows it is offline, so that an edit does not wait for
    /// a connection attempt to time out. Sent by the next
    /// [`replay`](Self::replay).
    pub fn keep_offline(&mut self, cmd: &Command) -> Result<Saved, ServerError> {
        if self.journal.is_none() {
            return Err(ServerError::Invalid(
                "the server cannot be reached and this project keeps no local journal".into(),
            ));
        }
        self.keep(cmd.clone())
    }

    /// `call`, and once more on a new connection if it failed because the
    /// connection it used, open as far as anyone knew, turned out dead (the
    /// server restarted since: a dropped socket is found out on first use).
    /// Only for calls that may run twice: reads, and the replay, which asks
    /// the server what it already committed.
    fn again_if_stale<T>(&mut self, call: fn(&mut Self) -> Result<T, ServerError>) -> Result<T, ServerError> {
        let believed_open = self.is_online();
        match call(self) {
            Err(e) if e.is_offline() && believed_open => call(self),
            result => result,
        }
    }

    /// The connection, made again if it was lost.
    fn connected(&mut self) -> Result<&mut Client, ServerError> {
        if !self.is_online() {
            self.client = None;
            self.prepared = None;
            self.client = Some(connect(&self.url)?);
        }
        Ok(self.client.as_mut().expect("connected above"))
    }

    /// Forgets a connection that an error shows is gone.
    fn offline(&mut self, e: ServerError) -> ServerError {
        if e.is_offline() {
            self.client = None;
            self.prepared = None;
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
        self.commit_op(cmd, base, stamp, check_ids, op)
    }

    fn commit_op(
        &mut self,
        cmd: Command,
        base: Revision,
        stamp: bool,
        check_ids: bool,
        op: i64,
    ) -> Result<(Revision, Command), ServerError> {
        self.connected()?;
        let result = self.try_commit(cmd, base, stamp, check_ids, op);
        let result = result.map_err(|e| self.offline(e));
        if self.journal.as_ref().is_some_and(|j| !j.pending().is_empty()) {
            self.rebuild_local();
        }
        result
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
        let client = self.client.as_mut().expect("connected by the caller");
        if self.prepared.is_none() {
            self.prepared = Some(Prepared::new(client).map_err(pg)?);
        }
        let prep = self.prepared.as_ref();
        let mut tx = client.transaction().map_err(pg)?;
        let Some((now, server_next)) = lock_with(&mut tx, prep, p)? else {
            drop(tx);
            return Err(self.refused_write());
        };
        // The catch-up also tells who changed what since the edit's base
        // when that is where this copy was: then the conflict check needs
        // no round trip of its own.
        let mut caught_up = None;
        if now > self.rev {
            let changes = revisions::fetch_since_with(&mut tx, prep, p, self.rev, now, &self.session)?;
            let from = self.rev;
            caught_up = Some((from, changes.apply_to_keeping_others(&mut self.mirror)));
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
        // Nothing committed since `base`: nobody else changed anything.
        let conflict = match caught_up {
            _ if now <= base => None,
            Some((from, others)) if from == base => others.conflict(&keys),
            _ => revisions::changed_by_others(&mut tx, prep, p, base, &self.session, &keys)?,
        };
        if let Some((key, their_revision)) = conflict {
            let ours = entity_after(&cmd, key, &self.mirror).flatten();
            return Err(ServerError::Conflict(Box::new(Conflict {
                what: key.label(),
                ours,
                theirs: key.entity_in(&self.mirror),
                their_revision,
            })));
        }
        let (inverse, rev) = write_command(&mut tx, prep, p, now, &mut self.mirror, cmd, &self.session, op)
            .map_err(|e| with_role(e, &role))?;
        if let Err(e) = tx.commit() {
            // Not committed (or not known to be: the catch-up of the next
            // commit brings it if it was).
            self.mirror
                .apply(inverse)
                .expect("the inverse of a command just applied applies");
            return Err(pg(e));
        }
        self.rev = rev;
        Ok((rev, inverse))
    }
}

/// `cmd` applied to `mirror` (the project at revision `now`, locked by
/// this transaction) and written as revision `now + 1`; returns the
/// inverse and the revision. In place, with no copy of the project (at
/// 100,000 stances a copy per edit would cost more than the database):
/// when writing fails, `mirror` is taken back with the inverse. The caller
/// does the same if the COMMIT fails.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_command(
    tx: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
    now: Revision,
    mirror: &mut Workspace,
    cmd: Command,
    session: &str,
    op: i64,
) -> Result<(Command, Revision), ServerError> {
    let mut keys = BTreeSet::new();
    touched(&cmd, &mut keys);
    let above = max_new_id(&cmd) as i64 + 1;
    let inverse = mirror.apply(cmd)?;
    let rev = now + 1;
    let written = (|| {
        write(tx, prep, p, rev, mirror, &keys)?;
        // The counter passes every id used, whoever reserved it.
        revisions::log_commit(tx, prep, p, rev, &keys, session, op, above)
    })();
    if let Err(e) = written {
        mirror
            .apply(inverse)
            .expect("the inverse of a command just applied applies");
        return Err(e);
    }
    Ok((inverse, rev))
}

/// The entity `key` as `cmd` leaves it (`Some(None)`: removed), or `None`
/// when `cmd` does not touch it; `ws` is the project before `cmd`.
fn entity_after(cmd: &Command, key: Key, ws: &Workspace) -> Option<Option<Entity>> {
    use Command as C;
    let here = match (cmd, key) {
        (C::Batch { commands, .. }, _) => {
            return commands.iter().rev().find_map(|c| entity_after(c, key, ws));
        }
        (C::AddArticle(a), Key::Article(i)) if a.id == i => Some(Entity::Article(a.clone())),
        (C::RemoveArticle(a), Key::Article(i)) if *a == i => None,
        (
            C::UpdateArticleMeta {
                id,
                title,
                date,
                source,
            },
            Key::Article(i),
        ) if *id == i => ws.article(i).cloned().map(|mut a| {
            a.title = title.clone();
            a.date = *date;
            a.source = source.clone();
            Entity::Article(Box::new(a))
        }),
        (C::AddActor(a) | C::UpdateActor(a), Key::Actor(i)) if a.id == i => Some(Entity::Actor(a.clone())),
        (C::RemoveActor(a), Key::Actor(i)) if *a == i => None,
        (C::AddIssue(x) | C::UpdateIssue(x), Key::Issue(i)) if x.id == i => Some(Entity::Issue(x.clone())),
        (C::RemoveIssue(x), Key::Issue(i)) if *x == i => None,
        (C::AddStance(s) | C::UpdateStance(s), Key::Stance(i)) if s.id == i => Some(Entity::Stance(s.clone())),
        (C::RemoveStance(s), Key::Stance(i)) if *s == i => None,
        (C::AddCoder(c) | C::UpdateCoder(c), Key::Coder(i)) if c.id == i => Some(Entity::Coder(c.clone())),
        (C::RemoveCoder(c), Key::Coder(i)) if *c == i => None,
        (C::SetDone { article, coder, done }, Key::Done(a, c)) if *article == a && *coder == c => {
            done.then(|| Entity::Other(key.label()))
        }
        (C::SetSample(s), Key::Sample) => s.as_ref().map(|_| Entity::Other(key.label())),
        (C::SetCodebookVersion(v), Key::Project) => Some(Entity::Other(v.clone())),
        _ => return None,
    };
    Some(here)
}

/// Locks project `p` for a write and returns its revision and id counter;
/// `None` when the role may not write it (row-level security hides the row
/// from updates).
pub(crate) fn lock(tx: &mut impl GenericClient, p: i64) -> Result<Option<(Revision, u64)>, ServerError> {
    lock_with(tx, None, p)
}

/// [`lock`] with the connection's prepared statements, if any.
fn lock_with(
    tx: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
) -> Result<Option<(Revision, u64)>, ServerError> {
    let row = match prep {
        Some(prep) => tx.query_opt(&prep.lock, &[&p]),
        None => tx.query_opt(LOCK, &[&p]),
    }
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
