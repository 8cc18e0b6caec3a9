//! Trains the syntax model (tagger + parser) on UD English-EWT and prints
//! its accuracy on dev and test.
//!
//! ```text
//! cargo run --release --example train_syntax -- tools/syntax/ud-english-ewt assets/models/en_ewt_syntax.bin
//! ```
//!
//! The run is reproducible: one seed orders everything. Epochs are chosen
//! on dev; test is scored once, on the model as written (quantised).
//! Options go in `SYNTAX_TRAIN`, e.g. `SYNTAX_TRAIN=parser_epochs=8,seed=1`
//! (keys: `tagger_epochs`, `parser_epochs`, `folds`, `tagger_weights`,
//! `parser_weights`, `seed`).
//!
//! Scoring an existing model (no training):
//!
//! ```text
//! cargo run --release --example train_syntax -- eval [ud-english-ewt dir] [model.bin]
//! ```
//!
//! (defaults: `tools/syntax/ud-english-ewt`, `assets/models/en_ewt_syntax.bin`).

use stance_tracker::analysis::syntax::train::{Options, evaluate, train};
use stance_tracker::analysis::syntax::{SyntaxModel, conllu};
use std::path::Path;
use std::time::Instant;

fn read(dir: &Path, part: &str) -> Vec<conllu::Sentence> {
    let path = dir.join(format!("en_ewt-ud-{part}.conllu"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    conllu::read(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Scores an existing model file on dev and test.
fn eval(dir: &str, model: &str) {
    let bytes = std::fs::read(model).unwrap_or_else(|e| panic!("read {model}: {e}"));
    let t = Instant::now();
    let m = SyntaxModel::load(&bytes).unwrap_or_else(|e| panic!("{model}: {e}"));
    println!(
        "{model}: {:.2} MB, loads in {:.1?}",
        bytes.len() as f64 / 1e6,
        t.elapsed()
    );
    let dir = Path::new(dir);
    for part in ["dev", "test"] {
        let gold = read(dir, part);
        let t = Instant::now();
        let s = evaluate(&m, &gold);
        println!("{part:<4} (predicted tags): {s}  [{:.1?}]", t.elapsed());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "eval") {
        let dir = args.get(1).map_or("tools/syntax/ud-english-ewt", String::as_str);
        let model = args.get(2).map_or("assets/models/en_ewt_syntax.bin", String::as_str);
        eval(dir, model);
        return;
    }
    let [dir, out] = &args[..] else {
        eprintln!("usage: train_syntax <ud-english-ewt dir> <model.bin> | train_syntax eval [dir] [model.bin]");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let dir = Path::new(dir);
    let (train_set, dev, test) = (read(dir, "train"), read(dir, "dev"), read(dir, "test"));
    let mut opts = Options::default();
    for kv in std::env::var("SYNTAX_TRAIN")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
    {
        let (k, v) = kv.split_once('=').expect("SYNTAX_TRAIN=key=value,…");
        match k {
            "tagger_epochs" => opts.tagger_epochs = v.parse().expect("a number"),
            "parser_epochs" => opts.parser_epochs = v.parse().expect("a number"),
            "folds" => opts.folds = v.parse().expect("a number"),
            "tagger_weights" => opts.tagger_weights = v.parse().expect("a number"),
            "parser_weights" => opts.parser_weights = v.parse().expect("a number"),
            "seed" => opts.seed = v.parse().expect("a number"),
            _ => panic!("unknown option {k}"),
        }
    }
    println!("options: {opts:?}");
    let model = train(&train_set, &dev, &opts, &mut |line| println!("{line}"));
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).unwrap_or_else(|e| panic!("write {out}: {e}"));
    let t = Instant::now();
    let model = SyntaxModel::load(&bytes).expect("the written model loads");
    println!(
        "wrote {out}: {:.2} MB, loads in {:.0?}",
        bytes.len() as f64 / 1e6,
        t.elapsed()
    );
    println!("dev  (predicted tags): {}", evaluate(&model, &dev));
    println!("test (predicted tags): {}", evaluate(&model, &test));
    println!("total {:.0?}", t0.elapsed());
}
