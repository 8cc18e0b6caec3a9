//! Who a clause is about: the entity a region starts with, coordinated
//! actors, pronouns, speakers of reported speech and quotes.

use super::*;

impl Ctx<'_> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.lower.get(i)
    }

    pub(super) fn is(&self, i: usize, list: lexicon::List) -> bool {
        self.lower.is(i, list)
    }

    pub(super) fn entity(&self, i: usize) -> Option<usize> {
        self.ents.token_entity.get(i).copied().flatten()
    }

    pub(super) fn name(&self, e: usize) -> &str {
        &self.ents.list[e].name
    }

    pub(super) fn kind(&self, e: usize) -> ActorKind {
        self.ents.list[e].kind
    }

    /// The first token of the entity mention covering `i`.
    pub(super) fn mention_start(&self, i: usize) -> usize {
        let e = self.entity(i);
        let mut j = i;
        while j > 0 && e.is_some() && self.entity(j - 1) == e && self.toks[j - 1].kind != Kind::Possessive {
            j -= 1;
        }
        j
    }

    pub(super) fn mention_end(&self, i: usize) -> usize {
        let e = self.entity(i);
        let mut j = i;
        while j + 1 < self.toks.len() && e.is_some() && self.entity(j + 1) == e {
            j += 1;
        }
        j
    }

    /// A state named only to qualify a person or group ("US President Donald
    /// Trump", "Ukrainian officials") is not the subject; the head is.
    pub(super) fn is_modifier(&self, first: usize, last: usize) -> bool {
        let e = self.entity(first);
        let Some(e) = e else { return false };
        if self.toks.get(last + 1).is_some_and(|t| t.kind == Kind::Possessive) {
            return true;
        }
        if self.kind(e) != ActorKind::State {
            return false;
        }
        // "German firms", "Ukrainian officials": the adjective qualifies a group.
        let text = &self.src[self.toks[first].start..self.toks[last].end];
        let adjective = text != self.name(e)
            && ["an", "ian", "ese", "ish", "ch", "i", "ic"]
                .iter()
                .any(|x| text.ends_with(x));
        if adjective
            && self
                .toks
                .get(last + 1)
                .is_some_and(|t| t.kind == Kind::Word && t.text(self.src).starts_with(char::is_lowercase))
        {
            return true;
        }
        // Another actor within the next few capitalised/title words.
        let mut j = last + 1;
        while j < self.toks.len() && j <= last + 6 {
            if let Some(other) = self.entity(j)
                && other != e
            {
                return self.kind(other) == ActorKind::Person;
            }
            let t = &self.toks[j];
            if t.kind != Kind::Word {
                return false;
            }
            j += 1;
        }
        false
    }

    /// The entity whose mention starts a region (after determiners and
    /// time words), with pronouns resolved. `None` if the region starts with
    /// something else.
    pub(super) fn region_subject(&self, from: usize, to: usize, sents: &[Sentence], s_idx: usize) -> Option<Subject> {
        let mut i = from;
        let mut skipped = 0;
        while i <= to {
            let t = &self.toks[i];
            if t.kind != Kind::Word && t.kind != Kind::Possessive {
                i += 1;
                continue;
            }
            if let Some(e) = self.entity(i) {
                let last = self.mention_end(i);
                if self.is_modifier(i, last) {
                    // Skip to the head this modifies.
                    i = last + 1;
                    while i <= to && self.toks[i].kind == Kind::Possessive {
                        i += 1;
                    }
                    skipped += 1;
                    continue;
                }
                let _ = e;
                return Some(Subject {
                    entities: self.coordinated(i, to),
                    pronoun: false,
                });
            }
            let w = self.word(i);
            if matches!(w, "i" | "we") {
                return None; // the speaker, whom the caller knows
            }
            // A date before the subject: "where on Sunday Presidents …".
            if lexicon::one_of(&["on", "in"], w)
                && i < to
                && (self.is(i + 1, lexicon::DAYS) || self.is(i + 1, lexicon::MONTHS))
                && skipped <= 4
            {
                skipped += 1;
                i += 2;
                continue;
            }
            if lexicon::PRONOUNS_PERSON.contains(w) || lexicon::one_of(&["they", "it"], w) {
                return self.resolve_pronoun(w, i, sents, s_idx).map(|e| Subject {
                    entities: vec![e],
                    pronoun: true,
                });
            }
            let skippable = lexicon::one_of(
                &[
                    "the",
                    "a",
                    "an",
                    "both",
                    "also",
                    "last",
                    "year",
                    "earlier",
                    "later",
                    "then",
                    "now",
                    "previously",
                    "however",
                    "meanwhile",
                    "former",
                    "all",
                    "two",
                    "three",
                    "such",
                ],
                w,
            ) || (self.toks[i].kind == Kind::Word && self.is_title_word(i));
            if !skippable || skipped > 4 {
                return None;
            }
            skipped += 1;
            i += 1;
        }
        None
    }

    pub(super) fn is_title_word(&self, i: usize) -> bool {
        let w = self.word(i);
        // Plurals too: "Presidents X and Y".
        let w = lexicon::singular(w).unwrap_or(w);
        lexicon::one_of(
            &[
                "president",
                "minister",
                "secretary",
                "chancellor",
                "prime",
                "foreign",
                "king",
                "prince",
                "spokesperson",
                "spokesman",
                "official",
                "officials",
                "leader",
            ],
            w,
        )
    }

    /// Entities listed together from token `i`: "Poland, Finland, and the Baltic states".
    pub(super) fn coordinated(&self, i: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut j = i;
        while let Some(e) = self.entity(j) {
            if !out.contains(&e) {
                out.push(e);
            }
            let end = self.mention_end(j);
            let mut k = end + 1;
            // "Lars Lindqvist of Norway and Anna Berg of Sweden": a person's
            // affiliation is not one of the listed actors.
            if self.kind(e) == ActorKind::Person
                && k < to
                && self.word(k) == "of"
                && let Some(of) = self.entity(k + 1)
                && self.kind(of) != ActorKind::Person
            {
                k = self.mention_end(k + 1) + 1;
            }
            let mut saw_sep = false;
            while k <= to && matches!(self.word(k), "," | "and" | "or" | "the") {
                saw_sep |= matches!(self.word(k), "," | "and" | "or");
                k += 1;
            }
            if !saw_sep || k > to || self.entity(k).is_none() {
                break;
            }
            // "… and Ukraine's Dmytro Kuleba": the head, not its modifier.
            let mod_end = self.mention_end(k);
            if self.is_modifier(k, mod_end) {
                let mut h = mod_end + 1;
                while h <= to && self.toks[h].kind == Kind::Possessive {
                    h += 1;
                }
                if h <= to && self.entity(h).is_some() {
                    k = h;
                }
            }
            j = k;
        }
        out
    }

    /// he/she → the last person; they/it → the last state, organisation or group.
    pub(super) fn resolve_pronoun(&self, w: &str, at: usize, sents: &[Sentence], s_idx: usize) -> Option<usize> {
        let person = lexicon::PRONOUNS_PERSON.contains(w);
        let from = sents[s_idx.saturating_sub(1)].first;
        // "the Trump administration's affairs": a name naming something
        // else is no antecedent.
        let names_a_thing = |j: usize| {
            let next = self.mention_end(j) + 1;
            self.toks.get(next).is_some_and(|t| t.kind == Kind::Word)
                && lexicon::one_of(
                    &[
                        "administration",
                        "campaign",
                        "presidency",
                        "era",
                        "team",
                        "camp",
                        "family",
                        "government",
                        "cabinet",
                        "aides",
                        "supporters",
                        "allies",
                        "loyalists",
                    ],
                    self.word(next),
                )
        };
        (from..at)
            .rev()
            .filter_map(|j| self.entity(j).filter(|_| !names_a_thing(j)))
            .find(|&e| {
                let k = self.kind(e);
                if person {
                    k == ActorKind::Person
                } else {
                    k != ActorKind::Person
                }
            })
    }
}

/// The reporting verb of a sentence and who it attributes the words to.
pub(super) fn find_speech(
    ctx: &Ctx,
    s: &Sentence,
    sents: &[Sentence],
    si: usize,
    last_speaker: Option<usize>,
) -> Option<Speech> {
    for i in s.first..=s.last {
        let t = &ctx.toks[i];
        if t.quoted || t.kind != Kind::Word {
            continue;
        }
        let w = ctx.word(i);
        // "according to [a tweet … by] X"
        if w == "according" && ctx.toks.get(i + 1).is_some_and(|_| ctx.word(i + 1) == "to") {
            let window = (i + 2..=s.last.min(i + 14)).filter_map(|j| ctx.entity(j).map(|e| (j, e)));
            let mut best = None;
            for (j, e) in window {
                if ctx.kind(e) == ActorKind::Person {
                    best = Some(e);
                    break;
                }
                if best.is_none() && !ctx.is_modifier(ctx.mention_start(j), ctx.mention_end(j)) {
                    best = Some(e);
                }
            }
            if let Some(e) = best {
                // The claim is the rest of the sentence, quoted or not.
                return Some(Speech {
                    speaker: e,
                    reported_from: Some(s.first),
                });
            }
            continue;
        }
        if !ctx.is(i, lexicon::REPORTING_VERBS) || ctx.entity(i).is_some() {
            continue;
        }
        // The reporter: a name right before the verb ("Butler told"), the
        // subject of its clause, a name right after it ("said Rubio"), a
        // pronoun, or the sentence's main subject.
        let mut left = i;
        while left > s.first
            && lexicon::one_of(
                &[
                    "also",
                    "later",
                    "then",
                    "previously",
                    "had",
                    "has",
                    "have",
                    "repeatedly",
                ],
                ctx.word(left - 1),
            )
        {
            left -= 1;
        }
        let adjacent = left
            .checked_sub(1)
            .filter(|&j| j >= s.first && !ctx.toks[j].quoted)
            .and_then(|j| ctx.entity(j));
        // "he said" continues the last person who spoke.
        let prev = left.checked_sub(1).filter(|&j| j >= s.first).map(|j| ctx.word(j));
        if adjacent.is_none()
            && prev.is_some_and(|p| lexicon::PRONOUNS_PERSON.contains(p))
            && let Some(sp) = last_speaker.or_else(|| ctx.resolve_pronoun(prev.unwrap_or(""), i, sents, si))
        {
            return Some(Speech {
                speaker: sp,
                reported_from: Some(i + 1),
            });
        }
        let region_start = region_start_before(ctx, s, i);
        let subject = ctx.region_subject(region_start, i.saturating_sub(1), sents, si);
        let after = ctx.entity(i + 1).filter(|_| i < s.last && !ctx.toks[i + 1].quoted);
        let speaker = match (adjacent, subject) {
            (Some(e), _) => Some(e),
            (None, Some(sub)) if sub.entities.len() == 1 => Some(sub.entities[0]),
            _ => after.or_else(|| {
                // "he said"
                let prev = ctx.word(i.saturating_sub(1));
                if lexicon::PRONOUNS_PERSON.contains(prev) {
                    last_speaker.or_else(|| ctx.resolve_pronoun(prev, i, sents, si))
                } else {
                    None
                }
            }),
        };
        let speaker = speaker.or_else(|| main_subject(ctx, s, sents, si));
        if let Some(speaker) = speaker {
            return Some(Speech {
                speaker,
                reported_from: Some(i + 1),
            });
        }
    }
    None
}

/// Start of the clause region that ends at `i`: after the nearest comma,
/// semicolon, colon, quote mark, "that" or subordinating word.
pub(super) fn region_start_before(ctx: &Ctx, s: &Sentence, i: usize) -> usize {
    let mut j = i;
    while j > s.first {
        let w = ctx.word(j - 1);
        let quote_mark = ctx.toks[j - 1].kind == Kind::Punct
            && ctx.toks[j - 1].quoted
            && ctx.toks[j - 1].end - ctx.toks[j - 1].start <= 3
            && matches!(w, "“" | "”" | "\"" | "«" | "»");
        // "that" starts a reported clause after a reporting verb; after a noun it
        // is a relative pronoun and the clause goes on ("sanctions that have been imposed").
        let complement = w == "that"
            && j >= 2
            && (ctx.is(j - 2, lexicon::REPORTING_VERBS) || ctx.is(j - 2, lexicon::COMPLEMENT_VERBS));
        if matches!(w, "," | ";" | ":" | "(" | ")" | "[" | "]" | "—" | "–")
            || quote_mark
            || complement
            || ctx.is(j - 1, lexicon::SUBORDINATORS)
            || w == "which"
            || w == "who"
        {
            return j;
        }
        j -= 1;
    }
    s.first
}

/// The first region-initial actor of the sentence outside quotes.
pub(super) fn main_subject(ctx: &Ctx, s: &Sentence, sents: &[Sentence], si: usize) -> Option<usize> {
    let mut start = s.first;
    for i in s.first..=s.last {
        let w = ctx.word(i);
        if ctx.toks[i].quoted {
            start = i + 1;
            continue;
        }
        if matches!(w, "," | ";" | ":") || i == s.last {
            if let Some(sub) = ctx.region_subject(start, i, sents, si)
                && !sub.pronoun
            {
                return sub.entities.first().copied();
            }
            start = i + 1;
        }
    }
    None
}
