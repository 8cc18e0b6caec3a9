//! One small test per rule of the analysis, on short invented sentences.
//! Only the public entry point is used: `Analyzer::standalone().analyze`.

#[path = "common/analysis.rs"]
mod helpers;

use helpers::*;
use stance_tracker::analysis::ArticleAnalysis;
use stance_tracker::model::{ActorKind, Position};

use ActorKind::{Group, Organization, Person, State};
use Position::{Oppose, Support};

// ---------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------

#[test]
fn quote_then_x_said() {
    let t = "“The talks in Geneva were useful,” Lars Lindqvist said on Monday.";
    let a = analyze(t);
    assert_actor(t, &a, "Lars Lindqvist", Person, None);
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
}

#[test]
fn quote_then_said_x() {
    let t = "“The talks in Geneva were useful,” said Lars Lindqvist.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
}

#[test]

fn weekday_after_an_unknown_name_is_not_part_of_it() {
    let t = "“The talks in Geneva were useful,” said Lars Lindqvist on Monday.";
    let a = analyze(t);
    assert_eq!(names(&a), ["Lars Lindqvist"], "{}", describe(t, &a));
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
}

#[test]
fn weekday_after_on_before_a_name_is_not_part_of_it() {
    for t in [
        "The summit ended where on Sunday Lars Lindqvist signed the treaty.",
        "On Sunday Lars Lindqvist signed the treaty.",
    ] {
        let a = analyze(t);
        assert_eq!(names(&a), ["Lars Lindqvist"], "{}", describe(t, &a));
    }
    // A month that is a first name is kept: "with" is no preposition of time.
    let t = "Lars Lindqvist met with April Berg, a political scientist.";
    let a = analyze(t);
    assert!(names(&a).contains(&"April Berg"), "{}", describe(t, &a));
    // A weekday that belongs to a name is kept: it follows no preposition.
    let t = "The Sunday Herald Group reported the talks.";
    let a = analyze(t);
    assert!(names(&a).iter().all(|n| n.starts_with("Sunday")), "{}", describe(t, &a));
}

#[test]
fn plural_title_before_names_titles_the_first() {
    let t = "Presidents Lars Lindqvist of Norway and Anna Berg of Sweden signed the treaty on Sunday.";
    let a = analyze(t);
    let lars = actor(t, &a, "Lars Lindqvist");
    assert_eq!(lars.kind, Person, "{}", describe(t, &a));
    assert_eq!(mentions(t, lars), ["Lars Lindqvist"], "{}", describe(t, &a));
    assert!(
        !names(&a).iter().any(|n| n.starts_with("Presidents")),
        "{}",
        describe(t, &a)
    );
}

#[test]
fn signing_an_agreement_is_taking_part() {
    let t = "Foreign Minister Lars Lindqvist signed the agreement in Oslo.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
}

#[test]
fn coordinated_subjects_each_with_their_state() {
    let t = "President Lars Lindqvist of Norway and Anna Berg of Sweden signed the trade agreement.";
    let a = analyze(t);
    assert_stances(
        t,
        &a,
        &[
            ("Lars Lindqvist", "participation", Support),
            ("Anna Berg", "participation", Support),
        ],
    );
}

#[test]
fn subject_of_a_where_clause_after_a_date() {
    let t = "Leaders met in Oslo for a summit where on Sunday Presidents Lars Lindqvist of Norway \
             and Anna Berg of Sweden signed the trade agreement.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    assert_stance(t, &a, "Anna Berg", "participation", Support);
}

#[test]
fn the_excluded_party_of_a_passive_has_no_stance() {
    for t in [
        "Ukraine was excluded from the talks.",
        "Ukraine was kept out of the talks.",
    ] {
        let a = analyze(t);
        assert!(a.stances.is_empty(), "{}", describe(t, &a));
    }
}

#[test]
fn the_agent_after_by_acts_in_a_passive() {
    let t = "Iran was sanctioned by the United States.";
    let a = analyze(t);
    assert_stances(t, &a, &[("United States", "sanctions", Support)]);
}

#[test]
fn a_reported_pronoun_that_is_the_speaker() {
    let t = "China said it would not take part in the negotiations.";
    let a = analyze(t);
    assert_stances(t, &a, &[("China", "participation", Oppose)]);
}

#[test]
fn what_a_speaker_wants_of_another_is_the_speakers_stance() {
    let t = "Lars Lindqvist said Ukraine should be at the table.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    assert_no_stance_of(t, &a, "Ukraine");
    // A deed done is the doer's.
    let t = "Lars Lindqvist said the United States imposed new sanctions.";
    let a = analyze(t);
    assert_stance(t, &a, "United States", "sanctions", Support);
}

#[test]
fn meeting_and_holding_talks_is_taking_part() {
    for t in [
        "Lars Lindqvist met with Anna Berg in Oslo.",
        "Lars Lindqvist held talks with Anna Berg in Oslo.",
    ] {
        let a = analyze(t);
        assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    }
}

#[test]
fn will_not_alone_is_no_stance_on_concessions() {
    let t = "Lars Lindqvist said he will not seek the party's leadership.";
    let a = analyze(t);
    assert!(a.stances.is_empty(), "{}", describe(t, &a));
}

#[test]
fn refusing_to_cede_is_opposing_concessions() {
    let t = "Ukraine will not cede territory.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Ukraine", "concessions", Oppose)]);
}

#[test]
fn a_reported_subject_in_the_present_holds_its_own_stance() {
    let t = "Lars Lindqvist said that Germany supports new sanctions.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Germany", "sanctions", Support)]);
    // "would have to" is what the speaker demands of it.
    let t = "Lars Lindqvist said Ukraine would have to cede territory.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Lars Lindqvist", "concessions", Support)]);
}

#[test]
fn passives_about_the_speaker_or_with_a_later_by() {
    for t in [
        "China said it was excluded from the negotiations.",
        "Ukraine was excluded from the talks hosted by Saudi Arabia.",
        "Ukraine was shut out of the meeting convened by Lars Lindqvist.",
    ] {
        let a = analyze(t);
        assert!(a.stances.is_empty(), "{}", describe(t, &a));
    }
    let t = "Sanctions were imposed by the European Union.";
    let a = analyze(t);
    assert_stances(t, &a, &[("European Union", "sanctions", Support)]);
    // A relative clause's passive is about its noun.
    let t = "Norway has sanctions on Iran that have been imposed for years.";
    let a = analyze(t);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]
fn a_plural_office_is_no_particular_holder() {
    let t = "Previous US presidents imposed sanctions on Cuba.";
    let a = analyze(t);
    assert!(
        names(&a).iter().all(|n| !n.contains("Trump") && !n.contains("Biden")),
        "{}",
        describe(t, &a)
    );
    let t = "The Presidents Cup was played in Melbourne.";
    let a = analyze(t);
    assert!(a.actors.iter().all(|x| x.kind != Person), "{}", describe(t, &a));
}

#[test]
fn the_last_of_cancelling_cues_decides() {
    let t = "Lars Lindqvist signed a decree withdrawing Norway from the treaty.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Oppose);
}

#[test]
fn satisfied_is_an_adjective_not_a_passive() {
    let t = "Iran is satisfied with the talks.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Iran", "participation", Support)]);
}

#[test]
fn coordinated_subject_behind_a_possessive_state() {
    let t = "Lars Lindqvist of Norway and Sweden's Anna Berg held talks in Oslo.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    assert_stance(t, &a, "Anna Berg", "participation", Support);
    assert_no_stance_of(t, &a, "Sweden");
}

#[test]
fn quote_according_to_x() {
    let t = "“New sanctions on Iran are needed,” according to Lars Lindqvist.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "sanctions", Support);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]

fn unquoted_claim_according_to_x() {
    let t = "New sanctions on Iran are needed, according to Lars Lindqvist.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "sanctions", Support);
}

#[test]
fn x_reporting_verb_that_clause_is_the_speakers_stance() {
    let t = "Anna Lindqvist said that the talks in Geneva were constructive.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Anna Lindqvist", "participation", Support)]);
}

#[test]
fn x_reporting_verb_that_clause_with_its_own_subject() {
    // The speaker reports what another actor will do: the stance is that actor's.
    let t = "Anna Lindqvist stressed that Norway would impose new sanctions on Iran.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "sanctions", Support);
    assert_no_stance_of(t, &a, "Iran");
}

#[test]
fn he_said_after_a_named_speaker() {
    let t = "Lars Lindqvist arrived in Oslo on Monday. “The talks were useful,” he said.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
    // The evidence is the quoted sentence, not the one naming him.
    let s = stance(t, &a, "Lars Lindqvist", "participation");
    assert_eq!(slice(t, s.start, s.end), "“The talks were useful,” he said.");
}

#[test]

fn he_said_resolves_to_the_last_speaker_not_the_last_person_named() {
    let t = "“We want a deal,” Lars Lindqvist said after meeting Peter Novak. “The talks were useful,” he said.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    assert_no_stance_of(t, &a, "Peter Novak");
}

// ---------------------------------------------------------------------------
// Position: negation and hedges
// ---------------------------------------------------------------------------

#[test]
fn negation_wont_make_any_concession_is_opposition() {
    let t = "“We won't make any concession on the border,” Lars Lindqvist said.";
    let a = analyze(t);
    assert_stances(t, &a, &[("Lars Lindqvist", "concessions", Oppose)]);

    let t = "Norway won't make any concession to Russia, Anna Lindqvist said.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "concessions", Oppose);
}

#[test]
fn negation_flips_a_support_cue() {
    let t = "Sweden will never lift the sanctions on Iran.";
    let a = analyze(t);
    assert_stance(t, &a, "Sweden", "sanctions", Support);
    let t = "Sweden will lift the sanctions on Iran.";
    let a = analyze(t);
    assert_stance(t, &a, "Sweden", "sanctions", Oppose);
}

#[test]
fn a_hedge_lowers_confidence_but_keeps_the_position() {
    let plain = "Norway will impose new sanctions on Iran.";
    let hedged = "Norway might impose new sanctions on Iran.";
    let (a, b) = (analyze(plain), analyze(hedged));
    let (s, h) = (
        stance(plain, &a, "Norway", "sanctions"),
        stance(hedged, &b, "Norway", "sanctions"),
    );
    assert_eq!((s.position, h.position), (Support, Support));
    assert!(
        h.confidence < s.confidence,
        "hedged {} should be below plain {}",
        h.confidence,
        s.confidence
    );
    assert!(h.rule.contains("might"), "the rule names the hedge: {}", h.rule);
}

#[test]

fn the_month_may_is_not_a_hedge() {
    let plain = "Norway will impose new sanctions on Iran.";
    let dated = "Norway will impose new sanctions on Iran in May.";
    let (a, b) = (analyze(plain), analyze(dated));
    let (s, d) = (
        stance(plain, &a, "Norway", "sanctions"),
        stance(dated, &b, "Norway", "sanctions"),
    );
    assert_eq!(d.confidence, s.confidence, "rule: {}", d.rule);
}

#[test]

fn ready_to_meet_is_not_a_concession() {
    let t = "“We are ready to meet again,” Lars Lindqvist said.";
    let a = analyze(t);
    assert_stance(t, &a, "Lars Lindqvist", "participation", Support);
    assert_stances(t, &a, &[("Lars Lindqvist", "participation", Support)]);
}

// ---------------------------------------------------------------------------
// Sentence segmentation (seen through the evidence, which is one sentence)
// ---------------------------------------------------------------------------

#[test]
fn us_abbreviation_does_not_end_the_sentence() {
    let t = "Norway will impose new sanctions on Iran with U.S. President Donald Trump.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "sanctions");
    assert_eq!(slice(t, s.start, s.end), t);
    assert_actor(t, &a, "United States", State, None);
    assert_actor(t, &a, "Donald Trump", Person, Some("United States"));
}

#[test]
fn mr_and_gen_do_not_end_the_sentence() {
    let t = "Norway will impose new sanctions on Iran, Mr. Lindqvist told Gen. Petrov on Friday.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "sanctions");
    assert_eq!(slice(t, s.start, s.end), t);
}

#[test]
fn closing_quotes_and_brackets_stay_with_their_sentence() {
    let t = "Lars Lindqvist said: “Norway will impose new sanctions on Iran.” Nobody objected.";
    let a = analyze(t);
    let s = stance(t, &a, "Lars Lindqvist", "sanctions");
    assert_eq!(
        slice(t, s.start, s.end),
        "Lars Lindqvist said: “Norway will impose new sanctions on Iran.”"
    );

    let t = "Norway will impose new sanctions on Iran (starting next week.) Nobody objected.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "sanctions");
    assert_eq!(
        slice(t, s.start, s.end),
        "Norway will impose new sanctions on Iran (starting next week.)"
    );
}

#[test]

fn an_opening_straight_quote_starts_the_next_sentence() {
    let t = "Norway imposed new sanctions on Iran. \"We had no choice,\" Lars Lindqvist said.";
    let a = analyze(t);
    let s = stance(t, &a, "Norway", "sanctions");
    assert_eq!(slice(t, s.start, s.end), "Norway imposed new sanctions on Iran.");
}

// ---------------------------------------------------------------------------
// Actors: aliases, affiliations, unknown names
// ---------------------------------------------------------------------------

#[test]
fn surname_after_full_name_is_the_same_person() {
    let t = "Lena Kowalski arrived in Warsaw on Monday. Kowalski later left for Vilnius.";
    let a = analyze(t);
    let k = actor(t, &a, "Lena Kowalski");
    assert_eq!(k.kind, Person);
    assert_eq!(mentions(t, k), ["Lena Kowalski", "Kowalski"]);
    assert_eq!(k.aliases, ["Lena Kowalski", "Kowalski"]);
    assert_eq!(
        a.actors.iter().filter(|x| x.name.contains("Kowalski")).count(),
        1,
        "{}",
        describe(t, &a)
    );
}

#[test]
fn state_and_title_before_a_new_name_give_the_affiliation() {
    let t = "Russian Foreign Minister Ivan Petrovsky arrived in Geneva.";
    let a = analyze(t);
    assert_actor(t, &a, "Ivan Petrovsky", Person, Some("Russia"));
    assert_actor(t, &a, "Russia", State, None);
    assert_eq!(mentions(t, actor(t, &a, "Russia")), ["Russian"]);
}

#[test]
fn demonym_is_its_state() {
    let t = "German officials said the talks were useful.";
    let a = analyze(t);
    let g = actor(t, &a, "Germany");
    assert_eq!(g.kind, State);
    assert_eq!(mentions(t, g), ["German"]);
}

#[test]
fn capital_is_its_state() {
    let t = "Officials in Kyiv rejected the proposal on Friday.";
    let a = analyze(t);
    let u = actor(t, &a, "Ukraine");
    assert_eq!(u.kind, State);
    assert_eq!(mentions(t, u), ["Kyiv"]);
    assert_eq!(names(&a), ["Ukraine"], "{}", describe(t, &a));
}

#[test]
fn unknown_name_after_a_title_is_a_person() {
    let t = "The plan was criticised by political scientist Jane Doe of a small university.";
    let a = analyze(t);
    assert_actor(t, &a, "Jane Doe", Person, None);
    assert_eq!(names(&a), ["Jane Doe"], "{}", describe(t, &a));
}

#[test]

fn honorific_and_surname_is_a_person() {
    let t = "Mr. Lindqvist told Gen. Petrov that the talks were over.";
    let a = analyze(t);
    assert_actor(t, &a, "Lindqvist", Person, None);
    assert_actor(t, &a, "Petrov", Person, None);
    assert!(!names(&a).contains(&"Gen"), "{}", describe(t, &a));
}

#[test]
fn particle_names_stay_whole() {
    let t = "Crown Prince Mohammed bin Salman arrived in Cairo.";
    let a = analyze(t);
    assert_actor(t, &a, "Mohammed bin Salman", Person, Some("Saudi Arabia"));
    assert_eq!(
        mentions(t, actor(t, &a, "Mohammed bin Salman")),
        ["Mohammed bin Salman"]
    );

    let t = "Jordanian envoy Faisal bin Rashid arrived in Amman.";
    let a = analyze(t);
    assert_actor(t, &a, "Faisal bin Rashid", Person, Some("Jordan"));
}

#[test]
fn hyphenated_names_stay_whole_and_resolve_by_surname() {
    let t = "Kuwaiti diplomat Tariq Al-Aiban arrived in Oslo. Al-Aiban met the press.";
    let a = analyze(t);
    assert_actor(t, &a, "Tariq Al-Aiban", Person, Some("Kuwait"));
    assert_eq!(
        mentions(t, actor(t, &a, "Tariq Al-Aiban")),
        ["Tariq Al-Aiban", "Al-Aiban"]
    );
}

#[test]

fn a_first_name_that_is_a_gazetteer_alias_does_not_hide_the_person() {
    let t = "Kuwaiti diplomat Nasser Al-Aiban arrived in Oslo. Al-Aiban met the press.";
    let a = analyze(t);
    assert_actor(t, &a, "Nasser Al-Aiban", Person, Some("Kuwait"));
    assert!(!names(&a).contains(&"Kamal Nasser"), "{}", describe(t, &a));
}

#[test]
fn diacritics_in_known_and_unknown_names() {
    let t = "Turkish President Recep Tayyip Erdoğan hosted the summit. Erdoğan welcomed the guests.";
    let a = analyze(t);
    let e = actor(t, &a, "Recep Tayyip Erdoğan");
    assert_eq!((e.kind, e.affiliation.as_deref()), (Person, Some("Turkey")));
    // Offsets are chars: the slices come out whole despite the two-byte "ğ".
    assert_eq!(mentions(t, e), ["Recep Tayyip Erdoğan", "Erdoğan"]);

    let t = "Polish diplomat Łukasz Wiśniewski arrived in Kyiv. Wiśniewski met the press.";
    let a = analyze(t);
    let w = actor(t, &a, "Łukasz Wiśniewski");
    assert_eq!((w.kind, w.affiliation.as_deref()), (Person, Some("Poland")));
    assert_eq!(mentions(t, w), ["Łukasz Wiśniewski", "Wiśniewski"]);
}

#[test]
fn days_and_months_are_not_actors() {
    let t = "On Monday, Norway imposed new sanctions on Iran. In March, Sweden followed. Sunday brought more talks. By August nothing had changed.";
    let a = analyze(t);
    let mut n = names(&a);
    n.sort();
    assert_eq!(n, ["Iran", "Norway", "Sweden"], "{}", describe(t, &a));
}

#[test]
fn headings_do_not_produce_unknown_actors() {
    let t = "Tough Winter Ahead For Grain Exporters\n\nNorway will impose new sanctions on Iran.";
    let a = analyze(t);
    let mut n = names(&a);
    n.sort();
    assert_eq!(n, ["Iran", "Norway"], "{}", describe(t, &a));
    assert_stances(t, &a, &[("Norway", "sanctions", Support)]);
}

#[test]
fn organisation_names() {
    let t = "The Federal Aviation Office announced new restrictions on flights.";
    let a = analyze(t);
    assert_actor(t, &a, "Federal Aviation Office", Organization, None);
    assert_stance(t, &a, "Federal Aviation Office", "sanctions", Support);

    let t = "The Federal Shipping Agency of Norway closed the port.";
    let a = analyze(t);
    assert_actor(t, &a, "Federal Shipping Agency", Organization, Some("Norway"));

    let t = "The Norwegian Refugee Council welcomed the talks.";
    let a = analyze(t);
    assert_actor(t, &a, "Norwegian Refugee Council", Organization, None);
    assert_stance(t, &a, "Norwegian Refugee Council", "participation", Support);
}

#[test]
fn regional_bloc_is_a_group() {
    let t = "The Baltic states called for tougher sanctions on Russia.";
    let a = analyze(t);
    assert_actor(t, &a, "Baltic states", Group, None);
    assert_stance(t, &a, "Baltic states", "sanctions", Support);
}

#[test]
fn empty_and_actorless_text() {
    assert_eq!(analyze(""), ArticleAnalysis::default());
    assert_eq!(analyze("   \n\n  "), ArticleAnalysis::default());
    let t = "the weather was mild and nobody said anything about it.";
    let a = analyze(t);
    assert!(a.actors.is_empty() && a.stances.is_empty(), "{}", describe(t, &a));
}

#[test]
fn an_office_without_a_name_is_its_holder_on_the_article_date() {
    let analyzer = stance_tracker::analysis::Analyzer::standalone();
    let text = "Talks resumed on Monday. The US president said the talks were useful.";
    let names = |d| -> Vec<String> {
        analyzer
            .analyze(text, stance_tracker::model::Date::new(d, 6, 1))
            .actors
            .into_iter()
            .map(|a| a.name)
            .collect()
    };
    assert!(names(2019).contains(&"Donald Trump".to_owned()), "{:?}", names(2019));
    assert!(names(2023).contains(&"Joe Biden".to_owned()), "{:?}", names(2023));
    assert!(!names(2023).contains(&"Donald Trump".to_owned()));
}

#[test]
fn an_office_named_earlier_in_the_article_is_that_person() {
    let a = stance_tracker::analysis::Analyzer::standalone().analyze(
        "Russian Foreign Minister Sergei Lavrov arrived in Riyadh. Later the Russian foreign minister left.",
        stance_tracker::model::Date::new(2025, 2, 18),
    );
    let lavrov: Vec<_> = a.actors.iter().filter(|x| x.name.contains("Lavrov")).collect();
    assert_eq!(lavrov.len(), 1, "one actor for one person");
    assert_eq!(lavrov[0].mentions.len(), 2, "{:?}", lavrov[0]);
}

#[test]
fn a_first_name_after_a_title_is_the_person_named_in_full() {
    let t = "Princess Ubolratana Mahidol filed her candidacy. Later, Princess Ubolratana said she was a commoner.";
    let a = analyze(t);
    let p = actor(t, &a, "Ubolratana Mahidol");
    assert_eq!(mentions(t, p), ["Ubolratana Mahidol", "Ubolratana"]);
    assert_eq!(
        a.actors.iter().filter(|x| x.kind == Person).count(),
        1,
        "{}",
        describe(t, &a)
    );
}

#[test]
fn a_relative_with_the_same_surname_is_another_person() {
    let t = "A coup removed Thaksin Shinawatra in 2006, and another his sister Yingluck Shinawatra in 2014.";
    let a = analyze(t);
    assert_eq!(mentions(t, actor(t, &a, "Thaksin Shinawatra")), ["Thaksin Shinawatra"]);
    assert_eq!(
        mentions(t, actor(t, &a, "Yingluck Shinawatra")),
        ["Yingluck Shinawatra"]
    );
}

#[test]
fn a_party_before_a_name_is_not_part_of_it() {
    let t = "Republican Kevin McCarthy spoke after the vote.";
    let a = analyze(t);
    assert_actor(t, &a, "Kevin McCarthy", Person, None);
    assert!(
        !names(&a).iter().any(|n| n.contains("Republican")),
        "{}",
        describe(t, &a)
    );
}

#[test]
fn an_organisation_under_its_short_and_its_state_prefixed_names_is_one() {
    let t = "The House of Representatives met on Thursday. The House voted with the U.S. Congress \
             in session; the United States Congress has two chambers. Congress adjourned.";
    let a = analyze(t);
    let orgs: Vec<&str> = a
        .actors
        .iter()
        .filter(|x| x.kind == Organization)
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(orgs.len(), 2, "{}", describe(t, &a));
    assert_eq!(
        mentions(t, actor(t, &a, "House of Representatives")),
        ["House of Representatives", "House"]
    );
    assert_eq!(
        mentions(t, actor(t, &a, "United States Congress")),
        ["U.S. Congress", "United States Congress", "Congress"]
    );
}

#[test]
fn the_place_a_body_is_named_after_is_not_its_short_form() {
    let t = "The Toronto Police charged him on Friday. He had lived in Toronto for years. \
             Mahan Air denied it; Mahan said it flew no arms.";
    let a = analyze(t);
    assert_eq!(
        mentions(t, actor(t, &a, "Toronto Police")),
        ["Toronto Police"],
        "{}",
        describe(t, &a)
    );
    assert_eq!(mentions(t, actor(t, &a, "Mahan Air")), ["Mahan Air", "Mahan"]);
}

#[test]
fn two_surnames_of_known_people_side_by_side_are_one_new_person() {
    // "Jonathan" alone is Goodluck Jonathan and "Marcus" alone Gill Marcus
    // in the bundled gazetteer; together they are someone else.
    let t = "Speaking to the BBC, the analyst Jonathan Marcus said the strike had been planned for weeks.";
    let a = analyze(t);
    let n = names(&a);
    assert!(n.contains(&"Jonathan Marcus"), "{n:?}");
    assert!(
        !n.contains(&"Goodluck Jonathan") && !n.contains(&"Gill Marcus"),
        "{n:?}"
    );
    // A known person's full name is still that person.
    let t = "Goodluck Jonathan said the vote had been fair.";
    assert!(names(&analyze(t)).contains(&"Goodluck Jonathan"));
}

#[test]
fn the_white_house_and_the_state_department_are_actors_of_their_own() {
    let t = "The White House said on Monday that the State Department would lead the talks for the United States.";
    let a = analyze(t);
    let n = names(&a);
    for name in ["White House", "United States Department of State", "United States"] {
        assert!(n.contains(&name), "{name}: {n:?}");
    }
    // Named only as a spokesperson's employer, the department is no actor.
    let t = "U.S. State Department spokesperson Tammy Bruce said the talks would go on.";
    let n = names(&analyze(t)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert!(!n.iter().any(|x| x == "United States Department of State"), "{n:?}");
    assert!(n.iter().any(|x| x == "Tammy Bruce"), "{n:?}");
}

#[test]
fn a_surname_spelt_one_letter_off_is_the_same_person() {
    let t = "Houthi spokesman Yahya Sarea said the group had carried out the attack. \
             \"Our targets will keep expanding,\" Saree said.";
    let a = analyze(t);
    let n = names(&a);
    assert!(!n.contains(&"Saree"), "{n:?}");
    let sarea = actor(t, &a, "Yahya Sarea");
    assert_eq!(sarea.mentions.len(), 2, "{}", describe(t, &a));
}

#[test]
fn a_lone_unknown_name_before_said_is_a_person() {
    let t = "The report was leaked on Friday. Brekkestad said the leak was a crime, and IRNA said nothing.";
    let a = analyze(t);
    assert_actor(t, &a, "Brekkestad", ActorKind::Person, None);
    assert_actor(t, &a, "IRNA", ActorKind::Organization, None);
    // A capital that only starts the sentence, on an English word, is none.
    let t = "Prosecutors said the doctor had written the prescriptions for cash.";
    assert!(names(&analyze(t)).is_empty(), "{:?}", names(&analyze(t)));
}

#[test]
fn a_state_adjective_inside_a_royal_name_stays_in_it() {
    let t =
        "The coalition flew airstrikes with the Royal Saudi Air Force, and the Royal Canadian Mounted Police helped.";
    let a = analyze(t);
    assert_actor(t, &a, "Royal Saudi Air Force", Organization, Some("Saudi Arabia"));
    assert_actor(t, &a, "Royal Canadian Mounted Police", Organization, Some("Canada"));
}

#[test]
fn parties_and_peoples_called_by_their_plural_are_actors() {
    let t = "Democrats and Republicans clashed over the budget, while the Kurds fought on in Syria.";
    let a = analyze(t);
    assert_actor(t, &a, "Democratic Party", Organization, None);
    assert_actor(t, &a, "Republican Party", Organization, None);
    assert_actor(t, &a, "Kurds", Group, None);
    // A party elsewhere keeps its own longer name.
    let t = "The Liberal Democrats and the Sweden Democrats both lost seats.";
    let n = names(&analyze(t)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert!(
        n.contains(&"Liberal Democrats".to_owned()) && n.contains(&"Sweden Democrats".to_owned()),
        "{n:?}"
    );
    assert!(!n.contains(&"Democratic Party".to_owned()), "{n:?}");
}

#[test]
fn withdrawing_a_contested_bill_is_a_concession() {
    let t = "Carrie Lam said that her government would withdraw the bill.";
    let a = analyze(t);
    assert_stance(t, &a, "Carrie Lam", "concessions", Support);
    // Leaving talks is still no concession.
    let t = "Norway withdrew from the talks in protest.";
    let a = analyze(t);
    assert_stance(t, &a, "Norway", "participation", Oppose);
    assert!(
        !a.stances.iter().any(|s| s.issue == "concessions"),
        "{}",
        describe(t, &a)
    );
}

#[test]
fn a_states_government_by_name_is_the_state() {
    let t = "Troops are there at the invitation of the Government of Iraq, and the Norwegian Government agreed.";
    let a = analyze(t);
    let n = names(&a);
    assert!(n.contains(&"Iraq") && n.contains(&"Norway"), "{n:?}");
    assert!(!n.iter().any(|x| x.contains("Government")), "{n:?}");
    assert_eq!(actor(t, &a, "Norway").mentions.len(), 1, "{}", describe(t, &a));
}

#[test]
fn a_company_suffix_closes_the_name_before_it() {
    let t = "The plant is under the aegis of Nordland Asset Management, Inc. and of Vestby Tooling Kft.";
    let a = analyze(t);
    let n = names(&a);
    assert!(
        n.contains(&"Nordland Asset Management") && n.contains(&"Vestby Tooling Kft"),
        "{n:?}"
    );
    assert!(!n.contains(&"Inc"), "{n:?}");
}

#[test]
fn a_building_is_no_actor() {
    let t = "Protesters surrounded the Oslo Police Headquarters and the Storting Complex on Friday.";
    let a = analyze(t);
    let n = names(&a);
    assert!(
        !n.iter().any(|x| x.ends_with("Headquarters") || x.ends_with("Complex")),
        "{n:?}"
    );
}
