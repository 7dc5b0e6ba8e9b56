//! A page's date: from the manifest (`data/pages.toml`) when it has the page, otherwise
//! inferred from the text of the whole page. A page is one day's print, so every article on
//! it gets the page's date.
//!
//! Inference rules (no date is ever made up; each rule says why it is safe):
//! 1. Explicit years (2023年, 2023年度) are reports of the present or the past, so the print
//!    year is at least the latest of them. Years in plans (到2025年, 至2027年, 2025年前) look
//!    ahead and are not used.
//! 2. A zodiac year (兔年) names one year within 2015–2030 (羊年 names two: 2015, 2027).
//! 3. A date with a weekday (6月19日(周一)) fits only some years; within 2015–2030 we keep the
//!    years where that day has that weekday. All such dates on a page must agree.
//! 4. The year is the weekday years' only candidate, or, if several, the one the explicit or
//!    zodiac years agree on; else the zodiac year; else the latest explicit year. A candidate
//!    earlier than the latest explicit year contradicts rule 1, and then there is no date.
//! 5. The month is given only when two bounds meet: dated events reported in news articles
//!    (4月26日, …) happened before the print, and dates with a weekday (listings of coming
//!    events) come after it. If the latest reported month equals the earliest announced month,
//!    that is the print month (`YYYY-MM`); otherwise the date is the year alone (`YYYY`).
//! 6. 今年/去年/近日 are relative to the unknown print date and are not used.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{ClassifyError, line_of};
use crate::article::DateSource;

const FILE: &str = "pages.toml";

/// The window in which weekdays and zodiac years are resolved.
pub(crate) const YEAR_WINDOW: std::ops::RangeInclusive<i32> = 2015..=2030;

/// What a page manifest (the embedded `data/pages.toml`, or a user's `pages.toml`) says for
/// certain about one page; every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageInfo {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    #[serde(default)]
    pub date: Option<String>,
    /// The edition, e.g. 第3版 or 基层.
    #[serde(default)]
    pub edition: Option<String>,
    /// The printed page number.
    #[serde(default)]
    pub number: Option<u32>,
    /// The paper, when not 浙江工人日报.
    #[serde(default)]
    pub paper: Option<String>,
    /// Where the page can be read online (`http://` or `https://`).
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PagesFile {
    #[serde(default)]
    pages: HashMap<String, PageInfo>,
}

pub(crate) fn parse_manifest(source: &str) -> Result<HashMap<String, PageInfo>, ClassifyError> {
    let file: PagesFile = toml::from_str(source).map_err(|e| ClassifyError::Toml {
        file: FILE,
        message: e.to_string(),
    })?;
    for (stem, info) in &file.pages {
        let problem = match &info.date {
            None => Some((format!("\"{stem}\""), format!("page {stem} has no date"))),
            Some(_) => page_info_problem(stem, info),
        };
        if let Some((needle, message)) = problem {
            return Err(ClassifyError::Invalid {
                file: FILE,
                line: line_of(source, &needle),
                message,
            });
        }
    }
    Ok(file.pages)
}

/// What is wrong with a page's entry in a manifest, if anything: the text to find its line by,
/// and a message that says what to write instead.
pub(crate) fn page_info_problem(stem: &str, info: &PageInfo) -> Option<(String, String)> {
    if let Some(date) = info.date.as_deref().filter(|d| !is_valid_date(d)) {
        return Some((
            format!("\"{date}\""),
            format!("page {stem} has date '{date}'; write YYYY-MM-DD or YYYY-MM (e.g. 2023-06-12)"),
        ));
    }
    let url = info.url.as_deref()?;
    let clean = url.starts_with("https://") || url.starts_with("http://");
    (!clean || url.chars().any(|c| c.is_whitespace() || c.is_control())).then(|| {
        (
            url.to_string(),
            format!(
                "page {stem} has url {url:?}; write a whole http:// or https:// address without spaces"
            ),
        )
    })
}

fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => {
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y as i32, m)
            }
            _ => false,
        },
        _ => false,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// What a page's file name says: its print date and, when given, its page number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileNameDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub page: Option<u32>,
}

/// Reads the date (and page number) from a page's file stem, as real archives name them:
/// `2017-01-16_01`, `20170116-03`, `zjgrrb_2017-01-16_p3`, `2017.01.16-第3版`. The date must
/// stand on its own (not inside a longer run of letters or digits, so a hash such as
/// `a20170116f` is no date), be a real day, and fall within 1949–2100. The page number is
/// the 1–3 digits right after it (after `_`, `-`, `.`, and `p`, `page` or `第`).
pub(crate) fn from_file_name(stem: &str) -> Option<FileNameDate> {
    let bytes = stem.as_bytes();
    let bounded = |at: usize| at >= bytes.len() || !bytes[at].is_ascii_alphanumeric();
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let Some((y, m, d, end)) = date_at(bytes, start) else {
            continue;
        };
        if !bounded(end) || !(1949..=2100).contains(&y) || !(1..=12).contains(&m) {
            continue;
        }
        if d == 0 || d > days_in_month(y as i32, m) {
            continue;
        }
        return Some(FileNameDate {
            date: format!("{y:04}-{m:02}-{d:02}"),
            page: page_after(&stem[end..]),
        });
    }
    None
}

/// `YYYY-MM-DD` (with `-`, `_` or `.`) or `YYYYMMDD` at `start`: (year, month, day, end).
fn date_at(bytes: &[u8], start: usize) -> Option<(u32, u32, u32, usize)> {
    let digits = |from: usize, n: usize| -> Option<u32> {
        let run = bytes.get(from..from + n)?;
        run.iter()
            .all(u8::is_ascii_digit)
            .then(|| run.iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0')))
    };
    let year = digits(start, 4)?;
    let sep = bytes.get(start + 4).copied();
    if matches!(sep, Some(b'-' | b'_' | b'.')) && bytes.get(start + 7).copied() == sep {
        return Some((
            year,
            digits(start + 5, 2)?,
            digits(start + 8, 2)?,
            start + 10,
        ));
    }
    Some((
        year,
        digits(start + 4, 2)?,
        digits(start + 6, 2)?,
        start + 8,
    ))
}

/// The page number right after a date: `_01`, `-3`, `_p3`, `-page12`, `_第3版`.
fn page_after(rest: &str) -> Option<u32> {
    let rest = rest.strip_prefix(['_', '-', '.', ' '])?;
    let rest = ["page", "Page", "p", "P", "第"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    let ends = after.is_empty() || after.starts_with(['_', '-', '.', ' ', '版']);
    if digits.is_empty() || digits.len() > 3 || !ends {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// Day of the week, 0 = Monday … 6 = Sunday (Sakamoto's method).
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_based = (y + y / 4 - y / 100 + y / 400 + T[(month - 1) as usize] + day as i32) % 7;
    ((sunday_based + 6) % 7) as u32
}

/// One piece of evidence found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateClue {
    /// 2023年 (a report of the present or past).
    Year { text: String, year: i32 },
    /// 到2025年 (a plan: not used).
    PlannedYear { text: String, year: i32 },
    /// 兔年
    Zodiac { text: String, years: Vec<i32> },
    /// 4月26日, with the weekday (0 = Monday) if one follows; `years` are the years in the
    /// window where that weekday fits.
    MonthDay {
        text: String,
        month: u32,
        day: u32,
        weekday: Option<u32>,
        years: Vec<i32>,
        /// Found in a listing of coming events (a notice, or beside a weekday).
        announced: bool,
    },
}

/// The outcome of dating one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DateInference {
    pub date: Option<String>,
    pub source: Option<DateSource>,
    pub clues: Vec<DateClue>,
    pub reasons: Vec<String>,
}

const ZODIAC: [(char, i32); 12] = [
    // animal, a year it names
    ('鼠', 2020),
    ('牛', 2021),
    ('虎', 2022),
    ('兔', 2023),
    ('龙', 2024),
    ('蛇', 2025),
    ('马', 2026),
    ('羊', 2027),
    ('猴', 2028),
    ('鸡', 2029),
    ('狗', 2030),
    ('猪', 2019),
];

/// Words right before a year that make it a plan or the end of a span (到2025年,
/// 计划2024年, 2023—2025年), not a report of the present.
const PLAN_BEFORE: [&str; 13] = [
    "到", "至", "—", "-", "–", "~", "～", "计划", "预计", "力争", "争取", "将于", "将在",
];

/// Words right after a year that make it a deadline (2025年前, 2025年底前).
const PLAN_AFTER: [&str; 2] = ["前", "底前"];

const WEEKDAYS: [char; 7] = ['一', '二', '三', '四', '五', '六', '日'];

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Finds the date clues in one text. `announced` marks a listing of coming events.
pub(crate) fn clues_in(text: &str, announced: bool) -> Vec<DateClue> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Zodiac: 兔年, not preceded by a digit.
        let zodiac = (chars.get(i + 1) == Some(&'年'))
            .then(|| ZODIAC.iter().find(|(a, _)| *a == chars[i]))
            .flatten();
        let prev_is_digit = i > 0 && digit(chars[i - 1]).is_some();
        if let Some(&(_, base)) = zodiac
            && !prev_is_digit
        {
            let years: Vec<i32> = (base - 24..=base + 24)
                .step_by(12)
                .filter(|y| YEAR_WINDOW.contains(y))
                .collect();
            out.push(DateClue::Zodiac {
                text: chars[i..i + 2].iter().collect(),
                years,
            });
            i += 2;
            continue;
        }
        let Some(_) = digit(chars[i]) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut n: u32 = 0;
        while i < chars.len() && digit(chars[i]).is_some() {
            n = n
                .saturating_mul(10)
                .saturating_add(digit(chars[i]).unwrap_or(0));
            i += 1;
        }
        let len = i - start;
        let next = chars.get(i).copied();
        if len == 4 && next == Some('年') {
            let year = n as i32;
            i += 1;
            let before: String = chars[start.saturating_sub(2)..start].iter().collect();
            let after: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let text: String = chars[start..i].iter().collect();
            let planned = PLAN_BEFORE.iter().any(|w| before.ends_with(w))
                || PLAN_AFTER.iter().any(|w| after.starts_with(w));
            if planned {
                out.push(DateClue::PlannedYear { text, year });
            } else if (1949..=2100).contains(&year) {
                out.push(DateClue::Year { text, year });
            }
            continue;
        }
        if (1..=2).contains(&len) && next == Some('月') && (1..=12).contains(&n) {
            // M月D日 / M月D号
            let mut j = i + 1;
            let day_start = j;
            let mut day: u32 = 0;
            while j < chars.len() && j - day_start < 2 && digit(chars[j]).is_some() {
                day = day * 10 + digit(chars[j]).unwrap_or(0);
                j += 1;
            }
            if j > day_start && matches!(chars.get(j), Some('日' | '号')) && (1..=31).contains(&day)
            {
                j += 1;
                let weekday = weekday_after(&chars, j);
                let end = weekday.map_or(j, |(_, e)| e);
                let month = n;
                let years: Vec<i32> = match weekday {
                    Some((w, _)) => YEAR_WINDOW
                        .filter(|&y| {
                            day <= days_in_month(y, month) && self::weekday(y, month, day) == w
                        })
                        .collect(),
                    None => Vec::new(),
                };
                out.push(DateClue::MonthDay {
                    text: chars[start..end].iter().collect(),
                    month,
                    day,
                    weekday: weekday.map(|(w, _)| w),
                    years,
                    announced: announced || weekday.is_some(),
                });
                i = end;
            }
        }
    }
    out
}

/// A weekday right after a date: (周一), （星期三）, 周五. Returns (0 = Monday, end index).
fn weekday_after(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let mut j = at;
    let open = matches!(chars.get(j), Some('(' | '（'));
    if open {
        j += 1;
    }
    let rest: String = chars[j..chars.len().min(j + 3)].iter().collect();
    let (skip, day_char) = if let Some(r) = rest.strip_prefix("星期") {
        (3, r.chars().next()?)
    } else if let Some(r) = rest.strip_prefix('周') {
        (2, r.chars().next()?)
    } else {
        return None;
    };
    let w = match day_char {
        '天' => 6,
        c => WEEKDAYS.iter().position(|&d| d == c)? as u32,
    };
    j += skip;
    if open {
        if !matches!(chars.get(j), Some(')' | '）')) {
            return None;
        }
        j += 1;
    }
    Some((w, j))
}

/// Dates a page from its texts: `(text, announced)` pairs, `announced` for listings of coming
/// events (notices). See the module docs for the rules.
pub(crate) fn infer(texts: &[(&str, bool)]) -> DateInference {
    let clues: Vec<DateClue> = texts
        .iter()
        .flat_map(|(t, announced)| clues_in(t, *announced))
        .collect();
    let mut reasons = Vec::new();
    let Some(year) = infer_year(&clues, &mut reasons) else {
        return DateInference {
            date: None,
            source: None,
            clues,
            reasons,
        };
    };
    let date = pin_month(year, &clues, &mut reasons);
    DateInference {
        date: Some(date),
        source: Some(DateSource::Inferred),
        clues,
        reasons,
    }
}

/// The page's year: what the weekdays allow, narrowed by the zodiac and the years the text
/// names; never earlier than a year the page already reports. Says why in `reasons`.
fn infer_year(clues: &[DateClue], reasons: &mut Vec<String>) -> Option<i32> {
    let latest_explicit = clues
        .iter()
        .filter_map(|c| match c {
            DateClue::Year { year, .. } => Some(*year),
            _ => None,
        })
        .max();
    let zodiac = zodiac_years(clues, reasons);
    let weekday_years = weekday_years(clues);
    let agree =
        |y: i32| latest_explicit == Some(y) || zodiac.as_ref().is_some_and(|z| z.contains(&y));
    let year: Option<i32> = match (&weekday_years, &zodiac, latest_explicit) {
        (Some(w), _, _) if w.is_empty() => {
            reasons.push(format!(
                "the weekdays on the page fit no single year in {}–{}",
                YEAR_WINDOW.start(),
                YEAR_WINDOW.end()
            ));
            None
        }
        (Some(w), _, _) if w.len() == 1 => {
            reasons.push(format!("the weekdays on the page fit only {}", w[0]));
            Some(w[0])
        }
        (Some(w), _, _) => {
            let agreed: Vec<i32> = w.iter().copied().filter(|&y| agree(y)).collect();
            if agreed.len() == 1 {
                reasons.push(format!(
                    "the weekdays fit {}; the year named in the text agrees on {}",
                    join_years(w),
                    agreed[0]
                ));
                Some(agreed[0])
            } else {
                reasons.push(format!(
                    "the weekdays fit {} and nothing else on the page picks one",
                    join_years(w)
                ));
                None
            }
        }
        (None, Some(z), _) if z.len() == 1 => {
            reasons.push(format!("the zodiac year names {}", z[0]));
            Some(z[0])
        }
        (None, _, Some(e)) => {
            reasons.push(format!("the latest year the page reports is {e}"));
            Some(e)
        }
        _ => {
            reasons.push("no year, zodiac year or weekday on the page".into());
            None
        }
    };
    match (year, latest_explicit) {
        (Some(y), Some(e)) if y < e => {
            reasons.push(format!(
                "but the page already reports {e}, later than {y}: contradictory, no date"
            ));
            None
        }
        (y, _) => y,
    }
}

/// Zodiac years: usable only if every zodiac clue names the same years.
fn zodiac_years(clues: &[DateClue], reasons: &mut Vec<String>) -> Option<Vec<i32>> {
    let sets: Vec<&Vec<i32>> = clues
        .iter()
        .filter_map(|c| match c {
            DateClue::Zodiac { years, .. } => Some(years),
            _ => None,
        })
        .collect();
    match sets.first() {
        Some(first) if sets.iter().all(|s| s == first) => Some((*first).clone()),
        Some(_) => {
            reasons.push("zodiac years disagree: not used".into());
            None
        }
        None => None,
    }
}

/// Weekday years: the intersection over all dated weekdays (`None`: no dated weekday).
fn weekday_years(clues: &[DateClue]) -> Option<Vec<i32>> {
    let mut weekday_years: Option<Vec<i32>> = None;
    for c in clues {
        if let DateClue::MonthDay {
            weekday: Some(_),
            years,
            ..
        } = c
        {
            weekday_years = Some(match weekday_years {
                None => years.clone(),
                Some(prev) => prev.into_iter().filter(|y| years.contains(y)).collect(),
            });
        }
    }
    weekday_years
}

/// The month within `year`, when the past events reported and the coming events announced meet
/// in one month (`yyyy-mm`); otherwise the year alone (`yyyy`).
fn pin_month(year: i32, clues: &[DateClue], reasons: &mut Vec<String>) -> String {
    let reported_latest = clues
        .iter()
        .filter_map(|c| match c {
            DateClue::MonthDay {
                month,
                announced: false,
                ..
            } => Some(*month),
            _ => None,
        })
        .max();
    let announced_earliest = clues
        .iter()
        .filter_map(|c| match c {
            DateClue::MonthDay {
                month,
                weekday: Some(_),
                ..
            } => Some(*month),
            _ => None,
        })
        .min();
    match (reported_latest, announced_earliest) {
        (Some(lo), Some(hi)) if lo == hi => {
            reasons.push(format!(
                "events reported as past reach month {lo} and the coming events listed start in \
                 month {hi}: printed in {year}-{lo:02}"
            ));
            format!("{year}-{lo:02}")
        }
        (lo, hi) => {
            reasons.push(format!(
                "the month is not pinned down (latest reported month: {}, earliest announced: {}): \
                 year only",
                lo.map_or("none".to_string(), |m| m.to_string()),
                hi.map_or("none".to_string(), |m| m.to_string())
            ));
            year.to_string()
        }
    }
}

fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_sources_are_checked() {
        let ok = "[pages.p1]\ndate = \"2017-01-16\"\nnumber = 3\npaper = \"工人日报\"\nurl = \"https://example.org/p1\"\n";
        let pages = parse_manifest(ok).unwrap();
        assert_eq!(pages["p1"].url.as_deref(), Some("https://example.org/p1"));
        assert_eq!(pages["p1"].paper.as_deref(), Some("工人日报"));
        for bad in [
            "javascript:alert(1)",
            "https://exa mple.org",
            "https://x\\u001b[31m",
        ] {
            let text = format!("[pages.p1]\ndate = \"2017-01-16\"\nurl = \"{bad}\"\n");
            let err = parse_manifest(&text).unwrap_err().to_string();
            assert!(err.contains("http:// or https://"), "{bad}: {err}");
        }
    }

    #[test]
    fn file_names_give_date_and_page() {
        let named = |stem: &str| from_file_name(stem).map(|n| (n.date, n.page));
        let day = |page| Some(("2017-01-16".to_string(), page));
        assert_eq!(named("2017-01-16_01"), day(Some(1)));
        assert_eq!(named("20170116-03"), day(Some(3)));
        assert_eq!(named("zjgrrb_2017-01-16_p3"), day(Some(3)));
        assert_eq!(named("浙江工人日报_2017.01.16_第3版"), day(Some(3)));
        assert_eq!(named("2017_01_16"), day(None));
        assert_eq!(named("2017-01-16_scan"), day(None));
        assert_eq!(
            named("2017-01-16_1234"),
            day(None),
            "four digits are no page"
        );
        // Not dates: a hash, an impossible day, a year out of range, a number run.
        for stem in [
            "000_b4d91279af1e54d0",
            "a20170116f",
            "2017-02-30_01",
            "1900-01-01",
            "201701160",
            "2017-13-01",
            "page_12",
        ] {
            assert_eq!(from_file_name(stem), None, "{stem}");
        }
    }

    #[test]
    fn weekday_is_right_for_known_days() {
        assert_eq!(weekday(2023, 6, 19), 0, "Monday 19 June 2023");
        assert_eq!(weekday(2024, 2, 29), 3, "Thursday 29 February 2024");
        assert_eq!(weekday(2000, 1, 1), 5, "Saturday 1 January 2000");
    }

    #[test]
    fn manifest_dates_are_checked() {
        assert!(is_valid_date("2023-06-12"));
        assert!(is_valid_date("2024-02-29"));
        assert!(is_valid_date("2023-06"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("2023-13"));
        assert!(!is_valid_date("2023/06/12"));
        assert!(!is_valid_date("23-06-12"));
    }

    #[test]
    fn spans_targets_and_deadlines_are_plans() {
        let years = |text: &str| -> Vec<(i32, bool)> {
            clues_in(text, false)
                .into_iter()
                .filter_map(|c| match c {
                    DateClue::Year { year, .. } => Some((year, false)),
                    DateClue::PlannedYear { year, .. } => Some((year, true)),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(years("2023—2025年行动计划"), vec![(2025, true)]);
        assert_eq!(
            years("2022年,计划2024年完成,2026年底前建成"),
            vec![(2022, false), (2024, true), (2026, true)]
        );
        assert_eq!(years("2022年底,已建成"), vec![(2022, false)]);
    }

    #[test]
    fn finds_years_plans_zodiacs_and_weekday_dates() {
        let clues = clues_in(
            "2023年一季度,到2025年,兔年关怀,时间:6月19日(周一)晚19:30",
            false,
        );
        assert_eq!(
            clues,
            vec![
                DateClue::Year {
                    text: "2023年".into(),
                    year: 2023
                },
                DateClue::PlannedYear {
                    text: "2025年".into(),
                    year: 2025
                },
                DateClue::Zodiac {
                    text: "兔年".into(),
                    years: vec![2023]
                },
                DateClue::MonthDay {
                    text: "6月19日(周一)".into(),
                    month: 6,
                    day: 19,
                    weekday: Some(0),
                    years: vec![2017, 2023, 2028],
                    announced: true,
                },
            ]
        );
    }
}
