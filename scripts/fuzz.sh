#!/usr/bin/env bash
# Coverage-guided fuzzing on stable Rust: libFuzzer (from the libfuzzer-sys crate, built by cc)
# with the same LLVM SanitizerCoverage flags cargo-fuzz passes, minus the address sanitizer,
# which needs nightly (safe Rust needs it little; panics, hangs and memory blow-ups are what we
# look for). No cargo-fuzz install, no nightly, no RUSTC_BOOTSTRAP.
#
#   scripts/fuzz.sh build                 build every target (fuzz/target/<host>/release/<name>)
#   scripts/fuzz.sh run TARGET SECONDS    fuzz one target, corpus in fuzz/corpus/TARGET
#   scripts/fuzz.sh smoke SECONDS         every target for SECONDS each (CI)
#   scripts/fuzz.sh cmin TARGET           minimise seeds + corpus into fuzz/seeds/TARGET (kept)
# Crashes land in fuzz/artifacts/TARGET/; copy them to fuzz/regressions/TARGET/ once fixed, so
# `cargo test --test fuzz_regressions` replays them forever.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
TARGETS=(decoder cutter breaker query config snapshot)
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps RUSTFLAGS off build scripts and proc macros (which must not be
# instrumented: nothing would link them against libFuzzer).
HOST=$(rustc -vV | sed -n 's/^host: //p')
BIN="target/$HOST/release"
build() { cargo build --release --bins --target "$HOST" "$@"; }
run() {
  local target=$1 seconds=$2
  mkdir -p "corpus/$target" "artifacts/$target"
  local seeds=()
  [ -d "seeds/$target" ] && seeds+=("seeds/$target")
  [ -d "regressions/$target" ] && seeds+=("regressions/$target")
  case $target in decoder|cutter) seeds+=("../data/pages") ;; esac
  # 1 GB of RSS or 10 s for one input is a failure: a page must never cost that.
  "$BIN/$target" "corpus/$target" "${seeds[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -max_len=65536 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1
}
case "${1:-}" in
  build) shift; build "$@" ;;
  run) run "$2" "$3" ;;
  smoke)
    # Not --locked: fuzz/Cargo.lock trails the main crate's dependencies whenever they change,
    # and CI should not fail on that; cargo fills in what is missing.
    build
    for t in "${TARGETS[@]}"; do run "$t" "$2"; done ;;
  cmin)
    # The kept seeds become the smallest set covering what seeds + the working corpus cover.
    rm -rf "seeds/$2.min" && mkdir -p "seeds/$2.min" "corpus/$2"
    # Edge coverage only (no hit counters): a few hundred files instead of thousands.
    "$BIN/$2" -set_cover_merge=1 -use_counters=0 -max_len=65536 "seeds/$2.min" "seeds/$2" "corpus/$2"
    rm -rf "seeds/$2" && mv "seeds/$2.min" "seeds/$2" ;;
  *) sed -n 2,13p "$0"; exit 2 ;;
esac
