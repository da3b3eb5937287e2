#!/usr/bin/env python3
"""Trains the facing classifier (forward vs backward walking, mounting unknown).

Reads the features that retrogait itself computes (one implementation:
`cargo run --release --example facing_features -- DATASETS... > features.csv`,
see src/gait/facing.rs for the features) and writes data/models/facing-v1.json.

Model: per placement group, logistic regression WITHOUT intercept on features
scaled by their RMS, so it is odd: a window played backwards gets 1 - p.
Training rows: real forward walking (ipol, mobgap_lab lower back; oxford_phone
phones), real acted forward and backward walking (mocap_bandai), and every
recording played backwards (`reversed=1`, labels flipped): a PROXY for backward
walking, not real backward walking.

Held-out evaluation (reported in the model file and printed): ipol and
mobgap_lab leave-one-dataset-out; oxford_phone leave-one-subject-out (it is the
only phone data); mocap_bandai leave-one-style-out (a style's single trials and
the session bouts made of its trials are held out together). The decision rule
is the one retrogait applies: forward when z >= FORWARD_Z, backward when
z <= -BACKWARD_Z, else unknown (z = the model's log-odds).

Usage: scripts/train_facing.py features.csv ../shared/datasets data/models/facing-v1.json
"""
import csv
import datetime
import json
import os
import sys

import numpy as np

FORWARD_Z = 1.0   # p >= 0.73
BACKWARD_Z = 2.0  # p <= 0.12: a false "backward" on forward walking is the costlier error
MIN_PURITY = 0.9  # windows whose reference is >= 90 % one direction
LAMBDA = 1.0      # ridge penalty on the scaled weights
MAX_WRONG = 0.02  # gate: held-out wrong-direction share, every group
MIN_RIGHT = 0.5   # gate: held-out right share of bouts, every group

ACC = ["v_a3_1", "v_a3_2", "v_a3_3", "hv_a3_1", "hv_a3_2", "hv_a3_3",
       "hhv_1", "hhv_2", "hhv_3", "jerk_skew", "corr_vd", "skew_d"]
ACC += ["dv_a3_1", "dv_a3_2", "dv_a3_3", "lv_a3_1", "lv_a3_2", "lv_a3_3", "ddv_1", "ddv_2", "ddv_3"]
GYRO = ACC + ["wv_a3_1", "wv_a3_2", "wv_a3_3", "wwv_1", "wwv_2", "wwv_3", "pitch",
              "pv_a3_1", "pv_a3_2", "pv_a3_3", "rv_a3_1", "rv_a3_2", "rv_a3_3",
              "yv_a3_1", "yv_a3_2", "yv_a3_3"]

# (model name, placements, needs gyroscope, features)
MODELS = [
    ("lower_back_gyro", ["lower_back"], True, GYRO),
    ("lower_back_acc", ["lower_back"], False, ACC),
    ("thigh_gyro", ["thigh_front_pocket"], True, GYRO),
    ("thigh_acc", ["thigh_front_pocket"], False, ACC),
    ("wrist_gyro", ["wrist"], True, GYRO),
    ("wrist_acc", ["wrist"], False, ACC),
    ("hand_acc", ["hand"], False, ACC),
    ("back_pocket_acc", ["back_pocket"], False, ACC),
    ("armband_acc", ["armband"], False, ACC),
    ("neck_pouch_acc", ["neck_pouch"], False, ACC),
    ("bag_acc", ["bag"], False, ACC),
]


def mocap_styles(datasets, case_id):
    """Style of each reference bout of a mocap_bandai case, in order."""
    path = os.path.join(datasets, "mocap_bandai", "cases", case_id, "case.json")
    notes = json.load(open(path))["notes"]
    if "single" in case_id:
        return None
    styles = []
    for part in notes.split("->"):
        token = [t for t in part.split() if t.startswith("walk")]
        if token:
            styles.append(token[0].split("_")[1])
    return styles


def fold_of(row, datasets, cache):
    """The held-out group of a row: dataset, oxford subject, or mocap style."""
    ds, case = row["dataset"], row["case"]
    if ds == "mocap_bandai":
        if "single" in case:
            return "mocap:" + case.split("_")[-2]
        if case not in cache:
            bouts = list(csv.DictReader(open(os.path.join(
                datasets, "mocap_bandai", "cases", case, "reference", "bouts.csv"))))
            cache[case] = (mocap_styles(datasets, case),
                           [(float(b["start_s"]), float(b["end_s"])) for b in bouts])
        styles, bouts = cache[case]
        # The window's span in the published recording (a reversed window mirrors one).
        a, b = float(row["original_start_s"]), float(row["original_end_s"])
        overlaps = [max(0.0, min(b, e) - max(a, s)) for s, e in bouts]
        return "mocap:" + styles[int(np.argmax(overlaps))]
    if ds == "oxford_phone":
        return "oxford:" + case.split("_")[1]
    return ds


def fit(x, y, lam=LAMBDA):
    w = np.zeros(x.shape[1])
    t = (y > 0).astype(float)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        g = x.T @ (p - t) + lam * w
        h = (x.T * (p * (1 - p))) @ x + lam * np.eye(len(w))
        step = np.linalg.solve(h, g)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return w


def train(x, y):
    scale = np.sqrt(np.mean(x ** 2, axis=0)) + 1e-9
    return scale, fit(x / scale, y)


def decide(z):
    return np.where(z >= FORWARD_Z, 1, np.where(z <= -BACKWARD_Z, -1, 0))


def cross_domain(rows, placements, feats, train_on, test_on):
    """Sign accuracy and decisions on `test_on` bouts (real, not reversed) of a
    classifier trained only on `train_on` (with its reversed proxies): does real
    forward walking plus its time reversal predict mocap's real backward walking,
    and does mocap predict real forward walking?"""
    sel = [r for r in rows if r["placement"] in placements]
    tr = [r for r in sel if r["dataset"] in train_on]
    te = [r for r in sel if r["dataset"] in test_on and r["reversed"] == "0" and r["kind"] == "bout"]
    if not tr or not te:
        return None
    x = lambda rs: np.nan_to_num(np.array([[float(r[f]) for f in feats] for r in rs]))
    y = lambda rs: np.array([1 if r["label"] == "forward" else -1 for r in rs])
    scale, w = train(x(tr), y(tr))
    z = (x(te) / scale) @ w
    d = decide(z)
    return {"train": train_on, "test": test_on, "n": len(te),
            "sign_right": round(float(np.mean(np.sign(z) == y(te))), 3),
            "right": round(float(np.mean(d == y(te))), 3), "wrong": round(float(np.mean(d == -y(te))), 3)}


def main():
    features_csv, datasets, out = sys.argv[1:4]
    rows = [r for r in csv.DictReader(open(features_csv)) if float(r["purity"]) >= MIN_PURITY]
    cache = {}
    for r in rows:
        r["fold"] = fold_of(r, datasets, cache)
    models = []
    print(f"rule: forward z >= {FORWARD_Z}, backward z <= -{BACKWARD_Z}; held-out figures")
    for name, placements, gyro, feats in MODELS:
        sel = [r for r in rows if r["placement"] in placements and (r["gyro"] == "1" or not gyro)]
        if not sel:
            continue
        x = np.nan_to_num(np.array([[float(r[f]) for f in feats] for r in sel]))
        y = np.array([1 if r["label"] == "forward" else -1 for r in sel])
        folds = sorted(set(r["fold"] for r in sel))
        z = np.zeros(len(sel))
        for fold in folds:
            test = np.array([r["fold"] == fold for r in sel])
            if test.all():
                z[test] = np.nan
                continue
            scale, w = train(x[~test], y[~test])
            z[test] = (x[test] / scale) @ w
        scale, w = train(x, y)
        cv = {}
        keys = sorted(set((r["dataset"], "single" if "single" in r["case"] else "session"
                           if r["dataset"] == "mocap_bandai" else "", r["kind"],
                           "proxy" if r["reversed"] == "1" else "real") for r in sel))
        for key in keys:
            m = np.array([(r["dataset"], "single" if "single" in r["case"] else "session"
                           if r["dataset"] == "mocap_bandai" else "", r["kind"],
                           "proxy" if r["reversed"] == "1" else "real") == key for r in sel])
            if np.isnan(z[m]).all():
                continue
            d = decide(z[m])
            label = "/".join(k for k in key if k)
            cv[label] = {"n": int(m.sum()), "right": round(float(np.mean(d == y[m])), 3),
                         "unknown": round(float(np.mean(d == 0)), 3),
                         "wrong": round(float(np.mean(d == -y[m])), 3)}
            print(f"{name:18s} {label:40s} n={m.sum():4d} right {cv[label]['right']:.3f} "
                  f"unknown {cv[label]['unknown']:.3f} wrong {cv[label]['wrong']:.3f}")
        # Gate: a classifier decides only if, held out, it labelled at most
        # MAX_WRONG of every group's windows the wrong way (real and proxy,
        # bouts and pieces) and got at least MIN_RIGHT of every group's bouts right.
        enabled = all(v["wrong"] <= MAX_WRONG for v in cv.values()) and all(
            v["right"] >= MIN_RIGHT for k, v in cv.items() if "/bout/" in k)
        print(f"{name:18s} enabled={enabled}")
        models.append({"name": name, "placements": placements, "gyroscope": gyro,
                       "enabled": enabled,
                       "features": feats, "scale": [round(float(s), 6) for s in scale],
                       "weights": [round(float(v), 6) for v in w],
                       "training_rows": len(sel), "folds": folds, "held_out": cv})
    checks = []
    for placements, feats, a, b in [
        (["lower_back"], GYRO, ["ipol", "mobgap_lab"], ["mocap_bandai"]),
        (["lower_back"], GYRO, ["mocap_bandai"], ["ipol", "mobgap_lab"]),
        (["thigh_front_pocket"], ACC, ["oxford_phone"], ["mocap_bandai"]),
        (["thigh_front_pocket"], ACC, ["mocap_bandai"], ["oxford_phone"]),
    ]:
        c = cross_domain(rows, placements, feats, a, b)
        if c:
            c["placements"] = placements
            checks.append(c)
            print(f"cross-domain {placements} {a} -> {b}: n={c['n']} sign right {c['sign_right']:.2f} "
                  f"right {c['right']:.2f} wrong {c['wrong']:.2f}")
    model = {
        "version": "facing-v1",
        "provenance": {
            "script": "scripts/train_facing.py",
            "features": "examples/facing_features.rs (src/gait/facing.rs::facing_features)",
            "data": "../shared/datasets: mocap_bandai (real acted forward and backward), ipol and "
                    "mobgap_lab lower back, oxford_phone (real forward walking); every recording also "
                    "played backwards as a PROXY for backward walking (labels flipped)",
            "date": datetime.date.today().isoformat(),
            "rule": {"forward_z": FORWARD_Z, "backward_z": BACKWARD_Z},
            "gate": {"max_wrong": MAX_WRONG, "min_right_bouts": MIN_RIGHT},
            "held_out": "ipol, mobgap_lab: leave-one-dataset-out; oxford_phone: leave-one-subject-out; "
                        "mocap_bandai: leave-one-style-out",
        },
        "forward_z": FORWARD_Z,
        "backward_z": BACKWARD_Z,
        "models": models,
        "cross_domain_checks": checks,
    }
    with open(out, "w") as f:
        json.dump(model, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
