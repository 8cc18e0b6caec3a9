//! The Reliability tab: the figures of [`agreement::agreement`] for the
//! coders compared, over the articles every one of them marked done, and the
//! units they coded differently, settled with single keys into the consensus
//! layer. Every change is one command, so one undo step.

use super::cached::Cached;
use crate::model::adjudicate::{self, UnitKey};
use crate::model::{CoderId, Position, StanceId, Workspace};
use crate::report::agreement::units::UnitValue;
use crate::report::agreement::{self, AgreementOptions, AgreementReport, Disagreement, Estimate, Figures, Tables};
use crate::ui::app::{Action, StanceApp};
use crate::ui::palette;
use eframe::egui::{self, Key, Modifiers, RichText};
use egui_extras::{Column, TableBuilder};

/// From this many stances on, the figures (and their bootstrap) are computed
/// on a thread; the previous figures stay on screen meanwhile. Each
/// adjudication is a new revision, so this stays low: keys never wait for a
/// bootstrap.
const BACKGROUND_STANCES: usize = 1_000;
/// Scoring the suggester analyses every done article afresh: on a thread
/// from this many articles.
const BACKGROUND_SUGGESTER_ARTICLES: usize = 30;
/// The disagreement list is cheap (one pass over the done articles'
/// stances): on a thread only for very big workspaces.
const BACKGROUND_LIST_STANCES: usize = 200_000;

/// What the figures depend on: revision, coders compared, suggester.
type ReportKey = (u64, Vec<CoderId>, bool);

#[derive(Default)]
pub(crate) struct ReliabilityState {
    /// The coders compared, as ticked; `None` is [`agreement::compared_coders`].
    coders: Option<Vec<CoderId>>,
    suggester: bool,
    report: Cached<ReportKey, Option<AgreementReport>>,
    list: Cached<(u64, Vec<CoderId>), Vec<Disagreement>>,
    /// The selected row of the disagreement list.
    selected: usize,
    /// Scroll the list to the selection (it was moved by a key).
    scroll_to_selected: bool,
    editor: Option<ConsensusEditor>,
}

impl ReliabilityState {
    /// The coders compared: the ones ticked that still exist, by default
    /// every coder who marked an article done.
    fn compared(&self, ws: &Workspace) -> Vec<CoderId> {
        match &self.coders {
            Some(c) => c.iter().copied().filter(|&c| ws.coder(c).is_some()).collect(),
            None => agreement::compared_coders(ws),
        }
    }
}

/// The small dialog that writes the consensus of one unit by hand.
struct ConsensusEditor {
    unit: UnitKey,
    title: String,
    position: Position,
    /// Evidence to choose from: (whose, start, end, text).
    spans: Vec<(String, usize, usize, String)>,
    span: usize,
    note: String,
}

fn unit_key(d: &Disagreement) -> UnitKey {
    UnitKey {
        article: d.unit.article,
        actor: d.unit.actor,
        issue: d.unit.issue,
    }
}

fn coder_name(ws: &Workspace, id: CoderId) -> String {
    ws.coder(id).map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// "A and B", "A, B and C".
fn joined(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "both A and B", "all of A, B and C".
fn coder_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("both {a} and {b}"),
        [rest @ .., last] => format!("all of {} and {last}", rest.join(", ")),
    }
}

pub(crate) fn reliability(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace().clone();
    let revision = app.doc.revision();
    let coders = app.view.results.reliability.compared(&ws);
    let (list, list_updating) = {
        let st = &mut app.view.results.reliability;
        let big = ws.stance_count() >= BACKGROUND_LIST_STANCES;
        let cs = coders.clone();
        if coders.len() >= 2 {
            st.list.get(&ws, (revision, coders.clone()), big, move |ws| {
                agreement::disagreements(ws, &cs)
            })
        } else {
            (Default::default(), false)
        }
    };
    let st = &mut app.view.results.reliability;
    let suggester = st.suggester;
    let (report, updating) = if coders.len() >= 2 {
        let big = ws.stance_count() >= BACKGROUND_STANCES
            || (suggester && ws.article_count() >= BACKGROUND_SUGGESTER_ARTICLES);
        let options = AgreementOptions {
            coders: coders.clone(),
            suggester,
            ..AgreementOptions::default()
        };
        st.report
            .get(&ws, (revision, coders.clone(), suggester), big, move |ws| {
                Some(agreement::agreement(ws, &options))
            })
    } else {
        (Default::default(), false)
    };
    // Keys first, before any widget of the tab can take them.
    keys(app, ui.ctx(), &ws, &list, &coders);
    controls(app, ui, &ws, &coders, updating || list_updating);
    if coders.len() < 2 {
        nothing_to_compare(ui, &ws, &coders);
        return;
    }
    let Some(report) = &*report else { return };
    let names: Vec<String> = coders.iter().map(|&c| coder_name(&ws, c)).collect();
    if report.articles == 0 {
        ui.add_space(12.0);
        ui.label(
            RichText::new(format!(
                "No article is marked done by {} yet — mark articles done with Ctrl+D.",
                coder_list(&names)
            ))
            .strong(),
        );
        ui.weak("Reliability counts only articles every compared coder marked done, so an unfinished article is never a disagreement.");
        return;
    }
    figures_section(ui, report);
    ui.add_space(6.0);
    ui.separator();
    super::reliability_list::list(app, ui, &ws, &list, &coders);
}

/// Which coders to compare, and whether to score the suggester.
fn controls(app: &mut StanceApp, ui: &mut egui::Ui, ws: &Workspace, compared: &[CoderId], updating: bool) {
    let st = &mut app.view.results.reliability;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Coders compared:").strong())
            .on_hover_text("Tick the coders (layers) to compare. By default: every coder who marked an article done.");
        for c in ws.coders() {
            let mut on = compared.contains(&c.id);
            let name = if c.consensus {
                format!("{} (consensus)", c.name)
            } else {
                c.name.clone()
            };
            if ui.checkbox(&mut on, name).changed() {
                let mut now: Vec<CoderId> = compared.iter().copied().filter(|&x| x != c.id).collect();
                if on {
                    now.push(c.id);
                }
                now.sort();
                st.coders = Some(now);
                st.selected = 0;
            }
        }
        if st.coders.is_some()
            && ui
                .small_button("Default")
                .on_hover_text("Compare every coder who marked an article done")
                .clicked()
        {
            st.coders = None;
            st.selected = 0;
        }
        ui.separator();
        ui.checkbox(&mut st.suggester, "Score the suggester as a coder")
            .on_hover_text(
                "Runs the analysis afresh on the done articles and scores its positions as one more coder's \
             (what coders did with its suggestions does not flatter it)",
            );
        if updating {
            // In this row, so that the figures below do not jump while they update.
            super::updating_note(ui, "Computing the figures (bootstrap, 2,000 draws)…");
        }
    });
    ui.add_space(2.0);
}

fn nothing_to_compare(ui: &mut egui::Ui, ws: &Workspace, compared: &[CoderId]) {
    ui.add_space(12.0);
    let humans = ws.coders().filter(|c| !c.consensus).count();
    let text = if humans < 2 {
        format!(
            "Reliability compares two or more coders; this workspace has {humans}. Each coder codes the same \
             articles under their own name (Coding menu) and marks them done with Ctrl+D."
        )
    } else if compared.is_empty() {
        "No coder has marked an article done yet — mark articles done with Ctrl+D, or tick the coders to compare."
            .to_owned()
    } else {
        format!(
            "Only {} is compared: tick a second coder above, or have another coder mark articles done with Ctrl+D.",
            coder_name(ws, compared[0])
        )
    };
    ui.label(RichText::new(text).strong());
}

/// Krippendorff's reading of alpha, as a colour: at least 0.800 reliable,
/// 0.667 to 0.800 tentative, below not reliable.
fn alpha_colour(ui: &egui::Ui, alpha: Option<f64>) -> egui::Color32 {
    let dark = ui.visuals().dark_mode;
    match alpha {
        Some(a) if a >= 0.8 => {
            if dark {
                egui::Color32::from_rgb(0x4C, 0xC9, 0x9F)
            } else {
                egui::Color32::from_rgb(0x00, 0x7A, 0x5A)
            }
        }
        Some(a) if a >= 0.667 => {
            if dark {
                egui::Color32::from_rgb(0xF0, 0xB4, 0x40)
            } else {
                egui::Color32::from_rgb(0x9A, 0x62, 0x00)
            }
        }
        Some(_) => {
            if dark {
                egui::Color32::from_rgb(0xFF, 0x8A, 0x5C)
            } else {
                egui::Color32::from_rgb(0xB8, 0x3F, 0x00)
            }
        }
        None => ui.visuals().weak_text_color(),
    }
}

/// An estimate as the table shows it: "0.412 [0.118, 0.706]".
pub(crate) fn estimate_text(e: &Estimate) -> String {
    match (e.value, e.ci_low, e.ci_high) {
        (Some(v), Some(lo), Some(hi)) => format!("{v:.3} [{lo:.3}, {hi:.3}]"),
        (Some(v), _, _) => format!("{v:.3}"),
        (None, ..) => "undefined".to_owned(),
    }
}

fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"))
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

const COLUMNS: [(&str, &str); 7] = [
    ("Variable", "An issue, or all issues together"),
    (
        "α nominal [95% CI]",
        "Krippendorff's alpha over the five values (support, oppose, neutral, mixed, no stance): 1 is perfect \
         agreement, 0 what chance gives. In brackets the bootstrap 95% interval (2,000 draws). At least 0.800 \
         is reliable; 0.667 to 0.800 allows tentative conclusions only.",
    ),
    (
        "α interval [95% CI]",
        "Krippendorff's alpha over the score (support +1, neutral and mixed 0, oppose −1); no stance is \
         missing. Small disagreements (support vs. neutral) weigh less than opposite positions.",
    ),
    (
        "% agreement",
        "Percent agreement: the share of agreeing pairs among all pairs of coders of every unit (not \
         corrected for chance)",
    ),
    ("Units", "Units: (article, actor, issue) that any compared coder coded"),
    (
        "Pairable values",
        "Values in units with two or more values: nominal / interval (no stance is missing for interval)",
    ),
    (
        "uα spans",
        "Krippendorff's unitizing alpha of the issue's evidence spans, the done articles laid end to end: do \
         the coders mark the same sentences?",
    ),
];

/// One row of the figures table.
struct Row<'a> {
    name: String,
    figures: &'a Figures,
    unitizing: Option<Option<f64>>,
    strong: bool,
}

fn figures_section(ui: &mut egui::Ui, report: &AgreementReport) {
    let t = &report.coders;
    // Folds away, to give a small window's height to the disagreements.
    let title = RichText::new(format!("Reliability of {}", joined(&t.coders))).heading();
    egui::CollapsingHeader::new(title)
        .id_salt("reliability_figures_open")
        .default_open(true)
        .show_unindented(ui, |ui| figures_body(ui, report));
}

fn figures_body(ui: &mut egui::Ui, report: &AgreementReport) {
    let t = &report.coders;
    ui.weak(format!(
        "Over the {} article(s) every one of them marked done: {} unit(s)",
        report.articles, t.overall.units
    ));
    let mut rows = vec![Row {
        name: "All issues".to_owned(),
        figures: &t.overall,
        unitizing: None,
        strong: true,
    }];
    rows.extend(t.issues.iter().map(|i| Row {
        name: i.label.clone(),
        figures: &i.figures,
        unitizing: Some(i.unitizing_alpha),
        strong: false,
    }));
    if let Some(s) = &report.with_suggester {
        rows.push(Row {
            name: "All issues, suggester as a coder".to_owned(),
            figures: &s.overall,
            unitizing: None,
            strong: true,
        });
    }
    ui.push_id("reliability_figures", |ui| figures_table(ui, &rows));
    ui.add_space(4.0);
    kappa_line(ui, t, "Cohen's κ per pair (nominal, all issues):");
    if let Some(s) = &report.with_suggester {
        let mut only = s.clone();
        only.overall.kappa.retain(|k| k.second == agreement::SUGGESTER);
        kappa_line(ui, &only, "κ with the suggester:");
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Actors identified:").strong()).on_hover_text(
            "Nominal alpha over (article, actor) pairs: 1 when a coder coded anything for that actor in that \
             article, else 0. Do the coders find the same actors?",
        );
        figure_label(ui, "Actors identified", "α", &t.actors_identified);
        ui.weak(format!("over {} (article, actor) pair(s)", t.actor_units));
        if let Some(s) = &report.with_suggester {
            ui.separator();
            ui.label("with the suggester:");
            figure_label(ui, "Actors identified with the suggester", "α", &s.actors_identified);
            if report.suggester_unknown_actors > 0 {
                ui.weak(format!(
                    "({} suggestion(s) about actors the workspace does not have left out)",
                    report.suggester_unknown_actors
                ));
            }
        }
    });
    ui.weak(
        "A unit is an (article, actor, issue); a coder's value is the position of their accepted stances \
         there, or no stance. Hover a heading for what each figure means; undefined means the values do not \
         vary or nothing is pairable.",
    );
}

/// A coloured alpha with its accessible name "`what` `row`: 0.412 [..]".
fn figure_label(ui: &mut egui::Ui, row: &str, what: &str, e: &Estimate) {
    let text = estimate_text(e);
    let colour = alpha_colour(ui, e.value);
    let resp = ui.label(RichText::new(&text).color(colour).strong());
    let name = format!("{what} — {row}: {text}");
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
}

fn figures_table(ui: &mut egui::Ui, rows: &[Row<'_>]) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    // Fits an 800-point window: the name column gives way first.
    let spacing = 7.0 * ui.spacing().item_spacing.x;
    let name_w = (ui.available_width() - 604.0 - spacing).clamp(120.0, 260.0);
    TableBuilder::new(ui)
        .id_salt("reliability_figures_table")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(name_w).clip(true))
        .column(Column::exact(150.0).clip(true))
        .column(Column::exact(150.0).clip(true))
        .column(Column::exact(86.0).clip(true))
        .column(Column::exact(48.0).clip(true))
        .column(Column::exact(100.0).clip(true))
        .column(Column::remainder().at_least(70.0).clip(true))
        .header(row_h + 2.0, |mut h| {
            for (name, means) in COLUMNS {
                h.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(name).strong()).truncate())
                        .on_hover_text(means);
                });
            }
        })
        .body(|mut body| {
            for r in rows {
                body.row(row_h, |mut row| {
                    let f = r.figures;
                    row.col(|ui| {
                        let t = RichText::new(&r.name);
                        ui.label(if r.strong { t.strong() } else { t });
                    });
                    row.col(|ui| figure_label(ui, &r.name, "α nominal", &f.alpha_nominal));
                    row.col(|ui| figure_label(ui, &r.name, "α interval", &f.alpha_interval));
                    row.col(|ui| {
                        ui.label(percent(f.percent_agreement));
                    });
                    row.col(|ui| {
                        ui.label(f.units.to_string())
                            .on_hover_text(format!("{} unit(s) with two or more values", f.pairable_units));
                    });
                    row.col(|ui| {
                        ui.label(format!("{} / {}", f.pairable_values, f.pairable_values_interval));
                    });
                    row.col(|ui| {
                        if let Some(u) = r.unitizing {
                            let resp = ui.label(optional(u));
                            let name = format!("uα — {}: {}", r.name, optional(u));
                            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
                        }
                    });
                });
            }
        });
}

fn kappa_line(ui: &mut egui::Ui, t: &Tables, title: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(title).strong()).on_hover_text(
            "Cohen's kappa of two coders over the units both coded (the five values), corrected for chance \
             as each coder uses the values",
        );
        if t.overall.kappa.is_empty() {
            ui.weak("no pair");
        }
        for (i, k) in t.overall.kappa.iter().enumerate() {
            if i > 0 {
                ui.weak("·");
            }
            ui.label(format!("{} – {}", k.first, k.second));
            let text = optional(k.kappa);
            let resp = ui.label(RichText::new(&text).color(alpha_colour(ui, k.kappa)).strong());
            let name = format!("κ — {} and {}: {text}", k.first, k.second);
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
            let per_issue: Vec<String> = t
                .issues
                .iter()
                .filter_map(|i| {
                    let p = i
                        .figures
                        .kappa
                        .iter()
                        .find(|p| p.first == k.first && p.second == k.second)?;
                    Some(format!("{}: {} ({} units)", i.label, optional(p.kappa), p.units))
                })
                .collect();
            resp.on_hover_text(format!(
                "κ of {} and {} per issue\n{}",
                k.first,
                k.second,
                per_issue.join("\n")
            ));
            ui.weak(format!("({} units)", k.units));
        }
    });
}

/// The keys of the disagreement list: they act while the tab is shown and
/// no text field, dialog or the consensus editor has the keyboard. The
/// reader's coding keys are off while results are shown, so none clash.
fn keys(app: &mut StanceApp, ctx: &egui::Context, ws: &Workspace, list: &[Disagreement], coders: &[CoderId]) {
    if app.modal.is_some()
        || app.in_app_dialog.is_some()
        || app.view.results.reliability.editor.is_some()
        || ctx.text_edit_focused()
        || list.is_empty()
    {
        return;
    }
    let key = |k: Key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
    let st = &mut app.view.results.reliability;
    st.selected = st.selected.min(list.len() - 1);
    if key(Key::J) || key(Key::ArrowDown) {
        st.selected = (st.selected + 1).min(list.len() - 1);
        st.scroll_to_selected = true;
    }
    if key(Key::K) || key(Key::ArrowUp) {
        st.selected = st.selected.saturating_sub(1);
        st.scroll_to_selected = true;
    }
    let index = st.selected;
    let d = &list[index];
    if key(Key::Enter) {
        open(app, d);
    }
    const DIGITS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    for (n, k) in DIGITS.into_iter().enumerate() {
        if key(k) {
            match coders.get(n) {
                Some(&coder) => adopt(app, ws, d, coder, index, list.len()),
                None => app.message = format!("There is no coder {} in this comparison", n + 1),
            }
        }
    }
    if key(Key::C) {
        app.view.results.reliability.editor = Some(editor_for(ws, d));
    }
}

/// Takes `coder`'s coding of the unit as the consensus, then selects the next row.
pub(super) fn adopt(app: &mut StanceApp, ws: &Workspace, d: &Disagreement, coder: CoderId, index: usize, rows: usize) {
    match adjudicate::adopt(ws, unit_key(d), coder) {
        Ok(cmd) => {
            app.actions.push(Action::Execute(cmd));
            let st = &mut app.view.results.reliability;
            st.selected = (index + 1).min(rows.saturating_sub(1));
            st.scroll_to_selected = true;
        }
        Err(e) => app.message = format!("Not taken as consensus: {e}"),
    }
}

/// Opens the unit's article in the reader at the first coder's evidence.
pub(super) fn open(app: &mut StanceApp, d: &Disagreement) {
    let first: Option<StanceId> = d.values.iter().find_map(|(_, _, ids)| ids.first().copied());
    if let Some(id) = first {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectStance(Some(id)));
    } else {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectArticle(d.unit.article));
    }
}

fn editor_for(ws: &Workspace, d: &Disagreement) -> ConsensusEditor {
    let mut spans: Vec<(String, usize, usize, String)> = Vec::new();
    for (coder, _, ids) in &d.values {
        let name = coder_name(ws, *coder);
        for s in ids.iter().filter_map(|&id| ws.stance(id)) {
            let (start, end) = (s.evidence.start, s.evidence.end);
            match spans.iter_mut().find(|x| x.1 == start && x.2 == end) {
                // The same sentence: one choice naming both coders.
                Some(x) if !x.0.split(", ").any(|n| n == name) => x.0 = format!("{}, {name}", x.0),
                Some(_) => {}
                None => spans.push((name.clone(), start, end, s.evidence.text.clone())),
            }
        }
    }
    let position = match d.consensus {
        Some(UnitValue::Position(p)) => p,
        _ => d
            .values
            .iter()
            .find_map(|(_, v, _)| match v {
                UnitValue::Position(p) => Some(*p),
                UnitValue::NoStance => None,
            })
            .unwrap_or(Position::Support),
    };
    let actor = ws.actor(d.unit.actor).map_or("?", |a| a.name.as_str());
    let issue = ws.issue(d.unit.issue).map_or("?", |i| i.label.as_str());
    let article = ws.article(d.unit.article).map_or("?", |a| a.title.as_str());
    ConsensusEditor {
        unit: unit_key(d),
        title: format!("{actor} on {issue} · {article}"),
        position,
        spans,
        span: 0,
        note: String::new(),
    }
}

/// The consensus editor, when open: position, evidence, note.
pub(super) fn consensus_editor(app: &mut StanceApp, ctx: &egui::Context, ws: &Workspace) {
    let Some(ed) = app.view.results.reliability.editor.as_mut() else {
        return;
    };
    let mut write = false;
    let mut cancel = false;
    let modal = egui::Modal::new(egui::Id::unique("consensus_editor")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading("Write the consensus");
        ui.label(RichText::new(&ed.title).strong());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label("Position");
            for p in Position::ALL {
                ui.radio_value(
                    &mut ed.position,
                    p,
                    RichText::new(p.as_str()).color(palette::position(p)),
                );
            }
        });
        ui.add_space(4.0);
        ui.label("Evidence");
        for (i, (who, _, _, text)) in ed.spans.iter().enumerate() {
            ui.radio_value(&mut ed.span, i, format!("{who}: “{}”", short(text, 140)));
        }
        ui.add_space(4.0);
        let l = ui.label("Note (optional)");
        ui.add(
            egui::TextEdit::multiline(&mut ed.note)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("why the consensus is what it is"),
        )
        .labelled_by(l.id);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            write = ui.button("Write consensus").clicked();
            cancel = ui.button("Cancel").clicked();
            ui.weak("Ctrl+Enter writes, Escape cancels");
        });
    });
    write |= ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
    if modal.should_close() {
        cancel = true;
    }
    if write {
        let Some(ed) = app.view.results.reliability.editor.take() else {
            return;
        };
        let (start, end) = ed.spans.get(ed.span).map_or((0, 0), |s| (s.1, s.2));
        match adjudicate::write_consensus(ws, ed.unit, ed.position, start, end, ed.note.trim().to_owned()) {
            Ok(cmd) => app.actions.push(Action::Execute(cmd)),
            Err(e) => app.message = format!("Consensus not written: {e}"),
        }
    } else if cancel {
        app.view.results.reliability.editor = None;
    }
}

/// At most `max` chars of `text`, with an ellipsis.
pub(super) fn short(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

pub(super) fn value_text(ui: &egui::Ui, v: UnitValue) -> RichText {
    match v {
        UnitValue::Position(p) => RichText::new(p.as_str()).color(palette::position(p)).strong(),
        UnitValue::NoStance => RichText::new("no stance")
            .color(ui.visuals().weak_text_color())
            .italics(),
    }
}

pub(super) fn selection(app: &mut StanceApp) -> (&mut usize, &mut bool) {
    let st = &mut app.view.results.reliability;
    (&mut st.selected, &mut st.scroll_to_selected)
}

pub(super) fn coder_names(ws: &Workspace, coders: &[CoderId]) -> Vec<String> {
    coders.iter().map(|&c| coder_name(ws, c)).collect()
}

pub(super) fn open_editor(app: &mut StanceApp, ws: &Workspace, d: &Disagreement) {
    app.view.results.reliability.editor = Some(editor_for(ws, d));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_estimates_and_long_sentences_read_as_the_tab_writes_them() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(coder_list(&names(&["A", "B"])), "both A and B");
        assert_eq!(coder_list(&names(&["A", "B", "C"])), "all of A, B and C");
        assert_eq!(joined(&names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(joined(&names(&["A"])), "A");
        let e = |value, ci_low, ci_high| Estimate { value, ci_low, ci_high };
        assert_eq!(
            estimate_text(&e(Some(0.41249), Some(-0.1), Some(1.0))),
            "0.412 [-0.100, 1.000]"
        );
        assert_eq!(estimate_text(&e(Some(0.5), None, None)), "0.500");
        assert_eq!(estimate_text(&e(None, None, None)), "undefined");
        assert_eq!(percent(Some(0.4286)), "42.9%");
        assert_eq!(short("  a b c  ", 10), "a b c");
        assert_eq!(short("abcdef ghij", 7), "abcdef…");
    }
}
