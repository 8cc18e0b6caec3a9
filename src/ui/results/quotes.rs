//! The Quotes tab: "What did X say on Y?" over the shared filter — each
//! stance's quote with its article, outlet and date, a click away from the
//! reader, and saved as a quote sheet (Markdown or CSV) with citations.

use super::super::app::{Action, StanceApp};
use super::super::dialogs::DialogRequest;
use super::super::files::FileThen;
use crate::report::{self, Quote};
use eframe::egui;
use std::sync::Arc;

/// The quotes for (revision, filter): recomputed only when either changes.
pub(crate) type QuoteCache = Option<((u64, report::Filter), Arc<Vec<Quote>>)>;

const ROW_HEIGHT: f32 = 58.0;

pub fn quotes(app: &mut StanceApp, ui: &mut egui::Ui) {
    let key = (app.doc.revision(), app.view.results.filter.clone());
    let list = match &app.view.results.quotes {
        Some((k, list)) if *k == key => Arc::clone(list),
        _ => {
            let list = Arc::new(report::quotes(app.doc.workspace(), &key.1));
            app.view.results.quotes = Some((key.clone(), Arc::clone(&list)));
            list
        }
    };
    let ws = app.doc.workspace();
    ui.heading(report::question(ws, &key.1));
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{} quote(s)", list.len()));
        ui.weak("Choose actors and issues in the filter above to narrow the question.");
    });
    ui.horizontal(|ui| {
        for (label, format) in [
            ("Save quote sheet (Markdown)…", report::ExportFormat::QuotesMd),
            ("Save quote sheet (CSV)…", report::ExportFormat::QuotesCsv),
        ] {
            if ui.add_enabled(!list.is_empty(), egui::Button::new(label)).clicked() {
                save_sheet(app, format);
            }
        }
    });
    ui.separator();
    let mut open = None;
    egui::ScrollArea::vertical()
        .id_salt("quotes")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, list.len(), |ui, range| {
            for q in &list[range] {
                if quote_row(ui, q).clicked() {
                    open = Some(q.stance);
                }
            }
        });
    if let Some(id) = open {
        app.emit(Action::ShowReader);
        app.emit(Action::SelectStance(Some(id)));
    }
}

/// The quote on its first line, cut to the width (whole on hover), and the
/// citation on the second; the whole row opens the stance.
fn quote_row(ui: &mut egui::Ui, q: &Quote) -> egui::Response {
    let citation = format!(
        "— {} ({} on {}) · {} · {}{}",
        q.actor,
        q.position.as_str(),
        q.issue,
        q.article,
        q.outlet,
        q.date.as_deref().map(|d| format!(" · {d}")).unwrap_or_default()
    );
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), ROW_HEIGHT), egui::Sense::click());
    let label = format!("“{}” {citation}", q.text);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    // Painted, not labels: the row is one widget with one name for a screen
    // reader, not three that repeat each other.
    let inner = rect.shrink2(egui::vec2(6.0, 4.0));
    let line = |text: egui::RichText, ui: &egui::Ui| {
        egui::WidgetText::from(text).into_galley(
            ui,
            Some(egui::TextWrapMode::Truncate),
            inner.width(),
            egui::TextStyle::Body,
        )
    };
    let quote = line(egui::RichText::new(format!("“{}”", q.text)).italics(), ui);
    let cite = line(egui::RichText::new(citation).weak(), ui);
    let text_color = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let below = inner.min + egui::vec2(0.0, quote.size().y + 4.0);
    ui.painter().galley(inner.min, quote, text_color);
    ui.painter().galley(below, cite, weak);
    resp.on_hover_text(&q.text)
}

fn save_sheet(app: &mut StanceApp, format: report::ExportFormat) {
    let filter = &app.view.results.filter;
    let bytes = match report::export_bytes(app.doc.workspace(), format, filter) {
        Ok(b) => b,
        Err(e) => return app.error("The quote sheet could not be made", e.to_string()),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    app.ask_file(DialogRequest::for_format(format), FileThen::ResultsText(text));
}
