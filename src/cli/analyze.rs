use crate::analysis::Analyzer;
use crate::analysis::output::{AnalysisOutput, ArticleOutput};
use crate::import::{self, LoadOptions, Progress};
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
        .map(|(source, a)| ArticleOutput::new(source.clone(), a, &analyzer.analyze(&a.text, a.date)))
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
