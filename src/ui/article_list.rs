//! The article list: filter by text (title and body) and date range, sort,
//! and a virtualised list that stays fast with ten thousand articles.

use super::app::{Action, ListKey, SortKey, StanceApp};
use crate::model::{ArticleId, Date, Status, Workspace};
use eframe::egui;

/// The list's filter over the whole workspace, found a slice at a time: a
/// text search through 100,000 articles (400 MB) takes longer than a frame
/// may, so each frame searches for a few milliseconds and the list fills in,
/// already in its sort order, while the rest is searched.
pub(crate) struct ListSearch {
    pub key: ListKey,
    /// Articles passing the date range, sorted; the text filter is applied to these.
    candidates: Vec<ArticleId>,
    next: usize,
    pub found: Vec<ArticleId>,
    needle: String,
    /// One automaton for the needle: a case-insensitive scan at memory speed.
    finder: Option<aho_corasick::AhoCorasick>,
}

impl ListSearch {
    pub fn new(ws: &Workspace, key: ListKey) -> ListSearch {
        let needle = key.filter.trim().to_lowercase();
        let finder = (!needle.is_empty() && needle.is_ascii())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build([&needle])
                    .ok()
            })
            .flatten();
        let from = Date::parse_partial(&key.date_from, false);
        let to = Date::parse_partial(&key.date_to, true);
        let mut list: Vec<(&crate::model::Article, ArticleId)> = ws
            .articles()
            .filter(|a| from.is_none_or(|f| a.date.is_some_and(|d| d >= f)))
            .filter(|a| to.is_none_or(|t| a.date.is_some_and(|d| d <= t)))
            .filter(|a| !key.pending_only || pending_count(ws, a.id) > 0)
            .map(|a| (a, a.id))
            .collect();
        match key.sort {
            SortKey::DateNewest => list.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.1.cmp(&b.1))),
            SortKey::DateOldest => list.sort_by(|a, b| a.0.date.cmp(&b.0.date).then(a.1.cmp(&b.1))),
            SortKey::Title => list.sort_by_cached_key(|a| a.0.title.to_lowercase()),
            SortKey::MostPending => list.sort_by_cached_key(|a| (std::cmp::Reverse(pending_count(ws, a.1)), a.1)),
        }
        let sorted: Vec<ArticleId> = list.into_iter().map(|(_, id)| id).collect();
        // Without words to find, the date range and sort are the whole answer.
        let (candidates, found) = if needle.is_empty() {
            (Vec::new(), sorted)
        } else {
            (sorted, Vec::new())
        };
        ListSearch {
            key,
            candidates,
            next: 0,
            found,
            needle,
            finder,
        }
    }

    /// Searches until `budget` is spent; true once every candidate is checked.
    pub fn advance(&mut self, ws: &Workspace, budget: std::time::Duration) -> bool {
        let start = std::time::Instant::now();
        while self.next < self.candidates.len() {
            let id = self.candidates[self.next];
            self.next += 1;
            if let Some(a) = ws.article(id)
                && (a.title.to_lowercase().contains(&self.needle) || self.text_matches(&a.text))
            {
                self.found.push(id);
            }
            if self.next.is_multiple_of(64) && start.elapsed() >= budget {
                break;
            }
        }
        self.done()
    }

    fn text_matches(&self, text: &str) -> bool {
        match &self.finder {
            Some(f) => f.is_match(text),
            None => text.to_lowercase().contains(&self.needle),
        }
    }

    pub fn done(&self) -> bool {
        self.next >= self.candidates.len()
    }

    pub fn progress(&self) -> f32 {
        self.next as f32 / self.candidates.len().max(1) as f32
    }
}

fn pending_count(ws: &Workspace, id: ArticleId) -> usize {
    ws.stances_of(id).filter(|s| s.status == Status::Pending).count()
}

fn sort_label(sort: SortKey) -> &'static str {
    match sort {
        SortKey::DateNewest => "Newest first",
        SortKey::DateOldest => "Oldest first",
        SortKey::Title => "Title",
        SortKey::MostPending => "Most pending first",
    }
}

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    let list = app.visible_articles();
    egui::Panel::left("articles")
        .resizable(true)
        .default_size(300.0)
        .min_size(180.0)
        .max_size(super::reader::side_panel_max(ui, 0.25))
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.heading("Articles");
                ui.weak(format!("{} of {}", list.len(), app.workspace().article_count()));
                if let Some(search) = &app.view.list_search {
                    ui.add(
                        egui::ProgressBar::new(search.progress())
                            .desired_width(90.0)
                            .text("searching…"),
                    );
                    ui.ctx().request_repaint();
                }
            });
            ui.horizontal(|ui| {
                let label = ui.label("Find");
                let filter = ui
                    .add(
                        egui::TextEdit::singleline(&mut app.view.filter)
                            .hint_text("words in titles and text (Ctrl+F)")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut app.view.focus_filter) {
                    filter.request_focus();
                }
            });
            ui.horizontal(|ui| {
                let from = ui.label("From");
                ui.add(
                    egui::TextEdit::singleline(&mut app.view.date_from)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(84.0),
                )
                .labelled_by(from.id);
                let to = ui.label("to");
                ui.add(
                    egui::TextEdit::singleline(&mut app.view.date_to)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(84.0),
                )
                .labelled_by(to.id);
            });
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Sort");
                egui::ComboBox::from_id_salt("sort")
                    .selected_text(sort_label(app.view.sort))
                    .show_ui(ui, |ui| {
                        for k in [
                            SortKey::DateNewest,
                            SortKey::DateOldest,
                            SortKey::Title,
                            SortKey::MostPending,
                        ] {
                            ui.selectable_value(&mut app.view.sort, k, sort_label(k));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.checkbox(&mut app.view.pending_only, "Pending only")
                    .on_hover_text("Only articles with suggestions still to review");
                let filtered = !app.view.filter.is_empty()
                    || !app.view.date_from.is_empty()
                    || !app.view.date_to.is_empty()
                    || app.view.pending_only;
                if filtered && ui.small_button("Clear filters").clicked() {
                    app.view.filter.clear();
                    app.view.date_from.clear();
                    app.view.date_to.clear();
                    app.view.pending_only = false;
                }
            });
            ui.separator();
            let row_height = 44.0;
            let selected = app.view.article;
            let scroll_to = std::mem::take(&mut app.view.scroll_list_to_article);
            let mut area = egui::ScrollArea::vertical()
                .id_salt("article_scroll")
                .auto_shrink([false, false]);
            if scroll_to && let Some(pos) = selected.and_then(|s| list.iter().position(|&a| a == s)) {
                let spacing = ui.spacing().item_spacing.y;
                area = area.vertical_scroll_offset((pos as f32 * (row_height + spacing) - 100.0).max(0.0));
            }
            let mut clicked = None;
            let seen = super::team::Seen::of(app);
            let me = app.doc.coder_id();
            area.show_rows(ui, row_height, list.len(), |ui, range| {
                let ws = app.workspace();
                for &id in &list[range] {
                    let Some(a) = ws.article(id) else { continue };
                    let date = a.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into());
                    // A blind article's suggestions are not even counted.
                    let n = if seen.blind(ws, id) { 0 } else { pending_count(ws, id) };
                    let badge = if n > 0 {
                        format!(" · {n} pending")
                    } else {
                        String::new()
                    };
                    // First, so a narrow list never cuts it off.
                    let done = if me.is_some_and(|c| ws.is_done(id, c)) {
                        "done · "
                    } else {
                        ""
                    };
                    let meta = format!("{done}{date} · {}{badge}", short_source(&a.source));
                    if row(ui, row_height, &a.title, &meta, selected == Some(id)).clicked() {
                        clicked = Some(id);
                    }
                }
            });
            if let Some(id) = clicked {
                app.emit(Action::SelectArticle(id));
            }
        });
}

/// One list row: the title on the first line, date, source and pending
/// count on the second, both cut to the width with an ellipsis.
fn row(ui: &mut egui::Ui, height: f32, title: &str, meta: &str, selected: bool) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), height), egui::Sense::click());
    resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, title));
    let visuals = ui.visuals();
    if selected {
        ui.painter().rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if resp.hovered() {
        ui.painter()
            .rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let width = rect.width() - 12.0;
    let line = |text: &str, size: f32, color: egui::Color32| {
        let mut job = egui::text::LayoutJob::single_section(
            text.to_owned(),
            egui::TextFormat::simple(egui::FontId::proportional(size), color),
        );
        job.wrap = egui::text::TextWrapping {
            max_width: width,
            max_rows: 1,
            break_anywhere: true,
            overflow_character: Some('…'),
        };
        ui.painter().layout_job(job)
    };
    let strong = if selected {
        visuals.selection.stroke.color
    } else {
        visuals.strong_text_color()
    };
    let title_galley = line(title, 14.0, strong);
    let meta_galley = line(meta, 12.0, visuals.weak_text_color());
    ui.painter()
        .galley(rect.left_top() + egui::vec2(6.0, 5.0), title_galley, strong);
    ui.painter().galley(
        rect.left_top() + egui::vec2(6.0, 25.0),
        meta_galley,
        visuals.weak_text_color(),
    );
    resp
}

fn short_source(s: &str) -> String {
    let name = s.rsplit(['/', '\\']).next().unwrap_or(s);
    if name.chars().count() > 40 {
        format!("{}…", name.chars().take(39).collect::<String>())
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Command};
    use std::time::Duration;

    #[test]
    fn a_search_done_in_slices_finds_what_one_pass_finds_in_list_order() {
        let mut ws = Workspace::new();
        for i in 0..1000 {
            let id = ArticleId(ws.alloc_id());
            let text = if i % 7 == 0 {
                "Talks on a CEASEFIRE resumed."
            } else {
                "Nothing here."
            };
            let date = Date::new(2019, 1 + (i % 12) as u8, 1);
            let article = Article::new(id, format!("Article {i:04}"), date, "t".into(), format!("{text} {i}"));
            ws.apply(Command::AddArticle(Box::new(article))).unwrap();
        }
        let key = ListKey {
            articles_version: 1,
            stance_version: None,
            filter: "ceasefire".into(),
            date_from: "2019-03".into(),
            date_to: String::new(),
            sort: SortKey::Title,
            pending_only: false,
        };
        let mut whole = ListSearch::new(&ws, key.clone());
        assert!(whole.advance(&ws, Duration::MAX));

        let mut sliced = ListSearch::new(&ws, key);
        let mut rounds = 0;
        while !sliced.advance(&ws, Duration::ZERO) {
            rounds += 1;
            // What is shown meanwhile is already in the final order.
            assert!(whole.found.starts_with(&sliced.found));
            assert!(sliced.progress() < 1.0);
        }
        assert!(rounds >= 5, "a zero budget stops every 64 articles ({rounds} rounds)");
        assert_eq!(sliced.found, whole.found);
        let titles: Vec<&str> = whole
            .found
            .iter()
            .map(|&id| ws.article(id).unwrap().title.as_str())
            .collect();
        assert!(!titles.is_empty() && titles.is_sorted());
        for &id in &whole.found {
            let a = ws.article(id).unwrap();
            assert!(a.text.contains("CEASEFIRE") && a.date.unwrap() >= Date::new(2019, 3, 1).unwrap());
        }
        assert_eq!(
            whole.found.len(),
            (0..1000).filter(|i| i % 7 == 0 && i % 12 >= 2).count()
        );
    }
}
