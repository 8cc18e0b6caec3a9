//! `stance-tracker figure` through the real binary, on the Wikinews corpus
//! imported and reviewed as a user would: the SVG is well-formed XML naming
//! every actor, with title and n; the PNG decodes at the requested size and
//! is not blank; the same inputs give the same bytes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stance_tracker::report::figure::{AgreementOptions, CompareOptions};

const BIN: &str = env!("CARGO_BIN_EXE_stance-tracker");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("STANCE_TRACKER_CONFIG_DIR", dir.join("config"))
        .env("STANCE_TRACKER_DATA_DIR", dir.join("data"))
        .output()
        .expect("the binary runs")
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The corpus imported, its suggestions above 0.5 accepted by coder A.
fn corpus(dir: &Path) -> PathBuf {
    for d in ["config", "data"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews_2019.csv");
    ok(dir, &["import", "--workspace", "w.stance.json", csv.to_str().unwrap()]);
    ok(
        dir,
        &["review", "w.stance.json", "--accept-above", "0.5", "--coder", "A"],
    );
    dir.join("w.stance.json")
}

/// What the figures must show of the accepted stances (from the csv export).
struct Shown {
    /// Actors certain to be drawn: all of them, or when there are more than
    /// the figure draws (`max`, the most coded, which it says), those coded
    /// more often than the first one left out (ties at the cut may go
    /// either way).
    certain: Vec<String>,
    /// How many actors have an accepted stance.
    actors: usize,
    /// Stances of the drawn actors (the same whichever of a tie is drawn).
    n: usize,
}

fn accepted_actors(dir: &Path, max: usize) -> Shown {
    ok(dir, &["export", "w.stance.json", "--format", "csv", "--out", "all.csv"]);
    let mut r = csv::Reader::from_path(dir.join("all.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (actor, status) = (col("actor"), col("status"));
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for row in r.records() {
        let row = row.unwrap();
        if &row[status] == "accepted" {
            *counts.entry(row[actor].to_owned()).or_default() += 1;
        }
    }
    let mut by_count: Vec<usize> = counts.values().copied().collect();
    by_count.sort_unstable_by(|a, b| b.cmp(a));
    let n = by_count.iter().take(max).sum();
    let cut = by_count.get(max).copied().unwrap_or(0);
    Shown {
        certain: counts
            .iter()
            .filter(|&(_, &c)| c > cut)
            .map(|(a, _)| a.clone())
            .collect(),
        actors: counts.len(),
        n,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
}

/// Parses the whole document; returns how many `<text>` elements it has.
fn well_formed(svg: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut texts = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"text" => texts += 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not XML at {}: {e}", reader.buffer_position()),
        }
    }
    texts
}

#[test]
fn compare_svg_names_every_actor_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    let max = CompareOptions::default().max_actors;
    let Shown { certain, actors, n } = accepted_actors(dir, max);
    assert!(certain.len() >= 5 && n >= 10, "{} actors, {n} stances", certain.len());
    ok(dir, &["figure", "w.stance.json", "--view", "compare", "--out", "a.svg"]);
    ok(dir, &["figure", "w.stance.json", "--view", "compare", "--out", "b.svg"]);
    let a = std::fs::read_to_string(dir.join("a.svg")).unwrap();
    assert_eq!(
        a.as_bytes(),
        std::fs::read(dir.join("b.svg")).unwrap(),
        "same inputs, same bytes"
    );
    assert!(well_formed(&a) > actors.min(max));
    if actors > max {
        assert!(a.contains(&format!("the {max} most-coded of {actors} actors")));
    }
    for name in &certain {
        assert!(
            a.contains(&format!(">{}</text>", escape(name))),
            "{name} is not named in full"
        );
    }
    assert!(a.contains("<title>Actors\u{2019} positions by issue</title>"));
    assert!(a.contains(&format!("n = {n} stances")), "n in the subtitle");
    assert!(a.contains("layer: A"));
    assert!(a.contains("Source: Stance Tracker") && a.contains("w.stance.json"));
    // One issue, bloc order.
    ok(
        dir,
        &[
            "figure",
            "w.stance.json",
            "--view",
            "compare",
            "--issue",
            "sanctions",
            "--sort",
            "bloc",
            "--out",
            "s.svg",
        ],
    );
    let s = std::fs::read_to_string(dir.join("s.svg")).unwrap();
    well_formed(&s);
    assert!(s.contains("positions on Sanctions"));
}

#[test]
fn agreement_svg_names_every_actor_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    let max = AgreementOptions::default().max_actors;
    let Shown { certain, actors, n } = accepted_actors(dir, max);
    let args = |out: &'static str| ["figure", "w.stance.json", "--view", "agreement", "--out", out];
    ok(dir, &args("a.svg"));
    ok(dir, &args("b.svg"));
    let a = std::fs::read_to_string(dir.join("a.svg")).unwrap();
    assert_eq!(a.as_bytes(), std::fs::read(dir.join("b.svg")).unwrap(), "same bytes");
    assert!(well_formed(&a) > 2 * actors.min(max));
    if actors > max {
        assert!(a.contains(&format!("the {max} most active (most stances) of {actors} actors")));
    }
    for name in &certain {
        let label = format!(">{}</text>", escape(name));
        assert_eq!(a.matches(&label).count(), 2, "{name}: a row and a column, in full");
    }
    assert!(a.contains("<title>Agreement between actors"));
    assert!(a.contains(&format!("n = {n} stances")) && a.contains("layer: A"));
    assert!(a.contains("neutral and mixed stances count in neither"));
    assert!(a.contains("ordered by bloc"));
    for (order, says) in [
        ("name", "ordered by name"),
        ("activity", "ordered by number of stances"),
    ] {
        ok(
            dir,
            &[
                "figure",
                "w.stance.json",
                "--view",
                "agreement",
                "--order",
                order,
                "--measure",
                "conflict",
                "--out",
                "o.svg",
            ],
        );
        let o = std::fs::read_to_string(dir.join("o.svg")).unwrap();
        well_formed(&o);
        assert!(
            o.contains(says) && o.contains("<title>Conflict between actors"),
            "{order}"
        );
    }
    ok(
        dir,
        &[
            "figure",
            "w.stance.json",
            "--view",
            "agreement",
            "--out",
            "m.png",
            "--size",
            "900x700",
            "--scale",
            "2",
        ],
    );
    let img = image::open(dir.join("m.png")).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (1800, 1400));
    let coloured = img.pixels().filter(|p| p.0[0].abs_diff(p.0[2]) > 80).count();
    assert!(coloured > 5_000, "{coloured} coloured pixels");
}

#[test]
fn png_figures_decode_at_the_requested_size_and_are_not_blank() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    for (view, extra) in [("compare", vec![]), ("over-time", vec!["--issue", "sanctions"])] {
        let out = format!("{view}.png");
        let mut args = vec!["figure", "w.stance.json", "--view", view, "--out", &out];
        args.extend(["--size", "800x500", "--scale", "2"]);
        args.extend(extra);
        ok(dir, &args);
        let img = image::open(dir.join(&out)).unwrap().to_rgba8();
        assert_eq!(img.dimensions(), (1600, 1000), "{view}");
        let inked = img.pixels().filter(|p| p.0[..3] != [255, 255, 255]).count();
        assert!(inked > 16_000, "{view}: {inked} pixels not white");
        let coloured = img.pixels().filter(|p| p.0[0].abs_diff(p.0[2]) > 80).count();
        assert!(coloured > 500, "{view}: {coloured} coloured pixels");
    }
    // The default size.
    ok(
        dir,
        &[
            "figure",
            "w.stance.json",
            "--view",
            "over-time",
            "--out",
            "t.png",
            "--from",
            "2019-06-01",
        ],
    );
    assert_eq!(image::open(dir.join("t.png")).unwrap().width(), 1600);
}

#[test]
fn figure_refuses_what_it_cannot_draw() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(dir);
    let err = |args: &[&str]| {
        let out = run(dir, args);
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let base = ["figure", "w.stance.json", "--view", "compare"];
    let with = |more: &[&'static str]| -> Vec<&str> { base.iter().copied().chain(more.iter().copied()).collect() };
    assert!(err(&with(&["--out", "f.txt"])).contains(".svg or .png"));
    assert!(err(&with(&["--out", "f.svg", "--issue", "nope"])).contains("its issues are"));
    assert!(err(&with(&["--out", "f.svg", "--layer", "all"])).contains("--layer all"));
    assert!(err(&with(&["--out", "f.png", "--size", "big"])).contains("--size"));
    assert!(!dir.join("f.svg").exists() && !dir.join("f.png").exists());
}

#[test]
fn two_coders_without_consensus_must_say_whose_figure() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for d in ["config", "data"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews_2019.csv");
    ok(dir, &["import", "--workspace", "w.stance.json", csv.to_str().unwrap()]);
    ok(
        dir,
        &["review", "w.stance.json", "--accept-above", "0.8", "--coder", "A"],
    );
    ok(
        dir,
        &["review", "w.stance.json", "--accept-above", "0.0", "--coder", "B"],
    );
    let out = run(dir, &["figure", "w.stance.json", "--view", "compare", "--out", "f.svg"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--layer"), "{out:?}");
    ok(
        dir,
        &[
            "figure",
            "w.stance.json",
            "--view",
            "compare",
            "--layer",
            "B",
            "--out",
            "f.svg",
        ],
    );
    assert!(std::fs::read_to_string(dir.join("f.svg")).unwrap().contains("layer: B"));
}
