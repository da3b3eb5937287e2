//! Every real export in ../shared/formats, one recording of every dataset in
//! ../shared/datasets, and the project's own fixtures for formats without a
//! real example are detected and read by the real binary.

mod common;
use common::{check, fixture, inspect, shared, Expect};
use std::path::PathBuf;

const ACC: &str = "accelerometer";
const GYRO: &str = "gyroscope";
const GRAV: &str = "gravity";
const MAG: &str = "magnetometer";

fn run_all(cases: &[(PathBuf, Expect)]) {
    let mut failures = Vec::new();
    for (path, expect) in cases {
        let (code, json, stderr) = inspect(&[path], &[]);
        match json {
            Some(json) => {
                for problem in check(&json, expect) {
                    failures.push(format!("{}: {problem}", path.display()));
                }
            }
            None => failures.push(format!("{}: exit {code}: {stderr}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn real_exports_are_detected_and_read() {
    let Some(shared) = shared() else { return };
    let f = shared.join("formats");
    let e = |format, streams, rate_hz, gravity_at_rest| Expect {
        format,
        streams,
        rate_hz,
        gravity_at_rest,
    };
    // Rates: from the files' own timestamps (mean interval), or the documented rate.
    let cases = vec![
        (
            f.join("androsensor/walking1.csv"),
            e("androsensor", &[ACC, GYRO, GRAV, MAG][..], 2.0, false),
        ),
        (
            f.join("axivity_cwa_convert/ax3_testfile_unix_timestamps.csv"),
            e("axivity", &[ACC][..], 100.0, false),
        ),
        // The AX6 fixture reads |a| = 0.07 g at rest (REPORT.md): no gravity check.
        (
            f.join("axivity_cwa_convert/ax6_testfile_formatted_timestamps.csv"),
            e("axivity", &[ACC, GYRO][..], 100.0, false),
        ),
        (
            f.join("empatica_e4/ACC.csv"),
            e("empatica", &[ACC][..], 32.0, true),
        ),
        (
            f.join("metawear_metabase/Accelerometer_iOS_MetaBase.csv"),
            e("metawear", &[ACC][..], 12.5, true),
        ),
        (
            f.join("phyphox/acc_with_g_comma"),
            e("phyphox", &[ACC][..], 411.6, true),
        ),
        (
            f.join("phyphox/acc_without_g_iphone_comma"),
            e("phyphox", &[ACC][..], 100.0, false),
        ),
        (
            f.join("phyphox/DERIVED_semicolon_decimal_comma"),
            e("phyphox", &[ACC][..], 100.0, false),
        ),
        (
            f.join("phyphox/android_simple_experiment"),
            e("phyphox", &[ACC][..], 101.1, false),
        ),
        (
            f.join("phyphox/ios_simple_experiment"),
            e("phyphox", &[ACC][..], 100.7, false),
        ),
        (
            f.join("phyphox/linear_acc_tab_with_meta"),
            e("phyphox", &[ACC][..], 100.0, false),
        ),
        (
            f.join("sensorlog_ios_berndthomas"),
            e("sensorlog", &[ACC, GYRO][..], 16.8, false),
        ),
        (
            f.join("sensorlogger_2"),
            e("sensor_logger", &[ACC, GYRO, GRAV, MAG][..], 100.0, true),
        ),
        // Metadata says 10 ms, but the phone delivered 16 ms steps: the timestamps decide.
        (
            f.join("sensorlogger_android"),
            e("sensor_logger", &[ACC, GYRO][..], 62.4, true),
        ),
        (
            f.join("sensorlogger_ios"),
            e("sensor_logger", &[ACC, GYRO, GRAV][..], 100.7, false),
        ),
        // Both Shimmer accelerometers read off 1 g at rest straight from the file
        // (low-noise |(-1.43, 10.0, 0.55)| = 10.12, wide-range 9.43 m/s^2): no gravity check.
        (
            f.join("shimmer_consensys/read_test_data.csv"),
            e("shimmer", &[ACC, GYRO, MAG][..], 51.2, false),
        ),
    ];
    run_all(&cases);
}

#[test]
fn gravity_free_exports_say_so() {
    let Some(shared) = shared() else { return };
    for folder in [
        "acc_without_g_iphone_comma",
        "DERIVED_semicolon_decimal_comma",
        "linear_acc_tab_with_meta",
    ] {
        let (_, json, _) = inspect(&[&shared.join("formats/phyphox").join(folder)], &[]);
        let json = json.expect("reads");
        assert_eq!(json["gravity"]["content"], "absent", "{folder}");
        assert!(
            json["warnings"].as_array().is_some_and(|w| !w.is_empty()),
            "{folder}"
        );
    }
    // iOS Sensor Logger without standardisation: the sign is flipped, and gravity is rebuilt.
    let (_, json, _) = inspect(&[&shared.join("formats/sensorlogger_ios")], &[]);
    let json = json.expect("reads");
    assert_eq!(json["gravity"]["content"], "reconstructed");
    let decisions = json["decisions"].as_array().expect("decisions");
    assert!(decisions.iter().any(|d| d["topic"] == "sign convention"
        && d["value"].as_str().unwrap_or("").contains("flipped")));
}

#[test]
fn actigraph_epoch_counts_are_recognised_and_refused() {
    let Some(shared) = shared() else { return };
    let path =
        shared.join("formats/actigraph_actilife/ActiGraph13_timestamps_headers_EPOCH_COUNTS.csv");
    let (code, _, stderr) = inspect(&[&path], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("ActiGraph epoch-count export"), "{stderr}");
    assert!(stderr.lines().count() <= 2, "{stderr}");
}

#[test]
fn one_recording_of_every_dataset() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    let e = |format, streams, rate_hz, gravity_at_rest| Expect {
        format,
        streams,
        rate_hz,
        gravity_at_rest,
    };
    let cases = vec![
        (
            d.join("gaitmap_foot/cases/healthy_2x20m_left_foot/left_imu.csv"),
            e("generic", &[ACC, GYRO][..], 204.8, true),
        ),
        // ipol 1-1_lb reads 10.12 m/s^2 at rest straight from the file (sensor calibration);
        // the right-foot sensor of the same trial is used for the gravity check.
        (
            d.join("ipol/cases/1-1_rf/1-1_rf.txt"),
            e("xsens", &[ACC, GYRO, MAG][..], 100.0, true),
        ),
        (
            d.join("ipol/cases/1-1_lb/1-1_lb.txt"),
            e("xsens", &[ACC, GYRO, MAG][..], 100.0, false),
        ),
        (
            d.join(
                "mobgap_lab/cases/HA_001_TimeMeasure1_Test11_Trial1/TimeMeasure1_Test11_Trial1.csv",
            ),
            e("mobgap", &[ACC, GYRO][..], 100.0, true),
        ),
        (
            d.join("mocap_bandai/cases/bandai_session_lower_back_01/imu.csv"),
            e("generic", &[ACC, GYRO][..], 100.0, true),
        ),
        // Continuous walking, no still period: gravity cannot be checked at rest.
        // 405.3 Hz = (rows - 1) / (last t_ns - first t_ns), computed from the file with awk.
        (
            d.join("oxford_phone/cases/Pixel_Jamie_Hard_FrontPocket_1/accelerometer.csv"),
            e("oxford_phone", &[ACC][..], 405.3, false),
        ),
    ];
    run_all(&cases);
}

#[test]
fn project_fixtures_for_formats_without_real_examples() {
    let e = |format, streams, rate_hz, gravity_at_rest| Expect {
        format,
        streams,
        rate_hz,
        gravity_at_rest,
    };
    let f = |name: &str| fixture(&format!("formats/{name}"));
    run_all(&[
        (
            f("physics_toolbox_android.csv"),
            e("physics_toolbox", &[ACC][..], 100.0, true),
        ),
        (
            f("physics_toolbox_multi.csv"),
            e("physics_toolbox", &[ACC, GYRO][..], 100.0, true),
        ),
        (
            f("actigraph_raw_30hz.csv"),
            e("actigraph", &[ACC][..], 30.0, true),
        ),
        (
            f("xsens_mtmanager.txt"),
            e("xsens", &[ACC, GYRO][..], 100.0, true),
        ),
    ]);
    let acc = f("Polar_Sense_B36F2F27_20260424_141020_ACC.txt");
    let gyro = f("Polar_Sense_B36F2F27_20260424_141020_GYRO.txt");
    let (code, json, stderr) = inspect(&[&acc, &gyro], &[]);
    assert_eq!(code, 0, "{stderr}");
    let problems = check(&json.expect("json"), &e("polar", &[ACC, GYRO], 52.0, true));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn preparation_is_reported() {
    let Some(shared) = shared() else { return };
    // MetaBase packs 3 samples per BLE packet: 29 packets, 58 samples to spread.
    let (_, json, _) = inspect(&[&shared.join("formats/metawear_metabase")], &[]);
    let grid = json.expect("reads")["grid"].clone();
    assert_eq!(grid["report"]["depacked_samples"], 58);
    assert_eq!(grid["segments"].as_array().map(Vec::len), Some(1));
    // ipol misses Xsens packets (124 of 3037 in 1-1_lb): bridged, not split.
    let (_, json, _) = inspect(
        &[&shared.join("datasets/ipol/cases/1-1_lb/1-1_lb.txt")],
        &["--resample", "50"],
    );
    let grid = json.expect("reads")["grid"].clone();
    assert_eq!(grid["rate_hz"], 50.0);
    assert!(grid["report"]["bridged_gaps"].as_u64().unwrap_or(0) > 0);
    assert_eq!(
        grid["report"]["split_gaps"].as_array().map(Vec::len),
        Some(0)
    );
    // A 400 Hz phone is low-passed before going to 100 Hz.
    let (_, json, _) = inspect(
        &[&shared
            .join("datasets/oxford_phone/cases/Pixel_Jamie_Hard_FrontPocket_1/accelerometer.csv")],
        &[],
    );
    assert_eq!(json.expect("reads")["grid"]["report"]["anti_aliased"], true);
}
