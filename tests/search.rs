//! Judged queries over articles cut from the seed pages: for each query, the article that must
//! come within the top three, the ones that must be in the top ten, and the ones that must not
//! appear at all. Plus filters, snippets, highlights, spans and related articles.

mod search_support;

use kanbao::article::Article;
use kanbao::classify::RegionRef;
use kanbao::filter::{DateRange, Period, RegionPick};
use kanbao::search::{Hit, SearchIndex, SearchQuery};
use search_support::{articles, id_of};
use std::sync::OnceLock;

fn fixture() -> &'static (Vec<Article>, SearchIndex) {
    static FIXTURE: OnceLock<(Vec<Article>, SearchIndex)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let articles = articles();
        let index = SearchIndex::build_in_memory(&articles).expect("index builds");
        (articles, index)
    })
}

fn run(q: &SearchQuery) -> Vec<Hit> {
    fixture().1.search(q).expect("search runs").hits
}

fn ids(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| h.id.clone()).collect()
}

/// `best` (a title fragment) within the top three, every `relevant` within the top ten, none of
/// `absent` anywhere.
fn judged(text: &str, best: &str, relevant: &[&str], absent: &[&str]) {
    let all = &fixture().0;
    let hits = run(&SearchQuery {
        limit: 50,
        ..SearchQuery::text(text)
    });
    let found = ids(&hits);
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    let best_id = id_of(all, best);
    assert!(
        found.iter().take(3).any(|id| *id == best_id),
        "{text}: {best} not in the top three: {titles:?}"
    );
    for r in relevant {
        let id = id_of(all, r);
        assert!(
            found.iter().take(10).any(|f| *f == id),
            "{text}: {r} not in the top ten: {titles:?}"
        );
    }
    for a in absent {
        let id = id_of(all, a);
        assert!(
            !found.contains(&id),
            "{text}: {a} must not match: {titles:?}"
        );
    }
}

const JIAXIBEILA: &str = "加西贝拉";
const YIWU_WAGES: &str = "能级工资";
const YIWU_UNION: &str = "迈好开年第一步";
const YIWU_JOBS: &str = "零距离对接";
const WUYI: &str = "武义工会";
const XINCHANG: &str = "光FU行";
const PINGYANG: &str = "平阳";
const QIANTANG: &str = "飞跃而上";
const XIHU_SKILLS: &str = "技能阶梯";
const XIHU_QINGCHUAN: &str = "青川";
const LINAN: &str = "青山湖";
const NANXUN: &str = "南浔";
const JIAXING_LAW: &str = "法律服务";
const NANHU: &str = "擦亮产业工人";

#[test]
fn a_persons_name_finds_the_caption_that_names_her() {
    judged("周鸯鸯", PINGYANG, &[], &[JIAXIBEILA, YIWU_WAGES]);
}

#[test]
fn a_reporters_name_finds_the_articles_with_that_byline() {
    judged("阮向民", QIANTANG, &[NANHU], &[YIWU_WAGES]);
}

#[test]
fn a_company_name_segmentation_does_not_know() {
    // jieba without HMM cuts 加西贝拉 into 加/西/贝拉; the bigrams still find it.
    judged(JIAXIBEILA, JIAXIBEILA, &[], &[YIWU_WAGES, PINGYANG]);
}

#[test]
fn a_place_finds_the_articles_about_it() {
    judged(
        "义乌",
        YIWU_WAGES,
        &[YIWU_UNION, YIWU_JOBS],
        &[WUYI, QIANTANG],
    );
    judged("西湖区", XIHU_SKILLS, &[XIHU_QINGCHUAN], &[QIANTANG, NANHU]);
    judged("钱塘", QIANTANG, &[], &[XIHU_SKILLS]);
}

#[test]
fn two_character_words() {
    judged("光伏", XINCHANG, &[], &[JIAXIBEILA]);
    judged("法律", JIAXING_LAW, &[], &[JIAXIBEILA, XINCHANG]);
    judged("快递", NANXUN, &[WUYI], &[JIAXIBEILA]);
}

#[test]
fn a_term_ranks_the_article_about_it_first_and_finds_the_mentions() {
    judged(
        YIWU_WAGES,
        YIWU_WAGES,
        &[WUYI, NANXUN, LINAN, NANHU],
        &[JIAXIBEILA, PINGYANG],
    );
}

#[test]
fn quoted_phrases_match_exactly() {
    judged(
        "\"技高者多得\"",
        YIWU_WAGES,
        &[WUYI, NANXUN, XIHU_SKILLS],
        &[JIAXIBEILA],
    );
    judged("“技高者多得”", WUYI, &[YIWU_WAGES], &[JIAXIBEILA]);
    // In quotes, the words must be adjacent: 技能 and 阶梯 are, 西湖区 and 阶梯 are not.
    assert!(run(&SearchQuery::text("\"西湖区阶梯\"")).is_empty());
}

#[test]
fn an_unquoted_run_matches_its_words_apart() {
    // Nowhere as one string, but 西湖区 and 技能阶梯 are both in the article.
    judged(
        "西湖区技能阶梯",
        XIHU_SKILLS,
        &[],
        &[QIANTANG, XIHU_QINGCHUAN],
    );
}

#[test]
fn traditional_characters_find_simplified_text() {
    judged("義烏", YIWU_WAGES, &[YIWU_UNION, YIWU_JOBS], &[WUYI]);
    judged("職工法律服務", JIAXING_LAW, &[], &[XINCHANG]);
    judged("勞模工匠", "讲好劳动故事", &[QIANTANG], &[JIAXIBEILA]);
}

#[test]
fn full_width_input_is_folded() {
    judged("１５条", QIANTANG, &[], &[YIWU_WAGES]);
    judged("３０００～５０００元", XINCHANG, &[], &[YIWU_WAGES]);
}

#[test]
fn pinyin_full_syllables() {
    judged("jiaxibeila", JIAXIBEILA, &[], &[YIWU_WAGES]);
    judged("JiaXiBeiLa", JIAXIBEILA, &[], &[YIWU_WAGES]);
    judged("yi wu", YIWU_UNION, &[YIWU_WAGES, YIWU_JOBS], &[JIAXIBEILA]);
    judged("yiwu", YIWU_UNION, &[YIWU_WAGES, YIWU_JOBS], &[JIAXIBEILA]);
    judged("guangfu", XINCHANG, &[], &[JIAXIBEILA]);
    judged("qiantang", QIANTANG, &[], &[YIWU_WAGES]);
    judged(
        "hangzhou",
        XIHU_QINGCHUAN,
        &[XIHU_SKILLS, QIANTANG, LINAN],
        &[YIWU_WAGES],
    );
    // A reporter's name in pinyin.
    judged("ruanxiangmin", QIANTANG, &[NANHU], &[YIWU_WAGES]);
}

#[test]
fn pinyin_initials() {
    judged("jxbl", JIAXIBEILA, &[], &[YIWU_WAGES]);
    let hits = run(&SearchQuery::text("hz"));
    let all = &fixture().0;
    let top = all.iter().find(|a| a.id == hits[0].id).expect("a hit");
    assert_eq!(
        top.region.city.as_deref(),
        Some("杭州市"),
        "hz: {:?}",
        hits[0].title
    );
}

#[test]
fn nothing_found_for_text_not_in_the_corpus() {
    assert!(run(&SearchQuery::text("量子计算")).is_empty());
    assert!(run(&SearchQuery::text("iphone")).is_empty());
}

#[test]
fn odd_query_text_is_searched_as_plain_text() {
    for text in [
        "\"技高者多得",
        "技高者多得\"",
        "+义乌 -",
        "义乌 AND",
        "((义乌",
        "义乌:",
        "*",
        "\"\"",
    ] {
        let result = fixture().1.search(&SearchQuery::text(text));
        assert!(result.is_ok(), "{text} failed: {result:?}");
    }
    let ids_plain = ids(&run(&SearchQuery::text("技高者多得")));
    assert_eq!(ids(&run(&SearchQuery::text("\"技高者多得"))), ids_plain);
    assert_eq!(
        ids(&run(&SearchQuery::text("((义乌"))),
        ids(&run(&SearchQuery::text("义乌")))
    );
}

fn place(city: &str, county: Option<&str>) -> RegionPick {
    RegionPick::Place(RegionRef {
        city: city.into(),
        county: county.map(str::to_string),
    })
}

fn month(text: &str) -> DateRange {
    DateRange::single(Period::parse(text).expect("a month"))
}

fn filtered(text: &str, setup: impl Fn(&mut SearchQuery)) -> Vec<Hit> {
    let mut q = SearchQuery {
        limit: 100,
        ..SearchQuery::text(text)
    };
    setup(&mut q);
    run(&q)
}

fn article_of<'a>(hit: &Hit) -> &'a Article {
    fixture()
        .0
        .iter()
        .find(|a| a.id == hit.id)
        .expect("hit is an article")
}

#[test]
fn region_filter_keeps_only_that_region() {
    let hits = filtered("职工", |q| q.filter.region = Some(place("杭州市", None)));
    assert_eq!(
        hits.len(),
        4,
        "{:?}",
        hits.iter().map(|h| &h.title).collect::<Vec<_>>()
    );
    assert!(
        hits.iter()
            .all(|h| article_of(h).region.city.as_deref() == Some("杭州市"))
    );
    let hits = filtered("职工", |q| {
        q.filter.region = Some(place("杭州市", Some("西湖区")));
    });
    assert_eq!(hits.len(), 2);
    assert!(
        hits.iter()
            .all(|h| article_of(h).region.county.as_deref() == Some("西湖区"))
    );
    // The same filter written in the query.
    assert_eq!(ids(&filtered("职工 region:西湖区", |_| {})), ids(&hits));
}

#[test]
fn theme_reporter_and_month_filters_are_exact() {
    let hits = filtered("", |q| q.filter.theme = Some("wages".into()));
    assert_eq!(
        hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
        vec![
            "义乌1000余家企业将“能级工资”写入集体合同",
            "武义工会多措并举助职工—— 拥有品质生活提升幸福指数"
        ]
    );
    let hits = filtered("", |q| q.filter.person = Some("羊荣江".into()));
    assert_eq!(hits.len(), 4);
    assert!(hits.iter().all(|h| {
        article_of(h)
            .byline
            .reporters
            .contains(&"羊荣江".to_string())
    }));
    // A correspondent counts as credited too.
    let hits = filtered("", |q| q.filter.person = Some("邱萌翹".into()));
    assert_eq!(hits.len(), 1);
    let hits = filtered("", |q| q.filter.dates = Some(month("2023-06")));
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter()
            .all(|h| article_of(h).date.as_deref() == Some("2023-06"))
    );
    // Partial names do not match: filters are exact.
    assert!(filtered("", |q| q.filter.person = Some("羊荣".into())).is_empty());
}

#[test]
fn filters_combine_with_text_and_each_other() {
    let hits = filtered("能级工资", |q| {
        q.filter.region = Some(place("金华市", None));
        q.filter.theme = Some("wages".into());
    });
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].contains(YIWU_WAGES), "{titles:?}");
    let hits = filtered("能级工资", |q| q.filter.dates = Some(month("2023-05")));
    assert_eq!(hits.len(), 1);
    assert!(hits[0].title.contains(NANXUN));
}

#[test]
fn empty_text_lists_everything_in_corpus_order() {
    let (all, index) = fixture();
    let r = index
        .search(&SearchQuery {
            limit: 5,
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(r.total, all.len());
    assert_eq!(
        ids(&r.hits),
        all.iter().take(5).map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    let r = index
        .search(&SearchQuery {
            limit: 0,
            ..SearchQuery::text("义乌")
        })
        .unwrap();
    assert_eq!((r.total, r.hits.len()), (3, 0));
}

#[test]
fn filters_in_the_query_equal_the_flags() {
    let flags = ids(&filtered("能级工资", |q| {
        q.filter.theme = Some("wages".into());
    }));
    assert!(!flags.is_empty());
    assert_eq!(ids(&filtered("能级工资 theme:wages", |_| {})), flags);
    assert_eq!(ids(&filtered("theme:工资协商 能级工资", |_| {})), flags);
    let june = ids(&filtered("", |q| q.filter.dates = Some(month("2023-06"))));
    assert_eq!(ids(&filtered("date:2023-06", |_| {})), june);
    assert_eq!(
        ids(&filtered("reporter:羊荣江", |_| {})),
        ids(&filtered("", |q| q.filter.person = Some("羊荣江".into())))
    );
    // A filter in the query and a different one from the caller: nothing can pass both.
    let both = filtered("职工 theme:wages", |q| {
        q.filter.theme = Some("skills".into());
    });
    assert!(both.is_empty());
}

#[test]
fn highlights_are_char_offsets_into_snippet_and_title() {
    let hits = run(&SearchQuery::text("加西贝拉"));
    let hit = &hits[0];
    assert_eq!(hit.title, "在加西贝拉，职工干事创业劲头足");
    assert_eq!(hit.title_highlights, vec![(1, 5)]);
    let snippet: Vec<char> = hit.snippet.chars().collect();
    assert!(!hit.highlights.is_empty());
    for &(s, e) in &hit.highlights {
        assert_eq!(snippet[s..e].iter().collect::<String>(), "加西贝拉");
    }
    let width = unicode_width::UnicodeWidthStr::width(hit.snippet.as_str());
    assert!(
        width <= kanbao::search::SNIPPET_CELLS + 2,
        "snippet is {width} cells"
    );
}

#[test]
fn traditional_query_highlights_the_simplified_text() {
    let hits = run(&SearchQuery::text("義烏"));
    let hit = &hits[0];
    let snippet: Vec<char> = hit.snippet.chars().collect();
    for &(s, e) in &hit.highlights {
        assert_eq!(snippet[s..e].iter().collect::<String>(), "义乌");
    }
    assert_eq!(hit.title_highlights, vec![(0, 2)]);
}

#[test]
fn spans_cover_every_match_in_the_body_as_byte_ranges() {
    let (all, index) = fixture();
    let hits = run(&SearchQuery::text("能级工资"));
    let hit = &hits[0];
    let article = all.iter().find(|a| a.id == hit.id).unwrap();
    let expected: usize = article
        .paragraphs
        .iter()
        .map(|p| p.text.matches("能级工资").count())
        .sum();
    assert!(expected >= 5);
    assert_eq!(hit.spans.len(), expected);
    for span in &hit.spans {
        assert_eq!(
            &article.paragraphs[span.paragraph].text[span.start..span.end],
            "能级工资"
        );
    }
    // Sorted in reading order.
    let mut sorted = hit.spans.clone();
    sorted.sort_by_key(|s| (s.paragraph, s.start));
    assert_eq!(sorted, hit.spans);
    assert_eq!(
        index.article_spans(&SearchQuery::text("能级工资"), article),
        hit.spans
    );
}

#[test]
fn pinyin_highlights_the_chinese_it_matched() {
    let hits = run(&SearchQuery::text("guangfu"));
    let hit = &hits[0];
    // Pinyin stands for the Han terms of the index that read so (光伏), and exactly those are
    // highlighted; the title's pun 光FU is Latin text, not one of them.
    assert!(hit.title.contains("光FU"));
    let snippet: Vec<char> = hit.snippet.chars().collect();
    let marked: Vec<String> = hit
        .highlights
        .iter()
        .map(|&(s, e)| snippet[s..e].iter().collect())
        .collect();
    assert!(
        marked.contains(&"光伏".to_string()),
        "{marked:?} in {}",
        hit.snippet
    );
}

#[test]
fn related_articles_share_the_subject_and_exclude_the_article() {
    let (all, index) = fixture();
    let id = id_of(all, YIWU_WAGES);
    let related = index.related(&id, 5).unwrap();
    assert!(!related.iter().any(|r| r.id == id));
    assert_eq!(related.len(), 5);
    let top3: Vec<&str> = related.iter().take(3).map(|r| r.title.as_str()).collect();
    assert!(
        top3.iter().any(|t| t.contains(WUYI) || t.contains(NANXUN)),
        "{top3:?}"
    );
    assert!(related.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(matches!(
        index.related("nope-1", 5),
        Err(kanbao::search::SearchError::UnknownArticle { .. })
    ));
}

#[test]
fn the_index_can_be_shared_with_a_worker_thread() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<SearchIndex>();
    let index = fixture().1.clone();
    let hits = std::thread::spawn(move || index.search(&SearchQuery::text("加西贝拉")).unwrap())
        .join()
        .unwrap();
    assert_eq!(hits.total, 1);
}

#[test]
fn an_empty_corpus_searches_to_nothing() {
    let index = SearchIndex::build_in_memory(&[]).unwrap();
    assert!(index.is_empty());
    let r = index.search(&SearchQuery::text("义乌")).unwrap();
    assert_eq!((r.total, r.hits.len()), (0, 0));
    assert_eq!(index.search(&SearchQuery::default()).unwrap().total, 0);
}

#[test]
fn a_single_character_finds_its_unigram() {
    judged("鸯", PINGYANG, &[], &[JIAXIBEILA]);
    judged("翹", "烟火气", &[], &[JIAXIBEILA]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text at all is a query: never an error, and every highlight lies inside its snippet.
    #[test]
    fn any_text_searches_and_highlights_stay_in_bounds(
        text in "[\\PC义乌职工技高者多得\"“”()+\\-: ａ-ｚa-z０-９]{0,24}"
    ) {
        let results = fixture().1.search(&SearchQuery::text(text.clone()));
        proptest::prop_assert!(results.is_ok(), "{text:?}: {results:?}");
        for hit in results.unwrap().hits {
            let snippet_len = hit.snippet.chars().count();
            let title_len = hit.title.chars().count();
            for &(s, e) in &hit.highlights {
                proptest::prop_assert!(s < e && e <= snippet_len, "{text:?}: {:?} in {:?}", (s, e), hit.snippet);
            }
            for &(s, e) in &hit.title_highlights {
                proptest::prop_assert!(s < e && e <= title_len);
            }
            let article = fixture().1.article(&hit.id).unwrap();
            for span in &hit.spans {
                let paragraph = &article.paragraphs[span.paragraph].text;
                proptest::prop_assert!(span.start < span.end && span.end <= paragraph.len());
                proptest::prop_assert!(paragraph.is_char_boundary(span.start) && paragraph.is_char_boundary(span.end));
            }
        }
    }
}

#[test]
fn date_ranges_take_an_article_whose_whole_period_lies_inside() {
    // Articles dated to a day, a month, a year, or not at all.
    let dates = [
        Some("2022-12-31"),
        Some("2023"),
        Some("2023-05"),
        Some("2023-06-15"),
        Some("2023-06-30"),
        Some("2023-07-01"),
        None,
    ];
    let articles: Vec<Article> = fixture()
        .0
        .iter()
        .zip(dates.iter().cycle())
        .map(|(article, date)| Article {
            date: date.map(str::to_string),
            ..article.clone()
        })
        .collect();
    let index = SearchIndex::build_in_memory(&articles).expect("index builds");
    let period = |text: &str| Period::parse(text).expect("a period");
    let ranges = [
        (Some("2023-06"), Some("2023-06")),
        (Some("2023"), Some("2023")),
        (Some("2023-06-15"), Some("2023-06-15")),
        (Some("2023-06"), None),
        (None, Some("2023-05")),
        (Some("2022"), Some("2023-06")),
        (None, None),
    ];
    for (since, until) in ranges {
        let range = DateRange {
            since: since.map(period),
            until: until.map(period),
        };
        let mut expected: Vec<String> = articles
            .iter()
            .filter(|a| range.contains(a.date.as_deref()))
            .map(|a| a.id.clone())
            .collect();
        let mut q = SearchQuery {
            limit: articles.len(),
            ..SearchQuery::default()
        };
        q.filter.dates = Some(range);
        let mut found = ids(&index.search(&q).expect("search runs").hits);
        expected.sort();
        found.sort();
        assert!(
            !expected.is_empty(),
            "{since:?}..{until:?} takes some article"
        );
        assert_eq!(found, expected, "{since:?}..{until:?}");
    }
}
