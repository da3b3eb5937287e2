//! Expanding the batch's inputs (files, folders, glob patterns) into
//! recordings, and giving each recording its id.
//!
//! A file is one recording (a zip export too). A folder is one recording
//! when its own files are one multi-file export (phyphox, Sensor Logger,
//! MetaBase, Polar: a data file of such a format among them); otherwise each
//! of its files that a reader claims as data is a recording, each zip is one,
//! its sub-folders are searched the same way, and the other files (notes,
//! metadata, references) are skipped and listed.

use crate::error::{Error, Result};
use crate::io::detect::{claim, Head, Role};
use crate::io::source::Source;
use crate::recording::Format;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Deepest folder level searched below an input folder.
const MAX_DEPTH: usize = 16;

/// One recording of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingInput {
    /// Stable, filesystem-safe id: the output folder's name (see [`assign_ids`]).
    pub id: String,
    /// The file, folder or zip, as given (joined with the folder it was found in).
    pub path: PathBuf,
}

/// A file found in an input folder that is not a recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// The recordings of a batch and what was skipped on the way.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Recordings, sorted by id.
    pub recordings: Vec<RecordingInput>,
    /// Files in input folders that no reader claims as data.
    pub skipped: Vec<SkippedFile>,
}

/// Expands the inputs into recordings with ids. `forced` is `--format`
/// (it decides which files of a folder count as data); folders searched skip
/// `exclude` (the batch's own output folder, which may lie inside an input
/// folder). A path that does not exist stays a recording (it fails alone,
/// visibly); a glob pattern that matches nothing is an error.
pub fn discover(
    inputs: &[PathBuf],
    forced: Option<Format>,
    exclude: Option<&Path>,
) -> Result<Discovery> {
    let mut walk = Walk {
        forced,
        exclude: exclude.map(normalized),
        paths: Vec::new(),
        skipped: Vec::new(),
    };
    for input in inputs {
        walk.argument(input)?;
    }
    let Walk { paths, skipped, .. } = walk;
    Ok(Discovery {
        recordings: assign_ids(paths),
        skipped,
    })
}

fn has_glob_characters(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// What a file found in a folder is.
enum Kind {
    /// A zip archive: one recording.
    Zip,
    /// A data file of this format.
    Data(Format),
    /// A side (metadata) file of some format.
    Side,
    /// Not a recording (the reason).
    Other(String),
}

fn kind_of(path: &Path, forced: Option<Format>) -> Kind {
    let mut magic = [0u8; 4];
    if let Ok(mut file) = std::fs::File::open(path) {
        if file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04" {
            return Kind::Zip;
        }
    }
    match Head::read(&Source::file(path)) {
        Err(error) => Kind::Other(format!("cannot be read: {error}")),
        Ok(head) => match claim(&head, forced) {
            Some(c) if c.role == Role::Data => Kind::Data(c.format),
            Some(_) => Kind::Side,
            None => Kind::Other("no reader recognises it".into()),
        },
    }
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX"
}

/// The state of one discovery.
struct Walk {
    forced: Option<Format>,
    exclude: Option<PathBuf>,
    paths: Vec<PathBuf>,
    skipped: Vec<SkippedFile>,
}

impl Walk {
    fn argument(&mut self, input: &Path) -> Result<()> {
        if let Ok(metadata) = std::fs::metadata(input) {
            if metadata.is_dir() {
                return self.folder(input, 0);
            }
            self.paths.push(input.to_path_buf());
            return Ok(());
        }
        let text = input.to_string_lossy();
        if !has_glob_characters(&text) {
            // Missing: kept, so it gets a failure row of its own.
            self.paths.push(input.to_path_buf());
            return Ok(());
        }
        let matches = glob::glob(&text).map_err(|e| {
            Error::option(
                "INPUT",
                format!("'{text}' is not a valid glob pattern: {e}"),
            )
        })?;
        let mut found: Vec<PathBuf> = matches.filter_map(|m| m.ok()).collect();
        found.sort();
        if found.is_empty() {
            return Err(Error::option(
                "INPUT",
                format!("the pattern '{text}' matches no file or folder"),
            ));
        }
        for path in found {
            if path.is_dir() {
                self.folder(&path, 0)?;
            } else {
                self.paths.push(path);
            }
        }
        Ok(())
    }

    fn folder(&mut self, folder: &Path, depth: usize) -> Result<()> {
        if self.exclude.as_deref() == Some(normalized(folder).as_path()) {
            return Ok(());
        }
        let forced = self.forced;
        let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
        let mut files = Vec::new();
        let mut folders = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_hidden(&name) {
                continue;
            }
            let path = entry.path();
            // Follows symbolic links, as the readers do.
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => folders.push(path),
                Ok(_) => files.push(path),
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        files.sort();
        folders.sort();
        // Heads are read in parallel (inside the batch's thread pool).
        let kinds: Vec<Kind> = files.par_iter().map(|f| kind_of(f, forced)).collect();
        if kinds
            .iter()
            .any(|k| matches!(k, Kind::Data(format) if format.multi_file()))
        {
            // One export of several files (and its sub-folders, e.g. phyphox meta/).
            self.paths.push(folder.to_path_buf());
            return Ok(());
        }
        for (file, kind) in files.into_iter().zip(kinds) {
            match kind {
                Kind::Zip | Kind::Data(_) => self.paths.push(file),
                Kind::Side => self.skipped.push(SkippedFile {
                    path: file,
                    reason: "a metadata file without its recording's data files".into(),
                }),
                Kind::Other(reason) => self.skipped.push(SkippedFile { path: file, reason }),
            }
        }
        if depth < MAX_DEPTH {
            for sub in folders {
                self.folder(&sub, depth + 1)?;
            }
        }
        Ok(())
    }
}

/// Absolute, with `.` and `..` resolved lexically (symbolic links are kept,
/// so ids follow the paths the user sees).
fn normalized(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Replaces every character outside `A-Z a-z 0-9 . _ -` with `_`.
fn sanitize(component: &str) -> String {
    let cleaned: String = component
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // No hidden folders, no `.`/`..`.
    match cleaned.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => cleaned,
    }
}

/// Names the batch's output folder uses itself; an id never equals one.
const RESERVED: [&str; 2] = ["sessions.csv", "sessions.csv.tmp"];

/// Gives each recording its id: its path relative to the deepest folder that
/// holds all the recordings, with path separators written `__` and any
/// character outside `A-Z a-z 0-9 . _ -` written `_` (`site1/p01 walk.csv` →
/// `site1__p01_walk.csv`). Ids that would coincide after that get `-` and 8
/// hex digits of the SHA-256 of their relative path. The same inputs give the
/// same ids wherever and in whatever shard they run. Duplicate paths are kept
/// once. The result is sorted by id.
pub fn assign_ids(paths: Vec<PathBuf>) -> Vec<RecordingInput> {
    let mut unique: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for path in paths {
        unique.entry(normalized(&path)).or_insert(path);
    }
    let parents: Vec<Vec<Component>> = unique
        .keys()
        .map(|p| {
            p.parent()
                .map(|parent| parent.components().collect())
                .unwrap_or_default()
        })
        .collect();
    let common = parents.first().map_or(0, |first| {
        (0..first.len())
            .take_while(|&i| parents.iter().all(|p| p.get(i) == first.get(i)))
            .count()
    });
    let mut named: Vec<(String, String, PathBuf)> = unique
        .into_iter()
        .map(|(absolute, given)| {
            let relative: Vec<String> = absolute
                .components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let relative = relative.join("/");
            let mut id = relative
                .split('/')
                .map(sanitize)
                .collect::<Vec<_>>()
                .join("__");
            if id.is_empty() || RESERVED.contains(&id.as_str()) {
                id.push('_');
            }
            (id, relative, given)
        })
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (id, _, _) in &named {
        *counts.entry(id.clone()).or_default() += 1;
    }
    let taken: BTreeSet<String> = counts.keys().cloned().collect();
    for (id, relative, _) in &mut named {
        if counts.get(id.as_str()).is_some_and(|&n| n > 1) {
            let digest = Sha256::digest(relative.as_bytes());
            let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
            let candidate = format!("{id}-{hex}");
            // A sanitised id could equal another recording's suffixed one only by
            // a hash coincidence; the full hash settles it.
            *id = if taken.contains(&candidate) {
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                format!("{id}-{hex}")
            } else {
                candidate
            };
        }
    }
    let mut recordings: Vec<RecordingInput> = named
        .into_iter()
        .map(|(id, _, path)| RecordingInput { id, path })
        .collect();
    recordings.sort_by(|a, b| a.id.cmp(&b.id));
    recordings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(paths: &[&str]) -> Vec<String> {
        assign_ids(paths.iter().map(PathBuf::from).collect())
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn ids_are_paths_below_the_common_folder() {
        assert_eq!(
            ids(&[
                "/data/site1/p01 walk.csv",
                "/data/site2/p01.csv",
                "/data/site2/./x/../p02.csv"
            ]),
            vec!["site1__p01_walk.csv", "site2__p01.csv", "site2__p02.csv"]
        );
        assert_eq!(ids(&["/data/one.csv"]), vec!["one.csv"]);
        assert_eq!(ids(&["/data/export_folder"]), vec!["export_folder"]);
    }

    #[test]
    fn ids_do_not_depend_on_order_or_duplicates() {
        let a = ids(&["/d/b.csv", "/d/a.csv", "/d/b.csv"]);
        let b = ids(&["/d/a.csv", "/d/b.csv"]);
        assert_eq!(a, b);
        assert_eq!(a, vec!["a.csv", "b.csv"]);
    }

    #[test]
    fn colliding_ids_get_a_hash_suffix() {
        let got = ids(&[
            "/d/a b.csv",
            "/d/a_b.csv",
            "/d/.hidden.csv",
            "/d/sessions.csv",
        ]);
        assert_eq!(got.len(), 4);
        assert!(got.contains(&"_hidden.csv".to_string()), "{got:?}");
        assert!(got.contains(&"sessions.csv_".to_string()), "{got:?}");
        let suffixed: Vec<&String> = got.iter().filter(|id| id.starts_with("a_b.csv-")).collect();
        assert_eq!(suffixed.len(), 2, "{got:?}");
        assert_ne!(suffixed[0], suffixed[1]);
        assert!(got.iter().all(|id| id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))));
    }

    #[test]
    fn a_folder_of_csvs_is_many_recordings_and_notes_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let header = "time_s,acc_x,acc_y,acc_z\n0,0,0,9.81\n0.01,0,0,9.81\n";
        std::fs::write(dir.path().join("a.csv"), header).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.csv"), header).unwrap();
        std::fs::write(dir.path().join("README.txt"), "notes about the study\n").unwrap();
        // The batch's output folder inside the input folder is not searched.
        std::fs::create_dir(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/c.csv"), header).unwrap();
        let out = dir.path().join("sub/../out");
        let found = discover(&[dir.path().to_path_buf()], None, Some(&out)).unwrap();
        let ids: Vec<&str> = found.recordings.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["a.csv", "sub__b.csv"]);
        assert_eq!(found.skipped.len(), 1);
        assert!(found.skipped[0].path.ends_with("README.txt"));
    }

    #[test]
    fn a_multi_file_export_folder_is_one_recording() {
        let dir = tempfile::tempdir().unwrap();
        let export = dir.path().join("logger");
        std::fs::create_dir(&export).unwrap();
        std::fs::write(
            export.join("Accelerometer.csv"),
            "time,seconds_elapsed,z,y,x\n1000000000,0,0.1,0.2,0.3\n",
        )
        .unwrap();
        std::fs::write(
            export.join("Gyroscope.csv"),
            "time,seconds_elapsed,z,y,x\n1000000000,0,0.1,0.2,0.3\n",
        )
        .unwrap();
        let found = discover(&[dir.path().to_path_buf()], None, None).unwrap();
        assert_eq!(found.recordings.len(), 1, "{found:?}");
        assert_eq!(found.recordings[0].path, export);
        assert_eq!(found.recordings[0].id, "logger");
    }

    #[test]
    fn a_pattern_matching_nothing_is_an_error_and_a_missing_file_a_recording() {
        let dir = tempfile::tempdir().unwrap();
        let pattern = dir.path().join("*.csv");
        let error = discover(&[pattern], None, None).unwrap_err();
        assert!(error.to_string().contains("matches no file"), "{error}");
        let missing = dir.path().join("gone.csv");
        let found = discover(std::slice::from_ref(&missing), None, None).unwrap();
        assert_eq!(found.recordings[0].path, missing);
    }
}
