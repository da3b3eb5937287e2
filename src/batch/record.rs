//! One recording's job inside a batch, and the records that make a batch
//! resumable: `run.json` (a complete result: which inputs, options and
//! version made it, and which files it wrote) and `error.json` (a failure).
//!
//! Order of writes for a recording that is (re)analysed: `run.json` and
//! `error.json` are removed first, then the outputs are written (`summary.json`
//! last, by [`Session::write`]), then `run.json`. An interrupted run therefore
//! never leaves a `run.json` beside outputs it does not describe, and a
//! recording counts as done only when its `run.json` matches and every output
//! it lists exists with the size it records (the outputs are not flushed to
//! the disk one by one; `run.json` is).

use super::discover::RecordingInput;
use crate::error::{Error, Result};
use crate::report::tables::{write_atomic, Durability};
use crate::session::{analyze_inputs, Session, SessionOptions};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// File name of the completion record.
pub const RUN_FILE: &str = "run.json";
/// File name of the failure record.
pub const ERROR_FILE: &str = "error.json";
/// The summary [`Session::write`] writes last.
pub const SUMMARY_FILE: &str = "summary.json";

/// One input file of a recording, as hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashedFile {
    /// Path relative to the recording's input (its file name for a file).
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the contents.
    pub sha256: String,
}

/// `DIR/<id>/run.json`: what made a complete result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// retrogait's version.
    pub retrogait_version: String,
    /// The recording's id.
    pub id: String,
    /// The input as given.
    pub input: String,
    /// Every option that changes the results (the full [`SessionOptions`]).
    pub options: String,
    /// The input's files with their hashes.
    pub input_files: Vec<HashedFile>,
    /// Files written into the folder (names).
    pub outputs: Vec<String>,
    /// Their sizes in bytes, in the same order: the outputs are written
    /// without waiting for the disk ([`Durability::Unsynced`]), so a
    /// recording whose files do not have these sizes (a power cut) is redone.
    #[serde(default)]
    pub output_bytes: Vec<u64>,
}

/// `DIR/<id>/error.json`: why a recording failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// retrogait's version.
    pub retrogait_version: String,
    /// The recording's id.
    pub id: String,
    /// The input as given.
    pub input: String,
    /// The options used (as in `run.json`).
    pub options: String,
    /// The error message.
    pub error: String,
}

/// What happened to one recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Analysed and written.
    Analysed,
    /// Outputs complete for the same inputs, options and version: not redone.
    Unchanged,
    /// Failed with this message (recorded in `error.json`).
    Failed(String),
}

/// The text that fingerprints the options: every field of [`SessionOptions`]
/// (read options, analysis options with placement, subject, forward axis and
/// grid), so an option added there later is covered without a change here.
pub fn options_fingerprint(options: &SessionOptions) -> String {
    format!("{options:?}")
}

/// The files that make up an input: the file itself, or every non-hidden
/// file below a folder, sorted, with paths relative to the input.
fn input_files(input: &Path) -> Result<Vec<(String, PathBuf)>> {
    let metadata = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    if !metadata.is_dir() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(name, input.to_path_buf())]);
    }
    let mut files = Vec::new();
    let mut folders = vec![(String::new(), input.to_path_buf())];
    while let Some((prefix, folder)) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "__MACOSX" {
                continue;
            }
            let path = entry.path();
            let relative = format!("{prefix}{name}");
            if std::fs::metadata(&path)
                .map_err(|e| Error::io(&path, e))?
                .is_dir()
            {
                if prefix.matches('/').count() < 16 {
                    folders.push((format!("{relative}/"), path));
                }
            } else {
                files.push((relative, path));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn hash_file(path: &Path) -> Result<(u64, String)> {
    crate::io::source::file_sha256(path).map_err(|e| Error::io(path, e))
}

/// Hashes every file of an input.
pub fn hash_input(input: &Path) -> Result<Vec<HashedFile>> {
    input_files(input)?
        .into_iter()
        .map(|(relative, path)| {
            let (bytes, sha256) = hash_file(&path)?;
            Ok(HashedFile {
                path: relative,
                bytes,
                sha256,
            })
        })
        .collect()
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Reads `run.json` of a recording folder, if present and readable.
pub fn read_run(dir: &Path) -> Option<RunRecord> {
    read_json(&dir.join(RUN_FILE))
}

/// Reads `error.json` of a recording folder, if present and readable.
pub fn read_error(dir: &Path) -> Option<ErrorRecord> {
    read_json(&dir.join(ERROR_FILE))
}

/// True when `dir` holds a complete result made exactly as `expected` would
/// make it (same version, input path, options, input hashes) and every output
/// file listed exists.
fn is_complete(dir: &Path, expected: &RunRecord) -> bool {
    let Some(done) = read_run(dir) else {
        return false;
    };
    done.retrogait_version == expected.retrogait_version
        && done.id == expected.id
        && done.input == expected.input
        && done.options == expected.options
        && done.input_files == expected.input_files
        && done.outputs.iter().any(|o| o == SUMMARY_FILE)
        && done.outputs.len() == done.output_bytes.len()
        && done
            .outputs
            .iter()
            .zip(&done.output_bytes)
            .all(|(o, &bytes)| file_size(&dir.join(o)) == Some(bytes))
}

/// Size of a regular file, bytes.
fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Analyses one recording into `out/<id>/` unless its outputs are complete
/// and unchanged (or always, with `force`). Never returns an error: a
/// failure is recorded in `error.json` and returned as [`Outcome::Failed`].
pub fn process(
    recording: &RecordingInput,
    out: &Path,
    options: &SessionOptions,
    force: bool,
) -> Outcome {
    let dir = out.join(&recording.id);
    let input = recording.path.display().to_string();
    let fingerprint = options_fingerprint(options);
    let attempt = || -> Result<Outcome> {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let mut run = RunRecord {
            retrogait_version: env!("CARGO_PKG_VERSION").to_string(),
            id: recording.id.clone(),
            input: input.clone(),
            options: fingerprint.clone(),
            input_files: hash_input(&recording.path)?,
            outputs: Vec::new(),
            output_bytes: Vec::new(),
        };
        if !force && is_complete(&dir, &run) {
            return Ok(Outcome::Unchanged);
        }
        // From here the folder is not complete until run.json is written again.
        let previous = read_run(&dir);
        remove_if_present(&dir.join(RUN_FILE))?;
        remove_if_present(&dir.join(ERROR_FILE))?;
        if let Some(previous) = previous {
            // Outputs of another version may differ in names: none may linger.
            for name in previous.outputs {
                if !name.contains(['/', '\\']) {
                    remove_if_present(&dir.join(name))?;
                }
            }
        }
        remove_if_present(&dir.join(SUMMARY_FILE))?;
        let session = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyze_inputs(std::slice::from_ref(&recording.path), options)
        }))
        .map_err(|payload| {
            Error::data(
                &recording.path,
                format!(
                    "internal error (please report it): {}",
                    panic_message(payload.as_ref())
                ),
            )
        })??;
        let written = write_session(&session, &dir)?;
        run.output_bytes = written
            .iter()
            .map(|name| {
                let path = dir.join(name);
                file_size(&path).ok_or_else(|| {
                    Error::io(
                        &path,
                        std::io::Error::new(std::io::ErrorKind::NotFound, "output not found"),
                    )
                })
            })
            .collect::<Result<_>>()?;
        run.outputs = written;
        let json = serde_json::to_vec_pretty(&run)
            .map_err(|e| Error::data(dir.join(RUN_FILE), e.to_string()))?;
        write_atomic(&dir.join(RUN_FILE), &json)?;
        Ok(Outcome::Analysed)
    };
    match attempt() {
        Ok(outcome) => outcome,
        Err(error) => {
            let message = error.to_string();
            let record = ErrorRecord {
                retrogait_version: env!("CARGO_PKG_VERSION").to_string(),
                id: recording.id.clone(),
                input,
                options: fingerprint,
                error: message.clone(),
            };
            // Best effort: if even this cannot be written, the batch still
            // reports the failure in its own summary and exit code.
            let _ = std::fs::create_dir_all(&dir);
            let _ = remove_if_present(&dir.join(RUN_FILE));
            let _ = remove_if_present(&dir.join(SUMMARY_FILE));
            if let Ok(json) = serde_json::to_vec_pretty(&record) {
                let _ = write_atomic(&dir.join(ERROR_FILE), &json);
            }
            Outcome::Failed(message)
        }
    }
}

/// Writes a session's outputs and returns their names relative to `dir`.
fn write_session(session: &Session, dir: &Path) -> Result<Vec<String>> {
    // Not flushed file by file: run.json (flushed) records their sizes.
    let written = session.write_with(dir, true, Durability::Unsynced)?;
    Ok(written
        .iter()
        .filter_map(|path| path.strip_prefix(dir).ok())
        .map(|relative| relative.to_string_lossy().replace('\\', "/"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_inputs_hash_every_visible_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("meta")).unwrap();
        std::fs::write(dir.path().join("meta/time.csv"), "t").unwrap();
        std::fs::write(dir.path().join("Raw Data.csv"), "abc").unwrap();
        std::fs::write(dir.path().join(".DS_Store"), "x").unwrap();
        let files = hash_input(dir.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, vec!["Raw Data.csv", "meta/time.csv"]);
        assert_eq!(files[0].bytes, 3);
        // SHA-256 of "abc" (FIPS 180-2 example).
        assert_eq!(
            files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_missing_input_is_recorded_as_a_failure() {
        let out = tempfile::tempdir().unwrap();
        let recording = RecordingInput {
            id: "gone.csv".into(),
            path: out.path().join("gone.csv"),
        };
        let outcome = process(&recording, out.path(), &SessionOptions::default(), false);
        assert!(
            matches!(&outcome, Outcome::Failed(m) if m.contains("gone.csv")),
            "{outcome:?}"
        );
        let record = read_error(&out.path().join("gone.csv")).unwrap();
        assert_eq!(record.id, "gone.csv");
        assert!(read_run(&out.path().join("gone.csv")).is_none());
    }
}
