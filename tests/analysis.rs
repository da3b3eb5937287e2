//! The analysis on real recordings: each placement's detector on a real case,
//! invariance of the step count to the sensor's orientation and to the
//! sampling rate, and a recording without walking.

mod common;
use common::shared;
use retrogait::bench::run::{analyze_case, case_options};
use retrogait::bench::{load_case, score_case, ScoringConfig};
use retrogait::gait::analysis::analyze;
use retrogait::io::read;
use retrogait::prepare::{prepare, PrepareOptions};
use retrogait::recording::{Recording, VectorStream};
use std::path::Path;

/// F1 of the detected initial contacts of one case against its reference.
fn case_f1(case_dir: &Path) -> (f64, usize) {
    let case = load_case(case_dir).expect("case loads");
    let analysis = analyze_case(&case).expect("analysis runs");
    let (steps, bouts) = retrogait::bench::run::detections(&analysis);
    let score = score_case(&case, &steps, &bouts, &ScoringConfig::default());
    (score.ic.f1.unwrap_or(0.0), analysis.steps.len())
}

/// A foot sensor's final contacts (toe-off) against the reference's: Vicon
/// toe-offs (gaitmap) and manually checked ones (ipol), both feet.
#[test]
fn foot_final_contacts_match_the_reference() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    // (case, lowest F1, largest median |error| s): just under / over the measured values.
    let cases = [
        ("gaitmap_foot/cases/healthy_2x20m_left_foot", 0.95, 0.03),
        ("gaitmap_foot/cases/healthy_2x20m_right_foot", 0.95, 0.03),
        ("ipol/cases/1-1_lf", 0.9, 0.05),
        ("ipol/cases/1-1_rf", 0.9, 0.05),
    ];
    let mut failures = Vec::new();
    for (case, floor, worst_median_s) in cases {
        let loaded = load_case(&d.join(case)).expect("case loads");
        let analysis = analyze_case(&loaded).expect("analysis runs");
        // A final contact ends the stance its initial contact began.
        for step in &analysis.steps {
            if let Some(fc) = step.final_contact_s {
                assert!(
                    fc > step.time_s && fc < step.time_s + 2.0,
                    "{case}: {step:?}"
                );
            }
        }
        let (steps, bouts) = retrogait::bench::run::detections(&analysis);
        let score = score_case(&loaded, &steps, &bouts, &ScoringConfig::default());
        let Some(fc) = score.final_contacts else {
            failures.push(format!("{case}: no final contacts scored"));
            continue;
        };
        let f1 = fc.events.f1.unwrap_or(0.0);
        let median = fc.timing.map_or(f64::INFINITY, |t| t.median_abs_s);
        eprintln!("{case}: final contacts F1 {f1:.3}, median |error| {median:.3} s");
        if f1 < floor || median > worst_median_s {
            failures.push(format!("{case}: F1 {f1:.3}, median {median:.3} s"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_placement_finds_the_steps_of_a_real_case() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    // (case, lowest acceptable F1): floors just under the measured values.
    let cases = [
        ("ipol/cases/1-1_lb", 0.9),
        ("mobgap_lab/cases/HA_001_TimeMeasure1_Test5_Trial1", 0.9),
        ("ipol/cases/1-1_lf", 0.9),
        ("ipol/cases/1-1_rf", 0.9),
        ("gaitmap_foot/cases/healthy_2x20m_left_foot", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_InHand_1", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_FrontPocket_1", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_BackPocket_1", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_Armband_1", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_NeckPouch_1", 0.95),
        ("oxford_phone/cases/Pixel_Jamie_Hard_Purse_1", 0.95),
        (
            "mocap_bandai/cases/bandai_single_wrist_walk_active_001",
            0.8,
        ),
        (
            "mocap_bandai/cases/bandai_single_thigh_front_pocket_walk_active_001",
            0.8,
        ),
    ];
    let mut failures = Vec::new();
    for (case, floor) in cases {
        let (f1, steps) = case_f1(&d.join(case));
        eprintln!("{case}: F1 {f1:.3} ({steps} steps)");
        if f1 < floor {
            failures.push(format!("{case}: F1 {f1:.3} < {floor}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A rotation matrix from three angles (radians).
fn rotation(yaw: f64, pitch: f64, roll: f64) -> [[f64; 3]; 3] {
    let (cy, sy) = (yaw.cos(), yaw.sin());
    let (cp, sp) = (pitch.cos(), pitch.sin());
    let (cr, sr) = (roll.cos(), roll.sin());
    [
        [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
        [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
        [-sp, cp * sr, cp * cr],
    ]
}

fn rotate(stream: &mut VectorStream, r: &[[f64; 3]; 3]) {
    for i in 0..stream.len() {
        let v = [stream.x[i], stream.y[i], stream.z[i]];
        stream.x[i] = r[0][0] * v[0] + r[0][1] * v[1] + r[0][2] * v[2];
        stream.y[i] = r[1][0] * v[0] + r[1][1] * v[1] + r[1][2] * v[2];
        stream.z[i] = r[2][0] * v[0] + r[2][1] * v[1] + r[2][2] * v[2];
    }
}

fn rotated(recording: &Recording, r: &[[f64; 3]; 3]) -> Recording {
    let mut out = recording.clone();
    rotate(&mut out.accelerometer, r);
    for stream in [out.gyroscope.as_mut(), out.gravity.as_mut()]
        .into_iter()
        .flatten()
    {
        rotate(stream, r);
    }
    out
}

/// The recording as a device sampling at `rate_hz` would have recorded it.
fn resampled(recording: &Recording, rate_hz: f64) -> Recording {
    let prepared = prepare(
        recording,
        &PrepareOptions {
            rate_hz,
            max_bridge_s: 0.1,
        },
    )
    .expect("prepares");
    let mut out = recording.clone();
    let to_stream = |axes: &[Vec<f64>; 3], start: f64| {
        let mut s = VectorStream::default();
        for (i, ((x, y), z)) in axes[0].iter().zip(&axes[1]).zip(&axes[2]).enumerate() {
            s.push(start + i as f64 / rate_hz, [*x, *y, *z]);
        }
        s
    };
    let segment = &prepared.segments[0];
    out.accelerometer = to_stream(&segment.acc, segment.start_s);
    out.gyroscope = segment.gyro.as_ref().map(|g| to_stream(g, segment.start_s));
    out.gravity = segment
        .gravity
        .as_ref()
        .map(|g| to_stream(g, segment.start_s));
    out
}

fn step_count(recording: &Recording, case_dir: &Path) -> usize {
    let case = load_case(case_dir).expect("case");
    let (_, options) = case_options(&case);
    analyze(recording, &options).expect("analysis").steps.len()
}

#[test]
fn step_count_does_not_depend_on_orientation_or_sampling_rate() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    let cases = [
        "ipol/cases/2-1_lb",
        "ipol/cases/2-1_lf",
        "oxford_phone/cases/Samsung_Jamie_Hard_InHand_1",
        "mocap_bandai/cases/bandai_single_thigh_front_pocket_walk_happy_001",
    ];
    // Fixed "random" rotations (deterministic test).
    let rotations = [
        rotation(0.3, 1.1, -2.0),
        rotation(2.5, -0.7, 0.4),
        rotation(-1.2, 2.9, 1.7),
    ];
    let mut failures = Vec::new();
    for case in cases {
        let dir = d.join(case);
        let loaded_case = load_case(&dir).expect("case");
        let (read_options, _) = case_options(&loaded_case);
        let recording = read(&loaded_case.inputs, &read_options)
            .expect("reads")
            .recording;
        let baseline = step_count(&recording, &dir) as f64;
        let tolerance = (0.03 * baseline).max(1.0);
        let mut check = |what: String, count: usize| {
            eprintln!("{case}: {what}: {count} steps (baseline {baseline})");
            if (count as f64 - baseline).abs() > tolerance {
                failures.push(format!("{case}: {what}: {count} steps vs {baseline}"));
            }
        };
        for (k, r) in rotations.iter().enumerate() {
            check(
                format!("rotation {k}"),
                step_count(&rotated(&recording, r), &dir),
            );
        }
        for rate in [50.0, 100.0, 200.0] {
            check(
                format!("{rate} Hz"),
                step_count(&resampled(&recording, rate), &dir),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_recording_without_walking_gives_empty_tables_and_says_so() {
    let dir = tempfile::tempdir().expect("temp");
    // 60 s of a phone lying on a table: gravity, sensor noise, a small bias.
    let mut text = String::from("time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n");
    let mut seed: u64 = 12345;
    let mut noise = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.04
    };
    for i in 0..6000 {
        text.push_str(&format!(
            "{:.2},{:.5},{:.5},{:.5},{:.5},{:.5},{:.5}\n",
            i as f64 / 100.0,
            0.05 + noise(),
            -0.02 + noise(),
            9.80 + noise(),
            0.001 + noise() * 0.1,
            noise() * 0.1,
            noise() * 0.1
        ));
    }
    let input = dir.path().join("still.csv");
    std::fs::write(&input, text).expect("write");
    let out = dir.path().join("out");
    let status = common::analyze(&["--placement", "hand"], &out, &input);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let steps = std::fs::read_to_string(out.join("steps.csv")).expect("steps.csv");
    assert_eq!(steps.lines().count(), 1, "only the header: {steps}");
    let bouts = std::fs::read_to_string(out.join("bouts.csv")).expect("bouts.csv");
    assert_eq!(bouts.lines().count(), 1);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["walking"]["no_walking"], true);
    assert_eq!(summary["walking"]["steps"], 0);
    // A second run without --force refuses to overwrite.
    let again = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["analyze", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn real_still_recordings_have_no_walking() {
    let Some(shared) = shared() else { return };
    // A phone export of a few seconds without walking.
    let recording = read(
        &[shared.join("formats/sensorlogger_android")],
        &Default::default(),
    )
    .expect("reads")
    .recording;
    let analysis = analyze(&recording, &Default::default()).expect("analysis");
    assert!(analysis.bouts.is_empty(), "{:?}", analysis.bouts);
    // Too slow to resolve steps: refused, not guessed.
    let slow = read(
        &[shared.join("formats/androsensor/walking1.csv")],
        &Default::default(),
    )
    .expect("reads")
    .recording;
    let analysis = analyze(&slow, &Default::default()).expect("analysis");
    assert!(analysis.steps.is_empty());
    assert!(
        analysis.notes.iter().any(|n| n.contains("too slow")),
        "{:?}",
        analysis.notes
    );
}

/// Automatic placement detection over every shared case, with and without
/// its gyroscope: a placement, when one is detected, is never the wrong one
/// (feet count as "foot": detection cannot tell the side).
#[test]
fn detected_placements_are_never_wrong_and_feet_and_front_pockets_are_found() {
    use retrogait::gait::analysis::Placement;
    use retrogait::gait::placement::guess_placement;
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    let mut wrong = Vec::new();
    let mut feet = [0usize; 2];
    let mut front_pockets = [0usize; 2];
    let mut without_gyro = 0usize;
    for dataset in [
        "ipol",
        "gaitmap_foot",
        "mobgap_lab",
        "mocap_bandai",
        "oxford_phone",
    ] {
        for case_dir in retrogait::bench::discover_cases(&d.join(dataset)).expect("cases") {
            let case = load_case(&case_dir).expect("case");
            let (read_options, _) = case_options(&case);
            let recording = read(&case.inputs, &read_options).expect("reads").recording;
            let prepared = prepare(&recording, &PrepareOptions::default()).expect("prepares");
            let is_foot = case.placement.starts_with("foot");
            let truth = if is_foot {
                "foot"
            } else {
                case.placement.as_str()
            };
            let guess = guess_placement(&prepared.segments, prepared.rate_hz);
            let acc_only: Vec<_> = prepared
                .segments
                .iter()
                .cloned()
                .map(|mut s| {
                    s.gyro = None;
                    s
                })
                .collect();
            let acc_only = guess_placement(&acc_only, prepared.rate_hz);
            for (what, g) in [("", &guess), (" (gyroscope ignored)", &acc_only)] {
                if let Some(p) = g.placement {
                    if p.id() != truth {
                        wrong.push(format!("{}{what}: {} -> {}", case.id, truth, g.reason));
                    }
                    without_gyro += usize::from(!what.is_empty());
                }
            }
            if is_foot {
                feet[0] += 1;
                feet[1] += usize::from(guess.placement == Some(Placement::Foot));
            }
            if dataset == "oxford_phone" && truth == "thigh_front_pocket" {
                front_pockets[0] += 1;
                front_pockets[1] +=
                    usize::from(guess.placement == Some(Placement::ThighFrontPocket));
            }
        }
    }
    eprintln!(
        "feet found {} of {}, oxford front pockets found {} of {}, placements detected without a gyroscope {without_gyro}, wrong {}",
        feet[1], feet[0], front_pockets[1], front_pockets[0], wrong.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Floors from the measured values: at most 3 % of foot cases are missed
    // (the mocap "happy" style barely rests); all 6 oxford front pockets are
    // found (in sample: their thresholds were learned there; held out by
    // subject 5 of 6, see scripts/placement_loso.py).
    assert!(
        feet[0] > 100 && feet[0] - feet[1] <= feet[0] * 3 / 100,
        "{feet:?}"
    );
    assert_eq!(front_pockets, [6, 6]);
}

/// Trunk left/right from the frontal-plane pendulum, with the facing given:
/// ipol's lower-back Xsens faces −z (the inverted pendulum's travel axis in
/// all 58 trials). Subject 4's trials 1 and 2 are left out: there both this cue
/// and the pelvis yaw at contact (an independent one) say the opposite of the
/// reference in every step, which looks like swapped foot labels.
#[test]
fn trunk_sides_match_the_reference_with_the_facing_known() {
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets/ipol/cases");
    let (mut scored, mut correct) = (0, 0);
    for trial in [
        "1-1", "2-2", "3-3", "5-4", "6-5", "7-6", "8-1", "9-2", "10-3",
    ] {
        let mut case = load_case(&d.join(format!("{trial}_lb"))).expect("case loads");
        case.sensor_forward_axis = Some("-z".into());
        let analysis = analyze_case(&case).expect("analysis runs");
        let (steps, bouts) = retrogait::bench::run::detections(&analysis);
        let score = score_case(&case, &steps, &bouts, &ScoringConfig::default());
        assert_eq!(
            score.sides.unknown, 0,
            "{trial}: every matched contact gets a side"
        );
        scored += score.sides.scored;
        correct += score.sides.correct;
    }
    let accuracy = correct as f64 / scored as f64;
    // Measured 0.986 over all 56 trials (README); floor just under.
    assert!(scored > 250 && accuracy >= 0.95, "{correct}/{scored}");
}

/// The recording played backwards: acc(T − t), −gyro(T − t). Backward walking
/// is close to this in joint kinematics, but it is a proxy, not backward walking.
fn time_reversed(recording: &Recording) -> Recording {
    let mut out = recording.clone();
    let end = recording
        .accelerometer
        .time_s
        .last()
        .copied()
        .unwrap_or(0.0);
    let reverse = |stream: &mut VectorStream, sign: f64| {
        stream.time_s = stream.time_s.iter().rev().map(|t| end - t).collect();
        for axis in [&mut stream.x, &mut stream.y, &mut stream.z] {
            *axis = axis.iter().rev().map(|v| sign * v).collect();
        }
    };
    reverse(&mut out.accelerometer, 1.0);
    if let Some(gyro) = out.gyroscope.as_mut() {
        reverse(gyro, -1.0);
    }
    if let Some(gravity) = out.gravity.as_mut() {
        reverse(gravity, 1.0);
    }
    out
}

/// Directions of the bouts a direction can be decided for (3 contacts or
/// more), consecutive repeats merged.
fn decided_directions(analysis: &retrogait::gait::analysis::Analysis) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for bout in analysis.bouts.iter().filter(|b| b.n_steps >= 3) {
        let name = format!("{:?}", bout.direction).to_lowercase();
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

#[test]
fn a_foot_sensor_tells_backward_from_forward_walking_on_real_recordings() {
    let Some(shared) = shared() else { return };
    let cases = shared.join("datasets/mocap_bandai/cases");
    let mut failures = Vec::new();
    // Mounting known (case.json gives the toes axis): every single trial.
    for entry in std::fs::read_dir(&cases).expect("mocap cases") {
        let dir = entry.expect("entry").path();
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if !name.starts_with("bandai_single_foot_right_") {
            continue;
        }
        let want = if name.contains("walk-back") {
            "backward"
        } else {
            "forward"
        };
        let analysis = analyze_case(&load_case(&dir).expect("case")).expect("analysis");
        let found = decided_directions(&analysis);
        if found != [want] {
            failures.push(format!("{name}: {found:?}, expected [{want}]"));
        }
    }
    // Mounting unknown (one random orientation per session): forward and
    // backward walks alternate.
    for session in 1..=8 {
        let dir = cases.join(format!("bandai_session_foot_right_{session:02}"));
        let analysis = analyze_case(&load_case(&dir).expect("case")).expect("analysis");
        let found = decided_directions(&analysis);
        let want = ["forward", "backward", "forward", "backward", "forward"];
        if found != want {
            failures.push(format!("session {session:02}: {found:?}"));
        }
    }
    // Real forward walking, mounting unknown, and the same played backwards.
    for foot in ["left", "right"] {
        let dir = shared.join(format!(
            "datasets/gaitmap_foot/cases/healthy_2x20m_{foot}_foot"
        ));
        let case = load_case(&dir).expect("case");
        let (read_options, options) = case_options(&case);
        let recording = read(&case.inputs, &read_options).expect("reads").recording;
        let forward = analyze(&recording, &options).expect("analysis");
        let backward = analyze(&time_reversed(&recording), &options).expect("analysis");
        for (analysis, want) in [(forward, "forward"), (backward, "backward")] {
            let found = decided_directions(&analysis);
            if found != [want] {
                failures.push(format!("gaitmap {foot} foot: {found:?}, expected [{want}]"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lower back, mounting unknown: the trunk's facing × travel cues decide a
/// mocap session mixing forward and backward walks and never call a real
/// forward walk backward.
#[test]
fn trunk_direction_without_a_mounting_on_real_cases() {
    use retrogait::gait::analysis::Direction;
    let Some(shared) = shared() else { return };
    let d = shared.join("datasets");
    let case =
        load_case(&d.join("mocap_bandai/cases/bandai_session_lower_back_03")).expect("case loads");
    assert!(
        case.sensor_forward_axis.is_none(),
        "the session's mounting is unknown"
    );
    let analysis = analyze_case(&case).expect("analysis runs");
    assert!(
        analysis.direction_source.contains("trunk"),
        "{}",
        analysis.direction_source
    );
    let (steps, bouts) = retrogait::bench::run::detections(&analysis);
    let score = score_case(&case, &steps, &bouts, &ScoringConfig::default());
    // Measured 1.0 (bouts and steps) on all 8 sessions; this one holds both
    // failing styles of the pendulum and of the contact-based braking cue.
    assert_eq!(score.direction.bout_accuracy, Some(1.0));
    assert!(
        score.direction.step_accuracy.is_some_and(|a| a >= 0.99),
        "{:?}",
        score.direction.step_accuracy
    );
    for trial in ["1-1", "3-6", "6-5", "8-5"] {
        let case = load_case(&d.join(format!("ipol/cases/{trial}_lb"))).expect("case loads");
        let analysis = analyze_case(&case).expect("analysis runs");
        let backward = analysis
            .steps
            .iter()
            .filter(|s| s.direction == Direction::Backward)
            .count();
        assert_eq!(backward, 0, "{trial}: a real forward walk read backward");
        // Detected steps outside the reference walks (slow steps after it) may
        // stay unknown; the reference walks' steps are forward.
        let (steps, bouts) = retrogait::bench::run::detections(&analysis);
        let score = score_case(&case, &steps, &bouts, &ScoringConfig::default());
        assert_eq!(score.direction.step_accuracy, Some(1.0), "{trial}");
    }
}

/// `bouts.csv` signs speed and distance along the body's facing (negative
/// backward) beside the magnitudes, and the summary's net distance is forward
/// minus backward: a real forward/backward session of a foot sensor (mounting
/// unknown), through the binary.
#[test]
fn backward_bouts_have_negative_signed_speed_and_distance() {
    let Some(shared) = shared() else { return };
    let case = shared.join("datasets/mocap_bandai/cases/bandai_session_foot_right_01");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("out");
    let run = assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(["analyze", "--case"])
        .arg(&case)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.join("bouts.csv")).expect("bouts.csv");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().expect("header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let (direction, speed, distance, signed_speed, signed_distance) = (
        column("direction"),
        column("speed_mps"),
        column("distance_m"),
        column("signed_speed_mps"),
        column("signed_distance_m"),
    );
    let number = |cell: &str| (!cell.is_empty()).then(|| cell.parse::<f64>().expect("number"));
    let (mut backward_with_speed, mut net) = (0, 0.0);
    for row in rows.records() {
        let row = row.expect("row");
        let sign = match &row[direction] {
            "forward" => Some(1.0),
            "backward" => Some(-1.0),
            _ => None,
        };
        for (magnitude, signed) in [(speed, signed_speed), (distance, signed_distance)] {
            let expected = sign.zip(number(&row[magnitude])).map(|(s, m)| s * m);
            assert_eq!(number(&row[signed]), expected, "{row:?}");
        }
        if sign == Some(-1.0) && number(&row[speed]).is_some() {
            backward_with_speed += 1;
            assert!(
                number(&row[signed_speed]).is_some_and(|v| v < 0.0),
                "{row:?}"
            );
        }
        net += number(&row[signed_distance]).unwrap_or(0.0);
    }
    assert!(
        backward_with_speed > 0,
        "no backward bout with a speed:\n{text}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    let walking = &summary["walking"];
    let reported = walking["net_distance_m"].as_f64().expect("net distance");
    // bouts.csv rounds each distance to 1 cm.
    assert!((reported - net).abs() < 0.05, "{reported} vs {net}");
    let forward = summary["forward"]["distance_m"].as_f64().unwrap_or(0.0);
    let backward = summary["backward"]["distance_m"].as_f64().unwrap_or(0.0);
    assert!((reported - (forward - backward)).abs() < 1e-9);
    assert!(reported < walking["distance_m"].as_f64().expect("distance"));
}

#[test]
fn a_walk_through_a_packet_loss_keeps_its_rhythm_and_is_one_bout() {
    let Some(shared) = shared() else { return };
    // ipol 7-3, lower back: 0.65 s of packets lost at 16.71 s, in the middle of
    // the walk back (reference contacts at 16.70 and 17.27 s).
    let case = load_case(&shared.join("datasets/ipol/cases/7-3_lb")).expect("case loads");
    let analysis = analyze_case(&case).expect("analysis runs");
    let (gap_start, gap_end) = (16.71, 17.36);
    let inferred: Vec<_> = analysis
        .steps
        .iter()
        .filter(|s| s.confidence == 0.0)
        .collect();
    assert_eq!(inferred.len(), 2, "{inferred:?}");
    let reference = case.reference.initial_contact_times(None);
    for step in &inferred {
        assert!(step.step_length_m.is_none());
        // Within the match tolerance of a reference contact, and where data were missing
        // or the lost stretch hid the loading peak.
        assert!(
            reference.iter().any(|t| (t - step.time_s).abs() < 0.1),
            "{} s matches no reference contact",
            step.time_s
        );
        assert!(step.time_s > gap_start - 0.6 && step.time_s < gap_end);
    }
    // The walk before and after the gap is one bout.
    let bout = inferred[0].bout;
    assert!(analysis
        .steps
        .iter()
        .any(|s| s.bout == bout && s.time_s < gap_start - 1.0));
    assert!(analysis
        .steps
        .iter()
        .any(|s| s.bout == bout && s.time_s > gap_end + 1.0));
    assert!(analysis
        .notes
        .iter()
        .any(|n| n.contains("inferred in data gaps")));
}
