//! Regression tests for what fuzzing (`fuzz/`) and the robustness audit found:
//! each reproduces one finding with a small input.

use retrogait::prepare::{plan, prepare, PrepareOptions};
use retrogait::recording::{Recording, VectorStream};

fn still(times: impl IntoIterator<Item = f64>) -> Recording {
    let mut acc = VectorStream::default();
    for t in times {
        acc.push(t, [0.0, 0.0, 9.81]);
    }
    Recording::from_streams(acc, None)
}

/// Two samples 116 days apart once made a grid of 10^9 samples (an 8 GB
/// allocation that aborted): a clock slower than 0.1 Hz is not bridged.
#[test]
fn a_clock_slower_than_a_tenth_of_a_hertz_is_not_put_on_a_grid() {
    let recording = still([0.0, 1e7]);
    let error = prepare(&recording, &PrepareOptions::default())
        .expect_err("nothing to put on a grid")
        .to_string();
    assert!(error.contains("time grid"), "{error}");
    let planned = plan(&recording, &PrepareOptions::default()).expect("plans");
    assert!(planned.segments.is_empty(), "{:?}", planned.segments);
    // A slow clock within the limit is still bridged: 5 s between samples.
    let slow = still((0..10).map(|i| f64::from(i) * 5.0));
    let prepared = prepare(&slow, &PrepareOptions::default()).expect("prepares");
    assert_eq!(prepared.segments.len(), 1);
    assert_eq!(prepared.segments[0].len(), 4501);
}

/// Packets of three samples 1 ns apart, 50 ms between packets: the median
/// interval (1 ns) once sized the uniform grid before low-passing at 10^10
/// samples (an 80 GB allocation that aborted).
#[test]
fn a_jittery_packed_clock_keeps_the_anti_alias_grid_small() {
    let recording =
        still((0..200).flat_map(|p| (0..3).map(move |k| p as f64 * 0.05 + k as f64 * 1e-9)));
    let prepared = prepare(&recording, &PrepareOptions::default()).expect("prepares");
    let samples: usize = prepared.segments.iter().map(|s| s.len()).sum();
    // 9.95 s at 100 Hz.
    assert_eq!(samples, 996);
    for segment in &prepared.segments {
        assert!(segment.acc[2].iter().all(|v| (v - 9.81).abs() < 1e-6));
    }
}

/// Fuzzing (`read` target, Shimmer CSV): a row whose Unix-ms timestamp lost its
/// exponent (`1.5959338148` instead of `1.5959338148E12`) sits 50 years before
/// the others; with a few rows the clock's median interval was decades and the
/// grid between them did not fit in memory.
#[test]
fn a_timestamp_decades_off_does_not_exhaust_memory() {
    use retrogait::io::source::Source;
    use retrogait::io::{read_sources, ReadOptions};
    let text = "time_ms,acc_x,acc_y,acc_z\n\
                1.5959338148,0,0,9.81\n\
                1595933810273,0,0,9.81\n\
                1595933810288,0,0,9.81\n";
    let source = Source::memory("walk.csv", "walk.csv", text.as_bytes().to_vec());
    let options = ReadOptions {
        acc_unit: Some(retrogait::io::units::Unit::MetrePerSecond2),
        ..ReadOptions::default()
    };
    let loaded = read_sources(&[source], &options).expect("reads");
    let duration = loaded.recording.duration_s();
    assert!(duration > 1e9, "{duration}");
    let error = prepare(&loaded.recording, &PrepareOptions::default())
        .expect_err("no stretch to put on a grid")
        .to_string();
    assert!(error.contains("time grid"), "{error}");
}
