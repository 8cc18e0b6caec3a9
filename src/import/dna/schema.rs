//! Opening a DNA 3 database without ever writing to it, and telling a DNA 3
//! database from a DNA 2 one, an unfinished one or another file.

use super::super::ImportError;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

/// The tables and columns the import reads, as DNA 3 creates them
/// (`dna/src/main/java/sql/Sql.java`, `createTables`).
pub(super) const REQUIRED: &[(&str, &[&str])] = &[
    ("CODERS", &["ID", "Name", "Red", "Green", "Blue"]),
    (
        "DOCUMENTS",
        &[
            "ID", "Title", "Text", "Author", "Source", "Section", "Notes", "Type", "Date",
        ],
    ),
    ("STATEMENTTYPES", &["ID", "Label"]),
    ("VARIABLES", &["ID", "Variable", "DataType", "StatementTypeId"]),
    ("ENTITIES", &["ID", "VariableId", "Value", "Red", "Green", "Blue"]),
    ("ATTRIBUTEVARIABLES", &["ID", "VariableId", "AttributeVariable"]),
    (
        "ATTRIBUTEVALUES",
        &["EntityId", "AttributeVariableId", "AttributeValue"],
    ),
    (
        "STATEMENTS",
        &["ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"],
    ),
    ("DATASHORTTEXT", &["StatementId", "VariableId", "Entity"]),
    ("DATABOOLEAN", &["StatementId", "VariableId", "Value"]),
];

fn dna(message: impl Into<String>) -> ImportError {
    ImportError::Dna(message.into())
}

/// An SQLite error while reading, worded for the user.
pub(super) fn sql_error(e: rusqlite::Error) -> ImportError {
    dna(format!("the DNA database cannot be read: {e}"))
}

/// `path` as an SQLite URI (`file:` with the path percent-encoded), so that
/// `?immutable=1` can be added.
fn uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str("?immutable=1");
    out
}

/// Opens the database read-only and immutable: SQLite takes no lock,
/// writes no journal and never touches the file. Refuses, with the reason,
/// anything that is not a DNA 3 database.
pub(super) fn open(path: &Path) -> Result<Connection, ImportError> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| ImportError::Io(format!("cannot read the file: {e}")))?;
    let n = file.read(&mut header).unwrap_or(0);
    if n == 0 {
        return Err(ImportError::Empty);
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(dna(
            "not a DNA database: the file is not an SQLite database (a DNA 3 project is one .dna SQLite file)",
        ));
    }
    drop(file);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(path), flags).map_err(sql_error)?;
    check(&conn)?;
    Ok(conn)
}

/// Upper-cased names of the tables in the database.
fn tables(conn: &Connection) -> Result<HashSet<String>, ImportError> {
    upper_names(conn, "SELECT upper(name) FROM sqlite_master WHERE type = 'table'")
}

/// Upper-cased column names of `table`.
fn columns(conn: &Connection, table: &str) -> Result<HashSet<String>, ImportError> {
    upper_names(conn, &format!("SELECT upper(name) FROM pragma_table_info('{table}')"))
}

/// The names a one-column `query` returns.
fn upper_names(conn: &Connection, query: &str) -> Result<HashSet<String>, ImportError> {
    let mut st = conn.prepare(query).map_err(sql_error)?;
    let names = st
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql_error)?
        .collect::<Result<HashSet<_>, _>>()
        .map_err(sql_error)?;
    Ok(names)
}

/// The DNA version the database names in its settings, if it does.
pub(super) fn version(conn: &Connection) -> Option<String> {
    conn.query_row("SELECT Value FROM SETTINGS WHERE Property = 'version'", [], |r| {
        r.get::<_, String>(0)
    })
    .ok()
}

fn check(conn: &Connection) -> Result<(), ImportError> {
    let tables = tables(conn)?;
    let version = tables.contains("SETTINGS").then(|| version(conn)).flatten();
    let dna2 = version.as_deref().is_some_and(|v| v.trim().starts_with('2'))
        || (!tables.contains("ENTITIES") && (tables.contains("CODERPERMISSIONS") || tables.contains("ATTRIBUTES")));
    if dna2 {
        let v = version.map_or_else(String::new, |v| format!(" (version {v})"));
        return Err(dna(format!(
            "a DNA 2 database{v}: only DNA 3 databases can be imported; open it in DNA 3, which converts it, then import the new file"
        )));
    }
    if tables.is_empty() {
        return Err(dna("not a DNA database: the SQLite file has no tables"));
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !tables.contains(*t))
        .collect();
    if !missing.is_empty() {
        return Err(dna(format!(
            "not a DNA 3 database: table(s) {} missing",
            missing.join(", ")
        )));
    }
    for (table, wanted) in REQUIRED {
        let have = columns(conn, table)?;
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|c| !have.contains(&c.to_ascii_uppercase()))
            .collect();
        if !missing.is_empty() {
            return Err(dna(format!(
                "not a DNA 3 database: table {table} has no column(s) {}",
                missing.join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(
            uri(Path::new("/tmp/my project#1?.dna")),
            "file:/tmp/my%20project%231%3F.dna?immutable=1"
        );
        assert_eq!(uri(Path::new("a/ü.dna")), "file:a/%C3%BC.dna?immutable=1");
    }
}
