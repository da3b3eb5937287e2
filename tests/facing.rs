//! The facing classifier on real recordings (mounting unknown): forward walks
//! stay forward, the same walks played backwards (a proxy for backward walking,
//! not real backward walking) are never called forward, and mocap_bandai
//! sessions alternate with the reference. The held-out figures of the model
//! are in `data/models/facing-v1.json`; these cases were part of its training,
//! so this test checks the wiring and the time-reversal property, not accuracy.

mod common;

use common::{read_mounting_unknown, shared};
use retrogait::bench::case::load_case;
use retrogait::bench::Direction;
use retrogait::gait::analysis::{analyze, Analysis};
use retrogait::gait::facing::time_reversed;
use std::path::Path;

fn analysed(case_dir: &Path, reversed: bool) -> (Analysis, retrogait::bench::Case) {
    let case = load_case(case_dir).expect("case loads");
    let (recording, options) = read_mounting_unknown(&case);
    let recording = if reversed {
        time_reversed(&recording)
    } else {
        recording
    };
    (analyze(&recording, &options).expect("analysis"), case)
}

#[test]
fn neck_pouch_walks_are_forward_and_played_backwards_never_forward() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("datasets/oxford_phone/cases");
    for id in [
        "Pixel_Jamie_Hard_NeckPouch_1",
        "Samsung_Dario_Hard_NeckPouch_2",
    ] {
        let (forward, _) = analysed(&dir.join(id), false);
        assert!(
            forward.direction_source.contains("facing classifier"),
            "{}",
            forward.direction_source
        );
        assert!(!forward.bouts.is_empty(), "{id}: no bouts");
        let steps =
            |a: &Analysis, d: Direction| a.steps.iter().filter(|s| s.direction == d).count();
        assert_eq!(steps(&forward, Direction::Backward), 0, "{id}");
        assert!(
            steps(&forward, Direction::Forward) * 100 >= 99 * forward.steps.len(),
            "{id}"
        );
        let (backward, _) = analysed(&dir.join(id), true);
        assert_eq!(
            steps(&backward, Direction::Forward),
            0,
            "{id} played backwards"
        );
        assert!(
            steps(&backward, Direction::Backward) * 100 >= 99 * backward.steps.len(),
            "{id} played backwards"
        );
    }
}

#[test]
fn thigh_session_alternates_with_the_reference() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("datasets/mocap_bandai/cases/bandai_session_thigh_front_pocket_01");
    let (analysis, case) = analysed(&dir, false);
    // With a gyroscope the thigh's facing x travel cues decide where they find a
    // facing (src/gait/thigh_travel.rs); the classifier is the fallback.
    assert!(
        analysis.direction_source.contains("knee rises"),
        "{}",
        analysis.direction_source
    );
    let mut right = 0;
    for reference in &case.reference.bouts {
        let Some(want) = reference.direction.walking_direction() else {
            continue;
        };
        // The detected bout overlapping this reference bout most.
        let overlap = |b: &retrogait::gait::analysis::Bout| {
            (b.end_s.min(reference.end_s) - b.start_s.max(reference.start_s)).max(0.0)
        };
        let best = analysis
            .bouts
            .iter()
            .max_by(|a, b| overlap(a).total_cmp(&overlap(b)));
        right += usize::from(best.is_some_and(|b| b.direction == want));
    }
    assert_eq!(right, case.reference.bouts.len(), "{:?}", analysis.bouts);
}

#[test]
fn lower_back_without_mounting_uses_the_trunk_cues_not_the_classifier() {
    let Some(shared) = shared() else { return };
    let (analysis, _) = analysed(&shared.join("datasets/ipol/cases/1-1_lb"), false);
    // The facing classifier did not pass its gate at the lower back; the trunk's
    // facing x travel cues decide instead (src/gait/trunk_travel.rs).
    assert!(
        analysis.direction_source.contains("trunk"),
        "{}",
        analysis.direction_source
    );
    assert!(analysis
        .bouts
        .iter()
        .all(|b| b.direction != Direction::Backward));
    assert!(analysis
        .bouts
        .iter()
        .any(|b| b.direction == Direction::Forward));
}
