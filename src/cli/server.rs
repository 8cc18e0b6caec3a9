//! The command line's server side: `push`, `pull`, and a `postgres://` URL
//! with `--project` wherever a command reads a workspace or imports into one.

use super::lock_for_writing;
use crate::import::{self, LoadOptions, Progress};
use crate::model::Workspace;
use crate::server::{self, ServerProject, is_server_url};
use crate::storage::{self, open_workspace, save_workspace};
use std::path::{Path, PathBuf};

/// Whether a workspace argument is a server URL.
pub fn is_server(path: &Path) -> bool {
    path.to_str().is_some_and(is_server_url)
}

fn project_name<'a>(path: &Path, project: Option<&'a str>) -> Result<&'a str, String> {
    project.filter(|p| !p.trim().is_empty()).ok_or_else(|| {
        format!(
            "{} is a server: say which project with --project NAME",
            server::url::redact(&path.to_string_lossy())
        )
    })
}

/// The workspace a reading command works on: a file, or a server's project.
pub fn read_workspace(path: &Path, project: Option<&str>) -> Result<Workspace, String> {
    if is_server(path) {
        let url = path.to_str().expect("checked by is_server");
        let name = project_name(path, project)?;
        return server::open(url, name).map(|(ws, _)| ws).map_err(|e| e.to_string());
    }
    if project.is_some() {
        return Err(format!(
            "--project names a project on a server, and {} is a file",
            path.display()
        ));
    }
    open_workspace(path).map_err(|e| e.to_string())
}

/// `stance-tracker push W.stance.json postgres://… --project NAME`.
pub fn push_cmd(file: &Path, url: &str, project: &str) -> Result<(), String> {
    let ws = open_workspace(file).map_err(|e| e.to_string())?;
    let pushed = server::push(&ws, url, project).map_err(|e| e.to_string())?;
    let shown = server::ServerUrl::parse(url).map_err(|e| e.to_string())?;
    println!(
        "pushed {} as project \"{}\" to {}: {} article(s), {} stance(s); you are its admin",
        file.display(),
        pushed.project,
        shown.shown(),
        pushed.articles,
        pushed.stances
    );
    Ok(())
}

/// `stance-tracker pull postgres://… --project NAME --out W.stance.json`.
pub fn pull_cmd(url: &str, project: &str, out: &Path, force: bool) -> Result<(), String> {
    let out = storage::with_workspace_extension(out);
    if out.exists() && !force {
        return Err(format!(
            "{} already exists; choose another --out, or add --force to replace it (its previous version is kept as a .bak)",
            out.display()
        ));
    }
    let _lock = if out.exists() {
        Some(lock_for_writing(&out)?)
    } else {
        None
    };
    let (ws, rev) = server::pull(url, project).map_err(|e| e.to_string())?;
    save_workspace(&ws, &out).map_err(|e| e.to_string())?;
    println!(
        "pulled project \"{project}\" at revision {rev}: {} article(s), {} stance(s); saved {}",
        ws.article_count(),
        ws.stance_count(),
        out.display()
    );
    Ok(())
}

/// `import --workspace postgres://… --project NAME FILES…`: the same
/// import as into a file, as one command on the server.
pub fn import_cmd(
    url: &Path,
    project: Option<&str>,
    paths: Vec<PathBuf>,
    suggest: bool,
    coder: &str,
) -> Result<u8, String> {
    let name = project_name(url, project)?;
    let url = url.to_str().expect("checked by is_server");
    let mut p = ServerProject::open(url, name).map_err(|e| e.to_string())?;
    if p.coder_name().is_none() {
        p.set_coder(Some(coder.to_owned()));
    }
    let (dna, paths) = import::split_dna(paths);
    if !dna.is_empty() {
        return Err("DNA databases are imported into a file workspace; push that file to the server".into());
    }
    let loads = import::load_paths(&paths, &LoadOptions::default(), &Progress::default());
    // New ids from the server's counter: free, since nobody has reserved them.
    let (cmd, report) = import::add_to_workspace(p.workspace(), loads);
    println!("{report}");
    let Some(cmd) = cmd else {
        return if report.failed() > 0 {
            Err("no article could be imported".into())
        } else {
            Ok(0)
        };
    };
    p.execute(&cmd).map_err(|e| e.to_string())?;
    if suggest {
        let (cmd, n) = crate::analysis::suggest_command(p.workspace(), &report.imported_ids());
        if let Some(cmd) = cmd {
            p.execute(&cmd).map_err(|e| e.to_string())?;
        }
        println!("{n} suggested stance(s) stored as pending");
    }
    println!(
        "saved to project \"{name}\" on {} (revision {})",
        p.server(),
        p.revision()
    );
    Ok(if report.failed() > 0 {
        super::EXIT_SOME_FAILED
    } else {
        0
    })
}
