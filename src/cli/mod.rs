//! The command line: the same operations as the GUI, for scripts and tests.

mod analyze;
mod figure;
mod server;
mod team;

use crate::import::{self, LoadOptions, Progress};
use crate::model::{Document, Workspace, ops};
use crate::report::network::{Duplicates, NetworkOptions, NeutralRule, Normalize, Qualifier};
use crate::report::{ExportFormat, export_filtered_with};
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
    /// Code as this coder (default: the name the app saved, else "unknown").
    #[arg(long, global = true)]
    pub coder: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Workspaces or articles to open in the app.
    pub paths: Vec<PathBuf>,
}

/// The actor-network choices `export` and `figure --view network` share
/// (DNA's, besides the qualifier, whose default differs between the two).
#[derive(clap::Args, Debug)]
pub struct NetworkArgs {
    /// Actor networks: edge weight normalisation, as DNA's.
    #[arg(long, value_enum, default_value_t = Normalize::No)]
    pub normalize: Normalize,
    /// Actor networks: which repeated statements (same actor, issue, position) count once.
    #[arg(long, value_enum, default_value_t = Duplicates::Range)]
    pub duplicates: Duplicates,
    /// Actor networks: leave neutral and mixed stances out (DNA's yes/no agreement), or scale them at 0 between +1 and -1.
    #[arg(long, value_enum, default_value_t = NeutralRule::LeaveOut)]
    pub neutral: NeutralRule,
    /// Actor networks: keep only ties whose weight (absolute, for subtract) is at least this.
    #[arg(long, default_value_t = 0.0)]
    pub threshold: f64,
}

impl NetworkArgs {
    pub fn options(&self, qualifier: Qualifier) -> NetworkOptions {
        NetworkOptions {
            qualifier,
            normalize: self.normalize,
            duplicates: self.duplicates,
            neutral: self.neutral,
            threshold: self.threshold,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import article files or folders into a workspace (created if missing) and save it.
    #[command(
        after_help = "Example:\n  stance-tracker import --workspace project.stance.json news/ extra.csv\n\n\
        Supported: .txt, .md, .html/.htm, .csv (one article per row; columns date, title, text/body/content, url/source), \
        .docx, .pdf (the text layer; scans need OCR first), .rtf, .qdpx (REFI-QDA projects, with their coded stances); \
        Nexis Uni exports (.docx, .pdf, .rtf or .txt) and Factiva exports with indexing (.html or .rtf) are split into their documents. \
        A DNA 3 database (.dna, named on its own) brings its documents, coders, actors, concepts as issues \
        and its statements as accepted stances; the file is only read."
    )]
    Import {
        /// The workspace file to create or extend, or a server (postgres://…, with --project).
        #[arg(long, short)]
        workspace: PathBuf,
        /// With a postgres:// workspace: the project on that server.
        #[arg(long)]
        project: Option<String>,
        /// Files and folders to import (folders are searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Do not store the analysis' suggested stances as pending stances.
        #[arg(long)]
        no_suggest: bool,
        /// For .dna files: the DNA variable whose entities are the actors,
        /// `person` (the organization becomes the affiliation) or `organization`.
        #[arg(long, default_value = "person", value_parser = parse_dna_actor, value_name = "person|organization")]
        dna_actor: import::dna::ActorVariable,
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
    /// Decide pending suggestions by their confidence, in one step, marked as bulk decisions.
    #[command(after_help = "Examples:\n  \
        stance-tracker review project.stance.json --accept-above 0.7\n  \
        stance-tracker review project.stance.json --accept-above 0.8 --reject-below 0.3 --issue sanctions\n\n\
        Only pending suggestions change. Each decided stance records the rule (for example \
        \"accepted in bulk: confidence ≥ 0.70\"), which the csv export lists in its bulk_rule column.")]
    Review {
        /// The workspace file to review.
        workspace: PathBuf,
        /// Accept pending suggestions with at least this confidence (0–1).
        #[arg(long, value_parser = confidence)]
        accept_above: Option<f32>,
        /// Reject pending suggestions with less than this confidence (0–1).
        #[arg(long, value_parser = confidence)]
        reject_below: Option<f32>,
        /// Only suggestions on this issue (its codebook key, e.g. sanctions).
        #[arg(long)]
        issue: Option<String>,
    },
    /// Copy what still checks out of a damaged workspace into a new file.
    #[command(after_help = "Example:\n  \
        stance-tracker salvage damaged.stance.json --out recovered.stance.json\n\n\
        Articles whose text no longer matches its checksum are left out with their stances; \
        stances, actors and issues that cannot be read or no longer fit together are left out too. \
        Everything left out is listed. The damaged file is not changed.")]
    Salvage {
        /// The damaged workspace file.
        workspace: PathBuf,
        /// The new workspace file to write (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
    },
    /// Export a workspace for other tools (R, pandas, spreadsheets, Gephi, NetworkX).
    #[command(after_help = "Examples:\n  \
        stance-tracker export project.stance.json --format csv --out stances.csv\n  \
        stance-tracker export project.stance.json --format matrix-csv --out matrix.csv\n  \
        stance-tracker export project.stance.json --format articles-csv --out articles.csv\n  \
        stance-tracker export project.stance.json --format graphml-issues --out actor-issue.graphml\n  \
        stance-tracker export project.stance.json --format graphml-congruence --out congruence.graphml\n  \
        stance-tracker export project.stance.json --format graphml-conflict --out conflict.graphml\n  \
        stance-tracker export project.stance.json --format graphml-network --qualifier subtract --normalize jaccard --duplicates article --threshold 0.5 --out net.graphml\n  \
        stance-tracker export project.stance.json --format gexf-network --duplicates article --out net.gexf\n  \
        stance-tracker export project.stance.json --format qdpx --out project.qdpx\n  \
        stance-tracker export project.stance.json --format dna --layer consensus --out project.dna\n  \
        stance-tracker export project.stance.json --format json --out project.json\n  \
        stance-tracker export project.stance.json --format quotes-md --actor \"Marco Rubio\" --issue sanctions --out -\n  \
        stance-tracker export project.stance.json --format quotes-csv --out quotes.csv\n\n\
        Only accepted stances count in matrix-csv, the networks and qdpx (qdpx: of every layer \
        unless --layer names one); csv lists every stance with its status, articles-csv counts \
        stances per status. The output is written atomically; `--out -` \
        writes to standard output. An export never writes over a workspace file or its backup.")]
    Export {
        /// The workspace file to export, or a server (postgres://…, with --project).
        workspace: PathBuf,
        /// With a postgres:// workspace: the project on that server.
        #[arg(long)]
        project: Option<String>,
        /// What to write (see the list of values).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write the export (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
        /// Only stances of this actor (its name or an alias; repeat for several).
        #[arg(long)]
        actor: Vec<String>,
        /// Only stances on this issue (its codebook key; repeat for several).
        #[arg(long)]
        issue: Vec<String>,
        /// Whose coding: a coder's name, `consensus`, or `all` (csv only).
        /// Default: the only layer there is, else the consensus; csv lists every layer.
        #[arg(long)]
        layer: Option<String>,
        /// Actor networks (graphml-network and gexf-network only): how the sides of two actors make a tie.
        #[arg(long, value_enum)]
        qualifier: Option<Qualifier>,
        #[command(flatten)]
        network: NetworkArgs,
    },
    /// Render a figure (Compare actors, Over time, the Agreement map, the Issue overview or the discourse network) to SVG or PNG, off-screen, as the app's Save buttons do.
    #[command(after_help = "Examples:
          stance-tracker figure project.stance.json --view compare --out compare.png
          stance-tracker figure project.stance.json --view compare --issue sanctions --sort bloc --out sanctions.svg
          stance-tracker figure project.stance.json --view over-time --issue sanctions --from 2019-01-01 --to 2019-12-31 --out time.png --scale 2
          stance-tracker figure project.stance.json --view agreement --order bloc --measure balance --out agreement.svg
          stance-tracker figure project.stance.json --view network --qualifier congruence --normalize jaccard --threshold 0.2 --out network.svg
          stance-tracker figure project.stance.json --view issues --out issues.png

        Accepted stances of one layer count (--layer, as for export's aggregates). The subtitle says the layer, \
        filters, dates and n; the source line the app version, workspace file and date.")]
    Figure {
        workspace: PathBuf,
        #[arg(long, value_enum)]
        view: figure::View,
        /// One issue (its codebook key); compare: default every issue, one facet each; over-time: default the first; agreement: only that issue.
        #[arg(long)]
        issue: Option<String>,
        /// Only these actors (name or alias; repeat for several).
        #[arg(long)]
        actor: Vec<String>,
        /// Whose coding: a coder's name or `consensus`. Default: the only layer there is, else the consensus.
        #[arg(long)]
        layer: Option<String>,
        /// First article date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last article date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Compare: the order of the actors.
        #[arg(long, value_enum, default_value_t = crate::report::figure::Sort::Net)]
        sort: crate::report::figure::Sort,
        /// Agreement: the order of rows and columns.
        #[arg(long, value_enum, default_value_t = crate::report::figure::Order::Bloc)]
        order: crate::report::figure::Order,
        /// Agreement: what a cell shows (balance: (congruence − conflict) / (congruence + conflict), −1 to +1).
        #[arg(long, value_enum, default_value_t = crate::report::figure::Measure::Balance)]
        measure: crate::report::figure::Measure,
        /// Over time: the width of a point.
        #[arg(long, value_enum, default_value_t = figure::BucketArg::Auto)]
        bucket: figure::BucketArg,
        /// Over time: a moving mean over this many buckets (0: none).
        #[arg(long, default_value_t = 0)]
        smooth: usize,
        /// The file to write: .svg or .png.
        #[arg(long)]
        out: PathBuf,
        /// Width x height in px at scale 1.
        #[arg(long, default_value = "1600x1000")]
        size: String,
        /// Pixel density: 2 doubles the pixels (and the SVG's size) at the same layout.
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Network: how the sides of two actors make a tie.
        #[arg(long, value_enum, default_value_t = Qualifier::Congruence)]
        qualifier: Qualifier,
        #[command(flatten)]
        network: NetworkArgs,
        /// Network: colour the actors by community or by kind.
        #[arg(long, value_enum, default_value_t = crate::report::figure::network::NodeColour::Community)]
        colour: crate::report::figure::network::NodeColour,
    },
    /// Mark articles done (or not) for a coder: only articles every compared coder marked done count in `agreement`.
    #[command(after_help = "Examples:
          stance-tracker done project.stance.json --coder Ana --all
          stance-tracker done project.stance.json --coder Ben 12 15 a17
          stance-tracker done project.stance.json --coder Ben --undo 15")]
    Done {
        workspace: PathBuf,
        /// Article ids (as in the csv export's article_id column).
        articles: Vec<String>,
        /// Every article of the workspace.
        #[arg(long)]
        all: bool,
        /// Remove the done marks instead.
        #[arg(long)]
        undo: bool,
    },
    /// Inter-coder reliability: Krippendorff's alpha (nominal, interval) with bootstrap intervals, Cohen's kappa, percent agreement, unitizing alpha.
    #[command(after_help = "Examples:
          stance-tracker agreement project.stance.json
          stance-tracker agreement project.stance.json --json --coders Ana,Ben

        Units are (article, actor, issue) on the articles every compared coder marked done         (see `done`); the definitions are in README.md.")]
    Agreement {
        /// The workspace file, or a server (postgres://…, with --project).
        workspace: PathBuf,
        /// With a postgres:// workspace: the project on that server.
        #[arg(long)]
        project: Option<String>,
        /// Print JSON (a stable layout: see README.md).
        #[arg(long)]
        json: bool,
        /// The coders to compare (names, comma-separated or repeated); default: every coder with done marks.
        #[arg(long)]
        coders: Vec<String>,
        /// Leave the suggester out.
        #[arg(long)]
        no_suggester: bool,
        /// Bootstrap resamples for the 95% intervals.
        #[arg(long, default_value_t = 2000)]
        draws: usize,
    },
    /// Write a Markdown summary for a methods section: corpus, coders, codebook, reliability, adjudication.
    MethodsReport {
        workspace: PathBuf,
        /// Where to write it (`-` or nothing: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Combine coders' copies of a workspace: articles by content, issues by key, actors by name or alias.
    #[command(after_help = "Examples:
          stance-tracker merge ana.stance.json ben.stance.json --out team.stance.json
          stance-tracker merge team.stance.json carla.stance.json --out team.stance.json

        Every coder's stances stay theirs; what is already there is not added twice, so merging the same \
        file again changes nothing. What could not be matched (an actor whose names fit two actors, an issue \
        defined differently) is listed. The inputs are not changed; --out may be one of them (its previous \
        version is kept as a backup) but no other existing file.")]
    Merge {
        /// The workspaces to combine; the first one's codebook and definitions win.
        #[arg(required = true, num_args = 2..)]
        workspaces: Vec<PathBuf>,
        /// The merged workspace to write.
        #[arg(long)]
        out: PathBuf,
        /// Print the merge report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put a workspace file on a PostgreSQL server as a new shared project (you become its admin).
    #[command(after_help = "Examples:
          stance-tracker push team.stance.json postgres://ana@db.example.org/stance --project ukraine-2025
          stance-tracker push team.stance.json 'postgres:///stance?host=/var/run/postgresql' --project p

        What the URL leaves out comes from PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE and \
        ~/.pgpass, as for psql. The password is never written anywhere. The project goes up whole or not at all.")]
    Push {
        /// The workspace file.
        workspace: PathBuf,
        /// The server: postgres://[user@]host[:port]/database.
        url: String,
        /// The project's name on the server (must not exist yet).
        #[arg(long)]
        project: String,
    },
    /// Copy a shared project from a PostgreSQL server into a workspace file (for offline work or archiving).
    #[command(after_help = "Example:
          stance-tracker pull postgres://ana@db.example.org/stance --project ukraine-2025 --out copy.stance.json

        The copy is the project at one revision, with the same ids, texts, spans, coders and history.")]
    Pull {
        /// The server: postgres://[user@]host[:port]/database.
        url: String,
        /// The project's name on the server.
        #[arg(long)]
        project: String,
        /// The workspace file to write.
        #[arg(long)]
        out: PathBuf,
        /// Replace --out if it exists (its previous version is kept as a .bak).
        #[arg(long)]
        force: bool,
    },
    /// Export the codebook (issues, definitions, cue words) to a versioned file, or import one.
    #[command(after_help = "Examples:
          stance-tracker codebook project.stance.json --out codebook.json
          stance-tracker codebook project.stance.json --import codebook.json")]
    Codebook {
        workspace: PathBuf,
        #[arg(long, conflicts_with = "import")]
        out: Option<PathBuf>,
        #[arg(long)]
        import: Option<PathBuf>,
    },
}

fn confidence(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a confidence between 0 and 1")),
    }
}

/// `import` exit codes, as rsync and curl have them: a script can tell
/// "all went in" from "some files failed" from "nothing went in".
pub const EXIT_SOME_FAILED: u8 = 2;

/// Runs the binary: parses arguments, dispatches, prints one clear line on error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => crate::ui::run(cli.paths).map(|()| 0).map_err(|e| e.to_string()),
        Some(cmd) => run_as(cmd, cli.coder.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; `Ok` carries the exit code (0, or
/// [`EXIT_SOME_FAILED`] when an import was partial).
pub fn run(cmd: Command) -> Result<u8, String> {
    run_as(cmd, None)
}

/// [`run`] as the coder `--coder` names.
pub fn run_as(cmd: Command, coder: Option<&str>) -> Result<u8, String> {
    let name = team::coder_name(coder);
    match cmd {
        Command::Import {
            workspace,
            project,
            paths,
            no_suggest,
            dna_actor: _,
        } if server::is_server(&workspace) => {
            server::import_cmd(&workspace, project.as_deref(), paths, !no_suggest, &name)
        }
        Command::Import {
            workspace,
            project,
            paths,
            no_suggest,
            dna_actor,
        } => {
            if project.is_some() {
                return Err(format!(
                    "--project names a project on a server, and {} is a file",
                    workspace.display()
                ));
            }
            import_cmd(workspace, paths, !no_suggest, dna_actor, &name)
        }
        Command::Push {
            workspace,
            url,
            project,
        } => server::push_cmd(&workspace, &url, &project).map(|()| 0),
        Command::Pull {
            url,
            project,
            out,
            force,
        } => server::pull_cmd(&url, &project, &out, force).map(|()| 0),
        Command::Done {
            workspace,
            articles,
            all,
            undo,
        } => team::done_cmd(&workspace, coder, &articles, all, undo).map(|()| 0),
        Command::Agreement {
            workspace,
            project,
            json,
            coders,
            no_suggester,
            draws,
        } => team::agreement_cmd(&workspace, project.as_deref(), json, &coders, !no_suggester, draws).map(|()| 0),
        Command::Merge { workspaces, out, json } => team::merge_cmd(&workspaces, &out, json).map(|()| 0),
        Command::MethodsReport { workspace, out } => team::methods_cmd(&workspace, out.as_deref()).map(|()| 0),
        Command::Codebook { workspace, out, import } => {
            team::codebook_cmd(&workspace, out.as_deref(), import.as_deref(), &name).map(|()| 0)
        }
        Command::Figure {
            workspace,
            view,
            issue,
            actor,
            layer,
            from,
            to,
            sort,
            order,
            measure,
            bucket,
            smooth,
            out,
            size,
            scale,
            qualifier,
            network,
            colour,
        } => figure::figure_cmd(&figure::FigureArgs {
            workspace: &workspace,
            view,
            issue: issue.as_deref(),
            actors: &actor,
            layer: layer.as_deref(),
            from: from.as_deref(),
            to: to.as_deref(),
            sort,
            order,
            measure,
            bucket,
            smooth,
            out: &out,
            size: &size,
            scale,
            network: network.options(qualifier),
            colour,
        })
        .map(|()| 0),
        Command::Analyze { json, paths } => analyze::run(&paths, json).map(|()| 0),
        Command::Review {
            workspace,
            accept_above,
            reject_below,
            issue,
        } => review_cmd(&workspace, accept_above, reject_below, issue.as_deref(), &name).map(|()| 0),
        Command::Salvage { workspace, out } => salvage_cmd(&workspace, &out).map(|()| 0),
        Command::Export {
            workspace,
            project,
            format,
            out,
            actor,
            issue,
            layer,
            qualifier,
            network,
        } => {
            if qualifier.is_some() && !matches!(format, ExportFormat::GraphmlNetwork | ExportFormat::GexfNetwork) {
                return Err(format!(
                    "--qualifier chooses the ties of --format graphml-network or gexf-network; {} has its own",
                    format.cli_name()
                ));
            }
            let network = network.options(qualifier.unwrap_or_default());
            let ws = server::read_workspace(&workspace, project.as_deref())?;
            let mut filter = export_filter(&ws, &workspace, format, &actor, &issue)?;
            filter.layer = team::export_layer(&ws, &workspace, format, layer.as_deref())?;
            let dna = if format == ExportFormat::Dna {
                let summary = crate::report::dna_export::export_dna(&ws, &filter, &out, Some(&workspace))
                    .map_err(|e| e.to_string())?;
                Some(summary)
            } else {
                export_filtered_with(&ws, format, &filter, &network, &out, Some(&workspace))
                    .map_err(|e| e.to_string())?;
                None
            };
            let from = workspace.display();
            let to = match storage::output_kind(&out) {
                storage::OutputKind::Stdout => "standard output".to_owned(),
                _ => out.display().to_string(),
            };
            match format {
                ExportFormat::Csv | ExportFormat::Json => {
                    eprintln!("exported {} stance(s) from {from} to {to}", ws.stance_count());
                }
                ExportFormat::Dna => {
                    let layer = crate::report::layer_name(&ws, &filter);
                    let summary = dna.unwrap_or_default();
                    eprintln!(
                        "exported a DNA 3 database from {from} to {to} (layer {}): {}",
                        if layer.is_empty() {
                            "without coder"
                        } else {
                            layer.as_str()
                        },
                        summary.describe()
                    );
                    eprintln!(
                        "open it in DNA 3 or rDNA as coder 1 with the password \"{}\"",
                        crate::report::dna_export::PASSWORD
                    );
                }
                _ => {
                    let accepted = ws.stances().filter(|s| s.counts()).count();
                    eprintln!(
                        "exported {} ({accepted} accepted stance(s)) from {from} to {to}",
                        format.cli_name()
                    );
                }
            }
            Ok(0)
        }
    }
}

/// The export's filter: its format's default, narrowed to the actors and
/// issues named on the command line (each must exist, so a typo is not an
/// empty export).
fn export_filter(
    ws: &Workspace,
    path: &std::path::Path,
    format: ExportFormat,
    actors: &[String],
    issues: &[String],
) -> Result<crate::report::Filter, String> {
    let mut filter = crate::report::default_filter(format);
    for name in actors {
        let found = ws
            .actor_by_name(name)
            .ok_or_else(|| format!("no actor \"{name}\" (by name or alias) in {}", path.display()))?;
        filter.actors.insert(found.id);
    }
    for key in issues {
        filter.issues.insert(issue_id(ws, path, key)?);
    }
    Ok(filter)
}

/// The issue a command names by its key; the error lists the keys there are.
fn issue_id(ws: &Workspace, path: &std::path::Path, key: &str) -> Result<crate::model::IssueId, String> {
    ws.issue_by_key(key).map(|i| i.id).ok_or_else(|| {
        let keys: Vec<&str> = ws.issues().map(|i| i.key.as_str()).collect();
        format!(
            "no issue \"{key}\" in {}; its issues are: {}",
            path.display(),
            keys.join(", ")
        )
    })
}

/// Holds the workspace's lock for a command that rewrites it.
fn lock_for_writing(path: &std::path::Path) -> Result<storage::lock::WorkspaceLock, String> {
    storage::lock::WorkspaceLock::acquire(path).map_err(|owner| {
        format!(
            "{} is open in Stance Tracker ({owner}); close it there first",
            path.display()
        )
    })
}

fn review_cmd(
    path: &std::path::Path,
    accept_above: Option<f32>,
    reject_below: Option<f32>,
    issue: Option<&str>,
    coder: &str,
) -> Result<(), String> {
    if accept_above.is_none() && reject_below.is_none() {
        return Err("say what to decide: --accept-above 0.7, --reject-below 0.3, or both".into());
    }
    if let (Some(a), Some(r)) = (accept_above, reject_below)
        && r > a
    {
        return Err(format!(
            "--reject-below {r} is above --accept-above {a}: a suggestion cannot be both"
        ));
    }
    let _lock = lock_for_writing(path)?;
    let ws = open_workspace(path).map_err(|e| e.to_string())?;
    let issue = issue.map(|key| issue_id(&ws, path, key)).transpose()?;
    let rule = ops::ReviewRule {
        article: None,
        issue,
        accept_at_least: accept_above,
        reject_below,
    };
    let pending = ws.pending_count();
    let Some((cmd, counts)) = ops::review(&ws, &rule) else {
        println!("nothing to decide: none of the {pending} pending suggestion(s) is covered by the rule");
        return Ok(());
    };
    let mut doc = Document::opened(ws);
    doc.set_coder(Some(coder.to_owned()));
    doc.execute(cmd).map_err(|e| e.to_string())?;
    save_workspace(doc.workspace(), path).map_err(|e| e.to_string())?;
    println!(
        "accepted {}, rejected {}, left {} pending; each marked as a bulk decision; saved {}",
        counts.accepted,
        counts.rejected,
        doc.workspace().pending_count(),
        path.display()
    );
    Ok(())
}

fn salvage_cmd(path: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let out = storage::with_workspace_extension(out);
    // The damaged file itself exists too, so it is never written over.
    if out.exists() {
        return Err(format!(
            "{} already exists; salvage writes a new file, so choose a name that is not taken",
            out.display()
        ));
    }
    let salvaged = storage::salvage_workspace(path).map_err(|e| e.to_string())?;
    save_workspace(&salvaged.workspace, &out).map_err(|e| e.to_string())?;
    println!("{}", salvaged.summary());
    for line in &salvaged.left_out {
        println!("  left out: {line}");
    }
    println!("saved what checks out to {}", out.display());
    Ok(())
}

fn parse_dna_actor(s: &str) -> Result<import::dna::ActorVariable, String> {
    import::dna::ActorVariable::parse(s)
        .ok_or_else(|| format!("\"{s}\" is not a DNA actor variable: use person or organization"))
}

fn import_cmd(
    path: PathBuf,
    paths: Vec<PathBuf>,
    suggest: bool,
    dna_actor: import::dna::ActorVariable,
    coder: &str,
) -> Result<u8, String> {
    let path = storage::with_workspace_extension(&path);
    // The app saves over whatever we write if it has this workspace open.
    let _lock = lock_for_writing(&path)?;
    let ws = if path.exists() {
        open_workspace(&path).map_err(|e| e.to_string())?
    } else {
        Workspace::new()
    };
    let mut doc = Document::opened(ws);
    doc.set_coder(Some(coder.to_owned()));
    let (dna_paths, paths) = import::split_dna(paths);
    let loads = import::load_paths(&paths, &LoadOptions::default(), &Progress::default());
    let (cmd, mut report) = import::add_to_workspace(doc.workspace(), loads);
    if let Some(cmd) = cmd {
        doc.execute(cmd).map_err(|e| e.to_string())?;
    }
    // DNA's articles come coded: the analysis suggests for the others only.
    let suggested = if suggest {
        crate::analysis::suggestions_into(&mut doc, &report.imported_ids())?
    } else {
        crate::analysis::Suggestions::default()
    };
    if !dna_paths.is_empty() {
        let mut copy = doc.workspace().clone();
        let options = import::dna::DnaOptions { actor: dna_actor };
        let (commands, dna_report) = import::import_dna_files(&mut copy, &dna_paths, &options);
        report.append(dna_report);
        if !commands.is_empty() {
            let label = format!("import {} DNA database(s)", dna_paths.len());
            // DNA's statements stay their DNA coders' work: not stamped.
            doc.execute_verbatim(crate::model::Command::Batch { label, commands })
                .map_err(|e| e.to_string())?;
        }
    }
    println!("{report}");
    if suggest {
        println!("{} suggested stance(s) stored as pending", suggested.stances);
        if let Some(note) = suggested.not_english_note() {
            println!("{note}");
        }
    }
    // Nothing new: leave the file alone (and create none).
    if report.imported() == 0 && report.dna.iter().all(|d| d.stances == 0) {
        return if report.failed() > 0 {
            Err("no article could be imported".into())
        } else {
            Ok(0)
        };
    }
    save_workspace(doc.workspace(), &path).map_err(|e| e.to_string())?;
    println!("saved {}", path.display());
    if report.failed() > 0 {
        eprintln!(
            "warning: {} file(s) could not be imported, or only in part (listed above); exit code {EXIT_SOME_FAILED}",
            report.failed()
        );
        return Ok(EXIT_SOME_FAILED);
    }
    if report.statement_problems() > 0 {
        eprintln!(
            "warning: {} DNA statement(s) could not be imported (listed above); exit code {EXIT_SOME_FAILED}",
            report.statement_problems()
        );
        return Ok(EXIT_SOME_FAILED);
    }
    Ok(0)
}
