//! The workspace data and every way to change it. No GUI types here.

pub mod adjudicate;
mod codebook;
pub mod coders;
mod command;
pub(crate) mod document;
mod ids;
pub mod merge;
pub mod meta;
pub mod ops;
mod sync;
pub mod text;
pub mod time;
mod types;
mod workspace;

pub use codebook::default_issues;
pub use coders::ReliabilitySample;
pub use command::{Command, ModelError};
pub use document::Document;
pub use ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
pub use time::{Date, Timestamp};
pub use types::{
    ACTOR_PALETTE, Actor, ActorKind, Article, Attribution, CONSENSUS_CODER, Coder, Evidence, Issue, IssueCues, Origin,
    Position, Provenance, Stance, Status, TargetRules, UNKNOWN_CODER, palette_color, palette_color_avoiding,
};
pub use workspace::{FORMAT_TAG, SCHEMA_VERSION, Workspace};

#[cfg(test)]
mod tests;
