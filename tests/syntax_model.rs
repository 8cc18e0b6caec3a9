//! The shipped syntax model: it loads, holds its accuracy on a slice of
//! the EWT test set, rejects damaged files, and parses the structures the
//! attribution rules need.

use stance_tracker::analysis::syntax::train::evaluate;
use stance_tracker::analysis::syntax::{ModelError, Parse, SyntaxModel, conllu, tokenize_for_parse};

const SLICE: &str = include_str!("fixtures/syntax/ewt-test-slice.conllu");
const MODEL: &[u8] = include_bytes!("../assets/models/en_ewt_syntax.bin");

fn parse(sentence: &str) -> (Vec<String>, Parse) {
    let (spans, p) = SyntaxModel::bundled().parse_text(sentence);
    (spans.iter().map(|&(a, b)| sentence[a..b].to_owned()).collect(), p)
}

fn at(words: &[String], w: &str) -> usize {
    words
        .iter()
        .position(|x| x == w)
        .unwrap_or_else(|| panic!("{w:?} in {words:?}"))
}

fn word(words: &[String], i: Option<usize>) -> &str {
    i.map_or("-", |i| &words[i])
}

#[test]
fn holds_its_accuracy_on_the_test_slice() {
    let gold = conllu::read(SLICE).unwrap();
    assert!(gold.len() > 250);
    let s = evaluate(SyntaxModel::bundled(), &gold);
    println!("EWT test slice: {s}");
    assert!(s.upos >= 0.94, "{s}");
    assert!(s.uas >= 0.83, "{s}");
    assert!(s.las >= 0.80, "{s}");
}

#[test]
fn damaged_files_are_errors() {
    assert!(SyntaxModel::load(MODEL).is_ok());
    assert_eq!(SyntaxModel::load(b"garbage, not a model"), Err(ModelError::BadMagic));
    assert_eq!(SyntaxModel::load(b""), Err(ModelError::BadMagic));
    for cut in [9, 20, MODEL.len() / 2, MODEL.len() - 1] {
        assert!(SyntaxModel::load(&MODEL[..cut]).is_err(), "cut at {cut}");
    }
    let mut flipped = MODEL.to_vec();
    let mid = flipped.len() / 3;
    flipped[mid] ^= 0x40;
    assert_eq!(SyntaxModel::load(&flipped), Err(ModelError::Checksum));
    let mut version = MODEL.to_vec();
    version[8] = 99;
    assert_eq!(SyntaxModel::load(&version), Err(ModelError::Version(99)));
}

#[test]
fn the_file_round_trips() {
    let m = SyntaxModel::load(MODEL).unwrap();
    assert_eq!(m.to_bytes(), MODEL);
}

#[test]
fn a_pronoun_subject_in_a_where_clause_chains_to_the_main_subject() {
    let (w, p) = parse("Lavrov met with Rubio, then with Witkoff, where he denounced the deal.");
    let denounced = at(&w, "denounced");
    assert_eq!(word(&w, p.subject_of(denounced)), "he");
    let chain: Vec<&str> = p.subject_chain(denounced).into_iter().map(|i| w[i].as_str()).collect();
    assert!(chain.contains(&"Lavrov"), "{chain:?}");
    assert!(!chain.contains(&"Witkoff"), "{chain:?}");
}

#[test]
fn a_passive_with_by_has_an_agent() {
    let (w, p) = parse("The proposal was rejected by the ministers.");
    let rejected = at(&w, "rejected");
    assert_eq!(p.deprel(at(&w, "ministers")), "obl:agent");
    assert_eq!(p.head(at(&w, "ministers")), Some(rejected));
    assert_eq!(p.deprel(at(&w, "proposal")), "nsubj:pass");
}

#[test]
fn coordinated_verbs_share_their_subject() {
    let (w, p) = parse("The president welcomed the plan and promised new funds.");
    assert_eq!(word(&w, p.subject_of(at(&w, "promised"))), "president");
    assert_eq!(word(&w, p.subject_of(at(&w, "welcomed"))), "president");
}

#[test]
fn a_relative_clause_subject_is_its_noun() {
    let (w, p) = parse("The minister who rejected the plan resigned.");
    let rejected = at(&w, "rejected");
    assert_eq!(p.deprel(rejected), "acl:relcl");
    assert_eq!(word(&w, p.subject_of(rejected)), "minister");
    assert_eq!(word(&w, p.subject_of(at(&w, "resigned"))), "minister");
}

#[test]
fn reported_speech_keeps_speaker_and_doer_apart() {
    let (w, p) = parse("Germany said that France supports sanctions.");
    let (said, supports) = (at(&w, "said"), at(&w, "supports"));
    assert_eq!(word(&w, p.subject_of(supports)), "France");
    assert_eq!(word(&w, p.subject_of(said)), "Germany");
    assert_eq!(p.head(supports), Some(said));
    assert_eq!(
        p.describe_path(at(&w, "France"), at(&w, "sanctions")),
        "nsubj←supports→obj"
    );
}

#[test]
fn a_control_verb_lends_its_subject() {
    let (w, p) = parse("Iran refused to join the talks.");
    let join = at(&w, "join");
    assert_eq!(p.deprel(join), "xcomp");
    assert_eq!(word(&w, p.subject_of(join)), "Iran");
    assert_eq!(p.path_to_root(join), [join, at(&w, "refused")]);
}

#[test]
fn odd_inputs_parse() {
    assert!(SyntaxModel::bundled().parse(&[]).is_empty());
    let (w, p) = parse("!!! ... ---");
    assert_eq!(p.len(), w.len());
    assert_eq!(p.tokens.iter().filter(|t| t.head.is_none()).count(), 1);
    assert!(tokenize_for_parse("").is_empty());
}
