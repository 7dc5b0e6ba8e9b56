//! Every bundled article, parsed and classified by the real pipeline, laid out by
//! `layout_article` (what `kanbao show ID --width W` and the reader print): every line fits,
//! every paragraph keeps the wrapping promises, no clreq rule is broken, hits land on the right
//! lines. Widths 10..=120 in steps (the seed-page test covers every width line by line).

mod layout_support;

use kanbao::article::ParagraphSpan;
use kanbao::classify::Classifier;
use kanbao::corpus::{Corpus, PageSet};
use kanbao::layout::rules::{is_no_end, is_no_start};
use kanbao::layout::{AmbiguousWidth, LayoutOptions, layout_article, str_width};

fn bundled_corpus() -> Corpus {
    let classifier = Classifier::embedded().expect("embedded classifier data");
    Corpus::load(&PageSet::Default { library: None }, &classifier).expect("bundled pages load")
}

#[test]
fn every_bundled_article_lays_out_within_the_width() {
    let corpus = bundled_corpus();
    assert!(
        corpus.articles.len() >= 10,
        "only {} articles",
        corpus.articles.len()
    );
    let widths: Vec<usize> = (10..=120).step_by(7).chain([11, 12, 13, 80]).collect();
    for article in &corpus.articles {
        // One hit per paragraph: its first character.
        let hits: Vec<ParagraphSpan> = article
            .paragraphs
            .iter()
            .enumerate()
            .filter_map(|(paragraph, p)| {
                let first = p.text.chars().next()?;
                Some(ParagraphSpan {
                    paragraph,
                    start: 0,
                    end: first.len_utf8(),
                })
            })
            .collect();
        for ambiguous in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
            for &width in &widths {
                let options = LayoutOptions::new(width).with_ambiguous(ambiguous);
                let layout = layout_article(article, &hits, &options);
                let place = format!("{} at width {width} {ambiguous:?}", article.id);
                for line in &layout.lines {
                    let measured: usize = line
                        .segments
                        .iter()
                        .map(|s| str_width(&s.text, ambiguous))
                        .sum();
                    assert_eq!(measured, line.width, "{place}: {line:?}");
                    assert!(line.width <= width, "{place}: {line:?}");
                }
                assert_eq!(
                    layout.paragraph_lines.len(),
                    article.paragraphs.len(),
                    "{place}"
                );
                for (index, paragraph) in article.paragraphs.iter().enumerate() {
                    let lines: Vec<_> = layout
                        .lines
                        .iter()
                        .filter(|l| l.paragraph == Some(index))
                        .cloned()
                        .collect();
                    assert_eq!(
                        layout.lines[layout.paragraph_lines[index]].paragraph,
                        Some(index),
                        "{place}"
                    );
                    if let Err(problem) = layout_support::check_paragraph(
                        &paragraph.text,
                        paragraph.kind,
                        &lines,
                        &options,
                    ) {
                        panic!("{place} paragraph {index}: {problem}");
                    }
                    for pair in lines.windows(2) {
                        let (end, start) = (pair[0].text(), pair[1].text());
                        assert!(
                            !start.chars().next().is_some_and(is_no_start)
                                && !end.chars().next_back().is_some_and(is_no_end),
                            "{place}: {end:?} / {start:?}"
                        );
                    }
                }
                // Each hit starts on its paragraph's first line, highlighted.
                assert_eq!(layout.hits.len(), hits.len(), "{place}");
                for hit in &layout.hits {
                    assert_eq!(
                        hit.line, layout.paragraph_lines[hit.span.paragraph],
                        "{place}"
                    );
                    let line = &layout.lines[hit.line];
                    assert!(line.segments.iter().any(|s| s.hit), "{place}: {line:?}");
                }
            }
        }
    }
}
