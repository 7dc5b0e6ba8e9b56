//! Where the index lives and how it stays current: `<cache_root>/index-<slot>-a<version>/`, one
//! index per page set (the slot) and `ANALYZER_VERSION`.
//!
//! **Built once, then updated.** The first build goes into a temporary directory that is moved
//! into place with one atomic rename. After that the index is updated in place: every document
//! carries its page's version (a term of the `page_version` field), so an update reads which page
//! versions the index holds, deletes the documents of versions the corpus no longer has, adds the
//! articles of the pages it lacks, and commits. tantivy's commit is atomic (its `meta.json` is
//! replaced whole), so a killed update leaves the last commit; the commit's payload names the
//! corpus it reflects (fingerprint, article count, id digest), which is how a start tells in
//! microseconds that the index is current. Segments are merged by tantivy's log merge policy,
//! with segments of many deleted documents merged early, so daily additions do not pile up.
//!
//! **Checked on open.** A marker file (`kanbao-index.json`, written after each commit) lists the
//! commit's files and sizes; opening checks the sizes, tantivy's own checksums (for indexes small
//! enough to read at once), the document count and a lookup, so a truncated or damaged index is
//! noticed and rebuilt before a search trips over it.
//!
//! **One writer.** Builds and updates take an exclusive lock (`.index-<slot>-a<version>.lock` beside
//! the index); a second process waits for it (and says so) and then finds the index current.
//! Readers take no lock: a reader keeps the files it mapped, whatever a writer does after.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::indexer::LogMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, TERMINATED, Term};

use super::analyzer;
use super::readings::ReadingMap;
use super::schema::{ArticleDocument, Fields, build_schema, id_term};
use crate::corpus::ArticleStore;
use crate::corpus::snapshot::{WriteLock, lock_file, lock_file_within, wait_for_writer};

/// Bump whenever tokenizers, schema or document layout change: old caches are then rebuilt.
pub(crate) const ANALYZER_VERSION: u32 = 5;

const MARKER: &str = "kanbao-index.json";
const BUILDING_PREFIX: &str = ".building-";
const INDEX_PREFIX: &str = "index-";
/// Indexes up to this size are checksummed in full on open (cheap at this size).
const CHECKSUM_LIMIT: u64 = 16 * 1024 * 1024;
/// A temporary build directory older than this is an abandoned build and may be removed.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);
/// Indexing memory per writer thread (tantivy's minimum is 15 MB). Each writer thread flushes a
/// segment whenever it fills this much: large enough that a typical archive is built as a few
/// segments that need no merging, where a smaller heap made many segments whose merges cost a
/// large share of the build (figures in docs/PERFORMANCE.md, "Index build").
const HEAP_PER_THREAD: usize = 64_000_000;
/// Segments with more than this share of deleted documents are merged (a changed page deletes
/// its old documents).
const DELETED_SHARE_BEFORE_MERGE: f32 = 0.25;

/// Where the caller wants the index kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexLocation {
    /// The cache directory (e.g. the XDG cache dir); `None` keeps the index in memory only.
    pub cache_root: Option<PathBuf>,
}

impl IndexLocation {
    /// Keep the index in memory only (nothing written to disk).
    pub fn in_memory() -> Self {
        Self { cache_root: None }
    }
    /// Keep the index under `cache_root` (e.g. the XDG cache directory).
    pub fn on_disk(cache_root: impl Into<PathBuf>) -> Self {
        Self {
            cache_root: Some(cache_root.into()),
        }
    }
}

/// How the index came to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    /// A complete index for this corpus was already in the cache.
    Reused { path: PathBuf },
    /// Built and stored in the cache.
    Built { path: PathBuf, reason: String },
    /// The cached index was brought up to date: the documents of `removed` page versions were
    /// deleted, the articles of `added` pages indexed.
    Updated {
        path: PathBuf,
        added: usize,
        removed: usize,
    },
    /// The cached index was damaged; it was rebuilt.
    RebuiltCorrupt { path: PathBuf, problem: String },
    /// Built in memory only, because of `why`.
    InMemory { why: String },
}

impl fmt::Display for IndexStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reused { path } => write!(f, "search index: reused {}", path.display()),
            Self::Built { path, reason } => {
                write!(f, "search index: built {} ({reason})", path.display())
            }
            Self::Updated {
                path,
                added,
                removed,
            } => write!(
                f,
                "search index: updated {} ({added} pages indexed, {removed} page versions removed)",
                path.display()
            ),
            Self::RebuiltCorrupt { path, problem } => write!(
                f,
                "search index: rebuilt {} because the cached one was damaged ({problem})",
                path.display()
            ),
            Self::InMemory { why } => write!(f, "search index: kept in memory ({why})"),
        }
    }
}

/// The outcome of opening an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexReport {
    pub status: IndexStatus,
    /// Articles in the index.
    pub articles: usize,
    /// Time spent opening, building or updating (waiting included).
    pub took: Duration,
    /// Time spent waiting for another kanbao that was building or updating the same index.
    pub waited: Option<Duration>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct MarkerFile {
    name: String,
    size: u64,
}

/// Written after each commit: the commit it describes and every file it consists of.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Marker {
    analyzer_version: u32,
    opstamp: u64,
    files: Vec<MarkerFile>,
}

/// The commit payload: which corpus the committed index reflects.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Payload {
    fingerprint: String,
    articles: usize,
    ids_digest: String,
}

/// What an index is asked to hold: the articles of `store`, page by page.
pub(crate) struct Wanted<'a> {
    pub store: &'a ArticleStore,
    /// Each page's version and the range of its articles in `store`.
    pub pages: &'a [(u64, Range<usize>)],
    pub fingerprint: u64,
}

impl Wanted<'_> {
    fn payload(&self) -> Payload {
        Payload::of(self.store, self.fingerprint)
    }
}

impl Payload {
    fn of(store: &ArticleStore, fingerprint: u64) -> Payload {
        Payload {
            fingerprint: format!("{fingerprint:016x}"),
            articles: store.len(),
            ids_digest: format!("{:016x}", store.ids_digest()),
        }
    }
}

/// The directory name of the index of page set `slot`.
pub(crate) fn index_dir_name(slot: u64) -> String {
    format!("{INDEX_PREFIX}{slot:016x}-a{ANALYZER_VERSION}")
}

/// The writer lock's path for the index in `dir`.
fn lock_path(dir: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(dir.file_name().unwrap_or_default());
    name.push(".lock");
    dir.with_file_name(name)
}

fn is_lock_file(name: &str) -> bool {
    name.starts_with(".tantivy") && name.ends_with(".lock")
}

/// An opened index with its fields and a reader.
pub(crate) struct Opened {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// Where the pinyin reading map of this commit is kept, if the index is on disk: its
    /// directory and the commit's opstamp (see [`ReadingMap::load`]).
    pub readings: Option<(PathBuf, u64)>,
}

fn open_reader(mut index: Index) -> tantivy::Result<Opened> {
    analyzer::register(&index);
    // Segments are searched in parallel: a query over a large archive (many segments, tens of
    // thousands of matches to count) then takes both cores of a small machine.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    }
    let (_, fields) = build_schema();
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(Opened {
        index,
        reader,
        fields,
        readings: None,
    })
}

fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_del_docs_ratio_before_merge(DELETED_SHARE_BEFORE_MERGE);
    policy
}

/// Indexes the pages' articles into `writer`. The calling thread only gathers each article's
/// texts into an [`ArticleDocument`] (cheap); all analysis (folding, jieba, grams, pinyin, key
/// terms) runs in the tokenizers, i.e. on tantivy's writer threads, which take documents from
/// one queue and so share the work evenly. Document order in the index therefore varies between
/// builds, as it always did with two writer threads: listings sort by article index, but which
/// of several equally scored hits make a top N follows it.
fn add_pages<'p>(
    writer: &IndexWriter<ArticleDocument>,
    fields: &Fields,
    store: &ArticleStore,
    pages: impl Iterator<Item = &'p (u64, Range<usize>)>,
    total: usize,
    progress: &dyn Fn(usize, usize),
) -> tantivy::Result<()> {
    let mut done = 0;
    progress(0, total);
    // One article at a time from the store (decoded from the snapshot when it is mapped): the
    // build never holds the whole archive's text, only tantivy's queue and buffers.
    for (version, articles) in pages {
        let version = page_version_text(*version);
        for index in articles.clone() {
            let article = store
                .article(index)
                .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
            let mut doc = ArticleDocument::new(fields, &article);
            doc.tag(fields.page_version, version.clone());
            writer.add_document(doc)?;
            done += 1;
            progress(done, total);
        }
    }
    Ok(())
}

/// Fills a new index with every page of `wanted` and commits.
fn fill(
    index: &Index,
    fields: &Fields,
    wanted: &Wanted<'_>,
    progress: &dyn Fn(usize, usize),
) -> tantivy::Result<()> {
    analyzer::register(index);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 2);
    let mut writer: IndexWriter<ArticleDocument> =
        index.writer_with_num_threads(threads, threads * HEAP_PER_THREAD)?;
    writer.set_merge_policy(Box::new(merge_policy()));
    add_pages(
        &writer,
        fields,
        wanted.store,
        wanted.pages.iter(),
        wanted.store.len(),
        progress,
    )?;
    commit(&mut writer, wanted)?;
    writer.wait_merging_threads()?;
    Ok(())
}

fn commit(writer: &mut IndexWriter<ArticleDocument>, wanted: &Wanted<'_>) -> tantivy::Result<()> {
    let payload = serde_json::to_string(&wanted.payload())
        .map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// Builds an index in memory.
pub(crate) fn build_in_memory(
    wanted: &Wanted<'_>,
    progress: &dyn Fn(usize, usize),
) -> tantivy::Result<Opened> {
    let (schema, fields) = build_schema();
    let index = Index::create_in_ram(schema);
    fill(&index, &fields, wanted, progress)?;
    open_reader(index)
}

/// Whether the index in `dir` says it holds exactly `wanted` (its last commit's payload): the
/// quick test of a start, which reads one small file.
pub(crate) fn is_current(dir: &Path, store: &ArticleStore, fingerprint: u64) -> bool {
    read_payload(dir).is_some_and(|p| p == Payload::of(store, fingerprint))
}

/// The fingerprint the index in `dir` was last committed for.
pub(crate) fn payload_fingerprint(dir: &Path) -> Option<u64> {
    u64::from_str_radix(&read_payload(dir)?.fingerprint, 16).ok()
}

fn read_payload(dir: &Path) -> Option<Payload> {
    let meta = fs::read_to_string(dir.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    serde_json::from_str(meta.get("payload")?.as_str()?).ok()
}

/// Why a cached index cannot be used as it is, or could not be written. The index is then
/// rebuilt (or kept in memory), and the message is shown in the index status: it names the file
/// or directory at fault.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    #[error("no completion marker {} ({source})", path.display())]
    NoMarker {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unreadable marker {} ({source})", path.display())]
    BadMarker {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("built by another analyzer version")]
    OtherAnalyzer,
    #[error("its last commit holds another set of articles")]
    NotCurrent,
    #[error("its fields are not this version's")]
    OtherSchema,
    #[error("tantivy cannot open it ({0})")]
    Open(#[source] tantivy::TantivyError),
    #[error("tantivy cannot read its commit ({0})")]
    ReadCommit(#[source] tantivy::TantivyError),
    #[error("{} is missing ({source})", path.display())]
    Missing {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is {actual} bytes, expected {expected}", path.display())]
    WrongSize {
        path: PathBuf,
        actual: u64,
        expected: u64,
    },
    #[error("cannot check it ({0})")]
    Check(#[source] tantivy::TantivyError),
    #[error("{} fails its checksum", .0.display())]
    Checksum(PathBuf),
    #[error("cannot read it ({0})")]
    Read(#[source] tantivy::TantivyError),
    #[error("holds {actual} documents, expected {expected}")]
    DocumentCount { actual: u64, expected: usize },
    #[error("a lookup failed ({0})")]
    Lookup(#[source] tantivy::TantivyError),
    #[error("article {0} is not found by its id")]
    IdNotFound(String),
    #[error("holds {held} documents with other ids than the {given} articles given")]
    OtherIds { held: u64, given: usize },
    #[error("cannot reopen {} ({source})", dir.display())]
    Reopen {
        dir: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("cannot read the commit in {} ({source})", dir.display())]
    ReopenCommit {
        dir: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("cannot list {} ({source})", dir.display())]
    List {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot stat {name} ({source})")]
    Stat {
        name: String,
        source: std::io::Error,
    },
    #[error("cannot write the marker ({0})")]
    EncodeMarker(#[source] serde_json::Error),
    #[error("cannot write the marker in {} ({source})", dir.display())]
    WriteMarker {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create {} ({source})", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write in {} ({source})", dir.display())]
    TempDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create an index in {} ({source})", dir.display())]
    Create {
        dir: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("indexing into {} failed ({source})", dir.display())]
    Fill {
        dir: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("cannot move the index to {} ({source})", dir.display())]
    Move {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("updating {} failed ({source})", dir.display())]
    Update {
        dir: PathBuf,
        source: tantivy::TantivyError,
    },
}

/// Opens the index in `dir` if it is complete and undamaged, checking that it holds `expect`
/// documents and finds `probe_ids` by id; otherwise says what is wrong.
pub(crate) fn open_checked(
    dir: &Path,
    expect: Option<usize>,
    probe_ids: &[&str],
) -> Result<Opened, CacheError> {
    open_checked_as(dir, expect, probe_ids, Some(ANALYZER_VERSION))
}

/// The index in `dir`, through [`SharedDirectory`].
fn open_dir(dir: &Path) -> tantivy::Result<Index> {
    let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
    Index::open(SharedDirectory(directory))
}

/// An index directory as tantivy's own, except for the locks a reader may not create. tantivy
/// takes a lock file (`.tantivy-meta.lock`) even to read a commit, which the readers of a shared
/// archive cannot create in a cache they may only read (README, "A shared archive on one
/// server"): such a lock is then granted without a file. Readers of that cache never write;
/// its writer takes the real locks, and kanbao's own writer lock besides.
#[derive(Debug, Clone)]
struct SharedDirectory(MmapDirectory);

impl Directory for SharedDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.0.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// The index of this slot that another analyzer version built (the newest such), if any.
pub(crate) fn other_version_dir(root: &Path, slot: u64) -> Option<PathBuf> {
    let prefix = format!("{INDEX_PREFIX}{slot:016x}-a");
    fs::read_dir(root)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version: u32 = name.strip_prefix(&prefix)?.parse().ok()?;
            (version != ANALYZER_VERSION).then(|| (version, entry.path()))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, path)| path)
}

/// Opens the index another analyzer version built in `dir` ([`other_version_dir`]) when its
/// last commit holds exactly `store` and its schema is this version's (its fields are then
/// where this version looks for them); checked as [`open_checked`] checks its own.
pub(crate) fn open_other_version(
    dir: &Path,
    store: &ArticleStore,
    fingerprint: u64,
    probe_ids: &[&str],
) -> Result<Opened, CacheError> {
    if !is_current(dir, store, fingerprint) {
        return Err(CacheError::NotCurrent);
    }
    let opened = open_checked_as(dir, Some(store.len()), probe_ids, None)?;
    if opened.index.schema() != build_schema().0 {
        return Err(CacheError::OtherSchema);
    }
    Ok(opened)
}

/// [`open_checked`], for the index of analyzer version `analyzer` (any version: `None`).
fn open_checked_as(
    dir: &Path,
    expect: Option<usize>,
    probe_ids: &[&str],
    analyzer: Option<u32>,
) -> Result<Opened, CacheError> {
    let marker_path = dir.join(MARKER);
    let marker_text = match fs::read_to_string(&marker_path) {
        Ok(text) => text,
        Err(source) => {
            return Err(CacheError::NoMarker {
                path: marker_path,
                source,
            });
        }
    };
    let marker: Marker = match serde_json::from_str(&marker_text) {
        Ok(marker) => marker,
        Err(source) => {
            return Err(CacheError::BadMarker {
                path: marker_path,
                source,
            });
        }
    };
    if analyzer.is_some_and(|version| version != marker.analyzer_version) {
        return Err(CacheError::OtherAnalyzer);
    }
    let index = open_dir(dir).map_err(CacheError::Open)?;
    let opstamp = index.load_metas().map_err(CacheError::ReadCommit)?.opstamp;
    // A marker of an older commit: the update that committed was stopped before it wrote the
    // marker. The commit itself is whole (tantivy writes it atomically); only the sizes cannot
    // be checked until the next update writes a marker.
    let mut total_size = 0;
    if marker.opstamp == opstamp {
        for file in &marker.files {
            let path = dir.join(&file.name);
            let size = match fs::metadata(&path) {
                Ok(meta) => meta.len(),
                Err(source) => return Err(CacheError::Missing { path, source }),
            };
            if size != file.size {
                return Err(CacheError::WrongSize {
                    path,
                    actual: size,
                    expected: file.size,
                });
            }
            total_size += size;
        }
    }
    if marker.opstamp == opstamp && total_size <= CHECKSUM_LIMIT {
        let damaged = index.validate_checksum().map_err(CacheError::Check)?;
        if let Some(file) = damaged.iter().next() {
            return Err(CacheError::Checksum(file.clone()));
        }
    }
    let mut opened = open_reader(index).map_err(CacheError::Read)?;
    opened.readings = Some((dir.to_path_buf(), opstamp));
    let searcher = opened.reader.searcher();
    if let Some(expect) = expect
        && searcher.num_docs() != expect as u64
    {
        return Err(CacheError::DocumentCount {
            actual: searcher.num_docs(),
            expected: expect,
        });
    }
    // A real lookup through the term dictionary and postings.
    for id in probe_ids {
        let query = TermQuery::new(id_term(&opened.fields, id), IndexRecordOption::Basic);
        let found = searcher
            .search(&query, &Count)
            .map_err(CacheError::Lookup)?;
        if found == 0 {
            return Err(CacheError::IdNotFound((*id).to_string()));
        }
    }
    Ok(opened)
}

/// Writes the marker of the index in `dir`'s last commit.
fn write_marker(dir: &Path) -> Result<(), CacheError> {
    let index = Index::open_in_dir(dir).map_err(|source| CacheError::Reopen {
        dir: dir.to_path_buf(),
        source,
    })?;
    let metas = index
        .load_metas()
        .map_err(|source| CacheError::ReopenCommit {
            dir: dir.to_path_buf(),
            source,
        })?;
    let mut files = Vec::new();
    let list = |source| CacheError::List {
        dir: dir.to_path_buf(),
        source,
    };
    let entries = fs::read_dir(dir).map_err(list)?;
    // The commit's files: `meta.json` and those of its segments (named by the segment's id).
    let segments: Vec<String> = metas
        .segments
        .iter()
        .map(|segment| segment.id().uuid_string())
        .collect();
    let is_live =
        |name: &str| name == "meta.json" || segments.iter().any(|id| name.starts_with(id.as_str()));
    for entry in entries {
        let entry = entry.map_err(list)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_lock_file(&name) || name == MARKER || !is_live(&name) {
            continue;
        }
        let size = match entry.metadata() {
            Ok(meta) => meta.len(),
            Err(source) => return Err(CacheError::Stat { name, source }),
        };
        files.push(MarkerFile { name, size });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let marker = Marker {
        analyzer_version: ANALYZER_VERSION,
        opstamp: metas.opstamp,
        files,
    };
    let json = serde_json::to_string_pretty(&marker).map_err(CacheError::EncodeMarker)?;
    let write = |source| CacheError::WriteMarker {
        dir: dir.to_path_buf(),
        source,
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
    std::io::Write::write_all(&mut temp, json.as_bytes()).map_err(write)?;
    temp.persist(dir.join(MARKER)).map_err(|e| write(e.error))?;
    save_readings(dir, &index, metas.opstamp);
    // tantivy writes `meta.json` and `.managed.json` through temporary files too.
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            crate::dirs::readable_as_its_dir(&entry.path());
        }
    }
    Ok(())
}

/// Keeps the pinyin reading map of the commit `opstamp` beside the index, so a pinyin search
/// in a new process reads it instead of walking every gram field's term dictionary (29 ms at
/// 1M). Best effort: without it (a failed write, an older kanbao's index), the map is built on
/// first need as before.
fn save_readings(dir: &Path, index: &Index, opstamp: u64) {
    let Ok(reader) = index.reader() else {
        return;
    };
    let (_, fields) = build_schema();
    let map = ReadingMap::build(&reader.searcher(), &fields.gram_fields());
    let _ = map.save(dir, opstamp);
}

/// Builds the index of `wanted` in a temporary directory under `root` and moves it to
/// `final_dir` (which must not exist). The caller holds the writer lock.
pub(crate) fn build_on_disk(
    root: &Path,
    final_dir: &Path,
    wanted: &Wanted<'_>,
    progress: &dyn Fn(usize, usize),
) -> Result<(), CacheError> {
    fs::create_dir_all(root).map_err(|source| CacheError::CreateDir {
        dir: root.to_path_buf(),
        source,
    })?;
    let temp = tempfile::Builder::new()
        .prefix(BUILDING_PREFIX)
        .tempdir_in(root)
        .map_err(|source| CacheError::TempDir {
            dir: root.to_path_buf(),
            source,
        })?;
    let (schema, fields) = build_schema();
    {
        let index =
            Index::create_in_dir(temp.path(), schema).map_err(|source| CacheError::Create {
                dir: temp.path().to_path_buf(),
                source,
            })?;
        fill(&index, &fields, wanted, progress).map_err(|source| CacheError::Fill {
            dir: temp.path().to_path_buf(),
            source,
        })?;
    }
    write_marker(temp.path())?;
    crate::corpus::crash_point("index-built");
    fs::rename(temp.path(), final_dir).map_err(|source| CacheError::Move {
        dir: final_dir.to_path_buf(),
        source,
    })?;
    // A temporary directory is created `0700`.
    crate::dirs::readable_as_its_dir(final_dir);
    Ok(())
}

/// The page versions the index holds (in documents not deleted).
fn versions_in(opened: &Opened) -> tantivy::Result<HashSet<u64>> {
    let searcher = opened.reader.searcher();
    let mut versions = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(opened.fields.page_version)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let Some(version) = std::str::from_utf8(terms.key())
                .ok()
                .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            else {
                continue;
            };
            let alive = match segment.alive_bitset() {
                None => true,
                Some(alive) => {
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                    let mut any = false;
                    while postings.doc() != TERMINATED {
                        if alive.is_alive(postings.doc()) {
                            any = true;
                            break;
                        }
                        postings.advance();
                    }
                    any
                }
            };
            if alive {
                versions.insert(version);
            }
        }
    }
    Ok(versions)
}

/// What an update of an index would do: the page versions to delete and the pages to add.
pub(crate) struct UpdatePlan<'w> {
    stale: Vec<u64>,
    missing: Vec<&'w (u64, Range<usize>)>,
}

impl UpdatePlan<'_> {
    /// Articles the update would index (the articles of the pages the index lacks).
    pub(crate) fn articles(&self) -> usize {
        self.missing.iter().map(|(_, r)| r.len()).sum()
    }

    /// The page versions the index holds and the corpus no longer has.
    pub(crate) fn stale(&self) -> &[u64] {
        &self.stale
    }

    /// Where in the store the articles of the pages the index lacks are.
    pub(crate) fn missing_ranges(&self) -> Vec<Range<usize>> {
        self.missing.iter().map(|(_, r)| r.clone()).collect()
    }
}

/// A page version as the `page_version` field holds it.
fn page_version_text(version: u64) -> String {
    format!("{version:016x}")
}

/// The `page_version` term of a page version (what an update deletes by).
pub(crate) fn page_version_term(fields: &Fields, version: u64) -> Term {
    Term::from_field_text(fields.page_version, &page_version_text(version))
}

/// What bringing the opened index up to `wanted` would take (reads only the index's
/// `page_version` terms).
pub(crate) fn plan_update<'w>(
    dir: &Path,
    opened: &Opened,
    wanted: &Wanted<'w>,
) -> Result<UpdatePlan<'w>, CacheError> {
    let held = versions_in(opened).map_err(|source| CacheError::Update {
        dir: dir.to_path_buf(),
        source,
    })?;
    let wanted_versions: HashSet<u64> = wanted.pages.iter().map(|(v, _)| *v).collect();
    Ok(UpdatePlan {
        stale: held.difference(&wanted_versions).copied().collect(),
        missing: wanted
            .pages
            .iter()
            .filter(|(v, _)| !held.contains(v))
            .collect(),
    })
}

/// Brings the index in `dir` up to `wanted` as `plan` says: deletes the documents of page
/// versions `wanted` does not have, adds the pages it lacks, commits. Returns (pages added,
/// versions removed). The caller holds the writer lock.
pub(crate) fn update_in_place(
    dir: &Path,
    opened: &Opened,
    wanted: &Wanted<'_>,
    plan: &UpdatePlan<'_>,
    progress: &dyn Fn(usize, usize),
) -> Result<(usize, usize), CacheError> {
    let failed = |source| CacheError::Update {
        dir: dir.to_path_buf(),
        source,
    };
    let mut writer: IndexWriter<ArticleDocument> = opened
        .index
        .writer_with_num_threads(1, HEAP_PER_THREAD)
        .map_err(failed)?;
    writer.set_merge_policy(Box::new(merge_policy()));
    for version in &plan.stale {
        writer.delete_term(page_version_term(&opened.fields, *version));
    }
    add_pages(
        &writer,
        &opened.fields,
        wanted.store,
        plan.missing.iter().copied(),
        plan.articles(),
        progress,
    )
    .map_err(failed)?;
    crate::corpus::crash_point("index-before-commit");
    commit(&mut writer, wanted).map_err(failed)?;
    crate::corpus::crash_point("index-committed");
    writer.wait_merging_threads().map_err(failed)?;
    write_marker(dir)?;
    Ok((plan.missing.len(), plan.stale.len()))
}

/// Takes the writer lock of the index in `dir`, calling `on_wait` once if another process holds
/// it.
pub fn lock(dir: &Path, on_wait: &dyn Fn()) -> std::io::Result<WriteLock> {
    lock_file(&lock_path(dir), on_wait)
}

/// Takes the writer lock of the index in `dir` if it is free within `patience`; `Ok(None)` when
/// another process still holds it.
pub(crate) fn lock_within(dir: &Path, patience: Duration) -> std::io::Result<Option<WriteLock>> {
    lock_file_within(&lock_path(dir), patience)
}

/// For a reader that cannot take the lock (a read-only shared cache): waits until a writer of
/// the index in `dir` is done. Returns whether it waited.
pub(crate) fn wait_for_index_writer(dir: &Path, on_wait: &dyn Fn()) -> bool {
    wait_for_writer(&lock_path(dir), on_wait)
}

/// Removes other corpora's indexes and abandoned builds under `root`, keeping `keep`. Best
/// effort: a directory another process still reads stays readable (its files are mapped).
pub(crate) fn remove_stale(root: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path == keep {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        // Lock files stay (tiny; removing one another process holds would let a third in).
        let stale = if name.starts_with(BUILDING_PREFIX) {
            modified_age(&entry).is_some_and(|age| age > ABANDONED_AFTER)
        } else {
            name.starts_with(INDEX_PREFIX)
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

fn modified_age(entry: &fs::DirEntry) -> Option<Duration> {
    let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
    SystemTime::now().duration_since(modified).ok()
}

/// Are there indexes of other corpora under `root`? (Tells "first use" from "corpus changed".)
pub(crate) fn has_other_indexes(root: &Path, current: &Path) -> bool {
    fs::read_dir(root).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            e.path() != current && name.starts_with(INDEX_PREFIX)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_names_depend_on_slot_and_analyzer() {
        assert_eq!(index_dir_name(1), index_dir_name(1));
        assert_ne!(index_dir_name(1), index_dir_name(2));
        assert_eq!(
            index_dir_name(7),
            format!("index-0000000000000007-a{ANALYZER_VERSION}")
        );
        assert_eq!(
            lock_path(Path::new("/c/index-1-a4")),
            Path::new("/c/.index-1-a4.lock")
        );
    }

    #[test]
    fn status_lines_say_what_happened() {
        let s = IndexStatus::InMemory {
            why: "cache /x is not writable".into(),
        };
        assert_eq!(
            s.to_string(),
            "search index: kept in memory (cache /x is not writable)"
        );
        let s = IndexStatus::Reused {
            path: PathBuf::from("/c/index-1"),
        };
        assert_eq!(s.to_string(), "search index: reused /c/index-1");
    }
}
