//! One recording's whole job — read, analyse, summarise, write — as the
//! `analyze` command does it. `batch`, `demo` and the bench build on this so
//! every entry point gives the same results for the same input and options.

use crate::error::Result;
use crate::gait::analysis::{analyze, Analysis, AnalysisOptions, Placement, Subject};
use crate::gait::three_metre::{self, Trial};
use crate::io::ReadOptions;
use crate::report::tables::{summary, write_atomic, write_outputs, ClinicalTests, Summary};
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

/// Reads and analyses one recording (files, folder or zip of one recording).
pub fn analyze_inputs(inputs: &[PathBuf], options: &SessionOptions) -> Result<Session> {
    let loaded = crate::io::read(inputs, &options.read)?;
    let analysis = analyze(&loaded.recording, &options.analysis)?;
    let mut summary = summary(
        &loaded,
        &analysis,
        &options.analysis,
        options.placement_source.unwrap_or("unknown"),
    );
    let three_metre_trials = match options.test {
        Some(ClinicalTest::ThreeMetreBackwardWalk) => {
            // The trials are timed on the signal (movement onset and stop), on the same grid.
            let prepared = crate::prepare::prepare(&loaded.recording, &options.analysis.grid)?;
            let trials = three_metre::three_metre_trials(&analysis, &prepared);
            summary.tests = Some(ClinicalTests {
                three_metre_backward_walk: three_metre::summary_block(trials.clone()),
            });
            Some(trials)
        }
        None => None,
    };
    Ok(Session {
        analysis,
        summary,
        three_metre_trials,
    })
}

impl Session {
    /// Writes the outputs into `dir` (refusing to overwrite results unless
    /// `force`); returns the files written.
    pub fn write(&self, dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
        // 3mbw.csv goes before the summary, whose presence marks a complete output;
        // an existing result without --force is refused by write_outputs untouched.
        let mut extra = Vec::new();
        if let Some(trials) = &self.three_metre_trials {
            let refused = dir.join("summary.json").exists() && !force;
            if !refused {
                std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io(dir, e))?;
                let path = dir.join("3mbw.csv");
                write_atomic(&path, three_metre::csv(trials).as_bytes())?;
                extra.push(path);
            }
        }
        let mut written = write_outputs(dir, &self.analysis, &self.summary, force)?;
        written.extend(extra);
        Ok(written)
    }
}
