//! Speed of each stage on 1 h of 100 Hz 6-axis data (a walking-like signal):
//! prepare (grid), orientation, step detection, the report's signal traces,
//! and the whole analysis.
//! Run with `cargo bench --bench stages`. Reading has its own bench (`read`).

use criterion::{criterion_group, criterion_main, Criterion};
use retrogait::gait::analysis::{analyze, AnalysisOptions, Placement, Subject};
use retrogait::gait::orientation::vertical_frame;
use retrogait::gait::steps::{detect_contacts, StepDetector};
use retrogait::gait::traces::SignalTraces;
use retrogait::prepare::{prepare, PrepareOptions};
use retrogait::recording::{Recording, VectorStream};

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
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
