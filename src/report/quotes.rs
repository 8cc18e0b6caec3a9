//! "What did X say on Y?": the stances passing a filter as quotes with their
//! citation (article, outlet, date), in the order a reader would cite them,
//! and the quote sheet a journalist pastes into a draft (Markdown) or a
//! spreadsheet (CSV).

use super::filter::Filter;
use crate::model::{Position, StanceId, Workspace};
use std::io::Write;

/// One quote with everything its citation needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub stance: StanceId,
    pub actor: String,
    pub issue: String,
    pub position: Position,
    pub text: String,
    pub article: String,
    pub outlet: String,
    pub date: Option<String>,
    /// Where the article came from: a URL, a file, `file.csv#row`.
    pub source: String,
}

/// The quotes of the stances passing `filter`: oldest article first (undated
/// last), then in reading order within an article.
pub fn quotes(ws: &Workspace, filter: &Filter) -> Vec<Quote> {
    let prepared = filter.prepare(ws);
    let mut rows: Vec<(Option<crate::model::Date>, u64, usize, Quote)> = ws
        .stances()
        .filter(|s| prepared.matches(s))
        .filter_map(|s| {
            let article = ws.article(s.article)?;
            let quote = Quote {
                stance: s.id,
                actor: ws.actor(s.actor).map_or_else(String::new, |a| a.name.clone()),
                issue: ws.issue(s.issue).map_or_else(String::new, |i| i.label.clone()),
                position: s.position,
                text: s.evidence.text.split_whitespace().collect::<Vec<_>>().join(" "),
                article: article.title.clone(),
                outlet: outlet(&article.source),
                date: article.date.map(|d| d.to_string()),
                source: article.source.clone(),
            };
            Some((article.date, article.id.0, s.evidence.start, quote))
        })
        .collect();
    rows.sort_by(|a, b| {
        let date = |d: &Option<crate::model::Date>| (d.is_none(), *d);
        date(&a.0).cmp(&date(&b.0)).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
    rows.into_iter().map(|(.., q)| q).collect()
}

/// The outlet a source names: a URL's host without `www.`, a file's name.
pub fn outlet(source: &str) -> String {
    if let Some(rest) = source.split_once("://").map(|(_, r)| r) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        return host.strip_prefix("www.").unwrap_or(host).to_owned();
    }
    let file = source.split('#').next().unwrap_or(source);
    std::path::Path::new(file)
        .file_name()
        .map_or_else(|| source.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// The question a quote sheet answers, from the filter's actors and issues.
pub fn question(ws: &Workspace, filter: &Filter) -> String {
    let names = |ids: Vec<String>, all: &str| {
        if ids.is_empty() {
            all.to_owned()
        } else {
            ids.join(" and ")
        }
    };
    let actors = names(
        filter
            .actors
            .iter()
            .filter_map(|id| ws.actor(*id).map(|a| a.name.clone()))
            .collect(),
        "everyone",
    );
    let issues = names(
        filter
            .issues
            .iter()
            .filter_map(|id| ws.issue(*id).map(|i| i.label.clone()))
            .collect(),
        "every issue",
    );
    format!("What did {actors} say on {issues}?")
}

/// A Markdown quote sheet: the question, how many quotes from how many
/// articles, then each quote with its citation.
pub fn quote_sheet_markdown(ws: &Workspace, filter: &Filter) -> String {
    let quotes = quotes(ws, filter);
    let mut out = format!("# {}\n\n", question(ws, filter));
    let articles: std::collections::HashSet<&str> = quotes.iter().map(|q| q.source.as_str()).collect();
    let dates: Vec<&str> = quotes.iter().filter_map(|q| q.date.as_deref()).collect();
    let span = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    out.push_str(&format!(
        "{} quote(s) from {} article(s){span}. Statuses: {}. Made with Stance Tracker on {}.\n\n",
        quotes.len(),
        articles.len(),
        statuses(filter),
        crate::model::Timestamp::now().date()
    ));
    for q in &quotes {
        out.push_str(&format!(
            "> “{}”\n\n— **{}** ({} on {}). *{}*, {}{}.\n\n",
            escape_md(&q.text),
            escape_md(&q.actor),
            q.position.as_str(),
            escape_md(&q.issue),
            escape_md(&q.article),
            escape_md(&q.outlet),
            q.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
        ));
        if q.source.contains("://") {
            out.push_str(&format!("  <{}>\n\n", q.source));
        }
    }
    out
}

fn statuses(filter: &Filter) -> String {
    if filter.statuses.is_empty() {
        return "all".into();
    }
    filter
        .statuses
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Markdown characters that would change how a quote renders.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Column names of the quote sheet CSV, in order.
pub const QUOTE_COLUMNS: [&str; 9] = [
    "actor",
    "issue",
    "position",
    "quote",
    "article_title",
    "outlet",
    "article_date",
    "article_source",
    "stance_id",
];

pub fn quote_sheet_csv(ws: &Workspace, filter: &Filter, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(QUOTE_COLUMNS)?;
    for q in quotes(ws, filter) {
        w.write_record([
            q.actor.as_str(),
            &q.issue,
            q.position.as_str(),
            &q.text,
            &q.article,
            &q.outlet,
            q.date.as_deref().unwrap_or(""),
            &q.source,
            &q.stance.0.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, ops};

    fn workspace() -> (Workspace, ActorId) {
        let mut ws = Workspace::new();
        let add = |ws: &mut Workspace, title: &str, date, source: &str, text: &str| {
            let id = ArticleId(ws.alloc_id());
            let a = Article::new(id, title.into(), date, source.into(), text.into());
            ws.apply(Command::AddArticle(Box::new(a))).unwrap();
            id
        };
        let late = add(
            &mut ws,
            "Later *talks*",
            Date::new(2025, 3, 1),
            "https://www.example.org/news/1?x=2",
            "Rubio said   the\nEU must join.",
        );
        let early = add(
            &mut ws,
            "Early",
            Date::new(2025, 1, 5),
            "/tmp/a/early.txt",
            "Rubio refused.",
        );
        let rubio = ActorId(ws.alloc_id());
        ws.apply(Command::AddActor(Actor::new(rubio, "Marco Rubio", ActorKind::Person)))
            .unwrap();
        let issue = ws.issue_by_key("participation").unwrap().id;
        for (article, end, p) in [(late, 30, Position::Support), (early, 14, Position::Oppose)] {
            let cmd = ops::new_manual_stance(&mut ws, article, rubio, issue, p, 0, end, String::new()).unwrap();
            ws.apply(cmd).unwrap();
        }
        (ws, rubio)
    }

    #[test]
    fn quotes_come_oldest_first_with_their_citation() {
        let (ws, rubio) = workspace();
        let mut filter = Filter::accepted();
        filter.actors.insert(rubio);
        let q = quotes(&ws, &filter);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].article, "Early");
        assert_eq!(q[0].outlet, "early.txt");
        assert_eq!(q[1].outlet, "example.org");
        assert_eq!(
            q[1].text, "Rubio said the EU must join.",
            "whitespace folded for citing"
        );
        assert_eq!(question(&ws, &filter), "What did Marco Rubio say on every issue?");
    }

    #[test]
    fn the_markdown_sheet_cites_and_escapes_and_the_csv_has_one_row_per_quote() {
        let (ws, _) = workspace();
        let md = quote_sheet_markdown(&ws, &Filter::accepted());
        assert!(md.starts_with("# What did everyone say on every issue?\n"));
        assert!(md.contains("2 quote(s) from 2 article(s), 2025-01-05 to 2025-03-01"));
        assert!(md.contains("> “Rubio refused.”"));
        assert!(md.contains("*Later \\*talks\\**, example.org, 2025-03-01."), "{md}");
        assert!(md.contains("<https://www.example.org/news/1?x=2>"));
        let mut buf = Vec::new();
        quote_sheet_csv(&ws, &Filter::accepted(), &mut buf).unwrap();
        let mut r = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), QUOTE_COLUMNS);
        let rows: Vec<_> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][3], "Rubio said the EU must join.");
        assert_eq!(&rows[0][2], "oppose");
    }
}
