//! Shimmer Consensys calibrated CSV: an optional `"sep=;"` line, a names row
//! (`Shimmer_40AC_Accel_LN_X_CAL;...`), a units row (`ms;m/(s^2);...;deg/s`),
//! often a trailing separator. Time is Unix ms (possibly in E-notation) or a
//! formatted local date-time.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::Quantity;
use crate::io::detect::{cells, header_cells, header_separator, Claim, Head};
use crate::io::generic::{
    datetime_order, read_streams, record_text_decisions, HeaderInfo, StreamColumns,
};
use crate::io::table::TimeColumn;
use crate::io::units::parse_unit_text;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

/// The `sep=X` preamble some exporters write for Excel.
pub(crate) fn sep_line(line: &str) -> Option<u8> {
    let trimmed = line.trim().trim_matches('"');
    let rest = trimmed.strip_prefix("sep=")?;
    match rest.as_bytes() {
        [b] => Some(*b),
        [] if line.contains('\t') => Some(b'\t'),
        _ => None,
    }
}

fn layout(head: &Head) -> Option<(usize, u8)> {
    let (index, first) = head.first_line()?;
    let (header_index, separator) = match sep_line(first) {
        Some(sep) => (index + 1, sep),
        None => (index, header_separator(first)),
    };
    let names = header_cells(head.lines.get(header_index)?, separator);
    let shimmer = names
        .iter()
        .any(|n| n.contains("timestamp") && n.ends_with("_cal"))
        && names
            .iter()
            .any(|n| n.contains("accel") && n.ends_with("_cal"));
    shimmer.then_some((header_index, separator))
}

/// Claims headers of `*_Timestamp_*_CAL` and `*_Accel_*_CAL` columns.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    layout(head).map(|_| {
        Claim::data(
            Format::Shimmer,
            0.95,
            "columns named *_Timestamp_*_CAL and *_Accel_*_CAL (Shimmer Consensys export)",
        )
    })
}

/// Reads low-noise (else wide-range) acceleration, gyroscope and magnetometer.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    let _ = options;
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(Format::Shimmer, files.paths());
    let (header_index, separator) =
        layout(head).ok_or_else(|| Error::format(&path, "no Shimmer header"))?;
    let names: Vec<String> = header_cells(&head.lines[header_index], separator);
    let units_row = head
        .lines
        .get(header_index + 1)
        .map(|l| cells(l, separator))
        .unwrap_or_default();
    let has_units_row = !units_row.is_empty()
        && units_row
            .iter()
            .all(|u| u.is_empty() || crate::io::text::parse_f64(u.as_bytes(), false).is_none());
    let info = HeaderInfo::parse(head, header_index, separator, usize::from(has_units_row));
    record_text_decisions(&mut raw, separator, info.decimal_comma, header_index + 1);
    let unit_of = |column: usize| -> UnitSpec {
        match units_row.get(column).and_then(|u| parse_unit_text(u)) {
            Some(unit) if has_units_row => UnitSpec::Known {
                unit,
                source: DecisionSource::Header,
                reason: format!("units row \"{}\"", units_row[column]),
            },
            _ => UnitSpec::Unknown,
        }
    };
    let find = |needle: &str| {
        names
            .iter()
            .position(|n| n.contains(needle) && n.ends_with("_cal"))
    };
    let triple = |stem: &str| -> Option<[usize; 3]> {
        Some([
            find(&format!("{stem}_x"))?,
            find(&format!("{stem}_y"))?,
            find(&format!("{stem}_z"))?,
        ])
    };
    let mut streams = Vec::new();
    let acc = triple("accel_ln")
        .map(|c| (c, "low-noise"))
        .or_else(|| triple("accel_wr").map(|c| (c, "wide-range")))
        .or_else(|| triple("accel").map(|c| (c, "")));
    let (acc, which) = acc.ok_or_else(|| Error::format(&path, "no Accel_*_X/Y/Z_CAL columns"))?;
    if !which.is_empty() {
        raw.provenance.decide(
            "accelerometer",
            which,
            DecisionSource::Default,
            "Shimmer has two accelerometers; low-noise preferred for gait",
        );
    }
    streams.push(StreamColumns {
        quantity: Quantity::Acc,
        columns: acc,
        unit: unit_of(acc[0]),
        scale: 1.0,
    });
    if let Some(gyro) = triple("gyro") {
        streams.push(StreamColumns {
            quantity: Quantity::Gyro,
            columns: gyro,
            unit: unit_of(gyro[0]),
            scale: 1.0,
        });
    }
    if let Some(mag) = triple("mag") {
        streams.push(StreamColumns {
            quantity: Quantity::Mag,
            columns: mag,
            unit: UnitSpec::spec(
                crate::io::units::Unit::Arbitrary,
                "Shimmer magnetometer kept in local_flux",
            ),
            scale: 1.0,
        });
    }
    let time = if let Some(column) = find("timestamp_unix") {
        raw.epoch_clock = true;
        let unit = units_row.get(column).map(|u| u.trim().to_ascii_lowercase());
        let seconds_per_unit = if unit.as_deref() == Some("s") {
            1.0
        } else {
            1e-3
        };
        raw.provenance.decide(
            "time",
            format!(
                "{} in {}",
                names[column],
                if seconds_per_unit == 1.0 { "s" } else { "ms" }
            ),
            DecisionSource::Header,
            "Unix time column and its units row",
        );
        TimeColumn::Float {
            column,
            seconds_per_unit,
        }
    } else if let Some(column) = find("timestamp_formattedunix") {
        raw.local_clock = true;
        let order = datetime_order(&info.column_samples(column));
        raw.provenance.decide(
            "time",
            "formatted date-time",
            DecisionSource::Header,
            "FormattedUnix column",
        );
        TimeColumn::DateTime { column, order }
    } else if let Some(column) = find("timestamp") {
        raw.provenance.decide(
            "time",
            "relative ms",
            DecisionSource::Header,
            "Timestamp_CAL column (ms since start)",
        );
        TimeColumn::Float {
            column,
            seconds_per_unit: 1e-3,
        }
    } else {
        return Err(Error::format(&path, "no *_Timestamp_*_CAL column"));
    };
    read_streams(source, &info, time, &streams, &mut raw)?;
    Ok(raw)
}
