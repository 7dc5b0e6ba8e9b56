//! Loading a corpus: the pages of a [`PageSet`] read, parsed and classified into a [`Corpus`] (in
//! memory), or a [`StoredCorpus`] backed by the snapshot, which reads only what changed.
//!
//! **Per page** (in parallel, on rayon's threads): read, decode, cut into articles, classify
//! (everything classification needs is on the page: a page's date comes from its own articles).
//! **Then in page order**, the corpus-wide rules, which make the result the same whatever the
//! threads did: the same text twice is shown once; two pages of one name load once; every page
//! gets an id key no other page has (its six-digit key, else the shortest longer one).
//!
//! **Updates keep what is there.** A start lists the page directory only when the directory's
//! stamp changed since the snapshot was written (two `stat` calls otherwise, see
//! [`StoredCorpus::load_with`]), then reads only the pages whose stamps changed. Pages kept from
//! the snapshot keep their id keys and their place as the shown copy of a text; new pages take
//! what is left. So ids never change for a page that did not change; a fresh build of the same
//! pages gives the same corpus unless a new page sorts before an old one with the same six-digit
//! key or the same text (the old page then keeps its id or its place, where a fresh build would
//! give them to the first page by name).
//!
//! **A large first start in rounds.** Reading the pages of a large archive (or a large import)
//! holds their parsed articles until they are written; beyond [`MIN_ROUND_PAGES`] new pages,
//! they are read in rounds (at most seven, so the snapshot's segments need no compaction), each
//! written as an ordinary update of the snapshot before the next is read. Only pages the snapshot
//! never had are left for a later round, so a round never moves an existing page's id.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;

use super::heads::{Builder as HeadBuilder, HeadTable};
use super::pages::{
    CorpusError, FoundPage, PageInfo, PageOrigin, PageProblem, PageSet, PageSource, PageStamp,
    bundled_pages, discover,
};
use super::snapshot::{self, BodySource, Ledger, Outcome, PageEntry, SnapshotError};
use super::store::ArticleStore;
use crate::article::{Article, DateSource, fnv1a, page_key_of_length};
use crate::classify::Classifier;
use crate::corpus::bounded::ReadError;
use crate::corpus::decode::{self, DecodeError};
use crate::corpus::manifest::{self, UserManifest};
use crate::corpus::parse::{parse_page, parse_page_with};

/// What makes a page's articles besides its text: the classifier's data and the user's
/// corrections (`pages.toml` in the page directory).
struct Cutter<'a> {
    classifier: &'a Classifier,
    manifest: UserManifest,
    /// A `pages.toml` that cannot be used: reported with the pages' problems.
    manifest_problem: Option<PageProblem>,
}

impl<'a> Cutter<'a> {
    fn for_set(set: &PageSet, classifier: &'a Classifier) -> Cutter<'a> {
        let (manifest, manifest_problem) = match set.dir().map(UserManifest::load) {
            Some(Ok(Some(manifest))) => (manifest, None),
            Some(Err(e)) => (
                UserManifest::default(),
                Some(PageProblem {
                    origin: PageOrigin::File(e.path.clone().into()),
                    reason: format!(
                        "line {}: {}; its corrections are not applied",
                        e.line.map_or("?".to_string(), |l| l.to_string()),
                        e.message
                    ),
                }),
            ),
            _ => (UserManifest::default(), None),
        };
        Cutter {
            classifier,
            manifest,
            manifest_problem,
        }
    }

    fn plain(classifier: &'a Classifier) -> Cutter<'a> {
        Cutter {
            classifier,
            manifest: UserManifest::default(),
            manifest_problem: None,
        }
    }

    /// A hash of the user's corrections for page `name` (0: none): part of the page's version.
    fn corrections_hash(&self, name: &str) -> u64 {
        self.manifest
            .pages
            .get(name)
            .map_or(0, |entry| fnv1a(format!("{entry:?}").as_bytes()))
    }

    /// The page's articles, cut (with the user's corrections) and classified.
    fn articles(&self, name: &str, text: &str) -> Vec<Article> {
        let mut articles = match self.manifest.corrections(name) {
            Some(corrections) => parse_page_with(name, text, &corrections).0,
            None => parse_page(name, text),
        };
        self.classifier.classify_all(&mut articles);
        // The user's manifest wins over the embedded one, the file name and the text.
        let date = self.manifest.pages.get(name).and_then(|e| e.date.as_ref());
        if let Some(date) = date {
            for article in &mut articles {
                article.date = Some(date.clone());
                article.date_source = Some(DateSource::Manifest);
            }
        }
        articles
    }
}

/// Every article of every page that loaded, classified, plus what went wrong on the way.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub pages: Vec<PageInfo>,
    pub problems: Vec<PageProblem>,
    /// A fingerprint of the pages' versions: the search index's cache key.
    pub fingerprint: u64,
}

impl Corpus {
    /// Loads, parses and classifies the pages of `set`.
    ///
    /// Fails only when no page at all yields an article; single bad pages end up in `problems`.
    pub fn load(set: &PageSet, classifier: &Classifier) -> Result<Corpus, CorpusError> {
        let found = discover(set)?;
        let corpus = Self::from_found(found, &Cutter::for_set(set, classifier), &NoProgress);
        corpus.check_not_empty(set)?;
        Ok(corpus)
    }

    /// Parses pages given as (name, text) pairs: for tests, benchmarks and the corpus generator.
    pub fn from_texts<'a>(
        pages: impl IntoIterator<Item = (&'a str, &'a str)>,
        classifier: &Classifier,
    ) -> Corpus {
        let found = pages
            .into_iter()
            .map(|(name, text)| FoundPage {
                name: name.to_string(),
                origin: PageOrigin::Bundled,
                source: PageSource::Owned(text.as_bytes().to_vec()),
                stamp: None,
            })
            .collect();
        Self::from_found(found, &Cutter::plain(classifier), &NoProgress)
    }

    fn from_found(found: Vec<FoundPage>, cutter: &Cutter<'_>, progress: &dyn Progress) -> Self {
        let plan = Plan::fresh(found);
        progress.reading(plan.to_read());
        let assembled = assemble(&plan, None, cutter, progress);
        let mut fresh: Vec<Option<Article>> = assembled.fresh.into_iter().map(Some).collect();
        let articles = assembled
            .slots
            .iter()
            .filter_map(|slot| match slot {
                Slot::Fresh(i) => fresh[*i].take(),
                Slot::Kept(_) => None,
            })
            .collect();
        Corpus {
            articles,
            pages: assembled.ledger.infos(),
            problems: assembled.ledger.problems(),
            fingerprint: assembled.ledger.fingerprint,
        }
    }

    fn check_not_empty(&self, set: &PageSet) -> Result<(), CorpusError> {
        if !self.articles.is_empty() {
            return Ok(());
        }
        let detail = if self.problems.is_empty() {
            "it holds no *.txt page".to_string()
        } else {
            self.problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        Err(CorpusError::NoPages {
            where_: set.describe(),
            detail,
        })
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }
}

/// What a load reports while it works (the CLI's progress bar, the browser's progress line).
pub trait Progress: Sync {
    /// The snapshot is being written by another kanbao: this one waits for it.
    fn waiting(&self) {}
    /// `total` pages are about to be read (called once, before the first).
    fn reading(&self, _total: usize) {}
    /// One more page was read and parsed.
    fn page_done(&self) {}
    /// One more page was read, yielding these articles (called from reading threads, in no
    /// particular order; ids are final unless the page's id key turns out to be taken).
    fn page_read(&self, _articles: &[Article]) {
        self.page_done();
    }
}

/// What a load in the background ([`load_in_background`]) sends, in this order. Public because
/// the browser's `tui::loader::Loading` carries a receiver of them.
#[derive(Debug)]
pub enum LoadEvent {
    /// `total` pages are being read (a first start, or pages changed since the snapshot).
    Reading { total: usize },
    /// Articles of pages just read, for a list that fills while the archive is read (a few
    /// hundred at a time; not in corpus order).
    Articles(Vec<Article>),
    /// The corpus, loaded: what the browser then shows instead of the articles sent so far.
    Loaded(Box<Result<StoredCorpus, CorpusError>>),
}

/// Loads the corpus of `set` ([`StoredCorpus::load_with`]) on a thread of its own, sending what
/// it reads as it goes: a browser can draw its first frame at once and fill its list while a
/// large archive is read for the first time. The receiver ends after [`LoadEvent::Loaded`].
pub fn load_in_background(
    set: PageSet,
    classifier: Arc<Classifier>,
    cache_dir: Option<PathBuf>,
) -> std::sync::mpsc::Receiver<LoadEvent> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let streaming = Streaming {
            tx: std::sync::Mutex::new(tx.clone()),
            batch: std::sync::Mutex::new((Vec::new(), std::time::Instant::now())),
        };
        let loaded = StoredCorpus::load_with(&set, &classifier, cache_dir.as_deref(), &streaming);
        streaming.flush();
        let _ = tx.send(LoadEvent::Loaded(Box::new(loaded)));
    });
    rx
}

/// The [`Progress`] of [`load_in_background`]: articles sent in batches.
struct Streaming {
    tx: std::sync::Mutex<std::sync::mpsc::Sender<LoadEvent>>,
    batch: std::sync::Mutex<(Vec<Article>, std::time::Instant)>,
}

impl Streaming {
    const BATCH: usize = 512;
    const EVERY: std::time::Duration = std::time::Duration::from_millis(100);

    fn send(&self, event: LoadEvent) {
        if let Ok(tx) = self.tx.lock() {
            // A receiver gone (the browser quit) just means nobody listens.
            let _ = tx.send(event);
        }
    }

    fn flush(&self) {
        let articles = match self.batch.lock() {
            Ok(mut batch) => {
                batch.1 = std::time::Instant::now();
                std::mem::take(&mut batch.0)
            }
            Err(_) => return,
        };
        if !articles.is_empty() {
            self.send(LoadEvent::Articles(articles));
        }
    }
}

impl Progress for Streaming {
    fn reading(&self, total: usize) {
        if total > 0 {
            self.send(LoadEvent::Reading { total });
        }
    }

    fn page_read(&self, articles: &[Article]) {
        let due = match self.batch.lock() {
            Ok(mut batch) => {
                batch.0.extend_from_slice(articles);
                batch.0.len() >= Self::BATCH || batch.1.elapsed() >= Self::EVERY
            }
            Err(_) => false,
        };
        if due {
            self.flush();
        }
    }
}

/// Reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// A value worked out when first used, then kept; cheap to clone (shared). What a warm start
/// does not need (the list of pages, their problems) is read from the snapshot only if asked
/// for: a `kanbao search` never decodes the page list.
pub struct Deferred<T>(Arc<LazyLock<T, Box<dyn FnOnce() -> T + Send>>>);

impl<T> Deferred<T> {
    /// `make` is called at the first use, on the thread that uses it.
    pub(crate) fn later(make: impl FnOnce() -> T + Send + 'static) -> Deferred<T> {
        Deferred(Arc::new(LazyLock::new(Box::new(make))))
    }

    /// A value already at hand.
    pub(crate) fn ready(value: T) -> Deferred<T>
    where
        T: Send + 'static,
    {
        Self::later(move || value)
    }
}

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a Deferred<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: PartialEq> PartialEq<T> for Deferred<T> {
    fn eq(&self, other: &T) -> bool {
        **self == *other
    }
}

impl<T> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        Deferred(Arc::clone(&self.0))
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// A corpus ready to browse or search: the articles in an [`ArticleStore`] (heads in memory,
/// text mapped from the snapshot when there is one), and what loading them found.
#[derive(Debug)]
pub struct StoredCorpus {
    pub store: Arc<ArticleStore>,
    /// Read from the snapshot when first used.
    pub pages: Deferred<Vec<PageInfo>>,
    pub problems: Deferred<Vec<PageProblem>>,
    /// As [`Corpus::fingerprint`]: the search index's cache key.
    pub fingerprint: u64,
    /// Names the page set: its search index is kept under this number.
    pub slot: u64,
    pub snapshot: SnapshotStatus,
}

/// What became of the corpus snapshot on this start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotStatus {
    /// Unchanged pages: read back from this snapshot (its manifest), nothing parsed.
    Reused(PathBuf),
    /// All pages parsed and saved to this snapshot for the next start.
    Written(PathBuf),
    /// Some pages changed: only they were read, and the snapshot was updated.
    Updated {
        path: PathBuf,
        /// Pages read (added or changed).
        read: usize,
        /// Pages gone since the last start.
        removed: usize,
    },
    /// Pages parsed and held in memory; the reason no snapshot is used.
    NotCached(String),
}

impl StoredCorpus {
    /// Loads the corpus of `set` from its snapshot in `cache_dir`, reading only the pages that
    /// changed since it was written (all of them the first time), and updates the snapshot. The
    /// snapshot is only a cache: when it cannot be read or written, the pages are parsed and held
    /// in memory, and `snapshot` says why.
    pub fn load(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
    ) -> Result<StoredCorpus, CorpusError> {
        Self::load_with(set, classifier, cache_dir, &NoProgress)
    }

    /// [`Self::load`], reporting to `progress` when pages are read.
    ///
    /// **What a start costs when nothing changed:** one `stat` of the binary, one of the page
    /// directory, reading the manifest. The pages themselves are not looked at: a page edited in
    /// place (same directory, no file added, removed or renamed) is noticed when something else
    /// changes the directory, by [`Self::load_checking_pages`] (`kanbao index` uses it), or by the
    /// browser's check after its first frame.
    pub fn load_with(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
        progress: &dyn Progress,
    ) -> Result<StoredCorpus, CorpusError> {
        Self::load_inner(set, classifier, cache_dir, progress, false, MIN_ROUND_PAGES)
            .map(|s| s.in_slot(set))
    }

    /// [`Self::load_with`], but looks at every page's stamp even when the directory did not
    /// change (`kanbao index`, the browser's check after its first frame).
    pub fn load_checking_pages(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
        progress: &dyn Progress,
    ) -> Result<StoredCorpus, CorpusError> {
        Self::load_inner(set, classifier, cache_dir, progress, true, MIN_ROUND_PAGES)
            .map(|s| s.in_slot(set))
    }

    fn in_slot(mut self, set: &PageSet) -> StoredCorpus {
        self.slot = snapshot::slot_of(set);
        self
    }

    fn load_inner(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
        progress: &dyn Progress,
        check_pages: bool,
        min_round: usize,
    ) -> Result<StoredCorpus, CorpusError> {
        let Some(cache_dir) = cache_dir else {
            return Self::parsed_in_memory(set, classifier, progress, "no cache directory".into());
        };
        let dir = snapshot::dir_for(cache_dir, set);
        let keys = Keys::of(set, classifier);
        if !check_pages && let Some(old) = keys.snapshot_as_is(&dir) {
            return Ok(Self::from_snapshot(old, SnapshotStatus::Reused));
        }
        let lock = match snapshot::lock(&dir, &|| progress.waiting()) {
            Ok(lock) => lock,
            Err(e) => {
                // A shared cache this user cannot write: its writer may be updating it.
                snapshot::wait_for_snapshot_writer(&dir, &|| progress.waiting());
                let why = not_saved(&dir, &e);
                return Self::read_only(set, classifier, &dir, keys.build, progress, why);
            }
        };
        // Another kanbao may have updated the snapshot while this one waited for the lock.
        let old = open_built_by(&dir, keys.build);
        let cutter = Cutter::for_set(set, classifier);
        let found = discover(set)?;
        let plan = Plan::of(found.clone(), old.as_ref(), &cutter);
        let (read, removed) = (plan.to_read(), plan.removed);
        let fresh_stamp = keys.dir_stamp.filter(|s| !s.is_racy());
        let same_manifest = old
            .as_ref()
            .is_some_and(|o| o.summary.manifest_stamp == keys.manifest);
        if read == 0 && removed == 0 && same_manifest {
            // Nothing changed but the directory's stamp: remember the new stamp (a few bytes
            // beside the manifest), so the next start looks at the directory only.
            drop(plan);
            // `plan` borrowed `old` until here, so `if let` could not move it in the condition.
            #[allow(clippy::unnecessary_unwrap)]
            let old = old.expect("checked above");
            if let Some(stamp) = fresh_stamp {
                snapshot::remember_dir_stamp(&dir, &old, stamp, &lock);
            }
            return Ok(Self::from_snapshot(old, SnapshotStatus::Reused));
        }
        drop(plan);
        let had_old = old.is_some();
        progress.reading(read);
        let rounds = Rounds {
            dir: &dir,
            found: &found,
            cutter: &cutter,
            keys: &keys,
            fresh_stamp,
            lock: &lock,
            progress,
            round_pages: round_pages(read, min_round),
        };
        let opened = match rounds.run(old) {
            Ok(opened) => opened,
            Err(unsaved) => {
                drop(lock);
                return Self::unsaved(set, classifier, progress, &dir, unsaved);
            }
        };
        drop(lock);
        snapshot::remove_old(cache_dir, &dir);
        let stored = Self::from_snapshot(opened, |path| {
            if had_old {
                SnapshotStatus::Updated {
                    path,
                    read,
                    removed,
                }
            } else {
                SnapshotStatus::Written(path)
            }
        });
        stored.check_not_empty(set)?;
        Ok(stored)
    }

    /// The corpus in memory, because its snapshot in `dir` could not be written.
    fn unsaved(
        set: &PageSet,
        classifier: &Classifier,
        progress: &dyn Progress,
        dir: &Path,
        unsaved: Unsaved,
    ) -> Result<StoredCorpus, CorpusError> {
        match unsaved {
            Unsaved::InMemory(corpus, why) => {
                corpus.check_not_empty(set)?;
                Ok(Self::in_memory(*corpus, not_saved(dir, &why)))
            }
            Unsaved::PartlyWritten(why) => {
                Self::parsed_in_memory(set, classifier, progress, not_saved(dir, &why))
            }
        }
    }

    /// The snapshot cannot be written (a read-only shared cache): use it if it is current, else
    /// read the pages into memory.
    fn read_only(
        set: &PageSet,
        classifier: &Classifier,
        dir: &Path,
        build_key: u64,
        progress: &dyn Progress,
        why: String,
    ) -> Result<StoredCorpus, CorpusError> {
        let cutter = &Cutter::for_set(set, classifier);
        if let Ok(old) = snapshot::open(dir)
            && old.summary.build_key == build_key
        {
            let found = discover(set)?;
            let plan = Plan::update(found, &old.ledger, cutter);
            let manifest_stamp = set.dir().map_or(0, manifest::stamp_of);
            if plan.to_read() == 0
                && plan.removed == 0
                && old.summary.manifest_stamp == manifest_stamp
            {
                drop(plan);
                return Ok(Self::from_snapshot(old, SnapshotStatus::Reused));
            }
            progress.reading(plan.to_read());
            let assembled = assemble(&plan, Some(&old.store), cutter, progress);
            let corpus = assembled.into_corpus(Some(&old.store));
            corpus.check_not_empty(set)?;
            return Ok(Self::in_memory(corpus, why));
        }
        let corpus = Corpus::from_found(discover(set)?, cutter, progress);
        corpus.check_not_empty(set)?;
        Ok(Self::in_memory(corpus, why))
    }

    fn parsed_in_memory(
        set: &PageSet,
        classifier: &Classifier,
        progress: &dyn Progress,
        why: String,
    ) -> Result<StoredCorpus, CorpusError> {
        let cutter = Cutter::for_set(set, classifier);
        let corpus = Corpus::from_found(discover(set)?, &cutter, progress);
        corpus.check_not_empty(set)?;
        Ok(Self::in_memory(corpus, why))
    }

    fn check_not_empty(&self, set: &PageSet) -> Result<(), CorpusError> {
        if self.store.is_empty() {
            let corpus = Corpus {
                problems: self.problems.to_vec(),
                ..Corpus::default()
            };
            corpus.check_not_empty(set)?;
        }
        Ok(())
    }

    /// A parsed corpus, held in memory.
    pub fn in_memory(corpus: Corpus, why: String) -> StoredCorpus {
        StoredCorpus {
            store: Arc::new(ArticleStore::from_articles(corpus.articles)),
            pages: Deferred::ready(corpus.pages),
            problems: Deferred::ready(corpus.problems),
            fingerprint: corpus.fingerprint,
            slot: 0,
            snapshot: SnapshotStatus::NotCached(why),
        }
    }

    fn from_snapshot(
        found: snapshot::Opened,
        status: impl FnOnce(PathBuf) -> SnapshotStatus,
    ) -> StoredCorpus {
        let ledger = found.ledger;
        StoredCorpus {
            pages: Deferred::later(move || ledger.infos()),
            problems: Deferred::ready(found.problems),
            fingerprint: found.summary.fingerprint,
            slot: 0,
            store: Arc::new(found.store),
            snapshot: status(found.manifest),
        }
    }
}

/// What the articles are made with besides the pages: the snapshot format and the kanbao library
/// (`KANBAO_BUILD_ID`, a hash of the sources that make articles and the locked dependencies, see
/// `build.rs`: a changed parser never reuses old articles, while the CLI and the examples built
/// from one library share one snapshot), the classifier's data, and for the bundled pages their names.
fn build_key(set: &PageSet, classifier: &Classifier) -> u64 {
    let mut material: Vec<u8> = Vec::with_capacity(256);
    material.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    material.extend_from_slice(env!("KANBAO_BUILD_ID").as_bytes());
    material.extend_from_slice(&classifier.fingerprint().to_le_bytes());
    if matches!(set, PageSet::Default { .. }) {
        for (name, _) in bundled_pages() {
            material.extend_from_slice(name.as_bytes());
        }
    }
    fnv1a(&material)
}

/// What a snapshot must have been made with to be used as it is.
struct Keys {
    /// [`build_key`].
    build: u64,
    /// The page directory's stamp now.
    dir_stamp: Option<PageStamp>,
    /// The user's corrections (`pages.toml`): read at every start (a small file), so an edit
    /// takes effect at once, whatever the directory's stamp says.
    manifest: u64,
}

impl Keys {
    fn of(set: &PageSet, classifier: &Classifier) -> Keys {
        Keys {
            build: build_key(set, classifier),
            dir_stamp: set.dir().and_then(PageStamp::of_path),
            manifest: set.dir().map_or(0, manifest::stamp_of),
        }
    }

    /// The snapshot in `dir`, if it can be used as it is without looking at any page: made by
    /// this build with these corrections, for a page directory with this very stamp.
    fn snapshot_as_is(&self, dir: &Path) -> Option<snapshot::Opened> {
        let old = snapshot::open(dir).ok()?;
        let current = old.summary.build_key == self.build
            && old.summary.manifest_stamp == self.manifest
            && self.dir_stamp.is_some()
            && snapshot::trusted_dir_stamp(dir, &old) == self.dir_stamp;
        current.then_some(old)
    }
}

/// Why a corpus is held in memory: its snapshot in `dir` could not be written.
fn not_saved(dir: &Path, why: &dyn std::fmt::Display) -> String {
    format!(
        "cannot save the corpus snapshot in {}: {why}",
        dir.display()
    )
}

/// One page as read: its text's hash and its classified articles, or why it did not load.
struct ReadPage {
    found: FoundPage,
    text_hash: u64,
    text_len: usize,
    articles: Result<Vec<Article>, Unreadable>,
}

/// Why a page's bytes gave no text: what the ledger keeps as the page's problem.
#[derive(Debug, thiserror::Error)]
enum Unreadable {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// Reads, decodes, parses and classifies one page: the costly, independent part of loading.
fn read_page(found: FoundPage, cutter: &Cutter<'_>) -> ReadPage {
    let text = found
        .source
        .read()
        .map_err(Unreadable::from)
        .and_then(|bytes| Ok(decode::decode(&bytes)?));
    match text {
        Ok(text) => ReadPage {
            text_hash: fnv1a(text.as_bytes()),
            text_len: text.len(),
            articles: Ok(cutter.articles(&found.name, &text)),
            found,
        },
        Err(reason) => ReadPage {
            found,
            text_hash: 0,
            text_len: 0,
            articles: Err(reason),
        },
    }
}

/// Which pages to keep from the snapshot and which to read.
struct Plan<'a> {
    /// In corpus order.
    pages: Vec<Planned<'a>>,
    /// Pages of the snapshot no longer there.
    removed: usize,
}

enum Planned<'a> {
    /// A page of the snapshot, found (unchanged) at this origin.
    Keep(&'a PageEntry, PageOrigin),
    Read(FoundPage),
}

impl<'a> Plan<'a> {
    /// What to read to bring `old` (if any) up to the pages `found`.
    fn of(found: Vec<FoundPage>, old: Option<&'a snapshot::Opened>, cutter: &Cutter<'_>) -> Self {
        match old {
            Some(old) => Plan::update(found, &old.ledger, cutter),
            None => Plan::fresh(found),
        }
    }

    fn fresh(found: Vec<FoundPage>) -> Plan<'a> {
        Plan {
            pages: found.into_iter().map(Planned::Read).collect(),
            removed: 0,
        }
    }

    /// Keeps the snapshot's pages whose stamps are unchanged; reads the rest, and the pages whose
    /// standing depended on a page that changed (a duplicate whose original went, a problem).
    fn update(found: Vec<FoundPage>, ledger: &'a Ledger, cutter: &Cutter<'_>) -> Plan<'a> {
        // Pages are known by name (and whether bundled), not by path: `--data pages` and
        // `--data ./pages` are the same pages.
        let key = |origin: &PageOrigin, name: &'a str| (*origin == PageOrigin::Bundled, name);
        let old: HashMap<(bool, &str), &PageEntry> = ledger
            .pages
            .iter()
            .map(|p| (key(&p.origin, p.name.as_str()), p))
            .collect();
        let unchanged = |f: &FoundPage| -> Option<&'a PageEntry> {
            let bundled = f.origin == PageOrigin::Bundled;
            let entry = *old.get(&(bundled, f.name.as_str()))?;
            let same = (bundled || (f.stamp.is_some() && entry.stamp == f.stamp))
                && entry.corrections == cutter.corrections_hash(&f.name);
            same.then_some(entry)
        };
        let kept_texts: HashSet<u64> = found
            .iter()
            .filter_map(&unchanged)
            .filter(|e| matches!(e.outcome, Outcome::Loaded { .. }))
            .map(|e| e.text_hash)
            .collect();
        let present: HashSet<(bool, &str)> = found
            .iter()
            .map(|f| (f.origin == PageOrigin::Bundled, f.name.as_str()))
            .collect();
        let removed = ledger
            .pages
            .iter()
            .filter(|p| !present.contains(&key(&p.origin, p.name.as_str())))
            .count();
        let pages = found
            .into_iter()
            .map(|f| match unchanged(&f) {
                Some(entry) => match &entry.outcome {
                    Outcome::Loaded { .. } => Planned::Keep(entry, f.origin),
                    Outcome::Duplicate if kept_texts.contains(&entry.text_hash) => {
                        Planned::Keep(entry, f.origin)
                    }
                    _ => Planned::Read(f),
                },
                None => Planned::Read(f),
            })
            .collect();
        Plan { pages, removed }
    }

    fn to_read(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| matches!(p, Planned::Read(_)))
            .count()
    }

    /// Leaves pages the snapshot never had for a later round, beyond the first `limit` pages to
    /// read: they are left out of this round's corpus as if not there yet. (Pages the snapshot
    /// has are always read in the round, so no kept page ever loses its id key or its place.)
    /// Returns how many were left.
    fn leave_new_pages_beyond(&mut self, limit: usize, ledger: Option<&Ledger>) -> usize {
        let known: HashSet<(bool, &str)> = ledger
            .map(|l| {
                l.pages
                    .iter()
                    .map(|p| (p.origin == PageOrigin::Bundled, p.name.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let mut to_read = 0;
        let before = self.pages.len();
        self.pages.retain(|planned| match planned {
            Planned::Keep(..) => true,
            Planned::Read(f) => {
                let new = !known.contains(&(f.origin == PageOrigin::Bundled, f.name.as_str()));
                to_read += 1;
                !new || to_read <= limit
            }
        });
        before - self.pages.len()
    }
}

/// Pages a first start (or a large import) reads before it writes them to the snapshot and reads
/// on, at the least: the parsed articles of one round are what it holds in memory (docs/
/// PERFORMANCE.md: 5.4 GB for a 1M-article archive read in one round).
const MIN_ROUND_PAGES: usize = 20_000;

/// The pages one round reads when `to_read` are to be read: at least `min`, and no more rounds
/// than the snapshot keeps segments without compacting them (each round adds one).
fn round_pages(to_read: usize, min: usize) -> usize {
    min.max(to_read.div_ceil(snapshot::MAX_SEGMENTS - 1))
}

/// Why the snapshot was not written.
enum Unsaved {
    /// The whole corpus, in memory (nothing was left for later rounds).
    InMemory(Box<Corpus>, SnapshotError),
    /// An earlier round was written and this one could not be: the corpus is to be read again
    /// into memory.
    PartlyWritten(SnapshotError),
}

/// Bringing the snapshot up to date round by round (see [`MIN_ROUND_PAGES`]), under its
/// writer lock. Every round is an ordinary update: a kill between rounds leaves a snapshot of
/// the pages read so far, without the directory's stamp, so the next start reads the rest.
struct Rounds<'r> {
    dir: &'r Path,
    found: &'r [FoundPage],
    cutter: &'r Cutter<'r>,
    keys: &'r Keys,
    fresh_stamp: Option<PageStamp>,
    lock: &'r snapshot::WriteLock,
    progress: &'r dyn Progress,
    round_pages: usize,
}

impl Rounds<'_> {
    /// Runs the rounds from the snapshot `old` (if any); the snapshot written last, opened.
    fn run(&self, mut old: Option<snapshot::Opened>) -> Result<snapshot::Opened, Unsaved> {
        let mut first = true;
        loop {
            let mut plan = Plan::of(self.found.to_vec(), old.as_ref(), self.cutter);
            let left =
                plan.leave_new_pages_beyond(self.round_pages, old.as_ref().map(|o| &*o.ledger));
            let old_store = old.as_ref().map(|o| &o.store);
            let mut assembled = assemble(&plan, old_store, self.cutter, self.progress);
            assembled.ledger.build_key = self.keys.build;
            // Only the last round's snapshot holds every page the directory's stamp stands for.
            assembled.ledger.dir_stamp = self.fresh_stamp.filter(|_| left == 0);
            assembled.ledger.manifest_stamp = self.keys.manifest;
            match assembled.write(self.dir, self.lock) {
                Ok(opened) if left == 0 => return Ok(opened),
                Ok(opened) => {
                    drop(plan);
                    old = Some(opened);
                }
                Err(why) if first && left == 0 => {
                    return Err(Unsaved::InMemory(
                        Box::new(assembled.into_corpus(old_store)),
                        why,
                    ));
                }
                Err(why) => return Err(Unsaved::PartlyWritten(why)),
            }
            first = false;
        }
    }
}

/// The snapshot in `dir` if this build made it.
fn open_built_by(dir: &Path, build_key: u64) -> Option<snapshot::Opened> {
    snapshot::open(dir)
        .ok()
        .filter(|old| old.summary.build_key == build_key)
}

/// Where an article of the new corpus comes from.
#[derive(Clone, Copy)]
enum Slot {
    /// Article `i` of the snapshot's store.
    Kept(usize),
    /// Article `i` of [`Assembled::fresh`].
    Fresh(usize),
}

/// The new corpus: its ledger and where each article comes from.
struct Assembled<'s> {
    ledger: Ledger,
    slots: Vec<Slot>,
    fresh: Vec<Article>,
    old: Option<&'s ArticleStore>,
}

impl Assembled<'_> {
    fn heads(&self) -> Result<HeadTable, SnapshotError> {
        let mut builder = HeadBuilder::default();
        for slot in &self.slots {
            match *slot {
                Slot::Kept(i) => {
                    let head = self
                        .old
                        .and_then(|store| store.head(i))
                        .ok_or(SnapshotError::KeptMissing)?;
                    builder.push_head(head)
                }
                Slot::Fresh(i) => builder.push_article(&self.fresh[i]),
            }?;
        }
        Ok(builder.finish())
    }

    /// Writes the new snapshot into `dir` and opens it.
    fn write(
        &self,
        dir: &Path,
        lock: &snapshot::WriteLock,
    ) -> Result<snapshot::Opened, SnapshotError> {
        let heads = self.heads()?;
        let bodies = self.body_sources();
        snapshot::write(dir, &self.ledger, &heads, &bodies, self.old, lock)?;
        snapshot::open(dir)
    }

    fn body_sources(&self) -> Vec<BodySource<'_>> {
        self.slots
            .iter()
            .map(|slot| match *slot {
                Slot::Kept(i) => BodySource::Kept(i),
                Slot::Fresh(i) => BodySource::New(&self.fresh[i]),
            })
            .collect()
    }

    /// Every article in memory (the snapshot could not be written); kept articles are decoded
    /// from the old snapshot, and skipped if that fails (the damage is reported by the store).
    fn into_corpus(self, old: Option<&ArticleStore>) -> Corpus {
        let mut fresh: Vec<Option<Article>> = self.fresh.into_iter().map(Some).collect();
        let articles = self
            .slots
            .iter()
            .filter_map(|slot| match *slot {
                Slot::Kept(i) => old.and_then(|store| store.article(i).ok()),
                Slot::Fresh(i) => fresh[i].take(),
            })
            .collect();
        Corpus {
            articles,
            pages: self.ledger.infos(),
            problems: self.ledger.problems(),
            fingerprint: self.ledger.fingerprint,
        }
    }
}

/// Reads the planned pages (in parallel), then applies the corpus-wide rules in page order:
/// kept pages first claim their texts, names and id keys, then the pages read take theirs.
fn assemble<'s>(
    plan: &Plan<'_>,
    old: Option<&'s ArticleStore>,
    cutter: &Cutter<'_>,
    progress: &dyn Progress,
) -> Assembled<'s> {
    let mut read: Vec<Option<ReadPage>> = plan
        .pages
        .par_iter()
        .map(|planned| match planned {
            Planned::Read(found) => {
                let page = read_page(found.clone(), cutter);
                progress.page_read(page.articles.as_deref().unwrap_or_default());
                Some(page)
            }
            Planned::Keep(..) => None,
        })
        .collect();
    let mut seen_texts = HashSet::new();
    let mut seen_names = HashSet::new();
    let mut seen_keys = HashSet::new();
    for planned in &plan.pages {
        if let Planned::Keep(entry, _) = planned
            && let Outcome::Loaded { key, .. } = &entry.outcome
        {
            seen_texts.insert(entry.text_hash);
            seen_names.insert(entry.name.clone());
            seen_keys.insert(key.clone());
        }
    }
    let mut out = Assembled {
        ledger: Ledger::default(),
        slots: Vec::new(),
        fresh: Vec::new(),
        old,
    };
    let salt = cutter.classifier.fingerprint();
    for (planned, read) in plan.pages.iter().zip(read.iter_mut()) {
        let entry = match (planned, read.take()) {
            (Planned::Keep(entry, origin), _) => out.keep(entry, origin),
            (Planned::Read(_), Some(page)) => {
                let corrections = cutter.corrections_hash(&page.found.name);
                let salt = salt ^ corrections.rotate_left(17);
                let mut entry =
                    out.add(page, salt, &mut seen_texts, &mut seen_names, &mut seen_keys);
                entry.corrections = corrections;
                entry
            }
            (Planned::Read(_), None) => continue,
        };
        out.ledger.pages.push(entry);
    }
    out.ledger.notes.extend(cutter.manifest_problem.clone());
    out.ledger.fingerprint = out
        .ledger
        .infos()
        .iter()
        .fold(0u64, |fp, page| fp.rotate_left(5) ^ page.version);
    out
}

impl Assembled<'_> {
    /// A page kept from the snapshot: its articles move to their new place.
    fn keep(&mut self, entry: &PageEntry, origin: &PageOrigin) -> PageEntry {
        let mut entry = entry.clone();
        entry.origin = origin.clone();
        if let Outcome::Loaded { info, .. } = &mut entry.outcome {
            info.origin = origin.clone();
            let start = self.slots.len();
            self.slots.extend(info.articles.clone().map(Slot::Kept));
            info.articles = start..self.slots.len();
        }
        entry
    }

    /// A page just read: the corpus-wide rules decide what comes of it.
    fn add(
        &mut self,
        page: ReadPage,
        salt: u64,
        seen_texts: &mut HashSet<u64>,
        seen_names: &mut HashSet<String>,
        seen_keys: &mut HashSet<String>,
    ) -> PageEntry {
        let ReadPage {
            found,
            text_hash,
            text_len,
            articles,
        } = page;
        let outcome = match articles {
            Err(reason) => Outcome::Problem(reason.to_string()),
            // The same page imported twice (or bundled and imported) is shown once.
            Ok(_) if !seen_texts.insert(text_hash) => Outcome::Duplicate,
            Ok(_) if seen_names.contains(&found.name) => Outcome::Problem(format!(
                "another page is already named {}; rename this file to load it",
                found.name
            )),
            Ok(articles) if articles.is_empty() => {
                Outcome::Problem("no article found on this page".to_string())
            }
            Ok(mut articles) => {
                seen_names.insert(found.name.clone());
                let key = give_unique_ids(&found.name, &mut articles, seen_keys);
                let mut material = Vec::with_capacity(64);
                material.extend_from_slice(found.name.as_bytes());
                material.push(0);
                material.extend_from_slice(key.as_bytes());
                material.extend_from_slice(&text_hash.to_le_bytes());
                material.extend_from_slice(&salt.to_le_bytes());
                let start = self.slots.len();
                for article in articles {
                    self.slots.push(Slot::Fresh(self.fresh.len()));
                    self.fresh.push(article);
                }
                Outcome::Loaded {
                    info: PageInfo {
                        name: found.name.clone(),
                        origin: found.origin.clone(),
                        bytes: text_len,
                        articles: start..self.slots.len(),
                        version: fnv1a(&material),
                        text_hash,
                    },
                    key,
                }
            }
        };
        PageEntry {
            name: found.name,
            origin: found.origin,
            stamp: found.stamp,
            text_hash,
            corrections: 0,
            outcome,
        }
    }
}

/// Gives the articles of page `name` ids no other page has: its six-digit key if free, else the
/// shortest longer key that is (see [`page_key_of_length`]). Returns the key.
fn give_unique_ids(
    name: &str,
    articles: &mut [Article],
    seen_keys: &mut HashSet<String>,
) -> String {
    let key = (6..=16)
        .map(|digits| page_key_of_length(name, digits))
        .find(|key| !seen_keys.contains(key))
        // Sixteen digits shared means the same name: refused earlier as a name clash.
        .unwrap_or_else(|| page_key_of_length(name, 16));
    if key.len() > 6 {
        for article in articles.iter_mut() {
            article.id = format!("{key}-{}", article.seq);
        }
    }
    seen_keys.insert(key.clone());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_text(i: usize) -> &'static str {
        std::str::from_utf8(bundled_pages()[i].1).expect("bundled pages are UTF-8")
    }

    #[test]
    fn classifying_per_page_equals_classifying_all_at_once() {
        let classifier = Classifier::embedded().unwrap();
        let names: Vec<String> = (0..40).map(|n| format!("{n:03}_{n:016x}")).collect();
        let corpus = Corpus::from_texts(
            names
                .iter()
                .enumerate()
                .map(|(n, name)| (name.as_str(), page_text(n % 5))),
            &classifier,
        );
        // Pages 5.. repeat the texts of 0..5: shown once.
        assert_eq!(corpus.pages.len(), 5);
        let mut at_once: Vec<Article> = corpus
            .articles
            .iter()
            .map(|a| Article {
                region: Default::default(),
                places: Vec::new(),
                themes: Vec::new(),
                date: None,
                date_source: None,
                ..a.clone()
            })
            .collect();
        classifier.classify_all(&mut at_once);
        assert_eq!(corpus.articles, at_once);
        assert!(corpus.articles.iter().any(|a| a.region.city.is_some()));
    }

    #[test]
    fn a_background_load_sends_every_article_then_the_corpus() {
        let tmp = tempfile::tempdir().unwrap();
        let pages = tmp.path().join("pages");
        std::fs::create_dir_all(&pages).unwrap();
        for (name, bytes) in bundled_pages() {
            std::fs::write(pages.join(format!("{name}.txt")), bytes).unwrap();
        }
        let classifier = Arc::new(Classifier::embedded().unwrap());
        let set = PageSet::Dir(pages);
        let events: Vec<LoadEvent> =
            load_in_background(set, classifier, Some(tmp.path().join("cache")))
                .iter()
                .collect();
        assert!(
            matches!(events[0], LoadEvent::Reading { total: 5 }),
            "{:?}",
            events[0]
        );
        let mut streamed: Vec<Article> = events
            .iter()
            .filter_map(|e| match e {
                LoadEvent::Articles(articles) => Some(articles.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        let Some(LoadEvent::Loaded(loaded)) = events.last() else {
            panic!("the last event is the corpus");
        };
        let stored = loaded.as_ref().as_ref().unwrap();
        let mut all: Vec<Article> = stored.store.articles().collect::<Result<_, _>>().unwrap();
        streamed.sort_by(|a, b| a.id.cmp(&b.id));
        all.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(streamed, all);
    }

    #[test]
    fn a_first_start_in_rounds_equals_one_in_a_single_round() {
        let tmp = tempfile::tempdir().unwrap();
        let pages = tmp.path().join("pages");
        std::fs::create_dir_all(&pages).unwrap();
        for (name, bytes) in bundled_pages() {
            std::fs::write(pages.join(format!("{name}.txt")), bytes).unwrap();
        }
        // The third page twice: the copy is a duplicate, shown once, in either way of reading.
        std::fs::write(pages.join("zz_copy.txt"), bundled_pages()[2].1).unwrap();
        let classifier = Classifier::embedded().unwrap();
        let set = PageSet::Dir(pages);
        let load = |cache: &str, min_round: usize| {
            let cache = tmp.path().join(cache);
            let stored = StoredCorpus::load_inner(
                &set,
                &classifier,
                Some(&cache),
                &NoProgress,
                false,
                min_round,
            )
            .unwrap();
            let segments = std::fs::read_dir(snapshot::dir_for(&cache, &set))
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".kbb"))
                .count();
            (stored, segments)
        };
        let (whole, one) = load("one", MIN_ROUND_PAGES);
        let (rounds, five) = load("rounds", 1);
        assert_eq!(one, 1);
        // One page a round, a segment for each page with articles (the copy has none), none
        // compacted.
        assert_eq!(five, 5);
        assert!(matches!(rounds.snapshot, SnapshotStatus::Written(_)));
        let articles =
            |s: &StoredCorpus| s.store.articles().collect::<Result<Vec<_>, _>>().unwrap();
        assert_eq!(articles(&rounds), articles(&whole));
        assert_eq!(rounds.fingerprint, whole.fingerprint);
        assert_eq!(rounds.problems.to_vec(), whole.problems.to_vec());
        // The last round recorded the directory's stamp: the next start reads nothing.
        let (again, _) = load("rounds", 1);
        assert!(matches!(again.snapshot, SnapshotStatus::Reused(_)));
        assert_eq!(round_pages(100, 1), 15, "at most seven rounds");
        assert_eq!(round_pages(100, 40), 40);
    }

    #[test]
    fn pages_sharing_a_six_digit_key_get_distinct_ids() {
        let classifier = Classifier::embedded().unwrap();
        let corpus = Corpus::from_texts(
            [
                ("001_abcdef0100000000", page_text(0)),
                ("002_abcdef0200000000", page_text(1)),
            ],
            &classifier,
        );
        let first = &corpus.articles[corpus.pages[0].articles.clone()];
        let second = &corpus.articles[corpus.pages[1].articles.clone()];
        assert_eq!(first[0].id, "abcdef-1");
        assert_eq!(second[0].id, "abcdef0-1");
        let mut ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), corpus.articles.len());
    }
}
