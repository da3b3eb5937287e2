//! Automatic placement detection, for recordings analysed without `--placement`.
//!
//! Only what physics makes safe is told apart, with a margin on real
//! recordings; everything else stays unknown (said in the summary), because a
//! wrong placement switches the spatial model and the direction cues.
//!
//! - **Foot** (needs a gyroscope): a foot swings fast (mid-swing angular
//!   velocity 6–10 rad/s, far above the trunk's 1–4 rad/s) and then stands
//!   still on the ground for a large part of every stride (stance), which a
//!   wrist or a pocket never does while walking.
//! - **Thigh, front trouser pocket** (accelerometer alone suffices): a phone
//!   in a front pocket turns with the thigh, which flexes and extends once per
//!   stride, so the gravity direction seen by the device swings once per
//!   stride as a near-sinusoid (its tilt is anti-correlated with itself one
//!   step later and repeats exactly one stride later), and the two steps shake
//!   it differently (the vertical acceleration of the pocket's own leg's step
//!   differs from the other leg's). A back pocket sits on the buttock, whose
//!   tilt also carries the pelvis' step-rate motion (less anti-correlated); a
//!   swinging arm is less regular stride to stride and both steps shake it
//!   alike; the trunk, a hand held in front, an armband, a neck pouch and a
//!   bag are shaken alike by both steps.
//!
//! Not detected: the trunk (lower back), a hand, an armband, a neck pouch, a
//! bag, a wrist. On the shared recordings an accelerometer signature of the
//! trunk (both steps alike, small tilt swing) is shared by a phone held in
//! the hand, a neck pouch, an armband and a bag, and no recording of those
//! placements has a gyroscope to tell them apart; a wrist's fast rotation
//! without rest is only seen in acted motion-capture styles.

use crate::dsp::vec3::{add_scaled, dot, unit};
use crate::gait::analysis::Placement;
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
    /// The placement found, `None` when the evidence does not clear the margins.
    pub placement: Option<Placement>,
    /// 0–1: how clearly the evidence points there.
    pub confidence: f64,
    /// The evidence, for the summary.
    pub reason: String,
}

/// The foot's evidence: how fast the sensor turns and how long it rests
/// between fast turns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FootEvidence {
    /// 99th percentile of |ω|, rad/s.
    pub rate_p99: f64,
    /// Share of the moving time (samples with a fast turn within 0.8 s before
    /// and after) spent at rest (|ω| < 0.8 rad/s).
    pub rest_fraction: f64,
}

impl FootEvidence {
    /// Fast swings and rest in stance: a foot.
    pub fn is_foot(&self) -> bool {
        self.rate_p99 > FOOT_PEAK_RATE && self.rest_fraction > FOOT_REST_FRACTION
    }

    /// 0–1: how far both clear their thresholds (0 when not a foot).
    fn confidence(&self) -> f64 {
        if self.is_foot() {
            ((self.rate_p99 / FOOT_PEAK_RATE - 1.0).min(1.0) * 0.5
                + (self.rest_fraction / FOOT_REST_FRACTION - 1.0).min(1.0) * 0.5)
                .clamp(0.1, 1.0)
        } else {
            0.0
        }
    }
}

/// The foot's evidence from the gyroscope of the prepared segments; `None`
/// without a gyroscope.
pub fn foot_evidence(segments: &[Segment], rate_hz: f64) -> Option<FootEvidence> {
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
        return None;
    }
    // The 99th percentile: a selection, not a whole sort, of an hour of samples.
    let mut ordered = speeds.clone();
    let rank = ((ordered.len() - 1) as f64 * 0.99) as usize;
    let (_, &mut p99, _) = ordered.select_nth_unstable_by(rank, f64::total_cmp);
    // Rest while walking: samples with fast rotation both within 0.8 s before
    // and within 0.8 s after (stance between two swings; standing still
    // between walks is longer and does not count).
    let reach = (0.8 * rate_hz).round() as usize;
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
    Some(FootEvidence {
        rate_p99: p99,
        rest_fraction,
    })
}

/// Least number of walking windows (6 s, hop 3 s: about 18 s of walking)
/// before anything but a foot is detected.
const MIN_WALKING_WINDOWS: usize = 5;
// The thigh's three autocorrelation thresholds: the midpoints between the
// oxford_phone front pockets and the nearest other placement
// (`scripts/placement_loso.py`: −0.806, 0.962, 0.49 on all three subjects;
// held out by subject 5 of 6 front pockets found, 0 of 42 others), rounded
// toward unknown.

/// The thigh's tilt one step later, autocorrelation at most: its swing is a
/// near-sinusoid at the stride rate (−1 for a pure one). Oxford front pockets
/// measure −0.84 to −0.92, back pockets −0.65 to −0.77.
const THIGH_TILT_STEP_CORR: f64 = -0.81;
/// The thigh's tilt one stride later, autocorrelation at least: rigidly on
/// the thigh, the swing repeats stride after stride. Oxford front pockets
/// 0.977–0.991; a swinging arm 0.93, an armband ≤ 0.95.
const THIGH_TILT_STRIDE_CORR: f64 = 0.965;
/// The vertical acceleration one step later, autocorrelation at most: on one
/// leg the two steps differ. Oxford front pockets ≤ 0.38; a swinging arm
/// 0.52, armbands, neck pouches, bags ≥ 0.77, the trunk mostly ≥ 0.5.
const THIGH_VERTICAL_STEP_CORR: f64 = 0.45;
/// Range of the thigh's tilt swing, degrees (step-averaged, see
/// [`PlacementFeatures::tilt_swing_deg`]): a thigh pitches ±20–30° while
/// walking (7.7–12.2 measured after the averaging); below, the device barely
/// turns (a back pocket 4.6); above, a foot (≥ 11.6, mostly ≥ 15), should it
/// have no gyroscope.
const THIGH_TILT_SWING_DEG: (f64, f64) = (6.0, 14.0);
/// With a gyroscope, a thigh's 95th percentile of |ω| while walking stays
/// under this (hip flexion velocity ≤ 3–4 rad/s; measured ≤ 4.5), rad/s.
const THIGH_MAX_RATE: f64 = 5.0;

/// Whether the walking features say "thigh": the confidence (0–1, the
/// smallest margin by which a condition is cleared, relative to its scale:
/// the margin that counts as clear, about the spread of the front pockets'
/// values), or which condition failed.
fn thigh_verdict(f: &PlacementFeatures) -> Result<f64, String> {
    if f.walking_windows < MIN_WALKING_WINDOWS {
        return Err(format!(
            "{} walking windows of 6 s (at least {MIN_WALKING_WINDOWS} needed)",
            f.walking_windows
        ));
    }
    // (value, threshold, scale, holds when value <= threshold, description)
    let mut checks = vec![
        (
            f.tilt_step_corr,
            THIGH_TILT_STEP_CORR,
            0.1,
            true,
            "tilt autocorrelation one step later",
        ),
        (
            f.tilt_stride_corr,
            THIGH_TILT_STRIDE_CORR,
            0.03,
            false,
            "tilt autocorrelation one stride later",
        ),
        (
            f.vertical_step_corr,
            THIGH_VERTICAL_STEP_CORR,
            0.3,
            true,
            "vertical-acceleration autocorrelation one step later",
        ),
        (
            f.tilt_swing_deg,
            THIGH_TILT_SWING_DEG.0,
            2.0,
            false,
            "tilt swing (deg)",
        ),
        (
            f.tilt_swing_deg,
            THIGH_TILT_SWING_DEG.1,
            2.0,
            true,
            "tilt swing (deg)",
        ),
    ];
    if let Some(rate_p95) = f.gyro_rate_p95 {
        checks.push((
            rate_p95,
            THIGH_MAX_RATE,
            1.0,
            true,
            "95th percentile of |w| (rad/s)",
        ));
    }
    let mut confidence: f64 = 1.0;
    for (value, threshold, scale, at_most, what) in checks {
        let margin = if at_most {
            threshold - value
        } else {
            value - threshold
        };
        if margin.is_nan() || margin <= 0.0 {
            return Err(format!(
                "{what} {value:.2} (a thigh {} {threshold})",
                if at_most { "<=" } else { ">=" }
            ));
        }
        confidence = confidence.min(margin / scale);
    }
    Ok(confidence.clamp(0.1, 1.0))
}

/// Detects the placement from the prepared segments (grid rate `rate_hz`).
pub fn guess_placement(segments: &[Segment], rate_hz: f64) -> PlacementGuess {
    let foot = foot_evidence(segments, rate_hz);
    let foot_text = match &foot {
        Some(f) => format!(
            "99th percentile of |w| {:.1} rad/s (foot > {FOOT_PEAK_RATE}), at rest {:.0} % of the moving time (foot > {:.0} %)",
            f.rate_p99,
            100.0 * f.rest_fraction,
            100.0 * FOOT_REST_FRACTION,
        ),
        None => "no gyroscope".to_string(),
    };
    if let Some(f) = foot.filter(FootEvidence::is_foot) {
        return PlacementGuess {
            placement: Some(Placement::Foot),
            confidence: f.confidence(),
            reason: format!("{foot_text}: a foot sensor (side unknown)"),
        };
    }
    let features = placement_features(segments, rate_hz);
    match thigh_verdict(&features) {
        Ok(confidence) => PlacementGuess {
            placement: Some(Placement::ThighFrontPocket),
            confidence,
            reason: format!(
                "over {} walking windows the device's tilt swings {:.0} deg once per stride (autocorrelation {:.2} one step later, {:.2} one stride later) and the two steps shake it unlike (vertical {:.2} one step later); {foot_text}: a thigh (front trouser pocket)",
                features.walking_windows,
                features.tilt_swing_deg,
                features.tilt_step_corr,
                features.tilt_stride_corr,
                features.vertical_step_corr,
            ),
        },
        Err(why) => PlacementGuess {
            placement: None,
            confidence: 0.0,
            reason: format!(
                "{foot_text}: {}; not a thigh pocket: {why}; other placements are not detected",
                if foot.is_some() {
                    "not a foot"
                } else {
                    "a foot cannot be told"
                }
            ),
        },
    }
}

/// Length of one analysis window, s: several strides, so that the stride lag
/// of the autocorrelation is seen a few times.
const WINDOW_S: f64 = 6.0;
/// Hop between windows, s.
const HOP_S: f64 = 3.0;
/// Most windows examined: beyond this (6 min of recording) they are taken
/// evenly spread, every k-th.
const MAX_WINDOWS_EXAMINED: usize = 120;
/// Stride durations searched, s (slow to brisk walking).
const STRIDE_RANGE_S: (f64, f64) = (0.75, 1.8);
/// A window is walking when its acceleration magnitude varies at least this
/// much (m/s², standard deviation) ...
const WALK_MIN_STD: f64 = 0.6;
/// ... and repeats after one stride at least this well (autocorrelation).
const WALK_MIN_STRIDE_CORR: f64 = 0.4;

/// The rotation-invariant features of the walking parts of a recording that
/// the placement rules read (medians over the walking windows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementFeatures {
    /// Number of 6 s windows judged walking (strong stride-periodic movement).
    pub walking_windows: usize,
    /// Median stride duration, s (the acceleration magnitude's autocorrelation peak).
    pub stride_s: f64,
    /// Swing of the gravity direction in the device frame, degrees: the 95th
    /// percentile of the angle between the step-averaged acceleration and its
    /// window mean. The device's tilt changes over a stride: a few degrees on
    /// the trunk, tens of degrees on a thigh, a foot or a swinging arm.
    pub tilt_swing_deg: f64,
    /// Autocorrelation of the tilt's main component at one step's lag: near -1
    /// when the tilt swings once per stride (one leg or arm moves the device),
    /// positive when both steps tilt it alike.
    pub tilt_step_corr: f64,
    /// Autocorrelation of the vertical acceleration at one step's lag: high
    /// when both feet's steps shake the device alike (the trunk).
    pub vertical_step_corr: f64,
    /// Autocorrelation of the tilt's main component at one stride's lag:
    /// near 1 when the device is rigidly on a limb that repeats its swing.
    pub tilt_stride_corr: f64,
    /// Median over the walking windows of the 95th percentile of |ω|, rad/s,
    /// when there is a gyroscope.
    pub gyro_rate_p95: Option<f64>,
}

/// Normalised autocorrelation of `x` (mean removed beforehand) at `lag`.
fn autocorr(x: &[f64], lag: usize) -> f64 {
    let Some(later) = x.get(lag..) else {
        return 0.0;
    };
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(later) {
        xy += a * b;
        xx += a * a;
        yy += b * b;
    }
    if xx > 0.0 && yy > 0.0 {
        xy / (xx * yy).sqrt()
    } else {
        0.0
    }
}

/// The largest autocorrelation at lags within ±10 % of `lag`.
fn autocorr_near(x: &[f64], lag: f64) -> f64 {
    let lo = (lag * 0.9).floor().max(1.0) as usize;
    let hi = (lag * 1.1).ceil() as usize;
    (lo..=hi)
        .map(|k| autocorr(x, k))
        .fold(f64::NEG_INFINITY, f64::max)
}

fn demeaned(x: &[f64]) -> Vec<f64> {
    let mean = x.iter().sum::<f64>() / x.len().max(1) as f64;
    x.iter().map(|v| v - mean).collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    }
}

fn percentile(mut v: Vec<f64>, q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((v.len() - 1) as f64 * q).round() as usize;
    v.get(rank).copied().unwrap_or(f64::NAN)
}

/// Principal axis (unit) and its share of the variance of 3-D samples.
fn principal(samples: &[[f64; 3]]) -> Option<([f64; 3], f64)> {
    let n = samples.len() as f64;
    if samples.len() < 3 {
        return None;
    }
    let mut mean = [0.0; 3];
    for s in samples {
        for k in 0..3 {
            mean[k] += s[k] / n;
        }
    }
    let mut c = nalgebra::Matrix3::<f64>::zeros();
    for s in samples {
        let d = nalgebra::Vector3::new(s[0] - mean[0], s[1] - mean[1], s[2] - mean[2]);
        c += d * d.transpose();
    }
    let eigen = nalgebra::SymmetricEigen::new(c);
    let trace: f64 = eigen.eigenvalues.iter().sum();
    let (i, &largest) = eigen
        .eigenvalues
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let axis = eigen.eigenvectors.column(i);
    (trace > 0.0).then(|| ([axis[0], axis[1], axis[2]], largest / trace))
}

/// The features of one walking window.
#[derive(Debug, Clone, Copy)]
struct WindowFeatures {
    stride_s: f64,
    tilt_swing_deg: f64,
    tilt_step_corr: f64,
    tilt_stride_corr: f64,
    vertical_step_corr: f64,
    gyro_rate_p95: Option<f64>,
}

/// Features of one window `range` of a segment, or `None` when it is not walking.
fn window_features(
    segment: &Segment,
    range: std::ops::Range<usize>,
    rate_hz: f64,
) -> Option<WindowFeatures> {
    let acc: Vec<[f64; 3]> = range
        .clone()
        .map(|i| {
            Some([
                *segment.acc[0].get(i)?,
                *segment.acc[1].get(i)?,
                *segment.acc[2].get(i)?,
            ])
        })
        .collect::<Option<_>>()?;
    if acc.iter().flatten().any(|v| !v.is_finite()) {
        return None;
    }
    let magnitude: Vec<f64> = acc.iter().map(|a| dot(*a, *a).sqrt()).collect();
    let magnitude = demeaned(&magnitude);
    let std = (magnitude.iter().map(|v| v * v).sum::<f64>() / magnitude.len() as f64).sqrt();
    if std < WALK_MIN_STD {
        return None;
    }
    let lo = (STRIDE_RANGE_S.0 * rate_hz).round() as usize;
    let hi = (STRIDE_RANGE_S.1 * rate_hz).round() as usize;
    let (stride_lag, stride_corr) = (lo..=hi)
        .map(|k| (k, autocorr(&magnitude, k)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    if stride_corr < WALK_MIN_STRIDE_CORR {
        return None;
    }
    let stride = stride_lag as f64;
    let step_lag = stride / 2.0;
    // Step-averaged acceleration: a centred moving average one step long
    // removes the step rhythm and keeps gravity plus the stride's tilt.
    let half = (step_lag / 2.0).round().max(1.0) as usize;
    let n = acc.len();
    let mut prefix = vec![[0.0; 3]; n + 1];
    for (i, a) in acc.iter().enumerate() {
        prefix[i + 1] = add_scaled(prefix[i], *a, 1.0);
    }
    let smooth: Vec<[f64; 3]> = (half..n.saturating_sub(half))
        .filter_map(|i| {
            let s = add_scaled(prefix[i + half + 1], prefix[i - half], -1.0);
            unit(s)
        })
        .collect();
    let mut mean = [0.0; 3];
    for s in &smooth {
        mean = add_scaled(mean, *s, 1.0);
    }
    let down = unit(mean)?;
    let angles: Vec<f64> = smooth
        .iter()
        .map(|s| dot(*s, down).clamp(-1.0, 1.0).acos().to_degrees())
        .collect();
    let tilt_swing = percentile(angles, 0.95);
    let (tilt_axis, _) = principal(&smooth)?;
    let tilt: Vec<f64> = demeaned(
        &smooth
            .iter()
            .map(|s| dot(*s, tilt_axis))
            .collect::<Vec<_>>(),
    );
    let vertical = demeaned(&acc.iter().map(|a| dot(*a, down)).collect::<Vec<_>>());
    let gyro_rate_p95 = segment.gyro.as_ref().and_then(|g| {
        let rates: Vec<f64> = range
            .clone()
            .map(|i| {
                let w = [*g[0].get(i)?, *g[1].get(i)?, *g[2].get(i)?];
                Some(dot(w, w).sqrt())
            })
            .collect::<Option<_>>()?;
        Some(percentile(rates, 0.95))
    });
    Some(WindowFeatures {
        stride_s: stride / rate_hz,
        tilt_swing_deg: tilt_swing,
        tilt_step_corr: autocorr_near(&tilt, step_lag),
        tilt_stride_corr: autocorr_near(&tilt, stride),
        vertical_step_corr: autocorr_near(&vertical, step_lag),
        gyro_rate_p95,
    })
}

/// The features of the walking windows of `segments` (grid rate `rate_hz`).
pub fn placement_features(segments: &[Segment], rate_hz: f64) -> PlacementFeatures {
    let window = (WINDOW_S * rate_hz).round() as usize;
    let hop = (HOP_S * rate_hz).round().max(1.0) as usize;
    let mut candidates = Vec::new();
    for (k, segment) in segments.iter().enumerate() {
        let mut start = 0;
        while start + window <= segment.len() {
            candidates.push((k, start));
            start += hop;
        }
    }
    // Medians need no more than a bounded, evenly spread sample of windows: an
    // hour has 1200, and reading each cost half the analysis's time.
    let every = candidates.len().div_ceil(MAX_WINDOWS_EXAMINED).max(1);
    let mut rows = Vec::new();
    for &(k, start) in candidates.iter().step_by(every) {
        if let Some(segment) = segments.get(k) {
            if let Some(row) = window_features(segment, start..start + window, rate_hz) {
                rows.push(row);
            }
        }
    }
    let column =
        |f: &dyn Fn(&WindowFeatures) -> Option<f64>| median(rows.iter().filter_map(f).collect());
    let gyro_rows = rows.iter().filter(|r| r.gyro_rate_p95.is_some()).count();
    PlacementFeatures {
        walking_windows: rows.len(),
        stride_s: column(&|r| Some(r.stride_s)),
        tilt_swing_deg: column(&|r| Some(r.tilt_swing_deg)),
        tilt_step_corr: column(&|r| Some(r.tilt_step_corr)),
        tilt_stride_corr: column(&|r| Some(r.tilt_stride_corr)),
        vertical_step_corr: column(&|r| Some(r.vertical_step_corr)),
        gyro_rate_p95: (gyro_rows > 0).then(|| column(&|r| r.gyro_rate_p95)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

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
                8.0 * (phase / 0.36 * PI).sin()
            } else {
                0.05
            }
        });
        assert_eq!(
            guess_placement(&[foot], 100.0).placement,
            Some(Placement::Foot)
        );
        // Trunk: continuous yaw/roll of about 1.5 rad/s.
        let trunk = segment(|t| 1.5 * (t * 2.0 * PI * 0.9).sin());
        assert_ne!(
            guess_placement(&[trunk], 100.0).placement,
            Some(Placement::Foot)
        );
        // Wrist: fast arm swing but never at rest.
        let wrist = segment(|t| 6.0 * (t * 2.0 * PI * 0.9).sin() + 2.0);
        assert_ne!(
            guess_placement(&[wrist], 100.0).placement,
            Some(Placement::Foot)
        );
        // No gyroscope: no foot evidence.
        let mut phone = segment(|_| 0.0);
        phone.gyro = None;
        assert_eq!(foot_evidence(&[phone], 100.0), None);
    }

    /// 60 s of accelerometer at 100 Hz, no gyroscope: gravity seen tilted by
    /// `tilt(t)` (rad) about the device's y axis, plus `vertical(t)` (m/s²)
    /// along the tilted vertical.
    fn tilting(tilt: impl Fn(f64) -> f64, vertical: impl Fn(f64) -> f64) -> Segment {
        let n = 6000;
        let (mut x, mut z) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let t = i as f64 / 100.0;
            let (a, v) = (tilt(t), 9.81 + vertical(t));
            x.push(v * a.sin());
            z.push(v * a.cos());
        }
        Segment {
            start_s: 0.0,
            acc: [x, vec![0.0; n], z],
            gyro: None,
            gravity: None,
        }
    }

    /// Stride frequency of the synthetic walks, Hz (cadence 108 steps/min).
    const STRIDE_HZ: f64 = 0.9;

    #[test]
    fn a_thigh_tilts_once_per_stride_and_its_two_steps_differ() {
        // Thigh: ±20° pitch at the stride rate; the own leg's step shakes the
        // pocket harder than the other one's (a stride-rate term).
        let thigh = tilting(
            |t| 0.35 * (2.0 * PI * STRIDE_HZ * t).sin(),
            |t| 2.0 * (4.0 * PI * STRIDE_HZ * t).sin() + 1.5 * (2.0 * PI * STRIDE_HZ * t).cos(),
        );
        let features = placement_features(std::slice::from_ref(&thigh), 100.0);
        assert!(features.walking_windows >= 15, "{features:?}");
        assert!(
            (features.stride_s - 1.0 / STRIDE_HZ).abs() < 0.02,
            "{features:?}"
        );
        assert!(features.tilt_step_corr < -0.9, "{features:?}");
        assert!(features.tilt_stride_corr > 0.99, "{features:?}");
        let guess = guess_placement(&[thigh], 100.0);
        assert_eq!(
            guess.placement,
            Some(Placement::ThighFrontPocket),
            "{guess:?}"
        );
        assert!(guess.confidence > 0.5, "{guess:?}");
        assert!(guess.reason.contains("no gyroscope"), "{}", guess.reason);
    }

    #[test]
    fn a_trunk_a_stiff_pocket_and_a_short_walk_stay_unknown() {
        // Trunk: 3° of pitch at the step rate, both steps alike.
        let trunk = tilting(
            |t| 0.05 * (4.0 * PI * STRIDE_HZ * t).sin(),
            |t| 2.0 * (4.0 * PI * STRIDE_HZ * t).sin(),
        );
        let guess = guess_placement(&[trunk], 100.0);
        assert_eq!(guess.placement, None, "{guess:?}");
        assert!(
            guess.reason.contains("not a thigh pocket"),
            "{}",
            guess.reason
        );
        // A pocket that swings once per stride but only by 3°: too stiff for a thigh.
        let stiff = tilting(
            |t| 0.05 * (2.0 * PI * STRIDE_HZ * t).sin(),
            |t| 2.0 * (4.0 * PI * STRIDE_HZ * t).sin() + 1.5 * (2.0 * PI * STRIDE_HZ * t).cos(),
        );
        let guess = guess_placement(&[stiff], 100.0);
        assert_eq!(guess.placement, None, "{guess:?}");
        assert!(guess.reason.contains("tilt swing"), "{}", guess.reason);
        // A thigh, but only 12 s of walking: not enough evidence.
        let mut short = tilting(
            |t| 0.35 * (2.0 * PI * STRIDE_HZ * t).sin(),
            |t| 2.0 * (4.0 * PI * STRIDE_HZ * t).sin() + 1.5 * (2.0 * PI * STRIDE_HZ * t).cos(),
        );
        for axis in &mut short.acc {
            axis.truncate(1200);
        }
        let guess = guess_placement(&[short], 100.0);
        assert_eq!(guess.placement, None, "{guess:?}");
        assert!(guess.reason.contains("walking windows"), "{}", guess.reason);
        // Standing still: no walking window at all.
        let still = tilting(|_| 0.1, |_| 0.0);
        assert_eq!(placement_features(&[still], 100.0).walking_windows, 0);
    }

    fn thigh_like() -> PlacementFeatures {
        PlacementFeatures {
            walking_windows: 40,
            stride_s: 1.1,
            tilt_swing_deg: 10.0,
            tilt_step_corr: -0.95,
            vertical_step_corr: 0.1,
            tilt_stride_corr: 0.999,
            gyro_rate_p95: None,
        }
    }

    #[test]
    fn each_thigh_condition_vetoes() {
        assert!(thigh_verdict(&thigh_like()).is_ok());
        type Change = fn(&mut PlacementFeatures);
        let cases: [(&str, Change); 7] = [
            ("walking windows", |f| f.walking_windows = 4),
            ("one step later", |f| f.tilt_step_corr = -0.7),
            ("one stride later", |f| f.tilt_stride_corr = 0.93),
            ("vertical-acceleration", |f| f.vertical_step_corr = 0.55),
            ("tilt swing", |f| f.tilt_swing_deg = 4.5),
            ("tilt swing", |f| f.tilt_swing_deg = 18.0),
            ("|w|", |f| f.gyro_rate_p95 = Some(7.0)),
        ];
        for (what, change) in cases {
            let mut features = thigh_like();
            change(&mut features);
            let verdict = thigh_verdict(&features);
            assert!(
                verdict.as_ref().is_err_and(|why| why.contains(what)),
                "{what}: {verdict:?}"
            );
        }
        // NaN features (no walking window measured them) never pass.
        let mut features = thigh_like();
        features.tilt_step_corr = f64::NAN;
        assert!(thigh_verdict(&features).is_err());
        // The confidence is the smallest margin: a borderline case is unsure.
        let mut borderline = thigh_like();
        borderline.tilt_stride_corr = 0.97;
        let confidence = thigh_verdict(&borderline).expect("a thigh");
        assert!(confidence < 0.2, "{confidence}");
        assert!(thigh_verdict(&thigh_like()).expect("a thigh") > 0.9);
    }
}
