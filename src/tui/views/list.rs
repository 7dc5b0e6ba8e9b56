//! The article list: two lines per article (mark and title; place, date and themes), only the
//! visible rows drawn, titles cut to fit by display width.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{bottom_label, fill, pane_block, put_spans, put_str};
use crate::corpus::Head;
use crate::tui::app::{App, LIST_ITEM_HEIGHT, Pane, place_label};
use crate::tui::text;

pub fn draw(buf: &mut Buffer, rect: Rect, app: &App) {
    let focused = app.focus == Pane::List;
    let title = format!("文章 · {} · {} 篇", app.filter_label(), app.list.len());
    let inner = pane_block(buf, rect, &title, focused, app);
    let amb = app.ambiguous;
    if app.list.is_empty() {
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1) as usize,
            "没有文章 no articles here",
            app.theme.muted(),
            amb,
        );
        return;
    }
    let rows = (inner.height as usize / LIST_ITEM_HEIGHT).max(1);
    for (slot, &index) in app
        .list
        .iter()
        .enumerate()
        .skip(app.list_cursor.offset)
        .take(rows)
    {
        let y = inner.y + ((slot - app.list_cursor.offset) * LIST_ITEM_HEIGHT) as u16;
        let selected = slot == app.list_cursor.selected;
        draw_item(
            buf,
            Rect::new(inner.x, y, inner.width, 2.min(inner.bottom() - y)),
            app,
            index,
            selected,
            focused,
        );
    }
    if app.list.len() > rows {
        let label = format!(" {}/{} ", app.list_cursor.selected + 1, app.list.len());
        bottom_label(buf, rect, &label, app.theme.border(focused), amb);
    }
}

/// The details line of an article: region · date · themes.
pub fn details(app: &App, article: Head<'_>) -> String {
    let mut parts = vec![place_label(article.city(), article.county())];
    if let Some(d) = article.date() {
        parts.push(d.to_string());
    }
    let themes: Vec<&str> = article
        .themes()
        .map(|t| app.facets.theme_label(t))
        .collect();
    if !themes.is_empty() {
        parts.push(themes.join("、"));
    }
    parts.join(" · ")
}

fn draw_item(buf: &mut Buffer, rect: Rect, app: &App, index: usize, selected: bool, focused: bool) {
    let amb = app.ambiguous;
    let article = app.head(index);
    let width = rect.width as usize;
    let base = if selected && focused {
        app.theme.selected()
    } else if selected {
        Style::new().add_modifier(ratatui::style::Modifier::BOLD)
    } else {
        Style::new()
    };
    fill(buf, rect, base);
    let mark = if app.is_bookmarked(index) {
        "★"
    } else if !app.is_read(index) {
        "●"
    } else {
        " "
    };
    let mark_style = if app.is_read(index) {
        base
    } else {
        base.patch(app.theme.unread())
    };
    let title = text::sanitize(article.title());
    let title = text::truncate(
        &title,
        width.saturating_sub(text::width(mark, amb) + 1),
        amb,
    );
    put_spans(
        buf,
        rect.x,
        rect.y,
        width,
        &[(mark, mark_style), (" ", base), (&title, base)],
        amb,
    );
    if rect.height > 1 {
        let details = details(app, article);
        let details = text::truncate(&details, width.saturating_sub(2), amb);
        let style = if selected && focused {
            base
        } else {
            app.theme.muted()
        };
        put_str(
            buf,
            rect.x + 2,
            rect.y + 1,
            width.saturating_sub(2),
            &details,
            style,
            amb,
        );
    }
}
