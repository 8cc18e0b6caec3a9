//! PDF import on the fixtures of tests/fixtures/pdf (made by make_pdf.py):
//! the text in reading order with the same words as the article it was made
//! from, running headers, footers and page numbers gone, hyphenated words
//! joined; and the PDFs that must be refused, refused fast with a reason.

use stance_tracker::import::{self, LoadOptions, LoadedArticle};
use stance_tracker::model::Date;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn load_one(rel: &str) -> LoadedArticle {
    let load = import::load_file(&fixture(rel), &LoadOptions::default());
    let mut list = load.result.unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(list.len(), 1, "{rel}");
    list.remove(0)
}

fn load_error(rel: &str) -> String {
    let started = Instant::now();
    let result = import::load_file(&fixture(rel), &LoadOptions::default()).result;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{rel} took {:?}",
        started.elapsed()
    );
    match result {
        Ok(a) => panic!("{rel} should fail, gave {} article(s)", a.len()),
        Err(e) => e.to_string(),
    }
}

/// The words of a dev article's body, as the fixture script wrote them.
fn source_words(name: &str) -> Vec<String> {
    let raw = std::fs::read_to_string(fixture(&format!("dev/{name}"))).unwrap();
    let body = raw.trim_start().strip_prefix("date ").unwrap();
    body[10..].split_whitespace().map(str::to_owned).collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn a_single_column_article_comes_back_word_for_word_without_headers_or_hyphens() {
    let a = load_one("pdf/single-column.pdf");
    assert_eq!(a.title, "Germany bans Iranian airline Mahan Air");
    assert_eq!(a.date, Date::new(2019, 1, 23));
    for running in ["World News Daily", "worldnewsdaily.example", "Page 1 of", "Page 2 of"] {
        assert!(!a.text.contains(running), "{running} left in:\n{}", a.text);
    }
    for joined in ["European nation", "security concerns"] {
        assert!(a.text.contains(joined), "{joined} not joined:\n{}", a.text);
    }
    // The body after the dateline is the article's words, in order.
    let mut want = source_words("2019-01-23-mahan-air.txt");
    want.drain(..4); // "Wednesday, January 23, 2019": the dateline
    assert_eq!(words(&a.text), want);
    // Paragraphs stay paragraphs.
    assert!(a.text.matches("\n\n").count() >= 4, "{}", a.text);
}

#[test]
fn two_columns_are_read_one_after_the_other() {
    let a = load_one("pdf/two-column.pdf");
    assert_eq!(a.title, "US restricts flights to Cuba");
    assert_eq!(a.date, Date::new(2019, 10, 27));
    let mut want = source_words("2019-10-27-cuba-flights.txt");
    want.drain(..4); // the dateline
    let got = words(&a.text);
    // The page holds the Cuba article, then the start of the next one.
    assert_eq!(&got[..want.len()], &want[..], "{}", a.text);
    assert!(
        a.text.contains("Germany on Monday banned Iranian airline"),
        "{}",
        a.text
    );
    assert!(!got.iter().any(|w| w == "3"), "the page number is dropped");
}

#[test]
fn pdfs_that_cannot_be_imported_say_why_and_fail_fast() {
    let scan = load_error("pdf/scan.pdf");
    assert!(scan.contains("no text layer") && scan.contains("OCR"), "{scan}");
    let locked = load_error("pdf/encrypted.pdf");
    assert!(locked.contains("password"), "{locked}");
    let huge = load_error("pdf/million-pages.pdf");
    assert!(huge.contains("more than 5000 pages"), "{huge}");
}

#[test]
fn damaged_pdfs_fail_with_a_message_and_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("pdf/single-column.pdf")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.pdf", good[..good.len() / 3].to_vec()),
        ("garbage.pdf", b"%PDF-1.4\n\x00\x01\x02 garbage garbage".to_vec()),
        ("renamed.pdf", b"This is a text file with the wrong name.".to_vec()),
        ("empty.pdf", Vec::new()),
    ];
    for (name, bytes) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let result = import::load_file(&path, &LoadOptions::default()).result;
        match result {
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
            // A cut-short PDF may still give the pages before the cut.
            Ok(articles) => assert!(articles.iter().all(|a| !a.text.is_empty()), "{name}"),
        }
    }
}

#[test]
fn the_cli_imports_pdfs_beside_other_files_and_reports_the_refused_ones() {
    let sb = common::Sandbox::new();
    let out = sb.run([
        "import",
        "--workspace",
        "w.stance.json",
        "--no-suggest",
        fixture("pdf/single-column.pdf").to_str().unwrap(),
        fixture("pdf/scan.pdf").to_str().unwrap(),
        fixture("pdf/nexis.pdf").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "some files failed: {stdout}");
    assert!(
        stdout.contains("scan.pdf") && stdout.contains("no text layer"),
        "{stdout}"
    );
    let ws = stance_tracker::storage::open_workspace(&sb.path("w.stance.json")).unwrap();
    assert_eq!(ws.article_count(), 4, "one article and three Nexis documents");
}
