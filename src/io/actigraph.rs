//! ActiGraph ActiLife CSV: a 10-line banner (`------------ Data File Created
//! By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v1.8.0 date format M/d/yyyy
//! at 30 Hz  Filter Normal -----------`, start time and date, ...), then an
//! optional `Timestamp,Accelerometer X,...` header and g values. Epoch-count
//! exports (activity counts, not acceleration) are recognised and refused.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::{classify, compact_name, Quantity};
use crate::io::detect::{all_numeric, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::text::DateOrder;
use crate::io::units::Unit;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

const BANNER_LINES: usize = 10;

/// Claims files whose first line is the ActiGraph banner.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, first) = head.first_line()?;
    let lower = first.to_ascii_lowercase();
    (lower.starts_with("---") && lower.contains("actigraph")).then(|| {
        Claim::data(
            Format::Actigraph,
            0.95,
            "ActiGraph ActiLife banner on line 1",
        )
    })
}

struct Banner {
    rate_hz: Option<f64>,
    order: DateOrder,
    start_time: Option<(i64, i64, i64)>,
    start_date: Option<(i64, i64, i64)>,
    epoch_counts: bool,
}

fn banner(head: &Head) -> Banner {
    let first = head
        .lines
        .first()
        .map(|l| l.to_ascii_lowercase())
        .unwrap_or_default();
    let rate_hz = first.find(" hz").and_then(|end| {
        let start = first[..end].rfind(' ')? + 1;
        first[start..end].parse().ok()
    });
    let format = first
        .split("date format ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("m/d/yyyy")
        .to_string();
    let order = if format.starts_with('d') {
        DateOrder::DayMonthYear
    } else if format.starts_with('y') {
        DateOrder::YearMonthDay
    } else {
        DateOrder::MonthDayYear
    };
    let numbers_after = |key: &str| -> Option<(i64, i64, i64)> {
        let line = head
            .lines
            .iter()
            .take(BANNER_LINES)
            .find(|l| l.to_ascii_lowercase().starts_with(key))?;
        let parts: Vec<i64> = line[key.len()..]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (parts.len() >= 3).then(|| (parts[0], parts[1], parts[2]))
    };
    // Raw exports state "at N Hz" in the banner; count exports have axis1.. columns instead.
    let epoch_counts = rate_hz.is_none()
        || head
            .lines
            .get(BANNER_LINES)
            .is_some_and(|l| l.to_ascii_lowercase().contains("axis1"));
    Banner {
        rate_hz,
        order,
        start_time: numbers_after("start time"),
        start_date: numbers_after("start date"),
        epoch_counts,
    }
}

/// Reads raw acceleration (g) and, in IMU files, angular velocity (deg/s).
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let banner = banner(head);
    if banner.epoch_counts {
        return Err(Error::format(
            &path,
            "an ActiGraph epoch-count export (activity counts per epoch), not raw acceleration: export the raw data (ActiLife 'RAW' CSV at the device rate, or the .gt3x file) to analyse gait",
        ));
    }
    let mut raw = RawRecording::new(Format::Actigraph, files.paths());
    let header_index = BANNER_LINES;
    let header_line = head
        .lines
        .get(header_index)
        .map(String::as_str)
        .unwrap_or("");
    let has_header = !all_numeric(header_line, b',', false);
    let info = if has_header {
        HeaderInfo::parse(head, header_index, b',', 0)
    } else {
        let mut info = HeaderInfo::parse(head, header_index, b',', 0);
        info.data_index = header_index;
        info.names = vec![
            "Accelerometer X".into(),
            "Accelerometer Y".into(),
            "Accelerometer Z".into(),
        ];
        info
    };
    let mut acc = [usize::MAX; 3];
    let mut gyro = [usize::MAX; 3];
    for (column, name) in info.names.iter().enumerate() {
        match classify(name) {
            Some(kind) if kind.quantity == Some(Quantity::Gyro) => gyro[kind.axis] = column,
            Some(kind) if matches!(kind.quantity, Some(Quantity::Acc) | None) => {
                acc[kind.axis] = column
            }
            _ => {}
        }
    }
    if acc.contains(&usize::MAX) {
        return Err(Error::format(
            &path,
            "no Accelerometer X/Y/Z columns after the banner",
        ));
    }
    let mut streams = vec![StreamColumns {
        quantity: Quantity::Acc,
        columns: acc,
        unit: UnitSpec::spec(Unit::G, "ActiLife raw CSV is in g"),
        scale: 1.0,
    }];
    if !gyro.contains(&usize::MAX) {
        streams.push(StreamColumns {
            quantity: Quantity::Gyro,
            columns: gyro,
            unit: UnitSpec::spec(Unit::DegreePerSecond, "ActiGraph IMU gyroscope is deg/s"),
            scale: 1.0,
        });
    }
    let timestamp = info
        .names
        .iter()
        .position(|n| compact_name(n) == "timestamp");
    let time = match timestamp {
        Some(column) => {
            raw.local_clock = true;
            raw.provenance.decide(
                "time",
                "Timestamp column",
                DecisionSource::Header,
                format!("date order {:?} from the banner", banner.order),
            );
            TimeColumn::DateTime {
                column,
                order: banner.order,
            }
        }
        None => {
            let rate = crate::io::rate_or_option(
                banner.rate_hz,
                options,
                &mut raw,
                &path,
                "the banner's 'at N Hz'",
            )?;
            if let (Some((h, m, s)), Some(date)) = (banner.start_time, banner.start_date) {
                let (year, month, day) = match banner.order {
                    DateOrder::MonthDayYear => (date.2, date.0, date.1),
                    DateOrder::DayMonthYear => (date.2, date.1, date.0),
                    DateOrder::YearMonthDay => date,
                };
                raw.provenance.decide(
                    "clock",
                    format!("banner start {year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02} (local, offset unknown)"),
                    DecisionSource::Header,
                    "Start Date / Start Time lines",
                );
            }
            TimeColumn::Implicit { rate_hz: rate }
        }
    };
    read_streams(source, &info, time, &streams, &mut raw)?;
    Ok(raw)
}
