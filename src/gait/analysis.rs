//! The whole analysis of one recording: parameters in, per-step, per-bout
//! and per-session results out (gaitmap's one-algorithm-one-object shape,
//! mobgap's step → bout → aggregate tables).

use crate::error::Result;
use crate::gait::bouts::{assemble_bouts, BoutRules};
use crate::gait::data_gaps::bridge_data_gaps;
use crate::gait::direction::{direction_decidable, DirectionSignals, MIN_DECIDING_CONTACTS};
use crate::gait::foot::{foot_events, foot_rockers};
use crate::gait::orientation::{estimate_up, frame_from_up, OrientationMethod};
use crate::gait::placement::guess_placement;
use crate::gait::side::alternating_sides;
use crate::gait::spatial::{
    drift_highpass, integral, inverted_pendulum_steps, position_from_velocity, vertical_position,
    walk_ratio_step_length, SENSOR_HEIGHT_RATIO,
};
use crate::gait::steps::{
    detect_contacts_in_rhythm_beside, detect_thigh_contacts, drop_gait_initiation,
    refine_to_initial_contact, swing_rate, time_by_arm_swing, toe_offs_after_contacts, Contact,
    StepDetector,
};
use crate::gait::traces::SignalTraces;
use crate::gait::turns::{detect_turns, yaw_rate, Turn};
use crate::gait::zupt::foot_strides;
use crate::prepare::{prepare, prepare_owned, PrepareOptions, Segment};
use crate::recording::Recording;
use serde::{Deserialize, Serialize};

/// Slowest accelerometer rate that resolves steps, Hz.
pub const MIN_SOURCE_RATE_HZ: f64 = 15.0;

/// Where the sensor was worn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Lower back / waist (L5, belt clip).
    LowerBack,
    /// Left foot.
    FootLeft,
    /// Right foot.
    FootRight,
    /// A foot, side unknown (found by automatic detection, or `--placement foot`).
    Foot,
    /// Phone in a front trouser pocket.
    ThighFrontPocket,
    /// Phone in a back trouser pocket.
    BackPocket,
    /// Phone in the hand.
    Hand,
    /// Armband.
    Armband,
    /// Neck pouch.
    NeckPouch,
    /// Bag.
    Bag,
    /// Wrist.
    Wrist,
    /// Anything else.
    Other,
}

impl Placement {
    /// Every placement.
    pub const ALL: [Placement; 12] = [
        Placement::LowerBack,
        Placement::FootLeft,
        Placement::FootRight,
        Placement::Foot,
        Placement::ThighFrontPocket,
        Placement::BackPocket,
        Placement::Hand,
        Placement::Armband,
        Placement::NeckPouch,
        Placement::Bag,
        Placement::Wrist,
        Placement::Other,
    ];

    /// The identifier used on the command line and in `case.json`.
    pub fn id(self) -> &'static str {
        match self {
            Placement::LowerBack => "lower_back",
            Placement::FootLeft => "foot_left",
            Placement::FootRight => "foot_right",
            Placement::Foot => "foot",
            Placement::ThighFrontPocket => "thigh_front_pocket",
            Placement::BackPocket => "back_pocket",
            Placement::Hand => "hand",
            Placement::Armband => "armband",
            Placement::NeckPouch => "neck_pouch",
            Placement::Bag => "bag",
            Placement::Wrist => "wrist",
            Placement::Other => "other",
        }
    }

    /// Parses an identifier.
    pub fn from_id(text: &str) -> Option<Placement> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Placement::ALL.into_iter().find(|p| p.id() == wanted)
    }

    /// True for trunk-worn sensors, where the inverted-pendulum model applies.
    pub fn is_trunk(self) -> bool {
        matches!(self, Placement::LowerBack)
    }

    /// True for foot sensors.
    pub fn is_foot(self) -> bool {
        matches!(
            self,
            Placement::FootLeft | Placement::FootRight | Placement::Foot
        )
    }
}

/// Body measures that the spatial models use (all optional).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Subject {
    /// Stature, m.
    pub height_m: Option<f64>,
    /// Height of the sensor above the ground when standing, m.
    pub sensor_height_m: Option<f64>,
    /// Leg length, m.
    pub leg_length_m: Option<f64>,
    /// Body mass, kg.
    pub mass_kg: Option<f64>,
}

impl Subject {
    /// The inverted pendulum's length: sensor height, else leg length, else
    /// height × 0.53, with where it came from.
    pub fn pendulum_length(&self) -> Option<(f64, &'static str)> {
        self.sensor_height_m
            .map(|h| (h, "--sensor-height"))
            .or(self.leg_length_m.map(|l| (l, "--leg-length")))
            .or(self.height_m.map(|h| {
                (
                    h * SENSOR_HEIGHT_RATIO,
                    "--height x 0.53 (greater trochanter height, Winter)",
                )
            }))
    }
}

impl Subject {
    /// Values of `self` where `preferred` has none (command-line options win over case.json).
    pub fn merged_under(self, preferred: Subject) -> Subject {
        Subject {
            height_m: preferred.height_m.or(self.height_m),
            sensor_height_m: preferred.sensor_height_m.or(self.sensor_height_m),
            leg_length_m: preferred.leg_length_m.or(self.leg_length_m),
            mass_kg: preferred.mass_kg.or(self.mass_kg),
        }
    }
}

/// Foot side of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Left foot.
    Left,
    /// Right foot.
    Right,
    /// Not known.
    Unknown,
}

/// Walking direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Walking forward.
    Forward,
    /// Walking backward.
    Backward,
    /// Not known.
    Unknown,
}

impl Side {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Unknown => "unknown",
        }
    }
}

impl Direction {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
            Direction::Unknown => "unknown",
        }
    }

    /// The sign of travel along the body's facing: +1 forward, −1 backward,
    /// `None` when the direction is unknown (a sign would be invented).
    pub fn sign(self) -> Option<f64> {
        match self {
            Direction::Forward => Some(1.0),
            Direction::Backward => Some(-1.0),
            Direction::Unknown => None,
        }
    }
}

/// One detected step (an initial contact).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    /// Time of the initial contact, s since the recording's first sample.
    pub time_s: f64,
    /// 1-based bout number.
    pub bout: usize,
    /// Foot.
    pub side: Side,
    /// Walking direction.
    pub direction: Direction,
    /// Time since the previous contact of the bout, s (none for the first).
    pub step_time_s: Option<f64>,
    /// Step length, m, when a spatial model applies.
    pub step_length_m: Option<f64>,
    /// Step length / step time, m/s.
    pub speed_mps: Option<f64>,
    /// 0–1: peak prominence relative to the local walking amplitude.
    pub confidence: f64,
    /// 0–1: how sure the step's direction is (the bout's confidence, scaled by
    /// how the few seconds around the step alone are decided); none when unknown.
    pub direction_confidence: Option<f64>,
    /// Final contact (toe-off forward) of the same foot that ends the stance
    /// this initial contact began, s since the recording's first sample; where
    /// the placement shows it (a foot sensor; the lower back, from the other
    /// foot's toe-off after the bout's next contact), else none.
    pub final_contact_s: Option<f64>,
}

/// One walking bout.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bout {
    /// 1-based number.
    pub bout: usize,
    /// First contact, s.
    pub start_s: f64,
    /// Last contact, s.
    pub end_s: f64,
    /// end − start, s.
    pub duration_s: f64,
    /// Direction.
    pub direction: Direction,
    /// 0–1, when known.
    pub direction_confidence: Option<f64>,
    /// Contacts in the bout.
    pub n_steps: usize,
    /// 60·(n − 1)/duration, steps/min.
    pub cadence_spm: f64,
    /// Coefficient of variation of the step times.
    pub step_time_cv: Option<f64>,
    /// Mean step length, m.
    pub step_length_m: Option<f64>,
    /// 2 × mean step length, m.
    pub stride_length_m: Option<f64>,
    /// Mean step speed, m/s.
    pub speed_mps: Option<f64>,
    /// Sum of the step lengths, m.
    pub distance_m: Option<f64>,
    /// Mean stride time, s: a foot's contact intervals, else the time from
    /// each contact to the one two steps later.
    pub stride_time_s: Option<f64>,
    /// Coefficient of variation of those stride times.
    pub stride_time_cv: Option<f64>,
    /// Left/right step-time asymmetry, %: the symmetry index of Robinson et
    /// al. 1987, 100·|L − R| / ((L + R)/2), with L and R the mean times of the
    /// steps ending at a left and at a right contact; where sides are known
    /// (at least 2 steps of each).
    pub step_time_asymmetry_pct: Option<f64>,
}

impl Bout {
    /// Mean speed along the body's facing, m/s: [`Bout::speed_mps`] with the
    /// direction's sign (negative backward); `None` when either is unknown.
    pub fn signed_speed_mps(&self) -> Option<f64> {
        Some(self.direction.sign()? * self.speed_mps?)
    }

    /// Displacement along the body's facing, m: [`Bout::distance_m`] with the
    /// direction's sign (negative backward); `None` when either is unknown.
    pub fn signed_distance_m(&self) -> Option<f64> {
        Some(self.direction.sign()? * self.distance_m?)
    }
}

/// A foot's final contact is looked for within [`MAX_STANCE_SHARE`] of this
/// stride when no later contact of the foot bounds it, s (a slow stride).
const MAX_FOOT_STANCE_TO_NEXT_S: f64 = 2.0;
/// Longest stance as a share of the stride (stance 4 × the swing): about 0.6
/// in healthy walking, up to about 0.7 in slow and older walkers' gait. A
/// final contact later than this after a contact ends the stance of a stride
/// whose contact was missed (ipol feet: 29 of 32 such at 0.80–0.96), so it is
/// not given to this one.
const MAX_STANCE_SHARE: f64 = 0.8;

/// Parameters of [`analyze`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AnalysisOptions {
    /// Where the sensor was worn (`None`: unknown; spatial models are then not applied).
    pub placement: Option<Placement>,
    /// Body measures.
    pub subject: Subject,
    /// The analysis grid.
    pub grid: PrepareOptions,
    /// Initial contact detection.
    pub detector: StepDetector,
    /// Bout assembly.
    pub bout_rules: BoutRules,
    /// The device's forward axis (device-frame unit vector) when the mounting
    /// is known (`--forward-axis`, case.json `sensor_forward_axis`).
    pub forward_axis: Option<[f64; 3]>,
}

/// The results of one analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Detected steps, in time order.
    pub steps: Vec<Step>,
    /// Bouts, in time order.
    pub bouts: Vec<Bout>,
    /// The placement used: the one given, or the one detected.
    pub placement: Option<Placement>,
    /// Where `placement` came from, and how sure (for the summary).
    pub placement_source: String,
    /// How forward/backward was decided: the mounting known (forward axis
    /// given), inferred from the signals (which cue or classifier), or not
    /// inferable (directions stay unknown).
    pub direction_source: String,
    /// How up was found (per segment, the first).
    pub orientation: Option<OrientationMethod>,
    /// Turns (needs a gyroscope).
    pub turns: Vec<Turn>,
    /// Per bout (same order as `bouts`): step and stride regularity, the
    /// unbiased autocorrelation of the vertical acceleration at the step and
    /// stride lags (Moe-Nilssen & Helbostad 2004); trunk and phone sensors.
    pub regularity: Vec<Option<(f64, f64)>>,
    /// Notes for the summary (models used, what is missing and why).
    pub notes: Vec<String>,
    /// Compact traces of the vertical acceleration for the report's plots.
    pub traces: SignalTraces,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}

/// Step and stride regularity of a bout: the unbiased autocorrelation of the
/// vertical acceleration at the median step interval and at twice it.
fn bout_regularity(
    vertical_acc: &[f64],
    contacts: &[usize],
    intervals: &[f64],
    rate_hz: f64,
) -> Option<(f64, f64)> {
    let (&first, &last) = (contacts.first()?, contacts.last()?);
    let window = vertical_acc.get(first..=last.min(vertical_acc.len().saturating_sub(1)))?;
    let mut sorted = intervals.to_vec();
    sorted.sort_by(f64::total_cmp);
    let step_lag = (sorted.get(sorted.len() / 2)? * rate_hz).round() as usize;
    let n = window.len();
    if step_lag == 0 || 2 * step_lag >= n {
        return None;
    }
    let mean = window.iter().sum::<f64>() / n as f64;
    let centred: Vec<f64> = window.iter().map(|v| v - mean).collect();
    let variance = centred.iter().map(|v| v * v).sum::<f64>() / n as f64;
    if variance <= 0.0 {
        return None;
    }
    let autocorrelation = |lag: usize| {
        centred[..n - lag]
            .iter()
            .zip(&centred[lag..])
            .map(|(a, b)| a * b)
            .sum::<f64>()
            / ((n - lag) as f64 * variance)
    };
    Some((autocorrelation(step_lag), autocorrelation(2 * step_lag)))
}

/// A bout's figures from its steps (in time order, at least one). Contact
/// intervals are steps, or strides for a foot sensor (`steps_per_contact` 2:
/// the CV is then the stride-time CV, and each contact stands for two steps).
pub fn bout_from_steps(
    number: usize,
    bout_steps: &[Step],
    steps_per_contact: f64,
    direction: Direction,
    direction_confidence: Option<f64>,
) -> Bout {
    let start_s = bout_steps.first().map_or(0.0, |s| s.time_s);
    let end_s = bout_steps.last().map_or(start_s, |s| s.time_s);
    let step_times: Vec<f64> = bout_steps
        .windows(2)
        .map(|w| w[1].time_s - w[0].time_s)
        .collect();
    let step_time_cv = coefficient_of_variation(&step_times);
    // A foot's contacts are a stride apart; other sensors' strides span two steps.
    let stride_times: Vec<f64> = if steps_per_contact > 1.0 {
        step_times.clone()
    } else {
        bout_steps
            .windows(3)
            .map(|w| w[2].time_s - w[0].time_s)
            .collect()
    };
    let step_length_m = mean(bout_steps.iter().filter_map(|s| s.step_length_m));
    let distance = steps_per_contact
        * bout_steps
            .iter()
            .filter_map(|s| s.step_length_m)
            .fold(0.0, |a, b| a + b);
    Bout {
        bout: number,
        start_s,
        end_s,
        duration_s: end_s - start_s,
        direction,
        direction_confidence,
        n_steps: bout_steps.len(),
        cadence_spm: steps_per_contact * 60.0 * bout_steps.len().saturating_sub(1) as f64
            / (end_s - start_s).max(1e-9),
        step_time_cv,
        step_length_m,
        stride_length_m: step_length_m.map(|l| 2.0 * l),
        speed_mps: mean(bout_steps.iter().filter_map(|s| s.speed_mps)),
        distance_m: step_length_m.map(|_| distance),
        stride_time_s: mean(stride_times.iter().copied()),
        stride_time_cv: coefficient_of_variation(&stride_times),
        step_time_asymmetry_pct: step_time_asymmetry_pct(bout_steps),
    }
}

/// Sample coefficient of variation (n − 1); `None` for fewer than 2 values.
fn coefficient_of_variation(values: &[f64]) -> Option<f64> {
    let m = mean(values.iter().copied())?;
    (values.len() >= 2 && m > 0.0).then(|| {
        let var = values.iter().map(|t| (t - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
        var.sqrt() / m
    })
}

/// Robinson et al.'s (1987) symmetry index of the step times by the side of
/// the contact that ends each step, %; `None` without 2 steps of each side.
fn step_time_asymmetry_pct(bout_steps: &[Step]) -> Option<f64> {
    let side_mean = |side: Side| {
        let times: Vec<f64> = bout_steps
            .windows(2)
            .filter(|w| w[1].side == side && w[0].side != side && w[0].side != Side::Unknown)
            .map(|w| w[1].time_s - w[0].time_s)
            .collect();
        (times.len() >= 2).then(|| times.iter().sum::<f64>() / times.len() as f64)
    };
    let (left, right) = (side_mean(Side::Left)?, side_mean(Side::Right)?);
    Some(100.0 * (left - right).abs() / (0.5 * (left + right)))
}

/// Which direction situation applies (mounting known, inferred, or neither), for the
/// summary's `direction_source` and the notes.
fn direction_situation(options: &AnalysisOptions, segments: &[crate::prepare::Segment]) -> String {
    let has_gyro = segments.iter().any(|s| s.gyro.is_some());
    let placement = options.placement.map_or("unknown", |p| p.id());
    // Mounting unknown, not a foot: the facing classifier where it is validated.
    let facing = crate::gait::facing::model().and_then(|m| {
        options
            .placement
            .filter(|p| !p.is_foot())
            .and_then(|p| m.classifier(p.id(), has_gyro))
            .map(|c| (m, c))
    });
    if !direction_decidable(options.forward_axis, options.placement) {
        return format!(
            "{} and not inferable for placement {placement}: bouts stay unknown{}",
            if options.forward_axis.is_some() {
                "mounting known"
            } else {
                "mounting unknown"
            },
            if options.placement == Some(Placement::Wrist) {
                " (the wrist swings independently of the trunk)"
            } else {
                " (pass --forward-axis)"
            }
        );
    }
    let foot = options.placement.is_some_and(Placement::is_foot);
    match options.forward_axis {
        Some(_) if has_gyro && foot => "mounting known (forward axis given): the foot's roll next to stance about its lateral axis, pitch coupling where it does not decide".into(),
        None if has_gyro && foot => format!(
            "mounting unknown, inferred from the signals (the foot's lift-off vs landing roll, pitch coupling where it does not decide; placement {placement})"
        ),
        None if has_gyro && options.placement.is_some_and(Placement::is_trunk) => format!(
            "mounting unknown, inferred from the signals (trunk: facing from the yaw-rate vs lateral-acceleration lead-lag pooled over the walking, times the travel sense from the horizontal jerk asymmetry; placement {placement})"
        ),
        None if has_gyro && options.placement == Some(Placement::ThighFrontPocket) => format!(
            "mounting unknown, inferred from the signals (thigh: facing from where the knee rises (the hip flexes more than it extends) pooled over the walking, times the travel sense from the horizontal jerk asymmetry and the swing's skew; the facing classifier where no facing is found; placement {placement})"
        ),
        None if facing.is_some() => {
            let (model, classifier) = facing.map_or(("", ""), |(m, c)| (m.version.as_str(), c.name.as_str()));
            format!(
                "mounting unknown, inferred from the signals (facing classifier {model}, model {classifier}: time asymmetry of the gait cycle; placement {placement})"
            )
        }
        Some(_) if has_gyro => "mounting known (forward axis given): pitch coupling and inverted pendulum".into(),
        Some(_) => "mounting known (forward axis given), no gyroscope: inverted pendulum only".into(),
        None if has_gyro && options.placement.is_some_and(crate::gait::direction::mounting_free_validated) => format!(
            "mounting unknown, inferred from the signals (pitch coupling on the travel axis; placement {placement})"
        ),
        None => format!(
            "mounting unknown and not inferable for placement {placement}{}: bouts stay unknown (pass --forward-axis)",
            if has_gyro { "" } else { " without a gyroscope" }
        ),
    }
}

/// Runs the analysis on a recording.
pub fn analyze(recording: &Recording, options: &AnalysisOptions) -> Result<Analysis> {
    let prepared = prepare(recording, &options.grid)?;
    analyze_prepared(prepared, &RecordingFacts::of(recording), options)
}

/// [`analyze`], taking the recording: each raw stream is freed as soon as it
/// is on the grid, so the grid and the analysis' own buffers can reuse its
/// memory (a lower peak: 25 MB less per hour of 100-Hz accelerometer and gyroscope).
pub fn analyze_owned(recording: Recording, options: &AnalysisOptions) -> Result<Analysis> {
    let facts = RecordingFacts::of(&recording);
    let prepared = prepare_owned(recording, &options.grid)?;
    analyze_prepared(prepared, &facts, options)
}

/// What the analysis needs of a recording besides its streams on the grid.
pub(crate) struct RecordingFacts {
    /// The accelerometer's measured rate, Hz (0 when it has none).
    source_rate_hz: f64,
    /// Whether the recording has a non-empty gyroscope stream.
    pub(crate) has_gyro: bool,
    /// Whether the recording has a non-empty gravity stream.
    pub(crate) has_gravity_stream: bool,
    /// Whether the accelerometer includes gravity.
    pub(crate) gravity_content: crate::recording::GravityContent,
}

impl RecordingFacts {
    pub(crate) fn of(recording: &Recording) -> RecordingFacts {
        RecordingFacts {
            source_rate_hz: recording.accelerometer.measured_rate_hz().unwrap_or(0.0),
            has_gyro: recording.gyroscope.as_ref().is_some_and(|g| !g.is_empty()),
            has_gravity_stream: recording.gravity.as_ref().is_some_and(|g| !g.is_empty()),
            gravity_content: recording.gravity_content,
        }
    }
}

/// The analysis of a recording's streams put on the grid by `prepare`.
fn analyze_prepared(
    prepared: crate::prepare::Prepared,
    facts: &RecordingFacts,
    options: &AnalysisOptions,
) -> Result<Analysis> {
    let rate = prepared.rate_hz;
    // What preparation did (gaps split or bridged, packed samples spread) belongs in the summary.
    let mut notes = prepared.report.notes.clone();
    let split_gaps = prepared.report.split_gaps.clone();
    // Below ~15 Hz a step (1.5–2.5 Hz, with harmonics) is not resolved: say so
    // rather than count aliases.
    let source_rate = facts.source_rate_hz;
    if source_rate < MIN_SOURCE_RATE_HZ {
        notes.push(format!(
            "no gait analysis: the accelerometer rate ({source_rate:.1} Hz) is below {MIN_SOURCE_RATE_HZ} Hz, too slow to resolve steps"
        ));
        return Ok(Analysis {
            steps: Vec::new(),
            bouts: Vec::new(),
            placement: options.placement,
            placement_source: "not used: no analysis".into(),
            direction_source: "not used: no analysis".into(),
            orientation: None,
            turns: Vec::new(),
            regularity: Vec::new(),
            notes,
            traces: SignalTraces::default(),
        });
    }
    // Without --placement, what physics can tell safely (a foot, a front trouser
    // pocket) is detected, and then used exactly as if given.
    let (placement, placement_source) = match options.placement {
        Some(p) => (Some(p), "given".to_string()),
        None => {
            let guess = guess_placement(&prepared.segments, prepared.rate_hz);
            let found = guess.placement;
            let source = if found.is_some() {
                format!(
                    "detected (confidence {:.2}): {}",
                    guess.confidence, guess.reason
                )
            } else {
                format!("unknown: {}", guess.reason)
            };
            (found, source)
        }
    };
    let options = &AnalysisOptions {
        placement,
        ..*options
    };
    let pendulum = match options.placement {
        Some(p) if p.is_trunk() => {
            let length = options.subject.pendulum_length();
            match length {
                Some((l, source)) => notes.push(format!(
                    "step length: inverted-pendulum model (Zijlstra & Hof 2003, x1.25) with l = {l:.3} m from {source}"
                )),
                None => notes.push(
                    "step length not estimated: the inverted-pendulum model needs --sensor-height, --leg-length or --height".into(),
                ),
            }
            length.map(|(l, _)| l)
        }
        Some(p) if p.is_foot() => {
            // Without a gyroscope there is no strapdown integration (see the sensor notes).
            if facts.has_gyro {
                notes.push(
                    "stride length: strapdown integration between zero-velocity (rest) periods of the foot; step length = stride / 2".into(),
                );
            }
            None
        }
        Some(Placement::Other) => {
            notes.push("step length not estimated for placement other: no model applies".into());
            None
        }
        Some(p) => {
            notes.push(format!(
                "step length: walk-ratio model for placement {} (step length = 0.006 m per step/min x the step's cadence, Bogen et al. 2018), forward and unknown-direction steps only; made for straight walking: it over-estimates the short steps of turns and obstacles",
                p.id()
            ));
            None
        }
        None => {
            notes.push("placement unknown: step length not estimated (pass --placement)".into());
            None
        }
    };
    // Phones and wrist: the walk-ratio model (the trunk's pendulum and the foot's
    // strapdown need their own sensors' signals).
    let walk_ratio = options
        .placement
        .is_some_and(|p| !p.is_trunk() && !p.is_foot() && p != Placement::Other);
    notes.extend(super::degraded::sensor_notes(
        facts,
        options.placement,
        options.forward_axis.is_some(),
    ));
    let direction_source = direction_situation(options, &prepared.segments);
    notes.push(format!("direction: {direction_source}"));
    let mut steps = Vec::new();
    let mut bouts = Vec::new();
    let mut orientation = None;
    let mut turns = Vec::new();
    let mut regularity = Vec::new();
    let mut traces = SignalTraces::default();
    let no_gyro = prepared.segments.iter().all(|s| s.gyro.is_none());
    let is_foot = options.placement.is_some_and(|p| p.is_foot());
    // Only the direction cues need the horizontal acceleration.
    let decidable = direction_decidable(options.forward_axis, options.placement);
    for segment in prepared.segments {
        let (up, method) = estimate_up(&segment, rate);
        // Each grid stream is freed once nothing below reads it (an hour of one
        // is 8.6 MB): the gyroscope (unless a foot's contacts or the direction
        // cues read it) after the yaw rate and before the horizontal
        // acceleration is made, then the acceleration (a foot's strapdown reads
        // it again), and up (the direction cues and the sides, which need a
        // facing) after the turns.
        let Segment {
            start_s: segment_start_s,
            acc,
            gyro,
            ..
        } = segment;
        // The yaw rate marks strides and turns; phones often have no gyro.
        let yaw: Vec<f64> = gyro.as_ref().map(|g| yaw_rate(g, &up)).unwrap_or_default();
        let has_gyro = gyro.is_some();
        // A trunk without a mounting reads only its facing × travel cues, whose
        // facing needs the yaw rate, not the gyroscope.
        let trunk_cues_only =
            options.forward_axis.is_none() && options.placement.is_some_and(Placement::is_trunk);
        // A wrist's contacts are timed by its arm swing (see time_by_arm_swing).
        let arm_swing = gyro
            .as_ref()
            .filter(|_| options.placement == Some(Placement::Wrist))
            .map(swing_rate);
        let gyro = gyro.filter(|_| is_foot || (decidable && !trunk_cues_only));
        let mut frame = frame_from_up(&acc, up, method, decidable);
        let acc = is_foot.then_some(acc);
        orientation.get_or_insert(frame.method);
        traces.add_envelope(&frame.vertical_acc, segment_start_s, rate);
        // The segment's turns as sample ranges: a trunk's travel sense leaves
        // their steps out.
        let mut turning = Vec::new();
        if has_gyro {
            let found = detect_turns(&yaw, rate, segment_start_s);
            if trunk_cues_only {
                let index = |t: f64| ((t - segment_start_s) * rate).round().max(0.0) as usize;
                turning = found
                    .iter()
                    .map(|t| index(t.start_s)..index(t.end_s))
                    .collect();
            }
            turns.extend(found);
        }
        if !(decidable || options.forward_axis.is_some()) {
            frame.up = Vec::new();
        }
        let foot = options.placement.filter(|p| p.is_foot()).zip(gyro.as_ref());
        // The pendulum's vertical velocity (the first half of its position)
        // is high-passed in the step detector's filter loop where it can be.
        let drift = pendulum.and_then(|_| drift_highpass(rate));
        let mut velocity = None;
        let mut final_contacts = Vec::new();
        // A trunk's toe-offs: of the other foot, after each contact (see toe_offs_after_contacts).
        let mut trunk_toe_offs: Option<Vec<Option<usize>>> = None;
        let contacts = match foot {
            // A foot sensor sees its own foot's contacts in its rotation.
            Some((_, gyro)) => {
                let events = foot_events(gyro, rate);
                final_contacts = events.final_contacts;
                events
                    .initial_contacts
                    .into_iter()
                    .map(|(index, confidence)| Contact {
                        index,
                        prominence: 0.0,
                        relative: 2.0 * confidence,
                    })
                    .collect()
            }
            None => {
                // A thigh's step period comes from its swing (see detect_thigh_contacts).
                let thigh_swing = gyro
                    .as_ref()
                    .filter(|_| options.placement == Some(Placement::ThighFrontPocket))
                    .map(swing_rate);
                let found = match &thigh_swing {
                    Some(swing) => detect_thigh_contacts(
                        &frame.vertical_acc,
                        swing,
                        &yaw,
                        rate,
                        &options.detector,
                    ),
                    None => {
                        let velocity_integral = drift
                            .as_ref()
                            .map(|f| (f, integral(&frame.vertical_acc, rate)));
                        let (found, filtered) = detect_contacts_in_rhythm_beside(
                            &frame.vertical_acc,
                            &yaw,
                            rate,
                            &options.detector,
                            velocity_integral.as_ref().map(|(f, x)| (*f, &x[..])),
                        );
                        velocity = filtered;
                        found
                    }
                };
                if options.placement.is_some_and(|p| p.is_trunk()) {
                    let found = drop_gait_initiation(found, rate);
                    let refined = refine_to_initial_contact(&frame.vertical_acc, &found, rate);
                    let indices: Vec<usize> = refined.iter().map(|c| c.index).collect();
                    trunk_toe_offs =
                        Some(toe_offs_after_contacts(&frame.vertical_acc, &indices, rate));
                    refined
                } else if let Some(swing) = &arm_swing {
                    time_by_arm_swing(found, swing, rate, &options.detector)
                } else {
                    found
                }
            }
        };
        // Freed now (unless the trunk's facing reads it), so the allocations
        // that follow can reuse its memory.
        let mut trunk_yaw = (trunk_cues_only && decidable).then_some(yaw);
        let side = match options.placement {
            Some(Placement::FootLeft) => Side::Left,
            Some(Placement::FootRight) => Side::Right,
            _ => Side::Unknown,
        };
        // One foot's contacts are strides apart: its bouts allow twice the pause.
        let bout_rules = if foot.is_some() {
            BoutRules {
                max_step_s: 2.0 * options.bout_rules.max_step_s,
                min_steps: 2,
            }
        } else {
            options.bout_rules
        };
        let times: Vec<f64> = contacts
            .iter()
            .map(|c| segment_start_s + c.index as f64 / rate)
            .collect();
        let position = pendulum.and_then(|_| match velocity.take() {
            Some(velocity) => position_from_velocity(&velocity.ok()?, rate),
            None => vertical_position(&frame.vertical_acc, rate),
        });
        // A foot sensor measures its stride by strapdown integration between rests.
        let strides = foot
            .zip(acc.as_ref())
            .map(|((_, gyro), acc)| foot_strides(acc, gyro, rate));
        // Without a decidable direction every estimate is unknown, the bouts are
        // not split and no step has a direction confidence: the same as no signals.
        let direction_signals = decidable
            .then(|| {
                if trunk_cues_only {
                    DirectionSignals::new_for_trunk_cues(&mut frame, rate)
                } else {
                    DirectionSignals::new(&frame, gyro.as_ref(), rate)
                }
            })
            .flatten()
            .map(|signals| match foot.zip(acc.as_ref()) {
                Some(((_, gyro), acc)) => signals.with_foot_rockers(foot_rockers(acc, gyro, rate)),
                None => signals,
            });
        let indices_all: Vec<usize> = contacts.iter().map(|c| c.index).collect();
        // Walks of opposite direction with a short rest between can fall in one
        // bout (a foot's bouts allow a 4-s pause): split them there.
        let assembled = assemble_bouts(&times, &bout_rules);
        // Trunk or thigh, mounting unknown: the facing is pooled over the segment's walking.
        let direction_signals = direction_signals.map(|signals| {
            let thigh = options.placement == Some(Placement::ThighFrontPocket);
            if trunk_cues_only || (options.forward_axis.is_none() && thigh) {
                let margin = (0.25 * rate) as usize;
                let walking: Vec<std::ops::Range<usize>> = assembled
                    .iter()
                    .filter(|r| r.len() >= MIN_DECIDING_CONTACTS)
                    .filter_map(|r| {
                        let first = indices_all.get(r.start)?;
                        let last = indices_all.get(r.end.checked_sub(1)?)?;
                        Some(first.saturating_sub(margin)..last + margin)
                    })
                    .collect();
                if trunk_cues_only {
                    signals
                        .with_trunk_cues(&frame, trunk_yaw.take().unwrap_or_default(), &walking)
                        .with_trunk_steps(&indices_all, &turning)
                } else {
                    signals.with_thigh_cues(&frame, &walking)
                }
            } else {
                signals
            }
        });
        drop(trunk_yaw);
        let ranges: Vec<std::ops::Range<usize>> = assembled
            .into_iter()
            .flat_map(|range| match &direction_signals {
                Some(signals) => signals
                    .split_by_direction(
                        &indices_all[range.clone()],
                        rate,
                        options.forward_axis,
                        options.placement,
                        bout_rules.min_steps,
                    )
                    .into_iter()
                    .map(|r| range.start + r.start..range.start + r.end)
                    .collect(),
                None => vec![range],
            })
            .collect();
        for range in ranges.into_iter().filter(|r| !r.is_empty()) {
            let number = bouts.len() + 1;
            let indices: Vec<usize> = contacts[range.clone()].iter().map(|c| c.index).collect();
            let lengths: Vec<Option<f64>> = match (&position, pendulum) {
                (Some(position), Some(l)) => inverted_pendulum_steps(position, &indices, l),
                _ => vec![None; indices.len().saturating_sub(1)],
            };
            // Foot: the stride that ends with each contact gives a step of half its
            // length and a speed of its length over its duration. The bout's first
            // contact ends no stride: the foot moved from standing (gait initiation,
            // a partial stride), as the trunk's first contact has no step either.
            let foot_steps: Vec<Option<(f64, f64)>> = indices
                .iter()
                .enumerate()
                .map(|(k, &index)| {
                    if k == 0 {
                        return None;
                    }
                    let stride = strides
                        .as_ref()?
                        .iter()
                        .find(|s| s.start < index && index <= s.end)?;
                    let duration = (stride.end - stride.start) as f64 / rate;
                    Some((stride.length_m / 2.0, stride.length_m / duration))
                })
                .collect();
            // One direction per bout, over its contacts (half a step margin each side).
            let margin = (0.25 * rate) as usize;
            let window = indices.first().copied().unwrap_or(0).saturating_sub(margin)
                ..indices.last().copied().unwrap_or(0) + margin;
            let estimate = direction_signals
                .as_ref()
                .filter(|_| indices.len() >= MIN_DECIDING_CONTACTS)
                .map(|signals| {
                    signals.estimate(window.clone(), options.forward_axis, options.placement)
                });
            let direction = estimate.map_or(Direction::Unknown, |e| e.direction);
            let direction_confidence = estimate
                .filter(|e| e.direction != Direction::Unknown)
                .map(|e| e.confidence);
            // Trunk sensors: sides from the frontal-plane pendulum, where the
            // facing is known (the mounting, the pooled facing cue, or a
            // decided direction along the pendulum's travel axis).
            let sides = options
                .placement
                .filter(|p| p.is_trunk())
                .and_then(|_| {
                    let facing = options.forward_axis.or_else(|| {
                        let sense = match direction {
                            Direction::Forward => 1.0,
                            Direction::Backward => -1.0,
                            Direction::Unknown => return None,
                        };
                        let signals = direction_signals.as_ref()?;
                        let travel = signals
                            .trunk_travel(window.clone())
                            .or_else(|| signals.travel(window.clone()))?;
                        Some(travel.map(|v| sense * v))
                    })?;
                    // A trunk's signals took the frame's up (it is not copied).
                    let up = match &direction_signals {
                        Some(signals) if frame.up.is_empty() => signals.up(),
                        _ => &frame.up[..],
                    };
                    alternating_sides(&frame.horizontal_acc, up, &indices, facing)
                })
                .map(|(sides, _)| sides);
            let first_step = steps.len();
            for (k, contact) in contacts[range.clone()].iter().enumerate() {
                let side = sides
                    .as_ref()
                    .and_then(|s| s.get(k).copied())
                    .unwrap_or(side);
                let time_s = times[range.start + k];
                // One foot's consecutive contacts are strides apart: its step time is not measured.
                let step_time_s =
                    (k > 0 && foot.is_none()).then(|| time_s - times[range.start + k - 1]);
                let (step_length_m, foot_speed) = match foot_steps[k] {
                    Some((length, speed)) => (Some(length), Some(speed)),
                    None if k > 0 => match lengths.get(k - 1).copied().flatten() {
                        Some(length) => (Some(length), None),
                        // Walk ratio: from the rhythm's step time (median of 5), not
                        // one interval's jitter, which an extra or missed contact
                        // would make absurdly short or long; speed = length over
                        // that step time. No published walk ratio for backward
                        // walking: left empty.
                        None => (walk_ratio && direction != Direction::Backward)
                            .then(|| local_median_step_time(&times[range.clone()], k))
                            .flatten()
                            .and_then(|t| walk_ratio_step_length(t).map(|l| (Some(l), Some(l / t))))
                            .unwrap_or((None, None)),
                    },
                    None => (None, None),
                };
                // The final contact ending this stance: the first after this
                // contact, within the stance's share of the stride to the
                // foot's next contact (or of a slow stride at a walk's end). A
                // later one belongs to a stride whose swing was missed.
                // A trunk sees the other foot's toe-off after each contact, so this
                // stance ends after the bout's next contact, and only if the foot
                // then swings to the contact after that (a walk's last two
                // contacts leave both feet down).
                let final_contact = if let Some(toe_offs) = &trunk_toe_offs {
                    (range.start + k + 2 < range.end)
                        .then(|| toe_offs.get(range.start + k + 1).copied().flatten())
                        .flatten()
                } else {
                    let stride = contacts
                        .get(range.start + k + 1)
                        .map_or(MAX_FOOT_STANCE_TO_NEXT_S * rate, |c| {
                            c.index.saturating_sub(contact.index) as f64
                        });
                    let latest = contact.index + (MAX_STANCE_SHARE * stride) as usize;
                    let after = final_contacts.partition_point(|&f| f <= contact.index);
                    final_contacts.get(after).copied().filter(|&f| f <= latest)
                };
                let final_contact_s = final_contact.map(|f| segment_start_s + f as f64 / rate);
                steps.push(Step {
                    time_s,
                    final_contact_s,
                    bout: number,
                    side,
                    direction,
                    step_time_s,
                    step_length_m,
                    speed_mps: foot_speed.or(step_length_m.zip(step_time_s).map(|(l, t)| l / t)),
                    confidence: (contact.relative / 2.0).clamp(0.0, 1.0),
                    direction_confidence: direction_signals.as_ref().and_then(|signals| {
                        signals.step_confidence(
                            contact.index,
                            rate,
                            direction,
                            direction_confidence,
                            options.forward_axis,
                            options.placement,
                        )
                    }),
                });
            }
            let step_times: Vec<f64> = times[range.clone()]
                .windows(2)
                .map(|w| w[1] - w[0])
                .collect();
            regularity.push(if foot.is_none() {
                bout_regularity(&frame.vertical_acc, &indices, &step_times, rate)
            } else {
                None
            });
            let steps_per_contact = if foot.is_some() { 2.0 } else { 1.0 };
            let (start_s, end_s) = (times[range.start], times[range.end - 1]);
            traces.offer_zoom(&frame.vertical_acc, segment_start_s, rate, (start_s, end_s));
            bouts.push(bout_from_steps(
                number,
                &steps[first_step..],
                steps_per_contact,
                direction,
                direction_confidence,
            ));
        }
    }
    // A walk the radio interrupted is one walk: its lost contacts are inferred.
    let inferred = bridge_data_gaps(
        &mut steps,
        &mut bouts,
        &mut regularity,
        &split_gaps,
        options.bout_rules.max_step_s,
        if is_foot && !no_gyro { 2.0 } else { 1.0 },
    );
    if inferred > 0 {
        notes.push(format!(
            "{inferred} contact(s) inferred in data gaps a steady walk ran through (placed evenly at the rhythm of both sides; confidence 0, no step length)"
        ));
    }
    if no_gyro {
        notes.push("turns not detected: the recording has no gyroscope".into());
    }
    Ok(Analysis {
        steps,
        bouts,
        placement,
        placement_source,
        direction_source,
        orientation,
        turns,
        regularity,
        notes,
        traces,
    })
}

/// Median of the step times of contacts `k − 2 ..= k + 2` of a bout (`times`
/// in order; the step time of contact j is `times[j] − times[j − 1]`).
fn local_median_step_time(times: &[f64], k: usize) -> Option<f64> {
    let from = k.saturating_sub(2).max(1);
    let to = (k + 2).min(times.len().saturating_sub(1));
    let mut near: Vec<f64> = (from..=to)
        .filter_map(|j| Some(times.get(j)? - times.get(j - 1)?))
        .collect();
    if near.is_empty() {
        return None;
    }
    near.sort_by(f64::total_cmp);
    near.get(near.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bout(direction: Direction, speed_mps: Option<f64>, distance_m: Option<f64>) -> Bout {
        Bout {
            bout: 1,
            start_s: 0.0,
            end_s: 5.0,
            duration_s: 5.0,
            direction,
            direction_confidence: None,
            n_steps: 10,
            cadence_spm: 108.0,
            step_time_cv: None,
            step_length_m: None,
            stride_length_m: None,
            speed_mps,
            distance_m,
            stride_time_s: None,
            stride_time_cv: None,
            step_time_asymmetry_pct: None,
        }
    }

    fn contact(time_s: f64, side: Side) -> Step {
        Step {
            time_s,
            bout: 1,
            side,
            direction: Direction::Forward,
            step_time_s: None,
            step_length_m: None,
            speed_mps: None,
            confidence: 1.0,
            direction_confidence: None,
            final_contact_s: None,
        }
    }

    #[test]
    fn stride_times_and_left_right_asymmetry_of_a_limp() {
        // Left steps 0.6 s, right steps 0.5 s: strides 1.1 s, SI = 0.1/0.55.
        let mut t = 0.0;
        let steps: Vec<Step> = (0..9)
            .map(|k| {
                let side = if k % 2 == 0 { Side::Left } else { Side::Right };
                if k > 0 {
                    t += if side == Side::Left { 0.6 } else { 0.5 };
                }
                contact(t, side)
            })
            .collect();
        let bout = bout_from_steps(1, &steps, 1.0, Direction::Forward, None);
        assert!((bout.stride_time_s.unwrap() - 1.1).abs() < 1e-9);
        assert!(bout.stride_time_cv.unwrap() < 1e-9, "every stride is 1.1 s");
        let expected = 100.0 * 0.1 / 0.55;
        assert!((bout.step_time_asymmetry_pct.unwrap() - expected).abs() < 1e-9);
        // Sides unknown: no asymmetry; a foot sensor's contacts are strides.
        let unknown: Vec<Step> = steps
            .iter()
            .map(|s| contact(s.time_s, Side::Unknown))
            .collect();
        let bout = bout_from_steps(1, &unknown, 1.0, Direction::Forward, None);
        assert_eq!(bout.step_time_asymmetry_pct, None);
        let foot: Vec<Step> = (0..5)
            .map(|k| contact(1.1 * k as f64, Side::Left))
            .collect();
        let bout = bout_from_steps(1, &foot, 2.0, Direction::Forward, None);
        assert!((bout.stride_time_s.unwrap() - 1.1).abs() < 1e-9);
        assert_eq!(bout.step_time_asymmetry_pct, None);
    }

    #[test]
    fn speed_and_distance_are_signed_along_the_facing() {
        let forward = bout(Direction::Forward, Some(1.2), Some(6.0));
        assert_eq!(forward.signed_speed_mps(), Some(1.2));
        assert_eq!(forward.signed_distance_m(), Some(6.0));
        let backward = bout(Direction::Backward, Some(0.7), Some(3.5));
        assert_eq!(backward.signed_speed_mps(), Some(-0.7));
        assert_eq!(backward.signed_distance_m(), Some(-3.5));
        // No sign is invented for an unknown direction, nor a value for a missing one.
        let unknown = bout(Direction::Unknown, Some(1.0), Some(5.0));
        assert_eq!(unknown.signed_speed_mps(), None);
        assert_eq!(unknown.signed_distance_m(), None);
        let no_length = bout(Direction::Backward, None, None);
        assert_eq!(no_length.signed_speed_mps(), None);
        assert_eq!(no_length.signed_distance_m(), None);
    }
}
