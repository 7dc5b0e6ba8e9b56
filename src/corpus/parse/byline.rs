//! Bylines (本报讯 记者甲 通讯员乙、丙报道) and photo credits (通讯员丁 摄).
//!
//! A byline is a small grammar, not a pattern: an optional marker (■) and 本报讯 (bare or with
//! the names in brackets: 本报讯（记者甲）), then one or more role keywords (记者, 见习记者,
//! 通讯员, 实习生 …) each followed by names separated by 、 or spaces, then 报道 (a report) or
//! 摄 / 摄影 / 摄影报道 (a photo credit). Whatever follows 报道 on the same line is body text.
//! Three more forms the paper prints:
//! * names only: 本报讯 甲报道 (a report), 甲 乙 摄 (a credit);
//! * slashes: ■甲/文 乙/摄, 文/甲 图/乙;
//! * a feature's byline alone on its line with no ending: ■通讯员 甲、乙、丙 — [`BylineParse::Bare`],
//!   which the caller accepts only when the next line does not complete it.
//!
//! OCR often breaks a byline across lines (…通讯员 / 周敏加、宋月廷报道; …报 / 道): [`parse`]
//! then says [`BylineParse::Incomplete`] and the caller retries with the next line appended.

use super::text::{ends_sentence, is_han, is_space};
use crate::article::Byline;

/// The longest name accepted (characters). Chinese names are two to four characters.
const MAX_NAME_CHARS: usize = 4;

const PREFIX: &str = "本报讯";
const REPORT_END: &str = "报道";
/// Photo endings, longest first (摄影报道 is a photo story's credit).
const PHOTO_ENDS: [&str; 3] = ["摄影报道", "摄影", "摄"];
/// Marks a feature's byline line (■记者甲) or credit (■甲/文 乙/摄).
const MARKERS: [char; 6] = ['■', '□', '●', '◆', '▲', '★'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Reporter,
    Correspondent,
    Photographer,
}

/// Role keywords, longest first so that 特约记者 wins over 记者.
const ROLE_KEYWORDS: &[(&str, Role)] = &[
    ("本报通讯员", Role::Correspondent),
    ("特约通讯员", Role::Correspondent),
    ("本报记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("实习记者", Role::Reporter),
    ("首席记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Reporter),
    ("记者", Role::Reporter),
];

/// A byline or credit read from the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedByline {
    pub byline: Byline,
    /// Ends in 摄 (or names a photographer with a slash): the names took the pictures.
    pub is_credit: bool,
    /// Body text after the byline on the same line (trimmed), possibly empty.
    pub rest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BylineParse {
    Complete(ParsedByline),
    /// Roles and names that fill the whole line but carry no ending (■通讯员 甲、乙): a
    /// byline of its own when the next line does not complete it.
    Bare(ParsedByline),
    /// The line starts like a byline but stops before its 报道/摄: join the next line and retry.
    Incomplete,
    NotByline,
}

fn strip_marker(text: &str) -> (&str, bool) {
    let s = text.trim_start_matches(is_space);
    let t = s.trim_start_matches(|c: char| MARKERS.contains(&c) || is_space(c));
    (t, t.len() != s.len())
}

/// （方明 摄）: a credit in brackets; （记者 方明）: an author signing off; （钱晓）: names alone.
fn in_brackets(s: &str) -> Option<BylineParse> {
    let inner = s.strip_prefix('（').and_then(|r| r.strip_suffix('）'))?;
    match roles_and_names(inner.trim_matches(is_space)) {
        BylineParse::Complete(p) if p.is_credit || p.rest.is_empty() => {
            Some(BylineParse::Complete(p))
        }
        BylineParse::Bare(p) => Some(BylineParse::Complete(p)),
        _ => {
            if let Some(p) = names_then(inner, Role::Photographer, true) {
                return Some(BylineParse::Complete(p));
            }
            // （钱晓） · （甲 乙）: a brief's author signing off with names alone.
            signature_names(inner).map(|byline| complete(byline, false, ""))
        }
    }
}

/// 摄影 方明 · 图 方明: the role before the names.
fn role_before_names(s: &str) -> Option<BylineParse> {
    ["摄影", "图"].into_iter().find_map(|prefix| {
        let rest = s.strip_prefix(prefix)?;
        if !rest.starts_with(|c: char| is_space(c) || c == '：') {
            return None;
        }
        let byline = marked_names(rest.trim_start_matches('：'))?;
        Some(BylineParse::Complete(ParsedByline {
            byline: Byline {
                photographers: byline.reporters,
                ..Byline::default()
            },
            is_credit: true,
            rest: String::new(),
        }))
    })
}

/// Reads a byline or credit at the start of `text`.
pub(crate) fn parse(text: &str) -> BylineParse {
    let (mut s, marked) = strip_marker(text);
    if let Some(parse) = in_brackets(s).or_else(|| role_before_names(s)) {
        return parse;
    }
    if let Some(p) = slash_form(s) {
        return BylineParse::Complete(p);
    }
    let prefix_len = dateline_len(s);
    let has_prefix = prefix_len > 0;
    if has_prefix {
        s = s[prefix_len..].trim_start_matches(is_space);
        if let Some(inner) = s.strip_prefix('（') {
            return bracketed(inner);
        }
    }
    match roles_and_names(s) {
        BylineParse::NotByline if has_prefix => {
            // 本报讯 甲报道 …: names with no role are the reporters; 本报讯 记者甲 近日，…:
            // roles and names up to the first word that is neither; otherwise 本报讯 is the
            // boilerplate alone and the rest of the line is body text.
            if let Some(p) = names_then(s, Role::Reporter, false) {
                return BylineParse::Complete(p);
            }
            if let Some(p) = roles_then_text(s) {
                return BylineParse::Complete(p);
            }
            complete(Byline::default(), false, s)
        }
        BylineParse::NotByline => match names_then(s, Role::Photographer, true) {
            Some(p) => BylineParse::Complete(p),
            // ■ 余观: a commentary's author, marked, with no role.
            None if marked => match marked_names(s) {
                Some(byline) => BylineParse::Bare(ParsedByline {
                    byline,
                    is_credit: false,
                    rest: String::new(),
                }),
                None => BylineParse::NotByline,
            },
            None => BylineParse::NotByline,
        },
        BylineParse::Incomplete if has_prefix && s.is_empty() => BylineParse::Incomplete,
        // 记者手记 alone is a column label, not a byline: a bare byline needs a marker, two
        // names, or a space between role and name (记者 程远: a label is one word). It may
        // still continue on the next line.
        BylineParse::Bare(ref p)
            if !marked
                && !has_prefix
                && !staff_role(s)
                && !s.contains(is_space)
                && p.byline.names().count() < 2 =>
        {
            BylineParse::Incomplete
        }
        other => other,
    }
}

/// The longest place and date between 本报 and 讯 (本报杭州1月5日讯).
const MAX_DATELINE_CHARS: usize = 12;

/// The length in bytes of a dateline at the start of `s`: 本报讯, or 本报 + place and date + 讯.
fn dateline_len(s: &str) -> usize {
    if s.starts_with(PREFIX) {
        return PREFIX.len();
    }
    let Some(rest) = s.strip_prefix("本报") else {
        return 0;
    };
    rest.char_indices()
        .take(MAX_DATELINE_CHARS + 1)
        .take_while(|(_, c)| !is_space(*c))
        .find(|(_, c)| *c == '讯')
        .map_or(0, |(i, c)| "本报".len() + i + c.len_utf8())
}

/// 本报记者 / 本报通讯员 / 特约记者: roles no column label starts with.
fn staff_role(s: &str) -> bool {
    ["本报记者", "本报通讯员", "特约记者", "特约通讯员"]
        .iter()
        .any(|r| s.starts_with(r))
}

/// The role grammar: (role names…)+ ending.
fn roles_and_names(mut s: &str) -> BylineParse {
    let mut names: Vec<(Role, String)> = Vec::new();
    let mut role: Option<Role> = None;
    // A role keyword with no name after it yet (…通讯员 at a line end: the names follow on
    // the next line).
    let mut awaiting_name = false;
    loop {
        s = s.trim_start_matches(|c: char| is_space(c) || c == '、');
        if s.is_empty() {
            return match role {
                None => BylineParse::NotByline,
                Some(_) if names.is_empty() || awaiting_name => BylineParse::Incomplete,
                Some(_) => {
                    let mut byline = Byline::default();
                    fill(&mut byline, names, false);
                    BylineParse::Bare(ParsedByline {
                        byline,
                        is_credit: false,
                        rest: String::new(),
                    })
                }
            };
        }
        if let Some(&(keyword, r)) = ROLE_KEYWORDS.iter().find(|(k, _)| s.starts_with(k)) {
            role = Some(r);
            awaiting_name = true;
            s = &s[keyword.len()..];
            continue;
        }
        let Some(current) = role else {
            return BylineParse::NotByline;
        };
        if let Some(after) = s.strip_prefix(REPORT_END) {
            if names.is_empty() {
                return BylineParse::NotByline;
            }
            let mut byline = Byline::default();
            fill(&mut byline, names, false);
            return complete(byline, false, after);
        }
        if let Some(after) = photo_ending(s) {
            if names.is_empty() || !after.is_empty() {
                return BylineParse::NotByline;
            }
            let mut byline = Byline::default();
            fill(&mut byline, names, true);
            return complete(byline, true, "");
        }
        if s == "报" {
            // 报 / 道 split over two lines.
            return BylineParse::Incomplete;
        }
        let name = read_name(s);
        if !(2..=MAX_NAME_CHARS).contains(&name.chars().count()) {
            return BylineParse::NotByline;
        }
        names.push((current, name.to_string()));
        awaiting_name = false;
        s = &s[name.len()..];
        if !name_may_end_here(s) {
            return BylineParse::NotByline;
        }
    }
}

/// A name must be followed by a separator, a keyword or an ending, never by other text.
fn name_may_end_here(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(|c: char| is_space(c) || c == '、')
        || s.starts_with(REPORT_END)
        || photo_ending(s).is_some()
        || s == "报"
        || ROLE_KEYWORDS.iter().any(|(k, _)| s.starts_with(k))
}

/// A photo ending at `s` that closes the line: what follows it (empty when it closes the line).
fn photo_ending(s: &str) -> Option<&str> {
    PHOTO_ENDS.iter().find_map(|end| {
        s.strip_prefix(end)
            .map(|after| after.trim_matches(is_space))
            .filter(|after| after.is_empty())
    })
}

/// Names (no role) then an ending: 甲报道 … (a report, when `photo` is false) or 甲 乙 摄
/// (a credit, when `photo` is true, and only as a whole line).
fn names_then(mut s: &str, role: Role, photo: bool) -> Option<ParsedByline> {
    let mut names = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| is_space(c) || c == '、');
        if photo && let Some(after) = photo_ending(s) {
            if names.is_empty() || !after.is_empty() {
                return None;
            }
            let mut byline = Byline::default();
            fill(&mut byline, names, true);
            return Some(ParsedByline {
                byline,
                is_credit: true,
                rest: String::new(),
            });
        }
        if !photo && let Some(after) = s.strip_prefix(REPORT_END) {
            if names.is_empty() {
                return None;
            }
            let mut byline = Byline::default();
            fill(&mut byline, names, false);
            return Some(ParsedByline {
                byline,
                is_credit: false,
                rest: after.trim_matches(is_space).to_string(),
            });
        }
        let name = read_name(s);
        if !(2..=MAX_NAME_CHARS).contains(&name.chars().count()) || names.len() >= 4 {
            return None;
        }
        names.push((role, name.to_string()));
        s = &s[name.len()..];
        if !name_may_end_here(s) {
            return None;
        }
    }
}

/// 记者甲 通讯员乙 近日，…: words of roles and names (each a role glued to its names, or names
/// after a role) up to the first word that is neither; the rest is body text.
fn roles_then_text(s: &str) -> Option<ParsedByline> {
    let mut names: Vec<(Role, String)> = Vec::new();
    let mut role = None;
    let mut rest = s;
    for word in s.split(|c: char| is_space(c)).filter(|w| !w.is_empty()) {
        let (r, tail) = match ROLE_KEYWORDS.iter().find(|(k, _)| word.starts_with(k)) {
            Some(&(k, r)) => (Some(r), &word[k.len()..]),
            None => (role, word),
        };
        let Some(r) = r else { break };
        let list: Vec<&str> = tail.split('、').filter(|n| !n.is_empty()).collect();
        let all_names = list
            .iter()
            .all(|n| (2..=MAX_NAME_CHARS).contains(&n.chars().count()) && n.chars().all(is_han));
        if !all_names || (list.is_empty() && !tail.is_empty()) {
            break;
        }
        role = Some(r);
        names.extend(list.iter().map(|n| (r, n.to_string())));
        let at = rest.find(word).map_or(rest.len(), |i| i + word.len());
        rest = &rest[at..];
    }
    if names.is_empty() {
        return None;
    }
    let mut byline = Byline::default();
    fill(&mut byline, names, false);
    Some(ParsedByline {
        byline,
        is_credit: false,
        rest: rest.trim_matches(is_space).to_string(),
    })
}

/// One to three names filling a marked line (■ 余观): the authors.
fn marked_names(s: &str) -> Option<Byline> {
    let names: Vec<&str> = s
        .split(|c: char| is_space(c) || c == '、')
        .filter(|n| !n.is_empty())
        .collect();
    let ok = (1..=3).contains(&names.len())
        && names
            .iter()
            .all(|n| (2..=MAX_NAME_CHARS).contains(&n.chars().count()) && n.chars().all(is_han));
    ok.then(|| Byline {
        reporters: names.iter().map(std::string::ToString::to_string).collect(),
        ..Byline::default()
    })
}

/// Bracketed words of a name's length that are no one's name: the paper's end marks
/// （完）（待续）（续）（节选）（摘编）, a picture's source （资料图）（图片来源…）, a page's （广告）.
const NOT_NAMES: [char; 10] = ['完', '续', '图', '版', '文', '告', '稿', '选', '编', '删'];

/// The names of a bracketed signature (（钱晓） · （钱晓 孙宁））: one to three names, each a
/// name's length, none an end mark or a source note.
fn signature_names(inner: &str) -> Option<Byline> {
    let inner = inner.trim_matches(is_space);
    if inner.contains(NOT_NAMES) {
        return None;
    }
    marked_names(inner)
}

/// 本报讯（记者甲 通讯员乙）近日，…: the names inside the brackets, the rest is body text.
fn bracketed(inner: &str) -> BylineParse {
    let Some((names, rest)) = inner.split_once('）') else {
        return BylineParse::Incomplete;
    };
    let with_end = format!("{names}报道");
    let parsed = match roles_and_names(&with_end) {
        BylineParse::Complete(p) => Some(p),
        _ => names_then(&with_end, Role::Reporter, false),
    };
    match parsed {
        Some(p) => complete(p.byline, false, rest),
        None => BylineParse::NotByline,
    }
}

/// ■甲/文 乙/摄, 文/甲 图/乙: every token a name and a role joined by a slash.
fn slash_form(s: &str) -> Option<ParsedByline> {
    if !s.contains(['/', '／']) {
        return None;
    }
    let mut names: Vec<(Role, String)> = Vec::new();
    let tokens: Vec<&str> = s
        .split(|c: char| is_space(c))
        .filter(|t| !t.is_empty())
        .collect();
    // 文/图 甲: one person wrote and took the pictures.
    if let [both, person] = tokens.as_slice()
        && matches!(*both, "文/图" | "图/文" | "文／图" | "图／文")
    {
        let byline = marked_names(person)?;
        return Some(ParsedByline {
            byline: Byline {
                photographers: byline.reporters.clone(),
                ..byline
            },
            is_credit: true,
            rest: String::new(),
        });
    }
    for token in tokens {
        let (left, right) = token.split_once(['/', '／'])?;
        let role_of = |r: &str| match r {
            "文" => Some(Role::Reporter),
            "摄" | "图" | "摄影" => Some(Role::Photographer),
            _ => None,
        };
        let (role, list) = match (role_of(left), role_of(right)) {
            (_, Some(role)) => (role, left),
            (Some(role), None) => (role, right),
            (None, None) => return None,
        };
        for name in list.split('、') {
            let n = name.chars().count();
            if !(2..=MAX_NAME_CHARS).contains(&n) || !name.chars().all(is_han) {
                return None;
            }
            names.push((role, name.to_string()));
        }
    }
    if names.is_empty() {
        return None;
    }
    let is_credit = names.iter().any(|(r, _)| *r == Role::Photographer);
    let mut byline = Byline::default();
    fill(&mut byline, names, false);
    Some(ParsedByline {
        byline,
        is_credit,
        rest: String::new(),
    })
}

/// Han characters up to the next keyword or ending.
fn read_name(s: &str) -> &str {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let rest = &s[i..];
        let at_keyword = rest.starts_with(REPORT_END)
            || photo_ending(rest).is_some()
            || rest == "报"
            || ROLE_KEYWORDS.iter().any(|(k, _)| rest.starts_with(k));
        if !is_han(c) || (i > 0 && at_keyword) {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// Adds names to the byline: on a credit every name took pictures; otherwise by role.
fn fill(byline: &mut Byline, names: Vec<(Role, String)>, is_credit: bool) {
    for (role, name) in names {
        if name.is_empty() {
            continue;
        }
        let list = match (is_credit, role) {
            (true, _) | (false, Role::Photographer) => &mut byline.photographers,
            (false, Role::Reporter) => &mut byline.reporters,
            (false, Role::Correspondent) => &mut byline.correspondents,
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

fn complete(byline: Byline, is_credit: bool, rest: &str) -> BylineParse {
    BylineParse::Complete(ParsedByline {
        byline,
        is_credit,
        rest: rest.trim_matches(is_space).to_string(),
    })
}

/// How to append the next line to an incomplete byline: 报 / 道 join with nothing, anything
/// else with a space (which the grammar skips).
pub(crate) fn join_broken(first: &str, next: &str) -> String {
    if first.ends_with('报') && next.starts_with('道') {
        format!("{first}{next}")
    } else {
        format!("{first} {next}")
    }
}

/// A line that is only a credit (通讯员王燕红 摄): its byline.
pub(crate) fn credit(text: &str) -> Option<Byline> {
    match parse(text) {
        BylineParse::Complete(p) if p.is_credit && p.rest.is_empty() => Some(p.byline),
        _ => None,
    }
}

/// A paragraph that ends with a credit (…展现活力风采。记者邹伟锋 通讯员李琦 摄): the byte index
/// where the credit starts. The credit must follow the end of a sentence.
pub(crate) fn trailing_credit_start(text: &str) -> Option<usize> {
    let trimmed = text.trim_end_matches(is_space);
    let closes = |t: &str| PHOTO_ENDS.iter().any(|e| t.ends_with(e)) || t.ends_with("/摄");
    if !(closes(trimmed) || trimmed.strip_suffix('）').is_some_and(closes)) {
        return None;
    }
    text.char_indices().skip(1).find_map(|(i, _)| {
        let before = &text[..i];
        if before.ends_with(is_space) || !ends_sentence(before) {
            return None;
        }
        let after = text[i..].trim_start_matches(is_space);
        credit(after).map(|_| text.len() - after.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete_of(text: &str) -> ParsedByline {
        match parse(text) {
            BylineParse::Complete(p) => p,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reporters_and_correspondents_with_body_after() {
        let p = complete_of("本报讯 记者李凡 通讯员徐冬云、姚磊报道 近日，衢州市总工会");
        assert_eq!(p.byline.reporters, ["李凡"]);
        assert_eq!(p.byline.correspondents, ["徐冬云", "姚磊"]);
        assert_eq!(p.rest, "近日，衢州市总工会");
        assert!(!p.is_credit);
        let p = complete_of("通讯员方明、陈小红 见习记者周立报道");
        assert_eq!(p.byline.reporters, ["周立"]);
        assert_eq!(p.byline.correspondents, ["方明", "陈小红"]);
        let p = complete_of("本报讯 记者孙一 实习生钱二报道 日前，");
        assert_eq!(p.byline.reporters, ["孙一", "钱二"]);
    }

    #[test]
    fn name_runs_straight_into_the_ending() {
        let p = complete_of("记者羊荣江报道");
        assert_eq!(p.byline.reporters, ["羊荣江"]);
        assert_eq!(p.rest, "");
    }

    #[test]
    fn names_without_roles_and_in_brackets() {
        let p = complete_of("本报杭州1月5日讯 记者吴海 近日，");
        assert_eq!(p.byline.reporters, ["吴海"]);
        let p = complete_of("本报讯 吴海报道 近日，某县总工会");
        assert_eq!(p.byline.reporters, ["吴海"]);
        assert_eq!(p.rest, "近日，某县总工会");
        let p = complete_of("本报讯（记者王一 通讯员李二）近日，");
        assert_eq!(p.byline.reporters, ["王一"]);
        assert_eq!(p.byline.correspondents, ["李二"]);
        assert_eq!(p.rest, "近日，");
        // 本报讯 with a sentence after it: the boilerplate only.
        let p = complete_of("本报讯 近日，某市举行大会");
        assert!(p.byline.is_empty());
        assert_eq!(p.rest, "近日，某市举行大会");
    }

    #[test]
    fn broken_bylines_are_incomplete_until_joined() {
        assert_eq!(parse("本报讯 记者李凡 通讯员"), BylineParse::Incomplete);
        assert_eq!(parse("记者阮向民 通讯员祝琳报"), BylineParse::Incomplete);
        let joined = join_broken("记者阮向民 通讯员祝琳报", "道 科技是第一生产力");
        let p = complete_of(&joined);
        assert_eq!(p.byline.correspondents, ["祝琳"]);
        assert_eq!(p.rest, "科技是第一生产力");
    }

    #[test]
    fn a_bare_byline_needs_a_marker_or_two_names() {
        match parse("■通讯员 方明、陈小红、周立") {
            BylineParse::Bare(p) => assert_eq!(p.byline.correspondents.len(), 3),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("记者 方明 通讯员 周立"),
            BylineParse::Bare(_)
        ));
        assert_eq!(parse("记者手记"), BylineParse::Incomplete);
        assert!(matches!(parse("记者 方明"), BylineParse::Bare(_)));
        assert!(matches!(parse("本报记者 方明"), BylineParse::Bare(_)));
        assert!(matches!(parse("本报讯 记者方明"), BylineParse::Bare(_)));
        match parse("■ 余观") {
            BylineParse::Bare(p) => assert_eq!(p.byline.reporters, ["余观"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn credits_list_photographers() {
        let p = complete_of("记者邹伟锋 通讯员李琦 摄");
        assert!(p.is_credit);
        assert_eq!(p.byline.photographers, ["邹伟锋", "李琦"]);
        assert!(p.byline.reporters.is_empty());
        for (line, names) in [
            ("方明 陈小红 摄", &["方明", "陈小红"][..]),
            ("通讯员方明 记者周立 摄影报道", &["方明", "周立"][..]),
            ("本报记者 周立 摄", &["周立"][..]),
            ("周立 摄影", &["周立"][..]),
        ] {
            let p = complete_of(line);
            assert!(p.is_credit, "{line}");
            assert_eq!(p.byline.photographers, names, "{line}");
        }
        for (line, names) in [
            ("（钱晓）", &["钱晓"][..]),
            ("（钱晓 孙宁）", &["钱晓", "孙宁"][..]),
        ] {
            let p = complete_of(line);
            assert!(!p.is_credit);
            assert_eq!(p.byline.reporters, names);
        }
        for line in ["（完）", "（待续）", "（资料图）", "（广告）"] {
            assert!(!matches!(parse(line), BylineParse::Complete(_)), "{line}");
        }
        let p = complete_of("（记者 方明）");
        assert!(!p.is_credit);
        assert_eq!(p.byline.reporters, ["方明"]);
        let p = complete_of("文/图 方明");
        assert!(p.is_credit);
        assert_eq!(p.byline.reporters, ["方明"]);
        assert_eq!(p.byline.photographers, ["方明"]);
        for line in ["（方明 摄）", "摄影 方明", "图 方明", "摄影：方明"] {
            let p = complete_of(line);
            assert!(p.is_credit, "{line}");
            assert_eq!(p.byline.photographers, ["方明"], "{line}");
        }
        let p = complete_of("■方明/文 陈小红/摄");
        assert!(p.is_credit);
        assert_eq!(p.byline.reporters, ["方明"]);
        assert_eq!(p.byline.photographers, ["陈小红"]);
        assert_eq!(credit("他在车间里 摄"), None);
    }

    #[test]
    fn body_sentences_starting_with_a_role_word_are_not_bylines() {
        assert_eq!(
            parse("记者注意到，这份新年计划围绕企业发展"),
            BylineParse::NotByline
        );
        assert_eq!(
            parse("记者了解到，为举办本次招聘会"),
            BylineParse::NotByline
        );
        assert_eq!(parse("通讯员"), BylineParse::Incomplete);
        assert_eq!(parse("网约车司机 摄影爱好者"), BylineParse::NotByline);
    }

    #[test]
    fn trailing_credit_is_found_after_a_sentence() {
        let text = "展现活力风采。记者邹伟锋 通讯员李琦 摄";
        let at = trailing_credit_start(text).unwrap();
        assert_eq!(&text[at..], "记者邹伟锋 通讯员李琦 摄");
        let text = "职工们在比赛。（方明 摄）";
        let at = trailing_credit_start(text).unwrap();
        assert_eq!(&text[at..], "（方明 摄）");
        let text = "职工们在比赛。 方明 陈小红 摄";
        let at = trailing_credit_start(text).unwrap();
        assert_eq!(&text[at..], "方明 陈小红 摄");
        assert_eq!(trailing_credit_start("他说记者李琦 摄"), None);
    }
}
