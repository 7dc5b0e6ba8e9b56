//! The plain scan: every article's folded text read in turn, for the minutes a large archive's
//! index takes to build (and when it cannot be built). The same query language and filters as
//! the index, exact substrings only: no word segmentation (a term must occur as typed), no
//! pinyin (that needs the index's term dictionaries; the header says so), and a simple ranking
//! (matches, title matches first). Snippets and highlights come from the same code as the
//! index's ([`crate::search::snippet`]).

use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

use super::SearchEngine;
use crate::article::{Article, ParagraphSpan};
use crate::corpus::{ArticleStore, Head, StoreError};
use crate::search::normalize::fold;
use crate::search::pinyin::pinyin_chunks;
use crate::search::query::Needle;
use crate::search::snippet::Highlighter;
use crate::search::syntax::{self, Expr, Item, Note, ParsedQuery, Scope};
use crate::search::{
    Hit, RelatedHit, SearchError, SearchQuery, SearchResults, Sort, request_filter,
};

/// A title match counts as this many body matches.
const TITLE_WEIGHT: f32 = 10.0;

/// Searches by reading every article (see the module docs).
#[derive(Debug, Clone)]
pub struct ScanEngine {
    store: Arc<ArticleStore>,
    /// The store positions read (every article when `None`).
    only: Option<Arc<[Range<usize>]>>,
}

impl ScanEngine {
    /// A scan over every article in `store`.
    pub fn new(store: Arc<ArticleStore>) -> Self {
        Self { store, only: None }
    }

    /// A scan over the articles of `store` at the positions in `ranges` only (the pages an
    /// index not yet updated lacks).
    pub(crate) fn over(store: Arc<ArticleStore>, ranges: Vec<Range<usize>>) -> Self {
        Self {
            store,
            only: Some(ranges.into()),
        }
    }

    /// The store positions to read, as at most `parts` lists of consecutive runs of about
    /// equal length (one per thread).
    fn runs(&self, parts: usize) -> Vec<Vec<Range<usize>>> {
        let all = std::iter::once(0..self.store.len()).collect::<Vec<_>>();
        let spans: &[Range<usize>] = self.only.as_deref().unwrap_or(&all);
        let total: usize = spans.iter().map(ExactSizeIterator::len).sum();
        let run = total.div_ceil(parts.max(1)).max(1);
        let mut out: Vec<Vec<Range<usize>>> = vec![Vec::new()];
        let mut filled = 0;
        for span in spans {
            let mut start = span.start;
            while start < span.end {
                if filled == run {
                    out.push(Vec::new());
                    filled = 0;
                }
                let end = span.end.min(start + (run - filled));
                if let Some(part) = out.last_mut() {
                    part.push(start..end);
                }
                filled += end - start;
                start = end;
            }
        }
        out
    }
}

/// One article's searchable text, folded.
struct Texts {
    headline: String,
    people: String,
    body: String,
}

impl Texts {
    fn of(head: Head<'_>, body: &str) -> Self {
        // The headline with the column label, as the index's headline fields hold them.
        let headline = match head.column() {
            Some(column) => format!("{}\n{column}", head.headline()),
            None => head.headline(),
        };
        Self {
            headline: fold(&headline),
            people: fold(&head.people().collect::<Vec<_>>().join("\n")),
            body: fold(body),
        }
    }

    fn contains(&self, scope: Scope, text: &str) -> bool {
        match scope {
            Scope::Anywhere => {
                self.headline.contains(text)
                    || self.body.contains(text)
                    || self.people.contains(text)
            }
            Scope::Title => self.headline.contains(text),
            Scope::Byline => self.people.contains(text),
        }
    }
}

fn matches(expr: &Expr, texts: &Texts) -> bool {
    match expr {
        Expr::Term(t) => texts.contains(t.scope, &t.text),
        Expr::Any(alternatives) => alternatives.iter().any(|e| matches(e, texts)),
        Expr::All(items) => all_match(items, texts),
    }
}

fn all_match(items: &[Item], texts: &Texts) -> bool {
    items
        .iter()
        .all(|item| matches(&item.expr, texts) != item.negated)
}

/// What a scan highlights: each positive term as typed.
fn needles(parsed: &ParsedQuery) -> Vec<Needle> {
    parsed
        .positive_terms()
        .into_iter()
        .map(|t| Needle {
            whole: t.text.clone(),
            words: Vec::new(),
        })
        .collect()
}

impl ScanEngine {
    /// (score, store index) of every article the query and filter let through, best (or
    /// newest) first. The articles are read on every core, in consecutive runs.
    fn scan(
        &self,
        parsed: &ParsedQuery,
        request: &SearchQuery,
        filter: &crate::search::RequestFilter,
    ) -> Result<Vec<(f32, usize)>, SearchError> {
        let terms: Vec<String> = parsed
            .positive_terms()
            .iter()
            .map(|t| t.text.clone())
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let runs: Vec<Result<Vec<(f32, usize)>, SearchError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .runs(threads)
                .into_iter()
                .map(|ranges| {
                    let terms = &terms;
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        for range in ranges {
                            found.extend(self.scan_run(range, parsed, terms, filter)?);
                        }
                        Ok(found)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut found = Vec::new();
        for run in runs {
            found.extend(run?);
        }
        match request.sort {
            Sort::Relevance => {
                found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            }
            Sort::Date => {
                let date = |i: usize| {
                    self.store
                        .head(i)
                        .and_then(|h| h.date().map(str::to_string))
                };
                found.sort_by_cached_key(|&(_, i)| (std::cmp::Reverse(date(i)), i));
            }
        }
        Ok(found)
    }

    /// [`Self::scan`] over the articles at store positions `range`, unsorted.
    fn scan_run(
        &self,
        range: std::ops::Range<usize>,
        parsed: &ParsedQuery,
        terms: &[String],
        filter: &crate::search::RequestFilter,
    ) -> Result<Vec<(f32, usize)>, SearchError> {
        let mut found = Vec::new();
        for head in range.filter_map(|i| self.store.head(i)) {
            if !filter.matches(head) {
                continue;
            }
            let index = head.index();
            let body = self.store.with_paragraphs(index, |paragraphs| {
                paragraphs
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            let texts = Texts::of(head, &body);
            if !all_match(&parsed.items, &texts) {
                continue;
            }
            let score: f32 = terms
                .iter()
                .map(|t| {
                    texts.body.matches(t.as_str()).count() as f32
                        + TITLE_WEIGHT * texts.headline.matches(t.as_str()).count() as f32
                })
                .sum();
            found.push((score, index));
        }
        Ok(found)
    }

    fn hit(&self, index: usize, score: f32, highlighter: &Highlighter) -> Result<Hit, SearchError> {
        let article = self.store.article(index)?;
        Ok(Hit::shown(article, index, score, highlighter))
    }
}

impl SearchEngine for ScanEngine {
    fn search(&self, request: &SearchQuery) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let parsed = syntax::parse(&request.text);
        let mut notes = parsed.notes.clone();
        let filter = request_filter(request, &parsed, &mut notes);
        let latin = parsed
            .positive_terms()
            .iter()
            .any(|t| pinyin_chunks(&t.text).is_some());
        if latin {
            notes.push(Note::ScanOnly);
        }
        // As the index: operators alone find nothing, an empty text lists.
        let nothing_asked =
            parsed.positive().next().is_none() && parsed.had_text && filter.is_empty();
        if nothing_asked || filter.is_impossible() {
            return Ok(SearchResults {
                total: 0,
                took: started.elapsed(),
                hits: Vec::new(),
                notes,
            });
        }
        let found = self.scan(&parsed, request, &filter)?;
        let total = found.len();
        let highlighter = Highlighter::new(&needles(&parsed));
        let hits = found
            .into_iter()
            .take(request.limit)
            .map(|(score, index)| self.hit(index, score, &highlighter))
            .collect::<Result<_, _>>()?;
        Ok(SearchResults {
            total,
            took: started.elapsed(),
            hits,
            notes,
        })
    }

    /// Articles sharing themes (two points each) and the city (three points).
    fn related(&self, index: usize, limit: usize) -> Result<Vec<RelatedHit>, SearchError> {
        let article = self.store.head(index).ok_or(StoreError::OutOfRange {
            index,
            len: self.store.len(),
        })?;
        let mut scored: Vec<(usize, usize)> = self
            .store
            .heads()
            .filter(|other| other.index() != index)
            .map(|other| {
                let shared = other.themes().filter(|t| article.has_theme(t)).count();
                let same_city =
                    usize::from(other.city().is_some() && other.city() == article.city());
                (other.index(), shared * 2 + same_city * 3)
            })
            .filter(|(_, s)| *s > 0)
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(scored
            .into_iter()
            .take(limit)
            .filter_map(|(i, score)| {
                let head = self.store.head(i)?;
                Some(RelatedHit {
                    id: head.id().to_string(),
                    title: head.title().to_string(),
                    score: score as f32,
                    index: i,
                })
            })
            .collect())
    }

    fn article_spans(&self, request: &SearchQuery, article: &Article) -> Vec<ParagraphSpan> {
        let parsed = syntax::parse(&request.text);
        Highlighter::new(&needles(&parsed)).matches(article).spans()
    }
}

/// A small store for the tests of the scan and of the search worker (`tui::worker`).
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphKind, Region};
    use crate::filter::{Filter, RegionPick};

    pub(crate) fn article(
        id: &str,
        city: Option<&str>,
        title: &str,
        body: &str,
        themes: &[&str],
    ) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            paragraphs: vec![Paragraph::new(ParagraphKind::Text, body)],
            region: Region {
                city: city.map(str::to_string),
                ..Region::default()
            },
            themes: themes
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            ..Article::default()
        }
    }

    /// Three articles: a Hangzhou skills story, a Jiaxing wages story, a province-wide one.
    pub(crate) fn corpus() -> Arc<ArticleStore> {
        Arc::new(ArticleStore::from_articles(vec![
            article(
                "a-1",
                Some("杭州市"),
                "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”",
                "近年来,西湖区总工会广泛开展形式多样的选树、表彰、教育活动,大力宣传劳模精神、劳动精神、工匠精神。",
                &["skills"],
            ),
            article(
                "a-2",
                Some("嘉兴市"),
                "技高者多得",
                "企业推行能级工资制度,能级工资与技能等级挂钩,让技高者多得。",
                &["wages", "skills"],
            ),
            article(
                "a-3",
                None,
                "全省工会",
                "省总工会部署能级工资集体协商。",
                &["wages"],
            ),
        ]))
    }

    fn scan(text: &str, filter: Filter) -> SearchResults {
        ScanEngine::new(corpus())
            .search(&SearchQuery {
                filter,
                limit: 10,
                ..SearchQuery::text(text)
            })
            .unwrap()
    }

    #[test]
    fn scan_finds_every_occurrence_with_the_shared_snippets_and_filters() {
        let results = scan("能级工资", Filter::default());
        assert_eq!(results.total, 2);
        let hit = &results.hits[0];
        assert_eq!(hit.index, 1);
        assert_eq!(hit.spans.len(), 2);
        let body = &corpus().article(1).unwrap().paragraphs[0].text;
        let first = hit.spans[0];
        assert_eq!(&body[first.start..first.end], "能级工资");
        let (hl_start, hl_end) = hit.highlights[0];
        let marked: String = hit
            .snippet
            .chars()
            .skip(hl_start)
            .take(hl_end - hl_start)
            .collect();
        assert_eq!(marked, "能级工资");
        let province = Filter {
            region: Some(RegionPick::Province),
            ..Filter::default()
        };
        let hits = scan("能级工资", province).hits;
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn scan_speaks_the_query_language() {
        assert_eq!(scan("能级工资 -技高者", Filter::default()).total, 1);
        assert_eq!(scan("技高者 OR 部署", Filter::default()).total, 2);
        assert_eq!(scan("title:工会", Filter::default()).total, 2);
        let nothing = scan("AND (", Filter::default());
        assert_eq!(nothing.total, 0);
        assert!(!nothing.notes.is_empty());
        assert!(
            scan("gonghui", Filter::default())
                .notes
                .contains(&Note::ScanOnly)
        );
        assert_eq!(scan("region:全省 工会", Filter::default()).total, 1);
    }

    #[test]
    fn related_prefers_shared_themes_and_city() {
        let engine = ScanEngine::new(corpus());
        let related: Vec<usize> = engine
            .related(1, 5)
            .unwrap()
            .iter()
            .map(|r| r.index)
            .collect();
        assert_eq!(related, vec![0, 2]);
        assert!(engine.related(9, 5).is_err());
    }

    #[test]
    fn a_scan_over_some_ranges_reads_those_articles_only_in_even_runs() {
        let store = corpus();
        let all = ScanEngine::new(Arc::clone(&store));
        assert_eq!(all.runs(2), vec![vec![0..2], vec![2..3]]);
        let some = ScanEngine::over(Arc::clone(&store), vec![0..1, 2..3]);
        assert_eq!(some.runs(1), vec![vec![0..1, 2..3]]);
        assert_eq!(some.runs(2), vec![vec![0..1], vec![2..3]]);
        assert_eq!(some.runs(8), vec![vec![0..1], vec![2..3]]);
        let none = ScanEngine::over(Arc::clone(&store), Vec::new());
        assert!(none.runs(2).iter().all(Vec::is_empty));
        // 能级工资 is in a-2 and a-3; only a-3 is read.
        let found = ScanEngine::over(Arc::clone(&store), std::iter::once(2..3).collect())
            .search(&SearchQuery::text("能级工资"))
            .unwrap();
        let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!((found.total, ids), (1, vec!["a-3"]));
        assert_eq!(all.search(&SearchQuery::text("能级工资")).unwrap().total, 2);
    }
}
