//! Format detection on arbitrary files (one or several, see `common::sources`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use retrogait::io::{detect_sources, ReadOptions};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&name, rest)) = data.split_first() else {
        return;
    };
    let sources = common::sources(name, rest);
    let _ = detect_sources(&sources, &ReadOptions::default());
});
