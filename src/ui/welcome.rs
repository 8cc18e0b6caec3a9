//! The welcome screen of an empty workspace, and the drop overlay.

use super::app::{Action, StanceApp};
use eframe::egui::{self, Align2, Color32, FontId, RichText};

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.12);
            ui.heading(RichText::new("Stance Tracker").size(30.0));
            ui.label("Who takes which position on which issue, across your news articles.");
            ui.add_space(24.0);
            let size = egui::vec2(260.0, 34.0);
            if ui.add_sized(size, egui::Button::new("Open sample article")).clicked() {
                app.emit(Action::OpenSample);
            }
            if ui.add_sized(size, egui::Button::new("Import articles…")).clicked() {
                app.emit(Action::ImportFiles);
            }
            if ui.add_sized(size, egui::Button::new("Import folder…")).clicked() {
                app.emit(Action::ImportFolder);
            }
            if ui.add_sized(size, egui::Button::new("Open workspace…")).clicked() {
                app.emit(Action::OpenWorkspace);
            }
            if ui
                .add_sized(size, egui::Button::new("Open from server…"))
                .on_hover_text("A team's project on a PostgreSQL server")
                .clicked()
            {
                app.emit(Action::OpenServer(None));
            }
            ui.add_space(8.0);
            ui.weak("or drop articles (.txt, .md, .html, .csv, .docx, .pdf, .rtf), a DNA or REFI-QDA project, or a .stance.json workspace on this window");
            let recent: Vec<_> = app.recent.paths().to_vec();
            if !recent.is_empty() {
                ui.add_space(24.0);
                ui.label(RichText::new("Recent workspaces").strong());
                for p in recent {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if ui.link(name).on_hover_text(p.display().to_string()).clicked() {
                        app.emit(Action::OpenPath(p));
                    }
                }
            }
            let servers = app.recent.servers().to_vec();
            if !servers.is_empty() {
                ui.add_space(12.0);
                ui.label(RichText::new("Recent server projects").strong());
                for s in servers {
                    if ui.link(&s.project).on_hover_text(&s.url).clicked() {
                        app.emit(Action::OpenServer(Some((s.url, s.project))));
                    }
                }
            }
        });
    });
}

pub fn drop_overlay(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_overlay"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(150));
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        "Drop to import",
        FontId::proportional(28.0),
        Color32::WHITE,
    );
}
