//! Push and pull against a real PostgreSQL server: a round trip keeps
//! every id, text, span, coder and history field.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, sample_workspace};
use stance_tracker::server::{ServerError, pull, push};
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
