//! Scoring one case: detected steps and bouts against the case's reference.
//!
//! # Rules
//!
//! **Which contacts.** Initial contacts only. For foot placements (`foot_left`,
//! `foot_right`) only detected steps of the sensor's own side or of unknown side are
//! scored, against reference contacts of that side (foot references list only the
//! sensor foot, or both feet as in mocap_bandai; either way the other foot is dropped).
//!
//! **Matching.** Optimal one-to-one matching on the line within
//! [`ScoringConfig::match_tolerance_s`] (default 0.25 s; the oxford_phone reference lags
//! by up to ~0.2 s), see [`super::matching`]. The matching uses every reference contact,
//! so that a detection of a real step just outside a bout is not mistaken for a false one.
//!
//! **Scoring region.** The README only guarantees reference events *inside* bouts.
//! * a reference contact inside a reference bout (any direction, turns included; the
//!   bounds inclusive) is a true positive if matched, else a false negative;
//!   reference contacts outside all bouts are not scored;
//! * an unmatched detection within [`ScoringConfig::bout_margin_s`] (default 0.5 s) of a
//!   reference bout is a false positive; farther out it is ignored. The margin (≥ the
//!   tolerance) keeps early/late detections of a bout's first/last contact in play and is
//!   under one step so that unreferenced steps before a bout rarely count;
//! * a detection matched to a reference contact outside all bouts is neutral.
//!
//! **Step count.** detected = TP + FP, reference = TP + FN of the rule above, i.e. the
//! detected contacts in the scoring region minus those that are steps the reference lists
//! outside its bouts; error % = (detected − reference) / reference × 100.
//!
//! **Per reference bout** (forward/backward only; turn and unknown rows are skipped):
//! the *bout window* is the bout widened by [`ScoringConfig::cadence_window_pad_s`]
//! (0.3 s) on both sides, applied alike to detected and reference contacts.
//! * cadence = 60·(n − 1)/(last − first) over the contacts in the window, needing
//!   [`ScoringConfig::min_contacts_for_cadence`] (3) contacts; for foot placements the
//!   contacts are one foot's, so the value is doubled to steps per minute. The reference
//!   cadence comes from the reference contacts by the same rule; `cadence_spm` of
//!   bouts.csv is used instead only when reference events are absent: too few contacts
//!   in the window, or the reference lists both feet yet has fewer contacts inside the
//!   bout than its own `n_steps` (mobgap_lab: INDIP steps without a time; 7 of 19 bouts,
//!   where the event rule reads 8–28 spm below INDIP's value). [`CadenceSource`] records
//!   which. Note the rule counts pauses inside a bout as walking time: mobgap_lab Test11
//!   bouts read up to ~20 spm below INDIP's stride-frequency cadence even with complete
//!   events; detections are treated alike, so this is no error of the detector;
//! * stride length = 2 × mean `step_length_m` of the detected steps in the window (the
//!   contract defines `step_length_m` as a step length for every placement), compared with
//!   `stride_length_m` of bouts.csv;
//! * speed = mean `speed_mps` of the detected steps in the window vs `speed_mps`;
//! * detected direction = the direction most detected steps in the window carry (a tie
//!   for the most, or no steps, counts as wrong; `unknown` winning is wrong).
//!
//! **Direction.** Per step: every true-positive detection whose reference contact lies in
//! a forward/backward bout, detected direction vs that bout's. IC metrics are also split
//! by the direction of the bout the contact (or the unmatched detection, within the
//! margin) belongs to. Direction changes: between consecutive forward/backward reference
//! bouts (turn/unknown rows skipped) whose direction differs, the change time is the
//! midpoint of the gap between them; detected change times are the midpoints between
//! consecutive detected bouts (unknown-direction bouts skipped) whose direction differs.
//! The error is the distance to the nearest detected change, in seconds and in reference
//! steps (÷ 60/mean reference cadence of the two bouts).

use serde::{Deserialize, Serialize};

use super::case::{reference_quality, side_matches, Case, EventKind, ReferenceBout};
use super::matching::match_events;
use super::stats::{mean, median, TimingSummary};
use super::{DetectedBout, DetectedStep, Direction, Side};

/// Slack for "inside a bout" comparisons of decimal times read from CSV.
const TIME_SLACK_S: f64 = 1e-9;

/// Tunable parts of the scoring; see the module docs for what each does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoringConfig {
    /// Largest |detected − reference| for a matched initial contact, seconds (0.25).
    pub match_tolerance_s: f64,
    /// Unmatched detections this close to a reference bout count as false positives (0.5 s).
    pub bout_margin_s: f64,
    /// Widening of each bout, both sides, for per-bout cadence/length/speed/direction (0.3 s).
    pub cadence_window_pad_s: f64,
    /// Fewest contacts in a bout window for a cadence (3).
    pub min_contacts_for_cadence: usize,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            match_tolerance_s: 0.25,
            bout_margin_s: 0.5,
            cadence_window_pad_s: 0.3,
            min_contacts_for_cadence: 3,
        }
    }
}

/// Initial-contact detection counts and the rates derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IcMetrics {
    /// Matched reference contacts inside bouts.
    pub true_positives: usize,
    /// Unmatched detections within the bout margin.
    pub false_positives: usize,
    /// Unmatched reference contacts inside bouts.
    pub false_negatives: usize,
    /// TP / (TP + FP); `None` without detections.
    pub precision: Option<f64>,
    /// TP / (TP + FN); `None` without reference contacts.
    pub recall: Option<f64>,
    /// 2·TP / (2·TP + FP + FN); `None` when all counts are zero.
    pub f1: Option<f64>,
}

impl IcMetrics {
    /// Metrics from counts.
    pub fn from_counts(
        true_positives: usize,
        false_positives: usize,
        false_negatives: usize,
    ) -> IcMetrics {
        let ratio = |numerator: usize, denominator: usize| {
            (denominator > 0).then(|| numerator as f64 / denominator as f64)
        };
        IcMetrics {
            true_positives,
            false_positives,
            false_negatives,
            precision: ratio(true_positives, true_positives + false_positives),
            recall: ratio(true_positives, true_positives + false_negatives),
            f1: ratio(
                2 * true_positives,
                2 * true_positives + false_positives + false_negatives,
            ),
        }
    }

    /// Metrics of the summed counts of `self` and `other`.
    pub fn combined(&self, other: &IcMetrics) -> IcMetrics {
        IcMetrics::from_counts(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )
    }
}

impl Default for IcMetrics {
    fn default() -> Self {
        IcMetrics::from_counts(0, 0, 0)
    }
}

/// Step count of one case in the scoring region.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepCountScore {
    /// Detected contacts counted (TP + FP).
    pub detected: usize,
    /// Reference contacts inside bouts (TP + FN).
    pub reference: usize,
    /// (detected − reference) / reference × 100; `None` without reference contacts.
    pub error_pct: Option<f64>,
}

/// Where a bout's reference cadence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceSource {
    /// Reference contacts in the bout window, by the same rule as the detections.
    Events,
    /// `cadence_spm` of bouts.csv (reference contacts absent from the bout window).
    BoutsCsv,
}

/// Scores of one forward/backward reference bout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoutScore {
    /// Index of the bout in the case's (start-sorted) reference bouts.
    pub reference_index: usize,
    /// Bout start, seconds.
    pub start_s: f64,
    /// Bout end, seconds.
    pub end_s: f64,
    /// Reference direction (forward or backward).
    pub direction: Direction,
    /// Detected contacts in the bout window.
    pub detected_contacts: usize,
    /// Reference contacts in the bout window.
    pub reference_contacts: usize,
    /// Detected cadence, steps/min.
    pub detected_cadence_spm: Option<f64>,
    /// Reference cadence, steps/min.
    pub reference_cadence_spm: Option<f64>,
    /// Where the reference cadence came from.
    pub reference_cadence_source: Option<CadenceSource>,
    /// Detected − reference cadence.
    pub cadence_error_spm: Option<f64>,
    /// 2 × mean detected step length, metres.
    pub detected_stride_length_m: Option<f64>,
    /// Reference stride length from bouts.csv, metres.
    pub reference_stride_length_m: Option<f64>,
    /// Detected − reference stride length.
    pub stride_length_error_m: Option<f64>,
    /// Mean detected speed, m/s.
    pub detected_speed_mps: Option<f64>,
    /// Reference speed from bouts.csv, m/s.
    pub reference_speed_mps: Option<f64>,
    /// Detected − reference speed.
    pub speed_error_mps: Option<f64>,
    /// Direction most detected steps in the window carry (`None`: no steps or a tie).
    pub detected_direction: Option<Direction>,
    /// Whether `detected_direction` equals the reference direction.
    pub direction_correct: bool,
}

/// One reference change of walking direction and how well the detected bouts caught it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DirectionChangeScore {
    /// Reference change time (middle of the gap between the two bouts), seconds.
    pub reference_time_s: f64,
    /// Direction before the change.
    pub from: Direction,
    /// Direction after the change.
    pub to: Direction,
    /// Nearest detected change time, if the detections change direction at all.
    pub nearest_detected_change_s: Option<f64>,
    /// |detected − reference| change time, seconds.
    pub error_s: Option<f64>,
    /// Reference step time around the change (60 / mean reference cadence), seconds.
    pub reference_step_time_s: Option<f64>,
    /// `error_s` in reference steps.
    pub error_steps: Option<f64>,
}

/// Direction metrics of one case.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DirectionScore {
    /// True-positive steps inside forward/backward bouts.
    pub steps_scored: usize,
    /// Of those, steps whose detected direction is the bout's.
    pub steps_correct: usize,
    /// `steps_correct / steps_scored`.
    pub step_accuracy: Option<f64>,
    /// Forward/backward reference bouts.
    pub bouts_scored: usize,
    /// Of those, bouts whose majority detected direction is right.
    pub bouts_correct: usize,
    /// `bouts_correct / bouts_scored`.
    pub bout_accuracy: Option<f64>,
    /// Every reference direction change.
    pub changes: Vec<DirectionChangeScore>,
    /// Median change error, seconds (changes without any detected change left out).
    pub change_error_median_s: Option<f64>,
    /// Median change error in reference steps.
    pub change_error_median_steps: Option<f64>,
    /// IC metrics inside forward reference bouts.
    pub ic_forward: IcMetrics,
    /// IC metrics inside backward reference bouts.
    pub ic_backward: IcMetrics,
}

/// Left/right of the trunk's contacts (foot placements are not scored: their
/// side is the sensor's by construction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SideScore {
    /// True positives inside reference bouts whose reference and detected
    /// sides are both left or right.
    pub scored: usize,
    /// Of those, contacts given the reference's side.
    pub correct: usize,
    /// True positives with a reference side whose detected side is unknown.
    pub unknown: usize,
}

/// All scores of one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseScore {
    /// Case id.
    pub case_id: String,
    /// Dataset the case belongs to.
    pub dataset: String,
    /// Sensor placement.
    pub placement: String,
    /// `reference_quality` grade from the notes, if any.
    pub reference_quality: Option<String>,
    /// The only side scored (foot placements), else `None`.
    pub scored_side: Option<Side>,
    /// Initial-contact detection.
    pub ic: IcMetrics,
    /// Signed timing errors (detected − reference) of the true positives, seconds.
    pub timing_errors_s: Vec<f64>,
    /// Summary of `timing_errors_s`.
    pub timing: Option<TimingSummary>,
    /// Step count in the scoring region.
    pub step_count: StepCountScore,
    /// Per forward/backward reference bout.
    pub bouts: Vec<BoutScore>,
    /// Direction metrics.
    pub direction: DirectionScore,
    /// Left/right of the contacts.
    #[serde(default)]
    pub sides: SideScore,
    /// Whether the case gives the sensor's forward axis (`sensor_forward_axis`):
    /// direction with the mounting known rather than inferred.
    #[serde(default)]
    pub mounting_known: bool,
    /// Final-contact detection, scored like the initial contacts, where the
    /// analysis reports final contacts and the reference lists them.
    #[serde(default)]
    pub final_contacts: Option<FinalContactScore>,
}

/// Final contacts (toe-off) matched one-to-one with the reference's inside
/// its bouts, as the initial contacts are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalContactScore {
    /// Detection counts and rates.
    pub events: IcMetrics,
    /// Signed timing errors (detected − reference) of the matches, seconds.
    pub timing_errors_s: Vec<f64>,
    /// Summary of `timing_errors_s`.
    pub timing: Option<TimingSummary>,
}

/// Scores final contacts: reference ones inside bouts, unmatched detections
/// near a bout; `None` when either side has none to score.
fn score_final_contacts(
    case: &Case,
    steps: &[DetectedStep],
    side_filter: Option<Side>,
    config: &ScoringConfig,
) -> Option<FinalContactScore> {
    let reference = case.reference.final_contact_times(side_filter);
    let mut detected: Vec<f64> = steps
        .iter()
        .filter(|step| side_matches(step.side, side_filter))
        .filter_map(|step| step.final_contact_s)
        .filter(|t| t.is_finite())
        .collect();
    if reference.is_empty() || detected.is_empty() {
        return None;
    }
    detected.sort_by(f64::total_cmp);
    let bouts = &case.reference.bouts;
    let pairs = match_events(&reference, &detected, config.match_tolerance_s);
    let mut partner = vec![None; reference.len()];
    let mut matched = vec![false; detected.len()];
    for pair in &pairs {
        partner[pair.reference_index] = Some(pair.detected_index);
        matched[pair.detected_index] = true;
    }
    let mut counts = Counts::default();
    let mut timing_errors_s = Vec::new();
    for (k, &time_s) in reference.iter().enumerate() {
        if containing_bout(time_s, bouts).is_none() {
            continue;
        }
        match partner[k] {
            Some(d) => {
                counts.true_positives += 1;
                timing_errors_s.push(detected[d] - time_s);
            }
            None => counts.false_negatives += 1,
        }
    }
    let margin_s = config.bout_margin_s.max(0.0);
    counts.false_positives = detected
        .iter()
        .zip(&matched)
        .filter(|(&t, &m)| !m && nearby_bout(t, bouts, margin_s).is_some())
        .count();
    Some(FinalContactScore {
        events: counts.metrics(),
        timing: TimingSummary::from_errors(&timing_errors_s),
        timing_errors_s,
    })
}

impl CaseScore {
    /// Whether the case's reference is trusted for event-level scores: graded `clean` or
    /// `minor`, or not graded at all (datasets whose references are not graded).
    pub fn reference_trusted(&self) -> bool {
        matches!(
            self.reference_quality.as_deref(),
            None | Some("clean") | Some("minor")
        )
    }
}

/// Index of the first reference bout containing `time_s` (bounds inclusive).
fn containing_bout(time_s: f64, bouts: &[ReferenceBout]) -> Option<usize> {
    bouts.iter().position(|bout| {
        time_s >= bout.start_s - TIME_SLACK_S && time_s <= bout.end_s + TIME_SLACK_S
    })
}

/// The bout containing `time_s`, else the nearest one within `margin_s`.
fn nearby_bout(time_s: f64, bouts: &[ReferenceBout], margin_s: f64) -> Option<usize> {
    if let Some(index) = containing_bout(time_s, bouts) {
        return Some(index);
    }
    bouts
        .iter()
        .enumerate()
        .map(|(index, bout)| {
            let distance = (bout.start_s - time_s).max(time_s - bout.end_s);
            (index, distance)
        })
        .filter(|&(_, distance)| distance <= margin_s + TIME_SLACK_S)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// Cadence in contacts per minute, 60·(n − 1)/(last − first), of sorted contact times;
/// `None` for fewer than `min_contacts` contacts or a zero span.
pub fn cadence_from_contacts(sorted_times_s: &[f64], min_contacts: usize) -> Option<f64> {
    let n = sorted_times_s.len();
    if n < min_contacts.max(2) {
        return None;
    }
    let span = sorted_times_s[n - 1] - sorted_times_s[0];
    (span > 0.0).then(|| 60.0 * (n - 1) as f64 / span)
}

/// The direction carried by strictly more steps than any other; `None` on a tie or no steps.
pub fn majority_direction(directions: impl IntoIterator<Item = Direction>) -> Option<Direction> {
    let mut counts = [0usize; 3];
    for direction in directions {
        let slot = match direction {
            Direction::Forward => 0,
            Direction::Backward => 1,
            Direction::Unknown => 2,
        };
        counts[slot] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(0);
    if top == 0 || counts.iter().filter(|&&count| count == top).count() > 1 {
        return None;
    }
    [Direction::Forward, Direction::Backward, Direction::Unknown]
        .into_iter()
        .zip(counts)
        .find(|&(_, count)| count == top)
        .map(|(direction, _)| direction)
}

/// Difference of two optional values.
fn difference(detected: Option<f64>, reference: Option<f64>) -> Option<f64> {
    Some(detected? - reference?)
}

/// Ratio as an accuracy, `None` for an empty denominator.
fn accuracy(correct: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| correct as f64 / total as f64)
}

/// Counts accumulated per direction of the bout an event belongs to.
#[derive(Default, Clone, Copy)]
struct Counts {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

impl Counts {
    fn metrics(self) -> IcMetrics {
        IcMetrics::from_counts(
            self.true_positives,
            self.false_positives,
            self.false_negatives,
        )
    }
}

/// Scores one case's detections; see the module docs for every rule.
pub fn score_case(
    case: &Case,
    steps: &[DetectedStep],
    bouts: &[DetectedBout],
    config: &ScoringConfig,
) -> CaseScore {
    let side_filter = case.sensor_foot();
    // One foot's contacts come once per stride: double to get steps per minute.
    let contacts_to_steps = if side_filter.is_some() { 2.0 } else { 1.0 };
    let reference_bouts = &case.reference.bouts;
    let margin_s = config.bout_margin_s.max(0.0);

    let reference_contacts = case.reference.initial_contacts(side_filter);
    let reference_times: Vec<f64> = reference_contacts.iter().map(|&(t, _)| t).collect();
    let mut detected: Vec<&DetectedStep> = steps
        .iter()
        .filter(|step| step.time_s.is_finite() && side_matches(step.side, side_filter))
        .collect();
    detected.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    let detected_times: Vec<f64> = detected.iter().map(|step| step.time_s).collect();

    let pairs = match_events(&reference_times, &detected_times, config.match_tolerance_s);
    let mut reference_partner: Vec<Option<usize>> = vec![None; reference_times.len()];
    let mut detected_matched = vec![false; detected_times.len()];
    for pair in &pairs {
        reference_partner[pair.reference_index] = Some(pair.detected_index);
        detected_matched[pair.detected_index] = true;
    }

    // Direction of the bout each reference contact / unmatched detection belongs to.
    let bout_direction = |index: Option<usize>| {
        index
            .and_then(|i| reference_bouts.get(i))
            .and_then(|bout| bout.direction.walking_direction())
    };
    let mut overall = Counts::default();
    // Slot 0: inside forward bouts, slot 1: inside backward bouts.
    let mut per_direction = [Counts::default(); 2];
    let direction_slot = |direction: Option<Direction>| match direction {
        Some(Direction::Forward) => Some(0),
        Some(Direction::Backward) => Some(1),
        _ => None,
    };
    let mut timing_errors_s = Vec::new();
    let (mut steps_scored, mut steps_correct) = (0usize, 0usize);
    let mut sides = SideScore::default();
    for (reference_index, &reference_time) in reference_times.iter().enumerate() {
        let Some(bout_index) = containing_bout(reference_time, reference_bouts) else {
            continue;
        };
        let direction = bout_direction(Some(bout_index));
        match reference_partner[reference_index] {
            Some(detected_index) => {
                overall.true_positives += 1;
                if let Some(slot) = direction_slot(direction) {
                    per_direction[slot].true_positives += 1;
                }
                timing_errors_s.push(detected_times[detected_index] - reference_time);
                let reference_side = reference_contacts
                    .get(reference_index)
                    .map_or(Side::Unknown, |&(_, side)| side);
                if side_filter.is_none() && reference_side != Side::Unknown {
                    match detected[detected_index].side {
                        Side::Unknown => sides.unknown += 1,
                        side => {
                            sides.scored += 1;
                            sides.correct += usize::from(side == reference_side);
                        }
                    }
                }
                if let Some(reference_direction) = direction {
                    steps_scored += 1;
                    if detected[detected_index].direction == reference_direction {
                        steps_correct += 1;
                    }
                }
            }
            None => {
                overall.false_negatives += 1;
                if let Some(slot) = direction_slot(direction) {
                    per_direction[slot].false_negatives += 1;
                }
            }
        }
    }
    for (detected_index, &time_s) in detected_times.iter().enumerate() {
        if detected_matched[detected_index] {
            continue;
        }
        if let Some(bout_index) = nearby_bout(time_s, reference_bouts, margin_s) {
            overall.false_positives += 1;
            if let Some(slot) = direction_slot(bout_direction(Some(bout_index))) {
                per_direction[slot].false_positives += 1;
            }
        }
    }

    let detected_count = overall.true_positives + overall.false_positives;
    let reference_count = overall.true_positives + overall.false_negatives;
    let step_count = StepCountScore {
        detected: detected_count,
        reference: reference_count,
        error_pct: (reference_count > 0).then(|| {
            (detected_count as f64 - reference_count as f64) / reference_count as f64 * 100.0
        }),
    };

    let pad_s = config.cadence_window_pad_s.max(0.0);
    let all_reference_contacts = case.reference.initial_contact_times(None);
    let reference_lists_both_feet = [Side::Left, Side::Right].iter().all(|&side| {
        case.reference
            .events
            .iter()
            .any(|e| e.kind == EventKind::InitialContact && e.side == side)
    });
    let mut bout_scores = Vec::new();
    for (reference_index, bout) in reference_bouts.iter().enumerate() {
        let Some(direction) = bout.direction.walking_direction() else {
            continue;
        };
        let (window_start, window_end) = (
            bout.start_s - pad_s - TIME_SLACK_S,
            bout.end_s + pad_s + TIME_SLACK_S,
        );
        let in_window = |t: f64| t >= window_start && t <= window_end;
        let window_steps: Vec<&DetectedStep> = detected
            .iter()
            .copied()
            .filter(|step| in_window(step.time_s))
            .collect();
        let window_detected_times: Vec<f64> = window_steps.iter().map(|step| step.time_s).collect();
        let window_reference_times: Vec<f64> = reference_times
            .iter()
            .copied()
            .filter(|&t| in_window(t))
            .collect();

        let min_contacts = config.min_contacts_for_cadence;
        let detected_cadence_spm = cadence_from_contacts(&window_detected_times, min_contacts)
            .map(|cadence| cadence * contacts_to_steps);
        // The reference admits missing events when it lists both feet but fewer contacts
        // inside the bout than its own n_steps (mobgap: INDIP steps without a time).
        let reference_events_incomplete = reference_lists_both_feet
            && bout.n_steps.is_some_and(|n_steps| {
                let inside = all_reference_contacts
                    .iter()
                    .filter(|&&t| {
                        t >= bout.start_s - TIME_SLACK_S && t <= bout.end_s + TIME_SLACK_S
                    })
                    .count();
                inside < n_steps as usize
            });
        let from_events = if reference_events_incomplete {
            None
        } else {
            cadence_from_contacts(&window_reference_times, min_contacts)
        };
        let (reference_cadence_spm, reference_cadence_source) = match from_events {
            Some(cadence) => (
                Some(cadence * contacts_to_steps),
                Some(CadenceSource::Events),
            ),
            None => match bout.cadence_spm {
                Some(cadence) => (Some(cadence), Some(CadenceSource::BoutsCsv)),
                None => (None, None),
            },
        };

        let step_lengths: Vec<f64> = window_steps
            .iter()
            .filter_map(|step| step.step_length_m)
            .collect();
        let detected_stride_length_m = mean(&step_lengths).map(|length| 2.0 * length);
        let speeds: Vec<f64> = window_steps
            .iter()
            .filter_map(|step| step.speed_mps)
            .collect();
        let detected_speed_mps = mean(&speeds);
        let detected_direction = majority_direction(window_steps.iter().map(|s| s.direction));

        bout_scores.push(BoutScore {
            reference_index,
            start_s: bout.start_s,
            end_s: bout.end_s,
            direction,
            detected_contacts: window_detected_times.len(),
            reference_contacts: window_reference_times.len(),
            detected_cadence_spm,
            reference_cadence_spm,
            reference_cadence_source,
            cadence_error_spm: difference(detected_cadence_spm, reference_cadence_spm),
            detected_stride_length_m,
            reference_stride_length_m: bout.stride_length_m,
            stride_length_error_m: difference(detected_stride_length_m, bout.stride_length_m),
            detected_speed_mps,
            reference_speed_mps: bout.speed_mps,
            speed_error_mps: difference(detected_speed_mps, bout.speed_mps),
            detected_direction,
            direction_correct: detected_direction == Some(direction),
        });
    }

    let changes = direction_changes(&bout_scores, bouts);
    let change_errors_s: Vec<f64> = changes.iter().filter_map(|c| c.error_s).collect();
    let change_errors_steps: Vec<f64> = changes.iter().filter_map(|c| c.error_steps).collect();
    let bouts_correct = bout_scores.iter().filter(|b| b.direction_correct).count();
    let direction = DirectionScore {
        steps_scored,
        steps_correct,
        step_accuracy: accuracy(steps_correct, steps_scored),
        bouts_scored: bout_scores.len(),
        bouts_correct,
        bout_accuracy: accuracy(bouts_correct, bout_scores.len()),
        change_error_median_s: median(&change_errors_s),
        change_error_median_steps: median(&change_errors_steps),
        changes,
        ic_forward: per_direction[0].metrics(),
        ic_backward: per_direction[1].metrics(),
    };

    CaseScore {
        case_id: case.id.clone(),
        dataset: case.dataset.clone(),
        placement: case.placement.clone(),
        reference_quality: reference_quality(case),
        scored_side: side_filter,
        ic: overall.metrics(),
        timing: TimingSummary::from_errors(&timing_errors_s),
        timing_errors_s,
        step_count,
        bouts: bout_scores,
        direction,
        sides,
        mounting_known: case.sensor_forward_axis.is_some(),
        final_contacts: score_final_contacts(case, steps, side_filter, config),
    }
}

/// Reference direction changes (between consecutive scored bouts of different direction)
/// and the nearest detected change for each.
fn direction_changes(
    bout_scores: &[BoutScore],
    detected_bouts: &[DetectedBout],
) -> Vec<DirectionChangeScore> {
    let mut known: Vec<&DetectedBout> = detected_bouts
        .iter()
        .filter(|bout| {
            bout.direction != Direction::Unknown
                && bout.start_s.is_finite()
                && bout.end_s.is_finite()
        })
        .collect();
    known.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    let detected_changes: Vec<f64> = known
        .windows(2)
        .filter(|pair| pair[0].direction != pair[1].direction)
        .map(|pair| 0.5 * (pair[0].end_s + pair[1].start_s))
        .collect();

    bout_scores
        .windows(2)
        .filter(|pair| pair[0].direction != pair[1].direction)
        .map(|pair| {
            let reference_time_s = 0.5 * (pair[0].end_s + pair[1].start_s);
            let nearest_detected_change_s = detected_changes.iter().copied().min_by(|a, b| {
                (a - reference_time_s)
                    .abs()
                    .total_cmp(&(b - reference_time_s).abs())
            });
            let error_s = nearest_detected_change_s.map(|t| (t - reference_time_s).abs());
            let cadences: Vec<f64> = [pair[0].reference_cadence_spm, pair[1].reference_cadence_spm]
                .into_iter()
                .flatten()
                .filter(|c| *c > 0.0)
                .collect();
            let reference_step_time_s = mean(&cadences).map(|cadence| 60.0 / cadence);
            DirectionChangeScore {
                reference_time_s,
                from: pair[0].direction,
                to: pair[1].direction,
                nearest_detected_change_s,
                error_s,
                reference_step_time_s,
                error_steps: error_s
                    .zip(reference_step_time_s)
                    .map(|(error, step_time)| error / step_time),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::case::{BoutDirection, Reference, ReferenceEvent, Subject};
    use std::path::PathBuf;

    fn bout(start_s: f64, end_s: f64, direction: BoutDirection) -> ReferenceBout {
        ReferenceBout {
            start_s,
            end_s,
            direction,
            n_steps: None,
            cadence_spm: Some(99.0),
            stride_length_m: Some(1.2),
            speed_mps: Some(1.0),
        }
    }

    fn case_with(placement: &str, contacts: &[(f64, Side)], bouts: Vec<ReferenceBout>) -> Case {
        Case {
            id: "synthetic".into(),
            dataset: "synthetic_set".into(),
            dir: PathBuf::from("/nonexistent"),
            inputs: vec![],
            sampling_rate_hz: Some(100.0),
            placement: placement.into(),
            sensor_forward_axis: None,
            subject: Subject::default(),
            notes: String::new(),
            reference: Reference {
                events: contacts
                    .iter()
                    .map(|&(time_s, side)| ReferenceEvent {
                        time_s,
                        kind: EventKind::InitialContact,
                        side,
                    })
                    .collect(),
                bouts,
                strides: None,
                turns: None,
            },
        }
    }

    fn step(time_s: f64, direction: Direction) -> DetectedStep {
        DetectedStep {
            time_s,
            side: Side::Unknown,
            direction,
            step_length_m: Some(0.6),
            speed_mps: Some(1.1),
            final_contact_s: None,
        }
    }

    fn alternating(start: f64, count: usize, interval: f64) -> Vec<(f64, Side)> {
        (0..count)
            .map(|k| {
                let side = if k % 2 == 0 { Side::Left } else { Side::Right };
                (start + k as f64 * interval, side)
            })
            .collect()
    }

    #[test]
    fn cadence_rule() {
        // 5 contacts over 2 s: 4 intervals → 120 steps/min.
        assert_eq!(
            cadence_from_contacts(&[0.0, 0.5, 1.0, 1.5, 2.0], 3),
            Some(120.0)
        );
        assert_eq!(cadence_from_contacts(&[0.0, 0.5], 3), None);
        assert_eq!(cadence_from_contacts(&[1.0, 1.0, 1.0], 3), None);
    }

    #[test]
    fn cadence_window_includes_contacts_just_outside_the_bout() {
        let contacts = alternating(1.0, 9, 0.5); // 1.0 .. 5.0
        let case = case_with(
            "lower_back",
            &contacts,
            vec![bout(1.0, 5.0, BoutDirection::Forward)],
        );
        // Detections 0.2 s early: the first lies outside the bout but inside the 0.3 s pad.
        let steps: Vec<DetectedStep> = contacts
            .iter()
            .map(|&(t, _)| step(t - 0.2, Direction::Forward))
            .collect();
        let score = score_case(&case, &steps, &[], &ScoringConfig::default());
        let bout_score = &score.bouts[0];
        assert_eq!(bout_score.detected_contacts, 9);
        assert_eq!(bout_score.detected_cadence_spm, Some(120.0));
        assert_eq!(bout_score.reference_cadence_spm, Some(120.0));
        assert_eq!(
            bout_score.reference_cadence_source,
            Some(CadenceSource::Events)
        );
        assert_eq!(bout_score.cadence_error_spm, Some(0.0));
        assert_eq!(score.ic.true_positives, 9);
        assert!((bout_score.stride_length_error_m.expect("stride") - 0.0).abs() < 1e-12);
        assert!((bout_score.speed_error_mps.expect("speed") - 0.1).abs() < 1e-12);
        let timing = score.timing.expect("timing");
        assert!((timing.mean_s + 0.2).abs() < 1e-12);
    }

    #[test]
    fn cadence_falls_back_to_bouts_csv_without_events() {
        let case = case_with(
            "lower_back",
            &[],
            vec![bout(1.0, 5.0, BoutDirection::Forward)],
        );
        let score = score_case(&case, &[], &[], &ScoringConfig::default());
        assert_eq!(score.bouts[0].reference_cadence_spm, Some(99.0));
        assert_eq!(
            score.bouts[0].reference_cadence_source,
            Some(CadenceSource::BoutsCsv)
        );
        assert_eq!(score.bouts[0].detected_cadence_spm, None);
        assert_eq!(score.step_count.error_pct, None);
    }

    #[test]
    fn scoring_region_and_step_count() {
        // Reference contacts 1..=5 s inside a bout 1–5 s, plus one at 7 s outside.
        let mut contacts = alternating(1.0, 5, 1.0);
        contacts.push((7.0, Side::Left));
        let case = case_with(
            "lower_back",
            &contacts,
            vec![bout(1.0, 5.0, BoutDirection::Forward)],
        );
        let steps = vec![
            step(1.05, Direction::Forward), // TP
            step(2.0, Direction::Forward),  // TP
            step(3.5, Direction::Forward),  // FP inside
            step(4.0, Direction::Backward), // TP, wrong direction
            step(5.4, Direction::Forward),  // FP within margin (5 missed, 0.4 away)
            step(6.9, Direction::Forward),  // matched to out-of-bout reference: neutral
            step(20.0, Direction::Forward), // far outside: ignored
        ];
        let score = score_case(&case, &steps, &[], &ScoringConfig::default());
        assert_eq!(score.ic.true_positives, 3);
        assert_eq!(score.ic.false_positives, 2);
        assert_eq!(score.ic.false_negatives, 2);
        assert_eq!(score.step_count.detected, 5);
        assert_eq!(score.step_count.reference, 5);
        assert_eq!(score.step_count.error_pct, Some(0.0));
        assert_eq!(score.direction.steps_scored, 3);
        assert_eq!(score.direction.steps_correct, 2);
        assert_eq!(score.direction.bout_accuracy, Some(1.0));
        assert_eq!(score.direction.ic_forward.true_positives, 3);
        assert_eq!(score.direction.ic_backward, IcMetrics::default());
    }

    #[test]
    fn trunk_sides_are_scored_on_matched_contacts_only() {
        // Reference 1 s left, 2 s right, 3 s left, 4 s right inside one bout.
        let contacts = alternating(1.0, 4, 1.0);
        assert_eq!(contacts[0].1, Side::Left);
        let case = case_with(
            "lower_back",
            &contacts,
            vec![bout(0.5, 4.5, BoutDirection::Forward)],
        );
        let with_side = |time_s: f64, side: Side| DetectedStep {
            side,
            ..step(time_s, Direction::Forward)
        };
        let steps = vec![
            with_side(1.02, Side::Left),   // right
            with_side(2.01, Side::Left),   // wrong
            with_side(3.0, Side::Unknown), // not known
            with_side(3.5, Side::Right),   // false positive: not scored
            with_side(4.0, Side::Right),   // right
        ];
        let score = score_case(&case, &steps, &[], &ScoringConfig::default());
        assert_eq!(
            score.sides,
            SideScore {
                scored: 3,
                correct: 2,
                unknown: 1
            }
        );
    }

    #[test]
    fn foot_placement_scores_only_its_own_side() {
        let contacts = alternating(1.0, 10, 0.5); // left at 1.0, 2.0, ...; right at 1.5, ...
        let case = case_with(
            "foot_left",
            &contacts,
            vec![bout(1.0, 5.5, BoutDirection::Forward)],
        );
        let mut steps: Vec<DetectedStep> = contacts
            .iter()
            .map(|&(time_s, side)| DetectedStep {
                side,
                ..step(time_s, Direction::Forward)
            })
            .collect();
        // A right-foot detection where nothing is: ignored for a left-foot sensor.
        steps.push(DetectedStep {
            side: Side::Right,
            ..step(3.25, Direction::Forward)
        });
        let score = score_case(&case, &steps, &[], &ScoringConfig::default());
        assert_eq!(score.scored_side, Some(Side::Left));
        assert_eq!(score.ic.true_positives, 5);
        assert_eq!(score.ic.false_positives, 0);
        // One foot's contacts every 1 s → 120 steps/min after doubling.
        assert_eq!(score.bouts[0].detected_cadence_spm, Some(120.0));
        assert_eq!(score.bouts[0].reference_cadence_spm, Some(120.0));
    }

    #[test]
    fn majority_direction_rules() {
        use Direction::*;
        assert_eq!(
            majority_direction([Forward, Forward, Backward]),
            Some(Forward)
        );
        assert_eq!(majority_direction([Forward, Backward]), None);
        assert_eq!(majority_direction([]), None);
        assert_eq!(
            majority_direction([Unknown, Unknown, Forward]),
            Some(Unknown)
        );
    }

    #[test]
    fn direction_change_boundary_error() {
        // forward 0–5 s, backward 7–12 s (change at 6 s), turn, forward 14–19 (change at 13 s).
        let mut contacts = alternating(0.0, 11, 0.5);
        contacts.extend(alternating(7.0, 11, 0.5));
        contacts.extend(alternating(14.0, 11, 0.5));
        let case = case_with(
            "lower_back",
            &contacts,
            vec![
                bout(0.0, 5.0, BoutDirection::Forward),
                bout(7.0, 12.0, BoutDirection::Backward),
                bout(12.0, 14.0, BoutDirection::Turn),
                bout(14.0, 19.0, BoutDirection::Forward),
            ],
        );
        let detected_bouts = [
            DetectedBout {
                start_s: 0.0,
                end_s: 5.5,
                direction: Direction::Forward,
            },
            DetectedBout {
                start_s: 7.5,
                end_s: 9.0,
                direction: Direction::Backward,
            },
            DetectedBout {
                start_s: 9.0,
                end_s: 10.0,
                direction: Direction::Unknown,
            },
            DetectedBout {
                start_s: 10.0,
                end_s: 12.0,
                direction: Direction::Backward,
            },
            DetectedBout {
                start_s: 14.0,
                end_s: 19.0,
                direction: Direction::Forward,
            },
        ];
        let score = score_case(&case, &[], &detected_bouts, &ScoringConfig::default());
        let changes = &score.direction.changes;
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].reference_time_s, 6.0);
        assert_eq!(changes[0].nearest_detected_change_s, Some(6.5));
        assert_eq!(changes[0].error_s, Some(0.5));
        // Reference cadence 120 spm → 0.5 s per step → 1 step.
        assert_eq!(changes[0].error_steps, Some(1.0));
        assert_eq!(changes[1].reference_time_s, 13.0);
        assert_eq!(changes[1].error_s, Some(0.0));
        assert_eq!(score.direction.change_error_median_s, Some(0.25));
        // No detected bouts at all: the changes stay without error.
        let none = score_case(&case, &[], &[], &ScoringConfig::default());
        assert!(none.direction.changes.iter().all(|c| c.error_s.is_none()));
        assert_eq!(none.direction.change_error_median_s, None);
        assert_eq!(none.direction.bout_accuracy, Some(0.0));
    }
}
