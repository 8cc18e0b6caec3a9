//! GUI tests: drive the real app with egui_kittest (clicks, keys, text) and
//! read what it shows through AccessKit.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_tracker::model::{Origin, Position, Status};
use stance_tracker::ui::{Action, Answer, READER_ID, StanceApp};
mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

const SAMPLE: &str = "tests/fixtures/dev/2025-02-18-riyadh-talks.txt";

use common::Fixture;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)
}

/// Waits for the background import/open and lets the UI settle.
fn settle(h: &mut Harness<'_, StanceApp>) {
    h.state_mut().finish_job();
    h.run();
}

/// Imports the sample through File ▸ Import articles… and dismisses the summary.
fn import_sample(f: &Fixture, h: &mut Harness<'_, StanceApp>) {
    f.dialogs.push(Answer::Paths(vec![sample()]));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import articles… Ctrl+I").click();
    h.run();
    settle(h);
    // A clean import only reports in the status bar.
    assert!(h.query_by_label("Import finished").is_none());
    assert!(
        h.query_all_by_label_contains("1 imported, 0 duplicate(s) skipped, 0 failed")
            .count()
            == 1
    );
}

/// Selects a char range in the reader as a user's drag would.
fn select_text(h: &mut Harness<'_, StanceApp>, start: usize, end: usize) {
    use egui::text::{CCursor, CCursorRange};
    let id = egui::Id::unique(READER_ID);
    let mut st = egui::TextEdit::load_state(&h.ctx, id).unwrap_or_default();
    st.cursor
        .set_char_range(Some(CCursorRange::two(CCursor::new(start), CCursor::new(end))));
    egui::TextEdit::store_state(&h.ctx, id, st);
    h.ctx.memory_mut(|m| m.request_focus(id));
    h.run();
}

#[test]
fn welcome_screen_offers_the_ways_in() {
    let f = Fixture::new();
    let mut h = f.harness();
    h.run();
    for label in [
        "Open sample article",
        "Import articles…",
        "Import folder…",
        "Open workspace…",
    ] {
        h.get_by_label(label);
    }
    h.get_by_label("Open sample article").click();
    h.run();
    assert_eq!(h.state().workspace().article_count(), 1);
    assert!(h.state().workspace().stances().any(|s| s.status == Status::Pending));
    assert!(
        h.query_all_by_label("Riyadh talks").count() >= 2,
        "list row and reader heading"
    );
}

#[test]
fn import_through_the_dialog_shows_articles_and_suggestions() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    assert_eq!(f.dialogs.opened.lock().unwrap().as_slice(), ["import files"]);
    let ws = h.state().workspace();
    assert_eq!(ws.article_count(), 1);
    let pending = ws.stances().filter(|s| s.status == Status::Pending).count();
    assert!(pending >= 10, "{pending} suggestions");
    assert!(h.query_by_label("Suggestions to review").is_some());
    // The title bar carries the unsaved marker.
    assert!(h.state().document().is_dirty());
}

#[test]
fn import_problems_are_listed_with_their_reasons() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let empty = f.path("empty.txt");
    std::fs::write(&empty, "").unwrap();
    f.dialogs.push(Answer::Paths(vec![sample(), empty]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("Import finished").is_some());
    assert!(
        h.query_all_by_label_contains("duplicate of “Riyadh talks”, skipped")
            .count()
            == 1
    );
    assert!(h.query_all_by_label_contains("failed: the file is empty").count() == 1);
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Import finished").is_none());
    assert_eq!(h.state().workspace().article_count(), 1);
}

#[test]
fn code_a_stance_with_the_keyboard_then_undo_and_redo() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let before = h.state().workspace().stance_count();
    let text = h.state().workspace().articles().next().unwrap().text.clone();
    let phrase = "the absence of Ukrainian officials from the talks";
    let start = text[..text.find(phrase).unwrap()].chars().count();
    let end = start + phrase.chars().count();
    select_text(&mut h, start, end);
    assert_eq!(h.state().view().selection, Some((start, end)));

    // N opens the editor once the text view gives up the keyboard.
    h.ctx.memory_mut(|m| m.surrender_focus(egui::Id::unique(READER_ID)));
    h.run();
    h.key_press(Key::N);
    h.run();
    assert!(h.query_by_label("New stance").is_some(), "editor open");
    h.get_by_label("Actor").type_text("Zelensk");
    h.run();
    h.get_by_label_contains("Volodymyr Zelenskyy  (").click();
    h.run();
    h.get_by_label("Issue").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Participation")
        .click();
    h.run();
    h.get_by_label("2 oppose").click();
    h.run();
    h.get_by_label("Save stance").click();
    h.run();
    assert!(h.query_by_label("New stance").is_none(), "editor closed");

    let ws = h.state().workspace();
    assert_eq!(ws.stance_count(), before + 1);
    let s = ws
        .stances()
        .find(|s| s.origin == Origin::Manual)
        .expect("manual stance");
    assert_eq!(s.evidence.text, phrase);
    assert_eq!(s.position, Position::Oppose);
    assert_eq!(s.status, Status::Accepted);
    assert_eq!(ws.actor(s.actor).unwrap().name, "Volodymyr Zelenskyy");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().workspace().stance_count(), before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().workspace().stance_count(), before + 1);
}

#[test]
fn accept_and_reject_suggestions_with_keys() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    h.key_press(Key::J);
    h.run();
    let first = h.state().view().stance.expect("J selects the first suggestion");
    h.key_press(Key::A);
    h.run();
    let second = h.state().view().stance.expect("accepting moves on");
    assert_ne!(first, second);
    h.key_press(Key::R);
    h.run();
    let ws = h.state().workspace();
    assert_eq!(ws.stance(first).unwrap().status, Status::Accepted);
    assert_eq!(ws.stance(second).unwrap().status, Status::Rejected);
    assert!(h.query_by_label("Accepted").is_some());
    assert!(h.query_by_label("Rejected").is_some());
    // Undo brings the rejected one back to pending.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().workspace().stance(second).unwrap().status, Status::Pending);
}

#[test]
fn merge_two_actors_in_the_actors_window() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let ws = h.state().workspace();
    let rubio = ws.actor_by_name("Marco Rubio").unwrap().id;
    let us = ws.actor_by_name("United States").unwrap().id;
    let rubio_stances = ws.stances().filter(|s| s.actor == rubio).count();
    let us_stances = ws.stances().filter(|s| s.actor == us).count();

    h.get_all_by_label("Edit").next().expect("Edit menu").click();
    h.run();
    h.get_by_label("Actors…").click();
    h.run();
    h.get_by_label_contains("Marco Rubio  (").click();
    h.run();
    h.get_by_label("Merge into").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "United States")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "United States")
        .click();
    h.run();
    assert!(
        !h.get_by_label("Merge…").accesskit_node().is_disabled(),
        "merge target chosen"
    );
    h.get_by_label("Merge…").click();
    h.run();
    h.get_by_label("Merge").click();
    h.run();

    let ws = h.state().workspace();
    assert!(ws.actor(rubio).is_none());
    let kept = ws.actor(us).unwrap();
    assert!(kept.aliases.iter().any(|a| a == "Marco Rubio"));
    assert_eq!(
        ws.stances().filter(|s| s.actor == us).count(),
        rubio_stances + us_stances
    );
}

/// An alias removed in the Actors window is remembered as rejected, in the
/// same undo step, so the next analysis does not bring it back.
#[test]
fn removing_an_alias_in_the_actors_window_rejects_it() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let us = h.state().workspace().actor_by_name("United States").unwrap().clone();
    assert!(us.aliases.iter().any(|a| a == "U.S."), "{:?}", us.aliases);
    let kept: Vec<&str> = us.aliases.iter().map(String::as_str).filter(|a| *a != "U.S.").collect();

    h.get_all_by_label("Edit").next().expect("Edit menu").click();
    h.run();
    h.get_by_label("Actors…").click();
    h.run();
    // The list shows a screenful of rows: filter it down to the actor.
    h.get_by(|n| n.placeholder() == Some("Filter actors")).click();
    h.run();
    h.get_by(|n| n.placeholder() == Some("Filter actors"))
        .type_text("United States");
    h.run();
    h.get_by_label_contains("United States  (").click();
    h.run();
    h.get_by_label("Aliases\n(one per line)").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Aliases\n(one per line)").type_text(&kept.join("\n"));
    h.run();
    h.get_by_label("Apply changes").click();
    h.run();

    let edited = h.state().workspace().actor(us.id).unwrap();
    assert_eq!(edited.aliases, kept);
    assert_eq!(edited.rejected_aliases, ["U.S."]);
    h.state_mut().handle(Action::Undo);
    h.run();
    let back = h.state().workspace().actor(us.id).unwrap();
    assert_eq!(back.aliases, us.aliases);
    assert!(back.rejected_aliases.is_empty());
}

#[test]
fn save_reopen_and_find_everything() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    h.key_press(Key::J);
    h.run();
    h.key_press(Key::A);
    h.run();
    let path = f.path("project.stance.json");
    f.dialogs.push(Answer::Path(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(path.is_file());
    assert!(!h.state().document().is_dirty());
    let saved = stance_tracker::storage::to_bytes(h.state().workspace());

    // A fresh app opens it through File ▸ Open workspace….
    let mut h2 = f.harness();
    f.dialogs.push(Answer::Path(path.clone()));
    h2.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h2.run();
    settle(&mut h2);
    assert_eq!(h2.state().path(), Some(path.as_path()));
    assert_eq!(stance_tracker::storage::to_bytes(h2.state().workspace()), saved);
    assert!(h2.state().workspace().stances().any(|s| s.status == Status::Accepted));
    // And it is in the recent list.
    h2.get_by_label("File").click();
    h2.run();
    h2.get_by_label("Open recent").hover();
    h2.run();
    // Listed in the submenu, besides the status bar's file name.
    assert_eq!(
        h2.query_all_by_label(&path.canonicalize().unwrap().display().to_string())
            .count(),
        2
    );
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let cmds = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(cmds.contains(&egui::ViewportCommand::CancelClose));
    h.run();
    assert!(h.query_by_label("Save changes?").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Save changes?").is_none());
    assert!(h.state().document().is_dirty(), "nothing was lost");

    // Discard lets the window close.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Quit").click();
    h.run();
    h.get_by_label("Discard changes").click();
    h.step();
    let cmds = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(cmds.contains(&egui::ViewportCommand::Close));
}

#[test]
fn a_failed_save_keeps_the_work_and_says_why() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let blocker = f.path("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    f.dialogs.push(Answer::Path(blocker.join("project.stance.json")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The workspace was not saved").is_some());
    assert!(h.get_by_label_contains("not-a-folder").value().is_some());
    assert!(h.state().document().is_dirty());
    assert!(h.state().path().is_none());
}

/// A file dropped on the window, as the platform hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_are_imported() {
    let f = Fixture::new();
    let mut h = f.harness();
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(sample())));
    h.run();
    settle(&mut h);
    assert_eq!(h.state().workspace().article_count(), 1);
}

/// Every format analysts' articles come in, dropped on the window at once:
/// each imports with its metadata, and the one that cannot (a scan) is
/// reported while the others go in.
#[test]
fn dropped_documents_of_every_format_import_and_a_scan_is_reported() {
    let fixture = |rel: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel);
    let f = Fixture::new();
    let mut h = f.harness();
    for rel in [
        "docx/mahan-air.docx",
        "pdf/two-column.pdf",
        "pdf/scan.pdf",
        "factiva/riyadh-talks-factiva.rtf",
    ] {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(fixture(rel))));
    }
    h.run();
    settle(&mut h);
    let ws = h.state().workspace();
    let titles: Vec<&str> = ws.articles().map(|a| a.title.as_str()).collect();
    // One Word article, one PDF and the three documents of a Factiva export.
    assert_eq!(ws.article_count(), 5, "{titles:?}");
    assert!(titles.contains(&"US restricts flights to Cuba"), "{titles:?}");
    let factiva = ws
        .articles()
        .find(|a| a.title == "Envoys open talks in Riyadh on ending the war")
        .expect("the Factiva export was split");
    assert!(
        factiva.meta.contains_key(stance_tracker::model::meta::OUTLET),
        "{:?}",
        factiva.meta
    );
    assert!(
        ws.articles().any(|a| a.source.contains("riyadh-talks-factiva.rtf#doc")),
        "{titles:?}"
    );
    assert!(h.query_by_label("Import finished").is_some(), "the scan is reported");
    assert!(h.query_all_by_label_contains("no text layer").count() >= 1);
}

#[test]
fn recovery_copy_is_offered_after_a_crash() {
    let f = Fixture::new();
    {
        let mut h = f.harness();
        import_sample(&f, &mut h);
        h.state_mut().write_recovery();
        // Dropped without saving: as if the app were killed.
    }
    let mut h = f.harness();
    h.run();
    assert!(h.query_by_label("Restore unsaved work?").is_some());
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().workspace().article_count(), 1);
    assert!(h.state().document().is_dirty(), "restored work still needs saving");
}

#[test]
fn a_workspace_open_elsewhere_is_flagged() {
    let f = Fixture::new();
    let path = f.path("shared.stance.json");
    stance_tracker::storage::save_workspace(&stance_tracker::model::Workspace::new(), &path).unwrap();
    // Another live instance (pid 1 always exists) holds the lock.
    let owner = format!(
        "{{\"pid\":1,\"host\":\"{}\",\"user\":\"ana\",\"since\":0}}",
        std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap().trim()
    );
    std::fs::write(stance_tracker::storage::lock::lock_path(&path), owner).unwrap();
    let mut h = f.harness();
    f.dialogs.push(Answer::Path(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("This workspace is already open").is_some());
    assert!(h.query_all_by_label_contains("ana on").count() == 1);
    h.get_by_label("Open anyway").click();
    h.run();
    assert_eq!(h.state().path(), Some(path.as_path()));
}

#[test]
fn find_filters_articles_by_text_and_date() {
    let f = Fixture::new();
    let mut h = f.harness();
    f.dialogs.push(Answer::Path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews_2019.csv"),
    ));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    settle(&mut h);
    assert!(h.query_all_by_label("171 of 171").count() == 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Find").type_text("mugabe");
    h.run();
    let shown = h
        .get_all_by_label_contains(" of 171")
        .next()
        .unwrap()
        .value()
        .unwrap_or_default();
    let n: usize = shown.split(' ').next().unwrap().parse().unwrap();
    assert!((1..171).contains(&n), "{shown}");
    h.get_by_label("Clear filters").click();
    h.run();
    h.get_by_label("From").click();
    h.run();
    h.get_by_label("From").type_text("2019-12");
    h.run();
    let shown = h
        .get_all_by_label_contains(" of 171")
        .next()
        .unwrap()
        .value()
        .unwrap_or_default();
    let n: usize = shown.split(' ').next().unwrap().parse().unwrap();
    assert!(n > 0 && n < 40, "{shown}");
}

#[test]
fn a_long_article_is_read_a_page_at_a_time() {
    let f = Fixture::new();
    let mut h = f.harness();
    let mut text = String::from("Title: A long report\nDate: 2025-02-18\n\n");
    for i in 0..400 {
        text.push_str(&format!(
            "Paragraph {i}. Russian Foreign Minister Sergei Lavrov said Moscow was ready to meet US officials.\n\n"
        ));
    }
    let path = f.path("long.txt");
    std::fs::write(&path, &text).unwrap();
    f.dialogs.push(Answer::Paths(vec![path]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("Page 1 of 2").is_some(), "30 kB pages: two of them");
    assert!(h.query_by_label("‹ Previous page").is_some());

    h.get_by_label("Next page ›").click();
    h.run();
    assert!(h.query_by_label("Page 2 of 2").is_some());
    // A selection on page 2 is an offset into the whole article.
    select_text(&mut h, 0, 13);
    let (start, end) = h.state().view().selection.expect("selected");
    let article = h.state().workspace().articles().next().unwrap().text.clone();
    let chosen: String = article.chars().skip(start).take(end - start).collect();
    assert!(start > 10_000, "page 2 starts far into the text ({start})");
    assert!(chosen.starts_with("Paragraph "), "{chosen:?}");

    // Choosing a stance whose evidence is on page 1 turns back to it.
    let first = h
        .state()
        .workspace()
        .stances()
        .min_by_key(|s| s.evidence.start)
        .map(|s| s.id)
        .expect("suggestions were made");
    h.state_mut().handle(Action::SelectStance(Some(first)));
    h.run();
    assert!(h.query_by_label("Page 1 of 2").is_some());
}

/// A workspace with 9 MB of text: above the size that saves on a thread.
fn big_document() -> stance_tracker::model::Document {
    use stance_tracker::model::{Article, ArticleId, Command, Document, Workspace};
    let mut ws = Workspace::new();
    for i in 0..3 {
        let id = ArticleId(ws.alloc_id());
        let text = format!("Report {i}. ") + &"Negotiators met in Geneva to discuss sanctions relief. ".repeat(55_000);
        ws.apply(Command::AddArticle(Box::new(Article::new(
            id,
            format!("Report {i}"),
            None,
            "big".into(),
            text,
        ))))
        .unwrap();
    }
    Document::opened(ws)
}

/// Steps frames until `done`, for at most a minute: background work runs at
/// a lower priority and waits its turn while the rest of the suite runs.
fn step_until(h: &mut Harness<'_, StanceApp>, done: impl Fn(&StanceApp) -> bool) {
    let start = std::time::Instant::now();
    while !done(h.state()) && start.elapsed() < Duration::from_secs(60) {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_big_workspace_autosaves_on_a_thread_and_a_save_meanwhile_clears_it() {
    use stance_tracker::model::{Actor, ActorId, ActorKind, Command};
    use stance_tracker::storage::recovery::Recovery;
    let f = Fixture::new();
    let mut h = f.harness();
    h.state_mut().open_document(big_document(), None);
    h.run();
    let add = |h: &mut Harness<'_, StanceApp>, name: &str| {
        let id = ActorId(h.state_mut().workspace().peek_next_id());
        h.state_mut().handle(Action::Execute(Command::AddActor(Actor::new(
            id,
            name,
            ActorKind::Person,
        ))));
    };
    add(&mut h, "Unsaved Person");
    let recovery = Recovery::new(&f.path("data"));

    // The copy is written on a thread while frames go on, and it is complete.
    h.state_mut().write_recovery();
    step_until(&mut h, |app| app.last_autosave().is_some());
    assert!(h.state().last_autosave().is_some(), "the autosave finished");
    let restored = recovery.load().expect("a whole, valid recovery copy");
    assert_eq!(restored.article_count(), 3);
    assert!(restored.actors().any(|a| a.name == "Unsaved Person"));

    // Saving while the next copy is still being written: once both are done,
    // no stale recovery copy is left to be offered at the next start.
    add(&mut h, "Second Person");
    h.state_mut().write_recovery();
    f.dialogs.push(Answer::Path(f.path("big.stance.json")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.step();
    step_until(&mut h, |app| !app.is_busy() && !app.is_autosaving());
    h.step();
    assert!(!h.state().document().is_dirty(), "saved");
    assert!(
        recovery.pending().is_none(),
        "the recovery copy was removed after the save"
    );
}

/// A damaged workspace is refused with an offer to open what still checks
/// out: read-only and untitled, so the damaged file is never written over,
/// until Save As gives it a name of its own.
#[test]
fn a_damaged_workspace_opens_read_only_as_a_salvage() {
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    let path = f.path("damaged.stance.json");
    f.dialogs.push(Answer::Path(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    let damaged = saved.replacen("\"note\": \"\"", "\"note\": \"rot\"", 1);
    assert_ne!(saved, damaged);
    std::fs::write(&path, &damaged).unwrap();

    let mut h = f.harness();
    f.dialogs.push(Answer::Path(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("This workspace is damaged").is_some());
    assert!(h.query_all_by_label_contains("its checksum does not match").count() == 1);
    assert_eq!(
        h.query_all_by_label_contains("Opening").count(),
        0,
        "the status bar does not keep saying Opening…"
    );
    assert!(h.query_all_by_label_contains("Could not open").count() == 1);
    h.get_by_label("Open what checks out (read-only)").click();
    h.run();
    settle(&mut h);
    assert!(h.query_by_label("Read-only salvage").is_some());
    assert_eq!(
        h.state().path(),
        None,
        "untitled: Save cannot write over the damaged file"
    );
    assert_eq!(h.state().workspace().article_count(), 1);
    let pending = h.state().workspace().pending_count();
    assert!(pending > 0);
    h.state_mut().handle(Action::AcceptAllAbove(0.0));
    h.run();
    assert_eq!(
        h.state().workspace().pending_count(),
        pending,
        "no edits while read-only"
    );
    assert!(h.query_all_by_label_contains("This salvaged copy is read-only").count() >= 1);

    let kept = f.path("kept.stance.json");
    f.dialogs.push(Answer::Path(kept.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    settle(&mut h);
    assert_eq!(h.state().path(), Some(kept.as_path()));
    assert!(h.query_by_label("Read-only salvage").is_none());
    h.state_mut().handle(Action::AcceptAllAbove(0.0));
    assert_eq!(h.state().workspace().pending_count(), 0, "an ordinary workspace again");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);
}

/// Without a system file dialog (no XDG portal or zenity) Save falls back to
/// the app's own dialog, says so, and suggests a name from the article; a
/// cancelled save says that nothing was saved.
#[test]
fn without_a_system_dialog_the_built_in_one_saves() {
    use egui::accesskit::Role;
    let f = Fixture::new();
    let mut h = f.harness();
    import_sample(&f, &mut h);
    f.dialogs.push(Answer::Unavailable);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_all_by_label_contains("no system file dialog").count() >= 1);
    let suggested = f.dialogs.suggested.lock().unwrap().last().cloned().unwrap();
    assert!(
        suggested.ends_with(".stance.json") && suggested.len() > 20,
        "{suggested}"
    );
    assert!(
        h.query_all_by_label_contains("Save workspace").count() >= 1,
        "the built-in dialog is open"
    );
    // Its file-name field holds the suggestion; an absolute path typed there wins.
    let path = f.path("from-built-in.stance.json");
    let field = h.get_by_role_and_label(Role::TextInput, "File name:");
    assert_eq!(field.value().as_deref(), Some(suggested.as_str()));
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "File name:")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(path.is_file(), "saved through the built-in dialog");
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(!h.state().document().is_dirty());

    // The next request goes to the built-in dialog again; Escape cancels it
    // and the status bar says nothing was saved.
    h.state_mut().handle(Action::SaveAs);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_all_by_label_contains("Not saved: no file was chosen").count() == 1);
}
