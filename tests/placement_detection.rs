//! Automatic placement detection on real recordings, through the real binary
//! analysing without `--placement`: a phone in a front trouser pocket is
//! detected and then analysed exactly as with `--placement
//! thigh_front_pocket`; a lower-back sensor, a back pocket and a phone in a
//! swinging hand (the thigh's closest look-alikes) are deliberately left
//! unknown; a foot sensor is still detected.

mod common;

use common::shared;
use std::path::{Path, PathBuf};

/// The recording file of a benchmark case (its only input).
fn case_input(shared: &Path, dataset: &str, case: &str) -> PathBuf {
    let dir = shared
        .join("datasets")
        .join(dataset)
        .join("cases")
        .join(case);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).expect("case.json"))
            .expect("case.json parses");
    let inputs = json["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 1, "{case}: one input file");
    dir.join(inputs[0].as_str().expect("input name"))
}

/// Analyses `input` with `args` into `out`; returns the summary's
/// `recording.placement` and `recording.placement_source`.
fn placement_of(input: &Path, args: &[&str], out: &Path) -> (String, String) {
    let output = common::analyze(args, out, input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    let recording = &summary["recording"];
    (
        recording["placement"]
            .as_str()
            .unwrap_or("unknown")
            .to_string(),
        recording["placement_source"]
            .as_str()
            .expect("placement_source")
            .to_string(),
    )
}

#[test]
fn a_front_pocket_phone_is_detected_and_analysed_as_if_given() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().expect("temp");
    let input = case_input(&shared, "oxford_phone", "Samsung_Dario_Hard_FrontPocket_1");
    let detected_out = dir.path().join("detected");
    let (placement, source) = placement_of(&input, &[], &detected_out);
    assert_eq!(placement, "thigh_front_pocket", "{source}");
    assert!(source.starts_with("detected (confidence 0."), "{source}");
    assert!(source.contains("once per stride"), "{source}");
    // The thigh's own paths run (its step-length model) exactly as if given.
    let given_out = dir.path().join("given");
    let (given, _) = placement_of(&input, &["--placement", "thigh_front_pocket"], &given_out);
    assert_eq!(given, "thigh_front_pocket");
    for file in ["steps.csv", "bouts.csv"] {
        let detected = std::fs::read_to_string(detected_out.join(file)).expect("detected");
        let given = std::fs::read_to_string(given_out.join(file)).expect("given");
        assert_eq!(detected, given, "{file} differs from --placement's");
    }
    let steps = std::fs::read_to_string(detected_out.join("steps.csv")).expect("steps");
    assert!(steps.lines().count() > 100, "a 3-minute walk: {steps}");
}

#[test]
fn a_lower_back_sensor_and_the_thighs_look_alikes_stay_unknown() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().expect("temp");
    // The lower back: both steps shake it alike, so its tilt is no
    // once-per-stride swing; the trunk itself is not detected (a phone held
    // in the hand, an armband, a neck pouch and a bag look the same).
    for (dataset, case, why) in [
        ("ipol", "1-1_lb", "not a thigh pocket"),
        (
            "oxford_phone",
            "Samsung_Dario_Hard_BackPocket_1",
            "one step later",
        ),
        (
            "oxford_phone",
            "Pixel_Jamie_Hard_SwingingArm_1",
            "not a thigh pocket",
        ),
        (
            "oxford_phone",
            "Samsung_Carmelo_Hard_NeckPouch_1",
            "not a thigh pocket",
        ),
    ] {
        let input = case_input(&shared, dataset, case);
        let (placement, source) = placement_of(&input, &[], &dir.path().join(case));
        assert_eq!(placement, "unknown", "{case}: {source}");
        assert!(source.starts_with("unknown: "), "{case}: {source}");
        assert!(source.contains(why), "{case}: {source}");
    }
}

#[test]
fn a_foot_sensor_is_still_detected() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().expect("temp");
    let input = case_input(&shared, "ipol", "1-1_lf");
    let (placement, source) = placement_of(&input, &[], &dir.path().join("foot"));
    assert_eq!(placement, "foot", "{source}");
    assert!(source.contains("a foot sensor"), "{source}");
}
