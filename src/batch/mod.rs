//! `retrogait batch`: many recordings, one task each, in parallel; resumable;
//! sliceable into shards for a cluster scheduler, with [`aggregate`] merging
//! the shards' folders into one `sessions.csv`.
//!
//! Each recording is exactly what `analyze` does ([`crate::session`]), written
//! to `OUT/<id>/`; [`discover`] turns inputs into recordings and ids,
//! [`record`] makes a recording's job resumable, [`sessions`] defines the
//! cohort table.

pub mod aggregate;
pub mod discover;
pub mod manifest;
pub mod record;
pub mod sessions;

use crate::error::{Error, Result};
use crate::session::SessionOptions;
pub use discover::{Discovery, RecordingInput, SkippedFile};
pub use manifest::Shard;
use rayon::prelude::*;
pub use record::Outcome;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// File name of the cohort table in the output folder.
pub const SESSIONS_FILE: &str = "sessions.csv";

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// What decides each recording's results.
    pub session: SessionOptions,
    /// Output folder.
    pub out: PathBuf,
    /// Worker threads (`-j`); `None`: one per core.
    pub jobs: Option<usize>,
    /// Only this slice of the recordings.
    pub shard: Option<Shard>,
    /// Redo every recording, even complete unchanged ones.
    pub force: bool,
    /// Progress display on stderr.
    pub progress: ProgressMode,
}

/// How progress is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// A bar with ETA when stderr is a terminal, plain lines otherwise.
    Auto,
    /// Nothing.
    Quiet,
}

/// One recording's outcome.
#[derive(Debug, Clone)]
pub struct RecordingResult {
    /// The recording.
    pub recording: RecordingInput,
    /// What happened.
    pub outcome: Outcome,
}

/// What a batch did.
#[derive(Debug, Clone)]
pub struct BatchReport {
    /// Every recording of this run (this shard's only, with `--shard`), by id.
    pub results: Vec<RecordingResult>,
    /// Files in input folders that are not recordings.
    pub skipped_files: Vec<SkippedFile>,
    /// Recordings of the whole batch (all shards).
    pub total_recordings: usize,
    /// `sessions.csv` when written (not for a shard: `aggregate` writes it).
    pub sessions_csv: Option<PathBuf>,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
}

impl BatchReport {
    /// Recordings analysed in this run.
    pub fn analysed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Analysed))
    }

    /// Recordings skipped because their outputs were complete and unchanged.
    pub fn unchanged(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Unchanged))
    }

    /// Failed recordings.
    pub fn failures(&self) -> Vec<(&str, &str)> {
        self.results
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Failed(message) => Some((r.recording.id.as_str(), message.as_str())),
                _ => None,
            })
            .collect()
    }

    fn count(&self, wanted: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| wanted(&r.outcome)).count()
    }
}

/// The inputs of a batch: the command-line inputs followed by the manifest's.
pub fn collect_inputs(inputs: &[PathBuf], manifest: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut all = inputs.to_vec();
    if let Some(path) = manifest {
        all.extend(manifest::read_manifest(path)?);
    }
    if all.is_empty() {
        return Err(Error::option(
            "INPUT",
            "no input given: name files, folders or glob patterns, or --manifest FILE",
        ));
    }
    Ok(all)
}

/// Runs a batch over `inputs` (files, folders, glob patterns). Errors only
/// for unusable arguments (no recordings, a pattern matching nothing, an
/// unwritable output folder); a recording that fails is reported in the
/// result and recorded on disk, and the others go on.
pub fn run_batch(inputs: &[PathBuf], options: &BatchOptions) -> Result<BatchReport> {
    let start = Instant::now();
    options.session.read.validate()?;
    let mut pool = rayon::ThreadPoolBuilder::new()
        // The analysis runs on the main thread's stack size in `analyze`.
        .stack_size(8 << 20)
        .thread_name(|i| format!("retrogait-batch-{i}"));
    if let Some(jobs) = options.jobs {
        pool = pool.num_threads(jobs);
    }
    let pool = pool
        .build()
        .map_err(|e| Error::option("--jobs", e.to_string()))?;
    pool.install(|| run_in_pool(inputs, options, start))
}

fn run_in_pool(inputs: &[PathBuf], options: &BatchOptions, start: Instant) -> Result<BatchReport> {
    let discovery = discover::discover(inputs, options.session.read.format, Some(&options.out))?;
    if discovery.recordings.is_empty() {
        return Err(Error::option(
            "INPUT",
            format!(
                "no recordings found in the inputs ({} file(s) skipped as not recordings)",
                discovery.skipped.len()
            ),
        ));
    }
    let total_recordings = discovery.recordings.len();
    let mine: Vec<RecordingInput> = discovery
        .recordings
        .into_iter()
        .enumerate()
        .filter(|(position, _)| options.shard.is_none_or(|s| s.holds(*position)))
        .map(|(_, r)| r)
        .collect();
    std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    let progress = Progress::new(mine.len(), options.progress);
    let outcomes: Vec<Outcome> = mine
        .par_iter()
        // One task per recording: never two recordings in one split.
        .with_max_len(1)
        .map(|recording| {
            let outcome = record::process(recording, &options.out, &options.session, options.force);
            progress.done(&recording.id, &outcome);
            outcome
        })
        .collect();
    progress.finish();
    let results: Vec<RecordingResult> = mine
        .into_iter()
        .zip(outcomes)
        .map(|(recording, outcome)| RecordingResult { recording, outcome })
        .collect();
    let sessions_csv = match options.shard {
        Some(_) => None,
        None => {
            let ids: Vec<&str> = results.iter().map(|r| r.recording.id.as_str()).collect();
            let rows = aggregate::rows_for(&options.out, &ids)?;
            let path = options.out.join(SESSIONS_FILE);
            crate::report::tables::write_atomic(&path, sessions::sessions_csv(&rows)?.as_bytes())?;
            Some(path)
        }
    };
    Ok(BatchReport {
        results,
        skipped_files: discovery.skipped,
        total_recordings,
        sessions_csv,
        elapsed_s: start.elapsed().as_secs_f64(),
    })
}

/// Progress on stderr: an indicatif bar on a terminal; otherwise a plain
/// line per tenth of the work and per failure (logs of a cluster job).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lines: bool,
    total: usize,
    done: AtomicUsize,
    failed: AtomicUsize,
    start: Instant,
    // Serialises plain lines from the workers.
    stderr: Mutex<()>,
}

impl Progress {
    fn new(total: usize, mode: ProgressMode) -> Progress {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let bar = (mode == ProgressMode::Auto && terminal).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "batch {bar:30} {pos}/{len} recordings  {elapsed} elapsed, ETA {eta}  {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            lines: mode == ProgressMode::Auto && !terminal,
            total,
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            start: Instant::now(),
            stderr: Mutex::new(()),
        }
    }

    fn done(&self, id: &str, outcome: &Outcome) {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let failed = match outcome {
            Outcome::Failed(_) => self.failed.fetch_add(1, Ordering::SeqCst) + 1,
            _ => self.failed.load(Ordering::SeqCst),
        };
        if let Some(bar) = &self.bar {
            if let Outcome::Failed(message) = outcome {
                bar.println(format!("failed: {id}: {message}"));
                bar.set_message(format!("{failed} failed"));
            }
            bar.inc(1);
            return;
        }
        if !self.lines {
            return;
        }
        let _guard = self.stderr.lock();
        let mut err = std::io::stderr().lock();
        if let Outcome::Failed(message) = outcome {
            let _ = writeln!(err, "batch: failed: {id}: {message}");
        }
        let step = self.total.div_ceil(10).max(1);
        if done == self.total || done % step == 0 {
            let elapsed = self.start.elapsed().as_secs_f64();
            let left = elapsed / done as f64 * (self.total - done) as f64;
            let _ = writeln!(
                err,
                "batch: {done}/{} recordings, {failed} failed, {elapsed:.0} s elapsed, ETA {left:.0} s",
                self.total
            );
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}
