//! `kanbao list`: one line per article (id, region, title), or a JSON array.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::output::{Out, Style, fit, sanitize_line};
use super::{Context, FilterArgs, JsonFlag};
use crate::article::Article;
use crate::corpus::Head;
use crate::filter::short_place;
use crate::layout::{self, pad};

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) json: JsonFlag,
}

pub(crate) fn run(ctx: &Context, args: &ListArgs) -> Result<ExitCode> {
    let filter = args.filter.resolve(ctx)?;
    let corpus = ctx.load_corpus()?;
    let saved = super::filter::saved_marks(ctx, &filter);
    let marks = super::filter::marks(&saved);
    let articles: Vec<Head<'_>> = corpus
        .store
        .heads()
        .filter(|a| filter.matches(*a, &marks))
        .collect();
    let mut out = Out::new();
    if args.json.json {
        // The JSON carries the places too, which only the article's body record holds.
        let mut summaries: Vec<serde_json::Value> = Vec::with_capacity(articles.len());
        for head in &articles {
            summaries.push(summary_json(&corpus.store.article(head.index())?));
        }
        out.line(&super::output::to_json(&summaries, true)?)?;
    } else {
        let style = Style::detect(ctx.ambiguous_wide);
        for article in &articles {
            out.line(&list_row(*article, &style))?;
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// An article as JSON without its paragraphs: the `list --json` element.
pub(crate) fn summary_json(article: &Article) -> serde_json::Value {
    let mut value = serde_json::to_value(article).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("paragraphs");
    }
    value
}

/// Width of the region column: the longest county names (e.g. 景宁畲族自治县) would waste room, so
/// longer names are cut.
const REGION_CELLS: usize = 8;

fn list_row(article: Head<'_>, style: &Style) -> String {
    let id = format!("{:<9}", article.id());
    let region = pad(
        &fit(
            short_place(article.city(), article.county()),
            Some(REGION_CELLS),
            style.ambiguous,
        ),
        REGION_CELLS,
        style.ambiguous,
    );
    let prefix_cells = layout::str_width(&id, style.ambiguous) + 1 + REGION_CELLS + 1;
    let title_cells = style.width.map(|w| w.saturating_sub(prefix_cells).max(4));
    let title = fit(article.title(), title_cells, style.ambiguous);
    format!(
        "{} {} {}",
        style.paint(super::output::MUTED, &id),
        region,
        sanitize_line(&title)
    )
}
