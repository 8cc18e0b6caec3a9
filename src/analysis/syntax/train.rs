//! Training and evaluation: the tagger first (its epochs chosen on dev),
//! then the parser on jack-knifed tags (each training fold tagged by a
//! tagger that did not see it), its epochs chosen on dev LAS with predicted
//! tags. Everything is ordered by one seed, so a run is reproducible.

use super::conllu::Sentence;
use super::parser::{self, Example, Input, Parser};
use super::perceptron::Rng;
use super::tagger::{self, TagExample, Tagger};
use super::{SyntaxModel, labels};
use rayon::prelude::*;
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Jack-knifing folds for the parser's training tags.
    pub folds: usize,
    /// Only this many of the largest averaged weights are kept (the
    /// model file's size is about 3 bytes a weight and 9 a feature).
    pub tagger_weights: usize,
    pub parser_weights: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 20_251_203,
            tagger_epochs: 10,
            parser_epochs: 12,
            folds: 5,
            tagger_weights: 800_000,
            parser_weights: 2_000_000,
        }
    }
}

/// Accuracies over every word token (punctuation included), the CoNLL 2018
/// way: LAS compares the universal relation (before any `:`), `las_full`
/// the whole label.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub uas: f64,
    pub las: f64,
    pub las_full: f64,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UPOS {:.2}%  UAS {:.2}%  LAS {:.2}%  (LAS with subtypes {:.2}%)  over {} words",
            self.upos * 100.0,
            self.uas * 100.0,
            self.las * 100.0,
            self.las_full * 100.0,
            self.words
        )
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    words: usize,
    upos: usize,
    uas: usize,
    las: usize,
    las_full: usize,
}

impl Counts {
    fn add(mut self, o: Counts) -> Counts {
        self.words += o.words;
        self.upos += o.upos;
        self.uas += o.uas;
        self.las += o.las;
        self.las_full += o.las_full;
        self
    }

    fn scores(self) -> Scores {
        let r = |k: usize| k as f64 / self.words.max(1) as f64;
        Scores {
            words: self.words,
            upos: r(self.upos),
            uas: r(self.uas),
            las: r(self.las),
            las_full: r(self.las_full),
        }
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

fn count(gold: &Sentence, upos: &[u8], heads: &[Option<usize>], rels: &[u8]) -> Counts {
    let mut c = Counts {
        words: gold.len(),
        ..Counts::default()
    };
    for i in 0..gold.len() {
        c.upos += (upos[i] == gold.upos[i]) as usize;
        let head_ok = heads[i].map_or(0, |h| h as u32 + 1) == gold.heads[i];
        if head_ok {
            c.uas += 1;
            let (p, g) = (
                labels::DEPRELS[rels[i] as usize],
                labels::DEPRELS[gold.deprels[i] as usize],
            );
            c.las += (universal(p) == universal(g)) as usize;
            c.las_full += (p == g) as usize;
        }
    }
    c
}

/// Tags and parses `gold`'s words with `model` and scores the result.
pub fn evaluate(model: &SyntaxModel, gold: &[Sentence]) -> Scores {
    gold.par_iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let p = model.parse(&words);
            let upos: Vec<u8> = p
                .tokens
                .iter()
                .map(|t| labels::index_of(&labels::UPOS, t.upos).unwrap_or(u8::MAX))
                .collect();
            let heads: Vec<Option<usize>> = p.tokens.iter().map(|t| t.head).collect();
            let rels: Vec<u8> = p
                .tokens
                .iter()
                .map(|t| labels::index_of(&labels::DEPRELS, t.deprel).unwrap_or(0))
                .collect();
            count(s, &upos, &heads, &rels)
        })
        .reduce(Counts::default, Counts::add)
        .scores()
}

fn tag_accuracy(tagger: &Tagger, examples: &[TagExample]) -> f64 {
    let (ok, n) = examples
        .par_iter()
        .map(|ex| {
            let tags = tagger.tag(&ex.words);
            let ok = tags
                .iter()
                .zip(&ex.gold)
                .filter(|(t, g)| (**g as usize) < tagger.classes.len() && tagger.upos(**t) == tagger.upos(**g))
                .count();
            (ok, ex.words.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    ok as f64 / n.max(1) as f64
}

fn parser_examples(tagger: &Tagger, sentences: &[Sentence], words: &[TagExample], tags: &[Vec<u8>]) -> Vec<Example> {
    sentences
        .iter()
        .zip(words)
        .zip(tags)
        .map(|((s, ex), t)| Example {
            input: Input::new(tagger, &ex.words, t),
            heads: s
                .heads
                .iter()
                .map(|&h| if h == 0 { s.len() } else { h as usize - 1 })
                .collect(),
            labels: s.deprels.clone(),
        })
        .collect()
}

fn parse_counts(parser: &Parser, tagger: &Tagger, dev: &[Sentence], examples: &[Example], tags: &[Vec<u8>]) -> Scores {
    dev.par_iter()
        .zip(examples)
        .zip(tags)
        .map(|((s, ex), t)| {
            let (heads, rels) = parser.parse(&ex.input);
            let upos: Vec<u8> = t.iter().map(|&c| tagger.upos(c)).collect();
            count(s, &upos, &heads, &rels)
        })
        .reduce(Counts::default, Counts::add)
        .scores()
}

/// Trains a model on `train`, choosing epochs on `dev`. `log` receives
/// progress lines.
pub fn train(train: &[Sentence], dev: &[Sentence], opts: &Options, log: &mut dyn FnMut(String)) -> SyntaxModel {
    let t0 = Instant::now();
    let classes = tagger::classes_of(train);
    let train_ex = tagger::examples(train, &classes);
    let dev_ex = tagger::examples(dev, &classes);
    log(format!(
        "{} training sentences, {} tag classes",
        train.len(),
        classes.len()
    ));

    // 1. The tagger, its epochs chosen on dev.
    let mut best = (0.0, 0);
    let tagger = tagger::train(&train_ex, &classes, opts.tagger_epochs, opts.seed, |epoch, t| {
        let acc = tag_accuracy(t, &dev_ex);
        log(format!(
            "tagger epoch {epoch}: dev UPOS {:.2}% ({:.0?})",
            acc * 100.0,
            t0.elapsed()
        ));
        let better = acc > best.0;
        if better {
            best = (acc, epoch);
        }
        better
    });
    let tagger_epochs = best.1;
    let tagger = Tagger {
        weights: tagger.weights.pruned(threshold(&tagger.weights, opts.tagger_weights)),
        ..tagger
    };
    log(format!(
        "tagger: {tagger_epochs} epochs, {} features, {} weights after pruning; dev UPOS {:.2}%",
        tagger.weights.n_features(),
        tagger.weights.n_weights(),
        tag_accuracy(&tagger, &dev_ex) * 100.0
    ));

    // 2. Jack-knifed tags for the parser's training set.
    let mut order: Vec<usize> = (0..train.len()).collect();
    Rng::new(opts.seed ^ 0x5eed).shuffle(&mut order);
    let mut fold_of = vec![0; train.len()];
    for (k, &i) in order.iter().enumerate() {
        fold_of[i] = k % opts.folds.max(1);
    }
    let fold_tags: Vec<Vec<(usize, Vec<u8>)>> = (0..opts.folds.max(1))
        .into_par_iter()
        .map(|f| {
            let rest: Vec<TagExample> = train_ex
                .iter()
                .zip(&fold_of)
                .filter(|(_, k)| **k != f)
                .map(|(ex, _)| TagExample {
                    words: ex.words.clone(),
                    gold: ex.gold.clone(),
                })
                .collect();
            let t = tagger::train(
                &rest,
                &classes,
                tagger_epochs,
                opts.seed.wrapping_add(f as u64 + 1),
                |e, _| e == tagger_epochs,
            );
            (0..train.len())
                .filter(|&i| fold_of[i] == f)
                .map(|i| (i, t.tag(&train_ex[i].words)))
                .collect()
        })
        .collect();
    let mut train_tags = vec![Vec::new(); train.len()];
    for (i, tags) in fold_tags.into_iter().flatten() {
        train_tags[i] = tags;
    }
    let jack_ok: usize = train_tags
        .iter()
        .zip(&train_ex)
        .map(|(t, ex)| t.iter().zip(&ex.gold).filter(|(a, b)| a == b).count())
        .sum();
    let n_train: usize = train.iter().map(Sentence::len).sum();
    log(format!(
        "jack-knifed tags ({} folds): {:.2}% of the training classes ({:.0?})",
        opts.folds,
        jack_ok as f64 * 100.0 / n_train as f64,
        t0.elapsed()
    ));
    let dev_tags: Vec<Vec<u8>> = dev_ex.par_iter().map(|ex| tagger.tag(&ex.words)).collect();

    // 3. The parser, its epochs chosen on dev LAS.
    let train_px = parser_examples(&tagger, train, &train_ex, &train_tags);
    let dev_px = parser_examples(&tagger, dev, &dev_ex, &dev_tags);
    let mut model = parser::new_trainer();
    let mut rng = Rng::new(opts.seed ^ 0xa5a5);
    let mut order: Vec<usize> = (0..train_px.len()).collect();
    let mut best: Option<(f64, usize, Parser)> = None;
    for epoch in 1..=opts.parser_epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            parser::train_sentence(&mut model, &train_px[k], epoch > 1, &mut rng);
        }
        let p = Parser {
            weights: model.averaged(0.0),
        };
        let s = parse_counts(&p, &tagger, dev, &dev_px, &dev_tags);
        log(format!(
            "parser epoch {epoch}: dev UAS {:.2}% LAS {:.2}%, {} features ({:.0?})",
            s.uas * 100.0,
            s.las * 100.0,
            p.weights.n_features(),
            t0.elapsed()
        ));
        if best.as_ref().is_none_or(|b| s.las > b.0) {
            best = Some((s.las, epoch, p));
        }
    }
    let (_, epoch, parser) = best.expect("at least one parser epoch");
    let parser = Parser {
        weights: parser.weights.pruned(threshold(&parser.weights, opts.parser_weights)),
    };
    let s = parse_counts(&parser, &tagger, dev, &dev_px, &dev_tags);
    log(format!(
        "parser: {epoch} epochs, {} features, {} weights after pruning; dev UAS {:.2}% LAS {:.2}% ({:.0?})",
        parser.weights.n_features(),
        parser.weights.n_weights(),
        s.uas * 100.0,
        s.las * 100.0,
        t0.elapsed()
    ));
    SyntaxModel::from_parts(tagger, parser)
}

/// The magnitude that keeps about `keep` of the largest weights.
fn threshold(w: &super::perceptron::Weights, keep: usize) -> f32 {
    let mut all: Vec<f32> = w
        .rows()
        .flat_map(|(_, row)| row.into_iter().map(|e| e.1.abs()))
        .collect();
    if all.len() <= keep || keep == 0 {
        return 0.0;
    }
    let k = all.len() - keep;
    *all.select_nth_unstable_by(k, f32::total_cmp).1
}
