//! SensorLog (Bernd Thomas, iOS/watchOS): one wide row per logging event
//! (`loggingTime(txt),loggingSample(N),...`). Each sensor has its own
//! timestamp column (`accelerometerTimestamp_sinceReboot(s)`); raw
//! acceleration is in g with CoreMotion's sign (−1 g face up), flipped here.
//! A row repeats the last sample when a sensor had no new one; such repeats
//! are dropped.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::Quantity;
use crate::io::detect::{header_cells, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::text::{parse_datetime, DateOrder};
use crate::io::units::Unit;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format, StartTime, VectorStream};

/// Claims a header starting `loggingTime(txt)`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    header_cells(header, b',')
        .iter()
        .any(|n| n == "loggingtime(txt)")
        .then(|| {
            Claim::data(
                Format::Sensorlog,
                0.95,
                "header 'loggingTime(txt),...' (SensorLog export)",
            )
        })
}

/// Drops samples whose timestamp equals the previous one (the sensor had no new sample).
fn drop_repeats(stream: &mut VectorStream) -> usize {
    stream.retain(|time, _, last| last != Some(time))
}

/// Reads raw acceleration and gyroscope, each on its own clock.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(Format::Sensorlog, files.paths());
    let info = HeaderInfo::parse(head, 0, b',', 0);
    let names: Vec<String> = info.names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let find = |name: &str| names.iter().position(|n| n == name);
    let sensors = [
        (
            "accelerometertimestamp_sincereboot(s)",
            "accelerometeracceleration",
            "(g)",
            Quantity::Acc,
        ),
        (
            "gyrotimestamp_sincereboot(s)",
            "gyrorotation",
            "(rad/s)",
            Quantity::Gyro,
        ),
    ];
    raw.provenance.decide(
        "sign convention",
        "CoreMotion (flipped to Android)",
        DecisionSource::FormatSpec,
        "SensorLog writes CoreMotion acceleration (-1 g face up): multiplied by -1",
    );
    for (time_name, stem, unit_text, quantity) in sensors {
        let (Some(time_column), Some(x), Some(y), Some(z)) = (
            find(time_name),
            find(&format!("{stem}x{unit_text}")),
            find(&format!("{stem}y{unit_text}")),
            find(&format!("{stem}z{unit_text}")),
        ) else {
            if quantity == Quantity::Acc {
                return Err(Error::format(
                    &path,
                    "no accelerometerAccelerationX(G) columns with their timestamp",
                ));
            }
            continue;
        };
        let (unit, scale) = match quantity {
            Quantity::Acc => (UnitSpec::header(Unit::G, &info.names[x]), -1.0),
            _ => (UnitSpec::header(Unit::RadianPerSecond, &info.names[x]), 1.0),
        };
        read_streams(
            source,
            &info,
            TimeColumn::Float {
                column: time_column,
                seconds_per_unit: 1.0,
            },
            &[StreamColumns {
                quantity,
                columns: [x, y, z],
                unit,
                scale,
            }],
            &mut raw,
        )?;
    }
    for stream in [&mut raw.acc, &mut raw.gyro].into_iter().flatten() {
        let dropped = drop_repeats(&mut stream.data);
        if dropped > 0 {
            raw.provenance.decide(
                "timestamps",
                format!("{dropped} repeated samples dropped"),
                DecisionSource::FormatSpec,
                format!(
                    "{}: SensorLog repeats the last sample when the sensor had no new one",
                    stream.label
                ),
            );
        }
    }
    raw.provenance.decide(
        "clock",
        "time since reboot",
        DecisionSource::FormatSpec,
        "per-sensor *_sinceReboot(s) columns",
    );
    let logging_time = find("loggingtime(txt)").unwrap_or(0);
    if let Some(first) = info.column_samples(logging_time).first() {
        if let Some(parsed) = parse_datetime(first.as_bytes(), DateOrder::YearMonthDay) {
            if let Some(unix_ns) = parsed.utc_ns() {
                raw.start_time = Some(StartTime {
                    unix_ns,
                    utc_offset_s: parsed.offset_s,
                });
                raw.provenance.decide(
                    "start time",
                    first.clone(),
                    DecisionSource::Header,
                    "loggingTime of the first row (within one logging interval)",
                );
            }
        }
    }
    Ok(raw)
}
