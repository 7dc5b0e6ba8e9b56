//! Page furniture: the lines a newspaper prints around its articles rather than in them — the
//! page header (`4 帮扶·维权`, `第4版 要闻`, `2019年3月14日 星期四`, the masthead), the desk's
//! credits at the foot (`责任编辑 孙婧 版式 王磊`, `本版编辑 甲 电话：… 邮箱：…`). They are no
//! article's text, and above all no article's headline: read as one, a header line becomes the
//! title and pushes the real title into the subtitle. They are recognised by their shape, never
//! by a list of the paper's page names, and dropped before the page is cut.
//!
//! A line is furniture when every one of its space-separated words is a furniture word and at
//! least one of them could only be furniture:
//! * **strong** words: a page number next to a page name (`4 帮扶·维权`, `要闻 4`), `第4版`, a
//!   full date (`2019年3月14日`, `2019-03-14`), a weekday (`星期四`, `周四`), a lunar date
//!   (`农历二月初八`), a masthead (`浙江工人日报`), a desk role with its names (`责任编辑 孙婧`);
//! * **weak** words, furniture only beside a strong one on the same line or on the line next
//!   to it: a short page name alone (`要闻`), a contact field (`电话：0571-…`, `邮箱：…@…`).
//!
//! A headline line never consists only of such words (a title names something happening), so
//! nothing an article prints is lost; a contact field inside a notice (电话：…) stays, because
//! no header or desk credit stands beside it.

use super::text::{Line, char_len, is_han};

/// The longest page name (characters, without its middle dot): the paper's page names are
/// two to four characters, two of them joined by a dot (帮扶·维权), so eight leaves room.
const MAX_PAGE_NAME_CHARS: usize = 8;
/// The longest page name that is furniture on its own line beside a header (要闻, 视点, 副刊).
/// Longer lone words may be a short headline.
const MAX_LONE_NAME_CHARS: usize = 4;
/// Page numbers: the paper prints at most a few dozen pages, so one to three digits.
const MAX_PAGE_NUMBER_DIGITS: usize = 3;
/// A lunar date word (农历二月初八, 农历癸卯年二月初八) is at most this long.
const MAX_LUNAR_CHARS: usize = 12;
/// The longest names after a desk role and a space (two or three names with 、).
const MAX_DESK_NAME_CHARS: usize = 12;
/// A name glued to its role is a personal name: two or three characters (four for 复姓).
const GLUED_NAME_CHARS: usize = 4;

/// The desk's roles (责任编辑 孙婧 · 版式 王磊 · 本版编辑 甲): every one names who made the page.
const DESK_ROLES: [&str; 15] = [
    "本版责编",
    "本版编辑",
    "版面编辑",
    "美术编辑",
    "责任校对",
    "责任编辑",
    "图片编辑",
    "值班编辑",
    "版式设计",
    "责编",
    "编辑",
    "版式",
    "美编",
    "校对",
    "审读",
];

/// Keys of the desk's contact fields at a page's foot or head.
const CONTACT_KEYS: [&str; 10] = [
    "电子邮箱",
    "投稿邮箱",
    "新闻热线",
    "报料热线",
    "邮箱",
    "电话",
    "传真",
    "E-mail",
    "Email",
    "email",
];

/// What a word of a line may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// Could only be furniture.
    Strong,
    /// A page number (4, 04): furniture beside a page name.
    Number,
    /// A short name (要闻, 帮扶·维权): furniture beside a page number, or weakly.
    Name,
    /// A contact field: furniture beside a strong word.
    Contact,
    /// A masthead's Latin line (ZHEJIANG WORKERS' DAILY): furniture beside a strong word.
    Latin,
    /// The dashes around a folio (— 4 —).
    Dash,
}

/// How far from the page's top or foot a page number beside a plain name (`4 要闻`) is read as
/// the page header: a header takes up to three lines (number and name, date, masthead). Deeper
/// in the page the same shape may be a numbered subhead (`1 从学徒到技师`); a name with a dot
/// (`4 帮扶·维权`) is a page name anywhere.
const EDGE_LINES: usize = 3;

/// How sure a line is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Furniture wherever it stands.
    Strong,
    /// Furniture within [`EDGE_LINES`] of the page's top or foot.
    AtEdge,
    /// Furniture beside a furniture line (a lone page name, a contact field).
    Beside,
}

/// The page's lines without its furniture.
pub(crate) fn drop_furniture(lines: Vec<Line>) -> Vec<Line> {
    let n = lines.len();
    let strong: Vec<Option<Kind>> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| match line_kind(&l.text) {
            Some(Kind::AtEdge) if k < EDGE_LINES || k + EDGE_LINES >= n => Some(Kind::Strong),
            Some(Kind::AtEdge) => None,
            kind => kind,
        })
        .collect();
    let is_strong = |k: usize| strong.get(k).copied().flatten() == Some(Kind::Strong);
    lines
        .into_iter()
        .enumerate()
        .filter(|(k, _)| match strong[*k] {
            None | Some(Kind::AtEdge) => true,
            Some(Kind::Strong) => false,
            Some(Kind::Beside) => !(is_strong(k + 1) || (*k > 0 && is_strong(k - 1))),
        })
        .map(|(_, l)| l)
        .collect()
}

/// How sure the line is furniture; `None`: it is not.
fn line_kind(text: &str) -> Option<Kind> {
    if is_desk_credit(text) {
        return Some(Kind::Strong);
    }
    // 第 4 版 as the OCR spaced it.
    let text = text.replace("第 ", "第").replace(" 版", "版");
    let words = words(&text)?;
    let has = |w: Word| words.iter().any(|(k, _)| *k == w);
    if has(Word::Strong) {
        return Some(Kind::Strong);
    }
    if has(Word::Latin) {
        return None;
    }
    // A page number alone (4 · -4- · — 4 —): the folio, at the top or foot only.
    if words
        .iter()
        .all(|(w, _)| matches!(w, Word::Number | Word::Dash))
        && has(Word::Number)
    {
        return Some(Kind::AtEdge);
    }
    if has(Word::Number) && has(Word::Name) && !has(Word::Contact) {
        let dotted = words.iter().any(|(_, w)| w.chars().any(is_dot));
        return Some(if dotted { Kind::Strong } else { Kind::AtEdge });
    }
    let lone_name = words.len() == 1
        && words[0].0 == Word::Name
        && char_len(&text) <= MAX_LONE_NAME_CHARS
        && text.chars().all(is_han);
    let contacts = words.iter().all(|(w, _)| *w == Word::Contact);
    (lone_name || contacts).then_some(Kind::Beside)
}

/// The line's words, each a furniture word; `None` when one of them is not.
fn words(text: &str) -> Option<Vec<(Word, &str)>> {
    let mut out = Vec::new();
    for raw in text
        .split([' ', '\u{3000}', '\t'])
        .filter(|w| !w.is_empty())
    {
        // 第4版：要闻: an edition and its page name joined by a colon.
        if let Some((edition, name)) = raw.split_once(['：', ':'])
            && is_edition(edition)
        {
            out.push((Word::Strong, edition));
            if !name.is_empty() {
                out.push((word(name)?, name));
            }
            continue;
        }
        // -4- · —4—: a folio between dashes.
        let bare = raw.trim_matches(['-', '—', '–']);
        if bare.len() < raw.len() && (bare.is_empty() || bare.chars().all(|c| c.is_ascii_digit())) {
            out.push((
                if bare.is_empty() {
                    Word::Dash
                } else {
                    Word::Number
                },
                raw,
            ));
            continue;
        }
        // 7帮扶·维权: a page number glued to a dotted page name. Glued to a plain word it is a
        // count (5大板块 16项内容), not a page number.
        let digits = raw.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits < raw.len() && raw[digits..].contains(is_dot) {
            out.push((word(&raw[..digits])?, &raw[..digits]));
            out.push((word(&raw[digits..])?, &raw[digits..]));
        } else {
            out.push((word(raw)?, raw));
        }
    }
    (!out.is_empty()).then_some(out)
}

fn word(w: &str) -> Option<Word> {
    let n = char_len(w);
    if w.chars().all(|c| c.is_ascii_digit()) && n <= MAX_PAGE_NUMBER_DIGITS {
        return Some(Word::Number);
    }
    if is_edition(w) || is_date(w) || is_weekday(w) || is_masthead(w) {
        return Some(Word::Strong);
    }
    if w.starts_with("农历") && n <= MAX_LUNAR_CHARS {
        return Some(Word::Strong);
    }
    if is_contact(w) {
        return Some(Word::Contact);
    }
    if n >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == '\'') {
        return Some(Word::Latin);
    }
    let name_chars = w.chars().filter(|c| is_han(*c)).count();
    let name = (2..=MAX_PAGE_NAME_CHARS).contains(&name_chars)
        && w.chars().all(|c| is_han(c) || is_dot(c))
        && !w.starts_with(is_dot)
        && !w.ends_with(is_dot);
    name.then_some(Word::Name)
}

fn is_dot(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧')
}

/// 第4版 · 第十二版 · 4版 · A4版.
fn is_edition(w: &str) -> bool {
    let Some(core) = w.strip_suffix('版') else {
        return false;
    };
    let core = core.strip_prefix('第').unwrap_or(core);
    let core = core.trim_start_matches(|c: char| c.is_ascii_uppercase());
    !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
}

/// 2019年3月14日 · 3月14日 (with a year only: a bare 3月14日 is furniture only beside other
/// words) · 2019-03-14 · 2019.3.14 · 2019/3/14.
fn is_date(w: &str) -> bool {
    if let Some((year, rest)) = w.split_once('年') {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        return (year.len() == 4 && digits(year))
            && rest.strip_suffix('日').is_some_and(|md| {
                md.split_once('月')
                    .is_some_and(|(m, d)| digits(m) && digits(d))
            });
    }
    let parts: Vec<&str> = w.split(['-', '.', '/']).collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// 星期四 · 周四 · 礼拜四.
fn is_weekday(w: &str) -> bool {
    ["星期", "礼拜", "周"].iter().any(|p| {
        w.strip_prefix(p)
            .is_some_and(|d| matches!(d, "一" | "二" | "三" | "四" | "五" | "六" | "日" | "天"))
    })
}

/// 浙江工人日报 · 某某晚报: a paper's name, printed in its page header.
fn is_masthead(w: &str) -> bool {
    let n = char_len(w);
    (4..=MAX_PAGE_NAME_CHARS).contains(&n)
        && w.chars().all(is_han)
        && ["日报", "晚报", "工人报"].iter().any(|e| w.ends_with(e))
}

/// 电话：0571-85170000 · 邮箱：desk@example.com · E-mail:… — a key and a value with no Han.
fn is_contact(w: &str) -> bool {
    CONTACT_KEYS.iter().any(|k| {
        w.strip_prefix(k)
            .and_then(|v| v.strip_prefix(['：', ':']))
            .is_some_and(|v| !v.is_empty() && !v.chars().any(is_han))
    })
}

/// 责任编辑 孙婧 版式 王磊 · 本版编辑：甲 电话：0571-… : every word a desk role, a name after
/// one, a contact field or a date.
fn is_desk_credit(text: &str) -> bool {
    let mut s = text.trim();
    let mut roles = 0;
    while !s.is_empty() {
        if let Some(role) = DESK_ROLES.iter().find(|r| s.starts_with(*r)) {
            let after = &s[role.len()..];
            s = after.trim_start_matches(|c: char| {
                c.is_whitespace() || c == '：' || c == ':' || c == '\u{3000}'
            });
            let name_end = s
                .char_indices()
                .find(|(_, c)| !is_han(*c) && *c != '、')
                .map_or(s.len(), |(i, _)| i);
            let names = &s[..name_end];
            // A name glued to a short role (编辑部的故事, 编辑寄语) is a word, not a credit:
            // only a full role (责任编辑孙婧) or a second role (… 版式王磊) may be glued.
            let glued = s.len() == after.len();
            let name_fits = if glued && roles == 0 && char_len(role) < 3 {
                false
            } else if glued {
                names
                    .split('、')
                    .all(|n| (2..=GLUED_NAME_CHARS).contains(&char_len(n)))
            } else {
                char_len(names) <= MAX_DESK_NAME_CHARS
            };
            if name_end == 0 || !name_fits {
                return false;
            }
            roles += 1;
            s = s[name_end..].trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            continue;
        }
        // After a role: its contact fields or the page's date.
        let end = s
            .find(|c: char| c.is_whitespace() || c == '\u{3000}')
            .unwrap_or(s.len());
        let w = &s[..end];
        if roles == 0 || !(is_contact(w) || is_date(w) || is_weekday(w)) {
            return false;
        }
        s = s[end..].trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    }
    roles > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(page: &str) -> Vec<String> {
        let lines = page
            .lines()
            .enumerate()
            .map(|(n, t)| Line {
                text: t.to_string(),
                number: n as u32 + 1,
                level: None,
            })
            .collect();
        drop_furniture(lines).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn page_headers_of_every_shape_are_dropped() {
        for header in [
            "4 帮扶·维权",
            "7帮扶・维权",
            "第4版",
            "第十二版 要闻",
            "要闻 3",
            "2019年3月14日 星期四",
            "2021-05-06 周四 农历三月廿五",
            "第3版 基层 2020年8月1日 星期六",
            "浙江工人日报 2019年3月14日",
            "A4版 视点",
            "第4版：要闻",
            "第 4 版",
            "浙江工人日报 ZHEJIANG WORKERS' DAILY 2019年3月14日",
        ] {
            let page =
                format!("{header}\n嘉善职工趣味运动会开赛\n近日，嘉善县总工会举办职工趣味运动会。");
            assert_eq!(
                kept(&page),
                [
                    "嘉善职工趣味运动会开赛",
                    "近日，嘉善县总工会举办职工趣味运动会。"
                ],
                "{header}"
            );
        }
    }

    #[test]
    fn desk_credits_and_their_contacts_are_dropped() {
        for foot in [
            "责任编辑 孙某 版式 王某",
            "本版编辑：李某 电话：0571-88880000 邮箱：desk@example.com",
            "责编 赵某、钱某",
        ] {
            let page = format!("近日，嘉善县总工会举办职工趣味运动会。\n{foot}");
            assert_eq!(
                kept(&page),
                ["近日，嘉善县总工会举办职工趣味运动会。"],
                "{foot}"
            );
        }
        // A folio alone at the foot.
        for folio in ["4", "- 4 -", "—4—"] {
            let page = format!("近日，嘉善县总工会举办职工趣味运动会。\n{folio}");
            assert_eq!(
                kept(&page),
                ["近日，嘉善县总工会举办职工趣味运动会。"],
                "{folio}"
            );
        }
        // A contact line and a lone page name go with the header or credit beside them.
        let page = "要闻\n2019年3月14日 星期四\n嘉善举办运动会\n近日，嘉善县总工会举办运动会。\n本版编辑 李某\n邮箱：desk@example.com";
        assert_eq!(
            kept(page),
            ["嘉善举办运动会", "近日，嘉善县总工会举办运动会。"]
        );
    }

    #[test]
    fn article_text_that_looks_alike_stays() {
        let page = "\
言论
由人才破题 立科创核心
报名电话：0571-88880000
电话：0571-88881111
编辑部的故事
3月14日
三月十四日 春风里
2019年3月14日，全省职工技能大赛开幕。
5大板块 16项内容";
        assert_eq!(kept(page), page.lines().collect::<Vec<_>>());
    }
}
