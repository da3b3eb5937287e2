//! Zip archives: expansion into members, then detection and reading.
#![no_main]
use libfuzzer_sys::fuzz_target;
use retrogait::io::source::{expand_sources, Source};
use retrogait::io::{read_sources, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let archive = Source::memory("export.zip", "export.zip", data.to_vec());
    if let Ok(members) = expand_sources(vec![archive]) {
        let _ = read_sources(&members, &ReadOptions::default());
    }
});
