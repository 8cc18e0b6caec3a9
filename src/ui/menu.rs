//! The menu bar.

use super::app::{Action, ModalKind, StanceApp};
use super::shortcuts as sc;
use crate::report::ExportFormat;
use eframe::egui::{self, Button, KeyboardShortcut};

fn item(ui: &mut egui::Ui, label: &str, shortcut: Option<&KeyboardShortcut>, enabled: bool) -> bool {
    let mut b = Button::new(label);
    if let Some(s) = shortcut {
        b = b.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, b).clicked()
}

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu(app, ui));
            ui.menu_button("Edit", |ui| edit_menu(app, ui));
            ui.menu_button("View", |ui| view_menu(app, ui));
            ui.menu_button("Coding", |ui| coding_menu(app, ui));
            ui.menu_button("Help", |ui| {
                if item(ui, "Keyboard shortcuts", None, true) {
                    app.emit(Action::ShowModal(ModalKind::Shortcuts));
                }
                if item(ui, "About Stance Tracker", None, true) {
                    app.emit(Action::ShowModal(ModalKind::About));
                }
            });
        });
    });
}

fn file_menu(app: &mut StanceApp, ui: &mut egui::Ui) {
    let idle = !app.is_busy();
    if item(ui, "New workspace", Some(&sc::NEW), idle) {
        app.emit(Action::NewWorkspace);
    }
    if item(ui, "Open workspace…", Some(&sc::OPEN), idle) {
        app.emit(Action::OpenWorkspace);
    }
    if item(ui, "Open damaged workspace…", None, idle) {
        app.emit(Action::OpenSalvaged(None));
    }
    if item(ui, "Open from server…", Some(&sc::OPEN_SERVER), idle) {
        app.emit(Action::OpenServer(None));
    }
    ui.menu_button("Open recent", |ui| {
        let recent: Vec<_> = app.recent.paths().to_vec();
        let servers = app.recent.servers().to_vec();
        if recent.is_empty() && servers.is_empty() {
            ui.label("No recent workspaces");
        }
        for p in recent {
            if ui.add_enabled(idle, Button::new(p.display().to_string())).clicked() {
                app.emit(Action::OpenPath(p));
            }
        }
        if !servers.is_empty() {
            ui.separator();
        }
        for s in servers {
            let label = format!("{} — {}", s.project, s.url);
            if ui.add_enabled(idle, Button::new(label)).clicked() {
                app.emit(Action::OpenServer(Some((s.url, s.project))));
            }
        }
    });
    ui.separator();
    if item(ui, "Import articles…", Some(&sc::IMPORT), idle) {
        app.emit(Action::ImportFiles);
    }
    if item(ui, "Import folder…", None, idle) {
        app.emit(Action::ImportFolder);
    }
    if item(ui, "Paste text as article", Some(&sc::PASTE_ARTICLE), idle) {
        super::shortcuts::request_article_paste(app, ui.ctx());
    }
    if item(ui, "Merge workspace…", None, idle && app.read_only.is_none()) {
        app.emit(Action::MergeWorkspace(None));
    }
    ui.separator();
    if item(ui, "Save", Some(&sc::SAVE), idle) {
        app.emit(Action::Save);
    }
    if item(ui, "Save as…", Some(&sc::SAVE_AS), idle) {
        app.emit(Action::SaveAs);
    }
    ui.menu_button("Export", |ui| {
        for format in ExportFormat::ALL {
            if item(ui, &format!("{}…", format.label()), None, true) {
                app.emit(Action::Export(format));
            }
        }
    });
    ui.separator();
    if item(ui, "Quit", Some(&sc::QUIT), true) {
        app.emit(Action::Quit);
    }
}

fn edit_menu(app: &mut StanceApp, ui: &mut egui::Ui) {
    let (undo, redo) = app.undo_redo_labels();
    let (can_undo, can_redo) = (undo.is_some(), redo.is_some());
    let undo = undo.map(|l| format!("Undo {l}")).unwrap_or_else(|| "Undo".into());
    let redo = redo.map(|l| format!("Redo {l}")).unwrap_or_else(|| "Redo".into());
    if item(ui, &undo, Some(&sc::UNDO), can_undo) {
        app.emit(Action::Undo);
    }
    if item(ui, &redo, Some(&sc::REDO), can_redo) {
        app.emit(Action::Redo);
    }
    ui.separator();
    if item(ui, "Find", Some(&sc::FIND), true) {
        app.view.focus_filter = true;
        app.view.show_articles = true;
    }
    ui.separator();
    if item(ui, "New stance from selection", None, app.view.selection.is_some()) {
        app.emit(Action::NewStance);
    }
    ui.menu_button("Suggest stances again", |ui| {
        if item(
            ui,
            "For this article",
            None,
            app.view.article.is_some() && !app.is_busy(),
        ) {
            app.emit(Action::Suggest { all: false });
        }
        if item(ui, "For all articles", None, !app.is_busy()) {
            app.emit(Action::Suggest { all: true });
        }
    });
    if item(ui, "Actors…", None, true) {
        app.view.actors.open = true;
    }
    if item(ui, "Codebook (issues)…", None, true) {
        app.view.codebook.open = true;
    }
}

fn coding_menu(app: &mut StanceApp, ui: &mut egui::Ui) {
    let article = app.view.article.filter(|a| app.workspace().article(*a).is_some());
    let done = article.is_some_and(|a| app.done_here(a));
    let b = Button::selectable(done, "Mark article done").shortcut_text(ui.ctx().format_shortcut(&sc::DONE));
    if ui
        .add_enabled(article.is_some(), b)
        .on_hover_text("Your done mark on the open article; choose again to take it back")
        .clicked()
    {
        app.emit(Action::ToggleDone);
    }
    if item(ui, "Change coder…", None, true) {
        app.emit(Action::ShowModal(ModalKind::ChangeCoder));
    }
    let mut show = !app.view.hide_other_coders;
    if ui
        .checkbox(&mut show, "Show other coders' stances")
        .on_hover_text("Off: the reader and the Stances panel show only your own stances and undecided suggestions")
        .changed()
    {
        app.view.hide_other_coders = !show;
    }
    ui.separator();
    if item(ui, "Reliability sample…", None, app.workspace().article_count() > 0) {
        app.emit(Action::ShowModal(ModalKind::Sample));
    }
}

/// Reader or one of the results views, one click away.
pub fn mode_strip(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::Panel::top("mode_strip").show(ui, |ui| {
        // Wraps in a narrow window, so that no tab is out of reach.
        ui.horizontal_wrapped(|ui| {
            if ui.selectable_label(!app.view.results_open, "Reader").clicked() {
                app.emit(Action::ShowReader);
            }
            ui.separator();
            for tab in super::results::Tab::ALL {
                let on = app.view.results_open && app.view.results.tab == tab;
                if ui.selectable_label(on, tab.label()).clicked() {
                    app.emit(Action::ShowResults(tab));
                }
            }
        });
    });
}

fn view_menu(app: &mut StanceApp, ui: &mut egui::Ui) {
    ui.checkbox(&mut app.view.show_articles, "Article list");
    ui.checkbox(&mut app.view.show_stances, "Stance panel");
    ui.checkbox(&mut app.view.actors.open, "Actors window");
    ui.checkbox(&mut app.view.codebook.open, "Codebook window");
    ui.separator();
    if item(ui, "Reader", None, true) {
        app.emit(Action::ShowReader);
    }
    ui.menu_button("Tables and charts", |ui| {
        for tab in super::results::Tab::ALL {
            if item(ui, tab.label(), None, true) {
                app.emit(Action::ShowResults(tab));
            }
        }
    });
    ui.separator();
    let zoom = format!("{:.0}%", app.view.zoom * 100.0);
    if item(
        ui,
        &format!("Zoom in (now {zoom})"),
        Some(&egui::gui_zoom::kb_shortcuts::ZOOM_IN),
        true,
    ) {
        app.emit(Action::Zoom(1));
    }
    if item(ui, "Zoom out", Some(&egui::gui_zoom::kb_shortcuts::ZOOM_OUT), true) {
        app.emit(Action::Zoom(-1));
    }
    if item(ui, "Actual size", Some(&egui::gui_zoom::kb_shortcuts::ZOOM_RESET), true) {
        app.emit(Action::Zoom(0));
    }
    ui.separator();
    let label = if app.view.dark { "Light theme" } else { "Dark theme" };
    if item(ui, label, None, true) {
        app.emit(Action::ToggleTheme);
    }
}
