//! PDF: the text layer, put back in reading order.
//!
//! `pdf-extract` decodes the fonts (ToUnicode maps, CID fonts, standard
//! encodings) and hands over every glyph with its position; the layout is
//! ours, because content streams are in drawing order, not reading order:
//! - glyphs become line fragments (same baseline, no wide gap);
//! - a page with a gutter (an x range no fragment crosses, down most of the
//!   page) is read column by column, lines spanning the gutter (a headline)
//!   where they stand;
//! - running headers and footers — lines in the top or bottom margin that
//!   repeat on other pages (digits aside) or are page numbers — are dropped;
//! - lines join into paragraphs at ordinary line spacing, a word hyphenated
//!   at a line end is joined ("negoti-" + "ations"), and a wider gap starts a
//!   new paragraph.
//!
//! Chosen over lopdf's own `extract_text` after trying both on the fixtures
//! (`tests/fixtures/pdf/`): lopdf gives the text in stream order without
//! positions, so columns, headers and hyphens could not be told apart.

use super::ImportError;
use lopdf::{Document, Object, ObjectId};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::collections::{HashMap, HashSet};

/// More pages than a news export holds; a page tree claiming more is
/// refused before any page is read.
pub const MAX_PAGES: usize = 5_000;
/// Glyphs in all: about 40 MB of text, far past any article collection.
const MAX_GLYPHS: usize = 20_000_000;

pub struct PdfText {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// The document's own title (its Info dictionary), if it has one.
    pub title: Option<String>,
    pub pages: usize,
}

pub fn read(bytes: &[u8]) -> Result<PdfText, ImportError> {
    if !bytes.starts_with(b"%PDF") && !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(pdf_error("the file is not a PDF (it does not start with %PDF)"));
    }
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| pdf_error(&format!("the PDF cannot be read ({e}); it may be damaged or cut short")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(pdf_error(
            "the PDF is protected with a password; open it in a PDF reader and save or print an unprotected copy",
        ));
    }
    let pages = count_pages(&doc)?;
    let title = info_title(&doc);
    let mut collect = Collect::default();
    // pdf-extract has unwraps on malformed content; one bad PDF must fail
    // alone, not take the import (or the app) down.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut collect)
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(_)) if collect.too_many => {
            return Err(pdf_error(
                "the PDF holds more text than an import takes (over 20 million characters)",
            ));
        }
        Ok(Err(e)) => return Err(pdf_error(&format!("the PDF's text cannot be read ({e:?})"))),
        Err(_) => return Err(pdf_error("the PDF's text cannot be read: its content is malformed")),
    }
    collect.finish_page();
    let glyphs: usize = collect.pages.iter().map(|p| p.glyphs).sum();
    if glyphs == 0 {
        return Err(pdf_error(&format!(
            "the PDF has no text layer ({pages} page(s) of images: a scan?); run it through OCR first, \
             e.g. `ocrmypdf in.pdf out.pdf`, and import the result"
        )));
    }
    let text = layout(&collect.pages);
    Ok(PdfText { text, title, pages })
}

fn pdf_error(msg: &str) -> ImportError {
    ImportError::Pdf(msg.to_owned())
}

/// Counts the leaves of the page tree without trusting `/Count`, visiting
/// each node once per path but giving up past [`MAX_PAGES`]: a tree that
/// reuses nodes can claim a million pages from a few objects.
fn count_pages(doc: &Document) -> Result<usize, ImportError> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
        .ok_or_else(|| pdf_error("the PDF has no page tree"))?;
    let mut stack: Vec<(ObjectId, usize)> = vec![(root, 0)];
    let mut leaves = 0usize;
    let mut steps = 0usize;
    while let Some((id, depth)) = stack.pop() {
        steps += 1;
        if depth > 64 || steps > MAX_PAGES * 4 {
            return Err(too_many_pages());
        }
        let Ok(dict) = doc.get_dictionary(id) else { continue };
        let is_pages = dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Pages");
        if !is_pages {
            leaves += 1;
            if leaves > MAX_PAGES {
                return Err(too_many_pages());
            }
            continue;
        }
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                if let Ok(k) = kid.as_reference() {
                    stack.push((k, depth + 1));
                }
            }
        }
    }
    Ok(leaves)
}

fn too_many_pages() -> ImportError {
    pdf_error(&format!(
        "the PDF has more than {MAX_PAGES} pages; split it (e.g. `qpdf --split-pages`) and import the parts"
    ))
}

fn info_title(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let dict = match info {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let Object::String(bytes, _) = dict.get(b"Title").ok()? else {
        return None;
    };
    let title = if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        // PDFDocEncoding is Latin-1 for the letters titles use.
        bytes.iter().map(|&b| b as char).collect()
    };
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty() && !title.eq_ignore_ascii_case("untitled")).then_some(title)
}

/// One glyph, in page space with y growing downwards.
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Page {
    height: f64,
    glyphs: usize,
    fragments: Vec<Fragment>,
}

/// Glyphs on one baseline with no wide gap: a line, or a line of one column.
#[derive(Clone, Debug)]
struct Fragment {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Collect {
    pages: Vec<Page>,
    current: Option<Page>,
    height: f64,
    glyphs: Vec<Glyph>,
    total: usize,
    too_many: bool,
}

impl Collect {
    fn finish_page(&mut self) {
        let Some(mut page) = self.current.take() else { return };
        page.glyphs = self.glyphs.len();
        page.fragments = fragments(std::mem::take(&mut self.glyphs));
        self.pages.push(page);
    }
}

impl OutputDev for Collect {
    fn begin_page(&mut self, _n: u32, media: &MediaBox, _art: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.finish_page();
        self.height = media.ury - media.lly;
        self.current = Some(Page {
            height: self.height,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.total += 1;
        if self.total > MAX_GLYPHS {
            self.too_many = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The font size as drawn: the text matrix scales (and may shear) it.
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt().max(0.1);
        let x = trm.m31;
        let y = self.height - trm.m32;
        if !x.is_finite() || !y.is_finite() {
            return Ok(());
        }
        self.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: char.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Glyphs into fragments: same baseline (within a third of the size), in
/// x order, split where the gap is wider than two letters.
fn fragments(mut glyphs: Vec<Glyph>) -> Vec<Fragment> {
    glyphs.retain(|g| !g.text.chars().all(char::is_control));
    // Stable sort by baseline then x keeps stream order among equals.
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() <= line[0].size.min(g.size) * 0.35 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut frag: Option<Fragment> = None;
        for g in line {
            if let Some(f) = &mut frag {
                let gap = g.x - f.x1;
                if gap > f.size * 1.6 {
                    out.push(frag.take().expect("some"));
                } else {
                    if gap > f.size * 0.12 && !f.text.ends_with(' ') && g.text != " " {
                        f.text.push(' ');
                    }
                    f.text.push_str(&g.text);
                    f.x1 = f.x1.max(g.end);
                    continue;
                }
            }
            frag = Some(Fragment {
                x0: g.x,
                x1: g.end,
                y: g.y,
                size: g.size,
                text: g.text,
            });
        }
        out.extend(frag);
    }
    for f in &mut out {
        f.text = f.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|f| !f.text.is_empty());
    out
}

/// A line's text with its digits as `#`: "Page 2 of 5" and "Page 3 of 5"
/// are the same running footer.
fn shape(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

fn is_page_number(text: &str) -> bool {
    let t = text.trim().trim_matches(['-', '–', '—', ' ', '|']).trim();
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("page").map(str::trim).unwrap_or(&lower);
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty() && *w != "of")
        .collect();
    !words.is_empty() && words.len() <= 2 && words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

fn layout(pages: &[Page]) -> String {
    // Running lines: in a margin band and repeated (digits aside) on
    // several pages, or page numbers.
    let margin = |p: &Page, f: &Fragment| f.y < p.height * 0.09 || f.y > p.height * 0.91;
    let mut seen: HashMap<String, HashSet<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        for f in p.fragments.iter().filter(|f| margin(p, f)) {
            seen.entry(shape(&f.text)).or_default().insert(i);
        }
    }
    let running = |p: &Page, f: &Fragment| {
        margin(p, f) && (is_page_number(&f.text) || seen.get(&shape(&f.text)).is_some_and(|s| s.len() >= 2))
    };
    let mut paragraphs: Vec<String> = Vec::new();
    // What separates each paragraph from the next: a blank line after a
    // gap, a line break after a short line.
    let mut breaks: Vec<&str> = Vec::new();
    let mut open = String::new();
    for page in pages {
        let kept: Vec<Fragment> = page.fragments.iter().filter(|f| !running(page, f)).cloned().collect();
        let (ordered, gutter) = reading_order(kept);
        let spacing = typical_spacing(&ordered);
        // Where the lines of each column end when they are full.
        let edge = |left: bool| {
            ordered
                .iter()
                .filter(|f| gutter.is_none_or(|g| (f.x1 <= g) == left))
                .map(|f| f.x1)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let (left_edge, right_edge) = (edge(true), edge(false));
        let mut last: Option<&Fragment> = None;
        for f in &ordered {
            if let Some(l) = last {
                let dy = f.y - l.y;
                // A new column or a step back up, a wider gap, or a change of size.
                let gap = dy < 0.0 || dy > spacing * 1.45 || (f.size - l.size).abs() > l.size * 0.15;
                // A line that stops well short of its column's edge ends its
                // paragraph (or is a line of its own: a dateline, a field).
                let full = if gutter.is_some_and(|g| l.x1 <= g) {
                    left_edge
                } else {
                    right_edge
                };
                let short = l.x1 < full - l.size * 6.0;
                if (gap || short) && !open.is_empty() {
                    paragraphs.push(std::mem::take(&mut open));
                    breaks.push(if gap { "\n\n" } else { "\n" });
                }
            }
            join_line(&mut open, &f.text);
            last = Some(f);
        }
        // A paragraph may run on to the next page: only a sentence end closes it.
        if open.ends_with(['.', '!', '?', '"', '”', ':']) {
            paragraphs.push(std::mem::take(&mut open));
            breaks.push("\n\n");
        }
    }
    if !open.is_empty() {
        paragraphs.push(open);
    }
    let mut text = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            text.push_str(breaks.get(i - 1).copied().unwrap_or("\n\n"));
        }
        text.push_str(p);
    }
    text
}

/// Adds a line to a paragraph: a word broken by a hyphen at the line end
/// joins when the next line goes on in lower case.
fn join_line(paragraph: &mut String, line: &str) {
    if paragraph.is_empty() {
        paragraph.push_str(line);
        return;
    }
    // Nothing typeset puts a space after a line-end hyphen: the line goes
    // on the word. A letter, the hyphen and a lower-case letter is a word
    // broken for the line; before a capital or after a digit the hyphen is
    // the word's own ("Franco-German", "2019-era").
    if paragraph.ends_with('-') {
        let broken = paragraph[..paragraph.len() - 1]
            .chars()
            .last()
            .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if broken {
            paragraph.pop();
        }
    } else {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// The distance from one line to the next within a paragraph: a low
/// quantile of the gaps, since pages of short lines between blank lines
/// (an export's metadata) have more paragraph gaps than line gaps.
fn typical_spacing(ordered: &[Fragment]) -> f64 {
    let largest = largest_size(ordered);
    let mut gaps: Vec<f64> = ordered
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|&d| d > 0.5 && d < largest * 3.0)
        .collect();
    if gaps.is_empty() {
        return ordered.first().map_or(12.0, |f| f.size * 1.2);
    }
    gaps.sort_by(f64::total_cmp);
    gaps[gaps.len() / 5]
}

/// The largest font size among the fragments, at least 1.
fn largest_size(frags: &[Fragment]) -> f64 {
    frags.iter().map(|f| f.size).fold(1.0, f64::max)
}

/// Fragments in reading order: top to bottom, and where the page has a
/// gutter, the left column's run before the right's, with lines that span
/// the gutter (headlines) kept in place between the runs.
fn reading_order(mut frags: Vec<Fragment>) -> (Vec<Fragment>, Option<f64>) {
    frags.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let Some(gutter) = find_gutter(&frags) else {
        return (frags, None);
    };
    let mut out = Vec::with_capacity(frags.len());
    let mut left: Vec<Fragment> = Vec::new();
    let mut right: Vec<Fragment> = Vec::new();
    for f in frags {
        if f.x0 < gutter && f.x1 > gutter {
            out.append(&mut left);
            out.append(&mut right);
            out.push(f);
        } else if f.x1 <= gutter {
            left.push(f);
        } else {
            right.push(f);
        }
    }
    out.append(&mut left);
    out.append(&mut right);
    (out, Some(gutter))
}

/// An x position in the middle of the text that no fragment crosses, with
/// text on both sides over most of the page's height: a column gutter.
fn find_gutter(frags: &[Fragment]) -> Option<f64> {
    if frags.len() < 8 {
        return None;
    }
    let x_min = frags.iter().map(|f| f.x0).fold(f64::INFINITY, f64::min);
    let x_max = frags.iter().map(|f| f.x1).fold(f64::NEG_INFINITY, f64::max);
    let width = x_max - x_min;
    if width <= 0.0 {
        return None;
    }
    let steps = 60;
    let size = largest_size(frags);
    let mut best: Option<(usize, f64)> = None;
    for i in 1..steps {
        let x = x_min + width * (0.25 + 0.5 * i as f64 / steps as f64);
        let crossing = frags.iter().filter(|f| f.x0 < x && f.x1 > x).count();
        let left: Vec<&Fragment> = frags.iter().filter(|f| f.x1 <= x).collect();
        let right: Vec<&Fragment> = frags.iter().filter(|f| f.x0 >= x).collect();
        // A few headlines may cross; a column may be short (the end of an
        // article), but both must run side by side for a few lines, or a
        // right-aligned date would make a "column".
        let span = |side: &[&Fragment]| {
            let top = side.iter().map(|f| f.y).fold(f64::INFINITY, f64::min);
            let bottom = side.iter().map(|f| f.y).fold(f64::NEG_INFINITY, f64::max);
            (top, bottom)
        };
        let ((lt, lb), (rt, rb)) = (span(&left), span(&right));
        let side_by_side = lb.min(rb) - lt.max(rt) >= size * 3.0;
        if crossing * 10 <= frags.len() && left.len() >= 3 && right.len() >= 3 && side_by_side {
            let score = crossing;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, x));
            }
        }
    }
    best.map(|(_, x)| x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(x0: f64, x1: f64, y: f64, text: &str) -> Fragment {
        Fragment {
            x0,
            x1,
            y,
            size: 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for t in ["3", "- 12 -", "Page 2 of 7", "page 4", "2 / 9", "| 5 |"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["Page one", "2019 talks", "Chapter 3", "US restricts flights"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn hyphenated_words_join_and_compounds_keep_their_hyphen() {
        let mut p = String::from("talks in the Europ-");
        join_line(&mut p, "ean capital");
        assert_eq!(p, "talks in the European capital");
        let mut p = String::from("the Franco-");
        join_line(&mut p, "German border");
        assert_eq!(p, "the Franco-German border");
        let mut p = String::from("a 2019-");
        join_line(&mut p, "era rule");
        assert_eq!(p, "a 2019-era rule", "a digit before the hyphen is no broken word");
    }

    #[test]
    fn two_columns_read_left_then_right_with_the_headline_first() {
        let mut frags = vec![frag(50.0, 500.0, 40.0, "Headline across both columns")];
        for row in 0..10 {
            let y = 80.0 + row as f64 * 12.0;
            frags.push(frag(50.0, 260.0, y, &format!("left {row}")));
            frags.push(frag(290.0, 500.0, y, &format!("right {row}")));
        }
        let order: Vec<String> = reading_order(frags).0.into_iter().map(|f| f.text).collect();
        assert_eq!(order[0], "Headline across both columns");
        assert_eq!(order[1], "left 0");
        assert_eq!(order[10], "left 9");
        assert_eq!(order[11], "right 0");
        assert_eq!(order[20], "right 9");
    }

    #[test]
    fn one_column_text_has_no_gutter() {
        let frags: Vec<Fragment> = (0..20)
            .map(|row| frag(50.0, 480.0 - (row % 3) as f64 * 40.0, 80.0 + row as f64 * 12.0, "line"))
            .collect();
        assert_eq!(find_gutter(&frags), None);
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        for bytes in [&b"not a pdf at all"[..], b"%PDF-1.4\n1 0 obj <<", b"%PDF-1.7\n%%EOF\n"] {
            assert!(matches!(read(bytes), Err(ImportError::Pdf(_))));
        }
    }
}
