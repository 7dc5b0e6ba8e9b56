//! The one search request every engine takes, and the filter it comes to once the query's own
//! filters (`region:义乌 date:2023-05..2023-06`) are added to the caller's.

use std::sync::OnceLock;

use tantivy::Term;
use tantivy::query::{Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};

use super::schema::{Fields, date_number, theme_facet};
use super::syntax::{FilterKey, Note, ParsedQuery};
use crate::article::PROVINCE;
use crate::classify::Classifier;
use crate::corpus::Head;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (the default).
    #[default]
    Relevance,
    /// Newest first (undated articles last).
    Date,
}

/// A search request. Filters are exact and combine with AND, also with those written in the
/// query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// What to find, in the query language of [`super::syntax`]: Chinese (simplified or
    /// traditional, any width), Latin words, pinyin (`jiaxibeila`, `yi wu`, initials `jxbl`),
    /// `"…"` phrases, `-word`, `A OR B`, `title:`, `region:` … Empty: list.
    pub text: String,
    /// `/浙江省/杭州市` or `/浙江省/杭州市/西湖区` (a city includes its counties).
    pub region_facet: Option<String>,
    /// Only articles about the whole province (no city).
    pub province_only: bool,
    /// A theme id (`skills`).
    pub theme: Option<String>,
    /// A person credited in the byline (reporter, correspondent or photographer), exactly.
    pub reporter: Option<String>,
    /// `YYYY-MM`.
    pub month: Option<String>,
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
            region_facet: None,
            province_only: false,
            theme: None,
            reporter: None,
            month: None,
            sort: Sort::Relevance,
            limit: 20,
        }
    }
}

/// Which region an article must be about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RegionPart {
    Province,
    /// City and optional county.
    Place(String, Option<String>),
}

/// The filter a request comes to: the caller's, and the query's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RequestFilter {
    region: Option<RegionPart>,
    theme: Option<String>,
    person: Option<String>,
    month: Option<String>,
    /// `yyyymmdd` bounds an article's date must lie within.
    dates: Option<(u64, u64)>,
    /// Two parts that cannot both hold, or a part that names nothing: no article passes.
    impossible: bool,
}

/// The embedded gazetteer and themes, for filters written in a query.
fn names() -> Option<&'static Classifier> {
    static NAMES: OnceLock<Option<Classifier>> = OnceLock::new();
    NAMES.get_or_init(|| Classifier::embedded().ok()).as_ref()
}

/// `2023`, `2023-05`, `2023-05-01`, and ranges of them with `..` (either end open): `yyyymmdd`
/// bounds, a period taken whole.
fn date_bounds(value: &str) -> Option<(u64, u64)> {
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (value.trim(), value.trim()),
    };
    let lo = if from.is_empty() {
        1
    } else {
        date_number(from)?
    };
    let hi = if to.is_empty() {
        99_999_999
    } else {
        let n = date_number(to)?;
        match (n % 10_000 / 100, n % 100) {
            (0, _) => n + 1231,
            (_, 0) => n + 31,
            _ => n,
        }
    };
    (lo <= hi).then_some((lo, hi))
}

impl RequestFilter {
    pub fn is_empty(&self) -> bool {
        *self == RequestFilter::default()
    }

    pub fn is_impossible(&self) -> bool {
        self.impossible
    }

    fn set<T: PartialEq>(slot: &mut Option<T>, value: T, impossible: &mut bool) {
        match slot {
            Some(old) if *old != value => *impossible = true,
            _ => *slot = Some(value),
        }
    }

    /// Does the article pass? (What the scan asks; the index asks [`Self::clauses`].)
    pub fn matches(&self, head: Head<'_>) -> bool {
        if self.impossible {
            return false;
        }
        let region_ok = match &self.region {
            None => true,
            Some(RegionPart::Province) => head.city().is_none(),
            Some(RegionPart::Place(city, county)) => {
                head.city() == Some(city.as_str())
                    && county.as_deref().is_none_or(|k| head.county() == Some(k))
            }
        };
        let dates_ok = self.dates.is_none_or(|(lo, hi)| {
            head.date()
                .and_then(date_number)
                .is_some_and(|d| d >= lo && d <= hi)
        });
        region_ok
            && dates_ok
            && head.passes(
                self.theme.as_deref(),
                self.person.as_deref(),
                self.month.as_deref(),
            )
    }

    /// The filter as clauses every hit must satisfy.
    pub fn clauses(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        let exact = |term: Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if self.impossible {
            out.push(Box::new(tantivy::query::EmptyQuery));
            return out;
        }
        match &self.region {
            None => {}
            Some(RegionPart::Province) => {
                out.push(exact(Term::from_field_text(
                    fields.region_path,
                    &format!("/{PROVINCE}"),
                )));
            }
            Some(RegionPart::Place(city, county)) => {
                let mut parts = vec![PROVINCE, city.as_str()];
                parts.extend(county.as_deref());
                out.push(exact(Term::from_facet(
                    fields.region,
                    &Facet::from_path(parts),
                )));
            }
        }
        if let Some(theme) = &self.theme {
            out.push(exact(Term::from_facet(fields.theme, &theme_facet(theme))));
        }
        if let Some(person) = &self.person {
            out.push(exact(Term::from_field_text(fields.person, person)));
        }
        if let Some(month) = &self.month {
            out.push(exact(Term::from_field_text(fields.month, month)));
        }
        if let Some((lo, hi)) = self.dates {
            out.push(Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(fields.date, lo)),
                std::ops::Bound::Included(Term::from_field_u64(fields.date, hi)),
            )));
        }
        out
    }
}

/// The filter of a request: its own fields, and the filters written in its query text
/// (resolved against the embedded gazetteer and themes; what names nothing is noted and lets
/// nothing through).
pub(crate) fn request_filter(
    q: &SearchQuery,
    parsed: &ParsedQuery,
    notes: &mut Vec<Note>,
) -> RequestFilter {
    let mut f = RequestFilter::default();
    let mut impossible = false;
    if q.province_only {
        f.region = Some(RegionPart::Province);
    } else if let Some(raw) = &q.region_facet {
        let parts: Vec<&str> = raw
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [] | [_] => {}
            [_, city] => f.region = Some(RegionPart::Place(city.to_string(), None)),
            [_, city, county, ..] => {
                f.region = Some(RegionPart::Place(
                    city.to_string(),
                    Some(county.to_string()),
                ));
            }
        }
    }
    f.theme = q
        .theme
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    f.person = q
        .reporter
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    f.month = q
        .month
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    for term in &parsed.filters {
        let value = term.value.trim();
        let unknown = |notes: &mut Vec<Note>, key: &str| {
            notes.push(Note::UnknownFilter {
                key: key.to_string(),
                value: value.to_string(),
            });
        };
        match term.key {
            FilterKey::Region => {
                let province = ["全省", "浙江", PROVINCE, "province", "zhejiang"]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(value));
                let pick = if province {
                    Some(RegionPart::Province)
                } else {
                    names()
                        .and_then(|n| n.gazetteer().resolve(value))
                        .map(|r| RegionPart::Place(r.city, r.county))
                };
                match pick {
                    Some(p) => RequestFilter::set(&mut f.region, p, &mut impossible),
                    None => {
                        unknown(notes, "region");
                        impossible = true;
                    }
                }
            }
            FilterKey::Theme => match names().and_then(|n| n.theme(value)) {
                Some(theme) => RequestFilter::set(&mut f.theme, theme.id.clone(), &mut impossible),
                None => {
                    unknown(notes, "theme");
                    impossible = true;
                }
            },
            FilterKey::Reporter => {
                RequestFilter::set(&mut f.person, value.to_string(), &mut impossible);
            }
            FilterKey::Date => match date_bounds(value) {
                Some(bounds) => RequestFilter::set(&mut f.dates, bounds, &mut impossible),
                None => {
                    unknown(notes, "date");
                    impossible = true;
                }
            },
        }
    }
    f.impossible = impossible;
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_values_become_whole_period_bounds() {
        assert_eq!(date_bounds("2023-05"), Some((20_230_500, 20_230_531)));
        assert_eq!(
            date_bounds("2023-05..2023-06"),
            Some((20_230_500, 20_230_631))
        );
        assert_eq!(date_bounds("2023"), Some((20_230_000, 20_231_231)));
        assert_eq!(date_bounds("2023-05-02"), Some((20_230_502, 20_230_502)));
        assert_eq!(date_bounds("..2023"), Some((1, 20_231_231)));
        assert_eq!(date_bounds("2023-06..2023-05"), None);
        assert_eq!(date_bounds("六月"), None);
    }
}
