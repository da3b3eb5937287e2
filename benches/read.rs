//! Reading speed: a generic 6-axis CSV at 100 Hz, parsed into a Recording.
//! Run with `cargo bench --bench read`; criterion prints MB/s (throughput in bytes).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::Write;
use std::path::PathBuf;

/// Writes `seconds` of a deterministic walking-like 100 Hz signal as a generic CSV.
fn write_generic_csv(seconds: usize) -> (tempfile::TempDir, PathBuf, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("walk.csv");
    let file = std::fs::File::create(&path).expect("create");
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z").expect("write");
    for i in 0..seconds * 100 {
        let t = i as f64 / 100.0;
        let phase = t * 2.0 * std::f64::consts::PI * 0.9;
        writeln!(
            out,
            "{:.2},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}",
            t,
            0.8 * phase.sin(),
            0.3 * (2.0 * phase).cos(),
            9.81 + 1.5 * (2.0 * phase).sin(),
            0.4 * phase.cos(),
            0.2 * (2.0 * phase).sin(),
            0.1 * phase.sin()
        )
        .expect("write");
    }
    out.flush().expect("flush");
    drop(out);
    let size = std::fs::metadata(&path).expect("metadata").len();
    (dir, path, size)
}

fn read_generic(c: &mut Criterion) {
    let (_dir, path, size) = write_generic_csv(3600);
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(size));
    group.sample_size(10);
    group.bench_function("generic_csv_1h_100hz_6axis", |b| {
        b.iter(|| {
            let loaded = retrogait::io::read(std::slice::from_ref(&path), &Default::default())
                .expect("read");
            assert_eq!(loaded.recording.accelerometer.len(), 360_000);
        })
    });
    group.finish();
}

criterion_group!(benches, read_generic);
criterion_main!(benches);
