//! Sensor Logger (Kelvin Choi) exports: a folder or zip with one CSV per
//! sensor (`time,seconds_elapsed,z,y,x`, `time` in int64 epoch nanoseconds)
//! and `Metadata.csv`. `Accelerometer.csv` has gravity removed,
//! `TotalAcceleration.csv` (Android) includes it, `Gravity.csv` is the
//! device's estimate. iOS without standardisation uses CoreMotion's sign
//! (gravity reads −9.81 face up), which is flipped here.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::{compact_name, Quantity};
use crate::io::detect::{cells, header_cells, header_separator, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::{read_table, MappedColumn, TableLayout, TimeColumn};
use crate::io::units::Unit;
use crate::io::{estimate_rows, Files, ReadOptions};
use crate::recording::{DecisionSource, Format, QuaternionStream};

/// Claims `time,seconds_elapsed,...` files (data when they have x/y/z) and `Metadata.csv`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, header_separator(header));
    if names.len() >= 3 && names[0] == "version" && names[1] == "device name" {
        return Some(Claim::side(
            Format::SensorLogger,
            "Sensor Logger Metadata.csv",
        ));
    }
    if !(names.iter().any(|n| n == "time") && names.iter().any(|n| n == "seconds_elapsed")) {
        return None;
    }
    if role_of(&head.name).is_some() {
        Some(Claim::data(
            Format::SensorLogger,
            0.95,
            "header 'time,seconds_elapsed,...' (Sensor Logger export)",
        ))
    } else {
        Some(Claim::side(
            Format::SensorLogger,
            "Sensor Logger file without motion data",
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Stream(Quantity),
    Orientation,
}

fn role_of(file_name: &str) -> Option<Role> {
    Some(match file_name.to_ascii_lowercase().as_str() {
        "totalacceleration.csv" => Role::Stream(Quantity::Acc),
        "accelerometer.csv" => Role::Stream(Quantity::LinearAcc),
        "gravity.csv" => Role::Stream(Quantity::Gravity),
        "gyroscope.csv" => Role::Stream(Quantity::Gyro),
        "magnetometer.csv" => Role::Stream(Quantity::Mag),
        "orientation.csv" => Role::Orientation,
        _ => return None,
    })
}

/// Platform and standardisation from Metadata.csv, else from the Orientation column order.
fn platform(files: &Files, raw: &mut RawRecording) -> (bool, bool) {
    if let Some((source, head)) = files.side_named("Metadata.csv") {
        let separator = head.first_line().map_or(b',', |(_, l)| header_separator(l));
        let names = head
            .lines
            .first()
            .map(|l| header_cells(l, separator))
            .unwrap_or_default();
        let values = head
            .lines
            .get(1)
            .map(|l| cells(l, separator))
            .unwrap_or_default();
        let get = |key: &str| {
            names
                .iter()
                .position(|n| n == key)
                .and_then(|i| values.get(i))
                .cloned()
        };
        let ios = get("platform").is_some_and(|p| p.eq_ignore_ascii_case("ios"));
        let standardised = get("standardisation").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let device = [
            get("device name"),
            get("platform"),
            get("appversion").map(|v| format!("Sensor Logger {v}")),
        ];
        raw.device = Some(device.into_iter().flatten().collect::<Vec<_>>().join(", "));
        raw.provenance.decide(
            "platform",
            if ios { "ios" } else { "android" },
            DecisionSource::Metadata,
            format!(
                "{}: platform, standardisation={standardised}",
                source.display.display()
            ),
        );
        if let Some(zone) = get("recording timezone") {
            raw.provenance.decide(
                "time zone",
                zone,
                DecisionSource::Metadata,
                "Metadata.csv recording timezone",
            );
        }
        return (ios, standardised);
    }
    // iOS writes Orientation.csv as time,seconds_elapsed,yaw,qx,qz,...; Android as ...,qz,qy,qx,qw,...
    let orientation = files
        .data
        .iter()
        .find(|(s, _)| s.file_name().eq_ignore_ascii_case("Orientation.csv"));
    if let Some((_, head)) = orientation {
        let names = head
            .lines
            .first()
            .map(|l| header_cells(l, b','))
            .unwrap_or_default();
        let ios = names.get(2).is_some_and(|n| n == "yaw");
        raw.provenance.decide(
            "platform",
            if ios { "ios" } else { "android" },
            DecisionSource::Inferred,
            "no Metadata.csv; Orientation.csv column order differs between iOS and Android",
        );
        return (ios, false);
    }
    raw.provenance.decide(
        "platform",
        "android",
        DecisionSource::Default,
        "no Metadata.csv and no Orientation.csv",
    );
    raw.provenance.warn(
        "Sensor Logger export without Metadata.csv: platform unknown, Android sign convention assumed (an iOS export would have its accelerometer sign flipped)",
    );
    (false, false)
}

/// Reads every sensor file of the export.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let mut raw = RawRecording::new(Format::SensorLogger, files.paths());
    let (ios, standardised) = platform(files, &mut raw);
    let flip = ios && !standardised;
    raw.provenance.decide(
        "sign convention",
        if flip {
            "CoreMotion (flipped to Android)"
        } else {
            "Android"
        },
        if flip {
            DecisionSource::Metadata
        } else {
            DecisionSource::FormatSpec
        },
        if flip {
            "iOS export without standardisation: acceleration and gravity multiplied by -1"
        } else {
            "values already follow the Android convention"
        },
    );
    raw.epoch_clock = true;
    raw.provenance.decide(
        "clock",
        "Unix epoch ns",
        DecisionSource::FormatSpec,
        "Sensor Logger 'time' column",
    );
    let mut seen = Vec::new();
    for (source, head) in &files.data {
        let Some(role) = role_of(source.file_name()) else {
            continue;
        };
        if seen.contains(&role) {
            return Err(Error::format(
                &source.display,
                format!(
                    "a second {} file: the inputs hold more than one recording",
                    source.file_name()
                ),
            ));
        }
        seen.push(role);
        let info = HeaderInfo::parse(head, 0, b',', 0);
        let names: Vec<String> = info.names.iter().map(|n| compact_name(n)).collect();
        let find = |name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| Error::format(&source.display, format!("no '{name}' column")))
        };
        let time_column = find("time")?;
        let time = TimeColumn::Integer {
            column: time_column,
            nanos_per_unit: 1,
        };
        match role {
            Role::Stream(quantity) => {
                let columns = [find("x")?, find("y")?, find("z")?];
                let (unit, scale) = match quantity {
                    Quantity::Gyro => (
                        UnitSpec::spec(Unit::RadianPerSecond, "Sensor Logger gyroscope is rad/s"),
                        1.0,
                    ),
                    Quantity::Mag => (
                        UnitSpec::spec(Unit::MicroTesla, "Sensor Logger magnetometer is uT"),
                        1.0,
                    ),
                    _ => (
                        UnitSpec::spec(
                            Unit::MetrePerSecond2,
                            "Sensor Logger acceleration is m/s^2",
                        ),
                        if flip { -1.0 } else { 1.0 },
                    ),
                };
                read_streams(
                    source,
                    &info,
                    time,
                    &[StreamColumns {
                        quantity,
                        columns,
                        unit,
                        scale,
                    }],
                    &mut raw,
                )?;
            }
            Role::Orientation => {
                let quaternion = [find("qw")?, find("qx")?, find("qy")?, find("qz")?];
                let layout = TableLayout {
                    separator: b',',
                    decimal_comma: false,
                    first_data_line: 2,
                    column_names: info.names.clone(),
                    time,
                    // The table engine reads triples: (w, x, y) and (z, z, z).
                    columns: [
                        quaternion[0],
                        quaternion[1],
                        quaternion[2],
                        quaternion[3],
                        quaternion[3],
                        quaternion[3],
                    ]
                    .iter()
                    .enumerate()
                    .map(|(i, &column)| MappedColumn {
                        column,
                        stream: i / 3,
                        axis: i % 3,
                        scale: 1.0,
                    })
                    .collect(),
                    streams: 2,
                };
                let table = read_table(source, &layout, estimate_rows(source, head))?;
                let (wxy, z) = (&table.streams[0], &table.streams[1]);
                let n = wxy.len().min(z.len());
                let stream = QuaternionStream {
                    time_s: wxy.time_s[..n].to_vec(),
                    quaternions: (0..n)
                        .map(|i| [wxy.x[i], wxy.y[i], wxy.z[i], z.x[i]])
                        .collect(),
                };
                raw.orientation = Some((stream, table.origin_ns));
            }
        }
    }
    let ignored: Vec<String> = files
        .side
        .iter()
        .filter(|(s, _)| !s.file_name().eq_ignore_ascii_case("Metadata.csv"))
        .map(|(s, _)| s.file_name().to_string())
        .collect();
    if !ignored.is_empty() {
        raw.provenance.decide(
            "files",
            format!("not used: {}", ignored.join(", ")),
            DecisionSource::Default,
            "uncalibrated and other sensors are not needed for gait",
        );
    }
    Ok(raw)
}
