//! Energy of walking from direction and speed: population estimates from the
//! Compendium of Physical Activities (Ainsworth et al. 2011, Med Sci Sports
//! Exerc 43(8):1575–1581), not a measurement of this person.
//!
//! Rule. Forward (and direction unknown): the Compendium's level, firm-surface
//! walking values, linearly interpolated in speed between the listed speeds
//! (17152: 2.0 mph 2.8 MET; 17170: 2.5 mph 3.0; 17190: 2.8–3.2 mph 3.5, placed
//! at 3.0 mph; 17200: 3.5 mph 4.3; 17220: 4.0 mph 5.0; 17230: 4.5 mph 7.0;
//! 17231: 5.0 mph 8.3); below 2.0 mph the "less than 2.0 mph, strolling"
//! value (17151: 2.0 MET); above 5.0 mph 8.3 (no extrapolation).
//! Backward: the Compendium lists one value, 17320 "walking, backwards,
//! 3.5 mph, level" 6.0 MET, against 4.3 forward at that speed; at any speed
//! the forward value is scaled by 6.0 / 4.3 ≈ 1.40 (the assumption: backward
//! walking costs the same factor more at every speed).
//! A bout of unknown direction gets the forward value: a lower bound if it was
//! backward. A bout of unknown speed gets no estimate (no speed-free value
//! exists for backward walking, and a cadence-implied pace would be a guess).
//!
//! Energy: gross kcal = MET × body mass (kg) × duration (h), the Compendium's
//! convention (1 MET ≈ 1 kcal·kg⁻¹·h⁻¹, 3.5 ml O₂·kg⁻¹·min⁻¹). Without a
//! given mass, [`DEFAULT_MASS_KG`].

use crate::gait::analysis::Direction;

/// Body mass used when none is given, kg (the Compendium's reference adult).
pub const DEFAULT_MASS_KG: f64 = 70.0;

/// Metres per second in one mile per hour.
pub const MPS_PER_MPH: f64 = 0.44704;

/// Compendium (2011) level walking: (speed mph, MET, code).
pub const LEVEL_WALKING: [(f64, f64, u32); 7] = [
    (2.0, 2.8, 17152),
    (2.5, 3.0, 17170),
    (3.0, 3.5, 17190),
    (3.5, 4.3, 17200),
    (4.0, 5.0, 17220),
    (4.5, 7.0, 17230),
    (5.0, 8.3, 17231),
];

/// Compendium 17151, walking at less than 2.0 mph (strolling), MET.
pub const STROLLING_MET: f64 = 2.0;

/// Compendium 17320, walking backwards at 3.5 mph, level, MET.
pub const BACKWARD_3_5_MPH_MET: f64 = 6.0;

/// Compendium 17200, walking forward at 3.5 mph, level, MET.
pub const FORWARD_3_5_MPH_MET: f64 = 4.3;

/// MET of level forward walking at `speed_mps` (the rule in the module docs).
pub fn forward_met(speed_mps: f64) -> f64 {
    let mph = speed_mps / MPS_PER_MPH;
    let (first, last) = (LEVEL_WALKING[0], LEVEL_WALKING[LEVEL_WALKING.len() - 1]);
    if mph < first.0 {
        return STROLLING_MET;
    }
    if mph >= last.0 {
        return last.1;
    }
    LEVEL_WALKING
        .windows(2)
        .find(|w| mph < w[1].0)
        .map_or(last.1, |w| {
            let f = (mph - w[0].0) / (w[1].0 - w[0].0);
            w[0].1 + f * (w[1].1 - w[0].1)
        })
}

/// The MET of walking in `direction` at `speed_mps` and what it rests on;
/// `None` when the speed is unknown or not a walking speed.
pub fn walking_met(direction: Direction, speed_mps: Option<f64>) -> Option<(f64, &'static str)> {
    let speed = speed_mps.filter(|v| v.is_finite() && *v > 0.0)?;
    let forward = forward_met(speed);
    Some(match direction {
        Direction::Forward => (forward, "forward: Compendium level walking at this speed"),
        Direction::Backward => (
            forward * BACKWARD_3_5_MPH_MET / FORWARD_3_5_MPH_MET,
            "backward: forward value at this speed x 6.0/4.3 (Compendium 17320 vs 17200)",
        ),
        Direction::Unknown => (
            forward,
            "direction unknown: forward value (a lower bound if it was backward)",
        ),
    })
}

/// Gross energy, kcal, of `duration_s` at `met` for a body of `mass_kg`:
/// MET × kg × h.
pub fn gross_kcal(met: f64, mass_kg: f64, duration_s: f64) -> f64 {
    met * mass_kg * duration_s / 3600.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mps(mph: f64) -> f64 {
        mph * MPS_PER_MPH
    }

    #[test]
    fn the_compendium_values_are_met_at_their_speeds() {
        for (mph, met, _) in LEVEL_WALKING {
            assert!((forward_met(mps(mph)) - met).abs() < 1e-9, "{mph} mph");
        }
        let (backward, _) = walking_met(Direction::Backward, Some(mps(3.5))).unwrap();
        assert!((backward - 6.0).abs() < 1e-9, "{backward}");
    }

    #[test]
    fn between_listed_speeds_the_value_is_interpolated_and_ends_are_held() {
        assert!((forward_met(mps(3.25)) - 3.9).abs() < 1e-9);
        assert_eq!(forward_met(mps(1.0)), STROLLING_MET);
        assert_eq!(forward_met(mps(7.0)), 8.3);
        // Monotone over walking speeds.
        let values: Vec<f64> = (20..=50)
            .map(|k| forward_met(mps(k as f64 / 10.0)))
            .collect();
        assert!(values.windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn backward_costs_more_than_forward_at_the_same_speed() {
        for speed in [0.5, 0.9, 1.3, 1.8] {
            let (f, _) = walking_met(Direction::Forward, Some(speed)).unwrap();
            let (b, _) = walking_met(Direction::Backward, Some(speed)).unwrap();
            let (u, _) = walking_met(Direction::Unknown, Some(speed)).unwrap();
            assert!((b / f - 6.0 / 4.3).abs() < 1e-9);
            assert_eq!(u, f);
        }
    }

    #[test]
    fn unknown_speed_gives_no_estimate() {
        assert!(walking_met(Direction::Forward, None).is_none());
        assert!(walking_met(Direction::Backward, Some(f64::NAN)).is_none());
        assert!(walking_met(Direction::Forward, Some(0.0)).is_none());
    }

    #[test]
    fn kcal_is_met_times_kilograms_times_hours() {
        // 4.3 MET, 70 kg, 30 min: 150.5 kcal.
        assert!((gross_kcal(4.3, 70.0, 1800.0) - 150.5).abs() < 1e-9);
    }
}
