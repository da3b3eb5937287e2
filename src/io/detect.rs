//! Format detection: every file's head is offered to every format's sniffer;
//! the best claim per file wins, and the files of one recording must agree.

use crate::error::{Error, Result};
use crate::io::source::Source;
use crate::io::text::{decode_text, parse_f64, split_fields, Encoding};
use crate::io::units::normalize_header;
use crate::io::{
    actigraph, androsensor, axivity, empatica, generic, metawear, mobgap, oxford, phyphox,
    physics_toolbox, polar, sensor_logger, sensorlog, shimmer, xsens, Files,
};
use crate::recording::Format;
use serde::Serialize;

/// Bytes of each file read for detection.
const HEAD_BYTES: usize = 64 * 1024;
/// Lines of each file kept for detection.
const HEAD_LINES: usize = 200;

/// The first lines of one file, decoded, as the sniffers see them.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    /// Path inside the input (`meta/time.csv`).
    pub(crate) relative: String,
    /// File name, lower case.
    pub(crate) name: String,
    /// The first lines (decoded, without terminators).
    pub(crate) lines: Vec<String>,
    /// True when the file looks binary (NUL bytes after decoding).
    pub(crate) binary: bool,
    /// Text encoding found.
    pub(crate) encoding: Encoding,
}

impl Head {
    /// Reads the head of `source`.
    pub(crate) fn read(source: &Source) -> Result<Head> {
        let (bytes, encoding, truncated) = source.head(HEAD_BYTES)?;
        let binary = bytes.contains(&0);
        let mut lines = Vec::new();
        let mut parts = bytes.split(|&b| b == b'\n').peekable();
        while let Some(raw) = parts.next() {
            if lines.len() >= HEAD_LINES {
                break;
            }
            // A last partial line of a truncated head is not a line.
            if truncated && parts.peek().is_none() {
                break;
            }
            let mut line = raw;
            if lines.is_empty() && line.starts_with(crate::io::text::UTF8_BOM) {
                line = &line[3..];
            }
            while let Some((b'\r', rest)) = line.split_last() {
                line = rest;
            }
            lines.push(decode_text(line).into_owned());
        }
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        Ok(Head {
            relative: source.relative.clone(),
            name: source.file_name().to_ascii_lowercase(),
            lines,
            binary,
            encoding,
        })
    }

    /// The first non-empty line and its index.
    pub(crate) fn first_line(&self) -> Option<(usize, &str)> {
        self.lines
            .iter()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i, l.as_str()))
    }

    /// Data lines after line index `start`, skipping blanks.
    pub(crate) fn lines_from(&self, start: usize) -> impl Iterator<Item = &str> {
        self.lines
            .iter()
            .skip(start)
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
    }
}

/// A sniffer's claim on one file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Claim {
    /// The format claimed.
    pub(crate) format: Format,
    /// 0–1: how sure the sniffer is.
    pub(crate) confidence: f64,
    /// Data file, or a side file (metadata) of that format.
    pub(crate) role: Role,
    /// The evidence, in a few words.
    pub(crate) reason: String,
}

/// Whether a file holds samples or only metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    /// Samples.
    Data,
    /// Metadata beside the samples (phyphox `meta/`, Sensor Logger `Metadata.csv`).
    Side,
}

impl Claim {
    pub(crate) fn data(format: Format, confidence: f64, reason: impl Into<String>) -> Claim {
        Claim {
            format,
            confidence,
            role: Role::Data,
            reason: reason.into(),
        }
    }

    pub(crate) fn side(format: Format, reason: impl Into<String>) -> Claim {
        Claim {
            format,
            confidence: 0.9,
            role: Role::Side,
            reason: reason.into(),
        }
    }
}

/// The result of detection, as `inspect` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    /// The format.
    pub format: Format,
    /// 0–1: the weakest data file's confidence (1 when forced with `--format`).
    pub confidence: f64,
    /// Why.
    pub reason: String,
    /// Files used, as data or side files.
    pub files: Vec<DetectedFile>,
    /// Files found but not used (not recognised, or not needed).
    pub ignored: Vec<String>,
}

/// One file of the recording and its role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectedFile {
    /// Display path.
    pub path: String,
    /// Data or side file.
    #[serde(rename = "role")]
    pub(crate) role: Role,
}

type Sniffer = fn(&Head) -> Option<Claim>;

const SNIFFERS: [Sniffer; 15] = [
    phyphox::sniff,
    sensor_logger::sniff,
    metawear::sniff,
    shimmer::sniff,
    axivity::sniff,
    actigraph::sniff,
    androsensor::sniff,
    sensorlog::sniff,
    physics_toolbox::sniff,
    polar::sniff,
    empatica::sniff,
    xsens::sniff,
    oxford::sniff,
    mobgap::sniff,
    generic::sniff,
];

/// The best claim on one file, if any.
pub(crate) fn claim(head: &Head, forced: Option<Format>) -> Option<Claim> {
    if head.binary || head.lines.is_empty() {
        return None;
    }
    let mut best: Option<Claim> = None;
    for sniff in SNIFFERS {
        if let Some(claim) = sniff(head) {
            if forced.is_some_and(|f| f != claim.format) {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|b| claim.confidence > b.confidence)
            {
                best = Some(claim);
            }
        }
    }
    best
}

/// Detects the format of a set of sources that should form one recording,
/// and returns the sources grouped by role.
pub(crate) fn detect(sources: &[Source], forced: Option<Format>) -> Result<(Detection, Files)> {
    let Some(first) = sources.first() else {
        return Err(Error::format("(no input)", "no input file given"));
    };
    let mut data = Vec::new();
    let mut side = Vec::new();
    let mut ignored = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    for source in sources {
        let head = Head::read(source)?;
        match claim(&head, forced) {
            Some(c) => {
                match c.role {
                    Role::Data => data.push((source.clone(), head)),
                    Role::Side => side.push((source.clone(), head)),
                }
                claims.push(c);
            }
            None => ignored.push(source.display.display().to_string()),
        }
    }
    let data_claims: Vec<&Claim> = claims.iter().filter(|c| c.role == Role::Data).collect();
    if data_claims.is_empty() {
        let what = if sources.len() == 1 {
            describe_unknown(first)
        } else {
            format!(
                "none of the {} files is a recording retrogait can read (formats: {})",
                sources.len(),
                Format::ALL.map(Format::id).join(", ")
            )
        };
        return Err(Error::format(common_display(sources), what));
    }
    let format = data_claims[0].format;
    if let Some(other) = data_claims.iter().find(|c| c.format != format) {
        let list: Vec<String> = data
            .iter()
            .zip(&data_claims)
            .map(|((s, _), c)| format!("{} ({})", s.display.display(), c.format.id()))
            .collect();
        return Err(Error::format(
            common_display(sources),
            format!(
                "the inputs mix formats ({} and {}): give the files of one recording at a time [{}]",
                format.id(),
                other.format.id(),
                list.join(", ")
            ),
        ));
    }
    // Side files of another format are not ours.
    let mut kept_side = Vec::new();
    for ((source, head), claim) in side
        .into_iter()
        .zip(claims.iter().filter(|c| c.role == Role::Side))
    {
        if claim.format == format {
            kept_side.push((source, head));
        } else {
            ignored.push(source.display.display().to_string());
        }
    }
    let confidence = if forced.is_some() {
        1.0
    } else {
        data_claims.iter().map(|c| c.confidence).fold(1.0, f64::min)
    };
    let mut reasons: Vec<&str> = data_claims.iter().map(|c| c.reason.as_str()).collect();
    reasons.dedup();
    let reason = if forced.is_some() {
        format!(
            "forced with --format {}; {}",
            format.id(),
            reasons.join("; ")
        )
    } else {
        reasons.join("; ")
    };
    let mut files: Vec<DetectedFile> = data
        .iter()
        .map(|(s, _)| DetectedFile {
            path: s.display.display().to_string(),
            role: Role::Data,
        })
        .collect();
    files.extend(kept_side.iter().map(|(s, _)| DetectedFile {
        path: s.display.display().to_string(),
        role: Role::Side,
    }));
    Ok((
        Detection {
            format,
            confidence,
            reason,
            files,
            ignored,
        },
        Files {
            data,
            side: kept_side,
        },
    ))
}

fn common_display(sources: &[Source]) -> String {
    match sources {
        [one] => one.display.display().to_string(),
        [first, ..] => {
            let text = first.display.display().to_string();
            match text.rfind(['/', '!']) {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
        [] => String::new(),
    }
}

fn describe_unknown(source: &Source) -> String {
    let Ok(head) = Head::read(source) else {
        return "cannot be read".into();
    };
    if source.is_empty() || head.lines.is_empty() {
        return "the file is empty".into();
    }
    if head.binary {
        return "the file is binary, not a text export (retrogait reads CSV/text exports; convert .cwa/.gt3x/.bin files with the vendor's tool first)".into();
    }
    let first = head.first_line().map(|(_, l)| l).unwrap_or("");
    let separator = header_separator(first);
    let names = cells(first, separator);
    if let Some(partial) = crate::io::generic::incomplete_axes(&names) {
        return format!("the header names {partial}: all three axes x, y, z are needed");
    }
    if let Some(line) = head.lines.get(1) {
        let data_separator = header_separator(line);
        if data_separator != separator && !all_numeric(line, separator, false) {
            let name = |b: u8| {
                if b == b'\t' {
                    "tab".to_string()
                } else {
                    format!("'{}'", b as char)
                }
            };
            return format!(
                "line 2 is separated by {} but the header by {}: mixed separators",
                name(data_separator),
                name(separator)
            );
        }
    }
    let shown: String = first.chars().take(80).collect();
    format!(
        "not a recognised recording format: the first line is \"{shown}\"; expected a header naming a time column and accelerometer axes (e.g. time_s,acc_x,acc_y,acc_z) or a known app export; pass --format to force one of: {}",
        Format::ALL.map(Format::id).join(", ")
    )
}

/// Picks the separator of a header line: tab, then `;`, then `,` (a decimal
/// comma makes `,` look consistent in data rows, so the header decides).
pub(crate) fn header_separator(line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[0] > 0 {
        b'\t'
    } else if counts[1] > 0 {
        b';'
    } else {
        b','
    }
}

/// Splits a line into owned cells (quotes removed, trimmed).
pub(crate) fn cells(line: &str, separator: u8) -> Vec<String> {
    let mut ranges = Vec::new();
    split_fields(line.as_bytes(), separator, &mut ranges);
    ranges
        .iter()
        .map(|&(a, b)| line[a..b].to_string())
        .collect()
}

/// Cells of a headerless data row, without the empty cells a trailing separator leaves.
pub(crate) fn data_cells(line: &str, separator: u8) -> Vec<String> {
    let mut values = cells(line, separator);
    while values.last().is_some_and(|v| v.is_empty()) {
        values.pop();
    }
    values
}

/// Normalised header cells (lower case, `²` → `^2`, quotes removed).
pub(crate) fn header_cells(line: &str, separator: u8) -> Vec<String> {
    cells(line, separator)
        .iter()
        .map(|c| normalize_header(c))
        .collect()
}

/// True when a numeric data line uses a decimal comma (`5,83E-3;1,09E-3`).
pub(crate) fn uses_decimal_comma(data_line: &str, separator: u8) -> bool {
    if separator == b',' {
        return false;
    }
    let values = cells(data_line, separator);
    let mut comma_numbers = 0;
    for value in &values {
        if value.contains(',') && parse_f64(value.as_bytes(), true).is_some() {
            comma_numbers += 1;
        } else if value.contains('.') && parse_f64(value.as_bytes(), false).is_some() {
            return false;
        }
    }
    comma_numbers > 0
}

/// True when every cell of the line is a number (decimal point or comma).
pub(crate) fn all_numeric(line: &str, separator: u8, decimal_comma: bool) -> bool {
    let values = cells(line, separator);
    !values.is_empty()
        && values
            .iter()
            .filter(|v| !v.is_empty())
            .all(|v| parse_f64(v.as_bytes(), decimal_comma).is_some())
        && values.iter().any(|v| !v.is_empty())
}

/// Parses the numeric cells of a line (empty cells give `None`).
pub(crate) fn numbers(line: &str, separator: u8, decimal_comma: bool) -> Vec<Option<f64>> {
    data_cells(line, separator)
        .iter()
        .map(|v| parse_f64(v.as_bytes(), decimal_comma))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_come_from_the_header() {
        assert_eq!(header_separator("\"Time (s)\";\"X (m/s^2)\""), b';');
        assert_eq!(header_separator("a\tb\tc"), b'\t');
        assert_eq!(header_separator("a,b"), b',');
        assert_eq!(header_separator("\"a;b\",c"), b',');
    }

    #[test]
    fn decimal_commas_are_recognised() {
        assert!(uses_decimal_comma("5,834833311E-3;1,094196774E-3", b';'));
        assert!(!uses_decimal_comma("5.8E-3;1.0E-3", b';'));
        assert!(!uses_decimal_comma("5,8", b','));
    }

    #[test]
    fn unknown_files_get_a_helpful_message() {
        let source = Source::memory(
            "notes.txt",
            "notes.txt",
            b"hello world\nthis is not data\n".to_vec(),
        );
        let error = detect(&[source], None).unwrap_err().to_string();
        assert!(
            error.starts_with("notes.txt: not a recognised recording format"),
            "{error}"
        );
        let empty = Source::memory("empty.csv", "empty.csv", Vec::new());
        let error = detect(&[empty], None).unwrap_err().to_string();
        assert_eq!(error, "empty.csv: the file is empty");
        let binary = Source::memory("x.bin", "x.bin", vec![0, 1, 2, 3, 0, 0, 255, 7]);
        let error = detect(&[binary], None).unwrap_err().to_string();
        assert!(error.contains("binary"), "{error}");
    }
}
