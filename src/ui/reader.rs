//! The article reader: the text with actor mentions highlighted and stance
//! evidence underlined in the position's colour. Selecting text is how a
//! stance gets its evidence; clicking a highlight selects its stance.

use super::app::{Action, StanceApp};
use super::{palette, selection};
use crate::model::Position;
use eframe::egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use eframe::egui::text_edit::TextEditOutput;
use eframe::egui::{self, Align, FontId, RichText, Sense};
use std::ops::Range;

/// The id of the reader's text view, so tests can address its selection.
pub const READER_ID: &str = "article_reader";

/// The longest line the reader shows (about 100 characters): on a wide
/// screen longer lines are hard to follow back to the next one's start.
const MEASURE: f32 = 780.0;

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(article_id) = app.view.article.filter(|id| app.doc.workspace().article(*id).is_some()) else {
            ui.centered_and_justified(|ui| {
                ui.weak("Select an article in the list on the left.");
            });
            return;
        };
        // Taken before anything is added: egui widens a layout to fit a row
        // that overflows it, and text laid out after such a row would wrap
        // wider than the panel, under the Stances panel.
        let panel = ui.available_rect_before_wrap();
        in_column(ui, |ui| {
            header(app, ui, article_id);
            ui.separator();
        });
        let rest = egui::Rect::from_min_max(egui::pos2(panel.left(), ui.cursor().top()), panel.max);
        ui.scope_builder(egui::UiBuilder::new().max_rect(rest), |ui| {
            text_view(app, ui, article_id);
        });
    });
}

/// Lays `add` out in the reading column: the width of the panel up to
/// [`MEASURE`], centred in it.
fn in_column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let free = ui.available_rect_before_wrap();
    let width = free.width().min(MEASURE);
    let left = free.center().x - width / 2.0;
    let rect = egui::Rect::from_min_size(egui::pos2(left, free.top()), egui::vec2(width, free.height()));
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), add).inner
}

/// The widest a side panel may be, as a `share` of the window: the article
/// list (a quarter) and the Stances panel (a third) leave the reader over
/// 40% of any window, however wide they were dragged.
pub(crate) fn side_panel_max(ui: &egui::Ui, share: f32) -> f32 {
    ui.ctx().content_rect().width() * share
}

fn header(app: &mut StanceApp, ui: &mut egui::Ui, article_id: crate::model::ArticleId) {
    let seen = super::team::Seen::of(app);
    let done = seen.named.then(|| app.done_here(article_id));
    let ws = app.doc.workspace();
    let a = ws.article(article_id).expect("checked by caller");
    ui.add_space(4.0);
    if seen.blind(ws, article_id) {
        super::team::blind_banner(ui);
    }
    ui.heading(RichText::new(&a.title).strong());
    let language = match app.view.language {
        Some((id, lang)) if id == article_id => lang,
        _ => {
            let lang = crate::analysis::language::not_english(&a.text);
            app.view.language = Some((article_id, lang));
            lang
        }
    };
    if let Some(lang) = language {
        language_banner(ui, lang);
    }
    let date = a.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into());
    let counts = ws
        .stances_of(article_id)
        .filter(|s| seen.shows(ws, s))
        .fold([0usize; 3], |mut c, s| {
            c[s.status as usize] += 1;
            c
        });
    // Outlet, byline, section… as the importer found them, then the source.
    use crate::model::meta;
    let mut line = vec![date];
    line.extend(
        meta::KNOWN
            .iter()
            .filter(|k| **k != meta::FILE)
            .filter_map(|k| a.meta.get(*k).cloned()),
    );
    line.push(a.source.clone());
    let mut toggle_done = false;
    let details: Vec<String> = a.meta.iter().map(|(k, v)| format!("{}: {v}", meta::label(k))).collect();
    ui.horizontal_wrapped(|ui| {
        let r = ui.weak(line.join(" · "));
        if !details.is_empty() {
            r.on_hover_text(details.join("\n"));
        }
        ui.weak(format!(
            "· {} pending, {} accepted, {} rejected",
            counts[0], counts[1], counts[2]
        ));
        if let Some(done) = done {
            ui.weak("·");
            toggle_done = super::team::done_toggle(ui, done);
        }
    });
    if toggle_done {
        app.emit(Action::ToggleDone);
    }
    toolbar(app, ui);
}

/// Why an article in another language has no suggestions.
fn language_banner(ui: &mut egui::Ui, lang: crate::analysis::language::Language) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("Not in English: {}", lang.name))
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
            ui.label(crate::analysis::language::explain(lang));
        });
}

/// Every item has a size of its own, whatever is selected, so the toolbar
/// (and the text under it) never moves during a drag; a narrow panel wraps
/// whole items onto a second row.
fn toolbar(app: &mut StanceApp, ui: &mut egui::Ui) {
    let selection = app.view.selection;
    ui.horizontal_wrapped(|ui| {
        let b = ui
            .add_enabled(selection.is_some(), egui::Button::new("New stance from selection  (N)"))
            .on_disabled_hover_text("Select the sentence or clause that shows the stance first");
        if b.clicked() {
            app.emit(Action::NewStance);
        }
        selection_info(ui, selection);
        position_legend(ui);
        ui.add(egui::Label::new(RichText::new("shaded: actors").small().weak()).extend());
    });
}

/// Wide enough for "30000 characters selected" (a whole page).
const SELECTION_INFO_WIDTH: f32 = 165.0;

fn selection_info(ui: &mut egui::Ui, selection: Option<(usize, usize)>) {
    let text = match selection {
        Some((s, e)) => RichText::new(format!("{} characters selected", e - s)),
        None => RichText::new("nothing selected").weak(),
    };
    // What is left of the button's row in a narrow panel: the row's width
    // is the panel's, never the text's.
    let rest_of_row = ui.available_rect_before_wrap().width();
    let width = SELECTION_INFO_WIDTH.min(rest_of_row).max(SELECTION_INFO_WIDTH / 2.0);
    let size = egui::vec2(width, ui.spacing().interact_size.y);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let layout = egui::Layout::left_to_right(Align::Center);
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect).layout(layout), |ui| {
        ui.add(egui::Label::new(text).truncate());
    });
}

/// The four underline colours as one item, so they wrap together.
fn position_legend(ui: &mut egui::Ui) {
    const SWATCH: f32 = 14.0;
    let gap = ui.spacing().item_spacing.x;
    let font = egui::TextStyle::Small.resolve(ui.style());
    let color = ui.visuals().text_color();
    let labels: Vec<_> = Position::ALL
        .iter()
        .map(|p| {
            (
                *p,
                ui.painter().layout_no_wrap(p.as_str().to_owned(), font.clone(), color),
            )
        })
        .collect();
    let width: f32 = labels.iter().map(|(_, g)| SWATCH + g.size().x + 2.0 * gap).sum::<f32>() - gap;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, ui.spacing().interact_size.y), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, true, "underlined: support, oppose, neutral, mixed")
    });
    let (mut x, y) = (rect.left(), rect.center().y);
    for (p, galley) in labels {
        ui.painter().line_segment(
            [egui::pos2(x, y + 4.0), egui::pos2(x + SWATCH, y + 4.0)],
            egui::Stroke::new(3.0, palette::position(p)),
        );
        x += SWATCH + gap;
        let size = galley.size();
        ui.painter().galley(egui::pos2(x, y - size.y / 2.0), galley, color);
        x += size.x + gap;
    }
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
        in_column(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
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
                ui.add(egui::Label::new(RichText::new("Long article: shown a page at a time").weak()).extend());
            })
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
            super::team::Seen::of(app),
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
            let out = ui
                .vertical_centered(|ui| {
                    egui::TextEdit::multiline(&mut text)
                        .id(egui::Id::unique(READER_ID))
                        .desired_width(MEASURE)
                        .frame(egui::Frame::NONE)
                        .layouter(&mut layouter)
                        .show(ui)
                })
                .inner;
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
    let committed = committed_selection(ui, &output, text);
    if let Some(r) = &committed {
        show_selection(ui, &output, r.clone());
    }
    let range = committed.or_else(|| {
        let c = output.cursor_range?.as_sorted_char_range();
        Some(c.start.0..c.end.0)
    });
    let mut clicked_char = None;
    if !secondary && let Some(r) = range {
        let (s, e) = (r.start + first_char, r.end + first_char);
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

/// The selection the pointer has just finished making, as evidence wants it:
/// a double click's word, a triple click's sentence, a drag widened to whole
/// words (Alt held keeps it exactly as dragged). Page char offsets.
fn committed_selection(ui: &egui::Ui, output: &TextEditOutput, text: &str) -> Option<Range<usize>> {
    let response = &output.response;
    let pointer = || {
        let p = response.interact_pointer_pos()?;
        Some(output.galley.cursor_from_pos(p - output.galley_pos).index.0)
    };
    if response.triple_clicked() {
        Some(selection::sentence_at(text, pointer()?))
    } else if response.double_clicked() {
        Some(selection::word_at(text, pointer()?))
    } else if response.drag_stopped() && !ui.input(|i| i.modifiers.alt) {
        let c = output.cursor_range?.as_sorted_char_range();
        Some(selection::snap_to_words(text, c.start.0..c.end.0))
    } else {
        None
    }
}

/// Puts `chars` into the text view's own selection, shown from the next frame.
fn show_selection(ui: &egui::Ui, output: &TextEditOutput, chars: Range<usize>) {
    let mut state = output.state.clone();
    let range = CCursorRange::two(CCursor::new(chars.start), CCursor::new(chars.end));
    state.cursor.set_char_range(Some(range));
    state.store(ui.ctx(), output.response.id);
    ui.ctx().request_repaint();
}
