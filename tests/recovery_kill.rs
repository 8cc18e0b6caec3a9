//! Crash recovery, tested by really killing: a child process runs the app,
//! imports an article and accepts suggestions while the app's own timer writes
//! recovery copies; it is SIGKILLed at a random moment, and a fresh app on the
//! same data folder must offer and restore at least the last autosaved state.

use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::{Status, Workspace};
use stance_tracker::ui::{AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::hash::{Hash as _, Hasher as _};
use std::io::{BufRead as _, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "STANCE_TRACKER_EDIT_LOOP";
const TEST_NAME: &str = "sigkill_while_editing_loses_nothing_autosaved";
const SAMPLE: &str = "tests/fixtures/dev/2025-02-18-riyadh-talks.txt";
const AUTOSAVE: Duration = Duration::from_millis(150);

fn harness(data_dir: &Path, paths: Vec<PathBuf>) -> Harness<'static, StanceApp> {
    // Coding as a saved coder: no "Who is coding?" prompt.
    stance_tracker::storage::identity::save_coder_name(&data_dir.join("config"), "Tester").unwrap();
    let config = AppConfig {
        dialogs: Box::new(ScriptedDialogs::default()),
        config_dir: Some(data_dir.join("config")),
        data_dir: Some(data_dir.to_owned()),
        paths,
        reopen_last: false,
        autosave_every: AUTOSAVE,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()))
}

fn accepted(ws: &Workspace) -> usize {
    ws.stances().filter(|s| s.status == Status::Accepted).count()
}

fn pending(ws: &Workspace) -> usize {
    ws.stances().filter(|s| s.status == Status::Pending).count()
}

/// The whole saved content, so a restore can be compared with a report.
fn digest(ws: &Workspace) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    stance_tracker::storage::to_bytes(ws).hash(&mut h);
    h.finish()
}

/// Every rename of the recovery copy gives it a new inode: that is an autosave.
fn copy_id(path: &Path) -> Option<(u64, i64, i64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.ino(), m.mtime(), m.mtime_nsec()))
}

/// The child: import, then accept a suggestion every 50 ms, and after each
/// frame in which the app autosaved, report what it wrote.
fn edit_loop(data_dir: &Path) -> ! {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let mut h = harness(data_dir, vec![sample]);
    h.state_mut().finish_job();
    h.run();
    assert_eq!(h.state().workspace().article_count(), 1);
    let copy = data_dir.join("recovery").join("autosave.stance.json");
    let mut seen = copy_id(&copy);
    let start = Instant::now();
    let mut next_edit = start;
    while start.elapsed() < Duration::from_secs(60) {
        // Paced by the clock, so each autosave holds a different number of edits.
        if Instant::now() >= next_edit && pending(h.state().workspace()) > 0 {
            h.key_press(if h.state().view().stance.is_none() {
                Key::J
            } else {
                Key::A
            });
            next_edit += AUTOSAVE / 3;
        }
        h.step();
        std::thread::sleep(Duration::from_millis(5));
        let now = copy_id(&copy);
        if now.is_some() && now != seen {
            seen = now;
            let ws = h.state().workspace();
            println!("autosaved {} {}", accepted(ws), digest(ws));
            std::io::stdout().flush().unwrap();
        }
    }
    eprintln!("never killed");
    std::process::exit(2);
}

#[derive(Clone, Copy, Debug)]
struct Report {
    accepted: usize,
    digest: u64,
}

fn parse(line: &str) -> Option<Report> {
    let mut it = line.strip_prefix("autosaved ")?.split_whitespace();
    Some(Report {
        accepted: it.next()?.parse().ok()?,
        digest: it.next()?.parse().ok()?,
    })
}

#[test]
fn sigkill_while_editing_loses_nothing_autosaved() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        edit_loop(Path::new(&dir));
    }
    let tmp = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x2545f4914f6cdd1d;
    for round in 0..3 {
        let dir = tmp.path().join(format!("round{round}"));
        std::fs::create_dir(&dir).unwrap();
        let stderr = std::fs::File::create(dir.join("child.stderr")).unwrap();
        let mut child = Process::new(&exe)
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        // A reader thread, so waiting for reports can time out instead of hanging.
        let out = std::io::BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if let Some(r) = parse(&line) {
                    let _ = tx.send(r);
                }
            }
        });
        let child_log = || std::fs::read_to_string(dir.join("child.stderr")).unwrap_or_default();
        let wanted = 2 + round;
        let mut last = None;
        for seen in 0..wanted {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(r) => last = Some(r),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("round {round}: {seen} of {wanted} autosaves reported\n{}", child_log());
                }
            }
        }
        // xorshift: a different moment in the autosave cycle each round.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % AUTOSAVE.as_micros() as u64));
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(
            status.code().is_none(),
            "round {round}: the child exited by itself\n{}",
            child_log()
        );
        // Reports written just before the kill count too.
        reader.join().unwrap();
        let last = rx.try_iter().last().or(last).unwrap();

        let mut h = harness(&dir, Vec::new());
        h.run();
        assert!(
            h.query_by_label("Restore unsaved work?").is_some(),
            "round {round}: no restore offer"
        );
        h.get_by_label("Restore").click();
        h.run();
        assert!(
            h.query_by_label("The recovery copy could not be read").is_none(),
            "round {round}: the recovery copy is broken"
        );
        assert!(h.query_by_label("Restore unsaved work?").is_none());
        let ws = h.state().workspace();
        assert_eq!(ws.article_count(), 1, "round {round}");
        let got = accepted(ws);
        assert!(
            got >= last.accepted,
            "round {round}: restored {got} accepted stances, {} were autosaved",
            last.accepted
        );
        // Accepting only adds, so the same count means the same autosave.
        if got == last.accepted {
            assert_eq!(digest(ws), last.digest, "round {round}: restored content differs");
        }
        assert!(
            h.state().document().is_dirty(),
            "round {round}: restored work still needs saving"
        );
    }
}
