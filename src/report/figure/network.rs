//! "Discourse network": the one-mode actor network ([`crate::report::netview`])
//! as a figure: the app's layout, nodes sized by stances and coloured by
//! community (or actor kind), ties by weight, names placed where they do
//! not collide, and a legend right of the plot with the communities and
//! polarisation. The subtitle states every network choice, so the figure
//! says how it was made.

use super::{Anchor, Canvas, Color, Figure, Hover, LegendEntry, Provenance, Rect, Swatch, font, palette};
use crate::model::{ActorKind, Workspace};
use crate::report::Filter;
use crate::report::netview::{self, NetView, Placement};
use crate::report::network::{NetworkOptions, Qualifier};

/// How the nodes are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum NodeColour {
    /// By Louvain community.
    #[default]
    Community,
    /// By actor kind (person, state, organisation…).
    Kind,
}

/// The colour of actor kind `k`.
pub fn kind_colour(k: ActorKind) -> u32 {
    let i = ActorKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    netview::COMMUNITY_COLOURS[i % netview::COMMUNITY_COLOURS.len()]
}

/// The network figure of the stances passing `filter`, laid out as the app does.
pub fn network(
    ws: &Workspace,
    filter: &Filter,
    options: &NetworkOptions,
    colour: NodeColour,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let view = netview::compute_placed(ws, filter, options, Placement::Layout(netview::SEED));
    network_figure(ws, filter, options, &view, colour, width, height, provenance)
}

fn mix(a: Color, b: Color, t: f32) -> Color {
    let t = t.clamp(0.0, 1.0);
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color {
        r: l(a.r, b.r),
        g: l(a.g, b.g),
        b: l(a.b, b.b),
    }
}

fn weight_label(w: f64) -> String {
    super::tick_label((w * 100.0).round() / 100.0, false)
}

/// Lays out an already computed network view.
#[allow(clippy::too_many_arguments)]
pub fn network_figure(
    ws: &Workspace,
    filter: &Filter,
    options: &NetworkOptions,
    view: &NetView,
    colour: NodeColour,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let n = view.network.actors.len();
    let title = match options.qualifier {
        Qualifier::Congruence => "Discourse network: actors tied by the issues on which they take the same side",
        Qualifier::Conflict => "Discourse network: actors tied by the issues on which they take opposite sides",
        Qualifier::Subtract => "Discourse network: congruence minus conflict between actors",
        Qualifier::Ignore => "Discourse network: actors tied by the issues they both speak on",
    }
    .to_owned();
    let mut threshold = String::new();
    if options.threshold > 0.0 {
        threshold = format!(" · ties of weight \u{2265} {}", weight_label(options.threshold));
    }
    let subtitle = vec![
        super::describe(ws, filter, view.dates, view.total_stances(), view.articles),
        format!(
            "ties: {} · normalised: {} · a statement counts {} · neutral and mixed: {}{threshold} · {n} actors, {} ties",
            options.qualifier.label(),
            options.normalize.label(),
            options.duplicates.label(),
            options.neutral.label(),
            view.network.edges.len()
        ),
    ];
    let (mut c, body) = Canvas::new(width, height, title, &subtitle, provenance.line());
    let st = c.style;
    if n == 0 {
        return c.finish_empty(body, "No accepted stance matches the filters.");
    }

    // The legend's entries, to reserve its width.
    let node_colour = |i: usize| -> Color {
        match (colour, ws.actor(view.network.actors[i])) {
            (NodeColour::Kind, Some(a)) => Color::hex(kind_colour(a.kind)),
            _ => Color::hex(netview::community_colour(view, i)),
        }
    };
    let mut entries: Vec<LegendEntry> = Vec::new();
    match colour {
        NodeColour::Kind => {
            for k in ActorKind::ALL {
                if view
                    .network
                    .actors
                    .iter()
                    .any(|&a| ws.actor(a).is_some_and(|x| x.kind == k))
                {
                    entries.push(LegendEntry {
                        label: k.as_str().to_owned(),
                        swatch: Swatch::Dot {
                            color: Color::hex(kind_colour(k)),
                            r: st.label() * 0.38,
                        },
                    });
                }
            }
        }
        NodeColour::Community => {
            let sizes = view.communities.sizes();
            let tied: Vec<usize> = (0..sizes.len()).filter(|&c| sizes[c] >= 2).collect();
            for &k in tied.iter().take(netview::COMMUNITY_COLOURS.len()) {
                entries.push(LegendEntry {
                    label: format!("community {} ({} actors)", k + 1, sizes[k]),
                    swatch: Swatch::Dot {
                        color: Color::hex(netview::COMMUNITY_COLOURS[k]),
                        r: st.label() * 0.38,
                    },
                });
            }
            if tied.len() > netview::COMMUNITY_COLOURS.len() || view.untied() > 0 {
                entries.push(LegendEntry {
                    label: "other, or no ties".to_owned(),
                    swatch: Swatch::Dot {
                        color: Color::hex(netview::OTHER_COLOUR),
                        r: st.label() * 0.38,
                    },
                });
            }
        }
    }
    let max_stances = view.stances.iter().copied().max().unwrap_or(1).max(1);
    let max_w = view
        .network
        .edges
        .iter()
        .map(|e| e.2.abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    let min_w = view
        .network
        .edges
        .iter()
        .map(|e| e.2.abs())
        .fold(f64::INFINITY, f64::min);
    let heading = match colour {
        NodeColour::Community => "Colour: community (Louvain)",
        NodeColour::Kind => "Colour: actor kind",
    };
    let stats = [
        format!("{} communities of 2+ actors", view.tied_communities()),
        format!("polarisation {:.3}", view.polarisation),
        "(modularity of the best two-camp split)".to_owned(),
    ];
    let ls = st.small();
    let texts: Vec<&str> = std::iter::once(heading)
        .chain(entries.iter().map(|e| e.label.as_str()))
        .chain(stats.iter().map(String::as_str))
        .chain(["Size: stances", "Tie width: weight"])
        .collect();
    let text_w = texts.iter().map(|t| font::text_width(t, ls)).fold(0.0, f32::max);
    let legend_w = (text_w + ls * 2.2).min(body.width() * 0.32);
    let legend_x = body.x1 - legend_w;
    let plot = Rect::new(body.x0, body.y0, legend_x - st.base, body.y1);
    c.fig.plots.push(plot);

    // Positions: the unit square fitted into the plot, margins for the names.
    let pad = st.base * 1.5;
    // Wider than tall by up to half again: a force layout has no preferred
    // aspect, and figures are landscape.
    let (room_w, room_h) = (
        (plot.width() - 2.0 * pad).max(10.0),
        (plot.height() - 2.0 * pad).max(10.0),
    );
    let side_y = room_h.min(room_w);
    let side_x = room_w.min(side_y * 1.5);
    let ox = plot.x0 + (plot.width() - side_x) / 2.0;
    let oy = plot.y0 + (plot.height() - side_y) / 2.0;
    let at = |p: [f64; 2]| [ox + p[0] as f32 * side_x, oy + p[1] as f32 * side_y];
    let pos: Vec<[f32; 2]> = view.positions.iter().map(|&p| at(p)).collect();
    let scale = st.base / 22.0;
    let radius: Vec<f32> = view
        .stances
        .iter()
        .map(|&s| st.base * (0.22 + 0.55 * (s as f32 / max_stances as f32).sqrt()))
        .collect();

    // Ties, weakest first so the strong ones lie on top.
    let mut order: Vec<usize> = (0..view.network.edges.len()).collect();
    order.sort_by(|&a, &b| view.network.edges[a].2.abs().total_cmp(&view.network.edges[b].2.abs()));
    let tie_style = |w: f64| -> (Color, f32) {
        let t = (w.abs() / max_w) as f32;
        let strong = if w < 0.0 {
            Color::hex(netview::NEGATIVE_TIE_COLOUR)
        } else {
            palette::MUTED
        };
        (
            mix(Color::hex(0xD9D9D9), strong, 0.35 + 0.65 * t),
            scale * (0.6 + 3.4 * t),
        )
    };
    for &e in &order {
        let (a, b, w) = view.network.edges[e];
        let (color, width) = tie_style(w);
        c.line(vec![pos[a], pos[b]], color, width, Vec::new());
    }
    for i in 0..n {
        c.circle(
            pos[i][0],
            pos[i][1],
            radius[i],
            node_colour(i),
            Some((palette::WHITE, scale * 1.2)),
        );
    }

    // Names, most active first, below / above / right / left of the node,
    // wherever one fits without touching another name or leaving the plot.
    let ns = st.tick() * 0.92;
    let mut by: Vec<usize> = (0..n).collect();
    by.sort_by(|&a, &b| view.stances[b].cmp(&view.stances[a]).then(a.cmp(&b)));
    // Names avoid every node, and sit on a white box so ties do not cross them.
    let mut taken: Vec<Rect> = (0..n)
        .map(|i| {
            let ([x, y], r) = (pos[i], radius[i]);
            Rect::new(x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut named = 0;
    for &i in &by {
        let name = ws.actor(view.network.actors[i]).map_or("?", |a| a.name.as_str());
        let w = font::text_width(name, ns);
        let [x, y] = pos[i];
        let r = radius[i];
        let gap = ns * 0.2;
        let candidates = [
            (x - w / 2.0, y + r + gap),
            (x - w / 2.0, y - r - gap - ns * 1.15),
            (x + r + gap, y - ns * 0.6),
            (x - r - gap - w, y - ns * 0.6),
        ];
        let spot = candidates
            .into_iter()
            .map(|(x0, y0)| Rect::new(x0, y0, x0 + w, y0 + ns * 1.15))
            .find(|b| {
                b.x0 >= plot.x0
                    && b.x1 <= plot.x1
                    && b.y0 >= plot.y0
                    && b.y1 <= plot.y1
                    && !taken.iter().any(|t| t.intersects(b))
            });
        if let Some(b) = spot {
            c.rect(
                Rect::new(b.x0 - ns * 0.1, b.y0 + ns * 0.05, b.x1 + ns * 0.1, b.y1),
                palette::WHITE,
            );
            c.text(b.x0, b.y1 - ns * 0.28, name, ns, palette::INK, Anchor::Start);
            taken.push(b);
            named += 1;
        }
    }
    let sizes = view.communities.sizes();
    for i in 0..n {
        let a = ws.actor(view.network.actors[i]);
        let name = a.map_or("?", |a| a.name.as_str());
        let community = if view.degree[i] > 0 && sizes[view.communities.of[i]] >= 2 {
            format!("community {}", view.communities.of[i] + 1)
        } else {
            "no community (no ties)".to_owned()
        };
        let r = radius[i].max(st.base * 0.3);
        c.fig.hovers.push(Hover {
            rect: Rect::new(pos[i][0] - r, pos[i][1] - r, pos[i][0] + r, pos[i][1] + r),
            lines: vec![
                name.to_owned(),
                format!("{}, {community}", a.map_or("other", |a| a.kind.as_str())),
                format!("{} ties, {} stances", view.degree[i], view.stances[i]),
            ],
            key: (i, usize::MAX),
        });
    }

    // The legend, right of the plot.
    let mut y = body.y0 + ls;
    let x = legend_x;
    c.text(x, y, heading, ls, palette::INK, Anchor::Start);
    y += ls * 0.6;
    for e in &entries {
        y += ls * 1.45;
        c.swatch(&e.swatch, x, y - ls * 0.33, ls);
        c.text(
            x + ls * 1.5,
            y,
            &font::fit(&e.label, ls, legend_w - ls * 1.5),
            ls,
            palette::INK,
            Anchor::Start,
        );
    }
    y += ls * 2.2;
    c.text(x, y, "Size: stances", ls, palette::INK, Anchor::Start);
    for s in [1, max_stances] {
        let r = st.base * (0.22 + 0.55 * (s as f32 / max_stances as f32).sqrt());
        y += r.max(ls * 0.5) * 2.0 + ls * 0.3;
        c.circle(x + st.base * 0.8, y - ls * 0.33, r, palette::MUTED, None);
        c.text(x + st.base * 1.8, y, &s.to_string(), ls, palette::INK, Anchor::Start);
        if max_stances == 1 {
            break;
        }
    }
    if !view.network.edges.is_empty() {
        y += ls * 2.2;
        c.text(x, y, "Tie width: weight", ls, palette::INK, Anchor::Start);
        let mut ws_shown = vec![min_w];
        if max_w > min_w + 1e-9 {
            ws_shown.push(max_w);
        }
        let negative = view.network.edges.iter().any(|e| e.2 < 0.0);
        for w in ws_shown {
            y += ls * 1.45;
            let (color, width) = tie_style(w);
            c.line(
                vec![[x, y - ls * 0.33], [x + ls * 2.0, y - ls * 0.33]],
                color,
                width,
                Vec::new(),
            );
            c.text(x + ls * 2.6, y, &weight_label(w), ls, palette::INK, Anchor::Start);
        }
        if negative {
            y += ls * 1.45;
            let (color, width) = tie_style(-max_w);
            c.line(
                vec![[x, y - ls * 0.33], [x + ls * 2.0, y - ls * 0.33]],
                color,
                width,
                Vec::new(),
            );
            c.text(
                x + ls * 2.6,
                y,
                "negative: more conflict",
                ls,
                palette::INK,
                Anchor::Start,
            );
        }
    }
    y += ls * 2.2;
    for (k, s) in stats.iter().enumerate() {
        let color = if k == 2 { palette::MUTED } else { palette::INK };
        c.text(x, y, &font::fit(s, ls, legend_w), ls, color, Anchor::Start);
        y += ls * 1.35;
    }
    if named < n {
        y += ls * 0.6;
        let note = format!("{named} of {n} actors named");
        c.text(x, y, &note, ls, palette::MUTED, Anchor::Start);
        y += ls * 1.35;
        c.text(
            x,
            y,
            "(the most active, where names fit)",
            ls,
            palette::MUTED,
            Anchor::Start,
        );
    }
    c.fig.legend_rect = Some(Rect::new(legend_x, body.y0, body.x1, (y + ls * 0.5).min(body.y1)));
    c.fig.legend = entries;
    c.finish()
}
