//! The desktop app: egui panels that draw the model and emit [`Action`]s;
//! only [`StanceApp::handle`] changes the model.

mod app;
mod article_list;
pub mod dialogs;
mod editor;
mod file_dialog;
pub(crate) mod files;
mod fonts;
mod highlight;
mod jobs;
mod menu;
mod merge;
mod modals;
mod pages;
mod palette;
mod reader;
pub mod results;
mod selection;
mod server;
mod shortcuts;
mod stance_panel;
mod status_bar;
mod team;
mod welcome;
mod windows;

pub use app::{Action, AppConfig, ModalKind, Prefs, SortKey, StanceApp, View};
pub use dialogs::{Answer, DialogRequest, FileDialogs, NativeDialogs, Pick, ScriptedDialogs};
pub use reader::READER_ID;

use eframe::egui;
use std::path::PathBuf;

/// Opens the main window; returns when it closes.
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    // Build the gazetteer while the window opens, not on the first import.
    std::thread::spawn(|| {
        crate::analysis::gazetteer::Gazetteer::bundled();
    });
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stance Tracker")
            .with_app_id("stance-tracker")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "stance-tracker",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(StanceApp::new(AppConfig::desktop(paths), prefs)))
        }),
    )
    .map_err(|e| format!("could not open the window: {e}"))
}
