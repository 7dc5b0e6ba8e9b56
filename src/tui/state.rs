//! What lasts between runs: read marks, bookmarks and the last position, in
//! `<state_dir>/state.json`. Written atomically (a temp file in the same directory, fsync, rename)
//! so a crash or a full disk leaves the previous file whole. A corrupt file is set aside as
//! `state.json.corrupt-<unix time>` with a notice; an unwritable directory only costs a notice.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "state.json";

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    /// Ids of the articles opened in the reader.
    pub read: BTreeSet<String>,
    pub bookmarks: BTreeSet<String>,
    pub last: LastPosition,
}

/// Where the user was: the selected article and, if one was open, the reader's scroll.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LastPosition {
    pub selected: Option<String>,
    pub open: Option<String>,
    pub scroll: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "cannot create the state directory {dir}: {source}; read marks and bookmarks will not be kept"
    )]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot write {path}: {source}; read marks and bookmarks will not be kept (check the disk and the directory's permissions)"
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Reads `<dir>/state.json`. A missing file is a fresh start; a corrupt one is renamed aside.
pub fn load(dir: &Path) -> (SavedState, Vec<String>) {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (SavedState::default(), Vec::new());
        }
        Err(e) => {
            return (
                SavedState::default(),
                vec![format!(
                    "cannot read {}: {e}; starting with no read marks",
                    path.display()
                )],
            );
        }
    };
    match serde_json::from_slice::<SavedState>(&bytes) {
        Ok(state) => (state, Vec::new()),
        Err(e) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let aside = dir.join(format!("{FILE_NAME}.corrupt-{stamp}"));
            let notice = match std::fs::rename(&path, &aside) {
                Ok(()) => format!(
                    "{} was corrupt ({e}); set aside as {} and started afresh",
                    path.display(),
                    aside.display()
                ),
                Err(re) => format!(
                    "{} is corrupt ({e}) and could not be set aside ({re}); starting afresh",
                    path.display()
                ),
            };
            (SavedState::default(), vec![notice])
        }
    }
}

/// Writes `state` to `<dir>/state.json` atomically.
pub fn save(dir: &Path, state: &SavedState) -> Result<PathBuf, StateError> {
    std::fs::create_dir_all(dir).map_err(|source| StateError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let path = dir.join(FILE_NAME);
    let write_err = |source| StateError::Write {
        path: path.clone(),
        source,
    };
    let json = serde_json::to_vec_pretty(state).map_err(|e| write_err(std::io::Error::other(e)))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".state-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(write_err)?;
    temp.write_all(&json).map_err(write_err)?;
    temp.as_file().sync_all().map_err(write_err)?;
    temp.persist(&path).map_err(|e| write_err(e.error))?;
    // Make the rename itself durable where the platform allows opening a directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SavedState {
        SavedState {
            read: ["b4d912-1".to_string()].into(),
            bookmarks: ["b5643c-2".to_string()].into(),
            last: LastPosition {
                selected: Some("b5643c-2".into()),
                open: Some("b5643c-2".into()),
                scroll: 7,
            },
        }
    }

    #[test]
    fn saves_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = save(dir.path(), &sample()).unwrap();
        assert_eq!(path, dir.path().join("state.json"));
        let (state, notices) = load(dir.path());
        assert!(notices.is_empty());
        assert_eq!(state, sample());
        // No temp file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), (SavedState::default(), Vec::new()));
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("state.json"), b"{\"read\": [tru").unwrap();
        let (state, notices) = load(dir.path());
        assert_eq!(state, SavedState::default());
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("was corrupt"), "{}", notices[0]);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert!(names[0].starts_with("state.json.corrupt-"), "{names:?}");
    }

    #[test]
    fn an_unwritable_place_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let err = save(&blocker.join("sub"), &sample()).unwrap_err();
        assert!(
            err.to_string()
                .contains("cannot create the state directory"),
            "{err}"
        );
    }
}
