//! The import report that the CLI prints and the GUI shows.

use crate::model::{ArticleId, Date};
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Imported {
        id: ArticleId,
        title: String,
        date: Option<Date>,
        note: Option<String>,
    },
    Duplicate {
        of: String,
    },
    Failed(String),
    /// Not an article file (found in a folder); not an error.
    Skipped(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportEntry {
    pub file: String,
    /// The row or URL inside a multi-article file (CSV).
    pub source: Option<String>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    pub entries: Vec<ReportEntry>,
}

impl ImportReport {
    pub fn imported(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Imported { .. }))
            .count()
    }

    pub fn duplicates(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Duplicate { .. }))
            .count()
    }

    pub fn failed(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Failed(_)))
            .count()
    }

    pub fn skipped(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Skipped(_)))
            .count()
    }

    pub fn imported_ids(&self) -> Vec<ArticleId> {
        self.entries
            .iter()
            .filter_map(|e| match e.outcome {
                Outcome::Imported { id, .. } => Some(id),
                _ => None,
            })
            .collect()
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} imported, {} duplicate(s) skipped, {} failed",
            self.imported(),
            self.duplicates(),
            self.failed()
        );
        if self.skipped() > 0 {
            s.push_str(&format!(", {} other file(s) ignored", self.skipped()));
        }
        s
    }
}

impl fmt::Display for ImportReport {
    /// One line per file (per article for CSV files with duplicates or notes),
    /// then the summary: short enough to read in a terminal after a big import.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.entries {
            let what = match &e.source {
                Some(s) => format!("{} ({s})", e.file),
                None => e.file.clone(),
            };
            match &e.outcome {
                Outcome::Imported { title, date, note, .. } => {
                    if e.source.is_some() && note.is_none() {
                        continue; // CSV rows: the summary counts them
                    }
                    let date = date.map_or_else(|| "no date".to_owned(), |d| d.to_string());
                    write!(f, "imported   {what}: \"{title}\" ({date})")?;
                    if let Some(n) = note {
                        write!(f, " — note: {n}")?;
                    }
                    writeln!(f)?;
                }
                Outcome::Duplicate { of } => writeln!(f, "duplicate  {what}: same text as \"{of}\", skipped")?,
                Outcome::Failed(reason) => writeln!(f, "failed     {what}: {reason}")?,
                Outcome::Skipped(reason) => writeln!(f, "ignored    {what}: {reason}")?,
            }
        }
        write!(f, "{}", self.summary())
    }
}
