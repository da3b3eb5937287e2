//! Where "up" is in the device frame, sample by sample, and the vertical
//! acceleration that follows — independent of how the device is held.
//!
//! Three sources, best first: the device's own gravity stream; a
//! complementary filter that rotates the gravity estimate with the gyroscope
//! and pulls it slowly towards the measured specific force (run forwards and
//! backwards and averaged, so it has no lag); or, without a gyroscope, the
//! zero-phase low-passed accelerometer.

use crate::dsp::filter::Butterworth;
use crate::dsp::vec3::{cross, dot};
use crate::prepare::Segment;
use crate::recording::STANDARD_GRAVITY;
use serde::Serialize;

/// Time constant of the accelerometer correction in the complementary filter, s.
/// Long enough that walking accelerations (periods < 1 s) barely tilt the estimate.
const FUSION_TIME_CONSTANT_S: f64 = 2.0;
/// Cut-off of the accelerometer-only gravity estimate, Hz (below the step frequency).
const GRAVITY_LOWPASS_HZ: f64 = 0.3;

/// How "up" was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrientationMethod {
    /// The device's own gravity estimate.
    DeviceGravity,
    /// Gyroscope + accelerometer complementary filter.
    GyroFusion,
    /// Low-passed accelerometer.
    AccelerometerLowPass,
}

/// The vertical direction and acceleration of one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct VerticalFrame {
    /// Unit vector pointing up (opposite to gravity), device frame, per sample.
    pub up: Vec<[f64; 3]>,
    /// Vertical acceleration, m/s², up positive, gravity removed.
    pub vertical_acc: Vec<f64>,
    /// Horizontal acceleration vector (device frame), m/s².
    pub horizontal_acc: Vec<[f64; 3]>,
    /// How `up` was estimated.
    pub method: OrientationMethod,
}

#[inline]
fn normalized(v: [f64; 3]) -> Option<[f64; 3]> {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    // One division, not three: the fusion normalises twice a sample in each
    // pass, and divisions are what its loop waits on.
    let inverse = 1.0 / n;
    (n > 1e-9 && n.is_finite()).then(|| [v[0] * inverse, v[1] * inverse, v[2] * inverse])
}

/// Estimates up and the vertical acceleration of a prepared segment.
pub fn vertical_frame(segment: &Segment, rate_hz: f64) -> VerticalFrame {
    vertical_frame_with(segment, rate_hz, true)
}

/// As [`vertical_frame`], but `horizontal_acc` is left empty unless
/// `horizontal`: only the direction cues read it, and an hour of it is 8 MB.
pub fn vertical_frame_with(segment: &Segment, rate_hz: f64, horizontal: bool) -> VerticalFrame {
    let (up, method) = estimate_up(segment, rate_hz);
    frame_from_up(&segment.acc, up, method, horizontal)
}

/// The first half of [`vertical_frame_with`]: up at every sample of the
/// segment (the device's gravity stream, else the gyroscope fusion, else the
/// low-passed accelerometer) and how it was found. A caller that frees the
/// gyroscope before [`frame_from_up`] allocates the horizontal acceleration
/// lowers the process's peak memory by one grid stream.
pub fn estimate_up(segment: &Segment, rate_hz: f64) -> (Vec<[f64; 3]>, OrientationMethod) {
    let n = segment.len();
    if let Some(gravity) = &segment.gravity {
        let up = (0..n)
            .map(|i| {
                normalized([gravity[0][i], gravity[1][i], gravity[2][i]]).unwrap_or([0.0, 0.0, 1.0])
            })
            .collect();
        (up, OrientationMethod::DeviceGravity)
    } else if let Some(gyro) = &segment.gyro {
        (fuse(segment, gyro, rate_hz), OrientationMethod::GyroFusion)
    } else {
        (
            lowpass_up(segment, rate_hz),
            OrientationMethod::AccelerometerLowPass,
        )
    }
}

/// The second half of [`vertical_frame_with`]: the acceleration `acc` (three
/// axes, device frame) split along `up` into its vertical part (gravity
/// removed) and, when `horizontal`, its horizontal vector.
pub fn frame_from_up(
    acc: &[Vec<f64>; 3],
    up: Vec<[f64; 3]>,
    method: OrientationMethod,
    horizontal: bool,
) -> VerticalFrame {
    // Each output made in its own pass (exact-size collects, no per-sample
    // capacity checks); the common length is the shortest input's.
    let samples = || {
        let [x, y, z] = acc;
        up.iter()
            .zip(x.iter().zip(y).zip(z))
            .map(|(u, ((&x, &y), &z))| (*u, [x, y, z], dot([x, y, z], *u)))
    };
    let vertical_acc: Vec<f64> = samples()
        .map(|(_, _, along)| along - STANDARD_GRAVITY)
        .collect();
    let horizontal_acc: Vec<[f64; 3]> = if horizontal {
        samples()
            .map(|(u, a, along)| {
                [
                    a[0] - along * u[0],
                    a[1] - along * u[1],
                    a[2] - along * u[2],
                ]
            })
            .collect()
    } else {
        Vec::new()
    };
    VerticalFrame {
        up,
        vertical_acc,
        horizontal_acc,
        method,
    }
}

fn lowpass_up(segment: &Segment, rate_hz: f64) -> Vec<[f64; 3]> {
    let n = segment.len();
    let smoothed: Vec<Vec<f64>> = segment
        .acc
        .iter()
        .map(|axis| {
            Butterworth::lowpass(2, GRAVITY_LOWPASS_HZ.min(0.4 * rate_hz), rate_hz)
                .ok()
                .and_then(|f| f.filtfilt(axis).ok())
                .unwrap_or_else(|| {
                    vec![axis.iter().sum::<f64>() / axis.len().max(1) as f64; axis.len()]
                })
        })
        .collect();
    (0..n)
        .map(|i| {
            normalized([smoothed[0][i], smoothed[1][i], smoothed[2][i]]).unwrap_or([0.0, 0.0, 1.0])
        })
        .collect()
}

/// One step of the complementary filter from `v` (up at the previous sample),
/// with the angular rate `omega` and specific force `acc` of this sample;
/// `signed_dt` is −dt backwards. Inlined: the two passes' chains must overlap.
#[inline(always)]
fn fusion_step(
    v: [f64; 3],
    omega: [f64; 3],
    acc: [f64; 3],
    signed_dt: f64,
    gain: f64,
    keep: f64,
) -> [f64; 3] {
    // A vector fixed in the world, seen from the rotating device: dv/dt = -w x v.
    let c = cross(omega, v);
    let predicted = [
        v[0] - signed_dt * c[0],
        v[1] - signed_dt * c[1],
        v[2] - signed_dt * c[2],
    ];
    let measured = normalized(acc).unwrap_or(predicted);
    let blend = [
        keep * predicted[0] + gain * measured[0],
        keep * predicted[1] + gain * measured[1],
        keep * predicted[2] + gain * measured[2],
    ];
    // The blend of two (nearly) unit vectors is nearly unit: one Newton step
    // of 1/sqrt(s) about 1 brings it to unit length to within ≈ (3/8)(s − 1)²
    // (≈ 1e-7 in walking) without the square root and division that would
    // sit on the sample-to-sample chain. Only the length is approximate: the
    // direction is the blend's own. Far from unit (a fast spin at a low
    // rate), the exact normalisation.
    let s = dot(blend, blend);
    if (s - 1.0).abs() < 0.05 {
        let scale = 1.5 - 0.5 * s;
        [blend[0] * scale, blend[1] * scale, blend[2] * scale]
    } else {
        normalized(blend).unwrap_or(predicted)
    }
}

/// The direction of the mean specific force over `range` (up, when the
/// device is on average unaccelerated there); straight up without one.
fn mean_force_up(acc: &[Vec<f64>; 3], range: std::ops::Range<usize>) -> [f64; 3] {
    let mut sum = [0.0; 3];
    for i in range {
        sum = [sum[0] + acc[0][i], sum[1] + acc[1][i], sum[2] + acc[2][i]];
    }
    normalized(sum).unwrap_or([0.0, 0.0, 1.0])
}

/// Complementary filter, forwards and backwards, averaged.
///
/// Each pass is one long chain of dependent steps (a square root and a division
/// each), so the two passes run side by side in one loop, from both ends: the
/// CPU overlaps the chains. Whichever pass reaches a sample first leaves its
/// estimate there; the other averages it in (the same sums as two passes one
/// after the other, to the bit).
fn fuse(segment: &Segment, gyro: &[Vec<f64>; 3], rate_hz: f64) -> Vec<[f64; 3]> {
    let n = segment.len();
    if n == 0 {
        return Vec::new();
    }
    let [ax, ay, az] = &segment.acc;
    let [gx, gy, gz] = gyro;
    let (Some(ax), Some(ay), Some(az), Some(gx), Some(gy), Some(gz)) = (
        ax.get(..n),
        ay.get(..n),
        az.get(..n),
        gx.get(..n),
        gy.get(..n),
        gz.get(..n),
    ) else {
        // A gyroscope without samples here: the accelerometer alone.
        return lowpass_up(segment, rate_hz);
    };
    let dt = 1.0 / rate_hz;
    let gain = (dt / FUSION_TIME_CONSTANT_S).min(1.0);
    let keep = 1.0 - gain;
    let acc = |i: usize| [ax[i], ay[i], az[i]];
    let omega = |i: usize| [gx[i], gy[i], gz[i]];
    // Start from the mean specific force of the first second (or of everything).
    let start = |range: std::ops::Range<usize>| mean_force_up(&segment.acc, range);
    let window = (rate_hz as usize).clamp(1, n);
    let mean = |forward: [f64; 3], backward: [f64; 3]| {
        normalized([
            forward[0] + backward[0],
            forward[1] + backward[1],
            forward[2] + backward[2],
        ])
        .unwrap_or(forward)
    };
    let mut up = vec![[0.0; 3]; n];
    let mut forward = start(0..window);
    let mut backward = start(n - window..n);
    let half = n / 2;
    // First halves: each pass stores its own estimate.
    for k in 0..half {
        let j = n - 1 - k;
        forward = fusion_step(forward, omega(k), acc(k), dt, gain, keep);
        backward = fusion_step(backward, omega(j), acc(j), -dt, gain, keep);
        up[k] = forward;
        up[j] = backward;
    }
    // The middle sample of an odd length, reached by both at once.
    let mut i = half;
    if n % 2 == 1 {
        forward = fusion_step(forward, omega(i), acc(i), dt, gain, keep);
        backward = fusion_step(backward, omega(i), acc(i), -dt, gain, keep);
        up[i] = mean(forward, backward);
        i += 1;
    }
    // Second halves: each pass averages in the other's estimate.
    for j in (0..half).rev() {
        forward = fusion_step(forward, omega(i), acc(i), dt, gain, keep);
        backward = fusion_step(backward, omega(j), acc(j), -dt, gain, keep);
        up[i] = mean(forward, up[i]);
        up[j] = mean(up[j], backward);
        i += 1;
    }
    up
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device rotating slowly about x while bouncing vertically at 2 Hz.
    fn rotating_segment(with_gyro: bool) -> (Segment, Vec<f64>) {
        let rate = 100.0;
        let n = 3000;
        let mut acc = [vec![], vec![], vec![]];
        let mut gyro = [vec![], vec![], vec![]];
        let mut truth = Vec::new();
        let spin = 0.3; // rad/s about the device x axis
        for i in 0..n {
            let t = i as f64 / rate;
            let angle = spin * t;
            let vertical = 1.5 * (2.0 * std::f64::consts::PI * 2.0 * t).sin();
            // Up in the device frame while the device turns about x at `spin`
            // (a world-fixed vector seen from the device obeys dv/dt = -w x v).
            let up = [0.0, angle.sin(), angle.cos()];
            let f = STANDARD_GRAVITY + vertical;
            for k in 0..3 {
                acc[k].push(f * up[k]);
            }
            gyro[0].push(spin);
            gyro[1].push(0.0);
            gyro[2].push(0.0);
            truth.push(vertical);
        }
        let segment = Segment {
            start_s: 0.0,
            acc,
            gyro: with_gyro.then_some(gyro),
            gravity: None,
        };
        (segment, truth)
    }

    /// The two passes one after the other, as written before they ran side by side.
    fn fuse_two_passes(segment: &Segment, gyro: &[Vec<f64>; 3], rate_hz: f64) -> Vec<[f64; 3]> {
        let n = segment.len();
        if n == 0 {
            return Vec::new();
        }
        let dt = 1.0 / rate_hz;
        let gain = (dt / FUSION_TIME_CONSTANT_S).min(1.0);
        let acc = |i: usize| [segment.acc[0][i], segment.acc[1][i], segment.acc[2][i]];
        let omega = |i: usize| [gyro[0][i], gyro[1][i], gyro[2][i]];
        let start = |range: std::ops::Range<usize>| mean_force_up(&segment.acc, range);
        let window = (rate_hz as usize).clamp(1, n);
        // The step itself is shared (its renormalisation is tested below):
        // this checks the order of the passes.
        let step = |v: [f64; 3], i: usize, direction: f64| {
            fusion_step(v, omega(i), acc(i), direction * dt, gain, 1.0 - gain)
        };
        let mut up = vec![[0.0; 3]; n];
        let mut v = start(n - window..n);
        for i in (0..n).rev() {
            v = step(v, i, -1.0);
            up[i] = v;
        }
        let mut v = start(0..window);
        for (i, b) in up.iter_mut().enumerate() {
            v = step(v, i, 1.0);
            let f = v;
            *b = normalized([f[0] + b[0], f[1] + b[1], f[2] + b[2]]).unwrap_or(f);
        }
        up
    }

    /// The fusion step's Newton renormalisation keeps the blend's direction
    /// and brings its length to 1 within (3/8)(s − 1)² + O((s − 1)³), as the exact
    /// normalisation would (up to rounding).
    #[test]
    fn fusion_step_stays_unit_and_follows_the_exact_normalisation() {
        let dt = 0.01;
        let gain = dt / FUSION_TIME_CONSTANT_S;
        let mut v = [0.0, 0.0, 1.0];
        for i in 0..2000 {
            let t = i as f64 * dt;
            // Swinging 0.6 rad/s about x with a walking-like specific force.
            let omega = [0.6 * (3.0 * t).sin(), 0.2, 0.4 * (1.7 * t).cos()];
            let acc = [
                2.0 * (6.0 * t).sin(),
                1.5 * (3.0 * t).cos(),
                9.81 + 3.0 * (6.0 * t).sin(),
            ];
            let next = fusion_step(v, omega, acc, dt, gain, 1.0 - gain);
            // The exact step from the same state.
            let c = cross(omega, v);
            let predicted = [v[0] - dt * c[0], v[1] - dt * c[1], v[2] - dt * c[2]];
            let measured = normalized(acc).unwrap();
            let blend = [
                (1.0 - gain) * predicted[0] + gain * measured[0],
                (1.0 - gain) * predicted[1] + gain * measured[1],
                (1.0 - gain) * predicted[2] + gain * measured[2],
            ];
            let s = dot(blend, blend);
            let exact = normalized(blend).unwrap();
            let length = dot(next, next).sqrt();
            let bound = 0.5 * (s - 1.0).powi(2) + 1e-12;
            assert!(
                (length - 1.0).abs() <= bound,
                "step {i}: |up| = {length}, bound {bound}"
            );
            // The same direction as the exact normalisation.
            let across = cross(next, exact);
            assert!(
                dot(across, across).sqrt() < 1e-12,
                "step {i}: {next:?} vs {exact:?}"
            );
            v = next;
        }
        // A blend far from unit (a fast spin at a low rate) is normalised exactly.
        let far = fusion_step(
            [0.0, 0.0, 1.0],
            [40.0, 0.0, 0.0],
            [0.0, 0.0, 9.81],
            0.1,
            0.05,
            0.95,
        );
        assert!((dot(far, far).sqrt() - 1.0).abs() < 1e-12);
    }

    /// Both passes side by side give the two passes' estimates to the bit, at
    /// every length (odd and even, shorter than the start window) and with
    /// samples the normalisation has to skip (zero and non-finite).
    #[test]
    fn side_by_side_passes_equal_two_passes() {
        let (mut segment, _) = rotating_segment(true);
        segment.acc[0][17] = 0.0;
        segment.acc[1][17] = 0.0;
        segment.acc[2][17] = 0.0;
        segment.acc[2][40] = f64::NAN;
        segment.acc[1][2001] = f64::INFINITY;
        for n in (0..60).chain([999, 1000, 3000]) {
            let part = Segment {
                start_s: 0.0,
                acc: segment.acc.clone().map(|axis| axis[..n].to_vec()),
                gyro: segment
                    .gyro
                    .clone()
                    .map(|g| g.map(|axis| axis[..n].to_vec())),
                gravity: None,
            };
            let gyro = part.gyro.as_ref().unwrap();
            for rate in [100.0, 7.0] {
                let fused = fuse(&part, gyro, rate);
                let reference = fuse_two_passes(&part, gyro, rate);
                assert_eq!(fused.len(), reference.len());
                for (i, (a, b)) in fused.iter().zip(&reference).enumerate() {
                    assert!(
                        a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()),
                        "n {n}, rate {rate}, sample {i}: {a:?} vs {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn vertical_acceleration_is_recovered_whatever_the_orientation() {
        for with_gyro in [true, false] {
            let (segment, truth) = rotating_segment(with_gyro);
            let frame = vertical_frame(&segment, 100.0);
            let errors: Vec<f64> = frame.vertical_acc[200..2800]
                .iter()
                .zip(&truth[200..2800])
                .map(|(a, b)| (a - b).abs())
                .collect();
            let worst = errors.iter().fold(0.0_f64, |m, e| m.max(*e));
            assert!(worst < 0.15, "gyro={with_gyro}: worst error {worst}");
        }
    }
}
