//! `--format dna`: a DNA 3 database of the workspace, checked table by
//! table with SQLite, span by span in UTF-16 as DNA (Java) counts, and
//! imported back with our own DNA importer.

mod common;

use rusqlite::{Connection, OpenFlags};
use stance_tracker::import::dna::{self, ActorVariable, DnaOptions};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Attribution, Coder, CoderId, Command, Date, IssueId, Position,
    Status, Workspace, meta, ops,
};
use stance_tracker::report::dna_export::{self, DnaExportSummary, PASSWORD};
use stance_tracker::report::{ExportFormat, Filter, export_bytes};
use std::collections::BTreeSet;
use std::path::Path;

/// Characters outside the BMP (two UTF-16 units each) and curly quotes
/// before the stances.
const TEXT_1: &str = "😀 Talks in 𝔘 resume.\n“Quoted” first: Marco Rubio said the EU must be at the table. \
    The Green Party rejects the plan. Rubio was undecided on 𝔘 sanctions. The Greens were torn.";
const TEXT_2: &str = "Plain text. The United States backs the deal.";

struct Fixture {
    ws: Workspace,
    ann: CoderId,
    ben: CoderId,
    /// Two issues of the default codebook.
    a: IssueId,
    b: IssueId,
}

fn at(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in the text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

#[allow(clippy::too_many_arguments)]
fn stance(
    ws: &mut Workspace,
    article: ArticleId,
    text: &str,
    needle: &str,
    actor: ActorId,
    issue: IssueId,
    position: Position,
    coder: CoderId,
    status: Status,
) {
    let (s, e) = at(text, needle);
    let Command::AddStance(mut st) =
        ops::new_manual_stance(ws, article, actor, issue, position, s, e, String::new()).expect("a stance")
    else {
        unreachable!()
    };
    st.status = status;
    st.by = Attribution {
        coder: Some(coder),
        created_by: Some(coder),
        modified_by: Some(coder),
        ..Attribution::default()
    };
    ws.apply(Command::AddStance(st)).unwrap();
}

fn fixture() -> Fixture {
    let mut ws = Workspace::new();
    let ann = CoderId(ws.alloc_id());
    ws.apply(Command::AddCoder(Coder {
        id: ann,
        name: "Ann".into(),
        color: [200, 30, 30],
        consensus: false,
    }))
    .unwrap();
    let ben = CoderId(ws.alloc_id());
    ws.apply(Command::AddCoder(Coder {
        id: ben,
        name: "Ben".into(),
        color: [30, 30, 200],
        consensus: false,
    }))
    .unwrap();
    let us = ActorId(ws.alloc_id());
    let mut a = Actor::new(us, "United States", ActorKind::State);
    a.aliases = vec!["US".into(), "USA".into()];
    a.color = [10, 20, 200];
    a.color_chosen = true;
    ws.apply(Command::AddActor(a)).unwrap();
    let rubio = ActorId(ws.alloc_id());
    let mut a = Actor::new(rubio, "Marco Rubio", ActorKind::Person);
    a.affiliation = Some(us);
    a.aliases = vec!["Rubio".into()];
    a.color = [1, 2, 3];
    ws.apply(Command::AddActor(a)).unwrap();
    let greens = ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(Actor::new(
        greens,
        "Green Party",
        ActorKind::Organization,
    )))
    .unwrap();
    let issues: Vec<IssueId> = ws.issues().map(|i| i.id).take(2).collect();
    let (a, b) = (issues[0], issues[1]);

    let art1 = ArticleId(ws.alloc_id());
    let mut article = Article::new(
        art1,
        "Talks resume".into(),
        Date::new(2025, 2, 18),
        "talks.txt".into(),
        TEXT_1.into(),
    );
    article.meta.insert(meta::OUTLET.into(), "The Daily".into());
    article.meta.insert(meta::BYLINE.into(), "Jane Reporter".into());
    article.meta.insert(meta::SECTION.into(), "World".into());
    ws.apply(Command::AddArticle(Box::new(article))).unwrap();
    let art2 = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        art2,
        "Deal".into(),
        None,
        "deal.txt".into(),
        TEXT_2.into(),
    ))))
    .unwrap();

    use Position::*;
    let acc = Status::Accepted;
    let t1 = TEXT_1;
    stance(
        &mut ws,
        art1,
        t1,
        "Marco Rubio said the EU must be at the table.",
        rubio,
        a,
        Support,
        ann,
        acc,
    );
    stance(
        &mut ws,
        art1,
        t1,
        "The Green Party rejects the plan.",
        greens,
        a,
        Oppose,
        ann,
        acc,
    );
    stance(
        &mut ws,
        art1,
        t1,
        "Rubio was undecided on 𝔘 sanctions.",
        rubio,
        b,
        Neutral,
        ann,
        acc,
    );
    stance(&mut ws, art1, t1, "The Greens were torn.", greens, b, Mixed, ann, acc);
    stance(
        &mut ws,
        art2,
        TEXT_2,
        "The United States backs the deal.",
        us,
        b,
        Support,
        ann,
        acc,
    );
    // Not Ann's accepted coding: left out.
    stance(
        &mut ws,
        art1,
        t1,
        "Talks in 𝔘 resume.",
        us,
        b,
        Support,
        ann,
        Status::Pending,
    );
    stance(&mut ws, art1, t1, "Marco Rubio said the EU", rubio, a, Oppose, ben, acc);
    Fixture { ws, ann, ben, a, b }
}

fn ann_filter(f: &Fixture) -> Filter {
    Filter {
        layer: Some(f.ann),
        ..Filter::accepted()
    }
}

fn open(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Each statement: person, organization, concept, agreement, coder name,
/// and its UTF-16 slice of the document text.
fn statements(conn: &Connection) -> Vec<(String, String, String, i64, String, String)> {
    let mut st = conn
        .prepare(
            "SELECT s.Start, s.Stop, d.Text, c.Name, \
             (SELECT e.Value FROM DATASHORTTEXT t JOIN ENTITIES e ON e.ID = t.Entity WHERE t.StatementId = s.ID AND t.VariableId = 1), \
             (SELECT e.Value FROM DATASHORTTEXT t JOIN ENTITIES e ON e.ID = t.Entity WHERE t.StatementId = s.ID AND t.VariableId = 2), \
             (SELECT e.Value FROM DATASHORTTEXT t JOIN ENTITIES e ON e.ID = t.Entity WHERE t.StatementId = s.ID AND t.VariableId = 3), \
             (SELECT b.Value FROM DATABOOLEAN b WHERE b.StatementId = s.ID AND b.VariableId = 4) \
             FROM STATEMENTS s JOIN DOCUMENTS d ON d.ID = s.DocumentId JOIN CODERS c ON c.ID = s.Coder \
             WHERE s.StatementTypeId = 1 ORDER BY s.ID",
        )
        .unwrap();
    st.query_map([], |r| {
        let (start, stop, text): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let units: Vec<u16> = text.encode_utf16().collect();
        let slice = String::from_utf16(&units[start as usize..stop as usize]).expect("the span cuts no surrogate pair");
        Ok((r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(3)?, slice))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn label(ws: &Workspace, id: IssueId) -> String {
    ws.issue(id).unwrap().label.clone()
}

#[test]
fn the_database_has_dnas_tables_and_our_coding() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.dna");
    let summary = dna_export::export_dna(&f.ws, &ann_filter(&f), &path, None).unwrap();
    assert_eq!(
        summary,
        DnaExportSummary {
            documents: 2,
            statements: 3,
            coders: 2,
            persons: 1,
            organizations: 2,
            concepts: 2,
            neutral: 1,
            mixed: 1,
            bad_evidence: 0,
            undated: 1,
            made_coder: false,
        }
    );
    // Nothing left beside the database: no temp file, no journal.
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["p.dna"]);

    let conn = open(&path);
    let tables: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in [
        "SETTINGS",
        "CODERS",
        "DOCUMENTS",
        "STATEMENTTYPES",
        "VARIABLES",
        "VARIABLELINKS",
        "REGEXES",
        "CODERRELATIONS",
        "STATEMENTS",
        "DATABOOLEAN",
        "DATAINTEGER",
        "ENTITIES",
        "DATASHORTTEXT",
        "DATALONGTEXT",
        "ATTRIBUTEVARIABLES",
        "ATTRIBUTEVALUES",
    ] {
        assert!(tables.contains(t), "{t} in {tables:?}");
    }
    let version: String = conn
        .query_row("SELECT Value FROM SETTINGS WHERE Property = 'version'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(version.starts_with('3'), "{version}");
    let vars: Vec<(String, String)> = conn
        .prepare("SELECT Variable, DataType FROM VARIABLES WHERE StatementTypeId = 1 ORDER BY ID")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want = [
        ("person", "short text"),
        ("organization", "short text"),
        ("concept", "short text"),
        ("agreement", "boolean"),
    ];
    assert_eq!(vars, want.map(|(a, b)| (a.to_owned(), b.to_owned())));

    // Coders: the layer first, each with a jasypt digest and every permission.
    let coders: Vec<(i64, String, [u8; 3], String, i64)> = conn
        .prepare(
            "SELECT ID, Name, Red, Green, Blue, Password, PermissionEditOthersStatements * PermissionAddDocuments FROM CODERS ORDER BY ID",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, [r.get(2)?, r.get(3)?, r.get(4)?], r.get(5)?, r.get(6)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(coders.len(), 2);
    assert_eq!(
        (coders[0].0, coders[0].1.as_str(), coders[0].2),
        (1, "Ann", [200, 30, 30])
    );
    assert_eq!(coders[1].1, "Ben");
    assert!(coders.iter().all(|c| c.3.len() == 64 && c.3 != PASSWORD && c.4 == 1));

    // Documents, with the metadata in DNA's columns and dates as UTC midnight.
    let docs: Vec<(String, String, String, String, String, i64)> = conn
        .prepare("SELECT Title, Text, Author, Source, Section, Date FROM DOCUMENTS ORDER BY ID")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (
            &docs[0].0[..],
            &docs[0].1[..],
            &docs[0].2[..],
            &docs[0].3[..],
            &docs[0].4[..]
        ),
        ("Talks resume", TEXT_1, "Jane Reporter", "The Daily", "World")
    );
    assert_eq!(docs[0].5, 1_739_836_800, "2025-02-18T00:00:00Z");
    assert_eq!(docs[1].5, 0);
    assert_eq!(docs[1].3, "deal.txt", "no outlet: the source");

    // Statements: the UTF-16 slice of each is its evidence, exactly.
    let (la, lb) = (label(&f.ws, f.a), label(&f.ws, f.b));
    let got = statements(&conn);
    let want = [
        (
            "Marco Rubio",
            "United States",
            &la,
            1,
            "Marco Rubio said the EU must be at the table.",
        ),
        ("", "Green Party", &la, 0, "The Green Party rejects the plan."),
        ("", "United States", &lb, 1, "The United States backs the deal."),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (&g.0[..], &g.1[..], &g.2, g.3, &g.4[..], &g.5[..]),
            (w.0, w.1, w.2, w.3, "Ann", w.4)
        );
    }
    // Offsets are UTF-16, not chars: the emoji and 𝔘 count twice.
    let (start, stop): (i64, i64) = conn
        .query_row("SELECT Start, Stop FROM STATEMENTS WHERE ID = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let (cs, ce) = at(TEXT_1, want[0].4);
    assert_eq!((start as usize, stop as usize), (cs + 2, ce + 2));

    // Entities: colours and attributes (Type, Alias joined by "; ").
    let attr = |value: &str, name: &str| -> String {
        conn.query_row(
            "SELECT v.AttributeValue FROM ATTRIBUTEVALUES v JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId \
             JOIN ENTITIES e ON e.ID = v.EntityId WHERE e.Value = ?1 AND a.AttributeVariable = ?2",
            [value, name],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(attr("United States", "Alias"), "US; USA");
    assert_eq!(attr("United States", "Type"), "state");
    assert_eq!(attr("Marco Rubio", "Alias"), "Rubio");
    let rgb: (u8, u8, u8) = conn
        .query_row(
            "SELECT Red, Green, Blue FROM ENTITIES WHERE Value = 'United States'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(rgb, (10, 20, 200));
    assert_eq!(count(&conn, "DATASHORTTEXT"), 9);
    assert_eq!(count(&conn, "DATABOOLEAN"), 3);
    let fk: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 0, "every reference resolves");
}

/// The stances of `ws` as (actor, issue label, position, coder, evidence,
/// start, end), sorted.
fn coding(ws: &Workspace, keep: impl Fn(&stance_tracker::model::Stance) -> bool) -> Vec<String> {
    let mut out: Vec<String> = ws
        .stances()
        .filter(|s| keep(s))
        .map(|s| {
            format!(
                "{} | {} | {} | {} | {:?} | {}-{}",
                ws.actor(s.actor).unwrap().name,
                label(ws, s.issue),
                s.position.as_str(),
                s.by.coder.and_then(|c| ws.coder(c)).map_or("", |c| &c.name),
                s.evidence.text,
                s.evidence.start,
                s.evidence.end
            )
        })
        .collect();
    out.sort();
    out
}

fn import(path: &Path, actor: ActorVariable) -> (Workspace, stance_tracker::import::ImportReport) {
    let mut ws = Workspace::new();
    let (cmd, report) = dna::import(&ws, path, &DnaOptions { actor });
    ws.apply(cmd.expect("something to import")).unwrap();
    (ws, report)
}

#[test]
fn our_importer_reads_back_the_same_coding() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.dna");
    dna_export::export_dna(&f.ws, &ann_filter(&f), &path, None).unwrap();
    let ann_accepted = |s: &stance_tracker::model::Stance| {
        s.by.coder == Some(f.ann)
            && s.status == Status::Accepted
            && matches!(s.position, Position::Support | Position::Oppose)
    };
    let is_person =
        |ws: &Workspace, s: &stance_tracker::model::Stance| ws.actor(s.actor).unwrap().kind == ActorKind::Person;

    // Persons: their statements, with their affiliation, aliases and colour.
    let (back, report) = import(&path, ActorVariable::Person);
    assert_eq!(
        coding(&back, |_| true),
        coding(&f.ws, |s| ann_accepted(s) && is_person(&f.ws, s))
    );
    let rubio = back.actor_by_name("Marco Rubio").unwrap();
    assert_eq!(rubio.kind, ActorKind::Person);
    assert_eq!(rubio.aliases, ["Rubio"]);
    assert_eq!(rubio.color, [1, 2, 3]);
    let us = back.actor(rubio.affiliation.expect("an affiliation")).unwrap();
    assert_eq!((us.name.as_str(), us.kind), ("United States", ActorKind::State));
    assert_eq!(us.aliases, ["US", "USA"]);
    assert_eq!(us.color, [10, 20, 200]);
    assert_eq!(back.coders().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Ann"]);
    // The organisations' statements have no person: reported, not guessed.
    assert_eq!(report.dna[0].problems.len(), 2, "{:?}", report.dna[0].problems);
    let a = back.articles().next().unwrap();
    assert_eq!(&*a.text, TEXT_1);
    assert_eq!(a.date, Date::new(2025, 2, 18));
    assert_eq!(a.meta.get(meta::BYLINE).map(String::as_str), Some("Jane Reporter"));
    assert_eq!(a.meta.get(meta::OUTLET).map(String::as_str), Some("The Daily"));
    assert_eq!(a.meta.get(meta::SECTION).map(String::as_str), Some("World"));

    // Organisations: theirs (a person's statement becomes their affiliation's,
    // with the person in the note, so it is left out of the comparison).
    let (back, _) = import(&path, ActorVariable::Organization);
    assert_eq!(
        coding(&back, |s| !s.note.contains("; person:")),
        coding(&f.ws, |s| ann_accepted(s) && !is_person(&f.ws, s))
    );
    let greens = back.actor_by_name("Green Party").unwrap();
    assert_eq!(greens.kind, ActorKind::Organization);
    assert_eq!(back.articles().count(), 2);
}

#[test]
fn ben_and_bytes_and_no_coder() {
    let f = fixture();
    // Ben's layer: his one stance, and Ben is coder 1.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ben.dna");
    let filter = Filter {
        layer: Some(f.ben),
        ..Filter::accepted()
    };
    let summary = dna_export::export_dna(&f.ws, &filter, &path, None).unwrap();
    assert_eq!((summary.statements, summary.neutral), (1, 0));
    let conn = open(&path);
    let name: String = conn
        .query_row("SELECT Name FROM CODERS WHERE ID = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ben");
    assert_eq!(statements(&conn)[0].5, "Marco Rubio said the EU");

    // The bytes (what a save dialog writes) are an SQLite database.
    let bytes = export_bytes(&f.ws, ExportFormat::Dna, &ann_filter(&f)).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));

    // A workspace without coders gets DNA's Admin.
    let mut ws = Workspace::new();
    let id = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        id,
        "T".into(),
        None,
        "t.txt".into(),
        "Some text.".into(),
    ))))
    .unwrap();
    let path = dir.path().join("empty.dna");
    let summary = dna_export::export_dna(&ws, &Filter::accepted(), &path, None).unwrap();
    assert!(summary.made_coder);
    let conn = open(&path);
    let name: String = conn.query_row("SELECT Name FROM CODERS", [], |r| r.get(0)).unwrap();
    assert_eq!(name, dna_export::DEFAULT_CODER);
    assert_eq!(count(&conn, "DOCUMENTS"), 1);
}

#[test]
fn cli_exports_a_layer_and_reports_what_it_left_out() {
    let f = fixture();
    let sb = common::Sandbox::new();
    let ws_path = sb.path("w.stance.json");
    stance_tracker::storage::save_workspace(&f.ws, &ws_path).unwrap();
    let before = std::fs::read(&ws_path).unwrap();

    let out = sb.run([
        "export",
        "w.stance.json",
        "--format",
        "dna",
        "--out",
        "p.dna",
        "--layer",
        "Ann",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("3 statement(s)"), "{stderr}");
    assert!(stderr.contains("left out 1 neutral and 1 mixed stance(s)"), "{stderr}");
    assert!(stderr.contains(&format!("\"{PASSWORD}\"")), "{stderr}");
    let conn = open(&sb.path("p.dna"));
    assert_eq!(count(&conn, "STATEMENTS"), 3);
    drop(conn);

    // Our importer takes it (through the binary too): the persons'
    // statements; the organisations' have no person, which it reports.
    let out = sb.run(["import", "--workspace", "back.stance.json", "p.dna", "--no-suggest"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let back = stance_tracker::storage::open_workspace(&sb.path("back.stance.json")).unwrap();
    assert_eq!(back.stance_count(), 1);

    // To standard output: the same database.
    let out = sb.run([
        "export",
        "w.stance.json",
        "--format",
        "dna",
        "--out",
        "-",
        "--layer",
        "Ann",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, std::fs::read(sb.path("p.dna")).unwrap());

    // Two layers and no consensus: the user must choose.
    let out = sb.run(["export", "w.stance.json", "--format", "dna", "--out", "q.dna"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--layer"));
    assert!(!sb.path("q.dna").exists());

    // Never over the workspace.
    let out = sb.run([
        "export",
        "w.stance.json",
        "--format",
        "dna",
        "--out",
        "w.stance.json",
        "--layer",
        "Ann",
    ]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&ws_path).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(sb.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
