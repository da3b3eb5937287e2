//! Benchmark scoring: read the benchmark cases in `shared/datasets`, score what the
//! analysis detected against their references, aggregate per dataset and placement,
//! render Markdown/JSON and gate on thresholds.
//!
//! Flow: [`discover_cases`] → [`load_case`] → (the analysis produces
//! [`DetectedStep`]s and [`DetectedBout`]s) → [`score_case`] → [`BenchReport::new`] →
//! [`BenchReport::to_markdown`] / [`BenchReport::to_json`] → [`check_thresholds`].
//!
//! The scoring rules (matching, scoring region, cadence rule, stride-length rule,
//! direction metrics) are documented in [`score`]; the optimal 1-D matching in
//! [`matching`]; the statistics in [`stats`].

pub mod aggregate;
pub mod case;
pub mod error;
pub mod matching;
pub mod plots;
pub mod run;
pub mod score;
pub mod stats;
pub mod thresholds;

#[cfg(test)]
pub(crate) mod dataset_tests;

use serde::{Deserialize, Serialize};

pub use aggregate::{BenchReport, GroupSummary};
pub use case::{
    discover_cases, load_case, reference_quality, BoutDirection, Case, EventKind, Reference,
    ReferenceBout, ReferenceEvent, ReferenceStride, ReferenceTurn, Subject,
};
pub use error::BenchError;
pub use matching::{match_events, MatchedPair};
pub use score::{
    score_case, BoutScore, CadenceSource, CaseScore, DirectionChangeScore, DirectionScore,
    IcMetrics, ScoringConfig, StepCountScore,
};
pub use stats::{Agreement, TimingSummary};
pub use thresholds::{
    check_thresholds, threshold_results_markdown, BoundKind, MetricDef, ThresholdResult, METRICS,
};

/// The analysis's side and direction types are the benchmark's too.
pub use crate::gait::analysis::{Direction, Side};

/// One step (initial contact) found by the analysis: the contract between the analysis
/// and the benchmark.
///
/// `step_length_m` is a *step* length (distance advanced per step, about half a stride)
/// for every placement, foot sensors included: a foot-sensor analysis that measures the
/// foot's displacement between its own consecutive contacts (a stride) reports half of
/// it here. The benchmark's bout stride length is 2 × the mean step length.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DetectedStep {
    /// Time of the initial contact, seconds on the case's time base (see the datasets README).
    pub time_s: f64,
    /// Foot that made the contact, if known.
    pub side: Side,
    /// Walking direction of this step.
    pub direction: Direction,
    /// Step length in metres, if estimated.
    pub step_length_m: Option<f64>,
    /// Walking speed in m/s around this step, if estimated.
    pub speed_mps: Option<f64>,
    /// The final contact ending the stance this contact began, seconds, where
    /// the analysis finds one (foot and lower-back sensors).
    #[serde(default)]
    pub final_contact_s: Option<f64>,
}

/// One walking bout found by the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DetectedBout {
    /// Bout start, seconds.
    pub start_s: f64,
    /// Bout end, seconds.
    pub end_s: f64,
    /// Walking direction of the whole bout.
    pub direction: Direction,
}
