//! A two-coder study in the real app, from start to finish, with keys and
//! menus only: one base file copied for two coders; Ana codes her copy,
//! Ben codes his; each marks the article done; Ana merges Ben's copy, opens
//! Reliability, settles two disagreements, and exports the stances with
//! their coder column.

mod common;

use common::{Fixture, chord, press};
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::Status;
use stance_tracker::report::agreement;
use stance_tracker::ui::results::Tab;
use stance_tracker::ui::{Action, Answer, StanceApp};
use std::path::Path;

fn settle(h: &mut Harness<'_, StanceApp>) {
    h.state_mut().finish_job();
    h.run();
}

fn menu(h: &mut Harness<'_, StanceApp>, top: &str, item: &str) {
    h.get_by_label(top).click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
}

fn change_coder(h: &mut Harness<'_, StanceApp>, name: &str) {
    menu(h, "Coding", "Change coder…");
    h.get_by_label("Your name").type_text(name);
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label(&format!("Coding as {name}")).is_some());
}

fn open(f: &Fixture, h: &mut Harness<'_, StanceApp>, file: &str) {
    f.dialogs.push(Answer::Path(f.path(file)));
    chord(h, Modifiers::COMMAND, Key::O);
    settle(h);
    assert_eq!(h.state().path(), Some(f.path(file).as_path()));
}

/// Decides the suggestions in the reader's order with the coding keys:
/// `A` accepts, `R` rejects; each key moves on to the next suggestion.
fn decide(h: &mut Harness<'_, StanceApp>, keys: &[Key]) {
    h.remove_cursor();
    h.run();
    for &key in keys {
        press(h, Key::J);
        press(h, key);
    }
}

#[test]
fn two_coders_code_merge_adjudicate_and_export() {
    let f = Fixture::new();
    let mut h = f.harness();
    h.run();
    change_coder(&mut h, "Ana");

    // The study's base file: the sample article with its suggestions.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/2025-02-18-riyadh-talks.txt");
    f.dialogs.push(Answer::Paths(vec![sample]));
    chord(&mut h, Modifiers::COMMAND, Key::I);
    settle(&mut h);
    let pending = h.state().workspace().pending_count();
    assert!(pending >= 4, "the sample gives suggestions to code ({pending})");
    f.dialogs.push(Answer::Path(f.path("base.stance.json")));
    h.state_mut().handle(Action::SaveAs);
    h.run();
    assert!(f.path("base.stance.json").exists());
    for copy in ["ana.stance.json", "ben.stance.json"] {
        std::fs::copy(f.path("base.stance.json"), f.path(copy)).unwrap();
    }

    // Ana: accept, accept, reject, accept; done; save.
    open(&f, &mut h, "ana.stance.json");
    decide(&mut h, &[Key::A, Key::A, Key::R, Key::A]);
    chord(&mut h, Modifiers::COMMAND, Key::D);
    chord(&mut h, Modifiers::COMMAND, Key::S);
    let ana_ws = stance_tracker::storage::open_workspace(&f.path("ana.stance.json")).unwrap();
    let ana = ana_ws.coder_by_name("Ana").expect("Ana coded").id;
    assert_eq!(ana_ws.stances().filter(|s| s.by.coder == Some(ana)).count(), 4);
    assert!(ana_ws.done_marks().any(|(_, c)| c == ana));

    // Ben, on his copy: reject, accept, accept, accept; done; save.
    change_coder(&mut h, "Ben");
    open(&f, &mut h, "ben.stance.json");
    decide(&mut h, &[Key::R, Key::A, Key::A, Key::A]);
    chord(&mut h, Modifiers::COMMAND, Key::D);
    chord(&mut h, Modifiers::COMMAND, Key::S);

    // Ana merges Ben's copy into hers.
    change_coder(&mut h, "Ana");
    open(&f, &mut h, "ana.stance.json");
    f.dialogs.push(Answer::Path(f.path("ben.stance.json")));
    menu(&mut h, "File", "Merge workspace…");
    settle(&mut h);
    assert!(h.query_by_label("Merged ben.stance.json").is_some());
    h.get_by_label("OK").click();
    h.run();
    let ws = h.state().workspace().clone();
    let (ana, ben) = (
        ws.coder_by_name("Ana").unwrap().id,
        ws.coder_by_name("Ben").expect("Ben came in with the merge").id,
    );
    assert_eq!(ws.stances().filter(|s| s.by.coder == Some(ben)).count(), 4);
    let article = ws.articles().next().unwrap().id;
    assert!(ws.is_done(article, ana) && ws.is_done(article, ben));

    // Reliability: the first and third suggestions were decided differently.
    h.state_mut().handle(Action::ShowResults(Tab::Reliability));
    h.run();
    let listed = agreement::disagreements(&ws, &[ana, ben]);
    assert!(listed.len() >= 2, "{listed:?}");
    assert!(h.query_by_label(&format!("Disagreements: {}", listed.len())).is_some());
    assert!(h.query_by_label("Reliability of Ana and Ben").is_some());

    // Settle two: Ana's coding of the first, Ben's of the next.
    h.remove_cursor();
    h.run();
    press(&mut h, Key::Num1);
    press(&mut h, Key::Num2);
    let ws = h.state().workspace().clone();
    let consensus = ws.consensus_coder().expect("adjudication made the consensus layer").id;
    let settled: Vec<_> = listed
        .iter()
        .take(2)
        .map(|d| agreement::consensus_value(&ws, d.unit, consensus))
        .collect();
    assert!(settled.iter().all(Option::is_some), "{settled:?}");
    assert!(h.query_by_label_contains("2 settled in the consensus").is_some());

    // The flat CSV lists every layer with its coder.
    f.dialogs.push(Answer::Path(f.path("stances.csv")));
    h.state_mut()
        .handle(Action::Export(stance_tracker::report::ExportFormat::Csv));
    h.run();
    let mut r = csv::Reader::from_path(f.path("stances.csv")).expect("the export was written");
    let headers = r.headers().unwrap().clone();
    let coder_col = headers.iter().position(|c| c == "coder").expect("a coder column");
    let status_col = headers.iter().position(|c| c == "status").unwrap();
    let mut coders = std::collections::BTreeSet::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        if rec[status_col] != *Status::Pending.as_str() {
            coders.insert(rec[coder_col].to_owned());
        }
    }
    let consensus_name = ws.coder(consensus).unwrap().name.clone();
    assert_eq!(
        coders,
        ["Ana".to_owned(), "Ben".to_owned(), consensus_name]
            .into_iter()
            .collect()
    );
}
