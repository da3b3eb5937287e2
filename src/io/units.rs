//! Units: reading them from header text, and inferring them from the data
//! when the file does not say (quiet periods give |a| = 1 g).

use crate::recording::{VectorStream, STANDARD_GRAVITY};
use serde::Serialize;

/// A physical unit a file may use for acceleration or angular velocity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// m/s²
    MetrePerSecond2,
    /// standard gravity, 9.80665 m/s²
    G,
    /// thousandths of g
    MilliG,
    /// 1/64 g (Empatica E4)
    SixtyFourthG,
    /// rad/s
    RadianPerSecond,
    /// deg/s
    DegreePerSecond,
    /// µT (magnetometers; kept as is)
    MicroTesla,
    /// a unit retrogait keeps as is (arbitrary magnetometer units)
    Arbitrary,
}

impl Unit {
    /// The factor that converts a value in this unit to SI (m/s², rad/s).
    pub fn to_si(self) -> f64 {
        match self {
            Unit::MetrePerSecond2 | Unit::RadianPerSecond | Unit::MicroTesla | Unit::Arbitrary => {
                1.0
            }
            Unit::G => STANDARD_GRAVITY,
            Unit::MilliG => STANDARD_GRAVITY / 1000.0,
            Unit::SixtyFourthG => STANDARD_GRAVITY / 64.0,
            Unit::DegreePerSecond => std::f64::consts::PI / 180.0,
        }
    }

    /// Short symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::MetrePerSecond2 => "m/s^2",
            Unit::G => "g",
            Unit::MilliG => "mg",
            Unit::SixtyFourthG => "1/64 g",
            Unit::RadianPerSecond => "rad/s",
            Unit::DegreePerSecond => "deg/s",
            Unit::MicroTesla => "uT",
            Unit::Arbitrary => "a.u.",
        }
    }

    /// True for acceleration units.
    pub fn is_acceleration(self) -> bool {
        matches!(
            self,
            Unit::MetrePerSecond2 | Unit::G | Unit::MilliG | Unit::SixtyFourthG
        )
    }

    /// True for angular velocity units.
    pub fn is_angular_velocity(self) -> bool {
        matches!(self, Unit::RadianPerSecond | Unit::DegreePerSecond)
    }

    /// Parses a unit given on the command line (`--acc-unit g`, `--gyro-unit deg/s`).
    pub fn parse(text: &str) -> Option<Unit> {
        parse_unit_text(text)
    }
}

/// Normalises header text for matching: lower case, `²` → `^2`, `µ`/`μ` → `u`,
/// quotes removed, runs of spaces squeezed.
pub(crate) fn normalize_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        let mapped: &str = match c {
            '²' => "^2",
            'µ' | 'μ' => "u",
            '°' => "deg",
            '"' | '\'' => "",
            c if c.is_whitespace() => " ",
            _ => {
                for lower in c.to_lowercase() {
                    out.push(lower);
                }
                last_space = false;
                continue;
            }
        };
        if mapped == " " {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push_str(mapped);
            last_space = false;
        }
    }
    out.trim().to_string()
}

/// Parses the text of a unit (`m/s^2`, `m/(s^2)`, `g`, `mg`, `deg/s`, `dps`, `rad/s`, ...).
pub(crate) fn parse_unit_text(text: &str) -> Option<Unit> {
    let compact: String = normalize_header(text)
        .chars()
        .filter(|c| !matches!(c, ' ' | '(' | ')' | '[' | ']'))
        .collect();
    Some(match compact.as_str() {
        "m/s^2" | "m/s2" | "ms^-2" | "ms-2" | "mps2" | "m/s/s" | "m/s**2" => Unit::MetrePerSecond2,
        "g" | "gf" | "gforce" => Unit::G,
        "mg" | "millig" => Unit::MilliG,
        "1/64g" => Unit::SixtyFourthG,
        "rad/s" | "rads" | "rad/sec" | "rads^-1" | "rps" => Unit::RadianPerSecond,
        "deg/s" | "dps" | "degs" | "deg/sec" | "degree/s" | "degrees/s" | "degs^-1" => {
            Unit::DegreePerSecond
        }
        "ut" | "microtesla" => Unit::MicroTesla,
        _ => return None,
    })
}

/// Finds a unit in a header cell: the text inside the last `(...)` or `[...]`
/// (`x-axis (g)`, `X [mg]`, `Accel_X (m/s^2)`, `accelerometerAccelerationX(G)`).
pub(crate) fn unit_in_header(cell: &str) -> Option<Unit> {
    let close = cell.rfind([')', ']'])?;
    let open_char = if cell.as_bytes()[close] == b')' {
        '('
    } else {
        '['
    };
    let open = cell[..close].rfind(open_char)?;
    parse_unit_text(&cell[open + 1..close])
}

/// What the quiet parts of an acceleration stream say about its unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RestEstimate {
    /// Median |a| over the quietest windows, in the stream's own unit.
    pub magnitude: f64,
    /// How many 1-s windows that median covers.
    pub windows: usize,
    /// Median within-window standard deviation of |a| in those windows.
    pub spread: f64,
    /// The 95th percentile of |a| over the whole stream (dynamic range).
    pub p95_magnitude: f64,
    /// The median |a| over the whole stream.
    pub median_magnitude: f64,
}

/// Median over the recording's [`GRAVITY_WINDOW_S`] windows of the magnitude
/// of the mean acceleration vector, m/s² (after units are known). A body that
/// goes nowhere on average has zero mean acceleration, so the mean specific
/// force is gravity (≈ 9.81) whatever the movement — unless the device removed
/// gravity (linear acceleration), when it is near 0. Unlike
/// [`rest_magnitude`] it needs no still period. `None` for fewer than 2 samples.
pub fn mean_gravity_magnitude(stream: &VectorStream) -> Option<f64> {
    mean_gravity_magnitude_at_rate(stream, stream.measured_rate_hz())
}

/// [`mean_gravity_magnitude`] given the stream's
/// [`VectorStream::measured_rate_hz`] (a caller that has it saves a pass).
pub fn mean_gravity_magnitude_at_rate(
    stream: &VectorStream,
    measured_rate_hz: Option<f64>,
) -> Option<f64> {
    let mut gravity = GravityWindows::new(stream.len(), measured_rate_hz)?;
    for (i, ((&x, &y), &z)) in stream.x.iter().zip(&stream.y).zip(&stream.z).enumerate() {
        gravity.take(i, [x, y, z]);
    }
    gravity.median()
}

/// The windows of [`mean_gravity_magnitude`], fed one sample at a time in
/// order: full windows from the first sample; the last, partial one counts
/// only when no full window had two finite samples.
struct GravityWindows {
    window: usize,
    /// The end of the window being summed.
    next_end: usize,
    sum: [f64; 3],
    count: f64,
    magnitudes: Vec<f64>,
}

impl GravityWindows {
    /// `None` for fewer than 2 samples.
    fn new(n: usize, measured_rate_hz: Option<f64>) -> Option<Self> {
        if n < 2 {
            return None;
        }
        let rate = measured_rate_hz.unwrap_or(100.0).clamp(1.0, 10_000.0);
        let window = ((GRAVITY_WINDOW_S * rate).round() as usize).clamp(2, n);
        Some(GravityWindows {
            window,
            next_end: window,
            sum: [0.0; 3],
            count: 0.0,
            magnitudes: Vec::with_capacity(n / window + 1),
        })
    }

    /// Adds sample `i` (they must come in order, from 0).
    #[inline(always)]
    fn take(&mut self, i: usize, v: [f64; 3]) {
        if v.iter().all(|c| c.is_finite()) {
            let sum = self.sum;
            self.sum = [sum[0] + v[0], sum[1] + v[1], sum[2] + v[2]];
            self.count += 1.0;
        }
        if i + 1 == self.next_end {
            self.close();
            self.next_end += self.window;
        }
    }

    /// Ends the window being summed.
    fn close(&mut self) {
        let (sum, count) = (self.sum, self.count);
        if count >= 2.0 {
            self.magnitudes
                .push((sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt() / count);
        }
        (self.sum, self.count) = ([0.0; 3], 0.0);
    }

    /// The median window magnitude, once every sample was taken.
    fn median(mut self) -> Option<f64> {
        if self.magnitudes.is_empty() {
            // The partial last window.
            self.close();
        }
        let mut magnitudes = self.magnitudes;
        magnitudes.sort_by(f64::total_cmp);
        magnitudes.get(magnitudes.len() / 2).copied()
    }
}

/// Window of [`mean_gravity_magnitude`], s: several strides, so the body's own
/// accelerations average out.
pub const GRAVITY_WINDOW_S: f64 = 10.0;

/// Estimates |a| at rest: splits the stream into 1-s windows, keeps the
/// quietest tenth (by the standard deviation of |a|), and takes the median of
/// their mean |a|. Works whatever the unit, because it ranks windows rather
/// than using an absolute threshold.
pub fn rest_magnitude(stream: &VectorStream) -> Option<RestEstimate> {
    rest_magnitude_at_rate(stream, stream.measured_rate_hz())
}

/// [`rest_magnitude`] given the stream's [`VectorStream::measured_rate_hz`]
/// (a caller that has it saves a pass).
pub fn rest_magnitude_at_rate(
    stream: &VectorStream,
    measured_rate_hz: Option<f64>,
) -> Option<RestEstimate> {
    rest_and_gravity(stream, measured_rate_hz, None)
}

/// [`rest_magnitude_at_rate`] and [`mean_gravity_magnitude_at_rate`] of one
/// stream in one pass over its samples (the same results as each alone).
pub fn rest_and_mean_gravity_at_rate(
    stream: &VectorStream,
    measured_rate_hz: Option<f64>,
) -> (Option<RestEstimate>, Option<f64>) {
    let mut gravity = GravityWindows::new(stream.len(), measured_rate_hz);
    let rest = rest_and_gravity(stream, measured_rate_hz, gravity.as_mut());
    (rest, gravity.and_then(GravityWindows::median))
}

/// [`rest_magnitude_at_rate`], feeding every sample to `gravity` on the way.
fn rest_and_gravity(
    stream: &VectorStream,
    measured_rate_hz: Option<f64>,
    mut gravity: Option<&mut GravityWindows>,
) -> Option<RestEstimate> {
    let n = stream.len();
    let mut take_gravity = |i: usize| {
        if let Some(gravity) = gravity.as_mut() {
            gravity.take(i, [stream.x[i], stream.y[i], stream.z[i]]);
        }
    };
    if n < 4 {
        (0..n).for_each(&mut take_gravity);
        return None;
    }
    let rate = measured_rate_hz.unwrap_or(100.0).clamp(1.0, 10_000.0);
    let window = (rate.round() as usize).max(4);
    let mut windows: Vec<(f64, f64)> = Vec::with_capacity(n / window + 1);
    let mut magnitudes = Vec::with_capacity(n.min(1 << 17));
    // |a| of every `stride`-th sample (the dynamic range and the median),
    // taken on the windows' pass where it covers them.
    let stride = (n / (1 << 16)).max(1);
    let mut next_sampled = 0;
    let mut start = 0;
    while start < n {
        let end = (start + window).min(n);
        if end - start < window / 2 && !windows.is_empty() {
            break;
        }
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        let mut count = 0.0;
        for i in start..end {
            take_gravity(i);
            let m = stream.norm(i);
            if m.is_finite() {
                sum += m;
                sum_sq += m * m;
                count += 1.0;
                if i == next_sampled {
                    magnitudes.push(m);
                }
            }
            if i == next_sampled {
                next_sampled += stride;
            }
        }
        if count >= 2.0 {
            let mean = sum / count;
            let variance = (sum_sq / count - mean * mean).max(0.0);
            windows.push((variance.sqrt(), mean));
        }
        start = end;
    }
    // Samples after the windows (a short last one).
    (start..n).for_each(&mut take_gravity);
    for i in (next_sampled..n).step_by(stride) {
        let m = stream.norm(i);
        if m.is_finite() {
            magnitudes.push(m);
        }
    }
    if windows.is_empty() || magnitudes.is_empty() {
        return None;
    }
    windows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let keep = (windows.len() / 10).max(1);
    let mut means: Vec<f64> = windows[..keep].iter().map(|w| w.1).collect();
    let mut spreads: Vec<f64> = windows[..keep].iter().map(|w| w.0).collect();
    let p95_index = ((magnitudes.len() as f64 - 1.0) * 0.95).round() as usize;
    let (_, p95, _) = magnitudes.select_nth_unstable_by(p95_index, f64::total_cmp);
    let p95 = *p95;
    let median_magnitude = median(&mut magnitudes);
    Some(RestEstimate {
        magnitude: median(&mut means),
        windows: keep,
        spread: median(&mut spreads),
        p95_magnitude: p95,
        median_magnitude,
    })
}

fn median(values: &mut [f64]) -> f64 {
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    *m
}

/// The outcome of inferring an acceleration unit.
#[derive(Debug, Clone, PartialEq)]
pub struct AccUnitInference {
    /// The unit chosen; `None` when the data do not allow a choice.
    pub unit: Option<Unit>,
    /// True when the quiet magnitude is near zero: gravity was removed.
    pub gravity_absent: bool,
    /// The evidence, for the provenance.
    pub reason: String,
}

/// Infers the acceleration unit from |a| at rest: ≈1 → g, ≈9.8 → m/s²,
/// ≈64 → 1/64 g, ≈1000 → mg, ≈0 → gravity removed (then the dynamic range
/// decides between g and m/s²).
pub fn infer_acc_unit(stream: &VectorStream) -> AccUnitInference {
    infer_acc_unit_from_rest(rest_magnitude(stream))
}

/// [`infer_acc_unit`] from the stream's [`rest_magnitude`] (`None`: too few samples).
pub fn infer_acc_unit_from_rest(rest: Option<RestEstimate>) -> AccUnitInference {
    let Some(rest) = rest else {
        return AccUnitInference {
            unit: None,
            gravity_absent: false,
            reason: "too few samples to infer the unit".into(),
        };
    };
    let m = rest.magnitude;
    let candidates = [
        (Unit::G, 1.0),
        (Unit::MetrePerSecond2, STANDARD_GRAVITY),
        (Unit::SixtyFourthG, 64.0),
        (Unit::MilliG, 1000.0),
    ];
    for (unit, expected) in candidates {
        if (m / expected - 1.0).abs() < 0.2 {
            return AccUnitInference {
                unit: Some(unit),
                gravity_absent: false,
                reason: format!(
                    "median |a| over the {} quietest 1-s windows is {:.3}, close to 1 g = {} {}",
                    rest.windows,
                    m,
                    expected,
                    unit.symbol()
                ),
            };
        }
    }
    // Near zero at rest while moving elsewhere: linear acceleration without gravity.
    if m < 0.15 * rest.p95_magnitude.max(f64::MIN_POSITIVE) || m < 0.3 {
        // Walking linear acceleration peaks at a few m/s² (a few tenths of g).
        let unit = if rest.p95_magnitude > 1.5 {
            Unit::MetrePerSecond2
        } else {
            Unit::G
        };
        return AccUnitInference {
            unit: Some(unit),
            gravity_absent: true,
            reason: format!(
                "median |a| at rest is {:.3} (no gravity); 95th percentile of |a| {:.2} suggests {}",
                m,
                rest.p95_magnitude,
                unit.symbol()
            ),
        };
    }
    // No rest period (continuous walking): the unit whose 1 g is nearest, on a
    // log scale, to the median |a| of the whole stream. Candidates are at least
    // 6.5x apart, so a factor-2.5 window cannot pick the wrong one for gait.
    let overall = rest.median_magnitude;
    let nearest = candidates
        .iter()
        .map(|(unit, expected)| (*unit, *expected, (overall / expected).ln().abs()))
        .min_by(|a, b| a.2.total_cmp(&b.2));
    if let Some((unit, expected, distance)) = nearest {
        if distance < 2.5_f64.ln() {
            return AccUnitInference {
                unit: Some(unit),
                gravity_absent: false,
                reason: format!(
                    "no still period (quietest windows read {m:.3}); the median |a| of the whole recording, {overall:.3}, is nearest to 1 g = {expected} {}",
                    unit.symbol()
                ),
            };
        }
    }
    AccUnitInference {
        unit: None,
        gravity_absent: false,
        reason: format!(
            "median |a| over the quietest windows is {m:.3} and over the recording {overall:.3}, which match no known unit (1 g would read 1, 9.81, 64 or 1000)"
        ),
    }
}

/// Infers the gyroscope unit from its range: a 99.9th percentile of |ω|
/// above 25 cannot be rad/s for human movement (walking peaks below ~10 rad/s
/// even on the foot), so it is deg/s.
pub fn infer_gyro_unit(stream: &VectorStream) -> (Option<Unit>, String) {
    let n = stream.len();
    if n < 4 {
        return (None, "too few samples to infer the unit".into());
    }
    let stride = (n / (1 << 16)).max(1);
    let mut magnitudes: Vec<f64> = (0..n)
        .step_by(stride)
        .map(|i| stream.norm(i))
        .filter(|m| m.is_finite())
        .collect();
    if magnitudes.is_empty() {
        return (None, "no finite gyroscope sample".into());
    }
    let index = ((magnitudes.len() as f64 - 1.0) * 0.999).round() as usize;
    let (_, p999, _) = magnitudes.select_nth_unstable_by(index, f64::total_cmp);
    let p999 = *p999;
    if p999 > 25.0 {
        (
            Some(Unit::DegreePerSecond),
            format!("99.9th percentile of |w| is {p999:.1}: too fast for rad/s, so deg/s"),
        )
    } else if p999 > 0.5 {
        (
            Some(Unit::RadianPerSecond),
            format!("99.9th percentile of |w| is {p999:.2}: plausible rad/s for movement (deg/s would be nearly still)"),
        )
    } else {
        (
            Some(Unit::RadianPerSecond),
            format!("99.9th percentile of |w| is {p999:.3}: the device barely moved, so the unit cannot be told from the data; rad/s assumed"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_and_mean_gravity_in_one_pass_equal_each_alone() {
        // Lengths: tiny, shorter than a gravity window, full windows only, a
        // short and a long last window; non-finite samples, a silent start.
        for n in [1, 3, 5, 700, 2000, 3000, 3037, 3080] {
            for nan_every in [0, 7, 977] {
                let mut s = VectorStream::default();
                for i in 0..n {
                    let t = i as f64 / 100.0;
                    let nan = nan_every > 0 && i % nan_every == 3;
                    let v = if nan {
                        f64::NAN
                    } else {
                        (t * 11.3).sin() * 3.0
                    };
                    s.push(t, [0.1 * v, 0.2, 9.8 + v]);
                }
                for rate in [None, Some(100.0), Some(33.3)] {
                    let (rest, gravity) = rest_and_mean_gravity_at_rate(&s, rate);
                    assert_eq!(rest, rest_magnitude_at_rate(&s, rate), "{n} {nan_every}");
                    assert_eq!(
                        gravity.map(f64::to_bits),
                        mean_gravity_magnitude_at_rate(&s, rate).map(f64::to_bits),
                        "{n} {nan_every}"
                    );
                }
            }
        }
    }

    #[test]
    fn rest_estimate_ranges_every_strided_sample() {
        // Long enough for a stride of 2, a short last window (left out of the
        // windows, not of the range), and non-finite samples.
        for n in [3000, 131_072 + 37, 131_072 + 180] {
            let mut s = VectorStream::default();
            for i in 0..n {
                let t = i as f64 / 100.0;
                let v = if i % 977 == 5 {
                    f64::NAN
                } else {
                    (t * 11.3).sin() * 3.0
                };
                s.push(t, [0.1 * v, 0.2, 9.8 + v]);
            }
            let stride = (n / (1 << 16)).max(1);
            let mut all: Vec<f64> = (0..n)
                .step_by(stride)
                .map(|i| s.norm(i))
                .filter(|m| m.is_finite())
                .collect();
            let p95_index = ((all.len() as f64 - 1.0) * 0.95).round() as usize;
            let p95 = *all.select_nth_unstable_by(p95_index, f64::total_cmp).1;
            let rest = rest_magnitude_at_rate(&s, Some(100.0)).unwrap();
            assert_eq!(rest.p95_magnitude, p95);
            assert_eq!(rest.median_magnitude, median(&mut all));
        }
    }

    fn walking_like(scale: f64, with_gravity: bool) -> VectorStream {
        let mut s = VectorStream::default();
        for i in 0..3000 {
            let t = i as f64 / 100.0;
            let moving = t > 10.0;
            let dynamic = if moving {
                2.0 * (t * 2.0 * std::f64::consts::PI * 1.8).sin()
            } else {
                0.0
            };
            let g = if with_gravity { STANDARD_GRAVITY } else { 0.0 };
            let noise = 0.01 * ((i * 7919) % 13) as f64 / 13.0;
            s.push(
                t,
                [
                    noise * scale,
                    dynamic * 0.3 * scale,
                    (g + dynamic + noise) * scale,
                ],
            );
        }
        s
    }

    #[test]
    fn units_from_headers() {
        assert_eq!(unit_in_header("x-axis (g)"), Some(Unit::G));
        assert_eq!(unit_in_header("X [mg]"), Some(Unit::MilliG));
        assert_eq!(
            unit_in_header("ACCELEROMETER X (m/s²)"),
            Some(Unit::MetrePerSecond2)
        );
        assert_eq!(
            unit_in_header("accelerometerAccelerationX(G)"),
            Some(Unit::G)
        );
        assert_eq!(
            unit_in_header("gyroRotationX(rad/s)"),
            Some(Unit::RadianPerSecond)
        );
        assert_eq!(unit_in_header("X [dps]"), Some(Unit::DegreePerSecond));
        assert_eq!(unit_in_header("Gyro (deg/s)"), Some(Unit::DegreePerSecond));
        assert_eq!(parse_unit_text("m/(s^2)"), Some(Unit::MetrePerSecond2));
        assert_eq!(unit_in_header("acc_x"), None);
        assert_eq!(normalize_header("  \"Time  (s)\" "), "time (s)");
    }

    #[test]
    fn infers_acc_units_from_rest() {
        for (scale, unit) in [
            (1.0, Unit::MetrePerSecond2),
            (1.0 / STANDARD_GRAVITY, Unit::G),
            (1000.0 / STANDARD_GRAVITY, Unit::MilliG),
            (64.0 / STANDARD_GRAVITY, Unit::SixtyFourthG),
        ] {
            let inference = infer_acc_unit(&walking_like(scale, true));
            assert_eq!(inference.unit, Some(unit), "{}", inference.reason);
            assert!(!inference.gravity_absent);
        }
        // Continuous movement without a still period still gets its unit.
        let mut moving = VectorStream::default();
        for i in 0..2000 {
            let t = i as f64 / 100.0;
            moving.push(
                t,
                [3.0 * (t * 11.0).sin(), 0.0, 13.0 + 4.0 * (t * 7.0).cos()],
            );
        }
        let inference = infer_acc_unit(&moving);
        assert_eq!(
            inference.unit,
            Some(Unit::MetrePerSecond2),
            "{}",
            inference.reason
        );
        let linear = infer_acc_unit(&walking_like(1.0, false));
        assert!(linear.gravity_absent, "{}", linear.reason);
        assert_eq!(linear.unit, Some(Unit::MetrePerSecond2));
    }

    #[test]
    fn infers_gyro_units_from_range() {
        let mut s = VectorStream::default();
        for i in 0..1000 {
            let t = i as f64 / 100.0;
            s.push(t, [3.0 * (t * 11.0).sin(), 0.0, 0.0]);
        }
        assert_eq!(infer_gyro_unit(&s).0, Some(Unit::RadianPerSecond));
        s.scale(180.0 / std::f64::consts::PI);
        assert_eq!(infer_gyro_unit(&s).0, Some(Unit::DegreePerSecond));
    }
}
