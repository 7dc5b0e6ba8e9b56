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
pub struct ShowArgs {
    /// The article's id (see `kanbao list`).
    pub id: String,
    /// Lay the text out for this many columns (default: the terminal's width, or 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
    /// Print the article as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also say which gazetteer entries and theme rules fired, with their weights.
    #[arg(long)]
    pub explain: bool,
}

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<ExitCode> {
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
        out.line(&serde_json::to_string_pretty(&value)?)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = Style::detect(ctx.ambiguous_wide);
    let width = args.width.map(usize::from).or(style.width).unwrap_or(80);
    let options = LayoutOptions::new(width).with_ambiguous(style.ambiguous);
    for line in article_lines(article, &ctx.classifier, &options) {
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
pub fn cut_explanation(article: &Article) -> String {
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

/// The article as terminal lines: column, headline, a metadata block (byline, region, date,
/// themes, id), a blank line, then the body. Every line is at most `options.width` cells.
pub fn article_lines(
    article: &Article,
    classifier: &Classifier,
    options: &LayoutOptions,
) -> Vec<StyledLine> {
    let laid_out = layout::layout_article(article, &[], options);
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
    // Continuation notes stand where the page printed them: before and after the text.
    let note = |text: String| layout::wrap_styled(&text, SpanStyle::Caption, &[], options);
    if let Some(page) = article.continued_from {
        lines.extend(note(format!("（上接第{page}版）")));
    }
    lines.extend(laid_out.lines[headline_end..].iter().cloned());
    if let Some(page) = article.continued_to {
        lines.extend(note(format!("（下转第{page}版）")));
    }
    lines
}

/// Byline, place, date, themes and source, one string each.
pub fn metadata(article: &Article, classifier: &Classifier) -> Vec<String> {
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
pub fn paint_line(line: &StyledLine, style: &Style) -> String {
    let mut text = String::new();
    for segment in &line.segments {
        let sgr = match (segment.hit, segment.style) {
            (true, _) => "7",
            (false, SpanStyle::Title) => "1",
            (false, SpanStyle::Subhead) => "1",
            (false, SpanStyle::Kicker | SpanStyle::Subtitle) => "",
            (false, SpanStyle::Caption | SpanStyle::Meta | SpanStyle::Rule) => "2",
            (false, SpanStyle::Body) => "",
        };
        if sgr.is_empty() {
            text.push_str(&segment.text);
        } else {
            text.push_str(&style.paint(sgr, &segment.text));
        }
    }
    text
}
