//! Decoding fuzz bytes into retrogait inputs (shared by the targets).
#![allow(dead_code)]

use retrogait::gait::analysis::{AnalysisOptions, Placement, Subject};
use retrogait::io::source::Source;
use retrogait::io::units::Unit;
use retrogait::io::ReadOptions;
use retrogait::prepare::PrepareOptions;
use retrogait::recording::{GravityContent, Recording, VectorStream};
use retrogait::Format;

/// File names the readers and the detector look at (phyphox, Sensor Logger,
/// MetaWear, Polar, Empatica, side files, generic names).
pub const NAMES: [&str; 24] = [
    "walk.csv",
    "Raw Data.csv",
    "Accelerometer.csv",
    "Gyroscope.csv",
    "Linear Acceleration.csv",
    "Gravity.csv",
    "meta/time.csv",
    "meta/device.csv",
    "TotalAcceleration.csv",
    "Metadata.csv",
    "Orientation.csv",
    "Magnetometer.csv",
    "MetaWear_2024-01-01T10.00.00.000_C8_Accelerometer_100.000Hz_1.4.5.csv",
    "MetaWear_2024-01-01T10.00.00.000_C8_Gyroscope_100.000Hz_1.4.5.csv",
    "Polar_H10_1234_20240101_100000_ACC.txt",
    "Polar_H10_1234_20240101_100000_GYRO.txt",
    "ACC.csv",
    "info.txt",
    "MT_0123_000.txt",
    "data.cwa.csv",
    "Sensor Logger Metadata.csv",
    "walk.txt",
    "phone_mag.txt",
    "Annotation.csv",
];

/// Splits the input into files at `\n@@` markers; the byte after a marker
/// picks the next file's name. The first file's name comes from `name_byte`.
pub fn sources(name_byte: u8, data: &[u8]) -> Vec<Source> {
    let mut out = Vec::new();
    let mut name = NAMES[name_byte as usize % NAMES.len()];
    let mut rest = data;
    loop {
        let cut = rest.windows(3).position(|w| w == b"\n@@");
        let (body, next) = match cut {
            Some(at) => (&rest[..at + 1], Some(&rest[at + 3..])),
            None => (rest, None),
        };
        // Distinct display names: two files may share a name in a folder's subfolders.
        let relative = if out.iter().any(|s: &Source| s.relative == name) {
            format!("{}/{name}", out.len())
        } else {
            name.to_string()
        };
        out.push(Source::memory(relative.clone(), relative, body.to_vec()));
        match next {
            Some(next) if out.len() < 6 => {
                let Some((&b, after)) = next.split_first() else {
                    break;
                };
                name = NAMES[b as usize % NAMES.len()];
                rest = after;
            }
            _ => break,
        }
    }
    out
}

/// Reader options from two bytes: the forced format (or none) and `--rate`/units.
pub fn read_options(format_byte: u8, option_byte: u8) -> ReadOptions {
    let format = match format_byte as usize % (Format::ALL.len() + 1) {
        i if i < Format::ALL.len() => Some(Format::ALL[i]),
        _ => None,
    };
    const RATES: [f64; 8] = [0.0, 100.0, 1.0, 12.5, 400.0, 0.01, 100_000.0, 52.0];
    let rate = RATES[(option_byte & 7) as usize];
    let acc_units = [
        None,
        Some(Unit::G),
        Some(Unit::MilliG),
        Some(Unit::MetrePerSecond2),
    ];
    let gyro_units = [
        None,
        Some(Unit::DegreePerSecond),
        Some(Unit::RadianPerSecond),
        None,
    ];
    ReadOptions {
        format,
        rate_hz: (rate > 0.0).then_some(rate),
        acc_unit: acc_units[((option_byte >> 3) & 3) as usize],
        gyro_unit: gyro_units[((option_byte >> 5) & 3) as usize],
    }
}

/// Little reader over the fuzz bytes; zeros once exhausted.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn i16(&mut self) -> i16 {
        self.u16() as i16
    }
    pub fn f64(&mut self) -> f64 {
        let mut b = [0u8; 8];
        b.iter_mut().for_each(|x| *x = self.u8());
        f64::from_le_bytes(b)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A recording built from fuzz bytes the way a reader delivers one: finite
/// values, non-decreasing finite times from 0; any rate, jitter, packing,
/// gaps, amplitude; gyroscope and gravity optional. Mode bit 7 gives raw
/// f64 samples (finite ones kept, times sorted) instead.
pub fn recording(data: &[u8]) -> (Recording, AnalysisOptions) {
    let mut b = Bytes(data);
    let mode = b.u8();
    let has_gyro = mode & 1 != 0;
    let has_gravity = mode & 2 != 0;
    let gravity_content = match (mode >> 2) & 3 {
        0 | 1 => GravityContent::Included,
        2 => GravityContent::Absent,
        _ => GravityContent::Reconstructed,
    };
    // 0.1 Hz .. 6553.5 Hz
    let rate = f64::from(b.u16().max(1)) / 10.0;
    const SCALES: [f64; 8] = [0.01, 0.001, 1.0, 100.0, 1e6, 1e-6, 1e12, 3.0];
    let scale = SCALES[(b.u8() & 7) as usize];
    let placement_byte = b.u8();
    let placement = Placement::ALL
        .get(placement_byte as usize % (Placement::ALL.len() + 1))
        .copied();
    let subject = match b.u8() & 3 {
        0 => Subject::default(),
        1 => Subject {
            height_m: Some(1.75),
            ..Subject::default()
        },
        2 => Subject {
            sensor_height_m: Some(f64::from(b.u8()) / 50.0),
            ..Subject::default()
        },
        _ => Subject {
            leg_length_m: Some(0.9),
            ..Subject::default()
        },
    };
    let forward_axis = match b.u8() % 5 {
        0 => Some([1.0, 0.0, 0.0]),
        1 => Some([0.0, -1.0, 0.0]),
        _ => None,
    };
    let mut acc = VectorStream::default();
    let mut gyro = VectorStream::default();
    let mut gravity = VectorStream::default();
    if mode & 0x80 != 0 {
        let mut rows = Vec::new();
        while !b.is_empty() && rows.len() < 20_000 {
            let row = [b.f64(), b.f64(), b.f64(), b.f64()];
            if row.iter().all(|v| v.is_finite()) {
                rows.push(row);
            }
        }
        rows.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let t0 = rows.first().map_or(0.0, |r| r[0]);
        for r in rows {
            let t = r[0] - t0;
            if !t.is_finite() {
                continue;
            }
            acc.push(t, [r[1], r[2], r[3]]);
            if has_gyro {
                gyro.push(t, [r[3], r[1], r[2]]);
            }
            if has_gravity {
                gravity.push(t, [r[2], r[3], r[1]]);
            }
        }
    } else {
        let dt = 1.0 / rate;
        let mut t = 0.0;
        while !b.is_empty() && acc.len() < 50_000 {
            // Clock: a regular tick, with jitter, packing (0 interval) or a gap.
            let clock = b.u8();
            let step = match clock >> 5 {
                0 => 0.0,
                1 => dt * (1.0 + f64::from(clock & 31) / 64.0),
                2 => dt * 100.0 * f64::from(clock & 31),
                _ => dt,
            };
            t += step;
            let value = |b: &mut Bytes| f64::from(b.i16()) * scale;
            let a = [value(&mut b), value(&mut b), value(&mut b) + 9.81];
            acc.push(t, a);
            if has_gyro {
                gyro.push(t, [value(&mut b), value(&mut b), value(&mut b)]);
            }
            if has_gravity {
                gravity.push(t, [0.0, 0.0, 9.81]);
            }
        }
        acc.nominal_rate_hz = Some(rate);
    }
    let mut recording = Recording::from_streams(acc, has_gyro.then_some(gyro));
    recording.gravity = has_gravity.then_some(gravity);
    recording.gravity_content = gravity_content;
    let grid = match (mode >> 4) & 3 {
        0 | 1 => PrepareOptions::default(),
        2 => PrepareOptions {
            rate_hz: 50.0,
            max_bridge_s: 0.5,
        },
        _ => PrepareOptions {
            rate_hz: 200.0,
            max_bridge_s: 0.0,
        },
    };
    let options = AnalysisOptions {
        placement,
        subject,
        grid,
        forward_axis,
        ..AnalysisOptions::default()
    };
    (recording, options)
}
