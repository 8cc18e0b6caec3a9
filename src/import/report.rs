//! The import report that the CLI prints and the GUI shows.

use crate::model::{ArticleId, Date};
use std::collections::BTreeMap;
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

/// What a DNA database brought besides its documents (which are entries).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DnaSummary {
    pub file: String,
    /// The DNA variable the actors came from: `person` or `organization`.
    pub actor_variable: String,
    /// Statements imported as stances.
    pub stances: usize,
    /// Statements the workspace had already (the same file imported again).
    pub already_present: usize,
    /// Coders, actors and issues added (the others were there already).
    pub coders: usize,
    pub actors: usize,
    pub issues: usize,
    /// Statements of types other than the standard one, by type label: not imported.
    pub other_types: BTreeMap<String, usize>,
    /// Statements of the standard type that could not be imported, and why.
    pub problems: Vec<String>,
}

impl DnaSummary {
    /// Statements not imported: of other types, or with a problem.
    pub fn left_out(&self) -> usize {
        self.other_types.values().sum::<usize>() + self.problems.len()
    }
}

impl fmt::Display for DnaSummary {
    /// A paragraph: what came in, what did not and why.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairing = if self.actor_variable == "person" {
            "the organization as affiliation; `import --dna-actor organization` takes organizations instead"
        } else {
            "the person kept in each stance's note; `import --dna-actor person` takes persons instead"
        };
        write!(
            f,
            "DNA        {}: {} statement(s) imported as accepted stances; actors from the {} variable ({pairing}); added {} coder(s), {} actor(s), {} issue(s)",
            self.file, self.stances, self.actor_variable, self.coders, self.actors, self.issues
        )?;
        if self.already_present > 0 {
            write!(
                f,
                "; {} statement(s) were in the workspace already",
                self.already_present
            )?;
        }
        if !self.other_types.is_empty() {
            let types: Vec<String> = self.other_types.iter().map(|(t, n)| format!("\"{t}\" ({n})")).collect();
            write!(
                f,
                "\n           statements of other types, not imported: {}",
                types.join(", ")
            )?;
        }
        for p in &self.problems {
            write!(f, "\n           not imported: {p}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    pub entries: Vec<ReportEntry>,
    /// One per DNA database imported.
    pub dna: Vec<DnaSummary>,
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
        if !self.dna.is_empty() {
            let stances: usize = self.dna.iter().map(|d| d.stances).sum();
            let left_out: usize = self.dna.iter().map(DnaSummary::left_out).sum();
            let vars: Vec<&str> = self.dna.iter().map(|d| d.actor_variable.as_str()).collect();
            s.push_str(&format!(
                "; {stances} stance(s) from DNA (actors: {}), {left_out} statement(s) not imported",
                vars.join(", ")
            ));
        }
        s
    }

    /// DNA statements of the standard type that could not be imported.
    pub fn statement_problems(&self) -> usize {
        self.dna.iter().map(|d| d.problems.len()).sum()
    }

    /// Adds another report's lines after this one's.
    pub fn append(&mut self, other: ImportReport) {
        self.entries.extend(other.entries);
        self.dna.extend(other.dna);
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
        for d in &self.dna {
            writeln!(f, "{d}")?;
        }
        write!(f, "{}", self.summary())
    }
}
