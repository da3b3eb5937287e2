//! Initial contacts of the instrumented foot, from its gyroscope.
//!
//! A foot rotates mainly about the medio-lateral axis: found here as the
//! principal axis of the angular velocity, so the mounting does not matter.
//! Each stride shows one broad mid-swing lobe of that rotation; at heel
//! strike the rotation reverses as the foot lands, so the initial contact is
//! the first zero crossing after mid-swing (the gyroscope event logic of
//! Aminian et al. 2002 and Salarian et al. 2004, sign-free here).
//!
//! The same rotation, per stride between rests, gives the walking direction
//! ([`foot_rockers`]): how the foot rolls over its heel and toes at the edges
//! of stance is time-ordered, and backward walking plays it backwards.

use crate::dsp::filter::Butterworth;
use crate::dsp::peaks::{find_peaks, PeakOptions};
use crate::gait::zupt::RestPeriod;

/// Shortest stride of one foot, s (running-pace walking ~0.8 s).
const MIN_STRIDE_S: f64 = 0.6;
/// The heel strike follows mid-swing within this time, s.
const SWING_TO_CONTACT_S: f64 = 0.5;
/// Low-pass of the angular velocity, Hz (keeps the heel-strike reversal sharp).
const GYRO_LOWPASS_HZ: f64 = 12.0;
/// A mid-swing lobe counts when its height and prominence reach this fraction
/// of the recording's swing level (99.5th percentile): the swings that start
/// and end a walk and those of turning steps are a fraction of a steady
/// stride's (0.3 lost them: ipol feet recall 0.94–0.96, first, last and
/// turning contacts; 0.1–0.2 give the same F1 on ipol and gaitmap).
const SWING_PEAK_FRACTION: f64 = 0.2;
/// Low-pass that leaves only the broad mid-swing rotation, Hz.
const SWING_LOWPASS_HZ: f64 = 3.0;

/// Sample indices of the foot's initial contacts, with a 0–1 confidence.
pub fn foot_contacts(gyro: &[Vec<f64>; 3], rate_hz: f64) -> Vec<(usize, f64)> {
    foot_events(gyro, rate_hz).initial_contacts
}

/// The instrumented foot's contact events (sample indices), from its rotation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FootEvents {
    /// Initial contacts (heel strike forward), with a 0–1 confidence.
    pub initial_contacts: Vec<(usize, f64)>,
    /// Final contacts (toe-off forward), ascending: one before each swing.
    pub final_contacts: Vec<usize>,
}

/// Initial and final contacts of the instrumented foot (see the module notes).
///
/// Final contact: the foot leaves the ground rolling over its toes (forward;
/// over its heel backward), the roll opposite to the swing's rotation, and
/// the swing's rotation takes over once it is off the ground; so the final
/// contact is the last sample before the swing's peak where the rotation
/// still rolls the push-off way (Aminian et al. 2002 and Salarian et al.
/// 2004 time the toe-off at the reversal before mid-swing on the shank).
pub fn foot_events(gyro: &[Vec<f64>; 3], rate_hz: f64) -> FootEvents {
    let n = gyro[0].len();
    if n < 10 {
        return FootEvents::default();
    }
    let axis = principal_axis(gyro);
    let projected: Vec<f64> = (0..n)
        .map(|i| gyro[0][i] * axis[0] + gyro[1][i] * axis[1] + gyro[2][i] * axis[2])
        .collect();
    let lowpass = |cutoff: f64, x: &[f64]| {
        Butterworth::lowpass(4, cutoff.min(0.45 * rate_hz), rate_hz)
            .and_then(|f| f.filtfilt(x))
            .unwrap_or_else(|_| x.to_vec())
    };
    let mut signal = lowpass(GYRO_LOWPASS_HZ, &projected);
    let mut swing = lowpass(SWING_LOWPASS_HZ, &projected);
    // Orient so that mid-swing is positive. Around rest (stance) the foot
    // rotates one way (heel strike before, push-off after), and mid-swing the
    // other way: the lobes next to rest tell the sign. Peak size does not:
    // push-off can exceed mid-swing. Backward walking plays the rotation
    // backwards, so every lobe flips: each walk between long rests is
    // oriented on its own (a session of forward and backward walks would
    // otherwise put half its contacts at push-off); short walks, with too few
    // lobes to tell, take the whole recording's sign.
    let global = lobes_next_to_rest(&signal, rate_hz);
    for walk in walks_between_rests(&signal, rate_hz) {
        let local = if walk.len() as f64 >= MIN_OWN_ORIENTATION_S * rate_hz {
            signal
                .get(walk.clone())
                .map_or(global, |part| lobes_next_to_rest(part, rate_hz))
        } else {
            global
        };
        if local > 0.0 {
            for x in signal.get_mut(walk.clone()).into_iter().flatten() {
                *x = -*x;
            }
            for x in swing.get_mut(walk).into_iter().flatten() {
                *x = -*x;
            }
        }
    }
    let mut sorted: Vec<f64> = swing.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let (low, high) = (quantile(0.005), quantile(0.995));
    let peak_level = high.max(-low);
    let swings = find_peaks(
        &swing,
        &PeakOptions {
            height: Some((SWING_PEAK_FRACTION * peak_level).max(0.5)),
            prominence: Some((SWING_PEAK_FRACTION * peak_level).max(0.5)),
            distance: Some((MIN_STRIDE_S * rate_hz) as usize),
        },
    );
    let window = (SWING_TO_CONTACT_S * rate_hz) as usize;
    let final_contacts = swings
        .iter()
        .filter_map(|peak| {
            let start = peak.index.saturating_sub(window);
            let before = signal.get(start..peak.index)?;
            // The last sample of the push-off roll before the swing.
            Some(start + before.iter().rposition(|v| *v <= 0.0)?)
        })
        .collect();
    let initial_contacts = swings
        .iter()
        .filter_map(|peak| {
            let end = (peak.index + window).min(n);
            // Heel strike: the swing rotation reverses as the foot lands.
            let offset = signal
                .get(peak.index..end)?
                .iter()
                .position(|v| *v <= 0.0)?;
            Some((
                peak.index + offset,
                (peak.prominence / peak_level.max(1e-9)).clamp(0.0, 1.0),
            ))
        })
        .collect();
    FootEvents {
        initial_contacts,
        final_contacts,
    }
}

/// Window next to each stance (rest) in which the foot rolls on its heel or
/// toes, s: loading after landing, push-off before lift-off.
const ROCKER_WINDOW_S: f64 = 0.15;
/// Strides (mid-stance to mid-stance) outside this range are not used, s.
const ROCKER_STRIDE_S: (f64, f64) = (0.4, 4.0);

/// How one stride of a foot rolls at the edges of its stance: the cues of the
/// walking direction for a foot sensor (see [`foot_rockers`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FootRocker {
    /// Mid-stance sample the stride leaves.
    pub start: usize,
    /// Mid-stance sample it reaches.
    pub end: usize,
    /// Up in the device frame at the stance it leaves (unit vector).
    pub up: [f64; 3],
    /// Rotation vector (rad, device frame) over [`ROCKER_WINDOW_S`] after
    /// leaving the stance plus the same before reaching the next: the foot
    /// rolls toes-down there when walking forward (push-off, then loading
    /// after heel strike) and toes-up when walking backward.
    pub edge_rotation: [f64; 3],
    /// −1…1: (lift-off rotation − landing rotation) / their sum, about the
    /// foot's pitch axis; positive when the larger roll precedes the swing.
    pub lift_off_asymmetry: f64,
}

/// Per stride of a foot (between consecutive stances, see [`stances`]), its
/// rocker cues for the walking direction.
///
/// Physics: a forward stride leaves stance rolling over the toes (heel rise to
/// toe-off, the foot pitches 50–80° toes-down) and lands on the heel, rolling
/// 15–30° to foot-flat; backward walking is close to forward walking played
/// backwards, so the large roll moves to the landing (toe contact, heel
/// lowering) and the small one to lift-off. About the pitch axis, oriented so
/// that the swing is positive (the rolls next to stance are opposite to it in
/// both directions), the pitch rotation before the swing and after it give
/// `lift_off_asymmetry`: positive forward, negative backward, whatever the
/// mounting. With the mounting known, `edge_rotation` about up × forward is
/// toes-down (positive) forward and toes-up backward.
pub fn foot_rockers(acc: &[Vec<f64>; 3], gyro: &[Vec<f64>; 3], rate_hz: f64) -> Vec<FootRocker> {
    let n = gyro
        .iter()
        .chain(acc.iter())
        .map(Vec::len)
        .min()
        .unwrap_or(0);
    if n < 10 || !rate_hz.is_finite() || rate_hz <= 0.0 {
        return Vec::new();
    }
    let axis = principal_axis(gyro);
    let pitch: Vec<f64> = (0..n)
        .map(|i| gyro[0][i] * axis[0] + gyro[1][i] * axis[1] + gyro[2][i] * axis[2])
        .collect();
    let window = ((ROCKER_WINDOW_S * rate_hz) as usize).max(1);
    let (shortest, longest) = (ROCKER_STRIDE_S.0 * rate_hz, ROCKER_STRIDE_S.1 * rate_hz);
    let rests = stances(gyro, n, rate_hz);
    rests
        .windows(2)
        .filter_map(|pair| {
            let (leave, reach) = (pair.first()?, pair.get(1)?);
            let (a, b) = (leave.anchor, reach.anchor.min(n - 1));
            let length = b.checked_sub(a)? as f64;
            if length < shortest || length > longest || reach.start <= leave.end {
                return None;
            }
            let after = leave.end..(leave.end + window).min(reach.start);
            let before = reach.start.saturating_sub(window).max(leave.end)..reach.start;
            let mut edge = [0.0; 3];
            for (e, axis) in edge.iter_mut().zip(gyro) {
                let sum = |range: std::ops::Range<usize>| -> Option<f64> {
                    Some(axis.get(range)?.iter().sum::<f64>())
                };
                *e = (sum(after.clone())? + sum(before.clone())?) / rate_hz;
            }
            let mut up = [0.0; 3];
            for (u, axis) in up.iter_mut().zip(acc) {
                *u = axis.get(leave.start..leave.end)?.iter().sum();
            }
            let norm = (up[0] * up[0] + up[1] * up[1] + up[2] * up[2]).sqrt();
            if !(norm > 1e-6 && norm.is_finite()) {
                return None;
            }
            let up = [up[0] / norm, up[1] / norm, up[2] / norm];
            // Orient the pitch so that the rolls next to stance are negative.
            let edges: f64 = after.chain(before).filter_map(|i| pitch.get(i)).sum();
            let sign = if edges > 0.0 { -1.0 } else { 1.0 };
            let stride: Vec<f64> = pitch.get(a..=b)?.iter().map(|w| sign * w).collect();
            // The swing: the positive run with the largest rotation.
            let mut swing = (0, 0, 0.0);
            let mut i = 0;
            while i < stride.len() {
                if stride[i] <= 0.0 {
                    i += 1;
                    continue;
                }
                let j = i + stride[i..].iter().take_while(|w| **w > 0.0).count();
                let area: f64 = stride[i..j].iter().sum();
                if area > swing.2 {
                    swing = (i, j, area);
                }
                i = j;
            }
            let negative =
                |part: &[f64]| -> f64 { part.iter().filter(|w| **w < 0.0).map(|w| -w).sum() };
            let lift_off = negative(stride.get(..swing.0)?);
            let landing = negative(stride.get(swing.1..)?);
            let total = lift_off + landing;
            if swing.2 <= 0.0 || !(total > 1e-9 && total.is_finite()) {
                return None;
            }
            Some(FootRocker {
                start: a,
                end: b,
                up,
                edge_rotation: edge,
                lift_off_asymmetry: (lift_off - landing) / total,
            })
        })
        .collect()
}

/// A foot's stance for its rockers: its rotation below this share of the
/// recording's swing level (99th percentile of the windowed rate) …
const STANCE_FRACTION: f64 = 0.15;
/// … or below the zero-velocity level of [`crate::gait::zupt`], rad/s, whichever is larger.
const STANCE_MIN_RAD_S: f64 = 0.8;

/// Stance periods for the rockers: where the windowed (0.1 s) angular-rate
/// magnitude stays under [`STANCE_FRACTION`] of the swing level (at least
/// [`STANCE_MIN_RAD_S`]); runs closer than 0.2 s are one stance, and each is
/// anchored at its stillest sample. Unlike the zero-velocity periods of the
/// stride length, the foot need not be still: a foot that bounces through
/// stance still rotates least at mid-stance, and its rolls at the edges stand.
fn stances(gyro: &[Vec<f64>; 3], n: usize, rate_hz: f64) -> Vec<RestPeriod> {
    let half = ((0.05 * rate_hz) as usize).max(1);
    let magnitude: Vec<f64> = (0..n)
        .map(|i| {
            let v = [gyro[0][i], gyro[1][i], gyro[2][i]];
            (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt()
        })
        .collect();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for m in &magnitude {
        let last = prefix.last().copied().unwrap_or(0.0);
        prefix.push(last + if m.is_finite() { *m } else { f64::INFINITY });
    }
    let windowed: Vec<f64> = (0..n)
        .map(|i| {
            let (lo, hi) = (i.saturating_sub(half), (i + half + 1).min(n));
            (prefix[hi] - prefix[lo]) / (hi - lo) as f64
        })
        .collect();
    let mut sorted: Vec<f64> = windowed.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return Vec::new();
    }
    let index = ((sorted.len() - 1) as f64 * 0.99) as usize;
    let (_, level, _) = sorted.select_nth_unstable_by(index, f64::total_cmp);
    let threshold = (STANCE_FRACTION * *level).max(STANCE_MIN_RAD_S);
    let merge = (0.2 * rate_hz) as usize;
    let min_run = ((0.04 * rate_hz) as usize).max(1);
    let mut periods: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if windowed[i].is_nan() || windowed[i] >= threshold {
            i += 1;
            continue;
        }
        let j = i + windowed[i..].iter().take_while(|v| **v < threshold).count();
        if j - i >= min_run {
            match periods.last_mut() {
                Some(last) if i.saturating_sub(last.1) < merge => last.1 = j,
                _ => periods.push((i, j)),
            }
        }
        i = j;
    }
    periods
        .into_iter()
        .map(|(start, end)| RestPeriod {
            start,
            end,
            anchor: (start..end)
                .min_by(|&a, &b| windowed[a].total_cmp(&windowed[b]))
                .unwrap_or(start),
        })
        .collect()
}

/// Shortest walk oriented on its own, s (a few strides).
const MIN_OWN_ORIENTATION_S: f64 = 4.0;
/// Rest that separates walks, s (longer than any stance).
const WALK_SEPARATING_REST_S: f64 = 1.0;

/// Index ranges covering the whole signal, cut in the middle of every rest
/// (see [`lobes_next_to_rest`]) longer than [`WALK_SEPARATING_REST_S`].
fn walks_between_rests(signal: &[f64], rate_hz: f64) -> Vec<std::ops::Range<usize>> {
    let n = signal.len();
    let mut magnitudes: Vec<f64> = signal
        .iter()
        .map(|v| v.abs())
        .filter(|v| v.is_finite())
        .collect();
    if magnitudes.is_empty() {
        return std::iter::once(0..n).collect();
    }
    let index = ((magnitudes.len() - 1) as f64 * 0.99) as usize;
    let (_, level, _) = magnitudes.select_nth_unstable_by(index, f64::total_cmp);
    let threshold = 0.1 * *level;
    let min_rest = ((WALK_SEPARATING_REST_S * rate_hz) as usize).max(1);
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < n {
        if signal[i].abs() >= threshold {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && signal[j].abs() < threshold {
            j += 1;
        }
        if j - i >= min_rest && i > 0 && j < n {
            cuts.push((i + j) / 2);
        }
        i = j;
    }
    let mut walks = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        walks.push(start..cut);
        start = cut;
    }
    walks.push(start..n);
    walks
}

/// Sum of the signal over 0.15 s before and after every rest period (|w|
/// below a tenth of its 99th percentile for at least 0.1 s).
fn lobes_next_to_rest(signal: &[f64], rate_hz: f64) -> f64 {
    let mut magnitudes: Vec<f64> = signal
        .iter()
        .map(|v| v.abs())
        .filter(|v| v.is_finite())
        .collect();
    if magnitudes.is_empty() {
        return 0.0;
    }
    let index = ((magnitudes.len() - 1) as f64 * 0.99) as usize;
    let (_, level, _) = magnitudes.select_nth_unstable_by(index, f64::total_cmp);
    let threshold = 0.1 * *level;
    let window = (0.15 * rate_hz) as usize;
    let min_run = ((0.1 * rate_hz) as usize).max(1);
    let n = signal.len();
    let mut total = 0.0;
    let mut i = 0;
    while i < n {
        if signal[i].abs() >= threshold {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && signal[j].abs() < threshold {
            j += 1;
        }
        if j - i >= min_run {
            if i >= window {
                total += signal[i - window..i].iter().sum::<f64>();
            }
            if j + window <= n {
                total += signal[j..j + window].iter().sum::<f64>();
            }
        }
        i = j;
    }
    total
}

/// Principal axis of a 3-axis signal (largest eigenvector of its covariance, by power iteration).
pub(crate) fn principal_axis(signal: &[Vec<f64>; 3]) -> [f64; 3] {
    let n = signal[0].len().max(1) as f64;
    let mean: Vec<f64> = signal.iter().map(|a| a.iter().sum::<f64>() / n).collect();
    let mut cov = [[0.0; 3]; 3];
    for ((x, y), z) in signal[0].iter().zip(&signal[1]).zip(&signal[2]) {
        let d = [x - mean[0], y - mean[1], z - mean[2]];
        for r in 0..3 {
            for c in 0..3 {
                cov[r][c] += d[r] * d[c];
            }
        }
    }
    let mut v = [1.0, 0.7, 0.4];
    for _ in 0..100 {
        let next = [
            cov[0][0] * v[0] + cov[0][1] * v[1] + cov[0][2] * v[2],
            cov[1][0] * v[0] + cov[1][1] * v[1] + cov[1][2] * v[2],
            cov[2][0] * v[0] + cov[2][1] * v[1] + cov[2][2] * v[2],
        ];
        let norm = (next[0] * next[0] + next[1] * next[1] + next[2] * next[2]).sqrt();
        if norm < 1e-12 {
            return [0.0, 1.0, 0.0];
        }
        v = [next[0] / norm, next[1] / norm, next[2] / norm];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A half-sine lobe of `height` over the stride phases `from..to`.
    fn lobe(phase: f64, from: f64, to: f64, height: f64) -> f64 {
        if (from..to).contains(&phase) {
            height * ((phase - from) / (to - from) * std::f64::consts::PI).sin()
        } else {
            0.0
        }
    }

    /// A foot's rotation over one stride phase: rest, push-off (larger than
    /// mid-swing, as on many feet), mid-swing, heel strike, rest (stance).
    fn stride_rotation(phase: f64) -> f64 {
        lobe(phase, 0.45, 0.55, -9.0) + lobe(phase, 0.55, 0.85, 6.0) + lobe(phase, 0.85, 0.95, -3.0)
    }

    #[test]
    fn one_contact_per_stride_in_any_mounting() {
        let rate = 100.0;
        let stride = 1.1;
        let n = 2000;
        // Rest, push-off, mid-swing, heel strike, rest (stance) — about an axis
        // tilted in the device frame; push-off is larger than mid-swing, as on many feet.
        let pattern = |t: f64| stride_rotation((t % stride) / stride);
        let axis = [0.3, -0.9, 0.3165];
        let mut gyro = [Vec::new(), Vec::new(), Vec::new()];
        for i in 0..n {
            let w = pattern(i as f64 / rate);
            for k in 0..3 {
                gyro[k].push(w * axis[k]);
            }
        }
        let contacts = foot_contacts(&gyro, rate);
        assert_eq!(contacts.len(), (n as f64 / rate / stride) as usize);
        for (index, _) in contacts {
            let phase = ((index as f64 / rate) % stride) / stride;
            assert!((0.84..0.87).contains(&phase), "{phase}");
        }
        // The same walk, 3 s of rest, then that walk played backwards (backward
        // walking): the rotation flips, and each contact is still where the
        // swing rotation reverses as the foot lands (toe first).
        let rest = 300;
        let mut session = gyro.clone();
        for k in 0..3 {
            session[k].extend(std::iter::repeat_n(0.0, rest));
            let reversed: Vec<f64> = gyro[k].iter().rev().map(|w| -w).collect();
            session[k].extend(reversed);
        }
        let contacts = foot_contacts(&session, rate);
        let backward: Vec<usize> = contacts
            .iter()
            .map(|c| c.0)
            .filter(|&i| i >= n + rest)
            .collect();
        assert!(
            backward.len() + 1 >= (n as f64 / rate / stride) as usize,
            "{}",
            backward.len()
        );
        for index in backward {
            // Played backwards, time t of the original is n + rest + (n − 1 − t):
            // the reversed swing (phase 0.85 → 0.55) ends at phase 0.55.
            let original = (2 * n + rest - 1 - index) as f64 / rate;
            let phase = (original % stride) / stride;
            assert!((0.53..0.57).contains(&phase), "{phase}");
        }
    }

    #[test]
    fn one_final_contact_where_push_off_gives_way_to_the_swing() {
        let rate = 100.0;
        let stride = 1.1;
        let n = 2000;
        // As above: push-off roll 0.45–0.55 of the stride, swing 0.55–0.85.
        let pattern = |t: f64| stride_rotation((t % stride) / stride);
        let axis = [-0.7, 0.1, 0.707];
        let gyro: [Vec<f64>; 3] =
            std::array::from_fn(|k| (0..n).map(|i| pattern(i as f64 / rate) * axis[k]).collect());
        let events = foot_events(&gyro, rate);
        assert_eq!(
            events.final_contacts.len(),
            events.initial_contacts.len(),
            "one final contact per swing"
        );
        for &index in &events.final_contacts {
            let phase = ((index as f64 / rate) % stride) / stride;
            assert!((0.53..0.56).contains(&phase), "{phase}");
        }
        // Every final contact comes before its swing's initial contact.
        for (fc, (ic, _)) in events.final_contacts.iter().zip(&events.initial_contacts) {
            assert!(fc < ic && (ic - fc) as f64 / rate < 0.5 * stride);
        }
    }

    #[test]
    fn rockers_tell_a_stride_from_the_same_stride_played_backwards() {
        let rate = 100.0;
        let stride = 1.2;
        let n = 1200;
        // Foot frame x toes, y left, z up; a positive rate about y tips the toes
        // down. Forward: push-off (toes down, large), swing (toes up), loading
        // after heel strike (toes down, small); rest (stance) in between.
        let pitch_rate = |t: f64| {
            let phase = (t % stride) / stride;
            lobe(phase, 0.40, 0.55, 9.0)
                + lobe(phase, 0.55, 0.85, -8.0)
                + lobe(phase, 0.85, 0.92, 3.0)
        };
        let acc = [vec![0.0; n], vec![0.0; n], vec![9.81; n]];
        let forward_gyro = [
            vec![0.0; n],
            (0..n)
                .map(|i| pitch_rate(i as f64 / rate))
                .collect::<Vec<f64>>(),
            vec![0.0; n],
        ];
        // Backward walking as the forward stride played backwards: −ω(T − t).
        let backward_gyro = [
            vec![0.0; n],
            forward_gyro[1].iter().rev().map(|w| -w).collect(),
            vec![0.0; n],
        ];
        for (gyro, sign) in [(forward_gyro, 1.0), (backward_gyro, -1.0)] {
            let rockers = foot_rockers(&acc, &gyro, rate);
            assert!(rockers.len() >= 7, "{}", rockers.len());
            for r in rockers {
                // Mounting unknown: the larger roll comes first when walking forward.
                assert!(sign * r.lift_off_asymmetry > 0.3, "{r:?}");
                // Mounting known: the roll next to stance about up × toes (y).
                assert!((r.up[2] - 1.0).abs() < 1e-9);
                assert!(sign * r.edge_rotation[1] > 0.1, "{r:?}");
            }
        }
    }
}
