//! Small statistics used by the scoring: median, percentiles, timing summaries and
//! Bland–Altman agreement.

use serde::{Deserialize, Serialize};

/// Median of the finite values; `None` if there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    percentile(values, 50.0)
}

/// Percentile `p` (0–100) of the finite values with linear interpolation between
/// closest ranks (NumPy's default `linear` method); `None` if there are no finite values.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let rank = (p.clamp(0.0, 100.0) / 100.0) * (sorted.len() - 1) as f64;
    let lower = rank.floor() as usize;
    let upper = rank.ceil() as usize;
    let fraction = rank - lower as f64;
    Some(sorted[lower] + (sorted[upper] - sorted[lower]) * fraction)
}

/// Arithmetic mean of the finite values; `None` if there are none.
pub fn mean(values: &[f64]) -> Option<f64> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        None
    } else {
        Some(finite.iter().sum::<f64>() / finite.len() as f64)
    }
}

/// Summary of event timing errors (detected − reference), seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimingSummary {
    /// Number of matched pairs.
    pub n: usize,
    /// Median of |error|.
    pub median_abs_s: f64,
    /// 95th percentile of |error|.
    pub p95_abs_s: f64,
    /// Mean signed error (bias; positive = detections late).
    pub mean_s: f64,
}

impl TimingSummary {
    /// Summarises signed timing errors; `None` when there are no finite errors.
    pub fn from_errors(errors_s: &[f64]) -> Option<TimingSummary> {
        let absolute: Vec<f64> = errors_s
            .iter()
            .filter(|e| e.is_finite())
            .map(|e| e.abs())
            .collect();
        Some(TimingSummary {
            n: absolute.len(),
            median_abs_s: median(&absolute)?,
            p95_abs_s: percentile(&absolute, 95.0)?,
            mean_s: mean(errors_s)?,
        })
    }
}

/// Agreement of a measured parameter with its reference over several bouts
/// (errors = detected − reference): MAE, bias and Bland–Altman 95 % limits of agreement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Number of (detected, reference) pairs.
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Mean signed error (Bland–Altman bias).
    pub bias: f64,
    /// Sample standard deviation of the signed errors (n − 1); `None` for fewer than 2 pairs.
    pub sd: Option<f64>,
    /// Lower limit of agreement, bias − 1.96·SD.
    pub loa_lower: Option<f64>,
    /// Upper limit of agreement, bias + 1.96·SD.
    pub loa_upper: Option<f64>,
}

impl Agreement {
    /// Agreement from signed errors; `None` when there are no finite errors.
    pub fn from_errors(errors: &[f64]) -> Option<Agreement> {
        let finite: Vec<f64> = errors.iter().copied().filter(|e| e.is_finite()).collect();
        let n = finite.len();
        let bias = mean(&finite)?;
        let mae = finite.iter().map(|e| e.abs()).sum::<f64>() / n as f64;
        let sd = (n >= 2).then(|| {
            let sum_sq: f64 = finite.iter().map(|e| (e - bias).powi(2)).sum();
            (sum_sq / (n - 1) as f64).sqrt()
        });
        Some(Agreement {
            n,
            mae,
            bias,
            sd,
            loa_lower: sd.map(|s| bias - 1.96 * s),
            loa_upper: sd.map(|s| bias + 1.96 * s),
        })
    }

    /// Half width of the limits of agreement (1.96·SD).
    pub fn loa_half_width(&self) -> Option<f64> {
        self.sd.map(|s| 1.96 * s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentile_interpolate() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN]), None);
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 95.0), Some(95.0));
        // NumPy: np.percentile([1, 2, 3, 4], 95) = 3.85
        let p95 = percentile(&[1.0, 2.0, 3.0, 4.0], 95.0).expect("p95");
        assert!((p95 - 3.85).abs() < 1e-12);
    }

    #[test]
    fn bland_altman_matches_hand_computation() {
        // errors 1, 2, 3, 6: mean 3, sample SD sqrt(((4+1+0+9)/3)) = sqrt(14/3)
        let agreement = Agreement::from_errors(&[1.0, 2.0, 3.0, 6.0]).expect("agreement");
        let sd = (14.0_f64 / 3.0).sqrt();
        assert_eq!(agreement.n, 4);
        assert!((agreement.bias - 3.0).abs() < 1e-12);
        assert!((agreement.mae - 3.0).abs() < 1e-12);
        assert!((agreement.sd.expect("sd") - sd).abs() < 1e-12);
        assert!((agreement.loa_lower.expect("lower") - (3.0 - 1.96 * sd)).abs() < 1e-12);
        assert!((agreement.loa_upper.expect("upper") - (3.0 + 1.96 * sd)).abs() < 1e-12);
        // Signed errors cancel in the bias, not in the MAE.
        let mixed = Agreement::from_errors(&[-2.0, 2.0]).expect("agreement");
        assert_eq!(mixed.bias, 0.0);
        assert_eq!(mixed.mae, 2.0);
        let single = Agreement::from_errors(&[1.5]).expect("agreement");
        assert_eq!(single.sd, None);
        assert_eq!(single.loa_upper, None);
        assert!(Agreement::from_errors(&[]).is_none());
    }

    #[test]
    fn timing_summary() {
        let summary = TimingSummary::from_errors(&[-0.02, 0.01, 0.03]).expect("summary");
        assert_eq!(summary.n, 3);
        assert!((summary.median_abs_s - 0.02).abs() < 1e-12);
        assert!((summary.mean_s - 0.02 / 3.0).abs() < 1e-12);
        assert!(TimingSummary::from_errors(&[]).is_none());
    }
}
