//! Word documents (.docx): a zip whose `word/document.xml` holds the text as
//! WordprocessingML. Paragraphs become lines separated by blank lines, tables
//! become one line per row, deleted revisions are left out. The text is then
//! an article of its own, or a Nexis export to split (see `nexis`).

use super::dates::leading_dateline;
use super::{ImportError, LoadedArticle, tidy_body, title_from_stem};
use crate::model::Date;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Far above any real document (a 1,000-page report is a few MB of XML), so
/// only a zip bomb meets it, and it is met before the memory is spent.
pub const DOCUMENT_XML_LIMIT: u64 = 64 * 1024 * 1024;
/// Styles and properties are small; bigger ones are ignored, not fatal.
const SIDE_PART_LIMIT: u64 = 4 * 1024 * 1024;

const DOCUMENT: &str = "word/document.xml";

/// What a DOCX holds for the importer.
#[derive(Debug, Default, PartialEq)]
pub struct Docx {
    pub paragraphs: Vec<Paragraph>,
    /// `dc:title` of `docProps/core.xml`.
    pub core_title: Option<String>,
    /// `dcterms:created`, an ISO timestamp.
    pub core_created: Option<String>,
}

#[derive(Debug, Default, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// A Title or Heading style, by its id or its name in `styles.xml`.
    pub heading: bool,
}

impl Docx {
    /// The paragraphs as text: one blank line between paragraphs, line
    /// breaks inside them kept.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&p.text);
        }
        out
    }
}

/// One article from a plain document. The title is the first Title or
/// Heading paragraph, else the document's title property, else a headline-like
/// first line, else the file name; the creation date is used only when the
/// text starts with no dateline, since it is when the file was made, not the article.
pub fn article(doc: &Docx, stem: &str) -> LoadedArticle {
    let mut paragraphs: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let first = paragraphs.iter().position(|p| !p.trim().is_empty());
    let heading = doc
        .paragraphs
        .iter()
        .position(|p| p.heading && !p.text.trim().is_empty());
    let headline_like = |p: &str| {
        let p = p.trim();
        !p.contains('\n') && p.chars().count() <= 150 && !p.ends_with(['.', ',', ';', ':'])
    };
    let title = if let Some(h) = heading {
        let t = paragraphs[h].trim().to_owned();
        if Some(h) == first {
            paragraphs.remove(h);
        }
        t
    } else if let Some(t) = doc.core_title.clone() {
        t
    } else if let Some(f) = first.filter(|&f| headline_like(paragraphs[f]) && paragraphs.len() > f + 1) {
        paragraphs.remove(f).trim().to_owned()
    } else {
        title_from_stem(stem)
    };
    let mut text = paragraphs.join("\n\n");
    let trimmed = text.trim_start();
    let date = match leading_dateline(trimmed) {
        Some((d, len)) => {
            text = trimmed[len..].to_owned();
            Some(d)
        }
        None => doc.core_created.as_deref().and_then(|c| Date::parse_iso(c.get(..10)?)),
    };
    LoadedArticle {
        title,
        date,
        source: None,
        text: tidy_body(&text),
        meta: Default::default(),
    }
}

pub fn read(bytes: &[u8]) -> Result<Docx, ImportError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Docx(archive_message(bytes, &e)))?;
    let document = match read_part(&mut zip, DOCUMENT, DOCUMENT_XML_LIMIT) {
        Ok(Some(xml)) => xml,
        Ok(None) => {
            return Err(ImportError::Docx(
                "the file is a zip archive but not a Word document (it has no word/document.xml); \
                 save the document as .docx from Word or LibreOffice"
                    .into(),
            ));
        }
        Err(e) => return Err(ImportError::Docx(e)),
    };
    // Side parts only improve titles, so a damaged one is passed over.
    let styles = read_part(&mut zip, "word/styles.xml", SIDE_PART_LIMIT).ok().flatten();
    let core = read_part(&mut zip, "docProps/core.xml", SIDE_PART_LIMIT).ok().flatten();
    let heading_styles = styles.as_deref().map(heading_style_ids).unwrap_or_default();
    let paragraphs = paragraphs(&document, &heading_styles).map_err(ImportError::Docx)?;
    let (core_title, core_created) = core.as_deref().map(core_properties).unwrap_or_default();
    Ok(Docx {
        paragraphs,
        core_title,
        core_created,
    })
}

fn archive_message(bytes: &[u8], err: &zip::result::ZipError) -> String {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "the file is an old Word .doc (or an encrypted .docx), not a .docx; open it in Word or LibreOffice and save it as .docx (without a password)".into()
    } else if bytes.starts_with(b"PK") {
        format!(
            "the Word document is damaged or cut short ({err}); download or copy it again, or open it in Word and save it again"
        )
    } else {
        "the file is not a Word document (a .docx is a zip archive, this is not one); save it as .docx from Word or LibreOffice".into()
    }
}

/// A part's bytes, `None` if the archive has no such part; an error says
/// what to do about a part that cannot be unpacked or is too big.
fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
    let too_big = || {
        format!(
            "{name} unpacks to more than {} MB, far more than any article (the file may be a zip bomb); \
             if it is a real document, split it into smaller files",
            limit / (1024 * 1024)
        )
    };
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{name} cannot be read ({e}); open the document in Word and save it again"
            ));
        }
    };
    // The declared size can lie, so the reading is capped as well.
    if part.size() > limit {
        return Err(too_big());
    }
    let mut out = Vec::with_capacity(part.size() as usize);
    part.take(limit + 1).read_to_end(&mut out).map_err(|e| {
        format!("the Word document is damaged: {name} cannot be unpacked ({e}); open it in Word and save it again")
    })?;
    if out.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(Some(out))
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn xml_error(pos: u64, e: impl std::fmt::Display) -> String {
    format!(
        "the Word document's text ({DOCUMENT}) is not well-formed XML near byte {pos} ({e}); open it in Word and save it again"
    )
}

/// A table being read: cells are joined by " | ", rows become lines.
#[derive(Default)]
struct Table {
    rows: Vec<String>,
    cells: Vec<String>,
    cell: String,
}

fn push_spaced(to: &mut String, text: &str, sep: &str) {
    if text.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push_str(sep);
    }
    to.push_str(text);
}

fn paragraphs(xml: &[u8], heading_styles: &[String]) -> Result<Vec<Paragraph>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<Paragraph> = Vec::new();
    // Open paragraphs: a text box puts paragraphs inside a paragraph's run.
    let mut open: Vec<Paragraph> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut in_text = false;
    let mut runs = 0usize;
    let mut props = 0usize;
    // Deleted revisions and the duplicate fallback copy of drawings are skipped.
    let mut skipped = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(reader.error_position(), e))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                b"w:del" | b"w:moveFrom" | b"mc:Fallback" => skipped += 1,
                _ if skipped > 0 => {}
                b"w:p" => open.push(Paragraph::default()),
                b"w:pPr" => props += 1,
                b"w:r" => runs += 1,
                b"w:t" => in_text = true,
                b"w:tbl" => tables.push(Table::default()),
                _ => {}
            },
            Event::Empty(e) => {
                if skipped > 0 {
                    buf.clear();
                    continue;
                }
                let current = open.last_mut();
                match (e.name().as_ref(), current) {
                    (b"w:pStyle", Some(p)) if props > 0 => {
                        if let Some(id) = attr(&e, b"w:val") {
                            p.heading = is_heading_id(&id) || heading_styles.contains(&id);
                        }
                    }
                    // Tab stops in paragraph properties are also `w:tab`: only a run's counts.
                    (b"w:tab", Some(p)) if runs > 0 => p.text.push('\t'),
                    (b"w:br" | b"w:cr", Some(p)) if runs > 0 => p.text.push('\n'),
                    (b"w:noBreakHyphen", Some(p)) if runs > 0 => p.text.push('-'),
                    (b"w:p", _) => push_paragraph(Paragraph::default(), &mut out, &mut tables),
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:del" | b"w:moveFrom" | b"mc:Fallback" => skipped = skipped.saturating_sub(1),
                _ if skipped > 0 => {}
                b"w:p" => {
                    if let Some(p) = open.pop() {
                        push_paragraph(p, &mut out, &mut tables);
                    }
                }
                b"w:pPr" => props = props.saturating_sub(1),
                b"w:r" => runs = runs.saturating_sub(1),
                b"w:t" => in_text = false,
                b"w:tc" => {
                    if let Some(t) = tables.last_mut() {
                        let cell = std::mem::take(&mut t.cell);
                        t.cells.push(cell);
                    }
                }
                b"w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.cells).join(" | ");
                        if !row.trim_matches([' ', '|']).is_empty() {
                            t.rows.push(row);
                        }
                    }
                }
                b"w:tbl" => {
                    if let Some(t) = tables.pop() {
                        let text = t.rows.join("\n");
                        match tables.last_mut() {
                            // A table in a cell reads as part of that cell.
                            Some(outer) => push_spaced(&mut outer.cell, &text.replace('\n', " / "), " "),
                            None if !text.is_empty() => out.push(Paragraph { text, heading: false }),
                            None => {}
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && skipped == 0 => {
                let s = t.xml10_content().map_err(|e| xml_error(reader.buffer_position(), e))?;
                if let Some(p) = open.last_mut() {
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text && skipped == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| xml_error(reader.buffer_position(), e))?;
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
                    }
                    Err(e) => return Err(xml_error(reader.buffer_position(), e)),
                };
                if let (Some(p), Some(s)) = (open.last_mut(), resolved) {
                    p.text.push_str(&s);
                }
            }
            Event::CData(t) if in_text && skipped == 0 => {
                if let Some(p) = open.last_mut() {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A finished paragraph goes into the table cell it is in, or the document.
fn push_paragraph(p: Paragraph, out: &mut Vec<Paragraph>, tables: &mut [Table]) {
    match tables.last_mut() {
        Some(t) => push_spaced(&mut t.cell, p.text.trim(), " "),
        None => out.push(p),
    }
}

/// The ids Word and pandoc give Title and Heading styles in English documents.
fn is_heading_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower == "title"
        || lower
            .strip_prefix("heading")
            .is_some_and(|n| n.trim().parse::<u8>().is_ok())
}

/// Style ids whose name is a title or heading: in a German Word the id of
/// "heading 1" is "berschrift1", but its name is still "heading 1".
fn heading_style_ids(xml: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut ids = Vec::new();
    let mut current: Option<String> = None;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:style" => current = attr(&e, b"w:styleId"),
            Event::End(e) if e.name().as_ref() == b"w:style" => current = None,
            Event::Empty(e) if e.name().as_ref() == b"w:name" => {
                if let (Some(id), Some(name)) = (&current, attr(&e, b"w:val"))
                    && is_heading_id(&name.replace(' ', ""))
                {
                    ids.push(id.clone());
                }
            }
            _ => {}
        }
        buf.clear();
    }
    ids
}

/// `dc:title` and `dcterms:created` of `docProps/core.xml`.
fn core_properties(xml: &[u8]) -> (Option<String>, Option<String>) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut title, mut created) = (None, None);
    let mut field: Option<bool> = None;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                field = match e.name().as_ref() {
                    b"dc:title" => Some(true),
                    b"dcterms:created" => Some(false),
                    _ => None,
                }
            }
            Event::End(_) => field = None,
            Event::Text(t) => {
                let Ok(s) = t.xml10_content() else { continue };
                let s = s.trim().to_owned();
                match field {
                    Some(true) if !s.is_empty() => title = Some(s),
                    Some(false) if !s.is_empty() => created = Some(s),
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    (title, created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
        .into_bytes()
    }

    fn texts(inner: &str) -> Vec<String> {
        paragraphs(&body(inner), &[])
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn runs_tabs_breaks_and_entities() {
        let t = texts(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Tom</w:t></w:r><w:r><w:t xml:space="preserve"> &amp; Jerry</w:t><w:tab/><w:t>&#233;t&#xE9;</w:t><w:br/><w:t>next</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, vec!["Tom & Jerry\tété\nnext"]);
    }

    #[test]
    fn deletions_are_dropped_insertions_kept() {
        let t = texts(
            r#"<w:p><w:r><w:t>The </w:t></w:r><w:del><w:r><w:delText>old </w:delText><w:t>gone </w:t></w:r></w:del><w:ins><w:r><w:t>new </w:t></w:r></w:ins><w:r><w:t>text</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, vec!["The new text"]);
    }

    #[test]
    fn tables_flatten_to_rows() {
        let t = texts(
            r#"<w:p><w:r><w:t>Before</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Actor</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Stance</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Iran</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>opposes</w:t></w:r></w:p><w:p><w:r><w:t>sanctions</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>After</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, vec!["Before", "Actor | Stance\nIran | opposes sanctions", "After"]);
    }

    #[test]
    fn headings_by_id_or_by_style_name() {
        let xml = body(
            r#"<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Kopf</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Sub</w:t></w:r></w:p><w:p><w:r><w:t>Text</w:t></w:r></w:p>"#,
        );
        let styles = heading_style_ids(
            br#"<w:styles xmlns:w="x"><w:style w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#,
        );
        assert_eq!(styles, vec!["berschrift1"]);
        let p = paragraphs(&xml, &styles).unwrap();
        assert_eq!(p.iter().map(|p| p.heading).collect::<Vec<_>>(), vec![true, true, false]);
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        let e = paragraphs(b"<w:document><w:body><w:p><w:r><w:t>x</w:r></w:body>", &[]).unwrap_err();
        assert!(e.contains("not well-formed XML"), "{e}");
    }

    #[test]
    fn core_properties_title_and_created() {
        let (t, c) = core_properties(
            br#"<cp:coreProperties xmlns:cp="a" xmlns:dc="b" xmlns:dcterms="c"><dc:title>Riyadh talks</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2025-02-18T09:00:00Z</dcterms:created></cp:coreProperties>"#,
        );
        assert_eq!(t.as_deref(), Some("Riyadh talks"));
        assert_eq!(c.as_deref(), Some("2025-02-18T09:00:00Z"));
    }

    #[test]
    fn not_a_zip_and_old_doc_say_what_to_do() {
        let Err(ImportError::Docx(m)) = read(b"plain text, not a zip") else {
            panic!()
        };
        assert!(m.contains("not a Word document"), "{m}");
        let Err(ImportError::Docx(m)) = read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]) else {
            panic!()
        };
        assert!(m.contains("old Word .doc"), "{m}");
    }
}
