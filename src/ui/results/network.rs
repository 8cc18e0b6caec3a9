//! The Network tab: the discourse network of the shared filter and layer
//! ([`report::netview`]), laid out and cut into communities on a thread,
//! drawn with pan and zoom; a node lists its actor's evidence, a tie (or two
//! nodes picked) the issues the two actors share.

use super::cached::Cached;
use crate::model::{ActorId, ActorKind, StanceId, Workspace};
use crate::report::Filter;
use crate::report::netview::{self, NetView, SharedIssue};
use crate::report::network::{NetworkOptions, Normalize, Qualifier};
use crate::ui::app::{Action, StanceApp};
use eframe::egui::{self, Color32, Pos2, RichText, Sense, Stroke, Vec2};

/// What the drawn network depends on.
type ViewKey = (u64, Filter, Qualifier, Normalize, u64);
/// What a pair's shared issues depend on: revision, filter, the two actors.
type PairKey = (u64, Filter, ActorId, ActorId);

/// The colour-blind-safe palette of Okabe & Ito (2008), without black.
const PALETTE: [Color32; 7] = [
    Color32::from_rgb(0xE6, 0x9F, 0x00),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
    Color32::from_rgb(0x00, 0x9E, 0x73),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xD5, 0x5E, 0x00),
    Color32::from_rgb(0xF0, 0xE4, 0x42),
];
/// Communities past the palette, and actors without ties.
const OTHER: Color32 = Color32::from_rgb(0x99, 0x99, 0x99);
/// Negative (subtracted) ties.
const CONFLICT: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);

/// Names on every node up to this many nodes; above it, on the biggest.
const ALL_NAMES: usize = 40;
const BIGGEST_NAMED: usize = 12;

pub(crate) const POLARISATION_MEANS: &str = "Polarisation = the modularity (Newman 2006) of the best split of the network into two camps: how much more of the tie weight falls inside the camps than it would if each actor's ties were spread at random. 0: no two camps; 0.5 (the most): two equally active camps with no tie between them.";
pub(crate) const COMMUNITIES_MEANS: &str = "Communities found by the Louvain method (Blondel et al. 2008), which maximises modularity: groups of actors tied more among themselves than to the rest. Actors without ties are not counted.";

pub(crate) struct NetworkState {
    qualifier: Qualifier,
    normalize: Normalize,
    threshold: f64,
    by_kind: bool,
    view: Cached<ViewKey, NetView>,
    pan: Vec2,
    zoom: f32,
    /// The actor whose evidence is listed.
    pub(crate) selected: Option<ActorId>,
    /// Two actors whose shared issues are listed.
    pub(crate) pair: Option<(ActorId, ActorId)>,
    /// The selected actor's evidence, for (revision, filter, actor).
    evidence: Option<((u64, Filter, ActorId), Vec<StanceId>)>,
    shared: Option<(PairKey, Vec<SharedIssue>)>,
}

impl Default for NetworkState {
    fn default() -> Self {
        NetworkState {
            qualifier: Qualifier::Congruence,
            normalize: Normalize::No,
            threshold: 0.0,
            by_kind: false,
            view: Cached::default(),
            pan: Vec2::ZERO,
            zoom: 1.0,
            selected: None,
            pair: None,
            evidence: None,
            shared: None,
        }
    }
}

impl NetworkState {
    /// The network options of the toolbar.
    pub(crate) fn options(&self) -> NetworkOptions {
        NetworkOptions {
            qualifier: self.qualifier,
            normalize: self.normalize,
            threshold: self.threshold,
            ..NetworkOptions::default()
        }
    }

    /// Whether the layout is being computed on a thread.
    pub(crate) fn is_computing(&self) -> bool {
        self.view.is_computing()
    }
}

fn community_colour(c: usize, tied: bool) -> Color32 {
    if tied {
        PALETTE.get(c).copied().unwrap_or(OTHER)
    } else {
        OTHER
    }
}

fn kind_colour(k: ActorKind) -> Color32 {
    let i = ActorKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    PALETTE[i]
}

pub(crate) fn network(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace().clone();
    let revision = app.doc.revision();
    let filter = app.view.results.filter.clone();
    let st = &mut app.view.results.network;
    let options = st.options();
    let key = (
        revision,
        filter.clone(),
        options.qualifier,
        options.normalize,
        options.threshold.to_bits(),
    );
    let f = filter.clone();
    let (view, updating) = st.view.get(&ws, key, true, move |ws| {
        netview::compute(ws, &f, &options, netview::SEED)
    });
    toolbar(app, ui, &view);
    if updating {
        super::updating_note(ui, "Laying out the network…");
    }
    if view.network.actors.is_empty() {
        if !updating {
            ui.add_space(20.0);
            ui.vertical_centered(|ui| {
                ui.heading("No accepted stances in this layer and filter");
                ui.label(
                    "Code and accept stances in the reader, or loosen the filter above (dates, actors, issues, layer).",
                );
            });
        }
        return;
    }
    let st = &app.view.results.network;
    if st.selected.is_some() || st.pair.is_some() {
        egui::Panel::right("network_side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| side(app, ui, &ws, revision, &filter));
    }
    legend(app.view.results.network.by_kind, ui, &view);
    if view.network.edges.is_empty() {
        ui.weak("No ties between these actors: lower the threshold, or choose another qualifier.");
    }
    canvas(app, ui, &ws, &view);
}

fn toolbar(app: &mut StanceApp, ui: &mut egui::Ui, view: &NetView) {
    let st = &mut app.view.results.network;
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
            .selected_text(normalize_label(st.normalize))
            .show_ui(ui, |ui| {
                for n in [Normalize::No, Normalize::Average, Normalize::Jaccard, Normalize::Cosine] {
                    ui.selectable_value(&mut st.normalize, n, normalize_label(n));
                }
            })
            .response
            .labelled_by(l.id);
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
    });
    ui.weak("Drag to pan, scroll to zoom; click an actor for its evidence, a tie (or Shift+click a second actor) for the issues the two share.");
    ui.separator();
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
            for &c in tied.iter().take(PALETTE.len()) {
                swatch(ui, PALETTE[c], format!("community {} ({} actors)", c + 1, sizes[c]));
            }
            if tied.len() > PALETTE.len() || view.untied() > 0 {
                swatch(ui, OTHER, "other / no ties".to_owned());
            }
        }
    });
}

fn normalize_label(n: Normalize) -> &'static str {
    match n {
        Normalize::No => "no",
        Normalize::Average => "average activity",
        Normalize::Jaccard => "Jaccard",
        Normalize::Cosine => "cosine",
    }
}

/// The accessible name of a node, which tests and screen readers find it by.
pub(crate) fn node_label(name: &str) -> String {
    format!("Actor node {name}")
}

fn canvas(app: &mut StanceApp, ui: &mut egui::Ui, ws: &Workspace, view: &NetView) {
    let (rect, resp) = ui.allocate_exact_size(ui.available_size().max(Vec2::splat(100.0)), Sense::click_and_drag());
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
    let highlight = st.selected.and_then(|a| view.node_of(a));
    let pair = st.pair.and_then(|(a, b)| Some((view.node_of(a)?, view.node_of(b)?)));
    for &(a, b, w) in &view.network.edges {
        let t = (w.abs() / max_w) as f32;
        let base = if w < 0.0 { CONFLICT } else { ui.visuals().text_color() };
        let on = highlight.is_some_and(|h| h == a || h == b) || pair.is_some_and(|p| p == (a, b) || p == (b, a));
        let alpha = if on { 230 } else { (40.0 + 150.0 * t) as u8 };
        let colour = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
        painter.line_segment([pos[a], pos[b]], Stroke::new(0.5 + 3.5 * t, colour));
    }
    // Nodes, each an accessible widget of its own.
    let mut hovered = None;
    let mut clicked = None;
    let shift = ui.input(|i| i.modifiers.shift);
    for (i, &actor) in view.network.actors.iter().enumerate() {
        let a = ws.actor(actor);
        let name = a.map_or("?", |a| a.name.as_str());
        let colour = match (st.by_kind, a) {
            (true, Some(a)) => kind_colour(a.kind),
            _ => community_colour(view.communities.of[i], tied(i)),
        };
        let r = radius[i];
        painter.circle_filled(pos[i], r, colour);
        let ring = if Some(i) == highlight || pair.is_some_and(|p| p.0 == i || p.1 == i) {
            Stroke::new(2.5, ui.visuals().strong_text_color())
        } else {
            Stroke::new(1.0, ui.visuals().extreme_bg_color)
        };
        painter.circle_stroke(pos[i], r, ring);
        if !rect.contains(pos[i]) {
            continue;
        }
        let node_rect = egui::Rect::from_center_size(pos[i], Vec2::splat(2.0 * r.max(6.0)));
        let id = ui.scope_id().with(("network_node", actor));
        let nr = ui.interact(node_rect, id, Sense::click());
        let label = node_label(name);
        nr.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if nr.hovered() {
            hovered = Some(i);
        }
        if nr.clicked() {
            clicked = Some(i);
        }
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
    // Names: all for small networks, else the biggest and the hovered.
    let n = view.network.actors.len();
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
    for i in named {
        let name = ws.actor(view.network.actors[i]).map_or("?", |a| a.name.as_str());
        let p = pos[i] + Vec2::new(0.0, radius[i] + 2.0);
        painter.text(
            p,
            egui::Align2::CENTER_TOP,
            name,
            egui::FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
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
fn side(app: &mut StanceApp, ui: &mut egui::Ui, ws: &Workspace, revision: u64, filter: &Filter) {
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
        assert!(ActorKind::ALL.len() <= PALETTE.len());
        let mut c: Vec<_> = ActorKind::ALL.iter().map(|&k| kind_colour(k)).collect();
        c.dedup();
        assert_eq!(c.len(), ActorKind::ALL.len());
    }
}
