//! Where the index lives: `<cache_root>/index-<key>/`, the key mixing the caller's corpus
//! fingerprint with [`ANALYZER_VERSION`]. An index is built in a temporary directory next to it
//! and moved into place with one atomic rename, then marked complete by a marker file inside it
//! listing every file and its size. Opening checks the marker, the sizes, tantivy's own checksums
//! (for indexes small enough to read at once), the document count and a lookup, so a truncated or
//! half-written index is noticed before a search trips over it. Readers take no lock, and no
//! process ever writes into a finished index, so any number of kanbao processes can share it.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use super::analyzer;
use super::schema::{ArticleDocument, Fields, build_schema, id_term};
use crate::article::fnv1a;
use crate::corpus::ArticleStore;

/// Bump whenever tokenizers, schema or document layout change: old caches are then rebuilt.
pub const ANALYZER_VERSION: u32 = 4;

const MARKER: &str = "kanbao-index.json";
const BUILDING_PREFIX: &str = ".building-";
const INDEX_PREFIX: &str = "index-";
/// Indexes up to this size are checksummed in full on open (cheap at this size).
const CHECKSUM_LIMIT: u64 = 16 * 1024 * 1024;
/// A temporary build directory older than this is an abandoned build and may be removed.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);
/// Indexing memory per writer thread (tantivy's minimum is 15 MB). Each writer thread flushes a
/// segment whenever it fills this much; at 64 MB a thread holds about 5,000 articles, so a
/// corpus of 10k articles is built as two segments and never merged, where 20 MB made 14
/// segments and merges that took about a sixth of the build's CPU time.
const HEAP_PER_THREAD: usize = 64_000_000;

/// Where the caller wants the index kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexLocation {
    /// The cache directory (e.g. the XDG cache dir); `None` keeps the index in memory only.
    pub cache_root: Option<PathBuf>,
}

impl IndexLocation {
    pub fn in_memory() -> Self {
        Self { cache_root: None }
    }
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
    /// Time spent opening or building.
    pub took: Duration,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct MarkerFile {
    name: String,
    size: u64,
}

/// Written last into a finished index: what it holds and every file it consists of.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Marker {
    analyzer_version: u32,
    fingerprint: String,
    articles: usize,
    ids_digest: String,
    files: Vec<MarkerFile>,
}

/// The directory name of the index for a corpus fingerprint.
pub fn index_dir_name(corpus_fingerprint: u64) -> String {
    let mut bytes = corpus_fingerprint.to_le_bytes().to_vec();
    bytes.extend_from_slice(&ANALYZER_VERSION.to_le_bytes());
    format!("{INDEX_PREFIX}{:016x}", fnv1a(&bytes))
}

/// A digest of the article ids in order: catches a fingerprint that did not change when the
/// articles did.
fn ids_digest(store: &ArticleStore) -> String {
    ids_digest_of(store.heads().map(|h| h.id()))
}

fn ids_digest_of<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut joined = Vec::new();
    for id in ids {
        joined.extend_from_slice(id.as_bytes());
        joined.push(0);
    }
    format!("{:016x}", fnv1a(&joined))
}

fn is_lock_file(name: &str) -> bool {
    name.starts_with(".tantivy") && name.ends_with(".lock")
}

/// An opened index with its fields and a reader.
pub struct Opened {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
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
    })
}

/// Indexes `articles` into `index` with up to two writer threads. The calling thread only
/// gathers each article's texts into an [`ArticleDocument`] (cheap); all analysis (folding,
/// jieba, grams, pinyin, key terms) runs in the tokenizers, i.e. on tantivy's writer threads,
/// which take documents from one queue and so share the work evenly. Document order in the
/// index therefore varies between builds, as it always did with two writer threads: listings
/// sort by article index, but which of several equally scored hits make a top N follows it.
pub fn fill(
    index: &Index,
    fields: &Fields,
    store: &ArticleStore,
    progress: &dyn Fn(usize, usize),
) -> tantivy::Result<()> {
    analyzer::register(index);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    let mut writer: IndexWriter<ArticleDocument> =
        index.writer_with_num_threads(threads, threads * HEAP_PER_THREAD)?;
    let total = store.len();
    progress(0, total);
    // One article at a time from the store (decoded from the snapshot when it is mapped): the
    // build never holds the whole archive's text, only tantivy's queue and buffers.
    for (done, article) in store.articles().enumerate() {
        let article = article.map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        writer.add_document(ArticleDocument::new(fields, &article))?;
        progress(done + 1, total);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Builds an index in memory.
pub fn build_in_memory(
    store: &ArticleStore,
    progress: &dyn Fn(usize, usize),
) -> tantivy::Result<Opened> {
    let (schema, fields) = build_schema();
    let index = Index::create_in_ram(schema);
    fill(&index, &fields, store, progress)?;
    open_reader(index)
}

/// Opens the index in `dir` if it is complete, undamaged and holds exactly the articles with
/// these `ids` (in corpus order); otherwise says what is wrong.
pub fn open_checked(dir: &Path, fingerprint: u64, ids: &[&str]) -> Result<Opened, String> {
    let marker_path = dir.join(MARKER);
    let marker_text = fs::read_to_string(&marker_path)
        .map_err(|e| format!("no completion marker {} ({e})", marker_path.display()))?;
    let marker: Marker = serde_json::from_str(&marker_text)
        .map_err(|e| format!("unreadable marker {} ({e})", marker_path.display()))?;
    if marker.analyzer_version != ANALYZER_VERSION
        || marker.fingerprint != format!("{fingerprint:016x}")
    {
        return Err("built for another corpus or analyzer version".to_string());
    }
    if marker.articles != ids.len() || marker.ids_digest != ids_digest_of(ids.iter().copied()) {
        return Err(format!(
            "holds {} articles with other ids than the {} given",
            marker.articles,
            ids.len()
        ));
    }
    let mut total_size = 0;
    for file in &marker.files {
        let path = dir.join(&file.name);
        let size = fs::metadata(&path)
            .map_err(|e| format!("{} is missing ({e})", path.display()))?
            .len();
        if size != file.size {
            return Err(format!(
                "{} is {size} bytes, expected {}",
                path.display(),
                file.size
            ));
        }
        total_size += size;
    }
    let index = Index::open_in_dir(dir).map_err(|e| format!("tantivy cannot open it ({e})"))?;
    if total_size <= CHECKSUM_LIMIT {
        let damaged = index
            .validate_checksum()
            .map_err(|e| format!("cannot check it ({e})"))?;
        if let Some(file) = damaged.iter().next() {
            return Err(format!("{} fails its checksum", file.display()));
        }
    }
    let opened = open_reader(index).map_err(|e| format!("cannot read it ({e})"))?;
    let searcher = opened.reader.searcher();
    if searcher.num_docs() != ids.len() as u64 {
        return Err(format!(
            "holds {} documents, expected {}",
            searcher.num_docs(),
            ids.len()
        ));
    }
    // A real lookup through the term dictionary and postings of the first and last article.
    for id in [ids.first(), ids.last()].into_iter().flatten() {
        let query = TermQuery::new(id_term(&opened.fields, id), IndexRecordOption::Basic);
        let found = searcher
            .search(&query, &Count)
            .map_err(|e| format!("a lookup failed ({e})"))?;
        if found == 0 {
            return Err(format!("article {id} is not found by its id"));
        }
    }
    Ok(opened)
}

/// Builds the index for `articles` in a temporary directory under `root` and moves it to
/// `final_dir`. Returns `Ok(true)` when this call put it there, `Ok(false)` when another process
/// finished the same index first (ours is then discarded).
pub fn build_on_disk(
    root: &Path,
    final_dir: &Path,
    fingerprint: u64,
    store: &ArticleStore,
    progress: &dyn Fn(usize, usize),
) -> Result<bool, String> {
    fs::create_dir_all(root).map_err(|e| format!("cannot create {} ({e})", root.display()))?;
    let temp = tempfile::Builder::new()
        .prefix(BUILDING_PREFIX)
        .tempdir_in(root)
        .map_err(|e| format!("cannot write in {} ({e})", root.display()))?;
    let (schema, fields) = build_schema();
    {
        let index = Index::create_in_dir(temp.path(), schema)
            .map_err(|e| format!("cannot create an index in {} ({e})", temp.path().display()))?;
        fill(&index, &fields, store, progress)
            .map_err(|e| format!("indexing into {} failed ({e})", temp.path().display()))?;
    }
    let mut files = Vec::new();
    let entries = fs::read_dir(temp.path())
        .map_err(|e| format!("cannot list {} ({e})", temp.path().display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {} ({e})", temp.path().display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_lock_file(&name) {
            continue;
        }
        let size = entry
            .metadata()
            .map_err(|e| format!("cannot stat {name} ({e})"))?
            .len();
        files.push(MarkerFile { name, size });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let marker = Marker {
        analyzer_version: ANALYZER_VERSION,
        fingerprint: format!("{fingerprint:016x}"),
        articles: store.len(),
        ids_digest: ids_digest(store),
        files,
    };
    let marker_json = serde_json::to_string_pretty(&marker)
        .map_err(|e| format!("cannot write the marker ({e})"))?;
    fs::write(temp.path().join(MARKER), marker_json)
        .map_err(|e| format!("cannot write the marker in {} ({e})", temp.path().display()))?;
    match fs::rename(temp.path(), final_dir) {
        Ok(()) => Ok(true),
        Err(_) if final_dir.join(MARKER).exists() => Ok(false),
        Err(e) => Err(format!(
            "cannot move the index to {} ({e})",
            final_dir.display()
        )),
    }
}

/// Removes other corpora's indexes and abandoned builds under `root`, keeping `keep`. Best
/// effort: a directory another process still reads stays readable (its files are mapped).
pub fn remove_stale(root: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let keep: HashSet<PathBuf> = [keep.to_path_buf()].into_iter().collect();
    for entry in entries.flatten() {
        let path = entry.path();
        if keep.contains(&path) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = if name.starts_with(INDEX_PREFIX) {
            true
        } else if name.starts_with(BUILDING_PREFIX) {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > ABANDONED_AFTER)
        } else {
            false
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Are there indexes of other corpora under `root`? (Tells "first use" from "corpus changed".)
pub fn has_other_indexes(root: &Path, current: &Path) -> bool {
    fs::read_dir(root).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.path() != current && e.file_name().to_string_lossy().starts_with(INDEX_PREFIX)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_names_depend_on_fingerprint() {
        assert_eq!(index_dir_name(1), index_dir_name(1));
        assert_ne!(index_dir_name(1), index_dir_name(2));
        assert!(index_dir_name(7).starts_with("index-"));
        assert_eq!(index_dir_name(7).len(), "index-".len() + 16);
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
