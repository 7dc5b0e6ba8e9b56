//! Classification on articles built from real seed text: the tricky region cases, themes,
//! data-file validation and date inference.

use kanbao::article::{Article, ArticleKind, DateSource, Paragraph, ParagraphKind, Place, Region};
use kanbao::classify::{
    Classifier, ClassifyError, PAGES_TOML, REGIONS_TOML, RegionRef, THEMES_TOML,
};
use kanbao::filter::RegionPick;

fn classifier() -> Classifier {
    Classifier::embedded().expect("the embedded data files are valid")
}

fn article(page: &str, seq: u32, title: &str, paragraphs: &[&str]) -> Article {
    Article {
        id: kanbao::article::article_id(page, seq),
        page: page.to_string(),
        seq,
        title: title.to_string(),
        paragraphs: paragraphs
            .iter()
            .map(|p| Paragraph::new(ParagraphKind::Text, *p))
            .collect(),
        ..Default::default()
    }
}

fn classified(title: &str, paragraphs: &[&str]) -> Article {
    let mut articles = vec![article("test", 1, title, paragraphs)];
    classifier().classify_all(&mut articles);
    articles.pop().unwrap()
}

fn region(city: Option<&str>, county: Option<&str>) -> Region {
    Region {
        province: "浙江省".into(),
        city: city.map(Into::into),
        county: county.map(Into::into),
    }
}

fn place(city: &str, county: Option<&str>, mentions: u32) -> Place {
    Place {
        city: Some(city.into()),
        county: county.map(Into::into),
        mentions,
    }
}

// ---- regions -------------------------------------------------------------------------------

#[test]
fn a_county_level_city_belongs_to_its_prefecture() {
    let a = classified(
        "义乌市总工会助力企业迈好开年第一步",
        &[
            "本报讯 记者羊荣江报道 为助力企业迈好开年第一步,义乌市总工会立足职能优势,深入企业了解掌握企业复工复产情况。",
        ],
    );
    assert_eq!(a.region, region(Some("金华市"), Some("义乌市")));
    assert_eq!(a.places, vec![place("金华市", Some("义乌市"), 2)]);
}

#[test]
fn yuhuan_is_in_taizhou() {
    let a = classified(
        "“玉环工匠学院”揭牌成立",
        &[
            "本报讯 通讯员董莉报道 为推进新时代产业工人队伍建设改革向纵深发展,近日,玉环市总工会联合市教育局、市人力社保局在市中等职业技术学校正式揭牌成立“玉环工匠学院”。",
        ],
    );
    assert_eq!(a.region, region(Some("台州市"), Some("玉环市")));
}

#[test]
fn jiande_is_in_hangzhou() {
    let a = classified(
        "建德举行劳模事迹报告会",
        &["近日,建德市举行庆祝“五一”国际劳动节暨劳模事迹报告会。"],
    );
    assert_eq!(a.region, region(Some("杭州市"), Some("建德市")));
}

#[test]
fn a_partner_region_outside_the_province_is_not_the_region() {
    let a = classified(
        "杭州西湖区总工会 助青川职工顺利返岗",
        &[
            "本报讯 记者李凡 通讯员",
            "周敏加、宋月廷报道 近日,一辆搭载64名青川籍务工人员的西湖·青川东西部协作“点对点”返岗复工专车抵达杭州市西湖区行政服务中心。",
            "浙江西湖·四川青川均因水得名,相融的情感、共同的使命成就了这段东西协作情缘。",
        ],
    );
    assert_eq!(a.region, region(Some("杭州市"), Some("西湖区")));
    assert_eq!(a.places, vec![place("杭州市", Some("西湖区"), 4)]);

    let only_partner = classified(
        "为来自巴州区的务工人员送上关怀",
        &["来自四川青川和巴州区的120余名务工人员抵达。"],
    );
    assert_eq!(only_partner.region, region(None, None));
    assert!(only_partner.places.is_empty());
}

#[test]
fn xihu_inside_a_school_name_is_still_xihu_district() {
    let a = classified(
        "一场特殊的“技能节”",
        &["近日,一场特殊的“技能节”在西湖职业高级中学举办。"],
    );
    assert_eq!(a.region, region(Some("杭州市"), Some("西湖区")));
}

#[test]
fn jinhua_mountain_is_not_jinhua() {
    let c = classifier();
    let mut a = article(
        "test",
        1,
        "万人毅行",
        &["近日,来自全国各地的万名毅行爱好者相聚金华山。"],
    );
    c.classify_all(std::slice::from_mut(&mut a));
    assert_eq!(a.region, region(None, None));
    let why = c.explain(&a);
    assert_eq!(why.region_evidence.ignored.len(), 1);
    assert_eq!(why.region_evidence.ignored[0].text, "金华山");
}

#[test]
fn ningbo_zhoushan_port_is_both_cities() {
    let c = classifier();
    let mut a = article(
        "test",
        1,
        "“港口工匠”大比武",
        &["2023年“港口工匠杯”起重装卸机械智能控制员操作职业技能竞赛在宁波舟山港举行。"],
    );
    c.classify_all(std::slice::from_mut(&mut a));
    assert_eq!(
        a.places,
        vec![place("宁波市", None, 1), place("舟山市", None, 1)]
    );
    // A tie between the two cities goes to the first named, and the explanation says so.
    assert_eq!(a.region, region(Some("宁波市"), None));
    let why = c.explain(&a);
    assert!(
        why.region_evidence.reasons[0].contains("宁波市 and 舟山市 tie"),
        "{:?}",
        why.region_evidence.reasons
    );
}

#[test]
fn a_province_wide_article_has_no_city() {
    let a = classified(
        "省职工服务中心近日公益活动预告",
        &[
            "报名对象:我省工会会员",
            "杂技儿童剧《森林奇境》 时间:6月20日(周二)晚19:00 地点:杭州运河大剧院",
            "详情请咨询省职工服务中心",
        ],
    );
    assert_eq!(a.region, region(None, None));
    // The venue is still listed as a place the article names.
    assert_eq!(a.places, vec![place("杭州市", None, 1)]);
}

#[test]
fn a_provincial_event_held_in_a_city_is_province_wide() {
    // 在杭州 is only the venue (half weight); 全省 names whose event it is.
    let c = classifier();
    let mut a = article(
        "test",
        1,
        "全省职工职业技能大赛在杭州开幕",
        &["日前,浙江省职工职业技能大赛在杭州开幕,来自全省11个设区市的选手参赛。"],
    );
    c.classify_all(std::slice::from_mut(&mut a));
    assert_eq!(a.region, region(None, None));
    assert_eq!(a.places, vec![place("杭州市", None, 2)]);
    let why = c.explain(&a);
    let venue = why
        .region_evidence
        .mentions
        .iter()
        .find(|m| m.city.as_deref() == Some("杭州市"))
        .unwrap();
    assert_eq!(venue.points, 3, "a headline venue counts half of 6");
    assert_eq!(venue.note.as_deref(), Some("a venue (在…) counts half"));
}

#[test]
fn an_article_about_two_places_lists_both_and_picks_no_county() {
    let a = classified(
        "杭州两地开展庆“五一”活动",
        &[
            "本报讯 通讯员郑涛、魏星报道 4月26日,庆“五一”主题活动暨临安区总工会文工团成立20周年文艺活动在杭州临安职工之家举行。",
            "活动现场进行了2023年度“最美职工”等荣誉的颁发。",
            "近日,建德市举行庆祝“五一”国际劳动节暨劳模事迹报告会。",
            "活动还表彰了2022年建德市重点工程项目劳动竞赛先进单位。",
        ],
    );
    assert_eq!(a.region, region(Some("杭州市"), None));
    assert_eq!(
        a.places,
        vec![
            place("杭州市", Some("临安区"), 2),
            place("杭州市", None, 1),
            place("杭州市", Some("建德市"), 2),
        ]
    );
}

#[test]
fn a_city_union_at_a_county_event_is_a_city_story() {
    let a = classified(
        "绍兴“娘家人”开展职工乡村疗休养线路考察(越城站)活动",
        &[
            "日前,绍兴市总工会开展职工乡村疗休养及春秋游线路考察(越城站)活动,行走在越城区鉴湖街道坡塘云松村。",
        ],
    );
    assert_eq!(a.region, region(Some("绍兴市"), None));
    assert_eq!(a.places[0], place("绍兴市", None, 2));
}

#[test]
fn common_word_names_need_context() {
    // 路桥 "roads and bridges", 江山 "the land", 平湖秋月 a West Lake view.
    let plain = classified(
        "致敬路桥建设者的大好河山",
        &["工人们在平湖秋月旁修路桥,守护大好江山。"],
    );
    assert_eq!(plain.region, region(None, None));
    assert!(plain.places.is_empty());

    // An organisation after the name, or the city before it, makes it a place.
    let union = classified("新昌工会联合供电局助共富", &["新昌工会推出光伏共富项目。"]);
    assert_eq!(union.region, region(Some("绍兴市"), Some("新昌县")));
    let qualified = classified("台州路桥用集市的“烟火气”为就业“聚人气”", &[]);
    assert_eq!(qualified.region, region(Some("台州市"), Some("路桥区")));

    // A headline that opens with the name, or sets it off with a colon, means the place.
    let opening = classified(
        "永康五金工匠大比武",
        &["近日,第十届五金工匠技能比武在永康举行。"],
    );
    assert_eq!(opening.region, region(Some("金华市"), Some("永康市")));
    let colon = classified("职工的“娘家” 江山:工会驿站全覆盖", &[]);
    assert_eq!(colon.region, region(Some("衢州市"), Some("江山市")));

    // A weak name also counts when the county is named unmistakably elsewhere.
    let confirmed = classified(
        "这份外卖真甜",
        &[
            "在许多玉环职工的心里,工会就是他们贴心的“娘家人”。",
            "玉环市总工会党组书记说。",
        ],
    );
    assert_eq!(confirmed.region, region(Some("台州市"), Some("玉环市")));
    assert_eq!(confirmed.places, vec![place("台州市", Some("玉环市"), 2)]);
}

#[test]
fn a_company_locates_an_article_only_with_its_city_in_the_text() {
    let alone = classified(
        "在加西贝拉,职工干事创业劲头足",
        &["加西贝拉工会都要张罗一场光荣退休座谈会。"],
    );
    assert_eq!(alone.region, region(None, None));

    let with_city = classified(
        "在加西贝拉,职工干事创业劲头足",
        &[
            "加西贝拉工会都要张罗一场光荣退休座谈会。",
            "号召更多嘉兴本地的行政人员支援一线。",
        ],
    );
    assert_eq!(with_city.region, region(Some("嘉兴市"), Some("秀洲区")));
}

#[test]
fn headline_outweighs_body_and_a_county_implies_its_city() {
    // 宁波 is named twice in the body, 德清 once in the headline with 工会.
    let a = classified(
        "德清工会推动审计服务“零距离”",
        &[
            "本报讯 近年来,县总会创新打造产业园区经审工作指导站。",
            "宁波的同行前来交流,宁波经验也被借鉴。",
        ],
    );
    assert_eq!(a.region, region(Some("湖州市"), Some("德清县")));
    assert_eq!(
        a.places,
        vec![place("湖州市", Some("德清县"), 1), place("宁波市", None, 2)]
    );
}

#[test]
fn region_filters_match_a_city_and_its_counties() {
    let c = classifier();
    let hangzhou = c.gazetteer().resolve("杭州").unwrap();
    let xihu = c.gazetteer().resolve("西湖").unwrap();
    assert_eq!(
        xihu,
        RegionRef {
            city: "杭州市".into(),
            county: Some("西湖区".into())
        }
    );
    let (hangzhou, xihu) = (RegionPick::Place(hangzhou), RegionPick::Place(xihu));
    let in_xihu = (Some("杭州市"), Some("西湖区"));
    let in_yuhang = (Some("杭州市"), Some("余杭区"));
    let province = (None, None);
    let within = |pick: &RegionPick, (city, county): (Option<&str>, Option<&str>)| {
        pick.contains(city, county)
    };
    assert!(within(&hangzhou, in_xihu));
    assert!(within(&hangzhou, in_yuhang));
    assert!(within(&xihu, in_xihu));
    assert!(!within(&xihu, in_yuhang));
    assert!(!within(&hangzhou, province));
    assert!(within(&RegionPick::Province, province));
    assert!(!within(&RegionPick::Province, in_xihu));
}

// ---- themes --------------------------------------------------------------------------------

#[test]
fn the_taxonomy_is_in_order_and_found_by_id_or_label() {
    let c = classifier();
    let ids: Vec<&str> = c.themes().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "skills",
            "craftsmen",
            "reform",
            "wages",
            "employment",
            "gig",
            "care",
            "rights",
            "ideology",
            "culture",
            "organization",
            "production"
        ]
    );
    assert_eq!(c.theme("工资协商").unwrap().id, "wages");
    assert_eq!(c.theme("gig").unwrap().label, "新就业形态");
    assert!(c.theme("wage").is_none());
}

#[test]
fn themes_follow_the_headline_and_need_real_support() {
    let a = classified(
        "让技术工人遇见美好未来",
        &[
            "记者羊荣江报道 “工资集体协商的受益者不只是我们这些从事技术创新的人。”被问及义乌市总工会开展工资集体协商的好处,高志发连连称赞。",
            "通过深入实施“能级工资”集体协商,职工的收入水平得到了实质性提升。",
            "浙江四达工具有限公司与职工签订了“能级工资”集体合同。",
        ],
    );
    assert_eq!(a.themes, vec!["wages"]);
}

#[test]
fn a_close_second_theme_is_kept() {
    let a = classified(
        "台州路桥工会开展惠“新”体检",
        &[
            "近日,台州市路桥区总工会开展活动,为网约车司机、货车司机、保安员等新就业形态劳动者免费体检。",
            "路桥区总工会根据新就业形态劳动者的实际特点,定制了体检项目。",
        ],
    );
    assert_eq!(a.themes, vec!["gig", "care"]);
}

#[test]
fn every_article_gets_a_theme_even_without_any_rule() {
    let a = classified("开幕", &["今天天气晴。"]);
    assert_eq!(a.themes, vec!["organization"]);
}

// ---- explanations ------------------------------------------------------------------------

#[test]
fn the_explanation_accounts_for_region_and_every_theme() {
    let c = classifier();
    let mut a = article(
        "test",
        1,
        "杭州市钱塘区总工会制订助力复工复产15条措施",
        &[
            "本报讯 记者阮向民报道",
            "近日,杭州市钱塘区劳模工匠学院“新春开工第一课”在大师工作室开讲。",
            "钱塘区总工会启动“十百千万”技能竞赛活动,鼓励企业工会开展复工复产专项劳动竞赛。",
        ],
    );
    c.classify_all(std::slice::from_mut(&mut a));
    assert_eq!(a.region, region(Some("杭州市"), Some("钱塘区")));
    let why = c.explain(&a);
    assert_eq!(why.region, a.region);
    assert_eq!(why.themes, a.themes);
    assert_eq!(a.themes[0], "production");
    for theme in &a.themes {
        let score = why
            .theme_evidence
            .scores
            .iter()
            .find(|s| &s.id == theme)
            .unwrap_or_else(|| panic!("{theme} is explained"));
        assert_eq!(
            score.points,
            score.hits.iter().map(|h| h.points).sum::<u32>()
        );
    }
    let headline = &why.region_evidence.mentions[0];
    assert_eq!(headline.text, "杭州市钱塘区");
    assert!(headline.org);
    assert_eq!(headline.points, 12);

    let text = why.to_string();
    assert!(text.contains("Region: 杭州市/钱塘区"), "{text}");
    assert!(text.contains("(organisation ×2)"), "{text}");
    assert!(text.contains("Themes: production"), "{text}");
    assert!(text.contains("rule"), "{text}");
    let json = serde_json::to_value(&why).unwrap();
    assert_eq!(json["region"]["county"], "钱塘区");
    assert_eq!(
        json["region_evidence"]["mentions"][0]["section"],
        "headline"
    );
    assert_eq!(json["theme_evidence"]["themes"][0], "production");
}

// ---- dates ---------------------------------------------------------------------------------

fn dated(pages_toml: &str, pages: &[(&str, ArticleKind, &str)]) -> Vec<Article> {
    let c = Classifier::from_sources(REGIONS_TOML, THEMES_TOML, pages_toml).unwrap();
    let mut articles: Vec<Article> = pages
        .iter()
        .enumerate()
        .map(|(i, (page, kind, text))| Article {
            kind: *kind,
            ..article(page, i as u32 + 1, "标题", &[text])
        })
        .collect();
    c.classify_all(&mut articles);
    articles
}

#[test]
fn an_explicit_year_dates_the_whole_page() {
    let a = dated(
        PAGES_TOML,
        &[
            ("p1", ArticleKind::News, "预估2023年一季度产值9000万元。"),
            ("p1", ArticleKind::News, "去年以来,工会工作取得新成效。"),
            ("p2", ArticleKind::News, "近日,工会开展活动。"),
        ],
    );
    assert_eq!(a[0].date.as_deref(), Some("2023"));
    assert_eq!(a[1].date.as_deref(), Some("2023"), "same page, same date");
    assert_eq!(a[0].date_source, Some(DateSource::Inferred));
    assert_eq!(a[2].date, None, "no evidence, no date");
    assert_eq!(a[2].date_source, None);
}

#[test]
fn a_weekday_fixes_the_year() {
    // 29 February is a Thursday only in 2024 within 2015–2030.
    let a = dated(
        PAGES_TOML,
        &[("p", ArticleKind::Notice, "时间:2月29日(周四)晚19:30")],
    );
    assert_eq!(a[0].date.as_deref(), Some("2024"));
}

#[test]
fn a_weekday_that_fits_several_years_needs_agreement() {
    // 19 June is a Monday in 2017, 2023 and 2028.
    let alone = dated(
        PAGES_TOML,
        &[("p", ArticleKind::Notice, "时间:6月19日(周一)晚19:30")],
    );
    assert_eq!(alone[0].date, None);

    let agreed = dated(
        PAGES_TOML,
        &[
            (
                "p",
                ArticleKind::News,
                "6月10日,2023年度职工运动会在余杭体育馆举行。",
            ),
            (
                "p",
                ArticleKind::Notice,
                "时间:6月19日(周一)晚19:30 报名时间:6月13日",
            ),
        ],
    );
    // The year agrees with 2023年度; reported 6月10日 and announced 6月19日 pin June.
    assert_eq!(agreed[0].date.as_deref(), Some("2023-06"));
    assert_eq!(agreed[1].date.as_deref(), Some("2023-06"));
}

#[test]
fn zodiac_years_and_plans() {
    let rabbit = dated(
        PAGES_TOML,
        &[("p", ArticleKind::News, "新年先领“兔年关怀计划”")],
    );
    assert_eq!(rabbit[0].date.as_deref(), Some("2023"));

    let contradiction = dated(
        PAGES_TOML,
        &[(
            "p",
            ArticleKind::News,
            "兔年关怀计划。2024年织里镇趣味运动会。",
        )],
    );
    assert_eq!(contradiction[0].date, None);

    let plan = dated(
        PAGES_TOML,
        &[("p", ArticleKind::News, "到2025年培育工匠100名。")],
    );
    assert_eq!(plan[0].date, None, "a plan's year is not the print year");
}

#[test]
fn the_manifest_wins_over_the_text() {
    let manifest = "[pages.p]\ndate = \"2023-02-01\"\nedition = \"基层\"\nnumber = 3\n";
    let a = dated(manifest, &[("p", ArticleKind::News, "2024年")]);
    assert_eq!(a[0].date.as_deref(), Some("2023-02-01"));
    assert_eq!(a[0].date_source, Some(DateSource::Manifest));
    let c = Classifier::from_sources(REGIONS_TOML, THEMES_TOML, manifest).unwrap();
    assert_eq!(c.page_info("p").unwrap().number, Some(3));
}

// ---- validation ----------------------------------------------------------------------------

fn invalid_message(regions: &str, themes: &str, pages: &str) -> String {
    Classifier::from_sources(regions, themes, pages)
        .expect_err("invalid data must be rejected")
        .to_string()
}

#[test]
fn a_duplicate_place_name_is_an_error_naming_both_entries() {
    let regions = REGIONS_TOML.replacen("\"转塘街道\"", "\"新碶街道\"", 1);
    let message = invalid_message(&regions, THEMES_TOML, PAGES_TOML);
    assert!(message.starts_with("regions.toml line "), "{message}");
    assert!(
        message.contains(
            "新碶街道 is listed under both 杭州市/西湖区 (place) and 宁波市/北仑区 (place)"
        ),
        "{message}"
    );
}

#[test]
fn a_duplicate_short_name_is_an_error() {
    let regions = REGIONS_TOML.replacen("short = \"滨江\"", "short = \"西湖\"", 1);
    let message = invalid_message(&regions, THEMES_TOML, PAGES_TOML);
    assert!(
        message.contains(
            "西湖 is listed under both 杭州市/西湖区 (short name) and 杭州市/滨江区 (short name)"
        ),
        "{message}"
    );
}

#[test]
fn a_dangling_county_is_an_error() {
    let regions = REGIONS_TOML.replacen("county = \"秀洲区\"", "county = \"秀州区\"", 1);
    let message = invalid_message(&regions, THEMES_TOML, PAGES_TOML);
    assert!(
        message.contains("company 加西贝拉 names county 秀州区, which is not a county of 嘉兴市"),
        "{message}"
    );
    let regions = REGIONS_TOML.replacen(
        "cities = [\"宁波市\", \"舟山市\"]",
        "cities = [\"宁波市\", \"舟州市\"]",
        1,
    );
    let message = invalid_message(&regions, THEMES_TOML, PAGES_TOML);
    assert!(message.contains("names unknown city 舟州市"), "{message}");
}

#[test]
fn a_county_without_a_proper_suffix_is_an_error() {
    let regions = REGIONS_TOML.replacen("name = \"上城区\"", "name = \"上城\"", 1);
    let message = invalid_message(&regions, THEMES_TOML, PAGES_TOML);
    assert!(
        message.contains("county 杭州市/上城 must be a full name ending in 区, 市 or 县"),
        "{message}"
    );
}

#[test]
fn an_unknown_theme_in_a_rule_is_an_error_with_its_number() {
    let themes = THEMES_TOML.replacen("theme = \"wages\"", "theme = \"wage\"", 1);
    let error = Classifier::from_sources(REGIONS_TOML, &themes, PAGES_TOML).unwrap_err();
    let ClassifyError::Invalid {
        file,
        line,
        message,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*file, "themes.toml");
    assert_eq!(
        message,
        "rule 8 names unknown theme 'wage'; use one of the [[theme]] ids"
    );
    let rule_line = themes
        .lines()
        .position(|l| l.contains("theme = \"wage\""))
        .unwrap();
    assert_eq!(
        *line,
        Some(rule_line),
        "the line of the rule's [[rule]] header"
    );
}

#[test]
fn a_phrase_in_two_rules_is_an_error() {
    let themes = THEMES_TOML.replacen("\"快递小哥\",", "\"快递小哥\", \"帮扶\",", 1);
    let message = invalid_message(REGIONS_TOML, &themes, PAGES_TOML);
    assert!(
        message.contains("phrase '帮扶' is in both rule"),
        "{message}"
    );
}

#[test]
fn broken_toml_and_bad_dates_name_the_file() {
    let message = invalid_message("[[city]\n", THEMES_TOML, PAGES_TOML);
    assert!(
        message.starts_with("regions.toml: not valid TOML"),
        "{message}"
    );
    let message = invalid_message(
        REGIONS_TOML,
        THEMES_TOML,
        "[pages.p]\ndate = \"2023-02-30\"\n",
    );
    assert!(
        message.starts_with("pages.toml line 2: page p has date '2023-02-30'"),
        "{message}"
    );
}

#[test]
fn the_fingerprint_follows_the_data() {
    let a = classifier().fingerprint();
    assert_eq!(a, classifier().fingerprint());
    let themes = THEMES_TOML.replacen("cap = 3", "cap = 4", 1);
    let b = Classifier::from_sources(REGIONS_TOML, &themes, PAGES_TOML)
        .unwrap()
        .fingerprint();
    assert_ne!(a, b);
}

// ---- robustness ----------------------------------------------------------------------------

mod never_panics {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(classifier);

    /// Text made of place names, theme words, dates and noise, in any order.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("杭州市".to_string()),
            Just("西湖".to_string()),
            Just("总工会".to_string()),
            Just("路桥".to_string()),
            Just("宁波舟山港".to_string()),
            Just("加西贝拉".to_string()),
            Just("省总工会".to_string()),
            Just("金华山".to_string()),
            Just("春风行动".to_string()),
            Just("6月19日(周一)".to_string()),
            Just("2月30日（星期九）".to_string()),
            Just("13月1日".to_string()),
            Just("9999年".to_string()),
            Just("兔年".to_string()),
            Just("（周".to_string()),
            any::<char>().prop_map(String::from),
            "[0-9０-９年月日号周()（）]{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn any_text_classifies_to_valid_values(
            title in prop::collection::vec(fragment(), 0..6),
            body in prop::collection::vec(prop::collection::vec(fragment(), 0..8), 0..4),
        ) {
            let c = &*CLASSIFIER;
            let paragraphs: Vec<String> = body.iter().map(|p| p.concat()).collect();
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let mut a = article("p", 1, &title.concat(), &refs);
            c.classify_all(std::slice::from_mut(&mut a));
            prop_assert!((1..=3).contains(&a.themes.len()));
            prop_assert!(a.themes.iter().all(|t| c.theme(t).is_some()));
            if let Some(city) = &a.region.city {
                let known = c.gazetteer().city(city).expect("a gazetteer city");
                if let Some(county) = &a.region.county {
                    prop_assert!(known.counties.iter().any(|k| &k.name == county));
                }
            } else {
                prop_assert!(a.region.county.is_none());
            }
            if let Some(date) = &a.date {
                prop_assert!(date.len() == 4 || date.len() == 7, "{}", date);
            }
            let _ = c.explain(&a).to_string();
        }
    }
}
