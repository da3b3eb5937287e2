//! Low-level text handling shared by every reader: line reading without
//! per-line allocation, field splitting with quotes, fast number parsing,
//! date-time parsing, and header text decoding (UTF-8, UTF-16, cp1252).

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

/// Reads lines without per-line allocation, strips `\n`, `\r`, a UTF-8 BOM
/// on the first line, and counts line numbers (1-based). A line that lies
/// whole in the reader's buffer is returned from there without copying; only
/// a line that straddles two buffer fills is gathered into a reused buffer.
pub(crate) struct LineReader<R> {
    inner: R,
    buffer: Vec<u8>,
    /// Bytes of the inner reader's buffer that the last line took and that
    /// are consumed on the next call (the line borrows them until then).
    pending: usize,
    line_number: u64,
    /// Bytes consumed so far, counted from where the reader started.
    bytes_read: u64,
}

impl<R: BufRead> LineReader<R> {
    /// Wraps a buffered reader.
    pub(crate) fn new(inner: R) -> Self {
        LineReader {
            inner,
            buffer: Vec::with_capacity(256),
            pending: 0,
            line_number: 0,
            bytes_read: 0,
        }
    }

    /// Wraps a reader positioned at the start of line `line_number + 1`
    /// (resuming a file part-way through).
    pub(crate) fn resumed(inner: R, line_number: u64) -> Self {
        LineReader {
            line_number,
            ..LineReader::new(inner)
        }
    }

    /// The wrapped reader, positioned after the last line returned.
    pub(crate) fn into_inner(mut self) -> R {
        self.inner.consume(self.pending);
        self.inner
    }

    /// Bytes consumed since the reader was made (terminators included).
    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The 1-based number of the line returned last.
    pub(crate) fn line_number(&self) -> u64 {
        self.line_number
    }

    /// The next line without its terminator, or `None` at the end.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<&[u8]>> {
        self.inner.consume(self.pending);
        self.pending = 0;
        let found = memchr::memchr(b'\n', self.inner.fill_buf()?);
        let line = match found {
            Some(at) => {
                self.pending = at + 1;
                // Without a consume in between, this is the same buffer again (no read).
                self.inner.fill_buf()?.get(..=at).unwrap_or_default()
            }
            None => {
                self.buffer.clear();
                let read = self.inner.read_until(b'\n', &mut self.buffer)?;
                if read == 0 {
                    return Ok(None);
                }
                self.buffer.as_slice()
            }
        };
        self.bytes_read += line.len() as u64;
        self.line_number += 1;
        let mut end = line.len();
        while end > 0 && (line[end - 1] == b'\n' || line[end - 1] == b'\r') {
            end -= 1;
        }
        let start = if self.line_number == 1 && line[..end].starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        Ok(Some(&line[start..end]))
    }
}

/// The UTF-8 byte order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which text encoding a file uses, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 (or ASCII, or cp1252 in header cells).
    Utf8,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
}

impl Encoding {
    /// Detects UTF-16 from a BOM, or from NUL bytes in every other position
    /// (UTF-16 text without BOM, as some Windows tools write).
    pub(crate) fn sniff(head: &[u8]) -> Encoding {
        if head.starts_with(&[0xFF, 0xFE]) {
            return Encoding::Utf16Le;
        }
        if head.starts_with(&[0xFE, 0xFF]) {
            return Encoding::Utf16Be;
        }
        let sample = &head[..head.len().min(512) & !1];
        if sample.len() >= 8 {
            let pairs = sample.len() / 2;
            let odd_nuls = sample
                .chunks_exact(2)
                .filter(|p| p[1] == 0 && p[0] != 0)
                .count();
            let even_nuls = sample
                .chunks_exact(2)
                .filter(|p| p[0] == 0 && p[1] != 0)
                .count();
            if odd_nuls * 10 >= pairs * 9 {
                return Encoding::Utf16Le;
            }
            if even_nuls * 10 >= pairs * 9 {
                return Encoding::Utf16Be;
            }
        }
        Encoding::Utf8
    }
}

/// Transcodes a UTF-16 byte stream to UTF-8 on the fly, so the rest of the
/// reading path sees UTF-8 only. Invalid code units become U+FFFD.
pub(crate) struct Utf16ToUtf8<R> {
    inner: R,
    little_endian: bool,
    pending: Vec<u8>,
    pending_pos: usize,
    started: bool,
    carry: Option<u8>,
    high_surrogate: Option<u16>,
}

impl<R: Read> Utf16ToUtf8<R> {
    /// Wraps a reader positioned at the start of the UTF-16 data (BOM included or not).
    pub(crate) fn new(inner: R, little_endian: bool) -> Self {
        Utf16ToUtf8 {
            inner,
            little_endian,
            pending: Vec::with_capacity(8192),
            pending_pos: 0,
            started: false,
            carry: None,
            high_surrogate: None,
        }
    }

    fn refill(&mut self) -> io::Result<bool> {
        let mut raw = [0u8; 8192];
        let mut filled = 0;
        if let Some(byte) = self.carry.take() {
            raw[0] = byte;
            filled = 1;
        }
        let read = self.inner.read(&mut raw[filled..])?;
        if read == 0 && filled == 0 {
            return Ok(false);
        }
        filled += read;
        if read == 0 {
            // A dangling odd byte at the end: drop it.
            return Ok(false);
        }
        let usable = filled & !1;
        if usable < filled {
            self.carry = Some(raw[usable]);
        }
        self.pending.clear();
        self.pending_pos = 0;
        for pair in raw[..usable].chunks_exact(2) {
            let unit = if self.little_endian {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            };
            if !self.started {
                self.started = true;
                if unit == 0xFEFF {
                    continue;
                }
            }
            let ch = match (self.high_surrogate.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high_surrogate = Some(unit);
                    continue;
                }
                (Some(high), 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                }
                (Some(_), _) | (None, 0xDC00..=0xDFFF) => '\u{FFFD}',
                (None, _) => char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'),
            };
            let mut utf8 = [0u8; 4];
            self.pending
                .extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
        }
        Ok(true)
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pending_pos >= self.pending.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let available = &self.pending[self.pending_pos..];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pending_pos += n;
        Ok(n)
    }
}

/// Decodes header text: UTF-8 when valid, otherwise Windows-1252 (the
/// encoding Excel-edited files use for `²`, `°`, `µ`).
pub(crate) fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| cp1252_char(b)).collect()),
    }
}

fn cp1252_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Splits `line` at `separator` into byte ranges, trimming spaces and
/// removing surrounding double quotes (`""` inside quotes stays as is).
/// A separator inside quotes does not split.
pub(crate) fn split_fields(line: &[u8], separator: u8, fields: &mut Vec<(usize, usize)>) {
    fields.clear();
    // Fast path for data rows: no quotes, no padding spaces.
    if split_plain(line, separator, fields) {
        return;
    }
    fields.clear();
    split_quoted(line, separator, fields);
}

/// The general path of [`split_fields`]: quotes and padding spaces.
fn split_quoted(line: &[u8], separator: u8, fields: &mut Vec<(usize, usize)>) {
    let len = line.len();
    let mut start = 0;
    loop {
        let mut pos = start;
        while pos < len && line[pos] == b' ' && separator != b' ' {
            pos += 1;
        }
        let field_end;
        let next;
        if pos < len && line[pos] == b'"' {
            let content_start = pos + 1;
            let mut q = content_start;
            loop {
                match line[q.min(len)..].iter().position(|&b| b == b'"') {
                    Some(offset) => {
                        let at = q + offset;
                        if at + 1 < len && line[at + 1] == b'"' {
                            q = at + 2;
                            continue;
                        }
                        field_end = (content_start, at);
                        let after = line[at + 1..].iter().position(|&b| b == separator);
                        next = after.map(|o| at + 1 + o);
                        break;
                    }
                    None => {
                        field_end = (content_start, len);
                        next = None;
                        break;
                    }
                }
            }
        } else {
            let found = line[pos..].iter().position(|&b| b == separator);
            let end = found.map_or(len, |o| pos + o);
            let mut trimmed_end = end;
            while trimmed_end > pos && line[trimmed_end - 1] == b' ' {
                trimmed_end -= 1;
            }
            field_end = (pos, trimmed_end);
            next = found.map(|o| pos + o);
        }
        fields.push(field_end);
        match next {
            Some(sep_pos) => start = sep_pos + 1,
            None => break,
        }
    }
}

/// Splits a line that holds no double quote, and no space unless the
/// separator is a space, at `separator`; returns false (leaving `fields`
/// partly filled) for any other line. Reads eight bytes at a time: data rows
/// are short, so this beats a search call per separator.
fn split_plain(line: &[u8], separator: u8, fields: &mut Vec<(usize, usize)>) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The bytes of `word` equal to `byte`, as the high bit of their lanes.
    // Exact: adding 0x7F to a lane's low seven bits cannot carry into the next.
    let equal = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        !(((x & LOW7) + LOW7) | x | LOW7)
    };
    let space_is_padding = separator != b' ';
    let mut start = 0;
    let mut chunks = line.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let word = u64::from_le_bytes(bytes);
        let mut special = equal(word, b'"');
        if space_is_padding {
            special |= equal(word, b' ');
        }
        if special != 0 {
            return false;
        }
        let mut separators = equal(word, separator);
        while separators != 0 {
            let at = offset + (separators.trailing_zeros() / 8) as usize;
            fields.push((start, at));
            start = at + 1;
            separators &= separators - 1;
        }
        offset += 8;
    }
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        if byte == separator {
            fields.push((start, offset + i));
            start = offset + i + 1;
        } else if byte == b'"' || space_is_padding && byte == b' ' {
            return false;
        }
    }
    fields.push((start, line.len()));
    true
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a decimal number (`-1.5`, `5.834833311E-3`, `1,5` with a decimal
/// comma, `NaN`, `inf`). Returns `None` for anything else, including an
/// empty cell.
///
/// The fast path is exact: a mantissa below 2^53 and a power of ten up to
/// 10^22 are both exactly representable, so one multiplication or division
/// rounds correctly (Clinger's fast path). Other inputs go to the standard
/// library's correctly rounded parser.
pub(crate) fn parse_f64(cell: &[u8], decimal_comma: bool) -> Option<f64> {
    // A cell of at most 19 bytes has at most 19 digits: its mantissa cannot
    // overflow, so the digit loops need not count significant digits.
    if cell.len() <= 19 {
        parse_decimal::<true>(cell, decimal_comma)
    } else {
        parse_decimal::<false>(cell, decimal_comma)
    }
}

/// [`parse_f64`]; `SHORT` when the cell has at most 19 bytes.
fn parse_decimal<const SHORT: bool>(cell: &[u8], decimal_comma: bool) -> Option<f64> {
    let decimal_mark = if decimal_comma { b',' } else { b'.' };
    let len = cell.len();
    let mut i = 0;
    let negative = match cell.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        Some(_) => false,
        None => return None,
    };
    let mut mantissa: u64 = 0;
    let mut significant = 0u32;
    let integer_start = i;
    let Some(end) = accumulate_digits::<SHORT>(cell, i, &mut mantissa, &mut significant) else {
        return parse_slow(cell, decimal_comma);
    };
    i = end;
    let mut any_digit = i > integer_start;
    let mut exponent: i32 = 0;
    if cell.get(i) == Some(&decimal_mark) {
        let fraction_start = i + 1;
        let Some(end) =
            accumulate_digits::<SHORT>(cell, fraction_start, &mut mantissa, &mut significant)
        else {
            return parse_slow(cell, decimal_comma);
        };
        i = end;
        // At most 19 digits were accumulated, so this fits.
        exponent = -((i - fraction_start) as i32);
        any_digit |= i > fraction_start;
    }
    if !any_digit {
        return parse_slow(cell, decimal_comma);
    }
    if i < len && (cell[i] == b'e' || cell[i] == b'E') {
        i += 1;
        let mut exp_negative = false;
        if i < len && (cell[i] == b'-' || cell[i] == b'+') {
            exp_negative = cell[i] == b'-';
            i += 1;
        }
        let exp_start = i;
        let mut exp_value: i32 = 0;
        while i < len && cell[i].is_ascii_digit() {
            exp_value = exp_value
                .saturating_mul(10)
                .saturating_add(i32::from(cell[i] - b'0'));
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        exponent = exponent.saturating_add(if exp_negative { -exp_value } else { exp_value });
    }
    if i != len {
        return None;
    }
    let value = if mantissa == 0 {
        0.0
    } else if mantissa < (1u64 << 53) && (-22..=22).contains(&exponent) {
        let m = mantissa as f64;
        if exponent >= 0 {
            m * POW10[exponent as usize]
        } else {
            m / POW10[(-exponent) as usize]
        }
    } else {
        return parse_slow(cell, decimal_comma);
    };
    Some(if negative { -value } else { value })
}

/// Accumulates the decimal digits of `cell` from byte `i` into `mantissa`;
/// returns the index after them. Unless `SHORT` (the cell is too short for
/// more than 19 digits), counts the significant digits and returns `None`
/// before a 20th would overflow the mantissa.
#[inline(always)]
fn accumulate_digits<const SHORT: bool>(
    cell: &[u8],
    mut i: usize,
    mantissa: &mut u64,
    significant: &mut u32,
) -> Option<usize> {
    if SHORT {
        // Four digits at a time while four remain (the mantissa cannot overflow).
        while let Some(&[a, b, c, d]) = cell.get(i..i + 4) {
            let word = u32::from_le_bytes([a, b, c, d]);
            // Every byte 0x30..=0x39: high nibble 3, and still 3 after adding 6.
            if word & 0xF0F0_F0F0 != 0x3030_3030
                || word.wrapping_add(0x0606_0606) & 0xF0F0_F0F0 != 0x3030_3030
            {
                break;
            }
            // Lane k (byte k, the k-th digit) holds the digit's value.
            let digits = word - 0x3030_3030;
            // Lane 0: d0 * 10 + d1, lane 2: d2 * 10 + d3 (each below 100: no carries).
            let pairs = digits * 10 + (digits >> 8);
            let value = (pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF);
            *mantissa = *mantissa * 10_000 + u64::from(value);
            i += 4;
        }
    }
    while let Some(&byte) = cell.get(i) {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if !SHORT {
            if *significant >= 19 {
                return None;
            }
            if *mantissa != 0 || digit != 0 {
                *significant += 1;
            }
        }
        *mantissa = *mantissa * 10 + u64::from(digit);
        i += 1;
    }
    Some(i)
}

fn parse_slow(cell: &[u8], decimal_comma: bool) -> Option<f64> {
    let text = std::str::from_utf8(cell).ok()?;
    let lowered = text.trim();
    // Only letters the float grammar allows: digits, sign, mark, exponent, nan/inf words.
    if decimal_comma {
        if lowered.contains('.') {
            return None;
        }
        lowered.replace(',', ".").parse::<f64>().ok()
    } else {
        lowered.parse::<f64>().ok()
    }
}

/// Parses an integer cell exactly (`1781801311043157200`), accepting a
/// trailing `.0…` (files that print integers as floats). Returns `None` when
/// it is not an integer.
pub(crate) fn parse_i64(cell: &[u8]) -> Option<i64> {
    let (negative, digits) = match cell.first() {
        Some(b'-') => (true, &cell[1..]),
        Some(b'+') => (false, &cell[1..]),
        Some(_) => (false, cell),
        None => return None,
    };
    let int_end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    if int_end == 0 {
        return None;
    }
    let rest = &digits[int_end..];
    if !(rest.is_empty() || rest[0] == b'.' && rest[1..].iter().all(|&b| b == b'0')) {
        return None;
    }
    let mut value: i64 = 0;
    for &b in &digits[..int_end] {
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(if negative { -value } else { value })
}

/// A date and time read from text, as nanoseconds since 1970-01-01T00:00:00
/// of the clock the text was written in, plus the UTC offset when the text gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParsedDateTime {
    /// Nanoseconds since the epoch of the local clock (UTC when `offset_s` is `Some(0)`).
    pub(crate) local_ns: i64,
    /// UTC offset in seconds when the text states it (`Z`, `+02:00`, `-0400`).
    pub(crate) offset_s: Option<i32>,
}

impl ParsedDateTime {
    /// Nanoseconds since the Unix epoch in UTC, when the offset is known.
    pub(crate) fn utc_ns(&self) -> Option<i64> {
        self.offset_s
            .map(|o| self.local_ns - i64::from(o) * 1_000_000_000)
    }
}

/// The order of the date fields in slash- or dash-separated dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateOrder {
    /// 2019-12-23
    YearMonthDay,
    /// 12/23/2019 (ActiGraph `M/d/yyyy`)
    MonthDayYear,
    /// 23/12/2019 (ActiGraph `dd/MM/yyyy`)
    DayMonthYear,
}

/// Parses the date-time layouts of the supported formats:
/// `2019-12-23 21:04:06.690`, `2018-01-14T18.39.29.561`, `2022-10-02 18:09:00:359`,
/// `2025-03-11T14:44:11.899-04:00`, `2017-09-12T15:00:00Z`, `12/23/2019 21:04:06.690`.
/// Fractions may have 1–9 digits. Returns `None` when the text is not such a date-time.
pub(crate) fn parse_datetime(text: &[u8], order: DateOrder) -> Option<ParsedDateTime> {
    let mut numbers = [0i64; 3];
    let mut pos = 0;
    let len = text.len();
    // Date: three numbers separated by '-', '/' or '.'.
    for (k, number) in numbers.iter_mut().enumerate() {
        let start = pos;
        while pos < len && text[pos].is_ascii_digit() && pos - start < 5 {
            *number = *number * 10 + i64::from(text[pos] - b'0');
            pos += 1;
        }
        if pos == start || pos - start > 4 {
            return None;
        }
        if k < 2 {
            if pos < len && matches!(text[pos], b'-' | b'/' | b'.') {
                pos += 1;
            } else {
                return None;
            }
        }
    }
    let (year, month, day) = match order {
        DateOrder::YearMonthDay => (numbers[0], numbers[1], numbers[2]),
        DateOrder::MonthDayYear => (numbers[2], numbers[0], numbers[1]),
        DateOrder::DayMonthYear => (numbers[2], numbers[1], numbers[0]),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year < 1900 {
        return None;
    }
    if pos >= len || !matches!(text[pos], b' ' | b'T' | b'_') {
        return None;
    }
    pos += 1;
    // Time: h, m, s separated by ':' or '.' or '-'.
    let mut hms = [0i64; 3];
    for (k, part) in hms.iter_mut().enumerate() {
        let start = pos;
        while pos < len && text[pos].is_ascii_digit() && pos - start < 3 {
            *part = *part * 10 + i64::from(text[pos] - b'0');
            pos += 1;
        }
        if pos == start || pos - start > 2 {
            return None;
        }
        if k < 2 {
            if pos < len && matches!(text[pos], b':' | b'.' | b'-') {
                pos += 1;
            } else {
                return None;
            }
        }
    }
    if hms[0] > 23 || hms[1] > 59 || hms[2] > 60 {
        return None;
    }
    let mut nanos: i64 = 0;
    if pos < len && matches!(text[pos], b'.' | b':' | b',') {
        pos += 1;
        let start = pos;
        let mut scale = 100_000_000i64;
        while pos < len && text[pos].is_ascii_digit() {
            nanos += i64::from(text[pos] - b'0') * scale;
            scale /= 10;
            pos += 1;
        }
        if pos == start {
            return None;
        }
    }
    let mut offset_s = None;
    if pos < len {
        match text[pos] {
            b'Z' | b'z' if pos + 1 == len => offset_s = Some(0),
            b'+' | b'-' => {
                let sign = if text[pos] == b'-' { -1 } else { 1 };
                let digits: Vec<i32> = text[pos + 1..]
                    .iter()
                    .filter(|b| **b != b':')
                    .map(|b| {
                        if b.is_ascii_digit() {
                            i32::from(b - b'0')
                        } else {
                            -1
                        }
                    })
                    .collect();
                if digits.len() != 4 || digits.iter().any(|d| *d < 0) {
                    return None;
                }
                let hours = digits[0] * 10 + digits[1];
                let minutes = digits[2] * 10 + digits[3];
                offset_s = Some(sign * (hours * 3600 + minutes * 60));
            }
            _ => return None,
        }
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
    Some(ParsedDateTime {
        local_ns: seconds * 1_000_000_000 + nanos,
        offset_s,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// True when the cell looks like a date-time (used to tell data rows from headers).
pub(crate) fn looks_like_datetime(cell: &[u8]) -> bool {
    parse_datetime(cell, DateOrder::YearMonthDay).is_some()
        || parse_datetime(cell, DateOrder::MonthDayYear).is_some()
        || parse_datetime(cell, DateOrder::DayMonthYear).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(line: &str, sep: u8) -> Vec<String> {
        let mut ranges = Vec::new();
        split_fields(line.as_bytes(), sep, &mut ranges);
        ranges
            .iter()
            .map(|&(a, b)| line[a..b].to_string())
            .collect()
    }

    #[test]
    fn splits_quoted_and_trailing_separators() {
        assert_eq!(
            fields("\"Time (s)\",\"X (m/s^2)\"", b','),
            vec!["Time (s)", "X (m/s^2)"]
        );
        assert_eq!(fields("1;2;", b';'), vec!["1", "2", ""]);
        assert_eq!(fields(" a , b ", b','), vec!["a", "b"]);
        assert_eq!(fields("\"a,b\",c", b','), vec!["a,b", "c"]);
        assert_eq!(fields("", b','), vec![""]);
        assert_eq!(fields("\"unterminated,x", b','), vec!["unterminated,x"]);
    }

    #[test]
    fn parses_numbers_of_every_exporter() {
        let cases: [(&str, bool, f64); 9] = [
            ("5.834833311E-3", false, 5.834833311E-3),
            ("-2,264275789E-2", true, -2.264275789E-2),
            ("1.595933810034E12", false, 1.595933810034E12),
            ("9.849455833E0", false, 9.849455833),
            ("-32", false, -32.0),
            ("0.000", false, 0.0),
            ("+1.5", false, 1.5),
            (".5", false, 0.5),
            ("1e400", false, f64::INFINITY),
        ];
        for (text, comma, expected) in cases {
            assert_eq!(parse_f64(text.as_bytes(), comma), Some(expected), "{text}");
        }
        assert!(parse_f64(b"NaN", false).unwrap().is_nan());
        for bad in ["", "abc", "1.2.3", "1e", "--1", "1,5"] {
            assert_eq!(parse_f64(bad.as_bytes(), false), None, "{bad}");
        }
        assert_eq!(parse_f64(b"1.5", true), None);
    }

    proptest! {
        #[test]
        fn fast_parser_matches_the_standard_library(value in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
            for text in [format!("{value}"), format!("{value:e}"), format!("{value:.6}"), format!("{value:.17E}")] {
                let expected: f64 = text.parse().unwrap();
                prop_assert_eq!(parse_f64(text.as_bytes(), false), Some(expected), "{}", text);
                let comma = text.replace('.', ",");
                prop_assert_eq!(parse_f64(comma.as_bytes(), true), Some(expected), "{}", comma);
            }
        }

        #[test]
        fn short_cells_parse_the_same_without_the_digit_count(
            cell in proptest::collection::vec(proptest::sample::select(b"0123456789.,-+eE n".to_vec()), 0..=19),
        ) {
            for comma in [false, true] {
                prop_assert_eq!(
                    parse_decimal::<true>(&cell, comma).map(f64::to_bits),
                    parse_decimal::<false>(&cell, comma).map(f64::to_bits)
                );
            }
        }

        #[test]
        fn plain_splitting_agrees_with_the_general_path(
            line in proptest::collection::vec(proptest::sample::select(b"0123456789.,;\t -\"e".to_vec()), 0..80),
            separator in proptest::sample::select(b",;\t ".to_vec()),
        ) {
            let mut plain = Vec::new();
            let mut general = Vec::new();
            split_quoted(&line, separator, &mut general);
            if split_plain(&line, separator, &mut plain) {
                prop_assert!(!line.contains(&b'"'));
                prop_assert!(separator == b' ' || !line.contains(&b' '));
                prop_assert_eq!(plain, general);
            } else {
                prop_assert!(line.contains(&b'"') || separator != b' ' && line.contains(&b' '));
            }
        }

        #[test]
        fn number_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = parse_f64(&bytes, false);
            let _ = parse_f64(&bytes, true);
            let _ = parse_i64(&bytes);
            let _ = parse_datetime(&bytes, DateOrder::YearMonthDay);
            let mut ranges = Vec::new();
            split_fields(&bytes, b',', &mut ranges);
        }
    }

    #[test]
    fn parses_int64_nanosecond_timestamps_exactly() {
        assert_eq!(
            parse_i64(b"1781801311043157200"),
            Some(1_781_801_311_043_157_200)
        );
        assert_eq!(parse_i64(b"12.000"), Some(12));
        assert_eq!(parse_i64(b"12.5"), None);
        assert_eq!(parse_i64(b"99999999999999999999"), None);
    }

    #[test]
    fn parses_datetime_layouts() {
        let axivity = parse_datetime(b"2019-12-23 21:04:06.690", DateOrder::YearMonthDay).unwrap();
        assert_eq!(axivity.offset_s, None);
        assert_eq!(axivity.local_ns, 1_577_135_046_690_000_000);
        let metabase = parse_datetime(b"2018-01-14T18.39.29.561", DateOrder::YearMonthDay).unwrap();
        assert_eq!(metabase.local_ns % 1_000_000_000, 561_000_000);
        let andro = parse_datetime(b"2022-10-02 18:09:00:359", DateOrder::YearMonthDay).unwrap();
        assert_eq!(andro.local_ns % 1_000_000_000, 359_000_000);
        let iso =
            parse_datetime(b"2025-03-11T14:44:11.899-04:00", DateOrder::YearMonthDay).unwrap();
        assert_eq!(iso.offset_s, Some(-4 * 3600));
        assert_eq!(iso.utc_ns(), Some(1_741_718_651_899_000_000));
        let zulu = parse_datetime(b"2017-09-12T15:00:00Z", DateOrder::YearMonthDay).unwrap();
        assert_eq!(zulu.utc_ns(), Some(1_505_228_400_000_000_000));
        let us = parse_datetime(b"12/23/2019 21:04:06.690", DateOrder::MonthDayYear).unwrap();
        assert_eq!(us, axivity);
        assert!(parse_datetime(b"1.5,2", DateOrder::YearMonthDay).is_none());
        assert!(parse_datetime(b"2019-13-01 00:00:00", DateOrder::YearMonthDay).is_none());
    }

    #[test]
    fn decodes_cp1252_headers() {
        assert_eq!(decode_text(b"m/s\xB2"), "m/s²");
        assert_eq!(decode_text("m/s²".as_bytes()), "m/s²");
    }

    #[test]
    fn utf16_is_transcoded() {
        let text = "time,x\n1,2\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(Encoding::sniff(&bytes), Encoding::Utf16Le);
        let mut out = String::new();
        Utf16ToUtf8::new(&bytes[..], true)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        let no_bom: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(Encoding::sniff(&no_bom), Encoding::Utf16Be);
    }

    #[test]
    fn line_reader_strips_bom_and_crlf() {
        let data = b"\xEF\xBB\xBFa,b\r\n1,2\r\n\n3,4";
        let mut reader = LineReader::new(&data[..]);
        assert_eq!(reader.next_line().unwrap(), Some(&b"a,b"[..]));
        assert_eq!(reader.next_line().unwrap(), Some(&b"1,2"[..]));
        assert_eq!(reader.next_line().unwrap(), Some(&b""[..]));
        assert_eq!(reader.next_line().unwrap(), Some(&b"3,4"[..]));
        assert_eq!(reader.line_number(), 4);
        assert_eq!(reader.next_line().unwrap(), None);
    }

    #[test]
    fn lines_straddling_buffer_fills_read_as_whole_lines() {
        let data = b"\xEF\xBB\xBFtime,x\r\n0.01,1.5\n\n0.02,-2.25\r\n0.03,3";
        let expected: [&[u8]; 5] = [b"time,x", b"0.01,1.5", b"", b"0.02,-2.25", b"0.03,3"];
        for capacity in [1, 2, 3, 5, 8, 64] {
            let mut reader = LineReader::new(io::BufReader::with_capacity(capacity, &data[..]));
            for (number, want) in expected.iter().enumerate() {
                assert_eq!(
                    reader.next_line().unwrap(),
                    Some(*want),
                    "capacity {capacity}"
                );
                assert_eq!(reader.line_number(), number as u64 + 1);
            }
            assert_eq!(reader.next_line().unwrap(), None);
            assert_eq!(reader.bytes_read(), data.len() as u64);
            // The inner reader is left exactly at the end.
            let mut rest = Vec::new();
            reader.into_inner().read_to_end(&mut rest).unwrap();
            assert!(rest.is_empty());
        }
    }
}
