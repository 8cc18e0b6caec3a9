//! Opening what still checks out of a damaged workspace, so that a user is
//! never left with nothing. Each article, actor, issue and stance is read on
//! its own; whatever cannot be read, fails its checksum or no longer fits
//! the rest is left out and listed. The result is for reading and for saving
//! under a new name, never for writing over the damaged file.

use super::checksum::{self, Verdict};
use super::error::{StorageError, StorageErrorKind};
use super::migrate;
use crate::model::{
    Actor, Article, ArticleId, Coder, CoderId, FORMAT_TAG, Issue, ReliabilitySample, SCHEMA_VERSION, Stance, Workspace,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// What [`salvage_workspace`] recovered and what it left out.
pub struct Salvaged {
    pub workspace: Workspace,
    /// One line per thing left out, saying why.
    pub left_out: Vec<String>,
    /// Whether the whole file's checksum failed: then even what is kept may
    /// hold a damaged note, position or name (only article texts are checked
    /// one by one).
    pub unverified: bool,
}

impl Salvaged {
    pub fn summary(&self) -> String {
        let ws = &self.workspace;
        let mut s = format!(
            "recovered {} article(s), {} actor(s), {} issue(s) and {} stance(s); {} item(s) left out",
            ws.article_count(),
            ws.actors().count(),
            ws.issues().count(),
            ws.stance_count(),
            self.left_out.len()
        );
        if self.unverified {
            s.push_str("; the file's checksum failed outside the article texts, so check notes, positions and names");
        }
        s
    }
}

/// Reads a damaged workspace leniently. Fails only when not even the JSON
/// structure can be read (then the `.bak` is the way back).
pub fn salvage_workspace(path: &Path) -> Result<Salvaged, StorageError> {
    let bytes = std::fs::read(path).map_err(|e| StorageError::io(path, e))?;
    salvage_bytes(&bytes).map_err(|kind| StorageError::new(path, kind))
}

fn salvage_bytes(bytes: &[u8]) -> Result<Salvaged, StorageErrorKind> {
    let unverified = checksum::check_bytes(bytes) == Verdict::Mismatch;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut doc: Value = serde_json::from_str(&text).map_err(|e| {
        StorageErrorKind::Invalid(format!(
            "not even its structure can be read ({e}); the previous version may be in the .bak file beside it"
        ))
    })?;
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT_TAG) {
        return Err(StorageErrorKind::NotAWorkspace);
    }
    let version = doc
        .get("schema_version")
        .and_then(Value::as_u64)
        .unwrap_or(SCHEMA_VERSION as u64);
    if version > SCHEMA_VERSION as u64 {
        return Err(StorageErrorKind::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < SCHEMA_VERSION as u64 {
        migrate::upgrade(&mut doc, version).map_err(StorageErrorKind::Invalid)?;
    }
    let mut s = Salvage {
        ws: Workspace::empty(),
        left_out: Vec::new(),
        ids: HashSet::new(),
    };
    if let Some(t) = doc.get("created").and_then(|v| serde_json::from_value(v.clone()).ok()) {
        s.ws.created = t;
    }
    s.articles(take_list(&mut doc, "articles"));
    s.actors(take_list(&mut doc, "actors"));
    s.issues(take_list(&mut doc, "issues"));
    s.coders(take_list(&mut doc, "coders"));
    s.stances(take_list(&mut doc, "stances"));
    s.done(take_list(&mut doc, "done"));
    if let Some(v) = doc.get("codebook_version").and_then(Value::as_str) {
        s.ws.codebook_version = v.to_owned();
    }
    if let Some(v) = doc.get_mut("sample").map(Value::take) {
        s.sample(v);
    }
    let next = doc.get("next_id").and_then(Value::as_u64).unwrap_or(0);
    let max = s.ids.iter().copied().max().unwrap_or(0);
    s.ws.next_id = next.clamp(max + 1, super::open::MAX_ID);
    s.ws.rebuild_indexes();
    Ok(Salvaged {
        workspace: s.ws,
        left_out: s.left_out,
        unverified,
    })
}

fn take_list(doc: &mut Value, name: &str) -> Vec<Value> {
    match doc.get_mut(name).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

struct Salvage {
    ws: Workspace,
    left_out: Vec<String>,
    ids: HashSet<u64>,
}

impl Salvage {
    /// Reads one item, or notes why it is left out.
    fn read<T: DeserializeOwned>(&mut self, what: &str, i: usize, v: Value) -> Option<T> {
        let label = describe(what, i, &v);
        match serde_json::from_value::<T>(v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.left_out.push(format!("{label}: it cannot be read ({e})"));
                None
            }
        }
    }

    /// Ids are unique across kinds and within range, or the item goes.
    fn fresh_id(&mut self, label: impl FnOnce() -> String, id: u64) -> bool {
        if id == 0 || id > super::open::MAX_ID || !self.ids.insert(id) {
            self.left_out
                .push(format!("{}: its id {id} is out of range or taken", label()));
            return false;
        }
        true
    }

    fn articles(&mut self, items: Vec<Value>) {
        let mut hashes = HashSet::new();
        for (i, v) in items.into_iter().enumerate() {
            let Some(mut a) = self.read::<Article>("article", i, v) else {
                continue;
            };
            let intact = a.rebuild();
            let label = || format!("article {} \"{}\"", a.id.0, a.title);
            if !intact {
                self.left_out
                    .push(format!("{}: its text no longer matches its checksum", label()));
                continue;
            }
            if !hashes.insert(a.hash.clone()) {
                self.left_out
                    .push(format!("{}: the same text as an earlier article", label()));
                continue;
            }
            if !self.fresh_id(label, a.id.0) {
                continue;
            }
            self.ws.articles.insert(a.id, a);
        }
    }

    fn actors(&mut self, items: Vec<Value>) {
        let mut names = HashSet::new();
        for (i, v) in items.into_iter().enumerate() {
            let Some(a) = self.read::<Actor>("actor", i, v) else {
                continue;
            };
            let label = || format!("actor {} \"{}\"", a.id.0, a.name);
            if !names.insert(a.name.to_lowercase()) {
                self.left_out.push(format!("{}: a second actor of that name", label()));
                continue;
            }
            if self.fresh_id(label, a.id.0) {
                self.ws.actors.insert(a.id, a);
            }
        }
        // Affiliations that point nowhere or round in a circle are dropped,
        // the actors kept.
        let ids: Vec<_> = self.ws.actors.keys().copied().collect();
        for id in ids {
            let actor = self.ws.actors[&id].clone();
            let Some(aff) = actor.affiliation else { continue };
            let broken = !self.ws.actors.contains_key(&aff) || self.ws.check_affiliation_chain(&actor).is_err();
            if broken {
                self.left_out.push(format!(
                    "the affiliation of actor {} \"{}\" (actor {}): it is missing or circular",
                    id.0, actor.name, aff.0
                ));
                if let Some(a) = self.ws.actors.get_mut(&id) {
                    a.affiliation = None;
                }
            }
        }
    }

    fn issues(&mut self, items: Vec<Value>) {
        let mut keys = HashSet::new();
        for (i, v) in items.into_iter().enumerate() {
            let Some(issue) = self.read::<Issue>("issue", i, v) else {
                continue;
            };
            let label = || format!("issue {} \"{}\"", issue.id.0, issue.key);
            if !keys.insert(issue.key.to_ascii_lowercase()) {
                self.left_out.push(format!("{}: a second issue with that key", label()));
                continue;
            }
            if self.fresh_id(label, issue.id.0) {
                self.ws.issues.insert(issue.id, issue);
            }
        }
    }

    fn stances(&mut self, items: Vec<Value>) {
        for (i, v) in items.into_iter().enumerate() {
            let Some(s) = self.read::<Stance>("stance", i, v) else {
                continue;
            };
            let label = || format!("stance {}", s.id.0);
            if let Err(e) = self.ws.check_stance(&s) {
                self.left_out.push(format!("{}: {e}", label()));
                continue;
            }
            if self.fresh_id(label, s.id.0) {
                self.ws.stances.insert(s.id, s);
            }
        }
    }
}

impl Salvage {
    fn coders(&mut self, items: Vec<Value>) {
        for (i, v) in items.into_iter().enumerate() {
            let Some(c) = self.read::<Coder>("coder", i, v) else {
                continue;
            };
            let label = || format!("coder {} \"{}\"", c.id.0, c.name);
            if let Err(e) = self.ws.check_coder(&c, true) {
                self.left_out.push(format!("{}: {e}", label()));
                continue;
            }
            if self.fresh_id(label, c.id.0) {
                self.ws.coders.insert(c.id, c);
            }
        }
    }

    /// Done marks of articles and coders that were kept.
    fn done(&mut self, items: Vec<Value>) {
        #[derive(serde::Deserialize)]
        struct Mark {
            article: ArticleId,
            coder: CoderId,
        }
        for (i, v) in items.into_iter().enumerate() {
            let Some(m) = self.read::<Mark>("done mark", i, v) else {
                continue;
            };
            if self.ws.articles.contains_key(&m.article) && self.ws.coders.contains_key(&m.coder) {
                self.ws.done.insert((m.article, m.coder));
            } else {
                self.left_out.push(format!(
                    "done mark of coder {} on article {}: the article or the coder was left out",
                    m.coder.0, m.article.0
                ));
            }
        }
    }

    fn sample(&mut self, v: Value) {
        if v.is_null() {
            return;
        }
        let Some(mut sample) = self.read::<ReliabilitySample>("reliability sample", 0, v) else {
            return;
        };
        let before = sample.articles.len() + sample.coders.len();
        sample.articles.retain(|a| self.ws.articles.contains_key(a));
        sample.coders.retain(|c| self.ws.coders.contains_key(c));
        if sample.articles.len() + sample.coders.len() < before {
            self.left_out
                .push("the reliability sample: articles or coders of it were left out".into());
        }
        self.ws.sample = Some(sample);
    }
}

/// "article 12 \"Title\"" from whatever of the raw item is readable.
fn describe(what: &str, i: usize, v: &Value) -> String {
    let id = v.get("id").and_then(Value::as_u64);
    let name = ["title", "name", "key"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str));
    match (id, name) {
        (Some(id), Some(n)) => format!("{what} {id} \"{n}\""),
        (Some(id), None) => format!("{what} {id}"),
        _ => format!("{what} number {} in the file", i + 1),
    }
}
