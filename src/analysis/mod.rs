//! Actor detection and stance suggestions.
//!
//! [`Analyzer::analyze`] is pure: text in, actors and suggestions out.
//! [`suggest_into`] turns results into one undoable command on a workspace,
//! keeping every decision the analyst already made.

pub mod aliases;
pub mod calibration;
pub mod entities;
mod entity_variants;
mod fast_hash;
pub mod gazetteer;
pub mod language;
pub mod learned;
pub mod lexicon;
mod name_trie;
pub mod output;
pub mod stances;
pub mod syntax;
mod to_workspace;
pub mod tokens;
pub mod user_layer;

pub use to_workspace::{Suggestions, suggest_command, suggest_into, suggestions, suggestions_into};
pub use user_layer::{UserLayer, workspace_entries};

use crate::model::text::CharIndex;
use crate::model::{ActorId, ActorKind, Date, Position, Workspace};
use entities::{Known, Lookup};
use gazetteer::Gazetteer;
use stances::IssueCues;
use std::collections::HashMap;

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
    /// What the rule did; `confidence` is the calibration's reading of it.
    pub features: calibration::Features,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleAnalysis {
    pub actors: Vec<FoundActor>,
    pub stances: Vec<FoundStance>,
    /// Set when the article is not in English: then nothing was suggested.
    pub not_english: Option<language::Language>,
}

pub struct Analyzer {
    gazetteer: &'static Gazetteer,
    /// The workspace's own actors, matched besides the gazetteer.
    user: Option<UserLayer>,
    issues: Vec<IssueCues>,
    /// The codebook's cue words, indexed once for every article.
    cues: stances::CueIndex,
    /// Turns what a rule did into a probability of being right; `None`
    /// keeps the rules' own confidences (for fitting a calibration).
    calibration: Option<&'static calibration::Calibration>,
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
            calibration: Some(calibration::Calibration::bundled()),
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
            calibration: Some(calibration::Calibration::bundled()),
        }
    }

    /// The same analyser with the rules' own, uncalibrated confidences: what
    /// `examples/calibrate.rs` fits a calibration to.
    pub fn uncalibrated(self) -> Analyzer {
        Analyzer {
            calibration: None,
            ..self
        }
    }

    pub fn analyze(&self, text: &str, date: Option<Date>) -> ArticleAnalysis {
        if let Some(lang) = language::not_english(text) {
            return ArticleAnalysis {
                not_english: Some(lang),
                ..ArticleAnalysis::default()
            };
        }
        let date = date.unwrap_or_else(|| crate::model::Timestamp::now().date());
        let index = CharIndex::new(text);
        let mut merged = Merged::default();
        let mut start = 0;
        while start < text.len() {
            let window = Window::next(text, start);
            merged.add(self.analyze_window(text, &window, date, &index));
            start = window.end;
        }
        merged.out
    }

    /// One window's actors and suggestions, in char offsets into the whole
    /// `text` (which `index` indexes).
    fn analyze_window(&self, text: &str, window: &Window, date: Date, index: &CharIndex) -> ArticleAnalysis {
        let Window {
            start,
            end,
            toks,
            sents,
        } = window;
        if toks.is_empty() {
            return ArticleAnalysis::default();
        }
        let src = &text[*start..*end];
        let lookup = Lookup {
            user: self.user.as_ref(),
            gazetteer: self.gazetteer,
        };
        let lower = tokens::LowerWords::new(src, toks);
        let ents = entities::find_entities(src, toks, &lower, sents, &lookup, date);
        let suggestions = stances::suggest(src, toks, &lower, sents, &ents, &self.issues, &self.cues);
        let to_char = |byte: usize| index.byte_to_char(text, start + byte);

        let actors = ents
            .list
            .iter()
            .map(|e| {
                let mut aliases: Vec<String> = Vec::new();
                for m in &e.mentions {
                    let t = &src[m.start..m.end];
                    if !aliases.iter().any(|a| a == t) {
                        aliases.push(t.to_owned());
                    }
                }
                let mut mentions: Vec<(usize, usize)> =
                    e.mentions.iter().map(|m| (to_char(m.start), to_char(m.end))).collect();
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
                confidence: match self.calibration {
                    Some(c) => c.probability(&s.features),
                    None => (s.confidence * 100.0).round() / 100.0,
                },
                start: to_char(s.start),
                end: to_char(s.end),
                rule: s.rule,
                features: s.features,
            })
            .collect();
        ArticleAnalysis {
            actors,
            stances,
            not_english: None,
        }
    }
}

/// Recorded on every suggestion, so a methods section can say which rules
/// made it; changes with every release that changes the rules.
pub const ANALYZER_VERSION: &str = concat!("stance-tracker rules ", env!("CARGO_PKG_VERSION"));

/// Articles longer than this are analysed a window of whole sentences at a
/// time. The analysis keeps several arrays per token (about 85 bytes a
/// token, 20 times the text); by window they stay a few MB, however long the
/// article. A shorter article is one window, analysed exactly as a whole.
pub const WINDOW_BYTES: usize = 256 * 1024;

/// A piece of the article, `start..end` in bytes, with its tokens and
/// sentences (in offsets from `start`).
struct Window {
    start: usize,
    end: usize,
    toks: Vec<tokens::Token>,
    sents: Vec<tokens::Sentence>,
}

impl Window {
    /// The window that starts at `start`: the rest of the text when it fits,
    /// else up to [`WINDOW_BYTES`] of it cut after a sentence (see [`cut_after`]).
    fn next(text: &str, start: usize) -> Window {
        let fits = text.len() - start <= WINDOW_BYTES;
        let limit = if fits {
            text.len()
        } else {
            text.floor_char_boundary(start + WINDOW_BYTES)
        };
        let piece = &text[start..limit];
        let mut toks = tokens::tokenize(piece);
        let mut sents = tokens::sentences(piece, &toks);
        let mut end = limit;
        // The tokens of a prefix that ends a sentence are those of the whole
        // piece up to there: tokens and sentence ends look at most at the
        // next token, which then starts the next window.
        if !fits && let Some(k) = cut_after(piece, &toks, &sents) {
            end = start + sents[k].end;
            toks.truncate(sents[k].last + 1);
            sents.truncate(k + 1);
        }
        Window {
            start,
            end,
            toks,
            sents,
        }
    }
}

/// The sentence after which to cut a full window: the last one that ends a
/// paragraph in the window's second half, else the last one the next window
/// does not start inside a quotation after (the tokeniser opens no quotation
/// at a window's start). Never the window's last sentence, which the window's
/// end may have cut short. `None` when there is no sentence to cut after.
fn cut_after(piece: &str, toks: &[tokens::Token], sents: &[tokens::Sentence]) -> Option<usize> {
    let candidates = 0..sents.len().saturating_sub(1);
    let paragraph_end = candidates
        .clone()
        .rev()
        .take_while(|&k| sents[k].end >= piece.len() / 2)
        .find(|&k| sents[k + 1].paragraph != sents[k].paragraph);
    let outside_quotes = || {
        candidates.clone().rev().find(|&k| {
            let next = &toks[sents[k + 1].first];
            !next.quoted || next.text(piece).starts_with(tokens::is_open_quote)
        })
    };
    paragraph_end.or_else(outside_quotes).or(candidates.last())
}

/// The windows' results joined into the article's: an actor found again in a
/// later window is the same actor, by its name or by a surface form that
/// named exactly one earlier actor ("Smith" after "John Smith").
#[derive(Default)]
struct Merged {
    out: ArticleAnalysis,
    /// Lower-case name → actor.
    by_name: HashMap<String, usize>,
    /// Lower-case surface form → the one actor it named, `None` when several.
    by_alias: HashMap<String, Option<usize>>,
}

impl Merged {
    fn add(&mut self, window: ArticleAnalysis) {
        // Actors of one window stay as the window found them, so an article
        // of one window is exactly its analysis.
        let earlier = self.out.actors.len();
        let ids: Vec<usize> = window.actors.into_iter().map(|a| self.add_actor(a, earlier)).collect();
        self.out.stances.extend(window.stances.into_iter().map(|s| FoundStance {
            actor: ids[s.actor],
            ..s
        }));
    }

    /// The index of `found` among the article's actors; actors before
    /// `earlier` are those of the windows before.
    fn add_actor(&mut self, found: FoundActor, earlier: usize) -> usize {
        let key = found.name.to_lowercase();
        let same = self
            .by_name
            .get(&key)
            .copied()
            .or_else(|| self.by_alias.get(&key).copied().flatten())
            .filter(|&i| i < earlier);
        let i = match same {
            Some(i) => {
                merge_actor(&mut self.out.actors[i], found);
                i
            }
            None => {
                self.out.actors.push(found);
                self.out.actors.len() - 1
            }
        };
        self.by_name.entry(key).or_insert(i);
        for alias in &self.out.actors[i].aliases {
            let named = self.by_alias.entry(alias.to_lowercase()).or_insert(Some(i));
            if *named != Some(i) {
                *named = None;
            }
        }
        i
    }
}

/// `found`, from a later window, into the same actor `into`.
fn merge_actor(into: &mut FoundActor, found: FoundActor) {
    for alias in found.aliases {
        if !into.aliases.contains(&alias) {
            into.aliases.push(alias);
        }
    }
    // Windows come in order, so the mentions stay sorted.
    into.mentions.extend(found.mentions);
    into.affiliation = into.affiliation.take().or(found.affiliation);
    into.actor = into.actor.or(found.actor);
}
