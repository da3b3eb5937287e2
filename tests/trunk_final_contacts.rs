//! Lower-back final contacts (`toe_offs_after_contacts` in src/gait/steps.rs,
//! mapped to steps in src/gait/analysis.rs) on real recordings: ipol subject 1,
//! whose reference lists the toe-offs of both feet (from foot sensors,
//! checked by hand).

mod common;

use common::shared;
use retrogait::bench::run::{analyze_case, detections};
use retrogait::bench::{load_case, score_case, ScoringConfig};

#[test]
fn a_trunks_toe_offs_end_the_stance_of_the_contact_before() {
    let Some(shared) = shared() else { return };
    let cases = shared.join("datasets/ipol/cases");
    let config = ScoringConfig::default();
    let [mut tp, mut fp, mut fn_] = [0usize; 3];
    let mut errors = Vec::new();
    for trial in 1..=6 {
        let case = load_case(&cases.join(format!("1-{trial}_lb"))).expect("case loads");
        let analysis = analyze_case(&case).expect("analysis");
        // Each bout's steps: the stance begun at contact k ends when its foot
        // leaves the ground after the next contact (k + 1) and before it lands
        // again (k + 2); the last two contacts of a bout end no stance.
        let steps = &analysis.steps;
        for (k, step) in steps.iter().enumerate() {
            let same_bout = |j: usize| steps.get(j).filter(|s| s.bout == step.bout);
            match (same_bout(k + 1), same_bout(k + 2)) {
                (Some(next), Some(after)) => {
                    if let Some(fc) = step.final_contact_s {
                        assert!(
                            next.time_s < fc && fc < after.time_s,
                            "trial {trial}: toe-off {fc} not between {} and {}",
                            next.time_s,
                            after.time_s
                        );
                    }
                }
                _ => assert_eq!(step.final_contact_s, None, "trial {trial}, bout end"),
            }
        }
        let (detected, bouts) = detections(&analysis);
        let score = score_case(&case, &detected, &bouts, &config);
        let fc = score.final_contacts.expect("toe-offs scored");
        tp += fc.events.true_positives;
        fp += fc.events.false_positives;
        fn_ += fc.events.false_negatives;
        errors.extend(fc.timing_errors_s.iter().map(|e| e.abs()));
    }
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64;
    eprintln!(
        "ipol 1-*_lb toe-offs: TP {tp} FP {fp} FN {fn_}, F1 {f1:.3}, median |error| {median:.3} s"
    );
    // Measured F1 0.961 (TP 198, FP 2, FN 14: mostly the gait-initiation
    // toe-off before each walk's first contact, which no step's stance ends)
    // and 30 ms (the reference's times are whole 10-ms samples: < 35 ms is
    // at most 30 ms).
    assert!(f1 >= 0.95, "F1 {f1:.3}");
    assert!(median < 0.035, "median |error| {median:.3} s");
}
