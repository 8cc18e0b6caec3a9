//! Scores the analysis against every set of reference codings, each set on
//! its own line, as `eval/score.py` scores `analyze --json`:
//!
//! - `dev`: `tests/fixtures/dev/`, the three articles the first rules were
//!   written from;
//! - `heldout-2025`: `tests/fixtures/heldout/`, four articles coded after;
//! - `tuning` and `final held-out`: `tests/fixtures/coded/`, split by its
//!   `SPLIT.json`. The final held-out articles only report: no tuning
//!   decision may look at them.
//!
//! `cargo run --release --example score_coded` (add `-- --articles` for a
//! line per article under each set's total, and `-- --actors` for the
//! actors each article's analysis and coding disagree on; neither for the
//! final held-out set, whose articles' scores would invite the tuning it
//! exists to rule out).

#[path = "../tests/common/score.rs"]
mod score;

use score::*;
use serde_json::Value;
use std::path::PathBuf;

fn main() {
    let per_article = std::env::args().any(|a| a == "--articles");
    let actors = std::env::args().any(|a| a == "--actors");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let coded = root.join("coded");
    let sets: Vec<(&str, Vec<(PathBuf, PathBuf)>)> = vec![
        ("dev", pairs_in(&root.join("dev"))),
        ("heldout-2025", pairs_in(&root.join("heldout"))),
        ("tuning", coded_set(&coded, "tuning")),
        ("final held-out", coded_set(&coded, "final_heldout")),
    ];
    for (label, pairs) in sets {
        let texts: Vec<PathBuf> = pairs.iter().map(|p| p.0.clone()).collect();
        let golds: Vec<(String, Value)> = pairs.iter().map(|p| load_gold(&p.1)).collect();
        let analysis = analyse_files(&texts);
        let (lines, total) = score_all(&analysis, &golds);
        println!("{label} ({} articles): {}", pairs.len(), total_line(&total));
        if per_article && label != "final held-out" {
            for l in &lines[..lines.len() - 1] {
                println!("  {l}");
            }
        }
        if actors && label != "final held-out" {
            for l in actor_differences(&analysis, &golds) {
                println!("  {l}");
            }
        }
    }
}
