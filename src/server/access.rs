//! Who may do what in a project. Each team member logs in as their own
//! PostgreSQL role; `members` gives the role an access level, and the
//! row-level security policies of the schema enforce it.

use super::error::ServerError;
use super::pull::find;
use crate::model::coders;
use postgres::Client;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Everything, and who the members are.
    Admin,
    /// Every layer (adjudication), articles, issues, the sample.
    Adjudicator,
    /// Their own layer, undecided suggestions, actors, their done marks.
    Coder,
    /// Reading only.
    Viewer,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Admin => "admin",
            Access::Adjudicator => "adjudicator",
            Access::Coder => "coder",
            Access::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        [Access::Admin, Access::Adjudicator, Access::Coder, Access::Viewer]
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn may_write(self) -> bool {
        self != Access::Viewer
    }
}

/// Gives `role` (an existing PostgreSQL role) `access` to project `name`;
/// a coder's stances are those of the coder `coder` (created when the
/// project has none of that name; default: the role's name). Only an admin
/// of the project may do this — the database says so otherwise.
pub fn grant(
    client: &mut Client,
    name: &str,
    role: &str,
    access: Access,
    coder: Option<&str>,
) -> Result<(), ServerError> {
    let me = "you";
    let pg = |e| ServerError::from_pg(e, me);
    let mut tx = client.transaction().map_err(pg)?;
    let project = find(&mut tx, me, "the server", name)?;
    let coder_id = if access == Access::Coder || coder.is_some() {
        let coder_name = coder.unwrap_or(role).trim().to_owned();
        let Some((rev, _)) = super::project::lock(&mut tx, project.id)? else {
            return Err(ServerError::Refused {
                role: me.into(),
                reason: format!("only an admin of project \"{name}\" may say who its members are"),
            });
        };
        // Read again under the lock: the counter and contents as they are now.
        let project = find(&mut tx, me, "the server", name)?;
        let (mut ws, _) = super::pull::pull_with_tx(&mut tx, &project)?;
        let (id, add) = coders::coder_named(&mut ws, &coder_name);
        if let Some(cmd) = add {
            // Through the same path as any edit: a new revision, logged.
            super::project::write_command(&mut tx, None, project.id, rev, &mut ws, cmd, "grant", 0)?;
        }
        Some(id.0 as i64)
    } else {
        None
    };
    tx.execute(
        "INSERT INTO members (project, role, access, coder) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project, role) DO UPDATE SET access = EXCLUDED.access, coder = EXCLUDED.coder",
        &[&project.id, &role, &access.as_str(), &coder_id],
    )
    .map_err(pg)?;
    tx.commit().map_err(pg)
}
