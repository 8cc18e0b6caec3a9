//! Alpha against Krippendorff's worked examples (2011) and, with kappa and
//! percent agreement, against values printed by
//! `tools/reliability/reference.py` (the PyPI `krippendorff` package 0.9.0
//! and scikit-learn 1.9.1's `cohen_kappa_score`), to 1e-9.

use super::*;

const N: Option<f64> = None;

fn v(x: f64) -> Option<f64> {
    Some(x)
}

/// Rows from integer codes, 0 standing for a missing value where the
/// codes start at 1.
fn coded(rows: &[&[u8]]) -> Vec<Vec<Option<f64>>> {
    rows.iter()
        .map(|r| r.iter().map(|&x| (x != 0).then_some(f64::from(x))).collect())
        .collect()
}

/// Krippendorff (2011), section C: 4 observers × 12 units, values 1–5, with
/// missing values; unit 12 has one value only.
fn paper_example() -> Vec<Vec<Option<f64>>> {
    coded(&[
        &[1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
        &[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
        &[0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
        &[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
    ])
}

/// Krippendorff (2011), section A: two observers, binary data, 10 units.
fn binary_example() -> Vec<Vec<Option<f64>>> {
    let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    [a, b]
        .iter()
        .map(|r| r.iter().map(|&x| Some(f64::from(x))).collect())
        .collect()
}

fn alpha_of(data: &[Vec<Option<f64>>], metric: Metric) -> f64 {
    krippendorff_alpha(data, metric).alpha.expect("alpha is defined")
}

fn printed(x: f64) -> String {
    format!("{x:.3}")
}

#[test]
fn paper_example_matches_every_printed_alpha() {
    let data = paper_example();
    assert_eq!(printed(alpha_of(&data, Metric::Nominal)), "0.743");
    assert_eq!(printed(alpha_of(&data, Metric::Ordinal)), "0.815");
    assert_eq!(printed(alpha_of(&data, Metric::Interval)), "0.849");
    assert_eq!(printed(alpha_of(&data, Metric::Ratio)), "0.797");
}

#[test]
fn paper_example_drops_the_unit_with_one_value() {
    let alpha = krippendorff_alpha(&paper_example(), Metric::Nominal);
    assert_eq!(alpha.units, 11);
    assert_eq!(alpha.pairable_values, 40);
}

#[test]
fn binary_example_matches_the_paper() {
    let alpha = krippendorff_alpha(&binary_example(), Metric::Nominal);
    assert_eq!(printed(alpha.alpha.unwrap()), "0.095");
    // o_01 = o_10 = 4 of n = 20 values; n_0 = 14, n_1 = 6.
    assert!((alpha.observed_disagreement - 8.0 / 20.0).abs() < 1e-12);
    assert!((alpha.expected_disagreement - 2.0 * 14.0 * 6.0 / (20.0 * 19.0)).abs() < 1e-12);
    assert_eq!((alpha.units, alpha.pairable_values), (10, 20));
}

/// The data sets of `tools/reliability/reference.py`, in the same order.
fn three_nominal() -> Vec<Vec<Option<f64>>> {
    coded(&[
        &[1, 2, 2, 3, 1, 4, 0, 2, 3, 3, 1, 2, 4, 0, 1],
        &[1, 2, 3, 3, 1, 4, 2, 2, 0, 3, 2, 2, 4, 1, 0],
        &[1, 0, 3, 3, 2, 4, 2, 1, 3, 3, 1, 0, 4, 1, 0],
    ])
}

fn two_interval() -> Vec<Vec<Option<f64>>> {
    vec![
        vec![
            v(12.5),
            v(40.0),
            v(33.0),
            N,
            v(71.25),
            v(5.0),
            v(18.0),
            v(90.0),
            N,
            v(64.5),
            v(22.0),
            v(47.0),
        ],
        vec![
            v(10.0),
            v(42.5),
            v(30.0),
            v(55.0),
            v(70.0),
            N,
            v(25.0),
            v(88.0),
            v(15.0),
            v(60.0),
            v(22.0),
            v(51.5),
        ],
    ]
}

fn four_scale() -> Vec<Vec<Option<f64>>> {
    coded(&[
        &[1, 2, 3, 5, 4, 0, 2, 1, 3, 4, 5, 2],
        &[1, 3, 3, 4, 4, 2, 0, 1, 2, 4, 5, 0],
        &[2, 2, 0, 5, 3, 2, 2, 0, 3, 5, 4, 0],
        &[1, 2, 3, 4, 0, 3, 1, 1, 3, 4, 0, 0],
    ])
}

/// Printed by `python3 tools/reliability/reference.py`: nominal, ordinal,
/// interval, ratio alpha, then percent agreement.
const THREE_NOMINAL: [f64; 5] = [
    0.7154150197628458,
    0.8906939036858792,
    0.9029649595687331,
    0.8127613331227295,
    0.75,
];
const TWO_INTERVAL: [f64; 5] = [
    0.10526315789473684,
    0.9687786960514233,
    0.9897105819224936,
    0.9684172134038611,
    0.1111111111111111,
];
const FOUR_SCALE: [f64; 5] = [
    0.3962703962703963,
    0.869844897746139,
    0.8587593728698023,
    0.8194492313407686,
    0.5,
];

const METRICS: [Metric; 4] = [Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio];

fn assert_matches_reference(data: &[Vec<Option<f64>>], reference: [f64; 5]) {
    for (metric, expected) in METRICS.iter().zip(reference) {
        let alpha = alpha_of(data, *metric);
        assert!((alpha - expected).abs() < 1e-9, "{metric:?}: {alpha} ≠ {expected}");
    }
    let agreement = percent_agreement(data).proportion.unwrap();
    assert!(
        (agreement - reference[4]).abs() < 1e-9,
        "agreement: {agreement} ≠ {}",
        reference[4]
    );
}

#[test]
fn three_coders_nominal_match_the_reference() {
    assert_matches_reference(&three_nominal(), THREE_NOMINAL);
}

#[test]
fn two_coders_interval_match_the_reference() {
    assert_matches_reference(&two_interval(), TWO_INTERVAL);
}

#[test]
fn four_coders_scale_match_the_reference() {
    assert_matches_reference(&four_scale(), FOUR_SCALE);
}

#[test]
fn kappa_matches_scikit_learn() {
    // (data, coders, kappa, units both coded) as printed by reference.py.
    let cases = [
        (three_nominal(), 0, 1, 0.7528089887640449, 11),
        (three_nominal(), 0, 2, 0.5890410958904109, 10),
        (four_scale(), 1, 3, 0.5, 8),
    ];
    for (data, a, b, expected, units) in cases {
        let kappa = cohen_kappa(&data[a], &data[b]);
        assert_eq!(kappa.units, units);
        let value = kappa.kappa.unwrap();
        assert!((value - expected).abs() < 1e-9, "coders {a},{b}: {value} ≠ {expected}");
    }
}

#[test]
fn perfect_agreement_with_variation_is_one() {
    let data = coded(&[&[1, 2, 3, 2, 0], &[1, 2, 3, 2, 1], &[0, 2, 3, 2, 1]]);
    for metric in METRICS {
        assert_eq!(krippendorff_alpha(&data, metric).alpha, Some(1.0), "{metric:?}");
    }
    assert_eq!(cohen_kappa(&data[0], &data[1]).kappa, Some(1.0));
    assert_eq!(percent_agreement(&data).proportion, Some(1.0));
}

#[test]
fn no_variation_leaves_alpha_and_kappa_undefined() {
    let same = coded(&[&[2, 2, 2, 0], &[2, 2, 0, 2]]);
    let alpha = krippendorff_alpha(&same, Metric::Interval);
    assert_eq!(alpha.alpha, None);
    assert_eq!((alpha.units, alpha.pairable_values), (2, 4));
    assert_eq!(cohen_kappa(&same[0], &same[1]).kappa, None);
    assert_eq!(
        Coincidences::new(&same).bootstrap(Metric::Nominal, &BootstrapOptions::default()),
        None
    );
}

#[test]
fn no_pairable_unit_leaves_everything_undefined() {
    let lonely = coded(&[&[1, 0, 3], &[0, 2, 0]]);
    let alpha = krippendorff_alpha(&lonely, Metric::Nominal);
    assert_eq!((alpha.alpha, alpha.units, alpha.pairable_values), (None, 0, 0));
    assert_eq!(cohen_kappa(&lonely[0], &lonely[1]), Kappa { kappa: None, units: 0 });
    assert_eq!(
        percent_agreement(&lonely),
        PercentAgreement {
            proportion: None,
            pairs: 0
        }
    );
}

#[test]
fn nan_and_short_rows_count_as_missing() {
    let mut data = paper_example();
    data[0][9] = Some(f64::NAN);
    data[1].truncate(11); // drops B's lone 3 in unit 12
    assert_eq!(
        krippendorff_alpha(&data, Metric::Nominal),
        krippendorff_alpha(&paper_example(), Metric::Nominal)
    );
}

#[test]
fn negative_zero_is_zero() {
    // One unit of −0s and one of 0s: two values to `total_cmp`, one to `==`.
    let signed = vec![vec![v(-0.0), v(0.0), v(1.0)], vec![v(-0.0), v(0.0), v(1.0)]];
    let plain = vec![vec![v(0.0), v(0.0), v(1.0)], vec![v(0.0), v(0.0), v(1.0)]];
    assert_eq!(
        krippendorff_alpha(&signed, Metric::Nominal),
        krippendorff_alpha(&plain, Metric::Nominal)
    );
    assert_eq!(percent_agreement(&signed).proportion, Some(1.0));
}

#[test]
fn bootstrap_is_deterministic_and_brackets_alpha() {
    let coincidences = Coincidences::new(&paper_example());
    let options = BootstrapOptions::default();
    let first = coincidences.bootstrap(Metric::Nominal, &options).unwrap();
    assert_eq!(Some(&first), coincidences.bootstrap(Metric::Nominal, &options).as_ref());
    assert_eq!(first.alphas().len(), 10_000);
    let alpha = coincidences.alpha(Metric::Nominal).alpha.unwrap();
    assert!(
        first.low < alpha && alpha < first.high,
        "{} < {alpha} < {}",
        first.low,
        first.high
    );
    let other = coincidences
        .bootstrap(Metric::Nominal, &BootstrapOptions { seed: 7, ..options })
        .unwrap();
    assert_ne!(first.alphas(), other.alphas(), "the seed drives the draws");
}

#[test]
fn bootstrap_interval_cuts_two_and_a_half_percent_each_side() {
    let boot = Coincidences::new(&four_scale())
        .bootstrap(Metric::Interval, &BootstrapOptions::default())
        .unwrap();
    // KALPHA's limits are the 250th and the 9,751st of 10,000 sorted alphas.
    let at_most = |limit: f64| boot.alphas().iter().filter(|&&a| a <= limit).count();
    assert!(boot.probability_below(boot.low) < 0.025 && at_most(boot.low) >= 250);
    assert!(boot.probability_below(boot.high) <= 0.975 && at_most(boot.high) >= 9751);
    assert!(boot.low < boot.high);
    assert!(boot.alphas().windows(2).all(|w| w[0] <= w[1]));
    assert!(boot.alphas().iter().all(|a| (-1.0..=1.0).contains(a)));
}

#[test]
fn bootstrap_draws_as_many_pairs_as_kalpha() {
    // Paper example: q = 15 non-empty cells, m = 4 coders, n = 40 values:
    // M = min(25 × 15, 3 × 40 / 2) = 60.
    let boot = Coincidences::new(&paper_example())
        .bootstrap(Metric::Nominal, &BootstrapOptions::default())
        .unwrap();
    assert_eq!(boot.pairs_per_draw, 60);
}

#[test]
fn probability_below_a_minimum_is_the_share_of_resamples_below() {
    let boot = Coincidences::new(&paper_example())
        .bootstrap(Metric::Nominal, &BootstrapOptions::default())
        .unwrap();
    let below_08 = boot.alphas().iter().filter(|&&a| a < 0.8).count() as f64 / 10_000.0;
    assert_eq!(boot.probability_below(0.8), below_08);
    assert!(boot.probability_below(0.667) < boot.probability_below(0.8));
    assert_eq!(boot.probability_below(-1.0), 0.0);
    assert_eq!(boot.probability_below(1.5), 1.0);
}

#[test]
fn resamples_without_variation_count_as_zero() {
    // Perfect agreement: o_11 = 4, o_22 = 2 of n = 6, M = min(25 × 2, 3) = 3.
    // Every resample reads alpha 1, and (4/6)³ + (2/6)³ = 1/3 of them are
    // expected to hold one value only, so a third become 0.
    let data = coded(&[&[1, 1, 2], &[1, 1, 2]]);
    let boot = Coincidences::new(&data)
        .bootstrap(Metric::Nominal, &BootstrapOptions { draws: 3000, seed: 1 })
        .unwrap();
    assert_eq!(boot.pairs_per_draw, 3);
    assert_eq!(boot.alphas().iter().filter(|&&a| a == 0.0).count(), 1000);
    assert_eq!(boot.alphas().iter().filter(|&&a| a == 1.0).count(), 2000);
}

/// Half-open spans from (start, end) pairs.
fn spans(pairs: &[(u64, u64)]) -> Vec<std::ops::Range<u64>> {
    pairs.iter().map(|&(start, end)| start..end).collect()
}

/// Krippendorff (1995, p. 57), pair A over a continuum of 24: Bertha's
/// units 2–10 and 14–20, Bill's 4–8 and 15–17. δ² = (2² + 2²) + (1² + 3²)
/// = 18, so uD_o = 2 × 18 / (2 × 1 × 24²) = 0.03125 as printed.
#[test]
fn unitizing_observed_disagreement_matches_krippendorff_1995() {
    let u = unitizing_alpha(24, &[spans(&[(2, 10), (14, 20)]), spans(&[(4, 8), (15, 17)])]);
    assert_eq!(u.observed_disagreement, 0.03125);
    // Pair C: δ² sums to 16, uD_o = 16 / 576, printed as 0.02777.
    let c = unitizing_alpha(
        24,
        &[
            spans(&[(2, 8), (10, 12), (14, 18), (20, 22)]),
            spans(&[(0, 2), (4, 8), (10, 14), (16, 18), (20, 22)]),
        ],
    );
    assert!((c.observed_disagreement - 16.0 / 576.0).abs() < 1e-15);
    let (b, d) = krippendorff_1995_b_and_d(1);
    assert_eq!(format!("{:.5}", b.observed_disagreement), "2.26736");
    assert_eq!(format!("{:.5}", d.observed_disagreement), "0.38715");
}

/// Pairs B and D of the same example (adjacent units stay apart), every
/// position stretched `k`-fold.
fn krippendorff_1995_b_and_d(k: u64) -> (UnitizingAlpha, UnitizingAlpha) {
    let jill = [0..2, 2..3, 3..4, 4..5, 5..6, 6..9, 9..10];
    let heather = [0..2, 2..10, 10..14, 14..20, 20..24];
    let hill = [0..4, 4..8, 8..15, 15..17, 17..24];
    let stretch = |spans: &[std::ops::Range<u64>]| spans.iter().map(|s| s.start * k..s.end * k).collect();
    let b = unitizing_alpha(24 * k, &[spans(&[(0, 18 * k)]), stretch(&jill)]);
    let d = unitizing_alpha(24 * k, &[stretch(&heather), stretch(&hill)]);
    (b, d)
}

/// Krippendorff's expected disagreement treats positions as near
/// continuous; stretched 50,000-fold, pairs A and D give uD_e and uα as
/// quoted from Krippendorff (1995) in DKPro Statistics' test of this
/// example (A: 0.06990, 0.553; D: 0.41445, 0.066). Pairs B and C come out
/// about 0.002–0.014 away from the figures quoted there, which that test
/// also allows, putting it down to an error in the paper's uD_e.
#[test]
fn unitizing_alpha_matches_krippendorff_1995_when_fine_grained() {
    let k = 50_000;
    let a = unitizing_alpha(
        24 * k,
        &[
            spans(&[(2 * k, 10 * k), (14 * k, 20 * k)]),
            spans(&[(4 * k, 8 * k), (15 * k, 17 * k)]),
        ],
    );
    assert_eq!(format!("{:.5}", a.expected_disagreement), "0.06990");
    assert_eq!(printed(a.alpha.unwrap()), "0.553");
    let (_, d) = krippendorff_1995_b_and_d(k);
    assert_eq!(format!("{:.5}", d.expected_disagreement), "0.41445");
    assert_eq!(printed(d.alpha.unwrap()), "0.066");
}

/// By hand over L = 10: A codes 2–5, B 3–5.
/// Segments A: gap 2, unit 3, gap 5; B: gap 3, unit 2, gap 5.
/// uD_o: the units overlap, δ² = (2 − 3)² + (5 − 5)² = 1; A's unit is not
/// inside B's first gap (it reaches past it): 2 × 1 / (2 × 1 × 100) = 0.01.
/// uD_e: N = 2 units, gaps 2, 5, 3, 5.
///   l = 3: (2 − 1)(54 − 27 + 3)/3 = 10, plus 9 × [(5−2) + (3−2) + (5−2)] = 63;
///   l = 2: (16 − 12 + 2)/3 = 2, plus 4 × [1 + 4 + 2 + 4] = 44;
///   (2/10)(73 + 46) / (20 × 19 − (6 + 2)) = 23.8 / 372.
/// uα = 1 − 0.01 × 372 / 23.8 = 502/595.
#[test]
fn unitizing_alpha_of_two_coders_by_hand() {
    let u = unitizing_alpha(10, &[spans(&[(2, 5)]), spans(&[(3, 5)])]);
    assert!((u.observed_disagreement - 0.01).abs() < 1e-15);
    assert!((u.expected_disagreement - 23.8 / 372.0).abs() < 1e-15);
    assert!((u.alpha.unwrap() - 502.0 / 595.0).abs() < 1e-12);
}

/// By hand over L = 10, adding C with 7–8, inside A's and B's last gap.
/// uD_o: A–B 1; A–C: A's 2–5 inside C's gap 0–7 (9), C's 7–8 inside A's
/// gap 5–10 (1); B–C: 4 + 1. 2 × 16 / (3 × 2 × 100) = 32/600.
/// uD_e: N = 3, gaps 2, 5, 3, 5, 7, 2.
///   l = 3: 2 × 30/3 = 20, plus 9 × (3 + 1 + 3 + 5) = 108;
///   l = 2: 2 × 6/3 = 4, plus 4 × (1 + 4 + 2 + 4 + 6 + 1) = 72;
///   l = 1: 0, plus 1 × 24 = 24;
///   (2/10) × 228 / (30 × 29 − 8) = 45.6 / 862.
/// uα = 1 − (32/600)(862/45.6) = −7/855: no better than chance.
#[test]
fn unitizing_alpha_of_three_coders_by_hand() {
    let u = unitizing_alpha(10, &[spans(&[(2, 5)]), spans(&[(3, 5)]), spans(&[(7, 8)])]);
    assert!((u.observed_disagreement - 32.0 / 600.0).abs() < 1e-15);
    assert!((u.expected_disagreement - 45.6 / 862.0).abs() < 1e-15);
    assert!((u.alpha.unwrap() + 7.0 / 855.0).abs() < 1e-12);
}

#[test]
fn unitizing_alpha_is_one_for_the_same_spans_however_given() {
    // Overlapping spans of one coder are one unit; spans past the end are cut.
    let u = unitizing_alpha(
        30,
        &[
            spans(&[(3, 9), (12, 20)]),
            spans(&[(12, 16), (3, 9), (15, 20)]),
            spans(&[(3, 9), (12, 20), (30, 40)]),
        ],
    );
    assert_eq!((u.alpha, u.observed_disagreement), (Some(1.0), 0.0));
}

#[test]
fn unitizing_alpha_is_undefined_without_units_or_pairs() {
    assert_eq!(unitizing_alpha(10, &[spans(&[]), spans(&[])]).alpha, None);
    assert_eq!(unitizing_alpha(10, &[spans(&[(2, 5)])]).alpha, None);
    assert_eq!(unitizing_alpha(0, &[spans(&[(0, 5)]), spans(&[(0, 5)])]).alpha, None);
    // One position, coded by both: no way to disagree, no variation.
    assert_eq!(unitizing_alpha(1, &[spans(&[(0, 1)]), spans(&[(0, 1)])]).alpha, None);
}
