//! The tantivy index as a [`SearchEngine`]: the query language compiled by hand into tantivy
//! queries ([`super::super::query`]), filters as exact clauses inside the same query (never
//! fetched and filtered afterwards), relevance or date order, and the "never empty-handed" steps
//! (partial matches, suggestions). Opening and building the index live in [`super::super`] and
//! [`super::super::cache`].

use std::time::Instant;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
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

/// How many articles a query found, and the top ones as (score, store index, address in the
/// index: none for a listing taken from the store).
type Ranked = (usize, Vec<(f32, usize, Option<DocAddress>)>);

/// A listing of more documents than this takes its first articles from the store's heads in
/// corpus order (reached after about `limit × articles / total` heads) instead of mapping every
/// document to its article to sort them (at 1M, `region:义乌`'s 8,166 documents took 25 ms).
/// (The unit tests' archives are small: there it is 8, so their listings take the heads too.)
const LIST_MAPPED_UP_TO: usize = if cfg!(test) { 8 } else { 2_000 };

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
            saved_readings: self.inner.saved_readings.as_ref(),
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
            excluded: compiled
                .excluded
                .iter()
                .map(|q| q.box_clone())
                .chain(self.hidden())
                .collect(),
            filter: &filter,
            listing: compiled.required.is_empty(),
            sort: q.sort,
            // Never more hits than articles: a huge `limit` allocates nothing.
            limit: q.limit.min(self.len()),
            // The store's heads are this index's articles only when it holds them all.
            list_mapped_up_to: if self.inner.complete {
                LIST_MAPPED_UP_TO
            } else {
                usize::MAX
            },
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
        ranked: Vec<(f32, usize, Option<DocAddress>)>,
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

    /// Runs one tantivy query: the total and the top `limit` as (score, store index, address),
    /// the `rescore` parts added to the best [`query::RESCORE_WINDOW`] first. With no text to
    /// score, in corpus order.
    fn run(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        rescore: &[Box<dyn Query>],
        limit: usize,
    ) -> Result<Ranked, SearchError> {
        let mut ranked = Vec::new();
        if limit == 0 {
            let total = searcher
                .search(query, &Count)
                .map_err(index_error("counting hits"))?;
            return Ok((total, ranked));
        }
        let window = if rescore.is_empty() {
            limit
        } else {
            limit.max(query::RESCORE_WINDOW)
        };
        let (total, mut top) = searcher
            .search(
                query,
                &(Count, TopDocs::with_limit(window).order_by_score()),
            )
            .map_err(index_error("searching"))?;
        if !rescore.is_empty() {
            let addresses: Vec<DocAddress> = top.iter().map(|&(_, address)| address).collect();
            let scoring = EnableScoring::enabled_from_searcher(searcher);
            // Each part on its own: a union's scorer, sought from hit to hit, would fill its
            // buffer with every match of its parts in between.
            for part in rescore {
                let weight = part
                    .weight(scoring)
                    .map_err(index_error("rescoring the best hits"))?;
                for_each_match(searcher, weight.as_ref(), &addresses, |i, scorer| {
                    top[i].0 += scorer.score();
                })
                .map_err(index_error("rescoring the best hits"))?;
            }
            top.sort_by(|a, b| b.0.total_cmp(&a.0));
            top.truncate(limit);
        }
        let addresses: Vec<DocAddress> = top.iter().map(|&(_, address)| address).collect();
        let indexes = self.article_indexes(searcher, &addresses)?;
        for ((score, address), index) in top.into_iter().zip(indexes) {
            ranked.push((score, index, Some(address)));
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
            ranked.push((date.unwrap_or(0), index, Some(address)));
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
        let mut ranked: Vec<(f32, usize, Option<DocAddress>)> = indexes
            .into_iter()
            .zip(addresses)
            .map(|(index, address)| (0.0, index, Some(address)))
            .collect();
        ranked.sort_by_key(|&(_, i, _)| i);
        ranked.truncate(limit);
        Ok((total, ranked))
    }

    /// What `filter` alone lets through (no text, no exclusions), in corpus order: the total
    /// from the index; the first `limit` from the store's heads when the listing is long (see
    /// [`LIST_MAPPED_UP_TO`]), which `filter` checks as the scan engine does.
    fn list_filtered(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        filter: &RequestFilter,
        limit: usize,
        mapped_up_to: usize,
    ) -> Result<Ranked, SearchError> {
        let total = searcher
            .search(query, &Count)
            .map_err(index_error("counting articles"))?;
        if total <= mapped_up_to {
            return self.list(searcher, query, limit);
        }
        let wanted = limit.min(total);
        let ranked = self
            .inner
            .store
            .heads()
            .enumerate()
            .filter(|(_, head)| filter.matches(*head))
            .take(wanted)
            .map(|(index, _)| (0.0, index, None))
            .collect();
        Ok((total, ranked))
    }

    /// For each ranked hit: does it match only across word boundaries (no word-aligned form of
    /// any term)? Only asked when the query has word-aligned forms.
    fn loose_flags(
        searcher: &Searcher,
        compiled: &query::Compiled,
        ranked: &[(f32, usize, Option<DocAddress>)],
    ) -> Result<Vec<bool>, SearchError> {
        if compiled.aligned.is_empty() {
            return Ok(vec![false; ranked.len()]);
        }
        let aligned = query::any_of(compiled.aligned.iter().map(|q| q.box_clone()).collect());
        let weight = aligned
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(index_error("checking word boundaries"))?;
        // A hit without an address comes from a listing, which has no text to be loose about.
        let (at, addresses): (Vec<usize>, Vec<DocAddress>) = ranked
            .iter()
            .enumerate()
            .filter_map(|(i, &(_, _, address))| Some((i, address?)))
            .unzip();
        let mut loose = vec![false; ranked.len()];
        for &i in &at {
            loose[i] = true;
        }
        for_each_match(searcher, weight.as_ref(), &addresses, |i, _| {
            loose[at[i]] = false;
        })
        .map_err(index_error("checking word boundaries"))?;
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
        let found = related::related(
            &searcher,
            &self.inner.fields,
            &article,
            self.hidden(),
            limit,
        )?;
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

/// Calls `found(i, scorer)` for each of `addresses` that `weight` matches, the scorer on that
/// document: one scorer per segment, moved forward through that segment's addresses in doc
/// order.
fn for_each_match(
    searcher: &Searcher,
    weight: &dyn Weight,
    addresses: &[DocAddress],
    mut found: impl FnMut(usize, &mut dyn Scorer),
) -> tantivy::Result<()> {
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    order.sort_by_key(|&i| (addresses[i].segment_ord, addresses[i].doc_id));
    let mut current: Option<(u32, Box<dyn Scorer>)> = None;
    for i in order {
        let address = addresses[i];
        let scorer = match &mut current {
            Some((ord, scorer)) if *ord == address.segment_ord => scorer,
            _ => {
                let segment = searcher.segment_reader(address.segment_ord);
                &mut current
                    .insert((address.segment_ord, weight.scorer(segment, 1.0)?))
                    .1
            }
        };
        // A scorer starts on its first document and only moves forward.
        let at = if scorer.doc() < address.doc_id {
            scorer.seek(address.doc_id)
        } else {
            scorer.doc()
        };
        if at == address.doc_id {
            found(i, scorer.as_mut());
        }
    }
    Ok(())
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
    /// [`LIST_MAPPED_UP_TO`] (the tests take both ways with smaller and larger values).
    list_mapped_up_to: usize,
}

impl Runner<'_> {
    /// Runs the text query `text` (everything when `None`) with the search's exclusions and
    /// filter, in its order.
    fn run(
        &self,
        text: Option<Box<dyn Query>>,
        rescore: &[Box<dyn Query>],
    ) -> Result<Ranked, SearchError> {
        let excluded = self.excluded.iter().map(|q| q.box_clone()).collect();
        let fields = &self.index.inner.fields;
        let full = query::full_query(text, excluded, self.filter.clauses(fields));
        let (searcher, limit) = (self.searcher, self.limit);
        match (self.listing, self.sort) {
            (_, Sort::Date) => self.index.by_date(searcher, full.as_ref(), limit),
            (true, Sort::Relevance) if self.excluded.is_empty() => self.index.list_filtered(
                searcher,
                full.as_ref(),
                self.filter,
                limit,
                self.list_mapped_up_to,
            ),
            (true, Sort::Relevance) => self.index.list(searcher, full.as_ref(), limit),
            (false, Sort::Relevance) => self.index.run(searcher, full.as_ref(), rescore, limit),
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
        let found = self.run(compiled.all_required(), &compiled.rescore)?;
        if found.0 > 0 || compiled.required.is_empty() {
            return Ok((found, compiled));
        }
        let words = compiler.compile(&compiler.by_words(parsed));
        let n = words.required.len();
        for k in (1..n).rev() {
            let relaxed = self.run(Some(words.at_least(k)), &words.rescore)?;
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
            let hidden = self.index.hidden().into_iter().collect();
            let full = query::full_query(Some(query), hidden, self.filter.clauses(fields));
            self.searcher
                .search(full.as_ref(), &Count)
                .map_err(index_error("counting suggestions"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::engines::scan::tests::article;

    /// Sixty articles over two cities and the province, with themes and dates in turn.
    fn index() -> SearchIndex {
        let cities = [Some("杭州市"), Some("嘉兴市"), None];
        let themes: [&[&str]; 3] = [&["skills"], &["wages", "skills"], &[]];
        let articles: Vec<Article> = (0..60)
            .map(|i| {
                let mut a = article(
                    &format!("a-{i:02}"),
                    cities[i % 3],
                    &format!("第{i}篇"),
                    "职工技能培训。",
                    themes[i % 3],
                );
                a.date = Some(format!("2023-0{}-1{}", 1 + i % 5, i % 7));
                a
            })
            .collect();
        SearchIndex::build_in_memory(&articles).unwrap()
    }

    /// The listing for `text` (filters only) as (total, store indexes), its first `limit`
    /// taken either way.
    fn listing(index: &SearchIndex, text: &str, mapped_up_to: usize) -> (usize, Vec<usize>) {
        let searcher = index.searcher();
        let q = SearchQuery {
            limit: 7,
            ..SearchQuery::text(text)
        };
        let parsed = syntax::parse(&q.text);
        let filter = request_filter(&q, &parsed, &mut Vec::new());
        let runner = Runner {
            index,
            searcher: &searcher,
            excluded: Vec::new(),
            filter: &filter,
            listing: true,
            sort: Sort::Relevance,
            limit: q.limit,
            list_mapped_up_to: mapped_up_to,
        };
        let (total, ranked) = runner.run(None, &[]).unwrap();
        (
            total,
            ranked.into_iter().map(|(_, index, _)| index).collect(),
        )
    }

    #[test]
    fn a_long_listing_from_the_heads_equals_the_mapped_one() {
        let index = index();
        for text in [
            "region:杭州",
            "region:浙江省",
            "theme:wages",
            "region:嘉兴 theme:skills",
            "date:2023-02",
            "date:2023-02..2023-04 region:杭州",
            "region:宁波",
        ] {
            let mapped = listing(&index, text, usize::MAX);
            let from_heads = listing(&index, text, 0);
            assert_eq!(from_heads, mapped, "{text}");
            let (total, first) = mapped;
            assert_eq!(first.len(), total.min(7), "{text}");
            assert!(
                first.windows(2).all(|w| w[0] < w[1]),
                "{text}: corpus order"
            );
        }
        assert_eq!(listing(&index, "region:杭州", 0).0, 20);
    }

    #[test]
    fn rescoring_gives_the_best_hits_the_scores_of_the_whole_query() {
        let bodies = [
            "新就业形态劳动者权益保障。",
            "关心新就业形态劳动者,新就业形态群体。",
            "重新就业形态各异。",
            "就业形态多样。",
            "新的就业。",
        ];
        let articles: Vec<Article> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| article(&format!("a-{i}"), None, "新就业形态", body, &[]))
            .collect();
        let index = SearchIndex::build_in_memory(&articles).unwrap();
        let found = index.search(&SearchQuery::text("新就业形态")).unwrap();
        // The whole query: what must match, and the rescoring parts as optional clauses.
        let searcher = index.searcher();
        let dict = WordDictionary::new(&searcher, &index.inner.fields);
        let compiled = index
            .compiler(&searcher, &dict)
            .compile(&syntax::parse("新就业形态"));
        assert!(!compiled.rescore.is_empty(), "the phrase of words rescores");
        let mut clauses = vec![(
            tantivy::query::Occur::Must,
            compiled.all_required().unwrap(),
        )];
        for part in &compiled.rescore {
            clauses.push((tantivy::query::Occur::Should, part.box_clone()));
        }
        let whole = tantivy::query::BooleanQuery::new(clauses);
        let (total, ranked) = index.run(&searcher, &whole, &[], 20).unwrap();
        assert_eq!(found.total, total);
        assert!(total >= 3, "{total}");
        let want: Vec<(String, f32)> = ranked
            .iter()
            .map(|&(score, at, _)| (articles[at].id.clone(), score))
            .collect();
        let got: Vec<(String, f32)> = found.hits.iter().map(|h| (h.id.clone(), h.score)).collect();
        assert_eq!(got.len(), want.len());
        for ((gi, gs), (wi, ws)) in got.iter().zip(&want) {
            assert_eq!(gi, wi);
            assert!((gs - ws).abs() < 1e-4, "{gi}: {gs} vs {ws}");
        }
    }
}
