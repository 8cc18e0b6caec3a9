//! Stance suggestions: which actor takes which position on which issue, in
//! which sentence, and why.
//!
//! For every cue of an issue in a sentence, the agent is found by the first
//! rule that applies: inside a direct quote, the speaker (or, for a completed
//! action, the quote's own subject); in reported speech, the subject of the
//! reported clause (or the speaker); in narrative text, the possessor of the
//! cue noun, the subject of the clause, or the antecedent of "which". The
//! position comes from support/oppose cues, with negation flipping it.

use super::entities::Entities;
use super::lexicon;
use super::tokens::{Kind, LowerWords, Sentence, Token};
use crate::model::{ActorKind, Position};

/// An issue as the analyser sees it: cue phrases split into words, lower case.
#[derive(Clone, Debug)]
pub struct IssueCues {
    pub key: String,
    pub topic: Vec<Vec<String>>,
    pub support: Vec<Vec<String>>,
    pub oppose: Vec<Vec<String>>,
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
}

impl How {
    fn base(self) -> f32 {
        match self {
            How::Possessor => 0.8,
            How::Subject | How::Agent | How::Antecedent => 0.75,
            How::QuoteSpeaker => 0.75,
            How::QuoteSubject | How::ReportedSubject => 0.7,
            How::ReportedSpeaker => 0.65,
            How::Condemnation => 0.4,
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
}

/// Cue phrases of all issues as word ids, in the order find_cues tries them.
pub struct CueIndex {
    words: Vec<String>,
    /// Per issue: phrases in try order, and for each first word id the phrase indices.
    issues: Vec<(Vec<(Vec<u16>, CueKind)>, Vec<Vec<usize>>)>,
    att_for: Vec<u16>,
    att_against: Vec<u16>,
    trie: CueTrie,
}

impl CueIndex {
    pub fn new(issues: &[IssueCues]) -> CueIndex {
        let mut index = CueIndex {
            words: Vec::new(),
            issues: Vec::new(),
            att_for: Vec::new(),
            att_against: Vec::new(),
            trie: CueTrie::default(),
        };
        let mut ids: super::fast_hash::FastMap<String, u16> = Default::default();
        let mut intern = |index: &mut CueIndex, w: &str| -> u16 {
            if let Some(&id) = ids.get(w) {
                return id;
            }
            let id = index.words.len() as u16;
            index.words.push(w.to_owned());
            ids.insert(w.to_owned(), id);
            id
        };
        for issue in issues {
            let mut lists: Vec<(&Vec<String>, CueKind)> = Vec::new();
            for p in &issue.support {
                lists.push((p, CueKind::Support(1.0)));
            }
            for p in &issue.oppose {
                lists.push((p, CueKind::Oppose(1.0)));
            }
            for p in &issue.topic {
                lists.push((p, CueKind::Topic));
            }
            lists.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
            let ordered: Vec<(Vec<u16>, CueKind)> = lists
                .into_iter()
                .map(|(p, k)| (p.iter().map(|w| intern(&mut index, w)).collect(), k))
                .collect();
            index.issues.push((ordered, Vec::new()));
        }
        for a in ATTITUDE_FOR.iter().filter(|a| !a.contains(' ')) {
            let id = intern(&mut index, a);
            index.att_for.push(id);
        }
        for a in ATTITUDE_AGAINST {
            let id = intern(&mut index, a);
            index.att_against.push(id);
        }
        index.trie = CueTrie::new(&index.words);
        let n = index.words.len();
        for (ordered, by_first) in index.issues.iter_mut() {
            *by_first = vec![Vec::new(); n];
            for (pi, (p, _)) in ordered.iter().enumerate() {
                if let Some(&w) = p.first() {
                    by_first[w as usize].push(pi);
                }
            }
        }
        index
    }

    /// Appends the ids of the cue words `token` matches by word_matches.
    fn matches(&self, token: &str, out: &mut Vec<u16>) {
        let from = out.len();
        self.trie.walk(token.as_bytes(), |id| {
            if !out[from..].contains(&id) && word_matches(token, &self.words[id as usize]) {
                out.push(id);
            }
        });
    }
}

/// The cue words as a byte trie. A cue word is a prefix of every token it
/// matches (less a final 'e': "facilitate" ~ "facilitating"), so the cues a
/// token may match all lie on the token's own path: one walk over its bytes
/// instead of a hash per possible suffix. Laid out flat (the edges of a node
/// side by side), since every token walks it.
#[derive(Default)]
struct CueTrie {
    /// Node → `edges[edge_ranges[n].0..edge_ranges[n].1]`, (byte, node).
    edge_ranges: Vec<(u32, u32)>,
    edges: Vec<(u8, u32)>,
    /// Node → `cue_ids[cue_ranges[n].0..cue_ranges[n].1]`: the cue words this
    /// prefix may match, the word spelled by the path and the word that adds
    /// a final 'e'.
    cue_ranges: Vec<(u32, u32)>,
    cue_ids: Vec<u16>,
    /// The root's children by byte (0: none): every walk starts here.
    root: Vec<u32>,
    /// Bit per (first byte, second byte): some cue word's path starts so.
    /// Most tokens are ruled out by this one test.
    first_pairs: Vec<u64>,
}

impl CueTrie {
    /// The trie of `words`; a word's id is its index.
    fn new(words: &[String]) -> CueTrie {
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut cues: Vec<Vec<u16>> = vec![Vec::new()];
        let mut first_pairs = vec![0u64; 1024];
        for (id, word) in words.iter().enumerate() {
            let id = id as u16;
            let bytes = word.as_bytes();
            let mut node = 0u32;
            for (depth, &b) in bytes.iter().enumerate() {
                if depth + 1 == bytes.len() && b == b'e' && depth > 0 {
                    cues[node as usize].push(id);
                }
                let existing = children[node as usize].iter().find(|&&(c, _)| c == b).map(|&(_, n)| n);
                node = existing.unwrap_or_else(|| {
                    let n = children.len() as u32;
                    children.push(Vec::new());
                    cues.push(Vec::new());
                    children[node as usize].push((b, n));
                    n
                });
            }
            cues[node as usize].push(id);
            // By the word's own first two bytes, which also keeps a two-letter
            // word in 'e' ("be") from matching any token in "b" + "ing".
            match bytes {
                [a, b, ..] => {
                    let pair = (*a as usize) << 8 | *b as usize;
                    first_pairs[pair / 64] |= 1 << (pair % 64);
                }
                // A one-letter cue could begin any token: no filtering.
                _ => first_pairs.fill(u64::MAX),
            }
        }
        let mut trie = CueTrie {
            root: vec![0; 256],
            first_pairs,
            ..CueTrie::default()
        };
        for &(b, n) in &children[0] {
            trie.root[b as usize] = n;
        }
        for (node_children, node_cues) in children.iter().zip(&cues) {
            let e = trie.edges.len() as u32;
            trie.edges.extend_from_slice(node_children);
            trie.edge_ranges.push((e, trie.edges.len() as u32));
            let c = trie.cue_ids.len() as u32;
            trie.cue_ids.extend_from_slice(node_cues);
            trie.cue_ranges.push((c, trie.cue_ids.len() as u32));
        }
        trie
    }

    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let (from, to) = self.edge_ranges[node as usize];
        self.edges[from as usize..to as usize]
            .iter()
            .find(|&&(c, _)| c == b)
            .map(|&(_, n)| n)
    }

    /// Calls `found` with every cue word on the path of `bytes`.
    fn walk(&self, bytes: &[u8], mut found: impl FnMut(u16)) {
        if self.edge_ranges.is_empty() {
            return;
        }
        if let [a, b, ..] = bytes {
            let pair = (*a as usize) << 8 | *b as usize;
            if self.first_pairs[pair / 64] & (1 << (pair % 64)) == 0 {
                return;
            }
        }
        let Some((&first, rest)) = bytes.split_first() else {
            return;
        };
        let mut node = self.root[first as usize];
        if node == 0 {
            return;
        }
        let mut rest = rest.iter();
        loop {
            let (from, to) = self.cue_ranges[node as usize];
            for &id in &self.cue_ids[from as usize..to as usize] {
                found(id);
            }
            match rest.next().and_then(|&b| self.child(node, b)) {
                Some(n) => node = n,
                None => return,
            }
        }
    }
}

/// Cue word ids per token, in one buffer: most tokens match none.
struct Matched {
    /// Token `i` matches `ids[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    ids: Vec<u16>,
    /// The tokens that match any, in order.
    tokens: Vec<u32>,
}

impl Matched {
    fn new(index: &CueIndex, lower: &LowerWords, tokens: usize) -> Matched {
        let mut m = Matched {
            starts: Vec::with_capacity(tokens + 1),
            ids: Vec::new(),
            tokens: Vec::new(),
        };
        for i in 0..tokens {
            let from = m.ids.len();
            m.starts.push(from as u32);
            index.matches(lower.get(i), &mut m.ids);
            if m.ids.len() > from {
                m.tokens.push(i as u32);
            }
        }
        m.starts.push(m.ids.len() as u32);
        m
    }

    fn get(&self, token: usize) -> &[u16] {
        &self.ids[self.starts[token] as usize..self.starts[token + 1] as usize]
    }

    /// Whether any token of the sentence matches a cue word: most do not,
    /// and then no issue has a cue there.
    fn any_in(&self, s: &Sentence) -> bool {
        self.starts[s.first] != self.starts[s.last + 1]
    }

    /// The tokens of the sentence that match a cue word.
    fn tokens_in(&self, s: &Sentence) -> &[u32] {
        let from = self.tokens.partition_point(|&t| (t as usize) < s.first);
        let to = self.tokens.partition_point(|&t| (t as usize) <= s.last);
        &self.tokens[from..to]
    }
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> &str {
        self.lower.get(i)
    }

    fn is(&self, i: usize, list: lexicon::List) -> bool {
        self.lower.is(i, list)
    }

    fn entity(&self, i: usize) -> Option<usize> {
        self.ents.token_entity.get(i).copied().flatten()
    }

    fn name(&self, e: usize) -> &str {
        &self.ents.list[e].name
    }

    fn kind(&self, e: usize) -> ActorKind {
        self.ents.list[e].kind
    }

    /// The first token of the entity mention covering `i`.
    fn mention_start(&self, i: usize) -> usize {
        let e = self.entity(i);
        let mut j = i;
        while j > 0 && e.is_some() && self.entity(j - 1) == e && self.toks[j - 1].kind != Kind::Possessive {
            j -= 1;
        }
        j
    }

    fn mention_end(&self, i: usize) -> usize {
        let e = self.entity(i);
        let mut j = i;
        while j + 1 < self.toks.len() && e.is_some() && self.entity(j + 1) == e {
            j += 1;
        }
        j
    }

    /// A state named only to qualify a person or group ("US President Donald
    /// Trump", "Ukrainian officials") is not the subject; the head is.
    fn is_modifier(&self, first: usize, last: usize) -> bool {
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
    fn region_subject(&self, from: usize, to: usize, sents: &[Sentence], s_idx: usize) -> Option<Subject> {
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

    fn is_title_word(&self, i: usize) -> bool {
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
    fn coordinated(&self, i: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut j = i;
        loop {
            let Some(e) = self.entity(j) else { break };
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
    fn resolve_pronoun(&self, w: &str, at: usize, sents: &[Sentence], s_idx: usize) -> Option<usize> {
        let person = lexicon::PRONOUNS_PERSON.contains(w);
        let from = sents[s_idx.saturating_sub(1)].first;
        (from..at).rev().filter_map(|j| self.entity(j)).find(|&e| {
            let k = self.kind(e);
            if person {
                k == ActorKind::Person
            } else {
                k != ActorKind::Person
            }
        })
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
    let article_has_sanctions = issues.iter().position(|i| i.key == "sanctions").is_some_and(|k| {
        cues_in.iter().any(|by_issue| {
            by_issue
                .get(k)
                .is_some_and(|c| c.iter().any(|c| c.kind == CueKind::Topic))
        })
    });
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
                .filter(|c| c.kind != CueKind::Topic || issue_defaults(&ctx, c))
            {
                if let Some(sugg) = suggestion_for(&ctx, s, si, sents, issue, cue, cues, speech.as_ref()) {
                    found_any = true;
                    out.extend(sugg);
                }
            }
        }
        // A speaker condemning the target in an article about sanctions justifies them.
        if !found_any
            && article_has_sanctions
            && let Some(sp) = &speech
            && ctx.kind(sp.speaker) == ActorKind::Person
            && let Some(w) = (s.first..=s.last).find(|&i| ctx.is(i, lexicon::CONDEMNATION))
        {
            let (start, end) = evidence_span(&ctx, s, w, w);
            out.push(Suggestion {
                entity: sp.speaker,
                issue: "sanctions".into(),
                position: Position::Support,
                confidence: How::Condemnation.base(),
                start,
                end,
                rule: format!(
                    "{} '{}' + condemnation '{}' in an article about sanctions",
                    How::Condemnation.label(),
                    ctx.name(sp.speaker),
                    toks[w].text(src)
                ),
                sentence: si,
                paragraph: s.paragraph,
            });
        }
    }
    merge_adjacent(src, dedupe(out))
}

/// Whether any topic phrase of the issue occurs in the sentence (a word may
/// be a topic and a polarity cue at once: "banned").
fn has_topic(ctx: &Ctx, s: &Sentence, issue: usize) -> bool {
    let (ordered, by_first) = &ctx.index.issues[issue];
    ctx.matched.tokens_in(s).iter().any(|&i| {
        let i = i as usize;
        ctx.matched.get(i).iter().any(|&w| {
            by_first[w as usize].iter().any(|&p| {
                let (phrase, kind) = &ordered[p];
                *kind == CueKind::Topic && phrase_at(ctx, s, phrase, i)
            })
        })
    })
}

fn phrase_at(ctx: &Ctx, s: &Sentence, phrase: &[u16], i: usize) -> bool {
    let n = phrase.len();
    i + n - 1 <= s.last && (0..n).all(|k| ctx.matched.get(i + k).contains(&phrase[k]))
}

/// Topic nouns that carry a position by themselves when someone owns them:
/// "United States sanctions", "the administration's pressure".
fn issue_defaults(ctx: &Ctx, c: &Cue) -> bool {
    let w = ctx.word(c.first);
    c.first == c.last && (w.starts_with("sanction") || w == "pressure" || w == "restrictions" || w == "embargo")
}

/// Cue phrases of one issue in a sentence, longest first, not overlapping.
fn find_cues(ctx: &Ctx, s: &Sentence, issue: usize) -> Vec<Cue> {
    let (ordered, by_first) = &ctx.index.issues[issue];
    let mut found: Vec<(usize, usize)> = Vec::new();
    for &i in ctx.matched.tokens_in(s) {
        let i = i as usize;
        for &w in ctx.matched.get(i) {
            for &p in &by_first[w as usize] {
                if phrase_at(ctx, s, &ordered[p].0, i) {
                    found.push((p, i));
                }
            }
        }
    }
    found.sort_unstable();
    let mut out: Vec<Cue> = Vec::new();
    for (p, i) in found {
        let (phrase, kind) = &ordered[p];
        let last = i + phrase.len() - 1;
        if !out.iter().any(|c| c.first <= last && i <= c.last) {
            out.push(Cue {
                first: i,
                last,
                kind: *kind,
            });
        }
    }
    // Attitude verbs state a position on whatever topic the sentence has.
    let phrases = out.len();
    for &i in ctx.matched.tokens_in(s) {
        let i = i as usize;
        if out[..phrases].iter().any(|c| c.first <= i && i <= c.last) {
            continue;
        }
        let (att_for, att_against) = ctx.attitude[i];
        if att_for {
            out.push(Cue {
                first: i,
                last: i,
                kind: CueKind::Support(2.0),
            });
        } else if att_against {
            out.push(Cue {
                first: i,
                last: i,
                kind: CueKind::Oppose(2.0),
            });
        }
    }
    out.sort_by_key(|c| c.first);
    out
}

/// A cue word matches its inflections: "sanction" ~ "sanctions", "sanctioned";
/// "facilitate" ~ "facilitated"; "ban" ~ "banned".
pub fn word_matches(token: &str, cue: &str) -> bool {
    if token == cue {
        return true;
    }
    let Some(rest) = token.strip_prefix(cue) else {
        // "facilitate" → "facilitating": drop a final e.
        return cue.ends_with('e')
            && token
                .strip_prefix(&cue[..cue.len() - 1])
                .is_some_and(|r| matches!(r, "ing" | "ion" | "ions"));
    };
    if matches!(rest, "s" | "es" | "ed" | "d" | "ing" | "ion" | "ions" | "'s") {
        return true;
    }
    // Doubled final consonant: "ban" → "banned", "banning".
    let last = cue.chars().last();
    last.is_some_and(|l| rest.strip_prefix(l).is_some_and(|r| matches!(r, "ed" | "ing")))
}

/// The reporting verb of a sentence and who it attributes the words to.
fn find_speech(ctx: &Ctx, s: &Sentence, sents: &[Sentence], si: usize, last_speaker: Option<usize>) -> Option<Speech> {
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
fn region_start_before(ctx: &Ctx, s: &Sentence, i: usize) -> usize {
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
fn main_subject(ctx: &Ctx, s: &Sentence, sents: &[Sentence], si: usize) -> Option<usize> {
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

#[allow(clippy::too_many_arguments)]
fn suggestion_for(
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
    let region = region_start_before(ctx, s, cue.first);
    let mut how;
    let mut agents: Vec<usize> = Vec::new();
    // The speaker is also the reported clause's subject ("said it was
    // excluded"), so a passive there is about them too.
    let mut speaker_is_subject = false;
    let mut agent_text = String::new();

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
            Some(_) | None if region_has_own_subject(ctx, region, cue.first) => return None,
            _ => {
                how = How::ReportedSpeaker;
                agents.push(sp.speaker);
            }
        }
    } else if let Some(p) = issue_defaults(ctx, cue).then(|| possessor(ctx, s, cue.first)).flatten() {
        how = How::Possessor;
        agents.push(p);
    } else {
        let before = region.checked_sub(1).map(|r| ctx.word(r));
        let relative = matches!(before, Some("which" | "who"));
        if relative {
            // The antecedent: the actor right before ", which".
            let mut j = region - 1;
            while j > s.first && matches!(ctx.word(j - 1), ",") {
                j -= 1;
            }
            let e = ctx.entity(j.checked_sub(1)?)?;
            how = How::Antecedent;
            agents.push(e);
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
    if !about_speaker && !matches!(how, How::Possessor | How::Condemnation) {
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
    let mut confidence = how.base();
    let mut rule = format!("{} '{}' + cue '{}'", how.label(), agent_text, used.join("', '"));
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
        rule.push_str(&format!(" + negation '{}'", ctx.toks[neg].text(ctx.src)));
    }
    if let Some(h) = hedge(ctx, s) {
        confidence -= 0.15;
        rule.push_str(&format!(" (hedged: '{h}')"));
    }
    if used.len() > 1 {
        confidence += 0.05;
    }
    let (start, end) = evidence_span(ctx, s, cue.first, cue.last);
    Some(
        agents
            .into_iter()
            .map(|e| Suggestion {
                entity: e,
                issue: issue.key.clone(),
                position,
                confidence: confidence.clamp(0.05, 0.95),
                start,
                end,
                rule: rule.clone(),
                sentence: si,
                paragraph: s.paragraph,
            })
            .collect(),
    )
}

fn phrase(ctx: &Ctx, a: usize, z: usize) -> String {
    ctx.src[ctx.toks[a].start..ctx.toks[z].end].to_owned()
}

/// Past-tense or participle verbs state what someone did, not what the
/// speaker wants: "sanctions … that have been imposed".
fn is_action(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 4)
        || lexicon::one_of(&["withdrew", "imposed", "banned", "sanctioned", "froze", "cut"], w)
}

fn is_affiliation_of(ctx: &Ctx, subjects: &[usize], speaker: usize) -> bool {
    let Some(aff) = &ctx.ents.list[speaker].affiliation else {
        return false;
    };
    subjects.iter().any(|&e| ctx.name(e) == aff)
}

/// The actors after "by" that close a passive cue: "excluded by Russia",
/// "imposed last week by the EU and Canada". Only close by and with no other
/// verb between, so that "excluded from the talks hosted by Saudi Arabia" has
/// no agent.
fn agent_after_by(ctx: &Ctx, s: &Sentence, cue: &Cue) -> Option<Vec<usize>> {
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
fn is_passive(ctx: &Ctx, region: usize, at: usize) -> bool {
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

/// In reported speech, a clause that starts with its own non-actor subject
/// ("their role in imposing sanctions") is not the speaker's stance.
fn region_has_own_subject(ctx: &Ctx, from: usize, to: usize) -> bool {
    (from..to).any(|i| lexicon::one_of(&["their", "its", "his", "her", "they", "it"], ctx.word(i)))
}

fn region_starts_with_verb(ctx: &Ctx, region: usize) -> bool {
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

fn region_end_after(ctx: &Ctx, s: &Sentence, i: usize) -> usize {
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
fn possessor(ctx: &Ctx, s: &Sentence, cue: usize) -> Option<usize> {
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

fn is_preposition_before(ctx: &Ctx, first: usize) -> bool {
    let mut j = first;
    while j > 0 && matches!(ctx.word(j - 1), "the" | "a" | "an") {
        j -= 1;
    }
    j > 0 && ctx.is(j - 1, lexicon::PREPOSITIONS)
}

/// "countries such as Poland, Finland, and the Baltic states advocating …":
/// the actors listed directly before the cue.
fn list_before(ctx: &Ctx, s: &Sentence, cue: usize) -> Option<Subject> {
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

fn negation_before(ctx: &Ctx, from: usize, cue: usize) -> Option<usize> {
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

fn hedge(ctx: &Ctx, s: &Sentence) -> Option<String> {
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

/// One suggestion per (actor, issue, sentence): the most confident, so a
/// sentence never suggests both positions for the same actor.
fn dedupe(mut v: Vec<Suggestion>) -> Vec<Suggestion> {
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

fn chars(src: &str, start: usize, end: usize) -> usize {
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
fn evidence_span(ctx: &Ctx, s: &Sentence, first: usize, last: usize) -> (usize, usize) {
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
fn merge_adjacent(src: &str, v: Vec<Suggestion>) -> Vec<Suggestion> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(words: &[&str]) -> CueIndex {
        let issue = IssueCues {
            key: "test".into(),
            topic: words.iter().map(|w| vec![w.to_string()]).collect(),
            support: Vec::new(),
            oppose: Vec::new(),
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
