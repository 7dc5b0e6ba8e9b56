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
//! lengths of the records, the lists, the id index and the blob), then those four sections. The
//! table is used where it lies: a snapshot's manifest is mapped and its heads are read in place
//! (nothing is copied or decoded at start, so a start costs the same at 1,000 and 1,000,000
//! articles); a table built in memory is those same bytes in a vector.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

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

/// The heads of a corpus, in corpus order: the bytes of the table as on disk (see the module
/// docs), wherever they lie, and where its sections are in them.
#[derive(Clone)]
pub struct HeadTable {
    bytes: TableBytes,
    len: usize,
    /// `FIELDS` little-endian u32s per article.
    records: Range<usize>,
    /// Spans: two little-endian u32s each.
    lists: Range<usize>,
    /// (hash of id: u64, article index: u32), sorted by hash.
    ids: Range<usize>,
    /// The strings, UTF-8 (checked string by string as they are read).
    blob: Range<usize>,
}

/// Where a table's bytes are: built in memory, or in a mapped snapshot manifest.
#[derive(Clone)]
pub(crate) enum TableBytes {
    Owned(Arc<Vec<u8>>),
    Mapped(Arc<memmap2::Mmap>),
}

impl TableBytes {
    fn all(&self) -> &[u8] {
        match self {
            TableBytes::Owned(bytes) => bytes,
            TableBytes::Mapped(map) => map,
        }
    }
}

/// Bytes of one entry of the id index.
const ID_ENTRY: usize = 12;
/// Bytes of the directory in front of the sections.
const DIRECTORY: usize = 40;

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

impl std::fmt::Debug for HeadTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeadTable")
            .field("articles", &self.len)
            .field("bytes", &self.table_bytes().len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for HeadTable {
    fn eq(&self, other: &Self) -> bool {
        self.table_bytes() == other.table_bytes()
    }
}

impl Eq for HeadTable {}

impl Default for HeadTable {
    /// No heads.
    fn default() -> Self {
        Builder::default().finish()
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

    /// The table written by [`Self::write_to`] at `at` in `bytes`, checking its shape (not its
    /// contents: the caller checksums them). Nothing is copied: the heads are read in place.
    pub(crate) fn in_place(
        bytes: TableBytes,
        at: Range<usize>,
    ) -> Result<HeadTable, HeadTableError> {
        let damaged = |what: &str| HeadTableError::Damaged(what.to_string());
        let all = bytes.all();
        let table = all
            .get(at.clone())
            .filter(|table| table.len() >= DIRECTORY)
            .ok_or_else(|| damaged("it is shorter than its directory"))?;
        let word = |i: usize| u64::from_le_bytes(table[i * 8..i * 8 + 8].try_into().unwrap());
        let (n, records_len, lists_len, ids_len, blob_len) =
            (word(0), word(1), word(2), word(3), word(4));
        let total = [records_len, lists_len, ids_len, blob_len]
            .iter()
            .try_fold(DIRECTORY as u64, |sum, &len| sum.checked_add(len));
        if total != Some(table.len() as u64) {
            return Err(damaged("its sections do not add up to its length"));
        }
        if Some(records_len) != n.checked_mul(RECORD_BYTES as u64)
            || Some(ids_len) != n.checked_mul(ID_ENTRY as u64)
            || lists_len % 8 != 0
        {
            return Err(damaged("its sections do not fit its article count"));
        }
        // Every length is now bounded by the table's, which is in memory.
        let mut next = at.start + DIRECTORY;
        let mut section = |len: u64| {
            let range = next..next + len as usize;
            next = range.end;
            range
        };
        let (records, lists, ids, blob) = (
            section(records_len),
            section(lists_len),
            section(ids_len),
            section(blob_len),
        );
        Ok(HeadTable {
            len: n as usize,
            records,
            lists,
            ids,
            blob,
            bytes,
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
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
        let ids = self.section(&self.ids);
        let entry = |i: usize| {
            let at = i * ID_ENTRY;
            let hash = u64::from_le_bytes(ids[at..at + 8].try_into().expect("8 bytes"));
            (hash, word(ids, i * 3 + 2) as usize)
        };
        let count = ids.len() / ID_ENTRY;
        // partition_point over the entries, without collecting them.
        let (mut low, mut high) = (0, count);
        while low < high {
            let mid = low + (high - low) / 2;
            if entry(mid).0 < hash {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        (low..count)
            .map(entry)
            .take_while(|&(h, _)| h == hash)
            .map(|(_, i)| i)
            .find(|&i| self.get(i).is_some_and(|head| head.id() == id))
    }

    fn section(&self, range: &Range<usize>) -> &[u8] {
        &self.bytes.all()[range.clone()]
    }

    /// The table's bytes as on disk.
    fn table_bytes(&self) -> &[u8] {
        &self.bytes.all()[self.records.start - DIRECTORY..self.blob.end]
    }

    fn field(&self, index: usize, field: usize) -> u32 {
        // One bounds check against the whole table (`index < len` keeps it in the records).
        let at = self.records.start + (index * FIELDS + field) * 4;
        self.bytes
            .all()
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn span(&self, offset: u32, len: u32) -> Option<&str> {
        if len == NONE {
            return None;
        }
        let start = offset as usize;
        // A damaged table gives empty strings, never a panic.
        let bytes = self
            .section(&self.blob)
            .get(start..start.saturating_add(len as usize))
            .unwrap_or_default();
        Some(std::str::from_utf8(bytes).unwrap_or_default())
    }

    fn string(&self, index: usize, field: usize) -> Option<&str> {
        self.span(self.field(index, field), self.field(index, field + 1))
    }

    fn list(&self, index: usize, field: usize) -> impl Iterator<Item = &str> + '_ {
        self.list_spans(index, field)
            .filter_map(|span| self.span(span.offset(), span.len()))
    }

    /// A list's entries as spans, absent entries (a damaged table) left out as `list` does.
    fn list_spans(&self, index: usize, field: usize) -> impl Iterator<Item = Span> + '_ {
        let first = self.field(index, field) as usize;
        let count = self.field(index, field + 1) as usize;
        let entries = self
            .section(&self.lists)
            .get(first.saturating_mul(8)..first.saturating_add(count).saturating_mul(8))
            .unwrap_or_default();
        entries
            .chunks_exact(8)
            .map(|pair| Span::new(word(pair, 0), word(pair, 1)))
            .filter(|span| span.len() != NONE)
    }

    /// An optional string field as a span, `None` when absent.
    fn span_field(&self, index: usize, field: usize) -> Option<Span> {
        let len = self.field(index, field + 1);
        (len != NONE).then(|| Span::new(self.field(index, field), len))
    }

    /// A digest of the article ids in order (FNV-1a of the ids, each followed by a zero byte):
    /// catches a search index built for other articles under the same fingerprint.
    pub fn ids_digest(&self) -> u64 {
        let mut joined = Vec::with_capacity(self.len() * 12);
        for head in self.iter() {
            joined.extend_from_slice(head.id().as_bytes());
            joined.push(0);
        }
        fnv1a(&joined)
    }

    /// Writes the table (see the module docs for the layout).
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(self.table_bytes())
    }
}

/// Where a string lies in a table's blob (offset and length as one number). The builder stores
/// equal strings once, so within one table a span stands for its string and can be hashed and
/// compared as a number instead of as text (what `filter::facets` counts by). The converse is
/// not promised (a damaged table may read as the same text at two spans): compare the text
/// ([`Head::text`]) before taking two spans for two strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Span(u64);

impl Span {
    fn new(offset: u32, len: u32) -> Span {
        Span(u64::from(offset) << 32 | u64::from(len))
    }

    fn offset(self) -> u32 {
        (self.0 >> 32) as u32
    }

    fn len(self) -> u32 {
        self.0 as u32
    }
}

/// The `n`th little-endian u32 of `bytes`.
fn word(bytes: &[u8], n: usize) -> u32 {
    let at = n * 4;
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Builds a table article by article, from parsed articles or from the heads of another table
/// (an update keeps the unchanged pages' heads without making articles of them).
#[derive(Default)]
pub(crate) struct Builder {
    records: Vec<u8>,
    lists: Vec<u8>,
    ids: Vec<(u64, u32)>,
    blob: String,
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
        let offset = u32::try_from(self.blob.len()).map_err(|_| HeadTableError::TooLarge)?;
        self.blob.push_str(text);
        self.interned.insert(text.to_string(), offset);
        Ok([offset, len])
    }

    fn optional(&mut self, text: Option<&str>) -> Result<[u32; 2], HeadTableError> {
        match text {
            Some(text) => self.intern(text),
            None => Ok([0, NONE]),
        }
    }

    fn list<'s>(
        &mut self,
        items: impl Iterator<Item = &'s str>,
    ) -> Result<[u32; 2], HeadTableError> {
        let first = u32::try_from(self.lists.len() / 8).map_err(|_| HeadTableError::TooLarge)?;
        let mut count = 0u32;
        for item in items {
            let span = self.intern(item)?;
            self.lists.extend(span.iter().flat_map(|w| w.to_le_bytes()));
            count += 1;
        }
        Ok([first, count])
    }

    fn push(&mut self, a: &impl HeadFields) -> Result<(), HeadTableError> {
        let index = u32::try_from(self.records.len() / RECORD_BYTES)
            .map_err(|_| HeadTableError::TooLarge)?;
        let kind = match a.kind() {
            ArticleKind::News => 0,
            ArticleKind::Photo => 1,
            ArticleKind::Notice => 2,
        };
        let mut record = [0u32; FIELDS];
        record[ID..ID + 2].copy_from_slice(&self.intern(a.id())?);
        record[PAGE..PAGE + 2].copy_from_slice(&self.intern(a.page())?);
        record[SEQ] = a.seq();
        record[KIND] = kind;
        record[COLUMN..COLUMN + 2].copy_from_slice(&self.optional(a.column())?);
        record[KICKER..KICKER + 2].copy_from_slice(&self.optional(a.kicker())?);
        record[TITLE..TITLE + 2].copy_from_slice(&self.intern(a.title())?);
        record[SUBTITLE..SUBTITLE + 2].copy_from_slice(&self.optional(a.subtitle())?);
        record[REPORTERS..REPORTERS + 2].copy_from_slice(&self.list(a.reporters())?);
        record[CORRESPONDENTS..CORRESPONDENTS + 2].copy_from_slice(&self.list(a.correspondents())?);
        record[PHOTOGRAPHERS..PHOTOGRAPHERS + 2].copy_from_slice(&self.list(a.photographers())?);
        record[CITY..CITY + 2].copy_from_slice(&self.optional(a.city())?);
        record[COUNTY..COUNTY + 2].copy_from_slice(&self.optional(a.county())?);
        record[THEMES..THEMES + 2].copy_from_slice(&self.list(a.themes())?);
        record[DATE..DATE + 2].copy_from_slice(&self.optional(a.date())?);
        self.records
            .extend(record.iter().flat_map(|w| w.to_le_bytes()));
        self.ids.push((fnv1a(a.id().as_bytes()), index));
        Ok(())
    }

    pub(crate) fn push_article(&mut self, article: &Article) -> Result<(), HeadTableError> {
        self.push(article)
    }

    pub(crate) fn push_head(&mut self, head: Head<'_>) -> Result<(), HeadTableError> {
        self.push(&head)
    }

    /// The table, laid out as on disk.
    pub(crate) fn finish(mut self) -> HeadTable {
        self.ids.sort_unstable();
        let n = self.records.len() / RECORD_BYTES;
        let sections = [
            self.records.len(),
            self.lists.len(),
            self.ids.len() * ID_ENTRY,
            self.blob.len(),
        ];
        let mut bytes = Vec::with_capacity(DIRECTORY + sections.iter().sum::<usize>());
        for len in std::iter::once(n).chain(sections) {
            bytes.extend_from_slice(&(len as u64).to_le_bytes());
        }
        bytes.append(&mut self.records);
        bytes.append(&mut self.lists);
        for (hash, index) in &self.ids {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&index.to_le_bytes());
        }
        bytes.extend_from_slice(self.blob.as_bytes());
        let len = bytes.len();
        HeadTable::in_place(TableBytes::Owned(Arc::new(bytes)), 0..len)
            .expect("a table laid out here has the shape it is read with")
    }
}

/// What a head record is made of, read from an [`Article`] or from another table's [`Head`].
trait HeadFields {
    fn id(&self) -> &str;
    fn page(&self) -> &str;
    fn seq(&self) -> u32;
    fn kind(&self) -> ArticleKind;
    fn column(&self) -> Option<&str>;
    fn kicker(&self) -> Option<&str>;
    fn title(&self) -> &str;
    fn subtitle(&self) -> Option<&str>;
    fn reporters(&self) -> impl Iterator<Item = &str>;
    fn correspondents(&self) -> impl Iterator<Item = &str>;
    fn photographers(&self) -> impl Iterator<Item = &str>;
    fn city(&self) -> Option<&str>;
    fn county(&self) -> Option<&str>;
    fn themes(&self) -> impl Iterator<Item = &str>;
    fn date(&self) -> Option<&str>;
}

impl HeadFields for Article {
    fn id(&self) -> &str {
        &self.id
    }
    fn page(&self) -> &str {
        &self.page
    }
    fn seq(&self) -> u32 {
        self.seq
    }
    fn kind(&self) -> ArticleKind {
        self.kind
    }
    fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }
    fn kicker(&self) -> Option<&str> {
        self.kicker.as_deref()
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn subtitle(&self) -> Option<&str> {
        self.subtitle.as_deref()
    }
    fn reporters(&self) -> impl Iterator<Item = &str> {
        self.byline.reporters.iter().map(String::as_str)
    }
    fn correspondents(&self) -> impl Iterator<Item = &str> {
        self.byline.correspondents.iter().map(String::as_str)
    }
    fn photographers(&self) -> impl Iterator<Item = &str> {
        self.byline.photographers.iter().map(String::as_str)
    }
    fn city(&self) -> Option<&str> {
        self.region.city.as_deref()
    }
    fn county(&self) -> Option<&str> {
        self.region.county.as_deref()
    }
    fn themes(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(String::as_str)
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

impl HeadFields for Head<'_> {
    fn id(&self) -> &str {
        Head::id(self)
    }
    fn page(&self) -> &str {
        Head::page(self)
    }
    fn seq(&self) -> u32 {
        Head::seq(self)
    }
    fn kind(&self) -> ArticleKind {
        Head::kind(self)
    }
    fn column(&self) -> Option<&str> {
        Head::column(self)
    }
    fn kicker(&self) -> Option<&str> {
        Head::kicker(self)
    }
    fn title(&self) -> &str {
        Head::title(self)
    }
    fn subtitle(&self) -> Option<&str> {
        Head::subtitle(self)
    }
    fn reporters(&self) -> impl Iterator<Item = &str> {
        Head::reporters(self)
    }
    fn correspondents(&self) -> impl Iterator<Item = &str> {
        Head::correspondents(self)
    }
    fn photographers(&self) -> impl Iterator<Item = &str> {
        Head::photographers(self)
    }
    fn city(&self) -> Option<&str> {
        Head::city(self)
    }
    fn county(&self) -> Option<&str> {
        Head::county(self)
    }
    fn themes(&self) -> impl Iterator<Item = &str> {
        Head::themes(self)
    }
    fn date(&self) -> Option<&str> {
        Head::date(self)
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

    /// The city's span (see [`Span`]): the same number for every article of one city.
    pub(crate) fn city_span(&self) -> Option<Span> {
        self.table.span_field(self.index, CITY)
    }

    pub(crate) fn county_span(&self) -> Option<Span> {
        self.table.span_field(self.index, COUNTY)
    }

    pub(crate) fn date_span(&self) -> Option<Span> {
        self.table.span_field(self.index, DATE)
    }

    pub(crate) fn theme_spans(&self) -> impl Iterator<Item = Span> + 'a {
        self.table.list_spans(self.index, THEMES)
    }

    /// [`Self::people`] as spans.
    pub(crate) fn people_spans(&self) -> impl Iterator<Item = Span> + 'a {
        self.table
            .list_spans(self.index, REPORTERS)
            .chain(self.table.list_spans(self.index, CORRESPONDENTS))
            .chain(self.table.list_spans(self.index, PHOTOGRAPHERS))
    }

    /// The text a span of this head's table stands for (empty if the table is damaged there).
    pub(crate) fn text(&self, span: Span) -> &'a str {
        self.table
            .span(span.offset(), span.len())
            .unwrap_or_default()
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
                subtitle: Some(String::new()),
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
        let blob = std::str::from_utf8(table.section(&table.blob)).unwrap();
        assert_eq!(blob.matches("王艳").count(), 1);
        assert_eq!(blob.matches("000_b4d91279af1e54d0").count(), 1);
    }

    fn owned(bytes: Vec<u8>, at: Range<usize>) -> Result<HeadTable, HeadTableError> {
        HeadTable::in_place(TableBytes::Owned(Arc::new(bytes)), at)
    }

    #[test]
    fn tables_round_trip_in_place_and_damage_is_reported() {
        let table = HeadTable::build(&sample()).unwrap();
        let mut bytes = b"before".to_vec();
        table.write_to(&mut bytes).unwrap();
        let at = 6..bytes.len();
        bytes.extend_from_slice(b"after");
        // Read where it lies, inside other bytes: the same heads.
        let back = owned(bytes.clone(), at.clone()).unwrap();
        assert_eq!(back, table);
        for (a, b) in table.iter().zip(back.iter()) {
            assert_eq!(a.to_article(), b.to_article());
        }
        assert_eq!(back.position("b4d912-2"), Some(1));
        // One byte short, one too many, a directory that lies: refused, not trusted.
        assert!(owned(bytes.clone(), at.start..at.end - 1).is_err());
        assert!(owned(bytes.clone(), at.start..at.end + 1).is_err());
        assert!(owned(bytes.clone(), at.start..at.start + 39).is_err());
        assert!(owned(bytes.clone(), at.start..bytes.len() + 8).is_err());
        let mut lying = bytes.clone();
        lying[at.start] = 9;
        assert!(matches!(
            owned(lying, at.clone()),
            Err(HeadTableError::Damaged(_))
        ));
        // Text that is not UTF-8 reads as empty strings, never as a panic.
        let mut not_utf8 = bytes.clone();
        not_utf8[at.end - 1] = 0xff;
        let damaged = owned(not_utf8, at.clone()).unwrap();
        assert_eq!(
            damaged.get(0).unwrap().title(),
            table.get(0).unwrap().title()
        );
        assert_eq!(damaged.get(1).unwrap().title(), "");
        // Spans pointing past the blob read as empty strings too.
        let mut wild = bytes;
        let title_offset = at.start + DIRECTORY + TITLE * 4;
        wild[title_offset..title_offset + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let wild = owned(wild, at).unwrap();
        assert_eq!(wild.get(0).unwrap().title(), "");
    }
}
