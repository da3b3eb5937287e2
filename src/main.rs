//! The `retrogait` command line: parses arguments and calls the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
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
