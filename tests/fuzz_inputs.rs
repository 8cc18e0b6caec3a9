//! Property-based fuzzing of everything that reads outside data: the loaders
//! (every format, any bytes; DOCX and Nexis exports of any shape), the
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
