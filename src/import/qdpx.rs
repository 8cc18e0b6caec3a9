//! REFI-QDA projects (`.qdpx`: a zip with `project.qde` and `sources/`),
//! as the app writes them (`report::qdpx`) and as MAXQDA, ATLAS.ti, NVivo
//! or QualCoder do.
//!
//! The loader returns the text sources as articles, like every loader, and
//! the codings beside them ([`Codings`], see `codings.rs`): actors, issues
//! and stances that refer to the articles by their index in the file.
//!
//! Mapping:
//! - a code (at any depth) with children named `support`, `oppose`,
//!   `neutral` or `mixed` is an **issue**, those children its positions;
//!   its key is the description's `issue: KEY` line, else the name in lower
//!   case with hyphens; an issue with that key (or that label) in the
//!   workspace is reused;
//! - the leaves under a code named `Actors` are **actors** (`kind:` and
//!   `aliases:` lines of the description, the code's colour; a group code
//!   between them named like a kind gives the kind); an actor with that
//!   name or alias is reused;
//! - a `PlainTextSelection` coded with a position code and an actor code is
//!   an accepted **stance** over its span (code points), its coder the
//!   selection's `creatingUser` (by the `<Users>` name), its note the
//!   selection's description. A selection with only one of the two, codes
//!   of other kinds, whole-source codings and non-text sources are counted
//!   in the import report's notes, not imported.

use super::codings::{CodedActor, CodedIssue, CodedStance, Codings};
use super::{ImportError, LoadedArticle};
use crate::model::text::normalize_text;
use crate::model::{ActorKind, Date, Position};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};

#[derive(Debug, Default)]
struct Code {
    guid: String,
    name: String,
    description: String,
    color: Option<[u8; 3]>,
    children: Vec<Code>,
}

#[derive(Debug, Default)]
struct Selection {
    start: i64,
    end: i64,
    user: Option<String>,
    description: String,
    codes: Vec<String>,
}

#[derive(Debug, Default)]
struct Source {
    name: String,
    description: String,
    content: Option<String>,
    path: Option<String>,
    selections: Vec<Selection>,
    whole_codings: usize,
}

#[derive(Debug, Default)]
struct Project {
    users: HashMap<String, String>,
    codes: Vec<Code>,
    sources: Vec<Source>,
    other_sources: usize,
}

const MAX_PART: u64 = 512 * 1024 * 1024;

fn bad(what: impl std::fmt::Display) -> ImportError {
    ImportError::Qdpx(format!("not a readable REFI-QDA project: {what}"))
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(e)),
    };
    let mut out = Vec::new();
    part.take(MAX_PART + 1).read_to_end(&mut out).map_err(bad)?;
    if out.len() as u64 > MAX_PART {
        return Err(bad(format!("{name} is over 512 MB")));
    }
    Ok(Some(out))
}

/// The articles and codings of a `.qdpx` file; `notes` gets what could not
/// be mapped.
pub fn parse(bytes: &[u8], notes: &mut Vec<String>) -> Result<(Vec<LoadedArticle>, Codings), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    let qde = read_part(&mut zip, "project.qde")?.ok_or_else(|| bad("it has no project.qde"))?;
    let project = read_project(&qde)?;
    let mut articles = Vec::new();
    let mut texts = Vec::new();
    let mut missing = 0usize;
    for s in &project.sources {
        let raw = match (&s.content, &s.path) {
            (Some(c), _) => Some(c.clone()),
            (None, Some(p)) => match p.strip_prefix("internal://") {
                Some(name) => {
                    read_part(&mut zip, &format!("sources/{name}"))?.map(|b| String::from_utf8_lossy(&b).into_owned())
                }
                None => None,
            },
            _ => None,
        };
        let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
            missing += 1;
            texts.push(None);
            continue;
        };
        let text = normalize_text(raw.clone());
        let (date, source, meta) = described(&s.description);
        let title = s.name.split_whitespace().collect::<Vec<_>>().join(" ");
        articles.push(LoadedArticle {
            title: if title.is_empty() {
                format!("Source {}", articles.len() + 1)
            } else {
                title
            },
            date,
            source,
            text: text.clone(),
            meta,
        });
        texts.push(Some((articles.len() - 1, raw, text)));
    }
    if missing > 0 {
        notes.push(format!(
            "{missing} text source(s) left out: their text is empty, or neither in the file nor at an internal:// path"
        ));
    }
    if project.other_sources > 0 {
        notes.push(format!(
            "{} picture, PDF, audio or video source(s) left out",
            project.other_sources
        ));
    }
    let codings = map_codings(&project, &texts, notes);
    Ok((articles, codings))
}

/// `date:`, `source:` and known metadata lines of a source's description.
fn described(description: &str) -> (Option<Date>, Option<String>, BTreeMap<String, String>) {
    let (mut date, mut source, mut meta) = (None, None, BTreeMap::new());
    for line in description.lines() {
        let Some((k, v)) = line.split_once(": ") else { continue };
        let (k, v) = (k.trim(), v.trim());
        match k {
            "date" => date = Date::parse_iso(v),
            "source" => source = Some(v.to_owned()),
            _ if crate::model::meta::KNOWN.contains(&k) => {
                meta.insert(k.to_owned(), v.to_owned());
            }
            _ => {}
        }
    }
    (date, source, meta)
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn color(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    let h: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_owned(),
        _ => return None,
    };
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Where text goes: the description or content of the element being read.
#[derive(Clone, Copy, PartialEq)]
enum Sink {
    None,
    CodeDescription,
    SourceDescription,
    SourceContent,
    SelectionDescription,
}

fn read_project(xml: &[u8]) -> Result<Project, ImportError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut p = Project::default();
    let mut codes: Vec<Code> = Vec::new();
    let mut source: Option<Source> = None;
    let mut selection: Option<Selection> = None;
    // Element names open, for context (a CodeRef in a Coding of a selection…).
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut sink = Sink::None;
    let mut text = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| bad(format!("XML error near byte {}: {e}", reader.error_position())))?;
        let (e, empty) = match event {
            Event::Eof => break,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Text(t) if sink != Sink::None => {
                text.push_str(&t.xml10_content().map_err(bad)?);
                continue;
            }
            Event::CData(t) if sink != Sink::None => {
                text.push_str(&String::from_utf8_lossy(&t));
                continue;
            }
            Event::GeneralRef(r) if sink != Sink::None => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        let name = r.decode().map_err(bad)?;
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                    }
                    Err(e) => return Err(bad(e)),
                };
                text.push_str(resolved.as_deref().unwrap_or(""));
                continue;
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_vec();
                path.pop();
                let taken = std::mem::take(&mut text);
                match (sink, name.as_slice()) {
                    (Sink::CodeDescription, b"Description") => {
                        if let Some(c) = codes.last_mut() {
                            c.description = taken;
                        }
                    }
                    (Sink::SourceDescription, b"Description") => {
                        if let Some(s) = source.as_mut() {
                            s.description = taken;
                        }
                    }
                    (Sink::SourceContent, b"PlainTextContent") => {
                        if let Some(s) = source.as_mut() {
                            s.content = Some(taken);
                        }
                    }
                    (Sink::SelectionDescription, b"Description") => {
                        if let Some(s) = selection.as_mut() {
                            s.description = taken;
                        }
                    }
                    (_, b"Code") if path.last().is_none_or(|p| p != b"Coding") => close_code(&mut codes, &mut p),
                    (_, b"PlainTextSelection") => {
                        if let (Some(s), Some(src)) = (selection.take(), source.as_mut()) {
                            src.selections.push(s);
                        }
                    }
                    (_, b"TextSource") if path.last().is_some_and(|p| p == b"Sources") => {
                        p.sources.extend(source.take());
                    }
                    _ => {}
                }
                sink = Sink::None;
                continue;
            }
            _ => continue,
        };
        let name = e.local_name().as_ref().to_vec();
        let parent = path.last().map(Vec::as_slice);
        match (name.as_slice(), parent) {
            (b"User", _) => {
                if let Some(guid) = attr(&e, b"guid") {
                    p.users
                        .insert(guid.to_ascii_uppercase(), attr(&e, b"name").unwrap_or_default());
                }
            }
            (b"Code", Some(b"Codes" | b"Code")) => {
                codes.push(Code {
                    guid: attr(&e, b"guid").unwrap_or_default().to_ascii_uppercase(),
                    name: attr(&e, b"name").unwrap_or_default(),
                    color: attr(&e, b"color").as_deref().and_then(color),
                    ..Code::default()
                });
                if empty {
                    close_code(&mut codes, &mut p);
                }
            }
            (b"TextSource", Some(b"Sources")) => {
                source = Some(Source {
                    name: attr(&e, b"name").unwrap_or_default(),
                    path: attr(&e, b"plainTextPath"),
                    ..Source::default()
                });
                if empty {
                    p.sources.extend(source.take());
                }
            }
            (b"PictureSource" | b"PDFSource" | b"AudioSource" | b"VideoSource", Some(b"Sources")) => {
                p.other_sources += 1
            }
            (b"PlainTextSelection", Some(b"TextSource")) if source.is_some() => {
                let pos = |n: &[u8]| attr(&e, n).and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(-1);
                let s = Selection {
                    start: pos(b"startPosition"),
                    end: pos(b"endPosition"),
                    user: attr(&e, b"creatingUser").map(|u| u.to_ascii_uppercase()),
                    ..Selection::default()
                };
                match (empty, source.as_mut()) {
                    (true, Some(src)) => src.selections.push(s),
                    _ => selection = Some(s),
                }
            }
            (b"Coding", Some(b"TextSource")) => {
                if let Some(s) = source.as_mut() {
                    s.whole_codings += 1;
                }
            }
            (b"CodeRef", Some(b"Coding")) if path.len() >= 2 && path[path.len() - 2] == b"PlainTextSelection" => {
                if let (Some(s), Some(guid)) = (selection.as_mut(), attr(&e, b"targetGUID")) {
                    s.codes.push(guid.to_ascii_uppercase());
                }
            }
            (b"Description", Some(b"Code")) if !empty => sink = Sink::CodeDescription,
            (b"Description", Some(b"TextSource")) if !empty => sink = Sink::SourceDescription,
            (b"PlainTextContent", Some(b"TextSource")) if !empty => sink = Sink::SourceContent,
            (b"Description", Some(b"PlainTextSelection")) if !empty => sink = Sink::SelectionDescription,
            _ => {}
        }
        if !empty {
            path.push(name);
        }
    }
    Ok(p)
}

fn close_code(open: &mut Vec<Code>, p: &mut Project) {
    if let Some(code) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(code),
            None => p.codes.push(code),
        }
    }
}

/// What a code GUID stands for.
#[derive(Clone, Copy)]
enum Meaning {
    Position(usize, Position),
    Actor(usize),
}

fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

fn collect_actors(code: &Code, kind: Option<ActorKind>, out: &mut Codings, meaning: &mut HashMap<String, Meaning>) {
    if !code.children.is_empty() {
        let kind = ActorKind::parse(code.name.trim_end_matches('s')).or(kind);
        for c in &code.children {
            collect_actors(c, kind, out, meaning);
        }
        return;
    }
    let mut actor = CodedActor {
        name: code.name.trim().to_owned(),
        kind: kind.unwrap_or_default(),
        aliases: Vec::new(),
        color: code.color,
    };
    for line in code.description.lines() {
        match line.split_once(": ") {
            Some(("kind", k)) => actor.kind = ActorKind::parse(k).unwrap_or(actor.kind),
            Some(("aliases", a)) => {
                actor.aliases = a
                    .split("; ")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            }
            _ => {}
        }
    }
    if actor.name.is_empty() {
        return;
    }
    let i = match out
        .actors
        .iter()
        .position(|a| a.name.to_lowercase() == actor.name.to_lowercase())
    {
        Some(i) => i,
        None => {
            out.actors.push(actor);
            out.actors.len() - 1
        }
    };
    meaning.insert(code.guid.clone(), Meaning::Actor(i));
}

fn collect_issues(code: &Code, out: &mut Codings, meaning: &mut HashMap<String, Meaning>) {
    if code
        .name
        .trim()
        .eq_ignore_ascii_case(super::super::report::qdpx::ACTORS_CODE)
    {
        collect_actors(code, None, out, meaning);
        return;
    }
    let positions: Vec<(&Code, Position)> = code
        .children
        .iter()
        .filter_map(|c| Position::parse(&c.name).map(|p| (c, p)))
        .collect();
    let is_issue = !positions.is_empty();
    if is_issue {
        let mut lines = code.description.lines().peekable();
        let key = match lines.peek().and_then(|l| l.strip_prefix("issue: ")) {
            Some(k) => {
                let k = k.trim().to_owned();
                lines.next();
                k
            }
            None => slug(&code.name),
        };
        let key = if key.is_empty() {
            format!("issue-{}", out.issues.len() + 1)
        } else {
            key
        };
        let description = lines.collect::<Vec<_>>().join("\n");
        // Two codes with one key (the same issue under two parents) are one issue.
        let i = match out.issues.iter().position(|x| x.key.eq_ignore_ascii_case(&key)) {
            Some(i) => i,
            None => {
                let label = code.name.trim();
                let label = if label.is_empty() {
                    key.clone()
                } else {
                    label.to_owned()
                };
                out.issues.push(CodedIssue {
                    key,
                    label,
                    description,
                });
                out.issues.len() - 1
            }
        };
        for (c, p) in positions {
            meaning.insert(c.guid.clone(), Meaning::Position(i, p));
        }
    }
    // An issue's other children, and every child of any other code, are codes in their own right.
    for c in &code.children {
        if !is_issue || Position::parse(&c.name).is_none() {
            collect_issues(c, out, meaning);
        }
    }
}

fn code_names(codes: &[Code], out: &mut HashMap<String, String>) {
    for c in codes {
        out.insert(c.guid.clone(), c.name.clone());
        code_names(&c.children, out);
    }
}

/// A char offset into `raw` as a char offset into its normalised form.
fn remap(raw: &str, text: &str, offset: usize) -> usize {
    if raw.len() == text.len() && raw == text {
        return offset;
    }
    let byte = raw.char_indices().nth(offset).map_or(raw.len(), |(b, _)| b);
    normalize_text(raw[..byte].to_owned()).chars().count()
}

type Texts = [Option<(usize, String, String)>];

fn map_codings(p: &Project, texts: &Texts, notes: &mut Vec<String>) -> Codings {
    let mut out = Codings::default();
    let mut meaning = HashMap::new();
    for c in &p.codes {
        collect_issues(c, &mut out, &mut meaning);
    }
    let mut names = HashMap::new();
    code_names(&p.codes, &mut names);
    let (mut no_actor, mut no_issue, mut out_of_range, mut whole) = (0usize, 0usize, 0usize, 0usize);
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    for (s, text) in p.sources.iter().zip(texts) {
        whole += s.whole_codings;
        let Some((article, raw, normalized)) = text else {
            continue;
        };
        let len = raw.chars().count() as i64;
        for sel in &s.selections {
            let (mut positions, mut actors) = (Vec::new(), Vec::new());
            for guid in &sel.codes {
                match meaning.get(guid) {
                    Some(Meaning::Position(i, p)) => positions.push((*i, *p)),
                    Some(Meaning::Actor(a)) => actors.push(*a),
                    None => {
                        unmapped.insert(names.get(guid).cloned().unwrap_or_else(|| guid.clone()));
                    }
                }
            }
            if positions.is_empty() {
                no_issue += 1;
                continue;
            }
            if actors.is_empty() {
                no_actor += 1;
                continue;
            }
            if !(0 <= sel.start && sel.start < sel.end && sel.end <= len) {
                out_of_range += 1;
                continue;
            }
            let start = remap(raw, normalized, sel.start as usize);
            let end = remap(raw, normalized, sel.end as usize);
            if start >= end {
                // Only a CR of a CRLF, say: nothing left once normalised.
                out_of_range += 1;
                continue;
            }
            for &(issue, position) in &positions {
                for &actor in &actors {
                    out.stances.push(CodedStance {
                        article: *article,
                        actor,
                        issue,
                        position,
                        start,
                        end,
                        coder: sel.user.as_ref().and_then(|u| p.users.get(u)).cloned(),
                        note: sel.description.clone(),
                    });
                }
            }
        }
    }
    if no_issue > 0 {
        notes.push(format!(
            "{no_issue} selection(s) without an issue position code (a code with support/oppose/neutral/mixed children) not imported"
        ));
    }
    if no_actor > 0 {
        notes.push(format!(
            "{no_actor} selection(s) without an actor code (a code under \"Actors\") not imported"
        ));
    }
    if out_of_range > 0 {
        notes.push(format!(
            "{out_of_range} selection(s) outside their source's text not imported"
        ));
    }
    if whole > 0 {
        notes.push(format!("{whole} coding(s) of whole sources not imported"));
    }
    if !unmapped.is_empty() {
        let list: Vec<String> = unmapped.into_iter().collect();
        notes.push(format!("codes not mapped to issues or actors: {}", list.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_files_are_refused_with_a_reason() {
        let mut notes = Vec::new();
        let e = parse(b"not a zip", &mut notes).unwrap_err();
        assert!(e.to_string().starts_with("not a readable REFI-QDA project"), "{e}");
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("project.qde", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"<Project><CodeBook></Project>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(parse(&bytes, &mut notes).is_err());
    }

    #[test]
    fn offsets_follow_normalisation() {
        // "e" + combining acute composes into one char; CRLF becomes LF.
        let raw = "Cafe\u{301}\r\nsays yes";
        let text = normalize_text(raw.to_owned());
        assert_eq!(text, "Café\nsays yes");
        let start = remap(raw, &text, 7);
        assert_eq!(text.chars().skip(start).collect::<String>(), "says yes");
        assert_eq!(slug("Energy  transition (EU)"), "energy-transition-eu");
        assert_eq!(color("#abc"), Some([0xaa, 0xbb, 0xcc]));
    }

    const FRAGMENTS: [&str; 20] = [
        "<Project>",
        "</Project>",
        "<CodeBook><Codes>",
        "</Codes></CodeBook>",
        "<Code guid=\"A\" name=\"X\" isCodable=\"true\">",
        "<Code guid=\"P\" name=\"support\" isCodable=\"true\"/>",
        "<Code guid=\"C\" name=\"Actors\" isCodable=\"false\">",
        "<Code guid=\"D\" name=\"Dania\" isCodable=\"true\"/>",
        "</Code>",
        "<Sources>",
        "</Sources>",
        "<TextSource guid=\"S\" name=\"s\" plainTextPath=\"internal://s.txt\">",
        "<TextSource guid=\"T\" name=\"\"><PlainTextContent>abc \u{1F600} d&amp;f</PlainTextContent>",
        "</TextSource>",
        "<PlainTextSelection guid=\"Q\" startPosition=\"1\" endPosition=\"5\">",
        "<PlainTextSelection guid=\"R\" startPosition=\"0\" endPosition=\"99\"/>",
        "</PlainTextSelection>",
        "<Coding guid=\"G\"><CodeRef targetGUID=\"P\"/></Coding>",
        "<Coding guid=\"H\"><CodeRef targetGUID=\"D\"/></Coding>",
        "<Description>n &amp; m</Description>",
    ];

    proptest::proptest! {
        #[test]
        fn any_project_parses_without_panic_and_spans_fit(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS.to_vec()), 0..40),
            text in "[a-z\u{1F600}e\u{301} \r\n]{0,12}",
        ) {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("project.qde", options).unwrap();
            std::io::Write::write_all(&mut zip, parts.concat().as_bytes()).unwrap();
            zip.start_file("sources/s.txt", options).unwrap();
            std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
            let bytes = zip.finish().unwrap().into_inner();
            let mut notes = Vec::new();
            if let Ok((articles, codings)) = parse(&bytes, &mut notes) {
                for s in &codings.stances {
                    let a = &articles[s.article];
                    proptest::prop_assert!(s.start < s.end && s.end <= a.text.chars().count());
                    proptest::prop_assert!(!a.text.trim().is_empty() && !a.title.is_empty());
                }
            }
        }
    }
}
