//! The statements of the edit path, prepared once per connection. A
//! statement sent as text is parsed and described by the server on every
//! call, a round trip of its own; under the project's row lock every other
//! client waits for it (ARCHITECTURE.md, "Shared projects on PostgreSQL").

use super::revisions::{CHANGED_SINCE, COMMIT_LOG, CONFLICTS};
use super::rows::{PUT_STANCE, STANCES_BY_ID};
use postgres::{Client, Statement};

/// Locks the project's row for a write: its revision and id counter.
pub(crate) const LOCK: &str = "SELECT rev, next_id FROM projects WHERE id = $1 FOR UPDATE";

/// Statements of one connection; made again with it.
pub(crate) struct Prepared {
    pub lock: Statement,
    pub conflicts: Statement,
    pub commit_log: Statement,
    pub put_stance: Statement,
    pub changed_since: Statement,
    pub stances_by_id: Statement,
}

impl Prepared {
    pub(crate) fn new(c: &mut Client) -> Result<Prepared, postgres::Error> {
        Ok(Prepared {
            lock: c.prepare(LOCK)?,
            conflicts: c.prepare(CONFLICTS)?,
            commit_log: c.prepare(COMMIT_LOG)?,
            put_stance: c.prepare(PUT_STANCE)?,
            changed_since: c.prepare(CHANGED_SINCE)?,
            stances_by_id: c.prepare(STANCES_BY_ID)?,
        })
    }
}
