//! The bundled actor gazetteer (built from the PETRARCH2/Phoenix dictionaries
//! plus recent office holders; see assets/GAZETTEER-NOTICE.md), matched over
//! a whole article by one automaton ([`NameTrie`]).

use super::fast_hash::{FastMap as HashMap, FastSet, ascii_lower, hash_bytes};
use super::name_trie::NameTrie;
use crate::model::{ActorKind, Date};
use std::sync::OnceLock;

const BUNDLED: &str = include_str!("../../assets/gazetteer.tsv");
const TITLES: &str = include_str!("../../assets/titles.tsv");

#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub title: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Role {
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date < t)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: ActorKind,
    pub name: String,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
}

/// A gazetteer hit in a text, in byte offsets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Pattern index → entry index.
    pattern_entry: Vec<usize>,
    /// Pattern index → the alias must match with exact case (acronyms like "US").
    exact_case: Vec<bool>,
    /// Pattern index → (entry, alias of that entry).
    patterns: Vec<(u32, u32)>,
    /// Automaton pattern (a lower-case spelling) → the aliases spelled so.
    key_aliases: Vec<Vec<usize>>,
    automaton: NameTrie,
    /// The few keys whose aliases do not begin with a capital ("al-Assad",
    /// "9/11"), as (trie, key index in `automaton`): words that are not
    /// capitalised are only looked up here, so "and" never walks "Andorra".
    lower_initial: (NameTrie, Vec<usize>),
    /// The first word of every key: a capitalised word that begins no key
    /// (more than half of them) is ruled out by one bit test, not a walk.
    first_words: FirstWords,
    by_name: HashMap<String, usize>,
    /// Lower-case title phrases ("foreign minister") with their category.
    titles: HashMap<String, String>,
    max_title_words: usize,
    /// First names of the known people, lower case: evidence that an unknown
    /// capitalised pair ("Tammy Bruce") is a person and not a product or place.
    first_names: FastSet<String>,
    /// First words of the titles, so most tokens are ruled out without building a phrase.
    title_starts: FastSet<String>,
    /// (title, affiliation) → people who held it, for [`Gazetteer::holder`].
    offices: HashMap<(String, String), Vec<usize>>,
}

impl Gazetteer {
    /// The gazetteer shipped with the app, parsed once per process.
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(BUNDLED, TITLES))
    }

    /// Parses the TSV format documented in tools/gazetteer/README.md:
    /// `kind  name  affiliation  alias|alias  title@from..to;…`.
    pub fn parse(tsv: &str, titles_tsv: &str) -> Gazetteer {
        let mut entries = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(kind), Some(name)) = (f.next(), f.next()) else {
                continue;
            };
            let affiliation = f.next().filter(|s| !s.is_empty()).map(str::to_owned);
            let mut aliases: Vec<String> = f
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if !aliases.iter().any(|a| a == name) {
                aliases.insert(0, name.to_owned());
            }
            let roles = f.next().unwrap_or("").split(';').filter_map(parse_role).collect();
            entries.push(Entry {
                kind: ActorKind::parse(kind).unwrap_or_default(),
                name: name.to_owned(),
                affiliation,
                aliases,
                roles,
            });
        }
        Gazetteer::from_entries(entries, titles_tsv)
    }

    pub fn from_entries(entries: Vec<Entry>, titles_tsv: &str) -> Gazetteer {
        let mut patterns: Vec<(u32, u32)> = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut exact_case = Vec::new();
        let mut by_name = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            by_name.insert(e.name.to_lowercase(), i);
            for (j, a) in e.aliases.iter().enumerate() {
                if a.chars().count() < 2 {
                    continue;
                }
                patterns.push((i as u32, j as u32));
                pattern_entry.push(i);
                exact_case.push(a.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
            }
        }
        let alias = |p: usize| entries[patterns[p].0 as usize].aliases[patterns[p].1 as usize].as_str();
        // One lower-case key per spelling; the case rules are checked per hit.
        // Sorting groups the spellings without a map (the load must stay fast).
        let mut lowered: Vec<(String, usize)> = (0..patterns.len())
            .map(|p| (alias(p).to_ascii_lowercase(), p))
            .collect();
        lowered.sort_unstable();
        let mut keys: Vec<String> = Vec::new();
        let mut key_aliases: Vec<Vec<usize>> = Vec::new();
        for (k, p) in lowered {
            if keys.last() != Some(&k) {
                keys.push(k);
                key_aliases.push(Vec::new());
            }
            key_aliases.last_mut().expect("just pushed").push(p);
        }
        let automaton = NameTrie::new(&keys);
        let first_words = FirstWords::new(keys.iter().map(|k| first_word(k.as_bytes())));
        let lower_keys: Vec<usize> = (0..keys.len())
            .filter(|&k| {
                key_aliases[k]
                    .iter()
                    .any(|&p| alias(p).starts_with(|c: char| !c.is_uppercase()))
            })
            .collect();
        let lower_trie = NameTrie::new(&lower_keys.iter().map(|&k| keys[k].clone()).collect::<Vec<_>>());
        let mut titles = HashMap::default();
        let mut max_title_words = 1;
        for line in titles_tsv.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            if let Some(t) = f.next().map(str::trim).filter(|t| !t.is_empty()) {
                max_title_words = max_title_words.max(t.split_whitespace().count());
                titles.insert(t.to_lowercase(), f.next().unwrap_or("other").trim().to_owned());
            }
        }
        let first_names = entries
            .iter()
            .filter(|e| e.kind == ActorKind::Person)
            .flat_map(|e| e.aliases.iter())
            .filter_map(|a| {
                let mut words = a.split_whitespace();
                let first = words.next()?;
                words.next()?;
                (first.chars().count() > 1 && first.chars().all(char::is_alphabetic)).then(|| first.to_lowercase())
            })
            .filter(|f| !titles.contains_key(f))
            .collect();
        let title_starts = titles
            .keys()
            .filter_map(|t| t.split_whitespace().next())
            .map(str::to_owned)
            .collect();
        let mut offices: HashMap<(String, String), Vec<usize>> = HashMap::default();
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.kind == ActorKind::Person) {
            if let Some(aff) = &e.affiliation {
                for r in &e.roles {
                    let list = offices.entry((r.title.clone(), aff.clone())).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Gazetteer {
            title_starts,
            offices,
            entries,
            pattern_entry,
            exact_case,
            patterns,
            key_aliases,
            automaton,
            lower_initial: (lower_trie, lower_keys),
            first_words,
            by_name,
            titles,
            max_title_words,
            first_names,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    pub fn find_name(&self, name: &str) -> Option<usize> {
        with_lowercase(name, |n| self.by_name.get(n).copied())
    }

    /// Category of a title phrase given in lower case, if it is one.
    pub fn title(&self, phrase: &str) -> Option<&str> {
        self.titles.get(phrase).map(String::as_str)
    }

    pub fn is_first_name(&self, word: &str) -> bool {
        with_lowercase(word, |w| self.first_names.contains(w))
    }

    pub fn max_title_words(&self) -> usize {
        self.max_title_words
    }

    /// All hits in `text` on word boundaries, with the case rules of names:
    /// a hit must start with a capital (or be written as in the gazetteer),
    /// and acronyms must match exactly ("US", never "us"). Hits never
    /// overlap; at each start the longest alias that fits wins.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_at(text, word_starts(text.as_bytes()))
    }

    /// [`find`](Self::find) trying only the given starts (byte offsets,
    /// ascending, each after a character that is not a letter or digit). The
    /// analysis passes its tokens' starts: a hit must begin on a token to be
    /// kept, so the text need not be scanned again, and a hit that begins
    /// inside a word ("anti-Vladimir Putin") no longer hides the name after
    /// it.
    pub fn find_at(&self, text: &str, starts: impl IntoIterator<Item = usize>) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut prefixes = Vec::new();
        let mut free_from = 0;
        let bytes = text.as_bytes();
        let mut buf = [0u8; 64];
        for s in starts {
            if s < free_from {
                continue;
            }
            let b = bytes[s];
            let (c, capital) = if b < 0x80 {
                (b as char, b.is_ascii_uppercase())
            } else {
                let c = text[s..].chars().next().expect("s is a char boundary");
                (c, c.is_uppercase())
            };
            if !capital && !self.lower_initial.0.may_start_at(bytes, s) {
                continue;
            }
            if capital {
                if let Some(lower) = ascii_lower(first_word(&bytes[s..]), &mut buf)
                    && !self.first_words.may_contain(lower)
                {
                    continue;
                }
                self.automaton.prefixes_at(bytes, s, &mut prefixes);
            } else {
                let (trie, to_key) = &self.lower_initial;
                trie.prefixes_at(bytes, s, &mut prefixes);
                for p in &mut prefixes {
                    p.0 = to_key[p.0];
                }
            }
            for &(key, e) in &prefixes {
                // "Russia" inside "Russia-based" is fine, inside "Russians" not.
                if !text.is_char_boundary(e) || text[e..].chars().next().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let found = &text[s..e];
                let fits = |&&p: &&usize| {
                    let (e, a) = self.patterns[p];
                    let alias = &self.entries[e as usize].aliases[a as usize];
                    if self.exact_case[p] {
                        found == alias
                    } else {
                        capital || alias.starts_with(c)
                    }
                };
                if let Some(&p) = self.key_aliases[key].iter().find(fits) {
                    out.push(Hit {
                        start: s,
                        end: e,
                        entry: self.pattern_entry[p],
                    });
                    free_from = e;
                    break;
                }
            }
        }
        out
    }

    /// The person holding `title` for the state `affiliation` on `date`.
    pub fn holder(&self, title: &str, affiliation: &str, date: Date) -> Option<usize> {
        let people = self.offices.get(&(title.to_owned(), affiliation.to_owned()))?;
        people.iter().copied().find(|&i| {
            self.entries[i]
                .roles
                .iter()
                .any(|r| r.title == title && r.holds_on(date))
        })
    }

    /// Whether some title starts with this (lower-case) word.
    pub fn starts_title(&self, word: &str) -> bool {
        self.title_starts.contains(word)
    }
}

/// A set of words as one bit per hash (a one-hash Bloom filter): it may
/// say yes to a word it lacks (a few percent of words, which the walk then
/// rejects), never no to one it has. It is asked for every capitalised word
/// of every article; 64 KiB of bits stay in cache where a hash set of
/// 20,000 words did not.
struct FirstWords(Vec<u64>);

impl FirstWords {
    const BITS: u32 = 19;

    fn new<'a>(words: impl Iterator<Item = &'a [u8]>) -> FirstWords {
        let mut set = FirstWords(vec![0; 1 << (Self::BITS - 6)]);
        for w in words {
            let bit = Self::bit(w);
            set.0[bit / 64] |= 1 << (bit % 64);
        }
        set
    }

    fn bit(word: &[u8]) -> usize {
        (hash_bytes(word) >> (64 - Self::BITS)) as usize
    }

    fn may_contain(&self, word: &[u8]) -> bool {
        let bit = Self::bit(word);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Byte offsets where a name may start: every character that follows one
/// that is not a letter or digit (aliases may begin with a quote or an
/// apostrophe: "'Ulukalala"). Nearly all of any text is ASCII, and most of it
/// is the inside of words, skipped a run at a time.
fn word_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut s = 0;
    let mut prev_alnum = false;
    std::iter::from_fn(move || {
        while s < bytes.len() {
            let at = s;
            let b = bytes[s];
            let alnum = if b < 0x80 {
                s += 1;
                let alnum = b.is_ascii_alphanumeric();
                if alnum && prev_alnum {
                    s += bytes[s..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                    continue;
                }
                alnum
            } else {
                // Valid UTF-8: the lead byte gives the length.
                let len = match b {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    _ => 2,
                };
                s += len;
                std::str::from_utf8(&bytes[at..s])
                    .ok()
                    .and_then(|c| c.chars().next())
                    .is_some_and(char::is_alphanumeric)
            };
            let start = !prev_alnum;
            prev_alnum = alnum;
            if start {
                return Some(at);
            }
        }
        None
    })
}

/// The leading run of alphanumeric characters. A key can only match where
/// the text's first word equals the key's, case aside (the match must end on
/// a word boundary): both are cut by this same rule.
fn first_word(bytes: &[u8]) -> &[u8] {
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            end += 1;
        } else {
            // Keys and texts are whole UTF-8 strings, so this decodes.
            let rest = std::str::from_utf8(&bytes[end..(end + 4).min(bytes.len())])
                .or_else(|e| std::str::from_utf8(&bytes[end..end + e.valid_up_to()]))
                .unwrap_or("");
            match rest.chars().next() {
                Some(c) if c.is_alphanumeric() => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    &bytes[..end]
}

/// Calls `f` with `s` in lower case, without allocating for short ASCII words
/// (these lookups run for most capitalised words of every article).
fn with_lowercase<T>(s: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 64];
    if s.is_ascii()
        && let Some(lower) = ascii_lower(s.as_bytes(), &mut buf)
    {
        f(std::str::from_utf8(lower).expect("ASCII stays UTF-8"))
    } else {
        f(&s.to_lowercase())
    }
}

fn parse_role(s: &str) -> Option<Role> {
    let (title, span) = s.split_once('@')?;
    let (from, to) = span.split_once("..").unwrap_or((span, ""));
    Some(Role {
        title: title.trim().to_lowercase(),
        from: Date::parse_partial(from, false),
        to: Date::parse_partial(to, true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        Gazetteer::parse(
            "# test\nstate\tUnited States\t\tUnited States|US|U.S.|American|Washington\t\n\
             person\tDonald Trump\tUnited States\tDonald Trump|Trump\tpresident@2017-01-20..2021-01-20;president@2025-01-20..\n\
             person\tJoe Biden\tUnited States\tJoe Biden|Biden\tpresident@2021-01-20..2025-01-20\n\
             person\tBashar al-Assad\tSyria\tBashar al-Assad|al-Assad|Assad\t\n",
            "president\tgov\nforeign minister\tgov\n",
        )
    }

    #[test]
    fn matches_on_word_boundaries_with_name_case_rules() {
        let g = small();
        let text = "U.S. officials and the US said Trump's plan would help us; al-Assad agreed. Trumpet.";
        let hits: Vec<&str> = g.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, ["U.S.", "US", "Trump", "al-Assad"]);
    }

    #[test]
    fn names_may_start_after_any_non_letter_and_block_what_they_overlap() {
        let g = Gazetteer::bundled();
        let found =
            |text: &'static str| -> Vec<&'static str> { g.find(text).iter().map(|h| &text[h.start..h.end]).collect() };
        // Aliases that begin with a quote or an apostrophe.
        assert!(found("Somali warlord \"Ato\" said no.").contains(&"\"Ato\""));
        assert!(found("Tonga's 'Ulukalala Lavaka Ata resigned.").contains(&"'Ulukalala Lavaka Ata"));
        // A name starting inside a hyphenated word is found (the analysis
        // drops it: it does not begin on a token), and hides what it overlaps.
        assert_eq!(found("anti-Vladimir Putin protests"), ["Vladimir Putin"]);
        // Tried at token starts only, the name after it is found.
        let text = "anti-Vladimir Putin protests";
        let at: Vec<&str> = g
            .find_at(text, [0, 14, 20])
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(at, ["Putin"]);
    }

    /// Every start position the scan yields, against a plain char-by-char reading.
    #[test]
    fn word_starts_follow_every_non_alphanumeric_char() {
        for text in ["", "a", " Ab-cd  'e'.9/11 ", "Éric «Zoë» x—y", "ab\u{1F600}c d"] {
            let mut want = Vec::new();
            let mut prev_alnum = false;
            for (i, c) in text.char_indices() {
                if !prev_alnum {
                    want.push(i);
                }
                prev_alnum = c.is_alphanumeric();
            }
            assert_eq!(word_starts(text.as_bytes()).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    #[test]
    fn dated_roles_pick_the_office_holder() {
        let g = small();
        let t = |y, m, d| {
            g.holder("president", "United States", Date::new(y, m, d).unwrap())
                .map(|i| g.entry(i).name.as_str())
        };
        assert_eq!(t(2019, 1, 23), Some("Donald Trump"));
        assert_eq!(t(2023, 6, 1), Some("Joe Biden"));
        assert_eq!(t(2025, 2, 18), Some("Donald Trump"));
        assert_eq!(t(2015, 1, 1), None);
        assert_eq!(g.title("foreign minister"), Some("gov"));
        assert_eq!(g.max_title_words(), 2);
    }

    #[test]
    fn bundled_gazetteer_loads_and_knows_the_basics() {
        let g = Gazetteer::bundled();
        for name in [
            "United States",
            "Russia",
            "Ukraine",
            "European Union",
            "Vladimir Putin",
            "NATO",
        ] {
            assert!(g.find_name(name).is_some(), "{name} missing");
        }
        let d = Date::new(2025, 2, 18).unwrap();
        let us_president = g
            .holder("president", "United States", d)
            .map(|i| g.entry(i).name.clone());
        assert_eq!(us_president.as_deref(), Some("Donald Trump"));
    }
}
