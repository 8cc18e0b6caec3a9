use super::aggregate::{matrix, net_position};
use super::filter::Filter;
use super::graphml::{graphml_issues, graphml_network};
use super::network::{NetworkOptions, Qualifier};
use crate::model::{ActorId, CoderId, Origin, Status, Workspace, meta};
use crate::storage::{StorageError, StorageErrorKind};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole workspace as JSON (same content as the workspace file).
    Json,
    /// One flat row per stance with every attribute.
    Csv,
    /// Actors × issues: net position per issue, then support/oppose counts.
    MatrixCsv,
    /// One row per article: date, title, source, actors, stances by status.
    ArticlesCsv,
    /// Two-mode actor–issue network (GraphML, for Gephi or NetworkX).
    GraphmlIssues,
    /// Actor agreement network: issues on which two actors take the same side.
    GraphmlCongruence,
    /// Actor conflict network: issues on which two actors take opposite sides.
    GraphmlConflict,
    /// One-mode actor network with DNA's choices (--qualifier, --normalize,
    /// --duplicates, --neutral, --threshold).
    GraphmlNetwork,
    /// The actor network of graphml-network as GEXF 1.3 for Gephi, with
    /// the stances' dates as spells for Gephi's timeline.
    GexfNetwork,
    /// REFI-QDA project (.qdpx) for MAXQDA, ATLAS.ti, NVivo, QualCoder:
    /// articles as sources, accepted stances as coded selections.
    Qdpx,
    /// "What did X say on Y?": each quote with its citation, as Markdown.
    QuotesMd,
    /// The same quote sheet as CSV.
    QuotesCsv,
    /// DNA 3 database (SQLite) for DNA and rDNA: articles as documents,
    /// accepted stances of one layer as statements (person/organization,
    /// concept, agreement); neutral and mixed are left out.
    Dna,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 13] = [
        ExportFormat::Csv,
        ExportFormat::MatrixCsv,
        ExportFormat::ArticlesCsv,
        ExportFormat::GraphmlIssues,
        ExportFormat::GraphmlCongruence,
        ExportFormat::GraphmlConflict,
        ExportFormat::GraphmlNetwork,
        ExportFormat::GexfNetwork,
        ExportFormat::Qdpx,
        ExportFormat::Dna,
        ExportFormat::QuotesMd,
        ExportFormat::QuotesCsv,
        ExportFormat::Json,
    ];

    /// The name on the command line (`--format matrix-csv`).
    pub fn cli_name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::MatrixCsv => "matrix-csv",
            ExportFormat::ArticlesCsv => "articles-csv",
            ExportFormat::GraphmlIssues => "graphml-issues",
            ExportFormat::GraphmlCongruence => "graphml-congruence",
            ExportFormat::GraphmlConflict => "graphml-conflict",
            ExportFormat::GraphmlNetwork => "graphml-network",
            ExportFormat::GexfNetwork => "gexf-network",
            ExportFormat::Qdpx => "qdpx",
            ExportFormat::QuotesMd => "quotes-md",
            ExportFormat::QuotesCsv => "quotes-csv",
            ExportFormat::Dna => "dna",
        }
    }

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::QuotesMd => "md",
            ExportFormat::Csv | ExportFormat::MatrixCsv | ExportFormat::ArticlesCsv | ExportFormat::QuotesCsv => "csv",
            ExportFormat::GraphmlIssues
            | ExportFormat::GraphmlCongruence
            | ExportFormat::GraphmlConflict
            | ExportFormat::GraphmlNetwork => "graphml",
            ExportFormat::GexfNetwork => "gexf",
            ExportFormat::Qdpx => "qdpx",
            ExportFormat::Dna => "dna",
        }
    }

    /// The file-type name a save dialog shows (`CSV`, `JSON`, `GraphML`).
    pub fn file_type(self) -> &'static str {
        match self.extension() {
            "json" => "JSON",
            "csv" => "CSV",
            "md" => "Markdown",
            "gexf" => "GEXF",
            "qdpx" => "REFI-QDA project",
            "dna" => "DNA 3 database",
            _ => "GraphML",
        }
    }

    /// A file name to suggest in a save dialog.
    pub fn default_file_name(self) -> &'static str {
        match self {
            ExportFormat::Json => "workspace.json",
            ExportFormat::Csv => "stances.csv",
            ExportFormat::MatrixCsv => "actor-issue-matrix.csv",
            ExportFormat::ArticlesCsv => "articles.csv",
            ExportFormat::GraphmlIssues => "actor-issue-network.graphml",
            ExportFormat::GraphmlCongruence => "congruence-network.graphml",
            ExportFormat::GraphmlConflict => "conflict-network.graphml",
            ExportFormat::GraphmlNetwork => "actor-network.graphml",
            ExportFormat::GexfNetwork => "actor-network.gexf",
            ExportFormat::Qdpx => "stances.qdpx",
            ExportFormat::QuotesMd => "quotes.md",
            ExportFormat::QuotesCsv => "quotes.csv",
            ExportFormat::Dna => "stances.dna",
        }
    }

    /// A menu label.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Json => "Workspace as JSON",
            ExportFormat::Csv => "Stances as CSV (R, pandas, spreadsheets)",
            ExportFormat::MatrixCsv => "Actor × issue table as CSV",
            ExportFormat::ArticlesCsv => "Articles table as CSV",
            ExportFormat::GraphmlIssues => "Actor–issue network (GraphML)",
            ExportFormat::GraphmlCongruence => "Agreement network (GraphML)",
            ExportFormat::GraphmlConflict => "Conflict network (GraphML)",
            ExportFormat::GraphmlNetwork => "Actor network, DNA options (GraphML)",
            ExportFormat::GexfNetwork => "Actor network with dates (GEXF, Gephi timeline)",
            ExportFormat::Qdpx => "REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder)",
            ExportFormat::QuotesMd => "Quote sheet as Markdown (with citations)",
            ExportFormat::QuotesCsv => "Quote sheet as CSV (with citations)",
            ExportFormat::Dna => "DNA 3 database (DNA, rDNA)",
        }
    }
}

/// Column names of the flat stance CSV, in order.
pub const STANCE_COLUMNS: [&str; 29] = [
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
    "bulk_rule",
    "coder",
    "created_by",
    "modified_by",
    "provenance",
    "codebook_version",
    "article_outlet",
];

/// Every stance, one row each, with article, actor and issue attributes
/// joined in, so R or pandas need no lookups.
pub fn stances_csv(ws: &Workspace, out: impl Write) -> csv::Result<()> {
    stances_csv_filtered(ws, &Filter::all_stances(), out)
}

/// [`stances_csv`] limited to the stances passing `filter`.
pub fn stances_csv_filtered(ws: &Workspace, filter: &Filter, out: impl Write) -> csv::Result<()> {
    let prepared = filter.prepare(ws);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(STANCE_COLUMNS)?;
    for s in ws.stances().filter(|s| prepared.matches(s)) {
        let article = ws.article(s.article);
        let actor = ws.actor(s.actor);
        let affiliation = actor
            .and_then(|a| a.affiliation)
            .and_then(|id| ws.actor(id))
            .map_or("", |a| &a.name);
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
            s.bulk.as_deref().unwrap_or(""),
            coder_name(ws, s.by.coder),
            coder_name(ws, s.by.created_by),
            coder_name(ws, s.by.modified_by),
            s.provenance().as_str(),
            s.by.codebook.as_deref().unwrap_or(""),
            article
                .and_then(|a| a.meta.get(meta::OUTLET))
                .map_or("", String::as_str),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// A coder's name, empty for none.
pub fn coder_name(ws: &Workspace, id: Option<CoderId>) -> &str {
    id.and_then(|id| ws.coder(id)).map_or("", |c| c.name.as_str())
}

/// The layer an aggregate export counts, as its `coder` column says it:
/// the coder's name; with no layer chosen, the only one there is, nothing
/// when no stance has a coder, and `all` over several.
pub fn layer_name(ws: &Workspace, filter: &Filter) -> String {
    if let Some(id) = filter.layer {
        return coder_name(ws, Some(id)).to_owned();
    }
    match ws.layers().as_slice() {
        [] => String::new(),
        [one] => coder_name(ws, Some(*one)).to_owned(),
        _ => "all".to_owned(),
    }
}

/// The header of the actor × issue CSV: `actor, kind, affiliation`, one
/// one `KEY_net_position` column per issue key (see [`net_position`]: the figure
/// the app's matrix shows), then `KEY_support` and `KEY_oppose` per issue,
/// and last `coder`, the layer counted.
pub fn matrix_csv_columns(ws: &Workspace, issues: &[crate::model::IssueId]) -> Vec<String> {
    let keys: Vec<&str> = issues
        .iter()
        .map(|id| ws.issue(*id).map_or("", |i| i.key.as_str()))
        .collect();
    let mut cols: Vec<String> = ["actor", "kind", "affiliation"].map(String::from).into();
    cols.extend(keys.iter().map(|k| format!("{k}_net_position")));
    for k in &keys {
        cols.push(format!("{k}_support"));
        cols.push(format!("{k}_oppose"));
    }
    cols.push("coder".into());
    cols
}

/// The actor × issue matrix of the stances passing `filter`, one row per
/// actor (kind, then name). Net positions ([`net_position`], three decimals)
/// are empty where an actor said nothing on an issue, which R and pandas read
/// as missing.
pub fn matrix_csv(ws: &Workspace, filter: &Filter, out: impl Write) -> csv::Result<()> {
    let m = matrix(ws, filter);
    let layer = layer_name(ws, filter);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(matrix_csv_columns(ws, &m.columns))?;
    for (r, id) in m.rows.iter().enumerate() {
        let actor = ws.actor(*id);
        let affiliation = actor
            .and_then(|a| a.affiliation)
            .and_then(|id| ws.actor(id))
            .map_or("", |a| &a.name);
        let mut row: Vec<String> = vec![
            actor.map_or(String::new(), |a| a.name.clone()),
            actor.map_or("", |a| a.kind.as_str()).to_owned(),
            affiliation.to_owned(),
        ];
        let cells = m.row(r);
        row.extend(
            cells
                .iter()
                .map(|c| net_position(c).map(|v| format!("{v:.3}")).unwrap_or_default()),
        );
        for c in cells {
            row.push(c.support.to_string());
            row.push(c.oppose.to_string());
        }
        row.push(layer.clone());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Column names of the articles CSV, in order.
pub const ARTICLE_COLUMNS: [&str; 14] = [
    "article_id",
    "date",
    "title",
    "source",
    "actors_with_accepted_stances",
    "accepted",
    "pending",
    "rejected",
    "stances",
    "outlet",
    "byline",
    "section",
    "length",
    "language",
];

/// One row per article, in id (import) order: `actors_with_accepted_stances`
/// is the number of distinct actors with an accepted stance in it (not the
/// actors merely mentioned, which the workspace does not store); `accepted`, `pending`,
/// `rejected` count its stances by status, and `stances` all of them.
///
/// The filter's status constraint is ignored (the columns are the statuses).
/// An article is listed when its date passes the date range and, if the filter
/// has actor, issue, position or text constraints, when one of its stances
/// passes them or the search text is in its title; only those stances count.
pub fn articles_csv(ws: &Workspace, filter: &Filter, out: impl Write) -> csv::Result<()> {
    let prepared = filter.prepare(ws);
    let constrained =
        !filter.actors.is_empty() || !filter.issues.is_empty() || !filter.positions.is_empty() || prepared.has_needle();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ARTICLE_COLUMNS)?;
    let mut actors: HashSet<ActorId> = HashSet::new();
    for a in ws.articles() {
        if !filter.date_matches(a.date) {
            continue;
        }
        let (mut accepted, mut pending, mut rejected) = (0usize, 0usize, 0usize);
        actors.clear();
        for s in ws.stances_of(a.id) {
            if constrained && !prepared.matches_ignoring_status(s) {
                continue;
            }
            match s.status {
                Status::Accepted => {
                    accepted += 1;
                    actors.insert(s.actor);
                }
                Status::Pending => pending += 1,
                Status::Rejected => rejected += 1,
            }
        }
        let total = accepted + pending + rejected;
        if constrained && total == 0 && !prepared.title_hit(a.id) {
            continue;
        }
        w.write_record([
            a.id.0.to_string().as_str(),
            &a.date.map(|d| d.to_string()).unwrap_or_default(),
            &a.title,
            &a.source,
            &actors.len().to_string(),
            &accepted.to_string(),
            &pending.to_string(),
            &rejected.to_string(),
            &total.to_string(),
            a.meta.get(meta::OUTLET).map_or("", String::as_str),
            a.meta.get(meta::BYLINE).map_or("", String::as_str),
            a.meta.get(meta::SECTION).map_or("", String::as_str),
            a.meta.get(meta::LENGTH).map_or("", String::as_str),
            a.meta.get(meta::LANGUAGE).map_or("", String::as_str),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn workspace_json(ws: &Workspace) -> Vec<u8> {
    crate::storage::to_bytes(ws)
}

/// The bytes of an export. `json` is always the whole workspace; the other
/// formats use `filter` as their documentation says.
pub fn export_bytes(ws: &Workspace, format: ExportFormat, filter: &Filter) -> csv::Result<Vec<u8>> {
    export_bytes_with(ws, format, filter, &NetworkOptions::default())
}

/// [`export_bytes`] with the network choices of the actor networks (the
/// qualifier only matters to `graphml-network` and `gexf-network`; congruence and conflict
/// are that network with their qualifier).
pub fn export_bytes_with(
    ws: &Workspace,
    format: ExportFormat,
    filter: &Filter,
    network: &NetworkOptions,
) -> csv::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let with = |qualifier| NetworkOptions { qualifier, ..*network };
    match format {
        ExportFormat::Json => return Ok(workspace_json(ws)),
        ExportFormat::Csv => stances_csv_filtered(ws, filter, &mut buf)?,
        ExportFormat::MatrixCsv => matrix_csv(ws, filter, &mut buf)?,
        ExportFormat::ArticlesCsv => articles_csv(ws, filter, &mut buf)?,
        ExportFormat::GraphmlIssues => buf = graphml_issues(ws, filter).into_bytes(),
        ExportFormat::GraphmlCongruence => buf = graphml_network(ws, filter, &with(Qualifier::Congruence)).into_bytes(),
        ExportFormat::GraphmlConflict => buf = graphml_network(ws, filter, &with(Qualifier::Conflict)).into_bytes(),
        ExportFormat::GraphmlNetwork => buf = graphml_network(ws, filter, network).into_bytes(),
        ExportFormat::GexfNetwork => buf = super::gexf::gexf_network(ws, filter, network).into_bytes(),
        ExportFormat::Qdpx => buf = super::qdpx::qdpx(ws, filter)?,
        ExportFormat::QuotesMd => buf = super::quotes::quote_sheet_markdown(ws, filter).into_bytes(),
        ExportFormat::QuotesCsv => super::quotes::quote_sheet_csv(ws, filter, &mut buf)?,
        ExportFormat::Dna => buf = super::dna_export::dna_bytes(ws, filter)?,
    }
    Ok(buf)
}

/// The filter of a plain export: every stance for the flat `csv` (it has a
/// status column), accepted stances for the results (`qdpx`: of every layer).
pub fn default_filter(format: ExportFormat) -> Filter {
    match format {
        ExportFormat::Csv => Filter::all_stances(),
        _ => Filter::accepted(),
    }
}

/// Writes an export atomically, so a failed export never leaves half a file
/// (`-` is standard output). Uses [`default_filter`].
pub fn export_to_path(ws: &Workspace, format: ExportFormat, path: &Path) -> Result<(), StorageError> {
    export_filtered(ws, format, &default_filter(format), path, None)
}

/// [`export_to_path`] with the stances of a view's filter. `source` is the
/// workspace file being exported: the export refuses to write over it, its
/// backup or lock, or any other workspace file.
pub fn export_filtered(
    ws: &Workspace,
    format: ExportFormat,
    filter: &Filter,
    path: &Path,
    source: Option<&Path>,
) -> Result<(), StorageError> {
    // Refused before the bytes are made: a big export takes a while.
    export_filtered_with(ws, format, filter, &NetworkOptions::default(), path, source)
}

/// [`export_filtered`] with network choices.
pub fn export_filtered_with(
    ws: &Workspace,
    format: ExportFormat,
    filter: &Filter,
    network: &NetworkOptions,
    path: &Path,
    source: Option<&Path>,
) -> Result<(), StorageError> {
    if format == ExportFormat::Dna {
        return super::dna_export::export_dna(ws, filter, path, source).map(|_| ());
    }
    crate::storage::check_export_target(path, source)?;
    let bytes = export_bytes_with(ws, format, filter, network)
        .map_err(|e| StorageError::new(path, StorageErrorKind::Io(e.to_string())))?;
    crate::storage::write_output(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Article, ArticleId, Command, Position, ops};

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
        ws.apply(Command::AddActor(Actor::new(us, "United States", ActorKind::State)))
            .unwrap();
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
        assert_eq!(
            col("evidence_text"),
            "Rubio said the EU must be at the table.\nNew line."
        );
        assert_eq!(col("evidence_end"), "49");
    }
}
