//! Communities of a weighted undirected network by the Louvain method
//! (Blondel, Guillaume, Lambiotte & Lefebvre 2008): local moves of single
//! nodes to the neighbouring community that raises modularity most, then
//! each community becomes one node, repeated while anything moves.
//! Modularity is Newman's (Newman & Girvan 2004; Newman 2006):
//! Q = Σ_c [ L_c / m − (d_c / 2m)² ], with m the total tie weight, L_c the
//! weight of ties inside community c and d_c the summed weighted degree of
//! its members. Only positive weights count (a subtracted network's
//! negative ties are conflict, not community). Everything runs in node
//! order with ties broken towards the lower community, so it is
//! deterministic.

/// A partition into communities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Communities {
    /// The community of each node, 0 the biggest (ties: the one with the
    /// lowest node); a node without ties is a community of its own.
    pub of: Vec<usize>,
    /// How many communities (including the single untied nodes).
    pub count: usize,
    /// The modularity of the partition; 0 for a network without ties.
    pub modularity: f64,
}

impl Communities {
    /// Sizes of the communities, by community.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![0; self.count];
        for &c in &self.of {
            s[c] += 1;
        }
        s
    }
}

/// Positive ties only, no self-loops.
fn positive(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize, f64)> {
    edges
        .iter()
        .filter(|e| e.2 > 0.0 && e.2.is_finite() && e.0 != e.1)
        .copied()
        .collect()
}

/// Newman's modularity of the partition `of` (positive weights only).
pub fn modularity(n: usize, edges: &[(usize, usize, f64)], of: &[usize]) -> f64 {
    let edges = positive(edges);
    let m: f64 = edges.iter().map(|e| e.2).sum();
    if m <= 0.0 {
        return 0.0;
    }
    let k = of.iter().copied().max().map_or(0, |x| x + 1);
    let (mut inside, mut degree) = (vec![0.0; k], vec![0.0; k]);
    for &(a, b, w) in &edges {
        degree[of[a]] += w;
        degree[of[b]] += w;
        if of[a] == of[b] {
            inside[of[a]] += w;
        }
    }
    debug_assert!(of.len() == n);
    (0..k).map(|c| inside[c] / m - (degree[c] / (2.0 * m)).powi(2)).sum()
}

/// A graph of the current level: adjacency without self-loops, and each
/// node's self-loop weight (ties inside the community it stands for).
struct Level {
    adj: Vec<Vec<(usize, f64)>>,
    loops: Vec<f64>,
}

impl Level {
    fn degree(&self, v: usize) -> f64 {
        2.0 * self.loops[v] + self.adj[v].iter().map(|e| e.1).sum::<f64>()
    }
}

/// One pass of local moves; returns the community of each node (relabelled
/// 0..) and whether any node moved.
fn local_moves(g: &Level, m2: f64) -> (Vec<usize>, bool) {
    let n = g.adj.len();
    let k: Vec<f64> = (0..n).map(|v| g.degree(v)).collect();
    let mut comm: Vec<usize> = (0..n).collect();
    let mut tot: Vec<f64> = k.clone();
    let mut to_comm = vec![0.0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut moved_any = false;
    for _round in 0..1_000 {
        let mut moved = false;
        for v in 0..n {
            let old = comm[v];
            for &(u, w) in &g.adj[v] {
                if to_comm[comm[u]] == 0.0 {
                    touched.push(comm[u]);
                }
                to_comm[comm[u]] += w;
            }
            tot[old] -= k[v];
            // Gain of joining c (up to a constant): k_v,in(c) − tot_c · k_v / 2m.
            let gain = |c: usize, to: f64| to - tot[c] * k[v] / m2;
            let mut best = old;
            let mut best_gain = gain(old, to_comm[old]);
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, to_comm[c]);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            for &c in &touched {
                to_comm[c] = 0.0;
            }
            touched.clear();
            tot[best] += k[v];
            if best != old {
                comm[v] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut label = vec![usize::MAX; n];
    let mut next = 0;
    for c in comm.iter_mut() {
        if label[*c] == usize::MAX {
            label[*c] = next;
            next += 1;
        }
        *c = label[*c];
    }
    (comm, moved_any)
}

/// The Louvain communities of `n` nodes tied by `edges` (i, j, weight).
pub fn louvain(n: usize, edges: &[(usize, usize, f64)]) -> Communities {
    let ties = positive(edges);
    let m: f64 = ties.iter().map(|e| e.2).sum();
    let mut of: Vec<usize> = (0..n).collect();
    if m > 0.0 {
        let mut g = Level {
            adj: vec![Vec::new(); n],
            loops: vec![0.0; n],
        };
        for &(a, b, w) in &ties {
            g.adj[a].push((b, w));
            g.adj[b].push((a, w));
        }
        loop {
            let (comm, moved) = local_moves(&g, 2.0 * m);
            if !moved {
                break;
            }
            for c in of.iter_mut() {
                *c = comm[*c];
            }
            // Aggregate: a node per community.
            let k = comm.iter().copied().max().map_or(0, |x| x + 1);
            let mut loops = vec![0.0; k];
            let mut between: std::collections::BTreeMap<(usize, usize), f64> = Default::default();
            for (v, c) in comm.iter().enumerate() {
                loops[*c] += g.loops[v];
                for &(u, w) in &g.adj[v] {
                    let d = comm[u];
                    if d == *c {
                        // Each inside tie is seen from both ends.
                        loops[*c] += w / 2.0;
                    } else if *c < d {
                        *between.entry((*c, d)).or_default() += w;
                    }
                }
            }
            let mut adj = vec![Vec::new(); k];
            for ((a, b), w) in between {
                adj[a].push((b, w));
                adj[b].push((a, w));
            }
            g = Level { adj, loops };
        }
    }
    let of = relabel_by_size(&of);
    let count = of.iter().copied().max().map_or(0, |x| x + 1);
    let modularity = modularity(n, &ties, &of);
    Communities { of, count, modularity }
}

/// Labels 0.. by size (biggest first), equal sizes by their lowest node.
fn relabel_by_size(of: &[usize]) -> Vec<usize> {
    let k = of.iter().copied().max().map_or(0, |x| x + 1);
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (v, &c) in of.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(v);
    }
    let mut order: Vec<usize> = (0..k).filter(|&c| size[c] > 0).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut label = vec![0; k];
    for (i, &c) in order.iter().enumerate() {
        label[c] = i;
    }
    of.iter().map(|&c| label[c]).collect()
}

/// The polarisation score: the modularity of the best split into two
/// camps we find. The Louvain communities are merged pairwise, always the
/// pair whose merge costs least modularity (ΔQ = 2 (e_ab − a_a a_b), as in
/// Newman's 2004 greedy agglomeration), until two camps of tied actors are
/// left; then single actors change camp while that raises modularity. 0
/// when there are no two camps with positive modularity; at most 1/2 (two
/// equally active camps with no tie between them). Returns the score and
/// each node's camp (0 or 1; untied nodes 0).
pub fn polarisation(n: usize, edges: &[(usize, usize, f64)], communities: &Communities) -> (f64, Vec<u8>) {
    let ties = positive(edges);
    let m: f64 = ties.iter().map(|e| e.2).sum();
    if m <= 0.0 || n < 2 {
        return (0.0, vec![0; n]);
    }
    let k = communities.count;
    let mut degree = vec![0.0; k];
    let mut w = vec![vec![0.0; k]; k];
    for &(a, b, x) in &ties {
        let (ca, cb) = (communities.of[a], communities.of[b]);
        degree[ca] += x;
        degree[cb] += x;
        if ca != cb {
            w[ca][cb] += x;
            w[cb][ca] += x;
        }
    }
    // Groups of communities; only tied ones take part.
    let mut groups: Vec<Vec<usize>> = (0..k).filter(|&c| degree[c] > 0.0).map(|c| vec![c]).collect();
    if groups.len() < 2 {
        return (0.0, vec![0; n]);
    }
    let m2 = 2.0 * m;
    let between = |g: &[usize], h: &[usize]| {
        g.iter()
            .flat_map(|&a| h.iter().map(move |&b| (a, b)))
            .map(|(a, b)| w[a][b])
            .sum::<f64>()
    };
    let deg = |g: &[usize]| g.iter().map(|&c| degree[c]).sum::<f64>();
    while groups.len() > 2 {
        let mut best = (f64::MIN, 0, 1);
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let dq = 2.0 * (between(&groups[i], &groups[j]) / m2 - deg(&groups[i]) / m2 * deg(&groups[j]) / m2);
                if dq > best.0 + 1e-15 {
                    best = (dq, i, j);
                }
            }
        }
        let merged = groups.remove(best.2);
        groups[best.1].extend(merged);
    }
    let mut camp = vec![0u8; n];
    for &c in &groups[1] {
        for (v, &cv) in communities.of.iter().enumerate() {
            if cv == c {
                camp[v] = 1;
            }
        }
    }
    // Refine: move single nodes between the two camps while Q rises.
    let mut adj = vec![Vec::new(); n];
    let mut kdeg = vec![0.0; n];
    for &(a, b, x) in &ties {
        adj[a].push((b, x));
        adj[b].push((a, x));
        kdeg[a] += x;
        kdeg[b] += x;
    }
    let mut tot = [0.0f64; 2];
    for v in 0..n {
        tot[camp[v] as usize] += kdeg[v];
    }
    for _ in 0..100 {
        let mut moved = false;
        for v in 0..n {
            if kdeg[v] == 0.0 {
                continue;
            }
            let here = camp[v] as usize;
            let there = 1 - here;
            let mut to = [0.0; 2];
            for &(u, x) in &adj[v] {
                to[camp[u] as usize] += x;
            }
            let stay = to[here] - (tot[here] - kdeg[v]) * kdeg[v] / m2;
            let go = to[there] - tot[there] * kdeg[v] / m2;
            // Never empty a camp.
            if go > stay + 1e-12 && tot[here] - kdeg[v] > 0.0 {
                camp[v] = there as u8;
                tot[here] -= kdeg[v];
                tot[there] += kdeg[v];
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let of: Vec<usize> = camp.iter().map(|&c| c as usize).collect();
    let q = modularity(n, &ties, &of);
    if q > 0.0 { (q, camp) } else { (0.0, vec![0; n]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clique(base: usize, size: usize, edges: &mut Vec<(usize, usize, f64)>) {
        for i in 0..size {
            for j in i + 1..size {
                edges.push((base + i, base + j, 1.0));
            }
        }
    }

    #[test]
    fn two_cliques_joined_by_one_tie_are_two_communities() {
        let mut edges = Vec::new();
        clique(0, 4, &mut edges);
        clique(4, 4, &mut edges);
        edges.push((3, 4, 1.0));
        let c = louvain(8, &edges);
        assert_eq!(c.count, 2);
        assert_eq!(c.of, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        // m = 13; each community: L = 6, d = 13. Q = 2 (6/13 − 1/4) = 11/26.
        assert!((c.modularity - 11.0 / 26.0).abs() < 1e-9, "{}", c.modularity);
        let (p, camp) = polarisation(8, &edges, &c);
        assert!((p - 11.0 / 26.0).abs() < 1e-9, "{p}");
        assert_eq!(camp, vec![0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn one_clique_is_one_community_of_modularity_zero() {
        let mut edges = Vec::new();
        clique(0, 5, &mut edges);
        let c = louvain(5, &edges);
        assert_eq!(c.count, 1);
        assert_eq!(c.of, vec![0; 5]);
        assert!(c.modularity.abs() < 1e-12);
        assert_eq!(polarisation(5, &edges, &c).0, 0.0);
    }

    #[test]
    fn weighted_modularity_matches_the_formula() {
        // A path 0–1–2 with weights 2 and 1, split {0,1} {2}: m = 3,
        // d = 2 + 3 and 1. Q = (2/3 − (5/6)²) + (0 − (1/6)²) = 24/36 − 26/36 = −1/18.
        let edges = vec![(0, 1, 2.0), (1, 2, 1.0)];
        assert!((modularity(3, &edges, &[0, 0, 1]) + 1.0 / 18.0).abs() < 1e-12);
        // Negative ties are ignored.
        let with_neg = vec![(0, 1, 2.0), (1, 2, 1.0), (0, 2, -5.0)];
        assert!((modularity(3, &with_neg, &[0, 0, 1]) + 1.0 / 18.0).abs() < 1e-12);
    }

    #[test]
    fn four_cliques_in_a_ring_merge_into_two_camps() {
        let mut edges = Vec::new();
        for b in 0..4 {
            clique(b * 5, 5, &mut edges);
        }
        for b in 0..4 {
            edges.push((b * 5, ((b + 1) % 4) * 5 + 1, 1.0));
        }
        let c = louvain(20, &edges);
        assert_eq!(c.count, 4);
        let (p, camp) = polarisation(20, &edges, &c);
        // Two camps of two neighbouring cliques: m = 44, each camp L = 21,
        // d = 44. Q = 2 (21/44 − 1/4) = 42/44 − 1/2 = 5/11.
        assert!((p - 5.0 / 11.0).abs() < 1e-9, "{p}");
        assert!(p < c.modularity + 1e-12);
        assert_eq!(camp.iter().filter(|&&x| x == 1).count(), 10);
    }

    #[test]
    fn untied_nodes_are_communities_of_their_own() {
        let edges = vec![(0, 1, 1.0)];
        let c = louvain(4, &edges);
        assert_eq!(c.count, 3);
        assert_eq!(c.of[0], c.of[1]);
        assert_eq!(c.sizes(), vec![2, 1, 1]);
        assert_eq!(louvain(3, &[]).modularity, 0.0);
        assert_eq!(louvain(0, &[]).count, 0);
    }
}
