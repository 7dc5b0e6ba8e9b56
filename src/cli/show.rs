//! `kanbao show ID`: one article laid out for a terminal by the layout module (every line, header
//! included, fits `--width`), or as JSON; `--explain` says why it got its region and themes.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::Context;
use super::output::{Out, Style};
use crate::article::Article;
use crate::classify::Classifier;
use crate::layout::{self, LayoutOptions, SpanStyle, StyledLine};

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The article's id (see `kanbao list`).
    pub(crate) id: String,
    /// Lay the text out for this many columns (default: the terminal's width, or 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) width: Option<u16>,
    /// Print the article as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also say which gazetteer entries and theme rules fired, with their weights.
    #[arg(long)]
    pub(crate) explain: bool,
}

pub(crate) fn run(ctx: &Context, args: &ShowArgs) -> Result<ExitCode> {
    let corpus = ctx.load_corpus()?;
    let article = corpus.store.article_by_id(args.id.trim()).ok_or_else(|| {
        anyhow!(
            "no article with id {:?}; `kanbao list` shows the ids",
            args.id
        )
    })??;
    let article = &article;
    let mut out = Out::new();
    if args.json {
        let mut value = serde_json::to_value(article)?;
        if args.explain {
            value["explain"] = serde_json::to_value(ctx.classifier.explain(article))?;
        }
        out.line(&super::output::to_json(&value, true)?)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = Style::detect(ctx.ambiguous_wide);
    let mut width = args.width.map(usize::from).or(style.width).unwrap_or(80);
    if width < MIN_WIDTH {
        eprintln!(
            "kanbao: a width of {width} cannot hold a Chinese character (2 cells); using {MIN_WIDTH}"
        );
        width = MIN_WIDTH;
    }
    let options = LayoutOptions::new(width).with_ambiguous(style.ambiguous);
    for line in header_lines(article, &ctx.classifier, &options) {
        out.line(&paint_line(&line, &style))?;
    }
    let mut result = Ok(());
    body_lines(article, &options, &mut |line| {
        if result.is_ok() {
            result = out.line(&paint_line(line, &style));
        }
    });
    result?;
    for line in continued_to_note(article, &options) {
        out.line(&paint_line(&line, &style))?;
    }
    if args.explain {
        out.line("")?;
        let mut explanation = cut_explanation(article);
        explanation.push_str(&ctx.classifier.explain(article).to_string());
        for text in explanation.lines() {
            for line in layout::wrap_styled(text, SpanStyle::Body, &[], &options) {
                out.line(&paint_line(&line, &style))?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Why the article starts where it does, its continuation notes and the cutter's doubts, as
/// `show --explain` prints them before the region and theme reasons.
pub(crate) fn cut_explanation(article: &Article) -> String {
    let mut out = String::new();
    if let Some(cut) = &article.cut {
        out.push_str(&format!(
            "Cut: starts at line {} ({}, score {})\n",
            cut.line, cut.anchor, cut.score
        ));
        for sign in &cut.signs {
            out.push_str(&format!(
                "  {:+} {}: {}\n",
                sign.weight, sign.sign, sign.detail
            ));
        }
    }
    if let Some(page) = article.continued_from {
        out.push_str(&format!("Continued from page {page}\n"));
    }
    if let Some(page) = article.continued_to {
        out.push_str(&format!("Continued on page {page}\n"));
    }
    for doubt in &article.doubts {
        out.push_str(&format!(
            "Doubt (line {}, {}): {}\n",
            doubt.line,
            doubt.kind.label(),
            doubt.reason
        ));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The narrowest layout: one wide character (or emoji) is 2 cells, and a narrower line could
/// only show it as a placeholder.
const MIN_WIDTH: usize = 2;

/// Paragraphs are laid out in pieces of at most this many bytes, so that memory stays bounded
/// whatever the page (an 8 MB paragraph at width 2 would be four million lines at once).
/// Far above any real paragraph; a piece ends at a sentence end or space when there is one.
const PIECE_BYTES: usize = 64 * 1024;

/// The article's header as terminal lines: column, headline, a metadata block (byline, region,
/// date, themes, id) and a blank line. Every line is at most `options.width` cells.
pub(crate) fn header_lines(
    article: &Article,
    classifier: &Classifier,
    options: &LayoutOptions,
) -> Vec<StyledLine> {
    let headline_only = Article {
        paragraphs: Vec::new(),
        ..article.clone()
    };
    let laid_out = layout::layout_article(&headline_only, &[], options);
    let mut lines = Vec::new();
    if let Some(column) = &article.column {
        lines.extend(layout::wrap_styled(
            &format!("【{column}】"),
            SpanStyle::Caption,
            &[],
            options,
        ));
    }
    let headline_end = laid_out.body_start.min(laid_out.lines.len());
    lines.extend(
        laid_out.lines[..headline_end]
            .iter()
            .filter(|l| !l.is_blank())
            .cloned(),
    );
    for meta in metadata(article, classifier) {
        lines.extend(layout::wrap_styled(&meta, SpanStyle::Caption, &[], options));
    }
    lines.push(StyledLine::default());
    // A continuation note stands where the page printed it: before the text (the one after it
    // is `continued_to_note`, printed after the body).
    if let Some(page) = article.continued_from {
        lines.extend(note(&format!("（上接第{page}版）"), options));
    }
    lines
}

/// A continuation note as caption lines.
fn note(text: &str, options: &LayoutOptions) -> Vec<StyledLine> {
    layout::wrap_styled(text, SpanStyle::Caption, &[], options)
}

/// （下转第N版） after the body, when the article continues on another page.
pub(crate) fn continued_to_note(article: &Article, options: &LayoutOptions) -> Vec<StyledLine> {
    article
        .continued_to
        .map(|page| note(&format!("（下转第{page}版）"), options))
        .unwrap_or_default()
}

/// The article's body, line by line into `emit`, laid out as the reader lays it out (same
/// indents, same blank lines between paragraphs of different kinds), one piece of a paragraph
/// at a time (see [`PIECE_BYTES`]).
pub(crate) fn body_lines(
    article: &Article,
    options: &LayoutOptions,
    emit: &mut dyn FnMut(&StyledLine),
) {
    let mut previous = None;
    for paragraph in &article.paragraphs {
        if previous.is_some_and(|p| layout::needs_blank_between(p, paragraph.kind)) {
            emit(&StyledLine::default());
        }
        previous = Some(paragraph.kind);
        for (n, piece) in pieces(&paragraph.text, PIECE_BYTES).enumerate() {
            // Only the paragraph's first piece gets its first-line indent.
            let lines = if n == 0 {
                layout::wrap_paragraph(piece, paragraph.kind, &[], options)
            } else {
                layout::wrap_styled(piece, paragraph.kind.into(), &[], options)
            };
            lines.iter().for_each(&mut *emit);
        }
    }
}

/// `text` in consecutive pieces of at most `max` bytes (at least one character each), each
/// ending after a sentence end or a space near its end when there is one.
pub(crate) fn pieces(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len();
        if cut > max {
            cut = max;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if cut == 0 {
                cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
            }
            let mut from = cut.saturating_sub(max / 16);
            while !rest.is_char_boundary(from) {
                from += 1;
            }
            let window = &rest[from..cut];
            if let Some((at, c)) = window
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | ' ' | '\u{3000}'))
            {
                cut = cut - window.len() + at + c.len_utf8();
            }
        }
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Byline, place, date, themes and source, one string each.
pub(crate) fn metadata(article: &Article, classifier: &Classifier) -> Vec<String> {
    let mut meta = Vec::new();
    let byline = &article.byline;
    let mut people = Vec::new();
    if !byline.reporters.is_empty() {
        people.push(format!("记者 {}", byline.reporters.join("、")));
    }
    if !byline.correspondents.is_empty() {
        people.push(format!("通讯员 {}", byline.correspondents.join("、")));
    }
    if !byline.photographers.is_empty() {
        people.push(format!("摄影 {}", byline.photographers.join("、")));
    }
    if !people.is_empty() {
        meta.push(people.join("  "));
    }
    let mut place = vec![article.region.province.as_str()];
    place.extend(article.region.city.as_deref());
    place.extend(article.region.county.as_deref());
    let mut line = format!("地区 {}", place.join(" "));
    if let Some(date) = &article.date {
        line.push_str(&format!("  日期 {date}"));
    }
    meta.push(line);
    if !article.themes.is_empty() {
        let labels: Vec<String> = article
            .themes
            .iter()
            .map(|id| {
                classifier
                    .theme(id)
                    .map_or_else(|| id.clone(), |t| t.label.clone())
            })
            .collect();
        meta.push(format!("主题 {}", labels.join("、")));
    }
    meta.push(format!(
        "{} 第{}篇  id {}",
        article.page, article.seq, article.id
    ));
    meta
}

/// One laid-out line as terminal text, coloured when allowed.
pub(crate) fn paint_line(line: &StyledLine, style: &Style) -> String {
    use super::output::{HEADING, HIT, MUTED};
    let mut text = String::new();
    for segment in &line.segments {
        let look = match (segment.hit, segment.style) {
            (true, _) => HIT,
            (false, SpanStyle::Title | SpanStyle::Subhead) => HEADING,
            (false, SpanStyle::Caption | SpanStyle::Meta | SpanStyle::Rule) => MUTED,
            (false, SpanStyle::Kicker | SpanStyle::Subtitle | SpanStyle::Body) => {
                anstyle::Style::new()
            }
        };
        text.push_str(&style.paint(look, &segment.text));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_tile_the_text_within_the_bound() {
        let text = "职工技能大赛在杭州举行。".repeat(5000) + &"长".repeat(30000);
        let parts: Vec<&str> = pieces(&text, 4096).collect();
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| !p.is_empty() && p.len() <= 4096));
        // Where there is a sentence end, a piece ends after it.
        assert!(
            parts[0].ends_with('。'),
            "{}",
            &parts[0][parts[0].len() - 9..]
        );
        assert!(parts.len() > text.len() / 4096);
    }

    #[test]
    fn a_bound_smaller_than_a_character_still_moves_on() {
        let parts: Vec<&str> = pieces("看报", 1).collect();
        assert_eq!(parts, ["看", "报"]);
    }
}
