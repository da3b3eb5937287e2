//! The `retrogait` command line: parses arguments and calls the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use retrogait::batch::{BatchOptions, ProgressMode, Shard};
use retrogait::gait::analysis::{AnalysisOptions, Placement, Subject};
use retrogait::inspect::inspect_inputs;
use retrogait::io::{units::Unit, ReadOptions};
use retrogait::prepare::PrepareOptions;
use retrogait::session::{analyze_inputs_with_progress, ClinicalTest, Progress, SessionOptions};
use retrogait::Format;
use std::path::PathBuf;
use std::process::ExitCode;

/// `println!` that returns an error instead of panicking when stdout is gone
/// (`retrogait … | head`): the error ends the command quietly (see `main`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

/// `print!` with the same care as [`say!`].
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*)?
    }};
}

/// Gait measurements from phone and wearable IMU recordings: walking bouts,
/// steps, forward vs backward walking, cadence, step length, speed.
#[derive(Parser)]
#[command(name = "retrogait", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what a recording holds: format, streams, rates, units, gaps, and every reader decision.
    Inspect {
        /// Recording files, a folder, or a zip export (several files of one recording are allowed).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Rate of the analysis grid whose segments are reported, Hz.
        #[arg(long, value_name = "HZ", default_value_t = 100.0)]
        resample: f64,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Write a simulated walking recording (generic CSV) and its ground truth in the benchmark
    /// case layout beside it. For demos and plumbing tests only, never for accuracy claims.
    Simulate {
        /// Output CSV file (case.json and reference/ are written in its folder).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Walking pattern: F forward, B backward, S standing, with seconds, e.g. "F60,B30,F60".
        #[arg(long, default_value = "F60,B30,F60")]
        pattern: String,
        /// Placement of the simulated sensor: lower_back, foot_right (or foot), thigh_front_pocket.
        #[arg(long, value_parser = parse_placement, default_value = "lower_back")]
        placement: Placement,
        /// Seed of the device orientation and the noise.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Sampling rate, Hz.
        #[arg(long, value_name = "HZ", default_value_t = 100.0)]
        rate: f64,
        /// Mount the simulated sensor upright on the back (x up, y left, forward = -z) instead
        /// of in a random orientation; case.json then gives the forward axis.
        #[arg(long)]
        upright: bool,
    },
    /// Analyse the bundled sample session (simulated: 1 min forward, then 4 x (30 s backward,
    /// 30 s forward), lower back) and write the full report: the quickest look at the outputs.
    Demo {
        /// Output folder.
        #[arg(long, value_name = "DIR", default_value = retrogait::demo::DEFAULT_OUT)]
        out: PathBuf,
        /// Overwrite existing results in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Score the analysis against benchmark datasets (case layout of shared/datasets):
    /// writes DIR/bench.json and DIR/bench.md; with --check, exits 1 when a threshold fails.
    Bench {
        /// Dataset folders (holding cases/), cases/ folders, or single case folders.
        #[arg(required = true)]
        datasets: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// TOML file of metric floors and ceilings (the accuracy gate).
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
    },
    /// Analyse a recording: walking bouts, steps, cadence, step length, speed, direction, energy.
    /// Writes DIR/steps.csv, DIR/bouts.csv, DIR/report.html, DIR/plots/ and DIR/summary.json.
    Analyze {
        /// Recording files, a folder, or a zip export (optional with --case).
        #[arg(required_unless_present = "case")]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite existing results in DIR.
        #[arg(long)]
        force: bool,
        /// A benchmark case folder: its case.json gives inputs, placement, rate and subject.
        #[arg(long, value_name = "DIR")]
        case: Option<PathBuf>,
        /// A clinical test the recording holds: 3mbw (3-metre backward walk; one or more
        /// trials). Writes DIR/3mbw.csv and a tests block in summary.json.
        #[arg(long, value_parser = parse_test, value_name = "TEST")]
        test: Option<ClinicalTest>,
        #[command(flatten)]
        session: SessionArgs,
    },
    /// Analyse many recordings in parallel (one task per recording) into DIR/<id>/ (the files of
    /// `analyze`) and write the cohort table DIR/sessions.csv. Re-running skips recordings whose
    /// outputs are complete and whose inputs and options are unchanged. Exit code 1 when any
    /// recording failed (the others are still done).
    Batch {
        /// Files, folders and glob patterns (quote a pattern to let retrogait expand it). A
        /// file or zip is one recording; a folder holding one multi-file export (phyphox,
        /// Sensor Logger, ...) is one recording; any other folder is searched for recordings.
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A file listing inputs, one per line (# comments and blank lines ignored; relative
        /// paths are relative to the manifest's folder).
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// Process only slice I of N (1-based; recordings dealt round-robin in id order).
        /// Writes no sessions.csv: run `retrogait aggregate DIR` after the last shard.
        #[arg(long, value_name = "I/N", value_parser = parse_shard)]
        shard: Option<Shard>,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        jobs: Option<u32>,
        /// Redo every recording, even those whose outputs are complete and unchanged.
        #[arg(long)]
        force: bool,
        /// No progress display.
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        session: SessionArgs,
    },
    /// Merge the recording folders of batch output folders (e.g. one per shard, or one shared
    /// by all shards) into one sessions.csv. Exit code 1 when any recording failed or is
    /// incomplete.
    Aggregate {
        /// Batch output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The table to write (default: sessions.csv in the first DIR).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// One person's sessions over weeks as one HTML page: backward walking per ISO week,
    /// forward vs backward cadence, step length and speed over time, 3-metre backward walk
    /// times, and a table of the sessions. Dates come from the recordings (or file times).
    Trend {
        /// Folders of analysis results: a batch output folder (DIR/<id>/summary.json), a
        /// folder of analyze outputs, or analyze output folders themselves.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// The analysis options of `analyze` and `batch`.
#[derive(Args)]
struct SessionArgs {
    /// Where the sensor was worn (in `batch`: all recordings): lower_back, foot_left,
    /// foot_right, thigh_front_pocket, back_pocket, hand, armband, neck_pouch, bag, wrist,
    /// other, foot (side unknown). Without it a foot sensor is detected; other placements
    /// stay unknown.
    #[arg(long, value_parser = parse_placement)]
    placement: Option<Placement>,
    /// Body height, m.
    #[arg(long, value_name = "M")]
    height: Option<f64>,
    /// Sensor height above the ground when standing, m (trunk/waist sensors).
    #[arg(long, value_name = "M")]
    sensor_height: Option<f64>,
    /// Leg length, m.
    #[arg(long, value_name = "M")]
    leg_length: Option<f64>,
    /// Body mass, kg.
    #[arg(long, value_name = "KG")]
    mass: Option<f64>,
    /// The device axis that points forward when worn (+x, -x, +y, -y, +z, -z);
    /// without it the direction is inferred from the signals for the lower back, the
    /// thigh pocket (both need a gyroscope), the feet and the neck pouch; other
    /// placements get `unknown`.
    #[arg(long, value_parser = parse_axis, value_name = "AXIS", allow_hyphen_values = true)]
    forward_axis: Option<[f64; 3]>,
    /// Rate of the analysis grid, Hz.
    #[arg(long, value_name = "HZ", default_value_t = 100.0)]
    resample: f64,
    #[command(flatten)]
    read: ReadArgs,
}

impl SessionArgs {
    fn options(&self) -> SessionOptions {
        SessionOptions {
            read: self.read.options(),
            analysis: AnalysisOptions {
                grid: PrepareOptions {
                    rate_hz: self.resample,
                    ..PrepareOptions::default()
                },
                forward_axis: self.forward_axis,
                ..AnalysisOptions::default()
            },
            placement_source: None,
            test: None,
        }
        .with_subject(Subject {
            height_m: self.height,
            sensor_height_m: self.sensor_height,
            leg_length_m: self.leg_length,
            mass_kg: self.mass,
        })
        .with_placement(self.placement, "--placement")
    }
}

/// Overrides of what detection decides.
#[derive(Args)]
struct ReadArgs {
    /// Force the format (phyphox, sensor_logger, metawear, shimmer, axivity, actigraph,
    /// androsensor, sensorlog, physics_toolbox, polar, empatica, xsens, oxford_phone, mobgap, generic).
    #[arg(long, value_parser = parse_format)]
    format: Option<Format>,
    /// Sampling rate in Hz for files without a time column (and the nominal rate otherwise).
    #[arg(long, value_name = "HZ")]
    rate: Option<f64>,
    /// Accelerometer unit: g, mg, m/s^2.
    #[arg(long, value_parser = parse_unit, value_name = "UNIT")]
    acc_unit: Option<Unit>,
    /// Gyroscope unit: rad/s, deg/s.
    #[arg(long, value_parser = parse_unit, value_name = "UNIT")]
    gyro_unit: Option<Unit>,
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            format: self.format,
            rate_hz: self.rate,
            acc_unit: self.acc_unit,
            gyro_unit: self.gyro_unit,
        }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::from_id(text).ok_or_else(|| {
        format!(
            "unknown format '{text}'; expected one of: {}",
            Format::ALL.map(Format::id).join(", ")
        )
    })
}

fn parse_test(text: &str) -> Result<ClinicalTest, String> {
    ClinicalTest::from_id(text)
        .ok_or_else(|| format!("unknown test '{text}'; expected: 3mbw (3-metre backward walk)"))
}

fn parse_placement(text: &str) -> Result<Placement, String> {
    Placement::from_id(text).ok_or_else(|| {
        format!(
            "unknown placement '{text}'; expected one of: {}",
            Placement::ALL.map(Placement::id).join(", ")
        )
    })
}

fn parse_axis(text: &str) -> Result<[f64; 3], String> {
    retrogait::gait::direction::parse_forward_axis(text)
        .ok_or_else(|| format!("unknown axis '{text}'; expected +x, -x, +y, -y, +z or -z"))
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    Shard::parse(text).map_err(|e| e.to_string())
}

fn parse_unit(text: &str) -> Result<Unit, String> {
    Unit::parse(text)
        .ok_or_else(|| format!("unknown unit '{text}'; expected g, mg, m/s^2, rad/s or deg/s"))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Inspect {
            inputs,
            json,
            resample,
            read,
        } => {
            let grid = PrepareOptions {
                rate_hz: resample,
                ..PrepareOptions::default()
            };
            let report = inspect_inputs(&inputs, &read.options(), &grid)?;
            if json {
                let text = serde_json::to_string_pretty(&report).context("writing JSON")?;
                say!("{text}");
            } else {
                say_raw!("{}", report.to_text());
            }
        }
        Command::Bench {
            datasets,
            out,
            check,
        } => return bench(&datasets, &out, check.as_deref()),
        Command::Simulate {
            out,
            pattern,
            placement,
            seed,
            rate,
            upright,
        } => {
            let Some(sim_placement) = retrogait::sim::SimPlacement::from_placement(placement)
            else {
                anyhow::bail!(retrogait::Error::option(
                    "--placement",
                    format!(
                        "{} is not simulated; simulated: lower_back, foot_right (or foot), thigh_front_pocket",
                        placement.id()
                    )
                ));
            };
            let options = retrogait::sim::SimOptions {
                pattern: retrogait::sim::parse_pattern(&pattern)?,
                rate_hz: rate,
                seed,
                standing_s: 3.0,
                upright,
            };
            let (truth, files) = retrogait::sim::write_case_at(&options, sim_placement, &out)?;
            say!(
                "simulated {} s, {} contacts, {} bouts -> {}",
                truth.samples as f64 / rate,
                truth.contacts.len(),
                truth.bouts.len(),
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Command::Batch {
            inputs,
            out,
            manifest,
            shard,
            jobs,
            force,
            quiet,
            session,
        } => {
            let options = BatchOptions {
                session: session.options(),
                out,
                jobs: jobs.map(|j| j as usize),
                shard,
                force,
                progress: if quiet {
                    ProgressMode::Quiet
                } else {
                    ProgressMode::Auto
                },
            };
            return batch(&inputs, manifest.as_deref(), &options);
        }
        Command::Aggregate { dirs, out } => return aggregate(&dirs, out),
        Command::Trend { dirs, out, force } => return trend(&dirs, &out, force),
        Command::Analyze {
            inputs,
            out,
            force,
            case,
            test,
            session,
        } => {
            let mut options = SessionOptions {
                test,
                ..session.options()
            };
            let mut inputs = inputs;
            if let Some(dir) = case {
                let case_inputs = options.merge_case(&dir)?;
                if inputs.is_empty() {
                    inputs = case_inputs;
                }
            }
            let mut bar = ProgressBar::for_bytes();
            let session = analyze_inputs_with_progress(&inputs, &options, &mut |p| bar.update(p))?;
            bar.finish();
            session.write(&out, force)?;
            say_raw!(
                "{}",
                retrogait::report::terminal::summary_text(&session.summary)
            );
            if let Some(tests) = &session.summary.tests {
                for line in
                    retrogait::gait::three_metre::terminal_lines(&tests.three_metre_backward_walk)
                {
                    say!("{line}");
                }
            }
            say!("report: {}", out.join("report.html").display());
        }
        Command::Demo { out, force } => {
            let (session, report) = retrogait::demo::run_demo(&out, force)?;
            say!("retrogait demo: a simulated session (1 min forward, 4 x (30 s backward, 30 s forward)), lower back");
            say_raw!(
                "{}",
                retrogait::report::terminal::summary_text(&session.summary)
            );
            say!("report: {}", report.display());
        }
    }
    Ok(())
}

/// A progress bar on stderr for long inputs (only on a terminal; logs stay clean).
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn for_bytes() -> ProgressBar {
        ProgressBar(None)
    }

    fn update(&mut self, progress: Progress) {
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return;
        }
        let bar = self.0.get_or_insert_with(|| {
            let bar = indicatif::ProgressBar::new(progress.total_bytes);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("analysing");
            bar
        });
        bar.set_position(progress.done_bytes);
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Exit status of a bench run whose gate failed (distinct from unusable input).
#[derive(Debug)]
struct GateFailed(usize);

impl std::fmt::Display for GateFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} accuracy threshold(s) or case(s) failed", self.0)
    }
}

impl std::error::Error for GateFailed {}

/// Exit status of a batch or aggregate in which recordings failed.
#[derive(Debug)]
struct RecordingsFailed(usize);

impl std::fmt::Display for RecordingsFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} recording(s) failed or incomplete", self.0)
    }
}

impl std::error::Error for RecordingsFailed {}

fn batch(
    inputs: &[PathBuf],
    manifest: Option<&std::path::Path>,
    options: &BatchOptions,
) -> anyhow::Result<()> {
    let inputs = retrogait::batch::collect_inputs(inputs, manifest)?;
    let report = retrogait::batch::run_batch(&inputs, options)?;
    if !report.skipped_files.is_empty() {
        eprintln!(
            "retrogait: {} file(s) in the input folders are not recordings and were skipped:",
            report.skipped_files.len()
        );
        for skipped in report.skipped_files.iter().take(10) {
            eprintln!("  {}: {}", skipped.path.display(), skipped.reason);
        }
        if report.skipped_files.len() > 10 {
            eprintln!("  ... and {} more", report.skipped_files.len() - 10);
        }
    }
    let failures = report.failures();
    for (id, message) in &failures {
        eprintln!("retrogait: recording failed: {id}: {message}");
    }
    let scope = match options.shard {
        Some(shard) => format!(
            "shard {shard}: {} of {} recordings",
            report.results.len(),
            report.total_recordings
        ),
        None => format!("{} recordings", report.results.len()),
    };
    let target = match &report.sessions_csv {
        Some(path) => path.display().to_string(),
        None => format!(
            "{} (run `retrogait aggregate {}` after the last shard)",
            options.out.display(),
            options.out.display()
        ),
    };
    say!(
        "batch: {scope}: {} analysed, {} unchanged (skipped), {} failed in {:.1} s -> {target}",
        report.analysed(),
        report.unchanged(),
        failures.len(),
        report.elapsed_s
    );
    if !failures.is_empty() {
        return Err(RecordingsFailed(failures.len()).into());
    }
    Ok(())
}

fn aggregate(dirs: &[PathBuf], out: Option<PathBuf>) -> anyhow::Result<()> {
    use retrogait::batch::sessions::Status;
    let merged = retrogait::batch::aggregate::aggregate(dirs)?;
    let out = match out {
        Some(path) => path,
        None => dirs
            .first()
            .map(|d| d.join(retrogait::batch::SESSIONS_FILE))
            .context("no output folder given")?,
    };
    merged.write(&out)?;
    for warning in &merged.warnings {
        eprintln!("retrogait: warning: {warning}");
    }
    for row in merged.rows.iter().filter(|r| r.status != Status::Ok) {
        eprintln!("retrogait: recording {}: {}", row.status.name(), row.id);
    }
    let bad = merged.count(Status::Failed) + merged.count(Status::Incomplete);
    say!(
        "aggregate: {} recordings ({} ok, {} failed, {} incomplete) -> {}",
        merged.rows.len(),
        merged.count(Status::Ok),
        merged.count(Status::Failed),
        merged.count(Status::Incomplete),
        out.display()
    );
    if bad > 0 {
        return Err(RecordingsFailed(bad).into());
    }
    Ok(())
}

fn trend(dirs: &[PathBuf], out: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if out.exists() && !force {
        anyhow::bail!(retrogait::Error::option(
            "--out",
            format!(
                "{} already exists; pass --force to overwrite it",
                out.display()
            )
        ));
    }
    let input = retrogait::trend::load_sessions(dirs)?;
    let html = retrogait::report::trend::trend_html(&input, dirs);
    retrogait::report::tables::write_atomic(out, html.as_bytes())?;
    for skipped in &input.skipped {
        eprintln!(
            "retrogait: skipped {}: {}",
            skipped.path.display(),
            skipped.reason
        );
    }
    let fallback = input
        .sessions
        .iter()
        .filter(|s| s.date.source != retrogait::trend::DateSource::StartTime)
        .count();
    say!(
        "trend: {} sessions ({} dated by file times), {} folders skipped -> {}",
        input.sessions.len(),
        fallback,
        input.skipped.len(),
        out.display()
    );
    Ok(())
}

fn bench(
    datasets: &[PathBuf],
    out: &std::path::Path,
    check: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let thresholds = check
        .map(|path| {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
        })
        .transpose()?;
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let run = retrogait::bench::run::run_bench(datasets, Default::default(), |done, total| {
        // A counter on a terminal; in logs, one line per tenth.
        let mut err = std::io::stderr();
        if interactive {
            let _ = write!(err, "\rbench: {done}/{total} cases");
            if done == total {
                let _ = writeln!(err);
            }
        } else if done == total || done % (total / 10).max(1) == 0 {
            let _ = writeln!(err, "bench: {done}/{total} cases");
        }
    })?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut markdown = run.report.to_markdown();
    for failure in &run.failures {
        markdown.push_str(&format!(
            "\nFAILED {}: {}\n",
            failure.case.display(),
            failure.error
        ));
    }
    let mut failed = run.failures.len();
    if let Some(text) = thresholds {
        let results = retrogait::bench::check_thresholds(&run.report, &text)?;
        let table = retrogait::bench::threshold_results_markdown(&results);
        markdown.push_str("\n## Accuracy gate\n\n");
        markdown.push_str(&table);
        say!("{table}");
        failed += results.iter().filter(|r| !r.pass).count();
    }
    retrogait::report::tables::write_atomic(
        &out.join("bench.json"),
        serde_json::to_string_pretty(&run)?.as_bytes(),
    )?;
    retrogait::report::tables::write_atomic(&out.join("bench.md"), markdown.as_bytes())?;
    let plots = out.join("plots");
    std::fs::create_dir_all(&plots).with_context(|| format!("creating {}", plots.display()))?;
    for (name, svg) in retrogait::bench::plots::bland_altman_files(&run.report) {
        retrogait::report::tables::write_atomic(&plots.join(name), svg.as_bytes())?;
    }
    for failure in &run.failures {
        eprintln!(
            "retrogait: case failed: {}: {}",
            failure.case.display(),
            failure.error
        );
    }
    say!(
        "bench: {} cases scored -> {}",
        run.report.cases.len(),
        out.display()
    );
    if failed > 0 {
        return Err(GateFailed(failed).into());
    }
    Ok(())
}

fn main() -> ExitCode {
    retrogait::memory::reuse_freed_buffers();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`| head`): not an error of ours.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("retrogait: error: {error:#}");
            // Unusable input is exit code 2; anything else 1.
            if error.downcast_ref::<GateFailed>().is_some()
                || error.downcast_ref::<RecordingsFailed>().is_some()
            {
                ExitCode::from(1)
            } else if error.downcast_ref::<retrogait::Error>().is_some()
                || error
                    .downcast_ref::<retrogait::bench::BenchError>()
                    .is_some()
            {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
