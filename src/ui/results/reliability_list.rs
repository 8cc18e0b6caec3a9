//! The disagreement list of the Reliability tab: every unit the compared
//! coders coded differently, their values and evidence side by side, and
//! what the consensus holds; its keys are in [`super::reliability`].

use super::reliability::{adopt, coder_names, consensus_editor, open, open_editor, selection, short, value_text};
use crate::model::adjudicate;
use crate::model::{CoderId, Workspace};
use crate::report::agreement::Disagreement;
use crate::ui::app::{Action, StanceApp};
use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

/// What the keys do, shown under the list.
pub(crate) const KEY_HINTS: &str = "J / K or Down / Up: select   ·   Enter or click: open in the reader at the \
     evidence   ·   1-9: take coder N's coding as the consensus   ·   C: write the consensus   ·   Ctrl+Z: undo";

/// A coder's evidence for the unit: their stances' sentences.
fn evidence_of(ws: &Workspace, ids: &[crate::model::StanceId]) -> String {
    let texts: Vec<String> = ids
        .iter()
        .filter_map(|&id| ws.stance(id))
        .map(|s| format!("“{}”", s.evidence.text.trim()))
        .collect();
    texts.join(" / ")
}

/// The row's accessible name, also its tooltip's first line.
fn row_name(ws: &Workspace, i: usize, d: &Disagreement, names: &[String]) -> String {
    let title = ws.article(d.unit.article).map_or("?", |a| a.title.as_str());
    let actor = ws.actor(d.unit.actor).map_or("?", |a| a.name.as_str());
    let issue = ws.issue(d.unit.issue).map_or("?", |x| x.label.as_str());
    let values: Vec<String> = d
        .values
        .iter()
        .zip(names)
        .map(|((_, v, _), n)| format!("{n} {}", v.as_str()))
        .collect();
    let consensus = d.consensus.map_or("not settled", |v| v.as_str());
    format!(
        "Disagreement {}: {title} — {actor} on {issue}: {}; consensus: {consensus}",
        i + 1,
        values.join(", ")
    )
}

pub(super) fn list(app: &mut StanceApp, ui: &mut egui::Ui, ws: &Workspace, list: &[Disagreement], coders: &[CoderId]) {
    let names = coder_names(ws, coders);
    let settled = list.iter().filter(|d| d.consensus.is_some()).count();
    ui.horizontal(|ui| {
        let heading = format!("Disagreements: {}", list.len());
        ui.label(RichText::new(&heading).heading());
        ui.weak(format!(
            "{settled} settled in the consensus, {} to go",
            list.len() - settled
        ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Copy all agreements to consensus")
                .on_hover_text(
                    "Copies into the consensus every unit of the done articles on which all compared coders coded \
                     the same position (and the consensus holds nothing yet). One undo step.",
                )
                .clicked()
            {
                match adjudicate::adopt_agreements(ws, coders) {
                    Some(cmd) => app.actions.push(Action::Execute(cmd)),
                    None => app.message = "Nothing to copy: the consensus holds every agreed unit already".into(),
                }
            }
        });
    });
    if list.is_empty() {
        ui.label("The coders agree on every unit of the done articles: nothing to adjudicate.");
        return;
    }
    let (selected, scroll) = selection(app);
    *selected = (*selected).min(list.len() - 1);
    let current = *selected;
    let scroll_to = std::mem::take(scroll).then_some(current);
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = 2.0 * line + 10.0;
    // Widths from the window's: the coders' columns get what is left.
    let width = ui.available_width();
    let spacing = (5 + names.len()) as f32 * ui.spacing().item_spacing.x;
    let (article_w, actor_w, issue_w) = (
        (width * 0.2).clamp(120.0, 240.0),
        (width * 0.12).clamp(90.0, 160.0),
        (width * 0.11).clamp(80.0, 130.0),
    );
    let fixed = 34.0 + article_w + actor_w + issue_w + 100.0 + spacing;
    let coder_w = ((width - fixed) / names.len() as f32).max(110.0);
    // The keys' buttons for the selected row, and the keys, kept in view under the list.
    egui::Panel::bottom("reliability_keys")
        .show_separator_line(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                ui.weak(format!("Row {}:", current + 1));
                let d = &list[current];
                for (n, ((coder, _, _), name)) in d.values.iter().zip(&names).enumerate() {
                    if ui
                        .small_button(format!("{} Take {name}'s", n + 1))
                        .on_hover_text(format!("Take {name}'s coding of this unit as the consensus"))
                        .clicked()
                    {
                        adopt(app, ws, d, *coder, current, list.len());
                    }
                }
                if ui.small_button("C Write consensus…").clicked() {
                    open_editor(app, ws, d);
                }
                if ui.small_button("Open in reader").clicked() {
                    open(app, d);
                }
            });
            ui.weak(KEY_HINTS);
        });
    let mut clicked = None;
    ui.push_id("reliability_disagreements", |ui| {
        let height = (ui.available_height() - line - 12.0).max(row_h);
        // A light tint for the selected row: the values' colours stay legible on it.
        let dark = ui.visuals().dark_mode;
        let tint = crate::ui::palette::highlight(ui.visuals().selection.bg_fill, dark);
        ui.visuals_mut().selection.bg_fill = tint;
        let mut table = TableBuilder::new(ui)
            .id_salt("disagreement_table")
            .striped(true)
            .sense(egui::Sense::click())
            .min_scrolled_height(0.0)
            .max_scroll_height(height)
            .auto_shrink([false, true])
            .column(Column::exact(34.0))
            .column(Column::exact(article_w).clip(true))
            .column(Column::exact(actor_w).clip(true))
            .column(Column::exact(issue_w).clip(true));
        for _ in &names {
            table = table.column(Column::exact(coder_w).clip(true));
        }
        table = table.column(Column::remainder().at_least(90.0).clip(true));
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, None);
        }
        table
            .header(line + 10.0, |mut h| {
                for name in ["#", "Article", "Actor", "Issue"] {
                    h.col(|ui| {
                        ui.strong(name);
                    });
                }
                for (n, name) in names.iter().enumerate() {
                    h.col(|ui| {
                        ui.strong(format!("{} · {name}", n + 1))
                            .on_hover_text(format!("Press {} to take {name}'s coding as the consensus", n + 1));
                    });
                }
                h.col(|ui| {
                    ui.strong("Consensus")
                        .on_hover_text("What the consensus layer holds for the unit");
                });
            })
            .body(|body| {
                body.rows(row_h, list.len(), |mut row| {
                    let i = row.index();
                    let d = &list[i];
                    row.set_selected(i == current);
                    let article = ws.article(d.unit.article);
                    let (_, first) = row.col(|ui| {
                        ui.weak((i + 1).to_string());
                    });
                    let name = row_name(ws, i, d, &names);
                    first.widget_info(|| egui::WidgetInfo::selected(egui::Role::Row, true, i == current, &name));
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            cell(ui, RichText::new(article.map_or("?", |a| a.title.as_str())).strong());
                            let date = article.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default();
                            cell(ui, RichText::new(date).weak());
                        });
                    });
                    row.col(|ui| cell(ui, ws.actor(d.unit.actor).map_or("?", |a| a.name.as_str())));
                    row.col(|ui| cell(ui, ws.issue(d.unit.issue).map_or("?", |x| x.label.as_str())));
                    for (_, v, ids) in &d.values {
                        row.col(|ui| {
                            ui.vertical(|ui| {
                                let value = value_text(ui, *v);
                                cell(ui, value);
                                let evidence = evidence_of(ws, ids);
                                if !evidence.is_empty() {
                                    cell(ui, RichText::new(evidence).italics());
                                }
                            });
                        });
                    }
                    row.col(|ui| match d.consensus {
                        Some(v) => {
                            let value = value_text(ui, v);
                            cell(ui, value);
                        }
                        None => cell(ui, RichText::new("not settled").weak()),
                    });
                    let resp = row.response();
                    if resp.clicked() {
                        clicked = Some(i);
                    }
                    resp.on_hover_ui(|ui| {
                        ui.set_max_width(520.0);
                        ui.label(&name);
                        for ((_, _, ids), n) in d.values.iter().zip(&names) {
                            let e = evidence_of(ws, ids);
                            if !e.is_empty() {
                                ui.label(format!("{n}: {}", short(&e, 400)));
                            }
                        }
                    });
                });
            });
    });
    if let Some(i) = clicked {
        *selection(app).0 = i;
        open(app, &list[i]);
    }
    consensus_editor(app, ui.ctx(), ws);
}

fn cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).selectable(false).truncate());
}
