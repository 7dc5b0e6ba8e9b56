//! The one filter model: which articles a reader asked for, for the CLI, the browser and search.
//!
//! A [`Filter`] is plain data — a region (a city or county, or the province-wide articles), a
//! theme, a person (anyone the byline credits), a date range, and the reader's own marks
//! (bookmarked, unread) — with one rule per part, written once here:
//! [`Filter::matches`] decides for one article head. [`Filter::resolve`] reads the user's words
//! (`--region 义乌`, `--month 2024`, `--since 2023-06`) with errors that say what to type instead.
//! The counts a sidebar shows for each choice live in [`facets`]: one counting routine for the
//! browser's navigator and `kanbao stats`.
//!
//! Dates are periods of year, month or day precision (`2023`, `2023-06`, `2023-06-19`), as
//! precise as the page's evidence allowed. An article is in a range when its whole period is:
//! an article dated only `2023` is in `--month 2023` but not in `--month 2023-06`, since nothing
//! says which month it is from. Undated articles are in no range.

pub mod facets;

use std::collections::BTreeSet;
use std::fmt;

use crate::article::PROVINCE;
use crate::classify::{Classifier, RegionRef};
use crate::corpus::Head;

/// Words that name the province-wide articles (no city) as a region.
const PROVINCE_WORDS: [&str; 5] = ["全省", "浙江", PROVINCE, "province", "zhejiang"];

/// Which region an article must be about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RegionPick {
    /// Articles about the whole province: no city.
    Province,
    /// A city with all its counties, or one county.
    Place(RegionRef),
}

/// A date of year, month or day precision. Orders as its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// From `since` to `until`, both ends included (a period is included whole). `None`: open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    pub since: Option<Period>,
    pub until: Option<Period>,
}

/// Which articles the reader wants. `Default` is everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    pub region: Option<RegionPick>,
    /// A theme id (`wages`).
    pub theme: Option<String>,
    /// A person credited in the byline: reporter, correspondent or photographer.
    pub person: Option<String>,
    pub dates: Option<DateRange>,
    /// Only bookmarked articles.
    pub bookmarked: bool,
    /// Only articles not yet read.
    pub unread: bool,
}

/// One part of a filter: what a chip shows and what can be cleared on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Region,
    Theme,
    Person,
    Date,
    Bookmarked,
    Unread,
}

impl Part {
    pub(crate) const ALL: [Part; 6] = [
        Part::Region,
        Part::Theme,
        Part::Person,
        Part::Date,
        Part::Bookmarked,
        Part::Unread,
    ];
}

/// The reader's own marks on articles, as the filter asks about them.
pub trait Marks {
    /// Whether the reader bookmarked this article.
    fn is_bookmarked(&self, head: Head<'_>) -> bool;
    /// Whether the reader has read this article.
    fn is_read(&self, head: Head<'_>) -> bool;
    /// Whether no article at all is read: lets a count over every article skip
    /// [`Self::is_read`] (a lookup by id per article). `false` is always a safe answer.
    fn none_read(&self) -> bool {
        false
    }
    /// The marks as id sets (bookmarked, read), when that is what they are: lets a pass over
    /// every article look each mark up once in the store instead of every article's id in the
    /// marks (`facets::Facets::count` then reads no head). `None` is always a safe answer.
    fn id_sets(&self) -> Option<(&BTreeSet<String>, &BTreeSet<String>)> {
        None
    }
}

/// No marks at all: nothing bookmarked, nothing read.
#[cfg(test)]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NoMarks;

#[cfg(test)]
impl Marks for NoMarks {
    fn is_bookmarked(&self, _: Head<'_>) -> bool {
        false
    }
    fn is_read(&self, _: Head<'_>) -> bool {
        false
    }
    fn none_read(&self) -> bool {
        true
    }
}

/// Marks as sets of article ids (the saved state's form).
#[derive(Debug, Clone, Copy)]
pub struct IdMarks<'a> {
    pub bookmarks: &'a BTreeSet<String>,
    pub read: &'a BTreeSet<String>,
}

impl Marks for IdMarks<'_> {
    fn is_bookmarked(&self, head: Head<'_>) -> bool {
        self.bookmarks.contains(head.id())
    }
    fn is_read(&self, head: Head<'_>) -> bool {
        self.read.contains(head.id())
    }
    fn none_read(&self) -> bool {
        self.read.is_empty()
    }
    fn id_sets(&self) -> Option<(&BTreeSet<String>, &BTreeSet<String>)> {
        Some((self.bookmarks, self.read))
    }
}

/// The filter as the user typed it, before it is checked (see [`Filter::resolve`]).
#[derive(Debug, Clone, Default)]
pub struct FilterWords<'a> {
    pub region: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub person: Option<&'a str>,
    /// One year or month: `YYYY` or `YYYY-MM`.
    pub month: Option<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub bookmarked: bool,
    pub unread: bool,
}

/// Why the user's words are not a filter. Each message says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error(
        "unknown region {0:?}: give a Zhejiang city or county, full or short (杭州, 西湖区, 义乌市), or 全省 for province-wide articles"
    )]
    Region(String),
    #[error("unknown theme {given:?}: use one of {known}")]
    Theme { given: String, known: String },
    #[error("--{flag} wants {wants} (e.g. {example}), not {given:?}")]
    Date {
        flag: &'static str,
        wants: &'static str,
        example: &'static str,
        given: String,
    },
    #[error("--month and --{0} both set the dates: give --month alone, or --since/--until")]
    MonthAndRange(&'static str),
    #[error("--since {since} is after --until {until}: swap them")]
    Backwards { since: Period, until: Period },
    #[error("--reporter is empty: give a name as the byline writes it (e.g. 王艳)")]
    EmptyPerson,
}

impl Period {
    /// A year (2015 → `2015`).
    pub fn year(year: u16) -> Period {
        Period {
            year,
            month: None,
            day: None,
        }
    }

    /// A month, if `month` is 1–12.
    pub fn month(year: u16, month: u8) -> Option<Period> {
        (1..=12).contains(&month).then_some(Period {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also with `/` or `.`, and one-digit month or
    /// day). `None` for anything else or an impossible date.
    pub fn parse(text: &str) -> Option<Period> {
        let mut parts = text.trim().split(['-', '/', '.']);
        let year = parts.next().filter(|y| y.len() == 4)?;
        let number = |s: &str, max: usize| {
            (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        let year = number(year, 4)?;
        let month = parts
            .next()
            .map(|m| number(m, 2))
            .map(|m| m.map(|m| m as u8));
        let day = parts
            .next()
            .map(|d| number(d, 2))
            .map(|d| d.map(|d| d as u8));
        if parts.next().is_some() {
            return None;
        }
        let period = match (month, day) {
            (None, _) => Period::year(year),
            (Some(month), None) => Period::month(year, month?)?,
            (Some(month), Some(day)) => {
                let month = month?;
                let day = day?;
                let base = Period::month(year, month)?;
                (day >= 1 && day <= days_in_month(year, month)).then_some(Period {
                    day: Some(day),
                    ..base
                })?
            }
        };
        Some(period)
    }

    pub(crate) fn year_of(self) -> u16 {
        self.year
    }

    pub(crate) fn month_of(self) -> Option<u8> {
        self.month
    }

    /// The first and last day as `yyyymmdd` numbers (`2023` → 20230101..=20231231, `2023-06`
    /// → 20230601..=20230631), so comparing these numbers compares whole periods.
    pub(crate) fn bounds(self) -> (u32, u32) {
        let base = u32::from(self.year) * 10_000;
        match (self.month, self.day) {
            (None, _) => (base + 101, base + 1231),
            (Some(m), None) => (
                base + u32::from(m) * 100 + 1,
                base + u32::from(m) * 100 + 31,
            ),
            (Some(m), Some(d)) => {
                let at = base + u32::from(m) * 100 + u32::from(d);
                (at, at)
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An article date's bounds (see [`Period::bounds`]); `None` when absent or not a date.
pub(crate) fn date_bounds(date: Option<&str>) -> Option<(u32, u32)> {
    date.and_then(Period::parse).map(Period::bounds)
}

impl DateRange {
    /// Exactly one period (`--month 2023`, a year or month row in the navigator).
    pub fn single(period: Period) -> DateRange {
        DateRange {
            since: Some(period),
            until: Some(period),
        }
    }

    /// `yyyymmdd` bounds an article's period must lie within.
    pub(crate) fn bounds(self) -> (u32, u32) {
        (
            self.since.map_or(0, |p| p.bounds().0),
            self.until.map_or(u32::MAX, |p| p.bounds().1),
        )
    }

    /// Is an article dated `date` inside the range? Undated articles never are.
    pub fn contains(&self, date: Option<&str>) -> bool {
        let (lo, hi) = self.bounds();
        date_bounds(date).is_some_and(|(start, end)| start >= lo && end <= hi)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.since, self.until) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (Some(a), Some(b)) => write!(f, "{a} – {b}"),
            (Some(a), None) => write!(f, "{a} –"),
            (None, Some(b)) => write!(f, "– {b}"),
            (None, None) => Ok(()),
        }
    }
}

impl RegionPick {
    /// Is an article about `city`/`county` in this region? A city takes in its counties;
    /// province-wide articles are in no city.
    pub fn contains(&self, city: Option<&str>, county: Option<&str>) -> bool {
        match self {
            RegionPick::Province => city.is_none(),
            RegionPick::Place(place) => {
                city == Some(place.city.as_str())
                    && place
                        .county
                        .as_deref()
                        .is_none_or(|wanted| county == Some(wanted))
            }
        }
    }

    /// `杭州市 › 西湖区`, `杭州市`, or `全省`.
    pub fn label(&self) -> String {
        match self {
            RegionPick::Province => "全省".to_string(),
            RegionPick::Place(place) => place_label(Some(&place.city), place.county.as_deref()),
        }
    }
}

/// "杭州市 › 西湖区", "杭州市", or "浙江省" for an article about the whole province.
pub fn place_label(city: Option<&str>, county: Option<&str>) -> String {
    match (city, county) {
        (Some(c), Some(k)) => format!("{c} › {k}"),
        (Some(c), None) => c.to_string(),
        _ => PROVINCE.to_string(),
    }
}

/// The place as short as is still clear, for narrow columns: county, else city, else 浙江省.
pub(crate) fn short_place<'a>(city: Option<&'a str>, county: Option<&'a str>) -> &'a str {
    county.or(city).unwrap_or(PROVINCE)
}

impl Filter {
    /// Everything passes.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Does one part of the filter let this article through? (An unset part does.)
    pub(crate) fn part_matches(&self, part: Part, head: Head<'_>, marks: &dyn Marks) -> bool {
        match part {
            Part::Region => self
                .region
                .as_ref()
                .is_none_or(|r| r.contains(head.city(), head.county())),
            Part::Theme => self.theme.as_deref().is_none_or(|t| head.has_theme(t)),
            Part::Person => self
                .person
                .as_deref()
                .is_none_or(|p| head.people().any(|n| n == p)),
            Part::Date => self.dates.is_none_or(|d| d.contains(head.date())),
            Part::Bookmarked => !self.bookmarked || marks.is_bookmarked(head),
            Part::Unread => !self.unread || !marks.is_read(head),
        }
    }

    /// Does the article pass every part? The one rule the CLI, the browser and search share.
    pub fn matches(&self, head: Head<'_>, marks: &dyn Marks) -> bool {
        Part::ALL
            .iter()
            .all(|&part| self.part_matches(part, head, marks))
    }

    /// The parts that are set, in chip order.
    pub(crate) fn active_parts(&self) -> Vec<Part> {
        Part::ALL.into_iter().filter(|&p| self.is_set(p)).collect()
    }

    pub(crate) fn is_set(&self, part: Part) -> bool {
        match part {
            Part::Region => self.region.is_some(),
            Part::Theme => self.theme.is_some(),
            Part::Person => self.person.is_some(),
            Part::Date => self.dates.is_some(),
            Part::Bookmarked => self.bookmarked,
            Part::Unread => self.unread,
        }
    }

    /// Unsets one part.
    pub fn clear(&mut self, part: Part) {
        match part {
            Part::Region => self.region = None,
            Part::Theme => self.theme = None,
            Part::Person => self.person = None,
            Part::Date => self.dates = None,
            Part::Bookmarked => self.bookmarked = false,
            Part::Unread => self.unread = false,
        }
    }

    /// Checks and resolves the user's words against the gazetteer and the theme list.
    pub fn resolve(
        words: &FilterWords<'_>,
        classifier: &Classifier,
    ) -> Result<Filter, FilterError> {
        let region = words
            .region
            .map(|name| resolve_region(name.trim(), classifier))
            .transpose()?;
        let theme = words
            .theme
            .map(|t| {
                classifier
                    .theme(t.trim())
                    .map(|theme| theme.id.clone())
                    .ok_or_else(|| FilterError::Theme {
                        given: t.to_string(),
                        known: classifier
                            .themes()
                            .iter()
                            .map(|t| format!("{} ({})", t.id, t.label))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            })
            .transpose()?;
        let person = match words.person.map(str::trim) {
            Some("") => return Err(FilterError::EmptyPerson),
            other => other.map(str::to_string),
        };
        Ok(Filter {
            region,
            theme,
            person,
            dates: resolve_dates(words)?,
            bookmarked: words.bookmarked,
            unread: words.unread,
        })
    }
}

fn resolve_region(name: &str, classifier: &Classifier) -> Result<RegionPick, FilterError> {
    if PROVINCE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(name)) {
        return Ok(RegionPick::Province);
    }
    classifier
        .gazetteer()
        .resolve(name)
        .map(RegionPick::Place)
        .ok_or_else(|| FilterError::Region(name.to_string()))
}

fn resolve_dates(words: &FilterWords<'_>) -> Result<Option<DateRange>, FilterError> {
    let parse = |flag: &'static str, text: Option<&str>, day_ok: bool| {
        text.map(|t| {
            Period::parse(t)
                .filter(|p| day_ok || p.day.is_none())
                .ok_or(FilterError::Date {
                    flag,
                    wants: if day_ok {
                        "YYYY, YYYY-MM or YYYY-MM-DD"
                    } else {
                        "YYYY or YYYY-MM"
                    },
                    example: if day_ok { "2023-06-19" } else { "2023-02" },
                    given: t.to_string(),
                })
        })
        .transpose()
    };
    let month = parse("month", words.month, false)?;
    let since = parse("since", words.since, true)?;
    let until = parse("until", words.until, true)?;
    if let Some(month) = month {
        if since.is_some() {
            return Err(FilterError::MonthAndRange("since"));
        }
        if until.is_some() {
            return Err(FilterError::MonthAndRange("until"));
        }
        return Ok(Some(DateRange::single(month)));
    }
    if let (Some(since), Some(until)) = (since, until)
        && since.bounds().0 > until.bounds().1
    {
        return Err(FilterError::Backwards { since, until });
    }
    Ok((since.is_some() || until.is_some()).then_some(DateRange { since, until }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_at_three_precisions_and_refuse_nonsense() {
        assert_eq!(Period::parse("2023"), Some(Period::year(2023)));
        assert_eq!(Period::parse("2023-06"), Period::month(2023, 6));
        assert_eq!(
            Period::parse(" 2023/6 ").map(|p| p.to_string()),
            Some("2023-06".into())
        );
        assert_eq!(
            Period::parse("2024-02-29").map(|p| p.to_string()),
            Some("2024-02-29".into())
        );
        for bad in [
            "",
            "23",
            "2023-13",
            "2023-00",
            "2023-02-30",
            "2023-02-29",
            "2023-06-1x",
            "abcd",
            "2023-06-01-01",
            "２０２３",
            "2023-",
            "20230",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ranges_hold_whole_periods_only() {
        let year = DateRange::single(Period::year(2023));
        let june = DateRange::single(Period::month(2023, 6).unwrap());
        assert!(year.contains(Some("2023")));
        assert!(year.contains(Some("2023-06-19")));
        assert!(!year.contains(Some("2024-01")));
        assert!(june.contains(Some("2023-06")));
        assert!(june.contains(Some("2023-06-19")));
        assert!(
            !june.contains(Some("2023")),
            "a year-only date is not in any one month"
        );
        assert!(!june.contains(None));
        let since = DateRange {
            since: Period::parse("2023-06-10"),
            until: None,
        };
        assert!(since.contains(Some("2024")));
        assert!(since.contains(Some("2023-06-10")));
        assert!(
            !since.contains(Some("2023-06")),
            "June starts before the 10th"
        );
        assert_eq!(june.to_string(), "2023-06");
    }

    #[test]
    fn words_resolve_with_errors_that_say_what_to_type() {
        let c = Classifier::embedded().unwrap();
        let words = |f: &dyn Fn(&mut FilterWords<'static>)| {
            let mut w = FilterWords::default();
            f(&mut w);
            Filter::resolve(&w, &c)
        };
        let f = words(&|w| {
            w.region = Some("义乌");
            w.month = Some("2024");
        })
        .unwrap();
        assert!(
            matches!(&f.region, Some(RegionPick::Place(r)) if r.county.as_deref() == Some("义乌市"))
        );
        assert_eq!(f.dates, Some(DateRange::single(Period::year(2024))));
        assert_eq!(
            words(&|w| w.region = Some("全省")).unwrap().region,
            Some(RegionPick::Province)
        );
        let err = words(&|w| w.region = Some("火星")).unwrap_err().to_string();
        assert!(err.contains("火星") && err.contains("全省"), "{err}");
        let err = words(&|w| w.month = Some("2023-13"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("YYYY or YYYY-MM"), "{err}");
        let err = words(&|w| w.month = Some("2023-06-01"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("--month"), "{err}");
        let err = words(&|w| {
            w.since = Some("2024");
            w.until = Some("2023-06");
        })
        .unwrap_err();
        assert!(matches!(err, FilterError::Backwards { .. }));
        assert!(
            words(&|w| {
                w.month = Some("2024");
                w.since = Some("2023");
            })
            .is_err()
        );
        let err = words(&|w| w.theme = Some("nope")).unwrap_err().to_string();
        assert!(err.contains("wages"), "{err}");
        assert_eq!(
            words(&|w| w.theme = Some("工资协商"))
                .unwrap()
                .theme
                .as_deref(),
            Some("wages")
        );
        assert_eq!(
            words(&|w| w.person = Some(" ")).unwrap_err(),
            FilterError::EmptyPerson
        );
    }

    #[test]
    fn parts_clear_one_at_a_time() {
        let mut f = Filter {
            theme: Some("wages".into()),
            unread: true,
            ..Filter::default()
        };
        assert_eq!(f.active_parts(), [Part::Theme, Part::Unread]);
        f.clear(Part::Theme);
        assert_eq!(f.active_parts(), [Part::Unread]);
    }
}
