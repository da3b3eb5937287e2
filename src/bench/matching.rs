//! Optimal one-to-one matching of detected to reference event times on a line.
//!
//! Goal: the largest number of pairs with |detected − reference| ≤ tolerance, and among
//! those the smallest total |detected − reference|.
//!
//! Why a dynamic programme and not greedy nearest pairs: greedy (closest pair first) is
//! *not* optimal. Reference {0.0, 0.3}, detections {0.2, 0.5}, tolerance 0.25: greedy
//! pairs 0.2↔0.3 (0.1 apart) first and then 0.5 has nothing left within 0.25, one pair;
//! the optimum is 0.2↔0.0 and 0.5↔0.3, two pairs (see the tests).
//!
//! Why order-preserving suffices: for sorted r₁ ≤ r₂ and d₁ ≤ d₂, the uncrossed pairing
//! (r₁d₁, r₂d₂) has max distance ≤ that of the crossed pairing (r₁d₂, r₂d₁) and total
//! distance ≤ the crossed total. So uncrossing a crossing pair keeps every pair within
//! tolerance and never increases the cost; some optimal matching is therefore
//! non-crossing, and an edit-distance-like DP over the two sorted sequences finds it
//! (O(n·m) per cluster). The sequences are first cut into clusters wherever two
//! consecutive times (of either kind) are more than the tolerance apart, because no pair
//! can span such a gap; this keeps the tables small.

use serde::{Deserialize, Serialize};

/// Slack added to the tolerance so that decimal times exactly at the tolerance
/// (e.g. 1.25 − 1.00) still match despite binary rounding.
const TOLERANCE_SLACK_S: f64 = 1e-9;

/// One matched pair, as indices into the slices given to [`match_events`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedPair {
    /// Index into the reference times.
    pub reference_index: usize,
    /// Index into the detected times.
    pub detected_index: usize,
}

/// Matches detected to reference times one-to-one within `tolerance_s` (see the module
/// docs): maximum number of pairs, then minimum total absolute time difference.
/// Inputs need not be sorted; non-finite times never match. Pairs come back sorted by
/// reference time.
pub fn match_events(reference: &[f64], detected: &[f64], tolerance_s: f64) -> Vec<MatchedPair> {
    let tolerance = tolerance_s.max(0.0) + TOLERANCE_SLACK_S;
    let mut reference_order: Vec<usize> = (0..reference.len())
        .filter(|&i| reference[i].is_finite())
        .collect();
    reference_order.sort_by(|&a, &b| reference[a].total_cmp(&reference[b]));
    let mut detected_order: Vec<usize> = (0..detected.len())
        .filter(|&j| detected[j].is_finite())
        .collect();
    detected_order.sort_by(|&a, &b| detected[a].total_cmp(&detected[b]));

    let mut pairs = Vec::new();
    let (mut ref_pos, mut det_pos) = (0, 0);
    while ref_pos < reference_order.len() || det_pos < detected_order.len() {
        // Grow one cluster: keep taking the earlier of the two next times while it lies
        // within the tolerance of the previous time taken.
        let (ref_start, det_start) = (ref_pos, det_pos);
        let mut last: Option<f64> = None;
        loop {
            let next_ref = reference_order.get(ref_pos).map(|&i| reference[i]);
            let next_det = detected_order.get(det_pos).map(|&j| detected[j]);
            let take_reference = match (next_ref, next_det) {
                (Some(r), Some(d)) => r <= d,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let time = if take_reference { next_ref } else { next_det }.unwrap_or(f64::NAN);
            if last.is_some_and(|previous| time - previous > tolerance) {
                break;
            }
            last = Some(time);
            if take_reference {
                ref_pos += 1;
            } else {
                det_pos += 1;
            }
        }
        let cluster_reference: Vec<usize> = reference_order[ref_start..ref_pos].to_vec();
        let cluster_detected: Vec<usize> = detected_order[det_start..det_pos].to_vec();
        if !cluster_reference.is_empty() && !cluster_detected.is_empty() {
            match_cluster(
                reference,
                detected,
                &cluster_reference,
                &cluster_detected,
                tolerance,
                &mut pairs,
            );
        }
    }
    pairs.sort_by(|a, b| reference[a.reference_index].total_cmp(&reference[b.reference_index]));
    pairs
}

/// Best (pairs, total distance) of a DP cell: more pairs first, then less distance.
#[derive(Clone, Copy)]
struct CellValue {
    pairs: usize,
    distance: f64,
}

impl CellValue {
    fn better_than(self, other: CellValue) -> bool {
        self.pairs > other.pairs || (self.pairs == other.pairs && self.distance < other.distance)
    }
}

/// Which move produced a DP cell, for the traceback.
#[derive(Clone, Copy)]
enum Move {
    SkipReference,
    SkipDetected,
    Pair,
}

/// Order-preserving optimal matching of one cluster (indices sorted by time).
fn match_cluster(
    reference: &[f64],
    detected: &[f64],
    cluster_reference: &[usize],
    cluster_detected: &[usize],
    tolerance: f64,
    pairs: &mut Vec<MatchedPair>,
) {
    let (n, m) = (cluster_reference.len(), cluster_detected.len());
    let width = m + 1;
    let empty = CellValue {
        pairs: 0,
        distance: 0.0,
    };
    let mut value = vec![empty; (n + 1) * width];
    // Row 0 and column 0 are never read by the traceback (it stops there).
    let mut moves = vec![Move::SkipReference; (n + 1) * width];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = value[(i - 1) * width + j];
            let mut best_move = Move::SkipReference;
            let skip_detected = value[i * width + j - 1];
            if skip_detected.better_than(best) {
                best = skip_detected;
                best_move = Move::SkipDetected;
            }
            let distance =
                (detected[cluster_detected[j - 1]] - reference[cluster_reference[i - 1]]).abs();
            if distance <= tolerance {
                let diagonal = value[(i - 1) * width + j - 1];
                let paired = CellValue {
                    pairs: diagonal.pairs + 1,
                    distance: diagonal.distance + distance,
                };
                if paired.better_than(best) {
                    best = paired;
                    best_move = Move::Pair;
                }
            }
            value[i * width + j] = best;
            moves[i * width + j] = best_move;
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        match moves[i * width + j] {
            Move::SkipReference => i -= 1,
            Move::SkipDetected => j -= 1,
            Move::Pair => {
                pairs.push(MatchedPair {
                    reference_index: cluster_reference[i - 1],
                    detected_index: cluster_detected[j - 1],
                });
                i -= 1;
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_as_times(reference: &[f64], detected: &[f64], tolerance: f64) -> Vec<(f64, f64)> {
        match_events(reference, detected, tolerance)
            .iter()
            .map(|p| (reference[p.reference_index], detected[p.detected_index]))
            .collect()
    }

    #[test]
    fn exact_times_all_match() {
        let times = [1.0, 1.5, 2.0, 2.5];
        let pairs = match_events(&times, &times, 0.25);
        assert_eq!(pairs.len(), 4);
        assert!(pairs.iter().all(|p| p.reference_index == p.detected_index));
    }

    #[test]
    fn shifted_within_and_beyond_tolerance() {
        let reference = [1.0, 2.0, 3.0];
        let shifted: Vec<f64> = reference.iter().map(|t| t + 0.2).collect();
        assert_eq!(match_events(&reference, &shifted, 0.25).len(), 3);
        let too_far: Vec<f64> = reference.iter().map(|t| t + 0.3).collect();
        assert_eq!(match_events(&reference, &too_far, 0.25).len(), 0);
        // Exactly at the tolerance counts (decimal rounding slack).
        assert_eq!(match_events(&[1.0], &[1.25], 0.25).len(), 1);
    }

    #[test]
    fn extra_and_missing_detections() {
        let reference = [1.0, 2.0, 3.0, 4.0];
        let detected = [1.02, 1.6, 3.01, 3.5, 9.0];
        let pairs = pairs_as_times(&reference, &detected, 0.25);
        assert_eq!(pairs, vec![(1.0, 1.02), (3.0, 3.01)]);
    }

    #[test]
    fn greedy_counterexample_is_solved_optimally() {
        // Greedy nearest pair takes 0.2↔0.3 first and ends with one pair.
        let pairs = pairs_as_times(&[0.0, 0.3], &[0.2, 0.5], 0.25);
        assert_eq!(pairs, vec![(0.0, 0.2), (0.3, 0.5)]);
    }

    #[test]
    fn among_maximum_matchings_the_closest_is_chosen() {
        // One reference, two candidates: the nearer one wins.
        let pairs = pairs_as_times(&[1.0], &[0.9, 1.05], 0.25);
        assert_eq!(pairs, vec![(1.0, 1.05)]);
        // Two references, one detection between: nearer reference wins.
        let pairs = pairs_as_times(&[1.0, 1.3], &[1.2], 0.25);
        assert_eq!(pairs, vec![(1.3, 1.2)]);
    }

    #[test]
    fn unsorted_input_and_nan_are_handled() {
        let reference = [3.0, 1.0, f64::NAN, 2.0];
        let detected = [2.05, f64::NAN, 0.95, 3.1];
        let pairs = pairs_as_times(&reference, &detected, 0.25);
        assert_eq!(pairs, vec![(1.0, 0.95), (2.0, 2.05), (3.0, 3.1)]);
        assert!(match_events(&[], &[1.0], 0.25).is_empty());
        assert!(match_events(&[1.0], &[], 0.25).is_empty());
    }

    #[test]
    fn dense_chain_matches_brute_force() {
        // A long chain of events spaced less than the tolerance forms one cluster;
        // compare the pair count against exhaustive search on small random sets.
        let mut seed: u64 = 12345;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f64) / ((1u64 << 31) as f64)
        };
        for _ in 0..300 {
            let reference: Vec<f64> = (0..5)
                .map(|_| (next() * 2.0 * 100.0).round() / 100.0)
                .collect();
            let detected: Vec<f64> = (0..5)
                .map(|_| (next() * 2.0 * 100.0).round() / 100.0)
                .collect();
            let got = match_events(&reference, &detected, 0.25);
            let best = brute_force_best(&reference, &detected, 0.25);
            let got_distance: f64 = got
                .iter()
                .map(|p| (reference[p.reference_index] - detected[p.detected_index]).abs())
                .sum();
            assert_eq!(got.len(), best.0, "{reference:?} {detected:?}");
            assert!(got_distance <= best.1 + 1e-9, "{reference:?} {detected:?}");
        }
    }

    /// Exhaustive (pairs, minimum distance) over all partial injections.
    fn brute_force_best(reference: &[f64], detected: &[f64], tolerance: f64) -> (usize, f64) {
        fn search(
            i: usize,
            reference: &[f64],
            detected: &[f64],
            used: &mut Vec<bool>,
            tolerance: f64,
        ) -> (usize, f64) {
            if i == reference.len() {
                return (0, 0.0);
            }
            let mut best = search(i + 1, reference, detected, used, tolerance);
            for j in 0..detected.len() {
                let distance = (reference[i] - detected[j]).abs();
                if !used[j] && distance <= tolerance + 1e-9 {
                    used[j] = true;
                    let (pairs, total) = search(i + 1, reference, detected, used, tolerance);
                    used[j] = false;
                    let candidate = (pairs + 1, total + distance);
                    if candidate.0 > best.0 || (candidate.0 == best.0 && candidate.1 < best.1) {
                        best = candidate;
                    }
                }
            }
            best
        }
        let mut used = vec![false; detected.len()];
        search(0, reference, detected, &mut used, tolerance)
    }
}
