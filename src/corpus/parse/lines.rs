//! Cleaned lines → classified items: bylines (joined when OCR broke them over lines), photo
//! credits and continuation notes (split off a paragraph when they share its line), and text.
//! Also drops a stray repeated fragment: OCR sometimes prints a few column lines twice.

use super::byline::{self, BylineParse, ParsedByline};
use super::notes::{self, Note};
use super::segment::{MAX_CAPTION_CHARS, is_caption_like, is_headline_like, is_picture_caption};
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
    /// A continuation note: （下转第4版）, （上接第1版）.
    Note {
        note: Note,
        source: String,
    },
    Text(String),
}

/// Where an item came from on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Origin {
    /// 1-based line number of the item's first line in the page file.
    pub line: u32,
    /// Markdown heading level of that line, if the OCR kept one.
    pub level: Option<u8>,
}

impl Item {
    /// The text as printed (for a byline: the joined lines).
    pub(crate) fn text(&self) -> &str {
        match self {
            Item::Byline { source, .. }
            | Item::Credit { source, .. }
            | Item::Note { source, .. } => source,
            Item::Text(t) => t,
        }
    }

    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Item::Text(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn is_byline(&self) -> bool {
        matches!(self, Item::Byline { .. })
    }

    pub(crate) fn is_credit(&self) -> bool {
        matches!(self, Item::Credit { .. })
    }

    pub(crate) fn note(&self) -> Option<Note> {
        match self {
            Item::Note { note, .. } => Some(*note),
            _ => None,
        }
    }
}

/// The page's items and, for each, where it came from.
pub(crate) fn classify(lines: Vec<Line>) -> (Vec<Item>, Vec<Origin>) {
    let lines = super::furniture::drop_furniture(lines);
    let lines = drop_repeated_fragments(split_notes_and_credits(lines));
    let mut items = Vec::with_capacity(lines.len());
    let mut origins = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (item, used) = read_item(&lines[i..]);
        items.push(item);
        origins.push(Origin {
            line: lines[i].number,
            level: lines[i].level,
        });
        i += used;
    }
    credits_under_headlines_are_bylines(&mut items);
    (items, origins)
}

/// ■甲/文 乙/摄 or 文/图 甲 right under a headline and over a story's text signs the story
/// (the pictures in it are credited too): a byline, not a picture's credit. Under a picture
/// story the credit follows its caption instead.
fn credits_under_headlines_are_bylines(items: &mut [Item]) {
    for k in 1..items.len().saturating_sub(1) {
        let under_headline = items[k - 1].as_text().is_some_and(is_headline_like);
        // A story's text: more than a one-sentence caption, or a caption-length paragraph
        // that another paragraph follows (a picture story's caption stands alone).
        let body = |t: &str| !is_headline_like(t);
        let over_story = items[k + 1].as_text().is_some_and(|t| {
            body(t)
                && (!is_caption_like(t, MAX_CAPTION_CHARS)
                    || items
                        .get(k + 2)
                        .and_then(Item::as_text)
                        .is_some_and(|n| body(n) && !is_picture_caption(n)))
        });
        if under_headline
            && over_story
            && let Item::Credit { byline, source } = &items[k]
        {
            items[k] = Item::Byline {
                parsed: ParsedByline {
                    byline: byline.clone(),
                    is_credit: false,
                    rest: String::new(),
                },
                source: source.clone(),
            };
        }
    }
}

/// The item at the start of `lines` and how many lines it used.
fn read_item(lines: &[Line]) -> (Item, usize) {
    if let Some(note) = notes::whole(&lines[0].text) {
        let source = lines[0].text.clone();
        return (Item::Note { note, source }, 1);
    }
    let mut source = lines[0].text.clone();
    for used in 1..=MAX_BYLINE_LINES.min(lines.len()) {
        match byline::parse(&source) {
            BylineParse::Bare(parsed) => {
                // ■通讯员 甲、乙: a byline of its own unless the next line completes it
                // (…通讯员甲、 / 乙报道 近日，…).
                if let Some(next) = lines.get(used)
                    && let BylineParse::Complete(joined) =
                        byline::parse(&byline::join_broken(&source, &next.text))
                    && !joined.is_credit
                {
                    let source = byline::join_broken(&source, &next.text);
                    return (
                        Item::Byline {
                            parsed: joined,
                            source,
                        },
                        used + 1,
                    );
                }
                // ■本报记者 甲 / 通讯员 乙: a second line of roles and names goes on with it.
                if let Some(next) = lines.get(used)
                    && matches!(byline::parse(&next.text), BylineParse::Bare(_))
                {
                    let source = format!("{source} {}", next.text);
                    if let BylineParse::Bare(joined) | BylineParse::Complete(joined) =
                        byline::parse(&source)
                        && !joined.is_credit
                    {
                        return (
                            Item::Byline {
                                parsed: joined,
                                source,
                            },
                            used + 1,
                        );
                    }
                }
                return (Item::Byline { parsed, source }, used);
            }
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

/// …展现活力风采。记者邹伟锋 通讯员李琦 摄 → the paragraph and the credit as two lines; the
/// same for a continuation note before or after a paragraph's text (（上接第1版）近日，… ·
/// …的精神。（下转第4版））.
fn split_notes_and_credits(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len() + 4);
    for line in lines {
        let piece = |text: &str| Line {
            text: text.to_string(),
            ..line.clone()
        };
        let mut body = line.text.as_str();
        let mut note_after = None;
        if notes::whole(body).is_none()
            && let Some(split) = notes::split(body)
        {
            if split.before {
                out.push(piece(split.note));
            } else {
                note_after = Some(split.note);
            }
            body = split.rest;
        }
        match byline::trailing_credit_start(body) {
            Some(at) => {
                let (text, credit) = body.split_at(at);
                out.push(piece(text.trim_end()));
                out.push(piece(credit));
            }
            None => out.push(piece(body)),
        }
        if let Some(note_text) = note_after {
            out.push(piece(note_text));
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
