//! The entities of a workspace. Plain data: every change to them goes through
//! [`crate::model::Command`], which checks the invariants.

use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::text::CharIndex;
use super::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    #[serde(default)]
    pub date: Option<Date>,
    /// Where the text came from: a file path, a URL or `file.csv#row`.
    #[serde(default)]
    pub source: String,
    /// NFC-normalised, `\n` line ends. Offsets everywhere are char offsets into this.
    /// Shared, so copies of a workspace (background jobs, saves) cost no text copy.
    pub text: Arc<str>,
    /// Hex hash of the whitespace-collapsed text: identifies the same article twice.
    pub hash: String,
    pub imported_at: Timestamp,
    /// Outlet, byline, section, length, language, original file… keyed by
    /// the names in [`super::meta`]; other keys are kept as they come.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    #[serde(skip)]
    index: CharIndex,
}

impl Article {
    pub fn new(id: ArticleId, title: String, date: Option<Date>, source: String, text: String) -> Article {
        let hash = super::text::content_hash(&text);
        let index = CharIndex::new(&text);
        Article {
            id,
            title,
            date,
            source,
            text: text.into(),
            hash,
            imported_at: Timestamp::now(),
            meta: BTreeMap::new(),
            index,
        }
    }

    /// Length of the text in chars.
    pub fn char_len(&self) -> usize {
        self.index.char_len()
    }

    /// The text between two char offsets, `None` when out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        self.index.slice(&self.text, start, end)
    }

    pub fn char_to_byte(&self, char_offset: usize) -> Option<usize> {
        self.index.char_to_byte(&self.text, char_offset)
    }

    pub fn byte_to_char(&self, byte_offset: usize) -> usize {
        self.index.byte_to_char(&self.text, byte_offset)
    }

    /// Rebuilds derived data after deserialisation.
    pub(crate) fn reindex(&mut self) {
        self.index = CharIndex::new(&self.text);
    }

    /// Rebuilds the char index and the content hash of an article read from
    /// a file, and says whether its text still matches the hash stored with
    /// it (an empty stored hash, from a file another tool made, has nothing
    /// to compare).
    pub(crate) fn rebuild(&mut self) -> bool {
        self.reindex();
        let hash = super::text::content_hash(&self.text);
        let intact = self.hash.is_empty() || self.hash == hash;
        self.hash = hash;
        intact
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    State,
    Organization,
    Group,
    #[default]
    Other,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        ActorKind::Person,
        ActorKind::State,
        ActorKind::Organization,
        ActorKind::Group,
        ActorKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::State => "state",
            ActorKind::Organization => "organization",
            ActorKind::Group => "group",
            ActorKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub affiliation: Option<ActorId>,
    /// Other surface forms that refer to this actor ("Rubio", "US Secretary of State").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases the analyst removed: the analysis never matches them for
    /// this actor again (not even from the bundled gazetteer) nor stores them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_aliases: Vec<String>,
    /// sRGB colour used for highlights and charts.
    pub color: [u8; 3],
    /// Whether the analyst picked `color`; such a colour is never reassigned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub color_chosen: bool,
    #[serde(default)]
    pub notes: String,
}

impl Actor {
    pub fn new(id: ActorId, name: impl Into<String>, kind: ActorKind) -> Actor {
        let name = name.into();
        let color = palette_color(&name);
        Actor {
            id,
            name,
            kind,
            affiliation: None,
            aliases: Vec::new(),
            rejected_aliases: Vec::new(),
            color,
            color_chosen: false,
            notes: String::new(),
        }
    }

    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether the analyst removed this alias (any case).
    pub fn rejects(&self, alias: &str) -> bool {
        self.rejected_aliases.iter().any(|r| r.eq_ignore_ascii_case(alias))
    }

    /// `self` with its aliases replaced by `aliases`: the ones that go are
    /// remembered as rejected, and one given back is no longer rejected.
    pub fn with_aliases(&self, aliases: Vec<String>) -> Actor {
        let mut out = self.clone();
        for old in &self.aliases {
            let kept = aliases.iter().any(|a| a.eq_ignore_ascii_case(old));
            if !kept && !out.rejects(old) {
                out.rejected_aliases.push(old.clone());
            }
        }
        out.rejected_aliases
            .retain(|r| !aliases.iter().any(|a| a.eq_ignore_ascii_case(r)));
        out.aliases = aliases;
        out
    }
}

/// Actor colours. Each reaches 3:1 contrast as text on the light and on the
/// dark theme's backgrounds, and stays clear of the four position colours
/// (Okabe–Ito blue, vermillion, grey, reddish purple), so an actor's name
/// never reads as a position. Chosen (by a max–min search over sRGB,
/// `tools/palette/search.py`) so that any two stay apart for readers with
/// deuteranopia, protanopia or tritanopia too (Machado et al. 2009
/// simulation); `ui::palette`'s tests measure all of it. Beyond colour,
/// names show on hover and in legends.
pub const ACTOR_PALETTE: [[u8; 3]; 9] = [
    [0xC3, 0x78, 0x5A], // terracotta
    [0x00, 0x87, 0xFF], // azure
    [0xD2, 0x1E, 0x87], // magenta
    [0x4B, 0x96, 0x00], // leaf green
    [0xB4, 0x3C, 0xB4], // orchid
    [0x5A, 0x78, 0x2D], // olive
    [0xD2, 0x1E, 0x5A], // crimson
    [0x69, 0x5A, 0xD2], // indigo
    [0x2D, 0x78, 0x5A], // pine
];

/// A stable colour from the name (the same name gets the same colour in
/// every run and workspace).
pub fn palette_color(name: &str) -> [u8; 3] {
    palette_color_avoiding(name, &[])
}

/// The colour for `name` that the fewest of `used` already have: one no
/// other actor has while the palette lasts, then spread evenly. Among equals,
/// the first from the name's place in the palette, so the choice is stable.
pub fn palette_color_avoiding(name: &str, used: &[[u8; 3]]) -> [u8; 3] {
    let n = ACTOR_PALETTE.len();
    let start = (xxhash_rust::xxh3::xxh3_64(name.as_bytes()) % n as u64) as usize;
    let uses = |c: &[u8; 3]| used.iter().filter(|u| *u == c).count();
    (0..n)
        .map(|k| ACTOR_PALETTE[(start + k) % n])
        .min_by_key(uses)
        .expect("the palette is not empty")
}

/// Words that signal an issue and a position on it; editable in the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IssueCues {
    /// Words that make a sentence about this issue.
    #[serde(default)]
    pub topic: Vec<String>,
    /// Words that, in a sentence about the issue, indicate support.
    #[serde(default)]
    pub support: Vec<String>,
    /// Words that indicate opposition.
    #[serde(default)]
    pub oppose: Vec<String>,
    /// Whom the issue's acts are aimed at, and what that means. `None` in a
    /// workspace saved before there were target rules: the issue is then
    /// read as the default codebook reads its key (see
    /// [`IssueCues::target_rules`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<TargetRules>,
}

impl IssueCues {
    /// The target rules in force for an issue with this key: its own, else
    /// those of the default codebook's issue of the same key, else none.
    pub fn target_rules(&self, key: &str) -> TargetRules {
        self.targets
            .clone()
            .unwrap_or_else(|| super::codebook::default_target_rules(key))
    }
}

/// What the target of an issue's act says about positions: "sanctions on
/// Iran" are not Iran's stance on sanctions, "the EU's sanctions" are the
/// EU's. Written as data so that a user's own issue can say the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TargetRules {
    /// Words that, right after a cue ("sanctions on Iran", "pressure against
    /// Caracas"), name whom the act is aimed at. That actor takes no
    /// position by being aimed at, and an act aimed at the speaker ("nobody
    /// can put pressure on me") is no stance of the speaker's.
    #[serde(default)]
    pub aimed_by: Vec<String>,
    /// Words that, after a cue, name others who take part in the act with
    /// its agent: "met with Khalilzad", "a meeting between Giuliani and
    /// Yermak". They share a supporting position (refusing to meet someone
    /// says nothing of them).
    #[serde(default)]
    pub partners_by: Vec<String>,
    /// The issue's one-word topic cue with an owner is the owner's act, in
    /// support: "United States sanctions", "the EU's embargo".
    #[serde(default)]
    pub owner_acts: bool,
    /// In an article about the issue, a speaker who condemns someone
    /// supports acting against them (sanctions: condemning the regime
    /// argues for punishing it). Off for most issues.
    #[serde(default)]
    pub condemning_supports: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub id: IssueId,
    /// Short machine key, unique: `participation`, `sanctions`.
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub support_means: String,
    #[serde(default)]
    pub oppose_means: String,
    #[serde(default)]
    pub cues: IssueCues,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    Support,
    Oppose,
    Neutral,
    Mixed,
}

impl Position {
    pub const ALL: [Position; 4] = [Position::Support, Position::Oppose, Position::Neutral, Position::Mixed];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Support => "support",
            Position::Oppose => "oppose",
            Position::Neutral => "neutral",
            Position::Mixed => "mixed",
        }
    }

    pub fn parse(s: &str) -> Option<Position> {
        Position::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// +1 support, −1 oppose, 0 otherwise: the contribution to a net position.
    pub fn score(self) -> i32 {
        match self {
            Position::Support => 1,
            Position::Oppose => -1,
            Position::Neutral | Position::Mixed => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Accepted,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    Manual,
    Suggested {
        /// Human-readable rule that fired, e.g. `speaker 'Rubio' + cue 'require concessions'`.
        rule: String,
        confidence: f32,
    },
}

impl Origin {
    pub fn is_suggested(&self) -> bool {
        matches!(self, Origin::Suggested { .. })
    }

    pub fn label(&self) -> &'static str {
        match self {
            Origin::Manual => "manual",
            Origin::Suggested { .. } => "suggested",
        }
    }
}

/// A span of article text in char offsets, with the quoted text for readers of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub id: StanceId,
    pub article: ArticleId,
    pub actor: ActorId,
    pub issue: IssueId,
    pub position: Position,
    pub evidence: Evidence,
    pub origin: Origin,
    pub status: Status,
    #[serde(default)]
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// The rule of a bulk decision ("accepted in bulk: confidence ≥ 0.70"),
    /// so that a methods section can say which stances were not read one by
    /// one. Cleared when the stance is decided individually.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk: Option<String>,
    /// Who coded it, and from what.
    #[serde(default, skip_serializing_if = "Attribution::is_empty")]
    pub by: Attribution,
}

/// Who a stance belongs to and who touched it; filled in by
/// [`crate::model::Document`] from the coder it edits as, so no edit path can forget it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The layer the stance belongs to: the coder whose coding it is, or the
    /// consensus coder. `None` for a suggestion nobody has decided yet,
    /// which every coder sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<CoderId>,
    /// Who created it (for a suggestion: who accepted or rejected it first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<CoderId>,
    /// Who last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<CoderId>,
    /// A suggestion whose actor, issue, position or span the coder changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// The consensus stance was taken over from this coder's stance as it
    /// was (adjudication); `None` when it was written or edited by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_from: Option<CoderId>,
    /// What made a suggestion (`ANALYZER_VERSION` at the time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyzer: Option<String>,
    /// The codebook version in force when a coder created or decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<String>,
}

impl Attribution {
    pub fn is_empty(&self) -> bool {
        *self == Attribution::default()
    }
}

impl Stance {
    /// Whether this stance counts in tables, charts and exports of results.
    pub fn counts(&self) -> bool {
        self.status == Status::Accepted
    }

    /// How the stance came to be, for exports and the methods report.
    pub fn provenance(&self) -> Provenance {
        match (&self.origin, &self.bulk) {
            _ if self.by.adopted_from.is_some() => Provenance::Adjudicated,
            (Origin::Manual, _) => Provenance::Manual,
            (Origin::Suggested { .. }, _) if self.status == Status::Pending => Provenance::Suggested,
            (Origin::Suggested { .. }, Some(_)) => Provenance::Bulk,
            (Origin::Suggested { .. }, None) if self.by.edited => Provenance::SuggestedEdited,
            (Origin::Suggested { .. }, None) => Provenance::SuggestedAccepted,
        }
    }

    /// The content two coders can agree or disagree on, without who or when.
    pub fn same_coding(&self, other: &Stance) -> bool {
        self.article == other.article
            && self.actor == other.actor
            && self.issue == other.issue
            && self.position == other.position
            && self.evidence.start == other.evidence.start
            && self.evidence.end == other.evidence.end
    }
}

/// Where a stance comes from, as a methods section counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    /// Coded by hand from a selection.
    Manual,
    /// A suggestion not decided yet.
    Suggested,
    /// A suggestion accepted (or rejected) as it was.
    SuggestedAccepted,
    /// A suggestion the coder changed before deciding it.
    SuggestedEdited,
    /// A suggestion decided by a bulk rule, unread.
    Bulk,
    /// A consensus stance taken over from one coder's stance.
    Adjudicated,
}

impl Provenance {
    pub const ALL: [Provenance; 6] = [
        Provenance::Manual,
        Provenance::Suggested,
        Provenance::SuggestedAccepted,
        Provenance::SuggestedEdited,
        Provenance::Bulk,
        Provenance::Adjudicated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Manual => "manual",
            Provenance::Suggested => "suggested",
            Provenance::SuggestedAccepted => "suggested-accepted",
            Provenance::SuggestedEdited => "suggested-edited",
            Provenance::Bulk => "bulk",
            Provenance::Adjudicated => "adjudicated",
        }
    }
}

/// Someone who codes. Coders are matched by name across merged files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    pub id: CoderId,
    pub name: String,
    pub color: [u8; 3],
    /// The consensus layer, written by adjudication: at most one per
    /// workspace, and never the coder someone codes as.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consensus: bool,
}

/// The name of the coder that stances from before coders existed belong to.
pub const UNKNOWN_CODER: &str = "unknown";
/// The name of the consensus layer.
pub const CONSENSUS_CODER: &str = "Consensus";
