//! MbientLab MetaBase CSVs: one file per sensor, `epoch (ms)` (iOS: `epoc
//! (ms)`), a local time text with the UTC offset in its header, `elapsed
//! (s)`, and `x-axis (g)` / `x-axis (deg/s)` / `x-axis (T)`. Several samples of
//! one BLE packet share a timestamp; `prepare` spreads them.

use crate::error::{Error, Result};
use crate::io::assemble::RawRecording;
use crate::io::columns::Quantity;
use crate::io::detect::{header_cells, Claim, Head};
use crate::io::generic::{read_streams, single_sensor_columns, HeaderInfo};
use crate::io::table::TimeColumn;
use crate::io::text::{parse_datetime, DateOrder};
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

/// Claims a header starting `epoch (ms)` / `epoc (ms)` with `elapsed (s)`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, b',');
    let epoch = names.iter().any(|n| n == "epoch (ms)" || n == "epoc (ms)");
    (epoch && names.iter().any(|n| n == "elapsed (s)")).then(|| {
        Claim::data(
            Format::Metawear,
            0.95,
            "header 'epoch (ms),...,elapsed (s)' (MetaBase export)",
        )
    })
}

/// `(-0800)` or `(-13:00)` in the second header cell.
fn header_offset(cell: &str) -> Option<i32> {
    let open = cell.find('(')?;
    let close = cell[open..].find(')')? + open;
    let probe = format!("2000-01-01 00:00:00{}", cell[open + 1..close].trim());
    parse_datetime(probe.as_bytes(), DateOrder::YearMonthDay)?.offset_s
}

/// The output data rate in the file name (`..._Accelerometer_100.000Hz_1.4.2.csv`).
fn rate_in_name(name: &str) -> Option<f64> {
    let lower = name.to_ascii_lowercase();
    let end = lower.find("hz")?;
    let start = lower[..end].rfind(|c: char| !(c.is_ascii_digit() || c == '.'))? + 1;
    lower[start..end].parse().ok().filter(|r: &f64| *r > 0.0)
}

/// Reads each sensor file.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let mut raw = RawRecording::new(Format::Metawear, files.paths());
    raw.epoch_clock = true;
    raw.provenance.decide(
        "clock",
        "Unix epoch ms",
        DecisionSource::FormatSpec,
        "MetaBase 'epoch (ms)' column",
    );
    for (source, head) in &files.data {
        let info = HeaderInfo::parse(head, 0, b',', 0);
        let normalized = header_cells(&head.lines[0], b',');
        let epoch_column = normalized
            .iter()
            .position(|n| n == "epoch (ms)" || n == "epoc (ms)")
            .ok_or_else(|| Error::format(&source.display, "no 'epoch (ms)' column"))?;
        if raw.utc_offset_s.is_none() {
            raw.utc_offset_s = normalized
                .iter()
                .position(|n| n.starts_with("time"))
                .and_then(|c| header_offset(&info.names[c]));
        }
        let stream = single_sensor_columns(&info, source.file_name(), &source.display)?;
        let quantity = stream.quantity;
        read_streams(
            source,
            &info,
            TimeColumn::Integer {
                column: epoch_column,
                nanos_per_unit: 1_000_000,
            },
            &[stream],
            &mut raw,
        )?;
        if let Some(rate) = rate_in_name(source.file_name()) {
            let slot = match quantity {
                Quantity::Gyro => raw.gyro.as_mut(),
                Quantity::Mag => raw.mag.as_mut(),
                _ => raw.acc.as_mut(),
            };
            if let Some(stream) = slot {
                stream.data.nominal_rate_hz = Some(rate);
            }
            raw.provenance.decide(
                "rate",
                format!("{rate} Hz"),
                DecisionSource::Header,
                format!("output data rate in the file name {}", source.file_name()),
            );
        }
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_offsets_and_rates() {
        assert_eq!(header_offset("timestamp (-0800)"), Some(-8 * 3600));
        assert_eq!(header_offset("time (-13:00)"), Some(-13 * 3600));
        assert_eq!(
            rate_in_name("walk_2018-01-14T18.39.29.561_C8_Accelerometer_100.000Hz_1.4.2.csv"),
            Some(100.0)
        );
        assert_eq!(rate_in_name("Accelerometer.csv"), None);
    }
}
