//! Dumps the facing features (`retrogait::gait::facing`) of every detected
//! walking bout of the benchmark cases, as CSV on stdout, for
//! `scripts/train_facing.py`. The mounting is treated as unknown (the case's
//! forward axis is ignored); foot cases are skipped (their direction has its
//! own cue). Every case is also analysed played backwards
//! (`facing::time_reversed`), its labels flipped: a *proxy* for backward
//! walking, marked `reversed=1`.
//!
//! Usage: `cargo run --release --example facing_features -- DATASET_DIR... > features.csv`

use retrogait::bench::case::{discover_cases, load_case};
use retrogait::bench::run::case_options;
use retrogait::bench::Direction;
use retrogait::gait::analysis::analyze;
use retrogait::gait::direction::DirectionSignals;
use retrogait::gait::facing::{facing_features, time_reversed, FEATURE_NAMES};
use retrogait::gait::orientation::vertical_frame_with;
use retrogait::io::read;
use retrogait::prepare::prepare;

/// Longest piece of a bout scored alone, s: long bouts are also cut into pieces
/// of this length, so that hour-long walks do not count as one sample.
const PIECE_S: f64 = 10.0;

fn main() -> anyhow::Result<()> {
    let dirs: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    print!("dataset,case,placement,gyro,reversed,kind,start_s,end_s,original_start_s,original_end_s,n_steps,label,purity,travel_x,travel_y,travel_z");
    for name in FEATURE_NAMES {
        print!(",{name}");
    }
    println!();
    for dir in &dirs {
        for case_dir in discover_cases(dir)? {
            let case = load_case(&case_dir)?;
            if case.placement.starts_with("foot") {
                continue;
            }
            let (read_options, mut options) = case_options(&case);
            options.forward_axis = None;
            let loaded = read(&case.inputs, &read_options)?;
            for reversed in [false, true] {
                let recording = if reversed {
                    time_reversed(&loaded.recording)
                } else {
                    loaded.recording.clone()
                };
                let end_s = loaded
                    .recording
                    .accelerometer
                    .time_s
                    .last()
                    .copied()
                    .unwrap_or(0.0);
                // Reference bouts in this recording's time, with their labels.
                let reference: Vec<(f64, f64, Direction)> = case
                    .reference
                    .bouts
                    .iter()
                    .filter_map(|b| {
                        let d = b.direction.walking_direction()?;
                        Some(if reversed {
                            let flipped = match d {
                                Direction::Forward => Direction::Backward,
                                _ => Direction::Forward,
                            };
                            (end_s - b.end_s, end_s - b.start_s, flipped)
                        } else {
                            (b.start_s, b.end_s, d)
                        })
                    })
                    .collect();
                let analysis = analyze(&recording, &options)?;
                let prepared = prepare(&recording, &options.grid)?;
                let rate = prepared.rate_hz;
                let gyro = recording
                    .gyroscope
                    .as_ref()
                    .is_some_and(|g| !g.x.is_empty());
                for segment in &prepared.segments {
                    let frame = vertical_frame_with(segment, rate, true);
                    let Some(signals) = DirectionSignals::new(&frame, segment.gyro.as_ref(), rate)
                    else {
                        continue;
                    };
                    let seg_end = segment.start_s + segment.len() as f64 / rate;
                    for bout in &analysis.bouts {
                        if bout.start_s < segment.start_s || bout.end_s > seg_end {
                            continue;
                        }
                        let mut windows = vec![("bout", bout.start_s - 0.25, bout.end_s + 0.25)];
                        let mut t = bout.start_s;
                        while bout.end_s - bout.start_s > 1.5 * PIECE_S && t + PIECE_S <= bout.end_s
                        {
                            windows.push(("piece", t, t + PIECE_S));
                            t += PIECE_S;
                        }
                        for (kind, a, b) in windows {
                            let (mut fwd, mut bwd) = (0.0, 0.0);
                            for (s, e, d) in &reference {
                                let overlap = (b.min(*e) - a.max(*s)).max(0.0);
                                match d {
                                    Direction::Forward => fwd += overlap,
                                    _ => bwd += overlap,
                                }
                            }
                            if fwd + bwd <= 0.0 {
                                continue;
                            }
                            let (label, purity) = if fwd >= bwd {
                                ("forward", fwd / (fwd + bwd))
                            } else {
                                ("backward", bwd / (fwd + bwd))
                            };
                            let i0 = ((a - segment.start_s) * rate).max(0.0) as usize;
                            let i1 = ((b - segment.start_s) * rate).max(0.0) as usize;
                            let Some(f) = facing_features(&signals, i0..i1) else {
                                continue;
                            };
                            // The window's span in the recording as published (for the folds).
                            let (oa, ob) = if reversed {
                                (end_s - b, end_s - a)
                            } else {
                                (a, b)
                            };
                            print!(
                                "{},{},{},{},{},{kind},{a:.2},{b:.2},{oa:.2},{ob:.2},{},{label},{purity:.3}",
                                case.dataset,
                                case.id,
                                case.placement,
                                u8::from(gyro),
                                u8::from(reversed),
                                bout.n_steps
                            );
                            let travel = signals.travel(i0..i1).unwrap_or([f64::NAN; 3]);
                            print!(",{:.3},{:.3},{:.3}", travel[0], travel[1], travel[2]);
                            for x in f {
                                print!(",{x:.5}");
                            }
                            println!();
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
