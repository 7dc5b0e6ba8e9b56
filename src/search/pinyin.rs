//! Pinyin: the readings of folded text as a sequence of syllable "units", and the splitting of a
//! Latin query (`jiaxibeila`, `yi wu`) into syllables. Shared by the pinyin tokenizers, the query
//! builder and the highlighter so all three agree on what a syllable position is.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

use super::normalize::is_cjk;

/// One syllable slot of a text: a Han char (with every reading it has) or one syllable of a Latin
/// run that spells pinyin (`光FU行` has three units: guang, fu, xing/hang/…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinyinUnit {
    /// Readings without tones, `ü` written `v` (plus a `u` spelling, as people type both).
    pub readings: Vec<String>,
    /// First letter of the most common reading (`zh` → `z`): rare readings would make initials,
    /// already a loose match, looser still.
    pub initials: Vec<char>,
    /// The folded chars this unit covers.
    pub chars: Range<usize>,
    /// Syllable position: consecutive units of one run have consecutive positions; anything else
    /// (punctuation, digits, spaces) leaves a gap, so phrases never match across it.
    pub position: usize,
}

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
/// into exactly the syllables the index holds. Built on first use (a few ms), only for Latin
/// queries. Syllables with no vowel (`m`, `n`, `ng`, `hm`) are left out: they are interjections
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
pub fn is_syllable(s: &str) -> bool {
    syllables().contains(s)
}

/// The ways to split a run of lower-case letters into pinyin syllables, fewest syllables first, at
/// most `max` of them. `guangfu` → [[guang, fu], [gu, ang, fu]]; `iphone` → [].
pub fn split_syllables(letters: &str, max: usize) -> Vec<Vec<String>> {
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

/// [`char_readings`], remembered per thread: indexing asks for the same few thousand chars
/// millions of times, and the pinyin tables answer with freshly built strings each time.
fn remembered_readings(c: char) -> Vec<String> {
    thread_local! {
        static READINGS: RefCell<HashMap<char, Vec<String>>> = RefCell::new(HashMap::new());
    }
    READINGS.with(|readings| {
        readings
            .borrow_mut()
            .entry(c)
            .or_insert_with(|| char_readings(c))
            .clone()
    })
}

/// The syllable units of folded chars (see [`PinyinUnit`]).
pub fn pinyin_units(chars: &[char]) -> Vec<PinyinUnit> {
    let mut units = Vec::new();
    let mut position = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let readings = remembered_readings(c);
            if !readings.is_empty() {
                units.push(unit(readings, i..i + 1, position));
            }
            position += 1;
            i += 1;
        } else if c.is_ascii_lowercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_lowercase() {
                i += 1;
            }
            let letters: String = chars[start..i].iter().collect();
            match split_syllables(&letters, 1).into_iter().next() {
                Some(split) => {
                    let mut at = start;
                    for syllable in split {
                        let len = syllable.len();
                        units.push(unit(vec![syllable], at..at + len, position));
                        position += 1;
                        at += len;
                    }
                }
                None => {
                    // A Latin word that is not pinyin (`iphone`) is one unit spelled as itself.
                    units.push(PinyinUnit {
                        readings: vec![letters],
                        initials: Vec::new(),
                        chars: start..i,
                        position,
                    });
                    position += 1;
                }
            }
        } else {
            position += 1;
            i += 1;
        }
    }
    units
}

fn unit(readings: Vec<String>, chars: Range<usize>, position: usize) -> PinyinUnit {
    let initials = readings
        .first()
        .and_then(|r| r.chars().next())
        .into_iter()
        .collect();
    PinyinUnit {
        readings,
        initials,
        chars,
        position,
    }
}

/// Where a syllable sequence (or, with `initials`, a sequence of first letters) occurs in `units`:
/// ranges of folded chars.
pub fn find_pinyin(units: &[PinyinUnit], pattern: &[String], initials: bool) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if pattern.is_empty() {
        return found;
    }
    for start in 0..units.len() {
        if start + pattern.len() > units.len() {
            break;
        }
        let window = &units[start..start + pattern.len()];
        let consecutive = window
            .iter()
            .enumerate()
            .all(|(k, u)| u.position == window[0].position + k);
        let matches = consecutive
            && window.iter().zip(pattern).all(|(u, want)| {
                if initials {
                    let mut letters = want.chars();
                    match (letters.next(), letters.next()) {
                        (Some(letter), None) => u.initials.contains(&letter),
                        _ => false,
                    }
                } else {
                    u.readings.iter().any(|r| r == want)
                }
            });
        if matches {
            found.push(window[0].chars.start..window[pattern.len() - 1].chars.end);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

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
    fn units_give_han_chars_and_pinyin_latin_runs_consecutive_positions() {
        let units = pinyin_units(&chars("光fu行"));
        let positions: Vec<usize> = units.iter().map(|u| u.position).collect();
        assert_eq!(positions, vec![0, 1, 2]);
        assert_eq!(units[1].readings, vec!["fu"]);
        assert_eq!(units[1].chars, 1..3);
        // Punctuation leaves a gap.
        let units = pinyin_units(&chars("杭州，义乌"));
        let positions: Vec<usize> = units.iter().map(|u| u.position).collect();
        assert_eq!(positions, vec![0, 1, 3, 4]);
    }

    #[test]
    fn syllables_and_initials_are_found_in_text() {
        let text = chars("在加西贝拉，职工");
        let units = pinyin_units(&text);
        let pattern: Vec<String> = ["jia", "xi", "bei", "la"].map(String::from).to_vec();
        assert_eq!(find_pinyin(&units, &pattern, false), vec![1..5]);
        let initials: Vec<String> = ["j", "x", "b", "l"].map(String::from).to_vec();
        assert_eq!(find_pinyin(&units, &initials, true), vec![1..5]);
        // Not across the comma: 拉，职 are not consecutive.
        let across: Vec<String> = ["la", "zhi"].map(String::from).to_vec();
        assert!(find_pinyin(&units, &across, false).is_empty());
    }
}
