#!/usr/bin/env bash
# Whole-process benchmark: wall time and peak RSS of the release binary on
#   - `analyze` of a 1 h and a 24 h generic CSV (scripts/make_long_csv.py, 100 Hz, 6 axes),
#   - `batch` of 100 simulated 3-min recordings with 1 and with 2 workers (-j), and the
#     speed-up of 2 workers over 1,
#   - a rerun of that batch with every recording unchanged (what resuming costs).
# Prints a markdown table (machine, load, command, figures) for the README.
#
#   bash scripts/bench_process.sh [WORK_DIR]     # default /tmp/retrogait-bench
#
# Environment: REPEAT (runs per command, default 3; the median is reported and batch runs
# with 1 and 2 workers alternate so background load hits both alike), SKIP_DAY=1 skips the
# 24 h file. Inputs are generated once and reused.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/retrogait-bench}
REPEAT=${REPEAT:-3}
BIN=$ROOT/target/release/retrogait
mkdir -p "$WORK"

if [ ! -x "$BIN" ]; then (cd "$ROOT" && cargo build --release --quiet); fi

# Inputs.
[ -s "$WORK/hour.csv" ] || python3 "$ROOT/scripts/make_long_csv.py" 1 "$WORK/hour.csv"
if [ "${SKIP_DAY:-0}" != 1 ]; then
    [ -s "$WORK/day.csv" ] || python3 "$ROOT/scripts/make_long_csv.py" 24 "$WORK/day.csv"
fi
if [ ! -s "$WORK/cohort/p100/walk.csv" ]; then
    for i in $(seq 1 100); do
        n=$(printf '%03d' "$i")
        "$BIN" simulate --out "$WORK/cohort/p$n/walk.csv" --seed "$i" \
            --pattern "S20,F60,S10,B30,S20,F40" >/dev/null
    done
fi

# Runs one command; appends "seconds kilobytes cpu_seconds" to the file named by $1.
measure() {
    local into=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/.time" "$@" >/dev/null 2>"$WORK/.stderr" || {
        local status=$?
        # batch exits 1 when a recording failed: none should here.
        cat "$WORK/.stderr" >&2
        echo "command failed ($status): $*" >&2
        exit 1
    }
    tail -1 "$WORK/.time" | awk '{ print $1, $2, $3 + $4 }' >>"$into"
}

# "median_wall_s max_rss_mb median_cpu_s" of a file of "seconds kilobytes cpu" lines.
median() { sort -n | awk '{ s[NR] = $1 } END { printf "%.2f", (NR % 2 ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2) }'; }
summarise() {
    printf '%s %s %s' "$(cut -d' ' -f1 "$1" | median)" \
        "$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$1")" \
        "$(cut -d' ' -f3 "$1" | median)"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

rm -f "$WORK"/*.times
LOAD_BEFORE=$(load)
for _ in $(seq 1 "$REPEAT"); do
    measure "$WORK/hour.times" "$BIN" analyze "$WORK/hour.csv" --placement lower_back \
        --height 1.75 --out "$WORK/out-hour" --force
    if [ "${SKIP_DAY:-0}" != 1 ]; then
        measure "$WORK/day.times" "$BIN" analyze "$WORK/day.csv" --placement lower_back \
            --height 1.75 --out "$WORK/out-day" --force
    fi
    measure "$WORK/j1.times" "$BIN" batch --quiet --force -j 1 "$WORK/cohort" \
        --placement lower_back --height 1.75 --out "$WORK/out-j1"
    measure "$WORK/j2.times" "$BIN" batch --quiet --force -j 2 "$WORK/cohort" \
        --placement lower_back --height 1.75 --out "$WORK/out-j2"
done
for _ in $(seq 1 "$REPEAT"); do
    # Everything unchanged: discovery, hashing and the table only (what a resumed run costs).
    measure "$WORK/rerun.times" "$BIN" batch --quiet -j 1 "$WORK/cohort" \
        --placement lower_back --height 1.75 --out "$WORK/out-j1"
done
LOAD_AFTER=$(load)
cmp "$WORK/out-j1/sessions.csv" "$WORK/out-j2/sessions.csv"

read -r j1 j1_mb j1_cpu <<<"$(summarise "$WORK/j1.times")"
read -r j2 j2_mb j2_cpu <<<"$(summarise "$WORK/j2.times")"
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "Machine: $(uname -m), $(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM;"
echo "load average (1/5/15 min) before $LOAD_BEFORE, after $LOAD_AFTER; median of $REPEAT runs."
echo "Inputs: hour.csv $(du -m "$WORK/hour.csv" | cut -f1) MB$( [ -s "$WORK/day.csv" ] && echo ", day.csv $(du -m "$WORK/day.csv" | cut -f1) MB"), cohort of 100 x 3 min ($(du -sm "$WORK/cohort" | cut -f1) MB)."
echo
echo "| what | wall time | CPU (user+sys) | peak RSS | command |"
echo "|---|---|---|---|---|"
read -r s mb cpu <<<"$(summarise "$WORK/hour.times")"
echo "| analyze 1 h CSV | $s s | $cpu s | $mb MB | \`retrogait analyze hour.csv --placement lower_back --height 1.75 --out DIR --force\` |"
if [ -s "$WORK/day.times" ]; then
    read -r s mb cpu <<<"$(summarise "$WORK/day.times")"
    echo "| analyze 24 h CSV | $s s | $cpu s | $mb MB | \`retrogait analyze day.csv --placement lower_back --height 1.75 --out DIR --force\` |"
fi
echo "| batch 100 × 3 min, 1 worker | $j1 s | $j1_cpu s | $j1_mb MB | \`retrogait batch --force -j 1 cohort --placement lower_back --height 1.75 --out DIR\` |"
echo "| batch 100 × 3 min, 2 workers | $j2 s | $j2_cpu s | $j2_mb MB | \`retrogait batch --force -j 2 cohort ... \` |"
read -r s mb cpu <<<"$(summarise "$WORK/rerun.times")"
echo "| batch rerun, all 100 unchanged (skipped), 1 worker | $s s | $cpu s | $mb MB | the same command without \`--force\` |"
echo
awk -v a="$j1" -v b="$j2" 'BEGIN { printf "Speed-up with 2 workers: %.2fx (target >= 1.8x)\n", a / b }'
