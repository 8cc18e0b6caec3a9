//! Stance Tracker's own file dialog, for desktops that have none (no XDG
//! portal or zenity). Written here rather than taken from a crate: the one
//! file-dialog crate for egui 0.37 (egui_file) leaves its text fields
//! without accessible names, so screen readers could not use it.

use super::dialogs::{DialogRequest, Pick};
use eframe::egui;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    OpenFile,
    OpenFiles,
    Folder,
    Save,
}

pub struct InAppDialog {
    title: &'static str,
    mode: Mode,
    /// Extensions shown (lower case, no dot); empty shows every file.
    extensions: Vec<String>,
    folder: PathBuf,
    /// What the folder field shows while being edited.
    folder_text: String,
    name: String,
    /// Files picked in a multi-file open, besides `name`.
    picked: Vec<PathBuf>,
    entries: Result<Vec<Entry>, String>,
}

#[derive(Debug)]
struct Entry {
    name: String,
    is_dir: bool,
}

impl InAppDialog {
    pub fn new(request: &DialogRequest, folder: &Path) -> InAppDialog {
        let (mode, extensions, name) = match request {
            DialogRequest::OpenWorkspace | DialogRequest::MergeWorkspace => {
                (Mode::OpenFile, vec!["json".to_owned()], String::new())
            }
            DialogRequest::ImportFiles => (
                Mode::OpenFiles,
                crate::import::FILE_EXTENSIONS.iter().map(|e| e.to_string()).collect(),
                String::new(),
            ),
            DialogRequest::ImportFolder => (Mode::Folder, Vec::new(), String::new()),
            DialogRequest::SaveWorkspace { suggested } => (Mode::Save, vec!["json".to_owned()], suggested.clone()),
            DialogRequest::Export {
                suggested, extension, ..
            } => (Mode::Save, vec![extension.to_ascii_lowercase()], suggested.clone()),
        };
        let mut d = InAppDialog {
            title: request.title(),
            mode,
            extensions,
            folder: PathBuf::new(),
            folder_text: String::new(),
            name,
            picked: Vec::new(),
            entries: Ok(Vec::new()),
        };
        d.enter(folder.to_owned());
        d
    }

    fn enter(&mut self, folder: PathBuf) {
        self.entries = list(&folder, &self.extensions);
        self.folder_text = folder.display().to_string();
        self.folder = folder;
        self.picked.clear();
    }

    /// The path the primary button would choose, if any.
    fn target(&self) -> Option<PathBuf> {
        if self.mode == Mode::Folder {
            return Some(self.folder.clone());
        }
        let name = self.name.trim();
        // An absolute path typed into the name field is taken as it is.
        (!name.is_empty()).then(|| self.folder.join(name))
    }

    fn primary_label(&self) -> &'static str {
        match self.mode {
            Mode::OpenFile => "Open",
            Mode::OpenFiles => "Import",
            Mode::Folder => "Choose this folder",
            Mode::Save if self.target().is_some_and(|t| t.is_file()) => "Replace",
            Mode::Save => "Save",
        }
    }

    /// Draws the dialog; `Some` once the user chose or cancelled.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Pick> {
        let mut outcome = None;
        let modal = egui::Modal::new(egui::Id::unique("in_app_file_dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(self.title);
            self.folder_row(ui);
            ui.separator();
            outcome = self.listing(ui);
            ui.separator();
            if outcome.is_none() {
                outcome = self.bottom(ui);
            }
        });
        if outcome.is_none() && modal.should_close() {
            outcome = Some(Pick::Cancelled);
        }
        outcome
    }

    fn folder_row(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Folder:");
            let up = ui.add_enabled(self.folder.parent().is_some(), egui::Button::new("Up"));
            if up.on_hover_text("The folder above this one").clicked()
                && let Some(parent) = self.folder.parent()
            {
                self.enter(parent.to_owned());
            }
            if ui.button("Home").clicked()
                && let Some(home) = directories::UserDirs::new().map(|u| u.home_dir().to_owned())
            {
                self.enter(home);
            }
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.folder_text).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let typed = PathBuf::from(self.folder_text.trim());
                if typed.is_dir() {
                    self.enter(typed);
                } else {
                    self.entries = Err(format!("{} is not a folder", typed.display()));
                }
            }
        });
    }

    fn listing(&mut self, ui: &mut egui::Ui) -> Option<Pick> {
        let entries = match &self.entries {
            Ok(e) => e,
            Err(msg) => {
                ui.colored_label(ui.visuals().error_fg_color, msg);
                return None;
            }
        };
        let mut enter = None;
        let mut chosen = None;
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            if entries.is_empty() {
                ui.weak("Nothing here that this dialog can open.");
            }
            for e in entries {
                let path = self.folder.join(&e.name);
                let selected = !e.is_dir && (self.name == e.name || self.picked.contains(&path));
                let label = if e.is_dir {
                    format!("{}/", e.name)
                } else {
                    e.name.clone()
                };
                let r = ui.selectable_label(selected, label);
                if e.is_dir && (r.double_clicked() || (r.clicked() && self.mode == Mode::Folder)) {
                    enter = Some(path);
                } else if !e.is_dir && r.double_clicked() {
                    chosen = Some(path);
                } else if !e.is_dir && r.clicked() {
                    if self.mode == Mode::OpenFiles && ui.input(|i| i.modifiers.command) {
                        toggle(&mut self.picked, path);
                    } else {
                        self.picked.clear();
                        self.name = e.name.clone();
                    }
                }
            }
        });
        if let Some(dir) = enter {
            self.enter(dir);
        }
        chosen.map(|p| Pick::Chosen(vec![p]))
    }

    fn bottom(&mut self, ui: &mut egui::Ui) -> Option<Pick> {
        let mut outcome = None;
        if self.mode != Mode::Folder {
            ui.horizontal(|ui| {
                let label = ui.label("File name:");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    outcome = self.confirm();
                }
            });
        }
        if self.mode == Mode::Save && self.target().is_some_and(|t| t.is_file()) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "A file of this name exists and will be replaced.",
            );
        }
        if self.mode == Mode::OpenFiles && !self.picked.is_empty() {
            ui.weak(format!("{} more file(s) picked with Ctrl+click", self.picked.len()));
        }
        ui.horizontal(|ui| {
            let can = self.target().is_some() || !self.picked.is_empty();
            if ui.add_enabled(can, egui::Button::new(self.primary_label())).clicked() {
                outcome = self.confirm();
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(Pick::Cancelled);
            }
        });
        outcome
    }

    fn confirm(&mut self) -> Option<Pick> {
        let mut chosen = self.picked.clone();
        if let Some(t) = self.target() {
            if t.is_dir() && self.mode != Mode::Folder {
                self.enter(t);
                self.name.clear();
                return None;
            }
            let missing = matches!(self.mode, Mode::OpenFile | Mode::OpenFiles) && !t.exists();
            if missing {
                self.entries = Err(format!("{} does not exist", t.display()));
                return None;
            }
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        (!chosen.is_empty()).then_some(Pick::Chosen(chosen))
    }
}

fn toggle(list: &mut Vec<PathBuf>, path: PathBuf) {
    match list.iter().position(|p| *p == path) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(path),
    }
}

/// Folders first, then the files with one of `extensions`, by name; hidden
/// entries left out.
fn list(folder: &Path, extensions: &[String]) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(folder).map_err(|e| format!("{} cannot be read: {e}", folder.display()))?;
    let mut entries: Vec<Entry> = read
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            if name.starts_with('.') {
                return None;
            }
            let is_dir = e.path().is_dir();
            let ext_ok = extensions.is_empty()
                || Path::new(&name)
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| extensions.iter().any(|want| want.eq_ignore_ascii_case(x)));
            (is_dir || ext_ok).then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_and_only_the_wanted_files() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.csv", "A.CSV", "notes.txt", ".hidden.csv"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        let names: Vec<String> = list(dir.path(), &["csv".into()])
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["zeta", "A.CSV", "b.csv"]);
        assert!(
            list(&dir.path().join("missing"), &[])
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn a_save_targets_the_typed_name_in_the_folder_or_an_absolute_path() {
        let dir = tempfile::tempdir().unwrap();
        let request = DialogRequest::SaveWorkspace {
            suggested: "w.stance.json".into(),
        };
        let mut d = InAppDialog::new(&request, dir.path());
        assert_eq!(d.target(), Some(dir.path().join("w.stance.json")));
        assert_eq!(d.primary_label(), "Save");
        std::fs::write(dir.path().join("w.stance.json"), "{}").unwrap();
        assert_eq!(d.primary_label(), "Replace");
        d.name = "/tmp/elsewhere.stance.json".into();
        assert_eq!(d.target(), Some(PathBuf::from("/tmp/elsewhere.stance.json")));
        d.name = "  ".into();
        assert_eq!(d.confirm(), None);
    }

    #[test]
    fn opening_a_missing_file_says_so_and_stays_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = InAppDialog::new(&DialogRequest::OpenWorkspace, dir.path());
        d.name = "nope.stance.json".into();
        assert_eq!(d.confirm(), None);
        assert!(d.entries.as_ref().unwrap_err().contains("does not exist"));
    }
}
