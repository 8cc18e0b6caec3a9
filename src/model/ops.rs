//! Builders for the edits users make, each producing one [`Command`] (often a
//! batch) so that it is one undo step.

use super::command::{Command, ModelError};
use super::ids::{ActorId, ArticleId, IssueId, StanceId};
use super::time::Timestamp;
use super::types::{Evidence, Origin, Position, Stance, Status, palette_color_avoiding};
use super::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// A stance the analyst coded by hand from a text selection: accepted at once.
pub fn new_manual_stance(
    ws: &mut Workspace,
    article: ArticleId,
    actor: ActorId,
    issue: IssueId,
    position: Position,
    start: usize,
    end: usize,
    note: String,
) -> Result<Command, ModelError> {
    let evidence = evidence_for(ws, article, start, end)?;
    let now = Timestamp::now();
    let stance = Stance {
        id: StanceId(ws.alloc_id()),
        article,
        actor,
        issue,
        position,
        evidence,
        origin: Origin::Manual,
        status: Status::Accepted,
        note,
        created: now,
        modified: now,
        bulk: None,
        by: Default::default(),
    };
    Ok(Command::AddStance(stance))
}

/// Evidence for a char span, with the quoted text taken from the article.
pub fn evidence_for(ws: &Workspace, article: ArticleId, start: usize, end: usize) -> Result<Evidence, ModelError> {
    let a = ws.article(article).ok_or(ModelError::NoArticle(article))?;
    let text = a.slice(start, end).ok_or(ModelError::SpanOutOfRange {
        start,
        end,
        len: a.char_len(),
    })?;
    Ok(Evidence {
        start,
        end,
        text: text.to_owned(),
    })
}

/// An edited copy of a stance, with its modification time bumped.
pub fn update_stance(ws: &Workspace, id: StanceId, edit: impl FnOnce(&mut Stance)) -> Result<Command, ModelError> {
    let mut stance = ws.stance(id).ok_or(ModelError::NoStance(id))?.clone();
    edit(&mut stance);
    stance.modified = Timestamp::now();
    Ok(Command::UpdateStance(stance))
}

pub fn set_status(ws: &Workspace, id: StanceId, status: Status) -> Result<Command, ModelError> {
    let label = match status {
        Status::Accepted => "accept suggestion",
        Status::Rejected => "reject suggestion",
        Status::Pending => "reset to pending",
    };
    let cmd = update_stance(ws, id, |s| {
        s.status = status;
        s.bulk = None;
    })?;
    Ok(Command::Batch {
        label: label.into(),
        commands: vec![cmd],
    })
}

/// Which pending suggestions a bulk review decides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewRule {
    /// Only this article's suggestions (the app's "Accept all ≥"), or all.
    pub article: Option<ArticleId>,
    /// Only this issue's suggestions, or all.
    pub issue: Option<IssueId>,
    /// Accept those with at least this confidence.
    pub accept_at_least: Option<f32>,
    /// Reject those with less than this confidence.
    pub reject_below: Option<f32>,
}

impl ReviewRule {
    /// The decision for one stance, with the rule that made it.
    fn decide(&self, s: &Stance) -> Option<(Status, String)> {
        let Origin::Suggested { confidence, .. } = s.origin else {
            return None;
        };
        let wanted = s.status == Status::Pending
            && self.article.is_none_or(|a| s.article == a)
            && self.issue.is_none_or(|i| s.issue == i);
        if !wanted {
            return None;
        }
        if let Some(t) = self.accept_at_least
            && confidence >= t
        {
            return Some((Status::Accepted, format!("accepted in bulk: confidence ≥ {t:.2}")));
        }
        if let Some(t) = self.reject_below
            && confidence < t
        {
            return Some((Status::Rejected, format!("rejected in bulk: confidence < {t:.2}")));
        }
        None
    }
}

/// What a bulk review decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub accepted: usize,
    pub rejected: usize,
}

/// Decides every pending suggestion the rule covers, in one command, and
/// records the rule on each stance. `None` when the rule decides nothing.
pub fn review(ws: &Workspace, rule: &ReviewRule) -> Option<(Command, ReviewCounts)> {
    let now = Timestamp::now();
    let mut counts = ReviewCounts::default();
    let candidates: Box<dyn Iterator<Item = &Stance>> = match rule.article {
        Some(a) => Box::new(ws.stances_of(a)),
        None => Box::new(ws.stances()),
    };
    let commands: Vec<Command> = candidates
        .filter_map(|s| {
            let (status, why) = rule.decide(s)?;
            match status {
                Status::Accepted => counts.accepted += 1,
                _ => counts.rejected += 1,
            }
            let mut s = s.clone();
            s.status = status;
            s.bulk = Some(why);
            s.modified = now;
            Some(Command::UpdateStance(s))
        })
        .collect();
    if commands.is_empty() {
        return None;
    }
    let mut label = Vec::new();
    if counts.accepted > 0 {
        label.push(format!("accept {} suggestion(s)", counts.accepted));
    }
    if counts.rejected > 0 {
        label.push(format!("reject {} suggestion(s)", counts.rejected));
    }
    let cmd = Command::Batch {
        label: format!("{} in bulk", label.join(" and ")),
        commands,
    };
    Some((cmd, counts))
}

/// Accepts every pending suggestion (of one article, or all) whose confidence is
/// at least `threshold`. `None` when there is nothing to accept.
pub fn accept_all_above(ws: &Workspace, article: Option<ArticleId>, threshold: f32) -> Option<Command> {
    let rule = ReviewRule {
        article,
        accept_at_least: Some(threshold),
        ..ReviewRule::default()
    };
    review(ws, &rule).map(|(cmd, _)| cmd)
}

/// Merges `absorb` into `keep`: stances and members move over, the absorbed
/// actor's names become aliases of the kept one, and the absorbed actor goes.
pub fn merge_actors(ws: &Workspace, keep: ActorId, absorb: ActorId) -> Result<Command, ModelError> {
    if keep == absorb {
        return Err(ModelError::AffiliationCycle(
            "an actor cannot be merged into itself".into(),
        ));
    }
    let kept = ws.actor(keep).ok_or(ModelError::NoActor(keep))?;
    let gone = ws.actor(absorb).ok_or(ModelError::NoActor(absorb))?;
    let now = Timestamp::now();
    let mut commands = Vec::new();

    let mut merged = kept.clone();
    for name in gone.names() {
        if !merged.names().any(|n| n.eq_ignore_ascii_case(name)) {
            merged.aliases.push(name.to_owned());
        }
    }
    if merged.affiliation == Some(absorb) || merged.affiliation.is_none() {
        merged.affiliation = gone.affiliation.filter(|&a| a != keep);
    }
    if merged.notes.is_empty() {
        merged.notes = gone.notes.clone();
    }
    // Members of the absorbed actor move before the kept actor changes, so no
    // intermediate state holds a dangling affiliation or a cycle.
    for member in ws.actors().filter(|a| a.affiliation == Some(absorb) && a.id != keep) {
        let mut m = member.clone();
        m.affiliation = Some(keep);
        commands.push(Command::UpdateActor(m));
    }
    commands.push(Command::UpdateActor(merged));
    for s in ws.stances().filter(|s| s.actor == absorb) {
        let mut s = s.clone();
        s.actor = keep;
        s.modified = now;
        commands.push(Command::UpdateStance(s));
    }
    commands.push(Command::RemoveActor(absorb));
    Ok(Command::Batch {
        label: format!("merge \"{}\" into \"{}\"", gone.name, kept.name),
        commands,
    })
}

/// Palette colours for every actor whose colour the analyst did not choose:
/// in id order, each takes a colour that the actors it shares an article
/// with (by stances) do not have yet, as far as the palette goes. One undo
/// step; `None` when no colour changes. Colours change only through this
/// explicit command, never on their own.
pub fn reassign_colors(ws: &Workspace) -> Option<Command> {
    let mut in_article: BTreeMap<ArticleId, BTreeSet<ActorId>> = BTreeMap::new();
    for s in ws.stances() {
        in_article.entry(s.article).or_default().insert(s.actor);
    }
    let mut neighbours: BTreeMap<ActorId, BTreeSet<ActorId>> = BTreeMap::new();
    for actors in in_article.values() {
        for &a in actors {
            neighbours
                .entry(a)
                .or_default()
                .extend(actors.iter().filter(|&&b| b != a));
        }
    }
    let mut colors: BTreeMap<ActorId, [u8; 3]> = ws
        .actors()
        .filter(|a| a.color_chosen)
        .map(|a| (a.id, a.color))
        .collect();
    let mut commands = Vec::new();
    for actor in ws.actors().filter(|a| !a.color_chosen) {
        let used: Vec<[u8; 3]> = neighbours
            .get(&actor.id)
            .into_iter()
            .flatten()
            .filter_map(|b| colors.get(b).copied())
            .collect();
        let color = palette_color_avoiding(&actor.name, &used);
        colors.insert(actor.id, color);
        if color != actor.color {
            let mut a = actor.clone();
            a.color = color;
            commands.push(Command::UpdateActor(a));
        }
    }
    (!commands.is_empty()).then(|| Command::Batch {
        label: format!("reassign the colours of {} actor(s)", commands.len()),
        commands,
    })
}

/// What to do with the stances of an issue being removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueRemoval {
    DeleteStances,
    MoveStancesTo(IssueId),
}

pub fn remove_issue(ws: &Workspace, id: IssueId, how: IssueRemoval) -> Result<Command, ModelError> {
    let issue = ws.issue(id).ok_or(ModelError::NoIssue(id))?;
    let now = Timestamp::now();
    let mut commands = Vec::new();
    for s in ws.stances().filter(|s| s.issue == id) {
        match how {
            IssueRemoval::DeleteStances => commands.push(Command::RemoveStance(s.id)),
            IssueRemoval::MoveStancesTo(target) => {
                let mut s = s.clone();
                s.issue = target;
                s.modified = now;
                commands.push(Command::UpdateStance(s));
            }
        }
    }
    commands.push(Command::RemoveIssue(id));
    Ok(Command::Batch {
        label: format!("delete issue \"{}\"", issue.label),
        commands,
    })
}

/// Removes an actor with all its stances; members lose their affiliation.
pub fn remove_actor(ws: &Workspace, id: ActorId) -> Result<Command, ModelError> {
    let actor = ws.actor(id).ok_or(ModelError::NoActor(id))?;
    let mut commands: Vec<Command> = ws
        .actors()
        .filter(|a| a.affiliation == Some(id))
        .map(|a| {
            let mut a = a.clone();
            a.affiliation = None;
            Command::UpdateActor(a)
        })
        .collect();
    commands.extend(
        ws.stances()
            .filter(|s| s.actor == id)
            .map(|s| Command::RemoveStance(s.id)),
    );
    commands.push(Command::RemoveActor(id));
    Ok(Command::Batch {
        label: format!("delete actor \"{}\"", actor.name),
        commands,
    })
}

/// Removes an article with its stances.
pub fn remove_article(ws: &Workspace, id: ArticleId) -> Result<Command, ModelError> {
    let article = ws.article(id).ok_or(ModelError::NoArticle(id))?;
    let mut commands: Vec<Command> = ws.stances_of(id).map(|s| Command::RemoveStance(s.id)).collect();
    commands.extend(ws.done_by(id).map(|coder| Command::SetDone {
        article: id,
        coder,
        done: false,
    }));
    if let Some(sample) = ws.reliability_sample().filter(|s| s.articles.contains(&id)) {
        let mut sample = sample.clone();
        sample.articles.remove(&id);
        commands.push(Command::SetSample(Some(sample)));
    }
    commands.push(Command::RemoveArticle(id));
    Ok(Command::Batch {
        label: format!("delete article \"{}\"", article.title),
        commands,
    })
}
