//! `stance-tracker merge`: two coders' copies of one study combined from
//! the command line, as a team does it, and everything a merge must refuse.

mod common;

use common::Sandbox;
use std::path::Path;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn err(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn two_coders_code_copies_and_the_merge_keeps_both_layers_once() {
    let sb = Sandbox::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/2025-02-18-riyadh-talks.txt");
    ok(&sb.run(["import", "--workspace", "base.stance.json", sample.to_str().unwrap()]));
    let base = stance_tracker::storage::open_workspace(&sb.path("base.stance.json")).unwrap();
    let suggestions = base.pending_count();
    assert!(suggestions >= 2, "the sample needs suggestions to decide");
    std::fs::copy(sb.path("base.stance.json"), sb.path("ana.stance.json")).unwrap();
    std::fs::copy(sb.path("base.stance.json"), sb.path("ben.stance.json")).unwrap();

    // Ana accepts every suggestion, Ben rejects those below 0.9: they disagree.
    ok(&sb.run(["review", "ana.stance.json", "--accept-above", "0", "--coder", "Ana"]));
    ok(&sb.run([
        "review",
        "ben.stance.json",
        "--accept-above",
        "0.9",
        "--reject-below",
        "0.9",
        "--coder",
        "Ben",
    ]));
    ok(&sb.run(["done", "ana.stance.json", "--coder", "Ana", "--all"]));
    ok(&sb.run(["done", "ben.stance.json", "--coder", "Ben", "--all"]));

    let text = ok(&sb.run([
        "merge",
        "ana.stance.json",
        "ben.stance.json",
        "--out",
        "team.stance.json",
    ]));
    assert!(text.contains("merged ben.stance.json:"), "{text}");
    assert!(text.contains("0 article(s) added, 1 matched"), "{text}");
    let team = stance_tracker::storage::open_workspace(&sb.path("team.stance.json")).unwrap();
    assert_eq!(team.article_count(), 1);
    assert_eq!(
        team.stance_count(),
        2 * suggestions,
        "each coder's decision on each suggestion"
    );
    let names: Vec<String> = team.coders().map(|c| c.name.clone()).collect();
    assert_eq!(names, ["Ana", "Ben"]);
    let article = team.articles().next().unwrap().id;
    assert!(team.done_by(article).count() == 2);

    // Reliability over the merged file, and the flat csv with a coder column.
    let json = ok(&sb.run([
        "agreement",
        "team.stance.json",
        "--json",
        "--draws",
        "100",
        "--no-suggester",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["coders"], serde_json::json!(["Ana", "Ben"]), "{json}");
    ok(&sb.run(["export", "team.stance.json", "--format", "csv", "--out", "all.csv"]));
    let mut r = csv::Reader::from_path(sb.path("all.csv")).unwrap();
    let col = r.headers().unwrap().iter().position(|h| h == "coder").unwrap();
    let mut per_coder = std::collections::BTreeMap::<String, usize>::new();
    for rec in r.records() {
        *per_coder.entry(rec.unwrap()[col].to_owned()).or_default() += 1;
    }
    assert_eq!(per_coder.get("Ana"), Some(&suggestions));
    assert_eq!(per_coder.get("Ben"), Some(&suggestions));

    // Merging Ben again into the merged file changes nothing.
    let before = std::fs::read(sb.path("team.stance.json")).unwrap();
    let again = ok(&sb.run([
        "merge",
        "team.stance.json",
        "ben.stance.json",
        "--out",
        "team.stance.json",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    let report = &v["merges"][0]["report"];
    assert_eq!(report["stances_added"], 0, "{again}");
    assert_eq!(report["stances_present"], suggestions, "{again}");
    let after = stance_tracker::storage::open_workspace(&sb.path("team.stance.json")).unwrap();
    assert_eq!(after.stance_count(), team.stance_count());
    // The previous version is kept beside it.
    assert_eq!(std::fs::read(sb.path("team.stance.json.bak")).unwrap(), before);
}

#[test]
fn a_merge_refuses_to_overwrite_other_files_and_names_bad_inputs() {
    let sb = Sandbox::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/2025-02-18-riyadh-talks.txt");
    ok(&sb.run([
        "import",
        "--workspace",
        "a.stance.json",
        "--no-suggest",
        sample.to_str().unwrap(),
    ]));
    std::fs::write(sb.path("precious.stance.json"), b"someone's work").unwrap();
    let e = err(&sb.run([
        "merge",
        "a.stance.json",
        "a.stance.json",
        "--out",
        "precious.stance.json",
    ]));
    assert!(e.contains("precious.stance.json already exists"), "{e}");
    assert_eq!(
        std::fs::read(sb.path("precious.stance.json")).unwrap(),
        b"someone's work"
    );

    std::fs::write(sb.path("notes.json"), b"{\"hello\": 1}").unwrap();
    let e = err(&sb.run(["merge", "a.stance.json", "notes.json", "--out", "out.stance.json"]));
    assert!(e.contains("notes.json"), "{e}");
    assert!(
        !sb.path("out.stance.json").exists(),
        "nothing is written when an input is bad"
    );

    let e = err(&sb.run(["merge", "a.stance.json", "--out", "out.stance.json"]));
    assert!(e.contains("2"), "one workspace is no merge: {e}");
}
