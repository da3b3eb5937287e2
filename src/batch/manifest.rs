//! Manifests (`--manifest FILE`) and shards (`--shard I/N`).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Reads a manifest: one input per line (a file, folder or glob pattern,
/// expanded like a command-line input); blank lines and lines starting with
/// `#` are ignored; surrounding white space is trimmed; relative paths are
/// relative to the manifest's own folder, so the manifest works from any
/// working directory (a scheduler's job starts wherever it likes).
pub fn read_manifest(path: &Path) -> Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(parse_manifest(&text, base))
}

/// The inputs listed in a manifest's text, relative ones joined to `base`.
pub fn parse_manifest(text: &str, base: &Path) -> Vec<PathBuf> {
    text.lines()
        .map(|line| line.trim_start_matches('\u{feff}').trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| base.join(line))
        .collect()
}

/// One slice of a batch: shard `index` of `count` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1 ..= count.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parses `I/N` (1 ≤ I ≤ N).
    pub fn parse(text: &str) -> Result<Shard> {
        let invalid = |why: &str| {
            Error::option(
                "--shard",
                format!("'{text}' {why}; expected I/N with 1 <= I <= N, e.g. 2/8"),
            )
        };
        let (index, count) = text.split_once('/').ok_or_else(|| invalid("has no '/'"))?;
        let index: usize = index
            .trim()
            .parse()
            .map_err(|_| invalid("does not start with a whole number"))?;
        let count: usize = count
            .trim()
            .parse()
            .map_err(|_| invalid("does not end with a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(invalid("is out of range"));
        }
        Ok(Shard { index, count })
    }

    /// True when the `position`-th recording (0-based, in id order) belongs
    /// to this shard: recordings are dealt round-robin, so every shard gets
    /// a similar mix whatever the order of sizes.
    pub fn holds(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let text =
            "\u{feff}# cohort A\n\n  a.csv  \n/abs/b.csv\r\n   # indented comment\nsite*/c.csv\n";
        assert_eq!(
            parse_manifest(text, Path::new("/m")),
            vec![
                PathBuf::from("/m/a.csv"),
                PathBuf::from("/abs/b.csv"),
                PathBuf::from("/m/site*/c.csv")
            ]
        );
    }

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { index: 2, count: 3 });
        for bad in ["0/3", "4/3", "1/0", "3", "a/3", "1/b", ""] {
            let error = Shard::parse(bad).unwrap_err();
            assert!(error.to_string().contains("--shard"), "{bad}: {error}");
        }
        let shards: Vec<Shard> = (1..=3).map(|i| Shard { index: i, count: 3 }).collect();
        for position in 0..10 {
            assert_eq!(shards.iter().filter(|s| s.holds(position)).count(), 1);
        }
        assert!(shards[0].holds(0) && shards[1].holds(1) && shards[0].holds(3));
    }
}
