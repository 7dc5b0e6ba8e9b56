//! Property tests: random mixes of Chinese, punctuation, numbers, Latin words, emoji and
//! control characters at widths 1 to 200 keep every layout promise.

mod layout_support;

use kanbao::ParagraphKind;
use kanbao::layout::{
    AmbiguousWidth, LayoutOptions, sanitize_line, str_width, truncate, wrap_paragraph,
};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    // Chinese
    "工",
    "会",
    "浙",
    "江",
    "职",
    "工",
    "劳",
    "模",
    "创",
    "新",
    "人",
    "才",
    "年",
    "元",
    // Punctuation that may not start or end a line, full and half width
    "，",
    "。",
    "、",
    "：",
    "；",
    "！",
    "？",
    "）",
    "》",
    "」",
    "』",
    "】",
    "”",
    "’",
    "～",
    "·",
    "—",
    "……",
    "——",
    "⸺",
    "⋯⋯",
    "（",
    "《",
    "「",
    "『",
    "【",
    "“",
    "‘",
    "(",
    ")",
    ",",
    ".",
    ":",
    "?",
    "%",
    "℃",
    "￥",
    "$",
    "\"",
    // Numbers and Latin words
    "12345",
    "3.14",
    "50%",
    "￥100",
    "30℃",
    "2023年",
    "ratatui",
    "iPhone15",
    "don’t",
    "supercalifragilistic",
    // Spaces
    " ",
    "  ",
    "　",
    // Emoji
    "👨\u{200D}👩\u{200D}👧",
    "👍🏽",
    "🇨🇳",
    "❤\u{FE0F}",
    "😀",
    // Controls, escapes, bidi and invisible characters
    "\u{1b}[31m",
    "\u{1b}]0;x\u{7}",
    "\0",
    "\t",
    "\n",
    "\r\n",
    "\u{7f}",
    "\u{85}",
    "\u{202E}",
    "\u{2067}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{301}",
    "\u{200D}",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

fn kind_strategy() -> impl Strategy<Value = ParagraphKind> {
    prop::sample::select(vec![
        ParagraphKind::Text,
        ParagraphKind::Subhead,
        ParagraphKind::Caption,
    ])
}

fn ambiguous_strategy() -> impl Strategy<Value = AmbiguousWidth> {
    prop::sample::select(vec![AmbiguousWidth::Narrow, AmbiguousWidth::Wide])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn wrapping_keeps_every_promise(
        text in text_strategy(),
        width in 1usize..=200,
        kind in kind_strategy(),
        ambiguous in ambiguous_strategy(),
        hang in any::<bool>(),
    ) {
        let mut options = LayoutOptions::new(width).with_ambiguous(ambiguous);
        options.hang_punctuation = hang;
        let lines = wrap_paragraph(&text, kind, &[], &options);
        if let Err(problem) = layout_support::check_paragraph(&text, kind, &lines, &options) {
            return Err(TestCaseError::fail(problem));
        }
    }

    #[test]
    fn narrow_widths_stress_the_emergency_paths(
        text in text_strategy(),
        width in 1usize..=6,
        ambiguous in ambiguous_strategy(),
    ) {
        let options = LayoutOptions::new(width).with_ambiguous(ambiguous);
        let lines = wrap_paragraph(&text, ParagraphKind::Subhead, &[], &options);
        if let Err(problem) = layout_support::check_paragraph(&text, ParagraphKind::Subhead, &lines, &options) {
            return Err(TestCaseError::fail(problem));
        }
    }

    #[test]
    fn random_highlights_never_panic_and_only_mark_text(
        text in text_strategy(),
        width in 1usize..=40,
        raw_hits in prop::collection::vec((0usize..200, 0usize..200), 0..4),
    ) {
        let hits: Vec<std::ops::Range<usize>> = raw_hits.iter().map(|&(a, b)| a..b).collect();
        let options = LayoutOptions::new(width);
        let lines = wrap_paragraph(&text, ParagraphKind::Text, &hits, &options);
        for line in &lines {
            prop_assert!(line.width <= width);
        }
        // The indent is never highlighted.
        if width >= 8 {
            let indent = &lines[0].segments[0];
            prop_assert_eq!(indent.text.as_str(), kanbao::layout::INDENT);
            prop_assert!(!indent.hit);
        }
    }

    #[test]
    fn truncation_fits_and_only_cuts_when_needed(
        text in text_strategy(),
        cells in 0usize..=30,
        ambiguous in ambiguous_strategy(),
    ) {
        let clean = sanitize_line(&text);
        let cut = truncate(&text, cells, ambiguous);
        prop_assert!(str_width(&cut, ambiguous) <= cells, "{:?} wider than {}", cut, cells);
        if str_width(&clean, ambiguous) <= cells {
            prop_assert_eq!(cut.as_ref(), clean.as_ref());
        } else if cells > 0 {
            let kept = cut.strip_suffix('…').or_else(|| cut.strip_suffix('.')).unwrap_or_default();
            prop_assert!(cut.ends_with('…') || cut.ends_with('.'));
            prop_assert!(clean.starts_with(kept), "{:?} is not a prefix of {:?}", kept, clean);
        }
        prop_assert!(!cut.chars().any(char::is_control));
    }
}
