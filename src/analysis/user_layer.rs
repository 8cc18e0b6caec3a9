//! The workspace's actors as a second gazetteer over the bundled one.
//!
//! It only adds names: a workspace actor is found by its name and aliases,
//! and also by the aliases of its bundled entry (the entry of the same
//! canonical name, or the one a multi-word alias of the actor names), so an
//! article analysed in a workspace gives at least the mentions it gives
//! alone. The one exception is an alias the analyst removed
//! ([`Actor::rejected_aliases`]): it is matched for that actor by neither
//! gazetteer.

use super::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use super::gazetteer::{Entry, Gazetteer};
use crate::model::{Actor, ActorId, Workspace};

pub struct UserLayer {
    pub gazetteer: Gazetteer,
    /// User entry index → workspace actor.
    pub ids: Vec<ActorId>,
    /// Bundled entry → the user entry of the same actor.
    from_bundled: HashMap<usize, usize>,
    /// (user entry, lower-case alias) pairs the analyst removed.
    rejected: HashSet<(usize, String)>,
}

impl UserLayer {
    /// `None` for a workspace without actors.
    pub fn new(ws: &Workspace) -> Option<UserLayer> {
        let bundled = Gazetteer::bundled();
        let actors: Vec<&Actor> = ws.actors().collect();
        if actors.is_empty() {
            return None;
        }
        let from_bundled = bundled_entries(bundled, &actors);
        let rejected = actors
            .iter()
            .enumerate()
            .flat_map(|(u, a)| a.rejected_aliases.iter().map(move |r| (u, r.to_lowercase())))
            .collect();
        let entries = entries(ws, bundled, &actors, &from_bundled);
        Some(UserLayer {
            gazetteer: Gazetteer::from_entries(entries, ""),
            ids: actors.iter().map(|a| a.id).collect(),
            from_bundled,
            rejected,
        })
    }

    /// The user entry of a bundled entry, if the workspace has that actor.
    pub fn user_of(&self, entry: usize) -> Option<usize> {
        self.from_bundled.get(&entry).copied()
    }

    /// Whether the analyst removed `alias` from the actor of user entry `user`.
    pub fn rejects(&self, user: usize, alias: &str) -> bool {
        self.rejected.contains(&(user, alias.to_lowercase()))
    }
}

/// Matcher entries for the workspace's actors, one per actor in
/// `ws.actors()` order: what the analysis and the reader's marks find each
/// actor by.
pub fn workspace_entries(ws: &Workspace) -> Vec<Entry> {
    let bundled = Gazetteer::bundled();
    let actors: Vec<&Actor> = ws.actors().collect();
    let from_bundled = bundled_entries(bundled, &actors);
    entries(ws, bundled, &actors, &from_bundled)
}

/// Each bundled entry that is a workspace actor, to that actor's index.
/// Canonical names decide first; then multi-word aliases (single words such
/// as "Toronto" for "Toronto Police" name other things as well).
fn bundled_entries(bundled: &Gazetteer, actors: &[&Actor]) -> HashMap<usize, usize> {
    let mut out = HashMap::default();
    for (u, a) in actors.iter().enumerate() {
        if let Some(g) = bundled.find_name(&a.name) {
            out.entry(g).or_insert(u);
        }
    }
    for (u, a) in actors.iter().enumerate() {
        for name in a.names().filter(|n| n.split_whitespace().nth(1).is_some()) {
            if let [hit] = bundled.find(name)[..]
                && hit.start == 0
                && hit.end == name.len()
            {
                out.entry(hit.entry).or_insert(u);
            }
        }
    }
    out
}

fn entries(ws: &Workspace, bundled: &Gazetteer, actors: &[&Actor], from_bundled: &HashMap<usize, usize>) -> Vec<Entry> {
    let mut lent: Vec<Vec<usize>> = vec![Vec::new(); actors.len()];
    for (&g, &u) in from_bundled {
        lent[u].push(g);
    }
    actors
        .iter()
        .zip(lent)
        .map(|(a, mut lent)| {
            // Sorted, so that the entry is the same in every run.
            lent.sort_unstable();
            let mut aliases: Vec<String> = a.names().map(str::to_owned).collect();
            for alias in lent.iter().flat_map(|&g| &bundled.entry(g).aliases) {
                if !a.rejects(alias) && !aliases.iter().any(|x| x == alias) {
                    aliases.push(alias.clone());
                }
            }
            let affiliation = a
                .affiliation
                .and_then(|id| ws.actor(id))
                .map(|p| p.name.clone())
                .or_else(|| lent.iter().find_map(|&g| bundled.entry(g).affiliation.clone()));
            Entry {
                kind: a.kind,
                name: a.name.clone(),
                affiliation,
                aliases,
                roles: Vec::new(),
            }
        })
        .collect()
}
