//! `kanbao related ID`: the articles most like one article.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;

use super::Context;
use super::output::{Out, Style, fit};

#[derive(Debug, Args)]
pub(crate) struct RelatedArgs {
    /// The article's id (see `kanbao list`).
    pub(crate) id: String,
    /// At most this many articles.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(ctx: &Context, args: &RelatedArgs) -> Result<ExitCode> {
    let corpus = ctx.load_corpus()?;
    let id = args.id.trim();
    let position = corpus
        .store
        .position(id)
        .ok_or_else(|| anyhow!("no article with id {id:?}; `kanbao list` shows the ids"))?;
    let (engine, _) = super::search::engine(ctx, &corpus)?;
    // Never more than the other articles: the user's number is never an allocation size.
    let related = engine.related(position, args.limit.min(corpus.store.len()))?;
    let mut out = Out::new();
    if args.json {
        let hits: Vec<serde_json::Value> = related
            .iter()
            .map(|r| serde_json::json!({"id": r.id, "title": r.title, "score": r.score}))
            .collect();
        out.line(&super::output::to_json(
            &serde_json::json!({"id": id, "related": hits}),
            true,
        )?)?;
    } else {
        let style = Style::detect(ctx.ambiguous_wide);
        for r in &related {
            let title_cells = style.width.map(|w| w.saturating_sub(12).max(4));
            out.line(&format!(
                "{:<9}  {}",
                r.id,
                fit(&r.title, title_cells, style.ambiguous)
            ))?;
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
