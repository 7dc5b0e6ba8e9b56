//! The corpus snapshot: the parsed, classified corpus saved in the cache directory, so that a start
//! with unchanged pages skips decoding, parsing and classifying (about 12 s of CPU at 100,000
//! articles) and maps the articles' text instead of holding it.
//!
//! **Key.** A snapshot is named by a key computed *without reading the pages*: the snapshot format,
//! the kanbao binary (its size and modification time, so a rebuilt parser never reuses an old
//! snapshot), the classifier's data, and for every page file its path, size and modification time
//! (for the bundled pages, their bytes). Any import, edit, rename or removal of a page changes it.
//!
//! **File** (`corpus-<key>.snap`, all integers little-endian): `KBSNAP02` · offset and length of
//! the head table · offset and length of the metadata (four u64) · every article's body
//! (paragraphs, places: one bincode record after another, mapped and decoded on demand) · the
//! [`HeadTable`] (read whole at start: a few large reads) · the metadata (bincode): format, key,
//! content fingerprint, pages, problems, and where each body ends. Written to a temporary file
//! and renamed into place, so readers see a whole snapshot or none; a snapshot that does not
//! check out (wrong magic, length, key or shape) is ignored and rebuilt, never trusted.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use bincode::Options;
use serde::{Deserialize, Serialize};

use super::heads::HeadTable;
use super::source::{PageInfo, PageProblem, PageSet, bundled_pages, page_entries};
use super::store::{ArticleStore, Bodies, Body};
use crate::article::{Article, fnv1a};
use crate::classify::Classifier;

const MAGIC: &[u8; 8] = b"KBSNAP02";
/// Bumped whenever the file layout or the `Article` model changes.
const FORMAT: u32 = 3;
const PREFIX: &str = "corpus-";
const SUFFIX: &str = ".snap";
/// Snapshots kept besides the current one (other page sets: `--data DIR`, a test directory).
const KEEP_OTHERS: usize = 2;
/// Magic, then offset and length of the head table and of the metadata.
const FIXED_HEADER: usize = 40;

#[derive(Serialize, Deserialize)]
struct Meta {
    format: u32,
    key: u64,
    fingerprint: u64,
    pages: Vec<PageInfo>,
    problems: Vec<PageProblem>,
    /// Absolute file offset where each article's body ends.
    ends: Vec<u64>,
}

/// A corpus read back from a snapshot.
pub struct Snapshot {
    pub store: ArticleStore,
    pub pages: Vec<PageInfo>,
    pub problems: Vec<PageProblem>,
    pub fingerprint: u64,
}

fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

/// Decodes one article's body (from a mapped snapshot).
pub(crate) fn decode_body(bytes: &[u8]) -> Result<Body, String> {
    options()
        .with_limit(bytes.len() as u64 * 4 + 64)
        .deserialize(bytes)
        .map_err(|e| format!("cannot decode its text: {e}"))
}

/// The key of the snapshot for `set`: see the module docs. Reads directory listings and file
/// metadata, never page contents. `None` when a directory cannot be listed (loading the corpus
/// then reports that properly).
pub fn key(set: &PageSet, classifier: &Classifier) -> Option<u64> {
    let mut material: Vec<u8> = Vec::with_capacity(4096);
    material.extend_from_slice(&FORMAT.to_le_bytes());
    material.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        push_file_stamp(&mut material, &meta);
    }
    material.extend_from_slice(&classifier.fingerprint().to_le_bytes());
    let dir = match set {
        PageSet::Default { library } => {
            material.push(b'D');
            for (name, bytes) in bundled_pages() {
                material.extend_from_slice(name.as_bytes());
                material.extend_from_slice(&fnv1a(bytes).to_le_bytes());
            }
            library.as_deref().filter(|dir| dir.is_dir())
        }
        PageSet::Dir(dir) => {
            material.push(b'P');
            Some(dir.as_path())
        }
    };
    if let Some(dir) = dir {
        material.extend_from_slice(dir.as_os_str().as_encoded_bytes());
        material.push(0);
        // The user's corrections change the cut (issue 11).
        material.extend_from_slice(&crate::corpus::manifest::stamp_of(dir).to_le_bytes());
        let entries = page_entries(dir).ok()?;
        // One stat per page is most of a warm start at 100,000 articles; two threads halve it.
        let half = if entries.len() < 512 {
            entries.len()
        } else {
            entries.len().div_ceil(2)
        };
        let (first, second) = entries.split_at(half);
        let (mut stamps, rest) = std::thread::scope(|scope| {
            let other = (!second.is_empty()).then(|| scope.spawn(|| stamps_of(second)));
            (stamps_of(first), other.map_or(Ok(Vec::new()), |t| t.join()))
        });
        // A failed thread cannot happen short of a panic in `stat`; its pages then count as
        // unreadable, which only makes the key differ (a reparse, never a stale snapshot).
        stamps.extend(rest.unwrap_or_else(|_| vec![b'?']));
        material.extend_from_slice(&stamps);
    }
    Some(fnv1a(&material))
}

/// Name, size and modification time of each page, as key material.
fn stamps_of(entries: &[fs::DirEntry]) -> Vec<u8> {
    let mut material = Vec::with_capacity(entries.len() * 64);
    for entry in entries {
        material.extend_from_slice(entry.file_name().as_encoded_bytes());
        material.push(0);
        // A symbolic link is followed, as reading the page does.
        let meta = match entry.metadata() {
            Ok(meta) if meta.file_type().is_symlink() => fs::metadata(entry.path()),
            other => other,
        };
        match meta {
            Ok(meta) => push_file_stamp(&mut material, &meta),
            Err(_) => material.push(b'?'),
        }
    }
    material
}

fn push_file_stamp(material: &mut Vec<u8>, meta: &fs::Metadata) {
    material.extend_from_slice(&meta.len().to_le_bytes());
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    material.extend_from_slice(&modified.to_le_bytes());
}

/// Where the snapshot with this key lives in `cache_dir`.
pub fn path_for(cache_dir: &Path, key: u64) -> PathBuf {
    cache_dir.join(format!("{PREFIX}{key:016x}{SUFFIX}"))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// Opens the snapshot at `path` if it is whole and made for `key`; the reason otherwise.
pub fn open(path: &Path, key: u64) -> Result<Snapshot, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let file_len = file
        .metadata()
        .map_err(|e| format!("cannot read its metadata: {e}"))?
        .len();
    let mut fixed = [0u8; FIXED_HEADER];
    file.read_exact(&mut fixed)
        .map_err(|_| "shorter than its fixed header".to_string())?;
    if &fixed[..8] != MAGIC {
        return Err("not a kanbao corpus snapshot of this version (wrong magic)".to_string());
    }
    let (table_at, table_len) = (u64_at(&fixed, 8), u64_at(&fixed, 16));
    let (meta_at, meta_len) = (u64_at(&fixed, 24), u64_at(&fixed, 32));
    let well_placed = table_at >= FIXED_HEADER as u64
        && table_at.checked_add(table_len) == Some(meta_at)
        && meta_at.checked_add(meta_len) == Some(file_len);
    if !well_placed {
        return Err(format!(
            "truncated or padded: table at {table_at}+{table_len}, metadata at {meta_at}+{meta_len}, file {file_len} bytes"
        ));
    }
    file.seek(SeekFrom::Start(meta_at))
        .map_err(|e| format!("cannot seek: {e}"))?;
    let mut meta_bytes = vec![0u8; meta_len as usize];
    file.read_exact(&mut meta_bytes)
        .map_err(|e| format!("cannot read its metadata: {e}"))?;
    let meta: Meta = options()
        .with_limit(meta_len)
        .deserialize(&meta_bytes)
        .map_err(|e| format!("metadata does not decode: {e}"))?;
    drop(meta_bytes);
    if meta.format != FORMAT || meta.key != key {
        return Err("made by another kanbao or for other pages".to_string());
    }
    file.seek(SeekFrom::Start(table_at))
        .map_err(|e| format!("cannot seek: {e}"))?;
    let mut table_reader = BufReader::with_capacity(1 << 16, (&file).take(table_len));
    let heads = HeadTable::read_from(&mut table_reader, table_len).map_err(|e| e.to_string())?;
    let shape_ok = meta.ends.len() == heads.len()
        && meta.ends.first().is_none_or(|&e| e >= FIXED_HEADER as u64)
        && meta.ends.windows(2).all(|w| w[0] <= w[1])
        && meta.ends.last().is_none_or(|&e| e <= table_at);
    if !shape_ok {
        return Err("its article table does not match its contents".to_string());
    }
    // SAFETY: the file is only ever created whole and renamed into place, never written after;
    // a file replaced or deleted meanwhile keeps its old contents mapped (POSIX), and every body
    // is decoded with bounds and errors checked, never trusted.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("cannot map: {e}"))?;
    let bodies = Bodies::Mapped {
        path: path.to_path_buf(),
        map,
        start: FIXED_HEADER,
        ends: meta.ends,
    };
    Ok(Snapshot {
        store: ArticleStore::new(heads, bodies),
        pages: meta.pages,
        problems: meta.problems,
        fingerprint: meta.fingerprint,
    })
}

/// Writes the snapshot of a parsed corpus for `key` into `cache_dir` (created if missing) and
/// removes old snapshots. Returns its path.
pub fn write(
    cache_dir: &Path,
    key: u64,
    articles: &[Article],
    pages: &[PageInfo],
    problems: &[PageProblem],
    fingerprint: u64,
) -> std::io::Result<PathBuf> {
    fs::create_dir_all(cache_dir)?;
    let heads = HeadTable::build(articles).map_err(std::io::Error::other)?;
    let final_path = path_for(cache_dir, key);
    let temp = tempfile::Builder::new()
        .prefix(".corpus-")
        .suffix(".tmp")
        .tempfile_in(cache_dir)?;
    let mut out = BufWriter::with_capacity(1 << 16, temp.as_file());
    out.write_all(&[0u8; FIXED_HEADER])?;
    let mut at = FIXED_HEADER as u64;
    let mut ends = Vec::with_capacity(articles.len());
    for article in articles {
        let bytes = options()
            .serialize(&Body::of(article))
            .map_err(std::io::Error::other)?;
        out.write_all(&bytes)?;
        at += bytes.len() as u64;
        ends.push(at);
    }
    let table_at = at;
    heads.write_to(&mut out)?;
    let meta_at = out.stream_position()?;
    let meta = Meta {
        format: FORMAT,
        key,
        fingerprint,
        pages: pages.to_vec(),
        problems: problems.to_vec(),
        ends,
    };
    let meta_bytes = options().serialize(&meta).map_err(std::io::Error::other)?;
    out.write_all(&meta_bytes)?;
    out.seek(SeekFrom::Start(0))?;
    out.write_all(MAGIC)?;
    for n in [
        table_at,
        meta_at - table_at,
        meta_at,
        meta_bytes.len() as u64,
    ] {
        out.write_all(&n.to_le_bytes())?;
    }
    out.flush()?;
    drop(out);
    temp.persist(&final_path).map_err(|e| e.error)?;
    remove_old(cache_dir, &final_path);
    Ok(final_path)
}

/// Keeps the newest [`KEEP_OTHERS`] snapshots besides `keep`; removes the rest and leftovers of
/// interrupted writes. Failures are ignored: they only cost disk space.
fn remove_old(cache_dir: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(cache_dir) else {
        return;
    };
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        if name.starts_with(".corpus-") && name.ends_with(".tmp") {
            // Another process may be writing it right now: only old ones are leftovers.
            let old = modified
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if old {
                let _ = fs::remove_file(&path);
            }
        } else if name.starts_with(PREFIX) && name.ends_with(SUFFIX) && path != keep {
            others.push((modified.unwrap_or(UNIX_EPOCH), path));
        }
    }
    others.sort_by_key(|other| std::cmp::Reverse(other.0));
    for (_, path) in others.into_iter().skip(KEEP_OTHERS) {
        let _ = fs::remove_file(path);
    }
}
