//! Polar Sensor Logger text files (`Polar_<model>_<id>_<date>_ACC.txt`,
//! `..._GYRO.txt`): `Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]`
//! (gyro `X [dps]`). The sensor clock counts nanoseconds from 2000-01-01 UTC.

use crate::error::Result;
use crate::io::assemble::RawRecording;
use crate::io::columns::compact_name;
use crate::io::detect::{header_cells, header_separator, Claim, Head};
use crate::io::generic::{read_streams, single_sensor_columns, HeaderInfo};
use crate::io::table::TimeColumn;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

/// Nanoseconds from the Unix epoch to the Polar epoch (2000-01-01T00:00:00Z).
const POLAR_EPOCH_NS: i128 = 946_684_800_000_000_000;

/// Claims `Phone timestamp;sensor timestamp [ns];X [..]` headers.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, header_separator(header));
    let polar = names.iter().any(|n| n == "phone timestamp")
        && names.iter().any(|n| n.starts_with("sensor timestamp"));
    polar.then(|| {
        Claim::data(
            Format::Polar,
            0.95,
            "header 'Phone timestamp;sensor timestamp [ns]' (Polar Sensor Logger)",
        )
    })
}

/// Reads the ACC and GYRO files.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let mut raw = RawRecording::new(Format::Polar, files.paths());
    raw.epoch_clock = true;
    raw.provenance.decide(
        "clock",
        "Polar sensor clock (ns since 2000-01-01 UTC)",
        DecisionSource::FormatSpec,
        "sensor timestamp [ns]",
    );
    for (source, head) in &files.data {
        let (index, header) = head.first_line().unwrap_or((0, ""));
        let info = HeaderInfo::parse(head, index, header_separator(header), 0);
        let stream = single_sensor_columns(&info, source.file_name(), &source.display)?;
        let sensor_column = info
            .names
            .iter()
            .position(|n| compact_name(n).starts_with("sensortimestamp"))
            .unwrap_or(1);
        read_streams(
            source,
            &info,
            TimeColumn::Integer {
                column: sensor_column,
                nanos_per_unit: 1,
            },
            &[stream],
            &mut raw,
        )?;
    }
    for stream in [&mut raw.acc, &mut raw.gyro, &mut raw.mag]
        .into_iter()
        .flatten()
    {
        stream.origin_ns += POLAR_EPOCH_NS;
    }
    Ok(raw)
}
