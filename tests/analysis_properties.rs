//! Property tests of the analysis on random signals: any rate (10–400 Hz),
//! any length (including 0, 1 and 2 samples), constant, walking-like, noisy,
//! tiny or huge amplitudes, jittery or packed clocks, with or without a
//! gyroscope, any placement. `analyze` must never panic, and what it returns
//! must hold together: steps in time order inside the recording, bouts
//! ordered and disjoint, every step in an existing bout, counts consistent,
//! and no NaN or infinity in any number it reports.

use proptest::prelude::*;
use retrogait::gait::analysis::{analyze, Analysis, AnalysisOptions, Placement, Subject};
use retrogait::prepare::prepare;
use retrogait::recording::{GravityContent, Recording, VectorStream};

/// How the samples' values are made.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// The same value throughout.
    Constant,
    /// A vertical oscillation at a step frequency, with a sideways one at half of it.
    Walking { step_hz: f64 },
    /// Deterministic pseudo-random noise.
    Noise { seed: u64 },
}

/// How the clock ticks.
#[derive(Debug, Clone, Copy)]
enum Clock {
    Regular,
    /// Each interval off by up to ±`fraction` of the nominal one.
    Jitter {
        fraction: f64,
        seed: u64,
    },
    /// Samples in packets of `size` sharing one timestamp.
    Packed {
        size: usize,
    },
}

#[derive(Debug, Clone)]
struct Signal {
    rate_hz: f64,
    samples: usize,
    shape: Shape,
    clock: Clock,
    amplitude: f64,
    offset: [f64; 3],
    gyro: bool,
    gravity_stream: bool,
    gravity_absent: bool,
    placement: Option<Placement>,
    sensor_height_m: Option<f64>,
    /// The device's forward axis when the mounting is "known" (sides, cues).
    forward_axis: Option<[f64; 3]>,
}

/// A small deterministic generator (splitmix64) for the noise and jitter.
fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

impl Signal {
    fn recording(&self) -> Recording {
        let dt = 1.0 / self.rate_hz;
        let mut acc = VectorStream::with_capacity(self.samples);
        let mut gyro = VectorStream::with_capacity(self.samples);
        let mut gravity = VectorStream::with_capacity(self.samples);
        let mut noise_state = match self.shape {
            Shape::Noise { seed } => seed,
            _ => 0,
        };
        let mut jitter_state = match self.clock {
            Clock::Jitter { seed, .. } => seed,
            _ => 0,
        };
        let mut t = 0.0;
        for i in 0..self.samples {
            let tick = i as f64 * dt;
            t = match self.clock {
                Clock::Regular => tick,
                Clock::Jitter { fraction, .. } if i > 0 => {
                    t + dt * (1.0 + fraction * splitmix(&mut jitter_state))
                }
                Clock::Jitter { .. } => 0.0,
                Clock::Packed { size } => (i / size * size) as f64 * dt,
            };
            let wave = match self.shape {
                Shape::Constant => [0.0; 3],
                Shape::Walking { step_hz } => {
                    let phase = std::f64::consts::TAU * step_hz * tick;
                    [0.5 * (phase / 2.0).sin(), 0.3 * phase.cos(), phase.sin()]
                }
                Shape::Noise { .. } => [
                    splitmix(&mut noise_state),
                    splitmix(&mut noise_state),
                    splitmix(&mut noise_state),
                ],
            };
            let value = |k: usize| self.offset[k] + self.amplitude * wave[k];
            acc.push(t, [value(0), value(1), value(2)]);
            gyro.push(
                t,
                [wave[1], wave[2] * 2.0, wave[0]].map(|w| self.amplitude * w),
            );
            gravity.push(t, self.offset);
        }
        let mut recording = Recording::from_streams(acc, self.gyro.then_some(gyro));
        recording.gravity = self.gravity_stream.then_some(gravity);
        if self.gravity_absent {
            recording.gravity_content = GravityContent::Absent;
        }
        recording
    }

    fn options(&self) -> AnalysisOptions {
        AnalysisOptions {
            placement: self.placement,
            subject: Subject {
                sensor_height_m: self.sensor_height_m,
                ..Subject::default()
            },
            forward_axis: self.forward_axis,
            ..AnalysisOptions::default()
        }
    }
}

fn signal() -> impl Strategy<Value = Signal> {
    let shape = prop_oneof![
        Just(Shape::Constant),
        (0.3f64..4.0).prop_map(|step_hz| Shape::Walking { step_hz }),
        any::<u64>().prop_map(|seed| Shape::Noise { seed }),
    ];
    let clock = prop_oneof![
        3 => Just(Clock::Regular),
        1 => (0.0f64..0.9, any::<u64>()).prop_map(|(fraction, seed)| Clock::Jitter { fraction, seed }),
        1 => (2usize..8).prop_map(|size| Clock::Packed { size }),
    ];
    let amplitude = prop_oneof![
        Just(0.0),
        1e-9f64..1e-3,
        0.1f64..20.0,
        1e3f64..1e9,
        1e100f64..1e150,
    ];
    let offset = prop_oneof![
        Just([0.0, 0.0, 9.81]),
        Just([0.0; 3]),
        prop::array::uniform3(-1e6f64..1e6),
        Just([1e150, -1e150, 1e150]),
    ];
    let length = prop_oneof![
        2 => 0usize..4,
        1 => 4usize..100,
        3 => 100usize..1500,
    ];
    let placement = prop_oneof![
        2 => Just(None),
        3 => prop::sample::select(Placement::ALL.to_vec()).prop_map(Some),
    ];
    (
        (10.0f64..400.0, length, shape, clock, amplitude, offset),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            placement,
            prop::option::of(0.5f64..1.5),
            prop::option::of(prop::sample::select(vec![
                [1.0, 0.0, 0.0],
                [0.0, -1.0, 0.0],
                [0.0, 0.0, 1.0],
            ])),
        ),
    )
        .prop_map(
            |(
                (rate_hz, samples, shape, clock, amplitude, offset),
                (gyro, gravity_stream, gravity_absent, placement, sensor_height_m, forward_axis),
            )| Signal {
                rate_hz,
                samples,
                shape,
                clock,
                amplitude,
                offset,
                gyro,
                gravity_stream,
                gravity_absent,
                placement,
                sensor_height_m,
                forward_axis,
            },
        )
}

fn finite(name: &str, value: f64) -> Result<(), TestCaseError> {
    prop_assert!(value.is_finite(), "{name} is {value}");
    Ok(())
}

fn finite_if_some(name: &str, value: Option<f64>) -> Result<(), TestCaseError> {
    value.map_or(Ok(()), |v| finite(name, v))
}

/// Everything that must hold of an analysis of a recording lasting `duration_s`.
fn check_invariants(analysis: &Analysis, duration_s: f64, slack: f64) -> Result<(), TestCaseError> {
    // Steps: in time order, inside the recording (plus `slack`: a grid interval
    // of rounding, and the last packet of a packed clock, whose samples are
    // spread past its one timestamp), each in an existing bout, with finite numbers.
    for pair in analysis.steps.windows(2) {
        prop_assert!(
            pair[0].time_s <= pair[1].time_s,
            "steps out of order: {} then {}",
            pair[0].time_s,
            pair[1].time_s
        );
    }
    for step in &analysis.steps {
        finite("step time", step.time_s)?;
        prop_assert!(
            step.time_s >= -slack && step.time_s <= duration_s + slack,
            "step at {} s outside the recording (0..{duration_s} s)",
            step.time_s
        );
        prop_assert!(
            step.bout >= 1 && step.bout <= analysis.bouts.len(),
            "step in bout {} of {}",
            step.bout,
            analysis.bouts.len()
        );
        let bout = &analysis.bouts[step.bout - 1];
        prop_assert!(
            step.time_s >= bout.start_s && step.time_s <= bout.end_s,
            "step at {} s outside its bout {}..{} s",
            step.time_s,
            bout.start_s,
            bout.end_s
        );
        finite_if_some("step time", step.step_time_s)?;
        finite_if_some("step length", step.step_length_m)?;
        finite_if_some("step speed", step.speed_mps)?;
        finite("confidence", step.confidence)?;
        prop_assert!((0.0..=1.0).contains(&step.confidence));
    }
    // Bouts: numbered 1..n in time order, disjoint, counts matching the steps.
    for (i, bout) in analysis.bouts.iter().enumerate() {
        prop_assert_eq!(bout.bout, i + 1);
        prop_assert!(bout.start_s <= bout.end_s, "bout {:?}", bout);
        finite("bout start", bout.start_s)?;
        finite("bout end", bout.end_s)?;
        finite("bout duration", bout.duration_s)?;
        finite("cadence", bout.cadence_spm)?;
        prop_assert!(bout.cadence_spm >= 0.0);
        finite_if_some("direction confidence", bout.direction_confidence)?;
        finite_if_some("step time CV", bout.step_time_cv)?;
        finite_if_some("step length", bout.step_length_m)?;
        finite_if_some("stride length", bout.stride_length_m)?;
        finite_if_some("speed", bout.speed_mps)?;
        finite_if_some("distance", bout.distance_m)?;
        let n = analysis
            .steps
            .iter()
            .filter(|s| s.bout == bout.bout)
            .count();
        prop_assert_eq!(n, bout.n_steps, "bout {} step count", bout.bout);
        prop_assert!(bout.n_steps >= 1);
    }
    for pair in analysis.bouts.windows(2) {
        prop_assert!(
            pair[0].end_s <= pair[1].start_s,
            "bouts overlap: {:?} and {:?}",
            pair[0],
            pair[1]
        );
    }
    prop_assert_eq!(analysis.regularity.len(), analysis.bouts.len());
    for (step, stride) in analysis.regularity.iter().flatten() {
        finite("step regularity", *step)?;
        finite("stride regularity", *stride)?;
    }
    for turn in &analysis.turns {
        let text = format!("{turn:?}");
        prop_assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "turn {text}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn analysis_of_any_signal_holds_together(signal in signal()) {
        let recording = signal.recording();
        let duration_s = recording.accelerometer.duration_s();
        // An error is an answer (too short to put on the grid); a panic is not.
        if let Ok(analysis) = analyze(&recording, &signal.options()) {
            let packet_s = match signal.clock {
                Clock::Packed { size } => size as f64 / signal.rate_hz,
                _ => 0.0,
            };
            check_invariants(&analysis, duration_s, 0.011 + packet_s)?;
        }
    }

    #[test]
    fn prepared_segments_are_complete_and_finite(signal in signal()) {
        let recording = signal.recording();
        if let Ok(prepared) = prepare(&recording, &signal.options().grid) {
            prop_assert!(!prepared.segments.is_empty());
            for pair in prepared.segments.windows(2) {
                prop_assert!(pair[0].start_s < pair[1].start_s);
            }
            for segment in &prepared.segments {
                let n = segment.len();
                prop_assert!(n >= 2);
                for axis in segment.acc.iter().chain(segment.gyro.iter().flatten()) {
                    prop_assert_eq!(axis.len(), n);
                }
            }
        }
    }
}

/// 0 and 1 samples are too few for a grid (an error saying so); 2 are analysed
/// and hold no step. Never a panic.
#[test]
fn too_few_samples_are_an_error() {
    for samples in 0..3 {
        let mut acc = VectorStream::default();
        for i in 0..samples {
            acc.push(i as f64 * 0.01, [0.0, 0.0, 9.81]);
        }
        let recording = Recording::from_streams(acc, None);
        let outcome = analyze(&recording, &AnalysisOptions::default());
        if samples < 2 {
            let error = outcome.expect_err("too few samples to analyse").to_string();
            assert!(error.contains("time grid"), "{samples} samples: {error}");
        } else {
            // Two samples 10 ms apart make one grid interval: analysed, nothing found.
            let analysis = outcome.expect("two samples make a grid");
            assert!(analysis.steps.is_empty() && analysis.bouts.is_empty());
        }
    }
}
