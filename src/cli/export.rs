//! `kanbao export`: every article, whole, as JSON lines or Markdown.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::output::Out;
use super::{Context, FilterArgs};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub(crate) enum ExportFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// A Markdown document.
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub(crate) format: ExportFormat,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
}

pub(crate) fn run(ctx: &Context, args: &ExportArgs) -> Result<ExitCode> {
    let filter = args.filter.resolve(ctx)?;
    let corpus = ctx.load_corpus()?;
    let saved = super::filter::saved_marks(ctx, &filter);
    let marks = super::filter::marks(&saved);
    let theme_label = |id: &str| {
        ctx.classifier
            .theme(id)
            .map_or_else(|| id.to_string(), |t| t.label.clone())
    };
    let mut out = Out::new();
    // Filters look at heads; only the articles exported have their text read.
    for head in corpus.store.heads().filter(|a| filter.matches(*a, &marks)) {
        let article = corpus.store.article(head.index())?;
        match args.format {
            ExportFormat::Jsonl => out.line(&super::output::to_json(&article, false)?)?,
            ExportFormat::Markdown => {
                out.line(&crate::tui::export::to_markdown(&article, &theme_label))?;
            }
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
