//! Index build speed, in process: `cargo run --release --example index_profile -- DATA_DIR [RUNS]`.
//!
//! Loads the corpus once, then builds its index on disk (as `kanbao index --rebuild` does, into a
//! temporary cache directory) RUNS times (default 5), printing each build's wall time, the
//! process CPU time it took (user + system, all threads) and MB/s of page text, then the best
//! run. On a machine shared with other work the best run is the one least disturbed; CPU time is
//! what the build costs whatever the load. Only the first run loads jieba's dictionary (about
//! 0.1 s), as `kanbao index --rebuild` does every time. To see where the time goes, run it under
//! `perf record -g`; to check that a change left the index's content alone, compare
//! `examples/index_digest` of the two builds.
// Measures CPU time and peak memory through libc (getrusage, clock_gettime): a measuring tool,
// not the library, so the crate's `unsafe_code = "deny"` is lifted here.
#![allow(unsafe_code)]

use std::sync::Arc;
use std::time::Instant;

use kanbao::classify::Classifier;
use kanbao::corpus::{ArticleStore, Corpus, PageSet};
use kanbao::search::{IndexLocation, SearchIndex};

/// User + system CPU time of the whole process so far, in seconds.
fn process_cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes one rusage into the valid, exclusively borrowed buffer.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    if rc != 0 {
        return f64::NAN;
    }
    // SAFETY: getrusage succeeded, so the struct is initialised.
    let usage = unsafe { usage.assume_init() };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let data = args.next().ok_or("usage: index_profile DATA_DIR [RUNS]")?;
    let runs: usize = args
        .next()
        .map_or(Ok(5), |r| r.parse())
        .map_err(|e| format!("RUNS: {e}"))?;
    let classifier = Classifier::embedded().map_err(|e| e.to_string())?;
    let corpus =
        Corpus::load(&PageSet::Dir(data.into()), &classifier).map_err(|e| e.to_string())?;
    let bytes: usize = corpus.pages.iter().map(|p| p.bytes).sum();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{} articles, {} pages, {megabytes:.1} MB of page text",
        corpus.articles.len(),
        corpus.pages.len()
    );
    let store = Arc::new(ArticleStore::from_articles(corpus.articles.clone()));
    let cache = tempfile::tempdir().map_err(|e| e.to_string())?;
    let location = IndexLocation::on_disk(cache.path());
    let mut best: Option<(f64, f64)> = None;
    for run in 1..=runs {
        let cpu_before = process_cpu_seconds();
        let started = Instant::now();
        let (index, _) = SearchIndex::rebuild(
            Arc::clone(&store),
            corpus.fingerprint,
            &location,
            &|_, _| {},
        )
        .map_err(|e| e.to_string())?;
        let wall = started.elapsed().as_secs_f64();
        let cpu = process_cpu_seconds() - cpu_before;
        drop(index);
        println!(
            "run {run}: wall {wall:.3} s, CPU {cpu:.2} s, {:.1} MB/s",
            megabytes / wall
        );
        if best.is_none_or(|(w, _)| wall < w) {
            best = Some((wall, cpu));
        }
    }
    if let Some((wall, cpu)) = best {
        println!(
            "best: wall {wall:.3} s, CPU {cpu:.2} s, {:.1} MB/s",
            megabytes / wall
        );
    }
    Ok(())
}
