//! The one counting routine: how many articles each choice of a facet (region, theme, person,
//! date) would list, given every *other* active part of the filter — a shop's sidebar. The
//! browser's navigator and `kanbao stats` both show these numbers, so a row's count is always the
//! length of the list selecting it gives (tested in `tests/tui_facets.rs` and `tests/cli.rs`).
//!
//! [`Facets::build`] reads every head once and keeps, per article, small slot numbers for its
//! city, county, themes, people, year and month; [`Facets::count`] and [`Facets::select`] then
//! compare numbers, not strings, so recounting 100,000 articles after a selection takes a few
//! milliseconds. The rule for each part is `Filter::part_matches`; these slots are that rule
//! precomputed, and the tests compare the two on every key.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use super::{Filter, Marks, Part, Period, RegionPick};
use crate::classify::Classifier;
use crate::corpus::heads::{FacetColumns, Span};
use crate::corpus::{ArticleStore, Head};

/// An absent value (no county, no date, …).
const NONE: u32 = u32::MAX;
/// A filter value no article has: matches nothing.
const NOTHING: u32 = u32::MAX - 1;

/// The order facets are shown in: the gazetteer's cities and the taxonomy's themes (id, label).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetOrder {
    pub cities: Vec<String>,
    pub themes: Vec<(String, String)>,
}

impl FacetOrder {
    /// The order `classifier`'s gazetteer and theme list give.
    pub fn of(classifier: &Classifier) -> FacetOrder {
        FacetOrder {
            cities: classifier
                .gazetteer()
                .cities()
                .iter()
                .map(|c| c.name.clone())
                .collect(),
            themes: classifier
                .themes()
                .iter()
                .map(|t| (t.id.clone(), t.label.clone()))
                .collect(),
        }
    }
}

/// One article's facet values as slot numbers.
#[derive(Debug, Clone, Copy)]
struct Row {
    city: u32,
    county: u32,
    /// An index in `Facets::dates`, `NONE` when undated (or the date is not one).
    date: u32,
    /// Where its themes start in `Facets::lists`, and how many there are; its people follow,
    /// up to where the next row's start (20 bytes a row: a million articles count).
    first: u32,
    themes: u32,
}

/// One date string of the archive, read once however many articles carry it.
#[derive(Debug, Clone, Copy)]
struct DateSlot {
    year: u32,
    month: u32,
    /// The date's bounds (`Period::bounds`).
    bounds: (u32, u32),
}

/// Every value each facet takes in one archive, and each article's values as slots.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    cities: Vec<String>,
    /// (city slot, name), grouped by city, most articles first within a city.
    counties: Vec<(u32, String)>,
    /// (id, label): the taxonomy's themes in order, then any others the articles use.
    themes: Vec<(String, String)>,
    /// Most credited first.
    people: Vec<String>,
    /// Oldest first.
    years: Vec<u16>,
    months: Vec<(u16, u8)>,
    /// The distinct dates the rows point to.
    dates: Vec<DateSlot>,
    rows: Vec<Row>,
    lists: Vec<u32>,
}

/// How many articles, and how many of those unread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub articles: usize,
    pub unread: usize,
}

impl Tally {
    fn add(&mut self, unread: bool) {
        self.articles += 1;
        self.unread += usize::from(unread);
    }
}

/// Counts for every facet value; indices follow [`Facets`]' lists. Each facet's counts apply
/// every other part of the filter but not its own; `all_*` is the facet's "全部" row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// Articles passing the whole filter.
    pub matching: Tally,
    pub all_regions: Tally,
    /// Province-wide articles (no city).
    pub province: Tally,
    pub cities: Vec<Tally>,
    pub counties: Vec<Tally>,
    pub all_themes: Tally,
    pub themes: Vec<Tally>,
    pub all_people: Tally,
    pub people: Vec<Tally>,
    pub all_dates: Tally,
    pub years: Vec<Tally>,
    pub months: Vec<Tally>,
    pub undated: Tally,
}

/// The filter as slot numbers.
#[derive(Debug, Clone, Copy)]
struct Compiled {
    region: Option<(u32, Option<u32>)>,
    theme: Option<u32>,
    person: Option<u32>,
    dates: Option<(u32, u32)>,
}

const FACETS: [Part; 4] = [Part::Region, Part::Theme, Part::Person, Part::Date];

impl Facets {
    /// Reads every article's facet columns of `store` once (never a head's record).
    pub fn build(store: &ArticleStore, order: &FacetOrder) -> Facets {
        let mut keys = Keys::default();
        let mut rows = Vec::with_capacity(store.len());
        let mut lists = Vec::new();
        let columns = store.facet_columns();
        for index in 0..store.len() {
            rows.push(keys.row(columns, index, &mut lists));
        }
        keys.finish(rows, lists, order)
    }

    /// The cities, in the gazetteer's order.
    pub fn cities(&self) -> &[String] {
        &self.cities
    }

    /// (city index, county name) for every county, grouped by city.
    pub fn counties(&self) -> impl Iterator<Item = (usize, &str)> + Clone + '_ {
        self.counties.iter().map(|(c, n)| (*c as usize, n.as_str()))
    }

    /// (id, label).
    pub fn themes(&self) -> &[(String, String)] {
        &self.themes
    }

    pub(crate) fn theme_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.themes
            .iter()
            .find(|(t, _)| t == id)
            .map_or(id, |(_, label)| label.as_str())
    }

    /// Everyone credited in a byline, sorted.
    pub fn people(&self) -> &[String] {
        &self.people
    }

    /// The years articles are dated in, oldest first.
    pub fn years(&self) -> &[u16] {
        &self.years
    }

    /// (year, month), oldest first.
    pub fn months(&self) -> &[(u16, u8)] {
        &self.months
    }

    /// Whether any article is about the whole province (no city).
    pub(crate) fn has_province(&self) -> bool {
        self.rows.iter().any(|r| r.city == NONE)
    }

    /// Articles counted (the archive's size when built).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no article was counted.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn compile(&self, filter: &Filter) -> Compiled {
        fn slot(mut hits: impl Iterator<Item = bool>) -> u32 {
            hits.position(|hit| hit).map_or(NOTHING, |i| i as u32)
        }
        let region = filter.region.as_ref().map(|r| match r {
            RegionPick::Province => (NONE, None),
            RegionPick::Place(place) => {
                let city = slot(self.cities.iter().map(|c| *c == place.city));
                let county = place
                    .county
                    .as_ref()
                    .map(|k| slot(self.counties.iter().map(|(c, n)| *c == city && n == k)));
                (city, county)
            }
        });
        Compiled {
            region,
            theme: filter
                .theme
                .as_ref()
                .map(|t| slot(self.themes.iter().map(|(id, _)| id == t))),
            person: filter
                .person
                .as_ref()
                .map(|p| slot(self.people.iter().map(|n| n == p))),
            dates: filter.dates.map(super::DateRange::bounds),
        }
    }

    /// Row `i`'s themes and people.
    fn lists_of(&self, i: usize) -> (&[u32], &[u32]) {
        let row = &self.rows[i];
        let end = self
            .rows
            .get(i + 1)
            .map_or(self.lists.len(), |r| r.first as usize);
        let (first, themes_end) = (row.first as usize, (row.first + row.themes) as usize);
        (&self.lists[first..themes_end], &self.lists[themes_end..end])
    }

    fn date(&self, row: &Row) -> Option<&DateSlot> {
        self.dates.get(row.date as usize)
    }

    /// Which of the four facets let article `i` through, as a bit per [`FACETS`] entry.
    fn passing(&self, i: usize, c: &Compiled) -> [bool; 4] {
        let row = &self.rows[i];
        let (themes, people) = self.lists_of(i);
        [
            c.region.is_none_or(|(city, county)| {
                row.city == city && county.is_none_or(|k| row.county == k)
            }),
            c.theme.is_none_or(|t| themes.contains(&t)),
            c.person.is_none_or(|p| people.contains(&p)),
            c.dates.is_none_or(|(lo, hi)| {
                self.date(row)
                    .is_some_and(|d| d.bounds.0 >= lo && d.bounds.1 <= hi)
            }),
        ]
    }

    fn marks_pass(filter: &Filter, head: Head<'_>, marks: &dyn Marks) -> bool {
        filter.part_matches(Part::Bookmarked, head, marks)
            && filter.part_matches(Part::Unread, head, marks)
    }

    /// Puts `list` (indices of the articles these facets were built from) newest first: latest
    /// date first (by its bounds, as `Period::bounds` orders them), undated last, ties in
    /// archive order. Reads each article's date slot, never its head.
    pub(crate) fn sort_newest_first(&self, list: &mut [usize]) {
        let bounds = |i: usize| {
            self.rows
                .get(i)
                .and_then(|r| self.date(r))
                .map(|d| d.bounds)
        };
        list.sort_unstable_by_key(|&i| (std::cmp::Reverse(bounds(i)), i));
    }

    /// The articles passing `filter`, in archive order: `store.heads().filter(matches)`, fast.
    /// `store` must be the one these facets were built from.
    pub fn select(&self, store: &ArticleStore, filter: &Filter, marks: &dyn Marks) -> Vec<usize> {
        let compiled = self.compile(filter);
        let marked = filter.bookmarked || filter.unread;
        let indexed = marked.then(|| IndexedMarks::of(store, marks)).flatten();
        let marks = indexed.as_ref().map_or(marks, |m| m as &dyn Marks);
        (0..self.rows.len())
            .filter(|&i| self.passing(i, &compiled).iter().all(|&ok| ok))
            .filter(|&i| {
                !marked
                    || store
                        .head(i)
                        .is_some_and(|h| Self::marks_pass(filter, h, marks))
            })
            .collect()
    }

    /// Every facet value's count under `filter` (see [`FacetCounts`]).
    pub fn count(&self, store: &ArticleStore, filter: &Filter, marks: &dyn Marks) -> FacetCounts {
        let compiled = self.compile(filter);
        let mut counts = FacetCounts {
            cities: vec![Tally::default(); self.cities.len()],
            counties: vec![Tally::default(); self.counties.len()],
            themes: vec![Tally::default(); self.themes.len()],
            people: vec![Tally::default(); self.people.len()],
            years: vec![Tally::default(); self.years.len()],
            months: vec![Tally::default(); self.months.len()],
            ..FacetCounts::default()
        };
        let marked = filter.bookmarked || filter.unread;
        let indexed = (marked || !marks.none_read())
            .then(|| IndexedMarks::of(store, marks))
            .flatten();
        let marks = indexed.as_ref().map_or(marks, |m| m as &dyn Marks);
        let none_read = marks.none_read();
        for (i, head) in store.heads().take(self.rows.len()).enumerate() {
            if marked && !Self::marks_pass(filter, head, marks) {
                continue;
            }
            let passing = self.passing(i, &compiled);
            let failing = passing.iter().filter(|&&ok| !ok).count();
            if failing > 1 {
                continue;
            }
            let unread = none_read || !marks.is_read(head);
            if failing == 0 {
                counts.matching.add(unread);
            }
            for (facet, &ok) in FACETS.iter().zip(&passing) {
                // With every other facet passing, this one's values are counted.
                if failing == 0 || !ok {
                    self.tally(*facet, i, unread, &mut counts);
                }
            }
        }
        counts
    }

    fn tally(&self, facet: Part, i: usize, unread: bool, counts: &mut FacetCounts) {
        let row = &self.rows[i];
        match facet {
            Part::Region => {
                counts.all_regions.add(unread);
                if row.city == NONE {
                    counts.province.add(unread);
                } else {
                    counts.cities[row.city as usize].add(unread);
                }
                if row.county != NONE {
                    counts.counties[row.county as usize].add(unread);
                }
            }
            Part::Theme => {
                counts.all_themes.add(unread);
                for &t in self.lists_of(i).0 {
                    counts.themes[t as usize].add(unread);
                }
            }
            Part::Person => {
                counts.all_people.add(unread);
                for &p in self.lists_of(i).1 {
                    counts.people[p as usize].add(unread);
                }
            }
            Part::Date => {
                counts.all_dates.add(unread);
                match self.date(row) {
                    None => counts.undated.add(unread),
                    Some(date) => {
                        counts.years[date.year as usize].add(unread);
                        if date.month != NONE {
                            counts.months[date.month as usize].add(unread);
                        }
                    }
                }
            }
            Part::Bookmarked | Part::Unread => {}
        }
    }
}

/// Marks by article position, one bit each: built from id sets with one lookup per mark, so
/// that a pass over every article reads no head (at a million articles, reading every id to
/// look it up in the marks touched every record and the whole string blob).
struct IndexedMarks {
    bookmarked: Vec<u64>,
    read: Vec<u64>,
    none_read: bool,
}

impl IndexedMarks {
    /// `marks` by position in `store`, if they are id sets (ids are unique in a store).
    fn of(store: &ArticleStore, marks: &dyn Marks) -> Option<IndexedMarks> {
        let (bookmarks, read) = marks.id_sets()?;
        let bits = |ids: &std::collections::BTreeSet<String>| {
            let mut bits = vec![0u64; store.len().div_ceil(64)];
            for i in ids.iter().filter_map(|id| store.position(id)) {
                bits[i / 64] |= 1 << (i % 64);
            }
            bits
        };
        Some(IndexedMarks {
            bookmarked: bits(bookmarks),
            read: bits(read),
            none_read: read.is_empty(),
        })
    }

    fn bit(bits: &[u64], i: usize) -> bool {
        bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

impl Marks for IndexedMarks {
    fn is_bookmarked(&self, head: Head<'_>) -> bool {
        Self::bit(&self.bookmarked, head.index())
    }
    fn is_read(&self, head: Head<'_>) -> bool {
        Self::bit(&self.read, head.index())
    }
    fn none_read(&self) -> bool {
        self.none_read
    }
}

/// Hashes the keys facets are built with (spans of the head table, slot numbers, years:
/// numbers the table or this module handed out, not text a page chose) with a multiply, as
/// rustc's `FxHasher` does, instead of SipHash: a build looks up several per article, a
/// million articles at the start of `kanbao stats` on a whole run of the paper.
#[derive(Default, Clone, Copy)]
struct NumberHasher(u64);

impl Hasher for NumberHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        // hashbrown picks a bucket by the low bits: fold the better-mixed high half into them.
        self.0 ^ (self.0 >> 32)
    }
}

/// The values one facet takes, met while reading the heads: a slot per distinct text, found by
/// its key (a span of the head table) without reading the text again. A key met for the first
/// time is read and looked up by text, so two spans holding the same text (a damaged table)
/// still share a slot.
struct Values<K, T> {
    by_key: HashMap<K, u32, BuildHasherDefault<NumberHasher>>,
    by_text: HashMap<T, u32>,
    /// Slot → text.
    names: Vec<T>,
    /// Slot → how many articles have the value (for "most first" orders).
    articles: Vec<usize>,
    /// Keys looked up lately and their slots, one per bucket of the key's hash: a facet has
    /// few values (or few that neighbouring articles share, for dates and people), and a
    /// bucket and one comparison are quicker than a lookup in the map.
    recent: [Option<(K, u32)>; RECENT],
}

/// Buckets of [`Values::recent`] (a power of two).
const RECENT: usize = 64;

impl<K, T> Default for Values<K, T> {
    fn default() -> Self {
        Values {
            by_key: HashMap::default(),
            by_text: HashMap::new(),
            names: Vec::new(),
            articles: Vec::new(),
            recent: std::array::from_fn(|_| None),
        }
    }
}

impl<K: Hash + Eq + Copy, T: Hash + Eq + Copy> Values<K, T> {
    fn slot(&mut self, key: K, text: impl FnOnce() -> T) -> u32 {
        let bucket = (self.by_key.hasher().hash_one(key) >> 58) as usize % RECENT;
        if let Some((recent, slot)) = self.recent[bucket]
            && recent == key
        {
            return slot;
        }
        let slot = match self.by_key.get(&key) {
            Some(&slot) => slot,
            None => {
                let text = text();
                let next = self.names.len() as u32;
                let slot = *self.by_text.entry(text).or_insert(next);
                if slot == next {
                    self.names.push(text);
                    self.articles.push(0);
                }
                self.by_key.insert(key, slot);
                slot
            }
        };
        self.recent[bucket] = Some((key, slot));
        slot
    }
}

/// Slot numbers handed out while reading the heads; renumbered into display order at the end.
#[derive(Default)]
struct Keys<'a> {
    cities: Values<Span, &'a str>,
    counties: Values<(u32, Span), (u32, &'a str)>,
    themes: Values<Span, &'a str>,
    people: Values<Span, &'a str>,
    /// Date texts; `date_slots` holds what each one means, in the same slots.
    dates: Values<Span, &'a str>,
    date_slots: Vec<DateSlot>,
    years: Values<u16, u16>,
    months: Values<(u16, u8), (u16, u8)>,
}

/// Appends `slots` to `lists` once each: the (first, count) of the new entries.
fn push_list(lists: &mut Vec<u32>, slots: impl Iterator<Item = u32>) -> (u32, u32) {
    let first = lists.len();
    for slot in slots {
        if !lists[first..].contains(&slot) {
            lists.push(slot);
        }
    }
    (first as u32, (lists.len() - first) as u32)
}

impl<'a> Keys<'a> {
    fn row(&mut self, cols: FacetColumns<'a>, index: usize, lists: &mut Vec<u32>) -> Row {
        let city = cols
            .city(index)
            .map_or(NONE, |c| self.cities.slot(c, || cols.text(c)));
        let county = match cols.county(index) {
            Some(k) if city != NONE => self.counties.slot((city, k), || (city, cols.text(k))),
            _ => NONE,
        };
        if city != NONE {
            self.cities.articles[city as usize] += 1;
        }
        if county != NONE {
            self.counties.articles[county as usize] += 1;
        }
        let themes = &mut self.themes;
        let (first, themes) = push_list(
            lists,
            cols.themes(index).map(|t| themes.slot(t, || cols.text(t))),
        );
        let people = &mut self.people;
        let people = push_list(
            lists,
            cols.people(index).map(|p| people.slot(p, || cols.text(p))),
        );
        for &p in &lists[span(people)] {
            self.people.articles[p as usize] += 1;
        }
        let date = cols.date(index).map_or(NONE, |d| self.date(d, cols));
        Row {
            city,
            county,
            date,
            first,
            themes,
        }
    }

    /// The slot of a date's text, read (`Period::parse`) the first time it is met; `NONE` when
    /// it is not a date.
    fn date(&mut self, span: Span, cols: FacetColumns<'a>) -> u32 {
        let slot = self.dates.slot(span, || cols.text(span));
        if slot as usize == self.date_slots.len() {
            let period = Period::parse(self.dates.names[slot as usize]);
            self.date_slots.push(match period {
                Some(p) => DateSlot {
                    year: self.years.slot(p.year_of(), || p.year_of()),
                    month: p.month_of().map_or(NONE, |m| {
                        self.months.slot((p.year_of(), m), || (p.year_of(), m))
                    }),
                    bounds: p.bounds(),
                },
                None => DateSlot {
                    year: NONE,
                    month: NONE,
                    bounds: (NONE, NONE),
                },
            });
        }
        if self.date_slots[slot as usize].year == NONE {
            NONE
        } else {
            slot
        }
    }

    /// Puts every facet's values in display order and renumbers the rows to match. Longer than
    /// most functions because its steps share their tables: each facet's order (old slot →
    /// new), then one renumbering pass over the rows and the dates.
    fn finish(self, mut rows: Vec<Row>, mut lists: Vec<u32>, order: &FacetOrder) -> Facets {
        // Cities: the gazetteer's order, then others by count.
        let rank = |name: &str| {
            order
                .cities
                .iter()
                .position(|c| c == name)
                .unwrap_or(usize::MAX)
        };
        let cities = &self.cities;
        let (city_names, city_to) = ordered(cities, |a, b| {
            rank(cities.names[a])
                .cmp(&rank(cities.names[b]))
                .then(cities.articles[b].cmp(&cities.articles[a]))
                .then(cities.names[a].cmp(cities.names[b]))
        });
        let counties = &self.counties;
        let (county_names, county_to) = ordered(counties, |a, b| {
            let ((city_a, name_a), (city_b, name_b)) = (counties.names[a], counties.names[b]);
            city_to[city_a as usize]
                .cmp(&city_to[city_b as usize])
                .then(counties.articles[b].cmp(&counties.articles[a]))
                .then(name_a.cmp(name_b))
        });
        let people = &self.people;
        let (person_names, person_to) = ordered(people, |a, b| {
            people.articles[b]
                .cmp(&people.articles[a])
                .then(people.names[a].cmp(people.names[b]))
        });
        let (years, year_to) = ordered(&self.years, |a, b| {
            self.years.names[a].cmp(&self.years.names[b])
        });
        let (months, month_to) = ordered(&self.months, |a, b| {
            self.months.names[a].cmp(&self.months.names[b])
        });
        // Themes: the whole taxonomy in order (a zero count says something too), then any
        // other id the articles carry.
        let mut themes = order.themes.clone();
        let mut extra: Vec<&str> = self
            .themes
            .names
            .iter()
            .copied()
            .filter(|id| !order.themes.iter().any(|(t, _)| t == id))
            .collect();
        extra.sort_unstable();
        themes.extend(extra.into_iter().map(|id| (id.to_string(), id.to_string())));
        let theme_to: Vec<u32> = self
            .themes
            .names
            .iter()
            .map(|id| themes.iter().position(|(t, _)| t == id).unwrap_or(0) as u32)
            .collect();
        let remap = |slot: u32, to: &[u32]| {
            if slot == NONE {
                NONE
            } else {
                to[slot as usize]
            }
        };
        for i in 0..rows.len() {
            let end = rows.get(i + 1).map_or(lists.len(), |r| r.first as usize);
            let row = &mut rows[i];
            row.city = remap(row.city, &city_to);
            row.county = remap(row.county, &county_to);
            let themes_end = (row.first + row.themes) as usize;
            for t in &mut lists[row.first as usize..themes_end] {
                *t = theme_to[*t as usize];
            }
            for p in &mut lists[themes_end..end] {
                *p = person_to[*p as usize];
            }
        }
        let mut dates = self.date_slots;
        for date in &mut dates {
            date.year = remap(date.year, &year_to);
            date.month = remap(date.month, &month_to);
        }
        Facets {
            cities: city_names.into_iter().map(str::to_string).collect(),
            counties: county_names
                .into_iter()
                .map(|(c, k)| (city_to[c as usize], k.to_string()))
                .collect(),
            themes,
            people: person_names.into_iter().map(str::to_string).collect(),
            years,
            months,
            dates,
            rows,
            lists,
        }
    }
}

fn span((first, count): (u32, u32)) -> std::ops::Range<usize> {
    first as usize..(first + count) as usize
}

/// A facet's values sorted by `cmp` (which compares old slots), and the new slot of each old
/// one: `to[old] = new`.
fn ordered<K, T: Copy>(
    values: &Values<K, T>,
    cmp: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> (Vec<T>, Vec<u32>) {
    let mut slots: Vec<usize> = (0..values.names.len()).collect();
    slots.sort_by(|&a, &b| cmp(a, b));
    let mut to = vec![0u32; slots.len()];
    for (new, &old) in slots.iter().enumerate() {
        to[old] = new as u32;
    }
    (slots.into_iter().map(|old| values.names[old]).collect(), to)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::article::{Article, Byline, Region};
    use crate::classify::RegionRef;
    use crate::filter::{DateRange, IdMarks};

    fn article(
        n: u32,
        place: (Option<&str>, Option<&str>),
        themes: &[&str],
        people: &[&str],
        date: Option<&str>,
    ) -> Article {
        Article {
            id: format!("p-{n}"),
            page: "p".into(),
            seq: n,
            title: format!("t{n}"),
            byline: Byline {
                reporters: people
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
                // The same person twice counts once.
                correspondents: people
                    .iter()
                    .take(1)
                    .map(std::string::ToString::to_string)
                    .collect(),
                photographers: vec![],
            },
            region: Region {
                city: place.0.map(str::to_string),
                county: place.1.map(str::to_string),
                ..Region::default()
            },
            themes: themes
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            date: date.map(str::to_string),
            ..Article::default()
        }
    }

    fn store() -> ArticleStore {
        ArticleStore::from_articles(articles())
    }

    fn articles() -> Vec<Article> {
        let hz = (Some("杭州市"), None);
        let xh = (Some("杭州市"), Some("西湖区"));
        let yw = (Some("金华市"), Some("义乌市"));
        let pr = (None, None);
        vec![
            article(1, xh, &["wages"], &["王艳"], Some("2023-06-19")),
            article(2, hz, &["wages", "skills"], &["王艳", "李明"], Some("2023")),
            article(3, yw, &["skills"], &["李明"], Some("2024-01")),
            article(4, pr, &["law"], &[], None),
            article(5, yw, &["wages"], &["张三"], Some("2023-06")),
            article(6, xh, &["odd-theme"], &["王艳"], Some("2024")),
            article(7, pr, &[], &["李明"], Some("2023-07-01")),
        ]
    }

    fn order() -> FacetOrder {
        FacetOrder {
            cities: vec!["金华市".into(), "杭州市".into()],
            themes: vec![
                ("skills".into(), "技能".into()),
                ("wages".into(), "工资".into()),
                ("law".into(), "法律".into()),
                ("unused".into(), "无".into()),
            ],
        }
    }

    /// Every value of every facet, as the filter part that selects it.
    fn choices(f: &Facets) -> Vec<(Part, usize, Filter)> {
        let mut out = vec![(
            Part::Region,
            usize::MAX,
            Filter {
                region: Some(RegionPick::Province),
                ..Filter::default()
            },
        )];
        for (i, c) in f.cities().iter().enumerate() {
            let region = RegionPick::Place(RegionRef {
                city: c.clone(),
                county: None,
            });
            out.push((
                Part::Region,
                i,
                Filter {
                    region: Some(region),
                    ..Filter::default()
                },
            ));
        }
        for (i, (c, k)) in f.counties().enumerate() {
            let region = RegionPick::Place(RegionRef {
                city: f.cities()[c].clone(),
                county: Some(k.to_string()),
            });
            out.push((
                Part::Region,
                1000 + i,
                Filter {
                    region: Some(region),
                    ..Filter::default()
                },
            ));
        }
        for (i, (id, _)) in f.themes().iter().enumerate() {
            out.push((
                Part::Theme,
                i,
                Filter {
                    theme: Some(id.clone()),
                    ..Filter::default()
                },
            ));
        }
        for (i, p) in f.people().iter().enumerate() {
            out.push((
                Part::Person,
                i,
                Filter {
                    person: Some(p.clone()),
                    ..Filter::default()
                },
            ));
        }
        for (i, y) in f.years().iter().enumerate() {
            let dates = Some(DateRange::single(Period::year(*y)));
            out.push((
                Part::Date,
                i,
                Filter {
                    dates,
                    ..Filter::default()
                },
            ));
        }
        for (i, (y, m)) in f.months().iter().enumerate() {
            let dates = Some(DateRange::single(Period::month(*y, *m).unwrap()));
            out.push((
                Part::Date,
                1000 + i,
                Filter {
                    dates,
                    ..Filter::default()
                },
            ));
        }
        out
    }

    fn shown(counts: &FacetCounts, part: Part, i: usize) -> Tally {
        match (part, i) {
            (Part::Region, usize::MAX) => counts.province,
            (Part::Region, i) if i >= 1000 => counts.counties[i - 1000],
            (Part::Region, i) => counts.cities[i],
            (Part::Theme, i) => counts.themes[i],
            (Part::Person, i) => counts.people[i],
            (Part::Date, i) if i >= 1000 => counts.months[i - 1000],
            (Part::Date, i) => counts.years[i],
            _ => unreachable!(),
        }
    }

    /// `base` with `part` replaced by `choice`'s.
    fn with(base: &Filter, part: Part, choice: &Filter) -> Filter {
        let mut f = base.clone();
        match part {
            Part::Region => f.region = choice.region.clone(),
            Part::Theme => f.theme = choice.theme.clone(),
            Part::Person => f.person = choice.person.clone(),
            Part::Date => f.dates = choice.dates,
            _ => unreachable!(),
        }
        f
    }

    #[test]
    fn values_come_in_display_order() {
        let f = Facets::build(&store(), &order());
        assert_eq!(f.cities(), ["金华市", "杭州市"]);
        assert_eq!(
            f.counties().collect::<Vec<_>>(),
            [(0, "义乌市"), (1, "西湖区")]
        );
        let ids: Vec<&str> = f.themes().iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["skills", "wages", "law", "unused", "odd-theme"]);
        assert_eq!(f.people(), ["李明", "王艳", "张三"]);
        assert_eq!(f.years(), [2023, 2024]);
        assert_eq!(f.months(), [(2023, 6), (2023, 7), (2024, 1)]);
    }

    #[test]
    fn every_count_is_the_length_of_the_list_its_choice_gives() {
        let store = store();
        counts_agree_with_the_filter_rule(&store, &Facets::build(&store, &order()));
    }

    /// Facets key on where a string lies in the head table, trusting that the table stores
    /// equal strings once. A damaged table breaks that: the same text at two places, or two
    /// strings that both read as empty. Each text must still be one value, counted whole.
    #[test]
    fn the_same_text_at_two_places_of_the_table_is_one_value() {
        use crate::corpus::heads::{HeadTable, TableBytes};
        use crate::corpus::store::Bodies;
        let mut articles = articles();
        let nb = (Some("宁波市"), Some("鄞州区"));
        articles.push(article(8, nb, &["wages"], &["张三"], Some("2023-06-19")));
        let mut bytes = Vec::new();
        HeadTable::build(&articles)
            .unwrap()
            .write_to(&mut bytes)
            .unwrap();
        let mut replace = |from: &str, to: &[u8]| {
            let at: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i..].starts_with(from.as_bytes()))
                .collect();
            assert_eq!(at.len(), 1, "{from} is stored once");
            bytes[at[0]..at[0] + to.len()].copy_from_slice(to);
        };
        replace("宁波市", "杭州市".as_bytes());
        replace("2024-01", b"2023-06");
        replace("张三", &[0xff; 6]);
        replace("李明", &[0xfe; 6]);
        let len = bytes.len();
        let table = HeadTable::in_place(TableBytes::Owned(std::sync::Arc::new(bytes)), 0..len);
        let store = ArticleStore::new(table.unwrap(), Bodies::Memory(Vec::new()));
        let facets = Facets::build(&store, &order());
        assert_eq!(facets.cities(), ["金华市", "杭州市"]);
        assert_eq!(
            facets.counties().collect::<Vec<_>>(),
            [(0, "义乌市"), (1, "西湖区"), (1, "鄞州区")]
        );
        assert_eq!(facets.people(), ["", "王艳"]);
        assert_eq!(facets.months(), [(2023, 6), (2023, 7)]);
        let counts = facets.count(&store, &Filter::default(), &crate::filter::NoMarks);
        let tally = |articles| Tally {
            articles,
            unread: articles,
        };
        assert_eq!(counts.cities, [tally(2), tally(4)]);
        assert_eq!(counts.people, [tally(5), tally(3)]);
        assert_eq!(counts.months, [tally(4), tally(1)]);
        counts_agree_with_the_filter_rule(&store, &facets);
    }

    /// The sidebar rule, checked against the one filter rule on every value of every facet
    /// under many base filters: a value's count is the length of the list selecting it gives.
    fn counts_agree_with_the_filter_rule(store: &ArticleStore, facets: &Facets) {
        let read: BTreeSet<String> = ["p-1".to_string(), "p-3".to_string()].into();
        let bookmarks: BTreeSet<String> = ["p-1".to_string(), "p-2".to_string()].into();
        let marks = IdMarks {
            bookmarks: &bookmarks,
            read: &read,
        };
        let all = choices(facets);
        let mut bases = vec![Filter::default()];
        for (_, _, choice) in &all {
            bases.push(choice.clone());
        }
        // Pairs of parts, and the marks.
        for (pa, _, a) in all.iter().step_by(2) {
            for (pb, _, b) in all.iter().step_by(3) {
                if pa != pb {
                    bases.push(with(&with(&Filter::default(), *pa, a), *pb, b));
                }
            }
        }
        for i in 0..bases.len() {
            let mut marked = bases[i].clone();
            marked.unread = i % 2 == 0;
            marked.bookmarked = i % 3 == 0;
            bases.push(marked);
        }
        let listed = |f: &Filter| -> Vec<usize> {
            store
                .heads()
                .filter(|h| f.matches(*h, &marks))
                .map(|h| h.index())
                .collect()
        };
        for base in &bases {
            let counts = facets.count(store, base, &marks);
            let matching = listed(base);
            assert_eq!(facets.select(store, base, &marks), matching, "{base:?}");
            assert_eq!(counts.matching.articles, matching.len(), "{base:?}");
            for (part, i, choice) in &all {
                let selected = with(base, *part, choice);
                let list = listed(&selected);
                let unread = list
                    .iter()
                    .filter(|&&i| !marks.is_read(store.head(i).unwrap()))
                    .count();
                assert_eq!(
                    shown(&counts, *part, *i),
                    Tally {
                        articles: list.len(),
                        unread
                    },
                    "{selected:?} under {base:?}"
                );
            }
            let mut open = base.clone();
            open.region = None;
            assert_eq!(counts.all_regions.articles, listed(&open).len());
            let mut open = base.clone();
            open.dates = None;
            assert_eq!(counts.all_dates.articles, listed(&open).len());
        }
    }

    #[test]
    fn values_no_article_has_match_nothing() {
        let store = store();
        let facets = Facets::build(&store, &order());
        let filter = Filter {
            region: Some(RegionPick::Place(RegionRef {
                city: "杭州市".into(),
                county: Some("义乌市".into()),
            })),
            ..Filter::default()
        };
        assert!(
            facets
                .select(&store, &filter, &crate::filter::NoMarks)
                .is_empty()
        );
        let filter = Filter {
            person: Some("无名".into()),
            ..Filter::default()
        };
        assert!(
            facets
                .select(&store, &filter, &crate::filter::NoMarks)
                .is_empty()
        );
        assert_eq!(
            facets
                .count(&store, &filter, &crate::filter::NoMarks)
                .all_regions
                .articles,
            0
        );
    }
}
