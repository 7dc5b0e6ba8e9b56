//! Everything that can change the [`App`](super::app::App): keys turned into commands, text typed
//! or pasted into the search line, mouse, resizes, worker answers, signals.

use super::keymap::Command;
use super::worker::WorkerEvent;

/// Everything that can change the app, in one enum: [`App::update`](super::App::update) takes one at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    /// Text for the search line: a typed character, IME output or a bracketed paste.
    Insert(String),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// Delete the word before the cursor (Ctrl-W, Alt-Backspace).
    DeleteWord,
    /// To the start of the word before the cursor (Ctrl-←, Alt-←, Alt-b).
    WordLeft,
    /// To the end of the word after the cursor (Ctrl-→, Alt-→, Alt-f).
    WordRight,
    /// Clear the search line (Ctrl-U).
    ClearLine,
    /// The previous query from the history (Ctrl-P).
    HistoryOlder,
    /// The next query from the history (Ctrl-N).
    HistoryNewer,
    Resize(u16, u16),
    Click {
        column: u16,
        row: u16,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Worker(WorkerEvent),
    /// The outcome of an effect the main loop carried out (export path, save error …).
    Report(String),
    /// Show the articles that pass this filter (what choosing a navigator row, a statistics
    /// bar or clearing a chip does; also how a caller starts the browser on a filter).
    Filter(crate::filter::Filter),
    /// Put article `index` (into the store) in the reader, without moving the focus or marking
    /// it read: a preview.
    Preview(usize),
    /// A notice for the status bar, shown until a key is pressed (load warnings, the loader).
    Notice(String),
    /// A first read of the archive got this far.
    Loading(super::loader::LoadProgress),
    /// A store to show instead of the one shown (the articles read so far, or the finished
    /// corpus); the user's place is kept.
    Grown(super::loader::Grown),
    /// SIGTERM/SIGHUP: save and leave.
    Terminate,
}
