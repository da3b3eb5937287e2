//! Axivity AX3/AX6 CSV from `cwa-convert`: no header, time (date-time text or
//! Unix seconds), acceleration in g, and for the AX6 angular velocity in deg/s.

use crate::error::Result;
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::Quantity;
use crate::io::detect::{data_cells, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::text::{looks_like_datetime, parse_f64, DateOrder};
use crate::io::units::Unit;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

fn time_kind(cell: &str) -> Option<bool> {
    if looks_like_datetime(cell.as_bytes()) {
        return Some(true);
    }
    let value = parse_f64(cell.as_bytes(), false)?;
    (1e8..1e10).contains(&value).then_some(false)
}

/// Claims headerless comma rows of a time then 3 or 6 numbers.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (index, _) = head.first_line()?;
    let rows: Vec<Vec<String>> = head
        .lines_from(index)
        .take(20)
        .map(|l| data_cells(l, b','))
        .collect();
    let width = rows.first()?.len();
    if rows.len() < 2 || !(width == 4 || width == 7) || rows.iter().any(|r| r.len() != width) {
        return None;
    }
    let datetime = time_kind(&rows[0][0])?;
    let consistent = rows.iter().all(|r| {
        time_kind(&r[0]) == Some(datetime)
            && r[1..]
                .iter()
                .all(|v| parse_f64(v.as_bytes(), false).is_some())
    });
    consistent.then(|| {
        Claim::data(
            Format::Axivity,
            0.75,
            format!(
                "no header; {} then {} values per row (cwa-convert CSV)",
                if datetime {
                    "date-time"
                } else {
                    "Unix seconds"
                },
                width - 1
            ),
        )
    })
}

/// Reads acceleration (g) and, with 7 columns, angular velocity (deg/s).
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let mut raw = RawRecording::new(Format::Axivity, files.paths());
    let (index, first) = head.first_line().unwrap_or((0, ""));
    let first_cells = data_cells(first, b',');
    let mut info = HeaderInfo::parse(head, index, b',', 0);
    info.data_index = index;
    info.names = ["time", "ax", "ay", "az", "gx", "gy", "gz"][..first_cells.len().min(7)]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let datetime = first_cells
        .first()
        .and_then(|c| time_kind(c))
        .unwrap_or(false);
    let time = if datetime {
        raw.local_clock = true;
        raw.provenance.decide(
            "time",
            "date-time text",
            DecisionSource::FormatSpec,
            "cwa-convert default time format (device local time, no UTC offset)",
        );
        TimeColumn::DateTime {
            column: 0,
            order: DateOrder::YearMonthDay,
        }
    } else {
        raw.epoch_clock = true;
        raw.provenance.decide(
            "time",
            "Unix seconds",
            DecisionSource::FormatSpec,
            "cwa-convert -t:secs",
        );
        TimeColumn::Float {
            column: 0,
            seconds_per_unit: 1.0,
        }
    };
    let mut streams = vec![StreamColumns {
        quantity: Quantity::Acc,
        columns: [1, 2, 3],
        unit: UnitSpec::spec(Unit::G, "cwa-convert writes acceleration in g"),
        scale: 1.0,
    }];
    if first_cells.len() >= 7 {
        streams.push(StreamColumns {
            quantity: Quantity::Gyro,
            columns: [4, 5, 6],
            unit: UnitSpec::spec(
                Unit::DegreePerSecond,
                "cwa-convert writes AX6 gyroscope in deg/s",
            ),
            scale: 1.0,
        });
    }
    read_streams(source, &info, time, &streams, &mut raw)?;
    Ok(raw)
}
