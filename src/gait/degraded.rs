//! What the analysis had to do without: the notes that tell the user which
//! sensors were missing and which methods stood in for them.

use crate::gait::analysis::{Placement, RecordingFacts};
use crate::recording::GravityContent;

/// Notes on a missing gyroscope and on acceleration without gravity, naming
/// the fallback the analysis used (empty when nothing was missing).
pub(crate) fn sensor_notes(
    recording: &RecordingFacts,
    placement: Option<Placement>,
    forward_axis_known: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    let has_gyro = recording.has_gyro;
    let has_gravity_stream = recording.has_gravity_stream;
    match recording.gravity_content {
        GravityContent::Included => {}
        GravityContent::Reconstructed => notes.push(
            "gravity: the file has linear acceleration only; the device's gravity stream was added back to it".into(),
        ),
        GravityContent::Absent => notes.push(format!(
            "gravity absent: the file has linear acceleration only and no gravity stream; the vertical is estimated from {}, which is unreliable without gravity: steps, direction and step length may be wrong",
            if has_gyro {
                "the gyroscope fused with that acceleration"
            } else {
                "the low-passed acceleration"
            }
        )),
    }
    if !has_gyro {
        let vertical = if has_gravity_stream {
            "the device's gravity stream"
        } else {
            "the low-passed accelerometer"
        };
        // An accelerometer-only facing classifier that passed its held-out gate
        // decides without the mounting (see gait::facing).
        let facing = placement.is_some_and(|p| {
            crate::gait::facing::model().is_some_and(|m| m.classifier(p.id(), false).is_some())
        });
        let direction = if forward_axis_known {
            "walking direction from the inverted-pendulum cue along the given forward axis"
        } else if facing {
            "walking direction from the accelerometer-only facing classifier"
        } else {
            "walking direction unknown (without a gyroscope it needs the mounting: --forward-axis)"
        };
        notes.push(format!(
            "no gyroscope: accelerometer-only methods: vertical from {vertical}, steps from the vertical acceleration alone, {direction}"
        ));
        if placement.is_some_and(Placement::is_foot) {
            notes.push(
                "foot sensor without a gyroscope: contacts from the acceleration; stride length not estimated (strapdown integration needs the gyroscope)".into(),
            );
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recording::{Recording, VectorStream};

    fn recording(gyro: bool, content: GravityContent, gravity_stream: bool) -> RecordingFacts {
        let mut stream = VectorStream::default();
        stream.push(0.0, [0.0, 0.0, 9.81]);
        stream.push(0.01, [0.0, 0.0, 9.81]);
        let mut recording = Recording::from_streams(stream.clone(), gyro.then(|| stream.clone()));
        recording.gravity_content = content;
        recording.gravity = gravity_stream.then_some(stream);
        RecordingFacts::of(&recording)
    }

    #[test]
    fn a_complete_recording_needs_no_note() {
        let notes = sensor_notes(
            &recording(true, GravityContent::Included, false),
            None,
            false,
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_missing_gyroscope_names_the_accelerometer_only_methods() {
        let notes = sensor_notes(
            &recording(false, GravityContent::Included, false),
            Some(Placement::FootLeft),
            false,
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with(
            "no gyroscope: accelerometer-only methods: vertical from the low-passed accelerometer"
        ));
        assert!(notes[0].contains("--forward-axis"));
        assert!(notes[1].contains("stride length not estimated"));
        let with_gravity = sensor_notes(
            &recording(false, GravityContent::Reconstructed, true),
            None,
            true,
        );
        assert!(
            with_gravity[0].contains("gravity stream was added back"),
            "{with_gravity:?}"
        );
        assert!(with_gravity[1].contains("vertical from the device's gravity stream"));
        assert!(with_gravity[1].contains("along the given forward axis"));
    }

    #[test]
    fn absent_gravity_says_the_vertical_is_unreliable() {
        let notes = sensor_notes(&recording(true, GravityContent::Absent, false), None, false);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("gravity absent"));
        assert!(notes[0].contains("gyroscope fused"));
    }
}
