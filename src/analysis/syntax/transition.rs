//! The arc-eager transition system (Nivre 2003) with the root token at the
//! end of the buffer (Ballesteros & Nivre 2013), labelled arcs, and the
//! dynamic oracle of Goldberg & Nivre (2012): the cost of a move is the
//! number of gold arcs it makes unreachable.

use super::labels::{DEPRELS, ROOT};

pub const NO: usize = usize::MAX;
pub const N_LABELS: usize = DEPRELS.len();
/// Shift, reduce, then a left arc and a right arc per label.
pub const N_CLASSES: usize = 2 + 2 * N_LABELS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Shift,
    Reduce,
    /// The buffer front becomes the head of the stack top, which is popped.
    Left(u8),
    /// The stack top becomes the head of the buffer front, which is pushed.
    Right(u8),
}

impl Move {
    pub fn from_class(c: usize) -> Move {
        match c {
            0 => Move::Shift,
            1 => Move::Reduce,
            c if c < 2 + N_LABELS => Move::Left((c - 2) as u8),
            c => Move::Right((c - 2 - N_LABELS) as u8),
        }
    }

    pub fn class(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Reduce => 1,
            Move::Left(l) => 2 + l as usize,
            Move::Right(l) => 2 + N_LABELS + l as usize,
        }
    }
}

/// A parser configuration over `n` words; token `n` is the root.
#[derive(Clone, Debug)]
pub struct State {
    pub n: usize,
    pub stack: Vec<usize>,
    /// The buffer front; the buffer is `buf..=n`.
    pub buf: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
    on_stack: Vec<bool>,
    /// Leftmost and second leftmost child of each token (and the root).
    pub lefts: Vec<[usize; 2]>,
    /// Rightmost and second rightmost child.
    pub rights: Vec<[usize; 2]>,
    pub n_left: Vec<u8>,
    pub n_right: Vec<u8>,
    /// The labels of the left (right) children as a bit set.
    pub left_labels: Vec<u64>,
    pub right_labels: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            buf: 0,
            heads: vec![NO; n],
            labels: vec![0; n],
            on_stack: vec![false; n + 1],
            lefts: vec![[NO; 2]; n + 1],
            rights: vec![[NO; 2]; n + 1],
            n_left: vec![0; n + 1],
            n_right: vec![0; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    pub fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buf == self.n
    }

    pub fn s0(&self) -> usize {
        self.stack.last().copied().unwrap_or(NO)
    }

    pub fn is_valid(&self, m: Move) -> bool {
        let s0 = self.s0();
        match m {
            Move::Shift => self.buf < self.n,
            Move::Right(l) => self.buf < self.n && s0 != NO && l != ROOT,
            Move::Reduce => s0 != NO && self.heads[s0] != NO,
            Move::Left(l) => s0 != NO && self.heads[s0] == NO && ((self.buf == self.n) == (l == ROOT)),
        }
    }

    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.on_stack[self.buf] = true;
                self.stack.push(self.buf);
                self.buf += 1;
            }
            Move::Reduce => {
                let s0 = self.stack.pop().expect("reduce needs a stack");
                self.on_stack[s0] = false;
            }
            Move::Left(l) => {
                let s0 = self.stack.pop().expect("left arc needs a stack");
                self.on_stack[s0] = false;
                self.add_arc(self.buf, s0, l);
            }
            Move::Right(l) => {
                self.add_arc(self.s0(), self.buf, l);
                self.on_stack[self.buf] = true;
                self.stack.push(self.buf);
                self.buf += 1;
            }
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, l: u8) {
        self.heads[d] = h;
        self.labels[d] = l;
        if d < h {
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_labels[h] |= 1 << l;
            let e = &mut self.lefts[h];
            if e[0] == NO || d < e[0] {
                *e = [d, e[0]];
            } else if e[1] == NO || d < e[1] {
                e[1] = d;
            }
        } else {
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_labels[h] |= 1 << l;
            let e = &mut self.rights[h];
            if e[0] == NO || d > e[0] {
                *e = [d, e[0]];
            } else if e[1] == NO || d > e[1] {
                e[1] = d;
            }
        }
    }

    /// The cost of each unlabelled move (shift, reduce, left, right) against
    /// the gold heads (`n` for the root), `None` where it is not allowed.
    pub fn costs(&self, gold: &[usize]) -> [Option<u32>; 4] {
        let (n, b, s0) = (self.n, self.buf, self.s0());
        let deps_in_buffer = |h: usize| (b..n).filter(|&k| gold[k] == h).count() as u32;
        let headless_deps_on_stack = |h: usize| {
            self.stack
                .iter()
                .filter(|&&k| gold[k] == h && self.heads[k] == NO)
                .count() as u32
        };
        let mut out = [None; 4];
        if b < n {
            let gh = gold[b];
            let head_on_stack = gh < b && self.on_stack[gh];
            out[0] = Some(headless_deps_on_stack(b) + head_on_stack as u32);
            if s0 != NO {
                let lost = gh != s0 && (gh > b || head_on_stack);
                out[3] = Some(headless_deps_on_stack(b) + lost as u32);
            }
        }
        if s0 != NO {
            if self.heads[s0] != NO {
                out[1] = Some(deps_in_buffer(s0));
            } else {
                let gh = gold[s0];
                let lost = gh != b && gh > b;
                out[2] = Some(deps_in_buffer(s0) + lost as u32);
            }
        }
        out
    }

    /// Whether labelled class `c` is a best move: its unlabelled cost is the
    /// least, and an arc that is gold carries the gold label.
    pub fn is_gold(&self, m: Move, costs: &[Option<u32>; 4], best: u32, gold: &[usize], labels: &[u8]) -> bool {
        let (b, s0) = (self.buf, self.s0());
        match m {
            Move::Shift => costs[0] == Some(best),
            Move::Reduce => costs[1] == Some(best),
            Move::Left(l) => costs[2] == Some(best) && (gold[s0] != b || b == self.n || labels[s0] == l),
            Move::Right(l) => costs[3] == Some(best) && (gold[b] != s0 || labels[b] == l),
        }
    }
}

/// The heads a finished parse leaves: every word with none, or with the
/// root, after the first such becomes a child of that first one.
pub fn finish(state: &State) -> (Vec<Option<usize>>, Vec<u8>) {
    let mut heads: Vec<Option<usize>> = state.heads.iter().map(|&h| (h < state.n).then_some(h)).collect();
    let mut labels = state.labels.clone();
    let mut root = None;
    for d in 0..state.n {
        if heads[d].is_none() {
            match root {
                None => {
                    root = Some(d);
                    labels[d] = ROOT;
                }
                Some(r) => {
                    heads[d] = Some(r);
                    if labels[d] == ROOT {
                        labels[d] = super::labels::PARATAXIS;
                    }
                }
            }
        }
    }
    (heads, labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::conllu;

    /// Follows zero-cost moves only (preferring the lowest class).
    fn oracle_parse(gold: &[usize], labels: &[u8]) -> (Vec<Option<usize>>, Vec<u8>) {
        let mut st = State::new(gold.len());
        while !st.is_final() {
            let costs = st.costs(gold);
            let best = costs.iter().flatten().min().copied().expect("a move is allowed");
            let m = (0..N_CLASSES)
                .map(Move::from_class)
                .find(|&m| st.is_valid(m) && st.is_gold(m, &costs, best, gold, labels))
                .expect("a gold move");
            st.apply(m);
        }
        finish(&st)
    }

    fn gold_of(s: &conllu::Sentence) -> Vec<usize> {
        s.heads
            .iter()
            .map(|&h| if h == 0 { s.len() } else { h as usize - 1 })
            .collect()
    }

    #[test]
    fn oracle_reproduces_projective_gold_trees() {
        let text = include_str!("../../../tests/fixtures/syntax/ewt-test-slice.conllu");
        let sentences = conllu::read(text).unwrap();
        let mut checked = 0;
        for s in sentences.iter().filter(|s| s.is_projective()) {
            let gold = gold_of(s);
            let (heads, labels) = oracle_parse(&gold, &s.deprels);
            let want: Vec<Option<usize>> = s.heads.iter().map(|&h| (h as usize).checked_sub(1)).collect();
            assert_eq!(heads, want, "{:?}", s.words);
            assert_eq!(labels, s.deprels, "{:?}", s.words);
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn the_costs_of_a_wrong_move_count_lost_arcs() {
        // "a b c": b heads a and c, b is the root.
        let gold = [1, 3, 1];
        let mut st = State::new(3);
        st.apply(Move::Shift); // [a] | b c R
        let c = st.costs(&gold);
        assert_eq!(c[0], Some(1), "shifting b loses a←b");
        assert_eq!(c[2], Some(0), "left arc a←b is gold");
        assert_eq!(c[3], Some(2), "a→b loses b's root arc and a←b");
        assert_eq!(c[1], None, "a has no head to reduce with");
    }

    #[test]
    fn several_roots_become_one() {
        let mut st = State::new(2);
        st.apply(Move::Shift);
        st.apply(Move::Shift);
        st.apply(Move::Left(ROOT));
        st.apply(Move::Left(ROOT));
        let (heads, labels) = finish(&st);
        assert_eq!(heads, [None, Some(0)]);
        assert_eq!(labels[0], ROOT);
        assert_ne!(labels[1], ROOT);
    }
}
