//! What a selection in the reader covers. Evidence is quoted from the
//! selection, so a drag is widened to whole words (Unicode word
//! segmentation, UAX #29: "Erdoğan’s" and "29.3" are one word each), a
//! double click takes a word and a triple click a sentence, split by the
//! same rule the analysis cuts its evidence with.
//!
//! Offsets are chars into the text shown (one reader page), as in the text
//! view's cursor and in evidence spans; bytes only inside.

use crate::analysis::tokens;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation as _;

/// `chars` widened so neither end cuts a word, without white space at its
/// ends. Selected punctuation stays: a closing quote or full stop belongs to
/// the evidence when the analyst took it.
pub fn snap_to_words(text: &str, chars: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (byte_of(text, chars.start), byte_of(text, chars.end));
    for (at, piece) in text.split_word_bound_indices() {
        if !is_word(piece) {
            continue;
        }
        let piece_end = at + piece.len();
        if at < start && start < piece_end {
            start = at;
        }
        if at < end && end < piece_end {
            end = piece_end;
        }
        if at >= end {
            break;
        }
    }
    let span = &text[start..end];
    let lead = span.len() - span.trim_start().len();
    char_range(text, start + lead..start + lead + span.trim().len())
}

/// The word under a double click at char offset `at`. A cursor between a
/// word and what follows it (the right half of a word's last letter) means
/// the word; elsewhere the space or punctuation under the pointer.
pub fn word_at(text: &str, at: usize) -> Range<usize> {
    let b = byte_of(text, at);
    let mut word_before = None;
    for (start, piece) in text.split_word_bound_indices() {
        let end = start + piece.len();
        if end == b && is_word(piece) {
            word_before = Some(start..end);
        }
        if (start..end).contains(&b) {
            let hit = if is_word(piece) {
                start..end
            } else {
                word_before.unwrap_or(start..end)
            };
            return char_range(text, hit);
        }
    }
    word_before.map_or(at..at, |w| char_range(text, w))
}

/// The sentence under a triple click at char offset `at`, or an empty range
/// on an empty line. Sentences never cross a line break, so only the line
/// is split.
pub fn sentence_at(text: &str, at: usize) -> Range<usize> {
    let b = byte_of(text, at);
    let line_start = text[..b].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let line = &text[line_start..line_end];
    let sentences = tokens::sentences(line, &tokens::tokenize(line));
    let offset = b - line_start;
    // The last sentence starting at or before the click: the space after a
    // full stop still belongs to the sentence it ends.
    let hit = sentences
        .iter()
        .take_while(|s| s.start <= offset)
        .last()
        .or(sentences.first());
    hit.map_or(at..at, |s| char_range(text, line_start + s.start..line_start + s.end))
}

/// A word bound piece that is a word rather than space or punctuation.
fn is_word(piece: &str) -> bool {
    piece.chars().any(char::is_alphanumeric)
}

/// Byte offset of char offset `c` (the end of the text past its last char).
fn byte_of(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
}

fn char_range(text: &str, bytes: Range<usize>) -> Range<usize> {
    let start = text[..bytes.start].chars().count();
    start..start + text[bytes].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a char range covers.
    fn cut(text: &str, r: Range<usize>) -> String {
        text.chars().skip(r.start).take(r.len()).collect()
    }

    /// Char offset of the first `needle` in `text`, plus `into` chars.
    fn at(text: &str, needle: &str, into: usize) -> usize {
        text[..text.find(needle).unwrap()].chars().count() + into
    }

    #[test]
    fn a_drag_mid_word_widens_to_whole_words() {
        let text = "Lavrov said Moscow was ready.";
        let snapped = snap_to_words(text, at(text, "avrov", 0)..at(text, "ow was", 1));
        assert_eq!(cut(text, snapped), "Lavrov said Moscow");
        // Whole words and the full stop the analyst took stay as they are.
        let whole = at(text, "said", 0)..text.chars().count();
        assert_eq!(cut(text, snap_to_words(text, whole)), "said Moscow was ready.");
    }

    #[test]
    fn white_space_at_the_ends_is_dropped() {
        let text = "one  two three";
        assert_eq!(cut(text, snap_to_words(text, 3..9)), "two");
        assert_eq!(snap_to_words(text, 3..5), 5..5, "only spaces: nothing");
    }

    #[test]
    fn non_ascii_words_snap_on_char_offsets() {
        let text = "Erdoğan’s aide met Лавров in Ankara.";
        // From inside "Erdoğan’s" (after the ğ) to inside "Лавров".
        let snapped = snap_to_words(text, at(text, "an’s", 0)..at(text, "ров", 1));
        assert_eq!(cut(text, snapped.clone()), "Erdoğan’s aide met Лавров");
        assert_eq!(snapped, 0..25);
        assert_eq!(cut(text, word_at(text, at(text, "’s", 0))), "Erdoğan’s");
    }

    #[test]
    fn offsets_at_the_ends_of_the_text() {
        let text = "Ceasefire talks";
        let n = text.chars().count();
        assert_eq!(snap_to_words(text, 0..n), 0..n);
        assert_eq!(snap_to_words(text, 0..2), 0..9);
        assert_eq!(snap_to_words(text, 12..n), 10..n);
        assert_eq!(snap_to_words(text, n..n), n..n);
        assert_eq!(snap_to_words("", 0..0), 0..0);
        assert_eq!(word_at(text, 0), 0..9);
        assert_eq!(word_at(text, n), 10..n, "the end of the text is the last word");
        assert_eq!(word_at("", 0), 0..0);
        assert_eq!(sentence_at(text, n), 0..n);
        assert_eq!(sentence_at("", 0), 0..0);
    }

    #[test]
    fn a_double_click_takes_the_word_not_the_space_after_it() {
        let text = "said Moscow, then";
        assert_eq!(cut(text, word_at(text, 7)), "Moscow");
        // The cursor lands after the last letter when the right half of it is clicked.
        assert_eq!(cut(text, word_at(text, at(text, ",", 0))), "Moscow");
        assert_eq!(cut(text, word_at(text, at(text, " then", 0))), " ");
    }

    #[test]
    fn a_triple_click_takes_the_sentence_within_its_line() {
        let text = "Title line\nMr. Rubio spoke. “We will talk,” Lavrov said. Then nothing.\n\nLast.";
        assert_eq!(cut(text, sentence_at(text, at(text, "Rubio", 2))), "Mr. Rubio spoke.");
        assert_eq!(
            cut(text, sentence_at(text, at(text, "will", 0))),
            "“We will talk,” Lavrov said."
        );
        // The space after a full stop belongs to the sentence before it.
        assert_eq!(
            cut(text, sentence_at(text, at(text, " Then", 0))),
            "“We will talk,” Lavrov said."
        );
        assert_eq!(cut(text, sentence_at(text, 2)), "Title line");
        let empty_line = at(text, "\n\nLast", 1);
        assert_eq!(sentence_at(text, empty_line), empty_line..empty_line);
        assert_eq!(cut(text, sentence_at(text, text.chars().count())), "Last.");
    }
}
