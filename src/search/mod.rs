//! Search: the tantivy index, Chinese analysis, queries and snippets. The only module that uses tantivy.
//!
//! - [`normalize`]: width/compatibility folding, lower case, traditional → simplified.
//! - [`analyzer`]: the tokenizers (grams, jieba words, pinyin, initials) registered on the index.
//! - [`pinyin`]: syllable units of text and the splitting of Latin queries into syllables.
//! - [`schema`]: fields and the article → document mapping.
//! - [`query`]: query text → tantivy query, built by hand (no `QueryParser`, no jieba).
//! - [`snippet`]: highlights and snippets computed from the article text.
//! - [`cache`]: where the index lives, validation, atomic publication, fallback to memory.
//! - [`related`]: articles most like one article.
//!
//! An empty query text lists the articles its filters let through (all of them without filters),
//! in corpus order.

pub mod analyzer;
pub mod cache;
pub mod engines;
pub mod normalize;
pub mod pinyin;
pub mod query;
pub(crate) mod readings;
pub mod related;
pub mod request;
pub mod schema;
pub mod snippet;
pub(crate) mod suggest;
pub mod syntax;

use std::fs;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument};

pub use cache::{ANALYZER_VERSION, IndexLocation, IndexReport, IndexStatus};
pub use related::RelatedHit;
pub use snippet::SNIPPET_CELLS;

use crate::article::{Article, ParagraphSpan};
use crate::corpus::{ArticleStore, StoreError};
pub use engines::SearchEngine;
pub use engines::scan::ScanEngine;
use readings::ReadingMap;
pub use request::{MarkSets, SearchQuery, Sort};
pub(crate) use request::{RequestFilter, request_filter};
use schema::Fields;
use snippet::Highlighter;
pub use syntax::Note;

/// What went wrong in search. Cache trouble is never an error (the index falls back to memory);
/// these are failures of the index itself or of the caller's request.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {what} failed: {source}; run `kanbao index --rebuild` to rebuild it")]
    Index {
        what: &'static str,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("no article with id `{id}`; ids are listed by `kanbao search --json`")]
    UnknownArticle { id: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn index_error(what: &'static str) -> impl FnOnce(tantivy::TantivyError) -> SearchError {
    move |source| SearchError::Index { what, source }
}

/// One found article.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    /// Relevance (higher is better); 0 when listing without query text.
    pub score: f32,
    pub title: String,
    /// About [`SNIPPET_CELLS`] cells of the body around the best match, `…` where cut.
    pub snippet: String,
    /// Matches in `snippet`: char offsets, sorted, merged.
    pub highlights: Vec<(usize, usize)>,
    /// Matches in `title`: char offsets, sorted, merged.
    pub title_highlights: Vec<(usize, usize)>,
    /// Every match in the body, for the reader's next/previous hit.
    pub spans: Vec<ParagraphSpan>,
    /// The article's position in the store the index shares with its caller.
    pub index: usize,
    /// Matches only across a word boundary (职工|资助 for 工资): ranked after the others.
    pub loose: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Articles matching in all (may exceed `hits.len()`).
    pub total: usize,
    pub took: Duration,
    pub hits: Vec<Hit>,
    /// What the header should say: what was ignored, partial matches, suggestions…
    pub notes: Vec<Note>,
}

struct Inner {
    reader: IndexReader,
    fields: Fields,
    /// The articles the index was built from, shared with the caller (never copied): heads for
    /// ids, text read on demand for the few hits shown.
    store: Arc<ArticleStore>,
    /// Pinyin → the index's Han grams, built on the first Latin query.
    readings: OnceLock<ReadingMap>,
}

/// The search index over a set of articles. Cheap to clone (shared), `Send + Sync`.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("articles", &self.inner.store.len())
            .finish()
    }
}

impl SearchIndex {
    fn from_opened(opened: cache::Opened, store: Arc<ArticleStore>) -> Self {
        Self {
            inner: Arc::new(Inner {
                reader: opened.reader,
                fields: opened.fields,
                store,
                readings: OnceLock::new(),
            }),
        }
    }

    /// An index in memory only (tests, or when no cache is wanted).
    pub fn build_in_memory(articles: &[Article]) -> Result<SearchIndex, SearchError> {
        let store = ArticleStore::from_articles(articles.to_vec());
        let opened = cache::build_in_memory(&store, &|_, _| {})
            .map_err(index_error("building the index in memory"))?;
        Ok(Self::from_opened(opened, Arc::new(store)))
    }

    /// Opens the cached index for this corpus, or builds it (on disk if the cache allows, else
    /// in memory). `corpus_fingerprint` must change whenever the articles would (pages,
    /// gazetteer, theme rules); `progress(done, total)` is called while building.
    ///
    /// Opening reads no article text; building reads every article's text from `store`.
    pub fn open_or_build(
        store: Arc<ArticleStore>,
        corpus_fingerprint: u64,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        Self::open_or_build_inner(store, corpus_fingerprint, location, progress, false)
    }

    /// Like [`SearchIndex::open_or_build`], but always builds afresh (`kanbao index --rebuild`).
    pub fn rebuild(
        store: Arc<ArticleStore>,
        corpus_fingerprint: u64,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        Self::open_or_build_inner(store, corpus_fingerprint, location, progress, true)
    }

    fn open_or_build_inner(
        store: Arc<ArticleStore>,
        fingerprint: u64,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
        force: bool,
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        let started = Instant::now();
        let ids: Vec<&str> = store.heads().map(|h| h.id()).collect();
        let report = |status: IndexStatus| IndexReport {
            status,
            articles: ids.len(),
            took: started.elapsed(),
        };
        let in_memory = |why: String| -> Result<(SearchIndex, IndexReport), SearchError> {
            // A damaged snapshot is not a cache problem: building elsewhere would meet it again.
            if let Some(damage) = store.damage() {
                return Err(SearchError::Store(damage.clone()));
            }
            let index = {
                let opened =
                    cache::build_in_memory(&store, progress).map_err(|e| match store.damage() {
                        Some(damage) => SearchError::Store(damage.clone()),
                        None => SearchError::Index {
                            what: "building the index in memory",
                            source: e,
                        },
                    })?;
                Self::from_opened(opened, Arc::clone(&store))
            };
            Ok((index, report(IndexStatus::InMemory { why })))
        };
        let Some(root) = location.cache_root.as_deref() else {
            return in_memory("no cache directory given".to_string());
        };
        let final_dir = root.join(cache::index_dir_name(fingerprint));
        let mut problem = None;
        if final_dir.exists() {
            if force {
                if let Err(e) = fs::remove_dir_all(&final_dir) {
                    return in_memory(format!(
                        "cannot remove {} to rebuild it: {e}",
                        final_dir.display()
                    ));
                }
            } else {
                match cache::open_checked(&final_dir, fingerprint, &ids) {
                    Ok(opened) => {
                        cache::remove_stale(root, &final_dir);
                        let status = IndexStatus::Reused { path: final_dir };
                        let index = Self::from_opened(opened, Arc::clone(&store));
                        return Ok((index, report(status)));
                    }
                    Err(why) => {
                        if let Err(e) = fs::remove_dir_all(&final_dir) {
                            return in_memory(format!(
                                "cached index {} is damaged ({why}) and cannot be removed: {e}",
                                final_dir.display()
                            ));
                        }
                        problem = Some(why);
                    }
                }
            }
        }
        let mut reason = if force {
            "rebuild requested".to_string()
        } else if cache::has_other_indexes(root, &final_dir) {
            "corpus or analyzer changed".to_string()
        } else {
            "first use".to_string()
        };
        match cache::build_on_disk(root, &final_dir, fingerprint, &store, progress) {
            Ok(true) => {}
            Ok(false) => reason.push_str("; another kanbao finished first, using its index"),
            Err(why) => return in_memory(format!("cache unusable: {why}")),
        }
        match cache::open_checked(&final_dir, fingerprint, &ids) {
            Ok(opened) => {
                cache::remove_stale(root, &final_dir);
                let status = match problem {
                    Some(problem) => IndexStatus::RebuiltCorrupt {
                        path: final_dir,
                        problem,
                    },
                    None => IndexStatus::Built {
                        path: final_dir,
                        reason,
                    },
                };
                Ok((
                    Self::from_opened(opened, Arc::clone(&store)),
                    report(status),
                ))
            }
            Err(why) => in_memory(format!(
                "the index just built in {} does not open: {why}",
                final_dir.display()
            )),
        }
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        self.inner.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.store.is_empty()
    }

    /// The articles this index answers about.
    pub fn store(&self) -> &Arc<ArticleStore> {
        &self.inner.store
    }

    /// The article with this id, whole, as indexed.
    pub fn article(&self, id: &str) -> Result<Article, SearchError> {
        self.inner
            .store
            .article_by_id(id)
            .ok_or_else(|| SearchError::UnknownArticle { id: id.to_string() })?
            .map_err(SearchError::from)
    }

    fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    fn article_index(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<usize, SearchError> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(index_error("reading a stored document"))?;
        let id = doc
            .get_first(self.inner.fields.id)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        self.inner
            .store
            .position(id)
            .ok_or_else(|| SearchError::UnknownArticle { id: id.to_string() })
    }

    fn hit(
        &self,
        article_index: usize,
        score: f32,
        highlighter: &Highlighter,
    ) -> Result<Hit, SearchError> {
        let article = self.inner.store.article(article_index)?;
        let matches = highlighter.matches(&article);
        let (snippet, highlights) = snippet::snippet(&article, &matches);
        Ok(Hit {
            title_highlights: snippet::char_ranges(&article.title, &matches.title),
            spans: matches.spans(),
            index: article_index,
            loose: false,
            id: article.id,
            score,
            title: article.title,
            snippet,
            highlights,
        })
    }
}
