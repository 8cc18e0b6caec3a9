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
//! line per article).

#[path = "../tests/common/score.rs"]
mod score;

use score::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn main() {
    let per_article = std::env::args().any(|a| a == "--articles");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let coded = root.join("coded");
    let split: Value = serde_json::from_slice(&std::fs::read(coded.join("SPLIT.json")).expect("SPLIT.json"))
        .expect("SPLIT.json is JSON");
    let names = |key: &str| -> Vec<String> {
        split[key]
            .as_array()
            .unwrap_or_else(|| panic!("SPLIT.json has no {key}"))
            .iter()
            .map(|v| v.as_str().expect("a name").to_owned())
            .collect()
    };
    let sets: Vec<(&str, Vec<(PathBuf, PathBuf)>)> = vec![
        ("dev", pairs_in(&root.join("dev"))),
        ("heldout-2025", pairs_in(&root.join("heldout"))),
        ("tuning", named(&coded, &names("tuning"))),
        ("final held-out", named(&coded, &names("final_heldout"))),
    ];
    for (label, pairs) in sets {
        let texts: Vec<PathBuf> = pairs.iter().map(|p| p.0.clone()).collect();
        let golds: Vec<(String, Value)> = pairs.iter().map(|p| load_gold(&p.1)).collect();
        let analysis = analyse_files(&texts);
        let (lines, total) = score_all(&analysis, &golds);
        if per_article {
            for l in &lines[..lines.len() - 1] {
                println!("  {l}");
            }
        }
        println!("{label} ({} articles): {}", pairs.len(), total_line(&total));
    }
}

/// Every `X.txt` with its `X.gold.json` in a folder.
fn pairs_in(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut v: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_name()?.to_str()?.strip_suffix(".gold.json")?.to_owned();
            Some((dir.join(format!("{stem}.txt")), p))
        })
        .collect();
    v.sort();
    v
}

fn named(dir: &Path, names: &[String]) -> Vec<(PathBuf, PathBuf)> {
    names
        .iter()
        .map(|n| (dir.join(format!("{n}.txt")), dir.join(format!("{n}.gold.json"))))
        .collect()
}
