//! Line-level text rules: stripping markdown markers, folding half-width punctuation inside
//! Chinese text to full width, and the small predicates (sentence end, balanced quotes, CJK)
//! the other stages are built from.

/// One non-blank line of a page after clean-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    /// 1-based line number in the page file (for `check` and `--explain`).
    pub number: u32,
    /// The markdown heading level the OCR kept (`##` → 2), if any. A hint about type size
    /// only: headline roles may use it to order two lines, nothing else reads it, so a page
    /// cuts the same without markers.
    pub level: Option<u8>,
}

/// Splits a page into its non-blank lines, each with markdown markers (`#`, `**`) removed, the
/// indentation (ASCII or ideographic spaces) and trailing spaces trimmed, and punctuation folded.
/// Blank lines are dropped: a page must read the same whether paragraphs are separated by blank
/// lines or by single line ends, so no rule may depend on them.
pub(crate) fn clean_lines(page_text: &str) -> Vec<Line> {
    page_text
        .lines()
        .enumerate()
        .filter_map(|(n, raw)| {
            let text = fold_punctuation(strip_markers(raw).trim());
            (!text.is_empty()).then(|| Line {
                text,
                number: u32::try_from(n + 1).unwrap_or(u32::MAX),
                level: heading_level(raw),
            })
        })
        .collect()
}

/// `## 标题` → 2: the count of leading `#` (1–6) before a space or text. A line wholly in
/// bold (`**小标题**`) is set like a `####` subhead: 4.
fn heading_level(raw: &str) -> Option<u8> {
    let trimmed = raw.trim_matches(is_space);
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) {
        return u8::try_from(hashes).ok();
    }
    let bold = trimmed.len() > 4
        && trimmed.starts_with("**")
        && trimmed.ends_with("**")
        && !trimmed[2..trimmed.len() - 2].contains("**");
    bold.then_some(BOLD_LEVEL)
}

/// The level a wholly bold line is read as: a subhead's size.
pub(crate) const BOLD_LEVEL: u8 = 4;

/// Removes the OCR tool's markdown: a leading run of `#` (headline level) and every `**` (bold).
/// Markers are hints about size only; the parser reads the page the same without them.
fn strip_markers(raw: &str) -> String {
    let trimmed = raw.trim_start_matches(is_space);
    let without_hashes = trimmed.trim_start_matches('#');
    let body = if without_hashes.len() == trimmed.len() {
        trimmed
    } else {
        without_hashes
    };
    body.replace("**", "")
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Half-width punctuation that OCR put into Chinese text, and its full-width form.
fn full_width_of(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// `, : ; ? ! ( )` next to Chinese text become `，：；？！（）`; inside numbers (1,000 · 12:00),
/// phone numbers and Latin words they stay as they are. A mark is "next to Chinese" when the
/// nearest non-space character on either side is a CJK character or CJK punctuation.
pub(crate) fn fold_punctuation(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let Some(wide) = full_width_of(c) else {
            out.push(c);
            continue;
        };
        let before = chars[..i].iter().rev().copied().find(|&p| !is_space(p));
        let after = chars[i + 1..].iter().copied().find(|&n| !is_space(n));
        let between_digits = matches!((before, after), (Some(b), Some(a)) if b.is_ascii_digit() && a.is_ascii_digit());
        let next_to_chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
        if next_to_chinese && !(between_digits && matches!(c, ',' | ':')) {
            out.push(wide);
        } else {
            out.push(c);
        }
    }
    out
}

/// Han characters, CJK punctuation (、。「」…), full-width forms and curly quotes.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·'
    )
}

/// A Han character (what names and headlines are made of).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Closing marks that may follow the end of a sentence: 。” ！） ……』
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '"' | '\'')
}

/// Does the text end a sentence (or a lead-in such as 这样做—— / 如下：)? A paragraph that does
/// not was cut by a column break and continues in the next one.
pub(crate) fn ends_sentence(text: &str) -> bool {
    let core = text.trim_end_matches(|c: char| is_closing(c) || is_space(c));
    core.ends_with(['。', '！', '？', '…', '—', '：', '!', '?', '.'])
}

/// Number of characters (not bytes, not cells): headline and name limits are counted in
/// characters, as an editor counts 字.
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Quotes and brackets open and close within the text (a headline is complete; a paragraph
/// fragment cut by a column break often is not).
pub(crate) fn balanced(text: &str) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    count('“') == count('”')
        && count('（') == count('）')
        && count('《') == count('》')
        && count('‘') == count('’')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_half_width_punctuation_next_to_chinese() {
        assert_eq!(
            fold_punctuation("去年以来,嘉兴(左一)说:好!对吗?"),
            "去年以来，嘉兴（左一）说：好！对吗？"
        );
        assert_eq!(
            fold_punctuation("技高者多得, 创新者重奖"),
            "技高者多得， 创新者重奖"
        );
    }

    #[test]
    fn leaves_numbers_times_phones_and_latin_alone() {
        assert_eq!(fold_punctuation("共1,000人"), "共1,000人");
        assert_eq!(fold_punctuation("晚19:30开始"), "晚19:30开始");
        assert_eq!(
            fold_punctuation("电话:0571-56000319"),
            "电话：0571-56000319"
        );
        assert_eq!(fold_punctuation("Hello, world (hi)!"), "Hello, world (hi)!");
    }

    #[test]
    fn strips_markers_and_indents() {
        let lines = clean_lines("## 标题\n\n\u{3000}\u{3000}**记者甲报**  \n#### 小标题\n");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["标题", "记者甲报", "小标题"]);
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("为新年开个好局。”"));
        assert!(ends_sentence("这样做——"));
        assert!(ends_sentence("的乡村世界”……"));
        assert!(!ends_sentence("为就业“聚人气”"));
        assert!(!ends_sentence("制订"));
    }
}
