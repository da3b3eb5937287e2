//! Preparation on real recordings: one grid, whatever the source rate.

mod common;
use common::shared;
use retrogait::io::{read, ReadOptions};
use retrogait::prepare::{prepare, PrepareOptions};

#[test]
fn real_recordings_go_on_grids_of_any_rate() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    let inputs = [
        d.join("gaitmap_foot/cases/healthy_2x20m_left_foot/left_imu.csv"),
        d.join("ipol/cases/1-1_lb/1-1_lb.txt"),
        d.join("mobgap_lab/cases/HA_001_TimeMeasure1_Test11_Trial1/TimeMeasure1_Test11_Trial1.csv"),
        d.join("oxford_phone/cases/Pixel_Jamie_Hard_FrontPocket_1/accelerometer.csv"),
        shared.join("formats/metawear_metabase/Accelerometer_iOS_MetaBase.csv"),
    ];
    for input in inputs {
        let loaded = read(std::slice::from_ref(&input), &ReadOptions::default()).expect("reads");
        let duration = loaded.recording.duration_s();
        for rate in [50.0, 100.0, 200.0] {
            let prepared = prepare(
                &loaded.recording,
                &PrepareOptions {
                    rate_hz: rate,
                    ..Default::default()
                },
            )
            .expect("prepares");
            let covered: f64 = prepared
                .segments
                .iter()
                .map(|s| s.len() as f64 / rate)
                .sum();
            // Short gaps are bridged, so the grid covers the recording (less any split gaps).
            let split: f64 = prepared
                .report
                .split_gaps
                .iter()
                .map(|g| g.duration_s)
                .sum();
            assert!(
                (covered + split - duration).abs() < 2.0 / rate + 0.5,
                "{}: {covered} s covered + {split} s split vs {duration} s at {rate} Hz",
                input.display()
            );
            for segment in &prepared.segments {
                assert!(segment
                    .acc
                    .iter()
                    .all(|axis| axis.iter().all(|v| v.is_finite())));
                assert!((segment.start_s * rate - (segment.start_s * rate).round()).abs() < 1e-6);
            }
        }
    }
}
