//! Paragraphs and articles: styled lines for the reader and `kanbao show`.

use std::ops::Range;

use crate::article::{Article, ParagraphKind, ParagraphSpan};

use super::LayoutOptions;
use super::breaker::{LineSpan, Unit, UnitKind, analyse, break_lines};
use super::sanitize::{LineMode, sanitize_mapped};
use super::width::clusters;

/// The first-line indent of a body paragraph: two ideographic spaces (4 cells).
pub const INDENT: &str = "\u{3000}\u{3000}";
const INDENT_CELLS: usize = 4;
/// Below this width the indent would crowd out the text, so it is left off.
const MIN_WIDTH_FOR_INDENT: usize = 8;
/// Stands for a cluster wider than the whole line (a wide character at width 1), which no
/// terminal can draw there. ASCII, so it is one cell in either ambiguous mode.
pub const OVERWIDE_PLACEHOLDER: &str = "?";

/// What a piece of text is, for the renderer to choose colours: semantic, not visual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanStyle {
    Body,
    Subhead,
    Caption,
    Kicker,
    Title,
    Subtitle,
    /// Around an article: column label, credits, place, date, source.
    Meta,
    /// A separator line.
    Rule,
}

impl From<ParagraphKind> for SpanStyle {
    fn from(kind: ParagraphKind) -> Self {
        match kind {
            ParagraphKind::Text => SpanStyle::Body,
            ParagraphKind::Subhead => SpanStyle::Subhead,
            ParagraphKind::Caption => SpanStyle::Caption,
        }
    }
}

/// A run of text on one line with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub style: SpanStyle,
    /// Inside a highlighted range (a search hit): draw it highlighted on top of `style`.
    pub hit: bool,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyledLine {
    /// Draw these left to right; already sanitised. Empty for a blank line.
    pub segments: Vec<Segment>,
    /// Display cells of all segments, never more than the layout width.
    pub width: usize,
    /// The article paragraph this line shows (`None`: headline or blank separator line).
    pub paragraph: Option<usize>,
    /// The bytes of the *sanitised* paragraph text this line shows, including spaces that a break
    /// swallowed at its end, excluding the indent and newlines. Consecutive lines of a paragraph
    /// tile its text.
    pub source: Range<usize>,
}

impl StyledLine {
    /// The line's text, segments joined.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// A line with nothing on it.
    pub(crate) fn is_blank(&self) -> bool {
        self.segments.is_empty()
    }
}

/// An article laid out for reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleLayout {
    /// The headline (kicker, title, subtitle, each wrapped), a blank line, then the body.
    /// Body paragraphs follow one another without blank lines; a blank line sets off each
    /// subhead (before and after) and each run of captions.
    pub lines: Vec<StyledLine>,
    /// Index in `lines` of the first body line.
    pub body_start: usize,
    /// Index in `lines` of each paragraph's first line, parallel to `article.paragraphs`.
    pub paragraph_lines: Vec<usize>,
    /// Each valid hit with the index in `lines` of the line where it starts, in reading order
    /// (for the reader's n/N). Hits naming a paragraph the article does not have are left out.
    pub hits: Vec<HitLine>,
}

/// Where a highlighted range starts on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitLine {
    pub span: ParagraphSpan,
    pub line: usize,
}

/// Wraps one paragraph. `hits` are byte ranges into `text` to highlight (out-of-range or
/// off-boundary ends are clamped, never a panic). Body text gets the two-ideographic-space
/// first-line indent (replacing any leading spaces of its own) when the width is at least 8.
/// The returned lines have `paragraph: None`; there is always at least one.
///
/// A body paragraph broken at 12 cells (six Han characters): the first line is indented by two
/// ideographic spaces, and no line may start with `，`, so 里 moves down with it:
///
/// ```
/// use kanbao::ParagraphKind;
/// use kanbao::layout::{LayoutOptions, str_width, AmbiguousWidth, wrap_paragraph};
///
/// let text = "职工书屋开到了车间里，下班就能看书。";
/// let lines = wrap_paragraph(text, ParagraphKind::Text, &[], &LayoutOptions::new(12));
/// let shown: Vec<String> = lines
///     .iter()
///     .map(|l| l.segments.iter().map(|s| s.text.as_str()).collect())
///     .collect();
/// assert_eq!(shown, ["　　职工书屋", "开到了车间", "里，下班就能", "看书。"]);
/// assert!(lines.iter().all(|l| l.width <= 12));
/// assert_eq!(str_width(&shown[1], AmbiguousWidth::Narrow), lines[1].width);
/// ```
pub fn wrap_paragraph(
    text: &str,
    kind: ParagraphKind,
    hits: &[Range<usize>],
    options: &LayoutOptions,
) -> Vec<StyledLine> {
    wrap(
        text,
        kind.into(),
        kind == ParagraphKind::Text,
        hits,
        options,
    )
    .0
}

/// Wraps text in one style with no indent (titles, bylines, anything else the caller shows).
pub fn wrap_styled(
    text: &str,
    style: SpanStyle,
    hits: &[Range<usize>],
    options: &LayoutOptions,
) -> Vec<StyledLine> {
    wrap(text, style, false, hits, options).0
}

/// Lays out a whole article: headline, then body paragraphs, with hits highlighted.
pub fn layout_article(
    article: &Article,
    hits: &[ParagraphSpan],
    options: &LayoutOptions,
) -> ArticleLayout {
    let mut layout = ArticleLayout::default();
    let headline = [
        (article.kicker.as_deref(), SpanStyle::Kicker),
        (Some(article.title.as_str()), SpanStyle::Title),
        (article.subtitle.as_deref(), SpanStyle::Subtitle),
    ];
    for (text, style) in headline {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            layout.lines.extend(wrap_styled(text, style, &[], options));
        }
    }
    if !layout.lines.is_empty() && !article.paragraphs.is_empty() {
        layout.lines.push(StyledLine::default());
    }
    layout.body_start = layout.lines.len();

    let mut previous_kind = None;
    let mut paragraph_hits: Vec<Range<usize>> = Vec::new();
    let mut paragraph_spans: Vec<ParagraphSpan> = Vec::new();
    for (index, paragraph) in article.paragraphs.iter().enumerate() {
        if let Some(previous) = previous_kind
            && needs_blank_between(previous, paragraph.kind)
        {
            layout.lines.push(StyledLine::default());
        }
        previous_kind = Some(paragraph.kind);

        paragraph_spans.clear();
        paragraph_spans.extend(hits.iter().filter(|h| h.paragraph == index));
        paragraph_hits.clear();
        paragraph_hits.extend(paragraph_spans.iter().map(|h| h.start..h.end));

        let first_line = layout.lines.len();
        layout.paragraph_lines.push(first_line);
        let (lines, hit_lines) = wrap(
            &paragraph.text,
            paragraph.kind.into(),
            paragraph.kind == ParagraphKind::Text,
            &paragraph_hits,
            options,
        );
        layout
            .lines
            .extend(lines.into_iter().map(|line| StyledLine {
                paragraph: Some(index),
                ..line
            }));
        layout.hits.extend(
            paragraph_spans
                .iter()
                .zip(hit_lines)
                .map(|(&span, line)| HitLine {
                    span,
                    line: first_line + line,
                }),
        );
    }
    layout
        .hits
        .sort_by_key(|h| (h.span.paragraph, h.span.start, h.span.end));
    layout
}

/// A blank line sets off subheads and runs of captions; body paragraphs follow one another
/// (their indent marks them, as in print).
pub(crate) fn needs_blank_between(previous: ParagraphKind, next: ParagraphKind) -> bool {
    previous != next || next == ParagraphKind::Subhead
}

/// The worker behind every wrapping function: the lines, and for each hit the index of the
/// line where it starts.
fn wrap(
    text: &str,
    style: SpanStyle,
    indent: bool,
    hits: &[Range<usize>],
    options: &LayoutOptions,
) -> (Vec<StyledLine>, Vec<usize>) {
    let width = options.width.max(1);
    let sanitized = sanitize_mapped(text, LineMode::KeepNewlines);
    let full = sanitized.text.as_ref();
    // A body paragraph's own leading spaces give way to the standard indent.
    let lead = if indent { leading_spaces(full) } else { 0 };
    let body = &full[lead..];
    let units = analyse(body, options.ambiguous);

    // Hits as ranges into `body`.
    let mapped_hits: Vec<Range<usize>> = hits
        .iter()
        .map(|hit| {
            let start = sanitized.map_offset(hit.start.min(text.len()), false);
            let end = sanitized.map_offset(hit.end.min(text.len()), true);
            start.saturating_sub(lead)..end.saturating_sub(lead)
        })
        .collect();
    let prepared = Prepared {
        body,
        hit_flags: unit_hit_flags(&units, &mapped_hits),
        units,
        style,
        lead,
    };
    let indent_cells = if indent && width >= MIN_WIDTH_FOR_INDENT {
        INDENT_CELLS
    } else {
        0
    };
    let lines = prepared.lines(width, indent_cells, options.hang_punctuation);
    let hit_lines = mapped_hits
        .iter()
        .map(|hit| {
            let at = hit.start + lead;
            lines
                .partition_point(|line| line.source.end <= at)
                .min(lines.len() - 1)
        })
        .collect();
    (lines, hit_lines)
}

/// The bytes of the spaces (ASCII or ideographic) that open `text`.
fn leading_spaces(text: &str) -> usize {
    clusters(text)
        .take_while(|(_, g)| matches!(*g, " " | "\u{3000}"))
        .map(|(_, g)| g.len())
        .sum()
}

/// A paragraph ready to be cut into lines.
struct Prepared<'a> {
    /// The sanitised text after the leading spaces an indent replaces.
    body: &'a str,
    units: Vec<Unit>,
    /// For each unit, whether a hit covers it.
    hit_flags: Vec<bool>,
    style: SpanStyle,
    /// The bytes cut off the sanitised text before `body`.
    lead: usize,
}

impl Prepared<'_> {
    /// The paragraph's lines at `width` cells, the first indented by `indent_cells`; at least
    /// one, even for an empty text.
    fn lines(&self, width: usize, indent_cells: usize, hang_punctuation: bool) -> Vec<StyledLine> {
        let spans = break_lines(&self.units, width - indent_cells, width, hang_punctuation);
        let mut lines: Vec<StyledLine> = spans
            .iter()
            .enumerate()
            .map(|(k, span)| {
                let line_indent = if k == 0 { indent_cells } else { 0 };
                self.line(span, line_indent)
            })
            .collect();
        if lines.is_empty() {
            let nothing = LineSpan {
                start: 0,
                end: 0,
                next: 0,
                overwide: false,
            };
            let mut empty = self.line(&nothing, indent_cells);
            let end = self.lead + self.body.len();
            empty.source = end..end;
            lines.push(empty);
        }
        lines
    }

    /// The line `span` of the paragraph, indented by `indent_cells`.
    fn line(&self, span: &LineSpan, indent_cells: usize) -> StyledLine {
        let (body, units, hit_flags) = (self.body, &self.units, &self.hit_flags);
        let (style, lead) = (self.style, self.lead);
        let mut segments = Vec::new();
        let mut width = 0;
        if indent_cells > 0 {
            segments.push(Segment {
                text: INDENT.to_string(),
                style,
                hit: false,
            });
            width += indent_cells;
        }
        let source = match (
            units.get(span.start),
            span.end.checked_sub(1).and_then(|e| units.get(e)),
        ) {
            (Some(first), Some(last)) if span.end > span.start => {
                lead + first.start..lead + last.end
            }
            (Some(first), _) => lead + first.start..lead + first.start,
            _ => lead + body.len()..lead + body.len(),
        };

        if span.overwide {
            segments.push(Segment {
                text: OVERWIDE_PLACEHOLDER.to_string(),
                style,
                hit: hit_flags.get(span.start).copied().unwrap_or(false),
            });
            width += OVERWIDE_PLACEHOLDER.len();
            return StyledLine {
                segments,
                width,
                paragraph: None,
                source,
            };
        }

        // Spaces a break swallowed are not drawn.
        let mut visible_end = span.end;
        while visible_end > span.start && units[visible_end - 1].kind == UnitKind::Space {
            visible_end -= 1;
        }
        let mut run_start = span.start;
        while run_start < visible_end {
            let hit = hit_flags[run_start];
            let mut run_end = run_start;
            while run_end < visible_end && hit_flags[run_end] == hit {
                width += units[run_end].width;
                run_end += 1;
            }
            segments.push(Segment {
                text: body[units[run_start].start..units[run_end - 1].end].to_string(),
                style,
                hit,
            });
            run_start = run_end;
        }
        StyledLine {
            segments,
            width,
            paragraph: None,
            source,
        }
    }
}

/// For each unit, whether it overlaps a hit.
fn unit_hit_flags(units: &[Unit], hits: &[Range<usize>]) -> Vec<bool> {
    let mut flags = vec![false; units.len()];
    if hits.is_empty() {
        return flags;
    }
    let mut sorted: Vec<Range<usize>> = hits.iter().filter(|h| h.start < h.end).cloned().collect();
    sorted.sort_by_key(|h| h.start);
    let mut next_hit = 0;
    for (flag, unit) in flags.iter_mut().zip(units) {
        // Skip hits that end before this unit starts.
        while sorted.get(next_hit).is_some_and(|h| h.end <= unit.start) {
            next_hit += 1;
        }
        // Any hit (from here on, sorted by start) that starts before the unit ends overlaps it,
        // unless it already ended; a long earlier hit may still cover it.
        *flag = sorted[next_hit..]
            .iter()
            .take_while(|h| h.start < unit.end)
            .any(|h| h.end > unit.start);
    }
    flags
}
