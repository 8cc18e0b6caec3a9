//! Stance suggestions: which actor takes which position on which issue, in
//! which sentence, and why.
//!
//! For every cue of an issue in a sentence, the agent is found by the first
//! rule that applies: inside a direct quote, the speaker (or, for a completed
//! action, the quote's own subject); in reported speech, the subject of the
//! reported clause (or the speaker); in narrative text, the possessor of the
//! cue noun, the subject of the clause, or the antecedent of "which". The
//! position comes from support/oppose cues, with negation flipping it.

use super::calibration::{AgentRule, Features};
use super::entities::Entities;
use super::lexicon;
use super::tokens::{Kind, LowerWords, Sentence, Token};
use crate::model::{ActorKind, Position};

mod agent;
mod cues;
mod evidence;
mod parsed;
mod subjects;

use agent::*;
use cues::*;
pub use cues::{CueIndex, word_matches};
pub use evidence::MAX_EVIDENCE_CHARS;
use evidence::*;
use subjects::*;

/// An issue as the analyser sees it: cue phrases split into words, lower case.
#[derive(Clone, Debug)]
pub struct IssueCues {
    pub key: String,
    pub topic: Vec<Vec<String>>,
    pub support: Vec<Vec<String>>,
    pub oppose: Vec<Vec<String>>,
    /// Whom the issue's acts are aimed at ([`crate::model::TargetRules`]),
    /// its words in lower case.
    pub targets: crate::model::TargetRules,
}

impl IssueCues {
    pub fn from_issue(issue: &crate::model::Issue) -> IssueCues {
        let split = |list: &[String]| -> Vec<Vec<String>> {
            list.iter()
                .map(|p| p.split_whitespace().map(|w| w.to_lowercase()).collect::<Vec<_>>())
                .filter(|p: &Vec<String>| !p.is_empty())
                .collect()
        };
        IssueCues {
            key: issue.key.clone(),
            topic: split(&issue.cues.topic),
            support: split(&issue.cues.support),
            oppose: split(&issue.cues.oppose),
            targets: {
                let mut t = issue.cues.target_rules(&issue.key);
                let lower = |v: &[String]| -> Vec<String> {
                    v.iter()
                        .map(|w| w.trim().to_lowercase())
                        .filter(|w| !w.is_empty())
                        .collect()
                };
                t.aimed_by = lower(&t.aimed_by);
                t.partners_by = lower(&t.partners_by);
                t
            },
        }
    }
}

/// Attitude verbs that state a position on whatever the sentence is about.
const ATTITUDE_FOR: &[&str] = &[
    "support", "welcome", "back", "endorse", "favor", "favour", "advocate", "urge", "call for", "demand", "praise",
];
const ATTITUDE_AGAINST: &[&str] = &[
    "reject",
    "condemn",
    "oppose",
    "denounce",
    "criticize",
    "criticise",
    "slam",
    "decry",
    "protest",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub entity: usize,
    pub issue: String,
    pub position: Position,
    pub confidence: f32,
    /// Byte span of the evidence.
    pub start: usize,
    pub end: usize,
    pub rule: String,
    /// What the rule did, for the calibration.
    pub features: Features,
    sentence: usize,
    paragraph: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum How {
    QuoteSpeaker,
    QuoteSubject,
    ReportedSubject,
    ReportedSpeaker,
    Possessor,
    Subject,
    /// "by X" after a passive cue: "sanctions were imposed by the EU".
    Agent,
    Antecedent,
    Condemnation,
    /// The subject of the cue's predicate in the dependency parse.
    Parsed,
}

impl How {
    fn base(self) -> f32 {
        match self {
            How::Possessor => 0.8,
            How::Subject | How::Agent | How::Antecedent | How::Parsed => 0.75,
            How::QuoteSpeaker => 0.75,
            How::QuoteSubject | How::ReportedSubject => 0.7,
            How::ReportedSpeaker => 0.65,
            How::Condemnation => 0.4,
        }
    }

    fn group(self) -> AgentRule {
        match self {
            How::QuoteSpeaker | How::QuoteSubject => AgentRule::Quote,
            How::ReportedSubject | How::ReportedSpeaker => AgentRule::Reported,
            How::Possessor => AgentRule::Possessor,
            How::Parsed => AgentRule::Parsed,
            How::Subject | How::Agent | How::Antecedent => AgentRule::Narrative,
            How::Condemnation => AgentRule::Condemnation,
        }
    }

    fn label(self) -> &'static str {
        match self {
            How::QuoteSpeaker => "speaker of the quote",
            How::QuoteSubject => "subject in the quote",
            How::ReportedSubject => "subject of the reported clause",
            How::ReportedSpeaker => "speaker",
            How::Possessor => "possessor",
            How::Subject => "subject",
            How::Agent => "agent after 'by'",
            How::Antecedent => "antecedent of 'which'",
            How::Condemnation => "speaker condemning the target",
            How::Parsed => "subject",
        }
    }
}

/// A cue phrase found in a sentence.
#[derive(Clone, Debug)]
struct Cue {
    first: usize,
    last: usize,
    kind: CueKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum CueKind {
    Topic,
    Support(f32),
    Oppose(f32),
}

struct Ctx<'a> {
    src: &'a str,
    toks: &'a [Token],
    ents: &'a Entities,
    lower: &'a LowerWords,
    index: &'a CueIndex,
    /// Cue word ids each token matches (word_matches), usually none.
    matched: Matched,
    /// Token matches a one-word attitude verb for / against.
    attitude: Vec<(bool, bool)>,
    /// Each sentence's parse, made when a cue first asks for it.
    parses: Vec<std::cell::OnceCell<parsed::SentenceParse>>,
}

impl Ctx<'_> {
    fn sentence_parse(&self, s: &Sentence, si: usize) -> Option<&parsed::SentenceParse> {
        Some(self.parses.get(si)?.get_or_init(|| parsed::SentenceParse::new(self, s)))
    }
}

struct Subject {
    entities: Vec<usize>,
    pronoun: bool,
}

/// The speaker of a sentence and where their words are.
#[derive(Clone, Debug)]
struct Speech {
    speaker: usize,
    /// Token from which the reported words start (after the reporting verb).
    reported_from: Option<usize>,
}

pub fn suggest(
    src: &str,
    toks: &[Token],
    lower: &LowerWords,
    sents: &[Sentence],
    ents: &Entities,
    issues: &[IssueCues],
    index: &CueIndex,
) -> Vec<Suggestion> {
    let matched = Matched::new(index, lower, toks.len());
    let mut attitude = vec![(false, false); toks.len()];
    for &i in &matched.tokens {
        let m = matched.get(i as usize);
        attitude[i as usize] = (
            m.iter().any(|id| index.att_for.contains(id)),
            m.iter().any(|id| index.att_against.contains(id)),
        );
    }
    let ctx = Ctx {
        src,
        toks,
        ents,
        lower,
        index,
        matched,
        attitude,
        parses: (0..sents.len()).map(|_| std::cell::OnceCell::new()).collect(),
    };
    // Every issue's cues in every sentence with a cue word, once: the
    // sanctions test and the sentence loop both read them.
    let cues_in: Vec<Vec<Vec<Cue>>> = sents
        .iter()
        .map(|s| {
            if ctx.matched.any_in(s) {
                (0..issues.len()).map(|ii| find_cues(&ctx, s, ii)).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    // The issues whose codebook says condemning someone supports acting
    // against them, and that this article is about (a topic word somewhere).
    let condemning_supports: Vec<usize> = (0..issues.len())
        .filter(|&k| issues[k].targets.condemning_supports)
        .filter(|&k| {
            cues_in.iter().any(|by_issue| {
                by_issue
                    .get(k)
                    .is_some_and(|c| c.iter().any(|c| c.kind == CueKind::Topic))
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut last_speaker: Option<usize> = None;
    let mut prev_quote_speaker: Option<(usize, usize)> = None; // (speaker, paragraph)
    for (si, s) in sents.iter().enumerate() {
        if s.heading {
            continue;
        }
        let has_quote = (s.first..=s.last).any(|i| toks[i].quoted && toks[i].kind == Kind::Word);
        let mut speech = find_speech(&ctx, s, sents, si, last_speaker);
        if speech.is_none()
            && has_quote
            && let Some((sp, para)) = prev_quote_speaker
            && para == s.paragraph
        {
            speech = Some(Speech {
                speaker: sp,
                reported_from: None,
            });
        }
        if let Some(sp) = &speech {
            if ctx.kind(sp.speaker) == ActorKind::Person {
                last_speaker = Some(sp.speaker);
            }
            if has_quote {
                prev_quote_speaker = Some((sp.speaker, s.paragraph));
            }
        }
        let mut found_any = false;
        for (ii, cues) in cues_in[si].iter().enumerate() {
            let issue = &issues[ii];
            let has_topic = has_topic(&ctx, s, ii) || cues.iter().any(|c| c.last > c.first && c.kind != CueKind::Topic);
            if !has_topic {
                continue;
            }
            for cue in cues
                .iter()
                .filter(|c| c.kind != CueKind::Topic || owner_acts(&ctx, issue, c))
            {
                if let Some(sugg) = suggestion_for(&ctx, s, si, sents, issue, cue, cues, speech.as_ref()) {
                    found_any = true;
                    out.extend(sugg);
                }
            }
        }
        // A speaker condemning someone in an article about an issue whose
        // codebook says so (sanctions) argues for acting against them.
        if !found_any
            && !condemning_supports.is_empty()
            && let Some(sp) = &speech
            && ctx.kind(sp.speaker) == ActorKind::Person
            && let Some(w) = (s.first..=s.last).find(|&i| ctx.is(i, lexicon::CONDEMNATION))
        {
            let (start, end) = evidence_span(&ctx, s, w, w);
            for &k in &condemning_supports {
                out.push(Suggestion {
                    entity: sp.speaker,
                    issue: issues[k].key.clone(),
                    position: Position::Support,
                    confidence: How::Condemnation.base(),
                    start,
                    end,
                    rule: format!(
                        "{} '{}' + condemnation '{}' in an article about {}",
                        How::Condemnation.label(),
                        ctx.name(sp.speaker),
                        toks[w].text(src),
                        issues[k].key
                    ),
                    features: Features {
                        rule_confidence: How::Condemnation.base(),
                        agent: AgentRule::Condemnation,
                        quoted: toks[w].quoted,
                        agents: 1,
                        sentences: 1,
                        ..Features::default()
                    },
                    sentence: si,
                    paragraph: s.paragraph,
                });
            }
        }
    }
    merge_adjacent(src, dedupe(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(words: &[&str]) -> CueIndex {
        let issue = IssueCues {
            key: "test".into(),
            topic: words.iter().map(|w| vec![w.to_string()]).collect(),
            support: Vec::new(),
            oppose: Vec::new(),
            targets: Default::default(),
        };
        CueIndex::new(&[issue])
    }

    /// The cues a token matches by the suffix rules, found the slow way: every
    /// stem the rules allow is looked up among the cue words.
    fn by_suffixes(words: &[String], token: &str) -> Vec<u16> {
        let id = |w: &str| words.iter().position(|c| c == w).map(|i| i as u16);
        // A token ruled out by its first two bytes matches nothing, unless a
        // one-letter cue makes every start possible.
        let pair = |w: &str| w.as_bytes().get(..2).map(<[u8]>::to_vec);
        let possible =
            words.iter().any(|w| w.len() < 2) || token.len() < 2 || words.iter().any(|w| pair(w) == pair(token));
        let mut out: Vec<u16> = Vec::new();
        let mut try_stem = |stem: &str| {
            if let Some(i) = id(stem)
                && possible
                && word_matches(token, &words[i as usize])
                && !out.contains(&i)
            {
                out.push(i);
            }
        };
        try_stem(token);
        for suf in ["s", "es", "ed", "d", "ing", "ion", "ions", "'s"] {
            if let Some(stem) = token.strip_suffix(suf) {
                try_stem(stem);
                // Doubled final consonant: "banned" → "ban".
                if matches!(suf, "ed" | "ing")
                    && let Some(last) = stem.chars().next_back()
                    && stem[..stem.len() - last.len_utf8()].ends_with(last)
                {
                    try_stem(&stem[..stem.len() - last.len_utf8()]);
                }
                // Final 'e' dropped: "facilitating" → "facilitate".
                if matches!(suf, "ing" | "ion" | "ions") && !stem.is_empty() {
                    try_stem(&format!("{stem}e"));
                }
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn the_trie_finds_what_the_suffix_rules_allow() {
        let words = [
            "sanction",
            "ban",
            "facilitate",
            "be",
            "talk",
            "talks",
            "e",
            "x-ray",
            "café",
            "see",
        ];
        let with_one_letter = cues(&words);
        let without = cues(&words.iter().copied().filter(|&w| w != "e").collect::<Vec<_>>());
        let tokens = [
            "sanctions",
            "sanctioned",
            "sanction's",
            "banned",
            "banning",
            "bans",
            "ban",
            "bank",
            "facilitating",
            "facilitation",
            "facilitated",
            "facilitate",
            "being",
            "be",
            "bed",
            "bing",
            "bion",
            "talks",
            "talking",
            "e",
            "es",
            "ing",
            "x-rays",
            "support",
            "",
            "s",
            "condemns",
            "café",
            "cafés",
            "caféé",
            "caféés",
            "cafééed",
            "seeing",
            "seing",
            "seen",
        ];
        for index in [with_one_letter, without] {
            for token in tokens {
                let mut got = Vec::new();
                index.matches(token, &mut got);
                got.sort_unstable();
                assert_eq!(got, by_suffixes(&index.words, token), "{token}");
            }
        }
    }

    #[test]
    fn a_non_ascii_cue_never_splits_a_character() {
        assert!(word_matches("cafés", "café"));
        assert!(!word_matches("caféé", "café") && !word_matches("caféés", "café"));
        assert!(
            word_matches("cafééing", "café"),
            "a doubled last letter, as in \"banning\""
        );
    }
}
