//! Forward vs backward walking.
//!
//! Two physical cues, both measured in the gait band (0.5–5 Hz):
//!
//! * **Pitch coupling** (needs a gyroscope; works without knowing the
//!   mounting). Let `d` be the horizontal travel axis and `l = up × d` the
//!   lateral axis. The correlation `T = corr(ω·l, a·d)` between the pitch rate
//!   about `l` and the acceleration along `d` does not depend on the sign of
//!   `d` (both factors flip with it), so only the axis is needed. Backward
//!   walking is close to forward walking played backwards; under time reversal
//!   the acceleration keeps its sign and the angular rate flips, and the
//!   facing flips relative to travel, so `T` changes sign: forward walking
//!   gives `T > 0`, backward `T < 0`. Measured on mocap_bandai (whole trials):
//!   lower back 24/24 single trials and 40/40 session bouts right, thigh pocket
//!   24/24 and 40/40, right foot 22/24 and 36/40 (small margins), wrist at
//!   chance (so the wrist is left unknown).
//! * **Inverted pendulum** (travel sign in the device frame). The body is
//!   slowest when highest (mid-stance) in both walking directions, so the
//!   horizontal acceleration along the direction of travel is anti-correlated
//!   with the vertical velocity: `travel ∝ −E[a_h · v_z]`. With the mounting
//!   known this says whether travel is along the device's forward axis. It is
//!   right in 24/24 thigh-pocket trials but only 18/24 at the lower back and at
//!   chance at the foot, so it is used only when there is no gyroscope. Without
//!   a known mounting it still gives the travel axis for the pitch coupling.
//! * **Foot rockers** (foot sensors; per stride, see
//!   [`crate::gait::foot::foot_rockers`]): forward, the foot leaves stance
//!   rolling far over the toes and lands rolling a little from the heel;
//!   played backwards the large roll moves to the landing and both rolls turn
//!   toes-up. They decide a foot's direction before the pitch coupling (which
//!   is left for strides without a stance): mocap_bandai right foot 24/24
//!   single trials (mounting known) and 40/40 session bouts (unknown), every
//!   real ipol and gaitmap foot bout forward.
//! * **Facing classifier** ([`crate::gait::facing`]; mounting unknown, not a
//!   foot): time-asymmetry features of the gait cycle, which change sign when a
//!   walk is played backwards, and a small odd classifier per placement, used
//!   only where its held-out figures passed the training script's gate (today
//!   the thigh pocket with a gyroscope, which it takes over from the pitch
//!   coupling where the thigh's facing × travel finds no facing, and the neck
//!   pouch).
//! * **Trunk facing × travel** ([`crate::gait::trunk_travel`]; lower back,
//!   mounting unknown, gyroscope): the facing from the yaw-rate/lateral
//!   acceleration lead–lag pooled over the segment's walking, the travel
//!   sense from the horizontal jerk's asymmetry (braking at each contact is
//!   sharp, propulsion gradual).
//! * **Thigh facing × travel** ([`crate::gait::thigh_travel`]; thigh pocket,
//!   mounting unknown, gyroscope): the facing from where the knee rises
//!   (the hip flexes more than it extends) pooled over the segment's walking,
//!   the travel sense from the jerk asymmetry and the skew of the thigh's
//!   swing; it takes over from the facing classifier there when it has a
//!   facing.

use crate::dsp::filter::Butterworth;
use crate::dsp::vec3::{cross, dot};
use crate::gait::analysis::{Direction, Placement};
use crate::gait::foot::FootRocker;
use crate::gait::orientation::VerticalFrame;
use crate::gait::thigh_travel;
use crate::gait::trunk_travel;
use std::ops::Range;

/// Gait band, Hz: the step frequency and its first harmonics.
const BAND_HZ: (f64, f64) = (0.5, 5.0);
/// High-pass of the integrated vertical acceleration, Hz (removes the drift).
const VELOCITY_HIGHPASS_HZ: f64 = 0.5;
/// Smallest |pitch coupling| that decides a direction (forward walking in the
/// sessions sits at 0.12–0.8 at the trunk; below this it is noise).
pub const MIN_PITCH_COUPLING: f64 = 0.1;
/// Without a mounting, how many times [`MIN_PITCH_COUPLING`] a backward call needs.
pub const BACKWARD_EVIDENCE_FACTOR: f64 = 2.0;
/// Smallest |pendulum correlation| that decides a direction (no gyroscope).
pub const MIN_PENDULUM_CORRELATION: f64 = 0.1;
/// Fewest contacts that decide a direction: one foot's single stride (2
/// contacts) once read a real forward walk (ipol 6-6, left foot) as backward.
pub const MIN_DECIDING_CONTACTS: usize = 3;
/// Fewest strides whose rockers decide a foot's direction.
pub const MIN_FOOT_ROCKERS: usize = 2;
/// Smallest |median rocker cue| that decides a foot's direction.
pub const MIN_FOOT_ROCKER: f64 = 0.1;
/// A clear rocker cue (confidence 1).
const CLEAR_FOOT_ROCKER: f64 = 0.4;
/// Window around one step for its own direction confidence, s (a stride or two).
pub const STEP_WINDOW_S: f64 = 2.4;
/// Shortest window worth estimating, s (about two steps).
const MIN_WINDOW_S: f64 = 1.0;
/// A pause between contacts that may separate walks of different direction:
/// longer than this multiple of the bout's median contact interval …
const PAUSE_RATIO: f64 = 1.6;
/// … and longer than the median by this much, s (sessions rest ≥ 1.5 s between walks).
const PAUSE_EXTRA_S: f64 = 0.5;
/// A contact whose intervals on both sides are longer than this multiple of
/// the median, and together longer than a pause plus a step, is a lone
/// contact in a pause (it must not bridge the walks on either side).
const LONE_STEP_RATIO: f64 = 1.25;
/// Intervals on each side of a contact's own two that set the step it is
/// compared with (four: two strides, which one long pause cannot outvote).
const LONE_NEIGHBOURS: usize = 4;

/// Placements whose walking direction is decided without a mounting.
///
/// * Feet: the rockers (see the module notes) and, without them, the coupling
///   held on real forward-only recordings (ipol and gaitmap feet: every
///   detected bout of 3 contacts or more forward, none backward).
/// * Thigh pocket (with a gyroscope): facing × travel
///   ([`crate::gait::thigh_travel`]: the knee is higher in front; the jerk or
///   the swing gives the travel sense). No real thigh recording with a
///   gyroscope was available to check it on, so this is the least proven
///   mounting-free case.
/// * Lower back (with a gyroscope): facing × travel
///   ([`crate::gait::trunk_travel`]: the yaw-rate vs lateral-acceleration
///   lead–lag pooled over the recording, and the horizontal jerk's third
///   moment). The pitch coupling alone is not used there: real L5 recordings
///   put it anywhere in −0.65…+0.7 during forward walking. The wrist is at
///   chance with every cue tried.
///
/// Other placements are decided mounting-free by the facing classifier
/// ([`crate::gait::facing`]) where its held-out figures passed the training
/// script's gate (the model file's `enabled`: today the thigh pocket without a
/// gyroscope and the neck pouch).
pub fn mounting_free_validated(placement: Placement) -> bool {
    placement.is_foot()
        || placement.is_trunk()
        || placement == Placement::ThighFrontPocket
        || crate::gait::facing::model().is_some_and(|m| m.covers(placement.id()))
}

/// Whether [`DirectionSignals::estimate`] can decide a direction at all for
/// this mounting and placement; when not, every estimate is unknown and the
/// caller need not filter the signals (a third of an analysis' filtering).
pub fn direction_decidable(forward_axis: Option<[f64; 3]>, placement: Option<Placement>) -> bool {
    // The wrist swings independently of the trunk: neither cue beat chance there
    // (unless the facing classifier covers it).
    let facing =
        placement.is_some_and(|p| crate::gait::facing::model().is_some_and(|m| m.covers(p.id())));
    (placement != Some(Placement::Wrist) || facing)
        && (forward_axis.is_some() || placement.is_some_and(mounting_free_validated))
}

/// The direction of one window of walking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectionEstimate {
    /// Forward, backward, or unknown when the cue is too weak or missing.
    pub direction: Direction,
    /// 0–1: the deciding correlation's size relative to a clear one (0.5).
    pub confidence: f64,
    /// Pitch coupling `T` (positive = forward), when a gyroscope is present.
    pub pitch_coupling: Option<f64>,
    /// Inverted-pendulum correlation along the forward axis (positive =
    /// travel along it), when the mounting is known.
    pub pendulum: Option<f64>,
    /// Log-odds of forward walking from the facing classifier, when it decided
    /// (mounting unknown; see [`crate::gait::facing`]).
    pub facing_log_odds: Option<f64>,
}

impl DirectionEstimate {
    fn unknown() -> Self {
        DirectionEstimate {
            direction: Direction::Unknown,
            confidence: 0.0,
            pitch_coupling: None,
            pendulum: None,
            facing_log_odds: None,
        }
    }
}

/// Two travel cues' (direction, confidence): either may decide alone; when
/// both decide they must agree, else the window stays unknown.
fn combine_travel(a: (Direction, f64), b: (Direction, f64)) -> (Direction, f64) {
    match (a.0, b.0) {
        (Direction::Unknown, _) => b,
        (_, Direction::Unknown) => a,
        (x, y) if x == y => (x, a.1.max(b.1)),
        _ => (Direction::Unknown, 0.0),
    }
}

/// Parses a device axis such as `+x` or `-z` into a unit vector.
pub fn parse_forward_axis(text: &str) -> Option<[f64; 3]> {
    let text = text.trim().to_ascii_lowercase();
    let (sign, axis) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(&text)),
    };
    let index = match axis {
        "x" => 0,
        "y" => 1,
        "z" => 2,
        _ => return None,
    };
    let mut v = [0.0; 3];
    v[index] = sign;
    Some(v)
}

/// `v` with its component along `up` removed, normalised.
pub(crate) fn horizontal_unit(v: [f64; 3], up: [f64; 3]) -> Option<[f64; 3]> {
    let along = dot(v, up);
    let h = [
        v[0] - along * up[0],
        v[1] - along * up[1],
        v[2] - along * up[2],
    ];
    let n = dot(h, h).sqrt();
    (n > 1e-6 && n.is_finite()).then(|| [h[0] / n, h[1] / n, h[2] / n])
}

/// The (uncentred) correlation of paired values, accumulated as they come
/// (no buffers: the direction cues run over every step's window).
#[derive(Default)]
struct Correlation {
    ab: f64,
    aa: f64,
    bb: f64,
}

impl Correlation {
    fn add(&mut self, x: f64, y: f64) {
        self.ab += x * y;
        self.aa += x * x;
        self.bb += y * y;
    }

    fn value(&self) -> Option<f64> {
        let denominator = (self.aa * self.bb).sqrt();
        (denominator > 1e-12 && denominator.is_finite()).then(|| self.ab / denominator)
    }
}

/// The band-limited signals of one segment, filtered once and then cut into
/// windows (filtering each window alone would ring at its edges).
#[derive(Debug, Clone)]
pub struct DirectionSignals {
    pub(crate) up: Vec<[f64; 3]>,
    pub(crate) horizontal: Vec<[f64; 3]>,
    /// Band-limited vertical acceleration (the facing features read it).
    pub(crate) vertical: Vec<f64>,
    pub(crate) vertical_velocity: Vec<f64>,
    pub(crate) gyro: Option<Vec<[f64; 3]>>,
    pub(crate) rate_hz: f64,
    min_window: usize,
    /// A foot sensor's per-stride rocker cues (empty otherwise).
    foot_rockers: Vec<FootRocker>,
    /// A trunk or thigh sensor's pooled facing and wide-band horizontal
    /// acceleration (mounting unknown; see [`Self::with_trunk_cues`] and
    /// [`Self::with_thigh_cues`]).
    trunk: Option<TrunkCues>,
    /// Running sums of the cues' products along the first axis asked for
    /// (see [`AxisSums`]), made on first use.
    axis_sums: std::cell::OnceCell<AxisSums>,
}

/// Running sums, sample by sample, of the products [`DirectionSignals::cues`]
/// correlates along one axis: with a known mounting every window (each bout,
/// each step's) asks for the same axis, so a window's sums are two lookups
/// instead of a pass that projects every sample on the axis again (an hour of
/// steps re-read each sample about ten times).
#[derive(Debug, Clone)]
struct AxisSums {
    axis: [f64; 3],
    /// `prefix[b]`: the sums over samples `0..b·AXIS_SUMS_BLOCK` of
    /// pitch·along, pitch², along², along·v_z, v_z² (zero where v_z is not
    /// there); a window's partial blocks at its ends are summed directly.
    prefix: Vec<[f64; 5]>,
}

/// Samples per block of [`AxisSums`]: an hour of sums per sample would be
/// 14 MB of memory to fault in; per 16 samples it is 0.9 MB, for 30 more
/// samples summed per window at most.
const AXIS_SUMS_BLOCK: usize = 16;

/// The facing × travel cues of one segment ([`crate::gait::trunk_travel`],
/// [`crate::gait::thigh_travel`]).
#[derive(Debug, Clone)]
struct TrunkCues {
    /// Horizontal acceleration in [`crate::gait::trunk_travel::JERK_BAND_HZ`],
    /// one column per axis.
    wide: trunk_travel::Columns,
    /// Front of the body in the device frame, pooled over the walking.
    facing: [f64; 3],
    /// A thigh: the swing's skew is a second travel cue.
    thigh: bool,
    /// A trunk's contacts (sorted sample indices): the travel score reads its
    /// windows step by step (see [`crate::gait::trunk_travel::travel_score`]).
    contacts: Vec<usize>,
    /// A trunk's turns (sorted sample ranges), whose steps the travel score leaves out.
    turning: Vec<Range<usize>>,
}

/// Forward when a cue (positive = forward) reaches `threshold`, backward when
/// it reaches `backward_factor` times that the other way, else unknown.
fn call_direction(value: f64, threshold: f64, backward_factor: f64) -> Direction {
    if value >= threshold {
        Direction::Forward
    } else if value <= -threshold * backward_factor {
        Direction::Backward
    } else {
        Direction::Unknown
    }
}

/// The gait-band filter ([`BAND_HZ`]) at `rate_hz`.
fn gait_band(rate_hz: f64) -> Option<Butterworth> {
    Butterworth::bandpass(2, BAND_HZ.0, BAND_HZ.1.min(0.45 * rate_hz), rate_hz).ok()
}

fn band(x: &[f64], rate_hz: f64) -> Option<Vec<f64>> {
    gait_band(rate_hz)?.filtfilt(x).ok()
}

/// [`band`] of each component of a vector signal.
fn band_vec3(x: &[[f64; 3]], rate_hz: f64) -> Option<Vec<[f64; 3]>> {
    gait_band(rate_hz)?.filtfilt_vec3(x).ok()
}

impl DirectionSignals {
    /// Filters a segment's frame (and gyroscope, if any); `None` when the
    /// segment is too short to filter.
    pub fn new(frame: &VerticalFrame, gyro: Option<&[Vec<f64>; 3]>, rate_hz: f64) -> Option<Self> {
        Self::build(frame, gyro, rate_hz, true)
    }

    /// [`Self::new`] for a trunk sensor whose mounting is unknown: its
    /// direction comes only from [`Self::with_trunk_cues`], which filters what
    /// it needs itself, so nothing else is filtered or kept here (an hour of
    /// the other signals is 14 filter passes and 32 MB). [`Self::travel`] then
    /// gives `None`.
    /// The frame's `up` is moved into the signals (read it back with
    /// [`Self::up`]) rather than copied: an hour of it is 8.6 MB.
    pub fn new_for_trunk_cues(frame: &mut VerticalFrame, rate_hz: f64) -> Option<Self> {
        let n = frame.up.len();
        let min_window = (MIN_WINDOW_S * rate_hz).ceil().max(1.0) as usize;
        if n < min_window || frame.horizontal_acc.len() != n {
            return None;
        }
        Some(DirectionSignals {
            up: std::mem::take(&mut frame.up),
            horizontal: Vec::new(),
            vertical: Vec::new(),
            vertical_velocity: Vec::new(),
            gyro: None,
            rate_hz,
            min_window,
            foot_rockers: Vec::new(),
            trunk: None,
            axis_sums: std::cell::OnceCell::new(),
        })
    }

    /// The up of every sample, device frame (unit vectors).
    pub fn up(&self) -> &[[f64; 3]] {
        &self.up
    }

    fn build(
        frame: &VerticalFrame,
        gyro: Option<&[Vec<f64>; 3]>,
        rate_hz: f64,
        vertical_cues: bool,
    ) -> Option<Self> {
        let n = frame.up.len();
        let min_window = (MIN_WINDOW_S * rate_hz).ceil().max(1.0) as usize;
        if n < min_window || frame.horizontal_acc.len() != n {
            return None;
        }
        let horizontal = band_vec3(&frame.horizontal_acc, rate_hz)?;
        let (vertical, vertical_velocity) = if vertical_cues {
            let vertical = band(&frame.vertical_acc, rate_hz)?;
            // Trapezoidal integration: centred in time, so a recording played
            // backwards integrates to minus the same velocity (the rectangle rule
            // lags half a sample, which turned the travel axis by a few degrees).
            let mut integral = Vec::with_capacity(n);
            let mut v = 0.0;
            let mut previous = vertical.first().copied().unwrap_or(0.0);
            for a in &vertical {
                v += 0.5 * (a + previous) / rate_hz;
                previous = *a;
                integral.push(v);
            }
            let vertical_velocity = Butterworth::highpass(2, VELOCITY_HIGHPASS_HZ, rate_hz)
                .ok()?
                .filtfilt(&integral)
                .ok()?;
            (vertical, vertical_velocity)
        } else {
            (Vec::new(), Vec::new())
        };
        let gyro = match gyro {
            Some(g) if g.iter().all(|axis| axis.len() == n) => {
                let interleaved: Vec<[f64; 3]> =
                    (0..n).map(|i| [g[0][i], g[1][i], g[2][i]]).collect();
                Some(band_vec3(&interleaved, rate_hz)?)
            }
            _ => None,
        };
        Some(DirectionSignals {
            up: frame.up.clone(),
            horizontal,
            vertical,
            vertical_velocity,
            gyro,
            rate_hz,
            min_window,
            foot_rockers: Vec::new(),
            trunk: None,
            axis_sums: std::cell::OnceCell::new(),
        })
    }

    /// Adds a foot sensor's per-stride rocker cues ([`foot_rockers`]): a foot's
    /// direction is then decided from them (see [`Self::estimate`]).
    pub fn with_foot_rockers(mut self, rockers: Vec<FootRocker>) -> Self {
        self.foot_rockers = rockers;
        self
    }

    /// Adds a trunk sensor's facing × travel cues (mounting unknown): the
    /// facing is pooled over `walking` (sample ranges of the segment's bouts;
    /// the mounting is fixed within a recording) from the gait-band
    /// horizontal acceleration and yaw rate (`yaw_rate`: the gyroscope about
    /// up, rad/s), filtered here and dropped once the facing is known; the
    /// travel sense is read from `frame`'s horizontal acceleration in a wider
    /// band. Without a yaw rate or a facing the signals stay as they are (the
    /// trunk's direction then stays unknown).
    pub fn with_trunk_cues(
        self,
        frame: &VerticalFrame,
        yaw_rate: Vec<f64>,
        walking: &[Range<usize>],
    ) -> Self {
        if yaw_rate.len() != self.up.len() {
            return self;
        }
        // Each input is freed as soon as it is filtered: an hour of the
        // horizontal signals is 8.6 MB each.
        // Both gait band, filtered together (the recurrences overlap), the
        // horizontal one column per axis: one-column buffers fit the memory
        // of the ones freed before, where three values a sample would grow
        // the heap.
        let banded = gait_band(self.rate_hz)
            .map(|filter| filter.filtfilt_components_and(&frame.horizontal_acc, &yaw_rate));
        drop(yaw_rate);
        let facing = banded.and_then(|(horizontal, yaw)| {
            trunk_travel::pooled_facing(
                &horizontal.ok()?,
                &yaw.ok()?,
                &self.up,
                walking,
                self.rate_hz,
            )
        });
        self.with_facing(frame, facing, false)
    }

    /// Keeps a pooled `facing` (when there is one) with the wide-band
    /// horizontal acceleration its travel sense is read from.
    fn with_facing(mut self, frame: &VerticalFrame, facing: Option<[f64; 3]>, thigh: bool) -> Self {
        let wide =
            facing.and_then(|_| trunk_travel::jerk_band(&frame.horizontal_acc, self.rate_hz));
        if let (Some(facing), Some(wide)) = (facing, wide) {
            self.trunk = Some(TrunkCues {
                wide,
                facing,
                thigh,
                contacts: Vec::new(),
                turning: Vec::new(),
            });
        }
        self
    }

    /// Adds a thigh sensor's facing × travel cues (mounting unknown): the
    /// facing from where the knee rises ([`thigh_travel::pooled_rise_facing`],
    /// pooled over `walking`), the travel sense from the jerk asymmetry and
    /// the swing. Needs a gyroscope (the up of `frame` must come from the
    /// fusion); without one, or without a clear facing, the signals stay as
    /// they are (the facing classifier then decides, where it is validated).
    pub fn with_thigh_cues(self, frame: &VerticalFrame, walking: &[Range<usize>]) -> Self {
        if self.gyro.is_none() {
            return self;
        }
        let facing =
            thigh_travel::rise_bands(&frame.vertical_acc, &frame.horizontal_acc, self.rate_hz)
                .and_then(|(vertical, horizontal)| {
                    thigh_travel::pooled_rise_facing(&vertical, &horizontal, &self.up, walking)
                });
        self.with_facing(frame, facing, true)
    }

    /// Gives a trunk's facing × travel cues ([`Self::with_trunk_cues`]) the
    /// segment's `contacts` (sample indices) and `turning` (sample ranges of
    /// its turns): the travel sense is then read from the steps outside turns,
    /// and a backward call needs [`trunk_travel::MIN_BACKWARD_STEPS`] steps
    /// reading backward on their own, half of them at least. Nothing changes
    /// without trunk cues, or for a thigh.
    pub fn with_trunk_steps(mut self, contacts: &[usize], turning: &[Range<usize>]) -> Self {
        if let Some(trunk) = self.trunk.as_mut().filter(|t| !t.thigh) {
            trunk.contacts = contacts.to_vec();
            trunk.contacts.sort_unstable();
            trunk.turning = turning.to_vec();
            trunk.turning.sort_unstable_by_key(|t| t.start);
        }
        self
    }

    /// The front of the body in the device frame from a trunk sensor's
    /// pooled facing cue ([`Self::with_trunk_cues`]), when there is one.
    pub fn trunk_facing(&self) -> Option<[f64; 3]> {
        self.trunk.as_ref().map(|t| t.facing)
    }

    /// A trunk's travel sense in `range` from the horizontal jerk asymmetry
    /// ([`trunk_travel::jerk_travel`]; device frame, unit), when it has the
    /// trunk cues.
    pub fn trunk_travel(&self, range: Range<usize>) -> Option<[f64; 3]> {
        let travel = trunk_travel::jerk_travel(&self.trunk.as_ref()?.wide, range)?;
        let n = dot(travel, travel).sqrt();
        (n > 1e-12 && n.is_finite()).then(|| travel.map(|v| v / n))
    }

    /// A trunk's direction from its facing × travel cues; unknown without them.
    fn trunk_estimate(&self, range: Range<usize>) -> DirectionEstimate {
        self.trunk_estimate_for(range, true)
    }

    /// [`Self::trunk_estimate`]; with `confidence` false a forward call skips
    /// its confidence (the 2-s pieces' agreement), which only a backward call
    /// needs to decide: the per-step windows ask for the direction alone.
    fn trunk_estimate_for(&self, range: Range<usize>, confidence: bool) -> DirectionEstimate {
        let Some(trunk) = self.trunk.as_ref() else {
            return DirectionEstimate::unknown();
        };
        let travel = |window: Range<usize>| {
            trunk_travel::travel_score(
                &trunk.wide,
                &self.up,
                trunk.facing,
                window,
                &trunk.contacts,
                &trunk.turning,
            )
        };
        let score = |window: Range<usize>| travel(window).map(|t| t.score);
        let Some(whole) = travel(range.clone()) else {
            return DirectionEstimate::unknown();
        };
        let value = whole.score;
        let direction = call_direction(
            value,
            trunk_travel::MIN_TRAVEL_SCORE,
            BACKWARD_EVIDENCE_FACTOR,
        );
        if !confidence && direction == Direction::Forward && !trunk.thigh {
            return DirectionEstimate {
                direction,
                confidence: f64::NAN,
                pitch_coupling: None,
                pendulum: None,
                facing_log_odds: None,
            };
        }
        let confidence = if direction == Direction::Unknown {
            0.0
        } else {
            (value.abs() / trunk_travel::CLEAR_TRAVEL_SCORE).clamp(0.0, 1.0)
                * self.piece_agreement(range.clone(), value, &score)
        };
        // A false "backward" is the costlier error: it must also be clear and
        // hold along the window. The real forward bouts read backward were
        // short or shuffling ones at 0.00–0.33 (ipol 3-6, 6-5, 8-5 after the
        // walk; mobgap_lab free living), every mocap backward bout at 1.00.
        // And it must be read step by step (a trunk with its contacts): one
        // or two strong events (a sit-down, a bump) in a forward bout once
        // carried a backward moment (mobgap_lab free living).
        let too_few_steps = !trunk.thigh
            && !trunk.contacts.is_empty()
            && (whole.steps_backward < trunk_travel::MIN_BACKWARD_STEPS
                || 2 * whole.steps_backward < whole.steps);
        let (direction, confidence) = if direction == Direction::Backward
            && (confidence < trunk_travel::MIN_BACKWARD_CONFIDENCE || too_few_steps)
        {
            (Direction::Unknown, 0.0)
        } else {
            (direction, confidence)
        };
        // Undecided by the pooled score: the steps' own readings may decide
        // forward (see trunk_travel::FORWARD_VOTE_MARGIN).
        let forward_vote = !trunk.thigh
            && !trunk.contacts.is_empty()
            && whole.steps_forward >= trunk_travel::MIN_BACKWARD_STEPS
            && whole.steps_forward >= trunk_travel::FORWARD_VOTE_MARGIN * whole.steps_backward;
        let (direction, confidence) = if direction == Direction::Unknown && forward_vote {
            let margin = whole.steps_forward - whole.steps_backward;
            (
                Direction::Forward,
                margin as f64 / whole.steps.max(1) as f64,
            )
        } else {
            (direction, confidence)
        };
        let (direction, confidence) = if trunk.thigh {
            combine_travel((direction, confidence), self.swing_estimate(trunk, range))
        } else {
            (direction, confidence)
        };
        DirectionEstimate {
            direction,
            confidence,
            pitch_coupling: None,
            pendulum: None,
            facing_log_odds: None,
        }
    }

    /// A thigh's travel from the skew of its swing along the pooled facing
    /// ([`thigh_travel::swing_travel`]); unknown when weak.
    fn swing_estimate(&self, trunk: &TrunkCues, range: Range<usize>) -> (Direction, f64) {
        let Some(gyro) = self.gyro.as_ref() else {
            return (Direction::Unknown, 0.0);
        };
        let score =
            |window: Range<usize>| thigh_travel::swing_travel(gyro, &self.up, trunk.facing, window);
        let Some(value) = score(range.clone()) else {
            return (Direction::Unknown, 0.0);
        };
        let direction = call_direction(
            value,
            thigh_travel::MIN_SWING_SKEW,
            BACKWARD_EVIDENCE_FACTOR,
        );
        if direction == Direction::Unknown {
            return (Direction::Unknown, 0.0);
        }
        let confidence = (value.abs() / thigh_travel::CLEAR_SWING_SKEW).clamp(0.0, 1.0)
            * self.piece_agreement(range, value, &score);
        (direction, confidence)
    }

    /// Share of the 2-s pieces of `range` whose own score has the sign of
    /// `value` (1 when no piece has a score): how evenly the evidence is spread.
    fn piece_agreement(
        &self,
        range: Range<usize>,
        value: f64,
        score: &dyn Fn(Range<usize>) -> Option<f64>,
    ) -> f64 {
        let piece = 2 * self.min_window;
        let end = range.end.min(self.up.len());
        let (mut agree, mut total) = (0usize, 0usize);
        let mut start = range.start;
        while start + piece <= end {
            if let Some(v) = score(start..start + piece) {
                total += 1;
                agree += usize::from(v.signum() == value.signum());
            }
            start += piece;
        }
        if total == 0 {
            1.0
        } else {
            agree as f64 / total as f64
        }
    }

    /// A foot's direction from the rockers of the strides whose swing lies in
    /// `range`: the median over strides of, with the mounting known, the roll
    /// next to stance about up × forward (toes-down forward, toes-up backward;
    /// as a share of that roll's whole rotation), else the lift-off vs landing
    /// asymmetry. `None` with fewer than [`MIN_FOOT_ROCKERS`] strides.
    fn foot_estimate(
        &self,
        range: Range<usize>,
        forward_axis: Option<[f64; 3]>,
    ) -> Option<DirectionEstimate> {
        let mut cues: Vec<f64> = self
            .foot_rockers
            .iter()
            .filter(|r| range.contains(&((r.start + r.end) / 2)))
            .filter_map(|r| match forward_axis {
                Some(forward) => {
                    let lateral = horizontal_unit(cross(r.up, forward), r.up)?;
                    let size = dot(r.edge_rotation, r.edge_rotation).sqrt();
                    (size > 1e-9).then(|| dot(r.edge_rotation, lateral) / size)
                }
                None => Some(r.lift_off_asymmetry),
            })
            .filter(|c| c.is_finite())
            .collect();
        if cues.len() < MIN_FOOT_ROCKERS {
            return None;
        }
        cues.sort_by(f64::total_cmp);
        let median = cues[cues.len() / 2];
        let backward_factor = if forward_axis.is_none() {
            BACKWARD_EVIDENCE_FACTOR
        } else {
            1.0
        };
        let direction = call_direction(median, MIN_FOOT_ROCKER, backward_factor);
        // Confidence: the median's size relative to a clear one, times the share
        // of strides that agree with it.
        let agree = cues
            .iter()
            .filter(|c| c.signum() == median.signum())
            .count();
        let confidence = if direction == Direction::Unknown {
            0.0
        } else {
            (median.abs() / CLEAR_FOOT_ROCKER).clamp(0.0, 1.0) * agree as f64 / cues.len() as f64
        };
        Some(DirectionEstimate {
            direction,
            confidence,
            pitch_coupling: None,
            pendulum: None,
            facing_log_odds: None,
        })
    }

    /// Travel axis of a window in the device frame from the inverted pendulum,
    /// `−E[a_h · v_z]` (its sign is the travel sense; see the module notes).
    pub fn travel(&self, range: Range<usize>) -> Option<[f64; 3]> {
        let range = range.start..range.end.min(self.vertical_velocity.len());
        let mut d = [0.0; 3];
        for i in range {
            let v = self.vertical_velocity[i];
            let a = self.horizontal[i];
            d = [d[0] - a[0] * v, d[1] - a[1] * v, d[2] - a[2] * v];
        }
        let n = dot(d, d).sqrt();
        (n > 1e-12 && n.is_finite()).then(|| [d[0] / n, d[1] / n, d[2] / n])
    }

    /// Principal axis of the horizontal acceleration of a window (power
    /// iteration on its 3×3 second-moment matrix; the sign is arbitrary).
    pub fn principal(&self, range: Range<usize>) -> Option<[f64; 3]> {
        let range = range.start..range.end.min(self.up.len());
        let mut c = [[0.0; 3]; 3];
        for i in range {
            let a = self.horizontal[i];
            for r in 0..3 {
                for k in 0..3 {
                    c[r][k] += a[r] * a[k];
                }
            }
        }
        let mut v = [1.0, 0.7, 0.3];
        for _ in 0..50 {
            let w = [dot(c[0], v), dot(c[1], v), dot(c[2], v)];
            let n = dot(w, w).sqrt();
            if !(n > 1e-12 && n.is_finite()) {
                return None;
            }
            v = [w[0] / n, w[1] / n, w[2] / n];
        }
        Some(v)
    }

    /// Pitch coupling of a window along `axis` (device frame, projected on the
    /// horizontal sample by sample); `None` without a gyroscope.
    pub fn pitch_coupling(&self, range: Range<usize>, axis: [f64; 3]) -> Option<f64> {
        self.cues(range, axis, false, false).0
    }

    /// Pendulum correlation along `axis`: `−corr(a·axis_h, v_z)`, positive when
    /// travel is along `axis`.
    pub fn pendulum(&self, range: Range<usize>, axis: [f64; 3]) -> Option<f64> {
        self.cues(range, axis, true, false).1
    }

    /// The pitch coupling and (when `with_pendulum`) the pendulum correlation
    /// along `axis`, in one pass: both project on the same horizontal axis,
    /// whose normalisation is most of their cost.
    ///
    /// `fixed_axis`: `axis` is the mounting's forward axis, the same for every
    /// window, so the sums are read from [`AxisSums`] (the same values up to
    /// rounding).
    fn cues(
        &self,
        range: Range<usize>,
        axis: [f64; 3],
        with_pendulum: bool,
        fixed_axis: bool,
    ) -> (Option<f64>, Option<f64>) {
        let gyro = self.gyro.as_ref();
        if gyro.is_none() && !with_pendulum {
            return (None, None);
        }
        let mut end = range.end.min(self.up.len());
        if with_pendulum {
            end = end.min(self.vertical_velocity.len());
        }
        let range = range.start..end;
        let sums = fixed_axis.then(|| self.axis_sums.get_or_init(|| self.axis_sums_along(axis)));
        if let Some(sums) = sums.filter(|sums| sums.axis == axis) {
            if range.start >= range.end {
                return (None, None);
            }
            let first_block = range.start.div_ceil(AXIS_SUMS_BLOCK);
            let last_block = end / AXIS_SUMS_BLOCK;
            let mut window = [0.0; 5];
            let whole_blocks = (first_block < last_block)
                .then(|| {
                    sums.prefix
                        .get(first_block)
                        .zip(sums.prefix.get(last_block))
                })
                .flatten();
            match whole_blocks {
                Some((first, last)) => {
                    window = std::array::from_fn(|k| last[k] - first[k]);
                    self.add_axis_products(
                        &mut window,
                        axis,
                        range.start..first_block * AXIS_SUMS_BLOCK,
                    );
                    self.add_axis_products(&mut window, axis, last_block * AXIS_SUMS_BLOCK..end);
                }
                None => self.add_axis_products(&mut window, axis, range),
            }
            let pitch = Correlation {
                ab: window[0],
                aa: window[1],
                bb: window[2],
            };
            let pendulum = Correlation {
                ab: window[3],
                aa: window[2],
                bb: window[4],
            };
            return (
                gyro.and_then(|_| pitch.value()),
                with_pendulum
                    .then(|| pendulum.value().map(|c| -c))
                    .flatten(),
            );
        }
        let mut pitch = Correlation::default();
        let mut pendulum = Correlation::default();
        for i in range {
            let Some(d) = horizontal_unit(axis, self.up[i]) else {
                continue;
            };
            let along = dot(self.horizontal[i], d);
            if let Some(gyro) = gyro {
                let lateral = cross(self.up[i], d);
                pitch.add(dot(gyro[i], lateral), along);
            }
            if with_pendulum {
                pendulum.add(along, self.vertical_velocity[i]);
            }
        }
        (
            gyro.and_then(|_| pitch.value()),
            with_pendulum
                .then(|| pendulum.value().map(|c| -c))
                .flatten(),
        )
    }

    /// The running sums of [`AxisSums`] along `axis`.
    fn axis_sums_along(&self, axis: [f64; 3]) -> AxisSums {
        let n = self.up.len().min(self.horizontal.len());
        let mut prefix = Vec::with_capacity(n / AXIS_SUMS_BLOCK + 1);
        let mut total = [0.0; 5];
        prefix.push(total);
        for block in 0..n / AXIS_SUMS_BLOCK {
            let start = block * AXIS_SUMS_BLOCK;
            self.add_axis_products(&mut total, axis, start..start + AXIS_SUMS_BLOCK);
            prefix.push(total);
        }
        AxisSums { axis, prefix }
    }

    /// Adds the products of [`AxisSums`] over the samples in `range`.
    fn add_axis_products(&self, sums: &mut [f64; 5], axis: [f64; 3], range: Range<usize>) {
        let end = range.end.min(self.up.len()).min(self.horizontal.len());
        for i in range.start..end {
            let Some(d) = horizontal_unit(axis, self.up[i]) else {
                continue;
            };
            let along = dot(self.horizontal[i], d);
            let pitch = self.gyro.as_ref().map_or(0.0, |gyro| {
                let lateral = cross(self.up[i], d);
                dot(gyro[i], lateral)
            });
            let v = self.vertical_velocity.get(i).copied().unwrap_or(0.0);
            sums[0] += pitch * along;
            sums[1] += pitch * pitch;
            sums[2] += along * along;
            sums[3] += along * v;
            sums[4] += v * v;
        }
    }

    /// Forward/backward of the samples in `range`. `forward_axis` is the
    /// device's forward axis when the mounting is known.
    pub fn estimate(
        &self,
        range: Range<usize>,
        forward_axis: Option<[f64; 3]>,
        placement: Option<Placement>,
    ) -> DirectionEstimate {
        if range.end.min(self.up.len()) < range.start + self.min_window {
            return DirectionEstimate::unknown();
        }
        if !direction_decidable(forward_axis, placement) {
            return DirectionEstimate::unknown();
        }
        if placement.is_some_and(Placement::is_foot) {
            // Too few strides, or rockers that do not decide (a foot never
            // still, a shuffle): the pitch coupling decides instead.
            if let Some(estimate) = self
                .foot_estimate(range.clone(), forward_axis)
                .filter(|e| e.direction != Direction::Unknown)
            {
                return estimate;
            }
        }
        // Mounting unknown, trunk: facing × travel, or nothing (the pitch
        // coupling is not trusted there; see `mounting_free_validated`).
        if forward_axis.is_none() && placement.is_some_and(Placement::is_trunk) {
            return self.trunk_estimate(range);
        }
        // Mounting unknown, thigh with a facing: facing × travel.
        if forward_axis.is_none()
            && placement == Some(Placement::ThighFrontPocket)
            && self.trunk.as_ref().is_some_and(|t| t.thigh)
        {
            return self.trunk_estimate(range);
        }
        // Mounting unknown, not a foot: the facing classifier, where it is validated.
        if forward_axis.is_none() && !placement.is_some_and(Placement::is_foot) {
            let classifier = crate::gait::facing::model().and_then(|m| {
                placement
                    .and_then(|p| m.classifier(p.id(), self.gyro.is_some()))
                    .map(|c| (m, c))
            });
            if let Some((model, classifier)) = classifier {
                return crate::gait::facing::facing_features(self, range).map_or_else(
                    DirectionEstimate::unknown,
                    |features| {
                        let z = classifier.log_odds(&features);
                        let direction = if z >= model.forward_z {
                            Direction::Forward
                        } else if z <= -model.backward_z {
                            Direction::Backward
                        } else {
                            Direction::Unknown
                        };
                        // Confidence: |2p − 1|, p the forward probability.
                        let p = 1.0 / (1.0 + (-z).exp());
                        DirectionEstimate {
                            direction,
                            confidence: if direction == Direction::Unknown {
                                0.0
                            } else {
                                (2.0 * p - 1.0).abs()
                            },
                            pitch_coupling: None,
                            pendulum: None,
                            facing_log_odds: Some(z),
                        }
                    },
                );
            }
        }
        // The foot is not a pendulum: its travel axis is the principal axis of its
        // horizontal acceleration (swing), which made ipol's left foot 116/116.
        let axis = forward_axis.or_else(|| {
            if placement.is_some_and(Placement::is_foot) {
                self.principal(range.clone())
            } else {
                self.travel(range.clone())
            }
        });
        let Some(axis) = axis else {
            return DirectionEstimate::unknown();
        };
        // The foot is not a pendulum: its pendulum correlation was at chance (13/24).
        // With a mounting the pendulum runs along the forward axis, which is `axis`.
        let use_pendulum = forward_axis.is_some() && !placement.is_some_and(Placement::is_foot);
        // The pitch coupling is sign-free in the axis, so the pendulum's travel
        // axis serves without a mounting.
        let fixed_axis = forward_axis.is_some();
        let (pitch_coupling, pendulum) = self.cues(range.clone(), axis, use_pendulum, fixed_axis);
        // Mounting known: the two cues add (thigh pocket: the pendulum alone 24/24,
        // the coupling 21/24 with the fused orientation; both together 24/24
        // at the thigh and the lower back).
        let combine = |t: Option<f64>, p: Option<f64>| match (t, p) {
            (Some(t), Some(p)) => Some(t + p),
            (t, p) => t.or(p),
        };
        let score = |window: Range<usize>| -> Option<f64> {
            let (t, p) = self.cues(window, axis, use_pendulum, fixed_axis);
            combine(t, p)
        };
        let Some(value) = combine(pitch_coupling, pendulum) else {
            return DirectionEstimate::unknown();
        };
        let threshold = if pitch_coupling.is_some() {
            MIN_PITCH_COUPLING
        } else {
            MIN_PENDULUM_CORRELATION
        };
        // Without a mounting, forward walking is the common case and a false
        // "backward" the costlier error: backward needs twice the evidence
        // (with the pendulum's axis one real forward foot bout sat at −0.16).
        let backward_factor = if forward_axis.is_none() {
            BACKWARD_EVIDENCE_FACTOR
        } else {
            1.0
        };
        let direction = call_direction(value, threshold, backward_factor);
        // Confidence: the score's size relative to a clear one (0.5), times the
        // share of the window's 2-s pieces whose own score has the same sign
        // (the spread of the evidence along the bout).
        let confidence = if direction == Direction::Unknown {
            0.0
        } else {
            let piece = 2 * self.min_window;
            let end = range.end.min(self.up.len());
            let (mut agree, mut total) = (0usize, 0usize);
            let mut start = range.start;
            while start + piece <= end {
                let window = start..start + piece;
                if let Some(v) = score(window) {
                    total += 1;
                    agree += usize::from(v.signum() == value.signum());
                }
                start += piece;
            }
            let agreement = if total == 0 {
                1.0
            } else {
                agree as f64 / total as f64
            };
            (value.abs() / 0.5).clamp(0.0, 1.0) * agreement
        };
        DirectionEstimate {
            direction,
            confidence,
            pitch_coupling,
            pendulum,
            facing_log_odds: None,
        }
    }
}

impl DirectionSignals {
    /// Confidence of one step's direction (the bout's): the bout's confidence
    /// times how the [`STEP_WINDOW_S`] around the step alone is decided — 1
    /// the same way, 0.5 undecided, 0 the other way. `None` when the bout's
    /// direction is unknown.
    #[allow(clippy::too_many_arguments)]
    pub fn step_confidence(
        &self,
        index: usize,
        rate_hz: f64,
        bout_direction: Direction,
        bout_confidence: Option<f64>,
        forward_axis: Option<[f64; 3]>,
        placement: Option<Placement>,
    ) -> Option<f64> {
        let bout_confidence = bout_confidence.filter(|_| bout_direction != Direction::Unknown)?;
        let half = (0.5 * STEP_WINDOW_S * rate_hz) as usize;
        let window = index.saturating_sub(half)..index + half;
        // Only the local direction is read: a trunk's forward call needs no confidence.
        let local = if self.trunk.is_some()
            && forward_axis.is_none()
            && placement.is_some_and(Placement::is_trunk)
            && window.end.min(self.up.len()) >= window.start + self.min_window
        {
            self.trunk_estimate_for(window, false)
        } else {
            self.estimate(window, forward_axis, placement)
        };
        let agreement = if local.direction == bout_direction {
            1.0
        } else if local.direction == Direction::Unknown {
            0.5
        } else {
            0.0
        };
        Some(bout_confidence * agreement)
    }

    /// Splits one bout's contacts (sample indices, in order) where the walking
    /// direction changes. Candidate cuts are the pauses (see [`PAUSE_RATIO`])
    /// and, except for a foot, both sides of a lone contact in a pause (see
    /// [`LONE_STEP_RATIO`]);
    /// the stretches between them are estimated alone, and a new bout starts
    /// only where a stretch is decided opposite to the current bout's decided
    /// direction (unknown stretches join the current bout), so forward-only
    /// walking keeps its bouts. Returns index ranges into `contacts`, each with
    /// at least `min_contacts` contacts (shorter runs stay with their neighbour).
    pub fn split_by_direction(
        &self,
        contacts: &[usize],
        rate_hz: f64,
        forward_axis: Option<[f64; 3]>,
        placement: Option<Placement>,
        min_contacts: usize,
    ) -> Vec<Range<usize>> {
        let whole: Vec<Range<usize>> = std::iter::once(0..contacts.len()).collect();
        if contacts.len() < 2 * min_contacts.max(2) {
            return whole;
        }
        let mut intervals: Vec<usize> = contacts
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]))
            .collect();
        intervals.sort_unstable();
        let median = intervals[intervals.len() / 2] as f64;
        // A foot's contacts are strides apart: a stride with a stand of
        // PAUSE_EXTRA_S in it is already a pause (its rockers decide each walk).
        let ratio = if placement.is_some_and(Placement::is_foot) {
            1.0
        } else {
            PAUSE_RATIO
        };
        let pause_after = |step: f64| (ratio * step).max(step + PAUSE_EXTRA_S * rate_hz);
        let pause = pause_after(median);
        let gap = |k: usize| contacts[k].saturating_sub(contacts[k - 1]) as f64;
        // A lone contact inside a pause (a shuffle while standing, or a false
        // contact) must not bridge it: when the intervals on both sides of one
        // contact are longer than a step (LONE_STEP_RATIO × the step nearby)
        // and together exceed a pause plus a step, the contact stands alone.
        // The step is the median of the intervals nearby (the two of the
        // contact and LONE_NEIGHBOURS more on each side): a bout can join a
        // slow walk and a fast one, whose median makes every slow step look
        // long.
        let nearby_step = |j: usize| {
            let from = j.saturating_sub(LONE_NEIGHBOURS).max(1);
            let to = (j + 1 + LONE_NEIGHBOURS).min(contacts.len() - 1);
            let mut near: Vec<usize> = contacts
                .get(from - 1..=to)
                .unwrap_or_default()
                .windows(2)
                .map(|w| w[1].saturating_sub(w[0]))
                .collect();
            near.sort_unstable();
            near.get(near.len() / 2).map_or(median, |&m| m as f64)
        };
        let lone = |j: usize| {
            if j == 0 || j + 1 >= contacts.len() {
                return false;
            }
            let step = nearby_step(j);
            gap(j) > LONE_STEP_RATIO * step
                && gap(j + 1) > LONE_STEP_RATIO * step
                && gap(j) + gap(j + 1) > pause_after(step) + step
        };
        let mut pieces = Vec::new();
        let mut start = 0;
        for k in 1..=contacts.len() {
            let alone = ratio > 1.0 && (lone(k) || lone(k - 1));
            if k == contacts.len() || gap(k) > pause || alone {
                pieces.push(start..k);
                start = k;
            }
        }
        if pieces.len() < 2 {
            return whole;
        }
        let margin = (0.25 * rate_hz) as usize;
        let mut groups: Vec<(Range<usize>, Direction)> = Vec::new();
        for piece in pieces {
            let window =
                contacts[piece.start].saturating_sub(margin)..contacts[piece.end - 1] + margin;
            let direction = if piece.len() < MIN_DECIDING_CONTACTS {
                Direction::Unknown
            } else {
                self.estimate(window, forward_axis, placement).direction
            };
            match groups.last_mut() {
                Some((range, current))
                    if direction == Direction::Unknown
                        || *current == Direction::Unknown
                        || direction == *current
                        || piece.len() < min_contacts =>
                {
                    range.end = piece.end;
                    if *current == Direction::Unknown && piece.len() >= min_contacts {
                        *current = direction;
                    }
                }
                Some((range, current)) if range.len() < min_contacts => {
                    // The current bout is too short to stand alone: it joins this one.
                    range.end = piece.end;
                    *current = direction;
                }
                _ => groups.push((piece, direction)),
            }
        }
        groups.into_iter().map(|(range, _)| range).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gait::orientation::OrientationMethod;
    use std::f64::consts::PI;

    /// A synthetic walker on a device with x forward, y left, z up: the
    /// vertical position peaks at mid-stance, when the forward speed is
    /// lowest, and the trunk pitches forward while it accelerates forward.
    /// `backward` plays the same motion time-reversed (travel along −x).
    fn walker(backward: bool) -> (VerticalFrame, [Vec<f64>; 3]) {
        let rate = 100.0;
        let n = 1000;
        let f = 2.0; // steps per second
        let mut up = Vec::new();
        let mut vertical_acc = Vec::new();
        let mut horizontal_acc = Vec::new();
        let mut gyro = [vec![], vec![], vec![]];
        for i in 0..n {
            let t = i as f64 / rate;
            let w = 2.0 * PI * f;
            // Forward walk: z = cos(wt) (peak at mid-stance), forward speed
            // v = −cos(wt) + const, so a_fwd = w sin(wt); a_z = −w² cos(wt).
            // Pitch rate in phase with the forward acceleration plus a
            // harmonic that makes the motion time-asymmetric.
            let phase = if backward { -w * t } else { w * t };
            let a_z = -w * w * 0.02 * phase.cos();
            let a_f = 0.5 * w * phase.sin() + 0.3 * w * (2.0 * phase).cos();
            let pitch = 0.3 * phase.sin() + 0.2 * (2.0 * phase).cos();
            // Backward = the forward motion played backwards in the body frame
            // (x still anterior): the acceleration keeps its sign, the angular
            // rate flips.
            let (ax, wy) = if backward {
                (a_f, -pitch)
            } else {
                (a_f, pitch)
            };
            up.push([0.0, 0.0, 1.0]);
            vertical_acc.push(a_z);
            horizontal_acc.push([ax, 0.0, 0.0]);
            gyro[0].push(0.0);
            gyro[1].push(wy);
            gyro[2].push(0.0);
        }
        (
            VerticalFrame {
                up,
                vertical_acc,
                horizontal_acc,
                method: OrientationMethod::DeviceGravity,
            },
            gyro,
        )
    }

    #[test]
    fn axis_parses() {
        assert_eq!(parse_forward_axis("+x"), Some([1.0, 0.0, 0.0]));
        assert_eq!(parse_forward_axis("-z"), Some([0.0, 0.0, -1.0]));
        assert_eq!(parse_forward_axis("y"), Some([0.0, 1.0, 0.0]));
        assert_eq!(parse_forward_axis("+w"), None);
    }

    #[test]
    fn forward_and_backward_are_told_apart() {
        for backward in [false, true] {
            let (frame, gyro) = walker(backward);
            let signals = DirectionSignals::new(&frame, Some(&gyro), 100.0);
            let Some(signals) = signals else {
                panic!("signals not built");
            };
            let want = if backward {
                Direction::Backward
            } else {
                Direction::Forward
            };
            // Travel sense from the pendulum: along +x forward, −x backward.
            let travel = signals.travel(100..900).unwrap_or([0.0; 3]);
            assert!(travel[0] * if backward { -1.0 } else { 1.0 } > 0.9);
            for axis in [Some([1.0, 0.0, 0.0]), None] {
                let e = signals.estimate(100..900, axis, Some(Placement::FootRight));
                assert_eq!(e.direction, want, "backward={backward} axis={axis:?}");
                assert!(e.confidence > 0.5);
            }
            // Without a gyroscope only the known mounting decides.
            let no_gyro = DirectionSignals::new(&frame, None, 100.0);
            let Some(no_gyro) = no_gyro else {
                panic!("signals not built");
            };
            let known = no_gyro.estimate(100..900, Some([1.0, 0.0, 0.0]), None);
            assert_eq!(known.direction, want);
            let unknown = no_gyro.estimate(100..900, None, None);
            assert_eq!(unknown.direction, Direction::Unknown);
        }
    }

    /// The signals of a forward walk, `rest` samples of standing and the same
    /// walk backwards, as one segment; also the length of one walk.
    fn forward_rest_backward(rest: usize) -> (DirectionSignals, usize) {
        let (forward, forward_gyro) = walker(false);
        let (backward, backward_gyro) = walker(true);
        let n = forward.up.len();
        let mut frame = forward;
        let mut gyro = forward_gyro;
        frame.up.extend(std::iter::repeat_n([0.0, 0.0, 1.0], rest));
        frame.vertical_acc.extend(std::iter::repeat_n(0.0, rest));
        frame
            .horizontal_acc
            .extend(std::iter::repeat_n([0.0; 3], rest));
        for axis in gyro.iter_mut() {
            axis.extend(std::iter::repeat_n(0.0, rest));
        }
        frame.up.extend(backward.up);
        frame.vertical_acc.extend(backward.vertical_acc);
        frame.horizontal_acc.extend(backward.horizontal_acc);
        for (axis, more) in gyro.iter_mut().zip(backward_gyro) {
            axis.extend(more);
        }
        let Some(signals) = DirectionSignals::new(&frame, Some(&gyro), 100.0) else {
            panic!("signals not built");
        };
        (signals, n)
    }

    #[test]
    fn a_bout_splits_where_the_direction_changes() {
        // Forward walk, 2 s of standing, backward walk, as one segment.
        let rest = 200;
        let (signals, n) = forward_rest_backward(rest);
        // A contact every half second in each walk.
        let contacts: Vec<usize> = (0..n / 50)
            .map(|k| 25 + 50 * k)
            .chain((0..n / 50).map(|k| n + rest + 25 + 50 * k))
            .collect();
        let pieces =
            signals.split_by_direction(&contacts, 100.0, None, Some(Placement::FootLeft), 3);
        assert_eq!(pieces, vec![0..n / 50, n / 50..contacts.len()]);
        // The same walk throughout stays one bout.
        let first = &contacts[..n / 50];
        let one = signals.split_by_direction(first, 100.0, None, Some(Placement::FootLeft), 3);
        assert_eq!(one, vec![0..first.len()]);
    }

    #[test]
    fn a_lone_contact_in_the_pause_does_not_bridge_it() {
        // Forward walk, 1.5 s of standing with one (false) contact in the
        // middle, backward walk; a thigh with its mounting given.
        let rest = 150;
        let (signals, n) = forward_rest_backward(rest);
        let walk = n / 50;
        // Contacts every 0.5 s; the gap of 2 s between the walks holds one
        // contact in its middle, so neither half (1 s) is a pause (1 s) alone.
        let contacts: Vec<usize> = (0..walk)
            .map(|k| 25 + 50 * k)
            .chain(std::iter::once(n + rest / 2))
            .chain((0..walk).map(|k| n + rest + 25 + 50 * k))
            .collect();
        let thigh = Some(Placement::ThighFrontPocket);
        let axis = Some([1.0, 0.0, 0.0]);
        let pieces = signals.split_by_direction(&contacts, 100.0, axis, thigh, 3);
        // The lone contact joins the walk before it; the backward walk stands alone.
        assert_eq!(pieces, vec![0..walk + 1, walk + 1..contacts.len()]);
    }

    #[test]
    fn a_slow_walk_beside_a_fast_one_has_no_lone_contacts() {
        // A slow forward walk (0.85-s steps), 1.6 s of standing, a fast
        // backward walk (0.5-s steps, more of them): the bout's median step
        // is the fast walk's, beside which every slow step is longer than a
        // pause plus a step over its two intervals; the slow walk's own
        // steps must still hold it together.
        let rest = 160;
        let (signals, n) = forward_rest_backward(rest);
        let slow: Vec<usize> = (0..n / 85).map(|k| 30 + 85 * k).collect();
        let fast = (0..n / 50).map(|k| n + rest + 25 + 50 * k);
        let contacts: Vec<usize> = slow.iter().copied().chain(fast).collect();
        let thigh = Some(Placement::ThighFrontPocket);
        let axis = Some([1.0, 0.0, 0.0]);
        let pieces = signals.split_by_direction(&contacts, 100.0, axis, thigh, 3);
        assert_eq!(pieces, vec![0..slow.len(), slow.len()..contacts.len()]);
    }
}
