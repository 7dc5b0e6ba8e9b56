//! The corpus snapshot: a start with unchanged pages reads the snapshot back instead of parsing,
//! gets exactly the articles parsing gives, and any change to the pages (or a damaged snapshot)
//! leads to a fresh parse.

use std::fs;
use std::path::Path;

use kanbao::classify::Classifier;
use kanbao::corpus::source::bundled_pages;
use kanbao::corpus::{Corpus, PageSet, SnapshotStatus, StoredCorpus};

fn page_dir(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for (name, bytes) in bundled_pages() {
        fs::write(dir.join(format!("{name}.txt")), bytes).unwrap();
    }
}

fn whole(stored: &StoredCorpus) -> Vec<kanbao::article::Article> {
    stored.store.articles().collect::<Result<_, _>>().unwrap()
}

#[test]
fn unchanged_pages_are_read_back_exactly_as_parsed() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let cache = tmp.path().join("cache");
    page_dir(&pages);
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let parsed = Corpus::load(&set, &classifier).unwrap();

    let first = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    assert!(
        matches!(first.snapshot, SnapshotStatus::Written(_)),
        "{:?}",
        first.snapshot
    );
    let second = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    let SnapshotStatus::Reused(path) = &second.snapshot else {
        panic!("expected a reused snapshot, got {:?}", second.snapshot);
    };
    assert!(path.starts_with(&cache));

    assert_eq!(whole(&second), parsed.articles);
    assert_eq!(second.fingerprint, parsed.fingerprint);
    assert_eq!(second.pages.len(), parsed.pages.len());
    assert_eq!(second.pages[2].articles, parsed.pages[2].articles);
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
fn a_changed_page_set_is_parsed_again() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let cache = tmp.path().join("cache");
    page_dir(&pages);
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let before = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    let removed = format!("{}.txt", bundled_pages()[4].0);
    fs::remove_file(pages.join(&removed)).unwrap();
    let after = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    assert!(
        matches!(after.snapshot, SnapshotStatus::Written(_)),
        "{:?}",
        after.snapshot
    );
    assert_eq!(after.pages.len(), before.pages.len() - 1);
    assert_eq!(
        after.store.len(),
        Corpus::load(&set, &classifier).unwrap().articles.len()
    );
    assert_ne!(after.fingerprint, before.fingerprint);
}

#[test]
fn a_damaged_snapshot_is_ignored_and_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let cache = tmp.path().join("cache");
    page_dir(&pages);
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let parsed = Corpus::load(&set, &classifier).unwrap();
    let SnapshotStatus::Written(path) = StoredCorpus::load(&set, &classifier, Some(&cache))
        .unwrap()
        .snapshot
    else {
        panic!("no snapshot written");
    };
    for damage in [
        |bytes: &mut Vec<u8>| bytes.truncate(bytes.len() / 2),
        |bytes: &mut Vec<u8>| bytes[0] = b'X',
        |bytes: &mut Vec<u8>| bytes.clear(),
    ] {
        let mut bytes = fs::read(&path).unwrap();
        damage(&mut bytes);
        fs::write(&path, &bytes).unwrap();
        let again = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
        assert!(
            matches!(again.snapshot, SnapshotStatus::Written(_)),
            "{:?}",
            again.snapshot
        );
        assert_eq!(whole(&again), parsed.articles);
    }
}

#[test]
fn an_unusable_cache_still_loads_every_article() {
    // A regular file where the cache directory should be: unwritable even for root, like a
    // read-only home.
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let cache = tmp.path().join("cache");
    page_dir(&pages);
    fs::write(&cache, b"not a directory").unwrap();
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let stored = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    let SnapshotStatus::NotCached(why) = &stored.snapshot else {
        panic!("expected no snapshot, got {:?}", stored.snapshot);
    };
    assert!(why.contains("cannot save the corpus snapshot"), "{why}");
    assert_eq!(
        whole(&stored),
        Corpus::load(&set, &classifier).unwrap().articles
    );
}

#[test]
fn damaged_text_is_reported_and_the_snapshot_removed_so_the_next_start_heals() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    let cache = tmp.path().join("cache");
    page_dir(&pages);
    let classifier = Classifier::embedded().unwrap();
    let set = PageSet::Dir(pages.clone());
    let parsed = Corpus::load(&set, &classifier).unwrap();
    let SnapshotStatus::Written(path) = StoredCorpus::load(&set, &classifier, Some(&cache))
        .unwrap()
        .snapshot
    else {
        panic!("no snapshot written");
    };
    // Scribble over the first article's text; the structure (lengths, table) stays intact.
    let mut bytes = fs::read(&path).unwrap();
    bytes[40..120].fill(0xff);
    fs::write(&path, &bytes).unwrap();

    let damaged = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    assert!(matches!(damaged.snapshot, SnapshotStatus::Reused(_)));
    let err = damaged.store.article(0).unwrap_err().to_string();
    assert!(err.contains("damaged at article 0"), "{err}");
    assert!(err.contains("it has been removed"), "{err}");
    assert!(damaged.store.damage().is_some());
    assert!(!path.exists(), "the damaged snapshot is removed");
    // Other articles still read (their bytes are intact).
    assert_eq!(damaged.store.article(5).unwrap(), parsed.articles[5]);

    let healed = StoredCorpus::load(&set, &classifier, Some(&cache)).unwrap();
    assert!(
        matches!(healed.snapshot, SnapshotStatus::Written(_)),
        "{:?}",
        healed.snapshot
    );
    assert_eq!(whole(&healed), parsed.articles);
}
