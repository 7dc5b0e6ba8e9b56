//! The head table: every article's head (id, page, headline, byline, region, themes, date) in a
//! few flat arrays, read through [`Head`] views.
//!
//! Lists, filters and counts look at every article's head, so the heads of a 100,000-article
//! archive must be small and quick to load. As `Article`s each was a struct and some twenty
//! separate strings; here a head is one record of [`FIELDS`] `u32`s (offsets into one string
//! blob, in which equal strings such as city names, theme ids, page names and dates are stored
//! once) plus its share of the blob, loaded from the snapshot with a handful of large reads
//! instead of millions of small allocations (sizes in docs/PERFORMANCE.md, "Figures from the
//! corpus code").
//!
//! What is filtered and counted on — city, county, date, themes, everyone the byline credits —
//! is kept apart from the records, in compact *facet columns*: per article five `u32`s (city,
//! county and date as *value numbers*, where its themes and people start in an entries array,
//! how many themes), the entries (value numbers), and the values (one span of the blob per
//! distinct facet string). Counting or sorting a million articles then reads 20 bytes and a few
//! entries per article, never the records or the blob (memory at 1M: docs/PERFORMANCE.md,
//! "Memory while browsing at 1M").
//!
//! Bytes on disk (all little-endian): a directory of eight `u64` (article count, then the byte
//! lengths of the records, the lists, the id index, the blob, the facet columns, the entries and
//! the values), then those seven sections. The table is used where it lies: a snapshot's
//! manifest is mapped and its heads are read in place (nothing is copied or decoded at start, so
//! a start costs the same at 1,000 and 1,000,000 articles); a table built in memory is those
//! same bytes in a vector.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use super::checked::CheckedMap;
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
/// u32s per record.
pub(crate) const FIELDS: usize = 20;
const RECORD_BYTES: usize = FIELDS * 4;
// Word positions in an article's facet columns: city, county and date as value numbers (`NONE`:
// absent), then where its entries start (themes, then people, up to where the next article's
// start) and how many of them are themes.
const CITY: usize = 0;
const COUNTY: usize = 1;
const DATE: usize = 2;
const FIRST: usize = 3;
const THEMES: usize = 4;
/// u32s of facet columns per article.
const COLUMNS: usize = 5;
const COLUMN_BYTES: usize = COLUMNS * 4;
/// The length of an absent optional string.
const NONE: u32 = u32::MAX;

/// Why a head table could not be read or built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HeadTableError {
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
pub(crate) struct HeadTable {
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
    /// `COLUMNS` little-endian u32s per article.
    columns: Range<usize>,
    /// Value numbers (u32): each article's themes, then its people.
    entries: Range<usize>,
    /// Value number → span of the blob (two u32s).
    values: Range<usize>,
}

/// Where a table's bytes are: built in memory, or in a mapped snapshot manifest (checked chunk
/// by chunk as they are read: a damaged chunk reads as absent, like bytes out of bounds).
#[derive(Clone)]
pub(crate) enum TableBytes {
    Owned(Arc<Vec<u8>>),
    Mapped(Arc<CheckedMap>),
}

impl TableBytes {
    /// Whether `range` lies in these bytes (nothing is read).
    fn holds(&self, range: &Range<usize>) -> bool {
        match self {
            TableBytes::Owned(bytes) => range.end <= bytes.len(),
            TableBytes::Mapped(map) => map.holds(range),
        }
    }

    #[inline]
    fn get(&self, range: Range<usize>) -> Option<&[u8]> {
        match self {
            TableBytes::Owned(bytes) => bytes.get(range),
            TableBytes::Mapped(map) => map.get(range),
        }
    }
}

/// Bytes of one entry of the id index.
const ID_ENTRY: usize = 12;
/// Sections after the directory's article count.
const SECTIONS: usize = 7;
/// Bytes of the directory in front of the sections.
const DIRECTORY: usize = (1 + SECTIONS) * 8;

/// One article's head, borrowed from a `HeadTable`. Cheap to copy.
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
    pub(crate) fn build<'a>(
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
        let table_len = at.len();
        let directory = (at.len() >= DIRECTORY)
            .then(|| bytes.get(at.start..at.start + DIRECTORY))
            .flatten()
            .ok_or_else(|| damaged("it is shorter than its directory"))?;
        if !bytes.holds(&at) {
            return Err(damaged("it is longer than the bytes holding it"));
        }
        let word = |i: usize| u64::from_le_bytes(directory[i * 8..i * 8 + 8].try_into().unwrap());
        let n = word(0);
        let lens: [u64; SECTIONS] = std::array::from_fn(|i| word(i + 1));
        let total = lens
            .iter()
            .try_fold(DIRECTORY as u64, |sum, &len| sum.checked_add(len));
        if total != Some(table_len as u64) {
            return Err(damaged("its sections do not add up to its length"));
        }
        let [
            records_len,
            lists_len,
            ids_len,
            _,
            columns_len,
            entries_len,
            values_len,
        ] = lens;
        if Some(records_len) != n.checked_mul(RECORD_BYTES as u64)
            || Some(ids_len) != n.checked_mul(ID_ENTRY as u64)
            || Some(columns_len) != n.checked_mul(COLUMN_BYTES as u64)
            || lists_len % 8 != 0
            || entries_len % 4 != 0
            || values_len % 8 != 0
        {
            return Err(damaged("its sections do not fit its article count"));
        }
        // Every length is now bounded by the table's range (which the bytes' owner checks).
        let mut next = at.start + DIRECTORY;
        let [records, lists, ids, blob, columns, entries, values] = lens.map(|len| {
            let range = next..next + len as usize;
            next = range.end;
            range
        });
        Ok(HeadTable {
            len: n as usize,
            records,
            lists,
            ids,
            blob,
            columns,
            entries,
            values,
            bytes,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn get(&self, index: usize) -> Option<Head<'_>> {
        (index < self.len()).then_some(Head { table: self, index })
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = Head<'_>> + '_ {
        (0..self.len()).map(move |index| Head { table: self, index })
    }

    /// The index of the article with this id.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        let hash = fnv1a(id.as_bytes());
        // Entry by entry: a lookup reads (and checks) only the bytes of its probes.
        let entry = |i: usize| {
            let bytes = self.bytes_in(&self.ids, i * ID_ENTRY..(i + 1) * ID_ENTRY);
            bytes.map_or((u64::MAX, usize::MAX), |e| {
                let hash = u64::from_le_bytes(e[..8].try_into().expect("8 bytes"));
                (hash, word(e, 2) as usize)
            })
        };
        let count = self.ids.len() / ID_ENTRY;
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

    /// The bytes at `at` within `section`; `None` past its end or where the bytes are damaged.
    #[inline]
    fn bytes_in(&self, section: &Range<usize>, at: Range<usize>) -> Option<&[u8]> {
        let from = section.start.checked_add(at.start)?;
        let to = section.start.checked_add(at.end)?;
        if from > to || to > section.end {
            return None;
        }
        self.bytes.get(from..to)
    }

    /// The table's bytes as on disk (empty if any of them is damaged).
    fn table_bytes(&self) -> &[u8] {
        self.bytes
            .get(self.records.start - DIRECTORY..self.values.end)
            .unwrap_or_default()
    }

    /// Word `word` of `section`'s `u32`s (0 past its end or where it is damaged).
    #[inline]
    fn word_in(&self, section: &Range<usize>, word: usize) -> u32 {
        let at = word.saturating_mul(4);
        self.bytes_in(section, at..at.saturating_add(4))
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[inline]
    fn field(&self, index: usize, field: usize) -> u32 {
        self.word_in(&self.records, index * FIELDS + field)
    }

    fn span(&self, offset: u32, len: u32) -> Option<&str> {
        if len == NONE {
            return None;
        }
        let start = offset as usize;
        // A damaged table gives empty strings, never a panic.
        let bytes = self
            .bytes_in(&self.blob, start..start.saturating_add(len as usize))
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
            .bytes_in(
                &self.lists,
                first.saturating_mul(8)..first.saturating_add(count).saturating_mul(8),
            )
            .unwrap_or_default();
        entries
            .chunks_exact(8)
            .map(|pair| Span::new(word(pair, 0), word(pair, 1)))
            .filter(|span| span.len() != NONE)
    }

    /// Word `word` of article `index`'s facet columns (0 when the table is damaged there).
    #[inline]
    fn column(&self, index: usize, word: usize) -> u32 {
        self.word_in(&self.columns, index * COLUMNS + word)
    }

    /// The span of value number `value`, `None` for an absent value (or a damaged table).
    #[inline]
    fn value(&self, value: u32) -> Option<Span> {
        let at = (value as usize).checked_mul(8)?;
        value_span(self.bytes_in(&self.values, at..at.checked_add(8)?)?)
    }

    /// The value number at `index` in the entries (`NONE` past their end or when damaged).
    #[inline]
    fn entry(&self, index: usize) -> u32 {
        let at = index.saturating_mul(4);
        self.bytes_in(&self.entries, at..at.saturating_add(4))
            .map_or(NONE, |b| word(b, 0))
    }

    /// Article `index`'s entries: its themes, then its people (empty when damaged).
    #[inline]
    fn entry_range(&self, index: usize) -> (Range<usize>, Range<usize>) {
        let next = (index + 1 < self.len).then(|| self.column(index + 1, FIRST));
        entry_bounds(
            self.column(index, FIRST),
            self.column(index, THEMES),
            next,
            self.entries.len() / 4,
        )
    }

    fn entry_spans(&self, range: Range<usize>) -> impl Iterator<Item = Span> + '_ {
        range.filter_map(|i| self.value(self.entry(i)))
    }

    /// Every article's facet columns at once, for a pass over all of them (the facets'
    /// build): the three sections are checked and borrowed whole, then read like slices, with
    /// none of a single head's per-read checks. A damaged section reads as empty (every value
    /// absent), as a damaged chunk does for a single head.
    pub(crate) fn facet_columns(&self) -> FacetColumns<'_> {
        let whole = |section: &Range<usize>| self.bytes_in(section, 0..section.len());
        FacetColumns {
            table: self,
            columns: whole(&self.columns).unwrap_or_default(),
            entries: whole(&self.entries).unwrap_or_default(),
            values: whole(&self.values).unwrap_or_default(),
        }
    }

    /// A digest of the article ids in order (FNV-1a of the ids, each followed by a zero byte):
    /// catches a search index built for other articles under the same fingerprint.
    pub(crate) fn ids_digest(&self) -> u64 {
        let mut joined = Vec::with_capacity(self.len() * 12);
        for head in self.iter() {
            joined.extend_from_slice(head.id().as_bytes());
            joined.push(0);
        }
        fnv1a(&joined)
    }

    /// The text a span stands for (empty if the table is damaged there).
    fn text(&self, span: Span) -> &str {
        self.span(span.offset(), span.len()).unwrap_or_default()
    }

    /// Writes the table (see the module docs for the layout).
    pub(crate) fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
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

/// A facet value's span from its eight bytes in the values section (`None`: absent).
fn value_span(pair: &[u8]) -> Option<Span> {
    let span = Span::new(word(pair, 0), word(pair, 1));
    (span.len() != NONE).then_some(span)
}

/// Where an article's themes and people lie in the entries, from its columns (`first`,
/// `themes`) and where the next article's start (`None`: the last article, whose run to the
/// end); both empty if the columns do not fit `entries` entries (a damaged table).
fn entry_bounds(
    first: u32,
    themes: u32,
    next: Option<u32>,
    entries: usize,
) -> (Range<usize>, Range<usize>) {
    let first = first as usize;
    let end = next.map_or(entries, |n| n as usize);
    let themes_end = first.saturating_add(themes as usize);
    if themes_end > end || end > entries {
        return (0..0, 0..0);
    }
    (first..themes_end, themes_end..end)
}

/// Every article's facet columns, borrowed whole (see [`HeadTable::facet_columns`]).
#[derive(Clone, Copy)]
pub(crate) struct FacetColumns<'a> {
    table: &'a HeadTable,
    columns: &'a [u8],
    entries: &'a [u8],
    values: &'a [u8],
}

impl<'a> FacetColumns<'a> {
    fn column(&self, index: usize, at: usize) -> u32 {
        let n = index * COLUMNS + at;
        if (n + 1) * 4 > self.columns.len() {
            return 0;
        }
        word(self.columns, n)
    }

    fn value(&self, value: u32) -> Option<Span> {
        let at = (value as usize).checked_mul(8)?;
        value_span(self.values.get(at..at.checked_add(8)?)?)
    }

    fn entries(&self, range: Range<usize>) -> impl Iterator<Item = Span> + 'a {
        let this = *self;
        range.filter_map(move |i| {
            let value = this
                .entries
                .get(i * 4..i * 4 + 4)
                .map_or(NONE, |b| word(b, 0));
            this.value(value)
        })
    }

    fn entry_range(&self, index: usize) -> (Range<usize>, Range<usize>) {
        let next = (index + 1 < self.table.len).then(|| self.column(index + 1, FIRST));
        let (first, themes) = (self.column(index, FIRST), self.column(index, THEMES));
        entry_bounds(first, themes, next, self.entries.len() / 4)
    }

    /// Article `index`'s city, as [`Head::city_span`].
    pub(crate) fn city(&self, index: usize) -> Option<Span> {
        self.value(self.column(index, CITY))
    }

    pub(crate) fn county(&self, index: usize) -> Option<Span> {
        self.value(self.column(index, COUNTY))
    }

    pub(crate) fn date(&self, index: usize) -> Option<Span> {
        self.value(self.column(index, DATE))
    }

    pub(crate) fn themes(&self, index: usize) -> impl Iterator<Item = Span> + 'a {
        self.entries(self.entry_range(index).0)
    }

    pub(crate) fn people(&self, index: usize) -> impl Iterator<Item = Span> + 'a {
        self.entries(self.entry_range(index).1)
    }

    /// The text a span stands for (empty if the table is damaged there).
    pub(crate) fn text(&self, span: Span) -> &'a str {
        self.table.text(span)
    }
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
    columns: Vec<u8>,
    entries: Vec<u8>,
    /// Value number → span, and a string's blob offset → its value number.
    values: Vec<[u32; 2]>,
    numbered: HashMap<u32, u32>,
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

    /// The value number of a facet string (numbered the first time it is a facet value).
    fn value(&mut self, text: &str) -> Result<u32, HeadTableError> {
        let span = self.intern(text)?;
        let next = u32::try_from(self.values.len())
            .ok()
            .filter(|&n| n != NONE)
            .ok_or(HeadTableError::TooLarge)?;
        let value = *self.numbered.entry(span[0]).or_insert(next);
        if value == next {
            self.values.push(span);
        }
        Ok(value)
    }

    fn optional_value(&mut self, text: Option<&str>) -> Result<u32, HeadTableError> {
        text.map_or(Ok(NONE), |text| self.value(text))
    }

    /// Appends the values of `items` to the entries; how many there were.
    fn entries<'s>(&mut self, items: impl Iterator<Item = &'s str>) -> Result<u32, HeadTableError> {
        let mut count = 0u32;
        for item in items {
            let value = self.value(item)?;
            self.entries.extend_from_slice(&value.to_le_bytes());
            count += 1;
        }
        Ok(count)
    }

    /// The article's facet columns.
    fn push_columns(&mut self, a: &impl HeadFields) -> Result<(), HeadTableError> {
        let first = u32::try_from(self.entries.len() / 4).map_err(|_| HeadTableError::TooLarge)?;
        let mut words = [0u32; COLUMNS];
        words[CITY] = self.optional_value(a.city())?;
        words[COUNTY] = self.optional_value(a.county())?;
        words[DATE] = self.optional_value(a.date())?;
        words[FIRST] = first;
        words[THEMES] = self.entries(a.themes())?;
        self.entries(
            a.reporters()
                .chain(a.correspondents())
                .chain(a.photographers()),
        )?;
        self.columns
            .extend(words.iter().flat_map(|w| w.to_le_bytes()));
        Ok(())
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
        self.push_columns(a)?;
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
            self.columns.len(),
            self.entries.len(),
            self.values.len() * 8,
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
        bytes.append(&mut self.columns);
        bytes.append(&mut self.entries);
        for word in self.values.iter().flatten() {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
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

    /// The article id (`<page key>-<seq>`).
    pub fn id(&self) -> &'a str {
        self.table.string(self.index, ID).unwrap_or_default()
    }

    /// The page's name (its file stem).
    pub fn page(&self) -> &'a str {
        self.table.string(self.index, PAGE).unwrap_or_default()
    }

    /// The article's number on its page, from 1.
    pub fn seq(&self) -> u32 {
        self.table.field(self.index, SEQ)
    }

    pub(crate) fn kind(&self) -> ArticleKind {
        match self.table.field(self.index, KIND) {
            1 => ArticleKind::Photo,
            2 => ArticleKind::Notice,
            _ => ArticleKind::News,
        }
    }

    pub(crate) fn column(&self) -> Option<&'a str> {
        self.table.string(self.index, COLUMN)
    }

    pub(crate) fn kicker(&self) -> Option<&'a str> {
        self.table.string(self.index, KICKER)
    }

    /// The title (empty when the cutter found none).
    pub fn title(&self) -> &'a str {
        self.table.string(self.index, TITLE).unwrap_or_default()
    }

    pub(crate) fn subtitle(&self) -> Option<&'a str> {
        self.table.string(self.index, SUBTITLE)
    }

    pub(crate) fn reporters(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, REPORTERS)
    }

    pub(crate) fn correspondents(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, CORRESPONDENTS)
    }

    pub(crate) fn photographers(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.table.list(self.index, PHOTOGRAPHERS)
    }

    /// Everyone the byline credits: reporters, correspondents, photographers (from the facet
    /// columns, as [`Self::people_spans`]).
    pub(crate) fn people(&self) -> impl Iterator<Item = &'a str> + 'a {
        let table = self.table;
        self.people_spans().map(move |span| table.text(span))
    }

    /// The city the article is about, if the classifier placed it.
    pub fn city(&self) -> Option<&'a str> {
        self.city_span().map(|span| self.text(span))
    }

    pub(crate) fn county(&self) -> Option<&'a str> {
        self.county_span().map(|span| self.text(span))
    }

    /// Theme ids, strongest first.
    pub fn themes(&self) -> impl Iterator<Item = &'a str> + 'a {
        let table = self.table;
        self.theme_spans().map(move |span| table.text(span))
    }

    pub(crate) fn has_theme(&self, theme: &str) -> bool {
        self.themes().any(|t| t == theme)
    }

    /// The date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if known.
    pub fn date(&self) -> Option<&'a str> {
        self.date_span().map(|span| self.text(span))
    }

    /// The city's span (see [`Span`]): the same number for every article of one city. Read
    /// from the facet columns, as the county, date, themes and people are.
    pub(crate) fn city_span(&self) -> Option<Span> {
        self.table.value(self.table.column(self.index, CITY))
    }

    pub(crate) fn county_span(&self) -> Option<Span> {
        self.table.value(self.table.column(self.index, COUNTY))
    }

    pub(crate) fn date_span(&self) -> Option<Span> {
        self.table.value(self.table.column(self.index, DATE))
    }

    pub(crate) fn theme_spans(&self) -> impl Iterator<Item = Span> + 'a {
        let table = self.table;
        table.entry_spans(table.entry_range(self.index).0)
    }

    /// [`Self::people`] as spans.
    pub(crate) fn people_spans(&self) -> impl Iterator<Item = Span> + 'a {
        let table = self.table;
        table.entry_spans(table.entry_range(self.index).1)
    }

    /// The text a span of this head's table stands for (empty if the table is damaged there).
    pub(crate) fn text(&self, span: Span) -> &'a str {
        self.table.text(span)
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
    pub(crate) fn to_article(self) -> Article {
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
        let blob =
            std::str::from_utf8(table.bytes_in(&table.blob, 0..table.blob.len()).unwrap()).unwrap();
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
        // Text that is not UTF-8 reads as empty strings, never as a panic (the blob's last
        // string is the second title).
        let mut not_utf8 = bytes.clone();
        not_utf8[at.start + table.blob.end - 1] = 0xff;
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

    /// A mapped table is checked chunk by chunk as it is read: damage in one chunk makes what
    /// lies there absent (and removes the file), while heads elsewhere read as written.
    #[test]
    fn a_mapped_table_reads_around_a_damaged_chunk() {
        use crate::corpus::checked::{CHUNK, chunk_checksums};
        let articles: Vec<Article> = (0..3000)
            .map(|i| Article {
                id: format!("p{i}-1"),
                title: format!("标题{i}"),
                ..sample()[0].clone()
            })
            .collect();
        let table = HeadTable::build(&articles).unwrap();
        let mut bytes = Vec::new();
        table.write_to(&mut bytes).unwrap();
        assert!(bytes.len() > 3 * CHUNK, "{}", bytes.len());
        let len = bytes.len();
        let sums = chunk_checksums(&bytes);
        // Damage in the last chunk, where the facet values lie.
        bytes[len - 1] ^= 1;
        bytes.extend_from_slice(&sums);
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        let map = crate::corpus::snapshot::map_file(file.as_file(), file.path()).unwrap();
        let checked = CheckedMap::new(map, 0..len, len..bytes.len(), file.path().into());
        let mapped = HeadTable::in_place(TableBytes::Mapped(Arc::new(checked.unwrap())), 0..len);
        let mapped = mapped.unwrap();
        let head = mapped.get(0).unwrap();
        assert_eq!(head.title(), "标题0");
        assert_eq!(mapped.position("p2999-1"), Some(2999));
        assert!(file.path().exists(), "nothing damaged read yet");
        assert_eq!(head.city(), None, "its value lies in the damaged chunk");
        assert_eq!(head.themes().count(), 0);
        assert!(!file.path().exists(), "damage removes the file");
        assert_eq!(mapped.get(1).unwrap().title(), "标题1");
    }
}
