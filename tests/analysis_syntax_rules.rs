//! The mistakes a blind test on new articles found (issue 14), one test per
//! kind, on sentences written for these tests: who did it, inside quotes,
//! about whom, generic verbs, and names cut or invented. The agent of a plain
//! sentence now comes from the dependency parse, and its rule says so with
//! the syntactic path.

#[path = "common/analysis.rs"]
mod helpers;

use helpers::*;
use stance_tracker::model::Position::{Oppose, Support};

// ---------------------------------------------------------------------------
// Who did it: the grammatical subject, not the nearest name
// ---------------------------------------------------------------------------

#[test]
fn a_later_clause_keeps_the_first_clauses_subject() {
    let t = "Lars Lindqvist met Anna Berg in Oslo and then rejected the talks with Moscow.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Oppose);
    assert_no_stance_of(t, &a, "Anna Berg");
}

#[test]
fn a_pronoun_in_a_where_clause_is_the_main_subject() {
    let t = "Lars Lindqvist met Anna Berg, then Jonas Holm in Bergen, where he rejected the talks.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Oppose);
    assert_no_stance_of(t, &a, "Jonas Holm");
}

#[test]
fn the_rule_names_the_syntactic_path() {
    let t = "Lars Lindqvist met Anna Berg in Oslo and then rejected the talks with Moscow.";
    let a = analyze(t);
    let s = stance(t, &a, "Lars Lindqvist", "participation");
    assert!(s.rule.contains("parse: "), "{}", s.rule);
    assert!(s.rule.contains("nsubj"), "the path names the relation: {}", s.rule);
}

#[test]
fn a_relative_clause_acts_for_the_noun_it_modifies() {
    let t = "Norway, which rejected the talks last week, sent no delegation.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Oppose);
}

#[test]
fn a_control_verb_passes_its_subject_on() {
    let t = "Lars Lindqvist refused to join the talks in Geneva.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Oppose);
}

// ---------------------------------------------------------------------------
// Inside quotes: the speaker is the agent of the quote's content
// ---------------------------------------------------------------------------

#[test]
fn a_name_inside_a_quote_is_not_the_agent() {
    let t = "“We will never accept talks that Moscow dictates,” Lars Lindqvist said.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Moscow");
}

// ---------------------------------------------------------------------------
// About whom: the target of the act is not its agent
// ---------------------------------------------------------------------------

#[test]
fn the_one_who_imposes_sanctions_supports_them_not_the_target() {
    let t = "Norway imposed new sanctions on Iran on Monday.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "sanctions", Support);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]
fn sanctions_imposed_by_someone_are_theirs() {
    let t = "New sanctions were imposed on Iran by Norway.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "sanctions", Support);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]
fn a_passive_without_by_is_nobodys_stance() {
    let t = "Iran was excluded from the talks in Vienna.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]
fn the_subject_of_a_bare_participle_undergoes_it() {
    let t = "Norway wants foreign troops to leave and the Swedish government shut out of the talks.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Sweden");
    // The one who wants it shut out opposes its taking part.
    let s = stance(t, &a, "Norway", "participation");
    assert_eq!(s.position, Oppose, "{}", s.rule);
    assert!(s.rule.contains("wants"), "{}", s.rule);
}

// ---------------------------------------------------------------------------
// Names cut or invented
// ---------------------------------------------------------------------------

#[test]
fn a_sentence_initial_adverb_is_no_organisation() {
    let t = "Early on Monday, Norway rejected the talks.";
    let a = analyze(t);
    assert!(!names(&a).contains(&"Early"), "{:?}", names(&a));
    assert_stance(t, &a, "Norway", "participation", Oppose);
}

// ---------------------------------------------------------------------------
// Those who act for an actor, and clauses that share a subject
// ---------------------------------------------------------------------------

#[test]
fn troops_or_diplomats_of_a_state_act_for_it() {
    let t = "Norwegian troops work in cooperation with Sweden.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert_eq!(s.position, Support);
    assert!(s.rule.contains("'troops'"), "the path starts at the troops: {}", s.rule);
}

#[test]
fn a_purpose_infinitive_shares_its_clauses_subject() {
    let t = "Norwegian troops are there to fight rebels in cooperation with Sweden.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert!(s.rule.contains("advcl"), "{}", s.rule);
    assert_stance(t, &a, "Sweden", "participation", Support);
}

#[test]
fn a_relative_clause_on_a_common_noun_is_read_off_the_parse() {
    let t = "The air base hosts Norwegian troops who work in cooperation with Sweden.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert!(s.rule.contains("acl:relcl"), "{}", s.rule);
    // A person who is no actor: nobody the analysis knows takes the position.
    let t = "Lars Lindqvist spoke of the diplomat who walked out of the talks.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Lars Lindqvist");
}

#[test]
fn a_partner_named_by_its_government_is_the_state() {
    let t = "Norway entered into an agreement with the government of Sweden on Sunday.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Support);
    let s = stance(t, &a, "Sweden", "participation");
    assert!(s.rule.contains("partner after 'with'"), "{}", s.rule);
}

#[test]
fn a_name_that_names_something_else_is_no_antecedent() {
    let t = "Lars Lindqvist's role put him at the centre of the Anna Berg administration's affairs. \
             In July, he helped facilitate a meeting between Norway and Sweden.";
    let a = analyze(t);
    let s = stance(t, &a, "Lars Lindqvist", "participation");
    assert!(s.rule.contains("'he' = 'Lars Lindqvist'"), "{}", s.rule);
    assert_no_stance_of(t, &a, "Anna Berg");
}
