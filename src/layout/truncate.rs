//! Fitting a title into a list row.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::sanitize::sanitize_line;
use super::width::{AmbiguousWidth, grapheme_width, str_width};

const ELLIPSIS: &str = "…";
/// When even "…" does not fit (one cell in wide mode): an ASCII stand-in.
const NARROW_ELLIPSIS: &str = ".";

/// `text` on one line, sanitised, cut to at most `cells` display cells with a trailing "…" when
/// (and only when) it does not fit. A wide character never gets cut in half: it goes whole, and
/// the result may then be a cell short of `cells` (pad it yourself). Borrowed when nothing changed.
pub fn truncate(text: &str, cells: usize, ambiguous: AmbiguousWidth) -> Cow<'_, str> {
    let clean = sanitize_line(text);
    if str_width(&clean, ambiguous) <= cells {
        return clean;
    }
    let ellipsis = if str_width(ELLIPSIS, ambiguous) <= cells {
        ELLIPSIS
    } else if cells >= 1 {
        NARROW_ELLIPSIS
    } else {
        return Cow::Borrowed("");
    };
    let budget = cells - str_width(ellipsis, ambiguous);
    let mut used = 0;
    let mut end = 0;
    for (start, grapheme) in clean.grapheme_indices(true) {
        let width = grapheme_width(grapheme, ambiguous);
        if used + width > budget {
            break;
        }
        used += width;
        end = start + grapheme.len();
    }
    let kept = clean[..end].trim_end_matches([' ', '\u{3000}']);
    let mut out = String::with_capacity(kept.len() + ellipsis.len());
    out.push_str(kept);
    out.push_str(ellipsis);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmbiguousWidth::{Narrow, Wide};

    #[test]
    fn fitting_titles_are_untouched() {
        let title = "擦亮产业工人创新底色";
        assert!(matches!(truncate(title, 20, Narrow), Cow::Borrowed(t) if t == title));
        assert_eq!(truncate(title, 19, Narrow), "擦亮产业工人创新底…");
    }

    #[test]
    fn a_wide_character_is_never_halved() {
        // 9 cells: 4 ideographs (8) + … (1).
        assert_eq!(truncate("擦亮产业工人创新底色", 9, Narrow), "擦亮产业…");
        // 4 cells, 3 left for text: one ideograph and a spare cell, never half of the next.
        assert_eq!(truncate("擦亮产业工人创新底色", 4, Narrow), "擦…");
        assert_eq!(truncate("擦亮产业工人创新底色", 4, Wide), "擦…");
        assert_eq!(truncate("擦亮产业工人创新底色", 3, Wide), "…");
    }

    #[test]
    fn tiny_widths() {
        assert_eq!(truncate("工会", 0, Narrow), "");
        assert_eq!(truncate("工会", 1, Narrow), "…");
        assert_eq!(truncate("工会", 1, Wide), ".");
        assert_eq!(truncate("", 0, Narrow), "");
    }

    #[test]
    fn mixed_text_and_trailing_space() {
        assert_eq!(truncate("工会 ratatui 库", 7, Narrow), "工会 r…");
        assert_eq!(truncate("工会 ratatui 库", 6, Narrow), "工会…");
        assert_eq!(truncate("第1名\u{1b}[31m", 6, Narrow), "第1名␛");
        assert_eq!(truncate("一\n二三四", 5, Narrow), "一…");
    }
}
