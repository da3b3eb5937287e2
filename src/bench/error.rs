//! Errors of the benchmark module; each names the file (and line) it comes from.

use std::path::PathBuf;

/// Everything that can go wrong while loading cases, writing reports or checking thresholds.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `case.json` is not valid JSON or lacks a required field.
    #[error("{}:{line}:{column}: invalid case.json: {message}", path.display())]
    CaseJson {
        /// The `case.json` file.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// `case.json` parsed but a value is out of range.
    #[error("{}: invalid case.json: {message}", path.display())]
    CaseValue {
        /// The `case.json` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A reference CSV file has a bad header, row or value.
    #[error("{}:{line}: {message}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// An input file named in `case.json` is not in the case folder.
    #[error("{}: input `{name}` listed in case.json does not exist", case_json.display())]
    MissingInput {
        /// The `case.json` naming the input.
        case_json: PathBuf,
        /// The input's name as written in `case.json`.
        name: String,
    },
    /// The folder is neither a case, a `cases/` folder nor a dataset folder.
    #[error("{}: no case.json here, in cases/*/ or in */", path.display())]
    NoCases {
        /// The folder that was searched.
        path: PathBuf,
    },
    /// The thresholds TOML is malformed, names an unknown metric or has a non-numeric limit.
    #[error("thresholds: {message}")]
    Thresholds {
        /// What is wrong, with the table and key.
        message: String,
    },
    /// The report could not be serialised to JSON.
    #[error("cannot write the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}
