//! `kanbao` with no command: the interactive browser, with the search index opened (or built)
//! on the TUI's worker thread so the first screen never waits for it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::Context;
use crate::filter::NoMarks;
use crate::filter::facets::FacetOrder;
use crate::search::{IndexLocation, SearchIndex};
use crate::tui::worker::{FoundHit, SearchRequest, Searcher};
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
    let fingerprint = corpus.fingerprint;
    let opener: crate::tui::worker::Opener = Box::new(move |progress| {
        let (index, report) =
            SearchIndex::open_or_build(corpus.store, fingerprint, &location, progress)
                .map_err(|e| e.to_string())?;
        let searcher = IndexSearcher { index };
        Ok((
            Box::new(searcher) as Box<dyn Searcher>,
            report.status.to_string(),
        ))
    });
    run(TuiOptions {
        store,
        facet_order: FacetOrder::of(&ctx.classifier),
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

/// The tantivy index behind the TUI's [`Searcher`] interface, which speaks in positions in the
/// article store the TUI and the index share.
struct IndexSearcher {
    index: SearchIndex,
}

impl Searcher for IndexSearcher {
    fn search(&self, request: &SearchRequest) -> Result<(usize, Vec<FoundHit>), String> {
        let (query, exact) = super::search::to_query(&request.text, &request.filter, request.limit);
        let results = self.index.search(&query).map_err(|e| e.to_string())?;
        let mut total = results.total;
        let mut hits: Vec<FoundHit> = results
            .hits
            .into_iter()
            .filter_map(|hit| {
                let index = self.index.store().position(&hit.id)?;
                Some(FoundHit {
                    index,
                    score: hit.score,
                    snippet: hit.snippet,
                    highlights: hit.highlights,
                    spans: hit.spans,
                })
            })
            .collect();
        if !exact {
            let store = self.index.store();
            hits.retain(|h| {
                store
                    .head(h.index)
                    .is_some_and(|a| request.filter.matches(a, &NoMarks))
            });
            total = hits.len();
            hits.truncate(request.limit);
        }
        Ok((total, hits))
    }

    fn related(&self, index: usize, limit: usize) -> Result<Vec<usize>, String> {
        let Some(article) = self.index.store().head(index) else {
            return Ok(Vec::new());
        };
        let related = self
            .index
            .related(article.id(), limit)
            .map_err(|e| e.to_string())?;
        Ok(related
            .iter()
            .filter_map(|r| self.index.store().position(&r.id))
            .collect())
    }
}
