//! phyphox CSV exports: `Raw Data.csv` of one experiment, or one CSV per
//! sensor of a "simple experiment", in any of phyphox's CSV flavours (comma,
//! tab or semicolon; decimal point or comma), with optional `meta/time.csv`
//! (absolute start) and `meta/device.csv` (device). iOS data are already in
//! Android's sign convention (phyphox flips them), so no flip is applied.

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::{classify, Quantity};
use crate::io::detect::{cells, header_cells, header_separator, Claim, Head};
use crate::io::generic::{read_streams, record_text_decisions, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::text::{parse_datetime, DateOrder};
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format, StartTime};

/// Claims data files whose first header cell is `Time (s)`, and the `meta/` files.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, header_separator(header));
    if names.len() >= 4 && names.iter().any(|n| n == "time (s)") {
        return Some(Claim::data(
            Format::Phyphox,
            0.95,
            "a header cell \"Time (s)\" (phyphox export)",
        ));
    }
    match names.first().map(String::as_str) {
        Some("time (s)") if names.len() >= 4 => Some(Claim::data(
            Format::Phyphox,
            0.95,
            "first header cell \"Time (s)\" (phyphox export)",
        )),
        Some("event") if names.get(1).is_some_and(|n| n == "experiment time") => {
            Some(Claim::side(Format::Phyphox, "phyphox meta/time.csv"))
        }
        Some("property")
            if names.get(1).is_some_and(|n| n == "value") && head.relative.contains("device") =>
        {
            Some(Claim::side(Format::Phyphox, "phyphox meta/device.csv"))
        }
        _ => None,
    }
}

/// The quantity a file holds when its columns are bare (`X (m/s^2)`) or
/// ambiguous (the Gravity set uses "Acceleration x"): from the file name.
fn quantity_from_name(name: &str) -> Option<Quantity> {
    let name = name.to_ascii_lowercase();
    if name.contains("gravity") {
        Some(Quantity::Gravity)
    } else if name.contains("linear") || name.contains("without g") {
        Some(Quantity::LinearAcc)
    } else if name.contains("gyro") {
        Some(Quantity::Gyro)
    } else if name.contains("magnet") {
        Some(Quantity::Mag)
    } else if name.contains("acceler") {
        Some(Quantity::Acc)
    } else {
        None
    }
}

/// Reads every data file of the export and the meta files.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let mut raw = RawRecording::new(Format::Phyphox, files.paths());
    for (index, (source, head)) in files.data.iter().enumerate() {
        let (header_index, header) = head
            .first_line()
            .ok_or_else(|| Error::format(&source.display, "the file is empty"))?;
        let info = HeaderInfo::parse(head, header_index, header_separator(header), 0);
        if index == 0 {
            record_text_decisions(
                &mut raw,
                info.separator,
                info.decimal_comma,
                header_index + 1,
            );
        }
        let by_file = quantity_from_name(source.file_name());
        let mut streams: Vec<StreamColumns> = Vec::new();
        let time_column = info
            .names
            .iter()
            .position(|n| crate::io::units::normalize_header(n) == "time (s)")
            .unwrap_or(0);
        for (column, name) in info.names.iter().enumerate() {
            if column == time_column {
                continue;
            }
            let Some(kind) = classify(name) else { continue };
            // The file name decides for gravity sets and bare axes.
            let quantity = match (by_file, kind.quantity) {
                (Some(Quantity::Gravity), _) => Quantity::Gravity,
                (_, Some(q)) => q,
                (Some(q), None) => q,
                (None, None) => Quantity::Acc,
            };
            let entry = match streams.iter_mut().find(|s| s.quantity == quantity) {
                Some(entry) => entry,
                None => {
                    streams.push(StreamColumns {
                        quantity,
                        columns: [usize::MAX; 3],
                        unit: UnitSpec::from_header_or_unknown(name),
                        scale: 1.0,
                    });
                    streams
                        .last_mut()
                        .ok_or_else(|| Error::format(&source.display, "internal: no stream"))?
                }
            };
            entry.columns[kind.axis] = column;
        }
        streams.retain(|s| s.columns.iter().all(|c| *c != usize::MAX));
        if streams.is_empty() {
            raw.provenance.warn(format!(
                "{}: no x/y/z sensor columns; file skipped",
                source.display.display()
            ));
            continue;
        }
        read_streams(
            source,
            &info,
            TimeColumn::Float {
                column: time_column,
                seconds_per_unit: 1.0,
            },
            &streams,
            &mut raw,
        )?;
    }
    raw.provenance.decide(
        "time",
        "Time (s) in s",
        DecisionSource::FormatSpec,
        "phyphox experiment time, shared by all files of the export",
    );
    let first_sample_ns = [&raw.acc, &raw.linear_acc, &raw.gyro, &raw.gravity, &raw.mag]
        .into_iter()
        .flatten()
        .map(|s| s.origin_ns)
        .min()
        .unwrap_or(0);
    read_meta(files, &mut raw, first_sample_ns);
    Ok(raw)
}

fn read_meta(files: &Files, raw: &mut RawRecording, first_sample_ns: i128) {
    if let Some((source, head)) = files.side_named("time.csv") {
        let separator = head.first_line().map_or(b',', |(_, l)| header_separator(l));
        let start = head.lines.iter().skip(1).find_map(|line| {
            let row = cells(line, separator);
            if row.first().map(|s| s.to_ascii_uppercase()) != Some("START".into()) {
                return None;
            }
            let experiment: f64 = row.get(1)?.replace(',', ".").parse().ok()?;
            let system: f64 = row.get(2)?.replace(',', ".").parse().ok()?;
            let offset = row.get(3).and_then(|text| utc_offset(text));
            Some((experiment, system, offset))
        });
        match start {
            Some((experiment_s, system_s, offset)) => {
                let unix_ns = (system_s * 1e9).round() as i128 + first_sample_ns
                    - (experiment_s * 1e9).round() as i128;
                raw.start_time = i64::try_from(unix_ns).ok().map(|unix_ns| StartTime {
                    unix_ns,
                    utc_offset_s: offset,
                });
                raw.provenance.decide(
                    "clock",
                    "phyphox experiment time + meta/time.csv START",
                    DecisionSource::Metadata,
                    format!("{}: system time of START", source.display.display()),
                );
            }
            None => raw.provenance.warn(format!(
                "{}: no START row; absolute start unknown",
                source.display.display()
            )),
        }
    }
    if let Some((_, head)) = files.side_named("device.csv") {
        let separator = head.first_line().map_or(b',', |(_, l)| header_separator(l));
        let property = |key: &str| {
            head.lines.iter().find_map(|line| {
                let row = cells(line, separator);
                (row.first().map(String::as_str) == Some(key))
                    .then(|| row.get(1).cloned())
                    .flatten()
                    .filter(|v| !v.is_empty())
            })
        };
        let device = [property("deviceBrand"), property("deviceModel")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let version = property("version")
            .map(|v| format!("phyphox {v}"))
            .unwrap_or_else(|| "phyphox".into());
        raw.device = Some(if device.is_empty() {
            version
        } else {
            format!("{version} on {device}")
        });
    }
}

/// `UTC+02:00` at the end of phyphox's "system time text".
fn utc_offset(text: &str) -> Option<i32> {
    let at = text.find("UTC")?;
    let rest = text[at + 3..].trim();
    if rest.is_empty() {
        return Some(0);
    }
    let probe = format!("2000-01-01 00:00:00{rest}");
    parse_datetime(probe.as_bytes(), DateOrder::YearMonthDay)?.offset_s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_from_system_time_text() {
        assert_eq!(utc_offset("2024-03-17 19:48:52.325 UTC+02:00"), Some(7200));
        assert_eq!(
            utc_offset("2025-07-23 09:50:15.483 UTC-05:00"),
            Some(-18000)
        );
        assert_eq!(utc_offset("2025-07-23 09:50:15.483 UTC"), Some(0));
    }
}
