//! The `retrogait` binary: exit codes, error messages, overrides, containers.

mod common;
use common::{fixture, inspect, shared};
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn generic_csv(rows: usize, unit_suffix: &str, scale: f64) -> String {
    let mut text = format!("time_s,acc_x{unit_suffix},acc_y{unit_suffix},acc_z{unit_suffix}\n");
    for i in 0..rows {
        let t = i as f64 / 100.0;
        let wobble = if t > 3.0 { (t * 11.3).sin() } else { 0.0 };
        text.push_str(&format!(
            "{t:.2},{:.5},{:.5},{:.5}\n",
            0.1 * wobble * scale,
            0.0,
            (9.80665 + wobble) * scale
        ));
    }
    text
}

#[test]
fn text_output_names_format_streams_and_decisions() {
    let output = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["inspect"])
        .arg(fixture("formats/xsens_mtmanager.txt"))
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "format      xsens",
        "accelerometer",
        "gyroscope",
        "decisions",
        "gyroscope unit",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn unusable_inputs_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().expect("temp");
    let mut bad = generic_csv(50, "", 1.0);
    bad = bad.replacen("0.05,", "0.05,abc", 1);
    let cases = [
        (
            write(dir.path(), "bad_cell.csv", &bad),
            "bad_cell.csv:7:2 (acc_x): expected a number, found \"abc",
        ),
        (
            write(dir.path(), "empty.csv", ""),
            "empty.csv: the file is empty",
        ),
        (
            write(dir.path(), "header_only.csv", "time_s,acc_x,acc_y,acc_z\n"),
            "no data rows",
        ),
        (
            write(dir.path(), "prose.txt", "Dear diary,\ntoday I walked.\n"),
            "not a recognised recording format",
        ),
        (dir.path().join("missing.csv"), "missing.csv: No such file"),
    ];
    for (path, message) in cases {
        let (code, _, stderr) = inspect(&[&path], &[]);
        assert_eq!(code, 2, "{}: {stderr}", path.display());
        assert!(
            stderr.contains(message),
            "{}: expected {message:?} in {stderr:?}",
            path.display()
        );
        assert!(stderr.trim().lines().count() <= 2, "{stderr}");
    }
}

#[test]
fn units_are_inferred_and_overrides_win() {
    let dir = tempfile::tempdir().expect("temp");
    let in_g = write(dir.path(), "in_g.csv", &generic_csv(800, "", 1.0 / 9.80665));
    let (_, json, _) = inspect(&[&in_g], &[]);
    let json = json.expect("reads");
    let unit = json["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .find(|d| d["topic"] == "accelerometer unit")
        .expect("unit decision")
        .clone();
    assert_eq!(unit["value"], "g");
    assert_eq!(unit["source"], "inferred");
    assert!((json["gravity"]["rest_magnitude_mps2"].as_f64().unwrap() - 9.80665).abs() < 0.01);
    // Forcing the wrong unit is obeyed, recorded, and warned about.
    let (_, json, _) = inspect(&[&in_g], &["--acc-unit", "m/s^2"]);
    let json = json.expect("reads");
    assert!(json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["topic"] == "accelerometer unit" && d["source"] == "user_override"));
    assert!(json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap_or("").contains("not 9.81")));
    // A header unit is taken as stated.
    let in_mg = write(
        dir.path(),
        "in_mg.csv",
        &generic_csv(800, " (mg)", 1000.0 / 9.80665),
    );
    let (_, json, _) = inspect(&[&in_mg], &[]);
    let json = json.expect("reads");
    assert!(json["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["topic"] == "accelerometer unit"
            && d["value"] == "mg"
            && d["source"] == "header"));
}

#[test]
fn rate_option_times_files_without_a_time_column() {
    let dir = tempfile::tempdir().expect("temp");
    let mut text = String::from("acc_x,acc_y,acc_z\n");
    for i in 0..500 {
        text.push_str(&format!("0,{},9.81\n", (i as f64 * 0.3).sin()));
    }
    let path = write(dir.path(), "no_time.csv", &text);
    let (code, _, stderr) = inspect(&[&path], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--rate"), "{stderr}");
    let (_, json, _) = inspect(&[&path], &["--rate", "50"]);
    let json = json.expect("reads");
    assert!((json["streams"][0]["measured_rate_hz"].as_f64().unwrap() - 50.0).abs() < 1e-6);
    let (code, _, stderr) = inspect(&[&path], &["--rate=-3"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--rate"), "{stderr}");
}

#[test]
fn bad_option_values_are_refused_by_the_parser() {
    let output = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["inspect", "--format", "excel", "x.csv"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown format 'excel'"));
}

#[test]
fn zip_exports_and_multi_file_recordings_read() {
    let dir = tempfile::tempdir().expect("temp");
    let zip_path = dir.path().join("polar.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("create"));
    for name in [
        "Polar_Sense_B36F2F27_20260424_141020_ACC.txt",
        "Polar_Sense_B36F2F27_20260424_141020_GYRO.txt",
    ] {
        zip.start_file(
            format!("export/{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .expect("member");
        zip.write_all(&std::fs::read(fixture(&format!("formats/{name}"))).expect("fixture"))
            .expect("write");
    }
    zip.finish().expect("finish");
    let (code, json, stderr) = inspect(&[&zip_path], &[]);
    assert_eq!(code, 0, "{stderr}");
    let json = json.expect("json");
    assert_eq!(json["format"]["id"], "polar");
    assert_eq!(json["streams"].as_array().map(Vec::len), Some(2));
}

#[test]
fn mixed_recordings_are_refused() {
    let (code, _, stderr) = inspect(
        &[
            &fixture("formats/physics_toolbox_android.csv"),
            &fixture("formats/xsens_mtmanager.txt"),
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("mix formats"), "{stderr}");
    let (code, _, stderr) = inspect(
        &[
            &fixture("formats/physics_toolbox_android.csv"),
            &fixture("formats/physics_toolbox_multi.csv"),
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("one at a time"), "{stderr}");
}

#[test]
fn a_phyphox_zip_with_meta_reads_with_its_start_time() {
    let Some(shared) = shared() else { return };
    let folder = shared.join("formats/phyphox/linear_acc_tab_with_meta");
    let dir = tempfile::tempdir().expect("temp");
    let zip_path = dir
        .path()
        .join("Acceleration without g 2025-07-23 09-50-15.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("create"));
    for name in ["Raw Data.csv", "meta/time.csv", "meta/device.csv"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("member");
        zip.write_all(&std::fs::read(folder.join(name)).expect("read"))
            .expect("write");
    }
    zip.finish().expect("finish");
    let (code, json, stderr) = inspect(&[&zip_path], &[]);
    assert_eq!(code, 0, "{stderr}");
    let json = json.expect("json");
    assert_eq!(json["format"]["id"], "phyphox");
    assert_eq!(json["device"], "phyphox 1.2.0 on Apple iPhone16,2");
    assert!(
        json["start_time"]
            .as_str()
            .unwrap_or("")
            .starts_with("2025-07-23T09:50:15.48"),
        "{}",
        json["start_time"]
    );
}

#[test]
fn the_same_input_gives_byte_identical_outputs() {
    let dir = tempfile::tempdir().expect("temp");
    let input =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/retro_intervals.csv");
    let run = |name: &str| {
        let out = dir.path().join(name);
        let status = common::analyze(
            &["--placement", "lower_back", "--height", "1.7"],
            &out,
            &input,
        );
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        out
    };
    let (a, b) = (run("a"), run("b"));
    for file in [
        "steps.csv",
        "bouts.csv",
        "summary.json",
        "report.html",
        "plots/overview.svg",
        "plots/overview.png",
    ] {
        let left = std::fs::read(a.join(file)).expect("read");
        let right = std::fs::read(b.join(file)).expect("read");
        assert!(!left.is_empty());
        assert_eq!(left, right, "{file} differs between two runs");
    }
}

#[test]
fn simulate_writes_a_case_that_analyze_and_bench_read() {
    // Plumbing only: the walker is ours, so no accuracy is claimed from it.
    let dir = tempfile::tempdir().expect("temp");
    let csv = dir.path().join("case/imu.csv");
    std::fs::create_dir_all(csv.parent().expect("parent")).expect("mkdir");
    let output = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args([
            "simulate",
            "--pattern",
            "F20,S4,B12",
            "--seed",
            "5",
            "--out",
        ])
        .arg(&csv)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in ["case.json", "reference/events.csv", "reference/bouts.csv"] {
        assert!(dir.path().join("case").join(file).exists(), "{file}");
    }
    let truth =
        std::fs::read_to_string(dir.path().join("case/reference/events.csv")).expect("events");
    let contacts = truth.lines().count() - 1;
    let out = dir.path().join("out");
    let analysed = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["analyze", "--case"])
        .arg(dir.path().join("case"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        analysed.status.success(),
        "{}",
        String::from_utf8_lossy(&analysed.stderr)
    );
    let steps = std::fs::read_to_string(out.join("steps.csv"))
        .expect("steps")
        .lines()
        .count()
        - 1;
    assert!(
        (steps as i64 - contacts as i64).abs() <= 2,
        "{steps} steps vs {contacts} simulated contacts"
    );
    let bad = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["simulate", "--pattern", "X5", "--out"])
        .arg(dir.path().join("x.csv"))
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--pattern"));
}
