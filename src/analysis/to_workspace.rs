//! Storing analysis results in a workspace: found actors become workspace
//! actors (reusing existing ones by name or alias), suggestions become
//! pending stances. Whatever the analyst decided before stays: a span that
//! already has a stance of the same actor and issue, pending, accepted or
//! rejected, gets no new suggestion.

use super::{Analyzer, ArticleAnalysis, FoundActor};
use crate::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Attribution, Command, Document, Evidence, IssueId, Origin, Stance,
    StanceId, Status, Timestamp, Workspace, palette_color_avoiding,
};
use rayon::prelude::*;
use std::collections::HashMap;

/// What analysing some articles made.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Adds the new actors and pending stances; `None` when nothing is new.
    pub command: Option<Command>,
    pub stances: usize,
    /// Articles left without suggestions because they are not in English.
    pub not_english: Vec<(ArticleId, super::language::Language)>,
}

impl Suggestions {
    /// "2 articles not in English (German, French) got no suggestions", or
    /// nothing when every article was read.
    pub fn not_english_note(&self) -> Option<String> {
        if self.not_english.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = self.not_english.iter().map(|(_, l)| l.name).collect();
        names.sort_unstable();
        names.dedup();
        let n = self.not_english.len();
        Some(format!(
            "{n} article{} not in English ({}) got no suggestions: the analysis reads English only",
            if n == 1 { "" } else { "s" },
            names.join(", ")
        ))
    }
}

/// Analyses `articles` and returns the command that adds the new actors and
/// pending stances (`None` when there is nothing new), with the number of stances.
pub fn suggest_command(ws: &Workspace, articles: &[ArticleId]) -> (Option<Command>, usize) {
    let s = suggestions(ws, articles);
    (s.command, s.stances)
}

/// [`suggest_command`], also saying which articles were not analysed.
pub fn suggestions(ws: &Workspace, articles: &[ArticleId]) -> Suggestions {
    let analyzer = Analyzer::for_workspace(ws);
    let results: Vec<(ArticleId, ArticleAnalysis)> = articles
        .par_iter()
        .filter_map(|&id| ws.article(id).map(|a| (id, analyzer.analyze(&a.text, a.date))))
        .collect();
    let mut next_id = ws.peek_next_id();
    let mut alloc = || {
        next_id += 1;
        next_id - 1
    };
    let mut commands = Vec::new();
    let mut new_actors = NewActors::default();
    let now = Timestamp::now();
    let mut n_stances = 0;
    let mut not_english = Vec::new();
    let learned = super::learned::Learned::from_workspace(ws);
    for (article_id, analysis) in results {
        if let Some(lang) = analysis.not_english {
            not_english.push((article_id, lang));
        }
        let article = ws.article(article_id).expect("analysed articles exist");
        let ids = new_actors.resolve(ws, article, &analysis.actors, &mut alloc, &mut commands);
        let decided = Decided::new(ws, article_id);
        for s in &analysis.stances {
            let Some(issue) = ws.issue_by_key(&s.issue) else {
                continue;
            };
            let actor = ids[s.actor];
            if decided.overlaps(actor, issue.id, s.start, s.end) {
                continue;
            }
            let Some(text) = article.slice(s.start, s.end) else {
                continue;
            };
            commands.push(Command::AddStance(Stance {
                id: StanceId(alloc()),
                article: article_id,
                actor,
                issue: issue.id,
                position: s.position,
                evidence: Evidence {
                    start: s.start,
                    end: s.end,
                    text: text.to_owned(),
                },
                origin: {
                    let (confidence, rule) = learned.adjust(s.confidence, &s.rule);
                    Origin::Suggested { rule, confidence }
                },
                status: Status::Pending,
                note: String::new(),
                created: now,
                modified: now,
                bulk: None,
                by: Attribution {
                    analyzer: Some(super::ANALYZER_VERSION.to_owned()),
                    ..Attribution::default()
                },
            }));
            n_stances += 1;
        }
    }
    let cmd = (!commands.is_empty()).then(|| Command::Batch {
        label: format!("suggest {n_stances} stance(s) in {} article(s)", articles.len()),
        commands,
    });
    Suggestions {
        command: cmd,
        stances: n_stances,
        not_english,
    }
}

/// The actors a suggestion command creates, by lower-case name, with their colours.
#[derive(Default)]
struct NewActors {
    created: HashMap<String, ActorId>,
    colors: HashMap<ActorId, [u8; 3]>,
}

impl NewActors {
    fn known(&self, ws: &Workspace, found: &FoundActor) -> Option<ActorId> {
        found
            .actor
            .or_else(|| ws.actor_by_name(&found.name).map(|a| a.id))
            .or_else(|| self.created.get(&found.name.to_lowercase()).copied())
    }

    fn color(&self, ws: &Workspace, id: ActorId) -> Option<[u8; 3]> {
        ws.actor(id).map(|a| a.color).or_else(|| self.colors.get(&id).copied())
    }

    /// The workspace actor of each found actor, creating those that are new
    /// (and their affiliations). A new actor takes a colour that the other
    /// actors of the article do not have, as far as the palette goes, so
    /// that they can be told apart in the reader and in charts.
    fn resolve(
        &mut self,
        ws: &Workspace,
        article: &Article,
        found: &[FoundActor],
        alloc: &mut impl FnMut() -> u64,
        commands: &mut Vec<Command>,
    ) -> Vec<ActorId> {
        let mut used: Vec<[u8; 3]> = found
            .iter()
            .filter_map(|f| self.known(ws, f))
            .filter_map(|id| self.color(ws, id))
            .collect();
        let mut add = |this: &mut Self, name: &str, kind: ActorKind, commands: &mut Vec<Command>| {
            let id = ActorId(alloc());
            let mut actor = Actor::new(id, name, kind);
            actor.color = palette_color_avoiding(name, &used);
            used.push(actor.color);
            this.created.insert(name.to_lowercase(), id);
            this.colors.insert(id, actor.color);
            commands.push(Command::AddActor(actor));
            id
        };
        let mut ids = Vec::with_capacity(found.len());
        for f in found {
            if let Some(id) = self.known(ws, f) {
                ids.push(id);
                continue;
            }
            let affiliation = f.affiliation.as_ref().map(|name| {
                ws.actor_by_name(name)
                    .map(|a| a.id)
                    .or_else(|| self.created.get(&name.to_lowercase()).copied())
                    .unwrap_or_else(|| add(self, name, affiliation_kind(name), commands))
            });
            let id = add(self, &f.name, f.kind, commands);
            if let Some(Command::AddActor(actor)) = commands.last_mut() {
                actor.affiliation = affiliation;
                actor.aliases = super::aliases::storable(f, found, article);
            }
            ids.push(id);
        }
        ids
    }
}

/// The kind of an affiliation that is not an actor yet: the gazetteer's, else a state.
fn affiliation_kind(name: &str) -> ActorKind {
    let gazetteer = super::gazetteer::Gazetteer::bundled();
    gazetteer
        .find_name(name)
        .map(|i| gazetteer.entry(i).kind)
        .unwrap_or(ActorKind::State)
}

/// The spans of an article's stances by actor and issue, so that each
/// suggestion is checked against them without a scan of all of them (a long
/// article re-analysed has tens of thousands).
struct Decided(HashMap<(ActorId, IssueId), Spans>);

/// Spans sorted by start, with the greatest end up to each.
#[derive(Default)]
struct Spans {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Decided {
    fn new(ws: &Workspace, article: ArticleId) -> Decided {
        let mut by_key: HashMap<(ActorId, IssueId), Vec<(usize, usize)>> = HashMap::new();
        for old in ws.stances_of(article) {
            by_key
                .entry((old.actor, old.issue))
                .or_default()
                .push((old.evidence.start, old.evidence.end));
        }
        Decided(
            by_key
                .into_iter()
                .map(|(key, mut spans)| {
                    spans.sort_unstable();
                    let mut out = Spans::default();
                    for (start, end) in spans {
                        out.max_end
                            .push(out.max_end.last().map_or(end, |&m: &usize| m.max(end)));
                        out.starts.push(start);
                    }
                    (key, out)
                })
                .collect(),
        )
    }

    /// Whether a stance of this actor and issue overlaps `start..end`.
    fn overlaps(&self, actor: ActorId, issue: IssueId, start: usize, end: usize) -> bool {
        let Some(spans) = self.0.get(&(actor, issue)) else {
            return false;
        };
        // Of the spans that start before `end`, one ends after `start`.
        let before_end = spans.starts.partition_point(|&s| s < end);
        before_end > 0 && spans.max_end[before_end - 1] > start
    }
}

/// Runs the analysis on `articles` and applies the result to the document;
/// the number of stances suggested.
pub fn suggest_into(doc: &mut Document, articles: &[ArticleId]) -> Result<usize, String> {
    suggestions_into(doc, articles).map(|s| s.stances)
}

/// [`suggest_into`], saying also which articles were not analysed (the
/// command, applied, is taken out).
pub fn suggestions_into(doc: &mut Document, articles: &[ArticleId]) -> Result<Suggestions, String> {
    let mut s = suggestions(doc.workspace(), articles);
    if let Some(cmd) = s.command.take() {
        doc.execute(cmd)
            .map_err(|e| format!("storing suggestions failed: {e}"))?;
    }
    Ok(s)
}
