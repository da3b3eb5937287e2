//! The benchmark case layout (`case.json`, see `../shared/datasets/README.md`):
//! what `analyze --case DIR` and `bench` need to run a case.

use crate::error::{Error, Result};
use crate::gait::analysis::{Placement, Subject};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The parts of `case.json` the analysis uses.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSpec {
    /// The case folder.
    pub dir: PathBuf,
    /// Case id.
    pub id: String,
    /// Input file names, in reading order.
    pub inputs: Vec<String>,
    /// Rate for inputs without a time column.
    pub sampling_rate_hz: Option<f64>,
    /// Placement, when it is one retrogait knows.
    pub placement: Option<Placement>,
    /// The placement text as written.
    pub placement_text: String,
    /// Sensor forward axis (`+x`, `-y`, ...), when the mounting is known.
    pub sensor_forward_axis: Option<String>,
    /// Body measures.
    pub subject: Subject,
    /// Free-text notes.
    pub notes: String,
}

#[derive(Deserialize)]
struct RawCase {
    id: String,
    inputs: Vec<String>,
    sampling_rate_hz: Option<f64>,
    placement: String,
    #[serde(default)]
    sensor_forward_axis: Option<String>,
    #[serde(default)]
    subject: RawSubject,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize, Default)]
struct RawSubject {
    height_m: Option<f64>,
    mass_kg: Option<f64>,
    sensor_height_m: Option<f64>,
    leg_length_m: Option<f64>,
}

impl CaseSpec {
    /// Reads `DIR/case.json`.
    pub fn load(dir: &Path) -> Result<CaseSpec> {
        let path = dir.join("case.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let raw: RawCase =
            serde_json::from_str(&python_json_to_json(&text)).map_err(|e| Error::Parse {
                location: crate::error::Location {
                    path: path.clone(),
                    line: e.line() as u64,
                    column: Some(e.column()),
                    column_name: None,
                },
                expected: "a case.json as described in datasets/README.md".into(),
                found: e.to_string(),
            })?;
        Ok(CaseSpec {
            dir: dir.to_path_buf(),
            id: raw.id,
            inputs: raw.inputs,
            sampling_rate_hz: raw.sampling_rate_hz,
            placement: Placement::from_id(&raw.placement),
            placement_text: raw.placement,
            sensor_forward_axis: raw.sensor_forward_axis,
            subject: Subject {
                height_m: raw.subject.height_m,
                sensor_height_m: raw.subject.sensor_height_m,
                leg_length_m: raw.subject.leg_length_m,
                mass_kg: raw.subject.mass_kg,
            },
            notes: raw.notes,
        })
    }

    /// Full paths of the inputs.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.inputs.iter().map(|name| self.dir.join(name)).collect()
    }
}

/// Python's `json` writes `NaN`, `Infinity` and `-Infinity`, which JSON does
/// not allow; some `case.json` files have them for unknown values. They are
/// read as `null` (unknown), outside strings only.
pub fn python_json_to_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        let token = ["-Infinity", "Infinity", "NaN"]
            .into_iter()
            .find(|t| rest.starts_with(t));
        match token {
            Some(t) => {
                out.push_str("null");
                rest = &rest[t.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

impl Subject {
    /// Values of `self` where `preferred` has none (command-line options win over case.json).
    pub fn merged_under(self, preferred: Subject) -> Subject {
        Subject {
            height_m: preferred.height_m.or(self.height_m),
            sensor_height_m: preferred.sensor_height_m.or(self.sensor_height_m),
            leg_length_m: preferred.leg_length_m.or(self.leg_length_m),
            mass_kg: preferred.mass_kg.or(self.mass_kg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_nan_becomes_null_outside_strings() {
        let text = r#"{"a": NaN, "b": "NaN", "c": -Infinity, "d": "x\"NaN"}"#;
        assert_eq!(
            python_json_to_json(text),
            r#"{"a": null, "b": "NaN", "c": null, "d": "x\"NaN"}"#
        );
    }
}
