#!/usr/bin/env python3
"""Held-out check of the thigh (front pocket) rule of src/gait/placement.rs.

Reads the per-case features written by the placement_confusion example and, for
oxford_phone (3 subjects), learns the rule's three thresholds on two subjects
and applies them to the third (leave one subject out), printing the held-out
confusion per fold. Then learns them on all three subjects, to compare with the
(rounded, more conservative) constants in src/gait/placement.rs.

The thresholds are learned greedily, each as the midpoint between the front
pockets' least thigh-like value and the most thigh-like value among the other
placements still passing the earlier conditions:
  1. tilt autocorrelation one step later   <= t1 (against back pockets: the
     other placement that rides on one leg),
  2. tilt autocorrelation one stride later >= t2,
  3. vertical-acceleration autocorrelation one step later <= t3.

Usage:
  cargo run --release --example placement_confusion -- ../shared/datasets > placement.csv
  python3 scripts/placement_loso.py placement.csv
"""
import csv
import sys


def value(row, column):
    return float(row[column])


def subject(row):
    # oxford_phone case ids: <phone>_<subject>_<floor>_<position>_<n>
    return row["case"].split("_")[1]


def learn(train):
    thigh = [r for r in train if r["placement"] == "thigh_front_pocket"]
    other = [r for r in train if r["placement"] != "thigh_front_pocket"]
    back = [r for r in other if r["placement"] == "back_pocket"]
    t1 = (max(value(r, "tilt_step_corr") for r in thigh) + min(value(r, "tilt_step_corr") for r in back)) / 2
    left = [r for r in other if value(r, "tilt_step_corr") <= t1]
    t2 = (min(value(r, "tilt_stride_corr") for r in thigh) + max([value(r, "tilt_stride_corr") for r in left] + [0.9])) / 2
    left = [r for r in left if value(r, "tilt_stride_corr") >= t2]
    t3 = (max(value(r, "vertical_step_corr") for r in thigh) + min([value(r, "vertical_step_corr") for r in left] + [0.6])) / 2
    return t1, t2, t3


def is_thigh(row, t):
    return (
        value(row, "tilt_step_corr") <= t[0]
        and value(row, "tilt_stride_corr") >= t[1]
        and value(row, "vertical_step_corr") <= t[2]
    )


def main():
    rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["dataset"] == "oxford_phone"]
    total = {}
    for held_out in sorted({subject(r) for r in rows}):
        t = learn([r for r in rows if subject(r) != held_out])
        counts = {}
        for r in rows:
            if subject(r) == held_out:
                key = (r["placement"], "thigh_front_pocket" if is_thigh(r, t) else "unknown")
                counts[key] = counts.get(key, 0) + 1
                total[key] = total.get(key, 0) + 1
        print(f"held out {held_out}: tilt step <= {t[0]:.3f}, tilt stride >= {t[1]:.3f}, vertical step <= {t[2]:.3f}")
        for (truth, detected), n in sorted(counts.items()):
            print(f"  {truth:<20} -> {detected:<20} {n}")
    print("all folds (held out):")
    for (truth, detected), n in sorted(total.items()):
        print(f"  {truth:<20} -> {detected:<20} {n}")
    t = learn(rows)
    print(f"learned on all subjects: tilt step <= {t[0]:.3f}, tilt stride >= {t[1]:.3f}, vertical step <= {t[2]:.3f}")


if __name__ == "__main__":
    main()
