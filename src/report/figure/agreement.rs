//! "Agreement map": an actor × actor heatmap of congruence and conflict
//! (`report::agreement_of`: per issue, whether both actors take the same
//! side or opposite sides). Every actor is named in full, rows on the left
//! and columns rotated above; a colour bar with its numeric scale sits to
//! the right of the cells; the diagonal (an actor with itself) is grey and struck through.
//!
//! **Neutral and mixed stances** take part in neither congruence nor
//! conflict (DNA's qualifier is binary): only whether an actor supports or
//! opposes an issue counts, once per issue however many stances say so. An
//! actor with both a support and an oppose stance on an issue is on both
//! sides of it.

use super::{Anchor, Canvas, Color, Figure, Hover, LegendEntry, Provenance, Rect, Swatch, font, palette};
use crate::model::{ActorId, ArticleId, Date, Workspace};
use crate::report::{Filter, agreement_of, cluster_order, matrix};
use std::collections::BTreeSet;

/// What a cell shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Measure {
    /// (congruence − conflict) / (congruence + conflict), −1 to +1: DNA's
    /// "subtract" scaled by the issues where the pair took sides.
    #[default]
    Balance,
    /// Issues on which both take the same side.
    Congruence,
    /// Issues on which they take opposite sides.
    Conflict,
}

/// The order of rows and columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Order {
    /// Blocs together: average-linkage clustering on congruence − conflict
    /// (`report::cluster_order`).
    #[default]
    Bloc,
    /// Alphabetically by name.
    Name,
    /// By number of stances, most first.
    Activity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgreementOptions {
    pub measure: Measure,
    pub order: Order,
    /// The most active actors shown (the subtitle says how many there are).
    pub max_actors: usize,
}

impl Default for AgreementOptions {
    fn default() -> Self {
        AgreementOptions {
            measure: Measure::Balance,
            order: Order::Bloc,
            max_actors: 25,
        }
    }
}

/// The numbers of the map, in display order.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementData {
    pub measure: Measure,
    pub order: Order,
    pub actors: Vec<ActorId>,
    pub names: Vec<String>,
    /// Stances per actor (every position).
    pub activity: Vec<u32>,
    /// Row-major `n × n`, as `report::Agreement`.
    pub congruence: Vec<u32>,
    pub conflict: Vec<u32>,
    /// Per pair (row-major), the issues (labels) on which they take the same
    /// side, and opposite sides.
    pub same: Vec<Vec<String>>,
    pub opposite: Vec<Vec<String>>,
    /// Actors with stances, before keeping the most active.
    pub actors_total: usize,
    pub stances: usize,
    pub articles: usize,
    pub dates: Option<(Date, Date)>,
}

impl AgreementData {
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    pub fn congruence(&self, i: usize, j: usize) -> u32 {
        self.congruence[i * self.len() + j]
    }

    pub fn conflict(&self, i: usize, j: usize) -> u32 {
        self.conflict[i * self.len() + j]
    }

    /// (congruence − conflict) / (congruence + conflict); `None` without an
    /// issue on which both took a side.
    pub fn balance(&self, i: usize, j: usize) -> Option<f32> {
        let (a, b) = (self.congruence(i, j) as f32, self.conflict(i, j) as f32);
        (a + b > 0.0).then(|| (a - b) / (a + b))
    }

    /// The cell's value in the chosen measure; `None`: nothing to show.
    pub fn value(&self, i: usize, j: usize) -> Option<f32> {
        match self.measure {
            Measure::Balance => self.balance(i, j),
            Measure::Congruence => Some(self.congruence(i, j) as f32),
            Measure::Conflict => Some(self.conflict(i, j) as f32),
        }
    }

    /// The largest count off the diagonal (at least 1).
    pub fn top(&self) -> u32 {
        let m = if self.measure == Measure::Conflict {
            &self.conflict
        } else {
            &self.congruence
        };
        m.iter().copied().max().unwrap_or(0).max(1)
    }
}

/// The map's numbers from the stances passing `filter`.
pub fn agreement_data(ws: &Workspace, filter: &Filter, opts: &AgreementOptions) -> AgreementData {
    let m = matrix(ws, filter);
    let full = agreement_of(&m);
    let total = |r: usize| m.row(r).iter().map(|c| c.total()).sum::<u32>();
    let name = |r: usize| {
        ws.actor(m.rows[r])
            .map_or_else(|| m.rows[r].to_string(), |a| a.name.clone())
    };
    let mut coded: Vec<usize> = (0..m.rows.len()).filter(|&r| total(r) > 0).collect();
    let actors_total = coded.len();
    if coded.len() > opts.max_actors {
        let mut by_count = coded.clone();
        by_count.sort_by_key(|&r| std::cmp::Reverse(total(r)));
        let keep: BTreeSet<usize> = by_count.into_iter().take(opts.max_actors).collect();
        coded.retain(|r| keep.contains(r));
    }
    match opts.order {
        Order::Bloc => {
            let order = cluster_order(&full);
            let mut rank = vec![0usize; m.rows.len()];
            for (k, &i) in order.iter().enumerate() {
                rank[i] = k;
            }
            coded.sort_by_key(|&r| rank[r]);
        }
        Order::Name => coded.sort_by(|&a, &b| name(a).to_lowercase().cmp(&name(b).to_lowercase()).then(a.cmp(&b))),
        Order::Activity => coded.sort_by(|&a, &b| total(b).cmp(&total(a)).then(a.cmp(&b))),
    }
    let n = coded.len();
    let labels: Vec<String> = m
        .columns
        .iter()
        .map(|&i| ws.issue(i).map_or_else(|| i.to_string(), |x| x.label.clone()))
        .collect();
    let mut data = AgreementData {
        measure: opts.measure,
        order: opts.order,
        actors: coded.iter().map(|&r| m.rows[r]).collect(),
        names: coded.iter().map(|&r| name(r)).collect(),
        activity: coded.iter().map(|&r| total(r)).collect(),
        congruence: vec![0; n * n],
        conflict: vec![0; n * n],
        same: vec![Vec::new(); n * n],
        opposite: vec![Vec::new(); n * n],
        actors_total,
        stances: 0,
        articles: 0,
        dates: None,
    };
    let mut articles: BTreeSet<ArticleId> = BTreeSet::new();
    for &r in &coded {
        for cell in m.row(r) {
            for s in cell.stances.iter().filter_map(|id| ws.stance(*id)) {
                data.stances += 1;
                articles.insert(s.article);
                if let Some(d) = ws.article(s.article).and_then(|a| a.date) {
                    data.dates = Some(data.dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
                }
            }
        }
    }
    data.articles = articles.len();
    for (a, &ra) in coded.iter().enumerate() {
        for (b, &rb) in coded.iter().enumerate() {
            if a == b {
                continue;
            }
            let k = a * n + b;
            data.congruence[k] = full.congruence(ra, rb);
            data.conflict[k] = full.conflict(ra, rb);
            for (col, label) in labels.iter().enumerate() {
                let (x, y) = (m.cell(ra, col), m.cell(rb, col));
                if (x.support > 0 && y.support > 0) || (x.oppose > 0 && y.oppose > 0) {
                    data.same[k].push(label.clone());
                }
                if (x.support > 0 && y.oppose > 0) || (x.oppose > 0 && y.support > 0) {
                    data.opposite[k].push(label.clone());
                }
            }
        }
    }
    data
}

/// The middle of the diverging scale (a score of 0, or a count of 0).
pub const MID: Color = Color::hex(0xF4F4F4);

fn mix(a: Color, b: Color, t: f32) -> Color {
    let t = t.clamp(0.0, 1.0);
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color {
        r: l(a.r, b.r),
        g: l(a.g, b.g),
        b: l(a.b, b.b),
    }
}

/// A cell's colour: conflict vermillion, congruence dark blue (the
/// palette's oppose and support), darker the stronger; for counts, from the
/// middle grey at 0 to full colour at `top`.
pub fn cell_color(measure: Measure, value: f32, top: u32) -> Color {
    match measure {
        Measure::Balance if value < 0.0 => mix(MID, palette::OPPOSE, -value),
        Measure::Balance => mix(MID, palette::SUPPORT, value),
        Measure::Congruence => mix(MID, palette::SUPPORT, value / top.max(1) as f32),
        Measure::Conflict => mix(MID, palette::OPPOSE, value / top.max(1) as f32),
    }
}

fn value_label(measure: Measure, v: f32) -> String {
    match measure {
        Measure::Balance if v.abs() < 0.005 => "0".to_owned(),
        Measure::Balance => format!("{v:+.2}").replace('-', "\u{2212}"),
        _ => format!("{}", v.round() as i64),
    }
}

/// The Agreement map of the stances passing `filter`, `width × height` px.
pub fn agreement(
    ws: &Workspace,
    filter: &Filter,
    opts: &AgreementOptions,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let data = agreement_data(ws, filter, opts);
    agreement_figure(ws, filter, &data, width, height, provenance)
}

/// Lays out the map of already computed numbers.
pub fn agreement_figure(
    ws: &Workspace,
    filter: &Filter,
    data: &AgreementData,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let title = match data.measure {
        Measure::Balance => "Agreement between actors: (congruence \u{2212} conflict) / (congruence + conflict)",
        Measure::Congruence => "Congruence between actors: issues on which both take the same side",
        Measure::Conflict => "Conflict between actors: issues on which they take opposite sides",
    }
    .to_owned();
    let mut subtitle = vec![super::describe(ws, filter, data.dates, data.stances, data.articles)];
    let mut second = Vec::new();
    if data.len() < data.actors_total {
        second.push(format!(
            "the {} most active (most stances) of {} actors",
            data.len(),
            data.actors_total
        ));
    }
    second.push(
        match data.order {
            Order::Bloc => "ordered by bloc (average-linkage clustering of congruence \u{2212} conflict)",
            Order::Name => "ordered by name",
            Order::Activity => "ordered by number of stances",
        }
        .to_owned(),
    );
    second.push("per issue, support and oppose only: neutral and mixed stances count in neither".to_owned());
    subtitle.push(second.join(" · "));
    let (mut c, body) = Canvas::new(width, height, title, &subtitle, provenance.line());
    let st = c.style;
    let n = data.len();
    if n == 0 {
        return c.finish_empty(body, "No accepted stance matches the filters.");
    }

    // The legend's texts, to reserve its width.
    let ls = st.small();
    let (top_label, bottom_label) = match data.measure {
        Measure::Balance => (
            "+1 congruence: always the same side",
            "\u{2212}1 conflict: always opposite sides",
        ),
        Measure::Congruence => ("issues on the same side", "0"),
        Measure::Conflict => ("issues on opposite sides", "0"),
    };
    let ticks: Vec<f64> = match data.measure {
        Measure::Balance => vec![1.0, 0.5, 0.0, -0.5, -1.0],
        _ => super::nice_ticks(0.0, data.top() as f64, 4)
            .into_iter()
            .filter(|t| t.fract() == 0.0)
            .rev()
            .collect(),
    };
    let extra = ["no issue where both took a side", "diagonal: the actor itself"];
    let bar_w = st.base * 1.1;
    let text_w = extra
        .iter()
        .chain([&top_label, &bottom_label])
        .map(|t| font::text_width(t, ls))
        .chain(
            ticks
                .iter()
                .map(|t| font::text_width(&super::tick_label(*t, true), ls) + bar_w + ls),
        )
        .fold(0.0, f32::max);
    let legend_w = (bar_w + ls * 0.6 + text_w).min(body.width() * 0.3);
    let gap = st.base * 1.5;

    // The names' size: the tick size, smaller when the cells are small.
    // Column names run up to the right at 45°, from their column's top.
    const SIN45: f32 = std::f32::consts::FRAC_1_SQRT_2;
    let mut size = st.tick();
    let (mut names_w, mut cols_h, mut cell, mut over) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for _ in 0..6 {
        let widths: Vec<f32> = data.names.iter().map(|t| font::text_width(t, size)).collect();
        let longest = widths.iter().copied().fold(0.0, f32::max);
        names_w = longest + size * 0.6;
        cols_h = longest * SIN45 + size * 1.2;
        let right = (gap + legend_w).max(over);
        let across = (body.width() - names_w - right) / n as f32;
        let down = (body.height() - cols_h - ls * 2.0) / n as f32;
        cell = across.min(down).min(st.base * 4.0).max(2.0);
        // How far the last columns' names reach past the cells.
        over = widths
            .iter()
            .enumerate()
            .map(|(k, w)| cell * (k as f32 + 0.5) + (w + size * 0.6) * SIN45 + size * 0.5 - cell * n as f32)
            .fold(0.0, f32::max);
        let fits = (gap + legend_w).max(over) <= right + 0.5;
        if fits && (size <= cell * 0.66 || size <= 7.0) {
            break;
        }
        size = size.min((cell * 0.66).max(7.0));
    }
    let right = (gap + legend_w).max(over);
    // The block (names, cells, legend) centred across the body.
    let spare = (body.width() - names_w - cell * n as f32 - right).max(0.0);
    let x0 = body.x0 + spare / 2.0 + names_w;
    let y0 = body.y0 + cols_h;
    let cells = Rect::new(x0, y0, x0 + cell * n as f32, y0 + cell * n as f32);
    c.fig.plots.push(cells);

    // Names: rows right-aligned on the left, columns above, every one in full.
    for (k, name) in data.names.iter().enumerate() {
        let mid = cell * (k as f32 + 0.5);
        c.text(
            x0 - size * 0.4,
            y0 + mid + size * 0.36,
            name,
            size,
            palette::INK,
            Anchor::End,
        );
        // The glyphs' middle on the column's centre line.
        let (ax, ay) = (x0 + mid, y0 - size * 0.3);
        c.rotated(
            ax + size * 0.36 * SIN45,
            ay + size * 0.36 * SIN45,
            name,
            size,
            palette::INK,
            Anchor::Start,
            -45.0,
        );
    }

    // Cells.
    let inset = (cell * 0.04).clamp(0.5, 2.0);
    let vs = (cell * 0.3).min(st.small().max(10.0));
    let top = data.top();
    // Values in the cells only when the widest of them fits (all or none).
    let widest = match data.measure {
        Measure::Balance => value_label(Measure::Balance, -0.88),
        _ => top.to_string(),
    };
    let print = vs >= 9.0 && font::text_width(&widest, vs) + vs * 0.6 <= cell - 2.0 * inset;
    for r in 0..n {
        for col in 0..n {
            let full = Rect::new(
                x0 + cell * col as f32,
                y0 + cell * r as f32,
                x0 + cell * (col + 1) as f32,
                y0 + cell * (r + 1) as f32,
            );
            let inner = Rect::new(full.x0 + inset, full.y0 + inset, full.x1 - inset, full.y1 - inset);
            if r == col {
                c.rect(inner, palette::GRID);
                c.line(
                    vec![[inner.x0, inner.y0], [inner.x1, inner.y1]],
                    palette::MUTED,
                    1.0,
                    Vec::new(),
                );
                continue;
            }
            let shared = data.congruence(r, col) + data.conflict(r, col) > 0;
            match data.value(r, col).filter(|_| shared) {
                Some(v) => {
                    let fill = cell_color(data.measure, v, top);
                    c.rect(inner, fill);
                    let label = value_label(data.measure, v);
                    if print {
                        c.text(
                            (inner.x0 + inner.x1) / 2.0,
                            (inner.y0 + inner.y1) / 2.0 + vs * 0.36,
                            &label,
                            vs,
                            fill.text_on(),
                            Anchor::Middle,
                        );
                    }
                }
                _ => empty_cell(&mut c, inner),
            }
            let (same, opp) = (data.congruence(r, col), data.conflict(r, col));
            let mut lines = vec![
                format!("{} — {}", data.names[r], data.names[col]),
                match data.balance(r, col) {
                    Some(b) => format!(
                        "score {} · same side on {same} issue{}, opposite sides on {opp}",
                        value_label(Measure::Balance, b),
                        if same == 1 { "" } else { "s" }
                    ),
                    None => "no issue on which both took a side".to_owned(),
                },
            ];
            let k = r * n + col;
            if !data.same[k].is_empty() {
                lines.push(format!("same side: {}", data.same[k].join(", ")));
            }
            if !data.opposite[k].is_empty() {
                lines.push(format!("opposite sides: {}", data.opposite[k].join(", ")));
            }
            lines.push(format!(
                "stances: {} {}, {} {}",
                data.names[r], data.activity[r], data.names[col], data.activity[col]
            ));
            c.fig.hovers.push(Hover {
                rect: full,
                lines,
                key: (r, col),
            });
        }
    }

    // The colour bar with its scale, right of the cells.
    let lx = cells.x1 + gap;
    let bar_h = cells
        .height()
        .max(st.base * 9.0)
        .min(body.y1 - y0 - ls * 8.0)
        .max(st.base * 4.0);
    let by0 = y0 + ls * 1.4;
    let by1 = by0 + bar_h;
    c.text(lx, y0 + ls * 0.4, top_label, ls, palette::INK, Anchor::Start);
    let steps = 48;
    let (lo, hi) = match data.measure {
        Measure::Balance => (-1.0f32, 1.0f32),
        _ => (0.0, top as f32),
    };
    let y_of = |v: f32| by1 - (v - lo) / (hi - lo) * bar_h;
    for s in 0..steps {
        let v0 = lo + (hi - lo) * s as f32 / steps as f32;
        let v1 = lo + (hi - lo) * (s + 1) as f32 / steps as f32;
        let fill = cell_color(data.measure, (v0 + v1) / 2.0, top);
        c.rect(Rect::new(lx, y_of(v1), lx + bar_w, y_of(v0) + 0.5), fill);
    }
    for &t in &ticks {
        let y = y_of(t as f32);
        c.line(
            vec![[lx + bar_w, y], [lx + bar_w + ls * 0.3, y]],
            palette::INK,
            1.0,
            Vec::new(),
        );
        let label = match data.measure {
            Measure::Balance => super::tick_label(t, true),
            _ => super::tick_label(t, false),
        };
        c.text(
            lx + bar_w + ls * 0.5,
            y + ls * 0.36,
            &label,
            ls,
            palette::INK,
            Anchor::Start,
        );
    }
    let mut y = by1 + ls * 1.6;
    if data.measure == Measure::Balance {
        c.text(lx, y, bottom_label, ls, palette::INK, Anchor::Start);
        y += ls * 2.0;
    }
    let sw = ls * 1.3;
    empty_cell(&mut c, Rect::new(lx, y - sw * 0.7, lx + sw, y + sw * 0.3));
    c.text(lx + sw + ls * 0.5, y, extra[0], ls, palette::INK, Anchor::Start);
    y += ls * 1.9;
    let d = Rect::new(lx, y - sw * 0.7, lx + sw, y + sw * 0.3);
    c.rect(d, palette::GRID);
    c.line(vec![[d.x0, d.y0], [d.x1, d.y1]], palette::MUTED, 1.0, Vec::new());
    c.text(lx + sw + ls * 0.5, y, extra[1], ls, palette::INK, Anchor::Start);
    let legend_right = (lx + legend_w).min(body.x1);
    c.fig.legend_rect = Some(Rect::new(lx, y0 - ls, legend_right, y + sw * 0.3));
    c.fig.legend = vec![
        LegendEntry {
            label: top_label.to_owned(),
            swatch: Swatch::Box(cell_color(data.measure, hi, top)),
        },
        LegendEntry {
            label: bottom_label.to_owned(),
            swatch: Swatch::Box(cell_color(data.measure, lo, top)),
        },
        LegendEntry {
            label: extra[0].to_owned(),
            swatch: Swatch::Box(palette::WHITE),
        },
        LegendEntry {
            label: extra[1].to_owned(),
            swatch: Swatch::Box(palette::GRID),
        },
    ];
    c.finish()
}

/// A white cell with a grey outline: nothing to show.
fn empty_cell(c: &mut Canvas, r: Rect) {
    c.rect(r, palette::GRID);
    let w = (r.width() * 0.06).clamp(0.75, 1.5);
    c.rect(Rect::new(r.x0 + w, r.y0 + w, r.x1 - w, r.y1 - w), palette::WHITE);
}
