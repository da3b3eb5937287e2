//! A parametric walker for demos, plumbing tests and throughput benches —
//! never for accuracy claims (those come from real recordings only).
//!
//! It writes a lower-back-like IMU signal: per step a loading bump of the
//! vertical acceleration just after the contact, an antero-posterior
//! deceleration/propulsion pattern (time-reversed and mirrored for backward
//! walking, as backward gait is close to forward gait played backwards), a
//! medio-lateral sway and a yaw rotation that alternate with each step; then
//! one random device orientation and sensor noise. Ground truth (contacts,
//! bouts with direction) is written in the benchmark case layout.

use crate::error::{Error, Result};
use crate::gait::analysis::Direction;
use crate::recording::STANDARD_GRAVITY;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One piece of the walking pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// Walking direction, or `None` for standing.
    pub direction: Option<Direction>,
    /// Duration, s.
    pub seconds: f64,
}

/// Parses a pattern such as `F60,B30,S5,F60` (F forward, B backward, S standing; seconds).
pub fn parse_pattern(text: &str) -> Result<Vec<Piece>> {
    let invalid = |piece: &str| {
        Error::option(
            "--pattern",
            format!("\"{piece}\" is not a piece like F60, B30 or S5 (F forward, B backward, S standing, then seconds)"),
        )
    };
    let mut pieces = Vec::new();
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, number) =
            piece.split_at(piece.char_indices().nth(1).map_or(piece.len(), |(i, _)| i));
        let seconds: f64 = number.parse().map_err(|_| invalid(piece))?;
        if !(seconds.is_finite() && seconds > 0.0 && seconds <= 30.0 * 86_400.0) {
            return Err(invalid(piece));
        }
        let direction = match kind.to_ascii_uppercase().as_str() {
            "F" => Some(Direction::Forward),
            "B" => Some(Direction::Backward),
            "S" => None,
            _ => return Err(invalid(piece)),
        };
        pieces.push(Piece { direction, seconds });
    }
    if pieces.is_empty() {
        return Err(invalid(text));
    }
    Ok(pieces)
}

/// Parameters of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// The walking pattern.
    pub pattern: Vec<Piece>,
    /// Sampling rate, Hz.
    pub rate_hz: f64,
    /// Seed of the orientation and noise.
    pub seed: u64,
    /// Standing before the first and after the last piece, s.
    pub standing_s: f64,
    /// Device axes fixed to the body (x up, y left, z backward: forward is
    /// `-z`, a sensor on the back with its face outward) instead of one random
    /// orientation; `case.json` then states `sensor_forward_axis`.
    pub upright: bool,
}

/// The upright mounting (rows: device x, y, z in body forward, left, up).
const UPRIGHT: [[f64; 3]; 3] = [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]];

/// A simulated recording and its ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    /// Sample times, s.
    pub time_s: Vec<f64>,
    /// Specific force, m/s², device frame.
    pub acc: Vec<[f64; 3]>,
    /// Angular velocity, rad/s, device frame.
    pub gyro: Vec<[f64; 3]>,
    /// Initial contacts: time and side (`true` = left).
    pub contacts: Vec<(f64, bool)>,
    /// Walking bouts: start, end, direction, steps, cadence (spm), stride length (m).
    pub bouts: Vec<(f64, f64, Direction, usize, f64, f64)>,
}

/// SplitMix64: a small, well-known generator, enough for noise and a rotation.
struct Random(u64);

impl Random {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-300);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A random rotation matrix (a normalised random quaternion).
fn random_rotation(random: &mut Random) -> [[f64; 3]; 3] {
    let mut q = [
        random.normal(),
        random.normal(),
        random.normal(),
        random.normal(),
    ];
    let n = q.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-12);
    q.iter_mut().for_each(|v| *v /= n);
    let [w, x, y, z] = q;
    [
        [
            1.0 - 2.0 * (y * y + z * z),
            2.0 * (x * y - w * z),
            2.0 * (x * z + w * y),
        ],
        [
            2.0 * (x * y + w * z),
            1.0 - 2.0 * (x * x + z * z),
            2.0 * (y * z - w * x),
        ],
        [
            2.0 * (x * z - w * y),
            2.0 * (y * z + w * x),
            1.0 - 2.0 * (x * x + y * y),
        ],
    ]
}

fn rotate(r: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [
        r[0][0] * v[0] + r[0][1] * v[1] + r[0][2] * v[2],
        r[1][0] * v[0] + r[1][1] * v[1] + r[1][2] * v[2],
        r[2][0] * v[0] + r[2][1] * v[1] + r[2][2] * v[2],
    ]
}

/// The ground truth of a simulated walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Initial contacts: time and side (`true` = left).
    pub contacts: Vec<(f64, bool)>,
    /// Walking bouts: start, end, direction, steps, cadence (spm), stride length (m).
    pub bouts: Vec<(f64, f64, Direction, usize, f64, f64)>,
    /// Number of samples.
    pub samples: usize,
}

/// Plans the contacts and bouts of a pattern.
pub fn plan(options: &SimOptions) -> Result<Truth> {
    if !(options.rate_hz.is_finite() && (10.0..=2000.0).contains(&options.rate_hz)) {
        return Err(Error::option(
            "--rate",
            format!("{} is not a rate between 10 and 2000 Hz", options.rate_hz),
        ));
    }
    let total: f64 =
        options.pattern.iter().map(|p| p.seconds).sum::<f64>() + 2.0 * options.standing_s;
    let mut contacts = Vec::new();
    let mut bouts = Vec::new();
    let mut t = options.standing_s;
    let mut left = true;
    for piece in &options.pattern {
        if let Some(direction) = piece.direction {
            // Backward walking: shorter, more frequent steps.
            let (cadence, step_length) = match direction {
                Direction::Backward => (125.0, 0.45),
                _ => (110.0, 0.68),
            };
            let step = 60.0 / cadence;
            let steps = ((piece.seconds / step).floor() as usize).max(1);
            let first = contacts.len();
            for k in 0..steps {
                contacts.push((t + k as f64 * step, left));
                left = !left;
            }
            let start = contacts[first].0;
            let end = contacts[contacts.len() - 1].0;
            bouts.push((start, end, direction, steps, cadence, 2.0 * step_length));
        }
        t += piece.seconds;
    }
    Ok(Truth {
        contacts,
        bouts,
        samples: (total * options.rate_hz).round() as usize,
    })
}

/// Generates the samples one by one (no storage: any length fits in memory)
/// and hands each to `emit` as (time, specific force, angular velocity).
pub fn generate<E>(
    options: &SimOptions,
    truth: &Truth,
    emit: impl FnMut(f64, [f64; 3], [f64; 3]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    generate_at(options, truth, SimPlacement::LowerBack, emit)
}

/// Where the simulated sensor sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimPlacement {
    /// Lower back: the trunk pattern of [`generate`].
    LowerBack,
    /// Right foot (instep): stance rest, push-off, swing, landing.
    FootRight,
    /// Right thigh, front trouser pocket: the thigh's swing about the hip.
    ThighFrontPocket,
}

impl SimPlacement {
    /// The simulated placement for an analysis placement, if there is one.
    pub fn from_placement(placement: crate::gait::analysis::Placement) -> Option<SimPlacement> {
        use crate::gait::analysis::Placement;
        match placement {
            Placement::LowerBack => Some(SimPlacement::LowerBack),
            Placement::FootRight | Placement::Foot => Some(SimPlacement::FootRight),
            Placement::ThighFrontPocket => Some(SimPlacement::ThighFrontPocket),
            _ => None,
        }
    }

    /// The `case.json` placement.
    pub fn id(self) -> &'static str {
        match self {
            SimPlacement::LowerBack => "lower_back",
            SimPlacement::FootRight => "foot_right",
            SimPlacement::ThighFrontPocket => "thigh_front_pocket",
        }
    }
}

/// Foot pitch rate over one forward stride, rad/s, by stride phase (0 =
/// initial contact): the landing rotation to foot-flat, rest, push-off (heel
/// rise), then the swing the other way. The lobes integrate to zero, so the
/// foot is flat again at every stance.
fn foot_pitch_rate(phase: f64, stride_s: f64) -> f64 {
    let lobe = |from: f64, to: f64, height: f64| {
        if (from..to).contains(&phase) {
            height * ((phase - from) / (to - from) * std::f64::consts::PI).sin()
        } else {
            0.0
        }
    };
    // Heights × widths: −3·0.1 − 10·0.15 + 4.5·0.4 = 0 (in stride units).
    (lobe(0.0, 0.1, -3.0) + lobe(0.45, 0.6, -10.0) + lobe(0.6, 1.0, 4.5)) * 1.1 / stride_s
}

/// Integral of [`foot_pitch_rate`] from phase 0, rad (the foot's pitch).
fn foot_pitch(phase: f64) -> f64 {
    let lobe = |from: f64, to: f64, height: f64| {
        let width = to - from;
        let area = |p: f64| {
            let x = ((p - from) / width).clamp(0.0, 1.0);
            height * width / std::f64::consts::PI * (1.0 - (x * std::f64::consts::PI).cos())
        };
        area(phase)
    };
    (lobe(0.0, 0.1, -3.0) + lobe(0.45, 0.6, -10.0) + lobe(0.6, 1.0, 4.5)) * 1.1
}

/// Foot acceleration along the travel direction over one forward stride, m/s²:
/// one sine period over the swing that carries the foot one stride forward.
fn foot_forward_acc(phase: f64, stride_s: f64, stride_m: f64) -> f64 {
    if (0.6..1.0).contains(&phase) {
        let swing_s = 0.4 * stride_s;
        let amplitude = 2.0 * std::f64::consts::PI * stride_m / (swing_s * swing_s);
        amplitude * (2.0 * std::f64::consts::PI * (phase - 0.6) / 0.4).sin()
    } else {
        0.0
    }
}

/// Rotates a body-frame vector by `angle` about the body's left (y) axis,
/// from the world into the tilted segment's frame.
fn pitch_into(angle: f64, v: [f64; 3]) -> [f64; 3] {
    let (s, c) = angle.sin_cos();
    [c * v[0] - s * v[2], v[1], s * v[0] + c * v[2]]
}

/// Generates the samples of a sensor at `placement` (see [`generate`]).
pub fn generate_at<E>(
    options: &SimOptions,
    truth: &Truth,
    placement: SimPlacement,
    mut emit: impl FnMut(f64, [f64; 3], [f64; 3]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut random = Random(options.seed);
    let rotation = if options.upright {
        UPRIGHT
    } else {
        random_rotation(&mut random)
    };
    let dt = 1.0 / options.rate_hz;
    let (contacts, bouts) = (&truth.contacts, &truth.bouts);
    let mut next_contact = 0;
    let mut bout_index = 0;
    for i in 0..truth.samples {
        let t = i as f64 * dt;
        while next_contact + 1 < contacts.len() && contacts[next_contact + 1].0 <= t {
            next_contact += 1;
        }
        while bout_index + 1 < bouts.len() && t > bouts[bout_index].1 + 0.6 {
            bout_index += 1;
        }
        let mut body_acc = [0.0, 0.0, 0.0]; // forward, left, up (body frame)
        let mut body_rate = [0.0, 0.0, 0.0];
        let bout = bouts
            .get(bout_index)
            .filter(|b| t >= b.0 - 0.3 && t <= b.1 + 0.6);
        if let (Some(&(contact_t, is_left)), Some(bout)) = (contacts.get(next_contact), bout) {
            if t >= contact_t - 0.3 {
                let step = 60.0 / bout.4;
                let phase = ((t - contact_t) / step).clamp(-1.0, 2.0);
                let side = if is_left { 1.0 } else { -1.0 };
                let backward = if bout.2 == Direction::Backward {
                    -1.0
                } else {
                    1.0
                };
                // Loading bump just after the contact, and the step-periodic rest.
                let bump = (-((phase - 0.12) / 0.08).powi(2)).exp();
                body_acc[2] =
                    3.0 * bump - 1.0 * (2.0 * std::f64::consts::PI * phase).cos().max(0.0) * 0.3;
                // Braking then propulsion; backward walking is that pattern played backwards.
                let ap = |p: f64| {
                    -2.0 * (-((p - 0.08) / 0.06).powi(2)).exp()
                        + 0.9 * (std::f64::consts::PI * p).sin().max(0.0)
                };
                body_acc[0] = if backward < 0.0 {
                    -ap(1.0 - phase)
                } else {
                    ap(phase)
                };
                body_acc[1] = side * 0.8 * (std::f64::consts::PI * phase).sin();
                body_rate[2] = side * 0.6 * (std::f64::consts::PI * phase).sin();
                body_rate[1] = 0.3 * (2.0 * std::f64::consts::PI * phase).sin() * backward;
            }
        }
        let mut specific_force = [body_acc[0], body_acc[1], body_acc[2] + STANDARD_GRAVITY];
        if placement == SimPlacement::LowerBack {
            // The trunk waveforms above move the body along −x of the frame they
            // are written in: retrogait's direction estimator (pitch coupling and
            // inverted pendulum, validated on real L5 recordings) reads them so.
            // A half turn about up makes +x the direction of travel, so a known
            // mounting (`upright`) states the true forward axis.
            specific_force = [-body_acc[0], -body_acc[1], body_acc[2] + STANDARD_GRAVITY];
            body_rate = [-body_rate[0], -body_rate[1], body_rate[2]];
        }
        if placement != SimPlacement::LowerBack {
            // The right leg: its last contact, the stride, and the phase in it.
            let right = contacts
                .get(..=next_contact)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|c| !c.1)
                .map(|c| c.0);
            let limb = match (right, bout) {
                (Some(contact_t), Some(bout)) if t >= contact_t => {
                    let stride_s = 2.0 * 60.0 / bout.4;
                    let phase = (t - contact_t) / stride_s;
                    (phase < 1.0).then_some((phase, stride_s, bout.5, bout.2))
                }
                _ => None,
            };
            let (acc, rate) = match (placement, limb) {
                (SimPlacement::FootRight, Some((phase, stride_s, stride_m, direction))) => {
                    // Backward walking plays the stride backwards: the landing is the
                    // reverse of the forward lift-off (phase 0.6), the angular rate flips.
                    let (p, sign) = if direction == Direction::Backward {
                        ((0.6 - phase).rem_euclid(1.0), -1.0)
                    } else {
                        (phase, 1.0)
                    };
                    let pitch = foot_pitch(p);
                    // Under time reversal the acceleration keeps its sign (x is the
                    // facing direction); the travel comes out backward.
                    let world = [
                        foot_forward_acc(p, stride_s, stride_m),
                        0.0,
                        STANDARD_GRAVITY,
                    ];
                    (
                        pitch_into(pitch, world),
                        [0.0, sign * foot_pitch_rate(p, stride_s), 0.0],
                    )
                }
                (SimPlacement::ThighFrontPocket, Some((phase, stride_s, _, direction))) => {
                    // Hip flexion 0.1 + 0.35·cos(2π·phase) rad (flexed at contact);
                    // backward walking plays it backwards (the rate flips).
                    let w = 2.0 * std::f64::consts::PI / stride_s;
                    let p = if direction == Direction::Backward {
                        -phase
                    } else {
                        phase
                    };
                    let angle = 0.1 + 0.35 * (2.0 * std::f64::consts::PI * p).cos();
                    let sign = if direction == Direction::Backward {
                        -1.0
                    } else {
                        1.0
                    };
                    let rate = -0.35 * w * (2.0 * std::f64::consts::PI * p).sin() * sign;
                    let angular_acc = -0.35 * w * w * (2.0 * std::f64::consts::PI * p).cos();
                    // The pocket is 0.25 m below the hip: tangential and centripetal
                    // acceleration of the swing, added to the hip's (trunk) motion.
                    let radius = 0.25;
                    let tangential = radius * angular_acc;
                    let centripetal = radius * rate * rate;
                    let world = [
                        specific_force[0] + tangential * angle.cos(),
                        specific_force[1],
                        specific_force[2] + tangential * angle.sin() + centripetal,
                    ];
                    // Segment pitch: flexion tilts the thigh's front upward.
                    (pitch_into(-angle, world), [0.0, -rate, 0.0])
                }
                // Standing: the segment upright and still.
                _ => ([0.0, 0.0, STANDARD_GRAVITY], [0.0; 3]),
            };
            specific_force = acc;
            body_rate = rate;
        }
        let mut a = rotate(&rotation, specific_force);
        let mut w = rotate(&rotation, body_rate);
        for k in 0..3 {
            a[k] += 0.03 * random.normal();
            w[k] += 0.005 * random.normal();
        }
        emit(t, a, w)?;
    }
    Ok(())
}

/// Generates the recording in memory (short patterns: tests, demos).
pub fn simulate(options: &SimOptions) -> Result<Simulated> {
    let truth = plan(options)?;
    let mut time_s = Vec::with_capacity(truth.samples);
    let mut acc = Vec::with_capacity(truth.samples);
    let mut gyro = Vec::with_capacity(truth.samples);
    generate(options, &truth, |t, a, w| {
        time_s.push(t);
        acc.push(a);
        gyro.push(w);
        Ok::<(), Error>(())
    })?;
    Ok(Simulated {
        time_s,
        acc,
        gyro,
        contacts: truth.contacts,
        bouts: truth.bouts,
    })
}

/// Writes the recording as a generic CSV at `csv_path`, streamed row by row
/// (a week at 100 Hz needs no more memory than a minute), and its ground
/// truth beside it in the case layout (`case.json`, `reference/events.csv`,
/// `reference/bouts.csv`). Returns the truth and the files written.
pub fn write_case(options: &SimOptions, csv_path: &Path) -> Result<(Truth, Vec<PathBuf>)> {
    write_case_at(options, SimPlacement::LowerBack, csv_path)
}

/// [`write_case`] for a sensor at `placement`.
pub fn write_case_at(
    options: &SimOptions,
    placement: SimPlacement,
    csv_path: &Path,
) -> Result<(Truth, Vec<PathBuf>)> {
    use std::io::Write;
    let truth = plan(options)?;
    let dir = csv_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let reference = dir.join("reference");
    std::fs::create_dir_all(&reference).map_err(|e| Error::io(&reference, e))?;
    let name = csv_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imu.csv".into());
    // Temp file + rename: an interrupted run leaves no half-written recording.
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let io_error = |e| Error::io(csv_path, e);
    let file = std::fs::File::create(&temp).map_err(io_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    out.write_all(b"time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n")
        .map_err(io_error)?;
    let written = generate_at(options, &truth, placement, |t, a, w| {
        writeln!(
            out,
            "{t:.4},{:.5},{:.5},{:.5},{:.5},{:.5},{:.5}",
            a[0], a[1], a[2], w[0], w[1], w[2]
        )
    })
    .and_then(|()| out.flush())
    .and_then(|()| std::fs::rename(&temp, csv_path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(error));
    }
    let mut events = String::from("time_s,kind,side\n");
    for (t, left) in &truth.contacts {
        let _ = writeln!(
            events,
            "{t:.3},initial_contact,{}",
            if *left { "left" } else { "right" }
        );
    }
    let mut bouts =
        String::from("start_s,end_s,direction,n_steps,cadence_spm,stride_length_m,speed_mps\n");
    for (start, end, direction, steps, cadence, stride) in &truth.bouts {
        let speed = stride / 2.0 * cadence / 60.0;
        let _ = writeln!(
            bouts,
            "{start:.3},{end:.3},{},{steps},{cadence:.1},{stride:.3},{speed:.3}",
            direction.name()
        );
    }
    let seed = options.seed;
    let case = serde_json::json!({
        "id": format!("simulated_{seed}"),
        "inputs": [name],
        "sampling_rate_hz": null,
        "placement": placement.id(),
        "sensor_forward_axis": options.upright.then_some("-z"),
        "subject": {"height_m": 1.75, "mass_kg": 70.0, "sensor_height_m": null, "leg_length_m": null, "age": null, "sex": null},
        "notes": format!(
            "SIMULATED by retrogait simulate (seed {seed}): a parametric walker for plumbing and demos, not for accuracy claims; {} and sensor noise.",
            if options.upright { "upright mounting (forward = -z)" } else { "one random device orientation" }
        ),
    });
    let side_files = [
        (
            dir.join("case.json"),
            serde_json::to_string_pretty(&case).unwrap_or_default(),
        ),
        (reference.join("events.csv"), events),
        (reference.join("bouts.csv"), bouts),
    ];
    let mut files = vec![csv_path.to_path_buf()];
    for (path, text) in side_files {
        crate::report::tables::write_atomic(&path, text.as_bytes())?;
        files.push(path);
    }
    Ok((truth, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_bad_ones_are_refused() {
        let pieces = parse_pattern("F60, B30,S5,f10").unwrap();
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces[1].direction, Some(Direction::Backward));
        assert_eq!(pieces[2].direction, None);
        for bad in ["", "X10", "F", "F-3", "Fabc", "F1e9"] {
            assert!(parse_pattern(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_walker_is_deterministic_and_has_its_contacts() {
        let options = SimOptions {
            pattern: parse_pattern("F20,B10").unwrap(),
            rate_hz: 100.0,
            seed: 7,
            standing_s: 3.0,
            upright: false,
        };
        let a = simulate(&options).unwrap();
        let b = simulate(&options).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.bouts.len(), 2);
        assert_eq!(a.time_s.len(), 3600);
        // 110 spm for 20 s and 125 spm for 10 s.
        assert_eq!(a.contacts.len(), 36 + 20);
        // |a| stays near 1 g at rest whatever the orientation.
        let rest = a.acc[50];
        let magnitude = (rest[0] * rest[0] + rest[1] * rest[1] + rest[2] * rest[2]).sqrt();
        assert!((magnitude - STANDARD_GRAVITY).abs() < 0.2, "{magnitude}");
    }

    #[test]
    fn every_simulated_placement_stands_still_then_walks() {
        let options = SimOptions {
            pattern: parse_pattern("F6,S2,B6").unwrap(),
            rate_hz: 100.0,
            seed: 3,
            standing_s: 2.0,
            upright: false,
        };
        let truth = plan(&options).unwrap();
        for placement in [
            SimPlacement::LowerBack,
            SimPlacement::FootRight,
            SimPlacement::ThighFrontPocket,
        ] {
            let mut samples = Vec::new();
            generate_at(&options, &truth, placement, |t, a, w| {
                samples.push((t, a, w));
                Ok::<(), ()>(())
            })
            .unwrap();
            assert_eq!(samples.len(), truth.samples);
            let norm = |v: [f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
            // Standing: |a| ≈ g, no rotation beyond noise.
            for (_, a, w) in samples.iter().filter(|s| s.0 < 1.5) {
                assert!((norm(*a) - STANDARD_GRAVITY).abs() < 0.2, "{placement:?}");
                assert!(norm(*w) < 0.05, "{placement:?}");
            }
            // Walking: the segment rotates (foot and thigh swing far more than the trunk).
            let peak = samples
                .iter()
                .filter(|s| (3.0..7.0).contains(&s.0))
                .map(|s| norm(s.2))
                .fold(0.0, f64::max);
            let least = if placement == SimPlacement::LowerBack {
                0.3
            } else {
                2.0
            };
            assert!(peak > least, "{placement:?}: peak rotation {peak}");
            assert!(samples
                .iter()
                .all(|s| s.1.iter().chain(&s.2).all(|v| v.is_finite())));
        }
    }
}
