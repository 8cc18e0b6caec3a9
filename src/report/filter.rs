//! The filter shared by every table, chart and filtered export.

use crate::model::{ActorId, ArticleId, CoderId, Date, IssueId, Position, Stance, Status, Workspace};
use std::collections::{BTreeSet, HashSet};

/// Which stances a view shows. Every constraint is optional; the default keeps
/// only accepted stances, which is what results count.
///
/// - `from`/`to`: inclusive bounds on the article date. When either is set,
///   stances of articles without a date are left out.
/// - `actors`, `issues`, `positions`: empty means all.
/// - `statuses`: empty means all; the default is `{Accepted}`.
/// - `text`: case-insensitive substring of the evidence text, the article
///   title, or the actor's name or one of its aliases.
/// - `layer`: one coder's stances (or the consensus coder's), plus the
///   suggestions nobody has decided. `None` takes every layer, which only
///   the flat stance list may do when there are several (see
///   [`default_layer`]): an aggregate over two coders would count the same
///   sentence twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub actors: BTreeSet<ActorId>,
    pub issues: BTreeSet<IssueId>,
    pub positions: BTreeSet<Position>,
    pub statuses: BTreeSet<Status>,
    pub text: String,
    pub layer: Option<CoderId>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            from: None,
            to: None,
            actors: BTreeSet::new(),
            issues: BTreeSet::new(),
            positions: BTreeSet::new(),
            statuses: BTreeSet::from([Status::Accepted]),
            text: String::new(),
            layer: None,
        }
    }
}

/// The layer a view shows when nobody chose one: the only one there is; with
/// several, the consensus once it has stances, else `current` (the person
/// coding) if they have stances, else the first coder's.
pub fn default_layer(ws: &Workspace, current: Option<CoderId>) -> Option<CoderId> {
    let layers = ws.layers();
    if layers.len() <= 1 {
        return layers.first().copied();
    }
    let consensus = ws.consensus_coder().map(|c| c.id).filter(|c| layers.contains(c));
    consensus
        .or(current.filter(|c| layers.contains(c)))
        .or(layers.first().copied())
}

/// Whether a stance is in `layer`: the layer's own, or a suggestion nobody decided.
pub fn in_layer(s: &Stance, layer: Option<CoderId>) -> bool {
    match (layer, s.by.coder) {
        (None, _) => true,
        (Some(l), Some(c)) => l == c,
        (Some(_), None) => s.status == Status::Pending,
    }
}

/// One removable constraint of a [`Filter`], as shown on a chip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilterPart {
    /// The date range (both bounds).
    Dates,
    Actor(ActorId),
    Issue(IssueId),
    Position(Position),
    /// The status set; removing it restores the default (accepted only).
    Statuses,
    Text,
    /// The coder layer; removing it shows every layer.
    Layer,
}

impl Filter {
    /// Accepted stances only, no other constraint (the same as `default()`).
    pub fn accepted() -> Filter {
        Filter::default()
    }

    /// Every stance, whatever its status.
    pub fn all_stances() -> Filter {
        Filter {
            statuses: BTreeSet::new(),
            ..Filter::default()
        }
    }

    pub fn has_date_range(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether an article date passes the date range (always, without a range).
    pub fn date_matches(&self, date: Option<Date>) -> bool {
        if !self.has_date_range() {
            return true;
        }
        let Some(d) = date else { return false };
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// Whether `stance` passes every constraint.
    pub fn matches(&self, ws: &Workspace, stance: &Stance) -> bool {
        if !self.statuses.is_empty() && !self.statuses.contains(&stance.status) {
            return false;
        }
        if !self.matches_ignoring_status(ws, stance) {
            return false;
        }
        true
    }

    /// Every constraint but the status one (for tables of coding progress).
    pub fn matches_ignoring_status(&self, ws: &Workspace, stance: &Stance) -> bool {
        if !in_layer(stance, self.layer) {
            return false;
        }
        if !self.positions.is_empty() && !self.positions.contains(&stance.position) {
            return false;
        }
        if !self.actors.is_empty() && !self.actors.contains(&stance.actor) {
            return false;
        }
        if !self.issues.is_empty() && !self.issues.contains(&stance.issue) {
            return false;
        }
        if self.has_date_range() && !self.date_matches(ws.article(stance.article).and_then(|a| a.date)) {
            return false;
        }
        let needle = self.needle();
        if !needle.is_empty() {
            let in_title = || {
                ws.article(stance.article)
                    .is_some_and(|a| contains_folded(&a.title, &needle))
            };
            let in_actor = || {
                ws.actor(stance.actor)
                    .is_some_and(|a| a.names().any(|n| contains_folded(n, &needle)))
            };
            if !(contains_folded(&stance.evidence.text, &needle) || in_title() || in_actor()) {
                return false;
            }
        }
        true
    }

    /// The search text, trimmed and lower-cased; empty when there is none.
    fn needle(&self) -> String {
        self.text.trim().to_lowercase()
    }

    /// The active constraints, one removable chip each, in a stable order.
    /// The status constraint appears only when it differs from the default.
    pub fn chip_parts(&self, ws: &Workspace) -> Vec<(FilterPart, String)> {
        let mut chips = Vec::new();
        if let Some(id) = self.layer {
            let name = ws.coder(id).map_or_else(|| id.to_string(), |c| c.name.clone());
            chips.push((FilterPart::Layer, format!("layer: {name}")));
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) => chips.push((FilterPart::Dates, format!("{f} – {t}"))),
            (Some(f), None) => chips.push((FilterPart::Dates, format!("from {f}"))),
            (None, Some(t)) => chips.push((FilterPart::Dates, format!("until {t}"))),
            (None, None) => {}
        }
        for &id in &self.actors {
            let name = ws.actor(id).map_or_else(|| id.to_string(), |a| a.name.clone());
            chips.push((FilterPart::Actor(id), format!("actor: {name}")));
        }
        for &id in &self.issues {
            let label = ws.issue(id).map_or_else(|| id.to_string(), |i| i.label.clone());
            chips.push((FilterPart::Issue(id), format!("issue: {label}")));
        }
        for &p in &self.positions {
            chips.push((FilterPart::Position(p), format!("position: {}", p.as_str())));
        }
        if self.statuses != Filter::default().statuses {
            let label = if self.statuses.is_empty() || self.statuses.len() == 3 {
                "any status".to_owned()
            } else {
                let names: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
                format!("status: {}", names.join(", "))
            };
            chips.push((FilterPart::Statuses, label));
        }
        let text = self.text.trim();
        if !text.is_empty() {
            chips.push((FilterPart::Text, format!("text: \u{201c}{text}\u{201d}")));
        }
        chips
    }

    /// Human descriptions of the active constraints (see [`chip_parts`](Self::chip_parts)).
    pub fn chips(&self, ws: &Workspace) -> Vec<String> {
        self.chip_parts(ws).into_iter().map(|(_, label)| label).collect()
    }

    /// Drops one constraint, as when its chip is closed.
    pub fn remove(&mut self, part: FilterPart) {
        match part {
            FilterPart::Dates => {
                self.from = None;
                self.to = None;
            }
            FilterPart::Actor(id) => {
                self.actors.remove(&id);
            }
            FilterPart::Issue(id) => {
                self.issues.remove(&id);
            }
            FilterPart::Position(p) => {
                self.positions.remove(&p);
            }
            FilterPart::Statuses => self.statuses = Filter::default().statuses,
            FilterPart::Text => self.text.clear(),
            FilterPart::Layer => self.layer = None,
        }
    }

    /// The filter compiled for one pass over many stances.
    pub(crate) fn prepare<'a>(&'a self, ws: &'a Workspace) -> Prepared<'a> {
        let needle = self.needle();
        let (title_hits, actor_hits) = if needle.is_empty() {
            (HashSet::new(), HashSet::new())
        } else {
            (
                ws.articles()
                    .filter(|a| contains_folded(&a.title, &needle))
                    .map(|a| a.id)
                    .collect(),
                ws.actors()
                    .filter(|a| a.names().any(|n| contains_folded(n, &needle)))
                    .map(|a| a.id)
                    .collect(),
            )
        };
        let mut positions = 0u8;
        for p in &self.positions {
            positions |= position_bit(*p);
        }
        let mut statuses = 0u8;
        for s in &self.statuses {
            statuses |= status_bit(*s);
        }
        Prepared {
            filter: self,
            ws,
            positions: if positions == 0 { 0xff } else { positions },
            statuses: if statuses == 0 { 0xff } else { statuses },
            needle,
            title_hits,
            actor_hits,
        }
    }
}

fn position_bit(p: Position) -> u8 {
    match p {
        Position::Support => 1,
        Position::Oppose => 2,
        Position::Neutral => 4,
        Position::Mixed => 8,
    }
}

fn status_bit(s: Status) -> u8 {
    match s {
        Status::Pending => 1,
        Status::Accepted => 2,
        Status::Rejected => 4,
    }
}

/// Case-insensitive substring test; `needle` is already lower-case.
fn contains_folded(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        if n.is_empty() {
            return true;
        }
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

/// A [`Filter`] with its look-ups precomputed, for single passes over all stances.
pub(crate) struct Prepared<'a> {
    filter: &'a Filter,
    ws: &'a Workspace,
    positions: u8,
    statuses: u8,
    needle: String,
    title_hits: HashSet<ArticleId>,
    actor_hits: HashSet<ActorId>,
}

impl Prepared<'_> {
    pub(crate) fn matches(&self, s: &Stance) -> bool {
        self.statuses & status_bit(s.status) != 0 && self.matches_ignoring_status(s)
    }

    pub(crate) fn matches_ignoring_status(&self, s: &Stance) -> bool {
        let f = self.filter;
        if !in_layer(s, f.layer) {
            return false;
        }
        if self.positions & position_bit(s.position) == 0 {
            return false;
        }
        if !f.actors.is_empty() && !f.actors.contains(&s.actor) {
            return false;
        }
        if !f.issues.is_empty() && !f.issues.contains(&s.issue) {
            return false;
        }
        if f.has_date_range() && !f.date_matches(self.ws.article(s.article).and_then(|a| a.date)) {
            return false;
        }
        self.needle.is_empty()
            || self.title_hits.contains(&s.article)
            || self.actor_hits.contains(&s.actor)
            || contains_folded(&s.evidence.text, &self.needle)
    }

    /// Whether the search text (if any) is in the article's title.
    pub(crate) fn title_hit(&self, article: ArticleId) -> bool {
        self.title_hits.contains(&article)
    }

    pub(crate) fn has_needle(&self) -> bool {
        !self.needle.is_empty()
    }
}
