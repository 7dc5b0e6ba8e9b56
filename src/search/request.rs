//! The one search request every engine takes, and the filter it comes to once the query's own
//! filters (`region:义乌 date:2023-05..2023-06`) are added to the caller's. Filters are applied
//! inside the engine (the index as exact clauses of the same query), never by fetching more hits
//! and dropping some afterwards.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::{Arc, OnceLock};

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, InvertedIndexRangeQuery, Occur, Query, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};

use super::schema::{Fields, id_term, theme_facet};
use super::syntax::{FilterKey, Note, ParsedQuery};
use crate::article::PROVINCE;
use crate::classify::Classifier;
use crate::corpus::Head;
use crate::filter::{DateRange, Filter, FilterWords, IdMarks, Period, RegionPick};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (the default).
    #[default]
    Relevance,
    /// Newest first (undated articles last).
    Date,
}

/// The reader's marks, for filters that ask about them (bookmarked, unread). An engine has no
/// marks of its own; the caller passes them with the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkSets {
    pub bookmarks: BTreeSet<String>,
    pub read: BTreeSet<String>,
}

/// A search request: the same for every engine. The filter is exact and combines with AND,
/// also with the filters written in the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// What to find, in the query language of [`super::syntax`]: Chinese (simplified or
    /// traditional, any width), Latin words, pinyin (`jiaxibeila`, `yi wu`, initials `jxbl`),
    /// `"…"` phrases, `-word`, `A OR B`, `title:`, `region:` … Empty: list.
    pub text: String,
    /// Which articles may be hits (the shared filter of the CLI flags and the navigator).
    pub filter: Filter,
    /// The reader's marks, when the filter asks for bookmarked or unread articles.
    pub marks: Arc<MarkSets>,
    pub sort: Sort,
    /// Most hits to return (0: none, only the total).
    pub limit: usize,
}

impl SearchQuery {
    /// A plain text query with no filters and up to 20 hits.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            filter: Filter::default(),
            marks: Arc::default(),
            sort: Sort::Relevance,
            limit: 20,
        }
    }
}

/// The filter a request comes to: the caller's, and the query's own.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestFilter {
    filter: Filter,
    marks: Arc<MarkSets>,
    /// Two parts that cannot both hold, or a part that names nothing: no article passes.
    impossible: bool,
}

/// The embedded gazetteer and themes, for filters written in a query.
fn names() -> Option<&'static Classifier> {
    static NAMES: OnceLock<Option<Classifier>> = OnceLock::new();
    NAMES.get_or_init(|| Classifier::embedded().ok()).as_ref()
}

/// `2023`, `2023-05`, `2023-05-01`, and ranges of them with `..` (either end open).
fn date_range(value: &str) -> Option<DateRange> {
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (value.trim(), value.trim()),
    };
    let end = |text: &str| {
        if text.is_empty() {
            Some(None)
        } else {
            Period::parse(text).map(Some)
        }
    };
    let range = DateRange {
        since: end(from)?,
        until: end(to)?,
    };
    let (lo, hi) = range.bounds();
    (lo <= hi && (range.since.is_some() || range.until.is_some())).then_some(range)
}

/// Sets `slot` to `value` unless it already holds another value (then nothing can match).
fn set<T: PartialEq>(slot: &mut Option<T>, value: T, impossible: &mut bool) {
    match slot {
        Some(old) if *old != value => *impossible = true,
        _ => *slot = Some(value),
    }
}

impl RequestFilter {
    pub fn is_empty(&self) -> bool {
        self.filter.is_empty()
    }

    pub(crate) fn is_impossible(&self) -> bool {
        self.impossible
    }

    /// Does the article pass? (What the scan asks; the index asks [`Self::clauses`].)
    pub(crate) fn matches(&self, head: Head<'_>) -> bool {
        let marks = IdMarks {
            bookmarks: &self.marks.bookmarks,
            read: &self.marks.read,
        };
        !self.impossible && self.filter.matches(head, &marks)
    }

    /// The filter as clauses every hit must satisfy.
    pub(crate) fn clauses(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        let exact = |term: Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if self.impossible {
            out.push(Box::new(EmptyQuery));
            return out;
        }
        let f = &self.filter;
        match &f.region {
            None => {}
            Some(RegionPick::Province) => {
                let path = format!("/{PROVINCE}");
                out.push(exact(Term::from_field_text(fields.region_path, &path)));
            }
            Some(RegionPick::Place(place)) => {
                let mut parts = vec![PROVINCE, place.city.as_str()];
                parts.extend(place.county.as_deref());
                let facet = Facet::from_path(parts);
                out.push(exact(Term::from_facet(fields.region, &facet)));
            }
        }
        if let Some(theme) = &f.theme {
            out.push(exact(Term::from_facet(fields.theme, &theme_facet(theme))));
        }
        if let Some(person) = &f.person {
            out.push(exact(Term::from_field_text(fields.person, person)));
        }
        if let Some(dates) = &f.dates {
            // An article's whole period must lie in the range: it starts on or after the
            // range's first day and ends on or before its last. A period never ends before it
            // starts, so both its days lie in the range: two narrow ranges, each the union of
            // a few days' postings (an open-ended range on the fast fields read every
            // article's dates: at 1M, half the time of a month's search).
            let (lo, hi) = dates.bounds();
            for field in [fields.date_start, fields.date_end] {
                out.push(Box::new(InvertedIndexRangeQuery::new(
                    Bound::Included(Term::from_field_u64(field, u64::from(lo))),
                    Bound::Included(Term::from_field_u64(field, u64::from(hi))),
                )));
            }
        }
        let ids = |set: &BTreeSet<String>| {
            TermSetQuery::new(set.iter().map(|id| id_term(fields, id)).collect::<Vec<_>>())
        };
        if f.bookmarked {
            out.push(Box::new(ids(&self.marks.bookmarks)));
        }
        if f.unread && !self.marks.read.is_empty() {
            out.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, Box::new(ids(&self.marks.read))),
            ])));
        }
        out
    }
}

/// The filter of a request: its own, and the filters written in its query text (resolved
/// against the embedded gazetteer and themes; a value that names nothing is noted and lets
/// nothing through, as does a part given twice with different values).
pub(crate) fn request_filter(
    q: &SearchQuery,
    parsed: &ParsedQuery,
    notes: &mut Vec<Note>,
) -> RequestFilter {
    let mut filter = q.filter.clone();
    let mut impossible = false;
    for term in &parsed.filters {
        let value = term.value.trim();
        let mut words = FilterWords::default();
        let key = match term.key {
            FilterKey::Region => {
                words.region = Some(value);
                "region"
            }
            FilterKey::Theme => {
                words.theme = Some(value);
                "theme"
            }
            FilterKey::Reporter => {
                words.person = Some(value);
                "reporter"
            }
            FilterKey::Date => "date",
        };
        let resolved = match (term.key, names()) {
            (FilterKey::Date, _) => date_range(value).map(|dates| Filter {
                dates: Some(dates),
                ..Filter::default()
            }),
            (_, Some(names)) => Filter::resolve(&words, names).ok(),
            (_, None) => None,
        };
        let Some(part) = resolved else {
            notes.push(Note::UnknownFilter {
                key: key.to_string(),
                value: value.to_string(),
            });
            impossible = true;
            continue;
        };
        if let Some(region) = part.region {
            set(&mut filter.region, region, &mut impossible);
        }
        if let Some(theme) = part.theme {
            set(&mut filter.theme, theme, &mut impossible);
        }
        if let Some(person) = part.person {
            set(&mut filter.person, person, &mut impossible);
        }
        if let Some(dates) = part.dates {
            set(&mut filter.dates, dates, &mut impossible);
        }
    }
    RequestFilter {
        filter,
        marks: Arc::clone(&q.marks),
        impossible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_values_are_periods_and_ranges() {
        let range = |v: &str| date_range(v).map(|r| r.to_string());
        assert_eq!(range("2023-05").as_deref(), Some("2023-05"));
        assert_eq!(
            range("2023-05..2023-06").as_deref(),
            Some("2023-05 – 2023-06")
        );
        assert_eq!(range("..2023").as_deref(), Some("– 2023"));
        assert_eq!(range("2023-06..2023-05"), None);
        assert_eq!(range("六月"), None);
        assert_eq!(range(".."), None);
    }

    #[test]
    fn query_filters_add_to_the_callers_and_conflicts_match_nothing() {
        let parsed = super::super::syntax::parse("region:义乌 theme:工资协商 date:2023");
        let mut notes = Vec::new();
        let f = request_filter(&SearchQuery::default(), &parsed, &mut notes);
        assert!(notes.is_empty() && !f.is_impossible());
        assert!(
            matches!(&f.filter.region, Some(RegionPick::Place(p)) if p.county.as_deref() == Some("义乌市"))
        );
        assert_eq!(f.filter.theme.as_deref(), Some("wages"));
        let parsed = super::super::syntax::parse("region:火星");
        let f = request_filter(&SearchQuery::default(), &parsed, &mut notes);
        assert!(f.is_impossible());
        assert!(matches!(&notes[0], Note::UnknownFilter { value, .. } if value == "火星"));
        let q = SearchQuery {
            filter: Filter {
                theme: Some("skills".into()),
                ..Filter::default()
            },
            ..SearchQuery::default()
        };
        let parsed = super::super::syntax::parse("theme:wages");
        assert!(request_filter(&q, &parsed, &mut Vec::new()).is_impossible());
    }
}
