//! Factiva exports in the "Full Article/Report plus Indexing" format: one
//! file holding many documents, each a list of fields named by codes
//!
//! ```text
//! SE   World                       (section)
//! HD   Talks open in Riyadh        (headline)
//! BY   Jane Doe                    (byline)
//! WC   412 words                   (word count)
//! PD   18 February 2025            (publication date)
//! SN   The Gulf Courier            (source name)
//! SC   GULFCO   ED Final   PG A1   LA English   CY Copyright 2025 …
//! LP   the lead paragraphs…
//! TD   the rest of the text…
//! CO IN NS RE IPD PUB              (indexing: companies, industries, subjects, regions…)
//! AN   Document GULFCO0020250218el2i0001x
//! ```
//!
//! The HTML export puts each field in a table row (`<td>HD</td><td>…</td>`),
//! the RTF export writes them as paragraphs or table rows. Both are turned
//! into lines first (the code, then a tab, two spaces or ` | `, then the
//! value; or the code alone with the value on the lines below), so that one
//! splitter reads every form.

use super::dates::parse_date;
use super::nexis::language_tag;
use super::{LoadedArticle, html};
use crate::model::meta;
use std::collections::BTreeMap;

/// The field codes Factiva writes; a line must start with one of them to be a field.
const CODES: [&str; 34] = [
    "SE", "HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "VOL", "LA", "CY", "LP", "TD", "CT", "RF", "ART",
    "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "CLM", "NGC", "GC", "SNI", "CX", "RST", "FDS",
];

/// The fields of one document, in order: each code with its value lines.
type Fields<'a> = Vec<(&'a str, Vec<&'a str>)>;

/// Whether `text` (lines, as from RTF or plain text) is a Factiva export:
/// some document must have a headline, a date or source, article text and
/// the accession number that closes it, each on a line of its own field
/// code, which ordinary prose never has.
pub fn is_export(text: &str) -> bool {
    if !text.contains("HD") || !text.contains("AN") {
        return false;
    }
    let mut seen: Vec<&str> = Vec::new();
    for line in text.lines() {
        let Some((code, _)) = field(line) else { continue };
        if code == "AN" {
            let has = |c: &str| seen.contains(&c);
            if has("HD") && (has("PD") || has("SN")) && (has("LP") || has("TD")) {
                return true;
            }
            seen.clear();
        } else if !seen.contains(&code) {
            seen.push(code);
        }
    }
    false
}

/// The text of a Factiva HTML export as field lines, `None` if the page is not one.
pub fn html_lines(page: &str) -> Option<String> {
    // Every HTML import asks: most pages are answered without tokenizing twice.
    let cell_code = |c: &str| page.contains(&format!(">{c}<")) || page.contains(&format!(">{c}&nbsp;"));
    if !(cell_code("HD") && cell_code("AN")) {
        return None;
    }
    let lines = html::cell_text(page);
    is_export(&lines).then_some(lines)
}

/// The documents of an export, in order.
pub fn split(text: &str, file_label: &str) -> Vec<LoadedArticle> {
    documents(text)
        .iter()
        .enumerate()
        .map(|(i, doc)| article(doc, file_label, &format!("{file_label}#doc{}", i + 1)))
        .collect()
}

fn clean(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{c}')
}

/// A field line: a known code alone, or followed by a tab, two spaces or a
/// table cell separator and its value. A sentence that begins with "IN" or
/// "RE" and a single space is not a field.
fn field(line: &str) -> Option<(&'static str, &str)> {
    let line = clean(line);
    let len = line.bytes().take_while(u8::is_ascii_uppercase).count();
    if !(2..=3).contains(&len) {
        return None;
    }
    let code = CODES.iter().find(|c| **c == &line[..len])?;
    let rest = &line[len..];
    let value = rest.trim_start_matches([' ', '\t', '|', '\u{a0}']);
    let separator = &rest[..rest.len() - value.len()];
    let apart = separator.contains(['\t', '|']) || separator.chars().count() >= 2;
    if !rest.is_empty() && !apart {
        return None;
    }
    Some((code, value.trim()))
}

/// Lines Factiva prints on every page, not part of any document.
fn is_page_furniture(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    (lower.contains("factiva") && lower.contains("all rights reserved"))
        || (lower.starts_with("page ") && lower.contains(" of ") && line.len() < 20)
}

fn documents(text: &str) -> Vec<Fields<'_>> {
    let mut docs = Vec::new();
    let mut doc: Fields = Vec::new();
    // The accession number's value may be on the line after its code.
    let mut awaiting_an = false;
    for raw in text.lines() {
        let line = clean(raw);
        if line.is_empty() || is_page_furniture(line) {
            continue;
        }
        if awaiting_an {
            awaiting_an = false;
            if let Some(last) = doc.last_mut() {
                last.1.push(line);
            }
            docs.push(std::mem::take(&mut doc));
            continue;
        }
        match field(line) {
            Some((code, value)) => {
                let has_headline = doc.iter().any(|(c, _)| *c == "HD");
                let starts_next = has_headline && (code == "HD" || code == "SE");
                if starts_next {
                    docs.push(std::mem::take(&mut doc));
                }
                doc.push((code, if value.is_empty() { vec![] } else { vec![value] }));
                if code == "AN" {
                    if value.is_empty() {
                        awaiting_an = true;
                    } else {
                        docs.push(std::mem::take(&mut doc));
                    }
                }
            }
            // Text before a document's first field is a cover page or a search summary.
            None => {
                if let Some(last) = doc.last_mut() {
                    last.1.push(line);
                }
            }
        }
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs.retain(|d| d.iter().any(|(c, _)| *c == "HD"));
    docs
}

/// An accession number line ("Document GULFCO0020250218el2i0001x", also
/// "Dokument …", "Documento …"), kept out of the text even where its `AN`
/// code went missing.
fn is_accession(line: &str) -> bool {
    let Some((word, id)) = line.split_once(' ') else {
        return false;
    };
    matches!(word, "Document" | "Dokument" | "Documento")
        && id.len() >= 12
        && id.bytes().all(|b| b.is_ascii_alphanumeric())
        && id.bytes().any(|b| b.is_ascii_digit())
}

fn is_copyright(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.starts_with("copyright") || lower.starts_with('©') || lower.starts_with("(c)")
}

fn article(doc: &Fields, file_label: &str, source: &str) -> LoadedArticle {
    let value = |code: &str| {
        doc.iter()
            .find(|(c, v)| *c == code && !v.is_empty())
            .map(|(_, v)| v.join(" "))
    };
    let mut meta = BTreeMap::new();
    for (code, key) in [
        ("SN", meta::OUTLET),
        ("BY", meta::BYLINE),
        ("SE", meta::SECTION),
        ("WC", meta::LENGTH),
        ("LA", meta::LANGUAGE),
        ("ED", "edition"),
        ("PG", "page"),
    ] {
        if let Some(v) = value(code) {
            meta.insert(key.to_owned(), v);
        }
    }
    if let Some(lang) = meta.get_mut(meta::LANGUAGE) {
        *lang = language_tag(lang);
    }
    meta.insert(meta::FILE.to_owned(), file_label.to_owned());
    let mut paragraphs: Vec<&str> = doc
        .iter()
        .filter(|(c, _)| *c == "LP" || *c == "TD")
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|l| !is_accession(l))
        .collect();
    // A copyright notice closing the text is the publisher's, not the author's.
    while paragraphs.last().is_some_and(|l| is_copyright(l)) {
        paragraphs.pop();
    }
    LoadedArticle {
        title: value("HD").unwrap_or_default(),
        date: value("PD").and_then(|d| publication_date(&d)),
        source: Some(source.to_owned()),
        text: paragraphs.join("\n\n"),
        meta,
    }
}

/// Month names of the other languages Factiva writes `PD` in, January first.
const MONTHS: [[&str; 12]; 6] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
];

/// `PD` as Factiva writes it: "18 February 2025", also with the month in
/// French, German, Spanish, Italian, Dutch or Portuguese ("18. Februar 2025",
/// "18 de febrero de 2025").
fn publication_date(s: &str) -> Option<crate::model::Date> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',']).to_lowercase())
        .filter(|w| w != "de")
        .collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let month = MONTHS.iter().find_map(|names| names.iter().position(|m| m == month))?;
    crate::model::Date::new(year.parse().ok()?, month as u8 + 1, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    const EXPORT: &str = "\
Search results
SE\tWorld
HD\tTalks open in Riyadh
BY\tJane Doe
WC\t412 words
PD\t18 February 2025
SN\tThe Gulf Courier
SC\tGULFCO
LA\tEnglish
CY\tCopyright 2025 The Gulf Courier
LP\tDiplomats met on Tuesday.
TD
They agreed to meet again.
IN the end, nobody left.
CO\tgulfco : Gulf Courier
NS\tgdip : International Relations
AN
Document GULFCO0020250218el2i0001x
\u{c}
HD  Envoys trade proposals
PD  20 February 2025
SN  Weekly Wire
TD  Proposals were exchanged.
(c) 2025 Weekly Wire
AN  Document WEEKWI0020250220el2k0002y
Search Summary
Text  riyadh talks
";

    #[test]
    fn splits_documents_and_reads_their_fields() {
        assert!(is_export(EXPORT));
        let docs = split(EXPORT, "export.rtf");
        assert_eq!(docs.len(), 2);
        let a = &docs[0];
        assert_eq!(a.title, "Talks open in Riyadh");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(
            a.text,
            "Diplomats met on Tuesday.\n\nThey agreed to meet again.\n\nIN the end, nobody left."
        );
        assert_eq!(a.meta[meta::OUTLET], "The Gulf Courier");
        assert_eq!(a.meta[meta::SECTION], "World");
        assert_eq!(a.meta[meta::LENGTH], "412 words");
        assert_eq!(a.meta[meta::BYLINE], "Jane Doe");
        assert_eq!(a.meta[meta::LANGUAGE], "en");
        assert_eq!(a.source.as_deref(), Some("export.rtf#doc1"));
        let b = &docs[1];
        assert_eq!(b.title, "Envoys trade proposals");
        assert_eq!(b.date, Date::new(2025, 2, 20));
        assert_eq!(b.text, "Proposals were exchanged.");
        assert_eq!(b.source.as_deref(), Some("export.rtf#doc2"));
    }

    #[test]
    fn prose_is_not_an_export() {
        assert!(!is_export("HD video is here.\nAN update follows.\nTD Bank said so.\n"));
        assert!(!is_export("HD\tA headline\nTD\tText without a date, source or end.\n"));
        // Fields must be separated from their value by more than one space.
        assert!(!is_export("HD title\nPD 1 May 2025\nTD text\nAN doc\n"));
    }

    /// The shape of a saved Factiva page: the articles inside a form, code
    /// cells with a no-break space, a paragraph around `LP`/`TD`, a line
    /// break before the indexing values, codes this reader does not know.
    #[test]
    fn html_pages_as_factiva_saves_them() {
        let page = "<html><head><title>Factiva</title><style>td{}</style></head><body>\
            <table><tr><td><h1>Factiva</h1></td></tr></table><form action='/x'>\
            <div class=\"article deArticle\"><table>\
            <tr><td class=\"index\"><b>HD</b>&nbsp;</td><td><b class='deHeadline'>Gespräche in Riad</b>\n</td></tr>\
            <tr><td class=\"index\"><b>PD</b>&nbsp;</td><td>18 February 2025</td></tr>\
            <tr><td class=\"index\"><b>SN</b>&nbsp;</td><td>Rhein-Kurier</td></tr>\
            <tr><td class=\"index\"><b>LA</b>&nbsp;</td><td>Deutsch</td></tr>\
            <tr><td class=\"index\"><p><b>LP</b>&nbsp;</p></td><td><p class=\"articleParagraph\">Erster Absatz.</p>\n\
            <p class=\"articleParagraph\">Zweiter Absatz.</p></td></tr>\
            <tr><td class=\"index\"><p><b>TD</b>&nbsp;</p></td><td><p class=\"articleParagraph\">Dritter.</p></td></tr>\
            <tr><td class=\"index\"><br/><b>GC</b>&nbsp;</td><td><br/>TEST</td></tr>\
            <tr><td class=\"index\"><br/><b>NS</b>&nbsp;</td><td><br/>gdip : International Relations</td></tr>\
            <tr><td class=\"index\"><br/><b>AN</b>&nbsp;</td><td><br/>Document RHEINK0020250218el2i0001x</td></tr>\
            </table></div></form><span class=\"copyright\">&copy; 2025 Factiva, Inc. Alle Rechte vorbehalten.</span></body></html>";
        let lines = html_lines(page).expect("a Factiva page");
        let docs = split(&lines, "p.html");
        assert_eq!(docs.len(), 1, "{lines}");
        let a = &docs[0];
        assert_eq!(a.title, "Gespräche in Riad");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.meta[meta::OUTLET], "Rhein-Kurier");
        assert_eq!(a.meta[meta::LANGUAGE], "de");
        assert_eq!(a.text, "Erster Absatz.\n\nZweiter Absatz.\n\nDritter.");
    }

    #[test]
    fn publication_dates_in_the_languages_factiva_writes() {
        assert_eq!(publication_date("18 February 2025"), Date::new(2025, 2, 18));
        assert_eq!(publication_date("29 décembre 2011"), Date::new(2011, 12, 29));
        assert_eq!(publication_date("18. Februar 2025"), Date::new(2025, 2, 18));
        assert_eq!(publication_date("18 de febrero de 2025"), Date::new(2025, 2, 18));
        assert_eq!(publication_date("3 maart 2024"), Date::new(2024, 3, 3));
        assert_eq!(publication_date("31 février 2025"), None);
        assert_eq!(publication_date("soon"), None);
    }

    #[test]
    fn accession_numbers_never_reach_the_text() {
        let text = "HD\tTalks\nPD\t18 February 2025\nTD\nMet.\nDocument GULFCO0020250218el2i0001x\nAN\n";
        let docs = split(text, "f");
        assert_eq!(docs[0].text, "Met.");
        assert!(!is_accession("Document the talks"));
        assert!(is_accession("Dokument FAZ0000020250218el2i00001"));
    }

    #[test]
    fn field_lines() {
        assert_eq!(field("  HD\t\tTitle "), Some(("HD", "Title")));
        assert_eq!(field("HD | Title"), Some(("HD", "Title")));
        assert_eq!(field("TD"), Some(("TD", "")));
        assert_eq!(field("HD \u{a0}\t \tTitle"), Some(("HD", "Title")));
        assert_eq!(field("IN the end"), None);
        assert_eq!(field("HDX\tTitle"), None);
        assert_eq!(field("Hd\tTitle"), None);
    }
}
