//! Preparation: from a [`Recording`]'s independent, irregular streams to
//! segments on one uniform time grid.
//!
//! Packed duplicate timestamps are spread evenly, samples whose clock steps
//! backwards are dropped, jitter disappears by interpolation onto the grid,
//! short gaps (≤ `max_bridge_s`) are bridged by interpolation, and longer
//! gaps split the recording into segments. Downsampling low-passes first
//! (zero-phase Butterworth) so steps are not aliased.

use crate::dsp::filter::Butterworth;
use crate::dsp::resample::{interpolate_linear, interpolate_linear_axes};
use crate::error::{Error, Result};
use crate::recording::{median_positive_interval, Gap, Recording, VectorStream};
use serde::Serialize;
use std::borrow::Cow;

/// Longest interval of a slow clock bridged by interpolation, s (beyond `max_bridge_s`):
/// a source slower than 0.1 Hz is not put on a grid.
const MAX_CLOCK_BRIDGE_S: f64 = 10.0;

/// The intermediate uniform grid used before low-passing holds at most this many
/// samples per source sample.
const MAX_UNIFORM_PER_SAMPLE: f64 = 4.0;

/// The note for a stream that is low-passed before resampling (its rate
/// above the grid's by more than 5 %), or `None` when it is not.
pub(crate) fn anti_alias_note(
    name: &str,
    source_rate_hz: f64,
    grid_rate_hz: f64,
) -> Option<String> {
    (source_rate_hz > grid_rate_hz * 1.05).then(|| {
        format!(
            "{name}: {source_rate_hz:.1} Hz is low-passed at {:.0} Hz before resampling to {grid_rate_hz} Hz",
            0.4 * grid_rate_hz
        )
    })
}

/// Parameters of [`prepare`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrepareOptions {
    /// Rate of the output grid, Hz (default 100).
    pub rate_hz: f64,
    /// Longest gap bridged by interpolation, s (default 0.5); longer gaps split segments.
    ///
    /// 0.5 s is one step at a usual cadence (120 steps/min), so a bridged hole
    /// hides at most one contact, and the walk around it stays one stretch of
    /// signal: splitting at every packet loss also loses the filters' and the
    /// rhythm's context on both sides (ipol 7-3, lower back: 0.2–0.65-s Bluetooth
    /// losses cut one walk into 13 segments and 7 of its 18 contacts were lost
    /// with a 0.1-s limit, 3 with this one; ipol lower back cadence MAE 1.84 →
    /// 1.60 steps/min, the same for limits of 0.3–0.5 s).
    pub max_bridge_s: f64,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            rate_hz: 100.0,
            max_bridge_s: 0.5,
        }
    }
}

/// A stretch of the recording on the uniform grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Time of the first grid sample, s since the recording's first sample
    /// (a multiple of the grid interval).
    pub start_s: f64,
    /// Accelerometer x, y, z, m/s².
    pub acc: [Vec<f64>; 3],
    /// Gyroscope x, y, z, rad/s, when the recording has one.
    pub gyro: Option<[Vec<f64>; 3]>,
    /// The device's gravity estimate, m/s², when the recording has one.
    pub gravity: Option<[Vec<f64>; 3]>,
}

impl Segment {
    /// Number of grid samples.
    pub fn len(&self) -> usize {
        self.acc[0].len()
    }

    /// True when the segment has no sample.
    pub fn is_empty(&self) -> bool {
        self.acc[0].is_empty()
    }
}

/// What preparation did, for the provenance.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PrepareReport {
    /// Samples whose packed timestamps were spread.
    pub depacked_samples: usize,
    /// Samples dropped because their clock went backwards.
    pub dropped_backward_samples: usize,
    /// Gaps bridged by interpolation.
    pub bridged_gaps: usize,
    /// Gaps that split the recording.
    pub split_gaps: Vec<Gap>,
    /// True when a stream was low-passed before downsampling.
    pub anti_aliased: bool,
    /// Plain-language notes.
    pub notes: Vec<String>,
}

/// A recording on a uniform grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Grid rate, Hz.
    pub rate_hz: f64,
    /// Segments separated by long gaps, in time order.
    pub segments: Vec<Segment>,
    /// What was done.
    pub report: PrepareReport,
}

/// Where the grid segments will be, without resampling: what `inspect`
/// reports (cheap: timestamps only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Grid rate, Hz.
    pub rate_hz: f64,
    /// Segments as (start time s, number of grid samples).
    pub segments: Vec<PlannedSegment>,
    /// What preparation will do.
    pub report: PrepareReport,
}

/// One planned segment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlannedSegment {
    /// Time of the first grid sample, s.
    pub start_s: f64,
    /// Number of grid samples.
    pub samples: usize,
}

/// A stream's timestamps after cleaning, and which samples survived.
struct CleanTimes<'a> {
    /// Borrowed when the clock needed no repair (the common case: no copy).
    time_s: std::borrow::Cow<'a, [f64]>,
    /// `Some` when samples were dropped: the kept indices' mask.
    keep: Option<Vec<bool>>,
    /// The median positive interval of `time_s`, s (found once: planning,
    /// gap splitting and resampling all ask for it).
    typical_s: Option<f64>,
}

impl CleanTimes<'_> {
    /// The stream's values for the kept samples.
    fn values<'v>(&self, axis: &'v [f64]) -> std::borrow::Cow<'v, [f64]> {
        match &self.keep {
            None => std::borrow::Cow::Borrowed(axis),
            Some(keep) => std::borrow::Cow::Owned(
                axis.iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| *v)
                    .collect(),
            ),
        }
    }
}

/// Plans the grid segments of a recording.
pub fn plan(recording: &Recording, options: &PrepareOptions) -> Result<Plan> {
    check_options(options)?;
    let mut report = PrepareReport::default();
    let (acc, gyro) = clean_motion_times(recording, &mut report);
    let segments = grid_segments(&acc, gyro.as_ref(), options, &mut report);
    for (name, times) in [("accelerometer", Some(&acc)), ("gyroscope", gyro.as_ref())] {
        let Some(times) = times else { continue };
        let source_rate = 1.0 / times.typical_s.unwrap_or(1.0 / options.rate_hz);
        if let Some(note) = anti_alias_note(name, source_rate, options.rate_hz) {
            report.anti_aliased = true;
            report.notes.push(note);
        }
    }
    Ok(Plan {
        rate_hz: options.rate_hz,
        segments,
        report,
    })
}

/// Cleaned timestamps of the accelerometer and (when present) the gyroscope.
fn clean_motion_times<'a>(
    recording: &'a Recording,
    report: &mut PrepareReport,
) -> (CleanTimes<'a>, Option<CleanTimes<'a>>) {
    let acc = clean_times(&recording.accelerometer.time_s, "accelerometer", report);
    let gyro = recording
        .gyroscope
        .as_ref()
        .map(|g| clean_times(&g.time_s, "gyroscope", report));
    (acc, gyro)
}

fn check_options(options: &PrepareOptions) -> Result<()> {
    if !(options.rate_hz.is_finite() && options.rate_hz > 0.0 && options.rate_hz <= 10_000.0) {
        return Err(Error::option(
            "--resample",
            format!(
                "{} is not a rate in Hz (expected 0 < rate <= 10000)",
                options.rate_hz
            ),
        ));
    }
    if !(options.max_bridge_s.is_finite() && options.max_bridge_s >= 0.0) {
        return Err(Error::option(
            "--max-bridge",
            format!("{} is not a duration in s", options.max_bridge_s),
        ));
    }
    Ok(())
}

/// Puts a recording's accelerometer, gyroscope and gravity streams on one grid.
pub fn prepare(recording: &Recording, options: &PrepareOptions) -> Result<Prepared> {
    prepare_streams(
        Cow::Borrowed(&recording.accelerometer),
        recording.gyroscope.as_ref().map(Cow::Borrowed),
        recording.gravity.as_ref().map(Cow::Borrowed),
        || recording.sources.first().cloned().unwrap_or_default(),
        options,
    )
}

/// [`prepare`], taking the recording: each raw stream is freed as soon as it is
/// on the grid, so the next stream's grid can reuse its memory (the raw streams
/// and the whole grid are never held at once). Same results.
pub fn prepare_owned(recording: Recording, options: &PrepareOptions) -> Result<Prepared> {
    let Recording {
        accelerometer,
        gyroscope,
        gravity,
        sources,
        ..
    } = recording;
    prepare_streams(
        Cow::Owned(accelerometer),
        gyroscope.map(Cow::Owned),
        gravity.map(Cow::Owned),
        || sources.first().cloned().unwrap_or_default(),
        options,
    )
}

/// [`prepare`] of the motion streams, borrowed or owned (owned ones are freed
/// once resampled); `source` names the file for an error.
fn prepare_streams(
    accelerometer: Cow<'_, VectorStream>,
    gyroscope: Option<Cow<'_, VectorStream>>,
    gravity: Option<Cow<'_, VectorStream>>,
    source: impl FnOnce() -> std::path::PathBuf,
    options: &PrepareOptions,
) -> Result<Prepared> {
    check_options(options)?;
    let mut report = PrepareReport::default();
    // Options, like the other two streams, for the moves at the end.
    let accelerometer = Some(accelerometer);
    let acc_times = accelerometer
        .as_ref()
        .map(|acc| clean_times(&acc.time_s, "accelerometer", &mut report));
    let gyro_times = gyroscope
        .as_ref()
        .map(|g| clean_times(&g.time_s, "gyroscope", &mut report));
    let gravity_times = gravity
        .as_ref()
        .map(|g| clean_times(&g.time_s, "gravity", &mut report));
    let planned = match &acc_times {
        Some(acc_times) => grid_segments(acc_times, gyro_times.as_ref(), options, &mut report),
        None => Vec::new(),
    };
    if planned.is_empty() {
        return Err(Error::data(
            source(),
            "no stretch of the recording is long enough to put on the time grid",
        ));
    }
    let dt = 1.0 / options.rate_hz;
    // One stream at a time over all segments (resampling only ever sets the
    // report's anti-aliasing flag: the order does not matter), each freed after.
    let mut resample_all = |stream: &VectorStream, times: &CleanTimes| -> Vec<[Vec<f64>; 3]> {
        planned
            .iter()
            .map(|segment| {
                resample_axes(
                    stream,
                    times,
                    segment.start_s,
                    dt,
                    segment.samples,
                    &mut report,
                )
            })
            .collect()
    };
    // A stream already on the grid is moved, not interpolated (its times,
    // which borrow it, are dropped first); any other is resampled, then freed.
    macro_rules! to_grid {
        ($stream:ident, $times:ident) => {{
            let offset = $stream
                .as_ref()
                .zip($times.as_ref())
                .filter(|(stream, _)| matches!(stream, Cow::Owned(_)))
                .and_then(|(stream, times)| on_grid_offset(stream, times, &planned, dt));
            match offset {
                Some(offset) => {
                    drop($times);
                    $stream.map(|stream| vec![take_axes(stream.into_owned(), offset, &planned)])
                }
                None => {
                    let axes = $stream
                        .as_ref()
                        .zip($times.as_ref())
                        .map(|(stream, times)| resample_all(stream, times));
                    drop($times);
                    drop($stream);
                    axes
                }
            }
        }};
    }
    let acc = to_grid!(accelerometer, acc_times).unwrap_or_default();
    let mut gyro = to_grid!(gyroscope, gyro_times).map(Vec::into_iter);
    let mut gravity_axes = to_grid!(gravity, gravity_times).map(Vec::into_iter);
    let segments = planned
        .iter()
        .zip(acc)
        .map(|(planned, acc)| Segment {
            start_s: planned.start_s,
            acc,
            gyro: gyro.as_mut().and_then(Iterator::next),
            gravity: gravity_axes.as_mut().and_then(Iterator::next),
        })
        .collect();
    Ok(Prepared {
        rate_hz: options.rate_hz,
        segments,
        report,
    })
}

/// How far a grid time may sit from its sample's time, as a fraction of the
/// grid interval, for the sample to count as on the grid. Interpolating there
/// would change a value by at most this share of one sample-to-sample change.
const ON_GRID_TOLERANCE: f64 = 1e-6;

/// The index of the stream's sample at the grid's first time when the stream
/// fills the only grid segment with one untouched sample per grid time (lab
/// exports and sample-counter clocks): the grid is then the samples
/// themselves.
fn on_grid_offset(
    stream: &VectorStream,
    times: &CleanTimes,
    planned: &[PlannedSegment],
    dt: f64,
) -> Option<usize> {
    let [segment] = planned else {
        return None;
    };
    if times.keep.is_some() || matches!(times.time_s, Cow::Owned(_)) {
        return None;
    }
    let tolerance = ON_GRID_TOLERANCE * dt;
    let offset = stream
        .time_s
        .partition_point(|&t| t < segment.start_s - tolerance);
    let on_grid = stream.time_s.get(offset..offset + segment.samples)?;
    on_grid
        .iter()
        .enumerate()
        .all(|(k, &t)| (t - (segment.start_s + k as f64 * dt)).abs() <= tolerance)
        .then_some(offset)
}

/// The axes of `stream` from sample `offset` for the only planned segment.
fn take_axes(stream: VectorStream, offset: usize, planned: &[PlannedSegment]) -> [Vec<f64>; 3] {
    let samples = planned.first().map_or(0, |segment| segment.samples);
    let VectorStream { x, y, z, .. } = stream;
    [x, y, z].map(|mut axis| {
        axis.drain(..offset.min(axis.len()));
        axis.truncate(samples);
        axis
    })
}

/// Grid segments covered by the accelerometer (and gyroscope, when present).
fn grid_segments(
    acc: &CleanTimes,
    gyro: Option<&CleanTimes>,
    options: &PrepareOptions,
    report: &mut PrepareReport,
) -> Vec<PlannedSegment> {
    let split_threshold = |times: &CleanTimes| {
        let typical = times.typical_s.unwrap_or(0.01);
        // A slow clock's own intervals are bridged, but never one longer than
        // MAX_CLOCK_BRIDGE_S: a grid over days between two samples would be invented
        // (and would not fit in memory).
        options
            .max_bridge_s
            .max((2.5 * typical).min(MAX_CLOCK_BRIDGE_S))
    };
    let mut intervals = covered(acc, split_threshold(acc), report);
    if let Some(g) = gyro {
        // The gyroscope usually misses the same stretches: count only its own gaps.
        let mut gyro_report = PrepareReport::default();
        let gyro_intervals = covered(g, split_threshold(g), &mut gyro_report);
        for gap in gyro_report.split_gaps {
            let known = report
                .split_gaps
                .iter()
                .any(|g| (g.start_s - gap.start_s).abs() < gap.duration_s.max(g.duration_s));
            if !known {
                report.split_gaps.push(gap);
            }
        }
        report.bridged_gaps = report.bridged_gaps.max(gyro_report.bridged_gaps);
        intervals = intersect(&intervals, &gyro_intervals);
    }
    let dt = 1.0 / options.rate_hz;
    let segments: Vec<PlannedSegment> = intervals
        .into_iter()
        .filter_map(|(a, b)| {
            let first = (a * options.rate_hz - 1e-9).ceil();
            let last = (b * options.rate_hz + 1e-9).floor();
            (last >= first + 1.0).then(|| PlannedSegment {
                start_s: first * dt,
                samples: (last - first) as usize + 1,
            })
        })
        .collect();
    if !report.split_gaps.is_empty() {
        report.notes.push(format!(
            "{} gap(s) longer than {} s split the recording into {} segments",
            report.split_gaps.len(),
            options.max_bridge_s,
            segments.len()
        ));
    }
    segments
}

/// Drops samples whose clock steps back and spreads packed duplicate timestamps.
fn clean_times<'a>(time_s: &'a [f64], name: &str, report: &mut PrepareReport) -> CleanTimes<'a> {
    if time_s.windows(2).all(|w| w[1] > w[0]) {
        return CleanTimes {
            time_s: std::borrow::Cow::Borrowed(time_s),
            keep: None,
            typical_s: median_positive_interval(time_s),
        };
    }
    let mut keep: Option<Vec<bool>> = None;
    let mut out = Vec::with_capacity(time_s.len());
    for (i, &t) in time_s.iter().enumerate() {
        if out.last().is_some_and(|last: &f64| t < *last) {
            keep.get_or_insert_with(|| vec![true; time_s.len()])[i] = false;
            continue;
        }
        out.push(t);
    }
    let dropped = time_s.len() - out.len();
    if dropped > 0 {
        report.dropped_backward_samples += dropped;
        report.notes.push(format!(
            "{name}: {dropped} samples with a backward timestamp dropped"
        ));
    }
    let typical = median_positive_interval(&out).unwrap_or(0.01);
    let n = out.len();
    let mut depacked = 0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && out[j] == out[i] {
            j += 1;
        }
        let run = j - i;
        if run > 1 {
            // The packet's samples span until the next packet (the last one: one
            // typical interval between distinct timestamps, i.e. one packet).
            let next = if j < n { out[j] } else { out[i] + typical };
            let step = (next - out[i]) / run as f64;
            for k in 1..run {
                out[i + k] = out[i] + step * k as f64;
            }
            depacked += run - 1;
        }
        i = j;
    }
    if depacked > 0 {
        report.depacked_samples += depacked;
        report.notes.push(format!(
            "{name}: {depacked} samples shared a timestamp (packed); spread evenly to the next packet"
        ));
    }
    let typical_s = median_positive_interval(&out);
    CleanTimes {
        time_s: std::borrow::Cow::Owned(out),
        keep,
        typical_s,
    }
}

/// Time intervals covered by samples, split at gaps longer than `split_s`.
fn covered(times: &CleanTimes, split_s: f64, report: &mut PrepareReport) -> Vec<(f64, f64)> {
    let time_s: &[f64] = &times.time_s;
    let typical = times.typical_s.unwrap_or(0.01);
    let mut intervals = Vec::new();
    let (Some(&first), Some(&last)) = (time_s.first(), time_s.last()) else {
        return intervals;
    };
    let mut start = first;
    for w in time_s.windows(2) {
        let step = w[1] - w[0];
        if step > split_s {
            intervals.push((start, w[0]));
            report.split_gaps.push(Gap {
                start_s: w[0],
                duration_s: step,
            });
            start = w[1];
        } else if step > 1.5 * typical {
            report.bridged_gaps += 1;
        }
    }
    intervals.push((start, last));
    intervals
}

/// Intersection of two sorted interval lists.
fn intersect(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].0.max(b[j].0);
        let end = a[i].1.min(b[j].1);
        if end > start {
            out.push((start, end));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Interpolates a stream's axes onto `n` grid times from `start_s`,
/// low-passing first when the stream is sampled faster than the grid.
fn resample_axes(
    stream: &VectorStream,
    times: &CleanTimes,
    start_s: f64,
    dt: f64,
    n: usize,
    report: &mut PrepareReport,
) -> [Vec<f64>; 3] {
    let time_s = &times.time_s;
    let typical = times.typical_s.unwrap_or(dt);
    let source_rate = 1.0 / typical;
    let target_rate = 1.0 / dt;
    let downsampling = source_rate > target_rate * 1.05;
    // Only the samples around this segment.
    let lo = time_s.partition_point(|t| *t < start_s - 2.0 * typical);
    let hi = time_s.partition_point(|t| *t <= start_s + (n as f64) * dt + 2.0 * typical);
    let times_here = &time_s[lo..hi];
    let mut axes: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    if !downsampling {
        // The axes share their times: each grid time is located once for all three.
        if !times_here.is_empty() {
            let values = stream.axes().map(|axis| times.values(axis));
            let [x, y, z] = &mut axes;
            interpolate_linear_axes(
                times_here,
                [&values[0][lo..hi], &values[1][lo..hi], &values[2][lo..hi]],
                start_s,
                dt,
                n,
                [x, y, z],
            );
        }
        return axes;
    }
    for (out, axis) in axes.iter_mut().zip(stream.axes()) {
        let values = times.values(axis);
        let values = &values[lo..hi];
        let (Some(&first), Some(&last)) = (times_here.first(), times_here.last()) else {
            continue;
        };
        // The median interval of a jittery packed clock (samples 1 ns apart in
        // packets 50 ms apart) is far shorter than the mean one: the uniform grid
        // keeps to a few points per sample.
        let uniform_dt =
            typical.max((last - first) / (MAX_UNIFORM_PER_SAMPLE * times_here.len() as f64));
        // Uniform at the source rate first (removes jitter), then low-pass.
        let count = ((last - first) / uniform_dt).floor() as usize + 1;
        let mut uniform = Vec::with_capacity(count);
        interpolate_linear(times_here, values, first, uniform_dt, count, &mut uniform);
        let filtered = Butterworth::lowpass(4, 0.4 * target_rate, 1.0 / uniform_dt)
            .ok()
            .and_then(|filter| filter.filtfilt(&uniform).ok());
        match filtered {
            Some(filtered) => {
                report.anti_aliased = true;
                let uniform_times: Vec<f64> = (0..filtered.len())
                    .map(|k| first + k as f64 * uniform_dt)
                    .collect();
                interpolate_linear(&uniform_times, &filtered, start_s, dt, n, out);
            }
            None => interpolate_linear(times_here, values, start_s, dt, n, out),
        }
    }
    axes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(acc: VectorStream, gyro: Option<VectorStream>) -> Recording {
        Recording::from_streams(acc, gyro)
    }

    fn sine(rate: f64, seconds: f64, freq: f64) -> VectorStream {
        let mut s = VectorStream::default();
        let n = (rate * seconds) as usize;
        for i in 0..n {
            let t = i as f64 / rate;
            let v = (2.0 * std::f64::consts::PI * freq * t).sin();
            s.push(t, [v, 0.0, 9.81]);
        }
        s
    }

    #[test]
    fn downsampling_keeps_gait_band_and_removes_aliases() {
        let slow = prepare(
            &recording(sine(400.0, 10.0, 2.0), None),
            &PrepareOptions::default(),
        )
        .unwrap();
        assert!(slow.report.anti_aliased);
        let x = &slow.segments[0].acc[0];
        let peak = x[100..900].iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!((peak - 1.0).abs() < 0.02, "{peak}");
        // 90 Hz would alias to 10 Hz at 100 Hz without the low-pass.
        let fast = prepare(
            &recording(sine(400.0, 10.0, 90.0), None),
            &PrepareOptions::default(),
        )
        .unwrap();
        let x = &fast.segments[0].acc[0];
        let residual = x[100..900].iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(residual < 0.05, "{residual}");
    }

    #[test]
    fn packed_timestamps_are_spread() {
        let mut s = VectorStream::default();
        for packet in 0..50 {
            for _ in 0..3 {
                s.push(packet as f64 * 0.03, [0.0, 0.0, 9.81]);
            }
        }
        let prepared = prepare(&recording(s, None), &PrepareOptions::default()).unwrap();
        assert_eq!(prepared.report.depacked_samples, 100);
        assert_eq!(prepared.segments.len(), 1);
        assert!(prepared.report.split_gaps.is_empty());
    }

    #[test]
    fn long_gaps_split_and_short_gaps_bridge() {
        let mut s = VectorStream::default();
        for i in 0..1000 {
            let mut t = i as f64 * 0.01;
            if i >= 500 {
                t += 1.0; // a 1-s gap
            }
            if (300..305).contains(&i) {
                continue; // a 60-ms gap
            }
            s.push(t, [0.0, 0.0, 9.81]);
        }
        let prepared = prepare(&recording(s, None), &PrepareOptions::default()).unwrap();
        assert_eq!(prepared.segments.len(), 2);
        assert_eq!(prepared.report.bridged_gaps, 1);
        assert_eq!(prepared.report.split_gaps.len(), 1);
        assert!((prepared.segments[1].start_s - 6.0).abs() < 1e-9);
        assert_eq!(prepared.segments[0].len(), 500);
    }

    #[test]
    fn streams_are_intersected_and_on_the_grid() {
        let acc = sine(100.0, 5.0, 1.0);
        let mut gyro = sine(100.0, 5.0, 1.0);
        gyro.shift_time(0.503);
        let prepared = prepare(
            &recording(acc, Some(gyro)),
            &PrepareOptions {
                rate_hz: 50.0,
                ..Default::default()
            },
        )
        .unwrap();
        let segment = &prepared.segments[0];
        assert!((segment.start_s - 0.52).abs() < 1e-9, "{}", segment.start_s);
        assert_eq!(segment.gyro.as_ref().unwrap()[0].len(), segment.len());
    }

    #[test]
    fn samples_on_the_grid_are_moved_and_others_interpolated() {
        let options = PrepareOptions {
            rate_hz: 100.0,
            ..Default::default()
        };
        // The gyroscope starts 0.5 s later: the grid starts at the accelerometer's 51st sample.
        let acc = sine(100.0, 5.0, 1.0);
        let mut gyro = sine(100.0, 4.0, 1.0);
        gyro.shift_time(0.5);
        let values = acc.x.clone();
        let moved = prepare_owned(recording(acc, Some(gyro.clone())), &options).unwrap();
        let segment = &moved.segments[0];
        assert!((segment.start_s - 0.5).abs() < 1e-12, "{}", segment.start_s);
        assert_eq!(segment.acc[0], values[50..segment.len() + 50]);
        assert_eq!(segment.gyro.as_ref().unwrap()[0], gyro.x[..segment.len()]);
        // Half a sample off the grid: every value is interpolated.
        let mut off_grid = sine(100.0, 5.0, 1.0);
        off_grid.shift_time(0.005);
        let values = off_grid.x.clone();
        let shifted = prepare_owned(recording(off_grid, None), &options).unwrap();
        let segment = &shifted.segments[0];
        assert!(
            (segment.start_s - 0.01).abs() < 1e-12,
            "{}",
            segment.start_s
        );
        let midpoint = 0.5 * (values[0] + values[1]);
        assert!((segment.acc[0][0] - midpoint).abs() < 1e-12);
        // The borrowed path interpolates the on-grid stream to the same values.
        let borrowed = prepare(&recording(sine(100.0, 5.0, 1.0), Some(gyro)), &options).unwrap();
        for (a, b) in borrowed.segments[0].acc[0]
            .iter()
            .zip(&moved.segments[0].acc[0])
        {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }
}
