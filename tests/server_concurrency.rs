//! Many clients at once on one project: each applies random edits built
//! from its own (often stale) copy. Afterwards the server's project is
//! exactly the serial replay of the committed commands in commit order,
//! passes every invariant, and every client's copy has caught up to it.

#[path = "common/server.rs"]
mod server;

use server::{TestDb, as_json, assert_invariants, sample_workspace};
use stance_tracker::model::{Actor, ActorId, ActorKind, Command, Position, Status, Workspace, ops};
use stance_tracker::server::{Entity, Revision, ServerError, ServerProject, pull, push};

/// xorshift64*: a seeded stream, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

/// A random valid edit of `ws` (as the client sees it), built with the
/// model's own builders.
fn random_command(ws: &mut Workspace, rng: &mut Rng, client: usize, n: usize) -> Option<Command> {
    let articles: Vec<_> = ws.articles().map(|a| a.id).collect();
    let actors: Vec<_> = ws.actors().map(|a| a.id).collect();
    let issues: Vec<_> = ws.issues().map(|i| i.id).collect();
    let stances: Vec<_> = ws.stances().map(|s| s.id).collect();
    match rng.below(8) {
        0 | 1 => {
            let article = rng.pick(&articles)?;
            let len = ws.article(article)?.char_len();
            let start = rng.below(len.saturating_sub(30));
            let end = start + 1 + rng.below(25);
            let position = Position::ALL[rng.below(4)];
            ops::new_manual_stance(
                ws,
                article,
                rng.pick(&actors)?,
                rng.pick(&issues)?,
                position,
                start,
                end,
                format!("client {client} edit {n}: it's \"quoted\""),
            )
            .ok()
        }
        2 => {
            let id = rng.pick(&stances)?;
            ops::update_stance(ws, id, |s| s.note = format!("note {client}/{n}")).ok()
        }
        3 => {
            let id = rng.pick(&stances)?;
            let status = [Status::Accepted, Status::Rejected, Status::Pending][rng.below(3)];
            ops::set_status(ws, id, status).ok()
        }
        4 => Some(Command::RemoveStance(rng.pick(&stances)?)),
        5 => {
            let id = ActorId(ws.alloc_id());
            Some(Command::AddActor(Actor::new(
                id,
                format!("Actor {client}-{n}"),
                ActorKind::Person,
            )))
        }
        6 => {
            let mut actor = ws.actor(rng.pick(&actors)?)?.clone();
            actor.notes = format!("seen by {client} at {n}");
            Some(Command::UpdateActor(actor))
        }
        _ => {
            let id = rng.pick(&articles)?;
            let a = ws.article(id)?;
            Some(Command::UpdateArticleMeta {
                id,
                title: format!("{} ({client}.{n})", a.title.split(" (").next().unwrap_or("t")),
                date: a.date,
                source: a.source.clone(),
            })
        }
    }
}

fn run_clients(label: &str, clients: usize, commands: usize) {
    let Some(db) = TestDb::new(label) else { return };
    let initial = sample_workspace();
    push(&initial, &db.url, "shared").unwrap();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let url = db.url.clone();
            std::thread::spawn(move || {
                let mut p = ServerProject::open(&url, "shared").unwrap();
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((c as u64 + 1) * 7919));
                let mut committed: Vec<(Revision, Command)> = Vec::new();
                let (mut conflicts, mut refused) = (0, 0);
                for n in 0..commands {
                    let ws = p.prepare().unwrap();
                    let Some(cmd) = random_command(ws, &mut rng, c, n) else {
                        continue;
                    };
                    match p.execute(&cmd) {
                        Ok(rev) => committed.push((rev, cmd)),
                        Err(ServerError::Conflict(_)) => conflicts += 1,
                        // Built on a stale copy, the edit no longer fits
                        // (a stance someone removed): refused, nothing written.
                        Err(ServerError::Model(_)) => refused += 1,
                        Err(e) => panic!("client {c}: {e}"),
                    }
                }
                (committed, conflicts, refused, p)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut projects = Vec::new();
    let (mut conflicts, mut refused) = (0, 0);
    for h in handles {
        let (committed, c, r, p) = h.join().unwrap();
        all.extend(committed);
        conflicts += c;
        refused += r;
        projects.push(p);
    }
    all.sort_by_key(|(rev, _)| *rev);
    let revs: Vec<Revision> = all.iter().map(|(r, _)| *r).collect();
    assert_eq!(
        revs,
        (1..=all.len() as Revision).collect::<Vec<_>>(),
        "every revision is one commit"
    );
    assert!(
        all.len() > commands,
        "most edits commit ({} of {})",
        all.len(),
        clients * commands
    );
    if clients > 1 {
        assert!(conflicts > 0, "concurrent edits of the same stances conflict sometimes");
    }
    eprintln!(
        "{clients} clients: {} committed, {conflicts} conflicts, {refused} refused",
        all.len()
    );

    let mut replay = initial.clone();
    for (rev, cmd) in all {
        replay
            .apply(cmd)
            .unwrap_or_else(|e| panic!("revision {rev} does not replay: {e}"));
    }
    let (server, rev) = pull(&db.url, "shared").unwrap();
    assert_eq!(rev as usize, revs.len());
    assert_invariants(&server);
    assert_eq!(
        as_json(&server, false),
        as_json(&replay, false),
        "the server is the serial replay"
    );
    for p in &mut projects {
        p.refresh().unwrap();
        assert_eq!(p.revision(), rev);
        assert_eq!(
            as_json(p.workspace(), false),
            as_json(&server, false),
            "a client caught up exactly"
        );
    }
}

#[test]
fn two_clients_each_apply_a_thousand_random_commands() {
    run_clients("two", 2, 1000);
}

#[test]
fn eight_clients_each_apply_a_thousand_random_commands() {
    run_clients("eight", 8, 1000);
}

#[test]
fn the_same_stance_saved_twice_tells_the_second_and_keeps_both_versions() {
    let Some(db) = TestDb::new("conflict") else { return };
    push(&sample_workspace(), &db.url, "shared").unwrap();
    let mut ana = ServerProject::open(&db.url, "shared").unwrap();
    let mut ben = ServerProject::open(&db.url, "shared").unwrap();
    let id = ana.workspace().stances().next().unwrap().id;
    let theirs = ops::update_stance(ana.workspace(), id, |s| s.note = "Ana's reading".into()).unwrap();
    let ours = ops::update_stance(ben.workspace(), id, |s| {
        s.note = "Ben's reading".into();
        s.position = Position::Neutral;
    })
    .unwrap();
    let saved = ana.execute(&theirs).unwrap();
    let err = ben.execute(&ours).unwrap_err();
    let text = err.to_string();
    let ServerError::Conflict(conflict) = err else {
        panic!("the second save is told: {text}")
    };
    assert!(
        text.contains(&format!("stance {id} was changed by someone else (revision {saved})"))
            && text.contains("nothing was saved"),
        "{text}"
    );
    assert_eq!(conflict.their_revision, saved);
    let (Some(Entity::Stance(mine)), Some(Entity::Stance(other))) = (&conflict.ours, &conflict.theirs) else {
        panic!("both versions: {conflict:?}")
    };
    assert_eq!(
        (mine.note.as_str(), mine.position),
        ("Ben's reading", Position::Neutral)
    );
    assert_eq!(other.note, "Ana's reading");
    // Nothing was overwritten: the server has Ana's, and Ben's copy caught up to it.
    let (server, rev) = pull(&db.url, "shared").unwrap();
    assert_eq!(rev, saved);
    assert_eq!(server.stance(id).unwrap().note, "Ana's reading");
    assert_eq!(ben.workspace().stance(id).unwrap().note, "Ana's reading");
    // Ben, having seen both, saves his on top of hers: now it is no conflict.
    let again = ops::update_stance(ben.workspace(), id, |s| s.note = "Ben's reading".into()).unwrap();
    ben.execute(&again).unwrap();
    assert_eq!(
        pull(&db.url, "shared").unwrap().0.stance(id).unwrap().note,
        "Ben's reading"
    );
}
