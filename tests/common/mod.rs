//! What the integration tests share: the real binary in a scratch folder,
//! and the real app in a kittest harness with scripted dialogs. Each test
//! crate uses part of it.
#![allow(dead_code)]

pub mod reliability;

use eframe::egui;
use egui_kittest::Harness;
use stance_tracker::ui::{AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_stance-tracker");

/// A scratch folder with its own config and data dirs for the child processes.
pub struct Sandbox {
    pub tmp: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("config")).unwrap();
        std::fs::create_dir_all(tmp.path().join("data")).unwrap();
        Sandbox { tmp }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Command::new(BIN)
            .args(args)
            .current_dir(self.tmp.path())
            .env("STANCE_TRACKER_CONFIG_DIR", self.path("config"))
            .env("STANCE_TRACKER_DATA_DIR", self.path("data"))
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("the binary runs")
    }
}

/// The coder every GUI test codes as (saved in its config folder, so the
/// app does not ask "Who is coding?").
pub const TESTER: &str = "Tester";

/// The app's configuration for a test: scripted dialogs, config and data in
/// `dir`, coding as [`TESTER`].
pub fn app_config(dir: &Path, dialogs: &ScriptedDialogs) -> AppConfig {
    stance_tracker::storage::identity::save_coder_name(&dir.join("config"), TESTER).unwrap();
    app_config_without_coder(dir, dialogs)
}

/// [`app_config`] on a first run: no coder saved yet.
pub fn app_config_without_coder(dir: &Path, dialogs: &ScriptedDialogs) -> AppConfig {
    AppConfig {
        dialogs: Box::new(dialogs.clone()),
        config_dir: Some(dir.join("config")),
        data_dir: Some(dir.join("data")),
        paths: Vec::new(),
        reopen_last: false,
        autosave_every: Duration::from_secs(60),
    }
}

/// The real app in a harness of `size`; `wgpu` renders (for screenshots).
pub fn app_harness(
    dir: &Path,
    dialogs: &ScriptedDialogs,
    size: egui::Vec2,
    prefs: Prefs,
    wgpu: bool,
) -> Harness<'static, StanceApp> {
    let config = app_config(dir, dialogs);
    let mut builder = Harness::builder().with_size(size).with_max_steps(16);
    if wgpu {
        builder = builder.wgpu();
    }
    builder.build_eframe(move |_cc| StanceApp::new(config, prefs))
}

/// A key press, then a frame.
pub fn press(h: &mut Harness<'_, StanceApp>, key: egui::Key) {
    h.key_press(key);
    h.run();
}

/// A key with modifiers, then a frame.
pub fn chord(h: &mut Harness<'_, StanceApp>, m: egui::Modifiers, key: egui::Key) {
    h.key_press_modifiers(m, key);
    h.run();
}

/// A scratch folder and the scripted dialogs of one GUI test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub dialogs: ScriptedDialogs,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            dialogs: ScriptedDialogs::default(),
        }
    }

    pub fn config(&self) -> AppConfig {
        app_config(self.dir.path(), &self.dialogs)
    }

    /// The app in a 1280×800 window.
    pub fn harness(&self) -> Harness<'static, StanceApp> {
        app_harness(
            self.dir.path(),
            &self.dialogs,
            egui::vec2(1280.0, 800.0),
            Prefs::default(),
            false,
        )
    }

    /// [`harness`](Self::harness) for workspaces with characters no
    /// bundled font draws (an emoji in a note): shown as a box, as in the
    /// real app, instead of failing the test.
    pub fn harness_allowing_tofu(&self) -> Harness<'static, StanceApp> {
        let config = self.config();
        Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .with_max_steps(16)
            .allow_missing_glyphs()
            .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The dialogs the app opened so far, by name.
    pub fn opened(&self) -> Vec<String> {
        self.dialogs.opened.lock().unwrap().clone()
    }
}

/// Runs frames until `done` (work on threads, a server's answer), for at
/// most `limit`; returns how long it took.
pub fn wait_for(
    h: &mut Harness<'_, StanceApp>,
    what: &str,
    limit: Duration,
    done: impl Fn(&StanceApp) -> bool,
) -> Duration {
    let start = std::time::Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < limit,
            "waited {limit:?} for {what}; the status bar says {:?}",
            h.state().server_status()
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
    start.elapsed()
}

/// The `nth` suggestion still to review in the app's workspace.
pub fn pending_stance(app: &StanceApp, nth: usize) -> stance_tracker::model::StanceId {
    app.workspace()
        .stances()
        .filter(|s| s.status == stance_tracker::model::Status::Pending)
        .nth(nth)
        .expect("the workspace has suggestions to review")
        .id
}
