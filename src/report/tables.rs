//! The output contract of `analyze`: `steps.csv`, `bouts.csv`, `summary.json`.
//! Empty cells for unknown values; files written atomically (temp + rename).

use crate::error::{Error, Result};
use crate::gait::analysis::{Analysis, AnalysisOptions, Bout, Direction, Step, Subject};
use crate::gait::energy::{gross_kcal, walking_met, DEFAULT_MASS_KG};
use crate::gait::turns::Turn;
use crate::io::Loaded;
use crate::recording::{Decision, DecisionSource, Format, StartTime};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `steps.csv` columns.
pub const STEPS_HEADER: &str =
    "time_s,bout,side,direction,step_time_s,step_length_m,speed_mps,confidence,direction_confidence,final_contact_s";
/// `bouts.csv` columns.
pub const BOUTS_HEADER: &str = "bout,start_s,end_s,duration_s,direction,direction_confidence,n_steps,cadence_spm,step_time_cv,step_length_m,stride_length_m,speed_mps,distance_m,signed_speed_mps,signed_distance_m,stride_time_s,stride_time_cv,step_time_asymmetry_pct";

fn cell(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => String::new(),
    }
}

/// Appends `value` with `decimals` places: the same text as
/// `format!("{value:.decimals$}")`, which spends most of `steps.csv`'s time.
///
/// Fast path: `value × 10^decimals` rounded to the nearest integer, then
/// printed as digits. The product carries a rounding error of at most
/// `|product| × ε`, so the fast path is taken only where that cannot move the
/// product across a half (the exact decimal expansion rounds the same way);
/// ties, zero, large and non-finite values go to the standard formatter.
fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    const SCALES: [u64; 5] = [1, 10, 100, 1_000, 10_000];
    if let Some(&scale) = SCALES.get(decimals) {
        let scaled = value.abs() * scale as f64;
        if scaled.is_finite() && scaled < 1e15 {
            let floor = scaled.floor();
            // Exact: floor and scaled are both multiples of scaled's ulp.
            let fraction = scaled - floor;
            let margin = scaled * f64::EPSILON;
            if (fraction - 0.5).abs() > margin {
                let units = floor as u64 + u64::from(fraction > 0.5);
                if units > 0 {
                    if value < 0.0 {
                        out.push('-');
                    }
                    let whole = units / scale;
                    let _ = write!(out, "{whole}");
                    if decimals > 0 {
                        let _ = write!(out, ".{:0decimals$}", units % scale);
                    }
                    return;
                }
            }
        }
    }
    let _ = write!(out, "{value:.decimals$}");
}

/// [`push_fixed`] of a present, finite value; nothing otherwise (as [`cell`]).
fn push_cell(out: &mut String, value: Option<f64>, decimals: usize) {
    if let Some(v) = value.filter(|v| v.is_finite()) {
        push_fixed(out, v, decimals);
    }
}

/// The rows of `steps.csv`.
pub fn steps_csv(steps: &[Step]) -> String {
    let mut out = String::with_capacity(64 * (steps.len() + 1));
    out.push_str(STEPS_HEADER);
    out.push('\n');
    for s in steps {
        push_fixed(&mut out, s.time_s, 3);
        // Writing to a String cannot fail.
        let _ = write!(out, ",{},{},{},", s.bout, s.side.name(), s.direction.name());
        push_cell(&mut out, s.step_time_s, 3);
        out.push(',');
        push_cell(&mut out, s.step_length_m, 3);
        out.push(',');
        push_cell(&mut out, s.speed_mps, 3);
        out.push(',');
        push_fixed(&mut out, s.confidence, 2);
        out.push(',');
        push_cell(&mut out, s.direction_confidence, 2);
        out.push(',');
        push_cell(&mut out, s.final_contact_s, 3);
        out.push('\n');
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
            "{},{:.3},{:.3},{:.3},{},{},{},{:.2},{},{},{},{},{},{},{},{},{},{}\n",
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
            cell(b.signed_speed_mps(), 3),
            cell(b.signed_distance_m(), 2),
            cell(b.stride_time_s, 3),
            cell(b.stride_time_cv, 4),
            cell(b.step_time_asymmetry_pct, 1),
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
    /// The body measures used (as given by options or case.json; `null` = not given).
    pub subject: Subject,
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
    /// Energy estimates (Compendium of Physical Activities; population values).
    pub energy: EnergySummary,
    /// Turns of at least 45° (needs a gyroscope).
    pub turns: Vec<Turn>,
    /// How the analysis was done (models, orientation source, what is missing and why).
    pub notes: Vec<String>,
    /// Reader and analysis warnings.
    pub warnings: Vec<String>,
    /// Reader decisions that were guesses (inferred from the data or defaults), e.g. units.
    pub reader_guesses: Vec<Decision>,
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

/// Energy of the walking: MET from direction and speed, gross kcal = MET × kg × h
/// (rule and sources in [`crate::gait::energy`]).
#[derive(Debug, Clone, Serialize)]
pub struct EnergySummary {
    /// Body mass used, kg.
    pub mass_kg: f64,
    /// `given` (option or case.json) or `default`.
    pub mass_source: &'static str,
    /// How MET and kcal were computed.
    pub method: String,
    /// Sum over the bouts with an estimate, kcal (`null` when none has one).
    pub total_kcal: Option<f64>,
    /// Bouts with an estimate (the others have no speed).
    pub bouts_estimated: usize,
    /// Forward bouts.
    pub forward: DirectionEnergy,
    /// Backward bouts.
    pub backward: DirectionEnergy,
    /// Bouts of unknown direction (forward values: a lower bound).
    pub unknown_direction: DirectionEnergy,
    /// Per bout, in `bouts.csv` order.
    pub bouts: Vec<BoutEnergy>,
}

/// Energy of one direction's bouts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DirectionEnergy {
    /// Duration of the bouts with an estimate, s.
    pub time_s: f64,
    /// Their MET, weighted by duration.
    pub met: Option<f64>,
    /// Their energy, kcal.
    pub kcal: Option<f64>,
}

/// Energy of one bout.
#[derive(Debug, Clone, Serialize)]
pub struct BoutEnergy {
    /// Bout number.
    pub bout: usize,
    /// MET, when the bout's speed is known.
    pub met: Option<f64>,
    /// Gross energy, kcal.
    pub kcal: Option<f64>,
    /// What the value rests on (or why there is none).
    pub basis: &'static str,
}

fn energy(analysis: &Analysis, subject: &Subject) -> EnergySummary {
    let (mass_kg, mass_source) = match subject.mass_kg.filter(|m| m.is_finite() && *m > 0.0) {
        Some(m) => (m, "given"),
        None => (DEFAULT_MASS_KG, "default"),
    };
    let bouts: Vec<BoutEnergy> = analysis
        .bouts
        .iter()
        .map(|b| match walking_met(b.direction, b.speed_mps) {
            Some((met, basis)) => BoutEnergy {
                bout: b.bout,
                met: Some(met),
                kcal: Some(gross_kcal(met, mass_kg, b.duration_s)),
                basis,
            },
            None => BoutEnergy {
                bout: b.bout,
                met: None,
                kcal: None,
                basis: "speed unknown: not estimated",
            },
        })
        .collect();
    let per_direction = |direction: Direction| {
        let mut block = DirectionEnergy::default();
        let (mut met_time, mut kcal) = (0.0, 0.0);
        for (bout, e) in analysis.bouts.iter().zip(&bouts) {
            if let (true, Some(met), Some(k)) = (bout.direction == direction, e.met, e.kcal) {
                block.time_s += bout.duration_s;
                met_time += met * bout.duration_s;
                kcal += k;
            }
        }
        if block.time_s > 0.0 {
            block.met = Some(met_time / block.time_s);
            block.kcal = Some(kcal);
        }
        block
    };
    let estimated: Vec<f64> = bouts.iter().filter_map(|b| b.kcal).collect();
    EnergySummary {
        mass_kg,
        mass_source,
        method: "MET from the Compendium of Physical Activities (Ainsworth et al. 2011): forward = level walking values interpolated in speed (17151 < 2 mph 2.0; 17152 2.0 mph 2.8; 17170 2.5 mph 3.0; 17190 3.0 mph 3.5; 17200 3.5 mph 4.3; 17220 4.0 mph 5.0; 17230 4.5 mph 7.0; 17231 5.0 mph 8.3, held above); backward = forward value at the same speed x 6.0/4.3 (17320 walking backwards 3.5 mph 6.0 vs 17200); unknown direction = forward value; unknown speed = no estimate. kcal = MET x body mass (kg) x duration (h), gross.".into(),
        total_kcal: (!estimated.is_empty()).then(|| estimated.iter().sum()),
        bouts_estimated: estimated.len(),
        forward: per_direction(Direction::Forward),
        backward: per_direction(Direction::Backward),
        unknown_direction: per_direction(Direction::Unknown),
        bouts,
    }
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
    /// How forward/backward was decided: `mounting known …`, `mounting unknown,
    /// inferred from the signals …` (cue or facing classifier), or `mounting
    /// unknown and not inferable …` (directions stay unknown).
    pub direction_source: String,
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
    /// Net displacement along the body's facing, m: forward minus backward
    /// distance (the sum of the bouts' signed distances). Bouts of unknown
    /// direction are left out (their distance is in `unknown_direction`);
    /// `null` when no bout of known direction has a distance.
    pub net_distance_m: Option<f64>,
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
    /// Median over bouts of the stride-time coefficient of variation.
    pub stride_time_cv_median: Option<f64>,
    /// Median over bouts of the left/right step-time asymmetry, % (bouts
    /// whose sides are known; see `bouts.csv`).
    pub step_time_asymmetry_pct_median: Option<f64>,
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
        stride_time_cv_median: median_of(analysis.bouts.iter().filter_map(|b| b.stride_time_cv)),
        step_time_asymmetry_pct_median: median_of(
            analysis
                .bouts
                .iter()
                .filter_map(|b| b.step_time_asymmetry_pct),
        ),
    }
}

/// The median (upper of the two middle values, as `interval_cv_median`).
fn median_of(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut sorted: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

fn sha256_of(path: &Path) -> Option<String> {
    crate::io::source::file_sha256(path)
        .ok()
        .map(|(_, hash)| hash)
}

/// What the summary says about the recording read (whole, or window by window).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingInfo {
    /// Files read.
    pub sources: Vec<PathBuf>,
    /// SHA-256 of the files that were hashed while being read.
    pub source_sha256: Vec<(PathBuf, String)>,
    /// Detected format.
    pub format: Format,
    /// First to last sample, s.
    pub duration_s: f64,
    /// Absolute start, when known.
    pub start_time: Option<StartTime>,
    /// The reader's warnings.
    pub warnings: Vec<String>,
    /// The reader's decisions that were inferred or defaulted (not stated by the file or the user).
    pub guesses: Vec<Decision>,
}

impl RecordingInfo {
    /// The facts of a recording read whole.
    pub fn of(loaded: &Loaded) -> RecordingInfo {
        let recording = &loaded.recording;
        RecordingInfo {
            sources: recording.sources.clone(),
            source_sha256: recording.source_sha256.clone(),
            format: loaded.detection.format,
            duration_s: recording.duration_s(),
            start_time: recording.start_time,
            warnings: recording.provenance.warnings.clone(),
            guesses: recording
                .provenance
                .decisions
                .iter()
                .filter(|d| matches!(d.source, DecisionSource::Inferred | DecisionSource::Default))
                .cloned()
                .collect(),
        }
    }
}

/// Builds the summary.
pub fn summary(
    recording: &RecordingInfo,
    analysis: &Analysis,
    options: &AnalysisOptions,
    placement_source: &'static str,
) -> Summary {
    let inputs = recording
        .sources
        .iter()
        .map(|path| InputFile {
            path: path.display().to_string(),
            sha256: recording
                .source_sha256
                .iter()
                .find(|(hashed, _)| hashed == path)
                .map(|(_, hash)| hash.clone())
                .or_else(|| sha256_of(path)),
        })
        .collect();
    let distances: Vec<f64> = analysis.bouts.iter().filter_map(|b| b.distance_m).collect();
    Summary {
        version: env!("CARGO_PKG_VERSION"),
        inputs,
        format: recording.format.id(),
        recording: RecordingSummary {
            duration_s: recording.duration_s,
            rate_hz: options.grid.rate_hz,
            placement: analysis.placement.map(|p| p.id()),
            placement_source: match options.placement {
                Some(_) => placement_source.to_string(),
                None => analysis.placement_source.clone(),
            },
            direction_source: analysis.direction_source.clone(),
            start_time: recording.start_time.map(|s| s.to_rfc3339()),
        },
        subject: options.subject,
        walking: WalkingTotals {
            time_s: analysis
                .bouts
                .iter()
                .map(|b| b.duration_s)
                .fold(0.0, |a, b| a + b),
            steps: analysis.steps.len() * steps_per_contact(analysis),
            bouts: analysis.bouts.len(),
            distance_m: (!distances.is_empty()).then(|| distances.iter().fold(0.0, |a, b| a + b)),
            net_distance_m: analysis
                .bouts
                .iter()
                .filter_map(Bout::signed_distance_m)
                .fold(None, |sum, d| Some(sum.unwrap_or(0.0) + d)),
            no_walking: analysis.bouts.is_empty(),
        },
        forward: block(analysis, Direction::Forward),
        backward: block(analysis, Direction::Backward),
        unknown_direction: block(analysis, Direction::Unknown),
        gait_quality: gait_quality(analysis),
        energy: energy(analysis, &options.subject),
        turns: analysis.turns.clone(),
        notes: analysis.notes.clone(),
        warnings: recording.warnings.clone(),
        reader_guesses: recording.guesses.clone(),
        tests: None,
    }
}

/// Writes `contents` to `path` atomically: a temporary file beside it, flushed
/// to the disk, then a rename, so an interrupted run (even a power cut) never
/// leaves a half-written file that looks valid.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, contents, Durability::Synced)
}

/// Whether [`write_outputs_with`] waits for each file to reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Each file is flushed (`fsync`) before its rename: the default.
    Synced,
    /// Renamed without waiting for the disk: an interrupted process still
    /// leaves no half-written file, but a power cut may leave a renamed file
    /// empty or short. For `batch`, whose `run.json` (synced) records every
    /// output's size and a resumed run redoes a recording whose sizes differ;
    /// one `fsync` per output kept two workers from overlapping their work
    /// (2 workers over 1: 1.58× with, 1.95× without).
    Unsynced,
}

/// [`write_atomic`] with a choice of [`Durability`].
pub fn write_atomic_with(path: &Path, contents: &[u8], durability: Durability) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents)?;
        if durability == Durability::Synced {
            file.sync_all()?;
        }
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(path, e)
    })
}

/// Writes the outputs into `dir` (created if needed): `steps.csv`,
/// `bouts.csv`, the plots (`plots/NAME.svg` and `.png`), `report.html`, and
/// `summary.json` last. Refuses to overwrite an existing `summary.json` unless `force`.
pub fn write_outputs(
    dir: &Path,
    analysis: &Analysis,
    summary: &Summary,
    force: bool,
) -> Result<Vec<PathBuf>> {
    write_outputs_with(dir, analysis, summary, force, Durability::Synced)
}

/// [`write_outputs`] with a choice of [`Durability`].
pub fn write_outputs_with(
    dir: &Path,
    analysis: &Analysis,
    summary: &Summary,
    force: bool,
    durability: Durability,
) -> Result<Vec<PathBuf>> {
    let write_atomic = |path: &Path, contents: &[u8]| write_atomic_with(path, contents, durability);
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
    let mut written = vec![steps_path, bouts_path];
    let plots = crate::report::plots::session_plots(analysis, summary.recording.duration_s);
    let plots_dir = dir.join("plots");
    std::fs::create_dir_all(&plots_dir).map_err(|e| Error::io(&plots_dir, e))?;
    // A plot an earlier run made but this one has no data for must not linger.
    for name in crate::report::plots::PLOT_NAMES {
        if !plots.iter().any(|p| p.name == name) {
            for extension in ["svg", "png"] {
                let stale = plots_dir.join(format!("{name}.{extension}"));
                if stale.exists() {
                    std::fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
                }
            }
        }
    }
    for plot in &plots {
        for (extension, bytes) in [("svg", plot.svg.as_bytes()), ("png", plot.png.as_slice())] {
            let path = plots_dir.join(format!("{}.{extension}", plot.name));
            write_atomic(&path, bytes)?;
            written.push(path);
        }
    }
    let report_path = dir.join("report.html");
    let html = crate::report::html::report_html(summary, analysis, &plots);
    write_atomic(&report_path, html.as_bytes())?;
    written.push(report_path);
    let json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Error::data(&summary_path, e.to_string()))?;
    // The summary goes last: its presence marks a complete output.
    write_atomic(&summary_path, &json)?;
    written.push(summary_path);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gait::analysis::Side;

    /// `push_fixed` against the standard formatter.
    fn check_fixed(value: f64, decimals: usize) {
        let mut fast = String::new();
        push_fixed(&mut fast, value, decimals);
        assert_eq!(fast, format!("{value:.decimals$}"), "{value:e} .{decimals}");
    }

    #[test]
    fn fixed_decimals_match_the_standard_formatter() {
        // A deterministic spread of magnitudes and signs (xorshift).
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let bits = next();
            let mantissa = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (bits % 40) as i32 - 20;
            let sign = if bits & 1024 == 0 { 1.0 } else { -1.0 };
            let value = sign * mantissa * 10f64.powi(exponent);
            check_fixed(value, (bits % 5) as usize);
        }
        // Halves and their neighbours (ties and near-ties), and special values.
        for decimals in 0..5 {
            let scale = 10f64.powi(decimals as i32);
            for k in 0..20_000u32 {
                let half = (f64::from(k) + 0.5) / scale;
                for v in [
                    half,
                    half.next_up(),
                    half.next_down(),
                    -half,
                    -half.next_up(),
                ] {
                    check_fixed(v, decimals);
                }
            }
            for v in [
                0.0,
                -0.0,
                1e-300,
                -1e-9,
                1e14,
                1e15,
                9.9995e14,
                1e300,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MAX,
                f64::MIN_POSITIVE,
            ] {
                check_fixed(v, decimals);
            }
        }
        check_fixed(1.5, 7);
    }

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
            final_contact_s: Some(1.9),
        }];
        assert_eq!(
            steps_csv(&steps),
            format!("{STEPS_HEADER}\n1.235,1,unknown,unknown,,0.700,,0.50,,1.900\n")
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
