//! Initial contacts from the vertical acceleration (trunk, waist, phones).
//!
//! At each initial contact the body's downward velocity is arrested: the
//! vertical acceleration of the trunk rises to its step maximum just after
//! the foot lands (loading response). Contacts are therefore the peaks of
//! the zero-phase band-passed vertical acceleration, with a prominence
//! relative to the local walking amplitude so that quiet standing and
//! small movements do not count, and at least `min_step_s` apart.

use crate::dsp::filter::Butterworth;
use crate::dsp::peaks::{find_peaks, PeakOptions};

/// Parameters of [`detect_contacts`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepDetector {
    /// Band-pass of the vertical acceleration, Hz: around step frequencies (0.8–3 steps/s).
    pub band_hz: (f64, f64),
    /// Shortest step, s (fast walking ~0.3 s).
    pub min_step_s: f64,
    /// Peaks need this prominence relative to the local RMS of the band-passed signal.
    pub relative_prominence: f64,
    /// ... and at least this absolute prominence, m/s² (sensor noise floor).
    pub min_prominence_mps2: f64,
    /// Window of the local RMS, s.
    pub rms_window_s: f64,
}

impl Default for StepDetector {
    fn default() -> Self {
        StepDetector {
            band_hz: (0.5, 3.0),
            min_step_s: 0.25,
            relative_prominence: 0.5,
            min_prominence_mps2: 0.2,
            rms_window_s: 3.0,
        }
    }
}

/// One detected initial contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contact {
    /// Sample index in the segment.
    pub index: usize,
    /// Prominence of the peak, m/s².
    pub prominence: f64,
    /// Prominence over the local RMS: a confidence ingredient.
    pub relative: f64,
}

/// The band-passed vertical acceleration the detector works on.
pub fn step_signal(vertical_acc: &[f64], rate_hz: f64, detector: &StepDetector) -> Vec<f64> {
    let (low, high) = detector.band_hz;
    let high = high.min(0.45 * rate_hz);
    match Butterworth::bandpass(2, low, high, rate_hz).and_then(|f| f.filtfilt(vertical_acc)) {
        Ok(filtered) => filtered,
        // Too short to filter: no walking can be found in it anyway.
        Err(_) => vec![0.0; vertical_acc.len()],
    }
}

/// Local RMS over a centred window (running sums: O(n)).
pub fn local_rms(signal: &[f64], window: usize) -> Vec<f64> {
    let n = signal.len();
    let half = window / 2;
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for v in signal {
        sum += v * v;
        prefix.push(sum);
    }
    (0..n)
        .map(|i| {
            let a = i.saturating_sub(half);
            let b = (i + half + 1).min(n);
            ((prefix[b] - prefix[a]) / (b - a).max(1) as f64)
                .max(0.0)
                .sqrt()
        })
        .collect()
}

/// Detects initial contacts in one segment's vertical acceleration.
pub fn detect_contacts(
    vertical_acc: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
) -> Vec<Contact> {
    let signal = step_signal(vertical_acc, rate_hz, detector);
    let rms = local_rms(&signal, (detector.rms_window_s * rate_hz) as usize);
    let options = PeakOptions {
        height: None,
        prominence: Some(detector.min_prominence_mps2),
        distance: Some(((detector.min_step_s * rate_hz).round() as usize).max(1)),
    };
    find_peaks(&signal, &options)
        .into_iter()
        .filter_map(|peak| {
            let local = rms[peak.index].max(1e-9);
            let relative = peak.prominence / local;
            (relative >= detector.relative_prominence && signal[peak.index] > 0.0).then_some(
                Contact {
                    index: peak.index,
                    prominence: peak.prominence,
                    relative,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_contact_per_step_and_none_at_rest() {
        let rate = 100.0;
        let step_hz = 1.8;
        let mut signal = Vec::new();
        for i in 0..3000 {
            let t = i as f64 / rate;
            let walking = (5.0..25.0).contains(&t);
            let v = if walking {
                2.0 * (2.0 * std::f64::consts::PI * step_hz * t).sin()
            } else {
                0.0
            };
            let noise = 0.01 * (((i * 7919) % 101) as f64 / 50.0 - 1.0);
            signal.push(v + noise);
        }
        let contacts = detect_contacts(&signal, rate, &StepDetector::default());
        let expected = (20.0 * step_hz) as usize;
        assert!(
            (contacts.len() as i64 - expected as i64).abs() <= 2,
            "{} vs {expected}",
            contacts.len()
        );
        assert!(contacts
            .iter()
            .all(|c| (4.5..25.5).contains(&(c.index as f64 / rate))));
    }
}
