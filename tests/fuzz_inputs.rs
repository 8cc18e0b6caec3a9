//! Property-based fuzzing of everything that reads outside data: the loaders
//! (every format, any bytes; DOCX, RTF, Nexis and Factiva exports of any shape), the
//! workspace reader, and the analysis. Each must return a result or a clear
//! error — never panic, never produce offsets outside the text. `PROPTEST_CASES` sets the budget (CI: default).
//! Failing inputs are kept by proptest in `proptest-regressions/` and replayed.

use proptest::prelude::*;
use stance_tracker::analysis::Analyzer;
use stance_tracker::import;
use stance_tracker::model::text::CharIndex;
use stance_tracker::storage::parse_workspace;
use std::path::Path;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Bytes that look like the formats: fragments of markup, quotes, separators,
/// BOMs, invalid UTF-8, NULs, plus plain random bytes.
fn news_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"<html>"[..],
        b"</p>",
        b"<p>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"<title>",
        b"&amp;",
        b"&#x",
        b"\"",
        b",",
        b";",
        b"\n",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\0",
        b"\xe9",
        b"\x93",
        b" date 2025-02-18 ",
        b"Title: ",
        b"Date: ",
        b"---\n",
        b"# ",
        b"text,title,date\n",
        b"Rubio said",
        b"\xe2\x80\x9c",
        b"\xe2\x80\x9d",
        b"U.S.",
        b"Mr. ",
        b"Wednesday, January 23, 2019\n",
    ]);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat()),
    ]
}

/// Lines of a Nexis export in any order and number, so that the splitter
/// meets headers without bodies, bodies without ends and the like.
fn nexis_like_text() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        "End of Document",
        "Body",
        "Text",
        "Length:\u{a0}412 words",
        "Load-Date: February 19, 2025",
        "Copyright 2025 The Gazette",
        "Classification",
        "Graphic",
        "Notes",
        "Language: ENGLISH",
        "Byline: Jane Doe",
        "Section: WORLD",
        "February 18, 2025 Tuesday",
        "The Gazette",
        "Talks open in Riyadh",
        "Diplomats met on Tuesday.",
        "",
        "\u{c}",
    ]);
    prop::collection::vec(lines, 0..40).prop_map(|v| v.join("\n"))
}

/// RTF fragments in any order: groups opened and closed unevenly, escapes
/// cut short, destinations, binary runs, tables, code pages.
fn rtf_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"{"[..],
        b"}",
        b"{\\*\\generator x;}",
        b"{\\fonttbl{\\f0\\fcharset204 A;}}",
        b"\\f0",
        b"\\f99",
        b"\\plain",
        b"\\par ",
        b"\\line",
        b"\\'e9",
        b"\\'",
        b"\\'9",
        b"\\u8220?",
        b"\\u-10179?",
        b"\\u-8704 ",
        b"\\u",
        b"\\uc0 ",
        b"\\uc3 ",
        b"\\bin3 ",
        b"\\bin99999",
        b"\\ansicpg1251",
        b"\\ansicpg932",
        b"\\cell ",
        b"\\row ",
        b"\\trowd\\intbl ",
        b"{\\pict 89ab}",
        b"\\",
        b"HD\\tab Talks\\par ",
        b"AN\\tab Document X\\par ",
        b"TD\\par ",
        b"text ",
        b"\xff",
        b"\0",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| [&b"{\\rtf1 "[..], &v.concat()].concat())
}

/// Lines of a Factiva export in any order and number.
fn factiva_like_text() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        "SE\tWorld",
        "HD\tTalks open in Riyadh",
        "HD",
        "Talks open",
        "BY\tJane Doe",
        "WC\t412 words",
        "PD\t18 February 2025",
        "PD  29 décembre 2011",
        "SN\tThe Gazette",
        "LA\tDeutsch",
        "CY\t(c) 2025 The Gazette",
        "LP",
        "TD\tDiplomats met.",
        "TD",
        "IN a statement, they agreed.",
        "NS\tgdip : International Relations",
        "AN",
        "AN\tDocument GAZ0020250218",
        "Document GAZ0020250218",
        "(c) 2025 The Gazette",
        "HD | Talks",
        "",
        "\u{c}",
    ]);
    prop::collection::vec(lines, 0..40).prop_map(|v| v.join("\n"))
}

fn zip_document(xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// One paragraph per line, as Nexis Uni writes its Word exports.
fn docx_of_lines(text: &str) -> Vec<u8> {
    let body: String = text
        .lines()
        .map(|l| {
            format!(
                "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
                l.replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    zip_document(&format!("<w:document><w:body>{body}</w:body></w:document>"))
}

/// A DOCX around fragments of WordprocessingML, or the checked-in fixture
/// cut short or with bytes overwritten.
fn docx_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "<w:p>",
        "</w:p>",
        "<w:r>",
        "</w:r>",
        "<w:t>",
        "</w:t>",
        "text",
        "<w:tab/>",
        "<w:br/>",
        "<w:tbl>",
        "</w:tbl>",
        "<w:tr>",
        "</w:tr>",
        "<w:tc>",
        "</w:tc>",
        "<w:del>",
        "</w:del>",
        "<w:pPr>",
        "</w:pPr>",
        "<w:pStyle w:val=\"Title\"/>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&bogus;",
        "<![CDATA[x]]>",
        "<",
        "\u{e9}",
        "End of Document",
        "Body",
    ]);
    let fixture =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx/mahan-air.docx")).unwrap();
    let len = fixture.len();
    prop_oneof![
        prop::collection::vec(pieces, 0..60).prop_map(|v| zip_document(&v.concat())),
        (0..len, prop::collection::vec((0..len, any::<u8>()), 0..8)).prop_map(move |(cut, edits)| {
            let mut b = fixture.clone();
            for (at, byte) in edits {
                b[at] = byte;
            }
            b.truncate(cut.max(1));
            b
        }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn loaders_never_panic(bytes in news_like_bytes(), ext in prop::sample::select(vec!["txt", "md", "html", "csv"])) {
        let mut notes = Vec::new();
        if let Ok(parsed) = import::parse_bytes(&bytes, ext, Path::new("fuzz"), &mut notes) {
            for a in parsed.articles {
                prop_assert!(!a.text.trim().is_empty());
                prop_assert!(!a.title.is_empty());
                prop_assert!(!a.text.contains('\r'));
            }
        }
    }

    #[test]
    fn nexis_exports_of_any_shape_never_panic(text in nexis_like_text(), ext in prop::sample::select(vec!["txt", "docx"])) {
        let mut notes = Vec::new();
        let bytes = if ext == "docx" { docx_of_lines(&text) } else { text.into_bytes() };
        if let Ok(parsed) = import::parse_bytes(&bytes, ext, Path::new("export.txt"), &mut notes) {
            for a in parsed.articles {
                prop_assert!(!a.text.trim().is_empty());
                prop_assert!(!a.title.is_empty());
            }
        }
    }

    #[test]
    fn rtf_loader_never_panics(bytes in rtf_like_bytes()) {
        let mut notes = Vec::new();
        if let Ok(parsed) = import::parse_bytes(&bytes, "rtf", Path::new("fuzz.rtf"), &mut notes) {
            for a in parsed.articles {
                prop_assert!(!a.text.trim().is_empty());
                prop_assert!(!a.title.is_empty());
                prop_assert!(!a.text.contains('\r'));
            }
        }
    }

    #[test]
    fn factiva_exports_of_any_shape_never_panic(text in factiva_like_text(), ext in prop::sample::select(vec!["txt", "html", "rtf"])) {
        let mut notes = Vec::new();
        let bytes = match ext {
            "html" => {
                let rows: String = text
                    .lines()
                    .map(|l| match l.split_once('\t') {
                        Some((code, value)) => format!("<tr><td><b>{code}</b>&nbsp;</td><td>{value}</td></tr>"),
                        None => format!("<tr><td></td><td><p>{l}</p></td></tr>"),
                    })
                    .collect();
                format!("<html><body><form><table>{rows}</table></form></body></html>").into_bytes()
            }
            "rtf" => {
                let body: String = text.lines().map(|l| format!("{}\\par\n", l.replace('\t', "\\tab "))).collect();
                format!("{{\\rtf1\\ansi {body}}}").into_bytes()
            }
            _ => text.into_bytes(),
        };
        if let Ok(parsed) = import::parse_bytes(&bytes, ext, Path::new("export"), &mut notes) {
            // Split documents never carry the accession number; unsplit text may.
            let split = notes.iter().any(|n| n.starts_with("a Factiva export"));
            for a in parsed.articles {
                prop_assert!(!a.text.trim().is_empty());
                prop_assert!(!a.title.is_empty());
                prop_assert!(!split || !a.text.contains("Document GAZ"), "{}", a.text);
            }
        }
    }

    #[test]
    fn docx_loader_never_panics(bytes in docx_like_bytes()) {
        let mut notes = Vec::new();
        if let Ok(parsed) = import::parse_bytes(&bytes, "docx", Path::new("fuzz.docx"), &mut notes) {
            for a in parsed.articles {
                prop_assert!(!a.text.trim().is_empty());
                prop_assert!(!a.title.is_empty());
                prop_assert!(!a.text.contains('\r'));
            }
        }
    }

    #[test]
    fn workspace_reader_never_panics(bytes in news_like_bytes()) {
        let _ = parse_workspace(&bytes);
    }

    #[test]
    fn analysis_offsets_stay_inside_the_text(text in "[A-Za-z .,;:'\"“”’\\-\n()\\[\\]ğéÉ0-9]{0,300}") {
        let result = Analyzer::standalone().analyze(&text, None);
        let idx = CharIndex::new(&text);
        for a in &result.actors {
            for &(s, e) in &a.mentions {
                prop_assert!(idx.slice(&text, s, e).is_some(), "mention {s}..{e} outside {text:?}");
            }
        }
        for s in &result.stances {
            prop_assert!(s.actor < result.actors.len());
            prop_assert!((0.0..=1.0).contains(&s.confidence));
            prop_assert!(idx.slice(&text, s.start, s.end).is_some());
        }
    }
}

/// A valid workspace with absurd numbers in it: refused with a message, never a panic.
#[test]
fn absurd_offsets_and_ids_are_refused_clearly() {
    let mut ws = stance_tracker::model::Workspace::new();
    let id = stance_tracker::model::ArticleId(ws.alloc_id());
    ws.apply(stance_tracker::model::Command::AddArticle(Box::new(
        stance_tracker::model::Article::new(id, "T".into(), None, "s".into(), "Some text here.".into()),
    )))
    .unwrap();
    let actor = stance_tracker::model::ActorId(ws.alloc_id());
    ws.apply(stance_tracker::model::Command::AddActor(
        stance_tracker::model::Actor::new(actor, "A", Default::default()),
    ))
    .unwrap();
    let issue = ws.issues().next().unwrap().id;
    let cmd = stance_tracker::model::ops::new_manual_stance(
        &mut ws,
        id,
        actor,
        issue,
        stance_tracker::model::Position::Support,
        0,
        4,
        String::new(),
    )
    .unwrap();
    ws.apply(cmd).unwrap();
    let good = String::from_utf8(stance_tracker::storage::to_bytes(&ws)).unwrap();
    for (from, to) in [
        ("\"end\": 4", "\"end\": 18446744073709551615"),
        ("\"start\": 0", "\"start\": 99999999999"),
        (&format!("\"actor\": {}", actor.0), "\"actor\": 424242"),
        (&format!("\"article\": {}", id.0), "\"article\": -1"),
        ("\"next_id\": ", "\"next_id\": 1e400, \"x\": "),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "pattern {from} not found");
        let err = parse_workspace(bad.as_bytes()).expect_err(to).to_string();
        assert!(!err.is_empty());
    }
}
