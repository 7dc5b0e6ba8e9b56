//! The forms real pages of a workers' daily print around an article — datelines, bylines of
//! every role, credits, signatures, section labels, pages without blank lines or markers —
//! each on a small page written for this test (invented places, people and events), cut
//! through the public `parse_page` as a user's page would be.

use kanbao::article::{Article, ArticleKind, ParagraphKind};
use kanbao::corpus::parse::parse_page;

fn cut(page: &str) -> Vec<Article> {
    parse_page("forms", page)
}

fn titles(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.title.as_str()).collect()
}

/// A brief every page below opens with, so each form is read after an article, not at the
/// page's top.
const OPENING: &str = "\
开化茶农学做“网红”
近日，开化县总工会组织50余名茶农走进直播间，学习用手机推介家乡的龙顶茶。
";

#[test]
fn dateline_with_place_date_and_bracketed_names() {
    let page = format!(
        "{OPENING}台州港区开展桥吊技能比武
本报台州4月9日讯（记者 林一帆 通讯员 郑小雨）今天上午，台州港区举行桥吊司机技能比武，40名司机参赛。
比武分理论和实操两部分，获奖者将获评港区“金牌司机”。
"
    );
    let articles = cut(&page);
    assert_eq!(
        titles(&articles),
        ["开化茶农学做“网红”", "台州港区开展桥吊技能比武"]
    );
    let a = &articles[1];
    assert_eq!(a.byline.reporters, ["林一帆"]);
    assert_eq!(a.byline.correspondents, ["郑小雨"]);
    assert!(
        a.paragraphs[0].text.starts_with("今天上午，"),
        "{:?}",
        a.paragraphs
    );
}

#[test]
fn bracketed_byline_on_its_own_line() {
    let page = format!(
        "{OPENING}绍兴柯桥织造企业签订集体合同
本报讯（记者 沈立 通讯员 钟晓）
日前，绍兴市柯桥区36家织造企业与职工代表签订工资集体合同，惠及职工5000余人。
"
    );
    let articles = cut(&page);
    assert_eq!(
        titles(&articles),
        ["开化茶农学做“网红”", "绍兴柯桥织造企业签订集体合同"]
    );
    assert_eq!(articles[1].byline.reporters, ["沈立"]);
    assert_eq!(articles[1].byline.correspondents, ["钟晓"]);
}

#[test]
fn special_correspondents_and_interns() {
    let page = format!(
        "{OPENING}龙泉青瓷工匠收新徒
本报讯 特约记者 叶青 实习生 梅子涵报道 近日，龙泉市一家青瓷企业举行拜师仪式，8名青年职工拜老工匠为师。
"
    );
    let articles = cut(&page);
    assert_eq!(titles(&articles)[1], "龙泉青瓷工匠收新徒");
    assert_eq!(articles[1].byline.reporters, ["叶青", "梅子涵"]);
    assert!(articles[1].paragraphs[0].text.starts_with("近日，"));
}

#[test]
fn marked_staff_reporter_line_under_a_feature_headline() {
    let page = format!(
        "{OPENING}夜色里的“守灯人”
■本报记者 吴越
晚上十点，湖州南太湖新区的一座变电站里，检修班长老周还在逐一查看设备。
这样的夜班，他已经上了二十年。“灯亮着，心里才踏实。”老周说。
"
    );
    let articles = cut(&page);
    assert_eq!(
        titles(&articles),
        ["开化茶农学做“网红”", "夜色里的“守灯人”"]
    );
    assert_eq!(articles[1].byline.reporters, ["吴越"]);
    assert_eq!(articles[1].paragraphs.len(), 2);
}

#[test]
fn text_and_picture_credit_under_a_headline() {
    let page = format!(
        "{OPENING}山村里的职工疗休养
文/何晴 图/陆远
初夏时节，景宁畲族自治县的一处山村迎来了一批特殊的客人——来自宁波的30名劳模。
他们在这里住农家、采茶叶，度过了五天的疗休养时光。
"
    );
    let articles = cut(&page);
    assert_eq!(titles(&articles)[1], "山村里的职工疗休养");
    assert_eq!(articles[1].byline.reporters, ["何晴"]);
    assert_eq!(articles[1].byline.photographers, ["陆远"]);
    assert_eq!(articles[1].kind, ArticleKind::News);
}

#[test]
fn a_name_in_brackets_closing_a_brief_signs_it() {
    let page = "\
嵊州职工越剧团下乡演出
近日，嵊州市职工越剧团走进5个乡镇，为基层职工和村民送去10场演出。
（钱晓）
新昌举办职工茶艺赛
日前，新昌县总工会举办职工茶艺技能比赛，60名茶企职工参赛。
（孙宁）
";
    let articles = cut(page);
    assert_eq!(
        titles(&articles),
        ["嵊州职工越剧团下乡演出", "新昌举办职工茶艺赛"]
    );
    assert_eq!(articles[0].byline.reporters, ["钱晓"]);
    assert_eq!(articles[1].byline.reporters, ["孙宁"]);
    // The signature is not body text.
    assert!(articles.iter().all(|a| a.paragraphs.len() == 1));
}

#[test]
fn bracketed_column_label_over_a_headline() {
    let page = format!(
        "{OPENING}【工会动态】
永康五金企业建起“职工书屋”
近日，永康市总工会为辖区10家五金企业配送图书，建起职工书屋。
"
    );
    let articles = cut(&page);
    assert_eq!(titles(&articles)[1], "永康五金企业建起“职工书屋”");
    assert_eq!(articles[1].column.as_deref(), Some("【工会动态】"));
    assert_eq!(articles[1].subtitle, None);
    assert_eq!(articles[1].kicker, None);
}

#[test]
fn section_labels_photo_news_briefs_and_commentary() {
    let page = "\
图片新闻
高温下的“蜘蛛人”
7月20日，杭州一座写字楼外，外墙清洗工人在烈日下作业。当天，市总工会为他们送去清凉用品。
通讯员 许诺 摄
简讯
平湖职工篮球赛落幕
近日，平湖市第八届职工篮球赛落幕，16支企业代表队参赛。
海盐开设职工夜校
日前，海盐县总工会开设职工夜校，首期开设电工、烘焙两个班。
言论
让“暖心驿站”常暖
户外劳动者的冷暖，是城市温度的刻度。驿站建起来了，更要用起来、管起来。
一座驿站能不能常暖，要看它是不是真正从劳动者的需要出发。
（陈言）
";
    let articles = cut(page);
    let got: Vec<(&str, Option<&str>, ArticleKind)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.column.as_deref(), a.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("高温下的“蜘蛛人”", Some("图片新闻"), ArticleKind::Photo),
            ("平湖职工篮球赛落幕", Some("简讯"), ArticleKind::News),
            ("海盐开设职工夜校", Some("简讯"), ArticleKind::News),
            ("让“暖心驿站”常暖", Some("言论"), ArticleKind::News),
        ]
    );
    assert_eq!(articles[0].byline.photographers, ["许诺"]);
    assert_eq!(articles[3].byline.reporters, ["陈言"]);
    assert_eq!(articles[3].paragraphs.len(), 2);
}

#[test]
fn a_page_without_blank_lines_or_markers() {
    // One line per paragraph, no blank line, no markdown, no bullet: the cut comes from the
    // lines' shapes alone.
    let page = "\
建德职工技能大赛开幕
本报讯 通讯员 方晴报道 近日，建德市第十届职工技能大赛开幕，设电工、焊工等8个工种。
大赛为期一个月，前三名将获评市技术能手。
桐庐快递小哥有了“歇脚点”
日前，桐庐县总工会在县城建成5个快递小哥服务站，提供饮水、充电和休息。
服务站由工会和快递企业共建，全天开放。
淳安千岛湖边的劳模工作室
■本报记者 徐湖
在淳安县一家水产企业，有一间以劳模名字命名的工作室。
工作室里，技术员们正在研究鱼苗越冬的新办法。
一条好经验
去年冬天，工作室摸索出一套保温办法，鱼苗成活率提高了一成。
一群年轻人
工作室的8名成员中，有6名是35岁以下的年轻人。
";
    let articles = cut(page);
    assert_eq!(
        titles(&articles),
        [
            "建德职工技能大赛开幕",
            "桐庐快递小哥有了“歇脚点”",
            "淳安千岛湖边的劳模工作室"
        ]
    );
    let subheads = articles[2]
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Subhead)
        .count();
    assert_eq!(subheads, 2);
    assert_eq!(articles[0].byline.correspondents, ["方晴"]);
    assert_eq!(articles[2].byline.reporters, ["徐湖"]);
}

#[test]
fn role_lines_without_an_ending_under_a_headline() {
    for (line, reporters, correspondents) in [
        ("记者 程远", &["程远"][..], &[][..]),
        ("通讯员 韩露 记者 程远", &["程远"][..], &["韩露"][..]),
        ("本报记者 程远 通讯员 韩露", &["程远"][..], &["韩露"][..]),
        ("见习记者 程远", &["程远"][..], &[][..]),
    ] {
        let page = format!(
            "{OPENING}余姚模具企业职工“充电”忙
{line}
近日，余姚市一家模具企业与职业院校合作，为120名职工开设数控编程培训班。
"
        );
        let articles = cut(&page);
        assert_eq!(
            titles(&articles),
            ["开化茶农学做“网红”", "余姚模具企业职工“充电”忙"],
            "{line}"
        );
        assert_eq!(articles[1].byline.reporters, reporters, "{line}");
        assert_eq!(articles[1].byline.correspondents, correspondents, "{line}");
        assert!(
            articles[1].paragraphs[0].text.starts_with("近日，"),
            "{line}: {:?}",
            articles[1].paragraphs
        );
    }
}

#[test]
fn a_page_header_and_footer_around_briefs() {
    let page = "\
3 基层·动态
2022年6月16日 星期四 责任编辑 潘某
象山渔港建起“船员之家”
近日，象山县总工会在石浦渔港建成船员之家，为出海归来的船员提供洗浴、休息和法律咨询。
宁海职工学做非遗手艺
日前，宁海县总工会组织40名职工走进十里红妆博物馆，学做泥金彩漆。
版式设计 俞某
";
    let articles = cut(page);
    let titles_only: Vec<(&str, Option<&str>)> = articles
        .iter()
        .map(|a| (a.title.as_str(), a.subtitle.as_deref()))
        .collect();
    assert_eq!(
        titles_only,
        [
            ("象山渔港建起“船员之家”", None),
            ("宁海职工学做非遗手艺", None)
        ]
    );
    // No header line survives as a kicker or column.
    assert!(
        articles
            .iter()
            .all(|a| a.kicker.is_none() && a.column.is_none())
    );
    assert!(
        articles[1]
            .paragraphs
            .last()
            .unwrap()
            .text
            .ends_with("泥金彩漆。")
    );
}

#[test]
fn a_byline_over_two_lines_of_roles() {
    let page = format!(
        "{OPENING}海岛上的“流动工会”
■本报记者 程远
通讯员 韩露
清晨，一艘交通船从岱山本岛出发，船上坐着县总工会的五名干部。
他们要去的是一座只有三百多名渔民的小岛。
"
    );
    let articles = cut(&page);
    assert_eq!(
        titles(&articles),
        ["开化茶农学做“网红”", "海岛上的“流动工会”"]
    );
    assert_eq!(articles[1].byline.reporters, ["程远"]);
    assert_eq!(articles[1].byline.correspondents, ["韩露"]);
    assert_eq!(articles[1].paragraphs.len(), 2);
}

#[test]
fn briefs_at_the_page_top_without_a_time_in_their_ledes() {
    // The first brief is weighed as the article above the second (its places, its length),
    // and its headline is no subhead of anything.
    let page = "\
龙泉职工学急救
龙泉市总工会日前联合市红十字会，为120名一线职工开展应急救护培训。
云和开办职工插花课
为丰富职工业余文化生活，云和县总工会开设插花公益课，首期吸引40名职工报名。
";
    let articles = cut(page);
    assert_eq!(titles(&articles), ["龙泉职工学急救", "云和开办职工插花课"]);
    let cut_at = articles[1].cut.as_ref().unwrap();
    let signs: Vec<&str> = cut_at.signs.iter().map(|s| s.sign.as_str()).collect();
    assert!(signs.contains(&"places change"), "{signs:?}");
    assert!(!signs.contains(&"article has subheads"), "{signs:?}");
}

#[test]
fn an_actor_line_over_its_predicate_is_one_title() {
    let page = format!(
        "{OPENING}平湖一家服装企业
开展缝纫技能比武
近日，平湖市一家服装企业举行缝纫技能比武，60名职工参赛。
"
    );
    let articles = cut(&page);
    assert_eq!(articles[1].title, "平湖一家服装企业开展缝纫技能比武");
    assert_eq!(articles[1].subtitle, None);
}
