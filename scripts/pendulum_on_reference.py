#!/usr/bin/env python3
"""Study: the inverted-pendulum step length run between the reference's own contacts.

Separates the model's error from the detector's on mobgap_lab (lower back, INDIP
reference): the same pendulum as `src/gait/spatial.rs` (1.25 * 2 * sqrt(2*l*h - h^2),
l = the case's sensor height, 0.5 Hz 4th-order zero-phase high-pass after each
integration, the line between the two contacts removed) is evaluated per reference bout
  - between the INDIP initial contacts (the model alone), and
  - between retrogait's contacts (`steps.csv` of `retrogait analyze --case`), if given.
The vertical comes from a 0.3 Hz low-pass of the accelerometer (not the gyroscope
fusion), so the figures differ slightly from `retrogait bench`'s.

Usage:
  for c in ../shared/datasets/mobgap_lab/cases/*; do
    retrogait analyze --case "$c" --out /tmp/mg/$(basename "$c") --force; done
  python3 scripts/pendulum_on_reference.py ../shared/datasets/mobgap_lab [/tmp/mg]

A study script (numpy, scipy); nothing in the tool depends on it.
"""

import csv
import glob
import json
import os
import sys

import numpy as np
from scipy.signal import butter, filtfilt

RATE_HZ = 100.0
G = 9.81
ZIJLSTRA_CORRECTION = 1.25


def vertical_position(acc):
    """Vertical position (m) from acceleration in m/s^2 (rows = samples)."""
    b, a = butter(2, 0.3 / (RATE_HZ / 2))
    gravity = filtfilt(b, a, acc, axis=0)
    norm = np.linalg.norm(gravity, axis=1)
    vertical = (acc * gravity / norm[:, None]).sum(1) - norm
    hb, ha = butter(4, 0.5 / (RATE_HZ / 2), "high")
    velocity = filtfilt(hb, ha, np.cumsum(vertical) / RATE_HZ)
    return filtfilt(hb, ha, np.cumsum(velocity) / RATE_HZ)


def pendulum_steps(position, contacts_s, pendulum_m):
    """Step lengths (m) between consecutive contacts; NaN where undefined."""
    lengths = []
    for t0, t1 in zip(contacts_s[:-1], contacts_s[1:]):
        a, b = int(round(t0 * RATE_HZ)), int(round(t1 * RATE_HZ))
        if b <= a + 1 or b > len(position):
            lengths.append(np.nan)
            continue
        seg = position[a:b]
        line = seg[0] + (seg[-1] - seg[0]) * np.arange(len(seg)) / (len(seg) - 1)
        h = np.ptp(seg - line)
        chord = 2 * pendulum_m * h - h * h
        lengths.append(ZIJLSTRA_CORRECTION * 2 * np.sqrt(chord) if chord > 0 else np.nan)
    return np.array(lengths)


def bout_figures(position, contacts_s, pendulum_m):
    """(stride length m, speed m/s) of a bout: means over its steps under 1.5 s."""
    contacts_s = sorted(contacts_s)
    lengths = pendulum_steps(position, contacts_s, pendulum_m)
    times = np.diff(contacts_s)
    ok = np.isfinite(lengths) & (times < 1.5)
    if not ok.any():
        return np.nan, np.nan
    return 2 * lengths[ok].mean(), (lengths[ok] / times[ok]).mean()


def main():
    dataset = sys.argv[1]
    detected_root = sys.argv[2] if len(sys.argv) > 2 else None
    rows = []
    for case_dir in sorted(glob.glob(os.path.join(dataset, "cases", "*"))):
        case_id = os.path.basename(case_dir)
        case = json.load(open(os.path.join(case_dir, "case.json")))
        pendulum_m = case["subject"]["sensor_height_m"]
        table = np.loadtxt(os.path.join(case_dir, case["inputs"][0]), delimiter=",", skiprows=1)
        position = vertical_position(table[:, 1:4] * G)  # acc in g
        reference = [
            float(r["time_s"])
            for r in csv.DictReader(open(os.path.join(case_dir, "reference", "events.csv")))
            if r["kind"] == "initial_contact"
        ]
        detected = []
        if detected_root:
            steps = os.path.join(detected_root, case_id, "steps.csv")
            detected = [float(r["time_s"]) for r in csv.DictReader(open(steps))]
        for bout in csv.DictReader(open(os.path.join(case_dir, "reference", "bouts.csv"))):
            start, end = float(bout["start_s"]), float(bout["end_s"])
            ref_contacts = [t for t in reference if start - 0.01 <= t <= end + 0.01]
            det_contacts = [t for t in detected if start - 0.3 <= t <= end + 0.3]
            stride_ref_ic, speed_ref_ic = bout_figures(position, ref_contacts, pendulum_m)
            stride_det_ic, _ = bout_figures(position, det_contacts, pendulum_m)
            test = "Test5" if "_Test5_" in case_id else "Test11"
            rows.append((test, case_id, start, float(bout["stride_length_m"]), stride_ref_ic,
                         stride_det_ic, float(bout["speed_mps"]), speed_ref_ic))
    print("test,case,bout_start_s,ref_stride_m,pendulum_ref_contacts_m,"
          "pendulum_detected_contacts_m,ref_speed_mps,pendulum_ref_contacts_mps")
    for r in rows:
        print("%s,%s,%.2f,%.3f,%.3f,%.3f,%.3f,%.3f" % r)
    for test in ("Test5", "Test11"):
        sel = np.array([r[3:] for r in rows if r[0] == test], float)
        if len(sel) == 0:
            continue
        err_ref = sel[:, 1] - sel[:, 0]
        err_det = sel[:, 2] - sel[:, 0]
        err_speed = sel[:, 4] - sel[:, 3]
        print(f"# {test}: {len(sel)} bouts; stride with the reference's contacts MAE "
              f"{np.nanmean(abs(err_ref)):.3f} m (bias {np.nanmean(err_ref):+.3f}), with the "
              f"detected ones {np.nanmean(abs(err_det)):.3f} m (bias {np.nanmean(err_det):+.3f}); "
              f"speed with the reference's contacts MAE {np.nanmean(abs(err_speed)):.3f} m/s "
              f"(bias {np.nanmean(err_speed):+.3f})")


if __name__ == "__main__":
    main()
