//! Tests of the figure descriptions on a small workspace.
//!
//! Sanctions: "Alpha & Co" 3 support, 2 oppose, 1 neutral over six articles
//! (Jan, Feb, Apr 2020: no stance in March); "Beta <Union>" 1 oppose (Jan).

use super::compare::{CompareOptions, Sort, compare, compare_data};
use super::over_time::{OverTimeOptions, calendar_ticks, over_time, over_time_data, runs};
use super::*;
use crate::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Evidence, IssueId, Origin, Position, Stance,
    StanceId, Status, Timestamp, Workspace,
};
use crate::report::Bucket;

pub(super) fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

struct Fx {
    ws: Workspace,
    alpha: ActorId,
    beta: ActorId,
    sanctions: IssueId,
}

pub(super) fn add_stance(ws: &mut Workspace, article: ArticleId, actor: ActorId, issue: IssueId, position: Position) {
    let id = StanceId(ws.alloc_id());
    let now = Timestamp::now();
    ws.apply(Command::AddStance(Stance {
        id,
        article,
        actor,
        issue,
        position,
        evidence: Evidence {
            start: 0,
            end: 5,
            text: "Alpha".into(),
        },
        origin: Origin::Manual,
        status: Status::Accepted,
        note: String::new(),
        created: now,
        modified: now,
        bulk: None,
        by: Default::default(),
    }))
    .unwrap();
}

fn fixture() -> Fx {
    use Position::*;
    let mut ws = Workspace::new();
    let sanctions = ws.issue_by_key("sanctions").unwrap().id;
    let actor = |ws: &mut Workspace, name: &str| {
        let id = ActorId(ws.alloc_id());
        ws.apply(Command::AddActor(Actor::new(id, name, ActorKind::State)))
            .unwrap();
        id
    };
    let alpha = actor(&mut ws, "Alpha & Co");
    let beta = actor(&mut ws, "Beta <Union>");
    let days = [
        date(2020, 1, 6),
        date(2020, 1, 20),
        date(2020, 2, 3),
        date(2020, 2, 17),
        date(2020, 4, 6),
        date(2020, 4, 20),
    ];
    let positions = [Support, Oppose, Support, Neutral, Support, Oppose];
    for (i, (d, p)) in days.iter().zip(positions).enumerate() {
        let a = ArticleId(ws.alloc_id());
        let text = format!("Alpha spoke. Beta answered. ({i})");
        let article = Article::new(a, format!("Article {i}"), Some(*d), "test".into(), text);
        ws.apply(Command::AddArticle(Box::new(article))).unwrap();
        add_stance(&mut ws, a, alpha, sanctions, p);
        if i == 0 {
            add_stance(&mut ws, a, beta, sanctions, Oppose);
        }
    }
    Fx {
        ws,
        alpha,
        beta,
        sanctions,
    }
}

pub(super) fn provenance() -> Provenance {
    Provenance {
        file_name: "test.stance.json".into(),
        date: date(2026, 1, 2),
    }
}

fn compare_opts(fx: &Fx) -> CompareOptions {
    CompareOptions {
        issue: Some(fx.sanctions),
        ..CompareOptions::default()
    }
}

fn rects_of(fig: &Figure, color: Color) -> Vec<Rect> {
    fig.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { rect, fill } if *fill == color => Some(*rect),
            _ => None,
        })
        .collect()
}

#[test]
fn bar_extents_equal_counts() {
    let fx = fixture();
    let data = compare_data(&fx.ws, &Filter::default(), &compare_opts(&fx));
    let alpha = data.rows.iter().find(|r| r.actor == fx.alpha).unwrap();
    let cell = alpha.cells[0].as_ref().unwrap();
    assert_eq!((cell.support, cell.oppose, cell.neutral, cell.mixed), (3, 2, 1, 0));
    let seg = cell.segments();
    let width = |p: Position| seg.iter().find(|s| s.0 == p).map(|s| s.2 - s.1).unwrap();
    assert_eq!(width(Position::Support), 3.0);
    assert_eq!(width(Position::Oppose), 2.0);
    assert_eq!(width(Position::Neutral), 1.0);
    assert_eq!(width(Position::Mixed), 0.0);
    // Neutral is centred on 0, oppose left of it, support right.
    assert_eq!((seg[2].1 + seg[2].2) / 2.0, 0.0);
    assert!(seg[0].2 <= 0.0 && seg[3].1 >= 0.0);
    // On the figure, the bars are in proportion to the counts.
    let fig = compare(
        &fx.ws,
        &Filter::default(),
        &compare_opts(&fx),
        1600.0,
        1000.0,
        &provenance(),
    );
    let support = rects_of(&fig, palette::SUPPORT);
    let neutral = rects_of(&fig, palette::NEUTRAL);
    let oppose = rects_of(&fig, palette::OPPOSE);
    // The legend has one box each, Alpha's row one bar each, Beta's one oppose bar.
    assert_eq!((support.len(), neutral.len(), oppose.len()), (2, 2, 3));
    let unit = neutral[1].width();
    assert!((support[1].width() - 3.0 * unit).abs() < 0.01);
    let bars: Vec<f32> = oppose[1..].iter().map(|r| r.width() / unit).collect();
    assert!(bars.iter().any(|w| (w - 2.0).abs() < 0.01) && bars.iter().any(|w| (w - 1.0).abs() < 0.01));
}

#[test]
fn bootstrap_interval_contains_the_net_and_is_seeded() {
    let fx = fixture();
    let opts = compare_opts(&fx);
    let data = compare_data(&fx.ws, &Filter::default(), &opts);
    let alpha = data.rows.iter().find(|r| r.actor == fx.alpha).unwrap();
    let cell = alpha.cells[0].as_ref().unwrap();
    assert!((cell.net - 1.0 / 6.0).abs() < 1e-6);
    let (lo, hi) = cell.interval.expect("six stances: an interval");
    assert!(lo <= cell.net && cell.net <= hi, "{lo} {} {hi}", cell.net);
    assert!(lo >= -1.0 && hi <= 1.0 && lo < hi);
    // Same seed, same interval; Beta (one stance) gets none.
    assert_eq!(compare_data(&fx.ws, &Filter::default(), &opts), data);
    let beta = data.rows.iter().find(|r| r.actor == fx.beta).unwrap();
    assert_eq!(beta.cells[0].as_ref().unwrap().interval, None);
    // By hand: articles all support → a degenerate interval at +1.
    assert_eq!(bootstrap_net(&[(1, 0, 1), (2, 0, 2)], 1000, 7), Some((1.0, 1.0)));
    let mixed = [(1, 0, 1), (0, 1, 1), (1, 0, 1), (0, 0, 1), (1, 1, 2)];
    assert_eq!(bootstrap_net(&mixed, 1000, 7), bootstrap_net(&mixed, 1000, 7));
    assert_ne!(bootstrap_net(&mixed, 1000, 7), bootstrap_net(&mixed, 1000, 8));
}

#[test]
fn sorting_by_net_count_and_bloc() {
    let fx = fixture();
    let mut opts = compare_opts(&fx);
    let names = |opts: &CompareOptions| -> Vec<ActorId> {
        compare_data(&fx.ws, &Filter::default(), opts)
            .rows
            .iter()
            .map(|r| r.actor)
            .collect()
    };
    assert_eq!(names(&opts), [fx.alpha, fx.beta]);
    opts.sort = Sort::Count;
    assert_eq!(names(&opts), [fx.alpha, fx.beta]);
    opts.sort = Sort::Bloc;
    assert_eq!(names(&opts).len(), 2);
    // Only the most coded: n counts what is shown.
    opts.max_actors = 1;
    let data = compare_data(&fx.ws, &Filter::default(), &opts);
    assert_eq!(names(&opts), [fx.alpha]);
    assert_eq!((data.actors_total, data.stances, data.articles), (2, 6, 6));
    let fig = super::compare::compare_figure(&fx.ws, &Filter::default(), &data, 1600.0, 1000.0, &provenance());
    assert!(fig.subtitle.join(" ").contains("the 1 most-coded of 2 actors"));
}

#[test]
fn ticks_land_on_month_starts() {
    let t = calendar_ticks(date(2020, 1, 6), date(2020, 4, 30), 1000.0, 80.0);
    assert_eq!(t.step, 1);
    assert_eq!(t.dates, [date(2020, 2, 1), date(2020, 3, 1), date(2020, 4, 1)]);
    assert_eq!(t.labels[0], "Feb 2020");
    let t = calendar_ticks(date(2018, 1, 1), date(2020, 12, 31), 1000.0, 80.0);
    assert_eq!(t.step, 3);
    assert!(t.dates.iter().all(|d| d.day == 1 && (d.month - 1) % 3 == 0));
    let t = calendar_ticks(date(2010, 3, 1), date(2020, 12, 31), 1000.0, 80.0);
    assert!(t.dates.iter().all(|d| d.day == 1 && d.month == 1));
    // Crowded: fewer ticks, still on month starts.
    let t = calendar_ticks(date(2020, 1, 1), date(2021, 6, 1), 300.0, 80.0);
    assert!(t.step > 1 && t.dates.iter().all(|d| d.day == 1));
}

#[test]
fn a_gap_breaks_the_line() {
    let fx = fixture();
    let mut opts = OverTimeOptions::new(fx.sanctions);
    opts.bucket = Some(Bucket::Month);
    let data = over_time_data(&fx.ws, &Filter::default(), &opts);
    let (_, alpha) = data.series.iter().find(|(_, s)| s.actor == fx.alpha).unwrap();
    // January, February, April: March has nothing.
    assert_eq!(runs(alpha, Bucket::Month), [0..2, 2..3]);
    let fig = over_time(&fx.ws, &Filter::default(), &opts, 1600.0, 1000.0, &provenance());
    let k = data.series.iter().position(|(_, s)| s.actor == fx.alpha).unwrap();
    let color = palette::SERIES[k];
    let lines: Vec<usize> = fig
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { points, color: c, .. } if *c == color && points.len() >= 2 => Some(points.len()),
            _ => None,
        })
        .collect();
    // The legend swatch (2 points) and one line over January–February; April stands alone.
    assert_eq!(lines, [2, 2]);
    // The x axis spans the data (January to April), not a wider corpus.
    assert_eq!(data.span, Some((date(2020, 1, 1), date(2020, 4, 1))));
}

#[test]
fn every_actor_has_a_legend_entry_outside_the_plots() {
    let fx = fixture();
    let mut opts = OverTimeOptions::new(fx.sanctions);
    opts.bucket = Some(Bucket::Month);
    let fig = over_time(&fx.ws, &Filter::default(), &opts, 1600.0, 1000.0, &provenance());
    for name in ["Alpha & Co", "Beta <Union>"] {
        assert!(fig.legend.iter().any(|e| e.label.starts_with(name)), "{name}");
    }
    let compare_fig = compare(
        &fx.ws,
        &Filter::default(),
        &compare_opts(&fx),
        1600.0,
        1000.0,
        &provenance(),
    );
    for (fig, sizes) in [(&fig, (1600.0, 1000.0)), (&compare_fig, (1600.0, 1000.0))] {
        let legend = fig.legend_rect.expect("a legend");
        assert!(!fig.plots.is_empty());
        for p in &fig.plots {
            assert!(!legend.intersects(p), "{legend:?} {p:?}");
            assert!(p.x0 >= 0.0 && p.y0 >= 0.0 && p.x1 <= sizes.0 && p.y1 <= sizes.1);
        }
        // Nothing is drawn outside the figure.
        for m in &fig.marks {
            if let Mark::Text(t) = m {
                assert!(t.x >= 0.0 && t.x <= sizes.0 && t.y >= 0.0 && t.y <= sizes.1, "{t:?}");
            }
        }
    }
}

#[test]
fn subtitle_says_layer_dates_and_n() {
    let fx = fixture();
    let fig = compare(
        &fx.ws,
        &Filter::default(),
        &compare_opts(&fx),
        1600.0,
        1000.0,
        &provenance(),
    );
    let sub = fig.subtitle.join(" ");
    assert!(sub.contains("all layers"), "{sub}");
    assert!(sub.contains("2020-01-06 to 2020-04-20"), "{sub}");
    assert!(sub.contains("n = 7 stances in 6 articles"), "{sub}");
    assert!(fig.source.contains("test.stance.json") && fig.source.contains("2026-01-02"));
    assert!(fig.source.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn svg_escapes_text_and_is_deterministic() {
    let fx = fixture();
    let fig = compare(
        &fx.ws,
        &Filter::default(),
        &compare_opts(&fx),
        1600.0,
        1000.0,
        &provenance(),
    );
    let a = svg::svg(&fig, 1.0);
    assert!(a.contains("Alpha &amp; Co") && a.contains("Beta &lt;Union&gt;"));
    assert!(!a.contains("<Union>"));
    assert_eq!(a, svg::svg(&fig.clone(), 1.0));
    assert!(svg::svg(&fig, 2.0).contains(r#"width="3200" height="2000" viewBox="0 0 1600 1000""#));
}

#[test]
fn png_has_the_size_and_ink() {
    let fx = fixture();
    let fig = compare(
        &fx.ws,
        &Filter::default(),
        &compare_opts(&fx),
        400.0,
        250.0,
        &provenance(),
    );
    let (w, h, px) = png::rasterize(&fig, 2.0).unwrap();
    assert_eq!((w, h, px.len()), (800, 500, 800 * 500 * 4));
    let blue = px.chunks(4).filter(|p| p[..3] == [0x00, 0x50, 0x8A]).count();
    let dark = px.chunks(4).filter(|p| p[0] < 60 && p[1] < 60 && p[2] < 60).count();
    assert!(blue > 100 && dark > 100, "{blue} {dark}");
}

#[test]
fn palette_differs_in_greyscale() {
    // Support darkest, then oppose, neutral, mixed: 30 grey levels apart at
    // least, by either common conversion.
    for luma in [Color::luma, Color::luma709] {
        let l: Vec<f32> = [palette::SUPPORT, palette::OPPOSE, palette::NEUTRAL, palette::MIXED]
            .into_iter()
            .map(luma)
            .collect();
        assert!(l.windows(2).all(|w| w[1] - w[0] >= 30.0), "{l:?}");
    }
}

#[test]
fn a_short_span_gets_dated_ticks() {
    let fx = fixture();
    let filter = Filter {
        to: Some(date(2020, 1, 31)),
        ..Filter::default()
    };
    let mut opts = OverTimeOptions::new(fx.sanctions);
    opts.bucket = Some(Bucket::Week);
    let fig = over_time(&fx.ws, &filter, &opts, 1600.0, 1000.0, &provenance());
    let texts: Vec<&str> = fig
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"6\u{a0}Jan") && texts.contains(&"2020"), "{texts:?}");
    assert!(
        fig.subtitle[0].contains("2020-01-06 to 2020-01-31"),
        "{:?}",
        fig.subtitle
    );
}
