use super::checksum::{self, ChecksumReader, Verdict};
use super::error::{Damage, StorageError, StorageErrorKind};
use super::migrate;
use crate::model::{FORMAT_TAG, SCHEMA_VERSION, Workspace};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// Workspaces hold the full text of every article; 4 GiB is far beyond any
/// real project but stops us from reading a wrong multi-terabyte file.
const MAX_WORKSPACE_BYTES: u64 = 4 << 30;

/// Reads and checks a workspace file. Nothing on disk changes, whatever the outcome.
pub fn open_workspace(path: &Path) -> Result<Workspace, StorageError> {
    let meta = std::fs::metadata(path).map_err(|e| StorageError::io(path, e))?;
    if meta.is_dir() {
        return Err(StorageError::new(
            path,
            StorageErrorKind::Io("this is a folder, not a workspace file".into()),
        ));
    }
    if meta.len() > MAX_WORKSPACE_BYTES {
        return Err(StorageError::new(
            path,
            StorageErrorKind::TooLarge {
                size: meta.len(),
                limit: MAX_WORKSPACE_BYTES,
            },
        ));
    }
    stream_workspace(path).map_err(|kind| StorageError::new(path, kind))
}

/// Opens by streaming the file twice (header, then content) instead of holding
/// it in memory next to the workspace it becomes: peak memory stays near the
/// workspace's own size. Anything unusual falls back to the in-memory path,
/// which has the detailed diagnoses.
fn stream_workspace(path: &Path) -> Result<Workspace, StorageErrorKind> {
    use std::io::{BufReader, Read};
    let io = |e: std::io::Error| StorageErrorKind::Io(e.to_string());
    let reader = || -> Result<BufReader<std::fs::File>, StorageErrorKind> {
        Ok(BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(path).map_err(io)?,
        ))
    };
    let mut head = Vec::with_capacity(8192);
    reader()?.take(8192).read_to_end(&mut head).map_err(io)?;
    let head_text_ok = match std::str::from_utf8(&head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(), // cut in the middle of a character
    };
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if head.contains(&0) || !head_text_ok || first != Some(&b'{') || head.starts_with(b"\xEF\xBB\xBF") {
        let bytes = std::fs::read(path).map_err(io)?;
        return parse_workspace(&bytes);
    }
    let header: Header = match serde_json::from_reader(reader()?) {
        Ok(h) => h,
        Err(_) => return parse_workspace(&std::fs::read(path).map_err(io)?),
    };
    if header.version() != Some(SCHEMA_VERSION as u64) || header.format.as_deref() != Some(FORMAT_TAG) {
        return parse_workspace(&std::fs::read(path).map_err(io)?);
    }
    let mut sealed = BufReader::with_capacity(1 << 16, ChecksumReader::new(std::fs::File::open(path).map_err(io)?));
    let mut ws: Workspace = match serde_json::from_reader(&mut sealed) {
        Ok(ws) => ws,
        Err(_) => return parse_workspace(&std::fs::read(path).map_err(io)?),
    };
    let verdict = sealed.into_inner().finish().map_err(io)?;
    ws.set_schema_version(SCHEMA_VERSION);
    validate(&mut ws, verdict)?;
    Ok(ws)
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    /// Any JSON value, so that a string or a fraction is reported as what it is.
    #[serde(default)]
    schema_version: Option<serde_json::Value>,
}

impl Header {
    fn version(&self) -> Option<u64> {
        self.schema_version.as_ref().and_then(serde_json::Value::as_u64)
    }

    /// The schema version, or what is wrong with the field.
    fn checked_version(&self) -> Result<u64, StorageErrorKind> {
        let bad = |what: String| Err(StorageErrorKind::BadSchemaVersion(what));
        match &self.schema_version {
            None => bad("it has no \"schema_version\" field".into()),
            Some(v) => match v.as_u64() {
                Some(n) => Ok(n),
                None => bad(format!("its \"schema_version\" is {}, {}", short_json(v), json_kind(v))),
            },
        }
    }
}

fn short_json(v: &serde_json::Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::String(_) => "a string",
        Value::Number(_) => "not a whole number",
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Parses workspace bytes: syntax, format tag, schema version, then content.
pub fn parse_workspace(bytes: &[u8]) -> Result<Workspace, StorageErrorKind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) || std::str::from_utf8(bytes).is_err() {
        return Err(StorageErrorKind::NotText);
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') {
        // Valid JSON or not, only an object can be a workspace.
        return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Ok(_) => Err(StorageErrorKind::NotAWorkspace),
            Err(e) => Err(json_error(e)),
        };
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| match json_error(e) {
        StorageErrorKind::Invalid(_) => StorageErrorKind::NotAWorkspace,
        other => other,
    })?;
    if header.format.as_deref() != Some(FORMAT_TAG) {
        return Err(StorageErrorKind::NotAWorkspace);
    }
    let version = header.checked_version()?;
    if version > SCHEMA_VERSION as u64 {
        return Err(StorageErrorKind::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let verdict = checksum::check_bytes(bytes);
    // A field that no longer reads (a flipped byte in "support") in a file
    // whose checksum fails is damage, and salvage can still save the rest.
    let typed_error = |e| match (content_error(e), &verdict) {
        (StorageErrorKind::Invalid(_), Verdict::Mismatch) => StorageErrorKind::Damaged(Damage { articles: Vec::new() }),
        (kind, _) => kind,
    };
    let mut ws: Workspace = if version == SCHEMA_VERSION as u64 {
        serde_json::from_slice(bytes).map_err(typed_error)?
    } else {
        let mut doc: serde_json::Value = serde_json::from_slice(bytes).map_err(json_error)?;
        migrate::upgrade(&mut doc, version).map_err(StorageErrorKind::Invalid)?;
        serde_json::from_value(doc).map_err(typed_error)?
    };
    ws.set_schema_version(SCHEMA_VERSION);
    validate(&mut ws, verdict)?;
    Ok(ws)
}

fn json_error(e: serde_json::Error) -> StorageErrorKind {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => StorageErrorKind::Truncated { line: e.line() },
        Category::Syntax => StorageErrorKind::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        },
        Category::Data => StorageErrorKind::Invalid(e.to_string()),
        Category::Io => StorageErrorKind::Io(e.to_string()),
    }
}

/// Errors in the second, typed pass: syntax was already fine, so these are
/// missing or mistyped fields.
fn content_error(e: serde_json::Error) -> StorageErrorKind {
    match e.classify() {
        serde_json::error::Category::Data => StorageErrorKind::Invalid(e.to_string()),
        _ => json_error(e),
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Ids are counted up from 1 and never reused; anything beyond 2^53 (the
/// largest integer JSON readers such as JavaScript keep exactly) is damage,
/// and refusing it keeps `next_id` far from overflowing.
pub(super) const MAX_ID: u64 = 1 << 53;

/// Checks that the file is as it was saved (its checksum and every article's
/// content hash), then every invariant the commands enforce, since files can
/// be edited by hand or by other tools. Derived data is rebuilt.
fn validate(ws: &mut Workspace, verdict: Verdict) -> Result<(), StorageErrorKind> {
    let damaged = rehash_articles(ws);
    if !damaged.is_empty() || verdict == Verdict::Mismatch {
        return Err(StorageErrorKind::Damaged(Damage { articles: damaged }));
    }
    check_invariants(ws).map_err(StorageErrorKind::Invalid)
}

/// Checks a workspace assembled from somewhere other than a file (a
/// server project): every article's content hash and every invariant a
/// file is checked for, with the derived data rebuilt. The error says what
/// does not fit.
pub fn check_workspace(ws: &mut Workspace) -> Result<(), StorageErrorKind> {
    validate(ws, Verdict::Intact)
}

/// Rebuilds each article's char index and content hash, and returns the
/// articles whose stored hash no longer matches their text (an empty stored
/// hash is a file made by another tool: there is nothing to compare).
fn rehash_articles(ws: &mut Workspace) -> Vec<(u64, String)> {
    let mut damaged = Vec::new();
    let ids: Vec<_> = ws.articles.keys().copied().collect();
    for id in ids {
        if let Some(a) = ws.articles.get_mut(&id)
            && !a.rebuild()
        {
            damaged.push((id.0, a.title.clone()));
        }
    }
    damaged
}

/// The invariants of [`validate`] other than the checksums.
fn check_invariants(ws: &mut Workspace) -> Result<(), String> {
    let mut max_id = 0;
    let mut seen = HashSet::new();
    let ids = ws
        .articles
        .keys()
        .map(|k| k.0)
        .chain(ws.actors.keys().map(|k| k.0))
        .chain(ws.issues.keys().map(|k| k.0))
        .chain(ws.stances.keys().map(|k| k.0))
        .chain(ws.coders.keys().map(|k| k.0));
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("id {id} is used by two entities"));
        }
        if id > MAX_ID {
            return Err(format!("id {id} is out of range (ids go up to {MAX_ID})"));
        }
        max_id = max_id.max(id);
    }
    if ws.next_id > MAX_ID {
        return Err(format!(
            "the next id {} is out of range (ids go up to {MAX_ID})",
            ws.next_id
        ));
    }
    if ws.next_id <= max_id {
        ws.next_id = max_id + 1;
    }
    for a in ws.actors.values() {
        if let Some(aff) = a.affiliation
            && !ws.actors.contains_key(&aff)
        {
            return Err(format!(
                "actor \"{}\" is affiliated with actor {aff}, which does not exist",
                a.name
            ));
        }
    }
    // Every affiliation exists (above), so the only way a chain fails is a cycle.
    for a in ws.actors.values() {
        ws.check_affiliation_chain(a)
            .map_err(|_| format!("actor \"{}\" is its own affiliation through a cycle", a.name))?;
    }
    let mut keys = HashSet::new();
    for i in ws.issues.values() {
        if !keys.insert(i.key.to_ascii_lowercase()) {
            return Err(format!("two issues have the key \"{}\"", i.key));
        }
    }
    let mut names = HashSet::new();
    for c in ws.coders.values() {
        if c.name.trim().is_empty() || !names.insert(c.name.trim().to_lowercase()) {
            return Err(format!("coder {}: its name is empty or used twice", c.id));
        }
    }
    if ws.coders.values().filter(|c| c.consensus).count() > 1 {
        return Err("two coders are marked as the consensus layer".into());
    }
    for s in ws.stances.values() {
        ws.check_stance(s).map_err(|e| format!("stance {}: {e}", s.id))?;
    }
    for &(a, c) in ws.done.iter() {
        if !ws.articles.contains_key(&a) || !ws.coders.contains_key(&c) {
            return Err(format!(
                "a done mark names article {a} and coder {c}, one of which does not exist"
            ));
        }
    }
    if let Some(sample) = &ws.sample {
        let a_ok = sample.articles.iter().all(|a| ws.articles.contains_key(a));
        let c_ok = sample.coders.iter().all(|c| ws.coders.contains_key(c));
        if !a_ok || !c_ok {
            return Err("the reliability sample names an article or coder that does not exist".into());
        }
    }
    ws.rebuild_indexes();
    Ok(())
}
