//! File dialogs behind a trait, so tests can script what the "user" picks.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub trait FileDialogs {
    fn open_workspace(&mut self) -> Option<PathBuf>;
    fn save_workspace(&mut self, suggested_name: &str) -> Option<PathBuf>;
    fn import_files(&mut self) -> Vec<PathBuf>;
    fn import_folder(&mut self) -> Option<PathBuf>;
    /// A file to export to, with one filter (`"CSV"`, `"csv"`).
    fn export_file(&mut self, suggested_name: &str, filter_name: &str, extension: &str) -> Option<PathBuf>;
}

/// The platform's dialogs (XDG portal on Linux, native elsewhere).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_workspace(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open workspace")
            .add_filter("Stance Tracker workspace", &["json"])
            .pick_file()
    }

    fn save_workspace(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save workspace")
            .set_file_name(suggested_name)
            .add_filter("Stance Tracker workspace", &["json"])
            .save_file()
    }

    fn import_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import articles")
            .add_filter("Articles (txt, md, html, csv)", &crate::import::EXTENSIONS)
            .add_filter("All files", &["*"])
            .pick_files()
            .unwrap_or_default()
    }

    fn import_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import a folder of articles")
            .pick_folder()
    }

    fn export_file(&mut self, suggested_name: &str, filter_name: &str, extension: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export")
            .set_file_name(suggested_name)
            .add_filter(filter_name, &[extension])
            .save_file()
    }
}

/// What a scripted dialog answers next.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Path(PathBuf),
    Paths(Vec<PathBuf>),
    Cancel,
}

/// Dialogs that answer from a queue (for tests and scripted demos). Cloning
/// shares the queue, so a test keeps a handle after giving one to the app.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    queue: Arc<Mutex<VecDeque<Answer>>>,
    /// Every dialog opened, by name, for assertions.
    pub opened: Arc<Mutex<Vec<String>>>,
}

impl ScriptedDialogs {
    pub fn push(&self, answer: Answer) {
        self.queue.lock().expect("dialog queue").push_back(answer);
    }

    fn next(&self, dialog: &str) -> Answer {
        self.opened.lock().expect("dialog log").push(dialog.to_owned());
        self.queue
            .lock()
            .expect("dialog queue")
            .pop_front()
            .unwrap_or(Answer::Cancel)
    }

    fn path(&self, dialog: &str) -> Option<PathBuf> {
        match self.next(dialog) {
            Answer::Path(p) => Some(p),
            Answer::Paths(mut v) => v.pop(),
            Answer::Cancel => None,
        }
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open_workspace(&mut self) -> Option<PathBuf> {
        self.path("open workspace")
    }

    fn save_workspace(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.path("save workspace")
    }

    fn import_files(&mut self) -> Vec<PathBuf> {
        match self.next("import files") {
            Answer::Path(p) => vec![p],
            Answer::Paths(v) => v,
            Answer::Cancel => Vec::new(),
        }
    }

    fn import_folder(&mut self) -> Option<PathBuf> {
        self.path("import folder")
    }

    fn export_file(&mut self, _suggested_name: &str, _filter_name: &str, _extension: &str) -> Option<PathBuf> {
        self.path("export")
    }
}
