//! The fuzz targets' bodies, one function per target, shared by the libFuzzer binaries in
//! `fuzz_targets/` and by `tests/fuzz_regressions.rs`, which replays the kept corpus and every
//! crash found so far under `cargo test`. Each function takes arbitrary bytes, drives one public
//! entry point of kanbao and asserts what must hold for any input (beyond "does not panic").
//! Only kanbao's public API and std are used, so the file compiles in both places.

use std::collections::HashMap;
use std::path::PathBuf;

use kanbao::ParagraphKind;
use kanbao::corpus::decode::{self, MAX_PAGE_BYTES};
use kanbao::layout::{
    AmbiguousWidth, LayoutOptions, sanitize, str_width, truncate, wrap_paragraph,
};
use kanbao::tui::keymap::Command;

/// A target: arbitrary bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// The targets by name (the directory names under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("decoder", decoder),
    ("cutter", cutter),
    ("breaker", breaker),
    ("query", query),
    ("config", config),
    ("snapshot", snapshot),
];

/// Page bytes → text: never panics; text that comes out has `\n` line ends only and is not
/// blank; the encoding sniffer agrees with the decoder.
pub fn decoder(data: &[u8]) {
    let decoded = decode::decode(data);
    let detected = decode::detect_encoding(data);
    if let Ok(text) = &decoded {
        assert!(!text.contains('\r'), "a CR survived");
        assert!(
            !text.chars().all(char::is_whitespace),
            "blank text accepted"
        );
        assert!(
            text.len() <= MAX_PAGE_BYTES * 3,
            "text far larger than its bytes"
        );
        assert!(
            detected.is_ok(),
            "decoded, yet the sniffer refused: {detected:?}"
        );
    }
    if let Err(e) = &decoded {
        assert!(!e.to_string().chars().any(char::is_control), "{e}");
    }
}

/// Text → articles: never panics, ids are unique and numbered in order, every article has a
/// title or a paragraph, and no paragraph is blank.
pub fn cutter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let articles = kanbao::corpus::parse::parse_page("001_0123456789abcdef", &text);
    for (n, article) in articles.iter().enumerate() {
        assert_eq!(article.seq as usize, n + 1, "{article:?}");
        assert_eq!(article.id, format!("012345-{}", n + 1));
        assert!(
            !article.title.trim().is_empty() || !article.paragraphs.is_empty(),
            "{article:?}"
        );
        for p in &article.paragraphs {
            assert!(!p.text.trim().is_empty(), "blank paragraph in {article:?}");
        }
    }
}

/// The line breaker: any text, any width, either ambiguous mode, hanging on or off, any
/// highlight range. Lines fit, their widths are what they measure, no control character is
/// left, truncation fits.
pub fn breaker(data: &[u8]) {
    let [w, flags, h1, h2, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let width = usize::from(*w % 201).max(1);
    let ambiguous = if flags & 1 == 0 {
        AmbiguousWidth::Narrow
    } else {
        AmbiguousWidth::Wide
    };
    let kind = match (flags >> 1) % 3 {
        0 => ParagraphKind::Text,
        1 => ParagraphKind::Subhead,
        _ => ParagraphKind::Caption,
    };
    let mut options = LayoutOptions::new(width).with_ambiguous(ambiguous);
    options.hang_punctuation = flags & 8 != 0;
    let hit = usize::from(*h1) * 4..usize::from(*h2) * 4;

    let lines = wrap_paragraph(&text, kind, &[hit], &options);
    assert!(!lines.is_empty());
    for line in &lines {
        let measured: usize = line
            .segments
            .iter()
            .map(|s| str_width(&s.text, ambiguous))
            .sum();
        assert_eq!(measured, line.width, "{line:?}");
        assert!(line.width <= width, "{line:?} wider than {width}");
        assert!(!line.text().chars().any(char::is_control), "{line:?}");
    }

    let cut = truncate(&text, width, ambiguous);
    assert!(str_width(&cut, ambiguous) <= width);
    assert!(!sanitize(&text).chars().any(|c| c.is_control() && c != '\n'));
}

/// The query language's parser (`search::syntax::parse`, the entry point `kanbao search` and
/// the browser share): never panics, whatever is typed; every term to find has text.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = kanbao::search::syntax::parse(&text);
    for term in parsed.positive_terms() {
        assert!(!term.text.trim().is_empty(), "{parsed:?}");
    }
}

/// The browser's config loader: never panics, and whatever the file says, the user can quit
/// and no key does two things.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (config, notices) = kanbao::tui::config::parse(&text, "fuzz.toml");
    for notice in &notices {
        assert!(!notice.contains('\u{1b}'), "{notice:?}");
    }
    let keymap = &config.keymap;
    assert!(!keymap.keys_of(Command::Quit).is_empty(), "no key quits");
    let mut seen = HashMap::new();
    for (command, keys) in keymap.bindings() {
        for key in keys {
            if let Some(other) = seen.insert(*key, *command) {
                panic!("{key:?} is bound to both {other:?} and {command:?}");
            }
        }
    }
}

/// A page written for the seeds (not taken from any newspaper).
const SEED_PAGE: &str = "职工之家\n本报讯（记者 李明 通讯员 张华）近日，某市总工会举办第三届职工技能比武，来自二十家企业的一百二十名选手参加了比赛。\n“比赛让我们找到了差距。”一位参赛的青年电工说。\n（摄影 王强）\n工会服务进万家\n本报讯（通讯员 陈静）日前，某县总工会为一线职工送去清凉用品。\n";

/// A page directory of one page and the snapshot kanbao wrote for it: the files of the snapshot
/// directory as written (the manifest first, then the body segments).
struct Pristine {
    data: PathBuf,
    cache: PathBuf,
    snapshot_dir: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
    classifier: kanbao::classify::Classifier,
}

fn pristine() -> &'static Pristine {
    use std::sync::OnceLock;
    static PRISTINE: OnceLock<Pristine> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let root = scratch_dir().join("snapshot-target");
        let _ = std::fs::remove_dir_all(&root);
        let (data, cache) = (root.join("data"), root.join("cache"));
        std::fs::create_dir_all(&data).expect("scratch data dir");
        std::fs::write(data.join("001_0123456789abcdef.txt"), SEED_PAGE).expect("seed page");
        let classifier = kanbao::classify::Classifier::embedded().expect("embedded data");
        let set = kanbao::corpus::PageSet::Dir(data.clone());
        kanbao::corpus::StoredCorpus::load(&set, &classifier, Some(&cache)).expect("first load");
        let snapshot_dir = std::fs::read_dir(&cache)
            .expect("cache dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.is_dir() && p.join("manifest.kbm").exists())
            .expect("a snapshot directory with a manifest");
        let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&snapshot_dir)
            .expect("snapshot dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name == "manifest.kbm" || name.ends_with(".kbb")
            })
            .map(|p| {
                let bytes = std::fs::read(&p).expect("snapshot file");
                (p, bytes)
            })
            .collect();
        // The manifest first, then the segments, in a stable order.
        files.sort_by_key(|(p, _)| (!p.ends_with("manifest.kbm"), p.clone()));
        Pristine {
            data,
            cache,
            snapshot_dir,
            files,
            classifier,
        }
    })
}

/// The corpus snapshot reader, through its public door (`StoredCorpus::load` over a cache that
/// holds a snapshot): the first byte picks a file of a real snapshot (0: the manifest, 1: the
/// first body segment …), the rest replaces it. Never panics, never trusts a length or a
/// checksum, and every article of what loads can be read or reports an error.
pub fn snapshot(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    // One snapshot directory per process: one input at a time (tests run in parallel).
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let p = pristine();
    let _ = std::fs::remove_dir_all(&p.snapshot_dir);
    std::fs::create_dir_all(&p.snapshot_dir).expect("snapshot dir");
    for (path, pristine_bytes) in &p.files {
        std::fs::write(path, pristine_bytes).expect("restore the snapshot");
    }
    let (target, _) = &p.files[usize::from(pick) % p.files.len()];
    std::fs::write(target, bytes).expect("write the input");
    let set = kanbao::corpus::PageSet::Dir(p.data.clone());
    if let Ok(corpus) = kanbao::corpus::StoredCorpus::load(&set, &p.classifier, Some(&p.cache)) {
        for i in 0..corpus.store.len() {
            let _ = corpus.store.article(i);
        }
    }
}

/// Seeds for the snapshot target: each file of a real snapshot, with its selector byte.
pub fn snapshot_seeds() -> Vec<(String, Vec<u8>)> {
    let p = pristine();
    p.files
        .iter()
        .enumerate()
        .map(|(n, (path, bytes))| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let mut seed = vec![u8::try_from(n).unwrap_or(0)];
            seed.extend_from_slice(bytes);
            (name.unwrap_or_default(), seed)
        })
        .collect()
}

/// The scratch directory of this process.
fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("kanbao-fuzz-{}", std::process::id()))
}

/// Removes the scratch files (the regression test calls this when done).
pub fn remove_scratch() {
    let _ = std::fs::remove_dir_all(scratch_dir());
}
