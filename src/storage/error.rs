use std::fmt;
use std::path::PathBuf;

/// A storage failure, always naming the file, and saying what to do where we can.
#[derive(Debug)]
pub struct StorageError {
    pub path: PathBuf,
    pub kind: StorageErrorKind,
}

#[derive(Debug, PartialEq)]
pub enum StorageErrorKind {
    Io(String),
    NotText,
    Truncated {
        line: usize,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    NotAWorkspace,
    NewerSchema {
        found: u64,
        supported: u32,
    },
    Invalid(String),
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// The `schema_version` field is missing or not a whole number.
    BadSchemaVersion(String),
    /// The file changed after it was saved: its checksum or an article's
    /// content hash does not match.
    Damaged(Damage),
}

/// What a damaged file's checks found.
#[derive(Debug, PartialEq)]
pub struct Damage {
    /// Articles (id, title) whose text no longer matches its hash; empty when
    /// only the whole file's checksum failed.
    pub articles: Vec<(u64, String)>,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.articles.as_slice() {
            [] => write!(
                f,
                "the file changed after it was saved (its checksum does not match), outside the articles' words: \
                 a note, position, id, name or spacing may be damaged"
            )?,
            [(id, title), rest @ ..] => {
                write!(
                    f,
                    "the file was damaged after it was saved: the text of article {id} \"{title}\""
                )?;
                match rest.len() {
                    0 => write!(f, " no longer matches its checksum")?,
                    n => write!(f, " and {n} other article(s) no longer match their checksums")?,
                }
            }
        }
        write!(
            f,
            "; the previous version may be in the .bak file beside it. \
             To see what still checks out, open it read-only (File > Open damaged workspace…, \
             or `stance-tracker salvage FILE --out NEW.stance.json`). \
             If you edited the file by hand on purpose, delete its \"checksum\" line and open it again"
        )
    }
}

impl StorageError {
    pub fn new(path: impl Into<PathBuf>, kind: StorageErrorKind) -> StorageError {
        StorageError {
            path: path.into(),
            kind,
        }
    }

    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> StorageError {
        let msg = match err.kind() {
            std::io::ErrorKind::NotFound => "the file or its folder does not exist".to_owned(),
            std::io::ErrorKind::PermissionDenied => {
                "permission denied; check the file and folder permissions".to_owned()
            }
            std::io::ErrorKind::StorageFull => "the disk is full; free some space and save again".to_owned(),
            std::io::ErrorKind::ReadOnlyFilesystem => {
                "the disk is read-only; use Save As to choose another folder".to_owned()
            }
            _ => err.to_string(),
        };
        StorageError::new(path, StorageErrorKind::Io(msg))
    }
}

impl fmt::Display for StorageErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageErrorKind::Io(m) => write!(f, "{m}"),
            StorageErrorKind::NotText => write!(f, "this is not a workspace file: it contains binary data"),
            StorageErrorKind::Truncated { line } => write!(
                f,
                "the file is truncated (it ends early, at line {line}); the previous version may be in the .bak file beside it"
            ),
            StorageErrorKind::Syntax { line, column, message } => write!(
                f,
                "the file is corrupted at line {line}, column {column} ({message}); the previous version may be in the .bak file beside it"
            ),
            StorageErrorKind::NotAWorkspace => {
                write!(
                    f,
                    "this JSON file is not a Stance Tracker workspace (it has no \"format\": \"{}\")",
                    crate::model::FORMAT_TAG
                )
            }
            StorageErrorKind::NewerSchema { found, supported } => write!(
                f,
                "the workspace was written by a newer version of Stance Tracker (schema {found}; this version reads up to {supported}); update the app to open it"
            ),
            StorageErrorKind::Invalid(m) => write!(f, "the workspace content is inconsistent: {m}"),
            StorageErrorKind::BadSchemaVersion(what) => write!(
                f,
                "this looks like a Stance Tracker workspace, but {what}; it must be a whole number such as {}",
                crate::model::SCHEMA_VERSION
            ),
            StorageErrorKind::Damaged(d) => write!(f, "{d}"),
            StorageErrorKind::TooLarge { size, limit } => {
                write!(
                    f,
                    "the file is {size} bytes, larger than the {limit} bytes a workspace may have"
                )
            }
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.kind)
    }
}

impl std::error::Error for StorageError {}
