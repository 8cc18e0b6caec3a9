//! A part-of-speech tagger and a labelled dependency parser for English,
//! trained on Universal Dependencies English-EWT, in pure Rust.
//!
//! # Use
//!
//! [`SyntaxModel::bundled`] is the shipped model, read from the binary on
//! first use (about 100 ms in release) and shared after that; it is `Sync`,
//! so threads may parse at once. A sentence goes in as text or as tokens
//! with byte spans, and comes out as a [`Parse`]: one [`Token`] per word
//! with its UPOS and Penn tag, head, UD relation and byte span, plus the
//! questions attribution asks (`subject_of`, `subject_chain`, `children`,
//! `path_to_root`, `describe_path`, `token_at`).
//!
//! - [`SyntaxModel::parse_range`]`(article, start..end)`: one sentence of
//!   an article (say a [`crate::analysis::tokens::sentences`] range),
//!   tokenised the EWT way; the token spans are offsets into the article.
//! - [`SyntaxModel::parse_spans`]`(article, spans)`: the caller's own
//!   tokens, as byte spans into any text; they come back unchanged.
//! - [`SyntaxModel::parse_text`]`(sentence)`: a sentence on its own.
//! - [`SyntaxModel::parse`]`(words)`: bare words.
//!
//! ```no_run
//! use stance_tracker::analysis::syntax::SyntaxModel;
//! let article = "Talks resumed. Germany said that France would support sanctions.";
//! let start = article.find("Germany").unwrap();
//! let parse = SyntaxModel::bundled().parse_range(article, start..article.len());
//! let support = parse.token_at(article.find("support").unwrap()).unwrap();
//! let subject = parse.subject_of(support).unwrap();
//! let (a, b) = parse.tokens[subject].span;
//! assert_eq!(&article[a..b], "France");
//! ```
//!
//! Parsing takes about 0.6 ms a sentence, 0.2 MB/s per core (see the "syntax"
//! rows of `cargo bench --bench core` and README's "Syntax model").
//! Words are EWT tokens: [`tokenize_for_parse`] splits clitics ("do|n't",
//! "it|'s"), most hyphens and punctuation as EWT does; other tokenisations
//! parse, a little less well.
//!
//! # Inside
//!
//! The tagger is a greedy averaged perceptron over joint UPOS+XPOS classes;
//! the parser is greedy arc-eager with a dynamic oracle (see
//! [`transition`]). Both are trained by `examples/train_syntax.rs`, which
//! also scores a model without training (`-- eval`); the bundled model is
//! `assets/models/en_ewt_syntax.bin` (CC BY-SA 4.0, see
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
    /// [`tokenize_for_parse`]). The token spans are offsets into the words
    /// joined by single spaces.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let mut spans = Vec::with_capacity(words.len());
        let mut at = 0;
        for w in words {
            spans.push((at, at + w.len()));
            at += w.len() + 1;
        }
        self.parse_words(words, &spans)
    }

    /// Tags and parses one sentence given as tokens: byte spans into
    /// `text` (an article, say), which each parse token keeps as its
    /// [`Token::span`]. Spans must lie on `text`'s character boundaries;
    /// an empty or out-of-range span is parsed as an empty word.
    pub fn parse_spans(&self, text: &str, spans: &[(usize, usize)]) -> Parse {
        let words: Vec<&str> = spans.iter().map(|&(a, b)| text.get(a..b).unwrap_or("")).collect();
        self.parse_words(&words, spans)
    }

    /// Tokenises (the EWT way, [`tokenize_for_parse`]) and parses the
    /// sentence `text[range]`; the token spans are offsets into `text`.
    pub fn parse_range(&self, text: &str, range: std::ops::Range<usize>) -> Parse {
        let Some(sentence) = text.get(range.clone()) else {
            return Parse::default();
        };
        let spans: Vec<(usize, usize)> = tokenize_for_parse(sentence)
            .into_iter()
            .map(|(a, b)| (a + range.start, b + range.start))
            .collect();
        self.parse_spans(text, &spans)
    }

    /// Tokenises and parses raw sentence text; the token spans are byte
    /// offsets into `sentence`.
    pub fn parse_text(&self, sentence: &str) -> Parse {
        self.parse_range(sentence, 0..sentence.len())
    }

    fn parse_words(&self, words: &[&str], spans: &[(usize, usize)]) -> Parse {
        let infos: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w)).collect();
        let classes = self.tag_classes(&infos);
        let input = Input::new(&self.tagger, &infos, &classes);
        let (heads, rels) = if words.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            self.parser.parse(&input)
        };
        let tokens = (0..words.len())
            .map(|i| Token {
                word: words[i].to_owned(),
                span: spans[i],
                upos: labels::UPOS[self.tagger.upos(classes[i]) as usize],
                xpos: labels::XPOS[self.tagger.xpos(classes[i]) as usize],
                head: heads[i],
                deprel: labels::DEPRELS[rels[i] as usize],
            })
            .collect();
        Parse { tokens }
    }
}
