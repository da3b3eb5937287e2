//! The one streaming engine behind every delimited-text reader.
//!
//! A format module looks at the header and builds a [`TableLayout`]: the
//! separator, decimal mark, where the data start, how to read time, and
//! which column feeds which axis of which stream. [`read_table`] then streams
//! the file line by line into [`VectorStream`]s without allocating per row.

use crate::error::{shorten, Error, Location, Result};
use crate::io::source::{HashingReader, Source};
use crate::io::text::{
    parse_datetime, parse_f64, parse_i64, split_fields, DateOrder, Encoding, LineReader,
};
use crate::recording::VectorStream;
use std::io::{BufRead, BufReader};

/// Most streams one table may feed (acc, gyro, gravity, linear acc, magnetometer, orientation parts).
pub(crate) const MAX_STREAMS: usize = 8;

/// How a table gives time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TimeColumn {
    /// A decimal number in some unit (seconds, milliseconds in E-notation, ...).
    Float {
        /// Column index.
        column: usize,
        /// Seconds per unit of the column (1 for s, 1e-3 for ms).
        seconds_per_unit: f64,
    },
    /// An integer read exactly (19-digit epoch nanoseconds exceed f64 precision).
    Integer {
        /// Column index.
        column: usize,
        /// Nanoseconds per unit of the column.
        nanos_per_unit: i64,
    },
    /// A date-time text.
    DateTime {
        /// Column index.
        column: usize,
        /// Field order of the date.
        order: DateOrder,
    },
    /// A sample counter: time = (counter − first) / rate; may wrap around.
    Counter {
        /// Column index.
        column: usize,
        /// Samples per second.
        rate_hz: f64,
        /// The counter's modulus (65536 for a 16-bit counter), if it wraps.
        wrap: Option<i64>,
    },
    /// No time column: time = row index / rate.
    Implicit {
        /// Samples per second.
        rate_hz: f64,
    },
}

impl TimeColumn {
    fn column(&self) -> Option<usize> {
        match *self {
            TimeColumn::Float { column, .. }
            | TimeColumn::Integer { column, .. }
            | TimeColumn::DateTime { column, .. }
            | TimeColumn::Counter { column, .. } => Some(column),
            TimeColumn::Implicit { .. } => None,
        }
    }
}

/// One value column and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MappedColumn {
    /// Column index in the row.
    pub(crate) column: usize,
    /// Output stream index (0-based, < `TableLayout::streams`).
    pub(crate) stream: usize,
    /// Axis 0, 1 or 2.
    pub(crate) axis: usize,
    /// Factor applied while reading (sign flips of a documented convention; units are applied later).
    pub(crate) scale: f64,
}

/// Everything [`read_table`] needs to know about a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableLayout {
    /// Field separator.
    pub(crate) separator: u8,
    /// True when numbers use a decimal comma.
    pub(crate) decimal_comma: bool,
    /// 1-based line number of the first data row.
    pub(crate) first_data_line: u64,
    /// Column names, for error messages (may be empty for headerless files).
    pub(crate) column_names: Vec<String>,
    /// How to read time.
    pub(crate) time: TimeColumn,
    /// Value columns.
    pub(crate) columns: Vec<MappedColumn>,
    /// Number of output streams.
    pub(crate) streams: usize,
}

/// Where a table read can resume part-way through a file, and what the
/// reader knew there (so times stay relative to the file's first row and
/// counters keep unwrapping). Chunked reading of long files uses these.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TableCursor {
    /// Byte offset of the next unread line.
    pub(crate) byte_offset: u64,
    /// Lines before it.
    pub(crate) lines_before: u64,
    /// Time of the last row read before the cursor, s from the file's first row.
    pub(crate) time_s: f64,
    row_index: u64,
    first_float: Option<f64>,
    first_integer: Option<i64>,
    origin_ns: i128,
    utc_offset_s: Option<i32>,
    previous_counter: i64,
    counter_offset: i64,
}

/// The part of a table to read: from `start` (the first data row when
/// `None`), at most `max_rows` rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TableWindow {
    /// Where to start.
    pub(crate) start: Option<TableCursor>,
    /// Most data rows to read.
    pub(crate) max_rows: u64,
}

/// Where a windowed read can go on from.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TableResume {
    /// Cursors taken every [`RESUME_EVERY_ROWS`] rows inside the window, in order.
    pub(crate) points: Vec<TableCursor>,
    /// The cursor after the window's last row; `None` when the file ended inside the window.
    pub(crate) end: Option<TableCursor>,
}

/// Spacing of resume points, rows (5 s at 100 Hz).
pub(crate) const RESUME_EVERY_ROWS: u64 = 500;

/// What [`read_table`] read.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TableData {
    /// One stream per output index; time relative to the first data row.
    pub(crate) streams: Vec<VectorStream>,
    /// The clock reading of the first data row, in nanoseconds of the file's clock
    /// (epoch nanoseconds for epoch clocks; 0-based for relative clocks).
    pub(crate) origin_ns: i128,
    /// UTC offset stated by a date-time time column.
    pub(crate) utc_offset_s: Option<i32>,
    /// Data rows read.
    pub(crate) rows: u64,
    /// Per stream: rows whose cells for that stream were empty or NaN (sample skipped).
    pub(crate) missing: Vec<u64>,
    /// Rows skipped because the time cell was empty or NaN.
    pub(crate) missing_time: u64,
    /// The line number of an incomplete last line that was dropped.
    pub(crate) truncated_last_line: Option<u64>,
    /// Times a sample counter wrapped around.
    pub(crate) counter_wraps: u64,
    /// For a windowed read of a UTF-8 file: where reading can go on.
    pub(crate) resume: Option<TableResume>,
    /// SHA-256 (lower-case hex) of the whole file, when it was read from disk
    /// from its first byte to its last (hashed as it was read).
    pub(crate) sha256: Option<String>,
}

/// Streams the data rows of `source` according to `layout`.
pub(crate) fn read_table(
    source: &Source,
    layout: &TableLayout,
    expected_rows: usize,
) -> Result<TableData> {
    // A UTF-8 file read whole is hashed on the way (the summary's input hash)
    // rather than read a second time for it.
    if source.is_file() && source.window.is_none() {
        let mut reader = BufReader::with_capacity(1 << 16, HashingReader::new(source.open_raw()?));
        let head = reader
            .fill_buf()
            .map_err(|e| Error::io(&source.display, e))?;
        if Encoding::sniff(head) == Encoding::Utf8 {
            let mut lines = LineReader::new(reader);
            let (mut data, complete) = read_rows(&mut lines, source, layout, None, expected_rows)?;
            if complete {
                data.sha256 = Some(lines.into_inner().into_inner().finish().1);
            }
            return Ok(data);
        }
    }
    let (reader, encoding) = source.open_text()?;
    // Windows need byte offsets into the file itself: UTF-8 only (UTF-16 is transcoded).
    let window = source.window.filter(|_| encoding == Encoding::Utf8);
    let (data, _) = match window.and_then(|w| w.start) {
        Some(cursor) => read_rows(
            &mut LineReader::resumed(
                source.open_text_at(cursor.byte_offset)?,
                cursor.lines_before,
            ),
            source,
            layout,
            window,
            expected_rows,
        )?,
        None => read_rows(
            &mut LineReader::new(reader),
            source,
            layout,
            window,
            expected_rows,
        )?,
    };
    Ok(data)
}

/// Reads the data rows of `source` from `lines` (positioned at the file's
/// start, or at the window's start cursor). Returns what was read and whether
/// the rows ran to the end of the file.
fn read_rows<R: BufRead>(
    lines: &mut LineReader<R>,
    source: &Source,
    layout: &TableLayout,
    window: Option<TableWindow>,
    expected_rows: usize,
) -> Result<(TableData, bool)> {
    let start = window.and_then(|w| w.start);
    let base_offset = start.map_or(0, |cursor| cursor.byte_offset);
    let max_rows = window.map_or(u64::MAX, |w| w.max_rows.max(1));
    let streams = layout.streams.min(MAX_STREAMS);
    let capacity = expected_rows
        .min(1 << 28)
        .min(max_rows.min(1 << 28) as usize);
    let mut data = TableData {
        streams: (0..streams)
            .map(|_| VectorStream::with_capacity(capacity))
            .collect(),
        missing: vec![0; streams],
        ..TableData::default()
    };
    let needed_fields = layout
        .columns
        .iter()
        .map(|c| c.column)
        .chain(layout.time.column())
        .max()
        .map_or(0, |m| m + 1);
    let io_error = |e| Error::io(&source.display, e);
    // Skip the preamble and header.
    while lines.line_number() + 1 < layout.first_data_line {
        if lines.next_line().map_err(io_error)?.is_none() {
            return Ok((data, true));
        }
    }
    let mut fields: Vec<(usize, usize)> = Vec::with_capacity(needed_fields.max(8));
    let mut pending_short: Option<(u64, usize)> = None;
    let mut first_float: Option<f64> = start.and_then(|c| c.first_float);
    let mut first_integer: Option<i64> = start.and_then(|c| c.first_integer);
    let mut previous_counter: i64 = start.map_or(0, |c| c.previous_counter);
    let mut counter_offset: i64 = start.map_or(0, |c| c.counter_offset);
    let mut row_index: u64 = start.map_or(0, |c| c.row_index);
    if let Some(cursor) = start {
        data.origin_ns = cursor.origin_ns;
        data.utc_offset_s = cursor.utc_offset_s;
    }
    let mut resume = window.map(|_| TableResume::default());
    let mut complete = false;
    let location = |line: u64, column: usize| Location {
        path: source.display.clone(),
        line,
        column: Some(column + 1),
        column_name: layout.column_names.get(column).cloned(),
    };
    loop {
        let line_number = lines.line_number() + 1;
        let Some(line) = lines.next_line().map_err(io_error)? else {
            complete = true;
            break;
        };
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if let Some((short_line, found)) = pending_short.take() {
            return Err(Error::Parse {
                location: Location {
                    path: source.display.clone(),
                    line: short_line,
                    column: None,
                    column_name: None,
                },
                expected: format!("{needed_fields} fields"),
                found: format!("{found}"),
            });
        }
        split_fields(line, layout.separator, &mut fields);
        if fields.len() < needed_fields {
            pending_short = Some((line_number, fields.len()));
            continue;
        }
        let cell = |column: usize| {
            let (start, end) = fields[column];
            &line[start..end]
        };
        // Time.
        let time_s = match layout.time {
            TimeColumn::Float {
                column,
                seconds_per_unit,
            } => {
                let text = cell(column);
                match parse_f64(text, layout.decimal_comma) {
                    Some(v) if v.is_finite() => {
                        let first = *first_float.get_or_insert_with(|| {
                            data.origin_ns = (v * seconds_per_unit * 1e9).round() as i128;
                            v
                        });
                        (v - first) * seconds_per_unit
                    }
                    Some(_) => {
                        data.missing_time += 1;
                        continue;
                    }
                    None if text.is_empty() => {
                        data.missing_time += 1;
                        continue;
                    }
                    None => {
                        return Err(Error::Parse {
                            location: location(line_number, column),
                            expected: "a time value (a number)".into(),
                            found: shorten(text),
                        })
                    }
                }
            }
            TimeColumn::Integer {
                column,
                nanos_per_unit,
            } => {
                let text = cell(column);
                let Some(v) = parse_i64(text) else {
                    if text.is_empty() {
                        data.missing_time += 1;
                        continue;
                    }
                    return Err(Error::Parse {
                        location: location(line_number, column),
                        expected: "an integer timestamp".into(),
                        found: shorten(text),
                    });
                };
                let first = *first_integer.get_or_insert_with(|| {
                    data.origin_ns = i128::from(v) * i128::from(nanos_per_unit);
                    v
                });
                (i128::from(v) - i128::from(first)) as f64 * nanos_per_unit as f64 * 1e-9
            }
            TimeColumn::DateTime { column, order } => {
                let text = cell(column);
                let Some(parsed) = parse_datetime(text, order) else {
                    if text.is_empty() {
                        data.missing_time += 1;
                        continue;
                    }
                    return Err(Error::Parse {
                        location: location(line_number, column),
                        expected: "a date-time such as 2024-03-17 19:48:52.325".into(),
                        found: shorten(text),
                    });
                };
                let first = *first_integer.get_or_insert_with(|| {
                    data.origin_ns = i128::from(parsed.local_ns);
                    data.utc_offset_s = parsed.offset_s;
                    parsed.local_ns
                });
                let offset_shift = match (parsed.offset_s, data.utc_offset_s) {
                    (Some(now), Some(first_offset)) => {
                        i64::from(now - first_offset) * 1_000_000_000
                    }
                    _ => 0,
                };
                (parsed.local_ns - offset_shift - first) as f64 * 1e-9
            }
            TimeColumn::Counter {
                column,
                rate_hz,
                wrap,
            } => {
                let text = cell(column);
                let Some(raw) = parse_f64(text, layout.decimal_comma).filter(|v| v.is_finite())
                else {
                    if text.is_empty() {
                        data.missing_time += 1;
                        continue;
                    }
                    return Err(Error::Parse {
                        location: location(line_number, column),
                        expected: "a sample counter (a whole number)".into(),
                        found: shorten(text),
                    });
                };
                let value = raw.round() as i64;
                if let (Some(modulus), Some(_)) = (wrap, first_integer) {
                    if value < previous_counter.saturating_sub(modulus / 2) {
                        counter_offset = counter_offset.saturating_add(modulus);
                        data.counter_wraps += 1;
                    }
                }
                previous_counter = value;
                let unwrapped = value.saturating_add(counter_offset);
                let first = *first_integer.get_or_insert_with(|| {
                    data.origin_ns = (unwrapped as f64 / rate_hz * 1e9).round() as i128;
                    unwrapped
                });
                (i128::from(unwrapped) - i128::from(first)) as f64 / rate_hz
            }
            TimeColumn::Implicit { rate_hz } => row_index as f64 / rate_hz,
        };
        row_index += 1;
        // Values: staged per stream, pushed only when all three axes are present.
        let mut staged = [[0.0f64; 3]; MAX_STREAMS];
        let mut present = [0u8; MAX_STREAMS];
        let mut absent = [false; MAX_STREAMS];
        for mapped in &layout.columns {
            let text = cell(mapped.column);
            match parse_f64(text, layout.decimal_comma) {
                // Inf is as unusable as NaN: one would poison every filter downstream.
                Some(v) if v.is_finite() => {
                    staged[mapped.stream][mapped.axis] = v * mapped.scale;
                    present[mapped.stream] |= 1 << mapped.axis;
                }
                Some(_) => absent[mapped.stream] = true,
                None if text.is_empty() => absent[mapped.stream] = true,
                None => {
                    return Err(Error::Parse {
                        location: location(line_number, mapped.column),
                        expected: "a number".into(),
                        found: shorten(text),
                    })
                }
            }
        }
        for (index, stream) in data.streams.iter_mut().enumerate() {
            if present[index] == 0b111 && !absent[index] {
                stream.push(time_s, staged[index]);
            } else if present[index] != 0 || absent[index] {
                data.missing[index] += 1;
            }
        }
        data.rows += 1;
        if let Some(resume) = &mut resume {
            let at_end = data.rows >= max_rows;
            if at_end || data.rows % RESUME_EVERY_ROWS == 0 {
                let cursor = TableCursor {
                    byte_offset: base_offset + lines.bytes_read(),
                    lines_before: lines.line_number(),
                    time_s,
                    row_index,
                    first_float,
                    first_integer,
                    origin_ns: data.origin_ns,
                    utc_offset_s: data.utc_offset_s,
                    previous_counter,
                    counter_offset,
                };
                if at_end {
                    resume.end = Some(cursor);
                    break;
                }
                resume.points.push(cursor);
            }
        }
    }
    data.truncated_last_line = pending_short.map(|(line, _)| line);
    data.resume = resume;
    Ok((data, complete))
}

/// Picks the time unit of a numeric time column from its typical step: the
/// unit whose step gives a plausible sampling rate (1–5000 Hz), preferring
/// 10–2000 Hz when several fit. Returns seconds per unit and the unit's name.
pub(crate) fn infer_time_unit(values: &[f64]) -> Option<(f64, &'static str)> {
    let mut steps: Vec<f64> = values
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    if steps.is_empty() {
        return None;
    }
    let mid = steps.len() / 2;
    let (_, step, _) = steps.select_nth_unstable_by(mid, f64::total_cmp);
    let step = *step;
    let units = [(1.0, "s"), (1e-3, "ms"), (1e-6, "us"), (1e-9, "ns")];
    let rate = |spu: f64| 1.0 / (step * spu);
    units
        .iter()
        .find(|(spu, _)| (10.0..=2000.0).contains(&rate(*spu)))
        .or_else(|| {
            units
                .iter()
                .find(|(spu, _)| (1.0..=5000.0).contains(&rate(*spu)))
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(time: TimeColumn, separator: u8) -> TableLayout {
        TableLayout {
            separator,
            decimal_comma: false,
            first_data_line: 2,
            column_names: vec!["t".into(), "x".into(), "y".into(), "z".into()],
            time,
            columns: (0..3)
                .map(|axis| MappedColumn {
                    column: axis + 1,
                    stream: 0,
                    axis,
                    scale: 1.0,
                })
                .collect(),
            streams: 1,
        }
    }

    fn read(text: &str, layout: &TableLayout) -> Result<TableData> {
        read_table(
            &Source::memory("mem.csv", "mem.csv", text.as_bytes().to_vec()),
            layout,
            0,
        )
    }

    #[test]
    fn reads_rows_relative_to_the_first_time() {
        let float = layout(
            TimeColumn::Float {
                column: 0,
                seconds_per_unit: 1.0,
            },
            b',',
        );
        let data = read("t,x,y,z\n10.5,1,2,3\n\n10.51,4,5,6\n", &float).unwrap();
        let stream = &data.streams[0];
        assert_eq!(stream.len(), 2);
        assert_eq!(stream.time_s, vec![0.0, 10.51 - 10.5]);
        assert_eq!(stream.z, vec![3.0, 6.0]);
        assert_eq!(data.origin_ns, 10_500_000_000);
    }

    #[test]
    fn integer_nanoseconds_keep_their_precision() {
        let integer = layout(
            TimeColumn::Integer {
                column: 0,
                nanos_per_unit: 1,
            },
            b',',
        );
        let data = read(
            "t,x,y,z\n1781801311043157200,1,2,3\n1781801311059166700,1,2,3\n",
            &integer,
        )
        .unwrap();
        assert!((data.streams[0].time_s[1] - 0.0160095).abs() < 1e-12);
    }

    #[test]
    fn missing_and_nan_cells_skip_the_sample_and_are_counted() {
        let float = layout(
            TimeColumn::Float {
                column: 0,
                seconds_per_unit: 1.0,
            },
            b',',
        );
        let data = read(
            "t,x,y,z\n0,1,2,3\n0.01,NaN,NaN,NaN\n0.02,,2,\n0.03,1,2,3\n",
            &float,
        )
        .unwrap();
        assert_eq!(data.streams[0].len(), 2);
        assert_eq!(data.missing[0], 2);
    }

    #[test]
    fn bad_cells_are_located() {
        let float = layout(
            TimeColumn::Float {
                column: 0,
                seconds_per_unit: 1.0,
            },
            b',',
        );
        let error = read("t,x,y,z\n0,1,2,3\n0.01,1,abc,3\n", &float).unwrap_err();
        assert_eq!(
            error.to_string(),
            "mem.csv:3:3 (y): expected a number, found \"abc\""
        );
    }

    #[test]
    fn a_truncated_last_line_is_dropped_but_a_short_middle_line_is_an_error() {
        let float = layout(
            TimeColumn::Float {
                column: 0,
                seconds_per_unit: 1.0,
            },
            b',',
        );
        let data = read("t,x,y,z\n0,1,2,3\n0.01,1,2,3\n0.02,1", &float).unwrap();
        assert_eq!(data.streams[0].len(), 2);
        assert_eq!(data.truncated_last_line, Some(4));
        let error = read("t,x,y,z\n0,1,2,3\n0.01,1\n0.02,1,2,3\n", &float).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("mem.csv:3: expected 4 fields"),
            "{error}"
        );
    }

    #[test]
    fn counters_unwrap_and_give_time_from_the_rate() {
        let counter = layout(
            TimeColumn::Counter {
                column: 0,
                rate_hz: 100.0,
                wrap: Some(65536),
            },
            b'\t',
        );
        let data = read(
            "t\tx\ty\tz\n65534\t0\t0\t1\n65535\t0\t0\t1\n1\t0\t0\t1\n",
            &counter,
        )
        .unwrap();
        assert_eq!(data.counter_wraps, 1);
        assert_eq!(data.streams[0].time_s, vec![0.0, 0.01, 0.03]);
    }

    #[test]
    fn datetime_columns_and_implicit_rates() {
        let datetime = layout(
            TimeColumn::DateTime {
                column: 0,
                order: DateOrder::YearMonthDay,
            },
            b',',
        );
        let data = read(
            "t,x,y,z\n2019-12-23 21:04:06.690,0,0,1\n2019-12-23 21:04:06.700,0,0,1\n",
            &datetime,
        )
        .unwrap();
        assert!((data.streams[0].time_s[1] - 0.01).abs() < 1e-9);
        let implicit = layout(TimeColumn::Implicit { rate_hz: 32.0 }, b',');
        let data = read("t,x,y,z\n0,0,0,1\n0,0,0,1\n", &implicit).unwrap();
        assert_eq!(data.streams[0].time_s, vec![0.0, 1.0 / 32.0]);
    }

    #[test]
    fn a_file_read_whole_is_hashed_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("walk.csv");
        std::fs::write(&path, "t,x,y,z\n0,1,2,3\n0.01,4,5,6\n").unwrap();
        let float = layout(
            TimeColumn::Float {
                column: 0,
                seconds_per_unit: 1.0,
            },
            b',',
        );
        let mut source = Source::file(&path);
        let data = read_table(&source, &float, 0).unwrap();
        assert_eq!(data.streams[0].len(), 2);
        let (bytes, expected) = crate::io::source::file_sha256(&path).unwrap();
        assert_eq!(bytes, 27);
        // `sha256sum walk.csv`
        assert_eq!(
            expected,
            "29b6240d6f4ff93e8492461803084211cbf4fc23e58cfdf2db841ab74256e767"
        );
        assert_eq!(data.sha256, Some(expected));
        // A window may stop before the end: no hash of the whole file then.
        source.window = Some(TableWindow {
            start: None,
            max_rows: 1,
        });
        let data = read_table(&source, &float, 0).unwrap();
        assert_eq!(data.streams[0].len(), 1);
        assert_eq!(data.sha256, None);
    }

    #[test]
    fn time_units_follow_the_step() {
        assert_eq!(infer_time_unit(&[0.0, 0.01, 0.02]).unwrap().1, "s");
        assert_eq!(infer_time_unit(&[0.0, 10.0, 20.0]).unwrap().1, "ms");
        assert_eq!(infer_time_unit(&[3.76e11, 3.76e11 + 5e6]).unwrap().1, "ns");
        assert_eq!(infer_time_unit(&[1.0]), None);
    }
}
