//! The gram phrase of a text that is itself a word of the index (产业工人, 集体协商), where the
//! word vouches for the phrase.
//!
//! A gram phrase matches an article only after reading the positions of its grams in it: at 1M
//! articles, `产业工人` in bodies (产业 and 工人 at offsets 0 and 2, 270,000 articles) read
//! positions for 17 ms of a 22 ms search. But the same text is indexed twice: wherever jieba
//! cut the word 产业工人 out of a body, its grams stand at the word's position in the same body,
//! so an article whose word field holds the word holds the phrase. [`VouchedPhrase`] matches
//! exactly the articles the gram phrase matches, and reads positions only in those whose word
//! field does not hold the word (the phrase across a word boundary, which the tier below ranks
//! last anyway: `WORD_TIER` in `super::query`).
//!
//! Scores are the gram phrase's BM25 (same idf, same field lengths); the occurrences counted
//! in an article the word vouches for are the word's, which are the phrase's unless the same
//! body also holds the text across a word boundary.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Grams at offsets (one gram field) that match as a phrase, and the word (the word field of the
/// same text) whose presence proves they do.
#[derive(Debug, Clone)]
pub(crate) struct VouchedPhrase {
    grams: Vec<(u32, Term)>,
    word: Term,
}

impl VouchedPhrase {
    /// `grams` at their char offsets (two or more, all of one field); `word` the same text as
    /// one term of the word field indexed from the same text.
    pub(crate) fn new(grams: Vec<(u32, Term)>, word: Term) -> Self {
        Self { grams, word }
    }
}

impl Query for VouchedPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let terms: Vec<Term> = self.grams.iter().map(|(_, t)| t.clone()).collect();
                Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(VouchedWeight {
            query: self.clone(),
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.grams {
            visitor(term, true);
        }
    }
}

struct VouchedWeight {
    query: VouchedPhrase,
    /// `None` when scoring is disabled.
    bm25: Option<Bm25Weight>,
}

impl Weight for VouchedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some((first_offset, first)) = self.query.grams.first() else {
            return Ok(Box::new(EmptyScorer));
        };
        let inverted = reader.inverted_index(first.field())?;
        let mut grams = Vec::with_capacity(self.query.grams.len());
        for (offset, term) in &self.query.grams {
            match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(postings) => grams.push((offset - first_offset, postings)),
                None => return Ok(Box::new(EmptyScorer)),
            }
        }
        let word = reader
            .inverted_index(self.query.word.field())?
            .read_postings(&self.query.word, IndexRecordOption::WithFreqs)?;
        let fieldnorms = match reader.fieldnorms_readers().get_field(first.field())? {
            Some(fieldnorms) if self.bm25.is_some() => fieldnorms,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut scorer = VouchedScorer {
            positions: vec![Vec::new(); grams.len()],
            grams,
            word,
            fieldnorms,
            bm25: self.bm25.as_ref().map(|bm25| bm25.boost_by(boost)),
            doc: 0,
            count: 0,
        };
        scorer.settle(scorer.grams[0].1.doc());
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the phrase"
            )));
        }
        Ok(Explanation::new("vouched phrase", scorer.score()))
    }
}

struct VouchedScorer {
    /// Each gram's postings, at its offset from the first.
    grams: Vec<(u32, SegmentPostings)>,
    /// The word's postings, `None` when this segment does not hold it.
    word: Option<SegmentPostings>,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    /// Scratch: each gram's positions less its offset.
    positions: Vec<Vec<u32>>,
    /// The current match (or `TERMINATED`) and how often the phrase occurs in it.
    doc: DocId,
    count: u32,
}

impl VouchedScorer {
    /// Moves to the first match at or after `target`.
    fn settle(&mut self, mut target: DocId) {
        loop {
            let candidate = self.next_holding_all(target);
            if candidate == TERMINATED {
                self.doc = TERMINATED;
                self.count = 0;
                return;
            }
            let count = self.occurrences(candidate);
            if count > 0 {
                self.doc = candidate;
                self.count = count;
                return;
            }
            target = candidate + 1;
        }
    }

    /// The first document at or after `target` that holds every gram.
    fn next_holding_all(&mut self, mut target: DocId) -> DocId {
        'outer: loop {
            for (_, postings) in &mut self.grams {
                if postings.doc() < target {
                    postings.seek(target);
                }
                let at = postings.doc();
                if at == TERMINATED {
                    return TERMINATED;
                }
                if at > target {
                    target = at;
                    continue 'outer;
                }
            }
            return target;
        }
    }

    /// How often the phrase occurs in `doc` (which holds every gram): the word's count when the
    /// word field holds the word there, else from the grams' positions.
    fn occurrences(&mut self, doc: DocId) -> u32 {
        if let Some(word) = &mut self.word {
            if word.doc() < doc {
                word.seek(doc);
            }
            if word.doc() == doc {
                return word.term_freq();
            }
        }
        for ((offset, postings), out) in self.grams.iter_mut().zip(&mut self.positions) {
            postings.positions(out);
            out.retain(|&at| at >= *offset);
            for at in out.iter_mut() {
                *at -= *offset;
            }
        }
        let (first, rest) = self.positions.split_at(1);
        let together = first[0]
            .iter()
            .filter(|start| rest.iter().all(|other| other.binary_search(start).is_ok()))
            .count();
        u32::try_from(together).unwrap_or(u32::MAX)
    }
}

impl DocSet for VouchedScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.settle(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.settle(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.grams
            .iter()
            .map(|(_, postings)| postings.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for VouchedScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::PhraseQuery;

    use super::*;
    use crate::search::SearchIndex;
    use crate::search::engines::scan::tests::article;

    #[test]
    fn a_vouched_phrase_finds_and_scores_what_the_gram_phrase_does() {
        let bodies = [
            "产业工人队伍建设。",
            "推进产业工人队伍建设改革,产业工人是主力。",
            "房地产业工人不多。",
            "工人和产业。",
            "产业的工人。",
            "职工书屋。",
        ];
        let articles: Vec<_> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| article(&format!("a-{i}"), None, "通知", body, &[]))
            .collect();
        let index = SearchIndex::build_in_memory(&articles).unwrap();
        let searcher = index.searcher();
        let fields = index.inner.fields;
        let grams = vec![
            (0, Term::from_field_text(fields.body_grams, "产业")),
            (2, Term::from_field_text(fields.body_grams, "工人")),
        ];
        let word = Term::from_field_text(fields.body_words, "产业工人");
        // jieba cuts the word in the first two bodies only (房地产|业|工人 in the third).
        assert_eq!(searcher.doc_freq(&word).unwrap(), 2);
        let vouched = VouchedPhrase::new(grams.clone(), word);
        let phrase = PhraseQuery::new_with_offset(
            grams
                .into_iter()
                .map(|(offset, term)| (offset as usize, term))
                .collect(),
        );
        let top = |query: &dyn Query| {
            let mut found: Vec<(String, Score)> = searcher
                .search(query, &TopDocs::with_limit(10).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| {
                    let at = index.stored_article_index(&searcher, address).unwrap();
                    (articles[at].id.clone(), score)
                })
                .collect();
            found.sort_by(|a, b| a.0.cmp(&b.0));
            found
        };
        let (got, want) = (top(&vouched), top(&phrase));
        let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        // The phrase across a word boundary (房地产|业|工人) is found too, by positions.
        assert_eq!(ids, ["a-0", "a-1", "a-2"]);
        for ((id, g), (_, w)) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-5, "{id}: {g} vs {w}");
        }
        assert_eq!(
            searcher
                .search(&vouched, &tantivy::collector::Count)
                .unwrap(),
            3
        );
    }
}
