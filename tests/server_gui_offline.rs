//! The server goes away while the app has its project open
//! (`pg_ctl stop -m immediate`): the app says "Offline", keeps the edits
//! made meanwhile in its journal on disk, and sends them when the server is
//! back; an app closed while offline sends them the next time the project
//! is opened.
//!
//! One test only: it stops the server every other test of this binary uses.

mod common;
#[path = "common/server.rs"]
mod server;

use common::{Fixture, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use server::{TestDb, pg_ctl, sample_workspace, start_and_wait, stop_immediately};
use stance_tracker::model::Status;
use stance_tracker::server::{pull, push};
use stance_tracker::ui::{Action, StanceApp};
use std::time::Duration;

/// How long the app may take to answer.
const LIMIT: Duration = Duration::from_secs(20);

fn open(h: &mut Harness<'_, StanceApp>, url: &str) {
    h.state_mut()
        .handle(Action::OpenServer(Some((url.to_owned(), "shared".to_owned()))));
    wait_for(h, "the project to open", LIMIT, |app| app.is_on_server());
}

fn online(app: &StanceApp) -> Option<bool> {
    app.server_status().map(|(online, _)| online)
}

#[test]
fn offline_edits_are_kept_on_disk_and_sent_when_the_server_is_back() {
    let Some(db) = TestDb::new("guioffline") else { return };
    let Some(cmd) = pg_ctl() else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let fx = Fixture::new();
    let mut h = fx.harness_allowing_tofu();
    open(&mut h, &db.url);
    let first = common::pending_stance(h.state(), 0);
    let second = common::pending_stance(h.state(), 1);

    // 1. Down and back in one session.
    stop_immediately(&cmd);
    wait_for(&mut h, "the app to notice", LIMIT, |app| online(app) == Some(false));
    assert!(h.query_by_label_contains("○ Offline").is_some());
    h.state_mut().handle(Action::SetStatus(first, Status::Accepted));
    h.run();
    assert_eq!(
        h.state().workspace().stance(first).unwrap().status,
        Status::Accepted,
        "shown at once"
    );
    assert!(h.query_by_label_contains("1 edit(s) kept on this computer").is_some());
    let journals: Vec<_> = std::fs::read_dir(fx.path("config/journals")).unwrap().collect();
    assert_eq!(journals.len(), 1, "the journal is on disk");
    start_and_wait(&cmd, &db.url, "shared");
    wait_for(&mut h, "the app to send the kept edit", LIMIT, |app| {
        online(app) == Some(true) && app.server_status().is_some_and(|(_, t)| t.contains("revision 1"))
    });
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(server.stance(first).unwrap().status, Status::Accepted);

    // 2. Down, an edit, the app closed; the next app sends it on open.
    stop_immediately(&cmd);
    wait_for(&mut h, "the app to notice again", LIMIT, |app| {
        online(app) == Some(false)
    });
    h.state_mut().handle(Action::SetStatus(second, Status::Rejected));
    h.run();
    drop(h);
    start_and_wait(&cmd, &db.url, "shared");
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(server.stance(second).unwrap().status, Status::Pending, "not sent yet");
    let mut h = fx.harness_allowing_tofu();
    open(&mut h, &db.url);
    wait_for(&mut h, "the replay", LIMIT, |app| {
        app.server_status()
            .is_some_and(|(on, t)| on && t.contains("revision 2"))
    });
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(
        server.stance(second).unwrap().status,
        Status::Rejected,
        "the closed app's edit arrived"
    );
    assert_eq!(h.state().workspace().stance(second).unwrap().status, Status::Rejected);
}
