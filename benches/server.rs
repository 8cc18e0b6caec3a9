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
use common::big_workspace;
use stance_tracker::model::{StanceId, ops};
use stance_tracker::server::{ServerProject, ServerUrl, connect, push};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `clients` threads, each with its own connection and copy, editing notes
/// of stances of its own (so that no edit conflicts) for `secs` seconds:
/// as fast as they can (`pace` none: the server saturated, every edit
/// queued behind the others'), or one edit every `pace` each (a team at
/// work: a coder's edits come seconds apart, so even 20 a second each is
/// far busier than people are).
fn edits(url: &str, project: &str, clients: usize, secs: f64, pace: Option<Duration>) -> (Vec<Duration>, f64) {
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
                        if let Some(every) = pace {
                            // Started a little apart, so that the clients do
                            // not all edit in the same instant.
                            let next = every * n as u32 + every * c as u32 / clients as u32;
                            if let Some(wait) = next.checked_sub(t0.elapsed()) {
                                std::thread::sleep(wait);
                            }
                        }
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

/// One row per client count of [`edits`]; returns the p95 at 8 clients.
fn table(url: &str, secs: f64, pace: Option<Duration>, what: &str) -> Duration {
    let mut p95_at_8 = Duration::ZERO;
    println!("clients  edits   p50 ms  p95 ms  edits/s  ({what})");
    for clients in [1, 8, 32] {
        let (times, rate) = edits(url, "big", clients, secs, pace);
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
    p95_at_8
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
    let p95_at_8 = table(url, secs, None, "as fast as they can");
    let paced_p95_at_8 = table(
        url,
        secs,
        Some(Duration::from_millis(50)),
        "each client one edit every 50 ms",
    );
    println!("paced: p95 at 8 clients {:.2} ms (target ≤ 10)", ms(paced_p95_at_8));
    let ok = ms(p95_at_8) <= 10.0 && open.as_secs_f64() <= 3.0;
    println!(
        "{}: p95 at 8 clients {:.2} ms (target ≤ 10), open {:.2} s (target ≤ 3)",
        if ok { "PASS" } else { "MISS" },
        ms(p95_at_8),
        open.as_secs_f64()
    );
}
