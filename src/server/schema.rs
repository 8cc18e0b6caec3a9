//! The tables of a shared project, created and migrated by the app. The
//! version is kept in the database (`stance_schema`); a newer one than the
//! app knows is refused, since an old app could break invariants it has
//! never heard of.
//!
//! Plain types only (`bigint`, `text`, `boolean`, `real`; lists and maps as
//! JSON text) so that the same tables could back a local SQLite workspace.

use super::error::ServerError;
use postgres::Client;

/// The schema version this app reads and writes.
pub const SCHEMA_VERSION: i32 = 2;

/// One step of the schema: the SQL that takes version `n - 1` to `n`.
const MIGRATIONS: &[(i32, &str)] = &[(1, V1), (2, V2)];

/// Serialises migrations of one database between clients that start at once.
const MIGRATION_LOCK: i64 = 0x5354_414e_4345; // "STANCE"

/// Makes sure the database has the app's schema: creates or migrates it
/// (in one transaction), or refuses a newer one.
pub fn ensure_schema(client: &mut Client, role: &str) -> Result<(), ServerError> {
    let found = current_version(client, role)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    if found > SCHEMA_VERSION {
        return Err(ServerError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let pg = |e| ServerError::from_pg(e, role);
    let mut tx = client.transaction().map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(pg)?;
    // Another client may have migrated while we waited for the lock.
    let found = version_in(&mut tx).map_err(pg)?;
    if found > SCHEMA_VERSION {
        return Err(ServerError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        tx.batch_execute(sql).map_err(|e| match ServerError::from_pg(e, role) {
            ServerError::Refused { role, reason } => ServerError::Refused {
                role,
                reason: format!(
                    "{reason}; the database needs the Stance Tracker tables (version {version}), \
                     which its owner or an admin creates by connecting first"
                ),
            },
            other => other,
        })?;
        tx.execute("UPDATE stance_schema SET version = $1", &[&version])
            .map_err(pg)?;
    }
    tx.commit().map_err(pg)
}

/// The database's schema version, 0 when it has none yet.
pub fn current_version(client: &mut Client, role: &str) -> Result<i32, ServerError> {
    let mut tx = client.transaction().map_err(|e| ServerError::from_pg(e, role))?;
    version_in(&mut tx).map_err(|e| ServerError::from_pg(e, role))
}

fn version_in(tx: &mut postgres::Transaction<'_>) -> Result<i32, postgres::Error> {
    let exists: bool = tx
        .query_one("SELECT to_regclass('stance_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(tx
        .query_opt("SELECT version FROM stance_schema", &[])?
        .map_or(0, |r| r.get(0)))
}

/// Version 1: the model's entities, the change log, members and their
/// row-level security.
const V1: &str = r#"
CREATE TABLE stance_schema (version integer NOT NULL);
INSERT INTO stance_schema VALUES (0);

-- ASCII case folding, as the model compares names and keys
-- (eq_ignore_ascii_case), so the database refuses exactly what it would.
CREATE FUNCTION stance_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

CREATE TABLE projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (btrim(name) <> ''),
  created bigint NOT NULL,
  next_id bigint NOT NULL CHECK (next_id > 0),
  rev bigint NOT NULL DEFAULT 0 CHECK (rev >= 0),
  codebook_version text NOT NULL CHECK (btrim(codebook_version) <> '')
);

CREATE TABLE members (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  role text NOT NULL,
  access text NOT NULL CHECK (access IN ('admin', 'adjudicator', 'coder', 'viewer')),
  coder bigint,
  PRIMARY KEY (project, role)
);

CREATE TABLE coders (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  id bigint NOT NULL CHECK (id > 0),
  name text NOT NULL CHECK (btrim(name) <> ''),
  color integer NOT NULL CHECK (color BETWEEN 0 AND 16777215),
  consensus boolean NOT NULL,
  rev bigint NOT NULL,
  PRIMARY KEY (project, id)
);
CREATE UNIQUE INDEX coders_name ON coders (project, stance_fold(btrim(name)));
CREATE UNIQUE INDEX coders_one_consensus ON coders (project) WHERE consensus;

CREATE TABLE articles (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  id bigint NOT NULL CHECK (id > 0),
  title text NOT NULL CHECK (btrim(title) <> ''),
  date text CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  source text NOT NULL,
  text text NOT NULL CHECK (btrim(text) <> ''),
  hash text NOT NULL,
  imported_at bigint NOT NULL,
  meta text NOT NULL,
  rev bigint NOT NULL,
  PRIMARY KEY (project, id),
  UNIQUE (project, hash)
);

CREATE TABLE actors (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  id bigint NOT NULL CHECK (id > 0),
  name text NOT NULL CHECK (btrim(name) <> ''),
  kind text NOT NULL CHECK (kind IN ('person', 'state', 'organization', 'group', 'other')),
  affiliation bigint CHECK (affiliation <> id),
  aliases text NOT NULL,
  rejected_aliases text NOT NULL,
  color integer NOT NULL CHECK (color BETWEEN 0 AND 16777215),
  color_chosen boolean NOT NULL,
  notes text NOT NULL,
  rev bigint NOT NULL,
  PRIMARY KEY (project, id),
  FOREIGN KEY (project, affiliation) REFERENCES actors (project, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX actors_name ON actors (project, stance_fold(btrim(name)));

CREATE TABLE issues (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  id bigint NOT NULL CHECK (id > 0),
  key text NOT NULL CHECK (btrim(key) <> ''),
  label text NOT NULL CHECK (btrim(label) <> ''),
  description text NOT NULL,
  support_means text NOT NULL,
  oppose_means text NOT NULL,
  cues text NOT NULL,
  rev bigint NOT NULL,
  PRIMARY KEY (project, id)
);
CREATE UNIQUE INDEX issues_key ON issues (project, stance_fold(key));

CREATE TABLE stances (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  id bigint NOT NULL CHECK (id > 0),
  article bigint NOT NULL,
  actor bigint NOT NULL,
  issue bigint NOT NULL,
  position text NOT NULL CHECK (position IN ('support', 'oppose', 'neutral', 'mixed')),
  ev_start integer NOT NULL CHECK (ev_start >= 0),
  ev_end integer NOT NULL CHECK (ev_end >= ev_start),
  ev_text text NOT NULL,
  rule text,
  confidence real,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  note text NOT NULL,
  created bigint NOT NULL,
  modified bigint NOT NULL,
  bulk text,
  coder bigint,
  created_by bigint,
  modified_by bigint,
  edited boolean NOT NULL,
  adopted_from bigint,
  analyzer text,
  codebook text,
  rev bigint NOT NULL,
  PRIMARY KEY (project, id),
  CHECK ((rule IS NULL) = (confidence IS NULL)),
  FOREIGN KEY (project, article) REFERENCES articles (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, actor) REFERENCES actors (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, issue) REFERENCES issues (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, coder) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, created_by) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, modified_by) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, adopted_from) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX stances_article ON stances (project, article);

-- Evidence is the article's text at its char offsets (substr counts
-- characters in a UTF8 database, as the model does).
CREATE FUNCTION stance_check_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  SELECT a.text INTO t FROM articles a WHERE a.project = NEW.project AND a.id = NEW.article;
  IF t IS NULL THEN
    RETURN NEW; -- the foreign key says so at commit
  END IF;
  IF NEW.ev_end > char_length(t) OR substr(t, NEW.ev_start + 1, NEW.ev_end - NEW.ev_start) <> NEW.ev_text THEN
    RAISE EXCEPTION 'the evidence of stance % is not the article''s text at %..%', NEW.id, NEW.ev_start, NEW.ev_end
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stances_evidence BEFORE INSERT OR UPDATE OF article, ev_start, ev_end, ev_text ON stances
  FOR EACH ROW EXECUTE FUNCTION stance_check_evidence();

CREATE TABLE done_marks (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  article bigint NOT NULL,
  coder bigint NOT NULL,
  rev bigint NOT NULL,
  PRIMARY KEY (project, article, coder),
  FOREIGN KEY (project, article) REFERENCES articles (project, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (project, coder) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE samples (
  project bigint PRIMARY KEY REFERENCES projects ON DELETE CASCADE,
  blind boolean NOT NULL,
  drawn text NOT NULL,
  rev bigint NOT NULL
);
CREATE TABLE sample_articles (
  project bigint NOT NULL REFERENCES samples ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  article bigint NOT NULL,
  PRIMARY KEY (project, article),
  FOREIGN KEY (project, article) REFERENCES articles (project, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE sample_coders (
  project bigint NOT NULL REFERENCES samples ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  coder bigint NOT NULL,
  PRIMARY KEY (project, coder),
  FOREIGN KEY (project, coder) REFERENCES coders (project, id) DEFERRABLE INITIALLY DEFERRED
);

-- What each revision touched: clients catch up from it, and undo asks it
-- whether someone else changed an entity since.
CREATE TABLE changes (
  project bigint NOT NULL REFERENCES projects ON DELETE CASCADE,
  rev bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('article', 'actor', 'issue', 'stance', 'coder', 'done', 'sample', 'project')),
  id bigint NOT NULL,
  id2 bigint NOT NULL DEFAULT 0,
  session text NOT NULL,
  -- The session's own count of its commands, so that after a connection
  -- lost during COMMIT it can ask whether that command made it.
  op bigint NOT NULL DEFAULT 0
);
CREATE INDEX changes_since ON changes (project, rev);
CREATE INDEX changes_session ON changes (project, session, op);

-- Who may do what: the access of the logged-in role in a project, read
-- past the policies (SECURITY DEFINER) so the policies can ask it.
CREATE FUNCTION stance_access(p bigint) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  AS $$ SELECT access FROM members WHERE project = p AND role = session_user $$;
CREATE FUNCTION stance_coder(p bigint) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  AS $$ SELECT coder FROM members WHERE project = p AND role = session_user $$;
CREATE FUNCTION stance_unclaimed(p bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  AS $$ SELECT NOT EXISTS (SELECT 1 FROM members WHERE project = p) $$;

ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;
CREATE POLICY read ON projects FOR SELECT USING (stance_access(id) IS NOT NULL OR stance_unclaimed(id));
CREATE POLICY anyone_creates ON projects FOR INSERT WITH CHECK (true);
CREATE POLICY write ON projects FOR UPDATE USING (stance_access(id) IN ('admin', 'adjudicator', 'coder'));
CREATE POLICY remove ON projects FOR DELETE USING (stance_access(id) = 'admin');

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY read ON members FOR SELECT USING (stance_access(project) IS NOT NULL);
CREATE POLICY admin ON members FOR ALL
  USING (stance_access(project) = 'admin')
  WITH CHECK (stance_access(project) = 'admin' OR stance_unclaimed(project));

DO $$
DECLARE
  t text;
  -- Who may write each table, beyond reading it as a member.
  writers text[][] := ARRAY[
    ['coders', 'admin,adjudicator,coder'],
    ['articles', 'admin,adjudicator'],
    ['actors', 'admin,adjudicator,coder'],
    ['issues', 'admin,adjudicator'],
    ['samples', 'admin,adjudicator'],
    ['sample_articles', 'admin,adjudicator'],
    ['sample_coders', 'admin,adjudicator'],
    ['changes', 'admin,adjudicator,coder']
  ];
  i int;
BEGIN
  FOR i IN 1 .. array_length(writers, 1) LOOP
    t := writers[i][1];
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read ON %I FOR SELECT USING (stance_access(project) IS NOT NULL)', t);
    EXECUTE format('CREATE POLICY write ON %I FOR ALL USING (stance_access(project) = ANY (%L::text[])) '
                   'WITH CHECK (stance_access(project) = ANY (%L::text[]))',
                   t, '{' || writers[i][2] || '}', '{' || writers[i][2] || '}');
  END LOOP;
END $$;

-- Stances and done marks: a coder writes only their own layer (and
-- undecided suggestions, which are nobody's); admins and adjudicators all.
ALTER TABLE stances ENABLE ROW LEVEL SECURITY;
ALTER TABLE stances FORCE ROW LEVEL SECURITY;
CREATE POLICY read ON stances FOR SELECT USING (stance_access(project) IS NOT NULL);
CREATE POLICY manage ON stances FOR ALL
  USING (stance_access(project) IN ('admin', 'adjudicator'))
  WITH CHECK (stance_access(project) IN ('admin', 'adjudicator'));
CREATE POLICY own ON stances FOR ALL
  USING (stance_access(project) = 'coder' AND (coder IS NULL OR coder = stance_coder(project)))
  WITH CHECK (stance_access(project) = 'coder' AND (coder IS NULL OR coder = stance_coder(project)));

ALTER TABLE done_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE done_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY read ON done_marks FOR SELECT USING (stance_access(project) IS NOT NULL);
CREATE POLICY manage ON done_marks FOR ALL
  USING (stance_access(project) IN ('admin', 'adjudicator'))
  WITH CHECK (stance_access(project) IN ('admin', 'adjudicator'));
CREATE POLICY own ON done_marks FOR ALL
  USING (stance_access(project) = 'coder' AND coder = stance_coder(project))
  WITH CHECK (stance_access(project) = 'coder' AND coder = stance_coder(project));

-- Row-level security is the gate; the grants only let members reach it.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO PUBLIC;
REVOKE INSERT, UPDATE, DELETE ON stance_schema FROM PUBLIC;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO PUBLIC;
"#;

/// Version 2: blind coding in the database. While the reliability sample
/// is blind, a coder assigned to it reads on its articles only the stances
/// of their own layer — not other coders' and not the undecided
/// suggestions — until an adjudicator or admin releases the sample (makes
/// it not blind). Live updates read through the same policy, so they
/// cannot show what it hides.
const V2: &str = r#"
CREATE FUNCTION stance_blind(p bigint, a bigint, layer bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM members m JOIN samples s ON s.project = m.project
      WHERE m.project = p AND m.role = session_user AND m.access = 'coder' AND s.blind
        AND EXISTS (SELECT 1 FROM sample_articles sa WHERE sa.project = p AND sa.article = a)
        AND (NOT EXISTS (SELECT 1 FROM sample_coders sc WHERE sc.project = p)
             OR EXISTS (SELECT 1 FROM sample_coders sc WHERE sc.project = p AND sc.coder = m.coder))
        AND layer IS DISTINCT FROM m.coder)
  $$;

DROP POLICY read ON stances;
CREATE POLICY read ON stances FOR SELECT
  USING (stance_access(project) IS NOT NULL AND NOT stance_blind(project, article, coder));
DROP POLICY own ON stances;
CREATE POLICY own ON stances FOR ALL
  USING (stance_access(project) = 'coder' AND (coder IS NULL OR coder = stance_coder(project))
         AND NOT stance_blind(project, article, coder))
  WITH CHECK (stance_access(project) = 'coder' AND (coder IS NULL OR coder = stance_coder(project)));
"#;
