//! Windowed reading (long files) gives the samples a whole read gives, for
//! every single-file format: times stay relative to the file's first row
//! through each clock kind (seconds, epoch nanoseconds, date-times, sample
//! counters, implicit row times), and units are those of the whole read.

mod common;

use retrogait::inspect::InspectReport;
use retrogait::io::chunks::{ChunkedReader, MIN_WINDOW_ROWS};
use retrogait::io::ReadOptions;
use retrogait::prepare::PrepareOptions;
use retrogait::recording::{DecisionSource, VectorStream};
use std::path::PathBuf;

/// Appends `window` to `joined` (windows read back to back do not overlap).
fn append(joined: &mut VectorStream, window: &VectorStream) {
    for i in 0..window.len() {
        joined.push(window.time_s[i], [window.x[i], window.y[i], window.z[i]]);
    }
}

fn assert_same(name: &str, whole: &VectorStream, windowed: &VectorStream) {
    assert_eq!(whole.len(), windowed.len(), "{name}: sample count");
    for i in 0..whole.len() {
        assert!(
            (whole.time_s[i] - windowed.time_s[i]).abs() < 1e-9,
            "{name}: time of sample {i}: {} vs {}",
            whole.time_s[i],
            windowed.time_s[i]
        );
        assert_eq!(
            [whole.x[i], whole.y[i], whole.z[i]],
            [windowed.x[i], windowed.y[i], windowed.z[i]],
            "{name}: sample {i}"
        );
    }
}

/// Reads `input` whole and in windows of the fewest rows allowed; returns the
/// number of windows (0 when the input is not read in windows: multi-file).
fn check(input: PathBuf) -> usize {
    let inputs = vec![input.clone()];
    let options = ReadOptions::default();
    let name = input.display().to_string();
    let Some(mut reader) = ChunkedReader::open(&inputs, &options, MIN_WINDOW_ROWS, 0)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
    else {
        return 0;
    };
    let whole = retrogait::io::read(&inputs, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut acc = VectorStream::default();
    let mut gyro = VectorStream::default();
    let mut windows = 0;
    while let Some(window) = reader
        .next_window()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
    {
        windows += 1;
        append(&mut acc, &window.recording.accelerometer);
        if let Some(g) = &window.recording.gyroscope {
            append(&mut gyro, g);
        }
    }
    assert_same(&name, &whole.recording.accelerometer, &acc);
    if let Some(g) = &whole.recording.gyroscope {
        assert_same(&format!("{name} (gyroscope)"), g, &gyro);
    }
    windows
}

/// Local fixtures of formats with no real example, read in windows by both tests.
const LOCAL_FIXTURES: [&str; 4] = [
    "formats/actigraph_raw_30hz.csv",
    "formats/physics_toolbox_android.csv",
    "formats/physics_toolbox_multi.csv",
    "formats/xsens_mtmanager.txt",
];

#[test]
fn local_fixtures_read_in_windows_equal_whole_reads() {
    for name in LOCAL_FIXTURES {
        assert!(
            check(common::fixture(name)) >= 1,
            "{name} was not read in windows"
        );
    }
}

#[test]
fn real_exports_read_in_windows_equal_whole_reads() {
    let Some(shared) = common::shared() else {
        return;
    };
    let files = [
        "formats/sensorlog_ios_berndthomas/2025-03-11_14_44_11_my_iOS_device.csv",
        "formats/androsensor/walking1.csv",
        "formats/shimmer_consensys/read_test_data.csv",
    ];
    let mut windowed = 0;
    for file in files {
        let windows = check(shared.join(file));
        assert!(windows >= 1, "{file} was not read in windows");
        windowed += usize::from(windows > 1);
    }
    // Recordings of the datasets (generic / mobgap / oxford layouts), longer than one window.
    for dataset in ["ipol", "oxford_phone", "gaitmap_foot"] {
        let cases = shared.join("datasets").join(dataset).join("cases");
        let Some(case) = std::fs::read_dir(&cases)
            .ok()
            .and_then(|mut entries| entries.next())
            .and_then(|e| e.ok())
        else {
            panic!("{} has no case", cases.display());
        };
        let case = retrogait::bench::load_case(&case.path())
            .unwrap_or_else(|e| panic!("{}: {e}", case.path().display()));
        let Some(first) = case.inputs.first() else {
            panic!("{dataset}: a case without input");
        };
        let windows = check(first.clone());
        windowed += usize::from(windows > 1);
    }
    assert!(
        windowed >= 3,
        "only {windowed} inputs spanned several windows"
    );
}

/// Relative closeness (exact zeros compare exactly).
fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * a.abs().max(b.abs())
}

/// `inspect` of `input` read in windows of the fewest rows allowed equals the
/// whole read's report field by field; returns the number of windows (0 when
/// the input is not read in windows).
fn check_inspect(input: PathBuf) -> usize {
    let inputs = vec![input.clone()];
    let options = ReadOptions::default();
    let grid = PrepareOptions::default();
    let name = input.display().to_string();
    let Some(reader) = ChunkedReader::open(&inputs, &options, MIN_WINDOW_ROWS, 0)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
    else {
        return 0;
    };
    let Some(windowed) =
        InspectReport::from_windows(reader, &grid).unwrap_or_else(|e| panic!("{name}: {e}"))
    else {
        panic!("{name}: the clock steps back, so the windowed inspect gave way to a whole read");
    };
    let loaded = retrogait::io::read(&inputs, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let whole = InspectReport::new(&loaded, &grid).unwrap_or_else(|e| panic!("{name}: {e}"));
    let Some(read) = windowed.read_in_windows else {
        panic!("{name}: the windowed report does not say it was read in windows");
    };
    assert!(whole.read_in_windows.is_none());
    assert_eq!(
        json(&whole.format),
        json(&windowed.format),
        "{name}: format"
    );
    assert_eq!(json(&whole.files), json(&windowed.files), "{name}: files");
    assert_eq!(whole.device, windowed.device, "{name}: device");
    assert_eq!(whole.start_time, windowed.start_time, "{name}: start");
    assert!(
        close(whole.duration_s, windowed.duration_s, 1e-12),
        "{name}: duration {} vs {}",
        whole.duration_s,
        windowed.duration_s
    );
    // Gravity at rest: the same seconds, so the same medians (exact).
    assert_eq!(
        json(&whole.gravity),
        json(&windowed.gravity),
        "{name}: gravity"
    );
    assert_eq!(
        whole.streams.len(),
        windowed.streams.len(),
        "{name}: streams"
    );
    for (a, b) in whole.streams.iter().zip(&windowed.streams) {
        let kind = a.kind.name();
        assert_eq!(a.kind, b.kind, "{name}: stream order");
        assert_eq!(a.samples, b.samples, "{name} {kind}: samples");
        assert!(close(a.first_s, b.first_s, 1e-12), "{name} {kind}: first");
        assert!(close(a.last_s, b.last_s, 1e-12), "{name} {kind}: last");
        assert_eq!(a.nominal_rate_hz, b.nominal_rate_hz, "{name} {kind}");
        assert_eq!(
            a.duplicate_timestamps, b.duplicate_timestamps,
            "{name} {kind}"
        );
        assert_eq!(
            a.backward_timestamps, b.backward_timestamps,
            "{name} {kind}"
        );
        // Every interval is sampled up to 131 071 samples: exact there.
        match (a.measured_rate_hz, b.measured_rate_hz) {
            (Some(x), Some(y)) if a.samples <= 131_071 => {
                assert_eq!(x, y, "{name} {kind}: measured rate")
            }
            (Some(x), Some(y)) => assert!(close(x, y, 1e-3), "{name} {kind}: {x} vs {y} Hz"),
            (x, y) => assert_eq!(x, y, "{name} {kind}: measured rate"),
        }
        assert_eq!(json(&a.gaps), json(&b.gaps), "{name} {kind}: gaps");
    }
    assert_eq!(json(&whole.grid), json(&windowed.grid), "{name}: grid plan");
    // Units inferred from the first window hold for all: their evidence is that
    // window's (the reason says so), the unit must be the whole read's.
    assert_eq!(whole.decisions.len(), windowed.decisions.len(), "{name}");
    for (a, b) in whole.decisions.iter().zip(&windowed.decisions) {
        assert_eq!(
            (&a.topic, &a.value, a.source),
            (&b.topic, &b.value, b.source),
            "{name}: decision"
        );
        if a.source == DecisionSource::Inferred && a.topic.ends_with(" unit") {
            assert!(b.reason.contains("first window"), "{name}: {}", b.reason);
        } else {
            assert_eq!(a.reason, b.reason, "{name}: {}", a.topic);
        }
    }
    assert_eq!(whole.warnings, windowed.warnings, "{name}: warnings");
    read.windows
}

/// A report part as JSON, for comparison.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

#[test]
fn inspect_in_windows_equals_the_whole_report() {
    for name in LOCAL_FIXTURES {
        assert!(
            check_inspect(common::fixture(name)) >= 1,
            "{name} was not read in windows"
        );
    }
    let Some(shared) = common::shared() else {
        return;
    };
    let mut windowed = 0;
    for file in [
        "formats/sensorlog_ios_berndthomas/2025-03-11_14_44_11_my_iOS_device.csv",
        "formats/androsensor/walking1.csv",
        "formats/shimmer_consensys/read_test_data.csv",
        // Bluetooth losses: 72 gaps, 116 bridged and one that splits the grid, over 3 windows.
        "datasets/ipol/cases/7-3_lb/7-3_lb.txt",
    ] {
        let windows = check_inspect(shared.join(file));
        assert!(windows >= 1, "{file} was not read in windows");
        windowed += usize::from(windows > 1);
    }
    for dataset in ["ipol", "oxford_phone", "gaitmap_foot"] {
        let cases = shared.join("datasets").join(dataset).join("cases");
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&cases)
            .unwrap_or_else(|e| panic!("{}: {e}", cases.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        // A few cases per dataset (each spans several windows of 1000 rows).
        for case_dir in entries.iter().take(3) {
            let case = retrogait::bench::load_case(case_dir)
                .unwrap_or_else(|e| panic!("{}: {e}", case_dir.display()));
            let Some(first) = case.inputs.first() else {
                panic!("{dataset}: a case without input");
            };
            windowed += usize::from(check_inspect(first.clone()) > 1);
        }
    }
    assert!(
        windowed >= 6,
        "only {windowed} inputs spanned several windows"
    );
}

/// Through the binary: a file over the windowed-reading size (rows padded
/// with spaces, so 400 000 rows make 142 MB) is inspected in two windows,
/// with a gap where they meet; the report equals the library's whole read.
#[test]
fn binary_inspects_a_long_file_in_windows() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.csv");
    let pad = " ".repeat(330);
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut out = std::io::BufWriter::new(file);
        writeln!(out, "time_s,acc_x,acc_y,acc_z").expect("write");
        for i in 0..400_000u32 {
            // A 1.01-s gap between the first window's last row and the second's first.
            let t = f64::from(i) / 100.0 + if i >= 360_000 { 1.0 } else { 0.0 };
            let x = 0.1 * f64::from(i % 7);
            writeln!(out, "{t:.2},{x:.1},0.2,9.8{pad}").expect("write");
        }
        out.flush().expect("flush");
    }
    assert!(std::fs::metadata(&path).expect("metadata").len() >= 128 << 20);
    let (code, json, stderr) = common::inspect(&[&path], &[]);
    assert_eq!(code, 0, "{stderr}");
    let Some(mut json) = json else {
        panic!("no JSON: {stderr}");
    };
    assert_eq!(json["read_in_windows"]["windows"], 2, "{json}");
    let acc = &json["streams"][0];
    assert_eq!(acc["samples"], 400_000);
    assert_eq!(acc["gaps"]["count"], 1);
    assert!((acc["gaps"]["first"][0]["start_s"].as_f64().unwrap_or(0.0) - 3599.99).abs() < 1e-6);
    assert_eq!(json["grid"]["segments"].as_array().map(Vec::len), Some(2));

    let inputs = vec![path];
    let loaded = retrogait::io::read(&inputs, &ReadOptions::default()).expect("whole read");
    let whole = InspectReport::new(&loaded, &PrepareOptions::default()).expect("report");
    let mut whole = serde_json::to_value(&whole).expect("JSON");
    // Only the unit inference's evidence differs (the first window's, and says so).
    let unit = |report: &serde_json::Value| {
        report["decisions"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["topic"] == "accelerometer unit"))
            .map(|d| d["value"].clone())
    };
    assert_eq!(unit(&json), unit(&whole));
    assert!(unit(&whole).is_some());
    for report in [&mut json, &mut whole] {
        report["read_in_windows"] = serde_json::Value::Null;
        if let Some(decisions) = report["decisions"].as_array_mut() {
            decisions.retain(|d| d["topic"] != "accelerometer unit");
        }
    }
    assert_eq!(json, whole);
}

/// A generic CSV of `rows` rows at 100 Hz whose clock restarts from zero at
/// each row in `resets`.
fn clock_with_resets(dir: &std::path::Path, rows: usize, resets: &[usize]) -> PathBuf {
    let mut text = String::from("time_s,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z\n");
    let mut origin = 0;
    for i in 0..rows {
        if resets.contains(&i) {
            origin = i;
        }
        let t = (i - origin) as f64 / 100.0;
        let wobble = 0.3 * ((i * 37) % 11) as f64;
        text.push_str(&format!(
            "{t:.2},{wobble},0.2,{},0.01,0.02,{}\n",
            9.7 + wobble,
            0.1 * wobble
        ));
    }
    let path = dir.join("reset.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A clock reset inside a window or exactly where two windows meet: one
/// window cannot re-time what follows like a whole read does, so the reader
/// says so and `inspect` (and `analyze`, same reader) read the file whole,
/// giving the whole read's times and a note why.
#[test]
fn a_clock_reset_in_a_long_file_falls_back_to_a_whole_read() {
    let dir = tempfile::tempdir().unwrap();
    let options = ReadOptions::default();
    let grid = PrepareOptions::default();
    for resets in [vec![1500], vec![MIN_WINDOW_ROWS as usize]] {
        let input = clock_with_resets(dir.path(), 3500, &resets);
        let inputs = vec![input.clone()];
        let mut reader = ChunkedReader::open(&inputs, &options, MIN_WINDOW_ROWS, 0)
            .unwrap()
            .unwrap();
        while reader.next_window().unwrap().is_some() {}
        assert!(reader.clock_steps_back(), "reset at {resets:?} not seen");
        let reader = ChunkedReader::open(&inputs, &options, MIN_WINDOW_ROWS, 0)
            .unwrap()
            .unwrap();
        assert!(InspectReport::from_windows(reader, &grid)
            .unwrap()
            .is_none());
        // The whole read re-times the samples after the reset to follow on.
        let whole = retrogait::io::read(&inputs, &options).unwrap();
        let duration = whole.recording.duration_s();
        assert!((duration - 34.99).abs() < 0.02, "duration {duration}");
    }
    // A clock that never steps back keeps the windows.
    let input = clock_with_resets(dir.path(), 3500, &[]);
    let inputs = vec![input];
    let mut reader = ChunkedReader::open(&inputs, &options, MIN_WINDOW_ROWS, 0)
        .unwrap()
        .unwrap();
    while reader.next_window().unwrap().is_some() {}
    assert!(!reader.clock_steps_back());
}
