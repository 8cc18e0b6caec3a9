//! Push and pull against a real PostgreSQL server: a round trip keeps
//! every id, text, span, coder and history field.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, assert_invariants, sample_workspace};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Command, Document, Issue, IssueCues, IssueId, Position, Workspace, ops,
};
use stance_tracker::server::{ServerError, ServerProject, pull, push};
use stance_tracker::storage::open_workspace;

fn round_trip(db: &TestDb, name: &str, ws: &stance_tracker::model::Workspace) {
    let pushed = push(ws, &db.url, name).unwrap();
    assert_eq!(pushed.stances, ws.stance_count());
    let (back, rev) = pull(&db.url, name).unwrap();
    assert_eq!(rev, 0, "a pushed project starts at revision 0");
    assert_eq!(as_json(&back, true), as_json(ws, true), "{name} came back different");
}

#[test]
fn the_sample_and_every_fixture_come_back_as_they_went() {
    let Some(db) = TestDb::new("roundtrip") else { return };
    let ws = sample_workspace();
    assert!(ws.stance_count() > 3 && ws.coders().count() == 2);
    round_trip(&db, "sample", &ws);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspaces");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let ws = open_workspace(&path).unwrap();
        round_trip(&db, &path.file_name().unwrap().to_string_lossy(), &ws);
    }
}

#[test]
fn a_project_name_is_taken_once_and_a_missing_one_is_named() {
    let Some(db) = TestDb::new("names") else { return };
    let ws = sample_workspace();
    push(&ws, &db.url, "team").unwrap();
    let again = push(&ws, &db.url, "team").unwrap_err();
    assert!(matches!(again, ServerError::ProjectExists(_)), "{again}");
    let missing = pull(&db.url, "nope").unwrap_err();
    let text = missing.to_string();
    assert!(text.contains("no project \"nope\"") && text.contains("team"), "{text}");
}

#[test]
fn a_newer_schema_on_the_server_is_refused() {
    let Some(db) = TestDb::new("newer") else { return };
    push(&sample_workspace(), &db.url, "p").unwrap();
    db.client()
        .batch_execute("UPDATE stance_schema SET version = 99")
        .unwrap();
    let err = pull(&db.url, "p").unwrap_err();
    assert!(matches!(err, ServerError::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("update the app"), "{err}");
}

#[test]
fn an_unreachable_server_is_said_plainly_without_the_password() {
    // A socket folder where no server listens.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://ana:topsecret@/db?host={}", dir.path().display());
    let err = pull(&url, "p").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("cannot reach server at postgres://ana@/db"), "{text}");
    assert!(text.contains("is PostgreSQL running? check PGHOST"), "{text}");
    assert!(!text.contains("topsecret"), "{text}");
}

/// Texts built to break SQL made by pasting strings: quotes, comments,
/// statement ends, dollar quoting, placeholders, backslash escapes.
const NASTY: &[&str] = &[
    "Robert'); DROP TABLE stances; --",
    "x' OR '1'='1",
    "\"; DELETE FROM articles WHERE ''='",
    "$1 $2 $$ body $$ $t$ tagged $t$",
    "back\\slash \\' E'\\x41' %s %d {} ?",
    "semi; colon -- comment /* block */ */",
    "a' || (SELECT string_agg(rolname, ',') FROM pg_roles) || '",
    "🙂 «ça» 日本語 \u{202e}rtl",
];

/// One edit of step `step` carrying `text` in the field it names: an actor's
/// name, aliases and notes; an issue's key, label and descriptions; an
/// article's title and source; a stance's note; the codebook version.
fn nasty_edit(ws: &mut Workspace, step: usize, text: &str) -> Option<Command> {
    let article = ws.articles().next()?.id;
    Some(match step {
        0 => {
            let mut a = Actor::new(ActorId(ws.alloc_id()), text, ActorKind::Organization);
            a.aliases = vec![format!("{text} alias")];
            a.notes = format!("notes: {text}");
            Command::AddActor(a)
        }
        1 => Command::AddIssue(Issue {
            id: IssueId(ws.alloc_id()),
            key: text.to_owned(),
            label: format!("label {text}"),
            description: text.to_owned(),
            support_means: text.to_owned(),
            oppose_means: text.to_owned(),
            cues: IssueCues {
                topic: vec![text.to_owned()],
                support: vec![],
                oppose: vec![text.to_owned()],
                targets: Some(stance_tracker::model::TargetRules {
                    aimed_by: vec![text.to_owned()],
                    partners_by: vec![],
                    owner_acts: true,
                    condemning_supports: false,
                }),
            },
        }),
        2 => Command::UpdateArticleMeta {
            id: article,
            title: text.to_owned(),
            date: None,
            source: text.to_owned(),
        },
        3 => {
            let actor = ws.actor_by_name(text)?.id;
            let issue = ws.issues().find(|i| i.key == text)?.id;
            ops::new_manual_stance(ws, article, actor, issue, Position::Oppose, 0, 5, text.to_owned()).ok()?
        }
        _ => Command::SetCodebookVersion(text.to_owned()),
    })
}

const STEPS: usize = 5;

#[test]
fn sql_injection_through_every_text_field_round_trips_unchanged() {
    let Some(db) = TestDb::new("inject") else { return };
    // Through push: a file whose every text field is hostile.
    let mut doc = Document::new(sample_workspace());
    for text in &NASTY[..4] {
        // A coder named so, too (the stamp of each edit).
        doc.set_coder(Some(format!("coder {text}")));
        for step in 0..STEPS {
            let mut scratch = doc.workspace().clone();
            let cmd = nasty_edit(&mut scratch, step, text).expect("the edit builds");
            doc.execute(cmd).unwrap();
        }
    }
    let file = doc.workspace().clone();
    push(&file, &db.url, "hostile").unwrap();
    let (back, _) = pull(&db.url, "hostile").unwrap();
    assert_eq!(
        as_json(&back, true),
        as_json(&file, true),
        "push and pull keep every hostile text"
    );

    // Through edits on the server, each in its own transaction.
    let mut p = ServerProject::open(&db.url, "hostile").unwrap();
    for text in &NASTY[4..] {
        p.set_coder(Some(format!("coder {text}")));
        for step in 0..STEPS {
            let ws = p.prepare().unwrap();
            let cmd = nasty_edit(ws, step, text).expect("the edit builds");
            p.execute(&cmd)
                .unwrap_or_else(|e| panic!("step {step} with {text:?}: {e}"));
        }
    }
    let (server, _) = pull(&db.url, "hostile").unwrap();
    assert_invariants(&server);
    assert_eq!(as_json(&server, false), as_json(p.workspace(), false));
    for text in NASTY {
        let actor = server.actor_by_name(text).unwrap_or_else(|| panic!("actor {text:?}"));
        assert_eq!(actor.notes, format!("notes: {text}"));
        assert_eq!(actor.aliases, vec![format!("{text} alias")]);
        let issue = server
            .issues()
            .find(|i| i.key == *text)
            .unwrap_or_else(|| panic!("issue {text:?}"));
        assert_eq!(issue.label, format!("label {text}"));
        assert!(
            server.stances().any(|s| s.note == *text && s.issue == issue.id),
            "note {text:?}"
        );
        assert!(
            server.coder_by_name(&format!("coder {text}")).is_some(),
            "coder {text:?}"
        );
    }
    let article = server.articles().next().unwrap();
    assert_eq!(article.title, *NASTY.last().unwrap());
    assert_eq!(server.codebook_version(), *NASTY.last().unwrap());
    // Nothing was dropped, nothing else was touched.
    let mut c = db.client();
    let tables: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('stances', 'articles')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 2);
    let missing = pull(&db.url, "sample-untouched").unwrap_err().to_string();
    assert!(missing.ends_with("its projects are: hostile"), "{missing}");
}
