//! HTML pages to article text. A small tokenizer of our own rather than a DOM:
//! it keeps only visible text, never executes or fetches anything, and runs in
//! constant stack depth however deeply the page nests.

use super::dates::parse_date;
use super::{LoadedArticle, tidy_body, title_from_stem};

/// Elements whose content is never article text.
const HIDDEN: [&str; 12] = [
    "script", "style", "noscript", "template", "head", "nav", "aside", "footer", "form", "svg", "iframe", "button",
];
/// Elements that end a paragraph.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "blockquote",
    "pre",
    "figcaption",
    "dd",
    "dt",
    "hr",
    "main",
];
const DATE_META: [&str; 9] = [
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "datepublished",
];

pub fn parse(html: &str, stem: &str) -> LoadedArticle {
    let page = scan(html, ' ');
    let title_tag = collapse(&page.title_tag);
    let title = page
        .h1
        .filter(|h| !h.is_empty())
        .or((!title_tag.is_empty()).then_some(title_tag))
        .unwrap_or_else(|| title_from_stem(stem));
    // The page title usually repeats as the first heading; keep the body clean of it.
    let mut body = tidy_body(&page.out);
    if let Some(rest) = body.strip_prefix(&title) {
        body = rest.trim_start().to_owned();
    }
    LoadedArticle {
        meta: Default::default(),
        title,
        date: page.date,
        source: page.source,
        text: body,
    }
}

/// The visible text of a page with table cells set off by tabs, so that a
/// row of cells stays one line that can be split again (Factiva's field
/// tables). Forms are kept: Factiva's saved pages hold the articles in one.
pub fn cell_text(html: &str) -> String {
    tidy_body(&scan(html, '\t').out)
}

/// What a pass over a page collects.
struct Scan {
    out: String,
    title_tag: String,
    h1: Option<String>,
    date: Option<crate::model::Date>,
    source: Option<String>,
}

/// Visible text, with `cell` written at each table cell's start and end;
/// with a cell other than a space, forms are read too.
fn scan(html: &str, cell: char) -> Scan {
    let keep_forms = cell != ' ';
    let mut out = String::with_capacity(html.len() / 2);
    let mut title_tag = String::new();
    let mut h1 = None::<String>;
    let mut h1_buf: Option<String> = None;
    let mut in_title = false;
    let mut hidden: Option<(String, usize)> = None; // element name and nesting depth
    let mut date = None;
    let mut source = None;

    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(rest, &mut out, &mut title_tag, in_title, hidden.is_some(), &mut h1_buf);
            break;
        };
        push_text(
            &rest[..lt],
            &mut out,
            &mut title_tag,
            in_title,
            hidden.is_some(),
            &mut h1_buf,
        );
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            rest = rest.find("]]>").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            break; // truncated tag at the end of the file
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue; // <!DOCTYPE>, <?xml?>, stray "<"
        }
        let self_closing = tag.ends_with('/');

        // Raw-text elements: their content is not markup, so skip straight to the end tag.
        if matches!(name.as_str(), "script" | "style" | "textarea") && !closing && !self_closing {
            rest = skip_raw_text(rest, &name);
            continue;
        }
        if let Some((hname, depth)) = &mut hidden {
            if *hname == name {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        hidden = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            if name == "meta" {
                read_meta(tag, &mut date, &mut source);
            }
            if name == "title" && hidden.as_ref().is_some_and(|(h, _)| h == "head") {
                in_title = !closing;
            }
            continue;
        }
        match name.as_str() {
            "meta" => read_meta(tag, &mut date, &mut source),
            "title" => in_title = !closing,
            "time" if !closing && date.is_none() => {
                date = attr(tag, "datetime").and_then(|v| parse_date(&v));
            }
            n if HIDDEN.contains(&n) && (!keep_forms || n != "form") && !closing && !self_closing => {
                hidden = Some((name.clone(), 1));
                continue;
            }
            "h1" if !closing && h1.is_none() => h1_buf = Some(String::new()),
            "h1" if closing => {
                if let Some(buf) = h1_buf.take() {
                    let t = collapse(&buf);
                    if !t.is_empty() {
                        h1 = Some(t);
                    }
                }
            }
            _ => {}
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else if name == "td" || name == "th" {
            out.push(cell);
        }
    }
    Scan {
        out,
        title_tag,
        h1,
        date,
        source,
    }
}

/// What follows the end tag `</name…>`, found without regard to case.
fn skip_raw_text<'a>(s: &'a str, name: &str) -> &'a str {
    let bytes = s.as_bytes();
    let needle = name.as_bytes();
    let mut i = 0;
    while let Some(p) = s[i..].find("</").map(|p| p + i) {
        let after = p + 2;
        if bytes.len() >= after + needle.len() && bytes[after..after + needle.len()].eq_ignore_ascii_case(needle) {
            return s[after..].find('>').map_or("", |e| &s[after + e + 1..]);
        }
        i = after;
    }
    ""
}

/// End of a tag, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn push_text(raw: &str, out: &mut String, title: &mut String, in_title: bool, hidden: bool, h1: &mut Option<String>) {
    if raw.is_empty() {
        return;
    }
    if in_title {
        title.push_str(&decode_entities(raw));
        return;
    }
    if hidden {
        return;
    }
    let text = decode_entities(raw);
    if let Some(buf) = h1 {
        buf.push_str(&text);
    }
    // HTML whitespace is not significant: runs become one space.
    let mut last_space = out.ends_with([' ', '\n']);
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

fn read_meta(tag: &str, date: &mut Option<crate::model::Date>, source: &mut Option<String>) {
    let key = attr(tag, "property")
        .or_else(|| attr(tag, "name"))
        .or_else(|| attr(tag, "itemprop"));
    let Some(key) = key.map(|k| k.to_ascii_lowercase()) else {
        return;
    };
    let Some(content) = attr(tag, "content") else { return };
    if date.is_none() && DATE_META.contains(&key.as_str()) {
        *date = parse_date(&content);
    }
    if source.is_none() && key == "og:url" {
        *source = Some(content);
    }
}

/// The value of an attribute in a tag's source text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name).map(|p| p + from) {
        from = pos + name.len();
        let before_ok = pos == 0 || lower.as_bytes()[pos - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let v = tag[value_start..].trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(value));
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numeric references and the named entities news pages actually use.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn visible_text_title_and_meta_date() {
        let html = r#"<!DOCTYPE html><html><head><title>Page &amp; title</title>
            <meta property="article:published_time" content="2025-02-18T10:00:00Z">
            <style>p { color: red }</style><script>alert("x<y>")</script></head>
            <body><nav>Home | News</nav><h1>Talks in <em>Riyadh</em></h1>
            <p>Rubio said&nbsp;talks&nbsp;will go on.</p><p>Lavrov &ldquo;agreed&rdquo; &#8211; &#x41;.</p>
            <footer>© 2025</footer></body></html>"#;
        let a = parse(html, "f");
        assert_eq!(a.title, "Talks in Riyadh");
        assert_eq!(a.date, Date::new(2025, 2, 18));
        assert_eq!(a.text, "Rubio said talks will go on.\n\nLavrov “agreed” – A.");
    }

    #[test]
    fn title_tag_when_no_h1_and_time_element() {
        let a = parse(
            "<title>Only title</title><p>Posted <time datetime='2019-10-27'>Sunday</time>. Text.</p>",
            "f",
        );
        assert_eq!(a.title, "Only title");
        assert_eq!(a.date, Date::new(2019, 10, 27));
        assert_eq!(a.text, "Posted Sunday. Text.");
    }

    #[test]
    fn hostile_markup_does_not_break_parsing() {
        let deep = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        assert_eq!(parse(&deep, "f").text, "deep text");
        let a = parse("<p>a > b & c <unclosed", "stem");
        assert_eq!(a.text, "a > b & c");
        assert_eq!(a.title, "Stem");
        // Nested hidden elements of the same name, and a script containing tags.
        let b = parse(
            "<script>if (a<b) { document.write('<p>x</p>') }</script><p>kept</p>",
            "f",
        );
        assert_eq!(b.text, "kept");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("AT&amp;T &unknown; &#0; &#128512;"),
            "AT&T &unknown; &#0; 😀"
        );
    }
}
