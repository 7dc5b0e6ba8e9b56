//! Embeds the bundled pages (`data/pages/*.txt`) in the binary, so kanbao runs from any directory
//! and after the binary is copied to another host; and names the build the articles are made with
//! (`KANBAO_BUILD_ID`, a hash of the library's sources that parse and classify pages), so corpus
//! snapshots made by another kanbao are not reused while every executable built from the same
//! library (the CLI, the examples) shares them.
use std::{env, fs, path::Path};

fn main() {
    build_id();
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let pages_dir = Path::new(&manifest).join("data").join("pages");
    println!("cargo:rerun-if-changed={}", pages_dir.display());
    let mut pages: Vec<_> = fs::read_dir(&pages_dir)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    let mut code = String::from("/// The bundled pages: (file stem, bytes), in file-name order.\n");
    code.push_str("pub static BUNDLED_PAGES: &[(&str, &[u8])] = &[\n");
    for path in &pages {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("page names are UTF-8");
        code.push_str(&format!(
            "    ({stem:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_pages.rs");
    fs::write(out, code).expect("write bundled_pages.rs");
}

/// What the articles are made with: the library's sources and data, the locked dependency
/// versions and this script. Any change to them is a new build; rebuilding the same sources, or
/// linking them into another executable, is not.
const BUILD_INPUTS: &[&str] = &["src", "data", "Cargo.lock", "Cargo.toml", "build.rs"];
/// Modules the articles are never made with (the corpus, its parser and the classifier use none
/// of them): changing them keeps the corpus snapshots, as the search index keys itself by its
/// own analyzer version. A module the corpus comes to use must leave this list.
const NOT_ARTICLE_INPUTS: &[&str] = &["src/search", "src/tui", "src/cli", "src/main.rs"];

/// Sets `KANBAO_BUILD_ID`: FNV-1a over the relative path and bytes of every input file, in path
/// order.
fn build_id() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .to_path_buf();
    let mut files = Vec::new();
    for input in BUILD_INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect_files(&root.join(input), &mut files);
    }
    files.retain(|file| {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        !NOT_ARTICLE_INPUTS
            .iter()
            .any(|skip| relative.starts_with(skip))
    });
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        feed(relative.to_string_lossy().as_bytes());
        let bytes = fs::read(file).unwrap_or_default();
        feed(&(bytes.len() as u64).to_le_bytes());
        feed(&bytes);
    }
    println!("cargo:rustc-env=KANBAO_BUILD_ID={hash:016x}");
}

/// Every file under `path` (or `path` itself when it is a file).
fn collect_files(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    match fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.filter_map(Result::ok) {
                collect_files(&entry.path(), files);
            }
        }
        Err(_) if path.is_file() => files.push(path.to_path_buf()),
        Err(_) => {}
    }
}
