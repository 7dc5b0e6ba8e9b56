//! Continuation notes: （下转第4版） closes the part of an article printed on this page,
//! （上接第1版） opens the part continued from another page. They are page furniture of the
//! article they stand in — never a headline, kicker or body text — so they are cut off the
//! line they share and recorded on the article (`continued_to`, `continued_from`).
//!
//! Read in half- or full-width brackets (the text stage folds `(` next to Chinese to `（`),
//! with ASCII, full-width or Chinese page numbers: （下转第4版）, (上接第１版), （转第二版）.

use super::text::is_space;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// 下转第N版: the article goes on on page N.
    To,
    /// 上接第N版: this part continues the article from page N.
    From,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Note {
    pub direction: Direction,
    pub page: u32,
}

/// Keywords, longest first.
const KEYWORDS: [(&str, Direction); 6] = [
    ("下转", Direction::To),
    ("上接", Direction::From),
    ("紧接", Direction::From),
    ("转", Direction::To),
    ("接", Direction::From),
    ("续", Direction::From),
];

/// The note that is the whole of `text` (brackets required, spaces allowed).
pub(crate) fn whole(text: &str) -> Option<Note> {
    let t = text.trim_matches(is_space);
    let inner = t
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?
        .trim_matches(is_space);
    let (direction, rest) = KEYWORDS
        .iter()
        .find_map(|(k, d)| inner.strip_prefix(k).map(|r| (*d, r)))?;
    let rest = rest.trim_matches(is_space);
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let number = rest.strip_suffix('版')?.trim_matches(is_space);
    Some(Note {
        direction,
        page: page_number(number)?,
    })
}

/// 4, ４, 四, 十二 → the page number (1–99).
fn page_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    if ascii.chars().all(|c| c.is_ascii_digit()) {
        return ascii.parse().ok().filter(|n| (1..100).contains(n));
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        [d] => digit(*d)?,
        ['十', d] => 10 + digit(*d)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', d] => digit(*t)? * 10 + digit(*d)?,
        _ => return None,
    };
    u32::try_from(value).ok().filter(|n| (1..100).contains(n))
}

/// A note sharing a line with text: the note's text, the rest, and whether the note came first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub note: &'a str,
    pub rest: &'a str,
    pub before: bool,
}

/// A line holding a note before or after its text: `（上接第1版）近日，…` → the note first,
/// then `近日，…`; `…的精神。（下转第4版）` → `…的精神。`, then the note. A note in the middle of
/// a line is left alone.
pub(crate) fn split(text: &str) -> Option<Split<'_>> {
    if let Some(open) = text.rfind(['（', '('])
        && open > 0
        && whole(&text[open..]).is_some()
    {
        return Some(Split {
            note: &text[open..],
            rest: text[..open].trim_end_matches(is_space),
            before: false,
        });
    }
    let close = text.find(['）', ')'])?;
    let end = close + text[close..].chars().next()?.len_utf8();
    if end < text.len() && whole(&text[..end]).is_some() {
        return Some(Split {
            note: &text[..end],
            rest: text[end..].trim_start_matches(is_space),
            before: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_in_every_bracket_and_number_form() {
        let to4 = Note {
            direction: Direction::To,
            page: 4,
        };
        assert_eq!(whole("（下转第4版）"), Some(to4));
        assert_eq!(whole("(下转第4版)"), Some(to4));
        assert_eq!(whole("（ 下转第４版 ）"), Some(to4));
        assert_eq!(whole("（转四版）"), Some(to4));
        assert_eq!(
            whole("（上接第1版）"),
            Some(Note {
                direction: Direction::From,
                page: 1
            })
        );
        assert_eq!(whole("（第4版）"), None);
        assert_eq!(whole("（下转第版）"), None);
        assert_eq!(whole("下转第4版"), None);
    }

    #[test]
    fn notes_are_split_off_their_line() {
        let s = split("职工们说。（下转第2版）").unwrap();
        assert_eq!(
            (s.note, s.rest, s.before),
            ("（下转第2版）", "职工们说。", false)
        );
        let s = split("（上接第1版）近日，某市").unwrap();
        assert_eq!(
            (s.note, s.rest, s.before),
            ("（上接第1版）", "近日，某市", true)
        );
        assert_eq!(split("某公司（简称“某”）成立"), None);
    }
}
