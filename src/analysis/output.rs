//! The `analyze --json` contract. Field names and meaning are stable: scripts
//! and the evaluation scorer read them. Offsets are char offsets into the
//! article text as imported (see README).

use super::ArticleAnalysis;
use crate::import::LoadedArticle;
use crate::model::text::CharIndex;
use serde::Serialize;

impl ArticleOutput {
    /// The contract's form of one article's analysis, from `source` (the
    /// file or the article's own source).
    pub fn new(source: String, article: &LoadedArticle, result: &ArticleAnalysis) -> ArticleOutput {
        let text = &article.text;
        let index = CharIndex::new(text);
        let span = |start: usize, end: usize| SpanOutput {
            start,
            end,
            text: index.slice(text, start, end).unwrap_or("").to_owned(),
        };
        ArticleOutput {
            source,
            title: article.title.clone(),
            date: article.date.map(|d| d.to_string()),
            language: result.not_english.map_or("eng", |l| l.code).to_owned(),
            actors: result
                .actors
                .iter()
                .map(|f| ActorOutput {
                    name: f.name.clone(),
                    kind: f.kind.as_str().to_owned(),
                    affiliation: f.affiliation.clone(),
                    aliases: f.aliases.clone(),
                    mentions: f.mentions.iter().map(|&(s, e)| span(s, e)).collect(),
                })
                .collect(),
            stances: result
                .stances
                .iter()
                .map(|s| StanceOutput {
                    actor: result.actors[s.actor].name.clone(),
                    issue: s.issue.clone(),
                    position: s.position.as_str().to_owned(),
                    confidence: s.confidence,
                    evidence: span(s.start, s.end),
                    rule: s.rule.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, PartialEq)]
pub struct AnalysisOutput {
    pub articles: Vec<ArticleOutput>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ArticleOutput {
    pub source: String,
    pub title: String,
    pub date: Option<String>,
    /// The ISO 639-3 code the article was read as: "eng", or another
    /// language, when `actors` and `stances` are empty (the rules read
    /// English only).
    pub language: String,
    pub actors: Vec<ActorOutput>,
    pub stances: Vec<StanceOutput>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ActorOutput {
    pub name: String,
    pub kind: String,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub mentions: Vec<SpanOutput>,
}

#[derive(Debug, Serialize, PartialEq, Clone)]
pub struct SpanOutput {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct StanceOutput {
    pub actor: String,
    pub issue: String,
    pub position: String,
    pub confidence: f32,
    pub evidence: SpanOutput,
    pub rule: String,
}
