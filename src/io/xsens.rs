//! Xsens MT Manager / MTw text exports: optional `//` comment lines or an
//! `Acquisition frequency: 100 Hz` line, then a tab-separated header with
//! `PacketCounter` or `SampleTimeFine`, `Acc_X..` (m/s²), `Gyr_X..` (rad/s), `Mag_X..` (a.u.).

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::{compact_name, Quantity};
use crate::io::detect::{header_cells, header_separator, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::units::Unit;
use crate::io::{rate_or_option, Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

fn header_index(head: &Head) -> Option<usize> {
    head.lines.iter().take(40).position(|line| {
        let names = header_cells(line, header_separator(line));
        names.iter().any(|n| n == "acc_x")
            && names
                .iter()
                .any(|n| n == "packetcounter" || n == "sampletimefine")
    })
}

/// Rate from `Acquisition frequency: 100 Hz` or `// Update Rate: 100.0Hz`.
fn stated_rate(head: &Head, before: usize) -> Option<f64> {
    head.lines.iter().take(before).find_map(|line| {
        let lower = line.to_ascii_lowercase();
        if !(lower.contains("frequency")
            || lower.contains("update rate")
            || lower.contains("sample rate"))
        {
            return None;
        }
        let digits: String = lower
            .split(':')
            .nth(1)?
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse::<f64>().ok().filter(|r| *r > 0.0)
    })
}

/// Claims an Xsens header (`PacketCounter`/`SampleTimeFine` with `Acc_X`).
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    header_index(head).map(|_| {
        Claim::data(
            Format::Xsens,
            0.95,
            "header with PacketCounter/SampleTimeFine and Acc_X (Xsens MT Manager export)",
        )
    })
}

/// Reads acceleration, angular velocity and the magnetometer.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(Format::Xsens, files.paths());
    let index =
        header_index(head).ok_or_else(|| Error::format(&path, "no Xsens header line found"))?;
    let info = HeaderInfo::parse(head, index, header_separator(&head.lines[index]), 0);
    let names: Vec<String> = info.names.iter().map(|n| compact_name(n)).collect();
    let find = |name: &str| names.iter().position(|n| n == name);
    let triple = |prefix: &str| -> Option<[usize; 3]> {
        Some([
            find(&format!("{prefix}x"))?,
            find(&format!("{prefix}y"))?,
            find(&format!("{prefix}z"))?,
        ])
    };
    let time = if let Some(column) = find("sampletimefine") {
        raw.provenance.decide(
            "time",
            "SampleTimeFine / 10 kHz",
            DecisionSource::FormatSpec,
            "Xsens SampleTimeFine counts 100 us ticks (32-bit, wraps)",
        );
        TimeColumn::Counter {
            column,
            rate_hz: 10_000.0,
            wrap: Some(1 << 32),
        }
    } else {
        let column =
            find("packetcounter").ok_or_else(|| Error::format(&path, "no PacketCounter column"))?;
        let rate = rate_or_option(
            stated_rate(head, index),
            options,
            &mut raw,
            &path,
            "the export's stated update rate",
        )?;
        raw.provenance.decide(
            "time",
            format!("PacketCounter / {rate} Hz"),
            DecisionSource::FormatSpec,
            "Xsens PacketCounter (16-bit, wraps); missing packets become gaps",
        );
        TimeColumn::Counter {
            column,
            rate_hz: rate,
            wrap: Some(1 << 16),
        }
    };
    let acc = triple("acc").ok_or_else(|| Error::format(&path, "no Acc_X/Acc_Y/Acc_Z columns"))?;
    let mut streams = vec![StreamColumns {
        quantity: Quantity::Acc,
        columns: acc,
        unit: UnitSpec::spec(Unit::MetrePerSecond2, "Xsens exports Acc_* in m/s^2"),
        scale: 1.0,
    }];
    if let Some(gyro) = triple("gyr") {
        streams.push(StreamColumns {
            quantity: Quantity::Gyro,
            columns: gyro,
            unit: UnitSpec::spec(Unit::RadianPerSecond, "Xsens exports Gyr_* in rad/s"),
            scale: 1.0,
        });
    }
    if let Some(mag) = triple("mag") {
        streams.push(StreamColumns {
            quantity: Quantity::Mag,
            columns: mag,
            unit: UnitSpec::spec(
                Unit::Arbitrary,
                "Xsens Mag_* are normalised arbitrary units",
            ),
            scale: 1.0,
        });
    }
    read_streams(source, &info, time, &streams, &mut raw)?;
    Ok(raw)
}
