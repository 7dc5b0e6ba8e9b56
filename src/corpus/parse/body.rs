//! An article's lines below its headline → byline and paragraphs.
//!
//! * A byline's names go to [`Byline`]; its boilerplate (本报讯, 记者, 报道) is not body text,
//!   but text after it on the same line is.
//! * A credit (通讯员… 摄) is kept as a `caption` paragraph, as printed, and its names are the
//!   photographers. A one-sentence paragraph right above a credit, or between the headline and
//!   the byline, describes the picture: a `caption` too (in a picture story the text is the
//!   story itself and stays `text`).
//! * A short headline-shaped line after a finished paragraph is a `subhead` — unless it is the
//!   head of a paragraph cut by a column break: then its tail is tiny (整个“红五月”期间，临安 ·
//!   原来李某和妻子均是残疾 / 人，儿子…).
//! * A paragraph that does not end a sentence was cut by a column break: the next line is joined
//!   to it (表 / 彰、教育活动…).
//! * In a notice every line is its own paragraph; event names are subheads.

use super::lines::Item;
use super::notes::Direction;
use super::segment::{
    cut_mid_phrase, is_caption_like, is_headline_like, is_picture_caption, opens_like_a_lede,
};
use super::text::{char_len, ends_sentence};
use crate::article::{ArticleKind, Byline, Paragraph, ParagraphKind};

/// The longest in-article subhead (characters).
const MAX_SUBHEAD_CHARS: usize = 20;
/// The longest one-sentence photo caption above a credit.
const MAX_CAPTION_CHARS: usize = 60;
use super::segment::MAX_CAPTION_BEFORE_BYLINE_CHARS;

pub(crate) struct Body {
    pub byline: Byline,
    pub paragraphs: Vec<Paragraph>,
    pub credits: Vec<String>,
    pub continued_to: Option<u32>,
    pub continued_from: Option<u32>,
}

#[derive(Default)]
struct Builder {
    byline: Byline,
    paragraphs: Vec<Paragraph>,
    credits: Vec<String>,
    continued_to: Option<u32>,
    continued_from: Option<u32>,
    /// How many lines each paragraph was joined from.
    line_counts: Vec<usize>,
}

impl Builder {
    fn push(&mut self, kind: ParagraphKind, text: &str) {
        self.paragraphs.push(Paragraph::new(kind, text));
        self.line_counts.push(1);
    }

    /// Adds body text, joining it to an unfinished text paragraph.
    fn push_text(&mut self, text: &str) {
        if let Some(last) = self.paragraphs.last_mut()
            && last.kind == ParagraphKind::Text
            && !ends_sentence(&last.text)
        {
            last.text.push_str(text);
            if let Some(n) = self.line_counts.last_mut() {
                *n += 1;
            }
            return;
        }
        self.push(ParagraphKind::Text, text);
    }

    fn last_is_open(&self) -> bool {
        self.paragraphs
            .last()
            .is_some_and(|p| p.kind == ParagraphKind::Text && !ends_sentence(&p.text))
    }

    /// Turns the last paragraph into a caption when it is one short sentence, printed alone.
    fn caption_last(&mut self, max_chars: usize) {
        let n = self.paragraphs.len();
        if n == 0 || self.line_counts[n - 1] != 1 {
            return;
        }
        let before_is_finished = n < 2 || ends_sentence(&self.paragraphs[n - 2].text);
        let last = &mut self.paragraphs[n - 1];
        if last.kind == ParagraphKind::Text
            && before_is_finished
            && is_caption_like(&last.text, max_chars)
        {
            last.kind = ParagraphKind::Caption;
        }
    }
}

pub(crate) fn assemble(items: &[Item], kind: ArticleKind) -> Body {
    let mut b = Builder::default();
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Byline { parsed, .. } => {
                if i == 1 && b.paragraphs.len() == 1 {
                    b.caption_last(MAX_CAPTION_BEFORE_BYLINE_CHARS);
                }
                b.byline.merge(&parsed.byline);
                if !parsed.rest.is_empty() {
                    b.push_text(&parsed.rest);
                }
            }
            Item::Credit { byline, source } => {
                if kind != ArticleKind::Photo {
                    b.caption_last(MAX_CAPTION_CHARS);
                }
                b.byline.merge(byline);
                b.push(ParagraphKind::Caption, source);
                b.credits.push(source.clone());
            }
            Item::Note { note, .. } => match note.direction {
                Direction::To => b.continued_to = Some(note.page),
                Direction::From => b.continued_from = Some(note.page),
            },
            Item::Text(text) => {
                if kind == ArticleKind::Notice {
                    let kind = if is_headline_like(text) {
                        ParagraphKind::Subhead
                    } else {
                        ParagraphKind::Text
                    };
                    b.push(kind, text);
                } else if !b.last_is_open() && is_subhead(text, items.get(i + 1)) {
                    b.push(ParagraphKind::Subhead, text);
                } else if kind != ArticleKind::Photo
                    && !b.last_is_open()
                    && is_picture_caption(text)
                {
                    b.push(ParagraphKind::Caption, text);
                } else {
                    b.push_text(text);
                }
            }
        }
    }
    Body {
        byline: b.byline,
        paragraphs: b.paragraphs,
        credits: b.credits,
        continued_to: b.continued_to,
        continued_from: b.continued_from,
    }
}

/// An in-article subhead: a short headline-shaped line followed by body text, whose parts are
/// whole phrases and whose next line starts a sentence of its own.
fn is_subhead(text: &str, next: Option<&Item>) -> bool {
    if !is_headline_like(text) || char_len(text) > MAX_SUBHEAD_CHARS {
        return false;
    }
    // An ask-and-answer line (…怎么办？找工会) is a subhead only over a paragraph opening like a
    // lede: otherwise it is a paragraph's first words cut off by a column break.
    let core = text.trim_end_matches(['”', '’', '）']);
    let asks_inside = core.contains('？') && !core.ends_with(['！', '？']);
    next.and_then(Item::as_text).is_some_and(|next| {
        !cut_mid_phrase(text, next) && (!asks_inside || opens_like_a_lede(next))
    })
}
