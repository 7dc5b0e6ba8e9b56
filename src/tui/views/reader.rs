//! The reader: the article's header and body as laid out (cached per width in the state), the
//! visible lines only, hits highlighted (the current one reversed), a position indicator; and the
//! related-articles popup.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{bottom_label, centered, fill, pane_block, put_str};
use crate::layout::{Segment, SpanStyle};
use crate::tui::app::{App, Pane, RelatedPopup};
use crate::tui::text;

/// The theme's style for a segment: its kind, or a hit (the current one reversed).
fn style_of(app: &App, segment: &Segment, current: bool) -> Style {
    let t = &app.theme;
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

pub fn draw(buf: &mut Buffer, rect: Rect, app: &App) {
    let focused = app.focus == Pane::Reader;
    let Some(reader) = &app.reader else {
        let inner = pane_block(buf, rect, "阅读", focused, app);
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width as usize,
            "没有选中的文章",
            app.theme.muted(),
            app.ambiguous,
        );
        return;
    };
    let article = app.head(reader.index);
    let mark = if app.is_bookmarked(reader.index) {
        " ★"
    } else {
        ""
    };
    let inner = pane_block(
        buf,
        rect,
        &format!("阅读 · {}{mark}", article.id()),
        focused,
        app,
    );
    let amb = app.ambiguous;
    let rows = inner.height as usize;
    let layout = &reader.layout;
    let current_line = reader
        .current_hit
        .and_then(|h| layout.hit_lines.get(h))
        .copied();
    for (n, line) in layout
        .lines
        .iter()
        .enumerate()
        .skip(reader.scroll)
        .take(rows)
    {
        let y = inner.y + (n - reader.scroll) as u16;
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
    let total = layout.lines.len();
    let last = (reader.scroll + rows).min(total);
    let percent = if total <= rows {
        100
    } else {
        last * 100 / total
    };
    let mut label = format!(
        " 行 {}-{}/{} · {}% ",
        reader.scroll + 1,
        last,
        total,
        percent
    );
    if !layout.hit_lines.is_empty() {
        let current = reader.current_hit.map_or(0, |h| h + 1);
        label = format!(" 命中 {current}/{}{label}", layout.hit_lines.len());
    }
    bottom_label(buf, rect, &label, app.theme.border(focused), amb);
}

pub fn draw_related(buf: &mut Buffer, body: Rect, app: &App, popup: &RelatedPopup) {
    let amb = app.ambiguous;
    let w = (body.width * 4 / 5).clamp(30, 90);
    let h = 14.min(body.height);
    let rect = centered(body, w, h);
    let inner = pane_block(buf, rect, "相关文章 related", true, app);
    fill(buf, inner, Style::new());
    let width = inner.width.saturating_sub(2) as usize;
    match &popup.items {
        None => {
            put_str(
                buf,
                inner.x + 1,
                inner.y,
                width,
                "查找中… looking",
                app.theme.muted(),
                amb,
            );
        }
        Some(items) if items.is_empty() => {
            put_str(
                buf,
                inner.x + 1,
                inner.y,
                width,
                "没有相关文章 nothing related found",
                app.theme.muted(),
                amb,
            );
        }
        Some(items) => {
            let rows = inner.height as usize;
            let offset = popup.selected.saturating_sub(rows.saturating_sub(1));
            for (i, &index) in items.iter().enumerate().skip(offset).take(rows) {
                let y = inner.y + (i - offset) as u16;
                let article = app.head(index);
                let style = if i == popup.selected {
                    app.theme.selected()
                } else {
                    Style::new()
                };
                let line = format!(
                    "{} · {}",
                    text::sanitize(article.title()),
                    crate::tui::app::place_label(article.city(), article.county())
                );
                let line = text::truncate(&line, width, amb);
                fill(buf, Rect::new(inner.x, y, inner.width, 1), style);
                put_str(buf, inner.x + 1, y, width, &line, style, amb);
            }
        }
    }
}
