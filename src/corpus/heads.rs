//! The head table: every article's head (id, page, headline, byline, region, themes, date) in a
//! few flat arrays, read through [`Head`] views.
//!
//! Lists, filters and counts look at every article's head, so the heads of a 100,000-article
//! archive must be small and quick to load. As `Article`s they took about 1.3 KB each (a struct
//! of 400 bytes and some twenty separate strings); here a head is one record of [`FIELDS`] `u32`s
//! (offsets into one string blob, in which equal strings such as city names, theme ids, page
//! names and dates are stored once) plus its share of the blob: about 250 bytes, loaded from the
//! snapshot with a handful of large reads instead of two million small allocations.
//!
//! Bytes on disk (all little-endian): a directory of five `u64` (article count, then the byte
//! lengths of the records, the lists, the id index and the blob), then those four sections.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use crate::article::{Article, ArticleKind, Byline, Region, fnv1a};

// Field positions in a record (each one u32). A span is (offset, length) in the blob, a list is
// (first, count) in `lists`, whose entries are spans.
const ID: usize = 0;
const PAGE: usize = 2;
const SEQ: usize = 4;
const KIND: usize = 5;
const COLUMN: usize = 6;
const KICKER: usize = 8;
const TITLE: usize = 10;
const SUBTITLE: usize = 12;
const REPORTERS: usize = 14;
const CORRESPONDENTS: usize = 16;
const PHOTOGRAPHERS: usize = 18;
const CITY: usize = 20;
const COUNTY: usize = 22;
const THEMES: usize = 24;
const DATE: usize = 26;
/// u32s per record.
pub const FIELDS: usize = 28;
const RECORD_BYTES: usize = FIELDS * 4;
/// The length of an absent optional string.
const NONE: u32 = u32::MAX;

/// Why a head table could not be read or built.
#[derive(Debug, thiserror::Error)]
pub enum HeadTableError {
    #[error("the head table is damaged: {0}")]
    Damaged(String),
    #[error("the archive's headlines exceed the head table's 4 GiB limit")]
    TooLarge,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The heads of a corpus, in corpus order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadTable {
    /// `FIELDS` little-endian u32s per article, as on disk (read without conversion).
    records: Vec<u8>,
    /// Spans: two little-endian u32s each.
    lists: Vec<u8>,
    /// (hash of id, article index), sorted by hash.
    ids: Vec<(u64, u32)>,
    blob: String,
}

/// One article's head, borrowed from a [`HeadTable`]. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Head<'a> {
    table: &'a HeadTable,
    index: usize,
}

impl std::fmt::Debug for Head<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Head")
            .field("index", &self.index)
            .field("id", &self.id())
            .field("title", &self.title())
            .finish()
    }
}

impl HeadTable {
    /// The heads of these articles.
    pub fn build<'a>(
        articles: impl IntoIterator<Item = &'a Article>,
    ) -> Result<HeadTable, HeadTableError> {
        let mut builder = Builder::default();
        for article in articles {
            builder.push(article)?;
        }
        Ok(builder.finish())
    }

    pub fn len(&self) -> usize {
        self.records.len() / RECORD_BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<Head<'_>> {
        (index < self.len()).then_some(Head { table: self, index })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Head<'_>> + '_ {
        (0..self.len()).map(move |index| Head { table: self, index })
    }

    /// The index of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        let hash = fnv1a(id.as_bytes());
        let first = self.ids.partition_point(|&(h, _)| h < hash);
        self.ids[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.get(i).is_some_and(|head| head.id() == id))
    }

    fn field(&self, index: usize, field: usize) -> u32 {
        word(&self.records, index * FIELDS + field)
    }

    fn span(&self, offset: u32, len: u32) -> Option<&str> {
        if len == NONE {
            return None;
        }
        let start = offset as usize;
        // A damaged table gives empty strings, never a panic.
        Some(self.blob.get(start..start + len as usize).unwrap_or(""))
    }

    fn string(&self, index: usize, field: usize) -> Option<&str> {
        self.span(self.field(index, field), self.field(index, field + 1))
    }

    fn list(&self, index: usize, field: usize) -> impl Iterator<Item = &str> + '_ {
        let first = self.field(index, field) as usize;
        let count = self.field(index, field + 1) as usize;
        let entries = self
            .lists
            .get(first * 8..(first + count) * 8)
            .unwrap_or_default();
        entries
            .chunks_exact(8)
            .filter_map(|pair| self.span(word(pair, 0), word(pair, 1)))
    }

    /// Writes the table (see the module docs for the layout).
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        for n in [
            self.len() as u64,
            self.records.len() as u64,
            self.lists.len() as u64,
            self.ids.len() as u64 * 12,
            self.blob.len() as u64,
        ] {
            out.write_all(&n.to_le_bytes())?;
        }
        out.write_all(&self.records)?;
        out.write_all(&self.lists)?;
        let mut buf = Vec::with_capacity(1 << 16);
        for chunk in self.ids.chunks(1 << 12) {
            buf.clear();
            for (hash, index) in chunk {
                buf.extend_from_slice(&hash.to_le_bytes());
                buf.extend_from_slice(&index.to_le_bytes());
            }
            out.write_all(&buf)?;
        }
        out.write_all(self.blob.as_bytes())
    }

    /// Reads a table written by [`Self::write_to`], checking its shape. `available` bounds
    /// every length read, so a damaged directory cannot ask for more memory than the file has.
    pub fn read_from(input: &mut impl Read, available: u64) -> Result<HeadTable, HeadTableError> {
        let damaged = |what: &str| HeadTableError::Damaged(what.to_string());
        let mut directory = [0u8; 40];
        input.read_exact(&mut directory)?;
        let word = |i: usize| u64::from_le_bytes(directory[i * 8..i * 8 + 8].try_into().unwrap());
        let (n, records_len, lists_len, ids_len, blob_len) =
            (word(0), word(1), word(2), word(3), word(4));
        let total = [records_len, lists_len, ids_len, blob_len]
            .iter()
            .try_fold(40u64, |sum, &len| sum.checked_add(len));
        if total != Some(available) {
            return Err(damaged("its sections do not add up to its length"));
        }
        if Some(records_len) != n.checked_mul(FIELDS as u64 * 4)
            || Some(ids_len) != n.checked_mul(12)
            || lists_len % 8 != 0
        {
            return Err(damaged("its sections do not fit its article count"));
        }
        let mut records = vec![0u8; records_len as usize];
        input.read_exact(&mut records)?;
        let mut lists = vec![0u8; lists_len as usize];
        input.read_exact(&mut lists)?;
        let mut id_bytes = vec![0u8; ids_len as usize];
        input.read_exact(&mut id_bytes)?;
        let ids: Vec<(u64, u32)> = id_bytes
            .chunks_exact(12)
            .map(|c| {
                (
                    u64::from_le_bytes(c[..8].try_into().unwrap()),
                    u32::from_le_bytes(c[8..].try_into().unwrap()),
                )
            })
            .collect();
        drop(id_bytes);
        let mut blob = vec![0u8; blob_len as usize];
        input.read_exact(&mut blob)?;
        let blob = String::from_utf8(blob).map_err(|_| damaged("its text is not UTF-8"))?;
        if ids.iter().any(|&(_, i)| u64::from(i) >= n) || !ids.is_sorted() {
            return Err(damaged("its id index is out of order"));
        }
        Ok(HeadTable {
            records,
            lists,
            ids,
            blob,
        })
    }
}

/// The `n`th little-endian u32 of `bytes`.
fn word(bytes: &[u8], n: usize) -> u32 {
    let at = n * 4;
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[derive(Default)]
struct Builder {
    table: HeadTable,
    interned: HashMap<String, u32>,
}

impl Builder {
    fn intern(&mut self, text: &str) -> Result<[u32; 2], HeadTableError> {
        let len = u32::try_from(text.len())
            .ok()
            .filter(|&l| l != NONE)
            .ok_or(HeadTableError::TooLarge)?;
        if let Some(&offset) = self.interned.get(text) {
            return Ok([offset, len]);
        }
        let offset = u32::try_from(self.table.blob.len()).map_err(|_| HeadTableError::TooLarge)?;
        self.table.blob.push_str(text);
        self.interned.insert(text.to_string(), offset);
        Ok([offset, len])
    }

    fn optional(&mut self, text: Option<&str>) -> Result<[u32; 2], HeadTableError> {
        match text {
            Some(text) => self.intern(text),
            None => Ok([0, NONE]),
        }
    }

    fn list(&mut self, items: &[String]) -> Result<[u32; 2], HeadTableError> {
        let first =
            u32::try_from(self.table.lists.len() / 8).map_err(|_| HeadTableError::TooLarge)?;
        for item in items {
            let span = self.intern(item)?;
            self.table
                .lists
                .extend(span.iter().flat_map(|w| w.to_le_bytes()));
        }
        Ok([first, items.len() as u32])
    }

    fn push(&mut self, a: &Article) -> Result<(), HeadTableError> {
        let index = u32::try_from(self.table.len()).map_err(|_| HeadTableError::TooLarge)?;
        let kind = match a.kind {
            ArticleKind::News => 0,
            ArticleKind::Photo => 1,
            ArticleKind::Notice => 2,
        };
        let mut record = [0u32; FIELDS];
        record[ID..ID + 2].copy_from_slice(&self.intern(&a.id)?);
        record[PAGE..PAGE + 2].copy_from_slice(&self.intern(&a.page)?);
        record[SEQ] = a.seq;
        record[KIND] = kind;
        record[COLUMN..COLUMN + 2].copy_from_slice(&self.optional(a.column.as_deref())?);
        record[KICKER..KICKER + 2].copy_from_slice(&self.optional(a.kicker.as_deref())?);
        record[TITLE..TITLE + 2].copy_from_slice(&self.intern(&a.title)?);
        record[SUBTITLE..SUBTITLE + 2].copy_from_slice(&self.optional(a.subtitle.as_deref())?);
        record[REPORTERS..REPORTERS + 2].copy_from_slice(&self.list(&a.byline.reporters)?);
        record[CORRESPONDENTS..CORRESPONDENTS + 2]
            .copy_from_slice(&self.list(&a.byline.correspondents)?);
        record[PHOTOGRAPHERS..PHOTOGRAPHERS + 2]
            .copy_from_slice(&self.list(&a.byline.photographers)?);
        record[CITY..CITY + 2].copy_from_slice(&self.optional(a.region.city.as_deref())?);
        record[COUNTY..COUNTY + 2].copy_from_slice(&self.optional(a.region.county.as_deref())?);
        record[THEMES..THEMES + 2].copy_from_slice(&self.list(&a.themes)?);
        record[DATE..DATE + 2].copy_from_slice(&self.optional(a.date.as_deref())?);
        self.table
            .records
            .extend(record.iter().flat_map(|w| w.to_le_bytes()));
        self.table.ids.push((fnv1a(a.id.as_bytes()), index));
        Ok(())
    }

    fn finish(mut self) -> HeadTable {
        self.table.ids.sort_unstable();
        self.table
    }
}

impl<'a> Head<'a> {
    /// The article's position in the corpus.
    pub fn index(&self) -> usize {
        self.index
    }

    pub fn id(&self) -> &'a str {
        self.table.string(self.index, ID).unwrap_or_default()
    }

    pub fn page(&self) -> &'a str {
        self.table.string(self.index, PAGE).unwrap_or_default()
    }

    pub fn seq(&self) -> u32 {
        self.table.field(self.index, SEQ)
    }

    pub fn kind(&self) -> ArticleKind {
        match self.table.field(self.index, KIND) {
            1 => ArticleKind::Photo,
            2 => ArticleKind::Notice,
            _ => ArticleKind::News,
        }
    }

    pub fn column(&self) -> Option<&'a str> {
        self.table.string(self.index, COLUMN)
    }

    pub fn kicker(&self) -> Option<&'a str> {
        self.table.string(self.index, KICKER)
    }

    pub fn title(&self) -> &'a str {
        self.table.string(self.index, TITLE).unwrap_or_default()
    }

    pub fn subtitle(&self) -> Option<&'a str> {
        self.table.string(self.index, SUBTITLE)
    }

    pub fn reporters(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, REPORTERS)
    }

    pub fn correspondents(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, CORRESPONDENTS)
    }

    pub fn photographers(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, PHOTOGRAPHERS)
    }

    /// Everyone the byline credits: reporters, correspondents, photographers.
    pub fn people(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.reporters()
            .chain(self.correspondents())
            .chain(self.photographers())
    }

    pub fn city(&self) -> Option<&'a str> {
        self.table.string(self.index, CITY)
    }

    pub fn county(&self) -> Option<&'a str> {
        self.table.string(self.index, COUNTY)
    }

    /// Theme ids, strongest first.
    pub fn themes(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, THEMES)
    }

    pub fn has_theme(&self, theme: &str) -> bool {
        self.themes().any(|t| t == theme)
    }

    pub fn date(&self) -> Option<&'a str> {
        self.table.string(self.index, DATE)
    }

    /// The headline block as one line: kicker, title, subtitle (as [`Article::headline`]).
    pub fn headline(&self) -> String {
        [self.kicker(), Some(self.title()), self.subtitle()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The head as an `Article` with what only the body record holds left at its defaults
    /// (no paragraphs, no places).
    pub fn to_article(&self) -> Article {
        let strings = |it: &mut dyn Iterator<Item = &str>| it.map(str::to_string).collect();
        Article {
            id: self.id().to_string(),
            page: self.page().to_string(),
            seq: self.seq(),
            kind: self.kind(),
            column: self.column().map(str::to_string),
            kicker: self.kicker().map(str::to_string),
            title: self.title().to_string(),
            subtitle: self.subtitle().map(str::to_string),
            byline: Byline {
                reporters: strings(&mut self.reporters()),
                correspondents: strings(&mut self.correspondents()),
                photographers: strings(&mut self.photographers()),
            },
            region: Region {
                city: self.city().map(str::to_string),
                county: self.county().map(str::to_string),
                ..Region::default()
            },
            themes: strings(&mut self.themes()),
            date: self.date().map(str::to_string),
            ..Article::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Article> {
        vec![
            Article {
                id: "b4d912-1".into(),
                page: "000_b4d91279af1e54d0".into(),
                seq: 1,
                kind: ArticleKind::Photo,
                column: Some("工会“小灵通”".into()),
                kicker: None,
                title: "技能阶梯".into(),
                subtitle: Some("".into()),
                byline: Byline {
                    reporters: vec!["王艳".into()],
                    correspondents: vec!["李明".into(), "王艳".into()],
                    photographers: vec![],
                },
                region: Region {
                    city: Some("杭州市".into()),
                    county: Some("西湖区".into()),
                    ..Region::default()
                },
                themes: vec!["skills".into(), "wages".into()],
                date: Some("2023-06".into()),
                ..Article::default()
            },
            Article {
                id: "b4d912-2".into(),
                page: "000_b4d91279af1e54d0".into(),
                seq: 2,
                title: "全省".into(),
                ..Article::default()
            },
        ]
    }

    #[test]
    fn heads_give_back_every_field() {
        let articles = sample();
        let table = HeadTable::build(&articles).unwrap();
        assert_eq!(table.len(), 2);
        for (i, article) in articles.iter().enumerate() {
            let head = table.get(i).unwrap();
            assert_eq!(head.to_article(), *article);
            assert_eq!(head.headline(), article.headline());
            assert_eq!(table.position(&article.id), Some(i));
        }
        let head = table.get(0).unwrap();
        assert_eq!(head.people().collect::<Vec<_>>(), ["王艳", "李明", "王艳"]);
        assert!(head.has_theme("wages") && !head.has_theme("gig"));
        assert_eq!(table.position("b4d912-3"), None);
        assert!(table.get(2).is_none());
        // Equal strings are stored once.
        assert_eq!(table.blob.matches("王艳").count(), 1);
        assert_eq!(table.blob.matches("000_b4d91279af1e54d0").count(), 1);
    }

    #[test]
    fn tables_round_trip_and_damage_is_reported() {
        let table = HeadTable::build(&sample()).unwrap();
        let mut bytes = Vec::new();
        table.write_to(&mut bytes).unwrap();
        let back = HeadTable::read_from(&mut bytes.as_slice(), bytes.len() as u64).unwrap();
        assert_eq!(back, table);
        // One byte short, one too many, a directory that lies: refused, not trusted.
        assert!(HeadTable::read_from(&mut bytes.as_slice(), bytes.len() as u64 + 1).is_err());
        let mut lying = bytes.clone();
        lying[0] = 9;
        assert!(HeadTable::read_from(&mut lying.as_slice(), lying.len() as u64).is_err());
        let mut not_utf8 = bytes.clone();
        let last = not_utf8.len() - 1;
        not_utf8[last] = 0xff;
        assert!(matches!(
            HeadTable::read_from(&mut not_utf8.as_slice(), not_utf8.len() as u64),
            Err(HeadTableError::Damaged(_))
        ));
    }
}
