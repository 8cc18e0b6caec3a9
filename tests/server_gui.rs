//! The team's project on a PostgreSQL server, in the real app: File ▸ Open
//! from server… (Ctrl+Shift+O), edits saved on the server as they are made,
//! another coder's change on screen within a second, undo on the server, a
//! conflict shown with both versions, a viewer refused, and the server
//! remembered without its password.

mod common;
#[path = "common/server.rs"]
mod server;

use common::{Fixture, chord, wait_for};
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use server::{TestDb, sample_workspace};
use stance_tracker::model::{Position, Status, ops};
use stance_tracker::server::{Access, ServerProject, grant, pull, push};
use stance_tracker::ui::{Action, StanceApp};
use std::time::Duration;

/// How long the app may take to answer.
const LIMIT: Duration = Duration::from_secs(5);

/// Ctrl+Shift+O, the address and project typed, Connect; waits for the answer.
fn connect(h: &mut Harness<'_, StanceApp>, url: &str, project: &str) {
    chord(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.get_by_label("Server address").click();
    h.run();
    h.get_by_label("Server address").type_text(url);
    h.get_by_label("Project").click();
    h.run();
    h.get_by_label("Project").type_text(project);
    h.run();
    h.get_by_label("Connect").click();
    // Connecting shows a spinner: frames, not a settled UI, until it is done.
    h.step();
    wait_for(h, "the server's answer", LIMIT, |app| !app.is_connecting());
}

/// [`connect`], and the project is open.
fn open_from_server(h: &mut Harness<'_, StanceApp>, url: &str, project: &str) {
    connect(h, url, project);
    assert!(h.state().is_on_server(), "the project did not open");
}

#[test]
fn a_team_codes_one_project_on_the_server_from_the_app() {
    let Some(db) = TestDb::new("gui") else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let fx = Fixture::new();
    let mut h = fx.harness_allowing_tofu();
    open_from_server(&mut h, &db.url, "shared");
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(h.state().workspace().article_count(), server.article_count());
    assert_eq!(h.state().workspace().stance_count(), server.stance_count());
    assert!(
        h.query_by_label_contains("● Online · shared").is_some(),
        "the status bar says online"
    );
    assert!(
        !h.state().document().is_dirty(),
        "nothing to save: the server has it all"
    );

    // An accept in the app is on the server at once, as the app's coder's.
    let id = common::pending_stance(h.state(), 0);
    h.state_mut().handle(Action::SetStatus(id, Status::Accepted));
    h.run();
    let (server, rev) = pull(&db.url, "shared").unwrap();
    assert_eq!(rev, 1);
    let s = server.stance(id).unwrap();
    assert_eq!(s.status, Status::Accepted);
    let coder = s.by.coder.and_then(|c| server.coder(c)).map(|c| c.name.clone());
    assert_eq!(coder.as_deref(), Some(common::TESTER));
    assert!(
        h.query_by_label_contains("· revision 1").is_some(),
        "the status bar shows the revision"
    );

    // Another coder's change reaches the open app within a second.
    let mut other = ServerProject::open(&db.url, "shared").unwrap();
    other.set_coder(Some("Ana".into()));
    let noted = other.workspace().stances().nth(1).unwrap().id;
    let cmd = ops::update_stance(other.workspace(), noted, |s| s.note = "Ana's reading".into()).unwrap();
    other.execute(&cmd).unwrap();
    let took = wait_for(&mut h, "Ana's change", LIMIT, |app| {
        app.workspace().stance(noted).is_some_and(|s| s.note == "Ana's reading")
    });
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // Undo is this user's, on the server.
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(
        server.stance(id).unwrap().status,
        Status::Pending,
        "the accept is undone on the server"
    );
    assert_eq!(
        server.stance(noted).unwrap().note,
        "Ana's reading",
        "Ana's change stays"
    );
    assert_eq!(h.state().workspace().stance(id).unwrap().status, Status::Pending);

    // Both edit the same stance: the second is told, sees both versions,
    // and nothing is overwritten until they choose.
    let cmd = ops::update_stance(other.workspace(), noted, |s| s.position = Position::Oppose).unwrap();
    other.execute(&cmd).unwrap();
    // No frame in between: the app still shows the older version.
    h.state_mut().handle(Action::SetPosition(noted, Position::Support));
    h.run();
    assert!(h.query_by_label("Someone else changed this first").is_some());
    assert!(h.query_by_label_contains("Yours (not saved)").is_some());
    assert!(h.query_by_label_contains("Theirs (on the server)").is_some());
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(
        server.stance(noted).unwrap().position,
        Position::Oppose,
        "theirs is not overwritten"
    );
    h.get_by_label("Use mine").click();
    h.run();
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(
        server.stance(noted).unwrap().position,
        Position::Support,
        "mine, chosen, is saved"
    );
    assert_eq!(h.state().workspace().stance(noted).unwrap().position, Position::Support);

    // Recent servers are remembered, without a password.
    let recent = std::fs::read_to_string(fx.path("config/recent.json")).unwrap();
    assert!(recent.contains("\"project\": \"shared\""), "{recent}");
    assert!(!recent.contains("password"), "{recent}");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open recent").hover();
    h.run();
    assert!(h.query_by_label_contains("shared — postgres://").is_some());
}

#[test]
fn a_viewer_reads_the_project_and_an_edit_is_refused_by_the_database() {
    let Some(db) = TestDb::new("guiviewer") else { return };
    push(&sample_workspace(), &db.url, "p").unwrap();
    let (viewer, viewer_url) = db.role("viewer");
    grant(&mut db.client(), "p", &viewer, Access::Viewer, None).unwrap();
    let fx = Fixture::new();
    let mut h = fx.harness_allowing_tofu();
    open_from_server(&mut h, &viewer_url, "p");
    assert!(h.state().workspace().stance_count() > 3, "a viewer reads the project");
    let id = common::pending_stance(h.state(), 0);
    h.state_mut().handle(Action::SetStatus(id, Status::Accepted));
    h.run();
    assert!(h.query_by_label("The server refused this change").is_some());
    assert!(h.query_by_label_contains("only read (viewer)").is_some());
    let (server, rev) = pull(&db.url, "p").unwrap();
    assert_eq!(rev, 0);
    assert_eq!(server.stance(id).unwrap().status, Status::Pending);
    assert_eq!(h.state().workspace().stance(id).unwrap().status, Status::Pending);
}

#[test]
fn a_wrong_project_name_says_what_is_wrong_and_lists_the_projects() {
    let Some(db) = TestDb::new("guibad") else { return };
    push(&sample_workspace(), &db.url, "p").unwrap();
    let fx = Fixture::new();
    let mut h = fx.harness_allowing_tofu();
    connect(&mut h, &db.url, "no-such-project");
    assert!(h.query_by_label("Could not open the project on the server").is_some());
    assert!(h.query_by_label_contains("no project \"no-such-project\"").is_some());
    assert!(h.query_by_label_contains("its projects are: p").is_some());
    assert!(!h.state().is_on_server());
}
