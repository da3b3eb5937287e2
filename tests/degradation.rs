//! Graceful degradation on real exports: what the summary says when the
//! gyroscope is missing or the acceleration has no gravity.

mod common;
use common::shared;
use std::path::Path;

/// `retrogait analyze` on `input`: exit 0, and the summary's notes and warnings.
fn summary_notes(input: &Path, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = common::analyze(args, out.path(), input);
    assert!(
        output.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("summary.json")).expect("summary.json"),
    )
    .expect("summary parses");
    let texts = |key: &str| -> Vec<String> {
        summary[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().expect("text").to_string())
            .collect()
    };
    (texts("notes"), texts("warnings"))
}

fn has(texts: &[String], start: &str) -> bool {
    texts.iter().any(|t| t.starts_with(start))
}

#[test]
fn linear_acceleration_without_gravity_stream_is_analysed_with_a_note() {
    let Some(shared) = shared() else { return };
    for folder in [
        "phyphox/android_simple_experiment",
        "phyphox/linear_acc_tab_with_meta",
        "phyphox/acc_without_g_iphone_comma",
    ] {
        let (notes, warnings) = summary_notes(&shared.join("formats").join(folder), &[]);
        assert!(
            has(&notes, "gravity absent: the file has linear acceleration only and no gravity stream; the vertical is estimated from the low-passed acceleration"),
            "{folder}: {notes:?}"
        );
        assert!(
            has(&warnings, "the accelerometer data have gravity removed"),
            "{folder}: {warnings:?}"
        );
    }
}

#[test]
fn linear_acceleration_with_a_gravity_stream_gets_gravity_back() {
    let Some(shared) = shared() else { return };
    for folder in ["sensorlogger_2", "sensorlogger_ios"] {
        let (notes, _) = summary_notes(&shared.join("formats").join(folder), &[]);
        assert!(
            has(&notes, "gravity: the file has linear acceleration only; the device's gravity stream was added back to it"),
            "{folder}: {notes:?}"
        );
        assert!(!has(&notes, "gravity absent"), "{folder}: {notes:?}");
        assert!(!has(&notes, "no gyroscope"), "{folder}: {notes:?}");
    }
    // A total-acceleration export says nothing about gravity.
    let (notes, _) = summary_notes(&shared.join("formats/sensorlogger_android"), &[]);
    assert!(!notes.iter().any(|n| n.contains("gravity")), "{notes:?}");
}

#[test]
fn accelerometer_only_exports_name_the_accelerometer_only_methods() {
    let Some(shared) = shared() else { return };
    let formats = shared.join("formats");
    let (notes, _) = summary_notes(&formats.join("phyphox/acc_with_g_comma"), &[]);
    assert!(
        has(&notes, "no gyroscope: accelerometer-only methods: vertical from the low-passed accelerometer, steps from the vertical acceleration alone, walking direction unknown"),
        "{notes:?}"
    );
    assert!(!has(&notes, "gravity"), "{notes:?}");
    // With the mounting given, the direction has a method again.
    let (notes, _) = summary_notes(
        &formats.join("empatica_e4/ACC.csv"),
        &["--forward-axis", "+x"],
    );
    assert!(
        notes.iter().any(|n| n.starts_with("no gyroscope")
            && n.contains(
                "walking direction from the inverted-pendulum cue along the given forward axis"
            )),
        "{notes:?}"
    );
    // A foot placement without gyroscope: no strapdown stride length, and said so.
    let (notes, _) = summary_notes(
        &formats.join("empatica_e4/ACC.csv"),
        &["--placement", "foot_left"],
    );
    assert!(has(&notes, "foot sensor without a gyroscope"), "{notes:?}");
    assert!(!has(&notes, "stride length: strapdown"), "{notes:?}");
}
