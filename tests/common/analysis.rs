//! What the rule tests share: analyse a short text with the standalone
//! analyser and assert on its actors and stances, printing everything found
//! when an assertion fails.
#![allow(dead_code)]

use stance_tracker::analysis::{Analyzer, ArticleAnalysis, FoundActor, FoundStance};
use stance_tracker::model::{ActorKind, Position};

pub fn analyze(text: &str) -> ArticleAnalysis {
    Analyzer::standalone().analyze(text, None)
}

/// The text between char offsets.
pub fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

pub fn describe(text: &str, a: &ArticleAnalysis) -> String {
    let mut out = String::from("actors:\n");
    for x in &a.actors {
        let m: Vec<String> = x.mentions.iter().map(|&(s, e)| slice(text, s, e)).collect();
        out += &format!("  {} ({:?}, {:?}) {m:?}\n", x.name, x.kind, x.affiliation);
    }
    out += "stances:\n";
    for s in &a.stances {
        out += &format!(
            "  {} / {} / {:?} {:.2} [{}] — {}\n",
            a.actors[s.actor].name,
            s.issue,
            s.position,
            s.confidence,
            slice(text, s.start, s.end),
            s.rule
        );
    }
    out
}

pub fn actor<'a>(text: &str, a: &'a ArticleAnalysis, name: &str) -> &'a FoundActor {
    a.actors
        .iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no actor {name:?} in {text:?}\n{}", describe(text, a)))
}

pub fn names(a: &ArticleAnalysis) -> Vec<&str> {
    a.actors.iter().map(|x| x.name.as_str()).collect()
}

pub fn mentions(text: &str, x: &FoundActor) -> Vec<String> {
    x.mentions.iter().map(|&(s, e)| slice(text, s, e)).collect()
}

pub fn stances(a: &ArticleAnalysis) -> Vec<(&str, &str, Position)> {
    a.stances
        .iter()
        .map(|s| (a.actors[s.actor].name.as_str(), s.issue.as_str(), s.position))
        .collect()
}

pub fn stance<'a>(text: &str, a: &'a ArticleAnalysis, who: &str, issue: &str) -> &'a FoundStance {
    a.stances
        .iter()
        .find(|s| a.actors[s.actor].name == who && s.issue == issue)
        .unwrap_or_else(|| panic!("no {issue} stance of {who} in {text:?}\n{}", describe(text, a)))
}

/// Asserts an actor's kind and affiliation.
pub fn assert_actor(text: &str, a: &ArticleAnalysis, name: &str, kind: ActorKind, affiliation: Option<&str>) {
    let x = actor(text, a, name);
    assert_eq!(
        (x.kind, x.affiliation.as_deref()),
        (kind, affiliation),
        "{name} in {text:?}\n{}",
        describe(text, a)
    );
}

/// Asserts that exactly this stance is suggested for the actor on the issue.
pub fn assert_stance(text: &str, a: &ArticleAnalysis, who: &str, issue: &str, position: Position) {
    let s = stance(text, a, who, issue);
    assert_eq!(
        s.position,
        position,
        "{who} on {issue} in {text:?}\n{}",
        describe(text, a)
    );
}

/// Exactly these stances, in order.
pub fn assert_stances(text: &str, a: &ArticleAnalysis, expected: &[(&str, &str, Position)]) {
    assert_eq!(stances(a), expected, "{}", describe(text, a));
}

pub fn assert_no_stance_of(text: &str, a: &ArticleAnalysis, who: &str) {
    assert!(
        !a.stances.iter().any(|s| a.actors[s.actor].name == who),
        "{who} should have no stance in {text:?}\n{}",
        describe(text, a)
    );
}
