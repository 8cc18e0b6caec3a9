//! Actor detection and stance suggestions.
//!
//! [`Analyzer::analyze`] is pure: text in, actors and suggestions out.
//! [`suggest_into`] turns results into one undoable command on a workspace,
//! keeping every decision the analyst already made.

pub mod aliases;
pub mod entities;
mod fast_hash;
pub mod gazetteer;
pub mod lexicon;
mod name_trie;
pub mod output;
pub mod stances;
mod to_workspace;
pub mod tokens;
pub mod user_layer;

pub use to_workspace::{suggest_command, suggest_into};
pub use user_layer::{UserLayer, workspace_entries};

use crate::model::text::CharIndex;
use crate::model::{ActorId, ActorKind, Date, Position, Workspace};
use entities::{Known, Lookup};
use gazetteer::Gazetteer;
use stances::IssueCues;

/// An actor found in one article.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundActor {
    pub name: String,
    pub kind: ActorKind,
    pub affiliation: Option<String>,
    /// The workspace actor this is, when the workspace already knows it.
    pub actor: Option<ActorId>,
    /// Distinct surface forms, in order of first appearance.
    pub aliases: Vec<String>,
    /// Char offsets.
    pub mentions: Vec<(usize, usize)>,
}

/// A suggested stance, in char offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundStance {
    /// Index into [`ArticleAnalysis::actors`].
    pub actor: usize,
    pub issue: String,
    pub position: Position,
    pub confidence: f32,
    pub start: usize,
    pub end: usize,
    pub rule: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleAnalysis {
    pub actors: Vec<FoundActor>,
    pub stances: Vec<FoundStance>,
}

pub struct Analyzer {
    gazetteer: &'static Gazetteer,
    /// The workspace's own actors, matched besides the gazetteer.
    user: Option<UserLayer>,
    issues: Vec<IssueCues>,
    /// The codebook's cue words, indexed once for every article.
    cues: stances::CueIndex,
}

impl Analyzer {
    /// An analyser with the default codebook and no workspace actors.
    pub fn standalone() -> Analyzer {
        let issues: Vec<IssueCues> = crate::model::default_issues()
            .iter()
            .map(IssueCues::from_issue)
            .collect();
        Analyzer {
            gazetteer: Gazetteer::bundled(),
            user: None,
            cues: stances::CueIndex::new(&issues),
            issues,
        }
    }

    /// An analyser that knows the workspace's actors (they add to the
    /// gazetteer's names, see [`UserLayer`]) and uses its codebook.
    pub fn for_workspace(ws: &Workspace) -> Analyzer {
        let issues: Vec<IssueCues> = ws.issues().map(IssueCues::from_issue).collect();
        Analyzer {
            gazetteer: Gazetteer::bundled(),
            user: UserLayer::new(ws),
            cues: stances::CueIndex::new(&issues),
            issues,
        }
    }

    pub fn analyze(&self, text: &str, date: Option<Date>) -> ArticleAnalysis {
        let toks = tokens::tokenize(text);
        if toks.is_empty() {
            return ArticleAnalysis::default();
        }
        let sents = tokens::sentences(text, &toks);
        let lookup = Lookup {
            user: self.user.as_ref(),
            gazetteer: self.gazetteer,
        };
        let date = date.unwrap_or_else(|| crate::model::Timestamp::now().date());
        let lower = tokens::LowerWords::new(text, &toks);
        let ents = entities::find_entities(text, &toks, &lower, &sents, &lookup, date);
        let suggestions = stances::suggest(text, &toks, &lower, &sents, &ents, &self.issues, &self.cues);

        let index = CharIndex::new(text);
        let actors = ents
            .list
            .iter()
            .map(|e| {
                let mut aliases: Vec<String> = Vec::new();
                for m in &e.mentions {
                    let t = &text[m.start..m.end];
                    if !aliases.iter().any(|a| a == t) {
                        aliases.push(t.to_owned());
                    }
                }
                let mut mentions: Vec<(usize, usize)> = e
                    .mentions
                    .iter()
                    .map(|m| (index.byte_to_char(text, m.start), index.byte_to_char(text, m.end)))
                    .collect();
                mentions.sort_unstable();
                FoundActor {
                    name: e.name.clone(),
                    kind: e.kind,
                    affiliation: e.affiliation.clone(),
                    actor: match e.known {
                        Some(Known::User(i)) => self.user.as_ref().map(|u| u.ids[i]),
                        _ => None,
                    },
                    aliases,
                    mentions,
                }
            })
            .collect();
        let stances = suggestions
            .into_iter()
            .map(|s| FoundStance {
                actor: s.entity,
                issue: s.issue,
                position: s.position,
                confidence: (s.confidence * 100.0).round() / 100.0,
                start: index.byte_to_char(text, s.start),
                end: index.byte_to_char(text, s.end),
                rule: s.rule,
            })
            .collect();
        ArticleAnalysis { actors, stances }
    }
}
