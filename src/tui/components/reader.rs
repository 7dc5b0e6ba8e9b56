//! The reader pane: one article laid out at the pane's width (header, source line, body, hits),
//! where it is scrolled to and which hit is current. It owns that state (fields private: only its
//! own methods, called from [`App::update`](crate::tui::App::update), change it) and draws itself.

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::article::{Article, ParagraphSpan};
use crate::filter::facets::Facets;
use crate::filter::place_label;
use crate::layout::{Segment, SpanStyle};
use crate::tui::app::{App, Source};
use crate::tui::text::{self, Ambiguous, BodyLayout, TextLine};
use crate::tui::views::{bottom_label, pane_block, put_str};

/// An article laid out for the reader at one width: header and body lines together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReaderLayout {
    pub width: usize,
    pub lines: Vec<TextLine>,
    /// Index into `lines` of each hit's start.
    pub hit_lines: Vec<usize>,
    /// Lines before the body (the header).
    pub header_len: usize,
}

/// How the reader lays an article out: the width, the ambiguous width, the theme labels, and
/// where the article was printed.
pub(crate) struct LayoutContext<'a> {
    pub(crate) width: usize,
    pub(crate) amb: Ambiguous,
    pub(crate) facets: &'a Facets,
    pub(crate) source: &'a Source,
}

/// The reader pane: the open article, laid out at the pane's width, its scroll and current hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    index: usize,
    /// The article, whole (its text is not in the store's heads).
    article: Arc<Article>,
    hits: Vec<ParagraphSpan>,
    current_hit: Option<usize>,
    scroll: usize,
    layout: ReaderLayout,
}

impl Reader {
    /// Article `index` with `hits` highlighted, scrolled to the first hit, if any.
    pub(crate) fn open(
        index: usize,
        article: Arc<Article>,
        hits: Vec<ParagraphSpan>,
        cx: &LayoutContext<'_>,
    ) -> Reader {
        let layout = full_layout(&article, &hits, cx);
        let first_hit = layout.hit_lines.first().copied();
        Reader {
            index,
            article,
            current_hit: first_hit.map(|_| 0),
            hits,
            scroll: first_hit.map_or(0, |line| line.saturating_sub(2)),
            layout,
        }
    }

    /// The store index of the article shown.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The article shown.
    pub fn article(&self) -> &Article {
        &self.article
    }

    pub(crate) fn hits(&self) -> &[ParagraphSpan] {
        &self.hits
    }

    /// Which hit is current (an index into the layout's `hit_lines`).
    pub fn current_hit(&self) -> Option<usize> {
        self.current_hit
    }

    /// The first line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// The article laid out at the current width (lines, where each hit is).
    pub fn layout(&self) -> &ReaderLayout {
        &self.layout
    }

    /// Lays the article out again at a new width, keeping the place: the current hit when there
    /// is one, else the same fraction of the text. Nothing when the width is the same.
    pub(crate) fn relayout(&mut self, cx: &LayoutContext<'_>) {
        if self.layout.width == cx.width {
            return;
        }
        let old_len = self.layout.lines.len().max(1);
        let fraction = self.scroll as f64 / old_len as f64;
        self.layout = full_layout(&self.article, &self.hits, cx);
        self.scroll = match self.current_hit.and_then(|h| self.layout.hit_lines.get(h)) {
            Some(line) => line.saturating_sub(2),
            None => (fraction * self.layout.lines.len() as f64) as usize,
        };
    }

    /// The article laid out anew (its source changed), at the same scroll, the first hit current.
    pub(crate) fn reopen(&mut self, cx: &LayoutContext<'_>) {
        let scroll = self.scroll;
        *self = Reader::open(
            self.index,
            Arc::clone(&self.article),
            std::mem::take(&mut self.hits),
            cx,
        );
        self.scroll = scroll;
    }

    /// The furthest the reader scrolls with `rows` lines on screen.
    pub(crate) fn max_scroll(&self, rows: usize) -> usize {
        self.layout.lines.len().saturating_sub(rows)
    }

    pub(crate) fn clamp(&mut self, rows: usize) {
        self.scroll = self.scroll.min(self.max_scroll(rows));
    }

    pub(crate) fn set_scroll(&mut self, scroll: usize, rows: usize) {
        self.scroll = scroll;
        self.clamp(rows);
    }

    pub(crate) fn scroll_by(&mut self, delta: isize, rows: usize) {
        let max = self.max_scroll(rows) as isize;
        self.scroll = (self.scroll as isize).saturating_add(delta).clamp(0, max) as usize;
    }

    /// Makes the next (+1) or previous (-1) hit current, wrapping around, and brings it into
    /// view. `false` when the article has no hits.
    pub(crate) fn jump_hit(&mut self, direction: isize, rows: usize) -> bool {
        let count = self.layout.hit_lines.len();
        if count == 0 {
            return false;
        }
        let next = match self.current_hit {
            Some(h) => (h as isize + direction).rem_euclid(count as isize) as usize,
            None if direction > 0 => 0,
            None => count - 1,
        };
        self.current_hit = Some(next);
        let line = self.layout.hit_lines[next];
        // Bring the hit into view, a little below the top.
        if line < self.scroll || line >= self.scroll + rows {
            self.scroll = line.saturating_sub(2);
        }
        self.clamp(rows);
        true
    }

    /// Draws the visible lines, hits highlighted (the current one reversed), and the position.
    pub(crate) fn draw(&self, buf: &mut Buffer, rect: Rect, app: &App, focused: bool) {
        let mark = if app.is_bookmarked(self.index) {
            " ★"
        } else {
            ""
        };
        let title = format!("阅读 · {}{mark}", app.head(self.index).id());
        let inner = pane_block(buf, rect, &title, focused, app);
        let amb = app.ambiguous();
        let rows = inner.height as usize;
        let layout = &self.layout;
        let current_line = self
            .current_hit
            .and_then(|h| layout.hit_lines.get(h))
            .copied();
        for (n, line) in layout.lines.iter().enumerate().skip(self.scroll).take(rows) {
            let y = inner.y + (n - self.scroll) as u16;
            let mut x = inner.x + 1;
            let room = inner.width.saturating_sub(1) as usize;
            for segment in &line.segments {
                let used = (x - inner.x - 1) as usize;
                if used >= room {
                    break;
                }
                let s = style_of(app, segment, Some(n) == current_line);
                x += put_str(buf, x, y, room - used, &segment.text, s, amb) as u16;
            }
        }
        bottom_label(
            buf,
            rect,
            &self.position_label(rows),
            app.theme().border(focused),
            amb,
        );
    }

    /// " 命中 2/7 行 1-20/80 · 25% ": the hit, the lines shown, how far in.
    fn position_label(&self, rows: usize) -> String {
        let total = self.layout.lines.len();
        let last = (self.scroll + rows).min(total);
        let percent = if total <= rows {
            100
        } else {
            last * 100 / total
        };
        let label = format!(" 行 {}-{}/{} · {}% ", self.scroll + 1, last, total, percent);
        if self.layout.hit_lines.is_empty() {
            return label;
        }
        let current = self.current_hit.map_or(0, |h| h + 1);
        format!(" 命中 {current}/{}{label}", self.layout.hit_lines.len())
    }
}

/// The theme's style for a segment: its kind, or a hit (the current one reversed).
fn style_of(app: &App, segment: &Segment, current: bool) -> Style {
    let t = app.theme();
    if segment.hit {
        return if current { t.current_hit() } else { t.hit() };
    }
    match segment.style {
        SpanStyle::Body => t.plain(),
        SpanStyle::Subhead => t.subhead(),
        SpanStyle::Caption => t.caption(),
        SpanStyle::Kicker | SpanStyle::Subtitle => t.accent(),
        SpanStyle::Title => t.title(),
        SpanStyle::Meta | SpanStyle::Rule => t.muted(),
    }
}

fn full_layout(article: &Article, hits: &[ParagraphSpan], cx: &LayoutContext<'_>) -> ReaderLayout {
    with_source(
        layout_reader(article, hits, cx.width, cx.amb, cx.facets),
        cx.source,
        cx.amb,
    )
}

/// The reader's lines for `article` at `width`: header (column, kicker, title, subtitle, credits,
/// place · date · themes), a rule, then the body as the layout module lays it out.
pub fn layout_reader(
    article: &Article,
    hits: &[ParagraphSpan],
    width: usize,
    amb: Ambiguous,
    facets: &Facets,
) -> ReaderLayout {
    let mut lines: Vec<TextLine> = Vec::new();
    let mut add = |text: &str, style: SpanStyle| {
        if !text.trim().is_empty() {
            lines.extend(text::wrap(text, style, width, amb));
        }
    };
    if let Some(column) = &article.column {
        add(&format!("【{column}】"), SpanStyle::Meta);
    }
    if let Some(kicker) = &article.kicker {
        add(kicker, SpanStyle::Kicker);
    }
    add(&article.title, SpanStyle::Title);
    if let Some(subtitle) = &article.subtitle {
        add(&format!("——{subtitle}"), SpanStyle::Subtitle);
    }
    let b = &article.byline;
    let mut credit = Vec::new();
    if !b.reporters.is_empty() {
        credit.push(format!("记者 {}", b.reporters.join(" ")));
    }
    if !b.correspondents.is_empty() {
        credit.push(format!("通讯员 {}", b.correspondents.join(" ")));
    }
    if !b.photographers.is_empty() {
        credit.push(format!("{} 摄", b.photographers.join(" ")));
    }
    add(&credit.join("  "), SpanStyle::Meta);
    let mut meta = vec![place_label(
        article.region.city.as_deref(),
        article.region.county.as_deref(),
    )];
    if let Some(date) = &article.date {
        meta.push(date.clone());
    }
    if !article.themes.is_empty() {
        meta.push(
            article
                .themes
                .iter()
                .map(|t| facets.theme_label(t))
                .collect::<Vec<_>>()
                .join("、"),
        );
    }
    add(&meta.join(" · "), SpanStyle::Meta);
    let rule_cell = text::width("─", amb).max(1);
    let rule_count = width.min(40) / rule_cell;
    lines.push(TextLine {
        segments: vec![Segment {
            text: "─".repeat(rule_count),
            style: SpanStyle::Rule,
            hit: false,
        }],
        width: rule_count * rule_cell,
        ..TextLine::default()
    });
    let header_len = lines.len();
    let body: BodyLayout = text::layout_body(article, hits, width, amb);
    lines.extend(body.lines);
    ReaderLayout {
        width,
        hit_lines: body.hit_lines.into_iter().map(|l| l + header_len).collect(),
        lines,
        header_len,
    }
}

/// The reader's layout with the source line (citation, URL) after the header, before the rule.
fn with_source(mut layout: ReaderLayout, source: &Source, amb: Ambiguous) -> ReaderLayout {
    let mut line = format!("来源 {}", source.citation);
    if let Some(url) = &source.url {
        line.push_str(" · ");
        line.push_str(url);
    }
    let lines = text::wrap(&line, SpanStyle::Meta, layout.width, amb);
    let at = layout.header_len.saturating_sub(1);
    let n = lines.len();
    layout.lines.splice(at..at, lines);
    layout.header_len += n;
    for hit in &mut layout.hit_lines {
        *hit += n;
    }
    layout
}
