//! Terminal-facing output for the command line: widths, colour, sanitising, and a stdout writer
//! that treats a closed pipe (`kanbao list | head`) as a normal end, not a panic.

use std::io::{self, IsTerminal, Write};

use crate::layout::{self, AmbiguousWidth};

/// How human output is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Columns available; `None` when stdout is not a terminal (no truncation then).
    pub width: Option<usize>,
    /// ANSI colour allowed (a terminal, and NO_COLOR unset).
    pub color: bool,
    pub ambiguous: AmbiguousWidth,
}

impl Style {
    pub fn detect(ambiguous_wide: bool) -> Style {
        let tty = io::stdout().is_terminal();
        let width = if tty {
            terminal_size::terminal_size()
                .map(|(w, _)| usize::from(w.0))
                .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
                .or(Some(80))
        } else {
            None
        };
        Style {
            width,
            color: tty && no_color_unset(),
            ambiguous: if ambiguous_wide {
                AmbiguousWidth::Wide
            } else {
                AmbiguousWidth::Narrow
            },
        }
    }

    /// Wraps `s` in an SGR sequence when colour is on.
    pub fn paint(&self, sgr: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// True unless the NO_COLOR convention (any non-empty value) asks for no colour.
pub fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Text from a page or a file name made safe for one terminal line: control characters, escape
/// sequences, bidi overrides and line breaks never reach the terminal.
pub fn sanitize_line(s: &str) -> String {
    layout::sanitize(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

/// `s` cut to `cells` display cells (with an ellipsis), or whole when there is no limit.
pub fn fit(s: &str, cells: Option<usize>, ambiguous: AmbiguousWidth) -> String {
    let clean = sanitize_line(s);
    match cells {
        Some(cells) => layout::truncate(&clean, cells, ambiguous).into_owned(),
        None => clean,
    }
}

/// A buffered stdout writer; `finish` flushes. Writes after the reader went away are dropped.
pub struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    closed: bool,
}

impl Out {
    pub fn new() -> Out {
        Out {
            inner: io::BufWriter::new(io::stdout().lock()),
            closed: false,
        }
    }

    pub fn line(&mut self, s: &str) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match writeln!(self.inner, "{s}") {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}
