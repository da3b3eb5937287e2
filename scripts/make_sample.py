#!/usr/bin/env python3
"""Writes data/sample_walk.csv, the small recording bundled with retrogait so
`retrogait inspect data/sample_walk.csv` runs out of the box: 5 s standing,
20 s of a gait-like oscillation (1.8 steps/s vertically,
0.9 strides/s sideways), 5 s standing, 100 Hz, generic CSV in g
and deg/s (so inspect has units to infer). It is a plumbing sample, not real
walking; accuracy figures come only from ../shared/datasets.
Deterministic: running it again gives the same bytes."""
import math, os, random

random.seed(7)
out = os.path.join(os.path.dirname(__file__), "..", "data", "sample_walk.csv")
G = 9.80665
with open(out, "w", newline="\n") as f:
    f.write("time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n")
    for i in range(30 * 100):
        t = i / 100
        walking = 5.0 <= t < 25.0
        w = 2 * math.pi * 0.9 * t  # stride frequency; steps at twice it
        n = lambda s: random.gauss(0.0, s)
        ax = (0.25 * math.sin(w) if walking else 0.0) + n(0.004)
        ay = (0.15 * math.cos(w) if walking else 0.0) + n(0.004)
        az = 1.0 + (0.25 * math.sin(2 * w) + 0.05 * math.sin(4 * w) if walking else 0.0) + n(0.004)
        gx = (25.0 * math.sin(w) if walking else 0.0) + n(0.3)
        gy = (12.0 * math.cos(2 * w) if walking else 0.0) + n(0.3)
        gz = (8.0 * math.sin(w + 0.5) if walking else 0.0) + n(0.3)
        f.write(f"{t:.2f},{ax:.5f},{ay:.5f},{az:.5f},{gx:.3f},{gy:.3f},{gz:.3f}\n")
print("wrote", os.path.normpath(out))
