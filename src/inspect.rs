//! `retrogait inspect`: what a recording holds and what the reader decided.

use crate::error::Result;
use crate::io::chunks::{ChunkedReader, WINDOWED_MIN_BYTES};
use crate::io::detect::{DetectedFile, Detection};
use crate::io::units::rest_magnitude;
use crate::io::{Loaded, ReadOptions};
use crate::prepare::{plan, Plan, PrepareOptions};
use crate::recording::{Decision, Gap, GravityContent, Recording, StreamKind, VectorStream};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

mod windowed;

/// Gaps are intervals longer than this many typical intervals.
const GAP_FACTOR: f64 = 3.0;
/// Gaps listed one by one (the rest are only counted).
const GAPS_LISTED: usize = 10;

/// Everything `inspect` reports, serialisable as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    /// retrogait's version.
    pub retrogait_version: &'static str,
    /// The detected format.
    pub format: FormatInfo,
    /// Files used and their roles.
    pub files: Vec<DetectedFile>,
    /// Files found but not used.
    pub ignored_files: Vec<String>,
    /// Device or app, when the files say.
    pub device: Option<String>,
    /// Absolute start (RFC 3339), when known.
    pub start_time: Option<String>,
    /// Seconds from the first to the last sample.
    pub duration_s: f64,
    /// Gravity content and magnitude at rest.
    pub gravity: GravityInfo,
    /// One entry per stream.
    pub streams: Vec<StreamInfo>,
    /// How `prepare` will put the streams on one grid.
    pub grid: Plan,
    /// Every decision the reader made.
    pub decisions: Vec<Decision>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Set when a long file was read in windows (bounded memory) and the
    /// report merges the windows' facts; `None` for a whole read.
    pub read_in_windows: Option<WindowedRead>,
}

/// How a long file was read in windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowedRead {
    /// Windows read.
    pub windows: usize,
    /// Most rows per window.
    pub rows_per_window: u64,
}

/// The format and how sure detection is.
#[derive(Debug, Clone, Serialize)]
pub struct FormatInfo {
    /// Identifier (`--format` value).
    pub id: &'static str,
    /// Human-readable name.
    pub name: &'static str,
    /// 0–1.
    pub confidence: f64,
    /// The evidence.
    pub reason: String,
}

impl FormatInfo {
    /// The detection's format and evidence.
    pub fn of(detection: &Detection) -> FormatInfo {
        FormatInfo {
            id: detection.format.id(),
            name: detection.format.name(),
            confidence: detection.confidence,
            reason: detection.reason.clone(),
        }
    }
}

/// Gravity in the accelerometer stream.
#[derive(Debug, Clone, Serialize)]
pub struct GravityInfo {
    /// Included, reconstructed or absent.
    pub content: GravityContent,
    /// Median |a| over the quietest 1-s windows, m/s².
    pub rest_magnitude_mps2: Option<f64>,
    /// How many windows that median covers.
    pub rest_windows: usize,
    /// Median spread (standard deviation) of |a| within those windows, m/s².
    pub rest_spread_mps2: Option<f64>,
    /// True when those windows are still (spread below 0.1 m/s²), so the
    /// magnitude is gravity alone.
    pub still: bool,
}

/// One stream's summary.
#[derive(Debug, Clone, Serialize)]
pub struct StreamInfo {
    /// Which stream.
    pub kind: StreamKind,
    /// Number of samples.
    pub samples: usize,
    /// First sample time, s.
    pub first_s: f64,
    /// Last sample time, s.
    pub last_s: f64,
    /// Rate stated by the file, Hz.
    pub nominal_rate_hz: Option<f64>,
    /// 1 / median interval, Hz.
    pub measured_rate_hz: Option<f64>,
    /// Samples sharing the previous sample's timestamp.
    pub duplicate_timestamps: usize,
    /// Samples whose timestamp goes backwards.
    pub backward_timestamps: usize,
    /// Gaps longer than 3 typical intervals.
    pub gaps: GapSummary,
}

/// Gap statistics of one stream.
#[derive(Debug, Clone, Serialize)]
pub struct GapSummary {
    /// Number of gaps.
    pub count: usize,
    /// Longest gap, s.
    pub longest_s: f64,
    /// Total time in gaps, s.
    pub total_s: f64,
    /// The first few gaps.
    pub first: Vec<Gap>,
}

fn stream_info(kind: StreamKind, stream: &VectorStream) -> StreamInfo {
    let gaps = stream.gaps(GAP_FACTOR);
    stream_info_from_parts(
        kind,
        stream.len(),
        (
            stream.first_time().unwrap_or(0.0),
            stream.last_time().unwrap_or(0.0),
        ),
        stream.nominal_rate_hz,
        stream.measured_rate_hz(),
        (stream.duplicate_timestamps(), stream.backward_steps()),
        GapSummary {
            count: gaps.len(),
            longest_s: gaps.iter().map(|g| g.duration_s).fold(0.0, f64::max),
            total_s: gaps.iter().map(|g| g.duration_s).sum(),
            first: gaps.into_iter().take(GAPS_LISTED).collect(),
        },
    )
}

/// A stream's summary from its facts: `span` is (first, last) time and
/// `clock_faults` (duplicate, backward) timestamps.
fn stream_info_from_parts(
    kind: StreamKind,
    samples: usize,
    span: (f64, f64),
    nominal_rate_hz: Option<f64>,
    measured_rate_hz: Option<f64>,
    clock_faults: (usize, usize),
    gaps: GapSummary,
) -> StreamInfo {
    StreamInfo {
        kind,
        samples,
        first_s: span.0,
        last_s: span.1,
        nominal_rate_hz,
        measured_rate_hz,
        duplicate_timestamps: clock_faults.0,
        backward_timestamps: clock_faults.1,
        gaps,
    }
}

/// Rows per window when `inspect` reads a long file in windows (1 h at 100 Hz).
pub const INSPECT_WINDOW_ROWS: u64 = crate::session::WINDOW_ROWS;

/// Reads `inputs` and reports what they hold. A long single-table file
/// ([`WINDOWED_MIN_BYTES`] or more) is read in windows of
/// [`INSPECT_WINDOW_ROWS`] rows, so memory stays bounded whatever its length.
pub fn inspect_inputs(
    inputs: &[PathBuf],
    read: &ReadOptions,
    grid: &PrepareOptions,
) -> Result<InspectReport> {
    let mut read_whole = false;
    if let Some(reader) =
        ChunkedReader::open(inputs, read, INSPECT_WINDOW_ROWS, WINDOWED_MIN_BYTES)?
    {
        match InspectReport::from_windows(reader, grid)? {
            Some(report) => return Ok(report),
            None => read_whole = true,
        }
    }
    let loaded = crate::io::read(inputs, read)?;
    let mut report = InspectReport::new(&loaded, grid)?;
    if read_whole {
        report
            .warnings
            .push(crate::session::CLOCK_STEPS_BACK_NOTE.to_string());
    }
    Ok(report)
}

impl InspectReport {
    /// Builds the report of a loaded recording, with the grid `prepare` would use.
    pub fn new(loaded: &Loaded, grid: &PrepareOptions) -> Result<InspectReport> {
        let Loaded {
            recording,
            detection,
        } = loaded;
        let grid = plan(recording, grid)?;
        Ok(InspectReport::from_parts(recording, detection, grid))
    }

    /// Builds the report of a file read window by window (see
    /// [`ChunkedReader`]), merging every window's facts; the module
    /// `inspect::windowed` says how each field merges. `None` when the file's
    /// clock steps back ([`ChunkedReader::clock_steps_back`]): read it whole.
    pub fn from_windows(
        reader: ChunkedReader,
        grid: &PrepareOptions,
    ) -> Result<Option<InspectReport>> {
        windowed::inspect_windows(reader, grid)
    }

    fn from_parts(recording: &Recording, detection: &Detection, grid: Plan) -> InspectReport {
        let rest = rest_magnitude(&recording.accelerometer);
        InspectReport {
            retrogait_version: env!("CARGO_PKG_VERSION"),
            format: FormatInfo::of(detection),
            files: detection.files.clone(),
            ignored_files: detection.ignored.clone(),
            device: recording.device.clone(),
            start_time: recording.start_time.map(|s| s.to_rfc3339()),
            duration_s: recording.duration_s(),
            gravity: GravityInfo {
                content: recording.gravity_content,
                rest_magnitude_mps2: rest.map(|r| r.magnitude),
                rest_windows: rest.map_or(0, |r| r.windows),
                rest_spread_mps2: rest.map(|r| r.spread),
                still: rest.is_some_and(|r| r.spread < crate::io::assemble::STILL_SPREAD_MPS2),
            },
            streams: recording
                .streams()
                .into_iter()
                .map(|(kind, s)| stream_info(kind, s))
                .collect(),
            grid,
            decisions: recording.provenance.decisions.clone(),
            warnings: recording.provenance.warnings.clone(),
            read_in_windows: None,
        }
    }

    /// A plain-text rendering for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let files: Vec<&str> = self.files.iter().map(|f| f.path.as_str()).collect();
        let _ = writeln!(out, "{}", files.join("\n"));
        let _ = writeln!(
            out,
            "  format      {} ({}), confidence {:.2}: {}",
            self.format.id, self.format.name, self.format.confidence, self.format.reason
        );
        if let Some(device) = &self.device {
            let _ = writeln!(out, "  device      {device}");
        }
        let _ = writeln!(
            out,
            "  start       {}",
            self.start_time.as_deref().unwrap_or("unknown")
        );
        let _ = writeln!(out, "  duration    {}", format_duration(self.duration_s));
        if let Some(w) = &self.read_in_windows {
            let _ = writeln!(
                out,
                "  read        in {} window{} of at most {} rows (long file, bounded memory); facts merged",
                w.windows,
                if w.windows == 1 { "" } else { "s" },
                w.rows_per_window
            );
        }
        let rest = match (self.gravity.rest_magnitude_mps2, self.gravity.still) {
            (Some(m), true) => format!("{m:.3} m/s^2 at rest"),
            (Some(m), false) => format!("{m:.3} m/s^2 in the quietest seconds (no still period)"),
            (None, _) => "n/a".to_string(),
        };
        let content = match self.gravity.content {
            GravityContent::Included => "included",
            GravityContent::Reconstructed => "reconstructed from linear + gravity streams",
            GravityContent::Absent => "ABSENT (linear acceleration only)",
        };
        let _ = writeln!(out, "  gravity     {content}; |a| {rest}");
        let _ = writeln!(out, "  streams");
        for s in &self.streams {
            let rate = s
                .measured_rate_hz
                .map_or("n/a".into(), |r| format!("{r:.2} Hz"));
            let nominal = s
                .nominal_rate_hz
                .map_or(String::new(), |r| format!(" (nominal {r} Hz)"));
            let _ = write!(
                out,
                "    {:<14}{:>10} samples  {:>9}{}  {:.3}-{:.3} s",
                s.kind.name(),
                s.samples,
                rate,
                nominal,
                s.first_s,
                s.last_s
            );
            if s.gaps.count > 0 {
                let _ = write!(
                    out,
                    "  {} gaps (longest {:.3} s)",
                    s.gaps.count, s.gaps.longest_s
                );
            }
            if s.duplicate_timestamps > 0 {
                let _ = write!(out, "  {} duplicate timestamps", s.duplicate_timestamps);
            }
            let _ = writeln!(out);
        }
        let grid = &self.grid;
        let covered: f64 = grid
            .segments
            .iter()
            .map(|s| s.samples as f64 / grid.rate_hz)
            .sum();
        let _ = writeln!(
            out,
            "  grid        {} Hz: {} segment(s), {:.2} s; {} short gap(s) bridged, {} split",
            grid.rate_hz,
            grid.segments.len(),
            covered,
            grid.report.bridged_gaps,
            grid.report.split_gaps.len()
        );
        for note in &grid.report.notes {
            let _ = writeln!(out, "              {note}");
        }
        let _ = writeln!(out, "  decisions");
        for d in &self.decisions {
            let source = serde_json::to_value(d.source)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {:<20} {} [{}] {}",
                d.topic, d.value, source, d.reason
            );
        }
        if !self.ignored_files.is_empty() {
            let _ = writeln!(out, "  not used    {}", self.ignored_files.join(", "));
        }
        for w in &self.warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
        out
    }
}

/// `1 h 02 min 03.5 s` style duration.
pub fn format_duration(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.2} s");
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h} h {m:02} min {s:02} s ({seconds:.1} s)")
    } else {
        format!("{m} min {s:02} s ({seconds:.1} s)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(12.345), "12.35 s");
        assert_eq!(format_duration(125.0), "2 min 05 s (125.0 s)");
        assert_eq!(format_duration(86_400.0), "24 h 00 min 00 s (86400.0 s)");
    }
}
