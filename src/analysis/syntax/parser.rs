//! The dependency parser: greedy arc-eager transitions scored by an
//! averaged perceptron over the rich non-local features of Zhang & Nivre
//! (2011), trained with the dynamic oracle and exploration of Goldberg &
//! Nivre (2012).

use super::features::WordInfo;
use super::features::{NONE, ROOT as ROOT_WORD, f1, f2, f3};
use super::labels::UPOS;
use super::perceptron::{Rng, Trainer, Weights, argmax};
use super::tagger::Tagger;
use super::transition::{Move, N_CLASSES, NO, State, finish};

#[derive(Clone, Debug, PartialEq)]
pub struct Parser {
    pub(crate) weights: Weights,
}

/// One sentence as the parser sees it: a word key and a tag key per word,
/// then the root's.
pub struct Input {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
    /// How many punctuation marks and verbs stand before each word: the
    /// features ask what lies between the two words an arc would join.
    puncts_before: Vec<u16>,
    verbs_before: Vec<u16>,
}

impl Input {
    /// A tagged sentence: the words, the tagger's classes for them.
    pub fn new(tagger: &Tagger, words: &[WordInfo], classes: &[u8]) -> Input {
        let mut lower: Vec<u64> = words.iter().map(|w| w.lower).collect();
        let mut tags: Vec<u64> = classes.iter().map(|&t| t as u64 + 1).collect();
        lower.push(ROOT_WORD.lower);
        tags.push(ROOT_TAG);
        let (mut puncts_before, mut verbs_before) = (vec![0u16], vec![0u16]);
        for &c in classes {
            let name = UPOS.get(tagger.upos(c) as usize).copied().unwrap_or("X");
            let (p, v) = (*puncts_before.last().expect("one"), *verbs_before.last().expect("one"));
            puncts_before.push(p.saturating_add((name == "PUNCT") as u16));
            verbs_before.push(v.saturating_add((name == "VERB") as u16));
        }
        puncts_before.resize(lower.len() + 1, *puncts_before.last().expect("one"));
        verbs_before.resize(lower.len() + 1, *verbs_before.last().expect("one"));
        Input {
            words: lower,
            tags,
            puncts_before,
            verbs_before,
        }
    }

    /// Punctuation marks and verbs strictly between words `a < b`.
    fn between(&self, a: usize, b: usize) -> (u64, u64) {
        let (a, b) = (a.min(b), a.max(b));
        let p = self.puncts_before[b].saturating_sub(self.puncts_before[a + 1]);
        let v = self.verbs_before[b].saturating_sub(self.verbs_before[a + 1]);
        (p as u64, v as u64)
    }

    pub fn len(&self) -> usize {
        self.words.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

const ROOT_TAG: u64 = 1000;
const NONE_TAG: u64 = 1001;

/// The parser's features of a configuration, after Zhang & Nivre's table 1
/// (with the second stack item added).
pub fn features(st: &State, input: &Input, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |i: usize| if i == NO { NONE.lower } else { input.words[i] };
    let p = |i: usize| if i == NO { NONE_TAG } else { input.tags[i] };
    let lab = |i: usize| -> u64 {
        if i == NO || i >= n || st.heads[i] == NO {
            0
        } else {
            st.labels[i] as u64 + 1
        }
    };
    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NO
    };
    let n0 = st.buf;
    let n1 = if n0 < n { n0 + 1 } else { NO };
    let n2 = if n0 + 1 < n { n0 + 2 } else { NO };
    let s0h = if s0 != NO { st.heads[s0] } else { NO };
    let s0h2 = if s0h != NO && s0h < n { st.heads[s0h] } else { NO };
    let kid = |v: &Vec<[usize; 2]>, i: usize, k: usize| if i == NO { NO } else { v[i][k] };
    let (s0l, s0l2) = (kid(&st.lefts, s0, 0), kid(&st.lefts, s0, 1));
    let (s0r, s0r2) = (kid(&st.rights, s0, 0), kid(&st.rights, s0, 1));
    let (n0l, n0l2) = (kid(&st.lefts, n0, 0), kid(&st.lefts, n0, 1));
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));

    out.push(f1(0, 0));
    // single words
    out.push(f2(1, s0w, s0p));
    out.push(f1(2, s0w));
    out.push(f1(3, s0p));
    out.push(f2(4, n0w, n0p));
    out.push(f1(5, n0w));
    out.push(f1(6, n0p));
    out.push(f2(7, n1w, n1p));
    out.push(f1(8, n1w));
    out.push(f1(9, n1p));
    out.push(f2(10, n2w, n2p));
    out.push(f1(11, n2w));
    out.push(f1(12, n2p));
    // pairs
    out.push(f3(13, f2(0, s0w, s0p), n0w, n0p));
    out.push(f3(14, s0w, s0p, n0w));
    out.push(f3(15, s0w, n0w, n0p));
    out.push(f3(16, s0w, s0p, n0p));
    out.push(f3(17, s0p, n0w, n0p));
    out.push(f2(18, s0w, n0w));
    out.push(f2(19, s0p, n0p));
    out.push(f2(20, n0p, n1p));
    // three words
    out.push(f3(21, n0p, n1p, n2p));
    out.push(f3(22, s0p, n0p, n1p));
    out.push(f3(23, p(s0h), s0p, n0p));
    out.push(f3(24, s0p, p(s0l), n0p));
    out.push(f3(25, s0p, p(s0r), n0p));
    out.push(f3(26, s0p, n0p, p(n0l)));
    // distance
    let d = if s0 == NO { 0 } else { ((n0 - s0) as u64).min(6) };
    out.push(f2(27, s0w, d));
    out.push(f2(28, s0p, d));
    out.push(f2(29, n0w, d));
    out.push(f2(30, n0p, d));
    out.push(f3(31, s0w, n0w, d));
    out.push(f3(32, s0p, n0p, d));
    // valency
    let val = |v: &Vec<u8>, i: usize| if i == NO { 99 } else { v[i].min(8) as u64 };
    let (s0vr, s0vl, n0vl) = (val(&st.n_right, s0), val(&st.n_left, s0), val(&st.n_left, n0));
    out.push(f2(33, s0w, s0vr));
    out.push(f2(34, s0p, s0vr));
    out.push(f2(35, s0w, s0vl));
    out.push(f2(36, s0p, s0vl));
    out.push(f2(37, n0w, n0vl));
    out.push(f2(38, n0p, n0vl));
    // unigrams of heads and children
    out.push(f1(39, w(s0h)));
    out.push(f1(40, p(s0h)));
    out.push(f1(41, lab(s0)));
    out.push(f1(42, w(s0l)));
    out.push(f1(43, p(s0l)));
    out.push(f1(44, lab(s0l)));
    out.push(f1(45, w(s0r)));
    out.push(f1(46, p(s0r)));
    out.push(f1(47, lab(s0r)));
    out.push(f1(48, w(n0l)));
    out.push(f1(49, p(n0l)));
    out.push(f1(50, lab(n0l)));
    // third order
    out.push(f1(51, w(s0h2)));
    out.push(f1(52, p(s0h2)));
    out.push(f1(53, lab(s0h)));
    out.push(f1(54, w(s0l2)));
    out.push(f1(55, p(s0l2)));
    out.push(f1(56, lab(s0l2)));
    out.push(f1(57, w(s0r2)));
    out.push(f1(58, p(s0r2)));
    out.push(f1(59, lab(s0r2)));
    out.push(f1(60, w(n0l2)));
    out.push(f1(61, p(n0l2)));
    out.push(f1(62, lab(n0l2)));
    out.push(f3(63, s0p, p(s0l), p(s0l2)));
    out.push(f3(64, s0p, p(s0r), p(s0r2)));
    out.push(f3(65, s0p, p(s0h), p(s0h2)));
    out.push(f3(66, n0p, p(n0l), p(n0l2)));
    // label sets
    let set = |v: &Vec<u64>, i: usize| if i == NO { u64::MAX } else { v[i] };
    let (s0sr, s0sl, n0sl) = (
        set(&st.right_labels, s0),
        set(&st.left_labels, s0),
        set(&st.left_labels, n0),
    );
    out.push(f2(67, s0w, s0sr));
    out.push(f2(68, s0p, s0sr));
    out.push(f2(69, s0w, s0sl));
    out.push(f2(70, s0p, s0sl));
    out.push(f2(71, n0w, n0sl));
    out.push(f2(72, n0p, n0sl));
    // the second stack item
    out.push(f2(73, w(s1), p(s1)));
    out.push(f1(74, p(s1)));
    out.push(f3(75, p(s1), s0p, n0p));
    out.push(f3(76, p(s1), s0p, lab(s0)));
    out.push(f3(77, w(s1), s0p, n0p));
    // whether s0 already has its head, with the words
    let s0_has_head = (s0 != NO && st.heads[s0] != NO) as u64;
    out.push(f3(78, s0_has_head, s0p, n0p));
    out.push(f3(79, s0_has_head, lab(s0), n0p));
    out.push(f2(80, (n0 == n) as u64, s0p));
    // what lies between s0 and n0
    let (pb, vb) = if s0 == NO { (9, 9) } else { input.between(s0, n0) };
    let (pb, vb) = (pb.min(3), vb.min(2));
    out.push(f3(81, s0p, n0p, pb));
    out.push(f3(82, s0p, n0p, vb));
    out.push(f3(83, s0w, n0p, pb));
    out.push(f3(84, s0p, n0w, pb));
    out.push(f3(85, f2(0, s0p, n0p), pb, vb));
    // more context: the third buffer word, s1's rightmost child, labels around s0
    let n3 = if n0 + 2 < n { n0 + 3 } else { NO };
    let s1r = kid(&st.rights, s1, 0);
    out.push(f3(86, n1p, n2p, p(n3)));
    out.push(f3(87, p(s1), lab(s1r), s0p));
    out.push(f3(88, s0p, lab(s0l), lab(s0r)));
    out.push(f3(89, p(s1), p(s1r), n0p));
}

impl Parser {
    /// Heads (None: the root) and relation indices.
    pub fn parse(&self, input: &Input) -> (Vec<Option<usize>>, Vec<u8>) {
        let mut st = State::new(input.len());
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0; N_CLASSES];
        while !st.is_final() {
            features(&st, input, &mut feats);
            self.weights.score(&feats, &mut scores);
            let best = argmax(&scores, |c| st.is_valid(Move::from_class(c))).expect("a move is always allowed");
            st.apply(Move::from_class(best));
        }
        finish(&st)
    }
}

/// A training sentence: input with (predicted) tags, gold heads (`n` for
/// the root) and labels.
pub struct Example {
    pub input: Input,
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
}

/// One pass of dynamic-oracle training over one sentence. With `explore`,
/// a wrong move is followed with probability 0.9, so that the model learns
/// to recover from its own mistakes.
pub fn train_sentence(model: &mut Trainer, ex: &Example, explore: bool, rng: &mut Rng) {
    let mut st = State::new(ex.input.len());
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0.0; N_CLASSES];
    while !st.is_final() {
        features(&st, &ex.input, &mut feats);
        model.score(&feats, &mut scores);
        let costs = st.costs(&ex.heads);
        let least = costs.iter().flatten().min().copied().expect("a move is always allowed");
        let valid = |c: usize| st.is_valid(Move::from_class(c));
        let guess = argmax(&scores, valid).expect("a move is always allowed");
        let gold = |c: usize| valid(c) && st.is_gold(Move::from_class(c), &costs, least, &ex.heads, &ex.labels);
        let best = argmax(&scores, gold).expect("a least-cost move exists");
        model.update(&feats, best, guess);
        model.tick();
        let next = if gold(guess) || (explore && rng.chance(0.9)) {
            guess
        } else {
            best
        };
        st.apply(Move::from_class(next));
    }
}

pub fn new_trainer() -> Trainer {
    Trainer::new(N_CLASSES)
}
