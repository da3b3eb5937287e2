//! mobgap-style CSV (`samples,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z`): a sample
//! index instead of time, acceleration in g and angular velocity in deg/s
//! without units in the header (inferred and recorded).

use crate::error::Result;
use crate::io::assemble::RawRecording;
use crate::io::detect::{header_cells, header_separator, Claim, Head};
use crate::io::generic::read_headered;
use crate::io::{Files, ReadOptions};
use crate::recording::Format;

/// Claims a header that starts with `samples` followed by `acc_x..`.
pub(crate) fn sniff(head: &Head) -> Option<Claim> {
    let (_, header) = head.first_line()?;
    let names = header_cells(header, header_separator(header));
    let is_mobgap = names.iter().any(|n| n == "samples")
        && ["acc_x", "acc_y", "acc_z"]
            .iter()
            .all(|c| names.iter().any(|n| n == c));
    is_mobgap.then(|| {
        Claim::data(
            Format::Mobgap,
            0.9,
            "header 'samples,acc_x,...': mobgap/Mobilise-D sample CSV",
        )
    })
}

/// Reads a mobgap CSV; the rate comes from `--rate`, else Mobilise-D's 100 Hz.
pub(crate) fn read(files: &Files, options: &ReadOptions) -> Result<RawRecording> {
    read_headered(
        files,
        options,
        Format::Mobgap,
        Some((
            100.0,
            "mobgap CSVs carry no rate; Mobilise-D recordings are 100 Hz",
        )),
    )
}
