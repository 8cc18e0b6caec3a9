//! File dialogs behind a trait, so tests can script what the "user" picks.
//!
//! On a Linux desktop without an XDG portal (or zenity) the native dialog
//! cannot open and returns at once as if cancelled: Import, Save as and
//! Export silently did nothing. A native dialog that comes back empty faster
//! than anyone could cancel it is taken as unavailable, and from then on the
//! app shows its own dialog (`file_dialog.rs`) instead.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the app asks a dialog for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogRequest {
    OpenWorkspace,
    /// Another coder's copy to merge into the open workspace.
    MergeWorkspace,
    SaveWorkspace {
        suggested: String,
    },
    ImportFiles,
    ImportFolder,
    /// A file to export to, with one filter (`"CSV"`, `"csv"`).
    Export {
        suggested: String,
        filter_name: String,
        extension: String,
    },
}

impl DialogRequest {
    /// A file to export to, with one filter.
    pub fn export(suggested: impl Into<String>, filter_name: &str, extension: &str) -> DialogRequest {
        DialogRequest::Export {
            suggested: suggested.into(),
            filter_name: filter_name.into(),
            extension: extension.into(),
        }
    }

    /// A file for an export format, named as the format suggests.
    pub fn for_format(format: crate::report::ExportFormat) -> DialogRequest {
        DialogRequest::export(format.default_file_name(), format.file_type(), format.extension())
    }

    pub fn title(&self) -> &'static str {
        match self {
            DialogRequest::OpenWorkspace => "Open workspace",
            DialogRequest::MergeWorkspace => "Merge a workspace into this one",
            DialogRequest::SaveWorkspace { .. } => "Save workspace",
            DialogRequest::ImportFiles => "Import articles",
            DialogRequest::ImportFolder => "Import a folder of articles",
            DialogRequest::Export { .. } => "Export",
        }
    }

    /// The name the scripted dialogs log, for assertions.
    fn log_name(&self) -> &'static str {
        match self {
            DialogRequest::OpenWorkspace => "open workspace",
            DialogRequest::MergeWorkspace => "merge workspace",
            DialogRequest::SaveWorkspace { .. } => "save workspace",
            DialogRequest::ImportFiles => "import files",
            DialogRequest::ImportFolder => "import folder",
            DialogRequest::Export { .. } => "export",
        }
    }

    pub(crate) fn suggested_name(&self) -> Option<&str> {
        match self {
            DialogRequest::SaveWorkspace { suggested } | DialogRequest::Export { suggested, .. } => Some(suggested),
            _ => None,
        }
    }
}

/// What a dialog gave back.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    Chosen(Vec<PathBuf>),
    Cancelled,
    /// No dialog could be shown: the app shows its own.
    Unavailable,
}

pub trait FileDialogs {
    fn pick(&mut self, request: &DialogRequest) -> Pick;
}

/// The platform's dialogs (XDG portal on Linux, native elsewhere).
#[derive(Default)]
pub struct NativeDialogs {
    /// Once a dialog failed to appear, the others will not appear either.
    unavailable: bool,
}

/// No person cancels a dialog this fast; a portal that is missing answers faster.
const FASTEST_HUMAN_CANCEL: Duration = Duration::from_millis(150);

impl FileDialogs for NativeDialogs {
    fn pick(&mut self, request: &DialogRequest) -> Pick {
        if self.unavailable {
            return Pick::Unavailable;
        }
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().set_title(request.title());
        let chosen: Vec<PathBuf> = match request {
            DialogRequest::OpenWorkspace | DialogRequest::MergeWorkspace => dialog
                .add_filter("Stance Tracker workspace", &["json"])
                .pick_file()
                .into_iter()
                .collect(),
            DialogRequest::SaveWorkspace { suggested } => dialog
                .set_file_name(suggested)
                .add_filter("Stance Tracker workspace", &["json"])
                .save_file()
                .into_iter()
                .collect(),
            DialogRequest::ImportFiles => dialog
                .add_filter(
                    "Articles (txt, md, html, csv, docx, pdf, rtf), REFI-QDA projects and DNA databases",
                    &crate::import::FILE_EXTENSIONS,
                )
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default(),
            DialogRequest::ImportFolder => dialog.pick_folder().into_iter().collect(),
            DialogRequest::Export {
                suggested,
                filter_name,
                extension,
            } => dialog
                .set_file_name(suggested)
                .add_filter(filter_name, &[extension])
                .save_file()
                .into_iter()
                .collect(),
        };
        if !chosen.is_empty() {
            return Pick::Chosen(chosen);
        }
        if started.elapsed() < FASTEST_HUMAN_CANCEL {
            self.unavailable = true;
            return Pick::Unavailable;
        }
        Pick::Cancelled
    }
}

/// What a scripted dialog answers next.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Path(PathBuf),
    Paths(Vec<PathBuf>),
    Cancel,
    /// As a desktop without any file dialog: the app must show its own.
    Unavailable,
}

/// Dialogs that answer from a queue (for tests and scripted demos). Cloning
/// shares the queue, so a test keeps a handle after giving one to the app.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    queue: Arc<Mutex<VecDeque<Answer>>>,
    /// Every dialog opened, by name, for assertions.
    pub opened: Arc<Mutex<Vec<String>>>,
    /// The file names the app suggested, in order.
    pub suggested: Arc<Mutex<Vec<String>>>,
}

impl ScriptedDialogs {
    pub fn push(&self, answer: Answer) {
        self.queue.lock().expect("dialog queue").push_back(answer);
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick(&mut self, request: &DialogRequest) -> Pick {
        self.opened
            .lock()
            .expect("dialog log")
            .push(request.log_name().to_owned());
        if let Some(name) = request.suggested_name() {
            self.suggested.lock().expect("dialog log").push(name.to_owned());
        }
        let answer = self.queue.lock().expect("dialog queue").pop_front();
        match answer.unwrap_or(Answer::Cancel) {
            Answer::Path(p) => Pick::Chosen(vec![p]),
            Answer::Paths(v) => Pick::Chosen(v),
            Answer::Cancel => Pick::Cancelled,
            Answer::Unavailable => Pick::Unavailable,
        }
    }
}
