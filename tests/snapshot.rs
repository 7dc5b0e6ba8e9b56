//! The corpus snapshot: a start with unchanged pages reads the snapshot back instead of parsing
//! and gets exactly the articles parsing gives; adding, changing or removing pages reads only
//! those pages and leaves the snapshot (and the search index) equal to a fresh build; a damaged
//! or bit-flipped snapshot gives an error or the right text, never altered text; a process
//! killed at any point of an update leaves a usable archive.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use kanbao::article::Article;
use kanbao::classify::Classifier;
use kanbao::corpus::bundled_pages;
use kanbao::corpus::{Corpus, NoProgress, PageSet, SnapshotStatus, StoredCorpus};
use kanbao::search::{IndexLocation, IndexStatus, SearchIndex, SearchQuery};

/// Bundled pages copied into a temporary directory, with a cache directory beside them.
struct Fixture {
    _tmp: tempfile::TempDir,
    pages: PathBuf,
    cache: PathBuf,
    classifier: Classifier,
}

fn page_file(n: usize) -> String {
    format!("{}.txt", bundled_pages()[n].0)
}

impl Fixture {
    /// A fixture holding the bundled pages `pages`.
    fn with(pages: &[usize]) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("pages");
        fs::create_dir_all(&dir).unwrap();
        let f = Fixture {
            pages: dir,
            cache: tmp.path().join("cache"),
            _tmp: tmp,
            classifier: Classifier::embedded().unwrap(),
        };
        for &n in pages {
            f.add(n);
        }
        f
    }

    fn new() -> Fixture {
        Fixture::with(&[0, 1, 2, 3, 4])
    }

    fn add(&self, n: usize) {
        fs::write(self.pages.join(page_file(n)), bundled_pages()[n].1).unwrap();
    }

    fn remove(&self, n: usize) {
        fs::remove_file(self.pages.join(page_file(n))).unwrap();
    }

    /// Page `n` gets page `other`'s text, replaced as an editor saves (a new file renamed over
    /// the old one).
    fn change(&self, n: usize, other: usize) {
        let temp = self.pages.join("edit.tmp");
        fs::write(&temp, bundled_pages()[other].1).unwrap();
        fs::rename(&temp, self.pages.join(page_file(n))).unwrap();
    }

    fn set(&self) -> PageSet {
        PageSet::Dir(self.pages.clone())
    }

    /// What parsing the pages gives, without any snapshot.
    fn parsed(&self) -> Corpus {
        Corpus::load(&self.set(), &self.classifier).unwrap()
    }

    fn load(&self) -> StoredCorpus {
        StoredCorpus::load(&self.set(), &self.classifier, Some(&self.cache)).unwrap()
    }

    fn snapshot_dir(&self) -> PathBuf {
        let dirs: Vec<PathBuf> = fs::read_dir(&self.cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("corpus-")
            })
            .collect();
        assert_eq!(dirs.len(), 1, "{dirs:?}");
        dirs[0].clone()
    }

    fn segments(&self) -> Vec<PathBuf> {
        let mut segments: Vec<PathBuf> = fs::read_dir(self.snapshot_dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "kbb"))
            .collect();
        segments.sort();
        segments
    }

    /// Loads once, which must write a snapshot, and returns its manifest's path.
    fn written_snapshot(&self) -> PathBuf {
        match self.load().snapshot {
            SnapshotStatus::Written(path) => path,
            other => panic!("expected a written snapshot, got {other:?}"),
        }
    }
}

fn whole(stored: &StoredCorpus) -> Vec<Article> {
    stored.store.articles().collect::<Result<_, _>>().unwrap()
}

fn assert_written(stored: &StoredCorpus) {
    assert!(
        matches!(stored.snapshot, SnapshotStatus::Written(_)),
        "{:?}",
        stored.snapshot
    );
}

/// The stored corpus equals a fresh parse of the same pages.
fn assert_fresh(f: &Fixture, stored: &StoredCorpus) {
    let parsed = f.parsed();
    assert_eq!(whole(stored), parsed.articles);
    assert_eq!(stored.pages, parsed.pages);
    assert_eq!(stored.problems, parsed.problems);
    assert_eq!(stored.fingerprint, parsed.fingerprint);
    // The ids' digest written with the snapshot (what the search index is checked against
    // without reading every id) is the one worked out from the articles.
    let fresh_store = kanbao::corpus::ArticleStore::from_articles(parsed.articles);
    assert_eq!(stored.store.ids_digest(), fresh_store.ids_digest());
}

fn assert_updated(stored: &StoredCorpus, read: usize, removed: usize) {
    match &stored.snapshot {
        SnapshotStatus::Updated {
            read: r,
            removed: m,
            ..
        } => assert_eq!((*r, *m), (read, removed), "pages read, removed"),
        other => panic!("expected an update, got {other:?}"),
    }
}

#[test]
fn unchanged_pages_are_read_back_exactly_as_parsed() {
    let f = Fixture::new();
    let parsed = f.parsed();
    f.written_snapshot();
    let second = f.load();
    // Within two seconds of a change the directory's stamp is not trusted: the pages are
    // listed again, but none is read.
    match &second.snapshot {
        SnapshotStatus::Reused(path) => assert!(path.starts_with(&f.cache)),
        other => panic!("expected a reused snapshot, got {other:?}"),
    }
    assert_eq!(whole(&second), parsed.articles);
    assert_eq!(second.fingerprint, parsed.fingerprint);
    assert_eq!(second.pages, parsed.pages);
    let head = second.store.head(3).unwrap();
    assert_eq!(head.title(), parsed.articles[3].title);
    assert_eq!(head.city(), parsed.articles[3].region.city.as_deref());
    let last = parsed.articles.last().unwrap();
    assert_eq!(
        second.store.position(&last.id),
        Some(parsed.articles.len() - 1)
    );
}

#[test]
fn adding_changing_and_removing_pages_reads_only_them_and_equals_a_fresh_build() {
    let f = Fixture::with(&[0, 1, 2]);
    let first = f.load();
    assert_written(&first);
    let ids_before: Vec<String> = first.store.heads().map(|h| h.id().to_string()).collect();

    f.add(3);
    let added = f.load();
    assert_updated(&added, 1, 0);
    assert_fresh(&f, &added);
    // Ids stay: the old pages' articles come first, unchanged.
    let ids_after: Vec<String> = added.store.heads().map(|h| h.id().to_string()).collect();
    assert_eq!(ids_after[..ids_before.len()], ids_before[..]);

    f.change(1, 4);
    let changed = f.load();
    assert_updated(&changed, 1, 0);
    assert_fresh(&f, &changed);

    f.remove(0);
    let removed = f.load();
    assert_updated(&removed, 0, 1);
    assert_fresh(&f, &removed);
    assert_ne!(removed.fingerprint, changed.fingerprint);
}

#[test]
fn ids_stay_when_a_new_page_shares_an_old_pages_key() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    fs::create_dir_all(&pages).unwrap();
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let cache = tmp.path().join("cache");
    fs::write(pages.join("002_abcdef0200000000.txt"), bundled_pages()[1].1).unwrap();
    let before = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    assert_eq!(before.store.head(0).unwrap().id(), "abcdef-1");
    // A page sorting before it, with the same six-digit key.
    fs::write(pages.join("001_abcdef0100000000.txt"), bundled_pages()[0].1).unwrap();
    let after = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    let old_page = after
        .pages
        .iter()
        .find(|p| p.name == "002_abcdef0200000000")
        .unwrap();
    let new_page = after
        .pages
        .iter()
        .find(|p| p.name == "001_abcdef0100000000")
        .unwrap();
    assert_eq!(
        after.store.head(old_page.articles.start).unwrap().id(),
        "abcdef-1",
        "the old page keeps its ids (bookmarks and read marks point at them)"
    );
    assert_eq!(
        after.store.head(new_page.articles.start).unwrap().id(),
        "abcdef0-1"
    );
}

#[test]
fn an_edit_in_place_is_seen_when_pages_are_checked() {
    let f = Fixture::with(&[0, 1]);
    // A directory last changed an hour ago: its stamp is trusted.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::open(&f.pages)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    f.written_snapshot();
    // Rewritten in place: the directory does not change.
    fs::write(f.pages.join(page_file(1)), bundled_pages()[2].1).unwrap();
    fs::File::open(&f.pages)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let quick = f.load();
    assert!(
        matches!(quick.snapshot, SnapshotStatus::Reused(_)),
        "the documented trade-off: only the directory is looked at, {:?}",
        quick.snapshot
    );
    let checked =
        StoredCorpus::load_checking_pages(&f.set(), &f.classifier, Some(&f.cache), &NoProgress)
            .unwrap();
    assert_updated(&checked, 1, 0);
    assert_fresh(&f, &checked);
}

#[test]
fn a_directory_changed_without_a_page_changing_costs_no_rewrite() {
    let f = Fixture::with(&[0, 1]);
    let set_dir_time = |ago: u64| {
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(ago);
        fs::File::open(&f.pages)
            .unwrap()
            .set_modified(when)
            .unwrap();
    };
    set_dir_time(3600);
    let manifest = f.written_snapshot();
    let written = fs::metadata(&manifest).unwrap().modified().unwrap();
    // A file that is not a page came and went: the directory changed, no page did.
    fs::write(f.pages.join("notes.md"), "x").unwrap();
    fs::remove_file(f.pages.join("notes.md")).unwrap();
    set_dir_time(1800);
    for _ in 0..2 {
        let again = f.load();
        assert!(
            matches!(again.snapshot, SnapshotStatus::Reused(_)),
            "{:?}",
            again.snapshot
        );
        assert_fresh(&f, &again);
    }
    assert_eq!(
        fs::metadata(&manifest).unwrap().modified().unwrap(),
        written
    );
    assert!(f.snapshot_dir().join("dir-stamp").exists());
}

#[test]
fn the_same_directory_named_another_way_reads_nothing_again() {
    let f = Fixture::with(&[0, 1]);
    f.written_snapshot();
    let other_spelling = PageSet::Dir(f.pages.join("."));
    let again = StoredCorpus::load(&other_spelling, &f.classifier, Some(&f.cache)).unwrap();
    assert!(
        matches!(again.snapshot, SnapshotStatus::Reused(_)),
        "{:?}",
        again.snapshot
    );
    assert_eq!(whole(&again), f.parsed().articles);
}

#[test]
fn a_correction_in_pages_toml_re_reads_that_page_only() {
    let f = Fixture::with(&[0, 1, 2]);
    let before = f.load();
    let first_of_page_1 = &before.pages[1];
    let head = before.store.head(first_of_page_1.articles.start).unwrap();
    let line: String = head.title().chars().take(6).collect();
    fs::write(
        f.pages.join("pages.toml"),
        format!(
            "[pages.\"{}\"]\ntitle = {{ \"{line}\" = \"更正后的标题\" }}\n",
            first_of_page_1.name
        ),
    )
    .unwrap();
    let after = f.load();
    assert_updated(&after, 1, 0);
    assert_fresh(&f, &after);
    let page = after
        .pages
        .iter()
        .find(|p| p.name == first_of_page_1.name)
        .unwrap();
    assert_eq!(
        after.store.head(page.articles.start).unwrap().title(),
        "更正后的标题"
    );
    assert_ne!(
        page.version, first_of_page_1.version,
        "the index re-indexes it"
    );
    assert_eq!(after.pages[0].version, before.pages[0].version);
}

#[test]
fn many_updates_keep_few_segments() {
    let f = Fixture::with(&[0, 1, 2]);
    f.load();
    for round in 0..12 {
        if round % 2 == 0 {
            f.add(3);
            if round > 0 {
                f.remove(4);
            }
        } else {
            f.remove(3);
            f.add(4);
        }
        let stored = f.load();
        assert_fresh(&f, &stored);
        assert!(f.segments().len() <= 8, "{:?}", f.segments());
    }
}

#[test]
fn a_damaged_manifest_is_ignored_and_replaced() {
    let f = Fixture::new();
    let parsed = f.parsed();
    let path = f.written_snapshot();
    for damage in [
        |bytes: &mut Vec<u8>| bytes.truncate(bytes.len() / 2),
        |bytes: &mut Vec<u8>| bytes[0] = b'X',
        |bytes: &mut Vec<u8>| {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        },
        |bytes: &mut Vec<u8>| bytes.clear(),
        // The head table (read in place from the mapped manifest): a flipped bit inside it,
        // a header whose table length lies, a file cut after its header.
        |bytes: &mut Vec<u8>| bytes[24 + 40 + 7] ^= 0x10,
        |bytes: &mut Vec<u8>| bytes[16] ^= 1,
        |bytes: &mut Vec<u8>| bytes[16..24].copy_from_slice(&u64::MAX.to_le_bytes()),
        |bytes: &mut Vec<u8>| bytes.truncate(24),
        |bytes: &mut Vec<u8>| bytes.truncate(24 + 40 + 3),
    ] {
        let mut bytes = fs::read(&path).unwrap();
        damage(&mut bytes);
        fs::write(&path, &bytes).unwrap();
        let again = f.load();
        assert_written(&again);
        assert_eq!(whole(&again), parsed.articles);
    }
}

#[test]
fn an_unusable_cache_still_loads_every_article() {
    // A regular file where the cache directory should be: unwritable even for root, like a
    // read-only home.
    let f = Fixture::new();
    fs::write(&f.cache, b"not a directory").unwrap();
    let stored = f.load();
    let SnapshotStatus::NotCached(why) = &stored.snapshot else {
        panic!("expected no snapshot, got {:?}", stored.snapshot);
    };
    assert!(why.contains("cannot save the corpus snapshot"), "{why}");
    assert_eq!(whole(&stored), f.parsed().articles);
}

#[test]
fn damaged_text_is_reported_and_the_snapshot_removed_so_the_next_start_heals() {
    let f = Fixture::new();
    let parsed = f.parsed();
    let manifest = f.written_snapshot();
    // Scribble over the first article's text; lengths and tables stay intact.
    let segment = &f.segments()[0];
    let mut bytes = fs::read(segment).unwrap();
    bytes[10..90].fill(0xff);
    fs::write(segment, &bytes).unwrap();

    let damaged = f.load();
    assert!(matches!(damaged.snapshot, SnapshotStatus::Reused(_)));
    let err = damaged.store.article(0).unwrap_err().to_string();
    assert!(err.contains("damaged at article 0"), "{err}");
    assert!(err.contains("checksum"), "{err}");
    assert!(err.contains("it has been removed"), "{err}");
    assert!(damaged.store.damage().is_some());
    assert!(!manifest.exists(), "the damaged snapshot is removed");
    // Other articles still read (their bytes are intact).
    assert_eq!(damaged.store.article(5).unwrap(), parsed.articles[5]);

    let healed = f.load();
    assert_written(&healed);
    assert_eq!(whole(&healed), parsed.articles);
}

#[test]
fn a_flipped_bit_in_the_bodies_gives_the_same_text_or_an_error_never_other_text() {
    let f = Fixture::with(&[0, 1]);
    let parsed = f.parsed();
    let manifest = f.written_snapshot();
    let manifest_bytes = fs::read(&manifest).unwrap();
    let segment = f.segments()[0].clone();
    let pristine = fs::read(&segment).unwrap();
    // Every bit of a sample of bytes spread over the whole body area.
    let step = (pristine.len() / 97).max(1);
    let (mut errors, mut same) = (0, 0);
    for at in (0..pristine.len()).step_by(step) {
        for bit in 0..8 {
            let mut bytes = pristine.clone();
            bytes[at] ^= 1 << bit;
            fs::write(&segment, &bytes).unwrap();
            fs::write(&manifest, &manifest_bytes).unwrap();
            let stored = f.load();
            for (i, expected) in parsed.articles.iter().enumerate() {
                match stored.store.article(i) {
                    Ok(article) => {
                        assert_eq!(&article, expected, "byte {at} bit {bit}: altered text");
                        same += 1;
                    }
                    Err(err) => {
                        assert!(err.to_string().contains("damaged"), "{err}");
                        errors += 1;
                    }
                }
            }
        }
    }
    // Each flip damages exactly one article, which is reported.
    let flips = pristine.len().div_ceil(step) * 8;
    assert_eq!(errors, flips);
    assert!(same > 0);
}

#[test]
fn after_an_update_the_index_finds_what_a_fresh_index_finds() {
    let f = Fixture::with(&[0, 1, 2]);
    let location = IndexLocation::on_disk(f.cache.join("index"));
    let open = |corpus: &StoredCorpus| {
        SearchIndex::open_or_update(corpus, &location, false, &|_, _| {}, &|| {}).unwrap()
    };
    let (_, report) = open(&f.load());
    assert!(matches!(report.status, IndexStatus::Built { .. }));
    f.add(3);
    f.change(1, 4);
    f.remove(0);
    let corpus = f.load();
    let (updated, report) = open(&corpus);
    assert!(
        matches!(
            report.status,
            IndexStatus::Updated {
                added: 2,
                removed: 2,
                ..
            }
        ),
        "{:?}",
        report.status
    );
    let (_, report) = open(&corpus);
    assert!(matches!(report.status, IndexStatus::Reused { .. }));
    let fresh = SearchIndex::build_in_memory(&f.parsed().articles).unwrap();
    assert_eq!(updated.len(), fresh.len());
    for text in [
        "工会", "工资", "杭州", "技能", "职工", "浙江", "yiwu", "劳模", "",
    ] {
        let query = SearchQuery {
            limit: 1000,
            ..SearchQuery::text(text)
        };
        let ids = |index: &SearchIndex| {
            let results = index.search(&query).unwrap();
            let mut ids: Vec<String> = results.hits.into_iter().map(|h| h.id).collect();
            ids.sort();
            (results.total, ids)
        };
        assert_eq!(ids(&updated), ids(&fresh), "query {text:?}");
    }
}

/// Runs the real binary on `pages` with the cache in `cache`; `crash_at` names a crash point.
fn kanbao(
    pages: &Path,
    cache: &Path,
    args: &[&str],
    crash_at: Option<&str>,
) -> std::process::Output {
    let mut command = command(pages, cache, args);
    if let Some(point) = crash_at {
        command.env("KANBAO_CRASH_AT", point);
    }
    command.output().unwrap()
}

/// The real binary's command on `pages` with the cache in `cache`, not yet run.
fn command(pages: &Path, cache: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kanbao"));
    command
        .arg("--data")
        .arg(pages)
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env("XDG_STATE_HOME", cache.join("state"))
        .env("XDG_CONFIG_HOME", cache.join("config"))
        .env_remove("KANBAO_CRASH_AT")
        .env_remove("KANBAO_CACHE")
        .env_remove("KANBAO_INDEX_IN_FRONT");
    command
}

/// The ids and total `kanbao search` finds.
fn found(output: &std::process::Output) -> (u64, Vec<String>) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut ids: Vec<String> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    (json["total"].as_u64().unwrap(), ids)
}

#[test]
fn a_process_killed_at_any_point_of_an_update_leaves_a_usable_archive() {
    let f = Fixture::with(&[0, 1]);
    let search = ["search", "工会", "--limit", "500", "--json"];
    // The first build, killed once it is built but before it is moved into place.
    let killed = kanbao(&f.pages, &f.cache, &["index"], Some("index-built"));
    assert!(!killed.status.success());
    let points = [
        "snapshot-segment-written",
        "snapshot-manifest-written",
        "index-before-commit",
        "index-committed",
    ];
    for (round, point) in points.iter().enumerate() {
        // A change for the killed process to work on.
        if round % 2 == 0 {
            f.add(2 + round / 2);
        } else {
            // Page 1 gets page 4's text, then its own again.
            f.change(1, if round == 1 { 4 } else { 1 });
        }
        let killed = kanbao(&f.pages, &f.cache, &search, Some(point));
        assert!(
            !killed.status.success(),
            "{point}: the crash point was reached"
        );
        let after = found(&kanbao(&f.pages, &f.cache, &search, None));
        let fresh_cache = tempfile::tempdir().unwrap();
        let fresh = found(&kanbao(&f.pages, fresh_cache.path(), &search, None));
        assert_eq!(after, fresh, "after a kill at {point}");
        assert!(after.0 > 0);
    }
    let index = kanbao(&f.pages, &f.cache, &["index"], None);
    assert!(index.status.success());
    let said = String::from_utf8_lossy(&index.stdout);
    assert!(said.contains("search index: reused"), "{said}");
}

#[test]
fn index_fails_when_the_cache_cannot_be_written() {
    let f = Fixture::with(&[0]);
    // A regular file where the cache directory should be.
    fs::write(&f.cache, b"not a directory").unwrap();
    let output = kanbao(&f.pages, &f.cache, &["index"], None);
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("could not be saved"), "{said}");
}

#[test]
fn import_into_a_page_directory_updates_the_snapshot_and_the_index() {
    let f = Fixture::with(&[0, 1]);
    let index = kanbao(&f.pages, &f.cache, &["index"], None);
    assert!(index.status.success());
    let before = found(&kanbao(
        &f.pages,
        &f.cache,
        &["search", "", "--limit", "500", "--json"],
        None,
    ));
    let new_page = f.cache.parent().unwrap().join("incoming.txt");
    fs::write(&new_page, bundled_pages()[3].1).unwrap();
    let import = kanbao(
        &f.pages,
        &f.cache,
        &["import", new_page.to_str().unwrap()],
        None,
    );
    let said = String::from_utf8_lossy(&import.stdout);
    assert!(import.status.success(), "{said}");
    assert!(
        said.contains("corpus snapshot: updated (1 pages read, 0 removed"),
        "{said}"
    );
    assert!(said.contains("search index: updated"), "{said}");
    assert!(said.contains("ready to search in"), "{said}");
    // The next search answers from the updated index (nothing to rebuild) and lists the page.
    let search = kanbao(
        &f.pages,
        &f.cache,
        &["search", "", "--limit", "500", "--json"],
        None,
    );
    assert!(String::from_utf8_lossy(&search.stderr).is_empty());
    let after = found(&search);
    assert!(after.0 > before.0);
    assert!(
        after
            .1
            .iter()
            .any(|id| id.starts_with("incoming") || !before.1.contains(id))
    );
}

/// The manifest's header lengths: head table, metadata, checked bytes (after the 40-byte header).
fn manifest_lengths(bytes: &[u8]) -> [usize; 3] {
    std::array::from_fn(|i| {
        u64::from_le_bytes(bytes[16 + i * 8..24 + i * 8].try_into().unwrap()) as usize
    })
}

/// Writes `checked` (the manifest's bytes after its header) as the manifest at `path`, with
/// chunk checksums that hold (4 KiB chunks) and a header that says so.
fn rewrite_manifest(path: &Path, header: &[u8], checked: &[u8]) {
    let sums: Vec<u8> = checked
        .chunks(4096)
        .flat_map(|chunk| crc32fast::hash(chunk).to_le_bytes())
        .collect();
    let mut bytes = header[..40].to_vec();
    bytes[8..12].copy_from_slice(&crc32fast::hash(&sums).to_le_bytes());
    bytes[32..40].copy_from_slice(&(checked.len() as u64).to_le_bytes());
    bytes.extend_from_slice(checked);
    bytes.extend_from_slice(&sums);
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_page_ledger_that_does_not_decode_removes_the_manifest_so_the_next_start_heals() {
    let f = Fixture::new();
    // A page directory last changed an hour ago: its stamp is trusted, so the next start uses the
    // snapshot as it is and meets the damage only when the page list is asked for.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::open(&f.pages)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let path = f.written_snapshot();
    let pristine = fs::read(&path).unwrap();
    let [table_len, meta_len, checked_len] = manifest_lengths(&pristine);
    let ledger_end = 40 + checked_len;
    // Damaged on disk (the ledger's last byte flipped, checksums as written). A start reads the
    // header and the metadata: if the damage lies in a chunk (4 KiB) of its own, the snapshot is
    // used and the damage met when the page list is asked for; if it shares the metadata's
    // chunk (a small archive like this one), the snapshot is refused at once. Never trusted.
    let mut flipped = pristine.clone();
    flipped[ledger_end - 1] ^= 0x40;
    fs::write(&path, &flipped).unwrap();
    let damaged = f.load();
    if (40 + table_len + meta_len - 1) / 4096 < (ledger_end - 1) / 4096 {
        assert!(matches!(damaged.snapshot, SnapshotStatus::Reused(_)));
        assert!(damaged.pages.is_empty(), "nothing is made up");
        assert!(!path.exists(), "the manifest is removed");
        let reread = f.load();
        assert_written(&reread);
        assert_fresh(&f, &reread);
    } else {
        assert_written(&damaged);
        assert_fresh(&f, &damaged);
    }
    // Damaged by a writer (bytes that do not decode behind checksums that hold): the start uses
    // the snapshot and meets the damage only when the page list is asked for.
    fs::File::open(&f.pages)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let pristine = fs::read(&path).unwrap();
    let ledger_end = 40 + manifest_lengths(&pristine)[2];
    let mut garbled = pristine[40..ledger_end - 3].to_vec();
    garbled.extend_from_slice(&[0xff; 8]);
    rewrite_manifest(&path, &pristine, &garbled);
    let damaged = f.load();
    assert!(
        matches!(damaged.snapshot, SnapshotStatus::Reused(_)),
        "{:?}",
        damaged.snapshot
    );
    assert!(damaged.pages.is_empty(), "nothing is made up");
    assert!(!path.exists(), "the manifest is removed");
    let healed = f.load();
    assert_fresh(&f, &healed);
}

/// A search that would index more than it may in front of the user (any article at all, with
/// `KANBAO_INDEX_IN_FRONT=0`) answers at once by scanning, and a `kanbao index` of its own
/// builds the index in the background; later searches use it.
fn search_in_a_hurry(f: &Fixture) -> std::process::Output {
    command(
        &f.pages,
        &f.cache,
        &["search", "工会", "--limit", "500", "--json"],
    )
    .env("KANBAO_INDEX_IN_FRONT", "0")
    .output()
    .unwrap()
}

/// What `search_in_a_hurry`'s query finds in an index built afresh for the fixture's pages.
fn found_by_a_fresh_index(f: &Fixture) -> (u64, Vec<String>) {
    let fresh_cache = tempfile::tempdir().unwrap();
    found(&kanbao(
        &f.pages,
        fresh_cache.path(),
        &["search", "工会", "--limit", "500", "--json"],
        None,
    ))
}

/// Which engine answered a `--json` search.
fn engine(output: &std::process::Output) -> String {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["engine"].as_str().unwrap().to_string()
}

/// The index directories in the cache (`index-<slot>-a<version>`).
fn index_dirs(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cache.join("kanbao"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("index-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Waits (at most a minute) until the cache's index directories are `wanted`.
fn wait_for_index_dirs(cache: &Path, wanted: impl Fn(&[String]) -> bool) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let dirs = index_dirs(cache);
        if wanted(&dirs) || started.elapsed() > std::time::Duration::from_secs(60) {
            return dirs;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_long_build_runs_in_the_background_while_searches_scan() {
    let f = Fixture::with(&[0, 1, 2]);
    let first = search_in_a_hurry(&f);
    let said = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(said.contains("in the background"), "{said}");
    assert_eq!(engine(&first), "scan");
    assert!(found(&first).0 > 0);
    let dirs = wait_for_index_dirs(&f.cache, |dirs| dirs.len() == 1);
    assert_eq!(dirs.len(), 1, "the background build finished: {dirs:?}");
    let log = fs::read_to_string(f.cache.join("kanbao/background-index.log")).unwrap();
    assert!(log.contains("search index: built"), "{log}");
    // Once built, the index answers, with nothing said.
    let second = search_in_a_hurry(&f);
    assert!(second.stderr.is_empty(), "{:?}", second.stderr);
    assert_eq!(engine(&second), "index");
    let fresh = found_by_a_fresh_index(&f);
    assert_eq!(found(&second), fresh);

    // An analyzer change, as a new kanbao sees it: only an index of another version is there.
    let current = &dirs[0];
    let (stem, _) = current.rsplit_once("-a").unwrap();
    let older = format!("{stem}-a0");
    fs::rename(
        f.cache.join("kanbao").join(current),
        f.cache.join("kanbao").join(&older),
    )
    .unwrap();
    let third = search_in_a_hurry(&f);
    let said = String::from_utf8_lossy(&third.stderr).into_owned();
    assert!(
        said.contains("analyzer changed") && said.contains("in the background"),
        "{said}"
    );
    // Meanwhile the old version's index of the same articles answers.
    assert_eq!(engine(&third), "previous_index", "{said}");
    assert!(said.contains(&older), "{said}");
    assert_eq!(found(&third), fresh);
    // The new index replaces the old one, which is then removed.
    let dirs = wait_for_index_dirs(&f.cache, |dirs| dirs == [current.clone()]);
    assert_eq!(dirs, vec![current.clone()]);
    assert_eq!(found(&search_in_a_hurry(&f)), fresh);

    // An old version's index that lacks a page added since does not answer: the scan does.
    fs::rename(
        f.cache.join("kanbao").join(current),
        f.cache.join("kanbao").join(&older),
    )
    .unwrap();
    f.add(3);
    let fourth = search_in_a_hurry(&f);
    assert_eq!(engine(&fourth), "scan");
    assert!(found(&fourth).0 >= fresh.0);
    wait_for_index_dirs(&f.cache, |dirs| dirs == [current.clone()]);
}

#[test]
fn a_large_update_answers_from_the_last_commit_and_a_scan_of_the_pages_it_lacks() {
    let f = Fixture::with(&[0, 1, 2]);
    assert!(
        kanbao(&f.pages, &f.cache, &["index"], None)
            .status
            .success()
    );
    // The commit keeps its pinyin reading map beside it.
    let dirs = index_dirs(&f.cache);
    let readings = f
        .cache
        .join("kanbao")
        .join(&dirs[0])
        .join("kanbao-readings.bin");
    assert!(readings.exists(), "{}", readings.display());
    // More than a search indexes in front: one page added, one changed, one removed.
    f.add(3);
    f.change(1, 4);
    f.remove(2);
    let hurried = search_in_a_hurry(&f);
    let said = String::from_utf8_lossy(&hurried.stderr).into_owned();
    assert_eq!(engine(&hurried), "index_and_scan", "{said}");
    assert!(said.contains("read directly"), "{said}");
    let json: serde_json::Value = serde_json::from_slice(&hurried.stdout).unwrap();
    let notes = json["notes"].to_string();
    assert!(notes.contains("unindexed"), "{notes}");
    // Every article once: what a fresh index of the new pages finds.
    let fresh = found_by_a_fresh_index(&f);
    assert_eq!(found(&hurried), fresh);
    // The update ran in the background; then the index answers alone.
    let started = std::time::Instant::now();
    while engine(&search_in_a_hurry(&f)) != "index" {
        assert!(
            started.elapsed().as_secs() < 60,
            "the background update ends"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(found(&search_in_a_hurry(&f)), fresh);
}
