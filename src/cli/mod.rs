//! The command line: the same operations as the GUI, for scripts and tests.

mod analyze;

use crate::import::{self, LoadOptions, Progress};
use crate::model::{Document, Workspace};
use crate::report::{ExportFormat, export_to_path};
use crate::storage::{self, open_workspace, save_workspace};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "stance-tracker",
    version,
    about = "Track who takes which position on which issue across news articles.",
    long_about = "Track who takes which position on which issue across news articles.\n\n\
        Without a command, opens the desktop app, optionally with workspaces (*.stance.json) \
        or article files/folders to import.",
    after_help = "Examples:\n  stance-tracker                                  open the app\n  \
        stance-tracker project.stance.json              open a workspace in the app\n  \
        stance-tracker import --workspace p.stance.json articles/\n  \
        stance-tracker analyze --json article.txt\n  \
        stance-tracker export p.stance.json --format csv --out stances.csv",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Workspaces or articles to open in the app.
    pub paths: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import article files or folders into a workspace (created if missing) and save it.
    #[command(
        after_help = "Example:\n  stance-tracker import --workspace project.stance.json news/ extra.csv\n\n\
        Supported: .txt, .md, .html/.htm, .csv (one article per row; columns date, title, text/body/content, url/source)."
    )]
    Import {
        /// The workspace file to create or extend.
        #[arg(long, short)]
        workspace: PathBuf,
        /// Files and folders to import (folders are searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Do not store the analysis' suggested stances as pending stances.
        #[arg(long)]
        no_suggest: bool,
    },
    /// Load articles and print their metadata, actors and suggested stances.
    #[command(
        after_help = "Example:\n  stance-tracker analyze --json article.txt > analysis.json\n\n\
        The --json output is a stable contract described in README.md."
    )]
    Analyze {
        /// Print the stable JSON contract instead of a readable summary.
        #[arg(long)]
        json: bool,
        /// Files and folders to analyse.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Export a workspace for other tools (R, pandas, spreadsheets, Gephi, NetworkX).
    #[command(after_help = "Examples:\n  \
        stance-tracker export project.stance.json --format csv --out stances.csv\n  \
        stance-tracker export project.stance.json --format matrix-csv --out matrix.csv\n  \
        stance-tracker export project.stance.json --format articles-csv --out articles.csv\n  \
        stance-tracker export project.stance.json --format graphml-issues --out actor-issue.graphml\n  \
        stance-tracker export project.stance.json --format graphml-congruence --out congruence.graphml\n  \
        stance-tracker export project.stance.json --format graphml-conflict --out conflict.graphml\n  \
        stance-tracker export project.stance.json --format json --out project.json\n\n\
        Only accepted stances count in matrix-csv and the networks; csv lists every stance with its \
        status, articles-csv counts stances per status. The output is written atomically.")]
    Export {
        /// The workspace file to export.
        workspace: PathBuf,
        /// What to write (see the list of values).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write the export.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs the binary: parses arguments, dispatches, prints one clear line on error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::ui::run(cli.paths).map_err(|e| e.to_string()),
        Some(cmd) => run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(cmd: Command) -> Result<(), String> {
    match cmd {
        Command::Import {
            workspace,
            paths,
            no_suggest,
        } => import_cmd(workspace, &paths, !no_suggest),
        Command::Analyze { json, paths } => analyze::run(&paths, json),
        Command::Export { workspace, format, out } => {
            let ws = open_workspace(&workspace).map_err(|e| e.to_string())?;
            export_to_path(&ws, format, &out).map_err(|e| e.to_string())?;
            let (from, to) = (workspace.display(), out.display());
            match format {
                ExportFormat::Csv | ExportFormat::Json => {
                    eprintln!("exported {} stance(s) from {from} to {to}", ws.stance_count());
                }
                _ => {
                    let accepted = ws.stances().filter(|s| s.counts()).count();
                    eprintln!(
                        "exported {} ({accepted} accepted stance(s)) from {from} to {to}",
                        format.cli_name()
                    );
                }
            }
            Ok(())
        }
    }
}

fn import_cmd(path: PathBuf, paths: &[PathBuf], suggest: bool) -> Result<(), String> {
    let path = storage::with_workspace_extension(&path);
    // The app saves over whatever we write if it has this workspace open.
    let _lock = storage::lock::WorkspaceLock::acquire(&path).map_err(|owner| {
        format!(
            "{} is open in Stance Tracker ({owner}); close it there first",
            path.display()
        )
    })?;
    let ws = if path.exists() {
        open_workspace(&path).map_err(|e| e.to_string())?
    } else {
        Workspace::new()
    };
    let mut doc = Document::opened(ws);
    let loads = import::load_paths(paths, &LoadOptions::default(), &Progress::default());
    let (cmd, report) = import::add_to_workspace(doc.workspace(), loads);
    if let Some(cmd) = cmd {
        doc.execute(cmd).map_err(|e| e.to_string())?;
    }
    let suggested = if suggest {
        crate::analysis::suggest_into(&mut doc, &report.imported_ids())?
    } else {
        0
    };
    println!("{report}");
    if suggest {
        println!("{suggested} suggested stance(s) stored as pending");
    }
    // Nothing new: leave the file alone (and create none).
    if report.imported() == 0 {
        return if report.failed() > 0 {
            Err("no article could be imported".into())
        } else {
            Ok(())
        };
    }
    save_workspace(doc.workspace(), &path).map_err(|e| e.to_string())?;
    println!("saved {}", path.display());
    Ok(())
}
