//! `retrogait aggregate DIR...`: merges the recording folders written by
//! batch runs (shards of one batch, or batches run apart) into one
//! `sessions.csv`.

use super::record::{ERROR_FILE, RUN_FILE, SUMMARY_FILE};
use super::sessions::{row_from_folder, sessions_csv, SessionRow, Status};
use crate::error::{Error, Result};
use crate::report::tables::write_atomic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The merged table and what it holds.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// One row per recording folder, sorted by id.
    pub rows: Vec<SessionRow>,
    /// Warnings (e.g. recordings made with different options or versions).
    pub warnings: Vec<String>,
}

impl Aggregate {
    /// Recordings with this status.
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The text of `sessions.csv`.
    pub fn to_csv(&self) -> Result<String> {
        sessions_csv(&self.rows)
    }

    /// Writes `sessions.csv` to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        write_atomic(path, self.to_csv()?.as_bytes())
    }
}

/// True for a folder a batch wrote for one recording.
fn is_recording_folder(dir: &Path) -> bool {
    [RUN_FILE, ERROR_FILE, SUMMARY_FILE]
        .iter()
        .any(|name| dir.join(name).is_file())
}

/// Collects the recording folders of the batch output folders `dirs` (their
/// sub-folders holding `run.json`, `error.json` or `summary.json`). The same
/// id in two output folders is an error (the table would be ambiguous), and
/// so is finding no recording folder at all.
pub fn aggregate(dirs: &[PathBuf]) -> Result<Aggregate> {
    let mut found: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !path.is_dir() || !is_recording_folder(&path) {
                continue;
            }
            if let Some(previous) = found.insert(name.clone(), path.clone()) {
                return Err(Error::option(
                    "DIR",
                    format!(
                        "recording '{name}' is in both {} and {}: aggregate each batch's folders once",
                        previous.display(),
                        path.display()
                    ),
                ));
            }
        }
    }
    if found.is_empty() {
        let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(Error::option(
            "DIR",
            format!(
                "no recording folders (holding run.json, error.json or summary.json) in {}",
                names.join(", ")
            ),
        ));
    }
    let found: Vec<(String, PathBuf)> = found.into_iter().collect();
    let rows = found
        .par_iter()
        .map(|(id, path)| row_from_folder(path, id))
        .collect::<Result<Vec<_>>>()?;
    Ok(Aggregate {
        warnings: consistency_warnings(&rows),
        rows,
    })
}

/// Rows for exactly these recording ids of one output folder (a batch's own table).
pub fn rows_for(out: &Path, ids: &[&str]) -> Result<Vec<SessionRow>> {
    ids.par_iter()
        .map(|id| row_from_folder(&out.join(id), id))
        .collect()
}

fn consistency_warnings(rows: &[SessionRow]) -> Vec<String> {
    let mut by_options: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        if let Some(options) = &row.options {
            *by_options.entry(options.as_str()).or_default() += 1;
        }
    }
    if by_options.len() > 1 {
        let counts: Vec<String> = by_options.values().map(|n| n.to_string()).collect();
        vec![format!(
            "the recordings were analysed with {} different option sets (recordings per set: {}); see each folder's run.json",
            by_options.len(),
            counts.join(", ")
        )]
    } else {
        Vec::new()
    }
}
