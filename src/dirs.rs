//! Where kanbao keeps things on disk, following the XDG base directories.
//!
//! Every directory is optional: a read-only or missing home still lets kanbao run (the index then
//! lives in memory, state is not saved, import explains what is wrong).

use std::path::{Path, PathBuf};

/// kanbao's directories on disk; each is `None` when it cannot be found.
#[derive(Debug, Clone, Default)]
pub struct Dirs {
    /// `$XDG_DATA_HOME/kanbao`: the user's library lives in `pages/` below it.
    pub data: Option<PathBuf>,
    /// `$XDG_CACHE_HOME/kanbao`: the search index.
    pub cache: Option<PathBuf>,
    /// `$XDG_STATE_HOME/kanbao`: read marks, bookmarks, last position (`state_file`), the
    /// search history (`search_history_file`).
    pub state: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME/kanbao`: `config.toml`.
    pub config: Option<PathBuf>,
}

impl Dirs {
    /// The platform's directories for kanbao (none if no home directory can be found).
    pub fn discover() -> Dirs {
        match directories::ProjectDirs::from("", "", "kanbao") {
            Some(p) => Dirs {
                data: Some(p.data_dir().to_path_buf()),
                cache: Some(p.cache_dir().to_path_buf()),
                state: Some(
                    p.state_dir()
                        .unwrap_or_else(|| p.data_local_dir())
                        .to_path_buf(),
                ),
                config: Some(p.config_dir().to_path_buf()),
            },
            None => Dirs::default(),
        }
    }

    /// These directories with the cache (snapshot and search index) in `dir` instead: `--cache
    /// DIR`, for a team sharing one archive's cache (see README, "A shared archive").
    pub(crate) fn with_cache(self, dir: Option<PathBuf>) -> Dirs {
        match dir {
            Some(dir) => Dirs {
                cache: Some(dir),
                ..self
            },
            None => self,
        }
    }

    /// The user's library of imported pages.
    pub fn library(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join("pages"))
    }

    /// The default config file.
    pub(crate) fn config_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|d| d.join("config.toml"))
    }
}

/// Where the browser exports articles unless the config's `export_dir` says otherwise: the
/// user's documents folder (XDG `DOCUMENTS`), else downloads, else home.
pub(crate) fn default_export_dir() -> Option<PathBuf> {
    let user = directories::UserDirs::new()?;
    Some(
        user.document_dir()
            .or(user.download_dir())
            .unwrap_or(user.home_dir())
            .to_path_buf(),
    )
}

/// The browser's read marks, bookmarks and last position in `state_dir` (the XDG state
/// directory, or the one a test gives).
pub(crate) fn state_file(state_dir: &Path) -> PathBuf {
    state_dir.join("state.json")
}

/// The advisory lock the browser takes around a save of its state (a file of its own: the state
/// file is replaced by a rename on every save, so a lock on it would guard the old file).
pub(crate) fn state_lock_file(state_dir: &Path) -> PathBuf {
    state_dir.join("state.lock")
}

/// Where a corrupt state file found at unix time `stamp` is set aside, next to it.
pub(crate) fn state_file_aside(state_dir: &Path, stamp: u64) -> PathBuf {
    state_dir.join(format!("state.json.corrupt-{stamp}"))
}

/// The browser's search history in `state_dir`: one query a line, newest last.
pub(crate) fn search_history_file(state_dir: &Path) -> PathBuf {
    state_dir.join("search_history")
}

/// What the last search index build in the background (a `kanbao index` started by a search)
/// said, in the cache directory `cache_dir`.
pub(crate) fn background_index_log(cache_dir: &Path) -> PathBuf {
    cache_dir.join("background-index.log")
}

/// `~/x` → `<home>/x`; other paths as given.
pub(crate) fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(base)) => base.home_dir().join(rest),
        _ => PathBuf::from(path),
    }
}

/// Lets whoever may read `file`'s directory read `file` (or list a directory) too (Unix;
/// elsewhere nothing). A file
/// written through a temporary file and renamed into place is created `0600`, which would lock
/// the readers of a shared archive (README, "A shared archive on one server") out of every page,
/// snapshot and index file its writer replaces; a private directory keeps its files private.
/// Best effort: a file that stays unreadable is reported where it is read.
pub(crate) fn readable_as_its_dir(file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Some(dir) = file.parent() else {
            return;
        };
        let (Ok(dir_meta), Ok(file_meta)) = (std::fs::metadata(dir), std::fs::metadata(file))
        else {
            return;
        };
        // The directory's read bits for group and others (and search bits, for a directory).
        let bits = if file_meta.is_dir() { 0o055 } else { 0o044 };
        let readers = dir_meta.permissions().mode() & bits;
        let mode = file_meta.permissions().mode();
        if mode & readers != readers {
            let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode | readers));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

#[cfg(all(test, unix))]
mod sharing_tests {
    use std::os::unix::fs::PermissionsExt;

    use super::readable_as_its_dir;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn set(path: &std::path::Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_written_file_is_as_readable_as_its_directory() {
        let root = tempfile::tempdir().unwrap();
        let shared = root.path().join("shared");
        let private = root.path().join("private");
        for (dir, dir_mode) in [(&shared, 0o755), (&private, 0o700)] {
            std::fs::create_dir(dir).unwrap();
            set(dir, dir_mode);
            let file = dir.join("manifest");
            std::fs::write(&file, b"x").unwrap();
            set(&file, 0o600);
            let sub = dir.join("index");
            std::fs::create_dir(&sub).unwrap();
            set(&sub, 0o700);
            readable_as_its_dir(&file);
            readable_as_its_dir(&sub);
        }
        assert_eq!(mode(&shared.join("manifest")), 0o644);
        assert_eq!(mode(&shared.join("index")), 0o755);
        assert_eq!(mode(&private.join("manifest")), 0o600);
        assert_eq!(mode(&private.join("index")), 0o700);
    }
}
