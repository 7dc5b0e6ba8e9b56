//! More like this: the article's most telling words (tf-idf over the index's own word
//! dictionary: no jieba at query time), searched in other articles' titles and bodies.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::normalize::{fold, is_cjk};
use super::query::WordDictionary;
use super::schema::{Fields, id_term};
use super::{SearchError, index_error};
use crate::article::Article;

/// How many of the article's words make up the query.
const TERMS: usize = 25;
/// A title word counts as this many body occurrences.
const TITLE_WEIGHT: f32 = 3.0;

/// An article like another one.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedHit {
    pub id: String,
    pub title: String,
    pub score: f32,
    /// The article's position in the store.
    pub index: usize,
}

/// The weighted words of `article` that also occur in other articles, heaviest first.
pub(crate) fn telling_words(
    searcher: &Searcher,
    fields: &Fields,
    article: &Article,
) -> Vec<(String, f32)> {
    let dict = WordDictionary::new(searcher, fields);
    let mut tf: HashMap<String, f32> = HashMap::new();
    let mut count = |text: &str, weight: f32| {
        for (_, word) in dict.segment(&fold(text)) {
            if word.chars().count() >= 2 && word.chars().all(is_cjk) {
                *tf.entry(word).or_insert(0.0) += weight;
            }
        }
    };
    count(&article.title, TITLE_WEIGHT);
    count(&article.body_text(), 1.0);
    let docs = searcher.num_docs() as f32;
    let mut weighted: Vec<(String, f32)> = tf
        .into_iter()
        .filter_map(|(word, tf)| {
            let df = [fields.title_words, fields.body_words]
                .iter()
                .map(|&f| {
                    searcher
                        .doc_freq(&Term::from_field_text(f, &word))
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0) as f32;
            // Only in this article: says nothing about any other.
            (df >= 2.0).then(|| {
                let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
                (word, tf * idf)
            })
        })
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    weighted.truncate(TERMS);
    weighted
}

/// The best `limit` other articles for `article`, with scores.
pub(crate) fn related(
    searcher: &Searcher,
    fields: &Fields,
    article: &Article,
    hidden: Option<Box<dyn Query>>,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let words = telling_words(searcher, fields, article);
    if words.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (word, weight) in &words {
        for (field, boost) in [(fields.title_words, 2.0), (fields.body_words, 1.0)] {
            let term = TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), weight * boost)),
            ));
        }
    }
    clauses.push((
        Occur::MustNot,
        Box::new(TermQuery::new(
            id_term(fields, &article.id),
            IndexRecordOption::Basic,
        )),
    ));
    clauses.extend(hidden.map(|hidden| (Occur::MustNot, hidden)));
    let query = BooleanQuery::new(clauses);
    searcher
        .search(&query, &TopDocs::with_limit(limit).order_by_score())
        .map_err(index_error("finding related articles"))
}
