//! Where the index lives: built on first use, reused, rebuilt when the corpus changes or the
//! cache is damaged, kept in memory when the cache cannot be written, shared by concurrent opens.

mod search_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use kanbao::article::Article;
use kanbao::corpus::ArticleStore;
use kanbao::search::{IndexLocation, IndexStatus, SearchIndex, SearchQuery};

const FINGERPRINT: u64 = 0x5eed_0001;

fn store(articles: &[Article]) -> Arc<ArticleStore> {
    Arc::new(ArticleStore::from_articles(articles.to_vec()))
}

fn open(articles: &[Article], fingerprint: u64, root: &Path) -> (SearchIndex, IndexStatus) {
    let (index, report) = SearchIndex::open_or_build(
        store(articles),
        fingerprint,
        &IndexLocation::on_disk(root),
        &|_, _| {},
    )
    .expect("open_or_build never fails on cache trouble");
    assert_eq!(report.articles, articles.len());
    (index, report.status)
}

fn index_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        })
        .collect();
    dirs.sort();
    dirs
}

fn hit_ids(index: &SearchIndex, text: &str) -> Vec<String> {
    index
        .search(&SearchQuery::text(text))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// The biggest file of the index: certainly a segment file.
/// The biggest of tantivy's segment files (not kanbao's marker or pinyin reading map, which
/// are checked on their own).
fn biggest_file(dir: &Path) -> PathBuf {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "json"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("kanbao-")
        })
        .max_by_key(|p| fs::metadata(p).unwrap().len())
        .unwrap()
}

#[test]
fn built_on_first_use_then_reused() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (first, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::Built { path, reason } = status else {
        panic!("expected a build, got {status:?}");
    };
    assert_eq!(reason, "first use");
    assert_eq!(index_dirs(cache.path()), vec![path.clone()]);
    assert!(path.join("kanbao-index.json").is_file());
    let (second, status) = open(&articles, FINGERPRINT, cache.path());
    assert_eq!(status, IndexStatus::Reused { path });
    assert_eq!(hit_ids(&first, "义乌"), hit_ids(&second, "义乌"));
    assert_eq!(hit_ids(&second, "义乌").len(), 3);
}

#[test]
fn a_new_fingerprint_rebuilds_and_removes_the_old_index() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (_, old) = open(&articles, FINGERPRINT, cache.path());
    let (_, new) = open(&articles[1..], FINGERPRINT + 1, cache.path());
    let IndexStatus::Built { path, reason } = new else {
        panic!("expected a build, got {new:?}");
    };
    assert_eq!(reason, "corpus or analyzer changed");
    assert_eq!(index_dirs(cache.path()), vec![path]);
    assert!(!matches!(old, IndexStatus::Built { ref path, .. } if path.exists()));
}

#[test]
fn articles_changed_under_the_same_fingerprint_are_noticed() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    open(&articles, FINGERPRINT, cache.path());
    let (index, status) = open(&articles[..5], FINGERPRINT, cache.path());
    assert!(
        matches!(status, IndexStatus::RebuiltCorrupt { .. }),
        "{status:?}"
    );
    assert_eq!(index.len(), 5);
    assert_eq!(
        index.search(&SearchQuery::default()).unwrap().total,
        5,
        "the rebuilt index holds the new articles"
    );
}

#[test]
fn a_truncated_segment_file_is_detected_and_rebuilt() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (good, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::Built { path, .. } = status else {
        panic!("{status:?}")
    };
    let expected = hit_ids(&good, "加西贝拉");
    // Unmap it first: truncating a file under a live mapping would fault this process.
    drop(good);
    let victim = biggest_file(&path);
    let size = fs::metadata(&victim).unwrap().len();
    let file = fs::OpenOptions::new().write(true).open(&victim).unwrap();
    file.set_len(size / 2).unwrap();
    drop(file);
    let (rebuilt, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::RebuiltCorrupt { problem, .. } = &status else {
        panic!("expected a rebuild, got {status:?}");
    };
    assert!(problem.contains("bytes, expected"), "{problem}");
    assert_eq!(hit_ids(&rebuilt, "加西贝拉"), expected);
    assert_eq!(expected.len(), 1);
    let (_, status) = open(&articles, FINGERPRINT, cache.path());
    assert!(matches!(status, IndexStatus::Reused { .. }), "{status:?}");
}

#[test]
fn damaged_bytes_of_the_same_length_fail_the_checksum() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (_, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::Built { path, .. } = status else {
        panic!("{status:?}")
    };
    let victim = biggest_file(&path);
    let mut bytes = fs::read(&victim).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 16] {
        *b ^= 0xff;
    }
    fs::write(&victim, bytes).unwrap();
    let (index, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::RebuiltCorrupt { problem, .. } = &status else {
        panic!("expected a rebuild, got {status:?}");
    };
    assert!(problem.contains("checksum"), "{problem}");
    assert_eq!(hit_ids(&index, "周鸯鸯").len(), 1);
}

#[test]
fn a_half_written_index_without_its_marker_is_rebuilt() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (_, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::Built { path, .. } = status else {
        panic!("{status:?}")
    };
    fs::remove_file(path.join("kanbao-index.json")).unwrap();
    let (_, status) = open(&articles, FINGERPRINT, cache.path());
    let IndexStatus::RebuiltCorrupt { problem, .. } = &status else {
        panic!("expected a rebuild, got {status:?}");
    };
    assert!(problem.contains("no completion marker"), "{problem}");
}

#[test]
fn an_unwritable_cache_falls_back_to_memory() {
    let articles = search_support::articles();
    let scratch = tempfile::tempdir().unwrap();
    // A cache root under a plain file cannot be created, whoever runs the test.
    let file = scratch.path().join("not-a-dir");
    fs::write(&file, b"x").unwrap();
    let (index, status) = open(&articles, FINGERPRINT, &file.join("cache"));
    let IndexStatus::InMemory { why } = &status else {
        panic!("expected memory, got {status:?}");
    };
    assert!(why.contains("cannot create"), "{why}");
    assert!(
        status
            .to_string()
            .starts_with("search index: kept in memory (")
    );
    assert_eq!(hit_ids(&index, "加西贝拉").len(), 1);
}

#[test]
fn no_cache_root_means_memory() {
    let articles = search_support::articles();
    let (index, report) = SearchIndex::open_or_build(
        store(&articles),
        FINGERPRINT,
        &IndexLocation::in_memory(),
        &|_, _| {},
    )
    .unwrap();
    assert!(matches!(report.status, IndexStatus::InMemory { .. }));
    assert_eq!(hit_ids(&index, "义乌").len(), 3);
}

#[test]
fn rebuild_replaces_a_good_index() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    open(&articles, FINGERPRINT, cache.path());
    let (index, report) = SearchIndex::rebuild(
        store(&articles),
        FINGERPRINT,
        &IndexLocation::on_disk(cache.path()),
        &|_, _| {},
    )
    .unwrap();
    assert!(
        matches!(&report.status, IndexStatus::Built { reason, .. } if reason == "rebuild requested"),
        "{:?}",
        report.status
    );
    assert_eq!(index_dirs(cache.path()).len(), 1);
    assert_eq!(hit_ids(&index, "义乌").len(), 3);
}

#[test]
fn progress_reports_every_article() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    SearchIndex::open_or_build(
        store(&articles),
        FINGERPRINT,
        &IndexLocation::on_disk(cache.path()),
        &|done, total| seen.lock().unwrap().push((done, total)),
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    let n = articles.len();
    assert_eq!(seen.first(), Some(&(0, n)));
    assert_eq!(seen.last(), Some(&(n, n)));
    assert_eq!(seen.len(), n + 1);
}

#[test]
fn concurrent_opens_both_succeed() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let barrier = Barrier::new(3);
    let results: Vec<(Vec<String>, IndexStatus)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let (index, status) = open(&articles, FINGERPRINT, cache.path());
                    (hit_ids(&index, "能级工资"), status)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (ids, status) in &results {
        assert_eq!(ids, &results[0].0);
        assert!(
            !matches!(
                status,
                IndexStatus::InMemory { .. } | IndexStatus::RebuiltCorrupt { .. }
            ),
            "{status:?}"
        );
    }
    assert_eq!(results[0].0.len(), 5);
    // One build, shared: the others waited for it and reused it.
    let built = results
        .iter()
        .filter(|(_, s)| matches!(s, IndexStatus::Built { .. }))
        .count();
    assert_eq!(built, 1, "{results:?}");
    assert_eq!(index_dirs(cache.path()).len(), 1);
    // No temporary build directories left behind.
    let leftovers: Vec<_> = fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".building-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_index_in_use_survives_a_rebuild_by_someone_else() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let (reader, _) = open(&articles, FINGERPRINT, cache.path());
    SearchIndex::rebuild(
        store(&articles),
        FINGERPRINT,
        &IndexLocation::on_disk(cache.path()),
        &|_, _| {},
    )
    .unwrap();
    // The first index's files were removed, but its open files still answer.
    assert_eq!(hit_ids(&reader, "义乌").len(), 3);
}

#[test]
fn abandoned_builds_are_cleaned_up_but_fresh_ones_are_left_alone() {
    let articles = search_support::articles();
    let cache = tempfile::tempdir().unwrap();
    let abandoned = cache.path().join(".building-old");
    let in_progress = cache.path().join(".building-new");
    fs::create_dir_all(&abandoned).unwrap();
    fs::create_dir_all(&in_progress).unwrap();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    fs::File::open(&abandoned)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    open(&articles, FINGERPRINT, cache.path());
    assert!(!abandoned.exists());
    assert!(
        in_progress.exists(),
        "another process may still be building there"
    );
}
