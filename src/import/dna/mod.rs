//! Importing a DNA 3 (Discourse Network Analyzer) database: its documents
//! become articles, its coders coders, the entities of the actor variable
//! actors, its concepts issues, and its statements of the standard type
//! stances, each with its DNA span as evidence.
//!
//! [`read`] is pure (it reads the file, never writes it, and knows no
//! workspace); [`add_to_workspace`] turns what it read into one undoable
//! command and a report, as the article loaders do.

mod apply;
mod offsets;
mod schema;

pub use apply::{add_to_workspace, import};
pub use offsets::{OffsetMap, SpanProblem};

use super::{ImportError, LoadedArticle};
use crate::model::{ActorKind, Date, Position, meta, palette_color};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The extension of DNA database files.
pub const EXTENSION: &str = "dna";

/// Which of the DNA statement's variables names the actor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ActorVariable {
    /// `person`, with the statement's `organization` as the person's
    /// affiliation: DNA's default.
    #[default]
    Person,
    /// `organization`; the person, if any, is kept in the stance's note.
    Organization,
}

impl ActorVariable {
    /// The DNA variable's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorVariable::Person => "person",
            ActorVariable::Organization => "organization",
        }
    }

    /// `person`, `organization` (or `organisation`), any case.
    pub fn parse(s: &str) -> Option<ActorVariable> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "persons" | "people" => Some(ActorVariable::Person),
            "organization" | "organisation" | "org" => Some(ActorVariable::Organization),
            _ => None,
        }
    }

    /// The other variable of the pair.
    fn other(self) -> &'static str {
        match self {
            ActorVariable::Person => "organization",
            ActorVariable::Organization => "person",
        }
    }

    fn kind(self) -> ActorKind {
        match self {
            ActorVariable::Person => ActorKind::Person,
            ActorVariable::Organization => ActorKind::Organization,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct DnaOptions {
    pub actor: ActorVariable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DnaCoder {
    pub name: String,
    pub color: [u8; 3],
}

/// An entity (a value of a short-text variable) with its attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct DnaEntity {
    pub value: String,
    pub color: Option<[u8; 3]>,
    /// Attribute name → value, the empty ones left out.
    pub attributes: BTreeMap<String, String>,
}

/// A statement of the standard type, its span mapped to our text.
#[derive(Clone, Debug, PartialEq)]
pub struct DnaStatement {
    pub id: i64,
    pub coder: Option<i64>,
    pub actor: String,
    /// The other variable of the person/organisation pair, if not empty.
    pub other: Option<String>,
    pub concept: String,
    pub position: Position,
    /// Char offsets into the document's normalised text, and the text between.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DnaDocument {
    pub id: i64,
    pub article: LoadedArticle,
    pub statements: Vec<DnaStatement>,
}

/// Everything read from a DNA database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DnaProject {
    pub version: Option<String>,
    pub actor: ActorVariable,
    pub documents: Vec<DnaDocument>,
    pub coders: BTreeMap<i64, DnaCoder>,
    /// Entities of the actor variable, the other one of the pair, and
    /// concepts, by value.
    pub actors: BTreeMap<String, DnaEntity>,
    pub others: BTreeMap<String, DnaEntity>,
    pub concepts: BTreeMap<String, DnaEntity>,
    /// Statements of other types, counted by type label.
    pub other_types: BTreeMap<String, usize>,
    /// Statements of the standard type that could not be imported, and why.
    pub problems: Vec<String>,
}

fn text_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<String> {
    Ok(match row.get_ref(i)? {
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
    })
}

fn color_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<[u8; 3]>> {
    let c =
        |k: usize| -> rusqlite::Result<Option<u8>> { Ok(row.get::<_, Option<i64>>(k)?.map(|v| v.clamp(0, 255) as u8)) };
    Ok(match (c(i)?, c(i + 1)?, c(i + 2)?) {
        (Some(r), Some(g), Some(b)) => Some([r, g, b]),
        _ => None,
    })
}

/// Runs `sql` and collects one value per row.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, ImportError> {
    let mut st = conn.prepare(sql).map_err(schema::sql_error)?;
    let out = st
        .query_map([], f)
        .map_err(schema::sql_error)?
        .collect::<Result<Vec<T>, _>>()
        .map_err(schema::sql_error)?;
    Ok(out)
}

/// A row of STATEMENTS of a standard type, before its values are looked up.
#[derive(Clone, Copy)]
struct RawStatement {
    id: i64,
    ty: i64,
    start: i64,
    stop: i64,
    coder: Option<i64>,
}

/// The document text as DNA's text pane holds it, which is what a coder
/// selects and so what `Start` and `Stop` count: DNA shows a document with
/// `JTextPane.setText`, whose editor kit reads `\r\n` and `\r` as one `\n`.
/// Text without a CR is the same.
fn as_dna_shows(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        raw.into()
    }
}

/// The text DNA's offsets count in: as the text pane shows it, unless some
/// statement reaches past that and all fit the stored text (written by
/// another tool, counting the CRs).
fn offsets_text<'a>(raw: &'a str, shown: &'a str, statements: &[RawStatement]) -> &'a str {
    if raw.len() == shown.len() {
        return shown;
    }
    let len = |t: &str| t.encode_utf16().count() as i64;
    let (raw_len, shown_len) = (len(raw), len(shown));
    let past_shown = statements.iter().any(|s| s.stop > shown_len);
    let fit_raw = statements.iter().all(|s| s.stop <= raw_len);
    if past_shown && fit_raw { raw } else { shown }
}

/// A DNA date (seconds since the Unix epoch, UTC) as a calendar date.
pub fn date_from_seconds(seconds: i64) -> Date {
    Date::from_days(seconds.div_euclid(86_400))
}

/// Reads a DNA 3 database, opened read-only and immutable (the file is
/// never written, locked or journalled).
pub fn read(path: &Path, options: &DnaOptions) -> Result<DnaProject, ImportError> {
    let conn = schema::open(path)?;
    let mut project = DnaProject {
        version: schema::version(&conn),
        actor: options.actor,
        ..DnaProject::default()
    };

    for (id, name, color) in rows(
        &conn,
        "SELECT ID, Name, Red, Green, Blue FROM CODERS ORDER BY ID",
        |r| Ok((r.get::<_, i64>(0)?, text_at(r, 1)?, color_at(r, 2)?)),
    )? {
        let name = name.trim();
        let name = if name.is_empty() {
            format!("DNA coder {id}")
        } else {
            name.to_owned()
        };
        let color = color.unwrap_or_else(|| palette_color(&name));
        project.coders.insert(id, DnaCoder { name, color });
    }

    // Variables: id → (name, data type, statement type).
    let variables: HashMap<i64, (String, String, Option<i64>)> = rows(
        &conn,
        "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (text_at(r, 1)?, text_at(r, 2)?, r.get::<_, Option<i64>>(3)?),
            ))
        },
    )?
    .into_iter()
    .collect();
    let types: BTreeMap<i64, String> = rows(&conn, "SELECT ID, Label FROM STATEMENTTYPES", |r| {
        Ok((r.get::<_, i64>(0)?, text_at(r, 1)?))
    })?
    .into_iter()
    .collect();
    // The variable ids of a standard statement type: actor, other, concept, agreement.
    let var_of = |ty: i64, name: &str, data_type: &str| {
        variables
            .iter()
            .find(|(_, (n, d, t))| *t == Some(ty) && n.eq_ignore_ascii_case(name) && d.eq_ignore_ascii_case(data_type))
            .map(|(id, _)| *id)
    };
    let actor_var = options.actor.as_str();
    let mut standard: HashMap<i64, (i64, Option<i64>, i64, i64)> = HashMap::new();
    for &ty in types.keys() {
        if let (Some(a), Some(c), Some(g)) = (
            var_of(ty, actor_var, "short text"),
            var_of(ty, "concept", "short text"),
            var_of(ty, "agreement", "boolean"),
        ) {
            standard.insert(ty, (a, var_of(ty, options.actor.other(), "short text"), c, g));
        }
    }

    // Entities, with their attributes.
    let mut attributes: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
    for (entity, name, value) in rows(
        &conn,
        "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue \
         FROM ATTRIBUTEVALUES v JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId",
        |r| Ok((r.get::<_, i64>(0)?, text_at(r, 1)?, text_at(r, 2)?)),
    )? {
        if !value.trim().is_empty() {
            attributes
                .entry(entity)
                .or_default()
                .insert(name.trim().to_owned(), value.trim().to_owned());
        }
    }
    let entities: HashMap<i64, DnaEntity> = rows(&conn, "SELECT ID, Value, Red, Green, Blue FROM ENTITIES", |r| {
        Ok((
            r.get::<_, i64>(0)?,
            DnaEntity {
                value: text_at(r, 1)?.trim().to_owned(),
                color: color_at(r, 2)?,
                attributes: BTreeMap::new(),
            },
        ))
    })?
    .into_iter()
    .map(|(id, mut e)| {
        e.attributes = attributes.remove(&id).unwrap_or_default();
        (id, e)
    })
    .collect();

    // Statement values: (statement, variable) → entity id / boolean.
    let short: HashMap<(i64, i64), i64> = rows(
        &conn,
        "SELECT StatementId, VariableId, Entity FROM DATASHORTTEXT",
        |r| Ok(((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?), r.get::<_, i64>(2)?)),
    )?
    .into_iter()
    .collect();
    let boolean: HashMap<(i64, i64), i64> =
        rows(&conn, "SELECT StatementId, VariableId, Value FROM DATABOOLEAN", |r| {
            Ok(((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?), r.get::<_, i64>(2)?))
        })?
        .into_iter()
        .collect();

    // Statements by document.
    let mut by_doc: BTreeMap<i64, Vec<RawStatement>> = BTreeMap::new();
    for (id, ty, doc, start, stop, coder) in rows(
        &conn,
        "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS ORDER BY DocumentId, Start, ID",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        },
    )? {
        match ty.filter(|t| standard.contains_key(t)) {
            Some(ty) => match doc {
                Some(doc) => by_doc.entry(doc).or_default().push(RawStatement {
                    id,
                    ty,
                    start,
                    stop,
                    coder,
                }),
                None => project.problems.push(format!("statement {id}: belongs to no document")),
            },
            None => {
                let label = ty
                    .and_then(|t| types.get(&t))
                    .map_or_else(|| "(no type)".to_owned(), |l| l.clone());
                *project.other_types.entry(label).or_default() += 1;
            }
        }
    }

    let documents = rows(
        &conn,
        "SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS ORDER BY ID",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                [
                    text_at(r, 1)?,
                    text_at(r, 2)?,
                    text_at(r, 3)?,
                    text_at(r, 4)?,
                    text_at(r, 5)?,
                    text_at(r, 6)?,
                    text_at(r, 7)?,
                ],
                r.get::<_, Option<i64>>(8)?,
            ))
        },
    )?;
    let known_docs: HashSet<i64> = documents.iter().map(|d| d.0).collect();
    for (doc, statements) in &by_doc {
        if !known_docs.contains(doc) {
            project.problems.push(format!(
                "{} statement(s) belong to document {doc}, which is not in the database",
                statements.len()
            ));
        }
    }

    let file = path.display().to_string();
    for (id, [title, raw, author, source, section, notes, doc_type], date) in documents {
        let doc_statements = by_doc.get(&id).map_or(&[][..], Vec::as_slice);
        let shown = as_dna_shows(&raw);
        let map = OffsetMap::new(offsets_text(&raw, &shown, doc_statements));
        let mut statements = Vec::new();
        for &RawStatement {
            id: sid,
            ty,
            start,
            stop,
            coder,
        } in doc_statements
        {
            let (a, other, c, g) = standard[&ty];
            let value = |var: i64| short.get(&(sid, var)).and_then(|e| entities.get(e));
            let problem = |why: String| format!("statement {sid} (document {id}): {why}");
            let actor = value(a).filter(|e| !e.value.is_empty());
            let concept = value(c).filter(|e| !e.value.is_empty());
            let (Some(actor), Some(concept)) = (actor, concept) else {
                let why = match other.and_then(value).filter(|e| !e.value.is_empty()) {
                    Some(o) if actor.is_none() => format!(
                        "no {actor_var} (its {} is \"{}\": `--dna-actor {}` takes that)",
                        options.actor.other(),
                        o.value,
                        options.actor.other()
                    ),
                    _ if actor.is_none() => format!("no {actor_var}"),
                    _ => "no concept".to_owned(),
                };
                project.problems.push(problem(why));
                continue;
            };
            let position = match boolean.get(&(sid, g)) {
                Some(1) => Position::Support,
                Some(0) => Position::Oppose,
                Some(v) => {
                    project.problems.push(problem(format!("agreement is {v}, not 0 or 1")));
                    continue;
                }
                None => {
                    project.problems.push(problem("no agreement value".into()));
                    continue;
                }
            };
            let (Ok(ustart), Ok(ustop)) = (usize::try_from(start), usize::try_from(stop)) else {
                project
                    .problems
                    .push(problem(format!("negative offsets {start}–{stop}")));
                continue;
            };
            match map.span(ustart, ustop) {
                Ok((s, e, text)) => {
                    project
                        .actors
                        .entry(actor.value.clone())
                        .or_insert_with(|| actor.clone());
                    project
                        .concepts
                        .entry(concept.value.clone())
                        .or_insert_with(|| concept.clone());
                    let other = other.and_then(value).filter(|e| !e.value.is_empty());
                    if let Some(o) = other {
                        project.others.entry(o.value.clone()).or_insert_with(|| o.clone());
                    }
                    statements.push(DnaStatement {
                        id: sid,
                        coder,
                        actor: actor.value.clone(),
                        other: other.map(|o| o.value.clone()),
                        concept: concept.value.clone(),
                        position,
                        start: s,
                        end: e,
                        text: text.to_owned(),
                    });
                }
                Err(why) => project
                    .problems
                    .push(problem(format!("span {start}–{stop} not imported: {why}"))),
            }
        }
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut meta = BTreeMap::new();
        for (key, value) in [
            (meta::OUTLET, source),
            (meta::BYLINE, author),
            (meta::SECTION, section),
            ("type", doc_type),
            ("notes", notes),
        ] {
            if !value.trim().is_empty() {
                meta.insert(key.to_owned(), value.trim().to_owned());
            }
        }
        project.documents.push(DnaDocument {
            id,
            article: LoadedArticle {
                title: if title.is_empty() {
                    format!("DNA document {id}")
                } else {
                    title
                },
                date: date.map(date_from_seconds),
                source: Some(format!("{file}#document-{id}")),
                text: map.text,
                meta,
            },
            statements,
        });
    }
    Ok(project)
}
