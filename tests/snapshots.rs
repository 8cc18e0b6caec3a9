//! Image snapshots of the main screens, rendered by wgpu on the CPU (Mesa's
//! lavapipe Vulkan driver; `.ci/run` installs it). Update the images with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and look at them.

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions};
use stance_tracker::ui::{AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::time::Duration;
mod common;

fn harness(dir: &std::path::Path, dark: bool) -> Harness<'static, StanceApp> {
    harness_with(dir, dark, ScriptedDialogs::default())
}

fn harness_with(dir: &std::path::Path, dark: bool, dialogs: ScriptedDialogs) -> Harness<'static, StanceApp> {
    harness_sized(dir, dark, dialogs, egui::vec2(1280.0, 760.0))
}

fn harness_sized(
    dir: &std::path::Path,
    dark: bool,
    dialogs: ScriptedDialogs,
    size: egui::Vec2,
) -> Harness<'static, StanceApp> {
    // Coding as a saved coder: no "Who is coding?" prompt.
    stance_tracker::storage::identity::save_coder_name(&dir.join("config"), "Tester").unwrap();
    let config = AppConfig {
        dialogs: Box::new(dialogs),
        config_dir: Some(dir.join("config")),
        data_dir: Some(dir.join("data")),
        paths: Vec::new(),
        reopen_last: false,
        autosave_every: Duration::from_secs(60),
    };
    let prefs = Prefs {
        dark,
        ..Prefs::default()
    };
    Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .wgpu()
        .build_eframe(move |_cc| StanceApp::new(config, prefs))
}

/// Small rendering differences between CPUs are tolerated; layout changes are not.
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(2.0).max_failed_pixels(1500usize)
}

#[test]
fn main_screens() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    h.run();
    h.snapshot_options("welcome", &options());

    h.get_by_label("Open sample article").click();
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot_options("reader_with_suggestions", &options());

    // The first suggestion selected, as after pressing J.
    h.key_press(egui::Key::J);
    h.run();
    h.snapshot_options("suggestion_selected", &options());
}

/// The reader with the sample open in a `w`×`h` window: the text wraps
/// inside its panel, in a column of readable width.
fn reader_snapshot(w: f32, h: f32) {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(dir.path(), false, ScriptedDialogs::default(), egui::vec2(w, h));
    harness.run();
    harness.get_by_label("Open sample article").click();
    harness.run();
    harness.remove_cursor();
    harness.run();
    harness.snapshot_options(format!("reader_{w}x{h}"), &options());
}

#[test]
fn reader_in_the_smallest_window() {
    reader_snapshot(800.0, 600.0);
}

#[test]
fn reader_in_a_small_window() {
    reader_snapshot(1024.0, 700.0);
}

#[test]
fn reader_on_a_wide_screen() {
    reader_snapshot(1920.0, 1080.0);
}

#[test]
fn dark_theme_and_actors_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    h.run();
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_all_by_label("Edit").next().unwrap().click();
    h.run();
    h.get_by_label("Actors…").click();
    h.run();
    h.get_by_label_contains("Marco Rubio  (").click();
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot_options("dark_actors_window", &options());
}

/// The sample article with its suggestions accepted, in a light window.
fn coded_sample(dir: &std::path::Path) -> Harness<'static, StanceApp> {
    let mut h = harness(dir, false);
    h.run();
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_by_label("Accept all ≥").click();
    h.run();
    h
}

#[test]
fn tables_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_sample(dir.path());
    for (tab, name) in [
        ("Actor × issue", "results_matrix"),
        ("Compare actors", "results_compare"),
        ("Over time", "results_timeline"),
        ("Agreement map", "results_agreement"),
        ("Issue overview", "results_issues"),
    ] {
        h.get_by_label(tab).click();
        h.run();
        h.remove_cursor();
        h.run();
        h.snapshot_options(name, &options());
    }
}

/// The discourse network of the sample, coded: ties and nodes drawn as
/// meshes, every actor named, the legend above the canvas.
#[test]
fn network_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_sample(dir.path());
    h.get_by_label("Network").click();
    // The frame that takes the click starts the layout on its thread.
    h.step();
    // Until the layout is in and nothing is left repainting (on a loaded
    // machine other results can still be computing on their threads).
    let start = std::time::Instant::now();
    while h.state().view().results.network_is_computing() || h.try_run().is_err() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the layout never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.remove_cursor();
    h.run();
    h.snapshot_options("results_network", &options());
}

#[test]
fn a_chart_saves_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = harness_with(dir.path(), false, dialogs.clone());
    h.run();
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_by_label("Accept all ≥").click();
    h.run();
    h.get_by_label("Issue overview").click();
    h.run();
    let out = dir.path().join("chart.png");
    dialogs.push(stance_tracker::ui::Answer::Path(out.clone()));
    h.get_by_label("Save PNG…").click();
    for _ in 0..6 {
        h.step();
        if out.exists() {
            break;
        }
    }
    let bytes = std::fs::read(&out).expect("the chart was written");
    let img = image::load_from_memory(&bytes).expect("a PNG");
    assert!(
        img.width() > 400 && img.height() > 200,
        "{}x{}",
        img.width(),
        img.height()
    );
}

/// The Reliability tab of two coders' workspace in a small window: the
/// figures table, the disagreements and the key hints.
#[test]
fn reliability_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_sized(dir.path(), false, ScriptedDialogs::default(), egui::vec2(1024.0, 700.0));
    h.run();
    let ws = common::reliability::two_coders(&[0, 1, 2]);
    h.state_mut()
        .open_document(stance_tracker::model::Document::opened(ws), None);
    h.run();
    h.get_by_label("Reliability").click();
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot_options("results_reliability", &options());

    // C: the consensus editor over the list.
    h.key_press(egui::Key::C);
    h.run();
    h.snapshot_options("results_reliability_consensus", &options());
}
