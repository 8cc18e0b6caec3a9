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
