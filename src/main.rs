//! The `retrogait` command line: parses arguments and calls the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use retrogait::gait::analysis::{AnalysisOptions, Placement, Subject};
use retrogait::inspect::InspectReport;
use retrogait::io::{units::Unit, ReadOptions};
use retrogait::prepare::PrepareOptions;
use retrogait::session::{analyze_inputs, ClinicalTest, SessionOptions};
use retrogait::Format;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Analyse a recording: walking bouts, steps, cadence, step length, speed.
    /// Writes DIR/steps.csv, DIR/bouts.csv and DIR/summary.json.
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
        /// Where the sensor was worn: lower_back, foot_left, foot_right, thigh_front_pocket,
        /// back_pocket, hand, armband, neck_pouch, bag, wrist, other, foot (side unknown).
        /// Without it a foot sensor is detected; other placements stay unknown.
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
        /// A benchmark case folder: its case.json gives inputs, placement, rate and subject.
        #[arg(long, value_name = "DIR")]
        case: Option<PathBuf>,
        /// The device axis that points forward when worn (+x, -x, +y, -y, +z, -z);
        /// without it only foot sensors get a walking direction.
        #[arg(long, value_parser = parse_axis, value_name = "AXIS", allow_hyphen_values = true)]
        forward_axis: Option<[f64; 3]>,
        /// Rate of the analysis grid, Hz.
        #[arg(long, value_name = "HZ", default_value_t = 100.0)]
        resample: f64,
        /// A clinical test the recording holds: 3mbw (3-metre backward walk; one or more
        /// trials). Writes DIR/3mbw.csv and a tests block in summary.json.
        #[arg(long, value_parser = parse_test, value_name = "TEST")]
        test: Option<ClinicalTest>,
        #[command(flatten)]
        read: ReadArgs,
    },
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
            let loaded = retrogait::io::read(&inputs, &read.options())?;
            let grid = PrepareOptions {
                rate_hz: resample,
                ..PrepareOptions::default()
            };
            let report = InspectReport::new(&loaded, &grid)?;
            if json {
                let text = serde_json::to_string_pretty(&report).context("writing JSON")?;
                println!("{text}");
            } else {
                print!("{}", report.to_text());
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
            };
            let (truth, files) = retrogait::sim::write_case_at(&options, sim_placement, &out)?;
            println!(
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
        Command::Analyze {
            inputs,
            out,
            force,
            placement,
            height,
            sensor_height,
            leg_length,
            mass,
            case,
            forward_axis,
            resample,
            test,
            read,
        } => {
            let mut options = SessionOptions {
                read: read.options(),
                analysis: AnalysisOptions {
                    grid: PrepareOptions {
                        rate_hz: resample,
                        ..PrepareOptions::default()
                    },
                    forward_axis,
                    ..AnalysisOptions::default()
                },
                placement_source: None,
                test,
            }
            .with_subject(Subject {
                height_m: height,
                sensor_height_m: sensor_height,
                leg_length_m: leg_length,
                mass_kg: mass,
            })
            .with_placement(placement, "--placement");
            let mut inputs = inputs;
            if let Some(dir) = case {
                let case_inputs = options.merge_case(&dir)?;
                if inputs.is_empty() {
                    inputs = case_inputs;
                }
            }
            let session = analyze_inputs(&inputs, &options)?;
            session.write(&out, force)?;
            let summary = &session.summary;
            println!(
                "{} bouts, {} steps, {:.1} s walking -> {}",
                summary.walking.bouts,
                summary.walking.steps,
                summary.walking.time_s,
                out.display()
            );
            if let Some(tests) = &summary.tests {
                for line in
                    retrogait::gait::three_metre::terminal_lines(&tests.three_metre_backward_walk)
                {
                    println!("{line}");
                }
            }
        }
    }
    Ok(())
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
        println!("{table}");
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
    println!(
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("retrogait: error: {error:#}");
            // Unusable input is exit code 2; anything else 1.
            if error.downcast_ref::<GateFailed>().is_some() {
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
