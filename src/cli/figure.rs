//! `stance-tracker figure`: a Compare, Over-time, Agreement, Issue overview or
//! Network figure rendered off-screen
//! to SVG or PNG, as the app's Save buttons write it.

use crate::model::Workspace;
use crate::report::figure::{self, CompareOptions, OverTimeOptions, Provenance, Sort};
use crate::report::{Bucket, ExportFormat, Filter};
use crate::storage::{self, open_workspace};
use std::path::Path;

/// Which figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Actors' stances and net positions per issue.
    Compare,
    /// One issue's mean positions per week or month.
    OverTime,
    /// The actor × actor agreement map (congruence and conflict).
    Agreement,
    /// Per issue, the actors by overall position.
    Issues,
    /// The discourse network (one-mode actor network), laid out as the app does.
    Network,
}

/// The over-time figure's buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BucketArg {
    Auto,
    Week,
    Month,
}

/// What `figure` was asked for.
pub struct FigureArgs<'a> {
    pub workspace: &'a Path,
    pub view: View,
    pub issue: Option<&'a str>,
    pub actors: &'a [String],
    pub layer: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub sort: Sort,
    pub order: figure::Order,
    pub measure: figure::Measure,
    pub bucket: BucketArg,
    pub smooth: usize,
    pub out: &'a Path,
    pub size: &'a str,
    pub scale: f32,
    pub network: crate::report::network::NetworkOptions,
    pub colour: figure::network::NodeColour,
}

/// `1600x1000` → (1600, 1000).
pub fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let bad = || format!("--size {s:?}: give width and height in px, e.g. 1600x1000");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !(200..=10_000).contains(&w) || !(150..=10_000).contains(&h) {
        return Err(format!("--size {s}: width 200–10000 px and height 150–10000 px"));
    }
    Ok((w as f32, h as f32))
}

fn date(s: Option<&str>, end: bool, flag: &str) -> Result<Option<crate::model::Date>, String> {
    s.map(|s| {
        crate::model::Date::parse_partial(s, end)
            .ok_or_else(|| format!("{flag} {s:?}: use YYYY-MM-DD (or YYYY-MM, YYYY)"))
    })
    .transpose()
}

pub fn figure_cmd(a: &FigureArgs) -> Result<(), String> {
    let (width, height) = parse_size(a.size)?;
    if !(0.25..=8.0).contains(&a.scale) {
        return Err(format!("--scale {}: between 0.25 and 8", a.scale));
    }
    if (width * a.scale) * (height * a.scale) > 64.0e6 {
        return Err(format!(
            "--size {} at --scale {} is over 64 million pixels; choose a smaller size or scale",
            a.size, a.scale
        ));
    }
    let png = match a.out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
        Some(e) if e == "png" => true,
        Some(e) if e == "svg" => false,
        _ => return Err(format!("--out {}: name a .svg or .png file", a.out.display())),
    };
    let ws = open_workspace(a.workspace).map_err(|e| e.to_string())?;
    let mut filter = Filter {
        // The aggregates' rule: one layer, never every coder's stances added up.
        layer: super::team::export_layer(&ws, a.workspace, ExportFormat::MatrixCsv, a.layer)?,
        from: date(a.from, false, "--from")?,
        to: date(a.to, true, "--to")?,
        ..Filter::default()
    };
    for name in a.actors {
        let found = ws
            .actor_by_name(name)
            .ok_or_else(|| format!("no actor \"{name}\" (by name or alias) in {}", a.workspace.display()))?;
        filter.actors.insert(found.id);
    }
    let issue = a.issue.map(|key| super::issue_id(&ws, a.workspace, key)).transpose()?;
    let provenance = Provenance::new(Some(a.workspace));
    let fig = build(&ws, &filter, a, issue, width, height, &provenance)?;
    let bytes = if png {
        figure::png::png(&fig, a.scale)?
    } else {
        figure::svg::svg(&fig, a.scale).into_bytes()
    };
    storage::write_export(a.out, &bytes, Some(a.workspace)).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote the {} figure ({} × {} px) to {}",
        match a.view {
            View::Compare => "compare",
            View::OverTime => "over-time",
            View::Agreement => "agreement",
            View::Issues => "issue overview",
            View::Network => "network",
        },
        (width * a.scale).round(),
        (height * a.scale).round(),
        a.out.display()
    );
    Ok(())
}

fn build(
    ws: &Workspace,
    filter: &Filter,
    a: &FigureArgs,
    issue: Option<crate::model::IssueId>,
    width: f32,
    height: f32,
    provenance: &Provenance,
) -> Result<figure::Figure, String> {
    Ok(match a.view {
        View::Compare => {
            let opts = CompareOptions {
                issue,
                sort: a.sort,
                ..CompareOptions::default()
            };
            figure::compare::compare(ws, filter, &opts, width, height, provenance)
        }
        View::OverTime => {
            let issue = issue
                .or_else(|| ws.issues().next().map(|i| i.id))
                .ok_or_else(|| format!("{} has no issues to show over time", a.workspace.display()))?;
            let mut opts = OverTimeOptions::new(issue);
            opts.actors = filter.actors.iter().copied().collect();
            opts.bucket = match a.bucket {
                BucketArg::Auto => None,
                BucketArg::Week => Some(Bucket::Week),
                BucketArg::Month => Some(Bucket::Month),
            };
            opts.smooth = a.smooth;
            figure::over_time::over_time(ws, filter, &opts, width, height, provenance)
        }
        View::Agreement => {
            let mut filter = filter.clone();
            if let Some(issue) = issue {
                filter.issues = [issue].into();
            }
            let opts = figure::AgreementOptions {
                measure: a.measure,
                order: a.order,
                ..Default::default()
            };
            figure::agreement::agreement(ws, &filter, &opts, width, height, provenance)
        }
        View::Issues => {
            let mut filter = filter.clone();
            if let Some(issue) = issue {
                filter.issues = [issue].into();
            }
            figure::issues::issues(ws, &filter, width, height, provenance)
        }
        View::Network => {
            if !a.network.threshold.is_finite() || a.network.threshold < 0.0 {
                return Err(format!(
                    "--threshold {}: give a weight of 0 or more",
                    a.network.threshold
                ));
            }
            let mut filter = filter.clone();
            if let Some(issue) = issue {
                filter.issues = [issue].into();
            }
            figure::network::network(ws, &filter, &a.network, a.colour, width, height, provenance)
        }
    })
}
