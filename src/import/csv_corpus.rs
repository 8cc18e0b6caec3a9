//! CSV corpora: one article per row, columns found by header name.

use super::dates::{leading_dateline, parse_date};
use super::{ImportError, LoadedArticle, thousands, tidy_body};

const TEXT_COLUMNS: [&str; 6] = ["text", "body", "content", "article", "fulltext", "full_text"];
const TITLE_COLUMNS: [&str; 3] = ["title", "headline", "heading"];
const DATE_COLUMNS: [&str; 4] = ["date", "published", "pubdate", "publication_date"];
const SOURCE_COLUMNS: [&str; 4] = ["url", "source", "link", "id"];

pub struct CsvRows {
    pub articles: Vec<LoadedArticle>,
    /// Rows that could not become an article, with the reason.
    pub row_errors: Vec<String>,
    /// A quoted field that is never closed swallows the rest of the file
    /// (csv reads it to the end without complaint): the rows before it are
    /// in `articles`, this says where reading stopped.
    pub unclosed_quote: Option<ImportError>,
    /// Rows that imported but look wrong, e.g. far too long.
    pub suspicious_rows: Vec<String>,
}

/// A row this many lines long is almost always a misplaced quote, not an article.
const SUSPICIOUS_ROW_LINES: u64 = 1000;

pub fn parse(text: &str, file_label: &str) -> Result<CsvRows, ImportError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Csv(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if let Some(line) = unclosed_quote_line(text, &csv::Position::new(), reader.position(), delimiter) {
        return Err(ImportError::UnclosedQuote { line, rows_before: 0 });
    }
    let find = |names: &[&str]| names.iter().find_map(|n| headers.iter().position(|h| h == n));
    let text_col = find(&TEXT_COLUMNS).ok_or_else(|| ImportError::NoTextColumn {
        headers: headers.clone(),
    })?;
    let title_col = find(&TITLE_COLUMNS);
    let date_col = find(&DATE_COLUMNS);
    let source_col = find(&SOURCE_COLUMNS);

    let mut articles = Vec::new();
    let mut row_errors = Vec::new();
    let mut unclosed_quote = None;
    let mut suspicious_rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Rows are numbered from 1, the header being row 1.
    for row in 2u64.. {
        let start = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                row_errors.push(format!("row {row}: {e}"));
                continue;
            }
        }
        let end = reader.position();
        if let Some(line) = unclosed_quote_line(text, &start, end, delimiter) {
            unclosed_quote = Some(ImportError::UnclosedQuote {
                line,
                rows_before: articles.len(),
            });
            break;
        }
        let lines = end.line() - start.line();
        if lines > SUSPICIOUS_ROW_LINES {
            suspicious_rows.push(format!(
                "row {row} (line {}) runs over {} lines; if rows are missing, a quote there may be misplaced",
                thousands(start.line()),
                thousands(lines)
            ));
        }
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::trim).unwrap_or("");
        let mut body = field(Some(text_col));
        if body.is_empty() {
            row_errors.push(format!("row {row}: the text column is empty"));
            continue;
        }
        let mut date = parse_date(field(date_col));
        if let Some((d, len)) = leading_dateline(body) {
            date = date.or(Some(d));
            body = &body[len..];
        }
        let body = tidy_body(body);
        let title = match field(title_col) {
            "" => first_words(&body),
            t => t.to_owned(),
        };
        let source = match field(source_col) {
            "" => format!("{file_label}#row{row}"),
            s => s.to_owned(),
        };
        articles.push(LoadedArticle {
            meta: Default::default(),
            title,
            date,
            source: Some(source),
            text: body,
        });
    }
    if articles.is_empty()
        && let Some(e) = unclosed_quote
    {
        return Err(e);
    }
    Ok(CsvRows {
        articles,
        row_errors,
        unclosed_quote,
        suspicious_rows,
    })
}

/// The line where a quoted field opens and never closes, if the record
/// between `start` and `end` ran to the end of the file because of one.
fn unclosed_quote_line(text: &str, start: &csv::Position, end: &csv::Position, delimiter: u8) -> Option<u64> {
    let start_byte = usize::try_from(start.byte()).ok()?;
    if usize::try_from(end.byte()).ok()? < text.len() {
        return None;
    }
    let tail = &text.as_bytes()[start_byte..];
    let quote = unclosed_quote(tail, delimiter)?;
    let newlines = tail[..quote].iter().filter(|&&b| b == b'\n').count() as u64;
    Some(start.line() + newlines)
}

/// The offset of a quote that opens a field and is not closed by the end of
/// `tail`, read the way csv reads it: a quote opens a field only as its first
/// byte, `""` inside is a literal quote, and any other quote closes it.
fn unclosed_quote(tail: &[u8], delimiter: u8) -> Option<usize> {
    let mut open = None;
    let mut at_field_start = true;
    let mut i = 0;
    while i < tail.len() {
        let b = tail[i];
        if open.is_some() {
            if b == b'"' {
                if tail.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else {
            if at_field_start && b == b'"' {
                open = Some(i);
            }
            at_field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    open
}

/// Comma unless the header line has more semicolons or tabs.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c| header.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|&(d, n)| (n, d == b','))
        .map_or(b',', |(d, _)| d)
}

fn first_words(text: &str) -> String {
    let mut title: String = text.split_whitespace().take(10).collect::<Vec<_>>().join(" ");
    if text.split_whitespace().nth(10).is_some() {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn finds_columns_by_name_in_any_order() {
        let csv = "Body,Title,URL,date\n\"Text one, with comma.\",First,http://a,2019-01-04\n\"Friday, January 4, 2019 \n\nSecond text.\",,,\n";
        let r = parse(csv, "c.csv").unwrap();
        assert_eq!(r.articles.len(), 2);
        assert_eq!(r.articles[0].title, "First");
        assert_eq!(r.articles[0].source.as_deref(), Some("http://a"));
        assert_eq!(r.articles[0].date, Date::new(2019, 1, 4));
        assert_eq!(r.articles[1].text, "Second text.");
        assert_eq!(r.articles[1].date, Date::new(2019, 1, 4));
        assert_eq!(r.articles[1].title, "Second text.");
        assert_eq!(r.articles[1].source.as_deref(), Some("c.csv#row3"));
    }

    #[test]
    fn semicolons_and_row_errors() {
        let r = parse("title;content\nA;Some text\nB;\n", "x.csv").unwrap();
        assert_eq!(r.articles.len(), 1);
        assert_eq!(r.row_errors, ["row 3: the text column is empty"]);
    }

    #[test]
    fn missing_text_column_is_an_error() {
        let Err(ImportError::NoTextColumn { headers }) = parse("title,date\nA,2019-01-01\n", "x.csv") else {
            panic!("expected NoTextColumn")
        };
        assert_eq!(headers, ["title", "date"]);
    }

    #[test]
    fn an_unclosed_quote_keeps_the_rows_before_it_and_says_where_it_opens() {
        let csv = "title,text\nA,First text.\nB,\"Second text, never closed\nC,Third text.\nD,Fourth.\n";
        let r = parse(csv, "x.csv").unwrap();
        assert_eq!(r.articles.len(), 1, "only the row before the quote");
        assert_eq!(r.articles[0].text, "First text.");
        assert_eq!(
            r.unclosed_quote,
            Some(ImportError::UnclosedQuote {
                line: 3,
                rows_before: 1
            })
        );
    }

    #[test]
    fn an_unclosed_quote_before_any_row_fails_the_file() {
        let in_header = parse("title,\"text\nA,Some text.\n", "x.csv");
        assert_eq!(
            in_header.err(),
            Some(ImportError::UnclosedQuote {
                line: 1,
                rows_before: 0
            })
        );
        let first_row = parse("title,text\n\nA,\"Some text.\nB,More.\n", "x.csv");
        assert_eq!(
            first_row.err(),
            Some(ImportError::UnclosedQuote {
                line: 3,
                rows_before: 0
            })
        );
    }

    #[test]
    fn closed_escaped_and_stray_quotes_are_not_unclosed() {
        let csv = "title,text\nA,\"He said \"\"no\"\", twice.\"\nB,A 5\" screen.\nC,\"Last\nrow.\"";
        let r = parse(csv, "x.csv").unwrap();
        assert_eq!(r.unclosed_quote, None);
        assert_eq!(r.articles.len(), 3);
        assert_eq!(r.articles[0].text, "He said \"no\", twice.");
    }

    #[test]
    fn a_row_of_over_a_thousand_lines_is_noted() {
        let long = "line\n".repeat(1200);
        let csv = format!("title,text\nA,Short.\nB,\"{long}\"\nC,Short too.\n");
        let r = parse(&csv, "x.csv").unwrap();
        assert_eq!(r.articles.len(), 3);
        assert_eq!(
            r.suspicious_rows,
            ["row 3 (line 3) runs over 1,201 lines; if rows are missing, a quote there may be misplaced"]
        );
    }
}
