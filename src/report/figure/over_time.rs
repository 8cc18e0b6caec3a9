//! "Over time": one issue, the actors' mean position per week or month. The
//! x axis spans the filtered data's buckets with calendar ticks; a line
//! breaks where a bucket has no stances; point area grows with n, and a
//! strip under the plot counts the stances per bucket. One legend entry per
//! actor, right of the plot.

use super::{Anchor, Canvas, Figure, Hover, LegendEntry, Provenance, Rect, Swatch, font, palette};
use crate::model::{ActorId, Date, IssueId, Workspace};
use crate::report::{Bucket, Filter, Series, matrix, timeline};
use std::collections::BTreeSet;

/// What the Over-time figure shows.
#[derive(Clone, Debug, PartialEq)]
pub struct OverTimeOptions {
    pub issue: IssueId,
    /// These actors, in this order; empty: the most coded on the issue.
    pub actors: Vec<ActorId>,
    pub max_actors: usize,
    /// `None`: months when the data spans more than 26 weeks, else weeks.
    pub bucket: Option<Bucket>,
    /// A centred moving mean over this many buckets (weighted by n, not
    /// across gaps); 0 or 1: none.
    pub smooth: usize,
}

impl OverTimeOptions {
    pub fn new(issue: IssueId) -> OverTimeOptions {
        OverTimeOptions {
            issue,
            actors: Vec::new(),
            max_actors: 6,
            bucket: None,
            smooth: 0,
        }
    }
}

/// Calendar ticks: month starts, every `step` months.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    pub dates: Vec<Date>,
    pub labels: Vec<String>,
    /// Months between ticks (1, 2, 3, 6, 12, 24…).
    pub step: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_index(d: Date) -> i64 {
    d.year as i64 * 12 + d.month as i64 - 1
}

fn month_start(index: i64) -> Date {
    Date {
        year: index.div_euclid(12) as i32,
        month: (index.rem_euclid(12) + 1) as u8,
        day: 1,
    }
}

/// Ticks on month starts in `[from, to]`: every month for spans up to 18
/// months, quarters up to 5 years, then years; spaced further apart when
/// fewer than `min_px` px would separate them on an axis `px` wide.
pub fn calendar_ticks(from: Date, to: Date, px: f32, min_px: f32) -> Ticks {
    let span_months = (month_index(to) - month_index(from)).max(0) + 1;
    let mut steps = if span_months <= 18 {
        vec![1, 2, 3, 6, 12]
    } else if span_months <= 60 {
        vec![3, 6, 12]
    } else {
        vec![12]
    };
    steps.extend([24, 60, 120]);
    let days = (to.to_days() - from.to_days()).max(1) as f32;
    let per_month = px / days * 30.44;
    let step = steps
        .iter()
        .copied()
        .find(|&s| per_month * s as f32 >= min_px)
        .unwrap_or(120);
    let mut dates = Vec::new();
    let first = month_index(from) + if from.day == 1 { 0 } else { 1 };
    let mut m = first + (step as i64 - first.rem_euclid(step as i64)) % step as i64;
    while month_start(m) <= to {
        dates.push(month_start(m));
        m += step as i64;
    }
    let labels = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if step >= 12 {
                d.year.to_string()
            } else if i == 0 || d.month as i64 <= step as i64 {
                format!("{} {}", MONTHS[d.month as usize - 1], d.year)
            } else {
                MONTHS[d.month as usize - 1].to_owned()
            }
        })
        .collect();
    Ticks { dates, labels, step }
}

/// For spans too short for two month starts: the buckets' first days
/// ("17 Feb", the year under the first), thinned to `min_px` apart.
fn bucket_ticks(data: &OverTimeData, px: f32, min_px: f32) -> Ticks {
    let Some((first, last)) = data.span else {
        return Ticks {
            dates: Vec::new(),
            labels: Vec::new(),
            step: 0,
        };
    };
    let b = data.bucket;
    let mut starts = vec![first];
    while let Some(&d) = starts.last()
        && d < last
    {
        starts.push(b.next(d));
    }
    let end = b.next(last).to_days() - first.to_days();
    let bucket_days = match b {
        Bucket::Week => 7.0,
        Bucket::Month => 30.44,
    };
    let per_bucket = px * bucket_days / (end as f32 * 1.04).max(1.0);
    let every = ((min_px / per_bucket.max(1.0)).ceil() as usize).max(1);
    let dates: Vec<Date> = starts.into_iter().step_by(every).collect();
    let labels = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let day = format!("{}\u{a0}{}", d.day, MONTHS[d.month as usize - 1]);
            if i == 0 { format!("{day} {}", d.year) } else { day }
        })
        .collect();
    Ticks { dates, labels, step: 0 }
}

/// Runs of consecutive buckets: a new run starts after a bucket without data.
pub fn runs(series: &Series, bucket: Bucket) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in series.points.iter().enumerate() {
        match out.last_mut() {
            Some(r) if bucket.next(series.points[r.end - 1].bucket_start) == p.bucket_start => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The line's values: the means, or their centred moving mean over `window`
/// buckets, weighted by n and kept within each run.
pub fn smoothed(series: &Series, bucket: Bucket, window: usize) -> Vec<f32> {
    let pts = &series.points;
    if window <= 1 {
        return pts.iter().map(|p| p.net).collect();
    }
    let half = window / 2;
    let mut out = vec![0.0; pts.len()];
    for run in runs(series, bucket) {
        for i in run.clone() {
            let lo = i.saturating_sub(half).max(run.start);
            let hi = (i + half + 1).min(run.end);
            let (mut sum, mut n) = (0.0f64, 0usize);
            for p in &pts[lo..hi] {
                sum += p.net as f64 * p.n as f64;
                n += p.n;
            }
            out[i] = (sum / n.max(1) as f64) as f32;
        }
    }
    out
}

/// The figure's numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct OverTimeData {
    pub issue_label: String,
    pub bucket: Bucket,
    pub series: Vec<(String, Series)>,
    pub actors_total: usize,
    pub stances: usize,
    pub articles: usize,
    /// First and last bucket start.
    pub span: Option<(Date, Date)>,
    pub dates: Option<(Date, Date)>,
}

pub fn over_time_data(ws: &Workspace, filter: &Filter, opts: &OverTimeOptions) -> OverTimeData {
    let mut f = filter.clone();
    f.issues = [opts.issue].into();
    let actors = if opts.actors.is_empty() {
        let m = matrix(ws, &f);
        let mut rows: Vec<(u32, usize)> = (0..m.rows.len())
            .map(|r| (m.row(r).iter().map(|c| c.total()).sum::<u32>(), r))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        rows.into_iter().take(opts.max_actors).map(|(_, r)| m.rows[r]).collect()
    } else {
        opts.actors.clone()
    };
    let all = timeline(ws, filter, opts.issue, &[], Bucket::Month);
    let actors_total = all.iter().filter(|s| !s.points.is_empty()).count();
    let dates = {
        let mut ds = all
            .iter()
            .flat_map(|s| s.points.iter().flat_map(|p| p.stances.iter()))
            .filter_map(|id| ws.stance(*id))
            .filter_map(|s| ws.article(s.article).and_then(|a| a.date));
        ds.next().map(|d| ds.fold((d, d), |(a, b), d| (a.min(d), b.max(d))))
    };
    let bucket = opts.bucket.unwrap_or(match dates {
        Some((a, b)) if b.to_days() - a.to_days() > 26 * 7 => Bucket::Month,
        _ => Bucket::Week,
    });
    let series: Vec<(String, Series)> = if actors.is_empty() {
        Vec::new()
    } else {
        timeline(ws, filter, opts.issue, &actors, bucket)
            .into_iter()
            .filter(|s| !s.points.is_empty())
            .map(|s| {
                (
                    ws.actor(s.actor)
                        .map_or_else(|| s.actor.to_string(), |a| a.name.clone()),
                    s,
                )
            })
            .collect()
    };
    let mut articles = BTreeSet::new();
    let mut stances = 0;
    let mut shown_dates: Option<(Date, Date)> = None;
    for (_, s) in &series {
        for p in &s.points {
            for id in &p.stances {
                stances += 1;
                if let Some(st) = ws.stance(*id) {
                    articles.insert(st.article);
                    if let Some(d) = ws.article(st.article).and_then(|a| a.date) {
                        shown_dates = Some(shown_dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
                    }
                }
            }
        }
    }
    let starts = series.iter().flat_map(|(_, s)| s.points.iter().map(|p| p.bucket_start));
    let span = starts.fold(None, |acc: Option<(Date, Date)>, d| {
        Some(acc.map_or((d, d), |(a, b)| (a.min(d), b.max(d))))
    });
    OverTimeData {
        issue_label: ws
            .issue(opts.issue)
            .map_or_else(|| opts.issue.to_string(), |i| i.label.clone()),
        bucket,
        series,
        actors_total,
        stances,
        articles: articles.len(),
        span,
        dates: shown_dates,
    }
}

pub fn over_time(
    ws: &Workspace,
    filter: &Filter,
    opts: &OverTimeOptions,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let data = over_time_data(ws, filter, opts);
    over_time_figure(ws, filter, &data, opts.smooth, width, height, provenance)
}

fn bucket_word(b: Bucket) -> &'static str {
    match b {
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

pub fn over_time_figure(
    ws: &Workspace,
    filter: &Filter,
    data: &OverTimeData,
    smooth: usize,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Figure {
    let word = bucket_word(data.bucket);
    let title = format!("Actors\u{2019} positions on {} over time", data.issue_label);
    let mut second = Vec::new();
    if data.series.len() < data.actors_total {
        second.push(format!(
            "the {} most-coded of {} actors",
            data.series.len(),
            data.actors_total
        ));
    }
    second.push(format!("points: mean position per {word}, area \u{221d} stances"));
    if smooth > 1 {
        second.push(format!("lines: moving mean over {smooth} {word}s, weighted by n"));
    }
    second.push(format!("a line breaks at a {word} without stances"));
    let subtitle = vec![
        super::describe(ws, filter, data.dates, data.stances, data.articles),
        second.join(" · "),
    ];
    let (mut c, body) = Canvas::new(width, height, title, &subtitle, provenance.line());
    let st = c.style;
    let Some((first, last)) = data.span else {
        return c.finish_empty(body, "No dated, accepted stance on this issue matches the filters.");
    };
    let b = data.bucket;
    let n_max = data
        .series
        .iter()
        .flat_map(|(_, s)| s.points.iter().map(|p| p.n))
        .max()
        .unwrap_or(1);
    let r_max = st.base * 0.55;
    let radius = |n: usize| (r_max * (n as f32 / n_max as f32).sqrt()).max(st.base * 0.16);

    // Legend: right of the plot, one entry per actor, then the size key.
    let ls = st.label();
    let mut legend: Vec<LegendEntry> = data
        .series
        .iter()
        .enumerate()
        .map(|(k, (name, s))| LegendEntry {
            label: format!("{name} (n = {})", s.points.iter().map(|p| p.n).sum::<usize>()),
            swatch: Swatch::Line {
                color: palette::SERIES[k % palette::SERIES.len()],
                dash: palette::DASHES[k % palette::DASHES.len()]
                    .iter()
                    .map(|d| d * st.base * 1.2)
                    .collect(),
            },
        })
        .collect();
    let sizes: Vec<usize> = if n_max > 1 { vec![1, n_max] } else { vec![1] };
    for n in sizes {
        legend.push(LegendEntry {
            label: format!("{n} stance{}", if n == 1 { "" } else { "s" }),
            swatch: Swatch::Dot {
                color: palette::MUTED,
                r: radius(n),
            },
        });
    }
    let legend_text_w = legend
        .iter()
        .map(|e| Canvas::swatch_width(&e.swatch, ls) + ls * 0.5 + font::text_width(&e.label, ls))
        .fold(font::text_width("Point size", ls), f32::max)
        + ls * 0.3;
    let legend_w = legend_text_w.min(body.width() * 0.34);
    let legend_x = body.x1 - legend_w;

    // Plot, count strip, axes.
    let y_axis_w = st.label() * 1.6 + font::text_width("\u{2212}0.5", st.tick()) + st.base * 0.5;
    let plot_x0 = body.x0 + y_axis_w;
    let plot_x1 = legend_x - st.base * 1.5;
    let x_axis_h = st.tick() * 2.9 + st.label() * 1.4;
    let strip_h = (body.height() - x_axis_h) * 0.17;
    let gap = st.base * 1.4;
    let plot = Rect::new(
        plot_x0,
        body.y0 + st.base * 0.5,
        plot_x1,
        body.y1 - x_axis_h - strip_h - gap,
    );
    let strip = Rect::new(plot_x0, plot.y1 + gap, plot_x1, body.y1 - x_axis_h);
    c.fig.plots.push(plot);
    c.fig.plots.push(strip);
    let d0 = first.to_days() as f32;
    let d1 = b.next(last).to_days() as f32;
    let pad = (d1 - d0) * 0.02;
    let xd = |days: f32| plot.x0 + (days - d0 + pad) / (d1 - d0 + 2.0 * pad) * plot.width();
    let centre = |d: Date| (d.to_days() as f32 + b.next(d).to_days() as f32) / 2.0;
    let y = |v: f32| plot.y0 + (1.0 - v / 1.1) / 2.0 * plot.height();

    // Legend entries.
    let mut ly = plot.y0 + ls * 0.6;
    let mut legend_bottom = ly;
    for (i, e) in legend.iter().enumerate() {
        if i == data.series.len() {
            ly += ls * 0.5;
            c.text(legend_x, ly + ls * 0.35, "Point size", ls, palette::INK, Anchor::Start);
            ly += ls * 1.5;
        }
        let sw = Canvas::swatch_width(&e.swatch, ls);
        c.swatch(&e.swatch, legend_x, ly, ls);
        let label = font::fit(&e.label, ls, legend_w - sw - ls * 0.5);
        c.text(
            legend_x + sw + ls * 0.5,
            ly + ls * 0.35,
            &label,
            ls,
            palette::INK,
            Anchor::Start,
        );
        legend_bottom = ly + ls * 0.7;
        ly += ls * 1.6;
    }
    c.fig.legend_rect = Some(Rect::new(legend_x, plot.y0, body.x1, legend_bottom));
    c.fig.legend = legend;

    // Y grid and labels.
    for v in [-1.0f32, -0.5, 0.0, 0.5, 1.0] {
        let color = if v == 0.0 { palette::MUTED } else { palette::GRID };
        c.line(vec![[plot.x0, y(v)], [plot.x1, y(v)]], color, 1.0, Vec::new());
        c.text(
            plot.x0 - st.base * 0.4,
            y(v) + st.tick() * 0.36,
            &super::tick_label(v as f64, true),
            st.tick(),
            palette::INK,
            Anchor::End,
        );
    }
    c.rotated(
        body.x0 + st.label(),
        (plot.y0 + plot.y1) / 2.0,
        &font::fit(
            "mean position (\u{2212}1 oppose to +1 support)",
            st.label(),
            plot.height(),
        ),
        st.label(),
        palette::INK,
        Anchor::Middle,
        -90.0,
    );

    // X ticks (month starts) through plot and strip.
    let ticks = calendar_ticks(
        Date::from_days((d0 - pad) as i64),
        Date::from_days((d1 + pad) as i64),
        plot.width(),
        font::text_width("Mar 2020", st.tick()) * 1.3,
    );
    let inside = |d: &Date| (plot.x0..=plot.x1).contains(&xd(d.to_days() as f32));
    let ticks = if ticks.dates.iter().filter(|d| inside(d)).count() >= 2 {
        ticks
    } else {
        bucket_ticks(data, plot.width(), font::text_width("30 Sep", st.tick()) * 1.4)
    };
    for (d, label) in ticks.dates.iter().zip(&ticks.labels) {
        let x = xd(d.to_days() as f32);
        if x < plot.x0 || x > plot.x1 {
            continue;
        }
        c.line(vec![[x, plot.y0], [x, plot.y1]], palette::GRID, 1.0, Vec::new());
        c.line(
            vec![[x, strip.y1], [x, strip.y1 + st.base * 0.3]],
            palette::INK,
            1.0,
            Vec::new(),
        );
        let mut parts = label.splitn(2, ' ');
        let ty = strip.y1 + st.tick() * 1.5;
        c.text(
            x,
            ty,
            parts.next().unwrap_or(""),
            st.tick(),
            palette::INK,
            Anchor::Middle,
        );
        if let Some(year) = parts.next() {
            c.text(x, ty + st.tick() * 1.2, year, st.tick(), palette::INK, Anchor::Middle);
        }
    }
    c.text(
        (plot.x0 + plot.x1) / 2.0,
        body.y1 - st.label() * 0.2,
        &format!("date (one point per {word} with stances, at its middle)"),
        st.label(),
        palette::INK,
        Anchor::Middle,
    );

    // Count strip: stances per bucket, all shown actors.
    let mut per_bucket: std::collections::BTreeMap<Date, usize> = Default::default();
    for (_, s) in &data.series {
        for p in &s.points {
            *per_bucket.entry(p.bucket_start).or_default() += p.n;
        }
    }
    let strip_max = per_bucket.values().copied().max().unwrap_or(1).max(1);
    let sy = |n: f32| strip.y1 - n / strip_max as f32 * strip.height();
    c.line(
        vec![[strip.x0, strip.y1], [strip.x1, strip.y1]],
        palette::INK,
        1.0,
        Vec::new(),
    );
    c.line(
        vec![[strip.x0, sy(strip_max as f32)], [strip.x1, sy(strip_max as f32)]],
        palette::GRID,
        1.0,
        Vec::new(),
    );
    for (&d, &n) in &per_bucket {
        let (a, z) = (xd(d.to_days() as f32), xd(b.next(d).to_days() as f32));
        let w = z - a;
        c.rect(
            Rect::new(a + w * 0.1, sy(n as f32), z - w * 0.1, strip.y1),
            palette::NEUTRAL,
        );
    }
    for n in [0, strip_max] {
        c.text(
            plot.x0 - st.base * 0.4,
            sy(n as f32) + st.tick() * 0.36,
            &n.to_string(),
            st.tick(),
            palette::INK,
            Anchor::End,
        );
    }
    c.rotated(
        body.x0 + st.label(),
        (strip.y0 + strip.y1) / 2.0,
        &font::fit(&format!("stances per {word}"), st.small(), strip.height() + gap),
        st.small(),
        palette::INK,
        Anchor::Middle,
        -90.0,
    );

    // Series: lines broken at gaps, then points, dodged sideways a little
    // so that equal values in a bucket stay visible.
    let bucket_px = xd(b.next(first).to_days() as f32) - xd(first.to_days() as f32);
    let n_series = data.series.len().max(1) as f32;
    let step = (bucket_px * 0.8 / n_series).max(st.base * 0.35).min(r_max * 1.1);
    let dodge = |k: usize| (k as f32 - (n_series - 1.0) / 2.0) * step;
    for (k, (name, s)) in data.series.iter().enumerate() {
        let color = palette::SERIES[k % palette::SERIES.len()];
        let dash: Vec<f32> = palette::DASHES[k % palette::DASHES.len()]
            .iter()
            .map(|d| d * st.base * 1.2)
            .collect();
        let values = smoothed(s, b, smooth);
        for run in runs(s, b) {
            if run.len() < 2 {
                continue;
            }
            let pts: Vec<[f32; 2]> = run
                .map(|i| [xd(centre(s.points[i].bucket_start)) + dodge(k), y(values[i])])
                .collect();
            c.line(pts, color, st.base * 0.14, dash.clone());
        }
        for (i, p) in s.points.iter().enumerate() {
            let (px, py) = (xd(centre(p.bucket_start)) + dodge(k), y(p.net));
            let r = radius(p.n);
            c.circle(px, py, r, color, Some((palette::WHITE, st.base * 0.06)));
            let hit = r.max(st.base * 0.5);
            c.fig.hovers.push(Hover {
                rect: Rect::new(px - hit, py - hit, px + hit, py + hit),
                lines: vec![
                    format!("{name} — {} {}", word, b.label(p.bucket_start)),
                    format!("mean position {:+.2}", p.net),
                    format!("n = {} stance{}", p.n, if p.n == 1 { "" } else { "s" }),
                ],
                key: (k, i),
            });
        }
    }
    c.finish()
}
