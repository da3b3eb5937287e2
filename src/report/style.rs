//! The look every output shares: the direction colours (plots, HTML, one
//! pair everywhere), the page CSS of the session and trend reports, the time
//! axis unit for a recording's length, and how durations and numbers are
//! written for people.

use crate::gait::analysis::Direction;

/// Colour of a direction, RGB: Okabe–Ito blue (forward) and vermillion
/// (backward), a pair told apart with any colour vision; grey for unknown.
pub fn direction_rgb(direction: Direction) -> (u8, u8, u8) {
    let Rgb(r, g, b) = match direction {
        Direction::Forward => FORWARD_COLOUR,
        Direction::Backward => BACKWARD_COLOUR,
        Direction::Unknown => UNKNOWN_COLOUR,
    };
    (r, g, b)
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

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// CSS hex, `#0072b2`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Forward walking: Okabe–Ito blue. With [`BACKWARD_COLOUR`] a pair told apart
/// with any colour vision (Okabe & Ito 2008), and in greyscale (different lightness).
pub const FORWARD_COLOUR: Rgb = Rgb(0x00, 0x72, 0xB2);
/// Backward walking: Okabe–Ito vermillion.
pub const BACKWARD_COLOUR: Rgb = Rgb(0xD5, 0x5E, 0x00);
/// Walking of unknown direction: grey.
pub const UNKNOWN_COLOUR: Rgb = Rgb(0x8C, 0x8C, 0x8C);

/// The page CSS of the session report and the trend report; `FWD`, `BWD` and `UNK` stand for the direction colours (see [`css`]).
/// Screen: max 1060 px wide; print: A4 portrait, tables and figures not split,
/// colours kept; a section of class `wide` prints on A4 landscape pages.
pub const CSS: &str = r#"
:root { --fwd: FWD; --bwd: BWD; --unk: UNK; --ink: #222; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; padding: 24px 28px; max-width: 1060px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 14px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .big { font-size: 26px; font-weight: bold; }
.card .sub { color: var(--muted); font-size: 12px; }
.split { display: flex; height: 12px; border-radius: 6px; overflow: hidden; margin-top: 6px; background: #eee; }
.split span { display: block; height: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table.narrow, table#directions, table.energy { width: auto; min-width: 55%; }
table#directions td, table.energy td { min-width: 110px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: #f4f4f4; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
td.dir, th.dir { text-align: left; }
td.text, th.text { text-align: left; white-space: normal; overflow-wrap: anywhere; }
table.compact { font-size: 11px; }
table.compact th, table.compact td { padding: 3px 4px; }
td.left, th.left { text-align: left; }
table.compact tr.units th { font-weight: normal; color: var(--muted); }
th.group { text-align: center; }
.scroll { overflow-x: auto; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 12px; }
.forward { background: var(--fwd); } .backward { background: var(--bwd); } .unknown { background: var(--unk); }
th.col-forward { color: var(--fwd); } th.col-backward { color: var(--bwd); } th.col-unknown { color: var(--unk); }
.key { display: flex; gap: 18px; margin: 4px 0 10px; font-size: 13px; }
.key i { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 5px; }
figure { margin: 0 0 18px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
ul.notes { margin: 0; padding-left: 20px; }
ul.notes li { margin-bottom: 3px; }
.warn { color: #8a3b00; }
.note { color: var(--muted); font-size: 12px; }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 6px; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  figure, .cards, .card, tr, dl.meta, .key { break-inside: avoid; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  section.wide { page: wide; }
  .scroll { overflow: visible; }
  table.compact { font-size: 7.5pt; }
  th { background: #f4f4f4 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .badge, .split span, .key i { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// [`CSS`] with the direction colours filled in.
pub fn css() -> String {
    CSS.replace("FWD", &FORWARD_COLOUR.hex())
        .replace("BWD", &BACKWARD_COLOUR.hex())
        .replace("UNK", &UNKNOWN_COLOUR.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_css_holds_the_direction_colours_and_no_placeholder() {
        let css = css();
        assert!(css.contains("--fwd: #0072b2;") && css.contains("--bwd: #d55e00;"));
        assert!(!css.contains("FWD") && !css.contains("BWD") && !css.contains("UNK"));
        assert_ne!(FORWARD_COLOUR, BACKWARD_COLOUR);
    }
}

#[cfg(test)]
mod report_tests {
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
