#!/usr/bin/env bash
# Warm whole-process lookups side by side: `kanbao search` of this tree, optionally a baseline
# binary, and `rg` over the same pages, run alternately query by query so that a busy machine
# weighs on all of them alike (docs/PERFORMANCE.md, issue 15's "whole-process search" and "warm
# start" rows).
#
#   bash scripts/bench_warm.sh PAGES_DIR                 # this tree's release binary and rg
#   BASE=/path/to/old/kanbao bash scripts/bench_warm.sh PAGES_DIR
#
# Environment: ROUNDS=2 (passes over the queries), QUERIES=scripts/queries.tsv, CACHE and
# BASE_CACHE (cache directories; default: new ones under /tmp, filled before timing: a first
# start and an index build, minutes at 100k), NO_BUILD=1 (no cargo build), NEW (the binary
# measured; default target/release/kanbao).
# Prints p50/p99 wall and CPU per program, the warm `kanbao stats` and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: bench_warm.sh PAGES_DIR}
ROUNDS=${ROUNDS:-2}
QUERIES=${QUERIES:-scripts/queries.tsv}
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release --bin kanbao >&2
NEW=${NEW:-$PWD/target/release/kanbao}
CACHE=${CACHE:-$(mktemp -d /tmp/kanbao-warm.XXXXXX)}
BASE_CACHE=${BASE_CACHE:-$(mktemp -d /tmp/kanbao-warm-base.XXXXXX)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'; }
percentiles() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a n/a"; exit }
        p50 = int(NR * 0.50 + 0.999999); p99 = int(NR * 0.99 + 0.999999)
        printf "%s %s\n", v[p50], v[p99] }'
}

# Queries with text (rg cannot express the filters, so they are left out for all three).
mapfile -t TEXTS < <(sed 's/\r$//' "$QUERIES" | grep -v '^#' | grep -v '^$' | cut -f1 | grep -v '^$')

programs=(new)
[ -n "${BASE:-}" ] && programs+=(base)
programs+=(rg)
run() { # run PROGRAM QUERY: its CPU time goes to $TMP/cpu
    local timed=(/usr/bin/time -f '%U %S' -o "$TMP/cpu")
    case $1 in
        new) "${timed[@]}" "$NEW" --data "$DIR" --cache "$CACHE" search "$2" --limit 20 --json ;;
        base) "${timed[@]}" "$BASE" --data "$DIR" --cache "$BASE_CACHE" search "$2" --limit 20 --json ;;
        rg) "${timed[@]}" rg --count-matches -F -- "${2//\"/}" "$DIR" || true ;;
    esac
}

echo "filling the caches (first start and index build when missing)" >&2
run new 工会 >/dev/null
[ -n "${BASE:-}" ] && run base 工会 >/dev/null
cat "$DIR"/*.txt >/dev/null 2>&1 || true

for p in "${programs[@]}"; do : >"$TMP/$p.wall"; : >"$TMP/$p.cpu"; done
for ((round = 0; round < ROUNDS; round++)); do
    for q in "${TEXTS[@]}"; do
        for p in "${programs[@]}"; do
            t0=$EPOCHREALTIME
            run "$p" "$q" >/dev/null 2>&1
            t1=$EPOCHREALTIME
            elapsed_ms "$t0" "$t1" >>"$TMP/$p.wall"
            tail -1 "$TMP/cpu" | awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' >>"$TMP/$p.cpu"
        done
    done
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pages: $DIR ($(find -L "$DIR" -name '*.txt' | wc -l) files); ${#TEXTS[@]} queries × $ROUNDS rounds, programs alternating"
for p in "${programs[@]}"; do
    read -r w50 w99 < <(percentiles <"$TMP/$p.wall")
    read -r c50 c99 < <(percentiles <"$TMP/$p.cpu")
    echo "$p: wall p50 $w50 ms, p99 $w99 ms; CPU (user+sys, 10 ms resolution) p50 $c50 ms, p99 $c99 ms"
done
read -r new50 _ < <(percentiles <"$TMP/new.wall")
read -r rg50 _ < <(percentiles <"$TMP/rg.wall")
awk -v a="$rg50" -v b="$new50" 'BEGIN { printf "rg p50 / kanbao p50: %.1f×\n", a / b }'
for p in new ${BASE:+base}; do
    bin=$NEW cache=$CACHE
    [ "$p" = base ] && bin=$BASE cache=$BASE_CACHE
    /usr/bin/time -f '%e %M' -o "$TMP/stats" "$bin" --data "$DIR" --cache "$cache" stats --json >/dev/null
    read -r secs kb <"$TMP/stats"
    echo "$p: warm \`kanbao stats\` wall ${secs} s, peak $((kb / 1024)) MB"
done
