//! Slow work off the UI thread: opening (or building) the search index, searches and related
//! articles. The UI sends [`Request`]s with sequence numbers and gets [`WorkerEvent`]s back; the
//! UI drops answers older than the last request it sent, and the worker itself skips searches
//! that a newer one has already replaced in its queue.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::article::{Article, Paragraph, ParagraphSpan};
use crate::corpus::{ArticleStore, Head};
use crate::filter::{Filter, NoMarks};

/// A search as the TUI asks for it: text plus the navigator's filter (without the reader's
/// marks, which the app applies to the hits itself).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchRequest {
    pub text: String,
    pub filter: Filter,
    pub limit: usize,
}

/// One hit, pointing into the TUI's article list.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundHit {
    pub index: usize,
    pub score: f32,
    pub snippet: String,
    /// Char offsets into `snippet`, sorted, not overlapping.
    pub highlights: Vec<(usize, usize)>,
    /// Every hit in the whole article, for the reader's n/N.
    pub spans: Vec<ParagraphSpan>,
}

/// What answers searches: the tantivy index, or the plain scan when there is none.
pub trait Searcher: Send {
    fn search(&self, request: &SearchRequest) -> Result<(usize, Vec<FoundHit>), String>;
    fn related(&self, index: usize, limit: usize) -> Result<Vec<usize>, String>;
}

/// Opens the real searcher on the worker thread, reporting progress as (done, total). Returns
/// the searcher and a one-line report for the status bar.
pub type Opener =
    Box<dyn FnOnce(&dyn Fn(usize, usize)) -> Result<(Box<dyn Searcher>, String), String> + Send>;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Search { seq: u64, request: SearchRequest },
    Related { seq: u64, index: usize },
}

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
        hits: Vec<FoundHit>,
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

/// Starts the worker: one thread answers requests, at first with the plain scan; another opens
/// (or builds) the index and hands it over when ready, so searching never waits for a build.
/// Events go out through `send` (wrapped as the caller likes). Joining the returned handle waits
/// for both threads; they end when `requests` closes.
pub fn spawn<F>(
    articles: Arc<ArticleStore>,
    opener: Option<Opener>,
    requests: Receiver<Request>,
    send: F,
) -> std::thread::JoinHandle<()>
where
    F: Fn(WorkerEvent) -> bool + Send + Sync + 'static,
{
    let send = Arc::new(send);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Box<dyn Searcher>>();
    let builder = opener.map(|open| {
        let send = Arc::clone(&send);
        std::thread::Builder::new()
            .name("kanbao-index".into())
            .spawn(move || {
                let progress = |done, total| {
                    send(WorkerEvent::IndexProgress { done, total });
                };
                match open(&progress) {
                    Ok((searcher, report)) => {
                        // Hand the index over before announcing it, so a search sent on the
                        // announcement is answered by the index.
                        let _ = ready_tx.send(searcher);
                        send(WorkerEvent::IndexReady { report });
                    }
                    Err(why) => {
                        send(WorkerEvent::IndexFailed {
                            notice: format!(
                                "search index unavailable ({why}); searching by plain text scan"
                            ),
                        });
                    }
                }
            })
            .expect("spawning a thread only fails when the OS is out of resources")
    });
    std::thread::Builder::new()
        .name("kanbao-worker".into())
        .spawn(move || {
            let mut searcher: Box<dyn Searcher> = Box::new(ScanSearcher::new(articles));
            serve(&mut searcher, &ready_rx, &requests, &*send);
            if let Some(builder) = builder {
                let _ = builder.join();
            }
        })
        .expect("spawning a thread only fails when the OS is out of resources")
}

fn serve(
    searcher: &mut Box<dyn Searcher>,
    ready: &Receiver<Box<dyn Searcher>>,
    requests: &Receiver<Request>,
    send: &dyn Fn(WorkerEvent) -> bool,
) {
    while let Ok(first) = requests.recv() {
        if let Ok(index) = ready.try_recv() {
            *searcher = index;
        }
        // Keep only the newest search among what has queued up; related requests all stay.
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let last_search = batch
            .iter()
            .rposition(|r| matches!(r, Request::Search { .. }));
        for (i, request) in batch.into_iter().enumerate() {
            let event = match request {
                Request::Search { seq, request } => {
                    if Some(i) != last_search {
                        continue;
                    }
                    match searcher.search(&request) {
                        Ok((total, hits)) => WorkerEvent::Results { seq, total, hits },
                        Err(message) => WorkerEvent::Failed { seq, message },
                    }
                }
                Request::Related { seq, index } => match searcher.related(index, 10) {
                    Ok(related) => WorkerEvent::Related {
                        seq,
                        index,
                        related,
                    },
                    Err(message) => WorkerEvent::Failed { seq, message },
                },
            };
            if !send(event) {
                return;
            }
        }
    }
}

/// The fallback searcher: a case-insensitive substring scan of titles and paragraphs. Exact
/// but without ranking finesse, pinyin or word segmentation.
pub struct ScanSearcher {
    articles: Arc<ArticleStore>,
}

impl ScanSearcher {
    pub fn new(articles: Arc<ArticleStore>) -> Self {
        ScanSearcher { articles }
    }
}

/// A snippet of about `chars` characters of `text` around byte offset `at`, with the highlight
/// of `len` bytes there, as char offsets into the snippet.
pub fn snippet_around(
    text: &str,
    at: usize,
    len: usize,
    chars: usize,
) -> (String, Vec<(usize, usize)>) {
    let before: Vec<(usize, char)> = text[..at].char_indices().collect();
    let start_char = before.len().saturating_sub(chars / 3);
    let start_byte = before.get(start_char).map_or(at, |(b, _)| *b);
    let snippet: String = text[start_byte..].chars().take(chars).collect();
    let hl_start = text[start_byte..at].chars().count();
    let hl_len = text[at..at + len].chars().count();
    let hl_end = (hl_start + hl_len).min(snippet.chars().count());
    (snippet, vec![(hl_start, hl_end)])
}

/// What a scan finds in one article: (score, snippet, its highlights, every match), or `None`.
type ScanMatch = (f32, String, Vec<(usize, usize)>, Vec<ParagraphSpan>);

/// Scans one article (head + paragraphs) for the lower-cased `needle`.
fn scan_article(article: Head<'_>, paragraphs: &[Paragraph], needle: &str) -> Option<ScanMatch> {
    let mut spans = Vec::new();
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let lower = paragraph.text.to_lowercase();
        // Lower-casing may change byte lengths outside ASCII; only trust equal lengths.
        if lower.len() != paragraph.text.len() {
            continue;
        }
        spans.extend(lower.match_indices(needle).map(|(start, m)| ParagraphSpan {
            paragraph: p,
            start,
            end: start + m.len(),
        }));
    }
    let in_title = article.headline().to_lowercase().contains(needle);
    if spans.is_empty() && !in_title {
        return None;
    }
    let (snippet, highlights) = match spans.first() {
        Some(first) => snippet_around(
            &paragraphs[first.paragraph].text,
            first.start,
            first.end - first.start,
            80,
        ),
        None => {
            let text = paragraphs.first().map_or("", |p| p.text.as_str());
            (text.chars().take(80).collect(), Vec::new())
        }
    };
    let score = spans.len() as f32 + if in_title { 10.0 } else { 0.0 };
    Some((score, snippet, highlights, spans))
}

impl Searcher for ScanSearcher {
    fn search(&self, request: &SearchRequest) -> Result<(usize, Vec<FoundHit>), String> {
        let needle = request.text.trim().to_lowercase();
        if needle.is_empty() {
            return Ok((0, Vec::new()));
        }
        let mut hits = Vec::new();
        for article in self.articles.heads() {
            let index = article.index();
            if !request.filter.matches(article, &NoMarks) {
                continue;
            }
            let found = self
                .articles
                .with_paragraphs(index, |paragraphs| {
                    scan_article(article, paragraphs, &needle)
                })
                .map_err(|e| e.to_string())?;
            if let Some((score, snippet, highlights, spans)) = found {
                hits.push(FoundHit {
                    index,
                    score,
                    snippet,
                    highlights,
                    spans,
                });
            }
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        let total = hits.len();
        hits.truncate(request.limit.max(1));
        Ok((total, hits))
    }

    fn related(&self, index: usize, limit: usize) -> Result<Vec<usize>, String> {
        let Some(article) = self.articles.head(index) else {
            return Err(format!("no article number {index}"));
        };
        let mut scored: Vec<(usize, usize)> = self
            .articles
            .heads()
            .filter(|other| other.index() != index)
            .map(|other| {
                let shared = other.themes().filter(|t| article.has_theme(t)).count();
                let same_city =
                    usize::from(other.city().is_some() && other.city() == article.city());
                (other.index(), shared * 2 + same_city * 3)
            })
            .filter(|(_, s)| *s > 0)
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(scored.into_iter().take(limit).map(|(i, _)| i).collect())
    }
}

/// Maps article ids to their position in the TUI's list, for adapting id-based searchers.
pub fn id_positions(articles: &[Article]) -> HashMap<String, usize> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphKind, Region};

    fn article(id: &str, city: Option<&str>, title: &str, body: &str, themes: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            paragraphs: vec![Paragraph::new(ParagraphKind::Text, body)],
            region: Region {
                city: city.map(str::to_string),
                ..Region::default()
            },
            themes: themes.iter().map(|t| t.to_string()).collect(),
            ..Article::default()
        }
    }

    fn corpus() -> Arc<ArticleStore> {
        Arc::new(ArticleStore::from_articles(vec![
            article(
                "a-1",
                Some("杭州市"),
                "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”",
                "近年来,西湖区总工会广泛开展形式多样的选树、表彰、教育活动,大力宣传劳模精神、劳动精神、工匠精神。",
                &["skills"],
            ),
            article(
                "a-2",
                Some("嘉兴市"),
                "技高者多得",
                "企业推行能级工资制度,能级工资与技能等级挂钩,让技高者多得。",
                &["wages", "skills"],
            ),
            article(
                "a-3",
                None,
                "全省工会",
                "省总工会部署能级工资集体协商。",
                &["wages"],
            ),
        ]))
    }

    #[test]
    fn scan_finds_every_occurrence_and_filters() {
        let scan = ScanSearcher::new(corpus());
        let request = SearchRequest {
            text: "能级工资".into(),
            limit: 10,
            ..Default::default()
        };
        let (total, hits) = scan.search(&request).unwrap();
        assert_eq!(total, 2);
        assert_eq!(hits[0].index, 1);
        assert_eq!(hits[0].spans.len(), 2);
        let body = &corpus().article(1).unwrap().paragraphs[0].text;
        let first = hits[0].spans[0];
        assert_eq!(&body[first.start..first.end], "能级工资");
        let (hl_start, hl_end) = hits[0].highlights[0];
        let marked: String = hits[0]
            .snippet
            .chars()
            .skip(hl_start)
            .take(hl_end - hl_start)
            .collect();
        assert_eq!(marked, "能级工资");

        let filtered = SearchRequest {
            filter: Filter {
                region: Some(crate::filter::RegionPick::Province),
                ..Filter::default()
            },
            ..request
        };
        let (_, hits) = scan.search(&filtered).unwrap();
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn related_prefers_shared_themes_and_city() {
        let scan = ScanSearcher::new(corpus());
        assert_eq!(scan.related(1, 5).unwrap(), vec![0, 2]);
        assert!(scan.related(9, 5).is_err());
    }

    #[test]
    fn the_worker_answers_only_the_newest_queued_search() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        for (seq, text) in [(1, "能"), (2, "能级"), (3, "能级工资")] {
            req_tx
                .send(Request::Search {
                    seq,
                    request: SearchRequest {
                        text: text.into(),
                        limit: 10,
                        ..Default::default()
                    },
                })
                .unwrap();
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
        let opener: Opener = Box::new(|progress| {
            progress(1, 3);
            Err("disk on fire".to_string())
        });
        req_tx
            .send(Request::Search {
                seq: 1,
                request: SearchRequest {
                    text: "技高者".into(),
                    limit: 10,
                    ..Default::default()
                },
            })
            .unwrap();
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
            |e| matches!(e, WorkerEvent::IndexFailed { notice } if notice.contains("disk on fire"))
        ));
        // The scan answered meanwhile.
        assert!(events.iter().any(
            |e| matches!(e, WorkerEvent::Results { seq: 1, total: 1, hits } if hits[0].index == 1)
        ));
    }

    /// A searcher that answers every search with one fixed hit.
    struct Fixed;
    impl Searcher for Fixed {
        fn search(&self, _: &SearchRequest) -> Result<(usize, Vec<FoundHit>), String> {
            Ok((
                42,
                vec![FoundHit {
                    index: 2,
                    score: 1.0,
                    snippet: String::new(),
                    highlights: Vec::new(),
                    spans: Vec::new(),
                }],
            ))
        }
        fn related(&self, _: usize, _: usize) -> Result<Vec<usize>, String> {
            Ok(vec![0])
        }
    }

    #[test]
    fn the_index_takes_over_once_announced() {
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let opener: Opener = Box::new(move |_| {
            go_rx.recv().unwrap();
            Ok((Box::new(Fixed), "built 3 articles".to_string()))
        });
        let handle = spawn(corpus(), Some(opener), req_rx, move |e| {
            ev_tx.send(e).is_ok()
        });
        let search = |seq| Request::Search {
            seq,
            request: SearchRequest {
                text: "能级工资".into(),
                limit: 10,
                ..Default::default()
            },
        };
        // While the index is being built, the scan answers.
        req_tx.send(search(1)).unwrap();
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
        req_tx.send(search(2)).unwrap();
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
}
