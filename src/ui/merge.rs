//! File ▸ Merge workspace…: another coder's copy read on a thread, merged
//! as one undo step, and a summary of what was matched, added and not matched.

use super::app::{Modal, StanceApp};
use super::jobs::Job;
use crate::model::Workspace;
use crate::model::merge::{MergeReport, plan_merge};
use crate::storage::StorageError;
use eframe::egui::{self, RichText};
use std::path::PathBuf;

impl StanceApp {
    pub(crate) fn start_merge(&mut self, path: PathBuf) {
        if self.read_only.is_some() {
            self.message = "This salvaged copy is read-only; save it under a new name before merging into it".into();
            return;
        }
        self.message = format!("Reading {}…", path.display());
        self.job = Some(Job::open_for_merge(path));
    }

    pub(crate) fn merge_loaded(&mut self, path: PathBuf, result: Result<Workspace, StorageError>) {
        let theirs = match result {
            Ok(ws) => ws,
            Err(e) => {
                self.message = format!("Nothing merged from {}", path.display());
                return self.error("Could not merge that workspace", format!("{e}\n\nNothing was changed."));
            }
        };
        let from = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let (cmd, report) = plan_merge(self.workspace(), &theirs, &from);
        if let Some(cmd) = cmd {
            // Merged stances stay the coders' who made them: not stamped.
            if self.server.is_some() {
                if !self.server_execute(cmd, true) {
                    self.message = format!("Nothing merged from {from}");
                    return;
                }
            } else if let Err(e) = self.doc.execute_verbatim(cmd) {
                self.message = format!("Nothing merged from {from}");
                return self.error(
                    "The merge could not be made",
                    format!("{from}: {e}\n\nNothing was changed."),
                );
            }
            self.message = format!("Merged {from}: {}", report.summary());
        } else {
            self.message = format!("Nothing new in {from}: everything there is already here");
        }
        self.modal = Some(Modal::MergeSummary {
            from,
            report: Box::new(report),
        });
    }
}

/// The summary after a merge; true when closed.
pub(crate) fn summary(ctx: &egui::Context, from: &str, report: &MergeReport) -> bool {
    let r = egui::Modal::new(egui::Id::unique("merge_summary")).show(ctx, |ui| {
        ui.set_width(600.0);
        ui.heading(format!("Merged {from}"));
        if !report.changes_anything() {
            ui.label("Nothing new: everything in that file is already in this workspace.");
        }
        egui::Grid::new("merge_counts")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                ui.strong("");
                ui.strong("added");
                ui.strong("already here");
                ui.end_row();
                let rows = [
                    ("Articles", report.articles_added, report.articles_matched),
                    ("Stances", report.stances_added, report.stances_present),
                    ("Actors", report.actors_added, report.actors_matched),
                    ("Issues", report.issues_added, report.issues_matched),
                    ("Coders", report.coders_added, report.coders_matched),
                ];
                for (what, added, matched) in rows {
                    ui.label(what);
                    ui.label(added.to_string());
                    ui.label(matched.to_string());
                    ui.end_row();
                }
            });
        let mut extra = Vec::new();
        if report.stances_updated > 0 {
            extra.push(format!(
                "{} stance(s) updated to the later edit",
                report.stances_updated
            ));
        }
        if report.aliases_added > 0 {
            extra.push(format!("{} new alias(es) for actors here", report.aliases_added));
        }
        if report.done_marks_added > 0 {
            extra.push(format!("{} done mark(s) added", report.done_marks_added));
        }
        if report.articles_realigned > 0 {
            extra.push(format!(
                "{} article(s) laid out differently; their evidence was realigned word by word",
                report.articles_realigned
            ));
        }
        for line in extra {
            ui.label(line);
        }
        if !report.notes.is_empty() {
            ui.separator();
            ui.label(RichText::new("Look at these").strong());
            egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                for note in &report.notes {
                    ui.label(format!("- {note}"));
                }
            });
        }
        ui.add_space(8.0);
        ui.weak("Edit > Undo (Ctrl+Z) takes the whole merge back.");
        ui.button("OK").clicked()
    });
    r.inner || r.should_close()
}
