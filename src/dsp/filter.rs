//! Butterworth filter design and (zero-phase) filtering with second-order sections.
//!
//! Design follows the textbook route that SciPy's `butter(N, Wn, btype, fs=fs,
//! output='sos')` documents: analog Butterworth prototype poles, frequency
//! transformation (low-pass / high-pass / band-pass) at pre-warped edge frequencies,
//! bilinear transform, then grouping of poles and zeros into second-order sections with
//! the "nearest" pairing rule documented for SciPy's `zpk2sos`. The resulting sections
//! equal SciPy's (same order and pairing) up to floating-point rounding.
//!
//! Filtering is the transposed direct form II per section (SciPy `sosfilt`), and
//! [`Butterworth::filtfilt`] reproduces SciPy `sosfiltfilt` with its default odd
//! padding and `sosfilt_zi` initial conditions.

use std::f64::consts::PI;

use super::DspError;

/// Highest supported filter order; higher orders gain little for gait work and lose
/// numerical headroom.
const MAX_ORDER: usize = 8;

/// Relative tolerance below which a root's imaginary part counts as zero (SciPy uses
/// `100 * eps` for the same split into real roots and conjugate pairs).
const REAL_ROOT_TOLERANCE: f64 = 100.0 * f64::EPSILON;

/// Sample rate of the normalized digital domain used during design (SciPy designs with
/// `fs = 2`, i.e. frequencies as a fraction of Nyquist), so `2 * fs = 4`.
const BILINEAR_TWO_FS: f64 = 4.0;

/// A digital Butterworth filter stored as cascaded second-order sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Butterworth {
    /// Sections `[b0, b1, b2, a0, a1, a2]` with `a0 = 1`, applied first to last.
    sections: Vec<[f64; 6]>,
}

impl Butterworth {
    /// Designs a low-pass filter of `order` (1..=8) with -3 dB point `cutoff_hz`.
    pub fn lowpass(order: usize, cutoff_hz: f64, sample_rate_hz: f64) -> Result<Self, DspError> {
        validate_order(order)?;
        let warped = prewarp(cutoff_hz, sample_rate_hz)?;
        Ok(Self::from_analog(order, BandShape::Lowpass { warped }))
    }

    /// Designs a high-pass filter of `order` (1..=8) with -3 dB point `cutoff_hz`.
    pub fn highpass(order: usize, cutoff_hz: f64, sample_rate_hz: f64) -> Result<Self, DspError> {
        validate_order(order)?;
        let warped = prewarp(cutoff_hz, sample_rate_hz)?;
        Ok(Self::from_analog(order, BandShape::Highpass { warped }))
    }

    /// Designs a band-pass filter passing `low_hz..high_hz`.
    ///
    /// As in SciPy, `order` is the order of the low-pass prototype, so the digital
    /// filter has order `2 * order` (and `order` sections).
    pub fn bandpass(
        order: usize,
        low_hz: f64,
        high_hz: f64,
        sample_rate_hz: f64,
    ) -> Result<Self, DspError> {
        validate_order(order)?;
        let warped_low = prewarp(low_hz, sample_rate_hz)?;
        let warped_high = prewarp(high_hz, sample_rate_hz)?;
        if low_hz >= high_hz {
            return Err(DspError::InvalidBand { low_hz, high_hz });
        }
        Ok(Self::from_analog(
            order,
            BandShape::Bandpass {
                warped_low,
                warped_high,
            },
        ))
    }

    /// The second-order sections `[b0, b1, b2, a0, a1, a2]` (with `a0 = 1`), in the
    /// order they are applied; this matches SciPy's `butter(..., output='sos')`.
    pub fn sections(&self) -> &[[f64; 6]] {
        &self.sections
    }

    /// Number of samples [`Butterworth::filtfilt`] mirrors onto each end; the input must
    /// be strictly longer than this.
    ///
    /// Same rule as SciPy `sosfiltfilt`: `3 * (2 * n_sections + 1 - min(#zero b2, #zero a2))`.
    pub fn padlen(&self) -> usize {
        let zero_b2 = self.sections.iter().filter(|s| s[2] == 0.0).count();
        let zero_a2 = self.sections.iter().filter(|s| s[5] == 0.0).count();
        let taps = 2 * self.sections.len() + 1 - zero_b2.min(zero_a2);
        3 * taps
    }

    /// Causal filtering with zero initial state (SciPy `sosfilt`).
    ///
    /// Returns a vector of the same length; empty input gives empty output. A NaN or
    /// infinite sample makes that output sample and all later ones NaN/infinite (IIR
    /// memory), which is left visible rather than hidden.
    pub fn filter(&self, x: &[f64]) -> Vec<f64> {
        let mut y = x.to_vec();
        for section in &self.sections {
            run_section(section, [0.0, 0.0], y.iter_mut());
        }
        y
    }

    /// Zero-phase forward-backward filtering with SciPy `sosfiltfilt` semantics.
    ///
    /// The signal is extended by [`Butterworth::padlen`] samples at each end with an odd
    /// (point-reflected) extension, filtered forwards with initial state
    /// `sosfilt_zi * first padded sample`, then backwards with
    /// `sosfilt_zi * last forward output`, and the padding is cut off again. One buffer
    /// of `len + 2 * padlen` samples is allocated and reused as the output.
    ///
    /// Returns [`DspError::TooShort`] when `x.len() <= padlen` (including empty input).
    /// NaN or infinite samples make the whole output non-finite, since both passes carry
    /// them through the IIR state.
    pub fn filtfilt(&self, x: &[f64]) -> Result<Vec<f64>, DspError> {
        let mut padded = self.padded(x)?;
        let steady_states = self.steady_state_initial_conditions();
        let padlen = self.padlen();
        let done = match self.sections.len() {
            1 => filtfilt_fixed::<1>(&self.sections, &steady_states, padlen, &mut padded),
            2 => filtfilt_fixed::<2>(&self.sections, &steady_states, padlen, &mut padded),
            3 => filtfilt_fixed::<3>(&self.sections, &steady_states, padlen, &mut padded),
            4 => filtfilt_fixed::<4>(&self.sections, &steady_states, padlen, &mut padded),
            _ => false,
        };
        if done {
            padded.truncate(x.len());
            return Ok(padded);
        }
        let forward_start = padded.first().copied().unwrap_or(0.0);
        run_cascade(
            &self.sections,
            &steady_states,
            forward_start,
            padded.iter_mut(),
        );
        let backward_start = padded.last().copied().unwrap_or(0.0);
        run_cascade(
            &self.sections,
            &steady_states,
            backward_start,
            padded.iter_mut().rev(),
        );
        Ok(self.unpadded(padded, x.len()))
    }

    /// [`Butterworth::filtfilt`] of two signals at once, each with its own
    /// filter: the same results to the bit ([`Butterworth::filtfilt_lanes`]).
    pub fn filtfilt_pair(
        first: (&Butterworth, &[f64]),
        second: (&Butterworth, &[f64]),
    ) -> (Result<Vec<f64>, DspError>, Result<Vec<f64>, DspError>) {
        let [a, b] = Butterworth::filtfilt_lanes([first, second]);
        (a, b)
    }

    /// [`Butterworth::filtfilt`] of `W` signals at once, each with its own
    /// filter: the same results to the bit. Each pass is a serial recurrence
    /// per signal; stepping the signals' recurrences in one loop, lane by
    /// lane (SIMD), lets the CPU overlap them. Signals of different lengths,
    /// or filters of different padding or number of sections, are filtered
    /// one after the other.
    pub fn filtfilt_lanes<const W: usize>(
        jobs: [(&Butterworth, &[f64]); W],
    ) -> [Result<Vec<f64>, DspError>; W] {
        let separately = || jobs.map(|(filter, x)| filter.filtfilt(x));
        let Some(&(first_filter, first_signal)) = jobs.first() else {
            return separately();
        };
        let (len, padlen) = (first_signal.len(), first_filter.padlen());
        let sections = first_filter.sections.len();
        if jobs.iter().any(|(filter, x)| {
            x.len() != len || filter.padlen() != padlen || filter.sections.len() != sections
        }) {
            return separately();
        }
        let padded = jobs.map(|(filter, x)| filter.padded(x));
        if padded.iter().any(Result::is_err) {
            return separately();
        }
        let mut padded = padded.map(|p| p.unwrap_or_default());
        let zi = jobs.map(|(filter, _)| filter.steady_state_initial_conditions());
        let filters: [SectionsWithStates; W] =
            std::array::from_fn(|l| (&jobs[l].0.sections[..], &zi[l][..]));
        let signals = padded.each_mut().map(|p| &mut p[..]);
        let done = match sections {
            1 => filtfilt_lanes_fixed::<1, W>(filters, padlen, signals),
            2 => filtfilt_lanes_fixed::<2, W>(filters, padlen, signals),
            3 => filtfilt_lanes_fixed::<3, W>(filters, padlen, signals),
            4 => filtfilt_lanes_fixed::<4, W>(filters, padlen, signals),
            _ => false,
        };
        if !done {
            return separately();
        }
        padded.map(|mut p| {
            p.truncate(len);
            Ok(p)
        })
    }

    /// [`Butterworth::filtfilt`] of each of the three components of a vector
    /// signal (a device-frame acceleration or rotation rate): the same results
    /// to the bit. The three recurrences are stepped in one loop so the CPU
    /// overlaps them, and the signal stays interleaved (no copies out of and
    /// back into `[f64; 3]`).
    pub fn filtfilt_vec3(&self, x: &[[f64; 3]]) -> Result<Vec<[f64; 3]>, DspError> {
        let padlen = self.padlen();
        let len = x.len();
        let mut padded = odd_extension(x, padlen, |about, v| {
            [
                2.0 * about[0] - v[0],
                2.0 * about[1] - v[1],
                2.0 * about[2] - v[2],
            ]
        })?;
        let steady_states = self.steady_state_initial_conditions();
        let done = match self.sections.len() {
            1 => filtfilt_vec3_fixed::<1>(&self.sections, &steady_states, padlen, &mut padded),
            2 => filtfilt_vec3_fixed::<2>(&self.sections, &steady_states, padlen, &mut padded),
            3 => filtfilt_vec3_fixed::<3>(&self.sections, &steady_states, padlen, &mut padded),
            4 => filtfilt_vec3_fixed::<4>(&self.sections, &steady_states, padlen, &mut padded),
            _ => false,
        };
        if done {
            padded.truncate(len);
            return Ok(padded);
        }
        // More sections than the fixed cascades take: one component at a time.
        let axes: Vec<Vec<f64>> = (0..3)
            .map(|k| self.filtfilt(&x.iter().map(|v| v[k]).collect::<Vec<f64>>()))
            .collect::<Result<_, _>>()?;
        Ok((0..len)
            .map(|i| [axes[0][i], axes[1][i], axes[2][i]])
            .collect())
    }

    /// [`Butterworth::filtfilt`] of each of the three components of a vector
    /// signal, returned as one column per component (the same results to the
    /// bit): three buffers of one value a sample, which fit where one-column
    /// buffers were freed, instead of one of three values a sample. The three
    /// recurrences are stepped in one loop, lane by lane, reading `x` where it
    /// is (the padding is made on the fly, not copied).
    pub fn filtfilt_components(&self, x: &[[f64; 3]]) -> Result<[Vec<f64>; 3], DspError> {
        let len = x.len();
        let sample = |i: usize| x.get(i).copied().unwrap_or_default();
        match self.filtfilt_lanes_unpadded(len, sample)? {
            Some(columns) => Ok(columns),
            // More sections than the fixed cascades take: one component at a time.
            None => {
                let [a, b, c] = [0, 1, 2].map(|k| x.iter().map(|v| v[k]).collect::<Vec<f64>>());
                Ok([self.filtfilt(&a)?, self.filtfilt(&b)?, self.filtfilt(&c)?])
            }
        }
    }

    /// [`Butterworth::filtfilt_components`] of `x` and [`Butterworth::filtfilt`]
    /// of `y` with the same filter, the four recurrences stepped in one loop
    /// (the same results to the bit). Signals of different lengths are
    /// filtered one after the other.
    #[allow(clippy::type_complexity)]
    pub fn filtfilt_components_and(
        &self,
        x: &[[f64; 3]],
        y: &[f64],
    ) -> (Result<[Vec<f64>; 3], DspError>, Result<Vec<f64>, DspError>) {
        let separately = || (self.filtfilt_components(x), self.filtfilt(y));
        if x.len() != y.len() {
            return separately();
        }
        let sample = |i: usize| {
            let (v, w) = (
                x.get(i).copied().unwrap_or_default(),
                y.get(i).copied().unwrap_or_default(),
            );
            [v[0], v[1], v[2], w]
        };
        match self.filtfilt_lanes_unpadded(x.len(), sample) {
            Ok(Some([a, b, c, d])) => (Ok([a, b, c]), Ok(d)),
            _ => separately(),
        }
    }

    /// Zero-phase filtering of `W` signals of `len` samples each, sample `i`
    /// of every signal being `sample(i)`, stepped together lane by lane: one
    /// column per signal, each the same to the bit as [`Butterworth::filtfilt`]
    /// of it. The odd extension ([`Butterworth::padded`]) is made as the
    /// forward pass reads it, so no padded copy of the input is made.
    /// [`DspError::TooShort`] unless `len` exceeds [`Butterworth::padlen`];
    /// `None` when the filter has more sections than the fixed cascades take.
    fn filtfilt_lanes_unpadded<const W: usize>(
        &self,
        len: usize,
        sample: impl Fn(usize) -> [f64; W],
    ) -> Result<Option<[Vec<f64>; W]>, DspError> {
        let padlen = self.padlen();
        if len <= padlen {
            return Err(DspError::TooShort {
                len,
                needed: padlen + 1,
            });
        }
        let steady_states = self.steady_state_initial_conditions();
        let (sections, zi) = (&self.sections[..], &steady_states[..]);
        Ok(match self.sections.len() {
            1 => filtfilt_lanes_unpadded_fixed::<1, W>(sections, zi, padlen, len, sample),
            2 => filtfilt_lanes_unpadded_fixed::<2, W>(sections, zi, padlen, len, sample),
            3 => filtfilt_lanes_unpadded_fixed::<3, W>(sections, zi, padlen, len, sample),
            4 => filtfilt_lanes_unpadded_fixed::<4, W>(sections, zi, padlen, len, sample),
            _ => None,
        })
    }

    /// `x` extended by [`Butterworth::padlen`] samples at each end with an odd
    /// (point-reflected) extension, as SciPy `sosfiltfilt` pads.
    fn padded(&self, x: &[f64]) -> Result<Vec<f64>, DspError> {
        odd_extension(x, self.padlen(), |about, v| 2.0 * about - v)
    }

    /// The signal part of a padded buffer of a signal of `len` samples.
    fn unpadded(&self, mut padded: Vec<f64>, len: usize) -> Vec<f64> {
        // Shift the signal part to the front in place instead of copying it out.
        padded.drain(..self.padlen().min(padded.len()));
        padded.truncate(len);
        padded
    }

    /// Per-section initial states for a unit step input in steady state (SciPy
    /// `sosfilt_zi`): each section's `lfilter_zi`, scaled by the DC gain of the
    /// sections before it.
    fn steady_state_initial_conditions(&self) -> Vec<[f64; 2]> {
        let mut scale = 1.0;
        self.sections
            .iter()
            .map(|s| {
                let [b0, b1, b2, a0, a1, a2] = *s;
                // lfilter_zi solves (I - A^T) zi = b[1:] - a[1:] * b0 for the companion
                // matrix A of [1, a1, a2]; for a 2x2 system that has the closed form below.
                let rhs0 = b1 - a1 * b0;
                let rhs1 = b2 - a2 * b0;
                let z0 = (rhs0 + rhs1) / (1.0 + a1 + a2);
                let z1 = rhs1 - a2 * z0;
                let zi = [scale * z0, scale * z1];
                scale *= (b0 + b1 + b2) / (a0 + a1 + a2);
                zi
            })
            .collect()
    }

    /// Designs the digital filter for a band shape from the analog prototype.
    fn from_analog(order: usize, shape: BandShape) -> Self {
        let analog = shape.transform(butterworth_prototype_poles(order));
        let digital = analog.bilinear();
        Self {
            sections: zpk_to_sections(digital),
        }
    }
}

/// One pass of a filter's cascade of sections, carrying each section's
/// state from sample to sample.
struct Cascade {
    coefficients: [[f64; 5]; MAX_ORDER],
    states: [[f64; 2]; MAX_ORDER],
    count: usize,
}

impl Cascade {
    /// The cascade with each section starting from its steady-state `zi` ×
    /// `start`; `None` for more sections than a designed filter has.
    fn new(sections: &[[f64; 6]], steady_states: &[[f64; 2]], start: f64) -> Option<Cascade> {
        if sections.len() > MAX_ORDER || steady_states.len() != sections.len() {
            return None;
        }
        let mut cascade = Cascade {
            coefficients: [[0.0; 5]; MAX_ORDER],
            states: [[0.0; 2]; MAX_ORDER],
            count: sections.len(),
        };
        for (k, (section, zi)) in sections.iter().zip(steady_states).enumerate() {
            let [b0, b1, b2, _, a1, a2] = *section;
            cascade.coefficients[k] = [b0, b1, b2, a1, a2];
            cascade.states[k] = [zi[0] * start, zi[1] * start];
        }
        Some(cascade)
    }

    /// Filters one sample through every section.
    #[inline(always)]
    fn step(&mut self, mut value: f64) -> f64 {
        let count = self.count.min(MAX_ORDER);
        let (coefficients, states) = (&self.coefficients[..count], &mut self.states[..count]);
        for ([b0, b1, b2, a1, a2], state) in coefficients.iter().zip(states.iter_mut()) {
            let output = b0 * value + state[0];
            state[0] = b1 * value - a1 * output + state[1];
            state[1] = b2 * value - a2 * output;
            value = output;
        }
        value
    }
}

/// A cascade of exactly `N` sections: with `N` known the loop over the
/// sections unrolls and their states stay in registers from sample to sample
/// (the same arithmetic as [`Cascade`]).
#[derive(Clone, Copy)]
struct FixedCascade<const N: usize> {
    coefficients: [[f64; 5]; N],
    states: [[f64; 2]; N],
}

impl<const N: usize> FixedCascade<N> {
    /// The cascade with each section at its steady-state `zi` (the states for a
    /// unit start: see [`FixedCascade::starting_at`]); `None` unless there are
    /// `N` sections.
    fn new(sections: &[[f64; 6]], steady_states: &[[f64; 2]]) -> Option<Self> {
        if sections.len() != N || steady_states.len() != N {
            return None;
        }
        let mut cascade = FixedCascade {
            coefficients: [[0.0; 5]; N],
            states: [[0.0; 2]; N],
        };
        for ((section, zi), (coefficients, state)) in sections.iter().zip(steady_states).zip(
            cascade
                .coefficients
                .iter_mut()
                .zip(cascade.states.iter_mut()),
        ) {
            let [b0, b1, b2, _, a1, a2] = *section;
            *coefficients = [b0, b1, b2, a1, a2];
            *state = *zi;
        }
        Some(cascade)
    }

    /// A pass starting from each section's steady state × `start`.
    fn starting_at(&self, start: f64) -> Self {
        let mut pass = *self;
        for state in &mut pass.states {
            *state = [state[0] * start, state[1] * start];
        }
        pass
    }

    /// Filters one sample through every section.
    #[inline(always)]
    fn step(&mut self, mut value: f64) -> f64 {
        for ([b0, b1, b2, a1, a2], state) in self.coefficients.iter().zip(self.states.iter_mut()) {
            let output = b0 * value + state[0];
            state[0] = b1 * value - a1 * output + state[1];
            state[1] = b2 * value - a2 * output;
            value = output;
        }
        value
    }
}

/// Zero-phase filtering in place of `padded` (a signal with `padlen` samples of
/// padding at each end) by `N` sections, leaving the signal's part at the front
/// (the caller truncates): the forward pass writes each output `padlen` places
/// to the left of its input, so nothing has to be shifted afterwards, and the
/// backward pass stops where the left padding starts (its outputs there are cut
/// off anyway). The same results as [`run_cascade`] forwards, backwards and
/// cutting the padding, to the bit. `false` (nothing done) unless there are `N`
/// sections and the buffer is longer than twice the padding.
fn filtfilt_fixed<const N: usize>(
    sections: &[[f64; 6]],
    steady_states: &[[f64; 2]],
    padlen: usize,
    padded: &mut [f64],
) -> bool {
    let len = padded.len();
    let (Some(cascade), Some(&first)) = (
        FixedCascade::<N>::new(sections, steady_states),
        padded.first(),
    ) else {
        return false;
    };
    if len <= 2 * padlen {
        return false;
    }
    let mut forward = cascade.starting_at(first);
    for &value in &padded[..padlen] {
        forward.step(value);
    }
    for k in padlen..len {
        padded[k - padlen] = forward.step(padded[k]);
    }
    let shifted = &mut padded[..len - padlen];
    let mut backward = cascade.starting_at(shifted.last().copied().unwrap_or(0.0));
    for value in shifted.iter_mut().rev() {
        *value = backward.step(*value);
    }
    true
}

/// `x` extended by `padlen` samples at each end with an odd (point-reflected)
/// extension, `reflect(end, sample)` giving `2·end − sample`, as SciPy
/// `sosfiltfilt` pads; [`DspError::TooShort`] unless `x` is longer than `padlen`.
fn odd_extension<T: Copy>(
    x: &[T],
    padlen: usize,
    reflect: impl Fn(T, T) -> T,
) -> Result<Vec<T>, DspError> {
    let len = x.len();
    let too_short = DspError::TooShort {
        len,
        needed: padlen + 1,
    };
    if len <= padlen {
        return Err(too_short);
    }
    // These lookups cannot fail after the length check; `else` keeps that local.
    let (Some(&first), Some(&last), Some(left_source), Some(right_source)) = (
        x.first(),
        x.last(),
        x.get(1..=padlen),
        x.get(len - 1 - padlen..len - 1),
    ) else {
        return Err(too_short);
    };
    let mut padded = Vec::with_capacity(len + 2 * padlen);
    padded.extend(left_source.iter().rev().map(|&v| reflect(first, v)));
    padded.extend_from_slice(x);
    padded.extend(right_source.iter().rev().map(|&v| reflect(last, v)));
    Ok(padded)
}

/// [`filtfilt_fixed`] of the three components of a padded vector signal, one
/// cascade per component stepped together (the same results to the bit).
fn filtfilt_vec3_fixed<const N: usize>(
    sections: &[[f64; 6]],
    steady_states: &[[f64; 2]],
    padlen: usize,
    padded: &mut [[f64; 3]],
) -> bool {
    let len = padded.len();
    let (Some(cascade), Some(&first)) = (
        FixedCascade::<N>::new(sections, steady_states),
        padded.first(),
    ) else {
        return false;
    };
    if len <= 2 * padlen {
        return false;
    }
    let mut forward = first.map(|v| cascade.starting_at(v));
    for value in &padded[..padlen] {
        for (pass, v) in forward.iter_mut().zip(value) {
            pass.step(*v);
        }
    }
    for k in padlen..len {
        let value = padded[k];
        padded[k - padlen] = [
            forward[0].step(value[0]),
            forward[1].step(value[1]),
            forward[2].step(value[2]),
        ];
    }
    let shifted = &mut padded[..len - padlen];
    let last = shifted.last().copied().unwrap_or([0.0; 3]);
    let mut backward = last.map(|v| cascade.starting_at(v));
    for value in shifted.iter_mut().rev() {
        *value = [
            backward[0].step(value[0]),
            backward[1].step(value[1]),
            backward[2].step(value[2]),
        ];
    }
    true
}

/// `W` signals, each through its own `N` sections, the coefficients and
/// states stored lane by lane so each operation of a section runs on all
/// lanes at once (SIMD); each lane's arithmetic is that of [`FixedCascade`].
#[derive(Clone, Copy)]
struct LaneCascade<const N: usize, const W: usize> {
    /// Per section: `b0, b1, b2, a1, a2`, each per lane.
    coefficients: [[[f64; W]; 5]; N],
    /// Per section: the two states, each per lane.
    states: [[[f64; W]; 2]; N],
}

impl<const N: usize, const W: usize> LaneCascade<N, W> {
    /// Each lane through its own sections, at their steady states (for a
    /// unit start); `None` unless every lane has `N` sections.
    fn per_lane(filters: [SectionsWithStates; W]) -> Option<Self> {
        let mut cascade = LaneCascade {
            coefficients: [[[0.0; W]; 5]; N],
            states: [[[0.0; W]; 2]; N],
        };
        // Each lane's sections laid out as one scalar cascade's, then spread
        // over the lanes.
        for (lane, (sections, steady_states)) in filters.into_iter().enumerate() {
            let one = FixedCascade::<N>::new(sections, steady_states)?;
            for ((coefficients, state), (one_coefficients, one_state)) in cascade
                .coefficients
                .iter_mut()
                .zip(cascade.states.iter_mut())
                .zip(one.coefficients.iter().zip(&one.states))
            {
                for (c, value) in coefficients.iter_mut().zip(one_coefficients) {
                    c[lane] = *value;
                }
                for (s, value) in state.iter_mut().zip(one_state) {
                    s[lane] = *value;
                }
            }
        }
        Some(cascade)
    }

    /// A pass starting from each section's steady state × each lane's `start`.
    fn starting_at(&self, start: [f64; W]) -> Self {
        let mut pass = *self;
        for state in &mut pass.states {
            for half in state.iter_mut() {
                for (s, v) in half.iter_mut().zip(start) {
                    *s *= v;
                }
            }
        }
        pass
    }

    /// Filters one sample of every lane through every section.
    #[inline(always)]
    fn step(&mut self, mut value: [f64; W]) -> [f64; W] {
        for ([b0, b1, b2, a1, a2], [s0, s1]) in self.coefficients.iter().zip(self.states.iter_mut())
        {
            let mut output = [0.0; W];
            for l in 0..W {
                output[l] = b0[l] * value[l] + s0[l];
            }
            for l in 0..W {
                s0[l] = b1[l] * value[l] - a1[l] * output[l] + s1[l];
            }
            for l in 0..W {
                s1[l] = b2[l] * value[l] - a2[l] * output[l];
            }
            value = output;
        }
        value
    }
}

/// A filter's sections with their steady-state initial conditions.
type SectionsWithStates<'a> = (&'a [[f64; 6]], &'a [[f64; 2]]);

/// [`filtfilt_fixed`] of `W` equally long padded signals, each with its own
/// `N` sections and their steady states, stepped together lane by lane.
fn filtfilt_lanes_fixed<const N: usize, const W: usize>(
    filters: [SectionsWithStates; W],
    padlen: usize,
    mut signals: [&mut [f64]; W],
) -> bool {
    let len = signals.first().map_or(0, |s| s.len());
    let Some(cascade) = LaneCascade::<N, W>::per_lane(filters) else {
        return false;
    };
    if len <= 2 * padlen || signals.iter().any(|s| s.len() != len) {
        return false;
    }
    let at = |signals: &[&mut [f64]; W], k: usize| -> [f64; W] {
        std::array::from_fn(|l| signals[l][k])
    };
    let mut forward = cascade.starting_at(at(&signals, 0));
    for k in 0..padlen {
        forward.step(at(&signals, k));
    }
    for k in padlen..len {
        let output = forward.step(at(&signals, k));
        for (signal, value) in signals.iter_mut().zip(output) {
            signal[k - padlen] = value;
        }
    }
    let end = len - padlen;
    let mut backward = cascade.starting_at(at(&signals, end - 1));
    for k in (0..end).rev() {
        let output = backward.step(at(&signals, k));
        for (signal, value) in signals.iter_mut().zip(output) {
            signal[k] = value;
        }
    }
    true
}

/// [`filtfilt_lanes_fixed`] of `W` signals of `len` samples (`padlen < len`)
/// given by `sample(i)`, all through the same `N` sections, with the odd
/// extension of [`odd_extension`] (`2·end − sample`, the same arithmetic)
/// made as the forward pass reads it: no padded copy of the input, and the
/// results come out one column per signal. `None` unless there are `N`
/// sections.
fn filtfilt_lanes_unpadded_fixed<const N: usize, const W: usize>(
    sections: &[[f64; 6]],
    steady_states: &[[f64; 2]],
    padlen: usize,
    len: usize,
    sample: impl Fn(usize) -> [f64; W],
) -> Option<[Vec<f64>; W]> {
    let cascade = LaneCascade::<N, W>::per_lane([(sections, steady_states); W])?;
    if len <= padlen {
        return None;
    }
    let reflect = |about: [f64; W], v: [f64; W]| -> [f64; W] {
        std::array::from_fn(|l| 2.0 * about[l] - v[l])
    };
    let (first, last) = (sample(0), sample(len - 1));
    // The padded signal: `padlen` reflections about the first sample, the
    // signal, `padlen` reflections about the last.
    let left = (1..=padlen).rev().map(|i| reflect(first, sample(i)));
    let right = (len - 1 - padlen..len - 1)
        .rev()
        .map(|i| reflect(last, sample(i)));
    let mut forward = cascade.starting_at(reflect(first, sample(padlen)));
    for value in left {
        forward.step(value);
    }
    // Forward outputs of the signal and the right padding (the backward pass
    // starts at the end of the padding); those of the left padding are cut.
    // Written into zeroed columns: pushing them (a length to update per lane
    // and sample) cost more than the zeroing (an hour's facing band: 5.0 % of
    // the cycles pushed, 3.3 % + 0.6 % of memset written).
    let end = len + padlen;
    let mut columns: [Vec<f64>; W] = std::array::from_fn(|_| vec![0.0; end]);
    let mut k = 0;
    let mut store = |columns: &mut [Vec<f64>; W], value: [f64; W]| {
        for (column, v) in columns.iter_mut().zip(value) {
            if let Some(slot) = column.get_mut(k) {
                *slot = v;
            }
        }
        k += 1;
    };
    for i in 0..len {
        store(&mut columns, forward.step(sample(i)));
    }
    for value in right {
        store(&mut columns, forward.step(value));
    }
    let at = |columns: &[Vec<f64>; W], k: usize| -> [f64; W] {
        std::array::from_fn(|l| columns[l].get(k).copied().unwrap_or_default())
    };
    let mut backward = cascade.starting_at(at(&columns, end - 1));
    for k in (0..end).rev() {
        let output = backward.step(at(&columns, k));
        for (column, value) in columns.iter_mut().zip(output) {
            if let Some(slot) = column.get_mut(k) {
                *slot = value;
            }
        }
    }
    for column in &mut columns {
        column.truncate(len);
    }
    Some(columns)
}

/// Runs the whole cascade over `samples` in one pass, each section starting
/// from its steady-state `zi` × `start`. Arithmetic is that of section after
/// section (same results to the bit), but one pass lets the CPU overlap the
/// sections' dependency chains and touches memory once.
fn run_cascade<'a>(
    sections: &[[f64; 6]],
    steady_states: &[[f64; 2]],
    start: f64,
    samples: impl Iterator<Item = &'a mut f64>,
) {
    let Some(mut cascade) = Cascade::new(sections, steady_states, start) else {
        // Not reachable with designed filters; keep the section-by-section path.
        let mut values: Vec<&'a mut f64> = samples.collect();
        for (section, zi) in sections.iter().zip(steady_states) {
            let mut state = [zi[0] * start, zi[1] * start];
            for sample in values.iter_mut() {
                let input = **sample;
                let output = section[0] * input + state[0];
                state[0] = section[1] * input - section[4] * output + state[1];
                state[1] = section[2] * input - section[5] * output;
                **sample = output;
            }
        }
        return;
    };
    for sample in samples {
        *sample = cascade.step(*sample);
    }
}

/// Runs one section (transposed direct form II) over `samples` in place, starting from
/// `state`; the iterator decides the direction so the backward pass needs no copy.
fn run_section<'a>(
    section: &[f64; 6],
    state: [f64; 2],
    samples: impl Iterator<Item = &'a mut f64>,
) {
    let [b0, b1, b2, _, a1, a2] = *section;
    let [mut s0, mut s1] = state;
    for sample in samples {
        let input = *sample;
        let output = b0 * input + s0;
        s0 = b1 * input - a1 * output + s1;
        s1 = b2 * input - a2 * output;
        *sample = output;
    }
}

fn validate_order(order: usize) -> Result<(), DspError> {
    if (1..=MAX_ORDER).contains(&order) {
        Ok(())
    } else {
        Err(DspError::InvalidOrder(order))
    }
}

/// Validates a cutoff and returns its pre-warped analog frequency in the normalized
/// (`fs = 2`) domain, so the bilinear transform maps it exactly onto `cutoff_hz`.
fn prewarp(cutoff_hz: f64, sample_rate_hz: f64) -> Result<f64, DspError> {
    if !(sample_rate_hz.is_finite() && sample_rate_hz > 0.0) {
        return Err(DspError::InvalidRate(sample_rate_hz));
    }
    let nyquist_hz = sample_rate_hz / 2.0;
    // Written so NaN fails the check too.
    if !(cutoff_hz > 0.0 && cutoff_hz < nyquist_hz) {
        return Err(DspError::InvalidCutoff {
            cutoff_hz,
            nyquist_hz,
        });
    }
    let normalized = 2.0 * cutoff_hz / sample_rate_hz;
    Ok(BILINEAR_TWO_FS * (PI * normalized / 2.0).tan())
}

/// Minimal complex arithmetic for the design stage (f64 parts).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Complex {
    re: f64,
    im: f64,
}

impl Complex {
    const ZERO: Complex = Complex::new(0.0, 0.0);
    const ONE: Complex = Complex::new(1.0, 0.0);

    const fn new(re: f64, im: f64) -> Self {
        Self { re, im }
    }

    const fn real(re: f64) -> Self {
        Self { re, im: 0.0 }
    }

    fn add(self, other: Self) -> Self {
        Self::new(self.re + other.re, self.im + other.im)
    }

    fn sub(self, other: Self) -> Self {
        Self::new(self.re - other.re, self.im - other.im)
    }

    fn neg(self) -> Self {
        Self::new(-self.re, -self.im)
    }

    fn conj(self) -> Self {
        Self::new(self.re, -self.im)
    }

    fn mul(self, other: Self) -> Self {
        Self::new(
            self.re * other.re - self.im * other.im,
            self.re * other.im + self.im * other.re,
        )
    }

    fn scale(self, factor: f64) -> Self {
        Self::new(self.re * factor, self.im * factor)
    }

    /// Smith's division algorithm, which avoids overflow in `|d|^2`.
    fn div(self, d: Self) -> Self {
        if d.re.abs() >= d.im.abs() {
            if d.re == 0.0 && d.im == 0.0 {
                // Division by zero: infinities/NaN, as IEEE division gives.
                return Self::new(self.re / d.re.abs(), self.im / d.im.abs());
            }
            let ratio = d.im / d.re;
            let inv = 1.0 / (d.re + d.im * ratio);
            Self::new(
                (self.re + self.im * ratio) * inv,
                (self.im - self.re * ratio) * inv,
            )
        } else {
            let ratio = d.re / d.im;
            let inv = 1.0 / (d.im + d.re * ratio);
            Self::new(
                (self.re * ratio + self.im) * inv,
                (self.im * ratio - self.re) * inv,
            )
        }
    }

    fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// Principal square root (non-negative real part), computed without cancellation.
    fn sqrt(self) -> Self {
        if self.re == 0.0 && self.im == 0.0 {
            return Self::new(0.0, self.im);
        }
        let half_sum = (self.re.abs() + self.abs()) / 2.0;
        let t = half_sum.sqrt();
        if self.re >= 0.0 {
            Self::new(t, self.im / (2.0 * t))
        } else {
            Self::new(self.im.abs() / (2.0 * t), t.copysign(self.im))
        }
    }

    fn is_real(self) -> bool {
        self.im == 0.0
    }
}

/// Zeros, poles and gain of a transfer function.
#[derive(Debug, Clone)]
struct Zpk {
    zeros: Vec<Complex>,
    poles: Vec<Complex>,
    gain: f64,
}

impl Zpk {
    /// Bilinear transform `s = 2 fs (z - 1) / (z + 1)` with `fs = 2`; zeros at analog
    /// infinity map to `z = -1`.
    fn bilinear(&self) -> Zpk {
        let two_fs = Complex::real(BILINEAR_TWO_FS);
        let map = |r: &Complex| two_fs.add(*r).div(two_fs.sub(*r));
        let excess = self.poles.len().saturating_sub(self.zeros.len());
        let mut zeros: Vec<Complex> = self.zeros.iter().map(map).collect();
        zeros.extend(std::iter::repeat_n(Complex::real(-1.0), excess));
        let poles = self.poles.iter().map(map).collect();
        let num = product(self.zeros.iter().map(|z| two_fs.sub(*z)));
        let den = product(self.poles.iter().map(|p| two_fs.sub(*p)));
        Zpk {
            zeros,
            poles,
            gain: self.gain * num.div(den).re,
        }
    }
}

fn product(values: impl Iterator<Item = Complex>) -> Complex {
    values.fold(Complex::ONE, Complex::mul)
}

/// Poles of the analog Butterworth low-pass prototype (cutoff 1 rad/s), evenly spaced on
/// the left half of the unit circle: `-exp(i pi m / (2N))` for `m = -N+1, -N+3, .., N-1`.
fn butterworth_prototype_poles(order: usize) -> Vec<Complex> {
    let n = order as f64;
    (0..order)
        .map(|j| {
            let m = 2.0 * j as f64 - (n - 1.0);
            let angle = PI * m / (2.0 * n);
            Complex::new(-angle.cos(), -angle.sin())
        })
        .collect()
}

/// Frequency transformation applied to the low-pass prototype, with pre-warped edges.
#[derive(Debug, Clone, Copy)]
enum BandShape {
    Lowpass { warped: f64 },
    Highpass { warped: f64 },
    Bandpass { warped_low: f64, warped_high: f64 },
}

impl BandShape {
    /// Maps prototype poles (no zeros, unit gain) to the analog target filter.
    fn transform(self, prototype: Vec<Complex>) -> Zpk {
        let degree = prototype.len();
        match self {
            // s -> s / wo
            BandShape::Lowpass { warped } => Zpk {
                zeros: Vec::new(),
                poles: prototype.iter().map(|p| p.scale(warped)).collect(),
                gain: warped.powf(degree as f64),
            },
            // s -> wo / s: poles invert, every prototype zero at infinity lands at 0.
            BandShape::Highpass { warped } => {
                let wo = Complex::real(warped);
                let den = product(prototype.iter().map(|p| p.neg()));
                Zpk {
                    zeros: vec![Complex::ZERO; degree],
                    poles: prototype.iter().map(|p| wo.div(*p)).collect(),
                    gain: Complex::ONE.div(den).re,
                }
            }
            // s -> (s^2 + wo^2) / (s bw): each pole splits in two around +-j wo.
            BandShape::Bandpass {
                warped_low,
                warped_high,
            } => {
                let bandwidth = warped_high - warped_low;
                let centre = (warped_low * warped_high).sqrt();
                let centre_sq = Complex::real(centre * centre);
                let scaled: Vec<Complex> = prototype
                    .iter()
                    .map(|p| p.scale(bandwidth).scale(0.5))
                    .collect();
                let offsets: Vec<Complex> = scaled
                    .iter()
                    .map(|p| p.mul(*p).sub(centre_sq).sqrt())
                    .collect();
                let mut poles: Vec<Complex> = scaled
                    .iter()
                    .zip(&offsets)
                    .map(|(p, o)| p.add(*o))
                    .collect();
                poles.extend(scaled.iter().zip(&offsets).map(|(p, o)| p.sub(*o)));
                Zpk {
                    zeros: vec![Complex::ZERO; degree],
                    poles,
                    gain: bandwidth.powf(degree as f64),
                }
            }
        }
    }
}

/// Splits roots into one representative per conjugate pair (positive imaginary part,
/// pairs averaged to remove rounding asymmetry) followed by the real roots (imaginary
/// part set to exactly zero). Complex ones are ordered by real part then |imag|, real
/// ones by value, as SciPy's `_cplxreal` does, so ties later resolve the same way.
fn split_conjugate_pairs(roots: &[Complex]) -> Vec<Complex> {
    let mut sorted = roots.to_vec();
    sorted.sort_by(|a, b| {
        a.re.total_cmp(&b.re)
            .then(a.im.abs().total_cmp(&b.im.abs()))
    });
    let is_real = |r: &Complex| r.im.abs() <= REAL_ROOT_TOLERANCE * r.abs();
    let upper: Vec<Complex> = sorted
        .iter()
        .filter(|r| !is_real(r) && r.im > 0.0)
        .copied()
        .collect();
    let lower: Vec<Complex> = sorted
        .iter()
        .filter(|r| !is_real(r) && r.im < 0.0)
        .copied()
        .collect();
    let mut result: Vec<Complex> = if upper.len() == lower.len() {
        upper
            .iter()
            .zip(&lower)
            .map(|(u, l)| u.add(l.conj()).scale(0.5))
            .collect()
    } else {
        // Cannot happen for the conjugate-symmetric designs built here; keep the upper
        // halves rather than fail.
        upper
    };
    result.extend(
        sorted
            .iter()
            .filter(|r| is_real(r))
            .map(|r| Complex::real(r.re)),
    );
    result
}

/// Which kind of root a nearest-root search may return.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RootKind {
    Any,
    Real,
    Complex,
}

/// Index of the root in `roots` of the wanted kind closest to `target` (first on ties).
fn nearest_root(roots: &[Complex], target: Complex, kind: RootKind) -> Option<usize> {
    roots
        .iter()
        .enumerate()
        .filter(|(_, r)| match kind {
            RootKind::Any => true,
            RootKind::Real => r.is_real(),
            RootKind::Complex => !r.is_real(),
        })
        .map(|(i, r)| (i, r.sub(target).abs()))
        .fold(None, |best: Option<(usize, f64)>, (i, d)| match best {
            Some((_, best_d)) if best_d <= d => best,
            _ => Some((i, d)),
        })
        .map(|(i, _)| i)
}

/// Index of the pole closest to the unit circle (the one that dominates a section's
/// peak gain); first on ties. `None` only for an empty list.
fn pole_nearest_unit_circle(poles: &[Complex], only_real: bool) -> Option<usize> {
    poles
        .iter()
        .enumerate()
        .filter(|(_, p)| !only_real || p.is_real())
        .map(|(i, p)| (i, (1.0 - p.abs()).abs()))
        .fold(None, |best: Option<(usize, f64)>, (i, d)| match best {
            Some((_, best_d)) if best_d <= d => best,
            _ => Some((i, d)),
        })
        .map(|(i, _)| i)
}

/// Coefficients `[1, c1, c2]` of the monic polynomial with the given (at most two)
/// roots, right-aligned the way SciPy's `_single_zpksos` stores them; a conjugate pair
/// gives real coefficients.
fn monic_quadratic(roots: &[Complex]) -> [f64; 3] {
    match roots {
        [] => [0.0, 0.0, 1.0],
        [r] => [0.0, 1.0, -r.re],
        [r1, r2, ..] => {
            let c1 = r2.neg().add(r1.neg());
            let c2 = r1.neg().mul(r2.neg());
            [1.0, c1.re, c2.re]
        }
    }
}

fn section_from_roots(zeros: &[Complex], poles: &[Complex]) -> [f64; 6] {
    let [b0, b1, b2] = monic_quadratic(zeros);
    let [a0, a1, a2] = monic_quadratic(poles);
    [b0, b1, b2, a0, a1, a2]
}

/// Removes and returns the root chosen by `pick`, or `None` when nothing qualifies.
fn take(
    roots: &mut Vec<Complex>,
    pick: impl FnOnce(&[Complex]) -> Option<usize>,
) -> Option<Complex> {
    match pick(roots) {
        Some(i) if i < roots.len() => Some(roots.remove(i)),
        _ => None,
    }
}

/// Groups digital zeros and poles into second-order sections with SciPy `zpk2sos`'s
/// documented "nearest" pairing: repeatedly take the pole closest to the unit circle,
/// pair it with the nearest zero(s), and fill sections from last to first so the most
/// resonant section is applied last. The gain goes into the first section.
fn zpk_to_sections(zpk: Zpk) -> Vec<[f64; 6]> {
    let Zpk {
        mut zeros,
        mut poles,
        gain,
    } = zpk;
    if zeros.is_empty() && poles.is_empty() {
        return vec![[gain, 0.0, 0.0, 1.0, 0.0, 0.0]];
    }
    // Equal numbers of zeros and poles (extras at the origin); an odd count gets one
    // more of each so every section is second order.
    let count = zeros.len().max(poles.len());
    zeros.resize(count, Complex::ZERO);
    poles.resize(count, Complex::ZERO);
    let section_count = count.div_ceil(2);
    if count % 2 == 1 {
        zeros.push(Complex::ZERO);
        poles.push(Complex::ZERO);
    }

    let mut zeros = split_conjugate_pairs(&zeros);
    let mut poles = split_conjugate_pairs(&poles);
    let mut sections = vec![[0.0; 6]; section_count];

    for slot in sections.iter_mut().rev() {
        let Some(p1) = take(&mut poles, |r| pole_nearest_unit_circle(r, false)) else {
            break;
        };
        let real_poles_left = poles.iter().filter(|p| p.is_real()).count();
        let real_zeros_left = zeros.iter().filter(|z| z.is_real()).count();

        *slot = if p1.is_real() && real_poles_left == 0 {
            // Last real pole: first-order section with the nearest real zero (plus the
            // origin pole/zero that padding guaranteed).
            let z1 =
                take(&mut zeros, |r| nearest_root(r, p1, RootKind::Real)).unwrap_or(Complex::ZERO);
            section_from_roots(&[z1, Complex::ZERO], &[p1, Complex::ZERO])
        } else if poles.len() + 1 == zeros.len()
            && !p1.is_real()
            && real_poles_left == 1
            && real_zeros_left == 1
        {
            // Keep the single remaining real zero for the single remaining real pole.
            let z1 = take(&mut zeros, |r| nearest_root(r, p1, RootKind::Complex))
                .unwrap_or(Complex::ZERO);
            section_from_roots(&[z1, z1.conj()], &[p1, p1.conj()])
        } else {
            let p2 = if p1.is_real() {
                take(&mut poles, |r| pole_nearest_unit_circle(r, true)).unwrap_or(Complex::ZERO)
            } else {
                p1.conj()
            };
            match take(&mut zeros, |r| nearest_root(r, p1, RootKind::Any)) {
                Some(z1) if !z1.is_real() => section_from_roots(&[z1, z1.conj()], &[p1, p2]),
                Some(z1) => match take(&mut zeros, |r| nearest_root(r, p1, RootKind::Real)) {
                    Some(z2) => section_from_roots(&[z1, z2], &[p1, p2]),
                    None => section_from_roots(&[z1], &[p1, p2]),
                },
                None => section_from_roots(&[], &[p1, p2]),
            }
        };
    }

    if let Some(first) = sections.first_mut() {
        for coefficient in first.iter_mut().take(3) {
            *coefficient *= gain;
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Fixture {
        signal: Vec<f64>,
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        kind: String,
        order: usize,
        cutoff_hz: Vec<f64>,
        sample_rate_hz: f64,
        padlen: usize,
        sos: Vec<[f64; 6]>,
        filter: Vec<f64>,
        filtfilt: Vec<f64>,
    }

    fn fixture() -> Fixture {
        let text = include_str!("../../tests/fixtures/dsp/butter.json");
        serde_json::from_str(text).expect("butter.json parses")
    }

    fn design(case: &Case) -> Butterworth {
        let result = match (case.kind.as_str(), case.cutoff_hz.as_slice()) {
            ("lowpass", [fc]) => Butterworth::lowpass(case.order, *fc, case.sample_rate_hz),
            ("highpass", [fc]) => Butterworth::highpass(case.order, *fc, case.sample_rate_hz),
            ("bandpass", [lo, hi]) => {
                Butterworth::bandpass(case.order, *lo, *hi, case.sample_rate_hz)
            }
            other => panic!("unknown case {other:?}"),
        };
        result.expect("valid design")
    }

    fn label(case: &Case) -> String {
        format!(
            "{} order {} at {:?} Hz (fs {})",
            case.kind, case.order, case.cutoff_hz, case.sample_rate_hz
        )
    }

    fn max_abs(values: &[f64]) -> f64 {
        values.iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    #[test]
    fn filtfilt_vec3_equals_three_filtfilts_exactly() {
        let x: Vec<[f64; 3]> = (0..1500)
            .map(|i| {
                let t = i as f64 / 100.0;
                [
                    (7.0 * t).sin() + 0.3 * (31.0 * t).cos(),
                    0.5 * t.cos(),
                    (i % 7) as f64,
                ]
            })
            .collect();
        for order in 1..=8 {
            for filter in [
                Butterworth::bandpass(order, 0.5, 8.0, 100.0).unwrap(),
                Butterworth::lowpass(order, 3.0, 100.0).unwrap(),
                Butterworth::highpass(order, 0.5, 100.0).unwrap(),
            ] {
                for n in [filter.padlen() + 1, filter.padlen() + 2, 999, 1500] {
                    let part = &x[..n];
                    let together = filter.filtfilt_vec3(part).unwrap();
                    for k in 0..3 {
                        let alone: Vec<f64> = part.iter().map(|v| v[k]).collect();
                        let alone = filter.filtfilt(&alone).unwrap();
                        let mine: Vec<f64> = together.iter().map(|v| v[k]).collect();
                        assert_eq!(mine, alone, "order {order}, length {n}, axis {k}");
                    }
                }
                let short = &x[..filter.padlen()];
                assert!(filter.filtfilt_vec3(short).is_err());
            }
        }
    }

    #[test]
    fn filtfilt_components_equal_filtfilt_of_each_component_exactly() {
        let x: Vec<[f64; 3]> = (0..1500)
            .map(|i| {
                let t = i as f64 / 100.0;
                [(7.0 * t).sin(), 0.5 * t.cos(), (i % 7) as f64]
            })
            .collect();
        let y: Vec<f64> = (0..1500).map(|i| (i as f64 * 0.11).sin() + 0.2).collect();
        let each = |filter: &Butterworth, x: &[[f64; 3]]| -> Result<[Vec<f64>; 3], DspError> {
            let column = |k: usize| filter.filtfilt(&x.iter().map(|v| v[k]).collect::<Vec<_>>());
            Ok([column(0)?, column(1)?, column(2)?])
        };
        // Orders 5 to 8 have more sections than the fixed cascades take.
        for order in 1..=8 {
            let filter = Butterworth::bandpass(order, 0.5, 5.0, 100.0).unwrap();
            for n in [filter.padlen() + 1, filter.padlen() + 2, 999, 1500] {
                let columns = filter.filtfilt_components(&x[..n]);
                assert_eq!(columns, each(&filter, &x[..n]), "order {order}, {n}");
                let (together, alone) = filter.filtfilt_components_and(&x[..n], &y[..n]);
                assert_eq!(together, columns, "order {order}, {n}");
                assert_eq!(alone, filter.filtfilt(&y[..n]), "order {order}, {n}");
            }
            // Other lengths, or too short: the same as one by one.
            let (together, alone) = filter.filtfilt_components_and(&x, &y[..700]);
            assert_eq!(together, each(&filter, &x));
            assert_eq!(alone, filter.filtfilt(&y[..700]));
            let short = filter.padlen();
            assert!(filter.filtfilt_components(&x[..short]).is_err());
            let (together, alone) = filter.filtfilt_components_and(&x[..short], &y[..short]);
            assert_eq!(together, each(&filter, &x[..short]));
            assert_eq!(alone, filter.filtfilt(&y[..short]));
        }
    }

    #[test]
    fn filtfilt_lanes_equal_filtfilts_exactly() {
        let signal = |f: f64, n: usize| -> Vec<f64> {
            (0..n)
                .map(|i| (i as f64 * f).sin() + 0.3 * (i as f64 * 0.37 * f).cos())
                .collect()
        };
        let (a, b, c) = (signal(0.11, 3000), signal(0.05, 3000), signal(0.3, 3000));
        for order in 1..=4 {
            let filters = [
                Butterworth::bandpass(order, 0.3, 3.0, 100.0).unwrap(),
                Butterworth::bandpass(order, 0.5, 3.0, 100.0).unwrap(),
                Butterworth::bandpass(order, 0.5, 8.0, 100.0).unwrap(),
                Butterworth::highpass(2 * order, 0.5, 100.0).unwrap(),
            ];
            let [f, g, h, k] = &filters;
            let three = Butterworth::filtfilt_lanes([(f, &a[..]), (g, &b[..]), (h, &c[..])]);
            assert_eq!(three, [f.filtfilt(&a), g.filtfilt(&b), h.filtfilt(&c)]);
            let four =
                Butterworth::filtfilt_lanes([(f, &a[..]), (g, &b[..]), (h, &c[..]), (k, &a[..])]);
            assert_eq!(
                four,
                [
                    f.filtfilt(&a),
                    g.filtfilt(&b),
                    h.filtfilt(&c),
                    k.filtfilt(&a)
                ]
            );
            // Other lengths, or too short: one after the other, same results.
            let mixed = Butterworth::filtfilt_lanes([(f, &a[..]), (g, &b[..999])]);
            assert_eq!(mixed, [f.filtfilt(&a), g.filtfilt(&b[..999])]);
            let short = Butterworth::filtfilt_lanes([(f, &a[..3]), (g, &b[..3])]);
            assert_eq!(short, [f.filtfilt(&a[..3]), g.filtfilt(&b[..3])]);
        }
    }

    #[test]
    fn filtfilt_pair_equals_two_filtfilts_exactly() {
        let signal = |f: f64, n: usize| -> Vec<f64> {
            (0..n)
                .map(|i| (i as f64 * f).sin() + 0.3 * (i as f64 * 0.37 * f).cos())
                .collect()
        };
        let vertical = Butterworth::bandpass(2, 0.3, 3.0, 100.0).unwrap();
        let yaw = Butterworth::bandpass(2, 0.5, 3.0, 100.0).unwrap();
        let lowpass = Butterworth::lowpass(4, 5.0, 100.0).unwrap();
        let (a, b) = (signal(0.11, 5000), signal(0.05, 5000));
        let (pa, pb) = Butterworth::filtfilt_pair((&vertical, &a), (&yaw, &b));
        assert_eq!(pa.unwrap(), vertical.filtfilt(&a).unwrap());
        assert_eq!(pb.unwrap(), yaw.filtfilt(&b).unwrap());
        // Other padding or other lengths: one after the other, same results.
        let short = signal(0.2, 700);
        let (pa, pb) = Butterworth::filtfilt_pair((&lowpass, &a), (&yaw, &short));
        assert_eq!(pa.unwrap(), lowpass.filtfilt(&a).unwrap());
        assert_eq!(pb.unwrap(), yaw.filtfilt(&short).unwrap());
        // Too short for the padding: the same error as alone.
        let (pa, pb) = Butterworth::filtfilt_pair((&vertical, &a[..5]), (&yaw, &b[..5]));
        assert_eq!(pa, vertical.filtfilt(&a[..5]));
        assert_eq!(pb, yaw.filtfilt(&b[..5]));
    }

    #[test]
    fn sections_match_scipy() {
        for case in fixture().cases {
            let filter = design(&case);
            let ours = filter.sections();
            assert_eq!(ours.len(), case.sos.len(), "{}", label(&case));
            for (row, (a, b)) in ours.iter().zip(&case.sos).enumerate() {
                // Relative to the largest numerator / denominator coefficient of the
                // section, so tiny low-pass gains are still checked tightly.
                let num_scale = max_abs(&b[..3]).max(f64::MIN_POSITIVE);
                let den_scale = max_abs(&b[3..]);
                for k in 0..6 {
                    let scale = if k < 3 { num_scale } else { den_scale };
                    assert!(
                        (a[k] - b[k]).abs() <= 1e-10 * scale,
                        "{} section {row} coefficient {k}: {} vs scipy {}",
                        label(&case),
                        a[k],
                        b[k]
                    );
                }
            }
            assert_eq!(filter.padlen(), case.padlen, "{}", label(&case));
        }
    }

    #[test]
    fn filter_and_filtfilt_match_scipy() {
        let fx = fixture();
        let scale = max_abs(&fx.signal);
        for case in &fx.cases {
            let filter = design(case);
            let causal = filter.filter(&fx.signal);
            let zero_phase = filter.filtfilt(&fx.signal).expect("long enough");
            assert_eq!(causal.len(), case.filter.len());
            assert_eq!(zero_phase.len(), case.filtfilt.len());
            for (i, (a, b)) in causal.iter().zip(&case.filter).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-9 * scale,
                    "{} sosfilt[{i}]: {a} vs {b}",
                    label(case)
                );
            }
            for (i, (a, b)) in zero_phase.iter().zip(&case.filtfilt).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-9 * scale,
                    "{} sosfiltfilt[{i}]: {a} vs {b}",
                    label(case)
                );
            }
        }
    }

    #[test]
    fn every_order_designs_and_filters() {
        let x: Vec<f64> = (0..500).map(|i| (i as f64 * 0.1).sin()).collect();
        for order in 1..=MAX_ORDER {
            let designs = [
                Butterworth::lowpass(order, 10.0, 100.0),
                Butterworth::highpass(order, 10.0, 100.0),
                Butterworth::bandpass(order, 5.0, 20.0, 100.0),
            ];
            for filter in designs {
                let filter = filter.expect("valid design");
                assert!(filter.sections().iter().all(|s| s[3] == 1.0));
                let y = filter.filtfilt(&x).expect("long enough");
                assert_eq!(y.len(), x.len());
                assert!(y.iter().all(|v| v.is_finite()), "order {order}");
            }
        }
    }

    #[test]
    fn lowpass_filtfilt_keeps_constant() {
        for order in 1..=MAX_ORDER {
            let filter = Butterworth::lowpass(order, 3.0, 100.0).expect("valid");
            let x = vec![2.5; 200];
            let y = filter.filtfilt(&x).expect("long enough");
            assert_eq!(y.len(), x.len());
            for v in y {
                assert!((v - 2.5).abs() < 1e-9, "order {order}: {v}");
            }
        }
    }

    #[test]
    fn filtfilt_length_equals_input_length() {
        let filter = Butterworth::bandpass(4, 1.0, 10.0, 100.0).expect("valid");
        let min_len = filter.padlen() + 1;
        for len in [min_len, min_len + 1, 100, 1001] {
            let x: Vec<f64> = (0..len).map(|i| (i as f64).cos()).collect();
            assert_eq!(filter.filtfilt(&x).expect("long enough").len(), len);
        }
    }

    #[test]
    fn short_and_empty_inputs_are_errors_not_panics() {
        let filter = Butterworth::lowpass(4, 5.0, 100.0).expect("valid");
        let padlen = filter.padlen();
        assert_eq!(padlen, 15);
        for len in [0, 1, 2, padlen] {
            let x = vec![1.0; len];
            assert_eq!(
                filter.filtfilt(&x),
                Err(DspError::TooShort {
                    len,
                    needed: padlen + 1
                })
            );
        }
        assert!(filter.filter(&[]).is_empty());
    }

    #[test]
    fn nan_input_propagates_without_panic() {
        let filter = Butterworth::lowpass(2, 5.0, 100.0).expect("valid");
        let mut x = vec![1.0; 100];
        x[50] = f64::NAN;
        let causal = filter.filter(&x);
        assert!(causal[..50].iter().all(|v| v.is_finite()));
        assert!(causal[50..].iter().all(|v| v.is_nan()));
        let zero_phase = filter.filtfilt(&x).expect("long enough");
        assert!(zero_phase.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn invalid_parameters_are_rejected() {
        assert_eq!(
            Butterworth::lowpass(0, 5.0, 100.0),
            Err(DspError::InvalidOrder(0))
        );
        assert_eq!(
            Butterworth::lowpass(9, 5.0, 100.0),
            Err(DspError::InvalidOrder(9))
        );
        assert_eq!(
            Butterworth::lowpass(2, 50.0, 100.0),
            Err(DspError::InvalidCutoff {
                cutoff_hz: 50.0,
                nyquist_hz: 50.0
            })
        );
        assert!(matches!(
            Butterworth::highpass(2, f64::NAN, 100.0),
            Err(DspError::InvalidCutoff { .. })
        ));
        assert!(matches!(
            Butterworth::lowpass(2, 0.0, 100.0),
            Err(DspError::InvalidCutoff { .. })
        ));
        assert!(matches!(
            Butterworth::lowpass(2, 5.0, f64::INFINITY),
            Err(DspError::InvalidRate(_))
        ));
        assert!(matches!(
            Butterworth::lowpass(2, 5.0, -1.0),
            Err(DspError::InvalidRate(_))
        ));
        assert_eq!(
            Butterworth::bandpass(2, 10.0, 5.0, 100.0),
            Err(DspError::InvalidBand {
                low_hz: 10.0,
                high_hz: 5.0
            })
        );
    }

    #[test]
    fn lowpass_gain_is_unity_at_dc_and_half_power_at_cutoff() {
        let filter = Butterworth::lowpass(4, 10.0, 100.0).expect("valid");
        let gain_at = |f_hz: f64| {
            let w = 2.0 * PI * f_hz / 100.0;
            let z_inv = Complex::new(w.cos(), -w.sin());
            filter.sections().iter().fold(1.0, |g, s| {
                let poly = |c0: f64, c1: f64, c2: f64| {
                    Complex::real(c0)
                        .add(z_inv.scale(c1))
                        .add(z_inv.mul(z_inv).scale(c2))
                };
                g * poly(s[0], s[1], s[2]).div(poly(s[3], s[4], s[5])).abs()
            })
        };
        assert!((gain_at(0.0) - 1.0).abs() < 1e-12);
        assert!((gain_at(10.0) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
    }

    /// The general path: each pass section by section through `run_cascade`,
    /// then the padding cut (as before the fixed-size cascades).
    fn filtfilt_reference(filter: &Butterworth, x: &[f64]) -> Vec<f64> {
        let mut padded = filter.padded(x).expect("long enough");
        let zi = filter.steady_state_initial_conditions();
        let start = padded[0];
        run_cascade(&filter.sections, &zi, start, padded.iter_mut());
        let start = *padded.last().expect("not empty");
        run_cascade(&filter.sections, &zi, start, padded.iter_mut().rev());
        filter.unpadded(padded, x.len())
    }

    /// The fixed-size cascades (1 to 4 sections, alone and in pairs) and the
    /// general path for more sections give the general path's results to the
    /// bit, at every order and band shape, from the shortest valid signal on,
    /// with non-finite samples too.
    #[test]
    fn fixed_cascades_equal_the_general_path() {
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(u, v)| u.to_bits() == v.to_bits())
        };
        for order in 1..=MAX_ORDER {
            let filters = [
                Butterworth::lowpass(order, 3.0, 100.0),
                Butterworth::highpass(order, 0.5, 100.0),
                Butterworth::bandpass(order, 0.5, 3.0, 100.0),
            ];
            for filter in filters.iter().map(|f| f.as_ref().expect("valid")) {
                let padlen = filter.padlen();
                for len in [padlen + 1, padlen + 2, 2 * padlen + 1, 3 * padlen, 500] {
                    let x: Vec<f64> = (0..len)
                        .map(|i| (0.37 * i as f64).sin() + 0.01 * i as f64)
                        .collect();
                    let y: Vec<f64> = x.iter().map(|v| 9.81 - 2.0 * v).collect();
                    let expected = filtfilt_reference(filter, &x);
                    assert!(same(&filter.filtfilt(&x).expect("long enough"), &expected));
                    let other = Butterworth::lowpass(order, 7.0, 100.0).expect("valid");
                    if other.padlen() == padlen {
                        let (a, b) = Butterworth::filtfilt_pair((filter, &x), (&other, &y));
                        assert!(same(&a.expect("long enough"), &expected));
                        assert!(same(
                            &b.expect("long enough"),
                            &filtfilt_reference(&other, &y)
                        ));
                    }
                }
                let mut x: Vec<f64> = (0..300).map(|i| (0.1 * i as f64).cos()).collect();
                x[120] = f64::INFINITY;
                assert!(same(
                    &filter.filtfilt(&x).expect("long enough"),
                    &filtfilt_reference(filter, &x)
                ));
            }
        }
    }
}
