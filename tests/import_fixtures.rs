//! The loaders on real files: the seed-format dev fixtures, the bundled
//! Wikinews CSV corpus, and a folder of awkward files of every kind.

use stance_tracker::import::{
    self, FileLoad, ImportReport, LoadOptions, LoadedArticle, Outcome, Progress, ReportEntry,
};
use stance_tracker::model::{Date, Workspace};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dev(name: &str) -> PathBuf {
    manifest().join("tests/fixtures/dev").join(name)
}

fn load_one(path: &Path) -> LoadedArticle {
    let load = import::load_file(path, &LoadOptions::default());
    let mut list = load
        .result
        .unwrap_or_else(|e| panic!("{} failed to load: {e}", path.display()));
    assert_eq!(list.len(), 1, "{} should hold one article", path.display());
    list.remove(0)
}

fn assert_clean_text(what: &str, text: &str) {
    assert!(!text.contains('\r'), "{what}: text has CR line ends");
    assert!(!text.contains('\0'), "{what}: text has NUL characters");
    let nfc: String = text.nfc().collect();
    assert!(nfc == text, "{what}: text is not NFC");
    assert!(!text.trim().is_empty(), "{what}: text is empty");
}

// ---------------------------------------------------------------------------
// Seed-format dev fixtures
// ---------------------------------------------------------------------------

#[test]
fn dev_fixtures_import_with_date_title_and_clean_body() {
    let cases = [
        (
            "2019-01-23-mahan-air.txt",
            (2019, 1, 23),
            "Mahan air",
            Some("Wednesday, January 23, 2019"),
            "Germany on Monday banned",
        ),
        (
            "2019-10-27-cuba-flights.txt",
            (2019, 10, 27),
            "Cuba flights",
            Some("Sunday, October 27, 2019"),
            "On Friday, the United States",
        ),
        (
            "2025-02-18-riyadh-talks.txt",
            (2025, 2, 18),
            "Riyadh talks",
            None,
            "U.S. and Russian diplomats met",
        ),
    ];
    for (file, (y, m, d), title, dateline, starts) in cases {
        let a = load_one(&dev(file));
        assert_eq!(a.date, Date::new(y, m, d), "{file}: date");
        assert_eq!(a.title, title, "{file}: title");
        assert_eq!(a.source, None, "{file}: a seed file names no source of its own");
        assert!(
            a.text.starts_with(starts),
            "{file}: body should start with {starts:?}, got {:?}",
            &a.text[..60]
        );
        assert!(
            !a.text.trim_start().starts_with("date "),
            "{file}: the ` date …` marker is still in the body"
        );
        assert!(
            !a.text.contains(&format!("date {y:04}-")),
            "{file}: the ` date …` marker is still in the body"
        );
        assert!(
            !a.text.contains(&format!("{y:04}-{m:02}-{d:02}")),
            "{file}: the seed date is still in the body"
        );
        if let Some(dl) = dateline {
            assert!(
                !a.text.contains(dl),
                "{file}: the Wikinews dateline {dl:?} is still in the body"
            );
        }
        assert_clean_text(file, &a.text);
        assert_eq!(a.text, a.text.trim(), "{file}: body should be trimmed");
    }
}

#[test]
fn dev_fixtures_folder_imports_three_articles_into_a_workspace() {
    let loads = import::load_paths(
        &[manifest().join("tests/fixtures/dev")],
        &LoadOptions::default(),
        &Progress::default(),
    );
    // The .txt files are articles; the .gold.json files are reported as ignored, not failed.
    assert_eq!(
        loads.len(),
        6,
        "{:?}",
        loads.iter().map(|l| &l.path).collect::<Vec<_>>()
    );
    let mut ws = Workspace::new();
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    assert_eq!(
        (
            report.imported(),
            report.duplicates(),
            report.failed(),
            report.skipped()
        ),
        (3, 0, 0, 3),
        "{report}"
    );
    ws.apply(cmd.expect("three new articles make a command")).unwrap();
    let titles: Vec<&str> = ws.articles().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Mahan air", "Cuba flights", "Riyadh talks"]);
    for a in ws.articles() {
        assert!(a.source.ends_with(".txt"), "the file path is the source: {}", a.source);
        assert_eq!(a.char_len(), a.text.chars().count());
    }
}

// ---------------------------------------------------------------------------
// The Wikinews CSV corpus
// ---------------------------------------------------------------------------

fn corpus() -> PathBuf {
    manifest().join("assets/corpus/wikinews_2019.csv")
}

#[test]
fn wikinews_csv_imports_171_dated_titled_articles_and_is_duplicate_the_second_time() {
    let loads = import::load_paths(&[corpus()], &LoadOptions::default(), &Progress::default());
    assert_eq!(loads.len(), 1);
    assert!(loads[0].notes.is_empty(), "unexpected notes: {:?}", loads[0].notes);
    let articles = loads[0].result.as_ref().expect("the corpus loads");
    assert_eq!(articles.len(), 171);
    for (i, a) in articles.iter().enumerate() {
        assert!(!a.title.trim().is_empty(), "row {i}: no title");
        let date = a.date.unwrap_or_else(|| panic!("row {i} ({}): no date", a.title));
        assert_eq!(date.year, 2019, "row {i} ({}): date {date}", a.title);
        let src = a.source.as_deref().unwrap_or("");
        assert!(
            src.starts_with("https://") || src.starts_with("http://"),
            "row {i}: source is not a URL: {src:?}"
        );
        assert_clean_text(&a.title, &a.text);
        // The Wikinews dateline ("Friday, January 4, 2019") is metadata, not text.
        let first_line = a.text.lines().next().unwrap_or("");
        assert!(
            !(first_line.contains(", 2019") && first_line.split_whitespace().count() <= 4),
            "row {i}: dateline left in the body: {first_line:?}"
        );
    }

    let mut ws = Workspace::new();
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    assert_eq!(
        (report.imported(), report.duplicates(), report.failed()),
        (171, 0, 0),
        "{}",
        report.summary()
    );
    ws.apply(cmd.unwrap()).unwrap();
    assert_eq!(ws.article_count(), 171);
    // Every imported article keeps its URL as source.
    assert!(ws.articles().all(|a| a.source.starts_with("http")));
    // The printed report stays short: CSV rows without notes are only counted.
    let printed = report.to_string();
    assert!(
        printed.lines().count() <= 3,
        "report too long for a terminal:\n{printed}"
    );
    assert!(
        printed.ends_with("171 imported, 0 duplicate(s) skipped, 0 failed"),
        "{printed}"
    );

    // Second import of the same file: all duplicates, nothing to add.
    let again = import::load_paths(&[corpus()], &LoadOptions::default(), &Progress::default());
    let (cmd2, report2) = import::add_to_workspace(&ws, again);
    assert!(cmd2.is_none(), "re-importing must add nothing");
    assert_eq!(
        (report2.imported(), report2.duplicates(), report2.failed()),
        (0, 171, 0)
    );
    for e in &report2.entries {
        assert!(
            matches!(&e.outcome, Outcome::Duplicate { of } if !of.is_empty()),
            "{e:?}"
        );
        assert!(
            e.source.as_deref().is_some_and(|s| s.starts_with("http")),
            "CSV duplicates name their row: {e:?}"
        );
    }
    assert_eq!(ws.article_count(), 171);
}

// ---------------------------------------------------------------------------
// A folder of awkward files
// ---------------------------------------------------------------------------

const GOOD: &str = "Ceasefire talks resume in Geneva\n\nThe two delegations met again on Monday after a pause of three weeks.\nBoth sides said the atmosphere had improved.\n";
/// The same article, re-wrapped and with extra spaces and CRLF line ends.
const GOOD_REWRAPPED: &str = "Ceasefire talks resume in Geneva\r\n\r\n\r\nThe two   delegations met again on Monday\r\nafter a pause of three weeks. Both sides said\r\nthe atmosphere had improved.   \r\n";

struct Folder {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Folder {
    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn awkward_folder() -> Folder {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("articles");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();
    w("good.txt", GOOD.as_bytes());
    w("good_copy.txt", GOOD_REWRAPPED.as_bytes());
    w(
        "notes.md",
        b"---\ntitle: \"Notes from Oslo\"\ndate: 2024-05-02\nsource: https://example.org/oslo\n---\n# Not the title\n\nThe envoys **agreed** on a [second round](https://example.org/r2).\n\n- Next meeting in June\n",
    );
    w(
        "page.html",
        br#"<!DOCTYPE html><html><head><title>Summit ends | Example News</title>
<meta property="article:published_time" content="2024-03-01T10:00:00Z"><style>p{}</style></head>
<body><nav>Home | World</nav><h1>Summit ends without a deal</h1>
<p>Leaders left Oslo on Friday&nbsp;evening.</p><script>var x = "<p>hidden</p>";</script>
<p>A &ldquo;second round&rdquo; is planned.</p><footer>&copy; 2024</footer></body></html>"#,
    );
    w(
        "utf16.txt",
        &utf16le_with_bom("Talks in Київ\r\n\r\nZelensky – Київ received the envoys on Tuesday.\r\nMore to follow."),
    );
    w(
        "cp1252.txt",
        b"Caf\xe9 diplomacy\n\nThe \x93quiet\x94 talks in a caf\xe9 \x96 far from the cameras \x96 went on.\n",
    );
    w("empty.txt", b"");
    w(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa\0\0\0\x04gAMA\0\0\xb1\x8f",
    );
    w(
        "table.csv",
        b"title,date,url\nFirst,2019-01-01,http://a\nSecond,2019-01-02,http://b\n",
    );
    w(
        "report.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    w(
        "sub/nested.txt",
        b"Harbour strike ends\n\nDock workers in Rotterdam returned to work on Wednesday after a deal on wages.\n",
    );
    w(".secret.txt", b"Hidden draft\n\nThis draft must never be imported.\n");
    Folder { _tmp: tmp, root }
}

fn entry<'a>(report: &'a ImportReport, file: &str) -> &'a ReportEntry {
    let matching: Vec<&ReportEntry> = report
        .entries
        .iter()
        .filter(|e| Path::new(&e.file).file_name().and_then(|n| n.to_str()) == Some(file))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one report entry for {file}, report:\n{report}"
    );
    matching[0]
}

fn failure<'a>(report: &'a ImportReport, file: &str) -> &'a str {
    match &entry(report, file).outcome {
        Outcome::Failed(reason) => reason,
        other => panic!("{file} should have failed, got {other:?}"),
    }
}

fn imported(report: &ImportReport, file: &str) -> (String, Option<Date>, Option<String>) {
    match &entry(report, file).outcome {
        Outcome::Imported { title, date, note, .. } => (title.clone(), *date, note.clone()),
        other => panic!("{file} should have been imported, got {other:?}"),
    }
}

fn import_folder(folder: &Folder, extra: &[&str]) -> (Workspace, ImportReport) {
    let mut paths = vec![folder.root.clone()];
    paths.extend(extra.iter().map(|n| folder.path(n)));
    let loads: Vec<FileLoad> = import::load_paths(&paths, &LoadOptions::default(), &Progress::default());
    let mut ws = Workspace::new();
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    if let Some(cmd) = cmd {
        ws.apply(cmd).unwrap();
    }
    (ws, report)
}

#[test]
fn awkward_folder_report_names_every_outcome() {
    let folder = awkward_folder();
    // A broken PDF named on its own besides the folder: reported once, with its reason.
    let (ws, report) = import_folder(&folder, &["report.pdf"]);

    // Imported, with what the loaders found.
    assert_eq!(
        imported(&report, "good.txt"),
        ("Ceasefire talks resume in Geneva".into(), None, None)
    );
    assert_eq!(
        imported(&report, "notes.md"),
        ("Notes from Oslo".into(), Date::new(2024, 5, 2), None),
        "front matter gives title and date"
    );
    assert_eq!(
        imported(&report, "page.html"),
        ("Summit ends without a deal".into(), Date::new(2024, 3, 1), None)
    );
    let (t, _, note) = imported(&report, "utf16.txt");
    assert_eq!(t, "Talks in Київ");
    assert_eq!(note, None, "a BOM makes the encoding known, no note needed");
    let (t, _, note) = imported(&report, "cp1252.txt");
    assert_eq!(t, "Café diplomacy");
    let note = note.expect("a guessed encoding must be announced");
    assert!(note.contains("Windows-1252"), "note should name Windows-1252: {note}");
    assert_eq!(
        imported(&report, "nested.txt").0,
        "Harbour strike ends",
        "sub-folders are searched"
    );

    // Duplicates are reported as such, naming the first copy.
    match &entry(&report, "good_copy.txt").outcome {
        Outcome::Duplicate { of } => assert_eq!(of, "Ceasefire talks resume in Geneva"),
        other => panic!("the re-wrapped copy should be a duplicate, got {other:?}"),
    }

    // Failures say why, in words a user understands.
    let reasons = [
        ("empty.txt", "empty"),
        ("image.txt", "binary"),
        ("table.csv", "no text column"),
        ("report.pdf", "the PDF cannot be read"),
    ];
    for (file, needle) in reasons {
        let reason = failure(&report, file);
        assert!(
            reason.contains(needle),
            "{file}: reason {reason:?} should mention {needle:?}"
        );
        assert!(
            !reason.contains("Error") && !reason.contains("{"),
            "{file}: reason looks like a debug dump: {reason}"
        );
    }
    assert!(
        failure(&report, "report.pdf").contains("damaged or cut short"),
        "a broken PDF says what may be wrong"
    );
    assert!(
        failure(&report, "table.csv").contains("title, date, url"),
        "the CSV headers found are listed"
    );

    // Hidden files are skipped without a word.
    assert!(
        !report.entries.iter().any(|e| e.file.contains(".secret")),
        "hidden file was read:\n{report}"
    );
    assert!(!ws.articles().any(|a| a.text.contains("never be imported")));

    assert_eq!(
        (report.imported(), report.duplicates(), report.failed()),
        (6, 1, 4),
        "report:\n{report}"
    );
    assert_eq!(ws.article_count(), 6);
    assert_eq!(report.entries.len(), 11);

    // The printed report has one line per file and the summary.
    let printed = report.to_string();
    assert!(
        printed.ends_with("6 imported, 1 duplicate(s) skipped, 4 failed"),
        "{printed}"
    );
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("failed") && l.contains("empty.txt") && l.contains("empty")),
        "{printed}"
    );
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("duplicate") && l.contains("good_copy.txt")),
        "{printed}"
    );
    assert!(
        printed
            .lines()
            .any(|l| l.contains("cp1252.txt") && l.contains("note: ") && l.contains("Windows-1252")),
        "{printed}"
    );
}

#[test]
fn awkward_folder_texts_are_decoded_and_cleaned() {
    let folder = awkward_folder();
    let text = |name: &str| load_one(&folder.path(name)).text;

    let good = text("good.txt");
    assert_eq!(
        good,
        "The two delegations met again on Monday after a pause of three weeks.\nBoth sides said the atmosphere had improved."
    );

    let md = load_one(&folder.path("notes.md"));
    assert_eq!(md.source.as_deref(), Some("https://example.org/oslo"));
    assert!(
        md.text.contains("The envoys agreed on a second round."),
        "markup reduced to text: {:?}",
        md.text
    );
    assert!(
        !md.text.contains("**") && !md.text.contains("](") && !md.text.contains("---"),
        "{:?}",
        md.text
    );

    let html = text("page.html");
    assert!(html.contains("Leaders left Oslo on Friday evening."), "{html:?}");
    assert!(html.contains("A “second round” is planned."), "{html:?}");
    for hidden in [
        "Home | World",
        "var x",
        "hidden",
        "©",
        "<p>",
        "Summit ends without a deal",
    ] {
        assert!(
            !html.contains(hidden),
            "html body should not contain {hidden:?}: {html:?}"
        );
    }

    let utf16 = text("utf16.txt");
    assert_eq!(
        utf16,
        "Zelensky – Київ received the envoys on Tuesday.\nMore to follow."
    );

    let cp = text("cp1252.txt");
    assert_eq!(cp, "The “quiet” talks in a café – far from the cameras – went on.");

    for name in [
        "good.txt",
        "good_copy.txt",
        "notes.md",
        "page.html",
        "utf16.txt",
        "cp1252.txt",
        "sub/nested.txt",
    ] {
        assert_clean_text(name, &text(name));
    }
}

#[test]
fn decomposed_input_is_stored_composed() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("nfd.txt");
    // "Erdoğan" and "café" written with combining marks.
    std::fs::write(&p, "Summit note\n\nErdog\u{306}an met the envoys in a cafe\u{301}.\n").unwrap();
    let a = load_one(&p);
    assert_eq!(a.text, "Erdoğan met the envoys in a café.");
    assert_clean_text("nfd.txt", &a.text);
}

#[test]
fn size_limit_refuses_big_files_with_a_message_naming_the_limit() {
    let folder = awkward_folder();
    let options = LoadOptions { max_file_bytes: 100 };
    let big = folder.path("good.txt");
    assert!(std::fs::metadata(&big).unwrap().len() > 100);
    let load = import::load_file(&big, &options);
    let err = load.result.expect_err("a file over the limit must fail").to_string();
    assert!(err.contains("100"), "message should name the limit: {err}");
    assert!(err.contains("limit"), "message should say it is a limit: {err}");

    // Through the report, small files still import under the same limit.
    let small = folder.path("small.txt");
    std::fs::write(&small, "Short note\n\nTalks resume.").unwrap();
    let loads = import::load_paths(&[big.clone(), small], &options, &Progress::default());
    let (_, report) = import::add_to_workspace(&Workspace::new(), loads);
    assert!(
        failure(&report, "good.txt").contains("over the limit of 100 bytes"),
        "{report}"
    );
    assert_eq!(imported(&report, "small.txt").0, "Short note");
}

#[test]
fn missing_paths_are_reported_not_panicked_on() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-folder");
    let loads = import::load_paths(&[missing], &LoadOptions::default(), &Progress::default());
    let (cmd, report) = import::add_to_workspace(&Workspace::new(), loads);
    assert!(cmd.is_none());
    assert_eq!(report.failed(), 1);
    assert!(
        failure(&report, "no-such-folder").contains("no such file or folder"),
        "{report}"
    );
}

#[test]
fn duplicates_of_articles_already_in_the_workspace_are_skipped() {
    let folder = awkward_folder();
    let (ws, _) = import_folder(&folder, &[]);
    let n = ws.article_count();
    // A third copy, wrapped differently again, in another folder.
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("again.txt");
    std::fs::write(&copy, GOOD.replace('\n', "\n\n").replace(' ', "  ")).unwrap();
    let loads = import::load_paths(&[copy], &LoadOptions::default(), &Progress::default());
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    assert!(cmd.is_none());
    match &entry(&report, "again.txt").outcome {
        Outcome::Duplicate { of } => assert_eq!(of, "Ceasefire talks resume in Geneva"),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert!(
        report
            .to_string()
            .contains("same text as \"Ceasefire talks resume in Geneva\"")
    );
    assert_eq!(ws.article_count(), n);
}

// ---------------------------------------------------------------------------
// Files broken in ways that used to be misreported
// ---------------------------------------------------------------------------

fn load_and_report(paths: &[PathBuf]) -> ImportReport {
    let loads = import::load_paths(paths, &LoadOptions::default(), &Progress::default());
    import::add_to_workspace(&Workspace::new(), loads).1
}

#[test]
fn csv_with_an_unclosed_quote_imports_the_rows_before_it_and_fails_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("corpus.csv");
    let mut csv = String::from("title,text\n");
    for i in 1..=1232 {
        csv.push_str(&format!("Row {i},Article number {i} about the talks.\n"));
    }
    // Line 1,234: the quote swallows every row after it.
    csv.push_str("Broken,\"An article whose quote is never closed.\n");
    for i in 0..50 {
        csv.push_str(&format!("Lost {i},Never read.\n"));
    }
    std::fs::write(&path, csv).unwrap();

    let report = load_and_report(&[path]);
    assert_eq!((report.imported(), report.failed()), (1232, 1), "{report}");
    let printed = report.to_string();
    let expected = "failed     ".to_owned()
        + &tmp.path().join("corpus.csv").display().to_string()
        + ": line 1,234: a quoted field is never closed; the 1,232 rows before it were imported, the rest of the file was not";
    assert!(
        printed.lines().any(|l| l.starts_with(&expected)),
        "expected a line starting {expected:?} in:\n{printed}"
    );
}

#[test]
fn utf16_without_a_bom_imports_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("utf16.txt");
    let text = "Talks in Київ\r\n\r\nZelensky – Київ received the envoys on Tuesday.\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, bytes).unwrap();
    let report = load_and_report(&[path]);
    let (title, _, note) = imported(&report, "utf16.txt");
    assert_eq!(title, "Talks in Київ");
    assert_eq!(note.as_deref(), Some("decoded as UTF-16 LE (no byte order mark)"));
}

#[test]
fn symbolic_link_loops_and_dangling_links_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a.txt"), tmp.path().join("b.txt"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let missing = tmp.path().join("missing.txt");
    let dangling = tmp.path().join("dangling.txt");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();

    let report = load_and_report(&[a, dangling]);
    let reason = failure(&report, "a.txt");
    assert!(reason.starts_with("a symbolic link loop"), "{reason}");
    assert_eq!(
        failure(&report, "dangling.txt"),
        format!("a symbolic link to {}, which does not exist", missing.display())
    );

    // Found in a folder, they are reported the same way rather than skipped unseen.
    let report = load_and_report(&[tmp.path().to_owned()]);
    assert!(
        failure(&report, "b.txt").starts_with("a symbolic link loop"),
        "{report}"
    );
    assert!(
        failure(&report, "dangling.txt").contains("which does not exist"),
        "{report}"
    );
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn a_file_in_an_unreadable_folder_is_a_permission_problem() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let file = locked.join("article.txt");
    std::fs::write(&file, GOOD).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let report = load_and_report(&[file, locked.clone()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if running_as_root() {
        // Root reads the folder anyway; the wording is unit-tested in import::tests.
        println!("skipped the permission assertions: running as root");
        return;
    }
    let expected = format!("permission denied: the folder {} cannot be read", locked.display());
    assert_eq!(failure(&report, "article.txt"), expected);
    assert_eq!(failure(&report, "locked"), expected);
}

// ---------------------------------------------------------------------------
// DOCX and Nexis Uni exports
// ---------------------------------------------------------------------------

fn fixture(rel: &str) -> PathBuf {
    manifest().join("tests/fixtures").join(rel)
}

fn load_all(path: &Path) -> (Vec<LoadedArticle>, Vec<String>) {
    let load = import::load_file(path, &LoadOptions::default());
    let articles = load
        .result
        .unwrap_or_else(|e| panic!("{} failed to load: {e}", path.display()));
    (articles, load.notes)
}

fn load_error(path: &Path) -> String {
    match import::load_file(path, &LoadOptions::default()).result {
        Ok(a) => panic!("{} should fail, gave {} article(s)", path.display(), a.len()),
        Err(e) => e.to_string(),
    }
}

/// What the Nexis fixture holds, document by document:
/// (title, outlet, date, byline, section, length, first words of the body).
#[allow(clippy::type_complexity)]
const NEXIS_DOCS: [(&str, &str, (i32, u8, u8), &str, Option<&str>, &str, &str); 3] = [
    (
        "Envoys open talks in Riyadh on ending the war",
        "The Harbour Gazette",
        (2025, 2, 18),
        "Mara Lindqvist",
        Some("WORLD NEWS; Pg. A1"),
        "412 words",
        "Senior diplomats from the United States and Russia met in Riyadh",
    ),
    (
        "Kyiv says it will not accept terms agreed without it",
        "Northern Wire Service",
        (2025, 2, 18),
        "By Tomas Ferreira",
        None,
        "268 words",
        "KYIV -- Ukraine's president said on Tuesday",
    ),
    (
        "Europeans ask for a seat at the table",
        "The Continental Review",
        (2025, 2, 19),
        "Ines Marchetti",
        Some("POLITICS"),
        "301 words",
        "European leaders met in Paris on Monday",
    ),
];

/// Lines of the export that belong to no article: cover page, copyright,
/// captions, notes, classification, load dates, end markers.
const NEXIS_BOILERPLATE: [&str; 12] = [
    "User Name",
    "Job Number",
    "Search Terms",
    "Copyright",
    "Classification",
    "Publication-Type",
    "Subject:",
    "Load-Date",
    "End of Document",
    "Photo by the author",
    "This story has been updated",
    "Byline",
];

fn assert_nexis_articles(articles: &[LoadedArticle], file: &str) {
    use stance_tracker::model::meta;
    assert_eq!(articles.len(), NEXIS_DOCS.len(), "{file}: documents");
    for (i, (a, (title, outlet, (y, m, d), byline, section, length, starts))) in
        articles.iter().zip(NEXIS_DOCS).enumerate()
    {
        assert_eq!(a.title, title, "{file}");
        assert_eq!(a.source, Some(format!("{file}#doc{}", i + 1)), "{file}: {title}");
        assert_eq!(a.date, Date::new(y, m, d), "{file}: {title}");
        assert_eq!(
            a.meta.get(meta::OUTLET).map(String::as_str),
            Some(outlet),
            "{file}: {title}"
        );
        assert_eq!(
            a.meta.get(meta::BYLINE).map(String::as_str),
            Some(byline),
            "{file}: {title}"
        );
        assert_eq!(
            a.meta.get(meta::SECTION).map(String::as_str),
            section,
            "{file}: {title}"
        );
        assert_eq!(
            a.meta.get(meta::LENGTH).map(String::as_str),
            Some(length),
            "{file}: {title}"
        );
        assert_eq!(
            a.meta.get(meta::LANGUAGE).map(String::as_str),
            Some("en"),
            "{file}: {title}"
        );
        assert_eq!(
            a.meta.get(meta::FILE).map(String::as_str),
            Some(file),
            "{file}: {title}"
        );
        assert!(a.text.starts_with(starts), "{file}: {title}: {:?}", a.text);
        assert_clean_text(title, &a.text);
        for junk in NEXIS_BOILERPLATE {
            assert!(
                !a.text.contains(junk),
                "{file}: {title}: {junk:?} in the text:\n{}",
                a.text
            );
        }
        assert!(a.text.contains("\n\n"), "{file}: {title}: paragraphs are kept apart");
    }
}

#[test]
fn nexis_txt_export_splits_into_its_documents_without_the_boilerplate() {
    let (articles, notes) = load_all(&fixture("nexis/riyadh-talks-nexis.txt"));
    assert_nexis_articles(&articles, "riyadh-talks-nexis.txt");
    assert!(notes.iter().any(|n| n.contains("Nexis export of 3")), "{notes:?}");
}

#[test]
fn nexis_docx_export_gives_the_same_articles_as_the_txt() {
    let (docx, _) = load_all(&fixture("nexis/riyadh-talks-nexis.docx"));
    assert_nexis_articles(&docx, "riyadh-talks-nexis.docx");
    let (txt, _) = load_all(&fixture("nexis/riyadh-talks-nexis.txt"));
    for (d, t) in docx.iter().zip(&txt) {
        assert_eq!((&d.title, d.date, &d.text), (&t.title, t.date, &t.text));
    }
}

#[test]
fn nexis_pdf_export_gives_the_same_articles_as_the_txt() {
    let (pdf, notes) = load_all(&fixture("pdf/nexis.pdf"));
    assert!(notes.iter().any(|n| n.contains("Nexis export of 3")), "{notes:?}");
    assert_nexis_articles(&pdf, "nexis.pdf");
    let (txt, _) = load_all(&fixture("nexis/riyadh-talks-nexis.txt"));
    for (p, t) in pdf.iter().zip(&txt) {
        assert_eq!((&p.title, p.date), (&t.title, t.date));
        // The same words; a PDF's lines are re-flowed, not the TXT's.
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&p.text), words(&t.text), "{}", p.title);
    }
}

#[test]
fn a_text_that_mentions_the_end_marker_once_is_one_article() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("clerk.txt");
    std::fs::write(
        &path,
        "The clerk's stamp\n\nThe clerk stamped the last page.\nEnd of Document\nThen the session closed, and the Body of the text went to the printer.\n",
    )
    .unwrap();
    let (articles, notes) = load_all(&path);
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert_eq!(articles[0].title, "The clerk's stamp");
    assert!(articles[0].text.contains("End of Document"));
    assert!(notes.iter().all(|n| !n.contains("Nexis")), "{notes:?}");
}

#[test]
fn plain_docx_takes_its_title_style_dateline_table_and_skips_deletions() {
    let (articles, _) = load_all(&fixture("docx/mahan-air.docx"));
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    // The Title paragraph beats the document property, the dateline the creation date.
    assert_eq!(a.title, "Germany bans Iran's Mahan Air");
    assert_eq!(a.date, Date::new(2019, 1, 23));
    assert!(a.text.starts_with("Germany on Monday banned"), "{:?}", a.text);
    assert!(!a.text.contains("REMOVED WORDS"), "a tracked deletion was imported");
    assert!(a.text.contains("Mahan has been the subject"), "the insertion is kept");
    assert!(
        a.text.contains("Airline | Banned by\nMahan Air | Germany"),
        "{:?}",
        a.text
    );
    assert!(a.meta.is_empty(), "{:?}", a.meta);
    assert_clean_text("mahan-air.docx", &a.text);
}

/// A DOCX written here: `parts` are (name, content) pairs.
fn write_zip(path: &Path, parts: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap();
}

fn document_xml(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .into_bytes()
}

#[test]
fn docx_without_styles_takes_title_and_date_from_its_properties() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("memo.docx");
    let core = br#"<cp:coreProperties xmlns:cp="x" xmlns:dc="y" xmlns:dcterms="z"><dc:title>Ceasefire memo</dc:title><dcterms:created>2025-03-01T10:00:00Z</dcterms:created></cp:coreProperties>"#;
    write_zip(
        &path,
        &[
            (
                "word/document.xml",
                &document_xml(&["The parties met again.", "They talked."]),
            ),
            ("docProps/core.xml", core),
        ],
    );
    let (articles, _) = load_all(&path);
    assert_eq!(articles[0].title, "Ceasefire memo");
    assert_eq!(articles[0].date, Date::new(2025, 3, 1));
    assert_eq!(articles[0].text, "The parties met again.\n\nThey talked.");

    // Without properties: a headline-like first line, else the file name.
    let path = tmp.path().join("talks_notes.docx");
    write_zip(
        &path,
        &[("word/document.xml", &document_xml(&["Talks stall", "The parties met."]))],
    );
    assert_eq!(load_all(&path).0[0].title, "Talks stall");
    write_zip(&path, &[("word/document.xml", &document_xml(&["The parties met."]))]);
    let (articles, _) = load_all(&path);
    assert_eq!((articles[0].title.as_str(), articles[0].date), ("Talks notes", None));
}

#[test]
fn broken_docx_files_fail_with_a_reason_and_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();

    let not_docx = dir.join("photos.docx");
    write_zip(&not_docx, &[("photo.txt", b"not a document")]);
    assert!(
        load_error(&not_docx).contains("no word/document.xml"),
        "{}",
        load_error(&not_docx)
    );

    let renamed = dir.join("renamed.docx");
    std::fs::write(&renamed, "just text with a .docx name").unwrap();
    assert!(
        load_error(&renamed).contains("not a Word document"),
        "{}",
        load_error(&renamed)
    );

    let empty = dir.join("empty.docx");
    std::fs::write(&empty, "").unwrap();
    assert_eq!(load_error(&empty), "the file is empty");

    // Cut short at every length: a clear error each time, never a panic.
    let whole = std::fs::read(fixture("docx/mahan-air.docx")).unwrap();
    let cut = dir.join("cut.docx");
    for len in (1..whole.len()).step_by(97) {
        std::fs::write(&cut, &whole[..len]).unwrap();
        let e = load_error(&cut);
        assert!(
            e.contains("damaged") || e.contains("not a Word document"),
            "{len} bytes: {e}"
        );
    }

    // Damaged compressed data inside an intact archive.
    let mut damaged = whole.clone();
    let at = damaged.windows(17).position(|w| w == b"word/document.xml").unwrap() + 40;
    for b in &mut damaged[at..at + 64] {
        *b ^= 0x5a;
    }
    let bad = dir.join("damaged.docx");
    std::fs::write(&bad, &damaged).unwrap();
    let e = load_error(&bad);
    assert!(e.contains("damaged") || e.contains("XML"), "{e}");

    let broken_xml = dir.join("xml.docx");
    write_zip(
        &broken_xml,
        &[("word/document.xml", b"<w:document><w:body><w:p><w:t>x</w:p>")],
    );
    assert!(
        load_error(&broken_xml).contains("not well-formed XML"),
        "{}",
        load_error(&broken_xml)
    );
}

#[test]
fn a_zip_bomb_docx_is_refused_before_it_is_unpacked_in_full() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bomb.docx");
    // 65 MB of spaces deflate to well under 1 MB on disk.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let e = load_error(&path);
    assert!(e.contains("more than 64 MB") && e.contains("zip bomb"), "{e}");

    // The same bomb declaring a small size in both headers is refused as well.
    let mut bytes = std::fs::read(&path).unwrap();
    let small = 1000u32.to_le_bytes();
    let local = bytes.windows(4).position(|w| w == b"PK\x03\x04").unwrap();
    bytes[local + 22..local + 26].copy_from_slice(&small);
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&small);
    std::fs::write(&path, &bytes).unwrap();
    let e = load_error(&path);
    assert!(e.contains("damaged") || e.contains("zip bomb"), "{e}");
}

#[test]
fn docx_files_are_found_in_folders_and_import_into_a_workspace() {
    let report = load_and_report(&[fixture("nexis"), fixture("docx")]);
    let imported = report
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Imported { .. }))
        .count();
    let duplicates = report
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Duplicate { .. }))
        .count();
    // The DOCX and TXT exports hold the same three articles.
    assert_eq!((imported, duplicates), (4, 3), "{report:?}");
}
