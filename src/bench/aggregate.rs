//! Aggregation of case scores per dataset, per placement and overall, and the report
//! (Markdown and JSON).
//!
//! Aggregation rules: IC counts are summed before precision/recall/F1 are computed;
//! timing statistics pool every true positive; step-count statistics are over cases
//! (median and worst of |error %|); cadence/stride/speed agreement pools every bout;
//! direction accuracies are pooled ratios; the change error median pools every change.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::error::BenchError;
use super::score::{CaseScore, IcMetrics, ScoringConfig};
use super::stats::{mean, median, Agreement, TimingSummary};

/// Name used for the group of all datasets.
pub const ALL_DATASETS: &str = "all";

/// Aggregated scores of a group of cases (a dataset, a dataset × placement, or all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// Dataset name, or [`ALL_DATASETS`].
    pub dataset: String,
    /// Placement, or `None` for all placements of the dataset.
    pub placement: Option<String>,
    /// Cases in the group.
    pub n_cases: usize,
    /// Initial-contact metrics from the summed counts.
    pub ic: IcMetrics,
    /// Cases whose reference is trusted (`clean`, `minor` or ungraded).
    pub n_cases_trusted: usize,
    /// Initial-contact metrics over the trusted cases only.
    pub ic_trusted: IcMetrics,
    /// Timing errors of all true positives pooled.
    pub timing: Option<TimingSummary>,
    /// Cases with a step-count error (reference contacts present).
    pub n_cases_step_count: usize,
    /// Median over cases of |step count error %|.
    pub step_count_error_pct_median: Option<f64>,
    /// Mean over cases of the signed step count error %.
    pub step_count_error_pct_mean: Option<f64>,
    /// Largest |step count error %| over cases.
    pub step_count_error_pct_worst: Option<f64>,
    /// Largest |step count error %| over trusted cases.
    pub step_count_error_pct_worst_clean: Option<f64>,
    /// Cadence agreement over bouts, steps/min.
    pub cadence_spm: Option<Agreement>,
    /// Stride length agreement over bouts, metres.
    pub stride_length_m: Option<Agreement>,
    /// Speed agreement over bouts, m/s.
    pub speed_mps: Option<Agreement>,
    /// True-positive steps inside forward/backward bouts.
    pub direction_steps_scored: usize,
    /// Fraction of those with the right direction.
    pub direction_step_accuracy: Option<f64>,
    /// Forward/backward reference bouts.
    pub direction_bouts_scored: usize,
    /// Fraction of those whose majority detected direction is right.
    pub direction_bout_accuracy: Option<f64>,
    /// Reference direction changes.
    pub direction_changes: usize,
    /// Reference changes for which the detections never change direction.
    pub direction_changes_missed: usize,
    /// Median change error over all changes with a detected change, seconds.
    pub direction_change_error_median_s: Option<f64>,
    /// Median change error in reference steps.
    pub direction_change_error_median_steps: Option<f64>,
    /// IC metrics inside forward reference bouts.
    pub ic_forward: IcMetrics,
    /// IC metrics inside backward reference bouts.
    pub ic_backward: IcMetrics,
    /// True positives with a known reference side and a detected left/right
    /// (trunk placements; feet are left out).
    #[serde(default)]
    pub side_steps_scored: usize,
    /// Fraction of those with the reference's side.
    #[serde(default)]
    pub side_accuracy: Option<f64>,
    /// True positives with a known reference side left `unknown`.
    #[serde(default)]
    pub side_steps_unknown: usize,
    /// Cases whose final contacts were scored (the analysis reports them and
    /// the reference lists them).
    #[serde(default)]
    pub n_cases_final_contacts: usize,
    /// Final-contact metrics from the summed counts of those cases.
    #[serde(default)]
    pub final_contacts: IcMetrics,
    /// Timing errors of all matched final contacts pooled.
    #[serde(default)]
    pub final_contact_timing: Option<TimingSummary>,
}

impl GroupSummary {
    /// Aggregates the given cases under a dataset name and placement.
    pub fn from_cases(dataset: &str, placement: Option<&str>, cases: &[&CaseScore]) -> Self {
        let sum_ic = |select: &dyn Fn(&CaseScore) -> IcMetrics,
                      keep: &dyn Fn(&CaseScore) -> bool| {
            cases
                .iter()
                .filter(|case| keep(case))
                .fold(IcMetrics::default(), |total, case| {
                    total.combined(&select(case))
                })
        };
        let timing_errors: Vec<f64> = cases
            .iter()
            .flat_map(|case| case.timing_errors_s.iter().copied())
            .collect();
        let step_errors: Vec<f64> = cases
            .iter()
            .filter_map(|case| case.step_count.error_pct)
            .collect();
        let step_errors_abs: Vec<f64> = step_errors.iter().map(|e| e.abs()).collect();
        let worst_clean: Vec<f64> = cases
            .iter()
            .filter(|case| case.reference_trusted())
            .filter_map(|case| case.step_count.error_pct)
            .map(f64::abs)
            .collect();
        let bout_errors = |select: &dyn Fn(&super::score::BoutScore) -> Option<f64>| {
            let errors: Vec<f64> = cases
                .iter()
                .flat_map(|case| case.bouts.iter())
                .filter_map(select)
                .collect();
            Agreement::from_errors(&errors)
        };
        let steps_scored: usize = cases.iter().map(|c| c.direction.steps_scored).sum();
        let steps_correct: usize = cases.iter().map(|c| c.direction.steps_correct).sum();
        let side_scored: usize = cases.iter().map(|c| c.sides.scored).sum();
        let side_correct: usize = cases.iter().map(|c| c.sides.correct).sum();
        let side_unknown: usize = cases.iter().map(|c| c.sides.unknown).sum();
        let bouts_scored: usize = cases.iter().map(|c| c.direction.bouts_scored).sum();
        let bouts_correct: usize = cases.iter().map(|c| c.direction.bouts_correct).sum();
        let changes: Vec<_> = cases
            .iter()
            .flat_map(|case| case.direction.changes.iter())
            .collect();
        let change_errors_s: Vec<f64> = changes.iter().filter_map(|c| c.error_s).collect();
        let change_errors_steps: Vec<f64> = changes.iter().filter_map(|c| c.error_steps).collect();
        let ratio =
            |correct: usize, total: usize| (total > 0).then(|| correct as f64 / total as f64);
        let final_contact_scores: Vec<_> = cases
            .iter()
            .filter_map(|c| c.final_contacts.as_ref())
            .collect();
        let final_contact_errors: Vec<f64> = final_contact_scores
            .iter()
            .flat_map(|f| f.timing_errors_s.iter().copied())
            .collect();

        GroupSummary {
            dataset: dataset.to_string(),
            placement: placement.map(str::to_string),
            n_cases: cases.len(),
            ic: sum_ic(&|c| c.ic, &|_| true),
            n_cases_trusted: cases.iter().filter(|c| c.reference_trusted()).count(),
            ic_trusted: sum_ic(&|c| c.ic, &CaseScore::reference_trusted),
            timing: TimingSummary::from_errors(&timing_errors),
            n_cases_step_count: step_errors.len(),
            step_count_error_pct_median: median(&step_errors_abs),
            step_count_error_pct_mean: mean(&step_errors),
            step_count_error_pct_worst: step_errors_abs.iter().copied().reduce(f64::max),
            step_count_error_pct_worst_clean: worst_clean.iter().copied().reduce(f64::max),
            cadence_spm: bout_errors(&|b| b.cadence_error_spm),
            stride_length_m: bout_errors(&|b| b.stride_length_error_m),
            speed_mps: bout_errors(&|b| b.speed_error_mps),
            direction_steps_scored: steps_scored,
            direction_step_accuracy: ratio(steps_correct, steps_scored),
            direction_bouts_scored: bouts_scored,
            direction_bout_accuracy: ratio(bouts_correct, bouts_scored),
            direction_changes: changes.len(),
            direction_changes_missed: changes.iter().filter(|c| c.error_s.is_none()).count(),
            direction_change_error_median_s: median(&change_errors_s),
            direction_change_error_median_steps: median(&change_errors_steps),
            ic_forward: sum_ic(&|c| c.direction.ic_forward, &|_| true),
            ic_backward: sum_ic(&|c| c.direction.ic_backward, &|_| true),
            side_steps_scored: side_scored,
            side_accuracy: ratio(side_correct, side_scored),
            side_steps_unknown: side_unknown,
            n_cases_final_contacts: final_contact_scores.len(),
            final_contacts: final_contact_scores
                .iter()
                .fold(IcMetrics::default(), |total, f| total.combined(&f.events)),
            final_contact_timing: TimingSummary::from_errors(&final_contact_errors),
        }
    }

    /// `dataset` or `dataset/placement`: the name thresholds use for this group.
    pub fn label(&self) -> String {
        match &self.placement {
            Some(placement) => format!("{}/{}", self.dataset, placement),
            None => self.dataset.clone(),
        }
    }
}

/// The benchmark report: every case's scores and the aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Scoring settings used.
    pub config: ScoringConfig,
    /// Per-case scores, in the order given.
    pub cases: Vec<CaseScore>,
    /// One summary per dataset (all placements), sorted by dataset.
    pub datasets: Vec<GroupSummary>,
    /// One summary per dataset × placement, sorted.
    pub placements: Vec<GroupSummary>,
    /// All cases together.
    pub overall: GroupSummary,
    /// All datasets, one summary per placement, sorted.
    pub overall_placements: Vec<GroupSummary>,
    /// Per dataset × placement × whether the mounting was known (the case's
    /// `sensor_forward_axis`), for groups with direction references; the
    /// placement reads e.g. `thigh_front_pocket, mounting unknown`.
    #[serde(default)]
    pub mountings: Vec<GroupSummary>,
}

/// The placement label of a mounting group.
fn mounting_label(placement: &str, known: bool) -> String {
    let mounting = if known { "known" } else { "unknown" };
    format!("{placement}, mounting {mounting}")
}

impl BenchReport {
    /// Aggregates case scores into a report.
    pub fn new(config: ScoringConfig, cases: Vec<CaseScore>) -> BenchReport {
        let mut by_dataset: BTreeMap<&str, Vec<&CaseScore>> = BTreeMap::new();
        let mut by_dataset_placement: BTreeMap<(&str, &str), Vec<&CaseScore>> = BTreeMap::new();
        let mut by_placement: BTreeMap<&str, Vec<&CaseScore>> = BTreeMap::new();
        for case in &cases {
            by_dataset.entry(&case.dataset).or_default().push(case);
            by_dataset_placement
                .entry((&case.dataset, &case.placement))
                .or_default()
                .push(case);
            by_placement.entry(&case.placement).or_default().push(case);
        }
        let datasets = by_dataset
            .iter()
            .map(|(dataset, group)| GroupSummary::from_cases(dataset, None, group))
            .collect();
        let placements = by_dataset_placement
            .iter()
            .map(|((dataset, placement), group)| {
                GroupSummary::from_cases(dataset, Some(placement), group)
            })
            .collect();
        let overall_placements = by_placement
            .iter()
            .map(|(placement, group)| {
                GroupSummary::from_cases(ALL_DATASETS, Some(placement), group)
            })
            .collect();
        let mut by_mounting: BTreeMap<(&str, String), Vec<&CaseScore>> = BTreeMap::new();
        for case in cases.iter().filter(|c| c.direction.bouts_scored > 0) {
            by_mounting
                .entry((
                    &case.dataset,
                    mounting_label(&case.placement, case.mounting_known),
                ))
                .or_default()
                .push(case);
        }
        let mountings = by_mounting
            .iter()
            .map(|((dataset, label), group)| GroupSummary::from_cases(dataset, Some(label), group))
            .collect();
        let all: Vec<&CaseScore> = cases.iter().collect();
        let overall = GroupSummary::from_cases(ALL_DATASETS, None, &all);
        BenchReport {
            config,
            datasets,
            placements,
            overall,
            overall_placements,
            mountings,
            cases,
        }
    }

    /// The summary named by a threshold table: `all`, `<dataset>`, `all/<placement>`,
    /// `<dataset>/<placement>` or `<dataset>/<placement>, mounting known|unknown`.
    pub fn group(&self, label: &str) -> Option<&GroupSummary> {
        std::iter::once(&self.overall)
            .chain(&self.datasets)
            .chain(&self.placements)
            .chain(&self.overall_placements)
            .chain(&self.mountings)
            .find(|group| group.label() == label)
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, BenchError> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// The report as Markdown: an overview, then per dataset tables of initial contacts
    /// and step count, bout parameters and direction, each with one row for all
    /// placements and one per placement; finally the overview per placement.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let config = &self.config;
        let _ = writeln!(out, "# Benchmark report\n");
        let _ = writeln!(
            out,
            "{} cases. Initial contacts matched one-to-one within ±{} s, scored inside reference \
             bouts (detections within {} s of a bout count); bout windows widened by {} s; errors \
             are detected − reference; step-count columns are absolute errors in % over cases; \"trusted\" \
             excludes cases graded other than clean/minor.\n",
            self.cases.len(),
            config.match_tolerance_s,
            config.bout_margin_s,
            config.cadence_window_pad_s
        );
        let _ = writeln!(out, "## Overview\n");
        let mut rows: Vec<&GroupSummary> = self.datasets.iter().collect();
        rows.push(&self.overall);
        overview_table(&mut out, "dataset", &rows, |g| g.dataset.clone());

        for dataset in &self.datasets {
            let _ = writeln!(out, "## {}\n", dataset.dataset);
            let mut rows = vec![dataset];
            rows.extend(
                self.placements
                    .iter()
                    .filter(|group| group.dataset == dataset.dataset),
            );
            let row_name = |g: &GroupSummary| g.placement.clone().unwrap_or_else(|| "all".into());
            let _ = writeln!(out, "### Initial contacts and step count\n");
            events_table(&mut out, &rows, row_name);
            let scored: Vec<&GroupSummary> = rows
                .iter()
                .copied()
                .filter(|g| g.n_cases_final_contacts > 0)
                .collect();
            if !scored.is_empty() {
                let _ = writeln!(out, "### Final contacts (toe-off)\n");
                final_contact_table(&mut out, &scored, row_name);
            }
            let _ = writeln!(out, "### Bout parameters\n");
            bout_table(&mut out, &rows, row_name);
            let _ = writeln!(out, "### Direction\n");
            direction_table(&mut out, &rows, row_name);
            let split: Vec<&GroupSummary> = self
                .mountings
                .iter()
                .filter(|group| group.dataset == dataset.dataset)
                .collect();
            if !split.is_empty() {
                let _ = writeln!(
                    out,
                    "Direction with the mounting known (the case gives the sensor's forward axis) \
                     and unknown (inferred from the signals):\n"
                );
                direction_table(&mut out, &split, row_name);
            }
        }

        let _ = writeln!(out, "## All datasets by placement\n");
        let rows: Vec<&GroupSummary> = self.overall_placements.iter().collect();
        overview_table(&mut out, "placement", &rows, |g| {
            g.placement.clone().unwrap_or_default()
        });
        out
    }
}

/// A number with `decimals` places, or "–" when absent.
fn number(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let text = format!("{v:.decimals$}");
            // "-0.000" reads like a real negative bias; show rounding-to-zero as zero.
            match text.strip_prefix('-') {
                Some(unsigned) if unsigned.chars().all(|c| c == '0' || c == '.') => {
                    unsigned.to_string()
                }
                _ => text,
            }
        }
        _ => "–".to_string(),
    }
}

/// Seconds shown as whole milliseconds.
fn milliseconds(value_s: Option<f64>) -> String {
    number(value_s.map(|v| v * 1000.0), 0)
}

/// MAE / bias / LoA cells of an agreement.
fn agreement_cells(agreement: &Option<Agreement>, decimals: usize) -> [String; 4] {
    match agreement {
        Some(a) => [
            a.n.to_string(),
            number(Some(a.mae), decimals),
            number(Some(a.bias), decimals),
            match (a.loa_lower, a.loa_upper) {
                (Some(lower), Some(upper)) => format!(
                    "{} … {}",
                    number(Some(lower), decimals),
                    number(Some(upper), decimals)
                ),
                _ => "–".to_string(),
            },
        ],
        None => ["0".into(), "–".into(), "–".into(), "–".into()],
    }
}

/// Writes a Markdown table from a header and rows of cells.
fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// Final contacts scored like the initial contacts: counts, rates, timing.
fn final_contact_table(
    out: &mut String,
    rows: &[&GroupSummary],
    name: impl Fn(&GroupSummary) -> String,
) {
    let header = [
        "placement",
        "cases",
        "TP",
        "FP",
        "FN",
        "precision",
        "recall",
        "F1",
        "median abs error ms",
        "p95 abs error ms",
        "bias ms",
    ];
    let body = rows
        .iter()
        .map(|g| {
            let f = &g.final_contacts;
            let timing = g.final_contact_timing.as_ref();
            vec![
                name(g),
                g.n_cases_final_contacts.to_string(),
                f.true_positives.to_string(),
                f.false_positives.to_string(),
                f.false_negatives.to_string(),
                number(f.precision, 3),
                number(f.recall, 3),
                number(f.f1, 3),
                milliseconds(timing.map(|t| t.median_abs_s)),
                milliseconds(timing.map(|t| t.p95_abs_s)),
                milliseconds(timing.map(|t| t.mean_s)),
            ]
        })
        .collect();
    table(out, &header, body);
}

fn overview_table(
    out: &mut String,
    first_column: &str,
    rows: &[&GroupSummary],
    name: impl Fn(&GroupSummary) -> String,
) {
    let header = [
        first_column,
        "cases",
        "IC F1",
        "precision",
        "recall",
        "timing median abs error ms",
        "step count median abs error %",
        "cadence MAE spm",
        "stride MAE m",
        "speed MAE m/s",
        "direction step acc",
        "direction bout acc",
    ];
    let body = rows
        .iter()
        .map(|g| {
            vec![
                name(g),
                g.n_cases.to_string(),
                number(g.ic.f1, 3),
                number(g.ic.precision, 3),
                number(g.ic.recall, 3),
                milliseconds(g.timing.map(|t| t.median_abs_s)),
                number(g.step_count_error_pct_median, 1),
                number(g.cadence_spm.map(|a| a.mae), 2),
                number(g.stride_length_m.map(|a| a.mae), 3),
                number(g.speed_mps.map(|a| a.mae), 3),
                number(g.direction_step_accuracy, 3),
                number(g.direction_bout_accuracy, 3),
            ]
        })
        .collect();
    table(out, &header, body);
}

fn events_table(out: &mut String, rows: &[&GroupSummary], name: impl Fn(&GroupSummary) -> String) {
    let header = [
        "placement",
        "cases",
        "TP",
        "FP",
        "FN",
        "precision",
        "recall",
        "F1",
        "F1 trusted",
        "median abs error ms",
        "p95 abs error ms",
        "bias ms",
        "count median abs error %",
        "count worst abs error %",
        "worst trusted %",
    ];
    let body = rows
        .iter()
        .map(|g| {
            vec![
                name(g),
                g.n_cases.to_string(),
                g.ic.true_positives.to_string(),
                g.ic.false_positives.to_string(),
                g.ic.false_negatives.to_string(),
                number(g.ic.precision, 3),
                number(g.ic.recall, 3),
                number(g.ic.f1, 3),
                number(g.ic_trusted.f1, 3),
                milliseconds(g.timing.map(|t| t.median_abs_s)),
                milliseconds(g.timing.map(|t| t.p95_abs_s)),
                milliseconds(g.timing.map(|t| t.mean_s)),
                number(g.step_count_error_pct_median, 1),
                number(g.step_count_error_pct_worst, 1),
                number(g.step_count_error_pct_worst_clean, 1),
            ]
        })
        .collect();
    table(out, &header, body);
}

fn bout_table(out: &mut String, rows: &[&GroupSummary], name: impl Fn(&GroupSummary) -> String) {
    let header = [
        "placement",
        "cadence n",
        "MAE spm",
        "bias spm",
        "LoA spm",
        "stride n",
        "MAE m",
        "bias m",
        "LoA m",
        "speed n",
        "MAE m/s",
        "bias m/s",
        "LoA m/s",
    ];
    let body = rows
        .iter()
        .map(|g| {
            let mut row = vec![name(g)];
            row.extend(agreement_cells(&g.cadence_spm, 2));
            row.extend(agreement_cells(&g.stride_length_m, 3));
            row.extend(agreement_cells(&g.speed_mps, 3));
            row
        })
        .collect();
    table(out, &header, body);
}

fn direction_table(
    out: &mut String,
    rows: &[&GroupSummary],
    name: impl Fn(&GroupSummary) -> String,
) {
    let header = [
        "placement",
        "steps",
        "step acc",
        "bouts",
        "bout acc",
        "changes (missed)",
        "change error median s",
        "change error median steps",
        "IC F1 forward",
        "IC F1 backward",
        "side scored (unknown)",
        "side acc",
    ];
    let body = rows
        .iter()
        .map(|g| {
            vec![
                name(g),
                g.direction_steps_scored.to_string(),
                number(g.direction_step_accuracy, 3),
                g.direction_bouts_scored.to_string(),
                number(g.direction_bout_accuracy, 3),
                format!("{} ({})", g.direction_changes, g.direction_changes_missed),
                number(g.direction_change_error_median_s, 2),
                number(g.direction_change_error_median_steps, 1),
                number(g.ic_forward.f1, 3),
                number(g.ic_backward.f1, 3),
                format!("{} ({})", g.side_steps_scored, g.side_steps_unknown),
                number(g.side_accuracy, 3),
            ]
        })
        .collect();
    table(out, &header, body);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::score::{DirectionScore, StepCountScore};

    fn case_score(
        dataset: &str,
        placement: &str,
        quality: Option<&str>,
        counts: (usize, usize, usize),
    ) -> CaseScore {
        let (tp, fp, fn_) = counts;
        let reference = tp + fn_;
        let detected = tp + fp;
        CaseScore {
            case_id: format!("{dataset}-{placement}-{tp}"),
            dataset: dataset.into(),
            placement: placement.into(),
            reference_quality: quality.map(str::to_string),
            scored_side: None,
            sides: Default::default(),
            ic: IcMetrics::from_counts(tp, fp, fn_),
            timing_errors_s: vec![0.01; tp],
            timing: TimingSummary::from_errors(&vec![0.01; tp]),
            step_count: StepCountScore {
                detected,
                reference,
                error_pct: Some((detected as f64 - reference as f64) / reference as f64 * 100.0),
            },
            bouts: vec![],
            direction: DirectionScore::default(),
            mounting_known: false,
            final_contacts: None,
        }
    }

    #[test]
    fn sums_counts_and_splits_groups() {
        let cases = vec![
            case_score("a", "hand", Some("clean"), (90, 10, 10)),
            case_score("a", "bag", Some("anomalous"), (50, 0, 50)),
            case_score("b", "lower_back", None, (10, 0, 0)),
        ];
        let report = BenchReport::new(ScoringConfig::default(), cases);
        assert_eq!(report.datasets.len(), 2);
        assert_eq!(report.placements.len(), 3);
        assert_eq!(report.overall_placements.len(), 3);
        let a = report.group("a").expect("dataset a");
        assert_eq!(a.ic.true_positives, 140);
        assert_eq!(a.ic.false_negatives, 60);
        assert_eq!(a.ic_trusted.true_positives, 90);
        assert_eq!(a.n_cases_trusted, 1);
        // errors: 0 % (hand) and −50 % (bag)
        assert_eq!(a.step_count_error_pct_worst, Some(50.0));
        assert_eq!(a.step_count_error_pct_worst_clean, Some(0.0));
        assert_eq!(a.step_count_error_pct_median, Some(25.0));
        assert_eq!(a.step_count_error_pct_mean, Some(-25.0));
        assert!(report.group("a/bag").is_some());
        assert!(report.group("all/lower_back").is_some());
        assert_eq!(report.group("all").expect("all").n_cases, 3);
        assert!(report.group("c").is_none());
        let markdown = report.to_markdown();
        assert!(markdown.contains("## a\n"), "{markdown}");
        assert!(markdown.contains("| bag |"), "{markdown}");
        let json = report.to_json().expect("json");
        let back: BenchReport = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back.cases.len(), 3);
    }
}
