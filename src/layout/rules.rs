//! The clreq (basic level) prohibition rules as character classes.
//!
//! Sources: W3C *Requirements for Chinese Text Layout* §3.1.7 (characters not allowed at the
//! start or end of a line, unbreakable marks) and JLREQ cl-01…cl-11, as summarised in
//! `/work/shared/research/cjk-line-breaking.md`.

/// Characters that must not begin a line: closing brackets and quotes, pause and stop marks,
/// middle dots, dashes, ellipses, the wave dash, and units written after a number.
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        // Full-width pause/stop marks and their ASCII forms.
        '、' | '，' | '。' | '．' | '：' | '；' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
            | '､' | '｡' | '﹐' | '﹑' | '﹒' | '﹔' | '﹕' | '﹖' | '﹗'
            | ',' | '.' | ':' | ';' | '!' | '?'
            // Closing brackets and quotes.
            | '）' | '］' | '｝' | '〕' | '〉' | '》' | '」' | '』' | '】' | '〗' | '〙' | '〛'
            | '｠' | '｣' | '”' | '’' | '〞' | '〟' | ')' | ']' | '}'
            // Connectors, dashes, ellipses, middle dots, solidus.
            | '～' | '〜' | '–' | '—' | '―' | '⸺' | '⸻' | '…' | '‥' | '⋯'
            | '·' | '・' | '‧' | '･' | '／'
            // Units and signs that follow a number.
            | '%' | '％' | '‰' | '‱' | '℃' | '℉' | '°' | '′' | '″'
    )
}

/// Characters that must not end a line: opening brackets and quotes, and currency signs written
/// before a number.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〖'
            | '〘'
            | '〚'
            | '｟'
            | '｢'
            | '“'
            | '‘'
            | '〝'
            | '('
            | '['
            | '{'
            | '￥'
            | '¥'
            | '$'
            | '＄'
            | '£'
            | '￡'
            | '€'
    )
}

/// Marks that may hang into the reserved margin cell(s) when hanging punctuation is on
/// (clreq allows 、，。 for Simplified Chinese; the pages' half-width forms behave the same).
pub(crate) fn is_hangable(c: char) -> bool {
    matches!(c, '、' | '，' | '。' | ',' | '.')
}

/// A digit, ASCII or full-width: a number that must stay with the unit written after it.
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A CJK ideograph (the unit or measure word in 12345元, 125人, 6月19日).
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Text where quotes are Chinese: a neighbour is wide punctuation or an ideograph.
pub(crate) fn is_cjk_context(c: char) -> bool {
    is_ideograph(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{3040}'..='\u{30FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_listed_by_the_issue_is_classified() {
        for c in "、，。．：；！？）］｝〕〉》」』】〗〙”’～·—…,.:;!?)]}%‼⁇–・‧／‰℃°".chars()
        {
            assert!(is_no_start(c), "{c} must not start a line");
            assert!(!is_no_end(c), "{c} may end a line");
        }
        for c in "（［｛〔〈《「『【〖〘“‘([{￥¥$£".chars() {
            assert!(is_no_end(c), "{c} must not end a line");
            assert!(!is_no_start(c), "{c} may start a line");
        }
        for c in "你a1　 ".chars() {
            assert!(!is_no_start(c) && !is_no_end(c), "{c:?} is free");
        }
    }
}
