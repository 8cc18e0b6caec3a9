//! Fits the confidence calibration (`assets/calibration.json`) and draws
//! its reliability diagram (`docs/reliability.svg`).
//!
//! Every suggestion the rules make on the coded articles of the fit pool
//! (dev, heldout-2025 and the tuning set of `tests/fixtures/coded/`) is a
//! labelled example: right when it matches a gold stance with its position
//! (as `score.py` matches: same actor and issue, half the gold evidence's
//! words), wrong otherwise. A logistic regression over what the rule did
//! (`analysis::calibration::Features`) is cross-validated with k folds by
//! article (the penalty is chosen on the folds), then fitted on the whole
//! pool. The final held-out articles only report: the share of right
//! suggestions among those the calibration puts at 0.70 or more, with a
//! bootstrap interval.
//!
//! `cargo run --release --example calibrate` (add `-- --check` to print
//! the figures without writing anything).

#[path = "../tests/common/score.rs"]
mod score;

use score::*;
use stance_tracker::analysis::Analyzer;
use stance_tracker::analysis::calibration::{Calibration, INPUTS, Inputs};
use stance_tracker::analysis::output::ArticleOutput;
use stance_tracker::import::{self, LoadOptions};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FOLDS: usize = 5;
const PENALTIES: [f64; 5] = [0.3, 1.0, 3.0, 10.0, 30.0];
const SEED: u64 = 20261204;
const BOOTSTRAP: usize = 2000;

/// One suggestion: its inputs, the rule's own confidence, and whether it is right.
#[derive(Clone)]
struct Example {
    x: Inputs,
    rule: f64,
    right: bool,
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Per article, its labelled suggestions (most confident first, each gold
/// stance matched once).
fn labelled(analyzer: &Analyzer, pairs: &[(PathBuf, PathBuf)]) -> Vec<Vec<Example>> {
    pairs
        .iter()
        .map(|(text, gold)| {
            let loaded = import::load_file(text, &LoadOptions::default())
                .result
                .unwrap_or_else(|e| panic!("{}: {e}", text.display()))
                .remove(0);
            let result = analyzer.analyze(&loaded.text, loaded.date);
            let out = serde_json::to_value(ArticleOutput::new(text.display().to_string(), &loaded, &result)).unwrap();
            let (_, gold) = load_gold(gold);
            let pmap = actor_map(&out, &gold);
            let gstances = arr(&gold, "stances");
            let stances = arr(&out, "stances");
            let mut order: Vec<usize> = (0..stances.len()).collect();
            order.sort_by(|&a, &b| result.stances[b].confidence.total_cmp(&result.stances[a].confidence));
            let mut taken = HashSet::new();
            order
                .into_iter()
                .map(|i| {
                    let s = &stances[i];
                    let right = matching_gold(s, &gstances, &pmap, &taken).is_some_and(|j| {
                        taken.insert(j);
                        py_str(s.get("position")).to_lowercase() == get_str(&gstances[j], "position")
                    });
                    let f = &result.stances[i].features;
                    Example {
                        x: f.inputs(),
                        rule: f.rule_confidence as f64,
                        right,
                    }
                })
                .collect()
        })
        .collect()
}

fn log_loss(ps: &[f64], ys: &[bool]) -> f64 {
    let n = ps.len().max(1) as f64;
    ps.iter()
        .zip(ys)
        .map(|(&p, &y)| {
            let p = p.clamp(1e-4, 1.0 - 1e-4);
            if y { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum::<f64>()
        / n
}

fn brier(ps: &[f64], ys: &[bool]) -> f64 {
    let n = ps.len().max(1) as f64;
    ps.iter()
        .zip(ys)
        .map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2))
        .sum::<f64>()
        / n
}

/// Out-of-fold probabilities: each article's suggestions predicted by a fit
/// on the other folds' articles.
fn out_of_fold(articles: &[Vec<Example>], fold_of: &[usize], model: Model, l2: f64) -> Vec<f64> {
    let mut p = vec![0.0; articles.iter().map(Vec::len).sum()];
    for k in 0..FOLDS {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for (a, ex) in articles.iter().enumerate().filter(|(a, _)| fold_of[*a] != k) {
            let _ = a;
            xs.extend(ex.iter().map(|e| model.inputs(&e.x)));
            ys.extend(ex.iter().map(|e| e.right));
        }
        let fit = model.fit(&xs, &ys, l2);
        let mut at = 0;
        for (a, ex) in articles.iter().enumerate() {
            for e in ex {
                if fold_of[a] == k {
                    p[at] = fit.probability_of(&e.x);
                }
                at += 1;
            }
        }
    }
    p
}

/// The models the folds choose between: the more inputs, the more
/// suggestions a fit needs before it beats a simpler one.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Model {
    /// The rules' own confidences, unchanged.
    Identity,
    /// Platt scaling: an intercept and a slope on the rule's confidence.
    Platt,
    /// Every input of `Features`.
    Full,
}

impl Model {
    fn inputs(self, x: &Inputs) -> Inputs {
        let mut x = *x;
        if self != Model::Full {
            // A zero input keeps its weight at zero in the fit.
            x[2..].iter_mut().for_each(|v| *v = 0.0);
        }
        x
    }

    fn fit(self, xs: &[Inputs], ys: &[bool], l2: f64) -> Calibration {
        match self {
            Model::Identity => {
                let mut w = [0.0; INPUTS.len()];
                w[1] = 1.0;
                Calibration::from_weights(&w)
            }
            _ => Calibration::fit(xs, ys, l2),
        }
    }
}

/// Reliability bins of width 0.1: (mean predicted, share right, count).
fn bins(ps: &[f64], ys: &[bool]) -> Vec<(f64, f64, usize)> {
    let mut b = vec![(0.0, 0.0, 0usize); 10];
    for (&p, &y) in ps.iter().zip(ys) {
        let i = ((p * 10.0) as usize).min(9);
        b[i].0 += p;
        b[i].1 += f64::from(u8::from(y));
        b[i].2 += 1;
    }
    b.into_iter()
        .filter(|b| b.2 > 0)
        .map(|(p, y, n)| (p / n as f64, y / n as f64, n))
        .collect()
}

/// Share right among those at or above `t`, and its bootstrap 95% interval
/// (suggestions resampled with replacement).
fn precision_at(ps: &[f64], ys: &[bool], t: f64, rng: &mut Lcg) -> (usize, f64, f64, f64) {
    // As the app shows and compares them: to two decimals.
    let shown = |p: f64| (p * 100.0).round() / 100.0;
    let chosen: Vec<bool> = ps
        .iter()
        .zip(ys)
        .filter(|(p, _)| shown(**p) >= t)
        .map(|(_, &y)| y)
        .collect();
    let n = chosen.len();
    if n == 0 {
        return (0, f64::NAN, f64::NAN, f64::NAN);
    }
    let share = |v: &mut dyn Iterator<Item = bool>| {
        let (mut k, mut m) = (0usize, 0usize);
        for y in v {
            k += usize::from(y);
            m += 1;
        }
        k as f64 / m as f64
    };
    let point = share(&mut chosen.iter().copied());
    let mut reps: Vec<f64> = (0..BOOTSTRAP)
        .map(|_| share(&mut (0..n).map(|_| chosen[rng.below(n)])))
        .collect();
    reps.sort_by(f64::total_cmp);
    (n, point, reps[BOOTSTRAP * 25 / 1000], reps[BOOTSTRAP * 975 / 1000 - 1])
}

fn svg(series: &[(&str, &str, Vec<(f64, f64, usize)>)]) -> String {
    let (w, top, m, side) = (560.0, 40.0 + 18.0 * series.len() as f64, 60.0, 360.0);
    let h = top + side + 50.0;
    let x = |p: f64| m + p * side;
    let y = |p: f64| top + (1.0 - p) * side;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, sans-serif" font-size="12">"##
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    for i in 0..=10 {
        let v = i as f64 / 10.0;
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#e4e4e4"/><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#e4e4e4"/>"##,
            x(v),
            y(0.0),
            x(v),
            y(1.0),
            x(0.0),
            y(v),
            x(1.0),
            y(v)
        );
        if i % 2 == 0 {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{v:.1}</text><text x="{:.1}" y="{:.1}" text-anchor="end">{v:.1}</text>"##,
                x(v),
                y(0.0) + 16.0,
                x(0.0) - 6.0,
                y(v) + 4.0
            );
        }
    }
    let _ = writeln!(
        s,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#888" stroke-dasharray="4 3"/>"##,
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0)
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">confidence shown (bins of 0.1; the number is the suggestions in the bin)</text><text transform="translate({:.1},{:.1}) rotate(-90)" text-anchor="middle">share that match the coding</text>"##,
        x(0.5),
        h - 12.0,
        18.0,
        y(0.5)
    );
    for (k, (label, colour, pts)) in series.iter().enumerate() {
        let path: Vec<String> = pts
            .iter()
            .map(|&(p, q, _)| format!("{:.1},{:.1}", x(p), y(q)))
            .collect();
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.5"/>"##,
            path.join(" ")
        );
        for &(p, q, n) in pts {
            let r = 3.0 + (n as f64).sqrt();
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.5" stroke="{colour}"/><text x="{:.1}" y="{:.1}" fill="{colour}">{n}</text>"##,
                x(p),
                y(q),
                x(p) + r + 2.0,
                y(q) - r
            );
        }
        let ly = 22.0 + k as f64 * 18.0;
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{ly:.1}" r="5" fill="{colour}" fill-opacity="0.5" stroke="{colour}"/><text x="{:.1}" y="{:.1}">{label}</text>"##,
            m + 6.0,
            m + 16.0,
            ly + 4.0
        );
    }
    s.push_str("</svg>\n");
    s
}

fn pool_names(pairs: &[(PathBuf, PathBuf)], root: &Path) -> Vec<String> {
    pairs
        .iter()
        .map(|(t, _)| t.strip_prefix(root).unwrap_or(t).display().to_string())
        .collect()
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("tests/fixtures");
    let coded = root.join("coded");
    let mut pool = pairs_in(&root.join("dev"));
    pool.extend(pairs_in(&root.join("heldout")));
    pool.extend(coded_set(&coded, "tuning"));
    let held_out = coded_set(&coded, "final_heldout");

    let raw = Analyzer::standalone().uncalibrated();
    let articles = labelled(&raw, &pool);
    let all: Vec<Example> = articles.concat();
    let ys: Vec<bool> = all.iter().map(|e| e.right).collect();
    let rule: Vec<f64> = all.iter().map(|e| e.rule).collect();
    println!(
        "fit pool: {} articles, {} suggestions, {} right ({:.0}%)",
        pool.len(),
        all.len(),
        ys.iter().filter(|&&y| y).count(),
        100.0 * ys.iter().filter(|&&y| y).count() as f64 / all.len().max(1) as f64
    );

    // Folds by article, shuffled with the seed.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let mut rng = Lcg(SEED);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut fold_of = vec![0; articles.len()];
    for (k, &a) in order.iter().enumerate() {
        fold_of[a] = k % FOLDS;
    }
    println!(
        "the rules' own confidences: log loss {:.3}, Brier {:.3}",
        log_loss(&rule, &ys),
        brier(&rule, &ys)
    );
    let mut best = (f64::INFINITY, Model::Identity, 0.0, Vec::new());
    let mut tried = Vec::new();
    for model in [Model::Identity, Model::Platt, Model::Full] {
        let penalties: &[f64] = if model == Model::Identity { &[0.0] } else { &PENALTIES };
        for &l2 in penalties {
            let p = out_of_fold(&articles, &fold_of, model, l2);
            let ll = log_loss(&p, &ys);
            println!(
                "{FOLDS}-fold by article, {model:?}, penalty {l2:>4}: log loss {ll:.3}, Brier {:.3}",
                brier(&p, &ys)
            );
            tried.push(serde_json::json!({"model": format!("{model:?}"), "penalty": l2, "cv_log_loss": (ll * 1000.0).round() / 1000.0}));
            // A richer model must beat a simpler one clearly, not by noise.
            if ll < best.0 - 0.005 {
                best = (ll, model, l2, p);
            }
        }
    }
    let (cv_ll, model, l2, oof) = best;
    let xs: Vec<Inputs> = all.iter().map(|e| model.inputs(&e.x)).collect();
    let mut fit = model.fit(&xs, &ys, l2);
    println!("chosen: {model:?}, penalty {l2}: weights");
    for (n, w) in &fit.weights {
        println!("  {w:>7.3}  {n}");
    }

    let test = labelled(&raw, &held_out).concat();
    let tp: Vec<f64> = test.iter().map(|e| fit.probability_of(&e.x)).collect();
    let ty: Vec<bool> = test.iter().map(|e| e.right).collect();
    let mut boot = Lcg(SEED ^ 0x9e37);
    let (n70, p70, lo, hi) = precision_at(&tp, &ty, 0.70, &mut boot);
    let (cn70, cp70, clo, chi) = precision_at(&oof, &ys, 0.70, &mut boot);
    println!("cross-validated, at ≥ 0.70: {cn70} suggestions, {cp70:.2} right (95% bootstrap {clo:.2}–{chi:.2})");
    println!(
        "final held-out: {} articles, {} suggestions, {} right; at ≥ 0.70: {n70}, {p70:.2} right (95% bootstrap {lo:.2}–{hi:.2})",
        held_out.len(),
        test.len(),
        ty.iter().filter(|&&y| y).count()
    );
    println!("reliability (cross-validated): mean shown → share right (n)");
    for (p, q, n) in bins(&oof, &ys) {
        println!("  {p:.2} → {q:.2} ({n})");
    }
    if check {
        return;
    }
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    fit.fitted_on = pool_names(&pool, &root);
    fit.report = serde_json::json!({
        "command": "cargo run --release --example calibrate",
        "suggestions": all.len(),
        "right": ys.iter().filter(|&&y| y).count(),
        "folds": FOLDS,
        "model": format!("{model:?}"),
        "penalty": l2,
        "tried": tried,
        "rule_log_loss": r(log_loss(&rule, &ys)),
        "rule_brier": r(brier(&rule, &ys)),
        "cv_log_loss": r(cv_ll),
        "cv_brier": r(brier(&oof, &ys)),
        "cv_at_0_70": {"suggestions": cn70, "right_share": r(cp70)},
        "final_heldout": {"suggestions": test.len(), "at_0_70": n70, "right_share_at_0_70": if n70 > 0 { serde_json::json!(r(p70)) } else { serde_json::Value::Null }},
    });
    let path = manifest.join("assets/calibration.json");
    std::fs::write(&path, serde_json::to_string_pretty(&fit).unwrap() + "\n").expect("write calibration");
    println!("wrote {}", path.display());
    let pool_label = format!("fit pool ({} articles), the rules' own confidence", pool.len());
    let cv_label = format!("fit pool, {model:?} calibration, cross-validated ({FOLDS} folds)");
    let test_label = format!("final held-out ({} articles), as shipped", held_out.len());
    let mut series = vec![(pool_label.as_str(), "#d95f02", bins(&rule, &ys))];
    // With no refit the cross-validated points are the rules' own.
    if model != Model::Identity {
        series.push((cv_label.as_str(), "#1b9e77", bins(&oof, &ys)));
    }
    series.push((test_label.as_str(), "#7570b3", bins(&tp, &ty)));
    let diagram = svg(&series);
    let path = manifest.join("docs/reliability.svg");
    std::fs::write(&path, diagram).expect("write diagram");
    println!("wrote {}", path.display());
    let _ = INPUTS;
}
