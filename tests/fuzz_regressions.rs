//! Replays the fuzz targets' kept inputs under `cargo test`: the minimised corpora in
//! `fuzz/seeds/<target>/` and every input that once crashed a target, in
//! `fuzz/regressions/<target>/`. The target bodies are the fuzzer's own (`fuzz/src/lib.rs`), so
//! a fixed crash stays fixed without the fuzzer installed. See docs/RELIABILITY.md.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

fn kept_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("dir entry").path();
            let bytes = std::fs::read(&path).expect("read a kept input");
            inputs.push((path.display().to_string(), bytes));
        }
    }
    // The bundled pages seed the decoder and the page cutter too (scripts/fuzz.sh passes them).
    if matches!(target, "decoder" | "cutter") {
        for (name, bytes) in kanbao::corpus::bundled_pages() {
            inputs.push((format!("bundled {name}"), bytes.to_vec()));
        }
    }
    // The snapshot target also starts from the files of a snapshot written now, in the
    // format of the day.
    if target == "snapshot" {
        for (name, seed) in targets::snapshot_seeds() {
            inputs.push((format!("fresh {name}"), seed));
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn every_kept_input_passes_its_target() {
    let mut replayed = 0;
    for (target, check) in targets::TARGETS {
        let inputs = kept_inputs(target);
        assert!(!inputs.is_empty(), "no kept inputs for {target}");
        for (path, bytes) in inputs {
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{target} fails on {path}");
            replayed += 1;
        }
    }
    // Regenerate the committed snapshot seeds when the snapshot format changes:
    // KANBAO_WRITE_FUZZ_SEEDS=1 cargo test --test fuzz_regressions
    if std::env::var_os("KANBAO_WRITE_FUZZ_SEEDS").is_some() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/snapshot");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, seed) in targets::snapshot_seeds() {
            std::fs::write(dir.join(format!("fresh-{name}")), seed).unwrap();
        }
    }
    targets::remove_scratch();
    eprintln!("{replayed} kept fuzz inputs replayed");
}
