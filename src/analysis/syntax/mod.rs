//! A part-of-speech tagger and a labelled dependency parser for English,
//! trained on Universal Dependencies English-EWT, in pure Rust.
//!
//! ```no_run
//! use stance_tracker::analysis::syntax::{SyntaxModel, tokenize_for_parse};
//! let sentence = "Germany said that France supports sanctions.";
//! let spans = tokenize_for_parse(sentence);
//! let words: Vec<&str> = spans.iter().map(|&(a, b)| &sentence[a..b]).collect();
//! let parse = SyntaxModel::bundled().parse(&words);
//! let supports = words.iter().position(|w| *w == "supports").unwrap();
//! assert_eq!(parse.subject_of(supports), Some(3)); // France
//! ```
//!
//! The tagger is a greedy averaged perceptron over joint UPOS+XPOS classes;
//! the parser is greedy arc-eager with a dynamic oracle (see
//! [`transition`]). Both are trained by `examples/train_syntax.rs`; the
//! bundled model is `assets/models/en_ewt_syntax.bin` (CC BY-SA 4.0, see
//! `assets/models/README.md`).

pub mod conllu;
pub mod features;
pub mod labels;
mod model_io;
pub mod parser;
pub mod perceptron;
pub mod tagger;
mod tokenize;
pub mod train;
pub mod transition;
mod tree;

pub use model_io::ModelError;
pub use tokenize::tokenize_for_parse;
pub use tree::{Parse, Token};

use features::WordInfo;
use parser::{Input, Parser};
use std::sync::OnceLock;
use tagger::Tagger;

const BUNDLED: &[u8] = include_bytes!("../../../assets/models/en_ewt_syntax.bin");

/// A trained tagger and parser.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxModel {
    tagger: Tagger,
    parser: Parser,
}

impl SyntaxModel {
    /// The model shipped in the binary, loaded on first use.
    pub fn bundled() -> &'static SyntaxModel {
        static MODEL: OnceLock<SyntaxModel> = OnceLock::new();
        MODEL
            .get_or_init(|| SyntaxModel::load(BUNDLED).expect("the bundled syntax model loads (tests/syntax_model.rs)"))
    }

    /// Reads a model file; a truncated, damaged or foreign file is an error.
    pub fn load(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
        let (tagger, parser) = model_io::read(bytes)?;
        Ok(SyntaxModel { tagger, parser })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        model_io::write(&self.tagger, &self.parser)
    }

    pub(crate) fn from_parts(tagger: Tagger, parser: Parser) -> SyntaxModel {
        SyntaxModel { tagger, parser }
    }

    /// Tagger classes (indices into the model's joint UPOS+XPOS classes).
    fn tag_classes(&self, infos: &[WordInfo]) -> Vec<u8> {
        self.tagger.tag(infos)
    }

    /// Tags and parses one tokenised sentence (EWT tokens: see
    /// [`tokenize_for_parse`]).
    pub fn parse(&self, words: &[&str]) -> Parse {
        let infos: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w)).collect();
        let classes = self.tag_classes(&infos);
        self.parse_tagged(words, &infos, &classes)
    }

    fn parse_tagged(&self, words: &[&str], infos: &[WordInfo], classes: &[u8]) -> Parse {
        let input = Input::new(infos.iter().map(|w| w.lower), classes.iter().copied());
        let (heads, rels) = if words.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            self.parser.parse(&input)
        };
        let tokens = (0..words.len())
            .map(|i| Token {
                word: words[i].to_owned(),
                upos: labels::UPOS[self.tagger.upos(classes[i]) as usize],
                xpos: labels::XPOS[self.tagger.xpos(classes[i]) as usize],
                head: heads[i],
                deprel: labels::DEPRELS[rels[i] as usize],
            })
            .collect();
        Parse { tokens }
    }

    /// Tokenises and parses raw sentence text; the spans are byte offsets
    /// into `sentence`, one per parse token.
    pub fn parse_text(&self, sentence: &str) -> (Vec<(usize, usize)>, Parse) {
        let spans = tokenize_for_parse(sentence);
        let words: Vec<&str> = spans.iter().map(|&(a, b)| &sentence[a..b]).collect();
        let parse = self.parse(&words);
        (spans, parse)
    }
}
