//! Speed of each stage on 1 h of 100 Hz 6-axis data (a walking-like signal):
//! prepare (grid), orientation, step detection, bouts, direction, spatial
//! (step length), the report's signal traces, the whole analysis (borrowing the
//! recording, and owning it as a session does), and writing
//! all outputs of an analysis (report).
//! Run with `cargo bench --bench stages`. Reading has its own bench (`read`).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use retrogait::gait::analysis::{analyze, analyze_owned, AnalysisOptions, Placement, Subject};
use retrogait::gait::bouts::{assemble_bouts, BoutRules};
use retrogait::gait::direction::DirectionSignals;
use retrogait::gait::orientation::vertical_frame;
use retrogait::gait::spatial::{inverted_pendulum_steps, vertical_position};
use retrogait::gait::steps::{detect_contacts, StepDetector};
use retrogait::gait::traces::SignalTraces;
use retrogait::prepare::{prepare, PrepareOptions};
use retrogait::recording::{Format, Recording, VectorStream};
use retrogait::report::tables::{summary, write_outputs, RecordingInfo};

/// One hour of a 100 Hz walking-like recording (1.8 steps/s), built in memory.
fn hour() -> Recording {
    let n = 360_000;
    let mut acc = VectorStream::with_capacity(n);
    let mut gyro = VectorStream::with_capacity(n);
    for i in 0..n {
        let t = i as f64 / 100.0;
        let stride = 2.0 * std::f64::consts::PI * 0.9 * t;
        acc.push(
            t,
            [
                0.8 * stride.sin(),
                0.3 * (2.0 * stride).cos(),
                9.81 + 1.5 * (2.0 * stride).sin(),
            ],
        );
        gyro.push(
            t,
            [
                0.4 * stride.cos(),
                0.2 * (2.0 * stride).sin(),
                0.3 * stride.sin(),
            ],
        );
    }
    Recording::from_streams(acc, Some(gyro))
}

fn stages(c: &mut Criterion) {
    let recording = hour();
    let grid = PrepareOptions::default();
    let prepared = prepare(&recording, &grid).expect("prepare");
    let segment = &prepared.segments[0];
    let frame = vertical_frame(segment, 100.0);
    let mut group = c.benchmark_group("stages_1h_100hz");
    group.sample_size(10);
    group.bench_function("prepare", |b| {
        b.iter(|| prepare(&recording, &grid).expect("prepare"))
    });
    group.bench_function("orientation", |b| b.iter(|| vertical_frame(segment, 100.0)));
    group.bench_function("steps", |b| {
        b.iter(|| detect_contacts(&frame.vertical_acc, 100.0, &StepDetector::default()))
    });
    // The report's traces (envelope per 0.25 s) cost one pass over the signal.
    group.bench_function("traces", |b| {
        b.iter(|| {
            let mut traces = SignalTraces::default();
            traces.add_envelope(&frame.vertical_acc, segment.start_s, 100.0);
            traces
        })
    });
    let contacts = detect_contacts(&frame.vertical_acc, 100.0, &StepDetector::default());
    let indices: Vec<usize> = contacts.iter().map(|c| c.index).collect();
    let times: Vec<f64> = indices.iter().map(|&i| i as f64 / 100.0).collect();
    let bout_rules = BoutRules::default();
    group.bench_function("bouts", |b| b.iter(|| assemble_bouts(&times, &bout_rules)));
    // Band-passing the frame and gyroscope once, then one estimate per bout
    // (here the whole hour) with a known mounting.
    group.bench_function("direction", |b| {
        b.iter(|| {
            let signals = DirectionSignals::new(&frame, segment.gyro.as_ref(), 100.0)
                .expect("direction signals");
            signals.estimate(
                0..segment.len(),
                Some([1.0, 0.0, 0.0]),
                Some(Placement::LowerBack),
            )
        })
    });
    // Step length: the vertical position (double integration) and the
    // inverted pendulum between contacts.
    group.bench_function("spatial", |b| {
        b.iter(|| {
            let position = vertical_position(&frame.vertical_acc, 100.0).expect("position");
            inverted_pendulum_steps(&position, &indices, 0.95)
        })
    });
    let options = AnalysisOptions {
        placement: Some(Placement::LowerBack),
        subject: Subject {
            height_m: Some(1.75),
            ..Subject::default()
        },
        ..AnalysisOptions::default()
    };
    group.bench_function("analysis", |b| {
        b.iter(|| analyze(&recording, &options).expect("analysis"))
    });
    // What a session runs: the recording handed over, its raw streams freed
    // once on the grid (the copy made for each run is not timed).
    group.bench_function("analysis_owned", |b| {
        b.iter_batched(
            || recording.clone(),
            |recording| analyze_owned(recording, &options).expect("analysis"),
            BatchSize::LargeInput,
        )
    });
    // Writing everything an analysis outputs (steps.csv, bouts.csv, plots,
    // report.html, summary.json) into a temporary folder.
    let analysis = analyze(&recording, &options).expect("analysis");
    let info = RecordingInfo {
        sources: Vec::new(),
        source_sha256: Vec::new(),
        format: Format::Generic,
        duration_s: recording.duration_s(),
        start_time: None,
        warnings: Vec::new(),
        guesses: Vec::new(),
    };
    let summary = summary(&info, &analysis, &options, "user");
    let out = tempfile::tempdir().expect("temporary folder");
    group.bench_function("report", |b| {
        b.iter(|| write_outputs(out.path(), &analysis, &summary, true).expect("outputs"))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
