//! Cue phrases: the codebook's words indexed once (a trie walk per
//! token), and the cues of an issue found in a sentence.

use super::*;

/// One issue's cue phrases (word ids) in try order, and for each first word
/// id the indices of the phrases starting with it.
pub(super) type IssuePhrases = (Vec<(Vec<u16>, CueKind)>, Vec<Vec<usize>>);

/// Cue phrases of all issues as word ids, in the order find_cues tries them.
pub struct CueIndex {
    pub(super) words: Vec<String>,
    /// Per issue: phrases in try order, and for each first word id the phrase indices.
    pub(super) issues: Vec<IssuePhrases>,
    pub(super) att_for: Vec<u16>,
    pub(super) att_against: Vec<u16>,
    pub(super) trie: CueTrie,
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
        let mut ids: crate::analysis::fast_hash::FastMap<String, u16> = Default::default();
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
    pub(super) fn matches(&self, token: &str, out: &mut Vec<u16>) {
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
pub(super) struct CueTrie {
    /// Node → `edges[edge_ranges[n].0..edge_ranges[n].1]`, (byte, node).
    pub(super) edge_ranges: Vec<(u32, u32)>,
    pub(super) edges: Vec<(u8, u32)>,
    /// Node → `cue_ids[cue_ranges[n].0..cue_ranges[n].1]`: the cue words this
    /// prefix may match, the word spelled by the path and the word that adds
    /// a final 'e'.
    pub(super) cue_ranges: Vec<(u32, u32)>,
    pub(super) cue_ids: Vec<u16>,
    /// The root's children by byte (0: none): every walk starts here.
    pub(super) root: Vec<u32>,
    /// Bit per (first byte, second byte): some cue word's path starts so.
    /// Most tokens are ruled out by this one test.
    pub(super) first_pairs: Vec<u64>,
}

impl CueTrie {
    /// The trie of `words`; a word's id is its index.
    pub(super) fn new(words: &[String]) -> CueTrie {
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

    pub(super) fn child(&self, node: u32, b: u8) -> Option<u32> {
        let (from, to) = self.edge_ranges[node as usize];
        self.edges[from as usize..to as usize]
            .iter()
            .find(|&&(c, _)| c == b)
            .map(|&(_, n)| n)
    }

    /// Calls `found` with every cue word on the path of `bytes`.
    pub(super) fn walk(&self, bytes: &[u8], mut found: impl FnMut(u16)) {
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
pub(super) struct Matched {
    /// Token `i` matches `ids[starts[i]..starts[i + 1]]`.
    pub(super) starts: Vec<u32>,
    pub(super) ids: Vec<u16>,
    /// The tokens that match any, in order.
    pub(super) tokens: Vec<u32>,
}

impl Matched {
    pub(super) fn new(index: &CueIndex, lower: &LowerWords, tokens: usize) -> Matched {
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

    pub(super) fn get(&self, token: usize) -> &[u16] {
        &self.ids[self.starts[token] as usize..self.starts[token + 1] as usize]
    }

    /// Whether any token of the sentence matches a cue word: most do not,
    /// and then no issue has a cue there.
    pub(super) fn any_in(&self, s: &Sentence) -> bool {
        self.starts[s.first] != self.starts[s.last + 1]
    }

    /// The tokens of the sentence that match a cue word.
    pub(super) fn tokens_in(&self, s: &Sentence) -> &[u32] {
        let from = self.tokens.partition_point(|&t| (t as usize) < s.first);
        let to = self.tokens.partition_point(|&t| (t as usize) <= s.last);
        &self.tokens[from..to]
    }
}

/// Whether any topic phrase of the issue occurs in the sentence (a word may
/// be a topic and a polarity cue at once: "banned").
pub(super) fn has_topic(ctx: &Ctx, s: &Sentence, issue: usize) -> bool {
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

pub(super) fn phrase_at(ctx: &Ctx, s: &Sentence, phrase: &[u16], i: usize) -> bool {
    let n = phrase.len();
    i + n - 1 <= s.last && (0..n).all(|k| ctx.matched.get(i + k).contains(&phrase[k]))
}

/// A one-word topic cue of an issue whose codebook says an owner's topic
/// word is their act: "United States sanctions", "the administration's
/// pressure".
pub(super) fn owner_acts(ctx: &Ctx, issue: &IssueCues, c: &Cue) -> bool {
    issue.targets.owner_acts
        && c.first == c.last
        && issue
            .topic
            .iter()
            .any(|p| p.len() == 1 && word_matches(ctx.word(c.first), &p[0]))
}

/// Cue phrases of one issue in a sentence, longest first, not overlapping.
pub(super) fn find_cues(ctx: &Ctx, s: &Sentence, issue: usize) -> Vec<Cue> {
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
