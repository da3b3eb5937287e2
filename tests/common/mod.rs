//! Helpers shared by the integration tests: the real binary, and the shared data.
//! Each test crate uses a subset of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared` beside the checkout, when present. Without it the shared-data
/// tests say so and pass, except under CI (`CI` set), where missing data fail.
/// `RETROGAIT_SHARED` names another place (a worktree elsewhere).
pub fn shared() -> Option<PathBuf> {
    let path = std::env::var_os("RETROGAIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if path.join("formats").is_dir() && path.join("datasets").is_dir() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "CI is set but ../shared (formats/, datasets/) is missing at {}",
            path.display()
        );
    }
    eprintln!("skipping: ../shared is not present (set CI to make this an error)");
    None
}

/// A project fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `retrogait inspect --json` and returns the exit code, parsed JSON (on success) and stderr.
pub fn inspect(inputs: &[&Path], extra: &[&str]) -> (i32, Option<serde_json::Value>, String) {
    let output = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .arg("inspect")
        .arg("--json")
        .args(extra)
        .args(inputs)
        .output()
        .expect("run retrogait");
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = if code == 0 {
        Some(serde_json::from_slice(&output.stdout).expect("inspect --json prints JSON"))
    } else {
        None
    };
    (code, json, stderr)
}

/// What a test expects of one recording.
pub struct Expect<'a> {
    pub format: &'a str,
    pub streams: &'a [&'a str],
    pub rate_hz: f64,
    /// Check |a| at rest is 9.81 ± 0.3 m/s² (files that include gravity and have a still period).
    pub gravity_at_rest: bool,
}

/// Checks the JSON of `inspect` against the expectation; returns a description of every mismatch.
pub fn check(json: &serde_json::Value, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let format = json["format"]["id"].as_str().unwrap_or("");
    if format != expect.format {
        problems.push(format!("format {format}, expected {}", expect.format));
    }
    let streams: Vec<&str> = json["streams"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["kind"].as_str()).collect())
        .unwrap_or_default();
    if streams != expect.streams {
        problems.push(format!(
            "streams {streams:?}, expected {:?}",
            expect.streams
        ));
    }
    let rate = json["streams"][0]["measured_rate_hz"]
        .as_f64()
        .unwrap_or(0.0);
    if (rate / expect.rate_hz - 1.0).abs() > 0.02 {
        problems.push(format!(
            "rate {rate:.3} Hz, expected {} Hz within 2 %",
            expect.rate_hz
        ));
    }
    if expect.gravity_at_rest {
        let still = json["gravity"]["still"].as_bool().unwrap_or(false);
        let magnitude = json["gravity"]["rest_magnitude_mps2"]
            .as_f64()
            .unwrap_or(0.0);
        if !still {
            problems.push("no still period found".into());
        }
        if (magnitude - 9.81).abs() > 0.3 {
            problems.push(format!(
                "|a| at rest {magnitude:.3} m/s^2, expected 9.81 ± 0.3"
            ));
        }
        if json["gravity"]["content"] == "absent" {
            problems.push("gravity reported absent".into());
        }
    }
    problems
}

/// Runs `retrogait analyze ARGS... --out OUT INPUT` and returns its output.
pub fn analyze(args: &[&str], out: &Path, input: &Path) -> std::process::Output {
    assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .arg("analyze")
        .args(args)
        .arg("--out")
        .arg(out)
        .arg(input)
        .output()
        .expect("run retrogait")
}

/// A benchmark case's recording and analysis options, read as `bench` reads
/// them; panics (a test failure) unless the case leaves the mounting unknown.
pub fn read_mounting_unknown(
    case: &retrogait::bench::Case,
) -> (
    retrogait::Recording,
    retrogait::gait::analysis::AnalysisOptions,
) {
    let (read_options, options) = retrogait::bench::run::case_options(case);
    assert!(
        options.forward_axis.is_none(),
        "{}: mounting must be unknown",
        case.id
    );
    let recording = retrogait::io::read(&case.inputs, &read_options)
        .expect("reads")
        .recording;
    (recording, options)
}

/// The case folders under `cases` whose names contain `part`, sorted.
pub fn case_dirs(cases: &Path, part: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases)
        .expect("cases folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains(part))
        })
        .collect();
    dirs.sort();
    dirs
}
