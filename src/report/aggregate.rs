//! Aggregates of the accepted stances for tables and comparison charts: the
//! actor × issue matrix, agreement and conflict networks, stance over time
//! and the issue overview. Pure functions of a workspace and a [`Filter`].
//!
//! Each one is a single pass over the stances with hash maps and dense index
//! arrays, so they stay interactive with 100,000 stances.

use super::filter::Filter;
use crate::model::{Actor, ActorId, Date, IssueId, Position, StanceId, Workspace};
use std::collections::{BTreeMap, HashMap};

// ---------------------------------------------------------------------------
// The common pass
// ---------------------------------------------------------------------------

/// The order of actor rows everywhere: kind, then name (case-insensitive), then id.
pub fn actor_order_key(a: &Actor) -> (crate::model::ActorKind, String, ActorId) {
    (a.kind, a.name.to_lowercase(), a.id)
}

/// One matching stance, with its dense row and column.
struct Hit {
    row: u32,
    col: u32,
    position: Position,
    id: StanceId,
}

/// The matching stances mapped to dense actor rows (sorted) and issue columns
/// (codebook order).
struct Collected {
    actors: Vec<ActorId>,
    issues: Vec<IssueId>,
    hits: Vec<Hit>,
}

fn collect(ws: &Workspace, filter: &Filter) -> Collected {
    let prepared = filter.prepare(ws);
    let issues: Vec<IssueId> = ws
        .issues()
        .map(|i| i.id)
        .filter(|id| filter.issues.is_empty() || filter.issues.contains(id))
        .collect();
    let col_of: HashMap<IssueId, u32> = issues.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();
    let mut row_of: HashMap<ActorId, u32> = HashMap::new();
    let mut actors: Vec<ActorId> = Vec::new();
    let mut hits = Vec::new();
    for s in ws.stances() {
        if !prepared.matches(s) {
            continue;
        }
        let Some(&col) = col_of.get(&s.issue) else { continue };
        let row = *row_of.entry(s.actor).or_insert_with(|| {
            actors.push(s.actor);
            (actors.len() - 1) as u32
        });
        hits.push(Hit {
            row,
            col,
            position: s.position,
            id: s.id,
        });
    }
    // Actors picked explicitly get a row even without stances.
    for &id in &filter.actors {
        if ws.actor(id).is_some() && !row_of.contains_key(&id) {
            row_of.insert(id, actors.len() as u32);
            actors.push(id);
        }
    }
    // Sort the rows and renumber the hits.
    let mut order: Vec<u32> = (0..actors.len() as u32).collect();
    let keys: Vec<_> = actors.iter().map(|id| ws.actor(*id).map(actor_order_key)).collect();
    order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    let mut new_index = vec![0u32; actors.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old as usize] = new as u32;
    }
    for h in &mut hits {
        h.row = new_index[h.row as usize];
    }
    let actors = order.iter().map(|&old| actors[old as usize]).collect();
    Collected { actors, issues, hits }
}

// ---------------------------------------------------------------------------
// Actor × issue matrix
// ---------------------------------------------------------------------------

/// What one actor said on one issue: counts by position and the stances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub support: u32,
    pub oppose: u32,
    pub neutral: u32,
    pub mixed: u32,
    /// `support − oppose`.
    pub net: i32,
    /// The stances counted, in id order.
    pub stances: Vec<StanceId>,
}

impl Cell {
    pub fn total(&self) -> u32 {
        self.support + self.oppose + self.neutral + self.mixed
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    fn add(&mut self, position: Position, id: StanceId) {
        match position {
            Position::Support => self.support += 1,
            Position::Oppose => self.oppose += 1,
            Position::Neutral => self.neutral += 1,
            Position::Mixed => self.mixed += 1,
        }
        self.net += position.score();
        self.stances.push(id);
    }

    /// The actor's overall position: support if `net > 0`, oppose if `net < 0`;
    /// with `net == 0`, mixed when there are support, oppose or mixed stances
    /// (signals that cancel out), neutral when there are only neutral ones.
    /// `None` for an empty cell.
    pub fn position(&self) -> Option<Position> {
        if self.is_empty() {
            None
        } else if self.net > 0 {
            Some(Position::Support)
        } else if self.net < 0 {
            Some(Position::Oppose)
        } else if self.support + self.oppose + self.mixed > 0 {
            Some(Position::Mixed)
        } else {
            Some(Position::Neutral)
        }
    }
}

/// The net position of an actor on an issue, the one figure the matrix, the
/// Compare chart and `matrix-csv` show: `(support − oppose) / stances`, where
/// stances counts every stance in the cell (neutral and mixed ones too, which
/// pull the figure towards 0). In [−1, 1]: +1 only when every stance is
/// support. `None` for an empty cell.
///
/// The plain difference `support − oppose` would grow with how much was
/// coded, so one prolific actor would dwarf the others on the same scale.
pub fn net_position(cell: &Cell) -> Option<f32> {
    let total = cell.total();
    (total > 0).then(|| cell.net as f32 / total as f32)
}

/// Rows that share an affiliation, after [`Matrix::group_by_affiliation`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowGroup {
    /// The actor the rows are affiliated with (and which heads the group when
    /// it has a row itself); `None` for actors without affiliation.
    pub affiliation: Option<ActorId>,
    pub rows: std::ops::Range<usize>,
}

/// Actors (rows) × issues (columns) of the stances passing a filter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    /// Actors with at least one matching stance, plus any the filter names;
    /// ordered by kind, then name.
    pub rows: Vec<ActorId>,
    /// Issues in codebook order (only the filter's issues when it names some).
    pub columns: Vec<IssueId>,
    /// Row-major, `rows.len() × columns.len()`.
    pub cells: Vec<Cell>,
    /// Empty unless grouped by affiliation.
    pub groups: Vec<RowGroup>,
}

impl Matrix {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[row * self.columns.len() + col]
    }

    pub fn row_of(&self, actor: ActorId) -> Option<usize> {
        self.rows.iter().position(|a| *a == actor)
    }

    pub fn column_of(&self, issue: IssueId) -> Option<usize> {
        self.columns.iter().position(|i| *i == issue)
    }

    /// The cell of an actor and an issue, if both are in the matrix.
    pub fn get(&self, actor: ActorId, issue: IssueId) -> Option<&Cell> {
        Some(self.cell(self.row_of(actor)?, self.column_of(issue)?))
    }

    /// The cells of one row.
    pub fn row(&self, row: usize) -> &[Cell] {
        let n = self.columns.len();
        &self.cells[row * n..(row + 1) * n]
    }

    /// Reorders the rows into groups by affiliation. An actor's group is its
    /// affiliation; an actor without one heads its own group when other rows
    /// are affiliated with it, and otherwise goes to the last group (`None`).
    /// Groups are ordered like rows (kind, then name of the affiliation); in a
    /// group, the head comes first, then the members in row order.
    pub fn group_by_affiliation(&mut self, ws: &Workspace) {
        let affiliation = |id: ActorId| ws.actor(id).and_then(|a| a.affiliation);
        let heads: std::collections::HashSet<ActorId> = self.rows.iter().filter_map(|&id| affiliation(id)).collect();
        let group_of = |id: ActorId| affiliation(id).or_else(|| heads.contains(&id).then_some(id));
        // Group keys: the affiliation's order key; `None` last.
        let key = |g: Option<ActorId>| match g.and_then(|id| ws.actor(id)) {
            Some(a) => (0, Some(actor_order_key(a))),
            None => (1, None),
        };
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        // Stable sort: members keep their row order inside a group.
        order.sort_by_key(|&r| {
            let id = self.rows[r];
            let g = group_of(id);
            let is_head = g == Some(id);
            (key(g), !is_head)
        });
        let n = self.columns.len();
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut old_cells: Vec<Option<Cell>> = std::mem::take(&mut self.cells).into_iter().map(Some).collect();
        for &r in &order {
            for c in 0..n {
                cells.push(old_cells[r * n + c].take().expect("each cell moved once"));
            }
        }
        self.rows = order.iter().map(|&r| self.rows[r]).collect();
        self.cells = cells;
        self.groups.clear();
        for (i, &id) in self.rows.iter().enumerate() {
            let g = group_of(id);
            match self.groups.last_mut() {
                Some(last) if last.affiliation == g => last.rows.end = i + 1,
                _ => self.groups.push(RowGroup {
                    affiliation: g,
                    rows: i..i + 1,
                }),
            }
        }
    }
}

/// The actor × issue matrix of the stances passing `filter`.
pub fn matrix(ws: &Workspace, filter: &Filter) -> Matrix {
    let c = collect(ws, filter);
    matrix_from(c)
}

fn matrix_from(c: Collected) -> Matrix {
    let n = c.issues.len();
    let mut cells = vec![Cell::default(); c.actors.len() * n];
    for h in &c.hits {
        cells[h.row as usize * n + h.col as usize].add(h.position, h.id);
    }
    Matrix {
        rows: c.actors,
        columns: c.issues,
        cells,
        groups: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Agreement and conflict networks
// ---------------------------------------------------------------------------

/// Congruence and conflict between actors, as in discourse network analysis
/// (Leifeld): each (actor, issue, position) is present or absent, and
///
/// - congruence(a, b) = number of issues on which both support or both oppose;
/// - conflict(a, b) = number of issues on which one supports and the other opposes.
///
/// Neutral and mixed stances take part in neither. An issue where the two
/// actors each have both positions counts once in each network. The diagonal
/// is 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Actors with at least one matching stance (the matrix rows), in row order.
    pub actors: Vec<ActorId>,
    /// Symmetric, row-major `n × n`.
    pub congruence: Vec<u32>,
    /// Symmetric, row-major `n × n`.
    pub conflict: Vec<u32>,
}

impl Agreement {
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    pub fn index_of(&self, actor: ActorId) -> Option<usize> {
        self.actors.iter().position(|a| *a == actor)
    }

    pub fn congruence(&self, i: usize, j: usize) -> u32 {
        self.congruence[i * self.len() + j]
    }

    pub fn conflict(&self, i: usize, j: usize) -> u32 {
        self.conflict[i * self.len() + j]
    }

    /// Congruence minus conflict: positive for allies, negative for opponents.
    pub fn balance(&self, i: usize, j: usize) -> i64 {
        self.congruence(i, j) as i64 - self.conflict(i, j) as i64
    }

    /// The pairs `(i, j)` with `i < j` and a non-zero weight in one network,
    /// in row order: the edges of a one-mode network.
    pub fn edges(&self, conflict: bool) -> Vec<(usize, usize, u32)> {
        let m = if conflict { &self.conflict } else { &self.congruence };
        let n = self.len();
        let mut out = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let w = m[i * n + j];
                if w > 0 {
                    out.push((i, j, w));
                }
            }
        }
        out
    }
}

/// The congruence and conflict networks of the stances passing `filter`.
pub fn agreement(ws: &Workspace, filter: &Filter) -> Agreement {
    let c = collect(ws, filter);
    let hits = c.hits.iter().map(|h| (h.row as usize, h.col as usize, h.position));
    agreement_from(c.actors, c.issues.len(), hits)
}

/// The networks from an already computed matrix (same actors, same order):
/// no second pass over the stances.
pub fn agreement_of(m: &Matrix) -> Agreement {
    let n = m.columns.len();
    let hits = m.cells.iter().enumerate().flat_map(|(k, cell)| {
        let (row, col) = (k / n.max(1), k % n.max(1));
        let support = (cell.support > 0).then_some((row, col, Position::Support));
        let oppose = (cell.oppose > 0).then_some((row, col, Position::Oppose));
        support.into_iter().chain(oppose)
    });
    agreement_from(m.rows.clone(), n, hits)
}

/// Both networks from (row, column, position) presences.
fn agreement_from(
    actors: Vec<ActorId>,
    columns: usize,
    hits: impl Iterator<Item = (usize, usize, Position)>,
) -> Agreement {
    let n = actors.len();
    let words = columns.div_ceil(64).max(1);
    // Per actor: bitsets of the issues it supports and opposes.
    let mut support = vec![0u64; n * words];
    let mut oppose = vec![0u64; n * words];
    for (row, col, position) in hits {
        let (w, bit) = (col / 64, 1u64 << (col % 64));
        match position {
            Position::Support => support[row * words + w] |= bit,
            Position::Oppose => oppose[row * words + w] |= bit,
            Position::Neutral | Position::Mixed => {}
        }
    }
    // Only actors with a support or oppose stance can have non-zero weights.
    let active: Vec<usize> = (0..n)
        .filter(|&a| (0..words).any(|w| support[a * words + w] | oppose[a * words + w] != 0))
        .collect();
    let mut congruence = vec![0u32; n * n];
    let mut conflict = vec![0u32; n * n];
    for (k, &a) in active.iter().enumerate() {
        let (sa, oa) = (
            &support[a * words..(a + 1) * words],
            &oppose[a * words..(a + 1) * words],
        );
        for &b in &active[k + 1..] {
            let (sb, ob) = (
                &support[b * words..(b + 1) * words],
                &oppose[b * words..(b + 1) * words],
            );
            let mut same = 0;
            let mut opposite = 0;
            for w in 0..words {
                same += ((sa[w] & sb[w]) | (oa[w] & ob[w])).count_ones();
                opposite += ((sa[w] & ob[w]) | (oa[w] & sb[w])).count_ones();
            }
            congruence[a * n + b] = same;
            congruence[b * n + a] = same;
            conflict[a * n + b] = opposite;
            conflict[b * n + a] = opposite;
        }
    }
    Agreement {
        actors,
        congruence,
        conflict,
    }
}

/// An order of the actors (indices into `agreement.actors`) that puts blocs
/// together: average-linkage clustering on the similarity
/// `congruence − conflict`, leaves read left to right. Deterministic: ties go
/// to the lower index, and of two merged clusters the one holding the lower
/// index comes first.
pub fn cluster_order(agreement: &Agreement) -> Vec<usize> {
    let n = agreement.len();
    if n <= 2 {
        return (0..n).collect();
    }
    // Dissimilarity: the negated balance. Average linkage is reducible for any
    // dissimilarity, so the nearest-neighbour chain finds the same tree in O(n²).
    let mut d: Vec<f64> = (0..n * n).map(|k| -(agreement.balance(k / n, k % n) as f64)).collect();
    let mut active = vec![true; n];
    let mut size = vec![1usize; n];
    // Tree nodes: leaves 0..n, then one per merge.
    let mut node_of: Vec<usize> = (0..n).collect();
    let mut children: Vec<(usize, usize)> = Vec::with_capacity(n - 1);
    let mut min_leaf: Vec<usize> = (0..n).collect();
    let mut chain: Vec<usize> = Vec::with_capacity(n);
    for _ in 0..n - 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&x| x).expect("two clusters left"));
        }
        let (a, b) = loop {
            let a = *chain.last().expect("non-empty chain");
            let prev = chain.len().checked_sub(2).map(|i| chain[i]);
            let mut best = prev;
            let mut best_d = prev.map_or(f64::INFINITY, |p| d[a * n + p]);
            for x in 0..n {
                if x != a && active[x] && Some(x) != prev && d[a * n + x] < best_d {
                    best = Some(x);
                    best_d = d[a * n + x];
                }
            }
            let best = best.expect("another active cluster");
            if Some(best) == prev {
                break (a, best);
            }
            chain.push(best);
        };
        chain.pop();
        chain.pop();
        // Merge into the lower slot.
        let (keep, gone) = (a.min(b), a.max(b));
        let (sk, sg) = (size[keep] as f64, size[gone] as f64);
        for x in 0..n {
            if active[x] && x != keep && x != gone {
                let v = (sk * d[keep * n + x] + sg * d[gone * n + x]) / (sk + sg);
                d[keep * n + x] = v;
                d[x * n + keep] = v;
            }
        }
        active[gone] = false;
        size[keep] += size[gone];
        let (l, r) = (node_of[keep], node_of[gone]);
        let (l, r) = if min_leaf[l] <= min_leaf[r] { (l, r) } else { (r, l) };
        children.push((l, r));
        min_leaf.push(min_leaf[l].min(min_leaf[r]));
        node_of[keep] = n + children.len() - 1;
    }
    // Leaves in order, depth first.
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![n + children.len() - 1];
    while let Some(node) = stack.pop() {
        if node < n {
            order.push(node);
        } else {
            let (l, r) = children[node - n];
            stack.push(r);
            stack.push(l);
        }
    }
    order
}

// ---------------------------------------------------------------------------
// Issue overview
// ---------------------------------------------------------------------------

/// How many actors take each overall position ([`Cell::position`]) on one issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueOverview {
    pub issue: IssueId,
    pub support: usize,
    pub oppose: usize,
    pub neutral: usize,
    pub mixed: usize,
}

impl IssueOverview {
    /// Actors with at least one matching stance on the issue.
    pub fn actors(&self) -> usize {
        self.support + self.oppose + self.neutral + self.mixed
    }
}

/// One entry per matrix column (codebook order).
pub fn issue_overview(ws: &Workspace, filter: &Filter) -> Vec<IssueOverview> {
    issue_overview_of(&matrix(ws, filter))
}

/// The overview from an already computed matrix.
pub fn issue_overview_of(m: &Matrix) -> Vec<IssueOverview> {
    let mut out: Vec<IssueOverview> = m
        .columns
        .iter()
        .map(|&issue| IssueOverview {
            issue,
            support: 0,
            oppose: 0,
            neutral: 0,
            mixed: 0,
        })
        .collect();
    for r in 0..m.rows.len() {
        for (c, cell) in m.row(r).iter().enumerate() {
            match cell.position() {
                Some(Position::Support) => out[c].support += 1,
                Some(Position::Oppose) => out[c].oppose += 1,
                Some(Position::Neutral) => out[c].neutral += 1,
                Some(Position::Mixed) => out[c].mixed += 1,
                None => {}
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Stance over time
// ---------------------------------------------------------------------------

/// The width of a time bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Bucket {
    /// The first day of the bucket holding `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Bucket::Week => Date::from_days(date.to_days() - date.weekday() as i64),
            Bucket::Month => Date { day: 1, ..date },
        }
    }

    /// The start of the bucket after the one starting at `start`.
    pub fn next(self, start: Date) -> Date {
        match self {
            Bucket::Week => Date::from_days(self.start(start).to_days() + 7),
            Bucket::Month if start.month == 12 => Date {
                year: start.year + 1,
                month: 1,
                day: 1,
            },
            Bucket::Month => Date {
                year: start.year,
                month: start.month + 1,
                day: 1,
            },
        }
    }

    /// `2020-W01` (ISO week-numbering year and week) or `2020-01`.
    pub fn label(self, date: Date) -> String {
        match self {
            Bucket::Week => {
                let thursday = Date::from_days(self.start(date).to_days() + 3);
                let jan1 = Date {
                    month: 1,
                    day: 1,
                    ..thursday
                };
                let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
                format!("{}-W{week:02}", thursday.year)
            }
            Bucket::Month => format!("{:04}-{:02}", date.year, date.month),
        }
    }
}

/// One bucket of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub bucket_start: Date,
    /// Mean position score (support +1, oppose −1, neutral and mixed 0).
    pub net: f32,
    pub n: usize,
    pub stances: Vec<StanceId>,
}

/// One actor's stance on an issue over time: only buckets with stances, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub actor: ActorId,
    pub points: Vec<Point>,
}

/// The actors' mean position on `issue` per bucket, from the stances passing
/// `filter` (its issue constraint is replaced by `issue`). With `actors`
/// given, one series each in that order (possibly without points), and they
/// replace the filter's actors; with `actors` empty, one series per actor with
/// matching stances, in row order. Stances of undated articles are left out.
pub fn timeline(ws: &Workspace, filter: &Filter, issue: IssueId, actors: &[ActorId], bucket: Bucket) -> Vec<Series> {
    let mut f = filter.clone();
    f.issues = [issue].into();
    if !actors.is_empty() {
        f.actors = actors.iter().copied().collect();
    }
    let prepared = f.prepare(ws);
    #[derive(Default)]
    struct Acc {
        sum: i64,
        stances: Vec<StanceId>,
    }
    let mut by_actor: HashMap<ActorId, BTreeMap<Date, Acc>> = HashMap::new();
    for s in ws.stances() {
        if s.issue != issue || !prepared.matches(s) {
            continue;
        }
        let Some(date) = ws.article(s.article).and_then(|a| a.date) else {
            continue;
        };
        let acc = by_actor
            .entry(s.actor)
            .or_default()
            .entry(bucket.start(date))
            .or_default();
        acc.sum += s.position.score() as i64;
        acc.stances.push(s.id);
    }
    let order: Vec<ActorId> = if actors.is_empty() {
        let mut ids: Vec<ActorId> = by_actor.keys().copied().collect();
        ids.sort_by_cached_key(|id| ws.actor(*id).map(actor_order_key));
        ids
    } else {
        let mut seen = std::collections::HashSet::new();
        actors.iter().copied().filter(|a| seen.insert(*a)).collect()
    };
    order
        .into_iter()
        .map(|actor| {
            let points = by_actor
                .remove(&actor)
                .unwrap_or_default()
                .into_iter()
                .map(|(bucket_start, acc)| Point {
                    bucket_start,
                    net: acc.sum as f32 / acc.stances.len() as f32,
                    n: acc.stances.len(),
                    stances: acc.stances,
                })
                .collect();
            Series { actor, points }
        })
        .collect()
}
