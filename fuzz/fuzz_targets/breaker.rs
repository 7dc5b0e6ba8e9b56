//! Fuzzes the line breaker: any bytes, any width, either ambiguous mode, hanging on or off,
//! any highlight ranges. Run with `cargo +nightly fuzz run breaker` from the repository root.
#![no_main]

use kanbao::ParagraphKind;
use kanbao::layout::{
    AmbiguousWidth, LayoutOptions, sanitize, str_width, truncate, wrap_paragraph,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [w, flags, h1, h2, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let width = usize::from(*w % 201).max(1);
    let ambiguous = if flags & 1 == 0 {
        AmbiguousWidth::Narrow
    } else {
        AmbiguousWidth::Wide
    };
    let kind = match (flags >> 1) % 3 {
        0 => ParagraphKind::Text,
        1 => ParagraphKind::Subhead,
        _ => ParagraphKind::Caption,
    };
    let mut options = LayoutOptions::new(width).with_ambiguous(ambiguous);
    options.hang_punctuation = flags & 8 != 0;
    let hit = usize::from(*h1) * 4..usize::from(*h2) * 4;

    let lines = wrap_paragraph(&text, kind, &[hit], &options);
    assert!(!lines.is_empty());
    for line in &lines {
        let measured: usize = line
            .segments
            .iter()
            .map(|s| str_width(&s.text, ambiguous))
            .sum();
        assert_eq!(measured, line.width, "{line:?}");
        assert!(line.width <= width, "{line:?} wider than {width}");
        assert!(!line.text().chars().any(char::is_control), "{line:?}");
    }

    let cut = truncate(&text, width, ambiguous);
    assert!(str_width(&cut, ambiguous) <= width);
    assert!(!sanitize(&text).chars().any(|c| c.is_control() && c != '\n'));
});
