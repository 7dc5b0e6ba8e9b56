//! What answers searches. One trait, one file per engine:
//!
//! - [`index`]: the tantivy index ([`super::SearchIndex`]), the engine of record.
//! - [`scan`]: a plain scan of the articles' text, used by the browser while the index is being
//!   built (or when it cannot be), with the same query language, filters and snippets.
//! - [`patched`]: the index as last committed, with a scan of the pages it lacks, while an
//!   update too large to wait for runs.
//!
//! Both take the same request ([`super::SearchQuery`]) and give the same hits
//! ([`super::Hit`], carrying the article's position in the shared store), so callers never know
//! which one answered. This trait is also the seam for a server-side engine later (an
//! OpenSearch or Elasticsearch cluster holding a large archive): such an engine would map the
//! request's parsed query ([`super::syntax`]) and filter onto its own query DSL and its hits
//! back to store positions by article id.

pub mod index;
pub mod patched;
pub mod scan;

use super::{RelatedHit, SearchError, SearchQuery, SearchResults};
use crate::article::{Article, ParagraphSpan};

/// A search engine over the articles of one [`crate::corpus::ArticleStore`].
pub trait SearchEngine: Send + Sync {
    /// Runs a search: never fails on odd query text (what cannot be understood is dropped and
    /// said in [`SearchResults::notes`]); errors are failures of the engine itself.
    fn search(&self, request: &SearchQuery) -> Result<SearchResults, SearchError>;

    /// The articles most like the article at store position `index` (itself excluded).
    fn related(&self, index: usize, limit: usize) -> Result<Vec<RelatedHit>, SearchError>;

    /// Every match of the request's text in `article`'s body, in reading order: what the
    /// reader steps through with n/N.
    fn article_spans(&self, request: &SearchQuery, article: &Article) -> Vec<ParagraphSpan>;
}
