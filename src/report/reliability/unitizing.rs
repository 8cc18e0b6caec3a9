//! Krippendorff's unitizing alpha (uα) for one category: how well coders
//! agree on where the stretches of a continuum that belong to it begin and
//! end (e.g. the evidence spans of one issue over one article's text).
//!
//! Definitions of Krippendorff, K. (2004), *Content Analysis: An
//! Introduction to Its Methodology*, 2nd ed., section 12.5 (after
//! Krippendorff 1995, "On the reliability of unitizing continuous data",
//! Sociological Methodology 25): each coder's continuum of length L is cut
//! into units and the gaps between them, and
//!
//! - uD_o = Σ over ordered pairs of coders and their segments of δ² ÷
//!   (m (m − 1) L²), where δ² of two overlapping units is the squared
//!   difference of their starts plus that of their ends, δ² of a unit
//!   lying wholly inside the other coder's gap is its length squared, and
//!   every other pair is 0;
//! - uD_e = (2 / L) Σ_units [ (N − 1) (2l³ − 3l² + l) / 3 + l² Σ_gaps of
//!   length ≥ l (l_gap − l + 1) ] ÷ (m L (m L − 1) − Σ_units l (l − 1)),
//!   N the units of all coders, gaps of all coders;
//! - uα = 1 − uD_o / uD_e.
//!
//! Positions are whole numbers (e.g. char offsets), as the "+ 1" of uD_e
//! counts the positions a unit can take within a gap.

use std::ops::Range;

/// Unitizing alpha of one category and its two disagreements.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitizingAlpha {
    /// 1 − uD_o / uD_e; `None` with fewer than two coders or an empty
    /// continuum (both disagreements are then 0), and where uD_e is 0: no
    /// unit at all, or none that could lie anywhere else.
    pub alpha: Option<f64>,
    /// uD_o.
    pub observed_disagreement: f64,
    /// uD_e.
    pub expected_disagreement: f64,
}

/// A stretch of one coder's continuum: a unit of the category or a gap.
#[derive(Clone, Copy, Debug)]
struct Segment {
    start: u64,
    len: u64,
    unit: bool,
}

/// One coder's continuum `0..length` as units and gaps. Spans are clipped
/// to the continuum, and overlapping ones merged, since uα takes a coder's
/// units of one category to be disjoint.
fn segments(length: u64, spans: &[Range<u64>]) -> Vec<Segment> {
    let mut units: Vec<Range<u64>> = spans
        .iter()
        .map(|s| s.start.min(length)..s.end.min(length))
        .filter(|s| !s.is_empty())
        .collect();
    units.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<u64>> = Vec::with_capacity(units.len());
    for span in units {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let mut segments = Vec::with_capacity(2 * merged.len() + 1);
    let mut at = 0;
    for unit in merged {
        if unit.start > at {
            segments.push(Segment {
                start: at,
                len: unit.start - at,
                unit: false,
            });
        }
        segments.push(Segment {
            start: unit.start,
            len: unit.end - unit.start,
            unit: true,
        });
        at = unit.end;
    }
    if at < length {
        segments.push(Segment {
            start: at,
            len: length - at,
            unit: false,
        });
    }
    segments
}

/// δ² of segment `a` of one coder and `b` of another.
fn delta(a: Segment, b: Segment) -> u128 {
    let (a_end, b_end) = (a.start + a.len, b.start + b.len);
    let square = |x: u64| u128::from(x) * u128::from(x);
    match (a.unit, b.unit) {
        (true, true) if a.start < b_end && b.start < a_end => {
            square(a.start.abs_diff(b.start)) + square(a_end.abs_diff(b_end))
        }
        (true, false) if b.start <= a.start && a_end <= b_end => square(a.len),
        (false, true) if a.start <= b.start && b_end <= a_end => square(b.len),
        _ => 0,
    }
}

/// Unitizing alpha of one category over a continuum `0..length`:
/// `coders[i]` are coder i's spans of the category (half-open, in the
/// continuum's positions).
pub fn unitizing_alpha<S: AsRef<[Range<u64>]>>(length: u64, coders: &[S]) -> UnitizingAlpha {
    let undefined = UnitizingAlpha {
        alpha: None,
        observed_disagreement: 0.0,
        expected_disagreement: 0.0,
    };
    if coders.len() < 2 || length == 0 {
        return undefined;
    }
    let continua: Vec<Vec<Segment>> = coders.iter().map(|spans| segments(length, spans.as_ref())).collect();
    let (m, l) = (continua.len() as f64, length as f64);
    // Each unordered pair of coders stands for both orders.
    let observed = 2.0 * observed_sum(&continua) as f64 / (m * (m - 1.0) * l * l);
    let (numerator, denominator) = expected_sums(&continua, length);
    let expected = 2.0 * numerator as f64 / (l * denominator as f64);
    UnitizingAlpha {
        alpha: (expected > 0.0).then(|| 1.0 - observed / expected),
        observed_disagreement: observed,
        expected_disagreement: expected,
    }
}

/// Σ δ² over the segments of every unordered pair of coders; a pair of
/// segments that do not meet adds 0, so all pairs can be tried. Integer
/// sums keep the figures exact until the final ratios.
fn observed_sum(continua: &[Vec<Segment>]) -> u128 {
    let mut sum = 0;
    for (i, first) in continua.iter().enumerate() {
        for second in &continua[i + 1..] {
            for &a in first {
                sum += second.iter().map(|&b| delta(a, b)).sum::<u128>();
            }
        }
    }
    sum
}

/// The numerator of uD_e without its 2 / L, and its denominator (positive
/// for two coders or more: Σ l (l − 1) ≤ m L (L − 1)).
fn expected_sums(continua: &[Vec<Segment>], length: u64) -> (u128, u128) {
    let all = || continua.iter().flatten();
    let units: Vec<u128> = all().filter(|s| s.unit).map(|s| u128::from(s.len)).collect();
    let gaps: Vec<u128> = all().filter(|s| !s.unit).map(|s| u128::from(s.len)).collect();
    let others = (units.len() as u128).saturating_sub(1);
    let numerator = units
        .iter()
        .map(|&u| {
            // 2l³ − 3l² + l = l (l − 1) (2l − 1), a multiple of 6: exact.
            let with_units = others * u * (u - 1) * (2 * u - 1) / 3;
            let in_gaps: u128 = gaps.iter().filter(|&&g| g >= u).map(|&g| g - u + 1).sum();
            with_units + u * u * in_gaps
        })
        .sum();
    let ml = continua.len() as u128 * u128::from(length);
    let denominator = ml * (ml - 1) - units.iter().map(|&u| u * (u - 1)).sum::<u128>();
    (numerator, denominator)
}
