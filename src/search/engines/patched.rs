//! The index as it was last committed, patched with a scan of what it lacks: what answers a
//! search while the index is being updated with more pages than a search waits for (issue 15: "a
//! search while an update runs is answered from the last committed index, plus a scan of the few
//! changed pages").
//!
//! The index hides the documents of pages the corpus no longer has (`SearchIndex::hiding`), and
//! the scan reads only the articles of the pages it lacks, so every article is searched once.
//! The two rankings are not on one scale (BM25 against the scan's counts), so hits are taken
//! from each in turn, each in its own order; sorted by date they are merged by date.

use super::SearchEngine;
use super::scan::ScanEngine;
use crate::article::{Article, ParagraphSpan};
use crate::search::syntax::Note;
use crate::search::{Hit, RelatedHit, SearchError, SearchIndex, SearchQuery, SearchResults, Sort};

/// The last committed index and a scan of the articles it lacks (see the module docs).
#[derive(Debug, Clone)]
pub struct PatchedEngine {
    index: SearchIndex,
    unindexed: ScanEngine,
    /// How many articles the scan reads.
    articles: usize,
}

impl PatchedEngine {
    pub(crate) fn new(index: SearchIndex, unindexed: ScanEngine, articles: usize) -> Self {
        Self {
            index,
            unindexed,
            articles,
        }
    }

    /// How many articles are read by the scan rather than found in the index.
    pub fn unindexed_articles(&self) -> usize {
        self.articles
    }
}

/// The first `limit` of two rankings: by date when sorted by date (newest first, undated last,
/// then store order, as each engine sorts), else one from each in turn.
fn merge(
    indexed: Vec<Hit>,
    scanned: Vec<Hit>,
    sort: Sort,
    limit: usize,
    date_of: impl Fn(usize) -> Option<String>,
) -> Vec<Hit> {
    let mut hits = Vec::with_capacity((indexed.len() + scanned.len()).min(limit));
    match sort {
        Sort::Date => {
            hits.extend(indexed);
            hits.extend(scanned);
            hits.sort_by_cached_key(|hit| (std::cmp::Reverse(date_of(hit.index)), hit.index));
        }
        Sort::Relevance => {
            let (mut a, mut b) = (indexed.into_iter(), scanned.into_iter());
            loop {
                let (x, y) = (a.next(), b.next());
                if x.is_none() && y.is_none() {
                    break;
                }
                hits.extend(x);
                hits.extend(y);
            }
        }
    }
    hits.truncate(limit);
    hits
}

impl SearchEngine for PatchedEngine {
    fn search(&self, request: &SearchQuery) -> Result<SearchResults, SearchError> {
        let indexed = self.index.search(request)?;
        let scanned = self.unindexed.search(request)?;
        let mut notes = indexed.notes;
        for note in scanned.notes {
            // The scan says it has no pinyin; the note below says which articles it read.
            if note != Note::ScanOnly && !notes.contains(&note) {
                notes.push(note);
            }
        }
        notes.push(Note::Unindexed {
            articles: self.articles,
            hits: scanned.total,
        });
        Ok(SearchResults {
            total: indexed.total + scanned.total,
            took: indexed.took + scanned.took,
            hits: merge(
                indexed.hits,
                scanned.hits,
                request.sort,
                request.limit,
                |index| self.index.date_at(index),
            ),
            notes,
        })
    }

    /// From the index, for any article of the store (an unindexed one's words are looked up
    /// in the index like any other's).
    fn related(&self, index: usize, limit: usize) -> Result<Vec<RelatedHit>, SearchError> {
        SearchEngine::related(&self.index, index, limit)
    }

    fn article_spans(&self, request: &SearchQuery, article: &Article) -> Vec<ParagraphSpan> {
        self.index.article_spans(request, article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(index: usize) -> Hit {
        Hit::bare(&format!("a-{index}"), index)
    }

    fn indexes(hits: &[Hit]) -> Vec<usize> {
        hits.iter().map(|h| h.index).collect()
    }

    #[test]
    fn rankings_take_turns_and_dates_merge() {
        let indexed = vec![hit(5), hit(1), hit(7)];
        let scanned = vec![hit(9)];
        let no_date = |_: usize| None;
        let turns = merge(
            indexed.clone(),
            scanned.clone(),
            Sort::Relevance,
            10,
            no_date,
        );
        assert_eq!(indexes(&turns), [5, 9, 1, 7]);
        let cut = merge(
            indexed.clone(),
            scanned.clone(),
            Sort::Relevance,
            2,
            no_date,
        );
        assert_eq!(indexes(&cut), [5, 9]);
        // By date: newest first, undated last, then store order.
        let date = |i: usize| match i {
            9 => Some("2023-06-01".to_string()),
            1 | 7 => Some("2023-05-01".to_string()),
            _ => None,
        };
        let by_date = merge(indexed, scanned, Sort::Date, 10, date);
        assert_eq!(indexes(&by_date), [9, 1, 7, 5]);
    }
}

#[cfg(test)]
mod store_tests {
    use std::sync::Arc;

    use super::*;
    use crate::corpus::ArticleStore;
    use crate::filter::{Filter, RegionPick};
    use crate::search::cache;
    use crate::search::engines::scan::tests::article;

    /// Forty articles, the index holding all but the ten in the middle, which the scan reads.
    fn engines() -> (PatchedEngine, ScanEngine) {
        let cities = [Some("杭州市"), Some("嘉兴市")];
        let articles: Vec<Article> = (0..40)
            .map(|i| {
                article(
                    &format!("a-{i:02}"),
                    cities[i % 2],
                    "通知",
                    "职工技能。",
                    &[],
                )
            })
            .collect();
        let store = Arc::new(ArticleStore::from_articles(articles));
        let wanted = cache::Wanted {
            store: &store,
            pages: &[(1, 0..15), (2, 25..40)],
            fingerprint: 1,
        };
        let opened = cache::build_in_memory(&wanted, &|_, _| {}).unwrap();
        let index = SearchIndex::hiding(opened, Arc::clone(&store), &[]);
        let patched = PatchedEngine::new(
            index,
            ScanEngine::over(Arc::clone(&store), std::iter::once(15..25).collect()),
            10,
        );
        (patched, ScanEngine::new(store))
    }

    #[test]
    fn every_article_is_found_once_whether_indexed_or_not() {
        let (patched, everything) = engines();
        let hangzhou = Filter {
            region: Some(RegionPick::Place(crate::classify::gazetteer::RegionRef {
                city: "杭州市".to_string(),
                county: None,
            })),
            ..Filter::default()
        };
        for (text, filter) in [
            ("技能", Filter::default()),
            ("", hangzhou.clone()),
            ("", Filter::default()),
        ] {
            let q = SearchQuery {
                text: text.to_string(),
                filter,
                limit: 100,
                ..SearchQuery::default()
            };
            let got = patched.search(&q).unwrap();
            let want = everything.search(&q).unwrap();
            assert_eq!(got.total, want.total, "{text:?}");
            let mut ids: Vec<&str> = got.hits.iter().map(|h| h.id.as_str()).collect();
            ids.sort_unstable();
            let before = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), before, "{text:?}: an article twice");
            assert_eq!(ids.len(), want.hits.len(), "{text:?}");
        }
    }
}
