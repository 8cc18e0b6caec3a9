//! Aggregates and exports: the tables and comparison charts of the results,
//! and the ways data leaves the app for R, pandas, Gephi and other tools.
//!
//! `reliability` holds the inter-coder reliability statistics (alpha, kappa,
//! agreement) for team coding.
//!
//! Only accepted stances count in results ([`Filter::default`]). Everything
//! here is a pure function of a workspace; the GUI draws what it returns.

mod aggregate;
pub mod agreement;
pub mod dna_export;
mod export;
pub mod figure;
mod filter;
mod gexf;
mod graphml;
pub mod methods;
pub mod netview;
pub mod network;
pub mod qdpx;
mod quotes;
mod reliability;

pub use aggregate::{
    Agreement, Bucket, Cell, IssueOverview, Matrix, Point, RowGroup, Series, actor_order_key, agreement, agreement_of,
    cluster_order, issue_overview, issue_overview_of, matrix, net_position, timeline,
};
pub use export::{
    ARTICLE_COLUMNS, ExportFormat, STANCE_COLUMNS, articles_csv, default_filter, export_bytes, export_bytes_with,
    export_filtered, export_filtered_with, export_to_path, layer_name, matrix_csv, matrix_csv_columns, stances_csv,
    stances_csv_filtered, workspace_json,
};
pub use filter::{Filter, FilterPart, default_layer, in_layer};
pub use gexf::gexf_network;
pub use graphml::{
    graphml_agreement, graphml_conflict, graphml_congruence, graphml_issues, graphml_network, hex_color, weight_text,
    xml_escape,
};
pub use quotes::{QUOTE_COLUMNS, Quote, outlet, question, quote_sheet_csv, quote_sheet_markdown, quotes};
pub use reliability::{
    Alpha, AlphaBootstrap, BootstrapOptions, Coincidences, Kappa, Metric, PercentAgreement, UnitizingAlpha,
    cohen_kappa, krippendorff_alpha, percent_agreement, unitizing_alpha,
};

#[cfg(test)]
mod tests;
