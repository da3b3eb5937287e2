//! Running the analysis on benchmark cases: each case is read and analysed
//! exactly as `retrogait analyze --case DIR` would, then scored.

use crate::bench::{
    discover_cases, load_case, score_case, BenchError, BenchReport, Case, CaseScore, DetectedBout,
    DetectedStep, ScoringConfig,
};
use crate::gait::analysis::{analyze, Analysis, AnalysisOptions, Placement, Subject};
use crate::gait::direction::parse_forward_axis;
use crate::io::{read, ReadOptions};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A case that could not be analysed.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFailure {
    /// The case folder.
    pub case: PathBuf,
    /// What went wrong.
    pub error: String,
}

/// A benchmark run: the report and the cases that failed.
#[derive(Debug, Clone, Serialize)]
pub struct BenchRun {
    /// Scores and aggregates.
    pub report: BenchReport,
    /// Cases that could not be read or analysed.
    pub failures: Vec<CaseFailure>,
}

/// The analysis options a case implies (placement, subject, rate).
pub fn case_options(case: &Case) -> (ReadOptions, AnalysisOptions) {
    let read = ReadOptions {
        rate_hz: case.sampling_rate_hz,
        ..ReadOptions::default()
    };
    let analysis = AnalysisOptions {
        placement: Placement::from_id(&case.placement),
        subject: Subject {
            height_m: case.subject.height_m,
            sensor_height_m: case.subject.sensor_height_m,
            leg_length_m: case.subject.leg_length_m,
            mass_kg: case.subject.mass_kg,
        },
        forward_axis: case
            .sensor_forward_axis
            .as_deref()
            .and_then(parse_forward_axis),
        ..AnalysisOptions::default()
    };
    (read, analysis)
}

/// Reads and analyses one case.
pub fn analyze_case(case: &Case) -> crate::Result<Analysis> {
    let (read_options, options) = case_options(case);
    let inputs = case.inputs.clone();
    let loaded = read(&inputs, &read_options)?;
    analyze(&loaded.recording, &options)
}

/// The analysis results in the benchmark's contract.
pub fn detections(analysis: &Analysis) -> (Vec<DetectedStep>, Vec<DetectedBout>) {
    let steps = analysis
        .steps
        .iter()
        .map(|s| DetectedStep {
            time_s: s.time_s,
            side: s.side,
            direction: s.direction,
            step_length_m: s.step_length_m,
            speed_mps: s.speed_mps,
            final_contact_s: s.final_contact_s,
        })
        .collect();
    let bouts = analysis
        .bouts
        .iter()
        .map(|b| DetectedBout {
            start_s: b.start_s,
            end_s: b.end_s,
            direction: b.direction,
        })
        .collect();
    (steps, bouts)
}

/// Discovers, analyses and scores every case under `dataset_dirs`;
/// `progress` is called after each case with (done, total).
pub fn run_bench(
    dataset_dirs: &[PathBuf],
    config: ScoringConfig,
    mut progress: impl FnMut(usize, usize),
) -> Result<BenchRun, BenchError> {
    let mut case_dirs = Vec::new();
    for dir in dataset_dirs {
        case_dirs.extend(discover_cases(dir).or_else(|error| {
            // A folder of datasets (like shared/datasets): every subfolder with cases/.
            let mut found = Vec::new();
            if let Ok(entries) = std::fs::read_dir(dir) {
                let mut datasets: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.join("cases").is_dir())
                    .collect();
                datasets.sort();
                for dataset in datasets {
                    found.extend(discover_cases(&dataset)?);
                }
            }
            if found.is_empty() {
                Err(error)
            } else {
                Ok(found)
            }
        })?);
    }
    let total = case_dirs.len();
    let mut scores: Vec<CaseScore> = Vec::with_capacity(total);
    let mut failures = Vec::new();
    for (done, dir) in case_dirs.iter().enumerate() {
        match score_one(dir, &config) {
            Ok(score) => scores.push(score),
            Err(error) => failures.push(CaseFailure {
                case: dir.clone(),
                error,
            }),
        }
        progress(done + 1, total);
    }
    Ok(BenchRun {
        report: BenchReport::new(config, scores),
        failures,
    })
}

fn score_one(dir: &Path, config: &ScoringConfig) -> Result<CaseScore, String> {
    let case = load_case(dir).map_err(|e| e.to_string())?;
    let analysis = analyze_case(&case).map_err(|e| e.to_string())?;
    let (steps, bouts) = detections(&analysis);
    Ok(score_case(&case, &steps, &bouts, config))
}
