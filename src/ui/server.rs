//! A team's project on a PostgreSQL server, open in the window: File ▸ Open
//! from server…, each edit sent as it is made, others' changes shown as they
//! arrive, and edits kept in a local journal while the server is out of
//! reach (ARCHITECTURE.md, "Shared projects on PostgreSQL"). The server work
//! is `crate::server`'s; this holds the link and what the user sees of it.
//!
//! The document shows a copy of the project's workspace
//! ([`Document::show_kept_elsewhere`]; a copy is O(1), the maps are
//! persistent): every panel reads it as it reads a file workspace, and it
//! is replaced whenever the project changes.

use super::app::{Action, Modal, StanceApp};
use crate::model::{Command, Document, Workspace, ops};
use crate::server::{Conflict, Entity, Live, LiveEvent, Saved, ServerError, ServerProject, ServerUrl, Unreplayed};
use eframe::egui::{self, RichText};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

pub(crate) struct ServerLink {
    pub(crate) project: ServerProject,
    live: Option<Live>,
    /// As far as the app knows: the last call or live event said so.
    pub(crate) online: bool,
    pub(crate) offline_reason: Option<String>,
    /// The address without its password: shown, and remembered.
    pub(crate) remembered: String,
    /// When to try sending kept edits again (the server came back, but
    /// the first try failed).
    retry_at: Option<Instant>,
}

impl ServerLink {
    /// The server is out of reach (`why`, when a call said). The live
    /// subscription says when it is back; the app tries again on its own
    /// after `retry` (the subscription said it was back, but the next call
    /// still failed), or every few seconds when there is no subscription.
    fn went_offline(&mut self, why: Option<String>, retry: Option<Duration>) {
        self.online = false;
        if why.is_some() {
            self.offline_reason = why;
        }
        let retry =
            retry.or_else(|| (self.live.is_none() && self.retry_at.is_none()).then_some(Duration::from_secs(5)));
        if let Some(after) = retry {
            self.retry_at = Some(Instant::now() + after);
        }
    }
}

/// A connection being made on a thread (a server far away, or down, takes
/// up to the connect timeout to answer).
pub(crate) struct Opening {
    rx: Receiver<Result<(ServerProject, String), ServerError>>,
    pub(crate) shown: String,
    pub(crate) project: String,
}

/// File ▸ Open from server…
#[derive(Clone, Debug, Default)]
pub(crate) struct ServerDialog {
    pub url: String,
    pub project: String,
    focused: bool,
    error: Option<String>,
}

impl StanceApp {
    /// Whether the open project is on a server.
    pub fn is_on_server(&self) -> bool {
        self.server.is_some()
    }

    /// Whether a connection to a server is being made.
    pub fn is_connecting(&self) -> bool {
        self.server_opening.is_some()
    }

    /// "project on postgres://…", for the title bar and the status bar.
    pub(crate) fn server_title(&self) -> Option<String> {
        self.server
            .as_ref()
            .map(|l| format!("{} on {}", l.project.name(), l.remembered))
    }

    pub(crate) fn open_server_dialog(&mut self) {
        let mut d = ServerDialog::default();
        if let Some(last) = self.recent.servers().first() {
            d.url = last.url.clone();
            d.project = last.project.clone();
        } else if let Some(url) = std::env::var("DATABASE_URL")
            .ok()
            .filter(|u| crate::server::is_server_url(u))
        {
            d.url = url;
        }
        self.modal = Some(Modal::OpenServer(d));
    }

    /// Connects on a thread; [`poll_server`](Self::poll_server) opens the
    /// project when it is loaded.
    pub(crate) fn start_open_server(&mut self, url: String, project: String) {
        let parsed = match ServerUrl::parse(&url) {
            Ok(u) => u,
            Err(e) => {
                self.error("That is not a server address", e.to_string());
                return;
            }
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let (shown, remembered, name) = (parsed.shown().to_owned(), parsed.remembered(), project.clone());
        // In the app's config folder, so that a crash of the app loses no
        // edit made offline: the next open replays it.
        let journal = match self.recent.dir() {
            Some(dir) => Some(crate::server::Journal::path_in(dir, &shown, &project)),
            None => crate::server::Journal::default_path(&shown, &project),
        };
        super::jobs::spawn_background(move || {
            let opened = match &journal {
                Some(path) => ServerProject::open_with_journal(&url, &name, path),
                None => ServerProject::open(&url, &name),
            };
            let _ = tx.send(opened.map(|p| (p, remembered)));
        });
        self.message = format!("Connecting to {shown}…");
        self.server_opening = Some(Opening { rx, shown, project });
    }

    /// Once a frame: a connection that finished, live events, a server that
    /// came back.
    pub(crate) fn poll_server(&mut self, ctx: &egui::Context) {
        if let Some(opening) = &self.server_opening {
            match opening.rx.try_recv() {
                Ok(result) => {
                    let opening = self.server_opening.take().expect("checked above");
                    self.server_opened(ctx, opening, result);
                }
                Err(TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(50)),
                Err(TryRecvError::Disconnected) => {
                    self.server_opening = None;
                    self.error(
                        "Could not open the project",
                        "the connection attempt stopped unexpectedly",
                    );
                }
            }
        }
        let Some(link) = &mut self.server else { return };
        let events = link.live.as_ref().map(Live::pending).unwrap_or_default();
        let mut refresh = false;
        let mut came_back = false;
        for e in events {
            match e {
                LiveEvent::Revision(r) => refresh |= r > link.project.revision(),
                LiveEvent::Offline(reason) => link.went_offline(Some(reason), None),
                LiveEvent::Online => came_back = true,
            }
        }
        let retry = link.retry_at.is_some_and(|t| Instant::now() >= t);
        if let Some(t) = link.retry_at {
            ctx.request_repaint_after(t.saturating_duration_since(Instant::now()));
        }
        if came_back || retry {
            self.server_back();
        } else if refresh {
            self.server_refresh();
        }
    }

    fn server_opened(
        &mut self,
        ctx: &egui::Context,
        opening: Opening,
        result: Result<(ServerProject, String), ServerError>,
    ) {
        let (mut project, remembered) = match result {
            Ok(p) => p,
            Err(e) => {
                self.message = format!("Could not open {} on {}", opening.project, opening.shown);
                self.error("Could not open the project on the server", e.to_string());
                return;
            }
        };
        let waker = ctx.clone();
        let live = project
            .subscribe_waking(std::sync::Arc::new(move || waker.request_repaint()))
            .ok();
        // A member who is a coder codes as themselves; anyone else as the
        // coder chosen in this app (Coding ▸ Who is coding).
        if project.coder_name().is_none() {
            project.set_coder(self.team.coder.clone());
        }
        let ws = shown_copy(&mut project);
        let name = project.name().to_owned();
        let role = project.role().to_owned();
        let pending = project.pending();
        self.replace_document(Document::new(ws), None);
        // The panels ask the document who is coding (blind coding, layers).
        self.doc.set_coder(project.coder_name().map(str::to_owned));
        self.recent.push_server(&remembered, &name);
        self.server = Some(ServerLink {
            project,
            live,
            online: true,
            offline_reason: None,
            remembered,
            retry_at: None,
        });
        self.message = format!(
            "Opened {name} on {} as {role}: every change is saved on the server as you make it",
            opening.shown
        );
        if pending > 0 {
            self.message
                .push_str(&format!("; sending {pending} edit(s) kept while offline…"));
            self.server_back();
        }
        self.show_refused();
    }

    /// Applies a command through the server; false when it was not made.
    pub(crate) fn server_execute(&mut self, cmd: Command, verbatim: bool) -> bool {
        let Some(link) = &mut self.server else { return false };
        let label = cmd.label();
        if verbatim && !link.online {
            // The journal keeps edits as the current coder's; merged or
            // imported work names its own coders, so it waits for the server.
            self.error(
                "The server cannot be reached",
                format!("{label}: a merge or an import goes to the server directly; try again when it is back"),
            );
            return false;
        }
        let result = if !link.online && link.project.journal().is_some() {
            link.project.keep_offline(&cmd)
        } else if verbatim {
            link.project.execute_verbatim(&cmd).map(Saved::Committed)
        } else {
            link.project.edit(&cmd)
        };
        match result {
            Ok(Saved::Committed(rev)) => {
                link.online = true;
                link.offline_reason = None;
                self.message = format!("Done: {label} (saved on the server, revision {rev})");
                self.show_server_copy();
                true
            }
            Ok(Saved::Kept(n)) => {
                link.went_offline(None, None);
                self.message = format!(
                    "Done: {label} — the server cannot be reached: kept on this computer ({n} edit(s) waiting), \
                     sent when it is back"
                );
                self.show_server_copy();
                true
            }
            Err(e) => {
                self.server_failed(&label, e);
                false
            }
        }
    }

    pub(crate) fn server_undo(&mut self, redo: bool) {
        let Some(link) = &mut self.server else { return };
        let label = if redo {
            link.project.redo_label()
        } else {
            link.project.undo_label()
        }
        .map(str::to_owned);
        let Some(label) = label else {
            self.message = if redo { "Nothing to redo" } else { "Nothing to undo" }.into();
            return;
        };
        let result = if redo { link.project.redo() } else { link.project.undo() };
        match result {
            Ok(_) => {
                self.message = format!("{}: {label}", if redo { "Redone" } else { "Undone" });
                self.show_server_copy();
            }
            Err(ServerError::Conflict(c)) => {
                self.message = format!("Cannot undo \"{label}\": {} was changed by someone else since", c.what);
                self.error(
                    "Someone else changed this since",
                    format!(
                        "\"{label}\" cannot be undone: {} was changed by someone else (revision {}) after you made it. \
                         Nothing was changed. Edit it by hand if it should still go back.",
                        c.what, c.their_revision
                    ),
                );
                self.server_refresh();
            }
            Err(e) => self.server_failed(&label, e),
        }
    }

    fn server_failed(&mut self, label: &str, e: ServerError) {
        match e {
            ServerError::Conflict(c) => {
                self.message = format!("Not saved: {} was changed by someone else", c.what);
                self.server_refresh();
                self.modal = Some(Modal::ServerConflict(c));
            }
            e if e.is_offline() => {
                if let Some(link) = &mut self.server {
                    link.went_offline(Some(e.to_string()), None);
                }
                self.error("The server cannot be reached", format!("{label}: {e}"));
            }
            e => self.error("The server refused this change", format!("{label}: {e}")),
        }
    }

    /// Fetches what others changed and shows it.
    pub(crate) fn server_refresh(&mut self) {
        let Some(link) = &mut self.server else { return };
        match link.project.refresh() {
            Ok(keys) => {
                link.online = true;
                if !keys.is_empty() {
                    self.show_server_copy();
                }
            }
            Err(e) if e.is_offline() => link.went_offline(Some(e.to_string()), Some(Duration::from_secs(2))),
            Err(e) => self.message = format!("Could not fetch the latest changes: {e}"),
        }
    }

    /// The server is reachable again: send what was kept, then catch up.
    fn server_back(&mut self) {
        let Some(link) = &mut self.server else { return };
        link.online = true;
        link.offline_reason = None;
        link.retry_at = None;
        if link.project.pending() > 0 {
            match link.project.replay() {
                Ok(replay) => {
                    self.message = format!(
                        "Back online: {} edit(s) kept while offline were saved on the server{}",
                        replay.committed.len() + replay.already,
                        if replay.refused.is_empty() {
                            String::new()
                        } else {
                            format!("; {} could not be", replay.refused.len())
                        }
                    );
                }
                Err(e) if e.is_offline() => {
                    link.went_offline(Some(e.to_string()), Some(Duration::from_secs(2)));
                    return;
                }
                Err(e) => self.message = format!("Could not send the kept edits: {e}"),
            }
        } else {
            self.message = "Back online".into();
        }
        self.server_refresh();
        self.show_server_copy();
        self.show_refused();
    }

    /// Edits kept offline that the server would not take are shown, never dropped.
    fn show_refused(&mut self) {
        let Some(link) = &self.server else { return };
        let refused = link.project.journal().map(|j| j.refused().to_vec()).unwrap_or_default();
        if !refused.is_empty() && self.modal.is_none() {
            self.modal = Some(Modal::ServerRefused(refused));
        }
    }

    fn show_server_copy(&mut self) {
        let Some(link) = &mut self.server else { return };
        let ws = shown_copy(&mut link.project);
        self.doc.show_kept_elsewhere(ws);
        if self
            .view
            .article
            .is_some_and(|a| self.doc.workspace().article(a).is_none())
        {
            self.view.article = None;
        }
        if self
            .view
            .stance
            .is_some_and(|s| self.doc.workspace().stance(s).is_none())
        {
            self.view.stance = None;
        }
    }

    /// What the status bar says about the server: (online, text).
    pub fn server_status(&self) -> Option<(bool, String)> {
        let link = self.server.as_ref()?;
        let waiting = link.project.pending();
        Some(if link.online && waiting == 0 {
            (
                true,
                format!(
                    "Online · {} as {} · revision {}",
                    link.project.name(),
                    link.project.role(),
                    link.project.revision()
                ),
            )
        } else if link.online {
            (true, format!("Online · sending {waiting} kept edit(s)…"))
        } else {
            let why = link
                .offline_reason
                .as_deref()
                .map(|r| format!(" ({})", first_line(r)))
                .unwrap_or_default();
            let kept = match waiting {
                0 => "edits you make are kept on this computer".to_owned(),
                n => format!("{n} edit(s) kept on this computer"),
            };
            (false, format!("Offline · {kept}, sent when the server is back{why}"))
        })
    }

    /// What Undo and Redo would undo and redo: the server session's steps
    /// on a server, else the document's.
    pub(crate) fn undo_redo_labels(&self) -> (Option<&str>, Option<&str>) {
        match &self.server {
            Some(link) => (link.project.undo_label(), link.project.redo_label()),
            None => (self.doc.undo_label(), self.doc.redo_label()),
        }
    }
}

/// The project as this client shows it, with ids reserved for the next
/// edit (new stances and actors take theirs from it).
fn shown_copy(project: &mut ServerProject) -> Workspace {
    match project.prepare() {
        Ok(ws) => ws.clone(),
        // Offline with no ids in hand: shown as it is; an edit that needs a
        // new id is refused with a message until the server is back.
        Err(_) => project.workspace().clone(),
    }
}

fn first_line(s: &str) -> &str {
    let s = s.lines().next().unwrap_or(s);
    match s.char_indices().nth(80) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

pub(crate) fn open_modal(app: &mut StanceApp, ctx: &egui::Context, mut d: ServerDialog) -> Option<Modal> {
    let mut go = false;
    let mut cancel = false;
    let recent = app.recent.servers().to_vec();
    let r = egui::Modal::new(egui::Id::unique("open_server")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading("Open a project from a server");
        ui.label(
            "A team's project on PostgreSQL: everyone's changes are saved there as they are made and \
             reach the others within a second.",
        );
        ui.add_space(6.0);
        egui::Grid::new("server_fields").num_columns(2).show(ui, |ui| {
            let url = field(ui, "Server address", &mut d.url, "postgres://you@host/db");
            if !d.focused {
                url.request_focus();
                d.focused = true;
            }
            let p = field(ui, "Project", &mut d.project, "the name it was pushed as");
            if p.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                go = true;
            }
        });
        ui.weak(
            "Passwords come from ~/.pgpass or PGPASSWORD (or the address, for this session only): \
             they are never written to the app's settings or logs. PGHOST, PGUSER and PGPORT fill in \
             what the address leaves out.",
        );
        if !recent.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Recent").strong());
            for s in &recent {
                if ui
                    .selectable_label(
                        s.url == d.url && s.project == d.project,
                        format!("{} — {}", s.project, s.url),
                    )
                    .clicked()
                {
                    d.url = s.url.clone();
                    d.project = s.project.clone();
                }
            }
        }
        if let Some(e) = &d.error {
            ui.colored_label(ui.visuals().warn_fg_color, e);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            go |= ui.button("Connect").clicked();
            cancel = ui.button("Cancel").clicked();
        });
    });
    if go {
        let (url, project) = (d.url.trim().to_owned(), d.project.trim().to_owned());
        if url.is_empty() || project.is_empty() {
            d.error = Some("Give the server's address and the project's name".into());
            return Some(Modal::OpenServer(d));
        }
        if let Err(e) = ServerUrl::parse(&url) {
            d.error = Some(e.to_string());
            return Some(Modal::OpenServer(d));
        }
        // Through the action, so that unsaved work is asked about first.
        app.emit(Action::OpenServer(Some((url, project))));
        return None;
    }
    if cancel || r.should_close() {
        return None;
    }
    Some(Modal::OpenServer(d))
}

/// One labelled row of the dialog's grid.
fn field(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(400.0))
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// Both versions of what an edit met (someone else's later change), and the
/// choice: keep theirs, or for a stance send mine again on top of theirs.
pub(crate) fn conflict_modal(app: &mut StanceApp, ctx: &egui::Context, conflict: Box<Conflict>) -> Option<Modal> {
    let mut choice = None;
    let r = egui::Modal::new(egui::Id::unique("server_conflict")).show(ctx, |ui| {
        ui.set_width(620.0);
        ui.heading("Someone else changed this first");
        ui.label(format!(
            "{} was changed by someone else (revision {}) after you loaded it. Nothing of yours was \
             saved and nothing of theirs was overwritten. Choose which version stays.",
            conflict.what, conflict.their_revision
        ));
        ui.add_space(6.0);
        let ws = app.doc.workspace();
        ui.columns(2, |cols| {
            cols[0].label(RichText::new("Yours (not saved)").strong());
            cols[0].label(describe(ws, conflict.ours.as_ref()));
            cols[1].label(RichText::new("Theirs (on the server)").strong());
            cols[1].label(describe(ws, conflict.theirs.as_ref()));
        });
        ui.add_space(8.0);
        let mine_possible =
            matches!(conflict.ours, Some(Entity::Stance(_))) && matches!(conflict.theirs, Some(Entity::Stance(_)));
        ui.horizontal(|ui| {
            if ui.button("Keep theirs").clicked() {
                choice = Some(false);
            }
            if ui
                .add_enabled(mine_possible, egui::Button::new("Use mine"))
                .on_disabled_hover_text(
                    "Only a stance changed on both sides can be replaced here; make your change again",
                )
                .clicked()
            {
                choice = Some(true);
            }
        });
    });
    match choice {
        Some(true) => {
            if let Some(Entity::Stance(ours)) = conflict.ours.clone() {
                // Built again on the version now shown, so it is a change
                // on top of theirs, which the server takes.
                match ops::update_stance(app.doc.workspace(), ours.id, |s| *s = ours.clone()) {
                    Ok(cmd) => {
                        app.server_execute(cmd, false);
                    }
                    Err(e) => app.error("Your version cannot be applied", e.to_string()),
                }
            }
            None
        }
        Some(false) => {
            app.message = format!("Kept their version of {}", conflict.what);
            None
        }
        None if r.should_close() => None,
        None => Some(Modal::ServerConflict(conflict)),
    }
}

pub(crate) fn refused_modal(app: &mut StanceApp, ctx: &egui::Context, list: Vec<Unreplayed>) -> Option<Modal> {
    let mut dismiss = None;
    let mut close = false;
    let r = egui::Modal::new(egui::Id::unique("server_refused")).show(ctx, |ui| {
        ui.set_width(620.0);
        ui.heading("Edits made offline that the server did not take");
        ui.label(
            "These edits were kept on this computer while the server could not be reached. When they \
             were sent, someone else's later change or the server's rules stood in the way, so they \
             were not applied. They stay listed until you dismiss them; make them again if they \
             still matter.",
        );
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
            for (i, u) in list.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&u.entry.label).strong());
                    if ui.small_button("Dismiss").clicked() {
                        dismiss = Some(i);
                    }
                });
                ui.label(&u.reason);
                ui.separator();
            }
        });
        close = ui.button("Close").clicked();
    });
    if let Some(i) = dismiss
        && let Some(link) = &mut app.server
    {
        if let Err(e) = link.project.dismiss_refused(i) {
            app.message = format!("Could not update the journal: {e}");
        }
        let left = link.project.journal().map(|j| j.refused().to_vec()).unwrap_or_default();
        return (!left.is_empty()).then_some(Modal::ServerRefused(left));
    }
    if close || r.should_close() {
        return None;
    }
    Some(Modal::ServerRefused(list))
}

/// One side of a conflict in words.
fn describe(ws: &Workspace, e: Option<&Entity>) -> String {
    match e {
        None => "deleted".into(),
        Some(Entity::Stance(s)) => {
            let actor = ws.actor(s.actor).map_or("?", |a| a.name.as_str());
            let issue = ws.issue(s.issue).map_or("?", |i| i.label.as_str());
            let mut out = format!("{actor} — {issue}\n{} · {}", s.position.as_str(), s.status.as_str());
            if let Some(by) = s.by.coder.and_then(|c| ws.coder(c)) {
                out.push_str(&format!(" · by {}", by.name));
            }
            if !s.note.is_empty() {
                out.push_str(&format!("\nNote: {}", s.note));
            }
            out
        }
        Some(Entity::Actor(a)) => format!("actor {} ({})", a.name, a.kind.as_str()),
        Some(Entity::Issue(i)) => format!("issue {} ({})", i.label, i.key),
        Some(Entity::Article(a)) => format!("article \"{}\"", a.title),
        Some(Entity::Coder(c)) => format!("coder {}", c.name),
        Some(Entity::Other(what)) => what.clone(),
    }
}
