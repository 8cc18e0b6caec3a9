//! Feature hashing shared by the tagger and the parser. A feature is a
//! template number and up to three values mixed into one `u64`; the
//! perceptron keys its weights by that number, so nothing is interned and a
//! model file stays valid on every platform (the mixing is plain integer
//! arithmetic, and words are hashed with xxh3).

use xxhash_rust::xxh3::xxh3_64;

const MUL: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(MUL)
}

/// The splitmix64 finaliser: the low bits pick a hash-table slot.
#[inline]
fn finish(h: u64) -> u64 {
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    z.max(1) // 0 marks an empty slot
}

#[inline]
pub fn f1(template: u8, a: u64) -> u64 {
    finish(mix(mix(0, template as u64 + 1), a))
}

#[inline]
pub fn f2(template: u8, a: u64, b: u64) -> u64 {
    finish(mix(mix(mix(0, template as u64 + 1), a), b))
}

#[inline]
pub fn f3(template: u8, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(mix(0, template as u64 + 1), a), b), c))
}

pub fn hash_str(s: &str) -> u64 {
    xxh3_64(s.as_bytes())
}

/// What the features need of one word, computed once per word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordInfo {
    /// The exact form (the tag dictionary's key).
    pub form: u64,
    pub lower: u64,
    /// Last 1–4 chars of the lower-case form.
    pub suffix: [u64; 4],
    /// First 1–3 chars.
    pub prefix: [u64; 3],
    /// Char classes with runs collapsed: "Xx", "d,d", "x-x".
    pub shape: u64,
}

/// Stand-ins for the words before and after a sentence, and the root.
pub const START: WordInfo = sentinel(1);
pub const END: WordInfo = sentinel(2);
pub const ROOT: WordInfo = sentinel(3);
pub const NONE: WordInfo = sentinel(4);

const fn sentinel(k: u64) -> WordInfo {
    let v = 0x5e47_0000_0000_0000 | k;
    WordInfo {
        form: v,
        lower: v,
        suffix: [v; 4],
        prefix: [v; 3],
        shape: v,
    }
}

impl WordInfo {
    pub fn new(word: &str) -> WordInfo {
        let lower = word.to_lowercase();
        let mut suffix = [0; 4];
        let mut prefix = [0; 3];
        let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = starts.len();
        for k in 0..4 {
            let from = if k + 1 >= n { 0 } else { starts[n - k - 1] };
            suffix[k] = hash_str(&lower[from..]) ^ (k as u64 + 1);
        }
        for (k, p) in prefix.iter_mut().enumerate() {
            let to = starts.get(k + 1).copied().unwrap_or(lower.len());
            *p = hash_str(&lower[..to]) ^ (k as u64 + 11);
        }
        WordInfo {
            form: hash_str(word),
            lower: hash_str(&lower),
            suffix,
            prefix,
            shape: hash_str(&shape(word)),
        }
    }
}

fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 && matches!(k, 'X' | 'x' | 'd') {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        out.push(k);
    }
    out
}

/// The tagger's features for word `i`, given the words' ambiguity classes
/// (`amb`, 0 for none) and the tags (class + 1, 0 for none) of the two
/// words before it.
pub fn tagger_features(words: &[WordInfo], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> &WordInfo {
        let j = i as isize + k;
        if j < 0 {
            &START
        } else {
            words.get(j as usize).unwrap_or(&END)
        }
    };
    let (w0, wm1, wm2, wp1, wp2) = (at(0), at(-1), at(-2), at(1), at(2));
    out.push(f1(0, 0));
    out.push(f1(1, w0.lower));
    out.push(f1(2, w0.form));
    for k in 0..4 {
        out.push(f1(3 + k as u8, w0.suffix[k]));
    }
    for k in 0..3 {
        out.push(f1(7 + k as u8, w0.prefix[k]));
    }
    out.push(f1(10, w0.shape));
    out.push(f1(11, p1));
    out.push(f1(12, p2));
    out.push(f2(13, p1, p2));
    out.push(f2(14, p1, w0.lower));
    out.push(f1(15, wm1.lower));
    out.push(f1(16, wm1.suffix[2]));
    out.push(f1(17, wm2.lower));
    out.push(f1(18, wp1.lower));
    out.push(f1(19, wp1.suffix[2]));
    out.push(f1(20, wp2.lower));
    out.push(f1(21, wp1.shape));
    out.push(f2(22, w0.lower, wp1.lower));
    out.push(f2(23, wm1.lower, w0.lower));
    out.push(f2(24, p1, w0.suffix[2]));
    out.push(f1(25, wm1.shape));
    out.push(f2(26, (i == 0) as u64, w0.shape));
    out.push(f2(27, p1, wp1.lower));
    out.push(f1(28, wp2.suffix[2]));
    out.push(f2(29, w0.shape, wp1.shape));
    out.push(f3(30, p1, w0.suffix[1], wp1.suffix[1]));
    out.push(f2(31, wm1.lower, wp1.lower));
    out.push(f2(32, p1, wm1.lower));
    out.push(f2(33, w0.lower, wp1.suffix[2]));
    out.push(f2(34, wp1.lower, wp2.lower));
    out.push(f3(35, p2, p1, w0.suffix[2]));
    out.push(f2(36, w0.suffix[1], wp1.suffix[1]));
    out.push(f2(37, wm1.suffix[2], w0.suffix[2]));
    out.push(f2(38, w0.prefix[0], wp1.prefix[0]));
    let a = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            1 << 40
        } else {
            amb.get(j as usize).copied().unwrap_or(1 << 41)
        }
    };
    let (a0, am1, ap1, ap2) = (a(0), a(-1), a(1), a(2));
    out.push(f1(39, a0));
    out.push(f1(40, ap1));
    out.push(f2(41, a0, ap1));
    out.push(f2(42, p1, a0));
    out.push(f3(43, p1, a0, ap1));
    out.push(f2(44, am1, a0));
    out.push(f2(45, ap1, ap2));
    out.push(f2(46, w0.lower, ap1));
    out.push(f2(47, a0, w0.suffix[2]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Hello"), "Xxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,000"), "d,dd");
        assert_eq!(shape("e-mail"), "x-xx");
    }

    #[test]
    fn affixes_of_short_words_are_the_word() {
        let w = WordInfo::new("Ab");
        assert_eq!(w.suffix[1] ^ 2, hash_str("ab"));
        assert_eq!(w.suffix[3] ^ 4, hash_str("ab"));
        assert_eq!(w.prefix[0] ^ 11, hash_str("a"));
        assert_ne!(WordInfo::new("é").lower, 0);
    }

    #[test]
    fn templates_keep_features_apart() {
        assert_ne!(f1(1, 7), f1(2, 7));
        assert_ne!(f2(1, 7, 8), f2(1, 8, 7));
        assert_ne!(f1(0, 0), 0);
    }
}
