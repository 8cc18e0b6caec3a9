//! The server goes away mid-session (`pg_ctl stop -m immediate`, as a
//! crash or a power cut would) and comes back: edits made meanwhile are
//! kept in the local journal — on disk, so a crash of the app loses none
//! either — and replayed when it is reachable again; one that conflicts
//! with someone else's change in between is reported and kept, not dropped.
//!
//! One test only: it stops the server every other test of this binary uses.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, assert_invariants, pg_ctl, sample_workspace, start_and_wait, stop_immediately};
use stance_tracker::model::{Actor, ActorId, ActorKind, Command, Position, ops};
use stance_tracker::server::{Entity, Saved, ServerError, ServerProject, pull, push};

fn note(p: &mut ServerProject, i: usize, text: &str) -> Command {
    let id = p.workspace().stances().nth(i).unwrap().id;
    ops::update_stance(p.workspace(), id, |s| s.note = text.into()).unwrap()
}

#[test]
fn a_server_restart_mid_session_loses_nothing_and_a_conflicting_replay_is_reported() {
    let Some(db) = TestDb::new("faults") else { return };
    let Some(cmd) = pg_ctl() else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("shared.journal.json");

    // 1. The same session: offline edits are kept, and go out with the
    //    first edit after the server is back.
    let mut ana = ServerProject::open_with_journal(&db.url, "shared", &journal).unwrap();
    ana.set_coder(Some("Ana".into()));
    let c = note(&mut ana, 0, "online");
    assert!(matches!(ana.edit(&c).unwrap(), Saved::Committed(1)));
    stop_immediately(&cmd);
    let c = note(&mut ana, 1, "written while the server was down");
    assert_eq!(ana.edit(&c).unwrap(), Saved::Kept(1));
    assert!(!ana.is_online());
    assert!(journal.exists(), "kept on disk");
    let s1 = ana.workspace().stances().nth(1).unwrap().id;
    assert_eq!(
        ana.workspace().stance(s1).unwrap().note,
        "written while the server was down"
    );
    start_and_wait(&cmd, &db.url, "shared");
    let c = note(&mut ana, 2, "after the restart");
    assert!(matches!(ana.edit(&c).unwrap(), Saved::Committed(_)));
    assert_eq!(ana.pending(), 0);
    assert!(!journal.exists(), "an empty journal is removed");
    let (server, _) = pull(&db.url, "shared").unwrap();
    let notes: Vec<_> = server.stances().take(3).map(|s| s.note.clone()).collect();
    assert_eq!(
        notes,
        ["online", "written while the server was down", "after the restart"]
    );

    // 2. The server goes down again, the app crashes with edits in the
    //    journal, someone else edits one of the same stances meanwhile.
    stop_immediately(&cmd);
    let actor = ActorId(ana.prepare().unwrap().alloc_id());
    let edits = [
        Command::AddActor(Actor::new(actor, "Offline Actor", ActorKind::Person)),
        note(&mut ana, 3, "Ana, offline"),
        note(&mut ana, 4, "Ana's offline reading"),
    ];
    for (i, c) in edits.iter().enumerate() {
        assert_eq!(ana.edit(c).unwrap(), Saved::Kept(i + 1));
    }
    let article = ana.workspace().articles().next().unwrap().id;
    let issue = ana.workspace().issues().next().unwrap().id;
    let ws = ana.prepare().unwrap();
    let manual = ops::new_manual_stance(ws, article, actor, issue, Position::Support, 0, 9, "offline".into()).unwrap();
    assert_eq!(ana.edit(&manual).unwrap(), Saved::Kept(4));
    let contested = ana.workspace().stances().nth(4).unwrap().id;
    drop(ana); // the app is gone; only the journal remains
    start_and_wait(&cmd, &db.url, "shared");
    let mut ben = ServerProject::open(&db.url, "shared").unwrap();
    let c = ops::update_stance(ben.workspace(), contested, |s| s.note = "Ben's reading".into()).unwrap();
    let ben_rev = ben.execute(&c).unwrap();

    // 3. The app starts again: the journal's edits are shown at once, and
    //    the replay sends them; the contested one is reported with both
    //    versions and stays in the journal.
    let mut ana = ServerProject::open_with_journal(&db.url, "shared", &journal).unwrap();
    assert_eq!(ana.pending(), 4);
    assert!(
        ana.workspace().actor_by_name("Offline Actor").is_some(),
        "shown before the replay"
    );
    let replay = ana.replay().unwrap();
    assert_eq!(replay.committed.len(), 3, "{replay:?}");
    assert_eq!(replay.refused.len(), 1, "{replay:?}");
    let (unreplayed, err) = &replay.refused[0];
    assert_eq!(unreplayed.entry.label, edits[2].label());
    assert!(
        unreplayed
            .reason
            .contains(&format!("stance {contested} was changed by someone else")),
        "{}",
        unreplayed.reason
    );
    let ServerError::Conflict(conflict) = err else {
        panic!("{err}")
    };
    assert_eq!(conflict.their_revision, ben_rev);
    assert!(matches!(&conflict.ours, Some(Entity::Stance(s)) if s.note == "Ana's offline reading"));
    assert!(matches!(&conflict.theirs, Some(Entity::Stance(s)) if s.note == "Ben's reading"));
    assert_eq!(ana.pending(), 0);
    let kept = ana.journal().unwrap().refused();
    assert_eq!(kept.len(), 1);
    assert!(journal.exists(), "the refused edit is still on disk");

    let (server, _) = pull(&db.url, "shared").unwrap();
    assert_invariants(&server);
    assert!(server.actor_by_name("Offline Actor").is_some());
    let s3 = server.stances().nth(3).unwrap();
    assert_eq!(s3.note, "Ana, offline");
    assert_eq!(
        server.stance(contested).unwrap().note,
        "Ben's reading",
        "nothing overwritten"
    );
    assert!(server.stances().any(|s| s.actor == actor && s.note == "offline"));
    assert!(server.coder_by_name("Ana").is_some());

    // Reopened once more: the refused edit is still there until dismissed.
    drop(ana);
    let mut ana = ServerProject::open_with_journal(&db.url, "shared", &journal).unwrap();
    assert_eq!(ana.journal().unwrap().refused().len(), 1);
    assert_eq!(ana.pending(), 0);
    ana.dismiss_refused(0).unwrap();
    assert!(!journal.exists());
}
