//! Undo on a shared project stays per user: a user's undo takes back their
//! own step; when someone else has changed the same thing since, the undo
//! says so and does nothing.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, sample_workspace};
use stance_tracker::model::ops;
use stance_tracker::server::{Entity, ServerError, ServerProject, pull, push};

#[test]
fn undo_is_per_user_and_refuses_to_undo_over_someone_elses_later_change() {
    let Some(db) = TestDb::new("undo") else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let mut ana = ServerProject::open(&db.url, "shared").unwrap();
    let mut ben = ServerProject::open(&db.url, "shared").unwrap();
    let ids: Vec<_> = ana.workspace().stances().map(|s| s.id).take(3).collect();
    let (x, y, z) = (ids[0], ids[1], ids[2]);
    let original = |id| pull(&db.url, "shared").unwrap().0.stance(id).unwrap().note.clone();
    let (x0, y0) = (original(x), original(y));

    let edit = |p: &mut ServerProject, id, text: &str| {
        let cmd = ops::update_stance(p.workspace(), id, |s| s.note = text.into()).unwrap();
        p.execute(&cmd).unwrap()
    };
    edit(&mut ana, y, "Ana on y");
    edit(&mut ana, x, "Ana on x");
    // Ben's own steps are his: his undo does not touch Ana's.
    edit(&mut ben, z, "Ben on z");
    assert!(ben.undo_label().is_some());
    ben.undo().unwrap().expect("Ben undoes his own step");
    assert_ne!(original(z), "Ben on z");
    assert_eq!(original(x), "Ana on x");
    ben.redo().unwrap().expect("and redoes it");
    assert_eq!(original(z), "Ben on z");
    assert!(ben.undo().is_ok());

    // Ben changes x after Ana did: Ana's undo of x is refused, nothing changes.
    ben.refresh().unwrap();
    let ben_rev = edit(&mut ben, x, "Ben on x");
    let before = pull(&db.url, "shared").unwrap();
    let err = ana.undo().unwrap_err();
    let text = err.to_string();
    let ServerError::Conflict(conflict) = err else {
        panic!("{text}")
    };
    assert!(
        text.contains(&format!("stance {x} was changed by someone else (revision {ben_rev})")),
        "{text}"
    );
    assert!(
        matches!(&conflict.ours, Some(Entity::Stance(s)) if s.note == x0),
        "ours is the undone version"
    );
    assert!(matches!(&conflict.theirs, Some(Entity::Stance(s)) if s.note == "Ben on x"));
    let after = pull(&db.url, "shared").unwrap();
    assert_eq!(after.1, before.1, "no revision was made");
    assert_eq!(after.0.stance(x).unwrap().note, "Ben on x");
    assert!(ana.can_undo(), "the step stays, to forget or retry");

    // Forgetting it, the step before (on y, which nobody else touched) undoes.
    assert!(ana.forget_undo().is_some());
    ana.undo().unwrap().expect("the step on y");
    let now = pull(&db.url, "shared").unwrap().0;
    assert_eq!(now.stance(y).unwrap().note, y0);
    assert_eq!(now.stance(x).unwrap().note, "Ben on x");
    assert!(!ana.can_undo());
    ana.redo().unwrap().expect("redo");
    assert_eq!(pull(&db.url, "shared").unwrap().0.stance(y).unwrap().note, "Ana on y");
}
