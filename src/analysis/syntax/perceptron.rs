//! The averaged perceptron: [`Trainer`] learns sparse weights per hashed
//! feature, [`Weights`] is the frozen, averaged model that scores.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already mixed: the hash map uses them as they are.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    weight: f32,
    /// Sum of the weight over the instances before `stamp`.
    total: f64,
    stamp: u32,
}

/// A perceptron in training. Call [`Trainer::tick`] once per instance and
/// [`Trainer::update`] when a guess was wrong.
pub struct Trainer {
    n_classes: usize,
    rows: IdMap<Vec<Entry>>,
    instances: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= 256);
        Trainer {
            n_classes,
            rows: IdMap::default(),
            instances: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The current (not averaged) scores.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    pub fn tick(&mut self) {
        self.instances += 1;
    }

    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.instances;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let e = match row.iter_mut().position(|e| e.class as usize == class) {
                    Some(k) => &mut row[k],
                    None => {
                        row.push(Entry {
                            class: class as u8,
                            weight: 0.0,
                            total: 0.0,
                            stamp: now,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                e.total += (now - e.stamp) as f64 * e.weight as f64;
                e.stamp = now;
                e.weight += delta;
            }
        }
    }

    /// The averaged weights, without those whose magnitude is below `prune`.
    pub fn averaged(&self, prune: f32) -> Weights {
        let now = self.instances.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .rows
            .iter()
            .filter_map(|(&key, row)| {
                let kept: Vec<(u8, f32)> = row
                    .iter()
                    .map(|e| {
                        let total = e.total + (self.instances - e.stamp) as f64 * e.weight as f64;
                        (e.class, (total / now) as f32)
                    })
                    .filter(|&(_, w)| w.abs() >= prune && w != 0.0)
                    .collect();
                (!kept.is_empty()).then_some((key, kept))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        Weights::from_rows(self.n_classes, rows)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Frozen weights: an open-addressed table from feature key to a run of
/// (class, weight) pairs. A key's home slot is its top bits (the keys are
/// hashes), so the sorted keys of a model file fill the table front to
/// back, which keeps loading sequential.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    n_classes: usize,
    mask: usize,
    shift: u32,
    table: Vec<Slot>,
    /// Each row's (class, weight) pairs side by side: scoring reads one
    /// place in memory per feature, not two.
    pairs: Vec<(u8, f32)>,
    /// Keys in the order their runs are stored (for writing).
    order: Vec<u64>,
}

/// Asks for the cache line holding `x`; only a hint, it changes no result.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing into the program;
    // the pointer comes from a live reference anyway.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

impl Weights {
    /// `rows` sorted by key, no key twice, no key 0, classes < `n_classes`.
    pub fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u8, f32)>)>) -> Weights {
        let n: usize = rows.iter().map(|r| r.1.len()).sum();
        let mut keys = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let (mut classes, mut values) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (key, row) in rows {
            keys.push(key);
            starts.push(classes.len() as u32);
            for (c, v) in row {
                classes.push(c);
                values.push(v);
            }
        }
        starts.push(classes.len() as u32);
        Weights::from_flat(n_classes, keys, &starts, classes, values)
    }

    /// Row `i` is key `keys[i]` with the pairs `starts[i]..starts[i + 1]`
    /// (`starts` has one more item than `keys`, non-decreasing, its last is
    /// the number of pairs); keys distinct and non-zero.
    pub fn from_flat(n_classes: usize, keys: Vec<u64>, starts: &[u32], classes: Vec<u8>, values: Vec<f32>) -> Weights {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let shift = 64 - cap.trailing_zeros();
        let mut table = vec![Slot::default(); cap];
        for (r, &key) in keys.iter().enumerate() {
            let mut i = (key >> shift) as usize;
            while table[i].key != 0 {
                i = (i + 1) & mask;
            }
            table[i] = Slot {
                key,
                start: starts[r],
                len: starts[r + 1] - starts[r],
            };
        }
        Weights {
            n_classes,
            mask,
            shift,
            table,
            pairs: classes.into_iter().zip(values).collect(),
            order: keys,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.order.len()
    }

    pub fn n_weights(&self) -> usize {
        self.pairs.len()
    }

    #[inline]
    fn find(&self, key: u64) -> Option<Slot> {
        let mut i = (key >> self.shift) as usize;
        loop {
            let s = self.table[i];
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        // Summed into a table a u8 class always fits (no bounds check in
        // the innermost loop of the parser), then handed over.
        let mut sum = [0.0f32; 256];
        // Two passes: the table look-ups of a chunk first, then its rows.
        // Each look-up is a cache miss in an 85 MB model; done apart, the
        // misses of a chunk overlap instead of waiting on one another.
        let mut rows = [(0u32, 0u32); 64];
        for chunk in feats.chunks(64) {
            // The slots' addresses need no memory, so the loads can be
            // requested for the whole chunk before the probing (whose
            // branches wait on them) starts.
            for &f in chunk {
                prefetch(&self.table[(f >> self.shift) as usize]);
            }
            let mut k = 0;
            for &f in chunk {
                if let Some(s) = self.find(f) {
                    rows[k] = (s.start, s.len);
                    k += 1;
                }
            }
            for &(start, _) in &rows[..k] {
                if let Some(p) = self.pairs.get(start as usize) {
                    prefetch(p);
                }
            }
            for &(start, len) in &rows[..k] {
                let (a, b) = (start as usize, (start + len) as usize);
                for &(c, v) in &self.pairs[a..b] {
                    sum[c as usize] += v;
                }
            }
        }
        let n = scores.len();
        scores.copy_from_slice(&sum[..n]);
    }

    /// The same weights without those whose magnitude is below `min`.
    pub fn pruned(&self, min: f32) -> Weights {
        let rows = self
            .rows()
            .map(|(k, row)| (k, row.into_iter().filter(|w| w.1.abs() >= min).collect::<Vec<_>>()))
            .filter(|(_, row)| !row.is_empty())
            .collect();
        Weights::from_rows(self.n_classes, rows)
    }

    /// Every row in key order.
    pub fn rows(&self) -> impl Iterator<Item = (u64, Vec<(u8, f32)>)> + '_ {
        self.order.iter().map(|&k| {
            let s = self.find(k).expect("every stored key is in the table");
            let (a, b) = (s.start as usize, (s.start + s.len) as usize);
            (k, self.pairs[a..b].to_vec())
        })
    }
}

/// The best class among those `allowed`, ties to the lowest.
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (c, &s) in scores.iter().enumerate() {
        if allowed(c) && best.is_none_or(|(_, b)| s > b) {
            best = Some((c, s));
        }
    }
    best.map(|b| b.0)
}

/// A small deterministic generator (splitmix64) for shuffling and
/// exploration, so that training is reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_averages() {
        let mut t = Trainer::new(2);
        let data = [(vec![11u64, 12], 0usize), (vec![13, 12], 1)];
        let mut scores = [0.0; 2];
        for _ in 0..5 {
            for (f, y) in &data {
                t.tick();
                t.score(f, &mut scores);
                let g = argmax(&scores, |_| true).unwrap();
                t.update(f, *y, g);
            }
        }
        let w = t.averaged(0.0);
        for (f, y) in &data {
            w.score(f, &mut scores);
            assert_eq!(argmax(&scores, |_| true), Some(*y));
        }
        let rows: Vec<_> = w.rows().collect();
        assert_eq!(Weights::from_rows(2, rows), w);
    }
}
