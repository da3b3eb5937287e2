//! Walking direction of a thigh (front trouser pocket) sensor whose mounting
//! is not known: direction = facing × travel sense, both in the device frame.
//! Needs a gyroscope (for the up direction while the thigh swings and for the
//! swing's rotation rate).
//!
//! * **Facing ("the knee is higher in front")**: in walking the hip flexes
//!   about 30° and extends only 10–15° (Winter 1991, *The Biomechanics and
//!   Motor Control of Human Gait*; Perry & Burnfield 2010, *Gait Analysis*),
//!   so the thigh swings about a mean that is flexed, and the pocket rises
//!   when the thigh is in front and sinks when it is behind. At the stride
//!   frequency the pocket's vertical acceleration is then in phase with its
//!   horizontal acceleration along the front (both are −ω² times the
//!   displacement): `E[a_v · a_h]` (0.3–1.0 Hz, up from the gyroscope fusion)
//!   is a horizontal vector pointing to the front, whichever way the body
//!   travels (walking backwards the hip still flexes more than it extends,
//!   Grasso, Bianchi & Lacquaniti 1998, J. Neurophysiol. 80:1868). The
//!   mounting is fixed during a recording, so it is pooled over all the
//!   walking of a segment. Cue study (mocap_bandai thigh pocket, reference
//!   bouts ≥ 2 s): the front in 24/24 forward and backward bouts of single
//!   trials and 40/40 session bouts (pooled per session: 8/8). Without a
//!   gyroscope the low-passed up swings with the thigh and the thigh's tilt
//!   leaks gravity into the horizontal channel: the same cue came out
//!   inverted in most bouts (sessions 3/40 right), so it is not used there.
//! * **Travel sense**: the horizontal jerk asymmetry of
//!   [`crate::gait::trunk_travel::jerk_travel`] (braking at each contact is
//!   sharp, propulsion gradual), and the **swing**: the thigh rotates fast
//!   in the direction of travel while its foot is in the air (swing, about
//!   40 % of the stride) and slowly back while the foot is on the ground, so
//!   the rotation rate about the lateral axis is skewed toward the travel
//!   (forward: fast hip flexion in swing; backward: fast extension). The
//!   jerk is weak in wobbly acted styles (feminine, proud, not-confident),
//!   where the swing is clearest, and the other way round, so either may
//!   decide and a disagreement leaves the window unknown.

use crate::dsp::filter::Butterworth;
use crate::dsp::vec3::{add_scaled, cross, dot, unit};
use crate::gait::trunk_travel::{mean_up, pool_windows};
use std::ops::Range;

/// Band of the stride-frequency rise cue, Hz (one stride, not one step: the
/// step frequency carries the pelvis' own bounce).
pub const RISE_BAND_HZ: (f64, f64) = (0.3, 1.0);
/// Smallest mean size of the (normalised) rise correlation over the walking
/// that gives a facing: the mocap_bandai thigh bouts pooled to 0.15 or more
/// per single trial (median 0.69), 0.58 or more per session.
pub const MIN_RISE: f64 = 0.1;
/// Smallest |skewness| of the swing's rotation rate that decides the travel
/// sense; backward needs [`crate::gait::direction::BACKWARD_EVIDENCE_FACTOR`]
/// times it. Set after looking at the mocap_bandai thigh bouts: none was
/// wrong beyond 0.05, and 0.3 leaves 14 of 24 single trials and 25 of 40
/// session bouts decided by the swing alone.
pub const MIN_SWING_SKEW: f64 = 0.3;
/// A clear swing skewness (confidence 1).
pub const CLEAR_SWING_SKEW: f64 = 1.0;

/// The vertical and horizontal acceleration in [`RISE_BAND_HZ`]
/// (zero-phase). `None` when the band cannot be built or the signal is too
/// short to filter.
pub fn rise_bands(
    vertical_acc: &[f64],
    horizontal_acc: &[[f64; 3]],
    rate_hz: f64,
) -> Option<(Vec<f64>, Vec<[f64; 3]>)> {
    let filter = Butterworth::bandpass(2, RISE_BAND_HZ.0, RISE_BAND_HZ.1, rate_hz).ok()?;
    let vertical = filter.filtfilt(vertical_acc).ok()?;
    let horizontal = filter.filtfilt_vec3(horizontal_acc).ok()?;
    Some((vertical, horizontal))
}

/// The rise cue of one window: `E[a_v · a_h] / (sd(a_v) · rms(a_h))` in
/// [`RISE_BAND_HZ`], made horizontal with the window's mean up. It points to
/// the front of the body (see the module notes). `None` for an empty or
/// silent window.
pub fn rise_vector(
    vertical: &[f64],
    horizontal: &[[f64; 3]],
    up: &[[f64; 3]],
    range: Range<usize>,
) -> Option<[f64; 3]> {
    let end = range
        .end
        .min(vertical.len())
        .min(horizontal.len())
        .min(up.len());
    let start = range.start;
    if end < start + 2 {
        return None;
    }
    let (mut sum, mut vv, mut hh) = ([0.0; 3], 0.0, 0.0);
    for i in start..end {
        sum = add_scaled(sum, horizontal[i], vertical[i]);
        vv += vertical[i] * vertical[i];
        hh += dot(horizontal[i], horizontal[i]);
    }
    let scale = (vv * hh).sqrt();
    if !(scale > 1e-12 && scale.is_finite()) {
        return None;
    }
    let v = sum.map(|x| x / scale);
    let u = mean_up(up, start..end)?;
    let h = add_scaled(v, u, -dot(v, u));
    h.iter().all(|x| x.is_finite()).then_some(h)
}

/// The facing pooled over the walking windows of a segment: each window's
/// unit rise vector weighted by its length. `None` when the mean size of
/// the rise is below [`MIN_RISE`] (no clear swing about a flexed mean).
pub fn pooled_rise_facing(
    vertical: &[f64],
    horizontal: &[[f64; 3]],
    up: &[[f64; 3]],
    windows: &[Range<usize>],
) -> Option<[f64; 3]> {
    pool_windows(windows, MIN_RISE, |window| {
        rise_vector(vertical, horizontal, up, window)
    })
}

/// Travel sense of a window from the swing: minus the skewness of the
/// rotation rate about the lateral axis `up × facing` (gyroscope in the gait
/// band). Positive = the knee swings fast toward the front = forward.
/// `None` for a window too short or without rotation.
pub fn swing_travel(
    gyro: &[[f64; 3]],
    up: &[[f64; 3]],
    facing: [f64; 3],
    range: Range<usize>,
) -> Option<f64> {
    let end = range.end.min(gyro.len()).min(up.len());
    let start = range.start;
    if end < start + 3 {
        return None;
    }
    let u = mean_up(up, start..end)?;
    let front = unit(add_scaled(facing, u, -dot(facing, u)))?;
    let lateral = cross(u, front);
    let rate: Vec<f64> = gyro[start..end].iter().map(|w| dot(*w, lateral)).collect();
    let n = rate.len() as f64;
    let mean = rate.iter().sum::<f64>() / n;
    let (mut m2, mut m3) = (0.0, 0.0);
    for r in &rate {
        let d = r - mean;
        m2 += d * d;
        m3 += d * d * d;
    }
    let (m2, m3) = (m2 / n, m3 / n);
    let sd3 = m2 * m2.sqrt();
    let skew = m3 / sd3;
    (sd3 > 1e-18 && skew.is_finite()).then_some(-skew)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// A thigh pocket with x to the front, y left, z up, swinging about a
    /// flexed mean at 1 stride/s: pocket displacement x = sin(φ) along the
    /// front and a rise z = 0.3·sin(φ) (higher in front) plus a step-frequency
    /// bounce; `facing_sign` = −1 mirrors the front to −x.
    fn pocket(n: usize, facing_sign: f64) -> (Vec<f64>, Vec<[f64; 3]>) {
        let rate = 100.0;
        let w = 2.0 * PI;
        let mut vertical = Vec::with_capacity(n);
        let mut horizontal = Vec::with_capacity(n);
        for i in 0..n {
            let p = w * i as f64 / rate;
            // accelerations = −ω² × displacement
            vertical.push(-w * w * (0.3 * p.sin() + 0.2 * (2.0 * p).sin()));
            horizontal.push([-facing_sign * w * w * p.sin(), 0.1 * p.cos(), 0.0]);
        }
        (vertical, horizontal)
    }

    #[test]
    fn facing_is_where_the_knee_rises() {
        let up = vec![[0.0, 0.0, 1.0]; 2000];
        for sign in [1.0, -1.0] {
            let (v, h) = pocket(2000, sign);
            let (v, h) = rise_bands(&v, &h, 100.0).unwrap();
            let f = pooled_rise_facing(&v, &h, &up, &[200..1000, 1000..1800]).unwrap();
            assert!(sign * f[0] > 0.95, "{sign}: {f:?}");
        }
    }

    #[test]
    fn swing_skew_follows_the_fast_rotation() {
        // Rotation about the lateral axis (+y = up × front for front +x):
        // fast and short one way (swing), slow and long the other (stance).
        let rate = 100.0;
        let gyro: Vec<[f64; 3]> = (0..1000)
            .map(|i| {
                let phase = (i as f64 / rate).fract();
                let r = if phase < 0.4 { -1.5 } else { 1.0 };
                [0.0, r, 0.0]
            })
            .collect();
        let up = vec![[0.0, 0.0, 1.0]; 1000];
        // Negative rate about +y moves a point below the hip toward +x: the
        // fast swing goes to the front, so forward.
        let s = swing_travel(&gyro, &up, [1.0, 0.0, 0.0], 0..1000).unwrap();
        assert!(s > 0.3, "{s}");
        let s = swing_travel(&gyro, &up, [-1.0, 0.0, 0.0], 0..1000).unwrap();
        assert!(s < -0.3, "{s}");
    }

    #[test]
    fn silent_windows_give_nothing() {
        let zero = vec![0.0; 300];
        let zero3 = vec![[0.0; 3]; 300];
        let up = vec![[0.0, 0.0, 1.0]; 300];
        assert!(pooled_rise_facing(&zero, &zero3, &up, &[0..150, 150..300]).is_none());
        assert!(swing_travel(&zero3, &up, [1.0, 0.0, 0.0], 0..300).is_none());
        assert!(rise_vector(&zero, &zero3, &up, 10..11).is_none());
    }
}
