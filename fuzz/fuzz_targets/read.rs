//! Every reader: the first byte forces a format (or lets detection choose),
//! the second sets `--rate` and units, the third names the first file; the
//! rest is the files' content (split at `\n@@`). What reads must also prepare.
#![no_main]
use libfuzzer_sys::fuzz_target;
use retrogait::io::read_sources;
use retrogait::prepare::{prepare, PrepareOptions};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let [format, option, name, rest @ ..] = data else {
        return;
    };
    let options = common::read_options(*format, *option);
    let sources = common::sources(*name, rest);
    if let Ok(loaded) = read_sources(&sources, &options) {
        let _ = prepare(&loaded.recording, &PrepareOptions::default());
    }
});
