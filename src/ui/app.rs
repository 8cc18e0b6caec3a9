//! The application: state, the frame loop, and the one place where actions
//! from the panels change the model.

use super::article_list::ListSearch;
use super::dialogs::{DialogRequest, FileDialogs};
use super::file_dialog::InAppDialog;
use super::files::FileThen;
use super::jobs::{Job, JobOutput};
use super::windows::{ActorsWindow, CodebookWindow};
use super::{editor::EditorState, highlight::HighlightCache, shortcuts};
use crate::import::ImportReport;
use crate::model::{
    ActorId, ArticleId, Command, Document, IssueId, Position, StanceId, Status, Timestamp, Workspace, ops,
};
use crate::report::ExportFormat;
use crate::storage::recovery::{Recovery, RecoveryInfo};
use crate::storage::{self, recent::RecentFiles};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The sample article offered on the welcome screen.
pub const SAMPLE_ARTICLE: &str = include_str!("../../assets/samples/2025-02-18-riyadh-talks.txt");
pub const SAMPLE_NAME: &str = "2025-02-18-riyadh-talks.txt";

/// Workspaces with more article text than this save (and autosave) on a
/// thread; smaller ones save at once, which keeps errors and tests simple.
pub(crate) const BACKGROUND_SAVE_BYTES: usize = 8 << 20;
/// The zoom factors the app accepts: below half, text is unreadable; above
/// three, the panels no longer fit a laptop screen.
pub(crate) const ZOOM_RANGE: (f32, f32) = (0.5, 3.0);

/// How long one frame may spend applying the article list's filter.
const LIST_SEARCH_SLICE: Duration = Duration::from_millis(25);

pub struct AppConfig {
    pub dialogs: Box<dyn FileDialogs>,
    /// Where the recent-files list lives; `None` keeps no list.
    pub config_dir: Option<PathBuf>,
    /// Where recovery copies go; `None` disables autosave.
    pub data_dir: Option<PathBuf>,
    /// Workspaces or articles given on the command line.
    pub paths: Vec<PathBuf>,
    /// Open the most recent workspace when started without paths.
    pub reopen_last: bool,
    pub autosave_every: Duration,
}

impl AppConfig {
    /// Native dialogs and the user's folders.
    pub fn desktop(paths: Vec<PathBuf>) -> AppConfig {
        AppConfig {
            dialogs: Box::new(super::dialogs::NativeDialogs::default()),
            config_dir: storage::recent::config_dir(),
            data_dir: storage::recent::data_dir(),
            paths,
            reopen_last: true,
            autosave_every: Duration::from_secs(60),
        }
    }
}

/// What the user asked for; panels emit these, [`StanceApp::handle`] does them.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    NewWorkspace,
    OpenWorkspace,
    OpenPath(PathBuf),
    /// Opens what still checks out of a damaged workspace, read-only (asks
    /// for the file when `None`).
    OpenSalvaged(Option<PathBuf>),
    OpenSample,
    /// Merges another coder's copy into this workspace (asks for the file
    /// when `None`).
    MergeWorkspace(Option<PathBuf>),
    Save,
    SaveAs,
    ImportFiles,
    ImportFolder,
    ImportPaths(Vec<PathBuf>),
    /// Analyse again: the current article, or all of them.
    Suggest {
        all: bool,
    },
    Export(ExportFormat),
    Quit,
    Undo,
    Redo,
    Execute(Command),
    SelectArticle(ArticleId),
    StepArticle(i32),
    SelectStance(Option<StanceId>),
    StepSuggestion(i32),
    SetStatus(StanceId, Status),
    SetPosition(StanceId, Position),
    AcceptAllAbove(f32),
    NewStance,
    EditStance(StanceId),
    DeleteStance(StanceId),
    ShowModal(ModalKind),
    /// Back to the article reader (from a table or chart).
    ShowReader,
    ShowResults(super::results::Tab),
    ToggleTheme,
    /// Zoom in (+1), out (−1) or back to 100% (0).
    Zoom(i32),
    /// Adds text from the clipboard as a new article dated today.
    PasteArticle(String),
    RestoreRecovery,
    DiscardRecovery,
    CancelJob,
    /// Codes as this name from now on (and keeps it for the next start).
    SetCoder(String),
    /// Marks the open article done for the current coder, or not done again.
    ToggleDone,
    /// Opens a team's project on a PostgreSQL server: (address, project),
    /// or the dialog that asks for them.
    OpenServer(Option<(String, String)>),
}

/// Modals that panels may open directly.
#[derive(Clone, Debug, PartialEq)]
pub enum ModalKind {
    Shortcuts,
    About,
    RemoveIssue(IssueId),
    MergeActors {
        keep: ActorId,
        absorb: ActorId,
    },
    /// "Who is coding?"
    ChangeCoder,
    /// The blind reliability sample.
    Sample,
}

pub(crate) enum Modal {
    Unsaved {
        then: Box<Action>,
    },
    Error {
        title: String,
        message: String,
    },
    /// A workspace failed its checks: offer to open what still checks out.
    Damaged {
        path: PathBuf,
        message: String,
    },
    ImportSummary {
        report: ImportReport,
        suggested: usize,
    },
    MergeSummary {
        from: String,
        report: Box<crate::model::merge::MergeReport>,
    },
    /// Which DNA variable holds the actors, asked before a DNA import.
    DnaActor {
        paths: Vec<PathBuf>,
        actor: crate::import::dna::ActorVariable,
    },
    Editor(Box<EditorState>),
    Shortcuts,
    About,
    RemoveIssue {
        issue: IssueId,
        move_to: Option<IssueId>,
    },
    MergeActors {
        keep: ActorId,
        absorb: ActorId,
    },
    Restore(RecoveryInfo),
    Coder(super::team::CoderPrompt),
    Sample(Box<super::team::SampleDialog>),
    OpenServer(super::server::ServerDialog),
    /// An edit that met someone else's later change on the server.
    ServerConflict(Box<crate::server::Conflict>),
    /// Edits kept offline that the server would not take when sent.
    ServerRefused(Vec<crate::server::Unreplayed>),
    /// Another running app has this workspace open.
    Locked {
        path: PathBuf,
        workspace: Box<Workspace>,
        owner: storage::lock::LockOwner,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortKey {
    #[default]
    DateNewest,
    DateOldest,
    Title,
    /// Most pending suggestions first: where the coding work is.
    MostPending,
}

/// What the user is looking at; never part of the saved workspace.
#[derive(Default)]
pub struct View {
    pub article: Option<ArticleId>,
    pub stance: Option<StanceId>,
    /// Char range selected in the reader (kept after the reader loses focus).
    pub selection: Option<(usize, usize)>,
    pub filter: String,
    pub date_from: String,
    pub date_to: String,
    pub sort: SortKey,
    /// Only articles with pending suggestions in the list.
    pub pending_only: bool,
    /// The issue of the last stance saved in the editor, its default next time.
    pub last_issue: Option<IssueId>,
    /// The UI zoom in force (egui's own Ctrl + / Ctrl − / Ctrl 0 change it).
    pub zoom: f32,
    /// The zoom last applied to the context, so a stored one is applied once.
    pub(crate) zoom_applied: Option<f32>,
    /// When the clipboard was asked for a pasted article; the text comes as
    /// a paste event in a later frame.
    pub(crate) paste_as_article: Option<Instant>,
    pub focus_filter: bool,
    pub accept_threshold: f32,
    pub scroll_reader_to: Option<usize>,
    /// The page of a long article shown in the reader.
    pub reader_page: Option<(ArticleId, usize)>,
    pub scroll_list_to_article: bool,
    /// Scroll the stance panel to the selected stance on the next frame.
    pub scroll_to_stance: bool,
    pub actors: ActorsWindow,
    pub codebook: CodebookWindow,
    pub show_articles: bool,
    pub show_stances: bool,
    /// Showing tables and charts instead of the reader.
    pub results_open: bool,
    pub results: super::results::ResultsState,
    pub dark: bool,
    /// Coding ▸ Show other coders' stances, unticked.
    pub hide_other_coders: bool,
    pub(crate) list_cache: Option<(ListKey, std::sync::Arc<Vec<ArticleId>>)>,
    /// The list's filter while it is still being applied, a slice per frame.
    pub(crate) list_search: Option<ListSearch>,
    /// The language found for the article in the reader (an article's text
    /// never changes, so once per article).
    pub(crate) language: Option<(ArticleId, Option<crate::analysis::language::Language>)>,
}

#[derive(Clone, PartialEq)]
pub(crate) struct ListKey {
    /// `Workspace::article_changes`: stance edits leave the list alone...
    pub articles_version: u64,
    /// ...unless it is filtered or sorted by pending suggestions: then the
    /// document's revision.
    pub stance_version: Option<u64>,
    pub filter: String,
    pub date_from: String,
    pub date_to: String,
    pub sort: SortKey,
    pub pending_only: bool,
}

/// Settings kept between runs in eframe's storage (not in the workspace).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub dark: bool,
    pub show_articles: bool,
    pub show_stances: bool,
    pub sort: SortKey,
    pub accept_threshold: f32,
    /// UI zoom (Ctrl + / Ctrl − / Ctrl 0), kept between runs.
    pub zoom: f32,
    /// Coding ▸ Show other coders' stances.
    pub show_other_coders: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            show_articles: true,
            show_stances: true,
            sort: SortKey::DateNewest,
            accept_threshold: 0.7,
            zoom: 1.0,
            show_other_coders: true,
        }
    }
}

pub struct StanceApp {
    pub(crate) doc: Document,
    pub(crate) path: Option<PathBuf>,
    pub(crate) dialogs: Box<dyn FileDialogs>,
    pub(crate) recent: RecentFiles,
    recovery: Option<Recovery>,
    pub(crate) view: View,
    pub(crate) modal: Option<Modal>,
    pub(crate) job: Option<Job>,
    pub(crate) actions: Vec<Action>,
    autosave_every: Duration,
    pub(crate) dirty_since: Option<Instant>,
    pub(crate) last_autosave: Option<Timestamp>,
    /// A recovery copy being written on a thread (big workspaces), and
    /// whether it must be removed once written (the work was saved meanwhile).
    autosave_thread: Option<(std::thread::JoinHandle<Result<(), storage::StorageError>>, bool)>,
    allow_close: bool,
    /// Set by Quit; the close command goes out at the end of the frame.
    emit_close: bool,
    title_sent: String,
    /// The last thing that happened, for the status bar.
    pub(crate) message: String,
    pub(crate) highlights: HighlightCache,
    theme_applied: Option<bool>,
    fonts_installed: bool,
    /// The lock file of the open workspace, released when another opens.
    pub(crate) lock: Option<storage::lock::WorkspaceLock>,
    /// Set while a salvaged copy of a damaged workspace is open: it can be
    /// read and saved under a new name, not edited.
    pub(crate) read_only: Option<ReadOnly>,
    /// The app's own file dialog, open where the desktop has none, and what
    /// to do with its answer.
    pub(crate) in_app_dialog: Option<(InAppDialog, FileThen)>,
    /// The user was told once that the built-in dialog stands in.
    pub(crate) told_no_native_dialog: bool,
    /// Who is coding.
    pub(crate) team: super::team::TeamState,
    /// The project on a server this window shows, if it shows one.
    pub(crate) server: Option<super::server::ServerLink>,
    pub(crate) server_opening: Option<super::server::Opening>,
}

/// What the read-only banner says about a salvaged workspace.
pub(crate) struct ReadOnly {
    pub from: PathBuf,
    pub summary: String,
    pub left_out: Vec<String>,
}

/// Actions that put another workspace in place of the open one.
fn replaces_document(action: &Action) -> bool {
    matches!(
        action,
        Action::NewWorkspace
            | Action::OpenWorkspace
            | Action::OpenPath(_)
            | Action::OpenSalvaged(_)
            | Action::OpenSample
            | Action::OpenServer(Some(_))
    )
}

/// Actions that change the open workspace itself (not the view, not which
/// file is open): refused while a salvaged copy is read-only.
fn edits_workspace(action: &Action) -> bool {
    !replaces_document(action)
        && !matches!(
            action,
            Action::Save | Action::SaveAs | Action::RestoreRecovery | Action::DiscardRecovery
        )
}

impl StanceApp {
    pub fn new(config: AppConfig, prefs: Prefs) -> StanceApp {
        let recent = config
            .config_dir
            .as_deref()
            .map(RecentFiles::load_from)
            .unwrap_or_default();
        let recovery = config.data_dir.as_deref().map(Recovery::new);
        let view = View {
            show_articles: prefs.show_articles,
            show_stances: prefs.show_stances,
            dark: prefs.dark,
            sort: prefs.sort,
            accept_threshold: prefs.accept_threshold,
            zoom: prefs.zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1),
            hide_other_coders: !prefs.show_other_coders,
            ..View::default()
        };
        let mut app = StanceApp {
            doc: Document::new(Workspace::new()),
            path: None,
            dialogs: config.dialogs,
            recent,
            recovery,
            view,
            modal: None,
            job: None,
            actions: Vec::new(),
            autosave_every: config.autosave_every,
            dirty_since: None,
            last_autosave: None,
            autosave_thread: None,
            allow_close: false,
            emit_close: false,
            title_sent: String::new(),
            message: String::new(),
            highlights: HighlightCache::default(),
            theme_applied: None,
            fonts_installed: false,
            lock: None,
            read_only: None,
            in_app_dialog: None,
            told_no_native_dialog: false,
            team: super::team::TeamState::load(config.config_dir),
            server: None,
            server_opening: None,
        };
        app.apply_coder();
        // A crash left unsaved work: offer it before anything else.
        if let Some(info) = app.recovery.as_ref().and_then(Recovery::pending) {
            app.modal = Some(Modal::Restore(info));
        }
        let (workspaces, articles): (Vec<PathBuf>, Vec<PathBuf>) = config
            .paths
            .into_iter()
            .partition(|p| p.to_string_lossy().ends_with(".stance.json"));
        if let Some(ws) = workspaces.into_iter().next() {
            app.handle(Action::OpenPath(ws));
        } else if config.reopen_last
            && articles.is_empty()
            && app.modal.is_none()
            && let Some(last) = app.recent.paths().first().cloned()
        {
            app.handle(Action::OpenPath(last));
        }
        if !articles.is_empty() {
            app.handle(Action::ImportPaths(articles));
        }
        app
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn workspace(&self) -> &Workspace {
        self.doc.workspace()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    pub fn view_mut(&mut self) -> &mut View {
        &mut self.view
    }

    /// When the last recovery copy was written, if one is on disk.
    pub fn last_autosave(&self) -> Option<Timestamp> {
        self.last_autosave
    }

    /// Whether a recovery copy is being written on a thread.
    pub fn is_autosaving(&self) -> bool {
        self.autosave_thread.is_some()
    }

    /// Whether the article list's filter is still being applied (a text
    /// search over a large workspace takes several frames).
    pub fn list_filter_pending(&self) -> bool {
        self.view.list_search.is_some()
    }

    /// Whether Quit was chosen (the window closes at the end of the frame).
    pub fn quit_requested(&self) -> bool {
        self.allow_close
    }

    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// Blocks until the running background job is done and applies its result
    /// (for tests and scripted use).
    pub fn finish_job(&mut self) {
        if let Some(job) = self.job.take() {
            let out = job.wait();
            self.job_done(out);
        }
    }

    pub fn prefs(&self) -> Prefs {
        Prefs {
            dark: self.view.dark,
            show_articles: self.view.show_articles,
            show_stances: self.view.show_stances,
            sort: self.view.sort,
            accept_threshold: self.view.accept_threshold,
            zoom: self.view.zoom,
            show_other_coders: !self.view.hide_other_coders,
        }
    }

    pub(crate) fn emit(&mut self, action: Action) {
        self.actions.push(action);
    }

    pub(crate) fn error(&mut self, title: &str, message: impl Into<String>) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message: message.into(),
        });
    }

    fn execute(&mut self, cmd: Command) -> bool {
        if self.server.is_some() {
            return self.server_execute(cmd, false);
        }
        let label = cmd.label();
        match self.doc.execute(cmd) {
            Ok(()) => {
                self.message = format!("Done: {label}");
                true
            }
            Err(e) => {
                self.error("That change could not be made", format!("{label}: {e}"));
                false
            }
        }
    }

    /// Does one action. Model changes happen here and nowhere else.
    pub fn handle(&mut self, action: Action) {
        let guarded = replaces_document(&action) || matches!(action, Action::Quit);
        if guarded && self.doc.is_dirty() && !matches!(self.modal, Some(Modal::Unsaved { .. })) {
            self.modal = Some(Modal::Unsaved { then: Box::new(action) });
            return;
        }
        let changes_model = !matches!(
            action,
            Action::SelectArticle(_)
                | Action::StepArticle(_)
                | Action::SelectStance(_)
                | Action::StepSuggestion(_)
                | Action::ShowModal(_)
                | Action::ShowReader
                | Action::ShowResults(_)
                | Action::ToggleTheme
                | Action::Zoom(_)
                | Action::CancelJob
                | Action::Export(_)
                | Action::Quit
                | Action::SetCoder(_)
        );
        if changes_model && self.job.is_some() {
            self.message = "Please wait until the current import finishes (or cancel it).".into();
            return;
        }
        if changes_model && self.read_only.is_some() && edits_workspace(&action) {
            self.message = "This salvaged copy is read-only: use File > Save as… to keep it under a new name, \
                then edit that"
                .into();
            return;
        }
        match action {
            Action::NewWorkspace => {
                self.replace_document(Document::new(Workspace::new()), None);
                self.message = "New workspace".into();
            }
            Action::OpenWorkspace => self.ask_file(DialogRequest::OpenWorkspace, FileThen::Open),
            Action::OpenPath(p) => self.handle_unguarded_open(p),
            Action::OpenSalvaged(Some(p)) => self.start_salvage(p),
            Action::OpenSalvaged(None) => self.ask_file(DialogRequest::OpenWorkspace, FileThen::OpenSalvaged),
            Action::OpenSample => self.open_sample(),
            Action::MergeWorkspace(Some(p)) => self.start_merge(p),
            Action::MergeWorkspace(None) => self.ask_file(DialogRequest::MergeWorkspace, FileThen::Merge),
            Action::Save | Action::SaveAs if self.server_opening.is_some() => {
                self.message = "Still connecting to the server…".into();
            }
            Action::Save if self.server.is_some() => {
                self.message = format!(
                    "Every change is saved on the server as you make it ({}); File > Save as… keeps a copy \
                     on this computer",
                    self.server_title().unwrap_or_default()
                );
            }
            Action::Save if self.read_only.is_some() => self.save_as(None),
            Action::Save => match self.path.clone() {
                Some(p) => self.save_in_background(p),
                None => self.save_as(None),
            },
            Action::SaveAs => self.save_as(None),
            Action::ImportFiles => self.ask_file(DialogRequest::ImportFiles, FileThen::Import),
            Action::ImportFolder => self.ask_file(DialogRequest::ImportFolder, FileThen::Import),
            Action::ImportPaths(paths) => self.start_import(paths),
            Action::Suggest { all } => {
                let ids: Vec<ArticleId> = if all {
                    self.workspace().articles().map(|a| a.id).collect()
                } else {
                    self.view.article.into_iter().collect()
                };
                if !ids.is_empty() {
                    self.message = "Analysing…".into();
                    self.job = Some(Job::suggest(self.workspace(), ids));
                }
            }
            Action::Export(format) => self.export(format),
            Action::Quit => {
                self.allow_close = true;
                self.clear_recovery();
                self.emit_close = true;
            }
            Action::Undo if self.server.is_some() => self.server_undo(false),
            Action::Redo if self.server.is_some() => self.server_undo(true),
            Action::OpenServer(None) => self.open_server_dialog(),
            Action::OpenServer(Some((url, project))) => self.start_open_server(url, project),
            Action::Undo => match self.doc.undo() {
                Some(label) => self.message = format!("Undone: {label}"),
                None => self.message = "Nothing to undo".into(),
            },
            Action::Redo => match self.doc.redo() {
                Some(label) => self.message = format!("Redone: {label}"),
                None => self.message = "Nothing to redo".into(),
            },
            Action::Execute(cmd) => {
                self.execute(cmd);
            }
            Action::SelectArticle(id) => {
                if self.view.article != Some(id) {
                    self.view.article = Some(id);
                    self.view.stance = None;
                    self.view.selection = None;
                    self.view.scroll_reader_to = Some(0);
                }
            }
            Action::StepArticle(delta) => self.step_article(delta),
            Action::SelectStance(id) => {
                self.view.stance = id;
                self.view.scroll_to_stance = true;
                if let Some(s) = id.and_then(|id| self.workspace().stance(id)) {
                    let (article, start) = (s.article, s.evidence.start);
                    if self.view.article != Some(article) {
                        self.view.article = Some(article);
                        self.view.scroll_list_to_article = true;
                    }
                    self.view.scroll_reader_to = Some(start);
                }
            }
            Action::StepSuggestion(delta) => self.step_suggestion(delta),
            Action::SetStatus(id, status) => {
                // Where to go next is decided before the stance stops being pending.
                let next = self.pending_neighbour(id, 1);
                if let Ok(cmd) = ops::set_status(self.workspace(), id, status)
                    && self.execute(cmd)
                    && status != Status::Pending
                {
                    match next {
                        Some(n) => self.handle(Action::SelectStance(Some(n))),
                        None => self.message.push_str(" · no pending suggestion left"),
                    }
                }
            }
            Action::SetPosition(id, position) => {
                if let Ok(cmd) = ops::update_stance(self.workspace(), id, |s| s.position = position) {
                    self.execute(cmd);
                }
            }
            Action::AcceptAllAbove(_)
                if self
                    .view
                    .article
                    .is_some_and(|a| super::team::Seen::of(self).blind(self.workspace(), a)) =>
            {
                self.message = "Blind coding: this article's suggestions are hidden".into();
            }
            Action::AcceptAllAbove(threshold) => {
                match ops::accept_all_above(self.workspace(), self.view.article, threshold) {
                    Some(cmd) => {
                        self.execute(cmd);
                    }
                    None => self.message = format!("No pending suggestion with confidence ≥ {threshold:.2}"),
                }
            }
            Action::NewStance => self.new_stance(),
            Action::EditStance(id) => {
                if let Some(s) = self.workspace().stance(id) {
                    self.modal = Some(Modal::Editor(Box::new(EditorState::edit(s))));
                }
            }
            Action::DeleteStance(id) => {
                self.execute(Command::RemoveStance(id));
                if self.view.stance == Some(id) {
                    self.view.stance = None;
                }
            }
            Action::ShowModal(kind) => {
                self.modal = Some(match kind {
                    ModalKind::Shortcuts => Modal::Shortcuts,
                    ModalKind::About => Modal::About,
                    ModalKind::RemoveIssue(issue) => Modal::RemoveIssue { issue, move_to: None },
                    ModalKind::MergeActors { keep, absorb } => Modal::MergeActors { keep, absorb },
                    ModalKind::ChangeCoder => Modal::Coder(super::team::CoderPrompt::new(String::new(), false)),
                    ModalKind::Sample => Modal::Sample(Box::new(super::team::SampleDialog::new(self))),
                })
            }
            Action::ToggleTheme => self.view.dark = !self.view.dark,
            Action::Zoom(step) => {
                let z = match step {
                    0 => 1.0,
                    s if s > 0 => self.view.zoom * 1.1,
                    _ => self.view.zoom / 1.1,
                };
                self.view.zoom = z.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
                self.message = format!("Zoom {:.0}%", self.view.zoom * 100.0);
            }
            Action::PasteArticle(text) => self.paste_article(&text),
            Action::ShowReader => self.view.results_open = false,
            Action::ShowResults(tab) => {
                self.view.results_open = true;
                self.view.results.tab = tab;
            }
            Action::RestoreRecovery => self.restore_recovery(),
            Action::DiscardRecovery => {
                self.clear_recovery();
                self.modal = None;
            }
            Action::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                    self.message = "Cancelling…".into();
                }
            }
            Action::SetCoder(name) => self.set_coder_name(name),
            Action::ToggleDone => self.toggle_done(),
        }
    }

    pub(crate) fn handle_unguarded_open(&mut self, path: PathBuf) {
        self.message = format!("Opening {}…", path.display());
        self.job = Some(Job::open(path));
    }

    pub(crate) fn replace_document(&mut self, doc: Document, path: Option<PathBuf>) {
        // Another workspace replaces the server project (its live thread stops).
        self.server = None;
        self.lock = None;
        self.read_only = None;
        let old = std::mem::replace(&mut self.doc, doc);
        // Freeing a million stances takes a while: not on the UI thread.
        if old.workspace().stance_count() > 100_000 {
            super::jobs::spawn_background(move || drop(old));
        }
        self.path = path;
        self.apply_coder();
        self.view.article = None;
        self.view.stance = None;
        self.view.selection = None;
        self.view.list_cache = None;
        self.view.list_search = None;
        self.view.actors.reset();
        self.view.codebook.reset();
        self.dirty_since = None;
        self.highlights = HighlightCache::default();
        self.clear_recovery();
        self.select_first_article();
    }

    fn select_first_article(&mut self) {
        let first = self.visible_articles().first().copied();
        self.view.article = first;
    }

    /// Pasted text becomes an article like an imported file (its first line
    /// may be the title), dated today when it names no date, and is analysed.
    fn paste_article(&mut self, text: &str) {
        if text.trim().is_empty() {
            self.message = "The clipboard holds no text to paste as an article".into();
            return;
        }
        let mut notes = Vec::new();
        let name = Path::new("pasted text");
        let mut loaded = crate::import::parse_bytes(text.as_bytes(), "txt", name, &mut notes);
        if let Ok(parsed) = &mut loaded {
            for a in parsed.articles.iter_mut() {
                a.date = a.date.or_else(|| Some(Timestamp::now().date()));
                a.source = Some(format!("pasted on {}", Timestamp::now().date()));
            }
        }
        let load = crate::import::FileLoad::new(name.to_owned(), loaded, notes);
        let mut copy = self.workspace().clone();
        let (commands, report, _) = super::jobs::import_commands(&mut copy, vec![load], true);
        if commands.is_empty() {
            self.message = report.summary();
            return;
        }
        let ids = report.imported_ids();
        if self.execute(Command::Batch {
            label: "paste an article".into(),
            commands,
        }) {
            self.view.article = ids.first().copied();
            self.view.scroll_list_to_article = true;
            self.message = "Pasted as a new article dated today; its suggestions are on the right".into();
        }
    }

    fn open_sample(&mut self) {
        let mut notes = Vec::new();
        let path = Path::new(SAMPLE_NAME);
        let loaded = crate::import::parse_bytes(SAMPLE_ARTICLE.as_bytes(), "txt", path, &mut notes);
        let load = crate::import::FileLoad::new(path.to_owned(), loaded, notes);
        let mut doc = Document::new(Workspace::new());
        let (cmd, report) = crate::import::add_to_workspace(doc.workspace(), vec![load]);
        if let Some(cmd) = cmd
            && doc.execute(cmd).is_ok()
        {
            let _ = crate::analysis::suggest_into(&mut doc, &report.imported_ids());
        }
        self.replace_document(doc, None);
        self.message = "Opened the sample article: review the suggestions on the right (A accept, R reject)".into();
    }

    /// Imports files; a DNA database among them first asks which of its
    /// variables holds the actors.
    pub(crate) fn start_import(&mut self, paths: Vec<PathBuf>) {
        let has_dna = paths.iter().any(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(crate::import::dna::EXTENSION))
        });
        if has_dna {
            self.modal = Some(Modal::DnaActor {
                paths,
                actor: crate::import::dna::ActorVariable::default(),
            });
            return;
        }
        self.start_import_with(paths, crate::import::dna::DnaOptions::default());
    }

    pub(crate) fn start_import_with(&mut self, paths: Vec<PathBuf>, dna: crate::import::dna::DnaOptions) {
        self.message = "Importing…".into();
        self.job = Some(Job::import(self.workspace(), paths, true, dna));
    }

    fn job_done(&mut self, out: JobOutput) {
        match out {
            JobOutput::Cancelled => self.message = "Cancelled; nothing was changed".into(),
            JobOutput::Opened { path, result } => match result {
                Ok(ws) => match storage::lock::WorkspaceLock::acquire(&path) {
                    Ok(lock) => self.finish_open(ws, path, lock),
                    Err(owner) => {
                        self.modal = Some(Modal::Locked {
                            path,
                            workspace: Box::new(ws),
                            owner,
                        })
                    }
                },
                Err(e) => {
                    self.recent.remove(&path);
                    self.message = format!("Could not open {}", path.display());
                    if matches!(
                        e.kind,
                        storage::StorageErrorKind::Damaged(_) | storage::StorageErrorKind::Invalid(_)
                    ) {
                        self.modal = Some(Modal::Damaged {
                            path,
                            message: e.to_string(),
                        });
                    } else {
                        self.error("Could not open the workspace", e.to_string());
                    }
                }
            },
            JobOutput::ForMerge { path, result } => self.merge_loaded(path, result),
            JobOutput::Salvaged { path, result } => match result {
                Ok(salvaged) => self.open_salvaged(path, salvaged),
                Err(e) => {
                    self.message = format!("Could not salvage {}", path.display());
                    self.error("Nothing could be salvaged", e.to_string());
                }
            },
            JobOutput::Saved { path, revision, result } => match result {
                Ok(()) => self.saved(path, revision),
                Err(e) => self.save_failed(&e),
            },
            JobOutput::Suggested {
                command,
                suggested,
                not_english,
            } => {
                match command {
                    Some(cmd) => {
                        self.execute(cmd);
                        self.message = format!("{suggested} new suggestion(s); earlier decisions were kept");
                    }
                    None => self.message = "No new suggestions; earlier decisions were kept".into(),
                }
                if let Some(note) = not_english {
                    self.message.push_str(&format!("; {note}"));
                }
            }
            JobOutput::Imported {
                commands,
                report,
                suggested,
                not_english,
            } => {
                let mut label = format!("import {} article(s)", report.imported());
                if suggested > 0 {
                    label.push_str(&format!(" with {suggested} suggestion(s)"));
                }
                let had_articles = self.workspace().article_count() > 0;
                if !commands.is_empty() {
                    // Stances in an import are a DNA database's, its coders'
                    // work: not stamped (suggestions stay pending either way).
                    let batch = Command::Batch { label, commands };
                    let label = batch.label();
                    if self.server.is_some() {
                        self.server_execute(batch, true);
                    } else if let Err(e) = self.doc.execute_verbatim(batch) {
                        self.error("That change could not be made", format!("{label}: {e}"));
                    }
                }
                if !had_articles || self.view.article.is_none() {
                    self.view.article = report.imported_ids().first().copied().or(self.view.article);
                    self.view.scroll_list_to_article = true;
                }
                self.message = report.summary();
                if suggested > 0 {
                    self.message.push_str(&format!("; {suggested} suggestion(s) to review"));
                }
                if let Some(note) = not_english {
                    self.message.push_str(&format!("; {note}"));
                }
                // Everything went in cleanly: the status bar says so. Anything
                // the user should look at gets the summary dialog.
                let clean = report
                    .entries
                    .iter()
                    .all(|e| matches!(e.outcome, crate::import::Outcome::Imported { note: None, .. }));
                if !clean || report.imported() == 0 || !report.dna.is_empty() {
                    self.modal = Some(Modal::ImportSummary { report, suggested });
                }
            }
        }
    }

    /// A salvaged copy opens untitled and read-only, so the damaged file is
    /// never written over; Save As makes it an ordinary workspace.
    fn open_salvaged(&mut self, from: PathBuf, salvaged: storage::Salvaged) {
        let summary = salvaged.summary();
        self.replace_document(Document::opened(salvaged.workspace), None);
        self.message = format!("Salvaged {}: {summary}", from.display());
        self.read_only = Some(ReadOnly {
            from,
            summary,
            left_out: salvaged.left_out,
        });
    }

    pub(crate) fn finish_open(&mut self, ws: Workspace, path: PathBuf, lock: storage::lock::WorkspaceLock) {
        self.recent.push(&path);
        self.replace_document(Document::opened(ws), Some(path.clone()));
        self.lock = Some(lock);
        self.message = format!("Opened {}", path.display());
    }

    fn new_stance(&mut self) {
        let Some(article) = self.view.article else {
            self.message = "Open an article first".into();
            return;
        };
        let Some((start, end)) = self.view.selection.filter(|(s, e)| e > s) else {
            self.message = "Select the text that shows the stance first (drag over it in the article)".into();
            return;
        };
        let mut editor = EditorState::new(article, start, end);
        // The issue coded last is the likeliest next one, and with an issue
        // chosen the editor needs no mouse: actor, Enter, 1–4, Ctrl+Enter.
        editor.issue = self
            .view
            .last_issue
            .filter(|i| self.workspace().issue(*i).is_some())
            .or_else(|| self.workspace().issues().next().map(|i| i.id));
        self.modal = Some(Modal::Editor(Box::new(editor)));
    }

    fn step_article(&mut self, delta: i32) {
        let list = self.visible_articles();
        if list.is_empty() {
            return;
        }
        let pos = self.view.article.and_then(|a| list.iter().position(|&x| x == a));
        let next = match pos {
            Some(p) => (p as i64 + delta as i64).clamp(0, list.len() as i64 - 1) as usize,
            None => 0,
        };
        self.handle(Action::SelectArticle(list[next]));
        self.view.scroll_list_to_article = true;
    }

    /// Moves to the next or previous pending suggestion, on to the next (or
    /// previous) article that has one when this article has no more.
    fn step_suggestion(&mut self, delta: i32) {
        let next = match self.view.stance {
            Some(id) if self.workspace().stance(id).is_some() => self.pending_neighbour(id, delta),
            _ => self
                .view
                .article
                .and_then(|a| self.pending_from_article(a, delta, true)),
        };
        match next {
            Some(n) => self.handle(Action::SelectStance(Some(n))),
            None => {
                self.message = "No more pending suggestions in this direction".into();
            }
        }
    }

    /// The pending suggestions of one article, in the Stances panel's order.
    fn pending_of(&self, article: ArticleId) -> Vec<StanceId> {
        super::stance_panel::ordered(self.workspace(), article, super::team::Seen::of(self))
            .into_iter()
            .filter(|s| s.status == Status::Pending)
            .map(|s| s.id)
            .collect()
    }

    /// The pending suggestion after (or before) `id`, crossing into the
    /// following articles of the list.
    pub(crate) fn pending_neighbour(&mut self, id: StanceId, delta: i32) -> Option<StanceId> {
        let article = self.workspace().stance(id)?.article;
        let within = {
            let all = super::stance_panel::ordered(self.workspace(), article, super::team::Seen::of(self));
            let pos = all.iter().position(|s| s.id == id)?;
            let pending = |s: &&&crate::model::Stance| s.status == Status::Pending && s.id != id;
            let found = if delta > 0 {
                all[pos + 1..].iter().find(pending)
            } else {
                all[..pos].iter().rev().find(pending)
            };
            found.map(|s| s.id)
        };
        within.or_else(|| self.pending_from_article(article, delta, false))
    }

    /// The first (or last) pending suggestion of `article` when `include`,
    /// else of the next (or previous) article in the list that has one.
    fn pending_from_article(&mut self, article: ArticleId, delta: i32, include: bool) -> Option<StanceId> {
        let list = self.visible_articles();
        let pos = list.iter().position(|&a| a == article);
        // After the list's last article the search goes on from its first
        // (and back from the first to the last), as Find does in an editor.
        let n = list.len();
        let order: Box<dyn Iterator<Item = usize>> = match (pos, delta > 0) {
            (Some(p), true) => Box::new((p + 1..n).chain(0..p)),
            (Some(p), false) => Box::new((0..p).rev().chain((p + 1..n).rev())),
            (None, true) => Box::new(0..n),
            (None, false) => Box::new((0..n).rev()),
        };
        include
            .then_some(article)
            .into_iter()
            .chain(order.map(|i| list[i]))
            .find_map(|a| {
                let here = self.pending_of(a);
                if delta > 0 { here.first() } else { here.last() }.copied()
            })
    }

    /// Pending suggestions in all (per article they are counted for the rows
    /// on screen only).
    /// Pending suggestions the current coder can see: those on articles
    /// they code blind are hidden from them, so not counted either.
    pub(crate) fn pending_total(&self) -> usize {
        let ws = self.doc.workspace();
        let all = ws.pending_count();
        let (Some(coder), Some(sample)) = (self.doc.coder_id(), ws.reliability_sample()) else {
            return all;
        };
        if !sample.blind || !sample.assigned_to(coder) {
            return all;
        }
        let hidden: usize = sample
            .articles
            .iter()
            .map(|&a| {
                ws.stances_of(a)
                    .filter(|s| s.status == crate::model::Status::Pending && ws.hidden_from(Some(coder), s))
                    .count()
            })
            .sum();
        all - hidden
    }

    /// Replaces the open workspace (as opening a file does), e.g. for scripts and benchmarks.
    pub fn open_document(&mut self, doc: Document, path: Option<PathBuf>) {
        self.replace_document(doc, path);
    }

    /// Articles after the filter, date range and sort of the article list.
    /// Shared, so that a frame does not copy 100,000 ids to draw 15 rows.
    pub(crate) fn visible_articles(&mut self) -> std::sync::Arc<Vec<ArticleId>> {
        let by_pending = self.view.pending_only || self.view.sort == SortKey::MostPending;
        let key = ListKey {
            articles_version: self.doc.workspace().article_changes(),
            stance_version: by_pending.then(|| self.doc.revision()),
            filter: self.view.filter.clone(),
            date_from: self.view.date_from.clone(),
            date_to: self.view.date_to.clone(),
            sort: self.view.sort,
            pending_only: self.view.pending_only,
        };
        if let Some((k, list)) = &self.view.list_cache
            && *k == key
        {
            return std::sync::Arc::clone(list);
        }
        if self.view.list_search.as_ref().is_none_or(|s| s.key != key) {
            self.view.list_search = Some(ListSearch::new(self.doc.workspace(), key));
        }
        let search = self.view.list_search.as_mut().expect("just set");
        if !search.advance(self.doc.workspace(), LIST_SEARCH_SLICE) {
            return std::sync::Arc::new(search.found.clone());
        }
        let search = self.view.list_search.take().expect("still set");
        let list = std::sync::Arc::new(search.found);
        self.view.list_cache = Some((search.key, std::sync::Arc::clone(&list)));
        list
    }

    fn restore_recovery(&mut self) {
        let Some(rec) = &self.recovery else { return };
        let info = rec.pending();
        match rec.load() {
            Ok(ws) => {
                let original = info.and_then(|i| i.original);
                let mut doc = Document::opened(ws);
                doc.mark_unsaved();
                self.doc = doc;
                self.apply_coder();
                self.path = original;
                self.view.article = None;
                self.view.list_cache = None;
                self.view.list_search = None;
                self.select_first_article();
                self.modal = None;
                self.message = "Restored the unsaved work; save it to keep it".into();
                self.dirty_since = Some(Instant::now());
            }
            Err(e) => self.error("The recovery copy could not be read", e.to_string()),
        }
    }

    pub(crate) fn clear_recovery(&mut self) {
        if let Some(r) = &self.recovery {
            r.clear();
        }
        self.last_autosave = None;
        // A copy still being written would bring the file back: remove it then.
        if let Some((_, clear_after)) = &mut self.autosave_thread {
            *clear_after = true;
        }
    }

    /// Picks up a recovery copy written on a thread; `wait` blocks until it is
    /// done (at exit, so that what is on disk is decided).
    fn finish_autosave(&mut self, wait: bool) {
        let Some((handle, _)) = &self.autosave_thread else {
            return;
        };
        if !wait && !handle.is_finished() {
            return;
        }
        let (handle, clear_after) = self.autosave_thread.take().expect("checked");
        match handle.join() {
            Ok(Ok(())) if clear_after => self.clear_recovery(),
            Ok(Ok(())) => self.last_autosave = Some(Timestamp::now()),
            Ok(Err(e)) => self.message = format!("Autosave failed: {e}"),
            Err(_) => self.message = "Autosave failed: the writer stopped unexpectedly".into(),
        }
    }

    /// Writes a recovery copy after a minute of unsaved changes.
    fn autosave(&mut self) {
        self.finish_autosave(false);
        if !self.doc.is_dirty() {
            self.dirty_since = None;
            return;
        }
        let since = *self.dirty_since.get_or_insert_with(Instant::now);
        if since.elapsed() < self.autosave_every {
            return;
        }
        self.write_recovery();
    }

    /// Writes the recovery copy now (also used by tests). A big workspace is
    /// written on a thread from a snapshot (cheap: the workspace's maps are
    /// shared until changed), so the window never waits for it.
    pub fn write_recovery(&mut self) {
        self.dirty_since = Some(Instant::now());
        let Some(r) = self.recovery.clone() else { return };
        self.finish_autosave(false);
        if self.autosave_thread.is_some() {
            return; // the previous copy is still being written
        }
        if self.workspace().text_bytes() < BACKGROUND_SAVE_BYTES {
            match r.write(self.doc.workspace(), self.path.as_deref()) {
                Ok(()) => self.last_autosave = Some(Timestamp::now()),
                Err(e) => self.message = format!("Autosave failed: {e}"),
            }
            return;
        }
        let ws = self.doc.workspace().clone();
        let original = self.path.clone();
        let handle = super::jobs::spawn_background(move || r.write(&ws, original.as_deref()));
        self.autosave_thread = Some((handle, false));
    }

    pub(crate) fn title(&self) -> String {
        if let Some(t) = self.server_title() {
            let state = if self.server.as_ref().is_some_and(|l| l.online) {
                ""
            } else {
                " (offline)"
            };
            return format!("{t}{state} — Stance Tracker");
        }
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled workspace".into());
        let dirty = if self.doc.is_dirty() { " *" } else { "" };
        format!("{name}{dirty} — Stance Tracker")
    }

    fn apply_actions(&mut self) {
        let mut guard = 0;
        while !self.actions.is_empty() && guard < 100 {
            let actions = std::mem::take(&mut self.actions);
            for a in actions {
                self.handle(a);
            }
            guard += 1;
        }
    }

    /// Modal results that need the app: Save/Discard/Cancel and friends.
    pub(crate) fn resolve_unsaved(&mut self, choice: UnsavedChoice) {
        let Some(Modal::Unsaved { then }) = self.modal.take() else {
            return;
        };
        match choice {
            UnsavedChoice::Save => match self.path.clone() {
                Some(p) if self.read_only.is_none() => {
                    if self.save_to(p) {
                        self.handle(*then);
                    }
                }
                _ => self.save_as(Some(then)),
            },
            UnsavedChoice::Discard => {
                self.doc.mark_saved(); // the user chose to drop the changes
                self.clear_recovery();
                self.handle(*then);
            }
            UnsavedChoice::Cancel => {}
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UnsavedChoice {
    Save,
    Discard,
    Cancel,
}

impl StanceApp {
    /// One frame: input, panels, modals, then the actions they emitted.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_server(&ctx);
        if !self.fonts_installed {
            super::fonts::install(&ctx);
            self.fonts_installed = true;
        }
        if self.theme_applied != Some(self.view.dark) {
            ctx.set_theme(if self.view.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.theme_applied = Some(self.view.dark);
        }
        // egui's own zoom keys change the context; the view follows, and a
        // zoom set by the view (stored prefs, the View menu) goes to the context.
        let ctx_zoom = ctx.zoom_factor();
        if self.view.zoom_applied.is_some_and(|z| (z - ctx_zoom).abs() > 1e-4) {
            self.view.zoom = ctx_zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        }
        if self.view.zoom_applied != Some(self.view.zoom) {
            ctx.set_zoom_factor(self.view.zoom);
            self.view.zoom_applied = Some(self.view.zoom);
        }
        if let Some(job) = &self.job {
            if let Some(out) = job.poll() {
                self.job = None;
                self.job_done(out);
            } else {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
        }
        // Closing the window with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                if !matches!(self.modal, Some(Modal::Unsaved { .. })) {
                    self.modal = Some(Modal::Unsaved {
                        then: Box::new(Action::Quit),
                    });
                }
            } else {
                self.clear_recovery();
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if !dropped.is_empty() {
            let (ws, articles): (Vec<PathBuf>, Vec<PathBuf>) = dropped
                .into_iter()
                .partition(|p| p.to_string_lossy().ends_with(".stance.json"));
            if let Some(w) = ws.into_iter().next() {
                self.emit(Action::OpenPath(w));
            } else {
                self.emit(Action::ImportPaths(articles));
            }
        }
        if self.modal.is_none() && std::mem::take(&mut self.team.ask) {
            self.modal = Some(Modal::Coder(super::team::CoderPrompt::new(String::new(), true)));
        }
        if self.modal.is_none() && self.in_app_dialog.is_none() {
            shortcuts::handle(self, &ctx);
        }

        super::menu::show(self, ui);
        super::status_bar::show(self, ui);
        if self.workspace().article_count() == 0 && self.job.is_none() {
            super::welcome::show(self, ui);
        } else if self.view.results_open {
            super::menu::mode_strip(self, ui);
            super::results::show(self, ui);
        } else {
            super::menu::mode_strip(self, ui);
            if self.view.show_articles {
                super::article_list::show(self, ui);
            }
            if self.view.show_stances {
                super::stance_panel::show(self, ui);
            }
            super::reader::show(self, ui);
        }
        super::windows::show(self, &ctx);
        super::modals::show(self, &ctx);
        self.show_in_app_dialog(&ctx);
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            super::welcome::drop_overlay(&ctx);
        }

        self.apply_actions();
        if std::mem::take(&mut self.emit_close) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.autosave();
        if self.doc.is_dirty() {
            ctx.request_repaint_after(self.autosave_every.min(Duration::from_secs(60)));
        }
        let title = self.title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }
}

impl eframe::App for StanceApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs());
    }

    fn on_exit(&mut self) {
        self.finish_autosave(true);
        // A clean exit with nothing unsaved leaves no recovery copy behind.
        if !self.doc.is_dirty() {
            self.clear_recovery();
        }
    }
}
