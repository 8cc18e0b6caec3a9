//! Long articles are read a page at a time. Laying out text costs time and
//! memory per character every time it changes, so a 50 MB article shown whole
//! would freeze the window; a page of a few thousand words lays out at once.
//! Pages end at paragraph breaks where there is one, so a sentence (and its
//! evidence) is rarely split.

use std::ops::Range;

/// About 4,000 words: nearly every news article is a single page.
pub const PAGE_BYTES: usize = 30_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub bytes: Range<usize>,
    /// Char offset of the page's first character in the article.
    pub first_char: usize,
    pub chars: usize,
}

impl Page {
    pub fn contains_char(&self, c: usize) -> bool {
        c >= self.first_char && c < self.first_char + self.chars
    }
}

/// Splits `text` into pages of at most about `target` bytes, cutting after a
/// line break in the second half of the page, else after a sentence end or a
/// space, else anywhere on a char boundary. Always at least one page.
pub fn split(text: &str, target: usize) -> Vec<Page> {
    let target = target.max(16);
    let mut pages = Vec::with_capacity(text.len() / target + 1);
    let (mut start, mut first_char) = (0, 0);
    loop {
        let end = if text.len() - start <= target {
            text.len()
        } else {
            let mut hard = start + target;
            while !text.is_char_boundary(hard) {
                hard -= 1;
            }
            let half = (start + target / 2..hard)
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(hard);
            let window = &text[half..hard];
            let cut = window
                .rfind('\n')
                .map(|i| i + 1)
                .or_else(|| window.rfind(". ").map(|i| i + 2))
                .or_else(|| window.rfind(' ').map(|i| i + 1));
            cut.map_or(hard, |i| half + i)
        };
        let chars = text[start..end].chars().count();
        pages.push(Page {
            bytes: start..end,
            first_char,
            chars,
        });
        if end >= text.len() {
            return pages;
        }
        first_char += chars;
        start = end;
    }
}

/// The page holding char offset `c` (the last page for the end of the text).
pub fn page_of_char(pages: &[Page], c: usize) -> usize {
    pages
        .iter()
        .position(|p| p.contains_char(c))
        .unwrap_or(pages.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_page() {
        assert_eq!(
            split("Short article.", 100),
            [Page {
                bytes: 0..14,
                first_char: 0,
                chars: 14
            }]
        );
        assert_eq!(split("", 100).len(), 1);
    }

    #[test]
    fn pages_cover_the_text_and_prefer_paragraph_breaks() {
        let para = "Negotiators met in Geneva. They talked for hours.\n";
        let text = para.repeat(40);
        let pages = split(&text, 300);
        assert!(pages.len() > 1);
        let mut next = 0;
        for p in &pages {
            assert_eq!(p.bytes.start, next, "pages are contiguous");
            assert!(p.bytes.len() <= 300);
            next = p.bytes.end;
        }
        assert_eq!(next, text.len());
        assert!(
            pages[..pages.len() - 1]
                .iter()
                .all(|p| text[p.bytes.clone()].ends_with('\n'))
        );
    }

    #[test]
    fn one_long_line_is_cut_at_spaces_and_char_offsets_add_up() {
        let text = "Erdoğan söyledi ".repeat(500);
        let pages = split(&text, 200);
        let mut chars = 0;
        for p in &pages {
            assert_eq!(p.first_char, chars);
            assert_eq!(p.chars, text[p.bytes.clone()].chars().count());
            assert!(text[p.bytes.clone()].ends_with(' ') || p.bytes.end == text.len());
            chars += p.chars;
        }
        assert_eq!(chars, text.chars().count());
        assert_eq!(page_of_char(&pages, 0), 0);
        assert_eq!(page_of_char(&pages, pages[2].first_char), 2);
        assert_eq!(page_of_char(&pages, chars), pages.len() - 1);
        // No break at all: cut on a char boundary.
        let solid = "ğ".repeat(1000);
        assert!(split(&solid, 101).iter().all(|p| solid.is_char_boundary(p.bytes.end)));
    }

    proptest::proptest! {
        /// Any text and page size: pages tile the text on char boundaries,
        /// none is over the size (beyond one char), and char offsets add up.
        #[test]
        fn pages_always_tile_the_text(text in "(\\PC|\n| ){0,400}", target in 1usize..120) {
            let pages = split(&text, target);
            let mut next = 0;
            let mut chars = 0;
            for p in &pages {
                proptest::prop_assert_eq!(p.bytes.start, next);
                proptest::prop_assert!(text.is_char_boundary(p.bytes.end));
                proptest::prop_assert!(p.bytes.len() <= target.max(16) + 4);
                proptest::prop_assert_eq!(p.first_char, chars);
                chars += p.chars;
                next = p.bytes.end;
            }
            proptest::prop_assert_eq!(next, text.len());
            proptest::prop_assert_eq!(chars, text.chars().count());
        }
    }
}
