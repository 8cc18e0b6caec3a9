//! Tokenisation the way English-EWT tokenises, so that raw article
//! sentences reach the parser as its training words did: punctuation apart,
//! clitics split ("do|n't", "ca|n't", "it|'s", "we|'re", "can|not"),
//! hyphenated compounds split at the hyphen ("well|-|known") except after
//! the prefixes EWT keeps ("e-mail", "co-workers", "non-human"), and
//! abbreviations ("U.S."), numbers ("1,000") and ellipses ("...") kept whole.
//! Builds on the analysis tokenizer ([`crate::analysis::tokens`]).

use crate::analysis::tokens::{Kind, tokenize};

/// Prefixes EWT keeps attached with their hyphen.
const KEPT_PREFIXES: [&str; 12] = [
    "e", "co", "pre", "post", "non", "anti", "semi", "re", "multi", "ex", "mid", "self",
];

/// Byte spans of the parse tokens of `sentence` (any newlines are skipped).
pub fn tokenize_for_parse(sentence: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for t in tokenize(sentence) {
        match t.kind {
            Kind::Newline => {}
            Kind::Word => split_word(sentence, t.start, t.end, &mut out),
            Kind::Punct => {
                // Runs of dots or dashes are one token ("...", "--").
                let c = sentence.as_bytes()[t.start];
                if let Some(last) = out.last_mut()
                    && last.1 == t.start
                    && (c == b'.' || c == b'-')
                    && sentence[last.0..last.1].bytes().all(|b| b == c)
                {
                    last.1 = t.end;
                } else {
                    out.push((t.start, t.end));
                }
            }
            Kind::Number | Kind::Possessive => out.push((t.start, t.end)),
        }
    }
    out
}

fn split_word(src: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let word = &src[start..end];
    // Hyphens: "well-known" → well - known; "e-mail" stays.
    let mut piece_start = start;
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for (i, c) in word.char_indices() {
        if c == '-' || c == '‐' {
            let before = &src[piece_start..start + i];
            let kept = pieces.is_empty() && KEPT_PREFIXES.iter().any(|p| before.eq_ignore_ascii_case(p));
            if !kept && !before.is_empty() {
                pieces.push((piece_start, start + i));
                pieces.push((start + i, start + i + c.len_utf8()));
                piece_start = start + i + c.len_utf8();
            }
        }
    }
    pieces.push((piece_start, end));
    for (a, b) in pieces {
        split_clitics(src, a, b, out);
    }
}

fn split_clitics(src: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let w = &src[a..b];
    let lower = w.to_lowercase();
    if lower.len() == w.len() {
        if lower == "cannot" {
            out.push((a, a + 3));
            out.push((a + 3, b));
            return;
        }
        for neg in ["n't", "n’t"] {
            if lower.ends_with(neg) && lower.len() > neg.len() {
                let cut = b - neg.len();
                out.push((a, cut));
                out.push((cut, b));
                return;
            }
        }
        for apo in ['\'', '’'] {
            if let Some(k) = lower.rfind(apo) {
                let rest = &lower[k + apo.len_utf8()..];
                if k > 0 && matches!(rest, "re" | "ve" | "ll" | "d" | "m" | "s") {
                    out.push((a, a + k));
                    out.push((a + k, b));
                    return;
                }
            }
        }
    }
    out.push((a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize_for_parse(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn splits_like_ewt() {
        assert_eq!(
            words("I don't know, can't we?"),
            ["I", "do", "n't", "know", ",", "ca", "n't", "we", "?"]
        );
        assert_eq!(
            words("It's the U.S. team's 1,000th e-mail."),
            ["It", "'s", "the", "U.S.", "team", "'s", "1,000th", "e-mail", "."]
        );
        assert_eq!(
            words("A well-known ex-minister cannot go..."),
            ["A", "well", "-", "known", "ex-minister", "can", "not", "go", "..."]
        );
        assert_eq!(
            words("They’re here; we’ll see."),
            ["They", "’re", "here", ";", "we", "’ll", "see", "."]
        );
        assert_eq!(
            words("“Yes,” she said (twice)."),
            ["“", "Yes", ",", "”", "she", "said", "(", "twice", ")", "."]
        );
    }
}
