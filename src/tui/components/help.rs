//! Help, generated from the keymap in force: every command, its keys and what it does. A
//! component: it owns how far it is scrolled, takes the keys meant for it and draws itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::tui::app::App;
use crate::tui::keymap::Command as Cmd;
use crate::tui::keymap::{Command, Section};
use crate::tui::text;
use crate::tui::views::{bottom_label, centered, fill, pane_block, put_str};

/// The help text, one entry per line: (line, is a heading).
pub(crate) fn help_lines(app: &App) -> Vec<(String, bool)> {
    let amb = app.ambiguous;
    let keys_of = |c: Command| {
        app.keymap
            .keys_of(c)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let key_w = Command::all()
        .map(|c| text::width(&keys_of(c), amb))
        .max()
        .unwrap_or(0)
        .min(18);
    let mut lines = Vec::new();
    for section in [
        Section::General,
        Section::Move,
        Section::Filter,
        Section::Reader,
        Section::Search,
    ] {
        if !lines.is_empty() {
            lines.push((String::new(), false));
        }
        lines.push((section.label().to_string(), true));
        for c in Command::all().filter(|c| c.section() == section) {
            let keys = keys_of(c);
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys
            };
            lines.push((
                format!("  {}  {}", text::pad(&keys, key_w, amb), c.description()),
                false,
            ));
        }
    }
    lines.push((String::new(), false));
    lines.push(("查询语法 Query language".to_string(), true));
    for line in crate::search::syntax::QUERY_HELP {
        lines.push((format!("  {line}"), false));
    }
    lines.push((String::new(), false));
    lines.push(("搜索框 In the search line".to_string(), true));
    lines.push((
        "  typing, paste, ←→ Home End Backspace edit the query; Ctrl-U clears it; Ctrl-P/Ctrl-N (or ↑/↓ with no results) walk the history".to_string(),
        false,
    ));
    lines.push((
        "  Ctrl-W, Alt-Backspace delete the word before the cursor; Ctrl-←/→, Alt-b/f move by words".to_string(),
        false,
    ));
    lines.push((String::new(), false));
    lines.push(("导航 In the navigator".to_string(), true));
    lines.push((
        "  a row's count is what choosing it lists under the other filters; 3/12: 3 unread of 12; dim: none".to_string(),
        false,
    ));
    lines.push((
        "  the title bar shows the filters as chips: [杭州市] [2023]; a click clears one"
            .to_string(),
        false,
    ));
    lines.push((String::new(), false));
    lines.push((
        "  mouse: click selects, the wheel scrolls".to_string(),
        false,
    ));
    lines.push((
        "  keys and colours: ~/.config/kanbao/config.toml ([keys], [colors])".to_string(),
        false,
    ));
    lines
}

/// The help popup's rectangle in `body`, and its lines wrapped to fit it (a long line goes on
/// indented under itself, so nothing is cut at narrow widths).
pub(crate) fn layout(app: &App, body: Rect) -> (Rect, Vec<(String, bool)>) {
    let amb = app.ambiguous;
    let lines = help_lines(app);
    let want_w = lines
        .iter()
        .map(|(l, _)| text::width(l, amb))
        .max()
        .unwrap_or(20) as u16
        + 4;
    let width = want_w.max(40).min(body.width);
    let room = (width.saturating_sub(4) as usize).max(8);
    let mut wrapped = Vec::new();
    for (line, heading) in lines {
        let pieces = text::wrap(&line, crate::layout::SpanStyle::Body, room, amb);
        for (n, piece) in pieces.iter().enumerate() {
            let piece = text::plain(piece);
            let piece = if n == 0 {
                piece
            } else {
                format!("      {}", piece.trim_start())
            };
            wrapped.push((piece, heading));
        }
    }
    let rect = centered(body, width, wrapped.len() as u16 + 2);
    (rect, wrapped)
}

/// The help popup: how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Help {
    scroll: usize,
}

impl Help {
    /// The first line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Takes `command`, scrolling at most to `most`; `false` when the help closes.
    pub(crate) fn handle(&mut self, command: Cmd, most: usize) -> bool {
        let s = self.scroll;
        self.scroll = match command {
            Cmd::Help | Cmd::Back | Cmd::Open => return false,
            Cmd::Up => s.saturating_sub(1),
            Cmd::Down => (s + 1).min(most),
            Cmd::PageUp => s.saturating_sub(10),
            Cmd::PageDown => (s + 10).min(most),
            Cmd::Top => 0,
            Cmd::Bottom => most,
            _ => s,
        };
        true
    }

    pub(crate) fn draw(&self, buf: &mut Buffer, body: Rect, app: &App) {
        draw(buf, body, app, self.scroll);
    }
}

fn draw(buf: &mut Buffer, body: Rect, app: &App, scroll: usize) {
    let amb = app.ambiguous;
    let (rect, lines) = layout(app, body);
    let inner = pane_block(buf, rect, "帮助 Help", true, app);
    fill(buf, inner, Style::new());
    let rows = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    if lines.len() > rows {
        let label = format!(
            " {}-{}/{} j/k ",
            scroll + 1,
            (scroll + rows).min(lines.len()),
            lines.len()
        );
        bottom_label(buf, rect, &label, app.theme.border(true), amb);
    }
    for (i, (line, heading)) in lines.iter().enumerate().skip(scroll).take(rows) {
        let style = if *heading {
            app.theme.title()
        } else {
            Style::new()
        };
        put_str(
            buf,
            inner.x + 1,
            inner.y + (i - scroll) as u16,
            inner.width.saturating_sub(2) as usize,
            line,
            style,
            amb,
        );
    }
}
