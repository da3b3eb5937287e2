//! `retrogait demo`: the bundled sample session, analysed with its case's
//! subject and mounting, with the full report. The sample is simulated
//! (`data/demo/README.md` has the exact command): it shows what the outputs
//! look like, it is not evidence of accuracy.

use crate::error::{Error, Result};
use crate::session::{analyze_inputs, Session, SessionOptions};
use std::path::{Path, PathBuf};

/// The sample recording (generic CSV, 50 Hz, lower back).
pub const SAMPLE_CSV: &[u8] = include_bytes!("../data/demo/retro_intervals.csv");
/// Its `case.json` (placement, subject, forward axis).
pub const SAMPLE_CASE: &[u8] = include_bytes!("../data/demo/case.json");
/// The simulator's ground truth: contacts and bouts (the case layout needs them).
pub const SAMPLE_REFERENCE: [(&str, &[u8]); 2] = [
    (
        "events.csv",
        include_bytes!("../data/demo/reference/events.csv"),
    ),
    (
        "bouts.csv",
        include_bytes!("../data/demo/reference/bouts.csv"),
    ),
];
/// The sample's file name, as `case.json` names it.
pub const SAMPLE_NAME: &str = "retro_intervals.csv";
/// Where `demo` writes when no `--out` is given.
pub const DEFAULT_OUT: &str = "retrogait-demo";

/// Writes the sample (as a benchmark case) into `out/input/`, analyses it as `analyze --case`
/// would, and writes the outputs into `out`. Refuses to overwrite results
/// unless `force`. Returns the session and the report's path.
pub fn run_demo(out: &Path, force: bool) -> Result<(Session, PathBuf)> {
    if out.join("summary.json").exists() && !force {
        return Err(Error::option(
            "--out",
            format!(
                "{} already holds results; pass --force to overwrite them",
                out.display()
            ),
        ));
    }
    let input = out.join("input");
    std::fs::create_dir_all(&input).map_err(|e| Error::io(&input, e))?;
    crate::report::tables::write_atomic(&input.join(SAMPLE_NAME), SAMPLE_CSV)?;
    crate::report::tables::write_atomic(&input.join("case.json"), SAMPLE_CASE)?;
    let reference = input.join("reference");
    std::fs::create_dir_all(&reference).map_err(|e| Error::io(&reference, e))?;
    for (name, bytes) in SAMPLE_REFERENCE {
        crate::report::tables::write_atomic(&reference.join(name), bytes)?;
    }
    let mut options = SessionOptions::default();
    let inputs = options
        .merge_case(&input)
        .map_err(|e| Error::data(input.join("case.json"), e.to_string()))?;
    let session = analyze_inputs(&inputs, &options)?;
    session.write(out, force)?;
    Ok((session, out.join("report.html")))
}
