//! Articles not in English get no suggestions, and the analyst is told why:
//! on import (status line, CLI summary), in the reader, and in
//! `analyze --json`. English articles are never mistaken for another language.

mod common;

use common::Sandbox;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::analysis::{Analyzer, language};
use stance_tracker::import::{self, LoadOptions, Progress};
use stance_tracker::model::Workspace;
use std::path::PathBuf;

const GERMAN: &str = " date 2019-03-04 Berlin — Die Bundesregierung hat am Montag neue Sanktionen \
gegen Russland angekündigt. Außenminister Heiko Maas sagte, man werde die Gespräche mit Moskau \
erst dann wieder aufnehmen, wenn die Truppen abgezogen seien. Die Opposition kritisierte den \
Schritt als zu spät und forderte weitere Maßnahmen der Europäischen Union. Präsident Wladimir \
Putin lehnte jede Verhandlung ab.\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_english_article_of_the_corpora_is_taken_for_another_language() {
    let mut paths = vec![root().join("assets/corpus/wikinews_2019.csv")];
    for dir in ["tests/fixtures/dev", "tests/fixtures/heldout", "tests/fixtures/coded"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                paths.push(p);
            }
        }
    }
    let loads = import::load_paths(&paths, &LoadOptions::default(), &Progress::default());
    let mut n = 0;
    for load in loads {
        for a in load.result.expect("the corpora load") {
            n += 1;
            assert_eq!(
                language::not_english(&a.text),
                None,
                "{}: {}",
                load.path.display(),
                a.title
            );
        }
    }
    assert!(n >= 171 + 22, "{n} articles checked");
}

#[test]
fn a_german_article_gets_no_suggestions_and_says_why() {
    let analysis = Analyzer::standalone().analyze(GERMAN, None);
    assert_eq!(analysis.not_english.map(|l| l.code), Some("deu"));
    assert!(analysis.actors.is_empty() && analysis.stances.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let de = dir.path().join("sanktionen.txt");
    std::fs::write(&de, GERMAN).unwrap();
    let en = root().join("tests/fixtures/dev/2025-02-18-riyadh-talks.txt");
    let mut ws = Workspace::new();
    let loads = import::load_paths(&[de, en], &LoadOptions::default(), &Progress::default());
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    ws.apply(cmd.unwrap()).unwrap();
    let s = stance_tracker::analysis::suggestions(&ws, &report.imported_ids());
    assert_eq!(s.not_english.len(), 1, "only the German article");
    assert!(s.stances > 0, "the English one is analysed as before");
    assert_eq!(
        s.not_english_note().unwrap(),
        "1 article not in English (German) got no suggestions: the analysis reads English only"
    );
}

#[test]
fn the_cli_says_so_on_import_and_in_analyze_json() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("de.txt"), GERMAN).unwrap();
    let out = sb.run(["import", "de.txt", "--workspace", "w.stance.json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("0 suggested stance(s)"), "{stdout}");
    assert!(
        stdout.contains("1 article not in English (German) got no suggestions"),
        "{stdout}"
    );
    let out = sb.run(["analyze", "de.txt", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["articles"][0]["language"], "deu");
    assert_eq!(json["articles"][0]["actors"].as_array().unwrap().len(), 0);
}

#[test]
fn the_reader_shows_why_a_german_article_has_no_suggestions() {
    let fx = common::Fixture::new();
    std::fs::write(fx.path("de.txt"), GERMAN).unwrap();
    let mut config = fx.config();
    config.paths = vec![fx.path("de.txt")];
    let mut h = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1000.0, 700.0))
        .with_max_steps(12)
        .build_eframe(move |_cc| stance_tracker::ui::StanceApp::new(config, stance_tracker::ui::Prefs::default()));
    h.run();
    h.state_mut().finish_job();
    h.run();
    assert_eq!(
        h.query_all_by_label_contains("1 article not in English (German) got no suggestions")
            .count(),
        1,
        "the status line says so"
    );
    h.get_by_label("Not in English: German");
    assert!(
        h.query_all_by_label_contains("no suggestions were made, the analysis reads English only")
            .next()
            .is_some(),
        "the reader says why"
    );
}
