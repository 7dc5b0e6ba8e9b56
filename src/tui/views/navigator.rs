//! The navigator: regions (cities, expandable to counties), themes, reporters and months, each
//! with its article count. Moving onto a row filters the list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{pane_block, put_str};
use crate::tui::app::{App, NavRow, Pane};
use crate::tui::text;

pub fn draw(buf: &mut Buffer, rect: Rect, app: &App) {
    let focused = app.focus == Pane::Navigator;
    let inner = pane_block(buf, rect, "导航", focused, app);
    let amb = app.ambiguous;
    let width = inner.width as usize;
    for (i, row) in app
        .nav_rows
        .iter()
        .enumerate()
        .skip(app.nav.offset)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - app.nav.offset) as u16;
        let (label, count) = match row {
            NavRow::Heading(h) => {
                put_str(buf, inner.x, y, width, h, app.theme.title(), amb);
                continue;
            }
            NavRow::All { count, .. } => (" 全部".to_string(), Some(*count)),
            NavRow::Province(n) => (" 全省".to_string(), Some(*n)),
            NavRow::City {
                name,
                count,
                expandable,
                expanded,
            } => (
                format!("{}{name}", marker(*expandable, *expanded)),
                Some(*count),
            ),
            NavRow::County { name, count, .. } => (format!("   {name}"), Some(*count)),
            NavRow::Theme { label, count, .. } => (format!(" {label}"), Some(*count)),
            NavRow::Person { name, count } => (format!(" {name}"), Some(*count)),
            NavRow::Year {
                year,
                count,
                expandable,
                expanded,
            } => (
                format!("{}{year}", marker(*expandable, *expanded)),
                Some(*count),
            ),
            NavRow::Month { year, month, count } => (format!("   {year}-{month:02}"), Some(*count)),
        };
        let selected = i == app.nav.selected;
        let active = app.nav_row_active(row);
        let mut style = if active {
            app.theme.accent()
        } else {
            app.theme.plain()
        };
        if selected && focused {
            style = app.theme.selected();
        } else if selected {
            style = style.add_modifier(ratatui::style::Modifier::UNDERLINED);
        }
        let count_text = count.map(|n| format!(" {n}")).unwrap_or_default();
        let count_w = text::width(&count_text, amb);
        let label_room = width.saturating_sub(count_w);
        let line = format!("{}{count_text}", text::pad(&label, label_room, amb));
        if active {
            super::fill(buf, Rect::new(inner.x, y, inner.width, 1), style);
        }
        put_str(buf, inner.x, y, width, &line, style, amb);
    }
}

/// ▸ for a closed row with children, ▾ for an open one.
fn marker(expandable: bool, expanded: bool) -> &'static str {
    match (expandable, expanded) {
        (true, true) => "▾",
        (true, false) => "▸",
        _ => " ",
    }
}
