#!/usr/bin/env python3
"""Writes HOURS of a deterministic 100 Hz 6-axis walking-like signal as a
generic CSV (time_s,acc_x..gyr_z), for throughput and memory measurements:
    python3 scripts/make_long_csv.py 24 /tmp/day.csv
(Not gait data: a plumbing load. `retrogait simulate` will replace it.)"""
import math, sys

hours, out = float(sys.argv[1]), sys.argv[2]
n = int(hours * 3600 * 100)
with open(out, "w") as f:
    f.write("time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n")
    chunk = []
    for i in range(n):
        t = i / 100
        p = t * 2 * math.pi * 0.9
        chunk.append("%.2f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n" % (
            t, 0.8 * math.sin(p), 0.3 * math.cos(2 * p), 9.81 + 1.5 * math.sin(2 * p),
            0.4 * math.cos(p), 0.2 * math.sin(2 * p), 0.1 * math.sin(p)))
        if len(chunk) == 100000:
            f.write("".join(chunk)); chunk = []
    f.write("".join(chunk))
