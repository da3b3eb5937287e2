//! retrogait: gait measurements from phone and wearable IMU recordings.
//!
//! Data flow (one way): [`io`] detects the format and reads a [`Recording`]
//! in SI units with the provenance of every decision; [`prepare`] puts its
//! streams on one uniform grid; [`dsp`] holds the signal-processing pieces
//! (zero-phase Butterworth, resampling, peaks) the later stages use;
//! [`gait`] finds bouts, steps, turns and spatial parameters; [`report`]
//! writes the output tables, plots and the HTML report; [`demo`] analyses the bundled sample; [`inspect`] reports what a recording holds;
//! [`session`] runs one recording's whole job (read → analyse → write);
//! [`batch`] runs it over many recordings in parallel (resumable, in shards)
//! and writes the cohort table; [`trend`] dates and sums one person's
//! sessions over weeks (the trend report); [`bench`] scores the analysis against
//! benchmark references.

#![warn(missing_docs)]

pub mod batch;
pub mod bench;
pub mod demo;
pub mod dsp;
pub mod error;
pub mod gait;
pub mod inspect;
pub mod io;
pub mod memory;
pub mod prepare;
pub mod recording;
pub mod report;
pub mod session;
pub mod sim;
pub mod trend;

pub use error::{Error, Result};
pub use recording::{Format, Recording};
