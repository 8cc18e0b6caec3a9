//! A file workspace onto the server, as a new project, in one transaction:
//! the project is there whole or not at all.

use super::connect::connect;
use super::error::ServerError;
use super::rows;
use super::schema::ensure_schema;
use super::url::ServerUrl;
use crate::model::Workspace;
use postgres::Client;

/// What a push did, for the command line's report.
#[derive(Debug)]
pub struct Pushed {
    pub project: String,
    pub articles: usize,
    pub stances: usize,
}

/// Puts `ws` on the server at `url` as project `name`, which must not
/// exist yet; the pushing role becomes its admin.
pub fn push(ws: &Workspace, url: &str, name: &str) -> Result<Pushed, ServerError> {
    let url = ServerUrl::parse(url)?;
    let mut client = connect(&url)?;
    ensure_schema(&mut client, url.user())?;
    push_with(&mut client, url.user(), ws, name)?;
    Ok(Pushed {
        project: name.to_owned(),
        articles: ws.article_count(),
        stances: ws.stance_count(),
    })
}

/// [`push`] over an open connection whose schema is in place.
pub fn push_with(client: &mut Client, role: &str, ws: &Workspace, name: &str) -> Result<i64, ServerError> {
    let name = name.trim();
    if name.is_empty() || name.contains('\0') {
        return Err(ServerError::Invalid(
            "a project needs a name (--project NAME) without NUL characters".into(),
        ));
    }
    let pg = |e| ServerError::from_pg(e, role);
    let mut tx = client.transaction().map_err(pg)?;
    let exists = tx
        .query_opt("SELECT 1 FROM projects WHERE name = $1", &[&name])
        .map_err(pg)?;
    if exists.is_some() {
        return Err(ServerError::ProjectExists(name.to_owned()));
    }
    let p: i64 = tx
        .query_one(
            "INSERT INTO projects (name, created, next_id, rev, codebook_version) VALUES ($1, $2, $3, 0, $4)
             RETURNING id",
            &[
                &name,
                &ws.created().0,
                &(ws.peek_next_id() as i64),
                &ws.codebook_version(),
            ],
        )
        .map_err(|e| match ServerError::from_pg(e, role) {
            // Someone pushed the same name at the same moment.
            ServerError::Database(m) if m.contains("23505") => ServerError::ProjectExists(name.to_owned()),
            other => other,
        })?
        .get(0);
    tx.execute(
        "INSERT INTO members (project, role, access) VALUES ($1, session_user, 'admin')",
        &[&p],
    )
    .map_err(pg)?;
    // Rows go in at revision 0: the project as pushed.
    for c in ws.coders() {
        rows::put_coder(&mut tx, p, 0, c)?;
    }
    for a in ws.articles() {
        rows::put_article(&mut tx, p, 0, a)?;
    }
    for i in ws.issues() {
        rows::put_issue(&mut tx, p, 0, i)?;
    }
    for a in ws.actors() {
        rows::put_actor(&mut tx, p, 0, a)?;
    }
    for s in ws.stances() {
        rows::put_stance(&mut tx, p, 0, s)?;
    }
    for (a, c) in ws.done_marks() {
        rows::put_done(&mut tx, p, 0, a, c, true)?;
    }
    if let Some(s) = ws.reliability_sample() {
        rows::put_sample(&mut tx, p, 0, Some(s))?;
    }
    tx.commit().map_err(pg)?;
    Ok(p)
}
