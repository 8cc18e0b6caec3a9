//! Stance Tracker: follow who takes which position on which issue across news
//! articles. See ARCHITECTURE.md for the map of modules.

pub mod analysis;
pub mod cli;
pub mod import;
pub mod model;
pub mod report;
pub mod server;
pub mod storage;
pub mod ui;
