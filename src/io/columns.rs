//! Classifying header cells: which quantity and axis a column holds, and
//! which column is time. Shared by the readers whose headers vary.

use crate::io::units::{unit_in_header, Unit};

/// The physical quantity of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantity {
    /// Specific force including gravity.
    Acc,
    /// Acceleration with gravity removed.
    LinearAcc,
    /// The device's gravity estimate.
    Gravity,
    /// Angular velocity.
    Gyro,
    /// Magnetic field.
    Mag,
}

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnKind {
    /// The quantity, or `None` for a bare axis (`x`, `X (m/s^2)`, `x-axis (g)`).
    pub(crate) quantity: Option<Quantity>,
    /// 0, 1, 2 for x, y, z.
    pub(crate) axis: usize,
    /// The unit the header states, if any.
    pub(crate) unit: Option<Unit>,
    /// The name without its axis letter: the three axes of one sensor share it.
    pub(crate) stem: String,
}

/// Lower-case alphanumerics of a cell, without any bracketed part.
pub(crate) fn compact_name(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut depth = 0;
    for c in cell.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

fn quantity_of(stem: &str) -> Option<Quantity> {
    if stem.contains("grav") {
        Some(Quantity::Gravity)
    } else if stem.contains("linear")
        || stem.contains("useracc")
        || stem.starts_with("lin")
        || stem.starts_with("free")
    {
        Some(Quantity::LinearAcc)
    } else if stem.contains("gyr")
        || stem.contains("rotation")
        || stem.contains("angular")
        || stem.contains("omega")
        || stem == "w"
        || stem == "rot"
    {
        Some(Quantity::Gyro)
    } else if stem.contains("mag") || stem == "b" {
        Some(Quantity::Mag)
    } else if stem.starts_with("acc")
        || stem.contains("accel")
        || stem == "a"
        || stem == "gf"
        || stem == "gforce"
    {
        Some(Quantity::Acc)
    } else {
        None
    }
}

/// Classifies a sensor column: `acc_x`, `Acc_X`, `accelerometerAccelerationX(G)`,
/// `ACCELEROMETER X (m/s²)`, `gyr_z`, `Gyroscope y (rad/s)`, `x-axis (g)`, `X [mg]`, `gFx`.
pub(crate) fn classify(cell: &str) -> Option<ColumnKind> {
    let unit = unit_in_header(cell);
    let mut name = compact_name(cell);
    for suffix in ["axis", "cal"] {
        if name.len() > suffix.len() && name.ends_with(suffix) {
            name.truncate(name.len() - suffix.len());
        }
    }
    let axis_of = |c: char| match c {
        'x' => Some(0),
        'y' => Some(1),
        'z' => Some(2),
        _ => None,
    };
    let last = name.chars().last()?;
    if let Some(axis) = axis_of(last) {
        let stem = &name[..name.len() - 1];
        if stem.is_empty() {
            return Some(ColumnKind {
                quantity: None,
                axis,
                unit,
                stem: String::new(),
            });
        }
        if let Some(quantity) = quantity_of(stem) {
            return Some(ColumnKind {
                quantity: Some(quantity),
                axis,
                unit,
                stem: stem.to_string(),
            });
        }
    }
    // Axis first: `x_acc`, `xgyro`.
    let first = name.chars().next()?;
    if let Some(axis) = axis_of(first) {
        if let Some(quantity) = quantity_of(&name[1..]) {
            return Some(ColumnKind {
                quantity: Some(quantity),
                axis,
                unit,
                stem: name[1..].to_string(),
            });
        }
    }
    None
}

/// How a time-like column gives time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TimeHint {
    /// A time value; the unit when the name states it (seconds per unit).
    Clock(Option<f64>),
    /// A sample counter or index.
    Counter,
}

/// Recognises time columns by name: `time`, `time_s`, `Time (s)`, `timestamp`,
/// `t_ns`, `epoch (ms)`, `seconds_elapsed`, `datetime`; and counters: `samples`,
/// `sample`, `index`, `PacketCounter`.
pub(crate) fn time_hint(cell: &str) -> Option<TimeHint> {
    let name = compact_name(cell);
    let lowered = cell.to_ascii_lowercase();
    let bracket_unit = lowered.rfind(['(', '[']).and_then(|open| {
        let rest = &lowered[open + 1..];
        rest.find([')', ']'])
            .map(|close| rest[..close].trim().to_string())
    });
    let unit_from = |text: &str| -> Option<f64> {
        match text {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
            "ms" | "msec" | "millis" | "milliseconds" => Some(1e-3),
            "us" | "µs" | "usec" | "microseconds" => Some(1e-6),
            "ns" | "nanoseconds" => Some(1e-9),
            _ => None,
        }
    };
    if matches!(
        name.as_str(),
        "sample"
            | "samples"
            | "sampleindex"
            | "samplenumber"
            | "index"
            | "idx"
            | "n"
            | "packetcounter"
            | "counter"
            | "samplecount"
    ) {
        return Some(TimeHint::Counter);
    }
    let is_time = name == "t"
        || name.starts_with("time")
        || name.starts_with("timestamp")
        || name.contains("epoch")
        || name.contains("elapsed")
        || name == "seconds"
        || name == "secs"
        || name.starts_with("datetime")
        || name == "date"
        || name == "ts"
        || (name.starts_with('t') && name.len() <= 3 && unit_from(&name[1..]).is_some());
    if !is_time {
        return None;
    }
    let unit = bracket_unit.as_deref().and_then(unit_from).or_else(|| {
        // A unit glued to the name: `time_s`, `t_ns`, `epoch_ms`.
        [
            ("ns", 1e-9),
            ("us", 1e-6),
            ("ms", 1e-3),
            ("sec", 1.0),
            ("s", 1.0),
        ]
        .iter()
        .find(|(suffix, _)| name.len() > suffix.len() && name.ends_with(suffix))
        .map(|(_, seconds)| *seconds)
    });
    Some(TimeHint::Clock(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(cell: &str) -> Option<(Option<Quantity>, usize)> {
        classify(cell).map(|k| (k.quantity, k.axis))
    }

    #[test]
    fn classifies_sensor_columns_of_many_exporters() {
        use Quantity::*;
        assert_eq!(kind("acc_x"), Some((Some(Acc), 0)));
        assert_eq!(kind("Acc_Y"), Some((Some(Acc), 1)));
        assert_eq!(kind("gyr_z"), Some((Some(Gyro), 2)));
        assert_eq!(kind("accelerometerAccelerationX(G)"), Some((Some(Acc), 0)));
        assert_eq!(kind("gyroRotationY(rad/s)"), Some((Some(Gyro), 1)));
        assert_eq!(kind("motionGravityZ(G)"), Some((Some(Gravity), 2)));
        assert_eq!(kind("ACCELEROMETER X (m/s²)"), Some((Some(Acc), 0)));
        assert_eq!(
            kind("LINEAR ACCELERATION Z (m/s²)"),
            Some((Some(LinearAcc), 2))
        );
        assert_eq!(kind("GYROSCOPE X (rad/s)"), Some((Some(Gyro), 0)));
        assert_eq!(kind("MAGNETIC FIELD Y (μT)"), Some((Some(Mag), 1)));
        assert_eq!(
            kind("Linear Acceleration x (m/s^2)"),
            Some((Some(LinearAcc), 0))
        );
        assert_eq!(kind("Acceleration z (m/s^2)"), Some((Some(Acc), 2)));
        assert_eq!(kind("Gyroscope y (rad/s)"), Some((Some(Gyro), 1)));
        assert_eq!(kind("x-axis (g)"), Some((None, 0)));
        assert_eq!(kind("X [mg]"), Some((None, 0)));
        assert_eq!(kind("z"), Some((None, 2)));
        assert_eq!(kind("gFx"), Some((Some(Acc), 0)));
        assert_eq!(kind("wz"), Some((Some(Gyro), 2)));
        assert_eq!(kind("Absolute acceleration (m/s^2)"), None);
        assert_eq!(kind("steps"), None);
        assert_eq!(kind("battery"), None);
        assert_eq!(kind("LOCATION Accuracy ( m)"), None);
        assert_eq!(
            classify("X (m/s^2)").unwrap().unit,
            Some(Unit::MetrePerSecond2)
        );
    }

    #[test]
    fn recognises_time_columns() {
        assert_eq!(time_hint("time_s"), Some(TimeHint::Clock(Some(1.0))));
        assert_eq!(time_hint("Time (s)"), Some(TimeHint::Clock(Some(1.0))));
        assert_eq!(time_hint("epoch (ms)"), Some(TimeHint::Clock(Some(1e-3))));
        assert_eq!(time_hint("t_ns"), Some(TimeHint::Clock(Some(1e-9))));
        assert_eq!(time_hint("timestamp"), Some(TimeHint::Clock(None)));
        assert_eq!(time_hint("time"), Some(TimeHint::Clock(None)));
        assert_eq!(time_hint("samples"), Some(TimeHint::Counter));
        assert_eq!(time_hint("acc_x"), None);
    }
}
