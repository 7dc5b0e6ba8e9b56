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
//!
//! **Kept on disk.** Building the map walks every term of five fields in every segment (29 ms at
//! 1M articles, more with a cold cache): too much for every `kanbao search gonghui`. Whoever
//! commits the index saves its map beside it (`kanbao-readings.bin`, this module's format:
//! magic, the commit's opstamp, a CRC-32 and the map in `postcard`), and a search of that commit
//! reads it. A missing, damaged or older file is never trusted: the map is then built as before.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use tantivy::Searcher;
use tantivy::schema::Field;

use super::normalize::is_cjk;
use super::pinyin::{char_readings, primary_readings, syllable_id};

/// One Han char with its most common reading, and how many documents (summed over fields)
/// hold it. (A rare reading of a char alone is noise: 的 read as di.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Unigram {
    syllable: u16,
    ch: char,
    docs: u32,
}

/// A pair of adjacent Han chars with one reading of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    /// Saves the map of the index commit `opstamp` in `dir` (replacing the file at once).
    pub(crate) fn save(&self, dir: &Path, opstamp: u64) -> std::io::Result<()> {
        let body = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        let mut bytes = Vec::with_capacity(HEADER + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&opstamp.to_le_bytes());
        bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut temp, &bytes)?;
        temp.persist(dir.join(SAVED)).map_err(|e| e.error)?;
        crate::dirs::readable_as_its_dir(&dir.join(SAVED));
        Ok(())
    }

    /// The map saved in `dir` for the index commit `opstamp`, if it is there, whole and of that
    /// commit.
    pub(crate) fn load(dir: &Path, opstamp: u64) -> Option<Self> {
        let bytes = std::fs::read(dir.join(SAVED)).ok()?;
        let (header, body) = bytes.split_at_checked(HEADER)?;
        let (magic, rest) = header.split_at(MAGIC.len());
        let (stamp, crc) = rest.split_at(8);
        let whole = magic == MAGIC
            && u64::from_le_bytes(stamp.try_into().ok()?) == opstamp
            && u32::from_le_bytes(crc.try_into().ok()?) == crc32fast::hash(body);
        if !whole {
            return None;
        }
        let map: Self = postcard::from_bytes(body).ok()?;
        // Looked up by binary search: a file that is not sorted is not this module's.
        let sorted = map
            .unigrams
            .is_sorted_by_key(|u| (u.syllable, std::cmp::Reverse(u.docs)))
            && map
                .bigrams
                .is_sorted_by_key(|b| (b.first, b.second, std::cmp::Reverse(b.docs)));
        sorted.then_some(map)
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

/// The file a map is saved in, beside its index.
const SAVED: &str = "kanbao-readings.bin";
/// The format's name and version: a file of another version is not read.
const MAGIC: &[u8; 8] = b"KBREAD01";
/// Magic, opstamp, CRC-32 of the body.
const HEADER: usize = 8 + 8 + 4;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchIndex;
    use crate::search::engines::scan::tests::corpus;

    #[test]
    fn a_saved_map_is_read_back_only_whole_and_of_its_commit() {
        let store = corpus();
        let articles: Vec<_> = (0..store.len())
            .map(|i| store.article(i).unwrap())
            .collect();
        let index = SearchIndex::build_in_memory(&articles).unwrap();
        let searcher = index.searcher();
        let map = ReadingMap::build(&searcher, &index.inner.fields.gram_fields());
        assert!(map.len() > 10, "{}", map.len());
        let dir = tempfile::tempdir().unwrap();
        map.save(dir.path(), 7).unwrap();
        assert_eq!(ReadingMap::load(dir.path(), 7).as_ref(), Some(&map));
        assert_eq!(
            ReadingMap::load(dir.path(), 8),
            None,
            "another commit's map"
        );
        let file = dir.path().join(SAVED);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(ReadingMap::load(dir.path(), 7), None, "a damaged body");
        std::fs::write(&file, &bytes[..HEADER - 1]).unwrap();
        assert_eq!(ReadingMap::load(dir.path(), 7), None, "a cut header");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(ReadingMap::load(dir.path(), 7), None, "no file");
    }
}
