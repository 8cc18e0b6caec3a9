//! Closed word lists the analyser needs: function words, name connectors,
//! head nouns of organisations and places, reporting verbs, negators. These
//! are properties of English news prose, not of any particular article.
//!
//! Every list has a bit, and one table maps each listed word to the bits of
//! the lists it is in: a lookup is one hash whatever the list, and a token's
//! lists are looked up once ([`classes`]) and then tested by bit.

use super::fast_hash::FastMap;
use std::sync::LazyLock;

/// A closed word list, matched ignoring ASCII case.
#[derive(Clone, Copy)]
pub struct List {
    bit: u64,
    pub words: &'static [&'static str],
}

impl List {
    const fn new(index: u32, words: &'static [&'static str]) -> List {
        List { bit: 1 << index, words }
    }

    /// Whether `word` (any case) is in the list.
    pub fn contains(self, word: &str) -> bool {
        self.has(classes(word))
    }

    /// Whether a word with these [`classes`] is in the list.
    pub fn has(self, classes: u64) -> bool {
        classes & self.bit != 0
    }
}

/// Every list, so the table can index them; each has its own bit.
const ALL: &[List] = &[
    FUNCTION_WORDS,
    CONNECTORS,
    INNER_ONLY,
    HONORIFICS,
    MONTHS,
    DAYS,
    REGIONS,
    ORG_HEADS,
    PLACE_HEADS,
    REPORTING_VERBS,
    NEGATORS,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_IT,
    RELATIVES,
    BLOC_NOUNS,
    PLATFORMS,
    CONDEMNATION,
    PREPOSITIONS,
    SUBORDINATORS,
    COMPLEMENT_VERBS,
    AGENT_NOUNS,
];

struct Table {
    /// Bit `n` set: some listed word is `n` bytes long (none reaches 64).
    lengths: u64,
    /// Bit `b` set: some listed word begins with the lower-case byte `b`.
    firsts: [u64; 4],
    /// Lower-case words of at most 16 bytes, packed in an integer, with the
    /// bits of the lists they are in: no buffer to fill and no string compare.
    short: PackedTable,
    /// The few longer words ("sub-saharan africa").
    long: FastMap<Box<[u8]>, u64>,
}

/// `bytes` ASCII-lower-cased and packed into one integer, when they fit.
fn packed(bytes: &[u8]) -> Option<u128> {
    // Padding is zero bytes, so a word ending in zero bytes would pack like
    // a shorter one ("may\0" like "may"): it goes to the table of long
    // words, compared in full. A zero byte inside a word is harmless, no
    // listed word having one.
    if bytes.len() > 16 || bytes.last() == Some(&0) {
        return None;
    }
    Some(
        bytes
            .iter()
            .rev()
            .fold(0, |acc, &b| acc << 8 | b.to_ascii_lowercase() as u128),
    )
}

/// Packed words → list bits, open addressing with linear probing. Asked for
/// every word of every article, so it is a plain array and a multiply
/// rather than a general hash map.
struct PackedTable {
    /// [low key half, high key half, bits]; a zero key marks an empty slot
    /// (no word packs to 0). Three `u64`s rather than a `u128` and a `u64`,
    /// whose alignment would pad a slot to 32 bytes: the table stays small
    /// enough to live in the first-level caches.
    slots: Vec<[u64; 3]>,
    shift: u32,
}

impl PackedTable {
    fn new(words: &FastMap<u128, u64>) -> PackedTable {
        // At most half full: probes stay short.
        let bits = (words.len() * 2).next_power_of_two().trailing_zeros().max(4);
        let mut t = PackedTable {
            slots: vec![[0; 3]; 1 << bits],
            shift: 64 - bits,
        };
        for (&key, &value) in words {
            let (lo, hi) = (key as u64, (key >> 64) as u64);
            let mut i = t.slot(lo, hi);
            while t.slots[i] != [0; 3] {
                i = (i + 1) & (t.slots.len() - 1);
            }
            t.slots[i] = [lo, hi, value];
        }
        t
    }

    fn slot(&self, lo: u64, hi: u64) -> usize {
        ((lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn get(&self, key: u128) -> u64 {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let mut i = self.slot(lo, hi);
        loop {
            let [l, h, v] = self.slots[i];
            if l == lo && h == hi {
                return v;
            }
            if l == 0 && h == 0 {
                return 0;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut lengths = 0u64;
    let mut firsts = [0u64; 4];
    let mut short: FastMap<u128, u64> = FastMap::default();
    let mut long: FastMap<Box<[u8]>, u64> = FastMap::default();
    for list in ALL {
        for w in list.words {
            let lower = w.to_ascii_lowercase().into_bytes();
            lengths |= 1u64.checked_shl(lower.len() as u32).unwrap_or(0);
            if let Some(&b) = lower.first() {
                firsts[b as usize / 64] |= 1 << (b % 64);
            }
            match packed(&lower) {
                Some(key) if key != 0 => *short.entry(key).or_default() |= list.bit,
                _ => *long.entry(lower.into_boxed_slice()).or_default() |= list.bit,
            }
        }
    }
    Table {
        lengths,
        firsts,
        short: PackedTable::new(&short),
        long,
    }
});

impl Table {
    /// Whether lengths and first letters rule the word out, which they do
    /// for many words before any hashing.
    fn rules_out(&self, first: u8, len: usize) -> bool {
        len >= 64 || self.lengths & (1 << len) == 0 || self.firsts[first as usize / 64] & (1 << (first % 64)) == 0
    }
}

/// The bits of every list `word` is in (ASCII case ignored); 0 for most
/// words.
pub fn classes(word: &str) -> u64 {
    classes_of_bytes(word.as_bytes())
}

fn classes_of_bytes(bytes: &[u8]) -> u64 {
    let t = &*TABLE;
    let Some(&first) = bytes.first() else {
        return 0;
    };
    if t.rules_out(first.to_ascii_lowercase(), bytes.len()) {
        return 0;
    }
    match packed(bytes) {
        Some(key) => t.short.get(key),
        None => t.long.get(&*bytes.to_ascii_lowercase()).copied().unwrap_or(0),
    }
}

/// [`classes`] of the word `lowered[start..end]`, where `lowered` is text
/// with ASCII letters already lower-cased: the analysis asks this of every
/// word of its lower-cased copy of an article, and with 16 bytes readable
/// from `start` the word packs with one load instead of a byte loop.
pub fn classes_of_lowered(lowered: &[u8], start: usize, end: usize) -> u64 {
    let t = &*TABLE;
    let len = end - start;
    if len == 0 || t.rules_out(lowered[start], len) {
        return 0;
    }
    if len <= 16
        && lowered[end - 1] != 0
        && let Some(window) = lowered.get(start..start + 16)
    {
        let key = u128::from_le_bytes(window.try_into().expect("16 bytes"));
        let key = if len == 16 {
            key
        } else {
            key & ((1u128 << (8 * len)) - 1)
        };
        return t.short.get(key);
    }
    classes_of_bytes(&lowered[start..end])
}

/// A lower-case plural ("presidents", "foreign ministers") without its "s".
pub fn singular(w: &str) -> Option<&str> {
    w.strip_suffix('s').filter(|w| w.len() > 2 && !w.ends_with('s'))
}

/// Membership in a short list written at its one place of use, ignoring
/// ASCII case; a linear scan costs less than hashing at that size.
pub fn one_of(list: &[&str], word: &str) -> bool {
    list.iter()
        .any(|w| w.len() == word.len() && w.eq_ignore_ascii_case(word))
}

/// Capitalised at the start of a sentence but not names.
pub const FUNCTION_WORDS: List = List::new(
    0,
    &[
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "as",
        "but",
        "and",
        "or",
        "however",
        "although",
        "though",
        "while",
        "despite",
        "earlier",
        "later",
        "last",
        "next",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "other",
        "others",
        "some",
        "many",
        "most",
        "after",
        "before",
        "during",
        "with",
        "without",
        "according",
        "additionally",
        "meanwhile",
        "also",
        "if",
        "when",
        "where",
        "since",
        "for",
        "from",
        "by",
        "to",
        "of",
        "former",
        "both",
        "all",
        "any",
        "each",
        "every",
        "no",
        "not",
        "there",
        "here",
        "then",
        "thus",
        "so",
        "yet",
        "still",
        "such",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "once",
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "instead",
        "moreover",
        "furthermore",
        "nevertheless",
        "nonetheless",
        "indeed",
        "overall",
        "first",
        "second",
        "third",
        "finally",
        "several",
        "few",
        "more",
        "less",
        "further",
        "until",
        "unless",
        "because",
        "whether",
        "even",
        "only",
        "just",
        "about",
        "against",
        "among",
        "amid",
        "between",
        "into",
        "through",
        "under",
        "over",
        "within",
        "upon",
        "toward",
        "towards",
        "around",
        "near",
        "following",
        "including",
        "regarding",
        "concerning",
        "reports",
        "officials",
        "sources",
        "analysts",
        "critics",
        "experts",
        "residents",
        "authorities",
        "police",
        "rescuers",
        "meanwhile",
        "elsewhere",
        "separately",
        "previously",
        "recently",
        "currently",
        "initially",
        "eventually",
        "notably",
        "specifically",
        "similarly",
        "likewise",
        "accordingly",
        "consequently",
        "therefore",
        "hence",
        "new",
        "old",
        "another",
        "one",
        "two",
        "three",
        "four",
        "five",
        "ten",
        "hundreds",
        "thousands",
        "dozens",
        "fears",
        "restoration",
        "shift",
        "support",
        "saying",
        "asked",
        "speaking",
        "writing",
        "responding",
    ],
);

/// Lower-case words allowed inside a name ("Faisal bin Farhan", "Federal
/// Aviation Office of Germany", "Charles de Gaulle").
pub const CONNECTORS: List = List::new(
    1,
    &[
        "of", "bin", "ibn", "bint", "al", "el", "de", "del", "della", "di", "da", "du", "dos", "das", "van", "von",
        "der", "den", "le", "la", "y", "for", "and", "abu", "ul", "ter", "ben",
    ],
);

/// Connectors that may only continue a name, never end one.
pub const INNER_ONLY: List = List::new(2, &["of", "for", "and", "y"]);

/// Abbreviated titles before a surname: "Mr. Lindqvist", "Gen. Petrov".
pub const HONORIFICS: List = List::new(
    3,
    &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Sen", "Rep", "Gov", "Prof", "Rev",
        "Hon", "Pres", "Maj",
    ],
);

pub const MONTHS: List = List::new(
    4,
    &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ],
);

pub const DAYS: List = List::new(
    5,
    &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
);

/// Geographic regions and blocs named as places, not actors.
pub const REGIONS: List = List::new(
    6,
    &[
        "Europe",
        "Asia",
        "Africa",
        "America",
        "Americas",
        "Middle East",
        "Near East",
        "Far East",
        "Latin America",
        "South America",
        "North America",
        "Central America",
        "Central Asia",
        "South Asia",
        "Southeast Asia",
        "East Asia",
        "West Africa",
        "East Africa",
        "North Africa",
        "Sub-Saharan Africa",
        "Eastern Europe",
        "Western Europe",
        "Central Europe",
        "Northern Europe",
        "Southern Europe",
        "Balkans",
        "Caucasus",
        "Scandinavia",
        "Arctic",
        "Antarctic",
        "Pacific",
        "Atlantic",
        "Mediterranean",
        "Gulf",
        "Persian Gulf",
        "Black Sea",
        "Red Sea",
        "Baltic",
        "Baltic Sea",
        "Caribbean",
        "Sahel",
        "Levant",
        "Indo-Pacific",
        "West",
        "East",
        "North",
        "South",
        "Ural",
        "Siberia",
        "Middle Eastern",
        "European",
        "Asian",
        "African",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Arab",
        "Latin",
        "Internet",
        "Earth",
    ],
);

/// Last words of organisation names.
pub const ORG_HEADS: List = List::new(
    7,
    &[
        "Department",
        "Ministry",
        "Office",
        "Agency",
        "Administration",
        "Authority",
        "Commission",
        "Committee",
        "Council",
        "Court",
        "Parliament",
        "Assembly",
        "Congress",
        "Senate",
        "House",
        "Government",
        "Cabinet",
        "Service",
        "Services",
        "Bureau",
        "Board",
        "Corps",
        "Guard",
        "Guards",
        "Army",
        "Navy",
        "Force",
        "Forces",
        "Police",
        "Party",
        "Front",
        "Movement",
        "Union",
        "Federation",
        "League",
        "Alliance",
        "Coalition",
        "Organization",
        "Organisation",
        "Association",
        "Institute",
        "Foundation",
        "Fund",
        "Bank",
        "Group",
        "Company",
        "Corporation",
        "Inc",
        "Ltd",
        "LLC",
        "Corp",
        "plc",
        "GmbH",
        "Kft",
        "Airlines",
        "Airways",
        "Air",
        "Telekom",
        "Telecom",
        "Bahn",
        "Motors",
        "Energy",
        "Petroleum",
        "Oil",
        "Gas",
        "News",
        "Times",
        "Post",
        "Press",
        "Journal",
        "Network",
        "University",
        "College",
        "Center",
        "Centre",
        "Program",
        "Programme",
        "Mission",
        "Delegation",
        "Embassy",
        "Consulate",
        "Tribunal",
        "Directorate",
        "Secretariat",
        "Brigade",
        "Brigades",
        "Battalion",
        "Command",
        "Command",
        "Council",
        "Society",
        "Trust",
        "Club",
        "Team",
        "Partners",
        "Holdings",
        "Systems",
        "Industries",
        "Technologies",
        "Media",
        "Television",
        "Radio",
        "Agency",
        "Exchange",
        "Reserve",
        "Treasury",
        "Pentagon",
        "Kremlin",
        "Majlis",
        "Duma",
        "Knesset",
        "Bundestag",
        "Rada",
    ],
);

/// Last words of place names, which are not actors.
pub const PLACE_HEADS: List = List::new(
    8,
    &[
        "Palace",
        "Airport",
        "Square",
        "Street",
        "Avenue",
        "Road",
        "Hotel",
        "Stadium",
        "Hospital",
        "Bridge",
        "River",
        "Sea",
        "Ocean",
        "Mountains",
        "Mountain",
        "Island",
        "Islands",
        "Province",
        "Region",
        "City",
        "Valley",
        "Strait",
        "Peninsula",
        "Park",
        "Building",
        "Complex",
        "Headquarters",
        "Tower",
        "Plaza",
        "Lake",
        "Desert",
        "Coast",
        "Bay",
        "Port",
        "Harbour",
        "Harbor",
        "Station",
        "Camp",
        "Base",
        "District",
        "County",
        "Oblast",
        "Governorate",
        "Prefecture",
        "Highway",
        "Canal",
        "Dam",
        "Castle",
        "Cathedral",
        "Mosque",
        "Church",
        "Temple",
        "Museum",
        "Hall",
        "Prison",
        "Border",
        "Crossing",
        "Field",
        "Plant",
        "Reactor",
        "Mine",
        "Refinery",
        "Pipeline",
    ],
);

/// Verbs that introduce what someone said, in the forms news prose uses
/// (matched whole, in any case).
pub const REPORTING_VERBS: List = List::new(
    9,
    &[
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "tell",
        "stated",
        "states",
        "stating",
        "state",
        "explained",
        "explains",
        "added",
        "adds",
        "adding",
        "noted",
        "notes",
        "noting",
        "argued",
        "argues",
        "claimed",
        "claims",
        "claiming",
        "insisted",
        "insists",
        "warned",
        "warns",
        "warning",
        "announced",
        "announces",
        "declared",
        "declares",
        "emphasized",
        "emphasised",
        "emphasizes",
        "stressed",
        "stresses",
        "underscored",
        "underscores",
        "highlighted",
        "highlights",
        "revealed",
        "reveals",
        "suggested",
        "suggests",
        "indicated",
        "indicates",
        "alleged",
        "alleges",
        "wrote",
        "writes",
        "tweeted",
        "posted",
        "responded",
        "replied",
        "asserted",
        "asserts",
        "acknowledged",
        "admitted",
        "confirmed",
        "confirms",
        "denied",
        "denies",
        "reported",
        "reports",
        "reporting",
        "urged",
        "urges",
        "called",
        "calls",
        "demanded",
        "demands",
        "vowed",
        "pledged",
        "promised",
        "expressed",
        "described",
        "described",
        "commented",
        "remarked",
        "observed",
        "believes",
        "believed",
        "thinks",
        "cited",
        "cites",
        "accused",
        "accuses",
        "criticized",
        "criticised",
        "condemned",
        "welcomed",
        "praised",
        "signaled",
        "signalled",
        "hinted",
        "proposed",
        "recommended",
    ],
);

/// Words that negate the predicate they precede.
pub const NEGATORS: List = List::new(
    10,
    &[
        "not",
        "no",
        "never",
        "n't",
        "won't",
        "wont",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "wouldn't",
        "shouldn't",
        "couldn't",
        "haven't",
        "hasn't",
        "hadn't",
        "nor",
        "neither",
        "without",
        "refuse",
        "refused",
        "refuses",
        "refusing",
        "rejected",
        "rejects",
        "reject",
        "rejecting",
        "unwilling",
        "against",
    ],
);

/// Words that weaken a statement: the suggestion is kept with lower confidence.
pub const HEDGES: &[&str] = &[
    "if necessary",
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
    "potential",
    "potentially",
    "reportedly",
    "allegedly",
    "considering",
    "consider",
    "if needed",
    "in principle",
    "at some point",
];

pub const PRONOUNS_PERSON: List = List::new(11, &["he", "she", "him", "her", "his"]);
pub const PRONOUNS_PLURAL: List = List::new(12, &["they", "them", "their"]);
pub const PRONOUNS_IT: List = List::new(13, &["it", "its", "itself"]);
pub const RELATIVES: List = List::new(14, &["which", "who", "whom", "that"]);

/// Group nouns after a capitalised adjective that name a bloc ("Baltic states").
pub const BLOC_NOUNS: List = List::new(
    15,
    &["states", "countries", "nations", "allies", "monarchies", "republics"],
);

/// Where information comes from, not who speaks: "via Twitter".
pub const PLATFORMS: List = List::new(
    16,
    &[
        "Twitter",
        "X",
        "Facebook",
        "Telegram",
        "YouTube",
        "Instagram",
        "TikTok",
        "WhatsApp",
        "Weibo",
        "LinkedIn",
        "Truth Social",
        "Google",
        "Wikipedia",
        "Wikinews",
    ],
);

/// Words of condemnation: a speaker accusing the target, in an article about
/// sanctions, is justifying them.
pub const CONDEMNATION: List = List::new(
    17,
    &[
        "destructive",
        "repression",
        "terror",
        "terrorism",
        "terrorist",
        "aggression",
        "atrocities",
        "atrocity",
        "brutal",
        "brutality",
        "crimes",
        "weapons",
        "violence",
        "suffering",
        "instability",
        "threat",
        "illegal",
        "oppression",
        "abuses",
        "malign",
        "destabilizing",
        "destabilising",
    ],
);

pub const PREPOSITIONS: List = List::new(
    18,
    &[
        "in",
        "on",
        "at",
        "to",
        "from",
        "with",
        "of",
        "by",
        "for",
        "between",
        "about",
        "against",
        "after",
        "before",
        "during",
        "without",
        "including",
        "regarding",
        "among",
        "across",
        "into",
        "over",
        "under",
        "toward",
        "towards",
        "via",
        "through",
        "than",
        "like",
        "as",
        "amid",
        "within",
        "upon",
        "onto",
        "per",
        "despite",
    ],
);

pub const SUBORDINATORS: List = List::new(
    19,
    &[
        "after", "before", "when", "where", "because", "since", "while", "although", "though", "if", "unless",
        "whereas", "once", "but",
    ],
);

/// Verbs whose "that" introduces a clause with its own subject.
pub const COMPLEMENT_VERBS: List = List::new(
    20,
    &[
        "ensure", "believe", "believes", "think", "thinks", "hope", "hopes", "fear", "fears", "agreed", "agree",
        "know", "knows", "show", "shows", "mean", "means", "so",
    ],
);

/// Nouns between a possessor and its action: "the Trump administration's … pressure".
pub const AGENT_NOUNS: List = List::new(
    21,
    &[
        "administration",
        "government",
        "regime",
        "officials",
        "ministry",
        "forces",
        "army",
        "leadership",
        "cabinet",
        "side",
    ],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_its_own_bit_and_finds_its_words_in_any_case() {
        let mut seen = 0u64;
        for list in ALL {
            assert_eq!(list.bit.count_ones(), 1);
            assert_eq!(seen & list.bit, 0, "two lists share a bit");
            seen |= list.bit;
            for w in list.words {
                assert!(w.is_ascii(), "{w}: the table folds ASCII case only");
                assert!(list.contains(w) && list.contains(&w.to_uppercase()), "{w}");
            }
        }
    }

    #[test]
    fn packing_lower_cases_ascii_only() {
        for w in [
            "",
            "a",
            "Ab",
            "ZZ@[`{",
            "Sub-Saharan",
            "ÀÉ",
            "0123456789abcdef",
            "MiXeD cAsE wOrDs",
        ] {
            let expected = w.to_ascii_lowercase().into_bytes();
            let mut want = 0u128;
            for (i, &b) in expected.iter().enumerate() {
                want |= (b as u128) << (8 * i);
            }
            assert_eq!(packed(w.as_bytes()), Some(want), "{w}");
        }
        assert_eq!(packed(&[b'x'; 17]), None);
        assert_eq!(packed(b"may\0"), None);
        assert!(MONTHS.contains("May") && !MONTHS.contains("may\0") && !MONTHS.contains("m\0ay"));
    }

    #[test]
    fn a_word_read_from_lowered_text_has_the_classes_of_the_word_as_written() {
        let mut words: Vec<String> = ALL.iter().flat_map(|l| l.words.iter().map(|w| w.to_string())).collect();
        words.extend(
            [
                "",
                "x",
                "Saids",
                "sixteen-letters!",
                "seventeen-letters",
                "Ban\u{212A}",
                "Sub-Saharan Africa",
                "ÉTATS",
            ]
            .map(String::from),
        );
        for w in &words {
            for written in [w.clone(), w.to_uppercase(), w.to_ascii_uppercase()] {
                let expected = classes(&written);
                // As in the analysis: the text ASCII-lowered, then padding;
                // and once with the word at the very end, with no padding.
                let mut lowered = format!("x {written}").to_ascii_lowercase().into_bytes();
                let (start, end) = (2, lowered.len());
                assert_eq!(
                    classes_of_lowered(&lowered, start, end),
                    expected,
                    "{written:?} unpadded"
                );
                let mut followed = lowered.clone();
                followed.extend_from_slice(b" said the other words after it");
                assert_eq!(
                    classes_of_lowered(&followed, start, end),
                    expected,
                    "{written:?} followed"
                );
                lowered.extend_from_slice(&[0; 16]);
                assert_eq!(classes_of_lowered(&lowered, start, end), expected, "{written:?} padded");
            }
        }
    }

    #[test]
    fn words_outside_a_list_are_not_in_it() {
        assert!(CONNECTORS.contains("bin") && CONNECTORS.contains("Bin"));
        assert!(!CONNECTORS.contains("binary") && !CONNECTORS.contains(""));
        assert!(MONTHS.contains("may") && !DAYS.contains("may"));
        assert!(PLATFORMS.contains("truth social") && !PLATFORMS.contains("truth"));
        assert!(REGIONS.contains("Sub-Saharan Africa") && !REGIONS.contains("Sub-Saharan Afric"));
        assert!(!REGIONS.contains(&"x".repeat(80)));
        assert!(one_of(&["they", "it"], "It") && !one_of(&["they", "it"], "its"));
    }
}
