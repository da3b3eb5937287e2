//! Automatic placement detection, for recordings analysed without `--placement`.
//!
//! Only what physics makes safe is told apart so far: a foot sensor. A foot
//! swings fast (mid-swing angular velocity 6–10 rad/s, far above the trunk's
//! 1–4 rad/s) and then stands still on the ground for a large part of every
//! stride (stance), which a wrist or a pocket never does while walking. Both
//! together say "foot"; anything else stays unknown, said in the summary.

use crate::prepare::Segment;
use serde::Serialize;

/// A 99th percentile of |ω| above this (rad/s) is foot-like.
const FOOT_PEAK_RATE: f64 = 5.0;
/// Angular speed under which the foot is at rest on the ground, rad/s.
const REST_RATE: f64 = 0.8;
/// Fraction of the walking time (between two fast swings) a foot spends at
/// rest, at least. On the shared datasets feet measure ≥ 14 % (the acted
/// "happy" mocap style 8–11 %), fast-rotating non-feet (wrists) ≤ 10 %.
const FOOT_REST_FRACTION: f64 = 0.12;

/// The outcome of automatic placement detection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementGuess {
    /// True when the sensor is on a foot (side unknown).
    pub foot: bool,
    /// 0–1: how clearly the evidence points there.
    pub confidence: f64,
    /// The evidence, for the summary.
    pub reason: String,
}

/// Looks at the gyroscope of the prepared segments.
pub fn guess_placement(segments: &[Segment]) -> PlacementGuess {
    let mut speeds: Vec<f64> = Vec::new();
    for segment in segments {
        if let Some(gyro) = &segment.gyro {
            speeds.extend(
                gyro[0]
                    .iter()
                    .zip(&gyro[1])
                    .zip(&gyro[2])
                    .map(|((x, y), z)| (x * x + y * y + z * z).sqrt())
                    .filter(|v| v.is_finite()),
            );
        }
    }
    if speeds.is_empty() {
        return PlacementGuess {
            foot: false,
            confidence: 0.0,
            reason: "no gyroscope: placement not detected".into(),
        };
    }
    // The 99th percentile: a selection, not a whole sort, of an hour of samples.
    let mut ordered = speeds.clone();
    let rank = ((ordered.len() - 1) as f64 * 0.99) as usize;
    let (_, &mut p99, _) = ordered.select_nth_unstable_by(rank, f64::total_cmp);
    // Rest while walking: samples with fast rotation both within 0.8 s before
    // and within 0.8 s after (stance between two swings; standing still
    // between walks is longer and does not count).
    let reach = 80usize;
    let fast = 0.5 * p99;
    let n = speeds.len();
    // Per sample: is there a fast one at most `reach` samples before (or at) it?
    let mut fast_before = vec![false; n];
    let mut previous: Option<usize> = None;
    for (i, v) in speeds.iter().enumerate() {
        if *v > fast {
            previous = Some(i);
        }
        fast_before[i] = previous.is_some_and(|b| i - b <= reach);
    }
    let mut next_fast: Option<usize> = None;
    let mut moving = 0usize;
    let mut resting = 0usize;
    for i in (0..n).rev() {
        if speeds[i] > fast {
            next_fast = Some(i);
        }
        let before = fast_before[i];
        let after = next_fast.is_some_and(|a| a - i <= reach);
        if before && after {
            moving += 1;
            if speeds[i] < REST_RATE {
                resting += 1;
            }
        }
    }
    let rest_fraction = if moving > 0 {
        resting as f64 / moving as f64
    } else {
        0.0
    };
    let foot = p99 > FOOT_PEAK_RATE && rest_fraction > FOOT_REST_FRACTION;
    let confidence = if foot {
        ((p99 / FOOT_PEAK_RATE - 1.0).min(1.0) * 0.5
            + (rest_fraction / FOOT_REST_FRACTION - 1.0).min(1.0) * 0.5)
            .clamp(0.1, 1.0)
    } else {
        0.0
    };
    PlacementGuess {
        foot,
        confidence,
        reason: format!(
            "99th percentile of |w| {p99:.1} rad/s (foot > {FOOT_PEAK_RATE}), at rest {:.0} % of the moving time (foot > {:.0} %): {}",
            100.0 * rest_fraction,
            100.0 * FOOT_REST_FRACTION,
            if foot { "a foot sensor (side unknown)" } else { "not a foot; placement unknown" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(gyro_of_t: impl Fn(f64) -> f64) -> Segment {
        let n = 3000;
        let gyro_x: Vec<f64> = (0..n).map(|i| gyro_of_t(i as f64 / 100.0)).collect();
        Segment {
            start_s: 0.0,
            acc: [vec![0.0; n], vec![0.0; n], vec![9.81; n]],
            gyro: Some([gyro_x, vec![0.0; n], vec![0.0; n]]),
            gravity: None,
        }
    }

    #[test]
    fn a_foot_swings_fast_and_rests_a_trunk_does_not() {
        // Foot: 0.4 s swing at up to 8 rad/s, then 0.7 s of stance rest, per stride.
        let foot = segment(|t| {
            let phase = (t % 1.1) / 1.1;
            if phase < 0.36 {
                8.0 * (phase / 0.36 * std::f64::consts::PI).sin()
            } else {
                0.05
            }
        });
        assert!(guess_placement(&[foot]).foot);
        // Trunk: continuous yaw/roll of about 1.5 rad/s.
        let trunk = segment(|t| 1.5 * (t * 2.0 * std::f64::consts::PI * 0.9).sin());
        assert!(!guess_placement(&[trunk]).foot);
        // Wrist: fast arm swing but never at rest.
        let wrist = segment(|t| 6.0 * (t * 2.0 * std::f64::consts::PI * 0.9).sin() + 2.0);
        assert!(!guess_placement(&[wrist]).foot);
    }
}
