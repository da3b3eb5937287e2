//! `report.html`: one self-contained page (inline CSS and SVG, no script, no
//! network) that prints on A4. Built from the summary (every number shown is
//! the one in `summary.json`), the analysis (per-bout table) and the plots.
//! Every string that comes from the input (file names, reader messages) is escaped.

use crate::gait::analysis::{Analysis, Direction};
use crate::gait::energy::DEFAULT_MASS_KG;
use crate::report::plots::SessionPlot;
use crate::report::style::{clock_text, duration_text, number_text};
use crate::report::tables::{DirectionBlock, Summary};
use std::fmt::Write as _;

/// Most bouts listed in the report's table (all are in `bouts.csv`).
pub const BOUT_ROWS_MAX: usize = 300;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A figure tagged with the summary field it shows: `data-field` names the
/// field, `data-value` holds its exact value (tests compare both to summary.json).
fn field(name: &str, value: Option<f64>, text: &str) -> String {
    let raw = value.map_or_else(|| "null".to_string(), |v| format!("{v}"));
    format!(
        "<span data-field=\"{}\" data-value=\"{}\">{}</span>",
        escape(name),
        raw,
        escape(text)
    )
}

/// An inline SVG: the `xmlns` attribute dropped (HTML needs none), so the
/// page holds no URI at all.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

fn direction_blocks(summary: &Summary) -> Vec<(Direction, &'static str, &DirectionBlock)> {
    let mut blocks = vec![
        (Direction::Forward, "forward", &summary.forward),
        (Direction::Backward, "backward", &summary.backward),
    ];
    if summary.unknown_direction.bouts > 0 {
        blocks.push((
            Direction::Unknown,
            "unknown_direction",
            &summary.unknown_direction,
        ));
    }
    blocks
}

fn header(out: &mut String, summary: &Summary) {
    let title = summary
        .inputs
        .first()
        .map(|i| {
            std::path::Path::new(&i.path)
                .file_name()
                .map_or(i.path.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "recording".into());
    let _ = write!(
        out,
        "<header id=\"header\"><h1>Walking session report</h1><p class=\"lead\">{}</p><dl class=\"meta\">",
        escape(&title)
    );
    let mut row = |name: &str, value: String| {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(name), value);
    };
    let inputs: Vec<String> = summary.inputs.iter().map(|i| escape(&i.path)).collect();
    row("input", inputs.join("<br>"));
    let format_name = crate::recording::Format::from_id(summary.format)
        .map_or(summary.format.to_string(), |f| {
            format!("{} ({})", f.name(), f.id())
        });
    row("format", escape(&format_name));
    let recording = &summary.recording;
    row(
        "placement",
        format!(
            "{} <span class=\"note\">({})</span>",
            escape(recording.placement.unwrap_or("unknown")),
            escape(&recording.placement_source)
        ),
    );
    row(
        "recorded",
        match &recording.start_time {
            Some(start) => format!(
                "{}, {}",
                escape(start),
                field(
                    "recording.duration_s",
                    Some(recording.duration_s),
                    &duration_text(recording.duration_s)
                )
            ),
            None => format!(
                "start time unknown, {}",
                field(
                    "recording.duration_s",
                    Some(recording.duration_s),
                    &duration_text(recording.duration_s)
                )
            ),
        },
    );
    row("analysis rate", format!("{} Hz", recording.rate_hz));
    let subject = &summary.subject;
    let mut measures = Vec::new();
    for (name, value) in [
        ("height", subject.height_m),
        ("sensor height", subject.sensor_height_m),
        ("leg length", subject.leg_length_m),
    ] {
        if let Some(v) = value {
            measures.push(format!("{name} {v:.2} m"));
        }
    }
    measures.push(match subject.mass_kg {
        Some(m) => format!("mass {m:.1} kg"),
        None => format!("mass not given: {DEFAULT_MASS_KG:.0} kg assumed for energy"),
    });
    row("subject", escape(&measures.join(", ")));
    row("retrogait", format!("version {}", escape(summary.version)));
    out.push_str("</dl></header>\n");
}

fn headline(out: &mut String, summary: &Summary) {
    let walking = &summary.walking;
    out.push_str("<section id=\"headline\"><h2>At a glance</h2><div class=\"cards\">");
    let card = |out: &mut String, label: &str, big: String, sub: String| {
        let _ = write!(
            out,
            "<div class=\"card\"><div class=\"label\">{}</div><div class=\"big\">{}</div><div class=\"sub\">{}</div></div>",
            escape(label),
            big,
            sub
        );
    };
    card(
        out,
        "walking time",
        field(
            "walking.time_s",
            Some(walking.time_s),
            &duration_text(walking.time_s),
        ),
        format!(
            "in {} bout{}",
            field(
                "walking.bouts",
                Some(walking.bouts as f64),
                &walking.bouts.to_string()
            ),
            if walking.bouts == 1 { "" } else { "s" }
        ),
    );
    card(
        out,
        "steps",
        field(
            "walking.steps",
            Some(walking.steps as f64),
            &walking.steps.to_string(),
        ),
        if summary.gait_quality.interval == "stride" {
            "two per contact of the sensor's foot".into()
        } else {
            "initial contacts".into()
        },
    );
    card(
        out,
        "distance",
        field(
            "walking.distance_m",
            walking.distance_m,
            &walking
                .distance_m
                .map_or("–".into(), |d| format!("{d:.0} m")),
        ),
        if walking.distance_m.is_some() {
            match (walking.net_distance_m, summary.backward.distance_m) {
                // The net differs from the sum only where some walking was backward.
                (Some(net), Some(_)) => format!(
                    "sum of step lengths; net {} along the facing (forward − backward)",
                    field("walking.net_distance_m", Some(net), &format!("{net:+.0} m"))
                ),
                _ => "sum of step lengths".into(),
            }
        } else {
            "no step-length model for this placement".into()
        },
    );
    let (forward, backward) = (summary.forward.time_s, summary.backward.time_s);
    let total = walking.time_s.max(1e-9);
    let share = |t: f64| 100.0 * t / total;
    let unknown = (walking.time_s - forward - backward).max(0.0);
    let decided = forward + backward > 0.0;
    card(
        out,
        "forward / backward",
        if decided {
            format!(
                "{} / {}",
                field("forward.time_s", Some(forward), &format!("{:.0} %", share(forward))),
                field("backward.time_s", Some(backward), &format!("{:.0} %", share(backward)))
            )
        } else {
            format!(
                "{}{}",
                field("forward.time_s", Some(forward), ""),
                field("backward.time_s", Some(backward), "unknown")
            )
        },
        format!(
            "{}<div class=\"split\"><span class=\"forward\" style=\"width:{:.2}%\"></span><span class=\"backward\" style=\"width:{:.2}%\"></span><span class=\"unknown\" style=\"width:{:.2}%\"></span></div>",
            if !decided {
                "direction not decided (see the quality notes)".to_string()
            } else if unknown >= 0.5 {
                format!("of walking time, {:.0} % unknown", share(unknown))
            } else {
                "of walking time".to_string()
            },
            share(forward),
            share(backward),
            share(unknown)
        ),
    );
    out.push_str("</div>\n");
    // Forward vs backward.
    let blocks = direction_blocks(summary);
    out.push_str("<h2>Forward vs backward</h2><table id=\"directions\"><thead><tr><th></th>");
    for (direction, _, _) in &blocks {
        let _ = write!(out, "<th class=\"col-{0}\">{0}</th>", direction.name());
    }
    out.push_str("</tr></thead><tbody>");
    type Row = (
        &'static str,
        &'static str,
        fn(&DirectionBlock) -> (Option<f64>, String),
    );
    let rows: [Row; 8] = [
        ("time", "time_s", |b| {
            (Some(b.time_s), duration_text(b.time_s))
        }),
        ("bouts", "bouts", |b| {
            (Some(b.bouts as f64), b.bouts.to_string())
        }),
        ("steps", "steps", |b| {
            (Some(b.steps as f64), b.steps.to_string())
        }),
        ("cadence (steps/min)", "cadence_spm", |b| {
            (b.cadence_spm, number_text(b.cadence_spm, 1))
        }),
        ("step length (m)", "step_length_m", |b| {
            (b.step_length_m, number_text(b.step_length_m, 2))
        }),
        ("speed (m/s)", "speed_mps", |b| {
            (b.speed_mps, number_text(b.speed_mps, 2))
        }),
        ("distance (m)", "distance_m", |b| {
            (b.distance_m, number_text(b.distance_m, 0))
        }),
        ("energy (kcal)", "", |_| (None, String::new())),
    ];
    for (label, key, get) in rows {
        let _ = write!(out, "<tr><td>{label}</td>");
        for (direction, block_key, block) in &blocks {
            if key.is_empty() {
                let energy = match direction {
                    Direction::Forward => &summary.energy.forward,
                    Direction::Backward => &summary.energy.backward,
                    Direction::Unknown => &summary.energy.unknown_direction,
                };
                let _ = write!(
                    out,
                    "<td>{}</td>",
                    field(
                        &format!("energy.{block_key}.kcal"),
                        energy.kcal,
                        &number_text(energy.kcal, 0)
                    )
                );
                continue;
            }
            let (value, text) = get(block);
            let _ = write!(
                out,
                "<td>{}</td>",
                field(&format!("{block_key}.{key}"), value, &text)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>\n");
}

fn plots_section(out: &mut String, plots: &[SessionPlot]) {
    out.push_str("<section id=\"plots\"><h2>Plots</h2><div class=\"key\">");
    for d in [Direction::Forward, Direction::Backward, Direction::Unknown] {
        let _ = write!(out, "<span><i class=\"{0}\"></i>{0}</span>", d.name());
    }
    out.push_str("</div>");
    if plots.is_empty() {
        out.push_str("<p>No plots.</p>");
    }
    let mut pending_pair: Option<&SessionPlot> = None;
    let figure = |p: &SessionPlot| {
        format!(
            "<figure id=\"plot-{}\">{}<figcaption>{}</figcaption></figure>",
            p.name,
            inline_svg(&p.svg),
            escape(&p.caption)
        )
    };
    for plot in plots {
        // The two distributions sit side by side.
        let pairable = matches!(plot.name, "step_time" | "step_length");
        match (pairable, pending_pair.take()) {
            (true, Some(first)) => {
                let _ = write!(
                    out,
                    "<div class=\"pair\">{}{}</div>",
                    figure(first),
                    figure(plot)
                );
            }
            (true, None) => pending_pair = Some(plot),
            (false, previous) => {
                if let Some(first) = previous {
                    let _ = write!(out, "<div class=\"pair\">{}</div>", figure(first));
                }
                out.push_str(&figure(plot));
            }
        }
    }
    if let Some(first) = pending_pair {
        // Alone, it still takes half the width (its fonts match the others').
        let _ = write!(out, "<div class=\"pair\">{}</div>", figure(first));
    }
    out.push_str("</section>\n");
}

fn bouts_section(out: &mut String, summary: &Summary, analysis: &Analysis) {
    let foot = analysis.placement.is_some_and(|p| p.is_foot());
    out.push_str("<section id=\"bouts\"><h2>Bouts</h2>");
    if analysis.bouts.is_empty() {
        out.push_str("<p>No walking was found in this recording.</p></section>\n");
        return;
    }
    out.push_str("<table><thead><tr><th>bout</th><th>start</th><th>duration</th><th class=\"dir\">direction</th><th>confidence</th><th>");
    out.push_str(if foot { "contacts" } else { "steps" });
    out.push_str("</th><th>cadence<br>(steps/min)</th><th>");
    out.push_str(if foot {
        "stride time CV"
    } else {
        "step time CV"
    });
    out.push_str("</th><th>step length<br>(m)</th><th>speed<br>(m/s)</th><th>distance<br>(m)</th><th title=\"along the body's facing: negative backward\">signed speed<br>(m/s)</th><th title=\"along the body's facing: negative backward\">signed distance<br>(m)</th><th>MET</th><th>kcal</th></tr></thead><tbody>");
    for (k, bout) in analysis.bouts.iter().take(BOUT_ROWS_MAX).enumerate() {
        let energy = summary.energy.bouts.get(k);
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"dir\"><span class=\"badge {}\">{}</span></td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            bout.bout,
            clock_text(bout.start_s),
            duration_text(bout.duration_s),
            bout.direction.name(),
            bout.direction.name(),
            number_text(bout.direction_confidence, 2),
            bout.n_steps,
            bout.cadence_spm,
            number_text(bout.step_time_cv.map(|v| 100.0 * v), 1) + if bout.step_time_cv.is_some() { " %" } else { "" },
            number_text(bout.step_length_m, 2),
            number_text(bout.speed_mps, 2),
            number_text(bout.distance_m, 1),
            number_text(bout.signed_speed_mps(), 2),
            number_text(bout.signed_distance_m(), 1),
            number_text(energy.and_then(|e| e.met), 1),
            number_text(energy.and_then(|e| e.kcal), 1),
        );
    }
    out.push_str("</tbody></table>");
    if analysis.bouts.len() > BOUT_ROWS_MAX {
        let _ = write!(
            out,
            "<p class=\"note\">The first {BOUT_ROWS_MAX} of {} bouts; all are in bouts.csv.</p>",
            analysis.bouts.len()
        );
    }
    if foot {
        out.push_str("<p class=\"note\">A foot sensor sees its own foot's contacts: each is one stride; cadence counts two steps per contact.</p>");
    }
    out.push_str("</section>\n");
}

fn energy_section(out: &mut String, summary: &Summary) {
    let energy = &summary.energy;
    out.push_str("<section id=\"energy\"><h2>Energy</h2>");
    let mass = field(
        "energy.mass_kg",
        Some(energy.mass_kg),
        &format!(
            "{:.1} kg ({})",
            energy.mass_kg,
            if energy.mass_source == "default" {
                "not given: the default; pass --mass"
            } else {
                "given"
            }
        ),
    );
    let _ = match energy.total_kcal {
        Some(kcal) => write!(
            out,
            "<p>Estimated energy of the walking: {} (gross: MET × body mass × hours) over {} of {} bouts; body mass {mass}.</p>",
            field("energy.total_kcal", Some(kcal), &format!("{kcal:.0} kcal")),
            energy.bouts_estimated,
            summary.walking.bouts,
        ),
        None => write!(
            out,
            "<p>{}Energy not estimated: it needs each bout's walking speed, and no bout has one (speed needs a step-length model: lower back with the subject's height, or a foot sensor). Body mass {mass}.</p>",
            field("energy.total_kcal", None, ""),
        ),
    };
    out.push_str("<table class=\"energy\"><thead><tr><th></th><th>time estimated</th><th>mean MET</th><th>kcal</th></tr></thead><tbody>");
    for (name, block) in [
        ("forward", &energy.forward),
        ("backward", &energy.backward),
        ("unknown direction", &energy.unknown_direction),
    ]
    .into_iter()
    .filter(|(name, _)| *name != "unknown direction" || summary.unknown_direction.bouts > 0)
    {
        let _ = write!(
            out,
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            duration_text(block.time_s),
            number_text(block.met, 1),
            number_text(block.kcal, 0)
        );
    }
    let _ = write!(
        out,
        "</tbody></table><p class=\"note\">{}</p><p class=\"note\">These are population estimates from the Compendium of Physical Activities (Ainsworth et al. 2011), not a measurement of this person: a person's energy cost differs with fitness, body build, footwear and surface.</p></section>",
        escape(&energy.method)
    );
    out.push('\n');
}

fn quality_section(out: &mut String, summary: &Summary, analysis: &Analysis) {
    out.push_str("<section id=\"quality\"><h2>Quality notes</h2><ul class=\"notes\">");
    for warning in &summary.warnings {
        let _ = write!(out, "<li class=\"warn\">Warning: {}</li>", escape(warning));
    }
    // Guesses that change numbers (units, rates, gravity, time); the format
    // and number syntax guesses are in summary.json.
    let matters = |topic: &str| {
        ["unit", "rate", "gravity", "time", "sign"]
            .iter()
            .any(|k| topic.contains(k))
    };
    for guess in summary.reader_guesses.iter().filter(|g| matters(&g.topic)) {
        let _ = write!(
            out,
            "<li>Guessed by the reader: {} = {} ({})</li>",
            escape(&guess.topic),
            escape(&guess.value),
            escape(&guess.reason)
        );
    }
    let unsure: Vec<String> = analysis
        .bouts
        .iter()
        .filter(|b| b.direction_confidence.is_some_and(|c| c < 0.5))
        .map(|b| b.bout.to_string())
        .collect();
    if !unsure.is_empty() {
        let _ = write!(
            out,
            "<li>Direction decided with low confidence (&lt; 0.5) in bout{} {}.</li>",
            if unsure.len() > 1 { "s" } else { "" },
            escape(
                &unsure
                    .iter()
                    .take(30)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
    }
    let unknown = analysis
        .bouts
        .iter()
        .filter(|b| b.direction == Direction::Unknown)
        .count();
    if unknown > 0 {
        let _ = write!(
            out,
            "<li>Walking direction unknown in {unknown} of {} bouts: retrogait decides the direction for foot sensors, and for trunk and thigh sensors whose forward axis is given (--forward-axis); short bouts (fewer than 3 contacts) stay unknown.</li>",
            analysis.bouts.len()
        );
    }
    for note in &summary.notes {
        let _ = write!(out, "<li>{}</li>", escape(note));
    }
    out.push_str("</ul></section>\n");
}

/// The whole report page.
pub fn report_html(summary: &Summary, analysis: &Analysis, plots: &[SessionPlot]) -> String {
    let mut out =
        String::with_capacity(64 * 1024 + plots.iter().map(|p| p.svg.len()).sum::<usize>());
    let title = summary
        .inputs
        .first()
        .map(|i| i.path.as_str())
        .unwrap_or("recording");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>retrogait report: {}</title><style>{}</style></head><body>\n",
        escape(title),
        crate::report::style::css()
    );
    header(&mut out, summary);
    headline(&mut out, summary);
    plots_section(&mut out, plots);
    bouts_section(&mut out, summary, analysis);
    energy_section(&mut out, summary);
    quality_section(&mut out, summary, analysis);
    let _ = write!(
        out,
        "<footer>retrogait {}: the figures are in summary.json, bouts.csv and steps.csv beside this file; the plots also as PNG and SVG in plots/.</footer>\n</body></html>\n",
        escape(summary.version)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn inline_svg_carries_no_uri() {
        let svg = "<svg width=\"1\" height=\"1\" viewBox=\"0 0 1 1\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>";
        assert!(!inline_svg(svg).contains("http"));
    }
}
