//! Character folding shared by indexing and querying: NFKC (full-width → half-width, compatibility
//! forms), lower-casing, and traditional → simplified Chinese. Folding is done one original char at
//! a time so every folded char remembers the byte range it came from: that is what lets highlights
//! land on the original text even where folding changed the text's length.

use unicode_normalization::UnicodeNormalization;

/// One folded char and the byte range of the original char it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoldedChar {
    pub ch: char,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Folds `text` (NFKC, lower case, traditional → simplified), keeping each char's source bytes.
pub(crate) fn fold_chars(text: &str) -> Vec<FoldedChar> {
    fold_chars_and_text(text).0
}

/// [`fold_chars`], and the folded text as a string (which folding builds anyway).
pub(crate) fn fold_chars_and_text(text: &str) -> (Vec<FoldedChar>, String) {
    let mut out = Vec::with_capacity(text.len() / 2);
    for (byte_start, original) in text.char_indices() {
        let byte_end = byte_start + original.len_utf8();
        if original.is_ascii() {
            out.push(FoldedChar {
                ch: original.to_ascii_lowercase(),
                byte_start,
                byte_end,
            });
            continue;
        }
        if folds_to_itself(original) {
            out.push(FoldedChar {
                ch: original,
                byte_start,
                byte_end,
            });
            continue;
        }
        for compat in std::iter::once(original).nfkc() {
            for ch in compat.to_lowercase() {
                out.push(FoldedChar {
                    ch,
                    byte_start,
                    byte_end,
                });
            }
        }
    }
    let folded = simplify_in_place(&mut out);
    (out, folded)
}

/// Chars that NFKC and lower-casing leave alone, known without asking the tables: the unified
/// Han ideographs (basic block and extension A) and the commonest CJK punctuation, i.e. nearly
/// all of a Chinese text. (Compatibility ideographs, full-width forms and the like are not
/// here: they do change.)
fn folds_to_itself(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF        // CJK unified ideographs
        | 0x3400..=0x4DBF      // extension A
        | 0x3001..=0x3002      // 、。
        | 0x3008..=0x3011      // 〈〉《》「」『』【】
        | 0x2018..=0x2019      // ‘ ’
        | 0x201C..=0x201D      // “ ”
        | 0x2014               // —
        | 0x00B7) // ·
}

/// Folds `text` to the searchable form (see `fold_chars`).
pub fn fold(text: &str) -> String {
    fold_chars_and_text(text).1
}

/// Traditional → simplified, returning the folded text. `fast2s::convert` maps char to char and
/// looks at each char's neighbours, so it leaves 乾隆 or 著名 alone while folding 乾燥 and 看著: run
/// it over the whole folded text and zip the result back.
fn simplify_in_place(chars: &mut [FoldedChar]) -> String {
    let folded: String = chars.iter().map(|c| c.ch).collect();
    if folded.is_ascii() {
        return folded;
    }
    let simplified = fast2s::convert(&folded);
    // fast2s converts one char into exactly one char; check rather than trust, so a future
    // version that does otherwise leaves the text unsimplified instead of misaligning offsets.
    if simplified.chars().count() != chars.len() {
        return folded;
    }
    for (slot, ch) in chars.iter_mut().zip(simplified.chars()) {
        slot.ch = ch;
    }
    simplified
}

/// A Han ideograph (or 〇): the chars that are segmented into words and bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EBEF
        | 0x30000..=0x3134F)
}

/// A letter or digit that is not CJK: these form runs indexed as whole words (`iphone`, `15`).
pub(crate) fn is_latin_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_digits_and_brackets_fold_to_ascii() {
        assert_eq!(fold("ＡＢＣ１５条（左一）"), "abc15条(左一)");
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(fold("義烏職工"), "义乌职工");
        assert_eq!(fold("勞動關係"), "劳动关系");
    }

    #[test]
    fn simplified_words_that_look_traditional_are_kept() {
        // 著 and 乾 are ordinary simplified characters in these words.
        assert_eq!(fold("著名"), "著名");
        assert_eq!(fold("乾隆"), "乾隆");
        assert_eq!(fold("乾燥"), "干燥");
    }

    #[test]
    fn folded_chars_point_at_their_original_bytes() {
        let chars = fold_chars("Ａ義b");
        assert_eq!(
            chars,
            vec![
                FoldedChar {
                    ch: 'a',
                    byte_start: 0,
                    byte_end: 3
                },
                FoldedChar {
                    ch: '义',
                    byte_start: 3,
                    byte_end: 6
                },
                FoldedChar {
                    ch: 'b',
                    byte_start: 6,
                    byte_end: 7
                },
            ]
        );
    }

    #[test]
    fn an_expanding_compatibility_char_keeps_one_source_range() {
        // ㈠ (parenthesized one) expands to three chars under NFKC.
        let chars = fold_chars("㈠");
        assert_eq!(chars.iter().map(|c| c.ch).collect::<String>(), "(一)");
        assert!(chars.iter().all(|c| c.byte_start == 0 && c.byte_end == 3));
    }

    #[test]
    fn the_fast_path_only_skips_chars_that_folding_leaves_alone() {
        let mut checked = 0;
        for c in (0..=0x0010_FFFF_u32).filter_map(char::from_u32) {
            if folds_to_itself(c) {
                let slow: String = std::iter::once(c)
                    .nfkc()
                    .flat_map(char::to_lowercase)
                    .collect();
                assert_eq!(slow, c.to_string(), "U+{:04X}", c as u32);
                checked += 1;
            }
        }
        assert!(checked > 27_000);
        assert!(!folds_to_itself('…'), "NFKC turns … into ...");
        assert!(!folds_to_itself('，'), "full-width comma");
    }

    #[test]
    fn cjk_classification() {
        assert!(is_cjk('杭'));
        assert!(!is_cjk('，'));
        assert!(!is_cjk('a'));
        assert!(is_latin_word_char('5'));
        assert!(!is_latin_word_char('工'));
    }
}
