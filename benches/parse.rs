//! Decode + parse of the five bundled pages (the issue asks for well under 10 ms in all), and
//! the cutter's speed in pages per second over the page-shape corpus (`tests/page_shapes`:
//! forty pages in the paper's proportions, briefs to features), the figure in
//! docs/PERFORMANCE.md under "Parse speed".

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;

const PAGES: [(&str, &[u8]); 5] = [
    (
        "000_b4d91279af1e54d0",
        include_bytes!("../data/pages/000_b4d91279af1e54d0.txt"),
    ),
    (
        "001_ae5e4d94e8aab770",
        include_bytes!("../data/pages/001_ae5e4d94e8aab770.txt"),
    ),
    (
        "002_b5643cc4bf363cac",
        include_bytes!("../data/pages/002_b5643cc4bf363cac.txt"),
    ),
    (
        "003_07a11bd3a0ed1947",
        include_bytes!("../data/pages/003_07a11bd3a0ed1947.txt"),
    ),
    (
        "004_5e095e8848833827",
        include_bytes!("../data/pages/004_5e095e8848833827.txt"),
    ),
];

fn decode_and_parse_bundled_pages(c: &mut Criterion) {
    c.bench_function("decode+parse 5 bundled pages", |b| {
        b.iter(|| {
            let mut articles = 0;
            for (stem, bytes) in PAGES {
                let text = decode(black_box(bytes)).expect("bundled pages decode");
                articles += parse_page(stem, &text).len();
            }
            black_box(articles)
        });
    });
}

/// The page-shape corpus's pages (decoded text), read from the source tree.
fn page_shape_pages() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/page_shapes");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/page_shapes is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("page is readable");
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (stem, decode(&bytes).expect("page decodes"))
        })
        .collect();
    pages.sort();
    pages
}

fn parse_page_shape_corpus(c: &mut Criterion) {
    let pages = page_shape_pages();
    let mut group = c.benchmark_group("parse page shapes");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function(format!("{} pages", pages.len()), |b| {
        b.iter(|| {
            let mut articles = 0;
            for (stem, text) in &pages {
                articles += parse_page(stem, black_box(text)).len();
            }
            black_box(articles)
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    decode_and_parse_bundled_pages,
    parse_page_shape_corpus
);
criterion_main!(benches);
