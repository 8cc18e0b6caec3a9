//! Frame cost of the main screen with a large workspace: 10,000 articles and
//! 100,000 stances, measured with the kittest harness (the real app, real
//! layout and tessellation-free CPU work). Run: `cargo bench --bench frame`
//! (`-- --quick` for 1,000 articles, `-- --articles 100000` for the scale
//! test). Besides steady frames it reports the longest single frame of the
//! things that recompute (typing in Find, accepting a suggestion with the
//! tables open, undo): the UI must never stall for more than 100 ms.

mod common;
use eframe::egui;
use egui_kittest::Harness;
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Document, Evidence, Origin, Position, Stance, StanceId,
    Status, Timestamp, Workspace,
};
use stance_tracker::ui::{Answer, AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::path::Path;
use std::time::{Duration, Instant};

fn big_workspace(n_articles: usize, stances_per_article: usize) -> Workspace {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews_2019.csv");
    let base = import::load_file(&csv, &LoadOptions::default())
        .result
        .expect("corpus loads");
    let mut ws = Workspace::new();
    let issues: Vec<_> = ws.issues().map(|i| i.id).collect();
    let mut commands = Vec::new();
    let mut stances = Vec::new();
    let actors: Vec<ActorId> = (0..500)
        .map(|i| {
            let id = ActorId(ws.alloc_id());
            commands.push(Command::AddActor(Actor::new(
                id,
                format!("Actor {i}"),
                ActorKind::Person,
            )));
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
            stances.push(Command::AddStance(Stance {
                id: StanceId(ws.alloc_id()),
                article: id,
                actor: actors[(n * 7 + k) % actors.len()],
                issue: issues[k % issues.len()],
                position: Position::ALL[k % 4],
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
        commands.push(Command::AddArticle(Box::new(article)));
    }
    // Articles must exist before their stances: apply in two passes.
    ws.apply(Command::Batch {
        label: "articles".into(),
        commands,
    })
    .expect("articles apply");
    ws.apply(Command::Batch {
        label: "stances".into(),
        commands: stances,
    })
    .expect("stances apply");
    ws
}

fn main() {
    // `cargo bench --bench frame -- --network`: only the network view.
    if std::env::args().any(|a| a == "--network") {
        network_bench();
        return;
    }
    let n = common::articles_arg();
    let t = Instant::now();
    let ws = big_workspace(n, 10);
    println!(
        "built workspace: {} articles, {} stances in {:.1?}",
        ws.article_count(),
        ws.stance_count(),
        t.elapsed()
    );

    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = app_with(ws, dir.path(), &dialogs);

    // Steady state: the pointer moving over the reader, as while reading.
    let mut times = Vec::new();
    for i in 0..60 {
        h.hover_at(egui::pos2(
            500.0 + (i % 20) as f32 * 10.0,
            300.0 + (i % 7) as f32 * 15.0,
        ));
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    report("main screen, pointer moving over the reader", &mut times);

    // Scrolling the virtualised article list.
    let mut times = Vec::new();
    for _ in 0..40 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.hover_at(egui::pos2(120.0, 400.0));
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    report("main screen, scrolling the article list", &mut times);

    // Stepping through articles with ] (each frame shows a new article).
    let mut times = Vec::new();
    for _ in 0..30 {
        h.key_press(egui::Key::CloseBracket);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    report("main screen, next article each frame", &mut times);

    // Typing in Find: every key restarts the article filter over all texts.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
    let mut times = Vec::new();
    let t_all = Instant::now();
    for c in "ceasefire".chars() {
        h.event(egui::Event::Text(c.to_string()));
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    let mut frames = 0;
    while h.state().list_filter_pending() && frames < 10_000 {
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
        frames += 1;
    }
    report(
        "typing 'ceasefire' in Find, frames until the list is complete",
        &mut times,
    );
    println!(
        "  the filtered list was complete {:.0} ms after the first key ({} frames)",
        t_all.elapsed().as_secs_f64() * 1e3,
        times.len()
    );
    h.key_press(egui::Key::Escape);
    h.step();
    clear_find(&mut h);

    // Coding: accept the next suggestion (J, A), then undo it, with the
    // tables and charts open so the matrix recomputes after every edit.
    let mut times = Vec::new();
    for _ in 0..10 {
        h.key_press(egui::Key::J);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
        h.key_press(egui::Key::A);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    report("reader open: J then A (accept), per frame", &mut times);
    let mut times = Vec::new();
    for _ in 0..10 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    report("reader open: Ctrl+Z (undo an accept), per frame", &mut times);
    h.state_mut().view_mut().results_open = true;
    h.step();
    let mut times = undo_redo_frames(&mut h, 10);
    report(
        "actor × issue matrix open: undo / redo an accept, per frame",
        &mut times,
    );
    // The every-stance table sorts all rows the filter allows.
    h.state_mut().view_mut().results.tab = stance_tracker::ui::results::Tab::Stances;
    h.step();
    let mut times = undo_redo_frames(&mut h, 5);
    report("stances table open: undo / redo an accept, per frame", &mut times);
    h.state_mut().view_mut().results.tab = stance_tracker::ui::results::Tab::Timeline;
    h.step();
    let mut times = undo_redo_frames(&mut h, 5);
    report("over-time chart open: undo / redo an accept, per frame", &mut times);
    // The figures (Compare actors, the Agreement map) and the Reliability
    // tab recompute on an edit too.
    for (tab, what) in [
        (stance_tracker::ui::results::Tab::Compare, "compare-actors figure"),
        (stance_tracker::ui::results::Tab::Agreement, "agreement map"),
        (stance_tracker::ui::results::Tab::Reliability, "reliability tab"),
        (
            stance_tracker::ui::results::Tab::Network,
            "network view (layout on a thread)",
        ),
    ] {
        h.state_mut().view_mut().results.tab = tab;
        h.step();
        let mut times = undo_redo_frames(&mut h, 5);
        report(&format!("{what} open: undo / redo an accept, per frame"), &mut times);
    }
    h.state_mut().view_mut().results_open = false;
    h.step();

    let t = Instant::now();
    let snapshot = h.state().workspace().clone();
    println!(
        "  workspace snapshot (clone): {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(snapshot);

    // Saving: the file is written on a thread; the frame pays for handing it over.
    dialogs.push(Answer::Path(dir.path().join("bench.stance.json")));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    let t = Instant::now();
    let c = thread_cpu_time();
    h.step();
    let mut times = vec![t.elapsed()];
    let mut cpu = vec![thread_cpu_time() - c];
    let t_save = Instant::now();
    while h.state().is_busy() {
        let t = Instant::now();
        let c = thread_cpu_time();
        h.step();
        times.push(t.elapsed());
        cpu.push(thread_cpu_time() - c);
        std::thread::sleep(Duration::from_millis(5));
    }
    if let Some((i, t)) = times.iter().enumerate().max_by_key(|(_, t)| **t) {
        println!(
            "  longest frame: #{i} of {}, {:.1} ms, of which {:.1} ms on this thread's CPU",
            times.len(),
            t.as_secs_f64() * 1e3,
            cpu[i].as_secs_f64() * 1e3
        );
    }
    report("Ctrl+S (save as, then written on a thread), per frame", &mut times);
    println!(
        "  the save finished {:.0} ms after the key",
        t_save.elapsed().as_secs_f64() * 1e3
    );

    // The recovery copy written after a minute of unsaved work.
    h.key_press(egui::Key::J);
    h.step();
    h.key_press(egui::Key::A);
    h.step();
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        h.state_mut().write_recovery();
        h.step();
        times.push(t.elapsed());
    }
    report("autosave of the recovery copy, per frame", &mut times);

    network_bench();
}

/// A discourse network of `actors` actors: 72 issues, each actor on a side
/// of two of them, so that the congruence network at 1,000 actors is 144
/// overlapping cliques of about 14 actors: 20,338 ties.
fn network_workspace(actors: usize) -> Workspace {
    let mut ws = Workspace::new();
    let mut commands = Vec::new();
    let issues: Vec<stance_tracker::model::IssueId> = (0..72)
        .map(|k| {
            let id = stance_tracker::model::IssueId(ws.alloc_id());
            commands.push(Command::AddIssue(stance_tracker::model::Issue {
                id,
                key: format!("issue{k}"),
                label: format!("Issue {k}"),
                description: String::new(),
                support_means: String::new(),
                oppose_means: String::new(),
                cues: Default::default(),
            }));
            id
        })
        .collect();
    let ids: Vec<ActorId> = (0..actors)
        .map(|i| {
            let id = ActorId(ws.alloc_id());
            commands.push(Command::AddActor(Actor::new(
                id,
                format!("Actor {i}"),
                ActorKind::Person,
            )));
            id
        })
        .collect();
    let now = Timestamp::now();
    let mut stances = Vec::new();
    // One article per 10 actors, dated a week apart.
    for (c, chunk) in ids.chunks(10).enumerate() {
        let article = ArticleId(ws.alloc_id());
        let n = stances.len();
        let date = stance_tracker::model::Date::from_days(
            stance_tracker::model::Date::new(2019, 1, 1).unwrap().to_days() + (n / 20) as i64 * 7,
        );
        let text = format!(
            "{} (article {n})",
            "Someone said something about the issues of the day. ".repeat(4)
        );
        commands.push(Command::AddArticle(Box::new(Article::new(
            article,
            format!("Article {n}"),
            Some(date),
            "bench".into(),
            text,
        ))));
        for (j, &actor) in chunk.iter().enumerate() {
            let i = c * 10 + j;
            for (k, issue) in [(i * 7) % 72, (i * 13 + 5) % 72].into_iter().enumerate() {
                stances.push(Command::AddStance(Stance {
                    id: StanceId(ws.alloc_id()),
                    article,
                    actor,
                    issue: issues[issue],
                    position: if (i + k) % 2 == 0 {
                        Position::Support
                    } else {
                        Position::Oppose
                    },
                    evidence: Evidence {
                        start: 0,
                        end: 20,
                        text: "Someone said somethi".into(),
                    },
                    origin: Origin::Manual,
                    status: Status::Accepted,
                    note: String::new(),
                    created: now,
                    modified: now,
                    bulk: None,
                    by: Default::default(),
                }));
            }
        }
    }
    ws.apply(Command::Batch {
        label: "network".into(),
        commands,
    })
    .expect("actors and issues apply");
    ws.apply(Command::Batch {
        label: "stances".into(),
        commands: stances,
    })
    .expect("stances apply");
    ws
}

/// The Network tab at 1,000 actors: frames while hovering, panning and
/// zooming the drawn network (the layout itself runs on a thread).
fn network_bench() {
    let ws = network_workspace(1_000);
    let filter = stance_tracker::report::Filter::default();
    let t = Instant::now();
    let view = stance_tracker::report::netview::compute(
        &ws,
        &filter,
        &stance_tracker::report::network::NetworkOptions::default(),
        stance_tracker::report::netview::SEED,
    );
    println!(
        "network: {} actors, {} ties; network + layout + communities on the thread: {:.0} ms",
        view.network.actors.len(),
        view.network.edges.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_with(ws, dir.path(), &ScriptedDialogs::default());
    h.state_mut().view_mut().results_open = true;
    h.state_mut().view_mut().results.tab = stance_tracker::ui::results::Tab::Network;
    h.step();
    let t = Instant::now();
    while h.state().view().results.network_is_computing() {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.step();
    println!(
        "  the network arrived {:.0} ms after the tab opened",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut times = Vec::new();
    for i in 0..60 {
        h.hover_at(egui::pos2(
            300.0 + (i % 20) as f32 * 25.0,
            300.0 + (i % 7) as f32 * 30.0,
        ));
        let t = Instant::now();
        step_and_tessellate(&mut h);
        times.push(t.elapsed());
    }
    report(
        "network view, 1,000 actors: pointer moving over it, per frame",
        &mut times,
    );
    let mut times = Vec::new();
    let start = egui::pos2(640.0, 500.0);
    h.drag_at(start);
    for i in 0..30 {
        h.hover_at(start + egui::vec2(i as f32 * 4.0, i as f32 * 2.0));
        let t = Instant::now();
        step_and_tessellate(&mut h);
        times.push(t.elapsed());
    }
    h.drop_at(start + egui::vec2(120.0, 60.0));
    h.step();
    report("network view, 1,000 actors: dragging to pan, per frame", &mut times);
    // The wheel zooms only with the pointer over the network.
    h.hover_at(egui::pos2(640.0, 520.0));
    h.step();
    let mut times = Vec::new();
    for i in 0..20 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, if i < 10 { 1.0 } else { -1.0 }),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        let t = Instant::now();
        step_and_tessellate(&mut h);
        times.push(t.elapsed());
    }
    report("network view, 1,000 actors: scrolling to zoom, per frame", &mut times);
}

/// The app at 1280 × 800 with `ws` open, its config and data in `dir`.
fn app_with(ws: Workspace, dir: &std::path::Path, dialogs: &ScriptedDialogs) -> Harness<'static, StanceApp> {
    // A coder is saved: the frames measured are not under "Who is coding?".
    stance_tracker::storage::identity::save_coder_name(&dir.join("c"), "Bench").unwrap();
    let config = AppConfig {
        dialogs: Box::new(dialogs.clone()),
        config_dir: Some(dir.join("c")),
        data_dir: Some(dir.join("d")),
        paths: Vec::new(),
        reopen_last: false,
        autosave_every: Duration::from_secs(3600),
    };
    let mut doc = Some(Document::opened(ws));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(50)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let mut app = StanceApp::new(config, Prefs::default());
            app.open_document(doc.take().expect("built once"), None);
            app
        });
    h.run();
    h
}

/// A frame as eframe pays for it: the UI pass plus turning its shapes into
/// triangles (the harness alone skips the tessellation).
fn step_and_tessellate(h: &mut Harness<'_, StanceApp>) {
    h.step();
    let out = h.output();
    let primitives = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    std::hint::black_box(primitives);
}

fn clear_find(h: &mut Harness<'_, StanceApp>) {
    h.state_mut().view_mut().filter.clear();
    h.step();
    while h.state().list_filter_pending() {
        h.step();
    }
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let p95 = times[times.len() * 95 / 100];
    println!(
        "{name}: mean {:.2} ms, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        mean.as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

/// CPU time of the calling thread: tells work on the UI thread from waiting.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the struct we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Frame times of `n` rounds of Ctrl+Z then Ctrl+Shift+Z.
fn undo_redo_frames(h: &mut Harness<'_, StanceApp>, n: usize) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.step();
        times.push(t.elapsed());
        h.key_press_modifiers(egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT), egui::Key::Z);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    times
}
