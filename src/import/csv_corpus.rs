//! CSV corpora: one article per row, columns found by header name.

use super::dates::{leading_dateline, parse_date};
use super::{ImportError, LoadedArticle, tidy_body};

const TEXT_COLUMNS: [&str; 6] = ["text", "body", "content", "article", "fulltext", "full_text"];
const TITLE_COLUMNS: [&str; 3] = ["title", "headline", "heading"];
const DATE_COLUMNS: [&str; 4] = ["date", "published", "pubdate", "publication_date"];
const SOURCE_COLUMNS: [&str; 4] = ["url", "source", "link", "id"];

pub struct CsvRows {
    pub articles: Vec<LoadedArticle>,
    /// Rows that could not become an article, with the reason.
    pub row_errors: Vec<String>,
}

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
    let find = |names: &[&str]| names.iter().find_map(|n| headers.iter().position(|h| h == n));
    let text_col = find(&TEXT_COLUMNS).ok_or_else(|| ImportError::NoTextColumn {
        headers: headers.clone(),
    })?;
    let title_col = find(&TITLE_COLUMNS);
    let date_col = find(&DATE_COLUMNS);
    let source_col = find(&SOURCE_COLUMNS);

    let mut articles = Vec::new();
    let mut row_errors = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2; // 1-based, after the header line
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                row_errors.push(format!("row {row}: {e}"));
                continue;
            }
        };
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
            title,
            date,
            source: Some(source),
            text: body,
        });
    }
    Ok(CsvRows { articles, row_errors })
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
}
