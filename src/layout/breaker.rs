//! Where lines may break, and where they do: UAX #14 opportunities (`unicode-linebreak`) tailored
//! with the clreq rules, then a greedy fill that pushes characters down rather than break a rule.
//!
//! Works on sanitised text, in grapheme clusters: a cluster (an emoji family, a letter with its
//! accents) is never split, and its width is measured once.

use std::borrow::Cow;

use unicode_linebreak::linebreaks;

use super::rules::{is_cjk_context, is_digit, is_hangable, is_ideograph, is_no_end, is_no_start};
use super::width::{AmbiguousWidth, clusters, grapheme_width};

/// Cells reserved at the right margin for hanging punctuation (one full-width mark).
pub(crate) const HANG_CELLS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Text,
    /// An ASCII space: it may end a line, where it is not drawn and not counted.
    Space,
    /// A newline: a forced break, never drawn.
    HardBreak,
}

/// One grapheme cluster with everything the line filler needs, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Display cells.
    pub width: usize,
    pub kind: UnitKind,
    /// May hang into the margin (、，。).
    pub hangable: bool,
    /// A break before this unit is allowed: UAX #14 allows it and no clreq rule forbids it.
    pub break_before: bool,
    /// A break before this unit breaks no clreq rule (UAX #14 aside: the first fallback when a
    /// line holds no allowed break, e.g. a Latin word longer than the line).
    pub rule_ok_before: bool,
}

/// Cuts `text` into units and decides the break opportunities between them.
pub(crate) fn analyse(text: &str, ambiguous: AmbiguousWidth) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::with_capacity(text.len() / 2);
    let proxy = quote_proxy(text);
    let mut opportunities = linebreaks(&proxy).map(|(at, _)| at).peekable();
    // The last character of the last unit that is not a space (for "must not end a line").
    let mut last_visible_char: Option<char> = None;
    let mut previous_last_char: Option<char> = None;
    // Does the run of letters and digits just before hold a letter (iPhone15, not 12345)?
    let mut alphanumeric_run_has_letter = false;

    for (start, grapheme) in clusters(text) {
        // Rules read the proxy, where Chinese quotes are brackets.
        let mut chars = proxy[start..start + grapheme.len()].chars();
        let first = chars.next().unwrap_or(' ');
        let last = chars.next_back().unwrap_or(first);
        let kind = match grapheme {
            "\n" => UnitKind::HardBreak,
            " " => UnitKind::Space,
            _ => UnitKind::Text,
        };
        while opportunities.next_if(|&at| at < start).is_some() {}
        let uax_allows = opportunities.peek() == Some(&start);

        let rule_ok_before = kind == UnitKind::Text
            && !is_no_start(first)
            && !last_visible_char.is_some_and(is_no_end);
        let number_with_unit = previous_last_char.is_some_and(is_digit)
            && !alphanumeric_run_has_letter
            && is_ideograph(first);
        let break_before = uax_allows && rule_ok_before && !number_with_unit;

        units.push(Unit {
            start,
            end: start + grapheme.len(),
            width: if kind == UnitKind::HardBreak {
                0
            } else {
                grapheme_width(grapheme, ambiguous)
            },
            kind,
            hangable: grapheme.len() == first.len_utf8() && is_hangable(first),
            break_before,
            rule_ok_before,
        });
        match kind {
            UnitKind::Text => last_visible_char = Some(last),
            UnitKind::HardBreak => last_visible_char = None,
            UnitKind::Space => {}
        }
        previous_last_char = Some(last);
        alphanumeric_run_has_letter = if first.is_ascii_alphanumeric() || is_digit(first) {
            alphanumeric_run_has_letter || first.is_alphabetic()
        } else {
            false
        };
    }
    units
}

/// UAX #14 treats “ ” ‘ ’ " as ambiguous quotes (QU) and never breaks beside them, which
/// welds 说：“走 into one chunk. In Chinese text they are plain opening and closing brackets, so
/// we ask UAX #14 — and the clreq rules — about a copy where they are 「」『』 (and an ASCII "
/// alternately ( and )): the same UTF-8 lengths, so byte offsets and clusters agree.
fn quote_proxy(text: &str) -> Cow<'_, str> {
    if !text.contains(['“', '”', '‘', '’', '"']) {
        return Cow::Borrowed(text);
    }
    let mut proxy = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut ascii_quote_open = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let chinese = previous.is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context);
        proxy.push(match c {
            '“' if chinese => '「',
            '”' if chinese => '」',
            '‘' if chinese => '『',
            '’' if chinese => '』',
            '"' if chinese => {
                ascii_quote_open = !ascii_quote_open;
                if ascii_quote_open { '(' } else { ')' }
            }
            other => other,
        });
        previous = Some(c);
    }
    Cow::Owned(proxy)
}

/// One laid-out line, as a range of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineSpan {
    /// First unit of the line.
    pub start: usize,
    /// One past the last unit of the line (trailing spaces included, hard break excluded).
    pub end: usize,
    /// Where the next line starts.
    pub next: usize,
    /// The line is a single unit wider than the whole width (a wide character at width 1): it
    /// cannot be drawn and is shown as a placeholder.
    pub overwide: bool,
}

/// Fills lines greedily. `first_width` is the room on the first line (after an indent), `width`
/// on the others. Both are at least 1.
///
/// At each line the break is the last fitting one that UAX #14 and clreq allow; failing that
/// (a word or number longer than the line) the last fitting one that breaks no clreq rule;
/// failing that, as an emergency, the last fitting cluster boundary. A rule is thus only ever
/// broken when the line holds no other place to break.
pub(crate) fn break_lines(
    units: &[Unit],
    first_width: usize,
    width: usize,
    hang_punctuation: bool,
) -> Vec<LineSpan> {
    let mut lines = Vec::with_capacity(units.iter().map(|u| u.width).sum::<usize>() / width + 1);
    let mut start = 0;
    while start < units.len() {
        let room = if lines.is_empty() { first_width } else { width };
        let line = fit_line(units, start, room, hang_punctuation);
        start = line.next;
        lines.push(line);
    }
    lines
}

fn fit_line(units: &[Unit], start: usize, room: usize, hang_punctuation: bool) -> LineSpan {
    // With hanging on, text fills `fill` cells and only a hangable mark may use the margin.
    let fill = if hang_punctuation && room > HANG_CELLS {
        room - HANG_CELLS
    } else {
        room
    };
    let mut used = 0; // cells of units start..i
    let mut visible = 0; // the same without trailing spaces
    let (mut allowed, mut rule_ok, mut any) = (None, None, None);
    let mut i = start;
    loop {
        let Some(unit) = units.get(i) else {
            return LineSpan {
                start,
                end: i,
                next: i,
                overwide: false,
            };
        };
        if unit.kind == UnitKind::HardBreak {
            return LineSpan {
                start,
                end: i,
                next: i + 1,
                overwide: false,
            };
        }
        let new_used = used + unit.width;
        let new_visible = if unit.kind == UnitKind::Space {
            visible
        } else {
            new_used
        };
        let fits = new_visible <= fill
            || (new_visible <= room && (i == start || (unit.hangable && visible <= fill)));
        if !fits {
            break;
        }
        used = new_used;
        visible = new_visible;
        i += 1;
        if let Some(next) = units.get(i)
            && next.kind != UnitKind::HardBreak
        {
            if next.break_before {
                allowed = Some(i);
            }
            if next.rule_ok_before {
                rule_ok = Some(i);
            }
            any = Some(i);
        }
    }
    match allowed.or(rule_ok).or(any) {
        Some(end) => LineSpan {
            start,
            end,
            next: end,
            overwide: false,
        },
        None => LineSpan {
            start,
            end: start + 1,
            next: start + 1,
            overwide: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(text: &str) -> Vec<&str> {
        let units = analyse(text, AmbiguousWidth::Narrow);
        units
            .iter()
            .filter(|u| u.break_before)
            .map(|u| &text[u.start..])
            .collect()
    }

    #[test]
    fn quotes_open_and_close_like_brackets_in_chinese() {
        // A break before the opening quote and after the closing one, none inside them.
        assert_eq!(breaks("说：“走”他"), vec!["“走”他", "他"]);
    }

    #[test]
    fn no_break_before_middle_dot_or_wave_dash() {
        assert_eq!(breaks("刘·慈"), vec!["慈"]);
        assert_eq!(breaks("等～好"), vec!["好"]);
    }

    #[test]
    fn numbers_stay_with_units_and_latin_words_stay_whole() {
        assert_eq!(
            breaks("共计12345元整"),
            vec!["计12345元整", "12345元整", "整"]
        );
        assert_eq!(breaks("用iPhone15吧"), vec!["iPhone15吧", "吧"]);
        assert_eq!(breaks("约50%的"), vec!["50%的", "的"]);
        assert_eq!(breaks("付￥100元"), vec!["￥100元"]);
    }

    #[test]
    fn english_apostrophes_stay_inside_words() {
        assert_eq!(breaks("don’t stop"), vec!["stop"]);
    }

    #[test]
    fn spaces_stay_at_the_end_of_a_line() {
        let units = analyse("ab  cd", AmbiguousWidth::Narrow);
        let lines = break_lines(&units, 3, 3, false);
        assert_eq!(
            lines,
            vec![
                LineSpan {
                    start: 0,
                    end: 4,
                    next: 4,
                    overwide: false
                },
                LineSpan {
                    start: 4,
                    end: 6,
                    next: 6,
                    overwide: false
                },
            ]
        );
    }
}
