//! Finding the actors of one article and resolving their many names to one.
//!
//! Capitalised token runs ("chunks") are split into gazetteer names, titles
//! and unknown names; unknown names become people or organisations by their
//! shape and context; single words ("Rubio") are resolved to a full name
//! given elsewhere in the article. One entity per real actor.

use super::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use super::gazetteer::{Gazetteer, Hit};
use super::tokens::{Kind, LowerWords, Sentence, Token};
use super::user_layer::UserLayer;
use super::{aliases, lexicon};
use crate::model::{ActorKind, Date};

#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub first_tok: usize,
    pub last_tok: usize,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub name: String,
    pub kind: ActorKind,
    pub affiliation: Option<String>,
    /// Index of the gazetteer or user entry this entity is, if any.
    pub known: Option<Known>,
    pub mentions: Vec<Mention>,
    /// Titles seen with this actor ("foreign minister").
    pub titles: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Known {
    /// An actor of the workspace (also when the bundled gazetteer found it).
    User(usize),
    Gazetteer(usize),
}

pub struct Entities {
    pub list: Vec<Entity>,
    /// Entity mentioned by each token, if any.
    pub token_entity: Vec<Option<usize>>,
}

/// Both gazetteers an analysis consults: the workspace's actors and the bundled one.
pub struct Lookup<'a> {
    pub user: Option<&'a UserLayer>,
    pub gazetteer: &'a Gazetteer,
}

impl Lookup<'_> {
    fn entry(&self, k: Known) -> &super::gazetteer::Entry {
        match k {
            Known::User(i) => self
                .user
                .expect("user hits come from the user gazetteer")
                .gazetteer
                .entry(i),
            Known::Gazetteer(i) => self.gazetteer.entry(i),
        }
    }

    /// A bundled hit of entry `g` spelled `text`: the workspace actor when
    /// the entry is one, nothing when the analyst removed that alias from it.
    fn bundled(&self, g: usize, text: &str) -> Option<Known> {
        match self.user.map(|u| (u, u.user_of(g))) {
            Some((u, Some(i))) => (!u.rejects(i, text)).then_some(Known::User(i)),
            _ => Some(Known::Gazetteer(g)),
        }
    }

    /// A bundled entry that is a workspace actor is that actor.
    fn canonical(&self, k: Known) -> Known {
        match (k, self.user) {
            (Known::Gazetteer(g), Some(u)) => u.user_of(g).map_or(k, Known::User),
            _ => k,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Known(Known),
    Title(String),
    Name,
}

#[derive(Clone, Debug)]
struct Piece {
    part: Part,
    first: usize,
    last: usize,
}

/// A single unknown word waiting for resolution at the end.
struct Single {
    tok: usize,
    after_person_title: bool,
}

struct Builder<'a> {
    src: &'a str,
    toks: &'a [Token],
    lower: &'a LowerWords,
    lookup: &'a Lookup<'a>,
    entities: Vec<Entity>,
    by_known: HashMap<Known, usize>,
    by_name: HashMap<String, usize>,
    token_entity: Vec<Option<usize>>,
    singles: Vec<Single>,
    /// Sentence-initial words (in lower case) that the article also writes in
    /// lower case elsewhere: capitalised at a sentence start, they are
    /// ordinary words, not names.
    lower_words: HashSet<&'a str>,
    /// Every (entity, first token, last token) attached, so that a repeated
    /// mention is found without scanning the entity's mentions.
    attached: HashSet<(usize, usize, usize)>,
    /// Person entities by the last word of their name, in creation order:
    /// surname questions are asked for every name and must not scan every
    /// entity of a long article.
    by_surname: HashMap<String, Vec<usize>>,
    /// Organisation entities by the stem of each word of their name, in
    /// creation order, for matching a name whose words are all in another's.
    org_by_stem: HashMap<String, Vec<usize>>,
}

/// `date` is the article's date: it decides who held an office named
/// without a name ("the US president" in 2019 and in 2023).
pub fn find_entities(
    src: &str,
    toks: &[Token],
    lower: &LowerWords,
    sents: &[Sentence],
    lookup: &Lookup,
    date: Date,
) -> Entities {
    let hits = known_hits(src, toks, lookup);
    let mut b = Builder {
        src,
        toks,
        lower,
        lookup,
        entities: Vec::new(),
        by_known: HashMap::default(),
        by_name: HashMap::default(),
        token_entity: vec![None; toks.len()],
        singles: Vec::new(),
        lower_words: sentence_initials_also_in_lower_case(src, toks, lower, sents),
        attached: HashSet::default(),
        by_surname: HashMap::default(),
        org_by_stem: HashMap::default(),
    };
    // One buffer for every sentence's chunks: two allocations per sentence
    // were a noticeable share of the analysis.
    let mut ranges = Vec::new();
    let mut pieces = Vec::new();
    for s in sents {
        chunks(src, toks, lower, s, &hits, &mut ranges);
        for &(first, last) in &ranges {
            b.chunk(first, last, s, &hits, &mut pieces);
        }
    }
    b.resolve_singles(sents);
    b.affiliations_from_context();
    b.resolve_offices(date);
    b.drop_descriptors();
    let mut ents = Entities {
        list: b.entities,
        token_entity: b.token_entity,
    };
    super::entity_variants::merge_org_variants(&mut ents);
    ents
}

/// The sentence-initial words that the article also uses in lower case, in
/// lower case. Only those are ever asked about, so the rest of
/// the text is looked up against them rather than collected into a set.
fn sentence_initials_also_in_lower_case<'a>(
    src: &str,
    toks: &[Token],
    lower: &'a LowerWords,
    sents: &[Sentence],
) -> HashSet<&'a str> {
    let mut initials: HashMap<&str, bool> = HashMap::default();
    // (last byte, length) of every initial: most words of the text share
    // neither with any, and are ruled out before hashing.
    let mut shapes = [0u64; 256];
    for s in sents {
        if toks[s.first].kind == Kind::Word {
            let w = lower.get(s.first);
            initials.insert(w, false);
            shapes[*w.as_bytes().last().unwrap_or(&0) as usize] |= 1 << w.len().min(63);
        }
    }
    if initials.is_empty() {
        return HashSet::default();
    }
    for t in toks {
        let w = t.text(src);
        if t.kind == Kind::Word
            && shapes[*w.as_bytes().last().unwrap_or(&0) as usize] & (1 << w.len().min(63)) != 0
            && w.starts_with(|c: char| c.is_lowercase())
            && let Some(seen) = initials.get_mut(w)
        {
            *seen = true;
        }
    }
    initials.into_iter().filter(|(_, seen)| *seen).map(|(w, _)| w).collect()
}

/// Gazetteer hits aligned to tokens: token index of the hit start → (last token, entry).
/// Known-name hits by their first token: the last token and the entry.
/// A plain vector, since it is consulted for nearly every token.
pub(crate) struct Hits(Vec<Option<(usize, Known)>>);

impl Hits {
    fn get(&self, tok: &usize) -> Option<&(usize, Known)> {
        self.0.get(*tok).and_then(Option::as_ref)
    }

    fn contains_key(&self, tok: &usize) -> bool {
        self.get(tok).is_some()
    }
}

/// Both gazetteers' hits on tokens. Where they overlap the longest span
/// wins, a tie going to the workspace actor: the workspace adds names and
/// never hides a longer one the gazetteer knows ("United States of America"
/// over an actor "United States").
fn known_hits(src: &str, toks: &[Token], lookup: &Lookup) -> Hits {
    // Tokens are in text order, so starts and ends are sorted: binary search, no hashing.
    let start_tok = |b: usize| toks.binary_search_by_key(&b, |t| t.start).ok();
    let end_tok = |b: usize| toks.binary_search_by_key(&b, |t| t.end).ok();
    // Names start after a character that is not a letter or digit (a quote
    // may begin one), and only a hit that begins on a token is kept.
    let starts = || {
        toks.iter()
            .filter(|t| {
                matches!(t.kind, Kind::Word | Kind::Number)
                    || !src[..t.start].chars().next_back().is_some_and(char::is_alphanumeric)
            })
            .map(|t| t.start)
    };
    // (byte length, from the bundled gazetteer, first token, last token, entry)
    let mut candidates: Vec<(usize, bool, usize, usize, Known)> = Vec::new();
    let on_tokens = |h: Hit, bundled: bool, known: Known, out: &mut Vec<_>| {
        if let (Some(a), Some(z)) = (start_tok(h.start), end_tok(h.end)) {
            out.push((h.end - h.start, bundled, a, z, known));
        }
    };
    if let Some(u) = lookup.user {
        for h in u.gazetteer.find_at(src, starts()) {
            on_tokens(h, false, Known::User(h.entry), &mut candidates);
        }
        candidates.retain(|&(_, _, a, z, _)| !common_word_in_longer_name(src, toks, a, z));
    }
    for h in lookup.gazetteer.find_at(src, starts()) {
        if let Some(known) = lookup.bundled(h.entry, &src[h.start..h.end]) {
            on_tokens(h, true, known, &mut candidates);
        }
    }
    let mut out = Hits(vec![None; toks.len()]);
    if lookup.user.is_none() {
        // One gazetteer's hits never overlap.
        for (_, _, a, z, k) in candidates {
            out.0[a] = Some((z, k));
        }
    } else {
        candidates.sort_unstable_by_key(|&(len, bundled, a, _, _)| (std::cmp::Reverse(len), bundled, a));
        let mut covered = vec![false; toks.len()];
        for (_, _, a, z, k) in candidates {
            if !covered[a..=z].contains(&true) {
                covered[a..=z].fill(true);
                out.0[a] = Some((z, k));
            }
        }
    }
    drop_surname_pairs(src, toks, lookup, &mut out);
    out
}

/// Two one-word names of two different known persons side by side are one
/// person's first name and surname ("BBC's Jonathan Marcus" is neither
/// Goodluck Jonathan nor Gill Marcus): neither hit stands, and the words
/// are read as a new name.
fn drop_surname_pairs(src: &str, toks: &[Token], lookup: &Lookup, hits: &mut Hits) {
    let person = |k: Known| lookup.entry(k).kind == ActorKind::Person;
    for a in 0..toks.len().saturating_sub(1) {
        let (Some((za, ka)), Some((zb, kb))) = (hits.0[a], hits.0[a + 1]) else {
            continue;
        };
        let adjacent = src.get(toks[a].end..toks[a + 1].start) == Some(" ");
        if za == a
            && zb == a + 1
            && adjacent
            && person(ka)
            && person(kb)
            && lookup.canonical(ka) != lookup.canonical(kb)
        {
            hits.0[a] = None;
            hits.0[a + 1] = None;
        }
    }
}

/// A workspace actor called by a common word ("Committee", "University"),
/// next to a capitalised word or "of", is a piece of a longer name there
/// ("Judiciary Committee", "University of Bristol"), not that actor.
fn common_word_in_longer_name(src: &str, toks: &[Token], a: usize, z: usize) -> bool {
    let joins = |i: usize| toks.get(i).is_some_and(|t| is_cap_word(src, t) || t.text(src) == "of");
    a == z && aliases::is_common_word(toks[a].text(src)) && ((a > 0 && joins(a - 1)) || joins(a + 1))
}

#[inline]
fn is_cap_word(src: &str, t: &Token) -> bool {
    if t.kind != Kind::Word {
        return false;
    }
    // Asked of nearly every token: one byte test settles most of them.
    match src.as_bytes()[t.start] {
        b'A'..=b'Z' => true,
        b'a'..=b'z' if !src.as_bytes()[t.start..t.end.min(t.start + 4)].contains(&b'-') => false,
        _ => is_cap_word_slow(t.text(src)),
    }
}

fn is_cap_word_slow(w: &str) -> bool {
    if starts_upper(w) {
        return true;
    }
    // "al-Assad", "bin-Salman": a lower-case particle joined to a capitalised name.
    let Some(p) = w.as_bytes().iter().take(4).position(|&b| b == b'-') else {
        return false;
    };
    starts_upper(&w[p + 1..])
}

/// Asked of nearly every token: ASCII needs no char decoding.
fn starts_upper(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.starts_with(char::is_uppercase),
    }
}

/// Maximal runs of capitalised words (with inner connectors and gazetteer
/// names), as inclusive token ranges.
fn chunks(src: &str, toks: &[Token], lower: &LowerWords, s: &Sentence, hits: &Hits, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut i = s.first;
    while i <= s.last {
        let member = |i: usize| hits.contains_key(&i) || is_cap_word(src, &toks[i]);
        if !member(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        loop {
            if let Some(&(z, _)) = hits.get(&end) {
                end = z;
            }
            let next = end + 1;
            if next > s.last {
                break;
            }
            if member(next) && toks[next].start <= toks[end].end + 1 {
                end = next;
                continue;
            }
            // Connectors join two capitalised words: "Office of Germany", "bin Farhan".
            let w = toks[next].text(src);
            if toks[next].kind == Kind::Word
                && lower.is(next, lexicon::CONNECTORS)
                && w != "and"
                && next < s.last
                && member(next + 1)
                && !lower.is(next + 1, lexicon::DAYS)
                && !lower.is(next + 1, lexicon::MONTHS)
            {
                end = next + 1;
                continue;
            }
            break;
        }
        out.push((start, end));
        i = end + 1;
    }
}

impl Builder<'_> {
    fn text(&self, first: usize, last: usize) -> &str {
        &self.src[self.toks[first].start..self.toks[last].end]
    }

    fn word(&self, i: usize) -> &str {
        self.toks[i].text(self.src)
    }

    fn is(&self, i: usize, list: lexicon::List) -> bool {
        self.lower.is(i, list)
    }

    /// Splits a chunk into known names, titles and unknown name runs.
    fn pieces(&self, first: usize, last: usize, hits: &Hits, out: &mut Vec<Piece>) {
        out.clear();
        let mut p = first;
        while p <= last {
            if let Some(&(z, k)) = hits.get(&p)
                && z <= last
            {
                // "Tammy" + a gazetteer "Bruce": a first name before a known
                // person's name makes another person's full name.
                let person = self.lookup.entry(k).kind == ActorKind::Person;
                // "Nasser" + "Al-Aiban": a known one-word alias used as a first name.
                let first_name = person
                    && p == z
                    && z < last
                    && !hits.contains_key(&(z + 1))
                    && is_cap_word(self.src, &self.toks[z + 1])
                    && self.title_at(z + 1, last).is_none();
                match out.last_mut() {
                    Some(prev) if person && prev.part == Part::Name && prev.last + 1 == p => prev.last = z,
                    _ if first_name => out.push(Piece {
                        part: Part::Name,
                        first: p,
                        last: z,
                    }),
                    _ => out.push(Piece {
                        part: Part::Known(k),
                        first: p,
                        last: z,
                    }),
                }
                p = z + 1;
                // "Patrick Crusius of Allen": a known name then "of" and a
                // name; the "of" is no first name of what follows.
                self.skip_connectors(&mut p, last);
                continue;
            }
            if let Some((title, z)) = self.title_at(p, last) {
                // "Secretary of Transportation": the office named after "of" is part of the title.
                let mut z = z;
                if z + 2 <= last
                    && self.word(z + 1) == "of"
                    && is_cap_word(self.src, &self.toks[z + 2])
                    && !hits.contains_key(&(z + 2))
                {
                    z += 2;
                }
                out.push(Piece {
                    part: Part::Title(title),
                    first: p,
                    last: z,
                });
                p = z + 1;
                continue;
            }
            // Unknown name run, up to the next known name or title.
            let mut z = p;
            while z < last && !hits.contains_key(&(z + 1)) && self.title_at(z + 1, last).is_none() {
                z += 1;
            }
            // Connectors cannot end a run.
            while z > p && self.is(z, lexicon::CONNECTORS) && !is_cap_word(self.src, &self.toks[z]) {
                z -= 1;
            }
            match out.last_mut() {
                Some(prev) if prev.part == Part::Name && prev.last + 1 == p => prev.last = z,
                _ => out.push(Piece {
                    part: Part::Name,
                    first: p,
                    last: z,
                }),
            }
            p = z + 1;
            self.skip_connectors(&mut p, last);
        }
    }

    fn skip_connectors(&self, p: &mut usize, last: usize) {
        while *p <= last && self.is(*p, lexicon::CONNECTORS) && !is_cap_word(self.src, &self.toks[*p]) {
            *p += 1;
        }
    }

    /// The longest title phrase starting at token `p` (words only).
    fn title_at(&self, p: usize, last: usize) -> Option<(String, usize)> {
        self.longest_title(p, last + 1 - p, |_| true)
    }

    /// The longest run of words from token `p`, at most `max_words`, that
    /// is a title `accept` takes by its kind, as a lower-case phrase and its
    /// last token. Asked at nearly every capitalised word, so the common
    /// answer (no title starts here) allocates nothing.
    fn longest_title(&self, p: usize, max_words: usize, accept: impl Fn(&str) -> bool) -> Option<(String, usize)> {
        let g = self.lookup.gazetteer;
        if p >= self.toks.len() || self.toks[p].kind != Kind::Word {
            return None;
        }
        let first = self.lower.get(p);
        if !g.starts_title(first) && !lexicon::singular(first).is_some_and(|w| g.starts_title(w)) {
            return None;
        }
        let words = self.toks[p..]
            .iter()
            .take(max_words.min(g.max_title_words()))
            .take_while(|t| t.kind == Kind::Word)
            .count();
        let mut phrase = String::new();
        let mut ends = Vec::with_capacity(words);
        for i in p..p + words {
            if i > p {
                phrase.push(' ');
            }
            phrase.push_str(self.lower.get(i));
            ends.push(phrase.len());
        }
        for n in (1..=words).rev() {
            let candidate = &phrase[..ends[n - 1]];
            if g.title(candidate).is_some_and(&accept) {
                phrase.truncate(ends[n - 1]);
                return Some((phrase, p + n - 1));
            }
            // A plural title before names, "Presidents Muhammadu Buhari of
            // Nigeria and Patrice Talon of Benin", titles the first of them;
            // only before a name, so a plural ending a name stays in it.
            if n < max_words
                && self.names_follow(p + n)
                && let Some(one) = lexicon::singular(candidate)
                && g.title(one).is_some_and(&accept)
            {
                phrase.truncate(ends[n - 1] - 1);
                return Some((phrase, p + n - 1));
            }
        }
        None
    }

    /// Whether a name starts at `i`: a capitalised word followed by another
    /// or by "and" / "," ("Presidents Trump and Macron"), not "Presidents
    /// Cup was played".
    fn names_follow(&self, i: usize) -> bool {
        let cap = |j: usize| self.toks.get(j).is_some_and(|t| is_cap_word(self.src, t));
        cap(i)
            && (cap(i + 1)
                || self
                    .toks
                    .get(i + 1)
                    .is_some_and(|t| matches!(t.text(self.src), "and" | ",")))
    }

    fn chunk(&mut self, first: usize, last: usize, s: &Sentence, hits: &Hits, pieces: &mut Vec<Piece>) {
        let mut first = first;
        // Sentence-initial ordinary words: "The", "Despite", or any word the
        // article also uses in lower case.
        while first <= last
            && !hits.contains_key(&first)
            && (self.is(first, lexicon::FUNCTION_WORDS)
                || (first == s.first && self.lower_words.contains(self.lower.get(first)))
                || (first == s.first && first < last && looks_like_adjective(self.word(first)))
                || (first < last && self.is_date_word_after_preposition(first)))
        {
            first += 1;
        }
        if first > last {
            return;
        }
        self.pieces(first, last, hits, pieces);
        let pieces = &pieces[..];
        let mut k = 0;
        while k < pieces.len() {
            let piece = &pieces[k];
            match &piece.part {
                Part::Known(known) => {
                    let known = *known;
                    // A state name that starts an organisation's name: "United States Department of Transportation".
                    if let Some(next) = pieces.get(k + 1)
                        && next.part == Part::Name
                        && self.lookup.entry(known).kind == ActorKind::State
                        && self.run_is_org(next.first, next.last)
                        && !s.heading
                    {
                        // "the Norwegian Government" is Norway (the coding
                        // rules: a state's government is the state).
                        if self.is_government(next.first, next.last) {
                            self.add_known(known, piece.first, next.last);
                        } else {
                            let state = self.lookup.entry(known).name.clone();
                            self.add_org(piece.first, next.last, Some(state));
                        }
                        k += 2;
                        continue;
                    }
                    let titles = self.titles_before(pieces, k);
                    let state = self.state_before_titles(pieces, k);
                    let e = self.add_known(known, piece.first, piece.last);
                    if self.entities[e].kind == ActorKind::Person {
                        self.entities[e].titles.extend(titles);
                        if self.entities[e].affiliation.is_none() {
                            self.entities[e].affiliation = state;
                        }
                    }
                }
                Part::Title(_) => {}
                Part::Name => {
                    if s.heading {
                        k += 1;
                        continue;
                    }
                    let (a, z) = (piece.first, piece.last);
                    // The ", Inc." of the name before it.
                    if a == z && a > 0 && self.company_suffix_at(a) && self.word(a - 1) == "," {
                        k += 1;
                        continue;
                    }
                    // "Royal Saudi Air Force", "Royal Thai Army": the state's
                    // adjective stands inside the name, not before it.
                    if a == z
                        && lexicon::one_of(&["Royal", "Imperial"], self.word(a))
                        && let (Some(st), Some(org)) = (pieces.get(k + 1), pieces.get(k + 2))
                        && st.first == a + 1
                        && org.first == st.last + 1
                        && org.part == Part::Name
                        && let Part::Known(kn) = st.part
                        && self.lookup.entry(kn).kind == ActorKind::State
                        && self.run_is_org(org.first, org.last)
                    {
                        let state = self.lookup.entry(kn).name.clone();
                        self.add_org(a, org.last, Some(state));
                        k += 3;
                        continue;
                    }
                    let text = self.text(a, z).to_owned();
                    let words = (a..=z).filter(|&i| is_cap_word(self.src, &self.toks[i])).count();
                    if self.is(z, lexicon::PLACE_HEADS)
                        || lexicon::REGIONS.contains(&text)
                        || lexicon::PLATFORMS.contains(&text)
                        || (words == 1 && (lexicon::MONTHS.contains(&text) || lexicon::DAYS.contains(&text)))
                    {
                        // A bloc: "Baltic states", "Gulf states".
                        if words == 1 && lexicon::REGIONS.contains(&text) && !is_continental(&text) {
                            self.maybe_bloc(z);
                        }
                        k += 1;
                        continue;
                    }
                    // "the Government of Iraq" is Iraq.
                    if self.is_government(a, z)
                        && let Some(n) = pieces.get(k + 1)
                        && let Part::Known(kn) = n.part
                        && self.lookup.entry(kn).kind == ActorKind::State
                        && n.first == z + 2
                        && self.word(z + 1) == "of"
                    {
                        self.add_known(kn, a, n.last);
                        k += 2;
                        continue;
                    }
                    if self.run_is_org(a, z) {
                        // "Federal Aviation Office of Germany": the state after "of" is the affiliation.
                        let state = pieces.get(k + 1).and_then(|n| match n.part {
                            Part::Known(kn)
                                if self.lookup.entry(kn).kind == ActorKind::State
                                    && n.first >= 1
                                    && self.word(n.first - 1) == "of" =>
                            {
                                Some(self.lookup.entry(kn).name.clone())
                            }
                            _ => None,
                        });
                        self.add_org(a, z, state);
                    } else if let Some(o) = (a + 1..z).find(|&i| self.word(i) == "of")
                        && (a..o).filter(|&i| is_cap_word(self.src, &self.toks[i])).count() >= 2
                    {
                        // "Bill Gerstenmaier of NASA": a person of an organisation.
                        let titles = self.titles_before(pieces, k);
                        let state = self.state_before_titles(pieces, k);
                        if self.person_like(a, o - 1, k > 0 && matches!(pieces[k - 1].part, Part::Title(_))) {
                            self.add_person(a, o - 1, titles, state);
                        }
                        if o < z && self.run_is_org(o + 1, z) {
                            self.add_org(o + 1, z, None);
                        } else if o + 1 == z {
                            self.singles.push(Single {
                                tok: z,
                                after_person_title: false,
                            });
                        }
                    } else if words >= 2 {
                        let titles = self.titles_before(pieces, k);
                        let state = self.state_before_titles(pieces, k);
                        let titled = k > 0 && matches!(pieces[k - 1].part, Part::Title(_));
                        if self.person_like(a, z, titled) {
                            self.add_person(a, z, titles, state);
                        } else if self.is_source(z) {
                            self.add_org(a, z, None);
                        }
                    } else if self.is_honorific(a) {
                        // "Gen." itself is not a name.
                    } else {
                        let after_person_title = (k > 0
                            && matches!(&pieces[k - 1].part, Part::Title(t) if self.is_person_title(t)))
                            || (a >= 2 && self.word(a - 1) == "." && self.is_honorific(a - 2));
                        self.singles.push(Single {
                            tok: a,
                            after_person_title,
                        });
                        if words == 0 {
                            self.singles.pop();
                        }
                    }
                }
            }
            k += 1;
        }
    }

    /// "on Sunday" / "in January" before a name ("on Sunday Presidents
    /// Muhammadu Buhari …"): the date is not part of it. After anything
    /// but a preposition of time it may be ("The Sunday Times", "with April
    /// Ryan").
    fn is_date_word_after_preposition(&self, i: usize) -> bool {
        (self.is(i, lexicon::DAYS) || self.is(i, lexicon::MONTHS))
            && i > 0
            && self.toks[i - 1].kind == Kind::Word
            && lexicon::one_of(
                &[
                    "on", "in", "by", "since", "until", "before", "after", "during", "last", "next", "this",
                ],
                self.word(i - 1),
            )
    }

    /// Evidence that an unknown capitalised run names a person: a known first
    /// name, a title or honorific before it, a name particle, a reporting verb,
    /// or an appositive title after it. Without any, "Crew Dragon" or "Falcon
    /// Heavy" is not taken for a person.
    fn person_like(&self, a: usize, z: usize, titled: bool) -> bool {
        let a = self.after_party(a, z);
        if titled || self.lookup.gazetteer.is_first_name(self.word(a)) {
            return true;
        }
        if (a..=z).any(|i| {
            let w = self.word(i);
            matches!(
                w,
                "bin" | "ibn" | "bint" | "al" | "van" | "von" | "de" | "da" | "di" | "le" | "el" | "abu"
            ) || w.starts_with("al-")
                || w.starts_with("Al-")
                || w.starts_with("el-")
        }) {
            return true;
        }
        if a >= 2 && self.word(a - 1) == "." && self.is_honorific(a - 2) {
            return true;
        }
        // "his sister Yingluck Shinawatra": a relative, and the surname of a
        // person already named.
        let kin = a > 0
            && lexicon::one_of(
                &[
                    "sister",
                    "brother",
                    "son",
                    "daughter",
                    "wife",
                    "husband",
                    "father",
                    "mother",
                    "widow",
                    "widower",
                    "nephew",
                    "niece",
                    "cousin",
                    "uncle",
                    "aunt",
                    "grandson",
                    "granddaughter",
                ],
                self.word(a - 1),
            );
        if kin || (z > a && !self.persons_named(self.word(z)).is_empty()) {
            return true;
        }
        // "spokesperson Tammy Bruce", "director, Hamid …"
        let mut i = a;
        let mut steps = 0;
        while i > 0 && steps < 3 {
            let w = self.word(i - 1);
            if w == "," {
                i -= 1;
                continue;
            }
            if self.toks[i - 1].kind != Kind::Word || !w.starts_with(char::is_lowercase) {
                break;
            }
            if self.lookup.gazetteer.title(self.lower.get(i - 1)).is_some() {
                return true;
            }
            i -= 1;
            steps += 1;
        }
        let speech = |w: &str| {
            lexicon::one_of(
                &[
                    "said",
                    "says",
                    "told",
                    "stated",
                    "added",
                    "explained",
                    "wrote",
                    "argued",
                    "noted",
                    "announced",
                ],
                w,
            )
        };
        if self.next_word(z).is_some_and(speech) || self.prev_word(a).is_some_and(speech) {
            return true;
        }
        // ", the Secretary of Transportation" / ", a political scientist"
        if self.toks.get(z + 1).is_some_and(|t| t.text(self.src) == ",") {
            for j in z + 2..(z + 8).min(self.toks.len()) {
                if self.lookup.gazetteer.title(self.lower.get(j)).is_some() {
                    return true;
                }
                if self.toks[j].kind != Kind::Word {
                    break;
                }
            }
        }
        false
    }

    /// "Republican Kevin McCarthy": the party describes him, it is no part
    /// of his name. The first token of the name proper.
    fn after_party(&self, a: usize, z: usize) -> usize {
        let party = lexicon::one_of(
            &[
                "Republican",
                "Democrat",
                "Democratic",
                "Labour",
                "Conservative",
                "Tory",
                "Liberal",
            ],
            self.word(a),
        );
        if party && z >= a + 2 { a + 1 } else { a }
    }

    /// "Mr" or "Gen" written with its abbreviation dot.
    fn is_honorific(&self, i: usize) -> bool {
        self.is(i, lexicon::HONORIFICS) && self.toks.get(i + 1).is_some_and(|t| t.text(self.src) == ".")
    }

    fn is_person_title(&self, t: &str) -> bool {
        self.lookup.gazetteer.title(t).is_some()
    }

    fn run_is_org(&self, a: usize, z: usize) -> bool {
        ((a..=z).any(|i| self.is(i, lexicon::ORG_HEADS) && is_cap_word(self.src, &self.toks[i]))
            || self.company_suffix_at(z + 2) && self.toks.get(z + 1).is_some_and(|t| t.text(self.src) == ","))
            && !self.is(z, lexicon::PLACE_HEADS)
    }

    /// "Inc", "Ltd" and the like at token `i`: after a comma they close the
    /// name before them ("Hungarian National Asset Management, Inc.").
    fn company_suffix_at(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            lexicon::one_of(
                &["Inc", "Ltd", "LLC", "Corp", "plc", "GmbH", "Kft", "AG"],
                t.text(self.src),
            )
        })
    }

    /// Titles directly before piece `k` ("US Secretary of State Marco Rubio").
    fn titles_before(&self, pieces: &[Piece], k: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut j = k;
        while j > 0 {
            match &pieces[j - 1].part {
                Part::Title(t) => out.push(t.clone()),
                _ => break,
            }
            j -= 1;
        }
        out
    }

    /// "Russian Foreign Minister Sergei Lavrov": the state before the titles.
    fn state_before_titles(&self, pieces: &[Piece], k: usize) -> Option<String> {
        let mut j = k;
        while j > 0 && matches!(pieces[j - 1].part, Part::Title(_)) {
            j -= 1;
        }
        if j == k || j == 0 {
            return None;
        }
        match pieces[j - 1].part {
            Part::Known(kn) if self.lookup.entry(kn).kind == ActorKind::State => {
                Some(self.lookup.entry(kn).name.clone())
            }
            _ => None,
        }
    }

    fn mention(&self, a: usize, z: usize) -> Mention {
        Mention {
            start: self.toks[a].start,
            end: self.toks[z].end,
            first_tok: a,
            last_tok: z,
        }
    }

    fn attach(&mut self, e: usize, a: usize, z: usize) -> usize {
        if self.attached.insert((e, a, z)) {
            let m = self.mention(a, z);
            self.entities[e].mentions.push(m);
        }
        for t in a..=z {
            self.token_entity[t] = Some(e);
        }
        e
    }

    fn new_entity(
        &mut self,
        name: String,
        kind: ActorKind,
        affiliation: Option<String>,
        known: Option<Known>,
    ) -> usize {
        let e = self.entities.len();
        self.by_name.insert(name.to_lowercase(), e);
        if let Some(k) = known {
            self.by_known.insert(k, e);
        }
        match kind {
            ActorKind::Person => self.by_surname.entry(last_word(&name).to_owned()).or_default().push(e),
            ActorKind::Organization => {
                for w in name.split_whitespace().map(stem) {
                    let list = self.org_by_stem.entry(w).or_default();
                    if list.last() != Some(&e) {
                        list.push(e);
                    }
                }
            }
            _ => {}
        }
        self.entities.push(Entity {
            name,
            kind,
            affiliation,
            known,
            mentions: Vec::new(),
            titles: Vec::new(),
        });
        e
    }

    fn add_known(&mut self, known: Known, a: usize, z: usize) -> usize {
        let known = self.lookup.canonical(known);
        if let Some(&e) = self.by_known.get(&known) {
            return self.attach(e, a, z);
        }
        let entry = self.lookup.entry(known);
        // A one-word hit ("Bruce") that is the surname of a person named in
        // full in this article is that person, whatever the gazetteer says.
        if a == z && entry.kind == ActorKind::Person {
            let w = self.word(a).to_owned();
            if let Some(e) = self.person_by_surname(&w) {
                return self.attach(e, a, z);
            }
        }
        let (name, kind, aff) = (entry.name.clone(), entry.kind, entry.affiliation.clone());
        // The same person already found under a spelling the gazetteer lacks
        // ("Sergey"/"Sergei"), not a relative with the same surname
        // ("Thaksin" and his sister "Yingluck Shinawatra").
        if kind == ActorKind::Person
            && let Some(e) = self.person_by_surname(last_word(&name))
            && self.entities[e].known.is_none()
            && (a == z || first_letter(&self.entities[e].name) == first_letter(&name))
        {
            let ent = &mut self.entities[e];
            ent.known = Some(known);
            if ent.affiliation.is_none() {
                ent.affiliation = aff;
            }
            self.by_known.insert(known, e);
            return self.attach(e, a, z);
        }
        if let Some(&e) = self.by_name.get(&name.to_lowercase()) {
            self.by_known.insert(known, e);
            return self.attach(e, a, z);
        }
        let e = self.new_entity(name, kind, aff, Some(known));
        self.attach(e, a, z)
    }

    /// The last person named in full (two words or more) with this surname.
    fn person_by_surname(&self, surname: &str) -> Option<usize> {
        self.persons_named(surname)
            .iter()
            .rev()
            .copied()
            .find(|&e| self.entities[e].name.split_whitespace().nth(1).is_some())
    }

    /// The one person named in full whose surname is one edit (a letter
    /// changed, added, dropped or two swapped) from `word`, for words of
    /// five letters or more that begin alike.
    fn person_by_near_surname(&self, word: &str) -> Option<usize> {
        if word.chars().count() < 5 {
            return None;
        }
        let mut found = self.by_surname.iter().filter(|(surname, _)| {
            surname.chars().count() >= 5
                && surname.chars().take(2).eq(word.chars().take(2))
                && one_edit_apart(surname, word)
        });
        let (surname, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        self.person_by_surname(surname)
    }

    /// The one person named in full whose first word is `first` (none if
    /// two share it: then a first name alone does not say which).
    fn person_by_first_name(&self, first: &str) -> Option<usize> {
        let mut found = self.entities.iter().enumerate().filter(|(_, e)| {
            e.kind == ActorKind::Person && {
                let mut words = e.name.split_whitespace();
                words.next() == Some(first) && words.next().is_some()
            }
        });
        let (e, _) = found.next()?;
        found.next().is_none().then_some(e)
    }

    /// The person entities whose name ends in `surname`, in creation order.
    fn persons_named(&self, surname: &str) -> &[usize] {
        self.by_surname.get(surname).map_or(&[], Vec::as_slice)
    }

    fn add_person(&mut self, a: usize, z: usize, titles: Vec<String>, state: Option<String>) -> usize {
        let a = self.after_party(a, z);
        let name = self.text(a, z).to_owned();
        if let Some(&e) = self.by_name.get(&name.to_lowercase()) {
            return self.attach(e, a, z);
        }
        // The gazetteer may know the surname as someone with another spelling
        // of the first name ("Sergei"/"Sergey"): same person.
        let surname = last_word(&name).to_owned();
        let known_same = self.persons_named(&surname).iter().copied().find(|&e| {
            let e = &self.entities[e];
            e.known.is_some() && e.mentions.len() < 50 && first_letter(&e.name) == first_letter(&name)
        });
        if let Some(e) = known_same {
            return self.attach(e, a, z);
        }
        let e = self.new_entity(name, ActorKind::Person, state, None);
        self.entities[e].titles = titles;
        self.attach(e, a, z)
    }

    /// The word "Government" alone, which with a state's name or adjective
    /// names the state itself.
    fn is_government(&self, a: usize, z: usize) -> bool {
        a == z && self.word(a) == "Government"
    }

    fn add_org(&mut self, a: usize, z: usize, affiliation: Option<String>) -> usize {
        let name = self.text(a, z).to_owned();
        if let Some(&e) = self.by_name.get(&name.to_lowercase()) {
            return self.attach(e, a, z);
        }
        // "Revolutionary Guards" after "Islamic Revolutionary Guard Corps": same organisation.
        if let Some(e) = self.org_with_all_words(&name) {
            return self.attach(e, a, z);
        }
        let e = self.new_entity(name, ActorKind::Organization, affiliation, None);
        self.attach(e, a, z)
    }

    /// The first organisation whose name has every word (by stem) of
    /// `name`, which has two words or more.
    fn org_with_all_words(&self, name: &str) -> Option<usize> {
        let words: Vec<String> = name.split_whitespace().map(stem).collect();
        if words.len() < 2 {
            return None;
        }
        let lists: Vec<&[usize]> = words
            .iter()
            .map(|w| self.org_by_stem.get(w).map_or(&[][..], Vec::as_slice))
            .collect::<Vec<_>>();
        // The organisation is in every word's list: walking the shortest in
        // order finds the first one.
        let shortest = lists.iter().min_by_key(|l| l.len())?;
        shortest
            .iter()
            .copied()
            .find(|e| lists.iter().all(|l| l.binary_search(e).is_ok()))
    }

    /// "Baltic states": a regional adjective and a bloc noun make a group.
    fn maybe_bloc(&mut self, adj: usize) {
        let next = adj + 1;
        if next < self.toks.len() && self.is(next, lexicon::BLOC_NOUNS) {
            let name = format!("{} {}", self.word(adj), self.word(next));
            let e = match self.by_name.get(&name.to_lowercase()) {
                Some(&e) => e,
                None => self.new_entity(name, ActorKind::Group, None, None),
            };
            self.attach(e, adj, next);
        }
    }

    /// Single unknown words: a surname or short form of an actor named in
    /// full elsewhere, or a source/list member by context; otherwise not an actor.
    fn resolve_singles(&mut self, sents: &[Sentence]) {
        let singles = std::mem::take(&mut self.singles);
        let short_forms = self.org_short_forms();
        let mut deferred = Vec::new();
        for s in &singles {
            let w = self.word(s.tok).to_owned();
            if let Some(e) = self.person_by_surname(&w) {
                self.attach(e, s.tok, s.tok);
                continue;
            }
            if let Some(&e) = short_forms.get(w.as_str()) {
                self.attach(e, s.tok, s.tok);
                continue;
            }
            // Transliterations vary within one article ("Yahya Sarea" …
            // "Saree said"): a surname one letter off is the same person.
            if let Some(e) = self.person_by_near_surname(&w) {
                self.attach(e, s.tok, s.tok);
                continue;
            }
            // Royals and many Asian names go by the first name after a
            // title: "Princess Ubolratana" is "Ubolratana Mahidol".
            if s.after_person_title
                && let Some(e) = self.person_by_first_name(&w)
            {
                self.attach(e, s.tok, s.tok);
                continue;
            }
            deferred.push(s);
        }
        // Context decides the rest, after every full name is known.
        for s in deferred {
            let w = self.word(s.tok).to_owned();
            // "Prosecutors said", "Neighbors told …": a capital that only
            // starts the sentence, on an English word.
            let starts_sentence = sentence_of(sents, s.tok).is_some_and(|x| x.first == s.tok);
            let plain_word =
                |w: &str| aliases::is_common_word(w) || w.strip_suffix('s').is_some_and(aliases::is_common_word);
            if starts_sentence && !s.after_person_title && plain_word(&w) {
                continue;
            }
            let kind = if s.after_person_title || self.speaks(s.tok) {
                Some(ActorKind::Person)
            } else if self.is_source(s.tok) {
                Some(ActorKind::Organization)
            } else {
                self.list_kind(s.tok, sents)
            };
            if let Some(kind) = kind {
                let e = match self.by_name.get(&w.to_lowercase()) {
                    Some(&e) => e,
                    None => self.new_entity(w, kind, None, None),
                };
                self.attach(e, s.tok, s.tok);
            }
        }
    }

    /// The first organisation each short form may stand for: its name's first
    /// word, or its initials ("IRGC"). Built once, since the organisations
    /// are all known when the single words are resolved.
    fn org_short_forms(&self) -> HashMap<String, usize> {
        let mut out: HashMap<String, usize> = HashMap::default();
        for (i, e) in self.entities.iter().enumerate() {
            if e.kind != ActorKind::Organization {
                continue;
            }
            let mut words = e.name.split_whitespace();
            if let Some(first) = words.next()
                && !words.next().is_some_and(|w| PLACE_QUALIFIED_HEADS.contains(&w))
            {
                out.entry(first.to_owned()).or_insert(i);
            }
            out.entry(initials(&e.name)).or_insert(i);
        }
        out
    }

    /// "Saree said": a single unknown word before a verb of speaking is a
    /// person's surname more often than a source's name, unless it is
    /// written in capitals ("IRNA said").
    fn speaks(&self, i: usize) -> bool {
        let w = self.word(i);
        let speech = self
            .next_word(i)
            .is_some_and(|n| lexicon::one_of(&["said", "says", "told", "wrote", "claimed", "added"], n));
        speech && w.chars().skip(1).any(char::is_lowercase)
    }

    /// "Rudaw reports", "according to CBS", "told Reuters", "X said".
    fn is_source(&self, i: usize) -> bool {
        let next = self.next_word(i);
        let reporting = next.is_some_and(|n| {
            lexicon::one_of(
                &[
                    "said",
                    "says",
                    "reported",
                    "reports",
                    "reporting",
                    "told",
                    "announced",
                    "claimed",
                    "wrote",
                    "quoted",
                ],
                n,
            )
        });
        let prev = self.prev_word(i);
        let prev2 = if i >= 2 { Some(self.word(i - 2)) } else { None };
        reporting
            || (prev == Some("to") && prev2.is_some_and(|p| p.eq_ignore_ascii_case("according")))
            || prev == Some("told")
    }

    fn next_word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i + 1)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text(self.src))
    }

    fn prev_word(&self, i: usize) -> Option<&str> {
        if i == 0 {
            return None;
        }
        let t = &self.toks[i - 1];
        (t.kind == Kind::Word).then(|| t.text(self.src))
    }

    /// Kind of a word listed with known actors: "Deutsche Bahn, Daimler, and
    /// Siemens", "American Airlines and JetBlue", "firms including …".
    fn list_kind(&self, i: usize, sents: &[Sentence]) -> Option<ActorKind> {
        let s = sentence_of(sents, i)?;
        if i > s.last {
            return None;
        }
        // Walk outwards over ", X", "and X", "or X" steps.
        let mut members = Vec::new();
        let mut j = i;
        while j > s.first + 1 {
            let sep = self.word_or_punct(j - 1);
            if !matches!(sep, "," | "and" | "or") {
                break;
            }
            let mut k = j - 1;
            if sep == "and" && k > s.first && self.word_or_punct(k - 1) == "," {
                k -= 1;
            }
            if k == 0 || k <= s.first {
                break;
            }
            j = k - 1;
            while j > s.first && self.token_entity[j].is_some() && self.token_entity[j - 1] == self.token_entity[j] {
                j -= 1;
            }
            members.push(j);
        }
        let list_start = j;
        let mut j = i;
        while j + 2 <= s.last {
            let sep = self.word_or_punct(j + 1);
            if !matches!(sep, "," | "and" | "or") {
                break;
            }
            let mut k = j + 2;
            if sep == "," && self.word_or_punct(k) == "and" {
                k += 1;
            }
            if k > s.last {
                break;
            }
            members.push(k);
            j = k;
            while j < s.last && self.token_entity[j].is_some() && self.token_entity[j + 1] == self.token_entity[j] {
                j += 1;
            }
        }
        let known_kinds: Vec<ActorKind> = members
            .iter()
            .filter_map(|&m| self.token_entity[m])
            .map(|e| self.entities[e].kind)
            .collect();
        if let Some(&kind) = known_kinds.iter().find(|k| matches!(k, ActorKind::Organization)) {
            return Some(kind);
        }
        // "firms including X, Y": the head noun before the list names the kind.
        if list_start >= 2 {
            let cue = self.word_or_punct(list_start - 1).to_lowercase();
            let cue2 = self.word_or_punct(list_start - 2).to_lowercase();
            let head = if cue == "including" || cue == "like" {
                Some(cue2)
            } else if cue == "as" && cue2 == "such" && list_start >= 3 {
                Some(self.word_or_punct(list_start - 3).to_lowercase())
            } else {
                None
            };
            if let Some(h) = head {
                let orgs = [
                    "firms",
                    "companies",
                    "airlines",
                    "carriers",
                    "banks",
                    "groups",
                    "organizations",
                    "organisations",
                    "agencies",
                    "outlets",
                    "media",
                    "manufacturers",
                    "businesses",
                    "corporations",
                    "brands",
                    "insurers",
                    "lenders",
                    "operators",
                    "retailers",
                ];
                if orgs.contains(&h.as_str()) {
                    return Some(ActorKind::Organization);
                }
            }
        }
        None
    }

    fn word_or_punct(&self, i: usize) -> &str {
        self.toks[i].text(self.src)
    }

    /// Affiliations stated around a person's name:
    /// "Bruno Parrilla, the foreign affairs minister of Cuba";
    /// "Russian President Vladimir Putin's foreign policy adviser, Yuri Ushakov";
    /// "U.S. State Department spokesperson Tammy Bruce".
    fn affiliations_from_context(&mut self) {
        for e in 0..self.entities.len() {
            if self.entities[e].kind != ActorKind::Person || self.entities[e].affiliation.is_some() {
                continue;
            }
            let mentions = self.entities[e].mentions.clone();
            for m in &mentions {
                if let Some(aff) = self
                    .appositive_state(m.last_tok)
                    .or_else(|| self.descriptor_before(m.first_tok))
                {
                    self.entities[e].affiliation = Some(aff);
                    break;
                }
            }
        }
    }

    /// ", the <words> of STATE" right after a name.
    fn appositive_state(&self, last: usize) -> Option<String> {
        let mut i = last + 1;
        if self.toks.get(i).map(|t| t.text(self.src)) != Some(",") {
            return None;
        }
        i += 1;
        let limit = (i + 8).min(self.toks.len());
        while i < limit {
            let t = &self.toks[i];
            if t.kind != Kind::Word {
                return None;
            }
            if t.text(self.src) == "of" {
                let e = self.token_entity.get(i + 1).copied().flatten()?;
                let ent = &self.entities[e];
                return (ent.kind == ActorKind::State).then(|| ent.name.clone());
            }
            if is_cap_word(self.src, t) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// An organisation or a person's possessive, then lower-case title words,
    /// then the name: the person belongs to that organisation's or person's state.
    fn descriptor_before(&self, first: usize) -> Option<String> {
        let mut i = first;
        let mut saw_title = false;
        while i > 0 {
            let t = &self.toks[i - 1];
            let w = t.text(self.src);
            if t.kind == Kind::Word && w.starts_with(|c: char| c.is_lowercase()) {
                saw_title |= self.lookup.gazetteer.title(self.lower.get(i - 1)).is_some();
                i -= 1;
                continue;
            }
            if w == "," {
                i -= 1;
                continue;
            }
            break;
        }
        if !saw_title || i == 0 || first - i > 6 {
            return None;
        }
        let mut j = i - 1;
        if self.toks[j].kind == Kind::Possessive && j > 0 {
            j -= 1;
        }
        let e = self.token_entity[j]?;
        let ent = &self.entities[e];
        match ent.kind {
            ActorKind::State => Some(ent.name.clone()),
            _ => ent.affiliation.clone(),
        }
    }

    /// Offices named without a name: "the Russian foreign minister",
    /// "Ukraine's president". The office holder is the person of the article
    /// who was given that title and state, else the gazetteer's holder on the
    /// article's date.
    fn resolve_offices(&mut self, date: Date) {
        let mut holders = OfficeHolders::default();
        for e in 0..self.entities.len() {
            holders.add(&self.entities[e], e);
        }
        let mut i = 0;
        while i < self.toks.len() {
            let Some(state) = self.token_entity[i].filter(|&e| self.entities[e].kind == ActorKind::State) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < self.toks.len() && self.token_entity[j] == Some(state) {
                j += 1;
            }
            if j < self.toks.len() && self.toks[j].kind == Kind::Possessive {
                j += 1;
            }
            let Some((title, z)) = self.office_at(j) else {
                i = j;
                continue;
            };
            // "Russian foreign minister Sergei Lavrov" names the person itself.
            let named = self.toks.get(z + 1).is_some_and(|t| is_cap_word(self.src, t));
            if named || (j..=z).any(|t| self.token_entity[t].is_some()) {
                i = z + 1;
                continue;
            }
            let state_name = self.entities[state].name.clone();
            if let Some(e) = holders.get(&state_name, &title) {
                self.attach(e, j, z);
            } else if let Some(g) = self.lookup.gazetteer.holder(&title, &state_name, date) {
                let e = self.add_known(Known::Gazetteer(g), j, z);
                if !self.entities[e].titles.contains(&title) {
                    self.entities[e].titles.push(title);
                }
                // It may have gained the title or an affiliation.
                holders.add(&self.entities[e], e);
            }
            i = z + 1;
        }
    }

    /// A government office title starting at token `j`, in any case.
    fn office_at(&self, j: usize) -> Option<(String, usize)> {
        self.longest_title(j, usize::MAX, |kind| {
            matches!(kind, "gov" | "diplomat" | "royal" | "mil")
        })
    }

    /// Organisations named only to describe a person ("U.S. State Department
    /// spokesperson Tammy Bruce") are not actors of the article themselves.
    fn drop_descriptors(&mut self) {
        for e in 0..self.entities.len() {
            let ent = &self.entities[e];
            if ent.kind != ActorKind::Organization || matches!(ent.known, Some(Known::User(_))) {
                continue;
            }
            // A body the gazetteer knows is an actor wherever it is named,
            // except as a spokesperson's employer: the coders give those
            // words to the spokesperson.
            let all_descriptors = ent.mentions.iter().all(|m| {
                self.describes_person(m.last_tok)
                    && (ent.known.is_none() || self.next_word(m.last_tok).is_some_and(|w| w.starts_with("spokes")))
            });
            if all_descriptors {
                for m in self.entities[e].mentions.clone() {
                    for t in m.first_tok..=m.last_tok {
                        self.token_entity[t] = None;
                    }
                }
                self.entities[e].mentions.clear();
            }
        }
        drop_unmentioned(&mut self.entities, &mut self.token_entity);
    }

    fn describes_person(&self, last: usize) -> bool {
        let mut i = last + 1;
        let mut saw_title = false;
        while i < self.toks.len() && i <= last + 5 {
            let t = &self.toks[i];
            let w = t.text(self.src);
            if t.kind == Kind::Word && w.starts_with(|c: char| c.is_lowercase()) {
                saw_title |= self.lookup.gazetteer.title(self.lower.get(i)).is_some();
                i += 1;
                continue;
            }
            break;
        }
        saw_title
            && self
                .token_entity
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|e| self.entities[e].kind == ActorKind::Person)
    }
}

/// The first person of the article given a title with a state: the holder
/// of "the Russian foreign minister". Persons only gain titles and
/// affiliations (never lose or change them), so adding an entity again
/// whenever it gains one keeps this the same as a scan of all entities.
#[derive(Default)]
struct OfficeHolders(HashMap<(String, String), usize>);

impl OfficeHolders {
    fn add(&mut self, entity: &Entity, e: usize) {
        let Some(state) = entity.affiliation.as_ref().filter(|_| entity.kind == ActorKind::Person) else {
            return;
        };
        for title in &entity.titles {
            let first = self.0.entry((state.clone(), title.clone())).or_insert(e);
            *first = (*first).min(e);
        }
    }

    fn get(&self, state: &str, title: &str) -> Option<usize> {
        self.0.get(&(state.to_owned(), title.to_owned())).copied()
    }
}

/// "Previous", "Unprecedented", "Massive": sentence-initial adjectives and
/// adverbs by their endings.
fn looks_like_adjective(w: &str) -> bool {
    let w = w.to_lowercase();
    ["ly", "ous", "ive", "ful", "less", "able", "ible"]
        .iter()
        .any(|s| w.len() > s.len() + 3 && w.ends_with(s))
}

fn is_continental(adj: &str) -> bool {
    lexicon::one_of(
        &[
            "European",
            "Asian",
            "African",
            "American",
            "Western",
            "Eastern",
            "Northern",
            "Southern",
            "Latin",
            "Middle Eastern",
        ],
        adj,
    )
}

fn last_word(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

fn first_letter(name: &str) -> Option<char> {
    name.chars().next()
}

/// Heads of a body named after its place: in "Toronto Police", "Florida
/// Department of Transportation" or "Baltimore Sun" the first word alone is
/// the place, not a short form of the body ("Labour" is short for "Labour
/// Party", "Mahan" for "Mahan Air").
const PLACE_QUALIFIED_HEADS: &[&str] = &[
    "Department",
    "Police",
    "Council",
    "Court",
    "District",
    "County",
    "City",
    "State",
    "College",
    "University",
    "School",
    "Hospital",
    "Airport",
    "Convention",
    "Center",
    "Centre",
    "Fire",
    "Sun",
    "Times",
    "Post",
    "Herald",
    "Tribune",
    "Democratic",
    "Republican",
];

/// The sentence that starts at or before token `i` (sentences are in text
/// order and do not overlap).
fn sentence_of(sents: &[Sentence], i: usize) -> Option<&Sentence> {
    sents.get(sents.partition_point(|s| s.first <= i).checked_sub(1)?)
}

/// Drops the entities left without mentions, keeping the others' order,
/// and renumbers the tokens' entities to match.
pub(super) fn drop_unmentioned(entities: &mut Vec<Entity>, token_entity: &mut [Option<usize>]) {
    if entities.iter().all(|e| !e.mentions.is_empty()) {
        return;
    }
    let mut remap = vec![None; entities.len()];
    let mut n = 0;
    for (slot, e) in remap.iter_mut().zip(entities.iter()) {
        if !e.mentions.is_empty() {
            *slot = Some(n);
            n += 1;
        }
    }
    entities.retain(|e| !e.mentions.is_empty());
    for t in token_entity.iter_mut() {
        *t = t.and_then(|e| remap[e]);
    }
}

/// Whether `a` becomes `b` by changing, adding or dropping one character,
/// or swapping two neighbours (and they differ).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

/// Plural-insensitive comparison key: "Guards" ~ "Guard".
fn stem(w: &str) -> String {
    let w = w.to_lowercase();
    w.strip_suffix('s')
        .filter(|s| s.len() > 2)
        .map(str::to_owned)
        .unwrap_or(w)
}

/// "IRGC" for "Islamic Revolutionary Guard Corps".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}
