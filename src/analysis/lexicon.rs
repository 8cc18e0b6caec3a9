//! Closed word lists the analyser needs: function words, name connectors,
//! head nouns of organisations and places, reporting verbs, negators. These
//! are properties of English news prose, not of any particular article.

pub fn contains(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Capitalised at the start of a sentence but not names.
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "in", "on", "at", "as", "but", "and", "or", "however", "although", "though", "while",
    "despite", "earlier", "later", "last", "next", "this", "that", "these", "those", "it", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "its", "our", "my", "your", "other", "others", "some", "many",
    "most", "after", "before", "during", "with", "without", "according", "additionally", "meanwhile", "also",
    "if", "when", "where", "since", "for", "from", "by", "to", "of", "former", "both", "all", "any", "each",
    "every", "no", "not", "there", "here", "then", "thus", "so", "yet", "still", "such", "what", "which", "who",
    "whom", "whose", "why", "how", "once", "now", "today", "yesterday", "tomorrow", "instead", "moreover",
    "furthermore", "nevertheless", "nonetheless", "indeed", "overall", "first", "second", "third", "finally",
    "several", "few", "more", "less", "further", "until", "unless", "because", "whether", "even", "only", "just",
    "about", "against", "among", "amid", "between", "into", "through", "under", "over", "within", "upon",
    "toward", "towards", "around", "near", "following", "including", "regarding", "concerning", "reports",
    "officials", "sources", "analysts", "critics", "experts", "residents", "authorities", "police", "rescuers",
    "meanwhile", "elsewhere", "separately", "previously", "recently", "currently", "initially", "eventually",
    "notably", "specifically", "similarly", "likewise", "accordingly", "consequently", "therefore", "hence",
    "new", "old", "another", "one", "two", "three", "four", "five", "ten", "hundreds", "thousands", "dozens",
    "fears", "restoration", "shift", "support", "saying", "asked", "speaking", "writing", "responding",
];

/// Lower-case words allowed inside a name ("Faisal bin Farhan", "Federal
/// Aviation Office of Germany", "Charles de Gaulle").
pub const CONNECTORS: &[&str] = &[
    "of", "bin", "ibn", "bint", "al", "el", "de", "del", "della", "di", "da", "du", "dos", "das", "van", "von",
    "der", "den", "le", "la", "y", "for", "and", "abu", "ul", "ter", "ben",
];

/// Connectors that may only continue a name, never end one.
pub const INNER_ONLY: &[&str] = &["of", "for", "and", "y"];

/// Abbreviated titles before a surname: "Mr. Lindqvist", "Gen. Petrov".
pub const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Sen", "Rep", "Gov", "Prof", "Rev",
    "Hon", "Pres", "Maj",
];

pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

pub const DAYS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];

/// Geographic regions and blocs named as places, not actors.
pub const REGIONS: &[&str] = &[
    "Europe", "Asia", "Africa", "America", "Americas", "Middle East", "Near East", "Far East", "Latin America",
    "South America", "North America", "Central America", "Central Asia", "South Asia", "Southeast Asia",
    "East Asia", "West Africa", "East Africa", "North Africa", "Sub-Saharan Africa", "Eastern Europe",
    "Western Europe", "Central Europe", "Northern Europe", "Southern Europe", "Balkans", "Caucasus",
    "Scandinavia", "Arctic", "Antarctic", "Pacific", "Atlantic", "Mediterranean", "Gulf", "Persian Gulf",
    "Black Sea", "Red Sea", "Baltic", "Baltic Sea", "Caribbean", "Sahel", "Levant", "Indo-Pacific", "West",
    "East", "North", "South", "Ural", "Siberia", "Middle Eastern", "European", "Asian", "African", "Western",
    "Eastern", "Northern", "Southern", "Arab", "Latin", "Internet", "Earth",
];

/// Last words of organisation names.
pub const ORG_HEADS: &[&str] = &[
    "Department", "Ministry", "Office", "Agency", "Administration", "Authority", "Commission", "Committee",
    "Council", "Court", "Parliament", "Assembly", "Congress", "Senate", "House", "Government", "Cabinet",
    "Service", "Services", "Bureau", "Board", "Corps", "Guard", "Guards", "Army", "Navy", "Force", "Forces",
    "Police", "Party", "Front", "Movement", "Union", "Federation", "League", "Alliance", "Coalition",
    "Organization", "Organisation", "Association", "Institute", "Foundation", "Fund", "Bank", "Group",
    "Company", "Corporation", "Inc", "Ltd", "Airlines", "Airways", "Air", "Telekom", "Telecom", "Bahn",
    "Motors", "Energy", "Petroleum", "Oil", "Gas", "News", "Times", "Post", "Press", "Journal", "Network",
    "University", "College", "Center", "Centre", "Program", "Programme", "Mission", "Delegation", "Embassy",
    "Consulate", "Tribunal", "Directorate", "Secretariat", "Brigade", "Brigades", "Battalion", "Command",
    "Command", "Council", "Society", "Trust", "Club", "Team", "Partners", "Holdings", "Systems",
    "Industries", "Technologies", "Media", "Television", "Radio", "Agency", "Exchange", "Reserve", "Treasury",
    "Pentagon", "Kremlin", "Majlis", "Duma", "Knesset", "Bundestag", "Rada",
];

/// Last words of place names, which are not actors.
pub const PLACE_HEADS: &[&str] = &[
    "Palace", "Airport", "Square", "Street", "Avenue", "Road", "Hotel", "Stadium", "Hospital", "Bridge",
    "River", "Sea", "Ocean", "Mountains", "Mountain", "Island", "Islands", "Province", "Region", "City",
    "Valley", "Strait", "Peninsula", "Park", "Building", "Tower", "Plaza", "Lake", "Desert", "Coast", "Bay",
    "Port", "Harbour", "Harbor", "Station", "Camp", "Base", "District", "County", "Oblast", "Governorate",
    "Prefecture", "Highway", "Canal", "Dam", "Castle", "Cathedral", "Mosque", "Church", "Temple", "Museum",
    "Hall", "Prison", "Border", "Crossing", "Field", "Plant", "Reactor", "Mine", "Refinery", "Pipeline",
];

/// Verbs that introduce what someone said (lemma-ish forms; matched on prefix
/// stems below).
pub const REPORTING_VERBS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "stated", "states", "stating", "state",
    "explained", "explains", "added", "adds", "adding", "noted", "notes", "noting", "argued", "argues",
    "claimed", "claims", "claiming", "insisted", "insists", "warned", "warns", "warning", "announced",
    "announces", "declared", "declares", "emphasized", "emphasised", "emphasizes", "stressed", "stresses",
    "underscored", "underscores", "highlighted", "highlights", "revealed", "reveals", "suggested", "suggests",
    "indicated", "indicates", "alleged", "alleges", "wrote", "writes", "tweeted", "posted", "responded",
    "replied", "asserted", "asserts", "acknowledged", "admitted", "confirmed", "confirms", "denied", "denies",
    "reported", "reports", "reporting", "urged", "urges", "called", "calls", "demanded", "demands", "vowed",
    "pledged", "promised", "expressed", "described", "described", "commented", "remarked", "observed",
    "believes", "believed", "thinks", "cited", "cites", "accused", "accuses", "criticized", "criticised",
    "condemned", "welcomed", "praised", "signaled", "signalled", "hinted", "proposed", "recommended",
];

/// Words that negate the predicate they precede.
pub const NEGATORS: &[&str] = &[
    "not", "no", "never", "n't", "won't", "wont", "cannot", "can't", "don't", "doesn't", "didn't", "isn't",
    "aren't", "wasn't", "weren't", "wouldn't", "shouldn't", "couldn't", "haven't", "hasn't", "hadn't", "nor",
    "neither", "without", "refuse", "refused", "refuses", "refusing", "rejected", "rejects", "reject",
    "rejecting", "unwilling", "against",
];

/// Words that weaken a statement: the suggestion is kept with lower confidence.
pub const HEDGES: &[&str] = &[
    "if necessary", "may", "might", "could", "possibly", "perhaps", "potential", "potentially", "reportedly",
    "allegedly", "considering", "consider", "if needed", "in principle", "at some point",
];

pub const PRONOUNS_PERSON: &[&str] = &["he", "she", "him", "her", "his"];
pub const PRONOUNS_PLURAL: &[&str] = &["they", "them", "their"];
pub const PRONOUNS_IT: &[&str] = &["it", "its", "itself"];
pub const RELATIVES: &[&str] = &["which", "who", "whom", "that"];

/// Group nouns after a capitalised adjective that name a bloc ("Baltic states").
pub const BLOC_NOUNS: &[&str] = &["states", "countries", "nations", "allies", "monarchies", "republics"];

/// Where information comes from, not who speaks: "via Twitter".
pub const PLATFORMS: &[&str] = &[
    "Twitter", "X", "Facebook", "Telegram", "YouTube", "Instagram", "TikTok", "WhatsApp", "Weibo", "LinkedIn",
    "Truth Social", "Google", "Wikipedia", "Wikinews",
];
