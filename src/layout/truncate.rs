//! Fitting a title into a list row.

use std::borrow::Cow;

use super::sanitize::sanitize_line;
use super::width::{AmbiguousWidth, clusters, grapheme_width, str_width};

const ELLIPSIS: &str = "…";
/// When even "…" does not fit (one cell in wide mode): an ASCII stand-in.
const NARROW_ELLIPSIS: &str = ".";

/// `text` padded with spaces on the right to `cells` display cells (nothing is cut: a longer
/// text stays as it is). The one padding rule for lists, tables and columns.
pub(crate) fn pad(text: &str, cells: usize, ambiguous: AmbiguousWidth) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        cells.saturating_sub(str_width(text, ambiguous)),
    ));
    out
}

/// `text` on one line, sanitised, cut to at most `cells` display cells with a trailing "…" when
/// (and only when) it does not fit. A wide character never gets cut in half: it goes whole, and
/// the result may then be a cell short of `cells` (pad it yourself). Borrowed when nothing changed.
pub fn truncate(text: &str, cells: usize, ambiguous: AmbiguousWidth) -> Cow<'_, str> {
    let clean = sanitize_line(text);
    let ellipsis = if str_width(ELLIPSIS, ambiguous) <= cells {
        ELLIPSIS
    } else {
        NARROW_ELLIPSIS
    };
    let budget = cells.saturating_sub(str_width(ellipsis, ambiguous));
    // One pass that stops at the first cluster past `cells`: a long text costs no more than
    // a short one. `end` is where the text is cut if it turns out not to fit.
    let mut used = 0;
    let mut end = 0;
    for (start, cluster) in clusters(&clean) {
        used += grapheme_width(cluster, ambiguous);
        if used > cells {
            if cells == 0 {
                return Cow::Borrowed("");
            }
            let kept = clean[..end].trim_end_matches([' ', '\u{3000}']);
            let mut out = String::with_capacity(kept.len() + ellipsis.len());
            out.push_str(kept);
            out.push_str(ellipsis);
            return Cow::Owned(out);
        }
        if used <= budget {
            end = start + cluster.len();
        }
    }
    clean
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
