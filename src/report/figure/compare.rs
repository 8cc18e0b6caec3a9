//! "Compare actors": one row per actor (full name), one facet per issue. In
//! each facet, a diverging stacked bar of the actor's stances (oppose to the
//! left of 0, support to the right, mixed and neutral centred on 0) with the
//! counts written on it, and beside it the net position
//! `(support − oppose) / n` as a dot with a 95 % bootstrap interval.

use super::{Anchor, Canvas, Figure, Hover, LegendEntry, Provenance, Rect, SplitMix64, Swatch, font, palette};
use crate::model::{ActorId, ArticleId, Date, IssueId, Position, Workspace};
use crate::report::{Filter, agreement_of, cluster_order, matrix};
use std::collections::{BTreeMap, BTreeSet};

/// The order of the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Sort {
    /// By net position, most supportive first (the mean over the facets
    /// where the actor has stances).
    #[default]
    Net,
    /// By number of stances, most first.
    Count,
    /// Blocs together: average-linkage clustering of the agreement network
    /// (`report::cluster_order`).
    Bloc,
}

/// What the Compare figure shows.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// One issue, or every issue of the filter (one facet each).
    pub issue: Option<IssueId>,
    pub sort: Sort,
    /// The most-coded actors shown (the subtitle says how many there are).
    pub max_actors: usize,
    /// Bootstrap resamples.
    pub draws: usize,
    /// An interval is drawn from this many stances on.
    pub min_for_interval: u32,
    pub seed: u64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            issue: None,
            sort: Sort::Net,
            max_actors: 25,
            draws: 1000,
            min_for_interval: 5,
            seed: 0x5741_4E43_4531_3500,
        }
    }
}

/// One actor on one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct CellStats {
    pub support: u32,
    pub oppose: u32,
    pub neutral: u32,
    pub mixed: u32,
    pub articles: usize,
    /// `(support − oppose) / n`.
    pub net: f32,
    /// The 2.5th and 97.5th percentiles of the bootstrapped net position.
    pub interval: Option<(f32, f32)>,
}

impl CellStats {
    pub fn total(&self) -> u32 {
        self.support + self.oppose + self.neutral + self.mixed
    }

    /// The bar's segments in data units (stances), left to right: oppose,
    /// mixed, neutral, support, as `(position, from, to)`.
    pub fn segments(&self) -> [(Position, f32, f32); 4] {
        let centre = (self.neutral + self.mixed) as f32 / 2.0;
        let o = self.oppose as f32;
        let m = self.mixed as f32;
        let s = self.support as f32;
        [
            (Position::Oppose, -centre - o, -centre),
            (Position::Mixed, -centre, -centre + m),
            (Position::Neutral, -centre + m, centre),
            (Position::Support, centre, centre + s),
        ]
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    pub actor: ActorId,
    pub name: String,
    /// One per facet; `None` without stances.
    pub cells: Vec<Option<CellStats>>,
}

/// The numbers of the figure.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareData {
    pub issues: Vec<(IssueId, String)>,
    pub rows: Vec<CompareRow>,
    /// Actors with stances, before keeping the most coded.
    pub actors_total: usize,
    pub stances: usize,
    pub articles: usize,
    pub dates: Option<(Date, Date)>,
}

/// The 95 % percentile interval of the net position when the articles are
/// resampled with replacement: each of `per_article` is one article's
/// `(support, oppose, stances)`; each draw picks as many articles as there
/// are, and computes `(Σ support − Σ oppose) / Σ stances`.
pub fn bootstrap_net(per_article: &[(u32, u32, u32)], draws: usize, seed: u64) -> Option<(f32, f32)> {
    let k = per_article.len();
    if k == 0 || draws == 0 {
        return None;
    }
    let mut rng = SplitMix64(seed);
    let mut nets: Vec<f32> = (0..draws)
        .map(|_| {
            let (mut s, mut o, mut n) = (0i64, 0i64, 0i64);
            for _ in 0..k {
                let (a, b, c) = per_article[rng.below(k)];
                s += a as i64;
                o += b as i64;
                n += c as i64;
            }
            if n == 0 { 0.0 } else { (s - o) as f32 / n as f32 }
        })
        .collect();
    nets.sort_by(f32::total_cmp);
    let at = |q: f64| nets[((q * (draws - 1) as f64).round() as usize).min(draws - 1)];
    Some((at(0.025), at(0.975)))
}

/// The figure's numbers from the stances passing `filter`.
pub fn compare_data(ws: &Workspace, filter: &Filter, opts: &CompareOptions) -> CompareData {
    let mut f = filter.clone();
    if let Some(issue) = opts.issue {
        f.issues = [issue].into();
    }
    let m = matrix(ws, &f);
    let issues: Vec<(IssueId, String)> = m
        .columns
        .iter()
        .map(|&i| (i, ws.issue(i).map_or_else(|| i.to_string(), |x| x.label.clone())))
        .collect();
    let mut all_articles: BTreeSet<ArticleId> = BTreeSet::new();
    let mut stances = 0;
    let mut dates: Option<(Date, Date)> = None;
    let mut stats = |cell: &crate::report::Cell, seed: u64| -> Option<CellStats> {
        if cell.is_empty() {
            return None;
        }
        let mut by_article: BTreeMap<ArticleId, (u32, u32, u32)> = BTreeMap::new();
        for id in &cell.stances {
            let Some(s) = ws.stance(*id) else { continue };
            stances += 1;
            all_articles.insert(s.article);
            if let Some(d) = ws.article(s.article).and_then(|a| a.date) {
                dates = Some(dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
            }
            let e = by_article.entry(s.article).or_default();
            match s.position {
                Position::Support => e.0 += 1,
                Position::Oppose => e.1 += 1,
                _ => {}
            }
            e.2 += 1;
        }
        let per_article: Vec<(u32, u32, u32)> = by_article.values().copied().collect();
        let interval = if cell.total() >= opts.min_for_interval {
            bootstrap_net(&per_article, opts.draws, seed)
        } else {
            None
        };
        Some(CellStats {
            support: cell.support,
            oppose: cell.oppose,
            neutral: cell.neutral,
            mixed: cell.mixed,
            articles: per_article.len(),
            net: cell.net as f32 / cell.total() as f32,
            interval,
        })
    };
    // The actors with stances, and of them the most coded (ties: row order):
    // only those are counted, bootstrapped and shown.
    let total = |r: usize| m.row(r).iter().map(|c| c.total()).sum::<u32>();
    let mut coded: Vec<usize> = (0..m.rows.len()).filter(|&r| total(r) > 0).collect();
    let actors_total = coded.len();
    if coded.len() > opts.max_actors {
        let mut by_count = coded.clone();
        by_count.sort_by_key(|&r| std::cmp::Reverse(total(r)));
        let keep: BTreeSet<usize> = by_count.into_iter().take(opts.max_actors).collect();
        coded.retain(|r| keep.contains(r));
    }
    let mut rows: Vec<(usize, CompareRow)> = Vec::new();
    for r in coded {
        let actor = m.rows[r];
        let cells: Vec<Option<CellStats>> = (0..m.columns.len())
            .map(|c| {
                let seed = opts.seed ^ actor.0.wrapping_mul(0x9E37_79B9) ^ (m.columns[c].0 << 40);
                stats(m.cell(r, c), seed)
            })
            .collect();
        let name = ws.actor(actor).map_or_else(|| actor.to_string(), |a| a.name.clone());
        rows.push((r, CompareRow { actor, name, cells }));
    }
    let count = |row: &CompareRow| row.cells.iter().flatten().map(CellStats::total).sum::<u32>();
    let mean_net = |row: &CompareRow| {
        let nets: Vec<f32> = row.cells.iter().flatten().map(|c| c.net).collect();
        nets.iter().sum::<f32>() / nets.len().max(1) as f32
    };
    match opts.sort {
        Sort::Net => rows.sort_by(|a, b| {
            mean_net(&b.1)
                .total_cmp(&mean_net(&a.1))
                .then(count(&b.1).cmp(&count(&a.1)))
                .then(a.0.cmp(&b.0))
        }),
        Sort::Count => rows.sort_by(|a, b| count(&b.1).cmp(&count(&a.1)).then(a.0.cmp(&b.0))),
        Sort::Bloc => {
            let order = cluster_order(&agreement_of(&m));
            let mut rank = vec![0usize; m.rows.len()];
            for (k, &i) in order.iter().enumerate() {
                rank[i] = k;
            }
            rows.sort_by_key(|(r, _)| rank[*r]);
        }
    }
    CompareData {
        issues,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        actors_total,
        stances,
        articles: all_articles.len(),
        dates,
    }
}

/// One diverging stacked bar centred on `yc`, a segment per position from
/// `cx` of its start to `cx` of its end, with its count inside when it fits,
/// else beside the bar's outer end (support right, oppose left).
pub(crate) fn diverging_bar(c: &mut Canvas, cell: &CellStats, cx: impl Fn(f32) -> f32, yc: f32, bar_h: f32) {
    let ts = c.style.small();
    for (p, a, b) in cell.segments() {
        if b - a <= 0.0 {
            continue;
        }
        let fill = position_color(p);
        let r = Rect::new(cx(a), yc - bar_h / 2.0, cx(b), yc + bar_h / 2.0);
        c.rect(r, fill);
        let n = ((b - a).round() as u32).to_string();
        if r.width() >= font::text_width(&n, ts) + ts * 0.5 && bar_h >= ts * 0.9 {
            c.text(
                (r.x0 + r.x1) / 2.0,
                yc + ts * 0.36,
                &n,
                ts,
                fill.text_on(),
                Anchor::Middle,
            );
        } else if p == Position::Support {
            c.text(r.x1 + ts * 0.25, yc + ts * 0.36, &n, ts, palette::INK, Anchor::Start);
        } else if p == Position::Oppose {
            c.text(r.x0 - ts * 0.25, yc + ts * 0.36, &n, ts, palette::INK, Anchor::End);
        }
    }
}

pub(crate) fn position_color(p: Position) -> super::Color {
    match p {
        Position::Support => palette::SUPPORT,
        Position::Oppose => palette::OPPOSE,
        Position::Neutral => palette::NEUTRAL,
        Position::Mixed => palette::MIXED,
    }
}

/// The Compare figure of the stances passing `filter`, `width × height` px.
pub fn compare(
    ws: &Workspace,
    filter: &Filter,
    opts: &CompareOptions,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let data = compare_data(ws, filter, opts);
    compare_figure(ws, filter, &data, width, height, provenance)
}

/// Lays out the figure of already computed numbers.
pub fn compare_figure(
    ws: &Workspace,
    filter: &Filter,
    data: &CompareData,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let title = match data.issues.as_slice() {
        [(_, label)] => format!("Actors\u{2019} positions on {label}"),
        _ => "Actors\u{2019} positions by issue".to_owned(),
    };
    let mut subtitle = vec![super::describe(ws, filter, data.dates, data.stances, data.articles)];
    let mut second = Vec::new();
    if data.rows.len() < data.actors_total {
        second.push(format!(
            "the {} most-coded of {} actors",
            data.rows.len(),
            data.actors_total
        ));
    }
    second.push("bars: stances by position (counts on the bars)".to_owned());
    second.push(
        "dot: net position = (support \u{2212} oppose) / n, 95% interval bootstrapped over articles where n \u{2265} 5"
            .to_owned(),
    );
    subtitle.push(second.join(" · "));
    let (mut c, body) = Canvas::new(width, height, title, &subtitle, provenance.line());
    let st = c.style;
    if data.rows.is_empty() || data.issues.is_empty() {
        return c.finish_empty(body, "No accepted stance matches the filters.");
    }

    // Legend: one row above the panels.
    let legend: Vec<LegendEntry> = [
        ("oppose", Swatch::Box(palette::OPPOSE)),
        ("mixed", Swatch::Box(palette::MIXED)),
        ("neutral", Swatch::Box(palette::NEUTRAL)),
        ("support", Swatch::Box(palette::SUPPORT)),
        ("net position with 95% interval", Swatch::Interval(palette::INK)),
    ]
    .into_iter()
    .map(|(label, swatch)| LegendEntry {
        label: label.to_owned(),
        swatch,
    })
    .collect();
    let legend_h = c.legend_row(body, legend);

    // Columns: actor names, then per facet a counts panel and a net panel.
    let name_size = st.tick() * 1.05;
    let longest = data
        .rows
        .iter()
        .map(|r| font::text_width(&r.name, name_size))
        .fold(0.0, f32::max);
    let names_w = (longest + st.base * 0.6).min(body.width() * 0.34);
    let facet_head = st.label() * 1.8;
    let axis_h = st.tick() * 1.6 + st.small() * 2.8;
    let top = body.y0 + legend_h + st.base * 0.5 + facet_head;
    let bottom = body.y1 - axis_h;
    let k = data.issues.len() as f32;
    let facet_gap = st.base * 2.2;
    let inner_gap = st.base * 1.6;
    let facet_w = (body.x1 - body.x0 - names_w - facet_gap * (k - 1.0)) / k;
    let counts_w = facet_w * 0.58;
    let n_rows = data.rows.len();
    let row_h = (bottom - top) / n_rows as f32;
    let bar_h = (row_h * 0.66).min(st.base * 1.6);

    // Shared count scale, symmetric about 0.
    let reach = data
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten())
        .flat_map(|s| {
            let seg = s.segments();
            [-seg[0].1, seg[3].2]
        })
        .fold(1.0f32, f32::max);
    // Whole stances only.
    let count_ticks: Vec<f64> = super::nice_ticks(0.0, reach as f64, 3)
        .into_iter()
        .filter(|t| t.fract() == 0.0)
        .collect();
    let reach = reach.max(*count_ticks.last().unwrap_or(&1.0) as f32) * 1.08;

    // Row bands across the whole figure width, then names.
    for (i, row) in data.rows.iter().enumerate() {
        let y0 = top + row_h * i as f32;
        if i % 2 == 1 {
            c.rect(Rect::new(body.x0, y0, body.x1, y0 + row_h), palette::BAND);
        }
        let name = font::fit(&row.name, name_size, names_w - st.base * 0.4);
        c.text(
            body.x0 + names_w - st.base * 0.4,
            y0 + row_h / 2.0 + name_size * 0.36,
            &name,
            name_size,
            palette::INK,
            Anchor::End,
        );
    }

    for (f, (_, label)) in data.issues.iter().enumerate() {
        let fx = body.x0 + names_w + (facet_w + facet_gap) * f as f32;
        let counts = Rect::new(fx, top, fx + counts_w, bottom);
        let net = Rect::new(fx + counts_w + inner_gap, top, fx + facet_w, bottom);
        c.fig.plots.push(counts);
        c.fig.plots.push(net);
        let head = font::fit(label, st.label(), facet_w);
        c.text(
            fx + facet_w / 2.0,
            top - facet_head * 0.4,
            &head,
            st.label(),
            palette::INK,
            Anchor::Middle,
        );
        c.line(
            vec![[fx, top - facet_head * 0.2], [fx + facet_w, top - facet_head * 0.2]],
            palette::MUTED,
            1.0,
            Vec::new(),
        );
        let cx = |v: f32| counts.x0 + counts.width() / 2.0 + v / reach * counts.width() / 2.0;
        let nx = |v: f32| net.x0 + (v / 1.12 + 1.0) / 2.0 * net.width();
        // Grid and axes.
        for &t in &count_ticks {
            for v in [t as f32, -(t as f32)] {
                c.line(vec![[cx(v), top], [cx(v), bottom]], palette::GRID, 1.0, Vec::new());
            }
        }
        for t in [-1.0f32, -0.5, 0.5, 1.0] {
            c.line(vec![[nx(t), top], [nx(t), bottom]], palette::GRID, 1.0, Vec::new());
        }
        c.line(vec![[cx(0.0), top], [cx(0.0), bottom]], palette::MUTED, 1.2, Vec::new());
        c.line(vec![[nx(0.0), top], [nx(0.0), bottom]], palette::MUTED, 1.2, Vec::new());
        for r in [counts, net] {
            c.line(vec![[r.x0, bottom], [r.x1, bottom]], palette::INK, 1.0, Vec::new());
        }
        let ty = bottom + st.tick() * 1.3;
        for &t in &count_ticks {
            let label = super::tick_label(t, false);
            c.text(cx(t as f32), ty, &label, st.tick(), palette::INK, Anchor::Middle);
            if t > 0.0 {
                c.text(cx(-(t as f32)), ty, &label, st.tick(), palette::INK, Anchor::Middle);
            }
        }
        for t in [-1.0f64, 0.0, 1.0] {
            c.text(
                nx(t as f32),
                ty,
                &super::tick_label(t, true),
                st.tick(),
                palette::INK,
                Anchor::Middle,
            );
        }
        let ay = ty + st.small() * 1.5;
        let mid = counts.x0 + counts.width() / 2.0;
        c.text(mid, ay, "stances", st.small(), palette::INK, Anchor::Middle);
        let sides = font::fit("\u{2190} oppose   support \u{2192}", st.small(), counts.width());
        c.text(
            mid,
            ay + st.small() * 1.25,
            &sides,
            st.small(),
            palette::INK,
            Anchor::Middle,
        );
        let mid = net.x0 + net.width() / 2.0;
        c.text(
            mid,
            ay,
            &font::fit("net position", st.small(), net.width() + inner_gap),
            st.small(),
            palette::INK,
            Anchor::Middle,
        );
        c.text(
            mid,
            ay + st.small() * 1.25,
            "\u{2212}1 to +1",
            st.small(),
            palette::INK,
            Anchor::Middle,
        );
        // The data.
        for (i, row) in data.rows.iter().enumerate() {
            let Some(s) = &row.cells[f] else { continue };
            let yc = top + row_h * (i as f32 + 0.5);
            diverging_bar(&mut c, s, cx, yc, bar_h);
            if let Some((lo, hi)) = s.interval {
                let cap = bar_h * 0.35;
                c.line(
                    vec![[nx(lo), yc], [nx(hi), yc]],
                    palette::INK,
                    st.base * 0.12,
                    Vec::new(),
                );
                for v in [lo, hi] {
                    c.line(
                        vec![[nx(v), yc - cap], [nx(v), yc + cap]],
                        palette::INK,
                        st.base * 0.1,
                        Vec::new(),
                    );
                }
            }
            c.circle(
                nx(s.net),
                yc,
                st.base * 0.3,
                palette::INK,
                Some((palette::WHITE, st.base * 0.08)),
            );
            let interval = s.interval.map_or_else(
                || "no interval (fewer than 5 stances)".to_owned(),
                |(lo, hi)| format!("95% interval {lo:+.2} to {hi:+.2}"),
            );
            c.fig.hovers.push(Hover {
                rect: Rect::new(fx, yc - row_h / 2.0, fx + facet_w, yc + row_h / 2.0),
                lines: vec![
                    format!("{} — {}", row.name, label),
                    format!("net position {:+.2} · {interval}", s.net),
                    format!(
                        "{} support · {} oppose · {} neutral · {} mixed (n = {}, {} article{})",
                        s.support,
                        s.oppose,
                        s.neutral,
                        s.mixed,
                        s.total(),
                        s.articles,
                        if s.articles == 1 { "" } else { "s" }
                    ),
                ],
                key: (i, f),
            });
        }
    }
    c.finish()
}
