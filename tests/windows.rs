//! Windowed reading (long files) gives the samples a whole read gives, for
//! every single-file format: times stay relative to the file's first row
//! through each clock kind (seconds, epoch nanoseconds, date-times, sample
//! counters, implicit row times), and units are those of the whole read.

mod common;

use retrogait::io::chunks::{ChunkedReader, MIN_WINDOW_ROWS};
use retrogait::io::ReadOptions;
use retrogait::recording::VectorStream;
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

#[test]
fn local_fixtures_read_in_windows_equal_whole_reads() {
    for name in [
        "formats/actigraph_raw_30hz.csv",
        "formats/physics_toolbox_android.csv",
        "formats/physics_toolbox_multi.csv",
        "formats/xsens_mtmanager.txt",
    ] {
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
