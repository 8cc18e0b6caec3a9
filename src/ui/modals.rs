//! Dialogs over the main window: unsaved changes, errors, import summary,
//! the stance editor, help, and confirmations.

use super::app::{Action, Modal, StanceApp, UnsavedChoice};
use super::editor::{self, Outcome};
use super::shortcuts;
use crate::import::Outcome as ImportOutcome;
use crate::model::ops::{self, IssueRemoval};
use eframe::egui::{self, RichText};

pub fn show(app: &mut StanceApp, ctx: &egui::Context) {
    let Some(modal) = app.modal.take() else { return };
    // Each arm decides whether the modal stays (put back) or goes.
    let keep = match modal {
        Modal::Unsaved { then } => {
            let mut choice = None;
            let name = app
                .path()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "this workspace".into());
            let r = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading("Save changes?");
                ui.label(format!(
                    "{name} has changes that are not saved. Save them before going on?"
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(UnsavedChoice::Save);
                    }
                    if ui.button("Discard changes").clicked() {
                        choice = Some(UnsavedChoice::Discard);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(UnsavedChoice::Cancel);
                    }
                });
            });
            if r.should_close() && choice.is_none() {
                choice = Some(UnsavedChoice::Cancel);
            }
            app.modal = Some(Modal::Unsaved { then });
            if let Some(c) = choice {
                app.resolve_unsaved(c);
            }
            return;
        }
        Modal::Error { title, message } => {
            let r = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading(&title);
                ui.label(&message);
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            let close = r.inner || r.should_close();
            (!close).then_some(Modal::Error { title, message })
        }
        Modal::Damaged { path, message } => {
            let r = egui::Modal::new(egui::Id::unique("damaged")).show(ctx, |ui| {
                ui.set_width(520.0);
                ui.heading("This workspace is damaged");
                ui.label(&message);
                ui.add_space(8.0);
                ui.label(
                    "You can open what still checks out: it opens read-only and untitled, with \
                     everything left out listed, so the damaged file is never written over. \
                     Save it under a new name to keep working.",
                );
                ui.add_space(8.0);
                let mut salvage = false;
                let mut close = false;
                ui.horizontal(|ui| {
                    salvage = ui.button("Open what checks out (read-only)").clicked();
                    close = ui.button("Cancel").clicked();
                });
                (salvage, close)
            });
            let (salvage, close) = r.inner;
            if salvage {
                app.emit(Action::OpenSalvaged(Some(path)));
                None
            } else {
                (!(close || r.should_close())).then_some(Modal::Damaged { path, message })
            }
        }
        Modal::ImportSummary { report, suggested } => {
            let r = egui::Modal::new(egui::Id::unique("import_summary")).show(ctx, |ui| {
                ui.set_width(560.0);
                ui.heading("Import finished");
                ui.label(report.summary());
                if suggested > 0 {
                    ui.label(format!(
                        "{suggested} stance suggestion(s) are waiting for review in the stance panel."
                    ));
                }
                for d in &report.dna {
                    ui.separator();
                    ui.label(d.to_string());
                }
                let problems: Vec<_> = report
                    .entries
                    .iter()
                    .filter(|e| !matches!(e.outcome, ImportOutcome::Imported { note: None, .. }))
                    .collect();
                if !problems.is_empty() {
                    ui.separator();
                    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                        for e in problems {
                            let what = e.source.as_deref().unwrap_or(&e.file);
                            let line = match &e.outcome {
                                ImportOutcome::Imported {
                                    note: Some(n), title, ..
                                } => format!("imported “{title}” — note: {n}"),
                                ImportOutcome::Imported { .. } => continue,
                                ImportOutcome::Duplicate { of } => format!("duplicate of “{of}”, skipped"),
                                ImportOutcome::Failed(reason) => format!("failed: {reason}"),
                                ImportOutcome::Skipped(reason) => format!("ignored: {reason}"),
                            };
                            ui.label(RichText::new(what).strong());
                            ui.label(line);
                        }
                    });
                }
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            let close = r.inner || r.should_close();
            (!close).then_some(Modal::ImportSummary { report, suggested })
        }
        Modal::DnaActor { paths, mut actor } => {
            use crate::import::dna::{ActorVariable, DnaOptions};
            let mut go = None;
            let r = egui::Modal::new(egui::Id::unique("dna_actor")).show(ctx, |ui| {
                ui.set_width(520.0);
                ui.heading("Import a DNA database");
                ui.label(
                    "DNA statements name a person and an organisation. Which of them are the actors \
                     whose stances you track?",
                );
                ui.radio_value(
                    &mut actor,
                    ActorVariable::Person,
                    "People (the person variable), with their organisation as affiliation - DNA's default",
                );
                ui.radio_value(
                    &mut actor,
                    ActorVariable::Organization,
                    "Organisations (the organization variable); the person is kept in each stance's note",
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Import").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        go = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        go = Some(false);
                    }
                });
            });
            match go {
                Some(true) => {
                    app.start_import_with(paths, DnaOptions { actor });
                    None
                }
                Some(false) => None,
                None if r.should_close() => None,
                None => Some(Modal::DnaActor { paths, actor }),
            }
        }
        Modal::MergeSummary { from, report } => {
            let close = super::merge::summary(ctx, &from, &report);
            (!close).then_some(Modal::MergeSummary { from, report })
        }
        Modal::Editor(mut st) => {
            match editor::show(&mut st, &app.doc, app.view.selection, ctx) {
                Some(Outcome::Save) => match st.command(&mut app.doc) {
                    Ok(cmd) => {
                        let editing = st.editing;
                        app.handle(Action::Execute(cmd));
                        app.view.last_issue = st.issue.filter(|_| st.new_issue.is_none());
                        if app.modal.is_none() {
                            if editing.is_none() {
                                // Select the new stance: the last one added to the article.
                                let newest = app.doc.workspace().stances_of(st.article).map(|s| s.id).max();
                                app.view.stance = newest;
                            }
                            app.view.selection = None;
                        }
                        return;
                    }
                    Err(e) => {
                        st.error = Some(e);
                        Some(Modal::Editor(st))
                    }
                },
                Some(Outcome::Cancel) => None,
                None => Some(Modal::Editor(st)),
            }
        }
        Modal::Coder(st) => super::team::coder_modal(app, ctx, st),
        Modal::Sample(st) => super::team::sample_modal(app, ctx, st),
        Modal::OpenServer(d) => super::server::open_modal(app, ctx, d),
        Modal::ServerConflict(v) => super::server::conflict_modal(app, ctx, v),
        Modal::ServerRefused(list) => super::server::refused_modal(app, ctx, list),
        Modal::Shortcuts => {
            let r = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcut_grid").striped(true).show(ui, |ui| {
                    for (keys, what) in shortcuts::HELP {
                        ui.label(RichText::new(*keys).monospace());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
                ui.add_space(8.0);
                ui.button("Close").clicked()
            });
            (!(r.inner || r.should_close())).then_some(Modal::Shortcuts)
        }
        Modal::About => {
            let r = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
                ui.set_width(440.0);
                ui.heading("Stance Tracker");
                ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                ui.label("Follow who takes which position on which issue across news articles.");
                ui.add_space(6.0);
                ui.label(RichText::new("Actor gazetteer built from the PETRARCH2/Phoenix dictionaries (MIT, Open Event Data Alliance). Sample corpus: Wikinews contributors (CC BY 2.5).").small());
                ui.add_space(8.0);
                ui.button("Close").clicked()
            });
            (!(r.inner || r.should_close())).then_some(Modal::About)
        }
        Modal::RemoveIssue { issue, mut move_to } => {
            let ws = app.doc.workspace();
            let Some(i) = ws.issue(issue) else { return };
            let count = ws.stances().filter(|s| s.issue == issue).count();
            let label = i.label.clone();
            let others: Vec<(crate::model::IssueId, String)> = ws
                .issues()
                .filter(|x| x.id != issue)
                .map(|x| (x.id, x.label.clone()))
                .collect();
            let mut decision = None;
            let r = egui::Modal::new(egui::Id::unique("remove_issue")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading(format!("Delete issue “{label}”?"));
                if count == 0 {
                    ui.label("No stance uses this issue.");
                } else {
                    ui.label(format!(
                        "{count} stance(s) are coded on this issue. What should happen to them?"
                    ));
                    ui.horizontal(|ui| {
                        let move_label = ui.label("Move them to");
                        let current = move_to
                            .and_then(|m| others.iter().find(|o| o.0 == m))
                            .map_or("(choose an issue)", |o| o.1.as_str());
                        egui::ComboBox::from_id_salt("move_to")
                            .selected_text(current)
                            .show_ui(ui, |ui| {
                                for (id, l) in &others {
                                    ui.selectable_value(&mut move_to, Some(*id), l);
                                }
                            })
                            .response
                            .labelled_by(move_label.id);
                        if ui
                            .add_enabled(move_to.is_some(), egui::Button::new("Move and delete issue"))
                            .clicked()
                        {
                            decision = move_to.map(IssueRemoval::MoveStancesTo);
                        }
                    });
                }
                ui.horizontal(|ui| {
                    let text = if count == 0 {
                        "Delete issue".to_owned()
                    } else {
                        format!("Delete issue and its {count} stance(s)")
                    };
                    if ui.button(text).clicked() {
                        decision = Some(IssueRemoval::DeleteStances);
                    }
                    if ui.button("Cancel").clicked() {
                        decision = Some(IssueRemoval::MoveStancesTo(issue)); // sentinel: cancel
                    }
                });
            });
            match decision {
                Some(IssueRemoval::MoveStancesTo(t)) if t == issue => None,
                Some(how) => {
                    if let Ok(cmd) = ops::remove_issue(app.doc.workspace(), issue, how) {
                        app.handle(Action::Execute(cmd));
                        app.view.codebook.selected = None;
                    }
                    return;
                }
                None if r.should_close() => None,
                None => Some(Modal::RemoveIssue { issue, move_to }),
            }
        }
        Modal::MergeActors { keep, absorb } => {
            let ws = app.doc.workspace();
            let (Some(k), Some(a)) = (ws.actor(keep), ws.actor(absorb)) else {
                return;
            };
            let n = ws.stances().filter(|s| s.actor == absorb).count();
            let (kn, an) = (k.name.clone(), a.name.clone());
            let mut go = None;
            let r = egui::Modal::new(egui::Id::unique("merge")).show(ctx, |ui| {
                ui.set_width(440.0);
                ui.heading("Merge actors?");
                ui.label(format!("“{an}” will become an alias of “{kn}”. Its {n} stance(s), its aliases and its members move to “{kn}”."));
                ui.horizontal(|ui| {
                    if ui.button("Merge").clicked() {
                        go = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        go = Some(false);
                    }
                });
            });
            match go {
                Some(true) => {
                    if let Ok(cmd) = ops::merge_actors(app.doc.workspace(), keep, absorb) {
                        app.handle(Action::Execute(cmd));
                        app.view.actors.selected = Some(keep);
                        app.view.actors.load(app.doc.workspace());
                    }
                    return;
                }
                Some(false) => None,
                None if r.should_close() => None,
                None => Some(Modal::MergeActors { keep, absorb }),
            }
        }
        Modal::Locked { path, workspace, owner } => {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("locked")).show(ctx, |ui| {
                ui.set_width(480.0);
                ui.heading("This workspace is already open");
                ui.label(format!("{} is open in another Stance Tracker: {owner}.", path.display()));
                ui.label("If both save, the last save wins and the other's changes are lost. Open it anyway only if that other window is gone.");
                ui.horizontal(|ui| {
                    if ui.button("Open anyway").clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(false);
                    }
                });
            });
            match choice {
                Some(true) => {
                    let lock = crate::storage::lock::WorkspaceLock::force(&path);
                    app.finish_open(*workspace, path, lock);
                    None
                }
                Some(false) => None,
                None => Some(Modal::Locked { path, workspace, owner }),
            }
        }
        Modal::Restore(info) => {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading("Restore unsaved work?");
                let when = info
                    .saved_at
                    .to_string()
                    .replace('T', " ")
                    .trim_end_matches('Z')
                    .to_owned();
                let of = info
                    .original
                    .as_ref()
                    .map(|p| format!(" of {}", p.display()))
                    .unwrap_or_default();
                ui.label(format!(
                    "Stance Tracker did not close cleanly. A recovery copy{of} from {when} UTC is available."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        choice = Some(Action::RestoreRecovery);
                    }
                    if ui.button("Discard it").clicked() {
                        choice = Some(Action::DiscardRecovery);
                    }
                });
            });
            app.modal = Some(Modal::Restore(info));
            if let Some(a) = choice {
                app.handle(a);
            }
            return;
        }
    };
    if app.modal.is_none() {
        app.modal = keep;
    }
}
