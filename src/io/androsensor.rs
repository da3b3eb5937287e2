//! AndroSensor CSV: `sep=;`, a header of `SENSOR X (unit)` columns (with
//! gravity, linear acceleration, gyroscope, magnetometer...), `Time since
//! start in ms`, and a local date-time column `YYYY-MO-DD HH-MI-SS_SSS`.

use crate::error::{Error, Result};
use crate::io::assemble::RawRecording;
use crate::io::columns::compact_name;
use crate::io::detect::{header_cells, header_separator, Claim, Head};
use crate::io::generic::{
    map_columns, read_streams, record_text_decisions, HeaderInfo, StreamColumns,
};
use crate::io::shimmer::sep_line;
use crate::io::table::TimeColumn;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

fn header_index(head: &Head) -> Option<(usize, u8)> {
    let (index, first) = head.first_line()?;
    let (header_index, separator) = match sep_line(first) {
        Some(sep) => (index + 1, sep),
        None => (index, header_separator(first)),
    };
    let names = header_cells(head.lines.get(header_index)?, separator);
    let andro = names.iter().any(|n| n.starts_with("accelerometer x"))
        && names
            .iter()
            .any(|n| n.starts_with("time since start in ms"));
    andro.then_some((header_index, separator))
}

/// Claims `ACCELEROMETER X (...)` with `Time since start in ms`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    header_index(head).map(|_| {
        Claim::data(
            Format::Androsensor,
            0.95,
            "columns 'ACCELEROMETER X' and 'Time since start in ms' (AndroSensor export)",
        )
    })
}

/// Reads accelerometer, gravity, linear acceleration, gyroscope and magnetometer columns.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(Format::Androsensor, files.paths());
    let (index, separator) =
        header_index(head).ok_or_else(|| Error::format(&path, "no AndroSensor header"))?;
    let info = HeaderInfo::parse(head, index, separator, 0);
    record_text_decisions(&mut raw, separator, info.decimal_comma, index + 1);
    let mapping = map_columns(&info.names);
    let time_column = info
        .names
        .iter()
        .position(|n| compact_name(n).starts_with("timesincestartinms"))
        .ok_or_else(|| Error::format(&path, "no 'Time since start in ms' column"))?;
    raw.provenance.decide(
        "time",
        "Time since start in ms",
        DecisionSource::Header,
        "AndroSensor relative clock",
    );
    if let Some(column) = info
        .names
        .iter()
        .position(|n| n.to_ascii_uppercase().starts_with("YYYY"))
    {
        if let Some(first) = info.column_samples(column).first() {
            raw.provenance.decide(
                "clock",
                format!("local start {first} (UTC offset not stated)"),
                DecisionSource::Header,
                "AndroSensor date-time column",
            );
        }
    }
    let streams: Vec<StreamColumns> = mapping.triples.iter().map(StreamColumns::from).collect();
    read_streams(
        source,
        &info,
        TimeColumn::Float {
            column: time_column,
            seconds_per_unit: 1e-3,
        },
        &streams,
        &mut raw,
    )?;
    Ok(raw)
}
