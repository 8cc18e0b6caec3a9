//! Loaders that turn files into articles, and the report of what happened to
//! each file. Loading is pure (no workspace access) and runs in parallel;
//! [`add_to_workspace`] then turns the result into one undoable command.

pub mod codings;
mod csv_corpus;
pub mod dates;
mod decode;
pub mod dna;
mod docx;
mod factiva;
mod html;
mod markdown;
mod nexis;
pub mod pdf;
pub mod qdpx;
mod report;
mod rtf;
mod split;
mod txt;

pub use report::{DnaSummary, ImportReport, Outcome, ReportEntry};
use split::{split_export, split_factiva};

use crate::model::{Article, ArticleId, Command, Date, Workspace, text::normalize_text};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use thiserror::Error;

/// File extensions the loaders understand.
pub const EXTENSIONS: [&str; 10] = [
    "txt", "md", "markdown", "html", "htm", "csv", "docx", "pdf", "rtf", "qdpx",
];

/// What the import dialogs offer: the article files, and DNA databases
/// ([`dna`]), which are imported when named, never found in a folder.
pub const FILE_EXTENSIONS: [&str; 11] = [
    "txt",
    "md",
    "markdown",
    "html",
    "htm",
    "csv",
    "docx",
    "pdf",
    "rtf",
    "qdpx",
    dna::EXTENSION,
];

/// Splits the paths to import into DNA databases (files named `*.dna`)
/// and the rest, for the article loaders.
pub fn split_dna(paths: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    paths
        .into_iter()
        .partition(|p| extension(p).as_deref() == Some(dna::EXTENSION) && !p.is_dir())
}

/// Imports DNA databases one after the other into `copy`, a scratch copy
/// of the workspace that each command is applied to as it is made. The
/// commands, applied in order to the real workspace, do the same there.
pub fn import_dna_files(
    copy: &mut Workspace,
    paths: &[PathBuf],
    options: &dna::DnaOptions,
) -> (Vec<Command>, ImportReport) {
    let mut commands = Vec::new();
    let mut report = ImportReport::default();
    for path in paths {
        let (cmd, r) = dna::import(copy, path, options);
        report.append(r);
        if let Some(cmd) = cmd {
            match copy.apply(cmd.clone()) {
                Ok(_) => commands.push(cmd),
                Err(e) => report.entries.push(ReportEntry {
                    file: path.display().to_string(),
                    source: None,
                    outcome: Outcome::Failed(format!("the import was refused: {e}")),
                }),
            }
        }
    }
    (commands, report)
}

/// An article as read from a file, before it joins a workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedArticle {
    pub title: String,
    pub date: Option<Date>,
    /// A URL or other origin named inside the file; the file path is used otherwise.
    pub source: Option<String>,
    pub text: String,
    /// What the file says about the article besides its title and date
    /// (outlet, byline, section, length, language…), keyed by
    /// [`crate::model::meta`] names.
    pub meta: BTreeMap<String, String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum ImportError {
    /// A complete message: the file system's errors are worded by `io_message`.
    #[error("{0}")]
    Io(String),
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary, not text")]
    Binary,
    #[error(
        "\"{0}\" files are not supported (use .txt, .md, .html, .htm, .csv, .docx, .pdf, .rtf, .qdpx, or a DNA 3 database .dna)"
    )]
    Unsupported(String),
    /// A file of another type found while scanning a folder: reported, not an error.
    #[error("{0} files are not imported from folders (only .txt, .md, .html, .htm, .csv, .docx, .pdf, .rtf, .qdpx)")]
    SkippedType(String),
    #[error("the CSV has no text column (looked for text, body or content; found: {})", headers.join(", "))]
    NoTextColumn { headers: Vec<String> },
    #[error("the CSV cannot be read: {0}")]
    Csv(String),
    #[error("the file has no article text")]
    NoText,
    /// A complete message saying what is wrong with the Word document and what to do.
    #[error("{0}")]
    Docx(String),
    /// A complete message saying what is wrong with the PDF and what to do.
    #[error("{0}")]
    Pdf(String),
    /// What is wrong with the RTF file.
    #[error("the RTF cannot be read: {0}")]
    Rtf(String),
    /// A complete message saying what is wrong with the REFI-QDA project.
    #[error("{0}")]
    Qdpx(String),
    #[error("{}", unclosed_quote_message(*line, *rows_before))]
    UnclosedQuote { line: u64, rows_before: usize },
    /// A complete message saying what is wrong with the DNA database.
    #[error("{0}")]
    Dna(String),
}

fn unclosed_quote_message(line: u64, rows_before: usize) -> String {
    let imported = match rows_before {
        0 => "no row before it to import".to_owned(),
        1 => "the row before it was imported, the rest of the file was not".to_owned(),
        n => format!(
            "the {} rows before it were imported, the rest of the file was not",
            thousands(n as u64)
        ),
    };
    format!(
        "line {}: a quoted field is never closed; {imported} (close the quote, or write \"\" for a quote inside a field)",
        thousands(line)
    )
}

/// `1234567` → `1,234,567`, for counts and line numbers in messages.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files above this size are refused before reading them.
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 512 * 1024 * 1024,
        }
    }
}

/// What came out of one file.
#[derive(Debug)]
pub struct FileLoad {
    pub path: PathBuf,
    pub result: Result<Vec<LoadedArticle>, ImportError>,
    /// Things the user should know, e.g. a guessed encoding or skipped CSV rows.
    pub notes: Vec<String>,
    /// Why reading stopped part-way through the file: the articles before
    /// that point are in `result`, and the report counts this as a failure.
    pub cut_short: Option<ImportError>,
    /// Actors, issues and stances coded in the file (a REFI-QDA project),
    /// added with its articles by [`add_to_workspace`].
    pub codings: Option<Box<codings::Codings>>,
}

/// What came out of file content: the articles, and why reading stopped
/// early if it did (see [`FileLoad::cut_short`]).
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<LoadedArticle>,
    pub cut_short: Option<ImportError>,
    /// See [`FileLoad::codings`].
    pub codings: Option<Box<codings::Codings>>,
}

/// Shared progress and cancellation, for the GUI's progress bar.
#[derive(Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl FileLoad {
    pub fn new(path: PathBuf, parsed: Result<Parsed, ImportError>, notes: Vec<String>) -> FileLoad {
        let (result, cut_short, codings) = match parsed {
            Ok(p) => (Ok(p.articles), p.cut_short, p.codings),
            Err(e) => (Err(e), None, None),
        };
        FileLoad {
            path,
            result,
            notes,
            cut_short,
            codings,
        }
    }

    fn failed(path: PathBuf, error: ImportError) -> FileLoad {
        FileLoad::new(path, Err(error), Vec::new())
    }
}

/// Expands folders (recursively, supported extensions only, hidden entries
/// skipped) into a sorted file list. Paths that cannot be used come back as
/// errors saying why (missing, a permission, a broken or looping link).
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileLoad>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // A file named on its own and found again in a named folder is loaded once.
    let mut seen: HashSet<PathBuf> = paths.iter().filter(|p| !p.is_dir()).cloned().collect();
    for path in paths {
        // Not `exists()`: it turns every error, a permission too, into "missing".
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut files, &mut errors, &mut seen),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(FileLoad::failed(
                path.clone(),
                ImportError::Io(lookup_message(path, &e)),
            )),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<FileLoad>, seen: &mut HashSet<PathBuf>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let message = io_message(&e, Access::Folder(dir));
            errors.push(FileLoad::failed(dir.to_owned(), ImportError::Io(message)));
            return;
        }
    };
    // The entry's own type needs no system call (d_type); only symlinks are stat'ed.
    let mut paths: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, file_type) in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Symlinked folders are not followed, so a loop of links cannot hang the import.
        let is_link =
            file_type.is_none_or(|t| t.is_symlink()) && p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        let (is_dir, is_file) = match file_type {
            Some(t) if !t.is_symlink() => (t.is_dir(), t.is_file()),
            _ => match std::fs::metadata(&p) {
                Ok(m) => (m.is_dir(), m.is_file()),
                // A broken link that looks like an article is worth a word; others are not.
                Err(e) => {
                    if is_supported(&p) {
                        let message = lookup_message(&p, &e);
                        errors.push(FileLoad::failed(p, ImportError::Io(message)));
                    }
                    continue;
                }
            },
        };
        if is_dir && !is_link {
            walk(&p, files, errors, seen);
        } else if !is_file || !seen.insert(p.clone()) {
            continue;
        } else if is_supported(&p) {
            files.push(p);
        } else {
            // Say what was left out, so a folder of PDFs does not import "nothing" silently.
            let ext = extension(&p).map_or_else(|| "extension-less".to_owned(), |e| format!(".{e}"));
            errors.push(FileLoad::failed(p, ImportError::SkippedType(ext)));
        }
    }
}

/// What was being done when the file system refused.
#[derive(Clone, Copy, Debug)]
enum Access<'a> {
    /// Reading a file.
    File,
    /// Listing this folder, or searching it for a path inside.
    Folder(&'a Path),
    /// Following a symbolic link to this target.
    Link(&'a Path),
}

/// The message for a file system error, naming what the user has to fix;
/// kept apart from the look-ups so that it can be tested without them.
fn io_message(err: &std::io::Error, access: Access) -> String {
    use std::io::ErrorKind;
    if is_link_loop(err) {
        return "a symbolic link loop: following the links never reaches a file".into();
    }
    match (err.kind(), access) {
        (ErrorKind::PermissionDenied, Access::Folder(dir)) => {
            format!("permission denied: the folder {} cannot be read", dir.display())
        }
        (ErrorKind::PermissionDenied, _) => "permission denied: the file cannot be read".into(),
        (ErrorKind::NotFound, Access::Link(target)) => {
            format!("a symbolic link to {}, which does not exist", target.display())
        }
        (ErrorKind::NotFound, _) => "no such file or folder".into(),
        (_, Access::Folder(dir)) => format!("the folder {} cannot be read: {err}", dir.display()),
        _ => format!("cannot read the file: {err}"),
    }
}

/// `io::ErrorKind::FilesystemLoop` is not stable yet, hence the raw ELOOP.
fn is_link_loop(err: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    return err.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(target_os = "linux"))]
    false
}

/// The message for a path whose look-up (`stat`) failed: asks the file
/// system which folder or link is to blame.
fn lookup_message(path: &Path, err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        // Looking a path up reads no file, so a refusal comes from a folder on the way.
        ErrorKind::PermissionDenied => match blocking_folder(path) {
            Some(dir) => io_message(err, Access::Folder(&dir)),
            None => io_message(err, Access::File),
        },
        ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(target) => io_message(err, Access::Link(&target)),
            Err(_) => io_message(err, Access::File),
        },
        _ => io_message(err, Access::File),
    }
}

/// The deepest folder above `path` that can be looked up: the one that
/// refuses to let the look-up go further.
fn blocking_folder(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|a| if a.as_os_str().is_empty() { Path::new(".") } else { a })
        .find(|a| std::fs::metadata(a).is_ok())
        .map(Path::to_owned)
}

fn is_supported(path: &Path) -> bool {
    extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// Loads every file and folder in `paths`, in parallel, in input order.
pub fn load_paths(paths: &[PathBuf], options: &LoadOptions, progress: &Progress) -> Vec<FileLoad> {
    let (files, mut errors) = collect_files(paths);
    progress.total.store(files.len(), Ordering::Relaxed);
    let mut loads: Vec<FileLoad> = files
        .par_iter()
        .map(|path| {
            let load = if progress.cancelled() {
                FileLoad::new(path.clone(), Ok(Parsed::default()), vec!["cancelled".into()])
            } else {
                load_file(path, options)
            };
            progress.done.fetch_add(1, Ordering::Relaxed);
            load
        })
        .filter(|l| !(l.notes.len() == 1 && l.notes[0] == "cancelled"))
        .collect();
    loads.append(&mut errors);
    loads
}

/// Reads and parses one file; never panics on bad input.
pub fn load_file(path: &Path, options: &LoadOptions) -> FileLoad {
    let mut notes = Vec::new();
    let parsed = load_file_inner(path, options, &mut notes);
    FileLoad::new(path.to_owned(), parsed, notes)
}

fn load_file_inner(path: &Path, options: &LoadOptions, notes: &mut Vec<String>) -> Result<Parsed, ImportError> {
    let ext = extension(path).unwrap_or_default();
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Err(ImportError::Unsupported(if ext.is_empty() {
            "extension-less".into()
        } else {
            format!(".{ext}")
        }));
    }
    let meta = std::fs::metadata(path).map_err(|e| ImportError::Io(lookup_message(path, &e)))?;
    if meta.len() > options.max_file_bytes {
        return Err(ImportError::TooLarge {
            size: meta.len(),
            limit: options.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io(io_message(&e, Access::File)))?;
    parse_owned(bytes, &ext, path, notes)
}

/// Parses file content already in memory; `ext` picks the format.
pub fn parse_bytes(bytes: &[u8], ext: &str, path: &Path, notes: &mut Vec<String>) -> Result<Parsed, ImportError> {
    parse_owned(bytes.to_vec(), ext, path, notes)
}

/// [`parse_bytes`] on bytes it may keep: decoding and normalising reuse the
/// file's buffer, so an enormous file is held about twice while it is parsed
/// (the text and the article's tidied body), not four times.
fn parse_owned(bytes: Vec<u8>, ext: &str, path: &Path, notes: &mut Vec<String>) -> Result<Parsed, ImportError> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("article");
    let label = path.file_name().and_then(|s| s.to_str()).unwrap_or("file");
    if ext == "qdpx" {
        if bytes.is_empty() {
            return Err(ImportError::Empty);
        }
        // Not through `finish`: the codings point at the articles by index.
        let (articles, codings) = qdpx::parse(&bytes, notes)?;
        if articles.is_empty() {
            return Err(ImportError::NoText);
        }
        return Ok(Parsed {
            articles,
            cut_short: None,
            codings: Some(Box::new(codings)),
        });
    }
    if ext == "pdf" {
        if bytes.is_empty() {
            return Err(ImportError::Empty);
        }
        let pdf = pdf::read(&bytes)?;
        drop(bytes);
        let text = normalize_text(pdf.text);
        let articles = match split_export(&text, label, notes) {
            Some(articles) => articles,
            None => {
                let mut article = txt::parse(&text, stem);
                // The document's own title where the text opens with none.
                if let Some(title) = pdf.title
                    && article.title == title_from_stem(stem)
                {
                    article.title = title;
                }
                vec![article]
            }
        };
        return finish(articles, None, stem);
    }
    if ext == "rtf" {
        if bytes.is_empty() {
            return Err(ImportError::Empty);
        }
        let text = rtf::to_text(&bytes).map_err(ImportError::Rtf)?;
        drop(bytes);
        let text = normalize_text(text);
        let articles = match split_export(&text, label, notes) {
            Some(articles) => articles,
            None => vec![txt::parse(&text, stem)],
        };
        return finish(articles, None, stem);
    }
    if ext == "docx" {
        if bytes.is_empty() {
            return Err(ImportError::Empty);
        }
        let doc = docx::read(&bytes)?;
        drop(bytes);
        let text = normalize_text(doc.text());
        let articles = match split_export(&text, label, notes) {
            Some(articles) => articles,
            None => {
                let mut doc = doc;
                for p in &mut doc.paragraphs {
                    p.text = normalize_text(std::mem::take(&mut p.text));
                }
                vec![docx::article(&doc, stem)]
            }
        };
        return finish(articles, None, stem);
    }
    let decoded = decode::decode(bytes).map_err(|e| match e {
        decode::DecodeError::Empty => ImportError::Empty,
        decode::DecodeError::Binary => ImportError::Binary,
    })?;
    notes.extend(decoded.note);
    let text = normalize_text(decoded.text);
    let mut cut_short = None;
    let articles = match ext {
        "csv" => {
            let rows = csv_corpus::parse(&text, label)?;
            if rows.row_errors.len() > 5 {
                notes.push(format!(
                    "{} rows skipped, e.g. {}",
                    rows.row_errors.len(),
                    rows.row_errors[0]
                ));
            } else {
                notes.extend(rows.row_errors);
            }
            notes.extend(rows.suspicious_rows);
            cut_short = rows.unclosed_quote;
            rows.articles
        }
        "md" | "markdown" => vec![markdown::parse(&text, stem)],
        "html" | "htm" => match factiva::html_lines(&text) {
            Some(lines) => split_factiva(&lines, label, notes),
            None => vec![html::parse(&text, stem)],
        },
        _ => match split_export(&text, label, notes) {
            Some(articles) => articles,
            None => vec![txt::parse(&text, stem)],
        },
    };
    finish(articles, cut_short, stem)
}

/// Drops articles without text, names untitled ones after the file, and
/// fails a file that yields none.
fn finish(articles: Vec<LoadedArticle>, cut_short: Option<ImportError>, stem: &str) -> Result<Parsed, ImportError> {
    let articles: Vec<LoadedArticle> = articles
        .into_iter()
        .filter(|a| !a.text.trim().is_empty())
        .map(|mut a| {
            // An empty heading or title field must not make an untitled article.
            a.title = a.title.split_whitespace().collect::<Vec<_>>().join(" ");
            if a.title.is_empty() {
                a.title = title_from_stem(stem);
            }
            a
        })
        .collect();
    if articles.is_empty() {
        return Err(cut_short.unwrap_or(ImportError::NoText));
    }
    Ok(Parsed {
        articles,
        cut_short,
        codings: None,
    })
}

/// A file's articles with the row or URL each came from, ready to be added.
type PreparedArticles = Result<Vec<(Article, Option<String>)>, ImportError>;

/// A file's name, notes, articles, why it was cut short and its codings.
type PreparedFile = (
    String,
    Option<String>,
    PreparedArticles,
    Option<ImportError>,
    Option<Box<codings::Codings>>,
);

/// Makes articles from loads and checks them against the workspace and each
/// other for duplicates. Returns the command that adds the new ones (`None`
/// when there are none) and the per-file report.
pub fn add_to_workspace(ws: &Workspace, loads: Vec<FileLoad>) -> (Option<Command>, ImportReport) {
    let mut report = ImportReport::default();
    // Ids are taken in order from the next free one; applying the command
    // moves the workspace's counter past them.
    let mut next_id = ws.peek_next_id();
    let mut commands = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    // Hashing and indexing the texts is the costly part: done in parallel, in order.
    let prepared: Vec<PreparedFile> = loads
        .into_par_iter()
        .map(|load| {
            let file = load.path.display().to_string();
            let note = (!load.notes.is_empty()).then(|| load.notes.join("; "));
            let result = load.result.map(|articles| {
                let many = articles.len() > 1;
                articles
                    .into_iter()
                    .map(|loaded| {
                        let source = loaded.source.unwrap_or_else(|| file.clone());
                        let entry_source = many.then(|| source.clone());
                        let mut article = Article::new(ArticleId(0), loaded.title, loaded.date, source, loaded.text);
                        article.meta = loaded.meta;
                        (article, entry_source)
                    })
                    .collect()
            });
            (file, note, result, load.cut_short, load.codings)
        })
        .collect();
    let mut articles_added = 0usize;
    for (file, note, result, cut_short, codings) in prepared {
        let articles = match result {
            Ok(a) => a,
            Err(e @ ImportError::SkippedType(_)) => {
                report.entries.push(ReportEntry {
                    file,
                    source: None,
                    outcome: Outcome::Skipped(e.to_string()),
                });
                continue;
            }
            Err(e) => {
                report.entries.push(ReportEntry {
                    file,
                    source: None,
                    outcome: Outcome::Failed(e.to_string()),
                });
                continue;
            }
        };
        let first_entry = report.entries.len();
        // The articles as added, by index in the file, for the codings to point at.
        let mut added: Vec<Option<Article>> = Vec::new();
        for (i, (article, entry_source)) in articles.into_iter().enumerate() {
            if codings.is_some() {
                added.push(None);
            }
            if let Some(existing) = ws.article_by_hash(&article.hash) {
                let outcome = Outcome::Duplicate {
                    of: existing.title.clone(),
                };
                report.entries.push(ReportEntry {
                    file: file.clone(),
                    source: entry_source,
                    outcome,
                });
                continue;
            }
            if let Some(first) = seen.get(&article.hash) {
                let outcome = Outcome::Duplicate { of: first.clone() };
                report.entries.push(ReportEntry {
                    file: file.clone(),
                    source: entry_source,
                    outcome,
                });
                continue;
            }
            seen.insert(article.hash.clone(), article.title.clone());
            let mut article = article;
            article.id = ArticleId(next_id);
            next_id += 1;
            let outcome = Outcome::Imported {
                id: article.id,
                title: article.title.clone(),
                date: article.date,
                note: if i == 0 { note.clone() } else { None },
            };
            report.entries.push(ReportEntry {
                file: file.clone(),
                source: entry_source,
                outcome,
            });
            if codings.is_some() {
                added[i] = Some(article.clone());
            }
            articles_added += 1;
            commands.push(Command::AddArticle(Box::new(article)));
        }
        if let Some(codings) = codings {
            let (more, line) = codings::coding_commands(ws, &mut next_id, &added, &codings);
            commands.extend(more);
            let first = report.entries[first_entry..]
                .iter_mut()
                .find_map(|e| match &mut e.outcome {
                    Outcome::Imported { note, .. } => Some(note),
                    _ => None,
                });
            if let Some(note) = first {
                *note = Some(match note.take() {
                    Some(n) => format!("{n}; {line}"),
                    None => line,
                });
            }
        }
        // After the articles it cut short, so the report reads in file order.
        if let Some(e) = cut_short {
            report.entries.push(ReportEntry {
                file,
                source: None,
                outcome: Outcome::Failed(e.to_string()),
            });
        }
    }
    let n = articles_added;
    let cmd = (!commands.is_empty()).then(|| Command::Batch {
        label: format!("import {n} article(s)"),
        commands,
    });
    (cmd, report)
}

/// A readable title from a file name: `2025-02-18-riyadh-talks` → `Riyadh talks`.
pub(crate) fn title_from_stem(stem: &str) -> String {
    let mut s = stem;
    if s.len() >= 10 && Date::parse_iso(&s[..10]).is_some() {
        s = s[10..].trim_start_matches(['-', '_', ' ']);
    }
    let words = s.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => stem.to_owned(),
    }
}

/// Trims trailing spaces on lines and collapses runs of blank lines, so that
/// paragraphs are separated by exactly one blank line.
pub(crate) fn tidy_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line.trim_start_matches(' '));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_file_names() {
        assert_eq!(title_from_stem("2025-02-18-riyadh-talks"), "Riyadh talks");
        assert_eq!(title_from_stem("notes_on_talks"), "Notes on talks");
        assert_eq!(title_from_stem("2025-02-18"), "2025-02-18");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn unclosed_quote_message_says_what_was_and_was_not_imported() {
        let e = ImportError::UnclosedQuote {
            line: 1234,
            rows_before: 1233,
        };
        assert!(
            e.to_string().starts_with(
                "line 1,234: a quoted field is never closed; the 1,233 rows before it were imported, the rest of the file was not"
            ),
            "{e}"
        );
    }

    #[test]
    fn io_messages_point_at_the_cause() {
        use std::io::{Error, ErrorKind};
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert_eq!(
            io_message(&denied, Access::Folder(Path::new("/x/y"))),
            "permission denied: the folder /x/y cannot be read"
        );
        assert_eq!(
            io_message(&denied, Access::File),
            "permission denied: the file cannot be read"
        );
        let missing = Error::from(ErrorKind::NotFound);
        assert_eq!(
            io_message(&missing, Access::Link(Path::new("/x/gone.txt"))),
            "a symbolic link to /x/gone.txt, which does not exist"
        );
        assert_eq!(io_message(&missing, Access::File), "no such file or folder");
        #[cfg(target_os = "linux")]
        assert!(io_message(&Error::from_raw_os_error(libc::ELOOP), Access::File).starts_with("a symbolic link loop"),);
    }

    #[test]
    fn tidy_body_collapses_blank_runs() {
        assert_eq!(tidy_body("\n\n  a  \n\n\n\nb\nc \n\n"), "a\n\nb\nc");
    }
}
