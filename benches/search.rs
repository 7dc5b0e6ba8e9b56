//! Search figures: index build time, opening a warm on-disk cache, and query latency for a set of
//! typical queries (Chinese words and names, a phrase, traditional and full-width input, pinyin,
//! initials, filters, an empty listing) plus related articles.
//!
//! Runs over the bundled corpus as kanbao parses and classifies it.
//! Run with `cargo bench --bench search`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use kanbao::article::Article;
use kanbao::classify::Classifier;
use kanbao::classify::RegionRef;
use kanbao::corpus::ArticleStore;
use kanbao::corpus::{Corpus, PageSet};
use kanbao::filter::{Filter, RegionPick};
use kanbao::search::{IndexLocation, SearchIndex, SearchQuery};

fn bundled_articles() -> Vec<Article> {
    let classifier = Classifier::embedded().expect("embedded classifier data loads");
    Corpus::load(&PageSet::Default { library: None }, &classifier)
        .expect("bundled pages load")
        .articles
}

const QUERIES: &[&str] = &[
    "义乌",
    "周鸯鸯",
    "加西贝拉",
    "西湖区技能阶梯",
    "\"技高者多得\"",
    "義烏職工",
    "１５条",
    "jiaxibeila",
    "yi wu",
    "jxbl",
];

fn build(c: &mut Criterion) {
    let articles = bundled_articles();
    // Load jieba once outside the timing: its dictionary load is a one-off per process.
    SearchIndex::build_in_memory(&articles).unwrap();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build_in_memory", |b| {
        b.iter(|| SearchIndex::build_in_memory(black_box(&articles)).unwrap());
    });
    let cache = tempfile::tempdir().unwrap();
    let location = IndexLocation::on_disk(cache.path());
    let store = Arc::new(ArticleStore::from_articles(articles.clone()));
    SearchIndex::open_or_build(Arc::clone(&store), 1, &location, &|_, _| {}).unwrap();
    group.bench_function("open_warm_cache", |b| {
        b.iter(|| {
            SearchIndex::open_or_build(black_box(Arc::clone(&store)), 1, &location, &|_, _| {})
                .unwrap()
        });
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let articles = bundled_articles();
    let index = SearchIndex::build_in_memory(&articles).unwrap();
    let mut group = c.benchmark_group("query");
    for text in QUERIES {
        let q = SearchQuery::text(*text);
        group.bench_function(*text, |b| b.iter(|| index.search(black_box(&q)).unwrap()));
    }
    let filtered = SearchQuery {
        filter: Filter {
            region: Some(RegionPick::Place(RegionRef {
                city: "杭州市".into(),
                county: None,
            })),
            theme: Some("skills".into()),
            ..Filter::default()
        },
        ..SearchQuery::text("职工")
    };
    group.bench_function("职工 + region + theme", |b| {
        b.iter(|| index.search(black_box(&filtered)).unwrap());
    });
    let listing = SearchQuery::text("date:2023-06");
    group.bench_function("list by month", |b| {
        b.iter(|| index.search(black_box(&listing)).unwrap());
    });
    let id = articles[articles.len() / 2].id.clone();
    group.bench_function("related", |b| {
        b.iter(|| index.related(black_box(&id), 10).unwrap());
    });
    group.finish();
}

criterion_group!(benches, build, queries);
criterion_main!(benches);
