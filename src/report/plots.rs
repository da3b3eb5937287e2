//! Plots (plotters, SVG, with a bundled font so no system font is needed).
//! All plotters code lives here: its font API may change between versions.

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

#[cfg(test)]
mod tests {
    use super::*;

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
