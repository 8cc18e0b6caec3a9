//! The article list: filter by text (title and body) and date range, sort,
//! and a virtualised list that stays fast with ten thousand articles.

use super::app::{Action, ListKey, SortKey, StanceApp};
use crate::model::{ArticleId, Date, Status, Workspace};
use eframe::egui::{self, RichText};
use std::collections::HashMap;

/// The articles passing the list's filter, in its sort order.
pub(crate) fn filtered(ws: &Workspace, key: &ListKey) -> Vec<ArticleId> {
    let needle = key.filter.trim().to_lowercase();
    let from = parse_bound(&key.date_from);
    let to = parse_bound(&key.date_to);
    let mut list: Vec<(&crate::model::Article, ArticleId)> = ws
        .articles()
        .filter(|a| from.is_none_or(|f| a.date.is_some_and(|d| d >= f)))
        .filter(|a| to.is_none_or(|t| a.date.is_some_and(|d| d <= t)))
        .filter(|a| {
            needle.is_empty()
                || a.title.to_lowercase().contains(&needle)
                || contains_ci(&a.text, &needle)
        })
        .map(|a| (a, a.id))
        .collect();
    match key.sort {
        SortKey::DateNewest => list.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.1.cmp(&b.1))),
        SortKey::DateOldest => list.sort_by(|a, b| a.0.date.cmp(&b.0.date).then(a.1.cmp(&b.1))),
        SortKey::Title => list.sort_by_cached_key(|a| a.0.title.to_lowercase()),
    }
    list.into_iter().map(|(_, id)| id).collect()
}

/// Case-insensitive search without lower-casing the whole article first.
fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if hay.is_ascii() && needle_lower.is_ascii() {
        let n = needle_lower.as_bytes();
        return hay.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle_lower)
}

/// `2019`, `2019-03` or `2019-03-05`.
fn parse_bound(s: &str) -> Option<Date> {
    let s = s.trim();
    Date::parse_iso(s)
        .or_else(|| Date::parse_iso(&format!("{s}-01")))
        .or_else(|| Date::parse_iso(&format!("{s}-01-01")))
}

pub fn show(app: &mut StanceApp, ui: &mut egui::Ui) {
    let list = app.visible_articles();
    let pending = pending_counts(app.workspace());
    egui::Panel::left("articles").resizable(true).default_size(300.0).min_size(200.0).show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Articles");
            ui.weak(format!("{} of {}", list.len(), app.workspace().article_count()));
        });
        let filter = ui.add(
            egui::TextEdit::singleline(&mut app.view.filter)
                .hint_text("Find in titles and text (Ctrl+F)")
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(&mut app.view.focus_filter) {
            filter.request_focus();
        }
        ui.horizontal(|ui| {
            ui.label("From");
            ui.add(egui::TextEdit::singleline(&mut app.view.date_from).hint_text("YYYY-MM-DD").desired_width(84.0));
            ui.label("to");
            ui.add(egui::TextEdit::singleline(&mut app.view.date_to).hint_text("YYYY-MM-DD").desired_width(84.0));
        });
        ui.horizontal(|ui| {
            ui.label("Sort");
            egui::ComboBox::from_id_salt("sort")
                .selected_text(match app.view.sort {
                    SortKey::DateNewest => "Newest first",
                    SortKey::DateOldest => "Oldest first",
                    SortKey::Title => "Title",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.view.sort, SortKey::DateNewest, "Newest first");
                    ui.selectable_value(&mut app.view.sort, SortKey::DateOldest, "Oldest first");
                    ui.selectable_value(&mut app.view.sort, SortKey::Title, "Title");
                });
            if (!app.view.filter.is_empty() || !app.view.date_from.is_empty() || !app.view.date_to.is_empty())
                && ui.small_button("Clear filters").clicked()
            {
                app.view.filter.clear();
                app.view.date_from.clear();
                app.view.date_to.clear();
            }
        });
        ui.separator();
        let row_height = 44.0;
        let selected = app.view.article;
        let scroll_to = std::mem::take(&mut app.view.scroll_list_to_article);
        let mut area = egui::ScrollArea::vertical().id_salt("article_scroll").auto_shrink([false, false]);
        if scroll_to && let Some(pos) = selected.and_then(|s| list.iter().position(|&a| a == s)) {
            let spacing = ui.spacing().item_spacing.y;
            area = area.vertical_scroll_offset((pos as f32 * (row_height + spacing) - 100.0).max(0.0));
        }
        let mut clicked = None;
        area.show_rows(ui, row_height, list.len(), |ui, range| {
            let ws = app.workspace();
            for &id in &list[range] {
                let Some(a) = ws.article(id) else { continue };
                let date = a.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into());
                let source = short_source(&a.source);
                let n = pending.get(&id).copied().unwrap_or(0);
                let badge = if n > 0 { format!("  · {n} pending") } else { String::new() };
                let text = format!("{}\n{date} · {source}{badge}", a.title);
                let resp = ui.add_sized(
                    [ui.available_width(), row_height],
                    egui::Button::selectable(selected == Some(id), RichText::new(text)).truncate(),
                );
                if resp.clicked() {
                    clicked = Some(id);
                }
            }
        });
        if let Some(id) = clicked {
            app.emit(Action::SelectArticle(id));
        }
    });
}

fn short_source(s: &str) -> String {
    let name = s.rsplit(['/', '\\']).next().unwrap_or(s);
    if name.chars().count() > 40 { format!("{}…", name.chars().take(39).collect::<String>()) } else { name.to_owned() }
}

fn pending_counts(ws: &Workspace) -> HashMap<ArticleId, usize> {
    let mut m = HashMap::new();
    for s in ws.stances().filter(|s| s.status == Status::Pending) {
        *m.entry(s.article).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_accept_partial_dates() {
        assert_eq!(parse_bound("2019"), Date::new(2019, 1, 1));
        assert_eq!(parse_bound("2019-03"), Date::new(2019, 3, 1));
        assert_eq!(parse_bound("2019-03-05"), Date::new(2019, 3, 5));
        assert_eq!(parse_bound(""), None);
        assert!(contains_ci("Sanctions on IRAN", "iran"));
        assert!(contains_ci("Erdoğan Said", "erdoğan said"));
    }
}
