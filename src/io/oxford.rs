//! The Oxford step-counter phone CSV: no header, `t_ns,accuracy,x,y,z`, with
//! Android `SensorEvent.timestamp` nanoseconds (since boot, not an epoch).

use crate::error::Result;
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::Quantity;
use crate::io::detect::{data_cells, header_separator, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::text::{parse_f64, parse_i64};
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

/// Claims 5-column headerless rows: an integer nanosecond clock, a small accuracy flag, three numbers.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (index, first) = head.first_line()?;
    let separator = header_separator(first);
    let rows: Vec<Vec<String>> = head
        .lines_from(index)
        .take(20)
        .map(|l| data_cells(l, separator))
        .collect();
    if rows.len() < 3 || rows.iter().any(|r| r.len() != 5) {
        return None;
    }
    let times: Option<Vec<i64>> = rows.iter().map(|r| parse_i64(r[0].as_bytes())).collect();
    let times = times?;
    let plausible_step = times.windows(2).all(|w| {
        w[1].checked_sub(w[0])
            .is_some_and(|step| (0..=100_000_000).contains(&step))
    }) && times.first().is_some_and(|t| *t > 1_000_000_000);
    let flags = rows
        .iter()
        .all(|r| parse_i64(r[1].as_bytes()).is_some_and(|f| (0..=3).contains(&f)));
    let numbers = rows.iter().all(|r| {
        r[2..]
            .iter()
            .all(|v| parse_f64(v.as_bytes(), false).is_some())
    });
    (plausible_step && flags && numbers).then(|| {
        Claim::data(
            Format::OxfordPhone,
            0.8,
            "no header; integer nanosecond clock, accuracy flag 0-3, three values per row",
        )
    })
}

/// Reads the accelerometer; its unit is inferred from |a| at rest.
pub(crate) fn read(files: &Files, _options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let mut raw = RawRecording::new(Format::OxfordPhone, files.paths());
    let (index, first) = head.first_line().unwrap_or((0, ""));
    let mut info = HeaderInfo::parse(head, index, header_separator(first), 0);
    info.data_index = index;
    info.names = ["t_ns", "accuracy", "x", "y", "z"]
        .map(String::from)
        .to_vec();
    raw.provenance.decide(
        "time",
        "column 1 in ns",
        DecisionSource::FormatSpec,
        "Android SensorEvent.timestamp nanoseconds (time since boot: no absolute start)",
    );
    raw.provenance.decide(
        "clock",
        "sensor (since boot)",
        DecisionSource::FormatSpec,
        "SensorEvent.timestamp",
    );
    let streams = [StreamColumns {
        quantity: Quantity::Acc,
        columns: [2, 3, 4],
        unit: UnitSpec::Unknown,
        scale: 1.0,
    }];
    read_streams(
        source,
        &info,
        TimeColumn::Integer {
            column: 0,
            nanos_per_unit: 1,
        },
        &streams,
        &mut raw,
    )?;
    Ok(raw)
}
