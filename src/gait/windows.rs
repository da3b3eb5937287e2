//! Joining the analyses of overlapping windows of a long recording, so a
//! 7-day file is analysed in bounded memory with the results a whole
//! analysis would give.
//!
//! Each window is analysed on its own; the caller then picks a cut time
//! ([`choose_cut`]) where no bout is under way, keeps this window's results
//! before the cut and starts the next window some context before it. Only
//! when walking never pauses in the second half of a window is a bout cut
//! through; its two parts are then recomputed from their own steps and the
//! summary says so.

use crate::gait::analysis::{bout_from_steps, Analysis, Bout, Step};
use crate::gait::traces::{SignalTraces, ENVELOPE_BIN_S};

/// No cut closer than this to a window's end: filters and bout assembly near
/// an edge see only one side.
pub const EDGE_S: f64 = 30.0;

/// A cut keeps this far from the nearest bout, s (longer than any pause a
/// bout bridges, so the next window cannot join bouts across the cut).
pub const CLEARANCE_S: f64 = 5.0;

/// Where the results of a window spanning `[start_s, end_s]` should end: the
/// latest time in its second half, at least [`EDGE_S`] before its end and
/// [`CLEARANCE_S`] from every bout; without such a pause, `end_s − EDGE_S`.
/// Returns the cut and whether it falls inside walking.
pub fn choose_cut(bouts: &[Bout], start_s: f64, end_s: f64) -> (f64, bool) {
    let latest = end_s - EDGE_S;
    let earliest = start_s + 0.5 * (end_s - start_s);
    let mut candidate = latest;
    // Walk back over bouts until a clear stretch holds the candidate.
    for bout in bouts.iter().rev() {
        if candidate < earliest {
            break;
        }
        if bout.start_s - CLEARANCE_S > candidate {
            continue;
        }
        if bout.end_s + CLEARANCE_S <= candidate {
            return (candidate, false);
        }
        candidate = bout.start_s - CLEARANCE_S;
    }
    if candidate >= earliest {
        (candidate, false)
    } else {
        (latest, true)
    }
}

/// The results of a whole recording, built window by window.
#[derive(Debug, Clone, Default)]
pub struct JoinedAnalysis {
    /// Results so far (bouts renumbered from 1).
    pub analysis: Option<Analysis>,
    /// Times where a bout was cut through at a window boundary, s.
    pub split_at: Vec<f64>,
}

impl JoinedAnalysis {
    /// Adds the part of `window` in `[from_s, to_s)`. Bouts are kept whole
    /// when all their steps lie inside; a bout crossing a limit keeps the
    /// steps inside and is recomputed from them (dropped below two steps).
    pub fn push(&mut self, window: Analysis, from_s: f64, to_s: f64, steps_per_contact: f64) {
        let inside = |t: f64| t >= from_s && t < to_s;
        let Analysis {
            steps,
            bouts,
            turns,
            regularity,
            notes,
            traces,
            ..
        } = &window;
        let joined = self.analysis.get_or_insert_with(|| Analysis {
            steps: Vec::new(),
            bouts: Vec::new(),
            turns: Vec::new(),
            regularity: Vec::new(),
            notes: Vec::new(),
            traces: SignalTraces::default(),
            ..window.clone()
        });
        for (index, bout) in bouts.iter().enumerate() {
            let bout_steps: Vec<Step> = steps
                .iter()
                .filter(|s| s.bout == bout.bout && inside(s.time_s))
                .copied()
                .collect();
            if bout_steps.len() < 2 {
                continue;
            }
            let number = joined.bouts.len() + 1;
            let trimmed = bout_steps.len() < bout.n_steps;
            let mut kept = bout_steps;
            for (k, step) in kept.iter_mut().enumerate() {
                step.bout = number;
                // A cut-off bout's first step has no previous contact in it.
                if trimmed && k == 0 && step.step_time_s.is_some() {
                    step.step_time_s = None;
                    step.step_length_m = None;
                    step.speed_mps = None;
                }
            }
            let cut_through = steps
                .iter()
                .any(|s| s.bout == bout.bout && s.time_s >= to_s);
            if cut_through {
                self.split_at.push(to_s);
            }
            let new_bout = if trimmed {
                bout_from_steps(
                    number,
                    &kept,
                    steps_per_contact,
                    bout.direction,
                    bout.direction_confidence,
                )
            } else {
                Bout {
                    bout: number,
                    ..*bout
                }
            };
            joined.steps.extend(kept);
            joined.bouts.push(new_bout);
            joined
                .regularity
                .push(regularity.get(index).copied().flatten());
        }
        joined
            .turns
            .extend(turns.iter().filter(|t| inside(t.start_s)).cloned());
        // The envelope's bins and the zoom window of this window's part only.
        let part = SignalTraces {
            envelope: traces
                .envelope
                .iter()
                .filter(|b| inside(f64::from(b.bin) * ENVELOPE_BIN_S))
                .copied()
                .collect(),
            zoom: traces.zoom.clone().filter(|z| inside(z.start_s)),
        };
        joined.traces.append(part);
        for note in notes {
            if !joined.notes.contains(note) {
                joined.notes.push(note.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gait::analysis::Direction;

    fn bout(start_s: f64, end_s: f64) -> Bout {
        Bout {
            bout: 1,
            start_s,
            end_s,
            duration_s: end_s - start_s,
            direction: Direction::Forward,
            direction_confidence: None,
            n_steps: 2,
            cadence_spm: 100.0,
            step_time_cv: None,
            step_length_m: None,
            stride_length_m: None,
            speed_mps: None,
            distance_m: None,
            stride_time_s: None,
            stride_time_cv: None,
            step_time_asymmetry_pct: None,
        }
    }

    #[test]
    fn cuts_fall_in_pauses_of_the_second_half() {
        // Window 0–3600 s: walking 1000–2000 and 2500–3590.
        let bouts = [bout(1000.0, 2000.0), bout(2500.0, 3590.0)];
        let (cut, through) = choose_cut(&bouts, 0.0, 3600.0);
        assert!(!through);
        assert!((cut - 2495.0).abs() < 1e-9, "{cut}");
        // No walking at all: as late as the edge allows.
        assert_eq!(choose_cut(&[], 0.0, 3600.0), (3570.0, false));
        // Walking throughout the second half: cut through it.
        let (cut, through) = choose_cut(&[bout(100.0, 3600.0)], 0.0, 3600.0);
        assert!(through);
        assert!((cut - 3570.0).abs() < 1e-9);
    }
}
