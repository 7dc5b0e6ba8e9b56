//! `kanbao export`: every article, whole, as JSON lines or Markdown.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::output::Out;
use super::{Context, FilterArgs};
use crate::article::{Article, ParagraphKind};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum ExportFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// A Markdown document.
    Markdown,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<ExitCode> {
    let filter = args.filter.resolve(&ctx.classifier)?;
    let corpus = ctx.load_corpus()?;
    let mut out = Out::new();
    for article in corpus.articles.iter().filter(|a| filter.matches(a)) {
        match args.format {
            ExportFormat::Jsonl => out.line(&serde_json::to_string(article)?)?,
            ExportFormat::Markdown => out.line(&to_markdown(article))?,
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// One article as Markdown: headline block, byline and metadata, then the body. Used by `export`
/// and by the reader's `e` key. Text is written as printed: Markdown export is for files, not for
/// the terminal.
pub fn to_markdown(article: &Article) -> String {
    let mut md = String::new();
    if let Some(column) = &article.column {
        md.push_str(&format!("*{column}*\n\n"));
    }
    if let Some(kicker) = &article.kicker {
        md.push_str(&format!("**{kicker}**\n\n"));
    }
    md.push_str(&format!("# {}\n\n", article.title));
    if let Some(subtitle) = &article.subtitle {
        md.push_str(&format!("## {subtitle}\n\n"));
    }
    let mut meta = Vec::new();
    let byline = &article.byline;
    if !byline.reporters.is_empty() {
        meta.push(format!("记者 {}", byline.reporters.join("、")));
    }
    if !byline.correspondents.is_empty() {
        meta.push(format!("通讯员 {}", byline.correspondents.join("、")));
    }
    if !byline.photographers.is_empty() {
        meta.push(format!("摄影 {}", byline.photographers.join("、")));
    }
    let region = [
        article.region.city.as_deref(),
        article.region.county.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    meta.push(if region.is_empty() {
        article.region.province.clone()
    } else {
        region
    });
    if let Some(date) = &article.date {
        meta.push(date.clone());
    }
    meta.push(format!(
        "{} #{} ({})",
        article.page, article.seq, article.id
    ));
    md.push_str(&format!("> {}\n\n", meta.join(" · ")));
    for paragraph in &article.paragraphs {
        match paragraph.kind {
            ParagraphKind::Text => md.push_str(&format!("{}\n\n", paragraph.text)),
            ParagraphKind::Subhead => md.push_str(&format!("### {}\n\n", paragraph.text)),
            ParagraphKind::Caption => md.push_str(&format!("*{}*\n\n", paragraph.text)),
        }
    }
    md
}
