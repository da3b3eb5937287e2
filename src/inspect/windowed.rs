//! `inspect` of a long file read in windows ([`ChunkedReader`]): every
//! window's facts are merged into one report in bounded memory.
//!
//! Windows are read back to back (no overlap), so each sample is seen once
//! and a stream's facts are tallied as one pass over its samples, carrying
//! the last time across window boundaries (an interval that straddles a
//! boundary is counted once, like any other). How each field merges:
//! - counts, first/last times, duplicate and backward timestamps: exact;
//! - measured rate: the same rule as a whole read ([`rate_from_intervals`])
//!   on every 2^k-th interval of the stream (k grows as the stream does, so
//!   at most [`MAX_KEPT_INTERVALS`] are kept). A whole read uses every
//!   ⌊n / 2^16⌋-th: both take every interval up to 131 071 samples (equal
//!   results), beyond that both are ≥ 2^16 evenly spaced intervals;
//! - gaps: each window keeps the intervals over half the gap threshold of
//!   its own median interval as candidates; at the end those over 3 × the
//!   stream's merged median interval are the gaps (exact unless a window's
//!   median is over twice the stream's; the report warns then);
//! - gravity at rest: the 1-s windows of |a| continue across boundaries (a
//!   window's partial second is completed by the next), each second's mean
//!   and spread are kept (16 bytes a second) and the quietest tenth's medians
//!   are taken as [`rest_magnitude`] does: equal to a whole read when the
//!   first window's rate rounds like the whole stream's (it sets the length
//!   of a second in samples);
//! - the grid plan: each window's [`plan`], joined where windows meet (the
//!   last and first segments become one unless the interval between the
//!   windows splits them); clean-up counts and notes come from the tallies.
//!   Bridged gaps add up over windows (a whole read takes the larger of the
//!   accelerometer's and gyroscope's counts: the same when both share the
//!   table's rows, as in every single-table format) and split gaps are listed
//!   window by window (a whole read lists the accelerometer's, then the
//!   gyroscope's own: the same order when they share rows);
//! - decisions: the first window's (it decides the units for all), plus
//!   topics only later windows raise; warnings: deduplicated.
//!
//! [`rest_magnitude`]: crate::io::units::rest_magnitude

use super::{
    stream_info_from_parts, FormatInfo, GapSummary, GravityInfo, InspectReport, StreamInfo,
    WindowedRead, GAPS_LISTED, GAP_FACTOR,
};
use crate::error::Result;
use crate::io::chunks::ChunkedReader;
use crate::prepare::{plan, Plan, PlannedSegment, PrepareOptions, PrepareReport};
use crate::recording::{
    median_positive_interval, rate_from_intervals, Decision, DecisionSource, Gap, Recording,
    StreamKind, VectorStream,
};

/// Most intervals a stream keeps for its measured rate (a whole read's
/// stride is 1 below 131 072 samples: keeping up to this many matches it).
pub const MAX_KEPT_INTERVALS: usize = 131_070;

/// Most gap candidates kept per stream; beyond it the shortest half is dropped.
const MAX_GAP_CANDIDATES: usize = 1 << 20;

/// Most warnings listed (later windows repeat the first's or add few).
const MAX_WARNINGS: usize = 50;

/// The longest interval a slow clock's grid bridges, s (as `prepare`).
const MAX_CLOCK_BRIDGE_S: f64 = 10.0;

/// Every `every`-th interval of a stream, `every` a power of two.
#[derive(Debug, Default)]
struct IntervalSample {
    kept: Vec<f64>,
    every: usize,
    seen: usize,
}

impl IntervalSample {
    fn push(&mut self, interval: f64) {
        let every = self.every.max(1);
        if self.seen % every == 0 {
            self.kept.push(interval);
            if self.kept.len() > MAX_KEPT_INTERVALS {
                // Keep the intervals at multiples of twice the stride.
                let mut i = 0;
                self.kept.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
                self.every = every * 2;
            }
        }
        self.seen += 1;
    }
}

/// One stream's facts so far.
#[derive(Debug)]
struct StreamTally {
    kind: StreamKind,
    samples: usize,
    first_s: Option<f64>,
    last_s: Option<f64>,
    nominal_rate_hz: Option<f64>,
    duplicates: usize,
    backward: usize,
    intervals: IntervalSample,
    /// Intervals that may be gaps, in time order.
    gap_candidates: Vec<Gap>,
    /// The largest candidate threshold any window used, s.
    candidate_threshold_s: f64,
    /// Candidates this long or shorter may have been dropped (memory cap), s.
    dropped_below_s: f64,
    /// The last time kept by `prepare`'s clean-up (backward samples dropped).
    last_kept_s: Option<f64>,
    /// Samples `prepare` drops (their clock steps back).
    dropped_backward: usize,
    /// Samples `prepare` spreads (they share the previous kept timestamp).
    depacked: usize,
}

impl StreamTally {
    fn new(kind: StreamKind) -> StreamTally {
        StreamTally {
            kind,
            samples: 0,
            first_s: None,
            last_s: None,
            nominal_rate_hz: None,
            duplicates: 0,
            backward: 0,
            intervals: IntervalSample::default(),
            gap_candidates: Vec::new(),
            candidate_threshold_s: 0.0,
            dropped_below_s: 0.0,
            last_kept_s: None,
            dropped_backward: 0,
            depacked: 0,
        }
    }

    fn add(&mut self, stream: &VectorStream) {
        self.nominal_rate_hz = self.nominal_rate_hz.or(stream.nominal_rate_hz);
        // Half the gap threshold of this window's own clock: the stream's
        // threshold, known only at the end, is kept unless the clock changes.
        let candidate_s = median_positive_interval(&stream.time_s)
            .map_or(0.0, |typical| GAP_FACTOR * typical / 2.0);
        self.candidate_threshold_s = self.candidate_threshold_s.max(candidate_s);
        for &t in &stream.time_s {
            if let Some(previous) = self.last_s {
                let interval = t - previous;
                self.intervals.push(interval);
                if t == previous {
                    self.duplicates += 1;
                } else if t < previous {
                    self.backward += 1;
                }
                if interval > candidate_s {
                    self.gap_candidates.push(Gap {
                        start_s: previous,
                        duration_s: interval,
                    });
                }
            }
            match self.last_kept_s {
                Some(kept) if t < kept => self.dropped_backward += 1,
                Some(kept) if t == kept => self.depacked += 1,
                _ => self.last_kept_s = Some(t),
            }
            self.first_s.get_or_insert(t);
            self.last_s = Some(t);
            self.samples += 1;
        }
        if self.gap_candidates.len() > MAX_GAP_CANDIDATES {
            self.drop_shortest_candidates();
        }
    }

    /// Keeps the longer half of the gap candidates (memory cap).
    fn drop_shortest_candidates(&mut self) {
        let candidates = &mut self.gap_candidates;
        candidates.sort_by(|a, b| b.duration_s.total_cmp(&a.duration_s));
        let keep = candidates.len() / 2;
        if let Some(longest_dropped) = candidates.get(keep) {
            self.dropped_below_s = self.dropped_below_s.max(longest_dropped.duration_s);
        }
        candidates.truncate(keep);
        candidates.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    }

    /// The stream's median positive interval (as a whole read's, see the module docs).
    fn typical_s(&self) -> Option<f64> {
        median_positive_interval_of(&self.intervals.kept)
    }

    /// The stream's summary, and a warning when its gaps may be incomplete.
    fn finish(&self) -> (StreamInfo, Option<String>) {
        let threshold = self.typical_s().map(|t| GAP_FACTOR * t);
        let gaps: Vec<Gap> = match threshold {
            Some(threshold) => self
                .gap_candidates
                .iter()
                .filter(|g| g.duration_s > threshold)
                .copied()
                .collect(),
            None => Vec::new(),
        };
        let incomplete = threshold.is_some_and(|threshold| {
            threshold < self.candidate_threshold_s || threshold <= self.dropped_below_s
        });
        let warning = incomplete.then(|| {
            format!(
                "{}: its clock changes along the file, so gaps shorter than {:.3} s may be missing from the counts (the file was read in windows)",
                self.kind.name(),
                self.candidate_threshold_s.max(self.dropped_below_s)
            )
        });
        let info = stream_info_from_parts(
            self.kind,
            self.samples,
            (self.first_s.unwrap_or(0.0), self.last_s.unwrap_or(0.0)),
            self.nominal_rate_hz,
            rate_from_intervals(&self.intervals.kept),
            (self.duplicates, self.backward),
            gap_summary(gaps),
        );
        (info, warning)
    }
}

fn median_positive_interval_of(intervals: &[f64]) -> Option<f64> {
    let mut positive: Vec<f64> = intervals
        .iter()
        .copied()
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    if positive.is_empty() {
        return None;
    }
    let mid = positive.len() / 2;
    let (_, median, _) = positive.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*median)
}

fn gap_summary(gaps: Vec<Gap>) -> GapSummary {
    GapSummary {
        count: gaps.len(),
        longest_s: gaps.iter().map(|g| g.duration_s).fold(0.0, f64::max),
        total_s: gaps.iter().map(|g| g.duration_s).sum(),
        first: gaps.into_iter().take(GAPS_LISTED).collect(),
    }
}

/// |a| in 1-s windows across the whole accelerometer stream, as
/// [`crate::io::units::rest_magnitude`] cuts it.
#[derive(Debug, Default)]
struct RestTally {
    /// Samples per window (0 until the first window of the file sets it).
    window: usize,
    samples: usize,
    in_window: usize,
    sum: f64,
    sum_sq: f64,
    count: f64,
    /// (spread, mean) of every complete window.
    windows: Vec<(f64, f64)>,
}

impl RestTally {
    fn add(&mut self, stream: &VectorStream) {
        if self.window == 0 {
            let rate = stream
                .measured_rate_hz()
                .unwrap_or(100.0)
                .clamp(1.0, 10_000.0);
            self.window = (rate.round() as usize).max(4);
        }
        for i in 0..stream.len() {
            let m = stream.norm(i);
            if m.is_finite() {
                self.sum += m;
                self.sum_sq += m * m;
                self.count += 1.0;
            }
            self.in_window += 1;
            if self.in_window == self.window {
                self.close_window();
            }
        }
        self.samples += stream.len();
    }

    fn close_window(&mut self) {
        if self.count >= 2.0 {
            let mean = self.sum / self.count;
            let variance = (self.sum_sq / self.count - mean * mean).max(0.0);
            self.windows.push((variance.sqrt(), mean));
        }
        self.in_window = 0;
        self.sum = 0.0;
        self.sum_sq = 0.0;
        self.count = 0.0;
    }

    /// (magnitude, windows, spread) of the quietest tenth of the seconds.
    fn finish(mut self) -> Option<(f64, usize, f64)> {
        if self.samples < 4 {
            return None;
        }
        // A short last window counts only when it is at least half a second
        // or the only one.
        if self.in_window > 0 && (self.in_window >= self.window / 2 || self.windows.is_empty()) {
            self.close_window();
        }
        let windows = &mut self.windows;
        if windows.is_empty() {
            return None;
        }
        windows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let keep = (windows.len() / 10).max(1);
        let quiet = windows.get(..keep)?;
        let mut means: Vec<f64> = quiet.iter().map(|w| w.1).collect();
        let mut spreads: Vec<f64> = quiet.iter().map(|w| w.0).collect();
        Some((median(&mut means)?, keep, median(&mut spreads)?))
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*m)
}

/// The grid plan joined over windows.
#[derive(Debug, Default)]
struct PlanTally {
    segments: Vec<PlannedSegment>,
    bridged_gaps: usize,
    split_gaps: Vec<Gap>,
}

impl PlanTally {
    /// Adds a window's plan; `boundary` is the interval from the previous
    /// window's last sample (accelerometer, gyroscope) and the split and
    /// bridge thresholds it is judged by.
    fn add(&mut self, window: Plan, joins_previous: bool, boundary_gaps: &[Gap], bridged: bool) {
        let rate = window.rate_hz;
        let mut segments = window.segments.into_iter();
        if joins_previous {
            if let (Some(last), Some(first)) = (self.segments.last_mut(), segments.next()) {
                let start = (last.start_s * rate).round();
                let end = (first.start_s * rate).round() + first.samples as f64 - 1.0;
                last.samples = (end - start).max(0.0) as usize + 1;
            }
        }
        self.segments.extend(segments);
        self.bridged_gaps += window.report.bridged_gaps + usize::from(bridged);
        self.split_gaps.extend_from_slice(boundary_gaps);
        self.split_gaps.extend(window.report.split_gaps);
    }
}

/// `prepare`'s split threshold for a clock of median interval `typical_s`.
fn split_threshold(options: &PrepareOptions, typical_s: Option<f64>) -> f64 {
    let typical = typical_s.unwrap_or(0.01);
    options
        .max_bridge_s
        .max((2.5 * typical).min(MAX_CLOCK_BRIDGE_S))
}

/// Builds the report of a long file read in windows.
pub(super) fn inspect_windows(
    mut reader: ChunkedReader,
    grid: &PrepareOptions,
) -> Result<Option<InspectReport>> {
    let mut tallies: Vec<StreamTally> = Vec::new();
    let mut rest = RestTally::default();
    let mut plan_tally = PlanTally::default();
    let mut first: Option<Recording> = None;
    let mut decisions: Vec<Decision> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut dropped_warnings = 0usize;
    let mut windows = 0usize;
    while let Some(loaded) = reader.next_window()? {
        if reader.clock_steps_back() {
            return Ok(None);
        }
        windows += 1;
        let mut recording = loaded.recording;
        let window_plan = plan(&recording, grid)?;
        // The interval from the previous window's last motion sample to this one's first.
        let mut boundary_gaps = Vec::new();
        let mut joins_previous = windows > 1;
        let mut bridged = false;
        let motion = [
            (StreamKind::Accelerometer, Some(&recording.accelerometer)),
            (StreamKind::Gyroscope, recording.gyroscope.as_ref()),
        ];
        for (kind, stream) in motion {
            let Some(stream) = stream else { continue };
            let previous = tallies
                .iter()
                .find(|t| t.kind == kind)
                .and_then(|t| t.last_s);
            let (Some(previous), Some(first_t)) = (previous, stream.first_time()) else {
                continue;
            };
            let typical = median_positive_interval(&stream.time_s);
            let step = first_t - previous;
            if step > split_threshold(grid, typical) {
                joins_previous = false;
                let known = boundary_gaps
                    .iter()
                    .any(|g: &Gap| (g.start_s - previous).abs() < step.max(g.duration_s));
                if !known {
                    boundary_gaps.push(Gap {
                        start_s: previous,
                        duration_s: step,
                    });
                }
            } else if step > 1.5 * typical.unwrap_or(0.01) {
                bridged = true;
            }
        }
        plan_tally.add(window_plan, joins_previous, &boundary_gaps, bridged);
        rest.add(&recording.accelerometer);
        for (kind, stream) in recording.streams() {
            let index = match tallies.iter().position(|t| t.kind == kind) {
                Some(index) => index,
                None => {
                    tallies.push(StreamTally::new(kind));
                    tallies.len() - 1
                }
            };
            if let Some(tally) = tallies.get_mut(index) {
                tally.add(stream);
            }
        }
        let provenance = std::mem::take(&mut recording.provenance);
        if windows == 1 {
            decisions = provenance.decisions;
            // Units inferred here hold for the whole file: say on what evidence.
            for d in &mut decisions {
                if d.topic.ends_with(" unit") && d.source == DecisionSource::Inferred {
                    d.reason.push_str(&format!(
                        " (in the file's first window of {} rows; kept for the rest)",
                        recording.accelerometer.len()
                    ));
                }
            }
        } else {
            for decision in provenance.decisions {
                if !decisions.iter().any(|d| d.topic == decision.topic) {
                    decisions.push(decision);
                }
            }
        }
        for warning in provenance.warnings {
            if warnings.contains(&warning) {
                continue;
            }
            if warnings.len() < MAX_WARNINGS {
                warnings.push(warning);
            } else {
                dropped_warnings += 1;
            }
        }
        if first.is_none() {
            // Only what the report takes from the first window: no samples.
            first = Some(Recording {
                accelerometer: VectorStream::default(),
                gyroscope: None,
                gravity: None,
                magnetometer: None,
                orientation: None,
                ..recording
            });
        }
    }
    let Some(first) = first else {
        return Err(crate::Error::data(
            reader.path(),
            "the file has no data rows",
        ));
    };
    if dropped_warnings > 0 {
        warnings.push(format!(
            "{dropped_warnings} more reader warnings from later parts of the file are not listed"
        ));
    }
    tallies.sort_by_key(|t| kind_order(t.kind));
    let mut streams = Vec::with_capacity(tallies.len());
    for tally in &tallies {
        let (info, warning) = tally.finish();
        streams.push(info);
        warnings.extend(warning);
    }
    let grid_plan = finish_plan(plan_tally, &tallies, grid);
    let rest = rest.finish();
    let detection = reader.detection();
    let duration_s = streams
        .iter()
        .map(|s| s.last_s)
        .fold(0.0_f64, f64::max)
        .max(0.0);
    Ok(Some(InspectReport {
        retrogait_version: env!("CARGO_PKG_VERSION"),
        format: FormatInfo::of(detection),
        files: detection.files.clone(),
        ignored_files: detection.ignored.clone(),
        device: first.device.clone(),
        start_time: first.start_time.map(|s| s.to_rfc3339()),
        duration_s,
        gravity: GravityInfo {
            content: first.gravity_content,
            rest_magnitude_mps2: rest.map(|r| r.0),
            rest_windows: rest.map_or(0, |r| r.1),
            rest_spread_mps2: rest.map(|r| r.2),
            still: rest.is_some_and(|r| r.2 < crate::io::assemble::STILL_SPREAD_MPS2),
        },
        streams,
        grid: grid_plan,
        decisions,
        warnings,
        read_in_windows: Some(WindowedRead {
            windows,
            rows_per_window: reader.rows_per_window(),
        }),
    }))
}

/// The order of [`Recording::streams`].
fn kind_order(kind: StreamKind) -> usize {
    match kind {
        StreamKind::Accelerometer => 0,
        StreamKind::Gyroscope => 1,
        StreamKind::Gravity => 2,
        StreamKind::Magnetometer => 3,
    }
}

/// The joined plan, with the clean-up counts and notes `prepare` would give
/// for the whole streams (same wording and order as `prepare::plan`).
fn finish_plan(tally: PlanTally, streams: &[StreamTally], options: &PrepareOptions) -> Plan {
    let motion: Vec<(&str, &StreamTally)> = streams
        .iter()
        .filter_map(|t| match t.kind {
            StreamKind::Accelerometer => Some(("accelerometer", t)),
            StreamKind::Gyroscope => Some(("gyroscope", t)),
            _ => None,
        })
        .collect();
    let mut report = PrepareReport {
        bridged_gaps: tally.bridged_gaps,
        split_gaps: tally.split_gaps,
        ..PrepareReport::default()
    };
    for (name, stream) in &motion {
        let dropped = stream.dropped_backward;
        if dropped > 0 {
            report.dropped_backward_samples += dropped;
            report.notes.push(format!(
                "{name}: {dropped} samples with a backward timestamp dropped"
            ));
        }
        let depacked = stream.depacked;
        if depacked > 0 {
            report.depacked_samples += depacked;
            report.notes.push(format!(
                "{name}: {depacked} samples shared a timestamp (packed); spread evenly to the next packet"
            ));
        }
    }
    if !report.split_gaps.is_empty() {
        report.notes.push(format!(
            "{} gap(s) longer than {} s split the recording into {} segments",
            report.split_gaps.len(),
            options.max_bridge_s,
            tally.segments.len()
        ));
    }
    for (name, stream) in &motion {
        let source_rate = 1.0 / stream.typical_s().unwrap_or(1.0 / options.rate_hz);
        if let Some(note) = crate::prepare::anti_alias_note(name, source_rate, options.rate_hz) {
            report.anti_aliased = true;
            report.notes.push(note);
        }
    }
    Plan {
        rate_hz: options.rate_hz,
        segments: tally.segments,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock with faults at and between window boundaries (windows of 1000 rows).
    #[test]
    fn clock_faults_across_windows_merge_like_a_whole_read() {
        let mut text = String::from("time_s,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z\n");
        let mut t = 0.0;
        for i in 0..6_500usize {
            if i > 0 {
                t += match i {
                    1000 => 2.0,        // splits the grid, straddles windows 1 and 2
                    2000 | 500 => 0.05, // bridged gaps: on a boundary and inside a window
                    3000 | 3001 => 0.0, // duplicates across windows 3 and 4
                    4500 => 0.7,        // splits inside a window
                    _ => 0.01,
                };
            }
            let still = (i / 600) % 2 == 1;
            let wobble = if still { 0.001 } else { 0.4 } * ((i * 37) % 11) as f64;
            text.push_str(&format!(
                "{t:.4},{},0.3,{},0.01,0.02,{}\n",
                wobble,
                9.7 + wobble,
                wobble * 0.1
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("faults.csv");
        std::fs::write(&path, text).unwrap();
        let inputs = vec![path];
        let options = crate::io::ReadOptions {
            acc_unit: Some(crate::io::units::Unit::MetrePerSecond2),
            gyro_unit: Some(crate::io::units::Unit::RadianPerSecond),
            ..crate::io::ReadOptions::default()
        };
        let grid = PrepareOptions::default();
        let whole =
            InspectReport::new(&crate::io::read(&inputs, &options).unwrap(), &grid).unwrap();
        let reader = ChunkedReader::open(&inputs, &options, 1000, 0)
            .unwrap()
            .unwrap();
        let windowed = inspect_windows(reader, &grid).unwrap().unwrap();
        assert_eq!(windowed.read_in_windows.map(|w| w.windows), Some(7));
        let acc = &whole.streams[0];
        assert_eq!(acc.duplicate_timestamps, 2);
        assert_eq!(acc.gaps.count, 4, "{:?}", acc.gaps);
        assert_eq!(whole.grid.report.split_gaps.len(), 2);
        assert_eq!(whole.grid.segments.len(), 3);
        assert_eq!(whole.grid.report.bridged_gaps, 2);
        let mut a = serde_json::to_value(&whole).unwrap();
        let mut b = serde_json::to_value(&windowed).unwrap();
        for report in [&mut a, &mut b] {
            report["read_in_windows"] = serde_json::Value::Null;
        }
        assert_eq!(a, b);
    }

    #[test]
    fn interval_sample_keeps_every_power_of_two_th() {
        let mut sample = IntervalSample::default();
        let n = 3 * MAX_KEPT_INTERVALS;
        for i in 0..n {
            sample.push(i as f64);
        }
        let every = sample.every;
        assert!(every.is_power_of_two() && every >= 2, "{every}");
        assert!(sample.kept.len() <= MAX_KEPT_INTERVALS);
        assert!(sample.kept.len() * every >= n - every);
        for (k, value) in sample.kept.iter().enumerate() {
            assert_eq!(*value, (k * every) as f64);
        }
    }

    #[test]
    fn rest_seconds_continue_across_windows() {
        // |a| alternates between a noisy and a still stretch; windows cut mid-second.
        let mut whole = VectorStream::default();
        for i in 0..5_000 {
            let t = i as f64 / 100.0;
            let noise = if (i / 700) % 2 == 0 {
                ((i * 7919) % 13) as f64 * 0.3
            } else {
                ((i * 31) % 3) as f64 * 0.001
            };
            whole.push(t, [0.1, 0.2, 9.8 + noise]);
        }
        let expected = crate::io::units::rest_magnitude(&whole).unwrap();
        let mut tally = RestTally::default();
        for chunk in whole.time_s.chunks(1_234).scan(0, |start, c| {
            let range = *start..*start + c.len();
            *start += c.len();
            Some(range)
        }) {
            let mut part = VectorStream::default();
            for i in chunk {
                part.push(whole.time_s[i], [whole.x[i], whole.y[i], whole.z[i]]);
            }
            if tally.window == 0 {
                // The first part sets the second's length from its own rate.
                assert_eq!(part.measured_rate_hz().map(f64::round), Some(100.0));
            }
            tally.add(&part);
        }
        let (magnitude, windows, spread) = tally.finish().unwrap();
        assert_eq!(magnitude, expected.magnitude);
        assert_eq!(windows, expected.windows);
        assert_eq!(spread, expected.spread);
    }
}
