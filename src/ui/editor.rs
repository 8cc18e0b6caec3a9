//! The stance editor: actor, issue, position, note and evidence span, for a
//! new stance from a text selection or an existing one.

use super::palette;
use crate::model::{
    Actor, ActorId, ActorKind, ArticleId, Command, Document, Issue, IssueCues, IssueId, Position, Stance, StanceId, ops,
};
use eframe::egui::{self, Key, RichText};

pub struct EditorState {
    pub editing: Option<StanceId>,
    pub article: ArticleId,
    pub start: usize,
    pub end: usize,
    pub actor: Option<ActorId>,
    pub actor_filter: String,
    pub new_actor: Option<(String, ActorKind)>,
    pub issue: Option<IssueId>,
    pub new_issue: Option<String>,
    pub position: Position,
    pub note: String,
    pub error: Option<String>,
    pub focus_filter: bool,
}

pub enum Outcome {
    Save,
    Cancel,
}

impl EditorState {
    pub fn new(article: ArticleId, start: usize, end: usize) -> EditorState {
        EditorState {
            editing: None,
            article,
            start,
            end,
            actor: None,
            actor_filter: String::new(),
            new_actor: None,
            issue: None,
            new_issue: None,
            position: Position::Support,
            note: String::new(),
            error: None,
            focus_filter: true,
        }
    }

    pub fn edit(s: &Stance) -> EditorState {
        EditorState {
            editing: Some(s.id),
            actor: Some(s.actor),
            issue: Some(s.issue),
            position: s.position,
            note: s.note.clone(),
            focus_filter: false,
            ..EditorState::new(s.article, s.evidence.start, s.evidence.end)
        }
    }

    /// The command that stores the edit: new actor and issue first, then the stance.
    pub fn command(&self, doc: &mut Document) -> Result<Command, String> {
        let mut commands = Vec::new();
        let actor = match (&self.new_actor, self.actor) {
            (Some((name, kind)), _) if !name.trim().is_empty() => {
                if let Some(existing) = doc.workspace().actor_by_name(name) {
                    existing.id
                } else {
                    let id = ActorId(doc.alloc_id());
                    commands.push(Command::AddActor(Actor::new(id, name.trim(), *kind)));
                    id
                }
            }
            (_, Some(a)) => a,
            _ => return Err("Choose an actor, or type the name of a new one.".into()),
        };
        let issue = match (&self.new_issue, self.issue) {
            (Some(label), _) if !label.trim().is_empty() => {
                let key = label.trim().to_lowercase().replace(char::is_whitespace, "_");
                if let Some(existing) = doc.workspace().issue_by_key(&key) {
                    existing.id
                } else {
                    let id = IssueId(doc.alloc_id());
                    commands.push(Command::AddIssue(Issue {
                        id,
                        key,
                        label: label.trim().to_owned(),
                        description: String::new(),
                        support_means: String::new(),
                        oppose_means: String::new(),
                        cues: IssueCues::default(),
                    }));
                    id
                }
            }
            (_, Some(i)) => i,
            _ => return Err("Choose an issue, or type the name of a new one.".into()),
        };
        let stance_cmd = match self.editing {
            Some(id) => {
                let evidence = ops::evidence_for(doc.workspace(), self.article, self.start, self.end)
                    .map_err(|e| e.to_string())?;
                ops::update_stance(doc.workspace(), id, |s| {
                    s.actor = actor;
                    s.issue = issue;
                    s.position = self.position;
                    s.note = self.note.clone();
                    s.evidence = evidence;
                })
                .map_err(|e| e.to_string())?
            }
            None => {
                let id = StanceId(doc.alloc_id());
                let now = crate::model::Timestamp::now();
                let evidence = ops::evidence_for(doc.workspace(), self.article, self.start, self.end)
                    .map_err(|e| e.to_string())?;
                Command::AddStance(Stance {
                    id,
                    article: self.article,
                    actor,
                    issue,
                    position: self.position,
                    evidence,
                    origin: crate::model::Origin::Manual,
                    status: crate::model::Status::Accepted,
                    note: self.note.clone(),
                    created: now,
                    modified: now,
                    bulk: None,
                    by: Default::default(),
                })
            }
        };
        commands.push(stance_cmd);
        let label = if self.editing.is_some() {
            "edit stance"
        } else {
            "code stance"
        };
        Ok(Command::Batch {
            label: label.into(),
            commands,
        })
    }
}

/// Draws the editor; returns what the user decided, if anything.
pub fn show(
    st: &mut EditorState,
    doc: &Document,
    selection: Option<(usize, usize)>,
    ctx: &egui::Context,
) -> Option<Outcome> {
    let ws = doc.workspace();
    // Taken before any text field sees it: a focused field would otherwise
    // keep Ctrl+Enter to itself.
    let mut outcome = ctx
        .input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::Enter))
        .then_some(Outcome::Save);
    let modal = egui::Modal::new(egui::Id::unique("stance_editor")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(if st.editing.is_some() {
            "Edit stance"
        } else {
            "New stance"
        });
        let quote = ws
            .article(st.article)
            .and_then(|a| a.slice(st.start, st.end))
            .unwrap_or("");
        ui.label(RichText::new(format!("“{}”", quote)).italics());
        if let Some((s, e)) = selection.filter(|&(s, e)| (s, e) != (st.start, st.end) && e > s)
            && ui.small_button("Use the current text selection as evidence").clicked()
        {
            st.start = s;
            st.end = e;
        }
        ui.separator();

        // Actor: searchable by name and alias, or a new one.
        let actor_label = ui.label(RichText::new("Actor").strong());
        if let Some((name, kind)) = &mut st.new_actor {
            let mut back = false;
            ui.horizontal(|ui| {
                ui.label("New actor");
                ui.add(egui::TextEdit::singleline(name).hint_text("Name").desired_width(220.0));
                let kind_label = ui.label("kind");
                egui::ComboBox::from_id_salt("new_actor_kind")
                    .selected_text(kind.as_str())
                    .show_ui(ui, |ui| {
                        for k in ActorKind::ALL {
                            ui.selectable_value(kind, k, k.as_str());
                        }
                    })
                    .response
                    .labelled_by(kind_label.id);
                back = ui.small_button("Choose existing").clicked();
            });
            if back {
                st.new_actor = None;
            }
        } else {
            let mut entered = false;
            ui.horizontal(|ui| {
                let f = ui
                    .add(
                        egui::TextEdit::singleline(&mut st.actor_filter)
                            .hint_text("Search actors and aliases")
                            .desired_width(300.0),
                    )
                    .labelled_by(actor_label.id);
                if std::mem::take(&mut st.focus_filter) {
                    f.request_focus();
                }
                entered = f.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if ui.small_button("New actor…").clicked() {
                    st.new_actor = Some((st.actor_filter.clone(), ActorKind::Person));
                }
            });
            let needle = st.actor_filter.to_lowercase();
            let mut matches: Vec<&Actor> = ws
                .actors()
                .filter(|a| needle.is_empty() || a.names().any(|n| n.to_lowercase().contains(&needle)))
                .collect();
            matches.sort_by_key(|a| a.name.to_lowercase());
            // Enter in the search takes the first match (the only one, often).
            if entered && !needle.is_empty() {
                match matches.first() {
                    Some(a) => st.actor = Some(a.id),
                    None => st.new_actor = Some((st.actor_filter.clone(), ActorKind::Person)),
                }
            }
            if !needle.is_empty() && st.actor.is_none_or(|id| !matches.iter().any(|a| a.id == id)) {
                ui.weak(match matches.first() {
                    Some(a) => format!("Enter picks {}", a.name),
                    None => "Enter creates a new actor of this name".to_owned(),
                });
            }
            egui::ScrollArea::vertical()
                .id_salt("actor_choices")
                .max_height(140.0)
                .show(ui, |ui| {
                    for a in matches.iter().take(300) {
                        let aliases = if a.aliases.is_empty() {
                            String::new()
                        } else {
                            format!("  ({})", a.aliases.join(", "))
                        };
                        let label = format!("{}{aliases}", a.name);
                        if ui.selectable_label(st.actor == Some(a.id), label).clicked() {
                            st.actor = Some(a.id);
                        }
                    }
                    if matches.is_empty() {
                        ui.weak("No actor matches; use “New actor…”.");
                    }
                });
        }
        ui.separator();

        // Issue: a combo, or a new one.
        ui.horizontal(|ui| {
            let issue_label = ui.label(RichText::new("Issue").strong());
            if let Some(label) = &mut st.new_issue {
                ui.add(
                    egui::TextEdit::singleline(label)
                        .hint_text("New issue name")
                        .desired_width(220.0),
                );
                if ui.small_button("Choose existing").clicked() {
                    st.new_issue = None;
                }
            } else {
                let current = st
                    .issue
                    .and_then(|i| ws.issue(i))
                    .map_or("(choose)", |i| i.label.as_str());
                egui::ComboBox::from_id_salt("issue_choice")
                    .selected_text(current)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        for i in ws.issues() {
                            ui.selectable_value(&mut st.issue, Some(i.id), &i.label)
                                .on_hover_text(&i.description);
                        }
                    })
                    .response
                    .labelled_by(issue_label.id);
                if ui.small_button("New issue…").clicked() {
                    st.new_issue = Some(String::new());
                }
            }
        });
        if let Some(i) = st.issue.and_then(|i| ws.issue(i)).filter(|_| st.new_issue.is_none()) {
            ui.label(
                RichText::new(format!("support: {} · oppose: {}", i.support_means, i.oppose_means))
                    .small()
                    .weak(),
            );
        }

        // Position: radio buttons, keys 1–4 when not typing.
        ui.horizontal(|ui| {
            ui.label(RichText::new("Position").strong());
            for (n, p) in Position::ALL.into_iter().enumerate() {
                ui.radio_value(
                    &mut st.position,
                    p,
                    RichText::new(format!("{} {}", n + 1, p.as_str())).color(palette::position(p)),
                );
            }
        });
        if !ctx.egui_wants_keyboard_input() {
            for (k, p) in [
                (Key::Num1, Position::Support),
                (Key::Num2, Position::Oppose),
                (Key::Num3, Position::Neutral),
                (Key::Num4, Position::Mixed),
            ] {
                if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, k)) {
                    st.position = p;
                }
            }
        }
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("Note").strong());
            ui.add(
                egui::TextEdit::singleline(&mut st.note)
                    .hint_text("Optional")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        if let Some(e) = &st.error {
            ui.colored_label(palette::position(Position::Oppose), e);
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Save stance").clicked() || ctx.input(|i| i.modifiers.command && i.key_pressed(Key::Enter)) {
                outcome = Some(Outcome::Save);
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(Outcome::Cancel);
            }
            ui.weak("Ctrl+Enter saves · Esc cancels");
        });
    });
    if modal.should_close() && outcome.is_none() {
        outcome = Some(Outcome::Cancel);
    }
    outcome
}
