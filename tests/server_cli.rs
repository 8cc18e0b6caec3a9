//! The command line with a server: push, pull, and a postgres:// URL where
//! a command reads a workspace (export, agreement) or imports into one.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, sample_workspace};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_stance-tracker");

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("STANCE_TRACKER_CONFIG_DIR", dir.join("config"))
        .env("STANCE_TRACKER_DATA_DIR", dir.join("data"))
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

#[test]
fn push_then_pull_gives_the_same_workspace_and_other_commands_read_the_server() {
    let Some(db) = TestDb::new("cli") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.stance.json");
    let ws = sample_workspace();
    stance_tracker::storage::save_workspace(&ws, &file).unwrap();
    let url = db.url.as_str();
    let text = ok(&run(
        dir.path(),
        &["push", "team.stance.json", url, "--project", "team"],
    ));
    assert!(text.contains("pushed team.stance.json as project \"team\""), "{text}");
    let text = ok(&run(
        dir.path(),
        &["pull", url, "--project", "team", "--out", "copy.stance.json"],
    ));
    assert!(text.contains("at revision 0"), "{text}");
    let copy = stance_tracker::storage::open_workspace(&dir.path().join("copy.stance.json")).unwrap();
    assert_eq!(as_json(&copy, true), as_json(&ws, true));

    // Pulling over an existing file needs --force.
    let again = run(
        dir.path(),
        &["pull", url, "--project", "team", "--out", "copy.stance.json"],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));

    // export and agreement read the project from the server.
    let out = run(
        dir.path(),
        &["export", url, "--project", "team", "--format", "csv", "--out", "s.csv"],
    );
    ok(&out);
    let from_file = run(
        dir.path(),
        &["export", "team.stance.json", "--format", "csv", "--out", "f.csv"],
    );
    ok(&from_file);
    assert_eq!(
        std::fs::read(dir.path().join("s.csv")).unwrap(),
        std::fs::read(dir.path().join("f.csv")).unwrap()
    );
    let missing = run(dir.path(), &["export", url, "--format", "csv", "--out", "x.csv"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--project NAME"));
    let agreement = run(dir.path(), &["agreement", url, "--project", "team"]);
    let stderr = String::from_utf8_lossy(&agreement.stderr);
    assert!(
        stderr.contains("agreement needs two coders"),
        "read from the server: {stderr}"
    );

    // import --workspace postgres://… adds articles and their suggestions as one command each.
    std::fs::write(
        dir.path().join("new.txt"),
        "Talks resume\n\nForeign minister Sergey Lavrov said on Tuesday that Russia rejects any ceasefire.",
    )
    .unwrap();
    let text = ok(&run(
        dir.path(),
        &[
            "import",
            "--coder",
            "Ana",
            "--workspace",
            url,
            "--project",
            "team",
            "new.txt",
        ],
    ));
    assert!(text.contains("saved to project \"team\""), "{text}");
    let (after, rev) = stance_tracker::server::pull(url, "team").unwrap();
    assert_eq!(after.article_count(), ws.article_count() + 1);
    assert!(rev >= 1);
    server::assert_invariants(&after);
}
