//! Drawing: `draw(frame, &App)` and the views it is made of. Views only read the state.
//!
//! All text goes through `put_str`, which places it grapheme by grapheme with the widths of
//! `text::width` in the user's ambiguous-width mode: a wide glyph takes its cells (the next one
//! marked "skip" so the diff never paints over it), a glyph that does not fit is left out whole,
//! and control characters never reach the terminal. ratatui's own text measurement counts
//! ambiguous characters as one cell, so no view relies on it for article text.

pub(crate) mod reader;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;

use super::app::{App, IndexState, Mode, Overlay, Pane};
use super::keymap::Command;
use super::text::{self, Ambiguous};
use crate::filter::Part;

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if app.too_small() || area.width < super::app::MIN_WIDTH || area.height < super::app::MIN_HEIGHT
    {
        draw_too_small(buf, area, app);
        return;
    }
    draw_title_bar(buf, area, app);
    let panes = app.panes();
    let mut cursor = None;
    if panes.navigator.area() > 0 {
        let focused = app.focus == Pane::Navigator;
        app.navigator.draw(buf, panes.navigator, app, focused);
    }
    if panes.list.area() > 0 {
        match app.mode {
            Mode::Browse => app.list.draw(buf, panes.list, app),
            Mode::Search => cursor = app.search.draw(buf, panes.list, app),
        }
    }
    if panes.reader.area() > 0 {
        reader::draw(buf, panes.reader, app);
    }
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help(help) => help.draw(buf, panes.body, app),
        Overlay::Stats(stats) => stats.draw(buf, panes.body, app),
        Overlay::Related(popup) => reader::draw_related(buf, panes.body, app, popup),
    }
    draw_status_bar(buf, area, app);
    if let Some(position) = cursor
        && app.overlay == Overlay::None
    {
        frame.set_cursor_position(position);
    }
}

fn draw_too_small(buf: &mut Buffer, area: Rect, app: &App) {
    let amb = app.ambiguous;
    let lines = [
        "终端太小 terminal too small".to_string(),
        format!(
            "{}×{}, need {}×{}",
            area.width,
            area.height,
            super::app::MIN_WIDTH,
            super::app::MIN_HEIGHT
        ),
        format!("{} quit", app.keymap.hint(Command::Quit)),
    ];
    // Wrapped, so the message fits however narrow the terminal is.
    let wrapped = lines.iter().flat_map(|line| {
        text::wrap(
            line,
            crate::layout::SpanStyle::Body,
            (area.width as usize).max(1),
            amb,
        )
    });
    for (i, line) in wrapped.enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        put_str(
            buf,
            area.x,
            y,
            area.width as usize,
            &text::plain(&line),
            Style::new(),
            amb,
        );
    }
}

/// The title bar's pieces: text, and the filter part when the piece is a chip (a click on it
/// clears that part). Shared by drawing and clicks, so they always agree.
pub(crate) fn title_pieces(app: &App) -> Vec<(String, Option<Part>)> {
    let mut out = vec![(" 看报 · ".to_string(), None)];
    let chips = app.chips();
    if chips.is_empty() {
        out.push(("浙江工人日报 · ".to_string(), None));
    }
    for (part, words) in chips {
        out.push((format!("[{words}]"), Some(part)));
        out.push((" ".to_string(), None));
    }
    let mode = match app.mode {
        Mode::Browse if app.pages().is_some() => " · 版面 print view".to_string(),
        Mode::Browse => format!(" · {}", app.sort().label()),
        Mode::Search => " · 搜索 search".to_string(),
    };
    let count = if app.filter.is_empty() {
        format!("{} 篇", app.store.len())
    } else {
        format!("{}/{} 篇", app.list().len(), app.store.len())
    };
    out.push((format!("{count}{mode}"), None));
    out
}

/// The chip under column `x` of the title bar, if any.
pub(crate) fn chip_at(app: &App, x: u16) -> Option<Part> {
    let mut at = 0usize;
    for (text, part) in title_pieces(app) {
        let w = text::width(&text, app.ambiguous);
        if (at..at + w).contains(&(x as usize)) {
            return part;
        }
        at += w;
    }
    None
}

fn draw_title_bar(buf: &mut Buffer, area: Rect, app: &App) {
    let style = app.theme.bar();
    let row = Rect::new(area.x, area.y, area.width, 1);
    buf.set_style(row, style);
    fill(buf, row, style);
    let right = format!("{} help ", app.keymap.hint(Command::Help));
    let right_w = text::width(&right, app.ambiguous);
    let mut used = 0usize;
    for (piece, part) in title_pieces(app) {
        let piece_style = if part.is_some() {
            app.theme.chip()
        } else {
            style
        };
        let room = (area.width as usize).saturating_sub(used);
        used += put_str(
            buf,
            area.x + used as u16,
            area.y,
            room,
            &piece,
            piece_style,
            app.ambiguous,
        );
    }
    if used + right_w + 2 <= area.width as usize {
        put_str(
            buf,
            area.x + area.width - right_w as u16,
            area.y,
            right_w,
            &right,
            style,
            app.ambiguous,
        );
    }
}

/// The key hints for where the user is.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    let k = |c| app.keymap.hint(c);
    let mut out = Vec::new();
    match (&app.overlay, app.mode, app.focus) {
        (Overlay::Help(_), _, _) => out.push((k(Command::Back), "close")),
        (Overlay::Stats(_), _, _) => {
            out.push((k(Command::Open), "filter by it"));
            out.push((k(Command::Back), "close"));
        }
        (Overlay::Related(_), _, _) => {
            out.push((k(Command::Open), "open"));
            out.push((k(Command::Back), "close"));
        }
        (Overlay::None, Mode::Search, Pane::List | Pane::Navigator) => {
            out.push(("↑↓".to_string(), "select"));
            out.push((k(Command::Open), "open"));
            out.push((k(Command::ToggleSearchFilter), "filter"));
            out.push((k(Command::Back), "leave search"));
        }
        (Overlay::None, _, Pane::Reader) => {
            out.push((k(Command::PageDown), "page"));
            out.push((
                format!("{}/{}", k(Command::NextHit), k(Command::PrevHit)),
                "hits",
            ));
            out.push((k(Command::Related), "related"));
            out.push((k(Command::Copy), "copy"));
            out.push((k(Command::Bookmark), "bookmark"));
            out.push((k(Command::Export), "export"));
            out.push((k(Command::Back), "back"));
        }
        (Overlay::None, Mode::Browse, Pane::Navigator) => {
            out.push((
                format!("{}/{}", k(Command::Open), k(Command::Choose)),
                "choose",
            ));
            out.push((k(Command::Expand), "open"));
            if !app.filter.is_empty() {
                out.push((k(Command::ClearFilters), "clear"));
            }
            out.push((k(Command::NextPane), "pane"));
            out.push((k(Command::Search), "search"));
            out.push((k(Command::Quit), "quit"));
        }
        (Overlay::None, Mode::Browse, _) => {
            out.push((k(Command::Open), "open"));
            if !app.filter.is_empty() {
                out.push((k(Command::ClearFilters), "clear"));
            }
            out.push((k(Command::ToggleSort), "sort"));
            out.push((k(Command::NextUnread), "unread"));
            out.push((k(Command::NextPane), "pane"));
            out.push((k(Command::Search), "search"));
            out.push((k(Command::Stats), "stats"));
            out.push((k(Command::Bookmarks), "bookmarks"));
            out.push((k(Command::Quit), "quit"));
        }
    }
    out
}

fn draw_status_bar(buf: &mut Buffer, area: Rect, app: &App) {
    let y = area.bottom() - 1;
    let row = Rect::new(area.x, y, area.width, 1);
    let amb = app.ambiguous;
    fill(buf, row, Style::new());
    let index = match (&app.index, app.loading) {
        (_, Some(p)) if p.pages > 0 => {
            format!("读取中 reading {} 篇 · {} 页 pages", p.articles, p.pages)
        }
        (_, Some(p)) => format!("读取中 reading {} 篇", p.articles),
        (IndexState::Opening, _) => "索引 opening…".to_string(),
        (IndexState::Building { done, total }, _) => format!("建索引 indexing {done}/{total}"),
        (IndexState::Ready(_), _) => String::new(),
        (IndexState::Fallback, _) => "plain-text search".to_string(),
    };
    let index_w = text::width(&index, amb);
    let room = (area.width as usize).saturating_sub(if index_w > 0 { index_w + 2 } else { 0 });
    if let Some(notice) = app.notices.front() {
        let more = if app.notices.len() > 1 {
            format!(" (+{}, any key)", app.notices.len() - 1)
        } else {
            String::new()
        };
        put_str(
            buf,
            area.x,
            y,
            room,
            &format!("{notice}{more}"),
            app.theme.notice(),
            amb,
        );
    } else if let Some(message) = &app.message {
        put_str(buf, area.x, y, room, message, app.theme.accent(), amb);
    } else {
        let mut x = 0usize;
        for (key, what) in hints(app) {
            let key_w = text::width(&key, amb);
            let what_w = text::width(what, amb);
            if x + key_w + 1 + what_w > room {
                break;
            }
            x += put_str(
                buf,
                area.x + x as u16,
                y,
                key_w,
                &key,
                app.theme.accent(),
                amb,
            );
            x += put_str(
                buf,
                area.x + x as u16,
                y,
                1 + what_w,
                &format!(" {what}"),
                app.theme.muted(),
                amb,
            );
            x += 2;
        }
    }
    if index_w > 0 && index_w < area.width as usize {
        put_str(
            buf,
            area.right() - index_w as u16,
            y,
            index_w,
            &index,
            app.theme.muted(),
            amb,
        );
    }
}

/// Paints `style` over `rect` with blanks.
pub(crate) fn fill(buf: &mut Buffer, rect: Rect, style: Style) {
    for y in rect.top()..rect.bottom() {
        for x in rect.left()..rect.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
                cell.set_symbol(" ");
                cell.set_style(style);
            }
        }
    }
}

/// Writes `s` at (x, y) in at most `max` cells; returns the cells used. See the module docs.
pub(crate) fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: usize,
    s: &str,
    style: Style,
    amb: Ambiguous,
) -> usize {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() {
        return 0;
    }
    let limit = max.min(area.right().saturating_sub(x) as usize);
    let mut used = 0usize;
    let s = text::sanitize(s);
    for g in s.graphemes(true) {
        if g.chars().any(char::is_control) {
            continue;
        }
        let w = text::width(g, amb);
        if w == 0 {
            continue;
        }
        if used + w > limit {
            break;
        }
        let cx = x + used as u16;
        if let Some(cell) = buf.cell_mut((cx, y)) {
            cell.reset();
            cell.set_symbol(g);
            cell.set_style(style);
            // ratatui measures ambiguous glyphs as 1 cell; in wide mode the terminal draws them
            // over 2, so tell the diff their real width (it then leaves the next cell alone).
            if text::width(g, Ambiguous::Narrow) < w
                && let Some(forced) = std::num::NonZeroU16::new(w as u16)
            {
                cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
            }
        }
        for extra in 1..w {
            if let Some(cell) = buf.cell_mut((cx + extra as u16, y)) {
                cell.reset();
                cell.set_style(style);
            }
        }
        used += w;
    }
    used
}

/// Writes styled pieces one after another; returns the cells used.
pub(crate) fn put_spans(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: usize,
    spans: &[(&str, Style)],
    amb: Ambiguous,
) -> usize {
    let mut used = 0;
    for (s, style) in spans {
        if used >= max {
            break;
        }
        used += put_str(buf, x + used as u16, y, max - used, s, *style, amb);
    }
    used
}

const ASCII_BORDER: ratatui::symbols::border::Set<'static> = ratatui::symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_FOCUSED: ratatui::symbols::border::Set<'static> = ratatui::symbols::border::Set {
    horizontal_top: "=",
    horizontal_bottom: "=",
    ..ASCII_BORDER
};

/// A bordered pane with its title written by [`put_str`]; returns the inner area.
pub(crate) fn pane_block(
    buf: &mut Buffer,
    rect: Rect,
    title: &str,
    focused: bool,
    app: &App,
) -> Rect {
    let style = app.theme.border(focused);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style);
    if app.ambiguous == Ambiguous::Wide || app.ascii {
        // Box-drawing characters are East Asian ambiguous: a terminal set to draw those wide
        // would break every border, so wide mode draws them in ASCII.
        block = block.border_set(if focused { ASCII_FOCUSED } else { ASCII_BORDER });
    }
    let inner = block.inner(rect);
    Clear.render(rect, buf);
    // A wide glyph just left of the pane would spill into its border (ratatui#2526): blank it.
    if rect.x > buf.area.x {
        for y in rect.top()..rect.bottom() {
            if let Some(cell) = buf.cell_mut((rect.x - 1, y))
                && text::width(cell.symbol(), app.ambiguous) > 1
            {
                cell.set_symbol(" ");
                cell.set_diff_option(CellDiffOption::None);
            }
        }
    }
    block.render(rect, buf);
    if rect.width > 4 {
        put_str(
            buf,
            rect.x + 1,
            rect.y,
            rect.width as usize - 2,
            &format!(" {title} "),
            style,
            app.ambiguous,
        );
    }
    inner
}

/// Writes `label` on the bottom border of `rect`, right-aligned.
pub(crate) fn bottom_label(
    buf: &mut Buffer,
    rect: Rect,
    label: &str,
    style: Style,
    amb: Ambiguous,
) {
    let w = text::width(label, amb);
    if rect.width as usize > w + 2 && rect.height > 0 {
        put_str(
            buf,
            rect.right() - 1 - w as u16,
            rect.bottom() - 1,
            w,
            label,
            style,
            amb,
        );
    }
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
