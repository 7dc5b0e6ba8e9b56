//! `kanbao` with no command: the interactive browser, with the search index opened (or built)
//! on the TUI's worker thread so the first screen never waits for it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::Context;
use crate::corpus::{LoadEvent, StoredCorpus};
use crate::filter::facets::FacetOrder;
use crate::search::{IndexLocation, Patience, Readiness, SearchEngine, SearchIndex};
use crate::tui::loader::{Loading, Watch};
use crate::tui::{TuiOptions, run};
use std::sync::mpsc::Receiver;

pub(crate) fn browse(
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
    let open_index = {
        let location = location.clone();
        move |corpus| Some(opener(corpus, location.clone()))
    };
    let (store, notices, open_now, events) = match events.recv_timeout(WARM_WAIT) {
        Ok(LoadEvent::Loaded(loaded)) => {
            let corpus = (*loaded)?;
            let notices = corpus
                .problems
                .iter()
                .map(|p| format!("skipped {p}"))
                .collect();
            let store = Arc::clone(&corpus.store);
            // The load is over: the loader only watches.
            (store, notices, Some(opener(corpus, location)), events)
        }
        Ok(first) => (Arc::default(), Vec::new(), None, replay(first, events)),
        Err(_) => (Arc::default(), Vec::new(), None, events),
    };
    let loading = Loading {
        events,
        open_index: Box::new(open_index),
        watch: Some(watch(ctx)),
    };
    run(TuiOptions {
        store,
        facet_order: FacetOrder::of(&ctx.classifier),
        page_sources: ctx.page_sources(),
        open_index: open_now,
        loading: Some(loading),
        state_dir: ctx.dirs.state.clone(),
        // None: the TUI reads the default config file if there is one.
        config_path: config,
        ambiguous_wide: ctx.ambiguous_wide,
        notices,
        exit_after_first_frame,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// How long the browser waits for a corpus from a snapshot before it opens without it. A read
/// of pages (a first start, changed pages) says so at once and never waits; a warm start of a
/// large archive answers well within this (figures in docs/PERFORMANCE.md, "Budgets in the
/// code"), so the first frame shows the whole archive.
const WARM_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

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

/// Opens (or updates) the search index of `corpus` on the browser's worker thread. When that
/// would take more than about a second, what can answer meanwhile (the index as last committed
/// with a scan of the pages it lacks, or a previous version's index) is handed over first.
fn opener(corpus: StoredCorpus, location: IndexLocation) -> crate::tui::worker::Opener {
    Box::new(move |progress, meanwhile| {
        let quick = SearchIndex::open_within(&corpus, &location, Patience::ONE_SECOND, progress)?;
        let (index, report) = match quick {
            Readiness::Ready(index, report) => (index, report),
            waiting => {
                match waiting {
                    Readiness::Patched { engine, .. } => meanwhile(Box::new(engine)),
                    Readiness::Interim { index, .. } => meanwhile(Box::new(index)),
                    Readiness::Ready(..) | Readiness::Deferred(_) => {}
                }
                SearchIndex::open_or_update(&corpus, &location, false, progress, &|| {})?
            }
        };
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

/// Watches the archive for pages another process adds (`kanbao import`): the page directory's
/// modification time and the manifest, looked at twice a second; a change reloads the archive,
/// re-reading only the pages that changed (see `StoredCorpus::load_with`).
fn watch(ctx: &Context) -> Watch {
    let set = ctx.page_set();
    let dir = set.dir().map(std::path::Path::to_path_buf);
    let stamp = move || {
        dir.as_deref().map(|d| {
            let mtime = std::fs::metadata(d).and_then(|m| m.modified()).ok();
            (mtime, crate::corpus::manifest::stamp_of(d))
        })
    };
    let mut last = stamp();
    let classifier = Arc::clone(&ctx.classifier);
    let cache = ctx.dirs.cache.clone();
    Watch {
        changed: Box::new(move || {
            let now = stamp();
            let changed = now != last;
            last = now;
            changed
        }),
        reload: Box::new(move || {
            StoredCorpus::load_with(
                &set,
                &classifier,
                cache.as_deref(),
                &crate::corpus::NoProgress,
            )
        }),
    }
}
