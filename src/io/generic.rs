//! Generic CSV: a header naming a time column and accelerometer (optionally
//! gyroscope, gravity, magnetometer) axes, in any order, with units in
//! brackets or inferred. Also the fallback for exports that follow this shape
//! (gaitmap, mocap-derived IMU files).

use crate::error::{Error, Result};
use crate::io::assemble::{RawRecording, RawStream, UnitSpec};
use crate::io::columns::{classify, time_hint, Quantity, TimeHint};
use crate::io::detect::{all_numeric, cells, header_separator, uses_decimal_comma, Claim, Head};
use crate::io::table::{infer_time_unit, read_table, MappedColumn, TableLayout, TimeColumn};
use crate::io::text::{looks_like_datetime, parse_f64, DateOrder};
use crate::io::{estimate_rows, rate_or_option, Files, ReadOptions};
use crate::recording::{DecisionSource, Format};

/// Claims a file whose header has accelerometer axes.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (index, header) = head.first_line()?;
    let separator = header_separator(header);
    if all_numeric(header, separator, false) {
        return None;
    }
    let names = cells(header, separator);
    let mapping = map_columns(&names);
    mapping.acc_like()?;
    let Some(data_line) = head.lines_from(index + 1).next() else {
        // A header alone (time and axes, nothing else): claim it, so the reader
        // can say there are no data rows. Prose that happens to name axes is not claimed.
        return (mapping.time.is_some() && names.len() <= 32).then(|| {
            Claim::data(
                Format::Generic,
                0.3,
                "header names a time column and accelerometer axes (no data rows)",
            )
        });
    };
    let decimal_comma = uses_decimal_comma(data_line, separator);
    let values = cells(data_line, separator);
    let numeric = mapping.triples.iter().flat_map(|t| t.columns).all(|c| {
        values
            .get(c)
            .is_some_and(|v| v.is_empty() || parse_f64(v.as_bytes(), decimal_comma).is_some())
    });
    if !numeric {
        return None;
    }
    let confidence = if mapping.time.is_some() { 0.6 } else { 0.4 };
    Some(Claim::data(
        Format::Generic,
        confidence,
        format!(
            "header names {}accelerometer axes",
            if mapping.time.is_some() {
                "a time column and "
            } else {
                ""
            }
        ),
    ))
}

/// Three columns holding x, y, z of one quantity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Triple {
    pub(crate) quantity: Quantity,
    pub(crate) columns: [usize; 3],
    pub(crate) unit: UnitSpec,
}

/// The columns of a generic header.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Mapping {
    pub(crate) time: Option<(usize, TimeHint)>,
    pub(crate) triples: Vec<Triple>,
    pub(crate) duplicates: Vec<String>,
}

impl Mapping {
    pub(crate) fn get(&self, quantity: Quantity) -> Option<&Triple> {
        self.triples.iter().find(|t| t.quantity == quantity)
    }

    fn acc_like(&self) -> Option<&Triple> {
        self.get(Quantity::Acc)
            .or_else(|| self.get(Quantity::LinearAcc))
    }
}

/// A triple being assembled from header cells.
struct PartialTriple {
    quantity: Quantity,
    /// The name without its axis letter: the axes of one sensor share it.
    stem: String,
    axes: [Option<usize>; 3],
    unit: Option<crate::io::units::Unit>,
    /// The first column's name, for messages.
    name: String,
}

/// Maps header names to time and axis triples; bare `x,y,z` count as acceleration.
pub(crate) fn map_columns(names: &[String]) -> Mapping {
    let mut mapping = Mapping::default();
    let mut partial: Vec<PartialTriple> = Vec::new();
    for (column, name) in names.iter().enumerate() {
        if mapping.time.is_none() {
            if let Some(hint) = time_hint(name) {
                mapping.time = Some((column, hint));
                continue;
            }
        }
        let Some(kind) = classify(name) else {
            continue;
        };
        let quantity = kind.quantity.unwrap_or(Quantity::Acc);
        // The axes of one sensor share a stem (`acc_` in acc_x, acc_y, acc_z).
        let slot = partial
            .iter_mut()
            .find(|p| p.quantity == quantity && p.stem == kind.stem && p.axes[kind.axis].is_none());
        match slot {
            Some(p) => {
                p.axes[kind.axis] = Some(column);
                if p.unit.is_none() {
                    p.unit = kind.unit;
                }
            }
            None => {
                let mut axes = [None; 3];
                axes[kind.axis] = Some(column);
                partial.push(PartialTriple {
                    quantity,
                    stem: kind.stem,
                    axes,
                    unit: kind.unit,
                    name: name.clone(),
                });
            }
        }
    }
    for PartialTriple {
        quantity,
        axes,
        unit,
        name,
        ..
    } in partial
    {
        let [Some(x), Some(y), Some(z)] = axes else {
            continue;
        };
        if mapping.get(quantity).is_some() {
            mapping.duplicates.push(name);
            continue;
        }
        mapping.triples.push(Triple {
            quantity,
            columns: [x, y, z],
            unit: match unit {
                Some(u) => UnitSpec::header(u, &names[x]),
                None => UnitSpec::Unknown,
            },
        });
    }
    mapping
}

/// What a reader knows about a headered text file.
pub(crate) struct HeaderInfo<'a> {
    /// The file's head.
    pub(crate) head: &'a Head,
    /// Line index (0-based) of the first data row.
    pub(crate) data_index: usize,
    /// Field separator.
    pub(crate) separator: u8,
    /// Decimal comma in numbers.
    pub(crate) decimal_comma: bool,
    /// Column names as written.
    pub(crate) names: Vec<String>,
}

impl<'a> HeaderInfo<'a> {
    /// Reads the header at line index `header_index`; data start after `skip_after` more lines.
    pub(crate) fn parse(
        head: &'a Head,
        header_index: usize,
        separator: u8,
        skip_after: usize,
    ) -> HeaderInfo<'a> {
        let header = head.lines.get(header_index).map_or("", String::as_str);
        let names = cells(header, separator);
        let data_index = header_index + 1 + skip_after;
        let data_line = head.lines_from(data_index).next().unwrap_or("");
        HeaderInfo {
            head,
            data_index,
            separator,
            decimal_comma: uses_decimal_comma(data_line, separator),
            names,
        }
    }

    /// The values of `column` in the head's data rows.
    pub(crate) fn column_samples(&self, column: usize) -> Vec<String> {
        self.head
            .lines_from(self.data_index)
            .take(200)
            .filter_map(|l| cells(l, self.separator).get(column).cloned())
            .collect()
    }
}

/// When a header names some but not all axes of a sensor (`acc_x, acc_y`
/// without `acc_z`), says which, for the error message.
pub(crate) fn incomplete_axes(names: &[String]) -> Option<String> {
    let mut found: Vec<(Quantity, String, [bool; 3])> = Vec::new();
    for name in names {
        let Some(kind) = classify(name) else { continue };
        let quantity = kind.quantity.unwrap_or(Quantity::Acc);
        match found
            .iter_mut()
            .find(|(q, stem, _)| *q == quantity && *stem == kind.stem)
        {
            Some((_, _, axes)) => axes[kind.axis] = true,
            None => {
                let mut axes = [false; 3];
                axes[kind.axis] = true;
                found.push((quantity, kind.stem, axes));
            }
        }
    }
    if found.iter().any(|(_, _, axes)| axes.iter().all(|a| *a)) {
        return None;
    }
    let (quantity, _, axes) = found.first()?;
    let present: Vec<&str> = ["x", "y", "z"]
        .iter()
        .zip(axes)
        .filter_map(|(name, present)| present.then_some(*name))
        .collect();
    Some(format!(
        "{} axes {} only",
        quantity_name(*quantity),
        present.join(", ")
    ))
}

/// Decides how to read the time column of a headered file from its name and
/// first values. `default_rate` serves counters and missing time columns
/// when `--rate` is absent (with the reason it is the format's rate).
pub(crate) fn time_column(
    info: &HeaderInfo,
    time: Option<(usize, TimeHint)>,
    default_rate: Option<(f64, &str)>,
    options: &ReadOptions,
    raw: &mut RawRecording,
    path: &std::path::Path,
) -> Result<TimeColumn> {
    let rate_for = |what: &str, raw: &mut RawRecording| -> Result<f64> {
        if let (None, Some((rate, why))) = (options.rate_hz, default_rate) {
            raw.provenance.decide(
                "rate",
                format!("{rate} Hz"),
                DecisionSource::Default,
                why.to_string(),
            );
            raw.provenance.warn(format!(
                "{what}; assumed {rate} Hz ({why}); pass --rate if the recording used another rate"
            ));
            return Ok(rate);
        }
        rate_or_option(None, options, raw, path, what)
    };
    let Some((column, hint)) = time else {
        let rate = rate_for("the header names no time column", raw)?;
        raw.provenance.decide(
            "time",
            format!("row index / {rate} Hz"),
            DecisionSource::Inferred,
            "no time column",
        );
        return Ok(TimeColumn::Implicit { rate_hz: rate });
    };
    let name = info.names.get(column).cloned().unwrap_or_default();
    if hint == TimeHint::Counter {
        let rate = rate_for(
            &format!("column \"{name}\" counts samples but the file states no rate"),
            raw,
        )?;
        raw.provenance.decide(
            "time",
            format!("({name} - first) / {rate} Hz"),
            DecisionSource::Header,
            format!("column \"{name}\" is a sample counter"),
        );
        return Ok(TimeColumn::Counter {
            column,
            rate_hz: rate,
            wrap: None,
        });
    }
    let samples = info.column_samples(column);
    if samples
        .first()
        .is_some_and(|s| looks_like_datetime(s.as_bytes()))
    {
        let order = datetime_order(&samples);
        raw.local_clock = true;
        raw.provenance.decide(
            "time",
            format!("date-time text ({order:?})"),
            DecisionSource::Inferred,
            format!(
                "column \"{name}\" holds date-times such as \"{}\"",
                samples[0]
            ),
        );
        return Ok(TimeColumn::DateTime { column, order });
    }
    let values: Vec<f64> = samples
        .iter()
        .filter_map(|s| parse_f64(s.as_bytes(), info.decimal_comma))
        .collect();
    let (seconds_per_unit, source, reason) = match hint {
        TimeHint::Clock(Some(spu)) => (spu, DecisionSource::Header, format!("column \"{name}\" states its unit")),
        _ => match infer_time_unit(&values) {
            Some((spu, unit)) => (
                spu,
                DecisionSource::Inferred,
                format!("column \"{name}\": its typical step gives a plausible sampling rate only in {unit}"),
            ),
            None => {
                return Err(Error::format(
                    path,
                    format!("cannot tell the unit of time column \"{name}\" from its values; rename it with a unit (e.g. time_s, time_ms)"),
                ))
            }
        },
    };
    raw.provenance.decide(
        "time",
        format!("{name} in {}", seconds_unit_name(seconds_per_unit)),
        source,
        reason,
    );
    let first_seconds = values.first().map_or(0.0, |v| v * seconds_per_unit);
    if first_seconds > 1e8 {
        raw.epoch_clock = true;
        raw.provenance.decide(
            "clock",
            "Unix epoch",
            DecisionSource::Inferred,
            format!("the first time value is {first_seconds:.0} s after 1970, a date after 1973"),
        );
    }
    // Integer nanosecond/microsecond/millisecond clocks are read exactly.
    let integers = samples.iter().all(|s| !s.contains(['.', 'e', 'E', ',']));
    if integers && seconds_per_unit < 1.0 {
        return Ok(TimeColumn::Integer {
            column,
            nanos_per_unit: (seconds_per_unit * 1e9).round() as i64,
        });
    }
    Ok(TimeColumn::Float {
        column,
        seconds_per_unit,
    })
}

/// `s`, `ms`, `us` or `ns`.
pub(crate) fn seconds_unit_name(seconds_per_unit: f64) -> &'static str {
    if seconds_per_unit >= 0.5 {
        "s"
    } else if seconds_per_unit >= 0.5e-3 {
        "ms"
    } else if seconds_per_unit >= 0.5e-6 {
        "us"
    } else {
        "ns"
    }
}

/// One stream to read from a table: its columns, unit, and a factor applied
/// while reading (−1 for a documented sign convention).
pub(crate) struct StreamColumns {
    /// The quantity (decides the slot in the raw recording).
    pub(crate) quantity: Quantity,
    /// x, y, z columns.
    pub(crate) columns: [usize; 3],
    /// The unit.
    pub(crate) unit: UnitSpec,
    /// Factor applied while reading.
    pub(crate) scale: f64,
}

impl From<&Triple> for StreamColumns {
    fn from(triple: &Triple) -> Self {
        StreamColumns {
            quantity: triple.quantity,
            columns: triple.columns,
            unit: triple.unit.clone(),
            scale: 1.0,
        }
    }
}

/// Streams a headered table and puts each stream in its slot of `raw`.
pub(crate) fn read_streams(
    source: &crate::io::source::Source,
    info: &HeaderInfo,
    time: TimeColumn,
    streams: &[StreamColumns],
    raw: &mut RawRecording,
) -> Result<()> {
    let layout = TableLayout {
        separator: info.separator,
        decimal_comma: info.decimal_comma,
        first_data_line: info.data_index as u64 + 1,
        column_names: info.names.clone(),
        time,
        columns: streams
            .iter()
            .enumerate()
            .flat_map(|(stream, s)| {
                s.columns
                    .iter()
                    .enumerate()
                    .map(move |(axis, &column)| MappedColumn {
                        column,
                        stream,
                        axis,
                        scale: s.scale,
                    })
            })
            .collect(),
        streams: streams.len(),
    };
    let mut table = read_table(source, &layout, estimate_rows(source, info.head))?;
    let label = source.file_name().to_string();
    let names: Vec<&str> = streams.iter().map(|s| quantity_name(s.quantity)).collect();
    raw.note_table(&label, &table, &names);
    raw.continuation = source.window.is_some_and(|w| w.start.is_some());
    raw.table_resume = table.resume.take();
    if let Some(hash) = table.sha256.take() {
        raw.source_sha256.push((source.display.clone(), hash));
    }
    for (index, s) in streams.iter().enumerate() {
        let stream = RawStream::from_table(&mut table, index, s.unit.clone(), label.clone());
        assign(raw, s.quantity, stream)?;
    }
    Ok(())
}

/// Picks the date field order that parses every sample (year first when ambiguous).
pub(crate) fn datetime_order(samples: &[String]) -> DateOrder {
    for order in [
        DateOrder::YearMonthDay,
        DateOrder::MonthDayYear,
        DateOrder::DayMonthYear,
    ] {
        if samples
            .iter()
            .all(|s| crate::io::text::parse_datetime(s.as_bytes(), order).is_some())
        {
            return order;
        }
    }
    DateOrder::YearMonthDay
}

/// Reads a generic CSV.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    read_headered(files, options, Format::Generic, None)
}

/// Reads a file with one header row naming time and axis columns (generic, mobgap).
pub(crate) fn read_headered(
    files: &Files,
    options: &ReadOptions,
    format: Format,
    default_rate: Option<(f64, &str)>,
) -> Result<RawRecording> {
    let (source, head) = files.single()?;
    let path = source.display.clone();
    let mut raw = RawRecording::new(format, files.paths());
    let (header_index, header) = head
        .first_line()
        .ok_or_else(|| Error::format(&path, "the file is empty"))?;
    let info = HeaderInfo::parse(head, header_index, header_separator(header), 0);
    record_text_decisions(
        &mut raw,
        info.separator,
        info.decimal_comma,
        header_index + 1,
    );
    let mapping = map_columns(&info.names);
    for duplicate in &mapping.duplicates {
        raw.provenance.warn(format!(
            "column \"{duplicate}\" repeats a quantity already read; ignored"
        ));
    }
    let time = time_column(&info, mapping.time, default_rate, options, &mut raw, &path)?;
    let streams: Vec<StreamColumns> = mapping.triples.iter().map(StreamColumns::from).collect();
    read_streams(source, &info, time, &streams, &mut raw)?;
    Ok(raw)
}

/// Puts a stream in its slot of the raw recording; a second stream of the
/// same quantity means the inputs mix recordings.
pub(crate) fn assign(raw: &mut RawRecording, quantity: Quantity, stream: RawStream) -> Result<()> {
    let slot = match quantity {
        Quantity::Acc => &mut raw.acc,
        Quantity::LinearAcc => &mut raw.linear_acc,
        Quantity::Gravity => &mut raw.gravity,
        Quantity::Gyro => &mut raw.gyro,
        Quantity::Mag => &mut raw.mag,
    };
    if let Some(existing) = slot {
        return Err(Error::format(
            raw.sources.first().cloned().unwrap_or_default(),
            format!(
                "two {} streams ({} and {}): the inputs hold more than one recording; give the files of one recording at a time",
                quantity_name(quantity),
                existing.label,
                stream.label
            ),
        ));
    }
    *slot = Some(stream);
    Ok(())
}

/// The x/y/z columns of a one-sensor file (MetaBase, Polar): their columns,
/// the quantity (from the header unit, else the file name) and the unit.
pub(crate) fn single_sensor_columns(
    info: &HeaderInfo,
    file_name: &str,
    path: &std::path::Path,
) -> Result<StreamColumns> {
    let mut columns = [usize::MAX; 3];
    let mut unit = None;
    for (column, name) in info.names.iter().enumerate() {
        if crate::io::columns::compact_name(name).contains("timestamp") {
            continue;
        }
        if let Some(kind) = classify(name) {
            columns[kind.axis] = column;
            unit = unit.or(kind.unit);
        }
    }
    if columns.contains(&usize::MAX) {
        return Err(Error::format(path, "no x/y/z axis columns"));
    }
    let lower = file_name.to_ascii_lowercase();
    let quantity = match unit {
        Some(u) if u.is_angular_velocity() => Quantity::Gyro,
        Some(u) if u.is_acceleration() => Quantity::Acc,
        _ if lower.contains("gyro") => Quantity::Gyro,
        _ if lower.contains("magnet") || lower.ends_with("_mag.txt") => Quantity::Mag,
        _ => Quantity::Acc,
    };
    let unit = match unit {
        Some(u) => UnitSpec::header(u, &info.names[columns[0]]),
        None if quantity == Quantity::Mag => UnitSpec::spec(
            crate::io::units::Unit::Arbitrary,
            "magnetometer kept in the file's unit",
        ),
        None => UnitSpec::Unknown,
    };
    Ok(StreamColumns {
        quantity,
        columns,
        unit,
        scale: 1.0,
    })
}

/// Name of a quantity for messages.
pub(crate) fn quantity_name(quantity: Quantity) -> &'static str {
    match quantity {
        Quantity::Acc => "accelerometer",
        Quantity::LinearAcc => "linear acceleration",
        Quantity::Gravity => "gravity",
        Quantity::Gyro => "gyroscope",
        Quantity::Mag => "magnetometer",
    }
}

/// Records the separator, decimal mark and header decisions.
pub(crate) fn record_text_decisions(
    raw: &mut RawRecording,
    separator: u8,
    decimal_comma: bool,
    header_line: usize,
) {
    let separator_name = match separator {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", other as char),
    };
    raw.provenance.decide(
        "separator",
        separator_name,
        DecisionSource::Header,
        "the header line's separator (tab, then ';', then ',')",
    );
    raw.provenance.decide(
        "decimal mark",
        if decimal_comma { "comma" } else { "point" },
        if decimal_comma {
            DecisionSource::Inferred
        } else {
            DecisionSource::Default
        },
        if decimal_comma {
            "numbers in the first data row use a decimal comma"
        } else {
            "numbers use a decimal point"
        },
    );
    raw.provenance.decide(
        "header",
        format!("line {header_line}"),
        DecisionSource::Header,
        "first line with column names",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn maps_reordered_columns_by_name() {
        let mapping = map_columns(&names(&[
            "gyr_z", "acc_y", "time_s", "acc_x", "extra", "acc_z", "gyr_x", "gyr_y",
        ]));
        assert_eq!(mapping.time, Some((2, TimeHint::Clock(Some(1.0)))));
        assert_eq!(mapping.get(Quantity::Acc).unwrap().columns, [3, 1, 5]);
        assert_eq!(mapping.get(Quantity::Gyro).unwrap().columns, [6, 7, 0]);
    }

    #[test]
    fn bare_axes_are_acceleration() {
        let mapping = map_columns(&names(&["time", "x", "y", "z"]));
        assert_eq!(mapping.get(Quantity::Acc).unwrap().columns, [1, 2, 3]);
    }
}
