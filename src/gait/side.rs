//! Left or right: which foot each contact of a trunk sensor belongs to.
//!
//! In single support the body is an inverted pendulum in the frontal plane
//! too: the centre of mass passes medial to the stance foot and falls away
//! from it, toward the side where the next foot will land. So around
//! mid-stance of the left foot the trunk accelerates to the right, and around
//! mid-stance of the right foot to the left. This holds in both walking
//! directions (time reversal keeps the sign of accelerations and which foot
//! is in stance), but "left" is defined by where the body faces, so a side
//! needs the facing: the mounting (`--forward-axis`) or a decided walking
//! direction with the travel axis. Without it sides stay `unknown`.
//!
//! Contacts of a walk alternate between the feet, so the whole bout's phase
//! is decided at once from the alternating sum `Σ (−1)^k · a_lat(k)` of the
//! lateral accelerations around each contact's mid-stance: one step's
//! evidence is weak (ipol lower back, reference contacts: 93 % of single steps
//! right), the bout's is strong (96 % of steps right, the rest mostly where the
//! reference itself does not alternate), and a constant offset in the lateral
//! acceleration (a small tilt error leaks gravity into it) cancels in the sum.

use crate::dsp::vec3::{cross, dot};
use crate::gait::analysis::Side;

/// Mid-stance window after a contact, as fractions of the step that follows
/// it: single support runs from the other foot's toe-off (~0.2 of a step
/// after contact) to its next contact; mid-stance is its middle.
pub const MIDSTANCE_FRACTION: (f64, f64) = (0.35, 0.75);
/// Fewest contacts whose alternation decides a bout's sides.
pub const MIN_SIDE_CONTACTS: usize = 3;
/// Contacts on either side of a contact whose alternation decides its side
/// (two strides each way).
pub const SIDE_NEIGHBOURS: usize = 4;

/// The sides of one bout's contacts (sample indices, in order) and the
/// strength of the decision (0–1: |alternating sum| over the sum of
/// magnitudes). `horizontal_acc` and `up` are the segment's horizontal
/// acceleration and vertical unit vector per sample (device frame), `facing`
/// the body's forward direction in the device frame (projected on the
/// horizontal sample by sample). `None` when there are too few contacts or no
/// evidence.
pub fn alternating_sides(
    horizontal_acc: &[[f64; 3]],
    up: &[[f64; 3]],
    contacts: &[usize],
    facing: [f64; 3],
) -> Option<(Vec<Side>, f64)> {
    if contacts.len() < MIN_SIDE_CONTACTS {
        return None;
    }
    let n = horizontal_acc.len().min(up.len());
    // Lateral acceleration (positive to the left) averaged over each contact's
    // mid-stance window.
    let lateral: Vec<Option<f64>> = contacts
        .iter()
        .enumerate()
        .map(|(k, &index)| {
            // The step after the contact; the last contact borrows the one before.
            let step = contacts
                .get(k + 1)
                .map(|&next| next.checked_sub(index))
                .unwrap_or_else(|| {
                    k.checked_sub(1)
                        .and_then(|p| contacts.get(p))
                        .and_then(|&previous| index.checked_sub(previous))
                })?;
            let from = index + (MIDSTANCE_FRACTION.0 * step as f64).round() as usize;
            let to = (index + (MIDSTANCE_FRACTION.1 * step as f64).round() as usize).min(n);
            let (mut sum, mut count) = (0.0, 0usize);
            for i in from..to {
                let u = up[i];
                let left = cross(u, facing);
                let norm = dot(left, left).sqrt();
                if norm < 1e-6 {
                    continue;
                }
                sum += dot(horizontal_acc[i], left) / norm;
                count += 1;
            }
            (count > 0).then(|| sum / count as f64)
        })
        .collect();
    // Each contact's side from the alternation around it: a missed or extra
    // contact (turns) breaks the alternation of a whole bout, so the phase is
    // decided locally, over SIDE_NEIGHBOURS contacts either side.
    let mut sides = Vec::with_capacity(contacts.len());
    let (mut total_alternating, mut total_magnitude) = (0.0, 0.0);
    for k in 0..lateral.len() {
        let from = k.saturating_sub(SIDE_NEIGHBOURS);
        let to = (k + SIDE_NEIGHBOURS + 1).min(lateral.len());
        let (mut alternating, mut magnitude) = (0.0, 0.0);
        for (j, value) in lateral.iter().enumerate().take(to).skip(from) {
            if let Some(v) = value {
                // +1 for contacts of the same foot as k, −1 for the other.
                let sign = if (j + k) % 2 == 0 { 1.0 } else { -1.0 };
                alternating += sign * v;
                magnitude += v.abs();
            }
        }
        // Mid-stance of the left foot accelerates the trunk to the right
        // (negative lateral).
        sides.push(
            if magnitude <= 1e-12
                || magnitude.is_nan()
                || alternating == 0.0
                || !alternating.is_finite()
            {
                Side::Unknown
            } else if alternating < 0.0 {
                Side::Left
            } else {
                Side::Right
            },
        );
        total_alternating += alternating.abs();
        total_magnitude += magnitude;
    }
    if sides.iter().all(|s| *s == Side::Unknown) {
        return None;
    }
    Some((
        sides,
        (total_alternating / total_magnitude.max(1e-12)).clamp(0.0, 1.0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// A walk facing +x with up +z: the lateral (+y = left) acceleration is a
    /// stride-periodic sine that points right (−y) in each left mid-stance.
    fn walk(first_left: bool, offset: f64) -> (Vec<[f64; 3]>, Vec<[f64; 3]>, Vec<usize>) {
        let rate = 100.0;
        let step = 50usize;
        let contacts: Vec<usize> = (0..10).map(|k| 20 + k * step).collect();
        let n = 20 + 11 * step;
        let horizontal = (0..n)
            .map(|i| {
                let t = (i as f64 - 20.0) / rate;
                // Phase 0 at the first contact; mid-stance at a quarter stride.
                let s = (2.0 * PI * t / (2.0 * step as f64 / rate)).sin();
                let lateral = if first_left { -s } else { s };
                [0.3, lateral + offset, 0.0]
            })
            .collect();
        (horizontal, vec![[0.0, 0.0, 1.0]; n], contacts)
    }

    #[test]
    fn sides_follow_the_frontal_pendulum() {
        for first_left in [true, false] {
            let (h, up, contacts) = walk(first_left, 0.0);
            let (sides, strength) = alternating_sides(&h, &up, &contacts, [1.0, 0.0, 0.0]).unwrap();
            let first = if first_left { Side::Left } else { Side::Right };
            assert_eq!(sides[0], first);
            assert!(sides.windows(2).all(|w| w[0] != w[1]));
            assert!(strength > 0.9, "{strength}");
        }
    }

    #[test]
    fn facing_the_other_way_swaps_the_sides_and_offsets_cancel() {
        let (h, up, contacts) = walk(true, 0.8);
        let (sides, _) = alternating_sides(&h, &up, &contacts, [1.0, 0.0, 0.0]).unwrap();
        assert_eq!(sides[0], Side::Left);
        let (turned, _) = alternating_sides(&h, &up, &contacts, [-1.0, 0.0, 0.0]).unwrap();
        assert_eq!(turned[0], Side::Right);
    }

    #[test]
    fn too_few_contacts_or_no_signal_give_none() {
        let (h, up, contacts) = walk(true, 0.0);
        assert!(alternating_sides(&h, &up, &contacts[..2], [1.0, 0.0, 0.0]).is_none());
        let still = vec![[0.0; 3]; h.len()];
        assert!(alternating_sides(&still, &up, &contacts, [1.0, 0.0, 0.0]).is_none());
    }
}
