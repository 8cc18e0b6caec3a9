//! Aggregates on a small workspace computed by hand.
//!
//! Issues: P = participation, S = sanctions, K = concessions. Actors: Alpha
//! and Beta (states), Gamma (person, affiliated with Alpha), Delta
//! (organisation). Rows sort by kind, then name: Gamma, Alpha, Beta, Delta.
//!
//! | article | date        | accepted stances                         | not counting              |
//! |---------|-------------|------------------------------------------|---------------------------|
//! | a1      | 2019-12-30 Mon | Alpha +P, Beta +P, Delta 0P, Gamma −P | Beta −P pending           |
//! | a2      | 2020-01-02 Thu | Gamma −P, Alpha −S                    | Gamma +P rejected, Delta +S pending |
//! | a3      | 2020-01-06 Mon | Beta +S, Gamma −S, Alpha +P           |                           |
//! | a4      | 2020-02-15     | Alpha +K, Alpha −K, Gamma +K          |                           |
//! | a5      | (none)         | Beta −K                               |                           |

use super::*;
use crate::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Evidence, IssueId, Origin, Position, Stance,
    StanceId, Status, Timestamp, Workspace,
};
use std::collections::BTreeSet;

struct Fx {
    ws: Workspace,
    alpha: ActorId,
    beta: ActorId,
    gamma: ActorId,
    delta: ActorId,
    p: IssueId,
    s: IssueId,
    k: IssueId,
    a: Vec<ArticleId>,
    /// Named stances: see the table above.
    alpha_p1: StanceId,
    alpha_p3: StanceId,
    gamma_p1: StanceId,
    gamma_p2: StanceId,
    alpha_k_sup: StanceId,
    alpha_k_opp: StanceId,
    beta_p_pending: StanceId,
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn add_article(ws: &mut Workspace, title: &str, date: Option<Date>, text: &str) -> ArticleId {
    let id = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        id,
        title.into(),
        date,
        "test".into(),
        text.into(),
    ))))
    .unwrap();
    id
}

fn add_actor(ws: &mut Workspace, name: &str, kind: ActorKind, affiliation: Option<ActorId>) -> ActorId {
    let id = ActorId(ws.alloc_id());
    let mut a = Actor::new(id, name, kind);
    a.affiliation = affiliation;
    ws.apply(Command::AddActor(a)).unwrap();
    id
}

/// A stance whose evidence is the first occurrence of `quote` in the article.
fn add_stance(
    ws: &mut Workspace,
    article: ArticleId,
    actor: ActorId,
    issue: IssueId,
    position: Position,
    status: Status,
    quote: &str,
) -> StanceId {
    let text = &ws.article(article).unwrap().text;
    let byte = text.find(quote).unwrap_or_else(|| panic!("{quote:?} not in article"));
    let start = text[..byte].chars().count();
    let end = start + quote.chars().count();
    let id = StanceId(ws.alloc_id());
    let now = Timestamp::now();
    ws.apply(Command::AddStance(Stance {
        id,
        article,
        actor,
        issue,
        position,
        evidence: Evidence {
            start,
            end,
            text: quote.into(),
        },
        origin: Origin::Manual,
        status,
        note: String::new(),
        created: now,
        modified: now,
        bulk: None,
        by: Default::default(),
    }))
    .unwrap();
    id
}

fn fixture() -> Fx {
    use Position::*;
    use Status::*;
    let mut ws = Workspace::new();
    let key = |ws: &Workspace, k: &str| ws.issue_by_key(k).unwrap().id;
    let (p, s, k) = (
        key(&ws, "participation"),
        key(&ws, "sanctions"),
        key(&ws, "concessions"),
    );
    let alpha = add_actor(&mut ws, "Alpha", ActorKind::State, None);
    let beta = add_actor(&mut ws, "Beta", ActorKind::State, None);
    let gamma = add_actor(&mut ws, "Gamma", ActorKind::Person, Some(alpha));
    let delta = add_actor(&mut ws, "Delta", ActorKind::Organization, None);
    let a1 = add_article(
        &mut ws,
        "Talks in Geneva",
        Some(date(2019, 12, 30)),
        "Alpha joined the talks. Beta joined too. Delta watched. Gamma walked out. Beta refused.",
    );
    let a2 = add_article(
        &mut ws,
        "Sanctions debate",
        Some(date(2020, 1, 2)),
        "Gamma boycotted the meeting. Alpha rejected the embargo. Gamma came back. Delta wants sanctions.",
    );
    let a3 = add_article(
        &mut ws,
        "Second round",
        Some(date(2020, 1, 6)),
        "Beta backs sanctions. Gamma opposes sanctions. Alpha will attend.",
    );
    let a4 = add_article(
        &mut ws,
        "Concessions",
        Some(date(2020, 2, 15)),
        "Alpha offers concessions. Alpha also refuses concessions. Gamma wants concessions.",
    );
    let a5 = add_article(&mut ws, "Undated", None, "Beta will make no concessions.");

    let alpha_p1 = add_stance(&mut ws, a1, alpha, p, Support, Accepted, "Alpha joined the talks.");
    add_stance(&mut ws, a1, beta, p, Support, Accepted, "Beta joined too.");
    add_stance(&mut ws, a1, delta, p, Neutral, Accepted, "Delta watched.");
    let gamma_p1 = add_stance(&mut ws, a1, gamma, p, Oppose, Accepted, "Gamma walked out.");
    let beta_p_pending = add_stance(&mut ws, a1, beta, p, Oppose, Pending, "Beta refused.");

    let gamma_p2 = add_stance(&mut ws, a2, gamma, p, Oppose, Accepted, "Gamma boycotted the meeting.");
    add_stance(&mut ws, a2, alpha, s, Oppose, Accepted, "Alpha rejected the embargo.");
    add_stance(&mut ws, a2, gamma, p, Support, Rejected, "Gamma came back.");
    add_stance(&mut ws, a2, delta, s, Support, Pending, "Delta wants sanctions.");

    add_stance(&mut ws, a3, beta, s, Support, Accepted, "Beta backs sanctions.");
    add_stance(&mut ws, a3, gamma, s, Oppose, Accepted, "Gamma opposes sanctions.");
    let alpha_p3 = add_stance(&mut ws, a3, alpha, p, Support, Accepted, "Alpha will attend.");

    let alpha_k_sup = add_stance(&mut ws, a4, alpha, k, Support, Accepted, "Alpha offers concessions.");
    let alpha_k_opp = add_stance(
        &mut ws,
        a4,
        alpha,
        k,
        Oppose,
        Accepted,
        "Alpha also refuses concessions.",
    );
    add_stance(&mut ws, a4, gamma, k, Support, Accepted, "Gamma wants concessions.");

    add_stance(&mut ws, a5, beta, k, Oppose, Accepted, "Beta will make no concessions.");

    Fx {
        ws,
        alpha,
        beta,
        gamma,
        delta,
        p,
        s,
        k,
        a: vec![a1, a2, a3, a4, a5],
        alpha_p1,
        alpha_p3,
        gamma_p1,
        gamma_p2,
        alpha_k_sup,
        alpha_k_opp,
        beta_p_pending,
    }
}

fn counts(c: &Cell) -> (u32, u32, u32, u32, i32) {
    (c.support, c.oppose, c.neutral, c.mixed, c.net)
}

// ---------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------

#[test]
fn default_filter_keeps_only_accepted_stances() {
    let fx = fixture();
    let f = Filter::default();
    let kept = fx.ws.stances().filter(|s| f.matches(&fx.ws, s)).count();
    assert_eq!(kept, 13);
    assert!(!f.matches(&fx.ws, fx.ws.stance(fx.beta_p_pending).unwrap()));
    assert_eq!(
        fx.ws
            .stances()
            .filter(|s| Filter::all_stances().matches(&fx.ws, s))
            .count(),
        16
    );
    assert!(f.chips(&fx.ws).is_empty(), "the default filter shows no chip");
}

#[test]
fn filter_constraints_match_like_the_prepared_pass() {
    let fx = fixture();
    let mut f = Filter {
        from: Some(date(2020, 1, 1)),
        to: Some(date(2020, 1, 31)),
        ..Filter::default()
    };
    let ids =
        |f: &Filter| -> Vec<StanceId> { fx.ws.stances().filter(|s| f.matches(&fx.ws, s)).map(|s| s.id).collect() };
    let prepared_ids = |f: &Filter| -> Vec<StanceId> {
        let p = f.prepare(&fx.ws);
        fx.ws.stances().filter(|s| p.matches(s)).map(|s| s.id).collect()
    };
    // January 2020: a2 and a3 (the undated a5 is out).
    assert_eq!(ids(&f).len(), 5);
    assert_eq!(ids(&f), prepared_ids(&f));
    f.from = None;
    assert_eq!(ids(&f).len(), 9, "until 2020-01-31: a1, a2, a3");
    assert_eq!(ids(&f), prepared_ids(&f));

    let mut f = Filter {
        text: "GENEVA".into(),
        ..Filter::default()
    }; // article title
    assert_eq!(ids(&f).len(), 4);
    f.text = "embargo".into(); // evidence
    assert_eq!(ids(&f).len(), 1);
    f.text = "  gAMma ".into(); // actor name, trimmed
    assert_eq!(ids(&f).len(), 4);
    assert_eq!(ids(&f), prepared_ids(&f));

    let f = Filter {
        actors: [fx.alpha].into(),
        positions: [Position::Support].into(),
        statuses: BTreeSet::new(),
        ..Filter::default()
    };
    assert_eq!(ids(&f), vec![fx.alpha_p1, fx.alpha_p3, fx.alpha_k_sup]);
    assert_eq!(ids(&f), prepared_ids(&f));
}

#[test]
fn non_ascii_search_is_case_insensitive() {
    let mut ws = Workspace::new();
    let p = ws.issue_by_key("participation").unwrap().id;
    let art = add_article(&mut ws, "ÉTÉ à Genève", None, "Über alles. Ödön sagte ja.");
    let a = add_actor(&mut ws, "Ödön", ActorKind::Person, None);
    add_stance(
        &mut ws,
        art,
        a,
        p,
        Position::Support,
        Status::Accepted,
        "Ödön sagte ja.",
    );
    for needle in ["été", "GENÈVE", "ödön", "SAGTE"] {
        let f = Filter {
            text: needle.into(),
            ..Filter::default()
        };
        assert_eq!(matrix(&ws, &f).rows.len(), 1, "{needle}");
    }
    let f = Filter {
        text: "über".into(),
        ..Filter::default()
    };
    assert!(
        matrix(&ws, &f).rows.is_empty(),
        "Über is not in the evidence, title or name"
    );
}

#[test]
fn chips_describe_and_remove_each_constraint() {
    let fx = fixture();
    let mut f = Filter {
        from: Some(date(2020, 1, 1)),
        to: Some(date(2020, 1, 31)),
        actors: [fx.alpha, fx.gamma].into(),
        issues: [fx.s].into(),
        positions: [Position::Oppose].into(),
        statuses: [Status::Accepted, Status::Pending].into(),
        text: "embargo".into(),
        layer: None,
    };
    assert_eq!(
        f.chips(&fx.ws),
        [
            "2020-01-01 – 2020-01-31",
            "actor: Alpha",
            "actor: Gamma",
            "issue: Sanctions",
            "position: oppose",
            "status: pending, accepted",
            "text: \u{201c}embargo\u{201d}",
        ]
    );
    let parts = f.chip_parts(&fx.ws);
    for (part, _) in parts {
        f.remove(part);
    }
    assert_eq!(f, Filter::default());
    let f = Filter {
        to: Some(date(2020, 1, 31)),
        statuses: BTreeSet::new(),
        ..Filter::default()
    };
    assert_eq!(f.chips(&fx.ws), ["until 2020-01-31", "any status"]);
}

// ---------------------------------------------------------------------------
// Matrix and issue overview
// ---------------------------------------------------------------------------

#[test]
fn matrix_counts_accepted_stances_per_actor_and_issue() {
    let fx = fixture();
    let m = matrix(&fx.ws, &Filter::default());
    assert_eq!(
        m.rows,
        [fx.gamma, fx.alpha, fx.beta, fx.delta],
        "kind (person, state, organisation), then name"
    );
    assert_eq!(m.columns, [fx.p, fx.s, fx.k], "codebook order");
    assert_eq!(m.cells.len(), 12);
    let c = |a, i| m.get(a, i).unwrap();
    // Gamma: −P twice (the rejected +P does not count), −S, +K.
    assert_eq!(counts(c(fx.gamma, fx.p)), (0, 2, 0, 0, -2));
    assert_eq!(c(fx.gamma, fx.p).stances, [fx.gamma_p1, fx.gamma_p2]);
    assert_eq!(counts(c(fx.gamma, fx.s)), (0, 1, 0, 0, -1));
    assert_eq!(counts(c(fx.gamma, fx.k)), (1, 0, 0, 0, 1));
    // Alpha: +P twice, −S, +K and −K.
    assert_eq!(counts(c(fx.alpha, fx.p)), (2, 0, 0, 0, 2));
    assert_eq!(c(fx.alpha, fx.p).stances, [fx.alpha_p1, fx.alpha_p3]);
    assert_eq!(counts(c(fx.alpha, fx.k)), (1, 1, 0, 0, 0));
    assert_eq!(c(fx.alpha, fx.k).stances, [fx.alpha_k_sup, fx.alpha_k_opp]);
    // Beta: +P (the pending −P does not count), +S, −K (undated, still counts without a date range).
    assert_eq!(counts(c(fx.beta, fx.p)), (1, 0, 0, 0, 1));
    assert_eq!(counts(c(fx.beta, fx.s)), (1, 0, 0, 0, 1));
    assert_eq!(counts(c(fx.beta, fx.k)), (0, 1, 0, 0, -1));
    // Delta: neutral on P; its pending +S does not count.
    assert_eq!(counts(c(fx.delta, fx.p)), (0, 0, 1, 0, 0));
    assert!(c(fx.delta, fx.s).is_empty());

    assert_eq!(net_position(c(fx.alpha, fx.p)), Some(1.0));
    assert_eq!(net_position(c(fx.alpha, fx.k)), Some(0.0));
    assert_eq!(net_position(c(fx.gamma, fx.p)), Some(-1.0));
    assert_eq!(net_position(c(fx.delta, fx.p)), Some(0.0));
    assert_eq!(net_position(c(fx.delta, fx.k)), None);
    assert_eq!(c(fx.alpha, fx.k).position(), Some(Position::Mixed));
    assert_eq!(c(fx.delta, fx.p).position(), Some(Position::Neutral));
    assert_eq!(c(fx.delta, fx.k).position(), None);
}

#[test]
fn net_position_is_the_share_of_net_support() {
    let cell = Cell {
        support: 3,
        oppose: 1,
        neutral: 1,
        mixed: 1,
        net: 2,
        stances: Vec::new(),
    };
    assert_eq!(net_position(&cell), Some(2.0 / 6.0));
    assert_eq!(cell.position(), Some(Position::Support));
    let only_mixed = Cell {
        mixed: 2,
        ..Cell::default()
    };
    assert_eq!(only_mixed.position(), Some(Position::Mixed));
}

#[test]
fn matrix_with_a_date_range_and_an_actor_filter() {
    let fx = fixture();
    let jan = Filter {
        from: Some(date(2020, 1, 1)),
        to: Some(date(2020, 1, 31)),
        ..Filter::default()
    };
    let m = matrix(&fx.ws, &jan);
    assert_eq!(
        m.rows,
        [fx.gamma, fx.alpha, fx.beta],
        "Delta has no accepted stance in January"
    );
    assert_eq!(
        counts(m.get(fx.gamma, fx.p).unwrap()),
        (0, 1, 0, 0, -1),
        "a1 (30 Dec) is out"
    );
    assert_eq!(m.get(fx.alpha, fx.p).unwrap().stances, [fx.alpha_p3]);
    assert!(
        m.get(fx.beta, fx.k).unwrap().is_empty(),
        "the undated article is out when a range is set"
    );

    let only = Filter {
        actors: [fx.alpha, fx.delta].into(),
        issues: [fx.k].into(),
        ..Filter::default()
    };
    let m = matrix(&fx.ws, &only);
    assert_eq!(
        m.rows,
        [fx.alpha, fx.delta],
        "named actors get a row even without stances"
    );
    assert_eq!(m.columns, [fx.k]);
    assert_eq!(counts(m.cell(0, 0)), (1, 1, 0, 0, 0));
    assert!(m.cell(1, 0).is_empty());
}

#[test]
fn matrix_groups_rows_by_affiliation() {
    let fx = fixture();
    let mut m = matrix(&fx.ws, &Filter::default());
    let before = m.clone();
    m.group_by_affiliation(&fx.ws);
    assert_eq!(m.rows, [fx.alpha, fx.gamma, fx.beta, fx.delta]);
    assert_eq!(
        m.groups,
        [
            RowGroup {
                affiliation: Some(fx.alpha),
                rows: 0..2
            },
            RowGroup {
                affiliation: None,
                rows: 2..4
            }
        ]
    );
    for &a in &m.rows {
        for &i in &m.columns {
            assert_eq!(m.get(a, i), before.get(a, i), "cells move with their rows");
        }
    }
}

#[test]
fn issue_overview_counts_actors_by_overall_position() {
    let fx = fixture();
    let o = issue_overview(&fx.ws, &Filter::default());
    let row = |o: &IssueOverview| (o.issue, o.support, o.oppose, o.neutral, o.mixed);
    assert_eq!(
        o.iter().map(row).collect::<Vec<_>>(),
        [
            (fx.p, 2, 1, 1, 0), // Alpha, Beta +; Gamma −; Delta 0
            (fx.s, 1, 2, 0, 0), // Beta +; Alpha, Gamma −
            (fx.k, 1, 1, 0, 1), // Gamma +; Beta −; Alpha +/−
        ]
    );
    assert_eq!(o[0].actors(), 4);
}

// ---------------------------------------------------------------------------
// Agreement and conflict
// ---------------------------------------------------------------------------

#[test]
fn congruence_and_conflict_weights_by_hand() {
    // Alpha: +P, −S, +K and −K. Beta: +P, +S, −K. Gamma: −P, −S, +K.
    //            congruence                conflict
    // Alpha–Beta  P (++), K (−−)   = 2     S (−+), K (+−)        = 2
    // Alpha–Gamma S (−−), K (++)   = 2     P (+−), K (−+)        = 2
    // Beta–Gamma  —                = 0     P (+−), S (+−), K (−+) = 3
    // Delta (neutral only) has no tie. Beta's pending −P would add an
    // Alpha–Beta conflict and a Beta–Gamma congruence: it must not count.
    let fx = fixture();
    let ag = agreement(&fx.ws, &Filter::default());
    assert_eq!(ag.actors, [fx.gamma, fx.alpha, fx.beta, fx.delta]);
    let (g, a, b, d) = (0, 1, 2, 3);
    let pairs = [
        (a, b, 2, 2),
        (a, g, 2, 2),
        (b, g, 0, 3),
        (d, a, 0, 0),
        (d, b, 0, 0),
        (d, g, 0, 0),
    ];
    for (i, j, cong, conf) in pairs {
        assert_eq!((ag.congruence(i, j), ag.conflict(i, j)), (cong, conf), "{i}–{j}");
        assert_eq!(
            (ag.congruence(j, i), ag.conflict(j, i)),
            (cong, conf),
            "symmetric {j}–{i}"
        );
    }
    for i in 0..4 {
        assert_eq!((ag.congruence(i, i), ag.conflict(i, i)), (0, 0));
    }
    assert_eq!(ag.edges(false), [(g, a, 2), (a, b, 2)]);
    assert_eq!(ag.edges(true), [(g, a, 2), (g, b, 3), (a, b, 2)]);
    assert_eq!(ag.balance(b, g), -3);
    assert_eq!(
        agreement_of(&matrix(&fx.ws, &Filter::default())),
        ag,
        "same result from the matrix"
    );

    // Counting the pending stance too changes exactly what the comment says.
    let all = agreement(&fx.ws, &Filter::all_stances());
    assert_eq!(all.actors, ag.actors);
    assert_eq!(all.conflict(a, b), 3);
    assert_eq!(all.congruence(b, g), 1);
    // Gamma's rejected +P now counts as well: Alpha–Gamma agree on P too.
    assert_eq!(all.congruence(a, g), 3);
}

#[test]
fn agreement_presence_counts_each_issue_once() {
    // Alpha supports P twice; Beta once: one shared issue, weight 1.
    let fx = fixture();
    let f = Filter {
        issues: [fx.p].into(),
        ..Filter::default()
    };
    let ag = agreement(&fx.ws, &f);
    let (a, b) = (ag.index_of(fx.alpha).unwrap(), ag.index_of(fx.beta).unwrap());
    assert_eq!(ag.congruence(a, b), 1);
}

#[test]
fn agreement_with_more_than_64_issues() {
    let mut ws = Workspace::empty();
    let art = add_article(&mut ws, "Many", None, "x says yes. y says yes. z says no.");
    let (x, y, z) = (
        add_actor(&mut ws, "X", ActorKind::State, None),
        add_actor(&mut ws, "Y", ActorKind::State, None),
        add_actor(&mut ws, "Z", ActorKind::State, None),
    );
    let mut base = crate::model::default_issues().remove(0);
    for n in 0..130 {
        base.id = IssueId(ws.alloc_id());
        base.key = format!("issue{n}");
        ws.apply(Command::AddIssue(base.clone())).unwrap();
        // Every issue: X and Y support; Z opposes on even issues only.
        add_stance(
            &mut ws,
            art,
            x,
            base.id,
            Position::Support,
            Status::Accepted,
            "x says yes.",
        );
        add_stance(
            &mut ws,
            art,
            y,
            base.id,
            Position::Support,
            Status::Accepted,
            "y says yes.",
        );
        if n % 2 == 0 {
            add_stance(
                &mut ws,
                art,
                z,
                base.id,
                Position::Oppose,
                Status::Accepted,
                "z says no.",
            );
        }
    }
    let ag = agreement(&ws, &Filter::default());
    assert_eq!(ag.actors, [x, y, z]);
    assert_eq!(ag.congruence(0, 1), 130);
    assert_eq!(ag.conflict(0, 2), 65);
    assert_eq!(ag.conflict(1, 2), 65);
    assert_eq!(ag.congruence(0, 2), 0);
    assert_eq!(agreement_of(&matrix(&ws, &Filter::default())), ag);
}

/// Four actors of one kind: A1 and C1 support everything, B1 and D1 oppose it.
fn two_blocs() -> (Workspace, Vec<ActorId>) {
    let mut ws = Workspace::new();
    let art = add_article(&mut ws, "Blocs", None, "yes. no.");
    let issues: Vec<IssueId> = ws.issues().map(|i| i.id).collect();
    let actors: Vec<ActorId> = ["A1", "B1", "C1", "D1"]
        .iter()
        .map(|n| add_actor(&mut ws, n, ActorKind::State, None))
        .collect();
    for (k, &a) in actors.iter().enumerate() {
        for &i in &issues {
            let (pos, quote) = if k % 2 == 0 {
                (Position::Support, "yes.")
            } else {
                (Position::Oppose, "no.")
            };
            add_stance(&mut ws, art, a, i, pos, Status::Accepted, quote);
        }
    }
    (ws, actors)
}

#[test]
fn cluster_order_puts_blocs_together() {
    let (ws, actors) = two_blocs();
    let ag = agreement(&ws, &Filter::default());
    assert_eq!(ag.actors, actors);
    assert_eq!(ag.congruence(0, 2), 3);
    assert_eq!(ag.conflict(0, 1), 3);
    let order = cluster_order(&ag);
    assert_eq!(order, [0, 2, 1, 3]);
    assert_eq!(cluster_order(&ag), order, "deterministic");
}

#[test]
fn cluster_order_is_a_permutation_and_keeps_rows_without_structure() {
    let fx = fixture();
    let ag = agreement(&fx.ws, &Filter::default());
    // Gamma (0) and Beta (2) are the most opposed (balance −3): they end up
    // at the two ends, Gamma next to Alpha (1), Beta next to Delta (3).
    assert_eq!(cluster_order(&ag), [0, 1, 3, 2]);

    let flat = Agreement {
        actors: vec![ActorId(1), ActorId(2), ActorId(3)],
        congruence: vec![0; 9],
        conflict: vec![0; 9],
    };
    assert_eq!(cluster_order(&flat), [0, 1, 2]);
    assert!(cluster_order(&Agreement::default()).is_empty());
}

// ---------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------

#[test]
fn buckets_start_on_monday_and_the_first_of_the_month() {
    let tue = date(2019, 12, 31);
    assert_eq!(Bucket::Week.start(tue), date(2019, 12, 30));
    assert_eq!(
        Bucket::Week.start(date(2020, 1, 5)),
        date(2019, 12, 30),
        "Sunday ends the ISO week"
    );
    assert_eq!(Bucket::Week.start(date(2020, 1, 6)), date(2020, 1, 6));
    assert_eq!(Bucket::Month.start(tue), date(2019, 12, 1));
    assert_eq!(Bucket::Month.next(date(2019, 12, 1)), date(2020, 1, 1));
    assert_eq!(Bucket::Week.next(date(2019, 12, 30)), date(2020, 1, 6));
    assert_eq!(Bucket::Week.label(tue), "2020-W01");
    assert_eq!(Bucket::Week.label(date(2021, 1, 1)), "2020-W53");
    assert_eq!(Bucket::Week.label(date(2019, 1, 23)), "2019-W04");
    assert_eq!(Bucket::Month.label(tue), "2019-12");
}

#[test]
fn weekly_timeline_across_the_year_boundary() {
    let fx = fixture();
    let series = timeline(&fx.ws, &Filter::default(), fx.p, &[], Bucket::Week);
    let actors: Vec<ActorId> = series.iter().map(|s| s.actor).collect();
    assert_eq!(actors, [fx.gamma, fx.alpha, fx.beta, fx.delta]);
    let pts = |i: usize| {
        series[i]
            .points
            .iter()
            .map(|p| (p.bucket_start, p.net, p.n))
            .collect::<Vec<_>>()
    };
    // Mon 30 Dec 2019 and Thu 2 Jan 2020 are one ISO week (2020-W01).
    assert_eq!(pts(0), [(date(2019, 12, 30), -1.0, 2)]);
    assert_eq!(series[0].points[0].stances, [fx.gamma_p1, fx.gamma_p2]);
    assert_eq!(pts(1), [(date(2019, 12, 30), 1.0, 1), (date(2020, 1, 6), 1.0, 1)]);
    assert_eq!(
        pts(2),
        [(date(2019, 12, 30), 1.0, 1)],
        "Beta's pending −P does not count"
    );
    assert_eq!(pts(3), [(date(2019, 12, 30), 0.0, 1)]);
}

#[test]
fn monthly_timeline_splits_the_year_boundary() {
    let fx = fixture();
    let series = timeline(&fx.ws, &Filter::default(), fx.p, &[fx.gamma, fx.alpha], Bucket::Month);
    assert_eq!(series.len(), 2);
    let pts = |i: usize| {
        series[i]
            .points
            .iter()
            .map(|p| (p.bucket_start, p.net, p.n))
            .collect::<Vec<_>>()
    };
    assert_eq!(pts(0), [(date(2019, 12, 1), -1.0, 1), (date(2020, 1, 1), -1.0, 1)]);
    assert_eq!(pts(1), [(date(2019, 12, 1), 1.0, 1), (date(2020, 1, 1), 1.0, 1)]);
}

#[test]
fn timeline_means_scores_and_skips_undated_articles() {
    let fx = fixture();
    // The filter's issue is replaced, its actors by the explicit list.
    let f = Filter {
        issues: [fx.s].into(),
        actors: [fx.gamma].into(),
        ..Filter::default()
    };
    let series = timeline(&fx.ws, &f, fx.k, &[fx.beta, fx.alpha, fx.beta], Bucket::Month);
    assert_eq!(
        series.iter().map(|s| s.actor).collect::<Vec<_>>(),
        [fx.beta, fx.alpha],
        "asked order, no repeats"
    );
    assert!(
        series[0].points.is_empty(),
        "Beta's only K stance is in an undated article"
    );
    let p = &series[1].points;
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].bucket_start, p[0].net, p[0].n), (date(2020, 2, 1), 0.0, 2));
    assert_eq!(p[0].stances, [fx.alpha_k_sup, fx.alpha_k_opp]);
    // With a date range.
    let f = Filter {
        to: Some(date(2020, 1, 3)),
        ..Filter::default()
    };
    let series = timeline(&fx.ws, &f, fx.p, &[fx.alpha], Bucket::Week);
    assert_eq!(series[0].points.len(), 1);
    assert_eq!(series[0].points[0].stances, [fx.alpha_p1]);
}

// ---------------------------------------------------------------------------
// Exports built on the aggregates
// ---------------------------------------------------------------------------

#[test]
fn export_format_names_match_clap() {
    use clap::ValueEnum;
    for f in ExportFormat::ALL {
        assert_eq!(f.to_possible_value().unwrap().get_name(), f.cli_name());
        assert!(f.default_file_name().ends_with(f.extension()));
    }
    assert_eq!(ExportFormat::value_variants().len(), ExportFormat::ALL.len());
}

#[test]
fn articles_csv_counts_by_status() {
    let fx = fixture();
    let mut buf = Vec::new();
    articles_csv(&fx.ws, &Filter::default(), &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ARTICLE_COLUMNS);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let short = |row: &Vec<String>| row[4..9].join(",");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0][0], fx.a[0].0.to_string());
    assert_eq!(rows[0][1], "2019-12-30");
    assert_eq!(short(&rows[0]), "4,4,1,0,5"); // a1
    assert_eq!(short(&rows[1]), "2,2,1,1,4"); // a2
    assert_eq!(short(&rows[3]), "2,3,0,0,3"); // a4: Alpha twice, Gamma
    assert_eq!(rows[4][1], "");

    // Filtered: January only, Gamma only.
    let f = Filter {
        from: Some(date(2020, 1, 1)),
        actors: [fx.gamma].into(),
        ..Filter::default()
    };
    let mut buf = Vec::new();
    articles_csv(&fx.ws, &f, &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows.iter().map(|r| r[2].as_str()).collect::<Vec<_>>(),
        ["Sanctions debate", "Second round", "Concessions"]
    );
    assert_eq!(short(&rows[0]), "1,1,0,1,2");
}

#[test]
fn matrix_csv_has_net_positions_and_counts() {
    let fx = fixture();
    let mut buf = Vec::new();
    matrix_csv(&fx.ws, &Filter::default(), &mut buf).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "actor",
            "kind",
            "affiliation",
            "participation_net_position",
            "sanctions_net_position",
            "concessions_net_position",
            "participation_support",
            "participation_oppose",
            "sanctions_support",
            "sanctions_oppose",
            "concessions_support",
            "concessions_oppose",
            "coder"
        ]
    );
    let rows: Vec<String> = r
        .records()
        .map(|r| r.unwrap().iter().collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(
        rows,
        [
            "Gamma|person|Alpha|-1.000|-1.000|1.000|0|2|0|1|1|0|",
            "Alpha|state||1.000|-1.000|0.000|2|0|0|1|1|1|",
            "Beta|state||1.000|1.000|-1.000|1|0|1|0|0|1|",
            "Delta|organization||0.000|||0|0|0|0|0|0|",
        ]
    );
}
