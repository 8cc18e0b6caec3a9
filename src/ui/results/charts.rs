//! The charts: compare actors per issue, stance over time, the agreement
//! (congruence/conflict) map, and the issue overview. Each can save its data
//! as CSV and itself as PNG (see the toolbar in `mod.rs`).

use super::{Computed, Tab, bucket, figure_view};
use crate::model::ActorId;
use crate::report::{self, figure};
use crate::ui::app::StanceApp;
use eframe::egui;
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

fn actor_name(app: &StanceApp, id: ActorId) -> String {
    app.doc.workspace().actor(id).map_or("?".to_owned(), |a| a.name.clone())
}

fn empty(ui: &mut egui::Ui) {
    ui.weak("No accepted stance matches the filters yet.");
}

/// The figures of a chart as rows of text, for its data table. The first
/// `keys` columns say what a row is about (actor, issue, week); the others
/// are its figures.
struct ChartTable {
    columns: &'static [&'static str],
    keys: usize,
    rows: Vec<Vec<String>>,
}

/// The Compare figure's numbers for the current options (from the figure's
/// cache when it is current).
fn compare_numbers(app: &StanceApp, computed: &Computed) -> Arc<figure::compare::CompareData> {
    let key = figure_key_for(app, computed, Tab::Compare);
    if let (Some((k, data)), Some(key)) = (&app.view.results.figure_data, &key)
        && k == key
        && let FigureData::Compare(d) = &**data
    {
        return Arc::new(d.clone());
    }
    let ws = app.doc.workspace();
    match key {
        Some(FigureKey::Compare(_, filter, opts)) => Arc::new(figure::compare::compare_data(ws, &filter, &opts)),
        _ => Arc::new(figure::compare::compare_data(
            ws,
            &app.view.results.filter,
            &Default::default(),
        )),
    }
}

/// The figures the Compare figure draws: per actor and issue, the net
/// position with its interval and the counts behind it.
fn compare_table(app: &StanceApp, computed: &Computed) -> ChartTable {
    let data = compare_numbers(app, computed);
    let mut rows = Vec::new();
    for row in &data.rows {
        for (c, (_, label)) in data.issues.iter().enumerate() {
            let (net, interval, counts) = match &row.cells[c] {
                Some(s) => (
                    format!("{:+.2}", s.net),
                    s.interval
                        .map_or_else(|| "none (n < 5)".to_owned(), |(lo, hi)| format!("{lo:+.2} to {hi:+.2}")),
                    [s.support, s.oppose, s.neutral + s.mixed].map(|n| n.to_string()),
                ),
                None => (
                    "no stances".to_owned(),
                    String::new(),
                    ["0", "0", "0"].map(str::to_owned),
                ),
            };
            let [support, oppose, other] = counts;
            rows.push(vec![
                row.name.clone(),
                label.clone(),
                net,
                interval,
                support,
                oppose,
                other,
            ]);
        }
    }
    ChartTable {
        columns: &[
            "actor",
            "issue",
            "net position",
            "95% interval",
            "support",
            "oppose",
            "neutral or mixed",
        ],
        keys: 2,
        rows,
    }
}

/// Whether a tab draws a `report::figure` (and saves it off-screen).
pub fn is_figure(tab: Tab) -> bool {
    matches!(
        tab,
        Tab::Compare | Tab::Timeline | Tab::Agreement | Tab::Issues | Tab::Network
    )
}

/// What a figure's numbers depend on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FigureKey {
    Compare(u64, report::Filter, figure::CompareOptions),
    OverTime(u64, report::Filter, figure::OverTimeOptions),
    Agreement(u64, report::Filter, figure::AgreementOptions),
    Issues(u64, report::Filter),
}

pub(crate) enum FigureData {
    Compare(figure::compare::CompareData),
    OverTime(figure::over_time::OverTimeData),
    Agreement(figure::agreement::AgreementData),
    Issues(figure::issues::IssuesData),
}

/// The key of the current tab's figure; `None` without issues (over time).
fn figure_key(app: &StanceApp, computed: &Computed) -> Option<FigureKey> {
    figure_key_for(app, computed, app.view.results.tab)
}

fn figure_key_for(app: &StanceApp, computed: &Computed, tab: Tab) -> Option<FigureKey> {
    let st = &app.view.results;
    let ws = app.doc.workspace();
    let rev = app.doc.revision();
    match tab {
        Tab::Timeline => {
            let issue = st.timeline_issue.or_else(|| ws.issues().next().map(|i| i.id))?;
            let mut opts = figure::OverTimeOptions::new(issue);
            opts.actors = st.chart_actors(computed, 5);
            opts.bucket = Some(bucket(st.monthly));
            opts.smooth = if st.smooth { 3 } else { 0 };
            Some(FigureKey::OverTime(rev, st.filter.clone(), opts))
        }
        Tab::Agreement => {
            let opts = figure::AgreementOptions {
                measure: st.agreement_measure,
                order: st.agreement_order,
                ..figure::AgreementOptions::default()
            };
            Some(FigureKey::Agreement(rev, st.filter.clone(), opts))
        }
        Tab::Issues => Some(FigureKey::Issues(rev, st.filter.clone())),
        _ => {
            let opts = figure::CompareOptions {
                issue: st.compare_issue.filter(|i| ws.issue(*i).is_some()),
                sort: st.compare_sort,
                ..figure::CompareOptions::default()
            };
            Some(FigureKey::Compare(rev, st.filter.clone(), opts))
        }
    }
}

/// The current figure's numbers, computed once per key.
fn figure_data(app: &mut StanceApp, computed: &Computed) -> Option<(FigureKey, Arc<FigureData>)> {
    let key = figure_key(app, computed)?;
    if let Some((k, data)) = &app.view.results.figure_data
        && *k == key
    {
        return Some((key, data.clone()));
    }
    let ws = app.doc.workspace();
    let data = Arc::new(match &key {
        FigureKey::Compare(_, filter, opts) => FigureData::Compare(figure::compare::compare_data(ws, filter, opts)),
        FigureKey::OverTime(_, filter, opts) => {
            FigureData::OverTime(figure::over_time::over_time_data(ws, filter, opts))
        }
        FigureKey::Agreement(_, filter, opts) => {
            FigureData::Agreement(figure::agreement::agreement_data(ws, filter, opts))
        }
        FigureKey::Issues(_, filter) => FigureData::Issues(figure::issues::issues_data(ws, filter)),
    });
    app.view.results.figure_data = Some((key.clone(), data.clone()));
    Some((key, data))
}

/// Lays the figure out at `width × height`.
fn layout(app: &StanceApp, key: &FigureKey, data: &FigureData, width: f32, height: f32) -> figure::Figure {
    let ws = app.doc.workspace();
    let provenance = figure::Provenance::new(app.path.as_deref());
    match (key, data) {
        (FigureKey::Compare(_, filter, _), FigureData::Compare(d)) => {
            figure::compare::compare_figure(ws, filter, d, width, height, &provenance)
        }
        (FigureKey::OverTime(_, filter, opts), FigureData::OverTime(d)) => {
            figure::over_time::over_time_figure(ws, filter, d, opts.smooth, width, height, &provenance)
        }
        (FigureKey::Agreement(_, filter, _), FigureData::Agreement(d)) => {
            figure::agreement::agreement_figure(ws, filter, d, width, height, &provenance)
        }
        (FigureKey::Issues(_, filter), FigureData::Issues(d)) => {
            figure::issues::issues_figure(ws, filter, d, width, height, &provenance)
        }
        _ => unreachable!("the key made the data"),
    }
}

/// Renders the current figure off-screen at the export size and writes it.
pub(crate) fn save_figure(app: &mut StanceApp, path: &std::path::Path, svg: bool) {
    if app.view.results.tab == Tab::Network {
        return super::network::save_figure(app, path, svg);
    }
    let computed = app.view.results.computed(app.doc.workspace(), app.doc.revision());
    let Some((key, data)) = figure_data(app, &computed) else {
        app.message = "Figure not saved: the workspace has no issues".to_owned();
        return;
    };
    let (w, h) = figure::DEFAULT_SIZE;
    let fig = layout(app, &key, &data, w, h);
    write_figure(app, &fig, path, svg, "the figure");
}

/// Writes `fig` as SVG or PNG (an export: never over a workspace) and says
/// so in the status line, naming it as `what`.
pub(crate) fn write_figure(app: &mut StanceApp, fig: &figure::Figure, path: &std::path::Path, svg: bool, what: &str) {
    let bytes = if svg {
        Ok(figure::svg::svg(fig, 1.0).into_bytes())
    } else {
        figure::png::png(fig, 1.0)
    };
    let (w, h) = (fig.width, fig.height);
    app.message = match bytes
        .and_then(|b| crate::storage::write_export(path, &b, app.path.as_deref()).map_err(|e| e.to_string()))
    {
        Ok(()) => format!("Saved {what} ({w} × {h} px) to {}", path.display()),
        Err(e) => format!("Figure not saved: {e}"),
    };
}

/// The figure of the Compare or Over-time tab, at the panel's size, with
/// tooltips; a click on an over-time point lists its stances.
fn figure_tab(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    let Some((key, data)) = figure_data(app, computed) else {
        return empty(ui);
    };
    let (rows, per_row, room) = match &*data {
        FigureData::Compare(d) => (d.rows.len() * d.issues.len().min(1), 26.0, 280.0),
        FigureData::OverTime(d) => (d.series.len(), 26.0, 280.0),
        // Square cells of 16 pt at least, the column names at 45° above.
        FigureData::Agreement(d) => (d.len(), 16.0, 340.0),
        FigureData::Issues(d) => (d.rows.len(), 40.0, 280.0),
    };
    let width = ui.available_width().max(480.0);
    // Enough height for a readable row per actor; scroll past that.
    let height = ui.available_height().max(360.0).max(rows as f32 * per_row + room);
    let fig = layout(app, &key, &data, width, height);
    let resp = egui::ScrollArea::vertical()
        .id_salt("figure_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| figure_view::show(ui, &fig))
        .inner;
    if let (Some((k, i)), FigureData::OverTime(d)) = (resp.clicked, &*data)
        && let Some((name, s)) = d.series.get(k)
        && let Some(pt) = s.points.get(i)
    {
        let title = format!(
            "{name} — {} ({} stance(s), mean {:+.2})",
            d.bucket.label(pt.bucket_start),
            pt.n,
            pt.net
        );
        app.view.results.evidence = Some((title, pt.stances.clone()));
    }
}

/// Actors × issues: diverging bars of the stances and the net position
/// with its bootstrap interval (`report::figure::compare`).
pub fn compare(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    if computed.matrix.rows.is_empty() || computed.matrix.columns.is_empty() {
        return empty(ui);
    }
    figure_tab(app, ui, computed);
}

/// The over-time series of the chosen issue (`None` without issues), from
/// the cache, computed on a thread for big workspaces.
fn timeline_series(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) -> Option<Arc<Vec<report::Series>>> {
    let ws = app.doc.workspace();
    let issue = app
        .view
        .results
        .timeline_issue
        .or_else(|| ws.issues().next().map(|i| i.id))?;
    let actors = app.view.results.chart_actors(computed, 5);
    let b = bucket(app.view.results.monthly);
    let filter = app.view.results.filter.clone();
    let key = (app.doc.revision(), filter.clone(), issue, actors.clone(), b);
    let big = ws.stance_count() >= super::BACKGROUND_STANCES;
    let (series, updating) = app
        .view
        .results
        .timeline
        .get(ws, key, big, move |ws| report::timeline(ws, &filter, issue, &actors, b));
    if updating {
        super::updating_note(ui, "Updating the series…");
    }
    Some(series)
}

/// The points the Over-time chart draws.
fn timeline_table(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) -> ChartTable {
    let b = bucket(app.view.results.monthly);
    let series = timeline_series(app, ui, computed).unwrap_or_default();
    let rows = series
        .iter()
        .flat_map(|s| {
            let name = actor_name(app, s.actor);
            s.points.iter().map(move |p| {
                vec![
                    name.clone(),
                    b.label(p.bucket_start),
                    format!("{:+.2}", p.net),
                    p.n.to_string(),
                ]
            })
        })
        .collect();
    ChartTable {
        columns: &["actor", "period", "mean position", "stances"],
        keys: 2,
        rows,
    }
}

/// One issue, selected actors: mean position per week or month
/// (`report::figure::over_time`); clicking a point lists its evidence.
pub fn timeline(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    if app.doc.workspace().issues().next().is_none() {
        return empty(ui);
    }
    ui.weak("Hover a point for its numbers; click it for its evidence.");
    figure_tab(app, ui, computed);
}

/// The pairs of actors the agreement map shows, with both counts.
fn agreement_table(app: &StanceApp, computed: &Computed) -> ChartTable {
    let mut rows = Vec::new();
    if let Some(FigureKey::Agreement(_, filter, opts)) = figure_key_for(app, computed, Tab::Agreement) {
        let d = match &app.view.results.figure_data {
            Some((FigureKey::Agreement(_, f, o), data)) if *f == filter && *o == opts => match &**data {
                FigureData::Agreement(d) => d.clone(),
                _ => figure::agreement::agreement_data(app.doc.workspace(), &filter, &opts),
            },
            _ => figure::agreement::agreement_data(app.doc.workspace(), &filter, &opts),
        };
        for i in 0..d.len() {
            for j in i + 1..d.len() {
                rows.push(vec![
                    d.names[i].clone(),
                    d.names[j].clone(),
                    d.congruence(i, j).to_string(),
                    d.conflict(i, j).to_string(),
                    d.balance(i, j).map_or_else(String::new, |b| format!("{b:+.2}")),
                ]);
            }
        }
    }
    ChartTable {
        columns: &[
            "actor",
            "other actor",
            "issues agreed on",
            "issues in conflict",
            "balance",
        ],
        keys: 2,
        rows,
    }
}

/// Actor × actor heatmap of agreement and conflict, blocs together
/// (`report::figure::agreement`); hovering a cell names the issues.
pub fn agreement(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    if computed.agreement.is_empty() {
        return empty(ui);
    }
    ui.weak("Hover a cell for the issues the two actors agree and disagree on.");
    figure_tab(app, ui, computed);
}

/// The stacked bars of the issue overview: actors per overall position.
fn issues_table(app: &StanceApp, computed: &Computed) -> ChartTable {
    let ws = app.doc.workspace();
    let rows = computed
        .overview
        .iter()
        .map(|x| {
            let label = ws.issue(x.issue).map_or("?".to_owned(), |i| i.label.clone());
            let counts = [x.support, x.oppose, x.neutral, x.mixed].map(|n| n.to_string());
            std::iter::once(label).chain(counts).collect()
        })
        .collect();
    ChartTable {
        columns: &[
            "issue",
            "actors supporting",
            "actors opposing",
            "actors neutral",
            "actors mixed",
        ],
        keys: 1,
        rows,
    }
}

/// The current chart's figures as a grid of labels, which screen readers
/// read: each figure's accessible name says its row and column
/// ("Marco Rubio, Participation — net position: +1.00").
pub fn data_table(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    let table = match app.view.results.tab {
        Tab::Timeline => timeline_table(app, ui, computed),
        Tab::Agreement => agreement_table(app, computed),
        Tab::Issues => issues_table(app, computed),
        _ => compare_table(app, computed),
    };
    if table.rows.is_empty() {
        return empty(ui);
    }
    TableBuilder::new(ui)
        .id_salt(("chart_data_table", app.view.results.tab.label()))
        .striped(true)
        .resizable(true)
        .columns(Column::auto().at_least(90.0).clip(true), table.columns.len())
        .header(22.0, |mut h| {
            for name in table.columns {
                h.col(|ui| {
                    ui.strong(*name);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, table.rows.len(), |mut row| {
                let cells = &table.rows[row.index()];
                let key = cells[..table.keys].join(", ");
                for (c, text) in cells.iter().enumerate() {
                    row.col(|ui| {
                        let resp = ui.label(text);
                        if c >= table.keys {
                            let name = format!("{key} — {}: {text}", table.columns[c]);
                            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
                        }
                    });
                }
            });
        });
}

/// Per issue, how many actors support, oppose, are neutral or mixed
/// (`report::figure::issues`); hover a bar for the actors' names.
pub fn issues(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    if computed.overview.iter().all(|x| x.actors() == 0) {
        return empty(ui);
    }
    ui.weak("Hover a bar for the actors on each side.");
    figure_tab(app, ui, computed);
}

/// The data behind the current chart, as CSV.
pub fn data_csv(app: &StanceApp, computed: &Computed) -> String {
    let ws = app.doc.workspace();
    let st = &app.view.results;
    let mut w = csv::Writer::from_writer(Vec::new());
    let name = |id: ActorId| ws.actor(id).map_or(String::new(), |a| a.name.clone());
    match st.tab {
        Tab::Timeline => {
            let issue = st.timeline_issue.or_else(|| ws.issues().next().map(|i| i.id));
            let _ = w.write_record(["actor", "bucket", "bucket_start", "mean_position", "stances"]);
            if let Some(issue) = issue {
                let b = bucket(st.monthly);
                for s in report::timeline(ws, &st.filter, issue, &st.chart_actors(computed, 5), b) {
                    for p in s.points {
                        let _ = w.write_record([
                            name(s.actor),
                            b.label(p.bucket_start),
                            p.bucket_start.to_string(),
                            format!("{:.4}", p.net),
                            p.n.to_string(),
                        ]);
                    }
                }
            }
        }
        Tab::Agreement => {
            let a = &computed.agreement;
            let _ = w.write_record(["actor_a", "actor_b", "agreement", "conflict"]);
            for i in 0..a.len() {
                for j in i + 1..a.len() {
                    let _ = w.write_record([
                        name(a.actors[i]),
                        name(a.actors[j]),
                        a.congruence(i, j).to_string(),
                        a.conflict(i, j).to_string(),
                    ]);
                }
            }
        }
        Tab::Issues => {
            let _ = w.write_record(["issue", "support", "oppose", "neutral", "mixed"]);
            for x in &computed.overview {
                let label = ws.issue(x.issue).map_or(String::new(), |i| i.key.clone());
                let _ = w.write_record([
                    label,
                    x.support.to_string(),
                    x.oppose.to_string(),
                    x.neutral.to_string(),
                    x.mixed.to_string(),
                ]);
            }
        }
        _ => {
            let _ = w.write_record([
                "actor",
                "issue",
                "net_position",
                "support",
                "oppose",
                "neutral",
                "mixed",
                "articles",
                "ci95_low",
                "ci95_high",
            ]);
            let data = compare_numbers(app, computed);
            for row in &data.rows {
                for (c, (issue, _)) in data.issues.iter().enumerate() {
                    let key = ws.issue(*issue).map_or(String::new(), |i| i.key.clone());
                    let Some(s) = &row.cells[c] else {
                        let _ = w.write_record([row.name.as_str(), &key, "", "0", "0", "0", "0", "0", "", ""]);
                        continue;
                    };
                    let (lo, hi) = s.interval.map_or((String::new(), String::new()), |(lo, hi)| {
                        (format!("{lo:.4}"), format!("{hi:.4}"))
                    });
                    let _ = w.write_record([
                        row.name.clone(),
                        key,
                        format!("{:.4}", s.net),
                        s.support.to_string(),
                        s.oppose.to_string(),
                        s.neutral.to_string(),
                        s.mixed.to_string(),
                        s.articles.to_string(),
                        lo,
                        hi,
                    ]);
                }
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
