//! An analyst's whole day in the real app, scripted: import the Wikinews
//! corpus, code with the keyboard, undo and redo, open every results tab,
//! save each chart as PNG at two window sizes with 30+ actors, save, reopen.
//! Renders with wgpu (Mesa's lavapipe in CI) because saving a chart takes a
//! screenshot.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::{Origin, Status, ops};
use stance_tracker::ui::results::Tab;
mod common;

use stance_tracker::ui::{Action, Answer, Prefs, READER_ID, ScriptedDialogs, StanceApp};
use std::path::{Path, PathBuf};

fn harness(dir: &Path, dialogs: &ScriptedDialogs, size: egui::Vec2) -> Harness<'static, StanceApp> {
    common::app_harness(dir, dialogs, size, Prefs::default(), true)
}

fn asset(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

use common::{chord, press};

fn accepted(h: &Harness<'_, StanceApp>) -> usize {
    h.state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .count()
}

/// Codes a manual stance on the first sentence of the current article with
/// keys only: N, the actor's name, Enter, a position key, Ctrl+Enter.
fn code_first_sentence(h: &mut Harness<'_, StanceApp>, actor: &str, position: Key) {
    let article = h.state().view().article.expect("an article is open");
    let text = h.state().workspace().article(article).unwrap().text.clone();
    let end = text.chars().position(|c| c == '.').expect("a sentence") + 1;
    let id = egui::Id::unique(READER_ID);
    let mut st = egui::TextEdit::load_state(&h.ctx, id).unwrap_or_default();
    st.cursor.set_char_range(Some(egui::text::CCursorRange::two(
        egui::text::CCursor::new(0),
        egui::text::CCursor::new(end),
    )));
    egui::TextEdit::store_state(&h.ctx, id, st);
    h.ctx.memory_mut(|m| m.request_focus(id));
    h.run();
    press(h, Key::N);
    assert!(h.query_by_label("New stance").is_some(), "N opens the editor");
    h.get_by_label("Actor").type_text(actor);
    h.run();
    press(h, Key::Enter);
    press(h, position);
    chord(h, Modifiers::COMMAND, Key::Enter);
    assert!(h.query_by_label("New stance").is_none(), "Ctrl+Enter saved");
}

/// Saves the chart of `tab` as PNG and checks the file is a real picture.
fn save_chart(h: &mut Harness<'_, StanceApp>, dialogs: &ScriptedDialogs, tab: Tab, out: &Path) {
    h.state_mut().handle(Action::ShowResults(tab));
    h.run();
    dialogs.push(Answer::Path(out.to_owned()));
    h.get_by_label("Save PNG…").click();
    for _ in 0..8 {
        h.step();
        if out.exists() {
            break;
        }
    }
    let bytes = std::fs::read(out).unwrap_or_else(|e| panic!("{tab:?}: no PNG at {}: {e}", out.display()));
    let img = image::load_from_memory(&bytes).expect("a PNG");
    assert!(
        img.width() > 200 && img.height() > 100,
        "{tab:?}: {}x{}",
        img.width(),
        img.height()
    );
}

#[test]
fn an_analysts_day() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = harness(dir.path(), &dialogs, egui::vec2(1400.0, 900.0));

    // Import the corpus and the seed article through Ctrl+I.
    dialogs.push(Answer::Paths(vec![
        asset("assets/corpus/wikinews_2019.csv"),
        asset("assets/samples/2025-02-18-riyadh-talks.txt"),
    ]));
    chord(&mut h, Modifiers::COMMAND, Key::I);
    h.state_mut().finish_job();
    h.run();
    if h.query_by_label("Import finished").is_some() {
        press(&mut h, Key::Escape);
    }
    assert_eq!(h.state().workspace().article_count(), 172);
    let pending = h.state().workspace().pending_count();
    assert!(pending >= 20, "the corpus has suggestions to review: {pending}");

    // Ten suggestions coded with J and A, across articles.
    press(&mut h, Key::J);
    assert!(h.query_by_label("Import finished").is_none(), "summary closed");
    assert!(h.state().view().article.is_some(), "an article is open");
    let mut articles = std::collections::HashSet::new();
    for _ in 0..10 {
        let id = h.state().view().stance.expect("a suggestion is selected");
        articles.insert(h.state().workspace().stance(id).unwrap().article);
        press(&mut h, Key::A);
        assert_eq!(h.state().workspace().stance(id).unwrap().status, Status::Accepted);
    }
    assert_eq!(accepted(&h), 10);
    assert!(!articles.is_empty());

    // Two manual stances, keys only.
    let actor = h.state().workspace().actors().next().unwrap().name.clone();
    code_first_sentence(&mut h, &actor, Key::Num2);
    press(&mut h, Key::CloseBracket);
    code_first_sentence(&mut h, &actor, Key::Num1);
    let manual = |h: &Harness<'_, StanceApp>| {
        h.state()
            .workspace()
            .stances()
            .filter(|s| s.origin == Origin::Manual)
            .count()
    };
    assert_eq!(manual(&h), 2);
    assert_eq!(accepted(&h), 12);

    // Undo and redo the last stance.
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(manual(&h), 1);
    chord(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(manual(&h), 2);

    // Every results tab draws.
    for tab in Tab::ALL {
        h.get_by_label(tab.label()).click();
        h.run();
        assert_eq!(h.state().view().results.tab, tab);
        assert!(h.state().view().results_open);
    }
    let charts = [Tab::Compare, Tab::Timeline, Tab::Agreement, Tab::Issues];
    for tab in charts {
        save_chart(&mut h, &dialogs, tab, &dir.path().join(format!("{tab:?}-1400.png")));
    }

    // 30+ actors in the results, in a smaller window: the agreement map is
    // then taller than the window (saving it used to panic).
    let ws = h.state().workspace();
    let rule = ops::ReviewRule {
        accept_at_least: Some(0.0),
        ..ops::ReviewRule::default()
    };
    let (cmd, _) = ops::review(ws, &rule).expect("pending suggestions to accept");
    h.state_mut().handle(Action::Execute(cmd));
    h.run();
    let coded_actors: std::collections::HashSet<_> = h
        .state()
        .workspace()
        .stances()
        .filter(|s| s.status == Status::Accepted)
        .map(|s| s.actor)
        .collect();
    assert!(coded_actors.len() >= 30, "{} actors coded", coded_actors.len());
    h.set_size(egui::vec2(1024.0, 700.0));
    h.run();
    for tab in charts {
        save_chart(&mut h, &dialogs, tab, &dir.path().join(format!("{tab:?}-1024.png")));
    }

    // Save, reopen in a fresh app, find everything.
    let path = dir.path().join("day.stance.json");
    dialogs.push(Answer::Path(path.clone()));
    chord(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().document().is_dirty());
    let saved = stance_tracker::storage::to_bytes(h.state().workspace());
    drop(h);
    let mut h = harness(dir.path(), &dialogs, egui::vec2(1024.0, 700.0));
    dialogs.push(Answer::Path(path.clone()));
    chord(&mut h, Modifiers::COMMAND, Key::O);
    h.state_mut().finish_job();
    h.run();
    assert_eq!(stance_tracker::storage::to_bytes(h.state().workspace()), saved);
    assert_eq!(h.state().path(), Some(path.as_path()));
}
