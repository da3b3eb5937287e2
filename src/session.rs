//! One recording's whole job — read, analyse, summarise, write — as the
//! `analyze` command does it. `batch`, `demo` and the bench build on this so
//! every entry point gives the same results for the same input and options.

use crate::error::Result;
use crate::gait::analysis::{
    analyze, analyze_owned, Analysis, AnalysisOptions, Placement, Subject,
};
use crate::gait::three_metre::{self, Trial};
use crate::gait::windows::{choose_cut, JoinedAnalysis};
use crate::io::chunks::{ChunkedReader, WINDOWED_MIN_BYTES};
use crate::io::ReadOptions;
use crate::report::tables::{
    summary, write_atomic_with, write_outputs_with, ClinicalTests, Durability, RecordingInfo,
    Summary,
};
use std::path::{Path, PathBuf};

/// A clinical test the recording holds (`--test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClinicalTest {
    /// The 3-metre backward walk (`3mbw`): see [`crate::gait::three_metre`].
    ThreeMetreBackwardWalk,
}

impl ClinicalTest {
    /// Parses the identifier used by `--test` (`3mbw`).
    pub fn from_id(text: &str) -> Option<ClinicalTest> {
        match text.trim().to_ascii_lowercase().as_str() {
            "3mbw" => Some(ClinicalTest::ThreeMetreBackwardWalk),
            _ => None,
        }
    }
}

/// Everything that decides a session's results, apart from the input files.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SessionOptions {
    /// How to read the input.
    pub read: ReadOptions,
    /// How to analyse it.
    pub analysis: AnalysisOptions,
    /// Where `analysis.placement` came from (`--placement`, `case.json`), for the summary.
    pub placement_source: Option<&'static str>,
    /// A clinical test the recording holds (`--test`), scored on top of the analysis.
    pub test: Option<ClinicalTest>,
}

impl SessionOptions {
    /// Fills what a benchmark case folder's `case.json` gives (placement, rate,
    /// subject, forward axis) where `self` has nothing; returns the case's inputs.
    pub fn merge_case(
        &mut self,
        case_dir: &Path,
    ) -> std::result::Result<Vec<PathBuf>, crate::bench::BenchError> {
        let case = crate::bench::load_case(case_dir)?;
        let (case_read, case_options) = crate::bench::run::case_options(&case);
        self.read.rate_hz = self.read.rate_hz.or(case_read.rate_hz);
        self.analysis.subject = case_options.subject.merged_under(self.analysis.subject);
        if self.analysis.placement.is_none() && case_options.placement.is_some() {
            self.analysis.placement = case_options.placement;
            self.placement_source = Some("case.json");
        }
        self.analysis.forward_axis = self.analysis.forward_axis.or(case_options.forward_axis);
        Ok(case.inputs)
    }

    /// Sets the placement given on the command line.
    pub fn with_placement(mut self, placement: Option<Placement>, source: &'static str) -> Self {
        if placement.is_some() {
            self.analysis.placement = placement;
            self.placement_source = Some(source);
        }
        self
    }

    /// Sets the subject's measures.
    pub fn with_subject(mut self, subject: Subject) -> Self {
        self.analysis.subject = subject;
        self
    }
}

/// The results of one session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Per-step and per-bout results.
    pub analysis: Analysis,
    /// The summary (what `summary.json` holds).
    pub summary: Summary,
    /// The 3-metre backward walk trials, when `--test 3mbw` was asked for.
    pub three_metre_trials: Option<Vec<Trial>>,
}

/// Rows per window when a long file is read in windows (1 h at 100 Hz):
/// bounds the memory of reading and analysis whatever the file's length.
pub const WINDOW_ROWS: u64 = 360_000;

/// Signal read again before each cut, s: filters, orientation and bout
/// assembly settle well within it.
pub const WINDOW_CONTEXT_S: f64 = 60.0;

/// Most reader warnings a summary lists from later windows of a long file.
const MAX_WARNINGS: usize = 50;

/// How far a session has got (bytes of input read, of the total).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Input bytes processed.
    pub done_bytes: u64,
    /// Input bytes in all.
    pub total_bytes: u64,
}

/// Reads and analyses one recording (files, folder or zip of one recording).
pub fn analyze_inputs(inputs: &[PathBuf], options: &SessionOptions) -> Result<Session> {
    analyze_inputs_with_progress(inputs, options, &mut |_| {})
}

/// [`analyze_inputs`], reporting progress on long files. A long single-table
/// file ([`WINDOWED_MIN_BYTES`] or more) is read and analysed in windows of
/// [`WINDOW_ROWS`] rows, so memory stays bounded (see `gait::windows`).
pub fn analyze_inputs_with_progress(
    inputs: &[PathBuf],
    options: &SessionOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Session> {
    // A clinical test is a few minutes long and timed on the whole signal.
    let mut read_whole_because = None;
    if options.test.is_none() {
        if let Some(reader) =
            ChunkedReader::open(inputs, &options.read, WINDOW_ROWS, WINDOWED_MIN_BYTES)?
        {
            match analyze_windows(reader, options, progress)? {
                Some(session) => return Ok(session),
                None => read_whole_because = Some(CLOCK_STEPS_BACK_NOTE),
            }
        }
    }
    let loaded = crate::io::read(inputs, &options.read)?;
    let info = RecordingInfo::of(&loaded);
    let (mut analysis, prepared) = match options.test {
        // The trials are timed on the signal (movement onset and stop), on the same grid.
        Some(ClinicalTest::ThreeMetreBackwardWalk) => (
            analyze(&loaded.recording, &options.analysis)?,
            Some(crate::prepare::prepare(
                &loaded.recording,
                &options.analysis.grid,
            )?),
        ),
        // The raw streams are freed once on the grid.
        None => (analyze_owned(loaded.recording, &options.analysis)?, None),
    };
    if let Some(note) = read_whole_because {
        analysis.notes.push(note.to_string());
    }
    let mut summary = summary(
        &info,
        &analysis,
        &options.analysis,
        options.placement_source.unwrap_or("unknown"),
    );
    let three_metre_trials = prepared.map(|prepared| {
        let trials = three_metre::three_metre_trials(&analysis, &prepared);
        summary.tests = Some(ClinicalTests {
            three_metre_backward_walk: three_metre::summary_block(trials.clone()),
        });
        trials
    });
    Ok(Session {
        analysis,
        summary,
        three_metre_trials,
    })
}

/// Why a long file was read whole after all.
pub const CLOCK_STEPS_BACK_NOTE: &str = "long recording read whole, not in windows: its clock steps back (a reset, or rows out of order), which only a whole read can re-time like a short file; memory grows with the file's length";

/// Analyses a long file window by window and joins the results; `None` when
/// the file's clock steps back ([`ChunkedReader::clock_steps_back`]): read it
/// whole then.
pub fn analyze_windows(
    mut reader: ChunkedReader,
    options: &SessionOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Option<Session>> {
    let total_bytes = reader.file_len();
    let mut analysis_options = options.analysis;
    let mut joined = JoinedAnalysis::default();
    let mut info: Option<RecordingInfo> = None;
    let mut from_s = f64::NEG_INFINITY;
    let mut windows = 0usize;
    let mut dropped_warnings = 0usize;
    while let Some(loaded) = reader.next_window()? {
        if reader.clock_steps_back() {
            return Ok(None);
        }
        windows += 1;
        let window_start = loaded.recording.accelerometer.first_time().unwrap_or(0.0);
        let window_end = loaded.recording.duration_s();
        let window_info = RecordingInfo::of(&loaded);
        // The raw streams are freed once on the grid.
        let analysis = analyze_owned(loaded.recording, &analysis_options)?;
        match &mut info {
            None => {
                info = Some(window_info);
                // The first window decides the placement for all (detection needs walking
                // to be sure; a later window must not silently analyse differently).
                analysis_options.placement = analysis.placement;
            }
            Some(info) => {
                info.duration_s = info.duration_s.max(window_end);
                for warning in window_info.warnings {
                    if info.warnings.contains(&warning) {
                        continue;
                    }
                    if info.warnings.len() < MAX_WARNINGS {
                        info.warnings.push(warning);
                    } else {
                        dropped_warnings += 1;
                    }
                }
            }
        }
        let steps_per_contact = if analysis.placement.is_some_and(|p| p.is_foot()) {
            2.0
        } else {
            1.0
        };
        let to_s = if reader.is_done() {
            f64::INFINITY
        } else {
            choose_cut(&analysis.bouts, window_start, window_end).0
        };
        joined.push(analysis, from_s, to_s, steps_per_contact);
        progress(Progress {
            done_bytes: if reader.is_done() {
                total_bytes
            } else {
                reader.position()
            },
            total_bytes,
        });
        if !reader.is_done() {
            reader.resume_from(to_s - WINDOW_CONTEXT_S);
            from_s = to_s;
        }
    }
    let (Some(mut info), Some(mut analysis)) = (info, joined.analysis) else {
        return Err(crate::Error::data(
            reader.path(),
            "the file has no data rows",
        ));
    };
    if dropped_warnings > 0 {
        info.warnings.push(format!(
            "{dropped_warnings} more reader warnings from later parts of the file are not listed"
        ));
    }
    analysis.notes.push(format!(
        "long recording: read and analysed in {windows} windows of at most {} rows (bounded memory), each starting {WINDOW_CONTEXT_S} s before the previous one's results end",
        reader.rows_per_window()
    ));
    if !joined.split_at.is_empty() {
        analysis.notes.push(format!(
            "{} bout(s) were cut in two where windows meet, because walking did not pause in the second half of a window (at s: {})",
            joined.split_at.len(),
            joined
                .split_at
                .iter()
                .map(|t| format!("{t:.1}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // The options as given: a placement pinned from the first window's detection
    // keeps its "detected" source in the summary.
    let summary = summary(
        &info,
        &analysis,
        &options.analysis,
        options.placement_source.unwrap_or("unknown"),
    );
    Ok(Some(Session {
        analysis,
        summary,
        three_metre_trials: None,
    }))
}

impl Session {
    /// Writes the outputs into `dir` (refusing to overwrite results unless
    /// `force`); returns the files written.
    pub fn write(&self, dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
        self.write_with(dir, force, Durability::Synced)
    }

    /// [`Session::write`] with a choice of [`Durability`] (`batch` records
    /// the sizes instead of waiting for the disk).
    pub fn write_with(
        &self,
        dir: &Path,
        force: bool,
        durability: Durability,
    ) -> Result<Vec<PathBuf>> {
        // 3mbw.csv goes before the summary, whose presence marks a complete output;
        // an existing result without --force is refused by write_outputs untouched.
        let mut extra = Vec::new();
        if let Some(trials) = &self.three_metre_trials {
            let refused = dir.join("summary.json").exists() && !force;
            if !refused {
                std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io(dir, e))?;
                let path = dir.join("3mbw.csv");
                write_atomic_with(&path, three_metre::csv(trials).as_bytes(), durability)?;
                extra.push(path);
            }
        }
        let mut written =
            write_outputs_with(dir, &self.analysis, &self.summary, force, durability)?;
        written.extend(extra);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{parse_pattern, write_case, SimOptions};

    /// A clock that restarts inside the file: the windows give way to a whole
    /// read (`None`), whose times follow on after the reset.
    #[test]
    fn a_clock_reset_stops_the_windowed_analysis() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("reset.csv");
        let mut text = String::from("time_s,acc_x,acc_y,acc_z\n");
        for i in 0..5_000usize {
            let t = if i < 2_500 { i } else { i - 2_500 } as f64 / 100.0;
            text.push_str(&format!("{t:.2},0.1,0.2,9.8\n"));
        }
        std::fs::write(&csv, text).unwrap();
        let options = SessionOptions::default();
        let inputs = vec![csv];
        let reader = ChunkedReader::open(&inputs, &options.read, 1_000, 0)
            .unwrap()
            .unwrap();
        assert!(analyze_windows(reader, &options, &mut |_| {})
            .unwrap()
            .is_none());
    }

    /// A long walk analysed in short windows gives the whole analysis' results.
    #[test]
    fn windows_give_the_whole_analysis() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("walk.csv");
        let sim = SimOptions {
            pattern: parse_pattern("F200,S20,B100,S8,F150,S40,F200,S30,B120,S100,F90").unwrap(),
            rate_hz: 100.0,
            seed: 5,
            standing_s: 5.0,
            upright: false,
        };
        write_case(&sim, &csv).unwrap();
        let mut options = SessionOptions::default();
        let inputs = options.merge_case(dir.path()).unwrap();
        let inputs: Vec<PathBuf> = inputs.iter().map(|p| dir.path().join(p)).collect();
        let whole = analyze_inputs(&inputs, &options).unwrap();
        // Windows of 10 min: every cut finds a pause, results equal the whole analysis.
        let reader = ChunkedReader::open(&inputs, &options.read, 60_000, 0)
            .unwrap()
            .unwrap();
        let windowed = analyze_windows(reader, &options, &mut |_| {})
            .unwrap()
            .unwrap();
        let (a, b) = (&whole.analysis, &windowed.analysis);
        assert!(
            b.notes.iter().any(|n| n.contains("windows")),
            "{:?}",
            b.notes
        );
        assert!(
            !b.notes.iter().any(|n| n.contains("cut in two")),
            "{:?}",
            b.notes
        );
        assert_eq!(a.bouts.len(), b.bouts.len());
        for (x, y) in a.bouts.iter().zip(&b.bouts) {
            assert_eq!(x.n_steps, y.n_steps);
            assert!((x.start_s - y.start_s).abs() < 1e-6 && (x.end_s - y.end_s).abs() < 1e-6);
            assert_eq!(x.direction, y.direction);
            assert!((x.cadence_spm - y.cadence_spm).abs() < 1e-6);
            assert_eq!(x.distance_m.is_some(), y.distance_m.is_some());
            assert!((x.distance_m.unwrap_or(0.0) - y.distance_m.unwrap_or(0.0)).abs() < 1e-3);
        }
        assert_eq!(a.steps.len(), b.steps.len());
        for (x, y) in a.steps.iter().zip(&b.steps) {
            assert!(
                (x.time_s - y.time_s).abs() < 1e-6,
                "{} vs {}",
                x.time_s,
                y.time_s
            );
        }
        assert_eq!(whole.summary.walking.steps, windowed.summary.walking.steps);
        // The report's traces join too: same envelope bins, same values.
        assert_eq!(a.traces.envelope.len(), b.traces.envelope.len());
        for (x, y) in a.traces.envelope.iter().zip(&b.traces.envelope) {
            assert_eq!(x.bin, y.bin);
            assert!((x.min - y.min).abs() < 1e-4 && (x.max - y.max).abs() < 1e-4);
        }
        assert!(
            (whole.summary.recording.duration_s - windowed.summary.recording.duration_s).abs()
                < 1e-9
        );
        // Windows of 3 min are shorter than the bouts: bouts are cut, no step is lost or doubled.
        let reader = ChunkedReader::open(&inputs, &options.read, 18_000, 0)
            .unwrap()
            .unwrap();
        let short = analyze_windows(reader, &options, &mut |_| {})
            .unwrap()
            .unwrap();
        assert!(short
            .analysis
            .notes
            .iter()
            .any(|n| n.contains("cut in two")));
        let cuts = short.analysis.bouts.len() - a.bouts.len();
        let lost = a.steps.len() - short.analysis.steps.len();
        assert!(lost <= cuts, "{lost} steps lost at {cuts} cuts");
        let times: Vec<f64> = short.analysis.steps.iter().map(|s| s.time_s).collect();
        assert!(
            times.windows(2).all(|w| w[1] > w[0]),
            "steps out of order or doubled"
        );
    }
}
