//! Runs automatic placement detection (`retrogait::gait::placement`) on every
//! benchmark case as if `--placement` had not been given, and prints one CSV
//! row per case (the features and the guess) on stdout, then a confusion table
//! per dataset (true placement × detected placement) on stderr.
//!
//! Usage: `cargo run --release --example placement_confusion -- ../shared/datasets > placement.csv`
//! (a folder of datasets, or dataset folders)

use retrogait::bench::case::{discover_cases, load_case};
use retrogait::bench::run::case_options;
use retrogait::gait::placement::{foot_evidence, guess_placement, placement_features};
use retrogait::io::read;
use retrogait::prepare::prepare;
use std::collections::BTreeMap;

fn main() -> anyhow::Result<()> {
    // A folder of datasets (each holding `cases/`) stands for its datasets.
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let dir = std::path::PathBuf::from(arg);
        let mut datasets: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.join("cases").is_dir())
            .collect();
        datasets.sort();
        if datasets.is_empty() || dir.join("cases").is_dir() {
            dirs.push(dir);
        } else {
            dirs.extend(datasets);
        }
    }
    println!("dataset,case,placement,detected,confidence,detected_acc_only,walking_windows,stride_s,tilt_swing_deg,tilt_step_corr,vertical_step_corr,tilt_stride_corr,gyro_rate_p95,gyro_p99,rest_fraction");
    // dataset -> (true, detected) -> count
    let mut confusion: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
    for dir in &dirs {
        for case_dir in discover_cases(dir)? {
            let case = load_case(&case_dir)?;
            let (read_options, options) = case_options(&case);
            let loaded = read(&case.inputs, &read_options)?;
            let prepared = prepare(&loaded.recording, &options.grid)?;
            let features = placement_features(&prepared.segments, prepared.rate_hz);
            let guess = guess_placement(&prepared.segments, prepared.rate_hz);
            let detected = guess.placement.map_or("unknown", |p| p.id()).to_string();
            // The same recording without its gyroscope (a phone without one).
            let acc_only: Vec<_> = prepared
                .segments
                .iter()
                .cloned()
                .map(|mut s| {
                    s.gyro = None;
                    s
                })
                .collect();
            let detected_acc_only = guess_placement(&acc_only, prepared.rate_hz)
                .placement
                .map_or("unknown", |p| p.id())
                .to_string();
            let foot = foot_evidence(&prepared.segments, prepared.rate_hz);
            let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
            println!(
                "{},{},{},{},{:.2},{},{},{:.3},{:.2},{:.3},{:.3},{:.3},{},{},{}",
                case.dataset,
                case.id,
                case.placement,
                detected,
                guess.confidence,
                detected_acc_only,
                features.walking_windows,
                features.stride_s,
                features.tilt_swing_deg,
                features.tilt_step_corr,
                features.vertical_step_corr,
                features.tilt_stride_corr,
                opt(features.gyro_rate_p95),
                opt(foot.map(|f| f.rate_p99)),
                opt(foot.map(|f| f.rest_fraction)),
            );
            // Feet are scored as "foot" (detection cannot tell the side).
            let truth = if case.placement.starts_with("foot") {
                "foot".to_string()
            } else {
                case.placement.clone()
            };
            *confusion
                .entry(case.dataset.clone())
                .or_default()
                .entry((truth.clone(), detected))
                .or_default() += 1;
            *confusion
                .entry(format!("{} (gyroscope ignored)", case.dataset))
                .or_default()
                .entry((truth, detected_acc_only))
                .or_default() += 1;
        }
    }
    for (dataset, table) in &confusion {
        eprintln!("\n{dataset}: true placement -> detected (cases)");
        for ((truth, detected), n) in table {
            eprintln!("  {truth:<20} -> {detected:<20} {n}");
        }
    }
    Ok(())
}
