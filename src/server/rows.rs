//! Entities to rows and back. Every value goes as a query parameter, never
//! into the SQL text, so no title, note or name can change a statement.

use super::error::ServerError;
use crate::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Attribution, Coder, CoderId, Date, Evidence, Issue, IssueId, Origin,
    Position, ReliabilitySample, Stance, StanceId, Status, Timestamp,
};
use postgres::GenericClient;
use postgres::Row;
use postgres::ToStatement;

type Pg = postgres::Error;

/// PostgreSQL's `text` cannot hold NUL; every text goes through this first,
/// so the user hears which field it is instead of a protocol error.
fn storable<'a>(what: &str, s: &'a str) -> Result<&'a str, ServerError> {
    if s.contains('\0') {
        return Err(ServerError::Invalid(format!(
            "{what} contains a NUL character (\\0), which PostgreSQL cannot store; remove it and try again"
        )));
    }
    Ok(s)
}

fn storable_list(what: &str, items: &[String]) -> Result<String, ServerError> {
    for i in items {
        storable(what, i)?;
    }
    Ok(serde_json::to_string(items).expect("strings serialise"))
}

fn color(c: [u8; 3]) -> i32 {
    (i32::from(c[0]) << 16) | (i32::from(c[1]) << 8) | i32::from(c[2])
}

fn rgb(v: i32) -> [u8; 3] {
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn id(v: u64) -> i64 {
    v as i64
}

fn opt(v: Option<CoderId>) -> Option<i64> {
    v.map(|c| c.0 as i64)
}

/// A row that does not read back as the model's type: the project was
/// changed outside the app.
fn bad(what: &str, id: i64) -> ServerError {
    ServerError::Damaged(format!("{what} {id} on the server has a value this app cannot read"))
}

pub(crate) fn put_article(c: &mut impl GenericClient, p: i64, rev: i64, a: &Article) -> Result<(), ServerError> {
    let meta = serde_json::to_string(&a.meta).expect("strings serialise");
    storable("the article's metadata", &meta)?;
    let date = a.date.map(|d| d.to_string());
    c.execute(
        "INSERT INTO articles (project, id, title, date, source, text, hash, imported_at, meta, rev)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (project, id) DO UPDATE SET title = EXCLUDED.title, date = EXCLUDED.date,
           source = EXCLUDED.source, text = EXCLUDED.text, hash = EXCLUDED.hash,
           imported_at = EXCLUDED.imported_at, meta = EXCLUDED.meta, rev = EXCLUDED.rev",
        &[
            &p,
            &id(a.id.0),
            &storable("the article title", &a.title)?,
            &date,
            &storable("the article source", &a.source)?,
            &storable("the article text", &a.text)?,
            &a.hash,
            &a.imported_at.0,
            &meta,
            &rev,
        ],
    )
    .map(drop)
    .map_err(pg_write)
}

pub(crate) fn put_actor(c: &mut impl GenericClient, p: i64, rev: i64, a: &Actor) -> Result<(), ServerError> {
    c.execute(
        "INSERT INTO actors (project, id, name, kind, affiliation, aliases, rejected_aliases, color, color_chosen, notes, rev)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (project, id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
           affiliation = EXCLUDED.affiliation, aliases = EXCLUDED.aliases,
           rejected_aliases = EXCLUDED.rejected_aliases, color = EXCLUDED.color,
           color_chosen = EXCLUDED.color_chosen, notes = EXCLUDED.notes, rev = EXCLUDED.rev",
        &[
            &p,
            &id(a.id.0),
            &storable("the actor's name", &a.name)?,
            &a.kind.as_str(),
            &a.affiliation.map(|x| id(x.0)),
            &storable_list("an alias", &a.aliases)?,
            &storable_list("a removed alias", &a.rejected_aliases)?,
            &color(a.color),
            &a.color_chosen,
            &storable("the actor's notes", &a.notes)?,
            &rev,
        ],
    )
    .map(drop)
    .map_err(pg_write)
}

pub(crate) fn put_issue(c: &mut impl GenericClient, p: i64, rev: i64, i: &Issue) -> Result<(), ServerError> {
    let cues = serde_json::to_string(&i.cues).expect("strings serialise");
    storable("a cue word", &cues)?;
    c.execute(
        "INSERT INTO issues (project, id, key, label, description, support_means, oppose_means, cues, rev)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (project, id) DO UPDATE SET key = EXCLUDED.key, label = EXCLUDED.label,
           description = EXCLUDED.description, support_means = EXCLUDED.support_means,
           oppose_means = EXCLUDED.oppose_means, cues = EXCLUDED.cues, rev = EXCLUDED.rev",
        &[
            &p,
            &id(i.id.0),
            &storable("the issue key", &i.key)?,
            &storable("the issue label", &i.label)?,
            &storable("the issue description", &i.description)?,
            &storable("what support means", &i.support_means)?,
            &storable("what opposition means", &i.oppose_means)?,
            &cues,
            &rev,
        ],
    )
    .map(drop)
    .map_err(pg_write)
}

pub(crate) fn put_coder(c: &mut impl GenericClient, p: i64, rev: i64, k: &Coder) -> Result<(), ServerError> {
    c.execute(
        "INSERT INTO coders (project, id, name, color, consensus, rev) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (project, id) DO UPDATE SET name = EXCLUDED.name, color = EXCLUDED.color,
           consensus = EXCLUDED.consensus, rev = EXCLUDED.rev",
        &[
            &p,
            &id(k.id.0),
            &storable("the coder's name", &k.name)?,
            &color(k.color),
            &k.consensus,
            &rev,
        ],
    )
    .map(drop)
    .map_err(pg_write)
}

/// The upsert of one stance (prepared once per connection on the edit path).
pub(crate) const PUT_STANCE: &str =
    "INSERT INTO stances (project, id, article, actor, issue, position, ev_start, ev_end, ev_text, rule,
       confidence, status, note, created, modified, bulk, coder, created_by, modified_by, edited,
       adopted_from, analyzer, codebook, rev)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
       $21, $22, $23, $24)
     ON CONFLICT (project, id) DO UPDATE SET article = EXCLUDED.article, actor = EXCLUDED.actor,
       issue = EXCLUDED.issue, position = EXCLUDED.position, ev_start = EXCLUDED.ev_start,
       ev_end = EXCLUDED.ev_end, ev_text = EXCLUDED.ev_text, rule = EXCLUDED.rule,
       confidence = EXCLUDED.confidence, status = EXCLUDED.status, note = EXCLUDED.note,
       created = EXCLUDED.created, modified = EXCLUDED.modified, bulk = EXCLUDED.bulk,
       coder = EXCLUDED.coder, created_by = EXCLUDED.created_by, modified_by = EXCLUDED.modified_by,
       edited = EXCLUDED.edited, adopted_from = EXCLUDED.adopted_from, analyzer = EXCLUDED.analyzer,
       codebook = EXCLUDED.codebook, rev = EXCLUDED.rev";

pub(crate) fn put_stance(c: &mut impl GenericClient, p: i64, rev: i64, s: &Stance) -> Result<(), ServerError> {
    put_stance_with(c, PUT_STANCE, p, rev, s)
}

/// [`put_stance`] with `sql` as [`PUT_STANCE`] or the statement prepared from it.
pub(crate) fn put_stance_with<T: ?Sized + ToStatement>(
    c: &mut impl GenericClient,
    sql: &T,
    p: i64,
    rev: i64,
    s: &Stance,
) -> Result<(), ServerError> {
    let (rule, confidence) = match &s.origin {
        Origin::Manual => (None, None),
        Origin::Suggested { rule, confidence } => (Some(storable("the suggestion's rule", rule)?), Some(*confidence)),
    };
    let b = &s.by;
    let bulk = s.bulk.as_deref().map(|r| storable("the bulk rule", r)).transpose()?;
    let analyzer = b.analyzer.as_deref().map(|r| storable("the analyzer", r)).transpose()?;
    let codebook = b
        .codebook
        .as_deref()
        .map(|r| storable("the codebook version", r))
        .transpose()?;
    let (start, end) = (span(s.evidence.start)?, span(s.evidence.end)?);
    c.execute(
        sql,
        &[
            &p,
            &id(s.id.0),
            &id(s.article.0),
            &id(s.actor.0),
            &id(s.issue.0),
            &s.position.as_str(),
            &start,
            &end,
            &storable("the evidence", &s.evidence.text)?,
            &rule,
            &confidence,
            &s.status.as_str(),
            &storable("the stance's note", &s.note)?,
            &s.created.0,
            &s.modified.0,
            &bulk,
            &opt(b.coder),
            &opt(b.created_by),
            &opt(b.modified_by),
            &b.edited,
            &opt(b.adopted_from),
            &analyzer,
            &codebook,
            &rev,
        ],
    )
    .map(drop)
    .map_err(pg_write)
}

fn span(v: usize) -> Result<i32, ServerError> {
    i32::try_from(v).map_err(|_| ServerError::Invalid(format!("the evidence offset {v} is too large to store")))
}

/// Deletes one entity row of `table` (a name from this module, never from input).
pub(crate) fn delete(c: &mut impl GenericClient, table: &str, p: i64, entity: u64) -> Result<(), ServerError> {
    c.execute(
        &format!("DELETE FROM {table} WHERE project = $1 AND id = $2"),
        &[&p, &id(entity)],
    )
    .map(drop)
    .map_err(pg_write)
}

pub(crate) fn put_done(
    c: &mut impl GenericClient,
    p: i64,
    rev: i64,
    article: ArticleId,
    coder: CoderId,
    done: bool,
) -> Result<(), ServerError> {
    let r = if done {
        c.execute(
            "INSERT INTO done_marks (project, article, coder, rev) VALUES ($1, $2, $3, $4)
             ON CONFLICT (project, article, coder) DO UPDATE SET rev = EXCLUDED.rev",
            &[&p, &id(article.0), &id(coder.0), &rev],
        )
    } else {
        c.execute(
            "DELETE FROM done_marks WHERE project = $1 AND article = $2 AND coder = $3",
            &[&p, &id(article.0), &id(coder.0)],
        )
    };
    r.map(drop).map_err(pg_write)
}

pub(crate) fn put_sample(
    c: &mut impl GenericClient,
    p: i64,
    rev: i64,
    sample: Option<&ReliabilitySample>,
) -> Result<(), ServerError> {
    c.execute("DELETE FROM samples WHERE project = $1", &[&p])
        .map_err(pg_write)?;
    let Some(s) = sample else { return Ok(()) };
    c.execute(
        "INSERT INTO samples (project, blind, drawn, rev) VALUES ($1, $2, $3, $4)",
        &[&p, &s.blind, &storable("how the sample was drawn", &s.drawn)?, &rev],
    )
    .map_err(pg_write)?;
    let articles: Vec<i64> = s.articles.iter().map(|a| id(a.0)).collect();
    let coders: Vec<i64> = s.coders.iter().map(|c| id(c.0)).collect();
    c.execute(
        "INSERT INTO sample_articles (project, article) SELECT $1, unnest($2::bigint[])",
        &[&p, &articles],
    )
    .map_err(pg_write)?;
    c.execute(
        "INSERT INTO sample_coders (project, coder) SELECT $1, unnest($2::bigint[])",
        &[&p, &coders],
    )
    .map_err(pg_write)?;
    Ok(())
}

/// Errors of a write: a refusal by row-level security keeps its words.
fn pg_write(e: Pg) -> ServerError {
    ServerError::from_pg(e, "you")
}

/// `AND id = ANY($2)` when only some rows are wanted.
fn only(ids: Option<&[i64]>) -> &'static str {
    if ids.is_some() { " AND id = ANY($2)" } else { "" }
}

fn query(c: &mut impl GenericClient, sql: &str, p: i64, ids: Option<&[i64]>) -> Result<Vec<Row>, Pg> {
    match ids {
        Some(ids) => {
            let ids = ids.to_vec();
            c.query(sql, &[&p, &ids])
        }
        None => c.query(sql, &[&p]),
    }
}

pub(crate) fn load_articles(
    c: &mut impl GenericClient,
    p: i64,
    ids: Option<&[i64]>,
) -> Result<Vec<Article>, ServerError> {
    let sql = format!(
        "SELECT id, title, date, source, text, hash, imported_at, meta FROM articles WHERE project = $1{} ORDER BY id",
        only(ids)
    );
    let rows = query(c, &sql, p, ids).map_err(pg_read)?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.get(0);
            let date: Option<String> = r.get(2);
            let date = match date {
                Some(d) => Some(Date::parse_iso(&d).ok_or_else(|| bad("article", n))?),
                None => None,
            };
            let mut a = Article::new(ArticleId(n as u64), r.get(1), date, r.get(3), r.get(4));
            a.hash = r.get(5);
            a.imported_at = Timestamp(r.get(6));
            let meta: String = r.get(7);
            a.meta = serde_json::from_str(&meta).map_err(|_| bad("article", n))?;
            Ok(a)
        })
        .collect()
}

pub(crate) fn load_actors(c: &mut impl GenericClient, p: i64, ids: Option<&[i64]>) -> Result<Vec<Actor>, ServerError> {
    let sql = format!(
        "SELECT id, name, kind, affiliation, aliases, rejected_aliases, color, color_chosen, notes
         FROM actors WHERE project = $1{} ORDER BY id",
        only(ids)
    );
    let rows = query(c, &sql, p, ids).map_err(pg_read)?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.get(0);
            let kind: String = r.get(2);
            let affiliation: Option<i64> = r.get(3);
            let aliases: String = r.get(4);
            let rejected: String = r.get(5);
            Ok(Actor {
                id: ActorId(n as u64),
                name: r.get(1),
                kind: ActorKind::parse(&kind).ok_or_else(|| bad("actor", n))?,
                affiliation: affiliation.map(|a| ActorId(a as u64)),
                aliases: serde_json::from_str(&aliases).map_err(|_| bad("actor", n))?,
                rejected_aliases: serde_json::from_str(&rejected).map_err(|_| bad("actor", n))?,
                color: rgb(r.get(6)),
                color_chosen: r.get(7),
                notes: r.get(8),
            })
        })
        .collect()
}

pub(crate) fn load_issues(c: &mut impl GenericClient, p: i64, ids: Option<&[i64]>) -> Result<Vec<Issue>, ServerError> {
    let sql = format!(
        "SELECT id, key, label, description, support_means, oppose_means, cues
         FROM issues WHERE project = $1{} ORDER BY id",
        only(ids)
    );
    let rows = query(c, &sql, p, ids).map_err(pg_read)?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.get(0);
            let cues: String = r.get(6);
            Ok(Issue {
                id: IssueId(n as u64),
                key: r.get(1),
                label: r.get(2),
                description: r.get(3),
                support_means: r.get(4),
                oppose_means: r.get(5),
                cues: serde_json::from_str(&cues).map_err(|_| bad("issue", n))?,
            })
        })
        .collect()
}

pub(crate) fn load_coders(c: &mut impl GenericClient, p: i64, ids: Option<&[i64]>) -> Result<Vec<Coder>, ServerError> {
    let sql = format!(
        "SELECT id, name, color, consensus FROM coders WHERE project = $1{} ORDER BY id",
        only(ids)
    );
    let rows = query(c, &sql, p, ids).map_err(pg_read)?;
    Ok(rows
        .iter()
        .map(|r| Coder {
            id: CoderId(r.get::<_, i64>(0) as u64),
            name: r.get(1),
            color: rgb(r.get(2)),
            consensus: r.get(3),
        })
        .collect())
}

/// The columns of a stance, as [`stances_from`] reads them.
const STANCE_COLUMNS: &str = "SELECT id, article, actor, issue, position, ev_start, ev_end, ev_text, rule, confidence,
    status, note, created, modified, bulk, coder, created_by, modified_by, edited, adopted_from, analyzer, codebook
    FROM stances WHERE project = $1";

/// Some stances of a project by id (prepared once per connection for the
/// catch-up of the edit path).
pub(crate) const STANCES_BY_ID: &str = "SELECT id, article, actor, issue, position, ev_start, ev_end, ev_text, rule,
    confidence, status, note, created, modified, bulk, coder, created_by, modified_by, edited, adopted_from,
    analyzer, codebook FROM stances WHERE project = $1 AND id = ANY($2) ORDER BY id";

pub(crate) fn load_stances(
    c: &mut impl GenericClient,
    p: i64,
    ids: Option<&[i64]>,
) -> Result<Vec<Stance>, ServerError> {
    let sql = format!("{STANCE_COLUMNS}{} ORDER BY id", only(ids));
    let rows = query(c, &sql, p, ids).map_err(pg_read)?;
    stances_from(&rows)
}

/// The stances `ids` of project `p`, with `sql` as [`STANCES_BY_ID`] or the
/// statement prepared from it.
pub(crate) fn load_stances_with<T: ?Sized + ToStatement>(
    c: &mut impl GenericClient,
    sql: &T,
    p: i64,
    ids: &[i64],
) -> Result<Vec<Stance>, ServerError> {
    let rows = c.query(sql, &[&p, &ids]).map_err(pg_read)?;
    stances_from(&rows)
}

fn stances_from(rows: &[Row]) -> Result<Vec<Stance>, ServerError> {
    let coder = |r: &Row, i: usize| r.get::<_, Option<i64>>(i).map(|c| CoderId(c as u64));
    rows.iter()
        .map(|r| {
            let n: i64 = r.get(0);
            let position: String = r.get(4);
            let status: String = r.get(10);
            let rule: Option<String> = r.get(8);
            let confidence: Option<f32> = r.get(9);
            let origin = match (rule, confidence) {
                (Some(rule), Some(confidence)) => Origin::Suggested { rule, confidence },
                _ => Origin::Manual,
            };
            let status = match status.as_str() {
                "pending" => Status::Pending,
                "accepted" => Status::Accepted,
                "rejected" => Status::Rejected,
                _ => return Err(bad("stance", n)),
            };
            Ok(Stance {
                id: StanceId(n as u64),
                article: ArticleId(r.get::<_, i64>(1) as u64),
                actor: ActorId(r.get::<_, i64>(2) as u64),
                issue: IssueId(r.get::<_, i64>(3) as u64),
                position: Position::parse(&position).ok_or_else(|| bad("stance", n))?,
                evidence: Evidence {
                    start: r.get::<_, i32>(5) as usize,
                    end: r.get::<_, i32>(6) as usize,
                    text: r.get(7),
                },
                origin,
                status,
                note: r.get(11),
                created: Timestamp(r.get(12)),
                modified: Timestamp(r.get(13)),
                bulk: r.get(14),
                by: Attribution {
                    coder: coder(r, 15),
                    created_by: coder(r, 16),
                    modified_by: coder(r, 17),
                    edited: r.get(18),
                    adopted_from: coder(r, 19),
                    analyzer: r.get(20),
                    codebook: r.get(21),
                },
            })
        })
        .collect()
}

pub(crate) fn load_done(c: &mut impl GenericClient, p: i64) -> Result<Vec<(ArticleId, CoderId)>, ServerError> {
    let rows = c
        .query(
            "SELECT article, coder FROM done_marks WHERE project = $1 ORDER BY article, coder",
            &[&p],
        )
        .map_err(pg_read)?;
    Ok(rows
        .iter()
        .map(|r| (ArticleId(r.get::<_, i64>(0) as u64), CoderId(r.get::<_, i64>(1) as u64)))
        .collect())
}

pub(crate) fn is_done(c: &mut impl GenericClient, p: i64, article: i64, coder: i64) -> Result<bool, ServerError> {
    c.query_opt(
        "SELECT 1 FROM done_marks WHERE project = $1 AND article = $2 AND coder = $3",
        &[&p, &article, &coder],
    )
    .map(|r| r.is_some())
    .map_err(pg_read)
}

pub(crate) fn load_sample(c: &mut impl GenericClient, p: i64) -> Result<Option<ReliabilitySample>, ServerError> {
    let Some(row) = c
        .query_opt("SELECT blind, drawn FROM samples WHERE project = $1", &[&p])
        .map_err(pg_read)?
    else {
        return Ok(None);
    };
    let articles = c
        .query("SELECT article FROM sample_articles WHERE project = $1", &[&p])
        .map_err(pg_read)?;
    let coders = c
        .query("SELECT coder FROM sample_coders WHERE project = $1", &[&p])
        .map_err(pg_read)?;
    Ok(Some(ReliabilitySample {
        articles: articles.iter().map(|r| ArticleId(r.get::<_, i64>(0) as u64)).collect(),
        coders: coders.iter().map(|r| CoderId(r.get::<_, i64>(0) as u64)).collect(),
        blind: row.get(0),
        drawn: row.get(1),
    }))
}

fn pg_read(e: Pg) -> ServerError {
    ServerError::from_pg(e, "you")
}
