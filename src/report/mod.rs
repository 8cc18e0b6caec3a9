//! Aggregates and exports: the ways data leaves the app for R, pandas, Gephi
//! and other tools.

mod export;

pub use export::{ExportFormat, export_to_path, stances_csv, workspace_json};
