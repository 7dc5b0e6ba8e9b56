//! [`ArticleStore`]: the articles of a corpus as the browser and the search index hold them, and
//! the one owner of the *body format*.
//!
//! Every view needs every article's *head* (id, headline, byline, region, themes, date: what lists,
//! filters and counts look at), but only the one article being read, exported or shown as a hit
//! needs its *body* (paragraphs and places, nine tenths of the bytes). So the store keeps the
//! heads in a compact [`HeadTable`] and the bodies either in memory (a corpus just parsed) or in
//! snapshot segment files ([`super::snapshot`]), read (one positioned read each) and decoded one
//! article at a time. At 100,000 articles that is the difference between holding the archive and holding a
//! catalogue.
//!
//! **Body record** (what `encode_record` writes and `decode_record` reads): a CRC-32 of the
//! payload (little-endian u32), then the payload: the `Body` in postcard (what the article has
//! besides its head). A record whose checksum fails is reported as damage, never decoded: a flipped bit
//! gives an error, not altered text.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::checked::CheckedMap;
use super::heads::{FacetColumns, Head, HeadTable};
use crate::article::{Article, Cut, DateSource, Doubt, Paragraph, Place};

/// Why an article's paragraphs could not be read back from a snapshot.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("no article number {index} (the store holds {len})")]
    OutOfRange { index: usize, len: usize },
    #[error("the corpus snapshot {path} is damaged at article {index} ({detail}); {remedy}")]
    Damaged {
        path: PathBuf,
        index: usize,
        detail: RecordError,
        /// What the user should do: nothing but run again when the snapshot could be removed.
        remedy: String,
    },
}

/// What is wrong with one body record (see the module docs), or why it could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("cannot encode article {id}: {source}")]
    Encode { id: String, source: postcard::Error },
    #[error("it has no place in the snapshot")]
    NoPlace,
    #[error("its text lies outside the snapshot")]
    OutOfBounds,
    #[error("cannot read its text: {0}")]
    Read(String),
    #[error("its record is shorter than a checksum")]
    Short,
    #[error("its text fails its checksum")]
    Checksum,
    #[error("cannot decode its text: {0}")]
    Decode(postcard::Error),
}

/// What an article has besides its head: its text, the places it mentions, the province, the
/// date's source and the cutter's notes. Its own struct rather than the `Article` minus its head:
/// `Article` skips empty fields in JSON (`skip_serializing_if`), which a format without field
/// names such as postcard cannot read back. A field added to `Article` must be added here; the
/// test `a_body_record_and_its_head_give_back_the_whole_article` fails until it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Body {
    province: String,
    places: Vec<Place>,
    date_source: Option<DateSource>,
    paragraphs: Vec<Paragraph>,
    continued_to: Option<u32>,
    continued_from: Option<u32>,
    credits: Vec<String>,
    cut: Option<Cut>,
    doubts: Vec<Doubt>,
}

impl From<Article> for Body {
    fn from(article: Article) -> Body {
        Body {
            province: article.region.province,
            places: article.places,
            date_source: article.date_source,
            paragraphs: article.paragraphs,
            continued_to: article.continued_to,
            continued_from: article.continued_from,
            credits: article.credits,
            cut: article.cut,
            doubts: article.doubts,
        }
    }
}

impl Body {
    pub(crate) fn of(article: &Article) -> Body {
        Body {
            province: article.region.province.clone(),
            places: article.places.clone(),
            date_source: article.date_source,
            paragraphs: article.paragraphs.clone(),
            continued_to: article.continued_to,
            continued_from: article.continued_from,
            credits: article.credits.clone(),
            cut: article.cut.clone(),
            doubts: article.doubts.clone(),
        }
    }

    fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The whole article: the head's fields and this body's.
    fn complete(self, head: Head<'_>) -> Article {
        let mut article = head.to_article();
        article.region.province = self.province;
        article.places = self.places;
        article.date_source = self.date_source;
        article.paragraphs = self.paragraphs;
        article.continued_to = self.continued_to;
        article.continued_from = self.continued_from;
        article.credits = self.credits;
        article.cut = self.cut;
        article.doubts = self.doubts;
        article
    }
}

/// Bytes of the checksum in front of every record.
const CHECKSUM_BYTES: usize = 4;

/// Appends the body record of `article` to `out` (see the module docs).
pub(crate) fn encode_record(article: &Article, out: &mut Vec<u8>) -> Result<(), RecordError> {
    let at = out.len();
    out.extend_from_slice(&[0; CHECKSUM_BYTES]);
    let payload =
        postcard::to_extend(&Body::of(article), std::mem::take(out)).map_err(|source| {
            RecordError::Encode {
                id: article.id.clone(),
                source,
            }
        })?;
    *out = payload;
    let crc = crc32fast::hash(&out[at + CHECKSUM_BYTES..]);
    out[at..at + CHECKSUM_BYTES].copy_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// Checks a record's checksum; the payload when it holds.
pub(crate) fn verify_record(record: &[u8]) -> Result<&[u8], RecordError> {
    if record.len() < CHECKSUM_BYTES {
        return Err(RecordError::Short);
    }
    let (crc, payload) = record.split_at(CHECKSUM_BYTES);
    let expected = u32::from_le_bytes(crc.try_into().expect("4 bytes"));
    if crc32fast::hash(payload) != expected {
        return Err(RecordError::Checksum);
    }
    Ok(payload)
}

/// Decodes one body record (checksum first, then the payload).
pub(crate) fn decode_record(record: &[u8]) -> Result<Body, RecordError> {
    let payload = verify_record(record)?;
    postcard::from_bytes(payload).map_err(RecordError::Decode)
}

/// Where one article's body record lies: `len` bytes at `offset` in segment `segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BodyRef {
    pub segment: u32,
    pub offset: u64,
    pub len: u32,
}

/// Where every article's body lies: flat records of segment (u32), length (u32) and offset (u64),
/// little-endian, read in place from the mapped manifest (a damaged chunk reads as no place).
pub(crate) struct BodyRefs {
    bytes: Arc<CheckedMap>,
    range: Range<usize>,
}

impl BodyRefs {
    /// `range` must hold whole records (the snapshot checks it against the article count).
    pub(crate) fn new(bytes: Arc<CheckedMap>, range: Range<usize>) -> BodyRefs {
        BodyRefs { bytes, range }
    }

    fn get(&self, index: usize) -> Option<BodyRef> {
        let from = self.range.start.checked_add(index.checked_mul(16)?)?;
        let to = from.checked_add(16).filter(|&to| to <= self.range.end)?;
        let record = self.bytes.get(from..to)?;
        let u32_at =
            |at: usize| u32::from_le_bytes(record[at..at + 4].try_into().expect("4 bytes"));
        Some(BodyRef {
            segment: u32_at(0),
            len: u32_at(4),
            offset: u64::from_le_bytes(record[8..16].try_into().expect("8 bytes")),
        })
    }
}

/// A body segment file, read record by record with positioned reads. A body is a few
/// kilobytes read where it lies, so the process holds what it decodes; through a mapping, a
/// kernel that maps the page cache's large folios whole made a few hundred bodies (one search's
/// hits) tens of megabytes of the process (docs/PERFORMANCE.md, "Memory while browsing at 1M").
pub(crate) struct Segment {
    pub name: String,
    file: std::fs::File,
    len: u64,
}

impl Segment {
    /// The segment `name`, open as `file`, `len` bytes long.
    pub(crate) fn new(name: String, file: std::fs::File, len: u64) -> Segment {
        Segment { name, file, len }
    }

    /// Appends the `len` bytes at `offset` to `out`: `OutOfBounds` if they are not all in the
    /// segment, `Read` if the file cannot be read.
    fn read(&self, offset: u64, len: u32, out: &mut Vec<u8>) -> Result<(), RecordError> {
        let end = offset.checked_add(u64::from(len));
        if end.is_none_or(|end| end > self.len) {
            return Err(RecordError::OutOfBounds);
        }
        let start = out.len();
        out.resize(start + len as usize, 0);
        read_exact_at(&self.file, &mut out[start..], offset).map_err(|e| {
            out.truncate(start);
            RecordError::Read(e.to_string())
        })
    }
}

/// `pread`: fills `buf` from `offset` without moving a shared file position (the worker and the
/// browser read bodies at once).
#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Where the bodies live.
pub(crate) enum Bodies {
    Memory(Vec<Body>),
    Mapped {
        /// The snapshot's manifest: removed when damage is found, so the next start heals.
        manifest: PathBuf,
        segments: Vec<Segment>,
        refs: BodyRefs,
    },
}

/// The articles of a corpus, in corpus order: heads in memory, bodies on demand.
pub struct ArticleStore {
    heads: HeadTable,
    bodies: Bodies,
    /// The first damage found in a mapped snapshot (the snapshot is then removed).
    damage: OnceLock<StoreError>,
    /// [`HeadTable::ids_digest`], worked out once (or known from the snapshot).
    ids_digest: OnceLock<u64>,
}

impl std::fmt::Debug for ArticleStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bodies = match &self.bodies {
            Bodies::Memory(_) => "memory".to_string(),
            Bodies::Mapped { manifest, .. } => manifest.display().to_string(),
        };
        f.debug_struct("ArticleStore")
            .field("articles", &self.heads.len())
            .field("bodies", &bodies)
            .finish_non_exhaustive()
    }
}

impl Default for ArticleStore {
    /// No articles.
    fn default() -> Self {
        Self::from_articles(Vec::new())
    }
}

impl ArticleStore {
    /// A store holding these articles in memory.
    pub fn from_articles(articles: Vec<Article>) -> ArticleStore {
        // Over 4 GiB of headline text cannot be held in memory as articles in the first place.
        let heads = HeadTable::build(&articles).expect("headlines of an in-memory corpus fit");
        let bodies = articles.into_iter().map(Body::from).collect();
        Self::new(heads, Bodies::Memory(bodies))
    }

    pub(crate) fn new(heads: HeadTable, bodies: Bodies) -> ArticleStore {
        ArticleStore {
            heads,
            bodies,
            damage: OnceLock::new(),
            ids_digest: OnceLock::new(),
        }
    }

    /// The same store, its [`Self::ids_digest`] known (written with the snapshot).
    pub(crate) fn knowing_ids_digest(self, digest: u64) -> ArticleStore {
        let _ = self.ids_digest.set(digest);
        self
    }

    /// A digest of the article ids in order (`HeadTable::ids_digest`): what the search index
    /// checks it was built for, without reading every id at every start.
    pub fn ids_digest(&self) -> u64 {
        *self.ids_digest.get_or_init(|| self.heads.ids_digest())
    }

    /// The first damage found in the snapshot this store maps, if any: the snapshot has then
    /// been removed, so the next start reads the pages again.
    pub fn damage(&self) -> Option<&StoreError> {
        self.damage.get()
    }

    /// Records damage at article `index` and removes the snapshot (once), so that the next start
    /// parses the pages instead of meeting the same damage: a cache heals itself.
    fn damaged(&self, path: &std::path::Path, index: usize, detail: RecordError) -> StoreError {
        let first = self.damage.get_or_init(|| {
            // The mapping stays valid after the file is removed (POSIX); on systems that
            // refuse to remove a mapped file the user is asked to.
            let remedy = match std::fs::remove_file(path) {
                Ok(()) => "it has been removed: run kanbao again to read the pages anew".into(),
                Err(_) => "delete it, and kanbao reads the pages anew".to_string(),
            };
            StoreError::Damaged {
                path: path.to_path_buf(),
                index,
                detail: detail.clone(),
                remedy,
            }
        });
        let remedy = match first {
            StoreError::Damaged { remedy, .. } => remedy.clone(),
            StoreError::OutOfRange { .. } => String::new(),
        };
        StoreError::Damaged {
            path: path.to_path_buf(),
            index,
            detail,
            remedy,
        }
    }

    /// How many articles the store holds.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether the store holds no article.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Article `index`'s head.
    pub fn head(&self, index: usize) -> Option<Head<'_>> {
        self.heads.get(index)
    }

    /// Every article's head, in corpus order.
    pub fn heads(&self) -> impl ExactSizeIterator<Item = Head<'_>> + '_ {
        self.heads.iter()
    }

    /// Every article's facet columns, for a pass over all of them (see
    /// [`HeadTable::facet_columns`]).
    pub(crate) fn facet_columns(&self) -> FacetColumns<'_> {
        self.heads.facet_columns()
    }

    /// The position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.heads.position(id)
    }

    fn body(&self, index: usize) -> Result<Body, StoreError> {
        match &self.bodies {
            Bodies::Memory(bodies) => bodies.get(index).cloned().ok_or(StoreError::OutOfRange {
                index,
                len: self.len(),
            }),
            Bodies::Mapped { manifest, .. } => {
                let mut record = Vec::new();
                self.read_record(index, &mut record)?;
                decode_record(&record).map_err(|detail| self.damaged(manifest, index, detail))
            }
        }
    }

    /// Appends article `index`'s body record as stored to `out`, its checksum verified (copied
    /// as it is when a snapshot is compacted). An error for a store held in memory.
    pub(crate) fn read_record(&self, index: usize, out: &mut Vec<u8>) -> Result<(), StoreError> {
        let len = self.heads.len();
        if index >= len {
            return Err(StoreError::OutOfRange { index, len });
        }
        let Bodies::Mapped {
            manifest,
            segments,
            refs,
        } = &self.bodies
        else {
            return Err(StoreError::OutOfRange { index, len: 0 });
        };
        let damaged = |detail: RecordError| self.damaged(manifest, index, detail);
        let at = refs
            .get(index)
            .ok_or_else(|| damaged(RecordError::NoPlace))?;
        let segment = segments
            .get(at.segment as usize)
            .ok_or_else(|| damaged(RecordError::OutOfBounds))?;
        let start = out.len();
        segment.read(at.offset, at.len, out).map_err(&damaged)?;
        if let Err(detail) = verify_record(&out[start..]) {
            out.truncate(start);
            return Err(damaged(detail));
        }
        Ok(())
    }

    /// Where article `index`'s body lies in the snapshot, if the store maps one.
    pub(crate) fn body_ref(&self, index: usize) -> Option<BodyRef> {
        match &self.bodies {
            Bodies::Mapped { refs, .. } => refs.get(index),
            Bodies::Memory(_) => None,
        }
    }

    /// The names of the segment files the store maps, in segment order.
    pub(crate) fn segment_names(&self) -> Vec<String> {
        match &self.bodies {
            Bodies::Mapped { segments, .. } => segments.iter().map(|s| s.name.clone()).collect(),
            Bodies::Memory(_) => Vec::new(),
        }
    }

    /// Calls `f` with article `index`'s paragraphs, borrowed when they are in memory (a scan of
    /// every article then copies nothing).
    pub(crate) fn with_paragraphs<R>(
        &self,
        index: usize,
        f: impl FnOnce(&[Paragraph]) -> R,
    ) -> Result<R, StoreError> {
        match &self.bodies {
            Bodies::Memory(bodies) if index < bodies.len() => Ok(f(bodies[index].paragraphs())),
            _ => Ok(f(self.body(index)?.paragraphs())),
        }
    }

    /// Article `index`, whole.
    pub fn article(&self, index: usize) -> Result<Article, StoreError> {
        let body = self.body(index)?;
        let head = self.heads.get(index).ok_or(StoreError::OutOfRange {
            index,
            len: self.len(),
        })?;
        Ok(body.complete(head))
    }

    /// The article with this id, whole.
    pub(crate) fn article_by_id(&self, id: &str) -> Option<Result<Article, StoreError>> {
        self.position(id).map(|i| self.article(i))
    }

    /// Every article, whole, in corpus order (building an index, exporting everything).
    pub fn articles(&self) -> impl Iterator<Item = Result<Article, StoreError>> + '_ {
        (0..self.len()).map(|i| self.article(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleKind, Byline, CutSign, DoubtKind, ParagraphKind, Region};

    /// An article with every field set, so a field the body format drops shows.
    fn full() -> Article {
        Article {
            id: "b4d912-3".into(),
            page: "000_b4d91279af1e54d0".into(),
            seq: 3,
            kind: ArticleKind::Photo,
            column: Some("推进产改进行时".into()),
            kicker: Some("引题".into()),
            title: "主题".into(),
            subtitle: Some("副题".into()),
            byline: Byline {
                reporters: vec!["王艳".into()],
                correspondents: vec!["李明".into()],
                photographers: vec!["张三".into()],
            },
            paragraphs: vec![
                Paragraph::new(ParagraphKind::Text, "第一段。"),
                Paragraph::new(ParagraphKind::Text, "第二段。"),
            ],
            region: Region {
                province: "浙江省".into(),
                city: Some("杭州市".into()),
                county: Some("西湖区".into()),
            },
            places: vec![Place {
                city: Some("杭州市".into()),
                county: Some("西湖区".into()),
                mentions: 2,
            }],
            themes: vec!["skills".into()],
            date: Some("2023-06-01".into()),
            date_source: Some(DateSource::Inferred),
            continued_to: Some(4),
            continued_from: Some(1),
            credits: vec!["摄影 张三".into()],
            cut: Some(Cut {
                line: 12,
                anchor: "evidence".into(),
                score: 3,
                signs: vec![CutSign {
                    sign: "two headline lines".into(),
                    weight: 2,
                    detail: "2".into(),
                }],
            }),
            doubts: vec![Doubt {
                line: 14,
                kind: DoubtKind::Short,
                reason: "59 characters".into(),
            }],
        }
    }

    #[test]
    fn a_body_record_and_its_head_give_back_the_whole_article() {
        let article = full();
        let mut record = Vec::new();
        encode_record(&article, &mut record).unwrap();
        let heads = HeadTable::build([&article]).unwrap();
        let back = decode_record(&record)
            .unwrap()
            .complete(heads.get(0).unwrap());
        assert_eq!(back, article);
    }

    #[test]
    fn every_flipped_bit_of_a_record_is_caught() {
        let mut record = Vec::new();
        encode_record(&full(), &mut record).unwrap();
        for at in 0..record.len() {
            for bit in 0..8 {
                let mut flipped = record.clone();
                flipped[at] ^= 1 << bit;
                let err = decode_record(&flipped).unwrap_err();
                assert_eq!(err, RecordError::Checksum, "byte {at} bit {bit}: {err}");
            }
        }
        assert_eq!(decode_record(&record[..3]), Err(RecordError::Short));
    }

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: format!("{id} title"),
            paragraphs: vec![Paragraph::new(ParagraphKind::Text, text)],
            ..Default::default()
        }
    }

    #[test]
    fn heads_have_no_paragraphs_but_articles_do() {
        let store = ArticleStore::from_articles(vec![article("a-1", "一"), article("b-2", "二")]);
        assert_eq!(store.len(), 2);
        assert_eq!(store.head(1).unwrap().title(), "b-2 title");
        assert_eq!(store.article(1).unwrap(), article("b-2", "二"));
        assert_eq!(store.position("a-1"), Some(0));
        assert_eq!(store.position("b-2"), Some(1));
        assert_eq!(store.position("c-3"), None);
        assert!(matches!(
            store.article(2),
            Err(StoreError::OutOfRange { index: 2, len: 2 })
        ));
        let all: Vec<Article> = store.articles().collect::<Result<_, _>>().unwrap();
        assert_eq!(all, vec![article("a-1", "一"), article("b-2", "二")]);
    }
}
