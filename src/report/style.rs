//! The look every HTML output shares: the direction colours (plots and HTML,
//! one pair everywhere) and the page CSS. Kept in one place so the session
//! report and the trend report look the same.

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

/// The page CSS; `FWD`, `BWD` and `UNK` stand for the direction colours (see [`css`]).
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
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table.narrow { width: auto; min-width: 55%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: #f4f4f4; font-weight: 600; }
th:first-child, td:first-child { text-align: left; }
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
  figure, tr, dl.meta, .key { break-inside: avoid; }
  section.wide { page: wide; }
  .scroll { overflow: visible; }
  table.compact { font-size: 7.5pt; }
  th { background: #f4f4f4 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .badge, .key i { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
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
