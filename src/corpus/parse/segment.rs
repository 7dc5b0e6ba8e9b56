//! Where each article starts, and how many of its first lines are its headline block.
//!
//! An editor finds articles by their anchors, strongest first:
//! * a **byline** (本报讯 记者…报道): the article starts at the headline block right above it
//!   (1–5 headline-shaped lines, possibly with a one-sentence photo caption between block and
//!   byline);
//! * a **notice**: a headline above lines of the form 时间：… / 地点：…;
//! * a **photo credit** (通讯员… 摄) with no byline above it since the last anchor: a picture story,
//!   which starts at the nearest headline-shaped line above the credit that stands on its own
//!   (follows a finished sentence), provided the story is short;
//! * two or more headline lines standing on their own over body text (an article whose byline
//!   OCR lost).

use super::lines::Item;
use super::text::{balanced, char_len, ends_sentence, is_han};
use crate::article::ArticleKind;

/// The most lines a headline block (column, kicker, title over two lines, subtitle) spans.
const MAX_HEAD_LINES: usize = 5;
/// The longest headline line (characters). The longest on the seed pages is 31.
const MAX_HEADLINE_CHARS: usize = 32;
/// The longest photo caption sitting between a headline and its byline.
const MAX_CAPTION_BEFORE_BYLINE_CHARS: usize = 40;
/// The most body text (characters) a picture story carries between headline and credit; longer
/// text under a headline-shaped line belongs to an article with subheads.
const MAX_PHOTO_STORY_CHARS: usize = 600;
/// The shortest body line that can follow a byline-less headline block.
const MIN_LEDE_CHARS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Start {
    /// Index of the article's first item.
    pub at: usize,
    /// How many items from `at` form the headline block.
    pub head_len: usize,
    pub kind: ArticleKind,
}

pub(crate) fn article_starts(items: &[Item]) -> Vec<Start> {
    let mut starts = byline_starts(items);
    let notices = notice_starts(items, &starts);
    starts.extend(notices.iter().copied());
    starts.sort_by_key(|s| s.at);
    let photos = photo_starts(items, &starts);
    starts.extend(photos);
    starts.sort_by_key(|s| s.at);
    let orphans = headline_only_starts(items, &starts);
    starts.extend(orphans);
    starts.sort_by_key(|s| s.at);
    starts.dedup_by_key(|s| s.at);
    if starts.first().is_none_or(|s| s.at > 0) && !items.is_empty() {
        starts.insert(
            0,
            Start {
                at: 0,
                head_len: 0,
                kind: ArticleKind::News,
            },
        );
    }
    starts
}

fn byline_starts(items: &[Item]) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut lower = 0;
    for (b, item) in items.iter().enumerate() {
        if !item.is_byline() {
            continue;
        }
        let caption_between = b >= lower + 2
            && items[b - 1]
                .as_text()
                .is_some_and(|t| is_caption_like(t, MAX_CAPTION_BEFORE_BYLINE_CHARS))
            && items[b - 2].as_text().is_some_and(is_headline_like);
        let run_end = if caption_between { b - 1 } else { b };
        let run_start = headline_run_start(items, run_end, lower);
        starts.push(Start {
            at: if run_start < run_end { run_start } else { b },
            head_len: run_end - run_start,
            kind: ArticleKind::News,
        });
        lower = b + 1;
    }
    starts
}

/// The first line of the block of headline-shaped lines ending just before `end`, going no
/// higher than `lower`; `end` itself when there is none. A line that continues an unfinished
/// paragraph above it is body text, not headline.
fn headline_run_start(items: &[Item], end: usize, lower: usize) -> usize {
    let mut start = end;
    while start > lower
        && end - start < MAX_HEAD_LINES
        && items[start - 1].as_text().is_some_and(is_headline_like)
    {
        start -= 1;
    }
    while start < end && start > 0 && continues_previous(&items[start - 1]) {
        start += 1;
    }
    start
}

/// The item is unfinished body text, so the line after it continues it.
fn continues_previous(item: &Item) -> bool {
    match item {
        Item::Text(t) => !ends_sentence(t),
        Item::Byline { parsed, .. } => !parsed.rest.is_empty() && !ends_sentence(&parsed.rest),
        Item::Credit { .. } => false,
    }
}

fn notice_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let listing = items[k].as_text().is_some_and(is_key_value)
            && items[k + 1..items.len().min(k + 3)]
                .iter()
                .any(|i| i.as_text().is_some_and(is_key_value));
        let lower = taken
            .iter()
            .chain(&starts)
            .filter(|s| s.at < k)
            .map(|s| s.at + s.head_len)
            .max()
            .unwrap_or(0);
        if listing {
            let run_start = headline_run_start(items, k, lower);
            if run_start < k {
                starts.push(Start {
                    at: run_start,
                    head_len: k - run_start,
                    kind: ArticleKind::Notice,
                });
                // The notice runs to the next byline: its event names are subheads, not articles.
                k = items[k..]
                    .iter()
                    .position(Item::is_byline)
                    .map_or(items.len(), |p| k + p);
                continue;
            }
        }
        k += 1;
    }
    starts
}

fn photo_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let mut starts = Vec::new();
    for (c, item) in items.iter().enumerate() {
        if !item.is_credit() || inside_notice(taken, items, c) {
            continue;
        }
        let lower = items[..c]
            .iter()
            .rposition(|i| i.is_byline() || i.is_credit())
            .map_or(0, |p| p + 1)
            .max(
                taken
                    .iter()
                    .filter(|s| s.at < c)
                    .map(|s| s.at + s.head_len)
                    .max()
                    .unwrap_or(0),
            );
        let mut story_chars = 0;
        let mut k = c;
        while k > lower {
            k -= 1;
            let Some(text) = items[k].as_text() else {
                break;
            };
            if is_headline_like(text) && k + 1 < c {
                let run_start = headline_run_start(items, k + 1, lower);
                if run_start <= k {
                    starts.push(Start {
                        at: run_start,
                        head_len: k + 1 - run_start,
                        kind: ArticleKind::Photo,
                    });
                    break;
                }
            }
            story_chars += char_len(text);
            if story_chars > MAX_PHOTO_STORY_CHARS {
                break;
            }
        }
    }
    starts
}

fn inside_notice(starts: &[Start], items: &[Item], index: usize) -> bool {
    starts.iter().any(|s| {
        s.kind == ArticleKind::Notice
            && s.at <= index
            && !items[s.at..index].iter().any(Item::is_byline)
    })
}

/// Two or more headline lines on their own over a body paragraph, with no anchor: an article
/// whose byline was lost.
fn headline_only_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let covered = |k: usize| {
        taken
            .iter()
            .any(|s| s.at <= k && k < s.at + s.head_len.max(1))
            || inside_notice(taken, items, k)
    };
    let mut starts = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let lede = items[k]
            .as_text()
            .is_some_and(|t| !is_headline_like(t) && char_len(t) >= MIN_LEDE_CHARS);
        if lede && !covered(k) {
            let lower = taken
                .iter()
                .filter(|s| s.at < k)
                .map(|s| s.at + s.head_len)
                .max()
                .unwrap_or(0);
            let run_start = headline_run_start(items, k, lower);
            if k - run_start >= 2 && !(run_start..k).any(covered) {
                starts.push(Start {
                    at: run_start,
                    head_len: k - run_start,
                    kind: ArticleKind::News,
                });
            }
        }
        k += 1;
    }
    starts
}

/// Shaped like a headline line: short, complete (quotes closed), no sentence end inside (a
/// title may end in ！ or ？), not ending in a separator or a dangling 的, not a 时间：… entry.
pub(crate) fn is_headline_like(text: &str) -> bool {
    let n = char_len(text);
    if !(2..=MAX_HEADLINE_CHARS).contains(&n) || !text.chars().any(is_han) {
        return false;
    }
    if text.contains(['。', '；']) || text.ends_with(['，', '、', '：', '；', ',', '的']) {
        return false;
    }
    let core = text.trim_end_matches(['”', '’', '）']);
    let inner = core.trim_end_matches(['！', '？']);
    if inner.contains(['！', '？']) {
        return false;
    }
    balanced(text) && !is_key_value(text)
}

/// One sentence describing a picture: ends in 。 and has no other sentence end.
pub(crate) fn is_caption_like(text: &str, max_chars: usize) -> bool {
    text.ends_with('。')
        && text.matches('。').count() == 1
        && !text.contains(['！', '？'])
        && char_len(text) <= max_chars
}

/// 时间：6月19日 / 地点：杭州运河大剧院: a key of two to eight Han characters, a colon, a value.
pub(crate) fn is_key_value(text: &str) -> bool {
    match text.split_once('：') {
        Some((key, value)) => {
            (2..=8).contains(&char_len(key)) && key.chars().all(is_han) && !value.trim().is_empty()
        }
        None => false,
    }
}
