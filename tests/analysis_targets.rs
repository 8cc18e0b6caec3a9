//! Whom an act is aimed at, and who takes part in it, as the codebook
//! states it (issue 14, "about whom"): target words ("sanctions on Iran"),
//! partner words ("met with Khalilzad"), an owner's topic word ("the EU's
//! embargo"), condemnation in an article about an issue, and attitudes
//! toward acts against an issue ("opposed the withdrawal"). Sentences
//! written for these tests; a user's own issue states the same rules as
//! data.

#[path = "common/analysis.rs"]
mod helpers;

use helpers::*;
use stance_tracker::analysis::{Analyzer, ArticleAnalysis};
use stance_tracker::model::Position::{Oppose, Support};
use stance_tracker::model::{Command, Document, Issue, IssueCues, IssueId, TargetRules, Workspace};

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Analyses `text` with a workspace whose only issue is `tariffs`, with the
/// given target rules.
fn with_tariffs(text: &str, targets: Option<TargetRules>) -> ArticleAnalysis {
    let mut doc = Document::new(Workspace::empty());
    doc.execute(Command::AddIssue(Issue {
        id: IssueId(1),
        key: "tariffs".into(),
        label: "Tariffs".into(),
        description: String::new(),
        support_means: "Imposes or raises tariffs.".into(),
        oppose_means: "Lifts or rejects tariffs.".into(),
        cues: IssueCues {
            topic: words(&["tariff", "tariffs", "duties"]),
            support: words(&["impose", "raise", "slapped"]),
            oppose: words(&["lift", "scrap"]),
            targets,
        },
    }))
    .unwrap();
    Analyzer::for_workspace(doc.workspace()).analyze(text, None)
}

// ---------------------------------------------------------------------------
// Target words: the one aimed at takes no position
// ---------------------------------------------------------------------------

#[test]
fn pressure_aimed_at_the_speaker_is_not_the_speakers_stance() {
    let t = "“Nobody can put pressure on me,” Lars Lindqvist told reporters about the sanctions.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Lars Lindqvist");
}

#[test]
fn the_rule_names_whom_the_act_is_aimed_at() {
    let t = "Norway imposed new sanctions on Iran and Syria on Monday.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "sanctions", Support);
    assert_no_stance_of(t, &a, "Iran");
    assert_no_stance_of(t, &a, "Syria");
    let rule = &stance(t, &a, "Norway", "sanctions").rule;
    assert!(rule.contains("aimed on 'Iran', 'Syria'"), "{rule}");
}

#[test]
fn a_participle_describing_its_noun_is_nobodys_act() {
    let t = "Hezbollah is a banned organisation in Germany, according to the ministry.";
    let a = analyze(t);
    assert!(a.stances.is_empty(), "{}", describe(t, &a));
}

#[test]
fn a_users_own_issue_states_its_target_words() {
    let t = "Norway imposed tariffs on Sweden.";
    // Without target words the target is just a name near the cue.
    let aimed = with_tariffs(
        t,
        Some(TargetRules {
            aimed_by: words(&["on"]),
            ..TargetRules::default()
        }),
    );
    assert_stance(t, &aimed, "Norway", "tariffs", Support);
    assert_no_stance_of(t, &aimed, "Sweden");
    let rule = &stance(t, &aimed, "Norway", "tariffs").rule;
    assert!(rule.contains("aimed on 'Sweden'"), "{rule}");
}

#[test]
fn an_owners_topic_word_is_their_act_only_where_the_codebook_says_so() {
    let t = "The Norway tariffs hurt exporters, Sweden said.";
    let owned = with_tariffs(
        t,
        Some(TargetRules {
            owner_acts: true,
            ..TargetRules::default()
        }),
    );
    assert_stance(t, &owned, "Norway", "tariffs", Support);
    let plain = with_tariffs(t, Some(TargetRules::default()));
    assert_no_stance_of(t, &plain, "Norway");
}

#[test]
fn condemnation_supports_only_issues_that_say_so() {
    let t = "The tariffs were announced in May.\n\n“This regime is brutal and I condemn it,” Lars Lindqvist said.";
    let yes = with_tariffs(
        t,
        Some(TargetRules {
            condemning_supports: true,
            ..TargetRules::default()
        }),
    );
    assert_stance(t, &yes, "Lars Lindqvist", "tariffs", Support);
    assert!(
        stance(t, &yes, "Lars Lindqvist", "tariffs")
            .rule
            .contains("article about tariffs")
    );
    let no = with_tariffs(t, None);
    assert_no_stance_of(t, &no, "Lars Lindqvist");
}

// ---------------------------------------------------------------------------
// Partner words: who takes part with the agent
// ---------------------------------------------------------------------------

#[test]
fn those_met_with_take_part_too() {
    let t = "Norway held talks with Sweden and Finland in Oslo on Monday.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Support);
    assert_stance(t, &a, "Sweden", "participation", Support);
    assert_stance(t, &a, "Finland", "participation", Support);
    let rule = &stance(t, &a, "Sweden", "participation").rule;
    assert!(rule.starts_with("partner after 'with' of subject 'Norway'"), "{rule}");
    assert!(
        stance(t, &a, "Sweden", "participation").confidence < stance(t, &a, "Norway", "participation").confidence,
        "a partner is less sure than the agent\n{}",
        describe(t, &a)
    );
}

#[test]
fn an_offer_or_a_refusal_says_nothing_of_the_other_side() {
    for t in [
        "Norway is prepared to meet with Sweden for talks.",
        "Norway refused to meet with Sweden for talks.",
    ] {
        let a = analyze(t);
        assert!(stance(t, &a, "Norway", "participation").rule.contains("Norway"));
        assert_no_stance_of(t, &a, "Sweden");
    }
}

// ---------------------------------------------------------------------------
// Attitudes toward acts against an issue
// ---------------------------------------------------------------------------

#[test]
fn opposing_a_withdrawal_supports_taking_part() {
    let t = "Norway opposed the withdrawal from the talks.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Support);
    let t = "Norway welcomed the boycott of the talks.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Oppose);
}

#[test]
fn rejecting_a_word_of_the_opponents_is_still_against() {
    // "blockade" is how opponents name sanctions, not an act against them.
    let t = "“I strongly reject the new blockade,” Lars Lindqvist said.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "sanctions", Oppose);
}

// ---------------------------------------------------------------------------
// Workspaces saved before target rules
// ---------------------------------------------------------------------------

#[test]
fn an_issue_saved_without_target_rules_reads_as_the_default_codebook_reads_its_key() {
    let mut old = stance_tracker::model::default_issues();
    for i in &mut old {
        i.cues.targets = None;
    }
    let json = serde_json::to_string(&old[1]).unwrap();
    assert!(
        !json.contains("targets"),
        "nothing new is written for an issue without them"
    );
    let sanctions = old.iter().find(|i| i.key == "sanctions").unwrap();
    assert_eq!(
        sanctions.cues.target_rules("sanctions").aimed_by,
        words(&["on", "against"])
    );
    assert!(sanctions.cues.target_rules("sanctions").owner_acts);
    assert_eq!(IssueCues::default().target_rules("my_issue"), TargetRules::default());
}

// ---------------------------------------------------------------------------
// The owner of a cue noun, in the parse
// ---------------------------------------------------------------------------

#[test]
fn a_cue_nouns_owner_is_its_agent_not_the_speaker() {
    let t = "Regarding Norway's phone call with Sweden, Lars Lindqvist said it went well.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert_eq!(s.position, Support);
    assert!(
        s.rule.contains("nmod:poss"),
        "the rule names the parse path: {}",
        s.rule
    );
    assert_stance(t, &a, "Sweden", "participation", Support);
    assert_no_stance_of(t, &a, "Lars Lindqvist");
}

#[test]
fn a_call_made_by_someone_is_theirs() {
    let t = "The ministry of Finland released a summary of a phone call made by Norway last July.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert!(s.rule.contains("obl:agent"), "{}", s.rule);
    assert_no_stance_of(t, &a, "Finland");
}

#[test]
fn a_reported_clauses_own_subject_after_the_cue_is_its_agent() {
    // The reporter reports; the deed is the reported clause's subject's,
    // which stands after the cue and only the parse finds.
    let t = "Lars Lindqvist reported that, in a phone call in late July, Norway had urged Sweden to investigate.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "participation");
    assert!(s.rule.contains("nsubj"), "the rule names the parse path: {}", s.rule);
    assert_no_stance_of(t, &a, "Lars Lindqvist");
}

#[test]
fn a_speaker_reporting_their_own_act_keeps_it() {
    let t = "Lars Lindqvist said that, in a phone call on Monday, he had told Sweden to leave the talks.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Sweden");
}

#[test]
fn a_partner_qualified_by_a_state_is_the_person() {
    let t = "Norway held talks with Swedish Prime Minister Anna Berg on Monday.";
    let a = analyze(t);
    let s = stance(t, &a, "Anna Berg", "participation");
    assert!(s.rule.contains("partner after 'with'"), "{}", s.rule);
    assert_no_stance_of(t, &a, "Sweden");
}
