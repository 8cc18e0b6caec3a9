//! Cost of recomputing the tables and charts after an edit, with 10,000
//! articles and 100,000 stances (a third of them accepted) over 500 actors.
//! Target: matrix + agreement ≤ 50 ms in release.
//!
//! ```text
//! cargo bench --bench report              # 10,000 articles × 10 stances
//! cargo bench --bench report -- --quick   # 1,000 articles
//! cargo bench --bench report -- --articles 100000   # 1,000,000 stances
//! ```
//!
//! Every figure is the median of 10 runs; before each run one stance changes
//! status, as an edit in the app would.

mod common;
use common::big_workspace;
use stance_tracker::model::{Command, StanceId, Status, Workspace};
use stance_tracker::report::{self, Bucket, ExportFormat, Filter};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median of 10 runs of `f`, each after one edit of the workspace.
fn time(ws: &mut Workspace, name: &str, mut f: impl FnMut(&Workspace)) -> Duration {
    let ids: Vec<StanceId> = ws.stances().step_by(997).map(|s| s.id).collect();
    let mut times = Vec::new();
    for i in 0..10 {
        let mut s = ws.stance(ids[i % ids.len()]).unwrap().clone();
        s.status = if s.status == Status::Accepted {
            Status::Pending
        } else {
            Status::Accepted
        };
        ws.apply(Command::UpdateStance(s)).unwrap();
        let t = Instant::now();
        f(ws);
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<44} median {:>7.2} ms   min {:>7.2} ms   max {:>7.2} ms",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    median
}

fn main() {
    let n = common::articles_arg();
    let t = Instant::now();
    let mut ws = big_workspace(n, 10);
    println!(
        "built workspace: {} articles, {} stances in {:.1?}",
        ws.article_count(),
        ws.stance_count(),
        t.elapsed()
    );
    let accepted = ws.stances().filter(|s| s.counts()).count();
    println!("accepted stances: {accepted}, actors: {}", ws.actors().count());

    let all = Filter::default();
    let m = time(&mut ws, "matrix", |ws| {
        black_box(report::matrix(ws, &all));
    });
    let a = time(&mut ws, "agreement", |ws| {
        black_box(report::agreement(ws, &all));
    });
    let both = time(&mut ws, "matrix + agreement", |ws| {
        black_box(report::matrix(ws, &all));
        black_box(report::agreement(ws, &all));
    });
    time(&mut ws, "matrix, then agreement_of(matrix)", |ws| {
        let m = report::matrix(ws, &all);
        black_box(report::agreement_of(&m));
    });
    let ag = report::agreement(&ws, &all);
    println!(
        "  ({} actors, {} congruence edges, {} conflict edges)",
        ag.len(),
        ag.edges(false).len(),
        ag.edges(true).len()
    );
    time(&mut ws, "cluster_order (500 actors)", |_| {
        black_box(report::cluster_order(&ag));
    });
    time(&mut ws, "issue_overview", |ws| {
        black_box(report::issue_overview(ws, &all));
    });
    let issue = ws.issues().next().unwrap().id;
    time(&mut ws, "timeline (one issue, all actors, weeks)", |ws| {
        black_box(report::timeline(ws, &all, issue, &[], Bucket::Week));
    });
    let text = Filter {
        text: "minister".into(),
        ..Filter::default()
    };
    time(&mut ws, "matrix with a text search", |ws| {
        black_box(report::matrix(ws, &text));
    });
    let range = Filter {
        from: stance_tracker::model::Date::new(2019, 3, 1),
        to: stance_tracker::model::Date::new(2019, 9, 30),
        ..Filter::default()
    };
    time(&mut ws, "matrix with a date range", |ws| {
        black_box(report::matrix(ws, &range));
    });
    for f in [
        ExportFormat::MatrixCsv,
        ExportFormat::ArticlesCsv,
        ExportFormat::GraphmlIssues,
        ExportFormat::GraphmlConflict,
    ] {
        time(&mut ws, &format!("export {} (bytes only)", f.cli_name()), |ws| {
            black_box(report::export_bytes(ws, f, &report::default_filter(f)).unwrap());
        });
    }
    let verdict = if both.as_secs_f64() * 1e3 <= 50.0 {
        "within"
    } else {
        "OVER"
    };
    println!(
        "matrix {:.2} ms + agreement {:.2} ms; together {:.2} ms: {verdict} the 50 ms target",
        m.as_secs_f64() * 1e3,
        a.as_secs_f64() * 1e3,
        both.as_secs_f64() * 1e3
    );
}
