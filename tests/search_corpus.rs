//! Search over the real bundled corpus, as parsed and classified by kanbao itself: judged queries
//! (by headline fragment, so they do not depend on how a headline was split into kicker, title
//! and subtitle), exact filters checked against the articles themselves, and recall checked
//! against a plain substring scan of each article's searchable text.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use kanbao::article::Article;
use kanbao::classify::{Classifier, RegionRef};
use kanbao::corpus::{Corpus, PageSet};
use kanbao::filter::{DateRange, Filter, Period, RegionPick};
use kanbao::search::normalize::fold;
use kanbao::search::{Hit, SearchIndex, SearchQuery};

fn corpus() -> &'static (Vec<Article>, SearchIndex) {
    static CORPUS: OnceLock<(Vec<Article>, SearchIndex)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let classifier = Classifier::embedded().expect("embedded classifier data loads");
        let corpus = Corpus::load(&PageSet::Default { library: None }, &classifier)
            .expect("bundled pages load");
        let index = SearchIndex::build_in_memory(&corpus.articles).expect("index builds");
        (corpus.articles, index)
    })
}

fn search(q: &SearchQuery) -> Vec<Hit> {
    corpus().1.search(q).expect("search runs").hits
}

fn all(text: &str) -> Vec<Hit> {
    search(&SearchQuery {
        limit: 1000,
        ..SearchQuery::text(text)
    })
}

/// The one article whose headline (kicker, title, subtitle) contains `fragment`.
fn by_headline(fragment: &str) -> &'static Article {
    let found: Vec<&Article> = corpus()
        .0
        .iter()
        .filter(|a| a.headline().contains(fragment))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "headline fragment {fragment} must name one article"
    );
    found[0]
}

fn judged(text: &str, best: &str, relevant: &[&str], absent: &[&str]) {
    let hits = all(text);
    let headlines: Vec<String> = hits
        .iter()
        .map(|h| corpus().1.article(&h.id).unwrap().headline())
        .collect();
    let rank = |fragment: &str| hits.iter().position(|h| h.id == by_headline(fragment).id);
    assert!(
        rank(best).is_some_and(|r| r < 3),
        "{text}: {best} not in the top three: {headlines:?}"
    );
    for r in relevant {
        assert!(
            rank(r).is_some_and(|r| r < 10),
            "{text}: {r} not in the top ten: {headlines:?}"
        );
    }
    for a in absent {
        assert!(
            rank(a).is_none(),
            "{text}: {a} must not match: {headlines:?}"
        );
    }
}

#[test]
fn names_places_and_terms() {
    judged("周鸯鸯", "主打一个字", &[], &["加西贝拉"]);
    judged("加西贝拉", "加西贝拉", &[], &["能级工资"]);
    judged(
        "义乌",
        "能级工资",
        &["迈好开年第一步", "零距离对接"],
        &["武义工会"],
    );
    judged(
        "能级工资",
        "能级工资",
        &["武义工会", "南浔", "青山湖", "擦亮产业工人"],
        &["加西贝拉"],
    );
    judged("工匠学院", "玉环工匠学院", &["飞跃而上"], &["加西贝拉"]);
    judged("亚运", "金华万人毅行", &["秀出活力"], &["加西贝拉"]);
    judged("杂技", "公益活动预告", &["物流节"], &["加西贝拉"]);
    judged("快递小哥", "外卖真甜", &["南浔", "技能阶梯"], &["加西贝拉"]);
    judged("光伏", "光FU行", &[], &["加西贝拉"]);
}

#[test]
fn phrases_traditional_and_full_width() {
    judged(
        "\"技高者多得\"",
        "武义工会",
        &["能级工资", "南浔", "技能阶梯"],
        &["加西贝拉"],
    );
    judged(
        "義烏",
        "能级工资",
        &["迈好开年第一步", "零距离对接"],
        &["武义工会"],
    );
    judged("職工法律服務", "嘉兴职工法律服务", &[], &["光FU行"]);
    judged("１５条", "15条措施", &[], &["能级工资"]);
    judged("ＩＰ", "游乡村", &[], &["能级工资"]);
}

#[test]
fn pinyin() {
    judged("jiaxibeila", "加西贝拉", &[], &["能级工资"]);
    judged("jxbl", "加西贝拉", &[], &["能级工资"]);
    judged(
        "yi wu",
        "迈好开年第一步",
        &["能级工资", "零距离对接"],
        &["加西贝拉"],
    );
    judged("guangfu", "光FU行", &[], &["加西贝拉"]);
    judged("jinhua", "金华万人毅行", &[], &["加西贝拉"]);
    judged("njr", "娘家人", &[], &["加西贝拉"]);
}

/// Everything the index searches in an article, folded: a substring scan of this is what a
/// two-character query must find.
fn searchable(a: &Article) -> String {
    let mut parts = vec![
        a.headline(),
        a.column.clone().unwrap_or_default(),
        a.body_text(),
    ];
    parts.extend(a.byline.names().map(str::to_string));
    parts.extend(a.region.city.iter().cloned());
    parts.extend(a.region.county.iter().cloned());
    for p in &a.places {
        parts.extend(p.city.iter().cloned());
        parts.extend(p.county.iter().cloned());
    }
    fold(&parts.join("\n"))
}

fn id_set<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    ids.into_iter().map(str::to_string).collect()
}

#[test]
fn two_character_queries_find_exactly_the_articles_containing_them() {
    let articles = &corpus().0;
    for word in [
        "职工", "工会", "技能", "杭州", "劳模", "快递", "集体", "亚运", "困难", "温州", "协商",
        "鸯鸯",
    ] {
        let expected = id_set(
            articles
                .iter()
                .filter(|a| searchable(a).contains(word))
                .map(|a| a.id.as_str()),
        );
        let found = id_set(all(word).iter().map(|h| h.id.as_str()));
        assert_eq!(found, expected, "{word}");
    }
}

/// Does an article belong to what a filter describes?
type Belongs = Box<dyn Fn(&Article) -> bool>;

#[test]
fn filters_return_exactly_the_articles_they_describe() {
    let articles = &corpus().0;
    let hangzhou_with_zhigong = id_set(
        articles
            .iter()
            .filter(|a| {
                a.region.city.as_deref() == Some("杭州市") && searchable(a).contains("职工")
            })
            .map(|a| a.id.as_str()),
    );
    assert!(hangzhou_with_zhigong.len() >= 5);
    let found = search(&SearchQuery {
        filter: Filter {
            region: Some(RegionPick::Place(RegionRef {
                city: "杭州市".into(),
                county: None,
            })),
            ..Filter::default()
        },
        limit: 1000,
        ..SearchQuery::text("职工")
    });
    assert_eq!(
        id_set(found.iter().map(|h| h.id.as_str())),
        hangzhou_with_zhigong
    );

    let checks: Vec<(SearchQuery, Belongs)> = vec![
        (
            SearchQuery {
                filter: Filter {
                    theme: Some("wages".into()),
                    ..Filter::default()
                },
                limit: 1000,
                ..SearchQuery::default()
            },
            Box::new(|a: &Article| a.themes.iter().any(|t| t == "wages")),
        ),
        (
            SearchQuery {
                filter: Filter {
                    person: Some("羊荣江".into()),
                    ..Filter::default()
                },
                limit: 1000,
                ..SearchQuery::default()
            },
            Box::new(|a: &Article| a.byline.names().any(|n| n == "羊荣江")),
        ),
        (
            SearchQuery {
                filter: Filter {
                    dates: Some(DateRange::single(Period::parse("2023-06").unwrap())),
                    ..Filter::default()
                },
                limit: 1000,
                ..SearchQuery::default()
            },
            Box::new(|a: &Article| a.date.as_deref().is_some_and(|d| d.starts_with("2023-06"))),
        ),
        (
            SearchQuery {
                filter: Filter {
                    region: Some(RegionPick::Place(RegionRef {
                        city: "金华市".into(),
                        county: Some("义乌市".into()),
                    })),
                    ..Filter::default()
                },
                limit: 1000,
                ..SearchQuery::default()
            },
            Box::new(|a: &Article| a.region.county.as_deref() == Some("义乌市")),
        ),
    ];
    for (q, belongs) in checks {
        // Listing order is corpus order.
        let expected: Vec<&str> = articles
            .iter()
            .filter(|a| belongs(a))
            .map(|a| a.id.as_str())
            .collect();
        assert!(!expected.is_empty(), "{q:?} selects nothing in the corpus");
        let found = search(&q);
        let found: Vec<&str> = found.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(found, expected, "{q:?}");
    }
}

#[test]
fn related_articles_of_the_wage_story() {
    let wages = by_headline("能级工资");
    let related = corpus().1.related(&wages.id, 5).unwrap();
    assert!(related.iter().all(|r| r.id != wages.id));
    let ids: Vec<&str> = related.iter().map(|r| r.id.as_str()).collect();
    let wuyi = &by_headline("武义工会").id;
    let nanxun = &by_headline("南浔").id;
    assert!(
        ids.contains(&wuyi.as_str()) || ids.contains(&nanxun.as_str()),
        "{:?}",
        related.iter().map(|r| &r.title).collect::<Vec<_>>()
    );
}
