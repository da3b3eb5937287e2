//! Reading a long recording in windows of rows, so memory stays bounded
//! whatever the file's length (a 7-day wearable export is billions of bytes).
//!
//! Only one plain UTF-8 file holding one table can be read this way (every
//! single-file text format goes through the shared table engine); anything
//! else — multi-file exports, zip members, UTF-16 — is read whole. Each
//! window is an ordinary [`Loaded`] whose times are seconds since the
//! recording's first sample, exactly as a whole read would give them; the
//! caller decides where the next window starts ([`ChunkedReader::resume_from`]),
//! so windows can overlap by as much context as the analysis needs.

use crate::error::Result;
use crate::io::detect::{self, Detection, Head};
use crate::io::source::{expand_inputs, Source};
use crate::io::table::{TableCursor, TableWindow};
use crate::io::{read_detected, units::Unit, Files, Loaded, ReadOptions};
use crate::recording::DecisionSource;
use std::path::PathBuf;

/// A long recording read window by window.
#[derive(Debug)]
pub struct ChunkedReader {
    detection: Detection,
    source: Source,
    head: Head,
    side: Vec<(Source, Head)>,
    options: ReadOptions,
    rows_per_window: u64,
    file_len: u64,
    /// Where the next window starts (`None`: the first data row).
    next: Option<TableCursor>,
    /// Resume points of the last window, for [`ChunkedReader::resume_from`].
    points: Vec<TableCursor>,
    /// The shift that put the first window's first sample at t = 0.
    shift_s: Option<f64>,
    windows_read: usize,
    finished: bool,
    /// See [`ChunkedReader::clock_steps_back`].
    clock_steps_back: bool,
}

/// Fewest rows per window (a window must hold far more than its overlap).
pub const MIN_WINDOW_ROWS: u64 = 1000;

/// Files at least this large are read in windows (about 1.5 h of 100 Hz
/// 6-axis CSV): below it a whole read costs less than 150 MB.
pub const WINDOWED_MIN_BYTES: u64 = 128 << 20;

impl ChunkedReader {
    /// Opens `inputs` for windowed reading of `rows_per_window` rows at a time.
    /// Returns `None` when the input is not one plain text file of a
    /// single-file format at least `min_bytes` long (read it whole instead).
    pub fn open(
        inputs: &[PathBuf],
        options: &ReadOptions,
        rows_per_window: u64,
        min_bytes: u64,
    ) -> Result<Option<ChunkedReader>> {
        options.validate()?;
        let sources = expand_inputs(inputs)?;
        let [source] = sources.as_slice() else {
            return Ok(None);
        };
        let file_len = source.len().unwrap_or(0);
        if !source.is_file() || file_len < min_bytes {
            return Ok(None);
        }
        let (detection, files) = detect::detect(&sources, options.format)?;
        if detection.format.multi_file() || files.data.len() != 1 {
            return Ok(None);
        }
        let Some((source, head)) = files.data.into_iter().next() else {
            return Ok(None);
        };
        if head.encoding != crate::io::text::Encoding::Utf8 {
            return Ok(None);
        }
        Ok(Some(ChunkedReader {
            detection,
            source,
            head,
            side: files.side,
            options: *options,
            rows_per_window: rows_per_window.max(MIN_WINDOW_ROWS),
            file_len,
            next: None,
            points: Vec::new(),
            shift_s: None,
            windows_read: 0,
            finished: false,
            clock_steps_back: false,
        }))
    }

    /// The detected format.
    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    /// The file read.
    pub fn path(&self) -> &std::path::Path {
        &self.source.display
    }

    /// Most rows per window.
    pub fn rows_per_window(&self) -> u64 {
        self.rows_per_window
    }

    /// Size of the file, bytes.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// True when the last window has been read.
    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// Bytes before where the next window starts (for progress).
    pub fn position(&self) -> u64 {
        self.next.map_or(0, |c| c.byte_offset)
    }

    /// True once the file's clock was seen to step back (a reset, or rows out
    /// of order) inside a window or where two windows meet. A whole read
    /// re-times or sorts such samples knowing the whole file; one window
    /// cannot, so the windows' times after the step are not a whole read's:
    /// read the file whole instead.
    pub fn clock_steps_back(&self) -> bool {
        self.clock_steps_back
    }

    /// Reads the next window; `None` after the last.
    pub fn next_window(&mut self) -> Result<Option<Loaded>> {
        if self.finished {
            return Ok(None);
        }
        if let Some(cursor) = self.next {
            if self.only_blank_after(cursor.byte_offset)? {
                self.finished = true;
                return Ok(None);
            }
        }
        let mut source = self.source.clone();
        source.window = Some(TableWindow {
            start: self.next,
            max_rows: self.rows_per_window,
        });
        let files = Files {
            data: vec![(source, self.head.clone())],
            side: self.side.clone(),
        };
        let outcome = read_detected(self.detection.clone(), &files, &self.options)?;
        self.clock_steps_back |= outcome.clock_repaired;
        let mut loaded = outcome.loaded;
        match self.shift_s {
            None => {
                self.shift_s = Some(outcome.shift_s);
                self.pin_units(&loaded);
            }
            // Later windows keep the file's time: put them on the first window's scale.
            Some(shift) if shift != 0.0 => shift_recording(&mut loaded.recording, -shift),
            Some(_) => {}
        }
        // The window's first sample must not be earlier than the row its start
        // cursor follows (a reset or a sorted row straddling the boundary).
        if let (Some(start), Some(first)) = (self.next, loaded.recording.accelerometer.first_time())
        {
            let start_s = start.time_s - self.shift_s.unwrap_or(0.0);
            if first < start_s - 1e-9 {
                self.clock_steps_back = true;
            }
        }
        self.windows_read += 1;
        match outcome.resume {
            Some(resume) => {
                self.points = resume.points;
                match resume.end {
                    Some(end) => self.next = Some(end),
                    None => self.finished = true,
                }
            }
            // The reader did not honour the window (it read everything).
            None => self.finished = true,
        }
        Ok(Some(loaded))
    }

    /// Makes the next window start at the last resume point of the window
    /// just read at or before `time_s` (seconds since the first sample);
    /// the window's end stays the default when none is that early.
    pub fn resume_from(&mut self, time_s: f64) {
        if self.finished {
            return;
        }
        let shift = self.shift_s.unwrap_or(0.0);
        if let Some(point) = self
            .points
            .iter()
            .rev()
            .find(|p| p.time_s - shift <= time_s)
        {
            self.next = Some(*point);
        }
    }

    /// True when nothing but whitespace follows `offset`.
    fn only_blank_after(&self, offset: u64) -> Result<bool> {
        if offset >= self.file_len {
            return Ok(true);
        }
        if self.file_len - offset > 4096 {
            return Ok(false);
        }
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut self.source.open_text_at(offset)?, &mut rest)
            .map_err(|e| crate::Error::io(&self.source.display, e))?;
        Ok(rest.iter().all(u8::is_ascii_whitespace))
    }

    /// Later windows use the units the first one decided: a window where
    /// the sensor lies still would otherwise have to guess them again.
    fn pin_units(&mut self, loaded: &Loaded) {
        let provenance = &loaded.recording.provenance;
        let inferred = |topic: &str| {
            provenance
                .decision(topic)
                .filter(|d| d.source != DecisionSource::UserOverride)
                .and_then(|d| Unit::parse(&d.value))
        };
        if self.options.gyro_unit.is_none() {
            self.options.gyro_unit = inferred("gyroscope unit");
        }
        // One override covers every acceleration stream: only pin when there is one.
        if self.options.acc_unit.is_none() && loaded.recording.gravity.is_none() {
            self.options.acc_unit = inferred("accelerometer unit");
        }
    }
}

/// Moves every stream of a recording by `offset_s`.
fn shift_recording(recording: &mut crate::Recording, offset_s: f64) {
    recording.accelerometer.shift_time(offset_s);
    for stream in [
        &mut recording.gyroscope,
        &mut recording.gravity,
        &mut recording.magnetometer,
    ]
    .into_iter()
    .flatten()
    {
        stream.shift_time(offset_s);
    }
    if let Some(orientation) = &mut recording.orientation {
        orientation.time_s.iter_mut().for_each(|t| *t += offset_s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Reads `text` whole and in windows (each starting `overlap_s` before the
    /// previous one ended) and checks every window equals the whole read there.
    fn windows_match_whole(text: &str, rows: u64, overlap_s: f64) -> usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.csv");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let inputs = vec![path];
        let whole = crate::io::read(&inputs, &ReadOptions::default()).unwrap();
        let whole_acc = &whole.recording.accelerometer;
        let mut reader = ChunkedReader::open(&inputs, &ReadOptions::default(), rows, 0)
            .unwrap()
            .unwrap();
        let mut windows = 0;
        let mut covered_to = f64::NEG_INFINITY;
        while let Some(window) = reader.next_window().unwrap() {
            windows += 1;
            let acc = &window.recording.accelerometer;
            let first = acc.time_s[0];
            assert!(
                first <= covered_to.max(0.0) + 1e-9 || windows == 1,
                "gap before {first}"
            );
            let offset = whole_acc.time_s.partition_point(|t| *t < first - 1e-9);
            for i in 0..acc.len() {
                assert!((acc.time_s[i] - whole_acc.time_s[offset + i]).abs() < 1e-9);
                assert_eq!(acc.x[i], whole_acc.x[offset + i]);
                assert_eq!(acc.z[i], whole_acc.z[offset + i]);
            }
            covered_to = *acc.time_s.last().unwrap();
            reader.resume_from(covered_to - overlap_s);
        }
        assert!((covered_to - whole_acc.time_s.last().unwrap()).abs() < 1e-9);
        windows
    }

    #[test]
    fn windows_equal_the_whole_read() {
        let mut text = String::from("time_s,acc_x,acc_y,acc_z\n");
        for i in 0..10_000 {
            let t = 5.0 + i as f64 / 100.0;
            text.push_str(&format!("{t:.2},{},0.5,9.81\n", (i % 17) as f64 * 0.1));
        }
        let windows = windows_match_whole(&text, 2000, 3.0);
        assert!(windows >= 5, "{windows}");
    }

    #[test]
    fn implicit_time_and_trailing_blank_lines_resume_correctly() {
        // No time column: time comes from the row index, which windows must carry on.
        let mut text = String::from("ax,ay,az\n");
        for i in 0..6_000 {
            text.push_str(&format!("{},0.5,9.81\n", (i % 13) as f64 * 0.1));
        }
        text.push_str("\n\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("implicit.csv");
        std::fs::write(&path, &text).unwrap();
        let options = ReadOptions {
            rate_hz: Some(50.0),
            acc_unit: Some(Unit::MetrePerSecond2),
            ..ReadOptions::default()
        };
        let inputs = vec![path];
        let mut reader = ChunkedReader::open(&inputs, &options, 1000, 0)
            .unwrap()
            .unwrap();
        let mut times = Vec::new();
        while let Some(window) = reader.next_window().unwrap() {
            times.extend_from_slice(&window.recording.accelerometer.time_s);
        }
        assert_eq!(times.len(), 6_000);
        assert!(
            (times[5_999] - 5_999.0 / 50.0).abs() < 1e-9,
            "{}",
            times[5_999]
        );
    }

    #[test]
    fn small_or_zipped_inputs_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.csv");
        std::fs::write(&path, "time_s,ax,ay,az\n0,0,0,9.81\n0.01,0,0,9.81\n").unwrap();
        let reader =
            ChunkedReader::open(&[path], &ReadOptions::default(), 1000, WINDOWED_MIN_BYTES)
                .unwrap();
        assert!(reader.is_none());
    }
}
