//! What the benchmarks share: their command line and a big workspace.
#![allow(dead_code)]

use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Evidence, Origin, Position, Stance, StanceId, Status,
    Timestamp, Workspace,
};
use std::path::Path;

/// The number of articles to benchmark with: `--articles N`, else 1,000
/// with `--quick`, else 10,000.
pub fn articles_arg() -> usize {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    args.iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 1_000 } else { 10_000 })
}

/// The Wikinews corpus repeated to `n_articles`, 500 actors of every kind,
/// stances spread over actors, issues and positions, a third accepted
/// (`report` and `server`; `frame` has a variant of its own).
pub fn big_workspace(n_articles: usize, stances_per_article: usize) -> Workspace {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews_2019.csv");
    let base = import::load_file(&csv, &LoadOptions::default())
        .result
        .expect("corpus loads");
    let mut ws = Workspace::new();
    let issues: Vec<_> = ws.issues().map(|i| i.id).collect();
    let mut commands = Vec::new();
    let mut articles = Vec::new();
    let actors: Vec<ActorId> = (0..500)
        .map(|i| {
            let id = ActorId(ws.alloc_id());
            let kind = ActorKind::ALL[i % ActorKind::ALL.len()];
            commands.push(Command::AddActor(Actor::new(id, format!("Actor {i}"), kind)));
            id
        })
        .collect();
    let now = Timestamp::now();
    for n in 0..n_articles {
        let src = &base[n % base.len()];
        let text = format!("{} (copy {n})", src.text);
        let id = ArticleId(ws.alloc_id());
        let article = Article::new(
            id,
            format!("{} #{n}", src.title),
            src.date,
            src.source.clone().unwrap_or_default(),
            text,
        );
        let chars: Vec<char> = article.text.chars().collect();
        for k in 0..stances_per_article {
            let start = (k * 97) % chars.len().saturating_sub(60).max(1);
            let end = (start + 50).min(chars.len());
            let quote: String = chars[start..end].iter().collect();
            commands.push(Command::AddStance(Stance {
                id: StanceId(ws.alloc_id()),
                article: id,
                actor: actors[(n * 7 + k) % actors.len()],
                issue: issues[k % issues.len()],
                position: Position::ALL[(n + k) % 4],
                evidence: Evidence {
                    start,
                    end,
                    text: quote,
                },
                origin: Origin::Suggested {
                    rule: "bench".into(),
                    confidence: 0.5,
                },
                status: if k % 3 == 0 { Status::Accepted } else { Status::Pending },
                note: String::new(),
                created: now,
                modified: now,
                bulk: None,
                by: Default::default(),
            }));
        }
        articles.push(Command::AddArticle(Box::new(article)));
    }
    // Actors and articles before the stances that refer to them.
    let (rest, mut add_first): (Vec<_>, Vec<_>) =
        commands.into_iter().partition(|c| matches!(c, Command::AddStance(_)));
    add_first.extend(articles);
    ws.apply(Command::Batch {
        label: "articles".into(),
        commands: add_first,
    })
    .expect("articles apply");
    ws.apply(Command::Batch {
        label: "stances".into(),
        commands: rest,
    })
    .expect("stances apply");
    ws
}
