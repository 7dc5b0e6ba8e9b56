//! In-process query latency: `cargo run --release --example query_bench -- DATA_DIR QUERIES [REPS]`.
//!
//! Opens the corpus and its search index the way `kanbao --data DATA_DIR search` does (same
//! cache directory, `KANBAO_CACHE` when set as for `kanbao`, so the snapshot and the index built
//! by `kanbao index` are reused), then runs every query of the QUERIES file REPS times (default
//! 5) with the top 20 hits and their snippets, and prints one JSON object: load and open times,
//! the time to build the pinyin reading map, latency p50/p90/p99/max over all runs, and each
//! query's median, maximum, median CPU time and total hits. The first run of each query is a
//! warm-up and is not counted.
//!
//! Besides wall time it records the CPU time of the whole process during each search
//! (`clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`: the index searches its segments on a thread pool,
//! and nothing else runs in this process): on a machine shared with other work, wall time
//! measures the queue for the CPU as much as the search, and CPU time is what the search costs.
//!
//! With `QUERY_BENCH_HITS=FILE`, each query's total and hits (rank, id, score) are written to
//! FILE, one line each: two builds' files compared show whether a change left the results alone.
//!
//! QUERIES is tab-separated: the query text, then optional filters `region=…`, `theme=…`,
//! `reporter=…`, `month=YYYY-MM`. Lines starting with `#` are comments.
// Measures CPU time and peak memory through libc (getrusage, clock_gettime): a measuring tool,
// not the library, so the crate's `unsafe_code = "deny"` is lifted here.
#![allow(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kanbao::classify::Classifier;
use kanbao::corpus::{PageSet, StoredCorpus};
use kanbao::dirs::Dirs;
use kanbao::filter::{Filter, FilterWords};
use kanbao::search::{IndexLocation, SearchIndex, SearchQuery};

fn parse_query(line: &str, classifier: &Classifier) -> Result<SearchQuery, String> {
    let mut fields = line.split('\t');
    let text = fields.next().unwrap_or_default().trim();
    let mut words = FilterWords::default();
    for filter in fields {
        let (key, value) = filter
            .split_once('=')
            .ok_or_else(|| format!("filter {filter:?} is not key=value"))?;
        match key {
            "region" => words.region = Some(value),
            "theme" => words.theme = Some(value),
            "reporter" => words.person = Some(value),
            "month" => words.month = Some(value),
            other => return Err(format!("unknown filter {other:?}")),
        }
    }
    let filter = Filter::resolve(&words, classifier).map_err(|e| e.to_string())?;
    Ok(SearchQuery {
        filter,
        ..SearchQuery::text(text)
    })
}

/// Nanoseconds this process's threads have run on a CPU (`CLOCK_PROCESS_CPUTIME_ID`, precise, unlike the
/// tick-based schedstat and rusage counters).
fn process_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the valid, exclusively borrowed `ts`.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &raw mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn run(data: &Path, queries: &Path, reps: usize) -> Result<serde_json::Value, String> {
    let started = Instant::now();
    let classifier = Classifier::embedded().map_err(|e| e.to_string())?;
    let cache_root = std::env::var_os("KANBAO_CACHE")
        .map(PathBuf::from)
        .or(Dirs::discover().cache);
    // As `kanbao search` loads it: from the corpus snapshot when the pages are unchanged.
    let corpus = StoredCorpus::load(
        &PageSet::Dir(data.to_path_buf()),
        &classifier,
        cache_root.as_deref(),
    )
    .map_err(|e| e.to_string())?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let opened = Instant::now();
    let location = IndexLocation { cache_root };
    let (index, report) =
        SearchIndex::open_or_update(&corpus, &location, false, &|_, _| {}, &|| {})
            .map_err(|e| e.to_string())?;
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    // The pinyin reading map is built once per opened index (the browser builds it when the
    // index opens); timed here on its own, so the query figures below do not hide it.
    let mapped = Instant::now();
    let readings = index.warm_pinyin();
    let pinyin_map_ms = mapped.elapsed().as_secs_f64() * 1e3;
    let text = std::fs::read_to_string(queries)
        .map_err(|e| format!("cannot read {}: {e}", queries.display()))?;
    let mut all = Vec::new();
    let mut all_cpu = Vec::new();
    let mut per_query = Vec::new();
    let mut shown = String::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut q = parse_query(line, &classifier)?;
        q.limit = 20;
        let mut times = Vec::with_capacity(reps);
        let mut cpu_times = Vec::with_capacity(reps);
        let mut total = 0;
        for rep in 0..=reps {
            let cpu_before = process_cpu_ns();
            let t = Instant::now();
            let results = index.search(&q).map_err(|e| e.to_string())?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            let cpu_after = process_cpu_ns();
            total = results.total;
            if rep == 0 {
                for (rank, hit) in results.hits.iter().enumerate() {
                    shown.push_str(&format!(
                        "{line}\t{}\t{rank}\t{}\t{:.4}\n",
                        results.total, hit.id, hit.score
                    ));
                }
            }
            if rep > 0 {
                times.push(ms);
                if let (Some(a), Some(b)) = (cpu_before, cpu_after) {
                    cpu_times.push(b.saturating_sub(a) as f64 / 1e6);
                }
            }
        }
        all.extend(&times);
        all_cpu.extend(&cpu_times);
        times.sort_by(f64::total_cmp);
        cpu_times.sort_by(f64::total_cmp);
        per_query.push(serde_json::json!({
            "query": line,
            "total": total,
            "median_ms": percentile(&times, 50.0),
            "max_ms": times.last().copied().unwrap_or(0.0),
            "cpu_median_ms": percentile(&cpu_times, 50.0),
        }));
    }
    if let Some(path) = std::env::var_os("QUERY_BENCH_HITS") {
        std::fs::write(&path, shown)
            .map_err(|e| format!("cannot write {}: {e}", Path::new(&path).display()))?;
    }
    all.sort_by(f64::total_cmp);
    all_cpu.sort_by(f64::total_cmp);
    Ok(serde_json::json!({
        "articles": corpus.store.len(),
        "pages": corpus.pages.len(),
        "load_ms": load_ms,
        "index_open_ms": open_ms,
        "index_status": report.status.to_string(),
        "pinyin_map_ms": pinyin_map_ms,
        "pinyin_map_readings": readings,
        "queries": per_query.len(),
        "runs": all.len(),
        "p50_ms": percentile(&all, 50.0),
        "p90_ms": percentile(&all, 90.0),
        "p99_ms": percentile(&all, 99.0),
        "max_ms": all.last().copied().unwrap_or(0.0),
        "cpu_p50_ms": percentile(&all_cpu, 50.0),
        "cpu_p99_ms": percentile(&all_cpu, 99.0),
        "cpu_max_ms": all_cpu.last().copied().unwrap_or(0.0),
        "per_query": per_query,
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(data), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: query_bench DATA_DIR QUERIES.tsv [REPS]");
        return ExitCode::from(2);
    };
    let reps = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    match run(Path::new(&data), Path::new(&queries), reps) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("query_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
