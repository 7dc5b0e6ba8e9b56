//! `kanbao` with no command: the interactive browser, with the search index opened (or built)
//! on the TUI's worker thread so the first screen never waits for it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::Context;
use crate::filter::facets::FacetOrder;
use crate::search::{IndexLocation, SearchEngine, SearchIndex};
use crate::tui::{TuiOptions, run};

pub fn browse(
    ctx: &Context,
    config: Option<std::path::PathBuf>,
    exit_after_first_frame: bool,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal; for scripts use `kanbao list`, `kanbao search QUERY` or `kanbao show ID` (add --json for JSON)"
        );
    }
    let corpus = ctx.load_corpus()?;
    let notices = corpus
        .problems
        .iter()
        .map(|p| format!("skipped {p}"))
        .collect();
    let store = Arc::clone(&corpus.store);
    let location = IndexLocation {
        cache_root: ctx.dirs.cache.clone(),
    };
    let opener: crate::tui::worker::Opener = Box::new(move |progress| {
        let (index, report) =
            SearchIndex::open_or_update(&corpus, &location, false, progress, &|| {})
                .map_err(|e| e.to_string())?;
        // The pinyin reading map in the background right away, so the first pinyin query
        // rarely waits for it (a query that comes first builds it itself, once).
        let warm = index.clone();
        let _ = std::thread::Builder::new()
            .name("kanbao-pinyin".into())
            .spawn(move || warm.warm_pinyin());
        Ok((
            Box::new(index) as Box<dyn SearchEngine>,
            report.status.to_string(),
        ))
    });
    run(TuiOptions {
        store,
        facet_order: FacetOrder::of(&ctx.classifier),
        page_sources: ctx.classifier.pages().clone(),
        open_index: Some(opener),
        state_dir: ctx.dirs.state.clone(),
        // None: the TUI reads the default config file if there is one.
        config_path: config,
        ambiguous_wide: ctx.ambiguous_wide,
        notices,
        exit_after_first_frame,
    })?;
    Ok(ExitCode::SUCCESS)
}
