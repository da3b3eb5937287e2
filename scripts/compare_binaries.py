#!/usr/bin/env python3
"""Runs `analyze` with two or more retrogait binaries in turn and prints, per binary,
the medians of CPU (user+sys, from wait4's rusage: microseconds, not /usr/bin/time's
10 ms), wall time, peak RSS and minor page faults. Alternating the binaries makes
background load on a shared machine hit all of them alike.

    python3 scripts/compare_binaries.py RUNS INPUT.csv BIN [BIN ...] [-- ANALYZE ARGS]

Default analyze arguments: --placement lower_back --height 1.75. Each binary writes
into its own folder under /tmp/compare_binaries/ (kept, to diff the outputs).
COMMAND=inspect times `retrogait inspect INPUT.csv` instead (reading alone)."""
import os
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
extra = ["--placement", "lower_back", "--height", "1.75"]
if "--" in args:
    cut = args.index("--")
    args, extra = args[:cut], args[cut + 1:]
if len(args) < 3:
    sys.exit(__doc__)
runs, source, binaries = int(args[0]), args[1], args[2:]
results = {b: [] for b in binaries}
for _ in range(runs):
    for index, binary in enumerate(binaries):
        out = f"/tmp/compare_binaries/{index}-{os.path.basename(binary)}"
        started = time.perf_counter()
        command = ([binary, "inspect", source] if os.environ.get("COMMAND") == "inspect"
                   else [binary, "analyze", source, *extra, "--out", out, "--force"])
        child = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            sys.exit(f"{binary} failed (status {status})")
        results[binary].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_utime,
                                usage.ru_stime, usage.ru_maxrss, usage.ru_minflt))
for binary, rows in results.items():
    median = lambda k: statistics.median(row[k] for row in rows)
    print(f"{binary}: CPU {median(1) * 1e3:.1f} ms (user {median(2) * 1e3:.1f}, sys "
          f"{median(3) * 1e3:.1f}), wall {median(0) * 1e3:.1f} ms, peak RSS "
          f"{median(4) / 1024:.1f} MB, {median(5):.0f} page faults; median of {len(rows)}")
