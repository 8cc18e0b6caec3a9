//! The `analyze --json` contract. Field names and meaning are stable: scripts
//! and the evaluation scorer read them. Offsets are char offsets into the
//! article text as imported (see README).

use serde::Serialize;

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
