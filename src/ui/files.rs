//! Everything that asks for a file: open, save, import, export. A dialog's
//! answer may come at once (the system dialog blocks) or frames later (the
//! app's own dialog, where the desktop has none), so each request carries
//! what to do with the answer.

use super::app::{Action, BACKGROUND_SAVE_BYTES, StanceApp};
use super::dialogs::{DialogRequest, Pick};
use super::file_dialog::InAppDialog;
use super::jobs::Job;
use crate::report::ExportFormat;
use crate::storage;
use eframe::egui;
use std::path::{Path, PathBuf};

/// What to do with the file(s) a dialog gives back.
pub(crate) enum FileThen {
    Open,
    OpenSalvaged,
    /// Merge that workspace into the open one.
    Merge,
    Import,
    /// Save there; `then` runs after a successful save (the "save before
    /// closing?" question).
    Save {
        then: Option<Box<Action>>,
    },
    Export(ExportFormat),
    /// The chart on screen, as PNG (taken on the next frame).
    ChartPng,
    /// The Compare or Over-time figure, as SVG.
    ChartSvg,
    /// A results table's CSV or a quote sheet, already made.
    ResultsText(String),
}

impl StanceApp {
    /// Asks for a file and acts on the answer, now or when the in-app
    /// dialog closes.
    pub(crate) fn ask_file(&mut self, request: DialogRequest, then: FileThen) {
        if self.in_app_dialog.is_some() {
            return;
        }
        match self.dialogs.pick(&request) {
            Pick::Chosen(paths) => self.file_chosen(then, paths),
            Pick::Cancelled => self.file_cancelled(&then),
            Pick::Unavailable => {
                if !self.told_no_native_dialog {
                    self.told_no_native_dialog = true;
                    self.message = "This desktop has no system file dialog (no XDG portal or zenity): \
                        using Stance Tracker's own"
                        .into();
                }
                let dialog = InAppDialog::new(&request, &self.dialog_folder());
                self.in_app_dialog = Some((dialog, then));
            }
        }
    }

    /// Draws the in-app dialog while it is open and acts on its answer.
    pub(crate) fn show_in_app_dialog(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = &mut self.in_app_dialog else {
            return;
        };
        let Some(pick) = dialog.show(ctx) else { return };
        let (_, then) = self.in_app_dialog.take().expect("just shown");
        match pick {
            Pick::Chosen(paths) => self.file_chosen(then, paths),
            _ => self.file_cancelled(&then),
        }
    }

    /// Where the in-app dialog starts: beside the open workspace, else the
    /// user's documents or home folder.
    fn dialog_folder(&self) -> PathBuf {
        if let Some(dir) = self.path.as_deref().and_then(Path::parent)
            && dir.is_dir()
        {
            return dir.to_owned();
        }
        directories::UserDirs::new()
            .and_then(|u| {
                u.document_dir()
                    .map(Path::to_owned)
                    .or_else(|| Some(u.home_dir().to_owned()))
            })
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn file_chosen(&mut self, then: FileThen, mut paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return self.file_cancelled(&then);
        };
        match then {
            FileThen::Open => self.handle_unguarded_open(first),
            FileThen::OpenSalvaged => self.start_salvage(first),
            FileThen::Merge => self.start_merge(first),
            FileThen::Import => self.start_import(std::mem::take(&mut paths)),
            FileThen::Save { then: None } => self.save_in_background(storage::with_workspace_extension(&first)),
            FileThen::Save { then: Some(action) } => {
                if self.save_to(storage::with_workspace_extension(&first)) {
                    self.handle(*action);
                }
            }
            FileThen::Export(format) => self.export_to(format, &first),
            FileThen::ChartPng if super::results::is_figure_tab(self.view.results.tab) => {
                super::results::save_figure(self, &first, false)
            }
            FileThen::ChartPng => self.view.results.png_to = Some(first),
            FileThen::ChartSvg => super::results::save_figure(self, &first, true),
            FileThen::ResultsText(csv) => match storage::write_export(&first, csv.as_bytes(), self.path.as_deref()) {
                Ok(()) => self.message = format!("Saved {}", first.display()),
                Err(e) => self.error("Not saved", e.to_string()),
            },
        }
    }

    /// A save the user backed out of says so: nothing may look saved that is not.
    fn file_cancelled(&mut self, then: &FileThen) {
        self.message = match then {
            FileThen::Save { .. } => "Not saved: no file was chosen".into(),
            FileThen::Export(_) | FileThen::ChartPng | FileThen::ChartSvg | FileThen::ResultsText(_) => {
                "Nothing exported".into()
            }
            _ => return,
        };
    }

    pub(crate) fn start_salvage(&mut self, path: PathBuf) {
        self.modal = None;
        self.message = format!("Salvaging {}…", path.display());
        self.job = Some(Job::salvage(path));
    }

    /// Asks where to save, suggesting the workspace's own name or one made
    /// from the first article's title.
    pub(crate) fn save_as(&mut self, then: Option<Box<Action>>) {
        let suggested = self.suggested_workspace_name();
        self.ask_file(DialogRequest::SaveWorkspace { suggested }, FileThen::Save { then });
    }

    pub(crate) fn suggested_workspace_name(&self) -> String {
        if let Some(name) = self.path.as_ref().and_then(|p| p.file_name())
            && self.read_only.is_none()
        {
            return name.to_string_lossy().into_owned();
        }
        let title = self.workspace().articles().next().map(|a| a.title.clone());
        let stem = title.as_deref().map(file_stem).filter(|s| !s.is_empty());
        format!("{}.stance.json", stem.unwrap_or_else(|| "workspace".into()))
    }

    /// Big workspaces save on a thread so the window stays responsive; small
    /// ones save at once (and a failure is reported the same way).
    pub(crate) fn save_in_background(&mut self, path: PathBuf) {
        if self.workspace().text_bytes() < BACKGROUND_SAVE_BYTES {
            self.save_to(path);
            return;
        }
        self.message = format!("Saving {}…", path.display());
        self.job = Some(Job::save(self.workspace().clone(), path, self.doc.revision()));
    }

    pub(crate) fn saved(&mut self, path: PathBuf, revision: u64) {
        if let Some(title) = self.server_title() {
            // A copy: the project stays open from the server.
            self.recent.push(&path);
            self.message = format!("Saved a copy of {title} to {}", path.display());
            return;
        }
        self.doc.mark_saved_at(revision);
        // A salvaged copy saved under its own name is an ordinary workspace.
        self.read_only = None;
        self.recent.push(&path);
        if self.path.as_ref() != Some(&path) {
            // Saved under a new name: hold that file's lock instead.
            self.lock = storage::lock::WorkspaceLock::acquire(&path).ok();
        }
        self.message = format!("Saved {}", path.display());
        self.path = Some(path);
        self.dirty_since = None;
        if !self.doc.is_dirty() {
            self.clear_recovery();
        }
    }

    /// The same message for a failed save, in the foreground or background.
    pub(crate) fn save_failed(&mut self, e: &storage::StorageError) {
        self.error(
            "The workspace was not saved",
            format!("{e}\n\nYour work is still open and unsaved; try another folder with Save As."),
        );
    }

    pub(crate) fn save_to(&mut self, path: PathBuf) -> bool {
        match storage::save_workspace(self.workspace(), &path) {
            Ok(()) => {
                let revision = self.doc.revision();
                self.saved(path, revision);
                true
            }
            Err(e) => {
                self.save_failed(&e);
                false
            }
        }
    }

    pub(crate) fn export(&mut self, format: ExportFormat) {
        self.ask_file(DialogRequest::for_format(format), FileThen::Export(format));
    }

    fn export_to(&mut self, format: ExportFormat, path: &Path) {
        let mut filter = crate::report::default_filter(format);
        // Aggregates count the layer the results show; the flat files list
        // every layer (their rows name the coder).
        if !matches!(format, ExportFormat::Csv | ExportFormat::Json) {
            filter.layer = self.results_layer();
        }
        if format == ExportFormat::Dna {
            // What DNA has no place for (neutral, mixed) is said, not dropped silently.
            match crate::report::dna_export::export_dna(self.workspace(), &filter, path, self.path.as_deref()) {
                Ok(summary) => {
                    self.message = format!(
                        "Exported {}: {} (password \"{}\")",
                        path.display(),
                        summary.describe(),
                        crate::report::dna_export::PASSWORD
                    )
                }
                Err(e) => self.error("Export failed", e.to_string()),
            }
            return;
        }
        match crate::report::export_filtered(self.workspace(), format, &filter, path, self.path.as_deref()) {
            Ok(()) => self.message = format!("Exported {}", path.display()),
            Err(e) => self.error("Export failed", e.to_string()),
        }
    }
}

/// A file name from a title: letters and digits kept, the rest joined by
/// single hyphens, at most 60 characters.
fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems_from_titles() {
        assert_eq!(
            super::file_stem("US and Russia agree to talks — Riyadh, 18 Feb"),
            "us-and-russia-agree-to-talks-riyadh-18-feb"
        );
        assert_eq!(super::file_stem("Erdoğan: “useful”"), "erdoğan-useful");
        assert_eq!(super::file_stem("???"), "");
        assert!(super::file_stem(&"word ".repeat(40)).chars().count() <= 60);
    }
}
