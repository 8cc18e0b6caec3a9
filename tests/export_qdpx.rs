//! The REFI-QDA export (`--format qdpx`) through the binary: offsets in
//! code points past text outside the BMP, the schema (with xmllint when it
//! is installed), stable GUIDs and byte-identical re-exports.

mod common;

use common::Sandbox;
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Document, Position, Status, Workspace, ops,
};
use std::io::Read;
use std::path::Path;

pub const TEXT: &str = "𝔘nion talks 😀 today.\nDania supports the talks & the <plan>. Ünal opposes sanctions.";

fn char_offset(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// One article, two coders (Ana, Ben) with accepted stances, one rejected
/// and one pending stance (neither exported).
pub fn fixture() -> Workspace {
    let mut doc = Document::new(Workspace::new());
    let art = ArticleId(doc.alloc_id());
    doc.execute(Command::AddArticle(Box::new(Article::new(
        art,
        "Talks \"today\"".into(),
        Date::new(2020, 1, 6),
        "talks.txt".into(),
        TEXT.into(),
    ))))
    .unwrap();
    let mut ids = Vec::new();
    for (name, kind) in [("Dania", ActorKind::State), ("Ünal & Co", ActorKind::Person)] {
        let id = ActorId(doc.alloc_id());
        let mut a = Actor::new(id, name, kind);
        if name == "Dania" {
            a.aliases = vec!["Danian government".into()];
        }
        doc.execute(Command::AddActor(a)).unwrap();
        ids.push(id);
    }
    let p = doc.workspace().issue_by_key("participation").unwrap().id;
    let s = doc.workspace().issue_by_key("sanctions").unwrap().id;
    let (d0, d1) = char_offset(TEXT, "Dania supports the talks");
    let (u0, u1) = char_offset(TEXT, "Ünal opposes sanctions");
    let stance = |doc: &mut Document, coder: &str, actor, issue, pos, (a, b): (usize, usize), note: &str| {
        doc.set_coder(Some(coder.into()));
        let mut ws = doc.workspace().clone();
        let cmd = ops::new_manual_stance(&mut ws, art, actor, issue, pos, a, b, note.into()).unwrap();
        doc.execute(cmd).unwrap();
    };
    stance(
        &mut doc,
        "Ana",
        ids[0],
        p,
        Position::Support,
        (d0, d1),
        "clear & <direct>",
    );
    stance(&mut doc, "Ana", ids[1], s, Position::Oppose, (u0, u1), "");
    stance(&mut doc, "Ben", ids[0], p, Position::Mixed, (d0, d1), "");
    stance(&mut doc, "Ben", ids[1], s, Position::Neutral, (u0, u1), "");
    // Ben rejects his neutral one; a pending suggestion is nobody's.
    let mut ws = doc.workspace().clone();
    let mut rejected = ws.stances().last().unwrap().clone();
    rejected.status = Status::Rejected;
    doc.execute(Command::UpdateStance(rejected)).unwrap();
    let mut pending = ws.stances().next().unwrap().clone();
    pending.id = stance_tracker::model::StanceId(ws.alloc_id());
    pending.status = Status::Pending;
    pending.by = Default::default();
    pending.origin = stance_tracker::model::Origin::Suggested {
        rule: "test".into(),
        confidence: 0.5,
    };
    pending.position = Position::Oppose;
    doc.execute(Command::AddStance(pending)).unwrap();
    doc.workspace().clone()
}

pub fn export(sb: &Sandbox, ws: &Path, out: &str, extra: &[&str]) -> Vec<u8> {
    let out = sb.path(out);
    let mut args = vec![
        "export",
        ws.to_str().unwrap(),
        "--format",
        "qdpx",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = sb.run(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out).unwrap()
}

pub fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// The value of `attr` in each `<tag …>` of `xml`, in order.
fn attrs(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    xml.split(&format!("<{tag} "))
        .skip(1)
        .map(|rest| {
            let head = &rest[..rest.find('>').unwrap()];
            let key = format!(" {attr}=\"");
            let i = format!(" {head}").find(&key).expect(attr) + key.len() - 1;
            let v = &head[i..];
            v[..v.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn qdpx_offsets_are_code_points_schema_valid_and_deterministic() {
    let sb = Sandbox::new();
    let ws = fixture();
    let path = sb.path("w.stance.json");
    stance_tracker::storage::save_workspace(&ws, &path).unwrap();
    let first = export(&sb, &path, "a.qdpx", &[]);
    let second = export(&sb, &path, "b.qdpx", &[]);
    assert_eq!(first, second, "two exports are byte-identical");

    let files = entries(&first);
    assert_eq!(files[0].0, "project.qde");
    let qde = String::from_utf8(files[0].1.clone()).unwrap();
    let (_, text) = files.iter().find(|(n, _)| n.starts_with("sources/")).unwrap();
    let text = String::from_utf8(text.clone()).unwrap();
    assert_eq!(text, TEXT);
    let guid = attrs(&qde, "TextSource", "guid").remove(0);
    assert_eq!(files[1].0, format!("sources/{guid}.txt"));
    assert!(qde.contains(&format!("plainTextPath=\"internal://{guid}.txt\"")));

    // Three accepted stances (Ana's two, Ben's mixed); rejected and pending left out.
    let starts = attrs(&qde, "PlainTextSelection", "startPosition");
    let ends = attrs(&qde, "PlainTextSelection", "endPosition");
    assert_eq!(starts.len(), 3);
    let chars: Vec<char> = text.chars().collect();
    let span = |i: usize| -> String {
        let (a, b) = (starts[i].parse::<usize>().unwrap(), ends[i].parse::<usize>().unwrap());
        chars[a..b].iter().collect()
    };
    assert_eq!(span(0), "Dania supports the talks");
    assert_eq!(span(1), "Ünal opposes sanctions");
    assert_eq!(span(2), "Dania supports the talks");
    // 𝔘 and 😀 are one code point each (two UTF-16 units, four bytes).
    assert_eq!(starts[0], "21");
    assert_eq!(attrs(&qde, "Coding", "guid").len(), 6, "two codings per selection");
    let users = attrs(&qde, "User", "name");
    assert_eq!(users, ["Ana", "Ben"]);
    let user_guids = attrs(&qde, "User", "guid");
    let creators = attrs(&qde, "PlainTextSelection", "creatingUser");
    assert_eq!(
        creators,
        [&user_guids[0], &user_guids[0], &user_guids[1]].map(String::clone)
    );
    assert!(qde.contains("<Description>clear &amp; &lt;direct&gt;</Description>"));
    assert!(qde.contains("name=\"Ünal &amp; Co\""));

    // --layer narrows to one coder; GUIDs stay the same.
    let ben = export(&sb, &path, "ben.qdpx", &["--layer", "Ben"]);
    let ben_qde = String::from_utf8(entries(&ben)[0].1.clone()).unwrap();
    let ben_sel = attrs(&ben_qde, "PlainTextSelection", "guid");
    assert_eq!(ben_sel, [attrs(&qde, "PlainTextSelection", "guid")[2].clone()]);

    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi-qda/Project-mrt2019.xsd");
    let qde_path = sb.path("project.qde");
    std::fs::write(&qde_path, &qde).unwrap();
    match std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&qde_path)
        .output()
    {
        Ok(o) => assert!(
            o.status.success(),
            "project.qde is not valid: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => println!("skipped schema check: apt-get install libxml2-utils (xmllint)"),
    }
}
