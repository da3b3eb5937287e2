//! Walking bouts: runs of initial contacts whose intervals stay within a
//! plausible step time. A pause longer than `max_step_s` ends a bout; a run
//! needs at least `min_steps` contacts (3: the 3-metre backward walk test is
//! about that short).

/// Parameters of [`assemble_bouts`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoutRules {
    /// Longest interval between two contacts of one bout, s.
    pub max_step_s: f64,
    /// Fewest contacts in a bout.
    pub min_steps: usize,
}

impl Default for BoutRules {
    fn default() -> Self {
        BoutRules {
            max_step_s: 2.0,
            min_steps: 3,
        }
    }
}

/// Splits sorted contact times into bouts; returns index ranges into `times`.
pub fn assemble_bouts(times: &[f64], rules: &BoutRules) -> Vec<std::ops::Range<usize>> {
    let mut bouts = Vec::new();
    let mut start = 0;
    for i in 1..=times.len() {
        let ends = i == times.len() || times[i] - times[i - 1] > rules.max_step_s;
        if ends {
            if i - start >= rules.min_steps {
                bouts.push(start..i);
            }
            start = i;
        }
    }
    bouts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_split_and_short_runs_drop() {
        let times = [1.0, 1.5, 2.0, 2.5, 6.0, 6.5, 10.0, 10.5, 11.0];
        let bouts = assemble_bouts(&times, &BoutRules::default());
        assert_eq!(bouts, vec![0..4, 6..9]);
        assert!(assemble_bouts(&[], &BoutRules::default()).is_empty());
    }
}
