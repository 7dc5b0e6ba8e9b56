//! libFuzzer entry for `kanbao_fuzz::breaker` (see `fuzz/src/lib.rs` and `scripts/fuzz.sh`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kanbao_fuzz::breaker(data));
