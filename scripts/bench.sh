#!/usr/bin/env bash
# Reproduces the figures of docs/PERFORMANCE.md:   bash scripts/bench.sh
#
#   SIZES="1000 10000 100000"  article counts to generate and measure (default: all three)
#                              1000000 works too (the paper's whole run): about 2.5 GB of pages,
#                              2.6 GB of snapshot and some 3.5 GB of index under BENCH_DIR, 5.4 GB
#                              of memory at the first start, half an hour or more on 2 cores
#   REPS=5                     repetitions per query (in-process and rg)
#   PROC_QUERIES=64            whole-process `kanbao search` runs per size (first N queries)
#   BENCH_DIR=/tmp/…           where generated pages, caches and logs go (default: a new temp dir)
#   CRITERION=1                also run the criterion benches (pipeline, and render/search if present)
#   NICE=1                     run everything under `nice` (a machine shared with other work; say so
#                              next to the figures)
#
# Builds what it needs (cargo build --release), installs ripgrep, GNU time and tmux with apt-get
# when missing, and writes a summary to $BENCH_DIR/results.md (also printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=${SIZES:-"1000 10000 100000"}
REPS=${REPS:-5}
PROC_QUERIES=${PROC_QUERIES:-64}
CRITERION=${CRITERION:-1}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/kanbao-bench.XXXXXX)}
QUERIES=$ROOT/scripts/queries.tsv
RESULTS=$BENCH_DIR/results.md
mkdir -p "$BENCH_DIR"
if [ "${NICE:-0}" = 1 ]; then renice -n 10 $$ >/dev/null; fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need() { # need COMMAND APT_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    log "installing $2"
    if [ "$(id -u)" = 0 ]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
}
need rg ripgrep
need tmux tmux
need script bsdutils
[ -x /usr/bin/time ] || need /usr/bin/time time

log "building (release)"
cargo build --release --bin kanbao --example gen --example query_bench >&2
BIN=$ROOT/target/release/kanbao
GEN=$ROOT/target/release/examples/gen
QB=$ROOT/target/release/examples/query_bench

# Milliseconds between two $EPOCHREALTIME readings (no fork inside the timed region).
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) * 1000 }'; }
# p50/p99/max of the numbers on stdin, nearest-rank.
percentiles() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a n/a n/a"; exit }
        p50 = int(NR * 0.50 + 0.999999); p99 = int(NR * 0.99 + 0.999999)
        printf "%s %s %s\n", v[p50], v[p99], v[NR] }'
}
# user+sys milliseconds from a `/usr/bin/time -f '%U %S'` file (10 ms resolution).
cpu_ms() { tail -1 "$1" | awk '{ printf "%.0f", ($1 + $2) * 1000 }'; }
# Field of `/usr/bin/time -v` output.
time_field() { grep -F "$2" "$1" | head -1 | awk -F': ' '{ print $2 }'; }
wall_seconds() { # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
    time_field "$1" "Elapsed (wall clock)" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

# The query list as bash arrays: text and `kanbao search` filter arguments.
Q_TEXT=() Q_ARGS=()
while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    IFS=$'\t' read -r -a parts <<<"$line"
    text=${parts[0]:-}
    args=""
    for f in "${parts[@]:1}"; do args+=" --${f%%=*} ${f#*=}"; done
    Q_TEXT+=("$text") Q_ARGS+=("$args")
done < <(sed 's/\r$//' "$QUERIES")
log "${#Q_TEXT[@]} queries from $QUERIES"

{
    echo "# kanbao benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 " GB" }') RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- queries: ${#Q_TEXT[@]} (scripts/queries.tsv), $REPS repetitions each"
    if [ "${NICE:-0}" = 1 ]; then echo "- run under nice -n 10 on a machine shared with other work: figures are upper bounds"; fi
    echo
} >"$RESULTS"

# Process start to first frame: the browser runs in a 200×60 pseudo-terminal (`script`) with
# `--exit-after-first-frame`, so the figure is launch → first frame drawn → exit, with no
# polling. `script` itself costs a little: measured on its own as PTY_BASE_MS and reported.
first_frame_ms() { # first_frame_ms CMD...
    local t0 t1
    t0=$EPOCHREALTIME
    script -qec "stty cols 200 rows 60; $* --exit-after-first-frame" /dev/null >/dev/null 2>&1
    t1=$EPOCHREALTIME
    elapsed_ms "$t0" "$t1"
}
pty_base=()
for ((r = 0; r < 5; r++)); do
    t0=$EPOCHREALTIME
    script -qec "stty cols 200 rows 60; true" /dev/null >/dev/null 2>&1
    t1=$EPOCHREALTIME
    pty_base+=("$(elapsed_ms "$t0" "$t1")")
done
read -r PTY_BASE_MS _ _ < <(printf '%s\n' "${pty_base[@]}" | percentiles)

ms_until_shown() { # ms_until_shown SESSION TEXT T0: ms from T0 until TEXT is on screen (30 s: "timeout")
    local i t1
    for ((i = 0; i < 1500; i++)); do
        if tmux capture-pane -p -t "$1" | grep -q "$2"; then
            t1=$EPOCHREALTIME
            elapsed_ms "$3" "$t1"
            return
        fi
        sleep 0.02
    done
    echo timeout
}

browser_sees_a_new_page() { # browser_sees_a_new_page DIR COMMAND...: "LISTED SEARCHED" in ms
    # While the browser shows DIR (its index open), another process moves a page into DIR (as
    # `kanbao import` does: written aside, renamed in). LISTED: until the page's article shows
    # at the top of the list (dated 2099, so newest); SEARCHED: from then until a search for it,
    # typed at once, shows its hit.
    local dir=$1 session=kanbao-grow-$$ marker=看报测速专稿 i t0 listed searched screen
    shift
    tmux new-session -d -s "$session" -x 200 -y 60 "$*"
    for ((i = 0; i < 600; i++)); do
        screen=$(tmux capture-pane -p -t "$session" 2>/dev/null || true)
        if grep -q '浙江工人日报' <<<"$screen" && ! grep -q '索引' <<<"$screen"; then break; fi
        sleep 0.2
    done
    sed "s/开工马力十足/$marker/" "$ROOT/data/pages/000_b4d91279af1e54d0.txt" >"$dir/.grow.tmp"
    t0=$EPOCHREALTIME
    mv "$dir/.grow.tmp" "$dir/2099-12-31_01.txt"
    listed=$(ms_until_shown "$session" "$marker" "$t0")
    t0=$EPOCHREALTIME
    tmux send-keys -t "$session" / && tmux send-keys -t "$session" -l "$marker" && tmux send-keys -t "$session" Enter
    searched=$(ms_until_shown "$session" "1 篇 results for" "$t0")
    tmux kill-session -t "$session" 2>/dev/null || true
    rm -f "$dir/2099-12-31_01.txt"
    echo "$listed $searched"
}

browse_peak_rss() { # browse_peak_rss TIMEFILE DATA_ARGS...: browse, search, read, quit; peak RSS in MB
    local out=$1 session=kanbao-mem-$$ i
    shift
    rm -f "$out"
    tmux new-session -d -s "$session" -x 200 -y 60 "/usr/bin/time -v -o $out $*"
    for ((i = 0; i < 600; i++)); do # until the index is open (the status bar stops saying so)
        local screen
        screen=$(tmux capture-pane -p -t "$session" 2>/dev/null || true)
        if grep -q '浙江工人日报' <<<"$screen" && ! grep -q '索引' <<<"$screen"; then break; fi
        sleep 0.2
    done
    tmux send-keys -t "$session" / && sleep 0.2
    tmux send-keys -t "$session" -l '工会' && tmux send-keys -t "$session" Enter && sleep 1
    tmux send-keys -t "$session" Enter && sleep 1 # open the first hit in the reader
    tmux send-keys -t "$session" Escape && sleep 0.3
    tmux send-keys -t "$session" Escape && sleep 0.3
    tmux send-keys -t "$session" q && sleep 1
    tmux kill-session -t "$session" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do [ -s "$out" ] && break; sleep 0.2; done
    if [ -s "$out" ]; then
        awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' "$out"
    else
        echo "n/a"
    fi
}

# ---------------------------------------------------------------- bundled pages (issue 2)
log "bundled pages"
export XDG_CACHE_HOME=$BENCH_DIR/cache-bundled XDG_STATE_HOME=$BENCH_DIR/state XDG_DATA_HOME=$BENCH_DIR/data-home XDG_CONFIG_HOME=$BENCH_DIR/config
"$BIN" index >/dev/null 2>&1
times=() cpu=()
for ((r = 0; r < 10; r++)); do
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$BENCH_DIR/cpu.tmp" "$BIN" search 工会 --limit 20 --json >/dev/null
    t1=$EPOCHREALTIME
    times+=("$(elapsed_ms "$t0" "$t1")")
    cpu+=("$(cpu_ms "$BENCH_DIR/cpu.tmp")")
done
read -r b_p50 b_p99 b_max < <(printf '%s\n' "${times[@]}" | percentiles)
read -r bc_p50 _ bc_max < <(printf '%s\n' "${cpu[@]}" | percentiles)
ff=()
for ((r = 0; r < 5; r++)); do ff+=("$(first_frame_ms "env XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_DATA_HOME=$XDG_DATA_HOME $BIN")"); done
read -r bf_p50 _ bf_max < <(printf '%s\n' "${ff[@]}" | percentiles)
{
    echo "## Bundled pages"
    echo
    echo "- \`kanbao search 工会\` whole process, warm cache: wall p50 ${b_p50} ms, max ${b_max} ms; CPU (user+sys) p50 ${bc_p50} ms, max ${bc_max} ms (10 runs)"
    echo "- TUI first frame (launch → first frame → exit in a 200×60 pty, warm cache): median ${bf_p50} ms, max ${bf_max} ms (5 runs; the pty alone: ${PTY_BASE_MS} ms)"
    echo
} >>"$RESULTS"

# ---------------------------------------------------------------- generated corpora
for N in $SIZES; do
    DIR=$BENCH_DIR/pages-$N
    export XDG_CACHE_HOME=$BENCH_DIR/cache-$N
    if [ ! -d "$DIR" ]; then
        log "generating $N articles"
        "$GEN" "$N" "$DIR"
    fi
    PAGES=$(find -L "$DIR" -name '*.txt' | wc -l)
    BYTES=$(find -L "$DIR" -name '*.txt' -print0 | xargs -0 cat | wc -c)
    MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
    log "$N articles: $PAGES pages, $MB MB"
    cat "$DIR"/*.txt >/dev/null 2>&1 || find -L "$DIR" -name '*.txt' -print0 | xargs -0 cat >/dev/null # warm the page cache

    # Parse + classify: the first `kanbao stats` loads, parses and classifies every page, saves
    # the corpus snapshot, then counts; the second starts from the snapshot (a warm start).
    rm -rf "$XDG_CACHE_HOME"
    /usr/bin/time -v -o "$BENCH_DIR/stats-$N.time" "$BIN" --data "$DIR" stats --json >"$BENCH_DIR/stats-$N.json"
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$BENCH_DIR/stats-warm-$N.time" "$BIN" --data "$DIR" stats --json >/dev/null
    t1=$EPOCHREALTIME
    WARM_MS=$(elapsed_ms "$t0" "$t1")
    WARM_RSS=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$BENCH_DIR/stats-warm-$N.time")
    PARSED=$(grep -o '"total": *[0-9]*' "$BENCH_DIR/stats-$N.json" | head -1 | grep -o '[0-9]*$' || echo '?')
    LOAD_S=$(wall_seconds "$BENCH_DIR/stats-$N.time")
    LOAD_MBS=$(awk -v b="$BYTES" -v s="$LOAD_S" 'BEGIN { printf "%.1f", b / 1e6 / s }')
    LOAD_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$BENCH_DIR/stats-$N.time")
    LOAD_CPU_MBS=$(awk -v b="$BYTES" -v s="$LOAD_CPU" 'BEGIN { printf "%.1f", b / 1e6 / s }')

    # Index build (the corpus snapshot stays: the build figure is the index alone).
    /usr/bin/time -v -o "$BENCH_DIR/index-$N.time" "$BIN" --data "$DIR" index --rebuild >"$BENCH_DIR/index-$N.out" 2>&1
    BUILD_MS=$(grep -o 'in [0-9.]* ms' "$BENCH_DIR/index-$N.out" | grep -o '[0-9.]*')
    BUILD_MBS=$(awk -v b="$BYTES" -v ms="$BUILD_MS" 'BEGIN { printf "%.1f", b / 1e6 / (ms / 1000) }')
    INDEX_WALL=$(wall_seconds "$BENCH_DIR/index-$N.time")
    INDEX_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$BENCH_DIR/index-$N.time")
    INDEX_RSS=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$BENCH_DIR/index-$N.time")
    INDEX_MB=$(du -sm "$XDG_CACHE_HOME"/kanbao/index-* | awk '{ s += $1 } END { print s }')

    # In-process query latency (top 20 with snippets).
    "$QB" "$DIR" "$QUERIES" "$REPS" >"$BENCH_DIR/query-$N.json"
    jget() { grep -o "\"$1\":[0-9.e+-]*" "$BENCH_DIR/query-$N.json" | head -1 | cut -d: -f2; }
    IP_P50=$(jget p50_ms) IP_P99=$(jget p99_ms) IP_MAX=$(jget max_ms)
    IC_P50=$(jget cpu_p50_ms) IC_P99=$(jget cpu_p99_ms) IC_MAX=$(jget cpu_max_ms)

    # The same queries with rg over the same files (literal text; filters cannot be expressed).
    rg_times=() rg_empty=0 rg_runs=0
    for i in "${!Q_TEXT[@]}"; do
        pattern=${Q_TEXT[$i]//\"/}
        [ -z "$pattern" ] && continue
        rg_runs=$((rg_runs + 1))
        if ! rg -q -F -- "$pattern" "$DIR"; then rg_empty=$((rg_empty + 1)); fi
        for ((r = 0; r < REPS; r++)); do
            t0=$EPOCHREALTIME
            rg --count-matches -F -- "$pattern" "$DIR" >/dev/null || true
            t1=$EPOCHREALTIME
            rg_times+=("$(elapsed_ms "$t0" "$t1")")
        done
    done
    read -r RG_P50 RG_P99 RG_MAX < <(printf '%s\n' "${rg_times[@]}" | percentiles)

    # Whole-process `kanbao search` (load + parse + classify + open index + search + print).
    proc_times=() proc_cpu=()
    for i in "${!Q_TEXT[@]}"; do
        [ "$i" -ge "$PROC_QUERIES" ] && break
        t0=$EPOCHREALTIME
        # shellcheck disable=SC2086 # the filter arguments are meant to split
        /usr/bin/time -f '%U %S' -o "$BENCH_DIR/cpu.tmp" "$BIN" --data "$DIR" search "${Q_TEXT[$i]}" ${Q_ARGS[$i]} --limit 20 --json >/dev/null
        t1=$EPOCHREALTIME
        proc_times+=("$(elapsed_ms "$t0" "$t1")")
        proc_cpu+=("$(cpu_ms "$BENCH_DIR/cpu.tmp")")
    done
    read -r PR_P50 PR_P99 PR_MAX < <(printf '%s\n' "${proc_times[@]}" | percentiles)
    read -r PC_P50 PC_P99 _ < <(printf '%s\n' "${proc_cpu[@]}" | percentiles)

    # TUI: first frame with a warm cache, and peak memory while browsing.
    ff=()
    for ((r = 0; r < 5; r++)); do ff+=("$(first_frame_ms "env XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_STATE_HOME=$XDG_STATE_HOME $BIN --data $DIR")"); done
    read -r FF_P50 _ FF_MAX < <(printf '%s\n' "${ff[@]}" | percentiles)
    TUI_RSS=$(browse_peak_rss "$BENCH_DIR/browse-$N.time" "env XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_STATE_HOME=$XDG_STATE_HOME $BIN --data $DIR")
    read -r GROW_LISTED GROW_SEARCHED < <(browser_sees_a_new_page "$DIR" "env XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_STATE_HOME=$XDG_STATE_HOME $BIN --data $DIR")
    "$BIN" --data "$DIR" stats >/dev/null 2>&1 # the snapshot without that page again

    # Incremental: a day's page added, changed, removed; each followed by the first whole-process
    # `kanbao search` (which brings the snapshot and the index up to date before answering), and
    # an import through `kanbao import` (which does it and says how long it took).
    NEW_PAGE=$DIR/999999_fedcba9876543210.txt
    SOURCE_PAGE=$(find -L "$DIR" -name '*.txt' | sort | sed -n 1p) # no SIGPIPE under pipefail
    { cat "$SOURCE_PAGE"; echo; echo "本报讯 一个新的段落，为基准测试而加。"; } >"$NEW_PAGE"
    inc_search() { # inc_search LABEL: the first search after a change, whole process
        local t0 t1
        t0=$EPOCHREALTIME
        "$BIN" --data "$DIR" search 工会 --limit 20 --json >/dev/null 2>"$BENCH_DIR/inc-$1-$N.err"
        t1=$EPOCHREALTIME
        elapsed_ms "$t0" "$t1"
    }
    INC_ADD=$(inc_search add)
    { cat "$SOURCE_PAGE"; echo; echo "本报讯 这一段改过了。"; } >"$NEW_PAGE.tmp" && mv "$NEW_PAGE.tmp" "$NEW_PAGE"
    INC_CHANGE=$(inc_search change)
    rm -f "$NEW_PAGE"
    INC_REMOVE=$(inc_search remove)
    INC_WARM=$(inc_search warm)
    IMPORT_PAGE=$BENCH_DIR/import-$N.txt
    { cat "$SOURCE_PAGE"; echo; echo "本报讯 导入的一页。"; } >"$IMPORT_PAGE"
    t0=$EPOCHREALTIME
    "$BIN" --data "$DIR" import "$IMPORT_PAGE" >"$BENCH_DIR/import-$N.out" 2>&1
    t1=$EPOCHREALTIME
    INC_IMPORT=$(elapsed_ms "$t0" "$t1")
    INC_AFTER_IMPORT=$(inc_search after-import)
    rm -f "$DIR/import-$N.txt" "$DIR"/import-"$N"_*.txt
    SEGMENTS=$(find "$XDG_CACHE_HOME"/kanbao/corpus-* -name '*.kbb' | wc -l)
    inc_search restore >/dev/null
    # TUI first frame with no snapshot and no index (a first start).
    FF_COLD=$(XDG_CACHE_HOME=$BENCH_DIR/cache-cold-$N first_frame_ms "env XDG_CACHE_HOME=$BENCH_DIR/cache-cold-$N XDG_STATE_HOME=$XDG_STATE_HOME $BIN --data $DIR")
    rm -rf "$BENCH_DIR/cache-cold-$N"

    RATIO=$(awk -v a="$RG_P50" -v b="$IP_P50" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }')
    PROC_RATIO=$(awk -v a="$RG_P50" -v b="$PR_P50" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
    {
        echo "## $N articles ($PARSED parsed back, $PAGES pages, $MB MB of page text)"
        echo
        echo "| measure | figure |"
        echo "|---|---|"
        echo "| first start: load + parse + classify + save snapshot (\`kanbao stats\`, whole process) | wall ${LOAD_S} s (${LOAD_MBS} MB/s); CPU ${LOAD_CPU} s (${LOAD_CPU_MBS} MB/s); peak $(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$BENCH_DIR/stats-$N.time") MB |"
        echo "| warm start: \`kanbao stats\` from the snapshot, whole process | wall ${WARM_MS} ms; peak ${WARM_RSS} MB |"
        echo "| index build (\`index --rebuild\`, build only) | ${BUILD_MS} ms, ${BUILD_MBS} MB/s |"
        echo "| index build whole process | wall ${INDEX_WALL} s, CPU ${INDEX_CPU} s, peak ${INDEX_RSS} MB |"
        echo "| index size on disk | ${INDEX_MB} MB |"
        echo "| search in-process, top 20 + snippets | wall p50 ${IP_P50} ms, p99 ${IP_P99} ms, max ${IP_MAX} ms; CPU p50 ${IC_P50} ms, p99 ${IC_P99} ms, max ${IC_MAX} ms |"
        echo "| rg --count-matches -F (same queries, ${rg_runs} with text) | p50 ${RG_P50} ms, p99 ${RG_P99} ms, max ${RG_MAX} ms; ${rg_empty} queries found nothing |"
        echo "| rg p50 / kanbao p50 | ${RATIO}× |"
        echo "| \`kanbao search\` whole process (${#proc_times[@]} queries) | wall p50 ${PR_P50} ms, p99 ${PR_P99} ms; CPU p50 ${PC_P50} ms, p99 ${PC_P99} ms |"
        echo "| TUI first frame, warm cache (launch → first frame → exit, 200×60 pty) | median ${FF_P50} ms, max ${FF_MAX} ms (the pty alone: ${PTY_BASE_MS} ms) |"
        echo "| TUI peak RSS (browse, search, read, quit) | ${TUI_RSS} MB |"
        echo "| TUI: a page moved into the directory by another process, until listed; then until a search for it shows the hit | ${GROW_LISTED} ms; then ${GROW_SEARCHED} ms |"
        echo "| rg p50 / \`kanbao search\` whole-process p50 | ${PROC_RATIO}× |"
        echo "| one page added, then the first \`kanbao search\` (whole process: snapshot and index updated, then the answer) | ${INC_ADD} ms |"
        echo "| that page changed (saved by rename), then \`kanbao search\` | ${INC_CHANGE} ms |"
        echo "| that page removed, then \`kanbao search\` | ${INC_REMOVE} ms |"
        echo "| the next \`kanbao search\` (nothing changed) | ${INC_WARM} ms |"
        echo "| \`kanbao import\` of one page (copy, snapshot and index updated), then the first search | ${INC_IMPORT} ms, then ${INC_AFTER_IMPORT} ms |"
        echo "| snapshot body segments after these updates | ${SEGMENTS} |"
        echo "| TUI first frame, cold (no snapshot, no index; launch → first frame → exit) | ${FF_COLD} ms |"
        echo
    } >>"$RESULTS"
    log "$N done"
done

# ---------------------------------------------------------------- criterion benches
if [ "$CRITERION" = 1 ]; then
    for bench in pipeline render search layout parse; do
        [ -f "benches/$bench.rs" ] || continue
        log "criterion: $bench"
        cargo bench --bench "$bench" -- --warm-up-time 1 --measurement-time 3 2>/dev/null |
            grep -E '^[A-Za-z0-9_/ -]+$|time:|thrpt:' >"$BENCH_DIR/criterion-$bench.txt" || true
        {
            echo "## criterion: benches/$bench.rs"
            echo
            echo '```'
            cat "$BENCH_DIR/criterion-$bench.txt"
            echo '```'
            echo
        } >>"$RESULTS"
    done
fi

cat "$RESULTS"
log "results in $RESULTS"
