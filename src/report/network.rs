//! One-mode actor networks with the choices of the Discourse Network
//! Analyzer (Leifeld; DNA 3's `Exporter.computeOneModeMatrix`), so a
//! network made here equals the one DNA makes from the same statements:
//!
//! - Statements are accepted stances; `a[i][j][k]` counts actor i's
//!   statements on issue j with qualifier level k, after duplicates are
//!   dropped ([`Duplicates`]).
//! - **Qualifier levels.** DNA's agreement qualifier is binary. By default
//!   ([`NeutralRule::LeaveOut`]) support is "yes" and oppose "no", and
//!   neutral and mixed stances are left out of the network; with
//!   [`NeutralRule::Scale`] the qualifier is DNA's integer kind with levels
//!   support +1, neutral and mixed 0, oppose −1 and a fixed range of 2, so
//!   a neutral stance is half congruent and half conflicting with either
//!   side (DNA takes the range from the values present; a fixed range keeps
//!   one stance from changing every other edge).
//! - **Congruence** w = Σ_j Σ_k1 Σ_k2 a[i1][j][k1] · a[i2][j][k2] ·
//!   (1 − |q_k1 − q_k2| / range); **conflict** the same with |q_k1 − q_k2| /
//!   range; **subtract** congruence − conflict; **ignore** Σ_j (Σ_k a1)(Σ_k
//!   a2).
//! - **Normalisation** divides by: *average activity* (Σ a1 + Σ a2) / 2;
//!   *Jaccard* m10 + m01 + m11 (m10 = Σ a1 where a2 = 0, m01 likewise, m11 =
//!   Σ a1·a2 where both are positive, over issue × level cells); *cosine*
//!   (Σ a1)(Σ a2) — DNA's formula, which is the product of the activities.
//!   A pair with a zero denominator has weight 0.
//! - **Threshold**: only edges whose weight (its absolute value, for
//!   subtract) is at least the threshold are kept; zero weights never are.

use super::filter::Filter;
use crate::model::{ActorId, Date, IssueId, Position, Workspace};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Qualifier {
    /// Ties where actors take the same side.
    #[default]
    Congruence,
    /// Ties where actors take opposite sides.
    Conflict,
    /// Congruence minus conflict (a signed tie).
    Subtract,
    /// Co-occurrence on issues, whatever the side.
    Ignore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Normalize {
    #[default]
    No,
    /// Divided by the pair's average number of statements.
    Average,
    Jaccard,
    /// DNA's cosine: divided by the product of the two actors' statement counts.
    Cosine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Duplicates {
    /// Every statement counts.
    Include,
    /// One identical statement (actor, issue, position) per article.
    Article,
    /// One per calendar week (Monday to Sunday).
    Week,
    Month,
    Year,
    /// One per actor, issue and position over the whole range: whether
    /// the actor takes that side at all (the app's Agreement map).
    #[default]
    Range,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum NeutralRule {
    /// Support and oppose only, as DNA's binary agreement qualifier.
    #[default]
    LeaveOut,
    /// Support +1, neutral and mixed 0, oppose −1 (DNA's integer qualifier, range 2).
    Scale,
}

impl Qualifier {
    /// What a tie means, as figure subtitles and the app say it.
    pub fn label(self) -> &'static str {
        match self {
            Qualifier::Congruence => "congruence (same side on an issue)",
            Qualifier::Conflict => "conflict (opposite sides on an issue)",
            Qualifier::Subtract => "congruence \u{2212} conflict",
            Qualifier::Ignore => "co-occurrence on issues (any side)",
        }
    }
}

impl Normalize {
    pub fn label(self) -> &'static str {
        match self {
            Normalize::No => "no",
            Normalize::Average => "average activity",
            Normalize::Jaccard => "Jaccard",
            Normalize::Cosine => "cosine",
        }
    }
}

impl Duplicates {
    /// How often one identical statement counts.
    pub fn label(self) -> &'static str {
        match self {
            Duplicates::Include => "every statement",
            Duplicates::Article => "once per article",
            Duplicates::Week => "once per week",
            Duplicates::Month => "once per month",
            Duplicates::Year => "once per year",
            Duplicates::Range => "once in the range",
        }
    }

    pub const ALL: [Duplicates; 6] = [
        Duplicates::Include,
        Duplicates::Article,
        Duplicates::Week,
        Duplicates::Month,
        Duplicates::Year,
        Duplicates::Range,
    ];
}

impl NeutralRule {
    pub fn label(self) -> &'static str {
        match self {
            NeutralRule::LeaveOut => "left out",
            NeutralRule::Scale => "half congruent, half conflicting",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct NetworkOptions {
    pub qualifier: Qualifier,
    pub normalize: Normalize,
    pub duplicates: Duplicates,
    pub neutral: NeutralRule,
    pub threshold: f64,
}

/// A weighted undirected actor network.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Network {
    /// Actors with at least one counted statement, in actor order.
    pub actors: Vec<ActorId>,
    /// (i, j, weight), i < j, indices into `actors`, after the threshold.
    pub edges: Vec<(usize, usize, f64)>,
}

impl Network {
    pub fn weight(&self, a: ActorId, b: ActorId) -> f64 {
        let (Some(i), Some(j)) = (
            self.actors.iter().position(|&x| x == a),
            self.actors.iter().position(|&x| x == b),
        ) else {
            return 0.0;
        };
        let (i, j) = (i.min(j), i.max(j));
        self.edges.iter().find(|e| e.0 == i && e.1 == j).map_or(0.0, |e| e.2)
    }
}

/// The qualifier levels in use and their values.
fn levels(rule: NeutralRule) -> (&'static [f64], f64) {
    match rule {
        NeutralRule::LeaveOut => (&[1.0, 0.0], 1.0),
        NeutralRule::Scale => (&[1.0, 0.0, -1.0], 2.0),
    }
}

/// The qualifier level of a position, `None` when the rule leaves it out.
pub(crate) fn level(rule: NeutralRule, p: Position) -> Option<usize> {
    match (rule, p) {
        (_, Position::Support) => Some(0),
        (NeutralRule::LeaveOut, Position::Oppose) => Some(1),
        (NeutralRule::LeaveOut, _) => None,
        (NeutralRule::Scale, Position::Oppose) => Some(2),
        (NeutralRule::Scale, _) => Some(1),
    }
}

/// Which copies of one statement count as one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Slot {
    Stance(u64),
    Article(u64),
    Day(i64),
    Year(i32),
    Range,
}

fn slot(d: Duplicates, stance: u64, article: u64, date: Option<Date>) -> Slot {
    match (d, date) {
        (Duplicates::Include, _) => Slot::Stance(stance),
        (Duplicates::Article, _) => Slot::Article(article),
        (Duplicates::Range, _) => Slot::Range,
        // Undated articles have no week or month: each is its own slot.
        (_, None) => Slot::Article(article),
        (Duplicates::Week, Some(d)) => Slot::Day(d.to_days() - d.weekday() as i64),
        (Duplicates::Month, Some(d)) => Slot::Day(Date { day: 1, ..d }.to_days()),
        (Duplicates::Year, Some(d)) => Slot::Year(d.year),
    }
}

/// The actor network of the stances passing `filter` (accepted ones, in one layer).
pub fn actor_network(ws: &Workspace, filter: &Filter, options: &NetworkOptions) -> Network {
    let prepared = filter.prepare(ws);
    let (values, range) = levels(options.neutral);
    let k_len = values.len();
    let mut seen: BTreeSet<(ActorId, IssueId, usize, Slot)> = BTreeSet::new();
    for s in ws.stances() {
        if !prepared.matches(s) {
            continue;
        }
        let Some(k) = level(options.neutral, s.position) else {
            continue;
        };
        let date = ws.article(s.article).and_then(|a| a.date);
        seen.insert((s.actor, s.issue, k, slot(options.duplicates, s.id.0, s.article.0, date)));
    }
    // a[actor] = (issue, counts per level), sorted by issue.
    let mut counts: BTreeMap<ActorId, BTreeMap<IssueId, Vec<f64>>> = BTreeMap::new();
    for &(actor, issue, k, _) in &seen {
        counts
            .entry(actor)
            .or_default()
            .entry(issue)
            .or_insert_with(|| vec![0.0; k_len])[k] += 1.0;
    }
    let actors: Vec<ActorId> = counts.keys().copied().collect();
    let per: Vec<Vec<(IssueId, Vec<f64>)>> = counts.into_values().map(|m| m.into_iter().collect()).collect();
    let activity: Vec<f64> = per.iter().map(|m| m.iter().flat_map(|(_, c)| c).sum()).collect();
    let zero = vec![0.0; k_len];
    let mut edges = Vec::new();
    // Every weight needs an issue both actors spoke on; the merge below
    // finds none for most pairs of a big network and costs no allocation.
    let pairs = (0..actors.len()).flat_map(|i| (i + 1..actors.len()).map(move |j| (i, j)));
    for (i, j) in pairs {
        let mut shared = false;
        let (mut congruence, mut conflict, mut ignore) = (0.0, 0.0, 0.0);
        let (mut m10, mut m01, mut m11) = (0.0, 0.0, 0.0);
        let (mut x, mut y) = (0, 0);
        // A merge of the two sorted issue lists.
        while x < per[i].len() || y < per[j].len() {
            let (ki, kj) = (per[i].get(x).map(|c| c.0), per[j].get(y).map(|c| c.0));
            let (a1, a2) = match (ki, kj) {
                (Some(p), Some(q)) if p == q => {
                    shared = true;
                    x += 1;
                    y += 1;
                    (&per[i][x - 1].1, &per[j][y - 1].1)
                }
                (Some(p), Some(q)) if p < q => {
                    x += 1;
                    (&per[i][x - 1].1, &zero)
                }
                (Some(_), None) => {
                    x += 1;
                    (&per[i][x - 1].1, &zero)
                }
                _ => {
                    y += 1;
                    (&zero, &per[j][y - 1].1)
                }
            };
            ignore += a1.iter().sum::<f64>() * a2.iter().sum::<f64>();
            for k1 in 0..k_len {
                for k2 in 0..k_len {
                    let distance = (values[k1] - values[k2]).abs() / range;
                    congruence += a1[k1] * a2[k2] * (1.0 - distance);
                    conflict += a1[k1] * a2[k2] * distance;
                }
                match (a1[k1] > 0.0, a2[k1] > 0.0) {
                    (true, true) => m11 += a1[k1] * a2[k1],
                    (true, false) => m10 += a1[k1],
                    (false, true) => m01 += a2[k1],
                    (false, false) => {}
                }
            }
        }
        if !shared {
            continue;
        }
        let norm = match options.normalize {
            Normalize::No => 1.0,
            Normalize::Average => (activity[i] + activity[j]) / 2.0,
            Normalize::Jaccard => m10 + m01 + m11,
            Normalize::Cosine => activity[i] * activity[j],
        };
        let raw = match options.qualifier {
            Qualifier::Congruence => congruence,
            Qualifier::Conflict => conflict,
            Qualifier::Subtract => congruence - conflict,
            Qualifier::Ignore => ignore,
        };
        let w = if norm > 0.0 { raw / norm } else { 0.0 };
        if w != 0.0 && w.abs() >= options.threshold {
            edges.push((i, j, w));
        }
    }
    Network { actors, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Article, ArticleId, Command, Position, Status, ops};

    /// A, B, C; participation P and sanctions S. Article 1 (2020-01-06):
    /// A supports P, B supports P, C opposes P, A opposes S. Article 2
    /// (2020-01-08, same week): A supports P again, B opposes S, C is
    /// neutral on S.
    fn fixture() -> (Workspace, [ActorId; 3]) {
        let mut ws = Workspace::new();
        let article = |ws: &mut Workspace, day: u8| {
            let id = ArticleId(ws.alloc_id());
            let date = Some(Date {
                year: 2020,
                month: 1,
                day,
            });
            let text = format!("Statements of day {day} on the talks and sanctions.");
            ws.apply(Command::AddArticle(Box::new(Article::new(
                id,
                format!("d{day}"),
                date,
                "t".into(),
                text,
            ))))
            .unwrap();
            id
        };
        let (a1, a2) = (article(&mut ws, 6), article(&mut ws, 8));
        let actor = |ws: &mut Workspace, name: &str| {
            let id = ActorId(ws.alloc_id());
            ws.apply(Command::AddActor(Actor::new(id, name, ActorKind::State)))
                .unwrap();
            id
        };
        let ids = [actor(&mut ws, "A"), actor(&mut ws, "B"), actor(&mut ws, "C")];
        let p = ws.issue_by_key("participation").unwrap().id;
        let s = ws.issue_by_key("sanctions").unwrap().id;
        use Position::*;
        for (art, who, issue, pos) in [
            (a1, 0, p, Support),
            (a1, 1, p, Support),
            (a1, 2, p, Oppose),
            (a1, 0, s, Oppose),
            (a2, 0, p, Support),
            (a2, 1, s, Oppose),
            (a2, 2, s, Neutral),
        ] {
            let cmd = ops::new_manual_stance(&mut ws, art, ids[who], issue, pos, 0, 10, String::new()).unwrap();
            ws.apply(cmd).unwrap();
        }
        assert!(ws.stances().all(|s| s.status == Status::Accepted));
        (ws, ids)
    }

    fn net(ws: &Workspace, options: NetworkOptions) -> Network {
        actor_network(ws, &Filter::default(), &options)
    }

    fn w(n: &Network, ids: &[ActorId; 3], a: usize, b: usize) -> f64 {
        n.weight(ids[a], ids[b])
    }

    #[test]
    fn congruence_conflict_subtract_and_ignore_count_as_dna_does() {
        let (ws, ids) = fixture();
        let o = |qualifier| NetworkOptions {
            qualifier,
            duplicates: Duplicates::Article,
            ..NetworkOptions::default()
        };
        let c = net(&ws, o(Qualifier::Congruence));
        // A–B: P yes·yes = 2·1, S no·no = 1·1.
        assert_eq!(
            [w(&c, &ids, 0, 1), w(&c, &ids, 0, 2), w(&c, &ids, 1, 2)],
            [3.0, 0.0, 0.0]
        );
        let x = net(&ws, o(Qualifier::Conflict));
        assert_eq!(
            [w(&x, &ids, 0, 1), w(&x, &ids, 0, 2), w(&x, &ids, 1, 2)],
            [0.0, 2.0, 1.0]
        );
        let s = net(&ws, o(Qualifier::Subtract));
        assert_eq!(
            [w(&s, &ids, 0, 1), w(&s, &ids, 0, 2), w(&s, &ids, 1, 2)],
            [3.0, -2.0, -1.0]
        );
        let i = net(&ws, o(Qualifier::Ignore));
        assert_eq!(
            [w(&i, &ids, 0, 1), w(&i, &ids, 0, 2), w(&i, &ids, 1, 2)],
            [3.0, 2.0, 1.0]
        );
        // C's only other stance is neutral: left out, C is still a node by P.
        assert_eq!(c.actors.len(), 3);
    }

    #[test]
    fn normalisations_divide_as_dna_does() {
        let (ws, ids) = fixture();
        let o = |qualifier, normalize| NetworkOptions {
            qualifier,
            normalize,
            duplicates: Duplicates::Article,
            ..NetworkOptions::default()
        };
        // Activities: A 3, B 2, C 1 statements.
        let avg = net(&ws, o(Qualifier::Congruence, Normalize::Average));
        assert!((w(&avg, &ids, 0, 1) - 3.0 / 2.5).abs() < 1e-12);
        let jac = net(&ws, o(Qualifier::Congruence, Normalize::Jaccard));
        assert!(
            (w(&jac, &ids, 0, 1) - 1.0).abs() < 1e-12,
            "m11 = 2 + 1, nothing unshared"
        );
        // A–C conflict: m10 = 2 (A's P yes) + 1 (A's S no), m01 = 1 (C's P no).
        let jac = net(&ws, o(Qualifier::Conflict, Normalize::Jaccard));
        assert!((w(&jac, &ids, 0, 2) - 0.5).abs() < 1e-12);
        let cos = net(&ws, o(Qualifier::Congruence, Normalize::Cosine));
        assert!((w(&cos, &ids, 0, 1) - 3.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn duplicates_neutral_scale_and_threshold() {
        let (ws, ids) = fixture();
        // Once over the range, A's two supports of P are one.
        let range = net(&ws, NetworkOptions::default());
        assert_eq!(w(&range, &ids, 0, 1), 2.0);
        // Both articles fall in one week: the same as over the range.
        let week = net(
            &ws,
            NetworkOptions {
                duplicates: Duplicates::Week,
                ..NetworkOptions::default()
            },
        );
        assert_eq!(week, range);
        let include = net(
            &ws,
            NetworkOptions {
                duplicates: Duplicates::Include,
                ..NetworkOptions::default()
            },
        );
        assert_eq!(w(&include, &ids, 0, 1), 3.0);
        // On the scale, C's neutral S is half congruent, half conflicting
        // with B's oppose; P adds a full conflict.
        let scale = |qualifier| NetworkOptions {
            qualifier,
            neutral: NeutralRule::Scale,
            duplicates: Duplicates::Article,
            ..NetworkOptions::default()
        };
        assert_eq!(w(&net(&ws, scale(Qualifier::Congruence)), &ids, 1, 2), 0.5);
        assert_eq!(w(&net(&ws, scale(Qualifier::Conflict)), &ids, 1, 2), 1.5);
        let strong = net(
            &ws,
            NetworkOptions {
                threshold: 2.0,
                qualifier: Qualifier::Subtract,
                duplicates: Duplicates::Article,
                ..NetworkOptions::default()
            },
        );
        assert_eq!(strong.edges.len(), 2, "A–B 3 and A–C −2 reach |2|, B–C −1 does not");
    }
}
