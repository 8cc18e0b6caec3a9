//! Who is coding on this machine: a name kept in the user's config folder
//! (`coder.json`), asked once by the app and read by the command line when
//! no `--coder` is given. Never stored in a workspace except as the coder
//! of what they code.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Serialize, Deserialize)]
struct Identity {
    coder: String,
}

/// The coder name saved in `dir`, if any (an unreadable file counts as none:
/// the app asks again rather than failing).
pub fn load_coder_name(dir: &Path) -> Option<String> {
    let bytes = std::fs::read(dir.join("coder.json")).ok()?;
    let id: Identity = serde_json::from_slice(&bytes).ok()?;
    let name = id.coder.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Saves the coder name in `dir` (atomically, like every file the app writes).
pub fn save_coder_name(dir: &Path, name: &str) -> Result<(), super::StorageError> {
    let file = dir.join("coder.json");
    std::fs::create_dir_all(dir).map_err(|e| super::StorageError::io(&file, e))?;
    let bytes = serde_json::to_vec_pretty(&Identity {
        coder: name.trim().to_owned(),
    })
    .expect("a name serialises");
    super::atomic::write_atomically(&file, &bytes, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_loads_back_and_a_broken_file_counts_as_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_coder_name(dir.path()), None);
        save_coder_name(dir.path(), "  Ana Ruiz ").unwrap();
        assert_eq!(load_coder_name(dir.path()).as_deref(), Some("Ana Ruiz"));
        std::fs::write(dir.path().join("coder.json"), b"\xff{").unwrap();
        assert_eq!(load_coder_name(dir.path()), None);
    }
}
