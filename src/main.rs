//! The `retrogait` command line: parses arguments and calls the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use retrogait::gait::analysis::{analyze, AnalysisOptions, Placement, Subject};
use retrogait::inspect::InspectReport;
use retrogait::io::{units::Unit, ReadOptions};
use retrogait::prepare::PrepareOptions;
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
        /// back_pocket, hand, armband, neck_pouch, bag, wrist, other.
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
        /// Rate of the analysis grid, Hz.
        #[arg(long, value_name = "HZ", default_value_t = 100.0)]
        resample: f64,
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

fn parse_placement(text: &str) -> Result<Placement, String> {
    Placement::from_id(text).ok_or_else(|| {
        format!(
            "unknown placement '{text}'; expected one of: {}",
            Placement::ALL.map(Placement::id).join(", ")
        )
    })
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
            resample,
            read,
        } => {
            let mut read_options = read.options();
            let mut inputs = inputs;
            let mut subject = Subject {
                height_m: height,
                sensor_height_m: sensor_height,
                leg_length_m: leg_length,
                mass_kg: mass,
            };
            let mut placement = placement.map(|p| (p, "--placement"));
            if let Some(dir) = case {
                let case = retrogait::case::CaseSpec::load(&dir)?;
                if inputs.is_empty() {
                    inputs = case.input_paths();
                }
                read_options.rate_hz = read_options.rate_hz.or(case.sampling_rate_hz);
                subject = case.subject.merged_under(subject);
                placement = placement.or(case.placement.map(|p| (p, "case.json")));
            }
            let loaded = retrogait::io::read(&inputs, &read_options)?;
            let options = AnalysisOptions {
                placement: placement.map(|(p, _)| p),
                subject,
                grid: PrepareOptions {
                    rate_hz: resample,
                    ..PrepareOptions::default()
                },
                ..AnalysisOptions::default()
            };
            let analysis = analyze(&loaded.recording, &options)?;
            let source = placement.map_or("unknown", |(_, s)| s);
            let summary = retrogait::report::tables::summary(&loaded, &analysis, &options, source);
            retrogait::report::tables::write_outputs(&out, &analysis, &summary, force)?;
            println!(
                "{} bouts, {} steps, {:.1} s walking -> {}",
                summary.walking.bouts,
                summary.walking.steps,
                summary.walking.time_s,
                out.display()
            );
        }
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
            if error.downcast_ref::<retrogait::Error>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
