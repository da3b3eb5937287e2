//! Signal-processing building blocks for gait analysis of IMU recordings.
//!
//! * [`filter`]: Butterworth design (bilinear transform of the analog prototype with
//!   pre-warping, as SciPy's `butter(..., output='sos')`) plus causal and zero-phase
//!   (SciPy `sosfiltfilt` semantics) filtering.
//! * [`peaks`]: peak detection with SciPy `find_peaks` semantics for height, prominence
//!   and distance.
//! * [`resample`]: anti-aliased rate change and linear interpolation.
//! * [`vec3`]: dot and cross products of per-sample device-frame vectors.
//!
//! Everything works on `f64` slices. Invalid parameters and too-short inputs are reported
//! through [`DspError`]; nothing here panics on input data.

pub mod filter;
pub mod peaks;
pub mod resample;
pub mod vec3;

use thiserror::Error;

/// Why a DSP operation could not be carried out.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DspError {
    /// The signal has too few samples for the operation (e.g. the padding of `filtfilt`).
    #[error("signal has {len} samples but at least {needed} are needed")]
    TooShort {
        /// Number of samples supplied.
        len: usize,
        /// Minimum number of samples required.
        needed: usize,
    },
    /// A cutoff frequency is not strictly between 0 and the Nyquist frequency.
    #[error(
        "cutoff frequency {cutoff_hz} Hz must be greater than 0 Hz and less than the Nyquist frequency {nyquist_hz} Hz"
    )]
    InvalidCutoff {
        /// The offending cutoff frequency.
        cutoff_hz: f64,
        /// Half the sample rate.
        nyquist_hz: f64,
    },
    /// The two edges of a band-pass are not in increasing order.
    #[error("band-pass low edge {low_hz} Hz must be less than the high edge {high_hz} Hz")]
    InvalidBand {
        /// Lower band edge.
        low_hz: f64,
        /// Upper band edge.
        high_hz: f64,
    },
    /// The filter order is outside the supported range.
    #[error("filter order {0} is not supported; expected an order from 1 to 8")]
    InvalidOrder(usize),
    /// A rate change would produce more samples than a vector can hold.
    #[error(
        "resampling would produce about {estimated_len} samples, more than can be stored; expected a target rate closer to the source rate"
    )]
    OutputTooLong {
        /// Approximate number of output samples requested.
        estimated_len: f64,
    },
    /// A sample rate is not a finite positive number.
    #[error("sample rate {0} Hz is invalid; expected a finite number greater than 0")]
    InvalidRate(f64),
}
