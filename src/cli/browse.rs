//! `kanbao` with no command: the interactive browser, with the search index opened (or built)
//! on the TUI's worker thread so the first screen never waits for it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::Context;
use crate::search::{IndexLocation, SearchIndex, SearchQuery};
use crate::tui::worker::{FoundHit, SearchRequest, Searcher, passes_filters};
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
    let gazetteer = ctx.classifier.gazetteer();
    run(TuiOptions {
        store,
        city_order: gazetteer.cities().iter().map(|c| c.name.clone()).collect(),
        theme_labels: ctx
            .classifier
            .themes()
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect(),
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
        let region_facet = request.city.as_ref().map(|city| match &request.county {
            Some(county) => format!("/{}/{city}/{county}", crate::article::PROVINCE),
            None => format!("/{}/{city}", crate::article::PROVINCE),
        });
        // "Whole province" has no facet of its own (every facet is under /浙江省), so those
        // hits are filtered here from a longer list.
        let limit = if request.province_only {
            request.limit.max(1) * 20
        } else {
            request.limit
        };
        let query = SearchQuery {
            text: request.text.clone(),
            region_facet,
            theme: request.theme.clone(),
            reporter: request.reporter.clone(),
            month: request.month.clone(),
            limit,
            ..SearchQuery::default()
        };
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
        if request.province_only {
            let store = self.index.store();
            hits.retain(|h| {
                store
                    .head(h.index)
                    .is_some_and(|a| passes_filters(a, request))
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
