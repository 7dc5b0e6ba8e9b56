//! A headline block (1–5 short lines above a byline, lede or picture) → column, kicker, title,
//! subtitle.
//!
//! The rules never look at markdown markers or blank lines, so a page reads the same with or
//! without them (the `#` levels on the marked seed pages were used to check the rules, not as
//! input):
//! 1. **Column.** A first line shaped like a column label (工会“小灵通”, 大工“惠”, 助力“开门红”,
//!    or a whole “quoted” campaign name) is the column; so is a first line of at most five
//!    characters over a block of three or more (红五月). A block of three or more lines at the
//!    very top of a page opens with a two-line page banner (团结奋斗开新局 喜迎工会十八大 /
//!    推进产改进行时): both lines are the column.
//! 2. **Split title.** Of three or more remaining lines, the last two are one headline broken
//!    over two lines when the upper one ends in an organisation (义乌市总工会 / 助力…), is a short
//!    middle line (宁波“水务职工” / 新年先领…), or the lower one starts with 为/助 (…“烟火气” /
//!    为就业“聚人气”).
//! 3. **Roles.** One element is the title; two are title and subtitle (主题 + 副题, the order the
//!    marked pages use); three or more are kicker(s), title and subtitle.
//! 4. **Lead-in.** A title candidate ending in an ellipsis (除了…还有职工脱口秀……) leads into the
//!    next line: it joins the kicker and the next line is the title.
//!
//! Evidence that overrides the default order, strongest first:
//! * **Type size.** Where the OCR kept markdown levels and they differ, the line set largest
//!   (fewest `#`) is the title, lines above it kicker, lines below it subtitle
//!   (专业设置随产业发展而调整 / `## 杭州余杭已有8000多名职工参与双提升`). The markers are hints:
//!   without them the default order stands, and the cut is the same.
//! * **Dash.** A line opening with —— is a subtitle; the line above it is the title.
//! * **Context line.** A first line that states the occasion (贯彻落实…精神, …召开…会议,
//!   喜迎…) is a kicker, and the line under it the title; so is an occasion line (2025年…,
//!   第N届…, …决赛举行, “…”行动) over a line stating the story's point (a quoted word, a spaced
//!   pair, a short phrase), while a longer who-did-what line under it is its subtitle.
//! * **Broken title.** Two lines where the upper one stops mid-phrase (不让一名 /
//!   困难职工子女辍学: a dangling measure word, preposition or verb) are one title; so are
//!   a verb waiting for its place (助学金送到 / 三百余名职工子女手中), a count left hanging
//!   (…为1200名 / …), and a place-colon name over its short predicate (桐乡：“职工书屋” /
//!   开进毛衫园区).

use super::text::{char_len, is_han};

/// The headline of one article, before group and column inheritance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Headline {
    pub column: Option<String>,
    pub kicker: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    /// The block had a single element besides any column: such articles can belong to the
    /// group or column above them.
    pub single: bool,
}

const BULLETS: [char; 6] = ['■', '□', '●', '◆', '▲', '★'];
/// What an actor's name ends in (某市总工会, 某某集团, 一家皮革企业, 职工服务中心).
const ORGANISATION_ENDINGS: &[&str] = &["工会", "公司", "集团", "委员会", "协会", "企业", "中心"];
/// A line opening with one of these goes on with the line above (…“烟火气” / 为就业“聚人气” ·
/// 从“农民工” / 到“新市民”).
const CONTINUING_STARTS: &[char] = &['为', '助', '到'];
const SHORT_LINE_CHARS: usize = 8;
const SHORT_COLUMN_CHARS: usize = 5;
/// A two-line block whose first line is a word this short (言论, 简讯, 快讯) opens with a
/// section label: no title is that short.
const SECTION_LABEL_CHARS: usize = 4;

/// The roles of a headline block's lines (column, kicker, title, subtitle): the column taken off
/// the top, a broken title joined, then roles by evidence or else by position.
pub(crate) fn assign_roles(lines: &[String], levels: &[Option<u8>], at_page_top: bool) -> Headline {
    // ■ 德清举办职工象棋赛: a bullet before a brief's headline is no part of it.
    let mut rest: Vec<String> = lines
        .iter()
        .map(|l| {
            l.trim_start_matches(|c: char| {
                BULLETS.contains(&c) || c.is_whitespace() || c == '\u{3000}'
            })
            .to_string()
        })
        .collect();
    let mut levels: Vec<Option<u8>> = levels.to_vec();
    levels.resize(rest.len(), None);
    let before = rest.len();
    let column = take_column(&mut rest, levels.first().copied().flatten(), at_page_top);
    levels.drain(..before - rest.len());
    join_broken_title(&mut rest, &mut levels);
    let single = rest.len() == 1;
    if let Some(headline) = by_evidence(&rest, &levels, column.clone(), single) {
        return headline;
    }
    by_position(rest, column, single)
}

/// Takes the column off the top of `rest`: a column label (工会“小灵通”, 【图片新闻】), a page
/// banner at the page top (`first_level`: the first line's markdown level), a short column or a
/// section label.
fn take_column(
    rest: &mut Vec<String>,
    first_level: Option<u8>,
    at_page_top: bool,
) -> Option<String> {
    let continues = |rest: &[String], i: usize| {
        rest.get(i)
            .is_some_and(|l| l.starts_with(CONTINUING_STARTS))
    };
    if rest.len() >= 2 && is_column_label(&rest[0]) && !continues(rest, 1) {
        Some(rest.remove(0))
    } else if at_page_top && rest.len() >= 3 && first_level.is_none() && !dangles(&rest[0]) {
        // A page banner (unmarked even where the OCR marked the headlines): its first line,
        // and the second too when it carries on the slogan rather than naming who acts
        // (推进产改进行时 · 推动打造高素质劳动者队伍, not 全省工会系统深化… or 某市总工会召开…).
        let slogan_goes_on = char_len(&rest[1]) <= SHORT_LINE_CHARS
            && !rest[1].chars().any(|c| c.is_ascii_digit())
            || is_context_line(&rest[0]);
        let banner_lines = if slogan_goes_on && !names_an_actor(&rest[1]) {
            2
        } else {
            1
        };
        Some(rest.drain(..banner_lines).collect::<Vec<_>>().join(" "))
    } else if rest.len() >= 3 && is_short_column(&rest[0])
        || rest.len() == 2
            && char_len(&rest[0]) <= SECTION_LABEL_CHARS
            && rest[0].chars().all(is_han)
            && !dangles(&rest[0])
    {
        Some(rest.remove(0))
    } else {
        None
    }
}

/// Joins a title broken over two lines (see ARCHITECTURE.md, "Headline roles"): the first two
/// lines when the upper cannot stand alone; then, beside a dash subtitle or at the end of three
/// lines, the two lines above that form one split title.
fn join_broken_title(rest: &mut Vec<String>, levels: &mut Vec<Option<u8>>) {
    if (rest.len() == 2 || rest.len() == 3 && !rest[2].starts_with("——"))
        && (dangles(&rest[0])
            || leaves_object_open(&rest[0], &rest[1])
            || lacks_its_subject(&rest[0], &rest[1])
            || completes_the_actor(&rest[0], &rest[1])
            || names_then_acts(&rest[0], &rest[1]))
    {
        let lower = rest.remove(1);
        rest[0].push_str(&lower);
        levels.remove(1);
    }
    // A dash subtitle stays apart; a title broken over the two lines above it is joined.
    let dash = rest.iter().position(|l| l.starts_with("——"));
    if let Some(d) = dash
        && d >= 2
        && is_split_title(&rest[d - 2], &rest[d - 1])
    {
        let lower = rest.remove(d - 1);
        rest[d - 2].push_str(&lower);
        levels.remove(d - 1);
    } else if dash.is_none()
        && rest.len() >= 3
        && is_split_title(&rest[rest.len() - 2], &rest[rest.len() - 1])
    {
        let lower = rest.pop().unwrap_or_default();
        if let Some(upper) = rest.last_mut() {
            upper.push_str(&lower);
        }
        levels.pop();
    }
}

/// Roles by position, when no evidence speaks: title; title + subtitle; kicker(s) + title +
/// subtitle. A title ending in … leads into the line below, which is then the title.
fn by_position(mut rest: Vec<String>, column: Option<String>, single: bool) -> Headline {
    let mut headline = Headline {
        column,
        single,
        ..Headline::default()
    };
    match rest.len() {
        0 => {}
        1 => headline.title = rest.remove(0),
        2 => {
            headline.subtitle = rest.pop();
            headline.title = rest.remove(0);
        }
        n => {
            headline.subtitle = rest.pop();
            headline.title = rest.pop().unwrap_or_default();
            debug_assert_eq!(rest.len(), n - 2);
            headline.kicker = Some(rest.join(" "));
        }
    }
    if headline.title.ends_with('…')
        && let Some(subtitle) = headline.subtitle.take()
    {
        let lead_in = std::mem::replace(&mut headline.title, subtitle);
        headline.kicker = Some(match headline.kicker.take() {
            Some(k) => format!("{k} {lead_in}"),
            None => lead_in,
        });
    }
    headline
}

/// Roles decided by type size, a dash or a context line; `None` when none of them speaks.
fn by_evidence(
    rest: &[String],
    levels: &[Option<u8>],
    column: Option<String>,
    single: bool,
) -> Option<Headline> {
    if rest.len() < 2 {
        return None;
    }
    let title_at = if let Some(largest) = largest_line(levels) {
        largest
    } else if let Some(dash) = rest.iter().skip(1).position(|l| l.starts_with("——")) {
        dash
    } else if rest.len() == 2
        && (is_context_line(&rest[0]) && !acts(&rest[1])
            || states_an_occasion(&rest[0]) && is_the_point(&rest[1]))
    {
        1
    } else {
        return None;
    };
    let kicker = (title_at > 0).then(|| rest[..title_at].join(" "));
    let subtitle = (title_at + 1 < rest.len()).then(|| rest[title_at + 1..].join(" "));
    Some(Headline {
        column,
        kicker,
        title: rest[title_at].clone(),
        subtitle,
        single,
    })
}

/// The one line set in the largest type, when the block's levels say so: some line has a
/// level, exactly one has the smallest, and an unmarked line counts as set smaller than any
/// marked one (the OCR marks headline type, not body-size lines).
fn largest_line(levels: &[Option<u8>]) -> Option<usize> {
    if levels.iter().all(Option::is_none) {
        return None;
    }
    let known: Vec<u8> = levels.iter().map(|l| l.unwrap_or(u8::MAX)).collect();
    let min = *known.iter().min()?;
    (known.iter().filter(|&&l| l == min).count() == 1 && known.iter().any(|&l| l != min))
        .then(|| known.iter().position(|&l| l == min))
        .flatten()
}

/// Openings and endings of a line that states the occasion rather than the news.
/// A campaign's slogan (贯彻落实…, 聚焦…, 为…办实事) sets the scene for the story under it.
const CONTEXT_OPENINGS: [&str; 9] = [
    "贯彻落实",
    "学习贯彻",
    "深入贯彻",
    "认真贯彻",
    "喜迎",
    "奋力",
    "聚焦",
    "深化",
    "为",
];
/// Verbs of an occasion: …召开…会议, …举办第三届职工技能运动会.
const OCCASION_VERBS: [&str; 5] = ["召开", "举行", "举办", "启动", "开展"];
/// …会议 · …大会 · …推进会 · …座谈会: a meeting's name ends in 会.
const CONTEXT_ENDINGS: [&str; 4] = ["会", "会议", "之际", "精神"];

/// 贯彻落实省委“新春第一会”精神 · 某市总工会召开十届三次全委会议 · …全委会议召开: the
/// occasion of the story, printed as a kicker over its title.
pub(crate) fn is_context_line(line: &str) -> bool {
    let occasion = OCCASION_VERBS.iter().any(|v| line.contains(v));
    // 金华开展“安全生产月” · …总工会启动“安全生产月”活动: a place launching a named campaign.
    let campaign = (line.contains("开展") || line.contains("启动"))
        && (line.ends_with('”') || line.ends_with("”活动"));
    CONTEXT_OPENINGS.iter().any(|o| line.starts_with(o))
        || campaign
        || (occasion && CONTEXT_ENDINGS.iter().any(|e| line.ends_with(e)))
        || (OCCASION_VERBS.iter().any(|v| line.ends_with(v)) && line.contains('会'))
}

/// Verbs that report an occasion taking place; a line ending in one is a whole clause
/// (…决赛举行 · …会议召开 · …活动启动 · …艺术节落幕).
const OCCASION_ENDINGS: [&str; 7] = ["举行", "召开", "举办", "开幕", "闭幕", "启动", "落幕"];

/// 2025年…· …大赛决赛举行 · 第五届…· …安全生产月暨…· “…”行动: the line states an occasion —
/// when, which contest, meeting or campaign — rather than what the story found. Over a line
/// that states the point (see `is_the_point`) it is the kicker, as a reader names the story
/// by its point; over a line that reports who did what it stays the title.
fn states_an_occasion(line: &str) -> bool {
    if line.contains(['！', '？', '，']) {
        return false;
    }
    let chars: Vec<char> = line.chars().collect();
    // A year opens the line: 2024年 (four digits; the cleaner made them half-width).
    let dated = chars.len() > 5 && chars[..4].iter().all(|c| c.is_numeric()) && chars[4] == '年';
    // 第三届 · 第12届 · 第十五届: a numbered edition of a recurring occasion.
    let edition = line.find('第').is_some_and(|at| {
        let after: Vec<char> = line[at + '第'.len_utf8()..].chars().collect();
        let digits = after.iter().take_while(|c| is_numeral(**c)).count();
        digits > 0 && after.get(digits) == Some(&'届')
    });
    // …月暨…活动 / …暨…月: two campaigns launched as one.
    let joint = line.contains('暨');
    let campaign = line.ends_with("”行动");
    dated || edition || joint || campaign || OCCASION_ENDINGS.iter().any(|e| line.ends_with(e))
}

/// The longest plain point line: about half a title line (比的是匠心 · 工匠精神代代传). A
/// longer plain line under an occasion reports who did what, and is its subtitle.
const MAX_PLAIN_POINT_CHARS: usize = 8;

/// 火花飞溅处 比的是“绣花功” · 一把焊枪“焊”出新天地 · 谁是最美搬运工？: the story's point, set
/// as a phrase — quoted words, a spaced pair, an exclamation or question, or a short plain
/// phrase. Not a subtitle (—— …), not a line naming who acts, not a second occasion.
fn is_the_point(line: &str) -> bool {
    if line.starts_with("——") || acts(line) || states_an_occasion(line) || holds_a_count(line) {
        return false;
    }
    let phrased = line.contains(['“', ' ', '　', '！', '？']);
    let short_plain = char_len(line) <= MAX_PLAIN_POINT_CHARS
        && line.chars().all(is_han)
        && !line.chars().any(|c| c.is_ascii_digit());
    phrased || short_plain
}

/// Words a title line cannot end on, so the next line goes on with it: a measure word after
/// a numeral (一名, 一个), a preposition or a verb waiting for its object.
const DANGLING_ENDS: [&str; 17] = [
    "一名", "一个", "一份", "一批", "一位", "一场", "一次", "一条", "让", "把", "将", "为", "给",
    "向", "对", "从", "的",
];

/// A motion verb with its directional complement, or a copula, waits for where or what
/// (助学金送到 / 三百余名职工子女手中 · 服务车开进 / 工业园区 · 让劳模精神成为 / …): a title
/// never stops on one. Complete endings such as 推进, 迈进, 促进 are not among them.
const VERBS_AWAITING_A_PLACE: [&str; 18] = [
    "送到", "开到", "走到", "来到", "带到", "搬到", "落到", "送进", "走进", "开进", "搬进", "带进",
    "请进", "迈向", "走向", "成为", "变成", "被",
];
/// Measure words that follow a count (300余名 · 两万份 · 12个 · 十所).
const MEASURE_WORDS: [char; 16] = [
    '名', '个', '份', '批', '位', '场', '次', '条', '家', '项', '所', '支', '户', '台', '件', '张',
];

/// …送到三百余名 / 职工子女手中: a count with its measure word ends the line, the thing counted
/// is on the next. Only after a numeral (or 余/多 after one), so 命名 or 一家人 do not count.
fn leaves_a_count_hanging(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    counts_at(&chars, chars.len())
}

/// 千名职工同台比武 · 300余名选手参赛: the line counts people or things, as a report of who
/// did what does; a headline's point rarely counts. A lone 一 is a phrase, not a count
/// (一个都不能少 · 一场接力).
fn holds_a_count(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    (2..=chars.len()).any(|end| {
        let lone_one = chars[end - 2] == '一' && (end < 3 || !is_numeral(chars[end - 3]));
        counts_at(&chars, end) && !lone_one
    })
}

/// A numeral (or 余/多 after one) and a measure word end at `end`: 三百余名 · 12个 · 千名.
fn counts_at(chars: &[char], end: usize) -> bool {
    match &chars[..end] {
        [.., n, m] if MEASURE_WORDS.contains(m) && is_numeral(*n) => true,
        [.., n, '余' | '多', m] => MEASURE_WORDS.contains(m) && is_numeral(*n),
        _ => false,
    }
}

fn is_numeral(c: char) -> bool {
    c.is_numeric() || "一二两三四五六七八九十百千万".contains(c)
}

fn dangles(line: &str) -> bool {
    // 武义工会多措并举助职工—— / 拥有品质生活提升幸福指数: a dash leads into the next line.
    if line.ends_with("——") {
        return true;
    }
    if line.contains([' ', '　', '，', '：']) || char_len(line) < 2 {
        return false;
    }
    // …为职工 / 找到好岗位: a preposition and its object close the line, the verb opens the next.
    let tail: Vec<char> = line
        .chars()
        .rev()
        .take(DANGLING_PREPOSITION_REACH)
        .collect();
    DANGLING_ENDS.iter().any(|e| line.ends_with(e))
        || VERBS_AWAITING_A_PLACE.iter().any(|e| line.ends_with(e))
        || leaves_a_count_hanging(line)
        || tail[1..].iter().any(|c| DANGLING_PREPOSITIONS.contains(c))
}

/// Prepositions (coverbs) that open a phrase the verb must close: 为 X 办…, 让 X 享受…, 把 X
/// 送到…, 给 X 送…, 对 X 实行…, 在 X 开设…, 向 X 发放…, 帮 X 解决…, 替 X 跑腿.
const OPEN_PREPOSITIONS: [char; 9] = ['为', '让', '把', '给', '对', '在', '向', '帮', '替'];
/// The longest object a preposition may carry to the line's end and still wait for its verb
/// (新就业形态 · 一线环卫工人 · 全市2万名快递小哥): a noun phrase of a title line, up to about
/// half a line. A longer tail holds its own verb.
const MAX_OPEN_OBJECT_CHARS: usize = 8;
/// The longest lower half of a broken title: a title line (about 16 characters in the
/// paper's headline type). A longer lower line is a subtitle set in smaller type.
const MAX_TITLE_LINE_CHARS: usize = 16;
/// Where an actor's place ends within a line's first few characters (瓯海区…, 杭州市…).
const PLACE_SUFFIXES: [char; 7] = ['省', '市', '县', '区', '镇', '乡', '街'];
/// How many characters from a line's start a place suffix names the line's actor.
const ACTOR_REACH: usize = 6;

/// 温州瓯海为新就业形态 / 劳动者子女办“暑托班”: the upper line has an actor and a preposition
/// whose object runs to the line's end, so its verb is on the next line — one title broken
/// over two lines, not a title and a subtitle. The lower line must not be a subtitle (—— …,
/// or naming its own actor: 某县总工会… · 瓯海区…), and must be a title line's length.
fn leaves_object_open(upper: &str, lower: &str) -> bool {
    if upper.contains([' ', '　', '，', '：', '“', '”', '！', '？'])
        || lower.starts_with("——")
        || char_len(lower) > MAX_TITLE_LINE_CHARS
        || acts(lower)
        || lower
            .chars()
            .take(ACTOR_REACH)
            .any(|c| PLACE_SUFFIXES.contains(&c))
        // …在衢江开幕: the occasion's verb closed the phrase on this line.
        || OCCASION_ENDINGS.iter().any(|e| upper.ends_with(e))
    {
        return false;
    }
    let chars: Vec<char> = upper.chars().collect();
    // The last preposition with an actor before it (at least two characters: 瓯海, 工会).
    let Some(p) = chars.iter().rposition(|c| OPEN_PREPOSITIONS.contains(c)) else {
        return false;
    };
    let object = chars.len() - p - 1;
    p >= 2 && (1..=MAX_OPEN_OBJECT_CHARS).contains(&object)
}

/// Coverbs a clause cannot open without a subject before it (在车间里扎根 · 被评为… · 向…
/// 发出倡议 · 从…走来 · 把…送到…): a line opening with one goes on from the line above,
/// which holds the subject. 为 is not among them: slogans open with it (为职工办实事).
const SUBJECTLESS_STARTS: [char; 6] = ['在', '被', '向', '从', '把', '将'];
/// The shortest subject line worth joining (劳模工作室): shorter ones are labels.
const MIN_SUBJECT_LINE_CHARS: usize = 4;

/// 全省首个户外劳动者服务联盟 / 在杭州成立: the upper line is the subject, the lower its
/// predicate opening with a coverb — one title, not a title and a subtitle (a subtitle names
/// its own actor). Both lines a title line's length, the upper a single phrase.
fn lacks_its_subject(upper: &str, lower: &str) -> bool {
    lower.starts_with(SUBJECTLESS_STARTS)
        && char_len(lower) <= MAX_TITLE_LINE_CHARS
        && (MIN_SUBJECT_LINE_CHARS..=MAX_TITLE_LINE_CHARS).contains(&char_len(upper))
        && !upper.contains([' ', '　', '，', '：', '！', '？'])
        && !upper.ends_with("——")
}

/// The longest lower line that is only a predicate's tail (授牌 · 揭牌成立 · 正式开园): no
/// subtitle, which names who did what, is this short.
const MAX_TAIL_CHARS: usize = 4;

/// 义乌市总工会 / 为快递小哥送清凉 · 全省首批职工疗休养基地 / 授牌: the upper line is only the
/// actor (ending in an organisation) or the lower only a few characters of predicate — one
/// title. A lower line naming its own actor is a subtitle all the same.
fn completes_the_actor(upper: &str, lower: &str) -> bool {
    let plain = |l: &str| !l.contains([' ', '　', '，', '：', '！', '？']);
    if !plain(upper) || lower.starts_with("——") || acts(lower) {
        return false;
    }
    let actor_only = ORGANISATION_ENDINGS.iter().any(|e| upper.ends_with(e))
        && char_len(lower) <= MAX_TITLE_LINE_CHARS;
    // …决赛举行 is a whole clause: a short line under it is the point, not its last word.
    let tail_only = char_len(lower) <= MAX_TAIL_CHARS
        && lower.chars().all(is_han)
        && !OCCASION_ENDINGS.iter().any(|e| upper.ends_with(e));
    actor_only || tail_only
}

/// 桐乡：“职工书屋” / 开进毛衫园区: a place before a colon and a short named thing after it on
/// the upper line, only a short predicate on the lower — one title (the place says where, the
/// thing is the subject, the lower line what it did). A whole title after the colon (a spaced
/// pair, a mark, a long phrase) keeps the lower line as its subtitle, as does a lower line that
/// names its own actor or opens with ——.
fn names_then_acts(upper: &str, lower: &str) -> bool {
    let Some((place, thing)) = upper.split_once('：') else {
        return false;
    };
    let plain = |l: &str| !l.contains([' ', '　', '，', '：', '！', '？', '；']);
    (1..=SPEAKER_CHARS).contains(&char_len(place))
        && place.chars().all(is_han)
        && (1..=MAX_OPEN_OBJECT_CHARS).contains(&char_len(thing))
        && plain(thing)
        && plain(lower)
        && char_len(lower) <= MAX_OPEN_OBJECT_CHARS
        && !lower.starts_with("——")
        && !acts(lower)
}

/// Prepositions that need a verb after their object (为职工找到…, 让职工享受…).
const DANGLING_PREPOSITIONS: [char; 4] = ['为', '让', '给', '帮'];
/// How far from a line's end such a preposition may stand: a two-character object (职工).
const DANGLING_PREPOSITION_REACH: usize = 3;

/// A line that names who acts (全省工会系统深化… · 宁波市总工会召开…) or states the
/// occasion: a kicker or title, never part of a page banner.
fn names_an_actor(line: &str) -> bool {
    acts(line) || is_context_line(line)
}

/// The line names who acts: a union (某县总工会…, 企业工会联合…; not 工会工作, the work
/// itself), a place or speaker before a colon (婺城：…), the province (全省…, 省…, 我省…).
fn acts(line: &str) -> bool {
    let head: String = line.chars().take(8).collect();
    let speaker: String = line.chars().take(SPEAKER_CHARS + 1).collect();
    let union_acts = head
        .match_indices("工会")
        .any(|(at, _)| !line[at..].starts_with("工会工作"));
    union_acts || speaker.contains('：') || line.starts_with(['全', '省', '我'])
}

/// 婺城：… · 安吉：…: a place or speaker of up to this many characters before a colon.
const SPEAKER_CHARS: usize = 4;

/// 工会“小灵通”, 大工“惠”, 助力“开门红” (a short phrase ending in a quoted word) or a whole quoted
/// campaign name (“守好红色根脉·班前十分钟活动”).
pub(crate) fn is_column_label(line: &str) -> bool {
    if line.starts_with('【') && line.ends_with('】') {
        return true;
    }
    let plain = line
        .chars()
        .all(|c| is_han(c) || matches!(c, '“' | '”' | '·'));
    if !plain {
        return false;
    }
    let opens = line.matches('“').count();
    let short_with_quoted_tail =
        line.ends_with('”') && opens >= 1 && char_len(line) <= SHORT_LINE_CHARS;
    let wholly_quoted =
        line.starts_with('“') && line.ends_with('”') && opens == 1 && char_len(line) <= 20;
    short_with_quoted_tail || wholly_quoted
}

fn is_short_column(line: &str) -> bool {
    char_len(line) <= SHORT_COLUMN_CHARS && line.chars().all(is_han)
}

fn is_split_title(upper: &str, lower: &str) -> bool {
    dangles(upper)
        || leaves_object_open(upper, lower)
        || ORGANISATION_ENDINGS.iter().any(|e| upper.ends_with(e))
        || char_len(upper) <= SHORT_LINE_CHARS
        || lower.starts_with(CONTINUING_STARTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(lines: &[&str], top: bool) -> Headline {
        assign_roles(
            &lines
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>(),
            &[],
            top,
        )
    }

    #[test]
    fn a_title_broken_inside_a_prepositional_phrase_is_one_title() {
        for (upper, lower) in [
            ("丽水莲都为环卫工人", "建起“爱心驿站”"),
            ("嘉兴南湖在快递网点", "设立流动服务站"),
            ("工会组织把温暖", "送到货车司机身边"),
            ("衢州柯城为一线职工", "办起“夜校”"),
        ] {
            let h = roles(&[upper, lower], false);
            assert_eq!(h.title, format!("{upper}{lower}"), "{upper} / {lower}");
            assert_eq!(h.subtitle, None);
        }
        // The subject on the upper line, its predicate opening with a coverb on the lower.
        let h = roles(&["全市首个货车司机服务联盟", "在北仑港区成立"], false);
        assert_eq!(h.title, "全市首个货车司机服务联盟在北仑港区成立");
        // The upper line only the actor, or the lower only the predicate's last word.
        let h = roles(&["台州路桥区总工会", "为外卖骑手送清凉"], false);
        assert_eq!(h.title, "台州路桥区总工会为外卖骑手送清凉");
        let h = roles(&["全省首批职工疗休养基地", "授牌"], false);
        assert_eq!(h.title, "全省首批职工疗休养基地授牌");
        // Under a kicker too.
        let h = roles(
            &["聚焦新就业形态", "丽水莲都为环卫工人", "建起“爱心驿站”"],
            false,
        );
        assert_eq!(h.title, "丽水莲都为环卫工人建起“爱心驿站”");
    }

    #[test]
    fn a_title_over_a_subtitle_naming_its_actor_stays_split() {
        for (title, subtitle) in [
            ("把技能比武搬进车间", "某县总工会开展一线岗位练兵"),
            ("一座驿站温暖一座城", "——舟山为户外劳动者建起服务网"),
            ("让职工在家门口看病", "湖州吴兴区推出职工健康小屋"),
            ("为快递小哥送清凉", "全省工会系统启动夏季慰问"),
        ] {
            let h = roles(&[title, subtitle], false);
            assert_eq!(h.title, title);
            assert_eq!(h.subtitle.as_deref(), Some(subtitle));
        }
    }

    #[test]
    fn kicker_and_split_title() {
        let h = roles(
            &["跨越山海谋共富", "杭州西湖区总工会", "助青川职工顺利返岗"],
            false,
        );
        assert_eq!(h.title, "跨越山海谋共富");
        assert_eq!(
            h.subtitle.as_deref(),
            Some("杭州西湖区总工会助青川职工顺利返岗")
        );
        assert_eq!(h.kicker, None);
    }

    #[test]
    fn page_banner_is_the_column() {
        let h = roles(
            &[
                "团结奋斗开新局 喜迎工会十八大",
                "推进产改进行时",
                "由人才破题 立科创核心",
                "青山湖科技城总工会持续推动产改聚发展之力",
            ],
            true,
        );
        assert_eq!(
            h.column.as_deref(),
            Some("团结奋斗开新局 喜迎工会十八大 推进产改进行时")
        );
        assert_eq!(h.title, "由人才破题 立科创核心");
    }

    #[test]
    fn ellipsis_leads_into_the_title() {
        let h = roles(
            &[
                "“守好红色根脉·班前十分钟活动”",
                "平阳活动",
                "除了现场直击，还有脱口秀……",
                "主打一个字，“鲜”",
            ],
            false,
        );
        assert_eq!(h.column.as_deref(), Some("“守好红色根脉·班前十分钟活动”"));
        assert_eq!(
            h.kicker.as_deref(),
            Some("平阳活动 除了现场直击，还有脱口秀……")
        );
        assert_eq!(h.title, "主打一个字，“鲜”");
        assert_eq!(h.subtitle, None);
    }

    #[test]
    fn occasions_and_hanging_counts_are_told_by_shape() {
        for line in [
            "2026年全省电工技能大赛决赛举行",
            "第十二届职工运动会在温岭开幕",
            "质量月暨班组创新周活动启动",
            "“清凉护航”行动",
            "全市劳模宣讲团巡回宣讲落幕",
        ] {
            assert!(states_an_occasion(line), "{line}");
        }
        for line in [
            "焊花飞舞处 比的是“针尖功”",
            "一线职工有了新去处",
            "谁是最美搬运工？",
        ] {
            assert!(!states_an_occasion(line), "{line}");
        }
        for line in ["为300余名", "送出两万份", "走访十二家", "慰问12户"] {
            assert!(leaves_a_count_hanging(line), "{line}");
        }
        for line in ["劳模工作室获命名", "其乐融融一家人", "创新成果展出"] {
            assert!(!leaves_a_count_hanging(line), "{line}");
        }
        assert!(holds_a_count("300余名选手同场竞技"));
        assert!(holds_a_count("二十一名工匠获表彰"));
        assert!(!holds_a_count("“一个都不能少”"));
        // A short line counting who took part reports the occasion: it is the subtitle.
        let h = roles(&["全市职工技能大赛举行", "千名职工同台比武"], false);
        assert_eq!(h.title, "全市职工技能大赛举行");
        assert_eq!(h.subtitle.as_deref(), Some("千名职工同台比武"));
        // An occasion's closing verb ends the clause: the short point under it is no tail.
        let h = roles(&["全县职工书画展开幕", "笔墨写匠心"], false);
        assert_eq!(h.kicker.as_deref(), Some("全县职工书画展开幕"));
        assert_eq!(h.title, "笔墨写匠心");
    }
}
