//! With a warm cache, answering a query must not load jieba's dictionary (about 150 ms): the
//! index is built by a child process, then this process opens it and searches.

mod search_support;

use std::process::Command;
use std::sync::Arc;

use kanbao::corpus::ArticleStore;

use kanbao::search::{IndexLocation, IndexStatus, SearchIndex, SearchQuery, analyzer};

const FINGERPRINT: u64 = 0x0ca0_0e11;
const CACHE_VAR: &str = "KANBAO_TEST_SEARCH_CACHE";

#[test]
#[ignore = "helper run in a child process by searching_a_warm_cache_never_loads_jieba"]
fn build_cache_in_child() {
    let root = std::env::var(CACHE_VAR).expect("cache dir passed by the parent test");
    let articles = search_support::articles();
    let (_, report) = SearchIndex::open_or_build(
        Arc::new(ArticleStore::from_articles(articles)),
        FINGERPRINT,
        &IndexLocation::on_disk(root),
        &|_, _| {},
    )
    .unwrap();
    assert!(matches!(report.status, IndexStatus::Built { .. }));
    assert!(analyzer::jieba_loaded(), "building does segment words");
}

#[test]
fn searching_a_warm_cache_never_loads_jieba() {
    let cache = tempfile::tempdir().unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "build_cache_in_child",
            "--test-threads=1",
        ])
        .env(CACHE_VAR, cache.path())
        .status()
        .unwrap();
    assert!(status.success(), "the child build failed");

    let articles = search_support::articles();
    let (index, report) = SearchIndex::open_or_build(
        Arc::new(ArticleStore::from_articles(articles.clone())),
        FINGERPRINT,
        &IndexLocation::on_disk(cache.path()),
        &|_, _| {},
    )
    .unwrap();
    assert!(
        matches!(report.status, IndexStatus::Reused { .. }),
        "{:?}",
        report.status
    );
    for text in [
        "西湖区技能阶梯",
        "義烏",
        "jiaxibeila",
        "jxbl",
        "\"技高者多得\"",
        "１５条",
        "",
    ] {
        let results = index.search(&SearchQuery::text(text)).unwrap();
        assert!(results.total > 0, "{text} found nothing");
    }
    let id = &articles[0].id;
    assert!(!index.related(id, 3).unwrap().is_empty());
    assert!(
        !index
            .article_spans(&SearchQuery::text("职工"), &articles[0])
            .is_empty()
    );
    assert!(!analyzer::jieba_loaded(), "a search loaded jieba");
}
