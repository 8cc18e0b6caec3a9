//! The Actors and Codebook windows: everything about actors (rename, kind,
//! affiliation, aliases, colour, merge, delete) and issues (add, edit, remove).

use super::app::{Action, ModalKind, StanceApp};
use crate::model::{Actor, ActorId, ActorKind, Command, Issue, IssueCues, IssueId, TargetRules, Workspace, ops};
use eframe::egui::{self, RichText};

#[derive(Default)]
pub struct ActorsWindow {
    pub open: bool,
    pub selected: Option<ActorId>,
    pub filter: String,
    /// Edit buffer of the selected actor.
    draft: Option<ActorDraft>,
    merge_into: Option<ActorId>,
}

impl ActorsWindow {
    /// A fresh window state that keeps only whether it is open.
    pub fn reset(&mut self) {
        *self = ActorsWindow {
            open: self.open,
            ..ActorsWindow::default()
        };
    }
}

#[derive(Clone, PartialEq)]
struct ActorDraft {
    id: ActorId,
    name: String,
    kind: ActorKind,
    affiliation: Option<ActorId>,
    aliases: String,
    color: [u8; 3],
    notes: String,
}

impl ActorsWindow {
    /// Fills the edit buffer from the selected actor.
    pub fn load(&mut self, ws: &Workspace) {
        self.draft = self.selected.and_then(|id| ws.actor(id)).map(|a| ActorDraft {
            id: a.id,
            name: a.name.clone(),
            kind: a.kind,
            affiliation: a.affiliation,
            aliases: a.aliases.join("\n"),
            color: a.color,
            notes: a.notes.clone(),
        });
        self.merge_into = None;
    }
}

#[derive(Default)]
pub struct CodebookWindow {
    pub open: bool,
    pub selected: Option<IssueId>,
    draft: Option<IssueDraft>,
}

impl CodebookWindow {
    pub fn reset(&mut self) {
        *self = CodebookWindow {
            open: self.open,
            ..CodebookWindow::default()
        };
    }
}

#[derive(Clone, PartialEq)]
struct IssueDraft {
    id: Option<IssueId>,
    key: String,
    label: String,
    description: String,
    support_means: String,
    oppose_means: String,
    topic: String,
    support: String,
    oppose: String,
    aimed_by: String,
    partners_by: String,
    owner_acts: bool,
    condemning_supports: bool,
}

impl IssueDraft {
    fn from(i: &Issue) -> IssueDraft {
        let targets = i.cues.target_rules(&i.key);
        IssueDraft {
            id: Some(i.id),
            key: i.key.clone(),
            label: i.label.clone(),
            description: i.description.clone(),
            support_means: i.support_means.clone(),
            oppose_means: i.oppose_means.clone(),
            topic: i.cues.topic.join(", "),
            support: i.cues.support.join(", "),
            oppose: i.cues.oppose.join(", "),
            aimed_by: targets.aimed_by.join(", "),
            partners_by: targets.partners_by.join(", "),
            owner_acts: targets.owner_acts,
            condemning_supports: targets.condemning_supports,
        }
    }
}

fn cue_list(s: &str) -> Vec<String> {
    s.split([',', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn show(app: &mut StanceApp, ctx: &egui::Context) {
    if app.view.actors.open {
        let mut open = true;
        egui::Window::new("Actors")
            .open(&mut open)
            .default_size([620.0, 480.0])
            .show(ctx, |ui| actors(app, ui));
        app.view.actors.open = open;
    }
    if app.view.codebook.open {
        let mut open = true;
        egui::Window::new("Codebook")
            .open(&mut open)
            .default_size([620.0, 480.0])
            .show(ctx, |ui| codebook(app, ui));
        app.view.codebook.open = open;
    }
}

fn actors(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let w = &mut app.view.actors;
    if w.draft.as_ref().map(|d| d.id) != w.selected {
        w.load(ws);
    }
    let mut counts = std::collections::HashMap::new();
    for s in ws.stances() {
        *counts.entry(s.actor).or_insert(0usize) += 1;
    }
    let mut actions: Vec<Action> = Vec::new();
    egui::Panel::left("actor_list")
        .resizable(true)
        .default_size(230.0)
        .show(ui, |ui| {
            if ui
                .button("Reassign colours")
                .on_hover_text(
                    "Palette colours for the actors whose colour you did not pick, different within each article",
                )
                .clicked()
                && let Some(cmd) = ops::reassign_colors(ws)
            {
                actions.push(Action::Execute(cmd));
            }
            ui.add(
                egui::TextEdit::singleline(&mut w.filter)
                    .hint_text("Filter actors")
                    .desired_width(f32::INFINITY),
            );
            let needle = w.filter.to_lowercase();
            let mut list: Vec<&Actor> = ws
                .actors()
                .filter(|a| needle.is_empty() || a.names().any(|n| n.to_lowercase().contains(&needle)))
                .collect();
            list.sort_by_key(|a| a.name.to_lowercase());
            egui::ScrollArea::vertical()
                .id_salt("actor_list_scroll")
                .auto_shrink([false, false])
                .show_rows(ui, 20.0, list.len(), |ui, range| {
                    for a in &list[range] {
                        let n = counts.get(&a.id).copied().unwrap_or(0);
                        let text = RichText::new(format!("{}  ({n})", a.name)).color(super::palette::actor(a.color));
                        if ui.selectable_label(w.selected == Some(a.id), text).clicked() {
                            w.selected = Some(a.id);
                        }
                    }
                });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(d) = &mut w.draft else {
            ui.weak("Select an actor to edit it.");
            return;
        };
        egui::Grid::new("actor_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("Name");
                ui.add(egui::TextEdit::singleline(&mut d.name).desired_width(260.0))
                    .labelled_by(l.id);
                ui.end_row();
                let kind_label = ui.label("Kind");
                egui::ComboBox::from_id_salt("actor_kind")
                    .selected_text(d.kind.as_str())
                    .show_ui(ui, |ui| {
                        for k in ActorKind::ALL {
                            ui.selectable_value(&mut d.kind, k, k.as_str());
                        }
                    })
                    .response
                    .labelled_by(kind_label.id);
                ui.end_row();
                let aff_label = ui.label("Affiliation");
                let current = d
                    .affiliation
                    .and_then(|id| ws.actor(id))
                    .map_or("(none)", |a| a.name.as_str());
                egui::ComboBox::from_id_salt("actor_affiliation")
                    .selected_text(current)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut d.affiliation, None, "(none)");
                        let mut options: Vec<&Actor> = ws
                            .actors()
                            .filter(|a| a.id != d.id && a.kind != ActorKind::Person)
                            .collect();
                        options.sort_by_key(|a| a.name.to_lowercase());
                        for a in options {
                            ui.selectable_value(&mut d.affiliation, Some(a.id), &a.name);
                        }
                    })
                    .response
                    .labelled_by(aff_label.id);
                ui.end_row();
                let l = ui.label("Colour");
                ui.color_edit_button_srgb(&mut d.color).labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Aliases\n(one per line)");
                ui.add(
                    egui::TextEdit::multiline(&mut d.aliases)
                        .desired_rows(4)
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Notes");
                ui.add(
                    egui::TextEdit::multiline(&mut d.notes)
                        .desired_rows(2)
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        let original = ws.actor(d.id);
        ui.horizontal(|ui| {
            if ui.button("Apply changes").clicked()
                && let Some(orig) = original
            {
                // Removed aliases are kept as rejected in the same undoable
                // edit, so the next analysis does not bring them back.
                let mut a = orig.with_aliases(
                    d.aliases
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                );
                a.name = d.name.trim().to_owned();
                a.kind = d.kind;
                a.affiliation = d.affiliation;
                if a.color != d.color {
                    a.color = d.color;
                    a.color_chosen = true;
                }
                a.notes = d.notes.clone();
                if &a != orig {
                    actions.push(Action::Execute(Command::UpdateActor(a)));
                }
            }
            let n = counts.get(&d.id).copied().unwrap_or(0);
            if ui.button(format!("Delete actor and {n} stance(s)")).clicked()
                && let Ok(cmd) = ops::remove_actor(ws, d.id)
            {
                actions.push(Action::Execute(cmd));
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            let merge_label = ui.label("Merge into");
            let current = w
                .merge_into
                .and_then(|id| ws.actor(id))
                .map_or("(choose the actor to keep)", |a| a.name.as_str());
            egui::ComboBox::from_id_salt("merge_into")
                .selected_text(current)
                .width(220.0)
                .show_ui(ui, |ui| {
                    let mut options: Vec<&Actor> = ws.actors().filter(|a| a.id != d.id).collect();
                    options.sort_by_key(|a| a.name.to_lowercase());
                    for a in options {
                        ui.selectable_value(&mut w.merge_into, Some(a.id), &a.name);
                    }
                })
                .response
                .labelled_by(merge_label.id);
            if ui
                .add_enabled(w.merge_into.is_some(), egui::Button::new("Merge…"))
                .clicked()
                && let Some(keep) = w.merge_into
            {
                actions.push(Action::ShowModal(ModalKind::MergeActors { keep, absorb: d.id }));
            }
        });
    });
    let deleted = actions
        .iter()
        .any(|a| matches!(a, Action::Execute(Command::Batch { label, .. }) if label.starts_with("delete actor")));
    if deleted {
        w.selected = None;
        w.draft = None;
    }
    app.actions.extend(actions);
}

fn codebook(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let w = &mut app.view.codebook;
    if w.draft.as_ref().and_then(|d| d.id) != w.selected && w.draft.as_ref().is_none_or(|d| d.id.is_some()) {
        w.draft = w.selected.and_then(|id| ws.issue(id)).map(IssueDraft::from);
    }
    let mut actions = Vec::new();
    egui::Panel::left("issue_list")
        .resizable(true)
        .default_size(200.0)
        .show(ui, |ui| {
            for i in ws.issues() {
                let n = ws.stances().filter(|s| s.issue == i.id).count();
                if ui
                    .selectable_label(w.selected == Some(i.id), format!("{}  ({n})", i.label))
                    .clicked()
                {
                    w.selected = Some(i.id);
                }
            }
            ui.separator();
            if ui.button("Add issue").clicked() {
                w.selected = None;
                w.draft = Some(IssueDraft {
                    id: None,
                    key: String::new(),
                    label: String::new(),
                    description: String::new(),
                    support_means: String::new(),
                    oppose_means: String::new(),
                    topic: String::new(),
                    support: String::new(),
                    oppose: String::new(),
                    aimed_by: String::new(),
                    partners_by: String::new(),
                    owner_acts: false,
                    condemning_supports: false,
                });
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(d) = &mut w.draft else {
            ui.weak("Select an issue to edit it, or add one.");
            return;
        };
        egui::Grid::new("issue_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for (label, value, multi) in [
                    ("Label", &mut d.label, false),
                    ("Key", &mut d.key, false),
                    ("Description", &mut d.description, true),
                    ("Support means", &mut d.support_means, true),
                    ("Oppose means", &mut d.oppose_means, true),
                    ("Topic cue words", &mut d.topic, true),
                    ("Support cue words", &mut d.support, true),
                    ("Oppose cue words", &mut d.oppose, true),
                    ("Target words", &mut d.aimed_by, false),
                    ("Partner words", &mut d.partners_by, false),
                ] {
                    let l = ui.label(label);
                    if multi {
                        ui.add(egui::TextEdit::multiline(value).desired_rows(2).desired_width(320.0))
                            .labelled_by(l.id);
                    } else {
                        ui.add(egui::TextEdit::singleline(value).desired_width(320.0))
                            .labelled_by(l.id);
                    }
                    ui.end_row();
                }
                ui.label("Targets");
                ui.vertical(|ui| {
                    ui.checkbox(
                        &mut d.owner_acts,
                        "An owner's topic word is their act (\"the EU's sanctions\")",
                    );
                    ui.checkbox(
                        &mut d.condemning_supports,
                        "Condemning someone, in an article on the issue, supports acting against them",
                    );
                });
                ui.end_row();
            });
        ui.weak(
            "Cue words are comma-separated; the analysis uses them for new suggestions. Target words follow a cue \
             and name whom the act is aimed at (\"sanctions on Iran\"): that actor takes no position by it. \
             Partner words name those who take part with the agent (\"met with Khalilzad\").",
        );
        ui.horizontal(|ui| {
            let label = if d.id.is_some() { "Apply changes" } else { "Add issue" };
            if ui.button(label).clicked() {
                let key = if d.key.trim().is_empty() {
                    d.label.trim().to_lowercase().replace(' ', "_")
                } else {
                    d.key.trim().to_owned()
                };
                let issue = |id| Issue {
                    id,
                    key: key.clone(),
                    label: d.label.trim().to_owned(),
                    description: d.description.clone(),
                    support_means: d.support_means.clone(),
                    oppose_means: d.oppose_means.clone(),
                    cues: IssueCues {
                        topic: cue_list(&d.topic),
                        support: cue_list(&d.support),
                        oppose: cue_list(&d.oppose),
                        targets: Some(TargetRules {
                            aimed_by: cue_list(&d.aimed_by),
                            partners_by: cue_list(&d.partners_by),
                            owner_acts: d.owner_acts,
                            condemning_supports: d.condemning_supports,
                        }),
                    },
                };
                match d.id {
                    Some(id) => actions.push(Action::Execute(Command::UpdateIssue(issue(id)))),
                    None => actions.push(Action::Execute(Command::AddIssue(issue(IssueId(0))))),
                }
            }
            if let Some(id) = d.id
                && ui.button("Delete issue…").clicked()
            {
                actions.push(Action::ShowModal(ModalKind::RemoveIssue(id)));
            }
        });
    });
    // New issues get their id at the moment they are added.
    for a in &mut actions {
        if let Action::Execute(Command::AddIssue(i)) = a {
            i.id = IssueId(app.doc.alloc_id());
            app.view.codebook.selected = Some(i.id);
            app.view.codebook.draft = None;
        }
    }
    app.actions.extend(actions);
}
