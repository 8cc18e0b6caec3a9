//! Plain-text articles in the forms news collections use:
//! - the seed format: ` date 2025-02-18 ` and the body on the same line;
//! - a header block of `Title:`, `Date:`, `Source:` lines before a blank line;
//! - a short first line as the title;
//! - a Wikinews dateline ("Wednesday, January 23, 2019") as the date.

use super::dates::{leading_dateline, parse_date};
use super::{LoadedArticle, tidy_body, title_from_stem};

pub fn parse(text: &str, stem: &str) -> LoadedArticle {
    let mut title = None;
    let mut date = None;
    let mut source = None;
    let mut body = text.trim_start_matches(['\u{feff}']);

    if let Some((d, rest)) = seed_date(body) {
        date = Some(d);
        body = rest;
    } else if let Some((fields, rest)) = header_block(body) {
        for (key, value) in fields {
            match key.as_str() {
                "title" | "headline" => title = Some(value),
                "date" | "published" => date = parse_date(&value),
                "source" | "url" | "link" => source = Some(value),
                _ => {}
            }
        }
        body = rest;
    }
    let trimmed = body.trim_start();
    if let Some((d, len)) = leading_dateline(trimmed) {
        date = date.or(Some(d));
        body = &trimmed[len..];
    }
    let mut body = body.trim_start();
    if title.is_none()
        && let Some((line, rest)) = title_line(body)
    {
        title = Some(line.to_owned());
        body = rest;
        // A dateline under the headline, as web pages and PDFs have it.
        let trimmed = body.trim_start();
        if date.is_none()
            && let Some((d, len)) = leading_dateline(trimmed)
        {
            date = Some(d);
            body = &trimmed[len..];
        }
    }
    LoadedArticle {
        meta: Default::default(),
        title: title.unwrap_or_else(|| title_from_stem(stem)),
        date,
        source,
        text: tidy_body(body),
    }
}

/// ` date 2025-02-18 Body…`
fn seed_date(text: &str) -> Option<(crate::model::Date, &str)> {
    let t = text.trim_start();
    let rest = t.strip_prefix("date ").or_else(|| t.strip_prefix("Date "))?;
    let rest = rest.trim_start();
    let date = crate::model::Date::parse_iso(rest.get(..10)?)?;
    Some((date, &rest[10..]))
}

/// `Key: value` lines up to the first blank line, all with known keys.
fn header_block(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    const KEYS: [&str; 8] = [
        "title",
        "headline",
        "date",
        "published",
        "source",
        "url",
        "link",
        "author",
    ];
    let mut fields = Vec::new();
    let mut consumed = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            consumed += line.len();
            break;
        }
        let (key, value) = trimmed.split_once(':')?;
        let key = key.trim().to_ascii_lowercase();
        if !KEYS.contains(&key.as_str()) {
            return None;
        }
        fields.push((key, value.trim().to_owned()));
        consumed += line.len();
    }
    (!fields.is_empty()).then(|| (fields, &text[consumed..]))
}

/// A first line that reads as a headline: short, followed by more text, and not
/// a sentence.
fn title_line(text: &str) -> Option<(&str, &str)> {
    let end = text.find('\n')?;
    let line = text[..end].trim();
    let rest = &text[end..];
    let is_headline = !line.is_empty()
        && line.chars().count() <= 150
        && !line.ends_with(['.', ',', ';', ':'])
        && !rest.trim().is_empty();
    is_headline.then_some((line, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn seed_format_with_dateline() {
        let a = parse(
            " date 2019-01-23 Wednesday, January 23, 2019 \n\n\nGermany on Monday banned Mahan Air.\n",
            "2019-01-23-mahan-air",
        );
        assert_eq!(a.date, Date::new(2019, 1, 23));
        assert_eq!(a.title, "Mahan air");
        assert_eq!(a.text, "Germany on Monday banned Mahan Air.");
    }

    #[test]
    fn seed_format_body_on_same_line() {
        let a = parse(
            " date 2025-02-18 U.S. and Russian diplomats met in Saudi Arabia.\n\nMore.",
            "2025-02-18-riyadh-talks",
        );
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.title, "Riyadh talks");
        assert!(a.text.starts_with("U.S. and Russian diplomats"));
    }

    #[test]
    fn header_block() {
        let a = parse(
            "Title: Talks resume\nDate: 18 February 2025\nSource: https://example.org/x\n\nBody text.",
            "f",
        );
        assert_eq!(a.title, "Talks resume");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.source.as_deref(), Some("https://example.org/x"));
        assert_eq!(a.text, "Body text.");
    }

    #[test]
    fn first_line_title_only_when_headline_like() {
        let a = parse("Ceasefire talks stall\n\nThe parties met again.", "x");
        assert_eq!(a.title, "Ceasefire talks stall");
        assert_eq!(a.text, "The parties met again.");
        let b = parse("The parties met again.\nThey talked.", "my_notes");
        assert_eq!(b.title, "My notes");
        assert_eq!(b.text, "The parties met again.\nThey talked.");
    }
}
