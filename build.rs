//! Embeds the bundled pages (`data/pages/*.txt`) in the binary, so kanbao runs from any directory
//! and after the binary is copied to another host.
use std::{env, fs, path::Path};

fn main() {
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
