//! What lasts between runs: read marks, bookmarks and the last position, in
//! `<state_dir>/state.json`. Written atomically (a temp file in the same directory, fsync, rename)
//! so a crash or a full disk leaves the previous file whole. A corrupt file is set aside as
//! `state.json.corrupt-<unix time>` with a notice; an unwritable directory only costs a notice.
//!
//! Several browsers may share one state directory. Each remembers the state as it last read or
//! wrote it (its *base*); saving takes an advisory lock on `<state_dir>/state.lock` (`flock`,
//! held only for the read-merge-write), reads the file as it is now, and applies this browser's
//! changes since its base to it: marks and bookmarks it added are added, those it removed are
//! removed, and everything another browser did meanwhile stays. The last position is this
//! browser's. So A unbookmarking X while B bookmarks Y ends with Y and without X.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::bounded;

/// A state file holds ids: 32 MiB is a million bookmarks. Anything larger is not ours.
const STATE_BOUND: bounded::Bound = bounded::Bound {
    limit: 32 << 20,
    what: "the state file",
    hint: "",
};

/// What lasts between runs (see the module docs).
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
pub(crate) enum StateError {
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
pub(crate) fn load(dir: &Path) -> (SavedState, Vec<String>) {
    let path = crate::dirs::state_file(dir);
    let bytes = match bounded::read_file(&path, STATE_BOUND) {
        Ok(b) => b,
        Err(bounded::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
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
            let aside = crate::dirs::state_file_aside(dir, stamp);
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

/// The state file of one browser: where it lives and the state as this browser last read or
/// wrote it (see the module docs).
#[derive(Debug)]
pub(crate) struct StateFile {
    dir: PathBuf,
    base: SavedState,
}

impl StateFile {
    /// `loaded` is what [`load`] returned for `dir` when the browser started.
    pub(crate) fn new(dir: PathBuf, loaded: SavedState) -> StateFile {
        StateFile { dir, base: loaded }
    }

    /// The state directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Saves this browser's changes since the last save (or the load) into the file, keeping
    /// what other browsers saved meanwhile. Returns the state now in the file.
    pub(crate) fn save(&mut self, state: &SavedState) -> Result<SavedState, StateError> {
        let merged = save_merged(&self.dir, &self.base, state)?;
        // The next save applies the changes made after this one.
        self.base = state.clone();
        Ok(merged)
    }
}

/// Under the lock: reads `<dir>/state.json`, applies the changes from `base` to `state` to it
/// and writes the result atomically. Returns the result.
pub(crate) fn save_merged(
    dir: &Path,
    base: &SavedState,
    state: &SavedState,
) -> Result<SavedState, StateError> {
    std::fs::create_dir_all(dir).map_err(|source| StateError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let path = crate::dirs::state_file(dir);
    let write_err = |source| StateError::Write {
        path: path.clone(),
        source,
    };
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(crate::dirs::state_lock_file(dir))
        .map_err(write_err)?;
    // Blocks while another browser saves (a few milliseconds); released when `lock` closes.
    lock.lock().map_err(write_err)?;
    // A file that vanished or went bad since the start has nothing to keep: ours is written.
    let current = bounded::read_file(&path, STATE_BOUND)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<SavedState>(&bytes).ok())
        .unwrap_or_else(|| base.clone());
    let merged = merge(base, state, &current);
    write_atomically(dir, &path, &merged).map_err(write_err)?;
    drop(lock);
    Ok(merged)
}

/// `current` with the changes from `base` to `ours` applied (see the module docs).
pub(crate) fn merge(base: &SavedState, ours: &SavedState, current: &SavedState) -> SavedState {
    SavedState {
        read: merge_set(&base.read, &ours.read, &current.read),
        bookmarks: merge_set(&base.bookmarks, &ours.bookmarks, &current.bookmarks),
        last: ours.last.clone(),
    }
}

fn merge_set(
    base: &BTreeSet<String>,
    ours: &BTreeSet<String>,
    current: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = current.difference(&(base - ours)).cloned().collect();
    out.extend(ours.difference(base).cloned());
    out
}

fn write_atomically(dir: &Path, path: &Path, state: &SavedState) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".state-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(&json)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows opening a directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
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
        let merged = save_merged(dir.path(), &SavedState::default(), &sample()).unwrap();
        assert_eq!(merged, sample());
        let (state, notices) = load(dir.path());
        assert!(notices.is_empty());
        assert_eq!(state, sample());
        // No temp file is left behind.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["state.json", "state.lock"].map(std::ffi::OsString::from)
        );
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
        let err = save_merged(&blocker.join("sub"), &SavedState::default(), &sample()).unwrap_err();
        assert!(
            err.to_string()
                .contains("cannot create the state directory"),
            "{err}"
        );
    }

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn two_browsers_on_one_directory_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (loaded, _) = load(dir.path());
        let mut a = StateFile::new(dir.path().to_path_buf(), loaded.clone());
        let mut b = StateFile::new(dir.path().to_path_buf(), loaded);
        let mut a_state = SavedState::default();
        let mut b_state = SavedState::default();

        a_state.bookmarks.insert("x-1".into());
        a_state.read.insert("x-1".into());
        a.save(&a_state).unwrap();
        b_state.bookmarks.insert("y-1".into());
        b_state.read.insert("y-1".into());
        b.save(&b_state).unwrap();
        let (both, _) = load(dir.path());
        assert_eq!(both.bookmarks, ids(&["x-1", "y-1"]));
        assert_eq!(both.read, ids(&["x-1", "y-1"]));

        // A unbookmarks X while B bookmarks Z: X stays gone, Y and Z stay.
        a_state.bookmarks.remove("x-1");
        a.save(&a_state).unwrap();
        b_state.bookmarks.insert("z-1".into());
        b.save(&b_state).unwrap();
        let (after, _) = load(dir.path());
        assert_eq!(after.bookmarks, ids(&["y-1", "z-1"]));
        assert_eq!(after.read, ids(&["x-1", "y-1"]));
        // The last position is the last saver's.
        assert_eq!(after.last, b_state.last);
    }

    #[test]
    fn parallel_savers_keep_every_mark() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|scope| {
            for writer in 0..6 {
                let dir = dir.path().to_path_buf();
                scope.spawn(move || {
                    let mut file = StateFile::new(dir, SavedState::default());
                    let mut state = SavedState::default();
                    for n in 0..15 {
                        state.read.insert(format!("w{writer}-{n}"));
                        file.save(&state).unwrap();
                    }
                });
            }
        });
        let (state, notices) = load(dir.path());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(state.read.len(), 6 * 15, "{:?}", state.read);
    }

    #[test]
    fn merging_applies_only_our_changes() {
        let base = SavedState {
            bookmarks: ids(&["a", "b"]),
            ..SavedState::default()
        };
        let ours = SavedState {
            bookmarks: ids(&["b", "c"]),
            ..SavedState::default()
        };
        let current = SavedState {
            bookmarks: ids(&["a", "b", "d"]),
            ..SavedState::default()
        };
        assert_eq!(
            merge(&base, &ours, &current).bookmarks,
            ids(&["b", "c", "d"])
        );
    }
}
