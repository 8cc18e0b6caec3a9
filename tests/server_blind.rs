//! Blind coding holds on the server: while the reliability sample is
//! blind, the database returns to a coder assigned to it none of another
//! coder's stances (nor the undecided suggestions) on the sample's
//! articles — not on open, not in live updates, not to hand-written SQL —
//! until an adjudicator releases the sample.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, sample_workspace};
use stance_tracker::model::{Position, ops};
use stance_tracker::server::{Access, LiveEvent, ServerProject, ServerUrl, connect, grant, pull, push};
use std::time::Duration;

#[test]
fn a_blind_sample_hides_other_coders_stances_until_an_adjudicator_releases_it() {
    let Some(db) = TestDb::new("blind") else { return };
    let ws = sample_workspace();
    assert!(ws.reliability_sample().is_some_and(|s| s.blind));
    push(&ws, &db.url, "study").unwrap();
    let (ana_role, ana_url) = db.role("ana");
    let (ben_role, ben_url) = db.role("ben");
    let (adj_role, adj_url) = db.role("adj");
    let mut admin = db.client();
    grant(&mut admin, "study", &ana_role, Access::Coder, Some("Ana")).unwrap();
    grant(&mut admin, "study", &ben_role, Access::Coder, Some("Ben")).unwrap();
    grant(&mut admin, "study", &adj_role, Access::Adjudicator, None).unwrap();
    let (full, _) = pull(&db.url, "study").unwrap();
    let ana_id = full.coder_by_name("Ana").unwrap().id;
    let ben_id = full.coder_by_name("Ben").unwrap().id;
    let article = *ws.reliability_sample().unwrap().articles.first().unwrap();
    let others = full.stances_of(article).filter(|s| s.by.coder != Some(ana_id)).count();
    assert!(others > 0, "the sample article has stances that are not Ana's");

    // Ana opens the project: only her own layer on the sample's article.
    let mut ana = ServerProject::open(&ana_url, "study").unwrap();
    assert_eq!(ana.coder_name(), Some("Ana"));
    let seen: Vec<_> = ana.workspace().stances_of(article).collect();
    assert!(
        !seen.is_empty() && seen.iter().all(|s| s.by.coder == Some(ana_id)),
        "{seen:?}"
    );
    assert_eq!(
        seen.len(),
        full.stances_of(article).filter(|s| s.by.coder == Some(ana_id)).count()
    );
    // Hand-written SQL as Ana gets the same answer from the database.
    let mut raw = connect(&ServerUrl::parse(&ana_url).unwrap()).unwrap();
    let hidden: i64 = raw
        .query_one(
            "SELECT count(*) FROM stances WHERE article = $2 AND coder IS DISTINCT FROM $1",
            &[&(ana_id.0 as i64), &(article.0 as i64)],
        )
        .unwrap()
        .get(0);
    assert_eq!(hidden, 0, "the database returns no other layer's stance");

    // Ben codes a stance live: Ana is told of the revision, but the
    // update she fetches does not show it.
    let live = ana.subscribe().unwrap();
    let mut ben = ServerProject::open(&ben_url, "study").unwrap();
    let (actor, issue) = (full.actors().next().unwrap().id, full.issues().next().unwrap().id);
    let ws = ben.prepare().unwrap();
    let cmd = ops::new_manual_stance(ws, article, actor, issue, Position::Oppose, 0, 12, "Ben, blind".into()).unwrap();
    let rev = ben.execute(&cmd).unwrap();
    assert_eq!(live.next(Duration::from_secs(1)), Some(LiveEvent::Revision(rev)));
    ana.refresh().unwrap();
    assert_eq!(ana.revision(), rev);
    assert!(
        ana.workspace()
            .stances()
            .all(|s| s.by.coder == Some(ana_id) || s.article != article)
    );
    assert!(!ana.workspace().stances().any(|s| s.note == "Ben, blind"));
    // Ana's own coding goes on as usual.
    let ws = ana.prepare().unwrap();
    let cmd = ops::new_manual_stance(ws, article, actor, issue, Position::Support, 0, 12, "Ana, blind".into()).unwrap();
    ana.execute(&cmd).unwrap();
    assert!(!ben.workspace().stances().any(|s| s.note == "Ana, blind"));
    ben.refresh().unwrap();
    assert!(
        !ben.workspace().stances().any(|s| s.note == "Ana, blind"),
        "blind both ways"
    );
    assert!(ben.workspace().stances_of(article).all(|s| s.by.coder == Some(ben_id)));

    // The adjudicator sees every layer, and releases the sample.
    let mut adj = ServerProject::open(&adj_url, "study").unwrap();
    assert!(adj.workspace().stances().any(|s| s.note == "Ben, blind"));
    assert!(adj.workspace().stances().any(|s| s.note == "Ana, blind"));
    let mut released = adj.workspace().reliability_sample().unwrap().clone();
    released.blind = false;
    let rev = adj
        .execute(&stance_tracker::model::Command::SetSample(Some(released)))
        .unwrap();
    // (Ana's own commit was announced before.)
    let deadline = std::time::Instant::now() + Duration::from_secs(1);
    while live.next(deadline.saturating_duration_since(std::time::Instant::now())) != Some(LiveEvent::Revision(rev)) {
        assert!(
            std::time::Instant::now() < deadline,
            "the release is announced within a second"
        );
    }
    ana.refresh().unwrap();
    assert!(
        ana.workspace().stances().any(|s| s.note == "Ben, blind"),
        "released: now shown"
    );
    let (full, _) = pull(&db.url, "study").unwrap();
    assert_eq!(
        as_json(ana.workspace(), false),
        as_json(&full, false),
        "Ana has the whole project"
    );
}
