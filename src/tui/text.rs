//! The TUI's one door to text layout: widths, truncation, sanitising and wrapping of article text.
//!
//! Every view measures and cuts text through these functions, never through byte or char counts,
//! so that the reader, the list rows and the popups agree with each other and with the renderer.
//! The work itself is [`crate::layout`]'s (clreq line breaking, widths per grapheme cluster in the
//! user's ambiguous-width mode, sanitising); this file only adapts its styled lines to the
//! reader's.

use std::borrow::Cow;

use crate::article::{Article, ParagraphSpan};
use crate::layout::{self, LayoutOptions, SpanStyle, StyledLine};

/// How East Asian ambiguous characters (“ ” … · —) are counted: 1 cell (most terminals) or 2.
pub use crate::layout::AmbiguousWidth as Ambiguous;

/// One screen line of laid-out text: the layout module's own line (segments with their
/// [`SpanStyle`] and hit flag, the one style vocabulary from layout to screen).
pub(crate) type TextLine = StyledLine;

/// A line's text without styles.
pub fn plain(line: &TextLine) -> String {
    line.segments.iter().map(|s| s.text.as_str()).collect()
}

/// An article body laid out for one width: its lines, and the line where each hit starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct BodyLayout {
    pub(crate) lines: Vec<TextLine>,
    /// For each hit, in reading order, the index into `lines` where it starts.
    pub(crate) hit_lines: Vec<usize>,
}

/// Display width of `s` in cells.
pub(crate) fn width(s: &str, amb: Ambiguous) -> usize {
    layout::str_width(s, amb)
}

/// `s` on one line with nothing that could steer the terminal: safe to put on screen.
pub(crate) fn sanitize(s: &str) -> Cow<'_, str> {
    layout::sanitize_line(s)
}

/// `s` cut to at most `cells` display cells, ending in "…" when anything was cut.
pub(crate) fn truncate(s: &str, cells: usize, amb: Ambiguous) -> Cow<'_, str> {
    layout::truncate(s, cells, amb)
}

/// `s` padded with spaces on the right to exactly `cells` cells (cut first if longer).
pub(crate) fn pad(s: &str, cells: usize, amb: Ambiguous) -> String {
    layout::pad(&truncate(s, cells, amb), cells, amb)
}

fn options(width_cells: usize, amb: Ambiguous) -> LayoutOptions {
    LayoutOptions::new(width_cells).with_ambiguous(amb)
}

/// Wraps one line of text (a title, a byline) to `width_cells`, in one style, no indent.
pub(crate) fn wrap(
    text: &str,
    style: SpanStyle,
    width_cells: usize,
    amb: Ambiguous,
) -> Vec<TextLine> {
    layout::wrap_styled(text, style, &[], &options(width_cells, amb))
}

/// Lays out an article's body at `width_cells` as the layout module does it (indented body
/// text, subheads and captions set apart, hits highlighted), and where each hit starts.
pub(crate) fn layout_body(
    article: &Article,
    hits: &[ParagraphSpan],
    width_cells: usize,
    amb: Ambiguous,
) -> BodyLayout {
    // The reader draws its own header, so the layout sees the body alone.
    let body_only = Article {
        kicker: None,
        title: String::new(),
        subtitle: None,
        paragraphs: article.paragraphs.clone(),
        ..Article::default()
    };
    let laid = layout::layout_article(&body_only, hits, &options(width_cells, amb));
    let start = laid.body_start;
    BodyLayout {
        hit_lines: laid.hits.iter().map(|h| h.line - start).collect(),
        lines: laid.lines.into_iter().skip(start).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphKind};

    #[test]
    fn body_layout_keeps_numbers_whole_and_finds_hits() {
        let article = Article {
            paragraphs: vec![
                Paragraph::new(
                    ParagraphKind::Text,
                    "今年计划补助60万元,推动引领1200名劳动者技能提升。",
                ),
                Paragraph::new(ParagraphKind::Subhead, "授技强艺聚人心"),
                Paragraph::new(ParagraphKind::Text, "“能级工资”集体协商推行。"),
            ],
            ..Article::default()
        };
        let start = "“".len();
        let hits = [ParagraphSpan {
            paragraph: 2,
            start,
            end: start + "能级工资".len(),
        }];
        let body = layout_body(&article, &hits, 16, Ambiguous::Narrow);
        let text: Vec<String> = body.lines.iter().map(plain).collect();
        assert!(
            text.iter()
                .all(|l| !l.starts_with(',') && !l.starts_with('。')),
            "{text:?}"
        );
        assert!(
            !text.iter().any(|l| l.ends_with('6')),
            "60万元 kept whole: {text:?}"
        );
        assert!(body.lines.iter().all(|l| l.width <= 16));
        assert_eq!(body.hit_lines.len(), 1);
        let hit_line = &body.lines[body.hit_lines[0]];
        assert!(
            hit_line
                .segments
                .iter()
                .any(|s| s.hit && s.text == "能级工资"),
            "{hit_line:?}"
        );
        assert_eq!(text[0], "\u{3000}\u{3000}今年计划补助");
        assert!(text.contains(&"授技强艺聚人心".to_string()));
    }

    #[test]
    fn truncate_and_pad_count_cells() {
        assert_eq!(
            truncate("杭州市西湖区总工会", 9, Ambiguous::Narrow),
            "杭州市西…"
        );
        assert_eq!(pad("西湖区", 8, Ambiguous::Narrow), "西湖区  ");
        assert_eq!(width("“能级工资”", Ambiguous::Wide), 12);
        assert_eq!(width("“能级工资”", Ambiguous::Narrow), 10);
    }
}
