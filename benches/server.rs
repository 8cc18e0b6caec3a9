//! A shared project on a real PostgreSQL server (issue 18): an edit's
//! round trip (one command, one transaction: lock, catch up, check, write,
//! commit) at 1, 8 and 32 clients editing at once, the throughput they
//! reach together, and the open of a 10,000-article, 100,000-stance project.
//! Targets: p95 ≤ 10 ms at 8 clients, open ≤ 3 s.
//!
//! ```text
//! STANCE_TRACKER_TEST_PG=postgres://postgres@/postgres?host=/tmp/st-pg cargo bench --bench server
//! STANCE_TRACKER_TEST_PG=… cargo bench --bench server -- --quick   # 1,000 articles
//! ```
//!
//! The server is the one the tests use (README, *Shared project on
//! PostgreSQL*); the benchmark makes a database of its own and drops it.
//! Without the variable it says so and does nothing.

mod common;
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Evidence, Origin, Position, Stance, StanceId, Status,
    Timestamp, Workspace, ops,
};
use stance_tracker::server::{ServerProject, ServerUrl, connect, push};
use std::path::Path;
use std::time::{Duration, Instant};

/// The same workspace as `benches/frame.rs`: the Wikinews corpus repeated,
/// 500 actors, stances spread over actors, issues and positions.
fn big_workspace(n_articles: usize, stances_per_article: usize) -> Workspace {
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `clients` threads, each with its own connection and copy, editing notes
/// of stances of its own (so that no edit conflicts) for `secs` seconds.
fn edits(url: &str, project: &str, clients: usize, secs: f64) -> (Vec<Duration>, f64) {
    let start = std::sync::Barrier::new(clients);
    let start = &start;
    let (mut times, wall) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                s.spawn(move || {
                    let mut p = ServerProject::open(url, project).unwrap();
                    let mine: Vec<StanceId> = p
                        .workspace()
                        .stances()
                        .skip(c)
                        .step_by(clients)
                        .map(|s| s.id)
                        .take(1000)
                        .collect();
                    start.wait();
                    let t0 = Instant::now();
                    let mut times = Vec::new();
                    let mut n = 0;
                    while t0.elapsed().as_secs_f64() < secs {
                        let id = mine[n % mine.len()];
                        let cmd = ops::update_stance(p.workspace(), id, |s| s.note = format!("edit {c}/{n}")).unwrap();
                        let t = Instant::now();
                        p.execute(&cmd).unwrap();
                        times.push(t.elapsed());
                        n += 1;
                    }
                    (times, t0.elapsed())
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut wall = Duration::ZERO;
        for h in handles {
            let (t, w) = h.join().unwrap();
            all.extend(t);
            wall = wall.max(w);
        }
        (all, wall)
    });
    times.sort();
    let rate = times.len() as f64 / wall.as_secs_f64();
    (times, rate)
}

fn main() {
    let Some(base) = std::env::var("STANCE_TRACKER_TEST_PG").ok().filter(|u| !u.is_empty()) else {
        println!(
            "skipping: set STANCE_TRACKER_TEST_PG=postgres://... to a server (see README, 'Shared project on PostgreSQL')"
        );
        return;
    };
    let n = common::articles_arg();
    let db = format!("st_bench_{}", std::process::id());
    let mut admin = connect(&ServerUrl::parse(&base).unwrap()).expect("the server is reachable");
    admin
        .batch_execute(&format!("CREATE DATABASE \"{db}\" ENCODING 'UTF8' TEMPLATE template0"))
        .unwrap();
    let url = {
        let (scheme, rest) = base.split_once("://").unwrap();
        let (head, query) = rest.split_once('?').map_or((rest, None), |(h, q)| (h, Some(q)));
        let authority = head.split('/').next().unwrap();
        format!(
            "{scheme}://{authority}/{db}{}",
            query.map(|q| format!("?{q}")).unwrap_or_default()
        )
    };
    let result = std::panic::catch_unwind(|| run(&url, n));
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn run(url: &str, n: usize) {
    let t = Instant::now();
    let ws = big_workspace(n, 10);
    println!(
        "built workspace: {} articles, {} stances in {:.1?}",
        ws.article_count(),
        ws.stance_count(),
        t.elapsed()
    );
    let t = Instant::now();
    push(&ws, url, "big").unwrap();
    println!("push: {:.2} s", t.elapsed().as_secs_f64());
    let mut opens: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let p = ServerProject::open(url, "big").unwrap();
            assert_eq!(p.workspace().stance_count(), ws.stance_count());
            t.elapsed()
        })
        .collect();
    opens.sort();
    let open = opens[1];
    println!(
        "open ({} articles, {} stances): {:.2} s (median of 3; target ≤ 3 s)",
        ws.article_count(),
        ws.stance_count(),
        open.as_secs_f64()
    );

    // Edits on a project of the same size as the open.
    let secs = if n < 10_000 { 2.0 } else { 4.0 };
    let mut p95_at_8 = Duration::ZERO;
    println!("clients  edits   p50 ms  p95 ms  edits/s");
    for clients in [1, 8, 32] {
        let (times, rate) = edits(url, "big", clients, secs);
        let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        if clients == 8 {
            p95_at_8 = p95;
        }
        println!(
            "{clients:>7} {:>6} {:>8.2} {:>7.2} {:>8.0}",
            times.len(),
            ms(p50),
            ms(p95),
            rate
        );
    }
    let ok = ms(p95_at_8) <= 10.0 && open.as_secs_f64() <= 3.0;
    println!(
        "{}: p95 at 8 clients {:.2} ms (target ≤ 10), open {:.2} s (target ≤ 3)",
        if ok { "PASS" } else { "MISS" },
        ms(p95_at_8),
        open.as_secs_f64()
    );
}
