//! Input sources: files on disk, members of zip archives, and the files of a
//! folder, all opened the same way as UTF-8 text streams.

use crate::error::{Error, Result};
use crate::io::text::{Encoding, Utf16ToUtf8};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Most bytes retrogait will decompress from one zip archive (a guard against zip bombs).
const MAX_ZIP_BYTES: u64 = 8 << 30;

/// Size and SHA-256 (lower-case hex) of a file, read in blocks (inputs can be
/// gigabytes). The summary's input hashes and batch's run records use it.
pub fn file_sha256(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = HashingReader::new(File::open(path)?);
    let mut buffer = vec![0u8; 1 << 20];
    while file.read(&mut buffer)? > 0 {}
    Ok(file.finish())
}

/// A reader that hashes (SHA-256) every byte read through it, so a file read
/// once for its data also gives its hash without a second pass over it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: sha2::Sha256,
    bytes: u64,
}

impl<R> HashingReader<R> {
    /// Wraps a reader positioned at the start of the bytes to hash.
    pub(crate) fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: sha2::Sha256::default(),
            bytes: 0,
        }
    }

    /// Bytes read and their SHA-256 (lower-case hex).
    pub(crate) fn finish(self) -> (u64, String) {
        use sha2::Digest;
        let hex = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (self.bytes, hex)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(out)?;
        self.hasher.update(out.get(..n).unwrap_or_default());
        self.bytes += n as u64;
        Ok(n)
    }
}

/// One readable input file.
#[derive(Debug, Clone)]
pub struct Source {
    /// What error messages call it: the path, or `archive.zip!member`.
    pub display: PathBuf,
    /// The path inside its folder or archive, with `/` separators (`meta/time.csv`).
    pub relative: String,
    origin: Origin,
    /// When set, only this part of the table is read (chunked reading of long files).
    pub(crate) window: Option<crate::io::table::TableWindow>,
}

#[derive(Debug, Clone)]
enum Origin {
    File(PathBuf),
    Memory(Arc<[u8]>),
}

impl Source {
    /// A source for a file on disk.
    pub fn file(path: &Path) -> Source {
        Source {
            display: path.to_path_buf(),
            relative: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            origin: Origin::File(path.to_path_buf()),
            window: None,
        }
    }

    /// A source for bytes in memory (zip members, tests).
    pub fn memory(
        display: impl Into<PathBuf>,
        relative: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Source {
        Source {
            display: display.into(),
            relative: relative.into(),
            origin: Origin::Memory(bytes.into()),
            window: None,
        }
    }

    /// The file name without folders.
    pub fn file_name(&self) -> &str {
        self.relative.rsplit('/').next().unwrap_or(&self.relative)
    }

    /// Opens the raw bytes.
    pub(crate) fn open_raw(&self) -> Result<Box<dyn Read + Send>> {
        match &self.origin {
            Origin::File(path) => {
                let file = File::open(path).map_err(|e| Error::io(path, e))?;
                Ok(Box::new(file))
            }
            Origin::Memory(bytes) => Ok(Box::new(Cursor::new(Arc::clone(bytes)))),
        }
    }

    /// Opens the source as UTF-8 text: UTF-16 (with or without BOM) is
    /// transcoded on the fly; a UTF-8 BOM is left for the line reader to strip.
    pub(crate) fn open_text(&self) -> Result<(Box<dyn BufRead + Send>, Encoding)> {
        let mut raw = BufReader::with_capacity(1 << 16, self.open_raw()?);
        let head = raw.fill_buf().map_err(|e| Error::io(&self.display, e))?;
        let encoding = Encoding::sniff(head);
        let reader: Box<dyn BufRead + Send> = match encoding {
            Encoding::Utf8 => Box::new(raw),
            Encoding::Utf16Le => Box::new(BufReader::with_capacity(
                1 << 16,
                Utf16ToUtf8::new(raw, true),
            )),
            Encoding::Utf16Be => Box::new(BufReader::with_capacity(
                1 << 16,
                Utf16ToUtf8::new(raw, false),
            )),
        };
        Ok((reader, encoding))
    }

    /// Opens UTF-8 text at a byte offset (resuming a table part-way through).
    pub(crate) fn open_text_at(&self, offset: u64) -> Result<Box<dyn BufRead + Send>> {
        use std::io::{Seek, SeekFrom};
        let io_error = |e| Error::io(&self.display, e);
        match &self.origin {
            Origin::File(path) => {
                let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
                file.seek(SeekFrom::Start(offset)).map_err(io_error)?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
            }
            Origin::Memory(bytes) => {
                let mut cursor = Cursor::new(Arc::clone(bytes));
                cursor.seek(SeekFrom::Start(offset)).map_err(io_error)?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, cursor)))
            }
        }
    }

    /// True when the source is a plain file on disk (not a zip member).
    pub(crate) fn is_file(&self) -> bool {
        matches!(self.origin, Origin::File(_))
    }

    /// The first `max_bytes` of the text (after transcoding), for detection.
    pub(crate) fn head(&self, max_bytes: usize) -> Result<(Vec<u8>, Encoding, bool)> {
        let (reader, encoding) = self.open_text()?;
        let mut head = Vec::with_capacity(max_bytes.min(1 << 16));
        let read = reader
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut head)
            .map_err(|e| Error::io(&self.display, e))?;
        let truncated = read > max_bytes;
        head.truncate(max_bytes);
        Ok((head, encoding, truncated))
    }

    /// The raw first bytes (for magic-number checks such as zip).
    fn magic(&self) -> Result<[u8; 4]> {
        let mut magic = [0u8; 4];
        let mut reader = self.open_raw()?;
        let mut filled = 0;
        while filled < 4 {
            let n = reader
                .read(&mut magic[filled..])
                .map_err(|e| Error::io(&self.display, e))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        Ok(magic)
    }

    /// Size in bytes, when cheap to know.
    pub fn len(&self) -> Option<u64> {
        match &self.origin {
            Origin::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Origin::Memory(bytes) => Some(bytes.len() as u64),
        }
    }

    /// True for a known-empty source.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

/// Expands the user's inputs into sources: a file is itself (a zip becomes
/// its members), a folder becomes the files in it (two levels deep, hidden
/// files skipped), in a stable order.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for input in inputs {
        let metadata = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if metadata.is_dir() {
            let mut files = Vec::new();
            collect_folder(input, input, 0, &mut files)?;
            files.sort();
            if files.is_empty() {
                return Err(Error::format(input, "the folder holds no file"));
            }
            for (relative, path) in files {
                let mut source = Source::file(&path);
                source.relative = relative;
                push_expanding_zip(source, &mut sources)?;
            }
        } else {
            push_expanding_zip(Source::file(input), &mut sources)?;
        }
    }
    Ok(sources)
}

/// Expands sources already opened (files or bytes in memory): a zip archive
/// becomes its members, any other source is kept as it is.
pub fn expand_sources(sources: Vec<Source>) -> Result<Vec<Source>> {
    let mut expanded = Vec::with_capacity(sources.len());
    for source in sources {
        push_expanding_zip(source, &mut expanded)?;
    }
    Ok(expanded)
}

fn collect_folder(
    root: &Path,
    folder: &Path,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<()> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__MACOSX" {
            continue;
        }
        let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if file_type.is_dir() {
            if depth < 2 {
                collect_folder(root, &path, depth + 1, out)?;
            }
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, path));
        }
    }
    Ok(())
}

fn push_expanding_zip(source: Source, out: &mut Vec<Source>) -> Result<()> {
    if source.magic()? == *b"PK\x03\x04" {
        out.extend(zip_members(&source)?);
    } else {
        out.push(source);
    }
    Ok(())
}

fn zip_members(archive: &Source) -> Result<Vec<Source>> {
    let zip_error = |message: String| Error::Zip {
        path: archive.display.clone(),
        message,
    };
    let reader = archive.open_raw()?;
    let mut bytes = Vec::new();
    let mut reader = reader;
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&archive.display, e))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(e.to_string()))?;
    let mut members = Vec::new();
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let mut member = zip.by_index(index).map_err(|e| zip_error(e.to_string()))?;
        if member.is_dir() {
            continue;
        }
        let name = member
            .name()
            .map_err(|e| zip_error(e.to_string()))?
            .replace('\\', "/");
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        if base.starts_with('.') || name.starts_with("__MACOSX/") {
            continue;
        }
        total = total.saturating_add(member.size());
        if total > MAX_ZIP_BYTES {
            return Err(zip_error(format!(
                "its members decompress to more than {} GiB; unpack it and pass the folder",
                MAX_ZIP_BYTES >> 30
            )));
        }
        // The header's size is a claim, not a fact: reserve at most 64 MiB up front.
        let mut content = Vec::with_capacity(member.size().min(1 << 26) as usize);
        member
            .read_to_end(&mut content)
            .map_err(|e| zip_error(format!("member {name}: {e}")))?;
        let display = PathBuf::from(format!("{}!{}", archive.display.display(), name));
        members.push(Source::memory(display, name, content));
    }
    members.sort_by(|a, b| a.relative.cmp(&b.relative));
    if members.is_empty() {
        return Err(zip_error("the archive holds no file".into()));
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn zip_members_become_sources() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.zip");
        let file = File::create(&path).unwrap();
        let mut writer = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file("meta/time.csv", options).unwrap();
        writer.write_all(b"\"event\"\n").unwrap();
        writer.start_file("Raw Data.csv", options).unwrap();
        writer.write_all(b"\"Time (s)\"\n").unwrap();
        writer.finish().unwrap();
        let sources = expand_inputs(&[path]).unwrap();
        let names: Vec<&str> = sources.iter().map(|s| s.relative.as_str()).collect();
        assert_eq!(names, vec!["Raw Data.csv", "meta/time.csv"]);
        assert_eq!(sources[1].file_name(), "time.csv");
        assert!(sources[0]
            .display
            .to_string_lossy()
            .ends_with("export.zip!Raw Data.csv"));
        let mut text = String::new();
        sources[0]
            .open_text()
            .unwrap()
            .0
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "\"Time (s)\"\n");
    }

    #[test]
    fn folders_expand_to_their_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("meta")).unwrap();
        std::fs::write(dir.path().join("meta/device.csv"), "x").unwrap();
        std::fs::write(dir.path().join("a.csv"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let sources = expand_inputs(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<&str> = sources.iter().map(|s| s.relative.as_str()).collect();
        assert_eq!(names, vec!["a.csv", "meta/device.csv"]);
    }

    #[test]
    fn missing_input_names_the_path() {
        let error = expand_inputs(&[PathBuf::from("/nonexistent/walk.csv")]).unwrap_err();
        assert!(
            error.to_string().starts_with("/nonexistent/walk.csv:"),
            "{error}"
        );
    }
}
