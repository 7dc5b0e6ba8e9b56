//! libFuzzer entry for `kanbao_fuzz::query` (see `fuzz/src/lib.rs` and `scripts/fuzz.sh`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kanbao_fuzz::query(data));
