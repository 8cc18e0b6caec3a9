//! The article reader: the text with actor mentions highlighted and stance
//! evidence underlined in the position's colour. Selecting text is how a
//! stance gets its evidence; clicking a highlight selects its stance.

use super::app::{Action, StanceApp};
use super::palette;
use crate::model::Position;
use eframe::egui::text::{CCursor, LayoutJob, TextFormat};
use eframe::egui::{self, Align, FontId, RichText, Sense};

/// The id of the reader's text view, so tests can address its selection.
pub const READER_ID: &str = "article_reader";

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(article_id) = app.view.article.filter(|id| app.doc.workspace().article(*id).is_some()) else {
            ui.centered_and_justified(|ui| {
                ui.weak("Select an article in the list on the left.");
            });
            return;
        };
        header(app, ui, article_id);
        ui.separator();
        text_view(app, ui, article_id);
    });
}

fn header(app: &mut StanceApp, ui: &mut egui::Ui, article_id: crate::model::ArticleId) {
    let ws = app.doc.workspace();
    let a = ws.article(article_id).expect("checked by caller");
    ui.add_space(4.0);
    ui.heading(RichText::new(&a.title).strong());
    let date = a.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into());
    let counts = ws.stances_of(article_id).fold([0usize; 3], |mut c, s| {
        c[s.status as usize] += 1;
        c
    });
    ui.horizontal_wrapped(|ui| {
        ui.weak(format!("{date} · {}", a.source));
        ui.weak(format!(
            "· {} pending, {} accepted, {} rejected",
            counts[0], counts[1], counts[2]
        ));
    });
    let selection = app.view.selection;
    ui.horizontal(|ui| {
        let b = ui
            .add_enabled(selection.is_some(), egui::Button::new("New stance from selection  (N)"))
            .on_disabled_hover_text("Select the sentence or clause that shows the stance first");
        if b.clicked() {
            app.emit(Action::NewStance);
        }
        if let Some((s, e)) = selection {
            ui.weak(format!("{} characters selected", e - s));
        }
        ui.separator();
        legend(ui);
    });
}

fn legend(ui: &mut egui::Ui) {
    for p in Position::ALL {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 10.0), Sense::hover());
        ui.painter().line_segment(
            [rect.left_bottom(), rect.right_bottom()],
            egui::Stroke::new(3.0, palette::position(p)),
        );
        ui.label(RichText::new(p.as_str()).small());
    }
    ui.label(RichText::new("· shaded: actor mentions").small().weak());
}

fn text_view(app: &mut StanceApp, ui: &mut egui::Ui, article_id: crate::model::ArticleId) {
    let revision = app.doc.revision();
    let pages = app.highlights.pages(app.doc.workspace(), article_id).to_vec();
    let mut page = app
        .view
        .reader_page
        .filter(|(a, _)| *a == article_id)
        .map_or(0, |(_, p)| p)
        .min(pages.len() - 1);
    let mut scroll_to = app.view.scroll_reader_to.take();
    if let Some(c) = scroll_to {
        page = super::pages::page_of_char(&pages, c);
    }
    if pages.len() > 1 {
        ui.horizontal(|ui| {
            if ui.add_enabled(page > 0, egui::Button::new("‹ Previous page")).clicked() {
                page -= 1;
                scroll_to = Some(pages[page].first_char);
            }
            ui.label(format!("Page {} of {}", page + 1, pages.len()));
            if ui
                .add_enabled(page + 1 < pages.len(), egui::Button::new("Next page ›"))
                .clicked()
            {
                page += 1;
                scroll_to = Some(pages[page].first_char);
            }
            ui.weak("Long article: shown a page at a time");
        });
    }
    if app.view.reader_page != Some((article_id, page)) {
        app.view.reader_page = Some((article_id, page));
    }
    let bytes = pages[page].bytes.clone();
    let first_char = pages[page].first_char;
    let segments = app
        .highlights
        .segments(
            app.doc.workspace(),
            revision,
            article_id,
            bytes.clone(),
            &app.view.filter,
            app.view.stance,
            app.view.dark,
        )
        .to_vec();
    let ws = app.doc.workspace();
    let article = ws.article(article_id).expect("checked by caller");
    let font = FontId::proportional(15.5);
    let fg = ui.visuals().text_color();
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
        let text = buf.as_str();
        let mut job = LayoutJob::default();
        job.wrap.max_width = wrap_width;
        for seg in &segments {
            let Some(piece) = text.get(seg.bytes.start - bytes.start..seg.bytes.end - bytes.start) else {
                continue;
            };
            job.append(
                piece,
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: fg,
                    background: seg.background,
                    underline: seg.underline,
                    line_height: Some(23.0),
                    ..Default::default()
                },
            );
        }
        if segments.is_empty() {
            job.append(
                text,
                0.0,
                TextFormat {
                    font_id: font.clone(),
                    color: fg,
                    ..Default::default()
                },
            );
        }
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let mut text: &str = &article.text[bytes.clone()];
    let output = egui::ScrollArea::vertical()
        .id_salt(("reader_scroll", article_id, page))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let out = egui::TextEdit::multiline(&mut text)
                .id(egui::Id::unique(READER_ID))
                .desired_width(f32::INFINITY)
                .frame(egui::Frame::NONE)
                .layouter(&mut layouter)
                .show(ui);
            if let Some(c) = scroll_to {
                let r = out
                    .galley
                    .pos_from_cursor(CCursor::new(c.saturating_sub(first_char)))
                    .translate(out.galley_pos.to_vec2());
                ui.scroll_to_rect(r.expand(40.0), Some(Align::Center));
            }
            out
        })
        .inner;

    // Keep the last real selection: clicking a button or right-clicking
    // takes focus from the text and would otherwise lose it.
    let secondary = ui.input(|i| i.pointer.secondary_pressed() || i.pointer.secondary_down());
    let mut clicked_char = None;
    if !secondary && let Some(r) = output.cursor_range {
        let c = r.as_sorted_char_range();
        let (s, e) = (c.start.0 + first_char, c.end.0 + first_char);
        app.view.selection = (e > s).then_some((s, e));
        if output.response.clicked() && e == s {
            clicked_char = Some(s);
        }
    }
    let byte_at = |c: usize| article.char_to_byte(c);
    if let Some(b) = clicked_char.and_then(byte_at) {
        let hit = segments.iter().find(|s| s.bytes.contains(&b));
        if let Some(id) = hit.and_then(|s| s.stance) {
            app.actions.push(Action::SelectStance(Some(id)));
        } else if let Some(id) = hit.and_then(|s| s.actor) {
            app.view.actors.selected = Some(id);
            if let Some(a) = ws.actor(id) {
                app.message = format!("{} ({}) — open Edit > Actors to edit", a.name, a.kind.as_str());
            }
        }
    }
    // Hovering a highlight names its actor and stance.
    let mut tip = None;
    if let Some(p) = output.response.hover_pos() {
        let c = output.galley.cursor_from_pos(p - output.galley_pos).index.0 + first_char;
        if let Some(b) = byte_at(c)
            && let Some(seg) = segments.iter().find(|s| s.bytes.contains(&b))
        {
            let mut lines = Vec::new();
            if let Some(a) = seg.actor.and_then(|id| ws.actor(id)) {
                lines.push(format!("Actor: {} ({})", a.name, a.kind.as_str()));
            }
            if let Some(s) = seg.stance.and_then(|id| ws.stance(id)) {
                let actor = ws.actor(s.actor).map_or("?", |a| a.name.as_str());
                let issue = ws.issue(s.issue).map_or("?", |i| i.label.as_str());
                lines.push(format!(
                    "Stance: {actor} — {issue} — {} ({})",
                    s.position.as_str(),
                    s.status.as_str()
                ));
            }
            if !lines.is_empty() {
                tip = Some(lines.join("\n"));
            }
        }
    }
    let has_selection = app.view.selection.is_some();
    let response = output.response.response.clone();
    response.context_menu(|ui| {
        if ui
            .add_enabled(has_selection, egui::Button::new("New stance from selection"))
            .clicked()
        {
            app.actions.push(Action::NewStance);
        }
    });
    if let Some(tip) = tip {
        response.on_hover_text_at_pointer(tip);
    }
}
