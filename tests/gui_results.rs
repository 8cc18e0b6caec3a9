//! GUI tests of the tables and charts: open the matrix, filter it, click
//! through to the evidence and into the reader; switch charts; export.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_tracker::model::{Origin, Status};
use stance_tracker::report::{self, Filter};
use stance_tracker::ui::results::Tab;
use stance_tracker::ui::{Action, Answer, Prefs, ScriptedDialogs, StanceApp};
mod common;

fn harness(dir: &std::path::Path, dialogs: &ScriptedDialogs) -> Harness<'static, StanceApp> {
    sized(dir, dialogs, egui::vec2(1280.0, 800.0))
}

fn sized(dir: &std::path::Path, dialogs: &ScriptedDialogs, size: egui::Vec2) -> Harness<'static, StanceApp> {
    common::app_harness(dir, dialogs, size, Prefs::default(), false)
}

/// The sample article with its confident suggestions accepted.
fn coded(dir: &std::path::Path, dialogs: &ScriptedDialogs) -> Harness<'static, StanceApp> {
    coded_in(harness(dir, dialogs))
}

fn coded_in(mut h: Harness<'static, StanceApp>) -> Harness<'static, StanceApp> {
    h.get_by_label("Open sample article").click();
    h.run();
    h.get_by_label("Accept all ≥").click();
    h.run();
    let n = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .count();
    assert!(n >= 8, "{n} accepted; {}", h.state().workspace().stance_count());
    h
}

#[test]
fn matrix_filter_and_click_through_to_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.get_by_label("Actor × issue").click();
    h.run();
    // Rubio's accepted participation stance shows as a cell.
    let cell = h.get_by_label_contains("Marco Rubio on Participation: +");
    cell.click();
    h.run();
    // The evidence panel's title repeats the cell's name.
    assert!(h.query_all_by_label_contains("Marco Rubio on Participation").count() == 2);
    assert!(h.query_all_by_label("Open").count() >= 1, "evidence listed");

    // Filtering by issue leaves only that column.
    h.get_by_label("Issues (all)").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Sanctions")
        .click();
    h.run();
    h.remove_cursor();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_all_by_label_contains("on Participation:").count() == 0);
    assert!(h.query_all_by_label_contains("on Sanctions:").count() >= 1);
    // The chip removes the filter again.
    h.get_by_label_contains("issue: Sanctions").click();
    h.run();
    assert!(h.query_all_by_label_contains("on Participation:").count() >= 1);

    // "Open" jumps to the stance in the reader.
    h.get_all_by_label("Open").next().unwrap().click();
    h.run();
    assert!(!h.state().view().results_open);
    assert!(h.state().view().stance.is_some());
}

#[test]
fn every_chart_draws_and_exports_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    for tab in [
        "Compare actors",
        "Over time",
        "Agreement map",
        "Issue overview",
        "Stances",
        "Articles",
    ] {
        h.get_by_label(tab).click();
        h.run();
        assert!(h.state().view().results_open, "{tab}");
    }
    for (tab, header) in [
        ("Compare actors", "actor,issue,net_position,support"),
        ("Over time", "actor,bucket,bucket_start,mean_position,stances"),
        ("Agreement map", "actor_a,actor_b,agreement,conflict"),
        ("Issue overview", "issue,support,oppose,neutral,mixed"),
    ] {
        h.get_by_label(tab).click();
        h.run();
        let out = dir.path().join(format!("{}.csv", tab.replace(' ', "_")));
        dialogs.push(Answer::Path(out.clone()));
        h.get_by_label("Save data CSV…").click();
        h.run();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(header), "{tab}: {text}");
        let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
        assert!(rows >= 1, "{tab} has data");
    }
}

#[test]
fn exports_from_the_menu_write_files_that_parse() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    for (label, file) in [
        ("Stances as CSV (R, pandas, spreadsheets)…", "s.csv"),
        ("Actor × issue table as CSV…", "m.csv"),
        ("Agreement network (GraphML)…", "a.graphml"),
        ("Actor network with dates (GEXF, Gephi timeline)…", "n.gexf"),
        ("REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder)…", "p.qdpx"),
        ("DNA 3 database (DNA, rDNA)…", "p.dna"),
    ] {
        let out = dir.path().join(file);
        dialogs.push(Answer::Path(out.clone()));
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Export").click();
        h.run();
        h.get_by_label(label).click();
        h.run();
        if file.ends_with(".dna") {
            let conn = rusqlite::Connection::open(&out).unwrap_or_else(|e| panic!("{label}: {e}"));
            let n: i64 = conn
                .query_row("SELECT COUNT(*) FROM STATEMENTS", [], |r| r.get(0))
                .unwrap();
            assert!(n >= 1, "{label}: statements");
            continue;
        }
        if file.ends_with(".qdpx") {
            let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{label}: {e}"));
            let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            assert!(zip.file_names().any(|n| n.is_ok_and(|n| n == "project.qde")));
            continue;
        }
        let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{label}: {e}"));
        if file.ends_with(".gexf") {
            assert!(text.contains("<gexf") && text.contains("</gexf>") && text.contains("<spell "));
        } else if file.ends_with(".csv") {
            assert!(csv::Reader::from_reader(text.as_bytes()).records().all(|r| r.is_ok()));
            assert!(text.lines().count() >= 2, "{label}");
        } else {
            assert!(text.contains("<graphml") && text.contains("</graphml>"));
        }
    }
}

/// What a node says: a label's text is its AccessKit value.
fn text_of(node: &egui_kittest::Node<'_>) -> String {
    let n = node.accesskit_node();
    n.value().or(n.label()).unwrap_or_default().to_string()
}

/// The first figure whose accessible name contains `name`, with the text
/// after `name`.
fn figure(h: &Harness<'_, StanceApp>, name: &str) -> (String, String) {
    let node = h.get_all_by_label_contains(name).next().unwrap();
    let text = text_of(&node);
    let value = text.split_once(name).unwrap().1.to_owned();
    (text, value)
}

fn matrix_cell(h: &Harness<'_, StanceApp>, actor: &str, issue: &str) -> report::Cell {
    let ws = h.state().workspace();
    let m = report::matrix(ws, &Filter::default());
    let r = m.row_of(ws.actor_by_name(actor).unwrap().id).unwrap();
    let c = m
        .columns
        .iter()
        .position(|&i| ws.issue(i).unwrap().label == issue)
        .unwrap();
    m.cell(r, c).clone()
}

#[test]
fn the_matrix_shows_the_net_position_that_matrix_csv_exports() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.get_by_label("Actor × issue").click();
    h.run();
    let out = dir.path().join("m.csv");
    dialogs.push(Answer::Path(out.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Actor × issue table as CSV…").click();
    h.run();
    let mut csv = csv::Reader::from_path(&out).unwrap();
    let headers = csv.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let mut compared = 0;
    for row in &rows {
        let actor = &row[0];
        for (col, key) in headers.iter().enumerate() {
            let Some(issue_key) = key.strip_suffix("_net_position") else {
                continue;
            };
            if row[col].is_empty() {
                continue;
            }
            let exported: f32 = row[col].parse().unwrap();
            let label = h.state().workspace().issue_by_key(issue_key).unwrap().label.clone();
            let (_, shown) = figure(&h, &format!("{actor} on {label}: "));
            let (net, counts) = shown.split_once(' ').unwrap();
            assert!(
                (net.parse::<f32>().unwrap() - exported).abs() < 0.005,
                "{actor} on {label}: {shown} vs {exported}"
            );
            let support = &row[headers
                .iter()
                .position(|k| k == format!("{issue_key}_support"))
                .unwrap()];
            let oppose = &row[headers.iter().position(|k| k == format!("{issue_key}_oppose")).unwrap()];
            assert_eq!(counts, format!("({support} support / {oppose} oppose)"));
            compared += 1;
        }
    }
    assert!(compared >= 4, "{compared} cells compared");
    // The Compare chart's bar and its data table carry the same figure.
    h.get_by_label("Compare actors").click();
    h.run();
    h.get_by_label("Data table").click();
    h.run();
    let rubio = matrix_cell(&h, "Marco Rubio", "Participation");
    let (_, bar) = figure(&h, "Marco Rubio, Participation — net position: ");
    assert_eq!(bar, format!("{:+.2}", report::net_position(&rubio).unwrap()));
}

#[test]
fn every_chart_offers_its_figures_as_a_table_screen_readers_read() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.get_by_label("Compare actors").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("— net position: ").count() == 0,
        "the chart by default"
    );
    h.get_by_label("Data table").click();
    h.run();
    let (_, support) = figure(&h, "Marco Rubio, Participation — support: ");
    assert_eq!(
        support,
        matrix_cell(&h, "Marco Rubio", "Participation").support.to_string()
    );

    h.get_by_label("Issue overview").click();
    h.run();
    let overview = report::issue_overview(h.state().workspace(), &Filter::default());
    let first = &overview[0];
    let label = h.state().workspace().issue(first.issue).unwrap().label.clone();
    let (_, n) = figure(&h, &format!("{label} — actors supporting: "));
    assert_eq!(n, first.support.to_string());

    h.get_by_label("Agreement map").click();
    h.run();
    let (text, agreed) = figure(&h, " — issues agreed on: ");
    let (a, b) = text.split_once(" — ").unwrap().0.split_once(", ").unwrap();
    let ws = h.state().workspace();
    let net = report::agreement(ws, &Filter::default());
    let (i, j) = (
        net.index_of(ws.actor_by_name(a).unwrap().id).unwrap(),
        net.index_of(ws.actor_by_name(b).unwrap().id).unwrap(),
    );
    assert_eq!(agreed, net.congruence(i, j).to_string(), "{text}");

    h.get_by_label("Over time").click();
    h.run();
    let (text, mean) = figure(&h, " — mean position: ");
    let (actor, period) = text.split_once(" — ").unwrap().0.split_once(", ").unwrap();
    let ws = h.state().workspace();
    let id = ws.actor_by_name(actor).unwrap().id;
    let issue = ws.issues().next().unwrap().id;
    let series = report::timeline(ws, &Filter::default(), issue, &[id], report::Bucket::Week);
    let point = series[0]
        .points
        .iter()
        .find(|p| report::Bucket::Week.label(p.bucket_start) == period)
        .unwrap();
    assert_eq!(mean, format!("{:+.2}", point.net));
}

#[test]
fn stance_rows_open_from_their_text_and_hidden_suggestions_are_one_click_away() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.state_mut().handle(Action::ShowResults(Tab::Stances));
    h.run();
    let pending = h.state().workspace().pending_count();
    assert!(pending >= 1);
    assert!(h.query_all_by_label("Accept").count() == 0, "accepted rows only");
    h.get_by_label(&format!("{pending} pending suggestion(s) are hidden by the filter"));
    h.get_by_label("Show them").click();
    h.run();
    assert!(h.query_all_by_label_contains("are hidden by the filter").count() == 0);
    assert_eq!(h.query_all_by_label("Accept").count(), pending);

    // Accept is one undoable command.
    let statuses =
        |h: &Harness<'_, StanceApp>| -> Vec<Status> { h.state().workspace().stances().map(|s| s.status).collect() };
    let before = statuses(&h);
    h.get_all_by_label("Accept").next().unwrap().click();
    h.run();
    assert_eq!(h.state().workspace().pending_count(), pending - 1);
    assert!(h.state().view().results_open, "deciding stays in the table");
    h.state_mut().handle(Action::Undo);
    assert_eq!(statuses(&h), before);
    h.run();
    h.get_all_by_label("Reject").next().unwrap().click();
    h.run();
    assert_eq!(
        h.state()
            .workspace()
            .stances()
            .filter(|s| s.status == Status::Rejected)
            .count(),
        1
    );

    // Sorted by confidence, highest first on the second click (manual
    // stances, without one: the unit tests in `tables.rs`).
    h.get_by_label("Confidence").click();
    h.run();
    h.get_by_label("Confidence ^").click();
    h.run();
    let shown: Vec<f32> = h
        .get_all_by_role(egui::accesskit::Role::Label)
        .filter_map(|n| text_of(&n).parse::<f32>().ok())
        .collect();
    let mut expected: Vec<f32> = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status != Status::Rejected)
        .map(|s| match s.origin {
            Origin::Suggested { confidence, .. } => (confidence * 100.0).round() / 100.0,
            Origin::Manual => unreachable!("the sample has suggestions only"),
        })
        .collect();
    expected.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(
        shown[..expected.len().min(shown.len())],
        expected[..expected.len().min(shown.len())]
    );
    assert!(shown.len() >= 8, "{shown:?}");

    // Text cut to its column shows in full on hover.
    let evidence = h.state().workspace().stances().next().unwrap().evidence.text.clone();
    let full = |h: &Harness<'_, StanceApp>| h.query_all_by_label(&evidence).count();
    let shown = full(&h);
    let start: String = evidence.chars().take(20).collect();
    h.get_all_by_label_contains(&start).next().unwrap().hover();
    h.run();
    assert_eq!(full(&h), shown + 1, "a tooltip with {evidence:?}");

    // A click on a row's text (not only on its blank parts) opens it.
    let rubio = h.get_all_by_label("Marco Rubio").next().unwrap();
    rubio.click();
    h.run();
    assert!(!h.state().view().results_open);
    let stance = h.state().view().stance.unwrap();
    let ws = h.state().workspace();
    assert_eq!(ws.actor(ws.stance(stance).unwrap().actor).unwrap().name, "Marco Rubio");
}

#[test]
fn every_results_tab_fits_a_small_window_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded_in(sized(dir.path(), &dialogs, egui::vec2(800.0, 600.0)));
    for dark in [false, true] {
        if h.state().view().dark != dark {
            h.state_mut().handle(Action::ToggleTheme);
        }
        for tab in Tab::ALL {
            h.state_mut().handle(Action::ShowResults(tab));
            // A figure computed on a thread spins until it arrives.
            let mut tries = 0;
            while h.try_run().is_err() {
                tries += 1;
                assert!(tries < 500, "{tab:?} never settles");
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            h.get_by_label(tab.label());
            if h.query_by_label("Data table").is_some() {
                h.get_by_label("Data table").click();
                h.run();
                h.get_by_label("Data table").click();
                h.run();
            }
        }
    }
}

/// "What did X say on Y?": the Quotes tab lists each accepted stance's quote
/// with its citation under the shared filter, opens one in the reader, and
/// saves the list as a Markdown quote sheet.
#[test]
fn the_quotes_tab_answers_what_an_actor_said_and_saves_a_quote_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.state_mut().handle(Action::ShowResults(Tab::Quotes));
    h.run();
    assert!(h.query_by_label("What did everyone say on every issue?").is_some());
    let rubio = h.state().workspace().actor_by_name("Marco Rubio").unwrap().id;
    h.state_mut().view_mut().results.filter.actors.insert(rubio);
    h.run();
    assert!(h.query_by_label("What did Marco Rubio say on every issue?").is_some());
    let mut filter = Filter::accepted();
    filter.actors.insert(rubio);
    let expected = report::quotes(h.state().workspace(), &filter);
    assert!(!expected.is_empty());
    assert_eq!(
        h.query_all_by_label_contains("— Marco Rubio (").count(),
        expected.len(),
        "one row per quote"
    );
    let out = dir.path().join("rubio.md");
    dialogs.push(Answer::Path(out.clone()));
    h.get_by_label("Save quote sheet (Markdown)…").click();
    h.run();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# What did Marco Rubio say on every issue?"));
    assert_eq!(md.matches("\n> “").count(), expected.len());
    assert!(md.contains("2025-02-18"), "cited with the article's date");
    // A row opens its stance in the reader.
    h.get_by_label_contains(&format!("“{}", &expected[0].text[..20]))
        .click();
    h.run();
    assert!(!h.state().view().results_open);
    assert_eq!(h.state().view().stance, Some(expected[0].stance));
}

/// The Agreement map saves the figure off-screen: an SVG naming every actor
/// of the map twice, and a PNG at 1600 × 1000; the toolbar's order changes it.
#[test]
fn the_agreement_map_saves_its_figure_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(dir.path(), &dialogs);
    h.get_by_label("Agreement map").click();
    h.run();
    h.get_by_label("name").click();
    h.run();
    let svg = dir.path().join("a.svg");
    dialogs.push(Answer::Path(svg.clone()));
    h.get_by_label("Save SVG…").click();
    h.run();
    let text = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(text.contains("<title>Agreement between actors") && text.contains("ordered by name"));
    let ws = h.state().workspace();
    let net = report::agreement(ws, &Filter::default());
    assert!(net.len() >= 3);
    for id in &net.actors {
        let name = &ws.actor(*id).unwrap().name;
        assert_eq!(text.matches(&format!(">{name}</text>")).count(), 2, "{name}");
    }
    let png = dir.path().join("a.png");
    dialogs.push(Answer::Path(png.clone()));
    h.get_by_label("Save PNG…").click();
    for _ in 0..6 {
        h.step();
        if png.exists() {
            break;
        }
    }
    let img = image::load_from_memory(&std::fs::read(&png).expect("the PNG was written")).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 1000));
}
