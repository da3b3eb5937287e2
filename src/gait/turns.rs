//! Turns: where the heading changes by at least 45° within a few seconds.
//!
//! The heading rate is the angular velocity about the vertical (ω·up), so it
//! does not depend on how the device is held. It is integrated into a heading
//! angle; a turn is a stretch where the heading rate stays above 15°/s in the
//! same direction (gaps under 0.3 s bridged) and the heading changes by ≥ 45°
//! in total — the turn definitions of the Mobilise-D and El-Gohary et al.
//! (2014) turn detectors, re-implemented from their descriptions.

use crate::dsp::filter::Butterworth;
use serde::Serialize;

/// Smallest heading change that counts as a turn, degrees.
pub const MIN_TURN_DEG: f64 = 45.0;
/// Heading rate above which the body is turning, degrees per second.
const TURNING_RATE_DEG_S: f64 = 15.0;
/// Pauses in the turning shorter than this are part of one turn, s.
const BRIDGE_S: f64 = 0.3;
/// Low-pass of the heading rate, Hz (removes the step-by-step pelvis yaw).
const HEADING_RATE_LOWPASS_HZ: f64 = 1.5;

/// One detected turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Turn {
    /// Start, s since the recording's first sample.
    pub start_s: f64,
    /// End, s.
    pub end_s: f64,
    /// Heading change, degrees (positive = counter-clockwise seen from above).
    pub angle_deg: f64,
}

/// The angular rate about the vertical (ω·up), rad/s, per sample: the heading
/// rate of [`detect_turns`], and the pelvis yaw the step rhythm reads.
pub fn yaw_rate(gyro: &[Vec<f64>; 3], up: &[[f64; 3]]) -> Vec<f64> {
    up.iter()
        .zip(&gyro[0])
        .zip(&gyro[1])
        .zip(&gyro[2])
        .map(|(((u, x), y), z)| x * u[0] + y * u[1] + z * u[2])
        .collect()
}

/// Turns in one segment from its [`yaw_rate`], rad/s.
pub fn detect_turns(yaw_rate: &[f64], rate_hz: f64, start_s: f64) -> Vec<Turn> {
    let n = yaw_rate.len();
    let heading_rate: Vec<f64> = yaw_rate.iter().map(|w| w.to_degrees()).collect();
    let smooth = Butterworth::lowpass(2, HEADING_RATE_LOWPASS_HZ.min(0.4 * rate_hz), rate_hz)
        .and_then(|f| f.filtfilt(&heading_rate))
        .unwrap_or(heading_rate);
    let bridge = (BRIDGE_S * rate_hz) as usize;
    let mut turns = Vec::new();
    let mut i = 0;
    while i < n {
        let sign = smooth[i].signum();
        if smooth[i].abs() < TURNING_RATE_DEG_S {
            i += 1;
            continue;
        }
        // Extend while turning the same way, bridging short pauses.
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < n {
            if smooth[j].abs() >= TURNING_RATE_DEG_S && smooth[j].signum() == sign {
                end = j;
            } else if j - end > bridge {
                break;
            }
            j += 1;
        }
        let angle: f64 = smooth[start..=end].iter().sum::<f64>() / rate_hz;
        if angle.abs() >= MIN_TURN_DEG {
            turns.push(Turn {
                start_s: start_s + start as f64 / rate_hz,
                end_s: start_s + end as f64 / rate_hz,
                angle_deg: angle,
            });
        }
        i = end + 1;
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_u_turn_is_found_with_its_angle() {
        let rate = 100.0;
        let n = 2000;
        let up = vec![[0.0, 0.0, 1.0]; n];
        let mut gyro = [vec![0.0; n], vec![0.0; n], vec![0.0; n]];
        // Small step-by-step yaw wobble throughout, and a 180° turn over 2 s from t = 8 s.
        for (i, yaw_rate) in gyro[2].iter_mut().enumerate() {
            let t = i as f64 / rate;
            *yaw_rate = 0.3 * (2.0 * std::f64::consts::PI * 0.9 * t).sin();
            if (8.0..10.0).contains(&t) {
                *yaw_rate += std::f64::consts::PI / 2.0;
            }
        }
        let turns = detect_turns(&yaw_rate(&gyro, &up), rate, 0.0);
        assert_eq!(turns.len(), 1, "{turns:?}");
        assert!((turns[0].angle_deg - 180.0).abs() < 12.0, "{turns:?}");
        assert!((turns[0].start_s - 8.0).abs() < 0.5 && (turns[0].end_s - 10.0).abs() < 0.5);
    }
}
