//! Live updates: a commit is announced (LISTEN/NOTIFY, carrying the
//! revision) and another client fetches what changed since its revision,
//! not the whole project, within a second.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, sample_workspace};
use stance_tracker::model::ops;
use stance_tracker::server::{Key, LiveEvent, ServerProject, pull, push};
use std::time::{Duration, Instant};

#[test]
fn a_change_by_client_a_reaches_client_b_within_a_second() {
    let Some(db) = TestDb::new("live") else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let mut a = ServerProject::open(&db.url, "shared").unwrap();
    let mut b = ServerProject::open(&db.url, "shared").unwrap();
    let live = b.subscribe().unwrap();
    for round in 0..3 {
        let id = a.workspace().stances().nth(round).unwrap().id;
        let cmd = ops::update_stance(a.workspace(), id, |s| s.note = format!("live {round}")).unwrap();
        let sent = Instant::now();
        let rev = a.execute(&cmd).unwrap();
        let event = live.next(Duration::from_secs(1));
        assert_eq!(event, Some(LiveEvent::Revision(rev)), "round {round}");
        let changes = b.changes_since(b.revision()).unwrap();
        assert_eq!(changes.revision, rev);
        assert_eq!(
            changes.keys.keys().copied().collect::<Vec<_>>(),
            vec![Key::Stance(id)],
            "only what changed is fetched"
        );
        let keys = b.refresh().unwrap();
        let took = sent.elapsed();
        assert_eq!(keys, vec![Key::Stance(id)]);
        assert_eq!(b.revision(), rev);
        assert_eq!(b.workspace().stance(id).unwrap().note, format!("live {round}"));
        assert!(took < Duration::from_secs(1), "round {round} took {took:?}");
    }
    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_eq!(as_json(b.workspace(), false), as_json(&server, false));
    // Another project's commits are not announced on this subscription.
    push(&sample_workspace(), &db.url, "other").unwrap();
    let mut c = ServerProject::open(&db.url, "other").unwrap();
    let id = c.workspace().stances().next().unwrap().id;
    let cmd = ops::update_stance(c.workspace(), id, |s| s.note = "elsewhere".into()).unwrap();
    c.execute(&cmd).unwrap();
    assert_eq!(live.next(Duration::from_millis(300)), None);
}
