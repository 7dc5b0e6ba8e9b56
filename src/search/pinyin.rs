//! Pinyin: the readings of Han chars, the table of syllables, and what a typed Latin word can
//! mean as pinyin (`jiaxibeila`, `yi wu`, `gōngzī`, `gong1zi1`, `xi'an`, the unfinished `gongh`,
//! initials `jxbl`). The reading map (`super::readings`) and the query builder share these.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// The toneless readings of one Han char, deduplicated, most common first.
pub fn char_readings(c: char) -> Vec<String> {
    let mut readings: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi {
            for spelling in spellings(reading.plain()) {
                if !readings.contains(&spelling) {
                    readings.push(spelling);
                }
            }
        }
    }
    readings
}

/// The spellings of a char's most common reading (`的` → [de], not di; `绿` → [lv, lu]).
pub(crate) fn primary_readings(c: char) -> Vec<String> {
    c.to_pinyin_multi()
        .and_then(|multi| multi.get_opt(0))
        .map(|reading| spellings(reading.plain()))
        .unwrap_or_default()
}

/// `lü` → [`lv`, `lu`]; `ê` → [`e`]; anything else as is.
fn spellings(plain: &str) -> Vec<String> {
    if plain.contains('ü') {
        vec![plain.replace('ü', "v"), plain.replace('ü', "u")]
    } else if plain.contains('ê') {
        vec![plain.replace('ê', "e")]
    } else {
        vec![plain.to_string()]
    }
}

/// Every toneless syllable the pinyin tables know, from their own data so that a query is split
/// into exactly the syllables the index holds. Built on first use, only for Latin queries. Syllables with no vowel (`m`, `n`, `ng`, `hm`) are left out: they are interjections
/// and would let almost any consonant stand alone in a split.
fn syllables() -> &'static HashSet<String> {
    static SYLLABLES: OnceLock<HashSet<String>> = OnceLock::new();
    SYLLABLES.get_or_init(|| {
        let mut set = HashSet::new();
        for code in 0x4E00u32..=0x9FFF {
            if let Some(c) = char::from_u32(code) {
                for reading in char_readings(c) {
                    if reading.chars().any(|ch| "aeiouv".contains(ch)) {
                        set.insert(reading);
                    }
                }
            }
        }
        set
    })
}

/// Is `s` (lower-case ASCII) one pinyin syllable?
pub(crate) fn is_syllable(s: &str) -> bool {
    syllables().contains(s)
}

/// The ways to split a run of lower-case letters into pinyin syllables, fewest syllables first, at
/// most `max` of them. `guangfu` → [[guang, fu], [gu, ang, fu]]; `iphone` → [].
pub(crate) fn split_syllables(letters: &str, max: usize) -> Vec<Vec<String>> {
    const LONGEST_SYLLABLE: usize = 6; // zhuang, chuang, shuang
    let bytes = letters.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_lowercase) {
        return Vec::new();
    }
    // splits_from[i]: the splits of letters[i..], capped so that long inputs stay cheap.
    let cap = max.max(1) * 4;
    let n = bytes.len();
    let mut splits_from: Vec<Vec<Vec<String>>> = vec![Vec::new(); n + 1];
    splits_from[n].push(Vec::new());
    for start in (0..n).rev() {
        let mut found: Vec<Vec<String>> = Vec::new();
        for end in (start + 1..=n.min(start + LONGEST_SYLLABLE)).rev() {
            let piece = &letters[start..end];
            if !is_syllable(piece) {
                continue;
            }
            for rest in &splits_from[end] {
                let mut split = Vec::with_capacity(rest.len() + 1);
                split.push(piece.to_string());
                split.extend(rest.iter().cloned());
                found.push(split);
            }
        }
        found.sort_by_key(Vec::len);
        found.truncate(cap);
        splits_from[start] = found;
    }
    let mut all = std::mem::take(&mut splits_from[0]);
    all.sort_by_key(Vec::len);
    all.truncate(max);
    all
}

/// Every syllable, sorted, so that the syllables starting with a prefix are one contiguous
/// range of ids (what the reading map keys on; see [`super::readings`]).
pub(crate) fn syllable_table() -> &'static [String] {
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all: Vec<String> = syllables().iter().cloned().collect();
        all.sort();
        all
    })
}

/// The id of a syllable in [`syllable_table`].
pub(crate) fn syllable_id(s: &str) -> Option<u16> {
    let table = syllable_table();
    let at = table.binary_search_by(|t| t.as_str().cmp(s)).ok()?;
    u16::try_from(at).ok()
}

/// The ids of the syllables that start with `prefix` (empty when none does).
pub(crate) fn prefix_ids(prefix: &str) -> Range<u16> {
    let table = syllable_table();
    let start = table.partition_point(|t| t.as_str() < prefix);
    let end = start + table[start..].partition_point(|t| t.starts_with(prefix));
    let to_id = |i: usize| u16::try_from(i).unwrap_or(u16::MAX);
    to_id(start)..to_id(end)
}

/// Letters that never begin a syllable: a chunk holding one of them as an initial is not initials.
fn can_begin_syllable(c: char) -> bool {
    c.is_ascii_lowercase() && !matches!(c, 'i' | 'u' | 'v')
}

/// Is `letters` (2 or more) a run of initials, such as `jxbl` or `gh`?
pub(crate) fn is_initials(letters: &str) -> bool {
    (2..=8).contains(&letters.len()) && letters.chars().all(can_begin_syllable)
}

/// A typed word as pinyin chunks: tone marks dropped (`gōngzī`), `ü` written `v`, and tone
/// digits (`gong1zi1`) or apostrophes (`xi'an`) as syllable boundaries. `None` when the word is
/// not pinyin-like (holds other letters, digits that are not tones, or nothing).
pub(crate) fn pinyin_chunks(word: &str) -> Option<Vec<String>> {
    use unicode_normalization::UnicodeNormalization;
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut prev_letter = false;
    for c in word.nfd() {
        match c {
            'a'..='z' => {
                current.push(c);
                prev_letter = true;
            }
            'A'..='Z' => {
                current.push(c.to_ascii_lowercase());
                prev_letter = true;
            }
            // Combining tone marks; the diaeresis makes u into ü, written v.
            '\u{0308}' => {
                if current.pop() != Some('u') {
                    return None;
                }
                current.push('v');
            }
            '\u{0300}'..='\u{036F}' => {}
            '1'..='5' if prev_letter => {
                chunks.push(std::mem::take(&mut current));
                prev_letter = false;
            }
            '\'' | '’' | '‘' => {
                if !current.is_empty() {
                    chunks.push(std::mem::take(&mut current));
                }
                prev_letter = false;
            }
            _ => return None,
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    (!chunks.is_empty()).then_some(chunks)
}

/// The ways to read `letters` as syllables of which the last may be unfinished (a prefix of a
/// syllable, as while typing: `gongh` → [gong, h]); fewest syllables first, at most `max`.
/// `gonghui` → [[gong, hui]]; `xian` → [[xian], [xi, an], [xia, n]].
pub(crate) fn prefix_splits(letters: &str, max: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_lowercase()) {
        return out;
    }
    for k in 0..letters.len() {
        let last = &letters[k..];
        if prefix_ids(last).is_empty() || last.len() > 6 {
            continue;
        }
        let heads = if k == 0 {
            vec![Vec::new()]
        } else {
            split_syllables(&letters[..k], max)
        };
        for mut head in heads {
            head.push(last.to_string());
            out.push(head);
        }
    }
    out.sort_by_key(Vec::len);
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_toneless_and_include_heteronyms() {
        assert_eq!(char_readings('杭')[0], "hang");
        let xing = char_readings('行');
        assert!(xing.contains(&"xing".to_string()) && xing.contains(&"hang".to_string()));
        assert_eq!(
            char_readings('绿')[..2],
            ["lv".to_string(), "lu".to_string()]
        );
        assert!(char_readings('，').is_empty());
    }

    #[test]
    fn latin_queries_split_into_syllables() {
        assert_eq!(
            split_syllables("jiaxibeila", 1),
            vec![vec!["jia", "xi", "bei", "la"]]
        );
        assert_eq!(split_syllables("yiwu", 1), vec![vec!["yi", "wu"]]);
        let guangfu = split_syllables("guangfu", 4);
        assert_eq!(guangfu[0], vec!["guang", "fu"]);
        assert!(guangfu.contains(&vec!["gu".to_string(), "ang".to_string(), "fu".to_string()]));
        assert_eq!(
            split_syllables("xian", 4),
            vec![vec!["xian"], vec!["xi", "an"]]
        );
        assert!(split_syllables("iphone", 4).is_empty());
        assert!(split_syllables("hz", 4).is_empty());
    }

    #[test]
    fn typed_pinyin_is_normalised_into_chunks() {
        let chunks = |w: &str| pinyin_chunks(w).unwrap_or_default();
        assert_eq!(chunks("gōngzī"), vec!["gongzi"]);
        assert_eq!(chunks("xi'an"), vec!["xi", "an"]);
        assert_eq!(chunks("Xi’an"), vec!["xi", "an"]);
        assert_eq!(chunks("gong1zi1"), vec!["gong", "zi"]);
        assert_eq!(chunks("nü"), vec!["nv"]);
        assert_eq!(chunks("lǜ"), vec!["lv"]);
        assert_eq!(pinyin_chunks("15"), None);
        assert_eq!(pinyin_chunks("工会"), None);
        assert_eq!(pinyin_chunks("1gong"), None);
    }

    #[test]
    fn the_last_syllable_may_be_unfinished() {
        assert_eq!(prefix_splits("gonghui", 4), vec![vec!["gong", "hui"]]);
        assert_eq!(prefix_splits("gongh", 4), vec![vec!["gong", "h"]]);
        assert_eq!(prefix_splits("g", 4), vec![vec!["g"]]);
        let xian = prefix_splits("xian", 4);
        assert_eq!(xian[0], vec!["xian"]);
        assert!(xian.contains(&vec!["xi".to_string(), "an".to_string()]));
        assert!(prefix_splits("gh", 4).is_empty());
        assert!(is_initials("gh") && is_initials("lxy") && !is_initials("gui"));
        let h = prefix_ids("h");
        assert!(h.len() > 10);
        assert!(syllable_table()[usize::from(h.start)].starts_with('h'));
        assert_eq!(prefix_ids("hui").len(), 1);
        assert!(prefix_ids("q").len() > 5 && prefix_ids("iq").is_empty());
    }
}
