//! Confidence as a probability of being right.
//!
//! The rules give every suggestion a hand-set confidence (how the agent was
//! found, negation, hedges). On coded articles those figures were not
//! probabilities: most suggestions said 0.75 and far fewer than 75% of them
//! matched the coding on articles the rules were not written from. So the
//! confidence an analyst sees is a logistic regression over what the rule
//! and the parse did ([`Features`]), fitted on coded articles by
//! `examples/calibrate.rs` (k-fold cross-validated; never on the final
//! held-out set) and shipped as `assets/calibration.json`.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What a suggestion's rule did, recorded as it is made.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Features {
    /// The rule's own confidence (its base, negation, hedges, several cues).
    pub rule_confidence: f32,
    pub agent: AgentRule,
    /// A negation flipped the position.
    pub negated: bool,
    /// A hedge ("might", "reportedly") weakened the statement.
    pub hedged: bool,
    /// Support or oppose cues that decided the position (0: the topic word
    /// alone, as in "United States sanctions").
    pub polar_cues: u8,
    /// The cue is a phrase of two or more words ("held talks").
    pub phrase_cue: bool,
    /// The cue is inside a direct quotation.
    pub quoted: bool,
    /// Actors the same cue was given to ("Russia and China rejected").
    pub agents: u8,
    /// Consecutive sentences merged into this suggestion.
    pub sentences: u8,
}

/// How the agent of the cue was found, in the groups the fit can tell apart
/// on a few hundred coded suggestions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AgentRule {
    /// The speaker of a quote, or the subject inside it.
    Quote,
    /// Reported speech: the speaker or the reported clause's subject.
    Reported,
    /// The owner of the cue noun: "the EU's sanctions".
    Possessor,
    /// The subject in the dependency parse.
    Parsed,
    /// The subject found without a parse, the agent after "by", or the
    /// antecedent of "which".
    #[default]
    Narrative,
    /// A speaker condemning the target of the issue.
    Condemnation,
    /// Someone taking part with the agent: "met with X".
    Partner,
}

/// The names of the regression's inputs, in order: `assets/calibration.json`
/// names its weights by them, so a file made for other inputs is refused.
pub const INPUTS: [&str; 13] = [
    "intercept",
    "logit of the rule's confidence",
    "agent: quote",
    "agent: reported speech",
    "agent: possessor",
    "agent: parse",
    "agent: condemnation",
    "agent: partner",
    "negated",
    "hedged",
    "position from the topic word alone",
    "phrase cue",
    "several agents or sentences",
];

pub type Inputs = [f64; INPUTS.len()];

fn logit(p: f64) -> f64 {
    let p = p.clamp(0.02, 0.98);
    (p / (1.0 - p)).ln()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Features {
    pub fn inputs(&self) -> Inputs {
        let b = |x: bool| f64::from(u8::from(x));
        [
            1.0,
            logit(self.rule_confidence as f64),
            b(self.agent == AgentRule::Quote),
            b(self.agent == AgentRule::Reported),
            b(self.agent == AgentRule::Possessor),
            b(self.agent == AgentRule::Parsed),
            b(self.agent == AgentRule::Condemnation),
            b(self.agent == AgentRule::Partner),
            b(self.negated),
            b(self.hedged),
            b(self.polar_cues == 0),
            b(self.phrase_cue),
            b(self.agents > 1 || self.sentences > 1),
        ]
    }
}

/// A fitted calibration, as `assets/calibration.json` stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// One per [`INPUTS`], by name.
    pub weights: Vec<(String, f64)>,
    /// What it was fitted on and how well it did, for README and the curious.
    #[serde(default)]
    pub fitted_on: Vec<String>,
    #[serde(default)]
    pub report: serde_json::Value,
}

impl Calibration {
    /// The shipped calibration, parsed once.
    pub fn bundled() -> &'static Calibration {
        static BUNDLED: OnceLock<Calibration> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Calibration::parse(include_str!("../../assets/calibration.json"))
                .expect("assets/calibration.json is checked by the tests")
        })
    }

    pub fn parse(json: &str) -> Result<Calibration, String> {
        let c: Calibration = serde_json::from_str(json).map_err(|e| format!("not a calibration file: {e}"))?;
        let names: Vec<&str> = c.weights.iter().map(|(n, _)| n.as_str()).collect();
        if names != INPUTS {
            return Err(format!(
                "the calibration's inputs are {names:?}, this version reads {INPUTS:?}: refit it with `cargo run --release --example calibrate`"
            ));
        }
        if c.weights.iter().any(|(_, w)| !w.is_finite()) {
            return Err("a calibration weight is not a finite number".into());
        }
        Ok(c)
    }

    pub fn from_weights(w: &Inputs) -> Calibration {
        Calibration {
            weights: INPUTS.iter().zip(w).map(|(n, &w)| (n.to_string(), w)).collect(),
            fitted_on: Vec::new(),
            report: serde_json::Value::Null,
        }
    }

    fn linear(&self, x: &Inputs) -> f64 {
        self.weights.iter().zip(x).map(|((_, w), x)| w * x).sum()
    }

    pub fn probability_of(&self, x: &Inputs) -> f64 {
        sigmoid(self.linear(x))
    }

    /// The probability that a suggestion made this way is right, rounded
    /// to the two decimals the app shows, within 0.01–0.99.
    pub fn probability(&self, f: &Features) -> f32 {
        let p = self.probability_of(&f.inputs()).clamp(0.01, 0.99);
        ((p * 100.0).round() / 100.0) as f32
    }

    /// Fits by Newton's method (iteratively reweighted least squares) with
    /// an L2 penalty `l2` on every weight but the intercept: with a few
    /// hundred examples, a rare input (say, a hedge seen twice) must not get
    /// a weight of ±20 from two lucky cases.
    pub fn fit(xs: &[Inputs], ys: &[bool], l2: f64) -> Calibration {
        const N: usize = INPUTS.len();
        let mut w = [0.0f64; N];
        // The intercept starts at the base rate, so that an input never seen
        // stays at it.
        let pos = ys.iter().filter(|&&y| y).count() as f64;
        let rate = ((pos + 0.5) / (ys.len() as f64 + 1.0)).clamp(0.01, 0.99);
        w[0] = (rate / (1.0 - rate)).ln();
        for _ in 0..50 {
            let mut grad = [0.0f64; N];
            let mut hess = [[0.0f64; N]; N];
            for (x, &y) in xs.iter().zip(ys) {
                let p = sigmoid(x.iter().zip(&w).map(|(a, b)| a * b).sum());
                let r = p - f64::from(u8::from(y));
                let v = (p * (1.0 - p)).max(1e-9);
                for i in 0..N {
                    grad[i] += r * x[i];
                    for j in 0..N {
                        hess[i][j] += v * x[i] * x[j];
                    }
                }
            }
            for i in 1..N {
                grad[i] += l2 * w[i];
                hess[i][i] += l2;
            }
            // An input that is zero everywhere leaves a zero row: a tiny ridge
            // keeps the system solvable and that weight at zero.
            for (i, row) in hess.iter_mut().enumerate() {
                row[i] += 1e-9;
            }
            let Some(step) = solve(hess, grad) else { break };
            let mut size = 0.0f64;
            for i in 0..N {
                w[i] -= step[i];
                size = size.max(step[i].abs());
            }
            if size < 1e-10 {
                break;
            }
        }
        Calibration::from_weights(&w)
    }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for col in 0..N {
        let pivot = (col..N).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..N {
            let f = a[row][col] / a[col][col];
            for k in col..N {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0f64; N];
    for row in (0..N).rev() {
        let s: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no crate.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn the_fit_recovers_the_weights_that_made_the_data() {
        let mut truth = [0.0; INPUTS.len()];
        truth[0] = -0.5;
        truth[1] = 1.2;
        truth[3] = -1.0;
        truth[8] = 0.8;
        let mut rng = Lcg(7);
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for _ in 0..20_000 {
            let mut x = [0.0; INPUTS.len()];
            x[0] = 1.0;
            x[1] = rng.next() * 4.0 - 2.0;
            x[3] = f64::from(u8::from(rng.next() < 0.3));
            x[8] = f64::from(u8::from(rng.next() < 0.5));
            let p = sigmoid(x.iter().zip(&truth).map(|(a, b)| a * b).sum());
            xs.push(x);
            ys.push(rng.next() < p);
        }
        let fit = Calibration::fit(&xs, &ys, 1e-6);
        for (i, ((name, w), t)) in fit.weights.iter().zip(&truth).enumerate() {
            assert!((w - t).abs() < 0.1, "input {i} ({name}): fitted {w:.3}, true {t}");
        }
    }

    #[test]
    fn the_penalty_keeps_a_rare_input_near_zero() {
        // Two examples with a hedge, both right: unpenalised the weight runs
        // off; with the penalty it stays small.
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..200 {
            let mut x = [0.0; INPUTS.len()];
            x[0] = 1.0;
            x[9] = f64::from(u8::from(i < 2));
            xs.push(x);
            ys.push(i < 2 || i % 2 == 0);
        }
        let w = Calibration::fit(&xs, &ys, 1.0).weights[9].1;
        assert!(w > 0.0 && w < 1.5, "hedge weight {w}");
    }

    #[test]
    fn the_shipped_calibration_is_for_these_inputs_and_never_saw_the_final_held_out_set() {
        let c = Calibration::bundled();
        assert_eq!(c.weights.len(), INPUTS.len());
        assert!(!c.fitted_on.is_empty(), "the file says what it was fitted on");
        let split: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/coded/SPLIT.json")).unwrap();
        for name in split["final_heldout"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            assert!(
                !c.fitted_on.iter().any(|f| f.contains(name)),
                "{name} is in the final held-out set, yet the calibration was fitted on it"
            );
        }
    }

    #[test]
    fn a_file_for_other_inputs_is_refused_with_what_to_do() {
        let mut c = Calibration::bundled().clone();
        c.weights.pop();
        let err = Calibration::parse(&serde_json::to_string(&c).unwrap()).unwrap_err();
        assert!(err.contains("example calibrate"), "{err}");
        assert!(
            Calibration::parse("{\"weights\": 3}")
                .unwrap_err()
                .contains("not a calibration")
        );
    }

    #[test]
    fn more_rule_confidence_never_means_less_probability() {
        let c = Calibration::bundled();
        let at = |r: f32| {
            c.probability_of(
                &Features {
                    rule_confidence: r,
                    ..Features::default()
                }
                .inputs(),
            )
        };
        let w1 = c.weights[1].1;
        assert!(w1 >= 0.0, "the rule's confidence weighs {w1}");
        assert!(at(0.4) <= at(0.6) && at(0.6) <= at(0.9));
    }
}
