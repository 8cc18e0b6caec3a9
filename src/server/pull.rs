//! A whole project from the server, as a workspace: for opening it, for
//! offline work and for archiving (`stance-tracker pull`).

use super::connect::connect;
use super::error::ServerError;
use super::revisions::Revision;
use super::rows;
use super::schema::ensure_schema;
use super::url::ServerUrl;
use crate::model::{Timestamp, Workspace};
use postgres::{Client, IsolationLevel};

/// A project's row.
#[derive(Clone, Debug)]
pub(crate) struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub created: Timestamp,
    pub next_id: u64,
    pub rev: Revision,
    pub codebook_version: String,
}

/// The project `name` at its latest revision.
pub fn pull(url: &str, name: &str) -> Result<(Workspace, Revision), ServerError> {
    let url = ServerUrl::parse(url)?;
    let mut client = connect(&url)?;
    ensure_schema(&mut client, url.user())?;
    let (ws, row) = pull_with(&mut client, url.user(), url.shown(), name)?;
    Ok((ws, row.rev))
}

/// [`pull`] over an open connection: every table read in one snapshot, so
/// the workspace is the project at exactly one revision, then checked as a
/// file is checked when it opens.
pub(crate) fn pull_with(
    client: &mut Client,
    role: &str,
    target: &str,
    name: &str,
) -> Result<(Workspace, ProjectRow), ServerError> {
    let pg = |e| ServerError::from_pg(e, role);
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(pg)?;
    let project = find(&mut tx, role, target, name)?;
    let (ws, project) = pull_with_tx(&mut tx, &project)?;
    tx.commit().map_err(pg)?;
    Ok((ws, project))
}

/// The project's workspace as the transaction sees it, checked.
pub(crate) fn pull_with_tx(
    tx: &mut impl postgres::GenericClient,
    project: &ProjectRow,
) -> Result<(Workspace, ProjectRow), ServerError> {
    let p = project.id;
    let articles = rows::load_articles(tx, p, None)?;
    let actors = rows::load_actors(tx, p, None)?;
    let issues = rows::load_issues(tx, p, None)?;
    let stances = rows::load_stances(tx, p, None)?;
    let coders = rows::load_coders(tx, p, None)?;
    let done = rows::load_done(tx, p)?;
    let sample = rows::load_sample(tx, p)?;
    let mut ws = Workspace::from_parts(
        project.created,
        project.next_id,
        project.codebook_version.clone(),
        articles,
        actors,
        issues,
        stances,
        coders,
        done,
        sample,
    );
    crate::storage::check_workspace(&mut ws).map_err(|e| ServerError::Damaged(e.to_string()))?;
    Ok((ws, project.clone()))
}

/// The project named `name`, or an error listing the ones this role can see.
pub(crate) fn find(
    c: &mut impl postgres::GenericClient,
    role: &str,
    target: &str,
    name: &str,
) -> Result<ProjectRow, ServerError> {
    let pg = |e| ServerError::from_pg(e, role);
    let row = c
        .query_opt(
            "SELECT id, name, created, next_id, rev, codebook_version FROM projects WHERE name = $1",
            &[&name.trim()],
        )
        .map_err(pg)?;
    let Some(r) = row else {
        let names: Vec<String> = c
            .query("SELECT name FROM projects ORDER BY name", &[])
            .map_err(pg)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        return Err(ServerError::NoProject {
            name: name.to_owned(),
            target: target.to_owned(),
            known: if names.is_empty() {
                "none you may see".into()
            } else {
                names.join(", ")
            },
        });
    };
    Ok(ProjectRow {
        id: r.get(0),
        name: r.get(1),
        created: Timestamp(r.get(2)),
        next_id: r.get::<_, i64>(3) as u64,
        rev: r.get::<_, i64>(4) as Revision,
        codebook_version: r.get(5),
    })
}
