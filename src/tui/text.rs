//! The TUI's one door to text layout: widths, truncation, sanitising and wrapping of article text.
//!
//! Every view measures and cuts text through these functions, never through byte or char counts,
//! so that the reader, the list rows and the popups agree with each other and with the renderer.
//! The work itself belongs to [`crate::layout`]; this file only adapts its API to what the views
//! need (semantic styles in, styled lines with their widths out).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::article::{Article, ParagraphKind, ParagraphSpan};

/// How East Asian ambiguous characters (“ ” … · —) are counted: 1 cell (most terminals) or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ambiguous {
    #[default]
    Narrow,
    Wide,
}

/// What a piece of laid-out text is, so the theme can colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    Body,
    Subhead,
    Caption,
    Hit,
}

/// One screen line of laid-out text: its pieces with their styles, and its width in cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLine {
    pub segments: Vec<(String, TextStyle)>,
    pub width: usize,
}

impl TextLine {
    pub fn plain(&self) -> String {
        self.segments.iter().map(|(s, _)| s.as_str()).collect()
    }
}

/// An article body laid out for one width: its lines, and the line where each hit starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BodyLayout {
    pub lines: Vec<TextLine>,
    /// For each hit (in the order given), the index into `lines` where it starts.
    pub hit_lines: Vec<usize>,
}

/// Display width of `s` in cells.
pub fn width(s: &str, amb: Ambiguous) -> usize {
    match amb {
        Ambiguous::Narrow => UnicodeWidthStr::width(s),
        Ambiguous::Wide => UnicodeWidthStr::width_cjk(s),
    }
}

/// `s` without control characters, escape sequences or bidi overrides: safe to put on screen.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
}

/// `s` cut to at most `cells` display cells, ending in "…" when anything was cut.
pub fn truncate(s: &str, cells: usize, amb: Ambiguous) -> Cow<'_, str> {
    if width(s, amb) <= cells {
        return Cow::Borrowed(s);
    }
    if cells == 0 {
        return Cow::Borrowed("");
    }
    let ellipsis_width = width("…", amb);
    let budget = cells.saturating_sub(ellipsis_width);
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g, amb);
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if ellipsis_width <= cells {
        out.push('…');
    }
    Cow::Owned(out)
}

/// `s` padded with spaces on the right to exactly `cells` cells (cut first if longer).
pub fn pad(s: &str, cells: usize, amb: Ambiguous) -> String {
    let cut = truncate(s, cells, amb);
    let w = width(&cut, amb);
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Marks that may not begin a line (clreq), which the breaker keeps with what precedes them.
fn no_line_start(g: &str) -> bool {
    matches!(
        g,
        "、" | "，"
            | "。"
            | "．"
            | "："
            | "；"
            | "！"
            | "？"
            | "）"
            | "］"
            | "｝"
            | "〕"
            | "〉"
            | "》"
            | "」"
            | "』"
            | "】"
            | "〗"
            | "〙"
            | "”"
            | "’"
            | "～"
            | "·"
            | "—"
            | "…"
            | ","
            | "."
            | ":"
            | ";"
            | "!"
            | "?"
            | ")"
            | "]"
            | "}"
            | "%"
    )
}

/// Marks that may not end a line.
fn no_line_end(g: &str) -> bool {
    matches!(
        g,
        "（" | "［"
            | "｛"
            | "〔"
            | "〈"
            | "《"
            | "「"
            | "『"
            | "【"
            | "〖"
            | "〘"
            | "“"
            | "‘"
            | "("
            | "["
            | "{"
    )
}

/// Wraps one paragraph to `width` cells, carrying `style` and the `hits` (byte ranges) through.
pub fn wrap(
    text: &str,
    style: TextStyle,
    hits: &[Range<usize>],
    width_cells: usize,
    amb: Ambiguous,
    indent: bool,
) -> Vec<TextLine> {
    let width_cells = width_cells.max(2);
    // Graphemes with their byte offset, width and style.
    let mut cells: Vec<(&str, usize, TextStyle)> = Vec::new();
    if indent {
        cells.push(("\u{3000}", 2, style));
        cells.push(("\u{3000}", 2, style));
    }
    for (offset, g) in text.grapheme_indices(true) {
        if g.chars().any(char::is_control) {
            continue;
        }
        let hit = hits.iter().any(|r| r.start <= offset && offset < r.end);
        let w = width(g, amb);
        cells.push((g, w, if hit { TextStyle::Hit } else { style }));
    }
    // Greedy fill, then push the last grapheme(s) down when the next line would start badly.
    let mut lines: Vec<Vec<(&str, usize, TextStyle)>> = vec![Vec::new()];
    let mut used = 0;
    for cell in cells {
        if used + cell.1 > width_cells && !lines.last().is_some_and(Vec::is_empty) {
            let mut carried = Vec::new();
            let current = lines.last_mut().expect("at least one line");
            if no_line_start(cell.0) {
                while current.len() > 1
                    && current.last().is_some_and(|c| no_line_start(c.0))
                    && carried.len() < 3
                {
                    carried.push(current.pop().expect("checked"));
                }
                if current.len() > 1 {
                    carried.push(current.pop().expect("checked"));
                }
            }
            while current.len() > 1 && current.last().is_some_and(|c| no_line_end(c.0)) {
                carried.push(current.pop().expect("checked"));
            }
            carried.reverse();
            used = carried.iter().map(|c| c.1).sum();
            lines.push(carried);
        }
        used += cell.1;
        lines.last_mut().expect("at least one line").push(cell);
    }
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut out = TextLine::default();
            for (g, w, s) in line {
                out.width += w;
                match out.segments.last_mut() {
                    Some((text, last)) if *last == s => text.push_str(g),
                    _ => out.segments.push((g.to_string(), s)),
                }
            }
            out
        })
        .collect()
}

/// Lays out an article's paragraphs at `width_cells`: body text indented, subheads and captions
/// set apart by a blank line, hits highlighted; also where each hit starts.
pub fn layout_body(
    article: &Article,
    hits: &[ParagraphSpan],
    width_cells: usize,
    amb: Ambiguous,
) -> BodyLayout {
    let mut layout = BodyLayout::default();
    let mut hit_lines = vec![usize::MAX; hits.len()];
    for (index, paragraph) in article.paragraphs.iter().enumerate() {
        let text = paragraph.text.as_str();
        let ranges: Vec<Range<usize>> = hits
            .iter()
            .filter(|h| h.paragraph == index)
            .map(|h| h.start..h.end)
            .collect();
        let (style, indent) = match paragraph.kind {
            ParagraphKind::Text => (TextStyle::Body, true),
            ParagraphKind::Subhead => (TextStyle::Subhead, false),
            ParagraphKind::Caption => (TextStyle::Caption, false),
        };
        if style != TextStyle::Body && !layout.lines.is_empty() {
            layout.lines.push(TextLine::default());
        }
        let first = layout.lines.len();
        let lines = wrap(text, style, &ranges, width_cells, amb, indent);
        // Find the line of each hit by counting bytes of the laid-out lines.
        let indent_bytes = if indent { "\u{3000}\u{3000}".len() } else { 0 };
        let mut consumed = 0usize;
        for (line_no, line) in lines.iter().enumerate() {
            let len = line.plain().len() - if line_no == 0 { indent_bytes } else { 0 };
            for (slot, hit) in hit_lines.iter_mut().zip(hits) {
                if *slot == usize::MAX
                    && hit.paragraph == index
                    && hit.start >= consumed
                    && hit.start < consumed + len
                {
                    *slot = first + line_no;
                }
            }
            consumed += len;
        }
        layout.lines.extend(lines);
        if style == TextStyle::Subhead {
            layout.lines.push(TextLine::default());
        }
    }
    layout.hit_lines = hit_lines
        .into_iter()
        .map(|l| l.min(layout.lines.len().saturating_sub(1)))
        .collect();
    layout
}
