//! A first start of a big archive without waiting: the corpus is read on a thread of its own
//! ([`corpus::load_in_background`](crate::corpus::load_in_background)), and this thread turns
//! what it sends into stores the browser can show at once — the articles parsed so far, then
//! the finished corpus — each with its facets built here, off the UI thread. The app swaps to
//! each one keeping the user's place (by article id); the worker's plain scan gets each one too,
//! and the index is opened once the corpus is finished.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use crate::article::Article;
use crate::corpus::{ArticleStore, LoadEvent, StoredCorpus};
use crate::filter::facets::{FacetOrder, Facets};
use crate::search::ScanEngine;

use super::worker::{Engine, Opener, Rank};

/// How far a load has got, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadProgress {
    /// Pages to read (0: not known yet).
    pub pages: usize,
    /// Articles read so far.
    pub articles: usize,
}

/// A store to show: the articles read so far, or (`done`) the finished corpus.
#[derive(Debug, Clone)]
pub struct Grown {
    pub(crate) store: Arc<ArticleStore>,
    pub(crate) facets: Arc<Facets>,
    pub(crate) progress: LoadProgress,
    pub(crate) done: bool,
}

impl Grown {
    /// `store` with its facets built in `order`.
    pub fn new(
        store: Arc<ArticleStore>,
        order: &FacetOrder,
        progress: LoadProgress,
        done: bool,
    ) -> Grown {
        let facets = Arc::new(Facets::build(&store, order));
        Grown {
            store,
            facets,
            progress,
            done,
        }
    }
}

/// Two are equal when they are the same store (actions are compared in tests).
impl PartialEq for Grown {
    fn eq(&self, other: &Grown) -> bool {
        Arc::ptr_eq(&self.store, &other.store) && self.done == other.done
    }
}

/// What `kanbao` hands the browser to load in the background.
pub(crate) struct Loading {
    /// What the load sends (may end without a corpus when the browser already has it).
    pub(crate) events: Receiver<LoadEvent>,
    /// Makes the index opener for a corpus (`None`: search by plain scan).
    pub(crate) open_index: Box<dyn Fn(StoredCorpus) -> Option<Opener> + Send>,
    /// Watching the archive for pages added by another process (`kanbao import`).
    pub(crate) watch: Option<Watch>,
}

/// How the loader notices a growing archive: `changed` is asked every [`WATCH_EVERY`] (it
/// should cost a `stat` or two: the page directory's modification time, the manifest), and
/// `reload` loads the archive again (re-reading only the pages that changed).
pub(crate) struct Watch {
    pub(crate) changed: Box<dyn FnMut() -> bool + Send>,
    pub(crate) reload: Box<dyn Fn() -> Result<StoredCorpus, crate::corpus::CorpusError> + Send>,
}

/// How often the archive is looked at for new pages.
pub(crate) const WATCH_EVERY: Duration = Duration::from_millis(500);

/// What the loader sends the app.
pub(crate) enum LoaderEvent {
    Progress(LoadProgress),
    Grown(Grown),
    /// The load failed, or pages were skipped: a notice for the status bar.
    Notice(String),
}

/// The shortest time between two partial stores; the loader waits longer when building one
/// takes long (never more than a quarter of its time goes to them).
const FIRST_EVERY: Duration = Duration::from_millis(250);

/// The most articles a first start's list shows before the whole archive is read. Each partial
/// store is built from a copy of them, held in memory with their text (≈ 5 KB an article, so
/// ≈ 1 GB at this many with the copy); the status line goes on counting what is read, and the
/// finished corpus (from the snapshot, mapped) replaces them.
const STREAMED_AT_MOST: usize = 100_000;

/// Adds what of `batch` fits under `cap` to the articles streamed so far; whether any did.
fn keep_streamed(articles: &mut Vec<Article>, batch: Vec<Article>, cap: usize) -> bool {
    let room = cap.saturating_sub(articles.len());
    let before = articles.len();
    articles.extend(batch.into_iter().take(room));
    articles.len() > before
}

/// Runs the loader on a thread of its own. `engines` takes the plain scan over each store (for
/// the worker), `openers` the index opener once the corpus is finished; `send` returns `false`
/// when the app is gone.
pub(crate) fn spawn<F>(
    loading: Loading,
    order: FacetOrder,
    engines: Sender<Engine>,
    openers: Sender<(u64, Opener)>,
    send: F,
) -> std::thread::JoinHandle<()>
where
    F: Fn(LoaderEvent) -> bool + Send + 'static,
{
    std::thread::Builder::new()
        .name("kanbao-loader".into())
        .spawn(move || {
            let Loading {
                events,
                open_index,
                watch,
            } = loading;
            let generation = std::cell::Cell::new(0);
            let to = Sinks {
                engines: &engines,
                openers: &openers,
                send: &send,
                generation: &generation,
            };
            if !follow(events, &order, &to, &*open_index) {
                return;
            }
            if let Some(watch) = watch {
                keep_watching(watch, &order, &to, &*open_index);
            }
        })
        .expect("spawning a thread only fails when the OS is out of resources")
}

/// Follows one load to its end: progress as it comes, a partial store now and then (see
/// [`FIRST_EVERY`]), then the finished corpus. `false` when the app is gone.
fn follow<F>(
    events: Receiver<LoadEvent>,
    order: &FacetOrder,
    to: &Sinks<'_, F>,
    open_index: &dyn Fn(StoredCorpus) -> Option<Opener>,
) -> bool
where
    F: Fn(LoaderEvent) -> bool,
{
    let send = to.send;
    let mut articles: Vec<Article> = Vec::new();
    let mut progress = LoadProgress::default();
    let mut every = FIRST_EVERY;
    let mut last = Instant::now();
    for event in events {
        match event {
            LoadEvent::Reading { total } => {
                progress.pages = total;
                if !send(LoaderEvent::Progress(progress)) {
                    return false;
                }
            }
            LoadEvent::Articles(batch) => {
                progress.articles += batch.len();
                let added = keep_streamed(&mut articles, batch, STREAMED_AT_MOST);
                if !added || last.elapsed() < every {
                    if !send(LoaderEvent::Progress(progress)) {
                        return false;
                    }
                    continue;
                }
                let started = Instant::now();
                let store = Arc::new(ArticleStore::from_articles(articles.clone()));
                let grown = Grown::new(Arc::clone(&store), order, progress, false);
                every = FIRST_EVERY.max(started.elapsed() * 4);
                last = Instant::now();
                to.scan(store);
                if !send(LoaderEvent::Grown(grown)) {
                    return false;
                }
            }
            LoadEvent::Loaded(loaded) => return finish(*loaded, order, progress, to, open_index),
        }
    }
    true
}

/// Looks at the archive every [`WATCH_EVERY`] and loads it again when it changed, until the app
/// is gone.
fn keep_watching<F>(
    mut watch: Watch,
    order: &FacetOrder,
    to: &Sinks<'_, F>,
    open_index: &dyn Fn(StoredCorpus) -> Option<Opener>,
) where
    F: Fn(LoaderEvent) -> bool,
{
    loop {
        std::thread::sleep(WATCH_EVERY);
        if (watch.changed)() {
            let loaded = (watch.reload)();
            if !finish(loaded, order, LoadProgress::default(), to, open_index) {
                return;
            }
        }
    }
}

/// Where a finished corpus goes.
struct Sinks<'a, F> {
    engines: &'a Sender<Engine>,
    openers: &'a Sender<(u64, Opener)>,
    send: &'a F,
    /// The generation of the last store sent (the worker's first store is 0).
    generation: &'a std::cell::Cell<u64>,
}

impl<F> Sinks<'_, F> {
    /// The plain scan over `store`, as the next generation; returns that generation.
    fn scan(&self, store: Arc<ArticleStore>) -> u64 {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        let _ = self
            .engines
            .send((generation, Rank::Scan, Box::new(ScanEngine::new(store))));
        generation
    }
}

/// The finished corpus: to the app and the worker, then the index opener. `false` when the
/// app is gone.
fn finish<F>(
    loaded: Result<StoredCorpus, crate::corpus::CorpusError>,
    order: &FacetOrder,
    mut progress: LoadProgress,
    to: &Sinks<'_, F>,
    open_index: &dyn Fn(StoredCorpus) -> Option<Opener>,
) -> bool
where
    F: Fn(LoaderEvent) -> bool,
{
    let send = to.send;
    let corpus = match loaded {
        Ok(corpus) => corpus,
        Err(why) => {
            return send(LoaderEvent::Notice(format!(
                "文章读取失败 cannot read the archive: {why}"
            )));
        }
    };
    for problem in &corpus.problems {
        send(LoaderEvent::Notice(format!("skipped {problem}")));
    }
    let store = Arc::clone(&corpus.store);
    progress.articles = store.len();
    let grown = Grown::new(Arc::clone(&store), order, progress, true);
    let generation = to.scan(store);
    if !send(LoaderEvent::Grown(grown)) {
        return false;
    }
    if let Some(opener) = open_index(corpus) {
        let _ = to.openers.send((generation, opener));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::engines::scan::tests::article;

    #[test]
    fn a_first_start_streams_at_most_the_cap() {
        let batch = |from: usize, n: usize| -> Vec<Article> {
            (from..from + n)
                .map(|i| article(&format!("a-{i}"), None, "工会", "职工", &[]))
                .collect()
        };
        let mut streamed = Vec::new();
        assert!(keep_streamed(&mut streamed, batch(0, 3), 5));
        assert!(keep_streamed(&mut streamed, batch(3, 3), 5));
        assert_eq!(streamed.len(), 5, "the batch that reaches the cap is cut");
        assert!(!keep_streamed(&mut streamed, batch(6, 3), 5));
        let ids: Vec<&str> = streamed.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-0", "a-1", "a-2", "a-3", "a-4"]);
    }
}
