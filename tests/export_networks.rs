//! The actor network exports (`graphml-network`, `gexf-network`) as
//! NetworkX reads them: the binary exports a fixture workspace, and
//! `tools/gexf/check.py` (NetworkX's `read_graphml` / `read_gexf`) must see
//! the nodes, edges and weights the Rust side computes.
//!
//! What NetworkX saw is checked in (`tests/fixtures/networks/expected.json`),
//! so the comparison runs without Python too; with python3 and networkx the
//! live output is compared as well. `STANCE_TRACKER_UPDATE_FIXTURES=1`
//! rewrites the checked-in file from the live run.

mod common;

use common::Sandbox;
use serde_json::Value;
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Document, Position, Workspace, ops,
};
use stance_tracker::report::Filter;
use stance_tracker::report::network::{Duplicates, NetworkOptions, Normalize, Qualifier, actor_network};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const EXPECTED: &str = "tests/fixtures/networks/expected.json";

/// Four actors (one with XML-special characters, one affiliated, one with
/// aliases), three dated articles and an undated one, all coded by Ana.
fn fixture() -> Workspace {
    let mut doc = Document::new(Workspace::new());
    doc.set_coder(Some("Ana".into()));
    let mut articles = Vec::new();
    for (i, day) in [Some(6), Some(8), Some(10), None].into_iter().enumerate() {
        let id = ArticleId(doc.alloc_id());
        let date = day.and_then(|d| Date::new(2020, 1, d));
        let text = format!("Article {i}: statements on the talks and the sanctions.");
        doc.execute(Command::AddArticle(Box::new(Article::new(
            id,
            format!("Article {i}"),
            date,
            "fixture".into(),
            text,
        ))))
        .unwrap();
        articles.push(id);
    }
    let mut actors: Vec<ActorId> = Vec::new();
    for (name, kind) in [
        ("Ünal & Söhne <AG>", ActorKind::Organization),
        ("Bloc \"B\"", ActorKind::Group),
        ("Carla", ActorKind::Person),
        ("Dania", ActorKind::State),
    ] {
        let id = ActorId(doc.alloc_id());
        let mut a = Actor::new(id, name, kind);
        if name == "Carla" {
            a.affiliation = actors.last().copied();
        }
        if name == "Dania" {
            a.aliases = vec!["D'ania".into(), "Danian government".into()];
        }
        doc.execute(Command::AddActor(a)).unwrap();
        actors.push(id);
    }
    let p = doc.workspace().issue_by_key("participation").unwrap().id;
    let s = doc.workspace().issue_by_key("sanctions").unwrap().id;
    use Position::*;
    for (art, who, issue, pos) in [
        (0, 0, p, Support),
        (0, 2, p, Oppose),
        (0, 3, p, Support),
        (1, 1, p, Support),
        (1, 0, s, Oppose),
        (1, 3, s, Support),
        (2, 1, s, Oppose),
        (2, 2, s, Neutral),
        (2, 3, p, Support),
        (3, 0, p, Support),
        (3, 2, s, Support),
    ] {
        let mut ws = doc.workspace().clone();
        let cmd = ops::new_manual_stance(&mut ws, articles[art], actors[who], issue, pos, 0, 9, String::new()).unwrap();
        doc.execute(cmd).unwrap();
    }
    doc.workspace().clone()
}

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    options: NetworkOptions,
}

fn cases() -> [Case; 2] {
    [
        Case {
            name: "congruence",
            args: &[],
            options: NetworkOptions::default(),
        },
        Case {
            name: "subtract-average-include",
            args: &[
                "--qualifier",
                "subtract",
                "--normalize",
                "average",
                "--duplicates",
                "include",
            ],
            options: NetworkOptions {
                qualifier: Qualifier::Subtract,
                normalize: Normalize::Average,
                duplicates: Duplicates::Include,
                ..NetworkOptions::default()
            },
        },
    ]
}

/// Exports both formats of one case with the binary; the two paths.
fn export(sb: &Sandbox, ws_path: &Path, case: &Case) -> [PathBuf; 2] {
    ["graphml-network", "gexf-network"].map(|format| {
        let ext = if format.starts_with("gexf") { "gexf" } else { "graphml" };
        let out = sb.path(&format!("{}.{ext}", case.name));
        let mut args: Vec<&str> = vec!["export", ws_path.to_str().unwrap(), "--format", format];
        args.extend(case.args);
        args.extend(["--out", out.to_str().unwrap()]);
        let o = sb.run(&args);
        assert!(o.status.success(), "{format}: {}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

/// A Python that has `module`: the one on PATH, or Debian's own (a pyenv
/// or venv python3 first on PATH does not see apt's python3-* packages).
fn python_with(module: &str) -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|py| {
        std::process::Command::new(py)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn networkx_python() -> Option<&'static str> {
    python_with("networkx")
}

fn networkx_summary(python: &str, files: &[PathBuf; 2]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/gexf/check.py");
    let o = std::process::Command::new(python)
        .arg(script)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "check.py: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("check.py prints JSON")
}

/// The Rust side's nodes, edges and weights ("LABEL -- LABEL", sorted).
fn rust_side(ws: &Workspace, options: &NetworkOptions) -> (usize, usize, BTreeMap<String, f64>) {
    let net = actor_network(ws, &Filter::accepted(), options);
    let name = |id: ActorId| ws.actor(id).unwrap().name.clone();
    let weights = net
        .edges
        .iter()
        .map(|&(i, j, w)| {
            let mut pair = [name(net.actors[i]), name(net.actors[j])];
            pair.sort();
            (format!("{} -- {}", pair[0], pair[1]), w)
        })
        .collect();
    (net.actors.len(), net.edges.len(), weights)
}

fn compare(seen: &Value, rust: &(usize, usize, BTreeMap<String, f64>), what: &str) {
    assert_eq!(seen["nodes"].as_u64(), Some(rust.0 as u64), "{what}: nodes");
    assert_eq!(seen["edges"].as_u64(), Some(rust.1 as u64), "{what}: edges");
    let weights = seen["weights"].as_object().unwrap();
    assert_eq!(weights.len(), rust.2.len(), "{what}: {weights:?} vs {:?}", rust.2);
    for (pair, w) in &rust.2 {
        let got = weights.get(pair).and_then(Value::as_f64);
        assert!(
            got.is_some_and(|g| (g - w).abs() < 1e-6),
            "{what}: {pair} weighs {got:?}, Rust says {w}"
        );
    }
}

#[test]
fn networkx_and_igraph_read_the_networks_as_computed() {
    let sb = Sandbox::new();
    let ws = fixture();
    let ws_path = sb.path("fixture.stance.json");
    stance_tracker::storage::save_workspace(&ws, &ws_path).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = networkx_python();
    let live = python.is_some();
    if !live {
        println!("skipped: install python3-networkx (apt) to run");
    }
    let igraph = python_with("igraph");
    if igraph.is_none() {
        println!("skipped the igraph check: install python3-igraph (apt) to run it");
    }
    let updating = live && std::env::var_os("STANCE_TRACKER_UPDATE_FIXTURES").is_some();
    let expected: Value = match std::fs::read_to_string(root.join(EXPECTED)) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(e) if updating => {
            eprintln!("{EXPECTED}: {e}; writing it");
            Value::Null
        }
        Err(e) => panic!("{EXPECTED}: {e}"),
    };
    let mut seen_now = serde_json::Map::new();
    for case in cases() {
        let files = export(&sb, &ws_path, &case);
        let rust = rust_side(&ws, &case.options);
        let gexf = std::fs::read_to_string(&files[1]).unwrap();
        assert!(
            gexf.contains("<keywords>coder=Ana; "),
            "the layer is in the GEXF's meta"
        );
        for format in ["graphml", "gexf"].into_iter().filter(|_| !updating) {
            compare(
                &expected[case.name][format],
                &rust,
                &format!("{} {format} (checked in)", case.name),
            );
        }
        if let Some(py) = igraph {
            let script = root.join("tools/gexf/check_igraph.py");
            let o = std::process::Command::new(py)
                .arg(script)
                .arg(&files[0])
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "check_igraph.py: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let seen: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(seen["directed"], false, "{} graphml (igraph)", case.name);
            compare(&seen, &rust, &format!("{} graphml (igraph)", case.name));
        }
        if let Some(python) = python {
            let seen = networkx_summary(python, &files);
            for format in ["graphml", "gexf"] {
                compare(&seen[format], &rust, &format!("{} {format} (NetworkX)", case.name));
            }
            seen_now.insert(case.name.into(), seen);
        }
    }
    if live {
        let seen_now = Value::Object(seen_now);
        if updating {
            let text = serde_json::to_string_pretty(&seen_now).unwrap() + "\n";
            std::fs::create_dir_all(root.join(EXPECTED).parent().unwrap()).unwrap();
            std::fs::write(root.join(EXPECTED), text).unwrap();
            return;
        }
        assert_eq!(seen_now, expected, "NetworkX now reads what {EXPECTED} says");
    }
    // --qualifier is the networks' own; other formats refuse it.
    let o = sb.run([
        "export",
        ws_path.to_str().unwrap(),
        "--format",
        "matrix-csv",
        "--qualifier",
        "conflict",
        "--out",
        "-",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("graphml-network or gexf-network"));
    // Spells, colours and the layer as checked in (computed by hand below).
    let gexf = &expected["congruence"]["gexf"];
    assert_eq!(gexf["mode"], "dynamic");
    let dania = &gexf["node_attributes"]["Dania"];
    assert_eq!(dania["kind"], "state");
    assert_eq!(dania["stances"], 3);
    // Dania speaks 01-06..01-10; her ties reach no further.
    assert_eq!(dania["spells"], serde_json::json!([["2020-01-06", "2020-01-10"]]));
    assert_eq!(expected["congruence"]["graphml"]["coder"], "Ana");
}
