//! What the analyst's decisions teach the suggester, per workspace: how often
//! suggestions made by each cue were accepted. A new suggestion by a cue
//! that was decided often enough has its confidence moved toward that
//! acceptance rate, and its rule says so ("you accepted 12 of 14 'urged'
//! suggestions"), so the ranking and "accept all ≥ x" follow the analyst.
//!
//! Learned from: suggestions accepted or rejected one at a time. Not from a
//! bulk accept or reject (that is one decision about a threshold, not about
//! each suggestion), nor from articles in a blind reliability sample
//! (`Workspace::may_learn_from`), nor from manual stances (they name no cue).
//! An accepted suggestion whose actor, issue, position or span the analyst
//! changed counts as not accepted: the cue made the wrong suggestion.

use crate::model::{Origin, Status, Workspace};
use std::collections::HashMap;

/// Decisions per cue before they move a confidence at all.
pub const MIN_DECISIONS: u32 = 3;

/// How many decisions the rule's own confidence weighs, as a prior: with 4
/// and a rule at 0.75, 2 of 2 accepted gives 0.83 and 0 of 10 gives 0.21.
const PRIOR_WEIGHT: f32 = 4.0;

/// Accepted and decided suggestions per cue phrase (lower case).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    by_cue: HashMap<String, (u32, u32)>,
}

impl Learned {
    pub fn from_workspace(ws: &Workspace) -> Learned {
        Learned::from_decisions(ws.stances().filter_map(|s| {
            let Origin::Suggested { rule, .. } = &s.origin else {
                return None;
            };
            if s.status == Status::Pending || s.bulk.is_some() || !ws.may_learn_from(s.article) {
                return None;
            }
            Some((rule.as_str(), s.status == Status::Accepted && !s.by.edited))
        }))
    }

    /// From (rule, accepted) decisions: what [`from_workspace`](Self::from_workspace)
    /// reads from a workspace, or a simulation's decisions on coded articles
    /// (`examples/learning_curve.rs`).
    pub fn from_decisions<'a>(decisions: impl IntoIterator<Item = (&'a str, bool)>) -> Learned {
        let mut by_cue: HashMap<String, (u32, u32)> = HashMap::new();
        for (rule, accepted) in decisions {
            let Some(cue) = cue_of(rule) else { continue };
            let e = by_cue.entry(cue).or_default();
            e.1 += 1;
            e.0 += u32::from(accepted);
        }
        Learned { by_cue }
    }

    /// (accepted, decided) for suggestions by `cue`.
    pub fn decisions(&self, cue: &str) -> Option<(u32, u32)> {
        self.by_cue.get(&cue.to_lowercase()).copied()
    }

    /// The confidence and rule of a new suggestion, after what was learned.
    pub fn adjust(&self, confidence: f32, rule: &str) -> (f32, String) {
        let Some(cue) = cue_of(rule) else {
            return (confidence, rule.to_owned());
        };
        let Some(&(accepted, decided)) = self.by_cue.get(&cue) else {
            return (confidence, rule.to_owned());
        };
        if decided < MIN_DECISIONS {
            return (confidence, rule.to_owned());
        }
        let learned = (accepted as f32 + PRIOR_WEIGHT * confidence) / (decided as f32 + PRIOR_WEIGHT);
        let learned = (learned * 100.0).round() / 100.0;
        let note = format!(
            " (you accepted {accepted} of {decided} '{cue}' suggestions: confidence {confidence:.2} → {learned:.2})"
        );
        (learned.clamp(0.05, 0.95), format!("{rule}{note}"))
    }

    pub fn is_empty(&self) -> bool {
        self.by_cue.is_empty()
    }
}

/// The first cue phrase a rule names: `… + cue 'urged', 'talks'` → "urged".
pub fn cue_of(rule: &str) -> Option<String> {
    let rest = &rule[rule.find("+ cue '")? + "+ cue '".len()..];
    let cue = &rest[..rest.find('\'')?];
    (!cue.is_empty()).then(|| cue.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(pairs: &[(&str, u32, u32)]) -> Learned {
        Learned {
            by_cue: pairs.iter().map(|&(c, a, d)| (c.to_owned(), (a, d))).collect(),
        }
    }

    #[test]
    fn the_cue_is_read_from_the_rule() {
        assert_eq!(
            cue_of("subject 'EU' + cue 'imposed', 'sanctions'").as_deref(),
            Some("imposed")
        );
        assert_eq!(
            cue_of("subject 'X' (parse: 'X' nsubj 'Urged') + cue 'Urged' + negation 'not'").as_deref(),
            Some("urged")
        );
        assert_eq!(cue_of("speaker condemning the target"), None);
        assert_eq!(cue_of("+ cue ''"), None);
    }

    #[test]
    fn confidence_moves_toward_the_acceptance_rate_and_says_why() {
        let l = learned(&[("urged", 12, 14), ("met", 0, 10), ("signed", 2, 2)]);
        let (c, rule) = l.adjust(0.75, "subject 'X' + cue 'urged'");
        assert_eq!(c, 0.83, "(12 + 4 × 0.75) / (14 + 4)");
        assert!(
            rule.ends_with("(you accepted 12 of 14 'urged' suggestions: confidence 0.75 → 0.83)"),
            "{rule}"
        );
        let (c, _) = l.adjust(0.75, "subject 'X' + cue 'met'");
        assert_eq!(c, 0.21, "(0 + 3) / 14");
        let (c, rule) = l.adjust(0.75, "subject 'X' + cue 'signed'");
        assert_eq!(
            (c, rule.as_str()),
            (0.75, "subject 'X' + cue 'signed'"),
            "too few decisions"
        );
        let (c, _) = l.adjust(0.6, "subject 'X' + cue 'demanded'");
        assert_eq!(c, 0.6, "nothing learned about this cue");
    }
}
