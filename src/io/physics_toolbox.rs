//! Physics Toolbox Sensor Suite CSV: `time,gFx,gFy,gFz,TgF` (g-force in g
//! with gravity), multi-record files adding `ax,ay,az` (linear, m/s²),
//! `wx,wy,wz` (angular velocity), `Bx..` (µT). Android time is relative
//! seconds, iOS a date-time. Sensors without a new event are written as 0.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::{compact_name, time_hint, Quantity};
use crate::io::detect::{header_cells, header_separator, Claim, Head};
use crate::io::generic::{
    read_streams, record_text_decisions, time_column, HeaderInfo, StreamColumns,
};
use crate::io::units::Unit;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format, VectorStream};

/// Claims headers with `gFx,gFy,gFz`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, header_separator(header));
    ["gfx", "gfy", "gfz"]
        .iter()
        .all(|c| names.iter().any(|n| n == c))
        .then(|| {
            Claim::data(
                Format::PhysicsToolbox,
                0.9,
                "columns gFx,gFy,gFz (Physics Toolbox Sensor Suite)",
            )
        })
}

/// Drops samples that are exactly zero on all axes (sensor not reported in that row).
fn drop_unreported(stream: &mut VectorStream) -> usize {
    stream.retain(|_, value, _| value != [0.0; 3])
}

/// Reads g-force, linear acceleration and angular velocity.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(Format::PhysicsToolbox, files.paths());
    let (index, header) = head
        .first_line()
        .ok_or_else(|| Error::format(&path, "the file is empty"))?;
    let info = HeaderInfo::parse(head, index, header_separator(header), 0);
    record_text_decisions(&mut raw, info.separator, info.decimal_comma, index + 1);
    let names: Vec<String> = info.names.iter().map(|n| compact_name(n)).collect();
    let find = |name: &str| names.iter().position(|n| n == name);
    let triple = |a: &str, b: &str, c: &str| Some([find(a)?, find(b)?, find(c)?]);
    let time = names
        .iter()
        .position(|n| time_hint(n).is_some())
        .map(|c| (c, crate::io::columns::TimeHint::Clock(None)));
    let time = time_column(&info, time, None, options, &mut raw, &path)?;
    let mut streams = Vec::new();
    if let Some(columns) = triple("gfx", "gfy", "gfz") {
        streams.push(StreamColumns {
            quantity: Quantity::Acc,
            columns,
            unit: UnitSpec::spec(Unit::G, "Physics Toolbox g-force (gF) is in g"),
            scale: 1.0,
        });
    }
    if let Some(columns) = triple("ax", "ay", "az") {
        streams.push(StreamColumns {
            quantity: Quantity::LinearAcc,
            columns,
            unit: UnitSpec::spec(
                Unit::MetrePerSecond2,
                "Physics Toolbox linear acceleration is m/s^2",
            ),
            scale: 1.0,
        });
    }
    if let Some(columns) = triple("wx", "wy", "wz") {
        // The app's documentation is not explicit about the gyroscope unit: infer it.
        streams.push(StreamColumns {
            quantity: Quantity::Gyro,
            columns,
            unit: UnitSpec::Unknown,
            scale: 1.0,
        });
    }
    if let Some(columns) = triple("bx", "by", "bz") {
        streams.push(StreamColumns {
            quantity: Quantity::Mag,
            columns,
            unit: UnitSpec::spec(Unit::MicroTesla, "Physics Toolbox magnetometer is uT"),
            scale: 1.0,
        });
    }
    read_streams(source, &info, time, &streams, &mut raw)?;
    for stream in [&mut raw.linear_acc, &mut raw.gyro, &mut raw.mag]
        .into_iter()
        .flatten()
    {
        let dropped = drop_unreported(&mut stream.data);
        if dropped > 0 {
            raw.provenance.decide(
                "timestamps",
                format!("{dropped} all-zero {} samples dropped", stream.label),
                DecisionSource::FormatSpec,
                "Physics Toolbox writes 0 for sensors without a new event in a row",
            );
        }
    }
    Ok(raw)
}
