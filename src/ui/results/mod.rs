//! Results: tables and charts over the accepted stances, with one filter
//! shared by every view, shown as removable chips.

mod cached;
mod charts;
mod figure_view;
mod network;
mod quotes;
mod reliability;
mod reliability_list;
mod tables;

use super::app::{Action, StanceApp};
use crate::model::{ActorId, Date, IssueId, Position, StanceId, Status, Workspace};
use crate::report::{self, Agreement, Bucket, Filter, IssueOverview, Matrix};
use eframe::egui::{self, RichText};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Matrix,
    Stances,
    Articles,
    Compare,
    Timeline,
    Agreement,
    Issues,
    Quotes,
    Reliability,
    Network,
}

impl Tab {
    pub const ALL: [Tab; 10] = [
        Tab::Matrix,
        Tab::Stances,
        Tab::Articles,
        Tab::Compare,
        Tab::Timeline,
        Tab::Agreement,
        Tab::Issues,
        Tab::Quotes,
        Tab::Reliability,
        Tab::Network,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Matrix => "Actor × issue",
            Tab::Stances => "Stances",
            Tab::Articles => "Articles",
            Tab::Compare => "Compare actors",
            Tab::Timeline => "Over time",
            Tab::Agreement => "Agreement map",
            Tab::Issues => "Issue overview",
            Tab::Quotes => "Quotes",
            Tab::Reliability => "Reliability",
            Tab::Network => "Network",
        }
    }

    fn is_chart(self) -> bool {
        matches!(self, Tab::Compare | Tab::Timeline | Tab::Agreement | Tab::Issues)
    }
}

/// A matrix cell as the matrix, its tooltip and the Compare chart show it:
/// the net position ([`report::net_position`], two decimals, as in
/// `matrix-csv`) and the counts it comes from; an empty cell has none (its
/// bar of height 0 is no neutral position).
pub(crate) fn net_label(cell: &report::Cell) -> String {
    match report::net_position(cell) {
        Some(net) => format!("{net:+.2} ({} support / {} oppose)", cell.support, cell.oppose),
        None => "no stances".to_owned(),
    }
}

/// The definition of [`net_label`]'s figure, shown under the matrix and in tooltips.
pub(crate) const NET_POSITION_MEANS: &str =
    "Net position = (support − oppose) / stances of the actor on the issue, from −1 to +1";

/// From this many stances on, aggregates and chart series are computed on a
/// thread (about 20 ms of work per 100,000 stances).
const BACKGROUND_STANCES: usize = 200_000;

/// Shown while newer figures, rows or series are computed on a thread; asks
/// for the frames that will pick them up.
fn updating_note(ui: &mut egui::Ui, what: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(what);
    });
    ui.ctx().request_repaint_after(std::time::Duration::from_millis(30));
}

fn compute(ws: &Workspace, filter: &Filter) -> Computed {
    let matrix = report::matrix(ws, filter);
    let agreement = report::agreement_of(&matrix);
    let order = report::cluster_order(&agreement);
    let overview = report::issue_overview_of(&matrix);
    Computed {
        matrix,
        agreement,
        order,
        overview,
    }
}

/// What the over-time chart's series depend on: revision, filter, issue,
/// actors and bucket.
pub(crate) type TimelineKey = (u64, Filter, IssueId, Vec<ActorId>, Bucket);

/// Aggregates of one (revision, filter), computed once and shared by the views.
#[derive(Default)]
pub struct Computed {
    pub matrix: Matrix,
    pub agreement: Agreement,
    pub order: Vec<usize>,
    pub overview: Vec<IssueOverview>,
}

#[derive(Default)]
pub struct ResultsState {
    pub tab: Tab,
    pub filter: Filter,
    /// The layer was chosen in the Layer box (or its chip removed); until
    /// then `filter.layer` follows [`report::default_layer`].
    pub(crate) layer_chosen: bool,
    pub from_text: String,
    pub to_text: String,
    actor_search: String,
    /// The aggregates for (revision, filter).
    computed: cached::Cached<(u64, Filter), Computed>,
    /// Stances listed under the view (a matrix cell, a chart point).
    pub evidence: Option<(String, Vec<StanceId>)>,
    pub table_sort: (usize, bool),
    pub timeline_issue: Option<IssueId>,
    pub monthly: bool,
    /// The Agreement map: what a cell shows, and the order of the actors.
    pub agreement_measure: report::figure::Measure,
    pub agreement_order: report::figure::Order,
    /// The Compare figure: one issue (else a facet per issue), and the row order.
    pub compare_issue: Option<IssueId>,
    pub compare_sort: report::figure::Sort,
    /// The Over-time figure's lines: a moving mean over three buckets.
    pub smooth: bool,
    /// The numbers of the Compare, Over-time or Agreement figure, for their key.
    pub(crate) figure_data: Option<(charts::FigureKey, Arc<charts::FigureData>)>,
    /// Charts show their figures as a table of labels (for screen readers).
    pub data_table: bool,
    pub(crate) quotes: quotes::QuoteCache,
    /// Where the chart was drawn, for "Save PNG".
    chart_rect: Option<egui::Rect>,
    /// A PNG file chosen for the chart: taken from the next frame.
    pub(crate) png_to: Option<std::path::PathBuf>,
    png_done: Option<Receiver<String>>,
    pub(crate) table_cache: tables::TableCache,
    pub(crate) timeline: cached::Cached<TimelineKey, Vec<report::Series>>,
    pub(crate) reliability: reliability::ReliabilityState,
    pub(crate) network: network::NetworkState,
}

impl ResultsState {
    /// The aggregates for the workspace at `revision` under the current
    /// filter. Big workspaces are aggregated on a thread from a snapshot (the
    /// workspace's maps are shared, so the copy is cheap); until that is done
    /// the previous figures stay on screen and [`Self::is_updating`] is true.
    pub fn computed(&mut self, ws: &Workspace, revision: u64) -> Arc<Computed> {
        let filter = self.filter.clone();
        let big = ws.stance_count() >= BACKGROUND_STANCES;
        let key = (revision, filter.clone());
        self.computed.get(ws, key, big, move |ws| compute(ws, &filter)).0
    }

    /// Whether newer figures are being computed.
    pub fn is_updating(&self) -> bool {
        self.computed.is_computing()
    }

    /// Whether the Network tab's layout and communities are being computed.
    pub fn network_is_computing(&self) -> bool {
        self.network.is_computing()
    }

    /// The actor whose evidence the Network tab lists (as a click on its node).
    pub fn select_network_actor(&mut self, actor: Option<ActorId>) {
        self.network.selected = actor;
        self.network.pair = None;
    }

    /// The actors a chart compares: the filter's, else the most coded ones.
    pub fn chart_actors(&self, computed: &Computed, max: usize) -> Vec<ActorId> {
        if !self.filter.actors.is_empty() {
            return self.filter.actors.iter().copied().collect();
        }
        let m = &computed.matrix;
        let mut rows: Vec<(u32, usize)> = (0..m.rows.len())
            .map(|r| (m.row(r).iter().map(|c| c.total()).sum::<u32>(), r))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        rows.into_iter().take(max).map(|(_, r)| m.rows[r]).collect()
    }
}

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    app.sync_results_layer();
    take_png(app, ui.ctx());
    if let Some(rx) = &app.view.results.png_done
        && let Ok(msg) = rx.try_recv()
    {
        app.message = msg;
        app.view.results.png_done = None;
    }
    // Reliability compares layers over done articles: the filters do not apply.
    if app.view.results.tab != Tab::Reliability {
        egui::Panel::top("results_filters").show(ui, |ui| filter_bar(app, ui));
    }
    if app.view.results.evidence.is_some() {
        egui::Panel::bottom("results_evidence")
            .resizable(true)
            .default_size(180.0)
            .show(ui, |ui| evidence(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        let computed = app.view.results.computed(app.doc.workspace(), app.doc.revision());
        if app.view.results.is_updating() {
            updating_note(ui, "Updating the figures…");
        }
        let tab = app.view.results.tab;
        if tab.is_chart() {
            chart_toolbar(app, ui, &computed);
        }
        let before = ui.cursor().min;
        match tab {
            _ if tab.is_chart() && app.view.results.data_table => charts::data_table(app, ui, &computed),
            Tab::Matrix => tables::matrix(app, ui, &computed),
            Tab::Stances => tables::stances(app, ui),
            Tab::Articles => tables::articles(app, ui),
            Tab::Compare => charts::compare(app, ui, &computed),
            Tab::Timeline => charts::timeline(app, ui, &computed),
            Tab::Agreement => charts::agreement(app, ui, &computed),
            Tab::Issues => charts::issues(app, ui, &computed),
            Tab::Quotes => quotes::quotes(app, ui),
            Tab::Reliability => reliability::reliability(app, ui),
            Tab::Network => network::network(app, ui),
        }
        if tab.is_chart() {
            app.view.results.chart_rect = Some(egui::Rect::from_min_max(before, ui.min_rect().max));
        }
    });
}

fn filter_bar(app: &mut StanceApp, ui: &mut egui::Ui) {
    ui.add_space(2.0);
    ui.horizontal_wrapped(|ui| {
        super::team::layer_combo(app, ui);
        filter_fields(app, ui);
    });
    filter_chips(app, ui);
    ui.add_space(2.0);
}

fn filter_fields(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let st = &mut app.view.results;
    {
        let from = ui.label("From");
        if ui
            .add(
                egui::TextEdit::singleline(&mut st.from_text)
                    .hint_text("YYYY-MM")
                    .desired_width(80.0),
            )
            .labelled_by(from.id)
            .changed()
        {
            st.filter.from = Date::parse_partial(&st.from_text, false);
        }
        let to = ui.label("to");
        if ui
            .add(
                egui::TextEdit::singleline(&mut st.to_text)
                    .hint_text("YYYY-MM")
                    .desired_width(80.0),
            )
            .labelled_by(to.id)
            .changed()
        {
            st.filter.to = Date::parse_partial(&st.to_text, true);
        }
        ui.menu_button(
            format!(
                "Actors ({})",
                if st.filter.actors.is_empty() {
                    "all".to_owned()
                } else {
                    st.filter.actors.len().to_string()
                }
            ),
            |ui| {
                ui.set_min_width(260.0);
                let l = ui.label("Search");
                ui.add(egui::TextEdit::singleline(&mut st.actor_search).desired_width(240.0))
                    .labelled_by(l.id);
                let needle = st.actor_search.to_lowercase();
                let mut actors: Vec<&crate::model::Actor> = ws
                    .actors()
                    .filter(|a| needle.is_empty() || a.names().any(|n| n.to_lowercase().contains(&needle)))
                    .collect();
                actors.sort_by_key(|a| a.name.to_lowercase());
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    for a in actors.into_iter().take(500) {
                        let mut on = st.filter.actors.contains(&a.id);
                        if ui.checkbox(&mut on, &a.name).changed() {
                            if on {
                                st.filter.actors.insert(a.id);
                            } else {
                                st.filter.actors.remove(&a.id);
                            }
                        }
                    }
                });
            },
        );
        ui.menu_button(
            format!(
                "Issues ({})",
                if st.filter.issues.is_empty() {
                    "all".to_owned()
                } else {
                    st.filter.issues.len().to_string()
                }
            ),
            |ui| {
                for i in ws.issues() {
                    let mut on = st.filter.issues.contains(&i.id);
                    if ui.checkbox(&mut on, &i.label).changed() {
                        if on {
                            st.filter.issues.insert(i.id);
                        } else {
                            st.filter.issues.remove(&i.id);
                        }
                    }
                }
            },
        );
        ui.menu_button("Positions", |ui| {
            for p in Position::ALL {
                let mut on = st.filter.positions.contains(&p);
                if ui.checkbox(&mut on, p.as_str()).changed() {
                    if on {
                        st.filter.positions.insert(p);
                    } else {
                        st.filter.positions.remove(&p);
                    }
                }
            }
        });
        let mut pending = st.filter.statuses.contains(&Status::Pending);
        if ui.checkbox(&mut pending, "include pending suggestions").changed() {
            if pending {
                st.filter.statuses.insert(Status::Pending);
                st.filter.statuses.insert(Status::Accepted);
            } else {
                st.filter.statuses.remove(&Status::Pending);
            }
        }
        let search = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut st.filter.text)
                .hint_text("evidence, article, actor")
                .desired_width(160.0),
        )
        .labelled_by(search.id);
    }
}

/// Active constraints as chips; clicking one removes it.
fn filter_chips(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let st = &mut app.view.results;
    // The Layer box stands for the layer's chip.
    let mut chips = st.filter.chip_parts(ws);
    chips.retain(|(part, _)| *part != report::FilterPart::Layer);
    if !chips.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Filters:");
            for (part, label) in chips {
                if ui
                    .small_button(format!("{label}  ×"))
                    .on_hover_text("Remove this filter")
                    .clicked()
                {
                    st.filter.remove(part);
                    if part == report::FilterPart::Dates {
                        st.from_text.clear();
                        st.to_text.clear();
                    }
                }
            }
            if ui.small_button("Clear all").clicked() {
                st.filter = Filter::default();
                st.from_text.clear();
                st.to_text.clear();
                st.layer_chosen = false;
            }
        });
    }
}

fn chart_toolbar(app: &mut StanceApp, ui: &mut egui::Ui, computed: &Computed) {
    ui.horizontal(|ui| {
        let st = &mut app.view.results;
        match st.tab {
            Tab::Compare => {
                let ws = app.doc.workspace();
                let l = ui.label("Issue");
                let current = st.compare_issue.and_then(|i| ws.issue(i));
                egui::ComboBox::from_id_salt("compare_issue")
                    .selected_text(current.map_or("every issue", |i| i.label.as_str()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut st.compare_issue, None, "every issue");
                        for i in ws.issues() {
                            ui.selectable_value(&mut st.compare_issue, Some(i.id), &i.label);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let l = ui.label("Sort by");
                use report::figure::Sort;
                ui.radio_value(&mut st.compare_sort, Sort::Net, "net position")
                    .labelled_by(l.id);
                ui.radio_value(&mut st.compare_sort, Sort::Count, "stances");
                ui.radio_value(&mut st.compare_sort, Sort::Bloc, "bloc")
                    .on_hover_text("Actors who agree sit together (clustering of the agreement network)");
            }
            Tab::Timeline => {
                let ws = app.doc.workspace();
                let current = st
                    .timeline_issue
                    .and_then(|i| ws.issue(i))
                    .or_else(|| ws.issues().next());
                let l = ui.label("Issue");
                egui::ComboBox::from_id_salt("timeline_issue")
                    .selected_text(current.map_or("(none)", |i| i.label.as_str()))
                    .show_ui(ui, |ui| {
                        for i in ws.issues() {
                            ui.selectable_value(&mut st.timeline_issue, Some(i.id), &i.label);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.radio_value(&mut st.monthly, false, "per week");
                ui.radio_value(&mut st.monthly, true, "per month");
                ui.checkbox(&mut st.smooth, "smooth (moving mean over 3)");
            }
            Tab::Agreement => {
                use report::figure::{Measure, Order};
                let l = ui.label("Show");
                ui.radio_value(&mut st.agreement_measure, Measure::Balance, "balance (−1 to +1)")
                    .labelled_by(l.id)
                    .on_hover_text("(congruence − conflict) / (congruence + conflict): +1 always the same side, −1 always opposite sides");
                ui.radio_value(&mut st.agreement_measure, Measure::Congruence, "agreement (same side)");
                ui.radio_value(&mut st.agreement_measure, Measure::Conflict, "conflict (opposite sides)");
                ui.separator();
                let l = ui.label("Order by");
                ui.radio_value(&mut st.agreement_order, Order::Bloc, "bloc")
                    .labelled_by(l.id)
                    .on_hover_text("Actors who agree sit together (clustering of the agreement network)");
                ui.radio_value(&mut st.agreement_order, Order::Name, "name");
                ui.radio_value(&mut st.agreement_order, Order::Activity, "stances");
            }
            _ => {}
        }
        ui.separator();
        ui.toggle_value(&mut st.data_table, "Data table")
            .on_hover_text("Show the chart's figures as a table, which screen readers can read");
        let figure = charts::is_figure(app.view.results.tab);
        if ui
            .button("Save PNG…")
            .on_hover_text(if figure {
                "The figure at 1600 × 1000 px, rendered off-screen"
            } else {
                "The chart as on screen"
            })
            .clicked()
        {
            save_png(app);
        }
        if figure && ui.button("Save SVG…").clicked() {
            let request = crate::ui::DialogRequest::export("figure.svg", "SVG image", "svg");
            app.ask_file(request, crate::ui::files::FileThen::ChartSvg);
        }
        if ui.button("Save data CSV…").clicked() {
            let csv = charts::data_csv(app, computed);
            save_csv(app, &csv);
        }
    });
    ui.separator();
}

/// Asks where to save the chart as PNG; [`take_png`] takes it once chosen.
fn save_png(app: &mut StanceApp) {
    let name = if charts::is_figure(app.view.results.tab) {
        "figure.png"
    } else {
        "chart.png"
    };
    let request = crate::ui::DialogRequest::export(name, "PNG image", "png");
    app.ask_file(request, crate::ui::files::FileThen::ChartPng);
}

/// Writes the chart area of the next frame to the PNG file chosen for it.
fn take_png(app: &mut StanceApp, ctx: &egui::Context) {
    let Some(rect) = app.view.results.chart_rect else {
        return;
    };
    let Some(path) = app.view.results.png_to.take() else {
        return;
    };
    let (tx, rx) = channel();
    app.view.results.png_done = Some(rx);
    let ppp = ctx.pixels_per_point();
    let ctx2 = ctx.clone();
    let source = app.path.clone();
    ctx.request_screenshot(move |image| {
        // A chart taller than the window reaches past the screenshot; cropping
        // outside it panicked in epaint.
        let whole = egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(image.width() as f32, image.height() as f32) / ppp,
        );
        let rect = rect.intersect(whole.shrink(1.0 / ppp));
        if !rect.is_positive() {
            let _ = tx.send("Chart not saved: it is not on screen".to_owned());
            ctx2.request_repaint();
            return;
        }
        let region = image.region(&rect, Some(ppp));
        let [w, h] = region.size;
        let bytes: Vec<u8> = region.pixels.iter().flat_map(|c| c.to_array()).collect();
        let msg = match image::RgbaImage::from_raw(w as u32, h as u32, bytes) {
            Some(img) => {
                let mut png = Vec::new();
                match img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png) {
                    Ok(()) => match crate::storage::write_export(&path, &png, source.as_deref()) {
                        Ok(()) => format!("Saved chart {}", path.display()),
                        Err(e) => format!("Chart not saved: {e}"),
                    },
                    Err(e) => format!("Chart not saved: {e}"),
                }
            }
            None => "Chart not saved: the screenshot was empty".to_owned(),
        };
        let _ = tx.send(msg);
        ctx2.request_repaint();
    });
}

fn save_csv(app: &mut StanceApp, csv: &str) {
    let name = format!(
        "{}.csv",
        app.view.results.tab.label().to_lowercase().replace([' ', '×'], "_")
    );
    let request = crate::ui::DialogRequest::export(name, "CSV", "csv");
    app.ask_file(request, crate::ui::files::FileThen::ResultsText(csv.to_owned()));
}

/// The stances behind the selected cell or point, each opening the reader.
fn evidence(app: &mut StanceApp, ui: &mut egui::Ui) {
    let Some((title, ids)) = app.view.results.evidence.clone() else {
        return;
    };
    let ws = app.doc.workspace();
    let mut open = None;
    let mut close = false;
    ui.horizontal(|ui| {
        ui.strong(&title);
        ui.weak(format!("{} stance(s)", ids.len()));
        if ui.small_button("Close").clicked() {
            close = true;
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("evidence_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for id in &ids {
                let Some(s) = ws.stance(*id) else { continue };
                let article = ws.article(s.article);
                let date = article.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default();
                let actor = ws.actor(s.actor).map_or("?", |a| a.name.as_str());
                ui.horizontal_wrapped(|ui| {
                    if ui.small_button("Open").on_hover_text("Show in the reader").clicked() {
                        open = Some(*id);
                    }
                    ui.label(RichText::new(format!("{date} · {}", article.map_or("?", |a| a.title.as_str()))).strong());
                    ui.label(format!("{actor} — {}", s.position.as_str()));
                    ui.label(RichText::new(format!("“{}”", s.evidence.text)).italics());
                });
            }
        });
    if close {
        app.view.results.evidence = None;
    }
    if let Some(id) = open {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectStance(Some(id)));
    }
}

pub(crate) use charts::{is_figure as is_figure_tab, save_figure};
pub use network::window_point_label;

pub(crate) fn bucket(monthly: bool) -> Bucket {
    if monthly { Bucket::Month } else { Bucket::Week }
}
