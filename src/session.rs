//! One recording's whole job — read, analyse, summarise, write — as the
//! `analyze` command does it. `batch`, `demo` and the bench build on this so
//! every entry point gives the same results for the same input and options.

use crate::error::Result;
use crate::gait::analysis::{analyze, Analysis, AnalysisOptions, Placement, Subject};
use crate::io::ReadOptions;
use crate::report::tables::{summary, write_outputs, Summary};
use std::path::{Path, PathBuf};

/// Everything that decides a session's results, apart from the input files.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SessionOptions {
    /// How to read the input.
    pub read: ReadOptions,
    /// How to analyse it.
    pub analysis: AnalysisOptions,
    /// Where `analysis.placement` came from (`--placement`, `case.json`), for the summary.
    pub placement_source: Option<&'static str>,
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
}

/// Reads and analyses one recording (files, folder or zip of one recording).
pub fn analyze_inputs(inputs: &[PathBuf], options: &SessionOptions) -> Result<Session> {
    let loaded = crate::io::read(inputs, &options.read)?;
    let analysis = analyze(&loaded.recording, &options.analysis)?;
    let summary = summary(
        &loaded,
        &analysis,
        &options.analysis,
        options.placement_source.unwrap_or("unknown"),
    );
    Ok(Session { analysis, summary })
}

impl Session {
    /// Writes the outputs into `dir` (refusing to overwrite results unless
    /// `force`); returns the files written.
    pub fn write(&self, dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
        write_outputs(dir, &self.analysis, &self.summary, force)
    }
}
