//! Search: the tantivy index, Chinese analysis, queries and snippets. The only module that uses tantivy.
//!
//! - [`normalize`]: width/compatibility folding, lower case, traditional → simplified.
//! - [`analyzer`]: the tokenizers (grams, jieba words, pinyin, initials) registered on the index.
//! - [`pinyin`]: syllable units of text and the splitting of Latin queries into syllables.
//! - `schema`: fields and the article → document mapping.
//! - `query`: query text → tantivy query, built by hand (no `QueryParser`, no jieba).
//! - `terms`: a flat union of weighted terms (a nested union costs a merge per level).
//! - `vouched`: the gram phrase of a word of the index, which the word field vouches for.
//! - `snippet`: highlights and snippets computed from the article text.
//! - `cache`: where the index lives, validation, atomic publication, fallback to memory.
//! - `opening`: reuse, update or build the index, or say why not now (a caller's `Patience`).
//! - `related`: articles most like one article.
//!
//! An empty query text lists the articles its filters let through (all of them without filters),
//! in corpus order.

pub mod analyzer;
pub(crate) mod cache;
pub(crate) mod engines;
pub mod normalize;
pub(crate) mod opening;
pub mod pinyin;
pub(crate) mod query;
pub(crate) mod readings;
pub(crate) mod related;
pub(crate) mod request;
pub(crate) mod schema;
pub(crate) mod snippet;
pub(crate) mod suggest;
pub mod syntax;
pub(crate) mod terms;
pub(crate) mod vouched;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, IndexReader, Searcher, TantivyDocument};

pub use cache::IndexReport;
pub use cache::{IndexLocation, IndexStatus};
pub use related::RelatedHit;
pub use snippet::SNIPPET_CELLS;

use crate::article::{Article, ParagraphSpan};
use crate::corpus::{ArticleStore, Deferred, StoreError, StoredCorpus};
pub use engines::SearchEngine;
pub use engines::scan::ScanEngine;
use opening::Request;
pub use opening::{Deferral, Patience, Readiness};
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
    /// Only for callers with [`Patience`], who get it as [`Readiness::Deferred`] instead.
    #[error("search index not ready: {0}")]
    NotReady(Deferral),
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

impl Hit {
    /// A hit with nothing to show but its id and store position (the tests' engines and
    /// lists).
    #[cfg(test)]
    pub(crate) fn bare(id: &str, index: usize) -> Hit {
        Hit {
            id: id.to_string(),
            score: 1.0,
            title: String::new(),
            snippet: String::new(),
            highlights: Vec::new(),
            title_highlights: Vec::new(),
            spans: Vec::new(),
            index,
            loose: false,
        }
    }

    /// The hit showing `article` (at store position `index`), with its snippet and every
    /// match `highlighter` finds: how both engines present what they found.
    pub(crate) fn shown(
        article: Article,
        index: usize,
        score: f32,
        highlighter: &Highlighter,
    ) -> Hit {
        let matches = highlighter.matches(&article);
        let (snippet, highlights) = snippet::snippet(&article, &matches);
        Hit {
            title_highlights: snippet::char_ranges(&article.title, &matches.title),
            spans: matches.spans(),
            index,
            loose: false,
            id: article.id,
            score,
            title: article.title,
            snippet,
            highlights,
        }
    }
}

/// The answer to one search: the best hits, how many matched in all, and notes for the header.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Articles matching in all (may exceed `hits.len()`).
    pub total: usize,
    pub took: Duration,
    pub hits: Vec<Hit>,
    /// What the header should say: what was ignored, partial matches, suggestions…
    pub notes: Vec<Note>,
}

/// Up to this many documents are mapped to their articles through their stored ids, more
/// through the id column (see `SearchIndex::article_indexes`).
const STORED_READS_UP_TO: usize = 64;

struct Inner {
    reader: IndexReader,
    fields: Fields,
    /// The articles the index was built from, shared with the caller (never copied): heads for
    /// ids, text read on demand for the few hits shown.
    store: Arc<ArticleStore>,
    /// Pinyin → the index's Han grams, read or built on the first Latin query.
    readings: OnceLock<ReadingMap>,
    /// Where the map of this commit is kept (an index on disk: its directory and opstamp).
    saved_readings: Option<(std::path::PathBuf, u64)>,
    /// The `page_version` terms of documents no search may find: pages the corpus no longer
    /// has, when an index not yet updated answers beside a scan of the new pages
    /// (`engines::patched`). Empty for an index that holds exactly its store.
    hidden: Vec<tantivy::Term>,
    /// Whether the index holds every article of the store (not so beside a scan of the pages it
    /// lacks): only then may a listing take its articles from the store's heads.
    complete: bool,
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
        Self::with(opened, store, &[], true)
    }

    /// An index that may hold pages `store` no longer has (versions `stale`), which no search
    /// then finds, and may lack some of `store`'s pages (searched by the caller another way).
    fn hiding(opened: cache::Opened, store: Arc<ArticleStore>, stale: &[u64]) -> Self {
        Self::with(opened, store, stale, false)
    }

    fn with(
        opened: cache::Opened,
        store: Arc<ArticleStore>,
        stale: &[u64],
        complete: bool,
    ) -> Self {
        let hidden = stale
            .iter()
            .map(|&version| cache::page_version_term(&opened.fields, version))
            .collect();
        Self {
            inner: Arc::new(Inner {
                reader: opened.reader,
                fields: opened.fields,
                store,
                readings: OnceLock::new(),
                saved_readings: opened.readings,
                hidden,
                complete,
            }),
        }
    }

    /// The documents no search may find (see `Inner::hidden`), as one exclusion.
    fn hidden(&self) -> Option<Box<dyn tantivy::query::Query>> {
        (!self.inner.hidden.is_empty()).then(|| {
            Box::new(tantivy::query::TermSetQuery::new(self.inner.hidden.clone()))
                as Box<dyn tantivy::query::Query>
        })
    }

    /// An index in memory only (tests, or when no cache is wanted).
    pub fn build_in_memory(articles: &[Article]) -> Result<SearchIndex, SearchError> {
        let store = ArticleStore::from_articles(articles.to_vec());
        let wanted = cache::Wanted {
            pages: &[(0, 0..store.len())],
            store: &store,
            fingerprint: 0,
        };
        let opened = cache::build_in_memory(&wanted, &|_, _| {})
            .map_err(index_error("building the index in memory"))?;
        Ok(Self::from_opened(opened, Arc::new(store)))
    }

    /// Opens the cached index for these articles, or builds it (on disk if the cache allows,
    /// else in memory). `corpus_fingerprint` must change whenever the articles would (pages,
    /// gazetteer, theme rules); each fingerprint has an index of its own. `progress(done,
    /// total)` is called while building. (A corpus loaded from pages is opened with
    /// [`SearchIndex::open_or_update`], which updates one index page by page instead.)
    pub fn open_or_build(
        store: Arc<ArticleStore>,
        corpus_fingerprint: u64,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        Request::whole(store, corpus_fingerprint).open(location, progress, &|| {})
    }

    /// Like [`SearchIndex::open_or_build`], but always builds afresh.
    pub fn rebuild(
        store: Arc<ArticleStore>,
        corpus_fingerprint: u64,
        location: &IndexLocation,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        let mut request = Request::whole(store, corpus_fingerprint);
        request.force = true;
        request.open(location, progress, &|| {})
    }

    /// Opens the index of a corpus loaded from pages, updating it when pages were added, changed
    /// or removed since it was last committed: only those pages' documents are deleted and
    /// added. Built in full the first time, after damage, when `rebuild` is asked, or when
    /// the analyzer version changed. `on_wait` is called once when another kanbao is updating
    /// the same index (this one then waits for it, and usually finds the index current).
    ///
    /// Opening a current index reads no article text; an update reads the changed pages' text.
    pub fn open_or_update(
        corpus: &StoredCorpus,
        location: &IndexLocation,
        rebuild: bool,
        progress: &dyn Fn(usize, usize),
        on_wait: &dyn Fn(),
    ) -> Result<(SearchIndex, IndexReport), SearchError> {
        let mut request = Self::request_for(corpus);
        request.force = rebuild;
        request.open(location, progress, on_wait)
    }

    /// Like [`SearchIndex::open_or_update`], but does not build or update when that would index
    /// more articles than `patience` allows, nor wait longer than it allows for another kanbao
    /// at work on the same index: it says why instead ([`Readiness::Deferred`]), and the caller
    /// searches another way (the command line scans and has the index built in the background).
    pub fn open_within(
        corpus: &StoredCorpus,
        location: &IndexLocation,
        patience: Patience,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Readiness, SearchError> {
        let mut request = Self::request_for(corpus);
        request.patience = Some(patience);
        Ok(match request.run(location, progress, &|| {})? {
            Readiness::Deferred(deferral) => request.meanwhile(location, deferral),
            ready => ready,
        })
    }

    fn request_for(corpus: &StoredCorpus) -> Request {
        // Only an update needs the pages (a warm start never reads the page list).
        let pages = Deferred::later({
            let pages = corpus.pages.clone();
            move || {
                pages
                    .iter()
                    .map(|page| (page.version, page.articles.clone()))
                    .collect()
            }
        });
        Request::new(
            Arc::clone(&corpus.store),
            pages,
            corpus.fingerprint,
            corpus.slot,
        )
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        self.inner.store.len()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.inner.store.is_empty()
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

    /// The date of the article at store position `index`, if it has one.
    pub(crate) fn date_at(&self, index: usize) -> Option<String> {
        self.inner
            .store
            .head(index)
            .and_then(|head| head.date().map(str::to_string))
    }

    /// The store positions of the documents at `addresses`, in the same order. A few (the hits
    /// shown) are read from the stored documents, whose decompressed blocks tantivy caches; many
    /// (a listing sorted in corpus order) from the id column, one pass over each segment's id
    /// dictionary (stored documents cost ≈ 5 µs each, thousands of them more than the search;
    /// the column costs a fresh zstd context per dictionary block, more than a few cached
    /// stored reads).
    fn article_indexes(
        &self,
        searcher: &Searcher,
        addresses: &[DocAddress],
    ) -> Result<Vec<usize>, SearchError> {
        if addresses.len() <= STORED_READS_UP_TO {
            return addresses
                .iter()
                .map(|&address| self.stored_article_index(searcher, address))
                .collect();
        }
        let mut indexes = vec![usize::MAX; addresses.len()];
        let mut by_segment: Vec<usize> = (0..addresses.len()).collect();
        by_segment.sort_by_key(|&i| (addresses[i].segment_ord, addresses[i].doc_id));
        for group in
            by_segment.chunk_by(|&a, &b| addresses[a].segment_ord == addresses[b].segment_ord)
        {
            let segment = searcher.segment_reader(addresses[group[0]].segment_ord);
            let docs: Vec<(DocId, usize)> =
                group.iter().map(|&i| (addresses[i].doc_id, i)).collect();
            self.column_article_indexes(segment, &docs, &mut indexes)?;
        }
        if indexes.contains(&usize::MAX) {
            return Err(SearchError::Index {
                what: "reading article ids",
                source: tantivy::TantivyError::InternalError(
                    "a document of the index has no article id".to_string(),
                ),
            });
        }
        Ok(indexes)
    }

    /// The store position of the document at `address`, from its stored id.
    fn stored_article_index(
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

    /// Sets `indexes[i]` to the store position of each `(doc, i)` of `docs` in `segment`, from
    /// its id column, in term order: one pass over the segment's id dictionary.
    fn column_article_indexes(
        &self,
        segment: &tantivy::SegmentReader,
        docs: &[(DocId, usize)],
        indexes: &mut [usize],
    ) -> Result<(), SearchError> {
        let failed = |source: tantivy::TantivyError| SearchError::Index {
            what: "reading article ids",
            source,
        };
        let ids = segment
            .fast_fields()
            .str(schema::ID)
            .map_err(failed)?
            .ok_or_else(|| failed(tantivy::TantivyError::FieldNotFound(schema::ID.to_string())))?;
        let mut ords: Vec<(u64, usize)> = docs
            .iter()
            .map(|&(doc, i)| (ids.ords().first(doc).unwrap_or(u64::MAX), i))
            .collect();
        ords.sort_unstable();
        let sorted: Vec<u64> = ords.iter().map(|&(ord, _)| ord).collect();
        let mut next = ords.iter();
        let mut unknown = None;
        ids.dictionary()
            .sorted_ords_to_term_cb(&sorted, |bytes| {
                let (Some(&(_, i)), Ok(id)) = (next.next(), std::str::from_utf8(bytes)) else {
                    return;
                };
                match self.inner.store.position(id) {
                    Some(index) => indexes[i] = index,
                    None => unknown = Some(id.to_string()),
                }
            })
            .map_err(|e| failed(e.into()))?;
        match unknown {
            Some(id) => Err(SearchError::UnknownArticle { id }),
            None => Ok(()),
        }
    }

    fn hit(
        &self,
        article_index: usize,
        score: f32,
        highlighter: &Highlighter,
    ) -> Result<Hit, SearchError> {
        let article = self.inner.store.article(article_index)?;
        Ok(Hit::shown(article, article_index, score, highlighter))
    }
}
