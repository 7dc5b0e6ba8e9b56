//! The browser's panes as components, after ratatui's component template and gitui's
//! `components/`: each owns its state (private fields, so only its own methods change it), turns
//! the commands meant for it into changes of that state or into an outcome for the
//! [`App`](super::app::App) to act on, and draws itself from `&self`.
//!
//! - [`navigator`]: the facet tree (regions, themes, people, years → months) with counts.
//! - [`line`](mod@line): the search line's text and cursor, with its history.
//! - [`help`]: the help popup, generated from the keymap, and how far it is scrolled.
//! - [`search`]: the search pane — line, request in flight, results and their selection.
//! - [`stats`]: the statistics bars and the selected one (Enter filters by it).
//! - [`list`]: the articles that pass the filter, sorted or one issue of the 版面 view, and the
//!   selection.
//! - [`reader`]: the open article, laid out at the pane's width, its scroll and current hit.

pub(crate) mod help;
pub(crate) mod line;
pub(crate) mod list;
pub(crate) mod navigator;
pub(crate) mod reader;
pub(crate) mod search;
pub(crate) mod stats;

/// A scrolling list position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` within `len` items and keeps the selection inside a window of `rows`.
    pub(crate) fn step(&mut self, delta: isize, len: usize, rows: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.follow(rows);
    }

    pub(crate) fn set(&mut self, selected: usize, len: usize, rows: usize) {
        self.selected = selected.min(len.saturating_sub(1));
        self.follow(rows);
    }

    pub(crate) fn follow(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }
}
