//! From a cue to a suggestion: its agent (quote speaker, reported subject,
//! possessor, subject, antecedent, agent after "by") and its position
//! (support and oppose cues, negation, hedges).

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn suggestion_for(
    ctx: &Ctx,
    s: &Sentence,
    si: usize,
    sents: &[Sentence],
    issue: &IssueCues,
    cue: &Cue,
    cues: &[Cue],
    speech: Option<&Speech>,
) -> Option<Vec<Suggestion>> {
    let in_quote = ctx.toks[cue.first].quoted;
    if describes_its_noun(ctx, s, cue) {
        return None;
    }
    let region = region_start_before(ctx, s, cue.first);
    let mut how;
    let mut agents: Vec<usize> = Vec::new();
    // The speaker is also the reported clause's subject ("said it was
    // excluded"), so a passive there is about them too.
    let mut speaker_is_subject = false;
    let mut agent_text = String::new();
    // The parse path that gave the agent, named in the rule.
    let mut agent_path = String::new();

    // Who?
    if in_quote {
        let sp = speech?;
        let end = region_end_after(ctx, s, cue.last);
        let action = cues
            .iter()
            .filter(|c| c.first >= region && c.last <= end && c.kind != CueKind::Topic)
            .any(|c| is_action(ctx.word(c.first)) || is_action(ctx.word(c.last)));
        let sub = ctx.region_subject(region, cue.first.saturating_sub(1), sents, si);
        match sub {
            Some(sub)
                if action
                    && !sub.entities.contains(&sp.speaker)
                    && !is_affiliation_of(ctx, &sub.entities, sp.speaker) =>
            {
                how = How::QuoteSubject;
                agents = sub.entities;
            }
            _ => {
                how = How::QuoteSpeaker;
                agents.push(sp.speaker);
            }
        }
    } else if let Some(sp) = speech.filter(|sp| sp.reported_from.is_some_and(|r| cue.first >= r)) {
        // The reported words start after the reporting verb even without a
        // "that": "Russia said it would attend".
        let region = region.max(sp.reported_from.unwrap_or(region));
        // What the speaker wants of another party is the speaker's stance:
        // "said Ukraine should be at the table", "demanded that Ukraine
        // cede", "said Ukraine would have to cede". Otherwise the reported
        // subject's own deed or intent is its stance ("said that Germany
        // supports new sanctions").
        let wish = (region..cue.first).any(|i| {
            let w = ctx.word(i);
            lexicon::one_of(&["should", "must", "ought"], w)
                || (lexicon::one_of(&["have", "has", "had", "need", "needs", "needed"], w) && ctx.word(i + 1) == "to")
        }) || sp.reported_from.is_some_and(|r| {
            let verb = if r >= 2 && ctx.word(r - 1) == "that" {
                r - 2
            } else {
                r.saturating_sub(1)
            };
            lexicon::one_of(
                &[
                    "demanded", "demand", "demands", "urged", "urge", "urges", "insisted", "insists", "asked", "asks",
                    "called", "calls", "wants", "wanted", "want",
                ],
                ctx.word(verb),
            )
        });
        match ctx.region_subject(region, cue.first.saturating_sub(1), sents, si) {
            Some(sub)
                if !wish
                    && !sub.entities.contains(&sp.speaker)
                    && !is_affiliation_of(ctx, &sub.entities, sp.speaker) =>
            {
                how = How::ReportedSubject;
                agents = sub.entities;
            }
            // "China said it would not take part": the pronoun is the speaker.
            Some(sub) if sub.pronoun && sub.entities == [sp.speaker] => {
                how = How::ReportedSpeaker;
                agents.push(sp.speaker);
                speaker_is_subject = true;
            }
            other => {
                // "The Times reported that, in a phone call, Trump
                // encouraged …": the reported clause's subject comes after
                // the cue, where only the parse sees it. Asked only where no
                // subject stands before the cue: parsing every reported
                // clause would keep a parse for most sentences of the news.
                match (!wish && other.is_none())
                    .then(|| reported_subject_in_parse(ctx, s, si, sents, cue, sp, region))
                    .flatten()
                {
                    Some((entities, path)) => {
                        how = How::Parsed;
                        agents = entities;
                        agent_path = path;
                    }
                    None if region_has_own_subject(ctx, region, cue.first) => return None,
                    None => {
                        how = How::ReportedSpeaker;
                        agents.push(sp.speaker);
                    }
                }
            }
        }
    } else if let Some(p) = owner_acts(ctx, issue, cue)
        .then(|| possessor(ctx, s, cue.first))
        .flatten()
    {
        how = How::Possessor;
        agents.push(p);
    } else {
        let before = region.checked_sub(1).map(|r| ctx.word(r));
        // The antecedent: the actor right before ", which"; a common noun
        // there ("Norwegian troops who…") is for the parse to name.
        let relative = matches!(before, Some("which" | "who"));
        let antecedent = relative
            .then(|| {
                let mut j = region - 1;
                while j > s.first && matches!(ctx.word(j - 1), ",") {
                    j -= 1;
                }
                ctx.entity(j.checked_sub(1)?)
            })
            .flatten();
        if let Some(e) = antecedent {
            how = How::Antecedent;
            agents.push(e);
        } else if let Some((entities, path)) = match parsed::agent(ctx, s, si, sents, cue) {
            parsed::Verdict::Agents { entities, path, .. } => Some((entities, path)),
            parsed::Verdict::Nobody(_) => return None,
            parsed::Verdict::Unknown => None,
        } {
            how = How::Parsed;
            agents = entities;
            agent_path = path;
        } else if relative {
            // Only the parse may name a common-noun antecedent's actor.
            return None;
        } else if let Some(sub) = ctx
            .region_subject(region, cue.first.saturating_sub(1), sents, si)
            .or_else(|| list_before(ctx, s, cue.first))
        {
            how = How::Subject;
            agents = sub.entities;
        } else if region > s.first && region_starts_with_verb(ctx, region) {
            // "Saudi Arabia, positioning itself …, has facilitated": the main subject.
            how = How::Subject;
            agents.push(main_subject(ctx, s, sents, si)?);
        } else if is_passive(ctx, region, cue.first) {
            // "Sanctions were imposed by the EU": the agent, found below.
            how = How::Subject;
        } else {
            return None;
        }
    }
    // In the passive the subject undergoes the act: "Ukraine was excluded
    // from the talks" is no stance of Ukraine's. The one acting follows "by",
    // if anyone. Any passive cue of the region makes its subject the
    // patient, so another cue there ("shut out of the meeting convened by
    // X") cannot make it the actor either.
    let region_end = region_end_after(ctx, s, cue.last);
    let about_speaker = matches!(how, How::QuoteSpeaker | How::ReportedSpeaker) && !speaker_is_subject;
    if !about_speaker && !matches!(how, How::Possessor | How::Condemnation | How::Parsed) {
        let passive = std::iter::once(cue)
            .chain(cues.iter().filter(|c| c.first >= region && c.last <= region_end))
            .find(|c| is_passive(ctx, region, c.first));
        if let Some(p) = passive {
            how = How::Agent;
            agents = agent_after_by(ctx, s, p)?;
        }
    }
    if agents.is_empty() {
        return None;
    }
    // Whom the act is aimed at takes no position by it: "sanctions on Iran",
    // and "nobody can put pressure on me" is not the speaker's stance.
    let mut aimed_text = String::new();
    let in_region = |c: &&Cue| c.first >= region && c.last <= region_end;
    let aim = std::iter::once(cue)
        .chain(cues.iter().filter(in_region))
        .find_map(|c| aimed_at(ctx, s, &issue.targets.aimed_by, c, region_end));
    match aim {
        Some(Aim::Actors(word, targets)) => {
            agents.retain(|e| !targets.contains(e));
            aimed_text = format!(
                " aimed {word} '{}'",
                targets.iter().map(|&e| ctx.name(e)).collect::<Vec<_>>().join("', '")
            );
        }
        Some(Aim::Speaker) if about_speaker || matches!(how, How::QuoteSpeaker | How::ReportedSpeaker) => return None,
        _ => {}
    }
    if agents.is_empty() {
        return None;
    }
    if agent_text.is_empty() {
        agent_text = agents.iter().map(|&e| ctx.name(e)).collect::<Vec<_>>().join("', '");
    }

    // What position? Polarity cues in the same region as this cue.
    let mut score = 0.0f32;
    let mut used: Vec<String> = Vec::new();
    for c in cues.iter().filter(|c| c.first >= region && c.last <= region_end) {
        let w = match c.kind {
            CueKind::Support(w) => w,
            CueKind::Oppose(w) => -w,
            CueKind::Topic => continue,
        };
        score += w;
        used.push(phrase(ctx, c.first, c.last));
    }
    // An attitude toward an act against the issue turns it round: "opposed
    // the withdrawal" is for staying, "welcomed the boycott" against taking
    // part. (Toward an act for the issue the attitude's sign already wins:
    // its weight is larger.)
    // Only an act that is the attitude's object ("opposed the withdrawal"),
    // not a topic word, a negation or a qualifier of one: "reject the new
    // blockade", "condemned the illegal blockade" stay against sanctions.
    let is_attitude = |c: &Cue| c.first == c.last && ctx.attitude[c.first] != (false, false);
    let is_topic = |i: usize| {
        cues.iter()
            .any(|c| c.kind == CueKind::Topic && c.first <= i && i <= c.last)
    };
    let is_act = |c: &Cue, att: &Cue| {
        matches!(c.kind, CueKind::Oppose(_))
            && c.first > att.last
            && c.first <= att.last + 3
            && (att.last + 1..c.first).all(|j| {
                lexicon::one_of(
                    &["the", "a", "an", "its", "their", "his", "her", "any", "this", "that"],
                    ctx.word(j),
                ) || ctx.entity(j).is_some()
                    || ctx.toks[j].kind == Kind::Possessive
            })
            && !is_topic(c.first)
            && !is_topic(c.last + 1)
            && !ctx.is(c.first, lexicon::NEGATORS)
            && !ctx.word(c.first).ends_with("n't")
    };
    if let Some(att) = cues
        .iter()
        .filter(|c| c.first >= region && c.last <= region_end)
        .find(|c| is_attitude(c))
        && let Some(act) = cues
            .iter()
            .find(|c| c.last <= region_end && !is_attitude(c) && is_act(c, att))
    {
        score = match att.kind {
            CueKind::Support(_) => -1.0,
            _ => 1.0,
        };
        used = vec![phrase(ctx, att.first, att.last), phrase(ctx, act.first, act.last)];
    }
    // Support and oppose cues cancelled out: a negating cue decides ("won't
    // make any concession"), else the last one, since it says what the
    // earlier one brought about ("signed a decree withdrawing Russia from
    // the treaty").
    let polar = || {
        cues.iter()
            .filter(|c| c.first >= region && c.last <= region_end && c.kind != CueKind::Topic)
    };
    let last_polar = polar()
        .find(|c| ctx.is(c.first, lexicon::NEGATORS) || ctx.word(c.first).ends_with("n't"))
        .or_else(|| polar().max_by_key(|c| c.first))
        .map(|c| c.kind);
    if score == 0.0 {
        match last_polar.unwrap_or(cue.kind) {
            CueKind::Support(w) => score = w,
            CueKind::Oppose(w) => score = -w,
            // A topic noun alone counts only with an owner ("United States
            // sanctions"), or when negated ("won't extract any concession").
            CueKind::Topic => {
                if how != How::Possessor && negation_before(ctx, region, cue.first).is_none() {
                    return None;
                }
            }
        }
    }
    if used.is_empty() {
        used.push(phrase(ctx, cue.first, cue.last));
    }
    let mut position = if score < 0.0 {
        Position::Oppose
    } else {
        Position::Support
    };
    let polar_cues = polar().count().min(255) as u8;
    let mut negated = false;
    let mut hedged = false;
    let mut confidence = how.base();
    let mut rule = if agent_path.is_empty() {
        format!(
            "{} '{}' + cue '{}'{aimed_text}",
            how.label(),
            agent_text,
            used.join("', '")
        )
    } else {
        format!(
            "{} '{}' (parse: {}) + cue '{}'{aimed_text}",
            how.label(),
            agent_text,
            agent_path,
            used.join("', '")
        )
    };
    // Negation of the cue flips it: "won't extract any concession".
    let first_cue = cues
        .iter()
        .filter(|c| c.first >= region && c.last <= region_end)
        .map(|c| c.first)
        .min()
        .unwrap_or(cue.first);
    if let Some(neg) = negation_before(ctx, region.max(first_cue.saturating_sub(6)), first_cue) {
        position = match position {
            Position::Support => Position::Oppose,
            _ => Position::Support,
        };
        confidence -= 0.05;
        negated = true;
        rule.push_str(&format!(" + negation '{}'", ctx.toks[neg].text(ctx.src)));
    }
    if let Some(h) = hedge(ctx, s) {
        confidence -= 0.15;
        hedged = true;
        rule.push_str(&format!(" (hedged: '{h}')"));
    }
    if used.len() > 1 {
        confidence += 0.05;
    }
    let (start, end) = evidence_span(ctx, s, cue.first, cue.last);
    let confidence = confidence.clamp(0.05, 0.95);
    let features = Features {
        rule_confidence: confidence,
        agent: how.group(),
        negated,
        hedged,
        polar_cues,
        phrase_cue: cue.last > cue.first,
        quoted: in_quote,
        agents: agents.len().min(255) as u8,
        sentences: 1,
    };
    // Those who take part in the act with the agent, as the codebook names
    // them: "met with Khalilzad", "a meeting between Giuliani and Yermak".
    // Only in support: refusing to meet someone says nothing of them.
    // And only for an act, not an offer: "is prepared to meet with
    // Zelensky" says nothing yet of Zelensky.
    let mut partners: Vec<(usize, String)> = Vec::new();
    let offer = (region..=cue.last).any(|i| {
        lexicon::one_of(
            &[
                "prepared", "ready", "willing", "wants", "want", "wanted", "would", "will", "could", "should", "may",
                "might", "offered", "offers", "proposed", "proposes", "invited", "invites", "hopes", "hoped", "plans",
                "planned", "seeks", "sought",
            ],
            ctx.word(i),
        )
    });
    if position == Position::Support && !negated && !hedged && !offer {
        let aim = std::iter::once(cue)
            .chain(cues.iter().filter(|c| c.first >= region && c.last <= region_end))
            .find_map(|c| match aimed_at(ctx, s, &issue.targets.partners_by, c, region_end) {
                Some(Aim::Actors(word, list)) => Some((word, list)),
                _ => None,
            });
        if let Some((word, list)) = aim {
            let rule = format!(
                "partner after '{word}' of {} '{}' + cue '{}'",
                how.label(),
                agent_text,
                used.join("', '")
            );
            partners.extend(
                list.into_iter()
                    .filter(|e| !agents.contains(e))
                    .map(|e| (e, rule.clone())),
            );
        }
    }
    let partner_confidence = (confidence - 0.1).clamp(0.05, 0.95);
    let suggestion = |entity: usize, rule: String, confidence: f32, agent: AgentRule| Suggestion {
        entity,
        issue: issue.key.clone(),
        position,
        confidence,
        start,
        end,
        rule,
        features: Features {
            rule_confidence: confidence,
            agent,
            ..features
        },
        sentence: si,
        paragraph: s.paragraph,
    };
    let mut out: Vec<Suggestion> = agents
        .iter()
        .map(|&e| suggestion(e, rule.clone(), confidence, how.group()))
        .collect();
    out.extend(
        partners
            .into_iter()
            .map(|(e, rule)| suggestion(e, rule, partner_confidence, AgentRule::Partner)),
    );
    Some(out)
}

/// Whom a cue's act is aimed at.
pub(super) enum Aim {
    /// The aiming word ("on") and the actors after it.
    Actors(String, Vec<usize>),
    /// "me" or "us": the one speaking.
    Speaker,
}

/// The target a cue names right after it with one of its issue's aiming
/// words: "sanctions on Iran and Syria", "new sanctions against the regime
/// in Caracas", "pressure on me". Only close by: the aiming word within two
/// words of the cue, the target within three of it.
pub(super) fn aimed_at(ctx: &Ctx, s: &Sentence, aimed_by: &[String], c: &Cue, end: usize) -> Option<Aim> {
    if aimed_by.is_empty() {
        return None;
    }
    let end = end.min(s.last);
    // The cue may end with the word itself: "call with", "talks with".
    let word_at = (c.last..=(c.last + 2).min(end))
        .filter(|&j| j > c.last || c.last > c.first)
        .take_while(|&j| ctx.toks[j].kind == Kind::Word)
        .find(|&j| aimed_by.iter().any(|w| w == ctx.word(j)))?;
    // "with the government of Syria", "on the regime of X": a body of the
    // actor stands for it, which lengthens the phrase by two words.
    let body = |k: usize| {
        lexicon::one_of(
            &[
                "government",
                "authorities",
                "regime",
                "leadership",
                "leaders",
                "representatives",
                "delegation",
            ],
            ctx.word(k),
        )
    };
    let mut reach = word_at + 3;
    let mut k = word_at;
    while k < reach.min(end) {
        k += 1;
        if ctx.toks[k].kind == Kind::Punct {
            return None;
        }
        if body(k) && k < end && ctx.word(k + 1) == "of" {
            reach += 2;
            k += 1;
            continue;
        }
        if let Some(first) = ctx.entity(k) {
            // "with Ukrainian President Volodymyr Zelensky": the state only
            // qualifies the person, who is the one aimed at.
            let (k, first) = person_after_modifier(ctx, k, first, end).unwrap_or((k, first));
            // A list needs its "and": in "with Sweden, Lars Lindqvist said"
            // the comma ends the phrase.
            let list = ctx.coordinated(k, end);
            let last = (k..=end)
                .rev()
                .find(|&j| ctx.entity(j).is_some_and(|e| list.last() == Some(&e)));
            let joined = last.is_some_and(|z| (k..z).any(|j| lexicon::one_of(&["and", "or", "&"], ctx.word(j))));
            let targets = if joined { list } else { vec![first] };
            return Some(Aim::Actors(ctx.word(word_at).to_owned(), targets));
        }
        match ctx.word(k) {
            "me" | "us" | "myself" | "ourselves" => return Some(Aim::Speaker),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "new" | "more" => continue,
            _ => return None,
        }
    }
    None
}

/// The person a state's mention qualifies ("Ukrainian President Volodymyr
/// Zelensky", "Iran's foreign minister Javad Zarif"): their first token and
/// entity.
fn person_after_modifier(ctx: &Ctx, k: usize, state: usize, end: usize) -> Option<(usize, usize)> {
    let last = ctx.mention_end(k);
    if ctx.kind(state) != ActorKind::State || !ctx.is_modifier(ctx.mention_start(k), last) {
        return None;
    }
    (last + 1..=(last + 6).min(end))
        .take_while(|&j| matches!(ctx.toks[j].kind, Kind::Word | Kind::Possessive))
        .find_map(|j| {
            ctx.entity(j)
                .filter(|&o| o != state && ctx.kind(o) == ActorKind::Person)
                .map(|o| (j, o))
        })
}

/// A one-word participle cue between a determiner and its noun describes
/// that noun, which undergoes the act: "a banned militant organisation",
/// "the sanctioned banks". Nobody in the sentence is said to act.
pub(super) fn describes_its_noun(ctx: &Ctx, s: &Sentence, c: &Cue) -> bool {
    if c.first != c.last || c.first == s.first || c.last >= s.last {
        return false;
    }
    let w = ctx.word(c.first);
    let next = c.last + 1;
    w.len() > 4
        && w.ends_with("ed")
        && lexicon::one_of(&["a", "an", "the", "its", "their"], ctx.word(c.first - 1))
        && ctx.toks[next].kind == Kind::Word
        && !lexicon::one_of(
            &[
                "by", "from", "in", "on", "for", "to", "at", "under", "as", "with", "against", "and", "or",
            ],
            ctx.word(next),
        )
}

pub(super) fn phrase(ctx: &Ctx, a: usize, z: usize) -> String {
    ctx.src[ctx.toks[a].start..ctx.toks[z].end].to_owned()
}

/// Past-tense or participle verbs state what someone did, not what the
/// speaker wants: "sanctions … that have been imposed".
pub(super) fn is_action(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 4)
        || lexicon::one_of(&["withdrew", "imposed", "banned", "sanctioned", "froze", "cut"], w)
}

pub(super) fn is_affiliation_of(ctx: &Ctx, subjects: &[usize], speaker: usize) -> bool {
    let Some(aff) = &ctx.ents.list[speaker].affiliation else {
        return false;
    };
    subjects.iter().any(|&e| ctx.name(e) == aff)
}

/// The actors after "by" that close a passive cue: "excluded by Russia",
/// "imposed last week by the EU and Canada". Only close by and with no other
/// verb between, so that "excluded from the talks hosted by Saudi Arabia" has
/// no agent.
pub(super) fn agent_after_by(ctx: &Ctx, s: &Sentence, cue: &Cue) -> Option<Vec<usize>> {
    let end = region_end_after(ctx, s, cue.last);
    let by = (cue.last + 1..=(cue.last + 6).min(end)).find(|&j| ctx.word(j) == "by")?;
    let other_verb = (cue.last + 1..by).any(|j| {
        let w = ctx.word(j);
        w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
    });
    if other_verb {
        return None;
    }
    let first = (by + 1..=(by + 2).min(end)).find(|&j| ctx.entity(j).is_some())?;
    Some(ctx.coordinated(first, end))
}

/// Whether the cue word at `at` is a participle after a form of "be":
/// "was excluded", "were kept out", "has been sanctioned", "is not invited".
pub(super) fn is_passive(ctx: &Ctx, region: usize, at: usize) -> bool {
    let w = ctx.word(at);
    // "is prepared to meet", "are opposed to": adjectives, the subject's own stance.
    if lexicon::one_of(
        &[
            "prepared",
            "determined",
            "committed",
            "interested",
            "opposed",
            "inclined",
            "concerned",
            "satisfied",
            "pleased",
        ],
        w,
    ) {
        return false;
    }
    let participle = (w.len() > 4 && w.ends_with("ed"))
        || lexicon::one_of(
            &[
                "kept", "shut", "held", "met", "left", "cut", "put", "set", "made", "given", "taken", "sent",
            ],
            w,
        );
    if !participle {
        return false;
    }
    let mut j = at;
    while j > region {
        let before = ctx.word(j - 1);
        if lexicon::one_of(
            &[
                "not",
                "also",
                "reportedly",
                "already",
                "effectively",
                "never",
                "again",
                "now",
            ],
            before,
        ) {
            j -= 1;
            continue;
        }
        if !lexicon::one_of(
            &["is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"],
            before,
        ) {
            return false;
        }
        // A relative clause ("sanctions … that have been imposed") is about
        // its noun, not the subject of the sentence.
        let mut k = j - 1;
        while k > region
            && lexicon::one_of(
                &[
                    "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "will", "would", "not",
                ],
                ctx.word(k - 1),
            )
        {
            k -= 1;
        }
        return !(k > region && lexicon::one_of(&["that", "which"], ctx.word(k - 1)));
    }
    false
}

/// The reported clause's own subject as the parse reads it, when it is
/// neither the speaker nor the speaker's side and is named inside the
/// reported words (not the reporting clause's subject found again).
fn reported_subject_in_parse(
    ctx: &Ctx,
    s: &Sentence,
    si: usize,
    sents: &[Sentence],
    cue: &Cue,
    sp: &Speech,
    region: usize,
) -> Option<(Vec<usize>, String)> {
    let parsed::Verdict::Agents {
        entities,
        path,
        pronoun,
    } = parsed::agent(ctx, s, si, sents, cue)
    else {
        return None;
    };
    let named_inside = |e: usize| (region..=s.last).any(|i| ctx.entity(i) == Some(e));
    (!pronoun
        && !entities.contains(&sp.speaker)
        && !is_affiliation_of(ctx, &entities, sp.speaker)
        && entities.iter().all(|&e| named_inside(e)))
    .then_some((entities, path))
}

/// In reported speech, a clause that starts with its own non-actor subject
/// ("their role in imposing sanctions") is not the speaker's stance.
pub(super) fn region_has_own_subject(ctx: &Ctx, from: usize, to: usize) -> bool {
    (from..to).any(|i| lexicon::one_of(&["their", "its", "his", "her", "they", "it"], ctx.word(i)))
}

pub(super) fn region_starts_with_verb(ctx: &Ctx, region: usize) -> bool {
    let w = ctx.word(region);
    w.ends_with("ing")
        || w.ends_with("ed")
        || lexicon::one_of(
            &[
                "has", "have", "had", "is", "are", "was", "were", "will", "would", "also",
            ],
            w,
        )
}

pub(super) fn region_end_after(ctx: &Ctx, s: &Sentence, i: usize) -> usize {
    let mut j = i;
    while j < s.last {
        let w = ctx.word(j + 1);
        if matches!(w, ";" | ":") || ctx.is(j + 1, lexicon::SUBORDINATORS) || matches!(w, "which" | "who") {
            return j;
        }
        if ctx.toks[j + 1].quoted != ctx.toks[i].quoted {
            return j;
        }
        j += 1;
    }
    s.last
}

/// "United States sanctions", "the Trump administration's latest application of pressure".
pub(super) fn possessor(ctx: &Ctx, s: &Sentence, cue: usize) -> Option<usize> {
    if cue == s.first {
        return None;
    }
    // Directly before the noun.
    if let Some(e) = ctx.entity(cue - 1)
        && ctx.toks[cue - 1].kind != Kind::Possessive
    {
        let k = ctx.kind(e);
        if k != ActorKind::Person || ctx.word(cue) != "pressure" {
            return Some(e);
        }
    }
    // A possessive a few words before: "X's latest application of pressure".
    let lo = cue.saturating_sub(6).max(s.first);
    for j in (lo..cue).rev() {
        if ctx.toks[j].kind == Kind::Possessive && j > s.first {
            let mut k = j - 1;
            if ctx.is(k, lexicon::AGENT_NOUNS) && k > s.first {
                k -= 1;
            }
            return ctx.entity(k).filter(|_| !ctx.toks[k].quoted || ctx.toks[cue].quoted);
        }
        if matches!(ctx.word(j), "," | ";" | "." | "by") {
            break;
        }
    }
    None
}

pub(super) fn is_preposition_before(ctx: &Ctx, first: usize) -> bool {
    let mut j = first;
    while j > 0 && matches!(ctx.word(j - 1), "the" | "a" | "an") {
        j -= 1;
    }
    j > 0 && ctx.is(j - 1, lexicon::PREPOSITIONS)
}

/// "countries such as Poland, Finland, and the Baltic states advocating …":
/// the actors listed directly before the cue.
pub(super) fn list_before(ctx: &Ctx, s: &Sentence, cue: usize) -> Option<Subject> {
    let mut j = cue;
    while j > s.first
        && lexicon::one_of(
            &["also", "have", "has", "been", "are", "were", "is", "was", "all", "both"],
            ctx.word(j - 1),
        )
    {
        j -= 1;
    }
    let last = j.checked_sub(1)?;
    ctx.entity(last)?;
    // Walk back to the first member of the list.
    let mut first = ctx.mention_start(last);
    loop {
        let mut k = first;
        while k > s.first && matches!(ctx.word(k - 1), "the") {
            k -= 1;
        }
        let mut saw_sep = false;
        while k > s.first && matches!(ctx.word(k - 1), "," | "and" | "or") {
            saw_sep = true;
            k -= 1;
        }
        if !saw_sep || k == s.first || ctx.entity(k - 1).is_none() {
            break;
        }
        first = ctx.mention_start(k - 1);
    }
    let entities = ctx.coordinated(first, last);
    (entities.len() >= 2 || !is_preposition_before(ctx, first)).then_some(Subject {
        entities,
        pronoun: false,
    })
}

pub(super) fn negation_before(ctx: &Ctx, from: usize, cue: usize) -> Option<usize> {
    let lo = cue.saturating_sub(5).max(from);
    (lo..cue).rev().find(|&j| {
        let w = ctx.word(j);
        (ctx.is(j, lexicon::NEGATORS)
            && !matches!(
                w,
                "without" | "against" | "reject" | "rejected" | "rejects" | "rejecting"
            ))
            || w.ends_with("n't")
    })
}

pub(super) fn hedge(ctx: &Ctx, s: &Sentence) -> Option<String> {
    // Case matters: "may" hedges, the month "May" does not.
    let text = &ctx.src[s.start..s.end];
    lexicon::HEDGES
        .iter()
        .find(|h| {
            text.match_indices(*h).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + h.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .map(|h| h.to_string())
}
