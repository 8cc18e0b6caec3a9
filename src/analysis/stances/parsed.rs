//! The agent of a cue read off the sentence's dependency parse: the
//! grammatical subject of the cue's predicate, through coordination,
//! control verbs and relative clauses (`syntax::Parse::subject_of`), with
//! passives, pronouns and titles resolved. Only sentences where a cue asks
//! and two or more actors compete are parsed, each once.
//!
//! The word rules in `subjects.rs` stay as the fallback for what the parse
//! cannot say (no subject found, a cue the parser did not tag).

use super::*;
use crate::analysis::syntax::{Parse, SyntaxModel};

/// A sentence's parse with the way between its tokens and the analysis'.
pub(super) struct SentenceParse {
    pub(super) parse: Parse,
    /// Analysis token `s.first + k` → the parse token at its start.
    to_parse: Vec<Option<usize>>,
    first: usize,
}

impl SentenceParse {
    pub(super) fn new(ctx: &Ctx, s: &Sentence) -> SentenceParse {
        let parse = SyntaxModel::bundled().parse_range(ctx.src, s.start..s.end);
        let to_parse = (s.first..=s.last).map(|i| parse.token_at(ctx.toks[i].start)).collect();
        SentenceParse {
            parse,
            to_parse,
            first: s.first,
        }
    }

    pub(super) fn parse_token(&self, tok: usize) -> Option<usize> {
        self.to_parse.get(tok.checked_sub(self.first)?).copied().flatten()
    }

    /// The first analysis token inside parse token `p`.
    pub(super) fn analysis_token(&self, p: usize) -> Option<usize> {
        self.to_parse.iter().position(|&q| q == Some(p)).map(|k| self.first + k)
    }
}

/// What the parse says about who did the act of a cue.
#[derive(Debug, PartialEq)]
pub(super) enum Verdict {
    /// These actors, by this path ("nsubj←rejected").
    Agents {
        entities: Vec<usize>,
        path: String,
        pronoun: bool,
    },
    /// The subject is no actor ("the talks collapsed") or a passive without
    /// "by": nobody in the text takes this position.
    Nobody(String),
    /// The parse has no answer; the word rules decide.
    Unknown,
}

/// UD relations through which a cue word hands the question up to its
/// predicate: "imposed *sanctions*" (obj), "pulled out *of the talks*"
/// (obl), "the *sanctions* regime" (compound).
const CLIMB: &[&str] = &[
    "obj", "iobj", "obl", "nmod", "compound", "amod", "advmod", "xcomp", "ccomp", "flat",
];

fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// The cue's word in the parse: of the cue's words, the one whose head lies
/// outside the cue ("pull *out*" → "pull").
fn cue_token(sp: &SentenceParse, cue: &Cue) -> Option<usize> {
    let toks: Vec<usize> = (cue.first..=cue.last).filter_map(|i| sp.parse_token(i)).collect();
    toks.iter()
        .copied()
        .find(|&p| sp.parse.head(p).is_none_or(|h| !toks.contains(&h)))
        .or(toks.first().copied())
}

/// The predicate a cue word belongs to: itself if it is a verb, else up
/// through objects and modifiers to the nearest verb (at most three steps).
fn predicate(parse: &Parse, mut p: usize) -> usize {
    for _ in 0..3 {
        let t = &parse.tokens[p];
        if t.upos == "VERB" || parse.child_with(p, "cop").is_some() {
            return p;
        }
        match t.head {
            Some(h) if CLIMB.contains(&base(t.deprel)) => p = h,
            _ => return p,
        }
    }
    p
}

/// The agent of a passive predicate: its "by" phrase.
fn by_agent(parse: &Parse, pred: usize) -> Option<usize> {
    parse.child_with(pred, "obl:agent").or_else(|| {
        parse.children(pred).into_iter().find(|&c| {
            base(parse.deprel(c)) == "obl"
                && parse
                    .children(c)
                    .into_iter()
                    .any(|k| parse.deprel(k) == "case" && parse.tokens[k].word.eq_ignore_ascii_case("by"))
        })
    })
}

/// Relations inside a name or a title phrase ("US President Donald Trump",
/// "Lavrov, Russia's foreign minister").
const NAME_PARTS: &[&str] = &["flat", "compound", "appos", "nmod:poss", "nmod"];

/// The actor a parse token names: its own entity, else one of its name parts'.
/// A state that only qualifies a person ("Russia's foreign minister") names
/// the person's side, which the coding takes as the state.
fn entity_of(ctx: &Ctx, sp: &SentenceParse, p: usize) -> Option<usize> {
    let own = sp.analysis_token(p).and_then(|t| ctx.entity(t));
    if own.is_some() {
        return own;
    }
    let parse = &sp.parse;
    // A common noun is named by what follows a title ("the minister, Sergei
    // Lavrov"), not by its modifiers: an "AU summit" is not the AU.
    let proper = parse.tokens[p].upos == "PROPN";
    // Those who act for a state or a group are named by it: "U.S. troops",
    // "Russian diplomats", "Iran's negotiators".
    let acts_for = !proper
        && lexicon::one_of(
            &[
                "troops",
                "forces",
                "soldiers",
                "officials",
                "diplomats",
                "negotiators",
                "envoys",
                "envoy",
                "delegation",
                "delegates",
                "authorities",
                "government",
                "military",
                "leaders",
            ],
            &parse.tokens[p].word,
        );
    let mut parts: Vec<usize> = parse
        .children(p)
        .into_iter()
        .filter(|&c| {
            let rel = parse.deprel(c);
            if proper {
                NAME_PARTS.contains(&rel)
            } else {
                matches!(rel, "flat" | "appos") || (acts_for && matches!(rel, "compound" | "amod" | "nmod:poss"))
            }
        })
        .collect();
    // A name part that is itself a name ("President Donald Trump": Trump is
    // flat under Donald under President) counts before an "of" phrase.
    parts.sort_by_key(|&c| (parse.deprel(c) == "nmod", c));
    parts.into_iter().find_map(|c| {
        sp.analysis_token(c)
            .and_then(|t| ctx.entity(t))
            .or_else(|| entity_of_flat(ctx, sp, c))
    })
}

fn entity_of_flat(ctx: &Ctx, sp: &SentenceParse, p: usize) -> Option<usize> {
    sp.parse
        .children(p)
        .into_iter()
        .filter(|&c| matches!(sp.parse.deprel(c), "flat" | "compound"))
        .find_map(|c| sp.analysis_token(c).and_then(|t| ctx.entity(t)))
}

/// The subject and every actor coordinated with it ("Russia and China"):
/// the parse's conjuncts, and the word rules' list from the subject's
/// mention up to the cue, which knows that "X of Norway and Y of Sweden"
/// lists two people, not Norway and Y (the parser often hangs the second
/// person on the first one's state).
fn coordinated(ctx: &Ctx, sp: &SentenceParse, subj: usize, cue: usize) -> Vec<usize> {
    // A clause hung on the last conjunct ("Poland, Finland and the Baltic
    // states advocating…") is about the whole list: start from its first.
    let mut subj = subj;
    while sp.parse.deprel(subj) == "conj"
        && let Some(h) = sp.parse.head(subj)
    {
        subj = h;
    }
    let mut out: Vec<usize> = entity_of(ctx, sp, subj).into_iter().collect();
    if let Some(t) = sp.analysis_token(subj)
        && ctx.entity(t).is_some()
        && t < cue
    {
        for e in ctx.coordinated(ctx.mention_start(t), cue - 1) {
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    for c in sp.parse.children(subj) {
        if sp.parse.deprel(c) == "conj"
            && let Some(e) = entity_of(ctx, sp, c)
            && !out.contains(&e)
        {
            out.push(e);
        }
    }
    out
}

/// The actor a pronoun subject stands for: a compatible subject of a
/// clause above it in the same sentence ("A said he would…", "A met B,
/// where he denounced…"), else the word rules' nearest compatible actor.
fn resolve_pronoun(
    ctx: &Ctx,
    sp: &SentenceParse,
    pred: usize,
    pron: usize,
    sents: &[Sentence],
    si: usize,
) -> Option<usize> {
    let w = sp.parse.tokens[pron].word.to_lowercase();
    let person = lexicon::PRONOUNS_PERSON.contains(&w);
    if !(person || matches!(w.as_str(), "it" | "they")) {
        return None; // "I", "we", "you": the speaker, whom the caller knows
    }
    let compatible = |e: usize| (ctx.kind(e) == ActorKind::Person) == person;
    let above = sp
        .parse
        .subject_chain(pred)
        .into_iter()
        .filter(|&s| s != pron)
        .filter_map(|s| entity_of(ctx, sp, s))
        .find(|&e| compatible(e));
    above.or_else(|| {
        let at = sp.analysis_token(pron)?;
        ctx.resolve_pronoun(&w, at, sents, si)
    })
}

/// A past participle with a subject of its own but no auxiliary and no
/// object is a small clause or a reduced passive: in "wants the government
/// shut out of the talks" the government undergoes the shutting out. (A
/// participle with an object is more likely a past tense the tagger
/// misread: "Norway signed the deal".)
fn bare_participle(parse: &Parse, pred: usize, subj: usize) -> bool {
    parse.tokens[pred].xpos == "VBN"
        && parse.head(subj) == Some(pred)
        && !parse
            .children(pred)
            .into_iter()
            .any(|c| matches!(parse.deprel(c), "aux" | "aux:pass" | "cop" | "obj"))
}

/// The verb of wanting that governs `pred` and its subject, as (subject,
/// verb): "wants … the government shut out".
fn wanted_by(parse: &Parse, pred: usize) -> Option<(usize, usize)> {
    if !matches!(parse.deprel(pred), "conj" | "xcomp" | "ccomp") {
        return None;
    }
    let g = parse.head(pred)?;
    let wants = [
        "want",
        "wants",
        "wanted",
        "wanting",
        "demand",
        "demands",
        "demanded",
        "demanding",
    ];
    if !lexicon::one_of(&wants, &parse.tokens[g].word) {
        return None;
    }
    parse.subject_of(g).filter(|&w| w != pred).map(|w| (w, g))
}

/// Who did the act of `cue`, as the parse reads the sentence. The owner of
/// a cue noun is its agent before the predicate's subject: "Trump's phone
/// call", "a call made by Trump". (Only cues that act reach here: a topic
/// word alone only where its owner acts, `cues::owner_acts`.)
pub(super) fn agent(ctx: &Ctx, s: &Sentence, si: usize, sents: &[Sentence], cue: &Cue) -> Verdict {
    // With one actor in the sentence the word rules find it as well; a
    // parse costs a hundred times the rest of the analysis, so it is made
    // where two or more actors compete for the cue.
    let mut seen = None;
    let competing = (s.first..=s.last).filter_map(|i| ctx.entity(i)).any(|e| {
        let other = seen.is_some_and(|f| f != e);
        seen.get_or_insert(e);
        other
    });
    if !competing {
        return Verdict::Unknown;
    }
    let Some(sp) = ctx.sentence_parse(s, si) else {
        return Verdict::Unknown;
    };
    let parse = &sp.parse;
    let Some(pc) = cue_token(sp, cue) else {
        return Verdict::Unknown;
    };
    if parse.tokens[pc].upos == "NOUN"
        && let Some(v) = owner_of(ctx, sp, pc, cue)
    {
        return v;
    }
    let pred = predicate(parse, pc);
    let Some(subj) = parse.subject_of(pred) else {
        return Verdict::Unknown;
    };
    // A subject borrowed across a coordination ("Leaders met … and signed")
    // while an actor's name stands right before the verb ("… Anna Berg of
    // Sweden signed") is more likely a misparse than a shared subject: the
    // word rules decide.
    if parse.head(subj) != Some(pred)
        && pred > 0
        && parse.tokens[pred - 1].upos == "PROPN"
        && sp.analysis_token(pred - 1).is_some_and(|a| ctx.entity(a).is_some())
    {
        return Verdict::Unknown;
    }
    // A relative clause acts for the noun it modifies only through a
    // relative pronoun ("the states that signed"); "a summit where the
    // presidents signed" is the presidents', which the parse did not find.
    if parse.deprel(pred) == "acl:relcl" && parse.head(pred) == Some(subj) && !has_relative_pronoun(parse, pred) {
        return Verdict::Unknown;
    }
    // The predicate's own passive subject or auxiliary: a relative clause's
    // "that" ("sanctions that were imposed") hands `subject_of` the noun it
    // modifies, which is still the patient.
    let bare = bare_participle(parse, pred, subj);
    let passive = subj == pc
        || parse.deprel(subj) == "nsubj:pass"
        || parse
            .children(pred)
            .into_iter()
            .any(|c| matches!(parse.deprel(c), "nsubj:pass" | "aux:pass"))
        || bare;
    // "The Taliban wants the government shut out of the talks": the act
    // undergone is the one the subject of "wants" asks for.
    if bare
        && by_agent(parse, pred).is_none()
        && let Some((wanter, want)) = wanted_by(parse, pred)
    {
        let entities = coordinated(ctx, sp, wanter, cue.first);
        if !entities.is_empty() && parse.tokens[wanter].upos != "PRON" {
            return Verdict::Agents {
                entities,
                path: format!(
                    "'{}' {} '{}' {} '{}' (the act '{}' asks for)",
                    parse.tokens[wanter].word,
                    parse.describe_path(wanter, want),
                    parse.tokens[want].word,
                    parse.describe_path(want, pc),
                    parse.tokens[pc].word,
                    parse.tokens[want].word
                ),
                pronoun: false,
            };
        }
    }
    let (who, via_by) = if passive {
        // "Ukraine was excluded from the talks": Ukraine undergoes it; the
        // one acting is after "by", if anyone.
        match by_agent(parse, pred) {
            Some(a) => (a, true),
            None => return Verdict::Nobody(format!("passive '{}' without 'by'", parse.tokens[pred].word)),
        }
    } else {
        (subj, false)
    };
    let path = format!(
        "'{}' {} '{}'{}",
        parse.tokens[who].word,
        parse.describe_path(who, pc),
        parse.tokens[pc].word,
        if via_by { ", agent of the passive" } else { "" }
    );
    if parse.tokens[who].upos == "PRON" {
        return match resolve_pronoun(ctx, sp, pred, who, sents, si) {
            Some(e) => Verdict::Agents {
                entities: vec![e],
                path: format!("{path}, '{}' = '{}'", parse.tokens[who].word, ctx.name(e)),
                pronoun: true,
            },
            None => Verdict::Unknown,
        };
    }
    let entities = coordinated(ctx, sp, who, cue.first);
    if entities.is_empty() {
        // A common noun ("the talks", "the deal") or a name the analysis did
        // not take for an actor.
        return if matches!(parse.tokens[who].upos, "NOUN" | "NUM") && !names_an_actor(ctx, sp, who) {
            Verdict::Nobody(format!("subject '{}' is not an actor", parse.tokens[who].word))
        } else {
            Verdict::Unknown
        };
    }
    Verdict::Agents {
        entities,
        path,
        pronoun: false,
    }
}

/// The actor who owns a cue noun: its possessor ("Trump's phone call") or
/// the agent of a participle on it ("a phone call made by Trump"). In
/// "Regarding Trump's call, Honig said", the call is Trump's, not the
/// speaker's.
fn owner_of(ctx: &Ctx, sp: &SentenceParse, noun: usize, cue: &Cue) -> Option<Verdict> {
    let parse = &sp.parse;
    let owner = parse.children(noun).into_iter().find_map(|c| match parse.deprel(c) {
        "nmod:poss" => Some(c),
        rel if base(rel) == "acl" => by_agent(parse, c),
        _ => None,
    })?;
    if parse.tokens[owner].upos == "PRON" {
        return None;
    }
    let entities = coordinated(ctx, sp, owner, cue.first);
    (!entities.is_empty()).then(|| Verdict::Agents {
        entities,
        path: format!(
            "'{}' {} '{}'",
            parse.tokens[owner].word,
            parse.describe_path(owner, noun),
            parse.tokens[noun].word
        ),
        pronoun: false,
    })
}

fn has_relative_pronoun(parse: &Parse, pred: usize) -> bool {
    parse.children(pred).into_iter().any(|c| {
        matches!(parse.tokens[c].xpos, "WP" | "WDT" | "WP$")
            || ["that", "which", "who", "whom"]
                .iter()
                .any(|w| parse.tokens[c].word.eq_ignore_ascii_case(w))
    })
}

/// Whether any word of the phrase headed by `p` is an actor's ("all but one
/// of the member states of the AU"): then the word rules may know better.
fn names_an_actor(ctx: &Ctx, sp: &SentenceParse, p: usize) -> bool {
    let parse = &sp.parse;
    (0..parse.len())
        .any(|t| parse.path_to_root(t).contains(&p) && sp.analysis_token(t).is_some_and(|a| ctx.entity(a).is_some()))
}
