//! A flat union of weighted terms: what a query compiles to wherever it asks for "any of these
//! terms, each with its weight" (one term on five fields, a pinyin reading's dozen chars on
//! each field).
//!
//! tantivy scores a union of unions one level at a time: each nested `BooleanQuery` merges its
//! own posting lists, and the level above merges their results again. A one-letter pinyin query
//! (`g`: a dozen chars × five fields, and the letter) built that way spent 37 ms on an archive
//! of 1M articles; the same terms in one union, 15 ms. [`TermUnion`] keeps them flat as they
//! are combined: [`boosted`] scales its weights and [`any_of`] merges the unions among its
//! alternatives into one (a term met twice has its weights added). Both are exact: a union
//! scores the sum of its matching clauses, and a boost multiplies a term's BM25 score, so the
//! flat union gives every article the score the nested one gave.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, Occur, Query, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;

/// Terms, any of which matches; an article scores the sum of its terms' BM25 scores, each
/// times its weight.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermUnion {
    terms: Vec<(Term, f32)>,
}

impl TermUnion {
    /// One term, weight 1.
    pub(crate) fn one(term: Term) -> Self {
        Self {
            terms: vec![(term, 1.0)],
        }
    }

    /// Adds `term` with `weight`, or `weight` to the term's weight if it is already here.
    fn add(&mut self, term: Term, weight: f32) {
        match self.terms.iter_mut().find(|(t, _)| *t == term) {
            Some((_, w)) => *w += weight,
            None => self.terms.push((term, weight)),
        }
    }

    /// The tantivy query this union stands for.
    fn query(&self) -> Box<dyn Query> {
        let term_query = |(term, weight): &(Term, f32)| -> Box<dyn Query> {
            let query = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            if (weight - 1.0).abs() < f32::EPSILON {
                query
            } else {
                Box::new(BoostQuery::new(query, *weight))
            }
        };
        match self.terms.as_slice() {
            [] => Box::new(EmptyQuery),
            [only] => term_query(only),
            many => Box::new(BooleanQuery::new(
                many.iter()
                    .map(|t| (Occur::Should, term_query(t)))
                    .collect(),
            )),
        }
    }
}

impl Query for TermUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.query().weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.terms {
            visitor(term, false);
        }
    }
}

/// `query` weighing `boost` times as much; a [`TermUnion`] stays one, its weights scaled.
pub(crate) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        return query;
    }
    match query.downcast::<TermUnion>() {
        Ok(mut union) => {
            for (_, weight) in &mut union.terms {
                *weight *= boost;
            }
            union
        }
        Err(query) => Box::new(BoostQuery::new(query, boost)),
    }
}

/// Any of `queries`, scored as the sum of those that match; the [`TermUnion`]s among them are
/// merged into one.
pub(crate) fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut merged: Option<TermUnion> = None;
    let mut others: Vec<Box<dyn Query>> = Vec::new();
    for query in queries {
        match query.downcast::<TermUnion>() {
            Ok(union) => {
                let into = merged.get_or_insert_with(TermUnion::default);
                for (term, weight) in union.terms {
                    into.add(term, weight);
                }
            }
            Err(query) => others.push(query),
        }
    }
    if let Some(union) = merged {
        others.insert(0, Box::new(union));
    }
    match others.len() {
        0 => Box::new(EmptyQuery),
        1 => others.pop().unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(
            others.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// An index of a few documents over one text field (tantivy's default tokenizer).
    fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let a = schema.add_text_field("a", TEXT);
        let b = schema.add_text_field("b", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (x, y) in [
            ("red red blue", "green"),
            ("blue", "red green green"),
            ("green", "blue"),
            ("yellow", "yellow"),
            ("red", "red red red"),
        ] {
            let mut document = TantivyDocument::default();
            document.add_text(a, x);
            document.add_text(b, y);
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        (index, a, b)
    }

    fn scores(index: &Index, query: &dyn Query) -> Vec<(u32, f32)> {
        let searcher = index.reader().unwrap().searcher();
        let mut top: Vec<(u32, f32)> = searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect();
        top.sort_by_key(|&(doc, _)| doc);
        top
    }

    fn nested(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    }

    fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn union(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
        Box::new(TermUnion::one(Term::from_field_text(field, text)))
    }

    #[test]
    fn a_flat_union_scores_every_document_as_the_nested_one() {
        let (index, a, b) = index();
        // (red in a or b, ×2) or (blue in a or b, ×0.5) or red in a again: red in a is met
        // twice, and its weights add up.
        let flat = any_of(vec![
            boosted(any_of(vec![union(a, "red"), union(b, "red")]), 2.0),
            boosted(any_of(vec![union(a, "blue"), union(b, "blue")]), 0.5),
            union(a, "red"),
        ]);
        let flat_union = flat
            .downcast_ref::<TermUnion>()
            .expect("merged into one union");
        assert_eq!(flat_union.terms.len(), 4, "red in a is one term");
        let nested = nested(vec![
            Box::new(BoostQuery::new(
                nested(vec![term(a, "red"), term(b, "red")]),
                2.0,
            )),
            Box::new(BoostQuery::new(
                nested(vec![term(a, "blue"), term(b, "blue")]),
                0.5,
            )),
            term(a, "red"),
        ]);
        let (got, want) = (
            scores(&index, flat.as_ref()),
            scores(&index, nested.as_ref()),
        );
        assert_eq!(got.len(), 4, "every document with red or blue: {got:?}");
        assert_eq!(
            got.iter().map(|&(doc, _)| doc).collect::<Vec<_>>(),
            want.iter().map(|&(doc, _)| doc).collect::<Vec<_>>()
        );
        for ((doc, g), (_, w)) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-4, "document {doc}: {g} vs {w}");
        }
    }

    #[test]
    fn other_queries_stay_beside_the_merged_union() {
        let (index, a, b) = index();
        let phrase: Box<dyn Query> = Box::new(tantivy::query::PhraseQuery::new(vec![
            Term::from_field_text(b, "red"),
            Term::from_field_text(b, "green"),
        ]));
        let query = any_of(vec![union(a, "yellow"), phrase, union(b, "yellow")]);
        assert!(query.downcast_ref::<TermUnion>().is_none());
        let found: Vec<u32> = scores(&index, query.as_ref())
            .into_iter()
            .map(|(doc, _)| doc)
            .collect();
        assert_eq!(found, vec![1, 3]);
        // Nothing to match: nothing found, and a boost of nothing is still nothing.
        let empty = boosted(any_of(Vec::new()), 3.0);
        assert!(scores(&index, empty.as_ref()).is_empty());
    }
}
