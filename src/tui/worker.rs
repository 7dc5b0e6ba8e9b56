//! Slow work off the UI thread: opening (or building) the search index, searches and related
//! articles. The UI sends `Request`s with sequence numbers and gets [`WorkerEvent`]s back; the
//! UI drops answers older than the last request it sent, and the worker itself skips searches
//! that a newer one has already replaced in its queue.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use crate::corpus::ArticleStore;
use crate::search::{Hit, Note, ScanEngine, SearchEngine, SearchError, SearchQuery};

/// Opens the real engine (the index) on the worker thread, reporting progress as (done,
/// total), and handing over through `meanwhile` an engine better than the plain scan to answer
/// while a long build or update runs (the index as last committed with a scan of the pages it
/// lacks, or a previous version's index). Returns the engine and a one-line report for the
/// status bar, or why the index cannot be had (the browser then searches by plain scan and says
/// so).
pub(crate) type Opener = Box<
    dyn FnOnce(
            &dyn Fn(usize, usize),
            &dyn Fn(Box<dyn SearchEngine>),
        ) -> Result<(Box<dyn SearchEngine>, String), SearchError>
        + Send,
>;

/// What an engine handed to the worker is, worst first: for one store, a better one replaces a
/// worse one, never the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    /// The plain scan of every article.
    Scan,
    /// What answers while the index is built or updated (see [`Opener`]).
    Interim,
    /// The index of the store.
    Index,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Request {
    Search { seq: u64, request: SearchQuery },
    Related { seq: u64, index: usize },
}

/// What the worker sends the app: search and related answers, and how the index is getting on.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    IndexProgress {
        done: usize,
        total: usize,
    },
    IndexReady {
        report: String,
    },
    /// The index could not be opened; searches use the plain scan.
    IndexFailed {
        notice: String,
    },
    Results {
        seq: u64,
        total: usize,
        hits: Vec<Hit>,
        /// What the results header should say (see [`Note`]).
        notes: Vec<Note>,
    },
    Related {
        seq: u64,
        index: usize,
        related: Vec<usize>,
    },
    Failed {
        seq: u64,
        message: String,
    },
}

/// An engine handed to the worker: for which store (a generation: 0 is the store the worker
/// started with, each newer store counts up), what it is, and the engine.
pub(crate) type Engine = (u64, Rank, Box<dyn SearchEngine>);

/// A worker whose engines and index opener come later (a corpus still being read, or grown).
/// The worker answers with the engine of the newest generation handed over, the index before
/// the plain scan of the same generation; an index of an older store is dropped, so hits always
/// point into the store the app shows.
pub(crate) struct Worker {
    /// Plain scans over newer stores, to answer with from the next request on.
    pub(crate) engines: Sender<Engine>,
    /// Index openers to run, with their store's generation; the index takes over when ready.
    pub(crate) openers: Sender<(u64, Opener)>,
    /// Ends when the requests close and every opener sender is gone. The tests join it; the
    /// browser leaves it detached (see `tui::run`: a thread is never joined on the way out).
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "joined by the tests only; the browser detaches it"
        )
    )]
    pub(crate) thread: std::thread::JoinHandle<()>,
}

/// Starts the worker: one thread answers requests, at first with the plain scan; another opens
/// (or builds) the index and hands it over when ready, so searching never waits for a build.
/// Engines and the index opener are handed over later through the returned senders; events go
/// out through `send` (wrapped as the caller likes).
pub(crate) fn spawn_open<F>(
    articles: Arc<ArticleStore>,
    requests: Receiver<Request>,
    send: F,
) -> Worker
where
    F: Fn(WorkerEvent) -> bool + Send + Sync + 'static,
{
    let send = Arc::new(send);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Engine>();
    let (opener_tx, opener_rx) = std::sync::mpsc::channel::<(u64, Opener)>();
    let ready_tx_for_scans = ready_tx.clone();
    let builder = {
        let send = Arc::clone(&send);
        std::thread::Builder::new()
            .name("kanbao-index".into())
            .spawn(move || {
                for (generation, open) in opener_rx {
                    open_index(generation, open, &ready_tx, &*send);
                }
            })
            .expect("spawning a thread only fails when the OS is out of resources")
    };
    let thread = std::thread::Builder::new()
        .name("kanbao-worker".into())
        .spawn(move || {
            let mut searcher: Box<dyn SearchEngine> = Box::new(ScanEngine::new(articles));
            serve(&mut searcher, &ready_rx, &requests, &*send);
            let _ = builder.join();
        })
        .expect("spawning a thread only fails when the OS is out of resources");
    Worker {
        engines: ready_tx_for_scans,
        openers: opener_tx,
        thread,
    }
}

/// Runs `open`, hands the index to the serving thread, then announces it (or the failure).
fn open_index(
    generation: u64,
    open: Opener,
    ready: &Sender<Engine>,
    send: &dyn Fn(WorkerEvent) -> bool,
) {
    let progress = |done, total| {
        send(WorkerEvent::IndexProgress { done, total });
    };
    let meanwhile = |engine| {
        let _ = ready.send((generation, Rank::Interim, engine));
    };
    match open(&progress, &meanwhile) {
        Ok((searcher, report)) => {
            // Hand the index over before announcing it, so a search sent on the
            // announcement is answered by the index.
            let _ = ready.send((generation, Rank::Index, searcher));
            send(WorkerEvent::IndexReady { report });
        }
        Err(why) => {
            send(WorkerEvent::IndexFailed {
                notice: format!(
                    "索引不可用，按全文扫描搜索 search index unavailable ({why}); searching by plain text scan"
                ),
            });
        }
    }
}

/// How long a search waits for the index of a grown store when the store before it had an
/// index: updating it by a few pages commits well within this (docs/PERFORMANCE.md), while the
/// plain scan of a large store takes longer and cannot read pinyin.
const INDEX_GRACE: Duration = Duration::from_millis(1500);

/// The engine answering, and what the serving thread knows about the ones to come.
struct Answering<'a> {
    searcher: &'a mut Box<dyn SearchEngine>,
    /// The generation of the engine answering, and what it is.
    current: (u64, Rank),
    /// Whether any store had an index: a grown store's index is then an update away.
    had_index: bool,
    /// Since when a scan of a grown store answers while its index is being updated.
    scan_since: Option<Instant>,
    ready: &'a Receiver<Engine>,
}

impl Answering<'_> {
    /// Takes an engine handed over: the newest store's wins; for one store, the index over the
    /// scan.
    fn take(&mut self, (generation, rank, engine): Engine) {
        if (generation, rank) < self.current {
            return;
        }
        self.current = (generation, rank);
        *self.searcher = engine;
        self.had_index |= rank == Rank::Index;
        // Only the plain scan is worth waiting out; an interim engine answers as well as it can.
        self.scan_since = (rank == Rank::Scan && self.had_index).then(Instant::now);
    }

    /// Takes every engine handed over so far; then, if a grown store's scan answers and its
    /// index is due, waits for that index up to [`INDEX_GRACE`] after the store arrived.
    fn refresh(&mut self) {
        while let Ok(engine) = self.ready.try_recv() {
            self.take(engine);
        }
        while let Some(since) = self.scan_since {
            let Some(left) = INDEX_GRACE.checked_sub(since.elapsed()) else {
                self.scan_since = None;
                break;
            };
            match self.ready.recv_timeout(left) {
                Ok(engine) => self.take(engine),
                Err(_) => self.scan_since = None,
            }
        }
    }
}

fn serve(
    searcher: &mut Box<dyn SearchEngine>,
    ready: &Receiver<Engine>,
    requests: &Receiver<Request>,
    send: &dyn Fn(WorkerEvent) -> bool,
) {
    let mut answering = Answering {
        searcher,
        current: (0, Rank::Scan),
        had_index: false,
        scan_since: None,
        ready,
    };
    while let Ok(first) = requests.recv() {
        answering.refresh();
        // Keep only the newest search among what has queued up; related requests all stay.
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let last_search = batch
            .iter()
            .rposition(|r| matches!(r, Request::Search { .. }));
        for (i, request) in batch.into_iter().enumerate() {
            if matches!(request, Request::Search { .. }) && Some(i) != last_search {
                continue;
            }
            if !send(answer(&**answering.searcher, request)) {
                return;
            }
        }
    }
}

/// One request answered by `searcher`.
fn answer(searcher: &dyn SearchEngine, request: Request) -> WorkerEvent {
    match request {
        Request::Search { seq, request } => match searcher.search(&request) {
            Ok(results) => WorkerEvent::Results {
                seq,
                total: results.total,
                hits: results.hits,
                notes: results.notes,
            },
            Err(e) => WorkerEvent::Failed {
                seq,
                message: e.to_string(),
            },
        },
        Request::Related { seq, index } => match searcher.related(index, 10) {
            Ok(related) => WorkerEvent::Related {
                seq,
                index,
                related: related.into_iter().map(|r| r.index).collect(),
            },
            Err(e) => WorkerEvent::Failed {
                seq,
                message: e.to_string(),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::search::engines::scan::tests::{article, corpus};
    use crate::search::{RelatedHit, SearchError, SearchResults};

    /// The worker with the opener (if any) handed over at once. Joining the returned handle
    /// waits for both threads; they end when `requests` closes.
    fn spawn<F>(
        articles: Arc<ArticleStore>,
        opener: Option<Opener>,
        requests: Receiver<Request>,
        send: F,
    ) -> std::thread::JoinHandle<()>
    where
        F: Fn(WorkerEvent) -> bool + Send + Sync + 'static,
    {
        let worker = spawn_open(articles, requests, send);
        if let Some(opener) = opener {
            let _ = worker.openers.send((0, opener));
        }
        worker.thread
    }

    fn search(seq: u64, text: &str) -> Request {
        Request::Search {
            seq,
            request: SearchQuery {
                limit: 10,
                ..SearchQuery::text(text)
            },
        }
    }

    #[test]
    fn the_worker_answers_only_the_newest_queued_search() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        for (seq, text) in [(1, "能"), (2, "能级"), (3, "能级工资")] {
            req_tx.send(search(seq, text)).unwrap();
        }
        drop(req_tx);
        let handle = spawn(corpus(), None, req_rx, move |e| ev_tx.send(e).is_ok());
        handle.join().unwrap();
        let events: Vec<WorkerEvent> = ev_rx.try_iter().collect();
        assert_eq!(events.len(), 1, "{events:?}");
        assert!(matches!(
            events[0],
            WorkerEvent::Results {
                seq: 3,
                total: 2,
                ..
            }
        ));
    }

    #[test]
    fn a_failing_opener_falls_back_to_the_scan_with_a_notice() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let opener: Opener = Box::new(|progress, _| {
            progress(1, 3);
            Err(SearchError::Store(crate::corpus::StoreError::Damaged {
                path: "/cache/corpus".into(),
                index: 0,
                detail: crate::corpus::store::RecordError::Checksum,
                remedy: "run again".into(),
            }))
        });
        req_tx.send(search(1, "技高者")).unwrap();
        drop(req_tx);
        spawn(corpus(), Some(opener), req_rx, move |e| {
            ev_tx.send(e).is_ok()
        })
        .join()
        .unwrap();
        let events: Vec<WorkerEvent> = ev_rx.try_iter().collect();
        assert_eq!(events.len(), 3, "{events:?}");
        assert!(events.contains(&WorkerEvent::IndexProgress { done: 1, total: 3 }));
        assert!(events.iter().any(
            |e| matches!(e, WorkerEvent::IndexFailed { notice } if notice.contains("fails its checksum"))
        ));
        // The scan answered meanwhile.
        assert!(events.iter().any(
            |e| matches!(e, WorkerEvent::Results { seq: 1, total: 1, hits, .. } if hits[0].index == 1)
        ));
    }

    /// An engine that answers every search with one fixed hit, and its total (42 for the
    /// index).
    struct Fixed(usize);
    impl SearchEngine for Fixed {
        fn search(&self, _: &SearchQuery) -> Result<SearchResults, SearchError> {
            Ok(SearchResults {
                total: self.0,
                took: std::time::Duration::ZERO,
                hits: vec![Hit::bare("a-3", 2)],
                notes: Vec::new(),
            })
        }
        fn related(&self, _: usize, _: usize) -> Result<Vec<RelatedHit>, SearchError> {
            Ok(Vec::new())
        }
        fn article_spans(
            &self,
            _: &SearchQuery,
            _: &Article,
        ) -> Vec<crate::article::ParagraphSpan> {
            Vec::new()
        }
    }

    #[test]
    fn the_index_takes_over_once_announced() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let opener: Opener = Box::new(move |_, _| {
            go_rx.recv().unwrap();
            Ok((Box::new(Fixed(42)), "built 3 articles".to_string()))
        });
        let handle = spawn(corpus(), Some(opener), req_rx, move |e| {
            ev_tx.send(e).is_ok()
        });
        // While the index is being built, the scan answers.
        req_tx.send(search(1, "能级工资")).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::Results {
                seq: 1,
                total: 2,
                ..
            }
        ));
        go_tx.send(()).unwrap();
        assert_eq!(
            ev_rx.recv().unwrap(),
            WorkerEvent::IndexReady {
                report: "built 3 articles".into()
            }
        );
        req_tx.send(search(2, "能级工资")).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::Results {
                seq: 2,
                total: 42,
                ..
            }
        ));
        drop(req_tx);
        handle.join().unwrap();
    }

    /// The store grew (generation 1: one article): its plain scan goes to the worker.
    fn hand_over_a_grown_store(worker: &Worker) {
        let grown = Arc::new(ArticleStore::from_articles(vec![article(
            "b-1",
            None,
            "能级工资",
            "能级工资",
            &[],
        )]));
        worker
            .engines
            .send((1, Rank::Scan, Box::new(ScanEngine::new(grown))))
            .unwrap();
    }

    /// The index (42) is announced and answers the next search; then the worker is stopped.
    fn the_index_answers_then_stop(
        worker: Worker,
        req_tx: Sender<Request>,
        ev_rx: &Receiver<WorkerEvent>,
    ) {
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::IndexReady { .. }
        ));
        req_tx.send(search(2, "能级工资")).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::Results {
                seq: 2,
                total: 42,
                ..
            }
        ));
        drop(req_tx);
        drop(worker.engines);
        drop(worker.openers);
        worker.thread.join().unwrap();
    }

    #[test]
    fn an_index_of_an_older_store_never_replaces_the_scan_of_a_newer_one() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let worker = spawn_open(corpus(), req_rx, move |e| ev_tx.send(e).is_ok());
        // The store grew (generation 1: one article), then the index of the first store
        // (generation 0) is ready: the worker keeps the scan of the newer store.
        hand_over_a_grown_store(&worker);
        let stale: Opener = Box::new(|_, _| Ok((Box::new(Fixed(42)), "old".to_string())));
        worker.openers.send((0, stale)).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::IndexReady { .. }
        ));
        req_tx.send(search(1, "能级工资")).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::Results {
                seq: 1,
                total: 1,
                ..
            }
        ));
        // The index of the newer store takes over.
        let fresh: Opener = Box::new(|_, _| Ok((Box::new(Fixed(42)), "new".to_string())));
        worker.openers.send((1, fresh)).unwrap();
        the_index_answers_then_stop(worker, req_tx, &ev_rx);
    }

    #[test]
    fn a_grown_store_waits_briefly_for_its_index_rather_than_scan() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let worker = spawn_open(corpus(), req_rx, move |e| ev_tx.send(e).is_ok());
        let first: Opener = Box::new(|_, _| Ok((Box::new(Fixed(42)), "first".to_string())));
        worker.openers.send((0, first)).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::IndexReady { .. }
        ));
        req_tx.send(search(1, "能级工资")).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::Results { total: 42, .. }
        ));
        // The store grows: its scan at once, its index (an update) a moment later.
        hand_over_a_grown_store(&worker);
        let updated: Opener = Box::new(|_, _| {
            std::thread::sleep(Duration::from_millis(200));
            Ok((Box::new(Fixed(42)), "updated".to_string()))
        });
        worker.openers.send((1, updated)).unwrap();
        req_tx.send(search(2, "能级工资")).unwrap();
        // The search waited for the updated index (42) instead of scanning the grown store (1).
        let answered = ev_rx
            .iter()
            .find(|e| matches!(e, WorkerEvent::Results { seq: 2, .. }))
            .unwrap();
        assert!(
            matches!(answered, WorkerEvent::Results { total: 42, .. }),
            "{answered:?}"
        );
        drop(req_tx);
        drop(worker.engines);
        drop(worker.openers);
        worker.thread.join().unwrap();
    }

    #[test]
    fn an_interim_engine_answers_while_the_index_is_updated() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let worker = spawn_open(corpus(), req_rx, move |e| ev_tx.send(e).is_ok());
        let first: Opener = Box::new(|_, _| Ok((Box::new(Fixed(42)), "first".to_string())));
        worker.openers.send((0, first)).unwrap();
        assert!(matches!(
            ev_rx.recv().unwrap(),
            WorkerEvent::IndexReady { .. }
        ));
        // The store grows by more than a search waits for: the update hands over an interim
        // engine (7) at once and takes its time over the index (42).
        hand_over_a_grown_store(&worker);
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let (interim_tx, interim_rx) = std::sync::mpsc::channel::<()>();
        let long_update: Opener = Box::new(move |_, meanwhile| {
            meanwhile(Box::new(Fixed(7)));
            interim_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            Ok((Box::new(Fixed(42)), "updated".to_string()))
        });
        worker.openers.send((1, long_update)).unwrap();
        interim_rx.recv().unwrap();
        req_tx.send(search(1, "能级工资")).unwrap();
        let answered = ev_rx
            .iter()
            .find(|e| matches!(e, WorkerEvent::Results { seq: 1, .. }))
            .unwrap();
        assert!(
            matches!(answered, WorkerEvent::Results { total: 7, .. }),
            "{answered:?}"
        );
        go_tx.send(()).unwrap();
        the_index_answers_then_stop(worker, req_tx, &ev_rx);
    }

    #[test]
    fn only_the_plain_scan_of_a_grown_store_waits_for_its_index() {
        let (_tx, rx) = std::sync::mpsc::channel();
        let mut engine: Box<dyn SearchEngine> = Box::new(Fixed(0));
        let mut answering = Answering {
            searcher: &mut engine,
            current: (0, Rank::Scan),
            had_index: false,
            scan_since: None,
            ready: &rx,
        };
        answering.take((0, Rank::Index, Box::new(Fixed(42))));
        answering.take((1, Rank::Scan, Box::new(Fixed(1))));
        assert!(
            answering.scan_since.is_some(),
            "the grown store's index is due"
        );
        answering.take((1, Rank::Interim, Box::new(Fixed(7))));
        assert_eq!(answering.current, (1, Rank::Interim));
        assert!(answering.scan_since.is_none(), "nothing to wait out");
        // A worse engine of the same store never replaces a better one.
        answering.take((1, Rank::Scan, Box::new(Fixed(1))));
        assert_eq!(answering.current, (1, Rank::Interim));
    }
}
