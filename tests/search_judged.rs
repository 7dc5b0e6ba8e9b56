//! Judged queries over the real bundled corpus, as a table: plain words, phrases, pinyin (full,
//! spaced, unfinished, initials, tones), traditional characters, operators, filters written in
//! the query, typos and nonsense. Each query has an expected set or a property, checked against
//! an oracle that does not use the index (a substring scan of each article's folded text) or
//! against other queries ("pinyin ⊇ 95 % of the Chinese", "OR = both sides", "-x = minus x").

use std::collections::BTreeSet;
use std::sync::OnceLock;

use kanbao::article::Article;
use kanbao::classify::Classifier;
use kanbao::corpus::{Corpus, PageSet};
use kanbao::search::normalize::fold;
use kanbao::search::{Note, SearchIndex, SearchQuery, SearchResults};

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

fn results(text: &str) -> SearchResults {
    corpus()
        .1
        .search(&SearchQuery {
            limit: 1000,
            ..SearchQuery::text(text)
        })
        .expect("search runs")
}

type Ids = BTreeSet<String>;

fn ids(text: &str) -> Ids {
    results(text).hits.into_iter().map(|h| h.id).collect()
}

/// What an article can be found by: headline, body, byline names, places; folded.
fn searchable(a: &Article) -> String {
    let places: Vec<&str> = [a.region.city.as_deref(), a.region.county.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    fold(&format!(
        "{}\n{}\n{}\n{}\n{}",
        a.headline(),
        a.column.as_deref().unwrap_or_default(),
        a.body_text(),
        a.byline.names().collect::<Vec<_>>().join(" "),
        places.join(" ")
    ))
}

/// The oracle: articles whose text holds every one of `needles` (folded).
fn holding(needles: &[&str]) -> Ids {
    corpus()
        .0
        .iter()
        .filter(|a| {
            let text = searchable(a);
            needles.iter().all(|n| text.contains(&fold(n)))
        })
        .map(|a| a.id.clone())
        .collect()
}

fn headline_id(fragment: &str) -> String {
    let found: Vec<&Article> = corpus()
        .0
        .iter()
        .filter(|a| a.headline().contains(fragment))
        .collect();
    assert_eq!(found.len(), 1, "{fragment} must name one article");
    found[0].id.clone()
}

/// What a judged query must do.
enum Expect {
    /// Exactly the articles holding all these strings.
    Holding(&'static [&'static str]),
    /// At least 95 % of the articles of that other query (pinyin for Chinese).
    Covers(&'static str),
    /// The same articles as that other query.
    Same(&'static str),
    /// The union of the two other queries' articles.
    Union(&'static str, &'static str),
    /// The first query's articles without the second's.
    Minus(&'static str, &'static str),
    /// The article with this headline fragment within the top three.
    Top(&'static str),
    /// Nothing found, and the header says why or what to try.
    NothingNoted,
    /// Nothing found.
    Nothing,
    /// Something found (never nothing), with a note of this kind.
    Noted(fn(&Note) -> bool),
    /// Every hit passes this check, and there are some.
    Every(fn(&Article) -> bool),
}

use Expect::*;

fn partial(n: &Note) -> bool {
    matches!(n, Note::Partial { .. })
}

fn ignored(n: &Note) -> bool {
    matches!(n, Note::Ignored { .. })
}

fn suggests(n: &Note) -> bool {
    matches!(n, Note::Suggest { .. })
}

fn in_yiwu(a: &Article) -> bool {
    a.region.county.as_deref() == Some("义乌市")
}

fn in_hangzhou(a: &Article) -> bool {
    a.region.city.as_deref() == Some("杭州市")
}

fn province_wide(a: &Article) -> bool {
    a.region.city.is_none()
}

fn in_june_2023(a: &Article) -> bool {
    a.date.as_deref().is_some_and(|d| d.starts_with("2023-06"))
}

fn dated_2024(a: &Article) -> bool {
    a.date.as_deref().is_some_and(|d| d.starts_with("2024"))
}

fn wages(a: &Article) -> bool {
    a.themes.iter().any(|t| t == "wages")
}

fn by_yang(a: &Article) -> bool {
    a.byline.names().any(|n| n == "羊荣江")
}

/// `title:` searches the headline block: title, kicker, subtitle and column label.
fn headline_has_union(a: &Article) -> bool {
    fold(&a.headline()).contains("工会") || a.column.as_deref().is_some_and(|c| c.contains("工会"))
}

fn mentions_jiaxibeila(a: &Article) -> bool {
    a.body_text().contains("加西贝拉") || a.headline().contains("加西贝拉")
}

const JUDGED: &[(&str, Expect)] = &[
    // Plain words: exactly the articles that hold them.
    ("工会", Holding(&["工会"])),
    ("职工", Holding(&["职工"])),
    ("工资", Holding(&["工资"])),
    ("快递", Holding(&["快递"])),
    ("外卖", Holding(&["外卖"])),
    ("骑手", Holding(&["骑手"])),
    ("能级", Holding(&["能级"])),
    ("劳模", Holding(&["劳模"])),
    ("工匠", Holding(&["工匠"])),
    ("技能", Holding(&["技能"])),
    ("培训", Holding(&["培训"])),
    ("亚运", Holding(&["亚运"])),
    ("集体协商", Holding(&["集体协商"])),
    ("产业工人", Holding(&["产业工人"])),
    ("新就业形态", Holding(&["新就业形态"])),
    ("义乌", Holding(&["义乌"])),
    ("钱塘", Holding(&["钱塘"])),
    ("宁波", Holding(&["宁波"])),
    ("温州", Holding(&["温州"])),
    ("阮向民", Holding(&["阮向民"])),
    ("羊荣江", Holding(&["羊荣江"])),
    ("周鸯鸯", Holding(&["周鸯鸯"])),
    ("加西贝拉", Holding(&["加西贝拉"])),
    ("鲜", Holding(&["鲜"])),
    ("工", Holding(&["工"])),
    ("15条", Holding(&["15条"])),
    // Words ANDed.
    ("工会 快递", Holding(&["工会", "快递"])),
    ("义乌 工资", Holding(&["义乌", "工资"])),
    ("职工 技能 培训", Holding(&["职工", "技能", "培训"])),
    ("能级工资 集体协商", Holding(&["能级工资", "集体协商"])),
    // Ranking: the article about it first.
    ("能级工资", Top("能级工资")),
    ("加西贝拉", Top("加西贝拉")),
    ("周鸯鸯", Top("主打一个字")),
    ("外卖", Top("这份外卖真甜")),
    ("技能阶梯", Top("技能阶梯")),
    ("毅行", Top("毅行")),
    ("物流节", Top("物流节")),
    // Phrases.
    ("\"技高者多得\"", Holding(&["技高者多得"])),
    ("“技高者多得”", Holding(&["技高者多得"])),
    ("「能级工资」", Holding(&["能级工资"])),
    ("\"复工复产\"", Holding(&["复工复产"])),
    ("\"劳模工匠\"", Holding(&["劳模工匠"])),
    ("\"西湖区阶梯\"", NothingNoted),
    // Traditional and full-width: as the simplified.
    ("工會", Same("工会")),
    ("義烏", Same("义乌")),
    ("職工", Same("职工")),
    ("勞模", Same("劳模")),
    ("產業工人", Same("产业工人")),
    ("技能競賽", Same("技能竞赛")),
    ("１５条", Same("15条")),
    ("\"技高者多得\"", Same("“技高者多得”")),
    // Pinyin, full: covers the Chinese.
    ("gonghui", Covers("工会")),
    ("gongzi", Covers("工资")),
    ("kuaidi", Covers("快递")),
    ("waimai", Covers("外卖")),
    ("qishou", Covers("骑手")),
    ("nengji", Covers("能级")),
    ("laomo", Covers("劳模")),
    ("gongjiang", Covers("工匠")),
    ("jineng", Covers("技能")),
    ("jitixieshang", Covers("集体协商")),
    ("chanyegongren", Covers("产业工人")),
    ("yiwu", Covers("义乌")),
    ("qiantang", Covers("钱塘")),
    ("ruanxiangmin", Covers("阮向民")),
    ("yangrongjiang", Covers("羊荣江")),
    ("zhouyangyang", Covers("周鸯鸯")),
    ("jiaxibeila", Covers("加西贝拉")),
    ("yayun", Covers("亚运")),
    // Pinyin spelled other ways: the same.
    ("gong hui", Same("gonghui")),
    ("gong'hui", Same("gonghui")),
    ("GongHui", Same("gonghui")),
    ("gōnghuì", Same("gonghui")),
    ("gong1hui4", Same("gonghui")),
    ("yi wu", Covers("义乌")),
    ("Yi Wu", Same("yi wu")),
    ("lvse", Same("绿色")),
    // Pinyin while typing: the last syllable unfinished still covers the word.
    ("gonghu", Covers("工会")),
    ("gongh", Covers("工会")),
    ("kuaid", Covers("快递")),
    ("jitixiesh", Covers("集体协商")),
    ("laom", Covers("劳模")),
    ("yiw", Covers("义乌")),
    ("g", Covers("工")),
    // Initials: abbreviations of what headlines, bylines and places say.
    ("jxbl", Every(mentions_jiaxibeila)),
    ("gh", Covers("title:工会")),
    ("zgh", Covers("title:总工会")),
    ("njgz", Covers("title:能级工资")),
    ("yrj", Covers("byline:羊荣江")),
    // OR: both sides.
    ("快递 OR 外卖", Union("快递", "外卖")),
    ("快递 | 外卖", Union("快递", "外卖")),
    ("快递｜外卖", Union("快递", "外卖")),
    ("宁波 OR 温州", Union("宁波", "温州")),
    // Exclusion.
    ("工会 -快递", Minus("工会", "快递")),
    ("工会 NOT 快递", Minus("工会", "快递")),
    ("职工 -\"集体协商\"", Minus("职工", "集体协商")),
    // Fields.
    ("title:工会", Every(headline_has_union)),
    ("标题:工会", Same("title:工会")),
    ("byline:羊荣江", Every(by_yang)),
    // Filters in the query.
    ("region:义乌", Every(in_yiwu)),
    ("工会 region:杭州", Every(in_hangzhou)),
    ("region:全省", Every(province_wide)),
    ("date:2023-06", Every(in_june_2023)),
    ("date:2024", Every(dated_2024)),
    ("职工 date:2023-05..2023-06", Every(in_june_2023)),
    ("theme:wages", Every(wages)),
    ("theme:工资协商", Same("theme:wages")),
    ("reporter:羊荣江", Every(by_yang)),
    ("地区：义乌", Same("region:义乌")),
    // Operators alone, stray punctuation, unbalanced: nothing, and said so (never everything).
    ("AND", NothingNoted),
    ("OR", NothingNoted),
    ("*", NothingNoted),
    ("(", NothingNoted),
    (")", NothingNoted),
    ("-", NothingNoted),
    ("NOT 工会", NothingNoted),
    ("\"\"", NothingNoted),
    ("title:", NothingNoted),
    ("region:火星", NothingNoted),
    ("date:六月", NothingNoted),
    // Stray operators around words: the words.
    ("工会^2", Same("工会")),
    ("工会~1", Same("工会")),
    ("+工会!", Same("工会")),
    ("((义乌", Same("义乌")),
    ("\"技高者 多得", Same("技高者 多得")),
    ("工会 AND", Same("工会")),
    ("OR 工会", Same("工会")),
    // Never empty-handed: the most words, or a suggestion.
    ("外卖骑手", Noted(partial)),
    ("快递 量子计算", Noted(partial)),
    ("工姿", NothingNoted),
    ("gonghiu", NothingNoted),
    ("量子计算", NothingNoted),
    // Nonsense finds nothing.
    ("iphone", Nothing),
    ("qqqqqq", Nothing),
    ("ｘｙｚｚｙ", Nothing),
];

fn check(text: &str, expect: &Expect) {
    let r = results(text);
    let found: Ids = r.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(r.total, found.len(), "{text}: the total counts the hits");
    match expect {
        Holding(needles) => {
            let want = holding(needles);
            assert!(!want.is_empty(), "{text}: the corpus has {needles:?}");
            assert_eq!(found, want, "{text}");
        }
        Covers(other) => {
            let want = ids(other);
            assert!(!want.is_empty(), "{other} finds something");
            let covered = want.intersection(&found).count();
            assert!(
                covered * 100 >= want.len() * 95,
                "{text} finds {covered} of the {} of {other}",
                want.len()
            );
        }
        Same(other) => assert_eq!(found, ids(other), "{text} vs {other}"),
        Union(a, b) => {
            let want: Ids = ids(a).union(&ids(b)).cloned().collect();
            assert_eq!(found, want, "{text}");
            assert!(found.len() >= ids(a).len() && found.len() >= ids(b).len());
        }
        Minus(a, b) => {
            let want: Ids = ids(a).difference(&ids(b)).cloned().collect();
            assert!(!want.is_empty());
            assert_eq!(found, want, "{text}");
        }
        Top(fragment) => {
            let id = headline_id(fragment);
            assert!(
                r.hits.iter().take(3).any(|h| h.id == id),
                "{text}: {fragment} not in the top three"
            );
        }
        Nothing => assert_eq!(r.total, 0, "{text} must find nothing: {found:?}"),
        NothingNoted => {
            assert_eq!(r.total, 0, "{text} must find nothing: {found:?}");
            assert!(!r.notes.is_empty(), "{text}: the header must say why");
        }
        Noted(kind) => {
            assert!(r.total > 0, "{text} must find something");
            assert!(r.notes.iter().any(kind), "{text}: {:?}", r.notes);
        }
        Every(check) => {
            assert!(r.total > 0, "{text} must find something");
            for hit in &r.hits {
                let article = corpus().1.article(&hit.id).unwrap();
                assert!(check(&article), "{text}: {} does not belong", hit.title);
            }
        }
    }
}

#[test]
fn over_a_hundred_judged_queries() {
    assert!(JUDGED.len() >= 100, "{} judged queries", JUDGED.len());
    let failed: Vec<String> = JUDGED
        .iter()
        .filter_map(|(text, expect)| {
            std::panic::catch_unwind(|| check(text, expect))
                .err()
                .map(|_| (*text).to_string())
        })
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
}

#[test]
fn grouped_or_within_and() {
    let found = ids("(快递 OR 外卖) 工会");
    let either: Ids = ids("快递 OR 外卖");
    let union = ids("工会");
    assert!(!found.is_empty());
    assert!(found.is_subset(&either) && found.is_subset(&union));
    assert_eq!(found, either.intersection(&union).cloned().collect::<Ids>());
}

#[test]
fn notes_say_what_was_ignored() {
    let r = results("工会^2");
    assert!(r.notes.iter().any(ignored), "{:?}", r.notes);
    let r = results("工姿");
    let Some(Note::Suggest { queries }) = r.notes.iter().find(|n| suggests(n)) else {
        panic!("工姿 suggests something: {:?}", r.notes);
    };
    assert!(queries.iter().any(|q| q == "工资"), "{queries:?}");
    let r = results("gonghiu");
    let Some(Note::Suggest { queries }) = r.notes.iter().find(|n| suggests(n)) else {
        panic!("gonghiu suggests something: {:?}", r.notes);
    };
    assert!(
        queries.iter().any(|q| q == "gonghui" || q == "工会"),
        "{queries:?}"
    );
    let r = results("量子计算");
    assert!(r.notes.iter().any(suggests), "{:?}", r.notes);
}

#[test]
fn a_pair_across_a_word_boundary_is_loose_and_last() {
    // 工资 inside 职工资助 (职工|资助) is not the word 工资.
    let r = results("工资");
    let loose: Vec<bool> = r.hits.iter().map(|h| h.loose).collect();
    let first_loose = loose.iter().position(|&l| l).unwrap_or(loose.len());
    assert!(
        loose[first_loose..].iter().all(|&l| l),
        "loose hits come after the others: {loose:?}"
    );
    for hit in r.hits.iter().filter(|h| h.loose) {
        let article = corpus().1.article(&hit.id).unwrap();
        assert!(
            !fold(&article.body_text()).contains("工资") || article.body_text().contains("职工资"),
            "{} is loose",
            hit.title
        );
    }
    // One-character queries still work and are never loose.
    let r = results("鲜");
    assert!(r.total > 0 && r.hits.iter().all(|h| !h.loose));
}

#[test]
fn sorting_by_date_puts_the_newest_first() {
    let r = corpus()
        .1
        .search(&SearchQuery {
            limit: 1000,
            sort: kanbao::search::Sort::Date,
            ..SearchQuery::text("工会")
        })
        .unwrap();
    assert_eq!(r.total, results("工会").total);
    let dates: Vec<String> = r
        .hits
        .iter()
        .map(|h| corpus().1.article(&h.id).unwrap().date.unwrap_or_default())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    // Periods compare by their first day: 2024 before 2023-06 before 2023.
    let first_day = |d: &String| match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.clone(),
    };
    let days: Vec<String> = dates.iter().map(first_day).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn a_huge_limit_allocates_nothing_unusual() {
    let r = corpus()
        .1
        .search(&SearchQuery {
            limit: usize::MAX,
            ..SearchQuery::text("工会")
        })
        .unwrap();
    assert_eq!(r.hits.len(), r.total);
    let related = corpus().1.related(&r.hits[0].id, usize::MAX).unwrap();
    assert!(related.len() < corpus().0.len());
}
