//! The discourse network as the Network tab draws it: the one-mode actor
//! network of [`super::network::actor_network`], laid out ([`layout`]), cut
//! into communities ([`communities::louvain`]) and scored for polarisation
//! ([`communities::polarisation`]). GUI-free and deterministic for a seed.

pub mod communities;
pub mod layout;

use super::filter::Filter;
use super::network::{Network, NetworkOptions, actor_network};
use crate::model::{ActorId, IssueId, Position, StanceId, Workspace};
pub use communities::Communities;
use std::collections::BTreeMap;

/// The seed of the layout the app draws.
pub const SEED: u64 = 0x5EED_2026;

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
}

/// The network of the stances passing `filter`, laid out with `seed`.
pub fn compute(ws: &Workspace, filter: &Filter, options: &NetworkOptions, seed: u64) -> NetView {
    let network = actor_network(ws, filter, options);
    let n = network.actors.len();
    let positions = layout::layout(n, &network.edges, seed);
    let communities = communities::louvain(n, &network.edges);
    let (polarisation, camp) = communities::polarisation(n, &network.edges, &communities);
    let mut degree = vec![0; n];
    for &(a, b, _) in &network.edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let index: BTreeMap<ActorId, usize> = network.actors.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut stances = vec![0; n];
    let prepared = filter.prepare(ws);
    for s in ws.stances() {
        if let Some(&i) = index.get(&s.actor)
            && prepared.matches(s)
        {
            stances[i] += 1;
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
    }
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
