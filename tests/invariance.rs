//! The gait result does not depend on the units a file is written in or on
//! where its clock starts: real recordings rewritten as generic CSV in g and
//! deg/s (units inferred, not stated), with a clock offset by an hour or by a
//! Unix epoch, give the same steps and bouts as the SI original, at the same
//! times (outputs count seconds from the recording's first sample). The
//! orientation and sampling-rate invariants are in `tests/analysis.rs`.

mod common;
use common::{analyze, shared};
use retrogait::bench::load_case;
use retrogait::bench::run::case_options;
use retrogait::recording::VectorStream;
use std::fmt::Write as _;
use std::path::Path;

/// Standard gravity, m/s² per g.
const G: f64 = 9.80665;

/// How a recording is rewritten.
struct Variant {
    name: &'static str,
    /// Multiplies m/s² into the file's accelerometer unit.
    acc_scale: f64,
    /// Multiplies rad/s into the file's gyroscope unit.
    gyro_scale: f64,
    /// Added to every time, s.
    time_offset_s: f64,
}

const VARIANTS: [Variant; 4] = [
    Variant {
        name: "si",
        acc_scale: 1.0,
        gyro_scale: 1.0,
        time_offset_s: 0.0,
    },
    Variant {
        name: "g_and_deg_per_s",
        acc_scale: 1.0 / G,
        gyro_scale: 180.0 / std::f64::consts::PI,
        time_offset_s: 0.0,
    },
    Variant {
        name: "unix_epoch_clock",
        acc_scale: 1.0,
        gyro_scale: 1.0,
        time_offset_s: 1_700_000_000.0,
    },
    Variant {
        name: "g_deg_per_s_and_an_hour_late",
        acc_scale: 1.0 / G,
        gyro_scale: 180.0 / std::f64::consts::PI,
        time_offset_s: 3600.25,
    },
];

/// The recording as a generic CSV (`time_s,acc_x,…[,gyr_x,…]`, no units in
/// the header, so the reader must infer them).
fn generic_csv(acc: &VectorStream, gyro: Option<&VectorStream>, variant: &Variant) -> String {
    let mut text = String::from("time_s,acc_x,acc_y,acc_z");
    if gyro.is_some() {
        text.push_str(",gyr_x,gyr_y,gyr_z");
    }
    text.push('\n');
    for i in 0..acc.len() {
        let a = variant.acc_scale;
        let _ = write!(
            text,
            "{:.4},{:.7},{:.7},{:.7}",
            acc.time_s[i] + variant.time_offset_s,
            acc.x[i] * a,
            acc.y[i] * a,
            acc.z[i] * a
        );
        if let Some(g) = gyro {
            let w = variant.gyro_scale;
            let _ = write!(
                text,
                ",{:.7},{:.7},{:.7}",
                g.x[i] * w,
                g.y[i] * w,
                g.z[i] * w
            );
        }
        text.push('\n');
    }
    text
}

/// One column of an output table, as numbers (empty cells skipped).
fn column(path: &Path, name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).expect("output table");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let k = header.iter().position(|h| *h == name).expect("column");
    lines
        .filter_map(|l| l.split(',').nth(k).and_then(|c| c.parse().ok()))
        .collect()
}

#[test]
fn steps_do_not_depend_on_units_or_clock_offset() {
    let Some(shared) = shared() else { return };
    let datasets = shared.join("datasets");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    // A lower back with a gyroscope and a phone in the hand without one.
    for (case, placement) in [
        ("ipol/cases/2-1_lb", "lower_back"),
        ("oxford_phone/cases/Samsung_Jamie_Hard_InHand_1", "hand"),
    ] {
        let case = load_case(&datasets.join(case)).expect("case loads");
        let (read_options, _) = case_options(&case);
        let recording = retrogait::io::read(&case.inputs, &read_options)
            .expect("reads")
            .recording;
        let acc = &recording.accelerometer;
        // One clock for both streams (a generic CSV has one time column).
        let gyro = recording
            .gyroscope
            .as_ref()
            .filter(|g| g.time_s == acc.time_s);
        assert_eq!(
            gyro.is_some(),
            recording.gyroscope.is_some(),
            "{}: the streams share a clock",
            case.id
        );
        let mut baseline: Option<(Vec<f64>, usize)> = None;
        for variant in &VARIANTS {
            let input = dir.path().join(format!("{}_{}.csv", case.id, variant.name));
            std::fs::write(&input, generic_csv(acc, gyro, variant)).expect("write");
            let out = dir.path().join(format!("{}_{}", case.id, variant.name));
            let output = analyze(&["--placement", placement], &out, &input);
            assert!(
                output.status.success(),
                "{} {}: {}",
                case.id,
                variant.name,
                String::from_utf8_lossy(&output.stderr)
            );
            let steps = column(&out.join("steps.csv"), "time_s");
            let bouts = column(&out.join("bouts.csv"), "start_s").len();
            eprintln!(
                "{} {}: {} steps, {bouts} bouts",
                case.id,
                variant.name,
                steps.len()
            );
            let Some((base_steps, base_bouts)) = &baseline else {
                assert!(steps.len() >= 10, "{}: {} steps", case.id, steps.len());
                baseline = Some((steps, bouts));
                continue;
            };
            // Same steps at the same times (the cells print 3 decimals; the
            // values differ in their last digits through the unit round trip).
            let matched = base_steps
                .iter()
                .filter(|t| steps.iter().any(|s| (s - *t).abs() <= 0.011))
                .count();
            if steps.len() != base_steps.len()
                || matched != base_steps.len()
                || bouts != *base_bouts
            {
                failures.push(format!(
                    "{} {}: {} steps ({matched} at the SI times) and {bouts} bouts vs {} steps and {base_bouts} bouts",
                    case.id,
                    variant.name,
                    steps.len(),
                    base_steps.len()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
