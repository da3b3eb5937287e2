//! `sessions.csv`: the cohort table, one row per recording, built from the
//! recording folders on disk (`summary.json` + `run.json`, or `error.json`)
//! so `batch` and `aggregate` write exactly the same bytes for the same folders.

use super::record::{read_error, read_run, SUMMARY_FILE};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::Path;

/// The columns of `sessions.csv`, in order.
pub const SESSIONS_COLUMNS: [&str; 45] = [
    "id",
    "status",
    "input",
    "date",
    "start_time",
    "format",
    "placement",
    "placement_source",
    "duration_s",
    "walking_time_s",
    "bouts",
    "steps",
    "distance_m",
    "net_distance_m",
    "forward_time_s",
    "forward_bouts",
    "forward_steps",
    "forward_cadence_spm",
    "forward_step_length_m",
    "forward_speed_mps",
    "forward_distance_m",
    "backward_time_s",
    "backward_bouts",
    "backward_steps",
    "backward_cadence_spm",
    "backward_step_length_m",
    "backward_speed_mps",
    "backward_distance_m",
    "unknown_direction_time_s",
    "unknown_direction_bouts",
    "unknown_direction_steps",
    "unknown_direction_cadence_spm",
    "unknown_direction_step_length_m",
    "unknown_direction_speed_mps",
    "unknown_direction_distance_m",
    "interval_cv_median",
    "interval",
    "step_regularity",
    "stride_regularity",
    "stride_time_cv_median",
    "step_time_asymmetry_pct_median",
    "turns",
    "warnings",
    "error",
    "retrogait_version",
];

/// A recording's status in `sessions.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Analysed; the figures are filled.
    Ok,
    /// Failed; `error` says why.
    Failed,
    /// A folder with neither a complete result nor a failure record
    /// (a run was interrupted, or is still running).
    Incomplete,
}

impl Status {
    /// The word in the `status` column.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Incomplete => "incomplete",
        }
    }
}

/// One row of `sessions.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    /// The recording's id (the folder's name).
    pub id: String,
    /// Its status.
    pub status: Status,
    /// The cells, one per column of [`SESSIONS_COLUMNS`].
    pub cells: Vec<String>,
    /// The options fingerprint that made it, when recorded.
    pub options: Option<String>,
}

fn number(value: &Value, decimals: usize) -> String {
    match value.as_f64() {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => String::new(),
    }
}

fn integer(value: &Value) -> String {
    value.as_u64().map(|v| v.to_string()).unwrap_or_default()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn direction_cells(block: &Value, cells: &mut Vec<String>) {
    cells.push(number(&block["time_s"], 3));
    cells.push(integer(&block["bouts"]));
    cells.push(integer(&block["steps"]));
    cells.push(number(&block["cadence_spm"], 2));
    cells.push(number(&block["step_length_m"], 3));
    cells.push(number(&block["speed_mps"], 3));
    cells.push(number(&block["distance_m"], 2));
}

/// Multi-line messages become one line, so each row stays one line.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sets the cell of `column`.
fn put(cells: &mut [String], column: &str, value: String) {
    if let Some(cell) = SESSIONS_COLUMNS
        .iter()
        .position(|c| *c == column)
        .and_then(|i| cells.get_mut(i))
    {
        *cell = value;
    }
}

/// The row of the recording folder `dir` (named `id`).
pub fn row_from_folder(dir: &Path, id: &str) -> Result<SessionRow> {
    let mut cells = vec![String::new(); SESSIONS_COLUMNS.len()];
    put(&mut cells, "id", id.to_string());
    if let Some(failure) = read_error(dir) {
        put(&mut cells, "status", Status::Failed.name().into());
        put(&mut cells, "input", failure.input);
        put(&mut cells, "error", one_line(&failure.error));
        put(&mut cells, "retrogait_version", failure.retrogait_version);
        return Ok(SessionRow {
            id: id.to_string(),
            status: Status::Failed,
            cells,
            options: Some(failure.options),
        });
    }
    let run = read_run(dir);
    let summary_path = dir.join(SUMMARY_FILE);
    let Some(run) = run.filter(|_| summary_path.is_file()) else {
        put(&mut cells, "status", Status::Incomplete.name().into());
        put(
            &mut cells,
            "error",
            "no complete result and no failure record (interrupted or still running)".into(),
        );
        return Ok(SessionRow {
            id: id.to_string(),
            status: Status::Incomplete,
            cells,
            options: None,
        });
    };
    let bytes = std::fs::read(&summary_path).map_err(|e| Error::io(&summary_path, e))?;
    let summary: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::data(&summary_path, format!("not a readable summary: {e}")))?;
    let recording = &summary["recording"];
    let start_time = text(&recording["start_time"]);
    let walking = &summary["walking"];
    let quality = &summary["gait_quality"];
    let mut figures = vec![
        number(&recording["duration_s"], 3),
        number(&walking["time_s"], 3),
        integer(&walking["bouts"]),
        integer(&walking["steps"]),
        number(&walking["distance_m"], 2),
        number(&walking["net_distance_m"], 2),
    ];
    for block in ["forward", "backward", "unknown_direction"] {
        direction_cells(&summary[block], &mut figures);
    }
    figures.push(number(&quality["interval_cv_median"], 4));
    figures.push(text(&quality["interval"]));
    figures.push(number(&quality["step_regularity"], 3));
    figures.push(number(&quality["stride_regularity"], 3));
    figures.push(number(&quality["stride_time_cv_median"], 4));
    figures.push(number(&quality["step_time_asymmetry_pct_median"], 1));
    figures.push(
        summary["turns"]
            .as_array()
            .map(|t| t.len().to_string())
            .unwrap_or_default(),
    );
    let warnings: Vec<String> = summary["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(Value::as_str).map(one_line).collect())
        .unwrap_or_default();
    put(&mut cells, "status", Status::Ok.name().into());
    put(&mut cells, "input", run.input.clone());
    put(
        &mut cells,
        "date",
        start_time.get(..10).unwrap_or_default().to_string(),
    );
    put(&mut cells, "start_time", start_time);
    put(&mut cells, "format", text(&summary["format"]));
    put(&mut cells, "placement", text(&recording["placement"]));
    put(
        &mut cells,
        "placement_source",
        one_line(&text(&recording["placement_source"])),
    );
    let first_figure = SESSIONS_COLUMNS
        .iter()
        .position(|c| *c == "duration_s")
        .unwrap_or(0);
    for (offset, value) in figures.into_iter().enumerate() {
        if let Some(cell) = cells.get_mut(first_figure + offset) {
            *cell = value;
        }
    }
    put(&mut cells, "warnings", warnings.join(" | "));
    put(
        &mut cells,
        "retrogait_version",
        run.retrogait_version.clone(),
    );
    Ok(SessionRow {
        id: id.to_string(),
        status: Status::Ok,
        cells,
        options: Some(run.options),
    })
}

/// The text of `sessions.csv` for these rows (sorted by id here, so the
/// order never depends on which process found which folder first).
pub fn sessions_csv(rows: &[SessionRow]) -> Result<String> {
    let mut sorted: Vec<&SessionRow> = rows.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let csv_error = |e: csv::Error| Error::data("sessions.csv", e.to_string());
    writer.write_record(SESSIONS_COLUMNS).map_err(csv_error)?;
    for row in sorted {
        writer.write_record(&row.cells).map_err(csv_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::data("sessions.csv", e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::data("sessions.csv", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_unique_and_every_figure_has_a_column() {
        let mut seen = std::collections::BTreeSet::new();
        assert!(SESSIONS_COLUMNS.iter().all(|c| seen.insert(*c)));
        let first = SESSIONS_COLUMNS
            .iter()
            .position(|c| *c == "duration_s")
            .unwrap();
        let last = SESSIONS_COLUMNS.iter().position(|c| *c == "turns").unwrap();
        // 6 walking totals + 3 direction blocks of 7 + 6 quality + turns.
        assert_eq!(last - first + 1, 6 + 3 * 7 + 6 + 1);
    }

    #[test]
    fn a_failure_row_quotes_its_message() {
        let dir = tempfile::tempdir().unwrap();
        let record = super::super::record::ErrorRecord {
            retrogait_version: "0.1.0".into(),
            id: "bad.csv".into(),
            input: "in/bad.csv".into(),
            options: "opts".into(),
            error: "bad.csv:7:2 (acc_x): expected a number, found \"abc\"\nsecond line".into(),
        };
        std::fs::write(
            dir.path().join("error.json"),
            serde_json::to_vec(&record).unwrap(),
        )
        .unwrap();
        let row = row_from_folder(dir.path(), "bad.csv").unwrap();
        assert_eq!(row.status, Status::Failed);
        let text = sessions_csv(&[row]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), 1);
        let error_column = SESSIONS_COLUMNS.iter().position(|c| *c == "error").unwrap();
        assert_eq!(
            &records[0][error_column],
            "bad.csv:7:2 (acc_x): expected a number, found \"abc\" second line"
        );
        assert_eq!(&records[0][1], "failed");
    }

    #[test]
    fn a_folder_without_records_is_incomplete() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.json"), "{}").unwrap();
        let row = row_from_folder(dir.path(), "x").unwrap();
        assert_eq!(row.status, Status::Incomplete);
    }
}
