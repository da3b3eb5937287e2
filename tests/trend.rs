//! `retrogait trend` driven as a user would: simulated sessions analysed into a
//! batch-like folder, dated by their input files' times (the simulator states no
//! start time) and, for an edited copy, by `recording.start_time`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

fn retrogait(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        // File times are shown in the computer's time zone: fix it.
        .env("TZ", "UTC")
        .args(args)
        .output()
        .expect("run retrogait")
}

fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("summary")).expect("json")
}

/// Seconds since 1970 of a UTC noon (days since 1970-01-01).
fn noon(days_since_1970: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(days_since_1970 * 86_400 + 12 * 3600)
}

/// Days since 1970 of 2026-03-02, a Monday (ISO week 2026-W10).
const MONDAY_W10: u64 = 20_514;

/// Simulates and analyses one session into `out/<id>`, with its input's
/// modification time set to `modified`.
fn session(root: &Path, id: &str, pattern: &str, seed: u64, modified: SystemTime) -> PathBuf {
    let case = root.join("in").join(id);
    let csv = case.join("walk.csv");
    let seed = seed.to_string();
    let output = retrogait(&[
        "simulate",
        "--out",
        path_text(&csv),
        "--pattern",
        pattern,
        "--seed",
        &seed,
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let out = root.join("out").join(id);
    let output = retrogait(&[
        "analyze",
        "--case",
        path_text(&case),
        "--out",
        path_text(&out),
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let file = std::fs::File::options()
        .write(true)
        .open(&csv)
        .expect("open input");
    file.set_modified(modified).expect("set modification time");
    out
}

/// The weekly rows of the HTML: week -> (backward minutes, backward steps, sessions).
fn weekly_rows(html: &str) -> BTreeMap<String, (f64, u64, usize)> {
    let mut rows = BTreeMap::new();
    for row in html.split("<tr data-week=\"").skip(1) {
        let attribute = |name: &str| -> String {
            let start = row.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            row[start..].split('"').next().unwrap().to_string()
        };
        let week = row.split('"').next().unwrap().to_string();
        rows.insert(
            week,
            (
                attribute("data-backward-minutes").parse().unwrap(),
                attribute("data-backward-steps").parse().unwrap(),
                attribute("data-sessions").parse().unwrap(),
            ),
        );
    }
    rows
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// Checks what every trend page must satisfy: sections, no URL, balanced SVG with units.
fn check_page(html: &str) {
    for id in [
        "header",
        "date-sources",
        "weekly",
        "directions",
        "three-metre",
        "sessions",
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "section {id} missing"
        );
    }
    for forbidden in ["http://", "https://", "<script", " src=", "url(", "@import"] {
        assert!(!html.contains(forbidden), "the page holds {forbidden}");
    }
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(
        count(html, "<svg"),
        count(html, "</svg>"),
        "SVG elements balanced"
    );
    assert_eq!(count(html, "<section"), count(html, "</section>"));
    assert_eq!(count(html, "<table"), count(html, "</table>"));
    for unit in [
        "backward walking (min)",
        "backward steps (count)",
        "ISO week",
    ] {
        assert!(html.contains(unit), "axis label {unit}");
    }
    assert!(html.contains("@page") && html.contains("A4"), "print CSS");
}

#[test]
fn trend_sums_weeks_dates_sessions_and_reads_3mbw_tests() {
    let root = tempfile::tempdir().expect("temp dir");
    let root = root.path();
    let dates = [
        ("p1", "S3,F20,S3,B15,S3", 0),  // Monday, 2026-W10
        ("p2", "S3,B20,S3,F10,S3", 2),  // Wednesday, 2026-W10
        ("p3", "S3,F12,B8,S3", 15),     // Tuesday, 2026-W12 (W11 has no session)
        ("p4", "S3,F10,S3,B10,S3", 23), // Wednesday, 2026-W13
    ];
    let mut folders = Vec::new();
    for (i, (id, pattern, day)) in dates.iter().enumerate() {
        folders.push(session(
            root,
            id,
            pattern,
            i as u64 + 1,
            noon(MONDAY_W10 + day),
        ));
    }
    // The simulated trunk sensor has no known forward axis, so its walking is of
    // unknown direction; p2's summary gets the backward figures a sensor with a
    // known direction would give, so the weekly sums are not all zero.
    let p2 = folders[1].join("summary.json");
    let mut summary = read_json(&p2);
    summary["backward"] = serde_json::json!({"time_s": 75.5, "steps": 64, "bouts": 2,
        "cadence_spm": 84.0, "step_length_m": 0.31, "speed_mps": 0.43, "distance_m": 19.8});
    std::fs::write(&p2, summary.to_string()).unwrap();
    // A failed recording and an empty folder are skipped, each with its reason.
    let failed = root.join("out/failed");
    std::fs::create_dir_all(&failed).unwrap();
    std::fs::write(
        failed.join("error.json"),
        r#"{"error": "bad.csv:7:2 (acc_x): expected a number, found \"<abc>\""}"#,
    )
    .unwrap();
    std::fs::create_dir_all(root.join("out/empty")).unwrap();

    let out_dir = root.join("out");
    let html_path = root.join("trend.html");
    let output = retrogait(&["trend", path_text(&out_dir), "--out", path_text(&html_path)]);
    assert!(output.status.success(), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("failed") && stderr.contains("empty"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(&html_path).expect("trend.html");
    check_page(&html);
    assert!(html.contains("No 3-metre backward walk tests in these sessions."));
    assert!(html.contains("data-skipped=\"2\""));
    assert!(html.contains("expected a number, found &quot;&lt;abc&gt;&quot;"));
    // Every session is dated by its input file's time, and the page says so.
    assert!(html.contains("data-date-source=\"input file time\" data-count=\"4\""));
    assert!(html.contains("modification time"));
    assert_eq!(count(&html, "<tr data-session="), 4);

    // Weekly numbers are the sums of the summaries of each week.
    let summaries: Vec<Value> = folders
        .iter()
        .map(|f| read_json(&f.join("summary.json")))
        .collect();
    let sum = |indices: &[usize]| -> (f64, u64, usize) {
        let minutes = indices
            .iter()
            .map(|&i| summaries[i]["backward"]["time_s"].as_f64().unwrap() / 60.0)
            .sum();
        let steps = indices
            .iter()
            .map(|&i| summaries[i]["backward"]["steps"].as_u64().unwrap())
            .sum();
        (minutes, steps, indices.len())
    };
    let expected: BTreeMap<String, (f64, u64, usize)> = [
        ("2026-W10".to_string(), sum(&[0, 1])),
        ("2026-W12".to_string(), sum(&[2])),
        ("2026-W13".to_string(), sum(&[3])),
    ]
    .into_iter()
    .collect();
    let rows = weekly_rows(&html);
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (week, (minutes, steps, sessions)) in &expected {
        let got = rows[week];
        assert!(
            (got.0 - minutes).abs() < 1e-9,
            "{week}: {got:?} vs {minutes}"
        );
        assert_eq!((got.1, got.2), (*steps, *sessions), "{week}");
    }
    // The empty week is on the axis of the weekly plots.
    assert!(html.contains("2026-W11"));

    // Refuses to overwrite without --force.
    let again = retrogait(&["trend", path_text(&out_dir), "--out", path_text(&html_path)]);
    assert_eq!(again.status.code(), Some(2), "{}", describe(&again));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));

    // A copy whose summary states its start time (and holds direction figures
    // and a 3-metre backward walk test), given as a second DIR.
    let mut edited = summaries[3].clone();
    edited["recording"]["start_time"] = "2026-04-01T23:30:00+02:00".into();
    edited["backward"] = serde_json::json!({"time_s": 90.0, "steps": 120, "bouts": 3,
        "cadence_spm": 80.0, "step_length_m": 0.3, "speed_mps": 0.4, "distance_m": 36.0});
    edited["forward"] = serde_json::json!({"time_s": 200.0, "steps": 360, "bouts": 4,
        "cadence_spm": 108.0, "step_length_m": 0.62, "speed_mps": 1.12, "distance_m": 223.0});
    edited["tests"] = serde_json::json!({"three_metre_backward_walk": {
        "protocol": "stand, walk 3 m backward",
        "trials": [{"trial": 1, "time_s": 6.25}, {"trial": 2, "time_s": 5.75}]}});
    let copy = root.join("extra/p5");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::write(copy.join("summary.json"), edited.to_string()).unwrap();
    let output = retrogait(&[
        "trend",
        path_text(&out_dir),
        path_text(&copy),
        "--out",
        path_text(&html_path),
        "--force",
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let html = std::fs::read_to_string(&html_path).expect("trend.html");
    check_page(&html);
    assert_eq!(count(&html, "<tr data-session="), 5);
    assert!(html.contains("data-date-source=\"recording\" data-count=\"1\""));
    assert!(html.contains("data-date-source=\"input file time\" data-count=\"4\""));
    // Dated in its own offset: 1 April local (31 March in UTC), 2026-W14.
    assert!(html.contains("2026-04-01 23:30"));
    let rows = weekly_rows(&html);
    let w14 = rows["2026-W14"];
    assert!(
        (w14.0 - 1.5).abs() < 1e-9 && w14.1 == 120 && w14.2 == 1,
        "{w14:?}"
    );
    // Forward vs backward plots with their units, one point per direction at least.
    for unit in ["cadence (steps/min)", "step length (m)", "speed (m/s)"] {
        assert!(html.contains(unit), "{unit}");
    }
    assert!(html.contains("id=\"cadence\" data-forward-points=\"1\" data-backward-points=\"2\""));
    // The 3MBW trials: plotted and listed with their mean.
    assert!(!html.contains("No 3-metre backward walk tests"));
    assert!(html.contains("3-metre backward walk time") && html.contains("test time (s)"));
    assert!(html.contains("6.25, 5.75") && html.contains("<td>6.00</td>"));
    // Weekly plots, three direction plots, the 3MBW plot.
    assert_eq!(count(&html, "<svg"), 6);
}

#[test]
fn trend_without_any_summary_is_an_error() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(root.path().join("nothing")).unwrap();
    let out = root.path().join("t.html");
    let output = retrogait(&["trend", path_text(root.path()), "--out", path_text(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no analysis results"));
    assert!(!out.exists());
}
