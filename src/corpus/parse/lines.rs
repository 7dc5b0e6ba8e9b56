//! Cleaned lines → classified items: bylines (joined when OCR broke them over lines), photo
//! credits (split off the end of a paragraph when they share its line), and text. Also drops a
//! stray repeated fragment: OCR sometimes prints a few column lines twice.

use super::byline::{self, BylineParse, ParsedByline};
use super::text::{Line, char_len, ends_sentence};
use crate::article::Byline;

/// How many lines a broken byline may span.
const MAX_BYLINE_LINES: usize = 3;
/// The shortest repeated fragment (characters) worth dropping: shorter ones are too likely to
/// repeat by chance.
const MIN_FRAGMENT_CHARS: usize = 10;
/// The longest fragment (lines) checked for repetition.
const MAX_FRAGMENT_LINES: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A byline, possibly joined from several lines; `rest` is body text that followed it.
    Byline {
        parsed: ParsedByline,
        source: String,
    },
    /// A photo credit line (通讯员王燕红 摄), kept as printed.
    Credit {
        byline: Byline,
        source: String,
    },
    Text(String),
}

impl Item {
    /// The text as printed (for a byline: the joined lines).
    pub fn text(&self) -> &str {
        match self {
            Item::Byline { source, .. } | Item::Credit { source, .. } => source,
            Item::Text(t) => t,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Item::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_byline(&self) -> bool {
        matches!(self, Item::Byline { .. })
    }

    pub fn is_credit(&self) -> bool {
        matches!(self, Item::Credit { .. })
    }
}

pub(crate) fn classify(lines: Vec<Line>) -> Vec<Item> {
    let lines = drop_repeated_fragments(split_trailing_credits(lines));
    let mut items = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (item, used) = read_item(&lines[i..]);
        items.push(item);
        i += used;
    }
    items
}

/// The item at the start of `lines` and how many lines it used.
fn read_item(lines: &[Line]) -> (Item, usize) {
    let mut source = lines[0].text.clone();
    for used in 1..=MAX_BYLINE_LINES.min(lines.len()) {
        match byline::parse(&source) {
            BylineParse::Complete(parsed) if parsed.is_credit => {
                return (
                    Item::Credit {
                        byline: parsed.byline,
                        source,
                    },
                    used,
                );
            }
            BylineParse::Complete(parsed) => return (Item::Byline { parsed, source }, used),
            BylineParse::Incomplete if used < lines.len() && used < MAX_BYLINE_LINES => {
                source = byline::join_broken(&source, &lines[used].text);
            }
            _ => break,
        }
    }
    (Item::Text(lines[0].text.clone()), 1)
}

/// …展现活力风采。记者邹伟锋 通讯员李琦 摄 → the paragraph and the credit as two lines.
fn split_trailing_credits(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        match byline::trailing_credit_start(&line.text) {
            Some(at) => {
                let (body, credit) = line.text.split_at(at);
                out.push(Line {
                    text: body.trim_end().to_string(),
                });
                out.push(Line {
                    text: credit.to_string(),
                });
            }
            None => out.push(line),
        }
    }
    out
}

/// Drops a run of two or more unfinished lines that, joined, repeat text printed earlier on
/// the page (义乌市总工会充分发挥组 / 织优势，不断提高职工群众的 after the paragraph that holds
/// it). Only a run that starts a paragraph (after a finished sentence) is considered.
fn drop_repeated_fragments(lines: Vec<Line>) -> Vec<Line> {
    // All lines in one string, so each check is a single substring search of the text above.
    let mut page = String::new();
    let mut line_starts = Vec::with_capacity(lines.len());
    for line in &lines {
        line_starts.push(page.len());
        page.push_str(&line.text);
        page.push('\n');
    }
    let mut keep = vec![true; lines.len()];
    let mut i = 1;
    while i < lines.len() {
        let starts_paragraph = ends_sentence(&lines[i - 1].text);
        let mut dropped = 0;
        if starts_paragraph {
            let above = &page[..line_starts[i]];
            let mut joined = String::new();
            for n in 0..MAX_FRAGMENT_LINES.min(lines.len() - i) {
                let line = &lines[i + n].text;
                if ends_sentence(line) {
                    break;
                }
                joined.push_str(line);
                // `joined` has no line end, so a match lies within one earlier line.
                if n >= 1
                    && char_len(&joined) >= MIN_FRAGMENT_CHARS
                    && above.contains(joined.as_str())
                {
                    dropped = n + 1;
                }
            }
        }
        if dropped > 0 {
            keep[i..i + dropped].iter_mut().for_each(|k| *k = false);
            i += dropped;
        } else {
            i += 1;
        }
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(line, keep)| keep.then_some(line))
        .collect()
}
