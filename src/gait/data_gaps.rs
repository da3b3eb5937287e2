//! Walking through a data gap: contacts inferred where packets were lost.
//!
//! Wireless sensors lose packets (ipol's Xsens trunk sensor: up to 0.65 s at a
//! time). A gap longer than the bridge of [`crate::prepare::PrepareOptions`]
//! splits the recording into segments, each analysed alone, so a walk that runs
//! through the gap comes out as two bouts with the contacts of the lost stretch
//! missing (and the one just before it, whose loading peak fell into the gap).
//! Walking does not stop because the radio did: where the rhythm on the two
//! sides is steady and the same, and the interval between the last contact
//! before the gap and the first after it is a whole number of those steps,
//! the unobserved contacts are placed evenly in it and the two bouts joined.
//! Nothing was measured there: the inferred contacts carry confidence 0, no
//! step length or speed, and the summary's notes say how many there are.

use crate::gait::analysis::{bout_from_steps, Bout, Direction, Side, Step};
use crate::gait::steps::{steady_step, REFILL_MAX_SPREAD, REFILL_NEIGHBOUR_INTERVALS};
use crate::recording::Gap;

/// The interval across the gap must be within this fraction of a whole number
/// of steps (±15 %, the steadiness bound of the step refill,
/// [`REFILL_MAX_SPREAD`]; for two steps 1.7–2.3, the refill's own range), and
/// that number must be the only one that fits.
const WHOLE_STEPS_TOLERANCE: f64 = 0.15;

/// The contacts a steady walk had between `before` (contact times up to the gap,
/// in order) and `after` (from the gap on), whose last and first lie either side
/// of the unobserved stretch `gap_s` (start, end), s. `None` unless the walk
/// ran into the gap and out of it (the contact before lies less than two steps
/// before the gap's start, the one after less than two steps after its end: at
/// most the one contact whose peak the gap hid), the intervals on one side, or
/// both alike, are steady ([`steady_step`]), and the interval across is 2 or
/// more whole steps. Some(empty) is never returned.
pub fn contacts_across_gap(before: &[f64], after: &[f64], gap_s: (f64, f64)) -> Option<Vec<f64>> {
    let n = REFILL_NEIGHBOUR_INTERVALS;
    let intervals = |times: &[f64]| -> Vec<f64> { times.windows(2).map(|w| w[1] - w[0]).collect() };
    let before_step = before
        .len()
        .checked_sub(n + 1)
        .and_then(|from| steady_step(&intervals(&before[from..])));
    let after_step = after
        .get(..n + 1)
        .and_then(|first| steady_step(&intervals(first)));
    let step = match (before_step, after_step) {
        (Some(a), Some(b)) => {
            (a.max(b) / a.min(b) <= REFILL_MAX_SPREAD).then_some(0.5 * (a + b))?
        }
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    let (&last, &first) = (before.last()?, after.first()?);
    let (gap_start, gap_end) = gap_s;
    if !(last <= gap_start && gap_end <= first) {
        return None;
    }
    if gap_start - last >= 2.0 * step || first - gap_end >= 2.0 * step {
        return None;
    }
    let across = first - last;
    let whole = (across / step).round();
    let fits = |k: f64| k >= 1.0 && (across / (k * step) - 1.0).abs() <= WHOLE_STEPS_TOLERANCE;
    if whole < 2.0 || !fits(whole) || fits(whole - 1.0) || fits(whole + 1.0) {
        return None;
    }
    let k = whole as usize;
    Some(
        (1..k)
            .map(|j| last + across * j as f64 / k as f64)
            .collect(),
    )
}

/// Joins the bouts a data gap cut apart where [`contacts_across_gap`] finds the
/// walk ran through it: the inferred contacts go in between (confidence 0, no
/// length or speed, the side alternating from the contact before, or the foot's
/// own for a foot sensor), the later bout's steps join the earlier one, and the
/// bouts after are renumbered. Only gaps of at most `max_gap_s` (the longest
/// step a bout allows: a longer silence may hide a stop) and bouts of one
/// direction are joined. `regularity` (one per bout) is merged weighted by the
/// bouts' contacts. Returns how many contacts were inferred.
pub fn bridge_data_gaps(
    steps: &mut Vec<Step>,
    bouts: &mut Vec<Bout>,
    regularity: &mut Vec<Option<(f64, f64)>>,
    gaps: &[Gap],
    max_gap_s: f64,
    steps_per_contact: f64,
) -> usize {
    let mut inferred_total = 0;
    for gap in gaps {
        if gap.duration_s.is_nan() || gap.duration_s > max_gap_s {
            continue;
        }
        let gap_s = (gap.start_s, gap.start_s + gap.duration_s);
        // The bouts on the two sides: the last ending before the gap, the next one.
        let Some(a) = bouts.iter().rposition(|b| b.end_s <= gap_s.0) else {
            continue;
        };
        let (Some(first), Some(second)) = (bouts.get(a).copied(), bouts.get(a + 1).copied()) else {
            continue;
        };
        if second.start_s < gap_s.1 || first.direction != second.direction {
            continue;
        }
        let (number_a, number_b) = (first.bout, second.bout);
        let times_of = |number: usize| -> Vec<f64> {
            steps
                .iter()
                .filter(|s| s.bout == number)
                .map(|s| s.time_s)
                .collect()
        };
        let Some(times) = contacts_across_gap(&times_of(number_a), &times_of(number_b), gap_s)
        else {
            continue;
        };
        let Some(split) = steps.iter().position(|s| s.bout == number_b) else {
            continue;
        };
        let Some(last) = split.checked_sub(1).and_then(|k| steps.get(k)).copied() else {
            continue;
        };
        let foot_side = steps
            .iter()
            .filter(|s| s.bout == number_a || s.bout == number_b)
            .all(|s| s.side == last.side);
        let mut side = last.side;
        let mut previous = last.time_s;
        let mut inferred = Vec::with_capacity(times.len());
        for &time_s in &times {
            if !foot_side {
                side = match side {
                    Side::Left => Side::Right,
                    Side::Right => Side::Left,
                    Side::Unknown => Side::Unknown,
                };
            }
            inferred.push(Step {
                final_contact_s: None,
                time_s,
                bout: number_a,
                side,
                direction: last.direction,
                step_time_s: Some(time_s - previous),
                step_length_m: None,
                speed_mps: None,
                confidence: 0.0,
                direction_confidence: if last.direction == Direction::Unknown {
                    None
                } else {
                    lower(first.direction_confidence, second.direction_confidence)
                },
            });
            previous = time_s;
        }
        inferred_total += inferred.len();
        if let Some(next) = steps.get_mut(split) {
            next.step_time_s = Some(next.time_s - previous);
        }
        steps.splice(split..split, inferred);
        for s in steps.iter_mut() {
            if s.bout == number_b {
                s.bout = number_a;
            } else if s.bout > number_b {
                s.bout -= 1;
            }
        }
        let direction_confidence = lower(first.direction_confidence, second.direction_confidence);
        let (direction, weights) = (first.direction, (first.n_steps, second.n_steps));
        let joined: Vec<Step> = steps
            .iter()
            .filter(|s| s.bout == number_a)
            .copied()
            .collect();
        if let Some(slot) = bouts.get_mut(a) {
            *slot = bout_from_steps(
                number_a,
                &joined,
                steps_per_contact,
                direction,
                direction_confidence,
            );
        }
        bouts.remove(a + 1);
        for b in bouts.iter_mut().skip(a + 1) {
            b.bout -= 1;
        }
        if a + 1 < regularity.len() {
            let later = regularity.remove(a + 1);
            let (wa, wb) = (weights.0 as f64, weights.1 as f64);
            if let Some(earlier) = regularity.get_mut(a) {
                *earlier = match (*earlier, later) {
                    (Some(x), Some(y)) => Some((
                        (wa * x.0 + wb * y.0) / (wa + wb),
                        (wa * x.1 + wb * y.1) / (wa + wb),
                    )),
                    (x, y) => x.or(y),
                };
            }
        }
    }
    inferred_total
}

/// The lower of two optional confidences (either, when only one is known).
fn lower(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(from: f64, step: f64, n: usize) -> Vec<f64> {
        (0..n).map(|k| from + step * k as f64).collect()
    }

    #[test]
    fn a_steady_walk_through_a_gap_gets_its_lost_contacts_back() {
        // Steps of 0.55 s; contacts at 16.10 and 17.75 lie three steps apart and
        // the data are missing from 16.71 to 17.36 (ipol 7-3's loss).
        let before = walk(13.90, 0.55, 5);
        let after = walk(17.75, 0.55, 5);
        let found = contacts_across_gap(&before, &after, (16.71, 17.36)).unwrap();
        assert_eq!(found.len(), 2);
        assert!((found[0] - 16.65).abs() < 1e-9 && (found[1] - 17.20).abs() < 1e-9);
    }

    #[test]
    fn no_contacts_are_invented_without_a_steady_rhythm_or_a_whole_number_of_steps() {
        let after = walk(17.75, 0.55, 5);
        // Irregular on both sides.
        let irregular = [13.0, 13.4, 14.3, 14.6, 15.5];
        let irregular_after = [17.0, 17.9, 18.2, 19.1, 19.4];
        assert!(contacts_across_gap(&irregular, &irregular_after, (15.6, 16.5)).is_none());
        // 2.5 steps across: no whole number fits.
        let before = walk(13.90 + 0.55 * 0.5, 0.55, 5);
        assert!(contacts_across_gap(&before, &after, (16.71, 17.36)).is_none());
        // One step across (nothing lost) infers nothing.
        let close = walk(17.75 - 0.55 * 5.0, 0.55, 5);
        assert!(contacts_across_gap(&close, &after, (17.3, 17.5)).is_none());
        // The walk had stopped well before the gap.
        let early = walk(12.0, 0.55, 5);
        let late = walk(12.0 + 0.55 * 10.0, 0.55, 5);
        assert!(contacts_across_gap(&early, &late, (16.0, 16.6)).is_none());
    }

    fn step(time_s: f64, bout: usize, side: Side) -> Step {
        Step {
            final_contact_s: None,
            time_s,
            bout,
            side,
            direction: Direction::Forward,
            step_time_s: None,
            step_length_m: Some(0.6),
            speed_mps: Some(1.1),
            confidence: 1.0,
            direction_confidence: Some(1.0),
        }
    }

    #[test]
    fn the_bouts_a_gap_cut_apart_are_joined_and_the_later_ones_renumbered() {
        let side = |k: usize| if k % 2 == 0 { Side::Left } else { Side::Right };
        let mut steps: Vec<Step> = walk(13.90, 0.55, 5)
            .into_iter()
            .enumerate()
            .map(|(k, t)| step(t, 1, side(k)))
            .chain(
                walk(17.75, 0.55, 5)
                    .into_iter()
                    .enumerate()
                    .map(|(k, t)| step(t, 2, side(k + 1))),
            )
            .chain(
                walk(30.0, 0.55, 4)
                    .into_iter()
                    .map(|t| step(t, 3, Side::Unknown)),
            )
            .collect();
        let mut bouts: Vec<Bout> = (1..=3)
            .map(|b| {
                let own: Vec<Step> = steps.iter().filter(|s| s.bout == b).copied().collect();
                bout_from_steps(b, &own, 1.0, Direction::Forward, Some(1.0))
            })
            .collect();
        let mut regularity = vec![Some((0.8, 0.9)), Some((0.6, 0.7)), None];
        let gaps = [Gap {
            start_s: 16.71,
            duration_s: 0.65,
        }];
        let inferred = bridge_data_gaps(&mut steps, &mut bouts, &mut regularity, &gaps, 2.0, 1.0);
        assert_eq!(inferred, 2);
        assert_eq!(bouts.len(), 2);
        assert_eq!(regularity.len(), 2);
        assert_eq!((bouts[0].n_steps, bouts[1].bout), (12, 2));
        assert!((bouts[0].cadence_spm - 60.0 / 0.55).abs() < 1e-6);
        let guessed: Vec<&Step> = steps.iter().filter(|s| s.confidence == 0.0).collect();
        assert_eq!(guessed.len(), 2);
        // Sides go on alternating; nothing was measured, so no length.
        assert_eq!(
            (guessed[0].side, guessed[1].side),
            (Side::Right, Side::Left)
        );
        assert!(guessed.iter().all(|s| s.step_length_m.is_none()));
        let after = steps
            .iter()
            .find(|s| (s.time_s - 17.75).abs() < 1e-9)
            .unwrap();
        assert!((after.step_time_s.unwrap() - 0.55).abs() < 1e-9);
        assert!(steps
            .iter()
            .filter(|s| s.time_s >= 30.0)
            .all(|s| s.bout == 2));
        // A gap longer than a bout's longest step is left alone.
        let (mut s2, mut b2, mut r2) = (steps.clone(), bouts.clone(), regularity.clone());
        let long = [Gap {
            start_s: 25.0,
            duration_s: 3.0,
        }];
        assert_eq!(
            bridge_data_gaps(&mut s2, &mut b2, &mut r2, &long, 2.0, 1.0),
            0
        );
        assert_eq!(b2.len(), 2);
    }
}
