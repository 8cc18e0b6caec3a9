//! Factiva exports (HTML and RTF, "Full Article/Report plus Indexing") split
//! into their documents, and RTF files read on their own.

use stance_tracker::import::{self, LoadOptions, LoadedArticle};
use stance_tracker::model::{Date, meta};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
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

/// The fixture's documents: (title, outlet, date, byline, section, length,
/// first words of the text, last words of the text).
#[allow(clippy::type_complexity)]
const DOCS: [(&str, &str, (i32, u8, u8), &str, Option<&str>, &str, &str, &str); 3] = [
    (
        "Envoys open talks in Riyadh on ending the war",
        "The Harbour Gazette",
        (2025, 2, 18),
        "Mara Lindqvist",
        Some("World News"),
        "412 words",
        "Senior diplomats from the United States and Russia met in Riyadh",
        "since the talks were announced.",
    ),
    (
        "Kyiv says it will not accept terms agreed without it",
        "Northern Wire Service",
        (2025, 2, 18),
        "By Tomas Ferreira",
        None,
        "268 words",
        "KYIV -- Ukraine's president said on Tuesday",
        "“нічого без нас” (nothing about us without us).",
    ),
    (
        "Europeans ask for a seat at the table",
        "The Continental Review",
        (2025, 2, 19),
        "Ines Marchetti",
        Some("Politics"),
        "301 words",
        "European leaders met in Paris on Monday",
        "Germany’s chancellor warned against a “dictated peace”.",
    ),
];

/// Fields and page text that belong to no article: field codes, copyright,
/// indexing, accession numbers, the search header and summary.
const BOILERPLATE: [&str; 14] = [
    "Copyright",
    "(c) 2025",
    "All Rights Reserved",
    "Factiva",
    "Document ",
    "International Relations",
    "gdip",
    "HARBGZ",
    "Search",
    "riyadh talks",
    "Page ",
    "\nTD",
    "LP\t",
    "English",
];

fn assert_factiva_articles(articles: &[LoadedArticle], file: &str) {
    assert_eq!(articles.len(), DOCS.len(), "{file}: documents");
    for (i, (a, (title, outlet, (y, m, d), byline, section, length, starts, ends))) in
        articles.iter().zip(DOCS).enumerate()
    {
        let get = |key: &str| a.meta.get(key).map(String::as_str);
        assert_eq!(a.title, title, "{file}");
        assert_eq!(a.source, Some(format!("{file}#doc{}", i + 1)), "{file}: {title}");
        assert_eq!(a.date, Date::new(y, m, d), "{file}: {title}");
        assert_eq!(get(meta::OUTLET), Some(outlet), "{file}: {title}");
        assert_eq!(get(meta::BYLINE), Some(byline), "{file}: {title}");
        assert_eq!(get(meta::SECTION), section, "{file}: {title}");
        assert_eq!(get(meta::LENGTH), Some(length), "{file}: {title}");
        assert_eq!(get(meta::LANGUAGE), Some("en"), "{file}: {title}");
        assert_eq!(get(meta::FILE), Some(file), "{file}: {title}");
        assert!(a.text.starts_with(starts), "{file}: {title}: {:?}", a.text);
        assert!(a.text.ends_with(ends), "{file}: {title}: {:?}", a.text);
        assert!(!a.text.contains('\r') && !a.text.contains('\t'), "{file}: {title}");
        for junk in BOILERPLATE {
            assert!(
                !a.text.contains(junk),
                "{file}: {title}: {junk:?} in the text:\n{}",
                a.text
            );
        }
        assert!(a.text.contains("\n\n"), "{file}: {title}: paragraphs are kept apart");
        assert!(!a.title.contains("HD"), "{file}: {title}");
    }
    // A paragraph that opens with a field-like word stays text.
    assert!(articles[1].text.contains("\n\nIN a statement, the foreign ministry"));
    assert_eq!(articles[0].meta["edition"], "Final");
    assert_eq!(articles[0].meta["page"], "A1");
}

#[test]
fn factiva_html_export_splits_into_its_documents_without_the_indexing() {
    let (articles, notes) = load_all(&fixture("factiva/riyadh-talks-factiva.html"));
    assert_factiva_articles(&articles, "riyadh-talks-factiva.html");
    assert!(
        notes.iter().any(|n| n == "a Factiva export of 3 document(s)"),
        "{notes:?}"
    );
}

#[test]
fn factiva_rtf_export_gives_the_same_articles_as_the_html() {
    let (rtf, notes) = load_all(&fixture("factiva/riyadh-talks-factiva.rtf"));
    assert_factiva_articles(&rtf, "riyadh-talks-factiva.rtf");
    assert!(
        notes.iter().any(|n| n == "a Factiva export of 3 document(s)"),
        "{notes:?}"
    );
    let (html, _) = load_all(&fixture("factiva/riyadh-talks-factiva.html"));
    for (r, h) in rtf.iter().zip(&html) {
        assert_eq!(r.title, h.title);
        assert_eq!(r.date, h.date);
        assert_eq!(r.text, h.text, "{}", r.title);
        let without_file = |a: &LoadedArticle| {
            let mut m = a.meta.clone();
            m.remove(meta::FILE);
            m
        };
        assert_eq!(without_file(r), without_file(h), "{}", r.title);
    }
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn ordinary_html_and_rtf_articles_are_not_split() {
    let dir = tempfile::tempdir().unwrap();
    // A page with a table whose cells happen to read HD and AN.
    let html = write(
        dir.path(),
        "page.html",
        b"<html><head><title>Screen sizes</title></head><body><h1>Screen sizes</h1>\
          <p>Which format to buy.</p><table><tr><td>HD</td><td>1280 x 720</td></tr>\
          <tr><td>AN</td><td>not a format</td></tr><tr><td>TD</td><td>none</td></tr></table></body></html>",
    );
    let (articles, notes) = load_all(&html);
    assert_eq!(articles.len(), 1, "{notes:?}");
    assert_eq!(articles[0].title, "Screen sizes");

    let rtf = write(
        dir.path(),
        "letter.rtf",
        br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\title Draft}}\f0
Ceasefire talks resume in Geneva\par
\par
The two delegations met again on Monday after a pause of three weeks.\par
HD video of the meeting was shown, and the caf\'e9 was full.\par
\par
Both sides said the atmosphere had improved.\par}",
    );
    let (articles, notes) = load_all(&rtf);
    assert_eq!(articles.len(), 1, "{notes:?}");
    let a = &articles[0];
    assert_eq!(a.title, "Ceasefire talks resume in Geneva");
    assert_eq!(
        a.text,
        "The two delegations met again on Monday after a pause of three weeks.\n\
         HD video of the meeting was shown, and the café was full.\n\n\
         Both sides said the atmosphere had improved."
    );
    assert_eq!(a.source, None);
}

#[test]
fn broken_and_hostile_rtf_files_are_refused_fast_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "{\\rtf1 ".to_owned() + &"{\\b ".repeat(1_000_000) + "x";
    let cut = write(dir.path(), "cut.rtf", br"{\rtf1\ansi {\b Talks resume\par The text");
    let cases = [
        (write(dir.path(), "deep.rtf", deep.as_bytes()), "deep"),
        (cut, "cut short"),
        (write(dir.path(), "notrtf.rtf", b"Just some text\n"), "not RTF"),
        (write(dir.path(), "empty.rtf", b""), "empty"),
        (
            write(dir.path(), "nothing.rtf", br"{\rtf1{\fonttbl{\f0 Arial;}}}"),
            "no article text",
        ),
    ];
    for (path, expected) in cases {
        let started = Instant::now();
        let e = load_error(&path);
        assert!(e.contains(expected), "{}: {e}", path.display());
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{}: took {:?}",
            path.display(),
            started.elapsed()
        );
    }
    // A huge run of hex escapes is read, in one pass.
    let hex = "{\\rtf1 Title\\par ".to_owned() + &"\\'e9".repeat(2_000_000) + "}";
    let started = Instant::now();
    let (articles, _) = load_all(&write(dir.path(), "hex.rtf", hex.as_bytes()));
    assert_eq!(articles[0].text.chars().count(), 2_000_000);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn rtf_files_are_found_in_folders() {
    let report = {
        let loads = import::load_paths(
            &[fixture("factiva")],
            &LoadOptions::default(),
            &import::Progress::default(),
        );
        let ws = stance_tracker::model::Workspace::new();
        import::add_to_workspace(&ws, loads).1
    };
    let imported = report
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, import::Outcome::Imported { .. }))
        .count();
    let duplicates = report
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, import::Outcome::Duplicate { .. }))
        .count();
    // The HTML and the RTF hold the same three articles: the second file's are duplicates.
    assert_eq!((imported, duplicates), (3, 3), "{:#?}", report.entries);
}

#[test]
fn a_nexis_export_saved_as_rtf_is_split_like_the_txt() {
    let txt_path = fixture("nexis/riyadh-talks-nexis.txt");
    let text = std::fs::read_to_string(&txt_path).unwrap();
    let mut rtf = String::from("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Times;}}\\f0\r\n");
    for line in text.lines() {
        for c in line.chars() {
            match c {
                '\\' | '{' | '}' => rtf.extend(['\\', c]),
                c if c.is_ascii() => rtf.push(c),
                c => rtf.push_str(&format!("\\u{}?", c as u32)),
            }
        }
        rtf.push_str("\\par\r\n");
    }
    rtf.push('}');
    let dir = tempfile::tempdir().unwrap();
    let (from_rtf, notes) = load_all(&write(dir.path(), "nexis.rtf", rtf.as_bytes()));
    assert!(notes.iter().any(|n| n.starts_with("a Nexis export")), "{notes:?}");
    let (from_txt, _) = load_all(&txt_path);
    assert_eq!(from_rtf.len(), 3);
    for (r, t) in from_rtf.iter().zip(&from_txt) {
        assert_eq!((&r.title, r.date), (&t.title, t.date));
        assert_eq!(r.text, t.text, "{}", r.title);
    }
}

#[test]
fn a_factiva_rtf_laid_out_as_a_table_of_fields_is_split_too() {
    let row = |code: &str, value: &str| {
        format!("\\trowd\\cellx1000\\cellx9000\\intbl {{\\b {code}}}\\cell {value}\\cell\\row\r\n")
    };
    let mut rtf = String::from("{\\rtf1\\ansi\\ansicpg1252\\uc1{\\fonttbl{\\f0 Arial;}}\\f0\r\n");
    for (i, title) in ["Talks open in Riyadh", "Envoys trade proposals"].iter().enumerate() {
        rtf += &row("HD", title);
        rtf += &row("PD", &format!("{} February 2025", 18 + i));
        rtf += &row("SN", "The Gulf Courier");
        rtf += &row("LA", "English");
        rtf += &row("LP", "Diplomats met on Tuesday.\\par");
        rtf += &row("TD", "They agreed to meet again.\\par Both sides were hopeful.\\par");
        rtf += &row("NS", "gdip : International Relations");
        rtf += &row("AN", &format!("Document GULFCO002025021{i}el2i0001x"));
        rtf += "\\pard\\page\r\n";
    }
    rtf.push('}');
    let dir = tempfile::tempdir().unwrap();
    let (docs, _) = load_all(&write(dir.path(), "table.rtf", rtf.as_bytes()));
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].title, "Envoys trade proposals");
    assert_eq!(docs[1].date, Date::new(2025, 2, 19));
    assert_eq!(docs[0].meta[meta::OUTLET], "The Gulf Courier");
    assert_eq!(
        docs[0].text,
        "Diplomats met on Tuesday.\n\nThey agreed to meet again.\n\nBoth sides were hopeful."
    );
}
