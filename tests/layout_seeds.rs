//! The bundled seed pages, every line taken as a paragraph, laid out at every width from 10 to
//! 120 in both ambiguous modes: every layout promise holds on real text, and no clreq rule is
//! ever broken (real text never needs an emergency break).

mod layout_support;

use std::path::Path;

use kanbao::ParagraphKind;
use kanbao::layout::rules::{is_no_end, is_no_start};
use kanbao::layout::{AmbiguousWidth, LayoutOptions, wrap_paragraph};

fn seed_paragraphs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pages");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 5,
        "expected the five seed pages in {}",
        dir.display()
    );
    let mut paragraphs = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", page.display()));
        let name = page
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for (number, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                paragraphs.push((format!("{name}:{}", number + 1), line.to_string()));
            }
        }
    }
    paragraphs
}

/// Lays every seed line out at widths 10..=120 and checks it. The two ambiguous modes are two
/// tests so they run in parallel.
fn check_every_width(ambiguous: AmbiguousWidth) {
    let paragraphs = seed_paragraphs();
    let expected: Vec<layout_support::Expected> = paragraphs
        .iter()
        .map(|(_, text)| layout_support::Expected::new(text, ParagraphKind::Text))
        .collect();
    let mut checked = 0;
    for width in 10..=120 {
        let options = LayoutOptions::new(width).with_ambiguous(ambiguous);
        for ((place, text), expected) in paragraphs.iter().zip(&expected) {
            let lines = wrap_paragraph(text, ParagraphKind::Text, &[], &options);
            if let Err(problem) = expected.check(&lines, &options) {
                panic!("{place}: {problem}");
            }
            // Real text never needs an emergency break: no rule is broken at all.
            for pair in lines.windows(2) {
                let (end, start) = (pair[0].text(), pair[1].text());
                assert!(
                    !start.chars().next().is_some_and(is_no_start)
                        && !end.chars().next_back().is_some_and(is_no_end),
                    "{place} at width {width} {ambiguous:?}: {end:?} / {start:?}"
                );
            }
            checked += lines.len();
        }
    }
    assert!(checked > 50_000, "only {checked} lines checked");
}

#[test]
fn every_seed_line_at_every_width_narrow() {
    check_every_width(AmbiguousWidth::Narrow);
}

#[test]
fn every_seed_line_at_every_width_wide() {
    check_every_width(AmbiguousWidth::Wide);
}

#[test]
fn seed_pages_with_hanging_punctuation() {
    for width in [10, 17, 40, 80] {
        let mut options = LayoutOptions::new(width);
        options.hang_punctuation = true;
        for (place, text) in &seed_paragraphs() {
            let lines = wrap_paragraph(text, ParagraphKind::Text, &[], &options);
            if let Err(problem) =
                layout_support::check_paragraph(text, ParagraphKind::Text, &lines, &options)
            {
                panic!("{place}: {problem}");
            }
        }
    }
}
