//! The corpus snapshot: a start with unchanged pages reads the snapshot back instead of parsing,
//! gets exactly the articles parsing gives, and any change to the pages (or a damaged snapshot)
//! leads to a fresh parse.

use std::fs;
use std::path::PathBuf;

use kanbao::article::Article;
use kanbao::classify::Classifier;
use kanbao::corpus::source::bundled_pages;
use kanbao::corpus::{Corpus, PageSet, SnapshotStatus, StoredCorpus};

/// The bundled pages copied into a temporary directory, with a cache directory beside them.
struct Fixture {
    _tmp: tempfile::TempDir,
    pages: PathBuf,
    cache: PathBuf,
    classifier: Classifier,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let pages = tmp.path().join("pages");
        fs::create_dir_all(&pages).unwrap();
        for (name, bytes) in bundled_pages() {
            fs::write(pages.join(format!("{name}.txt")), bytes).unwrap();
        }
        Fixture {
            pages,
            cache: tmp.path().join("cache"),
            _tmp: tmp,
            classifier: Classifier::embedded().unwrap(),
        }
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

    /// Loads once, which must write a snapshot, and returns its path.
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

#[test]
fn unchanged_pages_are_read_back_exactly_as_parsed() {
    let f = Fixture::new();
    let parsed = f.parsed();
    f.written_snapshot();
    let second = f.load();
    let SnapshotStatus::Reused(path) = &second.snapshot else {
        panic!("expected a reused snapshot, got {:?}", second.snapshot);
    };
    assert!(path.starts_with(&f.cache));

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
    let f = Fixture::new();
    let before = f.load();
    fs::remove_file(f.pages.join(format!("{}.txt", bundled_pages()[4].0))).unwrap();
    let after = f.load();
    assert_written(&after);
    assert_eq!(after.pages.len(), before.pages.len() - 1);
    assert_eq!(after.store.len(), f.parsed().articles.len());
    assert_ne!(after.fingerprint, before.fingerprint);
}

#[test]
fn a_damaged_snapshot_is_ignored_and_replaced() {
    let f = Fixture::new();
    let parsed = f.parsed();
    let path = f.written_snapshot();
    for damage in [
        |bytes: &mut Vec<u8>| bytes.truncate(bytes.len() / 2),
        |bytes: &mut Vec<u8>| bytes[0] = b'X',
        |bytes: &mut Vec<u8>| bytes.clear(),
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
    let path = f.written_snapshot();
    // Scribble over the first article's text; the structure (lengths, table) stays intact.
    let mut bytes = fs::read(&path).unwrap();
    bytes[40..120].fill(0xff);
    fs::write(&path, &bytes).unwrap();

    let damaged = f.load();
    assert!(matches!(damaged.snapshot, SnapshotStatus::Reused(_)));
    let err = damaged.store.article(0).unwrap_err().to_string();
    assert!(err.contains("damaged at article 0"), "{err}");
    assert!(err.contains("it has been removed"), "{err}");
    assert!(damaged.store.damage().is_some());
    assert!(!path.exists(), "the damaged snapshot is removed");
    // Other articles still read (their bytes are intact).
    assert_eq!(damaged.store.article(5).unwrap(), parsed.articles[5]);

    let healed = f.load();
    assert_written(&healed);
    assert_eq!(whole(&healed), parsed.articles);
}
