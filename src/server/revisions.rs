//! Revisions: every committed command bumps the project's counter, stamps
//! the rows it wrote with the new value and logs which entities it touched
//! (`changes`), so a client that was at revision `r` fetches exactly what
//! changed since, and undo can ask whether someone else changed something.

use super::error::{Entity, ServerError};
use super::prepared::Prepared;
use super::rows;
use crate::model::{ActorId, ArticleId, CoderId, IssueId, ReliabilitySample, StanceId, Workspace};
use postgres::GenericClient;
use postgres::types::ToSql;
use std::collections::{BTreeMap, BTreeSet};

/// A project's revision: 0 is the project as pushed, each commit adds one.
pub type Revision = u64;

/// The channel every project's commits are announced on; the payload is
/// `PROJECT_ID:REVISION`.
pub const CHANNEL: &str = "stance_tracker";

/// One entity as the change log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Coder(CoderId),
    Article(ArticleId),
    Issue(IssueId),
    Actor(ActorId),
    Stance(StanceId),
    Done(ArticleId, CoderId),
    Sample,
    /// The project's own fields (the codebook version).
    Project,
}

impl Key {
    fn kind(self) -> &'static str {
        match self {
            Key::Coder(_) => "coder",
            Key::Article(_) => "article",
            Key::Issue(_) => "issue",
            Key::Actor(_) => "actor",
            Key::Stance(_) => "stance",
            Key::Done(..) => "done",
            Key::Sample => "sample",
            Key::Project => "project",
        }
    }

    fn ids(self) -> (i64, i64) {
        match self {
            Key::Coder(i) => (i.0 as i64, 0),
            Key::Article(i) => (i.0 as i64, 0),
            Key::Issue(i) => (i.0 as i64, 0),
            Key::Actor(i) => (i.0 as i64, 0),
            Key::Stance(i) => (i.0 as i64, 0),
            Key::Done(a, c) => (a.0 as i64, c.0 as i64),
            Key::Sample | Key::Project => (0, 0),
        }
    }

    fn from_row(kind: &str, id: i64, id2: i64) -> Option<Key> {
        let (id, id2) = (id as u64, id2 as u64);
        Some(match kind {
            "coder" => Key::Coder(CoderId(id)),
            "article" => Key::Article(ArticleId(id)),
            "issue" => Key::Issue(IssueId(id)),
            "actor" => Key::Actor(ActorId(id)),
            "stance" => Key::Stance(StanceId(id)),
            "done" => Key::Done(ArticleId(id), CoderId(id2)),
            "sample" => Key::Sample,
            "project" => Key::Project,
            _ => return None,
        })
    }

    /// "stance s12", for messages.
    pub fn label(self) -> String {
        match self {
            Key::Coder(i) => format!("coder {i}"),
            Key::Article(i) => format!("article {i}"),
            Key::Issue(i) => format!("issue {i}"),
            Key::Actor(i) => format!("actor {i}"),
            Key::Stance(i) => format!("stance {i}"),
            Key::Done(a, c) => format!("the done mark of {c} on {a}"),
            Key::Sample => "the reliability sample".into(),
            Key::Project => "the codebook version".into(),
        }
    }

    /// The entity as `ws` has it (`None`: not there).
    pub fn entity_in(self, ws: &Workspace) -> Option<Entity> {
        match self {
            Key::Coder(i) => ws.coder(i).cloned().map(Entity::Coder),
            Key::Article(i) => ws.article(i).cloned().map(|a| Entity::Article(Box::new(a))),
            Key::Issue(i) => ws.issue(i).cloned().map(Entity::Issue),
            Key::Actor(i) => ws.actor(i).cloned().map(Entity::Actor),
            Key::Stance(i) => ws.stance(i).cloned().map(Entity::Stance),
            Key::Done(a, c) => ws.is_done(a, c).then(|| Entity::Other(self.label())),
            Key::Sample => ws.reliability_sample().map(|_| Entity::Other(self.label())),
            Key::Project => Some(Entity::Other(ws.codebook_version().to_owned())),
        }
    }
}

/// The entities sessions other than the fetching one changed, with the
/// last revision they did.
#[derive(Debug, Default)]
pub(crate) struct Others(BTreeMap<Key, Revision>);

impl Others {
    /// Of `keys`, the one another session changed first (by its last
    /// change), as [`changed_by_others`] answers for the same base.
    pub(crate) fn conflict(&self, keys: &BTreeSet<Key>) -> Option<(Key, Revision)> {
        keys.iter()
            .filter_map(|k| self.0.get(k).map(|r| (*k, *r)))
            .min_by_key(|(_, r)| *r)
    }
}

/// What changed in a project after a revision: the entities, as they are
/// now (absent ones were removed).
#[derive(Debug, Default)]
pub struct Changes {
    /// The revision these changes bring a client to.
    pub revision: Revision,
    /// Every entity that changed, with the last revision that changed it.
    pub keys: BTreeMap<Key, Revision>,
    /// Of those, the ones a session other than the fetching one changed,
    /// with the last revision it did.
    others: BTreeMap<Key, Revision>,
    articles: BTreeMap<ArticleId, crate::model::Article>,
    actors: BTreeMap<ActorId, crate::model::Actor>,
    issues: BTreeMap<IssueId, crate::model::Issue>,
    coders: BTreeMap<CoderId, crate::model::Coder>,
    stances: BTreeMap<StanceId, crate::model::Stance>,
    done: BTreeSet<(ArticleId, CoderId)>,
    sample: Option<ReliabilitySample>,
    codebook_version: Option<String>,
    /// Every stance the client may read, when the sample changed: blind
    /// coding hides stances from a coder by row-level security, so
    /// releasing a sample makes stances readable that no change touched.
    all_stances: Option<Vec<crate::model::Stance>>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// [`apply_to`](Self::apply_to), keeping who else changed what.
    pub(crate) fn apply_to_keeping_others(mut self, ws: &mut Workspace) -> Others {
        let others = Others(std::mem::take(&mut self.others));
        self.apply_to(ws);
        others
    }

    /// Brings `ws` (a copy at the revision these changes start from) to
    /// [`revision`](Self::revision).
    pub(crate) fn apply_to(mut self, ws: &mut Workspace) {
        for key in self.keys.keys() {
            match *key {
                Key::Coder(i) => ws.sync_coder(i, self.coders.remove(&i)),
                Key::Article(i) => ws.sync_article(i, self.articles.remove(&i)),
                Key::Issue(i) => ws.sync_issue(i, self.issues.remove(&i)),
                Key::Actor(i) => ws.sync_actor(i, self.actors.remove(&i)),
                Key::Stance(i) => ws.sync_stance(i, self.stances.remove(&i)),
                Key::Done(a, c) => ws.sync_done(a, c, self.done.contains(&(a, c))),
                Key::Sample => ws.sync_sample(self.sample.take()),
                Key::Project => {
                    if let Some(v) = self.codebook_version.take() {
                        ws.sync_codebook_version(v);
                    }
                }
            }
        }
        if let Some(all) = self.all_stances.take() {
            let keep: BTreeSet<StanceId> = all.iter().map(|s| s.id).collect();
            let gone: Vec<StanceId> = ws.stances().map(|s| s.id).filter(|id| !keep.contains(id)).collect();
            for id in gone {
                ws.sync_stance(id, None);
            }
            for s in all {
                ws.sync_stance(s.id, Some(s));
            }
        }
    }
}

/// What changed after a revision, by entity, with the last change by a
/// session other than `$4` (the conflict check of an edit built on `$2`).
pub(crate) const CHANGED_SINCE: &str = "SELECT kind, id, id2, max(rev), max(rev) FILTER (WHERE session <> $4)
    FROM changes WHERE project = $1 AND rev > $2 AND rev <= $3 GROUP BY kind, id, id2";

/// The first of some entities another session changed after a revision.
pub(crate) const CONFLICTS: &str = "SELECT c.kind, c.id, c.id2, max(c.rev) FROM changes c
    JOIN unnest($4::text[], $5::bigint[], $6::bigint[]) AS k(kind, id, id2)
      ON c.kind = k.kind AND c.id = k.id AND c.id2 = k.id2
    WHERE c.project = $1 AND c.rev > $2 AND c.session <> $3
    GROUP BY c.kind, c.id, c.id2 ORDER BY 4 LIMIT 1";

/// A commit's bookkeeping in one statement (one round trip under the
/// lock): the change log, the project's revision and id counter, and the
/// announcement (sent at COMMIT).
pub(crate) const COMMIT_LOG: &str = "WITH logged AS (
      INSERT INTO changes (project, rev, kind, id, id2, session, op)
      SELECT $1, $2, k, i, j, $3, $4 FROM unnest($5::text[], $6::bigint[], $7::bigint[]) AS t(k, i, j)
    ), bumped AS (
      UPDATE projects SET rev = $2, next_id = GREATEST(next_id, $8) WHERE id = $1
    )
    SELECT pg_notify($9, $10)";

/// The changes of project `p` after revision `since`, up to `now`.
pub(crate) fn fetch_since(
    c: &mut impl GenericClient,
    p: i64,
    since: Revision,
    now: Revision,
) -> Result<Changes, ServerError> {
    fetch_since_with(c, None, p, since, now, "")
}

/// [`fetch_since`] with the connection's prepared statements, if any.
pub(crate) fn fetch_since_with(
    c: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
    since: Revision,
    now: Revision,
    session: &str,
) -> Result<Changes, ServerError> {
    let pg = |e| ServerError::from_pg(e, "you");
    let params: [&(dyn ToSql + Sync); 4] = [&p, &(since as i64), &(now as i64), &session];
    let rows = match prep {
        Some(prep) => c.query(&prep.changed_since, &params),
        None => c.query(CHANGED_SINCE, &params),
    }
    .map_err(pg)?;
    let mut out = Changes {
        revision: now,
        ..Changes::default()
    };
    for r in &rows {
        let kind: String = r.get(0);
        if let Some(key) = Key::from_row(&kind, r.get(1), r.get(2)) {
            out.keys.insert(key, r.get::<_, i64>(3) as Revision);
            if let Some(theirs) = r.get::<_, Option<i64>>(4) {
                out.others.insert(key, theirs as Revision);
            }
        }
    }
    let ids = |want: &str| -> Vec<i64> {
        out.keys
            .keys()
            .filter(|k| k.kind() == want)
            .map(|k| k.ids().0)
            .collect()
    };
    let (articles, actors, issues, coders, stances) =
        (ids("article"), ids("actor"), ids("issue"), ids("coder"), ids("stance"));
    if !articles.is_empty() {
        out.articles = rows::load_articles(c, p, Some(&articles))?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
    }
    if !actors.is_empty() {
        out.actors = rows::load_actors(c, p, Some(&actors))?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
    }
    if !issues.is_empty() {
        out.issues = rows::load_issues(c, p, Some(&issues))?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
    }
    if !coders.is_empty() {
        out.coders = rows::load_coders(c, p, Some(&coders))?
            .into_iter()
            .map(|k| (k.id, k))
            .collect();
    }
    if !stances.is_empty() {
        let loaded = match prep {
            Some(prep) => rows::load_stances_with(c, &prep.stances_by_id, p, &stances)?,
            None => rows::load_stances(c, p, Some(&stances))?,
        };
        out.stances = loaded.into_iter().map(|s| (s.id, s)).collect();
    }
    let marks: Vec<Key> = out
        .keys
        .keys()
        .copied()
        .filter(|k| matches!(k, Key::Done(..)))
        .collect();
    for key in marks {
        let (a, k) = key.ids();
        if rows::is_done(c, p, a, k)? {
            out.done.insert((ArticleId(a as u64), CoderId(k as u64)));
        }
    }
    if out.keys.contains_key(&Key::Sample) {
        out.sample = rows::load_sample(c, p)?;
        out.all_stances = Some(rows::load_stances(c, p, None)?);
    }
    if out.keys.contains_key(&Key::Project) {
        let v: String = c
            .query_one("SELECT codebook_version FROM projects WHERE id = $1", &[&p])
            .map_err(pg)?
            .get(0);
        out.codebook_version = Some(v);
    }
    Ok(out)
}

/// Of `keys`, the first one another session changed after `base`, with
/// the revision of that change.
pub(crate) fn changed_by_others(
    c: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
    base: Revision,
    session: &str,
    keys: &BTreeSet<Key>,
) -> Result<Option<(Key, Revision)>, ServerError> {
    let (kinds, ids, ids2) = columns(keys);
    let params: [&(dyn ToSql + Sync); 6] = [&p, &(base as i64), &session, &kinds, &ids, &ids2];
    let row = match prep {
        Some(prep) => c.query_opt(&prep.conflicts, &params),
        None => c.query_opt(CONFLICTS, &params),
    }
    .map_err(|e| ServerError::from_pg(e, "you"))?;
    Ok(row.and_then(|r| {
        let kind: String = r.get(0);
        Key::from_row(&kind, r.get(1), r.get(2)).map(|k| (k, r.get::<_, i64>(3) as Revision))
    }))
}

/// Commits' bookkeeping: logs that revision `rev` (operation `op` of
/// `session`) touched `keys`, sets the project's revision to `rev`, moves
/// its id counter to at least `above` and announces the revision on
/// [`CHANNEL`]; one statement.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_commit(
    c: &mut impl GenericClient,
    prep: Option<&Prepared>,
    p: i64,
    rev: Revision,
    keys: &BTreeSet<Key>,
    session: &str,
    op: i64,
    above: i64,
) -> Result<(), ServerError> {
    let (kinds, ids, ids2) = columns(keys);
    let payload = format!("{p}:{rev}");
    let rev = rev as i64;
    let params: [&(dyn ToSql + Sync); 10] = [&p, &rev, &session, &op, &kinds, &ids, &ids2, &above, &CHANNEL, &payload];
    match prep {
        Some(prep) => c.query(&prep.commit_log, &params),
        None => c.query(COMMIT_LOG, &params),
    }
    .map_err(|e| ServerError::from_pg(e, "you"))?;
    Ok(())
}

fn columns(keys: &BTreeSet<Key>) -> (Vec<String>, Vec<i64>, Vec<i64>) {
    let kinds = keys.iter().map(|k| k.kind().to_owned()).collect();
    let ids = keys.iter().map(|k| k.ids().0).collect();
    let ids2 = keys.iter().map(|k| k.ids().1).collect();
    (kinds, ids, ids2)
}

/// Whether operation `op` of `session` was committed (after a connection
/// lost during COMMIT, the one case where the client cannot know).
pub(crate) fn committed(c: &mut impl GenericClient, p: i64, session: &str, op: i64) -> Result<bool, ServerError> {
    c.query_opt(
        "SELECT 1 FROM changes WHERE project = $1 AND session = $2 AND op = $3 LIMIT 1",
        &[&p, &session, &op],
    )
    .map(|r| r.is_some())
    .map_err(|e| ServerError::from_pg(e, "you"))
}
