//! Everything that can change the [`App`](super::app::App): keys turned into commands, text typed
//! or pasted into the search line, mouse, resizes, worker answers, signals.

use super::keymap::Command;
use super::worker::WorkerEvent;

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
    /// SIGTERM/SIGHUP: save and leave.
    Terminate,
}
