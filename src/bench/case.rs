//! Loading benchmark cases (layout v1 of `shared/datasets/README.md`).
//!
//! A case folder holds `case.json`, the input files it names and `reference/` with
//! `events.csv` and `bouts.csv` (required) and `strides.csv` / `turns.csv` (optional).
//! Unknown extra fields in `case.json` are tolerated (the subject's are kept in
//! [`Subject::extra`]); every number may be `null`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::BenchError;
use super::Side;

/// One benchmark case: a recording, its metadata and its reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Case id from `case.json`.
    pub id: String,
    /// Dataset name: the folder holding `cases/` (`"unknown"` if the case is not in one).
    pub dataset: String,
    /// The case folder.
    pub dir: PathBuf,
    /// Input files in reading order, as paths inside the case folder.
    pub inputs: Vec<PathBuf>,
    /// Sampling rate when the inputs carry no time column; `None` when they do.
    pub sampling_rate_hz: Option<f64>,
    /// Sensor placement (`lower_back`, `foot_left`, `hand`, ...).
    pub placement: String,
    /// Sensor axis pointing forward (`"+x"` ...), `None` when the mounting is unknown.
    pub sensor_forward_axis: Option<String>,
    /// Subject anthropometrics.
    pub subject: Subject,
    /// Free-text notes (may start with `reference_quality=...`).
    pub notes: String,
    /// The reference the detections are scored against.
    pub reference: Reference,
}

impl Case {
    /// The foot a foot-worn sensor is on (`foot_left` / `foot_right`), else `None`.
    pub fn sensor_foot(&self) -> Option<Side> {
        sensor_foot(&self.placement)
    }
}

/// The foot a placement name refers to, if it is a foot placement.
pub fn sensor_foot(placement: &str) -> Option<Side> {
    match placement {
        "foot_left" => Some(Side::Left),
        "foot_right" => Some(Side::Right),
        _ => None,
    }
}

/// Subject data from `case.json`; `None` where unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// Body height, metres.
    #[serde(default)]
    pub height_m: Option<f64>,
    /// Body mass, kilograms.
    #[serde(default)]
    pub mass_kg: Option<f64>,
    /// Height of the sensor above the floor when standing, metres.
    #[serde(default)]
    pub sensor_height_m: Option<f64>,
    /// Leg length, metres.
    #[serde(default)]
    pub leg_length_m: Option<f64>,
    /// Age in years.
    #[serde(default)]
    pub age: Option<f64>,
    /// Sex as written in the dataset.
    #[serde(default)]
    pub sex: Option<String>,
    /// Any other subject fields, kept as they were.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The reference of a case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Gait events, sorted by time.
    pub events: Vec<ReferenceEvent>,
    /// Walking bouts, sorted by start.
    pub bouts: Vec<ReferenceBout>,
    /// Per-stride lengths (`strides.csv`), when the case has them.
    pub strides: Option<Vec<ReferenceStride>>,
    /// Turns (`turns.csv`), when the case has them.
    pub turns: Option<Vec<ReferenceTurn>>,
}

impl Reference {
    /// Times of the initial contacts, sorted; `side_filter` keeps only that side (and `unknown`).
    pub fn initial_contact_times(&self, side_filter: Option<Side>) -> Vec<f64> {
        self.initial_contacts(side_filter)
            .into_iter()
            .map(|(time_s, _)| time_s)
            .collect()
    }

    /// Times and sides of the initial contacts, in file order; `side_filter`
    /// as in [`Reference::initial_contact_times`].
    pub fn initial_contacts(&self, side_filter: Option<Side>) -> Vec<(f64, Side)> {
        self.events
            .iter()
            .filter(|event| event.kind == EventKind::InitialContact)
            .filter(|event| side_matches(event.side, side_filter))
            .map(|event| (event.time_s, event.side))
            .collect()
    }

    /// Times of the final contacts, ascending; `side_filter` as in
    /// [`Reference::initial_contact_times`].
    pub fn final_contact_times(&self, side_filter: Option<Side>) -> Vec<f64> {
        let mut times: Vec<f64> = self
            .events
            .iter()
            .filter(|event| event.kind == EventKind::FinalContact)
            .filter(|event| side_matches(event.side, side_filter))
            .map(|event| event.time_s)
            .filter(|t| t.is_finite())
            .collect();
        times.sort_by(f64::total_cmp);
        times
    }
}

/// Whether a contact of `side` is kept when scoring only `side_filter` (unknown sides are kept).
pub(crate) fn side_matches(side: Side, side_filter: Option<Side>) -> bool {
    match side_filter {
        None => true,
        Some(wanted) => side == wanted || side == Side::Unknown,
    }
}

/// Kind of a reference gait event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Heel strike / foot contact.
    InitialContact,
    /// Toe off.
    FinalContact,
}

/// One row of `events.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReferenceEvent {
    /// Event time, seconds.
    pub time_s: f64,
    /// Initial or final contact.
    pub kind: EventKind,
    /// Foot.
    pub side: Side,
}

/// Direction label of a reference bout (a reference may also label turns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoutDirection {
    /// Forward walking.
    Forward,
    /// Backward walking.
    Backward,
    /// Turning.
    Turn,
    /// Not known.
    Unknown,
}

impl BoutDirection {
    /// The walking direction this label stands for; `None` for turns and unknown.
    pub fn walking_direction(self) -> Option<super::Direction> {
        match self {
            BoutDirection::Forward => Some(super::Direction::Forward),
            BoutDirection::Backward => Some(super::Direction::Backward),
            BoutDirection::Turn | BoutDirection::Unknown => None,
        }
    }
}

/// One row of `bouts.csv`; empty cells are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReferenceBout {
    /// Start, seconds.
    pub start_s: f64,
    /// End, seconds.
    pub end_s: f64,
    /// Direction label (an empty cell reads as `unknown`).
    pub direction: BoutDirection,
    /// Number of steps the reference counts in the bout.
    pub n_steps: Option<u32>,
    /// Reference cadence, steps per minute.
    pub cadence_spm: Option<f64>,
    /// Reference mean stride length, metres.
    pub stride_length_m: Option<f64>,
    /// Reference mean walking speed, m/s.
    pub speed_mps: Option<f64>,
}

/// One row of `strides.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReferenceStride {
    /// Stride start, seconds.
    pub start_s: f64,
    /// Stride end, seconds.
    pub end_s: f64,
    /// Stride length, metres (`None` if empty).
    pub stride_length_m: Option<f64>,
}

/// One row of `turns.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReferenceTurn {
    /// Turn start, seconds.
    pub start_s: f64,
    /// Turn end, seconds.
    pub end_s: f64,
    /// Turn angle in degrees, signed as in the dataset (`None` if empty or absent).
    #[serde(default)]
    pub angle_deg: Option<f64>,
}

/// `case.json` as written; everything not needed is ignored.
#[derive(Deserialize)]
struct CaseJson {
    id: String,
    inputs: Vec<String>,
    #[serde(default)]
    sampling_rate_hz: Option<f64>,
    placement: String,
    #[serde(default)]
    sensor_forward_axis: Option<String>,
    #[serde(default)]
    subject: Option<Subject>,
    #[serde(default)]
    notes: Option<String>,
}

/// Loads one case folder: `case.json`, the reference CSVs, and checks that the inputs exist.
pub fn load_case(dir: &Path) -> Result<Case, BenchError> {
    let case_json_path = dir.join("case.json");
    let text = fs::read_to_string(&case_json_path).map_err(|source| BenchError::Io {
        path: case_json_path.clone(),
        source,
    })?;
    let raw: CaseJson =
        serde_json::from_str(&non_finite_to_null(&text)).map_err(|err| BenchError::CaseJson {
            path: case_json_path.clone(),
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        })?;
    if let Some(rate) = raw.sampling_rate_hz {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(BenchError::CaseValue {
                path: case_json_path,
                message: format!("sampling_rate_hz must be positive, got {rate}"),
            });
        }
    }
    let mut inputs = Vec::with_capacity(raw.inputs.len());
    for name in &raw.inputs {
        let input = dir.join(name);
        if !input.is_file() {
            return Err(BenchError::MissingInput {
                case_json: case_json_path,
                name: name.clone(),
            });
        }
        inputs.push(input);
    }
    let reference = load_reference(&dir.join("reference"))?;
    Ok(Case {
        id: raw.id,
        dataset: dataset_name(dir),
        dir: dir.to_path_buf(),
        inputs,
        sampling_rate_hz: raw.sampling_rate_hz,
        placement: raw.placement,
        sensor_forward_axis: raw.sensor_forward_axis,
        subject: raw.subject.unwrap_or_default(),
        notes: raw.notes.unwrap_or_default(),
        reference,
    })
}

/// Replaces the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's `json.dump`
/// writes (not JSON, but present in ipol's case.json files) by `null`, outside strings.
/// Replacing a token by one of equal line keeps serde_json's line numbers right.
fn non_finite_to_null(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if c == '\\' {
                // Copy the escape and the escaped character together.
                let escaped: String = rest.chars().take(2).collect();
                out.push_str(&escaped);
                rest = &rest[escaped.len()..];
                continue;
            }
            if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if let Some(token) = ["-Infinity", "Infinity", "NaN"]
            .into_iter()
            .find(|token| rest.starts_with(token))
        {
            out.push_str("null");
            rest = &rest[token.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The dataset a case folder belongs to: `<dataset>/cases/<case>` → `<dataset>`.
fn dataset_name(case_dir: &Path) -> String {
    // Canonical form so that `.` or a trailing `..` still yield the real folder names.
    let canonical = fs::canonicalize(case_dir).unwrap_or_else(|_| case_dir.to_path_buf());
    let parent = canonical.parent();
    let in_cases_folder = parent
        .and_then(Path::file_name)
        .is_some_and(|name| name == "cases");
    if in_cases_folder {
        if let Some(name) = parent
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
        {
            return name.to_string();
        }
    }
    "unknown".to_string()
}

/// Finds case folders: `dir` itself if it holds `case.json`; else the folders of
/// `dir/cases/` (a dataset folder) or of `dir` (a `cases/` folder) that hold one.
/// Sorted by path.
pub fn discover_cases(dir: &Path) -> Result<Vec<PathBuf>, BenchError> {
    if dir.join("case.json").is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let cases_dir = if dir.join("cases").is_dir() {
        dir.join("cases")
    } else {
        dir.to_path_buf()
    };
    let entries = fs::read_dir(&cases_dir).map_err(|source| BenchError::Io {
        path: cases_dir.clone(),
        source,
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| BenchError::Io {
            path: cases_dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.join("case.json").is_file() {
            found.push(path);
        }
    }
    if found.is_empty() {
        return Err(BenchError::NoCases {
            path: dir.to_path_buf(),
        });
    }
    found.sort();
    Ok(found)
}

/// The grade in `reference_quality=<grade>` in the case notes (oxford_phone grades
/// `clean`, `minor`, `anomalous`); `None` when the notes carry no grade.
pub fn reference_quality(case: &Case) -> Option<String> {
    reference_quality_in_notes(&case.notes)
}

/// [`reference_quality`] on a notes string.
pub(crate) fn reference_quality_in_notes(notes: &str) -> Option<String> {
    const KEY: &str = "reference_quality=";
    let start = notes.find(KEY)? + KEY.len();
    let grade: String = notes[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (!grade.is_empty()).then_some(grade)
}

/// Reads `reference/`: events and bouts are required, strides and turns optional.
fn load_reference(reference_dir: &Path) -> Result<Reference, BenchError> {
    let mut events = load_events(&reference_dir.join("events.csv"))?;
    // Stable sort keeps the file order of simultaneous events.
    events.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    let mut bouts = load_bouts(&reference_dir.join("bouts.csv"))?;
    bouts.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    let strides_path = reference_dir.join("strides.csv");
    let strides = if strides_path.is_file() {
        Some(load_strides(&strides_path)?)
    } else {
        None
    };
    let turns_path = reference_dir.join("turns.csv");
    let turns = if turns_path.is_file() {
        Some(load_turns(&turns_path)?)
    } else {
        None
    };
    Ok(Reference {
        events,
        bouts,
        strides,
        turns,
    })
}

/// Reads a headed CSV into rows of `T` (columns matched by header name), each with its
/// 1-based line number.
fn read_csv_rows<T: DeserializeOwned>(path: &Path) -> Result<Vec<(u64, T)>, BenchError> {
    let file = fs::File::open(path).map_err(|source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(std::io::BufReader::new(file));
    let csv_error = |err: csv::Error| BenchError::Csv {
        path: path.to_path_buf(),
        line: err.position().map_or(0, csv::Position::line),
        message: err.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        let row: T = record
            .deserialize(Some(&headers))
            .map_err(|err| BenchError::Csv {
                path: path.to_path_buf(),
                line,
                message: err.to_string(),
            })?;
        rows.push((line, row));
    }
    Ok(rows)
}

/// A time that must be a finite number.
fn required_time(path: &Path, line: u64, column: &str, value: f64) -> Result<f64, BenchError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BenchError::Csv {
            path: path.to_path_buf(),
            line,
            message: format!("{column} must be a finite number, got {value}"),
        })
    }
}

/// An optional value: NaN or infinite counts as unknown, like an empty cell.
fn optional_value(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// Checks `start_s <= end_s` of an interval row.
fn check_interval(path: &Path, line: u64, start_s: f64, end_s: f64) -> Result<(), BenchError> {
    if start_s <= end_s {
        Ok(())
    } else {
        Err(BenchError::Csv {
            path: path.to_path_buf(),
            line,
            message: format!("start_s {start_s} is after end_s {end_s}"),
        })
    }
}

#[derive(Deserialize)]
struct EventRow {
    time_s: f64,
    kind: EventKind,
    side: Side,
}

fn load_events(path: &Path) -> Result<Vec<ReferenceEvent>, BenchError> {
    read_csv_rows::<EventRow>(path)?
        .into_iter()
        .map(|(line, row)| {
            Ok(ReferenceEvent {
                time_s: required_time(path, line, "time_s", row.time_s)?,
                kind: row.kind,
                side: row.side,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct BoutRow {
    start_s: f64,
    end_s: f64,
    direction: Option<BoutDirection>,
    n_steps: Option<u32>,
    cadence_spm: Option<f64>,
    stride_length_m: Option<f64>,
    speed_mps: Option<f64>,
}

fn load_bouts(path: &Path) -> Result<Vec<ReferenceBout>, BenchError> {
    read_csv_rows::<BoutRow>(path)?
        .into_iter()
        .map(|(line, row)| {
            let start_s = required_time(path, line, "start_s", row.start_s)?;
            let end_s = required_time(path, line, "end_s", row.end_s)?;
            check_interval(path, line, start_s, end_s)?;
            Ok(ReferenceBout {
                start_s,
                end_s,
                // The README: an empty cell means the reference does not know.
                direction: row.direction.unwrap_or(BoutDirection::Unknown),
                n_steps: row.n_steps,
                cadence_spm: optional_value(row.cadence_spm),
                stride_length_m: optional_value(row.stride_length_m),
                speed_mps: optional_value(row.speed_mps),
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct StrideRow {
    start_s: f64,
    end_s: f64,
    stride_length_m: Option<f64>,
}

fn load_strides(path: &Path) -> Result<Vec<ReferenceStride>, BenchError> {
    read_csv_rows::<StrideRow>(path)?
        .into_iter()
        .map(|(line, row)| {
            let start_s = required_time(path, line, "start_s", row.start_s)?;
            let end_s = required_time(path, line, "end_s", row.end_s)?;
            check_interval(path, line, start_s, end_s)?;
            Ok(ReferenceStride {
                start_s,
                end_s,
                stride_length_m: optional_value(row.stride_length_m),
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct TurnRow {
    start_s: f64,
    end_s: f64,
    #[serde(default)]
    angle_deg: Option<f64>,
}

fn load_turns(path: &Path) -> Result<Vec<ReferenceTurn>, BenchError> {
    read_csv_rows::<TurnRow>(path)?
        .into_iter()
        .map(|(line, row)| {
            let start_s = required_time(path, line, "start_s", row.start_s)?;
            let end_s = required_time(path, line, "end_s", row.end_s)?;
            check_interval(path, line, start_s, end_s)?;
            Ok(ReferenceTurn {
                start_s,
                end_s,
                angle_deg: optional_value(row.angle_deg),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a minimal case folder under `root/<dataset>/cases/<id>`.
    fn write_case(root: &Path, events: &str, bouts: &str) -> PathBuf {
        let dir = root.join("demo_set").join("cases").join("c1");
        fs::create_dir_all(dir.join("reference")).expect("create case dir");
        fs::write(
            dir.join("case.json"),
            r#"{"id": "c1", "inputs": ["imu.csv"], "sampling_rate_hz": null,
                "placement": "foot_left", "extra_field": [1, 2],
                "subject": {"height_m": 1.8, "mass_kg": null, "age": 40, "description": "x"},
                "notes": "reference_quality=minor. something"}"#,
        )
        .expect("write case.json");
        fs::write(dir.join("imu.csv"), "time_s\n0\n").expect("write input");
        fs::write(dir.join("reference/events.csv"), events).expect("write events");
        fs::write(dir.join("reference/bouts.csv"), bouts).expect("write bouts");
        dir
    }

    const BOUTS: &str = "start_s,end_s,direction,n_steps,cadence_spm,stride_length_m,speed_mps\n\
                         1.0,5.0,forward,8,100.0,,\n0.0,0.5,,,,,\n";

    #[test]
    fn loads_a_minimal_case_and_tolerates_extra_fields() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let events = "time_s,kind,side\n2.0,initial_contact,left\n1.5,final_contact,right\n";
        let dir = write_case(tmp.path(), events, BOUTS);
        let case = load_case(&dir).expect("load");
        assert_eq!(case.id, "c1");
        assert_eq!(case.dataset, "demo_set");
        assert_eq!(case.sensor_foot(), Some(Side::Left));
        assert_eq!(case.subject.height_m, Some(1.8));
        assert_eq!(case.subject.mass_kg, None);
        assert_eq!(case.subject.age, Some(40.0));
        assert!(case.subject.extra.contains_key("description"));
        assert_eq!(case.reference.events[0].time_s, 1.5, "events sorted");
        assert_eq!(case.reference.bouts[0].direction, BoutDirection::Unknown);
        assert_eq!(case.reference.bouts[1].stride_length_m, None);
        assert_eq!(case.reference.bouts[1].n_steps, Some(8));
        assert!(case.reference.strides.is_none());
        assert_eq!(reference_quality(&case).as_deref(), Some("minor"));
        assert_eq!(discover_cases(&dir).expect("single"), vec![dir.clone()]);
        let dataset_dir = tmp.path().join("demo_set");
        assert_eq!(
            discover_cases(&dataset_dir).expect("dataset"),
            vec![dir.clone()]
        );
        assert_eq!(
            discover_cases(&dataset_dir.join("cases")).expect("cases dir"),
            vec![dir]
        );
    }

    #[test]
    fn bad_csv_value_names_file_and_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let events = "time_s,kind,side\n2.0,initial_contact,left\n2.5,heel_strike,left\n";
        let dir = write_case(tmp.path(), events, BOUTS);
        let message = load_case(&dir).expect_err("bad kind").to_string();
        assert!(message.contains("events.csv:3"), "{message}");
    }

    #[test]
    fn reversed_bout_is_an_error_with_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let bouts = "start_s,end_s,direction,n_steps,cadence_spm,stride_length_m,speed_mps\n\
                     5.0,1.0,forward,,,,\n";
        let dir = write_case(tmp.path(), "time_s,kind,side\n", bouts);
        let message = load_case(&dir).expect_err("reversed").to_string();
        assert!(message.contains("bouts.csv:2"), "{message}");
    }

    #[test]
    fn missing_input_and_bad_json_are_errors() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = write_case(tmp.path(), "time_s,kind,side\n", BOUTS);
        fs::remove_file(dir.join("imu.csv")).expect("remove");
        assert!(matches!(
            load_case(&dir),
            Err(BenchError::MissingInput { .. })
        ));
        fs::write(dir.join("case.json"), "{\"id\": 3}").expect("write");
        assert!(matches!(load_case(&dir), Err(BenchError::CaseJson { .. })));
        assert!(matches!(
            discover_cases(tmp.path()),
            Err(BenchError::NoCases { .. })
        ));
    }

    #[test]
    fn python_non_finite_tokens_read_as_null() {
        let text = r#"{"a": NaN, "b": -Infinity, "c": "NaN \" Infinity", "d": Infinity}"#;
        let cleaned = non_finite_to_null(text);
        assert_eq!(
            cleaned,
            r#"{"a": null, "b": null, "c": "NaN \" Infinity", "d": null}"#
        );
        let value: serde_json::Value = serde_json::from_str(&cleaned).expect("valid JSON");
        assert!(value["a"].is_null());
    }

    #[test]
    fn quality_grade_parsing() {
        assert_eq!(
            reference_quality_in_notes("reference_quality=anomalous. x").as_deref(),
            Some("anomalous")
        );
        assert_eq!(reference_quality_in_notes("no grade"), None);
        assert_eq!(reference_quality_in_notes("reference_quality= x"), None);
    }
}
