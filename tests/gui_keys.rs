//! Every key in Help > Keyboard shortcuts (F1), pressed in the real app with
//! its effect checked, and the places where coding keys must do nothing.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::{Position, StanceId, Status};
mod common;

use stance_tracker::ui::{Action, Answer, Prefs, READER_ID, StanceApp};
use std::path::{Path, PathBuf};

use common::Fixture;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dev")
        .join(name)
}

/// The three dev articles, imported with their suggestions.
fn with_articles(f: &Fixture) -> Harness<'static, StanceApp> {
    let mut h = f.harness();
    h.state_mut().handle(Action::ImportPaths(vec![
        fixture("2025-02-18-riyadh-talks.txt"),
        fixture("2019-01-23-mahan-air.txt"),
        fixture("2019-10-27-cuba-flights.txt"),
    ]));
    h.state_mut().finish_job();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    h
}

use common::{chord, press};

fn status(h: &Harness<'_, StanceApp>, id: StanceId) -> Status {
    h.state().workspace().stance(id).unwrap().status
}

fn selected(h: &Harness<'_, StanceApp>) -> StanceId {
    h.state().view().stance.expect("a stance is selected")
}

#[test]
fn file_keys_open_their_dialogs_and_act() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    let path = f.dir.path().join("keys.stance.json");
    f.dialogs.push(Answer::Path(path.clone()));
    chord(&mut h, Modifiers::COMMAND, Key::S);
    assert!(path.is_file(), "Ctrl+S saved");
    assert!(!h.state().document().is_dirty());
    chord(&mut h, Modifiers::COMMAND, Key::O);
    chord(&mut h, Modifiers::COMMAND, Key::I);
    let other = f.dir.path().join("copy.stance.json");
    f.dialogs.push(Answer::Path(other.clone()));
    chord(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(other.is_file(), "Ctrl+Shift+S saved under a new name");
    assert_eq!(h.state().path(), Some(other.as_path()));
    assert_eq!(
        f.opened(),
        ["save workspace", "open workspace", "import files", "save workspace"]
    );
    // Ctrl+N on a saved workspace: a new, empty one at once.
    chord(&mut h, Modifiers::COMMAND, Key::N);
    assert_eq!(h.state().workspace().article_count(), 0);
    assert_eq!(h.state().path(), None);
}

#[test]
fn ctrl_n_with_unsaved_work_asks_first_and_ctrl_q_quits() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    chord(&mut h, Modifiers::COMMAND, Key::N);
    assert!(
        h.query_by_label("Save changes?").is_some(),
        "asks before dropping unsaved work"
    );
    assert_eq!(
        h.state().workspace().article_count(),
        3,
        "nothing dropped without asking"
    );
    press(&mut h, Key::Escape);
    assert_eq!(h.state().workspace().article_count(), 3);

    let f = Fixture::new();
    let mut h = f.harness();
    assert!(!h.state().quit_requested());
    chord(&mut h, Modifiers::COMMAND, Key::Q);
    assert!(h.state().quit_requested());
}

#[test]
fn undo_and_redo_keys() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    press(&mut h, Key::J);
    let id = selected(&h);
    press(&mut h, Key::A);
    assert_eq!(status(&h, id), Status::Accepted);
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(status(&h, id), Status::Pending);
    chord(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(status(&h, id), Status::Accepted);
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    chord(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(status(&h, id), Status::Accepted, "Ctrl+Y redoes too");
}

#[test]
fn ctrl_f_focuses_find_and_f1_lists_the_keys_and_escape_closes() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    chord(&mut h, Modifiers::COMMAND, Key::F);
    let find = h.get_by_label("Find");
    assert!(find.is_focused(), "Ctrl+F puts the cursor in Find");
    find.type_text("Havana");
    h.run();
    assert_eq!(h.state().view().filter, "Havana");
    h.state_mut().view_mut().filter.clear();
    h.ctx.memory_mut(|m| m.stop_text_input());
    h.run();
    press(&mut h, Key::F1);
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Keyboard shortcuts").is_none(), "Escape closes it");
}

#[test]
fn j_and_k_walk_the_suggestions_and_cross_into_the_next_article() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    let first_article = h.state().view().article.unwrap();
    press(&mut h, Key::J);
    let first = selected(&h);
    press(&mut h, Key::J);
    let second = selected(&h);
    assert_ne!(first, second);
    press(&mut h, Key::K);
    assert_eq!(selected(&h), first, "K goes back");
    // J past the article's last pending suggestion goes on to the next article with one.
    let pending_here = h
        .state()
        .workspace()
        .stances_of(first_article)
        .filter(|s| s.status == Status::Pending)
        .count();
    for _ in 0..pending_here {
        press(&mut h, Key::J);
    }
    let article_now = h.state().view().article.unwrap();
    assert_ne!(article_now, first_article, "J crossed into the next article");
    let s = h.state().workspace().stance(selected(&h)).unwrap();
    assert_eq!(s.article, article_now);
    assert_eq!(s.status, Status::Pending);
    // And K comes back to the last one of the first article.
    press(&mut h, Key::K);
    assert_eq!(h.state().view().article, Some(first_article));
}

#[test]
fn a_and_r_decide_and_move_to_the_next_not_the_first() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    press(&mut h, Key::J);
    press(&mut h, Key::J);
    let second = selected(&h);
    press(&mut h, Key::J);
    let third = selected(&h);
    press(&mut h, Key::K);
    assert_eq!(selected(&h), second);
    press(&mut h, Key::A);
    assert_eq!(status(&h, second), Status::Accepted);
    assert_eq!(
        selected(&h),
        third,
        "A moves to the next pending, not back to the first"
    );
    press(&mut h, Key::R);
    assert_eq!(status(&h, third), Status::Rejected);
    assert_ne!(selected(&h), third);
}

#[test]
fn number_keys_set_the_position_and_e_edits_and_delete_deletes() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    press(&mut h, Key::J);
    let id = selected(&h);
    for (k, p) in [
        (Key::Num2, Position::Oppose),
        (Key::Num3, Position::Neutral),
        (Key::Num4, Position::Mixed),
        (Key::Num1, Position::Support),
    ] {
        press(&mut h, k);
        assert_eq!(h.state().workspace().stance(id).unwrap().position, p, "{k:?}");
    }
    press(&mut h, Key::E);
    assert!(h.query_by_label("Edit stance").is_some(), "E opens the editor");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Edit stance").is_none());
    press(&mut h, Key::Delete);
    assert!(h.state().workspace().stance(id).is_none(), "Delete removes it");
}

#[test]
fn brackets_step_through_the_article_list() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    let first = h.state().view().article.unwrap();
    press(&mut h, Key::CloseBracket);
    let second = h.state().view().article.unwrap();
    assert_ne!(first, second);
    press(&mut h, Key::OpenBracket);
    assert_eq!(h.state().view().article, Some(first));
}

/// N works with the reader focused (as after a real drag) and keeps the
/// selection; the editor takes Enter for the only actor match and
/// Ctrl+Enter to save.
#[test]
fn n_codes_the_selection_and_the_editor_is_keyboard_driven() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    let article = h.state().view().article.unwrap();
    let text = h.state().workspace().article(article).unwrap().text.clone();
    let (start, end) = (0, text.chars().take_while(|c| *c != '.').count());
    let id = egui::Id::unique(READER_ID);
    let mut st = egui::TextEdit::load_state(&h.ctx, id).unwrap_or_default();
    st.cursor.set_char_range(Some(egui::text::CCursorRange::two(
        egui::text::CCursor::new(start),
        egui::text::CCursor::new(end),
    )));
    egui::TextEdit::store_state(&h.ctx, id, st);
    h.ctx.memory_mut(|m| m.request_focus(id));
    h.run();
    assert!(h.ctx.memory(|m| m.has_focus(id)), "the reader has the keyboard");
    press(&mut h, Key::N);
    assert!(h.query_by_label("New stance").is_some(), "N opened the editor");
    assert_eq!(h.state().view().selection, Some((start, end)), "and kept the selection");
    let name = h.state().workspace().actors().next().unwrap().name.clone();
    h.get_by_label("Actor").type_text(&name);
    h.run();
    press(&mut h, Key::Enter);
    h.get_by_label("Issue").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Sanctions")
        .click();
    h.run();
    let before = h.state().workspace().stance_count();
    h.get_by_label("Note").focus();
    h.run();
    h.get_by_label("Note").type_text("keyboard");
    h.run();
    chord(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(
        h.query_by_label("New stance").is_none(),
        "Ctrl+Enter saved from the note field"
    );
    let ws = h.state().workspace();
    assert_eq!(ws.stance_count(), before + 1);
    let s = ws.stances().find(|s| s.note == "keyboard").unwrap();
    assert_eq!(ws.actor(s.actor).unwrap().name, name, "Enter picked the match");
}

/// Single-letter keys act only where their target is visible: not on a
/// chart tab, not behind a dialog, not with the Actors window over the reader.
#[test]
fn coding_keys_do_nothing_where_their_target_is_hidden() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    press(&mut h, Key::J);
    let id = selected(&h);
    let position = h.state().workspace().stance(id).unwrap().position;
    let accepted = |h: &Harness<'_, StanceApp>| {
        h.state()
            .workspace()
            .stances()
            .filter(|s| s.status != Status::Pending)
            .count()
    };
    h.state_mut()
        .handle(Action::ShowResults(stance_tracker::ui::results::Tab::Matrix));
    h.run();
    for k in [Key::A, Key::R, Key::J, Key::Num2, Key::Delete] {
        press(&mut h, k);
    }
    assert_eq!(accepted(&h), 0, "nothing decided on the chart tab");
    assert_eq!(status(&h, id), Status::Pending);
    assert_eq!(h.state().workspace().stance(id).unwrap().position, position);
    h.state_mut().handle(Action::ShowReader);
    h.run();
    press(&mut h, Key::F1);
    press(&mut h, Key::A);
    assert_eq!(accepted(&h), 0, "nothing decided behind a dialog");
    press(&mut h, Key::Escape);
    h.state_mut().view_mut().actors.open = true;
    h.run();
    press(&mut h, Key::A);
    assert_eq!(accepted(&h), 0, "nothing decided behind the Actors window");
    h.state_mut().view_mut().actors.open = false;
    h.run();
    press(&mut h, Key::A);
    assert_eq!(accepted(&h), 1, "and A works again on the reader");
}

#[test]
fn ctrl_shift_v_pastes_text_as_a_new_article_dated_today() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    let before = h.state().workspace().article_count();
    let text = "Envoys meet in Oslo\n\nNorway's foreign minister said Norway would take part in the talks \
                and urged Russia to join them.";
    h.event(egui::Event::Key {
        key: Key::V,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
    });
    h.run();
    // The system answers the app's clipboard request with a paste event.
    h.event(egui::Event::Paste(text.into()));
    h.run();
    let ws = h.state().workspace();
    assert_eq!(ws.article_count(), before + 1);
    let id = h.state().view().article.unwrap();
    let a = ws.article(id).unwrap();
    assert_eq!(a.title, "Envoys meet in Oslo");
    assert_eq!(a.date, Some(stance_tracker::model::Timestamp::now().date()));
    assert!(ws.stances_of(id).count() > 0, "analysed like an import");
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().workspace().article_count(), before, "one undo step");
}

#[test]
fn zoom_keys_scale_the_ui_and_the_zoom_is_remembered() {
    let f = Fixture::new();
    let mut h = with_articles(&f);
    chord(&mut h, Modifiers::COMMAND, Key::Plus);
    h.run();
    let z = h.ctx.zoom_factor();
    assert!(z > 1.05, "Ctrl + zooms in: {z}");
    assert!((h.state().prefs().zoom - z).abs() < 1e-4, "kept in the preferences");
    chord(&mut h, Modifiers::COMMAND, Key::Minus);
    chord(&mut h, Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!(h.ctx.zoom_factor() < z);
    chord(&mut h, Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-4, "Ctrl 0 resets");

    let prefs = Prefs {
        zoom: 1.5,
        ..Prefs::default()
    };
    let mut h = common::app_harness(f.dir.path(), &f.dialogs, egui::vec2(1280.0, 800.0), prefs, false);
    h.run();
    assert!(
        (h.ctx.zoom_factor() - 1.5).abs() < 1e-4,
        "a stored zoom applies at start"
    );
}
