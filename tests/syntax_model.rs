//! The shipped syntax model: it loads, holds its accuracy on a slice of
//! the EWT test set, rejects damaged files, and parses the structures the
//! attribution rules need.

use stance_tracker::analysis::syntax::train::evaluate;
use stance_tracker::analysis::syntax::{ModelError, Parse, SyntaxModel, conllu, tokenize_for_parse};

const SLICE: &str = include_str!("fixtures/syntax/ewt-test-slice.conllu");
const MODEL: &[u8] = include_bytes!("../assets/models/en_ewt_syntax.bin");

fn parse(sentence: &str) -> (Vec<String>, Parse) {
    let p = SyntaxModel::bundled().parse_text(sentence);
    // Shown when a test fails.
    for (i, t) in p.tokens.iter().enumerate() {
        println!(
            "{i:>2} {:<12} {:<5} {:<4} {:>2?} {}",
            t.word, t.upos, t.xpos, t.head, t.deprel
        );
    }
    (p.tokens.iter().map(|t| t.word.clone()).collect(), p)
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

/// Not a timing test: the bound only catches a load gone quadratic. The
/// real figure (release, `cargo bench --bench core -- --syntax`) is in
/// README's "Syntax model".
#[test]
fn loads_quickly_enough() {
    let t = std::time::Instant::now();
    let m = SyntaxModel::load(MODEL).unwrap();
    let took = t.elapsed();
    println!(
        "syntax model: {:.1} MB, loaded in {took:.0?} (this profile)",
        MODEL.len() as f64 / 1e6
    );
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    assert!(MODEL.len() <= 20_000_000, "the model must stay within 20 MB");
    assert!(!m.parse(&["Hello", "."]).is_empty());
}

#[test]
fn holds_its_accuracy_on_the_test_slice() {
    let gold = conllu::read(SLICE).unwrap();
    assert!(gold.len() > 250);
    let s = evaluate(SyntaxModel::bundled(), &gold);
    println!("EWT test slice: {s}");
    assert!(s.upos >= 0.94, "{s}");
    assert!(s.uas >= 0.85, "{s}");
    assert!(s.las >= 0.82, "{s}");
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

// The next three were wrong with the model of 6 December (it tagged
// "Lavrov" JJ, "supports" NNS, "resigned" VBN under "plan"); the tagger's
// ambiguity classes fixed all three.
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
fn a_conjoined_verb_after_then_takes_the_first_subject() {
    let (w, p) = parse("Lavrov met Rubio and then denounced the deal.");
    let denounced = at(&w, "denounced");
    assert_eq!(p.deprel(denounced), "conj");
    assert_eq!(p.head(denounced), Some(at(&w, "met")));
    assert_eq!(word(&w, p.subject_of(denounced)), "Lavrov");
    assert_eq!(word(&w, p.subject_of(at(&w, "met"))), "Lavrov");
    assert_eq!(p.deprel(at(&w, "deal")), "obj");
    assert_eq!(
        p.describe_path(at(&w, "Lavrov"), at(&w, "deal")),
        "nsubj←met→conj→denounced→obj"
    );
}

#[test]
fn coordinated_verbs_share_their_subject() {
    let (w, p) = parse("The president welcomed the plan and promised new funds.");
    assert_eq!(word(&w, p.subject_of(at(&w, "promised"))), "president");
    assert_eq!(word(&w, p.subject_of(at(&w, "welcomed"))), "president");
}

#[test]
fn a_relative_clause_subject_is_its_noun_in_a_longer_clause() {
    let (w, p) = parse("The minister who rejected the plan has resigned from the government.");
    let rejected = at(&w, "rejected");
    assert_eq!(p.deprel(rejected), "acl:relcl");
    assert_eq!(p.head(rejected), Some(at(&w, "minister")));
    assert_eq!(word(&w, p.subject_of(rejected)), "minister");
    assert_eq!(word(&w, p.subject_of(at(&w, "resigned"))), "minister");
}

#[test]
fn a_that_relative_clause_subject_is_its_noun() {
    let (w, p) = parse("Officials criticised the company that built the pipeline.");
    let built = at(&w, "built");
    assert_eq!(p.deprel(built), "acl:relcl");
    assert_eq!(word(&w, p.subject_of(built)), "company");
    assert_eq!(word(&w, p.subject_of(at(&w, "criticised"))), "Officials");
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
fn reported_speech_with_that_is_a_ccomp() {
    let (w, p) = parse("Germany said that France would support new sanctions.");
    let (said, support) = (at(&w, "said"), at(&w, "support"));
    assert_eq!(p.deprel(support), "ccomp");
    assert_eq!(p.head(support), Some(said));
    assert_eq!(p.deprel(at(&w, "that")), "mark");
    assert_eq!(word(&w, p.subject_of(support)), "France");
    assert_eq!(word(&w, p.subject_of(said)), "Germany");
    assert_eq!(
        p.describe_path(at(&w, "France"), at(&w, "sanctions")),
        "nsubj←support→obj"
    );
    assert_eq!(
        p.describe_path(at(&w, "Germany"), at(&w, "France")),
        "nsubj←said→ccomp→support→nsubj"
    );
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
fn a_passive_agent_is_not_the_subject() {
    let (w, p) = parse("The agreement was signed by Iran and the United States.");
    let signed = at(&w, "signed");
    let iran = at(&w, "Iran");
    assert_eq!(p.root(), Some(signed));
    assert_eq!(p.deprel(iran), "obl:agent");
    assert_eq!(p.head(iran), Some(signed));
    assert_eq!(p.deprel(at(&w, "by")), "case");
    assert_eq!(p.head(at(&w, "States")), Some(iran));
    assert_eq!(p.deprel(at(&w, "States")), "conj");
    assert_eq!(word(&w, p.subject_of(signed)), "agreement");
    assert_eq!(
        p.describe_path(iran, at(&w, "agreement")),
        "obl:agent←signed→nsubj:pass"
    );
}

#[test]
fn speech_reported_without_that_is_a_ccomp() {
    let (w, p) = parse("The minister said the sanctions would hurt ordinary people.");
    let (said, hurt) = (at(&w, "said"), at(&w, "hurt"));
    assert_eq!(p.deprel(hurt), "ccomp");
    assert_eq!(p.head(hurt), Some(said));
    assert_eq!(word(&w, p.subject_of(hurt)), "sanctions");
    let chain: Vec<&str> = p
        .subject_chain(at(&w, "people"))
        .into_iter()
        .map(|i| w[i].as_str())
        .collect();
    assert_eq!(chain, ["sanctions", "minister"]);
    assert_eq!(
        p.describe_path(at(&w, "minister"), at(&w, "people")),
        "nsubj←said→ccomp→hurt→obj"
    );
}

#[test]
fn refused_to_sign_is_controlled_by_the_subject() {
    let (w, p) = parse("The Kremlin refused to sign the treaty.");
    let sign = at(&w, "sign");
    assert_eq!(p.deprel(sign), "xcomp");
    assert_eq!(p.head(sign), Some(at(&w, "refused")));
    assert_eq!(word(&w, p.subject_of(sign)), "Kremlin");
    assert_eq!(p.deprel(at(&w, "to")), "mark");
}

#[test]
fn urged_to_leave_is_controlled_by_the_object() {
    let (w, p) = parse("France urged Iran to resume the talks.");
    let resume = at(&w, "resume");
    assert_eq!(p.deprel(resume), "xcomp");
    assert_eq!(word(&w, p.subject_of(resume)), "Iran");
}

#[test]
fn spans_map_back_to_the_article() {
    let article = "Talks resumed on Monday.\n\nGermany said that France doesn't support sanctions.";
    let start = article.find("Germany").unwrap();
    let p = SyntaxModel::bundled().parse_range(article, start..article.len());
    for t in &p.tokens {
        assert_eq!(&article[t.span.0..t.span.1], t.word);
    }
    let words: Vec<&str> = p.tokens.iter().map(|t| t.word.as_str()).collect();
    assert_eq!(
        words,
        [
            "Germany",
            "said",
            "that",
            "France",
            "does",
            "n't",
            "support",
            "sanctions",
            "."
        ]
    );
    let support = p.token_at(article.find("support").unwrap()).unwrap();
    assert_eq!(p.tokens[support].word, "support");
    assert_eq!(p.deprel(p.token_at(article.find("n't").unwrap()).unwrap()), "advmod");
    let subject = p.subject_of(support).unwrap();
    assert_eq!(p.tokens[subject].span, (start + 18, start + 24));
    assert_eq!(p.token_at(start - 1), None);

    // The caller's own tokens come back as given.
    let spans = [(start, start + 7), (start + 8, start + 12), (start + 13, start + 17)];
    let q = SyntaxModel::bundled().parse_spans(article, &spans);
    assert_eq!(q.tokens.iter().map(|t| t.span).collect::<Vec<_>>(), spans);
    assert_eq!(q.tokens[1].word, "said");
    assert_eq!(q.tokens.iter().filter(|t| t.head.is_none()).count(), 1);
    assert!(SyntaxModel::bundled().parse_range(article, 5..1000).is_empty());
}

#[test]
fn the_bundled_model_is_the_shipped_file_and_is_shared() {
    let a: *const SyntaxModel = SyntaxModel::bundled();
    let b = std::thread::spawn(|| SyntaxModel::bundled() as *const SyntaxModel as usize)
        .join()
        .unwrap();
    assert_eq!(a as usize, b);
    assert_eq!(SyntaxModel::bundled().to_bytes(), MODEL);
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
