//! DNA 3 databases, built here with the tables DNA creates
//! (`dna/src/main/java/sql/Sql.java`, SQLite branch of `createTables`),
//! imported through the library and the binary.

mod common;

use rusqlite::{Connection, params};
use stance_tracker::import::dna::{self, ActorVariable, DnaOptions};
use stance_tracker::import::{ImportReport, Outcome};
use stance_tracker::model::{ActorKind, Date, Document, Position, Stance, Status, Workspace};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// DNA 3's SQLite tables, column for column.
const DNA3_TABLES: &str = "
CREATE TABLE SETTINGS (Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS (
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
    PermissionAddDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionEditDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionDeleteDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionImportDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionAddStatements INTEGER NOT NULL DEFAULT 1,
    PermissionEditStatements INTEGER NOT NULL DEFAULT 1,
    PermissionDeleteStatements INTEGER NOT NULL DEFAULT 1,
    PermissionEditAttributes INTEGER NOT NULL DEFAULT 1,
    PermissionEditRegex INTEGER NOT NULL DEFAULT 1,
    PermissionEditStatementTypes INTEGER NOT NULL DEFAULT 1,
    PermissionEditCoders INTEGER NOT NULL DEFAULT 1,
    PermissionEditCoderRelations INTEGER NOT NULL DEFAULT 1,
    PermissionViewOthersDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionEditOthersDocuments INTEGER NOT NULL DEFAULT 1,
    PermissionViewOthersStatements INTEGER NOT NULL DEFAULT 1,
    PermissionEditOthersStatements INTEGER NOT NULL DEFAULT 1);
CREATE TABLE DOCUMENTS (
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
CREATE TABLE STATEMENTTYPES (
    ID INTEGER NOT NULL PRIMARY KEY,
    Label TEXT NOT NULL CHECK (LENGTH(Label) < 191),
    Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES (
    ID INTEGER NOT NULL PRIMARY KEY,
    Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191),
    DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text',
    StatementTypeId INTEGER,
    FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
    UNIQUE (Variable, StatementTypeId));
CREATE TABLE VARIABLELINKS (
    ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER,
    CHECK (TargetVariableId != SourceVariableId));
CREATE TABLE REGEXES (
    Label TEXT PRIMARY KEY, Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE CODERRELATIONS (
    ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER, OtherCoder INTEGER,
    viewStatements INTEGER NOT NULL DEFAULT 1, editStatements INTEGER NOT NULL DEFAULT 1,
    viewDocuments INTEGER NOT NULL DEFAULT 1, editDocuments INTEGER NOT NULL DEFAULT 1);
CREATE TABLE STATEMENTS (
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
CREATE TABLE DATABOOLEAN (
    ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value INTEGER NOT NULL DEFAULT 1, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER (
    ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value INTEGER NOT NULL DEFAULT 0, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES (
    ID INTEGER PRIMARY KEY NOT NULL,
    VariableId INTEGER NOT NULL,
    Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191),
    Red INTEGER CHECK (Red BETWEEN 0 AND 255),
    Green INTEGER CHECK (Green BETWEEN 0 AND 255),
    Blue INTEGER CHECK (Blue BETWEEN 0 AND 255),
    ChildOf INTEGER CHECK(ChildOf > 0),
    UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT (
    ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT (
    ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
    Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES (
    ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
    AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191),
    UNIQUE(VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES (
    ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, AttributeVariableId INTEGER NOT NULL,
    AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191),
    UNIQUE (EntityId, AttributeVariableId));
";

/// What a new DNA 3 database holds: the Admin coder, the DNA Statement and
/// Annotation types and their variables, the Type/Alias/Notes attributes.
const DNA3_DEFAULTS: &str = "
INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (1, 'Admin', 255, 255, 0, 'x');
INSERT INTO SETTINGS (Property, Value) VALUES ('version', '3.0.11');
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, 'DNA Statement', 239, 208, 51);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (1, 'person', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (2, 'organization', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (3, 'concept', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (4, 'agreement', 'boolean', 1);
INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (2, 'Annotation', 211, 211, 211);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (5, 'note', 'long text', 2);
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (1, 1, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (2, 2, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (3, 3, 'Type');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (4, 1, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (5, 2, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (6, 3, 'Alias');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (7, 1, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (8, 2, 'Notes');
INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (9, 3, 'Notes');
";

const PERSON: i64 = 1;
const ORGANIZATION: i64 = 2;
const CONCEPT: i64 = 3;
const AGREEMENT: i64 = 4;
const NOTE: i64 = 5;

/// A document with what the offsets must survive: characters outside the
/// BMP (two UTF-16 units each), CRLF line ends, curly quotes and a
/// decomposed accent, all before the statements.
const TEXT_1: &str = "😀 Talks resume\r\n“Cafe\u{301} 𝔘” reported: Alice Doe backs the ceasefire plan.\r\n\
    Bob Roe rejects the ceasefire plan, and 𝔘 says sanctions must stay.\r\nEnd.";
const TEXT_2: &str = "Plain text. The Party X supports sanctions relief.";

struct Dna {
    conn: Connection,
}

impl Dna {
    fn create(path: &Path) -> Dna {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(DNA3_TABLES).unwrap();
        conn.execute_batch(DNA3_DEFAULTS).unwrap();
        Dna { conn }
    }

    fn coder(&self, id: i64, name: &str, rgb: [u8; 3]) {
        self.conn
            .execute(
                "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?1, ?2, ?3, ?4, ?5, 'x')",
                params![id, name, rgb[0], rgb[1], rgb[2]],
            )
            .unwrap();
    }

    #[allow(clippy::too_many_arguments)]
    fn document(&self, id: i64, title: &str, text: &str, date: i64, author: &str, source: &str, section: &str) {
        self.conn
            .execute(
                "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) \
                 VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, '', 'newspaper', ?7)",
                params![id, title, text, author, source, section, date],
            )
            .unwrap();
    }

    /// The entity `value` of `variable`, made if new.
    fn entity(&self, variable: i64, value: &str, rgb: Option<[u8; 3]>) -> i64 {
        if let Ok(id) = self.conn.query_row(
            "SELECT ID FROM ENTITIES WHERE VariableId = ?1 AND Value = ?2",
            params![variable, value],
            |r| r.get(0),
        ) {
            return id;
        }
        self.conn
            .execute(
                "INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![variable, value, rgb.map(|c| c[0]), rgb.map(|c| c[1]), rgb.map(|c| c[2])],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    fn attribute(&self, entity: i64, attribute_variable: i64, value: &str) {
        self.conn
            .execute(
                "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?1, ?2, ?3)",
                params![entity, attribute_variable, value],
            )
            .unwrap();
    }

    /// A DNA Statement over `[start, stop)` (UTF-16 units) of `doc`.
    #[allow(clippy::too_many_arguments)]
    fn statement(
        &self,
        doc: i64,
        start: usize,
        stop: usize,
        coder: i64,
        person: &str,
        organization: &str,
        concept: &str,
        agree: bool,
    ) -> i64 {
        self.conn
            .execute(
                "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (1, ?1, ?2, ?3, ?4)",
                params![doc, start as i64, stop as i64, coder],
            )
            .unwrap();
        let id = self.conn.last_insert_rowid();
        for (var, value) in [(PERSON, person), (ORGANIZATION, organization), (CONCEPT, concept)] {
            let e = self.entity(var, value, None);
            self.conn
                .execute(
                    "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?1, ?2, ?3)",
                    params![id, var, e],
                )
                .unwrap();
        }
        self.conn
            .execute(
                "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?1, ?2, ?3)",
                params![id, AGREEMENT, agree as i64],
            )
            .unwrap();
        id
    }

    fn annotation(&self, doc: i64, start: usize, stop: usize, note: &str) {
        self.conn
            .execute(
                "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (2, ?1, ?2, ?3, 1)",
                params![doc, start as i64, stop as i64],
            )
            .unwrap();
        let id = self.conn.last_insert_rowid();
        self.conn
            .execute(
                "INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (?1, ?2, ?3)",
                params![id, NOTE, note],
            )
            .unwrap();
    }
}

/// A document's text as DNA's text pane (a Swing `JTextPane`) holds it,
/// which is where a coder selects a statement: its editor kit reads every
/// `\r\n` and `\r` as `\n`.
fn shown(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// The span DNA stores for a selection of the first `needle` in `text`:
/// UTF-16 code units (Java's `String`) of the text as the pane shows it.
fn span16(text: &str, needle: &str) -> (usize, usize) {
    let (text, needle) = (shown(text), shown(needle));
    let at = text
        .find(&needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let start = text[..at].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

/// The text DNA shows between its offsets, decoded from UTF-16 and
/// normalised as every import must (NFC), independently of the importer.
fn dna_slice(raw: &str, start: usize, stop: usize) -> String {
    let units: Vec<u16> = shown(raw).encode_utf16().collect();
    let s = String::from_utf16(&units[start..stop]).expect("the span is whole characters");
    s.nfc().collect()
}

/// 2024-03-05T23:30:00Z: late enough in the day that a local-time
/// conversion east of UTC would land on the 6th.
const DATE_1: i64 = 1_709_681_400;
/// 1969-12-31T12:00:00Z: before the epoch.
const DATE_2: i64 = -43_200;

/// The standard test project: two documents, two coders, five statements
/// of the standard type, one annotation, and two statements whose spans
/// cannot be mapped.
fn project(path: &Path) -> Vec<(i64, i64, usize, usize)> {
    let dna = Dna::create(path);
    dna.coder(2, "Bea", [10, 20, 30]);
    dna.coder(3, "Never coded", [1, 2, 3]);
    dna.document(
        1,
        "Ceasefire  talks",
        TEXT_1,
        DATE_1,
        "Jane Reporter",
        "The Daily",
        "World",
    );
    dna.document(2, "Relief", TEXT_2, DATE_2, "", "Wire", "");
    let alice = dna.entity(PERSON, "Alice Doe", Some([200, 10, 10]));
    dna.attribute(alice, 4, "A. Doe; the minister");
    dna.attribute(alice, 1, "person");
    dna.attribute(alice, 7, "Foreign minister since 2023");
    let party = dna.entity(ORGANIZATION, "Party X", Some([0, 128, 0]));
    dna.attribute(party, 2, "party");
    let mut out = Vec::new();
    let mut add = |doc: i64, text: &str, needle: &str, coder, person, org, concept, agree| {
        let (s, e) = span16(text, needle);
        let id = dna.statement(doc, s, e, coder, person, org, concept, agree);
        out.push((id, doc, s, e));
    };
    add(
        1,
        TEXT_1,
        "Alice Doe backs the ceasefire plan",
        2,
        "Alice Doe",
        "Party X",
        "Ceasefire plan",
        true,
    );
    add(
        1,
        TEXT_1,
        "Bob Roe rejects the ceasefire plan",
        1,
        "Bob Roe",
        "Party Y",
        "Ceasefire plan",
        false,
    );
    // Over the CRLF, the composed accent and the astral "𝔘".
    add(
        1,
        TEXT_1,
        "Talks resume\r\n“Cafe\u{301} 𝔘”",
        1,
        "Alice Doe",
        "Party X",
        "Ceasefire plan",
        true,
    );
    add(
        1,
        TEXT_1,
        "𝔘 says sanctions must stay",
        2,
        "Alice Doe",
        "Party Z",
        "Sanctions relief",
        false,
    );
    add(
        2,
        TEXT_2,
        "The Party X supports sanctions relief",
        2,
        "Carl Poe",
        "Party X",
        "Sanctions relief",
        true,
    );
    let (s, e) = span16(TEXT_1, "reported");
    dna.annotation(1, s, e, "check the source");
    // Starts between the "e" and its combining accent: not importable.
    let (s, _) = span16(TEXT_1, "\u{301}");
    dna.statement(1, s, s + 3, 2, "Alice Doe", "Party X", "Ceasefire plan", true);
    // Past the end of the text.
    dna.statement(2, 10, 500, 2, "Alice Doe", "Party X", "Ceasefire plan", true);
    out
}

fn import_into(ws: &mut Workspace, path: &Path, actor: ActorVariable) -> ImportReport {
    let (cmd, report) = dna::import(ws, path, &DnaOptions { actor });
    if let Some(cmd) = cmd {
        ws.apply(cmd).expect("the import command applies");
    }
    report
}

fn dna_id(s: &Stance) -> i64 {
    let rest = s
        .note
        .strip_prefix("DNA statement ")
        .expect("the note names the statement");
    rest.split(';').next().unwrap().parse().unwrap()
}

#[test]
fn every_evidence_is_the_document_text_between_dnas_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    let statements = project(&path);
    let mut ws = Workspace::new();
    let report = import_into(&mut ws, &path, ActorVariable::Person);

    assert_eq!(ws.stance_count(), statements.len(), "{report}");
    for s in ws.stances() {
        let &(_, doc, start, stop) = statements.iter().find(|x| x.0 == dna_id(s)).unwrap();
        let raw = if doc == 1 { TEXT_1 } else { TEXT_2 };
        let expected = dna_slice(raw, start, stop);
        assert_eq!(s.evidence.text, expected, "statement {}", dna_id(s));
        let article = ws.article(s.article).unwrap();
        assert_eq!(article.slice(s.evidence.start, s.evidence.end), Some(expected.as_str()));
        assert_eq!(s.status, Status::Accepted);
    }
    // The span over the line break and the accent, exactly.
    let over = ws.stances().find(|s| s.evidence.text.starts_with("Talks")).unwrap();
    assert_eq!(over.evidence.text, "Talks resume\n“Café 𝔘”");
    // The article text is the document's, normalised as every import does.
    let a1 = ws.articles().find(|a| a.title == "Ceasefire talks").unwrap();
    assert_eq!(*a1.text, *TEXT_1.replace("\r\n", "\n").nfc().collect::<String>());
}

#[test]
fn offsets_counting_the_crs_are_recognised() {
    // Written by another tool than DNA's text pane: the offsets count every
    // CR, and the last statement reaches past the text as the pane shows it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.dna");
    let dna = Dna::create(&path);
    let text = "One\r\nTwo\r\nThree\r\n𝔘 we back the end";
    dna.document(1, "Raw", text, DATE_1, "", "", "");
    for needle in ["Two\r\nThree", "we back the end"] {
        let at = text.find(needle).unwrap();
        let start = text[..at].encode_utf16().count();
        dna.statement(
            1,
            start,
            start + needle.encode_utf16().count(),
            1,
            "Ann",
            "",
            "End",
            true,
        );
    }
    // A statement without a person names its organisation instead.
    let (s, e) = span16(text, "Three");
    dna.statement(1, s, e, 1, "", "Party X", "End", true);
    // A document without text is reported; the others still come in.
    dna.document(2, "Blank", " \r\n ", DATE_1, "", "", "");
    drop(dna);
    let mut ws = Workspace::new();
    let report = import_into(&mut ws, &path, ActorVariable::Person);
    assert_eq!(report.failed(), 1, "{report}");
    assert!(
        report.dna[0].problems[0]
            .ends_with("no person (its organization is \"Party X\": `--dna-actor organization` takes that)"),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("raw.dna (document 2): the document has no text"),
        "{report}"
    );
    let mut texts: Vec<&str> = ws.stances().map(|s| s.evidence.text.as_str()).collect();
    texts.sort_unstable();
    assert_eq!(texts, ["Two\nThree", "we back the end"], "{report}");
}

#[test]
fn documents_coders_actors_and_issues_come_across() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    project(&path);
    let mut ws = Workspace::new();
    let report = import_into(&mut ws, &path, ActorVariable::Person);

    // Dates in UTC, author and section as metadata, DNA's source as the outlet.
    let a1 = ws.articles().find(|a| a.title == "Ceasefire talks").unwrap();
    assert_eq!(a1.date, Date::new(2024, 3, 5));
    assert_eq!(a1.meta.get("byline").map(String::as_str), Some("Jane Reporter"));
    assert_eq!(a1.meta.get("section").map(String::as_str), Some("World"));
    assert_eq!(a1.meta.get("outlet").map(String::as_str), Some("The Daily"));
    let a2 = ws.articles().find(|a| a.title == "Relief").unwrap();
    assert_eq!(a2.date, Date::new(1969, 12, 31));
    assert!(!a2.meta.contains_key("byline"));

    // Coders with their colours; the one who coded nothing is not added.
    let bea = ws.coder_by_name("Bea").expect("Bea is a coder");
    assert_eq!(bea.color, [10, 20, 30]);
    assert_eq!(ws.coder_by_name("Admin").unwrap().color, [255, 255, 0]);
    assert!(ws.coder_by_name("Never coded").is_none());
    let alice_stance = ws
        .stances()
        .find(|s| s.evidence.text.starts_with("Alice Doe backs"))
        .unwrap();
    assert_eq!(alice_stance.by.coder, Some(bea.id));
    assert_eq!(alice_stance.position, Position::Support);
    let bob_stance = ws.stances().find(|s| s.evidence.text.starts_with("Bob")).unwrap();
    assert_eq!(bob_stance.position, Position::Oppose);
    assert!(bob_stance.note.contains("organization: Party Y"), "{}", bob_stance.note);

    // Actors: colour, aliases, kind and the rest of the attributes.
    let alice = ws.actor_by_name("Alice Doe").unwrap();
    assert_eq!(alice.color, [200, 10, 10]);
    assert!(alice.color_chosen);
    assert_eq!(alice.aliases, ["A. Doe", "the minister"]);
    assert_eq!(alice.kind, ActorKind::Person);
    assert!(alice.notes.contains("Foreign minister since 2023"), "{}", alice.notes);
    assert_eq!(ws.actor_by_name("the minister").map(|a| a.id), Some(alice.id));
    // Her affiliation: the organisation named most often with her.
    let party = ws.actor_by_name("Party X").unwrap();
    assert_eq!(alice.affiliation, Some(party.id));
    assert_eq!(party.kind, ActorKind::Organization);
    assert_eq!(party.color, [0, 128, 0]);
    assert_eq!(alice_stance.actor, alice.id);

    // Concepts are issues, keyed.
    let issue = ws.issue_by_key("ceasefire-plan").expect("the concept is an issue");
    assert_eq!(issue.label, "Ceasefire plan");
    assert_eq!(alice_stance.issue, issue.id);
    assert!(ws.issue_by_key("sanctions-relief").is_some());

    // Other statement types and unmappable spans are reported, not dropped silently.
    let d = &report.dna[0];
    assert_eq!(d.stances, 5);
    assert_eq!(d.other_types.get("Annotation"), Some(&1));
    assert_eq!(d.problems.len(), 2, "{:?}", d.problems);
    assert!(d.problems.iter().any(|p| p.contains("NFC")), "{:?}", d.problems);
    assert!(d.problems.iter().any(|p| p.contains("outside")), "{:?}", d.problems);
    let printed = report.to_string();
    assert!(printed.contains("\"Annotation\" (1)"), "{printed}");
    assert!(printed.contains("person variable"), "{printed}");
    assert!(
        report.summary().contains("5 stance(s) from DNA (actors: person)"),
        "{}",
        report.summary()
    );
    assert_eq!(report.imported(), 2);
}

#[test]
fn organizations_can_be_the_actors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    project(&path);
    let mut ws = Workspace::new();
    import_into(&mut ws, &path, ActorVariable::Organization);
    let party = ws.actor_by_name("Party X").unwrap();
    assert_eq!(party.kind, ActorKind::Organization);
    assert!(ws.actor_by_name("Alice Doe").is_none());
    let s = ws
        .stances()
        .find(|s| s.evidence.text.starts_with("Alice Doe backs"))
        .unwrap();
    assert_eq!(s.actor, party.id);
    assert!(s.note.contains("person: Alice Doe"), "{}", s.note);
}

#[test]
fn the_database_file_is_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    project(&path);
    let before = std::fs::read(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let listing = |d: &Path| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    let files = listing(dir.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut ws = Workspace::new();
    import_into(&mut ws, &path, ActorVariable::Person);
    assert!(ws.stance_count() > 0);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert_eq!(listing(dir.path()), files, "no journal or lock file was left");
}

#[test]
fn importing_the_same_database_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    project(&path);
    let mut ws = Workspace::new();
    import_into(&mut ws, &path, ActorVariable::Person);
    let (stances, actors, issues) = (ws.stance_count(), ws.actors().len(), ws.issues().len());
    let (cmd, report) = dna::import(&ws, &path, &DnaOptions::default());
    assert!(cmd.is_none(), "{report}");
    assert_eq!(report.dna[0].already_present, stances);
    assert_eq!(report.duplicates(), 2);
    assert_eq!(
        (ws.stance_count(), ws.actors().len(), ws.issues().len()),
        (stances, actors, issues)
    );
}

#[test]
fn the_import_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.dna");
    project(&path);
    let mut doc = Document::new(Workspace::new());
    doc.set_coder(Some("Importer".into()));
    let before = (doc.workspace().article_count(), doc.workspace().actors().len());
    let (cmd, _) = dna::import(doc.workspace(), &path, &DnaOptions::default());
    doc.execute(cmd.unwrap()).unwrap();
    assert_eq!(doc.workspace().stance_count(), 5);
    // The DNA coder's layer, not the importer's.
    let bea = doc.workspace().coder_by_name("Bea").unwrap().id;
    assert!(doc.workspace().stances().any(|s| s.by.coder == Some(bea)));
    doc.undo();
    assert_eq!(doc.workspace().stance_count(), 0);
    assert_eq!(
        (doc.workspace().article_count(), doc.workspace().actors().len()),
        before
    );
}

fn failure(path: &Path) -> String {
    let (cmd, report) = dna::import(&Workspace::new(), path, &DnaOptions::default());
    assert!(cmd.is_none());
    assert_eq!(report.failed(), 1, "{report}");
    match &report.entries[0].outcome {
        Outcome::Failed(why) => {
            assert_eq!(report.entries[0].file, path.display().to_string());
            why.clone()
        }
        other => panic!("not a failure: {other:?}"),
    }
}

#[test]
fn bad_databases_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.dna");
    std::fs::write(&text, "this is not a database at all").unwrap();
    assert!(failure(&text).contains("not an SQLite database"), "{}", failure(&text));

    let empty = dir.path().join("empty.dna");
    std::fs::write(&empty, "").unwrap();
    assert!(failure(&empty).contains("empty"));

    // A DNA 2 database: its version, and no ENTITIES table.
    let old = dir.path().join("old.dna");
    let conn = Connection::open(&old).unwrap();
    conn.execute_batch(
        "CREATE TABLE SETTINGS (Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
         INSERT INTO SETTINGS VALUES ('version', '2.0 beta 25');
         CREATE TABLE DOCUMENTS (ID INTEGER PRIMARY KEY, Title TEXT, Text TEXT, Coder INTEGER, Author TEXT,
             Source TEXT, Section TEXT, Notes TEXT, Type TEXT, Date INTEGER);
         CREATE TABLE CODERPERMISSIONS (ID INTEGER PRIMARY KEY, Coder INTEGER, Type TEXT, Permission INTEGER);
         CREATE TABLE DATASHORTTEXT (ID INTEGER PRIMARY KEY, StatementId INTEGER, VariableId INTEGER,
             StatementTypeId INTEGER, Value TEXT);",
    )
    .unwrap();
    drop(conn);
    let why = failure(&old);
    assert!(why.contains("DNA 2") && why.contains("2.0 beta 25"), "{why}");

    // DNA 3 tables with one missing.
    let partial = dir.path().join("partial.dna");
    let conn = Connection::open(&partial).unwrap();
    conn.execute_batch(DNA3_TABLES).unwrap();
    conn.execute_batch("DROP TABLE STATEMENTS; DROP TABLE DATABOOLEAN;")
        .unwrap();
    drop(conn);
    let why = failure(&partial);
    assert!(why.contains("STATEMENTS") && why.contains("DATABOOLEAN"), "{why}");

    // Another SQLite database.
    let other = dir.path().join("other.dna");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x INTEGER);")
        .unwrap();
    assert!(failure(&other).contains("not a DNA 3 database"));

    assert!(failure(&dir.path().join("missing.dna")).contains("cannot read"));
}

// ---------------------------------------------------------------------------
// Through the binary
// ---------------------------------------------------------------------------

#[test]
fn cli_imports_a_dna_database() {
    let sb = common::Sandbox::new();
    let path = sb.path("project.dna");
    let dna = Dna::create(&path);
    dna.coder(2, "Bea", [10, 20, 30]);
    dna.document(1, "Talks", TEXT_1, DATE_1, "Jane Reporter", "The Daily", "World");
    let (s, e) = span16(TEXT_1, "𝔘 says sanctions must stay");
    dna.statement(1, s, e, 2, "Alice Doe", "Party X", "Sanctions relief", false);
    let (s, e) = span16(TEXT_1, "reported");
    dna.annotation(1, s, e, "check");
    drop(dna);

    let out = sb.run([
        "import",
        "--workspace",
        "w.stance.json",
        "project.dna",
        "--no-suggest",
        "--coder",
        "Importer",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 statement(s) imported"), "{stdout}");
    assert!(stdout.contains("\"Annotation\" (1)"), "{stdout}");
    let ws = stance_tracker::storage::open_workspace(&sb.path("w.stance.json")).unwrap();
    assert_eq!(ws.stance_count(), 1);
    let s = ws.stances().next().unwrap();
    assert_eq!(s.evidence.text, dna_slice(TEXT_1, s_start(), s_stop()));
    assert_eq!(ws.actor(s.actor).unwrap().name, "Alice Doe");
    // The statement stays Bea's work, whoever ran the import.
    let bea = ws.coder_by_name("Bea").unwrap().id;
    assert_eq!(
        (s.by.coder, s.by.created_by, s.by.modified_by),
        (Some(bea), Some(bea), Some(bea))
    );

    // Organisations instead, into a new workspace.
    let out = sb.run([
        "import",
        "--workspace",
        "orgs.stance.json",
        "project.dna",
        "--no-suggest",
        "--dna-actor",
        "organisation",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ws = stance_tracker::storage::open_workspace(&sb.path("orgs.stance.json")).unwrap();
    let s = ws.stances().next().unwrap();
    assert_eq!(ws.actor(s.actor).unwrap().name, "Party X");

    let out = sb.run([
        "import",
        "--workspace",
        "w.stance.json",
        "project.dna",
        "--dna-actor",
        "both",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("person or organization"));
}

fn s_start() -> usize {
    span16(TEXT_1, "𝔘 says sanctions must stay").0
}

fn s_stop() -> usize {
    span16(TEXT_1, "𝔘 says sanctions must stay").1
}

#[test]
fn cli_names_the_file_and_the_problem() {
    let sb = common::Sandbox::new();
    std::fs::write(sb.path("broken.dna"), b"PK\x03\x04 not sqlite").unwrap();
    let out = sb.run(["import", "--workspace", "w.stance.json", "broken.dna"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("failed     broken.dna: not a DNA database: the file is not an SQLite database"),
        "{stdout}"
    );
    assert!(!sb.path("w.stance.json").exists());
}

// ---------------------------------------------------------------------------
// Through the app
// ---------------------------------------------------------------------------

#[test]
fn the_app_imports_a_dna_database_as_one_undo_step() {
    use eframe::egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable as _;
    use stance_tracker::ui::Answer;
    let f = common::Fixture::new();
    let path = f.path("project.dna");
    // Characters the test fonts have: the reader draws the text.
    let dna = Dna::create(&path);
    let text = "Talks\r\n“Cafe\u{301}”: The Party X supports sanctions relief.";
    dna.document(1, "Talks", text, DATE_1, "", "", "");
    dna.document(2, "Relief", TEXT_2, DATE_2, "", "", "");
    for (doc, text) in [(1, text), (2, TEXT_2)] {
        let (s, e) = span16(text, "The Party X supports sanctions relief");
        dna.statement(doc, s, e, 1, "Carl Poe", "Party X", "Sanctions relief", true);
    }
    let (s, e) = span16(text, "Talks");
    dna.annotation(1, s, e, "check");
    drop(dna);
    let mut h = f.harness();
    h.run();
    f.dialogs.push(Answer::Paths(vec![path.clone()]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    // The app asks which variable holds the actors, DNA's default chosen.
    assert!(h.query_by_label("Import a DNA database").is_some());
    h.get_by_label("Import").click();
    h.run();
    h.state_mut().finish_job();
    h.run();
    assert_eq!(h.state().workspace().stance_count(), 2);
    assert_eq!(h.state().workspace().article_count(), 2);
    // The app's coder ("Tester") imported them; they stay the DNA coder's.
    let ws = h.state().workspace();
    assert!(
        ws.stances().all(|s| s
            .by
            .modified_by
            .and_then(|c| ws.coder(c))
            .is_some_and(|c| c.name != "Tester")),
        "DNA statements keep their coder"
    );
    // The summary says which variable the actors came from, and what was left out.
    assert!(h.query_by_label("Import finished").is_some());
    assert_eq!(
        h.query_all_by_label_contains("actors from the person variable").count(),
        1
    );
    assert_eq!(h.query_all_by_label_contains("\"Annotation\" (1)").count(), 1);
    h.get_by_label("OK").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let ws = h.state().workspace();
    assert_eq!((ws.stance_count(), ws.article_count(), ws.actors().len()), (0, 0, 0));

    // Again, with the organisations as the actors.
    f.dialogs.push(Answer::Paths(vec![path]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.get_by_label_contains("Organisations (the organization variable)")
        .click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.state_mut().finish_job();
    h.run();
    let ws = h.state().workspace();
    let names: Vec<&str> = ws.stances().map(|s| ws.actor(s.actor).unwrap().name.as_str()).collect();
    assert_eq!(names, ["Party X", "Party X"]);
    assert_eq!(
        h.query_all_by_label_contains("actors from the organization variable")
            .count(),
        1
    );
}
