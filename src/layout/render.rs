//! Handing lines to a renderer cell by cell, so a terminal that draws ambiguous characters two
//! cells wide gets exactly the layout's positions.
//!
//! ratatui measures every grapheme with `unicode-width`'s narrow rule: in
//! [`AmbiguousWidth::Wide`] mode “ … — take 2 cells on screen but 1 in ratatui's buffer, and every
//! cell after them on the line would drift. The cure: draw each cluster at the `x` this iterator
//! gives, and where `width != renderer_width` mark the cell with
//! `CellDiffOption::ForcedWidth(width)` (ratatui-core 0.1) — then ratatui's diff skips the
//! covered cell and moves the cursor explicitly for the next one. In `Narrow` mode the two
//! widths always agree and plain `Span`s per segment are enough.

use super::paragraph::{SpanStyle, StyledLine};
use super::width::{AmbiguousWidth, clusters, grapheme_width};

/// One grapheme cluster of a laid-out line, placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderCell<'a> {
    /// Cell column from the line's start.
    pub x: usize,
    /// The cluster to draw.
    pub symbol: &'a str,
    pub style: SpanStyle,
    pub hit: bool,
    /// Cells it takes on the terminal, per the layout's ambiguous-width setting.
    pub width: usize,
    /// Cells ratatui's buffer will assume for `symbol`. Differs from `width` for ambiguous
    /// characters in wide mode (and for halfwidth ﾞ ﾟ, which ratatui-core 0.1 counts one cell too
    /// many): force the width there.
    pub renderer_width: usize,
}

/// The clusters of `line` with their positions, for drawing cell by cell.
pub fn render_cells(
    line: &StyledLine,
    ambiguous: AmbiguousWidth,
) -> impl Iterator<Item = RenderCell<'_>> {
    let mut x = 0;
    line.segments.iter().flat_map(move |segment| {
        clusters(&segment.text).map(move |(_, symbol)| {
            let width = grapheme_width(symbol, ambiguous);
            let cell = RenderCell {
                x,
                symbol,
                style: segment.style,
                hit: segment.hit,
                width,
                renderer_width: ratatui_width(symbol),
            };
            x += width;
            cell
        })
    })
}

/// What ratatui-core 0.1's `CellWidth` says for a cluster: `unicode-width`'s narrow count, plus
/// one for each halfwidth katakana sound mark (its workaround for an older `unicode-width`).
fn ratatui_width(symbol: &str) -> usize {
    let sound_marks = if symbol.len() > 1 {
        symbol
            .chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count()
    } else {
        0
    };
    grapheme_width(symbol, AmbiguousWidth::Narrow) + sound_marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{LayoutOptions, wrap_styled};

    #[test]
    fn wide_mode_flags_exactly_the_ambiguous_cells() {
        let options = LayoutOptions::new(20).with_ambiguous(AmbiguousWidth::Wide);
        let lines = wrap_styled("“你好”a…", SpanStyle::Body, &[], &options);
        let cells: Vec<(usize, &str, usize, usize)> = render_cells(&lines[0], AmbiguousWidth::Wide)
            .map(|c| (c.x, c.symbol, c.width, c.renderer_width))
            .collect();
        assert_eq!(
            cells,
            vec![
                (0, "“", 2, 1),
                (2, "你", 2, 2),
                (4, "好", 2, 2),
                (6, "”", 2, 1),
                (8, "a", 1, 1),
                (9, "…", 2, 1),
            ]
        );
        assert_eq!(lines[0].width, 11);
    }

    #[test]
    fn narrow_mode_agrees_with_the_renderer() {
        let options = LayoutOptions::new(20);
        let lines = wrap_styled("“你好”a…👨‍👩‍👧", SpanStyle::Body, &[], &options);
        assert!(
            render_cells(&lines[0], AmbiguousWidth::Narrow).all(|c| c.width == c.renderer_width)
        );
        let last = render_cells(&lines[0], AmbiguousWidth::Narrow)
            .last()
            .unwrap();
        assert_eq!((last.x, last.symbol, last.width), (8, "👨‍👩‍👧", 2));
    }
}
