//! The output contract of `analyze`: `steps.csv`, `bouts.csv`, `summary.json`.
//! Empty cells for unknown values; files written atomically (temp + rename).

use crate::error::{Error, Result};
use crate::gait::analysis::{Analysis, AnalysisOptions, Bout, Direction, Step};
use crate::gait::turns::Turn;
use crate::io::Loaded;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `steps.csv` columns.
pub const STEPS_HEADER: &str =
    "time_s,bout,side,direction,step_time_s,step_length_m,speed_mps,confidence,direction_confidence";
/// `bouts.csv` columns.
pub const BOUTS_HEADER: &str = "bout,start_s,end_s,duration_s,direction,direction_confidence,n_steps,cadence_spm,step_time_cv,step_length_m,stride_length_m,speed_mps,distance_m";

fn cell(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => String::new(),
    }
}

/// The rows of `steps.csv`.
pub fn steps_csv(steps: &[Step]) -> String {
    let mut out = String::with_capacity(64 * (steps.len() + 1));
    out.push_str(STEPS_HEADER);
    out.push('\n');
    for s in steps {
        out.push_str(&format!(
            "{:.3},{},{},{},{},{},{},{:.2},{}\n",
            s.time_s,
            s.bout,
            s.side.name(),
            s.direction.name(),
            cell(s.step_time_s, 3),
            cell(s.step_length_m, 3),
            cell(s.speed_mps, 3),
            s.confidence,
            cell(s.direction_confidence, 2)
        ));
    }
    out
}

/// The rows of `bouts.csv`.
pub fn bouts_csv(bouts: &[Bout]) -> String {
    let mut out = String::with_capacity(128 * (bouts.len() + 1));
    out.push_str(BOUTS_HEADER);
    out.push('\n');
    for b in bouts {
        out.push_str(&format!(
            "{},{:.3},{:.3},{:.3},{},{},{},{:.2},{},{},{},{},{}\n",
            b.bout,
            b.start_s,
            b.end_s,
            b.duration_s,
            b.direction.name(),
            cell(b.direction_confidence, 2),
            b.n_steps,
            b.cadence_spm,
            cell(b.step_time_cv, 4),
            cell(b.step_length_m, 3),
            cell(b.stride_length_m, 3),
            cell(b.speed_mps, 3),
            cell(b.distance_m, 2),
        ));
    }
    out
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// retrogait's version.
    pub version: &'static str,
    /// The input files.
    pub inputs: Vec<InputFile>,
    /// Detected format.
    pub format: &'static str,
    /// Recording facts.
    pub recording: RecordingSummary,
    /// Totals over all walking.
    pub walking: WalkingTotals,
    /// Forward walking.
    pub forward: DirectionBlock,
    /// Backward walking.
    pub backward: DirectionBlock,
    /// Walking whose direction is not known.
    pub unknown_direction: DirectionBlock,
    /// Variability and regularity over all bouts.
    pub gait_quality: GaitQuality,
    /// Turns of at least 45° (needs a gyroscope).
    pub turns: Vec<Turn>,
    /// How the analysis was done (models, orientation source, what is missing and why).
    pub notes: Vec<String>,
    /// Reader and analysis warnings.
    pub warnings: Vec<String>,
    /// Clinical tests asked for (`--test`); absent when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tests: Option<ClinicalTests>,
}

/// The `tests` block of `summary.json`: one entry per test asked for.
#[derive(Debug, Clone, Serialize)]
pub struct ClinicalTests {
    /// The 3-metre backward walk (`--test 3mbw`).
    pub three_metre_backward_walk: crate::gait::three_metre::ThreeMetreBackwardWalk,
}

/// One input file and its SHA-256.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// Path as given.
    pub path: String,
    /// Hex SHA-256 of the file's bytes (absent for zip members: see the archive).
    pub sha256: Option<String>,
}

/// Recording facts.
#[derive(Debug, Clone, Serialize)]
pub struct RecordingSummary {
    /// Seconds from first to last sample.
    pub duration_s: f64,
    /// Rate of the analysis grid, Hz.
    pub rate_hz: f64,
    /// Placement used (`null` when unknown).
    pub placement: Option<&'static str>,
    /// Where the placement came from (given, case.json, or detected with its evidence).
    pub placement_source: String,
    /// Start time, RFC 3339, when known.
    pub start_time: Option<String>,
}

/// Totals over all walking.
#[derive(Debug, Clone, Serialize)]
pub struct WalkingTotals {
    /// Sum of bout durations, s.
    pub time_s: f64,
    /// Steps (initial contacts).
    pub steps: usize,
    /// Bouts.
    pub bouts: usize,
    /// Sum of step lengths, m, when known.
    pub distance_m: Option<f64>,
    /// True when no walking was found.
    pub no_walking: bool,
}

/// Variability and regularity of the walking.
#[derive(Debug, Clone, Serialize)]
pub struct GaitQuality {
    /// Median over bouts of the coefficient of variation of the contact
    /// intervals (step times; stride times for a foot sensor).
    pub interval_cv_median: Option<f64>,
    /// What the intervals are: `step` or `stride`.
    pub interval: &'static str,
    /// Mean step regularity over bouts (autocorrelation at the step lag; 1 = perfectly regular).
    pub step_regularity: Option<f64>,
    /// Mean stride regularity over bouts.
    pub stride_regularity: Option<f64>,
}

/// Figures for one direction.
#[derive(Debug, Clone, Serialize)]
pub struct DirectionBlock {
    /// Time in bouts of this direction, s.
    pub time_s: f64,
    /// Steps.
    pub steps: usize,
    /// Bouts.
    pub bouts: usize,
    /// Cadence over those bouts, steps/min (step-weighted).
    pub cadence_spm: Option<f64>,
    /// Mean step length, m.
    pub step_length_m: Option<f64>,
    /// Mean speed, m/s.
    pub speed_mps: Option<f64>,
    /// Distance, m.
    pub distance_m: Option<f64>,
}

fn block(analysis: &Analysis, direction: Direction) -> DirectionBlock {
    let bouts: Vec<&Bout> = analysis
        .bouts
        .iter()
        .filter(|b| b.direction == direction)
        .collect();
    let steps: Vec<&Step> = analysis
        .steps
        .iter()
        .filter(|s| s.direction == direction)
        .collect();
    let time_s: f64 = bouts.iter().map(|b| b.duration_s).fold(0.0, |a, b| a + b);
    let lengths: Vec<f64> = steps.iter().filter_map(|s| s.step_length_m).collect();
    let speeds: Vec<f64> = steps.iter().filter_map(|s| s.speed_mps).collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let distances: Vec<f64> = bouts.iter().filter_map(|b| b.distance_m).collect();
    DirectionBlock {
        time_s,
        steps: steps.len() * steps_per_contact(analysis),
        bouts: bouts.len(),
        // The bouts' own cadences (they count two steps per contact for a foot), time-weighted.
        cadence_spm: (time_s > 0.0).then(|| {
            bouts
                .iter()
                .map(|b| b.cadence_spm * b.duration_s)
                .sum::<f64>()
                / time_s
        }),
        step_length_m: mean(&lengths),
        speed_mps: mean(&speeds),
        distance_m: (!distances.is_empty()).then(|| distances.iter().fold(0.0, |a, b| a + b)),
    }
}

/// Steps each listed contact stands for: 2 for a foot sensor (its own foot's
/// contacts, one per stride), 1 otherwise.
fn steps_per_contact(analysis: &Analysis) -> usize {
    if analysis.placement.is_some_and(|p| p.is_foot()) {
        2
    } else {
        1
    }
}

fn gait_quality(analysis: &Analysis) -> GaitQuality {
    let mut cvs: Vec<f64> = analysis
        .bouts
        .iter()
        .filter_map(|b| b.step_time_cv)
        .collect();
    cvs.sort_by(f64::total_cmp);
    let regular: Vec<(f64, f64)> = analysis.regularity.iter().flatten().copied().collect();
    let mean = |values: Vec<f64>| {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    GaitQuality {
        interval_cv_median: cvs.get(cvs.len() / 2).copied(),
        interval: if analysis.placement.is_some_and(|p| p.is_foot()) {
            "stride"
        } else {
            "step"
        },
        step_regularity: mean(regular.iter().map(|r| r.0).collect()),
        stride_regularity: mean(regular.iter().map(|r| r.1).collect()),
    }
}

fn sha256_of(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let digest = Sha256::digest(&bytes);
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Builds the summary.
pub fn summary(
    loaded: &Loaded,
    analysis: &Analysis,
    options: &AnalysisOptions,
    placement_source: &'static str,
) -> Summary {
    let recording = &loaded.recording;
    let inputs = recording
        .sources
        .iter()
        .map(|path| InputFile {
            path: path.display().to_string(),
            sha256: sha256_of(path),
        })
        .collect();
    let distances: Vec<f64> = analysis.bouts.iter().filter_map(|b| b.distance_m).collect();
    Summary {
        version: env!("CARGO_PKG_VERSION"),
        inputs,
        format: loaded.detection.format.id(),
        recording: RecordingSummary {
            duration_s: recording.duration_s(),
            rate_hz: options.grid.rate_hz,
            placement: analysis.placement.map(|p| p.id()),
            placement_source: match options.placement {
                Some(_) => placement_source.to_string(),
                None => analysis.placement_source.clone(),
            },
            start_time: recording.start_time.map(|s| s.to_rfc3339()),
        },
        walking: WalkingTotals {
            time_s: analysis
                .bouts
                .iter()
                .map(|b| b.duration_s)
                .fold(0.0, |a, b| a + b),
            steps: analysis.steps.len() * steps_per_contact(analysis),
            bouts: analysis.bouts.len(),
            distance_m: (!distances.is_empty()).then(|| distances.iter().fold(0.0, |a, b| a + b)),
            no_walking: analysis.bouts.is_empty(),
        },
        forward: block(analysis, Direction::Forward),
        backward: block(analysis, Direction::Backward),
        unknown_direction: block(analysis, Direction::Unknown),
        gait_quality: gait_quality(analysis),
        turns: analysis.turns.clone(),
        notes: analysis.notes.clone(),
        warnings: recording.provenance.warnings.clone(),
        tests: None,
    }
}

/// Writes `contents` to `path` atomically: a temporary file beside it, then a rename,
/// so an interrupted run never leaves a half-written file that looks valid.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(path, e)
    })
}

/// Writes the three output files into `dir` (created if needed). Refuses to
/// overwrite an existing `summary.json` unless `force`.
pub fn write_outputs(
    dir: &Path,
    analysis: &Analysis,
    summary: &Summary,
    force: bool,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let summary_path = dir.join("summary.json");
    if summary_path.exists() && !force {
        return Err(Error::option(
            "--out",
            format!(
                "{} already holds results; pass --force to overwrite them",
                dir.display()
            ),
        ));
    }
    let steps_path = dir.join("steps.csv");
    let bouts_path = dir.join("bouts.csv");
    write_atomic(&steps_path, steps_csv(&analysis.steps).as_bytes())?;
    write_atomic(&bouts_path, bouts_csv(&analysis.bouts).as_bytes())?;
    let json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Error::data(&summary_path, e.to_string()))?;
    // The summary goes last: its presence marks a complete output.
    write_atomic(&summary_path, &json)?;
    Ok(vec![steps_path, bouts_path, summary_path])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gait::analysis::Side;

    #[test]
    fn unknown_values_are_empty_cells() {
        let steps = [Step {
            time_s: 1.23456,
            bout: 1,
            side: Side::Unknown,
            direction: Direction::Unknown,
            step_time_s: None,
            step_length_m: Some(0.7),
            speed_mps: None,
            confidence: 0.5,
            direction_confidence: None,
        }];
        assert_eq!(
            steps_csv(&steps),
            format!("{STEPS_HEADER}\n1.235,1,unknown,unknown,,0.700,,0.50,\n")
        );
    }

    #[test]
    fn atomic_writes_leave_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
