//! Long work off the UI thread: importing (load + analyse) and opening
//! workspaces. The UI polls a job each frame for progress and the result.

use crate::import::{self, ImportReport, LoadOptions, Progress};
use crate::model::{Command, Workspace};
use crate::storage::{StorageError, open_workspace};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

pub enum JobOutput {
    /// Commands to apply in order (articles, then suggestions), with the report.
    Imported {
        commands: Vec<Command>,
        report: ImportReport,
        suggested: usize,
        /// Which articles got no suggestions because they are not in English.
        not_english: Option<String>,
    },
    Opened {
        path: PathBuf,
        result: Result<Workspace, StorageError>,
    },
    /// A workspace read to be merged into the open one.
    ForMerge {
        path: PathBuf,
        result: Result<Workspace, StorageError>,
    },
    Salvaged {
        path: PathBuf,
        result: Result<crate::storage::Salvaged, StorageError>,
    },
    Suggested {
        command: Option<Command>,
        suggested: usize,
        not_english: Option<String>,
    },
    Saved {
        path: PathBuf,
        revision: u64,
        result: Result<(), StorageError>,
    },
    Cancelled,
}

pub struct Job {
    pub label: String,
    pub progress: Arc<Progress>,
    rx: Receiver<JobOutput>,
}

/// The commands that add loaded files to `copy` (a snapshot of the
/// workspace, which they are applied to) and, with `suggest`, store the
/// analysis' suggestions for the new articles: the articles first, then the
/// suggestions made with them in place.
pub(crate) fn import_commands(
    copy: &mut Workspace,
    loads: Vec<import::FileLoad>,
    suggest: bool,
) -> (Vec<Command>, ImportReport, crate::analysis::Suggestions) {
    let (cmd, report) = import::add_to_workspace(copy, loads);
    let mut commands = Vec::new();
    let mut suggested = crate::analysis::Suggestions::default();
    if let Some(cmd) = cmd
        && copy.apply(cmd.clone()).is_ok()
    {
        commands.push(cmd);
        if suggest {
            suggested = crate::analysis::suggestions(copy, &report.imported_ids());
            commands.extend(suggested.command.take());
        }
    }
    (commands, report, suggested)
}

impl Job {
    /// Loads files, adds them to a copy of the workspace and analyses the new
    /// articles there, so the UI thread only applies the finished commands.
    pub fn import(ws: &Workspace, paths: Vec<PathBuf>, suggest: bool, dna: import::dna::DnaOptions) -> Job {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let mut copy = ws.clone();
        let p = Arc::clone(&progress);
        let n = paths.len();
        spawn_background(move || {
            let (dna_paths, paths) = import::split_dna(paths);
            let loads = import::load_paths(&paths, &LoadOptions::default(), &p);
            if p.cancelled() {
                let _ = tx.send(JobOutput::Cancelled);
                return;
            }
            let (mut commands, mut report, suggested) = import_commands(&mut copy, loads, suggest);
            // DNA databases come coded, with the actor variable the user
            // chose (the summary says which), and no suggestions for their articles.
            let (dna, dna_report) = import::import_dna_files(&mut copy, &dna_paths, &dna);
            commands.extend(dna);
            report.append(dna_report);
            if p.cancelled() {
                let _ = tx.send(JobOutput::Cancelled);
                return;
            }
            let _ = tx.send(JobOutput::Imported {
                commands,
                report,
                suggested: suggested.stances,
                not_english: suggested.not_english_note(),
            });
        });
        let label = if n == 1 {
            "Importing articles".to_owned()
        } else {
            format!("Importing from {n} locations")
        };
        Job { label, progress, rx }
    }

    /// Analyses articles again on a copy of the workspace; decisions already
    /// made are kept (see `analysis::suggest_command`).
    pub fn suggest(ws: &Workspace, articles: Vec<crate::model::ArticleId>) -> Job {
        let progress = Arc::new(Progress::default());
        progress.total.store(articles.len(), Ordering::Relaxed);
        let (tx, rx) = channel();
        let copy = ws.clone();
        let n = articles.len();
        spawn_background(move || {
            let s = crate::analysis::suggestions(&copy, &articles);
            let not_english = s.not_english_note();
            let _ = tx.send(JobOutput::Suggested {
                command: s.command,
                suggested: s.stances,
                not_english,
            });
        });
        Job {
            label: format!("Analysing {n} article(s)"),
            progress,
            rx,
        }
    }

    /// Saves a copy of the workspace (article texts are shared, not copied).
    pub fn save(ws: Workspace, path: PathBuf, revision: u64) -> Job {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let label = format!("Saving {}", path.display());
        spawn_background(move || {
            let result = crate::storage::save_workspace(&ws, &path);
            let _ = tx.send(JobOutput::Saved { path, revision, result });
        });
        Job { label, progress, rx }
    }

    pub fn open(path: PathBuf) -> Job {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let label = format!("Opening {}", path.display());
        spawn_background(move || {
            let result = open_workspace(&path);
            let _ = tx.send(JobOutput::Opened { path, result });
        });
        Job { label, progress, rx }
    }

    /// Reads a workspace to merge into the open one.
    pub fn open_for_merge(path: PathBuf) -> Job {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let label = format!("Reading {}", path.display());
        spawn_background(move || {
            let result = open_workspace(&path);
            let _ = tx.send(JobOutput::ForMerge { path, result });
        });
        Job { label, progress, rx }
    }

    /// Reads what still checks out of a damaged workspace.
    pub fn salvage(path: PathBuf) -> Job {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let label = format!("Salvaging {}", path.display());
        spawn_background(move || {
            let result = crate::storage::salvage_workspace(&path);
            let _ = tx.send(JobOutput::Salvaged { path, result });
        });
        Job { label, progress, rx }
    }

    /// The result, once the job is done.
    pub fn poll(&self) -> Option<JobOutput> {
        match self.rx.try_recv() {
            Ok(out) => Some(out),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(JobOutput::Cancelled),
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// Fraction done, when known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.progress.total.load(Ordering::Relaxed);
        (total > 0).then(|| self.progress.done.load(Ordering::Relaxed) as f32 / total as f32)
    }

    /// Waits for the result (tests and the command line).
    pub fn wait(self) -> JobOutput {
        self.rx.recv().unwrap_or(JobOutput::Cancelled)
    }
}

/// Starts background work at a lower CPU priority than the window. On two
/// cores a save, a table sort and the UI thread would otherwise take turns,
/// and the window's frames would stretch past 100 ms.
pub(crate) fn spawn_background<F, T>(f: F) -> std::thread::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    std::thread::spawn(move || {
        // On Linux the nice value is per thread; `who = 0` is this thread.
        #[cfg(target_os = "linux")]
        // SAFETY: a plain syscall on the calling thread; failure just keeps the priority.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
        }
        f()
    })
}
