//! Articles cut by hand from the bundled seed pages (real text, real line ranges), with the
//! region, themes and dates a classifier would give them. They let the search tests run before
//! and independently of the page parser; `parsed_seed_articles` in the tests covers the parser's
//! own output.
#![allow(dead_code)]

use kanbao::article::{Article, Byline, Paragraph, ParagraphKind, Region, article_id};

pub struct Spec {
    pub page: &'static str,
    pub seq: u32,
    pub kicker: Option<&'static str>,
    pub title: &'static str,
    pub subtitle: Option<&'static str>,
    /// 1-based, inclusive line range of the page that holds the body.
    pub lines: (usize, usize),
    pub reporters: &'static [&'static str],
    pub correspondents: &'static [&'static str],
    pub photographers: &'static [&'static str],
    pub city: Option<&'static str>,
    pub county: Option<&'static str>,
    pub themes: &'static [&'static str],
    pub date: Option<&'static str>,
}

const P0: &str = "000_b4d91279af1e54d0";
const P1: &str = "001_ae5e4d94e8aab770";
const P2: &str = "002_b5643cc4bf363cac";
const P3: &str = "003_07a11bd3a0ed1947";
const P4: &str = "004_5e095e8848833827";

pub const SPECS: &[Spec] = &[
    Spec {
        page: P0,
        seq: 1,
        kicker: Some("助力“开门红”"),
        title: "团结引领职工 飞跃而上飞速奔跑",
        subtitle: Some("杭州市钱塘区总工会制订助力复工复产15条措施"),
        lines: (11, 27),
        reporters: &["阮向民"],
        correspondents: &[],
        photographers: &[],
        city: Some("杭州市"),
        county: Some("钱塘区"),
        themes: &["skills", "care"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 2,
        kicker: Some("干实事 出实招 求实效"),
        title: "义乌市总工会助力企业迈好开年第一步",
        subtitle: None,
        lines: (34, 44),
        reporters: &["羊荣江"],
        correspondents: &[],
        photographers: &[],
        city: Some("金华市"),
        county: Some("义乌市"),
        themes: &["employment"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 3,
        kicker: None,
        title: "开工马力十足",
        subtitle: None,
        lines: (50, 64),
        reporters: &[],
        correspondents: &[],
        photographers: &["王燕红"],
        city: Some("宁波市"),
        county: Some("北仑区"),
        themes: &["employment"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 4,
        kicker: Some("工会建设“三心工程”得人心"),
        title: "在加西贝拉，职工干事创业劲头足",
        subtitle: None,
        lines: (72, 102),
        reporters: &["金钩"],
        correspondents: &[],
        photographers: &[],
        city: Some("嘉兴市"),
        county: Some("南湖区"),
        themes: &["care", "skills"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 5,
        kicker: Some("跨越山海谋共富"),
        title: "杭州西湖区总工会助青川职工顺利返岗",
        subtitle: None,
        lines: (111, 113),
        reporters: &["李凡"],
        correspondents: &["周敏加", "宋月廷"],
        photographers: &[],
        city: Some("杭州市"),
        county: Some("西湖区"),
        themes: &["employment"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 6,
        kicker: Some("赶个热闹 就找到了心仪工作"),
        title: "台州路桥用集市的“烟火气”为就业“聚人气”",
        subtitle: None,
        lines: (122, 126),
        reporters: &["潘仙德"],
        correspondents: &["邱萌翹"],
        photographers: &[],
        city: Some("台州市"),
        county: Some("路桥区"),
        themes: &["employment"],
        date: Some("2023-01"),
    },
    Spec {
        page: P0,
        seq: 7,
        kicker: Some("5大板块 16项内容"),
        title: "宁波“水务职工”新年先领“兔年关怀计划”",
        subtitle: None,
        lines: (135, 149),
        reporters: &["张浩星"],
        correspondents: &["胡晓萍"],
        photographers: &[],
        city: Some("宁波市"),
        county: None,
        themes: &["care"],
        date: Some("2023-01"),
    },
    Spec {
        page: P1,
        seq: 1,
        kicker: Some("工会有为如何具体呈现?"),
        title: "这份用“心”书写的答卷很“秀”",
        subtitle: None,
        lines: (7, 51),
        reporters: &[],
        correspondents: &["蒋或森"],
        photographers: &[],
        city: Some("嘉兴市"),
        county: Some("秀洲区"),
        themes: &["care"],
        date: Some("2023-05"),
    },
    Spec {
        page: P1,
        seq: 2,
        kicker: Some("红五月"),
        title: "讲好劳动故事有门道",
        subtitle: Some("衢州劳模工匠理论宣讲团成员培训班开讲"),
        lines: (59, 65),
        reporters: &["李凡"],
        correspondents: &["徐冬云"],
        photographers: &[],
        city: Some("衢州市"),
        county: None,
        themes: &["culture"],
        date: Some("2023-05"),
    },
    Spec {
        page: P1,
        seq: 7,
        kicker: None,
        title: "湖州南浔工会多维度提升职工生活品质",
        subtitle: Some("把关键小事办成暖心大事"),
        lines: (101, 113),
        reporters: &["程雪"],
        correspondents: &["张斌"],
        photographers: &[],
        city: Some("湖州市"),
        county: Some("南浔区"),
        themes: &["care"],
        date: Some("2023-05"),
    },
    Spec {
        page: P1,
        seq: 8,
        kicker: None,
        title: "平阳“守好红色根脉·班前十分钟活动”",
        subtitle: Some("主打一个字,“鲜”"),
        lines: (123, 137),
        reporters: &["邹伟锋", "金钧胤"],
        correspondents: &[],
        photographers: &[],
        city: Some("温州市"),
        county: Some("平阳县"),
        themes: &["culture"],
        date: Some("2023-05"),
    },
    Spec {
        page: P2,
        seq: 1,
        kicker: None,
        title: "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”",
        subtitle: None,
        lines: (8, 24),
        reporters: &["吴晓静"],
        correspondents: &[],
        photographers: &[],
        city: Some("杭州市"),
        county: Some("西湖区"),
        themes: &["skills"],
        date: Some("2023-02"),
    },
    Spec {
        page: P2,
        seq: 2,
        kicker: Some("让技术工人遇见美好未来"),
        title: "义乌1000余家企业将“能级工资”写入集体合同",
        subtitle: None,
        lines: (30, 56),
        reporters: &["羊荣江"],
        correspondents: &["方旭", "傅立华"],
        photographers: &[],
        city: Some("金华市"),
        county: Some("义乌市"),
        themes: &["wages", "skills"],
        date: Some("2023-02"),
    },
    Spec {
        page: P2,
        seq: 4,
        kicker: Some("法护权益 安心在嘉"),
        title: "嘉兴职工法律服务有了新利好",
        subtitle: None,
        lines: (76, 94),
        reporters: &["金钧胤"],
        correspondents: &[],
        photographers: &[],
        city: Some("嘉兴市"),
        county: None,
        themes: &["law"],
        date: Some("2023-02"),
    },
    Spec {
        page: P3,
        seq: 1,
        kicker: None,
        title: "擦亮产业工人创新底色",
        subtitle: Some("嘉兴南湖工会找准助力高质量发展支撑点"),
        lines: (8, 38),
        reporters: &["阮向民"],
        correspondents: &["祝琳"],
        photographers: &[],
        city: Some("嘉兴市"),
        county: Some("南湖区"),
        themes: &["skills"],
        date: Some("2023-02"),
    },
    Spec {
        page: P3,
        seq: 4,
        kicker: Some("每年能为困难职工增收3000~5000元"),
        title: "新昌工会联合供电局“光FU行”助共富",
        subtitle: None,
        lines: (69, 87),
        reporters: &["胡翀"],
        correspondents: &[],
        photographers: &[],
        city: Some("绍兴市"),
        county: Some("新昌县"),
        themes: &["care"],
        date: Some("2023-02"),
    },
    Spec {
        page: P3,
        seq: 7,
        kicker: Some("就业“春风”袭来"),
        title: "做好车企零距离对接",
        subtitle: None,
        lines: (122, 132),
        reporters: &["羊荣江"],
        correspondents: &[],
        photographers: &[],
        city: Some("金华市"),
        county: Some("义乌市"),
        themes: &["employment"],
        date: Some("2023-02"),
    },
    Spec {
        page: P4,
        seq: 1,
        kicker: Some("由人才破题 立科创核心"),
        title: "青山湖科技城总工会持续推动产改聚发展之力",
        subtitle: None,
        lines: (10, 40),
        reporters: &["李凡"],
        correspondents: &[],
        photographers: &[],
        city: Some("杭州市"),
        county: Some("临安区"),
        themes: &["skills"],
        date: Some("2023-06"),
    },
    Spec {
        page: P4,
        seq: 2,
        kicker: None,
        title: "温州鹿城区总工会深化“党建带工建” 为工作注入新动力",
        subtitle: None,
        lines: (45, 51),
        reporters: &["邹伟锋"],
        correspondents: &["郑雪"],
        photographers: &[],
        city: Some("温州市"),
        county: Some("鹿城区"),
        themes: &["culture"],
        date: Some("2023-06"),
    },
    Spec {
        page: P4,
        seq: 5,
        kicker: None,
        title: "武义工会多措并举助职工—— 拥有品质生活提升幸福指数",
        subtitle: None,
        lines: (83, 109),
        reporters: &["羊荣江"],
        correspondents: &["余德瑞"],
        photographers: &[],
        city: Some("金华市"),
        county: Some("武义县"),
        themes: &["wages", "care"],
        date: Some("2023-06"),
    },
];

fn page_text(page: &str) -> String {
    let path = format!("{}/data/pages/{page}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// One article from its spec: the non-empty lines of its range, markdown markers removed.
pub fn article(spec: &Spec) -> Article {
    let text = page_text(spec.page);
    let paragraphs = text
        .lines()
        .enumerate()
        .filter(|(i, _)| (spec.lines.0..=spec.lines.1).contains(&(i + 1)))
        .map(|(_, line)| line.trim().trim_start_matches('#').trim().replace("**", ""))
        .filter(|line| !line.is_empty())
        .map(|line| Paragraph::new(ParagraphKind::Text, line))
        .collect();
    let names = |list: &[&str]| list.iter().map(std::string::ToString::to_string).collect();
    Article {
        id: article_id(spec.page, spec.seq),
        page: spec.page.to_string(),
        seq: spec.seq,
        kicker: spec.kicker.map(str::to_string),
        title: spec.title.to_string(),
        subtitle: spec.subtitle.map(str::to_string),
        byline: Byline {
            reporters: names(spec.reporters),
            correspondents: names(spec.correspondents),
            photographers: names(spec.photographers),
        },
        paragraphs,
        region: Region {
            province: "浙江省".to_string(),
            city: spec.city.map(str::to_string),
            county: spec.county.map(str::to_string),
        },
        themes: spec
            .themes
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        date: spec.date.map(str::to_string),
        ..Article::default()
    }
}

pub fn articles() -> Vec<Article> {
    SPECS.iter().map(article).collect()
}

/// The id of the fixture article whose title contains `needle` (exactly one must).
pub fn id_of(articles: &[Article], needle: &str) -> String {
    let found: Vec<&Article> = articles
        .iter()
        .filter(|a| a.title.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "title fragment {needle} must name one article"
    );
    found[0].id.clone()
}
