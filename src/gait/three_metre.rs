//! The 3-metre backward walk test (3MBW): stand, walk 3 m backward as fast as
//! safely possible, stop. A recording may hold several trials.
//!
//! A trial is a walking bout that the analysis called backward, or whose
//! direction it could not tell (the test protocol says it is backward; the
//! trial then says so and its confidence is lower), with at least
//! [`MIN_STANDING_S`] without walking before it. Forward bouts (walking back
//! to the start) are not trials.
//!
//! Its time runs from **movement onset** to the **end of the movement** after
//! the bout's last contact: going back from the first contact (forward from
//! the last), the first moment the body's movement falls to standing level.
//! Movement is the orientation-free RMS over [`ACTIVITY_WINDOW_S`] of the
//! acceleration with gravity removed (0.3 Hz high-pass of each axis);
//! standing level is three times the quietest tenth of that RMS in the
//! standing before the trial, and at least 0.15 m/s² above it (sensor noise is
//! ~0.02 m/s²; a sway while standing still stays below that).
//!
//! The published values are shown beside each result for context, never as
//! a diagnosis: see [`reference_values`].

use crate::dsp::filter::Butterworth;
use crate::gait::analysis::{Analysis, Direction, Placement};
use crate::prepare::Prepared;
use serde::Serialize;

/// Shortest standing (no walking) before a trial, s.
pub const MIN_STANDING_S: f64 = 1.0;
/// Window of the movement RMS, s.
pub const ACTIVITY_WINDOW_S: f64 = 0.25;
/// Longest search for onset before the first contact (and for the end after the last), s.
pub const MAX_SEARCH_S: f64 = 2.5;
/// Smallest rise of the movement RMS above standing that counts as movement, m/s².
pub const MIN_ACTIVITY_RISE: f64 = 0.15;
/// The test's distance, m.
pub const TEST_DISTANCE_M: f64 = 3.0;

/// One trial of the test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// 1-based trial number.
    pub trial: usize,
    /// The analysis bout the trial is (1-based, as in `bouts.csv`).
    pub bout: usize,
    /// Movement onset, s since the recording's first sample.
    pub onset_s: f64,
    /// End of the movement after the last contact, s.
    pub end_s: f64,
    /// The test result: `end_s − onset_s`, s.
    pub time_s: f64,
    /// Steps (for a foot sensor, twice its own contacts minus one).
    pub steps: usize,
    /// Cadence of the bout, steps/min.
    pub cadence_spm: f64,
    /// Mean step length, m, when the placement has a step-length model.
    pub step_length_m: Option<f64>,
    /// Estimated distance, m (sum of the step lengths), when known.
    pub distance_m: Option<f64>,
    /// The analysis' direction of the bout: `backward`, or `unknown` (then
    /// assumed backward because the test says so).
    pub direction: Direction,
    /// 0–1: how sure the detection is (see [`three_metre_trials`]).
    pub confidence: f64,
    /// What lowered the confidence, if anything.
    pub remarks: Vec<String>,
}

/// One published reference value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceValue {
    /// Who was measured.
    pub population: &'static str,
    /// The value, in words.
    pub value: &'static str,
    /// Cut-off time, s, when the source gives one (a time at or above it was
    /// associated with falls in that population).
    pub cutoff_s: Option<f64>,
    /// The publication.
    pub source: &'static str,
}

/// The `tests.three_metre_backward_walk` block of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreeMetreBackwardWalk {
    /// What the test is and how the time is measured.
    pub protocol: &'static str,
    /// Every trial found, in time order.
    pub trials: Vec<Trial>,
    /// Published values, for context.
    pub reference_values: Vec<ReferenceValue>,
    /// Always says: context, not a diagnosis.
    pub disclaimer: &'static str,
}

/// The published reference values shown beside the results.
pub fn reference_values() -> Vec<ReferenceValue> {
    vec![
        ReferenceValue {
            population: "community-dwelling older adults (fallers vs non-fallers)",
            value: "fallers 6.8 ± 3.4 s, non-fallers 5.1 ± 1.3 s; cut-off 5.5 s",
            cutoff_s: Some(5.5),
            source: "Polo-Ferrero et al. 2025, J Funct Morphol Kinesiol 10:154",
        },
        ReferenceValue {
            population: "nursing-home residents",
            value: "cut-off ≥ 8.15 s",
            cutoff_s: Some(8.15),
            source: "Kapan et al. 2025, J Am Med Dir Assoc (JAMDA)",
        },
    ]
}

/// Text of [`ThreeMetreBackwardWalk::protocol`].
pub const PROTOCOL: &str = "3-metre backward walk: stand, walk 3 m backward as fast as safely possible, stop; time from movement onset to the end of the movement after the last backward step";
/// Text of [`ThreeMetreBackwardWalk::disclaimer`].
pub const DISCLAIMER: &str = "Reference values are published group figures given for context; they are not a diagnosis and retrogait's timing is not validated against a stopwatch or instrumented test.";

/// Orientation-free movement: RMS over [`ACTIVITY_WINDOW_S`] of the
/// gravity-free acceleration magnitude, per grid sample of one segment.
fn activity(acc: &[Vec<f64>; 3], rate_hz: f64) -> Option<Vec<f64>> {
    let highpass = Butterworth::highpass(2, 0.3, rate_hz).ok()?;
    let axes: Vec<Vec<f64>> = acc
        .iter()
        .map(|axis| highpass.filtfilt(axis).ok())
        .collect::<Option<_>>()?;
    let n = acc[0].len();
    let power: Vec<f64> = (0..n)
        .map(|i| axes.iter().map(|a| a[i] * a[i]).sum::<f64>())
        .collect();
    let half = ((ACTIVITY_WINDOW_S * rate_hz) / 2.0).round().max(1.0) as usize;
    let mut cumulative = Vec::with_capacity(n + 1);
    cumulative.push(0.0);
    for p in &power {
        let last = cumulative.last().copied().unwrap_or(0.0);
        cumulative.push(last + p);
    }
    Some(
        (0..n)
            .map(|i| {
                let (lo, hi) = (i.saturating_sub(half), (i + half + 1).min(n));
                let sum = cumulative.get(hi).copied().unwrap_or(0.0)
                    - cumulative.get(lo).copied().unwrap_or(0.0);
                (sum / (hi - lo).max(1) as f64).sqrt()
            })
            .collect(),
    )
}

/// Why a trial's direction is not backward and what would decide it, from the
/// analysis' `direction_source` and placement: inferred but undecided (one
/// short walk gives a trunk's pooled facing little to go on), undecided along a
/// given axis, or not inferable at all. A forward axis is suggested where it
/// would decide (not at the wrist, which no cue decides).
fn direction_remark(direction_source: &str, placement: Option<Placement>) -> String {
    let mounting_unknown = !direction_source.starts_with("mounting known");
    let what = if direction_source.contains("not inferable") || direction_source.is_empty() {
        "direction not measured for this placement"
    } else if mounting_unknown {
        "direction undecided by the signals (one short walk may not show where the body faces)"
    } else {
        "direction undecided along the given forward axis"
    };
    let hint = if mounting_unknown && placement != Some(Placement::Wrist) {
        "; pass --forward-axis (the device axis that points forward as worn) to measure it"
    } else {
        ""
    };
    format!("{what}: assumed backward by the test protocol{hint}")
}

/// Finds the test's trials among the analysis' bouts and times them on the
/// prepared grid.
///
/// Confidence starts from the bout's direction confidence (0.5 when the
/// direction is unknown and assumed backward) and is halved when onset or end
/// was not found within [`MAX_SEARCH_S`] (movement never fell to standing
/// level), and scaled down when the estimated distance is far from 3 m.
pub fn three_metre_trials(analysis: &Analysis, prepared: &Prepared) -> Vec<Trial> {
    let rate = prepared.rate_hz;
    let steps_per_contact = if analysis.placement.is_some_and(|p| p.is_foot()) {
        2
    } else {
        1
    };
    let mut trials = Vec::new();
    let mut previous_end = f64::NEG_INFINITY;
    for bout in &analysis.bouts {
        let standing_before = bout.start_s - previous_end;
        previous_end = bout.end_s;
        if bout.direction == Direction::Forward || standing_before < MIN_STANDING_S {
            continue;
        }
        let Some(segment) = prepared.segments.iter().find(|s| {
            let end = s.start_s + s.len() as f64 / rate;
            s.start_s <= bout.start_s && bout.end_s <= end
        }) else {
            continue;
        };
        let Some(moving) = activity(&segment.acc, rate) else {
            continue;
        };
        let index = |t: f64| ((t - segment.start_s) * rate).round().max(0.0) as usize;
        let first = index(bout.start_s).min(moving.len().saturating_sub(1));
        let last = index(bout.end_s).min(moving.len().saturating_sub(1));
        let search = (MAX_SEARCH_S * rate) as usize;
        // Standing level: the quietest tenth of the movement in the standing before.
        let quiet_from = index((bout.start_s - standing_before).max(segment.start_s));
        let mut quiet: Vec<f64> = moving.get(quiet_from..first).unwrap_or_default().to_vec();
        quiet.sort_by(f64::total_cmp);
        let baseline = quiet.get(quiet.len() / 10).copied().unwrap_or(0.0);
        let threshold = (3.0 * baseline).max(baseline + MIN_ACTIVITY_RISE);
        let mut remarks = Vec::new();
        let onset_index = (first.saturating_sub(search)..=first)
            .rev()
            .find(|&i| moving.get(i).is_some_and(|&m| m < threshold));
        let end_index = (last..(last + search).min(moving.len())).find(|&i| moving[i] < threshold);
        let mut confidence = match bout.direction {
            Direction::Backward => bout.direction_confidence.unwrap_or(0.5),
            _ => {
                remarks.push(direction_remark(
                    &analysis.direction_source,
                    analysis.placement,
                ));
                0.5
            }
        };
        let onset_s = match onset_index {
            Some(i) => segment.start_s + i as f64 / rate,
            None => {
                remarks.push(
                    "no standing found just before the first step: onset set 2.5 s before it"
                        .into(),
                );
                confidence *= 0.5;
                bout.start_s - MAX_SEARCH_S
            }
        };
        let end_s = match end_index {
            Some(i) => segment.start_s + i as f64 / rate,
            None => {
                remarks.push("movement did not stop within 2.5 s of the last step".into());
                confidence *= 0.5;
                bout.end_s + MAX_SEARCH_S
            }
        };
        if let Some(distance) = bout.distance_m {
            // Within ±1 m of the test's 3 m is plausible; further away, less so.
            let off = (distance - TEST_DISTANCE_M).abs();
            if off > 1.0 {
                remarks.push(format!(
                    "estimated distance {distance:.1} m is far from the test's 3 m"
                ));
                confidence *= (1.0 / off).clamp(0.2, 1.0);
            }
        }
        let steps = (steps_per_contact * bout.n_steps).saturating_sub(steps_per_contact - 1);
        trials.push(Trial {
            trial: trials.len() + 1,
            bout: bout.bout,
            onset_s,
            end_s,
            time_s: end_s - onset_s,
            steps,
            cadence_spm: bout.cadence_spm,
            step_length_m: bout.step_length_m,
            distance_m: bout.distance_m,
            direction: bout.direction,
            confidence: confidence.clamp(0.0, 1.0),
            remarks,
        });
    }
    trials
}

/// The whole summary block for the trials.
pub fn summary_block(trials: Vec<Trial>) -> ThreeMetreBackwardWalk {
    ThreeMetreBackwardWalk {
        protocol: PROTOCOL,
        trials,
        reference_values: reference_values(),
        disclaimer: DISCLAIMER,
    }
}

/// Header of `3mbw.csv`.
pub const CSV_HEADER: &str = "trial,bout,onset_s,end_s,time_s,steps,cadence_spm,step_length_m,distance_m,direction,confidence";

/// `3mbw.csv`: one row per trial (empty cells where a value is not known).
pub fn csv(trials: &[Trial]) -> String {
    let cell = |v: Option<f64>, digits: usize| v.map_or(String::new(), |v| format!("{v:.digits$}"));
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for t in trials {
        out.push_str(&format!(
            "{},{},{:.2},{:.2},{:.2},{},{:.1},{},{},{},{:.2}\n",
            t.trial,
            t.bout,
            t.onset_s,
            t.end_s,
            t.time_s,
            t.steps,
            t.cadence_spm,
            cell(t.step_length_m, 3),
            cell(t.distance_m, 2),
            t.direction.name(),
            t.confidence
        ));
    }
    out
}

/// Lines for the terminal: each trial beside the reference values.
pub fn terminal_lines(block: &ThreeMetreBackwardWalk) -> Vec<String> {
    let mut lines = vec![format!(
        "3-metre backward walk: {} trial(s)",
        block.trials.len()
    )];
    for t in &block.trials {
        let distance = t
            .distance_m
            .map_or("distance not estimated".to_string(), |d| {
                format!("{d:.1} m")
            });
        lines.push(format!(
            "  trial {}: {:.2} s ({:.2}–{:.2} s), {} steps, {:.0} steps/min, {}, direction {}, confidence {:.2}",
            t.trial,
            t.time_s,
            t.onset_s,
            t.end_s,
            t.steps,
            t.cadence_spm,
            distance,
            t.direction.name(),
            t.confidence
        ));
        for remark in &t.remarks {
            lines.push(format!("    note: {remark}"));
        }
    }
    lines.push("  published values (context, not a diagnosis):".into());
    for r in &block.reference_values {
        lines.push(format!("    {}: {} [{}]", r.population, r.value, r.source));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_direction_says_why_and_what_would_decide_it() {
        let trunk = "mounting unknown, inferred from the signals (trunk: facing ...)";
        let remark = direction_remark(trunk, Some(Placement::LowerBack));
        assert!(
            remark.starts_with("direction undecided by the signals"),
            "{remark}"
        );
        assert!(remark.contains("--forward-axis"), "{remark}");
        let wrist = "mounting unknown and not inferable for placement wrist: bouts stay unknown";
        let remark = direction_remark(wrist, Some(Placement::Wrist));
        assert!(remark.starts_with("direction not measured"), "{remark}");
        assert!(!remark.contains("--forward-axis"), "{remark}");
        let known = "mounting known (forward axis given): pitch coupling and inverted pendulum";
        let remark = direction_remark(known, Some(Placement::LowerBack));
        assert!(remark.starts_with("direction undecided along"), "{remark}");
        assert!(!remark.contains("--forward-axis"), "{remark}");
        for remark in [direction_remark(trunk, None), direction_remark("", None)] {
            assert!(
                remark.contains("assumed backward by the test protocol"),
                "{remark}"
            );
        }
    }
    use crate::gait::analysis::Bout;
    use crate::prepare::{Prepared, Segment};

    fn bout(number: usize, start_s: f64, end_s: f64, direction: Direction) -> Bout {
        Bout {
            bout: number,
            start_s,
            end_s,
            duration_s: end_s - start_s,
            direction,
            direction_confidence: (direction != Direction::Unknown).then_some(0.8),
            n_steps: 8,
            cadence_spm: 120.0,
            step_time_cv: None,
            step_length_m: Some(0.4),
            stride_length_m: Some(0.8),
            speed_mps: None,
            distance_m: Some(2.8),
            stride_time_s: None,
            stride_time_cv: None,
            step_time_asymmetry_pct: None,
        }
    }

    /// Standing (gravity + tiny noise) with movement from 5.0 to 9.0 s.
    fn prepared() -> Prepared {
        let rate = 100.0;
        let n = 1500;
        let mut acc = [vec![0.0; n], vec![0.0; n], vec![9.81; n]];
        let [x, _, z] = &mut acc;
        for (i, (x, z)) in x.iter_mut().zip(z.iter_mut()).enumerate() {
            let t = i as f64 / rate;
            *x = 0.01 * ((i * 7919 % 13) as f64 - 6.0) / 6.0;
            if (5.0..9.0).contains(&t) {
                *x += 2.0 * (2.0 * std::f64::consts::PI * 2.0 * t).sin();
                *z += 1.5 * (2.0 * std::f64::consts::PI * 2.0 * t).cos();
            }
        }
        Prepared {
            rate_hz: rate,
            segments: vec![Segment {
                start_s: 0.0,
                acc,
                gyro: None,
                gravity: None,
            }],
            report: Default::default(),
        }
    }

    fn analysis(bouts: Vec<Bout>) -> Analysis {
        Analysis {
            steps: Vec::new(),
            bouts,
            placement: None,
            placement_source: String::new(),
            direction_source: String::new(),
            orientation: None,
            turns: Vec::new(),
            regularity: Vec::new(),
            notes: Vec::new(),
            traces: Default::default(),
        }
    }

    #[test]
    fn a_backward_bout_after_standing_is_timed_from_onset_to_stop() {
        let a = analysis(vec![bout(1, 5.3, 8.7, Direction::Backward)]);
        let trials = three_metre_trials(&a, &prepared());
        assert_eq!(trials.len(), 1);
        let t = &trials[0];
        // Movement runs 5.0–9.0 s; the RMS window smears it by ±0.125 s.
        assert!((t.onset_s - 5.0).abs() < 0.2, "onset {}", t.onset_s);
        assert!((t.end_s - 9.0).abs() < 0.2, "end {}", t.end_s);
        assert!((t.time_s - 4.0).abs() < 0.3);
        assert!(t.remarks.is_empty(), "{:?}", t.remarks);
        assert!((t.confidence - 0.8).abs() < 1e-9);
    }

    #[test]
    fn forward_bouts_and_bouts_without_standing_before_are_not_trials() {
        let a = analysis(vec![
            bout(1, 5.3, 8.7, Direction::Forward),
            bout(2, 9.0, 9.5, Direction::Backward),
        ]);
        assert!(three_metre_trials(&a, &prepared()).is_empty());
        let unknown = analysis(vec![bout(1, 5.3, 8.7, Direction::Unknown)]);
        let trials = three_metre_trials(&unknown, &prepared());
        assert_eq!(trials.len(), 1);
        assert!(trials[0].confidence <= 0.5);
        assert!(!trials[0].remarks.is_empty());
    }

    #[test]
    fn csv_has_one_row_per_trial_and_the_block_cites_its_sources() {
        let a = analysis(vec![bout(1, 5.3, 8.7, Direction::Backward)]);
        let block = summary_block(three_metre_trials(&a, &prepared()));
        let text = csv(&block.trials);
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with(CSV_HEADER));
        assert!(block
            .reference_values
            .iter()
            .any(|r| r.source.contains("Polo-Ferrero") && r.cutoff_s == Some(5.5)));
        let lines = terminal_lines(&block);
        assert!(lines.iter().any(|l| l.contains("not a diagnosis")));
    }
}
