//! Highlights and snippets, computed from the article text itself (not tantivy's snippet
//! generator, which counts bytes and, with search-mode words, yields overlapping ranges). Matching
//! is done on folded text, so 義烏 highlights 义乌 and ＡＢＣ highlights abc, and mapped back to
//! byte ranges of the original text, merged and sorted.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::normalize::{FoldedChar, fold_chars, is_cjk};
use super::query::Needle;
use crate::article::{Article, ParagraphSpan};

/// Display width of a snippet, in terminal cells (a Han char is two).
pub const SNIPPET_CELLS: usize = 80;
/// Cells of context kept before the first match in a snippet.
const LEAD_CELLS: usize = 16;
const ELLIPSIS: char = '…';

/// What one query part highlights: the part as typed, or failing that its words.
#[derive(Debug, Clone)]
struct PartNeedles {
    whole: Vec<char>,
    words: Vec<Vec<char>>,
}

/// Finds the places in an article that a query matched: the text of each term (or, where the
/// term occurs nowhere whole, its words), and the Han terms a pinyin query was read as.
#[derive(Debug, Clone, Default)]
pub(crate) struct Highlighter {
    parts: Vec<PartNeedles>,
}

/// Byte ranges of matches in the title and in each paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArticleMatches {
    pub title: Vec<Range<usize>>,
    pub paragraphs: Vec<Vec<Range<usize>>>,
}

impl ArticleMatches {
    /// All paragraph matches as [`ParagraphSpan`]s, in reading order.
    pub(crate) fn spans(&self) -> Vec<ParagraphSpan> {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(paragraph, ranges)| {
                ranges.iter().map(move |r| ParagraphSpan {
                    paragraph,
                    start: r.start,
                    end: r.end,
                })
            })
            .collect()
    }
}

fn find_all(haystack: &[char], needle: &[char]) -> Vec<Range<usize>> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()] == *needle)
        .map(|i| i..i + needle.len())
        .collect()
}

/// Folded-char ranges → merged, sorted byte ranges of the original text.
fn to_byte_ranges(folded: &[FoldedChar], ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut bytes: Vec<Range<usize>> = ranges
        .into_iter()
        .filter(|r| r.start < r.end && r.end <= folded.len())
        .map(|r| folded[r.start].byte_start..folded[r.end - 1].byte_end)
        .collect();
    merge(&mut bytes);
    bytes
}

/// Sorts and merges overlapping or touching ranges.
pub(crate) fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *ranges = merged;
}

impl Highlighter {
    pub(crate) fn new(needles: &[Needle]) -> Self {
        let mut parts: Vec<PartNeedles> = Vec::new();
        for needle in needles {
            let part = PartNeedles {
                whole: needle.whole.chars().collect(),
                words: needle
                    .words
                    .iter()
                    .map(|w| w.chars().collect::<Vec<char>>())
                    .filter(|w| w.len() >= 2 || !w.iter().all(|&c| is_cjk(c)))
                    .collect(),
            };
            if !part.whole.is_empty() && !parts.iter().any(|p| p.whole == part.whole) {
                parts.push(part);
            }
        }
        Self { parts }
    }

    /// Every match of the query in `article`'s title and paragraphs.
    pub(crate) fn matches(&self, article: &Article) -> ArticleMatches {
        let title = fold_chars(&article.title);
        let paragraphs: Vec<Vec<FoldedChar>> = article
            .paragraphs
            .iter()
            .map(|p| fold_chars(&p.text))
            .collect();
        let plain = |f: &[FoldedChar]| f.iter().map(|c| c.ch).collect::<Vec<char>>();
        let title_plain = plain(&title);
        let para_plain: Vec<Vec<char>> = paragraphs.iter().map(|p| plain(p)).collect();

        // Per part: the whole part if it occurs anywhere, else its words.
        let mut needles: Vec<&[char]> = Vec::new();
        for part in &self.parts {
            let whole_found = !find_all(&title_plain, &part.whole).is_empty()
                || para_plain
                    .iter()
                    .any(|p| !find_all(p, &part.whole).is_empty());
            if whole_found || part.words.is_empty() {
                needles.push(&part.whole);
            } else {
                needles.extend(part.words.iter().map(Vec::as_slice));
            }
        }
        let text_ranges = |text: &[char]| {
            let mut ranges: Vec<Range<usize>> = Vec::new();
            for needle in &needles {
                ranges.extend(find_all(text, needle));
            }
            ranges
        };
        ArticleMatches {
            title: to_byte_ranges(&title, text_ranges(&title_plain)),
            paragraphs: paragraphs
                .iter()
                .zip(&para_plain)
                .map(|(folded, plain)| to_byte_ranges(folded, text_ranges(plain)))
                .collect(),
        }
    }
}

/// Byte ranges of `text` → char ranges.
pub(crate) fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<(usize, usize)> {
    let char_at = |byte: usize| text[..byte.min(text.len())].chars().count();
    ranges
        .iter()
        .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        .map(|r| (char_at(r.start), char_at(r.end)))
        .collect()
}

/// A snippet of about [`SNIPPET_CELLS`] display cells around the first match of the paragraph
/// with the most matches (or the opening of the article when nothing in the body matched), and
/// its highlights as char offsets into the snippet.
pub(crate) fn snippet(
    article: &Article,
    matches: &ArticleMatches,
) -> (String, Vec<(usize, usize)>) {
    let best = matches
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i);
    let (text, ranges): (&str, Vec<(usize, usize)>) = match best {
        Some(i) => {
            let text = article.paragraphs[i].text.as_str();
            (text, char_ranges(text, &matches.paragraphs[i]))
        }
        None => match article
            .paragraphs
            .iter()
            .find(|p| !p.text.trim().is_empty())
        {
            Some(p) => (p.text.as_str(), Vec::new()),
            None => return (String::new(), Vec::new()),
        },
    };
    window(text, &ranges, SNIPPET_CELLS)
}

/// Cuts `text` to about `cells` display cells, starting a little before the first range;
/// `ranges` (char offsets into `text`) become char offsets into the result.
pub fn window(
    text: &str,
    ranges: &[(usize, usize)],
    cells: usize,
) -> (String, Vec<(usize, usize)>) {
    let chars: Vec<char> = text.chars().collect();
    let width = |c: char| c.width().unwrap_or(0);
    let first = ranges.first().map_or(0, |r| r.0).min(chars.len());
    // Walk back from the first match for some context.
    let lead_cells = LEAD_CELLS.min(cells / 4);
    let mut start = first;
    let mut lead = 0;
    while start > 0 && lead + width(chars[start - 1]) <= lead_cells {
        start -= 1;
        lead += width(chars[start]);
    }
    let mut end = start;
    let mut used = 0;
    while end < chars.len() && used + width(chars[end]) <= cells {
        used += width(chars[end]);
        end += 1;
    }
    // If the text ends early, spend the rest of the room on more context before.
    while start > 0 && used + width(chars[start - 1]) <= cells {
        start -= 1;
        used += width(chars[start]);
    }
    let mut out = String::new();
    let shift = if start > 0 {
        out.push(ELLIPSIS);
        1
    } else {
        0
    };
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push(ELLIPSIS);
    }
    let highlights = ranges
        .iter()
        .filter(|&&(s, e)| e > start && s < end)
        .map(|&(s, e)| (s.max(start) - start + shift, e.min(end) - start + shift))
        .collect();
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_joins_overlapping_and_touching_ranges() {
        let mut r = vec![5..7, 0..2, 1..3, 3..4, 10..12];
        merge(&mut r);
        assert_eq!(r, vec![0..4, 5..7, 10..12]);
    }

    #[test]
    fn char_ranges_count_chars_not_bytes() {
        let text = "在加西贝拉，职工";
        // 加西贝拉 is bytes 3..15.
        let jiaxibeila = 3..15;
        assert_eq!(char_ranges(text, &[jiaxibeila]), vec![(1, 5)]);
    }

    #[test]
    fn window_counts_cells_and_marks_cuts() {
        let text: String = "一二三四五六七八九十".repeat(10); // 100 chars, 200 cells
        let (snippet, highlights) = window(&text, &[(50, 52)], 20);
        // A quarter of the width (5 cells: 2 chars) as lead; 10 chars wide in all.
        assert_eq!(snippet.chars().count(), 12);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        assert_eq!(highlights, vec![(3, 5)]);
        let chars: Vec<char> = snippet.chars().collect();
        assert_eq!(chars[3..5], ['一', '二']);
    }

    #[test]
    fn short_text_is_whole() {
        let (snippet, highlights) = window("职工之家", &[(2, 4)], 80);
        assert_eq!(snippet, "职工之家");
        assert_eq!(highlights, vec![(2, 4)]);
    }
}
