//! Preparation (cleaning the clocks, resampling onto the grid) of a recording
//! decoded from the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use retrogait::prepare::{plan, prepare};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (recording, options) = common::recording(data);
    let planned = plan(&recording, &options.grid);
    if let Ok(prepared) = prepare(&recording, &options.grid) {
        if let Ok(planned) = planned {
            assert_eq!(planned.segments.len(), prepared.segments.len());
        }
        for segment in &prepared.segments {
            let n = segment.len();
            assert!(segment.acc.iter().all(|a| a.len() == n));
            if let Some(gyro) = &segment.gyro {
                assert!(gyro.iter().all(|a| a.len() == n));
            }
        }
    }
});
