//! The reliability data of a workspace: which units there are and what each
//! coder's value for each unit is.
//!
//! A unit is (article, actor, issue) on an article every compared coder has
//! marked done: articles a coder has not finished never count as
//! disagreement. A coder's value is the position of their accepted stances
//! on the unit — one position if they agree, *mixed* if they do not — or
//! *no stance* when they coded nothing there (a suggestion they rejected is
//! nothing coded).

use crate::model::{ActorId, ArticleId, CoderId, IssueId, Position, StanceId, Status, Workspace};
use std::collections::BTreeMap;

/// One coder's value for a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitValue {
    Position(Position),
    NoStance,
}

impl UnitValue {
    /// The category for nominal alpha: the five values are 1–5.
    pub fn category(self) -> f64 {
        match self {
            UnitValue::Position(Position::Support) => 1.0,
            UnitValue::Position(Position::Oppose) => 2.0,
            UnitValue::Position(Position::Neutral) => 3.0,
            UnitValue::Position(Position::Mixed) => 4.0,
            UnitValue::NoStance => 5.0,
        }
    }

    /// The score for interval alpha: support +1, neutral and mixed 0,
    /// oppose −1; *no stance* has none (missing).
    pub fn score(self) -> Option<f64> {
        match self {
            UnitValue::Position(p) => Some(f64::from(p.score())),
            UnitValue::NoStance => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitValue::Position(p) => p.as_str(),
            UnitValue::NoStance => "no stance",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    pub article: ArticleId,
    pub actor: ActorId,
    pub issue: IssueId,
}

/// One stance a coder coded on a unit; the suggester's have no stance id.
#[derive(Clone, Debug, PartialEq)]
pub struct Coded {
    pub position: Position,
    pub stance: Option<StanceId>,
    /// The evidence span, chars into the article.
    pub span: Option<std::ops::Range<u64>>,
}

/// A coder's position on a unit from the stances they coded there.
pub fn collapse(coded: &[Coded]) -> UnitValue {
    let mut positions = coded.iter().map(|c| c.position);
    match positions.next() {
        None => UnitValue::NoStance,
        Some(first) if positions.all(|p| p == first) => UnitValue::Position(first),
        Some(_) => UnitValue::Position(Position::Mixed),
    }
}

/// Each compared coder's accepted stances, by unit, over the articles all
/// of them marked done. `coders` are layers: a real coder or the consensus.
pub struct Coding {
    pub coders: Vec<CoderId>,
    /// The articles every coder marked done, in id order.
    pub articles: Vec<ArticleId>,
    /// unit → per coder (index into `coders`, then any extra columns such as
    /// the suggester) what they coded on it.
    pub stances: BTreeMap<Unit, Vec<Vec<Coded>>>,
    /// Columns: `coders.len()` plus those added by [`Coding::add_column`].
    pub columns: usize,
}

impl Coding {
    pub fn collect(ws: &Workspace, coders: &[CoderId]) -> Coding {
        let articles: Vec<ArticleId> = ws
            .articles()
            .map(|a| a.id)
            .filter(|&a| !coders.is_empty() && coders.iter().all(|&c| ws.is_done(a, c)))
            .collect();
        let mut stances: BTreeMap<Unit, Vec<Vec<Coded>>> = BTreeMap::new();
        for &article in &articles {
            for s in ws.stances_of(article) {
                if s.status != Status::Accepted {
                    continue;
                }
                let Some(i) = s.by.coder.and_then(|c| coders.iter().position(|&x| x == c)) else {
                    continue;
                };
                let unit = Unit {
                    article,
                    actor: s.actor,
                    issue: s.issue,
                };
                stances.entry(unit).or_insert_with(|| vec![Vec::new(); coders.len()])[i].push(Coded {
                    position: s.position,
                    stance: Some(s.id),
                    span: Some(s.evidence.start as u64..s.evidence.end as u64),
                });
            }
        }
        Coding {
            coders: coders.to_vec(),
            articles,
            stances,
            columns: coders.len(),
        }
    }

    /// Adds a column coded by something other than a workspace coder (the
    /// suggester): its units join the others, and it has *no stance* where
    /// it coded nothing.
    pub fn add_column(&mut self, coded: impl IntoIterator<Item = (Unit, Coded)>) {
        self.columns += 1;
        for by in self.stances.values_mut() {
            by.push(Vec::new());
        }
        let columns = self.columns;
        for (unit, c) in coded {
            self.stances
                .entry(unit)
                .or_insert_with(|| vec![Vec::new(); columns])
                .last_mut()
                .expect("at least the new column")
                .push(c);
        }
    }

    /// `values[coder][unit]` for the units `keep` lets through, and the units.
    pub fn values(&self, keep: impl Fn(&Unit) -> bool) -> (Vec<Unit>, Vec<Vec<UnitValue>>) {
        let units: Vec<Unit> = self.stances.keys().copied().filter(|u| keep(u)).collect();
        let values = (0..self.columns)
            .map(|c| units.iter().map(|u| collapse(&self.stances[u][c])).collect())
            .collect();
        (units, values)
    }

    /// Which actors each column coded anything for, per article: units are
    /// (article, actor) pairs anyone coded, values 1 (identified) or 0.
    pub fn actors_identified(&self) -> Vec<Vec<Option<f64>>> {
        // Units are ordered by article, then actor: one pass groups them.
        let mut pairs: Vec<((ArticleId, ActorId), Vec<bool>)> = Vec::new();
        for (u, by) in &self.stances {
            let key = (u.article, u.actor);
            if pairs.last().is_none_or(|(k, _)| *k != key) {
                pairs.push((key, vec![false; self.columns]));
            }
            let seen = &mut pairs.last_mut().expect("pushed above").1;
            for (c, coded) in by.iter().enumerate() {
                seen[c] |= !coded.is_empty();
            }
        }
        (0..self.columns)
            .map(|c| {
                pairs
                    .iter()
                    .map(|(_, seen)| Some(f64::from(u8::from(seen[c]))))
                    .collect()
            })
            .collect()
    }
}
