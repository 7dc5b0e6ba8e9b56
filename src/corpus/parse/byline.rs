//! Bylines (本报讯 记者甲 通讯员乙、丙报道) and photo credits (通讯员丁 摄).
//!
//! A byline is a small grammar, not a pattern: an optional 本报讯, then one or more role
//! keywords (记者, 通讯员) each followed by names separated by 、 or spaces, then 报道 (a report)
//! or 摄 (a photo credit). Whatever follows 报道 on the same line is body text. OCR often breaks a
//! byline across lines (…通讯员 / 周敏加、宋月廷报道; …报 / 道): [`parse`] then says
//! [`BylineParse::Incomplete`] and the caller retries with the next line appended.

use super::text::{is_han, is_space};
use crate::article::Byline;

/// The longest name accepted (characters). Chinese names are two to four characters.
const MAX_NAME_CHARS: usize = 4;

const PREFIX: &str = "本报讯";
const REPORT_END: &str = "报道";
const PHOTO_END: &str = "摄";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Reporter,
    Correspondent,
}

/// Role keywords, longest first so that 特约记者 wins over 记者.
const ROLE_KEYWORDS: &[(&str, Role)] = &[
    ("特约通讯员", Role::Correspondent),
    ("特约记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("记者", Role::Reporter),
];

/// A byline or credit read from the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedByline {
    pub byline: Byline,
    /// Ends in 摄: the names took the pictures.
    pub is_credit: bool,
    /// Body text after the byline on the same line (trimmed), possibly empty.
    pub rest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BylineParse {
    Complete(ParsedByline),
    /// The line starts like a byline but stops before its 报道/摄: join the next line and retry.
    Incomplete,
    NotByline,
}

/// Reads a byline or credit at the start of `text`.
pub(crate) fn parse(text: &str) -> BylineParse {
    let mut s = text.trim_start_matches(is_space);
    let has_prefix = s.starts_with(PREFIX);
    if has_prefix {
        s = s[PREFIX.len()..].trim_start_matches(is_space);
    }
    let mut byline = Byline::default();
    let mut names: Vec<(Role, String)> = Vec::new();
    let mut role: Option<Role> = None;
    loop {
        s = s.trim_start_matches(|c: char| is_space(c) || c == '、');
        if s.is_empty() {
            return if has_prefix || role.is_some() {
                BylineParse::Incomplete
            } else {
                BylineParse::NotByline
            };
        }
        if let Some(&(keyword, r)) = ROLE_KEYWORDS.iter().find(|(k, _)| s.starts_with(k)) {
            role = Some(r);
            s = &s[keyword.len()..];
            continue;
        }
        let Some(current) = role else {
            // 本报讯 with no names: the boilerplate alone, the rest of the line is body text.
            if has_prefix {
                return complete(byline, false, s);
            }
            return BylineParse::NotByline;
        };
        if let Some(after) = s.strip_prefix(REPORT_END) {
            if names.is_empty() {
                return BylineParse::NotByline;
            }
            fill(&mut byline, names, false);
            return complete(byline, false, after);
        }
        if let Some(after) = s.strip_prefix(PHOTO_END) {
            if names.is_empty() || !after.trim_matches(is_space).is_empty() {
                return BylineParse::NotByline;
            }
            fill(&mut byline, names, true);
            return complete(byline, true, "");
        }
        if s == "报" {
            // 报 / 道 split over two lines.
            return BylineParse::Incomplete;
        }
        let name = read_name(s);
        let name_chars = name.chars().count();
        if !(2..=MAX_NAME_CHARS).contains(&name_chars) {
            return BylineParse::NotByline;
        }
        names.push((current, name.to_string()));
        s = &s[name.len()..];
        // A name must be followed by a separator, a keyword or an ending, never by other text.
        let next_ok = s.is_empty()
            || s.starts_with(|c: char| is_space(c) || c == '、')
            || s.starts_with(REPORT_END)
            || s.starts_with(PHOTO_END)
            || s == "报"
            || ROLE_KEYWORDS.iter().any(|(k, _)| s.starts_with(k));
        if !next_ok {
            return BylineParse::NotByline;
        }
    }
}

/// Han characters up to the next keyword or ending.
fn read_name(s: &str) -> &str {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let rest = &s[i..];
        let at_keyword = rest.starts_with(REPORT_END)
            || (rest.starts_with(PHOTO_END)
                && rest[PHOTO_END.len()..].trim_matches(is_space).is_empty())
            || rest == "报"
            || ROLE_KEYWORDS.iter().any(|(k, _)| rest.starts_with(k));
        if !is_han(c) || (i > 0 && at_keyword) {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

fn fill(byline: &mut Byline, names: Vec<(Role, String)>, is_credit: bool) {
    for (role, name) in names {
        let list = if is_credit {
            &mut byline.photographers
        } else {
            match role {
                Role::Reporter => &mut byline.reporters,
                Role::Correspondent => &mut byline.correspondents,
            }
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
        BylineParse::Complete(p) if p.is_credit => Some(p.byline),
        _ => None,
    }
}

/// A paragraph that ends with a credit (…展现活力风采。记者邹伟锋 通讯员李琦 摄): the byte index
/// where the credit starts. The credit must follow the end of a sentence.
pub(crate) fn trailing_credit_start(text: &str) -> Option<usize> {
    if !text.trim_end_matches(is_space).ends_with(PHOTO_END) {
        return None;
    }
    let mut starts: Vec<usize> = ROLE_KEYWORDS
        .iter()
        .flat_map(|(k, _)| text.match_indices(k).map(|(i, _)| i))
        .filter(|&i| i > 0)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts.into_iter().find(|&i| {
        let before = text[..i].trim_end_matches(is_space);
        super::text::ends_sentence(before) && credit(&text[i..]).is_some()
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
    }

    #[test]
    fn name_runs_straight_into_the_ending() {
        let p = complete_of("记者羊荣江报道");
        assert_eq!(p.byline.reporters, ["羊荣江"]);
        assert_eq!(p.rest, "");
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
    fn credits_list_photographers() {
        let p = complete_of("记者邹伟锋 通讯员李琦 摄");
        assert!(p.is_credit);
        assert_eq!(p.byline.photographers, ["邹伟锋", "李琦"]);
        assert!(p.byline.reporters.is_empty());
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
    }

    #[test]
    fn trailing_credit_is_found_after_a_sentence() {
        let text = "展现活力风采。记者邹伟锋 通讯员李琦 摄";
        let at = trailing_credit_start(text).unwrap();
        assert_eq!(&text[at..], "记者邹伟锋 通讯员李琦 摄");
        assert_eq!(trailing_credit_start("他说记者李琦 摄"), None);
    }
}
