//! Initial contacts from the vertical acceleration (trunk, waist, phones).
//!
//! At each initial contact the body's downward velocity is arrested: the
//! vertical acceleration of the trunk rises to its step maximum just after
//! the foot lands (loading response). Contacts are therefore the peaks of
//! the zero-phase band-passed vertical acceleration, with a prominence
//! relative to the local walking amplitude so that quiet standing and
//! small movements do not count, and at least `min_step_s` apart.
//!
//! Some gaits put two bumps into the vertical acceleration of one step
//! (stylised or cautious walking, some phone placements). Where a gyroscope
//! gives the local step period ([`crate::gait::rhythm`]), peaks closer than
//! `rhythm_fraction` of a step compete and only the one at the step's
//! recurring phase stays.
//!
//! For trunk and waist sensors the peaks (loading response) are then moved
//! back to the initial contact itself ([`refine_to_initial_contact`]).

use crate::dsp::filter::Butterworth;
use crate::dsp::peaks::{find_peaks, PeakOptions};
use crate::dsp::DspError;
use crate::gait::rhythm::{
    local_step_period, local_step_period_beside, thigh_step_period, FilterResult, RhythmOptions,
    StepPeriods,
};

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
    /// Of two contacts closer than this fraction of the local step period,
    /// only the stronger is kept (`None`: no rhythm check).
    pub rhythm_fraction: Option<f64>,
    /// How the local step period is estimated.
    pub rhythm: RhythmOptions,
}

impl Default for StepDetector {
    fn default() -> Self {
        StepDetector {
            band_hz: (0.5, 3.0),
            min_step_s: 0.25,
            relative_prominence: 0.5,
            min_prominence_mps2: 0.2,
            rms_window_s: 3.0,
            rhythm_fraction: Some(0.6),
            rhythm: RhythmOptions::default(),
        }
    }
}

/// One detected initial contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contact {
    /// Sample index in the segment.
    pub index: usize,
    /// Prominence of the peak, m/s² (rad for a wrist's arm-swing extreme).
    pub prominence: f64,
    /// Prominence over the local RMS: a confidence ingredient.
    pub relative: f64,
}

/// The band-passed vertical acceleration the detector works on.
pub fn step_signal(vertical_acc: &[f64], rate_hz: f64, detector: &StepDetector) -> Vec<f64> {
    let filtered = step_band(rate_hz, detector).and_then(|f| f.filtfilt(vertical_acc));
    step_signal_or_nothing(filtered, vertical_acc.len())
}

/// The filter of [`step_signal`].
fn step_band(rate_hz: f64, detector: &StepDetector) -> Result<Butterworth, DspError> {
    let (low, high) = detector.band_hz;
    Butterworth::bandpass(2, low, high.min(0.45 * rate_hz), rate_hz)
}

/// [`step_signal`] from the filter's result.
fn step_signal_or_nothing(filtered: Result<Vec<f64>, DspError>, len: usize) -> Vec<f64> {
    match filtered {
        Ok(filtered) => filtered,
        // Too short to filter: no walking can be found in it anyway.
        Err(_) => vec![0.0; len],
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

/// Detects initial contacts in one segment's vertical acceleration alone.
pub fn detect_contacts(
    vertical_acc: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
) -> Vec<Contact> {
    detect_contacts_in_rhythm(vertical_acc, &[], rate_hz, detector)
}

/// How far a peak's support reaches, steps: far enough to outvote one odd
/// step, near enough that cadence drift (a few % per step) keeps the phase.
const RHYTHM_SUPPORT_STEPS: f64 = 2.0;
/// Phase tolerance of the support, fraction of a step (step times vary by
/// ~5 % in healthy and ~15 % in impaired gait).
const RHYTHM_PHASE_TOLERANCE: f64 = 0.2;

/// Keeps, of contacts closer than `fraction` of the local step period, only
/// the one that best fits the rhythm: a step has one contact, so a second
/// peak inside the same step is a bump of the gait's vertical pattern, not a
/// foot landing. The pattern repeats every step, so the contact's bump is the
/// one that recurs at the same phase: each peak is ranked by its own strength
/// plus that of the peaks one and two steps away from it (within 20 % of a
/// step), which picks the same bump in every step rather than whichever
/// happens to be higher in each.
fn suppress_within_step(
    contacts: Vec<Contact>,
    periods: &StepPeriods,
    rate_hz: f64,
    fraction: f64,
) -> Vec<Contact> {
    let period_at = |c: &Contact| periods.at(c.index);
    // Contacts come sorted by index: neighbours are found by binary search.
    let indices: Vec<usize> = contacts.iter().map(|c| c.index).collect();
    let around = |centre: usize, reach: f64| {
        let from = indices.partition_point(|&i| (i as f64) < centre as f64 - reach);
        let to = indices.partition_point(|&i| (i as f64) <= centre as f64 + reach);
        from..to
    };
    let rank: Vec<f64> = contacts
        .iter()
        .map(|c| {
            let Some(period) = period_at(c) else {
                return c.prominence;
            };
            let step = period * rate_hz;
            let reach = (RHYTHM_SUPPORT_STEPS + RHYTHM_PHASE_TOLERANCE) * step;
            let support: f64 = contacts[around(c.index, reach)]
                .iter()
                .filter(|o| {
                    let k = (o.index as f64 - c.index as f64) / step;
                    let whole = k.round();
                    whole != 0.0 && (k - whole).abs() <= RHYTHM_PHASE_TOLERANCE
                })
                .map(|o| o.prominence)
                .sum();
            c.prominence + support
        })
        .collect();
    let mut order: Vec<usize> = (0..contacts.len()).collect();
    order.sort_by(|&a, &b| rank[b].total_cmp(&rank[a]));
    let mut keep = vec![false; contacts.len()];
    for &k in &order {
        let index = contacts[k].index;
        let Some(period) = period_at(&contacts[k]) else {
            keep[k] = true;
            continue;
        };
        let reach = fraction * period * rate_hz;
        // Strictly closer than `reach` crowds (the range is inclusive: re-check).
        let crowded = around(index, reach)
            .any(|j| keep[j] && (indices[j] as f64 - index as f64).abs() < reach);
        keep[k] = !crowded;
    }
    refill_missed_steps(&contacts, &mut keep);
    contacts
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// Kept intervals, each side of a gap, that show the walking rhythm there.
pub(crate) const REFILL_NEIGHBOUR_INTERVALS: usize = 3;
/// Steady walking: the longest of those intervals at most this many times the
/// shortest (and the two sides' medians as close), i.e. within ±15 % of each
/// other, where healthy step times vary by ~5 %.
pub(crate) const REFILL_MAX_SPREAD: f64 = 1.3;
/// A gap between kept contacts of this many (range) steps holds one step.
const REFILL_GAP_STEPS: (f64, f64) = (1.7, 2.3);
/// The re-admitted peak lies this close to the gap's middle, in steps.
const REFILL_MID_TOLERANCE: f64 = 0.2;

/// The median of `intervals` (step times, any unit) when they are steady: the
/// longest at most [`REFILL_MAX_SPREAD`] times the shortest. `None` when they
/// are not, or there are none.
pub(crate) fn steady_step(intervals: &[f64]) -> Option<f64> {
    let mut sorted = intervals.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (shortest, longest) = (*sorted.first()?, *sorted.last()?);
    (shortest > 0.0 && longest / shortest <= REFILL_MAX_SPREAD)
        .then(|| sorted.get(sorted.len() / 2).copied())
        .flatten()
}

/// Re-admits a step the rhythm check dropped: in steady walking (the kept
/// intervals on one side of a gap, or both, within [`REFILL_MAX_SPREAD`]) a gap
/// of about two steps holds one step, so the suppressed peak nearest its middle
/// (within a fifth of a step; the most prominent of several) is kept. The local
/// period can be wrong for a few steps (a turn's slow yaw masks the yaw's
/// alternation, so a 6-s window takes the stride for the step) and then drops a
/// real contact between two kept ones. Irregular walking (hesitant steps of
/// 0.5–2 s) never has a steady side, so its suppressed mid-step bumps stay out.
fn refill_missed_steps(contacts: &[Contact], keep: &mut [bool]) {
    let kept: Vec<usize> = (0..contacts.len()).filter(|&k| keep[k]).collect();
    let at = |k: usize| kept.get(k).map_or(f64::NAN, |&j| contacts[j].index as f64);
    // Median of the kept intervals starting at `range`, when they are steady.
    let steady = |range: std::ops::Range<usize>| -> Option<f64> {
        let intervals: Vec<f64> = range.map(|k| at(k + 1) - at(k)).collect();
        steady_step(&intervals)
    };
    let n = REFILL_NEIGHBOUR_INTERVALS;
    let mut admit = Vec::new();
    for g in 0..kept.len().saturating_sub(1) {
        let before = g.checked_sub(n).and_then(|first| steady(first..g));
        let after = (g + 1 + n < kept.len())
            .then(|| steady(g + 1..g + 1 + n))
            .flatten();
        let step = match (before, after) {
            (Some(a), Some(b)) => {
                if a.max(b) / a.min(b) > REFILL_MAX_SPREAD {
                    continue;
                }
                0.5 * (a + b)
            }
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => continue,
        };
        let gap = at(g + 1) - at(g);
        if gap < REFILL_GAP_STEPS.0 * step || gap > REFILL_GAP_STEPS.1 * step {
            continue;
        }
        let middle = 0.5 * (at(g) + at(g + 1));
        let best = (kept[g] + 1..kept[g + 1])
            .filter(|&j| (contacts[j].index as f64 - middle).abs() <= REFILL_MID_TOLERANCE * step)
            .max_by(|&a, &b| contacts[a].prominence.total_cmp(&contacts[b].prominence));
        admit.extend(best);
    }
    for j in admit {
        keep[j] = true;
    }
}

/// Detects initial contacts in one segment: peaks of the vertical
/// acceleration, at most one per step of the local walking rhythm. The step
/// period comes from the vertical acceleration and the yaw rate (rad/s about
/// the vertical); with `yaw_rate` empty (no gyroscope) there is no rhythm
/// check and the peaks are those of [`detect_contacts`].
pub fn detect_contacts_in_rhythm(
    vertical_acc: &[f64],
    yaw_rate: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
) -> Vec<Contact> {
    detect_contacts_in_rhythm_beside(vertical_acc, yaw_rate, rate_hz, detector, None).0
}

/// [`detect_contacts_in_rhythm`], with `beside` (a signal of the caller and
/// its filter) filtered in the same loop as the detector's signals where the
/// lengths and filters allow (the recurrences overlap): its
/// [`Butterworth::filtfilt`] comes back too (computed alone otherwise).
pub(crate) fn detect_contacts_in_rhythm_beside(
    vertical_acc: &[f64],
    yaw_rate: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
    beside: Option<(&Butterworth, &[f64])>,
) -> (Vec<Contact>, Option<FilterResult>) {
    let alone = || beside.map(|(filter, x)| filter.filtfilt(x));
    match detector.rhythm_fraction {
        // No gyroscope: no step period, so the size of the peaks must do.
        Some(_) if yaw_rate.is_empty() => (
            drop_small_among_steps(vertical_peaks(vertical_acc, rate_hz, detector), rate_hz),
            alone(),
        ),
        Some(fraction) => {
            // The step signal is filtered in the rhythm's loop (the same results).
            let band = step_band(rate_hz, detector);
            let jobs: Vec<(&Butterworth, &[f64])> = band
                .as_ref()
                .ok()
                .map(|f| (f, vertical_acc))
                .into_iter()
                .chain(beside)
                .collect();
            let (periods, filtered) =
                local_step_period_beside(vertical_acc, yaw_rate, rate_hz, &detector.rhythm, &jobs);
            let mut filtered = filtered.into_iter();
            let step_filtered = match &band {
                Err(e) => Err(e.clone()),
                Ok(f) => filtered.next().unwrap_or_else(|| f.filtfilt(vertical_acc)),
            };
            let beside_filtered =
                beside.map(|(filter, x)| filtered.next().unwrap_or_else(|| filter.filtfilt(x)));
            let signal = step_signal_or_nothing(step_filtered, vertical_acc.len());
            let contacts = peaks_of(&signal, rate_hz, detector);
            (
                suppress_within_step(contacts, &periods, rate_hz, fraction),
                beside_filtered,
            )
        }
        None => (vertical_peaks(vertical_acc, rate_hz, detector), alone()),
    }
}

/// Detects initial contacts of a thigh (front trouser pocket) sensor with a
/// gyroscope: the peaks of [`detect_contacts_in_rhythm`], with the step
/// period from the thigh's swing ([`thigh_step_period`]; `swing` is the
/// thigh's flexion/extension rate, rad/s) where it has one, else from the
/// yaw rate (`yaw_rate`, rad/s about the vertical).
///
/// The pocket's vertical acceleration repeats with its own leg's stride: the
/// own foot's contact gives one clear peak, while around the other foot's
/// contact (the own thigh at its most extended, the pocket accelerating down
/// as the thigh starts to flex) slow or stylised gaits show one bump before
/// and one after it. The vertical alone gives no step period there (it is not
/// step-regular), so without the swing's period both bumps counted as steps.
/// The step's rhythm keeps one of the two, often the wrong one by ~0.3 s, so
/// the other foot's contact is then timed from the own foot's instead
/// (`other_foot_at_half_stride`).
pub fn detect_thigh_contacts(
    vertical_acc: &[f64],
    swing: &[f64],
    yaw_rate: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
) -> Vec<Contact> {
    let contacts = vertical_peaks(vertical_acc, rate_hz, detector);
    let Some(fraction) = detector.rhythm_fraction else {
        return contacts;
    };
    let from_swing = thigh_step_period(swing, rate_hz, &detector.rhythm);
    let periods = if yaw_rate.is_empty() {
        from_swing
    } else {
        from_swing.or(&local_step_period(
            vertical_acc,
            yaw_rate,
            rate_hz,
            &detector.rhythm,
        ))
    };
    let steps = suppress_within_step(contacts, &periods, rate_hz, fraction);
    // The own foot's contacts: the same rhythm check one stride long keeps,
    // of each stride's steps, the one that recurs strongest every stride.
    let own = suppress_within_step(steps.clone(), &periods.scaled(2.0), rate_hz, fraction);
    other_foot_at_half_stride(&own, steps, &periods, rate_hz)
}

/// Two own contacts this many local strides apart (from .. to) have one
/// other-foot contact between them: a whole stride, with room for the
/// stride-to-stride variation (a few % healthy, ~15 % impaired) but not for
/// a missed own contact (two strides).
const ONE_STRIDE: (f64, f64) = (0.75, 1.25);

/// Times the other foot's contacts from a thigh's own foot's (`own`, a subset
/// of `steps`, both sorted by index): between two own contacts one stride
/// apart, the other foot lands half a stride after the own foot, whatever the
/// walking direction (the legs alternate; in mocap_bandai's reference it lands
/// at 0.47–0.52 of the own stride, median by style and direction, in all eight
/// styles forward and backward), so the step contact found there is replaced
/// by the midpoint. Its strength is the weaker of the two own contacts it
/// rests on. Elsewhere (no step period, a gap of no single stride, before the
/// first or after the last own contact) the steps stay as found. A gait whose
/// two steps differ in time (a limp) gets its step times evened out.
fn other_foot_at_half_stride(
    own: &[Contact],
    steps: Vec<Contact>,
    periods: &StepPeriods,
    rate_hz: f64,
) -> Vec<Contact> {
    let (Some(first), Some(last)) = (own.first(), own.last()) else {
        return steps;
    };
    let (first, last) = (first.index, last.index);
    let mut timed: Vec<Contact> = steps
        .iter()
        .filter(|c| c.index < first || c.index > last)
        .copied()
        .collect();
    timed.extend(own.iter().copied());
    for pair in own.windows(2) {
        let [a, b] = pair else { continue };
        let between = steps
            .iter()
            .filter(|c| c.index > a.index && c.index < b.index)
            .copied();
        let gap = b.index.saturating_sub(a.index) as f64 / rate_hz;
        let one_stride = periods.at(a.index).is_some_and(|step| {
            (ONE_STRIDE.0 * 2.0 * step..=ONE_STRIDE.1 * 2.0 * step).contains(&gap)
        });
        // Only a step found between is re-timed: a stride-long gap with none
        // may be a pause (a stop before turning round), which an added
        // contact would bridge into one bout.
        if one_stride && between.clone().next().is_some() {
            timed.push(Contact {
                index: a.index + (b.index - a.index) / 2,
                prominence: a.prominence.min(b.prominence),
                relative: a.relative.min(b.relative),
            });
        } else {
            timed.extend(between);
        }
    }
    timed.sort_by_key(|c| c.index);
    timed
}

/// Band of a wrist's swing angle, Hz: the arm swings once per stride, and
/// the steps of [`RhythmOptions`] (0.3–1.5 s) make strides of 0.6–3 s.
const ARM_SWING_BAND_HZ: (f64, f64) = (0.3, 2.0);
/// Smallest swing that marks an extreme, rad (about 1°): below it the arm
/// hangs still (a gyroscope's noise integrates to far less).
const MIN_ARM_SWING_RAD: f64 = 0.02;
/// Half the window over which the swing's and the vertical's step intervals
/// are compared, s (the rhythm's own 6-s window, [`RhythmOptions`]).
const ARM_RHYTHM_HALF_WINDOW_S: f64 = 3.0;
/// The arm swings in the walking rhythm where the median interval between
/// its extremes and that between the vertical's contacts are within this
/// factor of each other (±10 %, twice the ~5 % by which healthy step times
/// vary).
const ARM_RHYTHM_AGREEMENT: f64 = 1.2;

/// Times a wrist's contacts by its arm swing where the arm swings in the
/// walking rhythm (`vertical`: the contacts of [`detect_contacts_in_rhythm`];
/// `swing`: the wrist's angular rate about its main rotation axis, rad/s,
/// [`swing_rate`]).
///
/// The wrist's vertical acceleration mixes the body's bounce (its peak just
/// after a contact) with the arm's pendulum (its peak at mid-swing, a
/// quarter of a stride later), so its peaks come late (mocap_bandai: median
/// +0.12 s) and, where the arm swings widely, between the contacts. The
/// arm swings once per stride, reversing at its forward and backward
/// extremes at about each foot's contact; backward walking is close to a
/// time reversal of forward walking, which flips the angular rate but keeps
/// the extremes where they are. So where the swing's extremes recur at the
/// vertical's step interval (`ARM_RHYTHM_AGREEMENT`, over
/// `ARM_RHYTHM_HALF_WINDOW_S` either side) the extremes are the contacts;
/// elsewhere (arms held, gesturing or carrying, an acted swing twice per
/// step) the vertical's contacts stay, unless an extreme
/// kept nearby (within half a step) already stands for their step.
pub fn time_by_arm_swing(
    vertical: Vec<Contact>,
    swing: &[f64],
    rate_hz: f64,
    detector: &StepDetector,
) -> Vec<Contact> {
    let extremes = arm_swing_extremes(swing, rate_hz, detector);
    if extremes.is_empty() || vertical.is_empty() {
        return vertical;
    }
    let half = ARM_RHYTHM_HALF_WINDOW_S * rate_hz;
    let extreme_indices: Vec<usize> = extremes.iter().map(|c| c.index).collect();
    let vertical_indices: Vec<usize> = vertical.iter().map(|c| c.index).collect();
    let in_rhythm = |centre: usize| {
        let arm = median_interval_around(&extreme_indices, centre, half);
        let body = median_interval_around(&vertical_indices, centre, half);
        arm.zip(body)
            .is_some_and(|(a, b)| a.max(b) <= ARM_RHYTHM_AGREEMENT * a.min(b))
    };
    let mut timed: Vec<Contact> = extremes
        .into_iter()
        .filter(|c| in_rhythm(c.index))
        .collect();
    let kept: Vec<usize> = timed.iter().map(|c| c.index).collect();
    for contact in vertical {
        if in_rhythm(contact.index) {
            continue;
        }
        let step = median_interval_around(&vertical_indices, contact.index, half)
            .unwrap_or(detector.min_step_s * rate_hz);
        let near = kept.partition_point(|&i| (i as f64) < contact.index as f64 - 0.5 * step);
        let stands_for = kept
            .get(near)
            .is_some_and(|&i| (i as f64 - contact.index as f64).abs() < 0.5 * step);
        if !stands_for {
            timed.push(contact);
        }
    }
    timed.sort_by_key(|c| c.index);
    timed
}

/// The median interval (samples) between consecutive indices (sorted) that
/// lie strictly within `half` samples of `centre`; `None` with fewer than two
/// intervals there.
fn median_interval_around(indices: &[usize], centre: usize, half: f64) -> Option<f64> {
    let centre = centre as f64;
    let from = indices.partition_point(|&i| (i as f64) <= centre - half);
    let to = indices.partition_point(|&i| (i as f64) < centre + half);
    let mut intervals: Vec<f64> = indices
        .get(from..to)?
        .windows(2)
        .map(|w| w[1] as f64 - w[0] as f64)
        .collect();
    if intervals.len() < 2 {
        return None;
    }
    intervals.sort_by(f64::total_cmp);
    intervals.get(intervals.len() / 2).copied()
}

/// The extremes of an arm's swing angle (the integrated `swing` rate,
/// band-passed to [`ARM_SWING_BAND_HZ`]): its forward and backward turning
/// points, each standing out from the local swing as a step's peak does
/// ([`StepDetector::relative_prominence`] over the local RMS, at least
/// [`MIN_ARM_SWING_RAD`]), sorted by index; `prominence` in rad.
fn arm_swing_extremes(swing: &[f64], rate_hz: f64, detector: &StepDetector) -> Vec<Contact> {
    let (low, high) = ARM_SWING_BAND_HZ;
    let angle = crate::gait::spatial::integral(swing, rate_hz);
    let Ok(angle) = Butterworth::bandpass(2, low, high.min(0.45 * rate_hz), rate_hz)
        .and_then(|f| f.filtfilt(&angle))
    else {
        return Vec::new();
    };
    let swing_detector = StepDetector {
        min_prominence_mps2: MIN_ARM_SWING_RAD,
        ..*detector
    };
    let mut extremes = peaks_of(&angle, rate_hz, &swing_detector);
    let backward: Vec<f64> = angle.iter().map(|a| -a).collect();
    extremes.extend(peaks_of(&backward, rate_hz, &swing_detector));
    extremes.sort_by_key(|c| c.index);
    extremes
}

/// A thigh's swing: its angular rate about the gyroscope's principal axis
/// (largest variance), rad/s. The thigh rotates mostly about its
/// mediolateral axis, which is fixed in a pocket's frame whatever the
/// mounting; the sign is arbitrary (only its rhythm is used).
pub fn swing_rate(gyro: &[Vec<f64>; 3]) -> Vec<f64> {
    let axis = crate::gait::foot::principal_axis(gyro);
    gyro[0]
        .iter()
        .zip(&gyro[1])
        .zip(&gyro[2])
        .map(|((x, y), z)| x * axis[0] + y * axis[1] + z * axis[2])
        .collect()
}

/// The peaks of the band-passed vertical acceleration that stand out from
/// the local walking amplitude (before any rhythm check).
fn vertical_peaks(vertical_acc: &[f64], rate_hz: f64, detector: &StepDetector) -> Vec<Contact> {
    peaks_of(
        &step_signal(vertical_acc, rate_hz, detector),
        rate_hz,
        detector,
    )
}

/// The contacts among the peaks of a [`step_signal`].
fn peaks_of(signal: &[f64], rate_hz: f64, detector: &StepDetector) -> Vec<Contact> {
    let rms = local_rms(signal, (detector.rms_window_s * rate_hz) as usize);
    let options = PeakOptions {
        height: None,
        prominence: Some(detector.min_prominence_mps2),
        distance: Some(((detector.min_step_s * rate_hz).round() as usize).max(1)),
    };
    find_peaks(signal, &options)
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

/// A run of contacts starts after a pause longer than this, s (the longest
/// step of a bout, [`crate::gait::bouts::BoutRules`]).
const RUN_PAUSE_S: f64 = 2.0;
/// The first contact of a run must reach this fraction of the median
/// prominence of the run's next [`RUN_START_FOLLOWERS`] contacts.
const RUN_START_MIN_FRACTION: f64 = 0.3;
/// How many following contacts set the run's step prominence.
const RUN_START_FOLLOWERS: usize = 4;

/// Drops the first peak of a walk when it is small beside the steps that
/// follow: before the first heel strike, gait initiation (the anticipatory
/// weight shift and the leading foot's toe-off, ~0.4 s earlier) gives the
/// trunk a small vertical bump, while the first heel strike loads it like
/// every later one. For trunk and waist sensors (contacts sorted by index).
/// (ipol lower back: 44 of its 102 false contacts sat at the bout start,
/// 0.4 s before the first reference contact; F1 0.960 → 0.968 with
/// fractions 0.3–0.5 alike; phones were not helped, so they do not use it.)
pub fn drop_gait_initiation(contacts: Vec<Contact>, rate_hz: f64) -> Vec<Contact> {
    let pause = RUN_PAUSE_S * rate_hz;
    let keep: Vec<bool> = (0..contacts.len())
        .map(|i| {
            let starts_run = i == 0
                || contacts
                    .get(i.wrapping_sub(1))
                    .zip(contacts.get(i))
                    .is_some_and(|(a, b)| b.index.saturating_sub(a.index) as f64 > pause);
            if !starts_run {
                return true;
            }
            let mut next: Vec<f64> = contacts
                .get(i + 1..(i + 1 + RUN_START_FOLLOWERS).min(contacts.len()))
                .unwrap_or_default()
                .iter()
                .map(|c| c.prominence)
                .collect();
            next.sort_by(f64::total_cmp);
            let typical = next.get(next.len() / 2).copied().unwrap_or(0.0);
            contacts
                .get(i)
                .is_some_and(|c| c.prominence >= RUN_START_MIN_FRACTION * typical)
        })
        .collect();
    contacts
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// Without a step period, a peak is a step only if its prominence reaches
/// this fraction of the walking's step peaks nearby ...
const NO_RHYTHM_MIN_FRACTION: f64 = 0.3;
/// ... the second-largest prominence within this many seconds on either side
/// (about two steps each way; the second so that one knock or jolt of the
/// phone cannot silence the steps around it).
const NO_RHYTHM_WINDOW_S: f64 = 1.0;

/// The rhythm check of [`suppress_within_step`] needs the yaw's stride rhythm;
/// without a gyroscope (most phone exports) the secondary bumps of a step
/// (arm swing of a phone in the hand, the bounce of a bag) pass the RMS test
/// of [`detect_contacts_in_rhythm`] when the walking is otherwise quiet. They
/// are much smaller than the contact's peak of the same step, while the two
/// feet's contacts differ by tens of percent at most: peaks under
/// [`NO_RHYTHM_MIN_FRACTION`] of the neighbouring steps' prominence are
/// dropped. (oxford_phone, 48 recordings, 7 placements: worst clean/minor
/// count error 12.8 % → 4.1 %, median unchanged; fractions 0.25–0.35 and
/// windows 0.75–1.25 s give 2.6–9.7 % worst and F1 0.986 throughout.)
fn drop_small_among_steps(contacts: Vec<Contact>, rate_hz: f64) -> Vec<Contact> {
    let reach = NO_RHYTHM_WINDOW_S * rate_hz;
    let indices: Vec<usize> = contacts.iter().map(|c| c.index).collect();
    let keep: Vec<bool> = contacts
        .iter()
        .map(|c| {
            let from = indices.partition_point(|&i| (i as f64) < c.index as f64 - reach);
            let to = indices.partition_point(|&i| (i as f64) <= c.index as f64 + reach);
            let mut near: Vec<f64> = contacts
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .map(|o| o.prominence)
                .collect();
            near.sort_by(|a, b| b.total_cmp(a));
            let level = near.get(1).or(near.first()).copied().unwrap_or(0.0);
            c.prominence >= NO_RHYTHM_MIN_FRACTION * level
        })
        .collect();
    contacts
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// Gaussian smoothing (standard deviation `sigma` samples, kernel cut at
/// ±3σ, renormalised at the ends).
/// A Gaussian smoother (weights renormalised where the kernel leaves the
/// signal), evaluated one sample at a time: the contact refinement needs the
/// smoothed signal only just before each contact, not over the whole segment.
struct GaussianSmoother<'a> {
    signal: &'a [f64],
    kernel: Vec<f64>,
    /// The kernel's weights summed in order (the weight of an inside sample).
    kernel_sum: f64,
    half: usize,
}

impl<'a> GaussianSmoother<'a> {
    /// `sigma` in samples; `sigma <= 0` leaves the signal as it is.
    fn new(signal: &'a [f64], sigma: f64) -> Self {
        let half = if sigma > 0.0 {
            (3.0 * sigma).ceil() as usize
        } else {
            0
        };
        let kernel = if sigma > 0.0 {
            (0..=2 * half)
                .map(|k| {
                    let t = k as f64 - half as f64;
                    (-0.5 * (t / sigma).powi(2)).exp()
                })
                .collect()
        } else {
            Vec::new()
        };
        let kernel_sum = kernel.iter().fold(0.0, |sum, w| sum + w);
        GaussianSmoother {
            signal,
            kernel,
            kernel_sum,
            half,
        }
    }

    /// The smoothed value at sample `i` (0 outside the signal).
    fn at(&self, i: usize) -> f64 {
        if self.kernel.is_empty() {
            return self.signal.get(i).copied().unwrap_or(0.0);
        }
        let (n, half) = (self.signal.len(), self.half);
        // Inside the signal every tap counts: no per-tap test, and the weight
        // is the kernel's sum (added in the same order: the same bits).
        if let Some(window) = i
            .checked_sub(half)
            .and_then(|start| self.signal.get(start..start + self.kernel.len()))
        {
            let sum = self
                .kernel
                .iter()
                .zip(window)
                .fold(0.0, |sum, (w, x)| sum + w * x);
            return sum / self.kernel_sum;
        }
        let mut sum = 0.0;
        let mut weight = 0.0;
        for (k, w) in self.kernel.iter().enumerate() {
            let j = i + k;
            if j < half || j - half >= n {
                continue;
            }
            sum += w * self.signal[j - half];
            weight += w;
        }
        if weight > 0.0 {
            sum / weight
        } else {
            0.0
        }
    }
}

/// Smoothing of the vertical acceleration before its slope is taken, s
/// (standard deviation of the Gaussian): keeps the heel-strike transient's
/// rise but not sensor noise.
const IC_SMOOTHING_S: f64 = 0.03;
/// How far before the loading-response peak the initial contact is searched,
/// s: the peak follows the contact by 30–80 ms, with some margin.
const IC_SEARCH_S: f64 = 0.12;
/// The peak-to-contact lag applied to a contact is the median over this many
/// contacts on either side (about 15 steps): the lag is a property of the
/// walker's loading response that changes slowly, while the steepest rise of
/// any single step jitters; the step-to-step timing stays that of the peaks
/// (cadence is not made noisier).
const IC_LAG_NEIGHBOURS: usize = 7;

/// Moves each contact from the peak of the band-passed vertical acceleration
/// (the loading response, 30–80 ms after the foot lands) back to the initial
/// contact itself: the steepest rise of the Gaussian-smoothed vertical
/// acceleration within [`IC_SEARCH_S`] before the peak, where the body's
/// downward velocity starts to be arrested. Each contact moves back by the
/// median of these peak-to-rise lags over its [`IC_LAG_NEIGHBOURS`]
/// neighbours on either side. (McCamley et al. 2012 take the
/// minimum of the Gaussian-CWT-differentiated integrated vertical
/// acceleration, i.e. of the smoothed acceleration: with the vertical
/// pointing up that trough came 50–75 ms early on the lower-back benchmarks,
/// so the slope of the same smoothed signal is used instead.) For trunk and
/// waist sensors; the order of the contacts is kept, as the search window is
/// shorter than the shortest step.
pub fn refine_to_initial_contact(
    vertical_acc: &[f64],
    contacts: &[Contact],
    rate_hz: f64,
) -> Vec<Contact> {
    let n = vertical_acc.len();
    if n < 3 || rate_hz.is_nan() || rate_hz <= 0.0 {
        return contacts.to_vec();
    }
    let smoother = GaussianSmoother::new(vertical_acc, IC_SMOOTHING_S * rate_hz);
    let window = (IC_SEARCH_S * rate_hz).round() as usize;
    // The smoothed signal over one contact's search window and a sample either side.
    let mut smooth = Vec::with_capacity(window + 3);
    let lags: Vec<usize> = contacts
        .iter()
        .map(|c| {
            let to = c.index.min(n - 1);
            let from = to.saturating_sub(window);
            let first = from.saturating_sub(1);
            smooth.clear();
            smooth.extend((first..=(to + 1).min(n - 1)).map(|i| smoother.at(i)));
            // Central difference (one-sided at the ends); the scale does not matter
            // for the arg-max.
            let slope = |i: usize| {
                let value = |j: usize| smooth.get(j - first).copied().unwrap_or(0.0);
                value((i + 1).min(n - 1)) - value(i.saturating_sub(1))
            };
            let rise = (from..=to)
                .max_by(|&a, &b| slope(a).total_cmp(&slope(b)))
                .unwrap_or(to);
            to - rise
        })
        .collect();
    let k = IC_LAG_NEIGHBOURS;
    contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut near: Vec<usize> =
                lags[i.saturating_sub(k)..(i + k + 1).min(lags.len())].to_vec();
            near.sort_unstable();
            let lag = near.get(near.len() / 2).copied().unwrap_or(0);
            Contact {
                index: c.index.saturating_sub(lag).min(n - 1),
                ..*c
            }
        })
        .collect()
}

/// Smoothing of the vertical acceleration before the other foot's toe-off is
/// sought, s (standard deviation of the Gaussian): keeps the notch the
/// toe-off leaves in the signal (about 60 ms wide) but not sensor noise.
const FC_SMOOTHING_S: f64 = 0.02;
/// The loading-response peak after a contact is sought within this fraction
/// of the step (it follows the contact by 30–80 ms).
const FC_LOADING_PEAK_STEP_FRACTION: f64 = 0.25;
/// The other foot's toe-off is sought up to this fraction of the step after a
/// contact: it ends the double support, about a fifth of the step in healthy
/// walking and up to a third in slow or impaired walking.
const FC_SEARCH_STEP_FRACTION: f64 = 0.5;

/// For each of `contacts` (sample indices of initial contacts, sorted), the
/// final contact (toe-off) of the *other* foot that ends the double support
/// this contact began; `None` for the last contact (no step bounds the
/// search) and where the signal shows none.
///
/// Method (McCamley et al. 2012, Gait & Posture 36:316): the vertical
/// acceleration, integrated and differentiated with a Gaussian wavelet, is
/// the Gaussian-smoothed acceleration; differentiated again, its maxima after
/// each contact are the final contacts. At the trunk the loading response
/// after a contact peaks and falls off; when the trailing foot leaves the
/// ground the fall is interrupted by a rise (the notch of the vertical
/// acceleration around toe-off), so the toe-off is the steepest rise of the
/// smoothed vertical acceleration ([`FC_SMOOTHING_S`]) after the loading peak
/// (the largest within [`FC_LOADING_PEAK_STEP_FRACTION`] of the step) and
/// before [`FC_SEARCH_STEP_FRACTION`] of the step. The scale is fixed rather
/// than tied to the step frequency (Caramia et al. 2019 found the wavelet's
/// best FC scale grows with the step time), as the search window already
/// scales with the step. A steepest rise on the window's last sample is
/// no maximum (the signal still rises into the next phase): none is found.
/// `vertical_acc`: m/s², up positive.
pub fn toe_offs_after_contacts(
    vertical_acc: &[f64],
    contacts: &[usize],
    rate_hz: f64,
) -> Vec<Option<usize>> {
    let n = vertical_acc.len();
    if n < 3 || rate_hz.is_nan() || rate_hz <= 0.0 {
        return vec![None; contacts.len()];
    }
    let smoother = GaussianSmoother::new(vertical_acc, FC_SMOOTHING_S * rate_hz);
    let mut smooth = Vec::new();
    contacts
        .iter()
        .zip(contacts.iter().skip(1).map(Some).chain([None]))
        .map(|(&contact, next)| {
            let step = next?.checked_sub(contact).filter(|&s| s > 0)? as f64;
            let peak_end =
                (contact + ((FC_LOADING_PEAK_STEP_FRACTION * step) as usize).max(2)).min(n - 1);
            let end = (contact + (FC_SEARCH_STEP_FRACTION * step) as usize).min(n - 1);
            let first = contact.saturating_sub(1);
            if end <= first + 2 {
                return None;
            }
            // The smoothed signal from a sample before the contact to a sample past the window.
            smooth.clear();
            smooth.extend((first..=(end + 1).min(n - 1)).map(|i| smoother.at(i)));
            let value = |i: usize| {
                i.checked_sub(first)
                    .and_then(|k| smooth.get(k))
                    .copied()
                    .unwrap_or(0.0)
            };
            let peak = (contact..peak_end.max(contact + 1))
                .max_by(|&a, &b| value(a).total_cmp(&value(b)))
                .unwrap_or(contact);
            if end <= peak + 1 {
                return None;
            }
            // Central difference; the scale does not matter for the arg-max.
            let slope =
                |i: usize| value((i + 1).min(n - 1)) - value(i.saturating_sub(1).max(first));
            let rise = (peak..end).max_by(|&a, &b| slope(a).total_cmp(&slope(b)))?;
            (rise + 1 < end).then_some(rise)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peaks_at(indices: &[usize]) -> Vec<Contact> {
        indices
            .iter()
            .map(|&index| Contact {
                index,
                prominence: 1.0,
                relative: 1.0,
            })
            .collect()
    }

    #[test]
    fn a_step_dropped_in_steady_walking_comes_back() {
        // Steps every 50 samples; the one at 250 and a bump at 230 were
        // suppressed, leaving a two-step gap between 200 and 300.
        let contacts = peaks_at(&[0, 50, 100, 150, 200, 230, 250, 300, 350, 400, 450]);
        let mut keep = vec![true; contacts.len()];
        keep[5] = false;
        keep[6] = false;
        refill_missed_steps(&contacts, &mut keep);
        // The peak in the middle returns; the off-phase bump stays out.
        assert_eq!(
            keep,
            [true, true, true, true, true, false, true, true, true, true, true]
        );
        // One steady side is enough (the gap is the last interval).
        let contacts = peaks_at(&[0, 50, 100, 150, 200, 250, 300]);
        let mut keep = vec![true, true, true, true, false, true, false];
        refill_missed_steps(&contacts, &mut keep);
        assert!(keep[4]);
    }

    #[test]
    fn irregular_steps_and_other_gaps_are_left_alone() {
        // Hesitant walking: no side is steady, the suppressed mid bump stays out.
        let contacts = peaks_at(&[0, 40, 110, 150, 230, 290, 350, 380, 440, 530]);
        let mut keep = vec![true; contacts.len()];
        keep[5] = false;
        refill_missed_steps(&contacts, &mut keep);
        assert!(!keep[5]);
        // Steady, but the gap is three steps (not one missing step) or the
        // candidate sits off the middle: nothing returns.
        let contacts = peaks_at(&[0, 50, 100, 150, 225, 300, 350, 400, 450]);
        let mut keep = vec![true; contacts.len()];
        keep[4] = false;
        refill_missed_steps(&contacts, &mut keep);
        assert!(!keep[4], "a three-step gap is not one missed step");
        let contacts = peaks_at(&[0, 50, 100, 150, 200, 270, 300, 350, 400, 450]);
        let mut keep = vec![true; contacts.len()];
        keep[5] = false;
        refill_missed_steps(&contacts, &mut keep);
        assert!(
            !keep[5],
            "20 samples off the gap's middle of 50-sample steps"
        );
        // Degenerate inputs.
        refill_missed_steps(&[], &mut []);
        let one = peaks_at(&[10]);
        refill_missed_steps(&one, &mut [false]);
    }

    #[test]
    fn refinement_moves_loading_peaks_back_to_the_steepest_rise() {
        let rate = 100.0;
        // Loading-response bumps (Gaussian, σ = 50 ms) peaking 50 ms after each
        // contact: their steepest rise is at the contact itself.
        let contacts_s: Vec<f64> = (0..10).map(|k| 0.5 + 0.55 * k as f64).collect();
        let signal: Vec<f64> = (0..700)
            .map(|i| {
                let t = i as f64 / rate;
                contacts_s
                    .iter()
                    .map(|c| 3.0 * (-0.5 * ((t - c - 0.05) / 0.05).powi(2)).exp())
                    .sum()
            })
            .collect();
        let peaks: Vec<Contact> = contacts_s
            .iter()
            .map(|c| Contact {
                index: ((c + 0.05) * rate).round() as usize,
                prominence: 3.0,
                relative: 2.0,
            })
            .collect();
        let refined = refine_to_initial_contact(&signal, &peaks, rate);
        assert_eq!(refined.len(), peaks.len());
        for (r, c) in refined.iter().zip(&contacts_s) {
            let error = r.index as f64 / rate - c;
            assert!(error.abs() <= 0.02, "{error} s at {c} s");
            assert_eq!(r.prominence, 3.0);
        }
        // Edges and degenerate input: nothing moves out of range, nothing panics.
        let edge = [Contact {
            index: 2,
            prominence: 1.0,
            relative: 1.0,
        }];
        assert!(refine_to_initial_contact(&signal, &edge, rate)[0].index <= 2);
        let beyond = [Contact {
            index: 10_000,
            prominence: 1.0,
            relative: 1.0,
        }];
        assert!(refine_to_initial_contact(&signal, &beyond, rate)[0].index < signal.len());
        assert_eq!(refine_to_initial_contact(&[], &edge, rate), edge.to_vec());
        assert_eq!(
            refine_to_initial_contact(&signal, &edge, 0.0),
            edge.to_vec()
        );
    }

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

    #[test]
    fn one_contact_per_step_when_the_vertical_bumps_twice() {
        let rate = 100.0;
        let step_s = 0.8;
        let (vertical, yaw) = crate::gait::rhythm::tests::walk(step_s, true, 30.0);
        let detector = StepDetector::default();
        // Without a gyroscope the second bump counts as a step ...
        let plain = detect_contacts(&vertical, rate, &detector);
        assert!(plain.len() > 60, "{}", plain.len());
        // ... with the yaw's stride rhythm there is one contact per step, all at
        // the same phase of the step (the higher bump, at phase 0).
        let contacts = detect_contacts_in_rhythm(&vertical, &yaw, rate, &detector);
        let expected = (30.0 / step_s) as i64;
        assert!(
            (contacts.len() as i64 - expected).abs() <= 2,
            "{} vs {expected}",
            contacts.len()
        );
        for c in &contacts[1..contacts.len() - 1] {
            let phase = (c.index as f64 / rate / step_s).fract();
            assert!(!(0.05..=0.95).contains(&phase), "phase {phase}");
        }
    }

    #[test]
    fn without_rhythm_small_bumps_between_steps_drop_and_asymmetric_steps_stay() {
        let rate = 100.0;
        let contacts = |prominences: &[f64]| -> Vec<Contact> {
            prominences
                .iter()
                .enumerate()
                .map(|(k, &prominence)| Contact {
                    index: 30 + 28 * k,
                    prominence,
                    relative: 1.0,
                })
                .collect()
        };
        // A step peak, then a bump a fifth its size mid-step, 20 times over.
        let bumpy: Vec<f64> = (0..40)
            .map(|k| if k % 2 == 0 { 2.0 } else { 0.4 })
            .collect();
        let kept = drop_small_among_steps(contacts(&bumpy), rate);
        assert_eq!(kept.len(), 20);
        assert!(kept.iter().all(|c| c.prominence == 2.0));
        // Left and right steps 40 % apart in size are all steps.
        let limping: Vec<f64> = (0..40)
            .map(|k| if k % 2 == 0 { 2.0 } else { 1.2 })
            .collect();
        assert_eq!(drop_small_among_steps(contacts(&limping), rate).len(), 40);
        // One jolt ten times a step does not silence the steps around it.
        let mut jolted = vec![1.0; 20];
        jolted[10] = 10.0;
        assert_eq!(drop_small_among_steps(contacts(&jolted), rate).len(), 20);
        assert!(drop_small_among_steps(Vec::new(), rate).is_empty());
    }

    #[test]
    fn a_small_bump_before_a_walk_is_no_step() {
        let rate = 100.0;
        let at = |index: usize, prominence: f64| Contact {
            index,
            prominence,
            relative: 1.0,
        };
        // Gait initiation (0.4), then steps (2.0); a pause; a walk whose first step is real.
        let mut contacts = vec![at(100, 0.4)];
        contacts.extend((0..6).map(|k| at(140 + 55 * k, 2.0)));
        contacts.push(at(1000, 1.5));
        contacts.extend((0..6).map(|k| at(1055 + 55 * k, 2.0)));
        let kept = drop_gait_initiation(contacts.clone(), rate);
        assert_eq!(kept.len(), contacts.len() - 1);
        assert_eq!(kept[0].index, 140);
        assert!(kept.iter().any(|c| c.index == 1000));
        assert!(drop_gait_initiation(Vec::new(), rate).is_empty());
        // A lone contact has no followers to compare with: it stays.
        assert_eq!(drop_gait_initiation(vec![at(5, 0.1)], rate).len(), 1);
    }

    #[test]
    fn rhythm_keeps_every_step_of_a_normal_walk() {
        let rate = 100.0;
        let (vertical, yaw) = crate::gait::rhythm::tests::walk(0.55, false, 30.0);
        let detector = StepDetector::default();
        let plain = detect_contacts(&vertical, rate, &detector);
        let rhythm = detect_contacts_in_rhythm(&vertical, &yaw, rate, &detector);
        assert_eq!(plain, rhythm);
        let off = StepDetector {
            rhythm_fraction: None,
            ..detector
        };
        assert_eq!(
            detect_contacts_in_rhythm(&vertical, &yaw, rate, &off),
            plain
        );
    }

    #[test]
    fn a_thigh_keeps_one_contact_per_foot_per_stride() {
        let stride_s = 1.6;
        let (vertical, swing) = crate::gait::rhythm::tests::thigh_walk(stride_s, 30.0);
        let detector = StepDetector::default();
        let strides = 30.0 / stride_s;
        // Without a step period (the vertical is not step-regular, and a
        // thigh's yaw seldom gives one) all three peaks of each stride count.
        let no_rhythm = vec![0.0; vertical.len()];
        let trunk = detect_contacts_in_rhythm(&vertical, &no_rhythm, 100.0, &detector);
        assert!(trunk.len() as f64 > 2.8 * strides, "{}", trunk.len());
        // The swing's stride gives the step: the bump 0.5 of a step after the
        // own contact is in the same step and goes.
        let thigh = detect_thigh_contacts(&vertical, &swing, &[], 100.0, &detector);
        let expected = 2.0 * strides;
        assert!(
            (thigh.len() as f64 - expected).abs() <= 3.0,
            "{} vs {expected}",
            thigh.len()
        );
        // Every own contact is kept, and the other foot's bump kept in each
        // stride (0.5 or 1.15 of a step after the own contact) is moved to
        // the other foot's contact, half a stride after the own.
        let step = stride_s / 2.0 * 100.0;
        let at_phase = |target: f64| {
            thigh
                .iter()
                .filter(|c| {
                    let phase = (c.index as f64 / (2.0 * step)).fract();
                    let off = (phase - target).abs();
                    off.min(1.0 - off) < 0.02
                })
                .count() as f64
        };
        let (own, other) = (at_phase(0.0), at_phase(0.5));
        assert!((own - strides).abs() <= 1.5, "{own} of {strides}");
        assert!((other - strides).abs() <= 2.5, "{other} of {strides}");
        // The rest lie in the walk's first or last stride (the filters'
        // start, a bump after the last own contact).
        let n = vertical.len() as f64;
        let elsewhere = thigh.iter().filter(|c| {
            let phase = (c.index as f64 / (2.0 * step)).fract();
            let off = |target: f64| (phase - target).abs().min(1.0 - (phase - target).abs());
            off(0.0) >= 0.02 && off(0.5) >= 0.02
        });
        for c in elsewhere {
            let i = c.index as f64;
            assert!(i < 2.0 * step || i > n - 2.0 * step, "{i}");
        }
        // A yaw without rhythm changes nothing where the swing has a period.
        let with_yaw = detect_thigh_contacts(&vertical, &swing, &no_rhythm, 100.0, &detector);
        assert_eq!(with_yaw, thigh);
        // A swing with no rhythm leaves the yaw's period (none here): no check.
        let unchecked = detect_thigh_contacts(&vertical, &no_rhythm, &no_rhythm, 100.0, &detector);
        assert_eq!(unchecked.len(), trunk.len());
    }

    fn contact(index: usize, prominence: f64) -> Contact {
        Contact {
            index,
            prominence,
            relative: prominence,
        }
    }

    #[test]
    fn the_other_foot_lands_half_a_stride_after_the_own() {
        // Steps of 0.8 s at 100 Hz: own contacts every 160 samples, one
        // missing at 640 (a gap of two strides), the other foot's bump kept
        // 30 samples early or 20 late, one stride with none found at all.
        let periods = StepPeriods::constant(1200, 0.8);
        let own = [0, 160, 320, 480, 800, 960].map(|i| contact(i, 3.0 + i as f64 / 1000.0));
        let mut steps: Vec<Contact> = own.to_vec();
        steps.extend([50, 260, 580, 700, 1050].map(|i| contact(i, 1.0)));
        steps.sort_by_key(|c| c.index);
        let timed = other_foot_at_half_stride(&own, steps, &periods, 100.0);
        let indices: Vec<usize> = timed.iter().map(|c| c.index).collect();
        // Re-timed within single strides; the stride 320..480 with no step
        // found gets none (it may be a pause); across the two-stride gap and
        // after the last own contact the steps stay as found.
        assert_eq!(
            indices,
            [0, 80, 160, 240, 320, 480, 580, 700, 800, 960, 1050]
        );
        // A re-timed contact is as strong as the weaker own contact it rests on.
        let moved = timed.iter().find(|c| c.index == 240).map(|c| c.prominence);
        assert_eq!(moved, Some(3.16));
        // Without a step period nothing moves.
        let none = StepPeriods::unknown(1200);
        let steps: Vec<Contact> = [0, 50, 160].map(|i| contact(i, 1.0)).to_vec();
        let own = [steps[0], steps[2]];
        let kept = other_foot_at_half_stride(&own, steps.clone(), &none, 100.0);
        assert_eq!(kept, steps);
        // Without own contacts the steps stay as they are.
        assert_eq!(
            other_foot_at_half_stride(&[], steps.clone(), &periods, 100.0),
            steps
        );
    }

    #[test]
    fn a_thighs_swing_is_its_main_rotation_in_any_mounting() {
        // Flexion about a tilted axis plus a little rotation about another.
        let axis = [0.6, 0.0, 0.8];
        let n = 1000;
        let swing: Vec<f64> = (0..n).map(|i| (i as f64 * 0.05).sin() * 2.0).collect();
        let other: Vec<f64> = (0..n).map(|i| (i as f64 * 0.13).cos() * 0.2).collect();
        let gyro = [
            swing.iter().map(|w| w * axis[0]).collect::<Vec<f64>>(),
            other.clone(),
            swing.iter().map(|w| w * axis[2]).collect(),
        ];
        let found = swing_rate(&gyro);
        let sign = found[10].signum() * swing[10].signum();
        for (f, w) in found.iter().zip(&swing) {
            assert!((f * sign - w).abs() < 0.01, "{f} {w}");
        }
    }

    /// Contacts every `step_s` from 0.5 s on, each `late_s` after the true
    /// contact, over `seconds`.
    fn late_contacts(step_s: f64, late_s: f64, seconds: f64, rate: f64) -> Vec<Contact> {
        (0..)
            .map(|k| 0.5 + k as f64 * step_s + late_s)
            .take_while(|t| *t < seconds - 0.1)
            .map(|t| contact((t * rate).round() as usize, 1.0))
            .collect()
    }

    /// An arm's swing rate (rad/s) whose angle, 0.4·cos(π t / turn_s + φ),
    /// turns every `turn_s`, at 0.5 s, 0.5 s + turn_s, ...
    fn arm_rate(turn_s: f64, seconds: f64, rate: f64) -> Vec<f64> {
        let w = std::f64::consts::PI / turn_s;
        (0..(seconds * rate) as usize)
            .map(|i| -0.4 * w * (w * (i as f64 / rate - 0.5)).sin())
            .collect()
    }

    #[test]
    fn a_wrist_in_rhythm_is_timed_by_its_arm_swing() {
        let (rate, step) = (100.0, 0.55);
        // The vertical's peaks 0.12 s late (the arm's pendulum peaks at
        // mid-swing); the arm turns at each contact.
        let vertical = late_contacts(step, 0.12, 12.0, rate);
        let timed = time_by_arm_swing(
            vertical.clone(),
            &arm_rate(step, 12.0, rate),
            rate,
            &StepDetector::default(),
        );
        let truth = late_contacts(step, 0.0, 12.0, rate);
        // Away from the filter's edges every contact sits at a turning point.
        let inner = |c: &&Contact| (200..1000).contains(&c.index);
        let found: Vec<usize> = timed.iter().filter(inner).map(|c| c.index).collect();
        let want: Vec<usize> = truth.iter().filter(inner).map(|c| c.index).collect();
        assert_eq!(found.len(), want.len(), "{found:?} vs {want:?}");
        for (f, w) in found.iter().zip(&want) {
            assert!(f.abs_diff(*w) <= 3, "{found:?} vs {want:?}");
        }
    }

    #[test]
    fn a_wrist_out_of_rhythm_or_still_keeps_the_verticals_contacts() {
        let (rate, step) = (100.0, 0.55);
        let vertical = late_contacts(step, 0.12, 12.0, rate);
        let detector = StepDetector::default();
        // An arm turning twice per step (an acted swing, a gesture) does not
        // time the steps, nor does an arm held still.
        let twice = time_by_arm_swing(
            vertical.clone(),
            &arm_rate(0.5 * step, 12.0, rate),
            rate,
            &detector,
        );
        assert_eq!(twice, vertical);
        let still = time_by_arm_swing(vertical.clone(), &vec![0.0; 1200], rate, &detector);
        assert_eq!(still, vertical);
    }

    /// A trunk's vertical acceleration, m/s² (gravity removed), with a contact
    /// every `step` samples: the loading-response bump 50 ms after each
    /// contact, then the notch and the rise as the other foot leaves the
    /// ground (steepest 150 ms after the contact), then mid-stance's trough.
    fn trunk_vertical(contacts: &[usize], len: usize, rate: f64) -> Vec<f64> {
        let bump = |t: f64, at: f64, width: f64| (-0.5 * ((t - at) / width).powi(2)).exp();
        (0..len)
            .map(|i| {
                contacts
                    .iter()
                    .map(|&c| {
                        let t = (i as f64 - c as f64) / rate;
                        2.0 * bump(t, 0.05, 0.025) + 1.0 * bump(t, 0.175, 0.025)
                            - 0.8 * bump(t, 0.35, 0.08)
                    })
                    .sum()
            })
            .collect()
    }

    #[test]
    fn the_other_foots_toe_off_is_the_rise_after_the_loading_peak() {
        let rate = 100.0;
        let contacts: Vec<usize> = (0..8).map(|k| 50 + 55 * k).collect();
        let signal = trunk_vertical(&contacts, 560, rate);
        let toe_offs = toe_offs_after_contacts(&signal, &contacts, rate);
        assert_eq!(toe_offs.len(), contacts.len());
        for (contact, toe_off) in contacts.iter().zip(&toe_offs).take(contacts.len() - 1) {
            let toe_off = toe_off.expect("a toe-off after every contact but the last");
            let after_s = (toe_off - contact) as f64 / rate;
            assert!(
                (after_s - 0.15).abs() <= 0.015,
                "toe-off {after_s} s after the contact, expected 0.15 s"
            );
        }
        // The last contact bounds no step: nothing is sought after it.
        assert_eq!(toe_offs.last(), Some(&None));
        // Scale and offset of the signal do not move the events.
        let scaled: Vec<f64> = signal.iter().map(|a| 3.0 * a + 0.4).collect();
        assert_eq!(toe_offs_after_contacts(&scaled, &contacts, rate), toe_offs);
    }

    #[test]
    fn no_toe_off_where_the_signal_only_rises_through_the_window() {
        // The steepest rise on the search window's last sample is no maximum:
        // left empty rather than placed at the window's edge.
        let rate = 100.0;
        let rising: Vec<f64> = (0..400).map(|i| (i as f64 / 100.0).powi(3)).collect();
        let toe_offs = toe_offs_after_contacts(&rising, &[100, 160, 220], rate);
        assert_eq!(toe_offs, vec![None, None, None]);
        // Too short or no rate: nothing.
        assert_eq!(
            toe_offs_after_contacts(&[0.0; 2], &[0, 1], rate),
            vec![None, None]
        );
        assert_eq!(
            toe_offs_after_contacts(&rising, &[100, 160], f64::NAN),
            vec![None, None]
        );
    }
}
