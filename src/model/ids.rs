//! Stable identifiers. Ids are never reused within a workspace, so an undo that
//! re-inserts an entity gets back exactly the id other entities point to.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($name:ident, $prefix:literal) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(ArticleId, "a");
id_type!(ActorId, "p");
id_type!(IssueId, "i");
id_type!(StanceId, "s");
id_type!(CoderId, "c");
