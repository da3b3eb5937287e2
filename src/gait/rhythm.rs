//! The local step period of walking, from the step/stride structure of gait.
//!
//! Gait is periodic twice over: the trunk's vertical acceleration repeats
//! with every step (both feet load the trunk alike), while the pelvis' yaw
//! rotation alternates from left to right and repeats only with every stride
//! of two steps (Zijlstra & Hof 2003; step and stride regularity from the
//! unbiased autocorrelation, Moe-Nilssen & Helbostad 2004). The step period is
//! therefore the shortest lag at which the vertical acceleration repeats
//! (a local maximum of its autocorrelation) while the yaw rate is in
//! anti-phase at that lag and back in phase at twice it.
//!
//! The yaw is what makes this safe. From the acceleration alone a stylised
//! gait with two vertical bumps per step and an asymmetric gait whose
//! vertical repeats better over a stride than over a step look alike, and
//! taking a stride for a step would make the caller drop every other real
//! step. Half a step fails the yaw test (a quarter stride is not anti-phase),
//! a whole stride fails it too (the yaw is then in phase). Without a
//! gyroscope, or where the yaw does not alternate (turning on the spot,
//! shuffling, standing), no period is given and the caller's rhythm check
//! stays off.

use crate::dsp::filter::Butterworth;

/// Parameters of [`local_step_period`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RhythmOptions {
    /// Window of each autocorrelation, s: it must hold a few strides.
    pub window_s: f64,
    /// Spacing of the windows, s.
    pub hop_s: f64,
    /// Plausible step periods, s (cadence 200 down to 40 steps/min).
    pub step_range_s: (f64, f64),
    /// Step regularity (vertical autocorrelation at the step) needed to trust a period.
    pub min_regularity: f64,
    /// Yaw autocorrelation at the stride minus that at the step needed to
    /// call a lag a step (the yaw alternates with each step).
    pub min_alternation: f64,
}

impl Default for RhythmOptions {
    fn default() -> Self {
        RhythmOptions {
            window_s: 6.0,
            hop_s: 1.0,
            step_range_s: (0.3, 1.5),
            min_regularity: 0.2,
            min_alternation: 0.5,
        }
    }
}

/// Rate at which the autocorrelations are evaluated, Hz: the band-passed
/// signals carry nothing above ~3 Hz, so 25 Hz keeps the lag resolution
/// (40 ms) well inside a step while costing 1/16 of 100 Hz.
const WORK_RATE_HZ: f64 = 25.0;

/// Band-passes two channels (each with its band) and decimates them to about
/// [`WORK_RATE_HZ`]; `None` for a channel that cannot be filtered. The
/// `beside` signals (each with its filter, for the caller; at most two share
/// the loop) are filtered in the same loop when the lengths and filters
/// allow (the recurrences overlap; the same results as one by one), and
/// returned whole, in order.
fn prepared(
    channels: [(&[f64], (f64, f64)); 2],
    rate_hz: f64,
    step: usize,
    beside: &[(&Butterworth, &[f64])],
) -> ([Option<Vec<f64>>; 2], Vec<FilterResult>) {
    let [(first, first_band), (second, second_band)] = channels;
    let filter =
        |band: (f64, f64)| Butterworth::bandpass(2, band.0, band.1.min(0.45 * rate_hz), rate_hz);
    let decimated = |filtered: Result<Vec<f64>, _>| {
        filtered.ok().map(|f| f.into_iter().step_by(step).collect())
    };
    let alone = |jobs: &[(&Butterworth, &[f64])]| -> Vec<FilterResult> {
        jobs.iter().map(|(filter, x)| filter.filtfilt(x)).collect()
    };
    match (filter(first_band), filter(second_band), beside) {
        (Ok(a), Ok(b), []) => {
            // Filtered together: the two recurrences overlap (same results as one by one).
            let (a, b) = Butterworth::filtfilt_pair((&a, first), (&b, second));
            ([decimated(a), decimated(b)], Vec::new())
        }
        (Ok(a), Ok(b), &[c]) => {
            let [a, b, c] = Butterworth::filtfilt_lanes([(&a, first), (&b, second), c]);
            ([decimated(a), decimated(b)], vec![c])
        }
        (Ok(a), Ok(b), &[c, d, ..]) => {
            let [a, b, c, d] = Butterworth::filtfilt_lanes([(&a, first), (&b, second), c, d]);
            let mut others = vec![c, d];
            others.extend(alone(&beside[2..]));
            ([decimated(a), decimated(b)], others)
        }
        (a, b, beside) => (
            [
                decimated(a.and_then(|f| f.filtfilt(first))),
                decimated(b.and_then(|f| f.filtfilt(second))),
            ],
            alone(beside),
        ),
    }
}

/// What [`Butterworth::filtfilt`] gives.
pub(crate) type FilterResult = Result<Vec<f64>, crate::dsp::DspError>;

/// Normalised unbiased autocorrelation of one window of a channel (mean
/// lagged product over its overlap, over the mean energy) at lags
/// `0..=max_lag`, each computed when first asked for: the step search reads
/// only the lags up to the first step candidate of the vertical, and the yaw
/// only at candidates, so most of the lags are never needed.
struct Autocorrelation<'a> {
    window: &'a [f64],
    energy: f64,
    lags: Vec<Option<f64>>,
}

impl<'a> Autocorrelation<'a> {
    fn new(window: &'a [f64], max_lag: usize) -> Self {
        let energy = window.iter().map(|v| v * v).sum::<f64>() / window.len().max(1) as f64;
        Autocorrelation {
            window,
            energy,
            lags: vec![None; max_lag + 1],
        }
    }

    /// Number of lags (`max_lag + 1`).
    fn len(&self) -> usize {
        self.lags.len()
    }

    /// The autocorrelation at `lag`, `None` beyond `max_lag`. A lag not yet
    /// computed is computed together with the next [`LAGS_AT_ONCE`] − 1
    /// (the searches read lags in increasing order).
    fn at(&mut self, lag: usize) -> Option<f64> {
        if let Some(known) = *self.lags.get(lag)? {
            return Some(known);
        }
        let (window, energy) = (self.window, self.energy);
        let n = window.len();
        if lag >= n || energy <= 1e-12 {
            let slot = self.lags.get_mut(lag)?;
            return Some(*slot.insert(0.0));
        }
        let normalised = |sum: f64, lag: usize| sum / (n - lag) as f64 / energy;
        if lag + LAGS_AT_ONCE <= n.min(self.lags.len()) {
            let sums = lagged_products::<LAGS_AT_ONCE>(window, lag);
            for (k, (slot, sum)) in self.lags[lag..].iter_mut().zip(sums).enumerate() {
                *slot = Some(normalised(sum, lag + k));
            }
        } else {
            let sum = lagged_products::<1>(window, lag)[0];
            self.lags[lag] = Some(normalised(sum, lag));
        }
        self.lags[lag]
    }
}

/// Lags of an [`Autocorrelation`] computed in one pass: their sums are
/// independent chains the CPU overlaps (one sequential sum is bound by the
/// latency of its additions).
const LAGS_AT_ONCE: usize = 4;

/// `Σ window[i] · window[i + lag + k]` for `k` in `0..K`, each summed in
/// order of `i` from −0.0 (the same sums, to the bit, as one lag at a time
/// with `Iterator::sum`); `lag + K` must not exceed `window.len()`.
fn lagged_products<const K: usize>(window: &[f64], lag: usize) -> [f64; K] {
    let mut sums = [-0.0; K];
    let Some(lagged) = window.get(lag..) else {
        return sums;
    };
    // The terms every lag has (the largest lag has the fewest): the K lagged
    // values of each term are adjacent.
    let mut shared = 0;
    for (a, row) in window.iter().zip(lagged.windows(K)) {
        for (sum, b) in sums.iter_mut().zip(row) {
            *sum += a * b;
        }
        shared += 1;
    }
    // Then each smaller lag's remaining terms, in the same order.
    let rest = window.get(shared..).unwrap_or(&[]);
    for (k, sum) in sums.iter_mut().enumerate() {
        let partners = lagged.get(shared + k..).unwrap_or(&[]);
        for (a, b) in rest.iter().zip(partners) {
            *sum += a * b;
        }
    }
    sums
}

/// Step period of one window, in work samples, from the autocorrelations of
/// the vertical acceleration and of the yaw rate; `None` when no lag is both
/// a step of the vertical and half a stride of the yaw.
fn window_period(
    vertical: &mut Autocorrelation,
    yaw: &mut Autocorrelation,
    lags: (usize, usize),
    options: &RhythmOptions,
) -> Option<usize> {
    let (min_lag, max_lag) = lags;
    let (vertical_len, yaw_len) = (vertical.len(), yaw.len());
    // The shortest lag that repeats the vertical acceleration (a local maximum
    // of its autocorrelation) while the yaw is in anti-phase at it and in
    // phase at twice it. Odd multiples of the step pass too: the shortest wins.
    // (The conditions are tested in this order so that the yaw is computed
    // only at the vertical's candidates.)
    (min_lag.max(1)..=max_lag).find(|&l| {
        let (Some(before), Some(here), Some(after)) =
            (vertical.at(l - 1), vertical.at(l), vertical.at(l + 1))
        else {
            return false;
        };
        l + 1 < vertical_len
            && 2 * l < yaw_len
            && here >= before
            && here > after
            && here >= options.min_regularity
            && match (yaw.at(l), yaw.at(2 * l)) {
                (Some(half_stride), Some(stride)) => {
                    half_stride < 0.0 && stride - half_stride >= options.min_alternation
                }
                _ => false,
            }
    })
}

/// The lag of a local maximum refined by a parabola through it and its
/// neighbours: the work rate's 40 ms grid is ~7 % of a step.
fn refined_lag(ac: &mut Autocorrelation, lag: usize) -> f64 {
    let (Some(a), Some(b), Some(c)) = (
        lag.checked_sub(1).and_then(|l| ac.at(l)),
        ac.at(lag),
        ac.at(lag + 1),
    ) else {
        return lag as f64;
    };
    let curvature = a - 2.0 * b + c;
    if curvature >= -1e-12 {
        return lag as f64;
    }
    lag as f64 + (0.5 * (a - c) / curvature).clamp(-0.5, 0.5)
}

/// The local step period of every sample of a segment, s: piecewise constant,
/// one piece per analysis window (the window's period holds for the samples
/// nearest its centre), so it is stored per piece rather than per sample.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepPeriods {
    /// Samples covered.
    len: usize,
    /// Pieces in writing order; their starts and ends never decrease, and
    /// where two overlap the later one holds.
    pieces: Vec<(std::ops::Range<usize>, Option<f64>)>,
}

impl StepPeriods {
    /// No period for any of `len` samples.
    pub(crate) fn unknown(len: usize) -> Self {
        StepPeriods {
            len,
            pieces: Vec::new(),
        }
    }

    /// Number of samples covered.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no sample is covered.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The period at sample `index`, s (`None` where there is none).
    pub fn at(&self, index: usize) -> Option<f64> {
        // The last piece starting at or before `index` is the one that holds
        // there, if it reaches it: an earlier piece ends no later.
        let after = self
            .pieces
            .partition_point(|(range, _)| range.start <= index);
        let (range, period) = self.pieces.get(after.checked_sub(1)?)?;
        range.contains(&index).then_some(*period).flatten()
    }

    /// The period of `self` where it has one, else that of `other` (same
    /// samples).
    pub fn or(self, other: &StepPeriods) -> StepPeriods {
        // Both are constant between the pieces' ends: evaluate once per
        // elementary interval between all ends (a few per window, not per sample).
        let mut ends: Vec<usize> = self
            .pieces
            .iter()
            .chain(&other.pieces)
            .flat_map(|(range, _)| [range.start, range.end])
            .filter(|&i| i < self.len)
            .chain([0])
            .collect();
        ends.sort_unstable();
        ends.dedup();
        let pieces = ends
            .iter()
            .zip(ends.iter().skip(1).chain([&self.len]))
            .map(|(&from, &to)| (from..to, self.at(from).or_else(|| other.at(from))))
            .collect();
        StepPeriods {
            len: self.len,
            pieces,
        }
    }

    /// The same period `period_s` at every one of `len` samples (tests).
    #[cfg(test)]
    pub(crate) fn constant(len: usize, period_s: f64) -> Self {
        StepPeriods {
            len,
            pieces: vec![(0..len, Some(period_s))],
        }
    }

    /// Every period multiplied by `factor` (a step period doubled is the
    /// stride's).
    pub fn scaled(&self, factor: f64) -> StepPeriods {
        StepPeriods {
            len: self.len,
            pieces: self
                .pieces
                .iter()
                .map(|(range, period)| (range.clone(), period.map(|p| p * factor)))
                .collect(),
        }
    }

    /// The period of every sample in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        (0..self.len).map(|i| self.at(i))
    }
}

/// The local step period, s, for every sample of a segment (`None` where the
/// movement is not regular enough to have one, or without a yaw rate).
///
/// `yaw` is the angular rate about the vertical, rad/s (empty: no gyroscope).
pub fn local_step_period(
    vertical: &[f64],
    yaw: &[f64],
    rate_hz: f64,
    options: &RhythmOptions,
) -> StepPeriods {
    local_step_period_beside(vertical, yaw, rate_hz, options, &[]).0
}

/// [`local_step_period`], with the `beside` signals (each with its filter)
/// filtered in the same loop as the rhythm's two bands where the lengths and
/// filters allow (the recurrences overlap): their [`Butterworth::filtfilt`]
/// come back too, in order (computed alone where they cannot share the loop).
pub(crate) fn local_step_period_beside(
    vertical: &[f64],
    yaw: &[f64],
    rate_hz: f64,
    options: &RhythmOptions,
    beside: &[(&Butterworth, &[f64])],
) -> (StepPeriods, Vec<FilterResult>) {
    let n = vertical.len();
    let alone = || {
        beside
            .iter()
            .map(|(filter, x)| filter.filtfilt(x))
            .collect()
    };
    if n == 0 || rate_hz <= 0.0 || yaw.len() != n {
        return (StepPeriods::unknown(n), alone());
    }
    let step = ((rate_hz / WORK_RATE_HZ).round() as usize).max(1);
    let work_rate = rate_hz / step as f64;
    // Turning is slower than a stride (< 0.5 Hz): keep it out of the yaw.
    let (channels, beside) = prepared(
        [(vertical, (0.3, 3.0)), (yaw, (0.5, 3.0))],
        rate_hz,
        step,
        beside,
    );
    let [Some(v), Some(w)] = channels else {
        return (StepPeriods::unknown(n), beside);
    };
    let min_lag = (options.step_range_s.0 * work_rate).floor() as usize;
    let max_lag = (options.step_range_s.1 * work_rate).ceil() as usize;
    let periods = windowed(n, step, v.len(), options, work_rate, |range| {
        // Twice the step lag must leave half the window to correlate.
        let max_here = max_lag.min(range.len() / 4);
        let (v_window, w_window) = (max_here > min_lag)
            .then(|| v.get(range.clone()).zip(w.get(range)))
            .flatten()?;
        let mut vertical_ac = Autocorrelation::new(v_window, max_here + 1);
        let mut yaw_ac = Autocorrelation::new(w_window, 2 * max_here + 1);
        window_period(&mut vertical_ac, &mut yaw_ac, (min_lag, max_here), options)
            .map(|lag| refined_lag(&mut vertical_ac, lag) / work_rate)
    });
    (periods, beside)
}

/// The local step period of a thigh sensor, s, for every sample of a
/// segment, from its swing alone: `swing` is the thigh's angular rate about
/// its main rotation axis (flexion/extension), rad/s.
///
/// A thigh's vertical acceleration repeats with its own leg's stride, not
/// with every step (the pocket rises and sinks with the thigh's swing; the
/// other leg's contact reaches it only through the pelvis), so the step test
/// of [`local_step_period`] fails there. The thigh swings once per stride
/// and the two legs swing half a stride apart: the stride is the shortest lag
/// at which the swing repeats (a local maximum of its autocorrelation of at
/// least `min_regularity`) while being in anti-phase at half that lag (by
/// `min_alternation`, the yaw test of [`local_step_period`]); the step is
/// half of it.
pub fn thigh_step_period(swing: &[f64], rate_hz: f64, options: &RhythmOptions) -> StepPeriods {
    let n = swing.len();
    if n == 0 || rate_hz <= 0.0 {
        return StepPeriods::unknown(n);
    }
    let step = ((rate_hz / WORK_RATE_HZ).round() as usize).max(1);
    let work_rate = rate_hz / step as f64;
    let Some(w) = Butterworth::bandpass(2, 0.3, 3.0_f64.min(0.45 * rate_hz), rate_hz)
        .and_then(|f| f.filtfilt(swing))
        .ok()
        .map(|f| f.into_iter().step_by(step).collect::<Vec<f64>>())
    else {
        return StepPeriods::unknown(n);
    };
    let min_lag = (2.0 * options.step_range_s.0 * work_rate).floor() as usize;
    let max_lag = (2.0 * options.step_range_s.1 * work_rate).ceil() as usize;
    windowed(n, step, w.len(), options, work_rate, |range| {
        // The stride lag must leave half the window to correlate.
        let max_here = max_lag.min(range.len() / 2);
        let window = w.get(range).filter(|_| max_here > min_lag)?;
        let mut ac = Autocorrelation::new(window, max_here + 1);
        let stride = (min_lag.max(2)..=max_here).find(|&l| {
            let (Some(before), Some(here), Some(after), Some(half)) =
                (ac.at(l - 1), ac.at(l), ac.at(l + 1), ac.at(l / 2))
            else {
                return false;
            };
            here >= before
                && here > after
                && here >= options.min_regularity
                && half < 0.0
                && here - half >= options.min_alternation
        })?;
        Some(refined_lag(&mut ac, stride) / work_rate / 2.0)
    })
}

/// The periods of a segment of `n` samples, one piece per analysis window:
/// `period_of` gives the period of the window of work samples it is handed
/// (`work_len` work samples of `step` samples each; windows of
/// `options.window_s` every `options.hop_s`).
fn windowed(
    n: usize,
    step: usize,
    work_len: usize,
    options: &RhythmOptions,
    work_rate: f64,
    mut period_of: impl FnMut(std::ops::Range<usize>) -> Option<f64>,
) -> StepPeriods {
    let mut periods = StepPeriods::unknown(n);
    let half = ((options.window_s * work_rate) / 2.0).round() as usize;
    let hop = ((options.hop_s * work_rate).round() as usize).max(1);
    let len = work_len;
    let mut centre = 0;
    while centre < len + hop {
        let c = centre.min(len.saturating_sub(1));
        let range = c.saturating_sub(half)..(c + half).min(len);
        let period = period_of(range);
        // The window's period holds for the samples nearest its centre.
        let from = (c.saturating_sub(hop / 2) * step).min(n);
        let to = ((c + hop - hop / 2) * step).min(n);
        periods.pieces.push((from..to, period));
        centre += hop;
    }
    periods
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn lags_summed_together_equal_each_lag_summed_alone() {
        // Irregular values (so rounding differs with the order of the terms),
        // and an all-negative-zero window (the sign of an empty-ish sum).
        let irregular: Vec<f64> = (0..157)
            .map(|i| ((i * 7919 % 1013) as f64 / 97.0).sin() * 1e3 + 1.0 / (i + 1) as f64)
            .collect();
        for window in [irregular, vec![-0.0; 9], vec![1.5; 4]] {
            let n = window.len();
            for lag in 0..n {
                let alone: Vec<u64> = (lag..n)
                    .map(|l| {
                        let sum: f64 = window.iter().zip(&window[l..]).map(|(a, b)| a * b).sum();
                        sum.to_bits()
                    })
                    .collect();
                assert_eq!(lagged_products::<1>(&window, lag)[0].to_bits(), alone[0]);
                if lag + 4 <= n {
                    let together = lagged_products::<4>(&window, lag).map(f64::to_bits);
                    assert_eq!(together[..], alone[..4], "lag {lag} of {n}");
                }
            }
        }
    }

    /// A walk with step period `step_s` at 100 Hz: the vertical acceleration
    /// repeats every step, the yaw rate every stride. `double` gives the
    /// vertical a second, nearly as high bump mid-step (a stylised gait).
    pub(crate) fn walk(step_s: f64, double: bool, seconds: f64) -> (Vec<f64>, Vec<f64>) {
        let n = (seconds * 100.0) as usize;
        (0..n)
            .map(|i| {
                let phase = 2.0 * PI * (i as f64 / 100.0) / step_s;
                let vertical = if double {
                    0.6 * phase.cos() + 1.0 * (2.0 * phase).cos()
                } else {
                    2.0 * phase.cos() + 0.5 * (2.0 * phase).cos()
                };
                (vertical, 0.4 * (phase / 2.0).sin())
            })
            .unzip()
    }

    fn median_period(periods: &StepPeriods) -> f64 {
        let mut p: Vec<f64> = periods.iter().flatten().collect();
        p.sort_by(f64::total_cmp);
        p.get(p.len() / 2).copied().unwrap_or(f64::NAN)
    }

    #[test]
    fn scaling_keeps_the_pieces_and_the_gaps() {
        let (_, swing) = thigh_walk(1.6, 30.0);
        let periods = thigh_step_period(&swing, 100.0, &RhythmOptions::default());
        let strides = periods.scaled(2.0);
        assert_eq!(strides.len(), periods.len());
        for (step, stride) in periods.iter().zip(strides.iter()) {
            assert_eq!(step.map(|p| 2.0 * p), stride);
        }
        assert!(periods.iter().flatten().count() > 2500);
    }

    #[test]
    fn finds_the_step_not_the_stride() {
        for step_s in [0.45, 0.55, 0.8, 1.1] {
            let (v, yaw) = walk(step_s, false, 30.0);
            let periods = local_step_period(&v, &yaw, 100.0, &RhythmOptions::default());
            let p = median_period(&periods);
            assert!((p - step_s).abs() < 0.03 * step_s, "{step_s}: {p}");
            let known = periods.iter().flatten().count();
            assert_eq!(periods.len(), v.len());
            assert!(known > 2500, "{step_s}: {known}");
        }
    }

    /// Every piece written over a dense per-sample buffer in order, later
    /// pieces overwriting earlier ones.
    fn painted(periods: &StepPeriods) -> Vec<Option<f64>> {
        let mut dense = vec![None; periods.len];
        for (range, period) in &periods.pieces {
            for p in &mut dense[range.clone()] {
                *p = *period;
            }
        }
        dense
    }

    #[test]
    fn lookup_equals_pieces_painted_in_order() {
        // Walks, a pause, and lengths that make the last windows clamp and overlap.
        for (step_s, seconds, rate) in [(0.55, 30.0, 100.0), (0.8, 7.3, 100.0), (0.6, 12.17, 50.0)]
        {
            let (mut v, mut yaw) = walk(step_s, false, seconds);
            v.extend(vec![0.0; 500]);
            yaw.extend(vec![0.0; 500]);
            let stride = (100.0 / rate) as usize;
            let v: Vec<f64> = v.iter().step_by(stride).copied().collect();
            let yaw: Vec<f64> = yaw.iter().step_by(stride).copied().collect();
            let periods = local_step_period(&v, &yaw, rate, &RhythmOptions::default());
            assert!(periods.pieces.len() > 3);
            assert!(periods.iter().flatten().count() > 0);
            assert_eq!(periods.iter().collect::<Vec<_>>(), painted(&periods));
            assert_eq!(periods.at(v.len()), None);
        }
        // Overlapping and empty pieces, written by hand.
        let periods = StepPeriods {
            len: 12,
            pieces: vec![
                (0..4, Some(1.0)),
                (3..6, None),
                (5..9, Some(2.0)),
                (7..7, Some(3.0)),
                (7..12, Some(4.0)),
            ],
        };
        assert_eq!(periods.iter().collect::<Vec<_>>(), painted(&periods));
    }

    #[test]
    fn two_bumps_per_step_are_one_step() {
        let (v, yaw) = walk(0.8, true, 30.0);
        let p = median_period(&local_step_period(
            &v,
            &yaw,
            100.0,
            &RhythmOptions::default(),
        ));
        assert!((p - 0.8).abs() < 0.03, "{p}");
    }

    #[test]
    fn same_period_at_other_rates() {
        let (v, yaw) = walk(0.6, false, 30.0);
        // Every other sample: the same walk at 50 Hz.
        let v50: Vec<f64> = v.iter().step_by(2).copied().collect();
        let yaw50: Vec<f64> = yaw.iter().step_by(2).copied().collect();
        let p = median_period(&local_step_period(
            &v50,
            &yaw50,
            50.0,
            &RhythmOptions::default(),
        ));
        assert!((p - 0.6).abs() < 0.02, "{p}");
    }

    #[test]
    fn no_period_without_yaw_or_rhythm() {
        let (v, _) = walk(0.55, false, 20.0);
        let options = RhythmOptions::default();
        // No gyroscope: no period (the acceleration alone cannot tell a step from a stride).
        assert!(local_step_period(&v, &[], 100.0, &options)
            .iter()
            .all(|p| p.is_none()));
        // Yaw without stride rhythm (a steady turn) gives none either.
        let turning = vec![0.5; v.len()];
        assert!(local_step_period(&v, &turning, 100.0, &options)
            .iter()
            .all(|p| p.is_none()));
        // Standing still.
        let still = vec![0.0; 2000];
        assert!(local_step_period(&still, &still, 100.0, &options)
            .iter()
            .all(|p| p.is_none()));
        assert!(local_step_period(&[], &[], 100.0, &options).is_empty());
        assert_eq!(
            local_step_period(&v, &v[..10], 100.0, &options).len(),
            v.len()
        );
    }

    /// A thigh walking with stride `stride_s` at 100 Hz: its swing rate (a
    /// fast flexion over 40 % of the stride, a slow extension over the rest)
    /// and a vertical acceleration that repeats with the stride only (one
    /// large peak at the own foot's contact, two small bumps around the other
    /// foot's, 0.5 and 1.15 of a step after the own; troughs between them and, the
    /// largest, in the own leg's swing).
    pub(crate) fn thigh_walk(stride_s: f64, seconds: f64) -> (Vec<f64>, Vec<f64>) {
        let bump = |t: f64, at: f64, height: f64| {
            let d = (t - at).rem_euclid(stride_s);
            let d = d.min(stride_s - d);
            height * (-0.5 * (d / 0.07).powi(2)).exp()
        };
        let step = stride_s / 2.0;
        (0..(seconds * 100.0) as usize)
            .map(|i| {
                let t = i as f64 / 100.0;
                let vertical = bump(t, 0.0, 3.0) + bump(t, 0.5 * step, 1.5)
                    - bump(t, 0.8 * step, 1.0)
                    + bump(t, 1.15 * step, 1.5)
                    - bump(t, 1.6 * step, 4.0);
                let phase = (t / stride_s).fract();
                let swing = if phase < 0.4 {
                    -3.0 * (PI * phase / 0.4).sin()
                } else {
                    2.0 * (PI * (phase - 0.4) / 0.6).sin()
                };
                (vertical, swing)
            })
            .unzip()
    }

    #[test]
    fn a_thighs_step_is_half_its_swings_stride() {
        for stride_s in [0.9, 1.3, 1.6, 2.2] {
            let (_, swing) = thigh_walk(stride_s, 30.0);
            let options = RhythmOptions::default();
            let periods = thigh_step_period(&swing, 100.0, &options);
            assert_eq!(periods.len(), swing.len());
            let p = median_period(&periods);
            assert!(
                (p - stride_s / 2.0).abs() < 0.03 * stride_s,
                "{stride_s}: {p}"
            );
            assert!(periods.iter().flatten().count() > 2500, "{stride_s}");
        }
        // Standing still, or too short: no period.
        let options = RhythmOptions::default();
        assert!(thigh_step_period(&vec![0.0; 2000], 100.0, &options)
            .iter()
            .all(|p| p.is_none()));
        assert!(thigh_step_period(&[], 100.0, &options).is_empty());
    }

    #[test]
    fn periods_fill_in_where_the_first_has_none() {
        let first = StepPeriods {
            len: 10,
            pieces: vec![(0..4, Some(0.5)), (4..8, None), (8..10, Some(0.6))],
        };
        let second = StepPeriods {
            len: 10,
            pieces: vec![(0..3, None), (3..6, Some(0.7)), (6..10, None)],
        };
        let merged: Vec<Option<f64>> = first.or(&second).iter().collect();
        let mut expected = vec![Some(0.5); 4];
        expected.extend([Some(0.7), Some(0.7), None, None, Some(0.6), Some(0.6)]);
        assert_eq!(merged, expected);
    }
}
