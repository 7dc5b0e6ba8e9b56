//! The tantivy index as a [`SearchEngine`]: the query language compiled by hand into tantivy
//! queries ([`super::super::query`]), filters as exact clauses inside the same query (never
//! fetched and filtered afterwards), relevance or date order, and the "never empty-handed" steps
//! (partial matches, suggestions). Opening and building the index live in [`super::super`] and
//! [`super::super::cache`].

use std::time::Instant;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, Order, Searcher};

use super::SearchEngine;
use crate::article::{Article, ParagraphSpan};
use crate::corpus::StoreError;
use crate::search::query::{self, Compiler, WordDictionary};
use crate::search::request::RequestFilter;
use crate::search::request_filter;
use crate::search::schema::DATE_START;
use crate::search::snippet::Highlighter;
use crate::search::syntax::{self, Note, ParsedQuery};
use crate::search::{
    Hit, RelatedHit, SearchError, SearchIndex, SearchQuery, SearchResults, Sort, index_error,
    related, suggest,
};

/// How many articles a query found, and the top ones as (score, store index, address).
type Ranked = (usize, Vec<(f32, usize, DocAddress)>);

impl SearchIndex {
    /// The query compiler over `searcher` and its word dictionary `dict`.
    fn compiler<'a>(
        &'a self,
        searcher: &'a Searcher,
        dict: &'a WordDictionary<'a>,
    ) -> Compiler<'a> {
        Compiler {
            fields: &self.inner.fields,
            dict,
            searcher,
            readings: &self.inner.readings,
        }
    }

    /// Builds the pinyin reading map now (it is otherwise built by the first Latin query):
    /// the browser calls this once the index is open. Returns how many readings it holds.
    pub fn warm_pinyin(&self) -> usize {
        let searcher = self.searcher();
        let dict = WordDictionary::new(&searcher, &self.inner.fields);
        self.compiler(&searcher, &dict).reading_map().len()
    }

    /// Runs a search. Never fails on odd query text: what cannot be understood is dropped
    /// and said in [`SearchResults::notes`]; operators alone find nothing (never everything).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let searcher = self.searcher();
        let dict = WordDictionary::new(&searcher, &self.inner.fields);
        let compiler = self.compiler(&searcher, &dict);
        let parsed = syntax::parse(&q.text);
        let mut notes = parsed.notes.clone();
        let compiled = compiler.compile(&parsed);
        let filter = request_filter(q, &parsed, &mut notes);
        // Text that held only operators or punctuation, or only exclusions with nothing to
        // narrow: no query (never everything).
        if compiled.required.is_empty() && parsed.had_text && filter.is_empty()
            || filter.is_impossible()
        {
            return Ok(SearchResults {
                total: 0,
                took: started.elapsed(),
                hits: Vec::new(),
                notes,
            });
        }
        let runner = Runner {
            index: self,
            searcher: &searcher,
            excluded: compiled.excluded.iter().map(|q| q.box_clone()).collect(),
            filter: &filter,
            listing: compiled.required.is_empty(),
            sort: q.sort,
            // Never more hits than articles: a huge `limit` allocates nothing.
            limit: q.limit.min(self.len()),
        };
        let ((total, ranked), compiled) =
            runner.run_relaxing(&compiler, &parsed, compiled, &mut notes)?;
        if total == 0 && !compiled.required.is_empty() && compiled.excluded.is_empty() {
            let queries = suggest::suggestions(&compiler, &parsed, |text| {
                runner.count_text(&compiler, text)
            })?;
            if !queries.is_empty() {
                notes.push(Note::Suggest { queries });
            }
        }
        if !compiled.pinyin.is_empty() && total > 0 {
            notes.push(Note::Pinyin {
                terms: compiled.pinyin.clone(),
            });
        }
        let hits = self.hits(&searcher, &compiled, ranked)?;
        let loose_hits = hits.iter().filter(|h| h.loose).count();
        if loose_hits > 0 {
            notes.push(Note::Loose { hits: loose_hits });
        }
        Ok(SearchResults {
            total,
            took: started.elapsed(),
            hits,
            notes,
        })
    }

    /// The hits shown for `ranked`: text, snippet and highlights, and whether each is loose.
    fn hits(
        &self,
        searcher: &Searcher,
        compiled: &query::Compiled,
        ranked: Vec<(f32, usize, DocAddress)>,
    ) -> Result<Vec<Hit>, SearchError> {
        let highlighter = Highlighter::new(&compiled.needles);
        let loose = Self::loose_flags(searcher, compiled, &ranked)?;
        let mut hits: Vec<Hit> = Vec::with_capacity(ranked.len());
        for ((score, index, _), loose) in ranked.into_iter().zip(loose) {
            let mut hit = self.hit(index, score, &highlighter)?;
            hit.loose = loose;
            hits.push(hit);
        }
        Ok(hits)
    }

    /// Runs one tantivy query: the total and the top `limit` as (score, store index, address).
    /// With no text to score, in corpus order.
    fn run(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Ranked, SearchError> {
        let mut ranked = Vec::new();
        if limit == 0 {
            let total = searcher
                .search(query, &Count)
                .map_err(index_error("counting hits"))?;
            return Ok((total, ranked));
        }
        let (total, top) = searcher
            .search(query, &(Count, TopDocs::with_limit(limit).order_by_score()))
            .map_err(index_error("searching"))?;
        let addresses: Vec<DocAddress> = top.iter().map(|&(_, address)| address).collect();
        let indexes = self.article_indexes(searcher, &addresses)?;
        for ((score, address), index) in top.into_iter().zip(indexes) {
            ranked.push((score, index, address));
        }
        // Equal scores in corpus order, so results are the same on every run.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok((total, ranked))
    }

    /// The newest `limit` of what `query` lets through (undated last), with the total.
    fn by_date(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Ranked, SearchError> {
        let (total, top) = searcher
            .search(
                query,
                &(
                    Count,
                    TopDocs::with_limit(limit.max(1))
                        .order_by_fast_field::<u64>(DATE_START, Order::Desc),
                ),
            )
            .map_err(index_error("searching by date"))?;
        let top: Vec<(Option<u64>, DocAddress)> = top.into_iter().take(limit).collect();
        let addresses: Vec<DocAddress> = top.iter().map(|&(_, address)| address).collect();
        let indexes = self.article_indexes(searcher, &addresses)?;
        let mut ranked = Vec::with_capacity(top.len());
        for ((date, address), index) in top.into_iter().zip(indexes) {
            ranked.push((date.unwrap_or(0), index, address));
        }
        // Same day: corpus order, so results are the same on every run.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok((
            total,
            ranked.into_iter().map(|(_, i, a)| (0.0, i, a)).collect(),
        ))
    }

    /// Everything `query` lets through, in corpus order (no text to rank by).
    fn list(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Ranked, SearchError> {
        let found = searcher
            .search(query, &DocSetCollector)
            .map_err(index_error("listing articles"))?;
        let total = found.len();
        let addresses: Vec<DocAddress> = found.into_iter().collect();
        let indexes = self.article_indexes(searcher, &addresses)?;
        let mut ranked: Vec<(f32, usize, DocAddress)> = indexes
            .into_iter()
            .zip(addresses)
            .map(|(index, address)| (0.0, index, address))
            .collect();
        ranked.sort_by_key(|&(_, i, _)| i);
        ranked.truncate(limit);
        Ok((total, ranked))
    }

    /// For each ranked hit: does it match only across word boundaries (no word-aligned form of
    /// any term)? Only asked when the query has word-aligned forms.
    fn loose_flags(
        searcher: &Searcher,
        compiled: &query::Compiled,
        ranked: &[(f32, usize, DocAddress)],
    ) -> Result<Vec<bool>, SearchError> {
        if compiled.aligned.is_empty() {
            return Ok(vec![false; ranked.len()]);
        }
        let aligned = query::any_of(compiled.aligned.iter().map(|q| q.box_clone()).collect());
        let weight = aligned
            .weight(tantivy::query::EnableScoring::disabled_from_searcher(
                searcher,
            ))
            .map_err(index_error("checking word boundaries"))?;
        // One scorer per segment, moved forward through that segment's hits in doc order.
        let mut order: Vec<usize> = (0..ranked.len()).collect();
        order.sort_by_key(|&i| (ranked[i].2.segment_ord, ranked[i].2.doc_id));
        let mut loose = vec![false; ranked.len()];
        let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
        for i in order {
            let address = ranked[i].2;
            if current
                .as_ref()
                .is_none_or(|(ord, _)| *ord != address.segment_ord)
            {
                let segment = searcher.segment_reader(address.segment_ord);
                let scorer = weight
                    .scorer(segment, 1.0)
                    .map_err(index_error("checking word boundaries"))?;
                current = Some((address.segment_ord, scorer));
            }
            if let Some((_, scorer)) = current.as_mut() {
                // A scorer starts on its first document and only moves forward.
                let at = if scorer.doc() < address.doc_id {
                    scorer.seek(address.doc_id)
                } else {
                    scorer.doc()
                };
                loose[i] = at != address.doc_id;
            }
        }
        Ok(loose)
    }

    /// Every match of `q`'s text in `article`'s body (filters do not matter here), in reading
    /// order: what the reader steps through with n/N.
    pub fn article_spans(&self, q: &SearchQuery, article: &Article) -> Vec<ParagraphSpan> {
        let searcher = self.searcher();
        let dict = WordDictionary::new(&searcher, &self.inner.fields);
        let compiled = self
            .compiler(&searcher, &dict)
            .compile(&syntax::parse(&q.text));
        Highlighter::new(&compiled.needles).matches(article).spans()
    }

    /// The articles most like article `id` (itself excluded), best first.
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<RelatedHit>, SearchError> {
        let article = self.article(id)?;
        let searcher = self.searcher();
        let limit = limit.min(self.len());
        let found = related::related(&searcher, &self.inner.fields, &article, limit)?;
        let addresses: Vec<DocAddress> = found.iter().map(|&(_, address)| address).collect();
        let indexes = self.article_indexes(&searcher, &addresses)?;
        let mut hits = Vec::with_capacity(found.len());
        for ((score, _), index) in found.into_iter().zip(indexes) {
            let other = self.inner.store.head(index).ok_or(StoreError::OutOfRange {
                index,
                len: self.len(),
            })?;
            hits.push(RelatedHit {
                id: other.id().to_string(),
                title: other.title().to_string(),
                score,
                index,
            });
        }
        Ok(hits)
    }
}

impl SearchEngine for SearchIndex {
    fn search(&self, request: &SearchQuery) -> Result<SearchResults, SearchError> {
        SearchIndex::search(self, request)
    }

    fn related(&self, index: usize, limit: usize) -> Result<Vec<RelatedHit>, SearchError> {
        let head = self.inner.store.head(index).ok_or(StoreError::OutOfRange {
            index,
            len: self.len(),
        })?;
        SearchIndex::related(self, head.id(), limit)
    }

    fn article_spans(&self, request: &SearchQuery, article: &Article) -> Vec<ParagraphSpan> {
        SearchIndex::article_spans(self, request, article)
    }
}

/// What stays the same for every tantivy query of one search: the exclusions, the filter, the
/// order and the limit. The text part changes as the search relaxes.
struct Runner<'a> {
    index: &'a SearchIndex,
    searcher: &'a Searcher,
    excluded: Vec<Box<dyn Query>>,
    filter: &'a RequestFilter,
    /// No text to rank by: list in corpus order.
    listing: bool,
    sort: Sort,
    limit: usize,
}

impl Runner<'_> {
    /// Runs the text query `text` (everything when `None`) with the search's exclusions and
    /// filter, in its order.
    fn run(&self, text: Option<Box<dyn Query>>) -> Result<Ranked, SearchError> {
        let excluded = self.excluded.iter().map(|q| q.box_clone()).collect();
        let fields = &self.index.inner.fields;
        let full = query::full_query(text, excluded, self.filter.clauses(fields));
        let (searcher, limit) = (self.searcher, self.limit);
        match (self.listing, self.sort) {
            (_, Sort::Date) => self.index.by_date(searcher, full.as_ref(), limit),
            (true, Sort::Relevance) => self.index.list(searcher, full.as_ref(), limit),
            (false, Sort::Relevance) => self.index.run(searcher, full.as_ref(), limit),
        }
    }

    /// Runs `compiled`; never empty-handed: when no article holds every word, those holding
    /// the most (said in a [`Note::Partial`]). Returns what was found and the query that found
    /// it.
    fn run_relaxing(
        &self,
        compiler: &Compiler,
        parsed: &ParsedQuery,
        compiled: query::Compiled,
        notes: &mut Vec<Note>,
    ) -> Result<(Ranked, query::Compiled), SearchError> {
        let found = self.run(compiled.all_required())?;
        if found.0 > 0 || compiled.required.is_empty() {
            return Ok((found, compiled));
        }
        let words = compiler.compile(&compiler.by_words(parsed));
        let n = words.required.len();
        for k in (1..n).rev() {
            let relaxed = self.run(Some(words.at_least(k)))?;
            if relaxed.0 > 0 {
                notes.push(Note::Partial { matched: k, of: n });
                return Ok((relaxed, words));
            }
        }
        Ok((found, compiled))
    }

    /// How many articles the query text `text` finds under the search's filter (not its
    /// exclusions): whether a suggestion is worth offering.
    fn count_text(&self, compiler: &Compiler, text: &str) -> Result<usize, SearchError> {
        let compiled = compiler.compile(&syntax::parse(text));
        compiled.all_required().map_or(Ok(0), |query| {
            let fields = &self.index.inner.fields;
            let full = query::full_query(Some(query), Vec::new(), self.filter.clauses(fields));
            self.searcher
                .search(full.as_ref(), &Count)
                .map_err(index_error("counting suggestions"))
        })
    }
}
