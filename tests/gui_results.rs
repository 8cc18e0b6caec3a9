//! GUI tests of the tables and charts: open the matrix, filter it, click
//! through to the evidence and into the reader; switch charts; export.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::Status;
use stance_tracker::ui::{Answer, AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::time::Duration;

fn harness(dir: &std::path::Path, dialogs: &ScriptedDialogs) -> Harness<'static, StanceApp> {
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        config_dir: Some(dir.join("config")),
        data_dir: Some(dir.join("data")),
        paths: Vec::new(),
        reopen_last: false,
        autosave_every: Duration::from_secs(60),
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()))
}

/// The sample article with its confident suggestions accepted.
fn coded(dir: &std::path::Path, dialogs: &ScriptedDialogs) -> Harness<'static, StanceApp> {
    let mut h = harness(dir, dialogs);
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_by_label("Accept all ≥").click();
    h.run();
    let n = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .count();
    assert!(n >= 8, "{n} accepted; {}", h.state().workspace().stance_count());
    h
}

#[test]
fn matrix_filter_and_click_through_to_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.get_by_label("Actor × issue").click();
    h.run();
    // Rubio's accepted participation stance shows as a cell.
    let cell = h.get_by_label_contains("Marco Rubio on Participation: +");
    cell.click();
    h.run();
    // The evidence panel's title repeats the cell's name.
    assert!(h.query_all_by_label_contains("Marco Rubio on Participation").count() == 2);
    assert!(h.query_all_by_label("Open").count() >= 1, "evidence listed");

    // Filtering by issue leaves only that column.
    h.get_by_label("Issues (all)").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Sanctions")
        .click();
    h.run();
    h.remove_cursor();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_all_by_label_contains("on Participation:").count() == 0);
    assert!(h.query_all_by_label_contains("on Sanctions:").count() >= 1);
    // The chip removes the filter again.
    h.get_by_label_contains("issue: Sanctions").click();
    h.run();
    assert!(h.query_all_by_label_contains("on Participation:").count() >= 1);

    // "Open" jumps to the stance in the reader.
    h.get_all_by_label("Open").next().unwrap().click();
    h.run();
    assert!(!h.state().view().results_open);
    assert!(h.state().view().stance.is_some());
}

#[test]
fn every_chart_draws_and_exports_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    for tab in [
        "Compare actors",
        "Over time",
        "Agreement map",
        "Issue overview",
        "Stances",
        "Articles",
    ] {
        h.get_by_label(tab).click();
        h.run();
        assert!(h.state().view().results_open, "{tab}");
    }
    for (tab, header) in [
        ("Compare actors", "actor,issue,net,net_position"),
        ("Over time", "actor,bucket,bucket_start,mean_position,stances"),
        ("Agreement map", "actor_a,actor_b,agreement,conflict"),
        ("Issue overview", "issue,support,oppose,neutral,mixed"),
    ] {
        h.get_by_label(tab).click();
        h.run();
        let out = dir.path().join(format!("{}.csv", tab.replace(' ', "_")));
        dialogs.push(Answer::Path(out.clone()));
        h.get_by_label("Save data CSV…").click();
        h.run();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(header), "{tab}: {text}");
        let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
        assert!(rows >= 1, "{tab} has data");
    }
}

#[test]
fn exports_from_the_menu_write_files_that_parse() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    for (label, file) in [
        ("Stances as CSV (R, pandas, spreadsheets)…", "s.csv"),
        ("Actor × issue table as CSV…", "m.csv"),
        ("Agreement network (GraphML)…", "a.graphml"),
    ] {
        let out = dir.path().join(file);
        dialogs.push(Answer::Path(out.clone()));
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Export").click();
        h.run();
        h.get_by_label(label).click();
        h.run();
        let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{label}: {e}"));
        if file.ends_with(".csv") {
            assert!(csv::Reader::from_reader(text.as_bytes()).records().all(|r| r.is_ok()));
            assert!(text.lines().count() >= 2, "{label}");
        } else {
            assert!(text.contains("<graphml") && text.contains("</graphml>"));
        }
    }
}
