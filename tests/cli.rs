//! The real `stance-tracker` binary, run as a user would: import, analyze,
//! export, and the errors a user meets. Every child process gets its own
//! config and data folders, so nothing touches the real user's settings.

use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{Origin, Status, Workspace};
use stance_tracker::storage;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::Sandbox;

const ISSUES: [&str; 3] = ["participation", "sanctions", "concessions"];
const POSITIONS: [&str; 4] = ["support", "oppose", "neutral", "mixed"];
const KINDS: [&str; 5] = ["person", "state", "organization", "group", "other"];
/// The columns of `report::export` (not re-exported by the crate, so the
/// contract is spelled out here; a change to it must be deliberate).
const STANCE_COLUMNS: [&str; 29] = [
    "stance_id",
    "article_id",
    "article_title",
    "article_date",
    "article_source",
    "actor",
    "actor_kind",
    "affiliation",
    "issue",
    "issue_label",
    "position",
    "score",
    "status",
    "origin",
    "rule",
    "confidence",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "note",
    "created",
    "modified",
    "bulk_rule",
    "coder",
    "created_by",
    "modified_by",
    "provenance",
    "codebook_version",
    "article_outlet",
];

fn dev_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev")
}

fn dev_txt() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dev_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 3);
    v
}

impl Sandbox {
    fn import(&self, ws: &Path, extra: &[&str]) -> Output {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), "--workspace".into(), ws.into()];
        args.extend(extra.iter().map(Into::into));
        args.push(dev_dir().into());
        self.run(args)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// A failure the program itself reports: non-zero exit and exactly one
/// stderr line, starting with `error:`.
fn assert_one_error_line(o: &Output, what: &str) -> String {
    assert!(!o.status.success(), "{what} should fail\nstdout:\n{}", stdout(o));
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: expected one error line, got:\n{err}");
    assert!(
        lines[0].starts_with("error: "),
        "{what}: stderr should start with 'error: ', got {:?}",
        lines[0]
    );
    assert!(!err.contains("panicked"), "{what} panicked:\n{err}");
    lines[0].to_owned()
}

fn open(path: &Path) -> Workspace {
    storage::open_workspace(path).unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------

#[test]
fn import_creates_the_workspace_with_articles_actors_and_pending_suggestions() {
    let sb = Sandbox::new();
    let wsp = sb.path("W.stance.json");
    let o = sb.import(&wsp, &[]);
    assert_ok(&o, "import");
    let out = stdout(&o);
    for title in [
        "\"Mahan air\" (2019-01-23)",
        "\"Cuba flights\" (2019-10-27)",
        "\"Riyadh talks\" (2025-02-18)",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with("imported") && l.contains(title)),
            "report lacks {title}:\n{out}"
        );
    }
    assert!(out.contains("3 imported, 0 duplicate(s) skipped, 0 failed"), "{out}");
    assert!(out.contains("suggested stance(s) stored as pending"), "{out}");
    assert!(out.contains("saved "), "{out}");
    assert!(wsp.exists());

    let ws = open(&wsp);
    assert_eq!(ws.article_count(), 3);
    let mut titles: Vec<&str> = ws.articles().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Cuba flights", "Mahan air", "Riyadh talks"]);
    assert!(
        ws.actors().count() >= 10,
        "expected the articles' actors, got {}",
        ws.actors().count()
    );
    for name in ["Germany", "Mike Pompeo", "Marco Rubio", "Sergei Lavrov"] {
        assert!(ws.actor_by_name(name).is_some(), "actor {name} missing");
    }
    assert!(ws.stance_count() > 0, "no suggested stances were stored");
    let printed_n: usize = out
        .lines()
        .find_map(|l| l.strip_suffix(" suggested stance(s) stored as pending"))
        .and_then(|n| n.trim().parse().ok())
        .expect("the number of suggestions is printed");
    assert_eq!(printed_n, ws.stance_count());
    for s in ws.stances() {
        assert_eq!(s.status, Status::Pending, "suggestions wait for the analyst");
        assert!(matches!(s.origin, Origin::Suggested { .. }), "{:?}", s.origin);
        let article = ws.article(s.article).expect("stance article exists");
        assert!(ws.actor(s.actor).is_some());
        assert!(ws.issue(s.issue).is_some());
        assert_eq!(
            article.slice(s.evidence.start, s.evidence.end),
            Some(s.evidence.text.as_str()),
            "evidence offsets"
        );
    }
    // Affiliations point at actors that exist (opening validates it too).
    for a in ws.actors() {
        if let Some(aff) = a.affiliation {
            assert!(ws.actor(aff).is_some());
        }
    }
}

#[test]
fn importing_again_reports_duplicates_and_keeps_the_file_valid() {
    let sb = Sandbox::new();
    let wsp = sb.path("W.stance.json");
    assert_ok(&sb.import(&wsp, &[]), "first import");
    let first = open(&wsp);

    let o = sb.import(&wsp, &[]);
    assert_ok(&o, "second import");
    let out = stdout(&o);
    assert!(out.contains("0 imported, 3 duplicate(s) skipped, 0 failed"), "{out}");
    let dups: Vec<&str> = out.lines().filter(|l| l.starts_with("duplicate")).collect();
    assert_eq!(dups.len(), 3, "{out}");
    assert!(
        dups.iter().any(|l| l.contains("same text as \"Riyadh talks\"")),
        "{out}"
    );

    let second = open(&wsp);
    assert_eq!(second.article_count(), 3);
    assert_eq!(
        second.stance_count(),
        first.stance_count(),
        "duplicates add no suggestions"
    );
    assert_eq!(
        second.actors().count(),
        first.actors().count(),
        "duplicates add no actors"
    );
}

#[test]
fn no_suggest_stores_no_stances() {
    let sb = Sandbox::new();
    let wsp = sb.path("plain.stance.json");
    let o = sb.import(&wsp, &["--no-suggest"]);
    assert_ok(&o, "import --no-suggest");
    assert!(!stdout(&o).contains("suggested"), "{}", stdout(&o));
    let ws = open(&wsp);
    assert_eq!(ws.article_count(), 3);
    assert_eq!(ws.stance_count(), 0);
}

#[test]
fn import_adds_the_workspace_extension() {
    let sb = Sandbox::new();
    let o = sb.import(&sb.path("project"), &["--no-suggest"]);
    assert_ok(&o, "import into 'project'");
    assert!(sb.path("project.stance.json").exists());
    assert!(!sb.path("project").exists());
    assert_eq!(open(&sb.path("project.stance.json")).article_count(), 3);
}

#[test]
fn import_of_a_csv_with_an_unclosed_quote_keeps_the_rows_before_it_and_says_where() {
    let sb = Sandbox::new();
    let csv = sb.path("corpus.csv");
    std::fs::write(
        &csv,
        "title,text\nOne,The envoys met in Geneva.\nTwo,The talks went on.\nThree,\"A quote never closed.\nFour,Lost.\n",
    )
    .unwrap();
    let wsp = sb.path("W.stance.json");
    let o = sb.run(["import", "--workspace", "W.stance.json", "--no-suggest", "corpus.csv"]);
    assert_eq!(o.status.code(), Some(2), "partly imported: {}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.starts_with("failed     corpus.csv: line 4: a quoted field is never closed; the 2 rows before it were imported, the rest of the file was not")),
        "{out}"
    );
    assert!(out.contains("2 imported, 0 duplicate(s) skipped, 1 failed"), "{out}");
    assert_eq!(open(&wsp).article_count(), 2);
}

#[test]
fn import_of_a_nexis_uni_docx_export_adds_each_document_with_its_outlet() {
    use stance_tracker::model::meta;
    let sb = Sandbox::new();
    let export = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nexis/riyadh-talks-nexis.docx");
    let wsp = sb.path("W.stance.json");
    let mut args: Vec<std::ffi::OsString> = ["import", "--workspace", "W.stance.json", "--no-suggest"]
        .iter()
        .map(Into::into)
        .collect();
    args.push(export.into());
    let o = sb.run(args);
    assert_ok(&o, "import of the Nexis export");
    let out = stdout(&o);
    assert!(out.contains("3 imported, 0 duplicate(s) skipped, 0 failed"), "{out}");
    let ws = open(&wsp);
    let mut outlets: Vec<(&str, &str)> = ws
        .articles()
        .map(|a| (a.meta[meta::OUTLET].as_str(), a.meta[meta::FILE].as_str()))
        .collect();
    outlets.sort();
    assert_eq!(
        outlets,
        [
            ("Northern Wire Service", "riyadh-talks-nexis.docx"),
            ("The Continental Review", "riyadh-talks-nexis.docx"),
            ("The Harbour Gazette", "riyadh-talks-nexis.docx"),
        ]
    );
}

#[test]
fn import_of_a_symbolic_link_loop_says_so() {
    let sb = Sandbox::new();
    std::os::unix::fs::symlink("b.txt", sb.path("a.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", sb.path("b.txt")).unwrap();
    let o = sb.run(["import", "--workspace", "W.stance.json", "a.txt"]);
    assert_one_error_line(&o, "import of a link loop");
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("failed     a.txt: a symbolic link loop")),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// analyze --json: the stable contract
// ---------------------------------------------------------------------------

fn obj<'a>(v: &'a serde_json::Value, what: &str) -> &'a serde_json::Map<String, serde_json::Value> {
    v.as_object().unwrap_or_else(|| panic!("{what} is not an object: {v}"))
}

fn keys(v: &serde_json::Value, what: &str) -> Vec<String> {
    let mut k: Vec<String> = obj(v, what).keys().cloned().collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn str_of<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn usize_of(v: &serde_json::Value, key: &str) -> usize {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not an unsigned integer in {v}")) as usize
}

/// A span's text must be the article text between its char offsets. Returns
/// whether non-ASCII text precedes the span, i.e. char and byte offsets differ.
fn check_span(span: &serde_json::Value, chars: &[char], what: &str) -> bool {
    assert_eq!(keys(span, what), sorted(&["start", "end", "text"]), "{what}");
    let (start, end) = (usize_of(span, "start"), usize_of(span, "end"));
    assert!(
        start < end && end <= chars.len(),
        "{what}: bad offsets {start}..{end} (text has {} chars)",
        chars.len()
    );
    let expected: String = chars[start..end].iter().collect();
    assert_eq!(
        str_of(span, "text"),
        expected,
        "{what}: text differs from the article text at chars {start}..{end}"
    );
    !chars[..start].iter().all(char::is_ascii)
}

#[test]
fn analyze_json_follows_the_contract_with_char_offsets() {
    let sb = Sandbox::new();
    let files = dev_txt();
    let mut args: Vec<std::ffi::OsString> = vec!["analyze".into(), "--json".into()];
    args.extend(files.iter().map(Into::into));
    let o = sb.run(args);
    assert_ok(&o, "analyze --json");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!(keys(&v, "top level"), ["articles"]);
    let articles = v["articles"].as_array().expect("articles is an array");
    assert_eq!(articles.len(), 3);

    let mut shifted_spans = 0;
    let mut total_stances = 0;
    for (art, file) in articles.iter().zip(&files) {
        assert_eq!(
            keys(art, "article"),
            sorted(&["source", "title", "date", "language", "actors", "stances"]),
            "article fields"
        );
        assert_eq!(art["language"], "eng", "the dev articles are read as English");
        let source = str_of(art, "source");
        assert_eq!(
            Path::new(source),
            file.as_path(),
            "articles come in input order, source is the file"
        );
        let loaded = import::load_file(file, &LoadOptions::default())
            .result
            .unwrap()
            .remove(0);
        assert_eq!(str_of(art, "title"), loaded.title);
        assert_eq!(art["date"].as_str(), loaded.date.map(|d| d.to_string()).as_deref());
        let chars: Vec<char> = loaded.text.chars().collect();

        let actors = art["actors"].as_array().expect("actors array");
        assert!(!actors.is_empty(), "{source}: no actors");
        let mut names = Vec::new();
        for a in actors {
            let name = str_of(a, "name");
            let what = format!("{source}: actor {name}");
            assert_eq!(
                keys(a, &what),
                sorted(&["name", "kind", "affiliation", "aliases", "mentions"]),
                "{what}"
            );
            assert!(KINDS.contains(&str_of(a, "kind")), "{what}: kind {}", a["kind"]);
            assert!(
                a["affiliation"].is_null() || a["affiliation"].is_string(),
                "{what}: affiliation {}",
                a["affiliation"]
            );
            let aliases: Vec<&str> = a["aliases"]
                .as_array()
                .expect("aliases array")
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            let mentions = a["mentions"].as_array().expect("mentions array");
            assert!(!mentions.is_empty(), "{what}: an actor without mentions");
            for m in mentions {
                shifted_spans += usize::from(check_span(m, &chars, &what));
                assert!(
                    aliases.contains(&str_of(m, "text")),
                    "{what}: mention {} not among aliases {aliases:?}",
                    m["text"]
                );
            }
            assert!(!names.contains(&name), "{source}: actor {name} listed twice");
            names.push(name);
        }

        let stances = art["stances"].as_array().expect("stances array");
        total_stances += stances.len();
        for s in stances {
            let what = format!("{source}: stance {s}");
            assert_eq!(
                keys(s, &what),
                sorted(&["actor", "issue", "position", "confidence", "evidence", "rule"]),
                "stance fields"
            );
            assert!(
                names.contains(&str_of(s, "actor")),
                "{what}: actor not among the article's actors"
            );
            assert!(ISSUES.contains(&str_of(s, "issue")), "{what}: issue");
            assert!(POSITIONS.contains(&str_of(s, "position")), "{what}: position");
            let c = s["confidence"].as_f64().expect("confidence is a number");
            assert!((0.0..=1.0).contains(&c), "{what}: confidence {c}");
            assert!(!str_of(s, "rule").is_empty(), "{what}: every suggestion says why");
            shifted_spans += usize::from(check_span(&s["evidence"], &chars, &what));
        }
    }
    assert!(total_stances > 0);
    // Offsets are only proven to be chars, not bytes, by spans that follow
    // non-ASCII text (the curly quotes and dashes of the articles).
    assert!(
        shifted_spans > 10,
        "too few spans after non-ASCII text to tell chars from bytes: {shifted_spans}"
    );
}

#[test]
fn analyze_without_json_prints_a_readable_summary() {
    let sb = Sandbox::new();
    let o = sb.run([std::ffi::OsString::from("analyze"), dev_txt()[2].clone().into()]);
    assert_ok(&o, "analyze");
    let out = stdout(&o);
    for needle in [
        "title: Riyadh talks",
        "date:  2025-02-18",
        "actors (",
        "suggested stances (",
        "rule: ",
    ] {
        assert!(out.contains(needle), "summary lacks {needle:?}:\n{out}");
    }
}

// ---------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------

#[test]
fn export_csv_has_one_row_per_stance_with_the_documented_columns() {
    let sb = Sandbox::new();
    let wsp = sb.path("W.stance.json");
    assert_ok(&sb.import(&wsp, &[]), "import");
    let ws = open(&wsp);
    let out = sb.path("X.csv");
    let o = sb.run([
        "export".as_ref(),
        wsp.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_ok(&o, "export csv");
    assert!(
        stderr(&o).contains(&format!("exported {} stance(s)", ws.stance_count())),
        "{}",
        stderr(&o)
    );

    let mut r = csv::Reader::from_path(&out).expect("the CSV opens");
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, STANCE_COLUMNS);
    for needed in [
        "stance_id",
        "article_title",
        "actor",
        "issue",
        "position",
        "status",
        "evidence_text",
    ] {
        assert!(header.iter().any(|h| h == needed), "column {needed} missing");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.expect("every row parses")).collect();
    assert_eq!(rows.len(), ws.stance_count(), "one row per stance");
    assert!(!rows.is_empty());
    let titles: Vec<&str> = ws.articles().map(|a| a.title.as_str()).collect();
    for row in &rows {
        assert_eq!(row.len(), STANCE_COLUMNS.len());
        let id: u64 = row[col("stance_id")].parse().expect("stance_id is a number");
        let s = ws
            .stances()
            .find(|s| s.id.0 == id)
            .expect("row names a stance of the workspace");
        assert!(titles.contains(&&row[col("article_title")]));
        assert_eq!(&row[col("actor")], ws.actor(s.actor).unwrap().name);
        assert_eq!(&row[col("issue")], ws.issue(s.issue).unwrap().key);
        assert!(ISSUES.contains(&&row[col("issue")]));
        assert_eq!(&row[col("position")], s.position.as_str());
        assert_eq!(&row[col("status")], "pending");
        assert_eq!(&row[col("origin")], "suggested");
        assert_eq!(
            row[col("evidence_text")],
            s.evidence.text,
            "evidence text survives CSV quoting"
        );
        assert_eq!(row[col("evidence_start")].parse::<usize>().unwrap(), s.evidence.start);
    }
}

#[test]
fn export_json_is_a_workspace() {
    let sb = Sandbox::new();
    let wsp = sb.path("W.stance.json");
    assert_ok(&sb.import(&wsp, &[]), "import");
    let ws = open(&wsp);
    let out = sb.path("X.json");
    let o = sb.run([
        "export".as_ref(),
        wsp.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_ok(&o, "export json");
    let exported =
        storage::parse_workspace(&std::fs::read(&out).unwrap()).expect("the JSON export parses as a workspace");
    assert_eq!(exported.article_count(), ws.article_count());
    assert_eq!(exported.stance_count(), ws.stance_count());
    assert_eq!(exported.actors().count(), ws.actors().count());
}

// ---------------------------------------------------------------------------
// errors and help
// ---------------------------------------------------------------------------

#[test]
fn export_of_a_missing_workspace_fails_with_one_clear_line() {
    let sb = Sandbox::new();
    let o = sb.run(["export", "missing.stance.json", "--format", "csv", "--out", "x.csv"]);
    let line = assert_one_error_line(&o, "export of a missing workspace");
    assert!(line.contains("missing.stance.json"), "the file is named: {line}");
    assert!(line.contains("does not exist"), "{line}");
    assert!(!sb.path("x.csv").exists(), "no output on failure");
}

#[test]
fn export_of_a_json_file_that_is_no_workspace_fails_clearly() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("other.json"),
        b"{\"name\": \"a config file\", \"items\": [1, 2]}\n",
    )
    .unwrap();
    let o = sb.run(["export", "other.json", "--format", "csv", "--out", "x.csv"]);
    let line = assert_one_error_line(&o, "export of other.json");
    assert!(
        line.contains("other.json") && line.contains("not a Stance Tracker workspace"),
        "{line}"
    );
    assert!(!sb.path("x.csv").exists());
}

#[test]
fn import_into_a_json_file_that_is_no_workspace_leaves_it_alone() {
    let sb = Sandbox::new();
    let p = sb.path("notes.stance.json");
    let original = b"[\"not\", \"a\", \"workspace\"]\n";
    std::fs::write(&p, original).unwrap();
    let o = sb.import(&p, &["--no-suggest"]);
    let line = assert_one_error_line(&o, "import into a non-workspace");
    assert!(line.contains("not a Stance Tracker workspace"), "{line}");
    assert_eq!(std::fs::read(&p).unwrap(), original, "the file must not be overwritten");
}

#[test]
fn unknown_flag_fails_with_a_helpful_message() {
    let sb = Sandbox::new();
    for args in [
        vec!["--bogus"],
        vec!["import", "--bogus", "--workspace", "w.stance.json", "x.txt"],
        vec!["export", "w.stance.json", "--format", "xml", "--out", "a"],
    ] {
        let o = sb.run(&args);
        assert!(!o.status.success(), "{args:?} should fail");
        let err = stderr(&o);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(
            err.contains("--help") || err.contains("possible values"),
            "{args:?}: no hint for the user:\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!sb.path("w.stance.json").exists());
}

#[test]
fn analyze_of_a_missing_file_fails_with_an_error_line() {
    let sb = Sandbox::new();
    let o = sb.run(["analyze", "--json", "nothere.txt"]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty(), "no JSON on failure");
    let err = stderr(&o);
    assert!(err.lines().last().is_some_and(|l| l.starts_with("error: ")), "{err}");
    assert!(err.contains("nothere.txt"), "the missing file is named: {err}");
}

#[test]
fn help_shows_examples() {
    let sb = Sandbox::new();
    let o = sb.run(["--help"]);
    assert_ok(&o, "--help");
    let out = stdout(&o);
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("stance-tracker import --workspace"), "{out}");
    assert!(out.contains("stance-tracker export"), "{out}");

    let o = sb.run(["import", "--help"]);
    assert_ok(&o, "import --help");
    let out = stdout(&o);
    assert!(out.contains("Example:"), "{out}");
    assert!(out.contains("stance-tracker import --workspace"), "{out}");
    assert!(out.contains("--no-suggest"), "{out}");

    for sub in ["analyze", "export"] {
        let o = sb.run([sub, "--help"]);
        assert_ok(&o, sub);
        assert!(
            stdout(&o).contains(&format!("stance-tracker {sub}")),
            "{sub} --help shows an example:\n{}",
            stdout(&o)
        );
    }
}

/// Workspaces written by earlier releases must keep opening. Each schema
/// version gets a stored fixture here when the next one is introduced.
#[test]
fn stored_workspaces_of_every_schema_version_open() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspaces");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".stance.json") {
            continue;
        }
        let ws = stance_tracker::storage::open_workspace(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ws.schema_version(), stance_tracker::model::SCHEMA_VERSION);
        assert!(ws.article_count() > 0 && ws.stance_count() > 0, "{}", path.display());
        n += 1;
    }
    assert!(n >= 3);
    // Schema 2 knew no coders: its decided stances became coder "unknown"'s,
    // its suggestions nobody's.
    let v2 = stance_tracker::storage::open_workspace(&dir.join("schema-v2.stance.json")).unwrap();
    let unknown = v2
        .coder_by_name(stance_tracker::model::UNKNOWN_CODER)
        .expect("the unknown coder")
        .id;
    assert!(v2.stances().any(|s| s.status != stance_tracker::model::Status::Pending));
    for s in v2.stances() {
        let decided = s.status != stance_tracker::model::Status::Pending;
        assert_eq!(s.by.coder, decided.then_some(unknown), "stance {}", s.id);
    }
    // Schema 3's coders, done marks, consensus, sample and metadata come back.
    let v3 = stance_tracker::storage::open_workspace(&dir.join("schema-v3.stance.json")).unwrap();
    assert_eq!(v3.coders().count(), 3);
    assert!(v3.consensus_coder().is_some());
    assert_eq!(v3.done_marks().count(), 6);
    assert!(v3.reliability_sample().is_some_and(|s| s.blind));
    assert_eq!(v3.codebook_version(), "1.1");
    assert!(
        v3.articles()
            .any(|a| a.meta.get("outlet").is_some_and(|o| o == "The Daily"))
    );
    assert!(v3.stances().any(|s| s.by.adopted_from.is_some()));
}

#[test]
fn salvage_keeps_coders_and_their_marks_and_reports_marks_of_a_lost_article() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspaces/schema-v3.stance.json");
    let text = std::fs::read_to_string(&fixture).unwrap();
    // Damage the first article's text: it goes, with its stances and done marks.
    let damaged = text.replacen("Article 0. Alpha spoke", "Article 0. Alpha SPOKE", 1);
    assert_ne!(damaged, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.stance.json");
    std::fs::write(&path, damaged).unwrap();
    assert!(stance_tracker::storage::open_workspace(&path).is_err());
    let s = stance_tracker::storage::salvage_workspace(&path).unwrap();
    assert_eq!(s.workspace.coders().count(), 3);
    assert!(s.workspace.done_marks().count() == 4, "{:?}", s.left_out);
    assert!(
        s.left_out.iter().any(|l| l.starts_with("done mark of coder")),
        "{:?}",
        s.left_out
    );
    assert!(
        s.left_out.iter().any(|l| l.contains("reliability sample")),
        "{:?}",
        s.left_out
    );
}
