//! Exporting to a DNA 3 (Discourse Network Analyzer) database, which DNA
//! and rDNA open: its tables as DNA creates them (`dna/src/main/java/sql/
//! Sql.java`, `createTables`, SQLite branch), with our articles as
//! documents, our coders as coders, our actors as entities of the `person`
//! and `organization` variables, issues as `concept`s and the accepted
//! stances of one layer as statements of the type "DNA Statement".
//!
//! DNA is Java: a statement's `Start` and `Stop` count UTF-16 code units of
//! the document text, so our char offsets are converted; the import
//! (`crate::import::dna`) maps them back to the same evidence.
//!
//! Support is agreement 1 and oppose 0; neutral and mixed stances have no
//! place in DNA's boolean and are left out, counted in [`DnaExportSummary`].

use super::filter::Filter;
use crate::model::{Actor, ActorKind, Article, CoderId, Position, Workspace, meta};
use crate::storage::{OutputKind, StorageError, StorageErrorKind};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// The DNA version written to SETTINGS (DNA reads a version starting with
/// `2` as a DNA 2 database; anything else as DNA 3).
pub const DNA_VERSION: &str = "3.1.1";
/// The release date DNA writes next to its version.
const DNA_DATE: &str = "2026-06-27";
/// Every coder's password in the exported database (DNA asks for one when
/// it opens a database; change it in DNA's coder manager).
pub const PASSWORD: &str = "dna";
/// The coder created when the workspace has none (DNA needs one to open).
pub const DEFAULT_CODER: &str = "Admin";

/// DNA's TEXT columns with `CHECK (LENGTH(x) < 191)`.
const MAX_CHARS: usize = 190;

/// The variable ids of the default statement type, as DNA numbers them.
const PERSON: i64 = 1;
const ORGANIZATION: i64 = 2;
const CONCEPT: i64 = 3;
const AGREEMENT: i64 = 4;
const STATEMENT_TYPE: i64 = 1;

/// DNA 3's tables, as its `createTables` makes them for SQLite.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS CODERS(
 ID INTEGER NOT NULL PRIMARY KEY,
 Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
 Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255),
 Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255),
 Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255),
 Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0,
 FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14,
 Password TEXT NOT NULL CHECK (LENGTH(Password) < 191),
 PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300,
 ColorByCoder INTEGER NOT NULL CHECK (ColorByCoder BETWEEN 0 AND 1) DEFAULT 0,
 PopupDecoration INTEGER NOT NULL CHECK (PopupDecoration BETWEEN 0 AND 1) DEFAULT 0,
 PopupAutoComplete INTEGER NOT NULL CHECK (PopupAutoComplete BETWEEN 0 AND 1) DEFAULT 1,
 PermissionAddDocuments INTEGER NOT NULL CHECK (PermissionAddDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditDocuments INTEGER NOT NULL CHECK (PermissionEditDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionDeleteDocuments INTEGER NOT NULL CHECK (PermissionDeleteDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionImportDocuments INTEGER NOT NULL CHECK (PermissionImportDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionAddStatements INTEGER NOT NULL CHECK (PermissionAddStatements BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditStatements INTEGER NOT NULL CHECK (PermissionEditStatements BETWEEN 0 AND 1) DEFAULT 1,
 PermissionDeleteStatements INTEGER NOT NULL CHECK (PermissionDeleteStatements BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditAttributes INTEGER NOT NULL CHECK (PermissionEditAttributes BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditRegex INTEGER NOT NULL CHECK (PermissionEditRegex BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditStatementTypes INTEGER NOT NULL CHECK (PermissionEditStatementTypes BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditCoders INTEGER NOT NULL CHECK (PermissionEditCoders BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditCoderRelations INTEGER NOT NULL CHECK (PermissionEditCoderRelations BETWEEN 0 AND 1) DEFAULT 1,
 PermissionViewOthersDocuments INTEGER NOT NULL CHECK (PermissionViewOthersDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditOthersDocuments INTEGER NOT NULL CHECK (PermissionEditOthersDocuments BETWEEN 0 AND 1) DEFAULT 1,
 PermissionViewOthersStatements INTEGER NOT NULL CHECK (PermissionViewOthersStatements BETWEEN 0 AND 1) DEFAULT 1,
 PermissionEditOthersStatements INTEGER NOT NULL CHECK (PermissionEditOthersStatements BETWEEN 0 AND 1) DEFAULT 1);
CREATE TABLE IF NOT EXISTS DOCUMENTS(
 ID INTEGER NOT NULL PRIMARY KEY,
 Title TEXT NOT NULL CHECK (LENGTH(Title) < 191),
 Text TEXT NOT NULL,
 Coder INTEGER,
 Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191),
 Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191),
 Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191),
 Notes TEXT NOT NULL DEFAULT '',
 Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191),
 Date INTEGER NOT NULL,
 FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS STATEMENTTYPES(
 ID INTEGER NOT NULL PRIMARY KEY,
 Label TEXT NOT NULL CHECK (LENGTH(Label) < 191),
 Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255),
 Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255),
 Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE IF NOT EXISTS VARIABLES(
 ID INTEGER NOT NULL PRIMARY KEY,
 Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191),
 DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text',
 StatementTypeId INTEGER,
 FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
 UNIQUE (Variable, StatementTypeId));
CREATE TABLE IF NOT EXISTS VARIABLELINKS(
 ID INTEGER NOT NULL PRIMARY KEY,
 SourceVariableId INTEGER,
 TargetVariableId INTEGER,
 CHECK (TargetVariableId != SourceVariableId),
 FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS REGEXES(
 Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191),
 Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255),
 Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255),
 Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE IF NOT EXISTS CODERRELATIONS(
 ID INTEGER NOT NULL PRIMARY KEY,
 Coder INTEGER CHECK(Coder > 0),
 OtherCoder INTEGER CHECK(OtherCoder > 0),
 viewStatements INTEGER NOT NULL DEFAULT 1 CHECK(viewStatements BETWEEN 0 AND 1),
 editStatements INTEGER NOT NULL DEFAULT 1 CHECK(editStatements BETWEEN 0 AND 1),
 viewDocuments INTEGER NOT NULL DEFAULT 1 CHECK(viewDocuments BETWEEN 0 AND 1),
 editDocuments INTEGER NOT NULL DEFAULT 1 CHECK(editDocuments BETWEEN 0 AND 1),
 CHECK (Coder != OtherCoder),
 FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE,
 FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS STATEMENTS(
 ID INTEGER NOT NULL PRIMARY KEY,
 StatementTypeId INTEGER,
 DocumentId INTEGER,
 Start INTEGER NOT NULL CHECK(Start >= 0),
 Stop INTEGER NOT NULL CHECK(Stop >= 0),
 Coder INTEGER,
 CHECK (Start < Stop),
 FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
 FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE,
 FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS DATABOOLEAN(
 ID INTEGER PRIMARY KEY NOT NULL,
 StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL,
 Value INTEGER NOT NULL DEFAULT 1,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATAINTEGER(
 ID INTEGER PRIMARY KEY NOT NULL,
 StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL,
 Value INTEGER NOT NULL DEFAULT 0,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ENTITIES(
 ID INTEGER PRIMARY KEY NOT NULL,
 VariableId INTEGER NOT NULL,
 Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191),
 Red INTEGER CHECK (Red BETWEEN 0 AND 255),
 Green INTEGER CHECK (Green BETWEEN 0 AND 255),
 Blue INTEGER CHECK (Blue BETWEEN 0 AND 255),
 ChildOf INTEGER CHECK(ChildOf > 0),
 UNIQUE (VariableId, Value),
 FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS DATASHORTTEXT(
 ID INTEGER PRIMARY KEY NOT NULL,
 StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL,
 Entity INTEGER NOT NULL,
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATALONGTEXT(
 ID INTEGER PRIMARY KEY NOT NULL,
 StatementId INTEGER NOT NULL,
 VariableId INTEGER NOT NULL,
 Value TEXT DEFAULT '',
 FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE,
 UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ATTRIBUTEVARIABLES(
 ID INTEGER PRIMARY KEY NOT NULL,
 VariableId INTEGER NOT NULL,
 AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191),
 UNIQUE(VariableId, AttributeVariable),
 FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS ATTRIBUTEVALUES(
 ID INTEGER PRIMARY KEY NOT NULL,
 EntityId INTEGER NOT NULL,
 AttributeVariableId INTEGER NOT NULL,
 AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191),
 UNIQUE (EntityId, AttributeVariableId),
 FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE,
 FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE);
";

/// The statement types, variables and attribute variables DNA puts in a
/// new database, with the same ids.
const DEFAULTS: &str = "
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, 'DNA Statement', 239, 208, 51);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (1, 'person', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (2, 'organization', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (3, 'concept', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (4, 'agreement', 'boolean', 1);
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (1, 1, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (2, 2, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (3, 3, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (4, 1, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (5, 2, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (6, 3, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (7, 1, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (8, 2, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (9, 3, 'Notes');
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (2, 'NPF Story Element', 100, 200, 190);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (5, 'narrator', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (6, 'victim', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (7, 'villain', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (8, 'plot', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (9, 'hero', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (10, 'policy solution', 'short text', 2);
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (3, 'Annotation', 211, 211, 211);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (11, 'note', 'long text', 3);
";

/// The attribute variables (`Type`, `Alias`, `Notes`) of each short-text
/// variable of the DNA Statement, by their ids in [`DEFAULTS`].
fn attribute_ids(variable: i64) -> [i64; 3] {
    [variable, variable + 3, variable + 6]
}

/// What an export wrote and what it left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnaExportSummary {
    pub documents: usize,
    pub statements: usize,
    pub coders: usize,
    /// Entities of the person and organization variables, and concepts.
    pub persons: usize,
    pub organizations: usize,
    pub concepts: usize,
    /// Accepted stances of the layer with a neutral or mixed position.
    pub neutral: usize,
    pub mixed: usize,
    /// Stances whose evidence is empty or not at its offsets any more.
    pub bad_evidence: usize,
    /// Documents without a date (DNA needs one: written as 1970-01-01).
    pub undated: usize,
    /// Whether the coder [`DEFAULT_CODER`] was made (the workspace has none).
    pub made_coder: bool,
}

impl DnaExportSummary {
    /// One line for the command line.
    pub fn describe(&self) -> String {
        let mut out = format!(
            "{} document(s), {} statement(s), {} coder(s), {} person(s), {} organization(s), {} concept(s)",
            self.documents, self.statements, self.coders, self.persons, self.organizations, self.concepts
        );
        if self.neutral + self.mixed > 0 {
            out.push_str(&format!(
                "; left out {} neutral and {} mixed stance(s) (DNA's agreement is yes or no)",
                self.neutral, self.mixed
            ));
        }
        if self.bad_evidence > 0 {
            out.push_str(&format!(
                "; left out {} stance(s) whose evidence is empty or not at its offsets",
                self.bad_evidence
            ));
        }
        if self.undated > 0 {
            out.push_str(&format!("; {} undated document(s) dated 1970-01-01", self.undated));
        }
        if self.made_coder {
            out.push_str(&format!(
                "; made the coder \"{DEFAULT_CODER}\" (the workspace has none)"
            ));
        }
        out
    }
}

/// At most DNA's 190 chars, cut at a char boundary.
fn fit(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(MAX_CHARS) {
        Some((b, _)) => s[..b].to_owned(),
        None => s.to_owned(),
    }
}

/// Base64 (standard alphabet, padded), as jasypt writes its digests.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `password` as DNA stores it: jasypt's `StrongPasswordEncryptor`, i.e.
/// base64 of the 16-byte salt followed by SHA-256 of salt and the NFC
/// UTF-8 password, digested again 99,999 times.
pub fn jasypt_digest(password: &str, salt: [u8; 16]) -> String {
    let message: String = password.nfc().collect();
    let mut digest: [u8; 32] = Sha256::new()
        .chain_update(salt)
        .chain_update(message.as_bytes())
        .finalize()
        .into();
    for _ in 1..100_000 {
        digest = Sha256::digest(digest).into();
    }
    let mut all = salt.to_vec();
    all.extend_from_slice(&digest);
    base64(&all)
}

/// The salt of a coder's password digest: from the coder's name, so the
/// same workspace always gives the same database, byte for byte (the salt
/// guards nothing here: the password is documented).
fn salt(coder: &str) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(format!("stance-tracker dna export: {coder}").as_bytes()).to_le_bytes()
}

/// Our char offset in `article` as a UTF-16 offset of its text.
fn utf16_at(article: &Article, char_offset: usize) -> Option<usize> {
    let byte = article.char_to_byte(char_offset)?;
    Some(article.text[..byte].encode_utf16().count())
}

/// A DNA date: seconds since the Unix epoch, UTC midnight of the day.
fn seconds(article: &Article) -> i64 {
    article.date.map_or(0, |d| d.to_days() * 86_400)
}

/// Entities of one variable, by value, with their ids.
#[derive(Default)]
struct Entities {
    ids: HashMap<String, i64>,
}

struct Builder<'a> {
    conn: &'a Connection,
    next_entity: i64,
    entities: BTreeMap<i64, Entities>,
}

impl Builder<'_> {
    /// The entity `value` of `variable`, inserted with its colour and
    /// attributes (`Type`, `Alias`, `Notes`) when new.
    fn entity(
        &mut self,
        variable: i64,
        value: &str,
        color: Option<[u8; 3]>,
        attrs: [&str; 3],
    ) -> rusqlite::Result<i64> {
        let value = fit(value);
        if let Some(&id) = self.entities.get(&variable).and_then(|e| e.ids.get(&value)) {
            return Ok(id);
        }
        let id = self.next_entity;
        self.next_entity += 1;
        let [r, g, b] = color.unwrap_or([0, 0, 0]);
        self.conn.execute(
            "INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, variable, value, r, g, b],
        )?;
        if variable != AGREEMENT {
            for (attr, v) in attribute_ids(variable).into_iter().zip(attrs) {
                self.conn.execute(
                    "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?1, ?2, ?3)",
                    params![id, attr, fit(v)],
                )?;
            }
        }
        self.entities.entry(variable).or_default().ids.insert(value, id);
        Ok(id)
    }

    fn actor(&mut self, variable: i64, a: &Actor) -> rusqlite::Result<i64> {
        let aliases = a.aliases.join("; ");
        self.entity(variable, &a.name, Some(a.color), [a.kind.as_str(), &aliases, &a.notes])
    }

    fn count(&self, variable: i64) -> usize {
        self.entities
            .get(&variable)
            .map_or(0, |e| e.ids.keys().filter(|v| !v.is_empty()).count())
    }
}

/// Fills the empty database `conn` with the workspace: the articles whose
/// date passes `filter`, and the accepted stances passing it (one layer:
/// `filter.layer`).
pub fn fill(conn: &Connection, ws: &Workspace, filter: &Filter) -> rusqlite::Result<DnaExportSummary> {
    let mut summary = DnaExportSummary::default();
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(TABLES)?;
    tx.execute_batch(DEFAULTS)?;
    tx.execute(
        "INSERT INTO SETTINGS (Property, Value) VALUES ('version', ?1), ('date', ?2)",
        params![DNA_VERSION, DNA_DATE],
    )?;

    // Coders: the layer's first, so it is coder 1, the one DNA and rDNA
    // open as by default; the rest in the workspace's order.
    let mut coder_order: Vec<&crate::model::Coder> = ws.coders().collect();
    coder_order.sort_by_key(|c| Some(c.id) != filter.layer);
    let mut coders: HashMap<CoderId, i64> = HashMap::new();
    let add_coder = |id: i64, name: &str, [r, g, b]: [u8; 3]| {
        let password = jasypt_digest(PASSWORD, salt(name));
        tx.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, fit(name), r, g, b, password],
        )
    };
    for (i, c) in coder_order.iter().enumerate() {
        let id = i as i64 + 1;
        add_coder(id, &c.name, c.color)?;
        coders.insert(c.id, id);
    }
    if coders.is_empty() {
        add_coder(1, DEFAULT_CODER, [255, 255, 0])?;
        summary.made_coder = true;
    }
    summary.coders = coders.len().max(1);

    let mut b = Builder {
        conn: &tx,
        next_entity: 1,
        entities: BTreeMap::new(),
    };
    // Every short-text variable has its empty entity, which statements
    // without a value there point to, as DNA's own do.
    for variable in [PERSON, ORGANIZATION, CONCEPT] {
        b.entity(variable, "", None, ["", "", ""])?;
    }

    let prepared = filter.prepare(ws);
    let mut doc_id = 0i64;
    let mut statement_id = 0i64;
    for article in ws.articles() {
        if !filter.date_matches(article.date) {
            continue;
        }
        doc_id += 1;
        if article.date.is_none() {
            summary.undated += 1;
        }
        let m = |k: &str| article.meta.get(k).map_or("", String::as_str);
        let source = article.meta.get(meta::OUTLET).unwrap_or(&article.source);
        tx.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) \
             VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                doc_id,
                fit(&article.title),
                &*article.text,
                fit(m(meta::BYLINE)),
                fit(source),
                fit(m(meta::SECTION)),
                m("notes"),
                fit(m("type")),
                seconds(article)
            ],
        )?;
        let mut stances: Vec<_> = ws.stances_of(article.id).filter(|s| prepared.matches(s)).collect();
        stances.sort_by_key(|s| (s.evidence.start, s.evidence.end, s.id));
        for s in stances {
            let agreement = match s.position {
                Position::Support => 1,
                Position::Oppose => 0,
                Position::Neutral => {
                    summary.neutral += 1;
                    continue;
                }
                Position::Mixed => {
                    summary.mixed += 1;
                    continue;
                }
            };
            let span = (s.evidence.start < s.evidence.end
                && article.slice(s.evidence.start, s.evidence.end) == Some(s.evidence.text.as_str()))
            .then(|| utf16_at(article, s.evidence.start).zip(utf16_at(article, s.evidence.end)))
            .flatten();
            let (Some((start, stop)), Some(actor), Some(issue)) = (span, ws.actor(s.actor), ws.issue(s.issue)) else {
                summary.bad_evidence += 1;
                continue;
            };
            let (person, organization) = if actor.kind == ActorKind::Person {
                let org = match actor.affiliation.and_then(|id| ws.actor(id)) {
                    Some(o) => b.actor(ORGANIZATION, o)?,
                    None => b.entity(ORGANIZATION, "", None, ["", "", ""])?,
                };
                (b.actor(PERSON, actor)?, org)
            } else {
                (b.entity(PERSON, "", None, ["", "", ""])?, b.actor(ORGANIZATION, actor)?)
            };
            let concept = b.entity(CONCEPT, &issue.label, None, ["", "", &issue.description])?;
            statement_id += 1;
            let coder = s.by.coder.and_then(|c| coders.get(&c)).copied().unwrap_or(1);
            tx.execute(
                "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![statement_id, STATEMENT_TYPE, doc_id, start as i64, stop as i64, coder],
            )?;
            for (variable, entity) in [(PERSON, person), (ORGANIZATION, organization), (CONCEPT, concept)] {
                tx.execute(
                    "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?1, ?2, ?3)",
                    params![statement_id, variable, entity],
                )?;
            }
            tx.execute(
                "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?1, ?2, ?3)",
                params![statement_id, AGREEMENT, agreement],
            )?;
        }
    }
    summary.documents = doc_id as usize;
    summary.statements = statement_id as usize;
    summary.persons = b.count(PERSON);
    summary.organizations = b.count(ORGANIZATION);
    summary.concepts = b.count(CONCEPT);
    drop(b);
    tx.commit()?;
    Ok(summary)
}

fn sql_error(path: &Path, e: rusqlite::Error) -> StorageError {
    StorageError::new(
        path,
        StorageErrorKind::Io(format!("the DNA database could not be written: {e}")),
    )
}

/// Builds the database at `tmp` (a new file) and closes it, synced.
fn build(ws: &Workspace, filter: &Filter, tmp: &Path, out: &Path) -> Result<DnaExportSummary, StorageError> {
    let _ = fs::remove_file(tmp);
    let conn = Connection::open(tmp).map_err(|e| sql_error(out, e))?;
    let summary = fill(&conn, ws, filter).map_err(|e| sql_error(out, e))?;
    conn.close().map_err(|(_, e)| sql_error(out, e))?;
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| StorageError::io(out, e))?;
    Ok(summary)
}

/// Writes the DNA database of `ws` to `out`: built in a temp file in the
/// target's folder, synced, then renamed over it, so `out` is never half a
/// database. Refused over a workspace file, as every export is (`source`
/// is the workspace being exported). `-` and special files get the bytes.
pub fn export_dna(
    ws: &Workspace,
    filter: &Filter,
    out: &Path,
    source: Option<&Path>,
) -> Result<DnaExportSummary, StorageError> {
    crate::storage::check_export_target(out, source)?;
    if crate::storage::output_kind(out) != OutputKind::Regular {
        let tmp = std::env::temp_dir().join(format!(".stance-tracker-dna-{}.tmp", std::process::id()));
        let result = build(ws, filter, &tmp, out).and_then(|summary| {
            let bytes = fs::read(&tmp).map_err(|e| StorageError::io(out, e))?;
            crate::storage::write_output(out, &bytes).map(|()| summary)
        });
        let _ = fs::remove_file(&tmp);
        return result;
    }
    let path = crate::storage::real_path(out);
    if let Ok(meta) = fs::metadata(&path)
        && !meta.is_file()
    {
        return Err(StorageError::new(
            out,
            StorageErrorKind::Io("this is a folder; choose a file name for the DNA database".into()),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("export.dna");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = build(ws, filter, &tmp, out).and_then(|summary| {
        fs::rename(&tmp, &path).map_err(|e| StorageError::io(out, e))?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(summary)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let _ = fs::remove_file(dir.join(format!(".{name}.tmp-{}-journal", std::process::id())));
    result
}

/// The database's bytes (for a caller that wants bytes, as
/// [`super::export_bytes`] gives): built in a temp file, read, removed.
pub fn dna_bytes(ws: &Workspace, filter: &Filter) -> std::io::Result<Vec<u8>> {
    let tmp = std::env::temp_dir().join(format!(".stance-tracker-dna-bytes-{}.tmp", std::process::id()));
    let result = build(ws, filter, &tmp, &tmp)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|_| fs::read(&tmp));
    let _ = fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_java_does() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_digest_is_salt_then_iterated_sha256() {
        let salt = [7u8; 16];
        let d = jasypt_digest("dna", salt);
        assert_eq!(d.len(), 64);
        assert!(d.starts_with(&base64(&salt)[..20]));
        // Worked out independently (Python's hashlib and base64, jasypt's
        // StandardByteDigester steps: salt + message, 100,000 digests in
        // all, plain salt first).
        assert_eq!(d, "BwcHBwcHBwcHBwcHBwcHBwYzSxu+L9JIFkGGn6YDZIslggnR00YY5lQAXUtjzXr0");
        // The same password and salt give the same digest; another salt another.
        assert_eq!(d, jasypt_digest("dna", salt));
        assert_ne!(d, jasypt_digest("dna", [8u8; 16]));
    }

    #[test]
    fn long_values_are_cut_to_dnas_limit() {
        let long = "é".repeat(300);
        assert_eq!(fit(&long).chars().count(), MAX_CHARS);
        assert_eq!(fit("  short "), "short");
    }
}
