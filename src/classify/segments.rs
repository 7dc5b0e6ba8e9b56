//! An article cut into the sections classification weighs differently.

use serde::Serialize;

use crate::article::{Article, ParagraphKind};

/// Where in an article a phrase or place was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// A page banner or column label over the article (it may cover several articles).
    Column,
    /// Kicker, title and subtitle.
    Headline,
    /// The first two paragraphs: the byline and the opening sentence usually name the union.
    Lede,
    /// Everything after the lede, captions and subheads included.
    Body,
}

impl Section {
    /// The section's name in explanations.
    pub fn label(self) -> &'static str {
        match self {
            Section::Column => "column",
            Section::Headline => "headline",
            Section::Lede => "lede",
            Section::Body => "body",
        }
    }
}

/// How many paragraphs count as the lede. Two, because bylines are often a paragraph of
/// their own (本报讯 记者李凡 通讯员 / 周敏加、宋月廷报道 近日,…).
const LEDE_PARAGRAPHS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment<'a> {
    pub section: Section,
    pub text: &'a str,
}

/// The article's text pieces in reading order, each with its section.
pub(crate) fn segments(article: &Article) -> Vec<Segment<'_>> {
    let mut out = Vec::with_capacity(article.paragraphs.len() + 4);
    if let Some(column) = article.column.as_deref() {
        out.push(Segment {
            section: Section::Column,
            text: column,
        });
    }
    for text in [
        article.kicker.as_deref(),
        Some(article.title.as_str()),
        article.subtitle.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        out.push(Segment {
            section: Section::Headline,
            text,
        });
    }
    let mut lede_left = LEDE_PARAGRAPHS;
    for p in &article.paragraphs {
        let section = if lede_left > 0 && p.kind != ParagraphKind::Subhead {
            lede_left -= 1;
            Section::Lede
        } else {
            Section::Body
        };
        out.push(Segment {
            section,
            text: &p.text,
        });
    }
    out.retain(|s| !s.text.trim().is_empty());
    out
}
