//! Compact traces of the vertical acceleration for the report's plots, so the
//! report never needs the whole signal: a min/max envelope per fixed 0.25-s
//! bin over the whole recording, and one zoom window of at most 8 s inside
//! the longest bout. Bins sit at absolute times (`floor(t / 0.25)`), so the
//! traces of consecutive chunks of one recording concatenate with [`SignalTraces::append`].

use serde::Serialize;

/// Width of one envelope bin, s.
pub const ENVELOPE_BIN_S: f64 = 0.25;
/// Longest zoom window, s.
pub const ZOOM_MAX_S: f64 = 8.0;

/// Minimum and maximum of the vertical acceleration (gravity removed, m/s²)
/// over one bin `[bin · 0.25 s, (bin + 1) · 0.25 s)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EnvelopeBin {
    /// Bin number: `floor(t / ENVELOPE_BIN_S)`.
    pub bin: u32,
    /// Smallest value in the bin, m/s².
    pub min: f32,
    /// Largest value in the bin, m/s².
    pub max: f32,
}

/// A few seconds of the vertical acceleration at the analysis rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoomWindow {
    /// Time of the first sample, s since the recording's first sample.
    pub start_s: f64,
    /// Sampling rate, Hz.
    pub rate_hz: f64,
    /// Vertical acceleration, m/s², gravity removed.
    pub vertical_acc: Vec<f32>,
    /// Duration of the bout the window was taken from, s (the longest bout's window is kept).
    pub bout_duration_s: f64,
}

impl ZoomWindow {
    /// Time just after the last sample, s.
    pub fn end_s(&self) -> f64 {
        self.start_s + self.vertical_acc.len() as f64 / self.rate_hz
    }
}

/// The traces of one recording (or of consecutive chunks of it, appended).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SignalTraces {
    /// Envelope bins in time order; bins without samples (gaps) are absent.
    pub envelope: Vec<EnvelopeBin>,
    /// A window inside the longest bout, when there is walking.
    pub zoom: Option<ZoomWindow>,
}

impl SignalTraces {
    /// Adds the envelope of a segment's vertical acceleration whose first
    /// sample is at `start_s`. Segments must come in time order.
    pub fn add_envelope(&mut self, vertical_acc: &[f64], start_s: f64, rate_hz: f64) {
        let samples_per_bin = ENVELOPE_BIN_S * rate_hz;
        if !(samples_per_bin.is_finite() && samples_per_bin > 0.0) {
            return;
        }
        let mut i = 0;
        while i < vertical_acc.len() {
            let t = start_s + i as f64 / rate_hz;
            let bin = (t / ENVELOPE_BIN_S).floor().max(0.0);
            // First sample index of the next bin (at least one sample further).
            let next_t = (bin + 1.0) * ENVELOPE_BIN_S;
            let end = (((next_t - start_s) * rate_hz - 1e-9).ceil().max(0.0) as usize)
                .clamp(i + 1, vertical_acc.len());
            let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
            for &v in &vertical_acc[i..end] {
                if v.is_finite() {
                    min = min.min(v);
                    max = max.max(v);
                }
            }
            if min <= max {
                self.push_bin(EnvelopeBin {
                    bin: bin.min(u32::MAX as f64) as u32,
                    min: min as f32,
                    max: max as f32,
                });
            }
            i = end;
        }
    }

    /// Adds a bin, merging it with the last one when they are the same bin
    /// (a chunk or segment boundary inside a bin).
    fn push_bin(&mut self, bin: EnvelopeBin) {
        match self.envelope.last_mut() {
            Some(last) if last.bin == bin.bin => {
                last.min = last.min.min(bin.min);
                last.max = last.max.max(bin.max);
            }
            _ => self.envelope.push(bin),
        }
    }

    /// Offers a bout of a segment as the zoom window: kept when it is longer
    /// than the current window's bout. The window (≤ 8 s) is centred on the bout.
    pub fn offer_zoom(
        &mut self,
        vertical_acc: &[f64],
        segment_start_s: f64,
        rate_hz: f64,
        bout: (f64, f64),
    ) {
        let (start, end) = bout;
        let duration = end - start;
        if self
            .zoom
            .as_ref()
            .is_some_and(|z| z.bout_duration_s >= duration)
            || !(rate_hz > 0.0 && duration.is_finite())
        {
            return;
        }
        // Half a step of margin around a short bout; the middle of a long one.
        let (from, to) = if duration + 1.0 <= ZOOM_MAX_S {
            (start - 0.5, end + 0.5)
        } else {
            let middle = (start + end) / 2.0;
            (middle - ZOOM_MAX_S / 2.0, middle + ZOOM_MAX_S / 2.0)
        };
        let index = |t: f64| ((t - segment_start_s) * rate_hz).round().max(0.0) as usize;
        let (first, last) = (
            index(from).min(vertical_acc.len()),
            index(to).min(vertical_acc.len()),
        );
        let Some(window) = vertical_acc.get(first..last).filter(|w| w.len() >= 2) else {
            return;
        };
        self.zoom = Some(ZoomWindow {
            start_s: segment_start_s + first as f64 / rate_hz,
            rate_hz,
            vertical_acc: window.iter().map(|&v| v as f32).collect(),
            bout_duration_s: duration,
        });
    }

    /// Appends the traces of the next chunk of the same recording: envelopes
    /// concatenate (a bin split by the chunk boundary is merged), the zoom of
    /// the longer bout is kept.
    pub fn append(&mut self, next: SignalTraces) {
        for bin in next.envelope {
            self.push_bin(bin);
        }
        if let Some(zoom) = next.zoom {
            if self
                .zoom
                .as_ref()
                .is_none_or(|z| zoom.bout_duration_s > z.bout_duration_s)
            {
                self.zoom = Some(zoom);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_bins_sit_at_absolute_times() {
        let mut traces = SignalTraces::default();
        // 1 s at 100 Hz from t = 0.1: bins 0 (0.10–0.24), 1, 2, 3, 4 (1.00–1.09).
        let signal: Vec<f64> = (0..100).map(|i| i as f64).collect();
        traces.add_envelope(&signal, 0.1, 100.0);
        let bins: Vec<u32> = traces.envelope.iter().map(|b| b.bin).collect();
        assert_eq!(bins, vec![0, 1, 2, 3, 4]);
        assert_eq!(
            (traces.envelope[0].min, traces.envelope[0].max),
            (0.0, 14.0)
        );
        assert_eq!(
            (traces.envelope[1].min, traces.envelope[1].max),
            (15.0, 39.0)
        );
        assert_eq!(
            (traces.envelope[4].min, traces.envelope[4].max),
            (90.0, 99.0)
        );
    }

    #[test]
    fn chunks_concatenate_to_the_whole() {
        let signal: Vec<f64> = (0..1000).map(|i| ((i as f64) * 0.37).sin()).collect();
        let mut whole = SignalTraces::default();
        whole.add_envelope(&signal, 0.0, 100.0);
        // Split inside a bin (sample 333 = 3.33 s).
        let (mut first, mut second) = (SignalTraces::default(), SignalTraces::default());
        first.add_envelope(&signal[..333], 0.0, 100.0);
        second.add_envelope(&signal[333..], 3.33, 100.0);
        first.append(second);
        assert_eq!(first.envelope, whole.envelope);
    }

    #[test]
    fn the_zoom_comes_from_the_longest_bout_and_stays_short() {
        let signal = vec![0.0; 6000];
        let mut traces = SignalTraces::default();
        traces.offer_zoom(&signal, 0.0, 100.0, (2.0, 5.0));
        traces.offer_zoom(&signal, 0.0, 100.0, (10.0, 40.0));
        traces.offer_zoom(&signal, 0.0, 100.0, (45.0, 50.0));
        let zoom = traces.zoom.expect("zoom");
        assert_eq!(zoom.bout_duration_s, 30.0);
        assert!((zoom.start_s - 21.0).abs() < 1e-9, "{}", zoom.start_s);
        assert_eq!(zoom.vertical_acc.len(), 800);
    }
}
