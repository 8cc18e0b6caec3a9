//! Shared projects on a PostgreSQL server: a team's project in the
//! database, several coders at once (ARCHITECTURE.md, "Shared projects on
//! PostgreSQL"). No GUI types; the app and the command line use
//! [`ServerProject`], [`push`] and [`pull`].

pub mod access;
mod apply;
mod connect;
mod error;
pub mod journal;
pub mod live;
mod prepared;
mod project;
mod pull;
mod push;
pub mod revisions;
mod rows;
pub mod schema;
pub mod url;

pub use access::{Access, grant};
pub use apply::new_ids;
pub use connect::connect;
pub use error::{Conflict, Entity, ServerError};
pub use journal::{Journal, Unreplayed};
pub use live::{Live, LiveEvent};
pub use project::{Replay, Saved, ServerProject, open};
pub use pull::pull;
pub use push::{Pushed, push, push_with};
pub use revisions::{Changes, Key, Revision};
pub use url::{ServerUrl, is_server_url};
