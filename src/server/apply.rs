//! A [`Command`] in SQL. The model applies the command to a copy of the
//! project (checking every invariant and giving the inverse); what is
//! written is the final state of each entity the command touched, so a
//! batch that adds and then edits the same stance writes one row, and the
//! order of statements inside a batch cannot matter (foreign keys are
//! checked at commit).

use super::error::ServerError;
use super::prepared::Prepared;
use super::revisions::{Key, Revision};
use super::rows;
use crate::model::{Command, Workspace};
use postgres::GenericClient;
use std::collections::BTreeSet;

/// Every entity `cmd` adds, changes or removes.
pub(crate) fn touched(cmd: &Command, out: &mut BTreeSet<Key>) {
    let key = match cmd {
        Command::AddArticle(a) => Key::Article(a.id),
        Command::RemoveArticle(id) => Key::Article(*id),
        Command::UpdateArticleMeta { id, .. } => Key::Article(*id),
        Command::AddActor(a) | Command::UpdateActor(a) => Key::Actor(a.id),
        Command::RemoveActor(id) => Key::Actor(*id),
        Command::AddIssue(i) | Command::UpdateIssue(i) => Key::Issue(i.id),
        Command::RemoveIssue(id) => Key::Issue(*id),
        Command::AddStance(s) | Command::UpdateStance(s) => Key::Stance(s.id),
        Command::RemoveStance(id) => Key::Stance(*id),
        Command::AddCoder(c) | Command::UpdateCoder(c) => Key::Coder(c.id),
        Command::RemoveCoder(id) => Key::Coder(*id),
        Command::SetDone { article, coder, .. } => Key::Done(*article, *coder),
        Command::SetSample(_) => Key::Sample,
        Command::SetCodebookVersion(_) => Key::Project,
        Command::Batch { commands, .. } => {
            for c in commands {
                touched(c, out);
            }
            return;
        }
    };
    out.insert(key);
}

/// Writes the state `after` has for each of `keys`, at revision `rev`:
/// removals first (so a name or hash freed in a batch can be taken again in
/// it), then the rows that exist.
pub(crate) fn write(
    c: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
    rev: Revision,
    after: &Workspace,
    keys: &BTreeSet<Key>,
) -> Result<(), ServerError> {
    let rev = rev as i64;
    for key in keys {
        match *key {
            Key::Stance(id) if after.stance(id).is_none() => rows::delete(c, "stances", p, id.0)?,
            Key::Actor(id) if after.actor(id).is_none() => rows::delete(c, "actors", p, id.0)?,
            Key::Issue(id) if after.issue(id).is_none() => rows::delete(c, "issues", p, id.0)?,
            Key::Article(id) if after.article(id).is_none() => rows::delete(c, "articles", p, id.0)?,
            Key::Coder(id) if after.coder(id).is_none() => rows::delete(c, "coders", p, id.0)?,
            Key::Done(a, k) if !after.is_done(a, k) => rows::put_done(c, p, rev, a, k, false)?,
            _ => {}
        }
    }
    for key in keys {
        match *key {
            Key::Coder(id) => {
                if let Some(x) = after.coder(id) {
                    rows::put_coder(c, p, rev, x)?;
                }
            }
            Key::Article(id) => {
                if let Some(x) = after.article(id) {
                    rows::put_article(c, p, rev, x)?;
                }
            }
            Key::Issue(id) => {
                if let Some(x) = after.issue(id) {
                    rows::put_issue(c, p, rev, x)?;
                }
            }
            Key::Actor(id) => {
                if let Some(x) = after.actor(id) {
                    rows::put_actor(c, p, rev, x)?;
                }
            }
            Key::Stance(id) => {
                if let Some(x) = after.stance(id) {
                    match prep {
                        Some(prep) => rows::put_stance_with(c, &prep.put_stance, p, rev, x)?,
                        None => rows::put_stance(c, p, rev, x)?,
                    }
                }
            }
            Key::Done(a, k) => {
                if after.is_done(a, k) {
                    rows::put_done(c, p, rev, a, k, true)?;
                }
            }
            Key::Sample => rows::put_sample(c, p, rev, after.reliability_sample())?,
            Key::Project => {
                c.execute(
                    "UPDATE projects SET codebook_version = $2 WHERE id = $1",
                    &[&p, &after.codebook_version()],
                )
                .map_err(|e| ServerError::from_pg(e, "you"))?;
            }
        }
    }
    Ok(())
}

/// The ids of every entity `cmd` adds.
pub fn new_ids(cmd: &Command) -> Vec<u64> {
    let mut out = Vec::new();
    collect_new(cmd, &mut out);
    out
}

fn collect_new(cmd: &Command, out: &mut Vec<u64>) {
    match cmd {
        Command::AddArticle(a) => out.push(a.id.0),
        Command::AddActor(a) => out.push(a.id.0),
        Command::AddIssue(i) => out.push(i.id.0),
        Command::AddStance(s) => out.push(s.id.0),
        Command::AddCoder(c) => out.push(c.id.0),
        Command::Batch { commands, .. } => commands.iter().for_each(|c| collect_new(c, out)),
        _ => {}
    }
}
