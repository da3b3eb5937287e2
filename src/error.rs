//! Typed library errors.
//!
//! Every error that comes from an input names the file and, where it can, the
//! line and column, and says what was expected. The binary prints the
//! `Display` form as is (one or two lines) and exits with code 2.

use std::fmt;
use std::path::PathBuf;

/// A place in an input file, shown as `path:line:column (name)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (for a zip member: `archive.zip!member.csv`).
    pub path: PathBuf,
    /// 1-based line number in the file.
    pub line: u64,
    /// 1-based column (field) number, when the problem is in one cell.
    pub column: Option<usize>,
    /// The column's header name, when the file has one.
    pub column_name: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
            if let Some(name) = &self.column_name {
                write!(f, " ({name})")?;
            }
        }
        Ok(())
    }
}

/// Errors of the retrogait library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused to read or write a file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A cell or line could not be parsed.
    #[error("{location}: expected {expected}, found {found}")]
    Parse {
        /// Where the problem is.
        location: Location,
        /// What the reader expected there.
        expected: String,
        /// What it found (shortened).
        found: String,
    },
    /// The input's layout is not one retrogait can read, or is ambiguous.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file or folder concerned.
        path: PathBuf,
        /// What is wrong, and what would be accepted.
        message: String,
    },
    /// A zip archive could not be opened or one of its members read.
    #[error("{}: not a readable zip archive: {message}", path.display())]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What the zip reader said.
        message: String,
    },
    /// The data were read but cannot be used (too short, no accelerometer, ...).
    #[error("{}: {message}", path.display())]
    Data {
        /// The file or recording concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A command-line or library option has an invalid value.
    #[error("invalid value for {option}: {message}")]
    InvalidOption {
        /// The option's name, e.g. `--rate`.
        option: String,
        /// What is wrong and what is accepted.
        message: String,
    },
}

impl Error {
    /// Shorthand for an I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Shorthand for a format error on `path`.
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Format {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Shorthand for a data error on `path`.
    pub fn data(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Shorthand for an invalid option.
    pub fn option(option: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidOption {
            option: option.into(),
            message: message.into(),
        }
    }
}

/// Result alias of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shortens a cell's text for an error message, so a binary blob never floods the terminal.
pub(crate) fn shorten(text: &[u8]) -> String {
    const LIMIT: usize = 40;
    let lossy = String::from_utf8_lossy(text);
    let printable: String = lossy
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if printable.is_empty() {
        return "an empty cell".to_string();
    }
    if printable.chars().count() > LIMIT {
        let head: String = printable.chars().take(LIMIT).collect();
        format!("\"{head}…\"")
    } else {
        format!("\"{printable}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_names_file_line_column_and_header() {
        let location = Location {
            path: "walk.csv".into(),
            line: 12,
            column: Some(3),
            column_name: Some("acc_y".into()),
        };
        assert_eq!(location.to_string(), "walk.csv:12:3 (acc_y)");
    }

    #[test]
    fn parse_error_says_what_was_expected() {
        let error = Error::Parse {
            location: Location {
                path: "a.csv".into(),
                line: 2,
                column: Some(1),
                column_name: None,
            },
            expected: "a number".into(),
            found: shorten(b"abc"),
        };
        assert_eq!(
            error.to_string(),
            "a.csv:2:1: expected a number, found \"abc\""
        );
    }

    #[test]
    fn shorten_limits_long_and_binary_cells() {
        assert_eq!(shorten(b""), "an empty cell");
        let long = vec![b'x'; 100];
        assert!(shorten(&long).ends_with("…\""));
        assert!(!shorten(&[0u8, 1, 2]).contains('\0'));
    }
}
