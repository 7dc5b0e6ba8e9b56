//! Opening the index of a corpus: reuse it when current, update it page by page, build it when
//! there is none, and, for a caller with [`Patience`], say when any of that would take too long
//! (a [`Deferral`]) instead of doing it in front of the user.
//!
//! Where the index lives, how it is checked, built and updated is [`super::cache`]'s; this file
//! decides which of those to do, under the writer lock, and what the caller is told.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::cache::{self, IndexLocation, IndexReport, IndexStatus};
use super::engines::patched::PatchedEngine;
use super::engines::scan::ScanEngine;
use super::{SearchError, SearchIndex};
use crate::corpus::snapshot::WriteLock;
use crate::corpus::{ArticleStore, Deferred};

/// How long a caller will wait for the index before it would rather search another way (the
/// command line scans while the index is built in the background).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patience {
    /// Index at most this many articles in front of the user (a build or an update).
    pub max_articles: usize,
    /// Wait at most this long for another kanbao that holds the index's writer lock.
    pub max_wait: Duration,
}

impl Patience {
    /// About a second of work: the index is built at ≈ 5,000 articles a second on two cores
    /// (docs/PERFORMANCE.md, "Budgets in the code"), and an update of that many articles
    /// commits within about a second too.
    pub const ONE_SECOND: Patience = Patience {
        max_articles: 5_000,
        max_wait: Duration::from_secs(1),
    };
}

/// Why the index was not made ready within the caller's [`Patience`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deferral {
    /// The index is to be built in full (`why`: first use, analyzer changed, damaged).
    Build { why: String, articles: usize },
    /// The articles of added or changed pages are to be indexed.
    Update { articles: usize },
    /// Another kanbao holds the index's writer lock (it is building or updating it).
    Busy,
    /// This process cannot write the cache (a shared, read-only one) and its index is not
    /// current.
    ReadOnly { why: String },
    /// There is no cache directory: an index would be built in memory at every run.
    NoCache { articles: usize },
}

impl Deferral {
    /// Whether building in another process would help: a build or an update this process
    /// could have done itself (not when another one is at it, nor when the cache is not
    /// writable or absent).
    pub fn wants_builder(&self) -> bool {
        matches!(self, Deferral::Build { .. } | Deferral::Update { .. })
    }
}

impl fmt::Display for Deferral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deferral::Build { why, articles } => {
                write!(
                    f,
                    "the search index of {articles} articles is to be built ({why})"
                )
            }
            Deferral::Update { articles } => write!(
                f,
                "the search index is to be updated with {articles} articles of changed pages"
            ),
            Deferral::Busy => write!(f, "another kanbao is updating the search index"),
            Deferral::ReadOnly { why } => write!(
                f,
                "the shared search index is not current and cannot be updated from here ({why}); the archive's writer runs `kanbao index`"
            ),
            Deferral::NoCache { articles } => write!(
                f,
                "there is no cache directory to keep a search index of {articles} articles in"
            ),
        }
    }
}

/// An opened index, or why it was not opened within the caller's patience.
#[derive(Debug)]
pub enum Readiness {
    Ready(SearchIndex, IndexReport),
    /// Not ready within the caller's patience, but the index a previous analyzer version built
    /// for this very corpus (in `path`) answers meanwhile: what was indexed is all there, though
    /// its text was analysed as that version did.
    Interim {
        index: SearchIndex,
        path: PathBuf,
        deferral: Deferral,
    },
    /// Not ready within the caller's patience (an update of many pages, or another kanbao
    /// updating it), but the index's last commit answers for the pages it holds and a scan
    /// reads the articles of those it lacks.
    Patched {
        engine: PatchedEngine,
        deferral: Deferral,
    },
    Deferred(Deferral),
}

impl Readiness {
    /// The index, for callers without patience (they never get a deferral).
    fn into_opened(self) -> Result<(SearchIndex, IndexReport), SearchError> {
        match self {
            Readiness::Ready(index, report) => Ok((index, report)),
            Readiness::Interim { deferral, .. }
            | Readiness::Patched { deferral, .. }
            | Readiness::Deferred(deferral) => Err(SearchError::NotReady(deferral)),
        }
    }
}

/// One open-or-update of an on-disk index (see [`SearchIndex::open_or_update`]).
pub(super) struct Request {
    store: Arc<ArticleStore>,
    pages: Deferred<Vec<(u64, std::ops::Range<usize>)>>,
    fingerprint: u64,
    slot: u64,
    pub(super) force: bool,
    pub(super) patience: Option<Patience>,
    started: Instant,
}

type Outcome = Result<Readiness, SearchError>;

/// What an attempt to update an index in place came to.
enum Updated {
    Done(Box<(cache::Opened, IndexStatus)>),
    /// A rebuild was asked for.
    Rebuild,
    /// More to index than the caller's patience allows.
    TooLarge {
        articles: usize,
    },
}

impl Request {
    pub(super) fn new(
        store: Arc<ArticleStore>,
        pages: Deferred<Vec<(u64, std::ops::Range<usize>)>>,
        fingerprint: u64,
        slot: u64,
    ) -> Request {
        Request {
            store,
            pages,
            fingerprint,
            slot,
            force: false,
            patience: None,
            started: Instant::now(),
        }
    }

    /// A request for the index of all of `store`, kept under its own `fingerprint` (tests,
    /// benches: no pages to update by).
    pub(super) fn whole(store: Arc<ArticleStore>, fingerprint: u64) -> Request {
        let pages = Deferred::ready(vec![(fingerprint, 0..store.len())]);
        Request::new(store, pages, fingerprint, fingerprint)
    }

    fn wanted(&self) -> cache::Wanted<'_> {
        cache::Wanted {
            store: &self.store,
            pages: &self.pages,
            fingerprint: self.fingerprint,
        }
    }

    /// Whether indexing `articles` articles is more than the caller will wait for.
    fn too_many(&self, articles: usize) -> bool {
        self.patience.is_some_and(|p| articles > p.max_articles)
    }

    // An Outcome like every other way `run` can end, so each arm returns one type.
    #[allow(clippy::unnecessary_wraps)]
    fn done(
        &self,
        opened: cache::Opened,
        status: IndexStatus,
        waited: Option<Duration>,
    ) -> Outcome {
        let report = IndexReport {
            status,
            articles: self.store.len(),
            took: self.started.elapsed(),
            waited,
        };
        Ok(Readiness::Ready(
            SearchIndex::from_opened(opened, Arc::clone(&self.store)),
            report,
        ))
    }

    fn in_memory(&self, why: String, progress: &dyn Fn(usize, usize)) -> Outcome {
        // A damaged snapshot is not a cache problem: building elsewhere would meet it again.
        if let Some(damage) = self.store.damage() {
            return Err(SearchError::Store(damage.clone()));
        }
        if self.too_many(self.store.len()) {
            return Ok(Readiness::Deferred(Deferral::NoCache {
                articles: self.store.len(),
            }));
        }
        let opened = cache::build_in_memory(&self.wanted(), progress).map_err(|e| {
            match self.store.damage() {
                Some(damage) => SearchError::Store(damage.clone()),
                None => SearchError::Index {
                    what: "building the index in memory",
                    source: e,
                },
            }
        })?;
        self.done(opened, IndexStatus::InMemory { why }, None)
    }

    fn probe_ids(&self) -> Vec<&str> {
        let heads = [
            self.store.head(0),
            self.store
                .len()
                .checked_sub(1)
                .and_then(|i| self.store.head(i)),
        ];
        heads.into_iter().flatten().map(|h| h.id()).collect()
    }

    /// The index in `dir` if it is current and whole.
    fn current(&self, dir: &Path) -> Option<cache::Opened> {
        if self.force || !cache::is_current(dir, &self.store, self.fingerprint) {
            return None;
        }
        cache::open_checked(dir, Some(self.store.len()), &self.probe_ids()).ok()
    }

    /// For a deferred request, what answers meanwhile: this version's index as last committed
    /// with a scan of the pages it lacks ([`Readiness::Patched`]); else the index of this
    /// corpus that another analyzer version built ([`Readiness::Interim`]: an analyzer change
    /// never leaves searches without an index); else nothing but the deferral.
    pub(super) fn meanwhile(&self, location: &IndexLocation, deferral: Deferral) -> Readiness {
        let Some(root) = location.cache_root.as_deref() else {
            return Readiness::Deferred(deferral);
        };
        // A build is wanted when this version's index is absent or damaged: nothing of it to
        // answer from.
        let patchable = matches!(
            deferral,
            Deferral::Update { .. } | Deferral::Busy | Deferral::ReadOnly { .. }
        );
        let patched = patchable
            .then(|| self.patched(&root.join(cache::index_dir_name(self.slot))))
            .flatten();
        match patched {
            Some(engine) => Readiness::Patched { engine, deferral },
            None => self.interim(location, deferral),
        }
    }

    /// This version's index in `dir` as last committed, hiding the pages the corpus no longer
    /// has, beside a scan of the articles of the pages it lacks.
    fn patched(&self, dir: &Path) -> Option<PatchedEngine> {
        if !dir.exists() {
            return None;
        }
        let opened = cache::open_checked(dir, None, &[]).ok()?;
        let plan = cache::plan_update(dir, &opened, &self.wanted()).ok()?;
        let (stale, missing, articles) = (
            plan.stale().to_vec(),
            plan.missing_ranges(),
            plan.articles(),
        );
        let index = SearchIndex::hiding(opened, Arc::clone(&self.store), &stale);
        let scan = ScanEngine::over(Arc::clone(&self.store), missing);
        Some(PatchedEngine::new(index, scan, articles))
    }

    /// The index of this corpus that another analyzer version built, as [`Readiness::Interim`].
    fn interim(&self, location: &IndexLocation, deferral: Deferral) -> Readiness {
        let found = location.cache_root.as_deref().and_then(|root| {
            let dir = cache::other_version_dir(root, self.slot)?;
            let opened =
                cache::open_other_version(&dir, &self.store, self.fingerprint, &self.probe_ids())
                    .ok()?;
            Some((
                SearchIndex::from_opened(opened, Arc::clone(&self.store)),
                dir,
            ))
        });
        match found {
            Some((index, path)) => Readiness::Interim {
                index,
                path,
                deferral,
            },
            None => Readiness::Deferred(deferral),
        }
    }

    /// Runs the request to the end, for callers without patience.
    pub(super) fn open(
        &self,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
        on_wait: &dyn Fn(),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        self.run(location, progress, on_wait)?.into_opened()
    }

    pub(super) fn run(
        &self,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
        on_wait: &dyn Fn(),
    ) -> Outcome {
        let Some(root) = location.cache_root.as_deref() else {
            return self.in_memory("no cache directory given".to_string(), progress);
        };
        let dir = root.join(cache::index_dir_name(self.slot));
        if let Some(opened) = self.current(&dir) {
            cache::remove_stale(root, &dir);
            return self.done(opened, IndexStatus::Reused { path: dir }, None);
        }
        let lock = match self.lock(&dir, on_wait) {
            Ok(Some(lock)) => lock,
            Ok(None) => return Ok(Readiness::Deferred(Deferral::Busy)),
            Err(e) => return self.unlockable(root, &dir, &e, progress, on_wait),
        };
        let waited = lock.waited;
        // Another kanbao may have brought it up to date while this one waited.
        if let Some(opened) = self.current(&dir) {
            return self.done(opened, IndexStatus::Reused { path: dir }, waited);
        }
        self.update_or_build(root, &dir, progress, waited)
    }

    /// The writer lock: waited for, or within the caller's patience (`Ok(None)`: still held).
    fn lock(&self, dir: &Path, on_wait: &dyn Fn()) -> std::io::Result<Option<WriteLock>> {
        match self.patience {
            Some(patience) => cache::lock_within(dir, patience.max_wait),
            None => cache::lock(dir, on_wait).map(Some),
        }
    }

    /// The lock cannot be taken (a shared cache this user cannot write): its writer may be
    /// updating the index, which a caller without patience waits for.
    fn unlockable(
        &self,
        root: &Path,
        dir: &Path,
        error: &std::io::Error,
        progress: &dyn Fn(usize, usize),
        on_wait: &dyn Fn(),
    ) -> Outcome {
        let why = format!(
            "cannot create the index lock in {}: {error}",
            root.display()
        );
        if self.patience.is_some() {
            // No waiting for the writer; a small index is built in memory at once.
            if self.too_many(self.store.len()) {
                return Ok(Readiness::Deferred(Deferral::ReadOnly { why }));
            }
            return self.in_memory(why, progress);
        }
        if cache::wait_for_index_writer(dir, on_wait)
            && let Some(opened) = self.current(dir)
        {
            return self.done(opened, IndexStatus::Reused { path: dir.into() }, None);
        }
        self.in_memory(why, progress)
    }

    /// Under the writer lock: updates the index in `dir` in place, or builds it afresh when
    /// there is none, it is damaged or a rebuild was asked.
    fn update_or_build(
        &self,
        root: &Path,
        dir: &Path,
        progress: &dyn Fn(usize, usize),
        waited: Option<Duration>,
    ) -> Outcome {
        let mut problem = None;
        if dir.exists() {
            match self.update(dir, progress) {
                Ok(Updated::Done(done)) => {
                    let (opened, status) = *done;
                    cache::remove_stale(root, dir);
                    return self.done(opened, status, waited);
                }
                Ok(Updated::TooLarge { articles }) => {
                    return Ok(Readiness::Deferred(Deferral::Update { articles }));
                }
                Ok(Updated::Rebuild) => {}
                Err(why) => problem = Some(why.to_string()),
            }
        }
        let reason = match &problem {
            Some(problem) => format!("the cached one was damaged: {problem}"),
            None => self.build_reason(root, dir),
        };
        if self.too_many(self.store.len()) {
            return Ok(Readiness::Deferred(Deferral::Build {
                why: reason,
                articles: self.store.len(),
            }));
        }
        if dir.exists()
            && let Err(e) = std::fs::remove_dir_all(dir)
        {
            return self.in_memory(
                format!(
                    "cached index {} is unusable ({reason}) and cannot be removed: {e}",
                    dir.display()
                ),
                progress,
            );
        }
        self.build(root, dir, problem, reason, progress, waited)
    }

    /// Builds the index afresh into `dir` (which does not exist), under the writer lock.
    fn build(
        &self,
        root: &Path,
        dir: &Path,
        problem: Option<String>,
        reason: String,
        progress: &dyn Fn(usize, usize),
        waited: Option<Duration>,
    ) -> Outcome {
        if let Err(why) = cache::build_on_disk(root, dir, &self.wanted(), progress) {
            return self.in_memory(format!("cache unusable: {why}"), progress);
        }
        match cache::open_checked(dir, Some(self.store.len()), &self.probe_ids()) {
            Ok(opened) => {
                cache::remove_stale(root, dir);
                let path = dir.to_path_buf();
                let status = match problem {
                    Some(problem) => IndexStatus::RebuiltCorrupt { path, problem },
                    None => IndexStatus::Built { path, reason },
                };
                self.done(opened, status, waited)
            }
            Err(why) => self.in_memory(
                format!(
                    "the index just built in {} does not open: {why}",
                    dir.display()
                ),
                progress,
            ),
        }
    }

    /// Why the index in `dir` is built afresh, for the status line.
    fn build_reason(&self, root: &Path, dir: &Path) -> String {
        if self.force {
            "rebuild requested".to_string()
        } else if cache::has_other_indexes(root, dir) {
            "corpus or analyzer changed".to_string()
        } else {
            "first use".to_string()
        }
    }

    /// Updates the index in `dir` in place, unless a rebuild was asked or the update is more
    /// than the caller will wait for. `Err`: the index is damaged (and is to be rebuilt).
    fn update(
        &self,
        dir: &Path,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Updated, cache::CacheError> {
        if self.force {
            return Ok(Updated::Rebuild);
        }
        let opened = cache::open_checked(dir, None, &[])?;
        let wanted = self.wanted();
        if cache::payload_fingerprint(dir) == Some(self.fingerprint) {
            // Made for this very corpus, yet not holding it: something is wrong with it.
            return Err(cache::CacheError::OtherIds {
                held: opened.reader.searcher().num_docs(),
                given: self.store.len(),
            });
        }
        let plan = cache::plan_update(dir, &opened, &wanted)?;
        if self.too_many(plan.articles()) {
            return Ok(Updated::TooLarge {
                articles: plan.articles(),
            });
        }
        let (added, removed) = cache::update_in_place(dir, &opened, &wanted, &plan, progress)?;
        drop(opened);
        let opened = cache::open_checked(dir, Some(self.store.len()), &self.probe_ids())?;
        let status = IndexStatus::Updated {
            path: dir.to_path_buf(),
            added,
            removed,
        };
        Ok(Updated::Done(Box::new((opened, status))))
    }
}
