//! Decode + parse of the five bundled pages (the issue asks for well under 10 ms in all).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
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
        })
    });
}

criterion_group!(benches, decode_and_parse_bundled_pages);
criterion_main!(benches);
