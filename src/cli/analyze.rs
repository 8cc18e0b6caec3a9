use crate::analysis::Analyzer;
use crate::analysis::output::{ActorOutput, AnalysisOutput, ArticleOutput, SpanOutput, StanceOutput};
use crate::import::{self, LoadOptions, Progress};
use crate::model::text::CharIndex;
use rayon::prelude::*;
use std::path::PathBuf;

/// `stance-tracker analyze`: loads articles without a workspace and prints
/// what the analysis finds in each.
pub fn run(paths: &[PathBuf], json: bool) -> Result<(), String> {
    let loads = import::load_paths(paths, &LoadOptions::default(), &Progress::default());
    let mut articles = Vec::new();
    let mut failures = 0;
    for load in loads {
        match load.result {
            Ok(list) => {
                let many = list.len() > 1;
                for a in list {
                    let source = match (&a.source, many) {
                        (Some(s), true) => s.clone(),
                        _ => load.path.display().to_string(),
                    };
                    articles.push((source, a));
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("skipped {}: {e}", load.path.display());
            }
        }
    }
    if articles.is_empty() {
        return Err(if failures > 0 {
            "no article could be loaded".into()
        } else {
            "no article files found".into()
        });
    }
    let analyzer = Analyzer::standalone();
    let outputs: Vec<ArticleOutput> = articles
        .par_iter()
        .map(|(source, a)| {
            let text = &a.text;
            let result = analyzer.analyze(text, a.date);
            let index = CharIndex::new(text);
            let span = |start: usize, end: usize| SpanOutput {
                start,
                end,
                text: index.slice(text, start, end).unwrap_or("").to_owned(),
            };
            ArticleOutput {
                source: source.clone(),
                title: a.title.clone(),
                date: a.date.map(|d| d.to_string()),
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
        })
        .collect();
    if json {
        let out = AnalysisOutput { articles: outputs };
        println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    } else {
        for a in &outputs {
            print_article(a);
        }
    }
    Ok(())
}

fn print_article(a: &ArticleOutput) {
    println!("{}", a.source);
    println!("  title: {}", a.title);
    println!("  date:  {}", a.date.as_deref().unwrap_or("unknown"));
    println!("  actors ({}):", a.actors.len());
    for actor in &a.actors {
        let aff = actor
            .affiliation
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default();
        println!(
            "    {} ({}{aff}) — {} mention(s)",
            actor.name,
            actor.kind,
            actor.mentions.len()
        );
    }
    println!("  suggested stances ({}):", a.stances.len());
    for s in &a.stances {
        println!("    {} — {} — {} ({:.2})", s.actor, s.issue, s.position, s.confidence);
        println!("      \"{}\"", s.evidence.text);
        println!("      rule: {}", s.rule);
    }
    println!();
}
