//! Pages in, articles out. Read bottom-up:
//!
//! 1. `bounded` (reading a file a user named: regular files only, never past a limit),
//!    [`decode`] (page bytes → text) and [`parse`] (a page's text → articles);
//! 2. `pages`: which pages make up a corpus and finding them, without reading them;
//!    `manifest`: the user's `pages.toml` (corrections per page);
//! 3. `heads` and `store`: the articles as held, heads in a compact table, bodies in the one
//!    body format (checksummed postcard records) in memory or mapped from a snapshot;
//! 4. `snapshot`: a store persisted in the cache directory, updated page by page;
//! 5. `load`: the pages read into a [`Corpus`], or a [`StoredCorpus`] from the snapshot,
//!    reading only the pages that changed;
//! 6. `library`: `kanbao import`, adding pages to the user's library.

// Public (for tests, benches, examples and the fuzz targets): `decode`, `parse` and the types
// re-exported below (`WriteLock`, `LoadEvent` and `load_in_background` also because the search
// cache and the browser's loader hand them out or link to them). Everything else is the
// crate's own.
pub(crate) mod bounded;
pub(crate) mod checked;
pub mod decode;
pub(crate) mod heads;
pub(crate) mod library;
pub(crate) mod load;
pub(crate) mod manifest;
pub(crate) mod pages;
pub mod parse;
pub(crate) mod snapshot;
pub(crate) mod store;

pub use heads::Head;
pub use load::{
    Corpus, Deferred, LoadEvent, NoProgress, Progress, SnapshotStatus, StoredCorpus,
    load_in_background,
};
pub use pages::{CorpusError, PageInfo, PageOrigin, PageProblem, PageSet, bundled_pages};
pub use snapshot::WriteLock;
pub use store::{ArticleStore, RecordError, StoreError};

/// Test hook for crash safety: when `KANBAO_CRASH_AT` names this point, the process aborts here
/// at once (no destructors, no flushing: as `kill -9` would). `tests/snapshot.rs` drives the
/// real binary through every point and checks that the archive is still usable.
pub(crate) fn crash_point(name: &str) {
    if std::env::var_os("KANBAO_CRASH_AT").is_some_and(|at| at == name) {
        std::process::abort();
    }
}
