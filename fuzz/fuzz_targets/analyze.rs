//! The whole analysis on a recording decoded from the bytes (any rate,
//! amplitude, clock, with or without gyroscope and gravity, any placement).
#![no_main]
use libfuzzer_sys::fuzz_target;
use retrogait::gait::analysis::analyze;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (recording, options) = common::recording(data);
    if let Ok(analysis) = analyze(&recording, &options) {
        for step in &analysis.steps {
            assert!(step.time_s.is_finite(), "step time {}", step.time_s);
            assert!(
                step.bout >= 1 && step.bout <= analysis.bouts.len(),
                "step in bout {} of {}",
                step.bout,
                analysis.bouts.len()
            );
        }
        for bout in &analysis.bouts {
            assert!(bout.start_s <= bout.end_s, "{bout:?}");
            assert!(bout.cadence_spm.is_finite(), "{bout:?}");
        }
    }
});
