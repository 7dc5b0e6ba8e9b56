//! Classification of the real seed articles, as parsed from `data/pages/`: the region (city
//! and county) and primary theme a union editor would give each one, and each page's date.

use kanbao::article::{Article, DateSource};
use kanbao::classify::Classifier;

fn seed_articles() -> Vec<Article> {
    let mut pages: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pages"))
        .expect("the seed pages are bundled")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    let mut articles = Vec::new();
    for path in pages {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).expect("seed pages are UTF-8");
        articles.extend(kanbao::corpus::parse::parse_page(&stem, &text));
    }
    Classifier::embedded()
        .expect("embedded data is valid")
        .classify_all(&mut articles);
    articles
}

/// (page number prefix, a phrase of the headline, city, county, primary theme)
type Expectation = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

const EXPECTED: &[Expectation] = &[
    (
        "000",
        "钱塘区总工会制订助力复工复产15条措施",
        Some("杭州市"),
        Some("钱塘区"),
        "production",
    ),
    (
        "000",
        "助力企业迈好开年第一步",
        Some("金华市"),
        Some("义乌市"),
        "production",
    ),
    (
        "000",
        "开工马力十足",
        Some("宁波市"),
        Some("北仑区"),
        "production",
    ),
    (
        "000",
        "加西贝拉",
        Some("嘉兴市"),
        Some("秀洲区"),
        "organization",
    ),
    (
        "000",
        "助青川职工顺利返岗",
        Some("杭州市"),
        Some("西湖区"),
        "employment",
    ),
    (
        "000",
        "台州路桥用集市",
        Some("台州市"),
        Some("路桥区"),
        "employment",
    ),
    ("000", "兔年关怀计划", Some("宁波市"), None, "care"),
    // A year-in-review of 秀洲区总工会 across four themes; care leads on points.
    (
        "001",
        "这份用“心”书写的答卷很“秀”",
        Some("嘉兴市"),
        Some("秀洲区"),
        "care",
    ),
    (
        "001",
        "衢州劳模工匠理论宣讲团",
        Some("衢州市"),
        None,
        "ideology",
    ),
    (
        "001",
        "杭州两地开展庆“五一”活动",
        Some("杭州市"),
        None,
        "culture",
    ),
    ("001", "金华万人毅行迎亚运", Some("金华市"), None, "culture"),
    ("001", "“港口工匠”大比武", Some("宁波市"), None, "skills"),
    (
        "001",
        "湖州南浔工会",
        Some("湖州市"),
        Some("南浔区"),
        "care",
    ),
    (
        "001",
        "主打一个字",
        Some("温州市"),
        Some("平阳县"),
        "ideology",
    ),
    (
        "002",
        "架起“技能阶梯”",
        Some("杭州市"),
        Some("西湖区"),
        "skills",
    ),
    (
        "002",
        "让技术工人遇见美好未来",
        Some("金华市"),
        Some("义乌市"),
        "wages",
    ),
    (
        "002",
        "尽享运动好时光",
        Some("湖州市"),
        Some("吴兴区"),
        "culture",
    ),
    (
        "002",
        "嘉兴职工法律服务有了新利好",
        Some("嘉兴市"),
        None,
        "rights",
    ),
    ("002", "职工乡村疗休养", Some("绍兴市"), None, "culture"),
    (
        "002",
        "温州传化第三届物流节开幕",
        Some("温州市"),
        None,
        "gig",
    ),
    (
        "002",
        "德清工会推动审计服务",
        Some("湖州市"),
        Some("德清县"),
        "organization",
    ),
    (
        "003",
        "擦亮产业工人创新底色",
        Some("嘉兴市"),
        Some("南湖区"),
        "craftsmen",
    ),
    (
        "003",
        "杭州余杭已有8000多名职工",
        Some("杭州市"),
        Some("余杭区"),
        "skills",
    ),
    (
        "003",
        "“新”增新技能",
        Some("杭州市"),
        Some("钱塘区"),
        "skills",
    ),
    (
        "003",
        "新昌工会联合供电局",
        Some("绍兴市"),
        Some("新昌县"),
        "care",
    ),
    ("003", "这份外卖真甜", Some("台州市"), Some("玉环市"), "gig"),
    (
        "003",
        "做好车企零距离对接",
        Some("金华市"),
        Some("义乌市"),
        "employment",
    ),
    (
        "003",
        "工作能面谈也能“云聊”",
        Some("宁波市"),
        Some("北仑区"),
        "employment",
    ),
    (
        "003",
        "搭好人才供需桥梁",
        Some("杭州市"),
        Some("临安区"),
        "employment",
    ),
    (
        "004",
        "青山湖科技城总工会",
        Some("杭州市"),
        Some("临安区"),
        "reform",
    ),
    (
        "004",
        "温州鹿城区总工会深化",
        Some("温州市"),
        Some("鹿城区"),
        "ideology",
    ),
    ("004", "秀出活力", Some("杭州市"), Some("余杭区"), "culture"),
    (
        "004",
        "“虞工心居”共建匠心",
        Some("绍兴市"),
        Some("上虞区"),
        "care",
    ),
    (
        "004",
        "武义工会多措并举助职工",
        Some("金华市"),
        Some("武义县"),
        "care",
    ),
    (
        "004",
        "文成劳模工匠进基层",
        Some("温州市"),
        Some("文成县"),
        "craftsmen",
    ),
    (
        "004",
        "台州路桥工会开展惠“新”体检",
        Some("台州市"),
        Some("路桥区"),
        "gig",
    ),
    (
        "004",
        "“玉环工匠学院”揭牌成立",
        Some("台州市"),
        Some("玉环市"),
        "craftsmen",
    ),
    (
        "004",
        "省职工服务中心近日公益活动预告",
        None,
        None,
        "culture",
    ),
];

fn find<'a>(articles: &'a [Article], page: &str, phrase: &str) -> &'a Article {
    let found: Vec<&Article> = articles
        .iter()
        .filter(|a| a.page.starts_with(page) && a.headline().contains(phrase))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one article on page {page} has {phrase} in its headline"
    );
    found[0]
}

#[test]
fn every_seed_article_gets_the_editors_region_and_primary_theme() {
    let articles = seed_articles();
    let mut wrong = Vec::new();
    for &(page, phrase, city, county, theme) in EXPECTED {
        let a = find(&articles, page, phrase);
        let got = (
            a.region.city.as_deref(),
            a.region.county.as_deref(),
            a.themes.first().map(String::as_str),
        );
        if got != (city, county, Some(theme)) {
            wrong.push(format!(
                "{page} {phrase}: expected {city:?}/{county:?} {theme}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_seed_article_is_covered_and_fully_classified() {
    let articles = seed_articles();
    assert_eq!(
        articles.len(),
        EXPECTED.len(),
        "one expectation per seed article"
    );
    for a in &articles {
        assert!(
            (1..=3).contains(&a.themes.len()),
            "{}: {:?}",
            a.id,
            a.themes
        );
        if let Some(city) = &a.region.city {
            assert!(
                a.places.iter().any(|p| p.city.as_ref() == Some(city)),
                "{}: the region's city is among its places",
                a.id
            );
        }
    }
}

#[test]
fn two_place_and_two_city_articles_list_both() {
    let articles = seed_articles();
    let two_places = find(&articles, "001", "杭州两地");
    let counties: Vec<Option<&str>> = two_places
        .places
        .iter()
        .map(|p| p.county.as_deref())
        .collect();
    assert!(counties.contains(&Some("临安区")), "{counties:?}");
    assert!(counties.contains(&Some("建德市")), "{counties:?}");

    let port = find(&articles, "001", "港口工匠");
    let cities: Vec<&str> = port
        .places
        .iter()
        .filter_map(|p| p.city.as_deref())
        .collect();
    assert_eq!(cities, ["宁波市", "舟山市"]);
}

#[test]
fn seed_pages_are_dated_from_their_text() {
    let articles = seed_articles();
    let expected = [
        ("000", Some("2023")),    // 2023年一季度, 兔年
        ("001", Some("2023")),    // 2023年度“最美职工”, 2023年“港口工匠杯”
        ("002", Some("2024")),    // 2024年织里镇趣味运动会
        ("003", Some("2023")),    // 2023年企业春季招聘会
        ("004", Some("2023-06")), // 6月10日 reported, 6月17日(周六) announced, 2023年度
    ];
    for (page, date) in expected {
        for a in articles.iter().filter(|a| a.page.starts_with(page)) {
            assert_eq!(a.date.as_deref(), date, "{} on page {page}", a.id);
            assert_eq!(a.date_source, Some(DateSource::Inferred), "{}", a.id);
        }
    }
}

#[test]
fn explanations_account_for_every_seed_classification() {
    let classifier = Classifier::embedded().unwrap();
    for a in seed_articles() {
        let why = classifier.explain(&a);
        assert_eq!(why.region, a.region, "{}", a.id);
        assert_eq!(why.places, a.places, "{}", a.id);
        assert_eq!(why.themes, a.themes, "{}", a.id);
        if let Some(city) = &a.region.city {
            assert!(
                why.region_evidence
                    .mentions
                    .iter()
                    .any(|m| m.city.as_ref() == Some(city)),
                "{}: a counted mention supports {city}",
                a.id
            );
        }
        assert!(!why.region_evidence.reasons.is_empty(), "{}", a.id);
        assert!(!why.theme_evidence.reasons.is_empty(), "{}", a.id);
        assert!(why.to_string().contains(&a.title), "{}", a.id);
    }
}
