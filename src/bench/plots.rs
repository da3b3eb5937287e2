//! Bland–Altman plots of the per-bout parameters, one per dataset and metric.

use crate::bench::BenchReport;
use crate::report::plots::bland_altman_svg;
use std::collections::BTreeMap;

/// (file name, SVG text) for every dataset and metric with at least two bouts:
/// `ba_<dataset>_<cadence|stride_length|speed>.svg`.
pub fn bland_altman_files(report: &BenchReport) -> Vec<(String, String)> {
    type Pairs = [Vec<(f64, f64)>; 3];
    let mut by_dataset: BTreeMap<&str, Pairs> = BTreeMap::new();
    for case in &report.cases {
        let pairs = by_dataset.entry(&case.dataset).or_default();
        for bout in &case.bouts {
            let metrics = [
                (bout.reference_cadence_spm, bout.detected_cadence_spm),
                (
                    bout.reference_stride_length_m,
                    bout.detected_stride_length_m,
                ),
                (bout.reference_speed_mps, bout.detected_speed_mps),
            ];
            for (k, (reference, detected)) in metrics.into_iter().enumerate() {
                if let (Some(r), Some(d)) = (reference, detected) {
                    pairs[k].push((r, d));
                }
            }
        }
    }
    let names = [
        ("cadence", "Cadence", "steps/min"),
        ("stride_length", "Stride length", "m"),
        ("speed", "Walking speed", "m/s"),
    ];
    let mut files = Vec::new();
    for (dataset, pairs) in by_dataset {
        for ((slug, title, unit), pairs) in names.iter().zip(pairs.iter()) {
            let title = format!("{title}, {dataset} (n = {} bouts)", pairs.len());
            if let Some(svg) = bland_altman_svg(&title, unit, pairs) {
                files.push((format!("ba_{dataset}_{slug}.svg"), svg));
            }
        }
    }
    files
}
