//! Trends over one person's sessions: finds the `summary.json` files that
//! `analyze` and `batch` wrote, dates each session, and sums them per ISO week.
//!
//! Summaries are read as JSON values, field by field, so summaries of older or
//! newer versions (missing or extra fields) still load; a missing figure stays
//! unknown (`None`), never zero. The HTML is made by [`crate::report::trend`].
//!
//! A session's date is its recording's `recording.start_time` when the file
//! stated one. Otherwise it is the modification time of its first readable input
//! file (`inputs[].path`) minus the recording's duration (a recorder usually
//! writes its file last at the end of the recording), and when no input is
//! readable, the modification time of `summary.json` itself. File times are
//! shown in this computer's time zone; every session says which source it used.

use crate::error::{Error, Result};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The file an analysis output folder is recognised by.
pub const SUMMARY_FILE: &str = "summary.json";

/// Names of a trial's time (seconds) in a 3-metre backward walk block, in the
/// order they are tried. The block's shape is young, so a few spellings are read.
pub const THREE_METRE_TIME_FIELDS: [&str; 5] = [
    "time_s",
    "duration_s",
    "test_time_s",
    "total_time_s",
    "seconds",
];

/// Where a session's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateSource {
    /// `recording.start_time` of the summary (stated by the recording).
    StartTime,
    /// The modification time of an input file, minus the recording's duration.
    InputFileTime,
    /// The modification time of `summary.json` (no input file was readable).
    SummaryFileTime,
}

impl DateSource {
    /// A short name for tables.
    pub fn short(self) -> &'static str {
        match self {
            DateSource::StartTime => "recording",
            DateSource::InputFileTime => "input file time",
            DateSource::SummaryFileTime => "summary file time",
        }
    }

    /// What the source is, in a sentence's words.
    pub fn description(self) -> &'static str {
        match self {
            DateSource::StartTime => "the start time stated by the recording",
            DateSource::InputFileTime => {
                "the input file's modification time minus the recording's duration (the recording states no start time)"
            }
            DateSource::SummaryFileTime => {
                "the modification time of summary.json (the recording states no start time and its input file is not readable)"
            }
        }
    }
}

/// When a session took place.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionDate {
    /// Local date and time: as stated by the recording (its own UTC offset),
    /// or a file time in this computer's time zone.
    pub local: DateTime,
    /// Where it came from.
    pub source: DateSource,
    /// The text or file it was read from.
    pub detail: String,
}

impl SessionDate {
    /// The local date.
    pub fn date(&self) -> Date {
        self.local.date()
    }

    /// Days since 1970-01-01 00:00 local time, with the time of day as a fraction
    /// (the x coordinate of the plots).
    pub fn day_number(&self) -> f64 {
        day_number(self.local)
    }
}

/// Days since 1970-01-01 00:00 of a civil date and time, fractional.
pub fn day_number(local: DateTime) -> f64 {
    let seconds = local
        .to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    seconds as f64 / 86_400.0
}

/// The figures of one walking direction (a `forward`, `backward` or
/// `unknown_direction` block); `None` where the summary has no usable value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectionFigures {
    /// Time in bouts of this direction, s.
    pub time_s: Option<f64>,
    /// Steps.
    pub steps: Option<u64>,
    /// Bouts.
    pub bouts: Option<u64>,
    /// Cadence, steps/min.
    pub cadence_spm: Option<f64>,
    /// Mean step length, m.
    pub step_length_m: Option<f64>,
    /// Mean speed, m/s.
    pub speed_mps: Option<f64>,
    /// Distance, m.
    pub distance_m: Option<f64>,
}

impl DirectionFigures {
    /// Reads a direction block (missing or non-numeric fields stay `None`).
    pub fn from_json(block: &Value) -> DirectionFigures {
        DirectionFigures {
            time_s: finite(&block["time_s"]),
            steps: block["steps"].as_u64(),
            bouts: block["bouts"].as_u64(),
            cadence_spm: finite(&block["cadence_spm"]),
            step_length_m: finite(&block["step_length_m"]),
            speed_mps: finite(&block["speed_mps"]),
            distance_m: finite(&block["distance_m"]),
        }
    }
}

fn finite(value: &Value) -> Option<f64> {
    value.as_f64().filter(|v| v.is_finite())
}

/// One analysed session, as the trend report uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSession {
    /// The session's name: its folder's name.
    pub id: String,
    /// The folder holding its `summary.json`.
    pub folder: PathBuf,
    /// The first input file, as the summary lists it.
    pub input: Option<String>,
    /// When it took place.
    pub date: SessionDate,
    /// First to last sample, s.
    pub duration_s: Option<f64>,
    /// Time in walking bouts, s.
    pub walking_time_s: Option<f64>,
    /// Steps of all walking.
    pub walking_steps: Option<u64>,
    /// Forward walking.
    pub forward: DirectionFigures,
    /// Backward walking.
    pub backward: DirectionFigures,
    /// Walking whose direction is not known.
    pub unknown_direction: DirectionFigures,
    /// Number of reader and analysis warnings.
    pub warnings: usize,
    /// Times of the 3-metre backward walk trials, s (empty when the session is no such test).
    pub three_metre_s: Vec<f64>,
}

/// A folder that holds no usable summary, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFolder {
    /// The folder.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// What [`load_sessions`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendInput {
    /// Sessions, in date order (then by id).
    pub sessions: Vec<TrendSession>,
    /// Folders that were not sessions.
    pub skipped: Vec<SkippedFolder>,
}

/// Finds the sessions under `dirs`: each DIR is an analysis output itself
/// (holds `summary.json`) or a folder of them (a `batch` output, or a folder
/// of `analyze` outputs). Sub-folders without `summary.json` are skipped with
/// a reason; a folder given twice counts once. An error when a DIR cannot be
/// read or no session is found at all.
pub fn load_sessions(dirs: &[PathBuf]) -> Result<TrendInput> {
    let time_zone = TimeZone::system();
    let mut sessions = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = BTreeSet::new();
    for dir in dirs {
        let mut folders = Vec::new();
        if dir.join(SUMMARY_FILE).is_file() {
            folders.push(dir.clone());
        } else {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(dir, e))?;
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if path.is_dir() && !hidden {
                    folders.push(path);
                }
            }
            folders.sort();
        }
        for folder in folders {
            let key = folder.canonicalize().unwrap_or_else(|_| folder.clone());
            if !seen.insert(key) {
                continue;
            }
            match load_session(&folder, &time_zone) {
                Ok(session) => sessions.push(session),
                Err(reason) => skipped.push(SkippedFolder {
                    path: folder,
                    reason,
                }),
            }
        }
    }
    if sessions.is_empty() {
        let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(Error::data(
            names.join(", "),
            format!(
                "no analysis results (folders with {SUMMARY_FILE}) found; {} folder(s) skipped",
                skipped.len()
            ),
        ));
    }
    sessions.sort_by(|a, b| {
        a.date
            .local
            .cmp(&b.date.local)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(TrendInput { sessions, skipped })
}

/// Why a folder without a summary is not a session (a batch's failure record says why).
fn missing_summary_reason(folder: &Path) -> String {
    let error = std::fs::read(folder.join("error.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .and_then(|v| v["error"].as_str().map(str::to_string));
    match error {
        Some(message) => format!("the analysis failed (error.json): {}", one_line(&message)),
        None => format!("no {SUMMARY_FILE} (not an analysis output, or its run was interrupted)"),
    }
}

fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn load_session(folder: &Path, time_zone: &TimeZone) -> std::result::Result<TrendSession, String> {
    let path = folder.join(SUMMARY_FILE);
    if !path.is_file() {
        return Err(missing_summary_reason(folder));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{SUMMARY_FILE} not readable: {e}"))?;
    let summary: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{SUMMARY_FILE} is not valid JSON: {e}"))?;
    let summary_time = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let id = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| folder.display().to_string());
    session_from_summary(&id, folder, &summary, summary_time, time_zone, &|p| {
        std::fs::metadata(p).and_then(|m| m.modified()).ok()
    })
}

/// A session from its parsed summary. `summary_time` is the summary file's
/// modification time; `file_time` gives an input file's (`None` when unreadable).
/// An error (the reason) when the JSON is not a retrogait summary.
pub fn session_from_summary(
    id: &str,
    folder: &Path,
    summary: &Value,
    summary_time: Option<SystemTime>,
    time_zone: &TimeZone,
    file_time: &dyn Fn(&Path) -> Option<SystemTime>,
) -> std::result::Result<TrendSession, String> {
    if !summary["walking"].is_object() || !summary["recording"].is_object() {
        return Err(format!(
            "{SUMMARY_FILE} is not a retrogait summary (no `walking` or `recording` block)"
        ));
    }
    let duration_s = finite(&summary["recording"]["duration_s"]);
    let inputs: Vec<String> = summary["inputs"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let date = session_date(
        summary,
        &inputs,
        duration_s,
        summary_time,
        time_zone,
        file_time,
    )
    .ok_or_else(|| {
        format!("no date: no start time, and neither the input files nor {SUMMARY_FILE} have a modification time")
    })?;
    Ok(TrendSession {
        id: id.to_string(),
        folder: folder.to_path_buf(),
        input: inputs.first().cloned(),
        date,
        duration_s,
        walking_time_s: finite(&summary["walking"]["time_s"]),
        walking_steps: summary["walking"]["steps"].as_u64(),
        forward: DirectionFigures::from_json(&summary["forward"]),
        backward: DirectionFigures::from_json(&summary["backward"]),
        unknown_direction: DirectionFigures::from_json(&summary["unknown_direction"]),
        warnings: summary["warnings"].as_array().map_or(0, Vec::len),
        three_metre_s: three_metre_times(summary),
    })
}

/// Parses an RFC 3339 start time into the local date and time it states.
pub fn parse_start_time(text: &str) -> Option<DateTime> {
    // Checked as a whole (offset included) first, so a malformed text is not half-read.
    text.parse::<Timestamp>().ok()?;
    text.get(..19)?.parse::<DateTime>().ok()
}

/// The file an input path names on disk: the path itself, or for a zip member
/// (`archive.zip!member.csv`) the archive.
fn input_file(path: &str) -> PathBuf {
    let direct = PathBuf::from(path);
    if direct.is_file() {
        return direct;
    }
    match path.split_once('!') {
        Some((archive, _)) => PathBuf::from(archive),
        None => direct,
    }
}

fn session_date(
    summary: &Value,
    inputs: &[String],
    duration_s: Option<f64>,
    summary_time: Option<SystemTime>,
    time_zone: &TimeZone,
    file_time: &dyn Fn(&Path) -> Option<SystemTime>,
) -> Option<SessionDate> {
    if let Some(text) = summary["recording"]["start_time"].as_str() {
        if let Some(local) = parse_start_time(text) {
            return Some(SessionDate {
                local,
                source: DateSource::StartTime,
                detail: text.to_string(),
            });
        }
    }
    let local_of = |time: SystemTime, minus_s: f64| -> Option<DateTime> {
        let timestamp = Timestamp::try_from(time).ok()?;
        let back = SignedDuration::try_from_secs_f64(minus_s.max(0.0)).ok()?;
        let start = timestamp.checked_sub(back).ok()?;
        Some(start.to_zoned(time_zone.clone()).datetime())
    };
    for input in inputs {
        let path = input_file(input);
        if let Some(local) = file_time(&path).and_then(|t| local_of(t, duration_s.unwrap_or(0.0))) {
            return Some(SessionDate {
                local,
                source: DateSource::InputFileTime,
                detail: path.display().to_string(),
            });
        }
    }
    let local = summary_time.and_then(|t| local_of(t, 0.0))?;
    Some(SessionDate {
        local,
        source: DateSource::SummaryFileTime,
        detail: SUMMARY_FILE.to_string(),
    })
}

/// The 3-metre backward walk trial times, s, of a summary. Read from
/// `tests.three_metre_backward_walk` (or a top-level `three_metre_backward_walk`):
/// an object with a `trials` array, an array of trials, or one trial; a trial's
/// time is its first finite positive field of [`THREE_METRE_TIME_FIELDS`]
/// (a trial that is a bare number is that time).
pub fn three_metre_times(summary: &Value) -> Vec<f64> {
    let block = match &summary["tests"]["three_metre_backward_walk"] {
        Value::Null => &summary["three_metre_backward_walk"],
        block => block,
    };
    let trials: Vec<&Value> = match block {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => match map.get("trials") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => vec![block],
        },
        _ => Vec::new(),
    };
    trials
        .into_iter()
        .filter_map(|trial| match trial {
            Value::Number(_) => finite(trial),
            _ => THREE_METRE_TIME_FIELDS
                .iter()
                .find_map(|name| finite(&trial[*name])),
        })
        .filter(|t| *t > 0.0)
        .collect()
}

/// One ISO week (Monday to Sunday) of sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// ISO week-numbering year.
    pub year: i16,
    /// ISO week, 1–53.
    pub week: i8,
    /// Its Monday.
    pub monday: Date,
    /// Sessions dated in it.
    pub sessions: usize,
    /// Sum of the sessions' backward walking time, min.
    pub backward_minutes: f64,
    /// Sum of the sessions' backward steps.
    pub backward_steps: u64,
    /// Sum of the sessions' forward walking time, min.
    pub forward_minutes: f64,
    /// Sum of the sessions' forward steps.
    pub forward_steps: u64,
    /// Sum of the walking time of unknown direction, min.
    pub unknown_minutes: f64,
}

impl Week {
    /// `2026-W10`.
    pub fn label(&self) -> String {
        format!("{}-W{:02}", self.year, self.week)
    }
}

/// Sums the sessions per ISO week of their dates, in week order (weeks
/// without sessions are not listed). Unknown figures add nothing.
pub fn weekly(sessions: &[TrendSession]) -> Vec<Week> {
    let mut weeks: Vec<Week> = Vec::new();
    let mut ordered: Vec<&TrendSession> = sessions.iter().collect();
    ordered.sort_by_key(|s| s.date.local);
    for session in ordered {
        let iso = session.date.date().iso_week_date();
        let monday = iso
            .first_of_week()
            .map(|d| d.date())
            .unwrap_or_else(|_| session.date.date());
        let index = match weeks.iter().position(|w| w.monday == monday) {
            Some(index) => index,
            None => {
                weeks.push(Week {
                    year: iso.year(),
                    week: iso.week(),
                    monday,
                    sessions: 0,
                    backward_minutes: 0.0,
                    backward_steps: 0,
                    forward_minutes: 0.0,
                    forward_steps: 0,
                    unknown_minutes: 0.0,
                });
                weeks.len() - 1
            }
        };
        if let Some(week) = weeks.get_mut(index) {
            week.sessions += 1;
            week.backward_minutes += session.backward.time_s.unwrap_or(0.0) / 60.0;
            week.backward_steps += session.backward.steps.unwrap_or(0);
            week.forward_minutes += session.forward.time_s.unwrap_or(0.0) / 60.0;
            week.forward_steps += session.forward.steps.unwrap_or(0);
            week.unknown_minutes += session.unknown_direction.time_s.unwrap_or(0.0) / 60.0;
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn summary(start: Option<&str>, backward_s: f64, backward_steps: u64) -> Value {
        json!({
            "inputs": [{"path": "/nowhere/walk.csv", "sha256": null}],
            "recording": {"duration_s": 100.0, "start_time": start},
            "walking": {"time_s": 80.0, "steps": 140},
            "forward": {"time_s": 50.0, "steps": 100, "cadence_spm": 110.0, "step_length_m": null},
            "backward": {"time_s": backward_s, "steps": backward_steps, "cadence_spm": 90.0},
            "warnings": ["a", "b"],
            "extra_field": {"ignored": true}
        })
    }

    fn session(summary: &Value, file_time: Option<SystemTime>) -> TrendSession {
        session_from_summary(
            "s",
            Path::new("/out/s"),
            summary,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * 365)),
            &TimeZone::UTC,
            &|_| file_time,
        )
        .unwrap()
    }

    #[test]
    fn the_start_time_dates_a_session_in_its_own_offset() {
        let s = session(&summary(Some("2026-03-01T23:30:00+01:00"), 30.0, 20), None);
        assert_eq!(s.date.source, DateSource::StartTime);
        assert_eq!(s.date.date(), jiff::civil::date(2026, 3, 1));
        assert_eq!(s.forward.step_length_m, None, "null stays unknown");
        assert_eq!(s.forward.cadence_spm, Some(110.0));
        assert_eq!(s.warnings, 2);
        assert_eq!(s.unknown_direction, DirectionFigures::default());
    }

    #[test]
    fn without_a_start_time_the_input_file_time_minus_the_duration_is_used() {
        // 2026-03-02 00:01:00 UTC; the recording (100 s) started the day before.
        let modified = SystemTime::UNIX_EPOCH + Duration::from_secs(1_772_409_660);
        let s = session(&summary(None, 30.0, 20), Some(modified));
        assert_eq!(s.date.source, DateSource::InputFileTime);
        assert_eq!(
            s.date.local,
            jiff::civil::datetime(2026, 3, 1, 23, 59, 20, 0)
        );
        // No readable input: the summary's own time.
        let s = session(&summary(Some("not a time"), 30.0, 20), None);
        assert_eq!(s.date.source, DateSource::SummaryFileTime);
        assert_eq!(s.date.date(), jiff::civil::date(1971, 1, 1));
    }

    #[test]
    fn weeks_are_iso_weeks_and_sum_the_backward_figures() {
        let sessions = [
            session(&summary(Some("2026-03-02T09:00:00Z"), 60.0, 50), None), // Monday, W10
            session(&summary(Some("2026-03-08T21:00:00Z"), 30.0, 25), None), // Sunday, W10
            session(&summary(Some("2026-03-09T08:00:00Z"), 90.0, 70), None), // Monday, W11
            session(&summary(Some("2025-12-29T08:00:00Z"), 6.0, 5), None),   // 2026-W01
        ];
        let weeks = weekly(&sessions);
        let labels: Vec<String> = weeks.iter().map(Week::label).collect();
        assert_eq!(labels, ["2026-W01", "2026-W10", "2026-W11"]);
        assert_eq!(weeks[1].sessions, 2);
        assert!((weeks[1].backward_minutes - 1.5).abs() < 1e-12);
        assert_eq!(weeks[1].backward_steps, 75);
        assert_eq!(weeks[1].monday, jiff::civil::date(2026, 3, 2));
        assert_eq!(weeks[0].monday, jiff::civil::date(2025, 12, 29));
        assert!((weeks[2].forward_minutes - 50.0 / 60.0).abs() < 1e-12);
    }

    #[test]
    fn three_metre_times_are_read_from_several_shapes() {
        let trials = json!({"tests": {"three_metre_backward_walk": {
            "trials": [{"trial": 1, "time_s": 5.5}, {"duration_s": 6.25}, {"time_s": null}],
            "reference_values": [{"cutoff_s": 5.5}]
        }}});
        assert_eq!(three_metre_times(&trials), [5.5, 6.25]);
        let array = json!({"tests": {"three_metre_backward_walk": [{"time_s": 7.0}, 8.0]}});
        assert_eq!(three_metre_times(&array), [7.0, 8.0]);
        let single = json!({"three_metre_backward_walk": {"time_s": 4.0}});
        assert_eq!(three_metre_times(&single), [4.0]);
        assert!(three_metre_times(&json!({"tests": {}})).is_empty());
        assert!(
            three_metre_times(&json!({"tests": {"three_metre_backward_walk": "x"}})).is_empty()
        );
    }

    #[test]
    fn a_json_that_is_no_summary_is_refused_with_a_reason() {
        let error = session_from_summary(
            "x",
            Path::new("x"),
            &json!({}),
            None,
            &TimeZone::UTC,
            &|_| None,
        )
        .unwrap_err();
        assert!(error.contains("not a retrogait summary"), "{error}");
    }

    #[test]
    fn folders_without_summaries_are_skipped_with_their_reason() {
        let root = tempfile::tempdir().unwrap();
        let good = root.path().join("a");
        std::fs::create_dir_all(&good).unwrap();
        std::fs::write(good.join(SUMMARY_FILE), summary(None, 1.0, 1).to_string()).unwrap();
        let failed = root.path().join("b");
        std::fs::create_dir_all(&failed).unwrap();
        std::fs::write(failed.join("error.json"), r#"{"error": "bad\nfile"}"#).unwrap();
        std::fs::create_dir_all(root.path().join("c")).unwrap();
        std::fs::write(root.path().join("sessions.csv"), "id\n").unwrap();
        let dirs = [root.path().to_path_buf(), good.clone()];
        let input = load_sessions(&dirs).unwrap();
        assert_eq!(
            input.sessions.len(),
            1,
            "the folder given twice counts once"
        );
        assert_eq!(input.sessions[0].date.source, DateSource::SummaryFileTime);
        assert_eq!(input.skipped.len(), 2);
        assert!(input.skipped[0].reason.contains("bad file"));
        assert!(input.skipped[1].reason.contains("no summary.json"));
        let empty = tempfile::tempdir().unwrap();
        assert!(load_sessions(&[empty.path().to_path_buf()]).is_err());
    }
}
