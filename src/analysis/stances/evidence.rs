//! Evidence spans, and one suggestion per actor, issue and sentence.

use super::*;

/// One suggestion per (actor, issue, sentence): the most confident, so a
/// sentence never suggests both positions for the same actor.
pub(super) fn dedupe(mut v: Vec<Suggestion>) -> Vec<Suggestion> {
    v.sort_by(|a, b| {
        (a.sentence, a.entity, &a.issue)
            .cmp(&(b.sentence, b.entity, &b.issue))
            .then(b.confidence.total_cmp(&a.confidence))
    });
    v.dedup_by(|b, a| a.sentence == b.sentence && a.entity == b.entity && a.issue == b.issue);
    v
}

/// The longest suggested evidence, in chars: a whole news sentence, or a few
/// (they rarely pass 300 chars), while a "sentence" of text without
/// punctuation, or a paragraph of one stance, stays readable and small.
pub const MAX_EVIDENCE_CHARS: usize = 1_000;

pub(super) fn chars(src: &str, start: usize, end: usize) -> usize {
    let text = &src[start..end];
    // Bytes bound chars: most evidence needs no count.
    if text.len() <= MAX_EVIDENCE_CHARS {
        text.len()
    } else {
        text.chars().count()
    }
}

/// The evidence for a cue (tokens `first..=last`) in sentence `s`: the
/// sentence, or when it is longer than [`MAX_EVIDENCE_CHARS`], the widest
/// run of its tokens around the cue that fits.
pub(super) fn evidence_span(ctx: &Ctx, s: &Sentence, first: usize, last: usize) -> (usize, usize) {
    if chars(ctx.src, s.start, s.end) <= MAX_EVIDENCE_CHARS {
        return (s.start, s.end);
    }
    let (mut a, mut z) = (first, last);
    let mut len = chars(ctx.src, ctx.toks[a].start, ctx.toks[z].end);
    loop {
        let mut grew = false;
        if a > s.first {
            let more = chars(ctx.src, ctx.toks[a - 1].start, ctx.toks[a].start);
            if len + more <= MAX_EVIDENCE_CHARS {
                (a, len, grew) = (a - 1, len + more, true);
            }
        }
        if z < s.last {
            let more = chars(ctx.src, ctx.toks[z].end, ctx.toks[z + 1].end);
            if len + more <= MAX_EVIDENCE_CHARS {
                (z, len, grew) = (z + 1, len + more, true);
            }
        }
        if !grew {
            return (ctx.toks[a].start, ctx.toks[z].end);
        }
    }
}

/// The same stance stated over consecutive sentences of a paragraph is one
/// suggestion whose evidence spans them, as long as that evidence stays
/// within [`MAX_EVIDENCE_CHARS`].
pub(super) fn merge_adjacent(src: &str, v: Vec<Suggestion>) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    // The suggestion each stance (entity, issue, position, paragraph) was
    // last stated in: only it can continue into the next sentence, since
    // there is at most one per sentence (dedupe), and sentences come in order.
    let mut last: std::collections::HashMap<(usize, String, Position, usize), usize> = Default::default();
    for s in v {
        let key = (s.entity, s.issue.clone(), s.position, s.paragraph);
        if let Some(&p) = last.get(&key)
            && out[p].sentence + 1 == s.sentence
            && chars(src, out[p].start, s.end) <= MAX_EVIDENCE_CHARS
        {
            let prev = &mut out[p];
            prev.end = s.end;
            prev.sentence = s.sentence;
            prev.confidence = (prev.confidence.max(s.confidence) + 0.05).min(0.95);
            prev.features.rule_confidence = prev.confidence;
            prev.features.sentences = prev.features.sentences.saturating_add(1);
            prev.rule.push_str("; ");
            prev.rule.push_str(&s.rule);
            continue;
        }
        last.insert(key, out.len());
        out.push(s);
    }
    out.sort_by_key(|s| (s.start, s.entity));
    out
}
