//! A file of each format rotated into an unusual layout (columns reversed,
//! an extra column, CRLF line ends, a UTF-8 BOM, trailing separators) reads to
//! the same recording as the original.

mod common;
use common::{fixture, inspect, shared};
use std::path::{Path, PathBuf};

/// How to rotate one data file.
struct Spec {
    /// The file, relative to its input (a folder input keeps its other files as they are).
    file: &'static str,
    /// 0-based line of the column names; `None` for headerless files.
    header_line: Option<usize>,
    /// Lines after the header that are not data (a units row).
    extra_header_rows: usize,
    separator: char,
}

fn rotate(text: &str, spec: &Spec) -> String {
    let sep = spec.separator;
    let mut out = String::from("\u{FEFF}");
    for (index, line) in text.lines().enumerate() {
        let in_table = spec.header_line.is_some_and(|h| index >= h);
        let mut line = line.to_string();
        if in_table {
            let mut cells: Vec<&str> = line.split(sep).collect();
            cells.reverse();
            let is_header = spec
                .header_line
                .is_some_and(|h| index <= h + spec.extra_header_rows);
            let extra = if is_header { "extra column" } else { "7" };
            line = format!("{extra}{sep}{}", cells.join(&sep.to_string()));
        }
        let is_data = spec
            .header_line
            .is_none_or(|h| index > h + spec.extra_header_rows);
        if is_data && !line.trim().is_empty() && !line.ends_with(sep) {
            line.push(sep);
        }
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

/// Copies `input` (file or folder) to a temp dir with `spec.file` rotated.
fn rotated_copy(input: &Path, spec: &Spec, dir: &Path) -> PathBuf {
    if input.is_dir() {
        let target = dir.join(input.file_name().expect("name"));
        copy_tree(input, &target);
        let file = target.join(spec.file);
        let text = std::fs::read_to_string(&file).expect("utf-8 text");
        std::fs::write(&file, rotate(&text, spec)).expect("write");
        target
    } else {
        let target = dir.join(input.file_name().expect("name"));
        let bytes = std::fs::read(input).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        std::fs::write(&target, rotate(&text, spec)).expect("write");
        target
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// The parts of `inspect` that must not change with the layout.
fn essence(json: &serde_json::Value) -> serde_json::Value {
    let streams: Vec<serde_json::Value> = json["streams"]
        .as_array()
        .expect("streams")
        .iter()
        .map(|s| {
            serde_json::json!([
                s["kind"],
                s["samples"],
                s["first_s"],
                s["last_s"],
                s["measured_rate_hz"]
            ])
        })
        .collect();
    serde_json::json!({
        "format": json["format"]["id"],
        "streams": streams,
        "gravity": json["gravity"]["content"],
        "rest": json["gravity"]["rest_magnitude_mps2"].as_f64().map(|m| (m * 1e9).round()),
    })
}

fn check_all(cases: &[(PathBuf, Spec)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for (index, (input, spec)) in cases.iter().enumerate() {
        let case_dir = dir.path().join(index.to_string());
        std::fs::create_dir_all(&case_dir).expect("mkdir");
        let rotated = rotated_copy(input, spec, &case_dir);
        let (code_a, original, err_a) = inspect(&[input], &[]);
        let (code_b, changed, err_b) = inspect(&[&rotated], &[]);
        match (original, changed) {
            (Some(a), Some(b)) if essence(&a) == essence(&b) => {}
            (Some(a), Some(b)) => failures.push(format!(
                "{}: differs after rotation:\n  original {}\n  rotated  {}",
                input.display(),
                essence(&a),
                essence(&b)
            )),
            _ => failures.push(format!(
                "{}: exit {code_a}/{code_b}: {err_a} {err_b}",
                input.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const fn headered(file: &'static str, header_line: usize, separator: char) -> Spec {
    Spec {
        file,
        header_line: Some(header_line),
        extra_header_rows: 0,
        separator,
    }
}

const fn headerless(file: &'static str, separator: char) -> Spec {
    Spec {
        file,
        header_line: None,
        extra_header_rows: 0,
        separator,
    }
}

#[test]
fn real_exports_read_the_same_in_unusual_layouts() {
    let Some(shared) = shared() else { return };
    let f = shared.join("formats");
    let d = shared.join("datasets");
    let cases = vec![
        (
            f.join("androsensor/walking1.csv"),
            headered("walking1.csv", 1, ';'),
        ),
        (
            f.join("axivity_cwa_convert/ax6_testfile_formatted_timestamps.csv"),
            headerless("", ','),
        ),
        (
            f.join("axivity_cwa_convert/ax3_testfile_unix_timestamps.csv"),
            headerless("", ','),
        ),
        (f.join("empatica_e4/ACC.csv"), headerless("", ',')),
        (
            f.join("metawear_metabase/Accelerometer_iOS_MetaBase.csv"),
            headered("", 0, ','),
        ),
        (
            f.join("phyphox/acc_with_g_comma"),
            headered("Raw Data.csv", 0, ','),
        ),
        (
            f.join("phyphox/DERIVED_semicolon_decimal_comma"),
            headered("Raw Data.csv", 0, ';'),
        ),
        (
            f.join("phyphox/linear_acc_tab_with_meta"),
            headered("Raw Data.csv", 0, '\t'),
        ),
        (
            f.join("sensorlog_ios_berndthomas/2025-03-11_14_44_11_my_iOS_device.csv"),
            headered("", 0, ','),
        ),
        (f.join("sensorlogger_ios"), headered("Gravity.csv", 0, ',')),
        (
            f.join("sensorlogger_android"),
            headered("TotalAcceleration.csv", 0, ','),
        ),
        (
            f.join("shimmer_consensys/read_test_data.csv"),
            Spec {
                file: "",
                header_line: Some(1),
                extra_header_rows: 1,
                separator: ';',
            },
        ),
        (
            d.join("ipol/cases/1-1_lb/1-1_lb.txt"),
            headered("", 1, '\t'),
        ),
        (
            d.join(
                "mobgap_lab/cases/HA_001_TimeMeasure1_Test5_Trial1/TimeMeasure1_Test5_Trial1.csv",
            ),
            headered("", 0, ','),
        ),
        (
            d.join("gaitmap_foot/cases/healthy_2x20m_right_foot/right_imu.csv"),
            headered("", 0, ','),
        ),
        (
            d.join("oxford_phone/cases/Samsung_Jamie_Hard_InHand_1/accelerometer.csv"),
            headerless("", ','),
        ),
    ];
    check_all(&cases);
}

#[test]
fn fixtures_read_the_same_in_unusual_layouts() {
    let f = |name: &str| fixture(&format!("formats/{name}"));
    check_all(&[
        (f("physics_toolbox_multi.csv"), headered("", 0, ',')),
        (f("actigraph_raw_30hz.csv"), headered("", 10, ',')),
        (f("xsens_mtmanager.txt"), headered("", 6, '\t')),
        (
            f("Polar_Sense_B36F2F27_20260424_141020_ACC.txt"),
            headered("", 0, ';'),
        ),
    ]);
}
