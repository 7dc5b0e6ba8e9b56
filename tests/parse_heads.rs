//! Headline roles on pages with and without markdown markers: an occasion line over the
//! story's point is a kicker, a title broken after a verb that waits for its object is one
//! title, an ask-and-answer line standing over a lede is a headline, and a place-colon line
//! over a short predicate is one title. Every page is written for this test (invented places,
//! people and events) and is cut twice: with the `#` levels an OCR may keep, and stripped of
//! them, since about four pages in ten of the paper carry no markers at all.

use kanbao::article::{Article, ParagraphKind};
use kanbao::corpus::parse::parse_page;

/// A brief every page opens with, so the block under test is read after an article.
const OPENING: &str = "\
## 开化茶农学做“网红”
近日，开化县总工会组织50余名茶农走进直播间，学习用手机推介家乡的龙顶茶。
";

/// The page as marked, and the same page with every leading `#` run removed.
fn both_ways(page: &str) -> [(String, Vec<Article>); 2] {
    let stripped: String = page
        .lines()
        .map(|l| l.trim_start_matches('#').trim_start())
        .collect::<Vec<_>>()
        .join("\n");
    [page.to_string(), stripped].map(|p| {
        let articles = parse_page("heads", &p);
        (p, articles)
    })
}

/// The second article's kicker, title and subtitle, the same on both versions of the page.
fn roles_of_second(block: &str, lede: &str) -> (Option<String>, String, Option<String>) {
    let page = format!("{OPENING}{block}\n{lede}\n");
    let [marked, stripped] = both_ways(&page);
    let roles = |(page, articles): &(String, Vec<Article>)| {
        assert_eq!(articles.len(), 2, "{page}\n{articles:#?}");
        let a = &articles[1];
        (a.kicker.clone(), a.title.clone(), a.subtitle.clone())
    };
    let r = roles(&marked);
    assert_eq!(r, roles(&stripped), "markers change the roles:\n{page}");
    r
}

#[allow(clippy::unnecessary_wraps)] // reads as the expected Option field
fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn an_occasion_line_over_the_point_is_the_kicker() {
    for (occasion, point) in [
        (
            "2025年全市焊工技能大赛决赛举行",
            "焊花飞舞处 比的是“针尖功”",
        ),
        ("第三届职工厨艺大赛在衢江开幕", "一口铁锅“炒”出新手艺"),
        ("安全生产月暨应急演练周活动启动", "隐患排查进车间"),
        ("“护航新业态”行动", "骑手有了歇脚的“家”"),
        ("全县职工文化艺术节落幕", "台上台下都是主角！"),
    ] {
        let block = format!("### {occasion}\n## {point}");
        let lede = "近日，衢州市衢江区总工会在区职工文化中心举办活动，400余名职工参加。";
        let (kicker, title, subtitle) = roles_of_second(&block, lede);
        assert_eq!(kicker, some(occasion), "{block}");
        assert_eq!(title, point, "{block}");
        assert_eq!(subtitle, None, "{block}");
    }
}

#[test]
fn a_point_over_a_dash_or_who_did_what_line_stays_title_and_subtitle() {
    for (title, subtitle) in [
        ("焊花飞舞处 比的是“针尖功”", "——衢江区焊工技能大赛决赛侧记"),
        ("全区职工羽毛球赛举行", "来自42家企业的300余名选手参赛"),
        (
            "第二届快递员技能比武开赛",
            "衢江区总工会联合区邮政管理局主办",
        ),
    ] {
        let block = format!("## {title}\n### {subtitle}");
        let lede = "近日，衢州市衢江区总工会在区体育馆举办比赛，300余名职工参加。";
        let (kicker, got_title, got_subtitle) = roles_of_second(&block, lede);
        assert_eq!(kicker, None, "{block}");
        assert_eq!(got_title, title, "{block}");
        assert_eq!(got_subtitle, some(subtitle), "{block}");
    }
}

#[test]
fn a_title_broken_after_a_verb_awaiting_its_object_is_one_title() {
    for (upper, lower) in [
        ("助学金送到", "三百余名职工子女手中"),
        ("流动服务车开进", "临海工业园区"),
        ("让工匠精神成为", "青年职工的必修课"),
        ("龙游县总工会为1200名", "环卫工人送上清凉"),
        ("“健康小屋”走进", "建筑工地"),
    ] {
        let block = format!("## {upper}\n## {lower}");
        let lede = "近日，衢州市龙游县总工会把慰问品和助学金送到一线职工家中，受助职工300余名。";
        let (kicker, title, subtitle) = roles_of_second(&block, lede);
        assert_eq!(title, format!("{upper}{lower}"), "{block}");
        assert_eq!((kicker, subtitle), (None, None), "{block}");
    }
    // A line ending in a complete verb (推进, 迈进) keeps its subtitle.
    let block = "## 岗位练兵在车间推进\n### 龙游县总工会开展一线技能比武";
    let lede = "近日，衢州市龙游县总工会在全县20家企业开展技能比武。";
    let (_, title, subtitle) = roles_of_second(block, lede);
    assert_eq!(title, "岗位练兵在车间推进");
    assert_eq!(subtitle, some("龙游县总工会开展一线技能比武"));
}

#[test]
fn a_place_colon_line_over_a_short_predicate_is_one_title() {
    let lede = "近日，嘉兴市嘉善县总工会把300册新书送进纺织园区，园区职工下班后可就近借阅。";
    let (kicker, title, subtitle) = roles_of_second("## 嘉善：“职工书屋”\n## 开进纺织园区", lede);
    assert_eq!(title, "嘉善：“职工书屋”开进纺织园区");
    assert_eq!((kicker, subtitle), (None, None));
    // A whole title after the colon keeps the line under it as its subtitle.
    let (_, title, subtitle) = roles_of_second(
        "## 嘉善：“书香杯” 精彩开赛\n### 全县28支职工队伍同场竞技",
        lede,
    );
    assert_eq!(title, "嘉善：“书香杯” 精彩开赛");
    assert_eq!(subtitle, some("全县28支职工队伍同场竞技"));
}

#[test]
fn a_title_that_asks_and_answers_stands_over_its_lede() {
    for title in ["职工讨薪难？调解室来帮忙", "“饭碗”端不稳？技能来托底"]
    {
        let page = format!(
            "{OPENING}## {title}\n近日，丽水市莲都区总工会职工法律服务站开门接待来访职工，半年调处劳动争议40余件。\n"
        );
        for (page, articles) in both_ways(&page) {
            let got: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
            assert_eq!(got, ["开化茶农学做“网红”", title], "{page}");
        }
    }
    // A body line with a question inside, cut by a column break, stays body text.
    let page = format!(
        "{OPENING}## 莲都法律服务站半年调处争议40余件
近日，丽水市莲都区总工会职工法律服务站开门接待来访职工。一位职工说起工资
拖了三个月怎么办？调解员
当即联系企业负责人，问题当天就解决了。
"
    );
    for (page, articles) in both_ways(&page) {
        assert_eq!(articles.len(), 2, "{page}\n{articles:#?}");
    }
}

#[test]
fn a_paragraph_opening_with_a_question_cut_by_a_column_break_stays_in_its_article() {
    let page = format!(
        "{OPENING}## 莲都职工法律服务站开门迎客
本报讯 记者 叶小舟 近日，丽水市莲都区总工会职工法律服务站在城北街道开门，每周三有律师坐班。
讨薪遇阻怎么办？找工会
维权站的律师会先帮职工梳理证据，再约企业负责人当面协商，多数争议一周内化解。
服务站还开通了热线，职工下班后也能打电话咨询。
"
    );
    for (page, articles) in both_ways(&page) {
        assert_eq!(articles.len(), 2, "{page}\n{articles:#?}");
        // One paragraph again: the column break is mended, not read as a subhead.
        assert!(
            articles[1]
                .paragraphs
                .iter()
                .any(|p| p.kind == ParagraphKind::Text
                    && p.text.contains("讨薪遇阻怎么办？找工会维权站的律师")),
            "{page}\n{articles:#?}"
        );
    }
}
