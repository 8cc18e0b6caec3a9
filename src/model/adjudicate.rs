//! Adjudication: settling what coders disagree on in a layer of its own,
//! the consensus. A consensus stance is an accepted stance of the consensus
//! coder; a *rejected* one says "no stance here" and keeps the evidence that
//! was argued over, so the unit counts as settled.

use super::coders::consensus_layer;
use super::command::{Command, ModelError};
use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::ops::evidence_for;
use super::time::Timestamp;
use super::types::{Attribution, Origin, Position, Stance, Status};
use super::workspace::Workspace;

/// The unit a consensus is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitKey {
    pub article: ArticleId,
    pub actor: ActorId,
    pub issue: IssueId,
}

fn in_unit(s: &Stance, u: UnitKey) -> bool {
    s.article == u.article && s.actor == u.actor && s.issue == u.issue
}

/// Commands removing what the consensus holds on the unit.
fn clear_unit(ws: &Workspace, unit: UnitKey, consensus: CoderId) -> Vec<Command> {
    ws.stances_of(unit.article)
        .filter(|s| in_unit(s, unit) && s.by.coder == Some(consensus))
        .map(|s| Command::RemoveStance(s.id))
        .collect()
}

fn consensus_copy(ws: &mut Workspace, s: &Stance, consensus: CoderId, from: CoderId, status: Status) -> Stance {
    let now = Timestamp::now();
    Stance {
        id: StanceId(ws.alloc_id()),
        status,
        bulk: None,
        created: now,
        modified: now,
        by: Attribution {
            coder: Some(consensus),
            adopted_from: Some(from),
            analyzer: s.by.analyzer.clone(),
            ..Attribution::default()
        },
        ..s.clone()
    }
}

/// Takes coder `from`'s coding of the unit as the consensus: copies of their
/// accepted stances there, or — when they coded nothing there — a rejected
/// copy of another coder's stance, meaning "no stance". One undo step.
pub fn adopt(ws: &Workspace, unit: UnitKey, from: CoderId) -> Result<Command, ModelError> {
    let mut ws = ws.clone();
    let name = ws.coder(from).ok_or(ModelError::NoCoder(from))?.name.clone();
    let (consensus, add) = consensus_layer(&mut ws);
    let mut commands: Vec<Command> = add.into_iter().collect();
    commands.extend(clear_unit(&ws, unit, consensus));
    let theirs: Vec<Stance> = ws
        .stances_of(unit.article)
        .filter(|s| in_unit(s, unit) && s.by.coder == Some(from) && s.counts())
        .cloned()
        .collect();
    if theirs.is_empty() {
        let other = ws
            .stances_of(unit.article)
            .find(|s| in_unit(s, unit) && s.counts() && s.by.coder != Some(consensus))
            .cloned()
            .ok_or(ModelError::Empty("coding of this unit"))?;
        let copy = consensus_copy(&mut ws, &other, consensus, from, Status::Rejected);
        commands.push(Command::AddStance(copy));
    } else {
        for s in theirs {
            let copy = consensus_copy(&mut ws, &s, consensus, from, Status::Accepted);
            commands.push(Command::AddStance(copy));
        }
    }
    Ok(Command::Batch {
        label: format!("take {name}'s coding as consensus"),
        commands,
    })
}

/// Writes the consensus of the unit by hand: one accepted stance with this
/// position and evidence, replacing what the consensus held there.
pub fn write_consensus(
    ws: &Workspace,
    unit: UnitKey,
    position: Position,
    start: usize,
    end: usize,
    note: String,
) -> Result<Command, ModelError> {
    let mut ws = ws.clone();
    let evidence = evidence_for(&ws, unit.article, start, end)?;
    let (consensus, add) = consensus_layer(&mut ws);
    let mut commands: Vec<Command> = add.into_iter().collect();
    commands.extend(clear_unit(&ws, unit, consensus));
    let now = Timestamp::now();
    commands.push(Command::AddStance(Stance {
        id: StanceId(ws.alloc_id()),
        article: unit.article,
        actor: unit.actor,
        issue: unit.issue,
        position,
        evidence,
        origin: Origin::Manual,
        status: Status::Accepted,
        note,
        created: now,
        modified: now,
        bulk: None,
        by: Attribution {
            coder: Some(consensus),
            ..Attribution::default()
        },
    }));
    Ok(Command::Batch {
        label: "write consensus".into(),
        commands,
    })
}

/// Copies into the consensus every unit of the articles that all `coders`
/// marked done where they all coded the same position (and the consensus
/// holds nothing yet), so that after adjudicating the disagreements the
/// consensus layer is complete. `None` when there is nothing to copy.
pub fn adopt_agreements(ws: &Workspace, coders: &[CoderId]) -> Option<Command> {
    let first = *coders.first()?;
    let mut ws = ws.clone();
    let (consensus, add) = consensus_layer(&mut ws);
    let mut commands: Vec<Command> = add.into_iter().collect();
    let articles: Vec<ArticleId> = ws
        .articles()
        .map(|a| a.id)
        .filter(|&a| coders.iter().all(|&c| ws.is_done(a, c)))
        .collect();
    let mut copied = 0;
    for article in articles {
        let mut units: Vec<UnitKey> = ws
            .stances_of(article)
            .filter(|s| s.counts() && s.by.coder.is_some_and(|c| coders.contains(&c)))
            .map(|s| UnitKey {
                article,
                actor: s.actor,
                issue: s.issue,
            })
            .collect();
        units.sort_by_key(|u| (u.actor, u.issue));
        units.dedup();
        for unit in units {
            let held = ws
                .stances_of(article)
                .any(|s| in_unit(s, unit) && s.by.coder == Some(consensus));
            let position_of = |c: CoderId| {
                let mut ps = ws
                    .stances_of(article)
                    .filter(|s| in_unit(s, unit) && s.counts() && s.by.coder == Some(c))
                    .map(|s| s.position);
                let p = ps.next()?;
                Some(if ps.all(|q| q == p) { p } else { Position::Mixed })
            };
            let first_value = position_of(first);
            if held || first_value.is_none() || !coders.iter().all(|&c| position_of(c) == first_value) {
                continue;
            }
            let theirs: Vec<Stance> = ws
                .stances_of(article)
                .filter(|s| in_unit(s, unit) && s.counts() && s.by.coder == Some(first))
                .cloned()
                .collect();
            for s in theirs {
                let copy = consensus_copy(&mut ws, &s, consensus, first, Status::Accepted);
                commands.push(Command::AddStance(copy));
            }
            copied += 1;
        }
    }
    (copied > 0).then(|| Command::Batch {
        label: format!("copy {copied} agreed unit(s) into the consensus"),
        commands,
    })
}
