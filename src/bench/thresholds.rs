//! Threshold gate: a TOML file of limits per group, checked against a report.
//!
//! ```toml
//! [mobgap_lab]                       # a dataset
//! ic_f1_min = 0.9                    # <metric>_min: floor, actual must be ≥
//! cadence_mae_spm_max = 3.0          # <metric>_max: ceiling, actual must be ≤
//! ["ipol/foot_left"]                 # a dataset × placement
//! ic_f1_min = 0.95
//! [all]                              # every case together ("all/<placement>" also works)
//! step_count_error_pct_median_max = 5.0
//! ```
//! Metric names are those of [`METRICS`]; an unknown name, a missing `_min`/`_max`
//! suffix or a non-numeric limit is an error (typo protection). A metric the report
//! cannot compute (e.g. no speed reference) fails its threshold with a message. A table
//! naming a group absent from the report (e.g. a run over fewer datasets) is reported as
//! skipped, not failed.

use serde::{Deserialize, Serialize};

use super::aggregate::{BenchReport, GroupSummary};
use super::error::BenchError;

/// One metric a threshold can name.
#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    /// Name used in the TOML (before `_min` / `_max`).
    pub name: &'static str,
    /// What it measures.
    pub description: &'static str,
    /// Reads the metric from a group summary.
    pub value: fn(&GroupSummary) -> Option<f64>,
}

/// Every metric thresholds may name.
pub const METRICS: &[MetricDef] = &[
    MetricDef {
        name: "ic_f1",
        description: "initial-contact F1 (summed counts)",
        value: |g| g.ic.f1,
    },
    MetricDef {
        name: "ic_precision",
        description: "initial-contact precision",
        value: |g| g.ic.precision,
    },
    MetricDef {
        name: "ic_recall",
        description: "initial-contact recall",
        value: |g| g.ic.recall,
    },
    MetricDef {
        name: "ic_f1_clean",
        description: "initial-contact F1 over cases with a trusted reference",
        value: |g| g.ic_trusted.f1,
    },
    MetricDef {
        name: "ic_f1_forward",
        description: "initial-contact F1 inside forward reference bouts",
        value: |g| g.ic_forward.f1,
    },
    MetricDef {
        name: "ic_f1_backward",
        description: "initial-contact F1 inside backward reference bouts",
        value: |g| g.ic_backward.f1,
    },
    MetricDef {
        name: "fc_f1",
        description: "final-contact (toe-off) F1 (summed counts)",
        value: |g| g.final_contacts.f1,
    },
    MetricDef {
        name: "fc_timing_median_abs_s",
        description: "median |detected − reference| final-contact time, s",
        value: |g| g.final_contact_timing.map(|t| t.median_abs_s),
    },
    MetricDef {
        name: "ic_timing_median_abs_s",
        description: "median |detected − reference| contact time, s",
        value: |g| g.timing.map(|t| t.median_abs_s),
    },
    MetricDef {
        name: "ic_timing_p95_abs_s",
        description: "95th percentile |detected − reference| contact time, s",
        value: |g| g.timing.map(|t| t.p95_abs_s),
    },
    MetricDef {
        name: "ic_timing_abs_bias_s",
        description: "|mean detected − reference| contact time, s",
        value: |g| g.timing.map(|t| t.mean_s.abs()),
    },
    MetricDef {
        name: "step_count_error_pct_median",
        description: "median over cases of |step count error| %",
        value: |g| g.step_count_error_pct_median,
    },
    MetricDef {
        name: "step_count_error_pct_abs_bias",
        description: "|mean over cases of the signed step count error| %",
        value: |g| g.step_count_error_pct_mean.map(f64::abs),
    },
    MetricDef {
        name: "step_count_error_pct_worst",
        description: "largest |step count error| % over cases",
        value: |g| g.step_count_error_pct_worst,
    },
    MetricDef {
        name: "step_count_error_pct_worst_clean",
        description: "largest |step count error| % over cases with a trusted reference",
        value: |g| g.step_count_error_pct_worst_clean,
    },
    MetricDef {
        name: "cadence_mae_spm",
        description: "cadence mean absolute error, steps/min",
        value: |g| g.cadence_spm.map(|a| a.mae),
    },
    MetricDef {
        name: "cadence_abs_bias_spm",
        description: "|cadence bias|, steps/min",
        value: |g| g.cadence_spm.map(|a| a.bias.abs()),
    },
    MetricDef {
        name: "cadence_loa_half_width_spm",
        description: "cadence limits of agreement half width (1.96·SD), steps/min",
        value: |g| g.cadence_spm.and_then(|a| a.loa_half_width()),
    },
    MetricDef {
        name: "stride_length_mae_m",
        description: "stride length mean absolute error, m",
        value: |g| g.stride_length_m.map(|a| a.mae),
    },
    MetricDef {
        name: "stride_length_abs_bias_m",
        description: "|stride length bias|, m",
        value: |g| g.stride_length_m.map(|a| a.bias.abs()),
    },
    MetricDef {
        name: "stride_length_loa_half_width_m",
        description: "stride length limits of agreement half width, m",
        value: |g| g.stride_length_m.and_then(|a| a.loa_half_width()),
    },
    MetricDef {
        name: "speed_mae_mps",
        description: "walking speed mean absolute error, m/s",
        value: |g| g.speed_mps.map(|a| a.mae),
    },
    MetricDef {
        name: "speed_abs_bias_mps",
        description: "|walking speed bias|, m/s",
        value: |g| g.speed_mps.map(|a| a.bias.abs()),
    },
    MetricDef {
        name: "speed_loa_half_width_mps",
        description: "walking speed limits of agreement half width, m/s",
        value: |g| g.speed_mps.and_then(|a| a.loa_half_width()),
    },
    MetricDef {
        name: "direction_step_accuracy",
        description: "fraction of matched steps with the reference bout's direction",
        value: |g| g.direction_step_accuracy,
    },
    MetricDef {
        name: "side_accuracy",
        description: "fraction of matched trunk contacts given the reference's left/right side",
        value: |g| g.side_accuracy,
    },
    MetricDef {
        name: "direction_bout_accuracy",
        description: "fraction of reference bouts whose majority detected direction is right",
        value: |g| g.direction_bout_accuracy,
    },
    MetricDef {
        name: "direction_change_error_median_s",
        description:
            "median distance of a reference direction change to the nearest detected one, s",
        value: |g| g.direction_change_error_median_s,
    },
    MetricDef {
        name: "direction_change_error_median_steps",
        description: "the same in reference steps",
        value: |g| g.direction_change_error_median_steps,
    },
    MetricDef {
        name: "direction_change_missed_fraction",
        description: "fraction of reference direction changes with no detected change at all",
        value: |g| {
            (g.direction_changes > 0)
                .then(|| g.direction_changes_missed as f64 / g.direction_changes as f64)
        },
    },
];

/// Whether a limit is a floor (`_min`) or a ceiling (`_max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundKind {
    /// The actual value must be at least the limit.
    Floor,
    /// The actual value must be at most the limit.
    Ceiling,
}

/// The outcome of one threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdResult {
    /// Group the threshold is for: the TOML table name (`dataset` or `dataset/placement`).
    pub dataset: String,
    /// Metric name (without `_min` / `_max`).
    pub metric: String,
    /// Floor or ceiling.
    pub bound: BoundKind,
    /// The limit.
    pub limit: f64,
    /// The report's value, if it has one.
    pub actual: Option<f64>,
    /// Whether the threshold holds (skipped ones count as passing).
    pub pass: bool,
    /// The group is not in the report, so nothing was checked.
    pub skipped: bool,
    /// Human-readable outcome.
    pub message: String,
}

/// One parsed threshold line.
struct Threshold {
    group: String,
    metric: &'static MetricDef,
    bound: BoundKind,
    limit: f64,
}

/// Parses the thresholds TOML; collects every problem into one error.
fn parse_thresholds(toml_text: &str) -> Result<Vec<Threshold>, BenchError> {
    let document: toml::Table =
        toml::from_str(toml_text).map_err(|err| BenchError::Thresholds {
            message: err.to_string(),
        })?;
    let mut thresholds = Vec::new();
    let mut problems = Vec::new();
    for (group, value) in &document {
        let Some(table) = value.as_table() else {
            problems.push(format!(
                "top-level key `{group}` must be a table like [{group}] holding <metric>_min / <metric>_max"
            ));
            continue;
        };
        for (key, limit_value) in table {
            let (metric_name, bound) = if let Some(name) = key.strip_suffix("_min") {
                (name, BoundKind::Floor)
            } else if let Some(name) = key.strip_suffix("_max") {
                (name, BoundKind::Ceiling)
            } else {
                problems.push(format!(
                    "[{group}] `{key}`: a key must end in _min (floor) or _max (ceiling)"
                ));
                continue;
            };
            let Some(metric) = METRICS.iter().find(|m| m.name == metric_name) else {
                problems.push(format!(
                    "[{group}] `{key}`: unknown metric `{metric_name}`; known: {}",
                    METRICS
                        .iter()
                        .map(|m| m.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                continue;
            };
            let limit = match limit_value {
                toml::Value::Float(v) => *v,
                toml::Value::Integer(v) => *v as f64,
                other => {
                    problems.push(format!(
                        "[{group}] `{key}`: the limit must be a number, got {other}"
                    ));
                    continue;
                }
            };
            if !limit.is_finite() {
                problems.push(format!("[{group}] `{key}`: the limit must be finite"));
                continue;
            }
            thresholds.push(Threshold {
                group: group.clone(),
                metric,
                bound,
                limit,
            });
        }
    }
    if problems.is_empty() {
        Ok(thresholds)
    } else {
        Err(BenchError::Thresholds {
            message: problems.join("; "),
        })
    }
}

/// Checks every threshold of `toml_text` against the report (see the module docs).
pub fn check_thresholds(
    report: &BenchReport,
    toml_text: &str,
) -> Result<Vec<ThresholdResult>, BenchError> {
    let thresholds = parse_thresholds(toml_text)?;
    let results = thresholds
        .into_iter()
        .map(|threshold| {
            let relation = match threshold.bound {
                BoundKind::Floor => "≥",
                BoundKind::Ceiling => "≤",
            };
            let name = threshold.metric.name;
            let Some(group) = report.group(&threshold.group) else {
                return ThresholdResult {
                    dataset: threshold.group.clone(),
                    metric: name.to_string(),
                    bound: threshold.bound,
                    limit: threshold.limit,
                    actual: None,
                    pass: true,
                    skipped: true,
                    message: format!(
                        "skipped: `{}` is not in this report (no cases of it were scored)",
                        threshold.group
                    ),
                };
            };
            let actual = (threshold.metric.value)(group);
            let (pass, message) = match actual {
                None => (
                    false,
                    format!(
                        "{name} is not available for `{}` (no reference for it, or nothing detected to compare); required {relation} {}",
                        threshold.group, threshold.limit
                    ),
                ),
                Some(value) => {
                    let pass = match threshold.bound {
                        BoundKind::Floor => value >= threshold.limit,
                        BoundKind::Ceiling => value <= threshold.limit,
                    };
                    let verdict = if pass { "ok" } else { "FAIL" };
                    (
                        pass,
                        format!("{verdict}: {name} = {value:.4}, required {relation} {}", threshold.limit),
                    )
                }
            };
            ThresholdResult {
                dataset: threshold.group,
                metric: name.to_string(),
                bound: threshold.bound,
                limit: threshold.limit,
                actual,
                pass,
                skipped: false,
                message,
            }
        })
        .collect();
    Ok(results)
}

/// Threshold results as a Markdown table.
pub fn threshold_results_markdown(results: &[ThresholdResult]) -> String {
    let mut out =
        String::from("| group | metric | limit | actual | result |\n|---|---|---|---|---|\n");
    for result in results {
        let relation = match result.bound {
            BoundKind::Floor => "≥",
            BoundKind::Ceiling => "≤",
        };
        let actual = result
            .actual
            .map_or_else(|| "–".to_string(), |value| format!("{value:.4}"));
        let outcome = if result.skipped {
            "skipped"
        } else if result.pass {
            "pass"
        } else {
            "FAIL"
        };
        out.push_str(&format!(
            "| {} | {} | {relation} {} | {actual} | {outcome} |\n",
            result.dataset, result.metric, result.limit
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::score::{
        CaseScore, DirectionScore, IcMetrics, ScoringConfig, StepCountScore,
    };

    fn report() -> BenchReport {
        let case = CaseScore {
            case_id: "c".into(),
            dataset: "mobgap_lab".into(),
            placement: "lower_back".into(),
            reference_quality: None,
            scored_side: None,
            sides: Default::default(),
            ic: IcMetrics::from_counts(95, 5, 5),
            timing_errors_s: vec![],
            timing: None,
            step_count: StepCountScore {
                detected: 100,
                reference: 100,
                error_pct: Some(0.0),
            },
            bouts: vec![],
            direction: DirectionScore::default(),
            mounting_known: false,
            final_contacts: None,
        };
        BenchReport::new(ScoringConfig::default(), vec![case])
    }

    #[test]
    fn floors_ceilings_missing_and_skipped() {
        let text = r#"
            [mobgap_lab]
            ic_f1_min = 0.9
            ic_recall_min = 0.99
            step_count_error_pct_median_max = 5
            speed_mae_mps_max = 0.1
            ["mobgap_lab/lower_back"]
            ic_precision_min = 0.9
            [oxford_phone]
            ic_f1_min = 0.9
        "#;
        let results = check_thresholds(&report(), text).expect("valid thresholds");
        assert_eq!(results.len(), 6);
        let find = |group: &str, metric: &str| {
            results
                .iter()
                .find(|r| r.dataset == group && r.metric == metric)
                .expect("result present")
        };
        assert!(find("mobgap_lab", "ic_f1").pass);
        assert_eq!(find("mobgap_lab", "ic_f1").bound, BoundKind::Floor);
        assert!(!find("mobgap_lab", "ic_recall").pass);
        let count = find("mobgap_lab", "step_count_error_pct_median");
        assert!(count.pass);
        assert_eq!(count.bound, BoundKind::Ceiling);
        assert_eq!(count.limit, 5.0);
        let speed = find("mobgap_lab", "speed_mae_mps");
        assert!(!speed.pass && speed.actual.is_none());
        assert!(speed.message.contains("not available"), "{}", speed.message);
        assert!(find("mobgap_lab/lower_back", "ic_precision").pass);
        let absent = find("oxford_phone", "ic_f1");
        assert!(absent.skipped && absent.pass);
        let markdown = threshold_results_markdown(&results);
        assert!(markdown.contains("FAIL") && markdown.contains("skipped"));
    }

    #[test]
    fn unknown_metric_and_bad_keys_are_errors() {
        for text in [
            "[mobgap_lab]\nic_f_1_min = 0.9\n",
            "[mobgap_lab]\nic_f1 = 0.9\n",
            "[mobgap_lab]\nic_f1_min = \"high\"\n",
            "ic_f1_min = 0.9\n",
            "[mobgap_lab\n",
        ] {
            let err = check_thresholds(&report(), text).expect_err(text);
            assert!(
                matches!(err, BenchError::Thresholds { .. }),
                "{text}: {err}"
            );
        }
        let message = check_thresholds(&report(), "[x]\ncadense_mae_spm_max = 1\n")
            .expect_err("typo")
            .to_string();
        assert!(message.contains("cadense_mae_spm"), "{message}");
    }

    #[test]
    fn metric_names_are_unique() {
        for (i, metric) in METRICS.iter().enumerate() {
            assert!(
                METRICS[i + 1..]
                    .iter()
                    .all(|other| other.name != metric.name),
                "{}",
                metric.name
            );
        }
    }
}
