//! Where pages come from, and loading them into a [`Corpus`].
//!
//! * The bundled pages (`data/pages/*.txt`) are embedded in the binary by `build.rs`.
//! * `--data DIR` (or `KANBAO_DATA`) replaces the whole corpus with the `*.txt` pages in DIR: a
//!   script or a test gets exactly the pages it names.
//! * Otherwise the user's library (`$XDG_DATA_HOME/kanbao/pages/`, filled by `kanbao import`) is
//!   shown together with the bundled pages.
//!
//! A page that cannot be read, decoded or parsed is a [`PageProblem`] (reported with its path and
//! reason), never a reason to lose the other pages.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::article::{Article, fnv1a, page_key_of_length};
use crate::classify::Classifier;
use crate::corpus::decode::{self, DecodeError};
use crate::corpus::manifest::UserManifest;
use crate::corpus::parse::{parse_page, parse_page_with};
use crate::corpus::snapshot;
use crate::corpus::store::ArticleStore;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_pages.rs"));
}

/// Which pages make up the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSet {
    /// The bundled pages plus the user's library directory, if any.
    Default { library: Option<PathBuf> },
    /// Exactly the `*.txt` pages in this directory.
    Dir(PathBuf),
}

/// Where one page came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A page that loaded, with the range of its articles in [`Corpus::articles`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageInfo {
    pub name: String,
    pub origin: PageOrigin,
    pub bytes: usize,
    pub articles: std::ops::Range<usize>,
}

/// A page that did not load, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageProblem {
    pub origin: PageOrigin,
    pub reason: String,
}

impl fmt::Display for PageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

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

/// Every article of every page that loaded, classified, plus what went wrong on the way.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub pages: Vec<PageInfo>,
    pub problems: Vec<PageProblem>,
    /// A fingerprint of the page texts and the classifier's data: the search index's cache key.
    pub fingerprint: u64,
}

/// One page's raw input before decoding.
struct RawPage {
    name: String,
    origin: PageOrigin,
    bytes: PageBytes,
}

/// Where a page's bytes are: read when the page is decoded, on a worker thread, so a large
/// archive is never held whole as raw bytes.
enum PageBytes {
    Bundled(&'static [u8]),
    Owned(Vec<u8>),
    File(PathBuf),
}

/// A page decoded and cut into articles, before the corpus-wide checks (duplicates, ids).
struct ParsedPage {
    name: String,
    origin: PageOrigin,
    text_hash: u64,
    text_len: usize,
    articles: Vec<Article>,
}

/// Decodes and parses one page: the costly, independent part of loading, run in parallel.
fn decode_and_parse(page: RawPage, manifest: &UserManifest) -> Result<ParsedPage, PageProblem> {
    let decoded = match &page.bytes {
        PageBytes::Bundled(bytes) => decode::decode(bytes).map_err(describe_decode),
        PageBytes::Owned(bytes) => decode::decode(bytes).map_err(describe_decode),
        PageBytes::File(path) => {
            read_capped(path).and_then(|b| decode::decode(&b).map_err(describe_decode))
        }
    };
    let text = decoded.map_err(|reason| PageProblem {
        origin: page.origin.clone(),
        reason,
    })?;
    Ok(ParsedPage {
        articles: match manifest.corrections(&page.name) {
            Some(corrections) => parse_page_with(&page.name, &text, &corrections).0,
            None => parse_page(&page.name, &text),
        },
        text_hash: fnv1a(text.as_bytes()),
        text_len: text.len(),
        name: page.name,
        origin: page.origin,
    })
}

/// Threads for loading: one per core, a few at most; none for a handful of pages.
fn load_threads(items: usize) -> usize {
    if items < 16 {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` applied to every item on up to `threads` threads, results in the items' order. Items are
/// handed out one at a time, so uneven pages do not leave a thread idle.
fn parallel_map<T: Send, R: Send>(
    items: Vec<T>,
    threads: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let total = items.len();
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        // A poisoned queue means another worker panicked; the scope re-raises it.
                        let next = match queue.lock() {
                            Ok(mut q) => q.next(),
                            Err(_) => None,
                        };
                        let Some((i, item)) = next else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    debug_assert_eq!(done.len(), total);
    done.into_iter().map(|(_, r)| r).collect()
}

impl Corpus {
    /// Loads, parses and classifies the pages of `set`.
    ///
    /// Fails only when no page at all yields an article; single bad pages end up in `problems`.
    pub fn load(set: &PageSet, classifier: &Classifier) -> Result<Corpus, CorpusError> {
        let raw = match set {
            PageSet::Default { library } => {
                let mut raw: Vec<RawPage> = bundled::BUNDLED_PAGES
                    .iter()
                    .map(|(name, bytes)| RawPage {
                        name: (*name).to_string(),
                        origin: PageOrigin::Bundled,
                        bytes: PageBytes::Bundled(bytes),
                    })
                    .collect();
                if let Some(dir) = library {
                    // A missing library just means nothing was imported yet.
                    if dir.is_dir() {
                        raw.extend(read_page_dir(dir)?);
                    }
                }
                raw
            }
            PageSet::Dir(dir) => read_page_dir(dir)?,
        };
        // The user's corrections (issue 11): a bad manifest is reported, never fatal.
        let manifest_dir = match set {
            PageSet::Default { library } => library.as_deref(),
            PageSet::Dir(dir) => Some(dir.as_path()),
        };
        let (manifest, manifest_problem) = match manifest_dir.map(UserManifest::load) {
            Some(Ok(Some(m))) => (m, None),
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
        let mut corpus = Self::from_raw(raw, classifier, &manifest);
        corpus.problems.extend(manifest_problem);
        corpus.fingerprint ^= manifest.stamp;
        if corpus.articles.is_empty() {
            let where_ = match set {
                PageSet::Default { .. } => "the bundled pages".to_string(),
                PageSet::Dir(dir) => dir.display().to_string(),
            };
            let detail = if corpus.problems.is_empty() {
                "it holds no *.txt page".to_string()
            } else {
                corpus
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            return Err(CorpusError::NoPages { where_, detail });
        }
        corpus.fingerprint ^= classifier.fingerprint();
        Ok(corpus)
    }

    /// Parses pages given as (name, text) pairs: for tests, benchmarks and the corpus generator.
    pub fn from_texts<'a>(
        pages: impl IntoIterator<Item = (&'a str, &'a str)>,
        classifier: &Classifier,
    ) -> Corpus {
        let raw = pages
            .into_iter()
            .map(|(name, text)| RawPage {
                name: name.to_string(),
                origin: PageOrigin::Bundled,
                bytes: PageBytes::Owned(text.as_bytes().to_vec()),
            })
            .collect();
        let mut corpus = Self::from_raw(raw, classifier, &UserManifest::default());
        corpus.fingerprint ^= classifier.fingerprint();
        corpus
    }

    fn from_raw(raw: Vec<RawPage>, classifier: &Classifier, manifest: &UserManifest) -> Corpus {
        // Decoding and parsing are independent per page: in parallel. Then, in page order, the
        // corpus-wide checks (the same text twice, the same name twice, unique ids), which make
        // the result the same whatever the threads did.
        let parsed = {
            let threads = load_threads(raw.len());
            parallel_map(raw, threads, |page| decode_and_parse(page, manifest))
        };
        let mut corpus = Corpus::default();
        let mut fingerprint = 0u64;
        let mut seen_texts = HashSet::new();
        let mut seen_names = HashSet::new();
        let mut seen_page_keys = HashSet::new();
        for page in parsed {
            let page = match page {
                Ok(page) => page,
                Err(problem) => {
                    corpus.problems.push(problem);
                    continue;
                }
            };
            // The same page imported twice (or bundled and imported) is shown once.
            if !seen_texts.insert(page.text_hash) {
                continue;
            }
            if !seen_names.insert(page.name.clone()) {
                corpus.problems.push(PageProblem {
                    origin: page.origin,
                    reason: format!(
                        "another page is already named {}; rename this file to load it",
                        page.name
                    ),
                });
                continue;
            }
            let mut articles = page.articles;
            give_unique_ids(&page.name, &mut articles, &mut seen_page_keys);
            if articles.is_empty() {
                corpus.problems.push(PageProblem {
                    origin: page.origin,
                    reason: "no article found on this page".to_string(),
                });
                continue;
            }
            fingerprint = fingerprint.rotate_left(5) ^ page.text_hash ^ fnv1a(page.name.as_bytes());
            let start = corpus.articles.len();
            corpus.articles.extend(articles);
            corpus.pages.push(PageInfo {
                name: page.name,
                origin: page.origin,
                bytes: page.text_len,
                articles: start..corpus.articles.len(),
            });
        }
        classify_in_parallel(classifier, &mut corpus.articles, &corpus.pages);
        corpus.fingerprint = fingerprint;
        corpus
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// The page an article comes from.
    pub fn page_of(&self, article: &Article) -> Option<&PageInfo> {
        self.pages.iter().find(|p| p.name == article.page)
    }
}

/// Classifies the articles on several threads, each taking whole pages (a page's date is worked
/// out from all its articles together).
fn classify_in_parallel(classifier: &Classifier, articles: &mut [Article], pages: &[PageInfo]) {
    let threads = load_threads(pages.len());
    if threads <= 1 {
        classifier.classify_all(articles);
        return;
    }
    // Cut points at page boundaries, about equal numbers of articles between them.
    let per_thread = articles.len().div_ceil(threads);
    let mut cuts = Vec::with_capacity(threads);
    let mut next = per_thread;
    for page in pages {
        if page.articles.end >= next && page.articles.end < articles.len() {
            cuts.push(page.articles.end);
            next = page.articles.end + per_thread;
        }
    }
    std::thread::scope(|scope| {
        let mut rest = articles;
        let mut at = 0;
        for cut in cuts {
            let (chunk, tail) = rest.split_at_mut(cut - at);
            at = cut;
            rest = tail;
            scope.spawn(|| classifier.classify_all(chunk));
        }
        classifier.classify_all(rest);
    });
}

/// Gives the articles of page `name` ids no earlier page has: its six-digit key if free, else the
/// shortest longer key that is (see [`page_key_of_length`]).
fn give_unique_ids(name: &str, articles: &mut [Article], seen_page_keys: &mut HashSet<String>) {
    let Some(key) = (6..=16)
        .map(|digits| page_key_of_length(name, digits))
        .find(|key| !seen_page_keys.contains(key))
    else {
        return;
    };
    if key.len() > 6 {
        for article in articles.iter_mut() {
            article.id = format!("{key}-{}", article.seq);
        }
    }
    seen_page_keys.insert(key);
}

/// A corpus ready to browse or search: the articles in an [`ArticleStore`] (heads in memory,
/// text mapped from the snapshot when there is one), and what loading them found.
#[derive(Debug)]
pub struct StoredCorpus {
    pub store: Arc<ArticleStore>,
    pub pages: Vec<PageInfo>,
    pub problems: Vec<PageProblem>,
    /// As [`Corpus::fingerprint`]: the search index's cache key.
    pub fingerprint: u64,
    pub snapshot: SnapshotStatus,
}

/// What became of the corpus snapshot on this start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotStatus {
    /// Unchanged pages: read back from this snapshot, nothing parsed.
    Reused(PathBuf),
    /// Pages parsed and saved to this snapshot for the next start.
    Written(PathBuf),
    /// Pages parsed and held in memory; the reason no snapshot is used.
    NotCached(String),
}

impl StoredCorpus {
    /// Loads the corpus of `set`: from its snapshot in `cache_dir` when the pages have not
    /// changed since it was written, else by parsing them ([`Corpus::load`]) and writing a new
    /// snapshot. The snapshot is only a cache: when it cannot be read or written, the pages are
    /// parsed and held in memory, and `snapshot` says why.
    pub fn load(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
    ) -> Result<StoredCorpus, CorpusError> {
        Self::load_with(set, classifier, cache_dir, &|| {})
    }

    /// [`Self::load`], calling `before_parsing` when there is no usable snapshot and the pages
    /// are about to be parsed (seconds for a large archive: the caller may say so).
    pub fn load_with(
        set: &PageSet,
        classifier: &Classifier,
        cache_dir: Option<&Path>,
        before_parsing: &dyn Fn(),
    ) -> Result<StoredCorpus, CorpusError> {
        let Some(cache_dir) = cache_dir else {
            let corpus = Corpus::load(set, classifier)?;
            return Ok(Self::in_memory(corpus, "no cache directory".to_string()));
        };
        let Some(key) = snapshot::key(set, classifier) else {
            let corpus = Corpus::load(set, classifier)?;
            return Ok(Self::in_memory(
                corpus,
                "the page directory cannot be listed".into(),
            ));
        };
        let path = snapshot::path_for(cache_dir, key);
        let mut stale = None;
        if path.exists() {
            match snapshot::open(&path, key) {
                Ok(found) => return Ok(Self::from_snapshot(found, SnapshotStatus::Reused(path))),
                Err(why) => stale = Some(why),
            }
        }
        before_parsing();
        let corpus = Corpus::load(set, classifier)?;
        let written = snapshot::write(
            cache_dir,
            key,
            &corpus.articles,
            &corpus.pages,
            &corpus.problems,
            corpus.fingerprint,
        );
        match written.map_err(|e| e.to_string()).and_then(|path| {
            let reopened = snapshot::open(&path, key)?;
            Ok((path, reopened))
        }) {
            Ok((path, reopened)) => {
                Ok(Self::from_snapshot(reopened, SnapshotStatus::Written(path)))
            }
            Err(why) => {
                let mut why = format!(
                    "cannot save the corpus snapshot in {}: {why}",
                    cache_dir.display()
                );
                if let Some(stale) = stale {
                    why.push_str(&format!(" (the old one was unusable: {stale})"));
                }
                Ok(Self::in_memory(corpus, why))
            }
        }
    }

    /// A parsed corpus, held in memory.
    pub fn in_memory(corpus: Corpus, why: String) -> StoredCorpus {
        StoredCorpus {
            store: Arc::new(ArticleStore::from_articles(corpus.articles)),
            pages: corpus.pages,
            problems: corpus.problems,
            fingerprint: corpus.fingerprint,
            snapshot: SnapshotStatus::NotCached(why),
        }
    }

    fn from_snapshot(found: snapshot::Snapshot, status: SnapshotStatus) -> StoredCorpus {
        StoredCorpus {
            store: Arc::new(found.store),
            pages: found.pages,
            problems: found.problems,
            fingerprint: found.fingerprint,
            snapshot: status,
        }
    }
}

fn describe_decode(err: DecodeError) -> String {
    err.to_string()
}

/// The `*.txt` files of a directory, sorted by name.
pub(crate) fn page_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(page_entries(dir)?
        .into_iter()
        .map(|entry| entry.path())
        .collect())
}

/// The `*.txt` entries of a directory, sorted by name. (Their `metadata()` is a `stat` relative
/// to the open directory, cheaper than one by full path: the snapshot key stats every page.)
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
    // component by component (a tenth of the start-up time with 14,000 pages).
    entries.sort_unstable_by(|a, b| {
        a.file_name()
            .as_encoded_bytes()
            .cmp(b.file_name().as_encoded_bytes())
    });
    Ok(entries)
}

/// The `*.txt` files of a directory, sorted by name; unreadable files become problems.
fn read_page_dir(dir: &Path) -> Result<Vec<RawPage>, CorpusError> {
    let paths = page_paths(dir).map_err(|source| CorpusError::ReadDir {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            RawPage {
                name,
                origin: PageOrigin::File(path.clone()),
                bytes: PageBytes::File(path),
            }
        })
        .collect())
}

/// Reads a page file within the page bound (never a FIFO or device, never past the limit).
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    super::bounded::read_page(path).map_err(|e| e.to_string())
}

/// The bundled pages, for tests and tools.
pub fn bundled_pages() -> &'static [(&'static str, &'static [u8])] {
    bundled::BUNDLED_PAGES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_text(i: usize) -> &'static str {
        std::str::from_utf8(bundled_pages()[i].1).expect("bundled pages are UTF-8")
    }

    #[test]
    fn parallel_map_keeps_order_and_every_item() {
        let items: Vec<usize> = (0..1000).collect();
        let doubled = parallel_map(items, 3, |i| i * 2);
        assert_eq!(doubled, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(parallel_map(Vec::<u8>::new(), 4, |b| b), Vec::<u8>::new());
    }

    #[test]
    fn classifying_in_page_chunks_equals_classifying_all_at_once() {
        let classifier = Classifier::embedded().unwrap();
        let mut articles = Vec::new();
        let mut pages = Vec::new();
        // 40 pages (enough for several threads), the bundled texts under distinct names.
        for n in 0..40 {
            let name = format!("{n:03}_{:016x}", n);
            let start = articles.len();
            articles.extend(parse_page(&name, page_text(n % 5)));
            pages.push(PageInfo {
                name,
                origin: PageOrigin::Bundled,
                bytes: 0,
                articles: start..articles.len(),
            });
        }
        let mut at_once = articles.clone();
        classifier.classify_all(&mut at_once);
        classify_in_parallel(&classifier, &mut articles, &pages);
        assert_eq!(articles, at_once);
        assert!(articles.iter().any(|a| a.region.city.is_some()));
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
