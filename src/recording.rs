//! The recording model: what every reader produces and every later stage consumes.
//!
//! A [`Recording`] holds independent sensor streams, each with its own
//! timestamps (seconds since the recording's first sample, over all streams),
//! values in SI units in the device frame (m/s² including gravity, rad/s,
//! µT), and the [`Provenance`] of every decision the reader made.

use serde::Serialize;
use std::path::PathBuf;

/// Standard gravity, m/s², used to convert g to m/s².
pub const STANDARD_GRAVITY: f64 = 9.80665;

/// The file formats retrogait reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// phyphox CSV export (any separator, decimal mark), single file, folder or zip.
    Phyphox,
    /// Sensor Logger (Kelvin Choi), Android or iOS, folder or zip of per-sensor CSVs.
    SensorLogger,
    /// MbientLab MetaBase per-sensor CSVs.
    Metawear,
    /// Shimmer Consensys calibrated CSV export.
    Shimmer,
    /// Axivity AX3/AX6 converted with cwa-convert (no header).
    Axivity,
    /// ActiGraph ActiLife CSV (10-line banner).
    Actigraph,
    /// AndroSensor CSV export.
    Androsensor,
    /// SensorLog (Bernd Thomas) iOS/watchOS CSV.
    Sensorlog,
    /// Physics Toolbox Sensor Suite CSV.
    PhysicsToolbox,
    /// Polar Sensor Logger `_ACC.txt` / `_GYRO.txt`.
    Polar,
    /// Empatica E4 `ACC.csv`.
    Empatica,
    /// Xsens MT Manager / MTw text export.
    Xsens,
    /// Oxford step-counter phone CSV (`t_ns,accuracy,x,y,z`, no header).
    OxfordPhone,
    /// mobgap-style CSV (`samples,acc_x,...,gyr_z`, no time column).
    Mobgap,
    /// Any CSV whose header names a time column and accelerometer/gyroscope axes.
    Generic,
}

impl Format {
    /// Every format, in the order detection reports them.
    pub const ALL: [Format; 15] = [
        Format::Phyphox,
        Format::SensorLogger,
        Format::Metawear,
        Format::Shimmer,
        Format::Axivity,
        Format::Actigraph,
        Format::Androsensor,
        Format::Sensorlog,
        Format::PhysicsToolbox,
        Format::Polar,
        Format::Empatica,
        Format::Xsens,
        Format::OxfordPhone,
        Format::Mobgap,
        Format::Generic,
    ];

    /// The identifier used on the command line (`--format`) and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Format::Phyphox => "phyphox",
            Format::SensorLogger => "sensor_logger",
            Format::Metawear => "metawear",
            Format::Shimmer => "shimmer",
            Format::Axivity => "axivity",
            Format::Actigraph => "actigraph",
            Format::Androsensor => "androsensor",
            Format::Sensorlog => "sensorlog",
            Format::PhysicsToolbox => "physics_toolbox",
            Format::Polar => "polar",
            Format::Empatica => "empatica",
            Format::Xsens => "xsens",
            Format::OxfordPhone => "oxford_phone",
            Format::Mobgap => "mobgap",
            Format::Generic => "generic",
        }
    }

    /// A human-readable name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Phyphox => "phyphox CSV export",
            Format::SensorLogger => "Sensor Logger export",
            Format::Metawear => "MbientLab MetaBase CSV",
            Format::Shimmer => "Shimmer Consensys CSV",
            Format::Axivity => "Axivity cwa-convert CSV",
            Format::Actigraph => "ActiGraph ActiLife CSV",
            Format::Androsensor => "AndroSensor CSV",
            Format::Sensorlog => "SensorLog (iOS) CSV",
            Format::PhysicsToolbox => "Physics Toolbox Sensor Suite CSV",
            Format::Polar => "Polar Sensor Logger text",
            Format::Empatica => "Empatica E4 ACC.csv",
            Format::Xsens => "Xsens MT Manager text export",
            Format::OxfordPhone => "Oxford step-counter phone CSV",
            Format::Mobgap => "mobgap sample CSV",
            Format::Generic => "generic CSV",
        }
    }

    /// Parses a `--format` value.
    pub fn from_id(id: &str) -> Option<Format> {
        let wanted = id.trim().to_ascii_lowercase().replace('-', "_");
        Format::ALL.into_iter().find(|f| f.id() == wanted)
    }
}

/// Which physical quantity a stream holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// Specific force, m/s² (including gravity unless the recording says otherwise).
    Accelerometer,
    /// Angular velocity, rad/s.
    Gyroscope,
    /// The gravity vector as the device's own sensor fusion reports it, m/s².
    Gravity,
    /// Magnetic field, in the file's unit (µT for phones; arbitrary for some IMUs).
    Magnetometer,
}

impl StreamKind {
    /// Short lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            StreamKind::Accelerometer => "accelerometer",
            StreamKind::Gyroscope => "gyroscope",
            StreamKind::Gravity => "gravity",
            StreamKind::Magnetometer => "magnetometer",
        }
    }
}

/// A three-axis stream with its own timestamps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VectorStream {
    /// Seconds since the recording's first sample; non-decreasing after reading
    /// (packed duplicates are spread by `prepare`).
    pub time_s: Vec<f64>,
    /// x axis values (device frame).
    pub x: Vec<f64>,
    /// y axis values.
    pub y: Vec<f64>,
    /// z axis values.
    pub z: Vec<f64>,
    /// The rate the file or device states, if any.
    pub nominal_rate_hz: Option<f64>,
}

impl VectorStream {
    /// An empty stream with room for `capacity` samples.
    pub fn with_capacity(capacity: usize) -> Self {
        VectorStream {
            time_s: Vec::with_capacity(capacity),
            x: Vec::with_capacity(capacity),
            y: Vec::with_capacity(capacity),
            z: Vec::with_capacity(capacity),
            nominal_rate_hz: None,
        }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    /// True when the stream holds no sample.
    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    /// Appends one sample.
    pub fn push(&mut self, time_s: f64, value: [f64; 3]) {
        self.time_s.push(time_s);
        self.x.push(value[0]);
        self.y.push(value[1]);
        self.z.push(value[2]);
    }

    /// The three axes as slices.
    pub fn axes(&self) -> [&[f64]; 3] {
        [&self.x, &self.y, &self.z]
    }

    /// The three axes, mutable.
    pub fn axes_mut(&mut self) -> [&mut Vec<f64>; 3] {
        [&mut self.x, &mut self.y, &mut self.z]
    }

    /// Multiplies every value by `factor` (unit conversion, sign flip).
    pub fn scale(&mut self, factor: f64) {
        // × 1 leaves every value as it is (a stream already in SI units).
        if factor == 1.0 {
            return;
        }
        for axis in self.axes_mut() {
            axis.iter_mut().for_each(|v| *v *= factor);
        }
    }

    /// Shifts every timestamp by `offset_s`.
    pub fn shift_time(&mut self, offset_s: f64) {
        self.time_s.iter_mut().for_each(|t| *t += offset_s);
    }

    /// Time of the first sample.
    pub fn first_time(&self) -> Option<f64> {
        self.time_s.first().copied()
    }

    /// Time of the last sample.
    pub fn last_time(&self) -> Option<f64> {
        self.time_s.last().copied()
    }

    /// Span from first to last sample, seconds.
    pub fn duration_s(&self) -> f64 {
        match (self.first_time(), self.last_time()) {
            (Some(first), Some(last)) => last - first,
            _ => 0.0,
        }
    }

    /// The typical sampling interval: the median of the positive timestamp
    /// differences (packed duplicates and jitter do not move it much).
    pub fn median_interval_s(&self) -> Option<f64> {
        median_positive_interval(&self.time_s)
    }

    /// The measured sampling rate.
    ///
    /// A regular clock (≥ 80 % of the positive intervals within 5 % of the
    /// median) gives 1 / median, which ignores missing packets. Packed
    /// samples (more than a quarter sharing a timestamp, as BLE packets do)
    /// multiply that by the samples per timestamp. An irregular clock gives
    /// 1 / the mean interval outside gaps (up to 3 × the median, zeros
    /// included), which is right for jittery host timestamps.
    pub fn measured_rate_hz(&self) -> Option<f64> {
        // Up to 2^16 evenly spaced intervals describe the clock well enough.
        let stride = (self.len() / (1 << 16)).max(1);
        let intervals: Vec<f64> = (1..self.len())
            .step_by(stride)
            .map(|i| self.time_s[i] - self.time_s[i - 1])
            .collect();
        rate_from_intervals(&intervals)
    }

    /// Gaps: intervals longer than `factor` times the median interval.
    pub fn gaps(&self, factor: f64) -> Vec<Gap> {
        let Some(typical) = self.median_interval_s() else {
            return Vec::new();
        };
        self.time_s
            .windows(2)
            .filter(|w| w[1] - w[0] > factor * typical)
            .map(|w| Gap {
                start_s: w[0],
                duration_s: w[1] - w[0],
            })
            .collect()
    }

    /// Number of samples whose timestamp equals the previous one (packed samples).
    pub fn duplicate_timestamps(&self) -> usize {
        self.time_s.windows(2).filter(|w| w[1] == w[0]).count()
    }

    /// Number of samples whose timestamp is earlier than the previous one.
    pub fn backward_steps(&self) -> usize {
        self.time_s.windows(2).filter(|w| w[1] < w[0]).count()
    }

    /// Keeps the samples for which `keep(time, value, time of the last kept sample)`
    /// is true, in place; returns how many were dropped.
    pub fn retain(&mut self, mut keep: impl FnMut(f64, [f64; 3], Option<f64>) -> bool) -> usize {
        let n = self.len();
        let mut kept: usize = 0;
        for i in 0..n {
            let last = kept.checked_sub(1).map(|k| self.time_s[k]);
            if !keep(self.time_s[i], [self.x[i], self.y[i], self.z[i]], last) {
                continue;
            }
            self.time_s[kept] = self.time_s[i];
            self.x[kept] = self.x[i];
            self.y[kept] = self.y[i];
            self.z[kept] = self.z[i];
            kept += 1;
        }
        for axis in [&mut self.time_s, &mut self.x, &mut self.y, &mut self.z] {
            axis.truncate(kept);
        }
        n - kept
    }

    /// Euclidean norm of sample `i`.
    pub fn norm(&self, i: usize) -> f64 {
        (self.x[i] * self.x[i] + self.y[i] * self.y[i] + self.z[i] * self.z[i]).sqrt()
    }
}

/// The measured sampling rate from a sample of consecutive timestamp
/// differences (all of them, or every k-th), as
/// [`VectorStream::measured_rate_hz`] describes: 1 / the median positive
/// interval for a regular clock (times samples per timestamp when packed),
/// 1 / the mean interval outside gaps for an irregular one.
pub fn rate_from_intervals(intervals: &[f64]) -> Option<f64> {
    let mut positive_intervals: Vec<f64> = intervals
        .iter()
        .copied()
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    if positive_intervals.is_empty() {
        return None;
    }
    let mid = positive_intervals.len() / 2;
    let (_, typical, _) = positive_intervals.select_nth_unstable_by(mid, f64::total_cmp);
    let typical = *typical;
    let (mut zeros, mut positive, mut near_median, mut total) = (0usize, 0usize, 0usize, 0usize);
    for &d in intervals {
        total += 1;
        if d == 0.0 {
            zeros += 1;
        } else if d > 0.0 {
            positive += 1;
            if (d / typical - 1.0).abs() <= 0.05 {
                near_median += 1;
            }
        }
    }
    if near_median * 5 >= positive * 4 {
        let packing = if zeros * 4 > total {
            // samples per distinct timestamp (n / distinct when every interval is counted)
            (total + 1) as f64 / (total + 1 - zeros).max(1) as f64
        } else {
            1.0
        };
        return Some(packing / typical);
    }
    let (sum, count) = intervals
        .iter()
        .filter(|d| **d >= 0.0 && **d <= 3.0 * typical)
        .fold((0.0, 0usize), |(s, c), d| (s + d, c + 1));
    (sum > 0.0).then(|| count as f64 / sum)
}

/// Median of the positive differences of a time vector. Long streams are
/// sampled at up to 2^16 evenly spaced intervals: the typical interval of a
/// sensor clock does not need every one of millions of samples.
pub fn median_positive_interval(time_s: &[f64]) -> Option<f64> {
    const MAX_INTERVALS: usize = 1 << 16;
    let stride = (time_s.len() / MAX_INTERVALS).max(1);
    let mut intervals: Vec<f64> = (1..time_s.len())
        .step_by(stride)
        .map(|i| time_s[i] - time_s[i - 1])
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    if intervals.is_empty() {
        return None;
    }
    let mid = intervals.len() / 2;
    let (_, median, _) = intervals.select_nth_unstable_by(mid, f64::total_cmp);
    Some(*median)
}

/// An orientation stream as unit quaternions (w, x, y, z), as the device reported it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuaternionStream {
    /// Seconds since the recording's first sample.
    pub time_s: Vec<f64>,
    /// Quaternions `[w, x, y, z]`.
    pub quaternions: Vec<[f64; 4]>,
}

/// A stretch of missing samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gap {
    /// Time of the last sample before the gap.
    pub start_s: f64,
    /// Time from that sample to the next one.
    pub duration_s: f64,
}

/// Whether the accelerometer stream includes gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GravityContent {
    /// The sensor measured specific force including gravity.
    Included,
    /// The file had linear acceleration and a gravity stream; retrogait added them.
    Reconstructed,
    /// The file had linear acceleration only: gravity is absent.
    Absent,
}

/// Where a reader's decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionSource {
    /// Stated by the file (header, unit row, banner).
    Header,
    /// Stated by a metadata file beside the data (phyphox `meta/`, Sensor Logger `Metadata.csv`).
    Metadata,
    /// Fixed by the format's documentation.
    FormatSpec,
    /// Inferred from the data; see the reason.
    Inferred,
    /// Given on the command line.
    UserOverride,
    /// No information: retrogait's default.
    Default,
}

/// One decision a reader made, kept so `inspect` can show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// What was decided: `separator`, `accelerometer unit`, `gravity`, ...
    pub topic: String,
    /// The choice, e.g. `;` or `g`.
    pub value: String,
    /// Where it came from.
    pub source: DecisionSource,
    /// Why, in a few words (the evidence).
    pub reason: String,
}

/// Everything a reader decided and warned about.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Provenance {
    /// Decisions in the order they were made.
    pub decisions: Vec<Decision>,
    /// Warnings for the user (suspicious data, guesses that may be wrong).
    pub warnings: Vec<String>,
}

impl Provenance {
    /// Records a decision.
    pub fn decide(
        &mut self,
        topic: impl Into<String>,
        value: impl Into<String>,
        source: DecisionSource,
        reason: impl Into<String>,
    ) {
        self.decisions.push(Decision {
            topic: topic.into(),
            value: value.into(),
            source,
            reason: reason.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }

    /// The last decision on `topic`, if any.
    pub fn decision(&self, topic: &str) -> Option<&Decision> {
        self.decisions.iter().rev().find(|d| d.topic == topic)
    }
}

/// The absolute time of the recording's first sample, when the file gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTime {
    /// Nanoseconds since the Unix epoch (UTC).
    pub unix_ns: i64,
    /// Offset from UTC of the clock the file used, when known.
    pub utc_offset_s: Option<i32>,
}

impl StartTime {
    /// RFC 3339 text: with the file's UTC offset when known, else in UTC.
    pub fn to_rfc3339(&self) -> String {
        let Ok(timestamp) = jiff::Timestamp::from_nanosecond(i128::from(self.unix_ns)) else {
            return format!("{} ns since 1970", self.unix_ns);
        };
        match self
            .utc_offset_s
            .and_then(|s| jiff::tz::Offset::from_seconds(s).ok())
        {
            Some(offset) => timestamp.display_with_offset(offset).to_string(),
            None => timestamp.to_string(),
        }
    }
}

/// A recording as read from its files.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// The detected (or requested) format.
    pub format: Format,
    /// The files the recording was read from, in reading order.
    pub sources: Vec<PathBuf>,
    /// Absolute time of the first sample, when known.
    pub start_time: Option<StartTime>,
    /// Accelerometer, m/s², device frame.
    pub accelerometer: VectorStream,
    /// Gyroscope, rad/s, device frame.
    pub gyroscope: Option<VectorStream>,
    /// The device's own gravity estimate, m/s², device frame.
    pub gravity: Option<VectorStream>,
    /// Magnetometer.
    pub magnetometer: Option<VectorStream>,
    /// The device's own orientation estimate.
    pub orientation: Option<QuaternionStream>,
    /// Whether `accelerometer` includes gravity.
    pub gravity_content: GravityContent,
    /// Device or app description, when the files give it.
    pub device: Option<String>,
    /// Every decision and warning of the reader.
    pub provenance: Provenance,
    /// SHA-256 (lower-case hex) of the source files that were hashed while
    /// they were read; the summary hashes any other source itself.
    pub source_sha256: Vec<(PathBuf, String)>,
}

impl Recording {
    /// A recording made in memory (simulation, tests, benches): generic
    /// format, gravity included, no provenance.
    pub fn from_streams(accelerometer: VectorStream, gyroscope: Option<VectorStream>) -> Recording {
        Recording {
            format: Format::Generic,
            sources: Vec::new(),
            start_time: None,
            accelerometer,
            gyroscope,
            gravity: None,
            magnetometer: None,
            orientation: None,
            gravity_content: GravityContent::Included,
            device: None,
            provenance: Provenance::default(),
            source_sha256: Vec::new(),
        }
    }

    /// The vector streams present, with their kinds.
    pub fn streams(&self) -> Vec<(StreamKind, &VectorStream)> {
        let mut streams = vec![(StreamKind::Accelerometer, &self.accelerometer)];
        if let Some(s) = &self.gyroscope {
            streams.push((StreamKind::Gyroscope, s));
        }
        if let Some(s) = &self.gravity {
            streams.push((StreamKind::Gravity, s));
        }
        if let Some(s) = &self.magnetometer {
            streams.push((StreamKind::Magnetometer, s));
        }
        streams
    }

    /// Duration from the first to the last sample over all streams.
    pub fn duration_s(&self) -> f64 {
        let last = self
            .streams()
            .iter()
            .filter_map(|(_, s)| s.last_time())
            .fold(0.0_f64, f64::max);
        last.max(0.0)
    }

    /// Shifts every stream so the earliest sample of all is at t = 0, and
    /// returns the shift applied (seconds subtracted).
    pub fn rebase_time(&mut self) -> f64 {
        let mut earliest = f64::INFINITY;
        for (_, s) in self.streams() {
            if let Some(t) = s.first_time() {
                earliest = earliest.min(t);
            }
        }
        if let Some(o) = &self.orientation {
            if let Some(t) = o.time_s.first() {
                earliest = earliest.min(*t);
            }
        }
        if !earliest.is_finite() || earliest == 0.0 {
            return 0.0;
        }
        self.accelerometer.shift_time(-earliest);
        for s in [
            &mut self.gyroscope,
            &mut self.gravity,
            &mut self.magnetometer,
        ]
        .into_iter()
        .flatten()
        {
            s.shift_time(-earliest);
        }
        if let Some(o) = &mut self.orientation {
            o.time_s.iter_mut().for_each(|t| *t -= earliest);
        }
        earliest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(times: &[f64]) -> VectorStream {
        let mut s = VectorStream::default();
        for &t in times {
            s.push(t, [0.0, 0.0, 9.81]);
        }
        s
    }

    #[test]
    fn measured_rate_uses_the_median_interval() {
        let s = stream(&[0.0, 0.01, 0.02, 0.03, 0.5, 0.51]);
        let rate = s.measured_rate_hz().unwrap();
        assert!((rate - 100.0).abs() < 1e-6, "{rate}");
        let gaps = s.gaps(3.0);
        assert_eq!(gaps.len(), 1);
        assert!((gaps[0].start_s - 0.03).abs() < 1e-12);
        assert!((gaps[0].duration_s - 0.47).abs() < 1e-12);
    }

    #[test]
    fn duplicates_and_backward_steps_are_counted() {
        let s = stream(&[0.0, 0.0, 0.0, 0.24, 0.24, 0.2, 0.3]);
        assert_eq!(s.duplicate_timestamps(), 3);
        assert_eq!(s.backward_steps(), 1);
    }

    #[test]
    fn formats_round_trip_through_their_ids() {
        for format in Format::ALL {
            assert_eq!(Format::from_id(format.id()), Some(format));
        }
        assert_eq!(Format::from_id("Sensor-Logger"), Some(Format::SensorLogger));
        assert_eq!(Format::from_id("nope"), None);
    }

    #[test]
    fn start_time_prints_with_its_offset() {
        let start = StartTime {
            unix_ns: 1_710_697_732_325_000_000,
            utc_offset_s: Some(7200),
        };
        assert_eq!(start.to_rfc3339(), "2024-03-17T19:48:52.325+02:00");
    }

    #[test]
    fn rebase_moves_the_earliest_sample_to_zero() {
        let mut recording =
            Recording::from_streams(stream(&[2.0, 2.01]), Some(stream(&[1.5, 1.51])));
        assert_eq!(recording.rebase_time(), 1.5);
        assert_eq!(recording.accelerometer.time_s[0], 0.5);
        assert_eq!(recording.gyroscope.as_ref().unwrap().time_s[0], 0.0);
    }
}
