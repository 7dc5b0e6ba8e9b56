//! Parse + classify throughput and index build on generated pages (see `examples/gen`).
//! `cargo bench --bench pipeline`; whole-process figures come from `scripts/bench.sh`.

#[path = "../examples/gen/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kanbao::classify::Classifier;
use kanbao::corpus::Corpus;
use kanbao::corpus::bundled_pages;
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;
use kanbao::layout::{LayoutOptions, layout_article};
use kanbao::search::SearchIndex;

/// Articles in the generated corpus the benches run over.
const ARTICLES: usize = 1000;

fn pages() -> Vec<(String, String)> {
    corpus_gen::generate_pages(ARTICLES).expect("the bundled pages make a corpus")
}

fn pipeline(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
    let classifier = Classifier::embedded().expect("embedded data is valid");

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_1k_articles", |b| {
        b.iter(|| {
            let mut n = 0;
            for (name, text) in &pages {
                n += parse_page(name, text).len();
            }
            black_box(n)
        });
    });
    let mut parsed = Vec::new();
    for (name, text) in &pages {
        parsed.extend(parse_page(name, text));
    }
    group.bench_function("classify_1k_articles", |b| {
        b.iter(|| {
            let mut articles = parsed.clone();
            classifier.classify_all(&mut articles);
            black_box(articles.len())
        });
    });
    group.bench_function("load_corpus_1k_articles", |b| {
        b.iter(|| {
            let corpus = Corpus::from_texts(
                pages.iter().map(|(n, t)| (n.as_str(), t.as_str())),
                &classifier,
            );
            black_box(corpus.articles.len())
        });
    });
    let corpus = Corpus::from_texts(
        pages.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        &classifier,
    );
    group.bench_function("index_build_1k_articles_in_memory", |b| {
        b.iter(|| {
            let index = SearchIndex::build_in_memory(&corpus.articles).expect("index builds");
            black_box(index.len())
        });
    });
    group.finish();
}

/// Issue 2's figures on the five bundled pages: parsing them (well under 10 ms) and laying out
/// the longest bundled article at width 80 (under 1 ms).
fn bundled(c: &mut Criterion) {
    let texts: Vec<(&str, String)> = bundled_pages()
        .iter()
        .map(|(name, bytes)| (*name, decode(bytes).expect("bundled pages decode")))
        .collect();
    let mut group = c.benchmark_group("bundled");
    group.bench_function("parse_5_pages", |b| {
        b.iter(|| {
            let mut n = 0;
            for (name, text) in &texts {
                n += parse_page(name, text).len();
            }
            black_box(n)
        });
    });
    let classifier = Classifier::embedded().expect("embedded data is valid");
    group.bench_function("parse_classify_5_pages", |b| {
        b.iter(|| {
            let corpus =
                Corpus::from_texts(texts.iter().map(|(n, t)| (*n, t.as_str())), &classifier);
            black_box(corpus.articles.len())
        });
    });
    let corpus = Corpus::from_texts(texts.iter().map(|(n, t)| (*n, t.as_str())), &classifier);
    let longest = corpus
        .articles
        .iter()
        .max_by_key(|a| a.body_text().len())
        .expect("the bundled pages hold articles");
    let options = LayoutOptions::new(80);
    group.bench_function("layout_longest_article_w80", |b| {
        b.iter(|| black_box(layout_article(longest, &[], &options)));
    });
    group.finish();
}

criterion_group!(benches, pipeline, bundled);
criterion_main!(benches);
