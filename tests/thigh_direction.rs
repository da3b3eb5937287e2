//! Thigh-pocket direction without a mounting (src/gait/thigh_travel.rs): the
//! facing from where the knee rises, times the travel sense from the jerk
//! asymmetry and the swing, on mocap_bandai (acted, low-passed motion
//! capture: no real thigh recording with a gyroscope exists in ../shared, so
//! these are the only cases with backward walking it can be checked on).

mod common;

use common::shared;
use retrogait::bench::case::load_case;
use retrogait::bench::run::case_options;
use retrogait::bench::{Case, Direction};
use retrogait::gait::analysis::{analyze, Analysis, Bout};
use retrogait::io::read;
use std::path::Path;

/// The case analysed with its mounting withheld.
fn analysed_without_mounting(case_dir: &Path) -> (Analysis, Case) {
    let case = load_case(case_dir).expect("case loads");
    let (read_options, mut options) = case_options(&case);
    options.forward_axis = None;
    let recording = read(&case.inputs, &read_options).expect("reads").recording;
    (analyze(&recording, &options).expect("analysis"), case)
}

/// (right, wrong) over the reference bouts: the direction of the detected
/// bout overlapping each reference bout most (a miss counts as neither).
fn score(analysis: &Analysis, case: &Case) -> (usize, usize) {
    let (mut right, mut wrong) = (0, 0);
    for reference in &case.reference.bouts {
        let Some(want) = reference.direction.walking_direction() else {
            continue;
        };
        let overlap =
            |b: &Bout| (b.end_s.min(reference.end_s) - b.start_s.max(reference.start_s)).max(0.0);
        let Some(best) = analysis
            .bouts
            .iter()
            .filter(|b| overlap(b) > 0.0)
            .max_by(|a, b| overlap(a).total_cmp(&overlap(b)))
        else {
            continue;
        };
        if best.direction == want {
            right += 1;
        } else if best.direction != Direction::Unknown {
            wrong += 1;
        }
    }
    (right, wrong)
}

#[test]
fn thigh_sessions_and_trials_without_mounting_follow_the_reference() {
    let Some(shared) = shared() else { return };
    let cases = shared.join("datasets/mocap_bandai/cases");
    let dirs = common::case_dirs(&cases, "_thigh_front_pocket");
    let (mut session, mut single) = ((0, 0, 0), (0, 0, 0));
    for dir in &dirs {
        let (analysis, case) = analysed_without_mounting(dir);
        assert!(
            analysis.direction_source.contains("knee rises"),
            "{}: {}",
            case.id,
            analysis.direction_source
        );
        let (right, wrong) = score(&analysis, &case);
        let n = case
            .reference
            .bouts
            .iter()
            .filter(|b| b.direction.walking_direction().is_some())
            .count();
        let tally = if case.id.contains("session") {
            &mut session
        } else {
            &mut single
        };
        tally.0 += right;
        tally.1 += wrong;
        tally.2 += n;
    }
    eprintln!("thigh without mounting: sessions {session:?}, single trials {single:?} (right, wrong, bouts)");
    // Every bout right, including session 03's backward walk after a pause that
    // holds a false contact (see `LONE_STEP_RATIO` in src/gait/direction.rs).
    assert_eq!(single.2, 24, "single trials");
    assert_eq!(single.0, 24, "single trials: {single:?}");
    assert_eq!(session.2, 40, "session bouts");
    assert_eq!(session.0, 40, "sessions: {session:?}");
}
