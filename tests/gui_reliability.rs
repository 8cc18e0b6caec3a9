//! GUI tests of the Reliability tab: the figures it shows are
//! `report::agreement`'s, the disagreement list has every unit the coders
//! coded differently, and its keys adjudicate into the consensus layer, one
//! undo step each.

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_tracker::model::{CoderId, Command, Document, Position, Status, Workspace, coders};
use stance_tracker::report::agreement::units::{Unit, UnitValue};
use stance_tracker::report::agreement::{self, AgreementOptions};
use stance_tracker::ui::StanceApp;
mod common;
use common::reliability::{sentence, two_coders};
use common::{Fixture, chord, press};

/// The app with `ws` open (no undo history) and the Reliability tab shown.
fn open(fx: &Fixture, ws: &Workspace) -> Harness<'static, StanceApp> {
    let mut h = fx.harness();
    h.run();
    h.state_mut().open_document(Document::opened(ws.clone()), None);
    h.run();
    h.get_by_label("Reliability").click();
    h.run();
    assert!(h.state().view().results_open);
    h
}

/// What a node says: a label's text is its AccessKit value.
fn text_after(h: &Harness<'_, StanceApp>, name: &str) -> String {
    let node = h.get_by_label_contains(name);
    let n = node.accesskit_node();
    let text = n.label().or(n.value()).unwrap_or_default().to_string();
    text.split_once(name).unwrap().1.to_owned()
}

fn estimate_text(e: &agreement::Estimate) -> String {
    match (e.value, e.ci_low, e.ci_high) {
        (Some(v), Some(lo), Some(hi)) => format!("{v:.3} [{lo:.3}, {hi:.3}]"),
        (Some(v), _, _) => format!("{v:.3}"),
        (None, ..) => "undefined".to_owned(),
    }
}

fn coder(ws: &Workspace, name: &str) -> CoderId {
    ws.coder_by_name(name).unwrap().id
}

/// The consensus layer's value of a unit, `None` when it holds nothing (or
/// there is no consensus coder).
fn consensus(ws: &Workspace, unit: Unit) -> Option<UnitValue> {
    let c = ws.consensus_coder()?.id;
    agreement::consensus_value(ws, unit, c)
}

fn rows(h: &Harness<'_, StanceApp>) -> usize {
    h.query_all_by_label_contains("Disagreement ").count()
}

#[test]
fn the_tab_shows_the_report_figures_and_lists_every_disagreement() {
    let ws = two_coders(&[0, 1, 2]);
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    let options = AgreementOptions {
        suggester: false,
        ..AgreementOptions::default()
    };
    let report = agreement::agreement(&ws, &options);
    assert_eq!(report.articles, 3, "article 3 is done by A only");
    let alpha = report.coders.overall.alpha_nominal.value.unwrap();
    assert!(alpha < 0.9, "the coders disagree: {alpha}");
    assert_eq!(
        text_after(&h, "α nominal — All issues: "),
        estimate_text(&report.coders.overall.alpha_nominal)
    );
    assert_eq!(
        text_after(&h, "α interval — All issues: "),
        estimate_text(&report.coders.overall.alpha_interval)
    );
    let sanctions = report.coders.issues.iter().find(|i| i.issue == "sanctions").unwrap();
    assert_eq!(
        text_after(&h, "α nominal — Sanctions: "),
        estimate_text(&sanctions.figures.alpha_nominal)
    );
    let kappa = report.coders.overall.kappa[0].kappa.unwrap();
    assert_eq!(text_after(&h, "κ — A and B: "), format!("{kappa:.3}"));
    assert_eq!(
        text_after(&h, "α — Actors identified: "),
        estimate_text(&report.coders.actors_identified)
    );

    // Four units differ; the list shows each once, and says so.
    let listed = agreement::disagreements(&ws, &[coder(&ws, "A"), coder(&ws, "B")]);
    assert_eq!(listed.len(), 4);
    assert_eq!(rows(&h), 4);
    assert!(h.query_by_label("Disagreements: 4").is_some());
    let first = h.get_by_label_contains("Disagreement 1: ");
    let name = first.accesskit_node().label().unwrap_or_default().to_string();
    assert!(
        name.contains("Sergey Lavrov on Sanctions: A oppose, B support; consensus: not settled"),
        "{name}"
    );
    // The key hints are on screen.
    assert!(h.query_by_label_contains("1-9: take coder N's coding").is_some());

    // The suggester as a third coder adds its row.
    h.get_by_label("Score the suggester as a coder").click();
    h.run();
    assert!(
        h.query_by_label_contains("α nominal — All issues, suggester as a coder: ")
            .is_some()
    );
}

#[test]
fn keys_take_a_coders_coding_as_consensus_undo_it_and_write_one() {
    let ws = two_coders(&[0, 1, 2]);
    let list = agreement::disagreements(&ws, &[coder(&ws, "A"), coder(&ws, "B")]);
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    h.remove_cursor();
    h.run();

    // 1 takes A's coding of the first disagreement: oppose.
    press(&mut h, egui::Key::Num1);
    let ws = h.state().workspace().clone();
    assert_eq!(
        consensus(&ws, list[0].unit),
        Some(UnitValue::Position(Position::Oppose))
    );
    let adopted: Vec<_> = ws
        .stances_of(list[0].unit.article)
        .filter(|s| s.by.coder == ws.consensus_coder().map(|c| c.id))
        .collect();
    assert_eq!(adopted.len(), 1);
    assert_eq!(adopted[0].by.adopted_from, Some(coder(&ws, "A")));
    // The row now shows it; the selection moved on to the second row.
    assert!(
        h.get_by_label_contains("Disagreement 1: ")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .ends_with("consensus: oppose")
    );
    assert!(
        h.get_by_label_contains("Disagreement 2: ").accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
    );

    // One Ctrl+Z undoes it all.
    chord(&mut h, egui::Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(consensus(h.state().workspace(), list[0].unit), None);

    // 2 on the second (A neutral, B nothing) takes B's "no stance".
    press(&mut h, egui::Key::Num2);
    assert_eq!(
        consensus(h.state().workspace(), list[1].unit),
        Some(UnitValue::NoStance)
    );
    // K goes back up; 2 there takes B's support.
    press(&mut h, egui::Key::K);
    press(&mut h, egui::Key::K);
    press(&mut h, egui::Key::Num2);
    assert_eq!(
        consensus(h.state().workspace(), list[0].unit),
        Some(UnitValue::Position(Position::Support))
    );
    // A settled unit can still be changed: 1 again gives A's oppose.
    press(&mut h, egui::Key::K);
    press(&mut h, egui::Key::Num1);
    assert_eq!(
        consensus(h.state().workspace(), list[0].unit),
        Some(UnitValue::Position(Position::Oppose))
    );

    // C on the third (A nothing, B oppose) opens the consensus editor.
    press(&mut h, egui::Key::J);
    assert!(
        h.get_by_label_contains("Disagreement 3: ").accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
    );
    press(&mut h, egui::Key::C);
    assert!(h.query_by_label("Write the consensus").is_some());
    h.get_by_role_and_label(Role::RadioButton, "neutral").click();
    h.run();
    h.get_by_role(Role::MultilineTextInput).click();
    h.run();
    // Typed into the note, 1 and J are text, not adjudication keys.
    h.get_by_role(Role::MultilineTextInput).type_text("weak 1J");
    h.run();
    press(&mut h, egui::Key::Num1);
    h.get_by_label("Write consensus").click();
    h.run();
    let ws = h.state().workspace().clone();
    assert_eq!(
        consensus(&ws, list[2].unit),
        Some(UnitValue::Position(Position::Neutral))
    );
    let written = ws
        .stances_of(list[2].unit.article)
        .find(|s| s.by.coder == ws.consensus_coder().map(|c| c.id) && s.actor == list[2].unit.actor)
        .unwrap();
    assert_eq!(written.note, "weak 1J");
    assert_eq!(written.evidence.text, sentence("Sergey Lavrov").trim_end());
    assert!(h.query_by_label("Write the consensus").is_none(), "the editor closed");
    // The first unit is untouched by the typing.
    assert_eq!(
        consensus(&ws, list[0].unit),
        Some(UnitValue::Position(Position::Oppose))
    );
    chord(&mut h, egui::Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(consensus(h.state().workspace(), list[2].unit), None);

    // Copy all agreements: the three agreed units join the consensus, as
    // A's copies, in one undo step.
    let accepted = |h: &Harness<'_, StanceApp>| {
        let ws = h.state().workspace();
        let c = ws.consensus_coder().unwrap().id;
        ws.stances()
            .filter(|s| s.by.coder == Some(c) && s.status == Status::Accepted)
            .count()
    };
    assert_eq!(accepted(&h), 1, "the first unit's");
    h.get_by_label("Copy all agreements to consensus").click();
    h.run();
    assert_eq!(accepted(&h), 4, "and the three agreed units");
    chord(&mut h, egui::Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(accepted(&h), 1);
}

#[test]
fn enter_and_a_click_open_the_reader_at_the_evidence() {
    let ws = two_coders(&[0, 1, 2]);
    let list = agreement::disagreements(&ws, &[coder(&ws, "A"), coder(&ws, "B")]);
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    press(&mut h, egui::Key::Enter);
    assert!(!h.state().view().results_open);
    let first = list[0].values[0].2[0];
    assert_eq!(h.state().view().stance, Some(first));
    assert_eq!(h.state().view().article, Some(list[0].unit.article));

    h.get_by_label("Reliability").click();
    h.run();
    h.get_by_label_contains("Disagreement 4: ").click();
    h.run();
    assert!(!h.state().view().results_open);
    assert_eq!(h.state().view().article, Some(list[3].unit.article));
}

#[test]
fn nothing_to_compare_is_said_plainly() {
    // B marked nothing done: only A is compared.
    let ws = two_coders(&[]);
    let fx = Fixture::new();
    let h = open(&fx, &ws);
    assert!(h.query_by_label_contains("Only A is compared").is_some());

    // Both marked articles done, but none in common.
    let mut doc = Document::new(two_coders(&[0]));
    let a = coder(doc.workspace(), "A");
    let first = doc.workspace().articles().next().unwrap().id;
    let cmd = coders::set_done(doc.workspace(), a, &[first], false).unwrap();
    doc.execute(cmd).unwrap();
    let ws = doc.workspace().clone();
    let fx = Fixture::new();
    let h = open(&fx, &ws);
    assert!(
        h.query_by_label_contains("No article is marked done by both A and B yet")
            .is_some()
    );
    assert_eq!(rows(&h), 0);
}

#[test]
fn keys_wait_while_a_text_field_has_the_keyboard_and_coders_can_be_unticked() {
    let ws = two_coders(&[0, 1, 2]);
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    // The Actors window's search field has the keyboard: 1 and J are typing.
    h.state_mut().view_mut().actors.open = true;
    h.run();
    h.get_by_role(Role::TextInput).click();
    h.run();
    press(&mut h, egui::Key::J);
    press(&mut h, egui::Key::Num1);
    assert!(h.state().workspace().consensus_coder().is_none(), "nothing adopted");
    assert!(
        h.get_by_label_contains("Disagreement 1: ").accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
    );
    h.state_mut().view_mut().actors.open = false;
    h.run();

    // Unticking B leaves nothing to compare, and says so.
    h.get_by_role_and_label(Role::CheckBox, "B").click();
    h.run();
    assert!(h.query_by_label_contains("Only A is compared").is_some());
    assert_eq!(rows(&h), 0);
    h.get_by_role_and_label(Role::CheckBox, "B").click();
    h.run();
    assert_eq!(rows(&h), 4);
}

/// With the suggester scored on many done articles the figures are computed
/// on a thread: the coders' figures stay, a spinner says so, and the
/// suggester's row arrives.
#[test]
fn slow_figures_come_from_a_thread_with_a_spinner() {
    let mut doc = Document::new(two_coders(&[0, 1, 2]));
    let a = coder(doc.workspace(), "A");
    let b = coder(doc.workspace(), "B");
    let mut more = Vec::new();
    for i in 0..30 {
        let id = stance_tracker::model::ArticleId(doc.alloc_id());
        let article = stance_tracker::model::Article::new(
            id,
            format!("More talks {i}"),
            None,
            "test".into(),
            format!("Marco Rubio said round {i} of the talks in Riyadh was productive."),
        );
        doc.execute(Command::AddArticle(Box::new(article))).unwrap();
        more.push(id);
    }
    for c in [a, b] {
        let cmd = coders::set_done(doc.workspace(), c, &more, true).unwrap();
        doc.execute(cmd).unwrap();
    }
    let ws = doc.workspace().clone();
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    h.get_by_label("Score the suggester as a coder").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Computing the figures").is_some());
    assert!(
        h.query_by_label_contains("α nominal — All issues: ").is_some(),
        "the old figures stay"
    );
    let suggester = "α nominal — All issues, suggester as a coder: ";
    for _ in 0..600 {
        if h.query_by_label_contains(suggester).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    let want = agreement::agreement(&ws, &AgreementOptions::default());
    assert_eq!(
        text_after(&h, suggester),
        estimate_text(&want.with_suggester.unwrap().overall.alpha_nominal)
    );
    assert!(h.query_by_label_contains("Computing the figures").is_none());
}
