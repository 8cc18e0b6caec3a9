//! Who may do what, enforced by the database: a viewer's client that sends
//! an edit is refused by the server with a clear message, and the same
//! statements sent by hand are refused by row-level security.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, sample_workspace};
use stance_tracker::model::ops;
use stance_tracker::server::{Access, ServerError, ServerProject, ServerUrl, connect, grant, pull, push};

#[test]
fn a_viewer_is_refused_by_the_database_with_a_clear_message() {
    let Some(db) = TestDb::new("viewer") else { return };
    push(&sample_workspace(), &db.url, "p").unwrap();
    let (viewer, viewer_url) = db.role("viewer");
    grant(&mut db.client(), "p", &viewer, Access::Viewer, None).unwrap();

    // The app: opens and reads, but an edit is refused.
    let mut p = ServerProject::open(&viewer_url, "p").unwrap();
    assert_eq!(p.access(), Access::Viewer);
    assert!(p.workspace().stance_count() > 3, "a viewer reads the project");
    let stance = p.workspace().stances().next().unwrap().id;
    let cmd = ops::update_stance(p.workspace(), stance, |s| s.note = "viewer was here".into()).unwrap();
    let err = p.execute(&cmd).unwrap_err();
    assert!(matches!(err, ServerError::Refused { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("the database refused this for {viewer}:")) && text.contains("viewer"),
        "{text}"
    );
    assert_eq!(p.revision(), 0);
    let (server, rev) = pull(&db.url, "p").unwrap();
    assert_eq!(rev, 0);
    assert_ne!(server.stance(stance).unwrap().note, "viewer was here");

    // A client that skips the app's checks: the database itself refuses.
    let mut raw = connect(&ServerUrl::parse(&viewer_url).unwrap()).unwrap();
    let project: i64 = raw
        .query_one("SELECT id FROM projects WHERE name = 'p'", &[])
        .unwrap()
        .get(0);
    let insert = raw
        .execute(
            "INSERT INTO coders (project, id, name, color, consensus, rev) VALUES ($1, 999999, 'intruder', 0, false, 0)",
            &[&project],
        )
        .unwrap_err();
    assert_eq!(insert.code().map(|c| c.code()), Some("42501"), "{insert}");
    let reason = insert.as_db_error().unwrap().message().to_owned();
    assert!(reason.contains("row-level security policy"), "{reason}");
    // Updates and deletes see no row they may change.
    for sql in [
        "UPDATE stances SET note = 'viewer was here' WHERE project = $1",
        "DELETE FROM stances WHERE project = $1",
        "UPDATE projects SET rev = rev + 1 WHERE id = $1",
        "DELETE FROM members WHERE project = $1",
    ] {
        assert_eq!(raw.execute(sql, &[&project]).unwrap(), 0, "{sql}");
    }
    let (after, rev) = pull(&db.url, "p").unwrap();
    assert_eq!(rev, 0);
    assert_eq!(after.stance_count(), server.stance_count());

    // A role that is no member sees nothing.
    let (_, stranger_url) = db.role("stranger");
    let err = ServerProject::open(&stranger_url, "p").unwrap_err();
    assert!(err.to_string().contains("no project \"p\""), "{err}");
}
