//! Markdown articles: optional YAML-style front matter (`title:`, `date:`,
//! `source:`), title from the first heading, inline markup reduced to its text.

use super::dates::parse_date;
use super::{LoadedArticle, tidy_body, title_from_stem};

pub fn parse(text: &str, stem: &str) -> LoadedArticle {
    let mut title = None;
    let mut date = None;
    let mut source = None;
    let mut body = text.trim_start_matches('\u{feff}');

    if let Some(rest) = body.strip_prefix("---\n").or_else(|| body.strip_prefix("---\r\n"))
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim().trim_matches(['"', '\'']).to_owned();
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" => title = Some(v),
                    "date" => date = parse_date(&v),
                    "source" | "url" | "link" => source = Some(v),
                    _ => {}
                }
            }
        }
        let after = &rest[end + 4..];
        body = after.split_once('\n').map_or("", |(_, r)| r);
    }

    let mut out = String::with_capacity(body.len());
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(h) = heading(t) {
            let h = inline(h);
            if title.is_none() {
                title = Some(h);
                continue;
            }
            out.push_str(&h);
            out.push('\n');
            continue;
        }
        if t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) && t.len() >= 3 {
            continue; // horizontal rule
        }
        let t = t.strip_prefix("> ").unwrap_or(t);
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .unwrap_or(t);
        out.push_str(&inline(t));
        out.push('\n');
    }
    LoadedArticle {
        meta: Default::default(),
        title: title.unwrap_or_else(|| title_from_stem(stem)),
        date,
        source,
        text: tidy_body(&out),
    }
}

fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim().trim_end_matches('#').trim())
    } else {
        None
    }
}

/// Links and images become their text; emphasis and code markers go.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let image = c == '!' && chars.get(i + 1) == Some(&'[');
        if c == '[' || image {
            let open = if image { i + 1 } else { i };
            if let Some(close) = chars[open..].iter().position(|&c| c == ']').map(|p| p + open)
                && chars.get(close + 1) == Some(&'(')
                && let Some(end) = chars[close..].iter().position(|&c| c == ')').map(|p| p + close)
            {
                if !image {
                    out.extend(&chars[open + 1..close]);
                }
                i = end + 1;
                continue;
            }
        }
        let emphasis = matches!(c, '*' | '_' | '`')
            && (i == 0 || !chars[i - 1].is_alphanumeric() || !chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()));
        if !emphasis {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn front_matter_heading_and_inline_markup() {
        let md = "---\ntitle: \"From front matter\"\ndate: 2025-02-18\nsource: https://x.org\n---\n# Heading\n\nRubio **said** [talks](http://x) go on. ![img](a.png)\n\n- item_one\n";
        let a = parse(md, "f");
        assert_eq!(a.title, "From front matter");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.source.as_deref(), Some("https://x.org"));
        assert_eq!(a.text, "Heading\n\nRubio said talks go on.\n\nitem_one");
    }

    #[test]
    fn title_from_first_heading() {
        let a = parse("## Talks in Riyadh ##\n\nBody *text*.", "f");
        assert_eq!(a.title, "Talks in Riyadh");
        assert_eq!(a.text, "Body text.");
    }
}
