//! Empatica E4 `ACC.csv`: row 1 the session start (Unix seconds) three times,
//! row 2 the rate (32 Hz) three times, then x,y,z in 1/64 g.

use crate::error::Result;
use crate::io::assemble::{RawRecording, UnitSpec};
use crate::io::columns::Quantity;
use crate::io::detect::{numbers, Claim, Head};
use crate::io::generic::{read_streams, HeaderInfo, StreamColumns};
use crate::io::table::TimeColumn;
use crate::io::units::Unit;
use crate::io::{Files, ReadOptions};
use crate::recording::{DecisionSource, Format, StartTime};

fn preamble(head: &Head) -> Option<(usize, f64, f64)> {
    let (index, first) = head.first_line()?;
    let start = numbers(first, b',', false);
    let rate = numbers(head.lines.get(index + 1)?, b',', false);
    let same = |v: &[Option<f64>]| v.len() == 3 && v.iter().all(|x| x.is_some() && *x == v[0]);
    if !same(&start) || !same(&rate) {
        return None;
    }
    let (start, rate) = (start[0]?, rate[0]?);
    ((1e8..1e10).contains(&start) && (1.0..=1000.0).contains(&rate)).then_some((index, start, rate))
}

/// Claims the two-row E4 preamble.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    preamble(head).map(|(_, _, rate)| {
        Claim::data(
            Format::Empatica,
            0.95,
            format!("rows 1-2: start time and rate ({rate} Hz) repeated three times (E4 ACC.csv)"),
        )
    })
}

/// Reads the accelerometer at the stated rate from the stated start.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let mut raw = RawRecording::new(Format::Empatica, files.paths());
    let (index, start, stated_rate) = preamble(head).unwrap_or((0, 0.0, 32.0));
    let rate = crate::io::rate_or_option(
        Some(stated_rate),
        options,
        &mut raw,
        &source.display,
        "row 2 of ACC.csv",
    )?;
    let mut info = HeaderInfo::parse(head, index, b',', 1);
    info.names = vec!["x".into(), "y".into(), "z".into()];
    raw.start_time = Some(StartTime {
        unix_ns: (start * 1e9).round() as i64,
        utc_offset_s: Some(0),
    });
    raw.provenance.decide(
        "time",
        format!("row index / {rate} Hz"),
        DecisionSource::FormatSpec,
        "E4 files have no time column",
    );
    raw.provenance.decide(
        "clock",
        "Unix epoch start",
        DecisionSource::Header,
        "row 1 of ACC.csv",
    );
    let streams = [StreamColumns {
        quantity: Quantity::Acc,
        columns: [0, 1, 2],
        unit: UnitSpec::spec(Unit::SixtyFourthG, "E4 ACC.csv stores 1/64 g"),
        scale: 1.0,
    }];
    read_streams(
        source,
        &info,
        TimeColumn::Implicit { rate_hz: rate },
        &streams,
        &mut raw,
    )?;
    Ok(raw)
}
