//! The bad-input catalogue (tests/bad_inputs/, written by scripts/make_bad_inputs.py):
//! every kind either fails with exit code 2 and a message naming the file (and
//! line/column where there is one), or gives a best-effort result (exit 0) whose
//! summary says what was wrong. The README's robustness table lists the same.

use std::path::{Path, PathBuf};

/// What `analyze` must do with one catalogue entry.
enum Expect {
    /// Exit 2, stderr contains this text.
    Fails(&'static str),
    /// Exit 0, the summary's warnings or notes contain this text ("" = just a result).
    Warns(&'static str),
}

fn catalogue() -> Vec<(&'static str, Expect)> {
    use Expect::*;
    vec![
        ("01_empty.csv", Fails("01_empty.csv: the file is empty")),
        ("02_header_only.csv", Fails("no data rows")),
        ("03_binary.bin", Fails("the file is binary")),
        ("04_utf16.csv", Warns("")),
        ("05_cp1252_units.csv", Warns("")),
        (
            "06_truncated_last_row.csv",
            Warns("the last line (601) is incomplete"),
        ),
        (
            "07_non_numeric_cell.csv",
            Fails("07_non_numeric_cell.csv:301:3 (acc_y): expected a number, found \"abc\""),
        ),
        (
            "08_nan_inf_cells.csv",
            Warns("rows had empty, NaN or infinite accelerometer cells"),
        ),
        (
            "09_missing_columns.csv",
            Fails("the header names accelerometer axes x, y only"),
        ),
        ("10_extra_columns.csv", Warns("")),
        (
            "11_unsorted_timestamps.csv",
            Warns("rows were out of time order and were sorted"),
        ),
        (
            "12_duplicate_timestamps.csv",
            Warns("samples shared a timestamp (packed); spread evenly"),
        ),
        (
            "13_clock_jump_back.csv",
            Warns("the clock jumps back by 3.990 s"),
        ),
        (
            "14_huge_gap.csv",
            Warns("1 gap(s) longer than 0.5 s split the recording into 2 segments"),
        ),
        (
            "15_constant_timestamps.csv",
            Fails("timestamps are equal: the time column is not a clock"),
        ),
        (
            "16_mixed_separators.csv",
            Fails("16_mixed_separators.csv:3: expected 7 fields, found 1"),
        ),
        ("17_decimal_comma.csv", Warns("")),
        (
            "18_g_labelled_mps2.csv",
            Warns("|a| at rest is 1.00 m/s^2, not 9.81"),
        ),
        (
            "19_degps_labelled_rads.csv",
            Warns("the gyroscope is labelled rad/s but"),
        ),
        ("20_gravity_removed.csv", Warns("gravity removed")),
        ("21_rate_10hz.csv", Warns("too slow to resolve steps")),
        ("22_few_seconds.csv", Warns("")),
        ("23_no_walking.csv", Warns("")),
        (
            "24_zip_without_recording.zip",
            Fails("none of the 2 files is a recording retrogait can read"),
        ),
        ("25_two_recordings", Fails("give one at a time")),
        (
            "26_gravity_removed_labelled_total.csv",
            Warns("the data seem to have gravity removed"),
        ),
    ]
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

#[test]
fn every_bad_input_has_its_exit_code_and_message() {
    let out = tempfile::tempdir().expect("temp");
    let mut failures = Vec::new();
    for (name, expect) in catalogue() {
        let target = out.path().join(name);
        let output = assert_cmd::Command::cargo_bin("retrogait")
            .expect("binary")
            .args(["analyze", "--out"])
            .arg(&target)
            .arg(dir().join(name))
            .output()
            .expect("run");
        let code = output.status.code();
        let stderr = String::from_utf8_lossy(&output.stderr);
        match expect {
            Expect::Fails(text) => {
                if code != Some(2) || !stderr.contains(text) {
                    failures.push(format!(
                        "{name}: exit {code:?}, stderr {stderr:?}, wanted exit 2 with {text:?}"
                    ));
                }
                if stderr.trim().lines().count() > 2 {
                    failures.push(format!("{name}: more than two lines of error: {stderr}"));
                }
            }
            Expect::Warns(text) => {
                if code != Some(0) {
                    failures.push(format!("{name}: exit {code:?}: {stderr}"));
                    continue;
                }
                let summary =
                    std::fs::read_to_string(target.join("summary.json")).unwrap_or_default();
                if !summary.contains(&text.replace('"', "\\\"")) {
                    failures.push(format!("{name}: summary lacks {text:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_catalogue_has_at_least_25_kinds() {
    assert!(catalogue().len() >= 25);
    for (name, _) in catalogue() {
        assert!(
            dir().join(name).exists(),
            "{name} is missing: run scripts/make_bad_inputs.py"
        );
    }
}

#[test]
fn outputs_cannot_be_written_to_a_file_path() {
    let out = tempfile::tempdir().expect("temp");
    let blocker = out.path().join("not_a_dir");
    std::fs::write(&blocker, "x").expect("write");
    let output = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["analyze", "--out"])
        .arg(blocker.join("results"))
        .arg(dir().join("10_extra_columns.csv"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not_a_dir"));
}
