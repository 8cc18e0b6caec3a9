//! RTF to plain text: a small reader of our own, enough for the exports
//! news databases write (Factiva, Nexis). It keeps the visible text of the
//! document body: `\par` and `\line` become line breaks, table cells are
//! joined by ` | `, `\'hh` escapes are decoded in the file's `\ansicpg`
//! code page (Windows-1252 by default) and `\uN` escapes as Unicode, with
//! their fallback characters (`\ucN`) skipped. Destinations that are not
//! text (font and colour tables, style sheets, document info, pictures,
//! headers and footers, field instructions, `{\*…}`) are left out.
//!
//! The parser is a loop over the bytes with an explicit stack of groups, so
//! however deeply a file nests it uses constant program stack, and every
//! byte is looked at a bounded number of times.

use encoding_rs::Encoding;
use std::collections::HashMap;

/// Groups nested deeper than this are refused: no real document comes near.
pub const MAX_DEPTH: usize = 2_000;

/// Destinations whose content is not part of the text.
const SKIPPED: [&str; 32] = [
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "shppict",
    "nonshppict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "fldinst",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "xmlnstbl",
    "generator",
    "filetbl",
    "pgdsctbl",
    "private",
];

#[derive(Clone, Copy)]
struct Group {
    /// Inside a destination that is not text.
    skip: bool,
    /// How many fallback characters follow a `\uN` (`\ucN`).
    uc: usize,
    /// The font (`\fN`) the text is in, for its character set; `None` is `\deffN`.
    font: Option<i32>,
    /// Inside the font table, where `\fN\fcharsetN` declare the fonts.
    in_fonttbl: bool,
}

struct Reader {
    out: String,
    /// Text bytes not yet decoded: runs of plain and `\'hh` bytes are decoded
    /// together, so that a code page's two-byte characters come out whole.
    pending: Vec<u8>,
    /// The document's code page (`\ansicpg`).
    encoding: &'static Encoding,
    /// Each font's character set, where it names one other than the document's.
    fonts: HashMap<i32, Option<&'static Encoding>>,
    /// The font being declared in the font table.
    table_font: i32,
    default_font: Option<i32>,
    /// The current group's font.
    font: Option<i32>,
    /// A `\uN` high surrogate waiting for its low half.
    high: Option<u16>,
    /// Fallback characters still to skip after a `\uN`.
    to_skip: usize,
}

impl Reader {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let encoding = self
                .font
                .or(self.default_font)
                .and_then(|f| self.fonts.get(&f).copied().flatten())
                .unwrap_or(self.encoding);
            let (text, _) = encoding.decode_without_bom_handling(&self.pending);
            self.out.push_str(&text);
            self.pending.clear();
        }
    }

    fn push(&mut self, s: &str) {
        self.flush();
        self.high = None;
        self.out.push_str(s);
    }

    fn unicode(&mut self, n: i32) {
        self.flush();
        let unit = if n < 0 { n + 65_536 } else { n } as u32;
        match (self.high.take(), unit) {
            (_, 0xD800..=0xDBFF) => self.high = Some(unit as u16),
            (Some(high), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (unit - 0xDC00);
                self.out.extend(char::from_u32(c));
            }
            (_, 0xDC00..=0xDFFF) => self.out.push('\u{fffd}'),
            (_, u) => self.out.extend(char::from_u32(u).filter(|c| *c != '\0')),
        }
    }

    /// Ends a table row: the separator after its last cell is dropped.
    fn end_row(&mut self) {
        self.flush();
        let trimmed = self.out.trim_end_matches([' ', '|']).len();
        self.out.truncate(trimmed);
        self.out.push('\n');
    }
}

/// The text of an RTF document, or why it cannot be read.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err("the file is not RTF: it does not begin with {\\rtf".into());
    }
    let mut r = Reader {
        out: String::with_capacity(bytes.len() / 2),
        pending: Vec::new(),
        encoding: encoding_rs::WINDOWS_1252,
        fonts: HashMap::new(),
        table_font: 0,
        default_font: None,
        font: None,
        high: None,
        to_skip: 0,
    };
    let mut stack: Vec<Group> = Vec::new();
    let mut cur = Group {
        skip: false,
        uc: 1,
        font: None,
        in_fonttbl: false,
    };
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "the RTF nests groups more than {MAX_DEPTH} deep, which no document does: the file is damaged"
                    ));
                }
                r.flush();
                r.to_skip = 0;
                stack.push(cur);
                i += 1;
                if bytes[i..].starts_with(b"\\*") {
                    cur.skip = true;
                    i += 2;
                }
            }
            b'}' => {
                r.flush();
                r.to_skip = 0;
                cur = stack
                    .pop()
                    .ok_or("the RTF closes a group it never opened: the file is damaged")?;
                r.font = cur.font;
                i += 1;
                if stack.is_empty() {
                    r.flush();
                    return Ok(finish(r.out));
                }
            }
            b'\\' => i = control(bytes, i + 1, &mut cur, &mut r),
            b'\r' | b'\n' => i += 1,
            b => {
                if r.to_skip > 0 {
                    r.to_skip -= 1;
                } else if !cur.skip {
                    r.high = None;
                    r.pending.push(if b == b'\t' { b' ' } else { b });
                }
                i += 1;
            }
        }
    }
    if stack.is_empty() {
        return Err("the file is not RTF: it does not begin with {\\rtf".into());
    }
    Err(format!(
        "the RTF ends inside {} open group(s): the file is cut short or damaged",
        stack.len()
    ))
}

/// Reads the control word or symbol after a backslash at `i`, acts on it,
/// and returns where reading goes on.
fn control(bytes: &[u8], mut i: usize, cur: &mut Group, r: &mut Reader) -> usize {
    let Some(&first) = bytes.get(i) else { return i };
    if !first.is_ascii_alphabetic() {
        // A control symbol.
        let skipping = r.to_skip > 0;
        if skipping {
            r.to_skip -= 1;
        }
        let hex = first == b'\'';
        let next = if hex { (i + 3).min(bytes.len()) } else { i + 1 };
        if cur.skip || skipping {
            return next;
        }
        match first {
            b'\'' => {
                let digits = &bytes[i + 1..next];
                let value = std::str::from_utf8(digits)
                    .ok()
                    .filter(|d| d.len() == 2)
                    .and_then(|d| u8::from_str_radix(d, 16).ok());
                if let Some(v) = value {
                    r.high = None;
                    r.pending.push(v);
                }
            }
            b'\\' | b'{' | b'}' => {
                r.high = None;
                r.pending.push(first);
            }
            b'~' => r.push("\u{a0}"),
            b'_' => r.push("\u{2011}"),
            b'\n' | b'\r' => r.push("\n"),
            _ => {} // `\-` optional hyphen, `\:` index entries, `\*` handled at the group
        }
        return next;
    }
    let word_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - word_start < 32 {
        i += 1;
    }
    let word = std::str::from_utf8(&bytes[word_start..i]).unwrap_or("");
    let negative = bytes.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let digits_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - digits_start < 10 {
        i += 1;
    }
    let param: Option<i32> = (i > digits_start).then(|| {
        let v = std::str::from_utf8(&bytes[digits_start..i])
            .ok()
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(0);
        let v = if negative { -v } else { v };
        v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
    });
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    if word == "bin" {
        // Binary data: its bytes are not markup, so skip them unread.
        let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
        return i.saturating_add(n).min(bytes.len());
    }
    if r.to_skip > 0 {
        r.to_skip -= 1;
        return i;
    }
    if SKIPPED.contains(&word) {
        cur.skip = true;
        cur.in_fonttbl = word == "fonttbl";
        return i;
    }
    match word {
        "ansicpg" => r.encoding = code_page(param.unwrap_or(1252)),
        "mac" => r.encoding = encoding_rs::MACINTOSH,
        "uc" => cur.uc = usize::try_from(param.unwrap_or(1)).unwrap_or(1).min(8),
        "deff" => r.default_font = param,
        "f" if cur.in_fonttbl => r.table_font = param.unwrap_or(0),
        // Bounded, so that a hostile table cannot grow without end.
        "fcharset" if cur.in_fonttbl && r.fonts.len() < 10_000 => {
            r.fonts.insert(r.table_font, charset(param.unwrap_or(0)));
        }
        _ if cur.skip => {}
        "f" | "plain" => {
            r.flush();
            cur.font = if word == "f" { param } else { None };
            r.font = cur.font;
        }
        "u" => {
            r.unicode(param.unwrap_or(0));
            r.to_skip = cur.uc;
        }
        "par" | "line" | "sect" | "page" | "softline" => r.push("\n"),
        "tab" => r.push("\t"),
        "cell" | "nestcell" => r.push(" | "),
        "row" | "nestrow" => r.end_row(),
        "emdash" => r.push("—"),
        "endash" => r.push("–"),
        "bullet" => r.push("•"),
        "lquote" => r.push("‘"),
        "rquote" => r.push("’"),
        "ldblquote" => r.push("“"),
        "rdblquote" => r.push("”"),
        "emspace" | "enspace" | "qmspace" => r.push(" "),
        _ => {}
    }
    i
}

/// The encodings of the code pages `\ansicpg` names; Windows-1252 for others.
fn code_page(n: i32) -> &'static Encoding {
    use encoding_rs::*;
    match n {
        874 => WINDOWS_874,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        866 => IBM866,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        20866 => KOI8_R,
        28591 | 1252 => WINDOWS_1252,
        28592 => ISO_8859_2,
        65001 => UTF_8,
        _ => WINDOWS_1252,
    }
}

/// The encodings of the font character sets (`\fcharsetN`) that differ from
/// the document's code page; ANSI, default and symbol fonts use the document's.
fn charset(n: i32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match n {
        77 => MACINTOSH,
        128 => SHIFT_JIS,
        129 => EUC_KR,
        134 => GBK,
        136 => BIG5,
        161 => WINDOWS_1253,
        162 => WINDOWS_1254,
        163 => WINDOWS_1258,
        177 => WINDOWS_1255,
        178 => WINDOWS_1256,
        186 => WINDOWS_1257,
        204 => WINDOWS_1251,
        222 => WINDOWS_874,
        238 => WINDOWS_1250,
        _ => return None,
    })
}

/// Control characters other than line breaks and tabs dropped, line ends trimmed.
fn finish(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        if !out.is_empty() {
            out.push('\n');
        }
        let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        out.push_str(line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        to_text(rtf.as_bytes()).unwrap()
    }

    #[test]
    fn paragraphs_lines_and_skipped_tables() {
        let rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0\froman Times;}}{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s1 heading 1;}}{\info{\title Secret}{\author A}}
{\header Page header\par}\pard\plain\f0\fs24 First \b bold\b0  line\line second\par
Next paragraph\par}";
        assert_eq!(text(rtf), "First bold line\nsecond\nNext paragraph\n");
    }

    #[test]
    fn hex_escapes_in_the_code_page() {
        assert_eq!(text(r"{\rtf1\ansi Caf\'e9 \'93quoted\'94 \'80 5}"), "Café “quoted” € 5");
        // Cyrillic in Windows-1251.
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1251 \'cc\'e8\'f0}"), "Мир");
        // Two-byte characters of a far-eastern code page come out whole.
        assert_eq!(text(r"{\rtf1\ansi\ansicpg932 \'93\'fa\'96\'7b}"), "日本");
        // A font's character set wins over the document's code page.
        let fonts = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman\fcharset0 Times;}{\f1\fswiss\fcharset204 Arial Cyr;}
{\f2\fcharset161 Greek;}}\f0 Caf\'e9 {\f1 \'cc\'e8\'f0} {\f2 \'e1} \f1\'cc\plain\'e9}";
        assert_eq!(text(fonts), "Café Мир α Мé");
        assert_eq!(
            text(r"{\rtf1\ansi\deff1{\fonttbl{\f0\fcharset0 A;}{\f1\fcharset204 B;}}\'cc}"),
            "М"
        );
        // Escaped markup characters and symbols.
        assert_eq!(text(r"{\rtf1 a\{b\}c\\d\~e\emdash f}"), "a{b}c\\d\u{a0}e—f");
    }

    #[test]
    fn unicode_escapes_skip_their_fallback_characters() {
        assert_eq!(text(r"{\rtf1 \u8220?Hi\u8221? \u-3913?}"), "“Hi” \u{f0b7}");
        // \uc2: two fallback characters, a hex escape counting as one.
        assert_eq!(text(r"{\rtf1\uc2 \u26085\'93\'fa next}"), "日 next");
        // \uc0: no fallback; the setting ends with its group.
        assert_eq!(text(r"{\rtf1{\uc0 \u233 x}\u233 ex}"), "éxéx");
        // A surrogate pair.
        assert_eq!(text(r"{\rtf1 \u-10179?\u-8704?}"), "😀");
    }

    #[test]
    fn nested_destinations_are_skipped_whole() {
        let rtf = r"{\rtf1 Before {\*\generator Riched20;}{\*\bkmkstart a{\b nested {deeper}}}
{\field{\*\fldinst{HYPERLINK http://x.org}}{\fldrslt{the link}}} after{\pict\pngblip 89504e47{\*\blipuid 1}}\par}";
        assert_eq!(text(rtf), "Before the link after\n");
        // Binary data is skipped by its length, braces inside it included.
        assert_eq!(text("{\\rtf1 a {\\pict\\bin4 }{}{}b}"), "a b");
    }

    #[test]
    fn table_cells_are_joined() {
        let rtf = r"{\rtf1\trowd\cellx2000\cellx8000\intbl HD\cell Talks resume\cell\row
\trowd\cellx2000\cellx8000\intbl BY\cell Jane Doe\cell\row\pard After\par}";
        assert_eq!(text(rtf), "HD | Talks resume\nBY | Jane Doe\nAfter\n");
    }

    #[test]
    fn hostile_input_is_refused_or_read_in_bounded_work() {
        let deep = "{\\rtf1 ".to_owned() + &"{".repeat(1_000_000) + "x";
        let e = to_text(deep.as_bytes()).unwrap_err();
        assert!(e.contains("deep"), "{e}");
        let open = to_text(br"{\rtf1 {\b text}").unwrap_err();
        assert!(open.contains("cut short"), "{open}");
        assert!(to_text(b"plain text").unwrap_err().contains("not RTF"));
        assert!(to_text(br"{\rtf1 }}").is_ok());
        assert!(to_text(b"").is_err());
        // A million hex escapes decode in one pass.
        let hex = "{\\rtf1 ".to_owned() + &"\\'e9".repeat(1_000_000) + "}";
        assert_eq!(text(&hex).chars().count(), 1_000_000);
        // Truncated escapes and parameters at the very end never read past it.
        for cut in [
            r"{\rtf1 \'",
            r"{\rtf1 \'e",
            r"{\rtf1 \u-",
            r"{\rtf1 \",
            r"{\rtf1 \bin99999",
        ] {
            assert!(to_text(cut.as_bytes()).is_err(), "{cut}");
        }
        let long = "{\\rtf1 \\".to_owned() + &"a".repeat(100_000) + "99999999999999999999 x}";
        assert!(to_text(long.as_bytes()).is_ok());
    }
}
