//! Files that hold many documents: Nexis Uni and Factiva exports, told
//! apart from ordinary articles and split, with a note for the report.

use super::{LoadedArticle, factiva, nexis};

/// The documents of a Nexis or Factiva export, `None` if the text is not one.
pub(super) fn split_export(text: &str, label: &str, notes: &mut Vec<String>) -> Option<Vec<LoadedArticle>> {
    if factiva::is_export(text) {
        return Some(split_factiva(text, label, notes));
    }
    if !nexis::is_export(text) {
        return None;
    }
    let (articles, skipped) = nexis::split(text, label);
    notes.push(format!("a Nexis export of {} document(s)", articles.len()));
    if skipped > 0 {
        notes.push(format!(
            "{skipped} document(s) without a \"Body\" (pictures or tables only) left out"
        ));
    }
    Some(articles)
}

/// The documents of a Factiva export (as field lines).
pub(super) fn split_factiva(lines: &str, label: &str, notes: &mut Vec<String>) -> Vec<LoadedArticle> {
    let articles = factiva::split(lines, label);
    notes.push(format!("a Factiva export of {} document(s)", articles.len()));
    let empty = articles.iter().filter(|a| a.text.trim().is_empty()).count();
    if empty > 0 {
        notes.push(format!("{empty} document(s) without text (no LP or TD) left out"));
    }
    articles
}
