//! Plots (plotters, SVG and PNG, with a bundled font so no system font is
//! needed). All plotters code lives here: its font API may change between versions.
//! PNG: plotters' bitmap backend draws into an RGB buffer that the `png`
//! crate encodes (plotters' own encoder would pull in the `image` crate).

use crate::gait::analysis::{Analysis, Direction};
use crate::report::style::{direction_rgb, time_axis, TimeAxis};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use std::sync::Once;

static FONT: Once = Once::new();

/// Registers the bundled DejaVu Sans as plotters' "sans-serif" (once).
pub(crate) fn register_bundled_font() {
    FONT.call_once(|| {
        // Registration only fails on an unparsable font; the text then falls back to nothing.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
    });
}

/// A Bland–Altman plot as SVG text: the difference (detected − reference)
/// against the mean of the two, with the bias and the 95 % limits of
/// agreement (bias ± 1.96 SD). `None` with fewer than two pairs.
pub fn bland_altman_svg(title: &str, unit: &str, pairs: &[(f64, f64)]) -> Option<String> {
    let points: Vec<(f64, f64)> = pairs
        .iter()
        .filter(|(r, d)| r.is_finite() && d.is_finite())
        .map(|(reference, detected)| ((reference + detected) / 2.0, detected - reference))
        .collect();
    if points.len() < 2 {
        return None;
    }
    register_bundled_font();
    let n = points.len() as f64;
    let bias = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sd = (points.iter().map(|p| (p.1 - bias).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let (low, high) = (bias - 1.96 * sd, bias + 1.96 * sd);
    let (x_min, x_max) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (y_min, y_max) = points
        .iter()
        .fold((low.min(0.0), high.max(0.0)), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let x_pad = ((x_max - x_min) * 0.08).max(1e-6);
    let y_pad = ((y_max - y_min) * 0.12).max(1e-6);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 420)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(
                (x_min - x_pad)..(x_max + x_pad),
                (y_min - y_pad)..(y_max + y_pad),
            )
            .ok()?;
        chart
            .configure_mesh()
            .x_desc(format!("mean of reference and retrogait ({unit})"))
            .y_desc(format!("retrogait − reference ({unit})"))
            .label_style(("sans-serif", 12))
            .draw()
            .ok()?;
        let x_range = [x_min - x_pad, x_max + x_pad];
        for (level, colour, label) in [
            (bias, BLUE, format!("bias {bias:+.3}")),
            (low, RED, format!("−1.96 SD {low:+.3}")),
            (high, RED, format!("+1.96 SD {high:+.3}")),
        ] {
            chart
                .draw_series(LineSeries::new(
                    x_range.iter().map(|x| (*x, level)),
                    colour.stroke_width(1),
                ))
                .ok()?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour));
        }
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 3, BLACK.filled())))
            .ok()?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 12))
            .draw()
            .ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

/// One plot of a session, as SVG text and PNG bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionPlot {
    /// File stem in `plots/` (`overview`, `zoom`, ...).
    pub name: &'static str,
    /// What the plot shows (the HTML figure caption).
    pub caption: String,
    /// Pixel size (width, height).
    pub size: (u32, u32),
    /// SVG document.
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A figure that can be drawn on any plotters backend.
trait Figure {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Draws a figure as SVG and as PNG.
fn render(figure: &impl Figure) -> Option<(String, Vec<u8>)> {
    register_bundled_font();
    let (width, height) = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        figure.draw(&root).ok()?;
        root.present().ok()?;
    }
    let mut pixels = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        figure.draw(&root).ok()?;
        root.present().ok()?;
    }
    Some((svg, encode_png(&pixels, width, height)?))
}

/// Encodes an 8-bit RGB buffer as PNG.
fn encode_png(pixels: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Flat-coloured charts compress well with the fast encoder (fdeflate):
        // a fraction of the default's time for files a little larger.
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(pixels).ok()?;
        writer.finish().ok()?;
    }
    Some(out)
}

fn colour(direction: Direction) -> RGBColor {
    let (r, g, b) = direction_rgb(direction);
    RGBColor(r, g, b)
}

const DIRECTIONS: [Direction; 3] = [Direction::Forward, Direction::Backward, Direction::Unknown];

const TITLE_FONT: u32 = 17;
const LABEL_FONT: u32 = 13;
const AXIS_FONT: u32 = 14;
const WIDE: u32 = 1000;

/// A key entry's mark.
#[derive(Clone, Copy)]
enum Mark {
    /// A filled square.
    Swatch(RGBColor),
    /// A short line.
    Line(RGBColor),
    /// A dot.
    Dot(RGBColor),
}

/// `c` at `share` strength over white, as an opaque colour.
fn tint(c: RGBColor, share: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 * share + 255.0 * (1.0 - share)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Height of the heading band (title and key), px.
const HEADING_PX: u32 = 30;

/// Draws the title at the top left and the key at the top right (outside
/// the plotting area, so it never hides data); returns the area below.
fn heading<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    key: &[(Mark, String)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (top, rest) = root.split_vertically(HEADING_PX);
    let title_style = TextStyle::from(("sans-serif", TITLE_FONT).into_font()).color(&BLACK);
    top.draw(&Text::new(title.to_string(), (14, 8), title_style))?;
    let style = TextStyle::from(("sans-serif", LABEL_FONT).into_font()).color(&BLACK);
    let mut x = top.dim_in_pixel().0 as i32 - 14;
    for (mark, text) in key.iter().rev() {
        let (width, _) = top.estimate_text_size(text, &style)?;
        x -= width as i32;
        top.draw(&Text::new(text.clone(), (x, 10), style.clone()))?;
        x -= 20;
        match *mark {
            Mark::Swatch(c) => top.draw(&Rectangle::new([(x, 10), (x + 14, 23)], c.filled()))?,
            Mark::Line(c) => top.draw(&PathElement::new(
                vec![(x, 17), (x + 14, 17)],
                c.stroke_width(2),
            ))?,
            Mark::Dot(c) => top.draw(&Circle::new((x + 7, 17), 4, c.filled()))?,
        }
        x -= 18;
    }
    Ok(rest)
}

/// An axis number without needless decimals: 1, 2.5, 0.25.
fn tidy(value: &f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// Key entries for the directions present.
fn direction_key(
    present: impl Fn(Direction) -> bool,
    mark: fn(RGBColor) -> Mark,
) -> Vec<(Mark, String)> {
    DIRECTIONS
        .iter()
        .filter(|d| present(**d))
        .map(|d| (mark(colour(*d)), d.name().to_string()))
        .collect()
}

/// Value range with a margin, robust to a few wild samples (0.5 and 99.5
/// percentiles of the envelope).
fn robust_range(mut lows: Vec<f64>, mut highs: Vec<f64>) -> (f64, f64) {
    lows.retain(|v| v.is_finite());
    highs.retain(|v| v.is_finite());
    lows.sort_by(f64::total_cmp);
    highs.sort_by(f64::total_cmp);
    let low = lows.get(lows.len() / 200).copied().unwrap_or(-1.0);
    let high = highs
        .get(highs.len().saturating_sub(1 + highs.len() / 200))
        .copied()
        .unwrap_or(1.0);
    let (low, high) = (low.min(-1.0), high.max(1.0));
    let pad = 0.08 * (high - low);
    (low - pad, high + pad)
}

/// Whole recording: the vertical acceleration's envelope, bouts shaded by
/// direction, steps marked along the top.
struct Overview<'a> {
    analysis: &'a Analysis,
    duration_s: f64,
    axis: TimeAxis,
}

impl Figure for Overview<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDE, 300)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let envelope = &self.analysis.traces.envelope;
        let scale = self.axis.seconds;
        let x_max = (self.duration_s / scale).max(1e-6);
        let (y_min, y_max) = robust_range(
            envelope.iter().map(|b| b.min as f64).collect(),
            envelope.iter().map(|b| b.max as f64).collect(),
        );
        let bouts = &self.analysis.bouts;
        let mut key = direction_key(
            |d| bouts.iter().any(|b| b.direction == d),
            |c| Mark::Swatch(tint(c, 0.22)),
        );
        for (_, text) in &mut key {
            text.push_str(" bout");
        }
        let area = heading(
            root,
            "Whole recording: vertical acceleration, walking bouts and steps",
            &key,
        )?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(0.0..x_max, y_min..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_label_formatter(&tidy)
            .x_desc(format!("time ({})", self.axis.unit))
            .y_label_formatter(&tidy)
            .y_desc("vertical acc. (m/s²)")
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        for direction in DIRECTIONS {
            let fill = tint(colour(direction), 0.22).filled();
            let bouts: Vec<_> = self
                .analysis
                .bouts
                .iter()
                .filter(|b| b.direction == direction)
                .collect();
            if bouts.is_empty() {
                continue;
            }
            chart.draw_series(bouts.iter().map(|b| {
                // At least a pixel wide, so short bouts of a long recording show.
                let width = (x_max / WIDE as f64).max((b.end_s - b.start_s) / scale);
                Rectangle::new(
                    [
                        (b.start_s / scale, y_min),
                        (b.start_s / scale + width, y_max),
                    ],
                    fill,
                )
            }))?;
        }
        // The envelope as filled bands: through the bins' middles when they
        // are wider than a pixel column (short recordings), else gathered per
        // column (long ones). A gap in the data breaks the band.
        let columns = WIDE as usize;
        let bin_s = crate::gait::traces::ENVELOPE_BIN_S;
        let column_of = |t: f64| ((t / scale / x_max) * columns as f64).max(0.0) as usize;
        // (position for adjacency, x, low, high)
        let mut points: Vec<(u64, f64, f64, f64)> = Vec::new();
        if envelope.len() <= columns {
            for bin in envelope {
                let x = (bin.bin as f64 + 0.5) * bin_s / scale;
                points.push((bin.bin as u64, x, bin.min as f64, bin.max as f64));
            }
        } else {
            let mut per_column = vec![(f64::INFINITY, f64::NEG_INFINITY); columns];
            for bin in envelope {
                let column = column_of((bin.bin as f64 + 0.5) * bin_s).min(columns - 1);
                if let Some(c) = per_column.get_mut(column) {
                    c.0 = c.0.min(bin.min as f64);
                    c.1 = c.1.max(bin.max as f64);
                }
            }
            for (k, &(low, high)) in per_column.iter().enumerate() {
                if low <= high {
                    let x = (k as f64 + 0.5) / columns as f64 * x_max;
                    points.push((k as u64, x, low, high));
                }
            }
        }
        let mut runs: Vec<Vec<(f64, f64, f64)>> = Vec::new();
        let mut previous: Option<u64> = None;
        for (position, x, low, high) in points {
            let point = (x, low.clamp(y_min, y_max), high.clamp(y_min, y_max));
            match runs.last_mut() {
                Some(run) if previous.is_some_and(|p| p + 1 == position) => run.push(point),
                _ => runs.push(vec![point]),
            }
            previous = Some(position);
        }
        let ink = RGBColor(60, 60, 60);
        chart.draw_series(runs.iter().map(|run| {
            let upper = run.iter().map(|&(x, _, high)| (x, high));
            let lower = run.iter().rev().map(|&(x, low, _)| (x, low));
            Polygon::new(upper.chain(lower).collect::<Vec<_>>(), ink.filled())
        }))?;
        // A stroke per point, so a run of one still shows.
        chart.draw_series(runs.iter().flatten().map(|&(x, low, high)| {
            PathElement::new(vec![(x, low), (x, high)], ink.stroke_width(1))
        }))?;
        // Steps: a tick per pixel column holding a step, in its direction's colour.
        let mut ticks: Vec<(usize, Direction)> = self
            .analysis
            .steps
            .iter()
            .map(|s| {
                (
                    ((s.time_s / scale / x_max) * columns as f64) as usize,
                    s.direction,
                )
            })
            .collect();
        ticks.dedup();
        let tick_low = y_max - 0.07 * (y_max - y_min);
        chart.draw_series(ticks.iter().map(|(k, direction)| {
            let x = (*k as f64 + 0.5) / columns as f64 * x_max;
            PathElement::new(
                vec![(x, tick_low), (x, y_max)],
                colour(*direction).stroke_width(1),
            )
        }))?;
        Ok(())
    }
}

/// A few seconds inside the longest bout, with the detected steps.
struct Zoom<'a> {
    analysis: &'a Analysis,
    zoom: &'a crate::gait::traces::ZoomWindow,
}

impl Figure for Zoom<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDE, 280)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let zoom = self.zoom;
        let (start, end) = (zoom.start_s, zoom.end_s());
        let values: Vec<f64> = zoom.vertical_acc.iter().map(|v| *v as f64).collect();
        let (y_min, y_max) = robust_range(values.clone(), values.clone());
        let steps = &self.analysis.steps;
        let inside = |d: Direction| {
            steps
                .iter()
                .any(|s| s.direction == d && s.time_s >= start && s.time_s < end)
        };
        let mut key = vec![(
            Mark::Line(RGBColor(60, 60, 60)),
            "vertical acceleration".to_string(),
        )];
        for (mark, name) in direction_key(inside, Mark::Dot) {
            key.push((mark, format!("initial contact, {name}")));
        }
        let area = heading(
            root,
            &format!("Detected steps on the signal, {start:.0}–{end:.0} s (longest bout)"),
            &key,
        )?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(start..end, y_min..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_label_formatter(&tidy)
            .x_desc("time (s)")
            .y_label_formatter(&tidy)
            .y_desc("vertical acc. (m/s²)")
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        chart.draw_series(LineSeries::new(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (start + i as f64 / zoom.rate_hz, v.clamp(y_min, y_max))),
            RGBColor(60, 60, 60).stroke_width(1),
        ))?;
        for direction in DIRECTIONS {
            let steps: Vec<(f64, f64)> = self
                .analysis
                .steps
                .iter()
                .filter(|s| s.direction == direction && s.time_s >= start && s.time_s < end)
                .map(|s| {
                    let i = ((s.time_s - start) * zoom.rate_hz).round() as usize;
                    let v = values.get(i).copied().unwrap_or(0.0).clamp(y_min, y_max);
                    (s.time_s, v)
                })
                .collect();
            if steps.is_empty() {
                continue;
            }
            let c = colour(direction);
            chart.draw_series(steps.iter().map(|&(t, _)| {
                PathElement::new(vec![(t, y_min), (t, y_max)], c.mix(0.5).stroke_width(1))
            }))?;
            chart.draw_series(steps.iter().map(|&p| Circle::new(p, 4, c.filled())))?;
        }
        Ok(())
    }
}

/// Bouts on a time line, one row per direction.
struct Timeline<'a> {
    analysis: &'a Analysis,
    duration_s: f64,
    axis: TimeAxis,
}

impl Figure for Timeline<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDE, 190)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let scale = self.axis.seconds;
        let x_max = (self.duration_s / scale).max(1e-6);
        let area = heading(root, "Walking direction over time", &[])?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .x_label_area_size(42)
            .y_label_area_size(86)
            .build_cartesian_2d(0.0..x_max, 0.0..3.0)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .y_labels(7)
            .y_label_formatter(&|y: &f64| {
                let row = *y - y.floor();
                if (row - 0.5).abs() > 0.01 {
                    return String::new();
                }
                match *y as usize {
                    2 => "forward".into(),
                    1 => "backward".into(),
                    0 => "unknown".into(),
                    _ => String::new(),
                }
            })
            .x_label_formatter(&tidy)
            .x_desc(format!("time ({})", self.axis.unit))
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        chart.draw_series(self.analysis.bouts.iter().map(|b| {
            let row = match b.direction {
                Direction::Forward => 2.0,
                Direction::Backward => 1.0,
                Direction::Unknown => 0.0,
            };
            let width = (x_max / WIDE as f64).max((b.end_s - b.start_s) / scale);
            Rectangle::new(
                [
                    (b.start_s / scale, row + 0.15),
                    (b.start_s / scale + width, row + 0.85),
                ],
                colour(b.direction).filled(),
            )
        }))?;
        Ok(())
    }
}

/// Cadence over time: per bout, over windows of about 10 s.
struct Cadence<'a> {
    analysis: &'a Analysis,
    duration_s: f64,
    axis: TimeAxis,
}

/// A cadence window: ((start, end) s, cadence spm).
type CadenceWindow = ((f64, f64), f64);

/// ((start, end) s, cadence spm) for each ~10-s window of each
/// bout, with the bout's direction.
fn cadence_windows(analysis: &Analysis) -> Vec<(Direction, Vec<CadenceWindow>)> {
    let steps_per_contact = if analysis.placement.is_some_and(|p| p.is_foot()) {
        2.0
    } else {
        1.0
    };
    let mut out = Vec::new();
    let mut first = 0;
    for bout in &analysis.bouts {
        let times: Vec<f64> = analysis.steps[first..]
            .iter()
            .take_while(|s| s.bout == bout.bout)
            .map(|s| s.time_s)
            .collect();
        first += times.len();
        if times.len() < 3 {
            continue;
        }
        let interval = bout.duration_s / (times.len() - 1) as f64;
        let per_window = ((10.0 / interval.max(1e-3)).round() as usize).clamp(3, times.len());
        let mut points = Vec::new();
        let mut k = 0;
        while k + 1 < times.len() {
            let mut end = (k + per_window).min(times.len() - 1);
            // A short tail joins this window rather than standing alone on a few steps.
            if times.len() - 1 - end < per_window / 2 {
                end = times.len() - 1;
            }
            let span = times[end] - times[k];
            if span > 0.0 {
                points.push((
                    (times[k], times[end]),
                    steps_per_contact * 60.0 * (end - k) as f64 / span,
                ));
            }
            k = end;
        }
        out.push((bout.direction, points));
    }
    out
}

impl Figure for Cadence<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDE, 280)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let scale = self.axis.seconds;
        let x_max = (self.duration_s / scale).max(1e-6);
        let windows = cadence_windows(self.analysis);
        let values: Vec<f64> = windows
            .iter()
            .flat_map(|(_, p)| p.iter().map(|q| q.1))
            .collect();
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (y_min, y_max) = if low <= high {
            ((low - 10.0).max(0.0).floor(), (high + 10.0).ceil())
        } else {
            (60.0, 140.0)
        };
        let key = direction_key(|d| windows.iter().any(|(w, _)| *w == d), Mark::Line);
        let area = heading(root, "Cadence over time (windows of about 10 s)", &key)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(0.0..x_max, y_min..y_max)?;
        chart
            .configure_mesh()
            .x_label_formatter(&tidy)
            .x_desc(format!("time ({})", self.axis.unit))
            .y_labels(8)
            .y_label_formatter(&tidy)
            .y_desc("cadence (steps/min)")
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(220, 220, 220))
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        for direction in DIRECTIONS {
            let c = colour(direction);
            for (_, points) in windows.iter().filter(|(d, _)| *d == direction) {
                // Each window a level over its span, joined within the bout.
                let steps: Vec<(f64, f64)> = points
                    .iter()
                    .flat_map(|((from, to), v)| [(from / scale, *v), (to / scale, *v)])
                    .collect();
                chart.draw_series(LineSeries::new(steps, c.stroke_width(3)))?;
            }
        }
        Ok(())
    }
}

/// Distribution of one per-step value, forward vs backward (and unknown).
struct Distribution {
    title: String,
    x_desc: String,
    /// What is counted: steps, or a foot sensor's contacts (strides).
    y_desc: &'static str,
    series: Vec<(Direction, Vec<f64>)>,
}

impl Figure for Distribution {
    fn size(&self) -> (u32, u32) {
        (490, 300)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let mut all: Vec<f64> = self
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        all.sort_by(f64::total_cmp);
        // 1st to 99th percentile: a single outlier does not squash the rest.
        let low = all.get(all.len() / 100).copied().unwrap_or(0.0);
        let high = all
            .get(all.len().saturating_sub(1 + all.len() / 100))
            .copied()
            .unwrap_or(1.0);
        let width = ((high - low) / 24.0).max(1e-3);
        let bins = 26usize;
        let x_min = low - width;
        let x_max = x_min + bins as f64 * width;
        let shares: Vec<(Direction, Vec<f64>)> = self
            .series
            .iter()
            .map(|(d, values)| {
                let mut counts = vec![0.0; bins];
                for v in values {
                    let k = ((v - x_min) / width).floor().clamp(0.0, (bins - 1) as f64) as usize;
                    counts[k] += 1.0;
                }
                let n = values.len().max(1) as f64;
                (*d, counts.iter().map(|c| 100.0 * c / n).collect())
            })
            .collect();
        let y_max = shares
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .fold(1.0, f64::max)
            * 1.15;
        let key: Vec<(Mark, String)> = self
            .series
            .iter()
            .map(|(d, v)| {
                (
                    Mark::Swatch(colour(*d)),
                    format!("{} ({})", d.name(), v.len()),
                )
            })
            .collect();
        let area = heading(root, &self.title, &key)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .margin_right(22)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(x_min..x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(&self.x_desc)
            .y_labels(6)
            .y_label_formatter(&tidy)
            .x_label_formatter(&tidy)
            .y_desc(self.y_desc)
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(220, 220, 220))
            .x_labels(6)
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        for ((direction, share), (_, values)) in shares.iter().zip(&self.series) {
            let c = colour(*direction);
            let _ = values;
            chart.draw_series(share.iter().enumerate().filter(|(_, s)| **s > 0.0).map(
                |(k, s)| {
                    let x0 = x_min + k as f64 * width;
                    Rectangle::new([(x0, 0.0), (x0 + width, *s)], c.mix(0.45).filled())
                },
            ))?;
            // Outline so overlapping bars stay readable.
            chart.draw_series(share.iter().enumerate().filter(|(_, s)| **s > 0.0).map(
                |(k, s)| {
                    let x0 = x_min + k as f64 * width;
                    Rectangle::new([(x0, 0.0), (x0 + width, *s)], c.stroke_width(1))
                },
            ))?;
        }
        Ok(())
    }
}

/// One bar per bout: speed when known, else cadence.
struct PerBout<'a> {
    analysis: &'a Analysis,
}

impl PerBout<'_> {
    fn uses_speed(&self) -> bool {
        self.analysis.bouts.iter().any(|b| b.speed_mps.is_some())
    }
}

impl Figure for PerBout<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDE, 280)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let speed = self.uses_speed();
        let value = |b: &crate::gait::analysis::Bout| {
            if speed {
                b.speed_mps
            } else {
                Some(b.cadence_spm)
            }
        };
        let n = self.analysis.bouts.len();
        let top = self
            .analysis
            .bouts
            .iter()
            .filter_map(value)
            .fold(if speed { 0.5 } else { 60.0 }, f64::max)
            * 1.15;
        let (title, y_desc) = if speed {
            ("Mean speed per bout", "speed (m/s)")
        } else {
            ("Cadence per bout", "cadence (steps/min)")
        };
        let bouts = &self.analysis.bouts;
        let key = direction_key(|d| bouts.iter().any(|b| b.direction == d), Mark::Swatch);
        let area = heading(root, title, &key)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(10)
            .margin_top(4)
            .x_label_area_size(42)
            .y_label_area_size(58)
            .build_cartesian_2d(0.5..n as f64 + 0.5, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(30))
            .x_label_formatter(&|x: &f64| {
                if (x - x.round()).abs() < 0.01 && *x >= 1.0 {
                    format!("{}", x.round() as usize)
                } else {
                    String::new()
                }
            })
            .x_desc("bout")
            .y_label_formatter(&tidy)
            .y_desc(y_desc)
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(220, 220, 220))
            .label_style(("sans-serif", LABEL_FONT))
            .axis_desc_style(("sans-serif", AXIS_FONT))
            .draw()?;
        for direction in DIRECTIONS {
            let c = colour(direction);
            let bars: Vec<(usize, f64)> = self
                .analysis
                .bouts
                .iter()
                .enumerate()
                .filter(|(_, b)| b.direction == direction)
                .filter_map(|(k, b)| value(b).map(|v| (k + 1, v)))
                .collect();
            if bars.is_empty() {
                continue;
            }
            chart.draw_series(bars.iter().map(|&(k, v)| {
                Rectangle::new([(k as f64 - 0.35, 0.0), (k as f64 + 0.35, v)], c.filled())
            }))?;
        }
        Ok(())
    }
}

/// A rendered figure: SVG, PNG and pixel size.
type Rendered = (String, Vec<u8>, (u32, u32));

/// Every plot [`session_plots`] can make, in report order.
pub const PLOT_NAMES: [&str; 7] = [
    "overview",
    "zoom",
    "direction_timeline",
    "cadence",
    "step_time",
    "step_length",
    "per_bout",
];

/// Most bouts a per-bout bar chart shows (beyond that the bars are unreadable).
pub const PER_BOUT_MAX: usize = 60;

/// The session's plots, in report order. Plots without data are left out
/// (e.g. no zoom without walking, no step-length distribution without lengths).
pub fn session_plots(analysis: &Analysis, duration_s: f64) -> Vec<SessionPlot> {
    let axis = time_axis(duration_s);
    let mut plots = Vec::new();
    let mut add = |name: &'static str, caption: String, figure: &dyn Fn() -> Option<Rendered>| {
        if let Some((svg, png, size)) = figure() {
            plots.push(SessionPlot {
                name,
                caption,
                size,
                svg,
                png,
            });
        }
    };
    fn with_size<F: Figure>(f: F) -> Option<Rendered> {
        let size = f.size();
        render(&f).map(|(svg, png)| (svg, png, size))
    }
    add(
        "overview",
        "The whole recording: vertical acceleration (gravity removed; min–max per 0.25 s), walking bouts shaded by direction, detected steps as ticks along the top.".into(),
        &|| with_size(Overview { analysis, duration_s, axis }),
    );
    if let Some(zoom) = &analysis.traces.zoom {
        add(
            "zoom",
            "A few seconds of the longest bout: each dot is a detected initial contact.".into(),
            &|| with_size(Zoom { analysis, zoom }),
        );
    }
    if !analysis.bouts.is_empty() {
        add(
            "direction_timeline",
            "Walking bouts over time, by direction.".into(),
            &|| {
                with_size(Timeline {
                    analysis,
                    duration_s,
                    axis,
                })
            },
        );
        add(
            "cadence",
            "Cadence over time, per bout in windows of about 10 s.".into(),
            &|| {
                with_size(Cadence {
                    analysis,
                    duration_s,
                    axis,
                })
            },
        );
    }
    let foot = analysis.placement.is_some_and(|p| p.is_foot());
    let by_direction = |value: &dyn Fn(usize) -> Option<f64>| -> Vec<(Direction, Vec<f64>)> {
        DIRECTIONS
            .iter()
            .map(|d| {
                let values: Vec<f64> = (0..analysis.steps.len())
                    .filter(|&i| analysis.steps[i].direction == *d)
                    .filter_map(value)
                    .filter(|v| v.is_finite())
                    .collect();
                (*d, values)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    let counted = if foot {
        "share of contacts (%)"
    } else {
        "share of steps (%)"
    };
    // Step time; for a foot sensor the interval between its own contacts (a stride).
    let steps = &analysis.steps;
    let intervals = by_direction(&|i| {
        if foot {
            let previous = steps.get(i.checked_sub(1)?)?;
            let step = steps.get(i)?;
            (previous.bout == step.bout).then_some(step.time_s - previous.time_s)
        } else {
            steps.get(i)?.step_time_s
        }
    });
    if !intervals.is_empty() {
        let (title, x_desc) = if foot {
            ("Stride time", "stride time (s)")
        } else {
            ("Step time", "step time (s)")
        };
        add(
            "step_time",
            format!(
                "Distribution of {}, by direction (share of each direction's steps or, for a foot sensor, contacts).",
                x_desc.trim_end_matches(" (s)")
            ),
            &|| {
                with_size(Distribution {
                    title: title.into(),
                    x_desc: x_desc.into(),
                    y_desc: counted,
                    series: intervals.clone(),
                })
            },
        );
    }
    let lengths = by_direction(&|i| steps.get(i)?.step_length_m);
    if !lengths.is_empty() {
        add(
            "step_length",
            "Distribution of step length, by direction (share of each direction's steps or, for a foot sensor, contacts).".into(),
            &|| {
                with_size(Distribution {
                    title: "Step length".into(),
                    x_desc: "step length (m)".into(),
                    y_desc: counted,
                    series: lengths.clone(),
                })
            },
        );
    }
    if (2..=PER_BOUT_MAX).contains(&analysis.bouts.len()) {
        add(
            "per_bout",
            "One bar per bout, coloured by direction.".into(),
            &|| with_size(PerBout { analysis }),
        );
    }
    plots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_plots_use_the_listed_names() {
        let plots = crate::sim::simulate(&crate::sim::SimOptions {
            pattern: crate::sim::parse_pattern("F20,S5,B20").unwrap(),
            rate_hz: 50.0,
            seed: 3,
            standing_s: 3.0,
            upright: true,
        })
        .unwrap();
        let mut acc = crate::recording::VectorStream::with_capacity(plots.time_s.len());
        let mut gyro = crate::recording::VectorStream::with_capacity(plots.time_s.len());
        for ((t, a), w) in plots.time_s.iter().zip(&plots.acc).zip(&plots.gyro) {
            acc.push(*t, *a);
            gyro.push(*t, *w);
        }
        let recording = crate::Recording::from_streams(acc, Some(gyro));
        let options = crate::gait::analysis::AnalysisOptions {
            placement: Some(crate::gait::analysis::Placement::LowerBack),
            forward_axis: Some([0.0, 0.0, -1.0]),
            ..Default::default()
        };
        let analysis = crate::gait::analysis::analyze(&recording, &options).unwrap();
        let made = session_plots(&analysis, recording.duration_s());
        let names: Vec<&str> = made.iter().map(|p| p.name).collect();
        // No step length without a height: no step-length distribution.
        assert_eq!(
            names,
            [
                "overview",
                "zoom",
                "direction_timeline",
                "cadence",
                "step_time",
                "per_bout"
            ]
        );
        assert!(names.iter().all(|n| PLOT_NAMES.contains(n)));
        for plot in &made {
            assert!(plot.svg.starts_with("<svg") && plot.png.starts_with(b"\x89PNG"));
        }
    }

    #[test]
    fn bland_altman_plots_are_svg_with_their_lines() {
        let pairs = [(100.0, 101.0), (110.0, 109.5), (95.0, 97.0), (120.0, 120.5)];
        let svg = bland_altman_svg("Cadence", "steps/min", &pairs).expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(svg.contains("bias +0.750"), "bias label");
        assert!(svg.contains("Cadence"));
        assert!(bland_altman_svg("x", "m", &[(1.0, 1.0)]).is_none());
    }
}
