//! Benchmarks of the core paths: import, save/open, peak memory, analysis,
//! gazetteer load, and the syntax model (load, parse throughput).
//!
//! ```text
//! cargo bench --bench core              # 10,000 articles
//! cargo bench --bench core -- --quick   # 1,000 articles, for CI
//! cargo bench --bench core -- --articles 100000   # the scale run (400 MB of text)
//! cargo bench --bench core -- --long-article       # one article of 1, 4, 16, 64 MB
//! cargo bench --bench core -- --syntax             # only the syntax model rows
//! ```
//!
//! The corpus is the bundled Wikinews CSV, repeated until it has the wanted
//! number of articles; every repetition gets " (copy N)" appended to its text
//! so duplicate detection imports it. Files go to a temporary folder under
//! `$STANCE_BENCH_DIR` (default: the system temp dir) and are read back warm
//! from the page cache.
//!
//! Peak memory and the cold gazetteer load are measured in fresh child
//! processes: the binary re-executes itself with `--child <what> …` and
//! prints one `CHILD key=value …` line that the parent reads.
//!
//! Every timing is the median of a few runs (fewer when a run is slow); the
//! time of a child-process row is that child's single run. Sizes are in
//! MB = 10^6 bytes. The load average is printed first and last: on a busy
//! machine the figures are not comparable.
//!
//! The "analyze stages" breakdown calls the analysis internals
//! (`tokens`, `entities::find_entities`, `stances::suggest`) directly, so it
//! follows their signatures.

use rayon::prelude::*;
use stance_tracker::analysis::gazetteer::Gazetteer;
use stance_tracker::analysis::syntax::SyntaxModel;
use stance_tracker::analysis::{Analyzer, entities, stances, tokens};
use stance_tracker::import::{self, LoadOptions, Progress};
use stance_tracker::model::text::{CharIndex, content_hash, normalize_text};
use stance_tracker::model::{self, Actor, ActorId, ActorKind, Command, Date, Origin, Position, Status, Workspace};
use stance_tracker::storage;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CORPUS: &str = include_str!("../assets/corpus/wikinews_2019.csv");
const GAZETTEER: &str = include_str!("../assets/gazetteer.tsv");
const TITLES: &str = include_str!("../assets/titles.tsv");

// ---------------------------------------------------------------------------
// Configuration

struct Config {
    articles: usize,
    csv_files: usize,
    actors: usize,
    stances_per_article: usize,
    /// Most runs of one measurement; the median is reported.
    runs: usize,
    /// Stop adding runs to one measurement after this much time.
    budget: Duration,
    gazetteer_children: usize,
}

impl Config {
    fn full() -> Config {
        Config {
            articles: 10_000,
            csv_files: 10,
            actors: 500,
            stances_per_article: 10,
            runs: 3,
            budget: Duration::from_secs(20),
            gazetteer_children: 5,
        }
    }

    fn quick() -> Config {
        Config {
            articles: 1_000,
            csv_files: 10,
            actors: 100,
            stances_per_article: 10,
            runs: 3,
            budget: Duration::from_secs(5),
            gazetteer_children: 3,
        }
    }
}

// ---------------------------------------------------------------------------
// Targets

const TARGET_IMPORT_MBPS: f64 = 100.0;
const TARGET_SAVE_SECS: f64 = 1.0;
const TARGET_OPEN_SECS: f64 = 1.0;
const TARGET_PEAK_RATIO: f64 = 4.0;
const TARGET_ANALYSIS_MBPS: f64 = 20.0;
const TARGET_GAZETTEER_SECS: f64 = 0.050;
const TARGET_SYNTAX_LOAD_SECS: f64 = 0.100;

// ---------------------------------------------------------------------------
// Entry point

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1..]);
        return;
    }
    if args.iter().any(|a| a == "--long-article") {
        long_article_growth();
        return;
    }
    if args.iter().any(|a| a == "--syntax") {
        syntax_only();
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut cfg = if quick { Config::quick() } else { Config::full() };
    // `--articles 100000`: the scale run, with actors and stances in proportion.
    if let Some(n) = args
        .iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
    {
        cfg.actors = cfg.actors * n / cfg.articles;
        cfg.articles = n;
    }
    run(&cfg, quick);
}

/// `--syntax`: the syntax rows alone, on the corpus's own article texts.
fn syntax_only() {
    println!("stance-tracker core bench (--syntax): load average {}", load_average());
    let rows = corpus(2_000);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let mut cfg = Config {
        runs: 5,
        ..Config::quick()
    };
    cfg.budget = Duration::from_secs(5);
    let mut table = Table::default();
    syntax_rows(&mut table, &texts, &cfg);
    println!();
    table.print();
    println!("load average at the end {}", load_average());
}

/// Loading the syntax model, and tokenising + tagging + parsing about 1 MB
/// of articles sentence by sentence (as `tokens::sentences` cuts them) on
/// one thread: MB/s here is MB/s per core.
fn syntax_rows(table: &mut Table, docs: &[&str], cfg: &Config) {
    let model_bytes = include_bytes!("../assets/models/en_ewt_syntax.bin");
    let load = measure(cfg, || {
        SyntaxModel::load(model_bytes).expect("the bundled syntax model loads")
    });
    table.row(
        "load syntax model (in process)",
        mb(model_bytes.len()),
        Some(load.median),
        mbps(model_bytes.len(), load.median),
        format!("≤ {} ms", TARGET_SYNTAX_LOAD_SECS * 1000.0),
        Some(load.median.as_secs_f64() <= TARGET_SYNTAX_LOAD_SECS),
    );
    let syntax = load.last;
    let mut parse_text = 0;
    let parse_docs: Vec<&str> = docs
        .iter()
        .copied()
        .take_while(|t| {
            parse_text += t.len();
            parse_text < 1_000_000 + t.len()
        })
        .collect();
    let parse_bytes: usize = parse_docs.iter().map(|t| t.len()).sum();
    let sentences: Vec<(&str, std::ops::Range<usize>)> = parse_docs
        .iter()
        .flat_map(|text| {
            let toks = tokens::tokenize(text);
            tokens::sentences(text, &toks)
                .into_iter()
                .map(move |s| (*text, s.start..s.end))
                .collect::<Vec<_>>()
        })
        .collect();
    let parsed = measure(cfg, || {
        let mut words = 0;
        for (text, range) in &sentences {
            words += syntax.parse_range(text, range.clone()).len();
        }
        black_box(words)
    });
    let secs = parsed.median.as_secs_f64();
    table.row(
        "syntax: tokenize_for_parse + tag + parse, 1 thread",
        format!(
            "{} art., {}, {} sentences, {} words",
            parse_docs.len(),
            mb(parse_bytes),
            thousands(sentences.len()),
            thousands(parsed.last)
        ),
        Some(parsed.median),
        format!(
            "{:.2} MB/s per core, {:.0} sentences/s, {:.0}k words/s",
            rate(parse_bytes, parsed.median),
            sentences.len() as f64 / secs,
            parsed.last as f64 / secs / 1e3
        ),
        "-".into(),
        None,
    );
}

fn run(cfg: &Config, quick: bool) {
    let wall = Instant::now();
    let mut table = Table::default();
    let mut notes: Vec<String> = Vec::new();

    let base = std::env::var_os("STANCE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::Builder::new()
        .prefix("stance-bench-")
        .tempdir_in(&base)
        .expect("create a temp dir");
    let csv_dir = tmp.path().join("csv");
    let txt_dir = tmp.path().join("txt");
    let ws_path = tmp.path().join("bench.stance.json");

    println!(
        "stance-tracker core bench{}: {} articles, {} CPUs, rayon {} threads, load average {}, files in {}",
        if quick { " (--quick)" } else { "" },
        cfg.articles,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        rayon::current_num_threads(),
        load_average(),
        tmp.path().display()
    );

    // ---- corpus
    let t = Instant::now();
    let rows = corpus(cfg.articles);
    let row_text: usize = rows.iter().map(|r| r.text.len()).sum();
    let csv_bytes = write_csv(&csv_dir, &rows, cfg.csv_files);
    let txt_bytes = write_txt(&txt_dir, &rows);
    drop(rows);
    println!(
        "corpus: {} articles, {} of source text; {} CSV files = {}, {} .txt files = {} (written in {})",
        cfg.articles,
        mb(row_text),
        cfg.csv_files,
        mb(csv_bytes),
        cfg.articles,
        mb(txt_bytes),
        fmt_dur(t.elapsed())
    );
    let size = format!("{} art.", thousands(cfg.articles));

    // ---- 1. import throughput
    let mut import_steps: Vec<[Duration; 3]> = Vec::new();
    let csv_import = measure(cfg, || {
        let (ws, steps, report) = import_dir(&csv_dir);
        import_steps.push(steps);
        (ws, report)
    });
    let csv_steps = median_steps(&import_steps);
    let (ws, report) = csv_import.last;
    check_import(&report, cfg.articles, "CSV");
    let text_bytes: usize = ws.articles().map(|a| a.text.len()).sum();
    table.row(
        "import CSV (load+add+apply)",
        format!("{size}, {}", mb(csv_bytes)),
        Some(csv_import.median),
        mbps(csv_bytes, csv_import.median),
        format!("≥ {TARGET_IMPORT_MBPS} MB/s"),
        Some(rate(csv_bytes, csv_import.median) >= TARGET_IMPORT_MBPS),
    );

    import_steps.clear();
    let txt_import = measure(cfg, || {
        let (ws, steps, report) = import_dir(&txt_dir);
        import_steps.push(steps);
        (ws, report)
    });
    let txt_steps = median_steps(&import_steps);
    let walk = measure(cfg, || import::collect_files(std::slice::from_ref(&txt_dir)).0.len());
    check_import(&txt_import.last.1, cfg.articles, "txt");
    drop(txt_import.last);
    table.row(
        "import .txt (load+add+apply)",
        format!("{size}, {}", mb(txt_bytes)),
        Some(txt_import.median),
        mbps(txt_bytes, txt_import.median),
        format!("≥ {TARGET_IMPORT_MBPS} MB/s"),
        Some(rate(txt_bytes, txt_import.median) >= TARGET_IMPORT_MBPS),
    );

    // ---- 2b. documents as they arrive: Word and PDF files, one article or a
    // Nexis export each (the fixtures, loaded again and again).
    for (label, files) in [
        (
            "DOCX",
            &[
                "tests/fixtures/docx/mahan-air.docx",
                "tests/fixtures/nexis/riyadh-talks-nexis.docx",
            ][..],
        ),
        (
            "PDF",
            &[
                "tests/fixtures/pdf/single-column.pdf",
                "tests/fixtures/pdf/two-column.pdf",
                "tests/fixtures/pdf/nexis.pdf",
            ][..],
        ),
    ] {
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|f| Path::new(env!("CARGO_MANIFEST_DIR")).join(f))
            .collect();
        let bytes: usize = paths
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize))
            .sum();
        let rounds = if quick { 5 } else { 40 };
        let timed = measure(cfg, || {
            let mut articles = 0;
            for _ in 0..rounds {
                for p in &paths {
                    articles += import::load_file(p, &LoadOptions::default())
                        .result
                        .map_or(0, |a| a.len());
                }
            }
            articles
        });
        let articles = timed.last;
        let per_sec = articles as f64 / timed.median.as_secs_f64().max(1e-9);
        table.row(
            &format!("load {label} files (parse + layout)"),
            format!("{} files × {rounds}, {}", paths.len(), mb(bytes * rounds)),
            Some(timed.median),
            format!("{}, {per_sec:.0} articles/s", mbps(bytes * rounds, timed.median)),
            "measured".into(),
            None,
        );
    }

    // ---- 3a. peak memory of an import, in fresh processes
    for (label, dir) in [("CSV", &csv_dir), ("txt", &txt_dir)] {
        match spawn_child(&["import", &dir.to_string_lossy()]) {
            Ok(r) => {
                let peak = r.num("peak_kib") * 1024;
                let base = r.num("base_kib") * 1024;
                let ratio = peak as f64 / text_bytes as f64;
                table.row(
                    &format!("peak RSS, import {label} (child)"),
                    format!("text {}", mb(text_bytes)),
                    r.secs("secs"),
                    format!("{} = {ratio:.2}× text", mb(peak)),
                    format!("≤ {TARGET_PEAK_RATIO}× text"),
                    Some(ratio <= TARGET_PEAK_RATIO),
                );
                notes.push(format!(
                    "import {label} child: RSS at start {}, peak {} ({:.2}× text above the start), after the import {}",
                    mb(base),
                    mb(peak),
                    (peak - base.min(peak)) as f64 / text_bytes as f64,
                    mb(r.num("after_kib") * 1024)
                ));
            }
            Err(e) => table.failed(&format!("peak RSS, import {label} (child)"), &e),
        }
    }

    // ---- 2. save and open
    let mut ws = ws;
    let t = Instant::now();
    populate(&mut ws, cfg.actors, cfg.stances_per_article);
    let populate_time = t.elapsed();
    let (n_articles, n_actors, n_stances) = (ws.article_count(), ws.actors().len(), ws.stance_count());
    let ws_size = format!(
        "{}/{}/{} art./act./st.",
        thousands(n_articles),
        n_actors,
        thousands(n_stances)
    );
    table.row(
        "build actors+stances (one Batch)",
        ws_size.clone(),
        Some(populate_time),
        format!(
            "{:.0} k stances/s",
            n_stances as f64 / populate_time.as_secs_f64() / 1000.0
        ),
        "-".into(),
        None,
    );

    let save = measure(cfg, || {
        storage::save_workspace(&ws, &ws_path).expect("save the workspace")
    });
    let file_bytes = std::fs::metadata(&ws_path).map(|m| m.len() as usize).unwrap_or(0);
    table.row(
        "save_workspace (incl. fsync)",
        format!("{ws_size}, file {}", mb(file_bytes)),
        Some(save.median),
        mbps(file_bytes, save.median),
        format!("≤ {TARGET_SAVE_SECS} s"),
        Some(save.median.as_secs_f64() <= TARGET_SAVE_SECS),
    );
    let to_bytes = measure(cfg, || storage::to_bytes(&ws).len());
    let write = save.median.saturating_sub(to_bytes.median);
    let ws_text: usize = ws.articles().map(|a| a.text.len()).sum();

    let open = measure(cfg, || storage::open_workspace(&ws_path).expect("open the workspace"));
    let opened = &open.last;
    if (opened.article_count(), opened.actors().len(), opened.stance_count()) != (n_articles, n_actors, n_stances) {
        notes.push("WARNING: the opened workspace differs in counts from the saved one".into());
    }
    table.row(
        "open_workspace",
        format!("{ws_size}, file {}", mb(file_bytes)),
        Some(open.median),
        mbps(file_bytes, open.median),
        format!("≤ {TARGET_OPEN_SECS} s"),
        Some(open.median.as_secs_f64() <= TARGET_OPEN_SECS),
    );
    drop(open.last);
    let open_steps = open_breakdown(cfg, &ws_path);

    // ---- 3b. peak memory of an open, in a fresh process
    match spawn_child(&["open", &ws_path.to_string_lossy()]) {
        Ok(r) => {
            let peak = r.num("peak_kib") * 1024;
            let base = r.num("base_kib") * 1024;
            let ratio = peak as f64 / ws_text as f64;
            table.row(
                "peak RSS, open (child)",
                format!("text {}, file {}", mb(ws_text), mb(file_bytes)),
                r.secs("secs"),
                format!("{} = {ratio:.2}× text", mb(peak)),
                format!("≤ {TARGET_PEAK_RATIO}× text"),
                Some(ratio <= TARGET_PEAK_RATIO),
            );
            notes.push(format!(
                "open child: RSS at start {}, peak {} ({:.2}× text above the start; file is {:.2}× text), \
                 after the open (file buffer freed) {}",
                mb(base),
                mb(peak),
                (peak - base.min(peak)) as f64 / ws_text as f64,
                file_bytes as f64 / ws_text as f64,
                mb(r.num("after_kib") * 1024)
            ));
        }
        Err(e) => table.failed("peak RSS, open (child)", &e),
    }

    // ---- 4. analysis
    let docs: Vec<(&str, Option<Date>)> = ws.articles().map(|a| (&*a.text, a.date)).collect();
    let analyzer = Analyzer::standalone();
    black_box(analyzer.analyze(docs[0].0, docs[0].1)); // loads the bundled gazetteer
    let single = measure(cfg, || {
        let mut found = (0usize, 0usize);
        for &(text, date) in &docs {
            let r = analyzer.analyze(text, date);
            found.0 += r.actors.len();
            found.1 += r.stances.len();
        }
        black_box(found)
    });
    table.row(
        "analyze, 1 thread",
        format!("{size}, {}", mb(text_bytes)),
        Some(single.median),
        mbps(text_bytes, single.median),
        format!("≥ {TARGET_ANALYSIS_MBPS} MB/s"),
        Some(rate(text_bytes, single.median) >= TARGET_ANALYSIS_MBPS),
    );
    let threads = rayon::current_num_threads();
    let parallel = measure(cfg, || {
        let found = docs
            .par_iter()
            .map(|&(text, date)| {
                let r = analyzer.analyze(text, date);
                (r.actors.len(), r.stances.len())
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        black_box(found)
    });
    table.row(
        &format!("analyze, rayon {threads} threads"),
        format!("{size}, {}", mb(text_bytes)),
        Some(parallel.median),
        format!(
            "{} ({:.2}× 1 thread)",
            mbps(text_bytes, parallel.median),
            single.median.as_secs_f64() / parallel.median.as_secs_f64()
        ),
        "-".into(),
        None,
    );
    notes.push(format!(
        "analysis found {} actor entities and {} stance suggestions in {} articles",
        thousands(single.last.0),
        thousands(single.last.1),
        thousands(docs.len())
    ));
    let per_article = per_article_times(&analyzer, &docs);
    let stages = analysis_stages(&docs);
    let text_steps = text_steps(&ws);

    // ---- gazetteer load
    let mut cold = Vec::new();
    let mut entries = 0;
    let mut child_error = None;
    for _ in 0..cfg.gazetteer_children {
        match spawn_child(&["gazetteer"]) {
            Ok(r) => {
                cold.extend(r.secs("secs"));
                entries = r.num("entries");
            }
            Err(e) => child_error = Some(e),
        }
    }
    let gaz_size = format!("{} + {}", mb(GAZETTEER.len()), mb(TITLES.len()));
    if cold.is_empty() {
        table.failed("Gazetteer::parse, cold (child)", &child_error.unwrap_or_default());
    } else {
        let cold_median = median(&mut cold);
        table.row(
            "Gazetteer::parse, cold (child)",
            format!("{gaz_size}, {} entries", thousands(entries)),
            Some(cold_median),
            mbps(GAZETTEER.len() + TITLES.len(), cold_median),
            format!("≤ {} ms", TARGET_GAZETTEER_SECS * 1000.0),
            Some(cold_median.as_secs_f64() <= TARGET_GAZETTEER_SECS),
        );
    }
    let mut warm_cfg = Config {
        runs: 5,
        ..Config::quick()
    };
    warm_cfg.budget = Duration::from_secs(5);
    let warm = measure(&warm_cfg, || Gazetteer::parse(GAZETTEER, TITLES).entries().len());
    table.row(
        "Gazetteer::parse, warm (in process)",
        gaz_size,
        Some(warm.median),
        mbps(GAZETTEER.len() + TITLES.len(), warm.median),
        "-".into(),
        None,
    );

    // ---- syntax model: load, and parse throughput on article text (1 thread)
    let texts: Vec<&str> = docs.iter().map(|d| d.0).collect();
    syntax_rows(&mut table, &texts, &warm_cfg);

    // ---- report
    println!();
    table.print();
    println!();
    println!("Breakdown (medians):");
    println!(
        "  import CSV : load_paths {} | add_to_workspace {} | apply {}",
        fmt_dur(csv_steps[0]),
        fmt_dur(csv_steps[1]),
        fmt_dur(csv_steps[2])
    );
    println!(
        "  import .txt: load_paths {} [of which collect_files, the serial folder walk, {}] | add_to_workspace {} | apply {}",
        fmt_dur(txt_steps[0]),
        fmt_dur(walk.median),
        fmt_dur(txt_steps[1]),
        fmt_dur(txt_steps[2])
    );
    println!(
        "  save       : serialise (storage::to_bytes) {} | write + fsync + rename ≈ {}",
        fmt_dur(to_bytes.median),
        fmt_dur(write)
    );
    println!(
        "  open       : read {} | UTF-8 check {} | header pass {} | typed parse {} | checksum {} ({:.1}% of the open) | validate + indexes ≈ {}",
        fmt_dur(open_steps[0]),
        fmt_dur(open_steps[1]),
        fmt_dur(open_steps[2]),
        fmt_dur(open_steps[3]),
        fmt_dur(open_steps[4]),
        100.0 * open_steps[4].as_secs_f64() / open.median.as_secs_f64().max(1e-9),
        fmt_dur(open.median.saturating_sub(open_steps.iter().sum()))
    );
    println!(
        "  import text: (1 thread, all article texts) normalize_text {} | content_hash {} | CharIndex::new {}",
        mbps(text_bytes, text_steps[0]),
        mbps(text_bytes, text_steps[1]),
        mbps(text_bytes, text_steps[2])
    );
    println!(
        "  analyze    : per article median {} | p99 {} | max {}",
        fmt_dur(per_article[0]),
        fmt_dur(per_article[1]),
        fmt_dur(per_article[2])
    );
    let stage_total: Duration = stages.times.iter().sum();
    let share = |d: Duration| {
        format!(
            "{} ({:.0}%, {})",
            fmt_dur(d),
            100.0 * d.as_secs_f64() / stage_total.as_secs_f64(),
            mbps(stages.bytes, d)
        )
    };
    println!(
        "  analyze stages ({} articles, {}, 1 thread): tokenize+sentences+lower-case words {} | find_entities {} [of which Gazetteer::find {}] | stances::suggest {}",
        thousands(stages.articles),
        mb(stages.bytes),
        share(stages.times[0]),
        share(stages.times[1]),
        share(stages.gazetteer_find),
        share(stages.times[2])
    );
    for n in &notes {
        println!("  note: {n}");
    }
    println!();
    println!(
        "total bench time {}, load average now {}",
        fmt_dur(wall.elapsed()),
        load_average()
    );
}

// ---------------------------------------------------------------------------
// One long article

/// The analysis of one article of 1, 4, 16 and 64 MB: the corpus on one line
/// (one paragraph, the worst case for looking back), with the time, the rate
/// and the growth from the size before. Linear work grows 4× per step.
fn long_article_growth() {
    println!("one long article, 1 thread, load average {}", load_average());
    let seed = seed_rows();
    let line: String = seed
        .iter()
        .map(|r| r.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ");
    let analyzer = Analyzer::standalone();
    black_box(analyzer.analyze(&seed[0].text, None)); // loads the bundled gazetteer
    let date = Date::parse_iso("2019-06-01");
    let mut table = Table::default();
    let mut previous: Option<Duration> = None;
    for size in [1, 4, 16, 64].map(|n| n * 1_000_000) {
        let mut text = line.repeat(size / line.len() + 1);
        text.truncate(text.floor_char_boundary(size));
        let t = Instant::now();
        let found = analyzer.analyze(&text, date);
        let time = t.elapsed();
        let growth = previous.map_or("-".into(), |p| format!("{:.1}×", time.as_secs_f64() / p.as_secs_f64()));
        table.row(
            "analyze one article",
            format!("{}, {} stances", mb(size), thousands(found.stances.len())),
            Some(time),
            format!("{}, growth {growth}", mbps(size, time)),
            "growth ≈ 4× per 4× size".into(),
            previous.map(|p| time.as_secs_f64() / p.as_secs_f64() < 6.0),
        );
        previous = Some(time);
    }
    table.print();
    println!("load average now {}", load_average());
}

// ---------------------------------------------------------------------------
// Corpus

struct Row {
    url: String,
    date: String,
    title: String,
    text: String,
}

fn seed_rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(CORPUS.as_bytes());
    let headers = reader.headers().expect("corpus header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("corpus has no {name} column"))
    };
    let (url, date, title, text) = (col("url"), col("date"), col("title"), col("text"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("corpus row");
            Row {
                url: r[url].to_owned(),
                date: r[date].to_owned(),
                title: r[title].to_owned(),
                text: r[text].to_owned(),
            }
        })
        .collect()
}

/// `n` articles: the seed rows, then copies whose text ends in " (copy N)".
fn corpus(n: usize) -> Vec<Row> {
    let seed = seed_rows();
    (0..n)
        .map(|i| {
            let r = &seed[i % seed.len()];
            let copy = i / seed.len();
            if copy == 0 {
                Row {
                    url: r.url.clone(),
                    date: r.date.clone(),
                    title: r.title.clone(),
                    text: r.text.clone(),
                }
            } else {
                Row {
                    url: format!("{}#copy{copy}", r.url),
                    date: r.date.clone(),
                    title: format!("{} (copy {copy})", r.title),
                    text: format!("{} (copy {copy})\n", r.text.trim_end()),
                }
            }
        })
        .collect()
}

fn write_csv(dir: &Path, rows: &[Row], files: usize) -> usize {
    std::fs::create_dir_all(dir).expect("create the CSV folder");
    let per_file = rows.len().div_ceil(files);
    let mut total = 0;
    for (k, chunk) in rows.chunks(per_file).enumerate() {
        let path = dir.join(format!("corpus_{k:02}.csv"));
        let mut w = csv::Writer::from_path(&path).expect("create a CSV file");
        w.write_record(["url", "date", "title", "text"]).expect("write CSV");
        for r in chunk {
            w.write_record([&r.url, &r.date, &r.title, &r.text]).expect("write CSV");
        }
        w.flush().expect("write CSV");
        drop(w);
        total += std::fs::metadata(&path).expect("CSV written").len() as usize;
    }
    total
}

fn write_txt(dir: &Path, rows: &[Row]) -> usize {
    std::fs::create_dir_all(dir).expect("create the txt folder");
    let mut total = 0;
    for (i, r) in rows.iter().enumerate() {
        let content = format!("Title: {}\nDate: {}\nSource: {}\n\n{}", r.title, r.date, r.url, r.text);
        std::fs::write(dir.join(format!("{i:05}.txt")), &content).expect("write a txt file");
        total += content.len();
    }
    total
}

// ---------------------------------------------------------------------------
// Import

/// One import of a folder into a new workspace, as the app does it. Returns
/// the durations of load_paths, add_to_workspace and apply.
fn import_dir(dir: &Path) -> (Workspace, [Duration; 3], import::ImportReport) {
    let t0 = Instant::now();
    let loads = import::load_paths(&[dir.to_owned()], &LoadOptions::default(), &Progress::default());
    let t1 = Instant::now();
    let mut ws = Workspace::new();
    let (cmd, report) = import::add_to_workspace(&ws, loads);
    let t2 = Instant::now();
    if let Some(cmd) = cmd {
        black_box(ws.apply(cmd).expect("the import command applies"));
    }
    let t3 = Instant::now();
    (ws, [t1 - t0, t2 - t1, t3 - t2], report)
}

fn check_import(report: &import::ImportReport, expected: usize, what: &str) {
    if report.imported() != expected || report.failed() > 0 || report.duplicates() > 0 {
        let first_problem = report
            .entries
            .iter()
            .find(|e| !matches!(e.outcome, import::Outcome::Imported { .. }));
        eprintln!(
            "WARNING: {what} import: {} imported of {expected}, {} duplicates, {} failed; e.g. {first_problem:?}",
            report.imported(),
            report.duplicates(),
            report.failed()
        );
    }
}

// ---------------------------------------------------------------------------
// Save and open

const FIRST_NAMES: [&str; 10] = [
    "Anna", "Boris", "Chen", "Dmitri", "Elif", "Farid", "Greta", "Hamid", "Ines", "Jonas",
];
const LAST_NAMES: [&str; 10] = [
    "Petrov",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Rossi",
    "Nguyen",
    "Silva",
];

/// Adds `actors` actors and `per_article` stances per article (half manual and
/// accepted, half suggested and pending), each as one batch.
fn populate(ws: &mut Workspace, actors: usize, per_article: usize) {
    let kinds = [
        ActorKind::Person,
        ActorKind::State,
        ActorKind::Organization,
        ActorKind::Group,
    ];
    let mut commands = Vec::with_capacity(actors);
    for k in 0..actors {
        let kind = kinds[k % kinds.len()];
        let name = match kind {
            ActorKind::Person => format!("{} {} {k}", FIRST_NAMES[k % 10], LAST_NAMES[(k / 10) % 10]),
            ActorKind::State => format!("State {k}"),
            ActorKind::Organization => format!("Ministry of Affairs {k}"),
            _ => format!("Coalition {k}"),
        };
        let mut actor = Actor::new(ActorId(ws.alloc_id()), name, kind);
        actor.aliases = vec![format!("A{k}")];
        commands.push(Command::AddActor(actor));
    }
    ws.apply(Command::Batch {
        label: "bench actors".into(),
        commands,
    })
    .expect("actors apply");

    let actor_ids: Vec<(ActorId, String)> = ws.actors().map(|a| (a.id, a.name.clone())).collect();
    let issue_ids: Vec<_> = ws.issues().map(|i| i.id).collect();
    let articles: Vec<(model::ArticleId, usize)> = ws.articles().map(|a| (a.id, a.char_len())).collect();
    let mut commands = Vec::with_capacity(articles.len() * per_article);
    for (n, &(article, len)) in articles.iter().enumerate() {
        let segment = len / per_article;
        let span = segment.min(160);
        for k in 0..per_article {
            let j = n * per_article + k;
            let (actor, actor_name) = &actor_ids[j % actor_ids.len()];
            let start = k * segment;
            let note = if j.is_multiple_of(10) {
                "checked against the original".to_owned()
            } else {
                String::new()
            };
            let mut cmd = model::ops::new_manual_stance(
                ws,
                article,
                *actor,
                issue_ids[j % issue_ids.len()],
                Position::ALL[j % Position::ALL.len()],
                start,
                start + span,
                note,
            )
            .expect("valid stance span");
            if j % 2 == 1
                && let Command::AddStance(s) = &mut cmd
            {
                s.origin = Origin::Suggested {
                    rule: format!("speaker '{actor_name}' + cue 'talks'"),
                    confidence: 0.75,
                };
                s.status = Status::Pending;
            }
            commands.push(cmd);
        }
    }
    ws.apply(Command::Batch {
        label: "bench stances".into(),
        commands,
    })
    .expect("stances apply");
}

/// Medians of the steps of `storage::open_workspace`, re-done from outside:
/// read, UTF-8 check, the header pass (which parses the whole document), the
/// typed parse, and the file's checksum (xxh3-128 of the whole file, which
/// opening computes while parsing). What remains of the open time is
/// validation (with the articles' content hashes) and indexes.
fn open_breakdown(cfg: &Config, path: &Path) -> [Duration; 5] {
    let bytes = std::fs::read(path).expect("read the workspace");
    let read = measure(cfg, || std::fs::read(path).expect("read").len());
    let utf8 = measure(cfg, || std::str::from_utf8(&bytes).is_ok());
    let header = measure(cfg, || serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok());
    let typed = measure(cfg, || {
        serde_json::from_slice::<Workspace>(&bytes).expect("typed parse")
    });
    drop(typed.last);
    let checksum = measure(cfg, || xxhash_rust::xxh3::xxh3_128(&bytes));
    [read.median, utf8.median, header.median, typed.median, checksum.median]
}

// ---------------------------------------------------------------------------
// Analysis

/// Median, 99th percentile and maximum time of one article's analysis.
fn per_article_times(analyzer: &Analyzer, docs: &[(&str, Option<Date>)]) -> [Duration; 3] {
    let step = (docs.len() / 2000).max(1);
    let mut times: Vec<Duration> = docs
        .iter()
        .step_by(step)
        .map(|&(text, date)| {
            let t = Instant::now();
            black_box(analyzer.analyze(text, date));
            t.elapsed()
        })
        .collect();
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    [p(0.5), p(0.99), p(1.0)]
}

struct Stages {
    articles: usize,
    bytes: usize,
    /// tokenize + sentences, find_entities, stances::suggest.
    times: [Duration; 3],
    gazetteer_find: Duration,
}

/// The stages of `Analyzer::analyze` run one by one over a sample of the
/// articles (every 5th at full size), on one thread. This calls the analysis
/// internals directly, so it follows their signatures.
fn analysis_stages(docs: &[(&str, Option<Date>)]) -> Stages {
    let step = (docs.len() / 2000).max(1);
    let gazetteer = Gazetteer::bundled();
    let lookup = entities::Lookup { user: None, gazetteer };
    let issues: Vec<stances::IssueCues> = model::default_issues()
        .iter()
        .map(stances::IssueCues::from_issue)
        .collect();
    let cues = stances::CueIndex::new(&issues);
    let mut out = Stages {
        articles: 0,
        bytes: 0,
        times: [Duration::ZERO; 3],
        gazetteer_find: Duration::ZERO,
    };
    for &(text, date) in docs.iter().step_by(step) {
        let date = date.unwrap_or_else(|| model::Timestamp::now().date());
        out.articles += 1;
        out.bytes += text.len();
        let t0 = Instant::now();
        let toks = tokens::tokenize(text);
        let sents = tokens::sentences(text, &toks);
        let lower = tokens::LowerWords::new(text, &toks);
        let t1 = Instant::now();
        let ents = entities::find_entities(text, &toks, &lower, &sents, &lookup, date);
        let t2 = Instant::now();
        black_box(stances::suggest(text, &toks, &lower, &sents, &ents, &issues, &cues));
        let t3 = Instant::now();
        black_box(gazetteer.find(text)); // the whole-text scan; the analysis tries token starts only
        let t4 = Instant::now();
        out.times[0] += t1 - t0;
        out.times[1] += t2 - t1;
        out.times[2] += t3 - t2;
        out.gazetteer_find += t4 - t3;
    }
    out
}

/// Single-thread time of the per-article text work of an import, over all
/// article texts: normalisation, the duplicate hash and the char index.
fn text_steps(ws: &Workspace) -> [Duration; 3] {
    let texts: Vec<&str> = ws.articles().map(|a| &*a.text).collect();
    let time = |f: &dyn Fn(&str)| {
        let t = Instant::now();
        for text in &texts {
            f(text);
        }
        t.elapsed()
    };
    [
        time(&|t| drop(black_box(normalize_text(t.to_owned())))),
        time(&|t| drop(black_box(content_hash(t)))),
        time(&|t| drop(black_box(CharIndex::new(t)))),
    ]
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

// ---------------------------------------------------------------------------
// Child processes

fn child(args: &[String]) {
    let base = status_kib("VmRSS");
    let what = args.first().map(String::as_str).unwrap_or("");
    let line = match what {
        "gazetteer" => {
            let t = Instant::now();
            let g = Gazetteer::parse(GAZETTEER, TITLES);
            let secs = t.elapsed().as_secs_f64();
            format!("secs={secs} entries={}", g.entries().len())
        }
        "import" => {
            let dir = PathBuf::from(&args[1]);
            let t = Instant::now();
            let (ws, _, report) = import_dir(&dir);
            let secs = t.elapsed().as_secs_f64();
            drop(report);
            let (peak, after) = (status_kib("VmHWM"), status_kib("VmRSS"));
            format!(
                "secs={secs} articles={} peak_kib={peak} after_kib={after}",
                ws.article_count()
            )
        }
        "open" => {
            let path = PathBuf::from(&args[1]);
            let t = Instant::now();
            let ws = storage::open_workspace(&path).expect("open the workspace");
            let secs = t.elapsed().as_secs_f64();
            let (peak, after) = (status_kib("VmHWM"), status_kib("VmRSS"));
            format!(
                "secs={secs} articles={} stances={} peak_kib={peak} after_kib={after}",
                ws.article_count(),
                ws.stance_count()
            )
        }
        other => {
            eprintln!("unknown child mode {other:?}");
            std::process::exit(2);
        }
    };
    println!("CHILD base_kib={base} {line}");
}

/// A field of /proc/self/status in kB (0 where there is no /proc).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct ChildResult(HashMap<String, String>);

impl ChildResult {
    fn secs(&self, key: &str) -> Option<Duration> {
        self.0
            .get(key)
            .and_then(|v| v.parse().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
    }

    fn num(&self, key: &str) -> usize {
        self.0.get(key).and_then(|v| v.parse().ok()).unwrap_or(0)
    }
}

fn spawn_child(args: &[&str]) -> Result<ChildResult, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::process::Command::new(exe)
        .arg("--child")
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix("CHILD "));
    match (out.status.success(), line) {
        (true, Some(line)) => Ok(ChildResult(
            line.split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )),
        _ => Err(format!(
            "child {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
    }
}

// ---------------------------------------------------------------------------
// Measuring and reporting

struct Timed<T> {
    median: Duration,
    last: T,
}

/// Runs `f` up to `cfg.runs` times (at least once, fewer when the budget is
/// spent) and returns the median time and the last result. Results are
/// dropped outside the timed region.
fn measure<T>(cfg: &Config, mut f: impl FnMut() -> T) -> Timed<T> {
    let start = Instant::now();
    let mut times = Vec::new();
    let mut last = None;
    loop {
        drop(last.take());
        let t = Instant::now();
        let v = f();
        times.push(t.elapsed());
        last = Some(v);
        if times.len() >= cfg.runs || start.elapsed() >= cfg.budget {
            break;
        }
    }
    Timed {
        median: median(&mut times),
        last: last.expect("at least one run"),
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let n = times.len();
    if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

fn median_steps(runs: &[[Duration; 3]]) -> [Duration; 3] {
    let mut out = [Duration::ZERO; 3];
    for (i, o) in out.iter_mut().enumerate() {
        let mut v: Vec<Duration> = runs.iter().map(|r| r[i]).collect();
        *o = median(&mut v);
    }
    out
}

fn rate(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn mbps(bytes: usize, d: Duration) -> String {
    format!("{:.1} MB/s", rate(bytes, d))
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fmt_dur(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1e-3 {
        format!("{:.0} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

#[derive(Default)]
struct Table {
    rows: Vec<[String; 6]>,
}

impl Table {
    fn row(
        &mut self,
        name: &str,
        size: String,
        time: Option<Duration>,
        throughput: String,
        target: String,
        met: Option<bool>,
    ) {
        let verdict = match met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        self.rows.push([
            name.to_owned(),
            size,
            time.map_or("-".into(), fmt_dur),
            throughput,
            target,
            verdict.into(),
        ]);
    }

    fn failed(&mut self, name: &str, error: &str) {
        eprintln!("{name}: {error}");
        self.rows.push([
            name.to_owned(),
            "-".into(),
            "-".into(),
            "child failed".into(),
            "-".into(),
            "ERROR".into(),
        ]);
    }

    fn print(&self) {
        let header = [
            "benchmark",
            "size",
            "time (median)",
            "throughput / result",
            "target",
            "",
        ]
        .map(String::from);
        let all: Vec<&[String; 6]> = std::iter::once(&header).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..6)
            .map(|c| all.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let line = |r: &[String; 6]| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (s, &w))| if c == 2 { format!("{s:>w$}") } else { format!("{s:<w$}") })
                .collect();
            println!("| {} |", cells.join(" | "));
        };
        line(&header);
        println!(
            "|{}|",
            widths.iter().map(|&w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|")
        );
        for r in &self.rows {
            line(r);
        }
    }
}
