//! The command line as scripts use it: exit codes, bulk review, exports that
//! cannot destroy a workspace, standard output, salvage. Runs the real binary.

use stance_tracker::model::{Status, Workspace};
use stance_tracker::storage;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::Sandbox;

fn dev_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev")
}

impl Sandbox {
    /// `export WS --format FORMAT --out OUT` and any further arguments.
    fn export(&self, ws: &Path, format: &str, out: &str, extra: &[&str]) -> Output {
        let mut args: Vec<std::ffi::OsString> = vec!["export".into(), ws.into(), "--format".into(), format.into()];
        args.extend(["--out".into(), out.into()]);
        args.extend(extra.iter().map(Into::into));
        self.run(args)
    }

    /// `review WS` with its arguments.
    fn review(&self, ws: &Path, extra: &[&str]) -> Output {
        let mut args: Vec<std::ffi::OsString> = vec!["review".into(), ws.into()];
        args.extend(extra.iter().map(Into::into));
        self.run(args)
    }

    /// A workspace with the dev articles and their pending suggestions.
    fn imported(&self) -> PathBuf {
        let ws = self.path("w.stance.json");
        let o = self.run([
            "import".as_ref(),
            "--workspace".as_ref(),
            ws.as_os_str(),
            dev_dir().as_os_str(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        ws
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn open(path: &Path) -> Workspace {
    storage::open_workspace(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn import_exit_codes_tell_all_some_and_none_apart() {
    let sb = Sandbox::new();
    let bad = sb.path("broken.txt");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 0, 1, 2, 3]).unwrap();
    let good = dev_dir().join("2019-01-23-mahan-air.txt");
    let ws = sb.path("w.stance.json");
    let run = |paths: &[&Path]| {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), "--workspace".into(), ws.clone().into()];
        args.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
        sb.run(args)
    };
    let o = run(&[&good, &bad]);
    assert_eq!(o.status.code(), Some(2), "some failed: {}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("1 file(s) could not be imported, or only in part"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(open(&ws).article_count(), 1, "what could be imported was saved");
    let o = run(&[&bad]);
    assert_eq!(o.status.code(), Some(1), "nothing imported");
    let o = run(&[&good]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a duplicate is no failure: {}",
        text(&o.stderr)
    );
}

#[test]
fn review_decides_suggestions_in_one_step_and_marks_them_as_bulk() {
    let sb = Sandbox::new();
    let ws_path = sb.imported();
    let before = open(&ws_path);
    let confident = |ws: &Workspace, t: f32| {
        ws.stances()
            .filter(|s| s.status == Status::Pending)
            .filter(
                |s| matches!(s.origin, stance_tracker::model::Origin::Suggested { confidence, .. } if confidence >= t),
            )
            .count()
    };
    let expected = confident(&before, 0.7);
    assert!(
        expected > 0 && expected < before.pending_count(),
        "the dev set has both kinds"
    );
    let o = sb.review(&ws_path, &["--accept-above", "0.7"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains(&format!("accepted {expected}, rejected 0")),
        "{}",
        text(&o.stdout)
    );
    let after = open(&ws_path);
    let accepted: Vec<_> = after.stances().filter(|s| s.status == Status::Accepted).collect();
    assert_eq!(accepted.len(), expected);
    assert!(
        accepted
            .iter()
            .all(|s| s.bulk.as_deref() == Some("accepted in bulk: confidence ≥ 0.70"))
    );
    assert_eq!(after.pending_count(), before.pending_count() - expected);

    // The flat CSV says which decisions were made in bulk.
    let o = sb.export(&ws_path, "csv", "-", &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let bulk_col = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "bulk_rule")
        .expect("bulk_rule column");
    let bulk_rows = r
        .records()
        .filter(|row| !row.as_ref().unwrap()[bulk_col].is_empty())
        .count();
    assert_eq!(bulk_rows, expected);

    // Reject the rest of one issue; unknown issues and empty rules are refused.
    let o = sb.review(&ws_path, &["--reject-below", "0.7", "--issue", "concessions"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ws = open(&ws_path);
    let concessions = ws.issue_by_key("concessions").unwrap().id;
    assert!(
        ws.stances()
            .filter(|s| s.issue == concessions)
            .all(|s| s.status != Status::Pending)
    );
    assert!(
        ws.stances()
            .filter(|s| s.issue != concessions)
            .any(|s| s.status == Status::Pending)
    );
    let o = sb.review(&ws_path, &["--accept-above", "0.5", "--issue", "tariffs"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no issue \"tariffs\"") && text(&o.stderr).contains("participation"));
    let o = sb.review(&ws_path, &[]);
    assert!(text(&o.stderr).contains("--accept-above"), "{}", text(&o.stderr));
    let o = sb.review(&ws_path, &["--accept-above", "1.5"]);
    assert!(!o.status.success());
}

#[test]
fn export_refuses_to_write_over_the_workspace_and_writes_to_standard_output() {
    let sb = Sandbox::new();
    let ws_path = sb.imported();
    // A second save makes the backup.
    let o = sb.review(&ws_path, &["--accept-above", "0.7"]);
    assert!(o.status.success());
    let bak = storage::backup_path(&ws_path);
    let (ws_bytes, bak_bytes) = (std::fs::read(&ws_path).unwrap(), std::fs::read(&bak).unwrap());
    for out in [ws_path.clone(), bak.clone()] {
        let o = sb.export(&ws_path, "csv", out.to_str().unwrap(), &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            text(&o.stderr).contains("never writes over a workspace"),
            "{}",
            text(&o.stderr)
        );
    }
    assert_eq!(std::fs::read(&ws_path).unwrap(), ws_bytes);
    assert_eq!(std::fs::read(&bak).unwrap(), bak_bytes);

    let o = sb.export(&ws_path, "matrix-csv", "-", &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("actor,kind,affiliation,"),
        "{}",
        text(&o.stdout)
    );
    assert!(text(&o.stderr).contains("to standard output"));
    assert!(!sb.path("-").exists());
    // /dev/stdout is written through, not replaced (here it is a pipe).
    let o = sb.export(&ws_path, "articles-csv", "/dev/stdout", &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("article_id,date,title,source,actors_with_accepted_stances,"));
}

#[test]
fn salvage_writes_what_checks_out_to_a_new_file() {
    let sb = Sandbox::new();
    let ws_path = sb.imported();
    let n = open(&ws_path).article_count();
    let text_of = std::fs::read_to_string(&ws_path).unwrap();
    // One letter of the first article's text (articles come first in the file).
    let mut bytes = text_of.clone().into_bytes();
    let start = text_of.find("\"text\": \"").unwrap() + 40;
    let at = start + bytes[start..].iter().position(u8::is_ascii_lowercase).unwrap();
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    let damaged = String::from_utf8(bytes).unwrap();
    std::fs::write(&ws_path, &damaged).unwrap();
    let o = sb.export(&ws_path, "csv", "x.csv", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no longer matches its checksum"),
        "{}",
        text(&o.stderr)
    );
    let out = sb.path("recovered.stance.json");
    let o = sb.run([
        "salvage".as_ref(),
        ws_path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("left out: article"), "{}", text(&o.stdout));
    assert_eq!(open(&out).article_count(), n - 1);
    assert_eq!(
        std::fs::read_to_string(&ws_path).unwrap(),
        damaged,
        "the damaged file is untouched"
    );
    let o = sb.run([
        "salvage".as_ref(),
        ws_path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(text(&o.stderr).contains("already exists"));
}

#[test]
fn export_narrows_to_named_actors_and_issues_and_writes_a_quote_sheet() {
    let sb = Sandbox::new();
    let ws_path = sb.imported();
    let o = sb.review(&ws_path, &["--accept-above", "0.5"]);
    assert!(o.status.success());
    let ws = open(&ws_path);
    let rubio = ws.actor_by_name("Rubio").expect("Rubio by alias").id;
    let n = ws
        .stances()
        .filter(|s| s.actor == rubio && s.status == Status::Accepted)
        .count();
    assert!(n > 0);
    let o = sb.export(&ws_path, "quotes-md", "-", &["--actor", "Rubio"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = text(&o.stdout);
    assert!(md.starts_with("# What did Marco Rubio say on every issue?"), "{md}");
    assert_eq!(md.matches("\n> “").count(), n);
    let o = sb.export(&ws_path, "quotes-csv", "-", &["--actor", "Nobody Atall"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no actor \"Nobody Atall\""));
}
