//! Inter-coder reliability: Krippendorff's alpha, its bootstrap interval,
//! Cohen's kappa and percent agreement, over a reliability data matrix.
//!
//! The data are `data[coder][unit]`: one row per coder, one column per unit
//! (e.g. an actor × issue × article to be coded), `None` where a coder gave
//! no value. A `NaN` counts as missing too, and a row shorter than the
//! longest is missing at its end. Values are numbers; categories are ids
//! (any number compared for equality, e.g. a position's index).
//!
//! Unitizing alpha, for spans along a continuum, is in [`unitizing_alpha`].
//!
//! Definitions: Krippendorff, K. (2011), "Computing Krippendorff's
//! Alpha-Reliability", and for the bootstrap Hayes, A. F. & Krippendorff, K.
//! (2007), "Answering the call for a standard reliability measure for coding
//! data", Communication Methods and Measures 1(1), with their KALPHA macro.

mod unitizing;

pub use unitizing::{UnitizingAlpha, unitizing_alpha};

/// How far apart two values are, the metric δ² of alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Categories: any two different values disagree equally.
    Nominal,
    /// Ranks: the distance counts the values coded between the two.
    Ordinal,
    /// Measurements: the squared difference.
    Interval,
    /// Non-negative measurements with a natural zero: the squared difference
    /// relative to the sum.
    Ratio,
}

/// Krippendorff's alpha and the figures it is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Alpha {
    /// 1 − D_o / D_e; `None` when the pairable values do not vary at all
    /// (or there are none), where alpha is undefined.
    pub alpha: Option<f64>,
    /// Units with at least two values (the others cannot be compared).
    pub units: usize,
    /// n, the values in those units.
    pub pairable_values: usize,
    /// D_o, the mean disagreement within units.
    pub observed_disagreement: f64,
    /// D_e, the mean disagreement between any two pairable values.
    pub expected_disagreement: f64,
}

/// The coincidence matrix of reliability data: how often each two values
/// were paired within a unit, each unit weighted 1 / (m_u − 1). Alpha of
/// every metric and its bootstrap come from it.
#[derive(Clone, Debug)]
pub struct Coincidences {
    /// The distinct pairable values, ascending.
    values: Vec<f64>,
    /// o_ck, row-major `values.len()` × `values.len()`.
    cells: Vec<f64>,
    /// n_c, the row sums.
    marginals: Vec<f64>,
    units: usize,
    pairable_values: usize,
    coders: usize,
}

/// The present values of unit `unit`, across coders.
fn unit_values<R: AsRef<[Option<f64>]>>(data: &[R], unit: usize) -> Vec<f64> {
    data.iter()
        .filter_map(|row| row.as_ref().get(unit).copied().flatten())
        .filter(|v| !v.is_nan())
        // −0 becomes 0: values are sorted and found by `total_cmp`, which
        // tells them apart although they are equal.
        .map(|v| v + 0.0)
        .collect()
}

/// The number of units (the longest row).
fn unit_count<R: AsRef<[Option<f64>]>>(data: &[R]) -> usize {
    data.iter().map(|row| row.as_ref().len()).max().unwrap_or(0)
}

/// Distinct values of `values`, ascending, and each one's count.
fn value_counts(mut values: Vec<f64>) -> Vec<(f64, usize)> {
    values.sort_by(f64::total_cmp);
    let mut counts: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match counts.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => counts.push((v, 1)),
        }
    }
    counts
}

impl Coincidences {
    /// The coincidences of `data[coder][unit]`; units with fewer than two
    /// values are left out, as they have no pair to compare.
    pub fn new<R: AsRef<[Option<f64>]>>(data: &[R]) -> Self {
        let units: Vec<Vec<(f64, usize)>> = (0..unit_count(data))
            .map(|u| unit_values(data, u))
            .filter(|values| values.len() >= 2)
            .map(value_counts)
            .collect();
        let mut values: Vec<f64> = units.iter().flatten().map(|&(v, _)| v).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let size = values.len();
        let index = |v: f64| values.binary_search_by(|x| x.total_cmp(&v)).expect("value of a unit");
        let mut cells = vec![0.0; size * size];
        let mut pairable_values = 0;
        for unit in &units {
            let m: usize = unit.iter().map(|&(_, count)| count).sum();
            pairable_values += m;
            // Each of the m_u (m_u − 1) ordered pairs of values adds 1 / (m_u − 1).
            let weight = 1.0 / (m - 1) as f64;
            for &(c, n_c) in unit {
                for &(k, n_k) in unit {
                    let pairs = if c == k { n_c * (n_c - 1) } else { n_c * n_k };
                    cells[index(c) * size + index(k)] += pairs as f64 * weight;
                }
            }
        }
        let marginals = cells.chunks(size.max(1)).map(|row| row.iter().sum()).collect();
        Self {
            values,
            cells,
            marginals,
            units: units.len(),
            pairable_values,
            coders: data.len(),
        }
    }

    fn cell(&self, c: usize, k: usize) -> f64 {
        self.cells[c * self.values.len() + k]
    }

    /// δ²_ck of `metric` for every cell, row-major like `cells`.
    fn deltas(&self, metric: Metric) -> Vec<f64> {
        let size = self.values.len();
        // Ordinal distances sum the marginals from c to k: prefix sums make
        // each one O(1).
        let mut below = vec![0.0; size + 1];
        for (i, n) in self.marginals.iter().enumerate() {
            below[i + 1] = below[i] + n;
        }
        let mut deltas = Vec::with_capacity(size * size);
        for c in 0..size {
            for k in 0..size {
                let (vc, vk) = (self.values[c], self.values[k]);
                deltas.push(match metric {
                    _ if c == k => 0.0,
                    Metric::Nominal => 1.0,
                    Metric::Ordinal => {
                        let (lo, hi) = (c.min(k), c.max(k));
                        let between = below[hi + 1] - below[lo] - (self.marginals[c] + self.marginals[k]) / 2.0;
                        between * between
                    }
                    Metric::Interval => (vc - vk).powi(2),
                    Metric::Ratio => ((vc - vk) / (vc + vk)).powi(2),
                });
            }
        }
        deltas
    }

    /// D_o and D_e under a metric's `deltas`; both 0 without pairable
    /// values.
    fn disagreements(&self, deltas: &[f64]) -> (f64, f64) {
        if self.pairable_values < 2 {
            return (0.0, 0.0);
        }
        let n = self.pairable_values as f64;
        let size = self.values.len();
        let (mut observed, mut expected) = (0.0, 0.0);
        for c in 0..size {
            for k in 0..size {
                let delta = deltas[c * size + k];
                observed += self.cell(c, k) * delta;
                expected += self.marginals[c] * self.marginals[k] * delta;
            }
        }
        (observed / n, expected / (n * (n - 1.0)))
    }

    /// Krippendorff's alpha of these coincidences under `metric`.
    pub fn alpha(&self, metric: Metric) -> Alpha {
        let (observed, expected) = self.disagreements(&self.deltas(metric));
        Alpha {
            alpha: (expected > 0.0).then(|| 1.0 - observed / expected),
            units: self.units,
            pairable_values: self.pairable_values,
            observed_disagreement: observed,
            expected_disagreement: expected,
        }
    }
}

/// Krippendorff's alpha of `data[coder][unit]` under `metric`.
pub fn krippendorff_alpha<R: AsRef<[Option<f64>]>>(data: &[R], metric: Metric) -> Alpha {
    Coincidences::new(data).alpha(metric)
}

/// A small deterministic generator (splitmix64), so that the same data and
/// seed always give the same interval, on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// How to bootstrap alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BootstrapOptions {
    /// Resamples; KALPHA asks for at least 1,000.
    pub draws: usize,
    /// Seed of the generator: the same seed gives the same interval.
    pub seed: u64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        Self {
            draws: 10_000,
            seed: 0x5EED_A1FA,
        }
    }
}

/// The bootstrap distribution of alpha.
#[derive(Clone, Debug, PartialEq)]
pub struct AlphaBootstrap {
    /// Lower limit of the 95% interval.
    pub low: f64,
    /// Upper limit of the 95% interval.
    pub high: f64,
    /// Pairs of values drawn per resample (M).
    pub pairs_per_draw: usize,
    /// The resampled alphas, ascending.
    alphas: Vec<f64>,
}

impl AlphaBootstrap {
    /// The probability q that alpha is below `minimum` (KALPHA's "failure to
    /// achieve an alpha of at least alphamin"): the share of resamples below.
    pub fn probability_below(&self, minimum: f64) -> f64 {
        self.alphas.partition_point(|&a| a < minimum) as f64 / self.alphas.len() as f64
    }

    /// The resampled alphas, ascending.
    pub fn alphas(&self) -> &[f64] {
        &self.alphas
    }
}

impl Coincidences {
    /// The bootstrap of alpha under `metric` as in Hayes & Krippendorff's
    /// KALPHA: each resample draws M pairs of values from the coincidences
    /// (a cell's chance is its share of n) and keeps D_e. `None` where alpha
    /// is undefined or no resample is asked for.
    pub fn bootstrap(&self, metric: Metric, options: &BootstrapOptions) -> Option<AlphaBootstrap> {
        let deltas = self.deltas(metric);
        let (_, expected) = self.disagreements(&deltas);
        if expected <= 0.0 || options.draws == 0 {
            return None;
        }
        let (cumulative, cell_deltas) = self.pair_distribution(&deltas);
        let pairs = self.pairs_per_draw();
        let mut rng = SplitMix64(options.seed);
        let total = *cumulative.last().expect("values vary");
        let diagonal = (0..self.values.len()).filter(|&c| self.cell(c, c) > 0.0).count();
        let mut alphas: Vec<f64> = (0..options.draws)
            .map(|_| {
                let sum: f64 = (0..pairs)
                    .map(|_| {
                        let r = rng.next_f64() * total;
                        // The product can round up to `total` itself.
                        let cell = cumulative.partition_point(|&p| p <= r).min(cumulative.len() - 1);
                        cell_deltas[cell]
                    })
                    .sum();
                let alpha = (1.0 - sum / (pairs as f64 * expected)).max(-1.0);
                // With one value on the diagonal, a resample without
                // disagreement has no variation either: KALPHA counts it as 0.
                if alpha == 1.0 && diagonal == 1 { 0.0 } else { alpha }
            })
            .collect();
        if diagonal > 1 {
            self.zero_unvaried(&mut alphas, pairs);
        }
        alphas.sort_by(f64::total_cmp);
        let draws = alphas.len();
        let low = alphas[(draws * 25 / 1000).max(1) - 1];
        let high = alphas[(draws * 975 / 1000 + 1).min(draws) - 1];
        Some(AlphaBootstrap {
            low,
            high,
            pairs_per_draw: pairs,
            alphas,
        })
    }

    /// The cells c ≤ k with their chance of being drawn (o_cc / n on the
    /// diagonal, 2 o_ck / n off it), as running totals, and their δ².
    fn pair_distribution(&self, deltas: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = self.pairable_values as f64;
        let size = self.values.len();
        let (mut cumulative, mut cell_deltas) = (Vec::new(), Vec::new());
        let mut sum = 0.0;
        for c in 0..size {
            for k in c..size {
                let share = if c == k { self.cell(c, c) } else { 2.0 * self.cell(c, k) } / n;
                if share > 0.0 {
                    sum += share;
                    cumulative.push(sum);
                    cell_deltas.push(deltas[c * size + k]);
                }
            }
        }
        (cumulative, cell_deltas)
    }

    /// M = min(25 q, (m − 1) n / 2), q the non-empty cells and m the coders,
    /// as in KALPHA.
    fn pairs_per_draw(&self) -> usize {
        let filled = self.cells.iter().filter(|&&o| o > 0.0).count();
        // A pairable unit has two coders at least, so this is at least 1.
        (25 * filled).min((self.coders - 1) * self.pairable_values / 2)
    }

    /// A resample drawn wholly from one diagonal cell has no variation, so
    /// its alpha (1 − 0/0) is undefined, yet it reads 1. As KALPHA does, as
    /// many resamples of alpha 1 as that is expected to happen (draws ×
    /// Σ_c (o_cc / n)^M) count as 0 instead. KALPHA raises to the number of
    /// pairs in the data here; this uses M, the pairs actually drawn.
    fn zero_unvaried(&self, alphas: &mut [f64], pairs: usize) {
        let n = self.pairable_values as f64;
        let chance: f64 = (0..self.values.len())
            .map(|c| (self.cell(c, c) / n).powf(pairs as f64))
            .sum();
        let expected = (alphas.len() as f64 * chance).round() as usize;
        for alpha in alphas.iter_mut().filter(|a| **a == 1.0).take(expected) {
            *alpha = 0.0;
        }
    }
}

/// Cohen's kappa of two coders.
#[derive(Clone, Debug, PartialEq)]
pub struct Kappa {
    /// (p_o − p_e) / (1 − p_e); `None` without units or when chance
    /// agreement is certain (both coders gave one and the same value).
    pub kappa: Option<f64>,
    /// Units both coders coded, the only ones counted.
    pub units: usize,
}

/// Cohen's kappa of coders `first` and `second` (each indexed by unit),
/// over the units both coded; values are categories.
pub fn cohen_kappa(first: &[Option<f64>], second: &[Option<f64>]) -> Kappa {
    let both: Vec<(f64, f64)> = first
        .iter()
        .zip(second)
        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .collect();
    let units = both.len();
    let n = units as f64;
    let observed = both.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let first_counts = value_counts(both.iter().map(|&(a, _)| a).collect());
    let second_counts = value_counts(both.iter().map(|&(_, b)| b).collect());
    // Chance agreement: both coders pick value c, independently, at their
    // own rates.
    let chance: f64 = first_counts
        .iter()
        .filter_map(|&(v, a)| {
            let b = second_counts.iter().find(|&&(w, _)| w == v)?.1;
            Some(a as f64 * b as f64 / (n * n))
        })
        .sum();
    let kappa = (units > 0 && chance < 1.0).then(|| (observed - chance) / (1.0 - chance));
    Kappa { kappa, units }
}

/// Percent agreement: the share of pairs of values within a unit that are
/// equal, over every pair of coders of every unit.
#[derive(Clone, Debug, PartialEq)]
pub struct PercentAgreement {
    /// Agreeing pairs ÷ pairs, from 0 to 1; `None` without pairs.
    pub proportion: Option<f64>,
    /// Pairs of values compared: Σ_u m_u (m_u − 1) / 2.
    pub pairs: usize,
}

/// Percent agreement of `data[coder][unit]`, values compared as categories.
pub fn percent_agreement<R: AsRef<[Option<f64>]>>(data: &[R]) -> PercentAgreement {
    let (mut agreeing, mut pairs) = (0, 0);
    for unit in 0..unit_count(data) {
        let counts = value_counts(unit_values(data, unit));
        let m: usize = counts.iter().map(|&(_, count)| count).sum();
        pairs += m * m.saturating_sub(1) / 2;
        agreeing += counts.iter().map(|&(_, count)| count * (count - 1) / 2).sum::<usize>();
    }
    PercentAgreement {
        proportion: (pairs > 0).then(|| agreeing as f64 / pairs as f64),
        pairs,
    }
}

#[cfg(test)]
mod tests;
