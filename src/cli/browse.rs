//! `kanbao` with no command: the interactive browser, with the search index opened (or built)
//! on the TUI's worker thread so the first screen never waits for it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::Context;
use crate::corpus::{LoadEvent, StoredCorpus};
use crate::filter::facets::FacetOrder;
use crate::search::{IndexLocation, SearchEngine, SearchIndex};
use crate::tui::loader::Loading;
use crate::tui::{TuiOptions, run};
use std::sync::mpsc::Receiver;

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
    // The corpus is read on a thread of its own. A warm start (a snapshot) answers within
    // moments and the browser opens on the whole archive; a first read of a big archive
    // streams: the browser opens at once and its list fills as pages are parsed.
    let events = crate::corpus::load_in_background(
        ctx.page_set(),
        Arc::clone(&ctx.classifier),
        ctx.dirs.cache.clone(),
    );
    let location = IndexLocation {
        cache_root: ctx.dirs.cache.clone(),
    };
    let (store, notices, open_index, loading) = match events.recv_timeout(WARM_WAIT) {
        Ok(LoadEvent::Loaded(loaded)) => {
            let corpus = (*loaded)?;
            let notices = corpus
                .problems
                .iter()
                .map(|p| format!("skipped {p}"))
                .collect();
            let store = Arc::clone(&corpus.store);
            (store, notices, Some(opener(corpus, location)), None)
        }
        first => {
            let events = match first {
                Ok(first) => replay(first, events),
                Err(_) => events,
            };
            let loading = Loading {
                events,
                open_index: Box::new(move |corpus| Some(opener(corpus, location))),
            };
            (Arc::default(), Vec::new(), None, Some(loading))
        }
    };
    run(TuiOptions {
        store,
        facet_order: FacetOrder::of(&ctx.classifier),
        page_sources: ctx.classifier.pages().clone(),
        open_index,
        loading,
        state_dir: ctx.dirs.state.clone(),
        // None: the TUI reads the default config file if there is one.
        config_path: config,
        ambiguous_wide: ctx.ambiguous_wide,
        notices,
        exit_after_first_frame,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// How long the browser waits for a corpus from a snapshot before it opens while the archive is
/// read (a first start): a warm start at 100k answers well within it.
const WARM_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

/// `first`, then the rest of `events`, as one receiver.
fn replay(first: LoadEvent, events: Receiver<LoadEvent>) -> Receiver<LoadEvent> {
    let (tx, rx) = std::sync::mpsc::channel();
    let _ = tx.send(first);
    std::thread::spawn(move || {
        for event in events {
            if tx.send(event).is_err() {
                return;
            }
        }
    });
    rx
}

/// Opens (or updates) the search index of `corpus` on the browser's worker thread.
fn opener(corpus: StoredCorpus, location: IndexLocation) -> crate::tui::worker::Opener {
    Box::new(move |progress| {
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
    })
}
