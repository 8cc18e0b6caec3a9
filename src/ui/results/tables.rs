//! The three tables: actor × issue matrix, every stance, every article.
//! All rows are virtualised; sorting and filtering are cached per revision,
//! and computed on a thread from a snapshot for big workspaces.

use super::cached::Cached;
use super::{Computed, NET_POSITION_MEANS, net_label};
use crate::model::{ArticleId, Origin, Stance, StanceId, Status, Workspace};
use crate::report::{Filter, net_position};
use crate::ui::app::{Action, StanceApp};
use crate::ui::palette;
use eframe::egui::{self, Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};

type Sort = (usize, bool);

/// From this many stances (or articles) on, table rows are computed on a thread.
const BACKGROUND_ROWS: usize = 100_000;

#[derive(Default)]
pub(crate) struct TableCache {
    stances: Cached<(u64, Filter, Sort), StanceRows>,
    articles: Cached<(u64, Filter, Sort), Vec<ArticleRow>>,
}

/// The stances table's rows, and how many pending suggestions would match
/// the filter but for its statuses (counted in the same pass, so the hint
/// costs nothing per frame).
#[derive(Default)]
struct StanceRows {
    ids: Vec<StanceId>,
    hidden_pending: usize,
}

#[derive(Clone)]
struct ArticleRow {
    id: ArticleId,
    actors: usize,
    counts: [usize; 3],
}

/// A colour for a net position in [−1, 1] on a diverging scale.
fn diverging(net: f32, dark: bool) -> Color32 {
    let base = if net >= 0.0 {
        palette::position(crate::model::Position::Support)
    } else {
        palette::position(crate::model::Position::Oppose)
    };
    let strength = net.abs().clamp(0.0, 1.0);
    let alpha = (40.0 + 180.0 * strength) as u8;
    let c = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
    if dark { c } else { c.gamma_multiply(0.9) }
}

/// Paints `text` centred in `rect`, or `short` when `text` does not fit (a
/// narrow column; the tooltip and the accessible name keep the long form).
fn paint_fitted(ui: &egui::Ui, rect: egui::Rect, text: &str, short: &str) {
    let font = egui::FontId::proportional(13.0);
    let color = ui.visuals().strong_text_color();
    let mut galley = ui.painter().layout_no_wrap(text.to_owned(), font.clone(), color);
    if galley.size().x > rect.width() - 4.0 {
        galley = ui.painter().layout_no_wrap(short.to_owned(), font, color);
    }
    let pos = rect.center() - galley.size() / 2.0;
    ui.painter().galley(pos, galley, color);
}

fn header_button(ui: &mut egui::Ui, label: &str, col: usize, sort: (usize, bool)) -> bool {
    let mark = if sort.0 == col {
        if sort.1 { " ^" } else { " v" }
    } else {
        ""
    };
    ui.add(egui::Button::new(RichText::new(format!("{label}{mark}")).strong()).frame(false))
        .clicked()
}

/// A table cell's text. Not selectable, so that a click on the text reaches
/// the row (a selectable label takes the click for itself); cut to the
/// column with "…", and then the full text shows on hover.
fn cell_text(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).selectable(false).truncate());
}

fn toggle_sort(sort: &mut (usize, bool), col: usize) {
    if sort.0 == col {
        sort.1 = !sort.1;
    } else {
        *sort = (col, true);
    }
}

pub fn matrix(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    let ws = app.doc.workspace();
    let m = &computed.matrix;
    if m.rows.is_empty() {
        ui.weak(
            "No accepted stance matches the filters. Accept suggestions in the reader, or include pending ones above.",
        );
        return;
    }
    let dark = app.view.dark;
    let sort = app.view.results.table_sort;
    // Rows sorted by name (column 0) or by an issue's net position.
    let mut order: Vec<usize> = (0..m.rows.len()).collect();
    if sort.0 >= 3 && sort.0 - 3 < m.columns.len() {
        let c = sort.0 - 3;
        order.sort_by(|&a, &b| {
            let (x, y) = (
                net_position(m.cell(a, c)).unwrap_or(f32::NAN),
                net_position(m.cell(b, c)).unwrap_or(f32::NAN),
            );
            let o = y.partial_cmp(&x).unwrap_or_else(|| x.is_nan().cmp(&y.is_nan()));
            if sort.1 { o } else { o.reverse() }
        });
    } else if sort.0 == 0 && !sort.1 {
        order.reverse();
    }
    let mut clicked_header = None;
    let mut clicked_cell = None;
    ui.weak(format!(
        "{NET_POSITION_MEANS}; click a cell for its evidence, a header to sort."
    ));
    // Wide enough for "+1.00 (2 support / 0 oppose)", so many issues scroll sideways.
    egui::ScrollArea::horizontal().id_salt("matrix_scroll").show(ui, |ui| {
        let mut table = TableBuilder::new(ui)
            .id_salt("matrix_table")
            .striped(true)
            .resizable(true)
            .column(Column::initial(200.0).at_least(120.0).clip(true))
            .column(Column::initial(90.0))
            .column(Column::initial(130.0).clip(true));
        for _ in &m.columns {
            table = table.column(Column::initial(190.0).at_least(70.0));
        }
        table
            .header(24.0, |mut h| {
                for (i, name) in ["Actor", "Kind", "Affiliation"].into_iter().enumerate() {
                    h.col(|ui| {
                        if header_button(ui, name, i, sort) {
                            clicked_header = Some(i);
                        }
                    });
                }
                for (c, issue) in m.columns.iter().enumerate() {
                    let label = ws.issue(*issue).map_or("?", |i| i.label.as_str());
                    h.col(|ui| {
                        if header_button(ui, label, c + 3, sort) {
                            clicked_header = Some(c + 3);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, order.len(), |mut row| {
                    let r = order[row.index()];
                    let actor = ws.actor(m.rows[r]);
                    row.col(|ui| {
                        let color = actor.map_or(Color32::GRAY, |a| palette::actor(a.color));
                        ui.label(RichText::new(actor.map_or("?", |a| a.name.as_str())).color(color));
                    });
                    row.col(|ui| {
                        ui.label(actor.map_or("", |a| a.kind.as_str()));
                    });
                    row.col(|ui| {
                        ui.label(actor.and_then(|a| a.affiliation).and_then(|id| ws.actor(id)).map_or("", |a| a.name.as_str()));
                    });
                    for c in 0..m.columns.len() {
                        let cell = m.cell(r, c);
                        row.col(|ui| {
                            if cell.is_empty() {
                                ui.weak("·");
                                return;
                            }
                            let net = net_position(cell).unwrap_or(0.0);
                            let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 20.0), Sense::click());
                            ui.painter().rect_filled(rect, 3.0, diverging(net, dark));
                            let text = net_label(cell);
                            paint_fitted(ui, rect, &text, &format!("{net:+.2} ({}/{})", cell.support, cell.oppose));
                            let actor_name = actor.map_or("?", |a| a.name.as_str()).to_owned();
                            let issue_name = ws.issue(m.columns[c]).map_or("?", |i| i.label.as_str()).to_owned();
                            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{actor_name} on {issue_name}: {text}")));
                            let resp = resp.on_hover_text(format!(
                                "{actor_name} on {issue_name}: net position {net:+.2}\n= ({} support − {} oppose) / {} stance(s) ({} neutral, {} mixed)",
                                cell.support, cell.oppose, cell.total(), cell.neutral, cell.mixed
                            ));
                            if resp.clicked() {
                                clicked_cell = Some((format!("{actor_name} on {issue_name}"), cell.stances.clone()));
                            }
                        });
                    }
                });
            });
    });
    if let Some(c) = clicked_header {
        toggle_sort(&mut app.view.results.table_sort, c);
    }
    if let Some(e) = clicked_cell {
        app.view.results.evidence = Some(e);
    }
}

const STANCE_COLUMNS: [&str; 10] = [
    "Date",
    "Article",
    "Actor",
    "Affiliation",
    "Issue",
    "Position",
    "Status",
    "Origin",
    "Confidence",
    "Evidence",
];

/// The analysis's confidence in a suggestion; manual stances have none.
fn confidence(s: &Stance) -> Option<f32> {
    match s.origin {
        Origin::Suggested { confidence, .. } => Some(confidence),
        Origin::Manual => None,
    }
}

fn stance_key(ws: &Workspace, id: StanceId, col: usize) -> String {
    let Some(s) = ws.stance(id) else { return String::new() };
    let article = ws.article(s.article);
    let actor = ws.actor(s.actor);
    match col {
        0 => article.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default(),
        1 => article.map(|a| a.title.to_lowercase()).unwrap_or_default(),
        2 => actor.map(|a| a.name.to_lowercase()).unwrap_or_default(),
        3 => actor
            .and_then(|a| a.affiliation)
            .and_then(|id| ws.actor(id))
            .map(|a| a.name.to_lowercase())
            .unwrap_or_default(),
        4 => ws.issue(s.issue).map(|i| i.label.to_lowercase()).unwrap_or_default(),
        5 => s.position.as_str().to_owned(),
        6 => s.status.as_str().to_owned(),
        7 => s.origin.label().to_owned(),
        // Fixed width, so that text order is numeric order; manual sorts first.
        8 => confidence(s).map(|c| format!("{c:.3}")).unwrap_or_default(),
        _ => s.evidence.text.to_lowercase(),
    }
}

/// Every stance the filter allows (pending too when asked), sorted.
fn stance_rows(ws: &Workspace, filter: &Filter, sort: Sort) -> StanceRows {
    // The sort keys live in one buffer: a million separate Strings took long
    // to free, and freeing them stalled the window when the thread ended.
    let mut keys = String::new();
    let mut keyed: Vec<(u32, u32, StanceId)> = Vec::new();
    let pending_hidden = !filter.statuses.is_empty() && !filter.statuses.contains(&Status::Pending);
    let mut hidden_pending = 0;
    for s in ws.stances() {
        if !filter.matches(ws, s) {
            hidden_pending +=
                usize::from(pending_hidden && s.status == Status::Pending && filter.matches_ignoring_status(ws, s));
            continue;
        }
        let start = keys.len() as u32;
        keys.push_str(&stance_key(ws, s.id, sort.0));
        keyed.push((start, keys.len() as u32, s.id));
    }
    let key = |&(a, z, _): &(u32, u32, StanceId)| &keys[a as usize..z as usize];
    keyed.sort_by(|x, y| key(x).cmp(key(y)).then(x.2.cmp(&y.2)));
    if !sort.1 {
        keyed.reverse();
    }
    StanceRows {
        ids: keyed.into_iter().map(|(_, _, id)| id).collect(),
        hidden_pending,
    }
}

/// Pending suggestions are left out by default, so a table that looks empty
/// says why and offers to show them.
fn hidden_pending_hint(filter: &mut Filter, ui: &mut egui::Ui, hidden: usize) {
    if hidden == 0 {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{hidden} pending suggestion(s) are hidden by the filter")).strong());
        if ui.button("Show them").clicked() {
            filter.statuses.insert(Status::Pending);
            filter.statuses.insert(Status::Accepted);
        }
    });
}

/// The status, with Accept / Reject for a pending suggestion (each one
/// undoable command, executed by the app).
fn status_cell(ui: &mut egui::Ui, s: &Stance, decide: &mut Option<(StanceId, Status)>) {
    ui.horizontal(|ui| {
        ui.add(egui::Label::new(RichText::new(s.status.as_str()).color(palette::status(s.status))).selectable(false));
        if s.status != Status::Pending {
            return;
        }
        if ui
            .small_button("Accept")
            .on_hover_text("Accept this suggestion")
            .clicked()
        {
            *decide = Some((s.id, Status::Accepted));
        }
        if ui
            .small_button("Reject")
            .on_hover_text("Reject this suggestion")
            .clicked()
        {
            *decide = Some((s.id, Status::Rejected));
        }
    });
}

pub fn stances(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let rev = app.doc.revision();
    let st = &mut app.view.results;
    let sort = st.table_sort;
    let filter = st.filter.clone();
    let key = (rev, filter.clone(), sort);
    let big = ws.stance_count() >= BACKGROUND_ROWS;
    let (rows, updating) = st
        .table_cache
        .stances
        .get(ws, key, big, move |ws| stance_rows(ws, &filter, sort));
    if updating {
        super::updating_note(ui, "Updating the rows…");
    }
    hidden_pending_hint(&mut st.filter, ui, rows.hidden_pending);
    let ids = &rows.ids;
    ui.weak(format!(
        "{} stance(s). Click a row to open it in the reader.",
        ids.len()
    ));
    let mut clicked_header = None;
    let mut open = None;
    let mut decide = None;
    egui::ScrollArea::horizontal().id_salt("stance_scroll").show(ui, |ui| {
        TableBuilder::new(ui)
            .id_salt("stance_table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .column(Column::initial(86.0))
            .column(Column::initial(180.0).clip(true))
            .column(Column::initial(150.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(100.0).clip(true))
            .column(Column::initial(70.0))
            .column(Column::initial(170.0))
            .column(Column::initial(74.0))
            .column(Column::initial(84.0))
            .column(Column::remainder().at_least(240.0).clip(true))
            .header(24.0, |mut h| {
                for (i, name) in STANCE_COLUMNS.into_iter().enumerate() {
                    h.col(|ui| {
                        if header_button(ui, name, i, sort) {
                            clicked_header = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, ids.len(), |mut row| {
                    let id = ids[row.index()];
                    let Some(s) = ws.stance(id) else { return };
                    let article = ws.article(s.article);
                    let actor = ws.actor(s.actor);
                    row.col(|ui| {
                        cell_text(
                            ui,
                            article.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default(),
                        )
                    });
                    row.col(|ui| cell_text(ui, article.map_or("", |a| a.title.as_str())));
                    row.col(|ui| cell_text(ui, actor.map_or("", |a| a.name.as_str())));
                    row.col(|ui| {
                        let affiliation = actor.and_then(|a| a.affiliation).and_then(|x| ws.actor(x));
                        cell_text(ui, affiliation.map_or("", |a| a.name.as_str()));
                    });
                    row.col(|ui| cell_text(ui, ws.issue(s.issue).map_or("", |i| i.label.as_str())));
                    row.col(|ui| {
                        cell_text(
                            ui,
                            RichText::new(s.position.as_str()).color(palette::position(s.position)),
                        )
                    });
                    row.col(|ui| status_cell(ui, s, &mut decide));
                    row.col(|ui| cell_text(ui, s.origin.label()));
                    row.col(|ui| cell_text(ui, confidence(s).map(|c| format!("{c:.2}")).unwrap_or_default()));
                    row.col(|ui| cell_text(ui, RichText::new(&s.evidence.text).italics()));
                    if row.response().clicked() {
                        open = Some(id);
                    }
                });
            });
    });
    if let Some(c) = clicked_header {
        toggle_sort(&mut app.view.results.table_sort, c);
    }
    if let Some((id, status)) = decide {
        app.actions.push(Action::SetStatus(id, status));
    } else if let Some(id) = open {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectStance(Some(id)));
    }
}

/// "Actors coded" counts the actors with an accepted stance in the article,
/// the same figure as `actors_with_accepted_stances` in the articles CSV.
const ARTICLE_COLUMNS: [&str; 7] = [
    "Date",
    "Title",
    "Source",
    "Actors coded",
    "Accepted",
    "Pending",
    "Rejected",
];

/// Every article in the filter's dates with its counts, sorted.
fn article_rows(ws: &Workspace, filter: &Filter, sort: Sort) -> Vec<ArticleRow> {
    let mut rows: Vec<ArticleRow> = ws
        .articles()
        .filter(|a| filter.date_matches(a.date))
        .map(|a| {
            let mut counts = [0usize; 3];
            let mut actors = std::collections::HashSet::new();
            for s in ws.stances_of(a.id) {
                counts[match s.status {
                    Status::Accepted => 0,
                    Status::Pending => 1,
                    Status::Rejected => 2,
                }] += 1;
                if s.status == Status::Accepted {
                    actors.insert(s.actor);
                }
            }
            ArticleRow {
                id: a.id,
                actors: actors.len(),
                counts,
            }
        })
        .collect();
    let key = |r: &ArticleRow| -> (String, usize) {
        let a = ws.article(r.id);
        match sort.0 {
            0 => (a.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default(), 0),
            1 => (a.map(|a| a.title.to_lowercase()).unwrap_or_default(), 0),
            2 => (a.map(|a| a.source.to_lowercase()).unwrap_or_default(), 0),
            3 => (String::new(), r.actors),
            c => (String::new(), r.counts[(c - 4).min(2)]),
        }
    };
    rows.sort_by_key(|r| key(r));
    if !sort.1 {
        rows.reverse();
    }
    rows
}

pub fn articles(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let rev = app.doc.revision();
    let st = &mut app.view.results;
    let sort = st.table_sort;
    let filter = st.filter.clone();
    let key = (rev, filter.clone(), sort);
    let big = ws.article_count() * 10 >= BACKGROUND_ROWS;
    let (rows, updating) = st
        .table_cache
        .articles
        .get(ws, key, big, move |ws| article_rows(ws, &filter, sort));
    if updating {
        super::updating_note(ui, "Updating the rows…");
    }
    ui.weak(format!("{} article(s). Click a row to read it.", rows.len()));
    let mut clicked_header = None;
    let mut open = None;
    egui::ScrollArea::horizontal().id_salt("article_scroll").show(ui, |ui| {
        TableBuilder::new(ui)
            .id_salt("article_table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .column(Column::initial(90.0))
            .column(Column::initial(320.0).clip(true))
            .column(Column::initial(200.0).clip(true))
            .columns(Column::initial(70.0), 4)
            .header(24.0, |mut h| {
                for (i, name) in ARTICLE_COLUMNS.into_iter().enumerate() {
                    h.col(|ui| {
                        if header_button(ui, name, i, sort) {
                            clicked_header = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    let Some(a) = ws.article(r.id) else { return };
                    row.col(|ui| cell_text(ui, a.date.map(|d| d.to_string()).unwrap_or_default()));
                    row.col(|ui| cell_text(ui, a.title.as_str()));
                    row.col(|ui| cell_text(ui, a.source.as_str()));
                    row.col(|ui| cell_text(ui, r.actors.to_string()));
                    for n in r.counts {
                        row.col(|ui| cell_text(ui, n.to_string()));
                    }
                    if row.response().clicked() {
                        open = Some(r.id);
                    }
                });
            });
    });
    if let Some(c) = clicked_header {
        toggle_sort(&mut app.view.results.table_sort, c);
    }
    if let Some(id) = open {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectArticle(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Article, Command, Evidence, Position, Timestamp};

    /// One article with a manual accepted stance and two suggestions: one
    /// accepted (0.40), one pending (0.90).
    fn workspace() -> (Workspace, [StanceId; 3]) {
        let mut ws = Workspace::new();
        let article = ArticleId(ws.alloc_id());
        let text = "Alpha joined the talks.";
        ws.apply(Command::AddArticle(Box::new(Article::new(
            article,
            "Talks".into(),
            None,
            "test".into(),
            text.into(),
        ))))
        .unwrap();
        let actor = crate::model::ActorId(ws.alloc_id());
        ws.apply(Command::AddActor(Actor::new(actor, "Alpha", ActorKind::State)))
            .unwrap();
        let issue = ws.issue_by_key("participation").unwrap().id;
        let mut ids = [StanceId(0); 3];
        let origins = [
            (Origin::Manual, Status::Accepted),
            (
                Origin::Suggested {
                    rule: "r".into(),
                    confidence: 0.4,
                },
                Status::Accepted,
            ),
            (
                Origin::Suggested {
                    rule: "r".into(),
                    confidence: 0.9,
                },
                Status::Pending,
            ),
        ];
        for (k, (origin, status)) in origins.into_iter().enumerate() {
            ids[k] = StanceId(ws.alloc_id());
            ws.apply(Command::AddStance(Stance {
                id: ids[k],
                article,
                actor,
                issue,
                position: Position::Support,
                evidence: Evidence {
                    start: 0,
                    end: text.chars().count(),
                    text: text.into(),
                },
                origin,
                status,
                note: String::new(),
                created: Timestamp::now(),
                modified: Timestamp::now(),
                bulk: None,
                by: Default::default(),
            }))
            .unwrap();
        }
        (ws, ids)
    }

    #[test]
    fn confidence_sorts_numerically_with_manual_stances_first() {
        let (ws, [manual, low, high]) = workspace();
        let mut all = Filter::default();
        all.statuses.insert(Status::Pending);
        assert_eq!(stance_rows(&ws, &all, (8, true)).ids, [manual, low, high]);
        assert_eq!(stance_rows(&ws, &all, (8, false)).ids, [high, low, manual]);
    }

    #[test]
    fn the_rows_count_the_pending_suggestions_the_filter_hides() {
        let (ws, [manual, low, _]) = workspace();
        let rows = stance_rows(&ws, &Filter::default(), (0, true));
        assert_eq!((rows.ids, rows.hidden_pending), (vec![manual, low], 1));
        let mut all = Filter::default();
        all.statuses.insert(Status::Pending);
        assert_eq!(stance_rows(&ws, &all, (0, true)).hidden_pending, 0);
        // Suggestions that other constraints leave out are not "hidden by status".
        all.statuses.remove(&Status::Pending);
        all.text = "nowhere".into();
        assert_eq!(stance_rows(&ws, &all, (0, true)).hidden_pending, 0);
    }
}
