//! Laying out the longest bundled page (every line a paragraph, so more text than any one
//! article) at width 80; the issue asks for under 1 ms for the longest article.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kanbao::article::{Article, Paragraph, ParagraphKind};
use kanbao::layout::{AmbiguousWidth, LayoutOptions, layout_article, truncate};

fn longest_page() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/pages");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .max_by_key(String::len)
        .expect("at least one seed page")
}

fn page_as_article(page: &str) -> Article {
    Article {
        title: "擦亮产业工人创新底色".into(),
        paragraphs: page
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| Paragraph::new(ParagraphKind::Text, line))
            .collect(),
        ..Default::default()
    }
}

fn bench_layout(c: &mut Criterion) {
    let page = longest_page();
    let article = page_as_article(&page);
    let narrow = LayoutOptions::new(80);
    let wide = narrow.with_ambiguous(AmbiguousWidth::Wide);

    c.bench_function("layout_article longest page width 80", |b| {
        b.iter(|| layout_article(black_box(&article), &[], black_box(&narrow)));
    });
    c.bench_function("layout_article longest page width 80 wide", |b| {
        b.iter(|| layout_article(black_box(&article), &[], black_box(&wide)));
    });
    let titles: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    c.bench_function("truncate every line of the longest page to 30 cells", |b| {
        b.iter(|| {
            titles
                .iter()
                .map(|t| truncate(black_box(t), 30, AmbiguousWidth::Narrow).len())
                .sum::<usize>()
        });
    });
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
