//! The quality floor of the analysis on the dev fixtures and the coded
//! articles, scored exactly as the evaluation script (`eval/score.py`)
//! scores `analyze --json` output (the port is `common/score.rs`).

#[path = "common/score.rs"]
mod score;

use score::*;
use serde_json::{Value, json};
use std::path::PathBuf;

fn fixture_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
}

fn fixture_files(set: &str, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixture_dir(set))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    v.sort();
    v
}

fn load_golds_of(set: &str) -> Vec<(String, Value)> {
    fixture_files(set, ".gold.json").iter().map(|p| load_gold(p)).collect()
}

/// Analyses a fixture set of `articles` articles and scores it as
/// score.py does: the per-article lines (printed) and the totals.
fn score_set(set: &str, articles: usize) -> (Vec<String>, Totals) {
    let texts = fixture_files(set, ".txt");
    let golds = load_golds_of(set);
    assert_eq!(texts.len(), articles);
    assert_eq!(golds.len(), articles);
    let analysis = analyse_files(&texts);
    let (lines, tot) = score_all(&analysis, &golds);
    for l in &lines {
        println!("{l}");
    }
    assert!(
        !lines.iter().any(|l| l.contains("no matching article")),
        "every gold file finds its article"
    );
    (lines, totals(&tot))
}

#[test]
fn dev_fixtures_meet_the_quality_floor() {
    let (lines, t) = score_set("dev", 3);
    let mut failures = Vec::new();
    let mut floor = |what: &str, value: f64, min: f64| {
        if value < min {
            failures.push(format!("{what} = {value:.3} < {min}"));
        }
    };
    floor("actors precision", t.actors.0, 0.90);
    floor("actors recall", t.actors.1, 0.90);
    floor("stances precision", t.stances.0, 0.70);
    floor("stances recall", t.stances.1, 0.60);
    floor("position accuracy", t.position_acc, 0.85);
    assert!(
        failures.is_empty(),
        "below the quality floor: {}\n{}",
        failures.join("; "),
        lines.join("\n")
    );
}

/// Articles no rule was written against, coded by the project itself (see
/// `tests/fixtures/README.md`): the actors must hold up there too. Their
/// stance codings read the issues more broadly than the default cue words
/// (joining a trade bloc or a naval coalition as participation), so stance
/// figures are printed for the record, not held to the dev floor.
#[test]
fn held_out_articles_keep_the_actor_floor() {
    let (lines, t) = score_set("heldout", 4);
    assert!(
        t.actors.0 >= 0.90 && t.actors.1 >= 0.90,
        "held-out actors below 0.90: P {:.3} R {:.3}\n{}",
        t.actors.0,
        t.actors.1,
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The scorer itself
// ---------------------------------------------------------------------------

#[test]
fn scorer_normalisation_matches_score_py() {
    assert_eq!(norm("  The  Erdoğan’s\tgovernment "), "erdogan's government");
    assert_eq!(norm("the"), "the", "only a leading \"the \" goes");
    assert_eq!(norm("Theresa May"), "theresa may");
    assert_eq!(norm("THE `Élysée`"), "'elysee'");
    assert_eq!(norm("ﬁve\u{a0}Ｋyiv"), "five kyiv", "NFKD folds compatibility forms");
    assert_eq!(norm("Erdog\u{306}an"), norm("Erdoğan"));
    let w = words("The U.S.-Russia talks, Rubio’s 2nd round");
    let mut w: Vec<&str> = w.iter().map(String::as_str).collect();
    w.sort();
    assert_eq!(w, ["2nd", "round", "rubio", "russia", "s", "talks", "u"]);
}

#[test]
fn scorer_prf_edge_cases() {
    assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
    assert_eq!(prf(0, 0, 4), (0.0, 0.0, 0.0));
    assert_eq!(prf(0, 3, 0), (0.0, 1.0, 0.0));
    assert_eq!(prf(1, 2, 4), (0.5, 0.25, 2.0 * 0.5 * 0.25 / 0.75));
    // Python's format rounds the exact binary value, ties to even.
    assert_eq!(format!("{:.2}", 0.125f64), "0.12");
    assert_eq!(format!("{:.2}", 0.375f64), "0.38");
    assert_eq!(format!("{:.2}", 2.0f64 / 3.0), "0.67");
}

/// A small hand-scored example exercising every rule of the scorer.
fn tiny_example() -> (Value, Value) {
    let gold = json!({
        "article": "talks.txt",
        "actors": [
            {"name": "United States", "kind": "state", "aliases": ["United States", "US", "Washington"]},
            {"name": "Sergei Lavrov", "kind": "person", "aliases": ["Sergei Lavrov", "Lavrov"]},
            {"name": "The Kremlin", "kind": "organization", "aliases": []},
            {"name": "Recep Tayyip Erdoğan", "kind": "person", "aliases": ["Erdoğan"]}
        ],
        "stances": [
            {"actor": "Sergei Lavrov", "issue": "participation", "position": "support",
             "evidence": "talks were very useful for both sides today"},
            {"actor": "United States", "issue": "sanctions", "position": "support",
             "evidence": "Washington will keep its sanctions on Moscow"},
            {"actor": "Recep Tayyip Erdoğan", "issue": "participation", "position": "support",
             "evidence": "Erdogan offered to host the next round"},
            {"actor": "Kremlin", "issue": "concessions", "position": "oppose",
             "evidence": "no concessions"}
        ]
    });
    let ev = |text: &str| json!({"start": 0, "end": 1, "text": text});
    let actor = |name: &str, mentions: &[&str]| {
        json!({"name": name, "kind": "person", "affiliation": null, "aliases": [],
               "mentions": mentions.iter().map(|m| ev(m)).collect::<Vec<_>>()})
    };
    let stance = |actor: &str, issue: &str, position: &str, confidence: f64, text: &str| {
        json!({"actor": actor, "issue": issue, "position": position, "confidence": confidence,
               "evidence": ev(text), "rule": "r"})
    };
    let analysis = json!({"articles": [
        {"source": "/elsewhere/other.txt", "title": "o", "date": null, "actors": [], "stances": []},
        {"source": "/data/talks.txt", "title": "t", "date": null,
         "actors": [
            // Matched through a mention text, not its name.
            actor("Russian foreign minister", &["Lavrov"]),
            // Matched by name, ignoring a leading "the" and case.
            actor("the kremlin", &[]),
            // Matched by name, ignoring diacritics.
            actor("Erdogan", &[]),
            // A second actor for Lavrov: a false positive, mapped to nobody.
            actor("Sergei Lavrov", &["Lavrov"]),
            // Matched through an alias.
            actor("US", &[]),
            actor("Nobody", &["Washington"]),
         ],
         "stances": [
            // Reduced away by the more confident one below (issue compared in lower case).
            stance("Russian foreign minister", "participation", "support", 0.5, "the talks were useful"),
            // 4 of the 8 reference words: just enough. Wrong position.
            stance("Russian foreign minister", "Participation", "Oppose", 0.9, "Talks: useful, very — said the minister for…"),
            // The right words, but the actor maps to no reference actor.
            stance("Sergei Lavrov", "participation", "support", 0.9, "talks were very useful for both sides today"),
            // The right evidence loses to a more confident stance with 3 of 7 words: no match.
            stance("US", "sanctions", "support", 0.4, "Washington will keep its sanctions on Moscow"),
            stance("US", "sanctions", "support", 0.6, "Washington will keep"),
            // Diacritics differ between reference and prediction: 4 of 7 words match.
            stance("Erdogan", "participation", "support", 0.7, "Erdoğan offered to host it"),
            // The reference names "Kremlin", the actor map gives "The Kremlin": never equal.
            stance("the kremlin", "concessions", "oppose", 0.7, "no concessions"),
         ]}
    ]});
    (gold, analysis)
}

#[test]
fn scorer_on_a_hand_scored_example() {
    let (gold, analysis) = tiny_example();
    if std::env::var_os("PRINT_TINY_EXAMPLE").is_some() {
        println!("GOLD {gold}");
        println!("ANALYSIS {analysis}");
    }
    let art = pick_article(&analysis, &gold).expect("picked by file name");
    assert_eq!(art["source"], "/data/talks.txt");
    let c = score(art, &gold);
    assert_eq!(
        c,
        Counts {
            // Lavrov (by mention), Kremlin, Erdoğan, US; the second Lavrov and Nobody are false.
            tp_a: 4,
            n_pa: 6,
            n_ga: 4,
            // One per (actor, issue): 5 of the 7.
            n_ps: 5,
            // Lavrov/participation and Erdoğan/participation.
            tp_s: 2,
            n_gs: 4,
            // Only Erdoğan's position is right.
            pos_ok: 1,
        }
    );
    let (lines, _) = score_all(&analysis, &[("talks.gold.json".into(), gold)]);
    assert_eq!(
        lines,
        [
            "talks.gold.json: actors P=0.67 R=1.00 (4/6 pred, 4 ref) | stances P=0.40 R=0.50 (2/5 pred, 4 ref)",
            "TOTAL actors P=0.67 R=1.00 F1=0.80 | stances P=0.40 R=0.50 F1=0.44 | position acc=0.50",
        ]
    );
}

#[test]
fn scorer_picks_the_only_article_or_none() {
    let gold = json!({"article": "x.txt", "actors": [{"name": "A", "aliases": []}], "stances": []});
    let one = json!({"articles": [{"source": "y.txt", "actors": [{"name": "a", "mentions": []}], "stances": []}]});
    assert!(
        pick_article(&one, &gold).is_some(),
        "a single article is taken whatever its name"
    );
    let two = json!({"articles": [{"source": "y.txt"}, {"source": "z.txt"}]});
    assert!(pick_article(&two, &gold).is_none());
    let (lines, tot) = score_all(&two, &[("x.gold.json".into(), gold.clone())]);
    assert_eq!(lines[0], "x.gold.json: no matching article in the analysis");
    assert_eq!(
        lines[1],
        "x.gold.json: actors P=0.00 R=0.00 (0/0 pred, 1 ref) | stances P=1.00 R=1.00 (0/0 pred, 0 ref)"
    );
    assert_eq!(tot.n_ga, 1);
    let (lines, _) = score_all(&one, &[("x.gold.json".into(), gold)]);
    assert_eq!(
        lines.last().unwrap(),
        "TOTAL actors P=1.00 R=1.00 F1=1.00 | stances P=1.00 R=1.00 F1=1.00 | position acc=0.00"
    );
}
