//! Tokens and sentences. Offsets are bytes here; the output converts to chars.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
    /// A line break; two in a row separate paragraphs.
    Newline,
    /// `'s` / `’s` after a name.
    Possessive,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Inside a direct quotation.
    pub quoted: bool,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‘')
}

pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '’')
}

/// Splits text into tokens. Words keep inner hyphens and apostrophes
/// ("Al-Aiban", "won't"), abbreviations keep their dots ("U.S."), and a
/// possessive `'s` is its own token.
pub fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out: Vec<Token> = Vec::with_capacity(src.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        // Spaces and ASCII letters are most of any text: no char decoding for them.
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(src, i);
        // Words first: they are most of any text.
        if is_word_char(c) {
            let (end, kind) = word_end(src, i, c);
            out.push(Token {
                start: i,
                end,
                kind,
                quoted: false,
            });
            i = end;
            continue;
        }
        if c == '\n' {
            out.push(Token {
                start: i,
                end: i + 1,
                kind: Kind::Newline,
                quoted: false,
            });
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_apostrophe(c) {
            let rest = &src[i + c.len_utf8()..];
            let after_word = out.last().is_some_and(|t| t.end == i && t.kind == Kind::Word);
            if after_word
                && (rest.starts_with('s') || rest.starts_with('S'))
                && !rest[1..].chars().next().is_some_and(is_word_char)
            {
                let end = i + c.len_utf8() + 1;
                out.push(Token {
                    start: i,
                    end,
                    kind: Kind::Possessive,
                    quoted: false,
                });
                i = end;
                continue;
            }
        }
        out.push(Token {
            start: i,
            end: i + c.len_utf8(),
            kind: Kind::Punct,
            quoted: false,
        });
        i += c.len_utf8();
    }
    mark_quotes(src, &mut out);
    out
}

fn char_at(src: &str, i: usize) -> char {
    match src.as_bytes()[i] {
        b if b < 0x80 => b as char,
        _ => src[i..].chars().next().expect("i is a char boundary"),
    }
}

/// The end and kind of the word token that starts at `i` with `c`.
fn word_end(src: &str, i: usize, c: char) -> (usize, Kind) {
    let bytes = src.as_bytes();
    let mut end = i + c.len_utf8();
    let mut kind = if c.is_ascii_digit() { Kind::Number } else { Kind::Word };
    loop {
        end += bytes[end..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let j = end;
        // Most words end at a space or a comma: only a byte that might join
        // (a hyphen, dot, comma, apostrophe or any non-ASCII char) needs the
        // rules below.
        match bytes.get(j) {
            None => break,
            Some(b'-' | b'.' | b',' | b'\'' | 0x80..) => {}
            Some(_) => break,
        }
        let Some(d) = src[j..].chars().next() else {
            break;
        };
        if is_word_char(d) {
            end = j + d.len_utf8();
            continue;
        }
        let after = &src[j + d.len_utf8()..];
        let next = after.chars().next();
        let joins = match d {
            '-' | '‐' => next.is_some_and(is_word_char),
            '.' | ',' if kind == Kind::Number => next.is_some_and(|n| n.is_ascii_digit()),
            // Abbreviations such as "U.S." and initials such as "V.": the
            // part before the dot is a single capital letter.
            '.' => {
                let last_part = src[i..end].rsplit('.').next().unwrap_or("");
                let mut chars = last_part.chars();
                chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
            }
            _ if is_apostrophe(d) => {
                let possessive = (after.starts_with('s') || after.starts_with('S'))
                    && !after[1..].chars().next().is_some_and(is_word_char);
                !possessive && next.is_some_and(char::is_alphabetic)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end = j + d.len_utf8();
        if kind == Kind::Number && !matches!(d, '.' | ',') {
            kind = Kind::Word;
        }
        if d == '.' && !next.is_some_and(is_word_char) {
            break; // the dot ends the abbreviation
        }
    }
    (end, kind)
}

/// Marks tokens inside quotation marks. Curly quotes pair up by direction;
/// straight quotes toggle. Quotes never run past a paragraph.
fn mark_quotes(src: &str, tokens: &mut [Token]) {
    let mut open = false;
    for t in tokens.iter_mut() {
        if t.kind == Kind::Newline {
            open = false;
            continue;
        }
        if t.kind == Kind::Punct {
            let c = src[t.start..].chars().next().unwrap_or(' ');
            if c == '"' {
                open = !open;
                t.quoted = true;
                continue;
            }
            if c == '“' || c == '«' || c == '„' {
                open = true;
                t.quoted = true;
                continue;
            }
            if c == '”' || c == '»' {
                t.quoted = true;
                open = false;
                continue;
            }
        }
        t.quoted = open;
    }
}

/// Every token's text in lower case, in one buffer, with the word lists it
/// is in: the analysis compares lower-case words and asks about lists for
/// nearly every token, and one allocation or hash per question used to cost
/// more than the comparisons.
pub struct LowerWords {
    buf: String,
    /// Token index → byte range in `buf`.
    spans: Vec<(u32, u32)>,
    /// Token index → [`lexicon::classes`](super::lexicon::classes).
    classes: Vec<u64>,
}

impl LowerWords {
    pub fn new(src: &str, tokens: &[Token]) -> LowerWords {
        // ASCII lower-casing keeps every byte offset, so the text lowered in
        // one pass serves every ASCII token in place; the few tokens whose
        // Unicode lower case differs are appended after it.
        let mut buf = String::with_capacity(src.len() + 64);
        buf.push_str(src);
        buf.make_ascii_lowercase();
        // Zero bytes after the text, so that 16 bytes can be read from any
        // word's start (list lookups pack a word with one load).
        buf.push_str("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        let mut spans = Vec::with_capacity(tokens.len());
        let mut classes = Vec::with_capacity(tokens.len());
        // The next non-ASCII byte at or after a position: one forward scan
        // for all tokens instead of a test of every token's bytes, whose
        // varying lengths the branch predictor cannot follow.
        let bytes = src.as_bytes();
        let wide_from = |p: usize| bytes[p..].iter().position(|&b| b >= 0x80).map_or(usize::MAX, |k| p + k);
        let mut next_wide = wide_from(0);
        for t in tokens {
            if next_wide < t.start {
                next_wide = wide_from(t.start);
            }
            let ascii = next_wide >= t.end;
            let text = t.text(src);
            // Lists fold ASCII case only, so every token is asked as written
            // with ASCII folded, which is its place in the lowered text:
            // "Ban\u{212A}" (a Kelvin sign) is not "bank".
            classes.push(if t.kind == Kind::Word {
                super::lexicon::classes_of_lowered(buf.as_bytes(), t.start, t.end)
            } else {
                0
            });
            let span = if ascii {
                (t.start as u32, t.end as u32)
            } else {
                // The word's own lower case: a final 'Σ' becomes 'ς'.
                let start = buf.len();
                buf.push_str(&text.to_lowercase());
                (start as u32, buf.len() as u32)
            };
            spans.push(span);
        }
        LowerWords { buf, spans, classes }
    }

    pub fn get(&self, token: usize) -> &str {
        let (a, b) = self.spans[token];
        &self.buf[a as usize..b as usize]
    }

    /// Whether the token is a word of `list`.
    pub fn is(&self, token: usize, list: super::lexicon::List) -> bool {
        list.has(self.classes[token])
    }
}

#[derive(Clone, Debug)]
pub struct Sentence {
    /// Token range.
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    /// A headline-like line: no final punctuation, few words.
    pub heading: bool,
    pub paragraph: usize,
}

/// Far longer than any real sentence (news sentences rarely pass 80 words).
pub const MAX_SENTENCE_TOKENS: usize = 400;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "sen", "rep", "gov", "prof", "st", "jr",
    "sr", "inc", "ltd", "co", "corp", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mt", "ft", "approx", "est", "dept", "univ", "rev", "hon", "pres", "e.g", "i.e", "etc", "al",
];

/// Sentence-final punctuation followed by a new sentence start, unless the
/// word before is an abbreviation; line breaks always end a sentence.
pub fn sentences(src: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = None::<usize>;
    let mut paragraph = 0;
    let mut i = 0;
    let push = |first: usize, last: usize, paragraph: usize, out: &mut Vec<Sentence>| {
        let heading = is_heading(src, &tokens[first..=last]);
        out.push(Sentence {
            first,
            last,
            start: tokens[first].start,
            end: tokens[last].end,
            heading,
            paragraph,
        });
    };
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind == Kind::Newline {
            if let Some(s) = start.take() {
                push(s, i - 1, paragraph, &mut out);
            }
            paragraph += 1;
            i += 1;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        // Text without sentence punctuation (a table, a scraped page as one
        // line) is cut into pieces, so work per sentence stays bounded.
        if let Some(s) = start
            && i + 1 - s >= MAX_SENTENCE_TOKENS
        {
            push(s, i, paragraph, &mut out);
            start = None;
            i += 1;
            continue;
        }
        // Bytes, not str slices: this runs for every token.
        let bytes = &src.as_bytes()[t.start..t.end];
        let ends = t.kind == Kind::Punct && matches!(bytes, b"." | b"!" | b"?" | b"\xE2\x80\xA6"); // "…"
        let abbrev_end = t.kind == Kind::Word && bytes.len() > 2 && bytes.ends_with(b".");
        if ends || abbrev_end {
            let text = t.text(src);
            // Closing quotes and brackets belong to the sentence they close.
            let mut j = i + 1;
            // A straight quote closes this sentence only when it touches it;
            // after a space it opens the next one.
            while j < tokens.len()
                && tokens[j].kind == Kind::Punct
                && matches!(tokens[j].text(src), "”" | "\"" | "’" | ")" | "]" | "»" | "'")
                && (!matches!(tokens[j].text(src), "\"" | "'") || tokens[j].start == tokens[j - 1].end)
            {
                j += 1;
            }
            let next = tokens.get(j);
            let next_starts = match next {
                None => true,
                Some(n) if n.kind == Kind::Newline => true,
                Some(n) => {
                    let c = n.text(src).chars().next().unwrap_or(' ');
                    c.is_uppercase() || c.is_ascii_digit() || is_open_quote(c) || c == '"'
                }
            };
            let prev_word = if ends && i > 0 {
                tokens[i - 1].text(src)
            } else {
                text.trim_end_matches('.')
            };
            let is_abbrev = ends
                && text == "."
                && i > 0
                && tokens[i - 1].end == t.start
                && (contains_ci(ABBREVIATIONS, prev_word)
                    || (prev_word.chars().count() == 1 && prev_word.chars().all(|c| c.is_uppercase())));
            // "U.S." ends a sentence only before a word that usually starts one.
            let abbrev_ok = !abbrev_end
                || next.is_some_and(|n| {
                    let w = n.text(src);
                    matches!(
                        w,
                        "The" | "This" | "It" | "He" | "She" | "They" | "We" | "In" | "On" | "But" | "A"
                    )
                });
            if next_starts && !is_abbrev && abbrev_ok {
                push(start.take().unwrap_or(i), j - 1, paragraph, &mut out);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        let last = tokens.len() - 1;
        let last = (s..=last).rev().find(|&k| tokens[k].kind != Kind::Newline).unwrap_or(s);
        push(s, last, paragraph, &mut out);
    }
    out
}

fn contains_ci(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A short line without final punctuation whose words are mostly capitalised.
fn is_heading(src: &str, toks: &[Token]) -> bool {
    let last = toks.iter().rev().find(|t| t.kind != Kind::Newline);
    let Some(last) = last else { return false };
    if last.kind == Kind::Punct && matches!(last.text(src), "." | "!" | "?" | "”" | "\"" | ":" | "…" | ")") {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    for t in toks.iter().filter(|t| t.kind == Kind::Word) {
        words += 1;
        if words > 14 {
            return false;
        }
        caps += t.text(src).chars().next().is_some_and(|c| c.is_uppercase()) as usize;
    }
    words > 0 && caps * 2 >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<&str> {
        tokenize(src)
            .iter()
            .filter(|t| t.kind != Kind::Newline)
            .map(|t| t.text(src))
            .collect()
    }

    fn sents(src: &str) -> Vec<&str> {
        let t = tokenize(src);
        sentences(src, &t).iter().map(|s| &src[s.start..s.end]).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_hyphens_and_possessives() {
        assert_eq!(words("U.S.-Russia talks"), ["U.S.", "-", "Russia", "talks"]);
        assert_eq!(words("Rubio’s comments"), ["Rubio", "’s", "comments"]);
        assert_eq!(words("Al-Aiban won't go"), ["Al-Aiban", "won't", "go"]);
        assert_eq!(words("#US airlines"), ["#", "US", "airlines"]);
        assert_eq!(words("1,000 people, 3.5 km"), ["1,000", "people", ",", "3.5", "km"]);
        assert_eq!(words("Erdoğan said"), ["Erdoğan", "said"]);
        assert_eq!(words("the U.N. said"), ["the", "U.N.", "said"]);
    }

    #[test]
    fn lower_words_keep_offsets_and_fold_lists_by_ascii_case() {
        use crate::analysis::lexicon;
        let src = "The U.S. SAID “ΧΘΕΣ” Ban\u{212A} Bank said";
        let toks = tokenize(src);
        let lower = LowerWords::new(src, &toks);
        let words: Vec<&str> = (0..toks.len()).map(|i| lower.get(i)).collect();
        assert_eq!(
            words,
            [
                "the",
                "u.s.",
                "said",
                "“",
                "χθες",
                "”",
                "ban\u{212A}".to_lowercase().as_str(),
                "bank",
                "said"
            ]
        );
        assert!(lower.is(2, lexicon::REPORTING_VERBS) && lower.is(8, lexicon::REPORTING_VERBS));
        assert!(lower.is(7, lexicon::ORG_HEADS) && !lower.is(6, lexicon::ORG_HEADS));
        assert!(lower.is(0, lexicon::FUNCTION_WORDS) && !lower.is(3, lexicon::FUNCTION_WORDS));
    }

    #[test]
    fn quotes_are_marked() {
        let src = "“We need talks,” Rubio said. He left.";
        let t = tokenize(src);
        let quoted: Vec<&str> = t.iter().filter(|t| t.quoted).map(|t| t.text(src)).collect();
        assert_eq!(quoted, ["“", "We", "need", "talks", ",", "”"]);
    }

    #[test]
    fn segmentation_survives_abbreviations_quotes_and_brackets() {
        assert_eq!(
            sents("U.S. and Russian diplomats met. Mr. Smith spoke to Gen. Jones. It ended."),
            [
                "U.S. and Russian diplomats met.",
                "Mr. Smith spoke to Gen. Jones.",
                "It ended."
            ]
        );
        assert_eq!(
            sents("Putin is ready “if necessary.” This remark was made [on Tuesday]. Next (one) here."),
            [
                "Putin is ready “if necessary.”",
                "This remark was made [on Tuesday].",
                "Next (one) here."
            ]
        );
        assert_eq!(
            sents("Talks in the U.S. The next day, more."),
            ["Talks in the U.S.", "The next day, more."]
        );
        assert_eq!(
            sents("Headline Here\n\nBody text. More text."),
            ["Headline Here", "Body text.", "More text."]
        );
        assert_eq!(sents("Vladimir V. Putin spoke."), ["Vladimir V. Putin spoke."]);
    }

    #[test]
    fn text_without_punctuation_is_cut_into_bounded_pieces() {
        let src = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 10);
        let t = tokenize(&src);
        let s = sentences(&src, &t);
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|s| s.last + 1 - s.first <= MAX_SENTENCE_TOKENS));
        assert_eq!(s[2].last, t.len() - 1);
    }

    #[test]
    fn headings_are_recognised() {
        let src = "Shift in U.S.-Russia Relations\n\nRubio emphasized that both must act.";
        let t = tokenize(src);
        let s = sentences(src, &t);
        assert!(s[0].heading);
        assert!(!s[1].heading);
    }
}
