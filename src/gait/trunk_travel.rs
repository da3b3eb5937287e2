//! Walking direction of a trunk (lower back) sensor whose mounting is not
//! known: direction = facing × travel sense, both in the device frame.
//!
//! * **Facing (κ)**: while walking, the pelvis yaws with each step and the
//!   trunk sways sideways; the yaw rate leads the lateral acceleration by a
//!   fraction of a step on the side the body faces. The lead–lag
//!   `E[ω_up(t)·a_h(t+L)] − E[a_h(t)·ω_up(t+L)]` (L = 0.12 s, both in the gait
//!   band; ω_up is the yaw rate, the raw gyroscope about up, then filtered) is a
//!   horizontal vector along the lateral axis whose cross product with up
//!   points to the front. It is noisy bout by bout, but the mounting of a trunk
//!   sensor is fixed during a recording, so it is pooled over all the walking
//!   of a segment (each bout's unit vector weighted by its length): right in
//!   every mocap_bandai pelvis session (40/40 bouts) and every real bout (ipol
//!   116/116, mobgap_lab 19/19) in the cue study.
//! * **Travel sense (horizontal jerk asymmetry)**: along the direction of
//!   travel the horizontal acceleration falls fast and rises slowly. Each
//!   contact is a collision that brakes the body within a few tens of
//!   milliseconds (the step-to-step transition of Kuo, Donelan & Ruina 2005,
//!   Exerc. Sport Sci. Rev. 33:88; the sharp drop of the trunk's
//!   antero-posterior acceleration after its forward peak at initial contact
//!   described by Zijlstra & Hof 2003, Gait & Posture 18:1), whereas the
//!   propulsion that follows builds up over the stance. This holds whichever
//!   way the body faces (walking backwards the leading foot still lands
//!   against the motion) and for vaulting and bouncing gaits alike (unlike
//!   the inverted-pendulum phase, which flips in crouched, compliant acted
//!   styles). The third moment `−E[|j|² j] / rms(j)³` of the horizontal jerk
//!   `j` (acceleration band 0.5–8 Hz, the up from the gyroscope fusion) is a
//!   device-frame vector along the travel sense: in the cue study (reference
//!   bouts ≥ 2 s) right in mocap_bandai pelvis 24/24 single trials and 40/40
//!   session bouts, ipol L5 116/116 and mobgap_lab 19/19.
//!
//! The score of a window is the travel vector's component along the pooled
//! facing: positive = forward.

use crate::dsp::filter::Butterworth;
use crate::dsp::vec3::{add_scaled, cross, dot, unit};
use std::ops::Range;

/// Band of the horizontal acceleration whose jerk is measured, Hz: the
/// braking drop after a contact lasts a few tens of milliseconds.
pub const JERK_BAND_HZ: (f64, f64) = (0.5, 8.0);
/// Lag of the facing lead–lag between yaw rate and lateral acceleration, s
/// (about a quarter of a step).
pub const FACING_LAG_S: f64 = 0.12;
/// Smallest mean size of the facing lead–lag (normalised) over the walking
/// that gives a facing: every real and mocap bout ≥ 2 s of the cue study sat
/// at 0.165 or more (ipol median 0.42, mobgap_lab 0.68, mocap 0.33).
pub const MIN_FACING_LEAD_LAG: f64 = 0.1;
/// Smallest |travel score| (along the facing) that decides forward; backward
/// needs [`crate::gait::direction::BACKWARD_EVIDENCE_FACTOR`] times it. The
/// cue study's reference bouts sat at 0.06 or more (mocap), 0.08 or more
/// (ipol), 0.27 or more for every backward bout.
pub const MIN_TRAVEL_SCORE: f64 = 0.05;
/// Smallest confidence of a backward call (score relative to a clear one,
/// times the share of 2-s pieces agreeing); below it the window stays unknown.
pub const MIN_BACKWARD_CONFIDENCE: f64 = 0.5;
/// A clear travel score (confidence 1): about the median bout's.
pub const CLEAR_TRAVEL_SCORE: f64 = 0.4;

/// A device-frame vector signal stored as one column per axis (x, y, z): an
/// hour of each column is a buffer the size of the other one-column signals,
/// so it reuses their memory once they are freed.
pub type Columns = [Vec<f64>; 3];

/// Samples of `x` every column has.
fn columns_len(x: &Columns) -> usize {
    x.iter().map(Vec::len).min().unwrap_or(0)
}

/// Sample `i` of `x` as a vector; `i` below [`columns_len`].
#[inline(always)]
fn at(x: &Columns, i: usize) -> [f64; 3] {
    [x[0][i], x[1][i], x[2][i]]
}

/// The horizontal acceleration in [`JERK_BAND_HZ`] (zero-phase), device frame,
/// one column per axis. `None` when the band cannot be built for this rate or
/// the signal is too short to filter.
pub fn jerk_band(horizontal_acc: &[[f64; 3]], rate_hz: f64) -> Option<Columns> {
    let high = JERK_BAND_HZ.1.min(0.45 * rate_hz);
    Butterworth::bandpass(2, JERK_BAND_HZ.0, high, rate_hz)
        .ok()?
        .filtfilt_components(horizontal_acc)
        .ok()
}

/// Facing lead–lag of one window: `(k × ū)` where `k` is the normalised
/// lead–lag of the yaw rate (the gyroscope about up) and the horizontal
/// acceleration (both gait band; `horizontal` one column per axis), `ū` the
/// window's mean up. Its direction is the front of the body in the device
/// frame. `None` when the window is shorter than the lag or carries no signal.
pub fn facing_lead_lag(
    horizontal: &Columns,
    yaw_rate: &[f64],
    up: &[[f64; 3]],
    range: Range<usize>,
    rate_hz: f64,
) -> Option<[f64; 3]> {
    let end = range
        .end
        .min(columns_len(horizontal))
        .min(yaw_rate.len())
        .min(up.len());
    let lag = (FACING_LAG_S * rate_hz).round().max(1.0) as usize;
    let start = range.start;
    if end < start + 2 * lag {
        return None;
    }
    // Sample by sample: the horizontal acceleration, the yaw rate and up;
    // and `lag` samples later.
    let column = |axis: usize| horizontal[axis].get(start..end).unwrap_or(&[]);
    let (x, y, z) = (column(0), column(1), column(2));
    let acc = |from: usize| {
        x.iter()
            .zip(y)
            .zip(z)
            .skip(from)
            .map(|((x, y), z)| [*x, *y, *z])
    };
    let (yaw, up) = (&yaw_rate[start..end], &up[start..end]);
    let mut now = acc(0).zip(yaw).zip(up);
    let later = acc(lag).zip(yaw.iter().skip(lag));
    let mut k = [0.0; 3];
    let (mut yaw_sq, mut acc_sq, mut mean_up) = (0.0, 0.0, [0.0; 3]);
    // One loop, so the sums' serial chains overlap (each sum adds the same
    // terms in the same order as a loop of its own).
    let mut energies = |h: [f64; 3], yaw: f64, u: [f64; 3]| {
        yaw_sq += yaw * yaw;
        acc_sq += dot(h, h);
        mean_up = add_scaled(mean_up, u, 1.0);
    };
    for ((h_later, &yaw_later), ((h, &yaw), u)) in later.zip(now.by_ref()) {
        k = add_scaled(k, h_later, yaw);
        k = add_scaled(k, h, -yaw_later);
        energies(h, yaw, *u);
    }
    for ((h, &yaw), u) in now {
        energies(h, yaw, *u);
    }
    let n = (end - start) as f64;
    let scale = (yaw_sq / n).sqrt() * (acc_sq / n).sqrt() * (end - start - lag) as f64;
    if !(scale > 1e-12 && scale.is_finite()) {
        return None;
    }
    let k = k.map(|v| v / scale);
    let facing = cross(k, unit(mean_up)?);
    facing.iter().all(|v| v.is_finite()).then_some(facing)
}

/// The facing pooled over the walking windows of a segment: the sum of each
/// window's unit facing weighted by its length (the mounting is fixed, so
/// every bout measures the same vector). `horizontal`: one column per axis,
/// as in [`facing_lead_lag`].
pub fn pooled_facing(
    horizontal: &Columns,
    yaw_rate: &[f64],
    up: &[[f64; 3]],
    windows: &[Range<usize>],
    rate_hz: f64,
) -> Option<[f64; 3]> {
    // No lead–lag, no facing: a trunk that yaws in phase with its sway (or
    // not at all) says nothing about where it faces.
    pool_windows(windows, MIN_FACING_LEAD_LAG, |window| {
        facing_lead_lag(horizontal, yaw_rate, up, window, rate_hz)
    })
}

/// A facing pooled over windows: the sum of each window's unit `cue`
/// weighted by the window's length, as a unit vector; `None` when the cues'
/// length-weighted mean size is below `min_strength` (or there is none).
pub(crate) fn pool_windows(
    windows: &[Range<usize>],
    min_strength: f64,
    cue: impl Fn(Range<usize>) -> Option<[f64; 3]>,
) -> Option<[f64; 3]> {
    let mut pooled = [0.0; 3];
    let (mut strength, mut weight) = (0.0, 0.0);
    for window in windows {
        let Some(f) = cue(window.clone()) else {
            continue;
        };
        if let Some(u) = unit(f) {
            let w = window.len() as f64;
            pooled = add_scaled(pooled, u, w);
            strength += dot(f, f).sqrt() * w;
            weight += w;
        }
    }
    (weight > 0.0 && strength / weight >= min_strength)
        .then(|| unit(pooled))
        .flatten()
}

/// The mean up of `range` as a unit vector; `None` outside `up` or when it
/// sums to nothing.
pub(crate) fn mean_up(up: &[[f64; 3]], range: Range<usize>) -> Option<[f64; 3]> {
    let mut sum = [0.0; 3];
    for u in up.get(range)? {
        sum = add_scaled(sum, *u, 1.0);
    }
    unit(sum)
}

/// The jerk at sample `i` (per sample) of the band-passed horizontal
/// acceleration `wide`: the central difference, centred in time, so a window
/// played backwards gives exactly the negated jerk. `1 ≤ i < columns_len(wide) − 1`.
#[inline(always)]
fn central_jerk(wide: &Columns, i: usize) -> [f64; 3] {
    let (before, after) = (at(wide, i - 1), at(wide, i + 1));
    [
        0.5 * (after[0] - before[0]),
        0.5 * (after[1] - before[1]),
        0.5 * (after[2] - before[2]),
    ]
}

/// Travel sense of a window from the horizontal jerk's third moment,
/// `−E[|j|² j] / rms(j)³` (dimensionless, device frame; see the module
/// notes). `wide` is the horizontal acceleration in [`JERK_BAND_HZ`] (one
/// column per axis, as [`jerk_band`] gives it); the jerk
/// is the central difference (centred in time), so the window played
/// backwards gives exactly the negated vector.
pub fn jerk_travel(wide: &Columns, range: Range<usize>) -> Option<[f64; 3]> {
    let end = range.end.min(columns_len(wide));
    let start = range.start.max(1);
    if end < start + 3 {
        return None;
    }
    let mut third = [0.0; 3];
    let mut second = 0.0;
    for i in start..end - 1 {
        let j = central_jerk(wide, i);
        let sq = dot(j, j);
        second += sq;
        third = add_scaled(third, j, -sq);
    }
    let n = (end - 1 - start) as f64;
    let rms = (second / n).sqrt();
    let scale = rms * rms * rms * n;
    (scale > 1e-18 && scale.is_finite()).then(|| third.map(|v| v / scale))
}

/// Fewest steps that must each read backward (their own share of the
/// window's travel score at most −[`MIN_TRAVEL_SCORE`] ×
/// [`crate::gait::direction::BACKWARD_EVIDENCE_FACTOR`]), and at least half
/// of the window's steps, before a window is called backward. Walking backward
/// brakes the body at every contact, so every step carries the asymmetry; a
/// backward moment carried by one or two steps is an event (a sit-down on a
/// chair, a bump, a stop), not gait. Every mocap_bandai pelvis backward bout
/// reading ≤ −0.1 has 60 % or more of its steps (10 or more) reading backward
/// on their own; the real forward stretches reading ≤ −0.1 (mobgap_lab free
/// living, ipol after the walks; turn steps left out) had 19–40 %, or only 1
/// or 2 such steps (ipol 3-6, 9-5).
pub const MIN_BACKWARD_STEPS: usize = 3;

/// A trunk window the pooled score leaves undecided (weak, or backward
/// without the steps to show for it) is forward when at least
/// [`MIN_BACKWARD_STEPS`] of its steps read forward on their own and they
/// outnumber the steps reading backward by this factor: counted step by
/// step, one violent event (a sit-down on a chair) weighs as one step, not as
/// the cube of its jerk. Every mocap_bandai pelvis backward bout has at most
/// 4 steps reading forward against 10–18 reading backward; mobgap_lab's
/// free-living bout with a sit-down reads 6 forward against 3 backward (its
/// pooled score −0.27). Only forward is decided this way: a false backward is
/// the costlier error and keeps its stricter rule.
pub const FORWARD_VOTE_MARGIN: usize = 2;

/// The travel score of a window ([`travel_score`]) with how its steps read
/// on their own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TravelScore {
    /// Horizontal jerk third moment along the facing (positive = forward).
    pub score: f64,
    /// Steps the score was read from.
    pub steps: usize,
    /// Of those, steps whose own share of the score reads backward (at most
    /// −[`MIN_TRAVEL_SCORE`] × the backward evidence factor).
    pub steps_backward: usize,
    /// Of those, steps whose own share reads forward by the same margin (at
    /// least +[`MIN_TRAVEL_SCORE`] × the backward evidence factor).
    pub steps_forward: usize,
}

/// The travel score of a window: the horizontal jerk's third moment
/// ([`jerk_travel`]) along the facing, made horizontal with the window's mean
/// up; positive = forward. The window is cut into steps at the midpoints
/// between the `contacts` (sorted sample indices) inside it, and steps whose
/// middle falls in a turn (`turning`: sorted sample ranges) are left out
/// unless every step is in one: turning, the body steps round or sideways
/// and the trunk's travel is not along its facing (ipol L5: 85 % of the
/// straight steps read forward on their own, 38 % of the turn steps;
/// mobgap_lab's free living 42–52 % against 33–34 %, and 18–21 % of its turn
/// steps read backward). Without contacts the window is one step.
pub fn travel_score(
    wide: &Columns,
    up: &[[f64; 3]],
    facing: [f64; 3],
    range: Range<usize>,
    contacts: &[usize],
    turning: &[Range<usize>],
) -> Option<TravelScore> {
    let end = range.end.min(columns_len(wide));
    let start = range.start.max(1);
    if end < start + 3 {
        return None;
    }
    let u = mean_up(up, range.start..range.end.min(up.len()))?;
    let f = unit(add_scaled(facing, u, -dot(facing, u)))?;
    // Step boundaries: the window's ends and the midpoints between its contacts.
    let first = contacts.partition_point(|&c| c <= start);
    let last = contacts.partition_point(|&c| c < end - 1);
    let inside = contacts.get(first..last).unwrap_or(&[]);
    let mut bounds = Vec::with_capacity(inside.len() + 1);
    bounds.push(start);
    bounds.extend(inside.windows(2).map(|w| (w[0] + w[1]) / 2));
    bounds.push(end - 1);
    // Per step: Σ|j|², −Σ|j|² (j·f), samples.
    let steps: Vec<(f64, f64, usize)> = bounds
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| {
            let (mut second, mut third) = (0.0, 0.0);
            for i in w[0]..w[1] {
                let j = central_jerk(wide, i);
                let sq = dot(j, j);
                second += sq;
                third -= sq * dot(j, f);
            }
            (second, third, w[1] - w[0])
        })
        .collect();
    let in_turn = |w: &[usize]| {
        let middle = (w[0] + w[1]) / 2;
        let k = turning.partition_point(|t| t.end <= middle);
        turning.get(k).is_some_and(|t| t.contains(&middle))
    };
    let straight: Vec<bool> = bounds
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| !in_turn(w))
        .collect();
    let any_straight = straight.iter().any(|&s| s);
    let kept = || {
        steps
            .iter()
            .zip(&straight)
            .filter(move |(_, &s)| s || !any_straight)
            .map(|(step, _)| *step)
    };
    let (second, third, n) = kept().fold((0.0, 0.0, 0usize), |(a, b, c), (s, t, n)| {
        (a + s, b + t, c + n)
    });
    let rms = (second / n as f64).sqrt();
    let cube = rms * rms * rms;
    if !(cube * n as f64 > 1e-18 && cube.is_finite()) {
        return None;
    }
    let score = third / (cube * n as f64);
    let backward_step = -MIN_TRAVEL_SCORE * crate::gait::direction::BACKWARD_EVIDENCE_FACTOR;
    let (count, steps_backward, steps_forward) =
        kept().fold((0, 0, 0), |(count, backward, forward), (_, t, n)| {
            let own = t / (cube * n as f64);
            (
                count + 1,
                backward + usize::from(own <= backward_step),
                forward + usize::from(own >= -backward_step),
            )
        });
    score.is_finite().then_some(TravelScore {
        score,
        steps: count,
        steps_backward,
        steps_forward,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// Horizontal acceleration along x of a walker whose braking after each
    /// contact is sharp and whose propulsion builds up slowly (a sawtooth:
    /// slow rise, fast fall), 2 steps/s, 100 Hz; `reverse` plays it backwards.
    fn sawtooth(n: usize, reverse: bool) -> Vec<[f64; 3]> {
        let rate = 100.0;
        let x: Vec<[f64; 3]> = (0..n)
            .map(|i| {
                let phase = (2.0 * i as f64 / rate).fract();
                // rise over 80 % of the step, fall over 20 %
                let a = if phase < 0.8 {
                    phase / 0.8
                } else {
                    1.0 - (phase - 0.8) / 0.2
                };
                [a - 0.5, 0.1 * (PI * i as f64 / rate).sin(), 0.0]
            })
            .collect();
        if reverse {
            x.into_iter().rev().collect()
        } else {
            x
        }
    }

    #[test]
    fn travel_points_against_the_sharp_drop() {
        let wide = jerk_band(&sawtooth(1000, false), 100.0).unwrap();
        let t = jerk_travel(&wide, 100..900).unwrap();
        assert!(t[0] > 0.3, "{t:?}");
        // Played backwards the fall is slow and the rise sharp: travel along −x.
        let wide = jerk_band(&sawtooth(1000, true), 100.0).unwrap();
        let t = jerk_travel(&wide, 100..900).unwrap();
        assert!(t[0] < -0.3, "{t:?}");
        let up = vec![[0.0, 0.0, 1.0]; 1000];
        let s = travel_score(&wide, &up, [-1.0, 0.0, 0.2], 100..900, &[], &[])
            .unwrap()
            .score;
        assert!(s > 0.3, "facing −x, travelling −x: forward ({s})");
    }

    /// Contacts every half second (the sawtooth's steps), 100 Hz.
    fn contacts(n: usize) -> Vec<usize> {
        (0..n).step_by(50).collect()
    }

    #[test]
    fn turn_steps_are_left_out() {
        // Forward steps, then steps played backwards (travel not along the
        // facing, as in a turn): read whole they cancel; with the second half
        // marked as a turn the straight steps decide.
        let mut acc = sawtooth(500, false);
        acc.extend(sawtooth(500, true));
        let wide = jerk_band(&acc, 100.0).unwrap();
        let up = vec![[0.0, 0.0, 1.0]; 1000];
        let steps = contacts(1000);
        let second_half: Vec<Range<usize>> = std::iter::once(480..1000).collect();
        let everything: Vec<Range<usize>> = std::iter::once(0..1000).collect();
        let whole = travel_score(&wide, &up, [1.0, 0.0, 0.0], 50..950, &steps, &[]).unwrap();
        assert!(whole.score.abs() < 0.1, "{whole:?}");
        let straight =
            travel_score(&wide, &up, [1.0, 0.0, 0.0], 50..950, &steps, &second_half).unwrap();
        assert!(straight.score > 0.3, "{straight:?}");
        assert!(straight.steps < whole.steps, "{straight:?} {whole:?}");
        // Every step in a turn: the turn steps are all there is.
        let all_turning =
            travel_score(&wide, &up, [1.0, 0.0, 0.0], 50..950, &steps, &everything).unwrap();
        assert_eq!(all_turning, whole);
        // Without contacts the window is one step: the moment of the whole window.
        let one = travel_score(&wide, &up, [1.0, 0.0, 0.0], 50..950, &[], &[]).unwrap();
        assert_eq!(one.steps, 1);
        assert!((one.score - whole.score).abs() < 1e-9, "{one:?} {whole:?}");
    }

    #[test]
    fn backward_steps_are_counted_one_by_one() {
        let up = vec![[0.0, 0.0, 1.0]; 1000];
        let steps = contacts(1000);
        // Walking backward: every step reads backward on its own.
        let wide = jerk_band(&sawtooth(1000, true), 100.0).unwrap();
        let t = travel_score(&wide, &up, [1.0, 0.0, 0.0], 100..900, &steps, &[]).unwrap();
        assert!(t.score < -0.3, "{t:?}");
        assert!(t.steps_backward >= MIN_BACKWARD_STEPS && 10 * t.steps_backward >= 9 * t.steps);
        // Forward walking with one sharp jolt along +x (a sit-down's impact):
        // the jolt alone carries a backward moment, in one step.
        let mut acc = sawtooth(1000, false);
        for (i, a) in acc.iter_mut().enumerate().skip(520).take(60) {
            a[0] += 12.0 * ((i - 520) as f64 / 3.0).min(1.0) * (-((i - 520) as f64) / 15.0).exp();
        }
        let wide = jerk_band(&acc, 100.0).unwrap();
        let t = travel_score(&wide, &up, [1.0, 0.0, 0.0], 100..900, &steps, &[]).unwrap();
        assert!(t.score < -0.1, "{t:?}");
        assert!(t.steps_backward < MIN_BACKWARD_STEPS, "{t:?}");
        // A smaller jolt (4 times a step's peak-to-peak instead of 12, still
        // turning the pooled score backward): its steps, read one by one, say
        // forward. (The larger one deflates every other step's share, which
        // is read against the window's RMS: then no vote.)
        let mut acc = sawtooth(1000, false);
        for (i, a) in acc.iter_mut().enumerate().skip(520).take(60) {
            a[0] += 4.0 * ((i - 520) as f64 / 3.0).min(1.0) * (-((i - 520) as f64) / 15.0).exp();
        }
        let wide = jerk_band(&acc, 100.0).unwrap();
        let t = travel_score(&wide, &up, [1.0, 0.0, 0.0], 100..900, &steps, &[]).unwrap();
        assert!(t.score < -0.1, "{t:?}");
        assert!(
            t.steps_forward >= MIN_BACKWARD_STEPS
                && t.steps_forward >= FORWARD_VOTE_MARGIN * t.steps_backward,
            "{t:?}"
        );
        // Walking backward never gives the forward vote.
        let wide = jerk_band(&sawtooth(1000, true), 100.0).unwrap();
        let t = travel_score(&wide, &up, [1.0, 0.0, 0.0], 100..900, &steps, &[]).unwrap();
        assert!(
            t.steps_forward < FORWARD_VOTE_MARGIN * t.steps_backward,
            "{t:?}"
        );
    }

    #[test]
    fn facing_follows_the_yaw_lead() {
        // Yaw rate about z leads the lateral (y) acceleration by a quarter
        // period: k along +y, facing = k × up = +x.
        let rate = 100.0;
        let n = 1000;
        let f = 1.0;
        let up = vec![[0.0, 0.0, 1.0]; n];
        let yaw: Vec<f64> = (0..n)
            .map(|i| (2.0 * PI * f * i as f64 / rate).sin())
            .collect();
        let lateral: Vec<f64> = (0..n)
            .map(|i| (2.0 * PI * f * (i as f64 / rate - 0.25)).sin())
            .collect();
        let horizontal: Columns = [vec![0.0; n], lateral.clone(), vec![0.0; n]];
        let facing = pooled_facing(&horizontal, &yaw, &up, &[0..500, 500..1000], rate).unwrap();
        assert!(facing[0] > 0.99, "{facing:?}");
        let mirrored: Columns = [
            vec![0.0; n],
            lateral.iter().map(|a| -a).collect(),
            vec![0.0; n],
        ];
        let facing = pooled_facing(&mirrored, &yaw, &up, &[0..500, 500..1000], rate).unwrap();
        assert!(facing[0] < -0.99, "{facing:?}");
    }

    #[test]
    fn silent_windows_give_nothing() {
        let zero: Columns = [vec![0.0; 300], vec![0.0; 300], vec![0.0; 300]];
        let up = vec![[0.0, 0.0, 1.0]; 300];
        assert!(jerk_travel(&zero, 0..300).is_none());
        assert!(pooled_facing(&zero, &[0.0; 300], &up, &[0..150, 150..300], 100.0).is_none());
        assert!(jerk_travel(&zero, 10..11).is_none());
        // Columns of different lengths: only the samples all of them have.
        let ragged: Columns = [vec![1.0; 300], vec![0.0; 5], vec![0.0; 300]];
        assert!(jerk_travel(&ragged, 0..300).is_none());
    }
}
