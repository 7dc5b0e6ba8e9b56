//! A mapped file checked chunk by chunk, each chunk when it is first read: the corpus snapshot's
//! manifest.
//!
//! A manifest holds every article's head, where its body lies and the ledger of pages, and one
//! checksum over all of it made every start read it all: at a million articles, 200 MB brought
//! into memory before the first frame, of which a browser reads a few columns and the rows on
//! screen. Here the bytes carry a CRC-32 per [`CHUNK`] (the table of them is itself checked
//! when the file is opened), and a chunk is checked the first time any byte of it is asked
//! for, so what a start costs follows what it reads (figures: docs/PERFORMANCE.md, "Memory
//! while browsing at 1M"). Damage is found where it lies: the bytes are refused (`None`), never
//! handed out, and the file is removed so that the next start reads the pages anew.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Bytes per checked chunk: a page, so that checking reads no more than the reader touches
/// (a lookup in the id index touches a few pages far apart). The checksums cost 0.1 % of the
/// bytes, and their table is checked whole at open (200 KB at a million articles).
pub(crate) const CHUNK: usize = 4096;

const UNKNOWN: u8 = 0;
const GOOD: u8 = 1;
const BAD: u8 = 2;

/// The CRC-32 of each [`CHUNK`] of `bytes` (the last one shorter), little-endian, one after
/// another: what a writer appends for [`CheckedMap`] to check against.
pub(crate) fn chunk_checksums(bytes: &[u8]) -> Vec<u8> {
    bytes
        .chunks(CHUNK)
        .flat_map(|chunk| crc32fast::hash(chunk).to_le_bytes())
        .collect()
}

/// A mapped file whose bytes in `checked` are handed out only once the chunks they lie in have
/// matched their checksums.
pub(crate) struct CheckedMap {
    map: memmap2::Mmap,
    /// The bytes the chunk checksums cover.
    checked: Range<usize>,
    /// Where the checksums are: one little-endian u32 per chunk of `checked`.
    sums: Range<usize>,
    /// Per chunk: not yet checked, good or bad.
    state: Box<[AtomicU8]>,
    /// The file, removed when damage is first found.
    path: PathBuf,
    damaged: AtomicBool,
}

impl CheckedMap {
    /// `map`'s bytes `checked`, with their chunk checksums at `sums`; `None` unless `sums` holds
    /// exactly one checksum per chunk and both ranges lie in the map.
    pub(crate) fn new(
        map: memmap2::Mmap,
        checked: Range<usize>,
        sums: Range<usize>,
        path: PathBuf,
    ) -> Option<CheckedMap> {
        let chunks = checked.len().div_ceil(CHUNK);
        let fits = checked.end <= map.len() && sums.end <= map.len();
        (fits && sums.len() == chunks * 4).then(|| CheckedMap {
            map,
            checked,
            sums,
            state: (0..chunks).map(|_| AtomicU8::new(UNKNOWN)).collect(),
            path,
            damaged: AtomicBool::new(false),
        })
    }

    /// Whether `range` lies in the checked bytes (nothing is read).
    pub(crate) fn holds(&self, range: &Range<usize>) -> bool {
        self.checked.start <= range.start && range.end <= self.checked.end
    }

    /// The bytes at `range` (positions in the file), once every chunk they touch checks out;
    /// `None` when the range is not in the checked bytes or a chunk is damaged.
    #[inline]
    pub(crate) fn get(&self, range: Range<usize>) -> Option<&[u8]> {
        if !self.holds(&range) || range.start > range.end {
            return None;
        }
        if range.is_empty() {
            return Some(&[]);
        }
        let first = (range.start - self.checked.start) / CHUNK;
        let last = (range.end - 1 - self.checked.start) / CHUNK;
        // Checked chunks cost one load each; the first read of a chunk checks it.
        let known = (first..=last).all(|c| self.state[c].load(Ordering::Acquire) == GOOD);
        if !known && !(first..=last).all(|c| self.check(c)) {
            return None;
        }
        self.map.get(range)
    }

    /// Checks chunk `chunk` (once: the answer is kept), removing the file if it is damaged.
    #[cold]
    #[inline(never)]
    fn check(&self, chunk: usize) -> bool {
        match self.state[chunk].load(Ordering::Acquire) {
            GOOD => return true,
            BAD => return false,
            _ => {}
        }
        let from = self.checked.start + chunk * CHUNK;
        let bytes = &self.map[from..(from + CHUNK).min(self.checked.end)];
        let at = self.sums.start + chunk * 4;
        let expected = u32::from_le_bytes(self.map[at..at + 4].try_into().expect("4 bytes"));
        let good = crc32fast::hash(bytes) == expected;
        self.state[chunk].store(if good { GOOD } else { BAD }, Ordering::Release);
        if !good && !self.damaged.swap(true, Ordering::Relaxed) {
            // The mapping stays valid after the file is removed (POSIX).
            let _ = std::fs::remove_file(&self.path);
        }
        good
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mapped(bytes: &[u8]) -> (tempfile::NamedTempFile, memmap2::Mmap) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file.flush().unwrap();
        let map = crate::corpus::snapshot::map_file(file.as_file(), file.path()).unwrap();
        (file, map)
    }

    #[test]
    fn chunks_are_checked_when_read_and_damage_is_refused_where_it_lies() {
        let payload: Vec<u8> = (0..3 * CHUNK + 100).map(|i| (i * 7 % 251) as u8).collect();
        let mut bytes = b"head".to_vec();
        bytes.extend_from_slice(&payload);
        let sums = chunk_checksums(&payload);
        bytes.extend_from_slice(&sums);
        // Damage in the third chunk.
        let hit = 4 + 2 * CHUNK + 5;
        bytes[hit] ^= 1;
        let (file, map) = mapped(&bytes);
        let end = 4 + payload.len();
        let checked =
            CheckedMap::new(map, 4..end, end..end + sums.len(), file.path().into()).unwrap();
        assert_eq!(checked.get(4..10), Some(&payload[..6]));
        assert_eq!(
            checked.get(end - 3..end),
            Some(&payload[payload.len() - 3..])
        );
        assert!(file.path().exists());
        // Empty ranges, even at the very end (a whole number of chunks here or not).
        assert_eq!(checked.get(end..end), Some(&[][..]));
        // Outside the checked bytes: refused.
        assert_eq!(checked.get(0..4), None);
        assert_eq!(checked.get(end..end + 1), None);
        // A range touching the damaged chunk is refused, the file removed; the others still read.
        assert_eq!(checked.get(4 + CHUNK..hit + 1), None);
        assert!(!file.path().exists(), "damage removes the file");
        assert_eq!(
            checked.get(4 + CHUNK..4 + CHUNK + 2),
            Some(&payload[CHUNK..CHUNK + 2])
        );
        // A whole number of chunks: the empty range at the end is still in bounds.
        let whole = vec![7u8; CHUNK];
        let mut bytes = whole.clone();
        bytes.extend_from_slice(&chunk_checksums(&whole));
        let (file, map) = mapped(&bytes);
        let sums = CHUNK..CHUNK + 4;
        let exact = CheckedMap::new(map, 0..CHUNK, sums, file.path().into()).unwrap();
        assert_eq!(exact.get(CHUNK..CHUNK), Some(&[][..]));
        assert_eq!(exact.get(CHUNK - 1..CHUNK), Some(&[7u8][..]));
        // Checksums that do not fit the bytes: not a checked map at all.
        let (_file, map) = mapped(&bytes);
        assert!(CheckedMap::new(map, 4..end, end..end + 4, PathBuf::new()).is_none());
    }
}
