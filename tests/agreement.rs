//! `stance-tracker agreement` against figures the PyPI `krippendorff` and
//! scikit-learn computed (tools/reliability/agreement_sets.py wrote them into
//! tests/fixtures/agreement/*.json with the codings they come from), and the
//! two-coder workflow from the command line: done marks, agreement,
//! methods report, codebook, export with the coder column.

mod common;

use common::Sandbox;
use serde_json::Value;
use stance_tracker::model::{
    Actor, ActorKind, Article, ArticleId, Command, Document, Position, Workspace, coders, ops,
};
use std::collections::BTreeMap;
use std::path::Path;

const ACTORS: [&str; 5] = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"];

fn sentence(actor: &str) -> String {
    format!("{actor} spoke about the talks today. ")
}

/// A workspace with each coder's coding of the spec: a value is a stance of
/// that position on the actor's sentence, "mixed" two stances (support and
/// oppose), null nothing; every coder marks every article done.
fn workspace_from(spec: &Value) -> Workspace {
    let mut doc = Document::new(Workspace::new());
    let n_articles = spec["articles"].as_u64().unwrap();
    let mut articles = Vec::new();
    let text: String = ACTORS.iter().map(|a| sentence(a)).collect();
    for i in 0..n_articles {
        let id = ArticleId(doc.alloc_id());
        let body = format!("Article {i}. {text}");
        doc.execute(Command::AddArticle(Box::new(Article::new(
            id,
            format!("Article {i}"),
            None,
            "test".into(),
            body,
        ))))
        .unwrap();
        articles.push(id);
    }
    let mut actors = BTreeMap::new();
    for name in ACTORS {
        let id = stance_tracker::model::ActorId(doc.alloc_id());
        doc.execute(Command::AddActor(Actor::new(id, name, ActorKind::State)))
            .unwrap();
        actors.insert(name, id);
    }
    let coder_names: Vec<&str> = spec["coders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for (c, name) in coder_names.iter().enumerate() {
        doc.set_coder(Some(name.to_string()));
        for unit in spec["units"].as_array().unwrap() {
            let value = &unit["values"][c];
            let Some(v) = value.as_str() else { continue };
            let article = articles[unit["article"].as_u64().unwrap() as usize];
            let actor_name = unit["actor"].as_str().unwrap();
            let issue = doc
                .workspace()
                .issue_by_key(unit["issue"].as_str().unwrap())
                .unwrap()
                .id;
            let prefix = format!("Article {}. ", unit["article"]);
            let before: usize = ACTORS
                .iter()
                .take_while(|a| **a != actor_name)
                .map(|a| sentence(a).chars().count())
                .sum();
            let start = prefix.chars().count() + before;
            let end = start + sentence(actor_name).trim_end().chars().count();
            let positions = match v {
                "mixed" => vec![Position::Support, Position::Oppose],
                p => vec![Position::parse(p).unwrap()],
            };
            for p in positions {
                let mut ws = doc.workspace().clone();
                let cmd = ops::new_manual_stance(
                    &mut ws,
                    article,
                    actors[actor_name],
                    issue,
                    p,
                    start,
                    end,
                    String::new(),
                )
                .unwrap();
                doc.execute(cmd).unwrap();
            }
        }
        let id = doc.coder_id().unwrap();
        if let Some(cmd) = coders::set_done(doc.workspace(), id, &articles, true) {
            doc.execute(cmd).unwrap();
        }
    }
    doc.workspace().clone()
}

fn close(got: &Value, want: &Value, what: &str) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{what}: {g} != {w}"),
        _ => assert!(got.is_null() && want.is_null(), "{what}: {got} vs {want}"),
    }
}

fn check_figures(got: &Value, want: &Value, what: &str) {
    assert_eq!(got["units"], want["units"], "{what}: units");
    close(
        &got["alpha_nominal"]["value"],
        &want["alpha_nominal"],
        &format!("{what} alpha nominal"),
    );
    close(
        &got["alpha_interval"]["value"],
        &want["alpha_interval"],
        &format!("{what} alpha interval"),
    );
    close(
        &got["percent_agreement"],
        &want["percent_agreement"],
        &format!("{what} percent"),
    );
    let kappas = want["kappa"].as_array().unwrap();
    for (g, w) in got["kappa"].as_array().unwrap().iter().zip(kappas) {
        assert_eq!(g["first"], w["first"]);
        assert_eq!(g["second"], w["second"]);
        close(
            &g["kappa"],
            &w["kappa"],
            &format!("{what} kappa {}-{}", w["first"], w["second"]),
        );
    }
    assert_eq!(got["kappa"].as_array().unwrap().len(), kappas.len());
    // The interval brackets the estimate.
    if let (Some(v), Some(l), Some(h)) = (
        got["alpha_nominal"]["value"].as_f64(),
        got["alpha_nominal"]["ci_low"].as_f64(),
        got["alpha_nominal"]["ci_high"].as_f64(),
    ) {
        assert!(l <= v + 0.05 && v - 0.05 <= h && l < h, "{what}: {l} {v} {h}");
    }
}

#[test]
fn agreement_json_equals_krippendorff_and_sklearn_on_three_data_sets() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement");
    let sandbox = Sandbox::new();
    for name in ["two_coders", "three_coders", "four_coders"] {
        let spec: Value = serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.json"))).unwrap()).unwrap();
        let ws = workspace_from(&spec);
        let path = sandbox.path(&format!("{name}.stance.json"));
        stance_tracker::storage::save_workspace(&ws, &path).unwrap();
        let out = sandbox.run([
            "agreement".as_ref(),
            path.as_os_str(),
            "--json".as_ref(),
            "--draws".as_ref(),
            "500".as_ref(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["coders"], spec["coders"], "{name}");
        assert_eq!(got["articles"], spec["articles"], "{name}");
        check_figures(&got["overall"], &spec["expected"]["overall"], name);
        for issue in got["issues"].as_array().unwrap() {
            let key = issue["issue"].as_str().unwrap();
            check_figures(issue, &spec["expected"]["issues"][key], &format!("{name}/{key}"));
        }
        // The suggester is one more coder: one more kappa per coder.
        let with = &got["with_suggester"];
        let n = spec["coders"].as_array().unwrap().len();
        assert_eq!(with["coders"].as_array().unwrap().len(), n + 1);
        assert_eq!(with["overall"]["kappa"].as_array().unwrap().len(), (n + 1) * n / 2);
    }
}

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn two_coders_from_the_command_line_done_marks_layers_methods_and_codebook() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement");
    let spec: Value = serde_json::from_slice(&std::fs::read(dir.join("two_coders.json")).unwrap()).unwrap();
    let sandbox = Sandbox::new();
    let w = sandbox.path("study.stance.json");
    stance_tracker::storage::save_workspace(&workspace_from(&spec), &w).unwrap();
    let w = w.to_str().unwrap();

    // An aggregate over two coders' layers would count sentences twice.
    let out = sandbox.run(["export", w, "--format", "matrix-csv", "--out", "m.csv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--layer") && err.contains("Ana") && err.contains("Ben"),
        "{err}"
    );
    stdout(&sandbox.run([
        "export",
        w,
        "--format",
        "matrix-csv",
        "--layer",
        "Ana",
        "--out",
        "m.csv",
    ]));
    let matrix = std::fs::read_to_string(sandbox.path("m.csv")).unwrap();
    assert!(matrix.lines().next().unwrap().ends_with(",coder"));
    assert!(matrix.lines().skip(1).all(|l| l.ends_with(",Ana")), "{matrix}");
    // The flat csv lists every layer, one row per coder's stance.
    stdout(&sandbox.run(["export", w, "--format", "csv", "--out", "s.csv"]));
    let mut r = csv::Reader::from_path(sandbox.path("s.csv")).unwrap();
    let col = r.headers().unwrap().iter().position(|h| h == "coder").unwrap();
    let coders: std::collections::BTreeSet<String> = r.records().map(|x| x.unwrap()[col].to_owned()).collect();
    assert_eq!(coders.into_iter().collect::<Vec<_>>(), ["Ana", "Ben"]);

    // The actor network with DNA's choices, from the same layer.
    stdout(&sandbox.run([
        "export",
        w,
        "--format",
        "graphml-network",
        "--layer",
        "Ben",
        "--qualifier",
        "subtract",
        "--normalize",
        "jaccard",
        "--duplicates",
        "article",
        "--threshold",
        "0.1",
        "--out",
        "net.graphml",
    ]));
    let net = std::fs::read_to_string(sandbox.path("net.graphml")).unwrap();
    assert!(
        net.contains("<data key=\"coder\">Ben</data>") && net.contains("<edge "),
        "{net}"
    );
    let out = sandbox.run([
        "export",
        w,
        "--format",
        "graphml-congruence",
        "--layer",
        "Ben",
        "--qualifier",
        "conflict",
        "--out",
        "x.graphml",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("graphml-network"));

    // Done marks decide which articles count.
    let text = stdout(&sandbox.run(["agreement", w, "--draws", "200"]));
    assert!(text.contains("on the 3 article(s)"), "{text}");
    let out = stdout(&sandbox.run(["done", w, "--coder", "Ben", "--undo", "a4"]));
    assert!(out.contains("2 of 3"), "{out}");
    let text = stdout(&sandbox.run(["agreement", w, "--draws", "200"]));
    assert!(text.contains("on the 2 article(s)"), "{text}");
    let out = sandbox.run(["done", w, "--all"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--coder"));

    let report = stdout(&sandbox.run(["methods-report", w]));
    for needle in [
        "## Inter-coder reliability",
        "Ana, Ben",
        "95% CI",
        "Codebook version 1",
        "## Adjudication",
    ] {
        assert!(report.contains(needle), "{needle} missing from\n{report}");
    }

    // The codebook goes out and comes back under a new version, one issue relabelled.
    stdout(&sandbox.run(["codebook", w, "--out", "codebook.json"]));
    let mut book: Value = serde_json::from_slice(&std::fs::read(sandbox.path("codebook.json")).unwrap()).unwrap();
    assert_eq!(book["format"], "stance-tracker-codebook");
    book["codebook_version"] = "2.0".into();
    book["issues"][0]["label"] = "Taking part in talks".into();
    std::fs::write(sandbox.path("codebook.json"), serde_json::to_vec(&book).unwrap()).unwrap();
    let out = stdout(&sandbox.run(["codebook", w, "--import", "codebook.json"]));
    assert!(out.contains("1 updated"), "{out}");
    let ws = stance_tracker::storage::open_workspace(Path::new(w)).unwrap();
    assert_eq!(ws.codebook_version(), "2.0");
    assert_eq!(ws.issues().next().unwrap().label, "Taking part in talks");
    std::fs::write(sandbox.path("bad.json"), b"{\"format\": \"something\"}").unwrap();
    let out = sandbox.run(["codebook", w, "--import", "bad.json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json is not a Stance Tracker codebook"));
}
