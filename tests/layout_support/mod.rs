//! Invariant checks shared by the layout property and seed-page tests.

use kanbao::ParagraphKind;
use kanbao::layout::rules::{is_no_end, is_no_start};
use kanbao::layout::{
    AmbiguousWidth, INDENT, LayoutOptions, OVERWIDE_PLACEHOLDER, StyledLine, sanitize, str_width,
};
use unicode_segmentation::UnicodeSegmentation;

/// Checks every promise `wrap_paragraph` makes about `lines` laid out from `text`; returns a
/// description of the first broken one.
pub fn check_paragraph(
    text: &str,
    kind: ParagraphKind,
    lines: &[StyledLine],
    options: &LayoutOptions,
) -> Result<(), String> {
    Expected::new(text, kind).check(lines, options)
}

/// What any layout of one paragraph must reproduce, computed once for many widths.
pub struct Expected {
    text: String,
    kind: ParagraphKind,
    clean: String,
    /// Bytes of leading spaces a body paragraph gives up to its indent.
    lead: usize,
    /// Grapheme cluster boundaries of `clean`.
    boundaries: Vec<usize>,
}

impl Expected {
    pub fn new(text: &str, kind: ParagraphKind) -> Self {
        let clean = sanitize(text).into_owned();
        let lead = if kind == ParagraphKind::Text {
            clean
                .graphemes(true)
                .take_while(|g| matches!(*g, " " | "\u{3000}"))
                .map(str::len)
                .sum()
        } else {
            0
        };
        let boundaries = clean
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([clean.len()])
            .collect();
        Self {
            text: text.to_string(),
            kind,
            clean,
            lead,
            boundaries,
        }
    }

    /// Checks `lines`, laid out with `options`, against every promise.
    pub fn check(&self, lines: &[StyledLine], options: &LayoutOptions) -> Result<(), String> {
        let Self {
            text,
            kind,
            clean,
            lead,
            boundaries,
        } = self;
        let (kind, lead) = (*kind, *lead);
        let clean = clean.as_str();
        check_lines(text, kind, clean, lead, boundaries, lines, options)
    }
}

fn check_lines(
    text: &str,
    kind: ParagraphKind,
    clean: &str,
    lead: usize,
    boundaries: &[usize],
    lines: &[StyledLine],
    options: &LayoutOptions,
) -> Result<(), String> {
    let width = options.width.max(1);
    let amb = options.ambiguous;
    if lines.is_empty() {
        return Err("no lines".into());
    }

    let mut expected_start = lead;
    let mut previous_last_visible: Option<char> = None;
    for (k, line) in lines.iter().enumerate() {
        let ctx = || {
            format!(
                "line {k} {:?} of {text:?} at width {width} {amb:?}",
                line.text()
            )
        };
        // Width: as reported, as measured, within bounds.
        let measured: usize = line.segments.iter().map(|s| str_width(&s.text, amb)).sum();
        if measured != line.width {
            return Err(format!(
                "reported width {} but measures {measured}: {}",
                line.width,
                ctx()
            ));
        }
        if line.width > width {
            return Err(format!("width {} > {width}: {}", line.width, ctx()));
        }
        // Nothing unsafe reaches the terminal.
        let full = line.text();
        if let Some(bad) = full.chars().find(|&c| {
            c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
        }) {
            return Err(format!("unsafe char {bad:?}: {}", ctx()));
        }
        // Indent on the first line of body text only, when there is room.
        let wants_indent = k == 0 && kind == ParagraphKind::Text && width >= 8;
        let shown = if wants_indent {
            full.strip_prefix(INDENT)
                .ok_or_else(|| format!("missing indent: {}", ctx()))?
        } else {
            full.as_str()
        };
        // The lines tile the sanitised text (newlines and indent aside).
        if line.source.start != expected_start {
            let after_newline = line.source.start == expected_start + 1
                && clean.as_bytes().get(expected_start) == Some(&b'\n');
            if !after_newline {
                return Err(format!(
                    "source starts at {} not {expected_start}: {}",
                    line.source.start,
                    ctx()
                ));
            }
        }
        if boundaries.binary_search(&line.source.start).is_err()
            || boundaries.binary_search(&line.source.end).is_err()
        {
            return Err(format!("a grapheme cluster is split: {}", ctx()));
        }
        let source_text = &clean[line.source.clone()];
        if shown == OVERWIDE_PLACEHOLDER && str_width(source_text, amb) > width {
            // A cluster that cannot fit at all, replaced.
        } else if shown != source_text.trim_end_matches(' ') {
            return Err(format!(
                "shows {shown:?} but source is {source_text:?}: {}",
                ctx()
            ));
        }
        expected_start = line.source.end;
        let this_line_last_visible = shown.trim_end_matches(' ').chars().next_back();
        let previous_visible = previous_last_visible;
        previous_last_visible = this_line_last_visible.or(previous_visible);

        // Rules at the break after this line (within the same hard line).
        let Some(next) = lines.get(k + 1) else {
            continue;
        };
        if next.source.start != line.source.end {
            previous_last_visible = None; // a hard break: rules start afresh
            continue;
        }
        let next_text = next.text();
        let starts_badly = next_text.graphemes(true).next() == Some(" ")
            || next_text.chars().next().is_some_and(is_no_start);
        let ends_badly = shown.chars().next_back().is_some_and(is_no_end);
        if (starts_badly || ends_badly) && has_rule_ok_boundary(previous_visible, shown) {
            return Err(format!(
                "rule broken before {next_text:?} though the line had a better break: {}",
                ctx()
            ));
        }
    }
    let rest = &clean[expected_start..];
    if !(rest.is_empty() || rest == "\n") {
        return Err(format!(
            "text left over: {rest:?} of {text:?} at width {width}"
        ));
    }
    Ok(())
}

/// Could this line have ended at an inner cluster boundary without breaking a rule? An ASCII `"`
/// opens or closes by context in Chinese text, so this check treats it as neither starting nor
/// ending a line well (and the caller never blames it for a broken rule).
fn has_rule_ok_boundary(before_line: Option<char>, line: &str) -> bool {
    let graphemes: Vec<&str> = line.graphemes(true).collect();
    let mut last_visible = before_line;
    for j in 1..graphemes.len() {
        let before = graphemes[j - 1];
        if before != " " {
            last_visible = before.chars().next_back();
        }
        let first = graphemes[j].chars().next().unwrap_or(' ');
        let ends_ok = !last_visible.is_some_and(|c| is_no_end(c) || c == '"');
        if graphemes[j] != " " && first != '"' && !is_no_start(first) && ends_ok {
            return true;
        }
    }
    false
}

#[allow(dead_code)]
pub fn both_modes() -> [AmbiguousWidth; 2] {
    [AmbiguousWidth::Narrow, AmbiguousWidth::Wide]
}
