//! REFI-QDA project export (`.qdpx`, read by MAXQDA, ATLAS.ti, NVivo and
//! QualCoder): a zip holding `project.qde` (XML valid against the REFI-QDA
//! Project schema, `urn:QDA-XML:project:1.0`) and `sources/GUID.txt`, each
//! article's text as UTF-8.
//!
//! - **Codes**: one code per issue (its label; the description starts with
//!   `issue: KEY`) with a child code per position (`support`, `oppose`,
//!   `neutral`, `mixed`), and an `Actors` code with one child per actor
//!   (colour, and `kind:` / `aliases:` / `affiliation:` lines in its
//!   description). Actors are codes, not cases: a case belongs to whole
//!   sources, a code to a selection, so only codes keep which actor took
//!   which stance through a round trip.
//! - **Selections**: each accepted stance (of every layer, unless a layer is
//!   chosen) is one `PlainTextSelection` over its evidence, in Unicode code
//!   points (the app's char offsets), with two `Coding`s (the position code
//!   and the actor code). `creatingUser` is the stance's coder (coders are
//!   the `<Users>`), `modifyingUser` its last editor; the note is the
//!   selection's `<Description>`.
//! - **GUIDs** are derived from the workspace's creation time and the
//!   entity's kind and id (a 128-bit hash laid out as a version-5 UUID), so
//!   a re-export gives the same GUIDs, and two exports of one workspace are
//!   byte-identical (the zip's entries carry a fixed date).

use super::filter::Filter;
use super::gexf::xml_safe;
use crate::model::{Position, Timestamp, Workspace};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The GUID of entity `id` of `kind` in a workspace created at `created`:
/// uppercase hex, 8-4-4-4-12, version and variant bits of a UUID v5.
pub fn guid(created: Timestamp, kind: &str, id: u64) -> String {
    let mut input = Vec::with_capacity(24 + kind.len());
    input.extend_from_slice(b"stance-tracker/qdpx\0");
    input.extend_from_slice(&created.0.to_le_bytes());
    input.extend_from_slice(kind.as_bytes());
    input.push(0);
    input.extend_from_slice(&id.to_le_bytes());
    let mut h = xxhash_rust::xxh3::xxh3_128(&input).to_be_bytes();
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    let hex: String = h.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Colours of the position codes.
fn position_color(p: Position) -> &'static str {
    match p {
        Position::Support => "#2E7D32",
        Position::Oppose => "#C62828",
        Position::Neutral => "#757575",
        Position::Mixed => "#F9A825",
    }
}

/// Name of the parent code of the actors.
pub const ACTORS_CODE: &str = "Actors";

struct Guids {
    created: Timestamp,
}

impl Guids {
    fn of(&self, kind: &str, id: u64) -> String {
        guid(self.created, kind, id)
    }
    fn position(&self, issue: u64, p: Position) -> String {
        self.of(&format!("position:{}", p.as_str()), issue)
    }
}

/// The `.qdpx` bytes of the accepted stances passing `filter` (every
/// layer unless the filter names one).
pub fn qdpx(ws: &Workspace, filter: &Filter) -> io::Result<Vec<u8>> {
    let g = Guids { created: ws.created() };
    let prepared = filter.prepare(ws);
    let mut by_article: BTreeMap<crate::model::ArticleId, Vec<&crate::model::Stance>> = BTreeMap::new();
    for s in ws.stances().filter(|s| s.counts() && prepared.matches(s)) {
        by_article.entry(s.article).or_default().push(s);
    }
    let project = project_qde(ws, &g, &by_article)?;
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("project.qde", options).map_err(io::Error::other)?;
    zip.write_all(&project)?;
    for a in ws.articles() {
        zip.start_file(format!("sources/{}.txt", g.of("article", a.id.0)), options)
            .map_err(io::Error::other)?;
        zip.write_all(a.text.as_bytes())?;
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

type W = Writer<Vec<u8>>;

fn text_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

fn project_qde(
    ws: &Workspace,
    g: &Guids,
    by_article: &BTreeMap<crate::model::ArticleId, Vec<&crate::model::Stance>>,
) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let created = ws.created().to_string();
    let origin = format!("Stance Tracker {}", env!("CARGO_PKG_VERSION"));
    w.create_element("Project")
        .with_attributes([
            ("xmlns", "urn:QDA-XML:project:1.0"),
            ("name", "Stance Tracker workspace"),
            ("origin", origin.as_str()),
            ("creationDateTime", created.as_str()),
        ])
        .write_inner_content(|w| {
            if ws.coders().len() > 0 {
                w.create_element("Users").write_inner_content(|w| {
                    for c in ws.coders() {
                        let guid = g.of("coder", c.id.0);
                        let name = xml_safe(&c.name);
                        w.create_element("User")
                            .with_attributes([("guid", guid.as_str()), ("name", name.as_ref())])
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            w.create_element("CodeBook").write_inner_content(|w| {
                w.create_element("Codes").write_inner_content(|w| codes(w, ws, g))?;
                Ok(())
            })?;
            if ws.articles().len() > 0 {
                w.create_element("Sources").write_inner_content(|w| {
                    for a in ws.articles() {
                        let stances = by_article.get(&a.id).map_or(&[][..], Vec::as_slice);
                        source(w, ws, g, a, stances)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn codes(w: &mut W, ws: &Workspace, g: &Guids) -> io::Result<()> {
    for issue in ws.issues() {
        let guid = g.of("issue", issue.id.0);
        let name = xml_safe(&issue.label);
        w.create_element("Code")
            .with_attributes([("guid", guid.as_str()), ("name", name.as_ref()), ("isCodable", "true")])
            .write_inner_content(|w| {
                let mut description = format!("issue: {}", issue.key);
                if !issue.description.is_empty() {
                    description.push('\n');
                    description.push_str(&issue.description);
                }
                text_element(w, "Description", &description)?;
                for p in Position::ALL {
                    let guid = g.position(issue.id.0, p);
                    let means = match p {
                        Position::Support => issue.support_means.as_str(),
                        Position::Oppose => issue.oppose_means.as_str(),
                        _ => "",
                    };
                    let el = w.create_element("Code").with_attributes([
                        ("guid", guid.as_str()),
                        ("name", p.as_str()),
                        ("isCodable", "true"),
                        ("color", position_color(p)),
                    ]);
                    if means.is_empty() {
                        el.write_empty()?;
                    } else {
                        el.write_inner_content(|w| text_element(w, "Description", means))?;
                    }
                }
                Ok(())
            })?;
    }
    let guid = g.of("actors", 0);
    w.create_element("Code")
        .with_attributes([("guid", guid.as_str()), ("name", ACTORS_CODE), ("isCodable", "false")])
        .write_inner_content(|w| {
            text_element(w, "Description", "The actors who take the stances.")?;
            for a in ws.actors() {
                let guid = g.of("actor", a.id.0);
                let name = xml_safe(&a.name);
                let color = format!("#{:02X}{:02X}{:02X}", a.color[0], a.color[1], a.color[2]);
                let mut description = format!("kind: {}", a.kind.as_str());
                if !a.aliases.is_empty() {
                    description.push_str(&format!("\naliases: {}", a.aliases.join("; ")));
                }
                if let Some(aff) = a.affiliation.and_then(|id| ws.actor(id)) {
                    description.push_str(&format!("\naffiliation: {}", aff.name));
                }
                w.create_element("Code")
                    .with_attributes([
                        ("guid", guid.as_str()),
                        ("name", name.as_ref()),
                        ("isCodable", "true"),
                        ("color", color.as_str()),
                    ])
                    .write_inner_content(|w| text_element(w, "Description", &description))?;
            }
            Ok(())
        })?;
    Ok(())
}

fn source(
    w: &mut W,
    ws: &Workspace,
    g: &Guids,
    a: &crate::model::Article,
    stances: &[&crate::model::Stance],
) -> io::Result<()> {
    let guid = g.of("article", a.id.0);
    let path = format!("internal://{guid}.txt");
    let name = xml_safe(&a.title);
    let imported = a.imported_at.to_string();
    w.create_element("TextSource")
        .with_attributes([
            ("guid", guid.as_str()),
            ("name", name.as_ref()),
            ("plainTextPath", path.as_str()),
            ("creationDateTime", imported.as_str()),
        ])
        .write_inner_content(|w| {
            let mut description = Vec::new();
            if let Some(d) = a.date {
                description.push(format!("date: {d}"));
            }
            if !a.source.is_empty() {
                description.push(format!("source: {}", a.source));
            }
            for (k, v) in &a.meta {
                description.push(format!("{k}: {v}"));
            }
            if !description.is_empty() {
                text_element(w, "Description", &description.join("\n"))?;
            }
            for s in stances {
                selection(w, ws, g, s)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn selection(w: &mut W, ws: &Workspace, g: &Guids, s: &crate::model::Stance) -> io::Result<()> {
    let guid = g.of("stance", s.id.0);
    let actor = ws.actor(s.actor).map_or("", |a| a.name.as_str());
    let issue = ws.issue(s.issue).map_or("", |i| i.key.as_str());
    let name = xml_safe(&format!("{actor}: {issue} {}", s.position.as_str())).into_owned();
    let (start, end) = (s.evidence.start.to_string(), s.evidence.end.to_string());
    let (created, modified) = (s.created.to_string(), s.modified.to_string());
    let user = s.by.coder.or(s.by.created_by).map(|c| g.of("coder", c.0));
    let modifier = s.by.modified_by.map(|c| g.of("coder", c.0));
    let mut attrs: Vec<(&str, &str)> = vec![
        ("guid", &guid),
        ("name", &name),
        ("startPosition", &start),
        ("endPosition", &end),
    ];
    if let Some(u) = &user {
        attrs.push(("creatingUser", u));
    }
    attrs.push(("creationDateTime", &created));
    if let Some(m) = &modifier {
        attrs.push(("modifyingUser", m));
    }
    attrs.push(("modifiedDateTime", &modified));
    w.create_element("PlainTextSelection")
        .with_attributes(attrs)
        .write_inner_content(|w| {
            if !s.note.is_empty() {
                text_element(w, "Description", &s.note)?;
            }
            for (kind, target) in [
                ("coding:position", g.position(s.issue.0, s.position)),
                ("coding:actor", g.of("actor", s.actor.0)),
            ] {
                let guid = g.of(kind, s.id.0);
                let mut attrs = vec![("guid", guid.as_str())];
                if let Some(u) = &user {
                    attrs.push(("creatingUser", u));
                }
                attrs.push(("creationDateTime", &created));
                w.create_element("Coding")
                    .with_attributes(attrs)
                    .write_inner_content(|w| {
                        w.create_element("CodeRef")
                            .with_attribute(("targetGUID", target.as_str()))
                            .write_empty()?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_distinct_and_uuid_shaped() {
        let t = Timestamp(1_700_000_000_000);
        let a = guid(t, "actor", 3);
        assert_eq!(a, guid(t, "actor", 3));
        assert_ne!(a, guid(t, "actor", 4));
        assert_ne!(a, guid(t, "issue", 3));
        assert_ne!(a, guid(Timestamp(1), "actor", 3));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(parts[2].starts_with('5'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'A' | b'B'));
    }
}
