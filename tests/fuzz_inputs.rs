//! Property-based fuzzing of everything that reads outside data: the loaders
//! (every format, any bytes), the workspace reader, and the analysis. Each
//! must return a result or a clear error — never panic, never produce
//! offsets outside the text. `PROPTEST_CASES` sets the budget (CI: default).
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
