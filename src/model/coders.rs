//! Coders: who a stance belongs to, the per-coder done marks, the blind
//! reliability sample, and the stamping that makes every edit its coder's.
//!
//! A stance's *layer* is `Stance::by.coder`: the coder whose coding it is, or
//! the consensus coder. Undecided suggestions belong to no layer and every
//! coder sees them (unless blind coding hides them). Aggregates count one
//! layer at a time, so two coders' codings of the same sentence are never
//! added up.

use super::command::{Command, ModelError};
use super::ids::{ArticleId, CoderId};
use super::types::{CONSENSUS_CODER, Coder, Origin, Stance, Status, palette_color_avoiding};
use super::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Articles set aside to measure reliability. While `blind` is on, a coder
/// assigned to them sees neither suggestions nor other coders' stances
/// there, and nothing decided there is used to tune the analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReliabilitySample {
    pub articles: BTreeSet<ArticleId>,
    /// The coders the sample is assigned to; empty means every coder.
    #[serde(default)]
    pub coders: BTreeSet<CoderId>,
    pub blind: bool,
    /// How the articles were chosen, for the methods report
    /// ("random sample of 20 of 171 articles, seed 7").
    #[serde(default)]
    pub drawn: String,
}

impl ReliabilitySample {
    pub fn assigned_to(&self, coder: CoderId) -> bool {
        self.coders.is_empty() || self.coders.contains(&coder)
    }
}

impl Workspace {
    /// Whether blind coding hides `stance` from `coder`: a stance of the
    /// sample's articles that is not the coder's own.
    pub fn hidden_from(&self, coder: Option<CoderId>, stance: &Stance) -> bool {
        let Some(coder) = coder else { return false };
        self.blind_for(coder, stance.article) && stance.by.coder != Some(coder)
    }

    /// Whether `coder` codes `article` blind.
    pub fn blind_for(&self, coder: CoderId, article: ArticleId) -> bool {
        self.sample
            .as_ref()
            .is_some_and(|s| s.blind && s.assigned_to(coder) && s.articles.contains(&article))
    }

    /// Whether decisions on `article` may teach the analysis anything: not
    /// while it is in a blind reliability sample.
    pub fn may_learn_from(&self, article: ArticleId) -> bool {
        !self
            .sample
            .as_ref()
            .is_some_and(|s| s.blind && s.articles.contains(&article))
    }

    /// The coders that have decided or coded stances, in id order (the
    /// layers there are to choose from).
    pub fn layers(&self) -> Vec<CoderId> {
        self.layer_counts.keys().copied().collect()
    }
}

/// A new coder, with a colour the other coders do not have while the
/// palette lasts.
pub fn new_coder(ws: &mut Workspace, name: &str, consensus: bool) -> Coder {
    let used: Vec<[u8; 3]> = ws.coders().map(|c| c.color).collect();
    Coder {
        id: CoderId(ws.alloc_id()),
        name: name.trim().to_owned(),
        color: palette_color_avoiding(name, &used),
        consensus,
    }
}

/// The id of the coder named `name`, and the command that adds it when the
/// workspace does not have it yet.
pub fn coder_named(ws: &mut Workspace, name: &str) -> (CoderId, Option<Command>) {
    if let Some(c) = ws.coder_by_name(name) {
        return (c.id, None);
    }
    let coder = new_coder(ws, name, false);
    (coder.id, Some(Command::AddCoder(coder)))
}

/// [`coder_named`] with a new coder's id above `used` (ids a command built
/// on a copy of the workspace has taken already).
pub fn coder_named_after(ws: &mut Workspace, name: &str, used: u64) -> (CoderId, Option<Command>) {
    if let Some(c) = ws.coder_by_name(name) {
        return (c.id, None);
    }
    while ws.peek_next_id() <= used {
        ws.alloc_id();
    }
    coder_named(ws, name)
}

/// The consensus coder's id, and the command that adds it if needed.
pub fn consensus_layer(ws: &mut Workspace) -> (CoderId, Option<Command>) {
    if let Some(c) = ws.consensus_coder() {
        return (c.id, None);
    }
    let mut name = CONSENSUS_CODER.to_owned();
    while ws.coder_by_name(&name).is_some() {
        name.push('*');
    }
    let coder = new_coder(ws, &name, true);
    (coder.id, Some(Command::AddCoder(coder)))
}

/// Marks (or unmarks) articles done for a coder, as one undo step; `None`
/// when nothing changes.
pub fn set_done(ws: &Workspace, coder: CoderId, articles: &[ArticleId], done: bool) -> Option<Command> {
    let commands: Vec<Command> = articles
        .iter()
        .filter(|&&a| ws.is_done(a, coder) != done)
        .map(|&article| Command::SetDone { article, coder, done })
        .collect();
    let n = commands.len();
    let name = ws.coder(coder).map_or("?", |c| c.name.as_str());
    (n > 0).then(|| Command::Batch {
        label: format!(
            "mark {n} article(s) {} for {name}",
            if done { "done" } else { "not done" }
        ),
        commands,
    })
}

/// Makes `cmd` the work of `coder`, as [`crate::model::Document`] does for
/// every command it executes: a stance created, accepted or rejected joins
/// the coder's layer (unless it already has one, e.g. consensus), every
/// changed stance records its last editor, and a suggestion changed in
/// substance is marked edited. `ws` is the state `cmd` applies to.
pub fn stamp(ws: &Workspace, cmd: Command, coder: CoderId) -> Command {
    match cmd {
        Command::AddStance(mut s) => {
            if s.status != Status::Pending {
                claim(&mut s, coder, ws);
            }
            Command::AddStance(s)
        }
        Command::UpdateStance(mut s) => {
            let Some(old) = ws.stance(s.id) else {
                return Command::UpdateStance(s);
            };
            if *old == s {
                return Command::UpdateStance(s);
            }
            s.by.modified_by = Some(coder);
            if s.status == Status::Pending {
                // Back to an undecided suggestion: nobody's again.
                s.by.coder = None;
                s.by.created_by = None;
                s.by.codebook = None;
            } else if old.status == Status::Pending || s.by.coder.is_none() {
                claim(&mut s, coder, ws);
            }
            let substance = old.actor != s.actor
                || old.issue != s.issue
                || old.position != s.position
                || old.evidence != s.evidence;
            if substance && matches!(s.origin, Origin::Suggested { .. }) {
                s.by.edited = true;
            }
            if substance {
                s.by.adopted_from = None;
            }
            Command::UpdateStance(s)
        }
        Command::Batch { label, commands } => Command::Batch {
            label,
            commands: commands.into_iter().map(|c| stamp(ws, c, coder)).collect(),
        },
        other => other,
    }
}

fn claim(s: &mut Stance, coder: CoderId, ws: &Workspace) {
    if s.by.coder.is_none() {
        s.by.coder = Some(coder);
    }
    s.by.created_by.get_or_insert(coder);
    s.by.modified_by = Some(coder);
    s.by.codebook.get_or_insert_with(|| ws.codebook_version().to_owned());
}

impl Workspace {
    pub(crate) fn check_coder(&self, coder: &Coder, is_new: bool) -> Result<(), ModelError> {
        if is_new && self.coders.contains_key(&coder.id) {
            return Err(ModelError::IdTaken(coder.id.to_string()));
        }
        let name = coder.name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty("coder name"));
        }
        if self
            .coders
            .values()
            .any(|c| c.id != coder.id && c.name.trim().eq_ignore_ascii_case(name))
        {
            return Err(ModelError::DuplicateCoderName(name.to_owned()));
        }
        if coder.consensus && self.coders.values().any(|c| c.id != coder.id && c.consensus) {
            return Err(ModelError::SecondConsensus);
        }
        Ok(())
    }

    pub(crate) fn check_stance_coders(&self, stance: &Stance) -> Result<(), ModelError> {
        let by = &stance.by;
        for id in [by.coder, by.created_by, by.modified_by, by.adopted_from]
            .into_iter()
            .flatten()
        {
            if !self.coders.contains_key(&id) {
                return Err(ModelError::NoCoder(id));
            }
        }
        Ok(())
    }

    /// How many stances and done marks name the coder.
    pub(crate) fn coder_uses(&self, id: CoderId) -> usize {
        let in_stances = self
            .stances
            .values()
            .filter(|s| {
                let b = &s.by;
                [b.coder, b.created_by, b.modified_by, b.adopted_from].contains(&Some(id))
            })
            .count();
        in_stances + self.done.iter().filter(|(_, c)| *c == id).count()
    }
}
