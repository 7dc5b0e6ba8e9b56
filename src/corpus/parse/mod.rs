//! One page of OCR text → its articles, in page order. Pure: no I/O.
//!
//! The stages, each a small module:
//! 1. `text`: lines cleaned (markers stripped, indents trimmed, half-width punctuation folded
//!    inside Chinese text); blank lines dropped, since pages come with and without them.
//! 2. `lines`: trailing photo credits split off their paragraph; stray repeated fragments
//!    dropped; bylines broken over lines joined; each line classified (byline, credit, text).
//! 3. `segment`: where articles start: above each byline (its headline block and an optional
//!    caption), at a picture's headline (found back from its credit), at a notice's headline.
//! 4. `headline`: each headline block split into column, kicker, title and subtitle; then
//!    group headlines and column labels are shared with the short reports under them.
//! 5. `body`: paragraphs: bylines and credits read, subheads and captions told apart, and
//!    paragraphs cut by a column break joined again.

mod body;
mod byline;
mod furniture;
mod headline;
mod lines;
mod notes;
mod segment;
mod text;

use std::collections::BTreeMap;

use crate::article::{Article, ArticleKind, Byline, Cut, CutSign, Doubt, DoubtKind, article_id};
use crate::classify::region::{embedded_gazetteer, named_places};
use lines::{Item, Origin};
use segment::{Anchor, Forced, PlaceKey, Why};

/// A byline alone (通讯员某某报道 with no headline or text around it) is no article: nothing to
/// list or read (found by the `cutter` fuzz target). Its names sign the article above it, or at
/// the top of a page the one below, so no credit is lost (found by `tests/parse_props.rs`).
fn fold_lone_bylines(articles: &mut Vec<Article>) {
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    let mut above_all = Byline::default();
    for mut article in articles.drain(..) {
        if article.title.trim().is_empty() && article.paragraphs.is_empty() {
            match kept.last_mut() {
                Some(above) => above.byline.merge(&article.byline),
                None => above_all.merge(&article.byline),
            }
            continue;
        }
        if kept.is_empty() && !above_all.is_empty() {
            above_all.merge(&article.byline);
            article.byline = std::mem::take(&mut above_all);
        }
        kept.push(article);
    }
    *articles = kept;
}

/// A user's corrections for one page (from `pages.toml`): lines are named by their text as
/// printed (a prefix of at least a few characters is enough; markers and indents ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Corrections {
    /// An article starts at each of these lines.
    pub split_before: Vec<String>,
    /// No article starts at these lines: each is glued to the article above.
    pub join: Vec<String>,
    /// The article whose headline block holds the line gets this title.
    pub title: BTreeMap<String, String>,
}

/// A correction that named no line of its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnusedCorrection {
    pub kind: &'static str,
    pub line: String,
}

/// The page's articles in page order. `page` is the file stem (e.g. `000_b4d91279af1e54d0`).
/// Region, places, themes and date are left at their defaults for the classifier.
pub fn parse_page(page: &str, text: &str) -> Vec<Article> {
    parse_page_with(page, text, &Corrections::default()).0
}

/// [`parse_page`] with the user's corrections applied; also says which corrections matched no
/// line (so `kanbao check` can report them).
pub(crate) fn parse_page_with(
    page: &str,
    text: &str,
    corrections: &Corrections,
) -> (Vec<Article>, Vec<UnusedCorrection>) {
    let (items, origins) = lines::classify(text::clean_lines(text));
    let (forced, unused) = locate(&items, corrections);
    let places = |t: &str| -> Vec<PlaceKey> {
        embedded_gazetteer().map_or_else(Vec::new, |g| named_places(g, t))
    };
    let levels: Vec<Option<u8>> = origins.iter().map(|o| o.level).collect();
    let seg = segment::article_starts(&items, &levels, &places, &forced);
    let starts = seg.starts;
    let mut articles = Vec::with_capacity(starts.len());
    let mut singles = Vec::with_capacity(starts.len());
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(items.len(), |next| next.at);
        let head_items = &items[start.at..start.at + start.head_len];
        let head_lines: Vec<String> = head_items.iter().map(|i| i.text().to_string()).collect();
        let levels: Vec<Option<u8>> = origins[start.at..start.at + start.head_len]
            .iter()
            .map(|o| o.level)
            .collect();
        let mut head =
            headline::assign_roles(&head_lines, &levels, start.at == 0 && start.head_len > 0);
        if let Some(title) = corrected_title(&head_lines, corrections) {
            head.title = title;
        }
        let body = body::assemble(&items[start.at + start.head_len..end], start.kind);
        let seq = u32::try_from(n + 1).unwrap_or(u32::MAX);
        singles.push(head.single);
        let mut article = Article {
            id: article_id(page, seq),
            page: page.to_string(),
            seq,
            kind: start.kind,
            column: head.column,
            kicker: head.kicker,
            title: head.title,
            subtitle: head.subtitle,
            byline: body.byline,
            paragraphs: body.paragraphs,
            continued_to: body.continued_to,
            continued_from: body.continued_from,
            credits: body.credits,
            cut: Some(cut_of(&start.why, origins.get(start.at))),
            ..Article::default()
        };
        article.doubts = doubts(&article, start, &seg.rejected, &origins, end);
        articles.push(article);
    }
    share_group_headlines(&mut articles, &singles);
    fold_lone_bylines(&mut articles);
    // The rest are numbered in page order.
    for (n, article) in articles.iter_mut().enumerate() {
        article.seq = u32::try_from(n + 1).unwrap_or(u32::MAX);
        article.id = article_id(page, article.seq);
    }
    (articles, unused)
}

fn cut_of(why: &Why, origin: Option<&Origin>) -> Cut {
    Cut {
        line: origin.map_or(0, |o| o.line),
        anchor: why.anchor.label().to_string(),
        score: why.score,
        signs: why
            .signs
            .iter()
            .map(|s| CutSign {
                sign: s.name.to_string(),
                weight: s.weight,
                detail: s.detail.clone(),
            })
            .collect(),
    }
}

/// The shortest article (characters of text) not worth a doubt: a one-line brief is about 60.
const SHORT_ARTICLE_CHARS: usize = 60;
/// The longest article not worth a doubt: the paper's longest features run to about 4,000
/// characters on one page; more is likely two articles glued together.
const LONG_ARTICLE_CHARS: usize = 4500;

/// What the reader should look at twice in this article's cut.
fn doubts(
    article: &Article,
    start: &segment::Start,
    rejected: &[segment::Rejected],
    origins: &[Origin],
    end: usize,
) -> Vec<Doubt> {
    let line_of = |i: usize| origins.get(i).map_or(0, |o| o.line);
    let mut out = Vec::new();
    if start.why.anchor == Anchor::Evidence && start.why.score <= segment::NEW_ARTICLE_SCORE {
        out.push(Doubt {
            line: line_of(start.at),
            kind: DoubtKind::CloseCall,
            reason: format!(
                "starts on evidence scoring {} (threshold {})",
                start.why.score,
                segment::NEW_ARTICLE_SCORE
            ),
        });
    }
    // `rejected` is in page order.
    let from = rejected.partition_point(|r| r.at <= start.at);
    for r in rejected[from..].iter().take_while(|r| r.at < end) {
        // Only lines that came close: a subhead of a feature with several others is not a
        // doubt.
        if r.why.score >= segment::NEW_ARTICLE_SCORE - 2 {
            out.push(Doubt {
                line: line_of(r.at),
                kind: DoubtKind::HeadlineInBody,
                reason: format!(
                    "headline-shaped line kept in the body (score {}: {})",
                    r.why.score,
                    r.why
                        .signs
                        .iter()
                        .map(|s| format!("{} {:+}", s.name, s.weight))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    if article.title.trim().is_empty() {
        out.push(Doubt {
            line: line_of(start.at),
            kind: DoubtKind::EmptyTitle,
            reason: "no headline found above the text".into(),
        });
    }
    let chars: usize = article
        .paragraphs
        .iter()
        .map(|p| text::char_len(&p.text))
        .sum();
    if chars < SHORT_ARTICLE_CHARS {
        out.push(Doubt {
            line: line_of(start.at),
            kind: DoubtKind::Short,
            reason: format!("only {chars} characters of text"),
        });
    } else if chars > LONG_ARTICLE_CHARS {
        out.push(Doubt {
            line: line_of(start.at),
            kind: DoubtKind::Long,
            reason: format!("{chars} characters of text: two articles glued together?"),
        });
    }
    out
}

/// Folds a correction's line the way page lines are cleaned, so `(下转第4版)` and `## 标题`
/// name the same lines as `（下转第4版）` and `标题`.
fn clean_key(line: &str) -> String {
    text::clean_lines(line)
        .into_iter()
        .map(|l| l.text)
        .collect::<String>()
}

/// The first item whose text starts with `key` (cleaned).
fn find_line(items: &[Item], key: &str) -> Option<usize> {
    let key = clean_key(key);
    (!key.is_empty())
        .then(|| items.iter().position(|i| i.text().starts_with(&key)))
        .flatten()
}

/// The item indexes the corrections name, and the corrections that named none.
fn locate(items: &[Item], corrections: &Corrections) -> (Forced, Vec<UnusedCorrection>) {
    let mut forced = Forced::default();
    let mut unused = Vec::new();
    for (kind, list, into) in [
        (
            "split_before",
            &corrections.split_before,
            &mut forced.split_before,
        ),
        ("join", &corrections.join, &mut forced.join),
    ] {
        for line in list {
            match find_line(items, line) {
                Some(i) => into.push(i),
                None => unused.push(UnusedCorrection {
                    kind,
                    line: line.clone(),
                }),
            }
        }
    }
    for line in corrections.title.keys() {
        if find_line(items, line).is_none() {
            unused.push(UnusedCorrection {
                kind: "title",
                line: line.clone(),
            });
        }
    }
    (forced, unused)
}

/// The corrected title of a headline block that holds a line named in `title`.
fn corrected_title(head_lines: &[String], corrections: &Corrections) -> Option<String> {
    corrections.title.iter().find_map(|(line, title)| {
        let key = clean_key(line);
        (!key.is_empty() && head_lines.iter().any(|h| h.starts_with(&key))).then(|| title.clone())
    })
}

/// The longest title (characters) of a short report under a group headline.
const GROUP_REPORT_TITLE_CHARS: usize = 12;
/// The longest shared group headline (characters).
const GROUP_HEADLINE_CHARS: usize = 10;

/// Shares a group headline and column labels with the short reports printed under them.
///
/// * **Group.** Column + short headline + short second line, followed by reports that have
///   only a short title and a byline (助力“开门红” / 就业“春风”袭来 / 做好车企零距离对接, then
///   工作能面谈也能“云聊”, 搭好人才供需桥梁): the shared line is each report's kicker, the
///   column each report's column, and each report's own headline its title.
/// * **Column.** An article whose headline is a lone title carries on the column of the article
///   above it (工会“小灵通” over three briefs; a page banner over the page), until an article with
///   a fuller headline (kicker or subtitle) or a column of its own.
fn share_group_headlines(articles: &mut [Article], singles: &[bool]) {
    let is_report = |a: &Article, single: bool| {
        single
            && a.column.is_none()
            && a.kind == ArticleKind::News
            && !a.byline.is_empty()
            && text::char_len(&a.title) <= GROUP_REPORT_TITLE_CHARS
    };
    let mut i = 0;
    while i < articles.len() {
        let a = &articles[i];
        let heads_group = a.column.is_some()
            && a.kicker.is_none()
            && text::char_len(&a.title) <= GROUP_HEADLINE_CHARS
            && a.subtitle
                .as_deref()
                .is_some_and(|s| text::char_len(s) <= GROUP_REPORT_TITLE_CHARS)
            && articles
                .get(i + 1)
                .is_some_and(|next| is_report(next, singles[i + 1]));
        if heads_group {
            let group = &mut articles[i];
            let report_title = group.subtitle.take().unwrap_or_default();
            let shared = std::mem::replace(&mut group.title, report_title);
            group.kicker = Some(shared.clone());
            let column = group.column.clone();
            let mut j = i + 1;
            while j < articles.len() && is_report(&articles[j], singles[j]) {
                articles[j].column.clone_from(&column);
                articles[j].kicker = Some(shared.clone());
                j += 1;
            }
            i = j;
            continue;
        }
        if i > 0 && singles[i] && articles[i].column.is_none() {
            let above = articles[i - 1].column.clone();
            articles[i].column = above;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    //! The shapes of issue 11, each on a small page of invented sentences.
    use super::*;
    use crate::article::ParagraphKind;

    fn titles(page: &str) -> Vec<String> {
        parse_page("t", page).into_iter().map(|a| a.title).collect()
    }

    const FEATURE: &str = "\
一间小屋暖了职工心
■通讯员 方明
走进城东的一条小巷，一间小屋里坐满了下班的职工。这是义乌市某街道总工会去年建起的职工之家。
屋子虽小，该有的都有
屋里摆着书架、沙发和微波炉。义乌的职工们说，下班后来坐一坐，心里踏实。
活动虽少，样样实用
每周三晚上，街道总工会请来律师，为义乌的职工解答劳动合同方面的问题。
";

    #[test]
    fn no_credited_name_is_lost_to_a_byline_on_its_own() {
        // Two byline lines in a row sign one article.
        let page = "本报讯 记者阮向民报道\n记者金钩报道 近日，嘉兴市总工会为退休职工举办座谈会，新老职工齐坐一堂。\n";
        let articles = parse_page("t", page);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].byline.reporters, ["阮向民", "金钩"]);
        // A byline standing alone at the top of a page signs the article below it.
        let page = format!("通讯员王燕红报道\n{FEATURE}");
        let articles = parse_page("t", &page);
        assert_eq!(articles.len(), 1);
        let names: Vec<&str> = articles[0].byline.names().collect();
        assert!(names.contains(&"王燕红"), "{names:?}");
    }

    #[test]
    fn a_brief_after_a_feature_starts_an_article() {
        let page = format!(
            "{FEATURE}德清举办职工象棋赛\n近日，德清县总工会举办职工象棋比赛，全县60名职工参赛。\n"
        );
        assert_eq!(titles(&page), ["一间小屋暖了职工心", "德清举办职工象棋赛"]);
        let articles = parse_page("t", &page);
        let cut = articles[1].cut.as_ref().unwrap();
        assert_eq!(cut.anchor, "evidence");
        let signs: Vec<&str> = cut.signs.iter().map(|s| s.sign.as_str()).collect();
        assert!(signs.contains(&"lede opening"), "{signs:?}");
        assert!(signs.contains(&"places change"), "{signs:?}");
        assert_eq!(cut.line, 8);
        // The feature's own subheads stay subheads.
        let subheads = articles[0]
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Subhead)
            .count();
        assert_eq!(subheads, 2);
    }

    #[test]
    fn three_briefs_in_a_row() {
        let page = "\
安吉开展送清凉活动
近日，安吉县总工会走进建筑工地，为一线职工送去绿豆汤和防暑药品。
长兴职工书屋添新书
日前，长兴县总工会向全县20家企业职工书屋配送图书3000册。
吴兴区职工篮球赛开赛
8月12日上午，吴兴区第三届职工篮球赛开赛，32支队伍参赛。
";
        let got = titles(page);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], "安吉开展送清凉活动");
        assert_eq!(got[1], "长兴职工书屋添新书");
        assert_eq!(got[2], "吴兴区职工篮球赛开赛");
    }

    #[test]
    fn a_brief_after_a_notice_is_its_own_article() {
        let page = "\
省职工服务中心近日公益活动预告
时间：6月19日（周一）晚19:30
地点：杭州运河大剧院
“六月风荷”行香茶会
时间：6月17日（周六）下午14:15
地点：杭州茗庐茶文化体验馆
德清举办职工象棋赛
近日，德清县总工会举办职工象棋比赛，全县60名职工参赛，决出了个人和团体名次。
";
        let articles = parse_page("t", page);
        let got: Vec<(&str, ArticleKind)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("省职工服务中心近日公益活动预告", ArticleKind::Notice),
                ("德清举办职工象棋赛", ArticleKind::News)
            ]
        );
        // The event names inside the notice stay subheads.
        assert!(
            articles[0]
                .paragraphs
                .iter()
                .any(|p| p.kind == ParagraphKind::Subhead && p.text == "“六月风荷”行香茶会")
        );
    }

    #[test]
    fn a_caption_between_headline_and_lede() {
        let page = format!(
            "{FEATURE}德清举办职工象棋赛\n图为比赛现场。\n近日，德清县总工会举办职工象棋比赛，全县60名职工参赛。\n"
        );
        let articles = parse_page("t", &page);
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[1].title, "德清举办职工象棋赛");
        let kinds: Vec<ParagraphKind> = articles[1].paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ParagraphKind::Caption, ParagraphKind::Text]);
    }

    #[test]
    fn a_brief_after_a_profile_that_names_no_place() {
        let page = "\
劳动者之歌
——记某公司高级技师张三
本报记者 李四
清晨六点，张三已经来到车间。二十年来，他从一名学徒工成长为公司的首席技师。
一、从学徒到技师
1998年，张三进厂当学徒。那时他连图纸都看不懂，就每天晚上留在车间里琢磨。
二、把手艺传下去
如今，张三最挂心的是带徒弟。“手艺传下去，才算没白学。”他说。
温岭举办职工游泳赛
8月3日，温岭市第五届职工游泳比赛在市体育中心举行，200余名职工参赛。
本版责编 王五
";
        let articles = parse_page("t", page);
        let got: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(got, ["劳动者之歌", "温岭举办职工游泳赛"]);
        assert_eq!(articles[0].byline.reporters, ["李四"]);
        assert!(
            articles[1]
                .paragraphs
                .last()
                .unwrap()
                .text
                .ends_with("参赛。")
        );
    }

    #[test]
    fn a_slash_byline_under_a_headline_signs_a_story() {
        let page = "\
德清举办职工象棋赛
近日，德清县总工会举办职工象棋比赛，全县60名职工参赛，决出了个人和团体名次。
大山里的“职工之家”
■方明/文 陈红/摄
走进安吉县一座大山深处的竹制品企业，职工之家里书声琅琅。这家企业的工会去年建起了职工书屋。
“以前下了班没地方去，现在能看书、能上网。”职工小王说。
";
        let articles = parse_page("t", page);
        assert_eq!(articles.len(), 2);
        let story = &articles[1];
        assert_eq!(story.kind, ArticleKind::News);
        assert_eq!(story.byline.reporters, ["方明"]);
        assert_eq!(story.byline.photographers, ["陈红"]);
        assert_eq!(story.cut.as_ref().unwrap().anchor, "byline");
    }

    #[test]
    fn two_briefs_about_one_place() {
        let page = "\
余杭开展职工健康讲座
近日，杭州市余杭区总工会邀请医院专家走进园区企业，为200余名职工讲解颈椎病预防知识。
余杭职工书画展开幕
日前，余杭区第五届职工书画展在区职工文化中心开幕，共展出作品120幅。
";
        assert_eq!(titles(page), ["余杭开展职工健康讲座", "余杭职工书画展开幕"]);
    }

    #[test]
    fn a_profile_with_subheads_naming_other_cities_stays_whole() {
        let page = "\
从车间到讲台
——记某机械公司高级技师王建国
■本报记者 李明
清晨七点，王建国已经站在车间里。三十年来，他从一名普通车工成长为技术能手。
在宁波，他带出了一支队伍
2010年，王建国来到宁波一家机械企业。那时，车间里会看图纸的年轻人不多。
在温州，他攻下了一道难题
2015年，王建国被派到温州的分公司。一种新零件的加工精度始终达不到要求。
在杭州，他走上了讲台
去年，王建国被聘为杭州一所技师学院的兼职教师。
";
        let articles = parse_page("t", page);
        assert_eq!(articles.len(), 1);
        assert_eq!(
            articles[0].subtitle.as_deref(),
            Some("——记某机械公司高级技师王建国")
        );
        assert_eq!(articles[0].byline.reporters, ["李明"]);
    }

    #[test]
    fn a_photo_item_then_an_article_with_subheads() {
        let page = "\
港区里的技能擂台
3月5日，北仑区一家港口企业举行桥吊司机技能比武，20名司机同场竞技。
方明 陈小红 摄
一家民企的协商账本
本报讯 记者周立 通讯员孙浩报道 工资怎么涨，职工说了算。近日，象山县一家针织企业召开职工代表大会。
有话摆到桌面上
“以前涨工资全凭老板一句话。”象山这家企业的职工说。
钱袋子鼓起来了
去年，象山这家企业职工平均工资涨了8%。（下转第4版）
";
        let articles = parse_page("t", page);
        let got: Vec<(&str, ArticleKind)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("港区里的技能擂台", ArticleKind::Photo),
                ("一家民企的协商账本", ArticleKind::News)
            ]
        );
        assert_eq!(articles[0].byline.photographers, ["方明", "陈小红"]);
        assert_eq!(articles[0].credits, ["方明 陈小红 摄"]);
        assert_eq!(articles[1].continued_to, Some(4));
        assert!(
            articles[1]
                .paragraphs
                .last()
                .unwrap()
                .text
                .ends_with("涨了8%。")
        );
    }

    #[test]
    fn a_continued_part_opens_with_its_note() {
        let page = "\
为职工办实事
（上接第1版）
各级工会要把实事办到职工心坎上。会议还表彰了一批先进集体。
";
        let articles = parse_page("t", page);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].title, "为职工办实事");
        assert_eq!(articles[0].continued_from, Some(1));
        assert_eq!(
            articles[0].cut.as_ref().unwrap().anchor,
            "continuation note"
        );
    }

    #[test]
    fn page_furniture_is_no_headline() {
        let page = "\
6 服务·权益
2021年9月2日 星期四
临海职工夜校开课
近日，临海市总工会职工夜校秋季班开课，首批200余名职工报名学习电工和烘焙。
普陀渔嫂学电商
本报讯 通讯员 何云报道 日前，舟山市普陀区总工会为30名渔嫂开办直播电商培训班。
本版编辑 周某 电话：0571-80000000
邮箱：desk@example.com
";
        let articles = parse_page("t", page);
        let heads: Vec<(&str, Option<&str>, Option<&str>)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.subtitle.as_deref(), a.column.as_deref()))
            .collect();
        assert_eq!(
            heads,
            [
                ("临海职工夜校开课", None, None),
                ("普陀渔嫂学电商", None, None)
            ]
        );
        assert!(
            articles[1]
                .paragraphs
                .last()
                .unwrap()
                .text
                .ends_with("培训班。")
        );
        // A footer-like page name at the foot goes too.
        let page = "\
要闻
第2版
临海职工夜校开课
近日，临海市总工会职工夜校秋季班开课，首批200余名职工报名学习电工和烘焙。
";
        let articles = parse_page("t", page);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].title, "临海职工夜校开课");
        assert_eq!(articles[0].column, None);
    }

    #[test]
    fn a_notice_keeps_its_closing_instruction() {
        for closing in [
            "详情请咨询市职工文化宫",
            "报名方式请关注“浙工之家”",
            "咨询电话 0570-8000000",
            "欢迎广大职工踊跃报名参加",
            "名额有限，先到先得",
            "具体安排以公众号通知为准",
        ] {
            let page = format!(
                "\
市职工文化宫周末公益课堂开讲
时间：每周六上午9:00
地点：市职工文化宫三楼
{closing}
开化茶农学做“网红”
近日，开化县总工会组织50余名茶农走进直播间，学习用手机推介家乡的龙顶茶。
"
            );
            let articles = parse_page("t", &page);
            let got: Vec<(&str, Option<&str>)> = articles
                .iter()
                .map(|a| (a.title.as_str(), a.subtitle.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    ("市职工文化宫周末公益课堂开讲", None),
                    ("开化茶农学做“网红”", None)
                ],
                "{closing}"
            );
            assert_eq!(articles[0].kind, ArticleKind::Notice);
            assert!(
                articles[0].paragraphs.iter().any(|p| p.text == closing),
                "{closing}: {:?}",
                articles[0].paragraphs
            );
        }
    }

    #[test]
    fn a_listings_last_line_is_not_the_next_title() {
        let page = "\
市职工文化宫周末公益课堂开讲
时间：每周六上午9:00
地点：市职工文化宫三楼
活动当天提供午餐
遂昌职工学做竹编
近日，遂昌县总工会邀请竹编艺人走进企业，教40名职工编织果篮。
";
        let articles = parse_page("t", page);
        let got: Vec<(&str, Option<&str>)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.subtitle.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("市职工文化宫周末公益课堂开讲", None),
                ("遂昌职工学做竹编", None)
            ]
        );
        assert!(
            articles[0]
                .paragraphs
                .iter()
                .any(|p| p.text == "活动当天提供午餐")
        );
    }

    #[test]
    fn a_brief_title_broken_mid_phrase_is_one_title() {
        let page = "\
开化茶农学做“网红”
近日，开化县总工会组织50余名茶农走进直播间，学习用手机推介家乡的龙顶茶。
丽水莲都为环卫工人
建起“爱心驿站”
日前，丽水市莲都区总工会在城区建成10家环卫工人爱心驿站，提供饮水、休息和充电服务。
";
        let articles = parse_page("t", page);
        let got: Vec<(&str, Option<&str>)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.subtitle.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("开化茶农学做“网红”", None),
                ("丽水莲都为环卫工人建起“爱心驿站”", None)
            ]
        );
    }

    #[test]
    fn corrections_split_join_and_retitle() {
        let page = format!(
            "{FEATURE}德清举办职工象棋赛\n近日，德清县总工会举办职工象棋比赛，全县60名职工参赛。\n"
        );
        let corrections = Corrections {
            split_before: vec!["活动虽少".into()],
            join: vec!["德清举办".into()],
            title: BTreeMap::from([("一间小屋".into(), "小屋暖心".into())]),
        };
        let (articles, unused) = parse_page_with("t", &page, &corrections);
        let got: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(got, ["小屋暖心", "活动虽少，样样实用"]);
        assert!(unused.is_empty());
        let bad = Corrections {
            join: vec!["没有这一行".into()],
            ..Corrections::default()
        };
        let (_, unused) = parse_page_with("t", &page, &bad);
        assert_eq!(unused[0].kind, "join");
    }
}
