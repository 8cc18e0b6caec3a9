//! A workspace being edited: the data plus its undo history and whether it
//! differs from what was last saved.

use super::coders;
use super::command::{Command, ModelError};
use super::ids::CoderId;
use super::types::Status;
use super::workspace::Workspace;

/// How many undo steps are kept; older ones are dropped first.
const HISTORY_LIMIT: usize = 1000;

struct Step {
    label: String,
    /// The command that takes the workspace back (for undo) or forth (for redo).
    command: Command,
    state_before: u64,
    state_after: u64,
}

pub struct Document {
    workspace: Workspace,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Identifies the current content; undo and redo restore earlier values, so
    /// undoing back to the saved content makes the document clean again.
    state: u64,
    next_state: u64,
    saved_state: Option<u64>,
    /// Who is coding: every command executed is stamped as theirs
    /// ([`coders::stamp`]). `None` leaves commands as they are.
    coder: Option<String>,
}

impl Document {
    /// A document with nothing to lose yet: it becomes dirty with the first change.
    pub fn new(workspace: Workspace) -> Document {
        Document {
            workspace,
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            saved_state: Some(0),
            coder: None,
        }
    }

    /// A document for a workspace just read from disk.
    pub fn opened(workspace: Workspace) -> Document {
        Document::new(workspace)
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// Id allocation is the one workspace mutation outside commands (ids are never reused).
    pub fn alloc_id(&mut self) -> u64 {
        self.workspace.alloc_id()
    }

    /// Codes as `name` from now on (added to the workspace's coders with
    /// the first edit that needs it).
    pub fn set_coder(&mut self, name: Option<String>) {
        self.coder = name.filter(|n| !n.trim().is_empty());
    }

    pub fn coder_name(&self) -> Option<&str> {
        self.coder.as_deref()
    }

    /// The current coder's id, if they are in the workspace yet.
    pub fn coder_id(&self) -> Option<CoderId> {
        let name = self.coder.as_deref()?;
        self.workspace.coder_by_name(name).map(|c| c.id)
    }

    pub fn execute(&mut self, cmd: Command) -> Result<(), ModelError> {
        let cmd = self.stamped(cmd);
        self.execute_verbatim(cmd)
    }

    /// Executes `cmd` as it is, without making it the current coder's: for
    /// work that already names its coders (a merged copy, an imported DNA
    /// database), which must stay theirs.
    pub fn execute_verbatim(&mut self, cmd: Command) -> Result<(), ModelError> {
        let label = cmd.label();
        let inverse = self.workspace.apply(cmd)?;
        let before = self.state;
        self.state = self.next_state;
        self.next_state += 1;
        self.undo.push(Step {
            label,
            command: inverse,
            state_before: before,
            state_after: self.state,
        });
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    fn stamped(&mut self, cmd: Command) -> Command {
        let Some(name) = self.coder.clone() else { return cmd };
        if !needs_coder(&cmd) {
            return cmd;
        }
        // The command's own new ids were reserved on a copy, maybe after
        // this workspace's counter: the coder's id must come after them.
        let (id, add) = coders::coder_named_after(&mut self.workspace, &name, max_new_id(&cmd));
        let stamped = coders::stamp(&self.workspace, cmd, id);
        match add {
            None => stamped,
            Some(add) => Command::Batch {
                label: stamped.label(),
                commands: vec![add, stamped],
            },
        }
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

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        let forward = self
            .workspace
            .apply(step.command)
            .expect("an inverse always applies to the state it came from");
        self.state = step.state_before;
        let label = step.label.clone();
        self.redo.push(Step {
            command: forward,
            ..step
        });
        Some(label)
    }

    pub fn redo(&mut self) -> Option<String> {
        let step = self.redo.pop()?;
        let back = self
            .workspace
            .apply(step.command)
            .expect("a redo always applies to the state it was undone from");
        self.state = step.state_after;
        let label = step.label.clone();
        self.undo.push(Step { command: back, ..step });
        Some(label)
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.state)
    }

    /// Opaque value that changes whenever the content changes; views use it to
    /// know when to recompute aggregates.
    pub fn revision(&self) -> u64 {
        self.state
    }

    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.state);
    }

    /// Marks the content of `revision` as the saved one (a save that ran in
    /// the background while the document stayed open).
    pub fn mark_saved_at(&mut self, revision: u64) {
        self.saved_state = Some(revision);
    }

    /// Shows `workspace`, kept elsewhere (a project on a server, which saves
    /// each edit and keeps its own undo): the content and the revision
    /// change, and there is nothing here to save or undo.
    pub fn show_kept_elsewhere(&mut self, workspace: Workspace) {
        self.workspace = workspace;
        self.state = self.next_state;
        self.next_state += 1;
        self.saved_state = Some(self.state);
        self.undo.clear();
        self.redo.clear();
    }

    /// After restoring a recovery copy: the content differs from any file on disk.
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }
}

/// Whether stamping could change `cmd`: it creates a decided stance or
/// changes one.
pub(crate) fn needs_coder(cmd: &Command) -> bool {
    match cmd {
        Command::AddStance(s) => s.status != Status::Pending,
        Command::UpdateStance(_) => true,
        Command::Batch { commands, .. } => commands.iter().any(needs_coder),
        _ => false,
    }
}

/// The largest id `cmd` adds an entity under.
pub(crate) fn max_new_id(cmd: &Command) -> u64 {
    match cmd {
        Command::AddArticle(a) => a.id.0,
        Command::AddActor(a) => a.id.0,
        Command::AddIssue(i) => i.id.0,
        Command::AddStance(s) => s.id.0,
        Command::AddCoder(c) => c.id.0,
        Command::Batch { commands, .. } => commands.iter().map(max_new_id).max().unwrap_or(0),
        _ => 0,
    }
}
