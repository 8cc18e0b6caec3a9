//! Learning from the analyst, measured by simulation: the analyst decides
//! every suggestion of k coded articles as the gold coding says (accepted
//! when it matches a gold stance with its position, rejected otherwise),
//! and the suggester, re-ranked by those decisions (`analysis::learned`),
//! is scored on the final held-out articles, which no decision sees. For
//! k = 0, 5, 10 and all of the other coded articles (19: dev,
//! heldout-2025 and tuning, in that order).
//!
//! `cargo run --release --example learning_curve`

#[path = "../tests/common/score.rs"]
mod score;

use score::*;
use stance_tracker::analysis::learned::Learned;
use std::collections::HashSet;
use std::path::PathBuf;

/// Per article, every suggestion as (rule, confidence, right): most
/// confident first, each gold stance matched once.
fn labelled(pairs: &[(PathBuf, PathBuf)]) -> Vec<Vec<(String, f32, bool)>> {
    let texts: Vec<PathBuf> = pairs.iter().map(|p| p.0.clone()).collect();
    let analysis = analyse_files(&texts);
    let mut out = Vec::new();
    for (_, gold) in pairs.iter().map(|p| load_gold(&p.1)) {
        let mut article = Vec::new();
        let Some(art) = pick_article(&analysis, &gold) else {
            out.push(article);
            continue;
        };
        let pmap = actor_map(art, &gold);
        let gstances = arr(&gold, "stances");
        let mut taken = HashSet::new();
        let mut stances = arr(art, "stances");
        stances.sort_by(|a, b| confidence(b).total_cmp(&confidence(a)));
        for s in &stances {
            let right = matching_gold(s, &gstances, &pmap, &taken).is_some_and(|j| {
                taken.insert(j);
                py_str(s.get("position")).to_lowercase() == get_str(&gstances[j], "position")
            });
            article.push((py_str(s.get("rule")), confidence(s) as f32, right));
        }
        out.push(article);
    }
    out
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let coded = root.join("coded");
    let mut pool = pairs_in(&root.join("dev"));
    pool.extend(pairs_in(&root.join("heldout")));
    pool.extend(coded_set(&coded, "tuning"));
    let held_out = coded_set(&coded, "final_heldout");
    let test: Vec<(String, f32, bool)> = labelled(&held_out).concat();
    // Analysed once; each k decides the first k articles.
    let pool = labelled(&pool);
    println!(
        "final held-out: {} articles, {} suggestions, {} right",
        held_out.len(),
        test.len(),
        test.iter().filter(|t| t.2).count()
    );
    println!(
        "k articles decided | decisions | cues learned | held-out ≥ 0.70: suggestions, right, precision | mean |confidence − right|"
    );
    for k in [0, 5, 10, pool.len()] {
        let decided = pool[..k].concat();
        let learned = Learned::from_decisions(decided.iter().map(|(rule, _, right)| (rule.as_str(), *right)));
        let cues: HashSet<String> = decided
            .iter()
            .filter_map(|(rule, ..)| stance_tracker::analysis::learned::cue_of(rule))
            .collect();
        let adjusted: Vec<(f32, bool)> = test
            .iter()
            .map(|(rule, c, right)| (learned.adjust(*c, rule).0, *right))
            .collect();
        let above: Vec<&(f32, bool)> = adjusted.iter().filter(|a| a.0 >= 0.70).collect();
        let right = above.iter().filter(|a| a.1).count();
        let error = adjusted
            .iter()
            .map(|(c, r)| (c - f32::from(u8::from(*r))).abs())
            .sum::<f32>()
            / adjusted.len().max(1) as f32;
        println!(
            "{k:>18} | {:>9} | {:>12} | {:>3}, {:>3}, {} | {error:.2}",
            decided.len(),
            cues.len(),
            above.len(),
            right,
            if above.is_empty() {
                "—".to_owned()
            } else {
                format!("{:.2}", right as f64 / above.len() as f64)
            }
        );
    }
}
