//! A seeded force-directed layout (Fruchterman & Reingold 1991): ties pull
//! their actors together, every pair of actors pushes apart. Repulsion is
//! exact between actors in neighbouring cells of a grid of about eight
//! actors per cell; a farther cell pushes all of a cell's actors at once
//! from its centroid, with its count of actors (a one-level grid
//! approximation, no Barnes–Hut tree). A step costs about
//! O(nodes + cells² + edges): 1,000 nodes with 20,000 edges take about
//! 0.12 s in release.
//! Each connected component is laid out on its own and the components are
//! packed in rows, biggest first, apart from each other; the result is
//! scaled into [0, 1]².

/// A small deterministic generator (SplitMix64), so a seed gives one layout.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The connected components of the graph, each a sorted list of nodes, in
/// the order of their smallest node.
pub fn components(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(a, b, _) in edges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut index = vec![usize::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = root(&mut parent, v);
        if index[r] == usize::MAX {
            index[r] = out.len();
            out.push(Vec::new());
        }
        out[index[r]].push(v);
    }
    out
}

/// Positions in [0, 1]² for `n` nodes tied by `edges` (i, j, weight); only
/// positive weights attract. The same seed gives the same layout.
pub fn layout(n: usize, edges: &[(usize, usize, f64)], seed: u64) -> Vec<[f64; 2]> {
    let mut pos = vec![[0.5, 0.5]; n];
    if n == 0 {
        return pos;
    }
    let ties: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|e| e.2 > 0.0 && e.2.is_finite() && e.0 != e.1)
        .copied()
        .collect();
    let max_w = ties.iter().map(|e| e.2).fold(0.0, f64::max);
    let mut comps = components(n, &ties);
    // Biggest first; equal sizes by their first node.
    comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut local = vec![usize::MAX; n];
    let mut by_comp: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); comps.len()];
    let mut comp_of = vec![0; n];
    for (c, nodes) in comps.iter().enumerate() {
        for (i, &v) in nodes.iter().enumerate() {
            local[v] = i;
            comp_of[v] = c;
        }
    }
    // A dense network would pull itself into a tight ball: past a mean of
    // two (weighted) ties per actor, each tie pulls proportionally less.
    let mean_degree = 2.0 * ties.iter().map(|e| e.2 / max_w).sum::<f64>() / n as f64;
    let pull = if mean_degree > 2.0 { 2.0 / mean_degree } else { 1.0 };
    for &(a, b, w) in &ties {
        by_comp[comp_of[a]].push((local[a], local[b], w / max_w * pull));
    }
    let mut rng = Rng(seed);
    // Shelf packing: each component in a square box of side √size + 1.
    let total: f64 = comps.iter().map(|c| (c.len() as f64).sqrt() + 1.0).map(|s| s * s).sum();
    let row_width = total.sqrt().max(1.0);
    let (mut x, mut y, mut row_h) = (0.0f64, 0.0f64, 0.0f64);
    let mut placed = vec![[0.0; 2]; n];
    for (c, nodes) in comps.iter().enumerate() {
        let side = (nodes.len() as f64).sqrt();
        let cell = side + 1.0;
        if x > 0.0 && x + cell > row_width + 1e-9 {
            x = 0.0;
            y += row_h;
            row_h = 0.0;
        }
        let p = component_layout(nodes.len(), &by_comp[c], &mut rng);
        // Into the box [x + 0.5, x + 0.5 + side]², keeping its aspect.
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for q in &p {
            for d in 0..2 {
                lo[d] = lo[d].min(q[d]);
                hi[d] = hi[d].max(q[d]);
            }
        }
        let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        for (i, &v) in nodes.iter().enumerate() {
            placed[v] = if extent > 1e-12 {
                let s = side / extent;
                [
                    x + 0.5 + (p[i][0] - lo[0]) * s + (side - (hi[0] - lo[0]) * s) / 2.0,
                    y + 0.5 + (p[i][1] - lo[1]) * s + (side - (hi[1] - lo[1]) * s) / 2.0,
                ]
            } else {
                [x + cell / 2.0, y + cell / 2.0]
            };
        }
        x += cell;
        row_h = row_h.max(cell);
    }
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for q in &placed {
        for d in 0..2 {
            lo[d] = lo[d].min(q[d]);
            hi[d] = hi[d].max(q[d]);
        }
    }
    let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]);
    for (v, q) in placed.iter().enumerate() {
        pos[v] = if extent > 1e-12 {
            let mut out = [0.0; 2];
            for d in 0..2 {
                // Centred along the shorter side.
                let pad = (extent - (hi[d] - lo[d])) / 2.0;
                out[d] = ((q[d] - lo[d] + pad) / extent).clamp(0.0, 1.0);
            }
            out
        } else {
            [0.5, 0.5]
        };
    }
    pos
}

/// Fruchterman–Reingold in a square of side √n with k = 1; weights in (0, 1].
fn component_layout(n: usize, edges: &[(usize, usize, f64)], rng: &mut Rng) -> Vec<[f64; 2]> {
    let side = (n as f64).sqrt();
    let mut p: Vec<[f64; 2]> = (0..n).map(|_| [rng.unit() * side, rng.unit() * side]).collect();
    if n <= 1 {
        return p;
    }
    let k = 1.0f64;
    let iterations = if n <= 100 {
        300
    } else if n <= 2_000 {
        150
    } else {
        80
    };
    // About eight nodes per cell.
    let g = ((n as f64 / 8.0).sqrt().ceil() as usize).clamp(1, 64);
    let mut disp = vec![[0.0f64; 2]; n];
    let mut grid: Vec<Vec<usize>> = vec![Vec::new(); g * g];
    let mut centre = vec![[0.0f64; 2]; g * g];
    let mut far = vec![[0.0f64; 2]; g * g];
    for it in 0..iterations {
        let t = side / 10.0 * (1.0 - it as f64 / iterations as f64) + 0.01;
        disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
        // A g × g grid over the current bounding box.
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for q in &p {
            for d in 0..2 {
                lo[d] = lo[d].min(q[d]);
                hi[d] = hi[d].max(q[d]);
            }
        }
        let cw = ((hi[0] - lo[0]) / g as f64).max(1e-9);
        let ch = ((hi[1] - lo[1]) / g as f64).max(1e-9);
        grid.iter_mut().for_each(Vec::clear);
        let cell_of = |q: &[f64; 2]| {
            let cx = (((q[0] - lo[0]) / cw) as usize).min(g - 1);
            let cy = (((q[1] - lo[1]) / ch) as usize).min(g - 1);
            (cx, cy)
        };
        for (v, q) in p.iter().enumerate() {
            let (cx, cy) = cell_of(q);
            grid[cy * g + cx].push(v);
        }
        for (c, nodes) in grid.iter().enumerate() {
            let sum = nodes.iter().fold([0.0, 0.0], |a, &v| [a[0] + p[v][0], a[1] + p[v][1]]);
            let m = nodes.len().max(1) as f64;
            centre[c] = [sum[0] / m, sum[1] / m];
        }
        // Far cells push a whole cell through their centroids and counts.
        for a in 0..g * g {
            far[a] = [0.0, 0.0];
            if grid[a].is_empty() {
                continue;
            }
            let (ax, ay) = (a % g, a / g);
            for b in 0..g * g {
                let (bx, by) = (b % g, b / g);
                if grid[b].is_empty() || (ax.abs_diff(bx) <= 1 && ay.abs_diff(by) <= 1) {
                    continue;
                }
                let dx = centre[a][0] - centre[b][0];
                let dy = centre[a][1] - centre[b][1];
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = grid[b].len() as f64 * k * k / d2;
                far[a][0] += dx * f;
                far[a][1] += dy * f;
            }
        }
        for v in 0..n {
            let (cx, cy) = cell_of(&p[v]);
            disp[v] = far[cy * g + cx];
            for gy in cy.saturating_sub(1)..=(cy + 1).min(g - 1) {
                for gx in cx.saturating_sub(1)..=(cx + 1).min(g - 1) {
                    for &u in &grid[gy * g + gx] {
                        if u == v {
                            continue;
                        }
                        let mut dx = p[v][0] - p[u][0];
                        let mut dy = p[v][1] - p[u][1];
                        let mut d2 = dx * dx + dy * dy;
                        if d2 < 1e-12 {
                            // Coincident: a deterministic nudge apart.
                            dx = if v < u { 1e-3 } else { -1e-3 };
                            dy = 0.0;
                            d2 = 1e-6;
                        }
                        let f = k * k / d2; // (k² / d) · (1 / d) per unit vector
                        disp[v][0] += dx * f;
                        disp[v][1] += dy * f;
                    }
                }
            }
        }
        for &(a, b, w) in edges {
            let dx = p[a][0] - p[b][0];
            let dy = p[a][1] - p[b][1];
            let d = (dx * dx + dy * dy).sqrt();
            let f = d / k * w; // d² / k per unit vector, weighted
            disp[a][0] -= dx * f;
            disp[a][1] -= dy * f;
            disp[b][0] += dx * f;
            disp[b][1] += dy * f;
        }
        // A weak pull to the centre keeps loosely tied actors in view.
        let c = side / 2.0;
        for v in 0..n {
            disp[v][0] -= (p[v][0] - c) * 0.01;
            disp[v][1] -= (p[v][1] - c) * 0.01;
            let len = (disp[v][0] * disp[v][0] + disp[v][1] * disp[v][1]).sqrt();
            if len > 1e-12 && len.is_finite() {
                let step = len.min(t) / len;
                p[v][0] += disp[v][0] * step;
                p[v][1] += disp[v][1] * step;
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_cliques(size: usize) -> (usize, Vec<(usize, usize, f64)>) {
        let mut edges = Vec::new();
        for base in [0, size] {
            for i in 0..size {
                for j in i + 1..size {
                    edges.push((base + i, base + j, 1.0));
                }
            }
        }
        edges.push((size - 1, size, 1.0));
        (2 * size, edges)
    }

    #[test]
    fn a_seed_gives_one_layout_inside_the_unit_square() {
        let (n, edges) = two_cliques(6);
        let a = layout(n, &edges, 7);
        assert_eq!(a, layout(n, &edges, 7));
        assert_ne!(a, layout(n, &edges, 8));
        for q in &a {
            assert!(q.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{q:?}");
        }
    }

    #[test]
    fn tied_actors_sit_closer_than_untied_ones() {
        let (n, edges) = two_cliques(8);
        let p = layout(n, &edges, 1);
        let dist = |a: usize, b: usize| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
        let tied: std::collections::BTreeSet<(usize, usize)> = edges.iter().map(|e| (e.0, e.1)).collect();
        let (mut near, mut nn, mut far, mut nf) = (0.0, 0, 0.0, 0);
        for a in 0..n {
            for b in a + 1..n {
                if tied.contains(&(a, b)) {
                    near += dist(a, b);
                    nn += 1;
                } else {
                    far += dist(a, b);
                    nf += 1;
                }
            }
        }
        assert!(
            near / nn as f64 * 1.5 < far / nf as f64,
            "{} vs {}",
            near / nn as f64,
            far / nf as f64
        );
    }

    #[test]
    fn components_are_placed_apart() {
        // Two triangles with no tie between them, and one isolated node.
        let edges = vec![
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
        ];
        let p = layout(7, &edges, 3);
        let centre = |s: &[usize]| {
            let c = s.iter().fold([0.0, 0.0], |a, &v| [a[0] + p[v][0], a[1] + p[v][1]]);
            [c[0] / s.len() as f64, c[1] / s.len() as f64]
        };
        let (a, b) = (centre(&[0, 1, 2]), centre(&[3, 4, 5]));
        let gap = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        let spread = (0..3)
            .map(|v| ((p[v][0] - a[0]).powi(2) + (p[v][1] - a[1]).powi(2)).sqrt())
            .fold(0.0, f64::max);
        assert!(gap > 2.0 * spread, "gap {gap}, spread {spread}");
        assert_eq!(components(7, &edges).len(), 3);
    }

    #[test]
    fn empty_and_single_graphs_are_fine() {
        assert!(layout(0, &[], 1).is_empty());
        assert_eq!(layout(1, &[], 1), vec![[0.5, 0.5]]);
        let p = layout(3, &[], 1);
        assert!(p.iter().flatten().all(|x| x.is_finite() && (0.0..=1.0).contains(x)));
    }

    #[test]
    fn a_thousand_nodes_and_twenty_thousand_edges_lay_out_quickly() {
        let mut rng = Rng(42);
        let n = 1_000;
        let edges: Vec<(usize, usize, f64)> = (0..20_000)
            .map(|_| {
                let a = (rng.next() % n as u64) as usize;
                let b = (rng.next() % n as u64) as usize;
                (a, b, 1.0 + rng.unit())
            })
            .filter(|e| e.0 != e.1)
            .collect();
        let start = std::time::Instant::now();
        let p = layout(n, &edges, 5);
        let took = start.elapsed();
        assert!(p.iter().flatten().all(|x| x.is_finite() && (0.0..=1.0).contains(x)));
        // Debug builds are ~20× slower than release; the bound is for both.
        assert!(took.as_secs_f64() < 20.0, "{took:?}");
        eprintln!("layout of 1,000 nodes / 20,000 edges: {took:?}");
    }
}
