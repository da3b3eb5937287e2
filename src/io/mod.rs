//! Reading recordings: detect the format, read the files, and return a
//! [`Recording`] in SI units with the provenance of every decision.
//!
//! One module per format family; [`detect`] picks the family; the shared
//! [`table`] engine streams delimited text; [`assemble`] resolves units,
//! gravity and clocks the same way for all of them.

pub(crate) mod actigraph;
pub(crate) mod androsensor;
pub(crate) mod assemble;
pub(crate) mod axivity;
pub mod chunks;
pub(crate) mod columns;
pub mod detect;
pub(crate) mod empatica;
pub(crate) mod generic;
pub(crate) mod metawear;
pub(crate) mod mobgap;
pub(crate) mod oxford;
pub(crate) mod phyphox;
pub(crate) mod physics_toolbox;
pub(crate) mod polar;
pub(crate) mod sensor_logger;
pub(crate) mod sensorlog;
pub(crate) mod shimmer;
pub mod source;
pub(crate) mod table;
pub(crate) mod text;
pub mod units;
pub(crate) mod xsens;

use crate::error::{Error, Result};
use crate::recording::{DecisionSource, Format, Recording};
use assemble::RawRecording;
use detect::{Detection, Head};
use source::Source;
use std::path::PathBuf;
use units::Unit;

pub use detect::DetectedFile;

/// Options that override what detection would decide.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReadOptions {
    /// Force a format (`--format`).
    pub format: Option<Format>,
    /// Sampling rate for files without time, and the nominal rate otherwise (`--rate`).
    pub rate_hz: Option<f64>,
    /// Accelerometer unit (`--acc-unit`).
    pub acc_unit: Option<Unit>,
    /// Gyroscope unit (`--gyro-unit`).
    pub gyro_unit: Option<Unit>,
}

impl ReadOptions {
    /// Checks the values (a rate must be positive and finite).
    pub fn validate(&self) -> Result<()> {
        if let Some(rate) = self.rate_hz {
            if !(rate.is_finite() && rate > 0.0 && rate <= 100_000.0) {
                return Err(Error::option("--rate", format!("{rate} is not a sampling rate in Hz (expected a number between 0 and 100000)")));
            }
        }
        Ok(())
    }
}

/// A recording and how it was detected.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The recording, in SI units.
    pub recording: Recording,
    /// The detection result.
    pub detection: Detection,
}

/// Reads one recording from files, folders or zip archives.
pub fn read(inputs: &[PathBuf], options: &ReadOptions) -> Result<Loaded> {
    options.validate()?;
    let sources = source::expand_inputs(inputs)?;
    read_sources(&sources, options)
}

/// Detects the format of the inputs without reading all samples.
pub fn detect_inputs(inputs: &[PathBuf], options: &ReadOptions) -> Result<Detection> {
    let sources = source::expand_inputs(inputs)?;
    detect_sources(&sources, options)
}

/// Detects the format of already expanded sources (in memory or on disk).
pub fn detect_sources(sources: &[Source], options: &ReadOptions) -> Result<Detection> {
    let (detection, _) = detect::detect(sources, options.format)?;
    Ok(detection)
}

/// Reads one recording from already expanded sources.
pub fn read_sources(sources: &[Source], options: &ReadOptions) -> Result<Loaded> {
    options.validate()?;
    let (detection, files) = detect::detect(sources, options.format)?;
    Ok(read_detected(detection, &files, options)?.loaded)
}

/// What one read gives beyond the recording (for chunked reading).
pub(crate) struct ReadOutcome {
    /// The recording and its detection.
    pub(crate) loaded: Loaded,
    /// Where a windowed table read can go on.
    pub(crate) resume: Option<table::TableResume>,
    /// Seconds subtracted to put the first sample at t = 0.
    pub(crate) shift_s: f64,
    /// True when the clock was repaired (see [`assemble::Finished`]).
    pub(crate) clock_repaired: bool,
}

/// Reads the files of a detected recording.
pub(crate) fn read_detected(
    detection: Detection,
    files: &Files,
    options: &ReadOptions,
) -> Result<ReadOutcome> {
    if !detection.format.multi_file() && files.data.len() > 1 {
        let names: Vec<String> = files
            .data
            .iter()
            .map(|(s, _)| s.display.display().to_string())
            .collect();
        return Err(Error::format(
            &files.data[0].0.display,
            format!(
                "{} files given, but each {} holds one recording: give one at a time ({})",
                names.len(),
                detection.format.name(),
                names.join(", ")
            ),
        ));
    }
    let mut raw = match detection.format {
        Format::Phyphox => phyphox::read(files, options)?,
        Format::SensorLogger => sensor_logger::read(files, options)?,
        Format::Metawear => metawear::read(files, options)?,
        Format::Shimmer => shimmer::read(files, options)?,
        Format::Axivity => axivity::read(files, options)?,
        Format::Actigraph => actigraph::read(files, options)?,
        Format::Androsensor => androsensor::read(files, options)?,
        Format::Sensorlog => sensorlog::read(files, options)?,
        Format::PhysicsToolbox => physics_toolbox::read(files, options)?,
        Format::Polar => polar::read(files, options)?,
        Format::Empatica => empatica::read(files, options)?,
        Format::Xsens => xsens::read(files, options)?,
        Format::OxfordPhone => oxford::read(files, options)?,
        Format::Mobgap => mobgap::read(files, options)?,
        Format::Generic => generic::read(files, options)?,
    };
    if let Some(first) = raw.provenance.decisions.first_mut() {
        if first.topic == "format" {
            first.source = if options.format.is_some() {
                DecisionSource::UserOverride
            } else {
                DecisionSource::Inferred
            };
            first.reason = detection.reason.clone();
        }
    }
    for (source, head) in &files.data {
        if head.encoding != text::Encoding::Utf8 {
            raw.provenance.decide(
                "encoding",
                format!("{:?}", head.encoding),
                DecisionSource::Inferred,
                format!(
                    "{}: byte order mark or NUL pattern; transcoded to UTF-8",
                    source.display.display()
                ),
            );
        }
    }
    let resume = raw.table_resume.take();
    let finished = assemble::finish(raw, options)?;
    Ok(ReadOutcome {
        loaded: Loaded {
            recording: finished.recording,
            detection,
        },
        resume,
        shift_s: finished.shift_s,
        clock_repaired: finished.clock_repaired,
    })
}

impl Format {
    /// True for formats whose recording spans several files (one per sensor).
    pub fn multi_file(self) -> bool {
        matches!(
            self,
            Format::Phyphox | Format::SensorLogger | Format::Metawear | Format::Polar
        )
    }
}

/// The files of one recording, with their heads, as a reader receives them.
#[derive(Debug)]
pub(crate) struct Files {
    /// Files with samples.
    pub(crate) data: Vec<(Source, Head)>,
    /// Metadata files beside them.
    pub(crate) side: Vec<(Source, Head)>,
}

impl Files {
    /// The only data file of a single-file format.
    pub(crate) fn single(&self) -> Result<&(Source, Head)> {
        self.data
            .first()
            .ok_or_else(|| Error::format("(no input)", "no data file"))
    }

    /// Paths of all files used.
    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        self.data
            .iter()
            .chain(&self.side)
            .map(|(s, _)| s.display.clone())
            .collect()
    }

    /// The side file with this file name (case-insensitive), if given.
    pub(crate) fn side_named(&self, name: &str) -> Option<&(Source, Head)> {
        self.side
            .iter()
            .find(|(s, _)| s.file_name().eq_ignore_ascii_case(name))
    }
}

/// Rows to reserve for a file: its size over the typical line length of its head.
pub(crate) fn estimate_rows(source: &Source, head: &Head) -> usize {
    let Some(size) = source.len() else {
        return 0;
    };
    let sample: Vec<usize> = head
        .lines
        .iter()
        .skip(1)
        .take(50)
        .map(|l| l.len() + 1)
        .collect();
    if sample.is_empty() {
        return 0;
    }
    let mean = sample.iter().sum::<usize>() as f64 / sample.len() as f64;
    // Slight over-estimate so the vectors do not grow at the end.
    ((size as f64 / mean.max(1.0)) * 1.02) as usize + 16
}

/// The sampling rate for a file without usable time: `--rate`, else the
/// rate the file states, else an error telling the user what to pass.
pub(crate) fn rate_or_option(
    stated: Option<f64>,
    options: &ReadOptions,
    raw: &mut RawRecording,
    path: &std::path::Path,
    what: &str,
) -> Result<f64> {
    if let Some(rate) = options.rate_hz {
        raw.provenance.decide(
            "rate",
            format!("{rate} Hz"),
            DecisionSource::UserOverride,
            "--rate",
        );
        return Ok(rate);
    }
    if let Some(rate) = stated {
        raw.provenance.decide(
            "rate",
            format!("{rate} Hz"),
            DecisionSource::Header,
            what.to_string(),
        );
        return Ok(rate);
    }
    Err(Error::format(
        path,
        format!("{what}; pass the sampling rate with --rate HZ"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADERS: [&str; 10] = [
        "time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z",
        "samples,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z",
        "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\"",
        "time,seconds_elapsed,z,y,x",
        "epoch (ms),time (-13:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)",
        "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z",
        "time,gFx,gFy,gFz,TgF",
        "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]",
        "loggingTime(txt),accelerometerTimestamp_sinceReboot(s),accelerometerAccelerationX(G),accelerometerAccelerationY(G),accelerometerAccelerationZ(G)",
        "",
    ];

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "-?[0-9]{1,6}(\\.[0-9]{0,6})?",
            "-?[0-9]\\.[0-9]{1,9}E-?[0-9]",
            Just(String::new()),
            Just("NaN".to_string()),
            "[a-zA-Z]{1,3}",
            Just("2019-12-23 21:04:06.690".to_string()),
            "-?[0-9]{15,25}",
            Just("1e308".to_string()),
            Just("-1e308".to_string()),
            Just("inf".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000), name in "[a-z]{1,8}\\.(csv|txt)") {
            let source = Source::memory(name.clone(), name, bytes);
            let _ = read_sources(&[source], &ReadOptions::default());
        }

        #[test]
        fn arbitrary_tables_never_panic(
            header in proptest::sample::select(HEADERS.to_vec()),
            separator in proptest::sample::select(vec![",", ";", "\t"]),
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 1..9), 0..60),
            rate in proptest::option::of(1.0f64..500.0),
        ) {
            let mut text = format!("{header}\n");
            for row in rows {
                text.push_str(&row.join(separator));
                text.push('\n');
            }
            let source = Source::memory("table.csv", "table.csv", text.into_bytes());
            let options = ReadOptions { rate_hz: rate, ..ReadOptions::default() };
            if let Ok(loaded) = read_sources(&[source], &options) {
                // Whatever was read must be usable downstream.
                let _ = crate::prepare::prepare(&loaded.recording, &crate::prepare::PrepareOptions::default());
                let grid = crate::prepare::PrepareOptions::default();
                if let Ok(report) = crate::inspect::InspectReport::new(&loaded, &grid) {
                    let _ = report.to_text();
                }
            }
        }
    }
}
