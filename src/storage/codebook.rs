//! The codebook as a file of its own (`*.codebook.json`): the issues with
//! their definitions and cue words and what the positions mean, under a
//! version the study names — for a paper's appendix, and to start another
//! workspace (or a second coder's copy) from the same codebook.

use crate::model::{Command, Issue, IssueCues, IssueId, Workspace};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CODEBOOK_TAG: &str = "stance-tracker-codebook";
/// The layout of the file; bump with a reader for the older one.
pub const CODEBOOK_SCHEMA: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodebookFile {
    pub format: String,
    pub schema: u32,
    /// The study's name for this version of the codebook ("1.2").
    pub codebook_version: String,
    /// What the positions and "no stance" mean when coding.
    pub values: Vec<ValueDefinition>,
    pub issues: Vec<IssueDefinition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueDefinition {
    pub value: String,
    pub meaning: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueDefinition {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub support_means: String,
    #[serde(default)]
    pub oppose_means: String,
    #[serde(default)]
    pub cues: IssueCues,
}

/// The fixed meanings of the values every issue is coded in.
pub fn value_definitions() -> Vec<ValueDefinition> {
    [
        ("support", "The actor takes the position the issue's \"support means\" describes."),
        ("oppose", "The actor takes the position the issue's \"oppose means\" describes."),
        ("neutral", "The actor speaks to the issue without taking either side."),
        (
            "mixed",
            "The actor takes both sides in the article (also what several differing stances of one coder on one actor and issue count as).",
        ),
        ("no stance", "Nothing coded for the actor on the issue in an article the coder marked done."),
    ]
    .into_iter()
    .map(|(v, m)| ValueDefinition {
        value: v.into(),
        meaning: m.into(),
    })
    .collect()
}

pub fn codebook_of(ws: &Workspace) -> CodebookFile {
    CodebookFile {
        format: CODEBOOK_TAG.into(),
        schema: CODEBOOK_SCHEMA,
        codebook_version: ws.codebook_version().to_owned(),
        values: value_definitions(),
        issues: ws
            .issues()
            .map(|i| IssueDefinition {
                key: i.key.clone(),
                label: i.label.clone(),
                description: i.description.clone(),
                support_means: i.support_means.clone(),
                oppose_means: i.oppose_means.clone(),
                cues: i.cues.clone(),
            })
            .collect(),
    }
}

pub fn codebook_bytes(ws: &Workspace) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&codebook_of(ws)).expect("a codebook serialises");
    bytes.push(b'\n');
    bytes
}

/// Reads a codebook file; the error names the file and what is wrong.
pub fn read_codebook(path: &Path) -> Result<CodebookFile, String> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {}", super::StorageError::io(path, e)))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{name} is not a codebook: it is not readable JSON ({e})"))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(CODEBOOK_TAG) {
        return Err(format!(
            "{name} is not a Stance Tracker codebook (no \"format\": \"{CODEBOOK_TAG}\"); export one with `stance-tracker codebook W --out FILE`"
        ));
    }
    let schema = value.get("schema").and_then(|s| s.as_u64()).unwrap_or(0);
    if schema > u64::from(CODEBOOK_SCHEMA) {
        return Err(format!(
            "{name} is a codebook of a newer Stance Tracker (layout {schema}, this version reads {CODEBOOK_SCHEMA}); update Stance Tracker"
        ));
    }
    let file: CodebookFile =
        serde_json::from_value(value).map_err(|e| format!("{name}: the codebook is not complete ({e})"))?;
    let mut keys = std::collections::HashSet::new();
    for i in &file.issues {
        if i.key.trim().is_empty() || i.label.trim().is_empty() {
            return Err(format!("{name}: an issue has an empty key or label"));
        }
        if !keys.insert(i.key.to_lowercase()) {
            return Err(format!("{name}: two issues have the key \"{}\"", i.key));
        }
    }
    Ok(file)
}

/// The issue a definition becomes: `id` for a new one, the existing one's
/// id when the key is already in the workspace.
pub fn issue_from(def: &IssueDefinition, id: IssueId) -> Issue {
    Issue {
        id,
        key: def.key.trim().to_owned(),
        label: def.label.clone(),
        description: def.description.clone(),
        support_means: def.support_means.clone(),
        oppose_means: def.oppose_means.clone(),
        cues: def.cues.clone(),
    }
}

/// The command that makes the workspace's codebook `book`'s: issues matched
/// by key are updated, new ones added, and the version set; issues the file
/// lacks stay (they may hold stances), and the summary says so. One undo step.
pub fn import_command(ws: &Workspace, book: &CodebookFile) -> (Option<Command>, String) {
    let mut next = ws.peek_next_id();
    let mut commands = Vec::new();
    let (mut added, mut updated) = (0, 0);
    for def in &book.issues {
        match ws.issue_by_key(&def.key) {
            Some(existing) => {
                let issue = issue_from(def, existing.id);
                if issue != *existing {
                    updated += 1;
                    commands.push(Command::UpdateIssue(issue));
                }
            }
            None => {
                added += 1;
                commands.push(Command::AddIssue(issue_from(def, IssueId(next))));
                next += 1;
            }
        }
    }
    let kept: Vec<&str> = ws
        .issues()
        .filter(|i| !book.issues.iter().any(|d| d.key.eq_ignore_ascii_case(&i.key)))
        .map(|i| i.key.as_str())
        .collect();
    if book.codebook_version.trim() != ws.codebook_version() && !book.codebook_version.trim().is_empty() {
        commands.push(Command::SetCodebookVersion(book.codebook_version.clone()));
    }
    let mut summary = format!(
        "codebook version {}: {added} issue(s) added, {updated} updated",
        book.codebook_version
    );
    if !kept.is_empty() {
        summary.push_str(&format!(
            ", {} kept that the file does not have ({})",
            kept.len(),
            kept.join(", ")
        ));
    }
    let cmd = (!commands.is_empty()).then(|| Command::Batch {
        label: format!("import codebook version {}", book.codebook_version),
        commands,
    });
    (cmd, summary)
}
