//! What every output shares: the direction colours (plots, HTML, one pair
//! everywhere), the time axis unit for a recording's length, and how
//! durations and numbers are written for people.

use crate::gait::analysis::Direction;

/// Colour of a direction, RGB: Okabe–Ito blue (forward) and vermillion
/// (backward), a pair told apart with any colour vision; grey for unknown.
pub fn direction_rgb(direction: Direction) -> (u8, u8, u8) {
    match direction {
        Direction::Forward => (0, 114, 178),
        Direction::Backward => (213, 94, 0),
        Direction::Unknown => (140, 140, 140),
    }
}

/// The same colour as CSS hex.
pub fn direction_hex(direction: Direction) -> String {
    let (r, g, b) = direction_rgb(direction);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The unit of a time axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeAxis {
    /// Seconds per axis unit.
    pub seconds: f64,
    /// The unit's symbol.
    pub unit: &'static str,
}

/// Seconds up to 5 min, minutes up to 5 h, hours beyond.
pub fn time_axis(duration_s: f64) -> TimeAxis {
    if duration_s <= 300.0 {
        TimeAxis {
            seconds: 1.0,
            unit: "s",
        }
    } else if duration_s <= 5.0 * 3600.0 {
        TimeAxis {
            seconds: 60.0,
            unit: "min",
        }
    } else {
        TimeAxis {
            seconds: 3600.0,
            unit: "h",
        }
    }
}

/// A duration for people: `45 s`, `5 min 02 s`, `2 h 03 min`.
pub fn duration_text(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "–".into();
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min {s:02} s")
    } else {
        format!("{:.1} s", seconds)
    }
}

/// A time of day within the recording: `m:ss` or `h:mm:ss`.
pub fn clock_text(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "–".into();
    }
    let total = seconds.floor() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A number with `decimals`, or `–` when unknown.
pub fn number_text(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(42.04), "42.0 s");
        assert_eq!(duration_text(302.0), "5 min 02 s");
        assert_eq!(duration_text(7380.0), "2 h 03 min");
        assert_eq!(clock_text(3725.0), "1:02:05");
        assert_eq!(clock_text(65.9), "1:05");
        assert_eq!(number_text(None, 2), "–");
        assert_eq!(number_text(Some(1.234), 2), "1.23");
    }

    #[test]
    fn the_direction_colours_differ() {
        assert_ne!(
            direction_hex(Direction::Forward),
            direction_hex(Direction::Backward)
        );
        assert_eq!(direction_hex(Direction::Forward), "#0072b2");
    }
}
