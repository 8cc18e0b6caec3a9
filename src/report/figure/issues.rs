//! "Issue overview": one row per issue, a diverging stacked bar of the
//! actors by their overall position on it (oppose to the left of 0, support
//! to the right, mixed and neutral centred on 0), the count written on each
//! segment. An actor's overall position on an issue is its matrix cell's
//! (`report::Cell::position`: the sign of support − oppose; mixed when
//! signals cancel out; neutral when there are only neutral stances), so each
//! actor counts once per issue however many stances it has.

use super::compare::{CellStats, diverging_bar};
use super::{Anchor, Canvas, Figure, Hover, LegendEntry, Provenance, Rect, Swatch, font, palette};
use crate::model::{ArticleId, Date, IssueId, Position, Workspace};
use crate::report::{Filter, matrix};
use std::collections::BTreeSet;

/// One issue's actors by overall position.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueRow {
    pub issue: IssueId,
    pub label: String,
    pub support: u32,
    pub oppose: u32,
    pub neutral: u32,
    pub mixed: u32,
    /// The actors' names per position (support, oppose, neutral, mixed), for hovers.
    pub names: [Vec<String>; 4],
}

impl IssueRow {
    pub fn actors(&self) -> u32 {
        self.support + self.oppose + self.neutral + self.mixed
    }

    fn as_cell(&self) -> CellStats {
        CellStats {
            support: self.support,
            oppose: self.oppose,
            neutral: self.neutral,
            mixed: self.mixed,
            articles: 0,
            net: 0.0,
            interval: None,
        }
    }
}

/// The numbers of the overview, in codebook order.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuesData {
    pub rows: Vec<IssueRow>,
    pub stances: usize,
    pub articles: usize,
    pub dates: Option<(Date, Date)>,
}

/// The overview's numbers from the stances passing `filter`.
pub fn issues_data(ws: &Workspace, filter: &Filter) -> IssuesData {
    let m = matrix(ws, filter);
    let mut rows: Vec<IssueRow> = m
        .columns
        .iter()
        .map(|&issue| IssueRow {
            issue,
            label: ws.issue(issue).map_or_else(|| issue.to_string(), |i| i.label.clone()),
            support: 0,
            oppose: 0,
            neutral: 0,
            mixed: 0,
            names: Default::default(),
        })
        .collect();
    let mut articles: BTreeSet<ArticleId> = BTreeSet::new();
    let mut stances = 0;
    let mut dates: Option<(Date, Date)> = None;
    for r in 0..m.rows.len() {
        let name = ws
            .actor(m.rows[r])
            .map_or_else(|| m.rows[r].to_string(), |a| a.name.clone());
        for (c, cell) in m.row(r).iter().enumerate() {
            for s in cell.stances.iter().filter_map(|id| ws.stance(*id)) {
                stances += 1;
                articles.insert(s.article);
                if let Some(d) = ws.article(s.article).and_then(|a| a.date) {
                    dates = Some(dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
                }
            }
            let row = &mut rows[c];
            let k = match cell.position() {
                Some(Position::Support) => {
                    row.support += 1;
                    0
                }
                Some(Position::Oppose) => {
                    row.oppose += 1;
                    1
                }
                Some(Position::Neutral) => {
                    row.neutral += 1;
                    2
                }
                Some(Position::Mixed) => {
                    row.mixed += 1;
                    3
                }
                None => continue,
            };
            row.names[k].push(name.clone());
        }
    }
    for row in &mut rows {
        for names in &mut row.names {
            names.sort_by_key(|n| n.to_lowercase());
        }
    }
    IssuesData {
        rows,
        stances,
        articles: articles.len(),
        dates,
    }
}

/// The Issue overview of the stances passing `filter`, `width × height` px.
pub fn issues(ws: &Workspace, filter: &Filter, width: f32, height: f32, provenance: &Provenance) -> Figure {
    issues_figure(ws, filter, &issues_data(ws, filter), width, height, provenance)
}

/// At most this many names in a hover line; the rest are counted.
const HOVER_NAMES: usize = 12;

fn names_line(label: &str, names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(HOVER_NAMES).map(String::as_str).collect();
    let more = names.len().saturating_sub(HOVER_NAMES);
    let more_text = format!("and {more} more");
    if more > 0 {
        shown.push(&more_text);
    }
    format!("{label} ({}): {}", names.len(), shown.join(", "))
}

/// Lays out the overview of already computed numbers.
pub fn issues_figure(
    ws: &Workspace,
    filter: &Filter,
    data: &IssuesData,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let title = "Where the actors stand on each issue".to_owned();
    let subtitle = vec![
        super::describe(ws, filter, data.dates, data.stances, data.articles),
        "bars: actors by overall position on the issue (the sign of support \u{2212} oppose; mixed when they cancel out), each actor once per issue".to_owned(),
    ];
    let (mut c, body) = Canvas::new(width, height, title, &subtitle, provenance.line());
    let st = c.style;
    let rows: Vec<&IssueRow> = data.rows.iter().collect();
    if rows.iter().all(|r| r.actors() == 0) {
        return c.finish_empty(body, "No accepted stance matches the filters.");
    }

    let legend: Vec<LegendEntry> = [
        ("oppose", palette::OPPOSE),
        ("mixed", palette::MIXED),
        ("neutral", palette::NEUTRAL),
        ("support", palette::SUPPORT),
    ]
    .into_iter()
    .map(|(label, color)| LegendEntry {
        label: label.to_owned(),
        swatch: Swatch::Box(color),
    })
    .collect();
    let legend_h = c.legend_row(body, legend);

    let name_size = st.tick() * 1.05;
    let longest = rows
        .iter()
        .map(|r| font::text_width(&r.label, name_size))
        .fold(0.0, f32::max);
    let names_w = (longest + st.base * 0.6).min(body.width() * 0.34);
    let axis_h = st.tick() * 1.6 + st.small() * 2.8;
    let top = body.y0 + legend_h + st.base * 0.8;
    // Rows no taller than a comfortable bar, so a few issues do not make slabs.
    let bottom = (body.y1 - axis_h).min(top + rows.len() as f32 * st.base * 3.2);
    let plot = Rect::new(body.x0 + names_w, top, body.x1 - st.base, bottom);
    c.fig.plots.push(plot);
    let row_h = (bottom - top) / rows.len() as f32;
    let bar_h = (row_h * 0.62).min(st.base * 1.8);
    let reach = rows
        .iter()
        .map(|r| {
            let seg = r.as_cell().segments();
            (-seg[0].1).max(seg[3].2)
        })
        .fold(1.0f32, f32::max);
    let ticks: Vec<f64> = super::nice_ticks(0.0, reach as f64, 4)
        .into_iter()
        .filter(|t| t.fract() == 0.0)
        .collect();
    let reach = reach.max(*ticks.last().unwrap_or(&1.0) as f32) * 1.08;
    let cx = |v: f32| plot.x0 + plot.width() / 2.0 + v / reach * plot.width() / 2.0;

    for (i, row) in rows.iter().enumerate() {
        let y0 = top + row_h * i as f32;
        if i % 2 == 1 {
            c.rect(Rect::new(body.x0, y0, body.x1, y0 + row_h), palette::BAND);
        }
        let name = font::fit(&row.label, name_size, names_w - st.base * 0.4);
        c.text(
            body.x0 + names_w - st.base * 0.4,
            y0 + row_h / 2.0 + name_size * 0.36,
            &name,
            name_size,
            palette::INK,
            Anchor::End,
        );
    }
    for &t in &ticks {
        for v in [t as f32, -(t as f32)] {
            c.line(vec![[cx(v), top], [cx(v), bottom]], palette::GRID, 1.0, Vec::new());
        }
    }
    c.line(vec![[cx(0.0), top], [cx(0.0), bottom]], palette::MUTED, 1.2, Vec::new());
    c.line(
        vec![[plot.x0, bottom], [plot.x1, bottom]],
        palette::INK,
        1.0,
        Vec::new(),
    );
    let ty = bottom + st.tick() * 1.3;
    for &t in &ticks {
        let label = super::tick_label(t, false);
        c.text(cx(t as f32), ty, &label, st.tick(), palette::INK, Anchor::Middle);
        if t > 0.0 {
            c.text(cx(-(t as f32)), ty, &label, st.tick(), palette::INK, Anchor::Middle);
        }
    }
    let ay = ty + st.small() * 1.5;
    let mid = cx(0.0);
    c.text(mid, ay, "actors", st.small(), palette::INK, Anchor::Middle);
    c.text(
        mid,
        ay + st.small() * 1.25,
        "\u{2190} oppose   support \u{2192}",
        st.small(),
        palette::INK,
        Anchor::Middle,
    );

    for (i, row) in rows.iter().enumerate() {
        let yc = top + row_h * (i as f32 + 0.5);
        diverging_bar(&mut c, &row.as_cell(), cx, yc, bar_h);
        let mut lines = vec![format!("{} — {} actor(s)", row.label, row.actors())];
        for (k, label) in ["support", "oppose", "neutral", "mixed"].into_iter().enumerate() {
            if !row.names[k].is_empty() {
                lines.push(names_line(label, &row.names[k]));
            }
        }
        c.fig.hovers.push(Hover {
            rect: Rect::new(plot.x0, yc - row_h / 2.0, plot.x1, yc + row_h / 2.0),
            lines,
            key: (i, 0),
        });
    }
    c.finish()
}
