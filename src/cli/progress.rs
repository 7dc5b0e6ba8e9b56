//! A progress line on stderr for the slow steps of a command (reading pages on a first start,
//! building or updating the search index), drawn only when stderr is a terminal: piped or
//! redirected output stays clean. Redrawn at most ten times a second, erased when done.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::corpus::Progress;

const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_CELLS: usize = 24;
/// Back to the start of the line and erase it: a cursor move, not a style, so no `anstyle` here.
const ERASE_LINE: &str = "\r\x1b[2K";

/// The progress line of one command.
pub(crate) struct Bar {
    enabled: bool,
    state: Mutex<State>,
}

struct State {
    label: &'static str,
    done: usize,
    total: usize,
    started: Instant,
    drawn: Option<Instant>,
}

impl Bar {
    /// A bar on stderr if it is a terminal, else one that draws nothing.
    pub(crate) fn on_stderr() -> Bar {
        Bar {
            enabled: std::io::stderr().is_terminal(),
            state: Mutex::new(State {
                label: "",
                done: 0,
                total: 0,
                started: Instant::now(),
                drawn: None,
            }),
        }
    }

    /// Starts a step of `total` units.
    pub(crate) fn start(&self, label: &'static str, total: usize) {
        if let Ok(mut state) = self.state.lock() {
            *state = State {
                label,
                done: 0,
                total,
                started: Instant::now(),
                drawn: None,
            };
        }
    }

    /// `done` of the step's units are done.
    pub(crate) fn set(&self, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.done = done;
        state.total = total;
        let due = state.drawn.is_none_or(|at| at.elapsed() >= REDRAW_EVERY);
        // Nothing is drawn for a step that ends within the first redraw interval.
        if due && state.started.elapsed() >= REDRAW_EVERY {
            state.drawn = Some(Instant::now());
            draw(&state);
        }
    }

    /// One more unit is done.
    pub(crate) fn tick(&self) {
        let (done, total) = match self.state.lock() {
            Ok(state) => (state.done + 1, state.total),
            Err(_) => return,
        };
        self.set(done, total);
    }

    /// Erases the line, if one was drawn.
    pub(crate) fn finish(&self) {
        if let Ok(mut state) = self.state.lock()
            && state.drawn.take().is_some()
        {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{ERASE_LINE}");
            let _ = err.flush();
        }
    }

    /// Says something on its own line (the bar is redrawn below it).
    pub(crate) fn say(&self, message: &str) {
        self.finish();
        eprintln!("kanbao: {message}");
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

fn draw(state: &State) {
    let total = state.total.max(1);
    let filled = (state.done.min(total) * BAR_CELLS) / total;
    let percent = state.done.min(total) * 100 / total;
    let elapsed = state.started.elapsed().as_secs_f64();
    let eta = if state.done > 0 && state.done < total {
        let left = elapsed / state.done as f64 * (total - state.done) as f64;
        format!(", about {left:.0} s left")
    } else {
        String::new()
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "{ERASE_LINE}kanbao: {} [{}{}] {}/{} ({percent}%{eta})",
        state.label,
        "#".repeat(filled),
        "-".repeat(BAR_CELLS - filled),
        state.done,
        state.total,
    );
    let _ = err.flush();
}

impl Progress for Bar {
    fn waiting(&self) {
        self.say("another kanbao is saving the pages it read; waiting for it…");
    }

    fn reading(&self, total: usize) {
        self.start("reading pages", total);
    }

    fn page_done(&self) {
        self.tick();
    }
}
