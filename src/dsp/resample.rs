//! Rate conversion for evenly sampled signals and linear interpolation onto a uniform
//! time grid.

use std::borrow::Cow;

use super::filter::Butterworth;
use super::DspError;

/// Order of the zero-phase anti-aliasing low-pass used when downsampling.
const ANTI_ALIAS_ORDER: usize = 4;

/// Anti-aliasing cutoff as a fraction of the new Nyquist frequency; the margin below
/// Nyquist leaves room for the Butterworth roll-off.
const ANTI_ALIAS_CUTOFF_FRACTION: f64 = 0.8;

/// Largest output we are willing to allocate; beyond this `Vec` would overflow its byte
/// capacity (a panic), so it is reported as an error instead.
const MAX_OUTPUT_LEN: f64 = (isize::MAX as usize / std::mem::size_of::<f64>()) as f64;

/// Result of [`resample_uniform`].
#[derive(Debug, Clone, PartialEq)]
pub struct Resampled {
    /// Samples at `k / to_hz` seconds, `k = 0, 1, ..`, covering the input's time span.
    pub samples: Vec<f64>,
    /// True when the anti-aliasing low-pass was applied. False when it was not needed
    /// (upsampling or equal rates) or when the input was too short for the zero-phase
    /// filter and only interpolation was done (then aliasing may be present).
    pub anti_aliased: bool,
}

/// Resample an evenly sampled signal from `from_hz` to `to_hz`.
///
/// When downsampling, the signal is first low-passed with a zero-phase Butterworth
/// (order 4, cutoff `0.8 * to_hz / 2`, SciPy `sosfiltfilt` semantics) to prevent
/// aliasing, then linearly interpolated at the new sample times `t_k = k / to_hz`
/// (`k = 0..` while `t_k <= (n - 1) / from_hz`). Upsampling (and equal rates) use linear
/// interpolation only. If the signal is too short for the zero-phase filter, the filter
/// is skipped and [`Resampled::anti_aliased`] is false.
///
/// Empty input gives empty output. NaN samples spread over the whole output when the
/// anti-aliasing filter runs (IIR memory) and over neighbouring outputs otherwise.
///
/// Errors: [`DspError::InvalidRate`] if a rate is not finite and positive,
/// [`DspError::OutputTooLong`] if the output could not be stored.
pub fn resample_uniform(x: &[f64], from_hz: f64, to_hz: f64) -> Result<Resampled, DspError> {
    for rate in [from_hz, to_hz] {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(DspError::InvalidRate(rate));
        }
    }
    let Some(last_index) = x.len().checked_sub(1) else {
        return Ok(Resampled {
            samples: Vec::new(),
            anti_aliased: false,
        });
    };
    let duration = last_index as f64 / from_hz;
    let output_len = output_len(duration, to_hz)?;

    let mut anti_aliased = false;
    let source: Cow<'_, [f64]> = if to_hz < from_hz {
        let cutoff_hz = ANTI_ALIAS_CUTOFF_FRACTION * to_hz / 2.0;
        let low_pass = Butterworth::lowpass(ANTI_ALIAS_ORDER, cutoff_hz, from_hz)?;
        match low_pass.filtfilt(x) {
            Ok(filtered) => {
                anti_aliased = true;
                Cow::Owned(filtered)
            }
            Err(DspError::TooShort { .. }) => Cow::Borrowed(x),
            Err(other) => return Err(other),
        }
    } else {
        Cow::Borrowed(x)
    };

    // Input samples per output sample; exact for equal or integer-ratio rates, so those
    // land exactly on input samples.
    let step = from_hz / to_hz;
    let mut samples = Vec::with_capacity(output_len);
    samples.extend((0..output_len).map(|k| interpolate_at_position(&source, k as f64 * step)));
    Ok(Resampled {
        samples,
        anti_aliased,
    })
}

/// Number of grid times `k / to_hz` with `k / to_hz <= duration`, evaluated with exactly
/// that comparison so rounding in `duration * to_hz` cannot add or drop the last sample.
fn output_len(duration: f64, to_hz: f64) -> Result<usize, DspError> {
    let estimate = (duration * to_hz).floor() + 1.0;
    if estimate.is_nan() || estimate > MAX_OUTPUT_LEN {
        return Err(DspError::OutputTooLong {
            estimated_len: estimate,
        });
    }
    // In range after the check, so the cast neither saturates nor truncates.
    let mut len = estimate as usize;
    while len > 1 && ((len - 1) as f64 / to_hz) > duration {
        len -= 1;
    }
    while (len as f64 / to_hz) <= duration && (len as f64) < MAX_OUTPUT_LEN {
        len += 1;
    }
    Ok(len)
}

/// Linear interpolation of an evenly spaced signal at a fractional sample position,
/// holding the end values outside `0..=len-1`.
fn interpolate_at_position(x: &[f64], position: f64) -> f64 {
    let (Some(&first), Some(&last)) = (x.first(), x.last()) else {
        return f64::NAN;
    };
    if position <= 0.0 {
        return first;
    }
    let whole = position.floor();
    // `as usize` saturates for huge values; those land past the end and hold `last`.
    let index = whole as usize;
    match (x.get(index), x.get(index + 1)) {
        (Some(&y0), Some(&y1)) => y0 + (y1 - y0) * (position - whole),
        (Some(&y0), None) => y0,
        _ if position.is_nan() => f64::NAN,
        _ => last,
    }
}

/// Linear interpolation of `(t, y)` (`t` strictly increasing) at the times
/// `start + k * dt` for `k in 0..n`; outside `[t[0], t[last]]` the end values are held.
///
/// O(len + n) for a monotonic query grid: the segment search resumes where the previous
/// query ended instead of bisecting. Apart from (re)growing `out` nothing is allocated.
///
/// `out` is cleared and receives exactly `n` values. If `t` and `y` differ in length
/// only their common prefix is used; if that is empty every output is NaN. A NaN time
/// gives a NaN output. A negative `dt` also works (the segment search walks backwards),
/// and with unsorted `t` the result is unspecified but nothing panics.
pub fn interpolate_linear(t: &[f64], y: &[f64], start: f64, dt: f64, n: usize, out: &mut Vec<f64>) {
    interpolate_linear_axes(t, [y], start, dt, n, [out]);
}

/// [`interpolate_linear`] of several signals sampled at the same times `t` (the
/// axes of one sensor): each query time is located once for all of them. Every
/// output equals what [`interpolate_linear`] gives for its signal alone when the
/// signals have the same length; otherwise the common prefix of all is used.
pub fn interpolate_linear_axes<const N: usize>(
    t: &[f64],
    ys: [&[f64]; N],
    start: f64,
    dt: f64,
    n: usize,
    outs: [&mut Vec<f64>; N],
) {
    let len = ys.iter().fold(t.len(), |len, y| len.min(y.len()));
    let t = &t[..len];
    let ys = ys.map(|y| &y[..len]);
    let mut outs = outs;
    for out in outs.iter_mut() {
        out.clear();
        // A failed reservation is not fatal: pushing below grows the vector as needed.
        let _ = out.try_reserve(n);
    }
    let (Some(&t_first), Some(&t_last)) = (t.first(), t.last()) else {
        for out in outs.iter_mut() {
            out.extend(std::iter::repeat_n(f64::NAN, n));
        }
        return;
    };
    // Left end of the current segment; the search below keeps `segment + 1 < len`
    // whenever it is used, so successive nearby times cost O(1) amortized.
    let mut segment = 0usize;
    for k in 0..n {
        let time = start + k as f64 * dt;
        let position = if time.is_nan() {
            Position::Nan
        } else if time <= t_first {
            Position::First
        } else if time >= t_last {
            Position::Last
        } else {
            while segment + 2 < len && t.get(segment + 1).is_some_and(|&tn| tn <= time) {
                segment += 1;
            }
            while segment > 0 && t.get(segment).is_some_and(|&tc| tc > time) {
                segment -= 1;
            }
            match (t.get(segment), t.get(segment + 1)) {
                (Some(&t0), Some(&t1)) if t1 > t0 => {
                    Position::Between(segment, (time - t0) / (t1 - t0))
                }
                (Some(_), _) => Position::At(segment),
                _ => Position::Last,
            }
        };
        for (out, y) in outs.iter_mut().zip(&ys) {
            let value = match position {
                Position::Nan => f64::NAN,
                Position::First => y.first().copied().unwrap_or(f64::NAN),
                Position::Last => y.last().copied().unwrap_or(f64::NAN),
                Position::Between(i, fraction) => match (y.get(i), y.get(i + 1)) {
                    (Some(&y0), Some(&y1)) => y0 + (y1 - y0) * fraction,
                    _ => y.last().copied().unwrap_or(f64::NAN),
                },
                Position::At(i) => y.get(i).or(y.last()).copied().unwrap_or(f64::NAN),
            };
            out.push(value);
        }
    }
}

/// Where a query time falls among the sample times.
#[derive(Clone, Copy)]
enum Position {
    /// The query time is NaN.
    Nan,
    /// At or before the first sample.
    First,
    /// At or after the last sample.
    Last,
    /// Between sample `.0` and the next, at this fraction of the interval.
    Between(usize, f64),
    /// On sample `.0` (a zero-length interval).
    At(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn sine(freq_hz: f64, rate_hz: f64, len: usize) -> Vec<f64> {
        (0..len)
            .map(|i| (2.0 * PI * freq_hz * i as f64 / rate_hz).sin())
            .collect()
    }

    fn rms(values: &[f64]) -> f64 {
        (values.iter().map(|v| v * v).sum::<f64>() / values.len() as f64).sqrt()
    }

    #[test]
    fn downsampling_keeps_slow_sine_amplitude() {
        let x = sine(1.0, 200.0, 2000);
        let out = resample_uniform(&x, 200.0, 100.0).expect("valid rates");
        assert!(out.anti_aliased);
        assert_eq!(out.samples.len(), 1000);
        let peak = out.samples.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!((peak - 1.0).abs() < 0.01, "peak {peak}");
        for (k, v) in out.samples.iter().enumerate() {
            let expected = (2.0 * PI * k as f64 / 100.0).sin();
            assert!((v - expected).abs() < 0.01, "sample {k}: {v} vs {expected}");
        }
    }

    #[test]
    fn downsampling_suppresses_alias() {
        // 45 Hz is above the new Nyquist (25 Hz) and would alias to 5 Hz.
        let x = sine(45.0, 200.0, 4000);
        let out = resample_uniform(&x, 200.0, 50.0).expect("valid rates");
        assert!(out.anti_aliased);
        let inner = &out.samples[100..out.samples.len() - 100];
        let attenuation_db = 20.0 * (rms(inner) / rms(&x)).log10();
        assert!(attenuation_db < -20.0, "only {attenuation_db} dB");
    }

    #[test]
    fn output_grid_covers_input_span() {
        // n = 11 at 10 Hz spans 1 s; at 3 Hz the grid is 0, 1/3, 2/3, 1 -> 4 samples.
        let x: Vec<f64> = (0..11).map(f64::from).collect();
        let up = resample_uniform(&x, 10.0, 3.0).expect("valid");
        assert_eq!(up.samples.len(), 4);
        // n = 3 at 2 Hz spans 1 s; at 5 Hz: 0, 0.2, .., 1.0 -> 6 samples.
        let out = resample_uniform(&[0.0, 1.0, 2.0], 2.0, 5.0).expect("valid");
        assert!(!out.anti_aliased);
        let expected = [0.0, 0.4, 0.8, 1.2, 1.6, 2.0];
        assert_eq!(out.samples.len(), expected.len());
        for (a, b) in out.samples.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn equal_rates_copy_the_signal() {
        let x = sine(3.0, 50.0, 77);
        let out = resample_uniform(&x, 50.0, 50.0).expect("valid");
        assert!(!out.anti_aliased);
        assert_eq!(out.samples, x);
    }

    #[test]
    fn short_signal_falls_back_to_interpolation() {
        let x = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0];
        let out = resample_uniform(&x, 100.0, 50.0).expect("valid");
        assert!(!out.anti_aliased);
        assert_eq!(out.samples, vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn degenerate_inputs() {
        let empty = resample_uniform(&[], 100.0, 50.0).expect("valid");
        assert!(empty.samples.is_empty());
        assert_eq!(
            resample_uniform(&[1.0], 100.0, 50.0)
                .expect("valid")
                .samples,
            vec![1.0]
        );
        assert_eq!(
            resample_uniform(&[1.0], 0.0, 50.0),
            Err(DspError::InvalidRate(0.0))
        );
        assert!(matches!(
            resample_uniform(&[1.0, 2.0], 100.0, f64::NAN),
            Err(DspError::InvalidRate(_))
        ));
        assert!(matches!(
            resample_uniform(&[1.0, 2.0], 1e-300, 1e300),
            Err(DspError::OutputTooLong { .. })
        ));
        let mut x = vec![1.0; 100];
        x[10] = f64::NAN;
        let out = resample_uniform(&x, 100.0, 20.0).expect("valid");
        assert_eq!(out.samples.len(), 20);
        assert!(out.samples.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn interpolate_linear_holds_ends_and_interpolates() {
        let t = [0.0, 1.0, 3.0];
        let y = [0.0, 10.0, 30.0];
        let mut out = Vec::new();
        interpolate_linear(&t, &y, -1.0, 0.5, 10, &mut out);
        let expected = [0.0, 0.0, 0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 30.0];
        assert_eq!(out, expected);
        // Reuses the buffer: cleared first.
        interpolate_linear(&t, &y, 3.0, -0.5, 4, &mut out);
        assert_eq!(out, [30.0, 25.0, 20.0, 15.0]);
    }

    #[test]
    fn interpolate_linear_degenerate_inputs() {
        let mut out = vec![7.0];
        interpolate_linear(&[], &[], 0.0, 1.0, 3, &mut out);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|v| v.is_nan()));
        interpolate_linear(&[2.0], &[5.0], 0.0, 1.0, 4, &mut out);
        assert_eq!(out, [5.0; 4]);
        interpolate_linear(&[0.0, 1.0, 2.0], &[1.0, 2.0], f64::NAN, 1.0, 2, &mut out);
        assert!(out.iter().all(|v| v.is_nan()));
        interpolate_linear(&[0.0, 1.0], &[1.0, 3.0], 0.0, 1.0, 0, &mut out);
        assert!(out.is_empty());
        // Unsorted times: unspecified values, but no panic.
        interpolate_linear(
            &[0.0, 5.0, 1.0, 2.0],
            &[1.0, 2.0, 3.0, 4.0],
            0.0,
            0.3,
            20,
            &mut out,
        );
        assert_eq!(out.len(), 20);
    }

    #[test]
    fn axes_interpolated_together_equal_each_alone_and_a_direct_search() {
        // Jittery times with a repeated one (a zero-length interval).
        let mut t: Vec<f64> = (0..200)
            .map(|i| i as f64 * 0.01 + 0.003 * ((i * 7919) % 13) as f64 / 13.0)
            .collect();
        t[50] = t[49];
        let ys: [Vec<f64>; 3] = [
            sine(1.3, 100.0, 200),
            sine(2.9, 100.0, 200),
            (0..200).map(|i| (i as f64).sqrt()).collect(),
        ];
        let (start, dt, n) = (-0.05, 0.0097, 230);
        let mut outs: [Vec<f64>; 3] = Default::default();
        let [x, y, z] = &mut outs;
        interpolate_linear_axes(&t, [&ys[0], &ys[1], &ys[2]], start, dt, n, [x, y, z]);
        for (out, y) in outs.iter().zip(&ys) {
            let mut alone = Vec::new();
            interpolate_linear(&t, y, start, dt, n, &mut alone);
            assert_eq!(*out, alone);
            let direct: Vec<f64> = (0..n)
                .map(|k| {
                    let time = start + k as f64 * dt;
                    let after = t.partition_point(|&tk| tk <= time);
                    match after {
                        0 => y[0],
                        _ if after == t.len() => y[t.len() - 1],
                        _ => {
                            let i = after - 1;
                            y[i] + (y[i + 1] - y[i]) * ((time - t[i]) / (t[i + 1] - t[i]))
                        }
                    }
                })
                .collect();
            assert_eq!(*out, direct);
        }
    }

    #[test]
    fn interpolate_linear_matches_uniform_resampling() {
        let rate = 37.0;
        let x = sine(2.0, rate, 300);
        let t: Vec<f64> = (0..x.len()).map(|i| i as f64 / rate).collect();
        let mut out = Vec::new();
        interpolate_linear(&t, &x, 0.0, 1.0 / 50.0, 400, &mut out);
        let direct = resample_uniform(&x, rate, 50.0).expect("valid");
        for (a, b) in out.iter().zip(&direct.samples) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
