//! The reader pane (drawn by its component, [`Reader`](crate::tui::components::reader::Reader);
//! here the empty pane) and the related-articles popup.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{centered, fill, pane_block, put_str};
use crate::tui::app::{App, Pane, RelatedPopup};
use crate::tui::text;

pub(crate) fn draw(buf: &mut Buffer, rect: Rect, app: &App) {
    let focused = app.focus == Pane::Reader;
    match &app.reader {
        Some(reader) => reader.draw(buf, rect, app, focused),
        None => {
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
        }
    }
}

pub(crate) fn draw_related(buf: &mut Buffer, body: Rect, app: &App, popup: &RelatedPopup) {
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
