//! The corpus snapshot: an [`ArticleStore`] persisted in the cache directory, so that a start with
//! unchanged pages skips decoding, parsing and classifying (what that saves: docs/PERFORMANCE.md)
//! and maps the articles' text instead of holding it, and so that a changed page costs only
//! itself.
//!
//! **Layout.** One directory per page set (`corpus-<set>/`, see `dir_for`) holding
//! * body *segments* (`bodies-*.kbb`): body records one after another (each checksummed, see
//!   [`super::store`]), written once and never changed;
//! * the *manifest* (`manifest.kbm`): every article's head ([`HeadTable`]), where its body lies
//!   (segment, offset, length), and the `Ledger` of pages (each with its stamp, so the next
//!   start knows which pages changed). Replaced whole by an atomic rename.
//!
//! **Updates.** Adding, changing or removing pages writes one new segment with the new pages'
//! bodies and a new manifest; the other bodies stay where they are. When more than half of the
//! segment bytes are dead (bodies of removed or changed pages) or there are more than
//! `MAX_SEGMENTS` segments, the live bodies are copied into one new segment (*compaction*,
//! records copied as they are after their checksum is verified). Segments no manifest refers to
//! any more are removed afterwards. Writers take an exclusive lock on `lock` in the directory;
//! readers take none (a segment removed under a reader stays readable through its open file).
//!
//! **Manifest file** (integers little-endian): `KBSNAP05` · CRC-32 of the chunk checksums · 4
//! zero bytes · lengths (u64) of the head table, of the metadata and of everything checked ·
//! the head table · the metadata (postcard) · the body places · the ledger · a CRC-32 per 4 KiB
//! of everything from the head table to the ledger ([`super::checked`]: each chunk is checked
//! when first read, so a start reads only what it uses). A manifest whose header or chunk
//! checksums do not check out is ignored (the pages are read anew), never trusted; a chunk
//! found damaged later is refused where it lies and the manifest removed; a killed writer
//! leaves the previous manifest in place.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::checked::{CheckedMap, chunk_checksums};
use super::heads::HeadTableError;
use super::heads::{HeadTable, TableBytes};
use super::load::Deferred;
use super::pages::{PageInfo, PageOrigin, PageProblem, PageSet, PageStamp};
use super::store::{
    ArticleStore, Bodies, BodyRef, BodyRefs, RecordError, Segment, StoreError, encode_record,
};
use crate::article::{Article, fnv1a};

const MAGIC: &[u8; 8] = b"KBSNAP05";
/// Bumped whenever the file layout or the `Article` model changes.
const FORMAT: u32 = 5;
/// Names the snapshot's (and the search index's) directory: bumped only when a change of format
/// must not reuse the old directory's search index (a layout change alone leaves the index as it
/// is: the snapshot is rewritten, the index found current).
const SLOT_VERSION: u32 = 3;
/// Bytes of one body place in the manifest: segment (u32), length (u32), offset (u64).
const REF_BYTES: usize = 16;
const HEADER: usize = 40;
const MANIFEST: &str = "manifest.kbm";
/// The page directory's stamp, when it changed since the manifest was written and no page did.
const DIR_STAMP: &str = "dir-stamp";
const LOCK: &str = "lock";
const SEGMENT_PREFIX: &str = "bodies-";
const SEGMENT_SUFFIX: &str = ".kbb";
/// More segments than this are compacted into one.
pub(crate) const MAX_SEGMENTS: usize = 8;
/// Snapshot directories kept besides the current one (other page sets: `--data DIR`, tests).
const KEEP_OTHERS: usize = 2;

/// Why a snapshot could not be opened or written. Never fatal: the pages are then read anew
/// (and the message, when writing failed, says why nothing is cached).
#[derive(Debug, thiserror::Error)]
pub(crate) enum SnapshotError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// "read", "open", "map".
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{0} is not a kanbao corpus snapshot of this version")]
    NotASnapshot(PathBuf),
    #[error("{0} was made by another kanbao")]
    OtherFormat(PathBuf),
    #[error("its manifest fails its checksum")]
    Checksum,
    #[error("its head table is longer than the file")]
    TableTooLong,
    #[error("its metadata does not decode: {0}")]
    Meta(postcard::Error),
    #[error("its article table does not match its contents")]
    RefsMismatch,
    #[error("its manifest names an odd segment file {0:?}")]
    OddSegment(String),
    #[error("{path} is {actual} bytes, expected {expected}")]
    SegmentLength {
        path: PathBuf,
        actual: u64,
        expected: u64,
    },
    #[error(transparent)]
    Heads(#[from] HeadTableError),
    #[error("a kept article is missing from the snapshot being updated")]
    KeptMissing,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("an article's record is {0} bytes, more than a body place can hold (4 GiB)")]
    RecordTooLong(usize),
    #[error("cannot encode the snapshot's manifest: {0}")]
    Encode(postcard::Error),
    #[error(transparent)]
    Write(#[from] io::Error),
}

/// What became of one page the last time the pages were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Outcome {
    /// Loaded: its articles are `info.articles`; `key` is the id key its articles got.
    Loaded { info: PageInfo, key: String },
    /// The same text as an earlier page (shown once, under that page).
    Duplicate,
    /// Not loaded, and why.
    Problem(String),
}

/// One page of the ledger: where it is, its stamp when read, its text's hash, what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageEntry {
    pub name: String,
    pub origin: PageOrigin,
    pub stamp: Option<PageStamp>,
    /// FNV-1a of the decoded text (0 when it could not be read).
    pub text_hash: u64,
    /// A hash of the user's corrections for this page when it was read (0: none).
    pub corrections: u64,
    pub outcome: Outcome,
}

/// Every page found, in corpus order, and what the corpus is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Ledger {
    /// The binary, the classifier's data and the page manifest the articles were made with:
    /// when it differs, every page is read anew.
    pub build_key: u64,
    /// The page directory's stamp when it was listed (`None`: list it again next time).
    pub dir_stamp: Option<PageStamp>,
    /// The corpus fingerprint (the page versions in order): what the search index is made for.
    pub fingerprint: u64,
    /// FNV-1a of the user's `pages.toml` when the pages were read (0: none).
    pub manifest_stamp: u64,
    /// Problems that are not one page's (a `pages.toml` that cannot be used).
    pub notes: Vec<PageProblem>,
    pub pages: Vec<PageEntry>,
}

impl Ledger {
    /// The pages that loaded.
    pub(crate) fn infos(&self) -> Vec<PageInfo> {
        self.pages
            .iter()
            .filter_map(|p| match &p.outcome {
                Outcome::Loaded { info, .. } => Some(info.clone()),
                _ => None,
            })
            .collect()
    }

    /// The pages that did not load, and the problems that are not one page's.
    pub(crate) fn problems(&self) -> Vec<PageProblem> {
        self.pages
            .iter()
            .filter_map(|p| match &p.outcome {
                Outcome::Problem(reason) => Some(PageProblem {
                    origin: p.origin.clone(),
                    reason: reason.clone(),
                }),
                _ => None,
            })
            .chain(self.notes.iter().cloned())
            .collect()
    }
}

/// What a start reads of the manifest besides the head table: small, whatever the archive's
/// size. The body places follow it as a flat array (read in place), then the ledger's pages and
/// notes (decoded only when asked for: an update, a list of the pages).
#[derive(Serialize, Deserialize)]
struct Meta {
    format: u32,
    build_key: u64,
    dir_stamp: Option<PageStamp>,
    fingerprint: u64,
    manifest_stamp: u64,
    /// [`HeadTable::ids_digest`] of the head table.
    ids_digest: u64,
    /// [`Ledger::problems`]: every start reports them, so they are kept apart from the pages.
    problems: Vec<PageProblem>,
    /// Segment file names and lengths, in the order [`BodyRef::segment`] counts.
    segments: Vec<(String, u64)>,
}

/// The ledger's scalars, read at every start: whether the snapshot is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    pub build_key: u64,
    pub dir_stamp: Option<PageStamp>,
    pub fingerprint: u64,
    pub manifest_stamp: u64,
}

/// The snapshot directory of a page set in `cache_dir`.
pub(crate) fn dir_for(cache_dir: &Path, set: &PageSet) -> PathBuf {
    cache_dir.join(format!("corpus-{:016x}", slot_of(set)))
}

/// A number naming a page set (the library, or one `--data DIR`): its snapshot and its search
/// index are kept under it.
pub(crate) fn slot_of(set: &PageSet) -> u64 {
    let mut material = Vec::new();
    material.extend_from_slice(&SLOT_VERSION.to_le_bytes());
    match set {
        PageSet::Default { library } => {
            material.push(b'D');
            if let Some(dir) = library {
                material.extend_from_slice(dir.as_os_str().as_encoded_bytes());
            }
        }
        PageSet::Dir(dir) => {
            material.push(b'P');
            // The same directory however it was named on the command line.
            let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
            material.extend_from_slice(dir.as_os_str().as_encoded_bytes());
        }
    }
    fnv1a(&material)
}

/// The manifest's path in a snapshot directory.
pub(crate) fn manifest_path(dir: &Path) -> PathBuf {
    dir.join(MANIFEST)
}

/// A snapshot read back: its ledger and the store it maps.
pub(crate) struct Opened {
    pub summary: Summary,
    /// The ledger's [`Ledger::problems`], read at once (the pages are not).
    pub problems: Vec<PageProblem>,
    /// Decoded when first used.
    pub ledger: Deferred<Ledger>,
    pub store: ArticleStore,
    pub manifest: PathBuf,
    /// The manifest's checksum: names this manifest (see [`remember_dir_stamp`]).
    pub crc: u32,
}

/// The page directory's stamp the snapshot `opened` stands for: the one remembered beside it by
/// [`remember_dir_stamp`] if that was for this very manifest, else the manifest's own.
pub(crate) fn trusted_dir_stamp(dir: &Path, opened: &Opened) -> Option<PageStamp> {
    let remembered = fs::read(dir.join(DIR_STAMP)).ok().and_then(|bytes| {
        let (crc, stamp): (u32, PageStamp) = postcard::from_bytes(&bytes).ok()?;
        (crc == opened.crc).then_some(stamp)
    });
    remembered.or(opened.summary.dir_stamp)
}

/// Remembers that the pages of `opened` are those of a directory with this stamp (nothing but
/// the directory changed): a few bytes written, instead of the manifest. Best effort.
pub(crate) fn remember_dir_stamp(dir: &Path, opened: &Opened, stamp: PageStamp, _lock: &WriteLock) {
    let Ok(bytes) = postcard::to_stdvec(&(opened.crc, stamp)) else {
        return;
    };
    let written = tempfile::NamedTempFile::new_in(dir).and_then(|mut temp| {
        temp.write_all(&bytes)?;
        temp.persist(dir.join(DIR_STAMP)).map_err(|e| e.error)?;
        crate::dirs::readable_as_its_dir(&dir.join(DIR_STAMP));
        Ok(())
    });
    drop(written);
}

/// Opens the snapshot in `dir` if its header and chunk checksums check out; the reason
/// otherwise.
///
/// The manifest is mapped and its head table used in place, each chunk checked when first read
/// ([`CheckedMap`]): nothing of the heads is copied or decoded, and a warm start reads only the
/// header, the metadata and what it looks at.
pub(crate) fn open(dir: &Path) -> Result<Opened, SnapshotError> {
    let path = manifest_path(dir);
    let file = File::open(&path).map_err(|source| SnapshotError::Io {
        action: "read",
        path: path.clone(),
        source,
    })?;
    let map = map_file(&file, &path)?;
    let (crc, [table_len, meta_len, checked_len]) = read_header(&map, &path)?;
    let map = Arc::new(checked_map(map, crc, checked_len, &path)?);
    let table_end = HEADER + table_len;
    let meta_end = table_end
        .checked_add(meta_len)
        .filter(|&end| end <= HEADER + checked_len)
        .ok_or(SnapshotError::TableTooLong)?;
    let meta_bytes = map
        .get(table_end..meta_end)
        .ok_or(SnapshotError::Checksum)?;
    let meta: Meta = postcard::from_bytes(meta_bytes).map_err(SnapshotError::Meta)?;
    if meta.format != FORMAT {
        return Err(SnapshotError::OtherFormat(path));
    }
    let heads = HeadTable::in_place(TableBytes::Mapped(Arc::clone(&map)), HEADER..table_end)?;
    let refs_end = heads
        .len()
        .checked_mul(REF_BYTES)
        .and_then(|len| meta_end.checked_add(len))
        .filter(|&end| end <= HEADER + checked_len)
        .ok_or(SnapshotError::RefsMismatch)?;
    let mut segments = Vec::with_capacity(meta.segments.len());
    for (name, len) in &meta.segments {
        segments.push(map_segment(dir, name, *len)?);
    }
    let summary = Summary {
        build_key: meta.build_key,
        dir_stamp: meta.dir_stamp,
        fingerprint: meta.fingerprint,
        manifest_stamp: meta.manifest_stamp,
    };
    let ledger = {
        let (map, path) = (Arc::clone(&map), path.clone());
        let ledger_at = refs_end..HEADER + checked_len;
        Deferred::later(move || decode_ledger(map.get(ledger_at), summary, &path))
    };
    let bodies = Bodies::Mapped {
        manifest: path.clone(),
        segments,
        refs: BodyRefs::new(map, meta_end..refs_end),
    };
    Ok(Opened {
        summary,
        problems: meta.problems,
        ledger,
        store: ArticleStore::new(heads, bodies).knowing_ids_digest(meta.ids_digest),
        manifest: path,
        crc,
    })
}

/// The header's checksum of the chunk checksums and its three lengths (head table, metadata,
/// checked bytes), which must lie in the file.
fn read_header(map: &[u8], path: &Path) -> Result<(u32, [usize; 3]), SnapshotError> {
    let Some((header, _)) = map
        .split_first_chunk::<HEADER>()
        .filter(|(header, _)| &header[..8] == MAGIC)
    else {
        return Err(SnapshotError::NotASnapshot(path.to_path_buf()));
    };
    let crc = u32::from_le_bytes(header[8..12].try_into().expect("4 bytes"));
    let len = |at: usize| {
        let len = u64::from_le_bytes(header[at..at + 8].try_into().expect("8 bytes"));
        usize::try_from(len)
            .ok()
            .filter(|&len| len <= map.len() - HEADER)
    };
    match (len(16), len(24), len(32)) {
        (Some(table), Some(meta), Some(checked)) if table <= checked => {
            Ok((crc, [table, meta, checked]))
        }
        _ => Err(SnapshotError::TableTooLong),
    }
}

/// The manifest's checked bytes (`checked_len` after the header), once the chunk checksums
/// after them match `crc`.
fn checked_map(
    map: memmap2::Mmap,
    crc: u32,
    checked_len: usize,
    path: &Path,
) -> Result<CheckedMap, SnapshotError> {
    let checked = HEADER..HEADER + checked_len;
    let sums = checked.end..map.len();
    if crc32fast::hash(&map[sums.clone()]) != crc {
        return Err(SnapshotError::Checksum);
    }
    CheckedMap::new(map, checked, sums, path.to_path_buf()).ok_or(SnapshotError::Checksum)
}

/// The ledger's pages and notes, after the body places (`None`: a chunk of them is damaged).
/// Checksummed and made by this format, so they decode; if they ever did not, the ledger is
/// empty (an update then reads every page again: nothing is trusted that does not decode) and
/// the manifest is removed, so that the next start reads the pages anew.
fn decode_ledger(bytes: Option<&[u8]>, summary: Summary, manifest: &Path) -> Ledger {
    let decoded = bytes.and_then(|bytes| postcard::from_bytes(bytes).ok());
    let (notes, pages) = decoded.unwrap_or_else(|| {
        let _ = fs::remove_file(manifest);
        Default::default()
    });
    Ledger {
        build_key: summary.build_key,
        dir_stamp: summary.dir_stamp,
        fingerprint: summary.fingerprint,
        manifest_stamp: summary.manifest_stamp,
        notes,
        pages,
    }
}

/// Maps a snapshot's manifest (body segments are read, not mapped). The crate's one `unsafe`: see
/// `[lints.rust]` in Cargo.toml for why mapping is worth it.
#[allow(unsafe_code)]
pub(crate) fn map_file(file: &File, path: &Path) -> Result<memmap2::Mmap, SnapshotError> {
    // SAFETY: snapshot files are written whole under a temporary name, renamed into place and
    // never written again; a file removed or replaced meanwhile keeps its contents mapped
    // (POSIX), and everything read from it is checksummed and bounds-checked, never trusted.
    unsafe { memmap2::Mmap::map(file) }.map_err(|source| SnapshotError::Io {
        action: "map",
        path: path.to_path_buf(),
        source,
    })
}

fn map_segment(dir: &Path, name: &str, len: u64) -> Result<Segment, SnapshotError> {
    if !is_segment_name(name) {
        return Err(SnapshotError::OddSegment(name.to_string()));
    }
    let path = dir.join(name);
    let io = |action| {
        let path = path.clone();
        move |source| SnapshotError::Io {
            action,
            path,
            source,
        }
    };
    let file = File::open(&path).map_err(io("open"))?;
    let actual = file.metadata().map_err(io("read"))?.len();
    if actual != len {
        return Err(SnapshotError::SegmentLength {
            path,
            actual,
            expected: len,
        });
    }
    Ok(Segment::new(name.to_string(), file, len))
}

fn is_segment_name(name: &str) -> bool {
    name.starts_with(SEGMENT_PREFIX)
        && name.ends_with(SEGMENT_SUFFIX)
        && !name.contains(['/', '\\'])
}

/// An exclusive writer lock on a file, held until dropped. Public because
/// `search::cache::lock` hands it out.
pub struct WriteLock {
    file: File,
    /// How long this process waited for another writer.
    pub waited: Option<std::time::Duration>,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Takes the exclusive lock on the file at `path` (created if missing), waiting for another
/// writer to finish; `on_wait` is called once if it has to wait. The one way kanbao's writers
/// (the snapshot, the search index) keep out of each other's way, across processes.
///
/// The lock is `flock(2)`'s (std's [`File::lock`], as the browser's state file uses): advisory,
/// held by the open file, so a killed writer's lock goes with its process.
pub(crate) fn lock_file(path: &Path, on_wait: &dyn Fn()) -> std::io::Result<WriteLock> {
    let file = open_lock_file(path)?;
    match file.try_lock() {
        Ok(()) => return Ok(WriteLock { file, waited: None }),
        Err(fs::TryLockError::Error(e)) => return Err(e),
        Err(fs::TryLockError::WouldBlock) => {}
    }
    on_wait();
    let started = std::time::Instant::now();
    file.lock()?;
    Ok(WriteLock {
        file,
        waited: Some(started.elapsed()),
    })
}

/// The lock file at `path`, created (with its directory) if missing.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Like [`lock_file`], but gives up after `patience`: `Ok(None)` when another writer still
/// holds the lock by then. For callers that would rather do something else than wait long (a
/// search that can scan while another kanbao updates the index).
pub(crate) fn lock_file_within(
    path: &Path,
    patience: std::time::Duration,
) -> std::io::Result<Option<WriteLock>> {
    let file = open_lock_file(path)?;
    let started = std::time::Instant::now();
    let mut waited = None;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(WriteLock { file, waited })),
            Err(fs::TryLockError::Error(e)) => return Err(e),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() >= patience => {
                return Ok(None);
            }
            Err(fs::TryLockError::WouldBlock) => {
                std::thread::sleep(LOCK_POLL);
                waited = Some(started.elapsed());
            }
        }
    }
}

/// How often [`lock_file_within`] tries the lock again.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// For a reader that cannot write (a shared, read-only cache): if a writer holds the lock at
/// `path`, waits until it is done (`on_wait` called once). Returns whether it waited.
pub(crate) fn wait_for_writer(path: &Path, on_wait: &dyn Fn()) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            return false;
        }
        // Locks unsupported here: there is no writer to wait for that this could see.
        Err(fs::TryLockError::Error(_)) => return false,
        Err(fs::TryLockError::WouldBlock) => {}
    }
    on_wait();
    let _ = file.lock_shared();
    let _ = file.unlock();
    true
}

/// Takes the writer lock of the snapshot in `dir` (see [`lock_file`]).
pub(crate) fn lock(dir: &Path, on_wait: &dyn Fn()) -> std::io::Result<WriteLock> {
    lock_file(&dir.join(LOCK), on_wait)
}

/// Waits for a writer of the snapshot in `dir` (see [`wait_for_writer`]).
pub(crate) fn wait_for_snapshot_writer(dir: &Path, on_wait: &dyn Fn()) -> bool {
    wait_for_writer(&dir.join(LOCK), on_wait)
}

/// Where a new snapshot's article `i` gets its body from.
pub(crate) enum BodySource<'a> {
    /// Article `index` of the snapshot being updated: its record stays (or is copied).
    Kept(usize),
    /// Freshly parsed.
    New(&'a Article),
}

/// Writes a snapshot of `heads` and `bodies` with `ledger` into `dir`, reusing the segments of
/// `old` (the snapshot being updated) for the kept bodies, compacting when it pays (see the
/// module docs). The caller holds the [`WriteLock`]. Returns the manifest's path.
pub(crate) fn write(
    dir: &Path,
    ledger: &Ledger,
    heads: &HeadTable,
    bodies: &[BodySource<'_>],
    old: Option<&ArticleStore>,
    _lock: &WriteLock,
) -> Result<PathBuf, SnapshotError> {
    let mut plan = SegmentPlan::new(dir, bodies, old)?;
    let refs = write_bodies(dir, bodies, old, &mut plan)?;
    crate::corpus::crash_point("snapshot-segment-written");
    let meta = Meta {
        format: FORMAT,
        build_key: ledger.build_key,
        dir_stamp: ledger.dir_stamp,
        fingerprint: ledger.fingerprint,
        manifest_stamp: ledger.manifest_stamp,
        ids_digest: heads.ids_digest(),
        problems: ledger.problems(),
        segments: plan.segments,
    };
    let path = write_manifest(dir, heads, &meta, &refs, ledger)?;
    crate::corpus::crash_point("snapshot-manifest-written");
    remove_unreferenced(dir, &meta.segments);
    Ok(path)
}

/// Where the new snapshot's article `i`'s body lies in the old one.
fn old_ref(old: Option<&ArticleStore>, i: usize) -> Result<BodyRef, SnapshotError> {
    old.and_then(|store| store.body_ref(i))
        .ok_or(SnapshotError::KeptMissing)
}

/// Which segments the new manifest names: the old ones still in use (unless compacting), then
/// the new one.
struct SegmentPlan {
    /// Copy every kept body into the new segment.
    compact: bool,
    /// The segments named so far (file name, length).
    segments: Vec<(String, u64)>,
    /// Old segment number → new one (`u32::MAX`: dropped).
    renumber: Vec<u32>,
}

impl SegmentPlan {
    /// Compacts when the kept bodies fill under half of the old segments' bytes, or when one
    /// more segment would make more than [`MAX_SEGMENTS`].
    fn new(
        dir: &Path,
        bodies: &[BodySource<'_>],
        old: Option<&ArticleStore>,
    ) -> Result<SegmentPlan, SnapshotError> {
        let old_segments = old.map(ArticleStore::segment_names).unwrap_or_default();
        // Bytes of the old segments still referred to, against their total.
        let mut live = vec![0u64; old_segments.len()];
        for body in bodies {
            if let BodySource::Kept(i) = body {
                let at = old_ref(old, *i)?;
                if let Some(bytes) = live.get_mut(at.segment as usize) {
                    *bytes += u64::from(at.len);
                }
            }
        }
        let total: u64 = old_segments
            .iter()
            .map(|name| fs::metadata(dir.join(name)).map_or(0, |m| m.len()))
            .sum();
        let kept_segments = live.iter().filter(|&&b| b > 0).count();
        let compact = kept_segments + 1 > MAX_SEGMENTS || live.iter().sum::<u64>() * 2 < total;
        let mut plan = SegmentPlan {
            compact,
            segments: Vec::new(),
            renumber: vec![u32::MAX; old_segments.len()],
        };
        if !compact {
            for (i, name) in old_segments.iter().enumerate() {
                if live[i] > 0 {
                    plan.renumber[i] = plan.segments.len() as u32;
                    let len = fs::metadata(dir.join(name))?.len();
                    plan.segments.push((name.clone(), len));
                }
            }
        }
        Ok(plan)
    }
}

/// Writes the new segment (new bodies, and kept ones when compacting) and names it in `plan`
/// unless it is empty (only pages removed, or only the directory's stamp changed). Returns
/// where every body lies.
fn write_bodies(
    dir: &Path,
    bodies: &[BodySource<'_>],
    old: Option<&ArticleStore>,
    plan: &mut SegmentPlan,
) -> Result<Vec<BodyRef>, SnapshotError> {
    let new_segment = plan.segments.len() as u32;
    let temp = tempfile::Builder::new()
        .prefix(SEGMENT_PREFIX)
        .suffix(SEGMENT_SUFFIX)
        .tempfile_in(dir)?;
    let mut out = BufWriter::with_capacity(1 << 16, temp.as_file());
    let mut at = 0u64;
    let mut refs = Vec::with_capacity(bodies.len());
    let mut record = Vec::with_capacity(1 << 14);
    for body in bodies {
        let placed = match body {
            BodySource::Kept(i) if !plan.compact => {
                let old_at = old_ref(old, *i)?;
                BodyRef {
                    segment: plan.renumber[old_at.segment as usize],
                    ..old_at
                }
            }
            _ => {
                record.clear();
                match body {
                    BodySource::Kept(i) => {
                        let store = old.ok_or(SnapshotError::KeptMissing)?;
                        store.read_record(*i, &mut record)?;
                    }
                    BodySource::New(article) => encode_record(article, &mut record)?,
                }
                out.write_all(&record)?;
                let placed = BodyRef {
                    segment: new_segment,
                    offset: at,
                    len: u32::try_from(record.len())
                        .map_err(|_| SnapshotError::RecordTooLong(record.len()))?,
                };
                at += record.len() as u64;
                placed
            }
        };
        refs.push(placed);
    }
    out.flush()?;
    drop(out);
    if at > 0 {
        let (_, segment_path) = temp.keep().map_err(|e| e.error)?;
        crate::dirs::readable_as_its_dir(&segment_path);
        let segment_name = segment_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        plan.segments.push((segment_name, at));
    }
    Ok(refs)
}

fn write_manifest(
    dir: &Path,
    heads: &HeadTable,
    meta: &Meta,
    refs: &[BodyRef],
    ledger: &Ledger,
) -> Result<PathBuf, SnapshotError> {
    let mut body = Vec::with_capacity(heads.len() * 300 + 1024);
    heads.write_to(&mut body)?;
    let table_len = body.len();
    let mut body = postcard::to_extend(meta, body).map_err(SnapshotError::Encode)?;
    let meta_len = body.len() - table_len;
    for at in refs {
        body.extend_from_slice(&at.segment.to_le_bytes());
        body.extend_from_slice(&at.len.to_le_bytes());
        body.extend_from_slice(&at.offset.to_le_bytes());
    }
    let body = postcard::to_extend(&(&ledger.notes, &ledger.pages), body)
        .map_err(SnapshotError::Encode)?;
    let sums = chunk_checksums(&body);
    let mut temp = tempfile::Builder::new()
        .prefix(".manifest-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut out = BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        out.write_all(MAGIC)?;
        out.write_all(&crc32fast::hash(&sums).to_le_bytes())?;
        out.write_all(&[0; 4])?;
        for len in [table_len, meta_len, body.len()] {
            out.write_all(&(len as u64).to_le_bytes())?;
        }
        out.write_all(&body)?;
        out.write_all(&sums)?;
        out.flush()?;
    }
    let path = manifest_path(dir);
    temp.persist(&path).map_err(|e| e.error)?;
    crate::dirs::readable_as_its_dir(&path);
    Ok(path)
}

/// Removes the segments `segments` does not name, and leftovers of killed writers. Called under
/// the writer lock, so no other writer is between writing a segment and naming it. Failures only
/// cost disk space.
fn remove_unreferenced(dir: &Path, segments: &[(String, u64)]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover =
            (name.starts_with(".manifest-") && name.ends_with(".tmp")) || name.starts_with(".tmp");
        let unreferenced = is_segment_name(&name) && !segments.iter().any(|(s, _)| *s == name);
        if leftover || unreferenced {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Keeps the [`KEEP_OTHERS`] most recently used snapshot directories besides `keep`, and removes
/// the files of the snapshot format before this one. Best effort.
pub(crate) fn remove_old(cache_dir: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(cache_dir) else {
        return;
    };
    let mut others = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("corpus-") && name.ends_with(".snap") {
            let _ = fs::remove_file(&path);
        } else if name.starts_with("corpus-") && path != keep && path.is_dir() {
            let used = fs::metadata(manifest_path(&path))
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            others.push((used, path));
        }
    }
    others.sort_by_key(|other| std::cmp::Reverse(other.0));
    for (_, path) in others.into_iter().skip(KEEP_OTHERS) {
        let _ = fs::remove_dir_all(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_says_what_is_wrong_with_a_snapshot() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let missing = open(dir).err().unwrap();
        assert!(
            matches!(missing, SnapshotError::Io { action: "read", .. }),
            "{missing}"
        );
        assert!(missing.to_string().contains("manifest.kbm"), "{missing}");
        fs::write(manifest_path(dir), b"not a snapshot at all, just text").unwrap();
        let foreign = open(dir).err().unwrap();
        assert!(
            matches!(foreign, SnapshotError::NotASnapshot(_)),
            "{foreign}"
        );
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[0; HEADER - 8]);
        bytes.extend_from_slice(b"payload");
        bytes.extend_from_slice(&chunk_checksums(b"payload"));
        fs::write(manifest_path(dir), &bytes).unwrap();
        let damaged = open(dir).err().unwrap();
        assert!(matches!(damaged, SnapshotError::Checksum), "{damaged}");
    }
}
