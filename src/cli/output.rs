//! Terminal-facing output for the command line: widths, colour, sanitising, and a stdout writer
//! that treats a closed pipe (`kanbao list | head`) as a normal end, not a panic.

use std::io::{self, IsTerminal, Write};

use crate::layout::{self, AmbiguousWidth};

/// A heading (`stats`' sections) and a title: bold.
pub(crate) const HEADING: anstyle::Style = anstyle::Style::new().bold();
/// What frames the text (ids, notes, counts, captions): dimmed.
pub(crate) const MUTED: anstyle::Style = anstyle::Style::new().dimmed();
/// A search hit inside the text: reversed, so it shows in any colour scheme.
pub(crate) const HIT: anstyle::Style = anstyle::Style::new().invert();

/// How human output is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// Columns available; `None` when stdout is not a terminal (no truncation then).
    pub(crate) width: Option<usize>,
    /// ANSI colour allowed (a terminal, and NO_COLOR unset).
    pub(crate) color: bool,
    pub(crate) ambiguous: AmbiguousWidth,
}

impl Style {
    pub(crate) fn detect(ambiguous_wide: bool) -> Style {
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

    /// `s` in `look` when colour is on (a plain style adds nothing); `s` as is when it is off.
    pub(crate) fn paint(&self, look: anstyle::Style, s: &str) -> String {
        if self.color {
            format!("{}{s}{}", look.render(), look.render_reset())
        } else {
            s.to_string()
        }
    }
}

/// True unless the NO_COLOR convention (any non-empty value) asks for no colour.
pub(crate) fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Text from a page or a file name made safe for one terminal line: control characters, escape
/// sequences, bidi overrides and line breaks never reach the terminal.
pub fn sanitize_line(s: &str) -> String {
    layout::sanitize(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

/// `value` as JSON, pretty (`--json`) or on one line (jsonl), with the characters serde_json
/// leaves raw but a terminal or a text viewer would act on written as `\uXXXX`: DEL, the C1
/// controls (U+0080–U+009F: CSI U+009B, NEL U+0085 …), the bidi controls (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators (U+2028,
/// U+2029). The JSON value is unchanged; only its spelling is. Every `--json` and jsonl output
/// goes through here.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
    pretty: bool,
) -> serde_json::Result<String> {
    let json = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    Ok(escape_json_specials(json))
}

fn needs_json_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// In serde_json's output these characters can only stand inside strings (everything outside
/// them is ASCII punctuation, digits and words), where `\uXXXX` means the same character.
fn escape_json_specials(json: String) -> String {
    if !json.contains(needs_json_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_json_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` cut to `cells` display cells (with an ellipsis), or whole when there is no limit.
pub(crate) fn fit(s: &str, cells: Option<usize>, ambiguous: AmbiguousWidth) -> String {
    let clean = sanitize_line(s);
    match cells {
        Some(cells) => layout::truncate(&clean, cells, ambiguous).into_owned(),
        None => clean,
    }
}

/// A buffered stdout writer; `finish` flushes. Writes after the reader went away are dropped.
pub(crate) struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    closed: bool,
}

impl Out {
    pub(crate) fn new() -> Out {
        Out {
            inner: io::BufWriter::new(io::stdout().lock()),
            closed: false,
        }
    }

    pub(crate) fn line(&mut self, s: &str) -> io::Result<()> {
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

    pub(crate) fn finish(mut self) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn style(color: bool) -> Style {
        Style {
            width: None,
            color,
            ambiguous: AmbiguousWidth::Narrow,
        }
    }

    #[test]
    fn paint_writes_the_sgr_codes_only_when_colour_is_on() {
        let on = style(true);
        assert_eq!(on.paint(HEADING, "标题"), "\x1b[1m标题\x1b[0m");
        assert_eq!(on.paint(MUTED, "id"), "\x1b[2mid\x1b[0m");
        assert_eq!(on.paint(HIT, "工会"), "\x1b[7m工会\x1b[0m");
        assert_eq!(on.paint(anstyle::Style::new(), "正文"), "正文");
        let off = style(false);
        for look in [HEADING, MUTED, HIT, anstyle::Style::new()] {
            assert_eq!(off.paint(look, "看报 a"), "看报 a");
        }
    }

    #[test]
    fn json_spells_invisible_and_steering_characters_as_escapes() {
        let hostile = "a\u{7f}b\u{9b}31m\u{85}\u{202e}\u{2066}\u{2028}\u{200f}看\u{1b}";
        for pretty in [false, true] {
            let json = to_json(&serde_json::json!({ "title": hostile }), pretty).unwrap();
            assert!(
                json.chars().all(|c| !c.is_control() || c == '\n'),
                "{json:?}"
            );
            assert!(!json.contains(needs_json_escape), "{json:?}");
            assert!(
                json.contains("\\u009b") && json.contains("\\u202e"),
                "{json}"
            );
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back["title"], hostile);
        }
    }
}
