//! The part-of-speech tagger: a greedy left-to-right averaged perceptron
//! (Honnibal's feature set) over joint UPOS+XPOS classes, with a tag
//! dictionary for frequent unambiguous words.

use super::conllu::Sentence;
use super::features::{WordInfo, tagger_features};
use super::perceptron::{Rng, Trainer, Weights, argmax};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Tagger {
    /// Each class's (UPOS, XPOS) indices.
    pub(crate) classes: Vec<(u8, u8)>,
    /// Exact word form hash → class, for words that always have one tag.
    pub(crate) tagdict: HashMap<u64, u8>,
    /// Lower-case word hash → the set of UPOS tags it had in training
    /// (one bit each), for words seen often enough that the set means
    /// something: an "ambiguity class" feature of the word and its
    /// neighbours.
    pub(crate) ambiguity: HashMap<u64, u32>,
    pub(crate) weights: Weights,
}

impl Tagger {
    /// Tags one sentence: a class per word.
    pub fn tag(&self, words: &[WordInfo]) -> Vec<u8> {
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0.0; self.classes.len()];
        let mut out = Vec::with_capacity(words.len());
        let amb = ambiguity_of(&self.ambiguity, words);
        let (mut p1, mut p2) = (0u64, 0u64);
        for i in 0..words.len() {
            let class = match self.tagdict.get(&words[i].form) {
                Some(&c) => c,
                None => {
                    tagger_features(words, &amb, i, p1, p2, &mut feats);
                    self.weights.score(&feats, &mut scores);
                    argmax(&scores, |_| true).unwrap_or(0) as u8
                }
            };
            out.push(class);
            p2 = p1;
            p1 = class as u64 + 1;
        }
        out
    }

    pub fn upos(&self, class: u8) -> u8 {
        self.classes[class as usize].0
    }

    pub fn xpos(&self, class: u8) -> u8 {
        self.classes[class as usize].1
    }
}

/// The joint classes of a training set, most frequent first.
pub fn classes_of(train: &[Sentence]) -> Vec<(u8, u8)> {
    let mut counts: HashMap<(u8, u8), usize> = HashMap::new();
    for s in train {
        for (&u, &x) in s.upos.iter().zip(&s.xpos) {
            *counts.entry((u, x)).or_default() += 1;
        }
    }
    let mut classes: Vec<((u8, u8), usize)> = counts.into_iter().collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    classes.into_iter().map(|c| c.0).collect()
}

/// A sentence ready for the tagger: word features and gold classes (a
/// class past the list for a pair the class list lacks).
pub struct TagExample {
    pub words: Vec<WordInfo>,
    pub gold: Vec<u8>,
}

pub fn examples(sentences: &[Sentence], classes: &[(u8, u8)]) -> Vec<TagExample> {
    let index: HashMap<(u8, u8), u8> = classes.iter().enumerate().map(|(i, &c)| (c, i as u8)).collect();
    sentences
        .iter()
        .map(|s| TagExample {
            words: s.words.iter().map(|w| WordInfo::new(w)).collect(),
            gold: s
                .upos
                .iter()
                .zip(&s.xpos)
                .map(|(&u, &x)| index.get(&(u, x)).copied().unwrap_or(u8::MAX))
                .collect(),
        })
        .collect()
}

fn tag_dictionary(train: &[TagExample]) -> HashMap<u64, u8> {
    let mut counts: HashMap<u64, HashMap<u8, usize>> = HashMap::new();
    for ex in train {
        for (w, &g) in ex.words.iter().zip(&ex.gold) {
            *counts.entry(w.form).or_default().entry(g).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(form, tags)| {
            let n: usize = tags.values().sum();
            let (&tag, &best) = tags.iter().max_by_key(|(t, c)| (**c, u8::MAX - **t))?;
            (n >= 20 && best as f64 / n as f64 >= 0.97).then_some((form, tag))
        })
        .collect()
}

/// Each word's ambiguity class (0 for a word too rare to have one).
fn ambiguity_of(classes: &HashMap<u64, u32>, words: &[WordInfo]) -> Vec<u64> {
    words
        .iter()
        .map(|w| classes.get(&w.lower).map_or(0, |&b| b as u64 + 1))
        .collect()
}

/// Words seen at least this often get an ambiguity class, made of the
/// tags that make up at least `AMBIGUITY_SHARE` of their uses.
const AMBIGUITY_MIN: usize = 3;
const AMBIGUITY_SHARE: f64 = 0.05;

fn ambiguity_classes(train: &[TagExample], classes: &[(u8, u8)]) -> HashMap<u64, u32> {
    let mut counts: HashMap<u64, [u32; 32]> = HashMap::new();
    for ex in train {
        for (w, &g) in ex.words.iter().zip(&ex.gold) {
            if let Some(&(u, _)) = classes.get(g as usize) {
                counts.entry(w.lower).or_insert([0; 32])[u as usize % 32] += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter_map(|(w, c)| {
            let n: u32 = c.iter().sum();
            if (n as usize) < AMBIGUITY_MIN {
                return None;
            }
            let bits = (0..32)
                .filter(|&u| c[u] as f64 >= AMBIGUITY_SHARE * n as f64)
                .fold(0u32, |b, u| b | 1 << u);
            Some((w, bits))
        })
        .collect()
}

/// Trains for `epochs` passes over `train` in an order shuffled by `seed`;
/// `after_epoch` sees each epoch's averaged tagger and returns whether it is
/// the best so far (that one is returned).
pub fn train(
    train: &[TagExample],
    classes: &[(u8, u8)],
    epochs: usize,
    seed: u64,
    mut after_epoch: impl FnMut(usize, &Tagger) -> bool,
) -> Tagger {
    let tagdict = tag_dictionary(train);
    let ambiguity = ambiguity_classes(train, classes);
    // The classes do not change while training: looked up once per sentence.
    let ambs: Vec<Vec<u64>> = train.iter().map(|ex| ambiguity_of(&ambiguity, &ex.words)).collect();
    let mut model = Trainer::new(classes.len());
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0.0; classes.len()];
    let mut best = None;
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = &train[k];
            let amb = &ambs[k];
            let (mut p1, mut p2) = (0u64, 0u64);
            for i in 0..ex.words.len() {
                let gold = ex.gold[i] as usize;
                let guess = match tagdict.get(&ex.words[i].form) {
                    Some(&c) => c as usize,
                    None => {
                        tagger_features(&ex.words, amb, i, p1, p2, &mut feats);
                        model.score(&feats, &mut scores);
                        let guess = argmax(&scores, |_| true).unwrap_or(0);
                        if gold < classes.len() {
                            model.update(&feats, gold, guess);
                        }
                        model.tick();
                        guess
                    }
                };
                p2 = p1;
                p1 = guess as u64 + 1;
            }
        }
        let tagger = Tagger {
            classes: classes.to_vec(),
            tagdict: tagdict.clone(),
            ambiguity: ambiguity.clone(),
            weights: model.averaged(0.0),
        };
        if after_epoch(epoch + 1, &tagger) || best.is_none() {
            best = Some(tagger);
        }
    }
    best.expect("at least one epoch")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(words: &[(&str, u8)]) -> TagExample {
        TagExample {
            words: words.iter().map(|(w, _)| WordInfo::new(w)).collect(),
            gold: words.iter().map(|&(_, g)| g).collect(),
        }
    }

    #[test]
    fn ambiguity_classes_hold_the_tags_a_word_had_often_enough() {
        // Class 0 is (NOUN, _), class 1 is (VERB, _): UPOS indices 0 and 2.
        let classes = [(0, 0), (2, 0)];
        let mut train: Vec<TagExample> = (0..19).map(|_| example(&[("Report", 0), ("rare", 1)])).collect();
        train.push(example(&[("report", 1), ("once", 0)]));
        train.push(example(&[("twice", 0), ("twice", 1)]));
        let amb = ambiguity_classes(&train, &classes);
        // Case does not matter; a tag with 1 use in 20 still counts.
        assert_eq!(amb[&WordInfo::new("REPORT").lower], 0b101);
        assert_eq!(amb[&WordInfo::new("rare").lower], 0b100);
        // Too rare to say anything.
        assert!(!amb.contains_key(&WordInfo::new("once").lower));
        assert!(!amb.contains_key(&WordInfo::new("twice").lower));
        let words = [WordInfo::new("report"), WordInfo::new("unseen")];
        assert_eq!(ambiguity_of(&amb, &words), vec![0b101 + 1, 0]);
    }
}
