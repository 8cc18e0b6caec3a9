//! The stance panel: the current article's suggestions (pending first, most
//! confident first), then accepted, then rejected, each with its actor,
//! issue, position, confidence, rule and evidence.

use super::app::{Action, StanceApp};
use super::palette;
use super::team::Seen;
use crate::model::{ArticleId, Origin, Position, Stance, Status, Workspace};
use eframe::egui::{self, RichText};

/// Stances of an article in panel order, those `seen` shows.
pub(crate) fn ordered(ws: &Workspace, article: ArticleId, seen: Seen) -> Vec<&Stance> {
    let mut v: Vec<&Stance> = ws.stances_of(article).filter(|s| seen.shows(ws, s)).collect();
    let conf = |s: &Stance| match s.origin {
        Origin::Suggested { confidence, .. } => confidence,
        Origin::Manual => 1.0,
    };
    v.sort_by(|a, b| {
        (a.status as u8)
            .cmp(&(b.status as u8))
            .then(conf(b).total_cmp(&conf(a)))
            .then(a.evidence.start.cmp(&b.evidence.start))
    });
    v
}

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::Panel::right("stances")
        .resizable(true)
        .default_size(400.0)
        .min_size(240.0)
        .max_size(super::reader::side_panel_max(ui, 0.32))
        .show(ui, |ui| {
            // A panel keeps the width of its contents, and nothing here is
            // wider than it must be (the cards wrap): without this the panel
            // would shrink to its minimum while no article is open.
            ui.set_min_width(ui.available_width());
            ui.add_space(4.0);
            ui.heading("Stances");
            let Some(article) = app.view.article else {
                ui.weak("No article selected.");
                return;
            };
            let seen = Seen::of(app);
            let blind = seen.blind(app.doc.workspace(), article);
            if blind {
                ui.label(
                    RichText::new("Blind coding: suggestions and other coders' stances are hidden here")
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.add_enabled_ui(!blind, |ui| {
                ui.horizontal(|ui| {
                    let accept = ui
                        .button("Accept all ≥")
                        .on_hover_text("Accept every pending suggestion of this article at or above this confidence");
                    if accept.clicked() {
                        app.actions.push(Action::AcceptAllAbove(app.view.accept_threshold));
                    }
                    let value = ui.add(
                        egui::DragValue::new(&mut app.view.accept_threshold)
                            .range(0.0..=1.0)
                            .speed(0.01)
                            .fixed_decimals(2),
                    );
                    let label = ui.weak("confidence");
                    value.labelled_by(label.id);
                })
            });
            ui.weak("J/K move · A accept · R reject · 1–4 position");
            ui.separator();
            let ws = app.doc.workspace();
            let stances = ordered(ws, article, seen);
            if stances.is_empty() {
                ui.weak("No stances yet. Select text in the article and press N to code one.");
                let hidden = ws.stances_of(article).count();
                if hidden > 0 && !blind {
                    ui.weak(format!(
                        "{hidden} stance(s) of other coders are hidden (Coding > Show other coders' stances)."
                    ));
                }
                return;
            }
            let selected = app.view.stance;
            let scroll = std::mem::take(&mut app.view.scroll_to_stance);
            let mut actions = Vec::new();
            egui::ScrollArea::vertical()
                .id_salt("stance_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let mut last_status = None;
                    for s in stances {
                        if last_status != Some(s.status) {
                            last_status = Some(s.status);
                            let title = match s.status {
                                Status::Pending => "Suggestions to review",
                                Status::Accepted => "Accepted",
                                Status::Rejected => "Rejected",
                            };
                            ui.add_space(6.0);
                            ui.label(RichText::new(title).strong().color(palette::status(s.status)));
                        }
                        card(ws, ui, s, selected == Some(s.id), scroll, &mut actions);
                    }
                });
            app.actions.extend(actions);
        });
}

fn card(ws: &Workspace, ui: &mut egui::Ui, s: &Stance, selected: bool, scroll: bool, actions: &mut Vec<Action>) {
    let actor = ws.actor(s.actor).map_or("(missing actor)", |a| a.name.as_str());
    let issue = ws.issue(s.issue).map_or("(missing issue)", |i| i.label.as_str());
    let frame = egui::Frame::group(ui.style())
        .fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.35)
        } else {
            ui.visuals().faint_bg_color
        })
        .stroke(if selected {
            ui.visuals().selection.stroke
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        });
    let inner = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(actor).strong());
            ui.label("—");
            ui.label(issue);
            ui.label("—");
            ui.label(
                RichText::new(s.position.as_str())
                    .strong()
                    .color(palette::position(s.position)),
            );
            if let Origin::Suggested { confidence, .. } = s.origin {
                ui.weak(format!("{:.0}%", confidence * 100.0));
            } else {
                ui.weak("manual");
            }
        });
        let quote = ellipsis(&s.evidence.text, 260);
        let quoted = if quote.starts_with(['“', '"', '«']) {
            quote
        } else {
            format!("“{quote}”")
        };
        ui.label(RichText::new(quoted).italics());
        if let Origin::Suggested { rule, .. } = &s.origin {
            ui.label(RichText::new(format!("why: {rule}")).small().weak());
        }
        if !s.note.is_empty() {
            ui.label(RichText::new(format!("note: {}", s.note)).small());
        }
        ui.horizontal_wrapped(|ui| {
            match s.status {
                Status::Pending => {
                    if ui.small_button("Accept").clicked() {
                        actions.push(Action::SetStatus(s.id, Status::Accepted));
                    }
                    if ui.small_button("Reject").clicked() {
                        actions.push(Action::SetStatus(s.id, Status::Rejected));
                    }
                }
                Status::Accepted | Status::Rejected
                    if s.origin.is_suggested() && ui.small_button("Back to pending").clicked() =>
                {
                    actions.push(Action::SetStatus(s.id, Status::Pending));
                }
                _ => {}
            }
            let label = ui.weak("Position");
            egui::ComboBox::from_id_salt(("pos", s.id.0))
                .width(80.0)
                .selected_text(s.position.as_str())
                .show_ui(ui, |ui| {
                    for p in Position::ALL {
                        if ui.selectable_label(p == s.position, p.as_str()).clicked() && p != s.position {
                            actions.push(Action::SetPosition(s.id, p));
                        }
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("Position (keys 1–4)");
            if ui.small_button("Edit").clicked() {
                actions.push(Action::EditStance(s.id));
            }
            if ui.small_button("Delete").clicked() {
                actions.push(Action::DeleteStance(s.id));
            }
        });
    });
    let resp = inner.response.interact(egui::Sense::click());
    if resp.clicked() {
        actions.push(Action::SelectStance(Some(s.id)));
    }
    if selected && scroll {
        resp.scroll_to_me(Some(egui::Align::Center));
    }
}

fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>().trim_end())
    }
}
