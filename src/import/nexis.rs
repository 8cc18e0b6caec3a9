//! Nexis Uni (LexisNexis) exports: one file holding many documents, each
//!
//! ```text
//! Headline
//! Outlet
//! February 18, 2025 Tuesday
//! [Edition]
//! Copyright 2025 Outlet
//! Section: …   Length: …   Byline: …   (any order, any subset)
//! Body
//! …the article…
//! [Graphic | Notes | Classification …  Language: ENGLISH …]
//! Load-Date: February 19, 2025
//! End of Document
//! ```
//!
//! after a cover page (user, job number, search terms, the result list).
//! The splitter reads plain text lines, so that every format that can be
//! turned into lines (TXT, DOCX, later PDF) feeds the same code.

use super::dates::{is_weekday, month_number, parse_date};
use super::{LoadedArticle, tidy_body};
use crate::model::meta;
use std::collections::BTreeMap;

const END: &str = "End of Document";

/// Headings after the body that start boilerplate, not article text.
const AFTER_BODY: [&str; 4] = ["Classification", "Graphic", "Notes", "Load-Date"];

/// Whether `text` is a Nexis export rather than an article that happens to
/// say "End of Document": at least one document must have the full frame of
/// a `Body` line and a `Load-Date:` or `Length:` line before its end marker,
/// which ordinary prose does not have.
pub fn is_export(text: &str) -> bool {
    // Every .txt import asks, so ordinary files are answered by one fast
    // search, and exports by a pass that holds no list of lines.
    if !text.contains(END) {
        return false;
    }
    let (mut body, mut length, mut load_date) = (false, false, false);
    for line in text.lines().map(clean) {
        if line == END {
            if body && (length || load_date) {
                return true;
            }
            (body, length, load_date) = (false, false, false);
        } else if is_body_heading(line) {
            body = true;
        } else if let Some((key, _)) = key_value(line) {
            length |= !body && key.eq_ignore_ascii_case("Length");
            load_date |= body && key.eq_ignore_ascii_case("Load-Date");
        }
    }
    false
}

/// The documents of an export, in order, and how many were left out
/// because they have no `Body` (a picture or a table of contents only).
pub fn split(text: &str, file_label: &str) -> (Vec<LoadedArticle>, usize) {
    let lines: Vec<&str> = text.lines().map(clean).collect();
    let mut articles = Vec::new();
    let mut skipped = 0;
    for (i, doc) in documents(&lines).into_iter().enumerate() {
        // Numbered as in the export's own result list, skipped documents included.
        match parse_document(doc, file_label, &format!("{file_label}#doc{}", i + 1)) {
            Some(a) => articles.push(a),
            None => skipped += 1,
        }
    }
    (articles, skipped)
}

/// Lines trimmed, with the no-break spaces Nexis puts after field names
/// ("Length:\u{a0}850 words") made plain.
fn clean(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{c}')
}

/// The stretches between end markers; text after the last marker is not a document.
fn documents<'a, 'b>(lines: &'b [&'a str]) -> Vec<&'b [&'a str]> {
    let mut docs = Vec::new();
    let mut start = 0;
    for (i, line) in lines.iter().enumerate() {
        if *line == END {
            docs.push(&lines[start..i]);
            start = i + 1;
        }
    }
    docs
}

fn is_body_heading(line: &str) -> bool {
    line == "Body" || line == "Text"
}

/// `Key: value` where the key is a short capitalised name such as
/// `Load-Date` or `Publication-Type`, so that a sentence with a colon is not a field.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let is_key = !key.is_empty()
        && key.len() <= 24
        && key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    is_key.then(|| (key, value.trim()))
}

fn is_copyright(line: &str) -> bool {
    line.starts_with("Copyright") || line.starts_with('©')
}

/// A line that is only a publication date ("February 18, 2025 Tuesday",
/// "18 February 2025", possibly with a time): it must begin like a date, so
/// that a headline naming a date is not taken for one.
fn publication_date(line: &str) -> Option<crate::model::Date> {
    let first = line.split([' ', ',']).next()?;
    let starts_like_date = month_number(first).is_some()
        || is_weekday(first)
        || first
            .trim_end_matches('.')
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d));
    if !starts_like_date || line.chars().count() > 80 {
        return None;
    }
    parse_date(line)
}

fn parse_document(doc: &[&str], file_label: &str, source: &str) -> Option<LoadedArticle> {
    let body_at = doc.iter().position(|l| is_body_heading(l))?;
    let header: Vec<&str> = doc[..body_at].iter().copied().filter(|l| !l.is_empty()).collect();
    let is_field = |l: &&str| is_copyright(l) || key_value(l).is_some();
    let first_field_after = |d: usize| {
        header[d + 1..]
            .iter()
            .position(is_field)
            .map_or(header.len(), |k| d + 1 + k)
    };
    // The date line is followed by at most two edition lines, then the
    // copyright and the fields; the cover page before it may hold dates and
    // `Key: value` lines of its own, and so does a result list of headlines.
    let date_line = (1..header.len())
        .rev()
        .find(|&d| publication_date(header[d]).is_some() && first_field_after(d) <= d + 3);
    let mut meta = BTreeMap::new();
    let mut date = None;
    let title;
    let fields_at;
    match date_line {
        Some(d) => {
            date = publication_date(header[d]);
            fields_at = first_field_after(d);
            let edition = &header[d + 1..fields_at];
            if !edition.is_empty() {
                meta.insert("edition".to_owned(), edition.join("; "));
            }
            if d >= 2 {
                meta.insert(meta::OUTLET.to_owned(), header[d - 1].to_owned());
                title = header[d - 2].to_owned();
            } else {
                title = header[d - 1].to_owned();
            }
        }
        None => {
            fields_at = header.iter().position(is_field).unwrap_or(header.len());
            let top = &header[..fields_at];
            if top.len() >= 2 {
                // Without a date line the outlet is the line before the fields.
                meta.insert(meta::OUTLET.to_owned(), top[top.len() - 1].to_owned());
                title = top[top.len() - 2].to_owned();
            } else {
                title = top.first().copied().unwrap_or_default().to_owned();
            }
        }
    }
    for line in &header[fields_at..] {
        let Some((key, value)) = key_value(line) else { continue };
        if value.is_empty() {
            continue;
        }
        let slot = match key.to_ascii_lowercase().as_str() {
            "section" => meta::SECTION,
            "length" => meta::LENGTH,
            "byline" | "author" => meta::BYLINE,
            "language" => meta::LANGUAGE,
            _ => continue,
        };
        meta.entry(slot.to_owned()).or_insert_with(|| value.to_owned());
    }

    let rest = &doc[body_at + 1..];
    let body_end = rest
        .iter()
        .position(|l| {
            AFTER_BODY
                .iter()
                .any(|h| l == h || key_value(l).is_some_and(|(k, _)| k == *h))
        })
        .unwrap_or(rest.len());
    let mut body_lines = &rest[..body_end];
    // A copyright notice closing the body is the publisher's, not the author's.
    while let Some((last, before)) = body_lines.split_last() {
        if last.is_empty() || is_copyright(last) {
            body_lines = before;
        } else {
            break;
        }
    }
    for line in &rest[body_end..] {
        match key_value(line) {
            Some(("Language", value)) if !value.is_empty() => {
                meta.insert(meta::LANGUAGE.to_owned(), value.to_owned());
            }
            Some(("Load-Date", value)) if date.is_none() => date = parse_date(value),
            _ => {}
        }
    }
    if let Some(lang) = meta.get_mut(meta::LANGUAGE) {
        *lang = language_tag(lang);
    }
    meta.insert(meta::FILE.to_owned(), file_label.to_owned());
    Some(LoadedArticle {
        title,
        date,
        source: Some(source.to_owned()),
        text: tidy_body(&body_lines.join("\n")),
        meta,
    })
}

/// Nexis writes languages as words ("ENGLISH"); the metadata keeps BCP 47
/// tags where the word is a common news language, the word otherwise.
pub(super) fn language_tag(word: &str) -> String {
    const TAGS: [(&str, &str); 24] = [
        // As Factiva writes them, in the language itself.
        ("deutsch", "de"),
        ("français", "fr"),
        ("español", "es"),
        ("italiano", "it"),
        ("nederlands", "nl"),
        ("português", "pt"),
        ("русский", "ru"),
        ("türkçe", "tr"),
        ("polski", "pl"),
        ("svenska", "sv"),
        ("english", "en"),
        ("german", "de"),
        ("french", "fr"),
        ("spanish", "es"),
        ("italian", "it"),
        ("dutch", "nl"),
        ("portuguese", "pt"),
        ("russian", "ru"),
        ("arabic", "ar"),
        ("chinese", "zh"),
        ("japanese", "ja"),
        ("turkish", "tr"),
        ("polish", "pl"),
        ("swedish", "sv"),
    ];
    let lower = word.trim().to_lowercase();
    TAGS.iter()
        .find(|(w, _)| *w == lower)
        .map_or_else(|| word.trim().to_owned(), |(_, tag)| (*tag).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    const EXPORT: &str = "\
User Name: Jane Researcher
Date and Time: Feb 19, 2025 10:12
Job Number: 246801357
Documents (2)
1. Talks open in Riyadh
Client/Matter: -None-
Search Terms: Riyadh talks
Timeline: Feb 01, 2025 to Feb 28, 2025
2. Envoys trade proposals
\u{c}
Talks open in Riyadh
The Gulf Courier
February 18, 2025 Tuesday
Final Edition

Copyright 2025 The Gulf Courier All Rights Reserved

Section: WORLD; Pg. A1
Length:\u{a0}412 words
Byline: Jane Doe

Body

Diplomats met on Tuesday.

They agreed to meet again.

Classification

Language: ENGLISH
Subject: DIPLOMACY (90%)

Load-Date: February 19, 2025

End of Document

Envoys trade proposals
Weekly Wire
Body
Proposals were exchanged.
Copyright 2025 Weekly Wire
Load-Date: February 21, 2025
End of Document
";

    #[test]
    fn splits_documents_and_reads_their_fields() {
        assert!(is_export(EXPORT));
        let (docs, skipped) = split(EXPORT, "export.txt");
        assert_eq!(skipped, 0);
        assert_eq!(docs.len(), 2);
        let a = &docs[0];
        assert_eq!(a.title, "Talks open in Riyadh");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.text, "Diplomats met on Tuesday.\n\nThey agreed to meet again.");
        assert_eq!(a.meta[meta::OUTLET], "The Gulf Courier");
        assert_eq!(a.meta[meta::SECTION], "WORLD; Pg. A1");
        assert_eq!(a.meta[meta::LENGTH], "412 words");
        assert_eq!(a.meta[meta::BYLINE], "Jane Doe");
        assert_eq!(a.meta[meta::LANGUAGE], "en");
        assert_eq!(a.meta[meta::FILE], "export.txt");
        assert_eq!(a.meta["edition"], "Final Edition");
        assert_eq!(a.source.as_deref(), Some("export.txt#doc1"));
        // No date line: the load date stands in, and the outlet is the line before "Body".
        let b = &docs[1];
        assert_eq!(b.title, "Envoys trade proposals");
        assert_eq!(b.meta[meta::OUTLET], "Weekly Wire");
        assert_eq!(b.source.as_deref(), Some("export.txt#doc2"));
        assert_eq!(b.date, Date::new(2025, 2, 21));
        assert_eq!(b.text, "Proposals were exchanged.");
    }

    #[test]
    fn prose_mentioning_the_end_marker_is_not_an_export() {
        assert!(!is_export("The clerk stamped it.\nEnd of Document\nThen he left."));
        assert!(!is_export("He wrote End of Document at the foot of the page."));
        // A body heading alone, without any Nexis field, is still prose.
        assert!(!is_export("Body\nThe body of the treaty.\nEnd of Document\n"));
    }

    #[test]
    fn a_headline_with_a_date_is_not_the_date_line() {
        let text = "Summit set for March 3, 2025\nDaily Post\nFebruary 2, 2025 Sunday\nLength: 90 words\nBody\nText.\nEnd of Document\n";
        let (docs, _) = split(text, "f");
        assert_eq!(docs[0].title, "Summit set for March 3, 2025");
        assert_eq!(docs[0].date, Date::new(2025, 2, 2));
        assert_eq!(docs[0].meta[meta::OUTLET], "Daily Post");
    }

    #[test]
    fn documents_without_a_body_are_counted_not_invented() {
        let text = "Photo of the day\nDaily Post\nFebruary 2, 2025\nGraphic\nA picture.\nEnd of Document\n";
        let (docs, skipped) = split(text, "f");
        assert!(docs.is_empty());
        assert_eq!(skipped, 1);
    }
}
