#!/usr/bin/env bash
# Proves `retrogait batch --manifest M --shard I/N` + `retrogait aggregate` on a real
# scheduler: installs Debian's slurm-wlm and munge, starts a one-node Slurm cluster on
# this machine, submits the batch as a job array over a manifest of recordings (simulated
# walks plus real exports from ../shared), waits, aggregates the shards' folders and checks
# that sessions.csv equals the one of a single local run, byte for byte. Stops every daemon
# it started. Needs root (apt-get, munged, slurmd). Not run in CI (it installs system
# packages and starts daemons); run it by hand:
#
#   sudo bash scripts/slurm-smoke.sh            # SHARDS=3 by default
#
# Environment: SHARDS (array size), RETROGAIT (binary; default target/release/retrogait,
# built if missing), SHARED (default ../shared), KEEP=1 keeps the work folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARDS=${SHARDS:-3}
SHARED=${SHARED:-$ROOT/../shared}
BIN=${RETROGAIT:-$ROOT/target/release/retrogait}
WORK=$(mktemp -d /tmp/retrogait-slurm.XXXXXX)
chmod 755 "$WORK"
HOST=$(hostname -s)
STARTED_MUNGE=0

say() { printf '== %s\n' "$*"; }

cleanup() {
    set +e
    if [ -f "$WORK/slurmd.pid" ]; then kill "$(cat "$WORK/slurmd.pid")" 2>/dev/null; fi
    if [ -f "$WORK/slurmctld.pid" ]; then kill "$(cat "$WORK/slurmctld.pid")" 2>/dev/null; fi
    if [ "$STARTED_MUNGE" = 1 ] && [ -f /run/munge/munged.pid ]; then
        kill "$(cat /run/munge/munged.pid)" 2>/dev/null
    fi
    sleep 1
    say "daemons stopped"
    if [ "${KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
    echo "slurm-smoke.sh needs root (apt-get, munged, slurmd)" >&2
    exit 2
fi

say "packages"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge >/dev/null
fi
echo "slurm-wlm $(dpkg-query -W -f="\${Version}" slurm-wlm), munge $(dpkg-query -W -f="\${Version}" munge)"

if [ ! -x "$BIN" ]; then
    say "building the release binary"
    (cd "$ROOT" && cargo build --release --quiet)
fi
"$BIN" --version

say "recordings and manifest"
mkdir -p "$WORK/data"
patterns=("S3,F60,S3" "S3,F30,B20,S3" "S3,B40,S3" "S5,F20,S5,F20,S5" "S30" "S3,F90,S3")
for i in "${!patterns[@]}"; do
    n=$(printf '%02d' $((i + 1)))
    "$BIN" simulate --out "$WORK/data/sim$n/walk.csv" --pattern "${patterns[$i]}" --seed "$((i + 1))" >/dev/null
done
{
    echo "# retrogait slurm smoke test: simulated walks and real exports (read in place)"
    echo "data/sim*/walk.csv"
    echo
    for real in \
        formats/sensorlogger_android \
        formats/sensorlogger_ios \
        formats/phyphox/acc_without_g_iphone_comma \
        formats/metawear_metabase \
        formats/shimmer_consensys/read_test_data.csv \
        formats/axivity_cwa_convert/ax6_testfile_formatted_timestamps.csv \
        formats/actigraph_actilife/ActiGraph13_timestamps_headers_EPOCH_COUNTS.csv \
        datasets/ipol/cases/1-1_lb/1-1_lb.txt \
        datasets/ipol/cases/1-2_lb/1-2_lb.txt; do
        if [ -e "$SHARED/$real" ]; then echo "$(cd "$SHARED" && pwd)/$real"; fi
    done
} >"$WORK/manifest.txt"
cat "$WORK/manifest.txt"

say "munge"
if ! munge -n </dev/null >/dev/null 2>&1; then
    if [ ! -s /etc/munge/munge.key ]; then
        mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null ||
            dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- munged
    STARTED_MUNGE=1
fi
munge -n </dev/null | unmunge | grep STATUS

say "slurm (one node: $HOST)"
CPUS=$(nproc)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/logs"
cat >"$WORK/slurm.conf" <<EOF
ClusterName=retrogait-smoke
SlurmctldHost=$HOST
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 State=UNKNOWN
PartitionName=smoke Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$WORK/slurm.conf
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 30); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^idle'; then break; fi
    sleep 1
done
sinfo

say "job array: $SHARDS shards"
cat >"$WORK/retrogait-array.sh" <<EOF
#!/bin/bash
#SBATCH --job-name=retrogait
#SBATCH --cpus-per-task=1
#SBATCH --output=$WORK/logs/%A_%a.out
# Slurm's array index is 0-based; --shard is 1-based.
"$BIN" batch --manifest "$WORK/manifest.txt" \\
    --shard "\$((SLURM_ARRAY_TASK_ID + 1))/\$SLURM_ARRAY_TASK_COUNT" \\
    --out "$WORK/out" -j "\${SLURM_CPUS_PER_TASK:-1}"
EOF
cat "$WORK/retrogait-array.sh"
start=$(date +%s)
set +e
sbatch --wait --array=0-$((SHARDS - 1)) "$WORK/retrogait-array.sh"
array_status=$?
set -e
echo "sbatch --wait exit status: $array_status (1 = some task exited 1: a recording failed)"
echo "array took $(($(date +%s) - start)) s"
for log in "$WORK"/logs/*.out; do
    echo "--- $(basename "$log")"
    cat "$log"
done

say "resubmitted array: complete recordings are skipped, failed ones retried"
mkdir -p "$WORK/logs-first" && mv "$WORK"/logs/*.out "$WORK/logs-first/"
set +e
sbatch --wait --array=0-$((SHARDS - 1)) "$WORK/retrogait-array.sh" >/dev/null
set -e
grep -h "^batch: shard" "$WORK"/logs/*.out

say "aggregate"
set +e
"$BIN" aggregate "$WORK/out"
echo "aggregate exit status: $?"

say "single local run of the same manifest"
"$BIN" batch --quiet --manifest "$WORK/manifest.txt" --out "$WORK/local"
echo "batch exit status: $?"
set -e

say "sessions.csv (some columns)"
python3 - "$WORK/out/sessions.csv" <<'PY' || cut -d, -f1,2 "$WORK/out/sessions.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
columns = ["id", "status", "format", "duration_s", "bouts", "steps", "walking_time_s"]
print("  ".join(f"{c:<12}" if c != "id" else f"{c:<64}" for c in columns))
for r in rows:
    print("  ".join(f"{r[c]:<12}" if c != "id" else f"{r[c]:<64}" for c in columns))
PY
if cmp "$WORK/out/sessions.csv" "$WORK/local/sessions.csv"; then
    echo "PASS: Slurm array ($SHARDS shards) + aggregate == single local run ($(($(wc -l <"$WORK/out/sessions.csv") - 1)) recordings, byte-identical sessions.csv)"
else
    diff "$WORK/out/sessions.csv" "$WORK/local/sessions.csv" | head -20
    echo "FAIL: sessions.csv differs"
    exit 1
fi
