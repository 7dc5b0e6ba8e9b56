#!/usr/bin/env bash
# Warm whole-process lookups side by side: `kanbao search` of this tree, optionally a baseline
# binary, and `rg` over the same pages, run alternately query by query so that a busy machine
# weighs on all of them alike (docs/PERFORMANCE.md, issue 15's "whole-process search" and "warm
# start" rows).
#
#   bash scripts/bench_warm.sh PAGES_DIR                 # this tree's release binary and rg
#   BASE=/path/to/old/kanbao bash scripts/bench_warm.sh PAGES_DIR
#
#   STATS_ONLY=1 BASE=… bash scripts/bench_warm.sh PAGES_DIR   # warm `kanbao stats` only
#
# Environment: ROUNDS=2 (passes over the queries), QUERIES=scripts/queries.tsv, CACHE and
# BASE_CACHE (cache directories; default: new ones under /tmp, filled before timing: a first
# start and an index build, minutes at 100k), NO_BUILD=1 (no cargo build), NEW (the binary
# measured; default target/release/kanbao), STATS_RUNS=9 (warm `kanbao stats` runs per
# program, alternating), STATS_ONLY=1 (no index is built and no query run: the caches are
# filled by a first `kanbao stats`, which is what a 1M archive allows in minutes).
# Prints p50/p99 wall and CPU per program, then the warm `kanbao stats` of each program: median
# and range of wall and CPU (user+sys) over STATS_RUNS runs, and peak memory.
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

stats() { # stats PROGRAM: one warm `kanbao stats --json`, "wall user sys peak-KB" to $TMP/stats
    local bin=$NEW cache=$CACHE
    [ "$1" = base ] && bin=$BASE cache=$BASE_CACHE
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/stats" "$bin" --data "$DIR" --cache "$cache" stats --json >/dev/null
}
warm_stats() { # STATS_RUNS warm `kanbao stats` per program, alternating
    local runs=${STATS_RUNS:-9} p
    for p in new ${BASE:+base}; do : >"$TMP/$p.stats"; done
    for ((i = 0; i < runs; i++)); do
        for p in new ${BASE:+base}; do
            stats "$p"
            tail -1 "$TMP/stats" >>"$TMP/$p.stats"
        done
    done
    for p in new ${BASE:+base}; do
        awk -v p="$p" -v runs="$runs" '
            function median(a, n,   i, j, t) {
                for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            }
            { w[NR] = $1 * 1000; c[NR] = ($2 + $3) * 1000; if ($4 > kb) kb = $4 }
            END {
                mw = median(w, NR); mc = median(c, NR)
                printf "%s: warm `kanbao stats` (%d runs) wall median %.0f ms (%.0f–%.0f), CPU median %.0f ms (%.0f–%.0f), peak %.0f MB\n",
                    p, NR, mw, w[1], w[NR], mc, c[1], c[NR], kb / 1024 }' "$TMP/$p.stats"
    done
}

if [ "${STATS_ONLY:-0}" = 1 ]; then
    echo "filling the caches (a first start when missing)" >&2
    stats new
    [ -n "${BASE:-}" ] && stats base
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "pages: $DIR ($(find -L "$DIR" -name '*.txt' | wc -l) files)"
    warm_stats
    exit 0
fi

echo "filling the caches (first start and index build when missing)" >&2
# `kanbao index`, not a search: a search would leave a long build to the background and scan.
"$NEW" --data "$DIR" --cache "$CACHE" index >/dev/null
[ -n "${BASE:-}" ] && "$BASE" --data "$DIR" --cache "$BASE_CACHE" index >/dev/null
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
warm_stats
