//! The discourse network as the Network tab draws it: the one-mode actor
//! network of [`super::network::actor_network`], laid out ([`layout`]), cut
//! into communities ([`communities::louvain`]) and scored for polarisation
//! ([`communities::polarisation`]). GUI-free and deterministic for a seed.

pub mod communities;
pub mod layout;

use super::filter::Filter;
use super::network::{Network, NetworkOptions, actor_network};
use crate::model::{ActorId, ArticleId, Date, IssueId, Position, StanceId, Workspace};
pub use communities::Communities;
use std::collections::{BTreeMap, BTreeSet};

/// The seed of the layout the app draws.
pub const SEED: u64 = 0x5EED_2026;

/// Community colours, in community order (0 the biggest): the
/// colour-blind-safe palette of Okabe & Ito (2008) without black. The app
/// and the exported figure use the same ones.
pub const COMMUNITY_COLOURS: [u32; 7] = [0xE69F00, 0x56B4E9, 0x009E73, 0xCC79A7, 0x0072B2, 0xD55E00, 0xF0E442];
/// Communities past the palette, and actors without ties.
pub const OTHER_COLOUR: u32 = 0x999999;
/// Negative (subtracted) ties.
pub const NEGATIVE_TIE_COLOUR: u32 = 0xD55E00;

/// A node's colour code: its community's, or [`OTHER_COLOUR`].
pub fn community_colour(view: &NetView, node: usize) -> u32 {
    let c = view.communities.of[node];
    let tied = view.degree[node] > 0 && view.communities.sizes()[c] >= 2;
    if tied {
        COMMUNITY_COLOURS.get(c).copied().unwrap_or(OTHER_COLOUR)
    } else {
        OTHER_COLOUR
    }
}

/// How the nodes are placed.
#[derive(Clone, Debug)]
pub enum Placement<'a> {
    /// A force layout of this network with the seed.
    Layout(u64),
    /// Where another view put each actor (a time window keeps the places of
    /// the whole range, so that the animation shows ties change, not nodes
    /// jump); actors it lacks go in the middle.
    Fixed(&'a BTreeMap<ActorId, [f64; 2]>),
}

/// A network ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetView {
    pub network: Network,
    /// Positions in [0, 1]², by node.
    pub positions: Vec<[f64; 2]>,
    pub communities: Communities,
    /// Modularity of the best two-camp split ([`communities::polarisation`]).
    pub polarisation: f64,
    /// Each node's camp in that split.
    pub camp: Vec<u8>,
    /// Stances of each actor passing the filter (every position).
    pub stances: Vec<usize>,
    /// Number of ties of each node.
    pub degree: Vec<usize>,
    /// Articles behind those stances, and their first and last date.
    pub articles: usize,
    pub dates: Option<(Date, Date)>,
}

impl NetView {
    /// Communities with at least two actors (tied to each other).
    pub fn tied_communities(&self) -> usize {
        self.communities.sizes().iter().filter(|&&s| s >= 2).count()
    }

    /// Actors without any tie.
    pub fn untied(&self) -> usize {
        self.degree.iter().filter(|&&d| d == 0).count()
    }

    pub fn node_of(&self, actor: ActorId) -> Option<usize> {
        self.network.actors.iter().position(|&a| a == actor)
    }

    /// Each actor's place, for [`Placement::Fixed`].
    pub fn places(&self) -> BTreeMap<ActorId, [f64; 2]> {
        self.network
            .actors
            .iter()
            .copied()
            .zip(self.positions.iter().copied())
            .collect()
    }

    /// Stances behind the network (every actor's under the filter).
    pub fn total_stances(&self) -> usize {
        self.stances.iter().sum()
    }
}

/// The network of the stances passing `filter`, laid out with `seed`.
pub fn compute(ws: &Workspace, filter: &Filter, options: &NetworkOptions, seed: u64) -> NetView {
    compute_placed(ws, filter, options, Placement::Layout(seed))
}

/// The network of the stances passing `filter`, placed as asked.
pub fn compute_placed(ws: &Workspace, filter: &Filter, options: &NetworkOptions, placement: Placement) -> NetView {
    let network = actor_network(ws, filter, options);
    let n = network.actors.len();
    let positions = match placement {
        Placement::Layout(seed) => layout::layout(n, &network.edges, seed),
        Placement::Fixed(places) => network
            .actors
            .iter()
            .map(|a| places.get(a).copied().unwrap_or([0.5, 0.5]))
            .collect(),
    };
    let communities = communities::louvain(n, &network.edges);
    let (polarisation, camp) = communities::polarisation(n, &network.edges, &communities);
    let mut degree = vec![0; n];
    for &(a, b, _) in &network.edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let index: BTreeMap<ActorId, usize> = network.actors.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut stances = vec![0; n];
    let mut articles: BTreeSet<ArticleId> = BTreeSet::new();
    let mut dates: Option<(Date, Date)> = None;
    let prepared = filter.prepare(ws);
    for s in ws.stances() {
        if let Some(&i) = index.get(&s.actor)
            && prepared.matches(s)
        {
            stances[i] += 1;
            if articles.insert(s.article)
                && let Some(d) = ws.article(s.article).and_then(|a| a.date)
            {
                dates = Some(dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
            }
        }
    }
    NetView {
        network,
        positions,
        communities,
        polarisation,
        camp,
        stances,
        degree,
        articles: articles.len(),
        dates,
    }
}

/// The first day of the month `k` months after `d`'s month.
pub fn month_start(d: Date, k: i32) -> Date {
    let m = d.year * 12 + d.month as i32 - 1 + k;
    Date::new(m.div_euclid(12), (m.rem_euclid(12) + 1) as u8, 1).unwrap_or(d)
}

/// The last day of the month before `month_start(d, k)`.
fn month_end_before(d: Date, k: i32) -> Date {
    Date::from_days(month_start(d, k).to_days() - 1)
}

/// The windows of `months` calendar months over `dates`, one month apart:
/// the first starts at the first date's month, the last ends with the last
/// date's month (a single window when the range is shorter).
pub fn windows(dates: (Date, Date), months: u32) -> Vec<(Date, Date)> {
    let months = months.max(1) as i32;
    let first = month_start(dates.0, 0);
    let span = (dates.1.year - first.year) * 12 + dates.1.month as i32 - first.month as i32 + 1;
    let count = (span - months + 1).max(1);
    (0..count)
        .map(|k| (month_start(first, k), month_end_before(first, k + months)))
        .collect()
}

/// The network in one time window.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowPoint {
    pub from: Date,
    pub to: Date,
    /// [`communities::polarisation`] of the window's network.
    pub polarisation: f64,
    pub actors: usize,
    pub ties: usize,
    pub stances: usize,
}

/// Polarisation in each window of `months` months over the filtered data
/// (the filter's own dates narrow the range), one month apart.
pub fn polarisation_series(ws: &Workspace, filter: &Filter, options: &NetworkOptions, months: u32) -> Vec<WindowPoint> {
    let whole = compute_placed(ws, filter, options, Placement::Fixed(&BTreeMap::new()));
    let Some(dates) = whole.dates else {
        return Vec::new();
    };
    windows(dates, months)
        .into_iter()
        .map(|(from, to)| {
            let f = window_filter(filter, from, to);
            let network = actor_network(ws, &f, options);
            let n = network.actors.len();
            let communities = communities::louvain(n, &network.edges);
            let (polarisation, _) = communities::polarisation(n, &network.edges, &communities);
            let prepared = f.prepare(ws);
            let actors: BTreeSet<ActorId> = network.actors.iter().copied().collect();
            let stances = ws
                .stances()
                .filter(|s| actors.contains(&s.actor) && prepared.matches(s))
                .count();
            WindowPoint {
                from,
                to,
                polarisation,
                actors: n,
                ties: network.edges.len(),
                stances,
            }
        })
        .collect()
}

/// `filter` narrowed to `from..=to` (within its own dates).
pub fn window_filter(filter: &Filter, from: Date, to: Date) -> Filter {
    let mut f = filter.clone();
    f.from = Some(filter.from.map_or(from, |x| x.max(from)));
    f.to = Some(filter.to.map_or(to, |x| x.min(to)));
    f
}

/// The stances of `actor` passing `filter`, by article date then position in the article.
pub fn evidence(ws: &Workspace, filter: &Filter, actor: ActorId) -> Vec<StanceId> {
    let prepared = filter.prepare(ws);
    let mut out: Vec<_> = ws
        .stances()
        .filter(|s| s.actor == actor && prepared.matches(s))
        .map(|s| {
            let date = ws.article(s.article).and_then(|a| a.date);
            (date, s.article, s.evidence.start, s.id)
        })
        .collect();
    out.sort();
    out.into_iter().map(|x| x.3).collect()
}

/// An issue two actors both took a position on: each one's positions.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedIssue {
    pub issue: IssueId,
    pub first: Vec<(Position, usize)>,
    pub second: Vec<(Position, usize)>,
}

/// The issues both `a` and `b` have stances on under `filter`, with how
/// often each took which position, in issue order.
pub fn shared_issues(ws: &Workspace, filter: &Filter, a: ActorId, b: ActorId) -> Vec<SharedIssue> {
    let prepared = filter.prepare(ws);
    let mut per: BTreeMap<IssueId, [BTreeMap<Position, usize>; 2]> = BTreeMap::new();
    for s in ws.stances() {
        let side = if s.actor == a {
            0
        } else if s.actor == b {
            1
        } else {
            continue;
        };
        if prepared.matches(s) {
            *per.entry(s.issue).or_default()[side].entry(s.position).or_default() += 1;
        }
    }
    per.into_iter()
        .filter(|(_, [x, y])| !x.is_empty() && !y.is_empty())
        .map(|(issue, [x, y])| SharedIssue {
            issue,
            first: x.into_iter().collect(),
            second: y.into_iter().collect(),
        })
        .collect()
}
