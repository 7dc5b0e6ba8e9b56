//! Pinyin by query-side expansion, the way an input method works: the index holds Han text only,
//! and a pinyin query is turned into the Han unigrams and bigrams *the index really holds* whose
//! readings match. The map from readings to grams is derived from the gram fields' term
//! dictionaries (every Han char and pair of adjacent Han chars of every text field), so it knows
//! every word of every article and nothing else; it is built once per opened index, on first
//! need (a Latin query; the browser warms it when the index opens).
//!
//! Keys are syllable ids ([`super::pinyin::syllable_table`] is sorted, so the syllables that start
//! with a prefix are one range of ids): an unfinished last syllable (`gongh`) and initials (`gh`)
//! are range look-ups in the same sorted tables.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::Searcher;
use tantivy::schema::Field;

use super::normalize::is_cjk;
use super::pinyin::{char_readings, primary_readings, syllable_id};

/// One Han char with its most common reading, and how many documents (summed over fields)
/// hold it. (A rare reading of a char alone is noise: 的 read as di.)
#[derive(Debug, Clone, Copy)]
struct Unigram {
    syllable: u16,
    ch: char,
    docs: u32,
}

/// A pair of adjacent Han chars with one reading of each.
#[derive(Debug, Clone, Copy)]
struct Bigram {
    first: u16,
    second: u16,
    chars: [char; 2],
    docs: u32,
    /// Both chars read their most common way. A pair with a rarer reading (银行 yin hang) is a
    /// candidate only when the index knows it as a word, so 会的 is not read as kuai di.
    primary: bool,
}

/// A Han gram the index holds, found for a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub text: String,
    pub docs: u32,
}

/// Readings → the Han unigrams and bigrams of the index.
#[derive(Debug, Default)]
pub(crate) struct ReadingMap {
    /// Sorted by (syllable, docs descending).
    unigrams: Vec<Unigram>,
    /// Sorted by (first, second, docs descending).
    bigrams: Vec<Bigram>,
}

impl ReadingMap {
    /// Reads the Han unigrams and bigrams of `fields` (gram fields) from every segment.
    pub fn build(searcher: &Searcher, fields: &[Field]) -> Self {
        let mut chars: HashMap<char, u32> = HashMap::new();
        let mut pairs: HashMap<[char; 2], u32> = HashMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().stream() else {
                    continue;
                };
                while stream.advance() {
                    let Ok(text) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let docs = stream.value().doc_freq;
                    let mut it = text.chars();
                    match (it.next(), it.next(), it.next()) {
                        (Some(a), None, _) if is_cjk(a) => {
                            *chars.entry(a).or_default() += docs;
                        }
                        (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b) => {
                            *pairs.entry([a, b]).or_default() += docs;
                        }
                        _ => {}
                    }
                }
            }
        }
        // Each char's readings as (syllable id, most common reading?).
        let mut ids: HashMap<char, Vec<(u16, bool)>> = HashMap::with_capacity(chars.len());
        let mut unigrams = Vec::with_capacity(chars.len());
        for (&ch, &docs) in &chars {
            let primary = primary_readings(ch);
            let readings: Vec<(u16, bool)> = char_readings(ch)
                .iter()
                .filter_map(|r| syllable_id(r).map(|id| (id, primary.contains(r))))
                .collect();
            for &(syllable, main) in &readings {
                if main {
                    unigrams.push(Unigram { syllable, ch, docs });
                }
            }
            ids.insert(ch, readings);
        }
        let mut bigrams = Vec::with_capacity(pairs.len() * 2);
        for (&chars, &docs) in &pairs {
            let (Some(a), Some(b)) = (ids.get(&chars[0]), ids.get(&chars[1])) else {
                continue;
            };
            for &(first, main_a) in a {
                for &(second, main_b) in b {
                    bigrams.push(Bigram {
                        first,
                        second,
                        chars,
                        docs,
                        primary: main_a && main_b,
                    });
                }
            }
        }
        unigrams.sort_by(|x, y| (x.syllable, y.docs, x.ch).cmp(&(y.syllable, x.docs, y.ch)));
        bigrams.sort_by(|x, y| {
            (x.first, x.second, y.docs, x.chars).cmp(&(y.first, y.second, x.docs, y.chars))
        });
        Self { unigrams, bigrams }
    }

    /// How many grams the map holds (for measurements).
    pub fn len(&self) -> usize {
        self.unigrams.len() + self.bigrams.len()
    }

    /// Han chars read as any syllable in `syllables`, most documents first, at most `limit`,
    /// each char once.
    pub fn chars(&self, syllables: Range<u16>, limit: usize) -> Vec<Found> {
        let start = self
            .unigrams
            .partition_point(|u| u.syllable < syllables.start);
        let end = self
            .unigrams
            .partition_point(|u| u.syllable < syllables.end);
        let mut found: Vec<&Unigram> = self.unigrams[start..end].iter().collect();
        found.sort_by(|x, y| y.docs.cmp(&x.docs).then(x.ch.cmp(&y.ch)));
        let mut out: Vec<Found> = Vec::new();
        for u in found {
            let text = u.ch.to_string();
            if !out.iter().any(|f| f.text == text) {
                out.push(Found { text, docs: u.docs });
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }

    /// Pairs of Han chars whose first char reads as a syllable in `first` and second as one in
    /// `second`, most documents first, each pair once, at most `limit`.
    pub fn pairs(
        &self,
        first: Range<u16>,
        second: Range<u16>,
        limit: usize,
        is_word: &dyn Fn(&str) -> bool,
    ) -> Vec<([char; 2], u32)> {
        let mut found: Vec<&Bigram> = Vec::new();
        for a in first {
            let start = self
                .bigrams
                .partition_point(|b| (b.first, b.second) < (a, second.start));
            let end = self
                .bigrams
                .partition_point(|b| (b.first, b.second) < (a, second.end));
            found.extend(&self.bigrams[start..end]);
        }
        found.sort_by(|x, y| y.docs.cmp(&x.docs).then(x.chars.cmp(&y.chars)));
        let mut out: Vec<([char; 2], u32)> = Vec::new();
        for b in found {
            if !out.iter().any(|(c, _)| *c == b.chars)
                && (b.primary || is_word(&b.chars.iter().collect::<String>()))
            {
                out.push((b.chars, b.docs));
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }
}

/// Han strings of `slots.len()` chars whose every adjacent pair is a bigram the index holds with
/// the wanted readings (`slots[i]` are the syllable ids allowed at char `i`): the candidates a
/// pinyin query of that many syllables can mean, best first (a chain is as strong as its rarest
/// pair), at most `limit`. A chain of three chars or more need not occur anywhere as a whole:
/// the caller checks.
pub(crate) fn chains(
    map: &ReadingMap,
    slots: &[Range<u16>],
    limit: usize,
    is_word: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    const BEAM: usize = 4000;
    const PER_PAIR: usize = 4000;
    match slots {
        [] => Vec::new(),
        [only] => map.chars(only.clone(), limit),
        _ => {
            // Partial chains: (chars, weakest pair's documents).
            let mut beam: Vec<(Vec<char>, u32)> = map
                .pairs(slots[0].clone(), slots[1].clone(), PER_PAIR, is_word)
                .into_iter()
                .map(|(c, docs)| (c.to_vec(), docs))
                .collect();
            for k in 2..slots.len() {
                let next = map.pairs(slots[k - 1].clone(), slots[k].clone(), PER_PAIR, is_word);
                let mut by_first: HashMap<char, Vec<(char, u32)>> = HashMap::new();
                for ([a, b], docs) in next {
                    by_first.entry(a).or_default().push((b, docs));
                }
                let mut grown = Vec::new();
                for (chain, docs) in &beam {
                    let last = chain[chain.len() - 1];
                    for &(b, pair_docs) in by_first.get(&last).into_iter().flatten() {
                        let mut longer = chain.clone();
                        longer.push(b);
                        grown.push((longer, (*docs).min(pair_docs)));
                    }
                }
                grown.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                grown.truncate(BEAM);
                beam = grown;
            }
            beam.truncate(limit);
            beam.into_iter()
                .map(|(chars, docs)| Found {
                    text: chars.into_iter().collect(),
                    docs,
                })
                .collect()
        }
    }
}
