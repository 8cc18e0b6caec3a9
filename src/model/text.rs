//! Text normalisation and char-offset bookkeeping. Offsets in the workspace are
//! Unicode scalar (char) offsets, which survive re-encoding of the file; egui and
//! Rust slicing want bytes, so every conversion goes through [`CharIndex`].

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC, `\n` line ends, no NUL characters. Applied once on import; takes
/// the text, so that text already normal (most) is returned without a copy.
pub fn normalize_text(raw: String) -> String {
    let lf = if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        raw
    };
    let clean = if lf.contains('\0') { lf.replace('\0', "") } else { lf };
    match is_nfc_quick(clean.chars()) {
        IsNormalized::Yes => clean,
        _ => clean.nfc().collect(),
    }
}

/// Hash of the text with whitespace runs collapsed, so re-wrapped copies of the
/// same article are recognised as duplicates.
pub fn content_hash(text: &str) -> String {
    // The words joined by single spaces, hashed in one call (the same bytes,
    // so the same digest, as hashing word by word, at twice the speed).
    let mut buf = Vec::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !buf.is_empty() {
            buf.push(b' ');
        }
        buf.extend_from_slice(word.as_bytes());
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&buf))
}

const STRIDE: usize = 128;

/// Not a UTF-8 continuation byte: counting these counts chars, in a loop
/// the compiler vectorises.
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The number of UTF-8 continuation bytes (0b10xx_xxxx) among eight.
fn continuation_bytes(word: u64) -> usize {
    // Bit 7 set and bit 6 clear; shifting by one brings each byte's bit 6
    // under its bit 7 (what crosses from the byte below lands on bit 0).
    (word & !(word << 1) & 0x8080_8080_8080_8080).count_ones() as usize
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| is_char_start(b)).count()
}

/// Maps char offsets to byte offsets in O(1)+O(STRIDE) for non-ASCII text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CharIndex {
    char_len: usize,
    /// Byte offset of every STRIDE-th char; empty for ASCII text, where they coincide.
    checkpoints: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex {
                char_len: text.len(),
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut n = 0usize;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Whole blocks that reach no checkpoint are counted in one
            // vectorised pass; only a block holding one is walked byte by byte.
            let block = &bytes[at..(at + 32).min(bytes.len())];
            let chars = match block.as_chunks::<8>() {
                (words, []) => words
                    .iter()
                    .map(|w| 8 - continuation_bytes(u64::from_le_bytes(*w)))
                    .sum(),
                _ => count_chars(block),
            };
            let next_checkpoint = n.next_multiple_of(STRIDE);
            if n + chars <= next_checkpoint {
                n += chars;
                at += block.len();
                continue;
            }
            for (k, &b) in block.iter().enumerate() {
                if is_char_start(b) {
                    if n.is_multiple_of(STRIDE) {
                        checkpoints.push(at + k);
                    }
                    n += 1;
                }
            }
            at += block.len();
        }
        CharIndex {
            char_len: n,
            checkpoints,
        }
    }

    pub fn char_len(&self) -> usize {
        self.char_len
    }

    pub fn char_to_byte(&self, text: &str, offset: usize) -> Option<usize> {
        if offset > self.char_len {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(offset);
        }
        if offset == self.char_len {
            return Some(text.len());
        }
        let base = self.checkpoints[offset / STRIDE];
        let rest = offset % STRIDE;
        text[base..].char_indices().nth(rest).map(|(b, _)| base + b)
    }

    /// Char offset of a byte offset; one inside a char counts that char (the
    /// offset of the next char).
    pub fn byte_to_char(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        let block = self.checkpoints.partition_point(|&b| b <= byte).saturating_sub(1);
        let base = self.checkpoints[block];
        block * STRIDE + count_chars(&text.as_bytes()[base..byte])
    }

    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        let s = self.char_to_byte(text, start)?;
        let e = self.char_to_byte(text, end)?;
        Some(&text[s..e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_line_ends_and_composition() {
        assert_eq!(normalize_text("a\r\nb\rc".into()), "a\nb\nc");
        // "e" + combining acute becomes the precomposed "é".
        assert_eq!(normalize_text("Erdog\u{306}an cafe\u{301}".into()), "Erdoğan café");
        assert_eq!(normalize_text("x\0y".into()), "xy");
    }

    #[test]
    fn hash_ignores_wrapping_only() {
        assert_eq!(content_hash("a  b\nc"), content_hash(" a b c "));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
    }

    #[test]
    fn char_index_maps_both_ways() {
        let text: String = "Erdoğan – “quote” ".repeat(50);
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_len(), text.chars().count());
        for (n, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_to_byte(&text, n), Some(b));
            assert_eq!(idx.byte_to_char(&text, b), n);
        }
        assert_eq!(idx.char_to_byte(&text, idx.char_len()), Some(text.len()));
        assert_eq!(idx.char_to_byte(&text, idx.char_len() + 1), None);
        assert_eq!(idx.slice(&text, 0, 7), Some("Erdoğan"));
        assert_eq!(idx.slice(&text, 5, 3), None);
    }

    #[test]
    fn char_index_checkpoints_fall_on_every_block_boundary() {
        // Texts whose checkpoints land at every place of the 32-byte blocks
        // counted at once, with one-, two-, three- and four-byte chars.
        for pieces in [&["a", "é"][..], &["ğ"], &["€", "x", "𝄞"], &["ab", "😀", "ç"]] {
            for len in [1, 31, 32, 33, 127, 128, 129, 300, 1000] {
                let text: String = (0..len).map(|i| pieces[i * 7 % pieces.len()]).collect();
                let idx = CharIndex::new(&text);
                assert_eq!(idx.char_len(), text.chars().count());
                for (n, (b, _)) in text.char_indices().enumerate() {
                    assert_eq!(idx.char_to_byte(&text, n), Some(b), "{pieces:?} × {len}: char {n}");
                    assert_eq!(idx.byte_to_char(&text, b), n);
                }
            }
        }
    }

    #[test]
    fn ascii_fast_path() {
        let idx = CharIndex::new("hello");
        assert_eq!(idx.char_to_byte("hello", 5), Some(5));
        assert_eq!(idx.slice("hello", 1, 3), Some("el"));
    }
}
