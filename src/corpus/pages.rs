//! Pages: which pages make up a corpus ([`PageSet`]), where each came from ([`PageOrigin`]), and
//! finding them (the bundled pages, a `--data DIR`, the user's library).
//!
//! * The bundled pages (`data/pages/*.txt`) are embedded in the binary by `build.rs`.
//! * `--data DIR` (or `KANBAO_DATA`) replaces the whole corpus with the `*.txt` pages in DIR: a
//!   script or a test gets exactly the pages it names.
//! * Otherwise the user's library (`$XDG_DATA_HOME/kanbao/pages/`, filled by `kanbao import`) is
//!   shown together with the bundled pages.
//!
//! Discovery reads directory listings and file metadata ([`PageStamp`]), never page contents:
//! that is what lets a start tell which pages changed without reading them. The bottom of the
//! corpus module: nothing here knows about articles, snapshots or indexes.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::bounded::{ReadError, read_page};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_pages.rs"));
}

/// The bundled pages: (file stem, bytes), in name order.
pub fn bundled_pages() -> &'static [(&'static str, &'static [u8])] {
    bundled::BUNDLED_PAGES
}

/// Which pages make up the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSet {
    /// The bundled pages plus the user's library directory, if any.
    Default { library: Option<PathBuf> },
    /// Exactly the `*.txt` pages in this directory.
    Dir(PathBuf),
}

impl PageSet {
    /// The directory whose pages can change (the library or `--data DIR`), if any.
    pub(crate) fn dir(&self) -> Option<&Path> {
        match self {
            PageSet::Default { library } => library.as_deref(),
            PageSet::Dir(dir) => Some(dir),
        }
    }

    /// Where the pages are, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            PageSet::Default { .. } => "the bundled pages".to_string(),
            PageSet::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// Where one page came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PageOrigin {
    Bundled,
    File(PathBuf),
}

impl fmt::Display for PageOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageOrigin::Bundled => f.write_str("bundled"),
            PageOrigin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A page that loaded, with the range of its articles in the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    pub name: String,
    pub origin: PageOrigin,
    pub bytes: usize,
    pub articles: std::ops::Range<usize>,
    /// Changes whenever the page's articles would (its text, its name, its id key, the
    /// classifier's data): what the search index compares to update only changed pages.
    pub version: u64,
    /// FNV-1a of the decoded text: how `import` knows a page is already there.
    pub text_hash: u64,
}

/// A page that did not load, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageProblem {
    pub origin: PageOrigin,
    pub reason: String,
}

impl fmt::Display for PageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// Why no corpus could be loaded at all (single bad pages are [`PageProblem`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error(
        "cannot read the page directory {path}: {source} (check the path given to --data or KANBAO_DATA)"
    )]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no usable page in {where_}: {detail}")]
    NoPages { where_: String, detail: String },
}

/// What a file's metadata says about its contents without reading them: size and modification
/// time. Equal stamps are taken to mean equal contents (as `make` and `git` do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct PageStamp {
    pub len: u64,
    pub modified_ns: u128,
}

impl PageStamp {
    pub(crate) fn of(meta: &fs::Metadata) -> PageStamp {
        PageStamp {
            len: meta.len(),
            modified_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
        }
    }

    /// The stamp of the file or directory at `path` (links followed).
    pub(crate) fn of_path(path: &Path) -> Option<PageStamp> {
        fs::metadata(path).ok().map(|meta| PageStamp::of(&meta))
    }

    /// Modified so recently that a change in the same clock tick could go unseen: such a stamp
    /// is not trusted to stand for the contents next time.
    pub(crate) fn is_racy(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        now.saturating_sub(self.modified_ns) < 2_000_000_000
    }
}

/// One page found, before it is read.
#[derive(Debug, Clone)]
pub(crate) struct FoundPage {
    pub name: String,
    pub origin: PageOrigin,
    pub source: PageSource,
    /// `None` for the bundled pages (they change only with the binary) and for a file whose
    /// metadata cannot be read (it is then read, and reported if that fails too).
    pub stamp: Option<PageStamp>,
}

/// Where a page's bytes are: read when the page is decoded, on a worker thread, so a large
/// archive is never held whole as raw bytes.
#[derive(Debug, Clone)]
pub(crate) enum PageSource {
    Bundled(&'static [u8]),
    Owned(Vec<u8>),
    File(PathBuf),
}

impl PageSource {
    /// The page's bytes, or why they cannot be had.
    /// A file is read within the page bound (never a FIFO or device, never past the limit).
    pub(crate) fn read(&self) -> Result<std::borrow::Cow<'_, [u8]>, ReadError> {
        match self {
            PageSource::Bundled(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            PageSource::Owned(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            PageSource::File(path) => read_page(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// Every page of `set`, in corpus order (bundled first, then files by name), with their stamps.
/// A missing library just means nothing was imported yet.
pub(crate) fn discover(set: &PageSet) -> Result<Vec<FoundPage>, CorpusError> {
    match set {
        PageSet::Default { library } => {
            let mut found: Vec<FoundPage> = bundled_pages()
                .iter()
                .map(|(name, bytes)| FoundPage {
                    name: (*name).to_string(),
                    origin: PageOrigin::Bundled,
                    source: PageSource::Bundled(bytes),
                    stamp: None,
                })
                .collect();
            if let Some(dir) = library.as_deref().filter(|dir| dir.is_dir()) {
                found.extend(discover_dir(dir)?);
            }
            Ok(found)
        }
        PageSet::Dir(dir) => discover_dir(dir),
    }
}

/// The `*.txt` pages of a directory, sorted by name, with their stamps.
fn discover_dir(dir: &Path) -> Result<Vec<FoundPage>, CorpusError> {
    let entries = page_entries(dir).map_err(|source| CorpusError::ReadDir {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(entries
        .into_iter()
        .map(|entry| {
            let path = entry.path();
            // A symbolic link is followed, as reading the page does.
            let meta = match entry.metadata() {
                Ok(meta) if meta.file_type().is_symlink() => fs::metadata(&path),
                other => other,
            };
            FoundPage {
                name: page_name(&path),
                origin: PageOrigin::File(path.clone()),
                stamp: meta.ok().map(|meta| PageStamp::of(&meta)),
                source: PageSource::File(path),
            }
        })
        .collect())
}

/// A page's name: its file stem.
pub(crate) fn page_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `*.txt` entries of a directory, sorted by name. (Their `metadata()` is a `stat` relative
/// to the open directory, cheaper than one by full path.)
pub(crate) fn page_entries(dir: &Path) -> std::io::Result<Vec<fs::DirEntry>> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|entry| {
            Path::new(&entry.file_name())
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
        })
        .collect();
    // All in one directory, so the names decide the order: compare their bytes, not paths
    // component by component (what it saved: docs/PERFORMANCE.md).
    entries.sort_unstable_by(|a, b| {
        a.file_name()
            .as_encoded_bytes()
            .cmp(b.file_name().as_encoded_bytes())
    });
    Ok(entries)
}
