//! The status bar: file, unsaved marker, counts, autosave, background work.

use super::app::{Action, StanceApp};
use crate::model::Status;
use eframe::egui;

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    read_only_banner(app, ui);
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some((online, text)) = app.server_status() {
                // Online or not is said in words as well as in colour.
                let colour = if online {
                    super::palette::status(Status::Accepted)
                } else {
                    ui.visuals().warn_fg_color
                };
                let dot = if online { "●" } else { "○" };
                ui.colored_label(colour, format!("{dot} {text}"))
                    .on_hover_text(app.server_title().unwrap_or_default());
            } else if let Some(o) = &app.server_opening {
                ui.spinner();
                ui.label(format!("Connecting to {} ({})…", o.shown, o.project));
            } else {
                let file = app
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "Unsaved workspace".into());
                ui.label(file);
            }
            // A server project is saved as it goes: no marker of its own.
            if !app.is_on_server() {
                if app.document().is_dirty() {
                    ui.colored_label(super::palette::status(Status::Pending), "• unsaved changes");
                } else if app.path().is_some() {
                    ui.weak("saved");
                }
            }
            ui.separator();
            if super::team::status(app, ui) {
                ui.separator();
            }
            let pending = app.pending_total();
            let ws = app.workspace();
            ui.label(format!(
                "{} · {} · {} ({pending} pending)",
                plural(ws.article_count(), "article"),
                plural(ws.actors().len(), "actor"),
                plural(ws.stance_count(), "stance"),
            ));
            if let Some(t) = app.last_autosave {
                ui.separator();
                ui.weak(format!(
                    "recovery copy {}",
                    t.to_string().replace('T', " ").trim_end_matches('Z')
                ));
            }
            if let Some(job) = &app.job {
                ui.separator();
                let frac = job.fraction().unwrap_or(0.0);
                ui.add(
                    egui::ProgressBar::new(frac)
                        .desired_width(160.0)
                        .show_percentage()
                        .text(job.label.clone()),
                );
                if ui.button("Cancel").clicked() {
                    app.emit(Action::CancelJob);
                }
            } else if !app.message.is_empty() {
                ui.separator();
                // The last item: cut to the window, the whole message on hover.
                ui.add(egui::Label::new(app.message.clone()).truncate());
            }
        });
    });
}

/// A salvaged copy says so above the status bar for as long as it is open,
/// with everything that was left out one hover away.
fn read_only_banner(app: &mut StanceApp, ui: &mut egui::Ui) {
    let Some(ro) = &app.read_only else { return };
    let (from, summary, left_out) = (ro.from.display().to_string(), ro.summary.clone(), ro.left_out.clone());
    egui::Panel::bottom("read_only_banner").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                super::palette::status(Status::Rejected),
                egui::RichText::new("Read-only salvage").strong(),
            );
            ui.label(format!("of {from}: {summary}."));
            if !left_out.is_empty() {
                ui.label(format!("{} left out", left_out.len())).on_hover_ui(|ui| {
                    for line in left_out.iter().take(40) {
                        ui.label(line);
                    }
                    if left_out.len() > 40 {
                        ui.weak(format!("… and {} more", left_out.len() - 40));
                    }
                });
            }
            if ui.button("Save as new workspace…").clicked() {
                app.emit(Action::SaveAs);
            }
        });
    });
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
