//! Team commands: done marks, inter-coder agreement, the methods report and
//! the codebook file.

use super::lock_for_writing;
use crate::model::{ArticleId, CoderId, Document, UNKNOWN_CODER, Workspace, coders};
use crate::report::BootstrapOptions;
use crate::report::ExportFormat;
use crate::report::agreement::{self, AgreementOptions, AgreementReport, Estimate, Figures};
use crate::storage::{self, open_workspace, save_workspace};
use std::path::Path;

/// Who the command line codes as: `--coder`, else the name the app saved,
/// else "unknown".
pub fn coder_name(flag: Option<&str>) -> String {
    flag.map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| storage::recent::config_dir().and_then(|d| storage::identity::load_coder_name(&d)))
        .unwrap_or_else(|| UNKNOWN_CODER.to_owned())
}

/// `stance-tracker done W --coder NAME [ARTICLE…|--all] [--undo]`.
pub fn done_cmd(path: &Path, coder: Option<&str>, articles: &[String], all: bool, undo: bool) -> Result<(), String> {
    let Some(name) = coder.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err("say whose done marks these are: --coder NAME".into());
    };
    if articles.is_empty() && !all {
        return Err("name the articles (their ids, as in the csv export's article_id column) or give --all".into());
    }
    let _lock = lock_for_writing(path)?;
    let ws = open_workspace(path).map_err(|e| e.to_string())?;
    let ids: Vec<ArticleId> = if all {
        ws.articles().map(|a| a.id).collect()
    } else {
        articles
            .iter()
            .map(|s| article_id(&ws, path, s))
            .collect::<Result<_, _>>()?
    };
    let mut doc = Document::opened(ws);
    let mut scratch = doc.workspace().clone();
    let (coder, add) = coders::coder_named(&mut scratch, name);
    if let Some(add) = add {
        doc.execute(add).map_err(|e| e.to_string())?;
    }
    let Some(cmd) = coders::set_done(doc.workspace(), coder, &ids, !undo) else {
        println!(
            "nothing to change: {} article(s) already {} for {name}",
            ids.len(),
            if undo { "not done" } else { "done" }
        );
        return Ok(());
    };
    let label = cmd.label();
    doc.execute(cmd).map_err(|e| e.to_string())?;
    save_workspace(doc.workspace(), path).map_err(|e| e.to_string())?;
    let done = doc.workspace().done_marks().filter(|&(_, c)| c == coder).count();
    println!(
        "{label}; {name} has {done} of {} article(s) done; saved {}",
        doc.workspace().article_count(),
        path.display()
    );
    Ok(())
}

/// An article named by its id ("12" or "a12").
fn article_id(ws: &Workspace, path: &Path, s: &str) -> Result<ArticleId, String> {
    let digits = s.trim().trim_start_matches('a');
    digits
        .parse::<u64>()
        .ok()
        .map(ArticleId)
        .filter(|id| ws.article(*id).is_some())
        .ok_or_else(|| format!("no article with id \"{s}\" in {}", path.display()))
}

/// The coders named on the command line (or every coder with done marks).
fn compared(ws: &Workspace, path: &Path, names: &[String]) -> Result<Vec<CoderId>, String> {
    if names.is_empty() {
        return Ok(agreement::compared_coders(ws));
    }
    names
        .iter()
        .flat_map(|n| n.split(','))
        .map(|n| {
            ws.coder_by_name(n).map(|c| c.id).ok_or_else(|| {
                let all: Vec<&str> = ws.coders().map(|c| c.name.as_str()).collect();
                format!(
                    "no coder \"{n}\" in {}; its coders are: {}",
                    path.display(),
                    all.join(", ")
                )
            })
        })
        .collect()
}

/// `stance-tracker agreement W [--json] [--coders A,B] [--no-suggester]`.
pub fn agreement_cmd(
    path: &Path,
    project: Option<&str>,
    json: bool,
    names: &[String],
    suggester: bool,
    draws: usize,
) -> Result<(), String> {
    let ws = super::server::read_workspace(path, project)?;
    let coders = compared(&ws, path, names)?;
    if coders.len() < 2 {
        return Err(format!(
            "agreement needs two coders who marked articles done; {} has {}. \
             Mark articles done with `stance-tracker done {} --coder NAME --all` (or in the app) and merge the coders' copies",
            path.display(),
            coders.len(),
            path.display()
        ));
    }
    let options = AgreementOptions {
        coders,
        suggester,
        bootstrap: BootstrapOptions {
            draws,
            ..BootstrapOptions::default()
        },
    };
    let report = agreement::agreement(&ws, &options);
    if json {
        let text = serde_json::to_string_pretty(&report).expect("the report serialises");
        println!("{text}");
    } else {
        print!("{}", agreement_text(&report));
    }
    Ok(())
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn with_ci(e: &Estimate) -> String {
    match (e.value, e.ci_low, e.ci_high) {
        (Some(v), Some(l), Some(h)) => format!("{v:.3} [{l:.3}, {h:.3}]"),
        (v, _, _) => num(v),
    }
}

/// The agreement as a readable table.
pub fn agreement_text(r: &AgreementReport) -> String {
    let mut out = format!(
        "Coders: {}. Units: (article, actor, issue) on the {} article(s) all of them marked done.\n\
         alpha nominal: five values (support, oppose, neutral, mixed, no stance); alpha interval: \
         support +1, neutral/mixed 0, oppose -1, no stance missing. 95% intervals: bootstrap, {} draws.\n\n",
        r.coders.coders.join(", "),
        r.articles,
        r.bootstrap_draws
    );
    let row = |name: &str, f: &Figures, u: Option<f64>| {
        format!(
            "{name:<16} {:>5} {:>6} {:>24} {:>24} {:>8} {:>8}\n",
            f.units,
            f.pairable_values,
            with_ci(&f.alpha_nominal),
            with_ci(&f.alpha_interval),
            f.percent_agreement
                .map_or_else(|| "n/a".into(), |p| format!("{:.1}%", p * 100.0)),
            num(u)
        )
    };
    out.push_str(&format!(
        "{:<16} {:>5} {:>6} {:>24} {:>24} {:>8} {:>8}\n",
        "issue", "units", "values", "alpha nominal [95% CI]", "alpha interval [95% CI]", "agree", "u-alpha"
    ));
    for i in &r.coders.issues {
        out.push_str(&row(&i.issue, &i.figures, i.unitizing_alpha));
    }
    out.push_str(&row("all issues", &r.coders.overall, None));
    out.push_str(&format!(
        "\nActors identified per article: alpha {} over {} (article, actor) pair(s)\n",
        with_ci(&r.coders.actors_identified),
        r.coders.actor_units
    ));
    out.push_str("\nCohen's kappa (all issues):\n");
    for k in &r.coders.overall.kappa {
        out.push_str(&format!(
            "  {} - {}: {} over {} unit(s)\n",
            k.first,
            k.second,
            num(k.kappa),
            k.units
        ));
    }
    if let Some(s) = &r.with_suggester {
        out.push_str(&format!(
            "\nWith the suggester as one more coder: alpha nominal {}, interval {}",
            with_ci(&s.overall.alpha_nominal),
            with_ci(&s.overall.alpha_interval)
        ));
        if r.suggester_unknown_actors > 0 {
            out.push_str(&format!(
                " ({} suggestion(s) about actors not in the workspace left out)",
                r.suggester_unknown_actors
            ));
        }
        out.push('\n');
        for k in s.overall.kappa.iter().filter(|k| k.second == agreement::SUGGESTER) {
            out.push_str(&format!("  kappa {} - suggester: {}\n", k.first, num(k.kappa)));
        }
    }
    out
}

/// The layer an export counts. Aggregates take one layer; with several and
/// no consensus the user must say which.
pub fn export_layer(
    ws: &Workspace,
    path: &Path,
    format: ExportFormat,
    layer: Option<&str>,
) -> Result<Option<CoderId>, String> {
    let flat = matches!(format, ExportFormat::Csv | ExportFormat::Json | ExportFormat::Qdpx);
    match layer.map(str::trim) {
        Some(l) if l.eq_ignore_ascii_case("all") => {
            if flat {
                Ok(None)
            } else {
                Err(format!(
                    "--layer all adds the coders' stances up, which only the flat csv may do: choose one coder or consensus for {}",
                    format.cli_name()
                ))
            }
        }
        Some(l) if l.eq_ignore_ascii_case("consensus") => ws.consensus_coder().map(|c| Some(c.id)).ok_or_else(|| {
            format!(
                "{} has no consensus yet: adjudicate in the Reliability view first",
                path.display()
            )
        }),
        Some(name) => ws.coder_by_name(name).map(|c| Some(c.id)).ok_or_else(|| {
            let all: Vec<&str> = ws.coders().map(|c| c.name.as_str()).collect();
            format!(
                "no coder \"{name}\" in {}; its coders are: {}",
                path.display(),
                all.join(", ")
            )
        }),
        None if flat => Ok(None),
        None => {
            let layers = ws.layers();
            if layers.len() > 1 && ws.consensus_coder().is_none_or(|c| !layers.contains(&c.id)) {
                let names: Vec<String> = layers.iter().map(|&c| coder_label(ws, c)).collect();
                return Err(format!(
                    "{} holds the stances of {} coders ({}) and no consensus: choose whose to export with --layer NAME",
                    path.display(),
                    layers.len(),
                    names.join(", ")
                ));
            }
            Ok(crate::report::default_layer(ws, None))
        }
    }
}

fn coder_label(ws: &Workspace, c: CoderId) -> String {
    ws.coder(c).map_or_else(|| c.to_string(), |c| c.name.clone())
}

/// `stance-tracker methods-report W [--out F]`.
pub fn methods_cmd(path: &Path, out: Option<&Path>) -> Result<(), String> {
    let ws = open_workspace(path).map_err(|e| e.to_string())?;
    let text = crate::report::methods::methods_report(&ws, &path.display().to_string());
    match out {
        None => print!("{text}"),
        Some(out) => {
            storage::write_export(out, text.as_bytes(), Some(path)).map_err(|e| e.to_string())?;
            eprintln!("wrote the methods report to {}", out.display());
        }
    }
    Ok(())
}

/// `stance-tracker codebook W --out F` or `--import F`.
pub fn codebook_cmd(path: &Path, out: Option<&Path>, import: Option<&Path>, coder: &str) -> Result<(), String> {
    match (out, import) {
        (Some(out), None) => {
            let ws = open_workspace(path).map_err(|e| e.to_string())?;
            storage::write_export(out, &storage::codebook::codebook_bytes(&ws), Some(path))
                .map_err(|e| e.to_string())?;
            eprintln!(
                "wrote codebook version {} ({} issues) to {}",
                ws.codebook_version(),
                ws.issues().count(),
                out.display()
            );
            Ok(())
        }
        (None, Some(file)) => {
            let book = storage::codebook::read_codebook(file)?;
            let _lock = lock_for_writing(path)?;
            let ws = open_workspace(path).map_err(|e| e.to_string())?;
            let (cmd, summary) = storage::codebook::import_command(&ws, &book);
            let Some(cmd) = cmd else {
                println!("{summary}; nothing to change");
                return Ok(());
            };
            let mut doc = Document::opened(ws);
            doc.set_coder(Some(coder.to_owned()));
            doc.execute(cmd).map_err(|e| e.to_string())?;
            save_workspace(doc.workspace(), path).map_err(|e| e.to_string())?;
            println!("{summary}; saved {}", path.display());
            Ok(())
        }
        _ => Err("say what to do: --out FILE to export the codebook, or --import FILE".into()),
    }
}

/// `stance-tracker merge A B… --out C`: B and the rest merged into A, in order.
pub fn merge_cmd(inputs: &[std::path::PathBuf], out: &Path, json: bool) -> Result<(), String> {
    let out = storage::with_workspace_extension(out);
    let same_file = |p: &Path| match (std::fs::canonicalize(p), std::fs::canonicalize(&out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if out.exists() && !inputs.iter().any(|p| same_file(p)) {
        return Err(format!(
            "{} already exists and is not one of the workspaces merged; choose a new name, or name it as an input \
             to merge into it",
            out.display()
        ));
    }
    let _lock = lock_for_writing(&out)?;
    let mut ws = open_workspace(&inputs[0]).map_err(|e| e.to_string())?;
    let mut reports = Vec::new();
    for path in &inputs[1..] {
        let theirs = open_workspace(path).map_err(|e| e.to_string())?;
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let (cmd, report) = crate::model::merge::plan_merge(&ws, &theirs, &name);
        if let Some(cmd) = cmd {
            ws.apply(cmd)
                .map_err(|e| format!("merging {} failed, nothing was written: {e}", path.display()))?;
        }
        reports.push((path.display().to_string(), report));
    }
    save_workspace(&ws, &out).map_err(|e| e.to_string())?;
    if json {
        let list: Vec<serde_json::Value> = reports
            .iter()
            .map(|(from, r)| serde_json::json!({ "merged": from, "report": r }))
            .collect();
        let doc = serde_json::json!({ "out": out.display().to_string(), "merges": list });
        println!("{}", serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?);
        return Ok(());
    }
    for (from, r) in &reports {
        println!("merged {from}: {}", r.summary());
        for note in &r.notes {
            println!("  note: {note}");
        }
    }
    println!(
        "saved {} ({} article(s), {} stance(s), {} coder(s))",
        out.display(),
        ws.article_count(),
        ws.stance_count(),
        ws.coders().count()
    );
    Ok(())
}
