//! The short summary printed after `analyze` and `demo`: totals and a small
//! per-direction table, from the summary (the same figures as `summary.json`).

use crate::report::style::{duration_text, number_text};
use crate::report::tables::{DirectionBlock, Summary};
use std::fmt::Write as _;

/// A few lines for the terminal: the totals, then one column per direction
/// (the unknown column only when there is walking of unknown direction).
pub fn summary_text(summary: &Summary) -> String {
    let walking = &summary.walking;
    let mut out = String::new();
    if walking.no_walking {
        let _ = writeln!(
            out,
            "no walking found in {} of recording",
            duration_text(summary.recording.duration_s)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{} walking in {} bouts, {} steps{}",
        duration_text(walking.time_s),
        walking.bouts,
        walking.steps,
        walking
            .distance_m
            .map_or(String::new(), |d| format!(", {d:.0} m"))
            + &match (walking.net_distance_m, summary.backward.distance_m) {
                // Only where some walking was backward does the net differ.
                (Some(net), Some(_)) => format!(" (net {net:+.0} m along the facing)"),
                _ => String::new(),
            }
    );
    let mut columns: Vec<(&str, &DirectionBlock, Option<f64>)> = vec![
        ("forward", &summary.forward, summary.energy.forward.kcal),
        ("backward", &summary.backward, summary.energy.backward.kcal),
    ];
    if summary.unknown_direction.bouts > 0 {
        columns.push((
            "unknown",
            &summary.unknown_direction,
            summary.energy.unknown_direction.kcal,
        ));
    }
    type Cell = fn(&DirectionBlock, Option<f64>) -> String;
    let rows: [(&str, Cell); 8] = [
        ("time", |b, _| duration_text(b.time_s)),
        ("bouts", |b, _| b.bouts.to_string()),
        ("steps", |b, _| b.steps.to_string()),
        ("cadence (steps/min)", |b, _| number_text(b.cadence_spm, 1)),
        ("step length (m)", |b, _| number_text(b.step_length_m, 2)),
        ("speed (m/s)", |b, _| number_text(b.speed_mps, 2)),
        ("distance (m)", |b, _| number_text(b.distance_m, 0)),
        ("energy (kcal)", |_, kcal| number_text(kcal, 0)),
    ];
    let _ = write!(out, "  {:<20}", "");
    for (name, _, _) in &columns {
        let _ = write!(out, "{name:>12}");
    }
    out.push('\n');
    for (label, cell) in rows {
        let _ = write!(out, "  {label:<20}");
        for (_, block, kcal) in &columns {
            let _ = write!(out, "{:>12}", cell(block, *kcal));
        }
        out.push('\n');
    }
    out
}
