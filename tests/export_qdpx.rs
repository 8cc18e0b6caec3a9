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

/// (evidence, issue key, position, coder) of every accepted stance, sorted.
fn codings(ws: &Workspace) -> Vec<(String, String, String, String, String)> {
    let mut out: Vec<_> = ws
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .map(|s| {
            (
                ws.article(s.article)
                    .unwrap()
                    .slice(s.evidence.start, s.evidence.end)
                    .unwrap()
                    .to_owned(),
                ws.actor(s.actor).unwrap().name.clone(),
                ws.issue(s.issue).unwrap().key.clone(),
                s.position.as_str().to_owned(),
                s.by.coder
                    .and_then(|c| ws.coder(c))
                    .map_or(String::new(), |c| c.name.clone()),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_qdpx_round_trip_keeps_every_accepted_stance() {
    let sb = Sandbox::new();
    let ws = fixture();
    let path = sb.path("w.stance.json");
    stance_tracker::storage::save_workspace(&ws, &path).unwrap();
    export(&sb, &path, "x.qdpx", &[]);
    let new = sb.path("new.stance.json");
    let o = sb.run([
        "import",
        "--workspace",
        new.to_str().unwrap(),
        "--no-suggest",
        "--coder",
        "Zed",
        sb.path("x.qdpx").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("3 coded selection(s) imported as accepted stances"),
        "{stdout}"
    );
    let back = stance_tracker::storage::open_workspace(&new).unwrap();
    assert_eq!(codings(&back), codings(&ws));
    let article = back.articles().next().unwrap();
    assert_eq!(&*article.text, TEXT);
    assert_eq!(article.title, "Talks \"today\"");
    assert_eq!(article.date, Date::new(2020, 1, 6));
    let dania = back.actor_by_name("Dania").unwrap();
    assert_eq!(dania.kind, ActorKind::State);
    assert_eq!(dania.aliases, ["Danian government"]);
    assert_eq!(dania.color, ws.actor_by_name("Dania").unwrap().color);
    let note = back.stances().find(|s| !s.note.is_empty()).unwrap();
    assert_eq!(note.note, "clear & <direct>");
}

/// A project as another tool writes it: nested codes, an actor under a
/// group code, text by `plainTextPath` and inline, selections with one code.
const OTHER_TOOL: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Thesis" origin="SomeQDA 2024">
  <Users><User guid="{0A1B2C3D-0000-4000-8000-000000000001}" name="Mira"/></Users>
  <CodeBook><Codes>
    <Code guid="10000000-0000-4000-8000-000000000000" name="Stances" isCodable="false">
      <Code guid="11000000-0000-4000-8000-000000000000" name="Sanctions" isCodable="true">
        <Code guid="11100000-0000-4000-8000-000000000000" name="Support" isCodable="true"/>
        <Code guid="11200000-0000-4000-8000-000000000000" name="Oppose" isCodable="true"/>
      </Code>
      <Code guid="12000000-0000-4000-8000-000000000000" name="Energy transition" isCodable="true">
        <Description>Moving away from fossil fuels.</Description>
        <Code guid="12100000-0000-4000-8000-000000000000" name="support" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="20000000-0000-4000-8000-000000000000" name="Actors" isCodable="false">
      <Code guid="21000000-0000-4000-8000-000000000000" name="States" isCodable="false">
        <Code guid="21100000-0000-4000-8000-000000000000" name="Norway" isCodable="true" color="#3366CC"/>
      </Code>
      <Code guid="22000000-0000-4000-8000-000000000000" name="Greenpeace" isCodable="true"/>
    </Code>
    <Code guid="30000000-0000-4000-8000-000000000000" name="Emotion" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="40000000-0000-4000-8000-000000000000" name="Oil &amp; gas" plainTextPath="internal://40000000-0000-4000-8000-000000000000.txt">
      <PlainTextSelection guid="41000000-0000-4000-8000-000000000000" startPosition="2" endPosition="34" creatingUser="{0a1b2c3d-0000-4000-8000-000000000001}">
        <Description>strong</Description>
        <Coding guid="41100000-0000-4000-8000-000000000000"><CodeRef targetGUID="11100000-0000-4000-8000-000000000000"/></Coding>
        <Coding guid="41200000-0000-4000-8000-000000000000"><CodeRef targetGUID="21100000-0000-4000-8000-000000000000"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="42000000-0000-4000-8000-000000000000" startPosition="36" endPosition="60">
        <Coding guid="42100000-0000-4000-8000-000000000000"><CodeRef targetGUID="12100000-0000-4000-8000-000000000000"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="43000000-0000-4000-8000-000000000000" startPosition="0" endPosition="10">
        <Coding guid="43100000-0000-4000-8000-000000000000"><CodeRef targetGUID="30000000-0000-4000-8000-000000000000"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="50000000-0000-4000-8000-000000000000" name="Inline">
      <PlainTextContent>Greenpeace backs the energy transition.</PlainTextContent>
      <PlainTextSelection guid="51000000-0000-4000-8000-000000000000" startPosition="0" endPosition="38">
        <Coding guid="51100000-0000-4000-8000-000000000000"><CodeRef targetGUID="12100000-0000-4000-8000-000000000000"/></Coding>
        <Coding guid="51200000-0000-4000-8000-000000000000"><CodeRef targetGUID="22000000-0000-4000-8000-000000000000"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="60000000-0000-4000-8000-000000000000" name="scan" path="relative://scan.pdf"/>
  </Sources>
</Project>
"##;

const OIL: &str = "😀 Norway wants sanctions on Russia. Emissions must fall soon, experts say.";

#[test]
fn a_qdpx_from_another_tool_maps_what_matches_and_reports_the_rest() {
    use std::io::Write;
    let sb = Sandbox::new();
    let file = sb.path("other.qdpx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(OTHER_TOOL.as_bytes()).unwrap();
    zip.start_file("sources/40000000-0000-4000-8000-000000000000.txt", options)
        .unwrap();
    zip.write_all(OIL.as_bytes()).unwrap();
    zip.finish().unwrap();
    let new = sb.path("new.stance.json");
    let o = sb.run([
        "import",
        "--workspace",
        new.to_str().unwrap(),
        "--no-suggest",
        file.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    for line in [
        "2 coded selection(s) imported as accepted stances",
        "1 selection(s) without an actor code",
        "1 selection(s) without an issue position code",
        "codes not mapped to issues or actors: Emotion",
        "1 picture, PDF, audio or video source(s) left out",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
    let ws = stance_tracker::storage::open_workspace(&new).unwrap();
    let got = codings(&ws);
    assert_eq!(
        got,
        [
            (
                "Greenpeace backs the energy transition".into(),
                "Greenpeace".into(),
                "energy-transition".into(),
                "support".into(),
                // No creatingUser: the importing coder's (no --coder: "unknown").
                "unknown".into(),
            ),
            (
                "Norway wants sanctions on Russia".into(),
                "Norway".into(),
                "sanctions".into(),
                "support".into(),
                "Mira".into(),
            ),
        ]
    );
    let norway = ws.actor_by_name("Norway").unwrap();
    assert_eq!((norway.kind, norway.color), (ActorKind::State, [0x33, 0x66, 0xCC]));
    assert_eq!(
        ws.issue_by_key("energy-transition").unwrap().description,
        "Moving away from fossil fuels."
    );
    assert_eq!(ws.articles().count(), 2);
}
