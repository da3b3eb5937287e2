#!/usr/bin/env python3
"""Generate SciPy reference values for the Rust `dsp` module tests.

Writes two JSON files into tests/fixtures/dsp/ (relative to the crate root):

* butter.json -- for a deterministic test signal: SciPy `butter(..., output='sos')`
  coefficients plus `sosfilt` and `sosfiltfilt` outputs for a set of filter designs.
* peaks.json  -- `find_peaks` indices and prominences for several signals
  and option combinations (plateaus, distance ties, NaN samples, long random walks).

Values are written at full precision (Python's repr round-trips f64 exactly).
NaN samples are written as JSON null because JSON has no NaN.

Usage:  pip install numpy scipy && python3 scripts/dsp_reference.py
"""

import json
import math
import pathlib

import numpy as np
import scipy
from scipy import signal

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "fixtures" / "dsp"

SIGNAL_LEN = 256
SEED = 20240611


def test_signal():
    """Sum of sines + offset + seeded Gaussian noise (frequencies in cycles/sample)."""
    rng = np.random.default_rng(SEED)
    n = np.arange(SIGNAL_LEN)
    x = (
        1.5
        + np.sin(2 * np.pi * 0.013 * n)
        + 0.6 * np.sin(2 * np.pi * 0.11 * n + 0.3)
        + 0.3 * np.sin(2 * np.pi * 0.37 * n + 1.1)
        + 0.25 * rng.standard_normal(SIGNAL_LEN)
    )
    return x


# (kind, order, cutoff(s) in Hz, sample rate in Hz)
DESIGNS = [
    ("lowpass", 1, 10.0, 100.0),
    ("lowpass", 1, 40.0, 200.0),
    ("lowpass", 2, 5.0, 100.0),
    ("lowpass", 2, 80.0, 200.0),
    ("lowpass", 3, 12.0, 100.0),
    ("lowpass", 4, 20.0, 200.0),
    ("lowpass", 4, 3.0, 1000.0),
    ("lowpass", 5, 15.0, 100.0),
    ("lowpass", 5, 45.0, 100.0),
    ("lowpass", 8, 25.0, 100.0),
    ("highpass", 1, 2.0, 100.0),
    ("highpass", 2, 0.5, 100.0),
    ("highpass", 4, 10.0, 200.0),
    ("highpass", 5, 30.0, 100.0),
    ("bandpass", 1, [1.0, 40.0], 100.0),
    ("bandpass", 2, [0.5, 20.0], 100.0),
    ("bandpass", 3, [5.0, 15.0], 100.0),
    ("bandpass", 4, [2.0, 8.0], 100.0),
]


def butter_cases():
    x = test_signal()
    cases = []
    for kind, order, cutoff, fs in DESIGNS:
        sos = signal.butter(order, cutoff, btype=kind, fs=fs, output="sos")
        ntaps = 2 * sos.shape[0] + 1 - min(int((sos[:, 2] == 0).sum()), int((sos[:, 5] == 0).sum()))
        cases.append(
            {
                "kind": kind,
                "order": order,
                "cutoff_hz": cutoff if isinstance(cutoff, list) else [cutoff],
                "sample_rate_hz": fs,
                "padlen": 3 * ntaps,
                "sos": sos.tolist(),
                "filter": signal.sosfilt(sos, x).tolist(),
                "filtfilt": signal.sosfiltfilt(sos, x).tolist(),
            }
        )
    return {"scipy_version": scipy.__version__, "signal": x.tolist(), "cases": cases}


def nan_to_none(values):
    return [None if (isinstance(v, float) and math.isnan(v)) else v for v in values]


def peaks_signals():
    rng = np.random.default_rng(SEED + 1)
    sig = {}
    sig["plateaus"] = [0.0, 1.0, 1.0, 1.0, 0.0, 2.0, 2.0, 0.0, 3.0, 3.0, 3.0, 3.0, 1.0,
                       1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 5.0, 4.0, 4.0, 4.0, 4.0, 0.0, 1.0, 1.0]
    sig["edges"] = [5.0, 5.0, 1.0, 2.0, 1.0, 0.0, 3.0, 3.0]
    sig["ties"] = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 0.0, 1.0,
                   0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    sig["nan"] = [0.0, 2.0, float("nan"), 1.0, 3.0, 1.0, float("nan"), 0.0, 4.0, 0.0,
                  2.0, 5.0, float("nan"), 5.0, 1.0, 3.0, 0.0]
    # Small integers: many plateaus and equal heights (distance ties).
    sig["integers"] = rng.integers(0, 5, size=300).astype(float).tolist()
    # Random walk: long nested prominence structure.
    sig["walk"] = np.cumsum(rng.standard_normal(1200)).tolist()
    n = np.arange(600)
    sig["noisy_sine"] = (np.sin(2 * np.pi * n / 50) + 0.2 * rng.standard_normal(600)).tolist()
    return sig


OPTION_SETS = [
    {},
    {"height": 1.0},
    {"prominence": 0.5},
    {"prominence": 2.0},
    {"distance": 2},
    {"distance": 3},
    {"distance": 7},
    {"height": 0.5, "prominence": 1.0, "distance": 5},
    {"height": 2.0, "distance": 25},
]


def select_by_distance_stable(peaks, heights, distance):
    """SciPy's `_select_by_peak_distance`, but with a *stable* sort of the heights.

    SciPy orders peaks with `np.argsort` (unstable; on AVX-512/AVX2 machines NumPy uses a
    SIMD sort), so which of several equally high peaks survives depends on the CPU.  The
    Rust port uses a stable sort (among equal heights the rightmost peak is considered
    first); this function produces that documented result for comparison.
    """
    keep = np.ones(len(peaks), dtype=bool)
    order = np.argsort(heights, kind="stable")
    for i in range(len(peaks) - 1, -1, -1):
        j = order[i]
        if not keep[j]:
            continue
        k = j - 1
        while k >= 0 and peaks[j] - peaks[k] < distance:
            keep[k] = False
            k -= 1
        k = j + 1
        while k < len(peaks) and peaks[k] - peaks[j] < distance:
            keep[k] = False
            k += 1
    return keep


def find_peaks_stable_ties(x, opts):
    """`find_peaks` with the same filter order as SciPy, stable tie-break for distance."""
    peaks, _ = signal.find_peaks(x)
    if "height" in opts:
        peaks = peaks[x[peaks] >= opts["height"]]
    if "distance" in opts:
        peaks = peaks[select_by_distance_stable(peaks, x[peaks], opts["distance"])]
    if "prominence" in opts and len(peaks):
        peaks = peaks[signal.peak_prominences(x, peaks)[0] >= opts["prominence"]]
    return peaks


def peaks_cases():
    cases = []
    signals = peaks_signals()
    for name, x in signals.items():
        arr = np.asarray(x, dtype=float)
        for opts in OPTION_SETS:
            peaks, _ = signal.find_peaks(arr, **opts)
            proms = signal.peak_prominences(arr, peaks)[0] if len(peaks) else np.array([])
            stable = find_peaks_stable_ties(arr, opts)
            cases.append(
                {
                    "signal": name,
                    "options": opts,
                    "indices": peaks.tolist(),
                    "prominences": proms.tolist(),
                    # Equal to "indices" unless SciPy's unstable sort broke a height tie
                    # differently from the documented stable tie-break.
                    "indices_stable_ties": stable.tolist(),
                }
            )
    return {
        "scipy_version": scipy.__version__,
        "signals": {k: nan_to_none(v) for k, v in signals.items()},
        "cases": cases,
    }


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, payload in (("butter.json", butter_cases()), ("peaks.json", peaks_cases())):
        path = OUT_DIR / name
        path.write_text(json.dumps(payload, separators=(",", ":"), allow_nan=False) + "\n")
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
