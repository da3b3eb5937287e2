//! Peak detection with SciPy `find_peaks` semantics for `height`, `prominence` and
//! `distance`.
//!
//! Steps, in SciPy's order:
//! 1. local maxima: a sample (or flat run of equal samples) strictly higher than both
//!    neighbours; a flat top reports its middle index, rounded down. The first and last
//!    samples are never peaks, and NaN samples are never peaks (every comparison with
//!    NaN is false, as in SciPy).
//! 2. `height`: keep peaks with `x[peak] >= height`.
//! 3. `distance`: visit peaks from highest to lowest; each kept peak removes all other
//!    peaks closer than `distance` samples (SciPy `_select_by_peak_distance`).
//! 4. `prominence`: keep peaks with `prominence >= min`.
//!
//! Prominence is computed as SciPy does with `wlen=None` (the whole signal): from the
//! peak, walk outwards on each side until a sample higher than the peak (or NaN, which
//! stops SciPy's walk too) or the signal end; the base on that side is the minimum
//! passed over; prominence = height - max(left base, right base). Instead of walking per
//! peak (O(n^2) for e.g. a long staircase), one left-to-right and one right-to-left scan
//! with a monotonic stack find, for every sample, the nearest strictly higher sample and
//! the minimum in between, in O(n) total. No window (`wlen`) option is offered; results
//! equal SciPy's `wlen=None` exactly (same comparisons, same subtraction).
//!
//! Tie-break: SciPy sorts heights with NumPy's unstable `argsort`, so which of several
//! *equally high* peaks survives the distance rule depends on NumPy's sort (it differs
//! between CPUs). Here the sort is stable: among equal heights the rightmost peak is
//! considered first. Without height ties the result is identical to SciPy's.

use std::cmp::Ordering;

/// Conditions a peak must meet; `None` disables a condition.
#[derive(Default, Clone, Debug)]
pub struct PeakOptions {
    /// Minimum peak height (`x[peak] >= height`).
    pub height: Option<f64>,
    /// Minimum prominence (`prominence >= value`), see the module docs.
    pub prominence: Option<f64>,
    /// Minimum spacing in samples between kept peaks; higher peaks win. `0` and `1`
    /// impose no constraint.
    pub distance: Option<usize>,
}

/// A detected peak.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peak {
    /// Sample index (middle of a flat top, rounded down).
    pub index: usize,
    /// Sample value at `index`.
    pub height: f64,
    /// Vertical distance from the peak down to its higher base (SciPy `peak_prominences`
    /// with `wlen=None`); always computed, whether or not a prominence limit is set.
    pub prominence: f64,
}

/// Finds peaks in `x` with SciPy `find_peaks` semantics (see the module docs).
///
/// Runs in O(n log n) time (the log from sorting peaks for `distance`) and O(n) memory.
/// Empty, short (< 3 samples) or all-NaN inputs give no peaks.
pub fn find_peaks(x: &[f64], options: &PeakOptions) -> Vec<Peak> {
    let mut candidates = local_maxima(x);

    if let Some(min_height) = options.height {
        candidates.retain(|&i| x.get(i).is_some_and(|&h| min_height <= h));
    }

    if let Some(distance) = options.distance {
        candidates = select_by_distance(x, &candidates, distance);
    }

    let prominences = prominences(x, &candidates);
    candidates
        .iter()
        .zip(prominences)
        .filter_map(|(&index, prominence)| {
            let height = *x.get(index)?;
            let keep = options.prominence.is_none_or(|min| min <= prominence);
            keep.then_some(Peak {
                index,
                height,
                prominence,
            })
        })
        .collect()
}

/// Indices of local maxima in ascending order (SciPy `_local_maxima_1d`): a rise into a
/// sample, an optional flat run, then a fall; a flat top reports its middle (rounded down).
fn local_maxima(x: &[f64]) -> Vec<usize> {
    let mut peaks = Vec::new();
    let Some(last) = x.len().checked_sub(1) else {
        return peaks;
    };
    let mut i = 1;
    // Invariant inside the loop: 1 <= i < last, so i - 1 and i are in bounds, and the
    // look-ahead index stays <= last.
    while i < last {
        if x[i - 1] < x[i] {
            let mut ahead = i + 1;
            while ahead < last && x[ahead] == x[i] {
                ahead += 1;
            }
            if x[ahead] < x[i] {
                peaks.push((i + ahead - 1) / 2);
                i = ahead;
            }
        }
        i += 1;
    }
    peaks
}

/// Keeps peaks at least `distance` samples apart, preferring higher ones
/// (SciPy `_select_by_peak_distance`, with a stable sort for ties). Input and output are
/// ascending indices. Each peak is cleared by at most two kept peaks, so apart from the
/// sort this is O(m).
fn select_by_distance(x: &[f64], peaks: &[usize], distance: usize) -> Vec<usize> {
    if distance <= 1 {
        return peaks.to_vec();
    }
    // `+ 0.0` maps -0.0 to 0.0 so `total_cmp` treats them as equal like NumPy does;
    // peaks are never NaN, so this is the usual numeric order.
    let heights: Vec<f64> = peaks
        .iter()
        .map(|&i| x.get(i).copied().unwrap_or(f64::NEG_INFINITY) + 0.0)
        .collect();
    let mut by_height: Vec<usize> = (0..peaks.len()).collect();
    by_height.sort_by(|&a, &b| match (heights.get(a), heights.get(b)) {
        (Some(ha), Some(hb)) => ha.total_cmp(hb),
        _ => Ordering::Equal,
    });

    let mut keep = vec![true; peaks.len()];
    for &j in by_height.iter().rev() {
        let (Some(true), Some(&centre)) = (keep.get(j).copied(), peaks.get(j)) else {
            continue;
        };
        let too_close = |&(_, &other): &(usize, &usize)| centre.abs_diff(other) < distance;
        for (k, _) in peaks.iter().enumerate().take(j).rev().take_while(too_close) {
            if let Some(flag) = keep.get_mut(k) {
                *flag = false;
            }
        }
        for (k, _) in peaks.iter().enumerate().skip(j + 1).take_while(too_close) {
            if let Some(flag) = keep.get_mut(k) {
                *flag = false;
            }
        }
    }
    peaks
        .iter()
        .zip(keep)
        .filter_map(|(&p, k)| k.then_some(p))
        .collect()
}

/// Prominence of each peak (ascending indices), equal to SciPy's `peak_prominences` with
/// `wlen=None`.
fn prominences(x: &[f64], peaks: &[usize]) -> Vec<f64> {
    if peaks.is_empty() {
        return Vec::new();
    }
    let left = reach_minima(x.iter().copied().enumerate(), peaks.iter().copied());
    let mut right = reach_minima(
        x.iter().copied().enumerate().rev(),
        peaks.iter().rev().copied(),
    );
    right.reverse();
    peaks
        .iter()
        .zip(left.iter().zip(&right))
        .map(|(&p, (&l, &r))| x.get(p).copied().unwrap_or(f64::NAN) - l.max(r))
        .collect()
}

/// For each target position, the minimum sample value between the target (inclusive)
/// and the nearest earlier sample, in scan order, that is higher than the target or NaN
/// (exclusive; or the start of the scan). `targets` must come in scan order.
///
/// Monotonic stack: each entry holds a sample value and the minimum over the span it
/// covers back to the entry below it. A new sample pops every entry not higher than
/// itself and absorbs their minima, so the entry left below it is its nearest higher
/// sample. NaN entries compare false and are never popped, stopping the reach there.
fn reach_minima(
    samples: impl Iterator<Item = (usize, f64)>,
    targets: impl Iterator<Item = usize>,
) -> Vec<f64> {
    let mut targets = targets.peekable();
    let mut minima = Vec::new();
    let mut stack: Vec<(f64, f64)> = Vec::new();
    for (index, value) in samples {
        let Some(&next_target) = targets.peek() else {
            break;
        };
        let mut span_min = value;
        while let Some(&(top_value, top_min)) = stack.last() {
            if top_value <= value {
                span_min = span_min.min(top_min);
                stack.pop();
            } else {
                break;
            }
        }
        stack.push((value, span_min));
        if index == next_target {
            minima.push(span_min);
            targets.next();
        }
    }
    minima
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::HashMap;

    #[derive(Deserialize)]
    struct Fixture {
        signals: HashMap<String, Vec<Option<f64>>>,
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        signal: String,
        options: CaseOptions,
        indices: Vec<usize>,
        prominences: Vec<f64>,
        indices_stable_ties: Vec<usize>,
    }

    #[derive(Deserialize)]
    struct CaseOptions {
        height: Option<f64>,
        prominence: Option<f64>,
        distance: Option<usize>,
    }

    #[test]
    fn matches_scipy_find_peaks() {
        let fixture: Fixture =
            serde_json::from_str(include_str!("../../tests/fixtures/dsp/peaks.json"))
                .expect("peaks.json parses");
        let mut tie_cases = 0;
        for case in &fixture.cases {
            let x: Vec<f64> = fixture.signals[&case.signal]
                .iter()
                .map(|v| v.unwrap_or(f64::NAN))
                .collect();
            let options = PeakOptions {
                height: case.options.height,
                prominence: case.options.prominence,
                distance: case.options.distance,
            };
            let found = find_peaks(&x, &options);
            let indices: Vec<usize> = found.iter().map(|p| p.index).collect();
            let label = format!("{} {:?}", case.signal, options);
            // Without height ties SciPy's result is reproduced exactly; with ties, our
            // documented stable tie-break is checked instead.
            assert_eq!(indices, case.indices_stable_ties, "{label}");
            if case.indices == case.indices_stable_ties {
                for (peak, expected) in found.iter().zip(&case.prominences) {
                    assert_eq!(peak.prominence, *expected, "{label} at {}", peak.index);
                    assert_eq!(peak.height, x[peak.index]);
                }
            } else {
                tie_cases += 1;
            }
        }
        // The fixture deliberately contains tie-sensitive cases; most are exact.
        assert!(tie_cases < fixture.cases.len() / 4);
    }

    #[test]
    fn plateau_reports_middle_rounded_down() {
        let x = [0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 2.0, 2.0, 0.0];
        let peaks = find_peaks(&x, &PeakOptions::default());
        let indices: Vec<usize> = peaks.iter().map(|p| p.index).collect();
        assert_eq!(indices, vec![2, 7]);
    }

    #[test]
    fn edges_and_open_plateaus_are_not_peaks() {
        let x = [3.0, 1.0, 2.0, 2.0];
        assert!(find_peaks(&x, &PeakOptions::default()).is_empty());
    }

    #[test]
    fn prominence_uses_higher_base() {
        // Peak at 3 (height 4): left base 1 (reach stops at 5), right base 0 -> prom 3.
        let x = [0.0, 5.0, 1.0, 4.0, 0.0];
        let peaks = find_peaks(&x, &PeakOptions::default());
        assert_eq!(peaks.len(), 2);
        assert_eq!((peaks[0].index, peaks[0].prominence), (1, 5.0));
        assert_eq!((peaks[1].index, peaks[1].prominence), (3, 3.0));
    }

    #[test]
    fn distance_prefers_higher_peaks() {
        let x = [0.0, 1.0, 0.0, 3.0, 0.0, 2.0, 0.0];
        let options = PeakOptions {
            distance: Some(3),
            ..PeakOptions::default()
        };
        let indices: Vec<usize> = find_peaks(&x, &options).iter().map(|p| p.index).collect();
        assert_eq!(indices, vec![3]);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let all = PeakOptions {
            height: Some(0.0),
            prominence: Some(0.0),
            distance: Some(2),
        };
        for x in [
            vec![],
            vec![1.0],
            vec![1.0, 2.0],
            vec![f64::NAN; 10],
            vec![0.0, f64::NAN, 0.0],
            vec![0.0, f64::INFINITY, 0.0, f64::NEG_INFINITY, 1.0, 0.0],
        ] {
            for options in [PeakOptions::default(), all.clone()] {
                for peak in find_peaks(&x, &options) {
                    assert!(!peak.height.is_nan());
                }
            }
        }
        let options = PeakOptions {
            height: Some(f64::NAN),
            ..PeakOptions::default()
        };
        assert!(find_peaks(&[0.0, 1.0, 0.0], &options).is_empty());
    }

    #[test]
    fn nan_blocks_prominence_reach() {
        // SciPy's base walk stops at NaN, so the left base is x[3] = 1, not x[0] = -9.
        let x = [-9.0, 5.0, f64::NAN, 1.0, 2.0, 0.0];
        let peaks = find_peaks(&x, &PeakOptions::default());
        assert_eq!(peaks.len(), 1);
        assert_eq!((peaks[0].index, peaks[0].prominence), (4, 1.0));
    }

    #[test]
    fn staircase_is_fast_and_correct() {
        // Rising staircase of small peaks: every left walk in the naive algorithm would
        // cross the whole prefix (O(n^2)); the stack version is linear.
        let n = 200_000;
        let x: Vec<f64> = (0..n)
            .map(|i| i as f64 + if i % 2 == 1 { 10.0 } else { 0.0 })
            .collect();
        let peaks = find_peaks(&x, &PeakOptions::default());
        assert_eq!(peaks.len(), n / 2 - 1);
        // Peak 2k+1 (height 2k+11): left base 0, right base x[2k+2], prominence 9.
        for peak in &peaks {
            let i = peak.index;
            let expected = x[i] - x[i - 1].max(x[i + 1]);
            assert_eq!(peak.prominence, expected);
        }
    }
}
