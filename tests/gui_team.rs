//! Coding as a team in the real app: "Who is coding?" on the first run, the
//! coder on every stance, done marks with Ctrl+D, the results' Layer box,
//! and the blind reliability sample.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::{CoderId, Status};
use stance_tracker::report::{self, Filter};
use stance_tracker::storage::identity;
use stance_tracker::ui::{Prefs, StanceApp};
mod common;

use common::{Fixture, chord, press};

fn first_run(fx: &Fixture) -> Harness<'static, StanceApp> {
    let config = common::app_config_without_coder(fx.dir.path(), &fx.dialogs);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()))
}

fn open_sample(h: &mut Harness<'_, StanceApp>) {
    h.get_by_label("Open sample article").click();
    h.run();
    assert!(h.state().workspace().article_count() == 1);
}

fn coder(h: &Harness<'_, StanceApp>, name: &str) -> CoderId {
    h.state()
        .workspace()
        .coder_by_name(name)
        .unwrap_or_else(|| panic!("no coder {name}"))
        .id
}

/// Coding ▸ `item`.
fn coding_menu(h: &mut Harness<'_, StanceApp>, item: &str) {
    h.get_by_label("Coding").click();
    h.run();
    // An item with a shortcut is named with it.
    h.get_by_label_contains(item).click();
    h.run();
}

/// Coding ▸ Change coder…, then the name typed and OK.
fn change_coder(h: &mut Harness<'_, StanceApp>, name: &str) {
    coding_menu(h, "Change coder…");
    h.get_by_label("Your name").type_text(name);
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().document().coder_name(), Some(name));
}

#[test]
fn the_first_run_asks_who_is_coding_and_keeps_the_name() {
    let fx = Fixture::new();
    let config_dir = fx.path("config");
    let mut h = first_run(&fx);
    h.run();
    assert!(h.query_by_label("Who is coding?").is_some(), "the prompt is up");
    assert!(h.query_by_label_contains("Coding as").is_none());
    h.get_by_label("Your name").type_text("Ana Ruiz");
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Who is coding?").is_none(), "OK closes it");
    assert_eq!(identity::load_coder_name(&config_dir).as_deref(), Some("Ana Ruiz"));
    assert!(
        h.query_by_label("Coding as Ana Ruiz").is_some(),
        "the status bar names the coder"
    );
    assert_eq!(h.state().document().coder_name(), Some("Ana Ruiz"));

    // The next start knows the name, asks nothing, and codes as Ana in
    // any workspace opened.
    let mut h = first_run(&fx);
    h.run();
    assert!(h.query_by_label("Who is coding?").is_none());
    open_sample(&mut h);
    assert!(h.query_by_label("Coding as Ana Ruiz").is_some());
    assert_eq!(h.state().document().coder_name(), Some("Ana Ruiz"));
}

#[test]
fn without_a_config_folder_the_app_codes_anonymously_without_asking() {
    let fx = Fixture::new();
    let mut config = common::app_config_without_coder(fx.dir.path(), &fx.dialogs);
    config.config_dir = None;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()));
    h.run();
    assert!(h.query_by_label("Who is coding?").is_none());
    open_sample(&mut h);
    press(&mut h, Key::J);
    press(&mut h, Key::A);
    let ws = h.state().workspace();
    assert!(
        ws.stances()
            .any(|s| s.status == Status::Accepted && s.by.coder.is_none())
    );
    assert_eq!(ws.coders().count(), 0);
}

#[test]
fn a_stance_accepted_is_the_coders_and_ctrl_d_marks_the_article_done_undoably() {
    let fx = Fixture::new();
    let mut h = fx.harness();
    h.run();
    assert!(
        h.query_by_label("Who is coding?").is_none(),
        "the harness has a saved coder"
    );
    open_sample(&mut h);
    assert!(h.query_by_label("Coding as Tester").is_some());
    press(&mut h, Key::J);
    let picked = h.state().view().stance.expect("J selects a suggestion");
    press(&mut h, Key::A);
    let tester = coder(&h, common::TESTER);
    let s = h.state().workspace().stance(picked).unwrap();
    assert_eq!(s.status, Status::Accepted);
    assert_eq!(s.by.coder, Some(tester), "accepting made it Tester's");
    assert_eq!(s.by.modified_by, Some(tester));

    let article = h.state().view().article.unwrap();
    assert!(h.query_by_label("Not done").is_some());
    chord(&mut h, Modifiers::COMMAND, Key::D);
    assert!(h.state().workspace().is_done(article, tester), "Ctrl+D marked it done");
    assert!(h.query_by_label("Done").is_some(), "the reader says so");
    assert!(h.query_by_label("1 of 1 done").is_some(), "the status bar counts it");
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().workspace().is_done(article, tester), "undo took it back");
    assert!(h.query_by_label("Not done").is_some());
    assert_eq!(
        h.state().workspace().stance(picked).unwrap().status,
        Status::Accepted,
        "only the done mark was undone"
    );
    // The reader's button and the menu toggle it too.
    h.get_by_label("Mark done").click();
    h.run();
    assert!(h.state().workspace().is_done(article, tester));
    coding_menu(&mut h, "Mark article done");
    assert!(!h.state().workspace().is_done(article, tester));
    // F1 lists the shortcut.
    press(&mut h, Key::F1);
    assert!(h.query_by_label("Ctrl+D").is_some());
    assert!(h.query_by_label_contains("Mark the article done").is_some());
}

#[test]
fn the_layer_box_chooses_whose_coding_the_matrix_counts() {
    let fx = Fixture::new();
    let mut h = fx.harness();
    h.run();
    open_sample(&mut h);
    // Tester accepts one suggestion; Ben accepts every other one.
    press(&mut h, Key::J);
    press(&mut h, Key::A);
    change_coder(&mut h, "Ben");
    assert!(h.query_by_label("Coding as Ben").is_some());
    h.get_by_label("Accept all ≥").click();
    h.run();
    let (tester, ben) = (coder(&h, common::TESTER), coder(&h, "Ben"));
    let ws = h.state().workspace();
    assert!(ws.stances().filter(|s| s.by.coder == Some(ben)).count() >= 5);
    assert_eq!(ws.stances().filter(|s| s.by.coder == Some(tester)).count(), 1);

    // The cells each layer's matrix has, as the matrix labels them.
    let cells = |h: &Harness<'_, StanceApp>, layer: CoderId| -> Vec<String> {
        let ws = h.state().workspace();
        let filter = Filter {
            layer: Some(layer),
            ..Filter::default()
        };
        let m = report::matrix(ws, &filter);
        let mut out = Vec::new();
        for r in 0..m.rows.len() {
            for c in 0..m.columns.len() {
                let cell = m.cell(r, c);
                if cell.is_empty() {
                    continue;
                }
                let actor = &ws.actor(m.rows[r]).unwrap().name;
                let issue = &ws.issue(m.columns[c]).unwrap().label;
                let net = report::net_position(cell).unwrap();
                out.push(format!(
                    "{actor} on {issue}: {net:+.2} ({} support / {} oppose)",
                    cell.support, cell.oppose
                ));
            }
        }
        out
    };
    let tester_cells = cells(&h, tester);
    let ben_cells = cells(&h, ben);
    assert_eq!(tester_cells.len(), 1);
    let only_tester: Vec<&String> = tester_cells.iter().filter(|c| !ben_cells.contains(c)).collect();
    assert!(!only_tester.is_empty(), "{tester_cells:?} vs {ben_cells:?}");

    h.get_by_label("Actor × issue").click();
    h.run();
    // Two layers, no consensus: the person coding's own by default.
    assert_eq!(h.state().view().results.filter.layer, Some(ben));
    for c in &ben_cells {
        assert!(h.query_by_label(c).is_some(), "Ben's layer shows {c}");
    }
    assert!(h.query_by_label(only_tester[0]).is_none());

    h.get_by_label("Layer").click();
    h.run();
    h.get_by_label(common::TESTER).click();
    h.run();
    assert_eq!(h.state().view().results.filter.layer, Some(tester));
    assert!(
        h.query_by_label(only_tester[0]).is_some(),
        "Tester's layer shows their cell"
    );
    let ben_only: Vec<&String> = ben_cells.iter().filter(|c| !tester_cells.contains(c)).collect();
    assert!(h.query_by_label(ben_only[0]).is_none(), "and not Ben's");

    // The export counts the layer on screen.
    let out = fx.path("m.csv");
    fx.dialogs.push(stance_tracker::ui::Answer::Path(out.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Actor × issue table as CSV…").click();
    h.run();
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "one actor row in Tester's layer: {csv}");
    assert!(lines[1].ends_with(",Tester"), "{csv}");
}

#[test]
fn other_coders_stances_can_be_hidden() {
    let fx = Fixture::new();
    let mut h = fx.harness();
    h.run();
    open_sample(&mut h);
    h.get_by_label("Accept all ≥").click();
    h.run();
    assert!(h.query_by_label("Accepted").is_some());
    change_coder(&mut h, "Ben");
    assert!(h.query_by_label("Accepted").is_some(), "shown by default");
    coding_menu(&mut h, "Show other coders' stances");
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Accepted").is_none(),
        "Tester's stances are hidden from Ben"
    );
    assert!(
        h.query_by_label_contains(", 0 accepted,").is_some(),
        "the header counts what is shown"
    );
    let pending = h.state().workspace().stances().any(|s| s.status == Status::Pending);
    assert_eq!(
        h.query_by_label("Suggestions to review").is_some(),
        pending,
        "undecided suggestions are nobody's: still shown"
    );
    // Ticked again, they are back.
    coding_menu(&mut h, "Show other coders' stances");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Accepted").is_some());
}

#[test]
fn a_blind_sample_hides_the_suggestions_there() {
    let fx = Fixture::new();
    let mut h = fx.harness();
    h.run();
    open_sample(&mut h);
    let article = h.state().view().article.unwrap();
    assert!(h.query_by_label("Suggestions to review").is_some());
    coding_menu(&mut h, "Reliability sample…");
    assert!(h.query_by_label("Reliability sample").is_some(), "the dialog is up");
    h.get_by_label("The article open in the reader").click();
    h.run();
    h.get_by_label("Set sample").click();
    h.run();
    let ws = h.state().workspace();
    let sample = ws.reliability_sample().expect("the sample is set");
    assert!(sample.blind);
    assert_eq!(sample.articles.iter().copied().collect::<Vec<_>>(), vec![article]);
    assert!(sample.coders.contains(&coder(&h, common::TESTER)));
    assert!(
        h.query_by_label("Suggestions to review").is_none(),
        "hidden while blind"
    );
    assert!(h.query_all_by_label("Blind coding").count() >= 1, "a banner says why");
    assert_eq!(
        h.query_all_by_label_contains("0 pending").count(),
        2,
        "neither the reader's header nor the status bar counts them"
    );
    assert!(h.query_by_label_contains("stances (0 pending)").is_some());
    // J finds nothing to review, and A accepts nothing.
    press(&mut h, Key::J);
    assert!(h.state().view().stance.is_none());
    let before = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .count();
    h.state_mut().handle(stance_tracker::ui::Action::AcceptAllAbove(0.0));
    let after = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .count();
    assert_eq!(before, after, "no blind acceptance of hidden suggestions");

    // Undo ends the sample: the suggestions are back.
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().workspace().reliability_sample().is_none());
    assert!(h.query_by_label("Suggestions to review").is_some());
    assert!(h.query_by_label_contains("stances (0 pending)").is_none());
}

#[test]
fn a_random_sample_is_drawn_with_the_seed_it_shows() {
    let fx = Fixture::new();
    let mut h = fx.harness();
    h.run();
    open_sample(&mut h);
    coding_menu(&mut h, "Reliability sample…");
    h.get_by_label("Blind").click();
    h.run();
    h.get_by_label("Set sample").click();
    h.run();
    let s = h.state().workspace().reliability_sample().expect("set").clone();
    assert!(!s.blind, "blind was unticked");
    assert_eq!(s.articles.len(), 1);
    assert!(
        s.drawn.starts_with("random sample of 1 of 1 articles, seed "),
        "{}",
        s.drawn
    );
    assert!(
        h.query_by_label("Suggestions to review").is_some(),
        "not blind: all shown"
    );
}
