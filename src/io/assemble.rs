//! The last step of every reader: units, gravity, clock alignment and
//! quality checks, done once for all formats so none of them guesses silently.

use crate::error::{Error, Result};
use crate::io::table::TableData;
use crate::io::units::{
    infer_acc_unit_from_rest, infer_gyro_unit, mean_gravity_magnitude_at_rate,
    rest_and_mean_gravity_at_rate, rest_magnitude_at_rate, RestEstimate, Unit, GRAVITY_WINDOW_S,
};
use crate::io::ReadOptions;
use crate::recording::{
    DecisionSource, Format, GravityContent, Provenance, QuaternionStream, Recording, StartTime,
    VectorStream, STANDARD_GRAVITY,
};
use std::path::PathBuf;

/// Within-window spread of |a| (m/s²) below which a window counts as still.
pub(crate) const STILL_SPREAD_MPS2: f64 = 0.1;
/// When the mean acceleration vector over several strides is below this share
/// of the median |a|, the accelerometer holds no gravity: with gravity the
/// mean is g itself (measured: every dataset recording 0.93–1.44, every
/// export in shared/formats ≥ 0.75; acted mocap wrists swung through large
/// angles down to 0.39), without it near 0.
const GRAVITY_ABSENT_RATIO: f64 = 0.2;

/// Below this rate a recording is too coarse for step detection.
const LOW_RATE_HZ: f64 = 20.0;

/// How a stream's unit is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum UnitSpec {
    /// Stated by the file or the format.
    Known {
        /// The unit.
        unit: Unit,
        /// Header, metadata, or format documentation.
        source: DecisionSource,
        /// The evidence.
        reason: String,
    },
    /// Not stated: infer from the data.
    Unknown,
}

impl UnitSpec {
    /// A unit read from a header cell.
    pub(crate) fn header(unit: Unit, cell: &str) -> UnitSpec {
        UnitSpec::Known {
            unit,
            source: DecisionSource::Header,
            reason: format!("header \"{cell}\""),
        }
    }

    /// A unit fixed by the format's documentation.
    pub(crate) fn spec(unit: Unit, reason: impl Into<String>) -> UnitSpec {
        UnitSpec::Known {
            unit,
            source: DecisionSource::FormatSpec,
            reason: reason.into(),
        }
    }

    /// From a header cell when it names a unit, else unknown.
    pub(crate) fn from_header_or_unknown(cell: &str) -> UnitSpec {
        match crate::io::units::unit_in_header(cell) {
            Some(unit) => UnitSpec::header(unit, cell),
            None => UnitSpec::Unknown,
        }
    }
}

/// A stream as a reader produced it: values in the file's unit, time relative
/// to the file's own first row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawStream {
    /// Samples.
    pub(crate) data: VectorStream,
    /// Clock reading of the stream's time zero, in nanoseconds of the file's clock.
    pub(crate) origin_ns: i128,
    /// The unit.
    pub(crate) unit: UnitSpec,
    /// Where it came from (file name), for messages.
    pub(crate) label: String,
}

impl RawStream {
    /// Wraps stream `index` of a table read.
    pub(crate) fn from_table(
        table: &mut TableData,
        index: usize,
        unit: UnitSpec,
        label: impl Into<String>,
    ) -> RawStream {
        RawStream {
            data: std::mem::take(&mut table.streams[index]),
            origin_ns: table.origin_ns,
            unit,
            label: label.into(),
        }
    }
}

/// Everything a format reader found, before units and alignment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawRecording {
    /// The format.
    pub(crate) format: Format,
    /// Files read.
    pub(crate) sources: Vec<PathBuf>,
    /// Specific force including gravity.
    pub(crate) acc: Option<RawStream>,
    /// Linear acceleration (gravity removed by the device).
    pub(crate) linear_acc: Option<RawStream>,
    /// Angular velocity.
    pub(crate) gyro: Option<RawStream>,
    /// The device's gravity estimate.
    pub(crate) gravity: Option<RawStream>,
    /// Magnetic field.
    pub(crate) mag: Option<RawStream>,
    /// Orientation quaternions and their clock origin.
    pub(crate) orientation: Option<(QuaternionStream, i128)>,
    /// True when `origin_ns` values are Unix epoch nanoseconds (UTC).
    pub(crate) epoch_clock: bool,
    /// True when `origin_ns` values are local wall-clock nanoseconds (converted with `utc_offset_s`).
    pub(crate) local_clock: bool,
    /// Explicit start time (metadata file), overriding the clock.
    pub(crate) start_time: Option<StartTime>,
    /// UTC offset of the recording's clock, when known.
    pub(crate) utc_offset_s: Option<i32>,
    /// Device/app description.
    pub(crate) device: Option<String>,
    /// Decisions and warnings so far.
    pub(crate) provenance: Provenance,
    /// For a windowed read of one table: where reading can go on.
    pub(crate) table_resume: Option<crate::io::table::TableResume>,
    /// True when the window started part-way through the file: times stay
    /// relative to the file's first row (no rebasing).
    pub(crate) continuation: bool,
    /// SHA-256 of the files hashed while they were read.
    pub(crate) source_sha256: Vec<(PathBuf, String)>,
}

impl RawRecording {
    /// An empty raw recording of `format`.
    pub(crate) fn new(format: Format, sources: Vec<PathBuf>) -> RawRecording {
        let mut provenance = Provenance::default();
        provenance.decide(
            "format",
            format.id(),
            DecisionSource::Inferred,
            format.name(),
        );
        RawRecording {
            format,
            sources,
            acc: None,
            linear_acc: None,
            gyro: None,
            gravity: None,
            mag: None,
            orientation: None,
            epoch_clock: false,
            local_clock: false,
            start_time: None,
            utc_offset_s: None,
            device: None,
            provenance,
            table_resume: None,
            continuation: false,
            source_sha256: Vec::new(),
        }
    }

    /// Records the table-level facts of a read (skipped cells, truncation).
    pub(crate) fn note_table(&mut self, label: &str, table: &TableData, stream_names: &[&str]) {
        for (name, missing) in stream_names.iter().zip(&table.missing) {
            if *missing > 0 {
                self.provenance.warn(format!(
                    "{label}: {missing} rows had empty, NaN or infinite {name} cells; those samples were skipped"
                ));
            }
        }
        if table.missing_time > 0 {
            self.provenance.warn(format!(
                "{label}: {} rows had no time value and were skipped",
                table.missing_time
            ));
        }
        if let Some(line) = table.truncated_last_line {
            self.provenance.warn(format!(
                "{label}: the last line ({line}) is incomplete (interrupted recording?) and was dropped"
            ));
        }
        if table.counter_wraps > 0 {
            self.provenance.decide(
                "timestamps",
                format!("{} counter wrap-arounds unwrapped", table.counter_wraps),
                DecisionSource::Inferred,
                format!("{label}: the sample counter restarted from a lower value"),
            );
        }
    }
}

/// A raw recording turned into a [`Recording`] by [`finish`].
#[derive(Debug)]
pub(crate) struct Finished {
    /// The recording in SI units.
    pub(crate) recording: Recording,
    /// The time shift applied to put its first sample at t = 0 (none for a
    /// continuation window, whose times stay relative to the file's first row).
    pub(crate) shift_s: f64,
    /// True when a stream's clock was repaired (rows sorted, or a reset
    /// re-timed): its times are then not the file's own.
    pub(crate) clock_repaired: bool,
}

/// Turns a raw recording into a [`Recording`] in SI units.
pub(crate) fn finish(mut raw: RawRecording, options: &ReadOptions) -> Result<Finished> {
    let path = raw.sources.first().cloned().unwrap_or_default();
    let mut provenance = std::mem::take(&mut raw.provenance);

    let samples = |s: &Option<RawStream>| s.as_ref().map_or(0, |s| s.data.len());
    let has_acc_stream = raw.acc.is_some() || raw.linear_acc.is_some();
    if has_acc_stream && samples(&raw.acc) + samples(&raw.linear_acc) == 0 {
        return Err(Error::data(
            &path,
            "the file has no data rows (header only?): no accelerometer samples",
        ));
    }

    // Units.
    // The total acceleration's measured rate serves the unit inference, the
    // gravity checks and the quality warnings: scaling leaves its clock alone.
    let (acc, acc_measured, acc_rate) = match raw.acc.take() {
        Some(s) => {
            let rate = s.data.measured_rate_hz();
            let (s, measured) = resolve_acc(s, true, Some(rate), options, &mut provenance, &path)?;
            (Some(s), measured, Some(rate))
        }
        None => (None, None, None),
    };
    let linear = raw
        .linear_acc
        .take()
        .map(|s| resolve_acc(s, false, None, options, &mut provenance, &path).map(|(s, _)| s))
        .transpose()?;
    let gravity = raw
        .gravity
        .take()
        .map(|s| resolve_acc(s, false, None, options, &mut provenance, &path).map(|(s, _)| s))
        .transpose()?;
    let gyro = raw
        .gyro
        .take()
        .map(|s| resolve_gyro(s, options, &mut provenance, &path))
        .transpose()?;
    let mag = raw.mag.take().map(|mut s| {
        let unit = match &s.unit {
            UnitSpec::Known { unit, .. } => *unit,
            UnitSpec::Unknown => Unit::Arbitrary,
        };
        s.data.scale(unit.to_si());
        s
    });

    // Clock alignment: every stream's time zero moves to the earliest origin.
    let origins: Vec<i128> = [&acc, &linear, &gravity, &gyro, &mag]
        .iter()
        .filter_map(|s| s.as_ref().map(|s| s.origin_ns))
        .chain(raw.orientation.as_ref().map(|(_, o)| *o))
        .collect();
    let Some(&global_origin) = origins.iter().min() else {
        return Err(Error::data(&path, "no accelerometer samples were found"));
    };
    // What the unit inference measured and the measured rate still hold for
    // the total acceleration if alignment leaves its clock as it was.
    let acc_clock_kept = acc.as_ref().is_some_and(|s| s.origin_ns == global_origin);
    let acc_measured = acc_measured.filter(|_| acc_clock_kept);
    let acc_rate = acc_rate.filter(|_| acc_clock_kept);
    let align = |stream: &mut RawStream| {
        let offset = (stream.origin_ns - global_origin) as f64 * 1e-9;
        if offset != 0.0 {
            stream.data.shift_time(offset);
        }
    };
    let (mut acc, mut linear, mut gravity, mut gyro, mut mag) = (acc, linear, gravity, gyro, mag);
    for s in [&mut acc, &mut linear, &mut gravity, &mut gyro, &mut mag]
        .into_iter()
        .flatten()
    {
        align(s);
    }
    let orientation = raw.orientation.take().map(|(mut q, origin)| {
        let offset = (origin - global_origin) as f64 * 1e-9;
        q.time_s.iter_mut().for_each(|t| *t += offset);
        q
    });

    // Gravity content.
    let (accelerometer, gravity_content) = match (acc, linear) {
        (Some(total), _) => {
            provenance.decide(
                "gravity",
                "included",
                DecisionSource::FormatSpec,
                format!("{} holds specific force including gravity", total.label),
            );
            (total.data, GravityContent::Included)
        }
        (None, Some(linear)) => match &gravity {
            Some(g) => {
                provenance.decide(
                    "gravity",
                    "reconstructed",
                    DecisionSource::Inferred,
                    format!(
                        "{} has linear acceleration only; added the device's gravity stream from {}",
                        linear.label, g.label
                    ),
                );
                (
                    add_interpolated(&linear.data, &g.data),
                    GravityContent::Reconstructed,
                )
            }
            None => {
                provenance.decide(
                    "gravity",
                    "absent",
                    DecisionSource::FormatSpec,
                    format!(
                        "{} has linear acceleration only and no gravity stream",
                        linear.label
                    ),
                );
                provenance.warn(
                    "the accelerometer data have gravity removed and no gravity stream was found: orientation cannot be estimated from gravity; record 'acceleration with g' if you can",
                );
                (linear.data, GravityContent::Absent)
            }
        },
        (None, None) => {
            return Err(Error::data(
                &path,
                "no accelerometer stream was found in the input",
            ))
        }
    };
    if accelerometer.len() < 2 {
        return Err(Error::data(
            &path,
            format!(
                "only {} accelerometer sample(s): a recording needs at least two",
                accelerometer.len()
            ),
        ));
    }

    // Gravity checks. First: gravity removed by the device but labelled as
    // total acceleration. With gravity, the mean over several strides is g
    // itself, with or without a still period; the test is unit-free (the mean
    // vector against the typical |a|). A device turning through large angles
    // (an acted arm swing) shrinks the mean vector too, but to about half of
    // |a|, not to nearly nothing. Second (unit mismatch): |a| in a still period.
    if gravity_content != GravityContent::Absent {
        // (`acc_rate` is the total acceleration's, which this stream then is.)
        let rate = acc_rate.unwrap_or_else(|| accelerometer.measured_rate_hz());
        // (`acc_measured` holds at `acc_rate`: both are kept or dropped together.)
        let rest = acc_measured
            .and_then(|m| m.rest)
            .or_else(|| rest_magnitude_at_rate(&accelerometer, rate));
        let typical = rest.map(|r| r.median_magnitude);
        let mean_gravity = || match acc_measured {
            Some(measured) => measured.mean_gravity,
            None => mean_gravity_magnitude_at_rate(&accelerometer, rate),
        };
        let gravity_removed = (gravity_content == GravityContent::Included)
            .then(|| mean_gravity().zip(typical))
            .flatten()
            .filter(|&(mean, typical)| mean < GRAVITY_ABSENT_RATIO * typical);
        if let Some((mean, typical)) = gravity_removed {
            provenance.warn(format!(
                "averaged over {GRAVITY_WINDOW_S:.0}-s windows the acceleration vector is {mean:.2} m/s^2 against a typical |a| of {typical:.2} m/s^2: the data seem to have gravity removed (linear acceleration; then the inferred unit may be wrong too); the vertical cannot be found from them, so steps and direction are unreliable; export acceleration including gravity"
            ));
        } else if let Some(rest) = rest {
            // Only a truly still period says anything about the scale.
            if rest.spread < STILL_SPREAD_MPS2
                && (rest.magnitude / STANDARD_GRAVITY - 1.0).abs() > 0.2
            {
                provenance.warn(format!(
                    "|a| at rest is {:.2} m/s^2, not 9.81: check the accelerometer unit (override with --acc-unit) or the sensor's calibration",
                    rest.magnitude
                ));
            }
        }
    }

    // Start time.
    let start_time = raw.start_time.or_else(|| {
        if raw.epoch_clock {
            i64::try_from(global_origin).ok().map(|unix_ns| StartTime {
                unix_ns,
                utc_offset_s: raw.utc_offset_s,
            })
        } else if raw.local_clock {
            let offset = raw.utc_offset_s?;
            i64::try_from(global_origin - i128::from(offset) * 1_000_000_000)
                .ok()
                .map(|unix_ns| StartTime {
                    unix_ns,
                    utc_offset_s: Some(offset),
                })
        } else {
            None
        }
    });
    if start_time.is_none() && raw.local_clock {
        provenance.warn("the file gives local date-times without a UTC offset: the absolute start time is not known");
    }

    let mut recording = Recording {
        format: raw.format,
        sources: raw.sources,
        start_time,
        accelerometer,
        gyroscope: gyro.map(|s| s.data),
        gravity: gravity.map(|s| s.data),
        magnetometer: mag.map(|s| s.data),
        orientation,
        gravity_content,
        device: raw.device,
        provenance,
        source_sha256: raw.source_sha256,
    };
    let mut clock_repaired = false;
    for (name, stream) in [
        ("accelerometer", Some(&mut recording.accelerometer)),
        ("gyroscope", recording.gyroscope.as_mut()),
        ("gravity", recording.gravity.as_mut()),
        ("magnetometer", recording.magnetometer.as_mut()),
    ] {
        if let Some(stream) = stream {
            clock_repaired |= repair_clock(name, stream, &mut recording.provenance, &path)?;
        }
    }
    let shift_s = if raw.continuation {
        0.0
    } else {
        recording.rebase_time()
    };
    if let Some(rate) = options.rate_hz {
        for stream in [
            Some(&mut recording.accelerometer),
            recording.gyroscope.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            stream.nominal_rate_hz = Some(rate);
        }
        recording.provenance.decide(
            "rate",
            format!("{rate} Hz"),
            DecisionSource::UserOverride,
            "--rate",
        );
    }
    // Neither repair nor rebasing moved the accelerometer's clock: its rate stands.
    let acc_rate = acc_rate.filter(|_| !clock_repaired && shift_s == 0.0);
    quality_warnings(&mut recording, acc_rate);
    Ok(Finished {
        recording,
        shift_s,
        clock_repaired,
    })
}

/// What the unit inference measured of an acceleration stream at its
/// measured rate: still true after scaling by 1.
#[derive(Debug, Clone, Copy)]
struct Measured {
    /// [`rest_magnitude_at_rate`].
    rest: Option<RestEstimate>,
    /// [`mean_gravity_magnitude_at_rate`] (the total acceleration's only;
    /// `None` for the others).
    mean_gravity: Option<f64>,
}

/// Resolves an acceleration stream's unit and scales it to m/s²; returns what
/// the unit inference measured when the unit was inferred and the scale is 1.
/// `measured_rate_hz` is the stream's [`VectorStream::measured_rate_hz`] when
/// the caller has it (`None`: not computed yet).
fn resolve_acc(
    mut stream: RawStream,
    total: bool,
    measured_rate_hz: Option<Option<f64>>,
    options: &ReadOptions,
    provenance: &mut Provenance,
    path: &std::path::Path,
) -> Result<(RawStream, Option<Measured>)> {
    let mut measured = None;
    let topic = if total {
        "accelerometer unit".to_string()
    } else {
        format!("{} unit", stream.label)
    };
    let (unit, source, reason) = match (&stream.unit, options.acc_unit) {
        (_, Some(unit)) => (unit, DecisionSource::UserOverride, "--acc-unit".to_string()),
        (
            UnitSpec::Known {
                unit,
                source,
                reason,
            },
            None,
        ) => (*unit, *source, reason.clone()),
        (UnitSpec::Unknown, None) => {
            let rate = measured_rate_hz.unwrap_or_else(|| stream.data.measured_rate_hz());
            // The total acceleration's gravity check reads the mean gravity
            // too: both from one pass over the samples.
            let (rest, mean_gravity) = if total {
                rest_and_mean_gravity_at_rate(&stream.data, rate)
            } else {
                (rest_magnitude_at_rate(&stream.data, rate), None)
            };
            measured = Some(Measured { rest, mean_gravity });
            let inference = infer_acc_unit_from_rest(rest);
            let Some(unit) = inference.unit else {
                return Err(Error::data(
                    path,
                    format!(
                        "cannot tell the accelerometer unit of {}: {}; pass --acc-unit (g, mg, m/s^2)",
                        stream.label, inference.reason
                    ),
                ));
            };
            if inference.gravity_absent && total {
                provenance.warn(format!(
                    "{}: |a| at rest is near zero: the accelerometer data seem to have gravity removed",
                    stream.label
                ));
            }
            (unit, DecisionSource::Inferred, inference.reason)
        }
    };
    if !unit.is_acceleration() {
        return Err(Error::option(
            "--acc-unit",
            format!(
                "{} is not an acceleration unit (use g, mg or m/s^2)",
                unit.symbol()
            ),
        ));
    }
    provenance.decide(topic, unit.symbol(), source, reason);
    let factor = unit.to_si();
    stream.data.scale(factor);
    stream.unit = UnitSpec::Known {
        unit: Unit::MetrePerSecond2,
        source,
        reason: String::new(),
    };
    // Scaling by 1 leaves every value as it was, and so what was measured.
    Ok((stream, measured.filter(|_| factor == 1.0)))
}

fn resolve_gyro(
    mut stream: RawStream,
    options: &ReadOptions,
    provenance: &mut Provenance,
    path: &std::path::Path,
) -> Result<RawStream> {
    let (unit, source, reason) = match (&stream.unit, options.gyro_unit) {
        (_, Some(unit)) => (
            unit,
            DecisionSource::UserOverride,
            "--gyro-unit".to_string(),
        ),
        (
            UnitSpec::Known {
                unit,
                source,
                reason,
            },
            None,
        ) => (*unit, *source, reason.clone()),
        (UnitSpec::Unknown, None) => {
            let (unit, reason) = infer_gyro_unit(&stream.data);
            let Some(unit) = unit else {
                return Err(Error::data(
                    path,
                    format!(
                        "cannot tell the gyroscope unit of {}: {reason}; pass --gyro-unit (rad/s or deg/s)",
                        stream.label
                    ),
                ));
            };
            (unit, DecisionSource::Inferred, reason)
        }
    };
    if !unit.is_angular_velocity() {
        return Err(Error::option(
            "--gyro-unit",
            format!(
                "{} is not an angular velocity unit (use rad/s or deg/s)",
                unit.symbol()
            ),
        ));
    }
    // A stated rad/s with an implausible range is most likely deg/s mislabelled.
    if unit == Unit::RadianPerSecond && source != DecisionSource::UserOverride {
        if let (Some(Unit::DegreePerSecond), why) = infer_gyro_unit(&stream.data) {
            provenance.warn(format!(
                "{}: the gyroscope is labelled rad/s but {why}; check the unit (override with --gyro-unit)",
                stream.label
            ));
        }
    }
    provenance.decide("gyroscope unit", unit.symbol(), source, reason);
    stream.data.scale(unit.to_si());
    Ok(stream)
}

/// Makes a stream's clock usable without losing samples: rows written out of
/// order are sorted; a clock that jumps back (a reset) has the samples after
/// the jump re-timed to follow on; a clock that never advances is an error.
/// Returns true when any time was changed.
fn repair_clock(
    name: &str,
    stream: &mut VectorStream,
    provenance: &mut Provenance,
    path: &std::path::Path,
) -> Result<bool> {
    let n = stream.len();
    if n < 2 {
        return Ok(false);
    }
    if stream.duration_s() == 0.0 && stream.time_s.iter().all(|t| *t == stream.time_s[0]) {
        return Err(Error::data(
            path,
            format!("all {n} {name} timestamps are equal: the time column is not a clock"),
        ));
    }
    let backward = stream.backward_steps();
    if backward == 0 {
        return Ok(false);
    }
    if backward * 100 >= n {
        // Many small steps back: rows out of order. Sort them (stable).
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| stream.time_s[a].total_cmp(&stream.time_s[b]));
        let reorder = |v: &Vec<f64>| order.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        stream.time_s = reorder(&stream.time_s);
        stream.x = reorder(&stream.x);
        stream.y = reorder(&stream.y);
        stream.z = reorder(&stream.z);
        provenance.decide(
            "timestamps",
            format!("{backward} rows out of time order sorted"),
            DecisionSource::Inferred,
            "many timestamps step back: the rows were written out of order",
        );
        provenance.warn(format!(
            "{name}: {backward} rows were out of time order and were sorted"
        ));
        return Ok(true);
    }
    // A few steps back: clock resets. Re-time what follows each to continue
    // one typical interval after the last sample before it.
    let typical = stream.median_interval_s().unwrap_or(0.01);
    let mut offset = 0.0;
    let mut resets = Vec::new();
    for i in 1..n {
        let previous = stream.time_s[i - 1];
        let current = stream.time_s[i] + offset;
        if current < previous {
            let shift = previous + typical - current;
            offset += shift;
            resets.push((previous, shift));
        }
        stream.time_s[i] += offset;
    }
    for (at, shift) in &resets {
        provenance.warn(format!(
            "{name}: the clock jumps back by {:.3} s after t = {at:.3} s (a reset?): later samples re-timed to follow on; durations after it are approximate",
            shift - typical
        ));
    }
    Ok(true)
}

/// `a + b` where `b` is linearly interpolated at `a`'s times (gravity added
/// to linear acceleration; the two streams may have different clocks).
fn add_interpolated(a: &VectorStream, b: &VectorStream) -> VectorStream {
    let mut out = a.clone();
    if b.is_empty() {
        return out;
    }
    let mut j = 0;
    for i in 0..a.len() {
        let t = a.time_s[i];
        while j + 1 < b.len() && b.time_s[j + 1] <= t {
            j += 1;
        }
        let value = if j + 1 < b.len() && b.time_s[j] <= t {
            let span = b.time_s[j + 1] - b.time_s[j];
            let w = if span > 0.0 {
                (t - b.time_s[j]) / span
            } else {
                0.0
            };
            [
                b.x[j] + w * (b.x[j + 1] - b.x[j]),
                b.y[j] + w * (b.y[j + 1] - b.y[j]),
                b.z[j] + w * (b.z[j + 1] - b.z[j]),
            ]
        } else {
            [b.x[j], b.y[j], b.z[j]]
        };
        out.x[i] += value[0];
        out.y[i] += value[1];
        out.z[i] += value[2];
    }
    out
}

/// Warns of streams too slow for steps. `acc_rate` is the accelerometer's
/// [`VectorStream::measured_rate_hz`] when the caller has it.
fn quality_warnings(recording: &mut Recording, acc_rate: Option<Option<f64>>) {
    let mut warnings = Vec::new();
    for (kind, stream) in recording.streams() {
        let rate = match (kind, acc_rate) {
            (crate::recording::StreamKind::Accelerometer, Some(rate)) => rate,
            _ => stream.measured_rate_hz(),
        };
        if let Some(rate) = rate {
            if rate < LOW_RATE_HZ
                && matches!(
                    kind,
                    crate::recording::StreamKind::Accelerometer
                        | crate::recording::StreamKind::Gyroscope
                )
            {
                warnings.push(format!(
                    "{} rate is {:.1} Hz: below {LOW_RATE_HZ} Hz, steps cannot be detected reliably",
                    kind.name(),
                    rate
                ));
            }
        }
    }
    recording.provenance.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_stream(values: &[(f64, [f64; 3])], unit: UnitSpec) -> RawStream {
        let mut data = VectorStream::default();
        for (t, v) in values {
            data.push(*t, *v);
        }
        RawStream {
            data,
            origin_ns: 0,
            unit,
            label: "test".into(),
        }
    }

    #[test]
    fn linear_plus_gravity_is_reconstructed_and_aligned() {
        let mut raw = RawRecording::new(Format::SensorLogger, vec!["x".into()]);
        let mut linear = raw_stream(
            &[
                (0.0, [0.0, 0.0, 1.0]),
                (0.01, [0.0, 0.0, 1.0]),
                (0.02, [0.0, 0.0, 1.0]),
            ],
            UnitSpec::spec(Unit::MetrePerSecond2, "doc"),
        );
        linear.origin_ns = 1_000_000_000_010_000_000;
        let mut gravity = raw_stream(
            &[
                (0.0, [0.0, 0.0, 9.0]),
                (0.02, [0.0, 0.0, 9.0]),
                (0.04, [0.0, 0.0, 9.0]),
            ],
            UnitSpec::spec(Unit::MetrePerSecond2, "doc"),
        );
        gravity.origin_ns = 1_000_000_000_000_000_000;
        raw.linear_acc = Some(linear);
        raw.gravity = Some(gravity);
        raw.epoch_clock = true;
        let recording = finish(raw, &ReadOptions::default()).unwrap().recording;
        assert_eq!(recording.gravity_content, GravityContent::Reconstructed);
        assert_eq!(recording.accelerometer.z, vec![10.0, 10.0, 10.0]);
        // The gravity stream started 10 ms earlier, so it is the time origin.
        assert!((recording.accelerometer.time_s[0] - 0.01).abs() < 1e-12);
        assert_eq!(
            recording.start_time.unwrap().unix_ns,
            1_000_000_000_000_000_000
        );
    }

    #[test]
    fn overrides_win_and_are_recorded() {
        let mut raw = RawRecording::new(Format::Generic, vec!["x".into()]);
        raw.acc = Some(raw_stream(
            &[(0.0, [0.0, 0.0, 1.0]), (0.01, [0.0, 0.0, 1.0])],
            UnitSpec::Unknown,
        ));
        let options = ReadOptions {
            acc_unit: Some(Unit::G),
            ..ReadOptions::default()
        };
        let recording = finish(raw, &options).unwrap().recording;
        assert_eq!(recording.accelerometer.z[0], STANDARD_GRAVITY);
        let decision = recording.provenance.decision("accelerometer unit").unwrap();
        assert_eq!(decision.source, DecisionSource::UserOverride);
    }

    #[test]
    fn a_wrong_override_unit_is_refused() {
        let mut raw = RawRecording::new(Format::Generic, vec!["x".into()]);
        raw.acc = Some(raw_stream(
            &[(0.0, [0.0, 0.0, 1.0]), (0.01, [0.0, 0.0, 1.0])],
            UnitSpec::Unknown,
        ));
        let options = ReadOptions {
            acc_unit: Some(Unit::DegreePerSecond),
            ..ReadOptions::default()
        };
        let error = finish(raw, &options).unwrap_err().to_string();
        assert!(error.contains("--acc-unit"), "{error}");
    }
}
