//! The Network tab: the discourse network of the shared filter and layer
//! ([`report::netview`]), laid out and cut into communities on a thread,
//! drawn with pan and zoom; a node lists its actor's evidence, a tie (or two
//! nodes picked) the issues the two actors share. A time window shows the
//! network month by month (kept in the whole range's layout, so the ties
//! change and the actors stay put), with polarisation per window below.

use super::cached::Cached;
use crate::model::{ActorId, ActorKind, Date, StanceId, Workspace};
use crate::report::Filter;
use crate::report::figure::{self, network::NodeColour};
use crate::report::netview::{self, NetView, Placement, SharedIssue, WindowPoint};
use crate::report::network::{Duplicates, NetworkOptions, NeutralRule, Normalize, Qualifier};
use crate::ui::app::{Action, StanceApp};
use eframe::egui::{self, Color32, Pos2, RichText, Sense, Stroke, Vec2};
use std::sync::Arc;

/// What the drawn network depends on: revision, filter (with the window's
/// dates), the options, the threshold's bits.
type ViewKey = (u64, Filter, Qualifier, Normalize, Duplicates, NeutralRule, u64);
/// What the polarisation series depends on: the whole range's key and the window's months.
type SeriesKey = (ViewKey, u32);
/// What a pair's shared issues depend on: revision, filter, the two actors.
type PairKey = (u64, Filter, ActorId, ActorId);

fn colour(rgb: u32) -> Color32 {
    Color32::from_rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

/// Names on every node up to this many nodes; above it, on the biggest.
const ALL_NAMES: usize = 40;
const BIGGEST_NAMED: usize = 12;
/// How long each window stays on screen while playing.
const PLAY_STEP_SECS: f64 = 1.2;

pub(crate) const POLARISATION_MEANS: &str = "Polarisation = the modularity (Newman 2006) of the best split of the network into two camps: how much more of the tie weight falls inside the camps than it would if each actor's ties were spread at random. 0: no two camps; 0.5 (the most): two equally active camps with no tie between them.";
pub(crate) const COMMUNITIES_MEANS: &str = "Communities found by the Louvain method (Blondel et al. 2008), which maximises modularity: groups of actors tied more among themselves than to the rest. Actors without ties are not counted.";

/// The time window: `months` calendar months, the `index`th of the windows
/// over the data (one month apart).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TimeWindow {
    pub(crate) months: u32,
    pub(crate) index: usize,
    pub(crate) playing: bool,
    /// When the shown window was reached while playing (egui time).
    since: f64,
}

pub(crate) struct NetworkState {
    qualifier: Qualifier,
    normalize: Normalize,
    duplicates: Duplicates,
    neutral: NeutralRule,
    threshold: f64,
    by_kind: bool,
    pub(crate) window: Option<TimeWindow>,
    /// The whole range (its layout places the windows' actors too).
    full: Cached<ViewKey, NetView>,
    /// The window's network, in the whole range's places.
    windowed: Cached<ViewKey, NetView>,
    series: Cached<SeriesKey, Vec<WindowPoint>>,
    pan: Vec2,
    zoom: f32,
    /// The actor whose evidence is listed.
    pub(crate) selected: Option<ActorId>,
    /// Two actors whose shared issues are listed.
    pub(crate) pair: Option<(ActorId, ActorId)>,
    /// The selected actor's evidence, for (revision, filter, actor).
    evidence: Option<((u64, Filter, ActorId), Vec<StanceId>)>,
    shared: Option<(PairKey, Vec<SharedIssue>)>,
    /// The network last drawn, and the filter it was drawn for (what Save writes).
    pub(crate) shown: Option<(Filter, Arc<NetView>)>,
    /// The ties and nodes as last drawn: a frame where only the pointer
    /// moved draws them again without building 20,000 quads.
    meshes: Option<(MeshKey, Arc<egui::epaint::Mesh>, Arc<egui::epaint::Mesh>)>,
}

/// Everything the drawn ties and nodes depend on.
#[derive(Clone, PartialEq)]
struct MeshKey {
    /// The workspace revision (an actor's kind, and so its colour, can
    /// change without moving anything).
    revision: u64,
    /// Positions, sizes and colours of the network drawn: its layout's
    /// checksum and counts (the time window's views share a revision).
    layout: (u64, usize, usize),
    rect: egui::Rect,
    pan: Vec2,
    zoom: f32,
    highlight: Option<usize>,
    pair: Option<(usize, usize)>,
    by_kind: bool,
    colours: [Color32; 3],
}

impl Default for NetworkState {
    fn default() -> Self {
        let defaults = NetworkOptions::default();
        NetworkState {
            qualifier: Qualifier::Congruence,
            normalize: Normalize::No,
            duplicates: defaults.duplicates,
            neutral: defaults.neutral,
            threshold: 0.0,
            by_kind: false,
            window: None,
            full: Cached::default(),
            windowed: Cached::default(),
            series: Cached::default(),
            pan: Vec2::ZERO,
            zoom: 1.0,
            selected: None,
            pair: None,
            evidence: None,
            shared: None,
            shown: None,
            meshes: None,
        }
    }
}

impl NetworkState {
    /// The network options of the toolbar.
    pub(crate) fn options(&self) -> NetworkOptions {
        NetworkOptions {
            qualifier: self.qualifier,
            normalize: self.normalize,
            duplicates: self.duplicates,
            neutral: self.neutral,
            threshold: self.threshold,
        }
    }

    /// Whether a layout or series is being computed on a thread.
    pub(crate) fn is_computing(&self) -> bool {
        self.full.is_computing() || self.windowed.is_computing() || self.series.is_computing()
    }

    fn key(&self, revision: u64, filter: &Filter) -> ViewKey {
        (
            revision,
            filter.clone(),
            self.qualifier,
            self.normalize,
            self.duplicates,
            self.neutral,
            self.threshold.to_bits(),
        )
    }

    fn node_colour(&self) -> NodeColour {
        if self.by_kind {
            NodeColour::Kind
        } else {
            NodeColour::Community
        }
    }
}

fn community_colour(view: &NetView, node: usize) -> Color32 {
    colour(netview::community_colour(view, node))
}

fn kind_colour(k: ActorKind) -> Color32 {
    colour(figure::network::kind_colour(k))
}

/// The windows over the whole range's dates.
fn windows_of(full: &NetView, months: u32) -> Vec<(Date, Date)> {
    full.dates.map(|d| netview::windows(d, months)).unwrap_or_default()
}

pub(crate) fn network(app: &mut StanceApp, ui: &mut egui::Ui) {
    // Borrowed, not cloned: a copy of a big workspace every frame costs
    // more than the frame budget.
    let revision = app.doc.revision();
    let filter = app.view.results.filter.clone();
    let st = &mut app.view.results.network;
    let options = st.options();
    let full_key = st.key(revision, &filter);
    let f = filter.clone();
    let (full, full_updating) = st.full.get(app.doc.workspace(), full_key.clone(), true, move |ws| {
        netview::compute(ws, &f, &options, netview::SEED)
    });
    // The window: its dates, its network in the whole range's places.
    let windows = st.window.map(|w| windows_of(&full, w.months)).unwrap_or_default();
    if let Some(w) = &mut st.window {
        w.index = w.index.min(windows.len().saturating_sub(1));
    }
    let window = st.window.and_then(|w| windows.get(w.index).copied());
    let (view, view_filter, updating) = match window {
        Some((from, to)) if !full_updating => {
            let wf = netview::window_filter(&filter, from, to);
            let key = st.key(revision, &wf);
            let (f, places) = (wf.clone(), full.places());
            let (v, u) = st.windowed.get(app.doc.workspace(), key, true, move |ws| {
                netview::compute_placed(ws, &f, &options, Placement::Fixed(&places))
            });
            (v, wf, u)
        }
        _ => (full.clone(), filter.clone(), full_updating),
    };
    let series = match st.window {
        Some(w) if !full_updating => {
            let f = filter.clone();
            let months = w.months;
            Some(st.series.get(app.doc.workspace(), (full_key, months), true, move |ws| {
                netview::polarisation_series(ws, &f, &options, months)
            }))
        }
        _ => None,
    };
    st.shown = (!updating).then(|| (view_filter.clone(), view.clone()));
    play(st, ui, windows.len(), updating);
    toolbar(app, ui, &view, &windows, full.dates.is_some());
    if let Some((series, computing)) = &series {
        polarisation_strip(app, ui, series, *computing);
    }
    if updating {
        super::updating_note(ui, "Laying out the network…");
    }
    if view.network.actors.is_empty() {
        if !updating {
            ui.add_space(20.0);
            ui.vertical_centered(|ui| {
                if window.is_some() {
                    ui.heading("No accepted stances in this time window");
                    ui.label("Move the window, widen it, or turn it off to see the whole range.");
                } else {
                    ui.heading("No accepted stances in this layer and filter");
                    ui.label(
                        "Code and accept stances in the reader, or loosen the filter above (dates, actors, issues, layer).",
                    );
                }
            });
        }
        return;
    }
    let st = &app.view.results.network;
    if st.selected.is_some() || st.pair.is_some() {
        egui::Panel::right("network_side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| side(app, ui, revision, &view_filter));
    }
    legend(app.view.results.network.by_kind, ui, &view);
    if view.network.edges.is_empty() {
        ui.weak("No ties between these actors: lower the threshold, or choose another qualifier.");
    }
    canvas(app, ui, &view);
}

/// Advances the playing window once the shown one has been on screen long enough.
fn play(st: &mut NetworkState, ui: &egui::Ui, windows: usize, updating: bool) {
    let Some(w) = &mut st.window else { return };
    if !w.playing {
        return;
    }
    let now = ui.input(|i| i.time);
    if updating {
        // The clock starts when the window is drawn.
        w.since = now;
    } else if now - w.since >= PLAY_STEP_SECS {
        if w.index + 1 < windows {
            w.index += 1;
            w.since = now;
        } else {
            w.playing = false;
        }
    }
    if w.playing {
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// Writes the network shown (the window's, if one is on) at the export size.
pub(crate) fn save_figure(app: &mut StanceApp, path: &std::path::Path, svg: bool) {
    let Some((filter, view)) = app.view.results.network.shown.clone() else {
        app.message = "Figure not saved: the network is still being laid out".to_owned();
        return;
    };
    let st = &app.view.results.network;
    let provenance = figure::Provenance::new(app.path.as_deref());
    let (w, h) = figure::DEFAULT_SIZE;
    let fig = figure::network::network_figure(
        app.doc.workspace(),
        &filter,
        &st.options(),
        &view,
        st.node_colour(),
        w,
        h,
        &provenance,
    );
    super::charts::write_figure(app, &fig, path, svg, "the network figure");
}

/// The ties shown, as CSV: one row per tie with both actors' communities.
pub(crate) fn ties_csv(ws: &Workspace, filter: &Filter, view: &NetView) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let name = |i: usize| {
        ws.actor(view.network.actors[i])
            .map_or_else(|| view.network.actors[i].to_string(), |a| a.name.clone())
    };
    let window = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let _ = w.write_record([
        "actor_a",
        "actor_b",
        "weight",
        "community_a",
        "community_b",
        "from",
        "to",
    ]);
    for &(a, b, weight) in &view.network.edges {
        let _ = w.write_record([
            name(a),
            name(b),
            format!("{weight}"),
            (view.communities.of[a] + 1).to_string(),
            (view.communities.of[b] + 1).to_string(),
            window(filter.from),
            window(filter.to),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The polarisation series as CSV.
fn series_csv(series: &[WindowPoint]) -> String {
    let mut out = String::from("from,to,polarisation,actors,ties,stances\n");
    for p in series {
        out.push_str(&format!(
            "{},{},{:.6},{},{},{}\n",
            p.from, p.to, p.polarisation, p.actors, p.ties, p.stances
        ));
    }
    out
}

/// The accessible name of a window's point on the polarisation strip.
pub fn window_point_label(p: &WindowPoint) -> String {
    format!(
        "Window {} to {}: polarisation {:.3}, {} actors, {} ties",
        p.from, p.to, p.polarisation, p.actors, p.ties
    )
}

/// Polarisation per window, the shown window marked; click a point to go there.
fn polarisation_strip(app: &mut StanceApp, ui: &mut egui::Ui, series: &Arc<Vec<WindowPoint>>, computing: bool) {
    let Some(months) = app.view.results.network.window.map(|w| w.months) else {
        return;
    };
    let mut save = false;
    ui.horizontal(|ui| {
        ui.strong("Polarisation over time").on_hover_text(POLARISATION_MEANS);
        ui.weak(format!("one point per {months}-month window, a month apart"));
        if computing {
            ui.spinner();
        }
        save = !series.is_empty() && ui.small_button("Save series CSV…").clicked();
    });
    if save {
        let request = crate::ui::DialogRequest::export("polarisation.csv", "CSV", "csv");
        app.ask_file(request, crate::ui::files::FileThen::ResultsText(series_csv(series)));
    }
    let Some(window) = &mut app.view.results.network.window else {
        return;
    };
    let height = 64.0;
    let (rect, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    if series.is_empty() {
        return;
    }
    let inner = rect.shrink2(Vec2::new(40.0, 8.0));
    let x = |i: usize| {
        if series.len() == 1 {
            inner.center().x
        } else {
            inner.left() + inner.width() * i as f32 / (series.len() - 1) as f32
        }
    };
    let y = |q: f64| inner.bottom() - inner.height() * (q.clamp(0.0, 0.5) / 0.5) as f32;
    let text = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    painter.text(
        Pos2::new(rect.left() + 4.0, y(0.5)),
        egui::Align2::LEFT_CENTER,
        "0.5",
        egui::FontId::proportional(10.0),
        weak,
    );
    painter.text(
        Pos2::new(rect.left() + 4.0, y(0.0)),
        egui::Align2::LEFT_CENTER,
        "0",
        egui::FontId::proportional(10.0),
        weak,
    );
    let sx = x(window.index.min(series.len() - 1));
    painter.rect_filled(
        egui::Rect::from_x_y_ranges(sx - 5.0..=sx + 5.0, rect.y_range()),
        0.0,
        ui.visuals().selection.bg_fill.gamma_multiply(0.5),
    );
    let points: Vec<Pos2> = series
        .iter()
        .enumerate()
        .map(|(i, p)| Pos2::new(x(i), y(p.polarisation)))
        .collect();
    painter.add(egui::Shape::line(points.clone(), Stroke::new(1.5, text)));
    let mut go = None;
    for (i, (p, &at)) in series.iter().zip(&points).enumerate() {
        painter.circle_filled(at, if i == window.index { 4.5 } else { 3.0 }, text);
        let r = egui::Rect::from_center_size(Pos2::new(at.x, rect.center().y), Vec2::new(10.0, height));
        let resp = ui.interact(r, ui.scope_id().with(("polarisation_point", i)), Sense::click());
        let label = window_point_label(p);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            go = Some(i);
        }
        resp.on_hover_text(format!("{label}, {} stances\nClick to show this window", p.stances));
    }
    if let Some(i) = go {
        window.index = i;
        window.playing = false;
    }
}

fn toolbar(app: &mut StanceApp, ui: &mut egui::Ui, view: &NetView, windows: &[(Date, Date)], dated: bool) {
    let st = &mut app.view.results.network;
    let mut save = None;
    let mut csv = false;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Ties");
        ui.radio_value(&mut st.qualifier, Qualifier::Congruence, "congruence")
            .labelled_by(l.id)
            .on_hover_text("Two actors are tied by the issues on which they take the same side");
        ui.radio_value(&mut st.qualifier, Qualifier::Conflict, "conflict")
            .on_hover_text("Two actors are tied by the issues on which they take opposite sides");
        ui.radio_value(&mut st.qualifier, Qualifier::Subtract, "subtract")
            .on_hover_text(
                "Congruence minus conflict; negative ties are drawn in vermillion and ignored by communities",
            );
        ui.separator();
        let l = ui.label("Normalise");
        egui::ComboBox::from_id_salt("network_normalize")
            .selected_text(st.normalize.label())
            .show_ui(ui, |ui| {
                for n in [Normalize::No, Normalize::Average, Normalize::Jaccard, Normalize::Cosine] {
                    ui.selectable_value(&mut st.normalize, n, n.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("Repeated statements");
        egui::ComboBox::from_id_salt("network_duplicates")
            .selected_text(st.duplicates.label())
            .show_ui(ui, |ui| {
                for d in Duplicates::ALL {
                    ui.selectable_value(&mut st.duplicates, d, d.label());
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("How often one identical statement (actor, issue, position) counts, as DNA's duplicate setting");
        let l = ui.label("Neutral and mixed");
        egui::ComboBox::from_id_salt("network_neutral")
            .selected_text(st.neutral.label())
            .show_ui(ui, |ui| {
                for n in [NeutralRule::LeaveOut, NeutralRule::Scale] {
                    ui.selectable_value(&mut st.neutral, n, n.label());
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("Left out: only support and oppose tie actors (DNA's yes/no qualifier). Half: a neutral or mixed stance is the middle level, half congruent and half conflicting with either side");
        let max = if st.normalize == Normalize::No { 10.0 } else { 1.0 };
        st.threshold = st.threshold.min(max);
        let l = ui.label("Threshold");
        ui.add(egui::Slider::new(&mut st.threshold, 0.0..=max).step_by(if max > 1.0 { 1.0 } else { 0.05 }))
            .labelled_by(l.id)
            .on_hover_text("Only ties at least this strong are drawn and counted");
        ui.separator();
        ui.toggle_value(&mut st.by_kind, "Colour by kind")
            .on_hover_text("Colour the actors by their kind (person, state, …) instead of their community");
        ui.separator();
        if !view.network.actors.is_empty() {
            ui.label(format!("Communities: {}", view.tied_communities()))
                .on_hover_text(COMMUNITIES_MEANS);
            ui.label(format!("Polarisation: {:.3}", view.polarisation))
                .on_hover_text(POLARISATION_MEANS);
            ui.weak(format!(
                "{} actors, {} ties, {} without ties",
                view.network.actors.len(),
                view.network.edges.len(),
                view.untied()
            ));
        }
        if ui
            .small_button("Reset view")
            .on_hover_text("Undo the pan and zoom")
            .clicked()
        {
            st.pan = Vec2::ZERO;
            st.zoom = 1.0;
        }
        ui.separator();
        if ui
            .button("Save PNG…")
            .on_hover_text("The network shown (with its window) at 1600 × 1000 px, rendered off-screen")
            .clicked()
        {
            save = Some(false);
        }
        if ui.button("Save SVG…").clicked() {
            save = Some(true);
        }
        if ui
            .button("Save data CSV…")
            .on_hover_text("The ties shown: both actors, the weight, their communities")
            .clicked()
        {
            csv = true;
        }
    });
    time_window(st, ui, windows, dated);
    ui.weak("Drag to pan, scroll to zoom; click an actor for its evidence, a tie (or Shift+click a second actor) for the issues the two share.");
    ui.separator();
    if let Some(svg) = save {
        let request = if svg {
            crate::ui::DialogRequest::export("network.svg", "SVG image", "svg")
        } else {
            crate::ui::DialogRequest::export("network.png", "PNG image", "png")
        };
        let then = if svg {
            crate::ui::files::FileThen::ChartSvg
        } else {
            crate::ui::files::FileThen::ChartPng
        };
        app.ask_file(request, then);
    }
    if csv {
        if let Some((filter, view)) = app.view.results.network.shown.clone() {
            let text = ties_csv(app.doc.workspace(), &filter, &view);
            let request = crate::ui::DialogRequest::export("network_ties.csv", "CSV", "csv");
            app.ask_file(request, crate::ui::files::FileThen::ResultsText(text));
        } else {
            app.message = "Nothing exported: the network is still being laid out".to_owned();
        }
    }
}

/// The time window's row: on/off, its length, where it is, play.
fn time_window(st: &mut NetworkState, ui: &mut egui::Ui, windows: &[(Date, Date)], dated: bool) {
    ui.horizontal_wrapped(|ui| {
        let mut on = st.window.is_some();
        let toggle = ui
            .add_enabled(dated, egui::Checkbox::new(&mut on, "Time window"))
            .on_hover_text(
                "Show the network of a few months at a time, in the whole range's layout, with polarisation per window",
            )
            .on_disabled_hover_text("The stances shown have no article dates");
        if toggle.changed() {
            st.window = on.then_some(TimeWindow {
                months: 3,
                index: 0,
                playing: false,
                since: 0.0,
            });
        }
        let Some(w) = &mut st.window else { return };
        let l = ui.label("months");
        let months = ui
            .add(egui::DragValue::new(&mut w.months).range(1..=60))
            .labelled_by(l.id)
            .on_hover_text("The window's length in calendar months");
        if months.changed() {
            w.index = 0;
        }
        if windows.is_empty() {
            return;
        }
        let last = windows.len() - 1;
        let labels: Vec<String> = windows.iter().map(|(a, b)| format!("{a} to {b}")).collect();
        let l = ui.label("Window");
        let slider = ui
            .add(egui::Slider::new(&mut w.index, 0..=last).show_value(false).step_by(1.0))
            .labelled_by(l.id);
        if slider.changed() {
            w.playing = false;
        }
        ui.label(&labels[w.index.min(last)]);
        ui.weak(format!("({} of {})", w.index.min(last) + 1, windows.len()));
        if ui
            .add_enabled(w.index > 0, egui::Button::new("◀").small())
            .on_hover_text("The previous window")
            .clicked()
        {
            w.index -= 1;
            w.playing = false;
        }
        if ui
            .add_enabled(w.index < last, egui::Button::new("▶").small())
            .on_hover_text("The next window")
            .clicked()
        {
            w.index += 1;
            w.playing = false;
        }
        let play = if w.playing { "Pause" } else { "Play" };
        if ui
            .button(play)
            .on_hover_text("Step through the windows, about one a second")
            .clicked()
        {
            if !w.playing && w.index >= last {
                w.index = 0;
            }
            w.playing = !w.playing;
            w.since = ui.input(|i| i.time);
        }
    });
}

/// What the node colours mean.
fn legend(by_kind: bool, ui: &mut egui::Ui, view: &NetView) {
    let swatch = |ui: &mut egui::Ui, colour: Color32, text: String| {
        let (r, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
        ui.painter().circle_filled(r.center(), 5.0, colour);
        ui.label(text);
    };
    ui.horizontal_wrapped(|ui| {
        ui.weak("Colour:");
        if by_kind {
            for k in ActorKind::ALL {
                swatch(ui, kind_colour(k), k.as_str().to_owned());
            }
        } else {
            let sizes = view.communities.sizes();
            let tied: Vec<usize> = (0..sizes.len()).filter(|&c| sizes[c] >= 2).collect();
            for &c in tied.iter().take(netview::COMMUNITY_COLOURS.len()) {
                swatch(
                    ui,
                    colour(netview::COMMUNITY_COLOURS[c]),
                    format!("community {} ({} actors)", c + 1, sizes[c]),
                );
            }
            if tied.len() > netview::COMMUNITY_COLOURS.len() || view.untied() > 0 {
                swatch(ui, colour(netview::OTHER_COLOUR), "other / no ties".to_owned());
            }
        }
    });
}

/// The accessible name of a node, which tests and screen readers find it by.
pub(crate) fn node_label(name: &str) -> String {
    format!("Actor node {name}")
}

fn canvas(app: &mut StanceApp, ui: &mut egui::Ui, view: &NetView) {
    let (rect, resp) = ui.allocate_exact_size(ui.available_size().max(Vec2::splat(100.0)), Sense::click_and_drag());
    let (ws, revision) = (app.doc.workspace(), app.doc.revision());
    let st = &mut app.view.results.network;
    if resp.dragged() {
        st.pan += resp.drag_delta();
    }
    if resp.hovered() {
        let (scroll, zoom, pointer) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta(), i.pointer.hover_pos()));
        let factor = zoom * (scroll * 0.002).exp();
        if (factor - 1.0).abs() > 1e-4 {
            let new = (st.zoom * factor).clamp(0.2, 20.0);
            // Keep the point under the pointer in place.
            if let Some(p) = pointer {
                let c = rect.center() + st.pan;
                st.pan += (p - c) * (1.0 - new / st.zoom);
            }
            st.zoom = new;
        }
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let scale = (rect.width().min(rect.height()) - 60.0).max(40.0) * st.zoom;
    let origin = rect.center() + st.pan;
    let at = |p: [f64; 2]| origin + Vec2::new((p[0] as f32 - 0.5) * scale, (p[1] as f32 - 0.5) * scale);
    let pos: Vec<Pos2> = view.positions.iter().map(|&p| at(p)).collect();
    let max_stances = view.stances.iter().copied().max().unwrap_or(1).max(1) as f32;
    let radius: Vec<f32> = view
        .stances
        .iter()
        .map(|&s| (4.0 + 10.0 * (s as f32 / max_stances).sqrt()) * st.zoom.sqrt())
        .collect();
    let max_w = view
        .network
        .edges
        .iter()
        .map(|e| e.2.abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    let sizes = view.communities.sizes();
    let tied = |i: usize| view.degree[i] > 0 && sizes[view.communities.of[i]] >= 2;
    let negative = colour(netview::NEGATIVE_TIE_COLOUR);
    let highlight = st.selected.and_then(|a| view.node_of(a));
    let pair = st.pair.and_then(|(a, b)| Some((view.node_of(a)?, view.node_of(b)?)));
    let clip = rect.expand(4.0);
    let bg = ui.visuals().extreme_bg_color;
    let n = view.network.actors.len();
    let key = MeshKey {
        revision,
        layout: (layout_checksum(view), n, view.network.edges.len()),
        rect,
        pan: st.pan,
        zoom: st.zoom,
        highlight,
        pair,
        by_kind: st.by_kind,
        colours: [bg, ui.visuals().text_color(), negative],
    };
    let (ties, nodes) = match &st.meshes {
        Some((k, ties, nodes)) if *k == key => (Arc::clone(ties), Arc::clone(nodes)),
        _ => {
            let mut ties = egui::epaint::Mesh::default();
            for &(a, b, w) in &view.network.edges {
                if !clip.intersects(egui::Rect::from_two_pos(pos[a], pos[b])) {
                    continue;
                }
                let t = (w.abs() / max_w) as f32;
                let base = if w < 0.0 { negative } else { ui.visuals().text_color() };
                let on =
                    highlight.is_some_and(|h| h == a || h == b) || pair.is_some_and(|p| p == (a, b) || p == (b, a));
                let alpha = if on { 230 } else { (40.0 + 150.0 * t) as u8 };
                let colour = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
                tie_quad(&mut ties, pos[a], pos[b], 0.5 + 3.5 * t, colour);
            }
            // All nodes in one mesh, like the ties: a thousand circle shapes,
            // each with its ring, cost more to tessellate than a frame has.
            let mut nodes = egui::epaint::Mesh::default();
            let mut rims = Rims::default();
            for i in 0..n {
                if clip.expand(radius[i]).contains(pos[i]) {
                    let fill = match (st.by_kind, ws.actor(view.network.actors[i])) {
                        (true, Some(a)) => kind_colour(a.kind),
                        _ => community_colour(view, i),
                    };
                    node_disc(&mut nodes, &mut rims, pos[i], radius[i], fill, bg);
                }
            }
            let (ties, nodes) = (Arc::new(ties), Arc::new(nodes));
            st.meshes = Some((key, Arc::clone(&ties), Arc::clone(&nodes)));
            (ties, nodes)
        }
    };
    painter.add(egui::Shape::Mesh(ties));
    painter.add(egui::Shape::Mesh(nodes));
    let marked = |i: usize| Some(i) == highlight || pair.is_some_and(|p| p.0 == i || p.1 == i);
    for i in (0..n).filter(|&i| marked(i)) {
        painter.circle_stroke(pos[i], radius[i], Stroke::new(2.5, ui.visuals().strong_text_color()));
    }
    // The node at a point: the last drawn is on top.
    let node_at = |p: Pos2| (0..n).rev().find(|&i| pos[i].distance(p) <= radius[i].max(6.0));
    let hovered = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|&p| rect.contains(p) && ui.rect_contains_pointer(rect))
        .and_then(node_at);
    // Names: all for small networks, else the biggest and the hovered.
    let mut named: Vec<usize> = if n <= ALL_NAMES {
        (0..n).collect()
    } else {
        let mut by: Vec<usize> = (0..n).collect();
        by.sort_by(|&a, &b| view.stances[b].cmp(&view.stances[a]).then(a.cmp(&b)));
        by.truncate(BIGGEST_NAMED);
        by
    };
    named.extend(hovered);
    named.extend(highlight);
    named.extend(pair.map(|p| p.0));
    named.extend(pair.map(|p| p.1));
    named.sort_unstable();
    named.dedup();
    // The named nodes are accessible widgets (a screen reader or a test can
    // find and press them); the others are reached by pointer, through the
    // hit test above, or from the actor lists elsewhere in the app.
    let mut clicked = None;
    let shift = ui.input(|i| i.modifiers.shift);
    for &i in &named {
        let actor = view.network.actors[i];
        let a = ws.actor(actor);
        let name = a.map_or("?", |a| a.name.as_str());
        // On a veil of the background, so that ties crossing a name do not
        // strike it through.
        let galley = painter.layout_no_wrap(
            name.to_owned(),
            egui::FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
        let at = egui::Align2::CENTER_TOP.anchor_size(pos[i] + Vec2::new(0.0, radius[i] + 2.0), galley.size());
        painter.rect_filled(at.expand(1.0), 2.0, bg.gamma_multiply(0.75));
        painter.galley(at.min, galley, ui.visuals().text_color());
        if !rect.contains(pos[i]) {
            continue;
        }
        let node_rect = egui::Rect::from_center_size(pos[i], Vec2::splat(2.0 * radius[i].max(6.0)));
        let nr = ui.interact(node_rect, ui.scope_id().with(("network_node", actor)), Sense::click());
        nr.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, node_label(name)));
        if nr.clicked() {
            clicked = Some(i);
        }
        if Some(i) == hovered {
            let kind = a.map_or("other", |a| a.kind.as_str());
            let community = if tied(i) {
                format!("community {}", view.communities.of[i] + 1)
            } else {
                "no community (no ties)".to_owned()
            };
            nr.on_hover_text(format!(
                "{name}\n{kind}, {community}\n{} ties, {} stances\nClick for the evidence; Shift+click another actor for the issues they share",
                view.degree[i], view.stances[i]
            ));
        }
    }
    // A click that reached the canvas may still be on a node whose widget
    // was made only this frame.
    if clicked.is_none() && resp.clicked() {
        clicked = resp.interact_pointer_pos().and_then(node_at);
    }
    if let Some(i) = clicked {
        let actor = view.network.actors[i];
        match st.selected {
            Some(first) if shift && first != actor => st.pair = Some((first, actor)),
            _ => {
                st.selected = Some(actor);
                st.pair = None;
            }
        }
    } else if resp.clicked()
        && let Some(p) = resp.interact_pointer_pos()
    {
        // A click on a tie picks its two actors.
        let best = view
            .network
            .edges
            .iter()
            .map(|&(a, b, _)| (segment_distance(p, pos[a], pos[b]), a, b))
            .min_by(|x, y| x.0.total_cmp(&y.0));
        match best {
            Some((d, a, b)) if d <= 5.0 => {
                st.pair = Some((view.network.actors[a], view.network.actors[b]));
                st.selected = None;
            }
            _ => {
                st.selected = None;
                st.pair = None;
            }
        }
    }
}

/// A checksum of a layout's places and sizes, cheap next to drawing it.
fn layout_checksum(view: &NetView) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut mix = |x: u64| h = (h ^ x).wrapping_mul(0x100_0000_01b3);
    for p in &view.positions {
        mix(p[0].to_bits());
        mix(p[1].to_bits());
    }
    for (&s, &c) in view.stances.iter().zip(&view.communities.of) {
        mix(s as u64);
        mix(c as u64);
    }
    h
}

/// Unit-circle points per segment count, computed once per mesh built.
#[derive(Default)]
struct Rims(Vec<(usize, Vec<Vec2>)>);

impl Rims {
    fn get(&mut self, segments: usize) -> &[Vec2] {
        let at = match self.0.iter().position(|(k, _)| *k == segments) {
            Some(at) => at,
            None => {
                let step = std::f32::consts::TAU / segments as f32;
                let pts = (0..segments).map(|k| Vec2::angled(k as f32 * step)).collect();
                self.0.push((segments, pts));
                self.0.len() - 1
            }
        };
        &self.0[at].1
    }
}

/// A filled node with a ring in the background colour fading out over a
/// point (so that overlapping nodes stay apart).
fn node_disc(mesh: &mut egui::epaint::Mesh, rims: &mut Rims, c: Pos2, r: f32, fill: Color32, ring: Color32) {
    let segments = ((r * 1.5).ceil() as usize).clamp(10, 40);
    let rim = rims.get(segments);
    let base = mesh.vertices.len() as u32;
    mesh.colored_vertex(c, fill);
    // Rings of vertices: fill to the edge, which blends into the ring, the
    // ring fading out.
    let bands = [(r - 0.5, fill), (r + 0.5, ring), (r + 1.5, Color32::TRANSPARENT)];
    for &(radius, colour) in &bands {
        for d in rim {
            mesh.colored_vertex(c + *d * radius.max(0.0), colour);
        }
    }
    let k = segments as u32;
    let at = |band: u32, j: u32| base + 1 + band * k + (j % k);
    for j in 0..k {
        mesh.add_triangle(base, at(0, j), at(0, j + 1));
        for band in 0..2 {
            mesh.add_triangle(at(band, j), at(band, j + 1), at(band + 1, j + 1));
            mesh.add_triangle(at(band, j), at(band + 1, j + 1), at(band + 1, j));
        }
    }
}

/// One tie as a quad with a one-point feather on each side, all ties in one
/// mesh: 20,000 separate line shapes cost more to tessellate than a frame has.
/// Ties thinner than a point are drawn a point wide and fainter, as egui does,
/// as a ridge (full colour on the centre line, none a point out): six
/// vertices instead of eight, for the many thin ties of a big network.
fn tie_quad(mesh: &mut egui::epaint::Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.1 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) / len;
    let base = mesh.vertices.len() as u32;
    if width <= 1.0 {
        let colour = colour.gamma_multiply(width);
        for end in [a, b] {
            mesh.colored_vertex(end + n, Color32::TRANSPARENT);
            mesh.colored_vertex(end, colour);
            mesh.colored_vertex(end - n, Color32::TRANSPARENT);
        }
        for k in 0..2 {
            let (p, q) = (base + k, base + k + 1);
            mesh.add_triangle(p, q, q + 3);
            mesh.add_triangle(p, q + 3, p + 3);
        }
        return;
    }
    let inner = n * (width / 2.0 - 0.5);
    let outer = n * (width / 2.0 + 0.5);
    for end in [a, b] {
        mesh.colored_vertex(end + outer, Color32::TRANSPARENT);
        mesh.colored_vertex(end + inner, colour);
        mesh.colored_vertex(end - inner, colour);
        mesh.colored_vertex(end - outer, Color32::TRANSPARENT);
    }
    for k in 0..3 {
        let (p, q) = (base + k, base + k + 1);
        mesh.add_triangle(p, q, q + 4);
        mesh.add_triangle(p, q + 4, p + 4);
    }
}

fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p - (a + ab * t)).length()
}

/// The side list: the selected actor's evidence, or a pair's shared issues.
fn side(app: &mut StanceApp, ui: &mut egui::Ui, revision: u64, filter: &Filter) {
    let ws = app.doc.workspace();
    let st = &mut app.view.results.network;
    let mut close = false;
    let mut open = None;
    if let Some((a, b)) = st.pair {
        let key = (revision, filter.clone(), a, b);
        if st.shared.as_ref().is_none_or(|(k, _)| *k != key) {
            let shared = netview::shared_issues(ws, filter, a, b);
            st.shared = Some((key, shared));
        }
        let shared = &st.shared.as_ref().expect("just computed").1;
        let name = |x: ActorId| ws.actor(x).map_or("?".to_owned(), |a| a.name.clone());
        ui.horizontal(|ui| {
            ui.strong(format!("{} and {}", name(a), name(b)));
            close = ui.small_button("Close").clicked();
        });
        ui.weak(format!("{} shared issue(s)", shared.len()));
        egui::ScrollArea::vertical().id_salt("network_shared").show(ui, |ui| {
            for s in shared {
                let issue = ws.issue(s.issue).map_or("?", |i| i.label.as_str());
                ui.label(RichText::new(issue).strong());
                ui.label(format!("{}: {}", name(a), positions(&s.first)));
                ui.label(format!("{}: {}", name(b), positions(&s.second)));
                ui.add_space(4.0);
            }
        });
    } else if let Some(actor) = st.selected {
        let key = (revision, filter.clone(), actor);
        if st.evidence.as_ref().is_none_or(|(k, _)| *k != key) {
            st.evidence = Some((key, netview::evidence(ws, filter, actor)));
        }
        let ids = &st.evidence.as_ref().expect("just computed").1;
        let a = ws.actor(actor);
        ui.horizontal(|ui| {
            ui.strong(a.map_or("?", |a| a.name.as_str()));
            close = ui.small_button("Close").clicked();
        });
        ui.weak(format!(
            "{}, {} stance(s) — click one to read it",
            a.map_or("other", |a| a.kind.as_str()),
            ids.len()
        ));
        egui::ScrollArea::vertical().id_salt("network_evidence").show(ui, |ui| {
            for &id in ids {
                let Some(s) = ws.stance(id) else { continue };
                let article = ws.article(s.article);
                let date = article
                    .and_then(|a| a.date)
                    .map(|d| format!("{d} · "))
                    .unwrap_or_default();
                let issue = ws.issue(s.issue).map_or("?", |i| i.label.as_str());
                ui.weak(format!(
                    "{date}{} · {issue}: {}",
                    article.map_or("?", |a| a.title.as_str()),
                    s.position.as_str()
                ));
                if ui
                    .link(format!("“{}”", s.evidence.text))
                    .on_hover_text("Open the reader at this sentence")
                    .clicked()
                {
                    open = Some(id);
                }
                ui.add_space(4.0);
            }
        });
    }
    if close {
        st.selected = None;
        st.pair = None;
    }
    if let Some(id) = open {
        app.actions.push(Action::ShowReader);
        app.actions.push(Action::SelectStance(Some(id)));
    }
}

fn positions(p: &[(crate::model::Position, usize)]) -> String {
    p.iter()
        .map(|(pos, n)| format!("{} ×{n}", pos.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tie_is_picked_within_a_few_points_of_its_segment() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(segment_distance(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(segment_distance(Pos2::new(-4.0, 3.0), a, b), 5.0);
        assert_eq!(segment_distance(Pos2::new(1.0, 1.0), a, a), 2f32.sqrt());
    }

    #[test]
    fn the_palette_has_a_colour_per_actor_kind() {
        assert!(ActorKind::ALL.len() <= netview::COMMUNITY_COLOURS.len());
        let mut c: Vec<_> = ActorKind::ALL.iter().map(|&k| kind_colour(k)).collect();
        c.dedup();
        assert_eq!(c.len(), ActorKind::ALL.len());
    }
}
