//! From a parsed query ([`super::syntax`]) to a tantivy query, built by hand (no `QueryParser`,
//! no jieba). A term matches as a bigram phrase (exact text), as a phrase of words, or (unquoted,
//! several words) as its words anywhere in the article. Words come from greedy longest matching
//! against the index's own word dictionary, so the query side needs no dictionary load and its
//! answer never depends on timing. A hit where the term lines up with word boundaries gets a
//! fixed bonus (`WORD_TIER`), so 工资 ranks 职工资助 (职工|资助) after every real 工资.
//!
//! Latin-letter terms are also read as pinyin by query-side expansion (see `super::readings`):
//! the syllables (the last may be unfinished, as while typing) or initials become the Han terms
//! the index holds with that reading, searched exactly as if typed in Chinese. Adjacent Latin
//! words are read together too (`yi wu` → 义乌).

use std::sync::OnceLock;

use tantivy::postings::Postings;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Explanation, Occur,
    PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

use super::analyzer::gram_tokens;
use super::normalize::is_cjk;
use super::pinyin::{
    is_initials, pinyin_chunks, prefix_ids, prefix_splits, split_syllables, syllable_id,
};
use super::readings::{Found, ReadingMap, chains};
use super::schema::Fields;
use super::syntax::{Expr, Item, ParsedQuery, Scope, Term as QueryTerm};
pub(crate) use super::terms::any_of;
use super::terms::{TermUnion, boosted};
use super::vouched::VouchedPhrase;

/// Longest word (in chars) looked up when cutting a query into words.
const LONGEST_WORD: usize = 8;
/// How many syllable readings of a Latin query are tried (`xian`: xian, xi an, xia n…).
const MAX_SPLITS: usize = 4;

/// Field weights: a match in the title counts most.
const TITLE: f32 = 4.0;
const HEAD: f32 = 3.5;
const BODY: f32 = 1.0;
const PEOPLE: f32 = 3.0;
const PLACE: f32 = 2.0;
/// A phrase of whole words on top of the same text as bigrams: aligned with word boundaries.
const WORD_PHRASE: f32 = 0.5;
/// The words of an unquoted part found apart, not as the typed phrase.
const LOOSE: f32 = 0.3;
/// How many of the best hits the [`Compiled::rescore`] parts are added to before the shown ones
/// are taken (at least as many as are shown). Only an article outside the window whose score the
/// rescoring parts would lift above the shown ones is ranked differently than by the whole
/// query; the word phrase weighs half the gram phrase it comes with (`WORD_PHRASE`).
pub(crate) const RESCORE_WINDOW: usize = 100;
/// Added to the score of an article where a term lines up with word boundaries: far above what
/// BM25 gives, so hits that only match across a word boundary come after all the others.
pub(crate) const WORD_TIER: f32 = 100.0;
/// Pinyin readings weigh less than the same Han text typed: a reading is a guess.
const PINYIN_FULL: f32 = 0.9;
const PINYIN_PREFIX: f32 = 0.6;
const PINYIN_INITIALS: f32 = 0.5;
/// How many Han terms one pinyin reading may become: one syllable (a char), two (a pair), more.
const PINYIN_CHARS: usize = 12;
const PINYIN_PAIRS: usize = 24;
const PINYIN_CHAINS: usize = 10;
/// Han terms initials may stand for, at most (initials are loose: fewer).
const PINYIN_INITIALS_TERMS: usize = 12;
/// Longer chains checked for occurring somewhere, at most (most likely first).
const PINYIN_CHECKED: usize = 60;
/// Articles holding all of a chain's grams that are looked at for the chain as a whole, at most.
const OCCURS_LOOKED_AT: usize = 20_000;

/// Answers "is this a word?" from the index's term dictionaries.
pub(crate) struct WordDictionary<'a> {
    searcher: &'a Searcher,
    fields: [Field; 3],
}

impl<'a> WordDictionary<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> Self {
        Self {
            searcher,
            fields: fields.word_fields(),
        }
    }

    /// Documents containing `word` as a word, summed over the word fields.
    pub(crate) fn doc_freq(&self, word: &str) -> u64 {
        self.fields
            .iter()
            .map(|&f| {
                self.searcher
                    .doc_freq(&Term::from_field_text(f, word))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// Latin words of the index within `max_edits` of `word` (same first letter), most
    /// documents first.
    pub(crate) fn nearest_latin(&self, word: &str, max_edits: usize) -> Vec<String> {
        let Some(first) = word.chars().next().filter(char::is_ascii_lowercase) else {
            return Vec::new();
        };
        let mut found: Vec<(u32, String)> = Vec::new();
        let from = first.to_string();
        let to = char::from(first as u8 + 1).to_string();
        for segment in self.searcher.segment_readers() {
            for &field in &self.fields {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted
                    .terms()
                    .range()
                    .ge(from.as_bytes())
                    .lt(to.as_bytes())
                    .into_stream()
                else {
                    continue;
                };
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if term != word && edit_distance(term, word) <= max_edits {
                        let docs = stream.value().doc_freq;
                        match found.iter_mut().find(|(_, t)| t == term) {
                            Some((d, _)) => *d += docs,
                            None => found.push((docs, term.to_string())),
                        }
                    }
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.into_iter().take(3).map(|(_, t)| t).collect()
    }

    /// Greedy longest match over each Han run of `text` (folded): words of two or more chars
    /// that the index knows, single chars otherwise; Latin/digit runs whole. Each with its
    /// char offset in `text`.
    pub fn segment(&self, text: &str) -> Vec<(usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if is_cjk(chars[i]) {
                let mut run_end = i;
                while run_end < chars.len() && is_cjk(chars[run_end]) {
                    run_end += 1;
                }
                let mut len = (run_end - i).min(LONGEST_WORD);
                while len > 1 {
                    let candidate: String = chars[i..i + len].iter().collect();
                    if self.doc_freq(&candidate) > 0 {
                        break;
                    }
                    len -= 1;
                }
                words.push((i, chars[i..i + len].iter().collect()));
                i += len;
            } else if chars[i].is_alphanumeric() {
                let start = i;
                while i < chars.len() && chars[i].is_alphanumeric() && !is_cjk(chars[i]) {
                    i += 1;
                }
                words.push((start, chars[start..i].iter().collect()));
            } else {
                i += 1;
            }
        }
        words
    }
}

/// Levenshtein distance between two short words (chars).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The terms of a phrase as grams: bigrams for Han runs (a lone Han char as a unigram), Latin
/// runs whole, each at its char offset.
pub(crate) fn phrase_grams(text: &str) -> Vec<(usize, String)> {
    let tokens = gram_tokens(text);
    let chars: Vec<char> = text.chars().collect();
    let han_at = |pos: Option<usize>| pos.and_then(|p| chars.get(p)).is_some_and(|&c| is_cjk(c));
    let lone = |pos: usize| !han_at(pos.checked_sub(1)) && !han_at(Some(pos + 1));
    tokens
        .into_iter()
        .filter(|t| {
            let n = t.text.chars().count();
            let first = t.text.chars().next().unwrap_or(' ');
            !is_cjk(first) || n == 2 || lone(t.position)
        })
        .map(|t| (t.position, t.text))
        .collect()
}

/// The grams of `grams` (from [`phrase_grams`]) a phrase query needs: in each run of Han bigrams
/// at consecutive positions, those at even distance from the run's start and its last. Every
/// char is still fixed (bigrams at p and p + 2 fix chars p..p + 3), so the phrase matches the
/// same places, while reading the positions of about half the terms: `新就业形态` is 新就 业形 形态,
/// not 新就 就业 业形 形态.
pub(crate) fn covering_grams(grams: &[(usize, String)]) -> Vec<(usize, String)> {
    let is_bigram = |text: &str| text.chars().count() == 2 && text.chars().all(is_cjk);
    let mut kept = Vec::with_capacity(grams.len());
    let mut run_start = 0;
    for (i, (position, text)) in grams.iter().enumerate() {
        if !is_bigram(text) {
            kept.push((*position, text.clone()));
            continue;
        }
        let continues = i > 0 && is_bigram(&grams[i - 1].1) && grams[i - 1].0 + 1 == *position;
        if !continues {
            run_start = *position;
        }
        let run_goes_on = grams
            .get(i + 1)
            .is_some_and(|(next, text)| *next == position + 1 && is_bigram(text));
        if (position - run_start) % 2 == 0 || !run_goes_on {
            kept.push((*position, text.clone()));
        }
    }
    kept
}

/// The gram phrase of `kept` on `field` as a [`VouchedPhrase`]: the word `text` of the word
/// field `words` vouches for it.
fn vouched_on(field: Field, words: Field, kept: &[(usize, String)], text: &str) -> Box<dyn Query> {
    let base = kept[0].0;
    let grams = kept
        .iter()
        .map(|(position, gram)| {
            let offset = u32::try_from(position - base).unwrap_or(u32::MAX);
            (offset, Term::from_field_text(field, gram))
        })
        .collect();
    Box::new(VouchedPhrase::new(
        grams,
        Term::from_field_text(words, text),
    ))
}

/// tantivy's BM25 idf (`query::bm25`): a phrase is weighted by the sum of its terms' idf.
fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    let x = (doc_count.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// A phrase (or a single term) on one field; `None` when there is nothing to match.
fn phrase_on(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, only)] => Some(Box::new(TermUnion::one(Term::from_field_text(field, only)))),
        many => {
            let base = many[0].0;
            let with_offsets = many
                .iter()
                .map(|(pos, text)| (pos - base, Term::from_field_text(field, text)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(with_offsets)))
        }
    }
}

/// What a query part highlights: the text as typed, or failing that its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Needle {
    pub whole: String,
    pub words: Vec<String>,
}

/// A parsed query turned into tantivy queries, with what the rest of the search needs.
#[derive(Default)]
pub(crate) struct Compiled {
    /// One query per positive item, all required (partial matching relaxes this).
    pub required: Vec<Box<dyn Query>>,
    pub excluded: Vec<Box<dyn Query>>,
    /// Word-aligned forms of the terms: a hit that matches none of them is loose.
    pub aligned: Vec<Box<dyn Query>>,
    /// Parts of the score added to the best hits only, after the search (see
    /// [`RESCORE_WINDOW`]): each matches only articles the required query matches anyway, so
    /// leaving them out of it changes no total.
    pub rescore: Vec<Box<dyn Query>>,
    /// What to highlight.
    pub needles: Vec<Needle>,
    /// The Han terms pinyin was read as (for the header).
    pub pinyin: Vec<String>,
}

impl Compiled {
    /// All required items together, or `None` when there is nothing to search for.
    pub(crate) fn all_required(&self) -> Option<Box<dyn Query>> {
        let required: Vec<Box<dyn Query>> = self.required.iter().map(|q| q.box_clone()).collect();
        (!required.is_empty()).then(|| all_of(required))
    }

    /// At least `k` of the required items.
    pub(crate) fn at_least(&self, k: usize) -> Box<dyn Query> {
        Box::new(BooleanQuery::with_minimum_required_clauses(
            self.required
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect(),
            k,
        ))
    }
}

/// Fields with their weights.
type Weighted = Vec<(Field, f32)>;

/// Turns parsed queries into tantivy queries over one index.
pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub dict: &'a WordDictionary<'a>,
    pub searcher: &'a Searcher,
    pub readings: &'a OnceLock<ReadingMap>,
    /// Where the index's commit keeps its map, if it does (see [`ReadingMap::load`]).
    pub saved_readings: Option<&'a (std::path::PathBuf, u64)>,
}

/// The Latin words of a term, as pinyin chunks, if it is an unquoted, unscoped pinyin-like term.
fn latin_chunks(item: &Item) -> Option<Vec<String>> {
    match &item.expr {
        Expr::Term(t) if !item.negated && !t.quoted && t.scope == Scope::Anywhere => {
            pinyin_chunks(&t.text)
        }
        _ => None,
    }
}

fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries
            .into_iter()
            .next()
            .unwrap_or_else(|| Box::new(EmptyQuery));
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

impl Compiler<'_> {
    /// The pinyin reading map of this index: the one kept beside its commit, else built on
    /// first use (and kept, when the cache can be written: an index committed by an older
    /// kanbao has none).
    pub(crate) fn reading_map(&self) -> &ReadingMap {
        self.readings.get_or_init(|| {
            if let Some(map) = self
                .saved_readings
                .and_then(|(dir, opstamp)| ReadingMap::load(dir, *opstamp))
            {
                return map;
            }
            let map = ReadingMap::build(self.searcher, &self.fields.gram_fields());
            if let Some((dir, opstamp)) = self.saved_readings {
                let _ = map.save(dir, *opstamp);
            }
            map
        })
    }

    pub(crate) fn compile(&self, parsed: &ParsedQuery) -> Compiled {
        let mut out = Compiled::default();
        let items = &parsed.items;
        let mut i = 0;
        while i < items.len() {
            // A run of Latin words is also read as one pinyin sequence (`yi wu`).
            let run = items[i..]
                .iter()
                .map_while(latin_chunks)
                .collect::<Vec<_>>();
            if !run.is_empty() {
                let q = self.latin_run(&items[i..i + run.len()], &run, &mut out);
                out.required.push(q);
                i += run.len();
                continue;
            }
            let item = &items[i];
            if item.negated {
                let mut ignored = Compiled::default();
                out.excluded.push(self.expr(&item.expr, &mut ignored));
            } else {
                let q = self.expr(&item.expr, &mut out);
                out.required.push(q);
            }
            i += 1;
        }
        out
    }

    fn expr(&self, expr: &Expr, out: &mut Compiled) -> Box<dyn Query> {
        match expr {
            Expr::Term(t) => {
                let literal = self.term(t, out);
                match pinyin_chunks(&t.text).filter(|_| !t.quoted && t.scope == Scope::Anywhere) {
                    Some(chunks) => match self.pinyin(&chunks, out) {
                        Some(p) => any_of(vec![literal, p]),
                        None => literal,
                    },
                    None => literal,
                }
            }
            Expr::Any(alternatives) => {
                any_of(alternatives.iter().map(|e| self.expr(e, out)).collect())
            }
            Expr::All(items) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    if item.negated {
                        let mut ignored = Compiled::default();
                        clauses.push((Occur::MustNot, self.expr(&item.expr, &mut ignored)));
                    } else {
                        clauses.push((Occur::Must, self.expr(&item.expr, out)));
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    return Box::new(EmptyQuery);
                }
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    /// Consecutive Latin words: each as text (and, if it reads as two syllables or more, as
    /// pinyin on its own), or all together as one pinyin sequence.
    fn latin_run(
        &self,
        items: &[Item],
        chunks: &[Vec<String>],
        out: &mut Compiled,
    ) -> Box<dyn Query> {
        let mut each: Vec<Box<dyn Query>> = Vec::new();
        for (item, word_chunks) in items.iter().zip(chunks) {
            let Expr::Term(t) = &item.expr else {
                continue;
            };
            let literal = self.term(t, out);
            let letters: usize = word_chunks.iter().map(String::len).sum();
            let own_reading = items.len() == 1
                || word_chunks.len() > 1
                || split_syllables(&word_chunks[0], 1)
                    .first()
                    .is_some_and(|s| s.len() > 1)
                || (letters >= 2 && is_initials(&word_chunks[0]));
            let reading = if own_reading {
                self.pinyin(word_chunks, out)
            } else {
                None
            };
            each.push(match reading {
                Some(p) => any_of(vec![literal, p]),
                None => literal,
            });
        }
        let mut alternatives = vec![all_of(each)];
        if items.len() > 1 {
            let joined: Vec<String> = chunks.iter().flatten().cloned().collect();
            if let Some(p) = self.pinyin(&joined, out) {
                alternatives.push(p);
            }
        }
        any_of(alternatives)
    }

    /// The fields a term is searched in, with weights: (grams, words).
    fn scoped(&self, scope: Scope) -> (Weighted, Weighted) {
        let f = self.fields;
        match scope {
            Scope::Anywhere => (
                vec![
                    (f.title_grams, TITLE),
                    (f.head_grams, HEAD),
                    (f.body_grams, BODY),
                    (f.people_grams, PEOPLE),
                    (f.place_grams, PLACE),
                ],
                vec![
                    (f.title_words, TITLE),
                    (f.head_words, HEAD),
                    (f.body_words, BODY),
                ],
            ),
            Scope::Title => (
                vec![(f.title_grams, TITLE), (f.head_grams, HEAD)],
                vec![(f.title_words, TITLE), (f.head_words, HEAD)],
            ),
            Scope::Byline => (vec![(f.people_grams, PEOPLE)], Vec::new()),
        }
    }

    /// `text` as exact text (a gram phrase of its [`covering_grams`]) in any of `fields`,
    /// weighted, and scored as the phrase of all its grams would be. When `text` is a word of
    /// the index (`is_word`), a field with words of its own matches it as a [`VouchedPhrase`].
    fn exact_in(&self, fields: &[(Field, f32)], text: &str, is_word: bool) -> Box<dyn Query> {
        let grams = phrase_grams(text);
        let kept = covering_grams(&grams);
        any_of(
            fields
                .iter()
                .filter_map(|&(field, weight)| {
                    let vouching = self.fields.words_of(field).filter(|_| is_word);
                    let query = match vouching {
                        Some(words) if kept.len() > 1 => vouched_on(field, words, &kept, text),
                        _ => phrase_on(field, &kept)?,
                    };
                    Some(boosted(
                        query,
                        weight * self.idf_share(field, &grams, &kept),
                    ))
                })
                .collect(),
        )
    }

    /// How much a phrase of `all` grams on `field` outweighs one of the `kept` grams alone
    /// (its idf sum over theirs): the boost that gives the phrase of the kept grams the same
    /// score.
    fn idf_share(&self, field: Field, all: &[(usize, String)], kept: &[(usize, String)]) -> f32 {
        if kept.len() == all.len() || kept.is_empty() {
            return 1.0;
        }
        let doc_count: u64 = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| u64::from(segment.max_doc()))
            .sum();
        let idf_sum = |grams: &[(usize, String)]| -> f32 {
            grams
                .iter()
                .map(|(_, text)| {
                    let term = Term::from_field_text(field, text);
                    idf(self.searcher.doc_freq(&term).unwrap_or(0), doc_count)
                })
                .sum()
        };
        idf_sum(all) / idf_sum(kept)
    }

    /// One term as text: exact (grams) or as words, with the word-boundary bonus.
    fn term(&self, t: &QueryTerm, out: &mut Compiled) -> Box<dyn Query> {
        let (grams, word_fields) = self.scoped(t.scope);
        let text = t.text.as_str();
        let words = self.dict.segment(text);
        let known = !words.is_empty() && words.iter().all(|(_, w)| self.dict.doc_freq(w) > 0);
        // One known word of two Han chars or more (工资, 集体协商): hits where it lines up
        // with word boundaries earn a fixed bonus, so a pair across two words (职工|资助) ranks
        // after every real one. (A single char or a Latin word has no accidental pairs; a
        // run of several words is matched as their phrase.)
        let one_word = words.len() == 1
            && words[0].1 == text
            && text.chars().count() >= 2
            && text.chars().any(is_cjk)
            && self.dict.doc_freq(text) > 0;
        let mut alternatives = vec![self.exact_in(&grams, text, one_word)];
        let mut aligned: Vec<Box<dyn Query>> = Vec::new();
        if one_word {
            for &(field, _) in &word_fields {
                aligned.push(Box::new(TermQuery::new(
                    Term::from_field_text(field, text),
                    IndexRecordOption::Basic,
                )));
            }
        } else if known {
            for &(field, weight) in &word_fields {
                if let Some(q) = phrase_on(field, &words) {
                    let q = boosted(q, weight * WORD_PHRASE);
                    // A phrase of words reads the positions of every word in every text
                    // holding them all (a single-char word such as 新 is in most): at 1M it
                    // cost as much as the rest of the query, so it only rescores the best hits.
                    if words.len() > 1 {
                        out.rescore.push(q);
                    } else {
                        alternatives.push(q);
                    }
                }
            }
        }
        let content: Vec<String> = words
            .iter()
            .map(|(_, w)| w.clone())
            .filter(|w| w.chars().count() >= 2 || !w.chars().all(is_cjk))
            .collect();
        if !t.quoted && content.len() >= 2 {
            let n = content.len();
            let required = if n <= 3 { n } else { n - 1 };
            // Every word required is an intersection (tantivy leapfrogs it); "all but one" a
            // minimum of matching clauses.
            let occur = if required == n {
                Occur::Must
            } else {
                Occur::Should
            };
            let clauses: Vec<(Occur, Box<dyn Query>)> = content
                .iter()
                // `segment` keeps a Han run of two chars or more only when the index knows it
                // as a word: no need to ask again.
                .map(|w| (occur, self.exact_in(&grams, w, w.chars().all(is_cjk))))
                .collect();
            let loose = if required == n {
                BooleanQuery::new(clauses)
            } else {
                BooleanQuery::with_minimum_required_clauses(clauses, required)
            };
            alternatives.push(boosted(Box::new(loose), LOOSE));
        }
        out.needles.push(Needle {
            whole: text.to_string(),
            words: if t.quoted { Vec::new() } else { content },
        });
        let core = any_of(alternatives);
        if !aligned.is_empty() {
            let aligned = any_of(aligned);
            out.aligned.push(aligned.box_clone());
            let bonus: Box<dyn Query> = Box::new(ConstScoreQuery::new(aligned, WORD_TIER));
            return Box::new(BooleanQuery::new(vec![
                (Occur::Must, core),
                (Occur::Should, bonus),
            ]));
        }
        core
    }

    /// The pinyin reading of Latin chunks: the Han terms of the index with that reading.
    fn pinyin(&self, chunks: &[String], out: &mut Compiled) -> Option<Box<dyn Query>> {
        let found = self.expand(chunks);
        if found.is_empty() {
            return None;
        }
        // Each candidate as exact text (grams), weighted by how sure the reading is; the
        // candidates the index knows as words, all together, earn the word-boundary bonus (one
        // term per word field, not a query per candidate: a pinyin query may stand for two
        // dozen terms).
        let (grams, word_fields) = self.scoped(Scope::Anywhere);
        let named_grams: Vec<(Field, f32)> = grams
            .iter()
            .copied()
            .filter(|&(field, _)| field != self.fields.body_grams)
            .collect();
        let mut alternatives = Vec::with_capacity(found.len());
        let mut words: Vec<Box<dyn Query>> = Vec::new();
        for (candidate, weight) in &found {
            let text = &candidate.text;
            // Initials abbreviate names and headline terms (zgh: 总工会, jxbl: 加西贝拉): they
            // are looked for in headlines, bylines and places, not in every body, where two or
            // three common initials would match most of a large archive.
            let initials = *weight <= PINYIN_INITIALS;
            let (fields, words_in) = if initials {
                (&named_grams, &word_fields[..2])
            } else {
                (&grams, &word_fields[..])
            };
            // Only a phrase (three chars or more) can be vouched for: no lookup for the others.
            let is_word = text.chars().count() >= 3 && self.dict.doc_freq(text) > 0;
            let exact = self.exact_in(fields, text, is_word);
            alternatives.push(boosted(exact, *weight));
            out.needles.push(Needle {
                whole: text.clone(),
                words: Vec::new(),
            });
            if text.chars().count() >= 2 {
                for &(field, _) in words_in {
                    words.push(Box::new(TermQuery::new(
                        Term::from_field_text(field, text),
                        IndexRecordOption::Basic,
                    )));
                }
            }
            if out.pinyin.len() < 8 && !out.pinyin.contains(text) {
                out.pinyin.push(text.clone());
            }
        }
        let core = any_of(alternatives);
        if words.is_empty() {
            return Some(core);
        }
        let aligned = any_of(words);
        out.aligned.push(aligned.box_clone());
        let bonus: Box<dyn Query> = Box::new(ConstScoreQuery::new(aligned, WORD_TIER));
        Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, core),
            (Occur::Should, bonus),
        ])))
    }

    /// The query with each unquoted term of several words split into one item per word (what
    /// partial matching counts): `外卖骑手` → `外卖` `骑手`.
    pub(crate) fn by_words(&self, parsed: &ParsedQuery) -> ParsedQuery {
        let mut items = Vec::new();
        for item in &parsed.items {
            match &item.expr {
                Expr::Term(t) if !item.negated && !t.quoted && t.text.chars().any(is_cjk) => {
                    let words: Vec<String> = self
                        .dict
                        .segment(&t.text)
                        .into_iter()
                        .map(|(_, w)| w)
                        .filter(|w| w.chars().count() >= 2 || !w.chars().all(is_cjk))
                        .collect();
                    if words.len() >= 2 {
                        items.extend(words.into_iter().map(|text| Item {
                            negated: false,
                            expr: Expr::Term(QueryTerm {
                                text,
                                quoted: false,
                                scope: t.scope,
                            }),
                        }));
                        continue;
                    }
                    items.push(item.clone());
                }
                _ => items.push(item.clone()),
            }
        }
        ParsedQuery {
            items,
            ..parsed.clone()
        }
    }

    /// The Han terms of the index that read as `slots` (syllable ids allowed per char): chars,
    /// pairs, or longer chains checked to occur somewhere as a whole.
    fn candidates(&self, slots: &[std::ops::Range<u16>]) -> Vec<Found> {
        let is_word = |text: &str| self.dict.doc_freq(text) > 0;
        match slots.len() {
            1 => chains(self.reading_map(), slots, PINYIN_CHARS, &is_word),
            2 => chains(self.reading_map(), slots, PINYIN_PAIRS, &is_word),
            _ => chains(self.reading_map(), slots, usize::MAX, &is_word)
                .into_iter()
                .take(PINYIN_CHECKED)
                .filter(|c| self.occurs(&c.text))
                .take(PINYIN_CHAINS)
                .collect(),
        }
    }

    /// What initials (one letter per char) may stand for: the Han terms of headlines, bylines
    /// and places with those initials, most documents first.
    fn initials_candidates(&self, slots: &[std::ops::Range<u16>]) -> Vec<Found> {
        let f = self.fields;
        let named = [f.title_grams, f.head_grams, f.people_grams, f.place_grams];
        let yes = |_: &str| true;
        chains(self.reading_map(), slots, usize::MAX, &yes)
            .into_iter()
            .take(PINYIN_CHECKED)
            .filter(|c| self.occurs_in(&c.text, &named))
            .take(PINYIN_INITIALS_TERMS)
            .collect()
    }

    /// Does `text` occur as a whole in some text field? (Stops at the first article.)
    fn occurs(&self, text: &str) -> bool {
        self.occurs_in(text, &self.fields.gram_fields())
    }

    /// Does `text` occur as a whole in one of these gram fields, among the first
    /// [`OCCURS_LOOKED_AT`] articles holding all its grams? A chain of common chars that never
    /// occurs together (职工会: 职工 and 工会 are in nearly every article) would otherwise be
    /// looked for in the whole archive (11 ms at 1M, before anything is searched); one that
    /// occurs only beyond so many articles holding its grams is at best a rare reading.
    fn occurs_in(&self, text: &str, fields: &[Field]) -> bool {
        let grams = covering_grams(&phrase_grams(text));
        let Some(&(base, _)) = grams.first() else {
            return false;
        };
        let mut budget = OCCURS_LOOKED_AT;
        fields.iter().any(|&field| {
            let terms: Vec<(u32, Term)> = grams
                .iter()
                .map(|(position, gram)| {
                    let offset = u32::try_from(position - base).unwrap_or(u32::MAX);
                    (offset, Term::from_field_text(field, gram))
                })
                .collect();
            self.searcher.segment_readers().iter().any(|segment| {
                budget > 0 && phrase_in(segment, &terms, &mut budget).unwrap_or(false)
            })
        })
    }

    /// The Han terms Latin chunks may stand for, with weights, best first. Every chunk but the
    /// last must be whole syllables; the last may end in an unfinished syllable. A single chunk
    /// that is no syllables at all may be initials (`jxbl`).
    pub(crate) fn expand(&self, chunks: &[String]) -> Vec<(Found, f32)> {
        let Some((last, head)) = chunks.split_last() else {
            return Vec::new();
        };
        let mut readings: Vec<Vec<String>> = vec![Vec::new()];
        for chunk in head {
            let splits = split_syllables(chunk, MAX_SPLITS);
            readings = combine(&readings, &splits);
        }
        let last_splits = prefix_splits(last, MAX_SPLITS);
        let mut found: Vec<(Found, f32)> = Vec::new();
        let add = |found: &mut Vec<(Found, f32)>, candidates: Vec<Found>, weight: f32| {
            for c in candidates {
                match found.iter_mut().find(|(f, _)| f.text == c.text) {
                    Some((_, w)) => *w = w.max(weight),
                    None => found.push((c, weight)),
                }
            }
        };
        if !last_splits.is_empty() {
            for split in combine(&readings, &last_splits) {
                let Some((unfinished, whole)) = split.split_last() else {
                    continue;
                };
                let mut slots: Vec<std::ops::Range<u16>> = Vec::with_capacity(split.len());
                let mut ok = true;
                for s in whole {
                    match syllable_id(s) {
                        Some(id) => slots.push(id..id + 1),
                        None => ok = false,
                    }
                }
                slots.push(prefix_ids(unfinished));
                if !ok {
                    continue;
                }
                let weight = if syllable_id(unfinished).is_some() {
                    PINYIN_FULL
                } else {
                    PINYIN_PREFIX
                };
                add(&mut found, self.candidates(&slots), weight);
            }
        }
        let nothing_yet = found.is_empty();
        if head.is_empty() && is_initials(last) && nothing_yet {
            let slots: Vec<std::ops::Range<u16>> =
                last.chars().map(|c| prefix_ids(&c.to_string())).collect();
            add(
                &mut found,
                self.initials_candidates(&slots),
                PINYIN_INITIALS,
            );
        }
        // Real words first, then by documents.
        let dict = self.dict;
        let mut scored: Vec<(bool, (Found, f32))> = found
            .into_iter()
            .map(|f| {
                (
                    f.0.text.chars().count() < 2 || dict.doc_freq(&f.0.text) > 0,
                    f,
                )
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.1.total_cmp(&a.1.1))
                .then(b.1.0.docs.cmp(&a.1.0.docs))
        });
        scored.into_iter().map(|(_, f)| f).collect()
    }
}

/// Every reading in `prefixes` continued by every split in `splits`, at most [`MAX_SPLITS`].
fn combine(prefixes: &[Vec<String>], splits: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for prefix in prefixes {
        for split in splits {
            let mut joined = prefix.clone();
            joined.extend(split.iter().cloned());
            out.push(joined);
        }
    }
    out.sort_by_key(Vec::len);
    out.truncate(MAX_SPLITS);
    out
}

/// Does some live document of `segment` hold `terms` at their offsets from one position? Looks
/// at no more than `budget` documents holding all of them, and counts them off it.
fn phrase_in(
    segment: &SegmentReader,
    terms: &[(u32, Term)],
    budget: &mut usize,
) -> tantivy::Result<bool> {
    let Some((_, first)) = terms.first() else {
        return Ok(false);
    };
    let inverted = segment.inverted_index(first.field())?;
    let mut postings = Vec::with_capacity(terms.len());
    for (offset, term) in terms {
        match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
            Some(p) => postings.push((*offset, p)),
            None => return Ok(false),
        }
    }
    let alive = segment.alive_bitset();
    let mut positions: Vec<Vec<u32>> = vec![Vec::new(); postings.len()];
    let mut doc = postings[0].1.doc();
    while doc != TERMINATED && *budget > 0 {
        // The first document at or after `doc` that holds every term.
        let mut next = doc;
        for (_, p) in &mut postings {
            if p.doc() < next {
                p.seek(next);
            }
            next = next.max(p.doc());
        }
        if next != doc {
            doc = next;
            continue;
        }
        *budget -= 1;
        if alive.is_none_or(|a| a.is_alive(doc)) {
            for ((offset, p), out) in postings.iter_mut().zip(&mut positions) {
                // Each term's positions less its offset (still sorted): a common start is a
                // match.
                p.positions(out);
                out.retain(|&at| at >= *offset);
                for at in out.iter_mut() {
                    *at -= *offset;
                }
            }
            let (head, rest) = positions.split_at(1);
            if head[0]
                .iter()
                .any(|start| rest.iter().all(|other| other.binary_search(start).is_ok()))
            {
                return Ok(true);
            }
        }
        doc = postings[0].1.advance();
    }
    Ok(false)
}

/// Text, exclusions and filters together; no text lists everything the filters let through
/// (less the exclusions).
pub(crate) fn full_query(
    text: Option<Box<dyn Query>>,
    excluded: Vec<Box<dyn Query>>,
    filters: Vec<Box<dyn Query>>,
) -> Box<dyn Query> {
    let text = text.unwrap_or_else(|| Box::new(AllQuery));
    if filters.is_empty() && excluded.is_empty() {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    clauses.extend(excluded.into_iter().map(|q| {
        let excluded: Box<dyn Query> = Box::new(Excluded(q));
        (Occur::MustNot, excluded)
    }));
    // Filters must match but add nothing to the score.
    clauses.extend(filters.into_iter().map(|f| {
        let no_score: Box<dyn Query> = Box::new(ConstScoreQuery::new(f, 0.0));
        (Occur::Must, no_score)
    }));
    Box::new(BooleanQuery::new(clauses))
}

/// An excluded part (`-词`). tantivy asks an exclusion whether it holds each candidate with
/// `seek_danger`, which its phrase scorer answers only for a target at or after the document it
/// is on (tantivy 0.27 asserts that in debug builds): a bare phrase scorer is what an excluded
/// phrase comes to in a segment where only one field can hold it. Wrapped, the exclusion answers
/// through `doc` and `seek`, which hold for any target.
#[derive(Debug)]
struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Self(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(PlainSeek(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A scorer whose `seek_danger` is `DocSet`'s own (from `doc` and `seek`), whatever the target.
struct PlainSeek(Box<dyn Scorer>);

impl DocSet for PlainSeek {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.0.doc() >= target {
            self.0.doc()
        } else {
            self.0.seek(target)
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for PlainSeek {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_grams_use_bigrams_and_lone_unigrams() {
        assert_eq!(
            phrase_grams("技高者"),
            vec![(0, "技高".to_string()), (1, "高者".to_string())]
        );
        assert_eq!(phrase_grams("鸯"), vec![(0, "鸯".to_string())]);
        assert_eq!(
            phrase_grams("15条"),
            vec![(0, "15".to_string()), (2, "条".to_string())]
        );
    }

    #[test]
    fn covering_grams_fix_every_char_with_about_half_the_bigrams() {
        let kept = |text: &str| -> Vec<usize> {
            covering_grams(&phrase_grams(text))
                .into_iter()
                .map(|(position, _)| position)
                .collect()
        };
        assert_eq!(kept("工会"), vec![0]);
        assert_eq!(kept("技高者"), vec![0, 1]);
        assert_eq!(kept("产业工人"), vec![0, 2]);
        assert_eq!(kept("新就业形态"), vec![0, 2, 3]);
        assert_eq!(kept("守好红色根脉"), vec![0, 2, 4]);
        // Latin runs and lone chars stay; each Han run is covered on its own.
        assert_eq!(kept("15条"), vec![0, 2]);
        assert_eq!(kept("工会ab职工书屋"), vec![0, 2, 4, 6]);
    }

    #[test]
    fn readings_combine_across_chunks() {
        let a = vec![vec!["yi".to_string()]];
        let b = vec![vec!["wu".to_string()], vec!["w".to_string()]];
        assert_eq!(combine(&a, &b)[0], vec!["yi", "wu"]);
    }

    #[test]
    fn a_chain_is_looked_for_in_so_many_articles_holding_its_grams() {
        use crate::search::SearchIndex;
        use crate::search::engines::scan::tests::article;
        // Ten articles hold 职工 and 工会 apart; the eleventh holds 职工会 itself.
        let mut articles: Vec<crate::article::Article> = (0..10)
            .map(|i| article(&format!("a-{i}"), None, "通知", "职工与工会。", &[]))
            .collect();
        articles.push(article("b", None, "通知", "职工会员大会。", &[]));
        let index = SearchIndex::build_in_memory(&articles).unwrap();
        let searcher = index.searcher();
        let body = index.inner.fields.body_grams;
        let terms = vec![
            (0, Term::from_field_text(body, "职工")),
            (1, Term::from_field_text(body, "工会")),
        ];
        let found = |budget: usize| {
            let mut left = budget;
            let found = searcher
                .segment_readers()
                .iter()
                .any(|segment| phrase_in(segment, &terms, &mut left).unwrap());
            (found, budget - left)
        };
        let (found_all, looked_at) = found(100);
        assert!(found_all && (1..=11).contains(&looked_at), "{looked_at}");
        assert_eq!(
            found(looked_at - 1),
            (false, looked_at - 1),
            "the article holding the chain is beyond a smaller budget"
        );
        // Apart is not together: 工会 at 职工's own position is not the chain.
        let apart = vec![
            (0, Term::from_field_text(body, "职工")),
            (0, Term::from_field_text(body, "工会")),
        ];
        let mut left = 100;
        assert!(!phrase_in(searcher.segment_reader(0), &apart, &mut left).unwrap());
    }
}
