//! Chinese text layout for a terminal: line breaking (UAX #14 tailored with the W3C clreq
//! rules), display widths, sanitising, truncation. Pure and I/O-free: no ratatui here; the TUI
//! turns [`StyledLine`]s into its own spans.
//!
//! - `width`: cells per grapheme cluster, narrow or wide ambiguous characters.
//! - `sanitize`: control characters, escape sequences, bidi and invisible
//!   characters never reach the terminal.
//! - [`rules`]: which characters may not start or end a line.
//! - `breaker`: break opportunities and the greedy line filler.
//! - `paragraph`: styled lines for paragraphs and whole articles.
//! - `truncate`: titles cut to a list row.

mod breaker;
pub(crate) mod paragraph;
pub mod rules;
pub(crate) mod sanitize;
pub(crate) mod truncate;
pub(crate) mod width;

pub(crate) use paragraph::needs_blank_between;
pub use paragraph::{
    ArticleLayout, HitLine, INDENT, OVERWIDE_PLACEHOLDER, Segment, SpanStyle, StyledLine,
    layout_article, wrap_paragraph, wrap_styled,
};
pub use sanitize::{sanitize, sanitize_line};
pub(crate) use truncate::pad;
pub use truncate::truncate;
pub use width::{AmbiguousWidth, str_width};

/// How to lay text out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Cells per line; 0 is treated as 1. No line is ever wider.
    pub width: usize,
    pub ambiguous: AmbiguousWidth,
    /// Reserve two cells at the right margin that only a closing 、，。 may hang into. Off by
    /// default: lines then use the full width and a mark that cannot start a line pulls the
    /// previous character down with it instead.
    pub hang_punctuation: bool,
}

impl LayoutOptions {
    /// `width` cells, narrow ambiguous characters, no hanging punctuation.
    pub fn new(width: usize) -> Self {
        Self {
            width,
            ambiguous: AmbiguousWidth::Narrow,
            hang_punctuation: false,
        }
    }

    /// The same options with ambiguous-width characters counted as `ambiguous` says.
    pub fn with_ambiguous(self, ambiguous: AmbiguousWidth) -> Self {
        Self { ambiguous, ..self }
    }
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self::new(80)
    }
}
