//! Tests of the Agreement map, and of how neutral and mixed stances enter
//! congruence and conflict (the map's and `report::network`'s).

use super::agreement::{AgreementOptions, Measure, Order, agreement, agreement_data, cell_color};
use super::tests::{add_stance, date, provenance};
use super::*;
use crate::model::{Actor, ActorId, ActorKind, Article, ArticleId, Command, Position, Workspace};
use crate::report::network::{NetworkOptions, NeutralRule, Qualifier, actor_network};

fn actor(ws: &mut Workspace, name: &str) -> ActorId {
    let id = ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(Actor::new(id, name, ActorKind::State)))
        .unwrap();
    id
}

fn article(ws: &mut Workspace, i: usize) -> ArticleId {
    let a = ArticleId(ws.alloc_id());
    let text = format!("Alpha spoke. Beta answered. ({})", a.0);
    let day = Some(date(2020, 1, 1 + (i % 28) as u8));
    let article = Article::new(a, format!("Article {}", a.0), day, "test".into(), text);
    ws.apply(Command::AddArticle(Box::new(article))).unwrap();
    a
}

/// One issue (sanctions): A support, B support, C oppose, D neutral, E
/// mixed, F both support and oppose (two stances), each in an article.
fn one_issue() -> (Workspace, [ActorId; 6]) {
    use Position::*;
    let mut ws = Workspace::new();
    let s = ws.issue_by_key("sanctions").unwrap().id;
    let ids = ["A", "B", "C", "D", "E", "F"].map(|n| actor(&mut ws, n));
    let stances = [
        (0, Support),
        (1, Support),
        (2, Oppose),
        (3, Neutral),
        (4, Mixed),
        (5, Support),
        (5, Oppose),
    ];
    for (k, (who, p)) in stances.into_iter().enumerate() {
        let a = article(&mut ws, k);
        add_stance(&mut ws, a, ids[who], s, p);
    }
    (ws, ids)
}

#[test]
fn neutral_and_mixed_stances_count_in_neither_congruence_nor_conflict() {
    let (ws, [a, b, c, d, e, f]) = one_issue();
    // The map (report::agreement_of).
    let data = agreement_data(&ws, &Filter::default(), &AgreementOptions::default());
    let at = |x: ActorId| data.actors.iter().position(|&y| y == x).unwrap();
    let pair = |x, y| (data.congruence(at(x), at(y)), data.conflict(at(x), at(y)));
    assert_eq!(pair(a, b), (1, 0), "support + support: congruence 1");
    assert_eq!(pair(a, c), (0, 1), "support + oppose: conflict 1");
    assert_eq!(pair(a, d), (0, 0), "support + neutral: neither");
    assert_eq!(pair(a, e), (0, 0), "support + mixed: neither");
    assert_eq!(pair(d, e), (0, 0), "neutral + mixed: neither");
    assert_eq!(pair(a, f), (1, 1), "an actor on both sides: one of each");
    assert_eq!(data.balance(at(a), at(b)), Some(1.0));
    assert_eq!(data.balance(at(a), at(c)), Some(-1.0));
    assert_eq!(data.balance(at(a), at(d)), None, "no issue where both took a side");
    assert_eq!(data.balance(at(a), at(f)), Some(0.0));
    // The neutral and mixed actors are still shown (they have stances).
    assert_eq!(data.len(), 6);
    let fig = agreement(
        &ws,
        &Filter::default(),
        &AgreementOptions::default(),
        1200.0,
        800.0,
        &provenance(),
    );
    assert!(
        fig.subtitle
            .join(" ")
            .contains("neutral and mixed stances count in neither")
    );

    // report::network, DNA's binary qualifier (the default): the same.
    let net = |qualifier, neutral| {
        let opts = NetworkOptions {
            qualifier,
            neutral,
            ..NetworkOptions::default()
        };
        actor_network(&ws, &Filter::default(), &opts)
    };
    let cong = net(Qualifier::Congruence, NeutralRule::LeaveOut);
    let conf = net(Qualifier::Conflict, NeutralRule::LeaveOut);
    assert_eq!((cong.weight(a, b), conf.weight(a, b)), (1.0, 0.0));
    assert_eq!((cong.weight(a, c), conf.weight(a, c)), (0.0, 1.0));
    assert_eq!((cong.weight(a, d), conf.weight(a, d)), (0.0, 0.0));
    assert_eq!((cong.weight(a, e), conf.weight(a, e)), (0.0, 0.0));
    assert_eq!((cong.weight(a, f), conf.weight(a, f)), (1.0, 1.0));
    // --neutral scale: support +1, neutral and mixed 0, oppose −1 over a
    // range of 2, so neutral (or mixed) against a side is half of each, and
    // neutral with mixed is full congruence.
    let cong = net(Qualifier::Congruence, NeutralRule::Scale);
    let conf = net(Qualifier::Conflict, NeutralRule::Scale);
    assert_eq!((cong.weight(a, b), conf.weight(a, b)), (1.0, 0.0));
    assert_eq!((cong.weight(a, c), conf.weight(a, c)), (0.0, 1.0));
    assert_eq!((cong.weight(a, d), conf.weight(a, d)), (0.5, 0.5));
    assert_eq!((cong.weight(c, e), conf.weight(c, e)), (0.5, 0.5));
    assert_eq!((cong.weight(d, e), conf.weight(d, e)), (1.0, 0.0));
}

/// Six actors whose names interleave the two blocs: Ant, Cat, Eel support
/// three issues, Bee, Dog, Fox oppose them; Ant has the most stances.
fn two_blocs() -> (Workspace, Vec<ActorId>) {
    let mut ws = Workspace::new();
    let issues: Vec<_> = ["sanctions", "participation"]
        .iter()
        .map(|k| ws.issue_by_key(k).unwrap().id)
        .collect();
    let names = ["Ant", "Bee", "Cat", "Dog", "Eel", "Fox"];
    let ids: Vec<ActorId> = names.iter().map(|n| actor(&mut ws, n)).collect();
    let mut k = 0;
    for (i, &id) in ids.iter().enumerate() {
        let p = if i % 2 == 0 {
            Position::Support
        } else {
            Position::Oppose
        };
        for &issue in &issues {
            for _ in 0..(if i == 0 { 3 } else { 1 }) {
                let a = article(&mut ws, k % 28);
                k += 1;
                add_stance(&mut ws, a, id, issue, p);
            }
        }
    }
    (ws, ids)
}

#[test]
fn ordering_by_bloc_puts_each_bloc_together() {
    let (ws, ids) = two_blocs();
    let order = |order| {
        let opts = AgreementOptions {
            order,
            ..AgreementOptions::default()
        };
        agreement_data(&ws, &Filter::default(), &opts)
    };
    let bloc = |d: &super::agreement::AgreementData| -> Vec<usize> {
        d.actors
            .iter()
            .map(|a| ids.iter().position(|x| x == a).unwrap() % 2)
            .collect()
    };
    let b = bloc(&order(Order::Bloc));
    let changes = b.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(changes, 1, "two contiguous blocs: {b:?}");
    let by_name = order(Order::Name);
    assert_eq!(by_name.names, ["Ant", "Bee", "Cat", "Dog", "Eel", "Fox"]);
    assert_eq!(bloc(&by_name), [0, 1, 0, 1, 0, 1]);
    assert_eq!(order(Order::Activity).names[0], "Ant");
    let d = order(Order::Bloc);
    let (ant, bee) = (
        d.names.iter().position(|n| n == "Ant").unwrap(),
        d.names.iter().position(|n| n == "Bee").unwrap(),
    );
    assert_eq!((d.congruence(ant, bee), d.conflict(ant, bee)), (0, 2));
    assert_eq!(d.opposite[ant * d.len() + bee], ["Participation", "Sanctions"]);
}

/// Many actors with long names: the 25 most active are shown, each named
/// in full on both axes, every name inside the figure.
#[test]
fn every_actor_is_named_in_full_and_the_legend_is_outside_the_cells() {
    let mut ws = Workspace::new();
    let s = ws.issue_by_key("sanctions").unwrap().id;
    let mut names = Vec::new();
    for i in 0..30 {
        let name = format!("Ministry of Foreign Affairs of Country Number {i:02}");
        let id = actor(&mut ws, &name);
        for k in 0..=(i % 3) {
            let a = article(&mut ws, k);
            let p = if i % 2 == 0 {
                Position::Support
            } else {
                Position::Oppose
            };
            add_stance(&mut ws, a, id, s, p);
        }
        names.push(name);
    }
    for (w, h) in [(1600.0, 1000.0), (800.0, 600.0)] {
        let fig = agreement(
            &ws,
            &Filter::default(),
            &AgreementOptions::default(),
            w,
            h,
            &provenance(),
        );
        let data = agreement_data(&ws, &Filter::default(), &AgreementOptions::default());
        assert_eq!(data.len(), 25);
        assert!(
            fig.subtitle
                .iter()
                .any(|l| l.contains("the 25 most active (most stances) of 30 actors")),
            "{:?}",
            fig.subtitle
        );
        let texts: Vec<&Text> = fig
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        for name in &data.names {
            let on: Vec<&&Text> = texts.iter().filter(|t| &t.text == name).collect();
            assert_eq!(on.len(), 2, "{name}: a row and a column label");
            for t in on {
                // Both ends of the text inside the figure.
                let len = font::text_width(&t.text, t.size);
                let (s, c) = t.rotation.to_radians().sin_cos();
                let (x0, x1) = match t.anchor {
                    Anchor::Start => (0.0, len),
                    Anchor::Middle => (-len / 2.0, len / 2.0),
                    Anchor::End => (-len, 0.0),
                };
                for d in [x0, x1] {
                    let (x, y) = (t.x + d * c, t.y + d * s);
                    assert!(
                        (0.0..=w).contains(&x) && (t.size..=h).contains(&y),
                        "{name} at {w}x{h}: ({x}, {y}) outside"
                    );
                }
            }
        }
        let cells = fig.plots[0];
        let legend = fig.legend_rect.unwrap();
        assert!(!legend.intersects(&cells), "{legend:?} over {cells:?}");
        assert!(legend.x1 <= w && legend.y1 <= h);
        assert!(fig.title.contains("congruence") && fig.title.contains("conflict"));
        // One hover per pair off the diagonal.
        assert_eq!(fig.hovers.len(), 25 * 24);
    }
}

#[test]
fn cell_colour_is_monotone_in_the_score_and_readable_in_greyscale() {
    let steps: Vec<f32> = (0..=10).map(|k| k as f32 / 10.0).collect();
    for sign in [1.0f32, -1.0] {
        let lumas: Vec<f32> = steps
            .iter()
            .map(|v| cell_color(Measure::Balance, sign * v, 1).luma())
            .collect();
        assert!(lumas.windows(2).all(|w| w[1] < w[0]), "{sign}: {lumas:?}");
    }
    for m in [Measure::Congruence, Measure::Conflict] {
        let lumas: Vec<f32> = (0..=5).map(|n| cell_color(m, n as f32, 5).luma()).collect();
        assert!(lumas.windows(2).all(|w| w[1] < w[0]), "{m:?}: {lumas:?}");
    }
    // The two ends are the palette's support and oppose, far apart in grey.
    assert_eq!(cell_color(Measure::Balance, 1.0, 1), palette::SUPPORT);
    assert_eq!(cell_color(Measure::Balance, -1.0, 1), palette::OPPOSE);
    let (p, n) = (
        cell_color(Measure::Balance, 1.0, 1),
        cell_color(Measure::Balance, -1.0, 1),
    );
    assert!((p.luma() - n.luma()).abs() >= 30.0 && (p.luma709() - n.luma709()).abs() >= 30.0);
    // On the figure, a +1 pair is drawn in the support colour, a −1 pair in
    // the oppose colour.
    let (ws, _) = two_blocs();
    let fig = agreement(
        &ws,
        &Filter::default(),
        &AgreementOptions::default(),
        1600.0,
        1000.0,
        &provenance(),
    );
    let count = |c: Color| {
        fig.marks
            .iter()
            .filter(|m| matches!(m, Mark::Rect { fill, rect } if *fill == c && fig.plots[0].contains(rect.x0, rect.y0)))
            .count()
    };
    assert_eq!(count(palette::SUPPORT), 12, "3 × 2 ordered pairs in each bloc");
    assert_eq!(count(palette::OPPOSE), 18, "3 × 3 × 2 across the blocs");
    // There is room for the values, so every cell off the diagonal says its score.
    let values = fig
        .marks
        .iter()
        .filter(|m| matches!(m, Mark::Text(t) if t.text == "+1.00" || t.text == "\u{2212}1.00"))
        .count();
    assert_eq!(values, 30);
}

#[test]
fn agreement_svg_and_png() {
    let (ws, _) = two_blocs();
    let fig = agreement(
        &ws,
        &Filter::default(),
        &AgreementOptions::default(),
        900.0,
        600.0,
        &provenance(),
    );
    let svg = svg::svg(&fig, 1.0);
    assert_eq!(svg, svg::svg(&fig, 1.0));
    for name in ["Ant", "Bee", "Fox"] {
        assert!(svg.contains(&format!(">{name}</text>")));
    }
    let png = png::png(&fig, 1.0).unwrap();
    let img = image::load_from_memory(&png).unwrap();
    assert_eq!((img.width(), img.height()), (900, 600));
}
