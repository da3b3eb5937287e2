//! Step length from a trunk or waist sensor: the inverted-pendulum model.
//!
//! Zijlstra & Hof (2003, Gait & Posture 18:1–10): during a step the centre of
//! mass moves on an arc of radius l (the sensor height above the ground); a
//! vertical excursion h gives a forward displacement 2·sqrt(2·l·h − h²).
//! h comes from double integration of the vertical acceleration with a
//! zero-phase 0.5 Hz high-pass after each integration, and the drift left
//! within a step removed by the line between its two contacts. The model
//! ignores the double-support part of the step; the authors correct for it
//! with a factor of 1.25 fitted on their own treadmill data, which is used
//! here as published.

use crate::dsp::filter::Butterworth;

/// Walk ratio (step length over cadence) of adults walking straight, m per
/// step/min: 0.60 cm/(steps/min) at preferred speed in 70 community-dwelling
/// adults aged 70–81, the same at fast speed and on uneven ground (Bogen et
/// al. 2018, Gait & Posture 61:479). The ratio holds over a wide range of
/// speeds and breaks down only in very slow walking (below about 62 m/min and
/// 98 steps/min in healthy adults, Murakami & Otaka 2017, J Phys Ther Sci
/// 29:722), where steps are longer than it predicts.
pub const WALK_RATIO_M_PER_SPM: f64 = 0.006;
/// Step times the walk-ratio model is applied to, s (200 down to 40 steps/min).
pub const WALK_RATIO_STEP_TIME_S: (f64, f64) = (0.3, 1.5);

/// Step length from the walk-ratio model, m: `WALK_RATIO × cadence` with the
/// step's own cadence `60 / step_time_s`; `None` outside
/// [`WALK_RATIO_STEP_TIME_S`]. For sensors whose signal says nothing of the
/// body's excursion (phones in the hand, a pocket, a bag, an armband, the
/// wrist); see the README for what it is worth.
pub fn walk_ratio_step_length(step_time_s: f64) -> Option<f64> {
    (step_time_s >= WALK_RATIO_STEP_TIME_S.0 && step_time_s <= WALK_RATIO_STEP_TIME_S.1)
        .then(|| WALK_RATIO_M_PER_SPM * 60.0 / step_time_s)
}

/// Zijlstra & Hof's correction factor for the double-support phase.
pub const ZIJLSTRA_CORRECTION: f64 = 1.25;
/// Greater trochanter height over stature (Winter, Biomechanics and Motor
/// Control of Human Movement, 4th ed., segment-length table): the default
/// sensor height of a waist/lower-back sensor when only the height is known.
pub const SENSOR_HEIGHT_RATIO: f64 = 0.53;
/// High-pass cut-off after each integration, Hz: the lower edge of the step
/// band ([`crate::gait::steps::StepDetector`], 0.5 Hz = 30 steps/min). Slower
/// vertical trunk movement (bending, sitting down, slopes) is no pendulum
/// excursion of a step; with 0.1 Hz it inflated the excursion of slow,
/// turning steps (mobgap_lab stride MAE 0.167 → 0.155 m; 0.3 Hz: 0.161 m).
const DRIFT_HIGHPASS_HZ: f64 = 0.5;

fn integrate_highpassed(signal: &[f64], rate_hz: f64) -> Option<Vec<f64>> {
    drift_highpass(rate_hz)?
        .filtfilt(&integral(signal, rate_hz))
        .ok()
}

/// The high-pass applied after each integration of [`vertical_position`].
pub(crate) fn drift_highpass(rate_hz: f64) -> Option<Butterworth> {
    Butterworth::highpass(4, DRIFT_HIGHPASS_HZ, rate_hz).ok()
}

/// The running integral of `signal` by the trapezoidal rule, from 0.
pub(crate) fn integral(signal: &[f64], rate_hz: f64) -> Vec<f64> {
    let dt = 1.0 / rate_hz;
    let mut sum = 0.0;
    let mut previous = signal.first().copied().unwrap_or(0.0);
    // An exact-size collect: no per-sample capacity check beside the sum's chain.
    signal
        .iter()
        .map(|&v| {
            sum += 0.5 * (v + previous) * dt;
            previous = v;
            sum
        })
        .collect()
}

/// Vertical position (m, drift removed) from vertical acceleration.
pub fn vertical_position(vertical_acc: &[f64], rate_hz: f64) -> Option<Vec<f64>> {
    let velocity = integrate_highpassed(vertical_acc, rate_hz)?;
    position_from_velocity(&velocity, rate_hz)
}

/// The second half of [`vertical_position`]: from the vertical velocity
/// (the [`drift_highpass`] of the acceleration's [`integral`]).
pub(crate) fn position_from_velocity(velocity: &[f64], rate_hz: f64) -> Option<Vec<f64>> {
    integrate_highpassed(velocity, rate_hz)
}

/// Step lengths (m) between consecutive contact indices of one bout, from the
/// vertical position and the pendulum length `pendulum_m`.
pub fn inverted_pendulum_steps(
    position: &[f64],
    contacts: &[usize],
    pendulum_m: f64,
) -> Vec<Option<f64>> {
    contacts
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].min(position.len()), w[1].min(position.len()));
            if b <= a + 1 {
                return None;
            }
            // The centre of mass is at the same height at consecutive contacts in
            // steady walking: remove the line between them (integration drift).
            let (start, end) = (position[a], position[b - 1]);
            let span = (b - 1 - a) as f64;
            let (low, high) = position[a..b]
                .iter()
                .enumerate()
                .map(|(k, v)| v - (start + (end - start) * k as f64 / span))
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                });
            let h = high - low;
            let chord = 2.0 * pendulum_m * h - h * h;
            (h.is_finite() && chord > 0.0).then(|| ZIJLSTRA_CORRECTION * 2.0 * chord.sqrt())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_ratio_scales_with_cadence_inside_its_range() {
        // 120 steps/min: 0.72 m; 100 steps/min: 0.60 m.
        assert!((walk_ratio_step_length(0.5).unwrap() - 0.72).abs() < 1e-12);
        assert!((walk_ratio_step_length(0.6).unwrap() - 0.60).abs() < 1e-12);
        assert!(walk_ratio_step_length(0.2).is_none());
        assert!(walk_ratio_step_length(2.0).is_none());
        assert!(walk_ratio_step_length(f64::NAN).is_none());
    }

    #[test]
    fn a_known_excursion_gives_the_pendulum_length() {
        // 2 steps/s, COM excursion of 3 cm peak to peak.
        let rate = 100.0;
        let amplitude = 0.015;
        let w = 2.0 * std::f64::consts::PI * 2.0;
        let acc: Vec<f64> = (0..1000)
            .map(|i| -amplitude * w * w * (w * i as f64 / rate).sin())
            .collect();
        let position = vertical_position(&acc, rate).unwrap();
        let contacts: Vec<usize> = (2..18).map(|k| k * 50 + 12).collect();
        let steps = inverted_pendulum_steps(&position, &contacts, 0.9);
        let h: f64 = 0.03;
        let expected = ZIJLSTRA_CORRECTION * 2.0 * (2.0 * 0.9 * h - h * h).sqrt();
        for step in &steps[2..steps.len() - 2] {
            let step = step.unwrap();
            assert!(
                (step - expected).abs() / expected < 0.05,
                "{step} vs {expected}"
            );
        }
    }
}
