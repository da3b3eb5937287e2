//! The plots of the trend report (plotters, SVG text, bundled font): weekly
//! bars, forward-vs-backward figures over time, 3-metre backward walk times.
//! The x axis of the time plots is days since 1970-01-01 (local), labelled with dates.
//! Legends are drawn above the plotting area, so they never hide data.

use crate::report::plots::register_bundled_font;
use crate::report::style::{Rgb, BACKWARD_COLOUR, FORWARD_COLOUR};
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;

const FONT: &str = "sans-serif";
const TITLE_SIZE: u32 = 16;
const LABEL_SIZE: u32 = 13;
/// Pixels above the plotting area for the title and the legend.
const HEADER_PX: u32 = 34;

fn rgb(colour: Rgb) -> RGBColor {
    RGBColor(colour.0, colour.1, colour.2)
}

/// The date of a day number, `2026-03-02`.
pub fn date_of_day(day: f64) -> String {
    if !day.is_finite() {
        return String::new();
    }
    jiff::Timestamp::from_second((day * 86_400.0).floor() as i64)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
}

/// A marker shape, so the directions differ in print without colour too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled triangle.
    Triangle,
    /// An open circle.
    Ring,
}

/// One series of a time plot: name (legend), colour, marker, points (day, value).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's text.
    pub name: String,
    /// Its colour.
    pub colour: Rgb,
    /// Its marker.
    pub marker: Marker,
    /// Join the points with a line.
    pub line: bool,
    /// (day number, value) points, in day order.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// The forward series of a figure (blue circles joined by a line).
    pub fn forward(points: Vec<(f64, f64)>) -> Series {
        Series {
            name: "forward".into(),
            colour: FORWARD_COLOUR,
            marker: Marker::Circle,
            line: true,
            points,
        }
    }

    /// The backward series of a figure (vermillion triangles joined by a line).
    pub fn backward(points: Vec<(f64, f64)>) -> Series {
        Series {
            name: "backward".into(),
            colour: BACKWARD_COLOUR,
            marker: Marker::Triangle,
            line: true,
            points,
        }
    }
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    marker: Marker,
    colour: RGBColor,
) {
    let _ = match marker {
        Marker::Circle => area.draw(&Circle::new(at, 4, colour.filled())),
        Marker::Ring => area.draw(&Circle::new(at, 4, colour.stroke_width(2))),
        Marker::Triangle => area.draw(&TriangleMarker::new(at, 6, colour.filled())),
    };
}

/// Title at the top left, legend entries at the top right (pixel coordinates of `root`).
fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(&str, Rgb, Marker)],
) {
    let _ = root.draw(&Text::new(
        title.to_string(),
        (10, 8),
        (FONT, TITLE_SIZE).into_font().color(&BLACK),
    ));
    let width = root.dim_in_pixel().0 as i32;
    let mut x = width - 12;
    for (name, colour, marker) in legend.iter().rev() {
        let text_width = (name.chars().count() as i32) * 7 + 4;
        x -= text_width;
        let _ = root.draw(&Text::new(
            name.to_string(),
            (x + 2, 10),
            (FONT, LABEL_SIZE).into_font().color(&BLACK),
        ));
        draw_marker(root, (x - 10, 17), *marker, rgb(*colour));
        if *marker != Marker::Ring {
            let _ = root.draw(&PathElement::new(
                vec![(x - 22, 17), (x + 2 - 4, 17)],
                rgb(*colour).stroke_width(1),
            ));
        }
        x -= 36;
    }
}

/// A padded value range that includes `values` (and 0 when `from_zero`).
fn value_range(values: impl Iterator<Item = f64>, from_zero: bool) -> Option<(f64, f64)> {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !low.is_finite() {
        return None;
    }
    if from_zero {
        let top = if high > 0.0 { high * 1.15 } else { 1.0 };
        return Some((0.0, top));
    }
    let span = high - low;
    let pad = if span > 0.0 {
        span * 0.15
    } else {
        (high.abs() * 0.1).max(0.05)
    };
    Some((low - pad, high + pad))
}

/// The x range of time plots covering `days`, padded (at least a week wide).
pub fn day_range(days: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (low, high) = days
        .filter(|d| d.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !low.is_finite() {
        return None;
    }
    let pad = ((high - low) * 0.05).max(1.0);
    let (low, high) = (low - pad, high + pad);
    let missing = (7.0 - (high - low)).max(0.0) / 2.0;
    Some((low - missing, high + missing))
}

/// Axis labels without needless decimals: `1`, `0.5`, `0.25`.
fn tidy(value: &f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Mondays (day numbers) within `range`, every k-th so that at most `most` remain:
/// the date axis is labelled on week starts, as the weeks are ISO weeks.
fn mondays(range: (f64, f64), most: usize) -> Vec<f64> {
    if !(range.0.is_finite() && range.1.is_finite()) || range.1 < range.0 {
        return Vec::new();
    }
    // 1970-01-01 was a Thursday: day d is a Monday when (d + 3) % 7 == 0.
    let mut first = range.0.ceil() as i64;
    first += (7 - (first + 3).rem_euclid(7)) % 7;
    let last = range.1.floor() as i64;
    if first > last {
        return Vec::new();
    }
    let count = ((last - first) / 7 + 1) as usize;
    let every = count.div_ceil(most.max(1)).max(1) as i64;
    (0..)
        .map(|k| first + k * 7 * every)
        .take_while(|d| *d <= last)
        .map(|d| d as f64)
        .collect()
}

/// Weekly bars. `labels` name every week of the axis (weeks without sessions
/// included); `bars` are (week index, value) of the weeks with sessions.
/// `None` without any bar.
pub fn weekly_bars_svg(
    title: &str,
    y_desc: &str,
    labels: &[String],
    bars: &[(usize, f64)],
    colour: Rgb,
    decimals: usize,
) -> Option<String> {
    let count = labels.len();
    if bars.is_empty() || count == 0 {
        return None;
    }
    register_bundled_font();
    let (_, top) = value_range(bars.iter().map(|w| w.1), true)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (520, 320)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        header(&root, title, &[]);
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_top(HEADER_PX)
            .x_label_area_size(46)
            .y_label_area_size(58)
            // A plotters integer range includes its end: 0..count-1 is `count` segments.
            .build_cartesian_2d((0..(count as i32 - 1)).into_segmented(), 0.0..top)
            .ok()?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_desc("ISO week (Monday to Sunday)")
            .y_desc(y_desc)
            // At most 8 labelled weeks (plotters picks evenly spaced ones).
            .x_labels(8)
            .y_label_formatter(&tidy)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| labels.get(i).cloned())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .label_style((FONT, LABEL_SIZE))
            .axis_desc_style((FONT, LABEL_SIZE))
            .draw()
            .ok()?;
        let fill = rgb(colour);
        let margin = if count > 20 { 1 } else { 6 };
        chart
            .draw_series(bars.iter().map(|w| {
                let i = w.0 as i32;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), w.1),
                    ],
                    fill.filled(),
                );
                bar.set_margin(0, 0, margin, margin);
                bar
            }))
            .ok()?;
        if count <= 16 {
            chart
                .draw_series(bars.iter().map(|w| {
                    Text::new(
                        format!("{:.*}", decimals, w.1),
                        (SegmentValue::CenterOf(w.0 as i32), w.1 + top * 0.015),
                        (FONT, 12).into_font().color(&BLACK).pos(
                            plotters::style::text_anchor::Pos::new(
                                plotters::style::text_anchor::HPos::Center,
                                plotters::style::text_anchor::VPos::Bottom,
                            ),
                        ),
                    )
                }))
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

/// Figures over time: every series as markers (joined by a thin line when
/// asked) on a date axis over `x_range` (day numbers). `None` when no series
/// has a point.
pub fn time_series_svg(
    title: &str,
    y_desc: &str,
    series: &[Series],
    x_range: (f64, f64),
    from_zero: bool,
) -> Option<String> {
    let (low, high) = value_range(
        series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
        from_zero,
    )?;
    register_bundled_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 290)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let legend: Vec<(&str, Rgb, Marker)> = series
            .iter()
            .filter(|s| !s.points.is_empty())
            .map(|s| (s.name.as_str(), s.colour, s.marker))
            .collect();
        header(&root, title, &legend);
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(24)
            .margin_top(HEADER_PX)
            .x_label_area_size(42)
            .y_label_area_size(66)
            .build_cartesian_2d(x_range.0..x_range.1, low..high)
            .ok()?;
        chart
            .configure_mesh()
            .x_desc("date of the session (ticks on Mondays)")
            .y_desc(y_desc)
            // The dates are drawn below on Mondays (the weeks are ISO weeks).
            .x_labels(0)
            .disable_x_mesh()
            .y_label_formatter(&tidy)
            .label_style((FONT, LABEL_SIZE))
            .axis_desc_style((FONT, LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .ok()?;
        let centred = plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        );
        for monday in mondays(x_range, 8) {
            chart
                .draw_series(LineSeries::new(
                    [(monday, low), (monday, high)],
                    BLACK.mix(0.15).stroke_width(1),
                ))
                .ok()?;
            let (x, y) = chart.backend_coord(&(monday, low));
            root.draw(&PathElement::new(vec![(x, y), (x, y + 5)], BLACK))
                .ok()?;
            root.draw(&Text::new(
                date_of_day(monday),
                (x, y + 8),
                (FONT, LABEL_SIZE).into_font().color(&BLACK).pos(centred),
            ))
            .ok()?;
        }
        for s in series {
            let colour = rgb(s.colour);
            if s.line && s.points.len() > 1 {
                chart
                    .draw_series(LineSeries::new(
                        s.points.iter().copied(),
                        colour.mix(0.6).stroke_width(1),
                    ))
                    .ok()?;
            }
            let marker = s.marker;
            chart
                .draw_series(s.points.iter().map(|p| -> DynElement<_, _> {
                    match marker {
                        Marker::Circle => Circle::new(*p, 4, colour.filled()).into_dyn(),
                        Marker::Ring => Circle::new(*p, 4, colour.stroke_width(2)).into_dyn(),
                        Marker::Triangle => TriangleMarker::new(*p, 6, colour.filled()).into_dyn(),
                    }
                }))
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_bars_are_svg_with_labels_and_units() {
        let labels = ["2026-W10".to_string(), "2026-W11".into(), "2026-W12".into()];
        let svg = weekly_bars_svg(
            "Backward walking per week",
            "backward walking (min)",
            &labels,
            &[(0, 3.5), (2, 1.25)],
            BACKWARD_COLOUR,
            1,
        )
        .expect("svg");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("2026-W10") && svg.contains("2026-W11") && svg.contains("2026-W12"));
        assert!(svg.contains("backward walking (min)"));
        assert!(
            svg.to_lowercase().contains("#d55e00"),
            "the backward colour"
        );
        assert!(weekly_bars_svg("x", "y", &labels, &[], BACKWARD_COLOUR, 0).is_none());
    }

    #[test]
    fn time_series_have_both_directions_and_dates() {
        let day = 20_514.0; // 2026-03-02
        let series = [
            Series::forward(vec![(day, 110.0), (day + 7.0, 112.0)]),
            Series::backward(vec![(day + 7.0, 90.0)]),
        ];
        let range = day_range([day, day + 7.0].into_iter()).unwrap();
        let svg =
            time_series_svg("Cadence", "cadence (steps/min)", &series, range, false).expect("svg");
        assert!(svg.contains("forward") && svg.contains("backward"));
        assert!(svg.contains("2026-03-0"), "date labels");
        assert!(svg.to_lowercase().contains("#0072b2"));
        let empty = [Series::forward(vec![]), Series::backward(vec![])];
        assert!(time_series_svg("x", "y", &empty, range, false).is_none());
    }

    #[test]
    fn ranges_are_never_empty() {
        assert_eq!(value_range([2.0].into_iter(), true), Some((0.0, 2.3)));
        let (a, b) = value_range([1.0, 1.0].into_iter(), false).unwrap();
        assert!(a < 1.0 && b > 1.0);
        let (a, b) = day_range([100.0].into_iter()).unwrap();
        assert!(b - a >= 7.0 - 1e-9);
        assert_eq!(date_of_day(20_514.5), "2026-03-02");
        // 2026-03-02 is a Monday (day 20514).
        assert_eq!(
            mondays((20_513.5, 20_530.0), 8),
            [20_514.0, 20_521.0, 20_528.0]
        );
        assert_eq!(mondays((20_513.5, 20_530.0), 2), [20_514.0, 20_528.0]);
        assert!(mondays((20_515.0, 20_520.0), 8).is_empty());
        assert_eq!(tidy(&0.5), "0.5");
        assert_eq!(tidy(&100.0), "100");
    }
}
