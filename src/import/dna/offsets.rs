//! DNA's statement offsets, counted in UTF-16 code units of the document
//! text (DNA is Java, and a Java `String` is UTF-16; which text, see
//! `super::as_dna_shows`), turned into char offsets of the text as we store
//! it: NFC, `\n` line ends, no NULs ([`normalize_text`]).
//!
//! The raw text is cut into pieces at *stable* boundaries: before a char
//! that normalisation never joins with what precedes it (a starter that is
//! NFC as it stands, not the `\n` of a `\r\n`, not a NUL, which is removed
//! and could bring its neighbours together). Each piece normalises on its
//! own, and the pieces laid end to end are the normalised text; a piece
//! normalisation leaves as it is maps char for char, and only the few that
//! change (a `\r\n`, a decomposed accent) need care. An offset inside such
//! a piece is mapped if the part of the piece on the span's side
//! normalises to the matching end of the normalised piece; otherwise the
//! offset cuts a character that normalisation made one, and the span is
//! reported, never moved. Every mapped span is checked at the end: its text
//! is the normalised text of DNA's span, exactly.

use crate::model::text::{CharIndex, normalize_text};
use std::fmt;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Why a DNA span has no place in the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanProblem {
    /// Past the end of the text (`len` UTF-16 code units).
    OutOfRange { len: usize },
    /// Between the two halves of a character outside the BMP (a surrogate pair).
    InsideSurrogatePair(usize),
    /// Inside characters that normalisation joins into one (e.g. "e" and a
    /// combining accent becoming "é").
    InsideComposed(usize),
    /// Nothing is left of the span once normalised (e.g. only NULs).
    Empty,
    /// The mapped span's text is not DNA's span normalised: never expected;
    /// reported rather than trusted.
    Mismatch,
}

impl fmt::Display for SpanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanProblem::OutOfRange { len } => {
                write!(f, "the span lies outside the document's text ({len} UTF-16 code units)")
            }
            SpanProblem::InsideSurrogatePair(at) => write!(
                f,
                "offset {at} falls between the two halves of a character outside the BMP"
            ),
            SpanProblem::InsideComposed(at) => write!(
                f,
                "offset {at} falls inside characters that normalisation (NFC) joins into one"
            ),
            SpanProblem::Empty => write!(f, "the span is empty once the text is normalised"),
            SpanProblem::Mismatch => write!(f, "the span could not be mapped exactly"),
        }
    }
}

/// A run of the raw text: either pieces normalisation leaves alone
/// (`changed: false`, mapped char for char) or one piece it changes.
#[derive(Clone, Debug)]
struct Run {
    /// Where the run starts: UTF-16 offset and byte offset in the raw text,
    /// char offset and byte offset in the normalised text.
    u16_at: usize,
    raw_at: usize,
    out_at: usize,
    out_byte: usize,
    u16_len: usize,
    raw_len: usize,
    out_len: usize,
    out_bytes: usize,
    changed: bool,
}

/// A document's text normalised, with what it takes to map DNA's offsets.
pub struct OffsetMap<'a> {
    raw: &'a str,
    /// The normalised text: equal to `normalize_text(raw)`.
    pub text: String,
    index: CharIndex,
    runs: Vec<Run>,
    u16_len: usize,
}

/// Whether normalisation can never join `c` with what precedes it.
fn stable_before(c: char, prev: char) -> bool {
    c != '\0'
        && !(c == '\n' && prev == '\r')
        && canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// A piece as [`normalize_text`] leaves it?
fn unchanged(piece: &str) -> bool {
    !piece.contains(['\r', '\0']) && is_nfc_quick(piece.chars()) == IsNormalized::Yes
}

impl<'a> OffsetMap<'a> {
    pub fn new(raw: &'a str) -> OffsetMap<'a> {
        let mut map = OffsetMap {
            raw,
            text: String::with_capacity(raw.len()),
            index: CharIndex::default(),
            runs: Vec::new(),
            u16_len: 0,
        };
        let mut piece_start = 0;
        let mut piece_u16 = 0;
        let mut u16_at = 0;
        let mut prev = '\0';
        for (i, c) in raw.char_indices() {
            if i > 0 && stable_before(c, prev) {
                map.push_piece(piece_start, i, piece_u16, u16_at - piece_u16);
                piece_start = i;
                piece_u16 = u16_at;
            }
            u16_at += c.len_utf16();
            prev = c;
        }
        if piece_start < raw.len() {
            map.push_piece(piece_start, raw.len(), piece_u16, u16_at - piece_u16);
        }
        map.u16_len = u16_at;
        map.index = CharIndex::new(&map.text);
        map
    }

    fn push_piece(&mut self, from: usize, to: usize, u16_at: usize, u16_len: usize) {
        let raw = self.raw;
        let piece = &raw[from..to];
        let out_at = self.runs.last().map_or(0, |r| r.out_at + r.out_len);
        let out_byte = self.text.len();
        if unchanged(piece) {
            self.text.push_str(piece);
            let chars = piece.chars().count();
            if let Some(last) = self.runs.last_mut().filter(|r| !r.changed) {
                last.u16_len += u16_len;
                last.raw_len += piece.len();
                last.out_len += chars;
                last.out_bytes += piece.len();
                return;
            }
            self.runs.push(Run {
                u16_at,
                raw_at: from,
                out_at,
                out_byte,
                u16_len,
                raw_len: piece.len(),
                out_len: chars,
                out_bytes: piece.len(),
                changed: false,
            });
        } else {
            let norm = normalize_text(piece.to_owned());
            self.text.push_str(&norm);
            self.runs.push(Run {
                u16_at,
                raw_at: from,
                out_at,
                out_byte,
                u16_len,
                raw_len: piece.len(),
                out_len: norm.chars().count(),
                out_bytes: norm.len(),
                changed: true,
            });
        }
    }

    /// The raw text's length in UTF-16 code units, as Java counts it.
    pub fn utf16_len(&self) -> usize {
        self.u16_len
    }

    /// The byte offset in the raw text of a UTF-16 offset, `None` inside a
    /// surrogate pair or past the end.
    fn raw_byte(&self, u16: usize) -> Option<usize> {
        if u16 > self.u16_len {
            return None;
        }
        if u16 == self.u16_len {
            return Some(self.raw.len());
        }
        let r = &self.runs[self.run_at(u16)];
        let mut at = r.u16_at;
        for (b, c) in self.raw[r.raw_at..r.raw_at + r.raw_len].char_indices() {
            if at == u16 {
                return Some(r.raw_at + b);
            }
            if at > u16 {
                return None;
            }
            at += c.len_utf16();
        }
        None
    }

    /// The run holding UTF-16 offset `u16` (< the length).
    fn run_at(&self, u16: usize) -> usize {
        self.runs.partition_point(|r| r.u16_at <= u16) - 1
    }

    /// The char offset in the normalised text of a span boundary; `start`
    /// says which end of the span it is.
    fn map(&self, u16: usize, start: bool) -> Result<usize, SpanProblem> {
        if u16 == self.u16_len {
            return Ok(self.index.char_len());
        }
        let r = &self.runs[self.run_at(u16)];
        if u16 == r.u16_at {
            return Ok(r.out_at);
        }
        let byte = self.raw_byte(u16).ok_or(SpanProblem::InsideSurrogatePair(u16))?;
        let before = &self.raw[r.raw_at..byte];
        if !r.changed {
            return Ok(r.out_at + before.chars().count());
        }
        let piece_out = &self.text[r.out_byte..r.out_byte + r.out_bytes];
        if start {
            let rest = normalize_text(self.raw[byte..r.raw_at + r.raw_len].to_owned());
            if piece_out.ends_with(&rest) {
                return Ok(r.out_at + r.out_len - rest.chars().count());
            }
        } else {
            let head = normalize_text(before.to_owned());
            if piece_out.starts_with(&head) {
                return Ok(r.out_at + head.chars().count());
            }
        }
        Err(SpanProblem::InsideComposed(u16))
    }

    /// DNA's `[start, stop)` in UTF-16 code units as char offsets of the
    /// normalised text, with the text between them, which is always DNA's
    /// span normalised.
    pub fn span(&self, start: usize, stop: usize) -> Result<(usize, usize, &str), SpanProblem> {
        if start >= stop || stop > self.u16_len {
            return Err(SpanProblem::OutOfRange { len: self.u16_len });
        }
        let s = self.map(start, true)?;
        let e = self.map(stop, false)?;
        let text = self.index.slice(&self.text, s, e).ok_or(SpanProblem::Mismatch)?;
        if text.is_empty() {
            return Err(SpanProblem::Empty);
        }
        let (Some(rs), Some(re)) = (self.raw_byte(start), self.raw_byte(stop)) else {
            return Err(SpanProblem::Mismatch);
        };
        if normalize_text(self.raw[rs..re].to_owned()) != text {
            return Err(SpanProblem::Mismatch);
        }
        Ok((s, e, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UTF-16 offset of the first `needle` in `raw`.
    fn u16_of(raw: &str, needle: &str) -> usize {
        raw[..raw.find(needle).unwrap()].encode_utf16().count()
    }

    #[test]
    fn the_pieces_make_the_normalised_text() {
        for raw in [
            "",
            "plain ascii",
            "a\r\nb\rc\n",
            "Erdog\u{306}an cafe\u{301} 😀 “quoted” 𝔘",
            "x\0y e\0\u{301} \r\0\n",
            "\u{301}leading mark",
            "한국어 \u{1100}\u{1161}\u{11A8}",
        ] {
            assert_eq!(OffsetMap::new(raw).text, normalize_text(raw.to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn spans_after_astral_chars_crlf_and_composed_accents() {
        let raw = "😀 Line one\r\n“Cafe\u{301}” said 𝔘: we support the deal.\r\nEnd";
        let map = OffsetMap::new(raw);
        let start = u16_of(raw, "we support");
        let stop = start + "we support the deal".len();
        let (s, e, text) = map.span(start, stop).unwrap();
        assert_eq!(text, "we support the deal");
        assert_eq!(map.text.chars().skip(s).take(e - s).collect::<String>(), text);
        // A span over the CRLF and the composed accent.
        let start = u16_of(raw, "one");
        let stop = u16_of(raw, " said");
        assert_eq!(map.span(start, stop).unwrap().2, "one\n“Café”");
    }

    #[test]
    fn a_span_may_start_or_end_inside_a_crlf() {
        let raw = "ab\r\ncd";
        let map = OffsetMap::new(raw);
        // Starting at the \n of the \r\n: the line end is in the span.
        assert_eq!(map.span(3, 6).unwrap(), (2, 5, "\ncd"));
        // Ending after the \r: so is it here.
        assert_eq!(map.span(0, 3).unwrap(), (0, 3, "ab\n"));
    }

    #[test]
    fn offsets_that_cut_a_character_are_reported() {
        let raw = "cafe\u{301} 😀 x";
        let map = OffsetMap::new(raw);
        assert_eq!(map.span(4, 7), Err(SpanProblem::InsideComposed(4)));
        let smiley = u16_of(raw, "😀");
        assert_eq!(
            map.span(smiley + 1, smiley + 4),
            Err(SpanProblem::InsideSurrogatePair(smiley + 1))
        );
        assert_eq!(map.span(0, 99), Err(SpanProblem::OutOfRange { len: 10 }));
        assert_eq!(map.span(3, 3), Err(SpanProblem::OutOfRange { len: 10 }));
        assert_eq!(OffsetMap::new("a\0\0b").span(1, 3), Err(SpanProblem::Empty));
    }
}
