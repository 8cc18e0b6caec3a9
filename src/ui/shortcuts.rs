//! Keyboard shortcuts: the standard ones work everywhere; the single-key
//! coding keys only where what they act on is on screen — the reader and its
//! Stances panel, with no dialog or window over them — and no text field
//! has the keyboard (the reader's own read-only text does not count).

use super::app::{Action, ModalKind, StanceApp};
use crate::model::{Position, Status};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const OPEN_SERVER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const DONE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
pub const PASTE_ARTICLE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::V);

/// The list shown in Help ▸ Keyboard shortcuts.
pub const HELP: &[(&str, &str)] = &[
    ("Ctrl+N", "New workspace"),
    ("Ctrl+O / Ctrl+Shift+O", "Open workspace / Open a project from a server"),
    ("Ctrl+S / Ctrl+Shift+S", "Save / Save as"),
    ("Ctrl+I", "Import articles"),
    ("Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)", "Undo / Redo"),
    (
        "Ctrl+F",
        "Find: filter articles by title or text, highlight in the reader",
    ),
    ("Ctrl+Q", "Quit"),
    (
        "Ctrl+Shift+V",
        "Paste the clipboard's text as a new article dated today",
    ),
    ("Ctrl + / Ctrl − / Ctrl 0", "Zoom in / out / back to 100%"),
    ("Ctrl+D", "Mark the article done for you (again: not done)"),
    ("N", "New stance from the selected text"),
    ("A / R", "Accept / Reject the selected suggestion, then go to the next"),
    ("J / K", "Next / previous pending suggestion"),
    (
        "1 2 3 4",
        "Set the selected stance to support / oppose / neutral / mixed",
    ),
    ("E / Delete", "Edit / delete the selected stance"),
    ("[ / ]", "Previous / next article"),
    (
        "J / K, Enter, 1-9, C",
        "Reliability tab: select a disagreement, open it in the reader, take coder N's coding as the consensus, \
         write the consensus",
    ),
    ("Escape", "Close a dialog"),
    ("F1", "This list"),
];

pub fn handle(app: &mut StanceApp, ctx: &egui::Context) {
    // Shift variants first: consume_shortcut ignores extra modifiers.
    let hit = |s: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(s));
    if hit(&SAVE_AS) {
        app.emit(Action::SaveAs);
    } else if hit(&SAVE) {
        app.emit(Action::Save);
    }
    if hit(&REDO) || hit(&REDO_Y) {
        app.emit(Action::Redo);
    } else if hit(&UNDO) {
        app.emit(Action::Undo);
    }
    if hit(&NEW) {
        app.emit(Action::NewWorkspace);
    }
    if hit(&OPEN_SERVER) {
        app.emit(Action::OpenServer(None));
    } else if hit(&OPEN) {
        app.emit(Action::OpenWorkspace);
    }
    if hit(&IMPORT) {
        app.emit(Action::ImportFiles);
    }
    if hit(&QUIT) {
        app.emit(Action::Quit);
    }
    if hit(&DONE) {
        app.emit(Action::ToggleDone);
    }
    if hit(&FIND) {
        app.view.focus_filter = true;
        app.view.show_articles = true;
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
        app.emit(Action::ShowModal(ModalKind::Shortcuts));
    }
    paste_article(app, ctx);
    if reader_focused(ctx) {
        // The reader is read-only, yet a typed letter still "replaces" its
        // selection and so clears it: coding keys must not reach it.
        ctx.input_mut(|i| i.events.retain(|e| !matches!(e, egui::Event::Text(_))));
    } else if ctx.egui_wants_keyboard_input() {
        return;
    }
    if !coding_keys_apply(app) {
        return;
    }
    let key = |k: Key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
    // A stance key acts only on a stance the Stances panel shows.
    let seen = super::team::Seen::of(app);
    let ws = app.workspace();
    let selected = app
        .view
        .stance
        .filter(|_| app.view.show_stances)
        .filter(|&id| ws.stance(id).is_some_and(|s| seen.shows(ws, s)));
    if key(Key::N) {
        app.emit(Action::NewStance);
    }
    if key(Key::J) {
        app.emit(Action::StepSuggestion(1));
    }
    if key(Key::K) {
        app.emit(Action::StepSuggestion(-1));
    }
    if key(Key::OpenBracket) {
        app.emit(Action::StepArticle(-1));
    }
    if key(Key::CloseBracket) {
        app.emit(Action::StepArticle(1));
    }
    if let Some(id) = selected {
        if key(Key::A) {
            app.emit(Action::SetStatus(id, Status::Accepted));
        }
        if key(Key::R) {
            app.emit(Action::SetStatus(id, Status::Rejected));
        }
        if key(Key::E) {
            app.emit(Action::EditStance(id));
        }
        if key(Key::Delete) {
            app.emit(Action::DeleteStance(id));
        }
        for (k, p) in [
            (Key::Num1, Position::Support),
            (Key::Num2, Position::Oppose),
            (Key::Num3, Position::Neutral),
            (Key::Num4, Position::Mixed),
        ] {
            if key(k) {
                app.emit(Action::SetPosition(id, p));
            }
        }
    }
}

/// Ctrl+Shift+V outside a text field (or File > Paste text as article)
/// asks the system for the clipboard; its text arrives as a paste event in
/// a later frame and becomes the article. A request with no answer within a
/// second (an empty clipboard) lapses, so a later Ctrl+V into a field still
/// pastes there.
fn paste_article(app: &mut StanceApp, ctx: &egui::Context) {
    let typing = ctx.egui_wants_keyboard_input() && !reader_focused(ctx);
    if !typing && ctx.input_mut(|i| i.consume_shortcut(&PASTE_ARTICLE)) {
        request_article_paste(app, ctx);
    }
    let Some(asked) = app.view.paste_as_article else { return };
    if asked.elapsed() > std::time::Duration::from_secs(1) {
        app.view.paste_as_article = None;
        app.message = "The clipboard holds no text to paste as an article".into();
        return;
    }
    let pasted = ctx.input_mut(|i| {
        let text = i.events.iter().find_map(|e| match e {
            egui::Event::Paste(t) => Some(t.clone()),
            _ => None,
        });
        i.events.retain(|e| !matches!(e, egui::Event::Paste(_)));
        text
    });
    match pasted {
        Some(text) => {
            app.view.paste_as_article = None;
            app.emit(Action::PasteArticle(text));
        }
        None => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
    }
}

pub(crate) fn request_article_paste(app: &mut StanceApp, ctx: &egui::Context) {
    ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
    app.view.paste_as_article = Some(std::time::Instant::now());
}

/// The reader's text is a read-only text field: its focus is no typing.
fn reader_focused(ctx: &egui::Context) -> bool {
    ctx.memory(|m| m.focused()) == Some(egui::Id::unique(super::READER_ID))
}

/// Whether the single-letter coding keys may act: the reader is shown, and
/// nothing (the Actors or Codebook window, a chart tab) is over it that would
/// hide what a key changes. Dialogs need no check: with one open, the frame
/// does not call [`handle`] at all.
fn coding_keys_apply(app: &StanceApp) -> bool {
    !app.view.results_open && !app.view.actors.open && !app.view.codebook.open && app.view.article.is_some()
}
