//! Every seed page parsed into the articles a careful reader sees (the expectations were
//! written from reading the pages, line by line), and the same articles from each page
//! re-encoded (GB18030, UTF-8 BOM, CRLF), stripped of its markdown markers, with paragraphs
//! separated by single line ends, and with paragraphs indented by ideographic spaces.
//!
//! Conventions the expectations follow (see `src/corpus/parse/headline.rs`):
//! * two headline lines are title + subtitle (主题 + 副题), three are kicker + title + subtitle;
//! * a column label or page banner is `column`, and carries on to the lone-titled articles
//!   under it; a group headline (助力“开门红” / 就业“春风”袭来) is shared: column + kicker of
//!   each report, whose own headline is its title;
//! * photo credits stay in the body as `caption` paragraphs and name the photographers.

use kanbao::article::{Article, ArticleKind, ParagraphKind, article_id};
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;

use ArticleKind::{News, Notice, Photo};

/// One expected article.
struct E {
    kind: ArticleKind,
    column: Option<&'static str>,
    kicker: Option<&'static str>,
    title: &'static str,
    subtitle: Option<&'static str>,
    reporters: &'static [&'static str],
    correspondents: &'static [&'static str],
    photographers: &'static [&'static str],
    /// The first ten characters of the first `text` paragraph.
    body_start: &'static str,
    subheads: usize,
    captions: usize,
    paragraphs: usize,
}

const PAGES: [&str; 5] = [
    "000_b4d91279af1e54d0",
    "001_ae5e4d94e8aab770",
    "002_b5643cc4bf363cac",
    "003_07a11bd3a0ed1947",
    "004_5e095e8848833827",
];

fn raw_page(stem: &str) -> Vec<u8> {
    let path = format!("{}/data/pages/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_bytes(stem: &str, bytes: &[u8]) -> Vec<Article> {
    let text = decode(bytes).unwrap_or_else(|e| panic!("{stem}: {e}"));
    parse_page(stem, &text)
}

fn parse_seed(stem: &str) -> Vec<Article> {
    parse_bytes(stem, &raw_page(stem))
}

fn count(article: &Article, kind: ParagraphKind) -> usize {
    article.paragraphs.iter().filter(|p| p.kind == kind).count()
}

fn check_page(stem: &str, expected: &[E]) {
    let articles = parse_seed(stem);
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        articles.len(),
        expected.len(),
        "{stem}: articles found: {titles:?}"
    );
    for (n, (a, e)) in articles.iter().zip(expected).enumerate() {
        let at = format!("{stem} #{} {}", n + 1, e.title);
        assert_eq!(a.seq as usize, n + 1, "{at}");
        assert_eq!(a.id, article_id(stem, a.seq), "{at}");
        assert_eq!(a.page, stem, "{at}");
        assert_eq!(a.kind, e.kind, "{at}");
        assert_eq!(a.column.as_deref(), e.column, "{at}");
        assert_eq!(a.kicker.as_deref(), e.kicker, "{at}");
        assert_eq!(a.title, e.title, "{at}");
        assert_eq!(a.subtitle.as_deref(), e.subtitle, "{at}");
        assert_eq!(a.byline.reporters, e.reporters, "{at}");
        assert_eq!(a.byline.correspondents, e.correspondents, "{at}");
        assert_eq!(a.byline.photographers, e.photographers, "{at}");
        let first_text: String = a
            .paragraphs
            .iter()
            .find(|p| p.kind == ParagraphKind::Text)
            .map(|p| p.text.chars().take(10).collect())
            .unwrap_or_default();
        assert_eq!(first_text, e.body_start, "{at}");
        assert_eq!(
            count(a, ParagraphKind::Subhead),
            e.subheads,
            "{at}: subheads"
        );
        assert_eq!(
            count(a, ParagraphKind::Caption),
            e.captions,
            "{at}: captions"
        );
        assert_eq!(a.paragraphs.len(), e.paragraphs, "{at}: paragraphs");
        // Classification is another engineer's job.
        assert!(
            a.themes.is_empty() && a.places.is_empty() && a.date.is_none(),
            "{at}"
        );
    }
}

#[test]
fn page_000_articles() {
    check_page(
        PAGES[0],
        &[
            E {
                kind: News,
                column: Some("助力“开门红”"),
                kicker: None,
                title: "团结引领职工 飞跃而上飞速奔跑",
                subtitle: Some("杭州市钱塘区总工会制订助力复工复产15条措施"),
                reporters: &["阮向民"],
                correspondents: &[],
                photographers: &[],
                body_start: "“我们要与企业同呼吸",
                subheads: 0,
                captions: 0,
                paragraphs: 5,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "干实事 出实招 求实效",
                subtitle: Some("义乌市总工会助力企业迈好开年第一步"),
                reporters: &["羊荣江"],
                correspondents: &[],
                photographers: &[],
                body_start: "为助力企业迈好开年第",
                subheads: 0,
                captions: 0,
                paragraphs: 4,
            },
            E {
                kind: Photo,
                column: None,
                kicker: None,
                title: "开工马力十足",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &["王燕红"],
                body_start: "近日，位于宁波北仑戚",
                subheads: 0,
                captions: 1,
                paragraphs: 3,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "工会建设“三心工程”得人心 在加西贝拉，职工干事创业劲头足",
                subtitle: None,
                reporters: &["金钩"],
                correspondents: &[],
                photographers: &[],
                body_start: "“是你们的无私付出与",
                subheads: 2,
                captions: 1,
                paragraphs: 14,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "跨越山海谋共富",
                subtitle: Some("杭州西湖区总工会助青川职工顺利返岗"),
                reporters: &["李凡"],
                correspondents: &["周敏加", "宋月廷"],
                photographers: &[],
                body_start: "近日，一辆搭载64名",
                subheads: 0,
                captions: 0,
                paragraphs: 2,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "赶个热闹 就找到了心仪工作",
                subtitle: Some("台州路桥用集市的“烟火气”为就业“聚人气”"),
                reporters: &["潘仙德"],
                correspondents: &["邱萌翹"],
                photographers: &[],
                body_start: "“晚上跟朋友一起吃完",
                subheads: 0,
                captions: 0,
                paragraphs: 3,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "5大板块 16项内容",
                subtitle: Some("宁波“水务职工”新年先领“兔年关怀计划”"),
                reporters: &["张浩星"],
                correspondents: &["胡晓萍"],
                photographers: &[],
                body_start: "日前，宁波市水务环境",
                subheads: 0,
                captions: 0,
                paragraphs: 7,
            },
        ],
    );
}

#[test]
fn page_001_articles() {
    check_page(
        PAGES[1],
        &[
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "工会有为如何具体呈现？",
                subtitle: Some("这份用“心”书写的答卷很“秀”"),
                reporters: &[],
                correspondents: &["蒋或森"],
                photographers: &[],
                body_start: "去年以来，嘉兴秀洲区",
                subheads: 4,
                captions: 0,
                paragraphs: 19,
            },
            E {
                kind: News,
                column: Some("红五月"),
                kicker: None,
                title: "讲好劳动故事有门道",
                subtitle: Some("衢州劳模工匠理论宣讲团成员培训班开讲"),
                reporters: &["李凡"],
                correspondents: &["徐冬云", "姚磊"],
                photographers: &[],
                body_start: "近日，衢州市总工会组",
                subheads: 0,
                captions: 0,
                paragraphs: 3,
            },
            E {
                kind: News,
                column: Some("红五月"),
                kicker: None,
                title: "杭州两地开展庆“五一”活动",
                subtitle: None,
                reporters: &[],
                correspondents: &["郑涛", "魏星"],
                photographers: &[],
                body_start: "4月26日，庆“五一",
                subheads: 0,
                captions: 0,
                paragraphs: 5,
            },
            E {
                kind: News,
                column: Some("红五月"),
                kicker: None,
                title: "金华万人毅行迎亚运",
                subtitle: None,
                reporters: &["荣荣江"],
                correspondents: &[],
                photographers: &[],
                body_start: "近日，来自全国各地的",
                subheads: 0,
                captions: 0,
                paragraphs: 1,
            },
            E {
                kind: Photo,
                column: Some("红五月"),
                kicker: None,
                title: "“港口工匠”大比武",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &["杜斌斌"],
                body_start: "近日，由中国海员建设",
                subheads: 0,
                captions: 1,
                paragraphs: 3,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "湖州南浔工会多维度提升职工生活品质",
                subtitle: Some("把关键小事办成暖心大事"),
                reporters: &["程雪"],
                correspondents: &["张斌"],
                photographers: &[],
                body_start: "“十年的时间，我从企",
                subheads: 0,
                captions: 0,
                paragraphs: 5,
            },
            E {
                kind: News,
                column: Some("“守好红色根脉·班前十分钟活动”"),
                kicker: Some(
                    "平阳“守好红色根脉·班前十分钟活动” 除了与会代表带回“现场直击”，还有职工脱口秀……",
                ),
                title: "主打一个字，“鲜”",
                subtitle: None,
                reporters: &["邹伟锋", "金钧胤"],
                correspondents: &[],
                photographers: &["邹伟锋"],
                body_start: "“走遍千山万水，说尽",
                subheads: 0,
                captions: 2,
                paragraphs: 6,
            },
        ],
    );
}

#[test]
fn page_002_articles() {
    check_page(
        PAGES[2],
        &[
            E {
                kind: News,
                column: Some("贯彻落实省委“新春第一会”精神 推动打造高素质劳动者队伍"),
                kicker: None,
                title: "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”",
                subtitle: None,
                reporters: &["吴晓静"],
                correspondents: &["张晶秋"],
                photographers: &[],
                body_start: "一把刻刀、一个萝卜，",
                subheads: 0,
                captions: 0,
                paragraphs: 6,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "让技术工人遇见美好未来",
                subtitle: Some("义乌1000余家企业将“能级工资”写入集体合同"),
                reporters: &["羊荣江"],
                correspondents: &["方旭", "傅立华"],
                photographers: &[],
                body_start: "“工资集体协商的受益",
                subheads: 2,
                captions: 0,
                paragraphs: 11,
            },
            E {
                kind: Photo,
                column: None,
                kicker: None,
                title: "尽享运动好时光",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &["薛梁"],
                body_start: "日前，湖州市吴兴区织",
                subheads: 0,
                captions: 1,
                paragraphs: 4,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "法护权益 安心在嘉",
                subtitle: Some("嘉兴职工法律服务有了新利好"),
                reporters: &["金钧胤"],
                correspondents: &[],
                photographers: &[],
                body_start: "近日，嘉兴市总工会召",
                subheads: 0,
                captions: 0,
                paragraphs: 6,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "游乡村 助共富",
                subtitle: Some("绍兴“娘家人”开展职工乡村疗休养及春秋游线路考察（越城站）活动"),
                reporters: &["胡翀"],
                correspondents: &[],
                photographers: &[],
                body_start: "“春秋游活动要好玩也",
                subheads: 0,
                captions: 0,
                paragraphs: 5,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "温州传化第三届物流节开幕",
                subtitle: Some("司机想要的 工会来安排"),
                reporters: &[],
                correspondents: &["张浙东"],
                photographers: &[],
                body_start: "“理发、午餐、法律咨",
                subheads: 0,
                captions: 1,
                paragraphs: 4,
            },
            E {
                kind: News,
                column: Some("工会“小灵通”"),
                kicker: None,
                title: "德清工会推动审计服务“零距离”",
                subtitle: None,
                reporters: &["寿慧桢"],
                correspondents: &[],
                photographers: &[],
                body_start: "近年来，德清县总工会",
                subheads: 0,
                captions: 0,
                paragraphs: 3,
            },
        ],
    );
}

#[test]
fn page_003_articles() {
    check_page(
        PAGES[3],
        &[
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "擦亮产业工人创新底色",
                subtitle: Some("嘉兴南湖工会找准助力高质量发展支撑点"),
                reporters: &["阮向民"],
                correspondents: &["祝琳"],
                photographers: &[],
                body_start: "科技是第一生产力、人",
                subheads: 2,
                captions: 0,
                paragraphs: 12,
            },
            E {
                kind: News,
                column: None,
                // The OCR set the second line larger (`##`): it is the title (issue 11; the
                // expectation used to read the block as title + subtitle).
                kicker: Some("专业设置随产业发展而调整"),
                title: "杭州余杭已有8000多名职工参与双提升",
                subtitle: None,
                reporters: &["曾晨路"],
                correspondents: &[],
                photographers: &[],
                body_start: "“我一定会珍惜这来之",
                subheads: 0,
                captions: 0,
                paragraphs: 5,
            },
            E {
                kind: Photo,
                column: None,
                kicker: None,
                title: "“新”增新技能",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &["高峰庆"],
                body_start: "“这次培训干货满满，",
                subheads: 0,
                captions: 1,
                paragraphs: 2,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "每年能为困难职工增收3000~5000元",
                subtitle: Some("新昌工会联合供电局“光FU行”助共富"),
                reporters: &["胡翀"],
                correspondents: &[],
                photographers: &[],
                body_start: "坚持绿色低碳、助力共",
                subheads: 0,
                captions: 0,
                paragraphs: 7,
            },
            E {
                kind: News,
                column: None,
                kicker: None,
                title: "这份外卖真甜！",
                subtitle: Some("充满爱意的日子，“小哥”送来他们的认可"),
                reporters: &["潘仙德"],
                correspondents: &["董莉", "叶肖肖"],
                photographers: &[],
                body_start: "2月14日上午，玉环",
                subheads: 0,
                captions: 0,
                paragraphs: 7,
            },
            E {
                kind: News,
                column: Some("助力“开门红”"),
                kicker: Some("就业“春风”袭来"),
                title: "做好车企零距离对接",
                subtitle: None,
                reporters: &["羊荣江"],
                correspondents: &[],
                photographers: &[],
                body_start: "日前，义乌市总工会在",
                subheads: 0,
                captions: 0,
                paragraphs: 6,
            },
            E {
                kind: News,
                column: Some("助力“开门红”"),
                kicker: Some("就业“春风”袭来"),
                title: "工作能面谈也能“云聊”",
                subtitle: None,
                reporters: &["张浩星"],
                correspondents: &["陈红"],
                photographers: &[],
                body_start: "几十个招聘摊位依次排",
                subheads: 0,
                captions: 0,
                paragraphs: 6,
            },
            E {
                kind: News,
                column: Some("助力“开门红”"),
                kicker: Some("就业“春风”袭来"),
                title: "搭好人才供需桥梁",
                subtitle: None,
                reporters: &["李凡"],
                correspondents: &[],
                photographers: &[],
                body_start: "为全力保障企业用工需",
                subheads: 0,
                captions: 0,
                paragraphs: 2,
            },
        ],
    );
}

#[test]
fn page_004_articles() {
    check_page(
        PAGES[4],
        &[
            E {
                kind: News,
                column: Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时"),
                kicker: None,
                title: "由人才破题 立科创核心",
                subtitle: Some("青山湖科技城总工会持续推动产改聚发展之力"),
                reporters: &["李凡"],
                correspondents: &[],
                photographers: &[],
                body_start: "位于杭州市临安区的青",
                subheads: 3,
                captions: 0,
                paragraphs: 13,
            },
            E {
                kind: News,
                column: Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时"),
                kicker: None,
                title: "温州鹿城区总工会深化“党建带工建” 为工作注入新动力",
                subtitle: None,
                reporters: &["邹伟锋"],
                correspondents: &["郑雪"],
                photographers: &[],
                body_start: "今年以来，温州市鹿城",
                subheads: 0,
                captions: 0,
                paragraphs: 4,
            },
            E {
                kind: Photo,
                column: Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时"),
                kicker: None,
                title: "秀出活力，一起来",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &["邹伟锋", "李琦"],
                body_start: "6月10日，以“余你",
                subheads: 0,
                captions: 1,
                paragraphs: 2,
            },
            E {
                kind: News,
                column: Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时"),
                kicker: None,
                title: "在经典中汲取前行力量 “虞工心居”共建匠心",
                subtitle: None,
                reporters: &["胡翀"],
                correspondents: &[],
                photographers: &[],
                body_start: "“知止而后有定，定而",
                subheads: 0,
                captions: 0,
                paragraphs: 4,
            },
            E {
                kind: News,
                column: Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时"),
                kicker: None,
                title: "武义工会多措并举助职工—— 拥有品质生活提升幸福指数",
                subtitle: None,
                reporters: &["羊荣江"],
                correspondents: &["余德瑞", "陈晓琴"],
                photographers: &[],
                body_start: "“马步要扎实，双手握",
                subheads: 2,
                captions: 0,
                paragraphs: 11,
            },
            E {
                kind: News,
                column: Some("工会“小灵通”"),
                kicker: None,
                title: "文成劳模工匠进基层",
                subtitle: None,
                reporters: &["邹伟锋"],
                correspondents: &["赵巧巧"],
                photographers: &[],
                body_start: "“逆时针旋转代表着迎",
                subheads: 0,
                captions: 0,
                paragraphs: 2,
            },
            E {
                kind: News,
                column: Some("工会“小灵通”"),
                kicker: None,
                title: "台州路桥工会开展惠“新”体检",
                subtitle: None,
                reporters: &["潘仙德"],
                correspondents: &["邱萌琪"],
                photographers: &[],
                body_start: "近日，台州市路桥区总",
                subheads: 0,
                captions: 0,
                paragraphs: 3,
            },
            E {
                kind: News,
                column: Some("工会“小灵通”"),
                kicker: None,
                title: "“玉环工匠学院”揭牌成立",
                subtitle: None,
                reporters: &[],
                correspondents: &["董莉"],
                photographers: &[],
                body_start: "为推进新时代产业工人",
                subheads: 0,
                captions: 0,
                paragraphs: 3,
            },
            E {
                kind: Notice,
                column: Some("大工“惠”"),
                kicker: None,
                title: "省职工服务中心近日公益活动预告",
                subtitle: None,
                reporters: &[],
                correspondents: &[],
                photographers: &[],
                body_start: "活动预计报名时间：6",
                // The four event names; 详情请咨询… is the notice's closing instruction, text.
                subheads: 4,
                captions: 0,
                paragraphs: 18,
            },
        ],
    );
}
fn article<'a>(articles: &'a [Article], title: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article titled {title}"))
}

fn texts(article: &Article) -> Vec<&str> {
    article.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn paragraphs_cut_by_column_breaks_are_joined() {
    let page = parse_seed(PAGES[0]);
    let qiantang = article(&page, "团结引领职工 飞跃而上飞速奔跑");
    assert_eq!(
        qiantang.paragraphs[1].text,
        "一年之计在于春，杭州市钱塘区总工会深入学习贯彻全省“新春第一会”精神，聚力推动经济发展“开门红”“首季红”，制订复工复产15条措施，在思想引领、职工素质提升、构建和谐劳动关系、关心关爱等方面发挥工会独特优势，贡献工会积极力量。"
    );
    // Five narrow lines of the photo story read as one paragraph.
    let photo = article(&page, "开工马力十足");
    assert!(photo.paragraphs[1].text.starts_with(
        "作为从事高性能永磁材料、新型磁性材料及其应用产品的研发、生产及售后服务企业，“日丰磁材”新年伊始都会迎来一个生产小高峰。“这几年，受疫情影响"
    ));

    let page = parse_seed(PAGES[2]);
    let xihu = &page[0];
    assert!(xihu.paragraphs[3].text.contains("选树、表彰、教育活动"));
    assert!(
        xihu.paragraphs[5]
            .text
            .starts_with("畅通职工成长通道，让技高一筹者能“薪高一档”。")
    );
    let jiaxing = article(&page, "法护权益 安心在嘉");
    assert!(
        jiaxing.paragraphs[2]
            .text
            .ends_with("共同推进职工法律服务工作。")
    );
}

#[test]
fn a_paragraph_head_cut_mid_word_is_not_a_subhead() {
    let page = parse_seed(PAGES[1]);
    let xiuzhou = &page[0];
    let subheads: Vec<&str> = xiuzhou
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Subhead)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        subheads,
        [
            "“初心”答卷：强化政治引领 筑牢信仰之基",
            "“匠心”答卷：培养技能人才 服务中心大局",
            "“暖心”答卷：健全帮扶体系 维护职工权益",
            "“同心”答卷：夯实基层基础 规范工会管理",
        ]
    );
    assert!(
        texts(xiuzhou)
            .iter()
            .any(|t| t.starts_with("原来李某和妻子均是残疾人，儿子突然患了白血病"))
    );
    let lin_an = article(&page, "杭州两地开展庆“五一”活动");
    assert_eq!(
        lin_an.paragraphs[2].text,
        "整个“红五月”期间，临安全区各级工会共有相关活动80余场，包括劳模宣讲、技能大赛、文体活动等。"
    );
}

#[test]
fn the_stray_repeated_fragment_is_dropped() {
    let page = parse_seed(PAGES[0]);
    let all: String = page.iter().map(Article::body_text).collect();
    assert_eq!(all.matches("义乌市总工会充分发挥组织优势").count(), 1);
    let yiwu = article(&page, "干实事 出实招 求实效");
    assert!(
        yiwu.paragraphs
            .last()
            .unwrap()
            .text
            .ends_with("进一步构建和谐的劳动关系。")
    );
}

#[test]
fn bylines_are_not_body_text_but_what_follows_them_is() {
    for stem in PAGES {
        for a in parse_seed(stem) {
            for p in &a.paragraphs {
                assert!(
                    !p.text.starts_with("本报讯"),
                    "{stem} {}: {}",
                    a.title,
                    p.text
                );
                assert!(!p.text.contains("报道"), "{stem} {}: {}", a.title, p.text);
            }
        }
    }
    let page = parse_seed(PAGES[3]);
    // **记者阮向民 通讯员祝琳报** / 道 科技是…: the byline is broken over two lines.
    assert!(
        page[0].paragraphs[0]
            .text
            .starts_with("科技是第一生产力、人才是第一资源")
    );
    let page = parse_seed(PAGES[0]);
    // 本报讯 记者李凡 通讯员 / 周敏加、宋月廷报道 近日，…
    let xihu = article(&page, "跨越山海谋共富");
    assert!(
        xihu.paragraphs[0]
            .text
            .starts_with("近日，一辆搭载64名青川籍务工人员")
    );
    // 记者注意到，… opens a paragraph: not a byline.
    let water = article(&page, "5大板块 16项内容");
    assert!(
        water.paragraphs[1]
            .text
            .starts_with("记者注意到，这份新年计划")
    );
}

#[test]
fn captions_and_credits() {
    let page = parse_seed(PAGES[1]);
    let pingyang = article(&page, "主打一个字，“鲜”");
    let tail: Vec<(ParagraphKind, &str)> = pingyang.paragraphs[4..]
        .iter()
        .map(|p| (p.kind, p.text.as_str()))
        .collect();
    assert_eq!(
        tail,
        [
            (
                ParagraphKind::Caption,
                "近日，瑞成公司包装车间班前会上领讲员周鸯鸯（左一）为大家宣讲。"
            ),
            (ParagraphKind::Caption, "记者邹伟锋 摄"),
        ]
    );
    let page = parse_seed(PAGES[0]);
    let jiaxi = &page[3];
    assert_eq!(
        (jiaxi.paragraphs[0].kind, jiaxi.paragraphs[0].text.as_str()),
        (
            ParagraphKind::Caption,
            "加西贝拉工会在车间举办定子绕组整理技能比武。"
        )
    );
    let page = parse_seed(PAGES[4]);
    let photo = article(&page, "秀出活力，一起来");
    // The credit shared the paragraph's line: split off, the paragraph keeps its text.
    assert!(
        photo.paragraphs[0]
            .text
            .ends_with("凝心聚力，展现活力风采。")
    );
    assert_eq!(photo.paragraphs[1].text, "记者邹伟锋 通讯员李琦 摄");
}

#[test]
fn punctuation_is_folded_in_chinese_text_only() {
    let page = parse_seed(PAGES[4]);
    let notice = page.last().unwrap();
    let lines = texts(notice);
    assert!(lines.contains(&"时间：6月19日（周一）晚19:30"));
    assert!(lines.contains(&"时间：6月9日~6月30日12:00~20:30"));
    assert!(lines.contains(&"电话：0571-56000319（工作日）"));
    let page = parse_seed(PAGES[1]);
    assert_eq!(page[0].title, "工会有为如何具体呈现？");
    assert!(
        page[0].paragraphs[0]
            .text
            .starts_with("去年以来，嘉兴秀洲区总工会聚焦工会主责主业，")
    );
    for a in &page {
        for p in &a.paragraphs {
            assert!(
                !p.text.contains([',', ';', '?', '!']),
                "{}: {}",
                a.title,
                p.text
            );
        }
    }
    let page = parse_seed(PAGES[3]);
    assert_eq!(page[3].title, "每年能为困难职工增收3000~5000元");
    assert_eq!(page[4].title, "这份外卖真甜！");
}

#[test]
fn notice_lines_stay_apart() {
    let page = parse_seed(PAGES[4]);
    let notice = page.last().unwrap();
    let first: Vec<(ParagraphKind, &str)> = notice.paragraphs[3..6]
        .iter()
        .map(|p| (p.kind, p.text.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            (ParagraphKind::Subhead, "杂技剧《山水相依》"),
            (ParagraphKind::Text, "时间：6月19日（周一）晚19:30"),
            (ParagraphKind::Text, "地点：杭州运河大剧院"),
        ]
    );
}

// ---- The same articles from every variant of every page ------------------------------------

fn strip_markers(raw: &str) -> String {
    raw.lines()
        .map(|line| {
            let unhashed = line.trim_start_matches('#');
            let unhashed = if unhashed.len() == line.len() {
                line
            } else {
                unhashed.trim_start()
            };
            unhashed.replace("**", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn single_newlines(raw: &str) -> String {
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn indented(raw: &str) -> String {
    raw.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("\u{3000}\u{3000}{}", l.trim_start())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn variants(raw: &str) -> Vec<(&'static str, Vec<u8>)> {
    let crlf = |t: &str| t.replace('\n', "\r\n");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(raw.as_bytes());
    vec![
        ("GB18030", gb18030(raw)),
        ("CRLF", crlf(raw).into_bytes()),
        ("UTF-8 BOM", bom),
        ("no markers", strip_markers(raw).into_bytes()),
        ("single newlines", single_newlines(raw).into_bytes()),
        ("ideographic indents", indented(raw).into_bytes()),
        (
            "all at once, GB18030",
            gb18030(&crlf(&indented(&single_newlines(&strip_markers(raw))))),
        ),
    ]
}

/// The article as a variant must reproduce it: line numbers differ when blank lines go, and
/// without markdown levels a headline block's lines may take other roles (the same lines, in
/// the same order), nothing else.
fn comparable(a: &Article, markers_kept: bool) -> Article {
    let mut a = a.clone();
    if let Some(cut) = a.cut.as_mut() {
        cut.line = 0;
    }
    for d in &mut a.doubts {
        d.line = 0;
    }
    if !markers_kept {
        // Type size is one of the cutter's signs when the OCR kept it.
        if let Some(cut) = a.cut.as_mut() {
            cut.signs.retain(|s| !s.sign.ends_with(" type"));
            cut.score = 0;
        }
        a.doubts.clear();
        a.title = a.headline();
        a.kicker = None;
        a.subtitle = None;
    }
    a
}

#[test]
fn every_variant_of_every_page_gives_the_same_articles() {
    for stem in PAGES {
        let raw = String::from_utf8(raw_page(stem)).unwrap();
        let expected = parse_seed(stem);
        for (name, bytes) in variants(&raw) {
            let got = parse_bytes(stem, &bytes);
            let markers_kept = !name.contains("markers") && !name.contains("all at once");
            assert_eq!(got.len(), expected.len(), "{stem} {name}");
            for (g, e) in got.iter().zip(&expected) {
                assert_eq!(
                    comparable(g, markers_kept),
                    comparable(e, markers_kept),
                    "{stem} {name}: article {}",
                    e.seq
                );
            }
        }
    }
}

#[test]
fn without_markers_only_the_roles_of_a_marked_block_change() {
    let raw = String::from_utf8(raw_page(PAGES[3])).unwrap();
    let plain = parse_bytes(PAGES[3], strip_markers(&raw).as_bytes());
    let yuhang = &plain[1];
    assert_eq!(yuhang.title, "专业设置随产业发展而调整");
    assert_eq!(
        yuhang.subtitle.as_deref(),
        Some("杭州余杭已有8000多名职工参与双提升")
    );
}
