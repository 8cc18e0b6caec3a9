use crate::model::{Origin, Workspace};
use crate::storage::{StorageError, write_atomically};
use std::io::Write;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole workspace as JSON (same content as the workspace file).
    Json,
    /// One flat row per stance with every attribute.
    Csv,
}

/// Column names of the flat stance CSV, in order.
pub const STANCE_COLUMNS: [&str; 22] = [
    "stance_id",
    "article_id",
    "article_title",
    "article_date",
    "article_source",
    "actor",
    "actor_kind",
    "affiliation",
    "issue",
    "issue_label",
    "position",
    "score",
    "status",
    "origin",
    "rule",
    "confidence",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "note",
    "created",
    "modified",
];

/// Every stance, one row each, with article, actor and issue attributes
/// joined in, so R or pandas need no lookups.
pub fn stances_csv(ws: &Workspace, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(STANCE_COLUMNS)?;
    for s in ws.stances() {
        let article = ws.article(s.article);
        let actor = ws.actor(s.actor);
        let affiliation = actor.and_then(|a| a.affiliation).and_then(|id| ws.actor(id)).map_or("", |a| &a.name);
        let issue = ws.issue(s.issue);
        let (rule, confidence) = match &s.origin {
            Origin::Manual => (String::new(), String::new()),
            Origin::Suggested { rule, confidence } => (rule.clone(), format!("{confidence:.3}")),
        };
        w.write_record([
            s.id.0.to_string().as_str(),
            &s.article.0.to_string(),
            article.map_or("", |a| &a.title),
            &article.and_then(|a| a.date).map(|d| d.to_string()).unwrap_or_default(),
            article.map_or("", |a| &a.source),
            actor.map_or("", |a| &a.name),
            actor.map_or("", |a| a.kind.as_str()),
            affiliation,
            issue.map_or("", |i| &i.key),
            issue.map_or("", |i| &i.label),
            s.position.as_str(),
            &s.position.score().to_string(),
            s.status.as_str(),
            s.origin.label(),
            &rule,
            &confidence,
            &s.evidence.start.to_string(),
            &s.evidence.end.to_string(),
            &s.evidence.text,
            &s.note,
            &s.created.to_string(),
            &s.modified.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn workspace_json(ws: &Workspace) -> Vec<u8> {
    crate::storage::to_bytes(ws)
}

/// Writes an export atomically, so a failed export never leaves half a file.
pub fn export_to_path(ws: &Workspace, format: ExportFormat, path: &Path) -> Result<(), StorageError> {
    let bytes = match format {
        ExportFormat::Json => workspace_json(ws),
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            stances_csv(ws, &mut buf).map_err(|e| {
                StorageError::new(path, crate::storage::StorageErrorKind::Io(e.to_string()))
            })?;
            buf
        }
    };
    write_atomically(path, &bytes, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, ActorKind, Article, ArticleId, Command, Position, ops};

    #[test]
    fn csv_has_one_row_per_stance_with_joined_attributes() {
        let mut ws = Workspace::new();
        let art = ArticleId(ws.alloc_id());
        ws.apply(Command::AddArticle(Box::new(Article::new(
            art,
            "Talks, \"quoted\"".into(),
            crate::model::Date::new(2025, 2, 18),
            "a.txt".into(),
            "Rubio said the EU must be at the table.\nNew line.".into(),
        ))))
        .unwrap();
        let us = ActorId(ws.alloc_id());
        ws.apply(Command::AddActor(Actor::new(us, "United States", ActorKind::State))).unwrap();
        let rubio = ActorId(ws.alloc_id());
        let mut a = Actor::new(rubio, "Marco Rubio", ActorKind::Person);
        a.affiliation = Some(us);
        ws.apply(Command::AddActor(a)).unwrap();
        let issue = ws.issue_by_key("participation").unwrap().id;
        let cmd = ops::new_manual_stance(&mut ws, art, rubio, issue, Position::Support, 0, 49, "n".into()).unwrap();
        ws.apply(cmd).unwrap();

        let mut buf = Vec::new();
        stances_csv(&ws, &mut buf).unwrap();
        let mut r = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), STANCE_COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let col = |name: &str| &row[STANCE_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("article_title"), "Talks, \"quoted\"");
        assert_eq!(col("article_date"), "2025-02-18");
        assert_eq!(col("actor"), "Marco Rubio");
        assert_eq!(col("affiliation"), "United States");
        assert_eq!(col("issue"), "participation");
        assert_eq!(col("position"), "support");
        assert_eq!(col("score"), "1");
        assert_eq!(col("status"), "accepted");
        assert_eq!(col("evidence_text"), "Rubio said the EU must be at the table.\nNew line.");
        assert_eq!(col("evidence_end"), "49");
    }
}
